/* The store: Limber's SQLite file (DESIGN.md "Storage"; the schema for
 * users is in docs/database.md).
 *
 * Tables (schema version 2, PRAGMA user_version = 2):
 *   events(id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, kind TEXT NOT NULL,
 *          stretch TEXT, seconds INTEGER NOT NULL DEFAULT 0,
 *          uuid TEXT (unique), host TEXT)
 *   spells(id INTEGER PRIMARY KEY, start_ts INTEGER NOT NULL, end_ts INTEGER NOT NULL,
 *          uuid TEXT (unique), host TEXT)
 *   state(key TEXT PRIMARY KEY, value)            -- what survives a restart
 * All times are Unix seconds, UTC. uuid and host let the histories of
 * several computers merge (limber-exchange.h); every row has both. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Event kinds (the `kind` column). */
#define LIMBER_EVENT_DUE       "due"
#define LIMBER_EVENT_COMPLETED "completed"
#define LIMBER_EVENT_SNOOZED   "snoozed"
#define LIMBER_EVENT_SKIPPED   "skipped"
#define LIMBER_EVENT_DISMISSED "dismissed"
#define LIMBER_EVENT_NATURAL   "natural"
#define LIMBER_EVENT_PAUSED    "paused"
#define LIMBER_EVENT_RESUMED   "resumed"
#define LIMBER_EVENT_ABANDONED "abandoned" /* a guided stretch stopped midway */

typedef struct {
  gint64 ts;
  char  *kind;
  char  *stretch; /* NULL when none */
  gint64 seconds; /* snooze or pause length, natural break length, how long
                   * a guided stretch took; 0 otherwise */
  char  *uuid;
  char  *host;
} LimberEvent;

void limber_event_clear (LimberEvent *event);

/* One local calendar day of history. */
typedef struct {
  char   date[11];        /* YYYY-MM-DD, local time */
  gint64 sitting_seconds;
  gint64 longest_sitting_seconds;
  guint  completed;
  guint  snoozed;
  guint  skipped;         /* skipped + dismissed */
  guint  natural;
} LimberDay;

/* What the daemon saves so a restart picks up where it was. Times are Unix
 * seconds; -1 means "none"; paused_until G_MAXINT64 means until resumed. */
typedef struct {
  char  *state;          /* limber_state_to_string() */
  gint64 spell_start;
  gint64 due_at;
  gint64 paused_until;
  guint  snoozes_in_row;
  char  *pending_stretch; /* NULL when none */
  gint64 saved_at;
  char  *boot_id;         /* the kernel's boot id when saved; NULL when unknown */
  gboolean clean_stop;    /* saved by an orderly shutdown, not mid-run */
} LimberSavedState;

void limber_saved_state_clear (LimberSavedState *state);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LimberSavedState, limber_saved_state_clear)

#define LIMBER_TYPE_STORE (limber_store_get_type ())
G_DECLARE_FINAL_TYPE (LimberStore, limber_store, LIMBER, STORE, GObject)

/* Opens (creating folder 0700 and file 0600 when missing) and migrates.
 * A file that is not a usable SQLite database is renamed to
 * PATH.corrupt-<unix time> and a fresh one is created; the warning is kept
 * for limber_store_get_recovery_note(). @host is the name new records are
 * written under (and that records from before hosts were kept get). */
LimberStore *limber_store_open (const char *path,
                                const char *host,
                                GError    **error);

const char *limber_store_get_path          (LimberStore *self);
const char *limber_store_get_host          (LimberStore *self);
/* For records written from now on ([history] host changed by a reload). */
void        limber_store_set_host          (LimberStore *self,
                                            const char  *host);
/* Non-NULL when open() moved a corrupt file aside: a sentence for the user. */
const char *limber_store_get_recovery_note (LimberStore *self);

/* Each new record gets a random uuid and this store's host. A write that
 * fails (disk full, read-only folder, locked file) is kept in memory and
 * the error returned; every later write, and flush_pending(), first writes
 * what waits, in order, in the same transaction. Nothing is dropped while
 * limberd runs. */
gboolean limber_store_add_event (LimberStore *self,
                                 gint64       ts,
                                 const char  *kind,
                                 const char  *stretch,
                                 gint64       seconds,
                                 GError     **error);
gboolean limber_store_add_spell (LimberStore *self,
                                 gint64       start_ts,
                                 gint64       end_ts,
                                 GError     **error);
/* Records waiting in memory for a write to succeed. */
guint    limber_store_get_pending   (LimberStore *self);
/* TRUE when nothing waits any more. */
gboolean limber_store_flush_pending (LimberStore *self,
                                     GError     **error);

gboolean limber_store_save_state (LimberStore            *self,
                                  const LimberSavedState *state,
                                  GError                **error);
/* FALSE with no error set when nothing was ever saved. */
gboolean limber_store_load_state (LimberStore      *self,
                                  LimberSavedState *out_state,
                                  GError          **error);

/* Events of @kind with from_ts <= ts < to_ts (all hosts), counting those
 * still waiting in memory. */
guint limber_store_count_events (LimberStore *self,
                                 const char  *kind,
                                 gint64       from_ts,
                                 gint64       to_ts);

/* stretch id -> gint64 ts (g_new'd, freed by the table) of its latest
 * event of @kind (e.g. LIMBER_EVENT_COMPLETED, LIMBER_EVENT_DUE). */
GHashTable *limber_store_latest_per_stretch (LimberStore *self,
                                             const char  *kind);
/* The stretch of the latest `due` event, NULL when none. */
char *limber_store_last_suggested (LimberStore *self);

/* The local calendar days @from..@to (both included, in the process's time
 * zone when called), oldest first, as LimberDay, of @host's records (NULL:
 * every host). A spell still running on this host (open_spell_start >= 0,
 * ending at @now_ts) counts too. Spells crossing midnight are split between
 * days; days across DST changes have their real length. */
GArray *limber_store_days (LimberStore *self,
                           const GDate *from,
                           const GDate *to,
                           const char  *host,
                           gint64       now_ts,
                           gint64       open_spell_start,
                           GError     **error);

/* The last @days local days up to and including the day of @now_ts, all
 * hosts: limber_store_days() over that range. */
GArray *limber_store_history (LimberStore *self,
                              guint        days,
                              gint64       now_ts,
                              gint64       open_spell_start,
                              GError     **error);

/* Per stretch, over from_ts <= ts < to_ts, most completed first. */
typedef struct {
  char  *id;
  guint  completed;
  guint  snoozed;
  guint  skipped;   /* skipped + dismissed */
  guint  abandoned;
} LimberStretchCount;

void limber_stretch_count_clear (LimberStretchCount *count);

GArray *limber_store_stretch_counts (LimberStore *self,
                                     gint64       from_ts,
                                     gint64       to_ts,
                                     const char  *host,
                                     GError     **error);

/* Runs of consecutive local days with at least @goal completed stretches
 * over the whole history: @current ends on the day of @now_ts, or the day
 * before while that day has not reached @goal yet; @best is the longest. */
gboolean limber_store_streaks (LimberStore *self,
                               guint        goal,
                               gint64       now_ts,
                               const char  *host,
                               guint       *current,
                               guint       *best,
                               GError     **error);

/* The newest @limit events with ts >= @since (0: all) of @host (NULL: all),
 * newest first, as LimberEvent (the array clears its elements). */
GArray *limber_store_list_events (LimberStore *self,
                                  gint64       since,
                                  guint        limit,
                                  const char  *host,
                                  GError     **error);

/* Every host in the history, sorted (NULL-terminated). */
char **limber_store_list_hosts (LimberStore *self,
                                GError     **error);

G_END_DECLS
