/* The store: Limber's SQLite file (DESIGN.md "Storage").
 *
 * Tables (schema version 1, PRAGMA user_version = 1):
 *   events(id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, kind TEXT NOT NULL,
 *          stretch TEXT, seconds INTEGER NOT NULL DEFAULT 0)
 *   spells(id INTEGER PRIMARY KEY, start_ts INTEGER NOT NULL, end_ts INTEGER NOT NULL)
 *   state(key TEXT PRIMARY KEY, value)            -- what survives a restart
 * All times are Unix seconds, UTC. */
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
  gint64 seconds; /* snooze or pause length, natural break length; 0 otherwise */
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
 * for limber_store_get_recovery_note(). */
LimberStore *limber_store_open (const char *path,
                                GError    **error);

const char *limber_store_get_path          (LimberStore *self);
/* Non-NULL when open() moved a corrupt file aside: a sentence for the user. */
const char *limber_store_get_recovery_note (LimberStore *self);

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

gboolean limber_store_save_state (LimberStore            *self,
                                  const LimberSavedState *state,
                                  GError                **error);
/* FALSE with no error set when nothing was ever saved. */
gboolean limber_store_load_state (LimberStore      *self,
                                  LimberSavedState *out_state,
                                  GError          **error);

/* Events of @kind with from_ts <= ts < to_ts. */
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

/* The last @days local days up to and including the day of @now_ts, oldest
 * first, as LimberDay. A spell still running (open_spell_start >= 0, ending
 * at @now_ts) counts too. Spells crossing midnight are split between days. */
GArray *limber_store_history (LimberStore *self,
                              guint        days,
                              gint64       now_ts,
                              gint64       open_spell_start,
                              GError     **error);

/* The newest @limit events, newest first, as LimberEvent (the array clears
 * its elements). */
GArray *limber_store_list_events (LimberStore *self,
                                  guint        limit,
                                  GError     **error);

G_END_DECLS
