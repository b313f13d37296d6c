/* Unit tests for LimberStore: what a user would notice about the database
 * file (where it goes, who can read it, what survives a restart, what
 * happens to a broken one) and the numbers `limberctl history` shows. */
#include "limber-store.h"
#include "limber-store-private.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <glib/gstdio.h>

#include "limber-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

#define HOUR ((gint64) 3600)
#define DAY_SECONDS (24 * HOUR)

/* The host every store in these tests writes under, unless told otherwise. */
#define TEST_HOST "laptop"

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
open_store_as (const char *path,
               const char *host)
{
  g_autoptr(GError) error = NULL;
  LimberStore *store = limber_store_open (path, host, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (limber_store_get_host (store), ==, host);
  return store;
}

static LimberStore *
open_store (const char *path)
{
  return open_store_as (path, TEST_HOST);
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
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                  "AND name IN ('events', 'spells', 'state')"), ==, 3);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM pragma_table_info('events') "
                                  "WHERE name IN ('uuid', 'host')"), ==, 2);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM pragma_table_info('spells') "
                                  "WHERE name IN ('uuid', 'host')"), ==, 2);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                                  "AND name IN ('events_uuid', 'spells_uuid') "
                                  "AND sql LIKE 'CREATE UNIQUE INDEX%'"), ==, 2);
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
  events = limber_store_list_events (store, 0, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 4);

  event = &g_array_index (events, LimberEvent, 0);
  g_assert_cmpint (event->ts, ==, 2000);
  g_assert_cmpstr (event->kind, ==, LIMBER_EVENT_COMPLETED);
  g_assert_cmpstr (event->stretch, ==, "cat-cow");
  g_assert_cmpint (event->seconds, ==, 0);
  g_assert_true (g_uuid_string_is_valid (event->uuid));
  g_assert_cmpstr (event->host, ==, TEST_HOST);

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
  events = limber_store_list_events (store, 0, 2, NULL, &error);
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

  store = limber_store_open (path, TEST_HOST, &error);
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
  events = limber_store_list_events (store, 0, 10, NULL, &error);
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

/* ---- schema 2: uuids and hosts ------------------------------------------ */

static gboolean
is_random_uuid (const char *text)
{
  /* Lowercase 8-4-4-4-12 hex, version 4, RFC 4122 variant: what
   * g_uuid_string_random() writes and what the migration gives old rows. */
  return text != NULL &&
         g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                               text, 0, 0);
}

/* Every uuid of @table, in id order. */
static GPtrArray *
raw_uuids (const char *path,
           const char *table)
{
  g_autoptr(sqlite3) db = raw_open (path);
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM %s ORDER BY id", table);
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return uuids;
}

static void
assert_uuids_distinct (GPtrArray *uuids)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);

      g_assert_true (is_random_uuid (uuid));
      g_assert_false (g_hash_table_contains (seen, uuid));
      g_hash_table_add (seen, (gpointer) uuid);
    }
}

static char *
fixture_copy (TmpDir *tmp)
{
  const char *fixture = g_test_get_filename (G_TEST_DIST, "..", "fixtures", "limber-v1.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path = tmp_file (tmp, "limber.db");
  gsize length;

  /* The fixture itself must never be touched: work on a copy. */
  g_assert_true (g_file_get_contents (fixture, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_migrate_v1_fixture (void)
{
  /* The rows the schema-1 code wrote into tests/fixtures/limber-v1.db. */
  static const struct {
    gint64      ts;
    const char *kind;
    const char *stretch;
    gint64      seconds;
  } expected[] = {
    { 1795621059, LIMBER_EVENT_DUE,       "cat-cow",         0 },
    { 1795621059, LIMBER_EVENT_COMPLETED, "cat-cow",         0 },
    { 1795621059, LIMBER_EVENT_DUE,       "doorway-stretch", 0 },
    { 1795621059, LIMBER_EVENT_SNOOZED,   "doorway-stretch", 300 },
    { 1795621059, LIMBER_EVENT_SKIPPED,   "doorway-stretch", 0 },
    { 1795621059, LIMBER_EVENT_PAUSED,    NULL,              3600 },
    { 1795621059, LIMBER_EVENT_RESUMED,   NULL,              0 },
    { 1795621059, LIMBER_EVENT_DUE,       "seated-twist",    0 },
    { 1795621060, LIMBER_EVENT_COMPLETED, "seated-twist",    0 },
  };
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = fixture_copy (tmp);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) events = NULL;
  g_autoptr(GPtrArray) event_uuids = NULL;
  g_autoptr(GPtrArray) spell_uuids = NULL;
  g_autoptr(GPtrArray) event_uuids_again = NULL;
  g_autoptr(GPtrArray) spell_uuids_again = NULL;
  g_auto(LimberSavedState) state = { 0 };
  LimberStore *store;

  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 1);

  store = open_store_as (path, "old-desk");
  g_assert_null (limber_store_get_recovery_note (store));
  assert_schema_current (path);

  /* Every event kept as it was (list_events gives them newest first). */
  events = limber_store_list_events (store, 0, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const LimberEvent *event = &g_array_index (events, LimberEvent, events->len - 1 - i);

      g_assert_cmpint (event->ts, ==, expected[i].ts);
      g_assert_cmpstr (event->kind, ==, expected[i].kind);
      g_assert_cmpstr (event->stretch, ==, expected[i].stretch);
      g_assert_cmpint (event->seconds, ==, expected[i].seconds);
      g_assert_cmpstr (event->host, ==, "old-desk");
      g_assert_true (is_random_uuid (event->uuid));
    }
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM spells WHERE start_ts = 1795621059 "
                                  "AND end_ts = 1795621060 AND host = 'old-desk'"), ==, 1);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM spells"), ==, 1);
  /* No row is left without a uuid or a host. */
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM events WHERE uuid IS NULL OR host IS NULL"), ==, 0);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM spells WHERE uuid IS NULL OR host IS NULL"), ==, 0);

  event_uuids = raw_uuids (path, "events");
  spell_uuids = raw_uuids (path, "spells");
  {
    g_autoptr(GPtrArray) every_uuid = g_ptr_array_new ();

    for (guint i = 0; i < event_uuids->len; i++)
      g_ptr_array_add (every_uuid, g_ptr_array_index (event_uuids, i));
    for (guint i = 0; i < spell_uuids->len; i++)
      g_ptr_array_add (every_uuid, g_ptr_array_index (spell_uuids, i));
    assert_uuids_distinct (every_uuid);
  }

  /* What the daemon saved before the upgrade is still there. */
  g_assert_true (limber_store_load_state (store, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (state.state, ==, "sitting");
  g_assert_cmpint (state.spell_start, ==, 1795621060);
  g_assert_cmpint (state.due_at, ==, 1795623760);
  g_assert_cmpint (state.paused_until, ==, -1);
  g_assert_cmpuint (state.snoozes_in_row, ==, 0);
  g_assert_null (state.pending_stretch);
  g_assert_cmpint (state.saved_at, ==, 1795621060);
  g_assert_cmpstr (state.boot_id, ==, "bca98171-0271-4a7a-af3e-5c845aaa4cfa");
  g_assert_true (state.clean_stop);

  /* A new record goes in beside the old ones, under its own uuid. */
  add_event (store, 1795621100, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  g_clear_object (&store);

  /* Opening again migrates nothing: same uuids, same hosts, even when
   * opened for another host. */
  store = open_store_as (path, "new-desk");
  assert_schema_current (path);
  event_uuids_again = raw_uuids (path, "events");
  spell_uuids_again = raw_uuids (path, "spells");
  g_assert_cmpuint (event_uuids_again->len, ==, G_N_ELEMENTS (expected) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (event_uuids_again, i), ==, g_ptr_array_index (event_uuids, i));
  g_assert_cmpstr (g_ptr_array_index (spell_uuids_again, 0), ==, g_ptr_array_index (spell_uuids, 0));
  g_assert_true (is_random_uuid (g_ptr_array_index (event_uuids_again, G_N_ELEMENTS (expected))));
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM events WHERE host = 'old-desk'"), ==,
                   G_N_ELEMENTS (expected) + 1);
  g_object_unref (store);
}

static void
test_migrate_fresh_database (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GPtrArray) uuids = NULL;

  assert_schema_current (path);

  add_event (store, 100, LIMBER_EVENT_DUE, "cat-cow", 0);
  add_event (store, 100, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_spell (store, 50, 100);
  uuids = raw_uuids (path, "events");
  g_ptr_array_extend_and_steal (uuids, raw_uuids (path, "spells"));
  g_assert_cmpuint (uuids->len, ==, 3);
  assert_uuids_distinct (uuids);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM events WHERE host = '" TEST_HOST "'"), ==, 2);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM spells WHERE host = '" TEST_HOST "'"), ==, 1);

  /* The uuid is what makes an import idempotent: the database refuses a
   * second row with the same one. */
  {
    g_autoptr(sqlite3) db = raw_open (path);
    g_autofree char *sql = g_strdup_printf ("INSERT INTO events (ts, kind, uuid, host) "
                                            "VALUES (1, 'due', '%s', 'x')",
                                            (const char *) g_ptr_array_index (uuids, 0));

    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  }
}

/* ---- writes that fail --------------------------------------------------- */

/* Takes the database's write lock from another connection, as another
 * program writing to it would; the store gives up after 10 ms. */
static sqlite3 *
lock_database (LimberStore *store,
               const char  *path)
{
  sqlite3 *db = raw_open (path);

  limber_store_set_busy_timeout (store, 10);
  raw_exec (db, "BEGIN EXCLUSIVE");
  return db;
}

/* Takes the address of the error, not its value: the call that sets it
 * is an argument too, and C does not order the evaluation of arguments. */
static void
assert_write_failed (gboolean   written,
                     GError   **error)
{
  g_assert_false (written);
  g_assert_error (*error, LIMBER_ERROR, LIMBER_ERROR_STORAGE);
  g_test_message ("write failed as planned: %s", (*error)->message);
  g_assert_nonnull (strstr ((*error)->message, "locked"));
  g_clear_error (error);
}

static void
test_pending_retried_in_order (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  sqlite3 *other;

  add_event (store, 10, LIMBER_EVENT_DUE, "cat-cow", 0);
  other = lock_database (store, path);

  /* Out of time order on purpose: what counts is the order they came in. */
  assert_write_failed (limber_store_add_event (store, 300, LIMBER_EVENT_DUE, "cat-cow", 0, &error), &error);
  g_assert_cmpuint (limber_store_get_pending (store), ==, 1);

  assert_write_failed (limber_store_add_spell (store, 100, 250, &error), &error);
  assert_write_failed (limber_store_add_event (store, 200, LIMBER_EVENT_COMPLETED, "cat-cow", 0, &error), &error);
  g_assert_cmpuint (limber_store_get_pending (store), ==, 3);

  /* A retry while the lock is still held changes nothing. */
  assert_write_failed (limber_store_flush_pending (store, &error), &error);
  g_assert_cmpuint (limber_store_get_pending (store), ==, 3);

  /* Today's count against the goal already knows the stretch was done. */
  g_assert_cmpuint (limber_store_count_events (store, LIMBER_EVENT_COMPLETED, 0, 1000), ==, 1);
  g_assert_cmpuint (limber_store_count_events (store, LIMBER_EVENT_DUE, 0, 1000), ==, 2);

  /* A record made after the host changed carries the new host; the ones
   * waiting keep theirs. */
  limber_store_set_host (store, "desktop");
  assert_write_failed (limber_store_add_event (store, 150, LIMBER_EVENT_NATURAL, NULL, 600, &error), &error);
  g_assert_cmpuint (limber_store_get_pending (store), ==, 4);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM events"), ==, 1);

  raw_exec (other, "COMMIT");
  sqlite3_close (other);

  /* The next write saves what waited, then itself, in one go. */
  add_event (store, 400, LIMBER_EVENT_SKIPPED, NULL, 0);
  g_assert_cmpuint (limber_store_get_pending (store), ==, 0);

  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM events"), ==, 5);
  events = limber_store_list_events (store, 0, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 5);
  {
    g_autoptr(sqlite3) db = raw_open (path);
    sqlite3_stmt *stmt = NULL;
    static const gint64 order[] = { 10, 300, 200, 150, 400 };
    static const char *const hosts[] = { TEST_HOST, TEST_HOST, TEST_HOST, "desktop", "desktop" };
    guint i = 0;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ts, host FROM events ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_assert_cmpuint (i, <, G_N_ELEMENTS (order));
        g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, order[i]);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, hosts[i]);
        i++;
      }
    sqlite3_finalize (stmt);
    g_assert_cmpuint (i, ==, G_N_ELEMENTS (order));
  }
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM spells WHERE start_ts = 100 AND end_ts = 250 "
                                  "AND host = '" TEST_HOST "'"), ==, 1);
  uuids = raw_uuids (path, "events");
  assert_uuids_distinct (uuids);

  /* Nothing waits, so nothing is written twice. */
  g_assert_true (limber_store_flush_pending (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM events"), ==, 5);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM spells"), ==, 1);
}

static void
test_pending_half_written (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  const LimberPendingRecord *waiting;
  sqlite3 *other;
  sqlite3_stmt *stmt = NULL;

  other = lock_database (store, path);
  assert_write_failed (limber_store_add_event (store, 100, LIMBER_EVENT_COMPLETED, "cat-cow", 0, &error), &error);
  g_assert_cmpuint (limber_store_get_pending (store), ==, 1);

  /* A commit that reported an error may still have reached the disk: here
   * the row is there, under the uuid the store keeps for its retry. */
  waiting = &g_array_index (store->pending, LimberPendingRecord, 0);
  g_assert_true (is_random_uuid (waiting->uuid));
  g_assert_cmpint (sqlite3_prepare_v2 (other,
                                       "INSERT INTO events (ts, kind, stretch, seconds, uuid, host) "
                                       "VALUES (100, 'completed', 'cat-cow', 0, ?1, ?2)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, waiting->uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, waiting->host, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  raw_exec (other, "COMMIT");
  sqlite3_close (other);

  /* The retry neither fails on it nor writes it twice. */
  g_assert_true (limber_store_flush_pending (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (limber_store_get_pending (store), ==, 0);
  g_assert_cmpint (raw_int (path, "SELECT COUNT(*) FROM events"), ==, 1);
}

/* ---- days --------------------------------------------------------------- */

static GDate *
date_new (int year,
          int month,
          int day)
{
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static GArray *
days_of (LimberStore *store,
         const GDate *from,
         const GDate *to,
         const char  *host,
         gint64       now_ts,
         gint64       open_spell_start)
{
  g_autoptr(GError) error = NULL;
  GArray *result = limber_store_days (store, from, to, host, now_ts, open_spell_start, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->len, ==, g_date_days_between (from, to) + 1);
  return result;
}

static void
set_zone (const char *zone)
{
  g_setenv ("TZ", zone, TRUE);
  tzset ();
}

static gint64
zone_ts (const char *zone,
         int         year,
         int         month,
         int         day,
         int         hour,
         int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) moment = NULL;

  g_assert_nonnull (tz);
  moment = g_date_time_new (tz, year, month, day, hour, minute, 0);
  g_assert_nonnull (moment);
  return g_date_time_to_unix (moment);
}

static void
test_days_host (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GDate) day = date_new (2026, 6, 15);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) laptop = NULL;
  g_autoptr(GArray) desktop = NULL;
  g_autoptr(GArray) nobody = NULL;
  gint64 now = local_ts (2026, 6, 15, 18, 0, 0);
  gint64 open_start = local_ts (2026, 6, 15, 17, 0, 0);

  add_spell (store, local_ts (2026, 6, 15, 9, 0, 0), local_ts (2026, 6, 15, 10, 0, 0));
  add_event (store, local_ts (2026, 6, 15, 9, 30, 0), LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, local_ts (2026, 6, 15, 12, 0, 0), LIMBER_EVENT_NATURAL, NULL, 900);

  /* Records merged from another computer (as an import would leave them),
   * and this daemon running under that name from now on. */
  limber_store_set_host (store, "desktop");
  add_spell (store, local_ts (2026, 6, 15, 14, 0, 0), local_ts (2026, 6, 15, 16, 0, 0));
  add_event (store, local_ts (2026, 6, 15, 15, 0, 0), LIMBER_EVENT_COMPLETED, "seated-twist", 0);
  add_event (store, local_ts (2026, 6, 15, 15, 10, 0), LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, local_ts (2026, 6, 15, 15, 30, 0), LIMBER_EVENT_SKIPPED, NULL, 0);

  all = days_of (store, day, day, NULL, now, open_start);
  g_assert_cmpstr (DAY (all, 0)->date, ==, "2026-06-15");
  g_assert_cmpint (DAY (all, 0)->sitting_seconds, ==, 4 * HOUR);
  g_assert_cmpint (DAY (all, 0)->longest_sitting_seconds, ==, 2 * HOUR);
  g_assert_cmpuint (DAY (all, 0)->completed, ==, 3);
  g_assert_cmpuint (DAY (all, 0)->skipped, ==, 1);
  g_assert_cmpuint (DAY (all, 0)->natural, ==, 1);

  /* The spell running now is this host's, not the laptop's. */
  laptop = days_of (store, day, day, TEST_HOST, now, open_start);
  g_assert_cmpint (DAY (laptop, 0)->sitting_seconds, ==, HOUR);
  g_assert_cmpuint (DAY (laptop, 0)->completed, ==, 1);
  g_assert_cmpuint (DAY (laptop, 0)->skipped, ==, 0);
  g_assert_cmpuint (DAY (laptop, 0)->natural, ==, 1);

  desktop = days_of (store, day, day, "desktop", now, open_start);
  g_assert_cmpint (DAY (desktop, 0)->sitting_seconds, ==, 3 * HOUR);
  g_assert_cmpint (DAY (desktop, 0)->longest_sitting_seconds, ==, 2 * HOUR);
  g_assert_cmpuint (DAY (desktop, 0)->completed, ==, 2);
  g_assert_cmpuint (DAY (desktop, 0)->skipped, ==, 1);
  g_assert_cmpuint (DAY (desktop, 0)->natural, ==, 0);

  nobody = days_of (store, day, day, "nobody", now, open_start);
  g_assert_cmpint (DAY (nobody, 0)->sitting_seconds, ==, 0);
  g_assert_cmpuint (DAY (nobody, 0)->completed, ==, 0);
}

static void
test_days_range (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GDate) first = date_new (2026, 1, 10);
  g_autoptr(GDate) second = date_new (2026, 1, 11);
  g_autoptr(GDate) leap = date_new (2028, 2, 28);
  g_autoptr(GDate) after_leap = date_new (2028, 3, 1);
  g_autoptr(GDate) bad = g_date_new ();
  g_autoptr(GArray) both = NULL;
  g_autoptr(GArray) only_first = NULL;
  g_autoptr(GArray) only_second = NULL;
  g_autoptr(GArray) february = NULL;
  g_autoptr(GArray) backwards = NULL;
  g_autoptr(GArray) invalid = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = local_ts (2026, 1, 20, 12, 0, 0);

  /* An evening session running past midnight, and a stretch at the very
   * first second of the next day. */
  add_spell (store, local_ts (2026, 1, 10, 22, 0, 0), local_ts (2026, 1, 11, 2, 30, 0));
  add_event (store, local_ts (2026, 1, 10, 23, 59, 59), LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, local_ts (2026, 1, 11, 0, 0, 0), LIMBER_EVENT_COMPLETED, "cat-cow", 0);

  both = days_of (store, first, second, NULL, now, -1);
  g_assert_cmpstr (DAY (both, 0)->date, ==, "2026-01-10");
  g_assert_cmpstr (DAY (both, 1)->date, ==, "2026-01-11");
  g_assert_cmpint (DAY (both, 0)->sitting_seconds, ==, 2 * HOUR);
  g_assert_cmpint (DAY (both, 1)->sitting_seconds, ==, 2 * HOUR + HOUR / 2);
  g_assert_cmpuint (DAY (both, 0)->completed, ==, 1);
  g_assert_cmpuint (DAY (both, 1)->completed, ==, 1);

  /* Each half of the spell belongs to its own day, whichever is asked. */
  only_first = days_of (store, first, first, NULL, now, -1);
  g_assert_cmpint (DAY (only_first, 0)->sitting_seconds, ==, 2 * HOUR);
  g_assert_cmpint (DAY (only_first, 0)->longest_sitting_seconds, ==, 2 * HOUR);
  g_assert_cmpuint (DAY (only_first, 0)->completed, ==, 1);
  only_second = days_of (store, second, second, NULL, now, -1);
  g_assert_cmpint (DAY (only_second, 0)->sitting_seconds, ==, 2 * HOUR + HOUR / 2);
  g_assert_cmpuint (DAY (only_second, 0)->completed, ==, 1);

  /* The calendar, not 24-hour steps, names the days. */
  february = days_of (store, leap, after_leap, NULL, now, -1);
  g_assert_cmpstr (DAY (february, 1)->date, ==, "2028-02-29");
  g_assert_cmpstr (DAY (february, 2)->date, ==, "2028-03-01");

  backwards = limber_store_days (store, second, first, NULL, now, -1, &error);
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT);
  g_assert_null (backwards);
  g_clear_error (&error);

  invalid = limber_store_days (store, bad, second, NULL, now, -1, &error);
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT);
  g_assert_null (invalid);
}

static void
test_days_dst (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GDate) spring = date_new (2026, 3, 29);
  g_autoptr(GDate) autumn = date_new (2026, 10, 25);
  g_autoptr(GArray) short_day = NULL;
  g_autoptr(GArray) long_day = NULL;
  gint64 now = local_ts (2026, 11, 1, 12, 0, 0);

  /* Spells covering each whole local day and more (Europe/Berlin). */
  add_spell (store, local_ts (2026, 3, 28, 12, 0, 0), local_ts (2026, 3, 30, 12, 0, 0));
  add_spell (store, local_ts (2026, 10, 24, 12, 0, 0), local_ts (2026, 10, 26, 12, 0, 0));
  /* The last local half hour of each day, in UTC 22:30 on the short day
   * and 23:30 on the long one. */
  add_event (store, local_ts (2026, 3, 29, 23, 30, 0), LIMBER_EVENT_NATURAL, NULL, 600);
  add_event (store, local_ts (2026, 10, 25, 23, 30, 0), LIMBER_EVENT_NATURAL, NULL, 600);

  short_day = days_of (store, spring, spring, NULL, now, -1);
  g_assert_cmpint (DAY (short_day, 0)->sitting_seconds, ==, 23 * HOUR);
  g_assert_cmpint (DAY (short_day, 0)->longest_sitting_seconds, ==, 23 * HOUR);
  g_assert_cmpuint (DAY (short_day, 0)->natural, ==, 1);

  long_day = days_of (store, autumn, autumn, NULL, now, -1);
  g_assert_cmpint (DAY (long_day, 0)->sitting_seconds, ==, 25 * HOUR);
  g_assert_cmpint (DAY (long_day, 0)->longest_sitting_seconds, ==, 25 * HOUR);
  g_assert_cmpuint (DAY (long_day, 0)->natural, ==, 1);
}

static void
test_days_midnight_skipped (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GDate) first = date_new (2026, 3, 7);
  g_autoptr(GDate) last = date_new (2026, 3, 9);
  g_autoptr(GArray) days = NULL;

  /* Havana moves its clocks forward at midnight: 2026-03-08 starts at
   * 01:00 and has 23 hours; no second is lost or counted twice. */
  add_spell (store, zone_ts ("America/Havana", 2026, 3, 7, 12, 0), zone_ts ("America/Havana", 2026, 3, 9, 12, 0));
  set_zone ("America/Havana");
  days = days_of (store, first, last, NULL, zone_ts ("UTC", 2026, 3, 10, 0, 0), -1);
  set_zone ("Europe/Berlin");

  g_assert_cmpstr (DAY (days, 1)->date, ==, "2026-03-08");
  g_assert_cmpint (DAY (days, 0)->sitting_seconds, ==, 12 * HOUR);
  g_assert_cmpint (DAY (days, 1)->sitting_seconds, ==, 23 * HOUR);
  g_assert_cmpint (DAY (days, 2)->sitting_seconds, ==, 12 * HOUR);
}

static void
test_days_zone_change (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GDate) first = date_new (2026, 6, 14);
  g_autoptr(GDate) last = date_new (2026, 6, 15);
  g_autoptr(GArray) berlin = NULL;
  g_autoptr(GArray) new_york = NULL;
  gint64 now = zone_ts ("UTC", 2026, 6, 16, 12, 0);

  /* Recorded in Berlin (UTC+2 in June): 02:00-08:00 on the 15th, a
   * stretch at 03:00 and one at 12:00. */
  add_spell (store, zone_ts ("Europe/Berlin", 2026, 6, 15, 2, 0), zone_ts ("Europe/Berlin", 2026, 6, 15, 8, 0));
  add_event (store, zone_ts ("Europe/Berlin", 2026, 6, 15, 3, 0), LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, zone_ts ("Europe/Berlin", 2026, 6, 15, 12, 0), LIMBER_EVENT_COMPLETED, "cat-cow", 0);

  berlin = days_of (store, first, last, NULL, now, -1);
  g_assert_cmpint (DAY (berlin, 0)->sitting_seconds, ==, 0);
  g_assert_cmpuint (DAY (berlin, 0)->completed, ==, 0);
  g_assert_cmpint (DAY (berlin, 1)->sitting_seconds, ==, 6 * HOUR);
  g_assert_cmpuint (DAY (berlin, 1)->completed, ==, 2);

  /* Read after flying to New York (UTC-4): the same moments are 20:00 on
   * the 14th to 02:00 on the 15th, 21:00 on the 14th and 06:00 on the
   * 15th. The days are the reader's. */
  set_zone ("America/New_York");
  new_york = days_of (store, first, last, NULL, now, -1);
  set_zone ("Europe/Berlin");

  g_assert_cmpint (DAY (new_york, 0)->sitting_seconds, ==, 4 * HOUR);
  g_assert_cmpuint (DAY (new_york, 0)->completed, ==, 1);
  g_assert_cmpint (DAY (new_york, 1)->sitting_seconds, ==, 2 * HOUR);
  g_assert_cmpuint (DAY (new_york, 1)->completed, ==, 1);
}

/* ---- streaks, stretches, events, hosts ----------------------------------- */

static void
add_completed (LimberStore *store,
               int          month,
               int          day,
               guint        count)
{
  for (guint i = 0; i < count; i++)
    add_event (store, local_ts (2026, month, day, 9 + (int) i, 0, 0), LIMBER_EVENT_COMPLETED, "cat-cow", 0);
}

static void
assert_streaks (LimberStore *store,
                guint        goal,
                gint64       now_ts,
                const char  *host,
                guint        expected_current,
                guint        expected_best)
{
  g_autoptr(GError) error = NULL;
  guint current = G_MAXUINT, best = G_MAXUINT;

  g_assert_true (limber_store_streaks (store, goal, now_ts, host, &current, &best, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (current, ==, expected_current);
  g_assert_cmpuint (best, ==, expected_best);
}

static void
test_streaks (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  gint64 today = local_ts (2026, 3, 31, 20, 0, 0);

  /* Nothing yet. */
  assert_streaks (store, 2, today, NULL, 0, 0);

  /* Goal 2. Four days in a row met, then one missed... */
  add_completed (store, 3, 20, 2);
  add_completed (store, 3, 21, 3);
  add_completed (store, 3, 22, 2);
  add_completed (store, 3, 23, 2);
  add_completed (store, 3, 24, 1);
  /* ...then three more up to yesterday, across the night the clocks went
   * forward (the 29th has 23 hours)... */
  add_completed (store, 3, 28, 2);
  add_completed (store, 3, 29, 2);
  add_event (store, local_ts (2026, 3, 29, 23, 59, 0), LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_completed (store, 3, 30, 2);
  /* ...and one so far today. */
  add_completed (store, 3, 31, 1);

  /* Today's goal is not met yet: the streak still stands, up to yesterday. */
  assert_streaks (store, 2, today, NULL, 3, 4);
  /* Met now: today joins it. */
  add_event (store, local_ts (2026, 3, 31, 19, 0, 0), LIMBER_EVENT_COMPLETED, "seated-twist", 0);
  assert_streaks (store, 2, today, NULL, 4, 4);
  /* A higher goal. */
  assert_streaks (store, 3, today, NULL, 0, 1);

  /* A stretch dated in the future (a wrong clock) changes nothing. */
  add_completed (store, 4, 5, 2);
  assert_streaks (store, 2, today, NULL, 4, 4);

  /* Two days later with nothing done since: no current streak. */
  assert_streaks (store, 2, local_ts (2026, 4, 2, 12, 0, 0), NULL, 0, 4);

  /* Another computer filled the gap on the 24th: together, nine days. */
  limber_store_set_host (store, "desktop");
  add_completed (store, 3, 24, 1);
  add_completed (store, 3, 25, 2);
  add_completed (store, 3, 26, 2);
  add_completed (store, 3, 27, 2);
  assert_streaks (store, 2, today, NULL, 12, 12);
  assert_streaks (store, 2, today, TEST_HOST, 4, 4);
  assert_streaks (store, 2, today, "desktop", 0, 3);

  /* A goal of nothing cannot be met by doing nothing: it is taken as 1,
   * which the laptop's single stretch on the 24th meets. */
  assert_streaks (store, 0, today, TEST_HOST, 4, 5);
}

static void
test_stretch_counts (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) laptop = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(GError) error = NULL;
  const LimberStretchCount *count;

  add_event (store, 50, LIMBER_EVENT_COMPLETED, "cat-cow", 0);       /* before the range */
  add_event (store, 100, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, 110, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, 120, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, 130, LIMBER_EVENT_SNOOZED, "cat-cow", 600);
  add_event (store, 140, LIMBER_EVENT_SKIPPED, "cat-cow", 0);
  add_event (store, 150, LIMBER_EVENT_DISMISSED, "cat-cow", 0);
  add_event (store, 160, LIMBER_EVENT_COMPLETED, "seated-twist", 0);
  add_event (store, 170, LIMBER_EVENT_COMPLETED, "seated-twist", 0);
  add_event (store, 180, LIMBER_EVENT_COMPLETED, "seated-twist", 0);
  add_event (store, 190, LIMBER_EVENT_ABANDONED, "seated-twist", 40);
  add_event (store, 200, LIMBER_EVENT_DUE, "doorway-stretch", 0);
  add_event (store, 210, LIMBER_EVENT_NATURAL, NULL, 600);
  add_event (store, 1000, LIMBER_EVENT_COMPLETED, "seated-twist", 0); /* at the end: excluded */
  limber_store_set_host (store, "desktop");
  for (gint64 ts = 300; ts < 305; ts++)
    add_event (store, ts, LIMBER_EVENT_COMPLETED, "chest-expansion", 0);

  all = limber_store_stretch_counts (store, 100, 1000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);

  count = &g_array_index (all, LimberStretchCount, 0);
  g_assert_cmpstr (count->id, ==, "chest-expansion");
  g_assert_cmpuint (count->completed, ==, 5);

  /* Same number done: by name. */
  count = &g_array_index (all, LimberStretchCount, 1);
  g_assert_cmpstr (count->id, ==, "cat-cow");
  g_assert_cmpuint (count->completed, ==, 3);
  g_assert_cmpuint (count->snoozed, ==, 1);
  g_assert_cmpuint (count->skipped, ==, 2);
  g_assert_cmpuint (count->abandoned, ==, 0);

  count = &g_array_index (all, LimberStretchCount, 2);
  g_assert_cmpstr (count->id, ==, "seated-twist");
  g_assert_cmpuint (count->completed, ==, 3);
  g_assert_cmpuint (count->abandoned, ==, 1);

  /* Only ever suggested: listed, nothing done. */
  count = &g_array_index (all, LimberStretchCount, 3);
  g_assert_cmpstr (count->id, ==, "doorway-stretch");
  g_assert_cmpuint (count->completed + count->snoozed + count->skipped + count->abandoned, ==, 0);

  laptop = limber_store_stretch_counts (store, 100, 1000, TEST_HOST, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (laptop->len, ==, 3);
  g_assert_cmpstr (g_array_index (laptop, LimberStretchCount, 0).id, ==, "cat-cow");

  none = limber_store_stretch_counts (store, 2000, 3000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
assert_event_times (GArray       *events,
                    const gint64 *expected,
                    guint         n_expected)
{
  g_assert_cmpuint (events->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (events, LimberEvent, i).ts, ==, expected[i]);
}

static GArray *
list_events (LimberStore *store,
             gint64       since,
             guint        limit,
             const char  *host)
{
  g_autoptr(GError) error = NULL;
  GArray *events = limber_store_list_events (store, since, limit, host, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static void
test_list_events_filters (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) recent = NULL;
  g_autoptr(GArray) desktop = NULL;
  g_autoptr(GArray) laptop_recent = NULL;
  g_autoptr(GArray) laptop_newest = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new ();

  add_event (store, 100, LIMBER_EVENT_DUE, "cat-cow", 0);
  add_event (store, 200, LIMBER_EVENT_COMPLETED, "cat-cow", 0);
  add_event (store, 300, LIMBER_EVENT_NATURAL, NULL, 420);
  limber_store_set_host (store, "desktop");
  add_event (store, 150, LIMBER_EVENT_DUE, "seated-twist", 0);
  add_event (store, 250, LIMBER_EVENT_SKIPPED, "seated-twist", 0);

  all = list_events (store, 0, 100, NULL);
  assert_event_times (all, (const gint64[]) { 300, 250, 200, 150, 100 }, 5);
  for (guint i = 0; i < all->len; i++)
    g_ptr_array_add (uuids, g_array_index (all, LimberEvent, i).uuid);
  assert_uuids_distinct (uuids);
  g_assert_cmpstr (g_array_index (all, LimberEvent, 0).host, ==, TEST_HOST);
  g_assert_cmpstr (g_array_index (all, LimberEvent, 1).host, ==, "desktop");

  /* ts >= since: the bound itself is in. */
  recent = list_events (store, 200, 100, NULL);
  assert_event_times (recent, (const gint64[]) { 300, 250, 200 }, 3);

  desktop = list_events (store, 0, 100, "desktop");
  assert_event_times (desktop, (const gint64[]) { 250, 150 }, 2);
  g_assert_cmpstr (g_array_index (desktop, LimberEvent, 0).host, ==, "desktop");
  g_assert_cmpstr (g_array_index (desktop, LimberEvent, 0).kind, ==, LIMBER_EVENT_SKIPPED);
  g_assert_cmpstr (g_array_index (desktop, LimberEvent, 0).stretch, ==, "seated-twist");

  laptop_recent = list_events (store, 200, 100, TEST_HOST);
  assert_event_times (laptop_recent, (const gint64[]) { 300, 200 }, 2);

  laptop_newest = list_events (store, 0, 2, TEST_HOST);
  assert_event_times (laptop_newest, (const gint64[]) { 300, 200 }, 2);
}

static void
test_list_hosts (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) empty = NULL;
  g_auto(GStrv) hosts = NULL;

  empty = limber_store_list_hosts (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (empty);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);

  add_event (store, 100, LIMBER_EVENT_DUE, NULL, 0);
  add_event (store, 200, LIMBER_EVENT_DUE, NULL, 0);
  limber_store_set_host (store, "desktop");
  add_event (store, 300, LIMBER_EVENT_DUE, NULL, 0);
  /* A host known only from a spell counts too. */
  limber_store_set_host (store, "server");
  add_spell (store, 100, 200);
  limber_store_set_host (store, "desktop");
  add_spell (store, 300, 400);

  hosts = limber_store_list_hosts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (hosts, ((const char *const[]) { "desktop", TEST_HOST, "server", NULL }));
}

/* ---- query plans -------------------------------------------------------- */

static int
collect_statement (unsigned int mask,
                   void        *user_data,
                   void        *stmt,
                   void        *unexpanded)
{
  GPtrArray *statements = user_data;
  const char *sql = sqlite3_sql (stmt);

  if (sql != NULL && !g_ptr_array_find_with_equal_func (statements, sql, g_str_equal, NULL))
    g_ptr_array_add (statements, g_strdup (sql));
  return 0;
}

/* The plan of each statement @store ran, one line per step. Asserts that
 * every step that reads events or spells searches an index. */
static void
assert_plans_use_indexes (LimberStore *store,
                          GPtrArray   *statements)
{
  sqlite3 *db = limber_store_get_connection (store);

  g_assert_cmpuint (statements->len, >, 0);
  for (guint i = 0; i < statements->len; i++)
    {
      const char *sql = g_ptr_array_index (statements, i);
      g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
      sqlite3_stmt *stmt = NULL;

      g_test_message ("%s", sql);
      g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *detail = (const char *) sqlite3_column_text (stmt, 3);
          gboolean reads_table = g_regex_match_simple ("\\b(events|spells)\\b", detail, 0, 0);

          g_test_message ("  %s", detail);
          if (reads_table)
            {
              g_assert_true (g_str_has_prefix (detail, "SEARCH "));
              g_assert_nonnull (strstr (detail, " INDEX "));
            }
        }
      sqlite3_finalize (stmt);
    }
}

static void
test_query_plans (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *path = tmp_file (tmp, "limber.db");
  g_autoptr(LimberStore) store = open_store (path);
  g_autoptr(GPtrArray) days_statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) other_statements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDate) first = date_new (2026, 1, 1);
  g_autoptr(GDate) last = date_new (2026, 12, 31);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) laptop = NULL;
  g_autoptr(GArray) events = NULL;
  g_auto(GStrv) hosts = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = limber_store_get_connection (store);
  guint current, best;

  add_spell (store, local_ts (2026, 6, 1, 9, 0, 0), local_ts (2026, 6, 1, 10, 0, 0));
  add_event (store, local_ts (2026, 6, 1, 10, 0, 0), LIMBER_EVENT_COMPLETED, "cat-cow", 0);

  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, collect_statement, days_statements);
  all = days_of (store, first, last, NULL, local_ts (2026, 12, 31, 12, 0, 0), -1);
  laptop = days_of (store, first, last, TEST_HOST, local_ts (2026, 12, 31, 12, 0, 0), -1);
  sqlite3_trace_v2 (db, 0, NULL, NULL);
  g_assert_cmpint (DAY (all, 151)->sitting_seconds, ==, HOUR);
  g_assert_cmpint (DAY (laptop, 151)->completed, ==, 1);
  /* Spells and events, with and without a host: one query each. */
  g_assert_cmpuint (days_statements->len, ==, 4);
  assert_plans_use_indexes (store, days_statements);

  sqlite3_trace_v2 (db, SQLITE_TRACE_STMT, collect_statement, other_statements);
  g_assert_true (limber_store_streaks (store, 1, local_ts (2026, 12, 31, 12, 0, 0), NULL, &current, &best, &error));
  g_assert_true (limber_store_streaks (store, 1, local_ts (2026, 12, 31, 12, 0, 0), TEST_HOST, &current, &best, &error));
  events = limber_store_list_events (store, 0, 10, TEST_HOST, &error);
  g_clear_pointer (&events, g_array_unref);
  events = limber_store_list_events (store, 0, 10, NULL, &error);
  hosts = limber_store_list_hosts (store, &error);
  g_assert_cmpuint (limber_store_count_events (store, LIMBER_EVENT_COMPLETED, 0, G_MAXINT64), ==, 1);
  sqlite3_trace_v2 (db, 0, NULL, NULL);
  g_assert_no_error (error);
  assert_plans_use_indexes (store, other_statements);
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
  g_test_add_func ("/store/migrate/v1-fixture", test_migrate_v1_fixture);
  g_test_add_func ("/store/migrate/fresh-database", test_migrate_fresh_database);
  g_test_add_func ("/store/pending/retried-in-order", test_pending_retried_in_order);
  g_test_add_func ("/store/pending/half-written", test_pending_half_written);
  g_test_add_func ("/store/days/host", test_days_host);
  g_test_add_func ("/store/days/range", test_days_range);
  g_test_add_func ("/store/days/dst", test_days_dst);
  g_test_add_func ("/store/days/midnight-skipped", test_days_midnight_skipped);
  g_test_add_func ("/store/days/zone-change", test_days_zone_change);
  g_test_add_func ("/store/streaks", test_streaks);
  g_test_add_func ("/store/stretch-counts", test_stretch_counts);
  g_test_add_func ("/store/events/since-host", test_list_events_filters);
  g_test_add_func ("/store/hosts", test_list_hosts);
  g_test_add_func ("/store/query-plans", test_query_plans);

  return g_test_run ();
}
