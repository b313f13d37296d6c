/* The words a reminder shows. */
#include "limber-reminder.h"

static LimberStretch *
make_stretch (const char *name,
              guint       sides,
              guint       repetitions)
{
  static char *steps[] = { "Stand in a doorway & raise your arms", "Lean <forward> gently", NULL };
  LimberStretch *stretch = g_new0 (LimberStretch, 1);

  stretch->id = (char *) "test";
  stretch->name = (char *) name;
  stretch->place = (char *) "doorway";
  stretch->steps = steps;
  stretch->hold_seconds = 10;
  stretch->repetitions = repetitions;
  stretch->sides = sides;
  return stretch;
}

static void
test_title (void)
{
  g_autofree char *minutes = limber_reminder_title (45 * 60 + 7);
  g_autofree char *long_spell = limber_reminder_title (90 * 60);
  g_autofree char *short_spell = limber_reminder_title (5);

  g_assert_cmpstr (minutes, ==, "You have been sitting for 45 minutes");
  g_assert_cmpstr (long_spell, ==, "You have been sitting for 1 hour 30 minutes");
  g_assert_cmpstr (short_spell, ==, "You have been sitting for 5 seconds");
}

static void
test_body_markup_escaped (void)
{
  g_autofree LimberStretch *stretch = make_stretch ("Doors & <frames>", 2, 1);
  g_autofree char *markup = limber_reminder_body (stretch, TRUE);
  g_autofree char *plain = limber_reminder_body (stretch, FALSE);

  /* Catalogue text can never inject markup into the notification. */
  g_assert_nonnull (strstr (markup, "<b>Doors &amp; &lt;frames&gt;</b>"));
  g_assert_nonnull (strstr (markup, "Stand in a doorway &amp; raise your arms"));
  g_assert_nonnull (strstr (markup, "Lean &lt;forward&gt; gently"));
  g_assert_null (strstr (markup, "<forward>"));

  /* Without markup the text is exactly what the catalogue says. */
  g_assert_true (g_str_has_prefix (plain, "Doors & <frames>\n"));
  g_assert_nonnull (strstr (plain, "Lean <forward> gently"));
  g_assert_null (strstr (plain, "<b>"));
  g_assert_null (strstr (plain, "&amp;"));
}

static void
test_dosage (void)
{
  g_autofree LimberStretch *both = make_stretch ("A", 2, 1);
  g_autofree LimberStretch *reps = make_stretch ("B", 1, 15);
  g_autofree char *both_text = limber_reminder_dosage (both);
  g_autofree char *reps_text = limber_reminder_dosage (reps);
  g_autofree char *body = limber_reminder_body (reps, FALSE);
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);

  g_assert_cmpstr (both_text, ==, "Hold 10 s · 1 time · each side");
  g_assert_cmpstr (reps_text, ==, "Hold 10 s · 15 times · both sides together");
  /* Name, two steps, then the dosage line: short enough for a notification. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, reps_text);
}

static void
test_snooze_label (void)
{
  g_autofree char *ten = limber_reminder_snooze_label (600);
  g_autofree char *odd = limber_reminder_snooze_label (90);

  g_assert_cmpstr (ten, ==, "Snooze 10 min");
  g_assert_cmpstr (odd, ==, "Snooze 1m30s");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reminder/title", test_title);
  g_test_add_func ("/reminder/body/markup-escaped", test_body_markup_escaped);
  g_test_add_func ("/reminder/dosage", test_dosage);
  g_test_add_func ("/reminder/snooze-label", test_snooze_label);
  return g_test_run ();
}
