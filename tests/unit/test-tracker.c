/* Unit tests of the tracker, Limber's pure decision logic.
 *
 * The tracker never reads a clock, so every test drives it with a fake one:
 * a plain variable that starts at START and is advanced by hand. Nothing
 * here sleeps. Each test checks something a user would notice: a prompt
 * that comes (or does not), a spell recorded with the right bounds, a
 * break that lands at the right time. */
#include <glib.h>

#include "limber-tracker.h"

#define START ((gint64) 1000 * G_USEC_PER_SEC)
#define SECONDS(s) ((gint64) (s) * G_USEC_PER_SEC)
#define MINUTES(m) (SECONDS (m) * 60)
#define HOURS(h) (MINUTES (h) * 60)

#define INTERVAL MINUTES (45)
#define NATURAL_BREAK MINUTES (5)
#define SNOOZE MINUTES (10)
#define MAX_SNOOZES 3

static const LimberTrackerSettings test_settings = {
  .interval = INTERVAL,
  .natural_break = NATURAL_BREAK,
  .snooze = SNOOZE,
  .max_snoozes = MAX_SNOOZES,
};

/* Our own names, so a broken limber_state_to_string() cannot hide a wrong
 * state in the messages below. */
static const char *
state_name (LimberState state)
{
  static const char *const names[] = {
    [LIMBER_STATE_SITTING] = "SITTING",
    [LIMBER_STATE_DUE] = "DUE",
    [LIMBER_STATE_SNOOZED] = "SNOOZED",
    [LIMBER_STATE_STRETCHING] = "STRETCHING",
    [LIMBER_STATE_AWAY] = "AWAY",
    [LIMBER_STATE_PAUSED] = "PAUSED",
    [LIMBER_STATE_QUIET] = "QUIET",
  };

  if ((guint) state < G_N_ELEMENTS (names))
    return names[state];
  return "(invalid state)";
}

#define assert_state(tracker, expected) \
  g_assert_cmpstr (state_name (limber_tracker_get_state (tracker)), ==, \
                   state_name (expected))

/* Compared as hex so a failure shows which bits are there. */
#define assert_has(out, flag) \
  g_assert_cmphex ((out).flags & (flag), ==, (flag))
#define assert_lacks(out, flag) \
  g_assert_cmphex ((out).flags & (flag), ==, 0)

static LimberTracker *
new_tracker (gint64 now)
{
  LimberTracker *tracker = limber_tracker_new (&test_settings, now);

  g_assert_nonnull (tracker);
  return tracker;
}

/* Ticks at @now, the due time, and checks the reminder shows up. */
static void
tick_expecting_prompt (LimberTracker *tracker,
                       gint64         now,
                       gboolean       critical)
{
  LimberActions out = { 0 };

  limber_tracker_tick (tracker, now, &out);
  assert_has (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.critical, ==, critical);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
}

/* Brings a fresh tracker (sitting since START) to the first prompt. */
static LimberTracker *
new_due_tracker (void)
{
  LimberTracker *tracker = new_tracker (START);

  tick_expecting_prompt (tracker, START + INTERVAL, FALSE);
  return tracker;
}

/* --- a new tracker ------------------------------------------------------- */

static void
test_new_starts_sitting (void)
{
  gint64 now = START;
  g_autoptr(LimberTracker) tracker = new_tracker (now);

  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, now);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, now + INTERVAL);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, now + INTERVAL);
  g_assert_cmpint (limber_tracker_get_paused_until (tracker), ==, -1);
  g_assert_cmpuint (limber_tracker_get_snooze_count (tracker), ==, 0);
  g_assert_false (limber_tracker_is_prompting (tracker));

  const LimberTrackerSettings *settings = limber_tracker_get_settings (tracker);
  g_assert_cmpint (settings->interval, ==, INTERVAL);
  g_assert_cmpint (settings->natural_break, ==, NATURAL_BREAK);
  g_assert_cmpint (settings->snooze, ==, SNOOZE);
  g_assert_cmpuint (settings->max_snoozes, ==, MAX_SNOOZES);
}

/* The daemon may reuse one LimberActions; stale flags must not leak into
 * the next answer (a stale PROMPT would re-show the reminder). */
static void
test_actions_are_reset_by_each_call (void)
{
  gint64 now = START;
  g_autoptr(LimberTracker) tracker = new_tracker (now);
  LimberActions out = { 0 };

  out.flags = LIMBER_ACTION_PROMPT | LIMBER_ACTION_WITHDRAW |
              LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED;
  now += MINUTES (1);
  limber_tracker_tick (tracker, now, &out);
  g_assert_cmphex (out.flags, ==, 0);
}

/* --- due and prompt ------------------------------------------------------ */

static void
test_tick_before_due_does_nothing (void)
{
  gint64 now = START;
  g_autoptr(LimberTracker) tracker = new_tracker (now);

  for (gint64 at = START + MINUTES (1); at < START + INTERVAL; at += MINUTES (11))
    {
      LimberActions out = { 0 };

      limber_tracker_tick (tracker, at, &out);
      assert_lacks (out, LIMBER_ACTION_PROMPT);
      assert_state (tracker, LIMBER_STATE_SITTING);
      g_assert_false (limber_tracker_is_prompting (tracker));
    }

  /* One microsecond short of the interval is still not due. */
  LimberActions out = { 0 };
  limber_tracker_tick (tracker, START + INTERVAL - 1, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL);
}

static void
test_tick_at_due_prompts (void)
{
  gint64 now = START;
  g_autoptr(LimberTracker) tracker = new_tracker (now);
  LimberActions out = { 0 };

  now = limber_tracker_get_next_wakeup (tracker);
  g_assert_cmpint (now, ==, START + INTERVAL);
  limber_tracker_tick (tracker, now, &out);
  assert_has (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_STATE_CHANGED);
  g_assert_false (out.critical);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
  /* Sitting keeps counting from the same start. */
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
}

/* The timer may fire late (a busy machine): the prompt still comes. */
static void
test_tick_after_due_prompts (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  LimberActions out = { 0 };

  limber_tracker_tick (tracker, START + INTERVAL + MINUTES (3), &out);
  assert_has (out, LIMBER_ACTION_PROMPT);
  g_assert_false (out.critical);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
}

static void
test_due_does_not_prompt_twice (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 now = START + INTERVAL;

  for (int i = 0; i < 5; i++)
    {
      LimberActions out = { 0 };

      now += MINUTES (7);
      limber_tracker_tick (tracker, now, &out);
      assert_lacks (out, LIMBER_ACTION_PROMPT);
      assert_state (tracker, LIMBER_STATE_DUE);
      g_assert_true (limber_tracker_is_prompting (tracker));
    }
}

/* --- done ---------------------------------------------------------------- */

static void
test_done_while_due_restarts_sitting (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 now = START + INTERVAL + MINUTES (2);
  LimberActions out = { 0 };

  limber_tracker_done (tracker, now, &out);
  assert_has (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_SPELL_ENDED |
                   LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, now);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, now);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, now + INTERVAL);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, now + INTERVAL);
  g_assert_cmpuint (limber_tracker_get_snooze_count (tracker), ==, 0);

  /* The next reminder comes a full interval later, not before. */
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, now + INTERVAL - SECONDS (1), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  tick_expecting_prompt (tracker, now + INTERVAL, FALSE);
}

/* Stretching before being asked (limberctl done) counts as a break too. */
static void
test_done_while_sitting_restarts_sitting (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (20);
  LimberActions out = { 0 };

  limber_tracker_done (tracker, now, &out);
  assert_has (out, LIMBER_ACTION_SPELL_ENDED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, now);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, now);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, now + INTERVAL);

  /* The old due time passes quietly. */
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, START + INTERVAL, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
}

/* --- skip ---------------------------------------------------------------- */

static void
test_skip_while_due_restarts_sitting (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 now = START + INTERVAL + MINUTES (1);
  LimberActions out = { 0 };

  g_assert_true (limber_tracker_skip (tracker, now, &out));
  assert_has (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_SPELL_ENDED |
                   LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, now);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, now);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, now + INTERVAL);
}

static void
test_skip_with_nothing_pending_changes_nothing (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  LimberActions out = { 0 };

  g_assert_false (limber_tracker_skip (tracker, now, &out));
  g_assert_cmphex (out.flags, ==, 0);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, START + INTERVAL);
  g_assert_false (limber_tracker_is_prompting (tracker));
}

/* --- snooze -------------------------------------------------------------- */

static void
test_snooze_while_due_postpones (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 now = START + INTERVAL + MINUTES (1);
  LimberActions out = { 0 };

  g_assert_true (limber_tracker_snooze (tracker, now, SNOOZE, &out));
  assert_has (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SNOOZED);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, now + SNOOZE);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, now + SNOOZE);
  /* Snoozing is not a break: sitting keeps counting. */
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpuint (limber_tracker_get_snooze_count (tracker), ==, 1);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, now + SNOOZE - SECONDS (1), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SNOOZED);

  tick_expecting_prompt (tracker, now + SNOOZE, FALSE);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
}

/* limberctl snooze before the reminder: the next break moves back. */
static void
test_snooze_while_sitting_postpones_next_break (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  gint64 scheduled = limber_tracker_get_next_break_at (tracker);
  LimberActions out = { 0 };

  g_assert_true (limber_tracker_snooze (tracker, now, SNOOZE, &out));
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SNOOZED);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, scheduled + SNOOZE);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);

  /* The original due time passes without a reminder... */
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, scheduled, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_false (limber_tracker_is_prompting (tracker));

  /* ...and it comes at the postponed one. */
  tick_expecting_prompt (tracker, scheduled + SNOOZE, FALSE);
}

/* Snoozing the same reminder max-snoozes times makes the next one
 * critical, so it stays on screen. */
static void
test_snoozes_escalate_to_critical (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 now = START + INTERVAL;

  for (guint i = 1; i <= MAX_SNOOZES; i++)
    {
      LimberActions out = { 0 };

      now += SECONDS (30);
      g_assert_true (limber_tracker_snooze (tracker, now, SNOOZE, &out));
      g_assert_cmpuint (limber_tracker_get_snooze_count (tracker), ==, i);
      now += SNOOZE;
      g_test_message ("prompt after snooze %u", i);
      tick_expecting_prompt (tracker, now, i >= MAX_SNOOZES);
    }

  /* Doing the stretch ends the run of snoozes. */
  LimberActions out = { 0 };
  now += MINUTES (1);
  limber_tracker_done (tracker, now, &out);
  g_assert_cmpuint (limber_tracker_get_snooze_count (tracker), ==, 0);
  tick_expecting_prompt (tracker, now + INTERVAL, FALSE);
}

/* --- natural breaks ------------------------------------------------------ */

static void
test_idle_becomes_natural_break (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  gint64 idle_since = now - SECONDS (60);
  LimberActions out = { 0 };

  limber_tracker_idle (tracker, now, idle_since, &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  /* A minute of idle is probably reading: still sitting. */
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, idle_since + NATURAL_BREAK);

  now = idle_since + NATURAL_BREAK;
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, now, &out);
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED |
                   LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.break_started, ==, idle_since);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, idle_since);
  assert_state (tracker, LIMBER_STATE_AWAY);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);

  /* Away long past the old due time: no reminder for an empty chair. */
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, START + INTERVAL + MINUTES (5), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_AWAY);

  now = START + INTERVAL + MINUTES (10);
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, now, &out);
  assert_has (out, LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, now);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, now + INTERVAL);
}

static void
test_short_idle_counts_as_sitting (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 idle_since = START + MINUTES (10);
  LimberActions out = { 0 };

  limber_tracker_idle (tracker, idle_since + SECONDS (30), idle_since, &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, idle_since + NATURAL_BREAK - SECONDS (1), &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);

  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, idle_since + NATURAL_BREAK - SECONDS (1), &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL);

  /* Once active again, passing the old natural-break moment changes nothing. */
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, idle_since + NATURAL_BREAK + MINUTES (1), &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  assert_state (tracker, LIMBER_STATE_SITTING);

  tick_expecting_prompt (tracker, START + INTERVAL, FALSE);
}

/* After a suspend the backend may report an idle that began long ago. */
static void
test_late_idle_is_natural_break_at_once (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 idle_since = START + MINUTES (10);
  gint64 now = idle_since + NATURAL_BREAK + MINUTES (3);
  LimberActions out = { 0 };

  limber_tracker_idle (tracker, now, idle_since, &out);
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  g_assert_cmpint (out.break_started, ==, idle_since);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, idle_since);
  assert_state (tracker, LIMBER_STATE_AWAY);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
}

/* The user walked away from the reminder: the break was taken. */
static void
test_natural_break_while_due_withdraws (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 idle_since = START + INTERVAL + SECONDS (20);
  LimberActions out = { 0 };

  limber_tracker_idle (tracker, idle_since + MINUTES (1), idle_since, &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, idle_since + NATURAL_BREAK, &out);
  assert_has (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_NATURAL_BREAK |
                   LIMBER_ACTION_SPELL_ENDED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.break_started, ==, idle_since);
  g_assert_cmpint (out.spell_end, ==, idle_since);
  assert_state (tracker, LIMBER_STATE_AWAY);
  g_assert_false (limber_tracker_is_prompting (tracker));

  gint64 now = idle_since + NATURAL_BREAK + MINUTES (2);
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, now, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_false (limber_tracker_is_prompting (tracker));

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, now + MINUTES (1), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_false (limber_tracker_is_prompting (tracker));
}

/* Due while the user is idle: hold the reminder until input resumes. */
static void
test_due_while_idle_is_held_until_active (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 idle_since = START + INTERVAL - MINUTES (2);
  LimberActions out = { 0 };

  limber_tracker_idle (tracker, idle_since + SECONDS (30), idle_since, &out);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, START + INTERVAL, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  g_assert_false (limber_tracker_is_prompting (tracker));

  gint64 now = START + INTERVAL + MINUTES (1); /* idle 3 min < 5 min */
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, now, &out);
  assert_has (out, LIMBER_ACTION_PROMPT);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK);
  g_assert_false (out.critical);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
  /* The short idle still counted as sitting. */
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
}

/* ...and if that idle reaches natural-break, it was the break: no prompt. */
static void
test_due_while_idle_becomes_natural_break (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 idle_since = START + INTERVAL - MINUTES (2);
  LimberActions out = { 0 };
  LimberActionFlags seen = 0;

  limber_tracker_idle (tracker, idle_since + SECONDS (30), idle_since, &out);
  seen |= out.flags;

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, START + INTERVAL, &out);
  seen |= out.flags;
  g_assert_false (limber_tracker_is_prompting (tracker));

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, idle_since + NATURAL_BREAK, &out);
  seen |= out.flags;
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  g_assert_cmpint (out.break_started, ==, idle_since);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, idle_since);
  assert_state (tracker, LIMBER_STATE_AWAY);

  gint64 now = idle_since + NATURAL_BREAK + MINUTES (4);
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, now, &out);
  seen |= out.flags;
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, now);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, now + INTERVAL);
  g_assert_false (limber_tracker_is_prompting (tracker));

  /* Never a prompt anywhere along the way. */
  g_assert_cmphex (seen & LIMBER_ACTION_PROMPT, ==, 0);
}

/* --- pause and resume ---------------------------------------------------- */

static void
test_timed_pause_runs_out (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  gint64 until = now + MINUTES (30);
  LimberActions out = { 0 };

  limber_tracker_pause (tracker, now, MINUTES (30), &out);
  assert_has (out, LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, now);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_paused_until (tracker), ==, until);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, until);

  for (gint64 at = now + MINUTES (5); at < until; at += MINUTES (6))
    {
      out = (LimberActions) { 0 };
      limber_tracker_tick (tracker, at, &out);
      assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_RESUMED);
      assert_state (tracker, LIMBER_STATE_PAUSED);
    }

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, until, &out);
  assert_has (out, LIMBER_ACTION_RESUMED | LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_paused_until (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, until);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, until + INTERVAL);
}

static void
test_indefinite_pause_until_resume (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  LimberActions out = { 0 };

  limber_tracker_pause (tracker, now, -1, &out);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_cmpint (limber_tracker_get_paused_until (tracker), ==, G_MAXINT64);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, G_MAXINT64);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);

  now += HOURS (6);
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, now, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_RESUMED);
  assert_state (tracker, LIMBER_STATE_PAUSED);

  out = (LimberActions) { 0 };
  g_assert_true (limber_tracker_resume (tracker, now, &out));
  assert_has (out, LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_paused_until (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, now);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, now + INTERVAL);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, now + INTERVAL);
}

static void
test_resume_when_not_paused_fails (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  LimberActions out = { 0 };

  g_assert_false (limber_tracker_resume (tracker, now, &out));
  g_assert_cmphex (out.flags, ==, 0);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL);
}

static void
test_nothing_prompts_while_paused (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + INTERVAL - MINUTES (1);
  LimberActions out = { 0 };

  limber_tracker_pause (tracker, now, HOURS (3), &out);

  for (gint64 at = START + INTERVAL; at < now + HOURS (3); at += MINUTES (15))
    {
      out = (LimberActions) { 0 };
      limber_tracker_tick (tracker, at, &out);
      assert_lacks (out, LIMBER_ACTION_PROMPT);
      g_assert_false (limber_tracker_is_prompting (tracker));
      assert_state (tracker, LIMBER_STATE_PAUSED);
    }

  /* Nor does activity wake the reminder up. */
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, now + HOURS (1), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_PAUSED);
}

static void
test_snooze_while_paused_fails (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  LimberActions out = { 0 };

  limber_tracker_pause (tracker, now, MINUTES (30), &out);

  now += MINUTES (1);
  out = (LimberActions) { 0 };
  g_assert_false (limber_tracker_snooze (tracker, now, SNOOZE, &out));
  g_assert_cmphex (out.flags, ==, 0);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_cmpint (limber_tracker_get_paused_until (tracker), ==, now - MINUTES (1) + MINUTES (30));
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);
}

static void
test_prompt_now_while_paused_fails (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  LimberActions out = { 0 };

  limber_tracker_pause (tracker, now, -1, &out);

  now += MINUTES (1);
  out = (LimberActions) { 0 };
  g_assert_false (limber_tracker_prompt_now (tracker, now, &out));
  g_assert_cmphex (out.flags, ==, 0);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_false (limber_tracker_is_prompting (tracker));
}

/* --- prompt now (limberctl break) ---------------------------------------- */

static void
test_prompt_now_while_sitting (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (1);
  LimberActions out = { 0 };

  g_assert_true (limber_tracker_prompt_now (tracker, now, &out));
  assert_has (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_STATE_CHANGED);
  g_assert_false (out.critical);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
}

static void
test_prompt_now_while_away (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 idle_since = START + MINUTES (10);
  gint64 now = idle_since + NATURAL_BREAK + MINUTES (1);
  LimberActions out = { 0 };

  limber_tracker_idle (tracker, now, idle_since, &out);
  assert_state (tracker, LIMBER_STATE_AWAY);

  now += MINUTES (1);
  out = (LimberActions) { 0 };
  g_assert_true (limber_tracker_prompt_now (tracker, now, &out));
  assert_has (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, now);
}

/* --- snapshot and restore (a daemon restart) ----------------------------- */

static void
test_restore_after_short_gap_continues (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 now = START + INTERVAL + MINUTES (1);
  gint64 due_at = now + SNOOZE;
  LimberActions out = { 0 };
  LimberTrackerSnapshot snapshot = { 0 };

  g_assert_true (limber_tracker_snooze (tracker, now, SNOOZE, &out));
  now += MINUTES (1);
  limber_tracker_snapshot (tracker, &snapshot);
  g_assert_cmpint (snapshot.state, ==, LIMBER_STATE_SNOOZED);
  g_assert_cmpint (snapshot.spell_start, ==, START);
  g_assert_cmpint (snapshot.due_at, ==, due_at);
  g_assert_cmpint (snapshot.paused_until, ==, -1);
  g_assert_cmpuint (snapshot.snoozes_in_row, ==, 1);

  /* limberd restarts a minute later, on the same clock. */
  gint64 gap = MINUTES (1);
  now += gap;
  g_autoptr(LimberTracker) restored = new_tracker (now);
  out = (LimberActions) { 0 };
  limber_tracker_restore (restored, &snapshot, gap, now, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  assert_state (restored, LIMBER_STATE_SNOOZED);
  g_assert_cmpint (limber_tracker_get_sitting_since (restored), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (restored), ==, due_at);
  g_assert_cmpint (limber_tracker_get_next_wakeup (restored), ==, due_at);
  g_assert_cmpuint (limber_tracker_get_snooze_count (restored), ==, 1);
  g_assert_false (limber_tracker_is_prompting (restored));

  tick_expecting_prompt (restored, due_at, FALSE);
}

static void
test_restore_after_long_gap_is_natural_break (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 now = START + INTERVAL + MINUTES (1);
  LimberActions out = { 0 };
  LimberTrackerSnapshot snapshot = { 0 };

  g_assert_true (limber_tracker_snooze (tracker, now, SNOOZE, &out));
  limber_tracker_snapshot (tracker, &snapshot);

  /* The machine was off for 20 minutes. */
  gint64 gap = MINUTES (20);
  now += gap;
  g_autoptr(LimberTracker) restored = new_tracker (now);
  out = (LimberActions) { 0 };
  limber_tracker_restore (restored, &snapshot, gap, now, &out);
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.break_started, ==, now - gap);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, now - gap);
  assert_state (restored, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (restored), ==, now);
  g_assert_cmpint (limber_tracker_get_next_break_at (restored), ==, now + INTERVAL);
  g_assert_false (limber_tracker_is_prompting (restored));

  /* The snoozed due time is gone with the break. */
  out = (LimberActions) { 0 };
  limber_tracker_tick (restored, now + MINUTES (1), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
}

static void
test_restore_keeps_indefinite_pause (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  LimberActions out = { 0 };
  LimberTrackerSnapshot snapshot = { 0 };

  limber_tracker_pause (tracker, now, -1, &out);
  limber_tracker_snapshot (tracker, &snapshot);
  g_assert_cmpint (snapshot.state, ==, LIMBER_STATE_PAUSED);
  g_assert_cmpint (snapshot.paused_until, ==, G_MAXINT64);

  gint64 gap = HOURS (10);
  now += gap;
  g_autoptr(LimberTracker) restored = new_tracker (now);
  out = (LimberActions) { 0 };
  limber_tracker_restore (restored, &snapshot, gap, now, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_RESUMED |
                     LIMBER_ACTION_NATURAL_BREAK);
  assert_state (restored, LIMBER_STATE_PAUSED);
  g_assert_cmpint (limber_tracker_get_paused_until (restored), ==, G_MAXINT64);
  g_assert_cmpint (limber_tracker_get_next_wakeup (restored), ==, G_MAXINT64);
  g_assert_cmpint (limber_tracker_get_next_break_at (restored), ==, -1);

  out = (LimberActions) { 0 };
  limber_tracker_tick (restored, now + HOURS (2), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (restored, LIMBER_STATE_PAUSED);
}

static void
test_restore_keeps_running_timed_pause (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  gint64 until = now + MINUTES (30);
  LimberActions out = { 0 };
  LimberTrackerSnapshot snapshot = { 0 };

  limber_tracker_pause (tracker, now, MINUTES (30), &out);
  limber_tracker_snapshot (tracker, &snapshot);

  gint64 gap = MINUTES (10);
  now += gap;
  g_autoptr(LimberTracker) restored = new_tracker (now);
  out = (LimberActions) { 0 };
  limber_tracker_restore (restored, &snapshot, gap, now, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_RESUMED);
  assert_state (restored, LIMBER_STATE_PAUSED);
  g_assert_cmpint (limber_tracker_get_paused_until (restored), ==, until);
  g_assert_cmpint (limber_tracker_get_next_wakeup (restored), ==, until);

  out = (LimberActions) { 0 };
  limber_tracker_tick (restored, until, &out);
  assert_has (out, LIMBER_ACTION_RESUMED);
  assert_state (restored, LIMBER_STATE_SITTING);
}

static void
test_restore_resumes_expired_pause (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (10);
  LimberActions out = { 0 };
  LimberTrackerSnapshot snapshot = { 0 };

  limber_tracker_pause (tracker, now, MINUTES (30), &out);
  now += MINUTES (1);
  limber_tracker_snapshot (tracker, &snapshot);

  /* Off for two hours: the pause ran out while nothing was running. */
  gint64 gap = HOURS (2);
  now += gap;
  g_autoptr(LimberTracker) restored = new_tracker (now);
  out = (LimberActions) { 0 };
  limber_tracker_restore (restored, &snapshot, gap, now, &out);
  assert_has (out, LIMBER_ACTION_RESUMED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (restored, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_paused_until (restored), ==, -1);
  /* The machine was off: none of that counts as sitting. */
  g_assert_cmpint (limber_tracker_get_sitting_since (restored), ==, now);
  g_assert_cmpint (limber_tracker_get_next_break_at (restored), ==, now + INTERVAL);
}

/* A reminder pending when limberd stopped comes back after the restart. */
static void
test_restore_due_prompts_again (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 now = START + INTERVAL + SECONDS (30);
  LimberActions out = { 0 };
  LimberTrackerSnapshot snapshot = { 0 };

  limber_tracker_snapshot (tracker, &snapshot);
  g_assert_cmpint (snapshot.state, ==, LIMBER_STATE_DUE);

  gint64 gap = MINUTES (1);
  now += gap;
  g_autoptr(LimberTracker) restored = new_tracker (now);
  limber_tracker_restore (restored, &snapshot, gap, now, &out);

  /* Whether the prompt comes from restore() or the first tick, it comes
   * once. */
  LimberActionFlags seen = out.flags;
  gboolean critical = out.critical;
  out = (LimberActions) { 0 };
  limber_tracker_tick (restored, now, &out);
  if (out.flags & LIMBER_ACTION_PROMPT)
    critical = out.critical;
  g_assert_cmphex ((seen & LIMBER_ACTION_PROMPT) ^ (out.flags & LIMBER_ACTION_PROMPT),
                   ==, LIMBER_ACTION_PROMPT);
  g_assert_false (critical);
  assert_state (restored, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (restored));
  g_assert_cmpint (limber_tracker_get_sitting_since (restored), ==, START);
}

/* --- settings ------------------------------------------------------------ */

static void
test_shorter_interval_reschedules (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  LimberTrackerSettings shorter = test_settings;
  gint64 now = START + MINUTES (5);
  LimberActions out = { 0 };

  shorter.interval = MINUTES (30);
  limber_tracker_set_settings (tracker, &shorter, now, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (limber_tracker_get_settings (tracker)->interval, ==, MINUTES (30));
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + MINUTES (30));
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, START + MINUTES (30));

  tick_expecting_prompt (tracker, START + MINUTES (30), FALSE);
}

/* Already sat longer than the new interval: the reminder comes right away
 * (from set_settings() itself or the very next tick, but only once). */
static void
test_shorter_interval_already_past_prompts (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  LimberTrackerSettings shorter = test_settings;
  gint64 now = START + MINUTES (20);
  LimberActions out = { 0 };

  shorter.interval = MINUTES (15);
  limber_tracker_set_settings (tracker, &shorter, now, &out);
  LimberActionFlags seen = out.flags;
  if (!(seen & LIMBER_ACTION_PROMPT))
    g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), <=, now);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, now, &out);
  g_assert_cmphex ((seen & LIMBER_ACTION_PROMPT) ^ (out.flags & LIMBER_ACTION_PROMPT),
                   ==, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
}

/* --- state names --------------------------------------------------------- */

static void
test_state_names (void)
{
  static const struct {
    LimberState state;
    const char *name;
  } cases[] = {
    { LIMBER_STATE_SITTING, "sitting" },
    { LIMBER_STATE_DUE, "due" },
    { LIMBER_STATE_SNOOZED, "snoozed" },
    { LIMBER_STATE_STRETCHING, "stretching" },
    { LIMBER_STATE_AWAY, "away" },
    { LIMBER_STATE_PAUSED, "paused" },
    { LIMBER_STATE_QUIET, "quiet" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LimberState parsed = (LimberState) -1;

      g_assert_cmpstr (limber_state_to_string (cases[i].state), ==, cases[i].name);
      g_assert_true (limber_state_from_string (cases[i].name, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].state);
    }

  LimberState untouched = LIMBER_STATE_PAUSED;
  g_assert_false (limber_state_from_string ("banana", &untouched));
  g_assert_false (limber_state_from_string ("", &untouched));
  g_assert_false (limber_state_from_string ("Sitting ", &untouched));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tracker/new/starts-sitting", test_new_starts_sitting);
  g_test_add_func ("/tracker/actions/reset-by-each-call", test_actions_are_reset_by_each_call);

  g_test_add_func ("/tracker/due/tick-before-does-nothing", test_tick_before_due_does_nothing);
  g_test_add_func ("/tracker/due/tick-at-due-prompts", test_tick_at_due_prompts);
  g_test_add_func ("/tracker/due/tick-after-due-prompts", test_tick_after_due_prompts);
  g_test_add_func ("/tracker/due/no-repeated-prompt", test_due_does_not_prompt_twice);

  g_test_add_func ("/tracker/done/while-due", test_done_while_due_restarts_sitting);
  g_test_add_func ("/tracker/done/while-sitting", test_done_while_sitting_restarts_sitting);

  g_test_add_func ("/tracker/skip/while-due", test_skip_while_due_restarts_sitting);
  g_test_add_func ("/tracker/skip/nothing-pending", test_skip_with_nothing_pending_changes_nothing);

  g_test_add_func ("/tracker/snooze/while-due", test_snooze_while_due_postpones);
  g_test_add_func ("/tracker/snooze/while-sitting", test_snooze_while_sitting_postpones_next_break);
  g_test_add_func ("/tracker/snooze/escalates-to-critical", test_snoozes_escalate_to_critical);

  g_test_add_func ("/tracker/natural-break/idle", test_idle_becomes_natural_break);
  g_test_add_func ("/tracker/natural-break/short-idle-is-sitting", test_short_idle_counts_as_sitting);
  g_test_add_func ("/tracker/natural-break/late-idle", test_late_idle_is_natural_break_at_once);
  g_test_add_func ("/tracker/natural-break/while-due", test_natural_break_while_due_withdraws);
  g_test_add_func ("/tracker/natural-break/due-held-while-idle", test_due_while_idle_is_held_until_active);
  g_test_add_func ("/tracker/natural-break/due-while-idle-becomes-break", test_due_while_idle_becomes_natural_break);

  g_test_add_func ("/tracker/pause/timed-runs-out", test_timed_pause_runs_out);
  g_test_add_func ("/tracker/pause/indefinite-until-resume", test_indefinite_pause_until_resume);
  g_test_add_func ("/tracker/pause/resume-when-not-paused", test_resume_when_not_paused_fails);
  g_test_add_func ("/tracker/pause/no-prompt-while-paused", test_nothing_prompts_while_paused);
  g_test_add_func ("/tracker/pause/snooze-fails", test_snooze_while_paused_fails);
  g_test_add_func ("/tracker/pause/prompt-now-fails", test_prompt_now_while_paused_fails);

  g_test_add_func ("/tracker/prompt-now/while-sitting", test_prompt_now_while_sitting);
  g_test_add_func ("/tracker/prompt-now/while-away", test_prompt_now_while_away);

  g_test_add_func ("/tracker/restore/short-gap-continues", test_restore_after_short_gap_continues);
  g_test_add_func ("/tracker/restore/long-gap-natural-break", test_restore_after_long_gap_is_natural_break);
  g_test_add_func ("/tracker/restore/indefinite-pause-stays", test_restore_keeps_indefinite_pause);
  g_test_add_func ("/tracker/restore/running-pause-stays", test_restore_keeps_running_timed_pause);
  g_test_add_func ("/tracker/restore/expired-pause-resumes", test_restore_resumes_expired_pause);
  g_test_add_func ("/tracker/restore/due-prompts-again", test_restore_due_prompts_again);

  g_test_add_func ("/tracker/settings/shorter-interval", test_shorter_interval_reschedules);
  g_test_add_func ("/tracker/settings/shorter-interval-already-past", test_shorter_interval_already_past_prompts);

  g_test_add_func ("/tracker/state/names", test_state_names);

  return g_test_run ();
}
