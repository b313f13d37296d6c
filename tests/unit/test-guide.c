/* The guided stretch's plan: which phases a stretch becomes, how long each
 * lasts and what the notification says in each. */
#include <string.h>

#include "limber-guide.h"

static char *doorway_steps[] = { "Arms in a T on the door frame.", NULL };
static char *cat_cow_moves[] = { "Cat: round your back up.", "Cow: let your back dip.", NULL };
static char *squeeze_moves[] = { "Squeeze your shoulder blades together.", NULL };

static LimberStretch
doorway (void)
{
  LimberStretch stretch = {
    .id = (char *) "doorway-stretch",
    .name = (char *) "Doorway stretch",
    .place = (char *) "doorway",
    .steps = doorway_steps,
    .hold_seconds = 10,
    .repetitions = 1,
    .sides = 2,
    .position = NULL,
    .position_seconds = 5,
    .side1 = (char *) "Right foot forward",
    .side2 = (char *) "Left foot forward",
    .switch_seconds = 3,
    .rest_seconds = 2,
  };
  return stretch;
}

static const LimberGuidePhase *
phase_at (GPtrArray *plan,
          guint      i)
{
  g_assert_cmpuint (i, <, plan->len);
  return g_ptr_array_index (plan, i);
}

/* Position, right side, switch, left side: 5 + 10 + 3 + 10 s. */
static void
test_two_sides (void)
{
  LimberStretch stretch = doorway ();
  g_autoptr(GPtrArray) plan = limber_guide_plan (&stretch);

  g_assert_cmpuint (plan->len, ==, 4);
  g_assert_cmpint (phase_at (plan, 0)->kind, ==, LIMBER_GUIDE_POSITION);
  g_assert_cmpint (phase_at (plan, 1)->kind, ==, LIMBER_GUIDE_HOLD);
  g_assert_cmpint (phase_at (plan, 2)->kind, ==, LIMBER_GUIDE_SWITCH);
  g_assert_cmpint (phase_at (plan, 3)->kind, ==, LIMBER_GUIDE_HOLD);
  g_assert_cmpuint (limber_guide_total_seconds (plan), ==, 28);

  /* Without a position line the first step tells how to get ready. */
  g_assert_cmpstr (phase_at (plan, 0)->title, ==, "Doorway stretch: get ready");
  g_assert_cmpstr (phase_at (plan, 0)->body, ==,
                   "Arms in a T on the door frame.\nRight foot forward first; the hold starts in 5 s.");
  g_assert_cmpstr (phase_at (plan, 1)->title, ==, "Doorway stretch: hold 10 s");
  g_assert_cmpstr (phase_at (plan, 1)->body, ==, "Hold the stretch.\nRight foot forward");
  g_assert_cmpstr (phase_at (plan, 1)->status, ==, "hold 10 s, Right foot forward");
  g_assert_cmpuint (phase_at (plan, 1)->side, ==, 1);
  g_assert_cmpstr (phase_at (plan, 2)->title, ==, "Doorway stretch: switch sides");
  g_assert_nonnull (strstr (phase_at (plan, 2)->body, "Left foot forward"));
  g_assert_cmpuint (phase_at (plan, 2)->seconds, ==, 3);
  g_assert_cmpstr (phase_at (plan, 3)->body, ==, "Hold the stretch.\nLeft foot forward");
  g_assert_cmpuint (phase_at (plan, 3)->side, ==, 2);
}

/* Sides without names are "first" and "other". */
static void
test_unnamed_sides (void)
{
  LimberStretch stretch = doorway ();
  g_autoptr(GPtrArray) plan = NULL;

  stretch.side1 = stretch.side2 = NULL;
  stretch.position = (char *) "Stand in the doorway.";
  plan = limber_guide_plan (&stretch);
  g_assert_cmpstr (phase_at (plan, 0)->body, ==,
                   "Stand in the doorway.\nFirst side first; the hold starts in 5 s.");
  g_assert_cmpstr (phase_at (plan, 3)->body, ==, "Hold the stretch.\nOther side");
}

/* 15 squeezes of 5 s with 2 s rests between them (none after the last). */
static void
test_repetitions_with_rest (void)
{
  LimberStretch stretch = doorway ();
  g_autoptr(GPtrArray) plan = NULL;

  stretch.name = (char *) "Shoulder blade squeeze";
  stretch.sides = 1;
  stretch.side1 = stretch.side2 = NULL;
  stretch.hold_seconds = 5;
  stretch.repetitions = 15;
  stretch.moves = squeeze_moves;
  plan = limber_guide_plan (&stretch);

  g_assert_cmpuint (plan->len, ==, 1 + 15 + 14);
  g_assert_cmpuint (limber_guide_total_seconds (plan), ==, 5 + 15 * 5 + 14 * 2);
  g_assert_cmpstr (phase_at (plan, 1)->body, ==,
                   "Squeeze your shoulder blades together.\nrepetition 1 of 15");
  g_assert_cmpuint (phase_at (plan, 1)->side, ==, 0);
  g_assert_cmpint (phase_at (plan, 2)->kind, ==, LIMBER_GUIDE_REST);
  g_assert_cmpstr (phase_at (plan, 2)->title, ==, "Shoulder blade squeeze: release");
  g_assert_cmpstr (phase_at (plan, 2)->body, ==, "Ease off and breathe.\nRepetition 2 of 15 next, in 2 s.");
  g_assert_cmpstr (phase_at (plan, 29)->body, ==,
                   "Squeeze your shoulder blades together.\nrepetition 15 of 15");
  g_assert_cmpint (phase_at (plan, 29)->kind, ==, LIMBER_GUIDE_HOLD);
}

/* Cat and cow: each round holds both moves in turn and flows on without
 * a rest (rest-seconds 0). */
static void
test_moves_without_rest (void)
{
  LimberStretch stretch = doorway ();
  g_autoptr(GPtrArray) plan = NULL;

  stretch.name = (char *) "Cat and cow";
  stretch.sides = 1;
  stretch.hold_seconds = 5;
  stretch.repetitions = 3;
  stretch.rest_seconds = 0;
  stretch.moves = cat_cow_moves;
  plan = limber_guide_plan (&stretch);

  g_assert_cmpuint (plan->len, ==, 1 + 3 * 2);
  for (guint i = 1; i < plan->len; i++)
    {
      g_assert_cmpint (phase_at (plan, i)->kind, ==, LIMBER_GUIDE_HOLD);
      g_assert_cmpuint (phase_at (plan, i)->repetition, ==, (i + 1) / 2);
    }
  g_assert_cmpstr (phase_at (plan, 1)->body, ==, "Cat: round your back up.\nrepetition 1 of 3");
  g_assert_cmpstr (phase_at (plan, 2)->body, ==, "Cow: let your back dip.\nrepetition 1 of 3");
  g_assert_cmpstr (phase_at (plan, 6)->body, ==, "Cow: let your back dip.\nrepetition 3 of 3");
  g_assert_cmpuint (limber_guide_total_seconds (plan), ==, 5 + 6 * 5);
}

/* A single hold of a one-sided stretch says just what to do. */
static void
test_single_hold (void)
{
  LimberStretch stretch = doorway ();
  g_autoptr(GPtrArray) plan = NULL;

  stretch.sides = 1;
  plan = limber_guide_plan (&stretch);
  g_assert_cmpuint (plan->len, ==, 2);
  g_assert_cmpstr (phase_at (plan, 0)->body, ==, "Arms in a T on the door frame.\nThe hold starts in 5 s.");
  g_assert_cmpstr (phase_at (plan, 1)->body, ==, "Hold the stretch.");
  g_assert_cmpstr (phase_at (plan, 1)->status, ==, "hold 10 s");
}

static void
test_finished_words (void)
{
  LimberStretch stretch = doorway ();
  g_autofree char *done_title = limber_guide_finished_title (stretch.name, TRUE);
  g_autofree char *stop_title = limber_guide_finished_title (stretch.name, FALSE);
  g_autofree char *done_body = limber_guide_finished_body (TRUE, 28, 3, 8);
  g_autofree char *stop_body = limber_guide_finished_body (FALSE, 12, 2, 8);
  g_autofree char *one_goal = limber_guide_finished_body (TRUE, 28, 1, 1);

  g_assert_cmpstr (done_title, ==, "Doorway stretch: done");
  g_assert_cmpstr (stop_title, ==, "Doorway stretch: stopped");
  g_assert_cmpstr (done_body, ==, "Well done: 3 of 8 stretches today.");
  g_assert_cmpstr (stop_body, ==, "Stopped after 12 s and logged as abandoned.");
  g_assert_cmpstr (one_goal, ==, "Well done: 1 of 1 stretch today.");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/guide/two-sides", test_two_sides);
  g_test_add_func ("/guide/unnamed-sides", test_unnamed_sides);
  g_test_add_func ("/guide/repetitions-with-rest", test_repetitions_with_rest);
  g_test_add_func ("/guide/moves-without-rest", test_moves_without_rest);
  g_test_add_func ("/guide/single-hold", test_single_hold);
  g_test_add_func ("/guide/finished-words", test_finished_words);
  return g_test_run ();
}
