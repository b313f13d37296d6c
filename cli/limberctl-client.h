/* LimberClient: a typed client for limberd over the gdbus-codegen proxy.
 *
 * The commands talk to this and never see a GVariant: the container types
 * the interface returns (aa{sv}, a(sxxuuuu), a(xssxss), a(suuuu)) are turned
 * into plain structs here, in one place, so that a change in the XML breaks
 * one file. */
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

/* One local calendar day of GetDays(). */
typedef struct {
  char   *date;                    /* YYYY-MM-DD */
  gint64  sitting_seconds;
  gint64  longest_sitting_seconds;
  guint   completed;
  guint   snoozed;
  guint   skipped;                 /* skipped or dismissed */
  guint   natural;
} LimberDay;

/* One logged event of GetEvents(). */
typedef struct {
  gint64  ts;
  char   *kind;
  char   *stretch;  /* NULL when the event has none */
  gint64  seconds;
  char   *uuid;
  char   *host;
} LimberEvent;

/* One stretch's tally over a period, from GetStretchCounts(). */
typedef struct {
  char  *id;        /* NULL for events logged without a stretch */
  guint  completed;
  guint  snoozed;
  guint  skipped;   /* skipped or dismissed */
  guint  abandoned;
} LimberStretchCount;

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
/* Properties.Get of DailyGoal alone: cheaper than loading every property
 * for the one a history needs. */
gboolean       limber_client_get_daily_goal (LimberClient *client,
                                             guint        *out_goal,
                                             GError      **error);

/* The records below take a @host: NULL or "" means every host. Dates are
 * YYYY-MM-DD, local, both ends included. */

/* GPtrArray of LimberDay, oldest first, one per day from @from to @to. */
GPtrArray     *limber_client_get_days      (LimberClient *client,
                                            const char   *from,
                                            const char   *to,
                                            const char   *host,
                                            GError      **error);
/* GPtrArray of LimberStretchCount, most completed first. */
GPtrArray     *limber_client_get_stretch_counts (LimberClient *client,
                                                 const char   *from,
                                                 const char   *to,
                                                 const char   *host,
                                                 GError      **error);
gboolean       limber_client_get_streaks   (LimberClient *client,
                                            const char   *host,
                                            guint        *out_current,
                                            guint        *out_best,
                                            GError      **error);
/* GPtrArray of LimberEvent, newest first; @since 0 means no lower bound. */
GPtrArray     *limber_client_get_events    (LimberClient *client,
                                            gint64        since,
                                            guint         limit,
                                            const char   *host,
                                            GError      **error);
/* Every host in the history, sorted; @out_this_host (optional) gets the
 * name limberd records under, which may have no records yet. */
GStrv          limber_client_get_hosts     (LimberClient *client,
                                            char        **out_this_host,
                                            GError      **error);

/* Export and Import hand limberd a file descriptor (a duplicate of @fd is
 * sent; @fd stays the caller's). They wait as long as limberd needs: a
 * history of years is written or read in one call. */
gboolean       limber_client_export        (LimberClient *client,
                                            int           fd,
                                            gint64        since,
                                            guint        *out_events,
                                            guint        *out_spells,
                                            GError      **error);
/* @out_problems gets one "line N: message" per line that was skipped. */
gboolean       limber_client_import        (LimberClient *client,
                                            int           fd,
                                            guint        *out_added,
                                            guint        *out_known,
                                            GStrv        *out_problems,
                                            GError      **error);

/* Signals, with LIMBER_CLIENT_FLAGS_WATCH only:
 *   "event"          (gint64 ts, const char *kind, const char *stretch or NULL, gint64 seconds)
 *   "state-changed"  (const char *state)
 *   "daemon-changed" (gboolean running)  limberd left or (re)took the bus name
 *   "disconnected"   (const char *reason) the session bus itself went away */

G_END_DECLS
