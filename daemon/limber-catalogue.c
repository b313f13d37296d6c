#include "limber-catalogue.h"

#include <stdarg.h>
#include <string.h>

#include "limber-error.h"
#include "limber-keyfile-lines.h"

#define GENERAL_GROUP "general"

/* Numbered keys (step1, step2, ...) are read in number order; a sane file
 * has a handful, and the cap keeps "step99999999999" from overflowing. */
#define MAX_KEY_NUMBER 999

#define MIN_HOLD_SECONDS 1
#define MAX_HOLD_SECONDS 600
#define MIN_REPETITIONS  1
#define MAX_REPETITIONS  100

/* The guided stretch: time to get ready, to change sides, and to breathe
 * between repetitions (0 for a stretch that flows from one into the next). */
#define MIN_POSITION_SECONDS     1
#define MAX_POSITION_SECONDS     120
#define DEFAULT_POSITION_SECONDS 5
#define MIN_SWITCH_SECONDS       1
#define MAX_SWITCH_SECONDS       60
#define DEFAULT_SWITCH_SECONDS   3
#define MIN_REST_SECONDS         0
#define MAX_REST_SECONDS         60
#define DEFAULT_REST_SECONDS     2

static const char *const known_places[] = { "doorway", "floor", "anywhere", NULL };
static const char *const stretch_text_keys[] = {
  "name", "place", "summary", "position", "side1", "side2", "picture", NULL
};
static const char *const stretch_number_keys[] = {
  "hold-seconds", "repetitions", "sides", "position-seconds", "switch-seconds", "rest-seconds", NULL
};

struct _LimberCatalogue {
  GObject     parent_instance;

  GPtrArray  *stretches;   /* LimberStretch *, in catalogue order */
  GHashTable *by_id;       /* id -> LimberStretch * (owned by stretches) */
  char      **precautions;
  char      **tips;
};

G_DEFINE_FINAL_TYPE (LimberCatalogue, limber_catalogue, G_TYPE_OBJECT)

static void
limber_stretch_free (LimberStretch *stretch)
{
  g_free (stretch->id);
  g_free (stretch->name);
  g_free (stretch->place);
  g_free (stretch->summary);
  g_strfreev (stretch->steps);
  g_free (stretch->position);
  g_strfreev (stretch->moves);
  g_free (stretch->side1);
  g_free (stretch->side2);
  g_free (stretch->picture);
  g_free (stretch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimberStretch, limber_stretch_free)

static void
limber_catalogue_finalize (GObject *object)
{
  LimberCatalogue *self = LIMBER_CATALOGUE (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->stretches, g_ptr_array_unref);
  g_clear_pointer (&self->precautions, g_strfreev);
  g_clear_pointer (&self->tips, g_strfreev);

  G_OBJECT_CLASS (limber_catalogue_parent_class)->finalize (object);
}

static void
limber_catalogue_class_init (LimberCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limber_catalogue_finalize;
}

static void
limber_catalogue_init (LimberCatalogue *self)
{
  self->stretches = g_ptr_array_new_with_free_func ((GDestroyNotify) limber_stretch_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ---- Merging the files ---------------------------------------------------
 *
 * A draft collects, for one group name, which file last set each key. Values
 * are read and checked only once every file has been merged, so that an
 * override can repair a key and a problem is reported with the file and line
 * of the value that is actually used. */

typedef struct {
  char               *group;
  LimberKeyfileLines *origin; /* the file that introduced the group */
  GHashTable         *keys;   /* key -> LimberKeyfileLines * (borrowed) */
} Draft;

static Draft *
draft_new (const char         *group,
           LimberKeyfileLines *origin)
{
  Draft *draft = g_new0 (Draft, 1);

  draft->group = g_strdup (group);
  draft->origin = origin;
  draft->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return draft;
}

static void
draft_free (Draft *draft)
{
  g_free (draft->group);
  g_hash_table_unref (draft->keys);
  g_free (draft);
}

/* "step12" with @prefix "step" gives 12; leading zeros and a missing number
 * are refused so that each step has exactly one spelling. */
static guint
key_number (const char *key,
            const char *prefix)
{
  gsize prefix_len = strlen (prefix);
  guint64 number;

  if (strncmp (key, prefix, prefix_len) != 0)
    return 0;
  key += prefix_len;
  if (*key < '1' || *key > '9')
    return 0;
  if (!g_ascii_string_to_unsigned (key, 10, 1, MAX_KEY_NUMBER, &number, NULL))
    return 0;
  return (guint) number;
}

/* The numbered families a group may hold: the steps and moves of a
 * stretch, or the precautions and tips of [general]. */
static const char *
key_family (const char *group,
            const char *key)
{
  static const char *const stretch_families[] = { "step", "move", NULL };
  static const char *const general_families[] = { "precaution", "tip", NULL };
  const char *const *families = strcmp (group, GENERAL_GROUP) == 0 ? general_families
                                                                  : stretch_families;

  for (guint i = 0; families[i] != NULL; i++)
    if (key_number (key, families[i]) > 0)
      return families[i];
  return NULL;
}

static gboolean
is_known_key (const char *group,
              const char *key)
{
  if (key_family (group, key) != NULL)
    return TRUE;
  if (strcmp (group, GENERAL_GROUP) == 0)
    return FALSE;
  return g_strv_contains (stretch_text_keys, key) || g_strv_contains (stretch_number_keys, key);
}

static void
draft_forget_family (Draft      *draft,
                     const char *family)
{
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, draft->keys);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (key_number (key, family) > 0)
      g_hash_table_iter_remove (&iter);
}

static void
merge_group (Draft              *draft,
             LimberKeyfileLines *lines,
             GPtrArray          *warnings)
{
  GKeyFile *key_file = limber_keyfile_lines_get_key_file (lines);
  g_auto(GStrv) keys = g_key_file_get_keys (key_file, draft->group, NULL, NULL);
  g_autoptr(GHashTable) families_given = g_hash_table_new (g_str_hash, g_str_equal);

  /* Numbered keys replace as a set: an override that rewrites the steps
   * (or the moves) must not end up with a leftover step3 from the
   * catalogue. */
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *family = key_family (draft->group, keys[i]);
      if (family != NULL && g_hash_table_add (families_given, (gpointer) family))
        draft_forget_family (draft, family);
    }

  for (guint i = 0; keys[i] != NULL; i++)
    {
      /* GKeyFile lists a key once per line that sets it; warn once. */
      if (g_hash_table_lookup (draft->keys, keys[i]) == lines)
        continue;
      if (!is_known_key (draft->group, keys[i]))
        limber_keyfile_lines_warn (lines, warnings, draft->group, keys[i],
                                   strcmp (draft->group, GENERAL_GROUP) == 0
                                   ? "unknown key (use precaution1, precaution2, … and tip1, tip2, …)"
                                   : "unknown key (use name, place, summary, step1, step2, …, "
                                     "hold-seconds, repetitions, sides, position, "
                                     "position-seconds, move1, move2, …, side1, side2, "
                                     "switch-seconds, rest-seconds, picture)");
      /* Recorded even when unknown, only so that a repeat is not warned twice. */
      g_hash_table_insert (draft->keys, g_strdup (keys[i]), lines);
    }
}

typedef struct {
  GPtrArray  *drafts;   /* Draft *, stretches in catalogue order */
  GHashTable *by_group; /* group -> Draft * (borrowed) */
  Draft      *general;
} Merge;

static void
merge_file (Merge              *merge,
            LimberKeyfileLines *lines,
            GPtrArray          *warnings)
{
  g_auto(GStrv) groups = g_key_file_get_groups (limber_keyfile_lines_get_key_file (lines), NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      Draft *draft;

      if (strcmp (groups[i], GENERAL_GROUP) == 0)
        {
          if (merge->general == NULL)
            merge->general = draft_new (GENERAL_GROUP, lines);
          draft = merge->general;
        }
      else
        {
          draft = g_hash_table_lookup (merge->by_group, groups[i]);
          if (draft == NULL)
            {
              draft = draft_new (groups[i], lines);
              g_ptr_array_add (merge->drafts, draft);
              g_hash_table_insert (merge->by_group, draft->group, draft);
            }
        }
      merge_group (draft, lines, warnings);
    }
}

/* ---- Checking a merged stretch ------------------------------------------ */

typedef struct {
  guint       number;
  const char *key;
} NumberedKey;

static int
compare_numbered_keys (gconstpointer a,
                       gconstpointer b)
{
  const NumberedKey *ka = a;
  const NumberedKey *kb = b;

  return (ka->number > kb->number) - (ka->number < kb->number);
}

/* The keys of @family in number order; gaps are fine (deleting step2 of
 * three should not break a stretch). */
static GArray *
draft_family_keys (Draft      *draft,
                   const char *family)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (NumberedKey));
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, draft->keys);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    {
      NumberedKey entry = { key_number (key, family), key };
      if (entry.number > 0)
        g_array_append_val (out, entry);
    }
  g_array_sort (out, compare_numbered_keys);
  return out;
}

/* Reports a problem of @key in the file that gave it, or, for a missing
 * key, at the group header of the file that introduced the stretch; the
 * message ends with what happens because of it. */
static void
draft_warn (Draft      *draft,
            GPtrArray  *warnings,
            const char *key,
            const char *format,
            ...) G_GNUC_PRINTF (4, 5);

static void
draft_warn (Draft      *draft,
            GPtrArray  *warnings,
            const char *key,
            const char *format,
            ...)
{
  LimberKeyfileLines *lines = NULL;
  g_autofree char *message = NULL;
  va_list args;

  if (key != NULL)
    lines = g_hash_table_lookup (draft->keys, key);
  if (lines == NULL)
    lines = draft->origin;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  limber_keyfile_lines_warn (lines, warnings, draft->group, key, "%s; %s", message,
                             strcmp (draft->group, GENERAL_GROUP) == 0
                             ? "it is left out" : "the stretch is skipped");
}

/* The value of @key with surrounding spaces removed, or NULL when the key
 * is not set or cannot be read (then reported, and *@ok cleared). */
static char *
draft_get_text (Draft      *draft,
                const char *key,
                GPtrArray  *warnings,
                gboolean   *ok)
{
  LimberKeyfileLines *lines = g_hash_table_lookup (draft->keys, key);
  GKeyFile *key_file;
  char *text;

  if (lines == NULL)
    return NULL;

  key_file = limber_keyfile_lines_get_key_file (lines);
  text = g_key_file_get_string (key_file, draft->group, key, NULL);
  if (text == NULL)
    {
      g_autofree char *raw = g_key_file_get_value (key_file, draft->group, key, NULL);
      g_autofree char *shown = g_utf8_make_valid (raw != NULL ? raw : "", -1);

      draft_warn (draft, warnings, key,
                  "“%s” cannot be read (a stray backslash, or not UTF-8)", shown);
      *ok = FALSE;
      return NULL;
    }
  /* GKeyFile keeps the spaces after a value; nobody means them. */
  return g_strstrip (text);
}

static char *
draft_get_required_text (Draft      *draft,
                         const char *key,
                         GPtrArray  *warnings,
                         gboolean   *ok)
{
  gboolean readable = TRUE;
  char *text = draft_get_text (draft, key, warnings, &readable);

  if (!readable)
    {
      *ok = FALSE;
      return NULL;
    }
  if (text == NULL || *text == '\0')
    {
      draft_warn (draft, warnings, key, "%s", text == NULL ? "missing" : "empty");
      g_free (text);
      *ok = FALSE;
      return NULL;
    }
  return text;
}

/* An optional text: NULL when the key is not set, cannot be read (then
 * reported, and *@ok cleared), or is empty. An empty value is how an
 * override takes back a text the catalogue gives. */
static char *
draft_get_optional_text (Draft      *draft,
                         const char *key,
                         GPtrArray  *warnings,
                         gboolean   *ok)
{
  char *text = draft_get_text (draft, key, warnings, ok);

  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* The texts of a numbered family (step1, step2, ...) in number order; each
 * must be non-empty. An empty list gives NULL. */
static char **
draft_get_lines (Draft      *draft,
                 const char *family,
                 GPtrArray  *warnings,
                 gboolean   *ok)
{
  g_autoptr(GArray) keys = draft_family_keys (draft, family);
  g_autoptr(GPtrArray) lines = NULL;

  if (keys->len == 0)
    return NULL;

  lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < keys->len; i++)
    {
      const NumberedKey *entry = &g_array_index (keys, NumberedKey, i);
      char *line = draft_get_required_text (draft, entry->key, warnings, ok);

      if (line != NULL)
        g_ptr_array_add (lines, line);
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

/* A number in @min..@max; @fallback when the key is absent and optional
 * (@fallback 0 means required). */
static guint
draft_get_number (Draft      *draft,
                  const char *key,
                  guint       min,
                  guint       max,
                  guint       fallback,
                  GPtrArray  *warnings,
                  gboolean   *ok)
{
  gboolean readable = TRUE;
  g_autofree char *text = draft_get_text (draft, key, warnings, &readable);
  gint64 value;

  if (!readable)
    {
      *ok = FALSE;
      return fallback;
    }
  if (text == NULL && fallback > 0)
    return fallback;
  if (text == NULL)
    {
      draft_warn (draft, warnings, key, "missing");
      *ok = FALSE;
      return fallback;
    }
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    {
      draft_warn (draft, warnings, key,
                  "“%s” is not a whole number (use %u to %u)",
                  text, min, max);
      *ok = FALSE;
      return fallback;
    }
  if (value < min || value > max)
    {
      draft_warn (draft, warnings, key,
                  "“%s” is out of range (use %u to %u)",
                  text, min, max);
      *ok = FALSE;
      return fallback;
    }
  return (guint) value;
}

static gboolean
is_valid_id (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* Every value is checked even after a first problem, so that one run shows
 * the user everything to fix. */
static LimberStretch *
build_stretch (Draft     *draft,
               GPtrArray *warnings)
{
  g_autoptr(LimberStretch) stretch = g_new0 (LimberStretch, 1);
  gboolean ok = TRUE;
  gboolean sides_ok = TRUE;

  if (!is_valid_id (draft->group))
    {
      draft_warn (draft, warnings, NULL,
                  "not a valid stretch id (use lowercase letters, digits and “-”)");
      return NULL;
    }
  stretch->id = g_strdup (draft->group);

  stretch->name = draft_get_required_text (draft, "name", warnings, &ok);

  stretch->place = draft_get_required_text (draft, "place", warnings, &ok);
  if (stretch->place != NULL && !g_strv_contains (known_places, stretch->place))
    {
      draft_warn (draft, warnings, "place",
                  "“%s” is not a place (use doorway, floor or anywhere)", stretch->place);
      ok = FALSE;
    }

  /* The summary is a nicety; a user's own stretch may do without it. */
  stretch->summary = draft_get_text (draft, "summary", warnings, &ok);
  if (stretch->summary == NULL)
    stretch->summary = g_strdup ("");

  stretch->steps = draft_get_lines (draft, "step", warnings, &ok);
  if (stretch->steps == NULL)
    {
      draft_warn (draft, warnings, "step1",
                  "missing (a stretch needs at least one step)");
      stretch->steps = g_new0 (char *, 1);
      ok = FALSE;
    }

  stretch->hold_seconds = draft_get_number (draft, "hold-seconds",
                                            MIN_HOLD_SECONDS, MAX_HOLD_SECONDS, 0,
                                            warnings, &ok);
  /* Most stretches are done once and are symmetric or have no sides, so
   * these two may be left out. */
  stretch->repetitions = draft_get_number (draft, "repetitions",
                                           MIN_REPETITIONS, MAX_REPETITIONS, 1,
                                           warnings, &ok);
  stretch->sides = draft_get_number (draft, "sides", 1, 2, 1, warnings, &sides_ok);
  ok = ok && sides_ok;

  /* What the guide needs beyond the steps; all of it may be left out. */
  stretch->position = draft_get_optional_text (draft, "position", warnings, &ok);
  stretch->position_seconds = draft_get_number (draft, "position-seconds",
                                                MIN_POSITION_SECONDS, MAX_POSITION_SECONDS,
                                                DEFAULT_POSITION_SECONDS, warnings, &ok);
  stretch->moves = draft_get_lines (draft, "move", warnings, &ok);

  stretch->side1 = draft_get_optional_text (draft, "side1", warnings, &ok);
  stretch->side2 = draft_get_optional_text (draft, "side2", warnings, &ok);
  /* A named side on a one-sided stretch means one of the two keys is a
   * mistake, and the guide cannot tell which; a bad sides= is already
   * reported on its own. */
  if (sides_ok && stretch->sides == 1)
    {
      if (stretch->side1 != NULL)
        {
          draft_warn (draft, warnings, "side1",
                      "“%s” needs sides=2, but the stretch has one side "
                      "(set sides=2, or leave side1 empty)", stretch->side1);
          ok = FALSE;
        }
      if (stretch->side2 != NULL)
        {
          draft_warn (draft, warnings, "side2",
                      "“%s” needs sides=2, but the stretch has one side "
                      "(set sides=2, or leave side2 empty)", stretch->side2);
          ok = FALSE;
        }
    }
  stretch->switch_seconds = draft_get_number (draft, "switch-seconds",
                                              MIN_SWITCH_SECONDS, MAX_SWITCH_SECONDS,
                                              DEFAULT_SWITCH_SECONDS, warnings, &ok);
  stretch->rest_seconds = draft_get_number (draft, "rest-seconds",
                                            MIN_REST_SECONDS, MAX_REST_SECONDS,
                                            DEFAULT_REST_SECONDS, warnings, &ok);

  /* Only the form is checked: the file may appear later, and a picture
   * that cannot be shown costs the guide nothing but the picture. A
   * relative path would depend on limberd's working folder. */
  stretch->picture = draft_get_optional_text (draft, "picture", warnings, &ok);
  if (stretch->picture != NULL && !g_path_is_absolute (stretch->picture))
    {
      draft_warn (draft, warnings, "picture",
                  "“%s” is not an absolute path (write it in full, starting with /)",
                  stretch->picture);
      ok = FALSE;
    }

  if (!ok)
    return NULL;
  return g_steal_pointer (&stretch);
}

/* The texts of a numbered family in [general], in number order; empty
 * values are left out. */
static char **
general_list (Draft      *general,
              const char *family,
              GPtrArray  *warnings)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) keys = NULL;

  if (general != NULL)
    {
      keys = draft_family_keys (general, family);
      for (guint i = 0; i < keys->len; i++)
        {
          gboolean ok = TRUE;
          const char *key = g_array_index (keys, NumberedKey, i).key;
          char *text = draft_get_text (general, key, warnings, &ok);

          if (text != NULL && *text != '\0')
            g_ptr_array_add (out, text);
          else
            g_free (text);
        }
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* ---- Loading ------------------------------------------------------------ */

static int
compare_file_names (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The *.ini files of @dir in byte order of their names, so that a user can
 * decide which of two files wins by naming them 10-x.ini and 20-y.ini. */
static GPtrArray *
list_override_files (const char *dir,
                     GPtrArray  *warnings)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = NULL;
  const char *name;

  if (dir == NULL)
    return paths;

  handle = g_dir_open (dir, 0, &error);
  if (handle == NULL)
    {
      /* No folder is the normal case: the user added no stretch. */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) && warnings != NULL)
        g_ptr_array_add (warnings, g_strdup_printf ("%s: cannot be read (%s); "
                                                    "the stretches in it are ignored",
                                                    dir, error->message));
      return paths;
    }

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      /* Dot files are editor leftovers and backups, not the user's intent. */
      if (name[0] == '.' || !g_str_has_suffix (name, ".ini"))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_file_names);

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (paths, g_build_filename (dir, g_ptr_array_index (names, i), NULL));
  return paths;
}

LimberCatalogue *
limber_catalogue_load (const char *main_file,
                       const char *overrides_dir,
                       GPtrArray  *warnings,
                       GError    **error)
{
  g_autoptr(LimberCatalogue) self = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GPtrArray) override_files = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GHashTable) by_group = NULL;
  g_autoptr(GError) local_error = NULL;
  LimberKeyfileLines *main_lines;
  Merge merge;

  g_return_val_if_fail (main_file != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The files stay loaded until every stretch is checked: drafts point
   * into them for values and line numbers. */
  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) limber_keyfile_lines_free);

  main_lines = limber_keyfile_lines_load (main_file, warnings, &local_error);
  if (main_lines == NULL)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_FAILED,
                   "cannot read the stretch catalogue %s: %s", main_file, local_error->message);
      return NULL;
    }
  g_ptr_array_add (sources, main_lines);

  override_files = list_override_files (overrides_dir, warnings);
  for (guint i = 0; i < override_files->len; i++)
    {
      const char *path = g_ptr_array_index (override_files, i);
      LimberKeyfileLines *lines;

      g_clear_error (&local_error);
      lines = limber_keyfile_lines_load (path, warnings, &local_error);
      if (lines == NULL)
        {
          if (warnings != NULL)
            g_ptr_array_add (warnings, g_strdup_printf ("%s: cannot be read (%s); "
                                                        "its stretches are ignored",
                                                        path, local_error->message));
          continue;
        }
      g_ptr_array_add (sources, lines);
    }

  drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) draft_free);
  by_group = g_hash_table_new (g_str_hash, g_str_equal);
  merge = (Merge) { drafts, by_group, NULL };
  for (guint i = 0; i < sources->len; i++)
    merge_file (&merge, g_ptr_array_index (sources, i), warnings);

  self = g_object_new (LIMBER_TYPE_CATALOGUE, NULL);
  for (guint i = 0; i < drafts->len; i++)
    {
      LimberStretch *stretch = build_stretch (g_ptr_array_index (drafts, i), warnings);

      if (stretch == NULL)
        continue;
      g_ptr_array_add (self->stretches, stretch);
      g_hash_table_insert (self->by_id, stretch->id, stretch);
    }

  self->precautions = general_list (merge.general, "precaution", warnings);
  self->tips = general_list (merge.general, "tip", warnings);
  g_clear_pointer (&merge.general, draft_free);

  /* Without a single stretch the daemon has nothing to suggest; the
   * warnings above say why. */
  if (self->stretches->len == 0)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_FAILED,
                   "the stretch catalogue %s holds no valid stretch", main_file);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* ---- Queries ------------------------------------------------------------ */

guint
limber_catalogue_get_n_stretches (LimberCatalogue *self)
{
  g_return_val_if_fail (LIMBER_IS_CATALOGUE (self), 0);
  return self->stretches->len;
}

const LimberStretch *
limber_catalogue_get_stretch (LimberCatalogue *self,
                              guint            index)
{
  g_return_val_if_fail (LIMBER_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (index < self->stretches->len, NULL);
  return g_ptr_array_index (self->stretches, index);
}

const LimberStretch *
limber_catalogue_lookup (LimberCatalogue *self,
                         const char      *id)
{
  g_return_val_if_fail (LIMBER_IS_CATALOGUE (self), NULL);
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, id);
}

const char * const *
limber_catalogue_get_precautions (LimberCatalogue *self)
{
  g_return_val_if_fail (LIMBER_IS_CATALOGUE (self), NULL);
  return (const char * const *) self->precautions;
}

const char * const *
limber_catalogue_get_tips (LimberCatalogue *self)
{
  g_return_val_if_fail (LIMBER_IS_CATALOGUE (self), NULL);
  return (const char * const *) self->tips;
}

static gint64
lookup_time (GHashTable *times,
             const char *id)
{
  const gint64 *ts = times != NULL ? g_hash_table_lookup (times, id) : NULL;

  return ts != NULL ? *ts : 0;
}

const LimberStretch *
limber_catalogue_choose (LimberCatalogue    *self,
                         const char * const *places,
                         const char         *previous,
                         GHashTable         *last_completed,
                         GHashTable         *last_suggested)
{
  const LimberStretch *best = NULL;
  const LimberStretch *previous_stretch = NULL;
  gint64 best_done = 0;
  gint64 best_suggested = 0;

  g_return_val_if_fail (LIMBER_IS_CATALOGUE (self), NULL);

  for (guint i = 0; i < self->stretches->len; i++)
    {
      const LimberStretch *stretch = g_ptr_array_index (self->stretches, i);
      gint64 done, suggested;

      if (places != NULL && !g_strv_contains (places, stretch->place))
        continue;
      /* Kept aside: the same stretch twice in a row is only right when
       * nothing else fits the places the user allows. */
      if (previous != NULL && strcmp (stretch->id, previous) == 0)
        {
          previous_stretch = stretch;
          continue;
        }

      /* Never done or never suggested counts as longest ago (0). */
      done = lookup_time (last_completed, stretch->id);
      suggested = lookup_time (last_suggested, stretch->id);

      /* Least recently done first; among those, least recently suggested,
       * so that a user who keeps declining still sees every stretch in
       * turn. Strict comparisons: on a full tie the earlier stretch in the
       * catalogue stays the choice. */
      if (best == NULL
          || done < best_done
          || (done == best_done && suggested < best_suggested))
        {
          best = stretch;
          best_done = done;
          best_suggested = suggested;
        }
    }

  return best != NULL ? best : previous_stretch;
}
