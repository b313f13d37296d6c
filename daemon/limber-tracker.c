#include "limber-tracker.h"

#include <string.h>

struct _LimberTracker {
  LimberTrackerSettings settings;
  LimberState state;

  gint64 spell_start;  /* -1 when no spell runs (away, paused) */
  gint64 due_at;       /* -1 when no break is scheduled */
  gint64 paused_until; /* -1 when not paused; G_MAXINT64 until resumed */
  guint snoozes_in_row;

  /* Activity is tracked in every state, so that a pause ending or a prompt
   * falling due while the user is away is judged correctly. Away is any of
   * idle, locked or asleep. */
  gboolean idle;
  gint64 idle_since;
  gboolean locked;
  gint64 locked_since;
  gboolean sleeping;
  gint64 sleep_start;

  /* The break fell due while the user was away: prompt on return. */
  gboolean held;

  gboolean quiet;     /* do-not-disturb: a due prompt waits (state QUIET) */
  gboolean off_hours; /* outside [schedule]: PAUSED whatever the user did */
};

static const char *const state_names[] = {
  [LIMBER_STATE_SITTING] = "sitting",
  [LIMBER_STATE_DUE] = "due",
  [LIMBER_STATE_SNOOZED] = "snoozed",
  [LIMBER_STATE_STRETCHING] = "stretching",
  [LIMBER_STATE_AWAY] = "away",
  [LIMBER_STATE_PAUSED] = "paused",
  [LIMBER_STATE_QUIET] = "quiet",
};

const char *
limber_state_to_string (LimberState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), "sitting");
  return state_names[state];
}

gboolean
limber_state_from_string (const char  *text,
                          LimberState *out_state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (text, state_names[i]) == 0)
        {
          *out_state = (LimberState) i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
actions_reset (LimberActions *out)
{
  memset (out, 0, sizeof *out);
}

static gboolean
spell_running (LimberTracker *self)
{
  return self->spell_start >= 0;
}

static void
set_state (LimberTracker *self,
           LimberState    state,
           LimberActions *out)
{
  if (self->state != state)
    out->flags |= LIMBER_ACTION_STATE_CHANGED;
  self->state = state;
}

static void
start_spell (LimberTracker *self,
             gint64         now,
             LimberActions *out)
{
  self->spell_start = now;
  self->due_at = now + self->settings.interval;
  self->snoozes_in_row = 0;
  self->held = FALSE;
  set_state (self, LIMBER_STATE_SITTING, out);
  /* The times changed even when the state name did not. */
  out->flags |= LIMBER_ACTION_STATE_CHANGED;
}

/* Ends the running spell at @end and reports it for the record. */
static void
end_spell (LimberTracker *self,
           gint64         end,
           LimberActions *out)
{
  if (!spell_running (self))
    return;

  if (end > self->spell_start)
    {
      out->flags |= LIMBER_ACTION_SPELL_ENDED;
      out->spell_start = self->spell_start;
      out->spell_end = end;
    }
  self->spell_start = -1;
  self->due_at = -1;
  self->held = FALSE;
  out->flags |= LIMBER_ACTION_STATE_CHANGED;
}

static void
withdraw_if_prompting (LimberTracker *self,
                       LimberActions *out)
{
  if (limber_tracker_is_prompting (self))
    out->flags |= LIMBER_ACTION_WITHDRAW;
}

static void
prompt (LimberTracker *self,
        LimberActions *out)
{
  self->held = FALSE;
  set_state (self, LIMBER_STATE_DUE, out);
  out->flags |= LIMBER_ACTION_PROMPT;
  out->critical = self->snoozes_in_row >= self->settings.max_snoozes;
}

static gboolean
is_away (LimberTracker *self)
{
  return self->idle || self->locked || self->sleeping;
}

/* When the current time away began. It only counts from the spell's start:
 * idle carried over from before a resume is not a break taken during this
 * spell. */
static gint64
away_since (LimberTracker *self)
{
  gint64 since = G_MAXINT64;

  if (self->idle)
    since = MIN (since, self->idle_since);
  if (self->locked)
    since = MIN (since, self->locked_since);
  if (self->sleeping)
    since = MIN (since, self->sleep_start);
  return MAX (since, self->spell_start);
}

static gboolean
user_paused (LimberTracker *self)
{
  return self->paused_until != -1;
}

/* A break is due: show it unless nobody is there to see it (held until
 * they return) or the desktop asked for quiet (held until it ends). */
static void
prompt_if_possible (LimberTracker *self,
                    LimberActions *out)
{
  if (is_away (self))
    {
      self->held = TRUE;
      return;
    }
  self->held = FALSE;
  if (self->quiet)
    {
      set_state (self, LIMBER_STATE_QUIET, out);
      return;
    }
  prompt (self, out);
}

static void
evaluate (LimberTracker *self,
          gint64         now,
          LimberActions *out)
{
  if (self->state == LIMBER_STATE_PAUSED)
    {
      if (user_paused (self) && self->paused_until != G_MAXINT64 && now >= self->paused_until)
        {
          gint64 resumed_at = self->paused_until;

          self->paused_until = -1;
          out->flags |= LIMBER_ACTION_RESUMED;
          if (self->off_hours)
            return;
          start_spell (self, resumed_at, out);
        }
      else
        return;
    }

  /* Asleep, nothing is decided: wake() settles what the sleep amounted
   * to (a timer can fire just before the wake is announced). */
  if (!spell_running (self) || self->sleeping)
    return;

  if (is_away (self) &&
      now >= away_since (self) + self->settings.natural_break)
    {
      gint64 break_started = away_since (self);
      /* Idle since the spell began (a pause ran out with nobody there) is
       * no break from sitting: there was no sitting. */
      gboolean sat_first = break_started > self->spell_start;

      withdraw_if_prompting (self, out);
      end_spell (self, break_started, out);
      if (sat_first)
        {
          out->flags |= LIMBER_ACTION_NATURAL_BREAK;
          out->break_started = break_started;
        }
      self->snoozes_in_row = 0;
      set_state (self, LIMBER_STATE_AWAY, out);
      return;
    }

  if ((self->state == LIMBER_STATE_SITTING || self->state == LIMBER_STATE_SNOOZED) &&
      !self->held && now >= self->due_at)
    prompt_if_possible (self, out);
}

/* The user is back (input, or an unlock): a new spell if they had been
 * away long enough, else the prompt that waited for them. */
static void
come_back (LimberTracker *self,
           gint64         now,
           LimberActions *out)
{
  if (is_away (self))
    return;
  if (self->state == LIMBER_STATE_AWAY)
    start_spell (self, now, out);
  else if (self->held)
    prompt_if_possible (self, out);
}

LimberTracker *
limber_tracker_new (const LimberTrackerSettings *settings,
                    gint64                       now)
{
  LimberTracker *self = g_new0 (LimberTracker, 1);
  LimberActions ignored;

  actions_reset (&ignored);
  self->settings = *settings;
  self->paused_until = -1;
  self->idle_since = -1;
  self->locked_since = -1;
  self->sleep_start = -1;
  start_spell (self, now, &ignored);
  return self;
}

void
limber_tracker_free (LimberTracker *self)
{
  g_free (self);
}

void
limber_tracker_set_settings (LimberTracker               *self,
                             const LimberTrackerSettings *settings,
                             gint64                       now,
                             LimberActions               *out)
{
  actions_reset (out);
  self->settings = *settings;

  /* A new interval applies to the spell in progress; a snooze the user
   * asked for keeps its own time. */
  if (spell_running (self) && self->state == LIMBER_STATE_SITTING)
    {
      self->due_at = self->spell_start + settings->interval;
      out->flags |= LIMBER_ACTION_STATE_CHANGED;
    }
  evaluate (self, now, out);
}

const LimberTrackerSettings *
limber_tracker_get_settings (LimberTracker *self)
{
  return &self->settings;
}

void
limber_tracker_idle (LimberTracker *self,
                     gint64         now,
                     gint64         idle_since,
                     LimberActions *out)
{
  actions_reset (out);
  self->idle = TRUE;
  self->idle_since = MIN (idle_since, now);
  evaluate (self, now, out);
}

void
limber_tracker_active (LimberTracker *self,
                       gint64         now,
                       LimberActions *out)
{
  actions_reset (out);
  /* Settle what the idle amounted to before forgetting it. */
  evaluate (self, now, out);
  self->idle = FALSE;
  /* Input on a lock screen does not end the time away: the unlock does. */
  come_back (self, now, out);
}

void
limber_tracker_lock (LimberTracker *self,
                     gint64         now,
                     LimberActions *out)
{
  actions_reset (out);
  if (!self->locked)
    {
      self->locked = TRUE;
      self->locked_since = now;
    }
  evaluate (self, now, out);
}

void
limber_tracker_unlock (LimberTracker *self,
                       gint64         now,
                       LimberActions *out)
{
  actions_reset (out);
  evaluate (self, now, out);
  self->locked = FALSE;
  /* Typing the password is input. */
  self->idle = FALSE;
  come_back (self, now, out);
}

void
limber_tracker_sleep (LimberTracker *self,
                      gint64         now,
                      LimberActions *out)
{
  actions_reset (out);
  evaluate (self, now, out);
  if (!self->sleeping)
    {
      self->sleeping = TRUE;
      self->sleep_start = now;
    }
  else
    self->sleep_start = MIN (self->sleep_start, now);
}

void
limber_tracker_wake (LimberTracker *self,
                     gint64         now,
                     LimberActions *out)
{
  gint64 slept;

  actions_reset (out);
  if (!self->sleeping)
    return;

  slept = MAX (now - self->sleep_start, 0);
  if (spell_running (self) && now >= away_since (self) + self->settings.natural_break)
    {
      gint64 break_started = away_since (self);

      withdraw_if_prompting (self, out);
      end_spell (self, break_started, out);
      out->flags |= LIMBER_ACTION_NATURAL_BREAK;
      out->break_started = break_started;
      self->snoozes_in_row = 0;
      self->sleeping = FALSE;
      /* Whoever woke the machine is at it, unless it wakes to a lock
       * screen: then the unlock starts the spell. */
      self->idle = FALSE;
      if (self->locked)
        set_state (self, LIMBER_STATE_AWAY, out);
      else
        start_spell (self, now, out);
      return;
    }

  self->sleeping = FALSE;
  if (spell_running (self))
    {
      gboolean was_due = self->state == LIMBER_STATE_DUE ||
                         self->state == LIMBER_STATE_QUIET || self->held;

      /* Sleep never counts as sitting. */
      self->spell_start += slept;
      if (self->idle)
        self->idle_since += slept;
      if (self->locked)
        self->locked_since += slept;
      if (!was_due)
        {
          self->due_at += slept;
          /* Give the user a moment after waking before any reminder. */
          self->due_at = MAX (self->due_at, now + LIMBER_TRACKER_WAKE_GRACE);
        }
      out->flags |= LIMBER_ACTION_STATE_CHANGED;
    }
  evaluate (self, now, out);
}

void
limber_tracker_set_quiet (LimberTracker *self,
                          gint64         now,
                          gboolean       quiet,
                          LimberActions *out)
{
  actions_reset (out);
  self->quiet = quiet;
  /* The reminder that waited for the quiet to end is shown, once. */
  if (!quiet && self->state == LIMBER_STATE_QUIET)
    prompt_if_possible (self, out);
  evaluate (self, now, out);
}

gboolean
limber_tracker_get_quiet (LimberTracker *self)
{
  return self->quiet;
}

void
limber_tracker_set_off_hours (LimberTracker *self,
                              gint64         now,
                              gboolean       off,
                              LimberActions *out)
{
  actions_reset (out);
  if (off == self->off_hours)
    {
      evaluate (self, now, out);
      return;
    }

  self->off_hours = off;
  if (off)
    {
      withdraw_if_prompting (self, out);
      end_spell (self, now, out);
      self->snoozes_in_row = 0;
      set_state (self, LIMBER_STATE_PAUSED, out);
    }
  else if (!user_paused (self))
    start_spell (self, now, out);
  evaluate (self, now, out);
}

gboolean
limber_tracker_get_off_hours (LimberTracker *self)
{
  return self->off_hours;
}

void
limber_tracker_tick (LimberTracker *self,
                     gint64         now,
                     LimberActions *out)
{
  actions_reset (out);
  evaluate (self, now, out);
}

gboolean
limber_tracker_prompt_now (LimberTracker *self,
                           gint64         now,
                           LimberActions *out)
{
  actions_reset (out);
  if (self->state == LIMBER_STATE_PAUSED || self->state == LIMBER_STATE_STRETCHING)
    return FALSE;

  if (!spell_running (self))
    start_spell (self, now, out);
  self->due_at = MIN (self->due_at, now);
  prompt (self, out);
  return TRUE;
}

void
limber_tracker_done (LimberTracker *self,
                     gint64         now,
                     LimberActions *out)
{
  actions_reset (out);
  if (self->state == LIMBER_STATE_PAUSED)
    return; /* logged by the caller; the pause stands */

  withdraw_if_prompting (self, out);
  end_spell (self, now, out);
  start_spell (self, now, out);
}

gboolean
limber_tracker_skip (LimberTracker *self,
                     gint64         now,
                     LimberActions *out)
{
  actions_reset (out);
  if (self->state != LIMBER_STATE_DUE && self->state != LIMBER_STATE_SNOOZED &&
      self->state != LIMBER_STATE_QUIET && !self->held)
    return FALSE;

  withdraw_if_prompting (self, out);
  end_spell (self, now, out);
  start_spell (self, now, out);
  return TRUE;
}

gboolean
limber_tracker_snooze (LimberTracker *self,
                       gint64         now,
                       gint64         duration,
                       LimberActions *out)
{
  actions_reset (out);
  if (!spell_running (self) || duration <= 0)
    return FALSE;

  withdraw_if_prompting (self, out);
  if (self->state == LIMBER_STATE_DUE || self->state == LIMBER_STATE_QUIET ||
      self->held || now >= self->due_at)
    self->due_at = now + duration;       /* the pending break */
  else
    self->due_at = self->due_at + duration; /* the next one */
  self->held = FALSE;
  self->snoozes_in_row++;
  set_state (self, LIMBER_STATE_SNOOZED, out);
  out->flags |= LIMBER_ACTION_STATE_CHANGED;
  return TRUE;
}

gboolean
limber_tracker_start_stretch (LimberTracker *self,
                              gint64         now,
                              LimberActions *out)
{
  actions_reset (out);
  if (self->state == LIMBER_STATE_PAUSED || self->state == LIMBER_STATE_STRETCHING)
    return FALSE;

  /* The guide reuses the reminder on screen, so no WITHDRAW. The sitting
   * spell ends now: whoever stretches is not sitting. */
  end_spell (self, now, out);
  self->held = FALSE;
  set_state (self, LIMBER_STATE_STRETCHING, out);
  out->flags |= LIMBER_ACTION_STATE_CHANGED;
  return TRUE;
}

gboolean
limber_tracker_finish_stretch (LimberTracker *self,
                               gint64         now,
                               LimberActions *out)
{
  actions_reset (out);
  if (self->state != LIMBER_STATE_STRETCHING)
    return FALSE;

  start_spell (self, now, out);
  evaluate (self, now, out);
  return TRUE;
}

void
limber_tracker_pause (LimberTracker *self,
                      gint64         now,
                      gint64         duration,
                      LimberActions *out)
{
  actions_reset (out);
  withdraw_if_prompting (self, out);
  end_spell (self, now, out);
  self->snoozes_in_row = 0;
  self->paused_until = duration < 0 ? G_MAXINT64 : now + duration;
  set_state (self, LIMBER_STATE_PAUSED, out);
  out->flags |= LIMBER_ACTION_STATE_CHANGED;
}

void
limber_tracker_expire (LimberTracker *self,
                       gint64         now,
                       LimberActions *out)
{
  actions_reset (out);
  if (self->state != LIMBER_STATE_DUE)
    return;
  /* Not the user's snooze: it neither counts towards max-snoozes nor is
   * logged, but the break is still owed. */
  self->due_at = now + self->settings.snooze;
  set_state (self, LIMBER_STATE_SNOOZED, out);
  out->flags |= LIMBER_ACTION_STATE_CHANGED;
}

gboolean
limber_tracker_resume (LimberTracker *self,
                       gint64         now,
                       LimberActions *out)
{
  actions_reset (out);
  if (!user_paused (self))
    return FALSE;

  self->paused_until = -1;
  if (self->off_hours)
    out->flags |= LIMBER_ACTION_STATE_CHANGED; /* still paused by the schedule */
  else
    start_spell (self, now, out);
  return TRUE;
}

LimberState
limber_tracker_get_state (LimberTracker *self)
{
  return self->state;
}

gint64
limber_tracker_get_sitting_since (LimberTracker *self)
{
  return self->spell_start;
}

gint64
limber_tracker_get_next_break_at (LimberTracker *self)
{
  return spell_running (self) ? self->due_at : -1;
}

gint64
limber_tracker_get_paused_until (LimberTracker *self)
{
  return self->state == LIMBER_STATE_PAUSED ? self->paused_until : -1;
}

guint
limber_tracker_get_snooze_count (LimberTracker *self)
{
  return self->snoozes_in_row;
}

gboolean
limber_tracker_is_prompting (LimberTracker *self)
{
  return self->state == LIMBER_STATE_DUE;
}

gint64
limber_tracker_get_next_wakeup (LimberTracker *self)
{
  gint64 wakeup = G_MAXINT64;

  if (self->state == LIMBER_STATE_PAUSED)
    return user_paused (self) && !self->off_hours ? self->paused_until : G_MAXINT64;

  if (!spell_running (self))
    return G_MAXINT64;

  /* While asleep nothing runs; wake() settles the sleep. */
  if (is_away (self) && !self->sleeping)
    wakeup = MIN (wakeup, away_since (self) + self->settings.natural_break);

  if ((self->state == LIMBER_STATE_SITTING || self->state == LIMBER_STATE_SNOOZED) && !self->held)
    wakeup = MIN (wakeup, self->due_at);

  return wakeup;
}

void
limber_tracker_snapshot (LimberTracker         *self,
                         LimberTrackerSnapshot *out)
{
  out->state = self->state;
  /* Off-hours are worked out again from the schedule at start; only the
   * user's own pause is worth keeping. */
  if (self->state == LIMBER_STATE_PAUSED && !user_paused (self))
    out->state = LIMBER_STATE_SITTING;
  out->spell_start = self->spell_start;
  out->due_at = self->due_at;
  out->paused_until = self->state == LIMBER_STATE_PAUSED ? self->paused_until : -1;
  out->snoozes_in_row = self->snoozes_in_row;
}

void
limber_tracker_restore (LimberTracker               *self,
                        const LimberTrackerSnapshot *snapshot,
                        gint64                       gap,
                        gint64                       now,
                        LimberActions               *out)
{
  gint64 stopped_at = now - MAX (gap, 0);

  actions_reset (out);
  self->idle = FALSE;
  self->held = FALSE;
  self->paused_until = -1;

  if (snapshot->state == LIMBER_STATE_PAUSED)
    {
      self->state = LIMBER_STATE_PAUSED;
      self->spell_start = -1;
      self->due_at = -1;
      self->snoozes_in_row = 0;
      self->paused_until = snapshot->paused_until;
      out->flags |= LIMBER_ACTION_STATE_CHANGED;
      if (self->paused_until != G_MAXINT64 && self->paused_until <= now)
        {
          /* The pause ran out while limberd was down. Sitting resumed when
           * it ended only if limberd was back soon enough to see it. */
          gint64 resumed_at = gap >= self->settings.natural_break
                                ? now
                                : MAX (self->paused_until, stopped_at);

          self->paused_until = -1;
          out->flags |= LIMBER_ACTION_RESUMED;
          start_spell (self, resumed_at, out);
        }
      evaluate (self, now, out);
      return;
    }

  /* Nobody knows whether someone sat there while limberd was down; a spell
   * running when it stopped is all we can go by. */
  if (snapshot->spell_start < 0 || snapshot->state == LIMBER_STATE_AWAY)
    {
      self->spell_start = -1;
      start_spell (self, now, out);
      return;
    }

  self->spell_start = snapshot->spell_start;
  self->due_at = snapshot->due_at >= 0 ? snapshot->due_at
                                       : snapshot->spell_start + self->settings.interval;
  self->snoozes_in_row = snapshot->snoozes_in_row;
  self->state = LIMBER_STATE_SITTING;
  out->flags |= LIMBER_ACTION_STATE_CHANGED;

  if (gap >= self->settings.natural_break)
    {
      end_spell (self, stopped_at, out);
      out->flags |= LIMBER_ACTION_NATURAL_BREAK;
      out->break_started = stopped_at;
      start_spell (self, now, out);
      return;
    }

  switch (snapshot->state)
    {
    case LIMBER_STATE_DUE:
    case LIMBER_STATE_STRETCHING:
    case LIMBER_STATE_QUIET:
      /* The reminder was pending when limberd stopped: it is due now,
       * shown at once unless the user is away or the desktop is quiet. */
      self->due_at = MIN (self->due_at, now);
      evaluate (self, now, out);
      break;
    case LIMBER_STATE_SNOOZED:
      self->state = LIMBER_STATE_SNOOZED;
      evaluate (self, now, out);
      break;
    default:
      evaluate (self, now, out);
      break;
    }
}
