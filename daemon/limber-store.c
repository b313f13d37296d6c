/* The store: Limber's SQLite file. The schema is documented in
 * limber-store.h; DESIGN.md "Storage" says which parts are fixed.
 *
 * This file keeps the connection, the schema and its migrations, the writes
 * with their pending queue, and the saved state; the questions about the
 * past are in limber-store-history.c. */
#include "limber-store.h"
#include "limber-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "limber-error.h"

G_DEFINE_TYPE (LimberStore, limber_store, G_TYPE_OBJECT)

/* A random version-4 uuid in the form g_uuid_string_random() gives
 * (lowercase 8-4-4-4-12 hex), computed by SQLite for every row it updates:
 * randomblob() and random() are evaluated anew for each row. */
#define RANDOM_UUID_SQL \
  "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||" \
  " substr(lower(hex(randomblob(2))), 2) || '-' ||" \
  " substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2) ||" \
  " '-' || lower(hex(randomblob(6)))"

/* Step i takes a database from user_version i to i + 1 and ends by setting
 * that version, so that a step and its version number commit together.
 * A step that has shipped is never edited: append a new one. */
static const struct {
  const char *sql;
  /* The step's statements name the parameter :host, which is bound to the
   * host the store was opened with. */
  gboolean    binds_host;
} migrations[] = {
  {
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
    FALSE,
  },
  {
    /* 1 -> 2: every record gets a uuid, so that histories exported from
     * several computers merge without counting anything twice, and the
     * host it happened on. Rows from before have no better host than the
     * one this store is opened for. */
    "ALTER TABLE events ADD COLUMN uuid TEXT;"
    "ALTER TABLE events ADD COLUMN host TEXT;"
    "ALTER TABLE spells ADD COLUMN uuid TEXT;"
    "ALTER TABLE spells ADD COLUMN host TEXT;"
    "UPDATE events SET uuid = " RANDOM_UUID_SQL ", host = :host;"
    "UPDATE spells SET uuid = " RANDOM_UUID_SQL ", host = :host;"
    /* Import skips a record whose uuid is known; writes retried after a
     * failure rely on the same (INSERT OR IGNORE). */
    "CREATE UNIQUE INDEX events_uuid ON events (uuid);"
    "CREATE UNIQUE INDEX spells_uuid ON spells (uuid);"
    /* days(), streaks() and count queries for one host: covering, so the
     * rows themselves are never read. */
    "CREATE INDEX events_host_kind_ts ON events (host, kind, ts);"
    /* list_events() for one host walks this one backwards; without it the
     * newest events of a rarely used host would take a whole-table scan. */
    "CREATE INDEX events_host_ts ON events (host, ts);"
    /* days() for one host; list_hosts() steps through it. */
    "CREATE INDEX spells_host_end_ts ON spells (host, end_ts);"
    "PRAGMA user_version = 2;",
    TRUE,
  },
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
  g_clear_pointer (&event->uuid, g_free);
  g_clear_pointer (&event->host, g_free);
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

gboolean
limber_store_fail (LimberStore *self,
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

/* The daemon carries on with an empty answer, but the reason must reach
 * the log. */
void
limber_store_warn (LimberStore *self,
                   const char  *what)
{
  g_warning ("%s (%s): %s", what, self->path, sqlite3_errmsg (self->db));
}

gboolean
limber_store_prepare (LimberStore   *self,
                      sqlite3_stmt **out_stmt,
                      const char    *sql,
                      GError       **error)
{
  if (sqlite3_prepare_v2 (self->db, sql, -1, out_stmt, NULL) != SQLITE_OK)
    return limber_store_fail (self, error, "Could not prepare a query");
  return TRUE;
}

/* Runs fixed SQL (PRAGMAs, transaction control, migration steps), one
 * statement after the other. The only value it binds is @host, to every
 * statement that names :host. */
static gboolean
store_exec_with_host (LimberStore *self,
                      const char  *sql,
                      const char  *host,
                      GError     **error)
{
  const char *rest = sql;

  while (rest != NULL && *rest != '\0')
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int host_index;
      int rc;

      if (sqlite3_prepare_v2 (self->db, rest, -1, &stmt, &rest) != SQLITE_OK)
        return limber_store_fail (self, error, "Could not run a statement");
      if (stmt == NULL) /* only whitespace or a comment was left */
        continue;

      host_index = sqlite3_bind_parameter_index (stmt, ":host");
      if (host_index > 0)
        limber_store_bind_text_or_null (stmt, host_index, host);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;
      if (rc != SQLITE_DONE)
        return limber_store_fail (self, error, "Could not run a statement");
    }

  return TRUE;
}

static gboolean
store_exec (LimberStore *self,
            const char  *sql,
            GError     **error)
{
  return store_exec_with_host (self, sql, NULL, error);
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

  if (!limber_store_prepare (self, &stmt, sql, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return limber_store_fail (self, error, "Could not read the database");

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

  if (!limber_store_prepare (self, &stmt, sql, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return limber_store_fail (self, error, "Could not read the database");

  *out_value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

gboolean
limber_store_begin (LimberStore *self,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* IMMEDIATE takes the write lock up front, so a concurrent writer makes us
   * wait (busy_timeout) here instead of failing half-way through. */
  if (!limber_store_prepare (self, &stmt, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return limber_store_fail (self, error, "Could not start writing");
  return TRUE;
}

/* Only called on a path that already has an error to report, so it must not
 * touch last_error_code: it logs instead. */
void
limber_store_rollback (LimberStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  /* Some errors (a full disk, for one) make SQLite roll back by itself. */
  if (sqlite3_get_autocommit (self->db))
    return;

  if (sqlite3_prepare_v2 (self->db, "ROLLBACK", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("Could not roll back (%s): %s", self->path, sqlite3_errmsg (self->db));
}

gboolean
limber_store_commit (LimberStore *self,
                     GError     **error)
{
  if (store_exec (self, "COMMIT", error))
    return TRUE;

  limber_store_rollback (self);
  return FALSE;
}

void
limber_store_bind_text_or_null (sqlite3_stmt *stmt,
                                int           index,
                                const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

sqlite3 *
limber_store_get_connection (LimberStore *self)
{
  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);

  return self->db;
}

void
limber_store_set_busy_timeout (LimberStore *self,
                               int          milliseconds)
{
  g_return_if_fail (LIMBER_IS_STORE (self));

  sqlite3_busy_timeout (self->db, milliseconds);
}

static void
pending_record_clear (LimberPendingRecord *record)
{
  g_clear_pointer (&record->uuid, g_free);
  g_clear_pointer (&record->host, g_free);
  g_clear_pointer (&record->kind, g_free);
  g_clear_pointer (&record->stretch, g_free);
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
  g_free (self->host);
  g_free (self->recovery_note);
  g_array_unref (self->pending);

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
  self->pending = g_array_new (FALSE, TRUE, sizeof (LimberPendingRecord));
  g_array_set_clear_func (self->pending, (GDestroyNotify) pending_record_clear);
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

  /* FULL: a break the user logged must survive a power cut right after.
   * cache_size: SQLite keeps up to 2 MiB of pages per connection by
   * default, which grew limberd past its 4 MiB memory budget as it wrote
   * (PSS +0.63 MiB over 1000 breaks at 512 KiB, +0.25 MiB at 128 KiB);
   * limberd's queries are small and the kernel caches the file anyway
   * (history --days 365 on 1M events: 24.9 ms median either way). */
  return store_exec (self,
                     "PRAGMA synchronous = FULL;"
                     "PRAGMA foreign_keys = ON;"
                     "PRAGMA cache_size = -128;",
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
      if (!limber_store_begin (self, error))
        return FALSE;

      if (!store_query_int (self, "PRAGMA user_version", &version, error))
        {
          limber_store_rollback (self);
          return FALSE;
        }

      if (version < 0 || version > SCHEMA_VERSION)
        {
          limber_store_rollback (self);
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
        return limber_store_commit (self, error);

      if (!store_exec_with_host (self, migrations[version].sql,
                                 migrations[version].binds_host ? self->host : NULL,
                                 error))
        {
          g_prefix_error (error, "Could not upgrade the schema from version %"
                          G_GINT64_FORMAT ": ", version);
          limber_store_rollback (self);
          return FALSE;
        }

      if (!limber_store_commit (self, error))
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
      limber_store_fail (self, error, "Could not open the database");
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
                   const char *host,
                   GError    **error)
{
  g_autoptr(LimberStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean has_header = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (LIMBER_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->host = g_strdup (host);

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
limber_store_get_host (LimberStore *self)
{
  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);

  return self->host;
}

void
limber_store_set_host (LimberStore *self,
                       const char  *host)
{
  g_return_if_fail (LIMBER_IS_STORE (self));
  g_return_if_fail (host != NULL && *host != '\0');

  /* Records already waiting keep the host they were made under. */
  g_free (self->host);
  self->host = g_strdup (host);
}

const char *
limber_store_get_recovery_note (LimberStore *self)
{
  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);

  return self->recovery_note;
}

/* Writes every waiting record, oldest first, in one transaction: either
 * all of them are saved or none is. OR IGNORE because a commit that
 * reported an error may still have reached the disk; the uuid then says
 * the row is already there, and the retry neither fails on it nor writes
 * it twice. */
static gboolean
store_write_pending (LimberStore *self,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) insert_event = NULL;
  g_autoptr(sqlite3_stmt) insert_spell = NULL;

  if (!limber_store_prepare (self, &insert_event,
                             "INSERT OR IGNORE INTO events "
                             "(ts, kind, stretch, seconds, uuid, host) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             error) ||
      !limber_store_prepare (self, &insert_spell,
                             "INSERT OR IGNORE INTO spells "
                             "(start_ts, end_ts, uuid, host) "
                             "VALUES (?1, ?2, ?3, ?4)",
                             error))
    return FALSE;

  if (!limber_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < self->pending->len; i++)
    {
      const LimberPendingRecord *record = &g_array_index (self->pending, LimberPendingRecord, i);
      sqlite3_stmt *stmt;
      const char *what;

      if (record->type == LIMBER_PENDING_EVENT)
        {
          stmt = insert_event;
          what = "Could not record an event";
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, record->ts);
          sqlite3_bind_text (stmt, 2, record->kind, -1, SQLITE_STATIC);
          limber_store_bind_text_or_null (stmt, 3, record->stretch);
          sqlite3_bind_int64 (stmt, 4, record->seconds);
          sqlite3_bind_text (stmt, 5, record->uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 6, record->host, -1, SQLITE_STATIC);
        }
      else
        {
          stmt = insert_spell;
          what = "Could not record a sitting spell";
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, record->ts);
          sqlite3_bind_int64 (stmt, 2, record->end_ts);
          sqlite3_bind_text (stmt, 3, record->uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, record->host, -1, SQLITE_STATIC);
        }

      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          limber_store_fail (self, error, what);
          limber_store_rollback (self);
          return FALSE;
        }
    }

  return limber_store_commit (self, error);
}

static gboolean
store_flush (LimberStore *self,
             GError     **error)
{
  if (self->pending->len == 0)
    return TRUE;

  /* On failure everything stays queued, the newest record too, so the
   * next attempt writes the same rows in the same order. */
  if (!store_write_pending (self, error))
    return FALSE;

  g_array_set_size (self->pending, 0);
  return TRUE;
}

/* Queues a record under a fresh uuid and this store's host. */
static LimberPendingRecord *
store_queue (LimberStore       *self,
             LimberPendingType  type)
{
  LimberPendingRecord record = {
    .type = type,
    .uuid = g_uuid_string_random (),
    .host = g_strdup (self->host),
  };

  g_array_append_val (self->pending, record);
  return &g_array_index (self->pending, LimberPendingRecord, self->pending->len - 1);
}

gboolean
limber_store_add_event (LimberStore *self,
                        gint64       ts,
                        const char  *kind,
                        const char  *stretch,
                        gint64       seconds,
                        GError     **error)
{
  LimberPendingRecord *record;

  g_return_val_if_fail (LIMBER_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  record = store_queue (self, LIMBER_PENDING_EVENT);
  record->ts = ts;
  record->kind = g_strdup (kind);
  record->stretch = g_strdup (stretch);
  record->seconds = seconds;

  return store_flush (self, error);
}

gboolean
limber_store_add_spell (LimberStore *self,
                        gint64       start_ts,
                        gint64       end_ts,
                        GError     **error)
{
  LimberPendingRecord *record;

  g_return_val_if_fail (LIMBER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A backwards spell would subtract sitting time from a day. The wall
   * clock can jump back, so this is an error to report, not a bug; there
   * is nothing to keep for a retry. */
  if (end_ts < start_ts)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "A sitting spell cannot end (%" G_GINT64_FORMAT ") before "
                   "it starts (%" G_GINT64_FORMAT ")", end_ts, start_ts);
      return FALSE;
    }

  record = store_queue (self, LIMBER_PENDING_SPELL);
  record->ts = start_ts;
  record->end_ts = end_ts;

  return store_flush (self, error);
}

guint
limber_store_get_pending (LimberStore *self)
{
  g_return_val_if_fail (LIMBER_IS_STORE (self), 0);

  return self->pending->len;
}

gboolean
limber_store_flush_pending (LimberStore *self,
                            GError     **error)
{
  g_return_val_if_fail (LIMBER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return store_flush (self, error);
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

  if (!limber_store_prepare (self, &stmt,
                             "INSERT OR REPLACE INTO state (key, value) VALUES (?1, ?2)",
                             error))
    return FALSE;

  /* One transaction: a restart must never see half of one save and half of
   * the one before. */
  if (!limber_store_begin (self, error))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, fields[i].key, -1, SQLITE_STATIC);
      if (fields[i].is_text)
        limber_store_bind_text_or_null (stmt, 2, fields[i].text);
      else
        sqlite3_bind_int64 (stmt, 2, fields[i].number);

      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          limber_store_fail (self, error, "Could not save the state");
          limber_store_rollback (self);
          return FALSE;
        }
    }

  return limber_store_commit (self, error);
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

  if (!limber_store_prepare (self, &stmt, "SELECT key, value FROM state", error))
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
      return limber_store_fail (self, error, "Could not load the saved state");
    }

  if (loaded.state == NULL)
    {
      limber_saved_state_clear (&loaded);
      return FALSE;
    }

  *out_state = loaded;
  return TRUE;
}
