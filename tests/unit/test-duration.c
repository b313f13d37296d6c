/* Durations as users type them (DESIGN.md "Durations"). */
#include "limber-duration.h"
#include "limber-error.h"

static void
test_parse_good (void)
{
  static const struct {
    const char *text;
    gint64      seconds;
  } cases[] = {
    { "90s", 90 },
    { "10m", 600 },
    { "1h", 3600 },
    { "1h30m", 5400 },
    { "2h15m30s", 8130 },
    { "45", 2700 },          /* a bare number means minutes */
    { "1m30s", 90 },
    { "1h5s", 3605 },
    { "007m", 420 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 seconds = -1;

      g_assert_true (limber_duration_parse (cases[i].text, &seconds, &error));
      g_assert_no_error (error);
      g_assert_cmpint (seconds, ==, cases[i].seconds);
    }
}

static void
test_parse_bad (void)
{
  /* Every bad form is refused, and the message quotes what was typed. */
  static const char *const cases[] = {
    "0", "0s", "0h0m", "-5m", "-1", "banana", "10x", "5 m", " 5m", "5m ",
    "1h30", "30m1h", "1m1m", "m", "1.5h", "+5m", "1d",
    "99999999999999999999s", "9223372036854775807h", "2562047788015216h",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 seconds = 12345;

      g_assert_false (limber_duration_parse (cases[i], &seconds, &error));
      g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, cases[i]));
      g_assert_cmpint (seconds, ==, 12345); /* untouched on failure */
    }
}

static void
test_parse_empty (void)
{
  g_autoptr(GError) error = NULL;
  gint64 seconds;

  g_assert_false (limber_duration_parse ("", &seconds, &error));
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (limber_duration_parse (NULL, &seconds, &error));
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT);
}

static void
test_format_round_trip (void)
{
  static const struct {
    gint64      seconds;
    const char *text;
  } cases[] = {
    { 0, "0s" }, { 45, "45s" }, { 90, "1m30s" }, { 600, "10m" }, { 3600, "1h" },
    { 5400, "1h30m" }, { 8130, "2h15m30s" }, { 86400, "24h" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = limber_duration_format (cases[i].seconds);
      gint64 back = -1;

      g_assert_cmpstr (text, ==, cases[i].text);
      if (cases[i].seconds > 0)
        {
          g_assert_true (limber_duration_parse (text, &back, NULL));
          g_assert_cmpint (back, ==, cases[i].seconds);
        }
    }
}

static void
test_describe (void)
{
  static const struct {
    gint64      seconds;
    const char *text;
  } cases[] = {
    { 0, "0 seconds" }, { 1, "1 second" }, { 30, "30 seconds" }, { 60, "1 minute" },
    { 2700, "45 minutes" }, { 3600, "1 hour" }, { 5400, "1 hour 30 minutes" },
    { 3725, "1 hour 2 minutes" }, { 7200, "2 hours" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = limber_duration_describe (cases[i].seconds);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/duration/parse/good", test_parse_good);
  g_test_add_func ("/duration/parse/bad", test_parse_bad);
  g_test_add_func ("/duration/parse/empty", test_parse_empty);
  g_test_add_func ("/duration/format/round-trip", test_format_round_trip);
  g_test_add_func ("/duration/describe", test_describe);
  return g_test_run ();
}
