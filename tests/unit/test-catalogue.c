/* The stretch catalogue as users meet it: the shipped stretches with the
 * article's facts, their own stretches and overrides, mistakes reported
 * with file and line, and a rotation that does not nag with the same
 * stretch twice. */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "limber-catalogue.h"
#include "limber-error.h"

typedef struct {
  char *dir;       /* scratch folder */
  char *overrides; /* dir/stretches.d, created on demand by write_override () */
  GPtrArray *warnings;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("limber-test-catalogue-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->overrides = g_build_filename (fixture->dir, "stretches.d", NULL);
  fixture->warnings = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->overrides);
  g_ptr_array_unref (fixture->warnings);
}

/* Returns the path written. */
static char *
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
write_main (Fixture    *fixture,
            const char *text)
{
  return write_file (fixture->dir, "stretches.ini", text);
}

static char *
write_override (Fixture    *fixture,
                const char *name,
                const char *text)
{
  return write_file (fixture->overrides, name, text);
}

/* For the overrides whose path the test does not need. */
static void
add_override (Fixture    *fixture,
              const char *name,
              const char *text)
{
  g_free (write_override (fixture, name, text));
}

static char *
shipped_catalogue_path (void)
{
  const char *data_dir = g_getenv ("LIMBER_SOURCE_DATA");

  if (data_dir != NULL && *data_dir != '\0')
    return g_build_filename (data_dir, "stretches.ini", NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "..", "data", "stretches.ini", NULL);
}

static void
assert_warnings (GPtrArray         *warnings,
                 const char *const *expected)
{
  guint n_expected = g_strv_length ((char **) expected);

  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpstr (g_ptr_array_index (warnings, i), ==, expected[i]);
}

static void
assert_ids (LimberCatalogue *catalogue,
            const char      *expected)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  for (guint i = 0; i < limber_catalogue_get_n_stretches (catalogue); i++)
    g_ptr_array_add (ids, limber_catalogue_get_stretch (catalogue, i)->id);
  g_ptr_array_add (ids, NULL);
  joined = g_strjoinv (" ", (char **) ids->pdata);
  g_assert_cmpstr (joined, ==, expected);
}

/* ---- The shipped catalogue ----------------------------------------------- */

typedef struct {
  const char *id;
  const char *place;
  guint hold_seconds;
  guint repetitions;
  guint sides;
} ShippedFacts;

/* From the source article: where each stretch is done, how long it is
 * held, how often it is repeated, and whether both sides are worked. */
static const ShippedFacts shipped_facts[] = {
  { "doorway-stretch",        "doorway",  10, 1,  2 },
  { "seated-twist",           "floor",    10, 1,  2 },
  { "shoulder-blade-squeeze", "anywhere", 5,  15, 1 },
  { "chest-expansion",        "anywhere", 10, 1,  1 },
  { "cat-cow",                "floor",    5,  15, 1 },
};

static void
test_shipped (void)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  const char *const no_warnings[] = { NULL };

  catalogue = limber_catalogue_load (path, NULL, warnings, &error);
  g_assert_no_error (error);
  assert_warnings (warnings, no_warnings);

  assert_ids (catalogue, "doorway-stretch seated-twist shoulder-blade-squeeze "
                         "chest-expansion cat-cow");

  for (gsize i = 0; i < G_N_ELEMENTS (shipped_facts); i++)
    {
      const ShippedFacts *facts = &shipped_facts[i];
      const LimberStretch *stretch = limber_catalogue_lookup (catalogue, facts->id);
      guint n_steps;

      g_test_message ("checking %s", facts->id);
      g_assert_nonnull (stretch);
      g_assert_cmpstr (stretch->place, ==, facts->place);
      g_assert_cmpuint (stretch->hold_seconds, ==, facts->hold_seconds);
      g_assert_cmpuint (stretch->repetitions, ==, facts->repetitions);
      g_assert_cmpuint (stretch->sides, ==, facts->sides);
      g_assert_cmpstr (stretch->name, !=, "");
      g_assert_cmpstr (stretch->summary, !=, "");

      /* A notification shows two or three short lines in full. */
      n_steps = g_strv_length (stretch->steps);
      g_assert_cmpuint (n_steps, >=, 2);
      g_assert_cmpuint (n_steps, <=, 3);
      for (guint s = 0; s < n_steps; s++)
        g_assert_cmpuint (g_utf8_strlen (stretch->steps[s], -1), <=, 70);
    }

  g_assert_null (limber_catalogue_lookup (catalogue, "no-such-stretch"));
  g_assert_cmpuint (g_strv_length ((char **) limber_catalogue_get_precautions (catalogue)), ==, 4);
  g_assert_cmpuint (g_strv_length ((char **) limber_catalogue_get_tips (catalogue)), ==, 4);
}

static void
test_missing_main_file (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "nothing-here.ini", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;

  catalogue = limber_catalogue_load (path, NULL, fixture->warnings, &error);
  g_assert_null (catalogue);
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_unreadable_main_file (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;

  /* A folder where the file should be. */
  catalogue = limber_catalogue_load (fixture->dir, NULL, fixture->warnings, &error);
  g_assert_null (catalogue);
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_FAILED);
}

/* ---- User stretches and overrides ---------------------------------------- */

static void
test_override_and_add (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) shipped = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  const LimberStretch *before, *after, *neck;
  const char *const no_warnings[] = { NULL };

  add_override (fixture, "10-longer.ini",
                "[doorway-stretch]\n"
                "hold-seconds=30\n");
  add_override (fixture, "20-neck.ini",
                "# my physio's favourite\n"
                "[neck-tilt]\n"
                "name=Neck tilt\n"
                "place=anywhere\n"
                "step1=Sit tall and tip your ear toward your shoulder.\n"
                "step2=Hold, then tip to the other side.\n"
                "hold-seconds=15\n"
                "sides=2\n");
  add_override (fixture, "README.txt", "not a stretch file\n");

  shipped = limber_catalogue_load (path, NULL, NULL, &error);
  g_assert_no_error (error);
  catalogue = limber_catalogue_load (path, fixture->overrides, fixture->warnings, &error);
  g_assert_no_error (error);
  assert_warnings (fixture->warnings, no_warnings);

  /* Only the key the user gave changes. */
  before = limber_catalogue_lookup (shipped, "doorway-stretch");
  after = limber_catalogue_lookup (catalogue, "doorway-stretch");
  g_assert_cmpuint (after->hold_seconds, ==, 30);
  g_assert_cmpstr (after->name, ==, before->name);
  g_assert_cmpstr (after->place, ==, before->place);
  g_assert_cmpstr (after->summary, ==, before->summary);
  g_assert_cmpuint (after->repetitions, ==, before->repetitions);
  g_assert_cmpuint (after->sides, ==, before->sides);
  g_assert_true (g_strv_equal ((const char *const *) after->steps,
                               (const char *const *) before->steps));

  /* A new stretch comes after the shipped ones; what it leaves out takes
   * the documented defaults. */
  assert_ids (catalogue, "doorway-stretch seated-twist shoulder-blade-squeeze "
                         "chest-expansion cat-cow neck-tilt");
  neck = limber_catalogue_lookup (catalogue, "neck-tilt");
  g_assert_cmpstr (neck->name, ==, "Neck tilt");
  g_assert_cmpstr (neck->place, ==, "anywhere");
  g_assert_cmpstr (neck->summary, ==, "");
  g_assert_cmpuint (g_strv_length (neck->steps), ==, 2);
  g_assert_cmpstr (neck->steps[1], ==, "Hold, then tip to the other side.");
  g_assert_cmpuint (neck->hold_seconds, ==, 15);
  g_assert_cmpuint (neck->repetitions, ==, 1);
  g_assert_cmpuint (neck->sides, ==, 2);
}

static void
test_override_order_and_steps (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  const LimberStretch *stretch;
  const char *const expected_steps[] = { "On all fours.", "Arch, then sag.", NULL };

  add_override (fixture, "10-first.ini",
                "[cat-cow]\n"
                "hold-seconds=30\n"
                "step1=Old text.\n");
  add_override (fixture, "20-second.ini",
                "[cat-cow]\n"
                "hold-seconds=45\n"
                "step2=Arch, then sag.\n"
                "step1=On all fours.\n");
  add_override (fixture, ".99-backup.ini",
                "[cat-cow]\nhold-seconds=99\n");

  catalogue = limber_catalogue_load (path, fixture->overrides, fixture->warnings, &error);
  g_assert_no_error (error);

  /* Files apply in name order, so the later one wins; dot files (editor
   * backups) are not read. The steps of an override replace all of the
   * stretch's steps, in number order. */
  stretch = limber_catalogue_lookup (catalogue, "cat-cow");
  g_assert_cmpuint (stretch->hold_seconds, ==, 45);
  g_assert_true (g_strv_equal ((const char *const *) stretch->steps, expected_steps));
  g_assert_cmpuint (fixture->warnings->len, ==, 0);
}

/* ---- Mistakes ------------------------------------------------------------ */

static void
test_malformed_entries (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *path = write_main (fixture,
                                      "[good-one]\n"                     /* 1 */
                                      "name=Good one\n"
                                      "place=anywhere\n"
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"                 /* 5 */
                                      "\n"
                                      "[bad-place]\n"
                                      "name=Bad place\n"
                                      "place=kitchen\n"                  /* 9 */
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"
                                      "\n"
                                      "[no-steps]\n"                     /* 13 */
                                      "name=No steps\n"
                                      "place=floor\n"
                                      "hold-seconds=5\n"
                                      "\n"
                                      "[bad-hold]\n"
                                      "name=Bad hold\n"
                                      "place=floor\n"                    /* 20 */
                                      "step1=Do it.\n"
                                      "hold-seconds=abc\n"               /* 22 */
                                      "\n"
                                      "[too-much]\n"
                                      "name=Too much\n"                  /* 25 */
                                      "place=floor\n"
                                      "step1=Do it.\n"
                                      "hold-seconds=601\n"               /* 28 */
                                      "sides=3\n"                        /* 29 */
                                      "\n"                               /* 30 */
                                      "[Bad_Id]\n"                       /* 31 */
                                      "name=Bad id\n"
                                      "place=floor\n"
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"                 /* 35 */
                                      "\n"
                                      "[typo]\n"
                                      "name=Typo\n"
                                      "place=doorway\n"
                                      "step1=Do it.\n"                   /* 40 */
                                      "hold-seconds=8\n"
                                      "repetitons=3\n"                   /* 42 */
                                      "\n"
                                      "[another-good]\n"
                                      "name=Another good\n"              /* 45 */
                                      "place=floor\n"
                                      "step1=Do it.\n"
                                      "step2=Again.\n"
                                      "hold-seconds=600\n"
                                      "repetitions=100\n"                /* 50 */
                                      "sides=2\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  char *expected[9] = { NULL };
  guint n = 0;

  /* A typo in a key name is worth a word but does not cost the stretch. */
  expected[n++] = g_strdup_printf ("%s:42: [typo] repetitons: unknown key (use name, place, "
                                   "summary, step1, step2, …, hold-seconds, repetitions, "
                                   "sides)", path);
  expected[n++] = g_strdup_printf ("%s:9: [bad-place] place: “kitchen” is not a place (use "
                                   "doorway, floor or anywhere); the stretch is skipped", path);
  expected[n++] = g_strdup_printf ("%s:13: [no-steps] step1: missing (a stretch needs at "
                                   "least one step); the stretch is skipped", path);
  expected[n++] = g_strdup_printf ("%s:22: [bad-hold] hold-seconds: “abc” is not a whole "
                                   "number (use 1 to 600); the stretch is skipped", path);
  /* Every problem of a stretch is listed, so one edit fixes them all. */
  expected[n++] = g_strdup_printf ("%s:28: [too-much] hold-seconds: “601” is out of range "
                                   "(use 1 to 600); the stretch is skipped", path);
  expected[n++] = g_strdup_printf ("%s:29: [too-much] sides: “3” is out of range (use 1 to 2); "
                                   "the stretch is skipped", path);
  expected[n++] = g_strdup_printf ("%s:31: [Bad_Id]: not a valid stretch id (use lowercase "
                                   "letters, digits and “-”); the stretch is skipped", path);

  catalogue = limber_catalogue_load (path, NULL, fixture->warnings, &error);
  g_assert_no_error (error);
  assert_warnings (fixture->warnings, (const char *const *) expected);
  assert_ids (catalogue, "good-one typo another-good");

  for (guint i = 0; i < n; i++)
    g_free (expected[i]);
}

static void
test_malformed_override (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autofree char *broken = write_override (fixture, "50-mine.ini",
                                            "[chest-expansion]\n"  /* 1 */
                                            "hold-seconds=0\n"     /* 2 */
                                            "\n"
                                            "[half-done]\n"        /* 4 */
                                            "name=Half done\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  char *expected[5] = { NULL };

  /* The problem is shown where the user made it: in their file, on the
   * line of the bad value, or on the group's line for what is missing. */
  expected[0] = g_strdup_printf ("%s:2: [chest-expansion] hold-seconds: “0” is out of range "
                                 "(use 1 to 600); the stretch is skipped", broken);
  expected[1] = g_strdup_printf ("%s:4: [half-done] place: missing; the stretch is skipped",
                                 broken);
  expected[2] = g_strdup_printf ("%s:4: [half-done] step1: missing (a stretch needs at least "
                                 "one step); the stretch is skipped", broken);
  expected[3] = g_strdup_printf ("%s:4: [half-done] hold-seconds: missing; the stretch is "
                                 "skipped", broken);

  catalogue = limber_catalogue_load (path, fixture->overrides, fixture->warnings, &error);
  g_assert_no_error (error);
  assert_warnings (fixture->warnings, (const char *const *) expected);
  assert_ids (catalogue, "doorway-stretch seated-twist shoulder-blade-squeeze cat-cow");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_free (expected[i]);
}

static void
test_bad_lines_in_override (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autofree char *mine = write_override (fixture, "mine.ini",
                                          "[seated-twist]\n"
                                          "hold for longer please\n"  /* 2 */
                                          "hold-seconds=20\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  g_autofree char *expected = g_strdup_printf ("%s:2: not a key=value line: “hold for longer "
                                               "please”", mine);
  const char *const expected_list[] = { expected, NULL };

  /* One stray line does not throw away the rest of the user's file. */
  catalogue = limber_catalogue_load (path, fixture->overrides, fixture->warnings, &error);
  g_assert_no_error (error);
  assert_warnings (fixture->warnings, expected_list);
  g_assert_cmpuint (limber_catalogue_lookup (catalogue, "seated-twist")->hold_seconds, ==, 20);
}

static void
test_no_valid_stretch (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *path = write_main (fixture,
                                      "[only-one]\n"
                                      "name=Only one\n"
                                      "place=garden\n"
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;

  catalogue = limber_catalogue_load (path, NULL, fixture->warnings, &error);
  g_assert_null (catalogue);
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_FAILED);
  /* ... and the warning says what is wrong with it. */
  g_assert_cmpuint (fixture->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->warnings, 0), "“garden”"));
}

/* ---- Rotation ------------------------------------------------------------ */

static const char rotation_catalogue[] =
  "[alpha]\nname=Alpha\nplace=anywhere\nstep1=A.\nhold-seconds=5\n"
  "[beta]\nname=Beta\nplace=floor\nstep1=B.\nhold-seconds=5\n"
  "[gamma]\nname=Gamma\nplace=anywhere\nstep1=C.\nhold-seconds=5\n"
  "[delta]\nname=Delta\nplace=doorway\nstep1=D.\nhold-seconds=5\n";

static LimberCatalogue *
load_rotation_catalogue (Fixture *fixture)
{
  g_autofree char *path = write_main (fixture, rotation_catalogue);
  g_autoptr(GError) error = NULL;
  LimberCatalogue *catalogue = limber_catalogue_load (path, NULL, fixture->warnings, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (fixture->warnings->len, ==, 0);
  return catalogue;
}

static GHashTable *
history_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
history_add (GHashTable *history,
             const char *id,
             gint64      ts)
{
  g_hash_table_insert (history, g_strdup (id), g_memdup2 (&ts, sizeof ts));
}

static const char *
choose_id (LimberCatalogue    *catalogue,
           const char * const *places,
           const char         *previous,
           GHashTable         *history)
{
  const LimberStretch *stretch = limber_catalogue_choose (catalogue, places, previous, history, NULL);

  return stretch != NULL ? stretch->id : NULL;
}

static void
test_choose_prefers_never_done (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(LimberCatalogue) catalogue = load_rotation_catalogue (fixture);
  g_autoptr(GHashTable) history = history_new ();

  /* A new user starts at the top of the catalogue. */
  g_assert_cmpstr (choose_id (catalogue, NULL, NULL, NULL), ==, "alpha");
  g_assert_cmpstr (choose_id (catalogue, NULL, NULL, history), ==, "alpha");

  /* Something never done beats anything done, however long ago. */
  history_add (history, "alpha", 1000);
  history_add (history, "beta", 10);
  g_assert_cmpstr (choose_id (catalogue, NULL, NULL, history), ==, "gamma");
}

static void
test_choose_least_recent (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(LimberCatalogue) catalogue = load_rotation_catalogue (fixture);
  g_autoptr(GHashTable) history = history_new ();

  history_add (history, "alpha", 300);
  history_add (history, "beta", 100);
  history_add (history, "gamma", 200);
  history_add (history, "delta", 400);
  g_assert_cmpstr (choose_id (catalogue, NULL, NULL, history), ==, "beta");

  /* Never the one just suggested, even if it is the oldest. */
  g_assert_cmpstr (choose_id (catalogue, NULL, "beta", history), ==, "gamma");
}

static void
test_choose_ties_in_catalogue_order (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(LimberCatalogue) catalogue = load_rotation_catalogue (fixture);
  g_autoptr(GHashTable) history = history_new ();

  history_add (history, "delta", 100);
  history_add (history, "gamma", 100);
  history_add (history, "beta", 100);
  history_add (history, "alpha", 100);
  g_assert_cmpstr (choose_id (catalogue, NULL, NULL, history), ==, "alpha");
  g_assert_cmpstr (choose_id (catalogue, NULL, "alpha", history), ==, "beta");
}

static void
test_choose_full_rotation (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(LimberCatalogue) catalogue = load_rotation_catalogue (fixture);
  g_autoptr(GHashTable) history = history_new ();
  g_autoptr(GString) sequence = g_string_new (NULL);
  const char *previous = NULL;

  /* A day of breaks, each stretch done as suggested: every stretch comes
   * up once before any comes up again. */
  for (gint64 t = 1; t <= 8; t++)
    {
      const char *id = choose_id (catalogue, NULL, previous, history);

      g_assert_nonnull (id);
      g_assert_cmpstr (id, !=, previous);
      history_add (history, id, t * 3600);
      g_string_append_printf (sequence, "%s%s", sequence->len > 0 ? " " : "", id);
      previous = id;
    }
  g_assert_cmpstr (sequence->str, ==,
                   "alpha beta gamma delta alpha beta gamma delta");
}

static void
test_choose_honours_places (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(LimberCatalogue) catalogue = load_rotation_catalogue (fixture);
  g_autoptr(GHashTable) history = history_new ();
  const char *const anywhere[] = { "anywhere", NULL };
  const char *const floor_or_doorway[] = { "floor", "doorway", NULL };
  const char *previous = NULL;

  /* At a desk with no room to lie down: only "anywhere" stretches, and
   * they take turns. */
  for (gint64 t = 1; t <= 4; t++)
    {
      const char *id = choose_id (catalogue, anywhere, previous, history);

      g_assert_cmpstr (id, ==, t % 2 == 1 ? "alpha" : "gamma");
      g_assert_cmpstr (limber_catalogue_lookup (catalogue, id)->place, ==, "anywhere");
      history_add (history, id, t * 3600);
      previous = id;
    }

  g_assert_cmpstr (choose_id (catalogue, floor_or_doorway, NULL, NULL), ==, "beta");
  g_assert_cmpstr (choose_id (catalogue, floor_or_doorway, "beta", NULL), ==, "delta");
}

static void
test_choose_nothing_allowed (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(LimberCatalogue) catalogue = load_rotation_catalogue (fixture);
  const char *const garden[] = { "garden", NULL };
  const char *const none[] = { NULL };

  g_assert_null (choose_id (catalogue, garden, NULL, NULL));
  g_assert_null (choose_id (catalogue, none, "alpha", NULL));
}

static void
test_choose_only_one_allowed (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(LimberCatalogue) catalogue = load_rotation_catalogue (fixture);
  g_autoptr(GHashTable) history = history_new ();
  const char *const doorway[] = { "doorway", NULL };

  /* The same stretch again beats no stretch at all. */
  history_add (history, "delta", 100);
  g_assert_cmpstr (choose_id (catalogue, doorway, "delta", history), ==, "delta");
}

static void
test_choose_shipped_anywhere (void)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = limber_catalogue_load (path, NULL, NULL, &error);
  const char *const anywhere[] = { "anywhere", NULL };
  const LimberStretch *first, *second;

  g_assert_no_error (error);
  first = limber_catalogue_choose (catalogue, anywhere, NULL, NULL, NULL);
  second = limber_catalogue_choose (catalogue, anywhere, first->id, NULL, NULL);
  g_assert_cmpstr (first->id, ==, "shoulder-blade-squeeze");
  g_assert_cmpstr (second->id, ==, "chest-expansion");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/catalogue/shipped", test_shipped);
  ADD ("/catalogue/missing-main-file", test_missing_main_file);
  ADD ("/catalogue/unreadable-main-file", test_unreadable_main_file);
  ADD ("/catalogue/override/change-and-add", test_override_and_add);
  ADD ("/catalogue/override/order-and-steps", test_override_order_and_steps);
  ADD ("/catalogue/malformed/entries", test_malformed_entries);
  ADD ("/catalogue/malformed/override", test_malformed_override);
  ADD ("/catalogue/malformed/bad-line", test_bad_lines_in_override);
  ADD ("/catalogue/malformed/no-valid-stretch", test_no_valid_stretch);
  ADD ("/catalogue/choose/never-done-first", test_choose_prefers_never_done);
  ADD ("/catalogue/choose/least-recent", test_choose_least_recent);
  ADD ("/catalogue/choose/ties", test_choose_ties_in_catalogue_order);
  ADD ("/catalogue/choose/full-rotation", test_choose_full_rotation);
  ADD ("/catalogue/choose/places", test_choose_honours_places);
  ADD ("/catalogue/choose/nothing-allowed", test_choose_nothing_allowed);
  ADD ("/catalogue/choose/only-one-allowed", test_choose_only_one_allowed);
  g_test_add_func ("/catalogue/choose/shipped-anywhere", test_choose_shipped_anywhere);

#undef ADD

  return g_test_run ();
}
