/* limber.conf as a user writes it: every key read, and every mistake
 * reported with file, line, key and the bad text while the rest of the file
 * still applies. */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "limber-config.h"

typedef struct {
  char *dir;
  char *path; /* dir/limber.conf, written by write_config () */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("limber-test-config-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "limber.conf", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
write_config (Fixture    *fixture,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->path, text, -1, &error);
  g_assert_no_error (error);
}

static LimberConfig *
load (Fixture   *fixture,
      GPtrArray *warnings)
{
  LimberConfig *config = limber_config_load (fixture->path, warnings);

  g_assert_nonnull (config);
  return config;
}

static void
assert_places (LimberConfig *config,
               const char   *expected)
{
  g_autofree char *joined = g_strjoinv (";", config->places);

  g_assert_cmpstr (joined, ==, expected);
}

static void
assert_no_warnings (GPtrArray *warnings)
{
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("unexpected warning: %s", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, 0);
}

static void
assert_defaults (LimberConfig *config)
{
  g_assert_cmpint (config->interval, ==, 45 * 60);
  g_assert_cmpint (config->natural_break, ==, 5 * 60);
  g_assert_cmpint (config->snooze, ==, 10 * 60);
  g_assert_cmpuint (config->max_snoozes, ==, 3);
  g_assert_cmpuint (config->daily_goal, ==, 8);
  assert_places (config, "doorway;floor;anywhere");
  g_assert_cmpstr (config->backend, ==, "auto");
  /* No [schedule]: every day, all day. */
  g_assert_true (limber_schedule_is_always (&config->schedule));
  g_assert_cmpint (config->dismiss, ==, LIMBER_DISMISS_SKIP);
  g_assert_true (config->sound);
}

static void
test_defaults (void)
{
  g_autoptr(LimberConfig) config = limber_config_new_default ();

  assert_defaults (config);
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = load (fixture, warnings);

  /* Having no config file is normal and must not nag. */
  assert_defaults (config);
  assert_no_warnings (warnings);
}

static void
test_unreadable_file (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = NULL;
  g_autofree char *expected_start = g_strdup_printf ("%s: cannot be read", fixture->path);

  g_assert_cmpint (g_mkdir (fixture->path, 0700), ==, 0);
  config = load (fixture, warnings);

  assert_defaults (config);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (warnings, 0), expected_start));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "default"));
}

static void
test_every_key (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = NULL;

  write_config (fixture,
                "# my settings\n"
                "[breaks]\n"
                "interval=1h30m\n"
                "natural-break=90s\n"
                "snooze=15\n" /* a bare number means minutes */
                "max-snoozes=0\n"
                "daily-goal=12\n"
                "\n"
                "[stretches]\n"
                "places=floor;anywhere;\n"
                "[activity]\n"
                "backend=mutter\n"
                "[schedule]\n"
                "days=mon;tue;wed;thu;fri\n"
                "hours=08:30-18:00\n"
                "[notifications]\n"
                "dismiss=snooze\n"
                "sound=false\n");
  config = load (fixture, warnings);

  assert_no_warnings (warnings);
  g_assert_cmpint (config->interval, ==, 90 * 60);
  g_assert_cmpint (config->natural_break, ==, 90);
  g_assert_cmpint (config->snooze, ==, 15 * 60);
  g_assert_cmpuint (config->max_snoozes, ==, 0);
  g_assert_cmpuint (config->daily_goal, ==, 12);
  assert_places (config, "floor;anywhere");
  g_assert_cmpstr (config->backend, ==, "mutter");
  g_assert_cmpuint (config->schedule.days, ==, 0x1f);
  g_assert_cmpuint (config->schedule.start_minute, ==, 8 * 60 + 30);
  g_assert_cmpuint (config->schedule.end_minute, ==, 18 * 60);
  g_assert_cmpint (config->dismiss, ==, LIMBER_DISMISS_SNOOZE);
  g_assert_false (config->sound);
}

static void
test_every_backend (Fixture       *fixture,
                    gconstpointer  user_data)
{
  static const char *const backends[] = {
    "auto", "mutter", "wayland", "x11", "screensaver", "none",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (backends); i++)
    {
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(LimberConfig) config = NULL;
      g_autofree char *text = g_strdup_printf ("[activity]\nbackend=%s\n", backends[i]);

      write_config (fixture, text);
      config = load (fixture, warnings);

      assert_no_warnings (warnings);
      g_assert_cmpstr (config->backend, ==, backends[i]);
    }
}

static void
test_notifications_values (Fixture       *fixture,
                           gconstpointer  user_data)
{
  static const struct {
    const char         *dismiss;
    const char         *sound;
    LimberDismissAction expected_dismiss;
    gboolean            expected_sound;
  } cases[] = {
    { "skip", "true", LIMBER_DISMISS_SKIP, TRUE },
    { "snooze", "false", LIMBER_DISMISS_SNOOZE, FALSE },
    /* 1 and 0 are booleans to GKeyFile too. */
    { "snooze", "1", LIMBER_DISMISS_SNOOZE, TRUE },
    { "skip", "0", LIMBER_DISMISS_SKIP, FALSE },
    /* Spaces around the value, as everywhere else. */
    { " snooze ", " false\t", LIMBER_DISMISS_SNOOZE, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(LimberConfig) config = NULL;
      g_autofree char *text = g_strdup_printf ("[notifications]\ndismiss=%s\nsound=%s\n",
                                               cases[i].dismiss, cases[i].sound);

      write_config (fixture, text);
      config = load (fixture, warnings);

      assert_no_warnings (warnings);
      g_assert_cmpint (config->dismiss, ==, cases[i].expected_dismiss);
      g_assert_cmpint (config->sound, ==, cases[i].expected_sound);
    }
}

static void
test_notifications_both_bad (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = NULL;
  const char *expected[] = {
    "3: [notifications] dismiss: “close” is not an action (use skip or snooze)",
    "4: [notifications] sound: “maybe” is not true or false (use true, false, 1 or 0)",
  };

  write_config (fixture,
                "[breaks]\n"
                "[notifications]\n"
                "dismiss=close\n"
                "sound=maybe\n"
                "[breaks]\n"
                "snooze=20m\n");
  config = load (fixture, warnings);

  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, G_N_ELEMENTS (expected));
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s:%s", fixture->path, expected[i]);
      g_assert_cmpstr (g_ptr_array_index (warnings, i), ==, line);
    }
  g_assert_cmpint (config->dismiss, ==, LIMBER_DISMISS_SKIP);
  g_assert_true (config->sound);
  g_assert_cmpint (config->snooze, ==, 20 * 60);
}

/* [history] host names this computer in merged histories. */
static void
test_history_host (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = NULL;
  g_autoptr(LimberConfig) defaults = limber_config_new_default ();
  g_autofree char *long_name = g_strnfill (65, 'x');
  g_autofree char *text = NULL;

  /* Default: the machine's own name. */
  g_assert_cmpstr (defaults->host, ==, g_get_host_name ());

  write_config (fixture, "[history]\nhost=Ana’s laptop\n");
  config = load (fixture, warnings);
  assert_no_warnings (warnings);
  g_assert_cmpstr (config->host, ==, "Ana’s laptop");
  g_clear_pointer (&config, limber_config_free);

  /* Bad names keep the default, reported with line and text; the rest of
   * the file applies. */
  {
    const char *bad[] = { "", long_name, "tab\there" };
    const char *why[] = {
      "is empty (leave the key out to use the machine's host name)",
      NULL,
      "“tab\there” has a control character",
    };
    g_autofree char *too_long = g_strdup_printf ("“%s” is not a name of at most 64 characters",
                                                 long_name);

    why[1] = too_long;
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *expected = NULL;

        g_ptr_array_set_size (warnings, 0);
        g_clear_pointer (&config, limber_config_free);
        g_free (text);
        text = g_strdup_printf ("[history]\nhost=%s\n[breaks]\nsnooze=20m\n", bad[i]);
        write_config (fixture, text);
        config = load (fixture, warnings);
        expected = g_strdup_printf ("%s:2: [history] host: %s", fixture->path, why[i]);
        g_assert_cmpuint (warnings->len, ==, 1);
        g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, expected);
        g_assert_cmpstr (config->host, ==, g_get_host_name ());
        g_assert_cmpint (config->snooze, ==, 20 * 60);
      }
  }
}

static void
test_schedule_forms (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const struct {
    const char *days;
    const char *hours;
    guint8      expected_days;
    guint       expected_start;
    guint       expected_end;
  } cases[] = {
    /* Full names, any case, spaces around items and a trailing ";". */
    { "Monday; TUE ;wednesday;", " 8:30 - 18:00 ", 0x07, 8 * 60 + 30, 18 * 60 },
    /* A night range; it belongs to the day it starts on. */
    { "fri;sat", "22:00-02:00", 0x30, 22 * 60, 2 * 60 },
    /* 00:00 as the end is the midnight that ends the day. */
    { "sun", "18:00-00:00", 0x40, 18 * 60, 24 * 60 },
    { NULL, "00:00-24:00", 0x7f, 0, 24 * 60 },
    { "sat;sun", NULL, 0x60, 0, 24 * 60 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(LimberConfig) config = NULL;
      g_autoptr(GString) text = g_string_new ("[schedule]\n");

      if (cases[i].days != NULL)
        g_string_append_printf (text, "days=%s\n", cases[i].days);
      if (cases[i].hours != NULL)
        g_string_append_printf (text, "hours=%s\n", cases[i].hours);
      write_config (fixture, text->str);
      config = load (fixture, warnings);

      assert_no_warnings (warnings);
      g_assert_cmpuint (config->schedule.days, ==, cases[i].expected_days);
      g_assert_cmpuint (config->schedule.start_minute, ==, cases[i].expected_start);
      g_assert_cmpuint (config->schedule.end_minute, ==, cases[i].expected_end);
    }
}

static void
test_forgiving_layout (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = NULL;

  /* What a hand-edited file looks like: a byte order mark and CRLF from
   * another editor, spaces around "=" and after values, a key given twice,
   * the range limits. */
  write_config (fixture,
                "\xEF\xBB\xBF[breaks]\r\n"
                "  interval = 5s  \r\n"
                "snooze=24h\r\n"
                "daily-goal=3\r\n"
                "daily-goal=100\r\n"
                "[stretches]\r\n"
                "places = anywhere ; doorway ; anywhere\r\n");
  config = load (fixture, warnings);

  assert_no_warnings (warnings);
  g_assert_cmpint (config->interval, ==, 5);
  g_assert_cmpint (config->snooze, ==, 24 * 60 * 60);
  g_assert_cmpuint (config->daily_goal, ==, 100); /* the last one wins */
  assert_places (config, "anywhere;doorway");
}

/* ---- One mistake at a time ------------------------------------------------
 *
 * Each case writes a file with the bad line on line 3 and a valid,
 * non-default value for every other key; the bad key must keep its default
 * and every other key must still apply. */

typedef struct {
  const char *group;
  const char *key;
  const char *value;
} GoodKey;

static const GoodKey good_keys[] = {
  { "breaks", "interval", "20m" },
  { "breaks", "natural-break", "2m" },
  { "breaks", "snooze", "15m" },
  { "breaks", "max-snoozes", "5" },
  { "breaks", "daily-goal", "12" },
  { "stretches", "places", "floor" },
  { "activity", "backend", "none" },
  { "schedule", "days", "sat;sun" },
  { "schedule", "hours", "22:00-02:00" },
  { "notifications", "dismiss", "snooze" },
  { "notifications", "sound", "false" },
};

static void
assert_key (LimberConfig *config,
            const char   *key,
            gboolean      is_default)
{
  if (strcmp (key, "interval") == 0)
    g_assert_cmpint (config->interval, ==, is_default ? 45 * 60 : 20 * 60);
  else if (strcmp (key, "natural-break") == 0)
    g_assert_cmpint (config->natural_break, ==, is_default ? 5 * 60 : 2 * 60);
  else if (strcmp (key, "snooze") == 0)
    g_assert_cmpint (config->snooze, ==, is_default ? 10 * 60 : 15 * 60);
  else if (strcmp (key, "max-snoozes") == 0)
    g_assert_cmpuint (config->max_snoozes, ==, is_default ? 3 : 5);
  else if (strcmp (key, "daily-goal") == 0)
    g_assert_cmpuint (config->daily_goal, ==, is_default ? 8 : 12);
  else if (strcmp (key, "places") == 0)
    assert_places (config, is_default ? "doorway;floor;anywhere" : "floor");
  else if (strcmp (key, "backend") == 0)
    g_assert_cmpstr (config->backend, ==, is_default ? "auto" : "none");
  else if (strcmp (key, "days") == 0)
    g_assert_cmpuint (config->schedule.days, ==, is_default ? 0x7f : 0x60);
  else if (strcmp (key, "hours") == 0)
    {
      g_assert_cmpuint (config->schedule.start_minute, ==, is_default ? 0 : 22 * 60);
      g_assert_cmpuint (config->schedule.end_minute, ==, is_default ? 24 * 60 : 2 * 60);
    }
  else if (strcmp (key, "dismiss") == 0)
    g_assert_cmpint (config->dismiss, ==, is_default ? LIMBER_DISMISS_SKIP : LIMBER_DISMISS_SNOOZE);
  else if (strcmp (key, "sound") == 0)
    g_assert_cmpint (config->sound, ==, is_default ? TRUE : FALSE);
  else
    g_assert_not_reached ();
}

typedef struct {
  const char *name;
  const char *group;    /* the group the bad line is in */
  const char *bad_key;  /* the key that must keep its default; NULL: none */
  const char *line;     /* written on line 3 */
  const char *expected; /* the whole warning after "PATH:" */
} BadCase;

static const BadCase bad_cases[] = {
  { "duration-text", "breaks", "interval", "interval=banana",
    "3: [breaks] interval: “banana” is not a duration (use e.g. 90s, 10m, 1h30m)" },
  { "duration-zero", "breaks", "interval", "interval=0",
    "3: [breaks] interval: “0” is zero; a duration must be at least one second" },
  { "duration-below-minimum", "breaks", "natural-break", "natural-break=2s",
    "3: [breaks] natural-break: “2s” is below the minimum of 5s" },
  { "duration-above-maximum", "breaks", "snooze", "snooze=25h",
    "3: [breaks] snooze: “25h” is above the maximum of 24h" },
  { "duration-negative", "breaks", "interval", "interval=-10m",
    "3: [breaks] interval: “-10m” is not a duration (use e.g. 90s, 10m, 1h30m)" },
  { "duration-unknown-unit", "breaks", "snooze", "snooze=10x",
    "3: [breaks] snooze: “10x” has an unknown unit “x” (use h, m or s)" },
  { "max-snoozes-text", "breaks", "max-snoozes", "max-snoozes=x",
    "3: [breaks] max-snoozes: “x” is not a whole number (use 0 to 100)" },
  { "max-snoozes-negative", "breaks", "max-snoozes", "max-snoozes=-1",
    "3: [breaks] max-snoozes: “-1” is out of range (use 0 to 100)" },
  { "max-snoozes-too-many", "breaks", "max-snoozes", "max-snoozes=101",
    "3: [breaks] max-snoozes: “101” is out of range (use 0 to 100)" },
  { "daily-goal-zero", "breaks", "daily-goal", "daily-goal=0",
    "3: [breaks] daily-goal: “0” is out of range (use 1 to 100)" },
  { "unknown-place", "stretches", "places", "places=kitchen",
    "3: [stretches] places: “kitchen” is not a place (use doorway, floor or anywhere)" },
  { "empty-places", "stretches", "places", "places=",
    "3: [stretches] places: no place given (use doorway, floor or anywhere); all places are used" },
  { "unknown-backend", "activity", "backend", "backend=gnome",
    "3: [activity] backend: “gnome” is not a backend "
    "(use auto, mutter, wayland, x11, screensaver or none)" },
  { "backend-wrong-case", "activity", "backend", "backend=X11",
    "3: [activity] backend: “X11” is not a backend "
    "(use auto, mutter, wayland, x11, screensaver or none)" },
  { "days-empty", "schedule", "days", "days=",
    "3: [schedule] days: no day given (use mon, tue, wed, thu, fri, sat or sun, separated by “;”)" },
  { "days-unknown", "schedule", "days", "days=mon;tue;wensday;thu",
    "3: [schedule] days: “wensday” is not a day "
    "(use mon, tue, wed, thu, fri, sat or sun, or the full names)" },
  { "days-comma", "schedule", "days", "days=mon,tue",
    "3: [schedule] days: “mon,tue” is not a day "
    "(use mon, tue, wed, thu, fri, sat or sun, or the full names)" },
  { "days-empty-item", "schedule", "days", "days=mon;;fri",
    "3: [schedule] days: “mon;;fri” has an empty day (item 2)" },
  { "hours-empty", "schedule", "hours", "hours=",
    "3: [schedule] hours: no hours given (use e.g. 08:30-18:00)" },
  { "hours-one-time", "schedule", "hours", "hours=08:30",
    "3: [schedule] hours: “08:30” is not a range of hours (use e.g. 08:30-18:00)" },
  { "hours-no-start", "schedule", "hours", "hours=-18:00",
    "3: [schedule] hours: “-18:00” is not a range of hours (use e.g. 08:30-18:00)" },
  { "hours-bad-start", "schedule", "hours", "hours=8am-18:00",
    "3: [schedule] hours: “8am” is not a time of day (use 00:00 to 23:59)" },
  { "hours-start-minutes", "schedule", "hours", "hours=08:75-18:00",
    "3: [schedule] hours: “08:75” is not a time of day (use 00:00 to 23:59)" },
  { "hours-start-24", "schedule", "hours", "hours=24:00-06:00",
    "3: [schedule] hours: “24:00” cannot start the hours (use 00:00 to 23:59)" },
  { "hours-bad-end", "schedule", "hours", "hours=08:30-25:00",
    "3: [schedule] hours: “25:00” is not a time of day (use 00:00 to 24:00)" },
  { "hours-end-after-24", "schedule", "hours", "hours=08:30-24:30",
    "3: [schedule] hours: “24:30” is not a time of day (use 00:00 to 24:00)" },
  { "hours-same", "schedule", "hours", "hours=09:00-09:00",
    "3: [schedule] hours: “09:00-09:00” starts and ends at the same time "
    "(for all day, use 00:00-24:00)" },
  { "schedule-unknown-key", "schedule", NULL, "weekdays=mon",
    "3: [schedule] weekdays: unknown key (known: days, hours)" },
  { "dismiss-unknown", "notifications", "dismiss", "dismiss=close",
    "3: [notifications] dismiss: “close” is not an action (use skip or snooze)" },
  { "dismiss-wrong-case", "notifications", "dismiss", "dismiss=Snooze",
    "3: [notifications] dismiss: “Snooze” is not an action (use skip or snooze)" },
  { "dismiss-empty", "notifications", "dismiss", "dismiss=",
    "3: [notifications] dismiss: “” is not an action (use skip or snooze)" },
  { "sound-maybe", "notifications", "sound", "sound=maybe",
    "3: [notifications] sound: “maybe” is not true or false (use true, false, 1 or 0)" },
  /* g_key_file_get_boolean() takes none of these, so neither do we. */
  { "sound-yes", "notifications", "sound", "sound=yes",
    "3: [notifications] sound: “yes” is not true or false (use true, false, 1 or 0)" },
  { "sound-wrong-case", "notifications", "sound", "sound=True",
    "3: [notifications] sound: “True” is not true or false (use true, false, 1 or 0)" },
  { "sound-leading-zero", "notifications", "sound", "sound=01",
    "3: [notifications] sound: “01” is not true or false (use true, false, 1 or 0)" },
  { "sound-empty", "notifications", "sound", "sound=",
    "3: [notifications] sound: “” is not true or false (use true, false, 1 or 0)" },
  { "notifications-unknown-key", "notifications", NULL, "sounds=false",
    "3: [notifications] sounds: unknown key (known: dismiss, sound)" },
  { "unknown-key", "breaks", NULL, "intervall=10m",
    "3: [breaks] intervall: unknown key (known: interval, natural-break, snooze, max-snoozes, daily-goal)" },
  { "unknown-group", "sound", NULL, "volume=3",
    "2: [sound]: unknown group (known: breaks, stretches, activity, schedule, notifications, history)" },
  { "garbage-line", "breaks", NULL, "take a break every hour",
    "3: not a key=value line: “take a break every hour”" },
  /* Latin-1 "é" from an old editor; shown with U+FFFD in its place. */
  { "not-utf8", "breaks", "interval", "interval=1\xe9m",
    "3: [breaks] interval: “1\xef\xbf\xbdm” cannot be read (a stray backslash, or not UTF-8)" },
};

static void
test_bad_value (Fixture       *fixture,
                gconstpointer  user_data)
{
  const BadCase *bad = user_data;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new ("# line 1\n");
  g_autoptr(LimberConfig) config = NULL;
  g_autofree char *expected = g_strdup_printf ("%s:%s", fixture->path, bad->expected);

  g_string_append_printf (text, "[%s]\n%s\n", bad->group, bad->line);
  for (gsize i = 0; i < G_N_ELEMENTS (good_keys); i++)
    if (g_strcmp0 (good_keys[i].key, bad->bad_key) != 0)
      g_string_append_printf (text, "[%s]\n%s=%s\n",
                              good_keys[i].group, good_keys[i].key, good_keys[i].value);
  write_config (fixture, text->str);

  config = load (fixture, warnings);

  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, expected);

  for (gsize i = 0; i < G_N_ELEMENTS (good_keys); i++)
    assert_key (config, good_keys[i].key, g_strcmp0 (good_keys[i].key, bad->bad_key) == 0);
}

static void
test_some_places_unknown (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = NULL;
  g_autofree char *expected = NULL;

  write_config (fixture, "[stretches]\nplaces=floor;kitchen;anywhere\n");
  config = load (fixture, warnings);

  /* The known places are kept; only the typo is dropped. */
  expected = g_strdup_printf ("%s:2: [stretches] places: “kitchen” is not a place "
                              "(use doorway, floor or anywhere)", fixture->path);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, expected);
  assert_places (config, "floor;anywhere");
}

static void
test_several_mistakes (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = NULL;
  const char *expected[] = {
    "1: “interval=10m” comes before any [group] header; it is ignored",
    "2: not a valid [group] header: “[breaks”; the lines under it are ignored",
    "6: [breaks] interval: “2s” is below the minimum of 5s",
  };

  /* A key above every group and the keys under a broken header would land
   * in the wrong group if kept: they are reported once and dropped. */
  write_config (fixture,
                "interval=10m\n"
                "[breaks\n"
                "snooze=20m\n"
                "[breaks]\n"
                "daily-goal=4\n"
                "interval=2s\n"
                "max-snoozes=6\n");
  config = load (fixture, warnings);

  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, G_N_ELEMENTS (expected));
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s:%s", fixture->path, expected[i]);
      g_assert_cmpstr (g_ptr_array_index (warnings, i), ==, line);
    }
  g_assert_cmpint (config->interval, ==, 45 * 60);
  g_assert_cmpint (config->snooze, ==, 10 * 60);
  g_assert_cmpuint (config->daily_goal, ==, 4);
  g_assert_cmpuint (config->max_snoozes, ==, 6);
}

static void
test_default_path (void)
{
  g_autofree char *path = limber_config_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (),
                                                "limber", "limber.conf", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_shipped_example (void)
{
  const char *data_dir = g_getenv ("LIMBER_SOURCE_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = NULL;

  if (data_dir != NULL)
    path = g_build_filename (data_dir, "limber.conf", NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "..", "data", "limber.conf", NULL);

  /* data/limber.conf is meant to be copied as it is: all commented out. */
  config = limber_config_load (path, warnings);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  assert_no_warnings (warnings);
  assert_defaults (config);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/default-path", test_default_path);
  g_test_add_func ("/config/shipped-example", test_shipped_example);
  g_test_add ("/config/missing-file", Fixture, NULL,
              fixture_set_up, test_missing_file, fixture_tear_down);
  g_test_add ("/config/unreadable-file", Fixture, NULL,
              fixture_set_up, test_unreadable_file, fixture_tear_down);
  g_test_add ("/config/every-key", Fixture, NULL,
              fixture_set_up, test_every_key, fixture_tear_down);
  g_test_add ("/config/every-backend", Fixture, NULL,
              fixture_set_up, test_every_backend, fixture_tear_down);
  g_test_add ("/config/history-host", Fixture, NULL,
              fixture_set_up, test_history_host, fixture_tear_down);
  g_test_add ("/config/notifications-values", Fixture, NULL,
              fixture_set_up, test_notifications_values, fixture_tear_down);
  g_test_add ("/config/notifications-both-bad", Fixture, NULL,
              fixture_set_up, test_notifications_both_bad, fixture_tear_down);
  g_test_add ("/config/schedule-forms", Fixture, NULL,
              fixture_set_up, test_schedule_forms, fixture_tear_down);
  g_test_add ("/config/forgiving-layout", Fixture, NULL,
              fixture_set_up, test_forgiving_layout, fixture_tear_down);
  g_test_add ("/config/some-places-unknown", Fixture, NULL,
              fixture_set_up, test_some_places_unknown, fixture_tear_down);
  g_test_add ("/config/several-mistakes", Fixture, NULL,
              fixture_set_up, test_several_mistakes, fixture_tear_down);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/config/bad/%s", bad_cases[i].name);
      g_test_add (name, Fixture, &bad_cases[i],
                  fixture_set_up, test_bad_value, fixture_tear_down);
    }

  return g_test_run ();
}
