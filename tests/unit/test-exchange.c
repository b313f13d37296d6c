/* Unit tests for the export and import of the history: the exact lines a
 * user gets, what comes back after a round trip, what a broken file is told
 * about, how two machines' histories merge, and that both can be stopped.
 *
 * The databases are made here with the schema-2 SQL of the contract, so the
 * tests do not depend on the store's migration code. */
#include "limber-exchange.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "limber-error.h"
#include "limber-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* ---- Files -------------------------------------------------------------- */

typedef struct {
  char *path;
} TmpDir;

static void
tmp_dir_free (TmpDir *tmp)
{
  g_autoptr(GDir) dir = g_dir_open (tmp->path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (tmp->path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (tmp->path);
  g_free (tmp->path);
  g_free (tmp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmpDir, tmp_dir_free)

static TmpDir *
tmp_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  TmpDir *tmp = g_new0 (TmpDir, 1);

  tmp->path = g_dir_make_tmp ("limber-test-exchange-XXXXXX", &error);
  g_assert_no_error (error);
  return tmp;
}

static char *
tmp_file (TmpDir     *tmp,
          const char *name)
{
  return g_build_filename (tmp->path, name, NULL);
}

/* ---- Databases ---------------------------------------------------------- */

static sqlite3 *
db_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

static void
db_exec (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A database with nothing in it, made by the store itself so that the
 * schema is exactly limberd's. */
static char *
make_db (TmpDir     *tmp,
         const char *name)
{
  char *path = tmp_file (tmp, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimberStore) store = limber_store_open (path, "test-host", &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return path;
}

static void
db_add_event (sqlite3    *db,
              const char *uuid,
              const char *host,
              gint64      ts,
              const char *kind,
              const char *stretch,
              gint64      seconds)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO events (uuid, host, ts, kind, stretch, seconds)"
                                       " VALUES (?, ?, ?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, host, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ts);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, stretch, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, seconds);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static void
db_add_spell (sqlite3    *db,
              const char *uuid,
              const char *host,
              gint64      start_ts,
              gint64      end_ts)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO spells (uuid, host, start_ts, end_ts)"
                                       " VALUES (?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, host, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, start_ts);
  sqlite3_bind_int64 (stmt, 4, end_ts);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static gint64
db_int (const char *path,
        const char *sql)
{
  g_autoptr(sqlite3) db = db_open (path);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Every row of @sql, columns joined with '|', rows with '\n'. */
static char *
db_dump (const char *path,
         const char *sql)
{
  g_autoptr(sqlite3) db = db_open (path);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) dump = g_string_new ("");

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (dump, "%s%s", i > 0 ? "|" : "", text != NULL ? text : "NULL");
        }
      g_string_append_c (dump, '\n');
    }
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

#define ALL_EVENTS "SELECT uuid, host, ts, kind, stretch, seconds FROM events ORDER BY uuid"
#define ALL_SPELLS "SELECT uuid, host, start_ts, end_ts FROM spells ORDER BY uuid"

/* ---- Export and import through files ------------------------------------ */

static gboolean
export_file (const char  *db_path,
             gint64       since,
             const char  *host,
             const char  *out_path,
             guint       *n_events,
             guint       *n_spells,
             GError     **error)
{
  int fd = g_open (out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  gboolean ok;

  g_assert_cmpint (fd, >=, 0);
  ok = limber_exchange_export (db_path, since, host, fd, n_events, n_spells, NULL, error);
  g_assert_cmpint (close (fd), ==, 0);
  return ok;
}

/* The export of @db_path as text; the counts must be as given. */
static char *
export_text (TmpDir     *tmp,
             const char *db_path,
             gint64      since,
             guint       expect_events,
             guint       expect_spells)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = tmp_file (tmp, "export.jsonl");
  guint n_events = G_MAXUINT;
  guint n_spells = G_MAXUINT;
  char *text = NULL;

  g_assert_true (export_file (db_path, since, "laptop", out_path, &n_events, &n_spells, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_events, ==, expect_events);
  g_assert_cmpuint (n_spells, ==, expect_spells);
  g_assert_true (g_file_get_contents (out_path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* @text without its header lines. */
static char *
records_of (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *records = g_string_new ("");

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && !g_str_has_prefix (lines[i], "{\"limber\":"))
      g_string_append_printf (records, "%s\n", lines[i]);
  return g_string_free (records, FALSE);
}

typedef struct {
  guint      added;
  guint      known;
  GPtrArray *problems;
} ImportResult;

static void
import_result_clear (ImportResult *result)
{
  g_clear_pointer (&result->problems, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ImportResult, import_result_clear)

static gboolean
import_text (TmpDir       *tmp,
             const char   *db_path,
             const char   *text,
             gssize        length,
             ImportResult *result,
             GError      **error)
{
  g_autofree char *in_path = tmp_file (tmp, "import.jsonl");
  g_autoptr(GError) local_error = NULL;
  gboolean ok;
  int fd;

  g_assert_true (g_file_set_contents (in_path, text, length, &local_error));
  g_assert_no_error (local_error);

  fd = g_open (in_path, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  result->added = result->known = G_MAXUINT;
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  result->problems = g_ptr_array_new_with_free_func (g_free);
  ok = limber_exchange_import (db_path, fd, &result->added, &result->known,
                               result->problems, NULL, error);
  g_assert_cmpint (close (fd), ==, 0);
  return ok;
}

/* An import that must succeed with these counts and no problems. */
static void
import_clean (TmpDir     *tmp,
              const char *db_path,
              const char *text,
              guint       expect_added,
              guint       expect_known)
{
  g_autoptr(GError) error = NULL;
  g_auto(ImportResult) result = { 0 };

  g_assert_true (import_text (tmp, db_path, text, -1, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.problems->len, ==, 0);
  g_assert_cmpuint (result.added, ==, expect_added);
  g_assert_cmpuint (result.known, ==, expect_known);
}

/* The small history most tests start from: events stored out of order, a
 * host name that needs escaping, a null stretch. */
static char *
make_sample_db (TmpDir     *tmp,
                const char *name)
{
  char *path = make_db (tmp, name);
  g_autoptr(sqlite3) db = db_open (path);

  db_add_event (db, "e2", "Ana's \"desk\" \\ Zürich ☕", 1795621059, "completed", "cat-cow", 0);
  db_add_event (db, "e1", "laptop", 1795620000, "snoozed", NULL, 600);
  db_add_event (db, "e3", "laptop", 1795621059, "natural", NULL, 420);
  db_add_spell (db, "s1", "laptop", 1795617000, 1795620000);
  return path;
}

/* ---- Tests -------------------------------------------------------------- */

static void
test_export_lines (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *db_path = make_sample_db (tmp, "limber.db");
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *text = export_text (tmp, db_path, 0, 3, 1);
  gint64 after = g_get_real_time () / G_USEC_PER_SEC;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const char *header_start = "{\"limber\":\"history\",\"version\":1,\"host\":\"laptop\",\"exported_at\":";
  gint64 exported_at;
  char *end = NULL;

  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_true (g_str_has_prefix (lines[0], header_start));
  exported_at = g_ascii_strtoll (lines[0] + strlen (header_start), &end, 10);
  g_assert_cmpstr (end, ==, "}");
  g_assert_cmpint (exported_at, >=, before);
  g_assert_cmpint (exported_at, <=, after);

  /* Oldest first; the same second keeps the order of recording. */
  g_assert_cmpstr (lines[1], ==,
                   "{\"type\":\"event\",\"uuid\":\"e1\",\"host\":\"laptop\",\"ts\":1795620000,"
                   "\"kind\":\"snoozed\",\"stretch\":null,\"seconds\":600}");
  g_assert_cmpstr (lines[2], ==,
                   "{\"type\":\"event\",\"uuid\":\"e2\",\"host\":\"Ana's \\\"desk\\\" \\\\ Zürich ☕\","
                   "\"ts\":1795621059,\"kind\":\"completed\",\"stretch\":\"cat-cow\",\"seconds\":0}");
  g_assert_cmpstr (lines[3], ==,
                   "{\"type\":\"event\",\"uuid\":\"e3\",\"host\":\"laptop\",\"ts\":1795621059,"
                   "\"kind\":\"natural\",\"stretch\":null,\"seconds\":420}");
  g_assert_cmpstr (lines[4], ==,
                   "{\"type\":\"spell\",\"uuid\":\"s1\",\"host\":\"laptop\","
                   "\"start_ts\":1795617000,\"end_ts\":1795620000}");
  g_assert_cmpstr (lines[5], ==, "");
}

static void
test_export_default_host (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = make_db (tmp, "limber.db");
  g_autofree char *out_path = tmp_file (tmp, "export.jsonl");
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  const char *name = g_get_host_name ();

  if (strpbrk (name, "\"\\") != NULL)
    {
      g_test_skip ("host name needs escaping");
      return;
    }

  g_assert_true (export_file (db_path, 0, NULL, out_path, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out_path, &text, NULL, NULL));
  expected = g_strdup_printf ("\"host\":\"%s\"", name);
  g_assert_nonnull (strstr (text, expected));
  /* An empty history is just the header. */
  g_assert_cmpint (strchr (text, '\n') - text + 1, ==, strlen (text));
}

static void
test_export_since (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *db_path = make_db (tmp, "limber.db");
  g_autofree char *text = NULL;
  g_autofree char *records = NULL;

  {
    g_autoptr(sqlite3) db = db_open (db_path);

    db_add_event (db, "e100", "laptop", 100, "due", "cat-cow", 0);
    db_add_event (db, "e200", "laptop", 200, "completed", "cat-cow", 0);
    db_add_event (db, "e300", "laptop", 300, "skipped", NULL, 0);
    db_add_spell (db, "s50", "laptop", 50, 250);
    db_add_spell (db, "s250", "laptop", 250, 400);
  }

  text = export_text (tmp, db_path, 200, 2, 1);
  records = records_of (text);
  g_assert_cmpstr (records, ==,
                   "{\"type\":\"event\",\"uuid\":\"e200\",\"host\":\"laptop\",\"ts\":200,"
                   "\"kind\":\"completed\",\"stretch\":\"cat-cow\",\"seconds\":0}\n"
                   "{\"type\":\"event\",\"uuid\":\"e300\",\"host\":\"laptop\",\"ts\":300,"
                   "\"kind\":\"skipped\",\"stretch\":null,\"seconds\":0}\n"
                   "{\"type\":\"spell\",\"uuid\":\"s250\",\"host\":\"laptop\","
                   "\"start_ts\":250,\"end_ts\":400}\n");
}

/* Export, import into an empty database, export again: the same records,
 * escaping and all. */
static void
test_round_trip (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *source = make_sample_db (tmp, "source.db");
  g_autofree char *target = make_db (tmp, "target.db");
  g_autofree char *first = export_text (tmp, source, 0, 3, 1);
  g_autofree char *second = NULL;
  g_autofree char *first_records = NULL;
  g_autofree char *second_records = NULL;
  g_autofree char *source_events = NULL;
  g_autofree char *target_events = NULL;
  g_autofree char *source_spells = NULL;
  g_autofree char *target_spells = NULL;

  import_clean (tmp, target, first, 4, 0);

  second = export_text (tmp, target, 0, 3, 1);
  first_records = records_of (first);
  second_records = records_of (second);
  g_assert_cmpstr (first_records, ==, second_records);

  source_events = db_dump (source, ALL_EVENTS);
  target_events = db_dump (target, ALL_EVENTS);
  g_assert_cmpstr (source_events, ==, target_events);
  source_spells = db_dump (source, ALL_SPELLS);
  target_spells = db_dump (target, ALL_SPELLS);
  g_assert_cmpstr (source_spells, ==, target_spells);
  g_assert_nonnull (strstr (target_events, "Ana's \"desk\" \\ Zürich ☕"));
}

static void
test_import_twice (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *source = make_sample_db (tmp, "source.db");
  g_autofree char *target = make_db (tmp, "target.db");
  g_autofree char *text = export_text (tmp, source, 0, 3, 1);

  import_clean (tmp, target, text, 4, 0);
  import_clean (tmp, target, text, 0, 4);
  g_assert_cmpint (db_int (target, "SELECT COUNT(*) FROM events"), ==, 3);
  g_assert_cmpint (db_int (target, "SELECT COUNT(*) FROM spells"), ==, 1);

  /* Back into the database it came from: nothing new either. */
  import_clean (tmp, source, text, 0, 4);
}

static void
test_import_problems (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = make_db (tmp, "limber.db");
  g_autofree char *padding = g_strnfill (70 * 1024, 'x');
  g_autofree char *long_line = g_strdup_printf ("{\"type\":\"event\",\"uuid\":\"long\",\"host\":\"h\","
                                                "\"ts\":1,\"kind\":\"due\",\"note\":\"%s\"}",
                                                padding);
  g_autofree char *near_padding = g_strnfill (60 * 1024, 'y');
  g_autofree char *near_line = g_strdup_printf ("{\"type\":\"event\",\"uuid\":\"near\",\"host\":\"h\","
                                                "\"ts\":2,\"kind\":\"due\",\"note\":\"%s\"}",
                                                near_padding);
  g_autofree char *text = NULL;
  g_autofree char *events = NULL;
  g_auto(ImportResult) result = { 0 };
  const char *expected[] = {
    "line 3: not JSON",
    "line 4: unknown type \"nap\" (expected \"event\" or \"spell\")",
    "line 5: invalid kind \"jumped\" (expected one of due, completed, snoozed, "
      "skipped, dismissed, natural, paused, resumed, abandoned)",
    "line 6: missing uuid",
    "line 7: start_ts is after end_ts",
    "line 8: invalid seconds (expected a whole number from 0 to 315576000)",
    "line 9: longer than 65536 bytes",
    "line 12: not a JSON object",
    "line 13: invalid stretch (expected null or 1 to 128 characters, no control characters)",
    "line 14: invalid ts (expected a whole number of seconds from 0 to 253402300799)",
    "line 15: invalid host (expected 1 to 64 characters, not all blank, no control characters)",
    "line 16: invalid end_ts (expected a whole number of seconds from 0 to 253402300799)",
    "line 17: missing type (expected \"event\" or \"spell\", or a header)",
    "line 18: invalid uuid (expected 1 to 64 letters, digits or dashes)",
    "line 19: invalid host (expected 1 to 64 characters, not all blank, no control characters)",
    "line 20: missing ts",
    "line 22: not JSON",
  };

  text = g_strconcat (
    /* 1 */ "{\"limber\":\"history\",\"version\":1,\"host\":\"laptop\",\"exported_at\":5}\n",
    /* 2 */ "{\"type\":\"event\",\"uuid\":\"good-1\",\"host\":\"laptop\",\"ts\":10,"
            "\"kind\":\"completed\",\"stretch\":\"cat-cow\",\"seconds\":0}\n",
    /* 3 */ "this is not json\n",
    /* 4 */ "{\"type\":\"nap\",\"uuid\":\"x\"}\n",
    /* 5 */ "{\"type\":\"event\",\"uuid\":\"k\",\"host\":\"laptop\",\"ts\":10,\"kind\":\"jumped\"}\n",
    /* 6 */ "{\"type\":\"event\",\"host\":\"laptop\",\"ts\":10,\"kind\":\"due\"}\n",
    /* 7 */ "{\"type\":\"spell\",\"uuid\":\"s\",\"host\":\"laptop\",\"start_ts\":20,\"end_ts\":10}\n",
    /* 8 */ "{\"type\":\"event\",\"uuid\":\"n\",\"host\":\"laptop\",\"ts\":10,\"kind\":\"snoozed\","
            "\"stretch\":null,\"seconds\":-1}\n",
    /* 9 */ long_line, "\n",
    /* 10 */ "\n",
    /* 11 */ "{\"type\":\"spell\",\"uuid\":\"good-2\",\"host\":\"laptop\",\"start_ts\":0,\"end_ts\":10}\r\n",
    /* 12 */ "[1, 2]\n",
    /* 13 */ "{\"type\":\"event\",\"uuid\":\"st\",\"host\":\"laptop\",\"ts\":10,\"kind\":\"due\",\"stretch\":5}\n",
    /* 14 */ "{\"type\":\"event\",\"uuid\":\"r\",\"host\":\"laptop\",\"ts\":1.5,\"kind\":\"due\"}\n",
    /* 15 */ "{\"type\":\"event\",\"uuid\":\"h\",\"host\":\"\",\"ts\":10,\"kind\":\"due\"}\n",
    /* 16 */ "{\"type\":\"spell\",\"uuid\":\"big\",\"host\":\"laptop\",\"start_ts\":0,"
             "\"end_ts\":253402300800}\n",
    /* 17 */ "{\"uuid\":\"t\"}\n",
    /* 18 */ "{\"type\":\"event\",\"uuid\":\"a b\",\"host\":\"laptop\",\"ts\":10,\"kind\":\"due\"}\n",
    /* 19 */ "{\"type\":\"event\",\"uuid\":\"c\",\"host\":\"tab\\there\",\"ts\":10,\"kind\":\"due\"}\n",
    /* 20 */ "{\"type\":\"event\",\"uuid\":\"c\",\"host\":\"laptop\",\"kind\":\"due\"}\n",
    /* 21 */ near_line, "\n",
    /* 22 */ "{\"type\":\"event\",\n",
    /* 23, no newline: stretch and seconds left out */
             "{\"type\":\"event\",\"uuid\":\"good-3\",\"host\":\"laptop\",\"ts\":30,\"kind\":\"natural\"}",
    NULL);

  g_assert_true (import_text (tmp, db_path, text, -1, &result, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < result.problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (result.problems, i));
  g_assert_cmpuint (result.problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (result.problems, i), ==, expected[i]);

  g_assert_cmpuint (result.added, ==, 4);
  g_assert_cmpuint (result.known, ==, 0);
  events = db_dump (db_path, ALL_EVENTS);
  g_assert_cmpstr (events, ==,
                   "good-1|laptop|10|completed|cat-cow|0\n"
                   "good-3|laptop|30|natural|NULL|0\n"
                   "near|h|2|due|NULL|0\n");
  g_assert_cmpint (db_int (db_path, "SELECT COUNT(*) FROM spells WHERE uuid = 'good-2'"), ==, 1);
}

/* Exactly 64 KiB is still a line; one byte more is not. */
static char *
line_of_length (const char *uuid,
                gsize       length)
{
  g_autofree char *start = g_strdup_printf ("{\"type\":\"event\",\"uuid\":\"%s\",\"host\":\"h\","
                                            "\"ts\":1,\"kind\":\"due\",\"note\":\"", uuid);
  g_autofree char *padding = g_strnfill (length - strlen (start) - 2, 'z');

  return g_strconcat (start, padding, "\"}", NULL);
}

static void
test_import_line_limit (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = make_db (tmp, "limber.db");
  g_autofree char *fits = line_of_length ("fits", 65536);
  g_autofree char *over = line_of_length ("over", 65537);
  g_autofree char *text = g_strconcat (fits, "\n", over, "\n", fits, NULL);
  g_autofree char *events = NULL;
  g_auto(ImportResult) result = { 0 };

  g_assert_cmpuint (strlen (fits), ==, 65536);
  g_assert_true (import_text (tmp, db_path, text, -1, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result.problems, 0), ==, "line 2: longer than 65536 bytes");
  /* The same record twice in one file is added once. */
  g_assert_cmpuint (result.added, ==, 1);
  g_assert_cmpuint (result.known, ==, 1);
  events = db_dump (db_path, ALL_EVENTS);
  g_assert_cmpstr (events, ==, "fits|h|1|due|NULL|0\n");
}

/* A file that is not an export at all gets a bounded list. */
static void
test_import_many_problems (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = make_db (tmp, "limber.db");
  g_autoptr(GString) text = g_string_new ("");
  g_auto(ImportResult) result = { 0 };

  for (guint i = 0; i < 250; i++)
    g_string_append (text, "date,completed\n");

  g_assert_true (import_text (tmp, db_path, text->str, text->len, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.added, ==, 0);
  g_assert_cmpuint (result.problems->len, ==, 101);
  g_assert_cmpstr (g_ptr_array_index (result.problems, 99), ==, "line 100: not JSON");
  g_assert_cmpstr (g_ptr_array_index (result.problems, 100), ==,
                   "and 150 more lines that could not be used");
}

/* `cat laptop.jsonl desktop.jsonl | limberctl import -`. */
static void
test_import_concatenated (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *first_db = make_sample_db (tmp, "first.db");
  g_autofree char *second_db = make_db (tmp, "second.db");
  g_autofree char *target = make_db (tmp, "target.db");
  g_autofree char *first = export_text (tmp, first_db, 0, 3, 1);
  g_autofree char *second = NULL;
  g_autofree char *both = NULL;

  {
    g_autoptr(sqlite3) db = db_open (second_db);

    db_add_event (db, "d1", "desktop", 500, "completed", "seated-twist", 0);
    db_add_spell (db, "d2", "desktop", 100, 500);
  }
  second = export_text (tmp, second_db, 0, 1, 1);
  both = g_strconcat (first, second, NULL);

  import_clean (tmp, target, both, 6, 0);
}

/* Two machines exchange their exports and end up with the same history. */
static void
test_merge_hosts (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *laptop = make_db (tmp, "laptop.db");
  g_autofree char *desktop = make_db (tmp, "desktop.db");
  g_autofree char *laptop_text = NULL;
  g_autofree char *desktop_text = NULL;
  g_autofree char *merged_text = NULL;
  g_autofree char *hosts = NULL;
  g_autofree char *laptop_events = NULL;
  g_autofree char *desktop_events = NULL;
  g_autofree char *laptop_spells = NULL;
  g_autofree char *desktop_spells = NULL;

  {
    g_autoptr(sqlite3) db = db_open (laptop);

    db_add_event (db, "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "laptop", 1000, "completed", "cat-cow", 0);
    db_add_event (db, "6fa459ea-ee8a-3ca4-894e-db77e160355e", "laptop", 3000, "snoozed", NULL, 600);
    db_add_spell (db, "886313e1-3b8a-5372-9b90-0c9aee199e5d", "laptop", 0, 1000);
  }
  {
    g_autoptr(sqlite3) db = db_open (desktop);

    db_add_event (db, "f47ac10b-58cc-4372-a567-0e02b2c3d479", "desktop", 2000, "skipped", NULL, 0);
    db_add_spell (db, "9c858901-8a57-4791-81fe-4c455b099bc9", "desktop", 1500, 2000);
  }

  laptop_text = export_text (tmp, laptop, 0, 2, 1);
  desktop_text = export_text (tmp, desktop, 0, 1, 1);

  /* The laptop takes the desktop's history, then hands the merged one
   * back: the desktop only learns what it did not have. */
  import_clean (tmp, laptop, desktop_text, 2, 0);
  merged_text = export_text (tmp, laptop, 0, 3, 2);
  import_clean (tmp, desktop, merged_text, 3, 2);

  hosts = db_dump (laptop, "SELECT DISTINCT host FROM events ORDER BY host");
  g_assert_cmpstr (hosts, ==, "desktop\nlaptop\n");
  laptop_events = db_dump (laptop, ALL_EVENTS);
  desktop_events = db_dump (desktop, ALL_EVENTS);
  g_assert_cmpstr (laptop_events, ==, desktop_events);
  laptop_spells = db_dump (laptop, ALL_SPELLS);
  desktop_spells = db_dump (desktop, ALL_SPELLS);
  g_assert_cmpstr (laptop_spells, ==, desktop_spells);

  /* The laptop's own export is already all there. */
  import_clean (tmp, desktop, laptop_text, 0, 3);
}

static void
test_schema_version_refused (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = make_db (tmp, "limber.db");
  g_autofree char *out_path = tmp_file (tmp, "export.jsonl");
  g_auto(ImportResult) result = { 0 };

  {
    g_autoptr(sqlite3) db = db_open (db_path);

    db_exec (db, "PRAGMA user_version = 1");
  }

  g_assert_false (import_text (tmp, db_path, "", -1, &result, &error));
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "schema version 1"));
  g_clear_error (&error);

  g_assert_false (export_file (db_path, 0, "laptop", out_path, NULL, NULL, &error));
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "schema version 1"));
  g_clear_error (&error);

  /* A file that is not there is not created. */
  g_free (db_path);
  db_path = tmp_file (tmp, "missing.db");
  g_assert_false (import_text (tmp, db_path, "", -1, &result, &error));
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE);
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
}

/* A header from a later format stops everything, even lines before it. */
static void
test_import_future_format (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = make_db (tmp, "limber.db");
  g_auto(ImportResult) result = { 0 };
  const char *text =
    "{\"type\":\"event\",\"uuid\":\"a\",\"host\":\"laptop\",\"ts\":10,\"kind\":\"due\"}\n"
    "{\"limber\":\"history\",\"version\":2,\"host\":\"laptop\",\"exported_at\":5}\n"
    "{\"type\":\"event\",\"uuid\":\"b\",\"host\":\"laptop\",\"ts\":10,\"kind\":\"due\"}\n";

  g_assert_false (import_text (tmp, db_path, text, -1, &result, &error));
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "line 2:"));
  g_assert_cmpint (db_int (db_path, "SELECT COUNT(*) FROM events"), ==, 0);
}

/* A big import goes in in several transactions (so limberd's own writes
 * never wait long), and every record arrives exactly once. */
static void
test_import_in_batches (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *target = make_db (tmp, "target.db");
  g_autoptr(GString) text = g_string_new ("{\"limber\":\"history\",\"version\":1,"
                                          "\"host\":\"big\",\"exported_at\":1}\n");
  g_auto(ImportResult) first = { 0 };
  g_auto(ImportResult) again = { 0 };
  const guint n = 12345;

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (text, "{\"type\":\"event\",\"uuid\":\"e-%u\",\"host\":\"big\","
                              "\"ts\":%u,\"kind\":\"completed\",\"stretch\":\"cat-cow\","
                              "\"seconds\":0}\n", i, 1700000000 + i);
      if (i % 3 == 0)
        g_string_append_printf (text, "{\"type\":\"spell\",\"uuid\":\"s-%u\",\"host\":\"big\","
                                "\"start_ts\":%u,\"end_ts\":%u}\n", i, 1700000000 + i,
                                1700000000 + i + 1);
    }

  g_assert_true (import_text (tmp, target, text->str, -1, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first.added, ==, n + (n + 2) / 3);
  g_assert_cmpint (db_int (target, "SELECT COUNT(*) FROM events"), ==, n);
  g_assert_cmpint (db_int (target, "SELECT COUNT(DISTINCT uuid) FROM events"), ==, n);
  g_assert_cmpint (db_int (target, "SELECT COUNT(*) FROM spells"), ==, (n + 2) / 3);

  g_assert_true (import_text (tmp, target, text->str, -1, &again, &error));
  g_assert_cmpuint (again.added, ==, 0);
  g_assert_cmpint (db_int (target, "SELECT COUNT(*) FROM events"), ==, n);
}

/* A failure half-way through the inserts leaves the history as it was. */
static void
test_import_rolls_back (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *source = make_sample_db (tmp, "source.db");
  g_autofree char *target = make_db (tmp, "target.db");
  g_autofree char *text = export_text (tmp, source, 0, 3, 1);
  g_auto(ImportResult) result = { 0 };

  {
    g_autoptr(sqlite3) db = db_open (target);

    /* Events are written before spells: this fails the second insert. */
    db_exec (db, "CREATE TRIGGER refuse BEFORE INSERT ON spells "
                 "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
  }

  g_assert_false (import_text (tmp, target, text, -1, &result, &error));
  g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "refused by the test"));
  g_assert_cmpint (db_int (target, "SELECT COUNT(*) FROM events"), ==, 0);
  g_assert_cmpint (db_int (target, "SELECT COUNT(*) FROM spells"), ==, 0);
}

/* limberd keeps writing during an export: the export reads what was
 * committed and does not wait for the writer. */
static void
test_export_during_write (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *db_path = make_sample_db (tmp, "limber.db");
  g_autoptr(sqlite3) writer = db_open (db_path);
  g_autofree char *text = NULL;
  gint64 start;

  db_exec (writer, "BEGIN IMMEDIATE");
  db_add_event (writer, "uncommitted", "laptop", 1795629999, "due", NULL, 0);

  start = g_get_monotonic_time ();
  text = export_text (tmp, db_path, 0, 3, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_null (strstr (text, "uncommitted"));

  db_exec (writer, "COMMIT");
}

static gpointer
commit_later (gpointer data)
{
  sqlite3 *writer = data;

  g_usleep (200 * 1000);
  db_exec (writer, "COMMIT");
  return NULL;
}

/* An import waits for limberd's write to end instead of failing. */
static void
test_import_waits_for_writer (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autofree char *source = make_sample_db (tmp, "source.db");
  g_autofree char *target = make_db (tmp, "target.db");
  g_autofree char *text = export_text (tmp, source, 0, 3, 1);
  g_autoptr(sqlite3) writer = db_open (target);
  GThread *thread;

  db_exec (writer, "BEGIN IMMEDIATE");
  db_add_event (writer, "local", "laptop", 5, "due", NULL, 0);
  thread = g_thread_new ("writer", commit_later, writer);

  import_clean (tmp, target, text, 4, 0);
  g_thread_join (thread);
  g_assert_cmpint (db_int (target, "SELECT COUNT(*) FROM events"), ==, 4);
}

static void
test_cancelled_before (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *source = make_sample_db (tmp, "source.db");
  g_autofree char *target = make_db (tmp, "target.db");
  g_autofree char *text = export_text (tmp, source, 0, 3, 1);
  g_autofree char *path = tmp_file (tmp, "import.jsonl");
  int fd;

  g_cancellable_cancel (cancellable);

  fd = g_open (path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_false (limber_exchange_export (source, 0, "laptop", fd, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (close (fd), ==, 0);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_false (limber_exchange_import (target, fd, NULL, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (close (fd), ==, 0);
  g_assert_cmpint (db_int (target, "SELECT COUNT(*) FROM events"), ==, 0);
}

typedef struct {
  const char   *db_path;
  int           fd;
  GCancellable *cancellable;
  GError       *error;
  gboolean      ok;
} Job;

static gpointer
export_job (gpointer data)
{
  Job *job = data;

  job->ok = limber_exchange_export (job->db_path, 0, "laptop", job->fd, NULL, NULL,
                                    job->cancellable, &job->error);
  return NULL;
}

static gpointer
import_job (gpointer data)
{
  Job *job = data;

  job->ok = limber_exchange_import (job->db_path, job->fd, NULL, NULL, NULL,
                                    job->cancellable, &job->error);
  return NULL;
}

/* Into a pipe nobody reads: the export blocks once the pipe is full, and
 * cancelling must still get it out. */
static void
test_cancel_blocked_export (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *db_path = make_db (tmp, "limber.db");
  Job job = { db_path, -1, cancellable, NULL, TRUE };
  GThread *thread;
  int fds[2];

  {
    g_autoptr(sqlite3) db = db_open (db_path);

    db_exec (db, "BEGIN");
    for (guint i = 0; i < 5000; i++)
      {
        g_autofree char *uuid = g_strdup_printf ("event-%u", i);

        db_add_event (db, uuid, "laptop", 1000 + i, "completed", "cat-cow", 0);
      }
    db_exec (db, "COMMIT");
  }

  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  job.fd = fds[1];
  thread = g_thread_new ("export", export_job, &job);
  g_usleep (100 * 1000);
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_assert_false (job.ok);
  g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&job.error);
  close (fds[0]);
  close (fds[1]);
}

/* A client that sends some lines and then nothing (`import -` from a
 * terminal): cancelling ends the wait and nothing is imported. */
static void
test_cancel_waiting_import (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *db_path = make_db (tmp, "limber.db");
  const char *line = "{\"type\":\"event\",\"uuid\":\"a\",\"host\":\"laptop\",\"ts\":10,\"kind\":\"due\"}\n";
  Job job = { db_path, -1, cancellable, NULL, TRUE };
  GThread *thread;
  int fds[2];

  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  g_assert_cmpint (write (fds[1], line, strlen (line)), ==, (gssize) strlen (line));
  job.fd = fds[0];
  thread = g_thread_new ("import", import_job, &job);
  g_usleep (100 * 1000);
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_assert_false (job.ok);
  g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&job.error);
  g_assert_cmpint (db_int (db_path, "SELECT COUNT(*) FROM events"), ==, 0);
  close (fds[0]);
  close (fds[1]);
}

/* The reader going away is an error for the export, not the end of the
 * process (limberd ignores SIGPIPE, as GDBus makes every GIO program do). */
static void
test_export_reader_gone (void)
{
  g_autoptr(TmpDir) tmp = tmp_dir_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = make_sample_db (tmp, "limber.db");
  int fds[2];

  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);
  close (fds[0]);
  g_assert_false (limber_exchange_export (db_path, 0, "laptop", fds[1], NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
  close (fds[1]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/exchange/export/lines", test_export_lines);
  g_test_add_func ("/exchange/export/default-host", test_export_default_host);
  g_test_add_func ("/exchange/export/since", test_export_since);
  g_test_add_func ("/exchange/export/during-write", test_export_during_write);
  g_test_add_func ("/exchange/export/reader-gone", test_export_reader_gone);
  g_test_add_func ("/exchange/round-trip", test_round_trip);
  g_test_add_func ("/exchange/import/twice", test_import_twice);
  g_test_add_func ("/exchange/import/in-batches", test_import_in_batches);
  g_test_add_func ("/exchange/import/problems", test_import_problems);
  g_test_add_func ("/exchange/import/line-limit", test_import_line_limit);
  g_test_add_func ("/exchange/import/many-problems", test_import_many_problems);
  g_test_add_func ("/exchange/import/concatenated", test_import_concatenated);
  g_test_add_func ("/exchange/import/future-format", test_import_future_format);
  g_test_add_func ("/exchange/import/rolls-back", test_import_rolls_back);
  g_test_add_func ("/exchange/import/waits-for-writer", test_import_waits_for_writer);
  g_test_add_func ("/exchange/merge-hosts", test_merge_hosts);
  g_test_add_func ("/exchange/schema-version", test_schema_version_refused);
  g_test_add_func ("/exchange/cancel/before", test_cancelled_before);
  g_test_add_func ("/exchange/cancel/blocked-export", test_cancel_blocked_export);
  g_test_add_func ("/exchange/cancel/waiting-import", test_cancel_waiting_import);

  return g_test_run ();
}
