/* Export and import of the history (limber-exchange.h).
 *
 * The JSON is written and read by SQLite itself (json_object, json_valid,
 * json_each), which escapes and unescapes correctly and costs no new
 * dependency. An imported file may come from another machine, an older or
 * newer Limber, or a text editor, so every line is checked before anything
 * reaches the database. */
#include "limber-exchange.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>

#include "limber-error.h"
#include "limber-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The store's schema this module reads and writes (limber-store.h). */
#define SCHEMA_VERSION 2
/* The "version" of the header line (limberctl(1)). */
#define FORMAT_VERSION 1

/* Long enough for any honest line (an event is ~150 bytes), short enough
 * that a file with no newlines at all cannot make limberd swallow it whole. */
#define MAX_LINE_BYTES (64 * 1024)
#define READ_BUFFER_BYTES (64 * 1024)
#define WRITE_BATCH_BYTES (64 * 1024)
#define WRITE_CHUNK_BYTES PIPE_BUF
#define CANCEL_CHECK_LINES 1000
/* A file that is not an export at all would otherwise give one problem per
 * line, and the reply would carry megabytes of the same sentence. */
#define MAX_PROBLEMS 100

#define MAX_UUID_CHARS    64
#define MAX_HOST_CHARS    64
#define MAX_STRETCH_CHARS 128
/* 9999-12-31 23:59:59 UTC: the last second every date library can show. */
#define MAX_TS G_GINT64_CONSTANT (253402300799)
/* Ten years of 365.25 days: no snooze, pause or break is longer. */
#define MAX_SECONDS G_GINT64_CONSTANT (315576000)

/* limberd writes events in short transactions; an import waits for one to
 * end rather than failing. */
#define BUSY_TIMEOUT_MS 10000
/* How many SQLite VM steps between two looks at the cancellable while one
 * statement runs (the sort of the spells, the final inserts). */
#define PROGRESS_STEPS 10000

static const char *const known_kinds[] = {
  LIMBER_EVENT_DUE,
  LIMBER_EVENT_COMPLETED,
  LIMBER_EVENT_SNOOZED,
  LIMBER_EVENT_SKIPPED,
  LIMBER_EVENT_DISMISSED,
  LIMBER_EVENT_NATURAL,
  LIMBER_EVENT_PAUSED,
  LIMBER_EVENT_RESUMED,
  LIMBER_EVENT_ABANDONED,
  NULL
};

/* ---- One private SQLite connection ------------------------------------ */

typedef struct {
  sqlite3      *db;
  const char   *path;
  GCancellable *cancellable;
} Connection;

static void
connection_close (Connection *conn)
{
  if (conn->db == NULL)
    return;

  /* Cleared first so that the ROLLBACK cannot itself be interrupted. */
  sqlite3_progress_handler (conn->db, 0, NULL, NULL);
  if (!sqlite3_get_autocommit (conn->db))
    sqlite3_exec (conn->db, "ROLLBACK", NULL, NULL, NULL);
  /* _v2: should a statement still be alive, the handle is freed with it. */
  sqlite3_close_v2 (conn->db);
  conn->db = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Connection, connection_close)

/* Sets the error for the SQLite failure that just happened and returns
 * FALSE. An interruption asked for by the cancellable is reported as such. */
static gboolean
connection_fail (Connection *conn,
                 GError    **error,
                 const char *what)
{
  if ((sqlite3_errcode (conn->db) & 0xff) == SQLITE_INTERRUPT &&
      g_cancellable_set_error_if_cancelled (conn->cancellable, error))
    return FALSE;

  g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE,
               "%s (%s): %s", what, conn->path, sqlite3_errmsg (conn->db));
  return FALSE;
}

static gboolean
connection_prepare (Connection    *conn,
                    sqlite3_stmt **out_stmt,
                    const char    *sql,
                    GError       **error)
{
  if (sqlite3_prepare_v2 (conn->db, sql, -1, out_stmt, NULL) != SQLITE_OK)
    return connection_fail (conn, error, "Could not prepare a query");
  return TRUE;
}

/* For fixed SQL that binds nothing: pragmas, transactions, temp tables. */
static gboolean
connection_exec (Connection *conn,
                 const char *sql,
                 GError    **error)
{
  if (sqlite3_exec (conn->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return connection_fail (conn, error, "Could not run a statement");
  return TRUE;
}

/* Runs one statement that returns no rows (bound by the caller). */
static gboolean
connection_step_done (Connection   *conn,
                      sqlite3_stmt *stmt,
                      const char   *what,
                      GError      **error)
{
  gboolean ok = sqlite3_step (stmt) == SQLITE_DONE || connection_fail (conn, error, what);

  sqlite3_reset (stmt);
  return ok;
}

static int
connection_progress (void *user_data)
{
  Connection *conn = user_data;

  /* Non-zero makes SQLite stop the running statement with SQLITE_INTERRUPT. */
  return g_cancellable_is_cancelled (conn->cancellable);
}

static gboolean
connection_open (Connection *conn,
                 int         flags,
                 GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;
  int version;

  rc = sqlite3_open_v2 (conn->path, &conn->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE,
                   "Could not open the database (%s): %s", conn->path,
                   conn->db != NULL ? sqlite3_errmsg (conn->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_busy_timeout (conn->db, BUSY_TIMEOUT_MS);
  sqlite3_progress_handler (conn->db, PROGRESS_STEPS, connection_progress, conn);

  if (!connection_prepare (conn, &stmt, "PRAGMA user_version", error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return connection_fail (conn, error, "Could not read the schema version");
  version = sqlite3_column_int (stmt, 0);

  /* Another version has other columns: reading or writing it with this
   * SQL would fail half-way, or worse, succeed with the wrong meaning. */
  if (version != SCHEMA_VERSION)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE,
                   "%s has schema version %d; export and import need version %d",
                   conn->path, version, SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/* ---- Export ------------------------------------------------------------ */

/* Rows are gathered 64 KiB at a time and written PIPE_BUF bytes per
 * write(). GUnixOutputStream waits for the fd to be writable, watching the
 * cancellable too, and then calls write(): once a pipe has room at all, a
 * write that small cannot block, while a bigger one would sit in the kernel
 * until the reader takes all of it, and a cancel could not get us out when
 * the reader has stopped reading. (Not a GBufferedOutputStream for the same
 * reason: freeing one flushes it with no cancellable.) */
static gboolean
export_flush (GOutputStream *out,
              GString       *batch,
              GCancellable  *cancellable,
              GError       **error)
{
  for (gsize done = 0; done < batch->len; done += WRITE_CHUNK_BYTES)
    {
      gsize size = MIN (WRITE_CHUNK_BYTES, batch->len - done);

      if (!g_output_stream_write_all (out, batch->str + done, size, NULL, cancellable, error))
        {
          g_prefix_error (error, "Could not write the export: ");
          return FALSE;
        }
    }
  g_string_truncate (batch, 0);
  return TRUE;
}

/* Writes column 0 of every row of @stmt (a line of JSON) as a line. */
static gboolean
export_rows (Connection    *conn,
             sqlite3_stmt  *stmt,
             GOutputStream *out,
             GString       *batch,
             guint         *n_rows,
             GError       **error)
{
  guint rows = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_string_append_len (batch, (const char *) sqlite3_column_text (stmt, 0),
                           sqlite3_column_bytes (stmt, 0));
      g_string_append_c (batch, '\n');
      rows++;

      if (batch->len >= WRITE_BATCH_BYTES &&
          !export_flush (out, batch, conn->cancellable, error))
        return FALSE;
      if (rows % CANCEL_CHECK_LINES == 0 &&
          g_cancellable_set_error_if_cancelled (conn->cancellable, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return connection_fail (conn, error, "Could not read the history");

  *n_rows = rows;
  return TRUE;
}

gboolean
limber_exchange_export (const char   *db_path,
                        gint64        since,
                        const char   *host,
                        int           fd,
                        guint        *n_events,
                        guint        *n_spells,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_auto(Connection) conn = { NULL, db_path, cancellable };
  g_autoptr(sqlite3_stmt) header = NULL;
  g_autoptr(sqlite3_stmt) events = NULL;
  g_autoptr(sqlite3_stmt) spells = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GString) batch = NULL;
  guint header_rows = 0;
  guint event_rows = 0;
  guint spell_rows = 0;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (host == NULL || *host == '\0')
    host = g_get_host_name ();

  /* Read-only: in WAL mode it reads a snapshot while limberd goes on
   * writing, and can never take the write lock away from it. */
  if (!connection_open (&conn, SQLITE_OPEN_READONLY, error))
    return FALSE;

  /* json_object() keeps its arguments' order, which is the format's key
   * order, and escapes quotes, backslashes and control characters. */
  if (!connection_prepare (&conn, &header,
                           "SELECT json_object('limber', 'history', 'version', ?1,"
                           "                   'host', ?2, 'exported_at', ?3)",
                           error) ||
      !connection_prepare (&conn, &events,
                           "SELECT json_object('type', 'event', 'uuid', uuid, 'host', host,"
                           "                   'ts', ts, 'kind', kind, 'stretch', stretch,"
                           "                   'seconds', seconds)"
                           "  FROM events WHERE ts >= ?1 ORDER BY ts, id",
                           error) ||
      !connection_prepare (&conn, &spells,
                           "SELECT json_object('type', 'spell', 'uuid', uuid, 'host', host,"
                           "                   'start_ts', start_ts, 'end_ts', end_ts)"
                           "  FROM spells WHERE start_ts >= ?1 ORDER BY start_ts, id",
                           error))
    return FALSE;

  sqlite3_bind_int (header, 1, FORMAT_VERSION);
  sqlite3_bind_text (header, 2, host, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (header, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (events, 1, since);
  sqlite3_bind_int64 (spells, 1, since);

  out = g_unix_output_stream_new (fd, FALSE);
  batch = g_string_sized_new (WRITE_BATCH_BYTES + 1024);

  /* One read transaction, so that events and spells are the same moment's
   * and a spell is not missing its closing event, or the other way. */
  if (!connection_exec (&conn, "BEGIN", error) ||
      !export_rows (&conn, header, out, batch, &header_rows, error) ||
      !export_rows (&conn, events, out, batch, &event_rows, error) ||
      !export_rows (&conn, spells, out, batch, &spell_rows, error) ||
      !connection_exec (&conn, "COMMIT", error) ||
      !export_flush (out, batch, cancellable, error))
    return FALSE;

  if (n_events != NULL)
    *n_events = event_rows;
  if (n_spells != NULL)
    *n_spells = spell_rows;
  return TRUE;
}

/* ---- Import: reading lines --------------------------------------------- */

/* Reads the next line, without its '\n', into @line. A line longer than
 * MAX_LINE_BYTES is read to its end but not kept (*too_long), so memory
 * stays bounded whatever the input. *at_end: nothing was left to read. */
static gboolean
read_line (GBufferedInputStream *in,
           GString              *line,
           gboolean             *too_long,
           gboolean             *at_end,
           GCancellable         *cancellable,
           GError              **error)
{
  gboolean read_any = FALSE;

  g_string_truncate (line, 0);
  *too_long = FALSE;
  *at_end = FALSE;

  for (;;)
    {
      gsize available = 0;
      const char *data = g_buffered_input_stream_peek_buffer (in, &available);
      const char *newline = available > 0 ? memchr (data, '\n', available) : NULL;
      gsize take = newline != NULL ? (gsize) (newline - data) : available;
      gssize n_read;

      if (!*too_long)
        {
          if (line->len + take > MAX_LINE_BYTES)
            {
              *too_long = TRUE;
              g_string_truncate (line, 0);
            }
          else
            {
              g_string_append_len (line, data, take);
            }
        }

      if (available > 0)
        {
          read_any = TRUE;
          /* Within the buffer: never blocks, cannot fail. */
          g_input_stream_skip (G_INPUT_STREAM (in), take + (newline != NULL ? 1 : 0),
                               NULL, NULL);
        }
      if (newline != NULL)
        return TRUE;

      n_read = g_buffered_input_stream_fill (in, -1, cancellable, error);
      if (n_read < 0)
        {
          g_prefix_error (error, "Could not read the file to import: ");
          return FALSE;
        }
      if (n_read == 0)
        {
          /* The end of the input; a last line without '\n' still counts. */
          *at_end = !read_any;
          return TRUE;
        }
    }
}

static gboolean
line_is_blank (const GString *line)
{
  for (gsize i = 0; i < line->len; i++)
    if (!g_ascii_isspace (line->str[i]))
      return FALSE;
  return TRUE;
}

/* ---- Import: the members of one line ----------------------------------- */

typedef enum {
  FIELD_LIMBER,
  FIELD_VERSION,
  FIELD_TYPE,
  FIELD_UUID,
  FIELD_HOST,
  FIELD_TS,
  FIELD_KIND,
  FIELD_STRETCH,
  FIELD_SECONDS,
  FIELD_START_TS,
  FIELD_END_TS,
  N_FIELDS
} FieldId;

static const char *const field_names[N_FIELDS] = {
  "limber", "version", "type", "uuid", "host", "ts", "kind", "stretch",
  "seconds", "start_ts", "end_ts",
};

typedef enum {
  VALUE_ABSENT,
  VALUE_NULL,
  VALUE_INTEGER, /* a JSON integer that fits in 64 bits */
  VALUE_TEXT,
  VALUE_OTHER,   /* true, false, a real, an array, an object, a huge integer */
} ValueKind;

typedef struct {
  ValueKind kind;
  gint64    integer;
  char     *text;     /* may hold '\0' when the JSON had \u0000 */
  gsize     text_len;
} Field;

static void
fields_clear (Field *fields)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_free (fields[i].text);
      memset (&fields[i], 0, sizeof fields[i]);
    }
}

static gboolean
field_is_integer_in (const Field *field,
                     gint64       min,
                     gint64       max)
{
  return field->kind == VALUE_INTEGER && field->integer >= min && field->integer <= max;
}

/* Random uuids are hex with dashes; letters and digits are let in too so
 * that ids made by hand or by another tool still merge. */
static gboolean
field_is_uuid (const Field *field)
{
  if (field->kind != VALUE_TEXT || field->text_len < 1 || field->text_len > MAX_UUID_CHARS)
    return FALSE;
  for (gsize i = 0; i < field->text_len; i++)
    if (!g_ascii_isalnum (field->text[i]) && field->text[i] != '-')
      return FALSE;
  return TRUE;
}

/* What limberctl prints and the config accepts for a host: printable UTF-8,
 * not only blanks. */
static gboolean
field_is_name (const Field *field,
               guint        max_chars)
{
  gboolean blank = TRUE;
  guint n_chars = 0;

  if (field->kind != VALUE_TEXT || field->text_len == 0 ||
      !g_utf8_validate (field->text, field->text_len, NULL))
    return FALSE;

  for (const char *p = field->text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || ++n_chars > max_chars)
        return FALSE;
      if (!g_unichar_isspace (c))
        blank = FALSE;
    }
  return !blank;
}

static gboolean
field_is_kind (const Field *field)
{
  return field->kind == VALUE_TEXT && strlen (field->text) == field->text_len &&
         g_strv_contains (known_kinds, field->text);
}

/* The value, quoted, for a message, when it is short and printable;
 * otherwise nothing, rather than a wall of text or escape codes. */
static char *
field_quote (const Field *field)
{
  if (field->kind != VALUE_TEXT || !field_is_name (field, 32))
    return g_strdup ("");
  return g_strdup_printf (" \"%s\"", field->text);
}

/* ---- Import: the whole run --------------------------------------------- */

typedef struct {
  Connection   *conn;
  sqlite3_stmt *check;      /* is the line a JSON object? */
  sqlite3_stmt *members;    /* its members, one row each */
  sqlite3_stmt *has_event;  /* is this uuid in the history already? */
  sqlite3_stmt *has_spell;
  sqlite3_stmt *add_event;  /* into the staging table */
  sqlite3_stmt *add_spell;
  GPtrArray    *problems;
  guint64       line_number;
  guint         n_problems;
  guint         n_known;    /* found in the history while staging */
  guint         n_staged;
  Field         fields[N_FIELDS];
} Importer;

static void
importer_problem (Importer   *self,
                  const char *format,
                  ...) G_GNUC_PRINTF (2, 3);

static void
importer_problem (Importer   *self,
                  const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  self->n_problems++;
  if (self->problems == NULL || self->n_problems > MAX_PROBLEMS)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->problems,
                   g_strdup_printf ("line %" G_GUINT64_FORMAT ": %s",
                                    self->line_number, message));
}

/* Fills self->fields from the members of the JSON object in @line. FALSE
 * with a problem noted when the line is no JSON object at all. */
static gboolean
importer_read_members (Importer      *self,
                       const GString *line,
                       GError       **error)
{
  const char *top_type;
  int rc;

  fields_clear (self->fields);

  /* SQLite reads text only up to a NUL byte and would ignore the rest. */
  if (memchr (line->str, '\0', line->len) != NULL)
    {
      importer_problem (self, "not JSON");
      return FALSE;
    }

  sqlite3_bind_text (self->check, 1, line->str, line->len, SQLITE_STATIC);
  rc = sqlite3_step (self->check);
  if (rc != SQLITE_ROW)
    {
      connection_fail (self->conn, error, "Could not check a line");
      sqlite3_reset (self->check);
      return FALSE;
    }
  top_type = (const char *) sqlite3_column_text (self->check, 0);
  if (top_type == NULL || strcmp (top_type, "object") != 0)
    {
      importer_problem (self, top_type == NULL ? "not JSON" : "not a JSON object");
      sqlite3_reset (self->check);
      return FALSE;
    }
  sqlite3_reset (self->check);

  sqlite3_bind_text (self->members, 1, line->str, line->len, SQLITE_STATIC);
  while ((rc = sqlite3_step (self->members)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (self->members, 0);
      const char *type = (const char *) sqlite3_column_text (self->members, 1);
      Field *field = NULL;

      for (guint i = 0; key != NULL && i < N_FIELDS; i++)
        if (strcmp (key, field_names[i]) == 0)
          field = &self->fields[i];

      /* Unknown members are left for newer versions; for a repeated one,
       * the first counts, as with json_extract(). */
      if (field == NULL || field->kind != VALUE_ABSENT)
        continue;

      if (g_strcmp0 (type, "null") == 0)
        {
          field->kind = VALUE_NULL;
        }
      else if (g_strcmp0 (type, "integer") == 0 &&
               sqlite3_column_type (self->members, 2) == SQLITE_INTEGER)
        {
          field->kind = VALUE_INTEGER;
          field->integer = sqlite3_column_int64 (self->members, 2);
        }
      else if (g_strcmp0 (type, "text") == 0)
        {
          field->kind = VALUE_TEXT;
          field->text_len = sqlite3_column_bytes (self->members, 2);
          field->text = g_malloc0 (field->text_len + 1);
          if (field->text_len > 0)
            memcpy (field->text, sqlite3_column_blob (self->members, 2), field->text_len);
        }
      else
        {
          field->kind = VALUE_OTHER;
        }
    }
  if (rc != SQLITE_DONE)
    connection_fail (self->conn, error, "Could not read a line");
  sqlite3_reset (self->members);

  return rc == SQLITE_DONE;
}

/* The checks both records share. */
static gboolean
importer_check_origin (Importer *self)
{
  const Field *uuid = &self->fields[FIELD_UUID];
  const Field *host = &self->fields[FIELD_HOST];

  if (uuid->kind == VALUE_ABSENT)
    importer_problem (self, "missing uuid");
  else if (!field_is_uuid (uuid))
    importer_problem (self, "invalid uuid (expected 1 to %d letters, digits or dashes)",
                      MAX_UUID_CHARS);
  else if (host->kind == VALUE_ABSENT)
    importer_problem (self, "missing host");
  else if (!field_is_name (host, MAX_HOST_CHARS))
    importer_problem (self, "invalid host (expected 1 to %d characters, "
                      "not all blank, no control characters)", MAX_HOST_CHARS);
  else
    return TRUE;
  return FALSE;
}

static gboolean
importer_check_time (Importer *self,
                     FieldId   id)
{
  const Field *field = &self->fields[id];

  if (field->kind == VALUE_ABSENT)
    importer_problem (self, "missing %s", field_names[id]);
  else if (!field_is_integer_in (field, 0, MAX_TS))
    importer_problem (self, "invalid %s (expected a whole number of seconds "
                      "from 0 to %" G_GINT64_FORMAT ")", field_names[id], MAX_TS);
  else
    return TRUE;
  return FALSE;
}

/* Records the history already has are counted and left out as they are
 * read, while we only read the database: merging by re-importing another
 * machine's whole export, again and again, then leaves next to nothing for
 * the write transaction, and they take no room in the staging tables. */
static gboolean
importer_is_known (Importer     *self,
                   sqlite3_stmt *stmt,
                   gboolean     *out_known,
                   GError      **error)
{
  const Field *uuid = &self->fields[FIELD_UUID];
  int rc;

  sqlite3_bind_text (stmt, 1, uuid->text, uuid->text_len, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    connection_fail (self->conn, error, "Could not look up a uuid");
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return FALSE;

  *out_known = rc == SQLITE_ROW;
  if (*out_known)
    self->n_known++;
  return TRUE;
}

static gboolean
importer_event (Importer *self,
                GError  **error)
{
  const Field *fields = self->fields;
  const Field *kind = &fields[FIELD_KIND];
  const Field *stretch = &fields[FIELD_STRETCH];
  const Field *seconds = &fields[FIELD_SECONDS];
  sqlite3_stmt *stmt = self->add_event;
  gboolean known;

  if (!importer_check_origin (self) || !importer_check_time (self, FIELD_TS))
    return TRUE;

  if (kind->kind == VALUE_ABSENT)
    {
      importer_problem (self, "missing kind");
      return TRUE;
    }
  if (!field_is_kind (kind))
    {
      g_autofree char *quoted = field_quote (kind);
      g_autofree char *expected = g_strjoinv (", ", (char **) known_kinds);

      importer_problem (self, "invalid kind%s (expected one of %s)", quoted, expected);
      return TRUE;
    }
  /* stretch and seconds may be left out: an event without a stretch, or
   * with nothing to measure. */
  if (stretch->kind != VALUE_ABSENT && stretch->kind != VALUE_NULL &&
      !field_is_name (stretch, MAX_STRETCH_CHARS))
    {
      importer_problem (self, "invalid stretch (expected null or 1 to %d "
                        "characters, no control characters)", MAX_STRETCH_CHARS);
      return TRUE;
    }
  if (seconds->kind != VALUE_ABSENT && !field_is_integer_in (seconds, 0, MAX_SECONDS))
    {
      importer_problem (self, "invalid seconds (expected a whole number from 0 to %"
                        G_GINT64_FORMAT ")", MAX_SECONDS);
      return TRUE;
    }

  if (!importer_is_known (self, self->has_event, &known, error))
    return FALSE;
  if (known)
    return TRUE;

  sqlite3_bind_text (stmt, 1, fields[FIELD_UUID].text, fields[FIELD_UUID].text_len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, fields[FIELD_HOST].text, fields[FIELD_HOST].text_len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, fields[FIELD_TS].integer);
  sqlite3_bind_text (stmt, 4, kind->text, kind->text_len, SQLITE_STATIC);
  if (stretch->kind == VALUE_TEXT)
    sqlite3_bind_text (stmt, 5, stretch->text, stretch->text_len, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, seconds->kind == VALUE_INTEGER ? seconds->integer : 0);

  if (!connection_step_done (self->conn, stmt, "Could not stage an event", error))
    return FALSE;
  self->n_staged++;
  return TRUE;
}

static gboolean
importer_spell (Importer *self,
                GError  **error)
{
  const Field *fields = self->fields;
  sqlite3_stmt *stmt = self->add_spell;
  gboolean known;

  if (!importer_check_origin (self) ||
      !importer_check_time (self, FIELD_START_TS) ||
      !importer_check_time (self, FIELD_END_TS))
    return TRUE;
  if (fields[FIELD_START_TS].integer > fields[FIELD_END_TS].integer)
    {
      importer_problem (self, "start_ts is after end_ts");
      return TRUE;
    }

  if (!importer_is_known (self, self->has_spell, &known, error))
    return FALSE;
  if (known)
    return TRUE;

  sqlite3_bind_text (stmt, 1, fields[FIELD_UUID].text, fields[FIELD_UUID].text_len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, fields[FIELD_HOST].text, fields[FIELD_HOST].text_len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, fields[FIELD_START_TS].integer);
  sqlite3_bind_int64 (stmt, 4, fields[FIELD_END_TS].integer);

  if (!connection_step_done (self->conn, stmt, "Could not stage a spell", error))
    return FALSE;
  self->n_staged++;
  return TRUE;
}

/* A header says what follows; only its version matters to the import. */
static gboolean
importer_header (Importer *self,
                 GError  **error)
{
  const Field *limber = &self->fields[FIELD_LIMBER];
  const Field *version = &self->fields[FIELD_VERSION];

  if (limber->kind != VALUE_TEXT || g_strcmp0 (limber->text, "history") != 0)
    {
      importer_problem (self, "unknown header (expected \"limber\": \"history\")");
      return TRUE;
    }
  if (version->kind != VALUE_INTEGER)
    {
      importer_problem (self, "invalid version in the header (expected a whole number)");
      return TRUE;
    }
  /* A later format may mean something else by the same members: importing
   * it line by line could store wrong history, so nothing is imported. */
  if (version->integer != FORMAT_VERSION)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "line %" G_GUINT64_FORMAT ": the file is in export format "
                   "version %" G_GINT64_FORMAT ", but this Limber reads version %d; "
                   "nothing was imported", self->line_number, version->integer,
                   FORMAT_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* FALSE only for a failure that ends the import; a bad line is a problem. */
static gboolean
importer_line (Importer      *self,
               const GString *line,
               GError       **error)
{
  const Field *type = &self->fields[FIELD_TYPE];
  GError *local_error = NULL;

  if (!importer_read_members (self, line, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (self->fields[FIELD_LIMBER].kind != VALUE_ABSENT)
    return importer_header (self, error);

  if (type->kind == VALUE_TEXT && g_strcmp0 (type->text, "event") == 0)
    return importer_event (self, error);
  if (type->kind == VALUE_TEXT && g_strcmp0 (type->text, "spell") == 0)
    return importer_spell (self, error);

  if (type->kind == VALUE_ABSENT)
    {
      importer_problem (self, "missing type (expected \"event\" or \"spell\", or a header)");
    }
  else
    {
      g_autofree char *quoted = field_quote (type);

      importer_problem (self, "unknown type%s (expected \"event\" or \"spell\")", quoted);
    }
  return TRUE;
}

/* Every usable line goes to temporary tables first; the real tables are
 * written afterwards in one short transaction. Holding limberd's write lock
 * while a slow client feeds us (`limberctl import -` from a terminal) would
 * stall every event limberd records in the meantime. The temporary tables
 * live in a file SQLite deletes itself, so a million lines do not sit in
 * memory. */
static gboolean
importer_stage (Importer             *self,
                GBufferedInputStream *in,
                GError              **error)
{
  Connection *conn = self->conn;
  g_autoptr(GString) line = g_string_sized_new (1024);

  if (!connection_exec (conn, "BEGIN", error))
    return FALSE;

  for (;;)
    {
      gboolean too_long;
      gboolean at_end;

      if (!read_line (in, line, &too_long, &at_end, conn->cancellable, error))
        return FALSE;
      if (at_end)
        break;
      self->line_number++;

      if (self->line_number % CANCEL_CHECK_LINES == 0 &&
          g_cancellable_set_error_if_cancelled (conn->cancellable, error))
        return FALSE;

      if (too_long)
        {
          importer_problem (self, "longer than %d bytes", MAX_LINE_BYTES);
          continue;
        }
      /* A byte order mark, which some Windows editors put first. */
      if (self->line_number == 1 && g_str_has_prefix (line->str, "\xef\xbb\xbf"))
        g_string_erase (line, 0, 3);
      if (line_is_blank (line))
        continue;

      if (!importer_line (self, line, error))
        return FALSE;
    }
  fields_clear (self->fields);

  if (self->n_problems > MAX_PROBLEMS && self->problems != NULL)
    g_ptr_array_add (self->problems,
                     g_strdup_printf ("and %u more lines that could not be used",
                                      self->n_problems - MAX_PROBLEMS));

  return connection_exec (conn, "COMMIT", error);
}

/* Staged records moved per write transaction. limberd's own writes wait
 * for the write lock meanwhile (about 7 µs per new record, so some tens of
 * ms per batch), never for a whole first import of years of history,
 * which would take seconds and stall it. */
#define COMMIT_BATCH 5000

static gint64
staged_max_id (Connection *conn,
               const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!connection_prepare (conn, &stmt, sql, NULL) || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* Moves the staged records into the history, batch by batch, each batch
 * in one transaction; returns how many were new. A failure leaves the
 * batches before it in place: importing again finishes the job, since
 * records already there are skipped. */
static gboolean
importer_commit (Importer *self,
                 guint    *out_added,
                 GError  **error)
{
  Connection *conn = self->conn;
  g_autoptr(sqlite3_stmt) move_events = NULL;
  g_autoptr(sqlite3_stmt) move_spells = NULL;
  gint64 last_id = MAX (staged_max_id (conn, "SELECT IFNULL(MAX(id), 0) FROM temp.import_events"),
                        staged_max_id (conn, "SELECT IFNULL(MAX(id), 0) FROM temp.import_spells"));
  guint added = 0;

  /* OR IGNORE: a uuid that came earlier in the input, or that was written
   * since staging, is the same record again. */
  if (!connection_prepare (conn, &move_events,
                           "INSERT OR IGNORE INTO main.events (ts, kind, stretch, seconds, uuid, host)"
                           "  SELECT ts, kind, stretch, seconds, uuid, host"
                           "    FROM temp.import_events WHERE id > ?1 AND id <= ?2 ORDER BY id",
                           error) ||
      !connection_prepare (conn, &move_spells,
                           "INSERT OR IGNORE INTO main.spells (start_ts, end_ts, uuid, host)"
                           "  SELECT start_ts, end_ts, uuid, host"
                           "    FROM temp.import_spells WHERE id > ?1 AND id <= ?2 ORDER BY id",
                           error))
    return FALSE;

  for (gint64 from = 0; from < last_id; from += COMMIT_BATCH)
    {
      sqlite3_bind_int64 (move_events, 1, from);
      sqlite3_bind_int64 (move_events, 2, from + COMMIT_BATCH);
      sqlite3_bind_int64 (move_spells, 1, from);
      sqlite3_bind_int64 (move_spells, 2, from + COMMIT_BATCH);

      /* IMMEDIATE: wait (busy_timeout) for limberd's write to end here,
       * rather than fail between the two inserts. */
      if (g_cancellable_set_error_if_cancelled (conn->cancellable, error) ||
          !connection_exec (conn, "BEGIN IMMEDIATE", error) ||
          !connection_step_done (conn, move_events, "Could not add the events", error))
        return FALSE;
      added += sqlite3_changes (conn->db);
      if (!connection_step_done (conn, move_spells, "Could not add the sitting spells", error))
        return FALSE;
      added += sqlite3_changes (conn->db);
      if (!connection_exec (conn, "COMMIT", error))
        return FALSE;
    }

  *out_added = added;
  return TRUE;
}

gboolean
limber_exchange_import (const char   *db_path,
                        int           fd,
                        guint        *added,
                        guint        *known,
                        GPtrArray    *problems,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_auto(Connection) conn = { NULL, db_path, cancellable };
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autoptr(sqlite3_stmt) members = NULL;
  g_autoptr(sqlite3_stmt) has_event = NULL;
  g_autoptr(sqlite3_stmt) has_spell = NULL;
  g_autoptr(sqlite3_stmt) add_event = NULL;
  g_autoptr(sqlite3_stmt) add_spell = NULL;
  g_autoptr(GInputStream) base = NULL;
  g_autoptr(GInputStream) in = NULL;
  Importer importer = { 0 };
  guint n_added = 0;
  gboolean ok;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* No SQLITE_OPEN_CREATE: importing into a file that is not there yet
   * would make a database without limberd's tables. */
  if (!connection_open (&conn, SQLITE_OPEN_READWRITE, error))
    return FALSE;

  /* synchronous is per connection: as durable as limberd's own writes. The
   * staging tables go to a temporary file, not to memory. */
  if (!connection_exec (&conn,
                        "PRAGMA synchronous = FULL;"
                        "PRAGMA temp_store = FILE;"
                        "CREATE TEMP TABLE import_events ("
                        "  id INTEGER PRIMARY KEY, uuid TEXT, host TEXT, ts INTEGER,"
                        "  kind TEXT, stretch TEXT, seconds INTEGER);"
                        "CREATE TEMP TABLE import_spells ("
                        "  id INTEGER PRIMARY KEY, uuid TEXT, host TEXT,"
                        "  start_ts INTEGER, end_ts INTEGER);",
                        error))
    return FALSE;

  /* CASE: json_type() fails on text that is not JSON, json_valid() says so. */
  if (!connection_prepare (&conn, &check,
                           "SELECT CASE WHEN json_valid(?1) THEN json_type(?1) END",
                           error) ||
      !connection_prepare (&conn, &members,
                           "SELECT key, type, atom FROM json_each(?1)",
                           error) ||
      !connection_prepare (&conn, &has_event,
                           "SELECT 1 FROM main.events WHERE uuid = ?1",
                           error) ||
      !connection_prepare (&conn, &has_spell,
                           "SELECT 1 FROM main.spells WHERE uuid = ?1",
                           error) ||
      !connection_prepare (&conn, &add_event,
                           "INSERT INTO temp.import_events (uuid, host, ts, kind, stretch, seconds)"
                           "  VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           error) ||
      !connection_prepare (&conn, &add_spell,
                           "INSERT INTO temp.import_spells (uuid, host, start_ts, end_ts)"
                           "  VALUES (?1, ?2, ?3, ?4)",
                           error))
    return FALSE;

  importer.conn = &conn;
  importer.check = check;
  importer.members = members;
  importer.has_event = has_event;
  importer.has_spell = has_spell;
  importer.add_event = add_event;
  importer.add_spell = add_spell;
  importer.problems = problems;

  base = g_unix_input_stream_new (fd, FALSE);
  in = g_buffered_input_stream_new_sized (base, READ_BUFFER_BYTES);

  ok = importer_stage (&importer, G_BUFFERED_INPUT_STREAM (in), error) &&
       importer_commit (&importer, &n_added, error);
  fields_clear (importer.fields);
  if (!ok)
    return FALSE;

  if (added != NULL)
    *added = n_added;
  if (known != NULL)
    *known = importer.n_known + importer.n_staged - n_added;
  return TRUE;
}
