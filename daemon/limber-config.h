/* The config: $XDG_CONFIG_HOME/limber/limber.conf, a GKeyFile with fixed
 * keys (DESIGN.md "Config", limber.conf(5)).
 *
 * Loading never fails: every bad line or value is reported as
 * "FILE:LINE: [group] key: message" in @warnings, that key keeps its
 * default, and everything else in the file still applies. */
#pragma once

#include <glib.h>

#include "limber-schedule.h"

G_BEGIN_DECLS

/* [notifications] dismiss: what closing a reminder without choosing an
 * action means. */
typedef enum {
  LIMBER_DISMISS_SKIP,   /* the break is declined: logged as dismissed */
  LIMBER_DISMISS_SNOOZE, /* the same as the Snooze action */
} LimberDismissAction;

typedef struct {
  gint64 interval;      /* seconds, 5s..24h, default 45m */
  gint64 natural_break; /* seconds, 5s..24h, default 5m */
  gint64 snooze;        /* seconds, 5s..24h, default 10m */
  guint  max_snoozes;   /* 0..100, default 3 (0: the first reminder is critical) */
  guint  daily_goal;    /* 1..100, default 8 */
  char **places;        /* [stretches] places, subset of doorway, floor, anywhere; default all three */
  char  *backend;       /* [activity] backend: auto, mutter, wayland, x11, screensaver
                         * or none; default auto */
  LimberSchedule schedule; /* [schedule] days= and hours=; default every day, all day */
  LimberDismissAction dismiss; /* [notifications] dismiss; default skip */
  gboolean sound;       /* [notifications] sound: ask for a sound at each phase of a
                         * guided stretch; default TRUE */
  char  *host;          /* [history] host: the name records are written under; default
                         * the machine's host name, at most 64 characters */
} LimberConfig;

LimberConfig *limber_config_new_default (void);
/* A missing file gives the defaults and no warning. @warnings holds
 * g_strdup'd strings (use g_ptr_array_new_with_free_func (g_free)). */
LimberConfig *limber_config_load        (const char *path,
                                         GPtrArray  *warnings);
void          limber_config_free        (LimberConfig *config);

/* The default path: $XDG_CONFIG_HOME/limber/limber.conf. */
char *limber_config_default_path (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimberConfig, limber_config_free)

G_END_DECLS
