/* The tracker: Limber's decision logic, and nothing else.
 *
 * It is fed activity ("idle since T", "active"), user actions (done, skip,
 * snooze, pause...) and the current time, and answers with what should
 * happen (prompt, withdraw the prompt, record a sitting spell, log a natural
 * break). It does no I/O and never reads a clock: every entry point takes
 * @now, a monotonic time in microseconds, so tests drive it with a fake
 * clock. @now comes from a clock that keeps running while the machine
 * sleeps (CLOCK_BOOTTIME), so a suspend shows as time passing between
 * sleep() and wake(). The daemon arms one timer for limber_tracker_get_next_wakeup() and
 * calls limber_tracker_tick() when it fires.
 *
 * Every call that takes a LimberActions overwrites it completely. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LIMBER_STATE_SITTING,
  LIMBER_STATE_DUE,
  LIMBER_STATE_SNOOZED,
  LIMBER_STATE_STRETCHING,
  LIMBER_STATE_AWAY,
  LIMBER_STATE_PAUSED,
  LIMBER_STATE_QUIET,
} LimberState;

/* The names of DESIGN.md's status --json "state". */
const char *limber_state_to_string (LimberState state);
gboolean    limber_state_from_string (const char *text,
                                      LimberState *out_state);

typedef struct {
  gint64 interval;      /* µs of sitting before a break is due */
  gint64 natural_break; /* µs of idle that count as a break */
  gint64 snooze;        /* µs, the default snooze */
  guint  max_snoozes;   /* snoozes in a row before the prompt turns critical */
} LimberTrackerSettings;

typedef enum {
  LIMBER_ACTION_NONE          = 0,
  LIMBER_ACTION_PROMPT        = 1 << 0, /* show the reminder now */
  LIMBER_ACTION_WITHDRAW      = 1 << 1, /* take a shown reminder away */
  LIMBER_ACTION_NATURAL_BREAK = 1 << 2, /* log `natural` at break_started */
  LIMBER_ACTION_SPELL_ENDED   = 1 << 3, /* record [spell_start, spell_end] */
  LIMBER_ACTION_RESUMED       = 1 << 4, /* a timed pause ran out: log `resumed` */
  LIMBER_ACTION_STATE_CHANGED = 1 << 5, /* publish state and times again */
} LimberActionFlags;

typedef struct {
  LimberActionFlags flags;
  gint64   spell_start;   /* with SPELL_ENDED */
  gint64   spell_end;     /* with SPELL_ENDED */
  gint64   break_started; /* with NATURAL_BREAK: when the user went idle */
  gboolean critical;      /* with PROMPT: max-snoozes reached */
} LimberActions;

/* What survives a restart, on the tracker's clock (the daemon converts to
 * and from wall time). */
typedef struct {
  LimberState state;
  gint64 spell_start;  /* -1 when no spell runs */
  gint64 due_at;       /* -1 when none */
  gint64 paused_until; /* -1 not paused, G_MAXINT64 until resumed */
  guint  snoozes_in_row;
} LimberTrackerSnapshot;

typedef struct _LimberTracker LimberTracker;

/* A new tracker starts a sitting spell at @now. */
LimberTracker *limber_tracker_new  (const LimberTrackerSettings *settings,
                                    gint64                       now);
void           limber_tracker_free (LimberTracker *self);

void limber_tracker_set_settings (LimberTracker               *self,
                                  const LimberTrackerSettings *settings,
                                  gint64                       now,
                                  LimberActions               *out);
const LimberTrackerSettings *limber_tracker_get_settings (LimberTracker *self);

/* Activity. idle() says the user has made no input since @idle_since; the
 * backend reports it once the idle passes a short threshold. active() says
 * input resumed. */
void limber_tracker_idle   (LimberTracker *self,
                            gint64         now,
                            gint64         idle_since,
                            LimberActions *out);
void limber_tracker_active (LimberTracker *self,
                            gint64         now,
                            LimberActions *out);

/* The screen locked: time away starts at once and input does not end it
 * until unlock(). A lock of natural-break or more is a natural break; a
 * shorter one counts as sitting, like short idle. A due reminder waits
 * for the unlock. unlock() counts as input. */
void limber_tracker_lock   (LimberTracker *self, gint64 now, LimberActions *out);
void limber_tracker_unlock (LimberTracker *self, gint64 now, LimberActions *out);

/* The machine is about to sleep / has woken. Sleep never counts as
 * sitting: a sleep shorter than natural-break moves the spell (and its due
 * time) forward by its length; a longer one is a natural break and sitting
 * starts again at the wake. After a wake, no reminder comes within
 * LIMBER_TRACKER_WAKE_GRACE unless one was already due before the sleep.
 * sleep() again while asleep, with an earlier @now, moves the start of the
 * sleep back: for a sleep that was only noticed after it ended. */
#define LIMBER_TRACKER_WAKE_GRACE (60 * G_USEC_PER_SEC)
void limber_tracker_sleep (LimberTracker *self, gint64 now, LimberActions *out);
void limber_tracker_wake  (LimberTracker *self, gint64 now, LimberActions *out);

/* Do-not-disturb. While quiet, a reminder that falls due is held (state
 * QUIET, no PROMPT) and prompted once when quiet ends; a reminder already
 * on screen stays. */
void limber_tracker_set_quiet (LimberTracker *self, gint64 now, gboolean quiet, LimberActions *out);
gboolean limber_tracker_get_quiet (LimberTracker *self);

/* Outside the [schedule] hours nothing is tracked or prompted (state
 * PAUSED, like a pause with no end, but independent of the user's own
 * pause: ending one leaves the other in force). Back in hours, sitting
 * starts from zero. */
void limber_tracker_set_off_hours (LimberTracker *self, gint64 now, gboolean off, LimberActions *out);
gboolean limber_tracker_get_off_hours (LimberTracker *self);

/* Time passed; call when the timer for get_next_wakeup() fires. */
void limber_tracker_tick (LimberTracker *self,
                          gint64         now,
                          LimberActions *out);

/* User actions. Those returning gboolean return FALSE, changing nothing,
 * when the action makes no sense in the current state (nothing pending to
 * skip, snoozing while paused or stretching, prompting while paused or
 * stretching). */
gboolean limber_tracker_prompt_now (LimberTracker *self, gint64 now, LimberActions *out);
void     limber_tracker_done       (LimberTracker *self, gint64 now, LimberActions *out);
gboolean limber_tracker_skip       (LimberTracker *self, gint64 now, LimberActions *out);
gboolean limber_tracker_snooze     (LimberTracker *self, gint64 now, gint64 duration, LimberActions *out);
/* The reminder left the screen on its own (the server let it expire) while
 * still due: it comes back after the configured snooze, which is not
 * counted as one of the user's. */
void     limber_tracker_expire     (LimberTracker *self, gint64 now, LimberActions *out);
/* The guided stretch. start_stretch() ends the sitting spell (the user
 * got up to stretch) and holds everything (no reminders, no natural
 * breaks) in state STRETCHING until finish_stretch(), which starts a new
 * spell whether the stretch was completed or abandoned; the caller logs
 * which. start_stretch() is FALSE while paused or already stretching;
 * finish_stretch() FALSE when not stretching. Anything else that moves
 * the tracker out of STRETCHING (a pause, off-hours) ends the stretch too:
 * the caller sees the state change. */
gboolean limber_tracker_start_stretch  (LimberTracker *self, gint64 now, LimberActions *out);
gboolean limber_tracker_finish_stretch (LimberTracker *self, gint64 now, LimberActions *out);
/* @duration -1: until resume(). Pausing while paused replaces the pause. */
void     limber_tracker_pause      (LimberTracker *self, gint64 now, gint64 duration, LimberActions *out);
gboolean limber_tracker_resume     (LimberTracker *self, gint64 now, LimberActions *out);

/* Queries. */
LimberState limber_tracker_get_state          (LimberTracker *self);
gint64      limber_tracker_get_sitting_since  (LimberTracker *self); /* -1 when no spell runs */
gint64      limber_tracker_get_next_break_at  (LimberTracker *self); /* -1 when paused or away */
gint64      limber_tracker_get_paused_until   (LimberTracker *self); /* -1, or G_MAXINT64 */
guint       limber_tracker_get_snooze_count   (LimberTracker *self);
gboolean    limber_tracker_is_prompting       (LimberTracker *self); /* a reminder is on screen */
/* The next moment something can change without input; G_MAXINT64 if none. */
gint64      limber_tracker_get_next_wakeup    (LimberTracker *self);

void limber_tracker_snapshot (LimberTracker         *self,
                              LimberTrackerSnapshot *out);
/* Restores a snapshot taken @gap µs before @now (the daemon was not running
 * in between). A gap of natural-break or more ends the spell at now - gap
 * with a natural break; a shorter gap continues it. A pause still running
 * stays; one that ran out resumes. */
void limber_tracker_restore (LimberTracker               *self,
                             const LimberTrackerSnapshot *snapshot,
                             gint64                       gap,
                             gint64                       now,
                             LimberActions               *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimberTracker, limber_tracker_free)

G_END_DECLS
