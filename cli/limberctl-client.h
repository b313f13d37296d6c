/* LimberClient: a typed client for limberd over the gdbus-codegen proxy.
 *
 * The commands talk to this and never see a GVariant: the container types
 * the interface returns (aa{sv}, a(sxxuuuu), a(xssx)) are turned into plain
 * structs here, in one place, so that a change in the XML breaks one file. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  LIMBER_CLIENT_FLAGS_NONE       = 0,
  /* Load every property while connecting (one GetAll): what status needs. */
  LIMBER_CLIENT_FLAGS_PROPERTIES = 1 << 0,
  /* Follow Event signals and property changes: what monitor needs.
   * Implies LIMBER_CLIENT_FLAGS_PROPERTIES. */
  LIMBER_CLIENT_FLAGS_WATCH      = 1 << 1,
} LimberClientFlags;

/* The daemon's properties at one moment. The strings are never NULL and
 * belong to the client; they stay valid until its property cache changes. */
typedef struct {
  const char *state;
  gint64      sitting_since;   /* 0 while away or paused */
  gint64      next_break_at;   /* 0 while paused or away */
  gint64      paused_until;    /* 0 not paused, -1 until resumed */
  const char *pending_stretch; /* "" when none */
  const char *phase;           /* the guided stretch's phase; "" when none */
  guint       snooze_count;
  guint       completed_today;
  guint       daily_goal;
  gint64      interval;
  gint64      snooze_seconds;
  const char *backend;
  const char *backend_reason;
  const char *version;
  const char *const *warnings; /* never NULL */
} LimberStatus;

typedef struct {
  char   *id;
  char   *name;
  char   *place;
  char   *summary;
  gint64  hold_seconds;
  guint   repetitions;
  guint   sides;
  GStrv   steps;        /* never NULL */
  gint64  guided_seconds; /* the guided stretch's length; 0 when not told */
  GStrv   precautions;  /* never NULL; empty from limber_client_get_stretches() */
  GStrv   tips;         /* never NULL; empty from limber_client_get_stretches() */
} LimberStretch;

void limber_stretch_free (LimberStretch *stretch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimberStretch, limber_stretch_free)

/* One local calendar day of GetHistory(). */
typedef struct {
  char   *date;                    /* YYYY-MM-DD */
  gint64  sitting_seconds;
  gint64  longest_sitting_seconds;
  guint   completed;
  guint   snoozed;
  guint   skipped;                 /* skipped or dismissed */
  guint   natural;
} LimberDay;

/* One logged event of GetLog(). */
typedef struct {
  gint64  ts;
  char   *kind;
  char   *stretch;  /* NULL when the event has none */
  gint64  seconds;
} LimberEvent;

#define LIMBER_TYPE_CLIENT (limber_client_get_type ())
G_DECLARE_FINAL_TYPE (LimberClient, limber_client, LIMBER, CLIENT, GObject)

/* Connects to limberd on the session bus, starting it through D-Bus
 * activation when it is not running. Any error here means the daemon could
 * not be reached. */
LimberClient *limber_client_new (LimberClientFlags flags,
                                 GError          **error);

/* TRUE when @error says the daemon could not be reached (no bus, no owner,
 * activation failed, no reply) rather than that it refused the request. */
gboolean limber_client_error_is_unreachable (const GError *error);

/* Fills @out from the property cache; fails when the daemon has not
 * reported its properties (its State is unknown). */
gboolean limber_client_get_status (LimberClient *client,
                                   LimberStatus *out,
                                   GError      **error);

/* Reads every property again. Needed after a method call: the daemon's
 * PropertiesChanged may arrive after the method's reply, or (without
 * LIMBER_CLIENT_FLAGS_WATCH) not at all. */
gboolean limber_client_refresh (LimberClient *client,
                                GError      **error);

/* @seconds is -1 for the configured snooze / a pause until resumed. */
gboolean limber_client_snooze (LimberClient *client,
                               gint64        seconds,
                               GError      **error);
gboolean limber_client_pause  (LimberClient *client,
                               gint64        seconds,
                               GError      **error);
gboolean limber_client_resume (LimberClient *client,
                               GError      **error);
gboolean limber_client_skip   (LimberClient *client,
                               GError      **error);

/* @stretch NULL lets the daemon choose. Both return the id the daemon
 * used; done's is "" when nothing was pending and no id was given. */
/* Starts the guided stretch; returns the id started. */
char *limber_client_start (LimberClient *client,
                           const char   *stretch,
                           GError      **error);
char *limber_client_break (LimberClient *client,
                           const char   *stretch,
                           GError      **error);
char *limber_client_done  (LimberClient *client,
                           const char   *stretch,
                           GError      **error);

/* Returns the problems found, one line each (an empty vector when none). */
GStrv limber_client_reload (LimberClient *client,
                            GError      **error);

/* GPtrArray of LimberStretch, in catalogue order. */
GPtrArray     *limber_client_get_stretches (LimberClient *client,
                                            GError      **error);
LimberStretch *limber_client_get_stretch   (LimberClient *client,
                                            const char   *id,
                                            GError      **error);
/* GPtrArray of LimberDay, oldest first. */
GPtrArray     *limber_client_get_history   (LimberClient *client,
                                            guint         days,
                                            GError      **error);
/* GPtrArray of LimberEvent, newest first. */
GPtrArray     *limber_client_get_log       (LimberClient *client,
                                            guint         limit,
                                            GError      **error);

/* Signals, with LIMBER_CLIENT_FLAGS_WATCH only:
 *   "event"          (gint64 ts, const char *kind, const char *stretch or NULL, gint64 seconds)
 *   "state-changed"  (const char *state)
 *   "daemon-changed" (gboolean running)  limberd left or (re)took the bus name
 *   "disconnected"   (const char *reason) the session bus itself went away */

G_END_DECLS
