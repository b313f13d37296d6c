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

/* Texts the guide shows on their own line in a notification. */
#define MAX_LINE_CHARS 70

static void
assert_short_line (const char *text)
{
  g_assert_nonnull (text);
  g_assert_cmpstr (text, !=, "");
  g_assert_cmpuint (g_utf8_strlen (text, -1), <=, MAX_LINE_CHARS);
}

static void
assert_same_strv (char **a,
                  char **b)
{
  if (a == NULL || b == NULL)
    g_assert_true (a == b);
  else
    g_assert_true (g_strv_equal ((const char *const *) a, (const char *const *) b));
}

/* Every field but @except_field (a field name, or NULL) is the same. */
static void
assert_same_stretch (const LimberStretch *a,
                     const LimberStretch *b,
                     const char          *except_field)
{
#define SAME_STR(f) if (g_strcmp0 (except_field, #f) != 0) g_assert_cmpstr (a->f, ==, b->f)
#define SAME_NUM(f) if (g_strcmp0 (except_field, #f) != 0) g_assert_cmpuint (a->f, ==, b->f)
#define SAME_STRV(f) if (g_strcmp0 (except_field, #f) != 0) assert_same_strv (a->f, b->f)
  SAME_STR (id);
  SAME_STR (name);
  SAME_STR (place);
  SAME_STR (summary);
  SAME_STRV (steps);
  SAME_NUM (hold_seconds);
  SAME_NUM (repetitions);
  SAME_NUM (sides);
  SAME_STR (position);
  SAME_NUM (position_seconds);
  SAME_STRV (moves);
  SAME_STR (side1);
  SAME_STR (side2);
  SAME_NUM (switch_seconds);
  SAME_NUM (rest_seconds);
  SAME_STR (picture);
#undef SAME_STR
#undef SAME_NUM
#undef SAME_STRV
}

/* ---- The shipped catalogue ----------------------------------------------- */

typedef struct {
  const char *id;
  const char *place;
  guint hold_seconds;
  guint repetitions;
  guint sides;
  guint n_moves;
  guint position_seconds;
  guint switch_seconds;
  guint rest_seconds;
} ShippedFacts;

/* From the source article: where each stretch is done, how long it is
 * held, how often it is repeated, whether both sides are worked, and the
 * positions held in turn (cat, then cow). The floor stretches allow more
 * time to get down and settled, and the twist more time to change over;
 * cat and cow flow from one round into the next without a rest. */
static const ShippedFacts shipped_facts[] = {
  { "doorway-stretch",        "doorway",  10, 1,  2, 1, 5,  3, 2 },
  { "seated-twist",           "floor",    10, 1,  2, 1, 10, 5, 2 },
  { "shoulder-blade-squeeze", "anywhere", 5,  15, 1, 1, 5,  3, 2 },
  { "chest-expansion",        "anywhere", 10, 1,  1, 1, 5,  3, 2 },
  { "cat-cow",                "floor",    5,  15, 1, 2, 10, 3, 0 },
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
        g_assert_cmpuint (g_utf8_strlen (stretch->steps[s], -1), <=, MAX_LINE_CHARS);

      /* What the guide needs: each stretch says how to get ready and
       * what to hold, and a two-sided one names its sides. */
      assert_short_line (stretch->position);
      g_assert_cmpuint (stretch->position_seconds, ==, facts->position_seconds);
      g_assert_nonnull (stretch->moves);
      g_assert_cmpuint (g_strv_length (stretch->moves), ==, facts->n_moves);
      for (guint m = 0; m < facts->n_moves; m++)
        assert_short_line (stretch->moves[m]);
      g_assert_cmpuint (stretch->switch_seconds, ==, facts->switch_seconds);
      g_assert_cmpuint (stretch->rest_seconds, ==, facts->rest_seconds);
      if (facts->sides == 2)
        {
          assert_short_line (stretch->side1);
          assert_short_line (stretch->side2);
          g_assert_cmpstr (stretch->side1, !=, stretch->side2);
        }
      else
        {
          g_assert_null (stretch->side1);
          g_assert_null (stretch->side2);
        }
      /* The installed pictures/<id>.svg is the guide's to find. */
      g_assert_null (stretch->picture);
    }

  /* Spot checks of the wording against the article's facts. */
  {
    const LimberStretch *cat_cow = limber_catalogue_lookup (catalogue, "cat-cow");
    const LimberStretch *doorway = limber_catalogue_lookup (catalogue, "doorway-stretch");

    g_assert_true (g_str_has_prefix (cat_cow->moves[0], "Cat: "));
    g_assert_true (g_str_has_prefix (cat_cow->moves[1], "Cow: "));
    g_assert_cmpstr (doorway->side1, ==, "Right foot forward");
    g_assert_cmpstr (doorway->side2, ==, "Left foot forward");
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


/* The shipped catalogue alone, and with the fixture's overrides, which
 * must load without a warning. */
static void
load_with_and_without_overrides (Fixture          *fixture,
                                 const char       *path,
                                 LimberCatalogue **shipped,
                                 LimberCatalogue **with_overrides)
{
  const char *const no_warnings[] = { NULL };
  g_autoptr(GError) error = NULL;

  *shipped = limber_catalogue_load (path, NULL, NULL, &error);
  g_assert_no_error (error);
  *with_overrides = limber_catalogue_load (path, fixture->overrides, fixture->warnings, &error);
  g_assert_no_error (error);
  assert_warnings (fixture->warnings, no_warnings);
}

static void
test_override_and_add (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) shipped = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  const LimberStretch *before, *after, *neck;

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

  load_with_and_without_overrides (fixture, path, &shipped, &catalogue);

  /* Only the key the user gave changes. */
  before = limber_catalogue_lookup (shipped, "doorway-stretch");
  after = limber_catalogue_lookup (catalogue, "doorway-stretch");
  g_assert_cmpuint (after->hold_seconds, ==, 30);
  assert_same_stretch (after, before, "hold_seconds");

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
  /* The guide falls back on step1, one plain hold, "first side" and
   * "other side", and the default picture. */
  g_assert_null (neck->position);
  g_assert_cmpuint (neck->position_seconds, ==, 5);
  g_assert_null (neck->moves);
  g_assert_null (neck->side1);
  g_assert_null (neck->side2);
  g_assert_cmpuint (neck->switch_seconds, ==, 3);
  g_assert_cmpuint (neck->rest_seconds, ==, 2);
  g_assert_null (neck->picture);
}

static void
test_override_guide_timing (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) shipped = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  const LimberStretch *before, *after;

  add_override (fixture, "slow.ini",
                "[doorway-stretch]\n"
                "position-seconds=20\n"
                "\n"
                "[shoulder-blade-squeeze]\n"
                "rest-seconds=0\n"
                "\n"
                "[seated-twist]\n"
                "switch-seconds=60\n"
                "\n"
                "[chest-expansion]\n"
                "picture=/home/ana/Pictures/chest.png\n");

  load_with_and_without_overrides (fixture, path, &shipped, &catalogue);

  /* Each new key merges on its own, like the old ones: the position,
   * moves and sides of the catalogue stay. */
  before = limber_catalogue_lookup (shipped, "doorway-stretch");
  after = limber_catalogue_lookup (catalogue, "doorway-stretch");
  g_assert_cmpuint (before->position_seconds, ==, 5);
  g_assert_cmpuint (after->position_seconds, ==, 20);
  assert_same_stretch (after, before, "position_seconds");

  before = limber_catalogue_lookup (shipped, "shoulder-blade-squeeze");
  after = limber_catalogue_lookup (catalogue, "shoulder-blade-squeeze");
  g_assert_cmpuint (after->rest_seconds, ==, 0);
  assert_same_stretch (after, before, "rest_seconds");

  before = limber_catalogue_lookup (shipped, "seated-twist");
  after = limber_catalogue_lookup (catalogue, "seated-twist");
  g_assert_cmpuint (after->switch_seconds, ==, 60);
  assert_same_stretch (after, before, "switch_seconds");

  before = limber_catalogue_lookup (shipped, "chest-expansion");
  after = limber_catalogue_lookup (catalogue, "chest-expansion");
  g_assert_null (before->picture);
  g_assert_cmpstr (after->picture, ==, "/home/ana/Pictures/chest.png");
  assert_same_stretch (after, before, "picture");
}

static void
test_override_moves (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) shipped = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  const LimberStretch *before, *after;
  const char *const only_cat[] = { "Cat only: round your back.", NULL };
  const char *const in_order[] = { "Reach up.", "Lean left.", "Lean right.", NULL };

  add_override (fixture, "10-cat.ini",
                "[cat-cow]\n"
                "move1=Cat only: round your back.\n");
  /* Gaps and any order, as with the steps. */
  add_override (fixture, "20-reach.ini",
                "[chest-expansion]\n"
                "move30=Lean right.\n"
                "move1=Reach up.\n"
                "move7=Lean left.\n");

  load_with_and_without_overrides (fixture, path, &shipped, &catalogue);

  /* Giving move1 alone drops the catalogue's move2: the moves are
   * replaced as a whole, never mixed. */
  before = limber_catalogue_lookup (shipped, "cat-cow");
  after = limber_catalogue_lookup (catalogue, "cat-cow");
  g_assert_cmpuint (g_strv_length (before->moves), ==, 2);
  g_assert_true (g_strv_equal ((const char *const *) after->moves, only_cat));
  assert_same_stretch (after, before, "moves");

  before = limber_catalogue_lookup (shipped, "chest-expansion");
  after = limber_catalogue_lookup (catalogue, "chest-expansion");
  g_assert_true (g_strv_equal ((const char *const *) after->moves, in_order));
  assert_same_stretch (after, before, "moves");
}

static void
test_override_clears_texts (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  const LimberStretch *doorway;
  const char *const no_warnings[] = { NULL };

  /* One side only: the named sides must go too, and an empty value takes
   * them back. */
  add_override (fixture, "one-side.ini",
                "[doorway-stretch]\n"
                "sides=1\n"
                "side1=\n"
                "side2=  \n"
                "position=\n");

  catalogue = limber_catalogue_load (path, fixture->overrides, fixture->warnings, &error);
  g_assert_no_error (error);
  assert_warnings (fixture->warnings, no_warnings);

  doorway = limber_catalogue_lookup (catalogue, "doorway-stretch");
  g_assert_cmpuint (doorway->sides, ==, 1);
  g_assert_null (doorway->side1);
  g_assert_null (doorway->side2);
  g_assert_null (doorway->position);
  g_assert_cmpuint (g_strv_length (doorway->moves), ==, 1);
}

static void
test_override_sides_conflict (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *path = shipped_catalogue_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  g_autofree char *side1 = NULL;
  g_autofree char *side2 = NULL;
  const char *expected[3] = { NULL };
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint side1_line = 0, side2_line = 0;

  add_override (fixture, "one-side.ini",
                "[doorway-stretch]\n"
                "sides=1\n");

  /* The named sides are in the catalogue: the problem is shown there,
   * and the message says how to fix it. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0, in_doorway = FALSE; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '[')
        in_doorway = strcmp (lines[i], "[doorway-stretch]") == 0;
      else if (in_doorway && g_str_has_prefix (lines[i], "side1="))
        side1_line = i + 1;
      else if (in_doorway && g_str_has_prefix (lines[i], "side2="))
        side2_line = i + 1;
    }
  g_assert_cmpuint (side1_line, >, 0);
  g_assert_cmpuint (side2_line, >, 0);
  side1 = g_strdup_printf ("%s:%u: [doorway-stretch] side1: “Right foot forward” needs "
                           "sides=2, but the stretch has one side (set sides=2, or leave "
                           "side1 empty); the stretch is skipped", path, side1_line);
  side2 = g_strdup_printf ("%s:%u: [doorway-stretch] side2: “Left foot forward” needs "
                           "sides=2, but the stretch has one side (set sides=2, or leave "
                           "side2 empty); the stretch is skipped", path, side2_line);
  expected[0] = side1;
  expected[1] = side2;

  catalogue = limber_catalogue_load (path, fixture->overrides, fixture->warnings, &error);
  g_assert_no_error (error);
  assert_warnings (fixture->warnings, expected);
  assert_ids (catalogue, "seated-twist shoulder-blade-squeeze chest-expansion cat-cow");
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
                                   "sides, position, position-seconds, move1, move2, …, "
                                   "side1, side2, switch-seconds, rest-seconds, picture)", path);
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
test_malformed_guide_keys (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *path = write_main (fixture,
                                      "[fine]\n"                          /* 1 */
                                      "name=Fine\n"
                                      "place=anywhere\n"
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"                  /* 5 */
                                      "position-seconds=120\n"
                                      "rest-seconds=0\n"
                                      "switch-seconds=60\n"
                                      "picture=/usr/share/pixmaps/fine.svg\n"
                                      "\n"                                /* 10 */
                                      "[no-position-time]\n"
                                      "name=Zero\n"
                                      "place=anywhere\n"
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"                  /* 15 */
                                      "position-seconds=0\n"              /* 16 */
                                      "\n"
                                      "[slow-start]\n"
                                      "name=Slow\n"
                                      "place=anywhere\n"                  /* 20 */
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"
                                      "position-seconds=121\n"            /* 23 */
                                      "\n"
                                      "[negative-rest]\n"                 /* 25 */
                                      "name=Negative\n"
                                      "place=anywhere\n"
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"
                                      "rest-seconds=-1\n"                 /* 30 */
                                      "switch-seconds=0\n"                /* 31 */
                                      "\n"
                                      "[relative-picture]\n"
                                      "name=Relative\n"
                                      "place=anywhere\n"                  /* 35 */
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"
                                      "picture=pictures/me.svg\n"         /* 38 */
                                      "\n"
                                      "[one-side]\n"                      /* 40 */
                                      "name=One side\n"
                                      "place=anywhere\n"
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"
                                      "side1=Left arm up\n"               /* 45 */
                                      "\n"
                                      "[empty-move]\n"
                                      "name=Empty move\n"
                                      "place=anywhere\n"
                                      "step1=Do it.\n"                    /* 50 */
                                      "hold-seconds=5\n"
                                      "move1=Up.\n"
                                      "move2=\n"                          /* 53 */
                                      "\n"
                                      "[two-sides]\n"                     /* 55 */
                                      "name=Two sides\n"
                                      "place=floor\n"
                                      "step1=Do it.\n"
                                      "hold-seconds=5\n"
                                      "sides=2\n"                         /* 60 */
                                      "side2=Left leg\n"
                                      "move2=Second.\n"
                                      "move1=First.\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberCatalogue) catalogue = NULL;
  const LimberStretch *fine, *two_sides;
  const char *const two_moves[] = { "First.", "Second.", NULL };
  char *expected[9] = { NULL };
  guint n = 0;

  expected[n++] = g_strdup_printf ("%s:16: [no-position-time] position-seconds: “0” is out of "
                                   "range (use 1 to 120); the stretch is skipped", path);
  expected[n++] = g_strdup_printf ("%s:23: [slow-start] position-seconds: “121” is out of "
                                   "range (use 1 to 120); the stretch is skipped", path);
  /* Both problems of one stretch, so that one edit fixes them. */
  expected[n++] = g_strdup_printf ("%s:31: [negative-rest] switch-seconds: “0” is out of "
                                   "range (use 1 to 60); the stretch is skipped", path);
  expected[n++] = g_strdup_printf ("%s:30: [negative-rest] rest-seconds: “-1” is out of "
                                   "range (use 0 to 60); the stretch is skipped", path);
  expected[n++] = g_strdup_printf ("%s:38: [relative-picture] picture: “pictures/me.svg” is "
                                   "not an absolute path (write it in full, starting with /); "
                                   "the stretch is skipped", path);
  expected[n++] = g_strdup_printf ("%s:45: [one-side] side1: “Left arm up” needs sides=2, but "
                                   "the stretch has one side (set sides=2, or leave side1 "
                                   "empty); the stretch is skipped", path);
  expected[n++] = g_strdup_printf ("%s:53: [empty-move] move2: empty; the stretch is skipped",
                                   path);

  catalogue = limber_catalogue_load (path, NULL, fixture->warnings, &error);
  g_assert_no_error (error);
  assert_warnings (fixture->warnings, (const char *const *) expected);
  assert_ids (catalogue, "fine two-sides");

  /* The ends of each range are allowed; a picture is not looked for. */
  fine = limber_catalogue_lookup (catalogue, "fine");
  g_assert_cmpuint (fine->position_seconds, ==, 120);
  g_assert_cmpuint (fine->rest_seconds, ==, 0);
  g_assert_cmpuint (fine->switch_seconds, ==, 60);
  g_assert_cmpstr (fine->picture, ==, "/usr/share/pixmaps/fine.svg");

  /* One named side is enough; the guide names the other "other side". */
  two_sides = limber_catalogue_lookup (catalogue, "two-sides");
  g_assert_null (two_sides->side1);
  g_assert_cmpstr (two_sides->side2, ==, "Left leg");
  g_assert_true (g_strv_equal ((const char *const *) two_sides->moves, two_moves));

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
  ADD ("/catalogue/override/guide-timing", test_override_guide_timing);
  ADD ("/catalogue/override/moves", test_override_moves);
  ADD ("/catalogue/override/clear-texts", test_override_clears_texts);
  ADD ("/catalogue/override/sides-conflict", test_override_sides_conflict);
  ADD ("/catalogue/malformed/entries", test_malformed_entries);
  ADD ("/catalogue/malformed/guide-keys", test_malformed_guide_keys);
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
