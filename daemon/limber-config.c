#include "limber-config.h"

#include <string.h>

#include "limber-duration.h"
#include "limber-keyfile-lines.h"

#define DEFAULT_INTERVAL      (45 * 60)
#define DEFAULT_NATURAL_BREAK (5 * 60)
#define DEFAULT_SNOOZE        (10 * 60)
#define DEFAULT_MAX_SNOOZES   3
#define DEFAULT_DAILY_GOAL    8
#define DEFAULT_BACKEND       "auto"
#define DEFAULT_DISMISS       LIMBER_DISMISS_SKIP
#define DEFAULT_SOUND         TRUE

/* Below 5 s a reminder would fire while the previous one is still on
 * screen; above a day it would never fire at all. */
#define MIN_DURATION 5
#define MAX_DURATION (24 * 60 * 60)

static const char *const known_places[] = { "doorway", "floor", "anywhere", NULL };
/* In the order "auto" tries them, then "none" (limber.conf(5)). */
static const char *const known_backends[] = {
  "auto", "mutter", "wayland", "x11", "screensaver", "none", NULL
};
/* Indexed by LimberDismissAction. */
static const char *const dismiss_names[] = {
  [LIMBER_DISMISS_SKIP] = "skip",
  [LIMBER_DISMISS_SNOOZE] = "snooze",
  NULL
};

typedef enum {
  VALUE_DURATION, /* a gint64 field, seconds, MIN_DURATION..MAX_DURATION */
  VALUE_COUNT,    /* a guint field, min..max */
  VALUE_PLACES,
  VALUE_BACKEND,
  VALUE_DAYS,     /* LimberConfig.schedule.days */
  VALUE_HOURS,    /* LimberConfig.schedule start and end */
  VALUE_DISMISS,  /* a LimberDismissAction field */
  VALUE_HOST,     /* LimberConfig.host */
  VALUE_BOOLEAN,  /* a gboolean field */
} ValueKind;

typedef struct {
  const char *group;
  const char *key;
  ValueKind   kind;
  gsize       offset; /* of the field in LimberConfig */
  gint64      min;
  gint64      max;
} ConfigKey;

/* Every key limber.conf(5) documents; the order is the order they are
 * listed in when the user writes a key we do not know. */
static const ConfigKey config_keys[] = {
  { "breaks", "interval", VALUE_DURATION, G_STRUCT_OFFSET (LimberConfig, interval),
    MIN_DURATION, MAX_DURATION },
  { "breaks", "natural-break", VALUE_DURATION, G_STRUCT_OFFSET (LimberConfig, natural_break),
    MIN_DURATION, MAX_DURATION },
  { "breaks", "snooze", VALUE_DURATION, G_STRUCT_OFFSET (LimberConfig, snooze),
    MIN_DURATION, MAX_DURATION },
  { "breaks", "max-snoozes", VALUE_COUNT, G_STRUCT_OFFSET (LimberConfig, max_snoozes), 0, 100 },
  { "breaks", "daily-goal", VALUE_COUNT, G_STRUCT_OFFSET (LimberConfig, daily_goal), 1, 100 },
  { "stretches", "places", VALUE_PLACES, G_STRUCT_OFFSET (LimberConfig, places), 0, 0 },
  { "activity", "backend", VALUE_BACKEND, G_STRUCT_OFFSET (LimberConfig, backend), 0, 0 },
  { "schedule", "days", VALUE_DAYS, G_STRUCT_OFFSET (LimberConfig, schedule), 0, 0 },
  { "schedule", "hours", VALUE_HOURS, G_STRUCT_OFFSET (LimberConfig, schedule), 0, 0 },
  { "notifications", "dismiss", VALUE_DISMISS, G_STRUCT_OFFSET (LimberConfig, dismiss), 0, 0 },
  { "notifications", "sound", VALUE_BOOLEAN, G_STRUCT_OFFSET (LimberConfig, sound), 0, 0 },
  { "history", "host", VALUE_HOST, G_STRUCT_OFFSET (LimberConfig, host), 0, 0 },
};

LimberConfig *
limber_config_new_default (void)
{
  LimberConfig *config = g_new0 (LimberConfig, 1);

  config->interval = DEFAULT_INTERVAL;
  config->natural_break = DEFAULT_NATURAL_BREAK;
  config->snooze = DEFAULT_SNOOZE;
  config->max_snoozes = DEFAULT_MAX_SNOOZES;
  config->daily_goal = DEFAULT_DAILY_GOAL;
  config->places = g_strdupv ((char **) known_places);
  config->backend = g_strdup (DEFAULT_BACKEND);
  limber_schedule_init_always (&config->schedule);
  config->dismiss = DEFAULT_DISMISS;
  config->sound = DEFAULT_SOUND;
  config->host = g_strdup (g_get_host_name ());

  return config;
}

void
limber_config_free (LimberConfig *config)
{
  if (config == NULL)
    return;
  g_strfreev (config->places);
  g_free (config->backend);
  g_free (config->host);
  g_free (config);
}

char *
limber_config_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "limber", "limber.conf", NULL);
}

static char *
join_names (const char *const *names,
            const char        *last_separator)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = g_strv_length ((char **) names);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == n ? last_separator : ", ");
      g_string_append (out, names[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
contains_string (GPtrArray  *array,
                 const char *text)
{
  for (guint i = 0; i < array->len; i++)
    if (strcmp (g_ptr_array_index (array, i), text) == 0)
      return TRUE;
  return FALSE;
}

/* Each parse_* function either stores the value in @config or leaves the
 * default there, and appends one message per problem to @problems; the
 * caller puts file, line, group and key in front. */

static void
parse_duration (const ConfigKey *spec,
                const char      *text,
                LimberConfig    *config,
                GPtrArray       *problems)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *min_text = limber_duration_format (spec->min);
  g_autofree char *max_text = limber_duration_format (spec->max);
  gint64 seconds;

  if (!limber_duration_parse (text, &seconds, &error))
    g_ptr_array_add (problems, g_strdup (error->message));
  else if (seconds < spec->min)
    g_ptr_array_add (problems, g_strdup_printf ("“%s” is below the minimum of %s",
                                                text, min_text));
  else if (seconds > spec->max)
    g_ptr_array_add (problems, g_strdup_printf ("“%s” is above the maximum of %s",
                                                text, max_text));
  else
    *(gint64 *) G_STRUCT_MEMBER_P (config, spec->offset) = seconds;
}

static void
parse_count (const ConfigKey *spec,
             const char      *text,
             LimberConfig    *config,
             GPtrArray       *problems)
{
  gint64 value;

  /* Parsed as signed over the whole range first so that "-1" is reported
   * as out of range rather than as "not a number". */
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    g_ptr_array_add (problems, g_strdup_printf ("“%s” is not a whole number (use %"
                                                G_GINT64_FORMAT " to %" G_GINT64_FORMAT ")",
                                                text, spec->min, spec->max));
  else if (value < spec->min || value > spec->max)
    g_ptr_array_add (problems, g_strdup_printf ("“%s” is out of range (use %"
                                                G_GINT64_FORMAT " to %" G_GINT64_FORMAT ")",
                                                text, spec->min, spec->max));
  else
    *(guint *) G_STRUCT_MEMBER_P (config, spec->offset) = (guint) value;
}

static void
parse_places (const char   *text,
              LimberConfig *config,
              GPtrArray    *problems)
{
  g_autoptr(GPtrArray) places = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *choices = join_names (known_places, " or ");
  g_auto(GStrv) items = g_strsplit (text, ";", -1);
  gboolean any_given = FALSE;

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);

      /* "doorway;floor;" is how GKeyFile itself writes lists. */
      if (*item == '\0')
        continue;
      any_given = TRUE;

      if (!g_strv_contains (known_places, item))
        g_ptr_array_add (problems, g_strdup_printf ("“%s” is not a place (use %s)",
                                                    item, choices));
      else if (!contains_string (places, item))
        g_ptr_array_add (places, g_strdup (item));
    }

  if (!any_given)
    {
      g_ptr_array_add (problems, g_strdup_printf ("no place given (use %s); "
                                                  "all places are used", choices));
      return;
    }

  /* Only unknown names: each was reported, and the default (everywhere) is
   * kinder than never suggesting a stretch again. */
  if (places->len == 0)
    return;

  g_ptr_array_add (places, NULL);
  g_strfreev (config->places);
  config->places = (char **) g_ptr_array_free (g_steal_pointer (&places), FALSE);
}

static void
parse_backend (const char   *text,
               LimberConfig *config,
               GPtrArray    *problems)
{
  g_autofree char *choices = join_names (known_backends, " or ");

  if (!g_strv_contains (known_backends, text))
    {
      g_ptr_array_add (problems, g_strdup_printf ("“%s” is not a backend (use %s)",
                                                  text, choices));
      return;
    }
  g_free (config->backend);
  config->backend = g_strdup (text);
}

/* The name records are written under, so that merged histories can tell
 * computers apart: short, printable, and the same on every line. */
#define MAX_HOST_LENGTH 64

static void
parse_host (const char   *text,
            LimberConfig *config,
            GPtrArray    *problems)
{
  if (*text == '\0')
    {
      g_ptr_array_add (problems, g_strdup ("is empty (leave the key out to use the machine's host name)"));
      return;
    }
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > MAX_HOST_LENGTH)
    {
      g_ptr_array_add (problems, g_strdup_printf ("“%s” is not a name of at most %d characters",
                                                  text, MAX_HOST_LENGTH));
      return;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_ptr_array_add (problems, g_strdup_printf ("“%s” has a control character", text));
        return;
      }
  g_free (config->host);
  config->host = g_strdup (text);
}

static void
parse_dismiss (const ConfigKey *spec,
               const char      *text,
               LimberConfig    *config,
               GPtrArray       *problems)
{
  g_autofree char *choices = join_names (dismiss_names, " or ");

  for (guint i = 0; dismiss_names[i] != NULL; i++)
    if (strcmp (dismiss_names[i], text) == 0)
      {
        *(LimberDismissAction *) G_STRUCT_MEMBER_P (config, spec->offset) = i;
        return;
      }
  g_ptr_array_add (problems, g_strdup_printf ("“%s” is not an action (use %s)", text, choices));
}

/* Exactly the words g_key_file_get_boolean() takes (case matters), so
 * that the value means what it would to any other GLib key-file reader. */
static void
parse_boolean (const ConfigKey *spec,
               const char      *text,
               LimberConfig    *config,
               GPtrArray       *problems)
{
  gboolean *field = G_STRUCT_MEMBER_P (config, spec->offset);

  if (strcmp (text, "true") == 0 || strcmp (text, "1") == 0)
    *field = TRUE;
  else if (strcmp (text, "false") == 0 || strcmp (text, "0") == 0)
    *field = FALSE;
  else
    g_ptr_array_add (problems, g_strdup_printf ("“%s” is not true or false "
                                                "(use true, false, 1 or 0)", text));
}

/* days= and hours= each set only their own part of the schedule, so a bad
 * one keeps its default while the other still applies. */
static void
parse_schedule (const ConfigKey *spec,
                const char      *text,
                LimberConfig    *config,
                GPtrArray       *problems)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (spec->kind == VALUE_DAYS)
    ok = limber_schedule_parse_days (&config->schedule, text, &error);
  else
    ok = limber_schedule_parse_hours (&config->schedule, text, &error);

  if (!ok)
    g_ptr_array_add (problems, g_strdup (error->message));
}

static const ConfigKey *
find_key (const char *group,
          const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (config_keys); i++)
    if (strcmp (config_keys[i].group, group) == 0 && strcmp (config_keys[i].key, key) == 0)
      return &config_keys[i];
  return NULL;
}

static gboolean
is_known_group (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (config_keys); i++)
    if (strcmp (config_keys[i].group, group) == 0)
      return TRUE;
  return FALSE;
}

static char *
list_known_groups (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (config_keys); i++)
    if (!contains_string (names, config_keys[i].group))
      g_ptr_array_add (names, (gpointer) config_keys[i].group);
  g_ptr_array_add (names, NULL);
  return join_names ((const char *const *) names->pdata, ", ");
}

static char *
list_known_keys (const char *group)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (config_keys); i++)
    if (strcmp (config_keys[i].group, group) == 0)
      g_ptr_array_add (names, (gpointer) config_keys[i].key);
  g_ptr_array_add (names, NULL);
  return join_names ((const char *const *) names->pdata, ", ");
}

static void
apply_key (LimberKeyfileLines *lines,
           const char         *group,
           const char         *key,
           LimberConfig       *config,
           GPtrArray          *warnings)
{
  GKeyFile *key_file = limber_keyfile_lines_get_key_file (lines);
  const ConfigKey *spec = find_key (group, key);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;

  if (spec == NULL)
    {
      g_autofree char *known = list_known_keys (group);
      limber_keyfile_lines_warn (lines, warnings, group, key, "unknown key (known: %s)", known);
      return;
    }

  text = g_key_file_get_string (key_file, group, key, NULL);
  if (text == NULL)
    {
      /* A backslash escape GKeyFile does not know, or bytes that are not
       * UTF-8; show the raw text so the user can find it. */
      g_autofree char *raw = g_key_file_get_value (key_file, group, key, NULL);
      g_autofree char *shown = g_utf8_make_valid (raw != NULL ? raw : "", -1);
      limber_keyfile_lines_warn (lines, warnings, group, key,
                                 "“%s” cannot be read (a stray backslash, or not UTF-8)", shown);
      return;
    }
  /* GKeyFile strips the spaces before a value but keeps those after it;
   * "interval = 45m " should still read as 45m. */
  g_strstrip (text);

  switch (spec->kind)
    {
    case VALUE_DURATION:
      parse_duration (spec, text, config, problems);
      break;
    case VALUE_COUNT:
      parse_count (spec, text, config, problems);
      break;
    case VALUE_PLACES:
      parse_places (text, config, problems);
      break;
    case VALUE_BACKEND:
      parse_backend (text, config, problems);
      break;
    case VALUE_DAYS:
    case VALUE_HOURS:
      parse_schedule (spec, text, config, problems);
      break;
    case VALUE_DISMISS:
      parse_dismiss (spec, text, config, problems);
      break;
    case VALUE_BOOLEAN:
      parse_boolean (spec, text, config, problems);
      break;
    case VALUE_HOST:
      parse_host (text, config, problems);
      break;
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < problems->len; i++)
    limber_keyfile_lines_warn (lines, warnings, group, key, "%s",
                               (const char *) g_ptr_array_index (problems, i));
}

static void
apply_group (LimberKeyfileLines *lines,
             const char         *group,
             LimberConfig       *config,
             GPtrArray          *warnings)
{
  g_auto(GStrv) keys = NULL;
  g_autoptr(GHashTable) seen = NULL;

  if (!is_known_group (group))
    {
      g_autofree char *known = list_known_groups ();
      limber_keyfile_lines_warn (lines, warnings, group, NULL, "unknown group (known: %s)",
                                 known);
      return;
    }

  keys = g_key_file_get_keys (limber_keyfile_lines_get_key_file (lines), group, NULL, NULL);
  /* GKeyFile lists a key once per line that sets it; the value (and the
   * line we report) is the last one, so each key is handled once. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      if (!g_hash_table_add (seen, keys[i]))
        continue;
      apply_key (lines, group, keys[i], config, warnings);
    }
}

LimberConfig *
limber_config_load (const char *path,
                    GPtrArray  *warnings)
{
  g_autoptr(LimberConfig) config = limber_config_new_default ();
  g_autoptr(LimberKeyfileLines) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (path != NULL, g_steal_pointer (&config));

  lines = limber_keyfile_lines_load (path, warnings, &error);
  if (lines == NULL)
    {
      /* No file is the normal case: the user never needed to change anything. */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) && warnings != NULL)
        g_ptr_array_add (warnings, g_strdup_printf ("%s: cannot be read (%s); "
                                                    "using the default settings",
                                                    path, error->message));
      return g_steal_pointer (&config);
    }

  groups = g_key_file_get_groups (limber_keyfile_lines_get_key_file (lines), NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    apply_group (lines, groups[i], config, warnings);

  return g_steal_pointer (&config);
}
