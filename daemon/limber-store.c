/* The store: Limber's SQLite file. The schema is documented in
 * limber-store.h; DESIGN.md "Storage" says which parts are fixed. */
#include "limber-store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "limber-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _LimberStore
{
  GObject  parent_instance;

  sqlite3 *db;
  char    *path;
  char    *recovery_note;
  /* The primary sqlite result code behind the last GError store_fail() set.
   * open() needs it to tell "this file is not a database" from any other
   * failure, and sqlite3_errcode() no longer has it once a ROLLBACK ran. */
  int      last_error_code;
};

G_DEFINE_TYPE (LimberStore, limber_store, G_TYPE_OBJECT)

/* Step i takes a database from user_version i to i + 1 and ends by setting
 * that version, so that a step and its version number commit together.
 * A step that has shipped is never edited: append a new one. */
static const char *const migrations[] = {
  /* 0 -> 1. The tables are created without IF NOT EXISTS on purpose: a
   * version-0 file that already has an `events` table belongs to someone
   * else, and failing is better than mixing our rows into theirs. */
  "CREATE TABLE events ("
  "  id      INTEGER PRIMARY KEY,"
  "  ts      INTEGER NOT NULL,"
  "  kind    TEXT NOT NULL,"
  "  stretch TEXT,"
  "  seconds INTEGER NOT NULL DEFAULT 0"
  ");"
  /* list_events() walks this one backwards (its entries end with the id). */
  "CREATE INDEX events_ts ON events (ts);"
  /* Per-kind counts over a time range: history(), count_events(),
   * last_completed(), last_suggested(). */
  "CREATE INDEX events_kind_ts ON events (kind, ts);"
  "CREATE TABLE spells ("
  "  id       INTEGER PRIMARY KEY,"
  "  start_ts INTEGER NOT NULL,"
  "  end_ts   INTEGER NOT NULL"
  ");"
  /* history() asks for the spells that end after the start of its range. */
  "CREATE INDEX spells_end_ts ON spells (end_ts);"
  "CREATE TABLE state ("
  "  key   TEXT PRIMARY KEY,"
  "  value"
  ");"
  "PRAGMA user_version = 1;",
};

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

/* Files SQLite keeps next to the database. A stale write-ahead log or hot
 * journal left beside a fresh database would be replayed into it, so when
 * the database is moved aside they go with it. */
static const char *const companion_suffixes[] = { "-wal", "-shm", "-journal" };

void
limber_event_clear (LimberEvent *event)
{
  g_return_if_fail (event != NULL);

  g_clear_pointer (&event->kind, g_free);
  g_clear_pointer (&event->stretch, g_free);
  event->ts = 0;
  event->seconds = 0;
}

void
limber_saved_state_clear (LimberSavedState *state)
{
  g_return_if_fail (state != NULL);

  g_clear_pointer (&state->state, g_free);
  g_clear_pointer (&state->pending_stretch, g_free);
  g_clear_pointer (&state->boot_id, g_free);
  state->clean_stop = FALSE;
  state->spell_start = -1;
  state->due_at = -1;
  state->paused_until = -1;
  state->snoozes_in_row = 0;
  state->saved_at = -1;
}

/* Sets a LIMBER_ERROR_STORAGE error carrying SQLite's own message and
 * remembers its code; returns FALSE so callers can `return store_fail (...)`. */
static gboolean
store_fail (LimberStore *self,
            GError     **error,
            const char  *what)
{
  self->last_error_code = self->db != NULL ? (sqlite3_errcode (self->db) & 0xff)
                                           : SQLITE_NOMEM;
  g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE,
               "%s (%s): %s", what, self->path,
               self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
  return FALSE;
}

/* For the queries whose API has no GError: the daemon carries on with an
 * empty answer, but the reason must reach the log. */
static void
store_warn (LimberStore *self,
            const char  *what)
{
  g_warning ("%s (%s): %s", what, self->path, sqlite3_errmsg (self->db));
}

static gboolean
store_prepare (LimberStore   *self,
               sqlite3_stmt **out_stmt,
               const char    *sql,
               GError       **error)
{
  if (sqlite3_prepare_v2 (self->db, sql, -1, out_stmt, NULL) != SQLITE_OK)
    return store_fail (self, error, "Could not prepare a query");
  return TRUE;
}

/* Runs fixed SQL that binds no values (PRAGMAs, transaction control,
 * migration scripts), one statement after the other. */
static gboolean
store_exec (LimberStore *self,
            const char  *sql,
            GError     **error)
{
  const char *rest = sql;

  while (rest != NULL && *rest != '\0')
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      if (sqlite3_prepare_v2 (self->db, rest, -1, &stmt, &rest) != SQLITE_OK)
        return store_fail (self, error, "Could not run a statement");
      if (stmt == NULL) /* only whitespace or a comment was left */
        continue;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;
      if (rc != SQLITE_DONE)
        return store_fail (self, error, "Could not run a statement");
    }

  return TRUE;
}

/* The first column of the first row of a fixed query, as text. */
static gboolean
store_query_text (LimberStore *self,
                  const char  *sql,
                  char       **out_text,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!store_prepare (self, &stmt, sql, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return store_fail (self, error, "Could not read the database");

  *out_text = rc == SQLITE_ROW ? g_strdup ((const char *) sqlite3_column_text (stmt, 0))
                               : NULL;
  return TRUE;
}

static gboolean
store_query_int (LimberStore *self,
                 const char  *sql,
                 gint64      *out_value,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!store_prepare (self, &stmt, sql, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return store_fail (self, error, "Could not read the database");

  *out_value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

static gboolean
store_begin (LimberStore *self,
             GError     **error)
{
  /* IMMEDIATE takes the write lock up front, so a concurrent writer makes us
   * wait (busy_timeout) here instead of failing half-way through. */
  return store_exec (self, "BEGIN IMMEDIATE", error);
}

/* Only called on a path that already has an error to report, so it must not
 * touch last_error_code: it logs instead. */
static void
store_rollback (LimberStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* Some errors (a full disk, for one) make SQLite roll back by itself. */
  if (sqlite3_get_autocommit (self->db))
    return;

  if (sqlite3_prepare_v2 (self->db, "ROLLBACK", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("Could not roll back (%s): %s", self->path, sqlite3_errmsg (self->db));
}

static gboolean
store_commit (LimberStore *self,
              GError     **error)
{
  if (store_exec (self, "COMMIT", error))
    return TRUE;

  store_rollback (self);
  return FALSE;
}

/* Runs one prepared, bound write statement in its own transaction. */
static gboolean
store_write (LimberStore  *self,
             sqlite3_stmt *stmt,
             const char   *what,
             GError      **error)
{
  if (!store_begin (self, error))
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      store_fail (self, error, what);
      store_rollback (self);
      return FALSE;
    }

  return store_commit (self, error);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  /* SQLITE_STATIC: every statement here is finalized before the caller's
   * strings can go away. */
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static void
store_close (LimberStore *self)
{
  if (self->db == NULL)
    return;

  /* close_v2 never leaves the handle half-open; a failure here can only be
   * a statement we forgot to finalize, which is worth a warning. */
  if (sqlite3_close_v2 (self->db) != SQLITE_OK)
    g_warning ("Could not close %s: %s", self->path, sqlite3_errmsg (self->db));
  self->db = NULL;
}

static void
limber_store_finalize (GObject *object)
{
  LimberStore *self = LIMBER_STORE (object);

  store_close (self);
  g_free (self->path);
  g_free (self->recovery_note);

  G_OBJECT_CLASS (limber_store_parent_class)->finalize (object);
}

static void
limber_store_class_init (LimberStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = limber_store_finalize;
}

static void
limber_store_init (LimberStore *self)
{
  self->last_error_code = SQLITE_OK;
}

static gboolean
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *what,
                 const char *path)
{
  g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE,
               "%s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

/* Every SQLite 3 database starts with these 16 bytes. */
static const char sqlite_header[16] = "SQLite format 3";

/* Makes sure the database file exists with mode 0600 before SQLite opens
 * it: SQLite would create it with 0644 (less the umask), and the history of
 * someone's breaks is nobody else's business.
 *
 * Also looks at the first bytes, so that a file that is plainly not a
 * database is found before SQLite touches it: SQLite opens any -wal file
 * next to the database as soon as it reads it, and deletes it on close. */
static gboolean
ensure_private_file (const char *path,
                     gboolean   *out_has_header,
                     GError    **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  char head[sizeof sqlite_header];
  gssize n_read;
  int fd;

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      if (g_mkdir_with_parents (folder, 0700) != 0)
        return set_errno_error (error, errno, "Could not create the folder", folder);
      /* mkdir's mode passes through the umask; an unusual one (say 0277)
       * would leave a folder we cannot write into. A folder that already
       * existed is the user's choice and is left alone. */
      if (g_chmod (folder, 0700) != 0)
        return set_errno_error (error, errno, "Could not restrict the permissions of", folder);
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_errno_error (error, errno, "Could not open", path);

  /* open() keeps the mode of a file that already existed. Failing to tighten
   * it (a file owned by someone else) is no reason to stop tracking. */
  if (fchmod (fd, 0600) != 0)
    g_warning ("Could not make %s private: %s", path, g_strerror (errno));

  do
    n_read = read (fd, head, sizeof head);
  while (n_read < 0 && errno == EINTR);
  if (n_read < 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      return set_errno_error (error, saved_errno, "Could not read", path);
    }
  g_close (fd, NULL);

  /* An empty file is a database with nothing in it yet. */
  *out_has_header = n_read == 0 ||
                    ((gsize) n_read == sizeof head && memcmp (head, sqlite_header, sizeof head) == 0);
  return TRUE;
}

/* Reads the schema, which SQLite otherwise loads lazily at the first query
 * that names a table: a damaged schema page must show up here, where the
 * file can still be moved aside, not in the middle of a break.
 *
 * PRAGMA quick_check would also find damage in data pages, but it reads the
 * whole file: about 120 ms for a million events, more than the whole start
 * budget (DESIGN.md "Performance budgets"). Such damage surfaces as
 * SQLITE_CORRUPT errors from the query that meets it instead. */
static gboolean
store_check (LimberStore *self,
             GError     **error)
{
  gint64 n_objects;

  return store_query_int (self, "SELECT COUNT(*) FROM sqlite_master", &n_objects, error);
}

static gboolean
store_configure (LimberStore *self,
                 GError     **error)
{
  g_autofree char *journal_mode = NULL;

  /* First, so that the statements below already wait for a lock held by
   * another process instead of failing with SQLITE_BUSY. */
  if (!store_exec (self, "PRAGMA busy_timeout = 5000", error))
    return FALSE;

  /* Before switching to WAL, which writes to the file header: a damaged
   * file should be moved aside exactly as it was found. */
  if (!store_check (self, error))
    return FALSE;

  if (!store_query_text (self, "PRAGMA journal_mode = WAL", &journal_mode, error))
    return FALSE;
  /* Some file systems (network ones) cannot do WAL; SQLite then keeps its
   * rollback journal, which is slower but just as safe. */
  if (g_strcmp0 (journal_mode, "wal") != 0)
    g_warning ("%s: could not switch to write-ahead logging (journal mode is %s)",
               self->path, journal_mode != NULL ? journal_mode : "unknown");

  /* FULL: a break the user logged must survive a power cut right after. */
  return store_exec (self,
                     "PRAGMA synchronous = FULL;"
                     "PRAGMA foreign_keys = ON;",
                     error);
}

static gboolean
store_migrate (LimberStore *self,
               GError     **error)
{
  for (;;)
    {
      gint64 version = 0;

      /* The version is read inside the write transaction, so two daemons
       * starting at once cannot both run the same step. */
      if (!store_begin (self, error))
        return FALSE;

      if (!store_query_int (self, "PRAGMA user_version", &version, error))
        {
          store_rollback (self);
          return FALSE;
        }

      if (version < 0 || version > SCHEMA_VERSION)
        {
          store_rollback (self);
          /* Written by a newer Limber: using it could lose what that version
           * stores, and moving it aside would hide the user's history. */
          g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE,
                       "%s has schema version %" G_GINT64_FORMAT ", but this "
                       "Limber only knows versions up to %d; it was left "
                       "untouched (upgrade Limber, or start limberd with "
                       "another --db)",
                       self->path, version, SCHEMA_VERSION);
          return FALSE;
        }

      if (version == SCHEMA_VERSION)
        return store_commit (self, error);

      if (!store_exec (self, migrations[version], error))
        {
          g_prefix_error (error, "Could not upgrade the schema from version %"
                          G_GINT64_FORMAT ": ", version);
          store_rollback (self);
          return FALSE;
        }

      if (!store_commit (self, error))
        return FALSE;

      g_debug ("%s: schema upgraded to version %" G_GINT64_FORMAT,
               self->path, version + 1);
    }
}

/* Opens, configures, checks and migrates; on failure the handle is closed
 * again so that the file can be moved aside. */
static gboolean
store_connect (LimberStore *self,
               GError     **error)
{
  self->last_error_code = SQLITE_OK;

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      store_fail (self, error, "Could not open the database");
      store_close (self);
      return FALSE;
    }

  if (!store_configure (self, error) ||
      !store_migrate (self, error))
    {
      store_close (self);
      return FALSE;
    }

  return TRUE;
}

static gboolean
store_found_corrupt (LimberStore *self)
{
  return self->last_error_code == SQLITE_NOTADB ||
         self->last_error_code == SQLITE_CORRUPT;
}

/* Renames the broken file (and its companions) to PATH.corrupt-<unix time>,
 * keeping it for the user rather than deleting it: it may still hold
 * history that a repair tool can save. */
static gboolean
store_move_aside (LimberStore *self,
                  const char  *reason,
                  GError     **error)
{
  gint64 stamp = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *aside = NULL;
  g_autofree char *name = g_path_get_basename (self->path);

  /* Two recoveries within a second must not overwrite the first file. */
  for (;;)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.corrupt-%" G_GINT64_FORMAT, self->path, stamp);
      if (!g_file_test (aside, G_FILE_TEST_EXISTS))
        break;
      stamp++;
    }

  if (g_rename (self->path, aside) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE,
                   "%s is not a valid database (%s) and could not be moved aside: %s",
                   self->path, reason, g_strerror (saved_errno));
      return FALSE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (self->path, companion_suffixes[i], NULL);
      /* Same suffix, so `sqlite3 limber.db.corrupt-N` still finds its log. */
      g_autofree char *to = g_strconcat (aside, companion_suffixes[i], NULL);

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (from, to) == 0)
        continue;
      /* Anything but leaving it beside the new database. */
      if (g_unlink (from) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_STORAGE,
                       "Could not move %s out of the way: %s", from,
                       g_strerror (saved_errno));
          return FALSE;
        }
    }

  g_free (self->recovery_note);
  self->recovery_note = g_strdup_printf ("%s was not a valid database; it was moved "
                                         "to %s and a new one was started",
                                         name, aside);
  g_warning ("%s (%s)", self->recovery_note, reason);
  return TRUE;
}

LimberStore *
limber_store_open (const char *path,
                   GError    **error)
{
  g_autoptr(LimberStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_header = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LIMBER_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!ensure_private_file (path, &has_header, error))
    return NULL;

  if (has_header)
    {
      if (store_connect (self, &local_error))
        return g_steal_pointer (&self);

      /* Anything else (a full disk, a newer schema, a locked file) is
       * reported: moving a good database aside would hide the history. */
      if (!store_found_corrupt (self))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (!store_move_aside (self,
                         has_header ? local_error->message : "it does not start with the SQLite header",
                         error) ||
      !ensure_private_file (path, &has_header, error) ||
      !store_connect (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
limber_store_get_path (LimberStore *self)
{
  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);

  return self->path;
}

const char *
limber_store_get_recovery_note (LimberStore *self)
{
  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);

  return self->recovery_note;
}

gboolean
limber_store_add_event (LimberStore *self,
                        gint64       ts,
                        const char  *kind,
                        const char  *stretch,
                        gint64       seconds,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIMBER_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_prepare (self, &stmt,
                      "INSERT INTO events (ts, kind, stretch, seconds) "
                      "VALUES (?1, ?2, ?3, ?4)",
                      error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ts);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 3, stretch);
  sqlite3_bind_int64 (stmt, 4, seconds);

  return store_write (self, stmt, "Could not record an event", error);
}

gboolean
limber_store_add_spell (LimberStore *self,
                        gint64       start_ts,
                        gint64       end_ts,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIMBER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A backwards spell would subtract sitting time from a day. The wall
   * clock can jump back, so this is an error to report, not a bug. */
  if (end_ts < start_ts)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "A sitting spell cannot end (%" G_GINT64_FORMAT ") before "
                   "it starts (%" G_GINT64_FORMAT ")", end_ts, start_ts);
      return FALSE;
    }

  if (!store_prepare (self, &stmt,
                      "INSERT INTO spells (start_ts, end_ts) VALUES (?1, ?2)",
                      error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, start_ts);
  sqlite3_bind_int64 (stmt, 2, end_ts);

  return store_write (self, stmt, "Could not record a sitting spell", error);
}

gboolean
limber_store_save_state (LimberStore            *self,
                         const LimberSavedState *state,
                         GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LIMBER_IS_STORE (self), FALSE);
  g_return_val_if_fail (state != NULL && state->state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  const struct {
    const char *key;
    gboolean    is_text;
    const char *text;
    gint64      number;
  } fields[] = {
    { "state",           TRUE,  state->state,           0 },
    { "spell_start",     FALSE, NULL,                   state->spell_start },
    { "due_at",          FALSE, NULL,                   state->due_at },
    { "paused_until",    FALSE, NULL,                   state->paused_until },
    { "snoozes_in_row",  FALSE, NULL,                   state->snoozes_in_row },
    { "pending_stretch", TRUE,  state->pending_stretch, 0 },
    { "saved_at",        FALSE, NULL,                   state->saved_at },
    { "boot_id",         TRUE,  state->boot_id,         0 },
    { "clean_stop",      FALSE, NULL,                   state->clean_stop ? 1 : 0 },
  };

  if (!store_prepare (self, &stmt,
                      "INSERT OR REPLACE INTO state (key, value) VALUES (?1, ?2)",
                      error))
    return FALSE;

  /* One transaction: a restart must never see half of one save and half of
   * the one before. */
  if (!store_begin (self, error))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, fields[i].key, -1, SQLITE_STATIC);
      if (fields[i].is_text)
        bind_text_or_null (stmt, 2, fields[i].text);
      else
        sqlite3_bind_int64 (stmt, 2, fields[i].number);

      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          store_fail (self, error, "Could not save the state");
          store_rollback (self);
          return FALSE;
        }
    }

  return store_commit (self, error);
}

static void
replace_text (char        **text,
              sqlite3_stmt *stmt,
              int           column)
{
  g_free (*text);
  *text = g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gint64
column_time (sqlite3_stmt *stmt,
             int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? -1
                                                           : sqlite3_column_int64 (stmt, column);
}

gboolean
limber_store_load_state (LimberStore      *self,
                         LimberSavedState *out_state,
                         GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LimberSavedState loaded = {
    .state = NULL,
    .spell_start = -1,
    .due_at = -1,
    .paused_until = -1,
    .snoozes_in_row = 0,
    .pending_stretch = NULL,
    .saved_at = -1,
    .boot_id = NULL,
    .clean_stop = FALSE,
  };
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Whatever happens, the caller gets a state it can clear. */
  *out_state = loaded;

  if (!store_prepare (self, &stmt, "SELECT key, value FROM state", error))
    return FALSE;

  /* Keys this version does not know come from a newer one; skip them. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (key, "state") == 0)
        replace_text (&loaded.state, stmt, 1);
      else if (g_strcmp0 (key, "pending_stretch") == 0)
        replace_text (&loaded.pending_stretch, stmt, 1);
      else if (g_strcmp0 (key, "spell_start") == 0)
        loaded.spell_start = column_time (stmt, 1);
      else if (g_strcmp0 (key, "due_at") == 0)
        loaded.due_at = column_time (stmt, 1);
      else if (g_strcmp0 (key, "paused_until") == 0)
        loaded.paused_until = column_time (stmt, 1);
      else if (g_strcmp0 (key, "saved_at") == 0)
        loaded.saved_at = column_time (stmt, 1);
      else if (g_strcmp0 (key, "boot_id") == 0)
        replace_text (&loaded.boot_id, stmt, 1);
      else if (g_strcmp0 (key, "clean_stop") == 0)
        loaded.clean_stop = sqlite3_column_int64 (stmt, 1) != 0;
      else if (g_strcmp0 (key, "snoozes_in_row") == 0)
        loaded.snoozes_in_row = (guint) CLAMP (sqlite3_column_int64 (stmt, 1), 0, G_MAXUINT);
    }

  if (rc != SQLITE_DONE)
    {
      limber_saved_state_clear (&loaded);
      return store_fail (self, error, "Could not load the saved state");
    }

  if (loaded.state == NULL)
    {
      limber_saved_state_clear (&loaded);
      return FALSE;
    }

  *out_state = loaded;
  return TRUE;
}

/* Same statement for count_events() and history(): one range of the
 * events(kind, ts) index, counted without reading the rows. */
#define COUNT_EVENTS_SQL \
  "SELECT COUNT(*) FROM events WHERE kind = ?1 AND ts >= ?2 AND ts < ?3"

static gboolean
step_count (sqlite3_stmt *stmt,
            const char   *kind,
            gint64        from_ts,
            gint64        to_ts,
            guint        *out_count)
{
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, from_ts);
  sqlite3_bind_int64 (stmt, 3, to_ts);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  *out_count = (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
  return TRUE;
}

guint
limber_store_count_events (LimberStore *self,
                           const char  *kind,
                           gint64       from_ts,
                           gint64       to_ts)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (LIMBER_IS_STORE (self), 0);
  g_return_val_if_fail (kind != NULL, 0);

  if (sqlite3_prepare_v2 (self->db, COUNT_EVENTS_SQL, -1, &stmt, NULL) != SQLITE_OK ||
      !step_count (stmt, kind, from_ts, to_ts, &count))
    {
      store_warn (self, "Could not count events");
      return 0;
    }

  return count;
}

GHashTable *
limber_store_latest_per_stretch (LimberStore *self,
                                 const char  *kind)
{
  g_autoptr(GHashTable) latest = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);

  latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT stretch, MAX(ts) FROM events "
                          "WHERE kind = ?1 AND stretch IS NOT NULL "
                          "GROUP BY stretch",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      store_warn (self, "Could not read the latest events per stretch");
      return g_steal_pointer (&latest);
    }
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *ts = g_new (gint64, 1);

      *ts = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (latest,
                           g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           ts);
    }

  /* Only used to vary the suggestions, so an answer that stops short is
   * still better than none. */
  if (rc != SQLITE_DONE)
    store_warn (self, "Could not read the completed stretches");

  return g_steal_pointer (&latest);
}

char *
limber_store_last_suggested (LimberStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT stretch FROM events WHERE kind = ?1 "
                          "ORDER BY ts DESC, id DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      store_warn (self, "Could not read the last suggestion");
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, LIMBER_EVENT_DUE, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    store_warn (self, "Could not read the last suggestion");
  return NULL;
}

/* Adds the part of [start, end) that falls in each day. bounds[i] is the
 * local midnight starting day i, bounds[n_days] the one ending the last. */
static void
spread_spell (LimberDay    *days,
              const gint64 *bounds,
              guint         n_days,
              gint64        start,
              gint64        end)
{
  guint low = 0, high = n_days;

  start = MAX (start, bounds[0]);
  end = MIN (end, bounds[n_days]);
  if (start >= end)
    return;

  /* The last day starting at or before @start. */
  while (high - low > 1)
    {
      guint mid = low + (high - low) / 2;

      if (bounds[mid] <= start)
        low = mid;
      else
        high = mid;
    }

  for (guint i = low; i < n_days && bounds[i] < end; i++)
    {
      gint64 overlap = MIN (end, bounds[i + 1]) - MAX (start, bounds[i]);

      days[i].sitting_seconds += overlap;
      days[i].longest_sitting_seconds = MAX (days[i].longest_sitting_seconds, overlap);
    }
}

GArray *
limber_store_history (LimberStore *self,
                      guint        days,
                      gint64       now_ts,
                      gint64       open_spell_start,
                      GError     **error)
{
  /* The events that make a day's counts; skipped and dismissed both mean
   * "declined" to the user. */
  static const struct {
    const char *kind;
    gsize       offset;
  } counted[] = {
    { LIMBER_EVENT_COMPLETED, G_STRUCT_OFFSET (LimberDay, completed) },
    { LIMBER_EVENT_SNOOZED,   G_STRUCT_OFFSET (LimberDay, snoozed) },
    { LIMBER_EVENT_SKIPPED,   G_STRUCT_OFFSET (LimberDay, skipped) },
    { LIMBER_EVENT_DISMISSED, G_STRUCT_OFFSET (LimberDay, skipped) },
    { LIMBER_EVENT_NATURAL,   G_STRUCT_OFFSET (LimberDay, natural) },
  };
  g_autoptr(GArray) history = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc_now = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(sqlite3_stmt) spells = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autofree gint64 *bounds = NULL;
  LimberDay *day_list;
  GDate date;
  int year, month, day_of_month;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  history = g_array_sized_new (FALSE, TRUE, sizeof (LimberDay), days);
  g_array_set_size (history, days);
  if (days == 0)
    return g_steal_pointer (&history);
  day_list = (LimberDay *) (void *) history->data;

  /* Read the zone now, not at start: the user may have travelled. */
  tz = g_time_zone_new_local ();
  utc_now = g_date_time_new_from_unix_utc (now_ts);
  if (utc_now != NULL)
    now = g_date_time_to_timezone (utc_now, tz);
  if (now == NULL)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "%" G_GINT64_FORMAT " is not a usable time", now_ts);
      return NULL;
    }

  g_date_time_get_ymd (now, &year, &month, &day_of_month);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day_of_month, (GDateMonth) month, (GDateYear) year);
  if (g_date_get_julian (&date) <= days)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "%u days of history reach back before year 1", days);
      return NULL;
    }
  g_date_subtract_days (&date, days - 1);

  /* Each midnight is asked of the zone separately: around a DST change a
   * local day lasts 23 or 25 hours, so adding 86400 would drift. */
  bounds = g_new (gint64, days + 1);
  for (guint i = 0; i <= days; i++)
    {
      g_autoptr(GDateTime) midnight = g_date_time_new (tz,
                                                       g_date_get_year (&date),
                                                       g_date_get_month (&date),
                                                       g_date_get_day (&date),
                                                       0, 0, 0);

      if (midnight == NULL)
        {
          g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                       "%" G_GINT64_FORMAT " is not a usable time", now_ts);
          return NULL;
        }
      bounds[i] = g_date_time_to_unix (midnight);

      if (i < days)
        g_snprintf (day_list[i].date, sizeof day_list[i].date, "%04u-%02u-%02u",
                    (guint) g_date_get_year (&date) % 10000,
                    (guint) g_date_get_month (&date),
                    (guint) g_date_get_day (&date));
      g_date_add_days (&date, 1);
    }

  /* Only the spells that touch the range; spells(end_ts) finds the first. */
  if (!store_prepare (self, &spells,
                      "SELECT start_ts, end_ts FROM spells "
                      "WHERE end_ts > ?1 AND start_ts < ?2",
                      error))
    return NULL;
  sqlite3_bind_int64 (spells, 1, bounds[0]);
  sqlite3_bind_int64 (spells, 2, bounds[days]);

  while ((rc = sqlite3_step (spells)) == SQLITE_ROW)
    spread_spell (day_list, bounds, days,
                  sqlite3_column_int64 (spells, 0),
                  sqlite3_column_int64 (spells, 1));
  if (rc != SQLITE_DONE)
    {
      store_fail (self, error, "Could not read the sitting spells");
      return NULL;
    }

  if (open_spell_start >= 0)
    spread_spell (day_list, bounds, days, open_spell_start, now_ts);

  /* One small indexed count per day and kind: this never reads a row, so
   * a year of history stays fast on a large database. */
  if (!store_prepare (self, &count, COUNT_EVENTS_SQL, error))
    return NULL;

  for (guint i = 0; i < days; i++)
    {
      for (gsize k = 0; k < G_N_ELEMENTS (counted); k++)
        {
          guint n;

          if (!step_count (count, counted[k].kind, bounds[i], bounds[i + 1], &n))
            {
              store_fail (self, error, "Could not count the events");
              return NULL;
            }
          G_STRUCT_MEMBER (guint, &day_list[i], counted[k].offset) += n;
        }
    }

  return g_steal_pointer (&history);
}

GArray *
limber_store_list_events (LimberStore *self,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GArray) events = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Sized for the usual few; a large @limit on a small log must not
   * allocate for rows that do not exist. */
  events = g_array_sized_new (FALSE, TRUE, sizeof (LimberEvent), MIN (limit, 64));
  g_array_set_clear_func (events, (GDestroyNotify) limber_event_clear);

  if (!store_prepare (self, &stmt,
                      "SELECT ts, kind, stretch, seconds FROM events "
                      "ORDER BY ts DESC, id DESC LIMIT ?1",
                      error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LimberEvent event = {
        .ts = sqlite3_column_int64 (stmt, 0),
        .kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        .stretch = g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        .seconds = sqlite3_column_int64 (stmt, 3),
      };

      g_array_append_val (events, event);
    }

  if (rc != SQLITE_DONE)
    {
      store_fail (self, error, "Could not read the events");
      return NULL;
    }

  return g_steal_pointer (&events);
}
