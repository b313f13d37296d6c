/* The adaptive query rule of the X11 and ScreenSaver backends. */
#include "limber-idle-query.h"

#define S(x) ((gint64) (x) * G_USEC_PER_SEC)

static void
test_active_asks_when_threshold_could_be_reached (void)
{
  LimberIdleQuery query;
  LimberIdleQueryChange change;

  limber_idle_query_init (&query, S (60));
  /* Idle 0 s: nothing can happen for a whole threshold. */
  g_assert_cmpint (limber_idle_query_update (&query, S (100), 0, &change), ==, S (60));
  g_assert_cmpint (change, ==, LIMBER_IDLE_QUERY_NOTHING);
  /* Idle 45 s: 15 s more at the earliest. */
  g_assert_cmpint (limber_idle_query_update (&query, S (160), S (45), &change), ==, S (15));
  g_assert_cmpint (change, ==, LIMBER_IDLE_QUERY_NOTHING);
  g_assert_false (query.idle);
  /* Never a tight loop, even with a counter stuck just short. */
  g_assert_cmpint (limber_idle_query_update (&query, S (175), S (60) - 1, &change), >=,
                   250 * G_TIME_SPAN_MILLISECOND);
}

static void
test_idle_then_back_off_then_return (void)
{
  LimberIdleQuery query;
  LimberIdleQueryChange change;
  gint64 now = S (1000);
  gint64 expected[] = { S (2), S (4), S (8), S (16), S (30), S (30) };

  limber_idle_query_init (&query, S (60));
  g_assert_cmpint (limber_idle_query_update (&query, now, S (61), &change), ==, S (2));
  g_assert_cmpint (change, ==, LIMBER_IDLE_QUERY_WENT_IDLE);
  g_assert_true (query.idle);
  g_assert_cmpint (query.idle_since, ==, now - S (61));

  /* Still away: the re-checks thin out to every 30 s, and say nothing. */
  for (guint i = 1; i < G_N_ELEMENTS (expected); i++)
    {
      now += expected[i - 1];
      g_assert_cmpint (limber_idle_query_update (&query, now, now - query.idle_since, &change),
                       ==, expected[i]);
      g_assert_cmpint (change, ==, LIMBER_IDLE_QUERY_NOTHING);
    }

  /* Input 3 s ago: back, and the next query a threshold from that input. */
  now += S (30);
  g_assert_cmpint (limber_idle_query_update (&query, now, S (3), &change), ==, S (57));
  g_assert_cmpint (change, ==, LIMBER_IDLE_QUERY_CAME_BACK);
  g_assert_false (query.idle);
  g_assert_cmpuint (query.queries, ==, 7);
}

static void
test_return_and_leave_again_between_checks (void)
{
  LimberIdleQuery query;
  LimberIdleQueryChange change;
  gint64 now = S (1000);

  limber_idle_query_init (&query, S (60));
  limber_idle_query_update (&query, now, S (60), &change);
  g_assert_cmpint (change, ==, LIMBER_IDLE_QUERY_WENT_IDLE);

  /* 120 s later idle reads 70 s: they came back 50 s after leaving and
   * left again. First the return is reported, then at once the new
   * absence. */
  now += S (120);
  g_assert_cmpint (limber_idle_query_update (&query, now, S (70), &change), <=, S (1));
  g_assert_cmpint (change, ==, LIMBER_IDLE_QUERY_CAME_BACK);
  now += S (1);
  limber_idle_query_update (&query, now, S (71), &change);
  g_assert_cmpint (change, ==, LIMBER_IDLE_QUERY_WENT_IDLE);
  g_assert_cmpint (query.idle_since, ==, now - S (71));
}

static void
test_clock_slack_is_not_a_return (void)
{
  LimberIdleQuery query;
  LimberIdleQueryChange change;
  gint64 now = S (1000);

  limber_idle_query_init (&query, S (60));
  limber_idle_query_update (&query, now, S (60), &change);
  /* The counter lags our clock by half a second: still away. */
  now += S (2);
  limber_idle_query_update (&query, now, S (62) - 500 * G_TIME_SPAN_MILLISECOND, &change);
  g_assert_cmpint (change, ==, LIMBER_IDLE_QUERY_NOTHING);
  g_assert_true (query.idle);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/idle-query/active", test_active_asks_when_threshold_could_be_reached);
  g_test_add_func ("/idle-query/idle-back-off-return", test_idle_then_back_off_then_return);
  g_test_add_func ("/idle-query/return-and-leave", test_return_and_leave_again_between_checks);
  g_test_add_func ("/idle-query/clock-slack", test_clock_slack_is_not_a_return);
  return g_test_run ();
}
