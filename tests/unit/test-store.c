/* Unit tests for LimberStore: what a user would notice about the database
 * file (where it goes, who can read it, what survives a restart, what
 * happens to a broken one) and the numbers `limberctl history` shows. */
#include "limber-store.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <glib/gstdio.h>

#include "limber-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

#define HOUR ((gint64) 3600)

/* A private folder per test, removed with everything in it at the end. */
typedef struct {
  char *path;
} TmpDir;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      /* A folder a test made read-only must still be emptied. */
      g_chmod (path, 0700);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static TmpDir *
tmp_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  TmpDir *tmp = g_new0 (TmpDir, 1);

  tmp->path = g_dir_make_tmp ("limber-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  return tmp;
}

static void
tmp_dir_free (TmpDir *tmp)
{
  remove_tree (tmp->path);
  g_free (tmp->path);
  g_free (tmp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmpDir, tmp_dir_free)

static char *
tmp_file (TmpDir     *tmp,
          const char *name)
{
  return g_build_filename (tmp->path, name, NULL);
}

static LimberStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  LimberStore *store = limber_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
add_event (LimberStore *store,
           gint64       ts,
           const char  *kind,
           const char  *stretch,
           gint64       seconds)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (limber_store_add_event (store, ts, kind, stretch, seconds, &error));
  g_assert_no_error (error);
}

static void
add_spell (LimberStore *store,
           gint64       start_ts,
           gint64       end_ts)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (limber_store_add_spell (store, start_ts, end_ts, &error));
  g_assert_no_error (error);
}

/* g_test_expect_message() does not see structured logging before GLib
 * 2.76, and g_test_init() makes every warning fatal; this writer lets a test
 * expect the one warning the user is meant to see. */
static char *expected_warning;
static gboolean expected_warning_seen;

static GLogWriterOutput
test_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (expected_warning != NULL && (log_level & G_LOG_LEVEL_WARNING) != 0)
    {
      for (gsize i = 0; i < n_fields; i++)
        {
          g_autofree char *message = NULL;

          if (g_strcmp0 (fields[i].key, "MESSAGE") != 0)
            continue;
          message = fields[i].length < 0 ? g_strdup (fields[i].value)
                                         : g_strndup (fields[i].value, fields[i].length);
          if (g_pattern_match_simple (expected_warning, message))
            {
              g_test_message ("expected warning: %s", message);
              expected_warning_seen = TRUE;
              return G_LOG_WRITER_HANDLED;
            }
        }
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
expect_warning (const char *pattern)
{
  g_free (expected_warning);
  expected_warning = g_strdup (pattern);
  expected_warning_seen = FALSE;
}

static void
assert_warning_seen (void)
{
  g_assert_true (expected_warning_seen);
  g_clear_pointer (&expected_warning, g_free);
}

/* Unix time of a wall-clock moment in the test's zone (Europe/Berlin). */
static gint64
local_ts (int year,
          int month,
          int day,
          int hour,
          int minute,
          int second)
{
  g_autoptr(GDateTime) moment = g_date_time_new_local (year, month, day, hour, minute, second);

  g_assert_nonnull (moment);
  return g_date_time_to_unix (moment);
}

static GArray *
history (LimberStore *store,
         guint        days,
         gint64       now_ts,
         gint64       open_spell_start)
{
  g_autoptr(GError) error = NULL;
  GArray *result = limber_store_history (store, days, now_ts, open_spell_start, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->len, ==, days);
  return result;
}

#define DAY(array, i) (&g_array_index ((array), LimberDay, (i)))

/* Opens the file behind the store's back, as a user with sqlite3 would. */
static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  g_autoptr(sqlite3) db = raw_open (path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
assert_schema_current (const char *path)
{
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                  "AND name IN ('events', 'spells', 'state')"), ==, 3);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* Names in @folder that start with @prefix, sorted. */
static GPtrArray *
list_names (const char *folder,
            const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static void
test_events_round_trip (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GArray) days = NULL;
  LimberStore *store = open_store (path);
  const LimberEvent *event;

  g_assert_cmpstr (limber_store_get_path (store), ==, path);
  g_assert_null (limber_store_get_recovery_note (store));

  add_event (store, 1000, LIMBER_EVENT_DUE, "cat-cow", 0);
  add_event (store, 1000, LIMBER_EVENT_SNOOZED, NULL, 600);
  add_event (store, 2000, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, 1500, LIMBER_EVENT_NATURAL, NULL, 420);
  add_spell (store, local_ts (2026, 5, 4, 9, 0, 0), local_ts (2026, 5, 4, 9, 45, 0));
  g_object_unref (store);

  /* What a restarted daemon sees. */
  store = open_store (path);
  events = limber_store_list_events (store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 4);

  event = &g_array_index (events, LimberEvent, 0);
  g_assert_cmpint (event->ts, ==, 2000);
  g_assert_cmpstr (event->kind, ==, LIMBER_EVENT_COMPLETED);
  g_assert_cmpstr (event->stretch, ==, "cat-cow");
  g_assert_cmpint (event->seconds, ==, 0);

  event = &g_array_index (events, LimberEvent, 1);
  g_assert_cmpint (event->ts, ==, 1500);
  g_assert_cmpstr (event->kind, ==, LIMBER_EVENT_NATURAL);
  g_assert_null (event->stretch);
  g_assert_cmpint (event->seconds, ==, 420);

  /* Same second: the one logged last comes first. */
  event = &g_array_index (events, LimberEvent, 2);
  g_assert_cmpint (event->ts, ==, 1000);
  g_assert_cmpstr (event->kind, ==, LIMBER_EVENT_SNOOZED);
  g_assert_null (event->stretch);
  g_assert_cmpint (event->seconds, ==, 600);

  event = &g_array_index (events, LimberEvent, 3);
  g_assert_cmpint (event->ts, ==, 1000);
  g_assert_cmpstr (event->kind, ==, LIMBER_EVENT_DUE);
  g_assert_cmpstr (event->stretch, ==, "cat-cow");

  g_clear_pointer (&events, g_array_unref);
  events = limber_store_list_events (store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (g_array_index (events, LimberEvent, 1).ts, ==, 1500);

  days = history (store, 1, local_ts (2026, 5, 4, 18, 0, 0), -1);
  g_assert_cmpint (DAY (days, 0)->sitting_seconds, ==, 45 * 60);

  g_object_unref (store);
}

static void
test_bad_spell_refused (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GError) error = NULL;

  /* The wall clock went backwards: reported, nothing stored. */
  g_assert_false (limber_store_add_spell (store, 2000, 1000, &error));
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM spells"), ==, 0);
}

static void
test_state_round_trip (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(GError) error = NULL;
  LimberStore *store = open_store (path);
  LimberSavedState saved = {
    .state = (char *) "paused",
    .spell_start = 1764070000,
    .due_at = -1,
    .paused_until = G_MAXINT64,
    .snoozes_in_row = 3,
    .pending_stretch = NULL,
    .saved_at = 1764072000,
  };
  LimberSavedState loaded = { 0 };

  /* A first start has nothing to restore, and that is not an error. */
  g_assert_false (limber_store_load_state (store, &loaded, &error));
  g_assert_no_error (error);
  g_assert_null (loaded.state);
  limber_saved_state_clear (&loaded);

  g_assert_true (limber_store_save_state (store, &saved, &error));
  g_assert_no_error (error);
  g_object_unref (store);

  store = open_store (path);
  g_assert_true (limber_store_load_state (store, &loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (loaded.state, ==, "paused");
  g_assert_cmpint (loaded.spell_start, ==, 1764070000);
  g_assert_cmpint (loaded.due_at, ==, -1);
  g_assert_cmpint (loaded.paused_until, ==, G_MAXINT64);
  g_assert_cmpuint (loaded.snoozes_in_row, ==, 3);
  g_assert_null (loaded.pending_stretch);
  g_assert_cmpint (loaded.saved_at, ==, 1764072000);
  limber_saved_state_clear (&loaded);

  /* A later save replaces every field, including one going back to NULL. */
  saved.state = (char *) "due";
  saved.paused_until = -1;
  saved.due_at = 1764071000;
  saved.snoozes_in_row = 0;
  saved.pending_stretch = (char *) "seated-twist";
  g_assert_true (limber_store_save_state (store, &saved, &error));
  g_assert_no_error (error);
  g_assert_true (limber_store_load_state (store, &loaded, &error));
  g_assert_cmpstr (loaded.state, ==, "due");
  g_assert_cmpint (loaded.paused_until, ==, -1);
  g_assert_cmpint (loaded.due_at, ==, 1764071000);
  g_assert_cmpuint (loaded.snoozes_in_row, ==, 0);
  g_assert_cmpstr (loaded.pending_stretch, ==, "seated-twist");
  limber_saved_state_clear (&loaded);

  g_object_unref (store);
}

static void
test_migrate_empty_file (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, &error));
  store = open_store (path);

  /* An empty file is a database with nothing in it, not a broken one. */
  g_assert_null (limber_store_get_recovery_note (store));
  assert_schema_current (path);
  add_event (store, 1, LIMBER_EVENT_DUE, NULL, 0);
}

static void
test_migrate_v0_database (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = NULL;
  g_autoptr(GPtrArray) aside = NULL;

  {
    g_autoptr(sqlite3) db = raw_open (path);

    /* A real database file (SQLite only writes one once something
     * changed), at version 0, with no tables left. */
    raw_exec (db, "CREATE TABLE scratch (x); DROP TABLE scratch;");
  }
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 0);

  store = open_store (path);
  g_assert_null (limber_store_get_recovery_note (store));
  assert_schema_current (path);

  aside = list_names (tmp->path, "limber.db.corrupt-");
  g_assert_cmpuint (aside->len, ==, 0);

  /* Opening again does not migrate twice. */
  g_clear_object (&store);
  store = open_store (path);
  assert_schema_current (path);
}

static void
test_newer_version_refused (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberStore) store = NULL;
  g_autoptr(GPtrArray) aside = NULL;

  {
    g_autoptr(sqlite3) db = raw_open (path);

    raw_exec (db, "CREATE TABLE events (id INTEGER PRIMARY KEY, ts INTEGER);"
                  "INSERT INTO events (ts) VALUES (42);"
                  "PRAGMA user_version = 99;");
  }

  store = limber_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "99"));

  /* The newer Limber's data is left exactly where and as it was. */
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (raw_int (path, "SELECT ts FROM events"), ==, 42);
  aside = list_names (tmp->path, "limber.db.corrupt-");
  g_assert_cmpuint (aside->len, ==, 0);
}

/* Opens @path, which holds @length bytes of @contents that are not a usable
 * database, and checks what the user would see. */
static void
assert_moved_aside (TmpDir     *tmp,
                    const char *contents,
                    gsize       length,
                    gboolean    has_wal)
{
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autofree char *wal_path = tmp_file (tmp, "limber.db-wal");
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberStore) store = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  g_autoptr(GArray) events = NULL;
  g_autofree char *aside_path = NULL;
  g_autofree char *aside_contents = NULL;
  gsize aside_length;
  const char *note;

  expect_warning ("*was not a valid database*");
  store = open_store (path);
  assert_warning_seen ();

  /* The broken file is kept, byte for byte, for the user to look at. */
  aside = list_names (tmp->path, "limber.db.corrupt-");
  g_assert_cmpuint (aside->len, ==, has_wal ? 2 : 1);
  aside_path = tmp_file (tmp, g_ptr_array_index (aside, 0));
  g_assert_true (g_file_get_contents (aside_path, &aside_contents, &aside_length, &error));
  g_assert_cmpmem (aside_contents, aside_length, contents, length);

  if (has_wal)
    {
      g_autofree char *aside_wal_path = g_strconcat (aside_path, "-wal", NULL);
      g_autofree char *wal_contents = NULL;

      /* Its log went with it, under the name sqlite3 looks for, and is not
       * left behind to be replayed into the new database. */
      g_assert_true (g_file_get_contents (aside_wal_path, &wal_contents, NULL, &error));
      g_assert_cmpstr (wal_contents, ==, "not a log either");
      g_assert_true (!g_file_test (wal_path, G_FILE_TEST_EXISTS) ||
                     file_size (wal_path) != (goffset) strlen (wal_contents));
    }

  /* The user is told where it went. */
  note = limber_store_get_recovery_note (store);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "limber.db was not a valid database"));
  g_assert_nonnull (strstr (note, aside_path));

  /* And tracking goes on in a fresh, private database. */
  assert_schema_current (path);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  add_event (store, 1764072000, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  g_clear_object (&store);

  store = open_store (path);
  g_assert_null (limber_store_get_recovery_note (store));
  events = limber_store_list_events (store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
}

static void
test_garbage_moved_aside (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autofree char *wal_path = tmp_file (tmp, "limber.db-wal");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260329);
  g_autoptr(GError) error = NULL;
  char garbage[4096];

  for (gsize i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) g_rand_int_range (rand, 0, 256);
  g_assert_true (g_file_set_contents (path, garbage, sizeof garbage, &error));
  g_assert_true (g_file_set_contents (wal_path, "not a log either", -1, &error));

  assert_moved_aside (tmp, garbage, sizeof garbage, TRUE);
}

static void
test_damaged_schema_moved_aside (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  /* A real database whose first page (the list of tables) was overwritten
   * after its 100-byte header: SQLite itself has to notice this one. */
  {
    g_autoptr(sqlite3) db = raw_open (path);

    raw_exec (db, "PRAGMA page_size = 4096;"
                  "CREATE TABLE events (id INTEGER PRIMARY KEY, ts INTEGER);"
                  "INSERT INTO events (ts) VALUES (1);");
  }
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >=, 4096);
  memset (contents + 100, 0x5a, 4096 - 100);
  g_assert_true (g_file_set_contents (path, contents, length, &error));

  assert_moved_aside (tmp, contents, length, FALSE);
}

static void
test_permissions (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *folder = tmp_file (tmp, "data/limber");
  g_autofree char *path = g_build_filename (folder, "limber.db", NULL);
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  g_autofree char *open_folder = tmp_file (tmp, "shared");
  g_autofree char *loose_path = g_build_filename (open_folder, "limber.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberStore) store = NULL;
  mode_t old_umask;

  /* Even a careless umask must not leak the history to other users. */
  old_umask = umask (0);
  store = open_store (path);
  umask (old_umask);

  g_assert_cmpuint (file_mode (folder), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  add_event (store, 1, LIMBER_EVENT_DUE, NULL, 0);
  g_assert_cmpuint (file_mode (wal_path), ==, 0600);
  g_clear_object (&store);

  /* A file that was readable by others is tightened; a folder the user
   * made themselves is theirs to decide. */
  g_assert_cmpint (g_mkdir (open_folder, 0755), ==, 0);
  g_assert_cmpint (g_chmod (open_folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (loose_path, "", 0, &error));
  g_assert_cmpint (g_chmod (loose_path, 0644), ==, 0);
  store = open_store (loose_path);
  g_assert_cmpuint (file_mode (loose_path), ==, 0600);
  g_assert_cmpuint (file_mode (open_folder), ==, 0755);
}

static void
test_history_midnight (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GArray) days = NULL;

  /* An evening session running past midnight. */
  add_spell (store, local_ts (2026, 1, 10, 22, 0, 0), local_ts (2026, 1, 11, 2, 0, 0));
  add_spell (store, local_ts (2026, 1, 11, 8, 0, 0), local_ts (2026, 1, 11, 8, 30, 0));
  /* Outside the three days asked for. */
  add_spell (store, local_ts (2026, 1, 7, 9, 0, 0), local_ts (2026, 1, 8, 23, 59, 0));

  days = history (store, 3, local_ts (2026, 1, 11, 12, 0, 0), -1);

  g_assert_cmpstr (DAY (days, 0)->date, ==, "2026-01-09");
  g_assert_cmpstr (DAY (days, 1)->date, ==, "2026-01-10");
  g_assert_cmpstr (DAY (days, 2)->date, ==, "2026-01-11");
  g_assert_cmpint (DAY (days, 0)->sitting_seconds, ==, 0);
  g_assert_cmpint (DAY (days, 1)->sitting_seconds, ==, 2 * HOUR);
  g_assert_cmpint (DAY (days, 1)->longest_sitting_seconds, ==, 2 * HOUR);
  g_assert_cmpint (DAY (days, 2)->sitting_seconds, ==, 2 * HOUR + HOUR / 2);
  g_assert_cmpint (DAY (days, 2)->longest_sitting_seconds, ==, 2 * HOUR);
}

static void
test_history_dst (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GArray) spring = NULL;
  g_autoptr(GArray) autumn = NULL;

  /* Berlin skips 02:00-03:00 on 2026-03-29 and repeats it on 2026-10-25. */
  add_spell (store, local_ts (2026, 3, 28, 20, 0, 0), local_ts (2026, 3, 30, 4, 0, 0));
  add_spell (store, local_ts (2026, 10, 24, 23, 0, 0), local_ts (2026, 10, 26, 1, 0, 0));
  /* Half past midnight after the short day: 24 h after its midnight would
   * still be 01:00, so this shows each midnight is found in the calendar. */
  add_event (store, local_ts (2026, 3, 30, 0, 30, 0), LIMBER_EVENT_NATURAL, NULL, 600);

  spring = history (store, 3, local_ts (2026, 3, 30, 12, 0, 0), -1);
  g_assert_cmpstr (DAY (spring, 1)->date, ==, "2026-03-29");
  g_assert_cmpint (DAY (spring, 0)->sitting_seconds, ==, 4 * HOUR);
  g_assert_cmpint (DAY (spring, 1)->sitting_seconds, ==, 23 * HOUR);
  g_assert_cmpint (DAY (spring, 1)->longest_sitting_seconds, ==, 23 * HOUR);
  g_assert_cmpint (DAY (spring, 2)->sitting_seconds, ==, 4 * HOUR);
  g_assert_cmpuint (DAY (spring, 1)->natural, ==, 0);
  g_assert_cmpuint (DAY (spring, 2)->natural, ==, 1);

  autumn = history (store, 3, local_ts (2026, 10, 26, 12, 0, 0), -1);
  g_assert_cmpstr (DAY (autumn, 1)->date, ==, "2026-10-25");
  g_assert_cmpint (DAY (autumn, 0)->sitting_seconds, ==, 1 * HOUR);
  g_assert_cmpint (DAY (autumn, 1)->sitting_seconds, ==, 25 * HOUR);
  g_assert_cmpint (DAY (autumn, 2)->sitting_seconds, ==, 1 * HOUR);
}

static void
test_history_counts (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(GError) error = NULL;

  /* The last second of the 14th and the first of the 15th. */
  add_event (store, local_ts (2026, 6, 14, 23, 59, 59), LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, local_ts (2026, 6, 15, 0, 0, 0), LIMBER_EVENT_COMPLETED, "seated-twist", 0);
  add_event (store, local_ts (2026, 6, 15, 10, 0, 0), LIMBER_EVENT_DUE, "cat-cow", 0);
  add_event (store, local_ts (2026, 6, 15, 10, 0, 5), LIMBER_EVENT_SNOOZED, NULL, 600);
  add_event (store, local_ts (2026, 6, 15, 10, 10, 5), LIMBER_EVENT_DUE, "cat-cow", 0);
  add_event (store, local_ts (2026, 6, 15, 10, 10, 9), LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, local_ts (2026, 6, 15, 11, 0, 0), LIMBER_EVENT_SKIPPED, NULL, 0);
  add_event (store, local_ts (2026, 6, 15, 12, 0, 0), LIMBER_EVENT_DISMISSED, NULL, 0);
  add_event (store, local_ts (2026, 6, 15, 13, 0, 0), LIMBER_EVENT_NATURAL, NULL, 900);
  add_event (store, local_ts (2026, 6, 15, 14, 0, 0), LIMBER_EVENT_PAUSED, NULL, 3600);
  add_event (store, local_ts (2026, 6, 15, 15, 0, 0), LIMBER_EVENT_RESUMED, NULL, 0);
  /* Before the range. */
  add_event (store, local_ts (2026, 6, 13, 12, 0, 0), LIMBER_EVENT_NATURAL, NULL, 900);

  days = history (store, 2, local_ts (2026, 6, 15, 18, 0, 0), -1);

  g_assert_cmpstr (DAY (days, 0)->date, ==, "2026-06-14");
  g_assert_cmpuint (DAY (days, 0)->completed, ==, 1);
  g_assert_cmpuint (DAY (days, 0)->snoozed, ==, 0);
  g_assert_cmpuint (DAY (days, 0)->skipped, ==, 0);
  g_assert_cmpuint (DAY (days, 0)->natural, ==, 0);

  g_assert_cmpstr (DAY (days, 1)->date, ==, "2026-06-15");
  g_assert_cmpuint (DAY (days, 1)->completed, ==, 2);
  g_assert_cmpuint (DAY (days, 1)->snoozed, ==, 1);
  g_assert_cmpuint (DAY (days, 1)->skipped, ==, 2); /* skipped + dismissed */
  g_assert_cmpuint (DAY (days, 1)->natural, ==, 1);
  g_assert_cmpint (DAY (days, 1)->sitting_seconds, ==, 0);

  none = limber_store_history (store, 0, local_ts (2026, 6, 15, 18, 0, 0), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_history_open_spell (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) later = NULL;

  add_spell (store, local_ts (2026, 7, 1, 21, 0, 0), local_ts (2026, 7, 1, 21, 20, 0));

  /* Still sitting since 23:00 yesterday, and it is now 01:30. */
  days = history (store, 2, local_ts (2026, 7, 2, 1, 30, 0), local_ts (2026, 7, 1, 23, 0, 0));
  g_assert_cmpint (DAY (days, 0)->sitting_seconds, ==, HOUR + HOUR / 3);
  g_assert_cmpint (DAY (days, 0)->longest_sitting_seconds, ==, HOUR);
  g_assert_cmpint (DAY (days, 1)->sitting_seconds, ==, HOUR + HOUR / 2);
  g_assert_cmpint (DAY (days, 1)->longest_sitting_seconds, ==, HOUR + HOUR / 2);

  /* No spell running: only what was stored. */
  later = history (store, 2, local_ts (2026, 7, 2, 1, 30, 0), -1);
  g_assert_cmpint (DAY (later, 0)->sitting_seconds, ==, HOUR / 3);
  g_assert_cmpint (DAY (later, 1)->sitting_seconds, ==, 0);
}

static void
test_count_events (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);

  add_event (store, 100, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, 200, LIMBER_EVENT_COMPLETED, NULL, 0);
  add_event (store, 200, LIMBER_EVENT_SNOOZED, NULL, 600);
  add_event (store, 300, LIMBER_EVENT_COMPLETED, "cat-cow", 0);

  /* from <= ts < to, so that consecutive days never count an event twice. */
  g_assert_cmpuint (limber_store_count_events (store, LIMBER_EVENT_COMPLETED, 100, 300), ==, 2);
  g_assert_cmpuint (limber_store_count_events (store, LIMBER_EVENT_COMPLETED, 300, 301), ==, 1);
  g_assert_cmpuint (limber_store_count_events (store, LIMBER_EVENT_COMPLETED, 0, 1000), ==, 3);
  g_assert_cmpuint (limber_store_count_events (store, LIMBER_EVENT_SNOOZED, 0, 1000), ==, 1);
  g_assert_cmpuint (limber_store_count_events (store, LIMBER_EVENT_NATURAL, 0, 1000), ==, 0);
}

static void
test_last_completed (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GHashTable) empty = NULL;
  g_autoptr(GHashTable) latest = NULL;
  const gint64 *ts;

  empty = limber_store_latest_per_stretch (store, LIMBER_EVENT_COMPLETED);
  g_assert_cmpuint (g_hash_table_size (empty), ==, 0);

  add_event (store, 100, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, 300, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, 200, LIMBER_EVENT_COMPLETED, "seated-twist", 0);
  add_event (store, 400, LIMBER_EVENT_COMPLETED, NULL, 0);
  add_event (store, 500, LIMBER_EVENT_DUE, "doorway-stretch", 0);
  add_event (store, 600, LIMBER_EVENT_SKIPPED, "chest-expansion", 0);

  latest = limber_store_latest_per_stretch (store, LIMBER_EVENT_COMPLETED);
  g_assert_cmpuint (g_hash_table_size (latest), ==, 2);
  ts = g_hash_table_lookup (latest, "cat-cow");
  g_assert_nonnull (ts);
  g_assert_cmpint (*ts, ==, 300);
  ts = g_hash_table_lookup (latest, "seated-twist");
  g_assert_nonnull (ts);
  g_assert_cmpint (*ts, ==, 200);
}

static void
test_last_suggested (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  first = limber_store_last_suggested (store);
  g_assert_null (first);

  add_event (store, 100, LIMBER_EVENT_DUE, "cat-cow", 0);
  add_event (store, 200, LIMBER_EVENT_DUE, "seated-twist", 0);
  add_event (store, 200, LIMBER_EVENT_DUE, "chest-expansion", 0);
  add_event (store, 300, LIMBER_EVENT_COMPLETED, "doorway-stretch", 0);
  second = limber_store_last_suggested (store);
  g_assert_cmpstr (second, ==, "chest-expansion");

  /* A prompt without a stretch (an empty catalogue) suggested nothing. */
  add_event (store, 400, LIMBER_EVENT_DUE, NULL, 0);
  third = limber_store_last_suggested (store);
  g_assert_null (third);
}

int
main (int    argc,
      char **argv)
{
  /* Days are local: fix the zone so the DST dates below mean something. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  tzset ();

  g_log_set_writer_func (test_log_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/events/round-trip", test_events_round_trip);
  g_test_add_func ("/store/events/bad-spell", test_bad_spell_refused);
  g_test_add_func ("/store/state/round-trip", test_state_round_trip);
  g_test_add_func ("/store/migrate/empty-file", test_migrate_empty_file);
  g_test_add_func ("/store/migrate/v0-database", test_migrate_v0_database);
  g_test_add_func ("/store/migrate/newer-refused", test_newer_version_refused);
  g_test_add_func ("/store/open/garbage-moved-aside", test_garbage_moved_aside);
  g_test_add_func ("/store/open/damaged-schema-moved-aside", test_damaged_schema_moved_aside);
  g_test_add_func ("/store/open/permissions", test_permissions);
  g_test_add_func ("/store/history/midnight", test_history_midnight);
  g_test_add_func ("/store/history/dst", test_history_dst);
  g_test_add_func ("/store/history/counts", test_history_counts);
  g_test_add_func ("/store/history/open-spell", test_history_open_spell);
  g_test_add_func ("/store/count-events", test_count_events);
  g_test_add_func ("/store/last-completed", test_last_completed);
  g_test_add_func ("/store/last-suggested", test_last_suggested);

  return g_test_run ();
}
