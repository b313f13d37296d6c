/* What the files of the store share, and nothing outside it needs:
 * limber-store.c owns the connection, the schema, the writes and the
 * pending queue; limber-store-history.c answers the questions about the
 * past. Other code goes through limber-store.h. */
#pragma once

#include <sqlite3.h>

#include "limber-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _LimberStore
{
  GObject  parent_instance;

  sqlite3 *db;
  char    *path;
  char    *host;          /* what new records are written under */
  char    *recovery_note;
  /* The primary sqlite result code behind the last GError
   * limber_store_fail() set. open() needs it to tell "this file is not a
   * database" from any other failure, and sqlite3_errcode() no longer has
   * it once a ROLLBACK ran. */
  int      last_error_code;
  /* Records whose write failed, oldest first (LimberPendingRecord). */
  GArray  *pending;
};

typedef enum {
  LIMBER_PENDING_EVENT,
  LIMBER_PENDING_SPELL,
} LimberPendingType;

/* A record as it will be written: the uuid and host are fixed when it is
 * first offered, so that a retry writes exactly the same row. */
typedef struct {
  LimberPendingType type;
  char  *uuid;
  char  *host;
  gint64 ts;      /* event ts, or spell start */
  gint64 end_ts;  /* spells only */
  char  *kind;    /* events only */
  char  *stretch; /* events only; may be NULL */
  gint64 seconds; /* events only */
} LimberPendingRecord;

/* Sets a LIMBER_ERROR_STORAGE error carrying SQLite's own message and
 * remembers its code; returns FALSE so callers can `return limber_store_fail (...)`. */
gboolean limber_store_fail     (LimberStore   *self,
                                GError       **error,
                                const char    *what);
/* For the queries whose API has no GError: the reason goes to the log. */
void     limber_store_warn     (LimberStore   *self,
                                const char    *what);
gboolean limber_store_prepare  (LimberStore   *self,
                                sqlite3_stmt **out_stmt,
                                const char    *sql,
                                GError       **error);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. A failed commit rolls back; the
 * rollback only logs, as it only runs where an error is already set. */
gboolean limber_store_begin    (LimberStore   *self,
                                GError       **error);
gboolean limber_store_commit   (LimberStore   *self,
                                GError       **error);
void     limber_store_rollback (LimberStore   *self);

/* Binds @text, or NULL when @text is NULL, without copying it: the caller
 * keeps @text alive until the statement is reset or finalized. */
void     limber_store_bind_text_or_null (sqlite3_stmt *stmt,
                                         int           index,
                                         const char   *text);

/* The connection, for code that reads or writes the documented schema
 * itself (export and import). Statements must be finalized before the
 * store is. */
sqlite3 *limber_store_get_connection (LimberStore *self);

/* For tests: how long a write waits for another connection's lock before
 * it fails (the store's default is 5 s). */
void     limber_store_set_busy_timeout (LimberStore *self,
                                        int          milliseconds);

G_END_DECLS
