/* The daemon: the context object that wires config, catalogue, store,
 * tracker, activity source, notifier and service together. It owns the one
 * timer limberd has (the tracker's next wakeup) and turns the tracker's
 * answers into notifications, records and D-Bus properties. */
#pragma once

#include "limber-catalogue.h"
#include "limber-store.h"

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  const char *config_path;    /* NULL: $XDG_CONFIG_HOME/limber/limber.conf */
  const char *db_path;        /* NULL: $XDG_DATA_HOME/limber/limber.db */
  const char *catalogue_path; /* NULL: see limber_daemon_default_catalogue_path() */
  const char *overrides_dir;  /* NULL: $XDG_CONFIG_HOME/limber/stretches.d */
} LimberDaemonOptions;

#define LIMBER_TYPE_DAEMON (limber_daemon_get_type ())
G_DECLARE_FINAL_TYPE (LimberDaemon, limber_daemon, LIMBER, DAEMON, GObject)

/* Reads the config, the catalogue and the database. Fails when the
 * catalogue or the database cannot be used at all. */
LimberDaemon *limber_daemon_new (const LimberDaemonOptions *options,
                                 GError                   **error);

/* Exports the service on @bus; requests are answered from then on. */
gboolean limber_daemon_export (LimberDaemon    *self,
                               GDBusConnection *bus,
                               GError         **error);
/* Starts watching activity and the clock, and showing reminders: called
 * once the bus name is ours, so a second limberd never prompts. */
void     limber_daemon_start  (LimberDaemon *self);
/* Saves what must survive a restart and lets go of the bus. */
void     limber_daemon_stop  (LimberDaemon *self);

/* $LIMBER_DATA_DIR/stretches.ini, else the installed catalogue, else the
 * source tree's (running uninstalled from a build directory). */
char *limber_daemon_default_catalogue_path (void);

/* The requests the service forwards, arguments already checked. A snooze
 * or pause of -1 means the configured snooze / until resumed. */
gboolean  limber_daemon_snooze  (LimberDaemon *self, gint64 seconds, GError **error);
gboolean  limber_daemon_pause   (LimberDaemon *self, gint64 seconds, GError **error);
gboolean  limber_daemon_resume  (LimberDaemon *self, GError **error);
char     *limber_daemon_prompt  (LimberDaemon *self, const char *stretch_id, GError **error);
char     *limber_daemon_done    (LimberDaemon *self, const char *stretch_id, GError **error);
/* While a guided stretch runs, done() completes it early and skip() stops
 * it (logged `abandoned`). */
gboolean  limber_daemon_skip    (LimberDaemon *self, GError **error);
/* Starts the guided stretch: @stretch_id, else the pending one, else one by
 * rotation. Returns the id. */
char     *limber_daemon_start_guide (LimberDaemon *self, const char *stretch_id, GError **error);
GStrv     limber_daemon_reload  (LimberDaemon *self);
GArray   *limber_daemon_history (LimberDaemon *self, guint days, GError **error);
/* The local days @from..@to of @host (NULL: all hosts), with the sitting
 * spell running now counted in. */
GArray   *limber_daemon_days    (LimberDaemon *self, const GDate *from, const GDate *to,
                                 const char *host, GError **error);
guint     limber_daemon_get_daily_goal (LimberDaemon *self);
/* Records came from elsewhere (an import): publish today's count again. */
void      limber_daemon_history_changed (LimberDaemon *self);

LimberCatalogue *limber_daemon_get_catalogue (LimberDaemon *self);
LimberStore     *limber_daemon_get_store     (LimberDaemon *self);

G_END_DECLS
