/* Unit tests of the tracker, Limber's pure decision logic.
 *
 * The tracker never reads a clock, so every test drives it with a fake one:
 * a plain variable that starts at START and is advanced by hand. Nothing
 * here sleeps. Each test checks something a user would notice: a prompt
 * that comes (or does not), a spell recorded with the right bounds, a
 * break that lands at the right time. */
#include <glib.h>
#include <string.h>

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

/* --- helpers for the rules below ----------------------------------------- */

/* Some moments may be reported by one of two calls (the call that made
 * the change, or the tick right after it at the same @now); these collect
 * what a daemon would see from both. */
typedef struct {
  LimberActionFlags flags;
  guint prompts;
  guint natural_breaks;
  guint withdraws;
  gint64 break_started;
  gint64 spell_start;
  gint64 spell_end;
} Seen;

static void
seen_add (Seen                *seen,
          const LimberActions *out)
{
  seen->flags |= out->flags;
  if (out->flags & LIMBER_ACTION_PROMPT)
    seen->prompts++;
  if (out->flags & LIMBER_ACTION_WITHDRAW)
    seen->withdraws++;
  if (out->flags & LIMBER_ACTION_NATURAL_BREAK)
    {
      seen->natural_breaks++;
      seen->break_started = out->break_started;
    }
  if (out->flags & LIMBER_ACTION_SPELL_ENDED)
    {
      seen->spell_start = out->spell_start;
      seen->spell_end = out->spell_end;
    }
}

/* Ticks at @now and checks nothing a user would notice happens. */
static void
tick_expecting_nothing (LimberTracker *tracker,
                        gint64         now)
{
  LimberActions out = { 0 };

  limber_tracker_tick (tracker, now, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_WITHDRAW |
                     LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED |
                     LIMBER_ACTION_RESUMED);
}

/* --- screen lock ---------------------------------------------------------- */

/* A lock shorter than natural-break (fetching a coffee from the next
 * desk) is sitting, like short idle: the spell and its due time stay. */
static void
test_lock_short_counts_as_sitting (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 lock_at = START + MINUTES (10);
  gint64 unlock_at = lock_at + NATURAL_BREAK - SECONDS (1);
  LimberActions out = { 0 };

  limber_tracker_lock (tracker, lock_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK |
                     LIMBER_ACTION_SPELL_ENDED);
  /* The next thing that can happen on its own is the lock becoming a
   * break. */
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, lock_at + NATURAL_BREAK);

  tick_expecting_nothing (tracker, lock_at + MINUTES (2));
  tick_expecting_nothing (tracker, unlock_at);

  out = (LimberActions) { 0 };
  limber_tracker_unlock (tracker, unlock_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK |
                     LIMBER_ACTION_SPELL_ENDED);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, START + INTERVAL);

  /* The moment the lock would have become a break passes quietly. */
  tick_expecting_nothing (tracker, lock_at + NATURAL_BREAK + MINUTES (1));
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);

  tick_expecting_prompt (tracker, START + INTERVAL, FALSE);
}

/* Input while locked (a bumped mouse, typing a password that fails) does
 * not end the time away: only unlock() does. And an idle report after
 * that input does not move the start of the break either. */
static void
test_lock_input_does_not_end_away (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 lock_at = START + MINUTES (10);
  LimberActions out = { 0 };

  limber_tracker_lock (tracker, lock_at, &out);

  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, lock_at + MINUTES (1), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, lock_at + MINUTES (4), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  out = (LimberActions) { 0 };
  limber_tracker_idle (tracker, lock_at + MINUTES (4) + SECONDS (30),
                       lock_at + MINUTES (4), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, lock_at + NATURAL_BREAK);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, lock_at + NATURAL_BREAK, &out);
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.break_started, ==, lock_at);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, lock_at);
  assert_state (tracker, LIMBER_STATE_AWAY);

  /* More input on the lock screen: still away. */
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, lock_at + MINUTES (10), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  assert_state (tracker, LIMBER_STATE_AWAY);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
}

/* A short lock with input during it is still just sitting. */
static void
test_lock_short_with_input_is_sitting (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 lock_at = START + MINUTES (10);
  LimberActions out = { 0 };

  limber_tracker_lock (tracker, lock_at, &out);
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, lock_at + MINUTES (1), &out);
  out = (LimberActions) { 0 };
  limber_tracker_unlock (tracker, lock_at + MINUTES (3), &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED |
                     LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL);
}

/* Time away starts AT the lock, not after an idle threshold: the break is
 * logged from the lock time and the spell ends there. */
static void
test_lock_long_is_natural_break (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 lock_at = START + MINUTES (10);
  LimberActions out = { 0 };

  limber_tracker_lock (tracker, lock_at, &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);

  tick_expecting_nothing (tracker, lock_at + NATURAL_BREAK - 1);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, lock_at + NATURAL_BREAK, &out);
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED |
                   LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.break_started, ==, lock_at);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, lock_at);
  assert_state (tracker, LIMBER_STATE_AWAY);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);

  /* Locked past the old due time: no reminder for an empty chair. */
  tick_expecting_nothing (tracker, START + INTERVAL + MINUTES (5));
  assert_state (tracker, LIMBER_STATE_AWAY);

  gint64 unlock_at = START + INTERVAL + MINUTES (20);
  out = (LimberActions) { 0 };
  limber_tracker_unlock (tracker, unlock_at, &out);
  assert_has (out, LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK |
                     LIMBER_ACTION_SPELL_ENDED);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, unlock_at);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, unlock_at + INTERVAL);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, unlock_at + INTERVAL);

  tick_expecting_nothing (tracker, unlock_at + INTERVAL - 1);
  tick_expecting_prompt (tracker, unlock_at + INTERVAL, FALSE);
}

/* The timer did not fire during the lock (or fired late): unlock() itself
 * sees the lock was long enough, logs the break from the lock time and
 * starts sitting at the unlock. */
static void
test_lock_long_seen_at_unlock (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 lock_at = START + MINUTES (10);
  gint64 unlock_at = lock_at + MINUTES (20);
  LimberActions out = { 0 };

  limber_tracker_lock (tracker, lock_at, &out);
  out = (LimberActions) { 0 };
  limber_tracker_unlock (tracker, unlock_at, &out);
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.break_started, ==, lock_at);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, lock_at);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, unlock_at);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, unlock_at + INTERVAL);
}

/* The due time comes while the screen is locked: the reminder waits for
 * the unlock, and comes then if the lock was short. */
static void
test_lock_due_held_until_unlock (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 lock_at = START + INTERVAL - MINUTES (2);
  gint64 unlock_at = START + INTERVAL + MINUTES (2); /* locked 4 min < 5 */
  LimberActions out = { 0 };

  limber_tracker_lock (tracker, lock_at, &out);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, START + INTERVAL, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  g_assert_false (limber_tracker_is_prompting (tracker));
  /* Held, not busy-looping: the next moment is the lock becoming a break. */
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, lock_at + NATURAL_BREAK);

  tick_expecting_nothing (tracker, START + INTERVAL + MINUTES (1));
  g_assert_false (limber_tracker_is_prompting (tracker));

  out = (LimberActions) { 0 };
  limber_tracker_unlock (tracker, unlock_at, &out);
  assert_has (out, LIMBER_ACTION_PROMPT);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  g_assert_false (out.critical);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
  /* The short lock counted as sitting. */
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);

  /* Once. */
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, unlock_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
}

/* ...and if the lock reaches natural-break, that was the break: no
 * reminder at all. */
static void
test_lock_due_while_locked_becomes_break (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 lock_at = START + INTERVAL - MINUTES (2);
  gint64 unlock_at = lock_at + MINUTES (15);
  LimberActions out = { 0 };
  Seen seen = { 0 };

  limber_tracker_lock (tracker, lock_at, &out);
  seen_add (&seen, &out);
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, START + INTERVAL, &out);
  seen_add (&seen, &out);
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, lock_at + NATURAL_BREAK, &out);
  seen_add (&seen, &out);
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  g_assert_cmpint (out.break_started, ==, lock_at);
  g_assert_cmpint (out.spell_end, ==, lock_at);
  assert_state (tracker, LIMBER_STATE_AWAY);

  out = (LimberActions) { 0 };
  limber_tracker_unlock (tracker, unlock_at, &out);
  seen_add (&seen, &out);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, unlock_at);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpuint (seen.prompts, ==, 0);
  g_assert_cmpuint (seen.natural_breaks, ==, 1);
}

/* Locking the screen with the reminder on it and walking away is taking
 * the break: the reminder goes. */
static void
test_lock_long_while_due_withdraws (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 lock_at = START + INTERVAL + SECONDS (30);
  LimberActions out = { 0 };

  limber_tracker_lock (tracker, lock_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, lock_at + NATURAL_BREAK, &out);
  assert_has (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_NATURAL_BREAK |
                   LIMBER_ACTION_SPELL_ENDED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.break_started, ==, lock_at);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, lock_at);
  assert_state (tracker, LIMBER_STATE_AWAY);
  g_assert_false (limber_tracker_is_prompting (tracker));

  gint64 unlock_at = lock_at + MINUTES (10);
  out = (LimberActions) { 0 };
  limber_tracker_unlock (tracker, unlock_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, unlock_at + INTERVAL);
}

/* --- suspend -------------------------------------------------------------- */

/* A short suspend never adds sitting time: the spell and its due time move
 * forward by the length of the sleep. */
static void
test_sleep_short_shifts_spell (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 sleep_at = START + MINUTES (20);
  gint64 slept = MINUTES (3);
  gint64 wake_at = sleep_at + slept;
  LimberActions out = { 0 };

  limber_tracker_sleep (tracker, sleep_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);

  out = (LimberActions) { 0 };
  limber_tracker_wake (tracker, wake_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK |
                     LIMBER_ACTION_SPELL_ENDED);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START + slept);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL + slept);
  /* Sitting time is the awake time only. */
  g_assert_cmpint (wake_at - limber_tracker_get_sitting_since (tracker), ==,
                   sleep_at - START);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, START + INTERVAL + slept);

  /* The old due time passes quietly... */
  tick_expecting_nothing (tracker, START + INTERVAL);
  tick_expecting_nothing (tracker, START + INTERVAL + slept - 1);
  g_assert_false (limber_tracker_is_prompting (tracker));
  /* ...and the reminder comes after 45 minutes awake. */
  tick_expecting_prompt (tracker, START + INTERVAL + slept, FALSE);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START + slept);
}

/* Just under natural-break is still a short sleep; exactly natural-break is
 * a break. */
static void
test_sleep_natural_break_boundary (void)
{
  LimberActions out = { 0 };
  gint64 sleep_at = START + MINUTES (20);

  {
    g_autoptr(LimberTracker) tracker = new_tracker (START);

    limber_tracker_sleep (tracker, sleep_at, &out);
    out = (LimberActions) { 0 };
    limber_tracker_wake (tracker, sleep_at + NATURAL_BREAK - 1, &out);
    assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
    g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==,
                     START + NATURAL_BREAK - 1);
  }
  {
    g_autoptr(LimberTracker) tracker = new_tracker (START);

    out = (LimberActions) { 0 };
    limber_tracker_sleep (tracker, sleep_at, &out);
    out = (LimberActions) { 0 };
    limber_tracker_wake (tracker, sleep_at + NATURAL_BREAK, &out);
    assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
    g_assert_cmpint (out.break_started, ==, sleep_at);
    g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==,
                     sleep_at + NATURAL_BREAK);
  }
}

/* A long suspend is a natural break from the moment the machine went to
 * sleep, and sitting starts again at the wake. */
static void
test_sleep_long_is_natural_break (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 sleep_at = START + MINUTES (20);
  gint64 wake_at = sleep_at + MINUTES (30);
  LimberActions out = { 0 };

  limber_tracker_sleep (tracker, sleep_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);

  out = (LimberActions) { 0 };
  limber_tracker_wake (tracker, wake_at, &out);
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED |
                   LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.break_started, ==, sleep_at);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, sleep_at);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, wake_at);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, wake_at + INTERVAL);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, wake_at + INTERVAL);
  g_assert_false (limber_tracker_is_prompting (tracker));

  /* The old due time (45 min after START, during or after the sleep) is
   * gone with the break. */
  tick_expecting_nothing (tracker, wake_at + MINUTES (1));
  tick_expecting_nothing (tracker, wake_at + INTERVAL - 1);
  tick_expecting_prompt (tracker, wake_at + INTERVAL, FALSE);
}

/* The reminder was on screen when the lid closed for a long time: the
 * sleep was the break, the stale reminder goes. */
static void
test_sleep_long_while_due_withdraws (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 sleep_at = START + INTERVAL + MINUTES (1);
  gint64 wake_at = sleep_at + MINUTES (20);
  LimberActions out = { 0 };

  limber_tracker_sleep (tracker, sleep_at, &out);
  out = (LimberActions) { 0 };
  limber_tracker_wake (tracker, wake_at, &out);
  assert_has (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_NATURAL_BREAK |
                   LIMBER_ACTION_SPELL_ENDED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.break_started, ==, sleep_at);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, sleep_at);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, wake_at);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, wake_at + INTERVAL);
}

/* No reminder in the first minute after a wake: 44.5 minutes into the
 * spell the lid closes for one minute. The shifted due time (46:00) comes
 * before the grace ends (45:30 + 1 min = 46:30); the reminder waits for
 * the grace. */
static void
test_sleep_wake_grace_delays_reminder (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 slept = MINUTES (1);
  gint64 sleep_at = START + MINUTES (44) + SECONDS (30);
  gint64 wake_at = sleep_at + slept;
  gint64 shifted_due = START + INTERVAL + slept;
  gint64 grace_end = wake_at + LIMBER_TRACKER_WAKE_GRACE;
  LimberActions out = { 0 };

  g_assert_cmpint (shifted_due, <, grace_end);

  limber_tracker_sleep (tracker, sleep_at, &out);
  out = (LimberActions) { 0 };
  limber_tracker_wake (tracker, wake_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK |
                     LIMBER_ACTION_SPELL_ENDED);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START + slept);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, grace_end);

  tick_expecting_nothing (tracker, wake_at);
  tick_expecting_nothing (tracker, shifted_due);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, grace_end);
  tick_expecting_nothing (tracker, grace_end - 1);
  g_assert_false (limber_tracker_is_prompting (tracker));

  tick_expecting_prompt (tracker, grace_end, FALSE);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START + slept);
}

/* With a CLOCK_BOOTTIME timer the daemon's timer may fire on resume before
 * the wake() signal arrives. A tick between sleep() and wake() must not
 * count the sleep as sitting (no reminder 44 min into a spell). */
static void
test_sleep_tick_before_wake_does_not_prompt (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 sleep_at = START + MINUTES (44);
  gint64 wake_at = sleep_at + MINUTES (2);
  LimberActions out = { 0 };

  limber_tracker_sleep (tracker, sleep_at, &out);
  tick_expecting_nothing (tracker, START + INTERVAL);
  tick_expecting_nothing (tracker, wake_at);
  g_assert_false (limber_tracker_is_prompting (tracker));

  out = (LimberActions) { 0 };
  limber_tracker_wake (tracker, wake_at, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK |
                     LIMBER_ACTION_SPELL_ENDED);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START + MINUTES (2));
  /* Shifted due (47:00) and the end of the grace (46:00 + 1 min) agree;
   * the reminder is neither lost nor shown at the wake. */
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, START + INTERVAL + MINUTES (2));
  g_assert_false (limber_tracker_is_prompting (tracker));

  tick_expecting_nothing (tracker, START + INTERVAL + MINUTES (2) - 1);
  tick_expecting_prompt (tracker, START + INTERVAL + MINUTES (2), FALSE);
}

/* A reminder already due before a short sleep is not delayed by the wake
 * grace: after the wake it is still on screen (or shown again at once),
 * never withdrawn, never shown twice. */
static void
test_sleep_already_due_not_delayed (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 sleep_at = START + INTERVAL + MINUTES (1);
  gint64 slept = MINUTES (2);
  gint64 wake_at = sleep_at + slept;
  LimberActions out = { 0 };
  Seen seen = { 0 };

  limber_tracker_sleep (tracker, sleep_at, &out);
  assert_lacks (out, LIMBER_ACTION_WITHDRAW);

  out = (LimberActions) { 0 };
  limber_tracker_wake (tracker, wake_at, &out);
  seen_add (&seen, &out);
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, wake_at, &out);
  seen_add (&seen, &out);
  g_assert_cmpuint (seen.withdraws, ==, 0);
  g_assert_cmpuint (seen.natural_breaks, ==, 0);
  g_assert_cmpuint (seen.prompts, <=, 1);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
  /* Still, the sleep did not count as sitting. */
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START + slept);

  /* Within the grace it stays on screen, without repeats. */
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, wake_at + SECONDS (30), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_WITHDRAW);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
}

/* --- do-not-disturb ------------------------------------------------------- */

/* Due during do-not-disturb: held (state QUIET), shown exactly once when
 * quiet ends, not lost and not repeated. */
static void
test_quiet_holds_due_reminder (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 quiet_from = START + MINUTES (10);
  gint64 quiet_until = START + INTERVAL + MINUTES (5);
  LimberActions out = { 0 };

  g_assert_false (limber_tracker_get_quiet (tracker));
  limber_tracker_set_quiet (tracker, quiet_from, TRUE, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_WITHDRAW);
  g_assert_true (limber_tracker_get_quiet (tracker));

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, START + INTERVAL, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_QUIET);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  /* Held, not busy-looping. */
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), >, START + INTERVAL);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, START + INTERVAL + MINUTES (3), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_QUIET);

  out = (LimberActions) { 0 };
  limber_tracker_set_quiet (tracker, quiet_until, FALSE, &out);
  assert_has (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_STATE_CHANGED);
  g_assert_false (out.critical);
  g_assert_false (limber_tracker_get_quiet (tracker));
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);

  /* Exactly once. */
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, quiet_until, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);

  out = (LimberActions) { 0 };
  limber_tracker_set_quiet (tracker, quiet_until + SECONDS (1), FALSE, &out);
  g_assert_cmphex (out.flags, ==, 0);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
}

/* A reminder already on screen when do-not-disturb starts stays there,
 * and is not shown a second time when quiet ends. */
static void
test_quiet_keeps_reminder_on_screen (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 now = START + INTERVAL + MINUTES (1);
  LimberActions out = { 0 };

  limber_tracker_set_quiet (tracker, now, TRUE, &out);
  assert_lacks (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));

  now += MINUTES (10);
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, now, &out);
  assert_lacks (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));

  now += MINUTES (1);
  out = (LimberActions) { 0 };
  limber_tracker_set_quiet (tracker, now, FALSE, &out);
  assert_lacks (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_DUE);
  g_assert_true (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
}

/* Quiet with nothing due changes nothing anyone can see. */
static void
test_quiet_with_nothing_due (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  LimberActions out = { 0 };

  limber_tracker_set_quiet (tracker, START + MINUTES (10), TRUE, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_WITHDRAW |
                     LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_NATURAL_BREAK);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL);

  tick_expecting_nothing (tracker, START + MINUTES (15));
  assert_state (tracker, LIMBER_STATE_SITTING);

  out = (LimberActions) { 0 };
  limber_tracker_set_quiet (tracker, START + MINUTES (20), FALSE, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_WITHDRAW |
                     LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_NATURAL_BREAK);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL);

  tick_expecting_prompt (tracker, START + INTERVAL, FALSE);
}

/* A reminder held by quiet, then a natural break: the break resets
 * sitting, so nothing is due any more when quiet ends. */
static void
test_quiet_held_then_natural_break (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 idle_since = START + INTERVAL + SECONDS (30);
  LimberActions out = { 0 };
  Seen seen = { 0 };

  limber_tracker_set_quiet (tracker, START + MINUTES (10), TRUE, &out);
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, START + INTERVAL, &out);
  seen_add (&seen, &out);
  assert_state (tracker, LIMBER_STATE_QUIET);

  out = (LimberActions) { 0 };
  limber_tracker_idle (tracker, idle_since + MINUTES (1), idle_since, &out);
  seen_add (&seen, &out);
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, idle_since + NATURAL_BREAK, &out);
  seen_add (&seen, &out);
  assert_has (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  g_assert_cmpint (out.break_started, ==, idle_since);
  g_assert_cmpint (out.spell_end, ==, idle_since);
  assert_state (tracker, LIMBER_STATE_AWAY);

  gint64 back = idle_since + MINUTES (12);
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, back, &out);
  seen_add (&seen, &out);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, back);

  out = (LimberActions) { 0 };
  limber_tracker_set_quiet (tracker, back + MINUTES (1), FALSE, &out);
  seen_add (&seen, &out);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpuint (seen.prompts, ==, 0);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, back + INTERVAL);
}

/* --- active hours ([schedule]) -------------------------------------------- */

static void
test_schedule_off_hours_track_nothing (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 off_at = START + MINUTES (20);
  gint64 on_at = off_at + HOURS (14);
  LimberActions out = { 0 };

  g_assert_false (limber_tracker_get_off_hours (tracker));
  limber_tracker_set_off_hours (tracker, off_at, TRUE, &out);
  assert_has (out, LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK |
                     LIMBER_ACTION_WITHDRAW);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, off_at);
  g_assert_true (limber_tracker_get_off_hours (tracker));
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, G_MAXINT64);
  g_assert_false (limber_tracker_is_prompting (tracker));

  /* However long, whatever the user does: nothing. */
  for (gint64 at = off_at + MINUTES (30); at < on_at; at += MINUTES (30))
    {
      tick_expecting_nothing (tracker, at);
      assert_state (tracker, LIMBER_STATE_PAUSED);
    }
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, off_at + HOURS (1), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_SPELL_ENDED);
  out = (LimberActions) { 0 };
  limber_tracker_idle (tracker, off_at + HOURS (2), off_at + HOURS (1), &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  out = (LimberActions) { 0 };
  limber_tracker_active (tracker, off_at + HOURS (3), &out);
  out = (LimberActions) { 0 };
  g_assert_false (limber_tracker_prompt_now (tracker, off_at + HOURS (4), &out));
  g_assert_cmphex (out.flags, ==, 0);
  out = (LimberActions) { 0 };
  g_assert_false (limber_tracker_snooze (tracker, off_at + HOURS (4), SNOOZE, &out));
  g_assert_cmphex (out.flags, ==, 0);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_false (limber_tracker_is_prompting (tracker));

  /* Back in hours: sitting starts from zero, with a fresh interval. */
  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, on_at, FALSE, &out);
  assert_has (out, LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_SPELL_ENDED |
                     LIMBER_ACTION_NATURAL_BREAK);
  g_assert_false (limber_tracker_get_off_hours (tracker));
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, on_at);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, on_at + INTERVAL);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, on_at + INTERVAL);
  g_assert_cmpuint (limber_tracker_get_snooze_count (tracker), ==, 0);

  tick_expecting_nothing (tracker, on_at + INTERVAL - 1);
  tick_expecting_prompt (tracker, on_at + INTERVAL, FALSE);
}

/* Lock, suspend and short gaps during off-hours are no natural breaks of
 * anything: nothing is being tracked. */
static void
test_schedule_off_hours_ignore_lock_and_sleep (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 off_at = START + MINUTES (20);
  gint64 now = off_at;
  LimberActions out = { 0 };
  Seen seen = { 0 };

  limber_tracker_set_off_hours (tracker, off_at, TRUE, &out);

  now += MINUTES (10);
  out = (LimberActions) { 0 };
  limber_tracker_lock (tracker, now, &out);
  seen_add (&seen, &out);
  now += MINUTES (20);
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, now, &out);
  seen_add (&seen, &out);
  out = (LimberActions) { 0 };
  limber_tracker_unlock (tracker, now, &out);
  seen_add (&seen, &out);
  out = (LimberActions) { 0 };
  limber_tracker_sleep (tracker, now + MINUTES (1), &out);
  seen_add (&seen, &out);
  now += HOURS (8);
  out = (LimberActions) { 0 };
  limber_tracker_wake (tracker, now, &out);
  seen_add (&seen, &out);
  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, now + HOURS (1), &out);
  seen_add (&seen, &out);

  g_assert_cmphex (seen.flags & (LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK |
                                 LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_WITHDRAW),
                   ==, 0);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_true (limber_tracker_get_off_hours (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);
}

/* The reminder is on screen when active hours end: it goes. */
static void
test_schedule_off_while_due_withdraws (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 off_at = START + INTERVAL + MINUTES (2);
  LimberActions out = { 0 };

  limber_tracker_set_off_hours (tracker, off_at, TRUE, &out);
  assert_has (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_SPELL_ENDED);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, off_at);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);

  tick_expecting_nothing (tracker, off_at + HOURS (1));
  g_assert_false (limber_tracker_is_prompting (tracker));
}

/* A spell that crosses the end of active hours (sat down at 17:30, hours
 * end at 18:00, snoozed the reminder) is recorded up to 18:00 and no
 * reminder comes afterwards; the next day starts from zero. */
static void
test_schedule_spell_crossing_end_is_cut (void)
{
  g_autoptr(LimberTracker) tracker = new_due_tracker ();
  gint64 snoozed_at = START + INTERVAL + MINUTES (1);
  gint64 end_of_hours = snoozed_at + MINUTES (4);
  LimberActions out = { 0 };

  g_assert_true (limber_tracker_snooze (tracker, snoozed_at, SNOOZE, &out));
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), >, end_of_hours);

  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, end_of_hours, TRUE, &out);
  assert_has (out, LIMBER_ACTION_SPELL_ENDED);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, end_of_hours);
  assert_state (tracker, LIMBER_STATE_PAUSED);

  /* The snoozed due time passes after hours: nothing. */
  tick_expecting_nothing (tracker, snoozed_at + SNOOZE);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_false (limber_tracker_is_prompting (tracker));

  gint64 next_morning = end_of_hours + HOURS (14) + MINUTES (30);
  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, next_morning, FALSE, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_SPELL_ENDED);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, next_morning);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, next_morning + INTERVAL);
  g_assert_cmpuint (limber_tracker_get_snooze_count (tracker), ==, 0);
  tick_expecting_prompt (tracker, next_morning + INTERVAL, FALSE);
}

/* The daemon re-evaluates the schedule (at start, after a wake, on a
 * config reload) and may say "in hours" or "off hours" again: a repeat
 * changes nothing, in particular it does not restart the spell. */
static void
test_schedule_repeated_calls_change_nothing (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 now = START + MINUTES (20);
  LimberActions out = { 0 };

  limber_tracker_set_off_hours (tracker, now, FALSE, &out);
  assert_lacks (out, LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_PROMPT |
                     LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_WITHDRAW);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, START);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, START + INTERVAL);

  gint64 off_at = now + MINUTES (5);
  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, off_at, TRUE, &out);
  assert_has (out, LIMBER_ACTION_SPELL_ENDED);
  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, off_at + HOURS (1), TRUE, &out);
  assert_lacks (out, LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_PAUSED);

  gint64 on_at = off_at + HOURS (2);
  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, on_at, FALSE, &out);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, on_at);
  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, on_at + MINUTES (10), FALSE, &out);
  assert_lacks (out, LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_PROMPT);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, on_at);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, on_at + INTERVAL);
}

/* limberctl pause during off-hours: when hours begin, the user's own pause
 * is still in force. */
static void
test_schedule_user_pause_outlasts_off_hours (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 off_at = START + MINUTES (20);
  gint64 on_at = off_at + HOURS (2);
  LimberActions out = { 0 };

  limber_tracker_set_off_hours (tracker, off_at, TRUE, &out);
  out = (LimberActions) { 0 };
  limber_tracker_pause (tracker, off_at + MINUTES (10), -1, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_cmpint (limber_tracker_get_paused_until (tracker), ==, G_MAXINT64);

  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, on_at, FALSE, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_RESUMED);
  g_assert_false (limber_tracker_get_off_hours (tracker));
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_cmpint (limber_tracker_get_paused_until (tracker), ==, G_MAXINT64);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, G_MAXINT64);

  tick_expecting_nothing (tracker, on_at + HOURS (3));
  assert_state (tracker, LIMBER_STATE_PAUSED);

  gint64 resume_at = on_at + HOURS (4);
  out = (LimberActions) { 0 };
  g_assert_true (limber_tracker_resume (tracker, resume_at, &out));
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, resume_at);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, resume_at + INTERVAL);
}

/* limberctl resume during off-hours ends the user's pause but not the
 * off-hours; sitting starts when the hours do. */
static void
test_schedule_resume_keeps_off_hours (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 pause_at = START + MINUTES (10);
  gint64 off_at = START + MINUTES (20);
  gint64 resume_at = START + MINUTES (30);
  gint64 on_at = START + HOURS (2);
  LimberActions out = { 0 };

  limber_tracker_pause (tracker, pause_at, -1, &out);
  assert_has (out, LIMBER_ACTION_SPELL_ENDED);
  g_assert_cmpint (out.spell_end, ==, pause_at);

  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, off_at, TRUE, &out);
  /* No spell was running: nothing more to record. */
  assert_lacks (out, LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_PAUSED);

  out = (LimberActions) { 0 };
  g_assert_true (limber_tracker_resume (tracker, resume_at, &out));
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_true (limber_tracker_get_off_hours (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, -1);

  tick_expecting_nothing (tracker, resume_at + INTERVAL + MINUTES (1));
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_false (limber_tracker_is_prompting (tracker));

  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, on_at, FALSE, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, on_at);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, on_at + INTERVAL);
  tick_expecting_prompt (tracker, on_at + INTERVAL, FALSE);
}

/* A timed pause that runs out during off-hours does not start tracking. */
static void
test_schedule_timed_pause_ends_in_off_hours (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  gint64 pause_at = START + MINUTES (10);
  gint64 until = pause_at + MINUTES (30);
  gint64 off_at = START + MINUTES (20);
  gint64 on_at = START + HOURS (3);
  LimberActions out = { 0 };

  limber_tracker_pause (tracker, pause_at, MINUTES (30), &out);
  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, off_at, TRUE, &out);

  out = (LimberActions) { 0 };
  limber_tracker_tick (tracker, until, &out);
  assert_lacks (out, LIMBER_ACTION_PROMPT | LIMBER_ACTION_SPELL_ENDED);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, G_MAXINT64);

  tick_expecting_nothing (tracker, until + INTERVAL);
  assert_state (tracker, LIMBER_STATE_PAUSED);

  out = (LimberActions) { 0 };
  limber_tracker_set_off_hours (tracker, on_at, FALSE, &out);
  assert_state (tracker, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, on_at);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, on_at + INTERVAL);
}

/* --- wall-clock changes --------------------------------------------------- */

/* What a daemon sees after each step of a scenario. */
typedef struct {
  LimberActions actions;
  LimberState state;
  gint64 sitting_since;
  gint64 next_break_at;
  gint64 next_wakeup;
} ClockStep;

#define CLOCK_STEPS 9

static void
clock_step_record (LimberTracker       *tracker,
                   const LimberActions *out,
                   ClockStep           *step)
{
  step->actions = *out;
  step->state = limber_tracker_get_state (tracker);
  step->sitting_since = limber_tracker_get_sitting_since (tracker);
  step->next_break_at = limber_tracker_get_next_break_at (tracker);
  step->next_wakeup = limber_tracker_get_next_wakeup (tracker);
}

/* A day's scenario on the tracker's clock (CLOCK_BOOTTIME: it only moves
 * forward, at the rate of real time, including suspends). Alongside runs a
 * wall clock (CLOCK_REALTIME) that jumps by @wall_jumps[i] before step i:
 * NTP steps, a time-zone change, a user setting the date by hand.
 *
 * The wall clock is never passed to the tracker: there is no parameter for
 * it. That is the guarantee: the tracker measures sitting, breaks, snoozes
 * and pauses only on the monotonic clock, and the daemon converts to wall
 * time only to write records and publish times. A wall-clock jump can
 * thus neither create nor erase sitting time. This scenario is run with
 * and without jumps and must give identical answers, equal to the
 * expected ones on the monotonic clock. */
static void
run_clock_scenario (const gint64 *wall_jumps,
                    ClockStep    *steps)
{
  gint64 now = START;
  gint64 wall = G_GINT64_CONSTANT (1767258000) * G_USEC_PER_SEC; /* 2026-01-01 09:00 UTC */
  g_autoptr(LimberTracker) tracker = new_tracker (now);
  LimberActions out = { 0 };
  guint i = 0;

#define ADVANCE(d) \
  G_STMT_START { \
    now += (d); \
    wall += (d) + wall_jumps[i]; \
    g_test_message ("step %u: tracker clock +%" G_GINT64_FORMAT " s, wall clock %" \
                    G_GINT64_FORMAT " s (never passed)", \
                    i, (now - START) / G_USEC_PER_SEC, wall / G_USEC_PER_SEC); \
    out = (LimberActions) { 0 }; \
  } G_STMT_END
#define RECORD() \
  G_STMT_START { clock_step_record (tracker, &out, &steps[i]); i++; } G_STMT_END

  ADVANCE (MINUTES (10));                         /* 0 */
  limber_tracker_tick (tracker, now, &out);
  RECORD ();
  ADVANCE (MINUTES (10));                         /* 1: +20 min */
  limber_tracker_idle (tracker, now, now - MINUTES (1), &out);
  RECORD ();
  ADVANCE (MINUTES (2));                          /* 2: +22 min, short idle */
  limber_tracker_active (tracker, now, &out);
  RECORD ();
  ADVANCE (MINUTES (23));                         /* 3: +45 min, due */
  limber_tracker_tick (tracker, now, &out);
  RECORD ();
  ADVANCE (MINUTES (1));                          /* 4: +46 min */
  g_assert_true (limber_tracker_snooze (tracker, now, SNOOZE, &out));
  RECORD ();
  ADVANCE (SNOOZE);                               /* 5: +56 min, due again */
  limber_tracker_tick (tracker, now, &out);
  RECORD ();
  ADVANCE (MINUTES (1));                          /* 6: +57 min */
  limber_tracker_done (tracker, now, &out);
  RECORD ();
  ADVANCE (MINUTES (30));                         /* 7: +87 min */
  limber_tracker_lock (tracker, now, &out);
  RECORD ();
  ADVANCE (MINUTES (20));                         /* 8: +107 min */
  limber_tracker_unlock (tracker, now, &out);
  RECORD ();

#undef ADVANCE
#undef RECORD
  g_assert_cmpuint (i, ==, CLOCK_STEPS);
}

static void
test_clock_wall_jumps_change_nothing (void)
{
  static const gint64 steady[CLOCK_STEPS] = { 0 };
  static const gint64 jumps[CLOCK_STEPS] = {
    HOURS (1),                  /* time zone moved east */
    -HOURS (2),                 /* set back by hand */
    -SECONDS (30),              /* NTP step back */
    HOURS (24),                 /* date set a day ahead */
    -MINUTES (50),              /* back across the due time */
    MINUTES (15),
    -HOURS (24) - HOURS (3),
    SECONDS (1),
    HOURS (5),
  };
  ClockStep expected[CLOCK_STEPS];
  ClockStep jumped[CLOCK_STEPS];

  memset (expected, 0, sizeof expected);
  memset (jumped, 0, sizeof jumped);
  run_clock_scenario (steady, expected);
  run_clock_scenario (jumps, jumped);

  for (guint i = 0; i < CLOCK_STEPS; i++)
    {
      g_test_message ("step %u", i);
      g_assert_cmphex (jumped[i].actions.flags, ==, expected[i].actions.flags);
      g_assert_cmpint (jumped[i].actions.spell_start, ==, expected[i].actions.spell_start);
      g_assert_cmpint (jumped[i].actions.spell_end, ==, expected[i].actions.spell_end);
      g_assert_cmpint (jumped[i].actions.break_started, ==, expected[i].actions.break_started);
      g_assert_cmpint (jumped[i].actions.critical, ==, expected[i].actions.critical);
      g_assert_cmpstr (state_name (jumped[i].state), ==, state_name (expected[i].state));
      g_assert_cmpint (jumped[i].sitting_since, ==, expected[i].sitting_since);
      g_assert_cmpint (jumped[i].next_break_at, ==, expected[i].next_break_at);
      g_assert_cmpint (jumped[i].next_wakeup, ==, expected[i].next_wakeup);
    }

  /* And the answers are the right ones on the monotonic clock: no sitting
   * time made or lost by the jumps. */
  const ClockStep *s = jumped;
  g_assert_cmpint (s[0].sitting_since, ==, START);
  g_assert_cmpint (s[0].next_break_at, ==, START + INTERVAL);
  assert_lacks (s[0].actions, LIMBER_ACTION_PROMPT);
  assert_lacks (s[1].actions, LIMBER_ACTION_PROMPT | LIMBER_ACTION_NATURAL_BREAK);
  assert_lacks (s[2].actions, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  g_assert_cmpint (s[2].sitting_since, ==, START);
  assert_has (s[3].actions, LIMBER_ACTION_PROMPT);
  g_assert_cmpstr (state_name (s[3].state), ==, "DUE");
  assert_lacks (s[4].actions, LIMBER_ACTION_PROMPT);
  g_assert_cmpint (s[4].next_break_at, ==, START + MINUTES (46) + SNOOZE);
  assert_has (s[5].actions, LIMBER_ACTION_PROMPT);
  assert_has (s[6].actions, LIMBER_ACTION_SPELL_ENDED);
  g_assert_cmpint (s[6].actions.spell_start, ==, START);
  g_assert_cmpint (s[6].actions.spell_end, ==, START + MINUTES (57));
  g_assert_cmpint (s[6].sitting_since, ==, START + MINUTES (57));
  g_assert_cmpint (s[6].next_break_at, ==, START + MINUTES (57) + INTERVAL);
  assert_lacks (s[7].actions, LIMBER_ACTION_NATURAL_BREAK);
  assert_has (s[8].actions, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_SPELL_ENDED);
  g_assert_cmpint (s[8].actions.break_started, ==, START + MINUTES (87));
  g_assert_cmpint (s[8].actions.spell_end, ==, START + MINUTES (87));
  g_assert_cmpint (s[8].sitting_since, ==, START + MINUTES (107));
  g_assert_cmpstr (state_name (s[8].state), ==, "SITTING");
}

/* Without logind a suspend is only noticed after it (from the gap between
 * CLOCK_BOOTTIME and CLOCK_MONOTONIC): the daemon reports sleep and wake at
 * the same moment, then sets the start of the sleep back by the gap. */
static void
test_sleep_noticed_after_wake (void)
{
  gint64 start = START;
  g_autoptr(LimberTracker) tracker = limber_tracker_new (&test_settings, start);
  gint64 now = start + MINUTES (30) + MINUTES (120);
  LimberActions out = { 0 };

  limber_tracker_sleep (tracker, now, &out);
  limber_tracker_sleep (tracker, now - MINUTES (120), &out);
  g_assert_cmpint (out.flags, ==, 0);
  limber_tracker_wake (tracker, now, &out);

  g_assert_true (out.flags & LIMBER_ACTION_NATURAL_BREAK);
  g_assert_cmpint (out.break_started, ==, start + MINUTES (30));
  g_assert_true (out.flags & LIMBER_ACTION_SPELL_ENDED);
  g_assert_cmpint (out.spell_end, ==, start + MINUTES (30));
  g_assert_cmpint (limber_tracker_get_state (tracker), ==, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, now);
}

/* ---- guided stretch ---------------------------------------------------- */

/* Starting the guide from a due reminder: the spell ends where the user got
 * up, nothing is withdrawn (the guide reuses the notification), and the
 * tracker asks for no wakeup while the guide runs. */
static void
test_stretch_from_due_ends_spell (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  LimberActions out = { 0 };

  tick_expecting_prompt (tracker, START + INTERVAL, FALSE);
  g_assert_true (limber_tracker_start_stretch (tracker, START + INTERVAL + SECONDS (20), &out));
  assert_state (tracker, LIMBER_STATE_STRETCHING);
  assert_has (out, LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_WITHDRAW | LIMBER_ACTION_PROMPT);
  g_assert_cmpint (out.spell_start, ==, START);
  g_assert_cmpint (out.spell_end, ==, START + INTERVAL + SECONDS (20));
  g_assert_false (limber_tracker_is_prompting (tracker));
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, -1);
  g_assert_cmpint (limber_tracker_get_next_wakeup (tracker), ==, G_MAXINT64);
}

/* Finishing (completed or abandoned alike) starts sitting from the end of
 * the stretch, with the snooze count cleared and a full interval ahead. */
static void
test_stretch_finish_restarts_sitting (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  LimberActions out = { 0 };
  gint64 finish = START + INTERVAL + SNOOZE + MINUTES (2);

  tick_expecting_prompt (tracker, START + INTERVAL, FALSE);
  g_assert_true (limber_tracker_snooze (tracker, START + INTERVAL, SNOOZE, &out));
  tick_expecting_prompt (tracker, START + INTERVAL + SNOOZE, FALSE);
  g_assert_true (limber_tracker_start_stretch (tracker, START + INTERVAL + SNOOZE, &out));
  g_assert_true (limber_tracker_finish_stretch (tracker, finish, &out));
  assert_state (tracker, LIMBER_STATE_SITTING);
  assert_has (out, LIMBER_ACTION_STATE_CHANGED);
  assert_lacks (out, LIMBER_ACTION_SPELL_ENDED | LIMBER_ACTION_PROMPT);
  g_assert_cmpint (limber_tracker_get_sitting_since (tracker), ==, finish);
  g_assert_cmpint (limber_tracker_get_next_break_at (tracker), ==, finish + INTERVAL);
  g_assert_cmpuint (limber_tracker_get_snooze_count (tracker), ==, 0);
  g_assert_false (limber_tracker_finish_stretch (tracker, finish + 1, &out));
}

/* Someone doing a doorway stretch makes no input for a while: that idle is
 * not a natural break, and no reminder comes however long it lasts. */
static void
test_stretch_ignores_idle_and_due_time (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  LimberActions out = { 0 };
  gint64 t = START + MINUTES (10);

  g_assert_true (limber_tracker_start_stretch (tracker, t, &out));
  limber_tracker_idle (tracker, t + SECONDS (30), t, &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_PROMPT);
  limber_tracker_tick (tracker, t + INTERVAL + NATURAL_BREAK, &out);
  assert_lacks (out, LIMBER_ACTION_NATURAL_BREAK | LIMBER_ACTION_PROMPT);
  assert_state (tracker, LIMBER_STATE_STRETCHING);
  limber_tracker_active (tracker, t + INTERVAL + NATURAL_BREAK + 1, &out);
  assert_state (tracker, LIMBER_STATE_STRETCHING);
}

/* Nothing else can start over a running guide, and a paused tracker does
 * not start one. */
static void
test_stretch_refusals (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  LimberActions out = { 0 };

  g_assert_true (limber_tracker_start_stretch (tracker, START + 1, &out));
  g_assert_false (limber_tracker_start_stretch (tracker, START + 2, &out));
  g_assert_false (limber_tracker_prompt_now (tracker, START + 2, &out));
  g_assert_false (limber_tracker_snooze (tracker, START + 2, SNOOZE, &out));
  g_assert_false (limber_tracker_skip (tracker, START + 2, &out));
  assert_state (tracker, LIMBER_STATE_STRETCHING);

  limber_tracker_pause (tracker, START + 3, -1, &out);
  assert_state (tracker, LIMBER_STATE_PAUSED);
  g_assert_false (limber_tracker_start_stretch (tracker, START + 4, &out));
  g_assert_false (limber_tracker_finish_stretch (tracker, START + 4, &out));
}

/* A restart during a guide (the guide itself is gone) starts sitting anew
 * instead of staying in STRETCHING for ever. */
static void
test_stretch_restore_starts_sitting (void)
{
  g_autoptr(LimberTracker) tracker = new_tracker (START);
  g_autoptr(LimberTracker) restored = new_tracker (START);
  LimberTrackerSnapshot snapshot;
  LimberActions out = { 0 };

  g_assert_true (limber_tracker_start_stretch (tracker, START + MINUTES (10), &out));
  limber_tracker_snapshot (tracker, &snapshot);
  limber_tracker_restore (restored, &snapshot, SECONDS (5), START + MINUTES (10) + SECONDS (5), &out);
  assert_state (restored, LIMBER_STATE_SITTING);
  g_assert_cmpint (limber_tracker_get_sitting_since (restored), ==, START + MINUTES (10) + SECONDS (5));
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

  g_test_add_func ("/tracker/lock/short-counts-as-sitting", test_lock_short_counts_as_sitting);
  g_test_add_func ("/tracker/lock/short-with-input-is-sitting", test_lock_short_with_input_is_sitting);
  g_test_add_func ("/tracker/lock/input-does-not-end-away", test_lock_input_does_not_end_away);
  g_test_add_func ("/tracker/lock/long-is-natural-break", test_lock_long_is_natural_break);
  g_test_add_func ("/tracker/lock/long-seen-at-unlock", test_lock_long_seen_at_unlock);
  g_test_add_func ("/tracker/lock/due-held-until-unlock", test_lock_due_held_until_unlock);
  g_test_add_func ("/tracker/lock/due-while-locked-becomes-break", test_lock_due_while_locked_becomes_break);
  g_test_add_func ("/tracker/lock/long-while-due-withdraws", test_lock_long_while_due_withdraws);

  g_test_add_func ("/tracker/sleep/short-shifts-spell", test_sleep_short_shifts_spell);
  g_test_add_func ("/tracker/sleep/natural-break-boundary", test_sleep_natural_break_boundary);
  g_test_add_func ("/tracker/sleep/long-is-natural-break", test_sleep_long_is_natural_break);
  g_test_add_func ("/tracker/sleep/long-while-due-withdraws", test_sleep_long_while_due_withdraws);
  g_test_add_func ("/tracker/sleep/wake-grace-delays-reminder", test_sleep_wake_grace_delays_reminder);
  g_test_add_func ("/tracker/sleep/tick-before-wake-no-prompt", test_sleep_tick_before_wake_does_not_prompt);
  g_test_add_func ("/tracker/sleep/already-due-not-delayed", test_sleep_already_due_not_delayed);
  g_test_add_func ("/tracker/sleep/noticed-after-wake", test_sleep_noticed_after_wake);

  g_test_add_func ("/tracker/quiet/holds-due-reminder", test_quiet_holds_due_reminder);
  g_test_add_func ("/tracker/quiet/keeps-reminder-on-screen", test_quiet_keeps_reminder_on_screen);
  g_test_add_func ("/tracker/quiet/nothing-due", test_quiet_with_nothing_due);
  g_test_add_func ("/tracker/quiet/held-then-natural-break", test_quiet_held_then_natural_break);

  g_test_add_func ("/tracker/schedule/off-hours-track-nothing", test_schedule_off_hours_track_nothing);
  g_test_add_func ("/tracker/schedule/off-hours-ignore-lock-and-sleep", test_schedule_off_hours_ignore_lock_and_sleep);
  g_test_add_func ("/tracker/schedule/off-while-due-withdraws", test_schedule_off_while_due_withdraws);
  g_test_add_func ("/tracker/schedule/spell-crossing-end-is-cut", test_schedule_spell_crossing_end_is_cut);
  g_test_add_func ("/tracker/schedule/repeated-calls-change-nothing", test_schedule_repeated_calls_change_nothing);
  g_test_add_func ("/tracker/schedule/user-pause-outlasts-off-hours", test_schedule_user_pause_outlasts_off_hours);
  g_test_add_func ("/tracker/schedule/resume-keeps-off-hours", test_schedule_resume_keeps_off_hours);
  g_test_add_func ("/tracker/schedule/timed-pause-ends-in-off-hours", test_schedule_timed_pause_ends_in_off_hours);

  g_test_add_func ("/tracker/clock/wall-jumps-change-nothing", test_clock_wall_jumps_change_nothing);

  g_test_add_func ("/tracker/stretch/from-due-ends-spell", test_stretch_from_due_ends_spell);
  g_test_add_func ("/tracker/stretch/finish-restarts-sitting", test_stretch_finish_restarts_sitting);
  g_test_add_func ("/tracker/stretch/ignores-idle-and-due-time", test_stretch_ignores_idle_and_due_time);
  g_test_add_func ("/tracker/stretch/refusals", test_stretch_refusals);
  g_test_add_func ("/tracker/stretch/restore-starts-sitting", test_stretch_restore_starts_sitting);
  return g_test_run ();
}
