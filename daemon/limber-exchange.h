/* Export and import of the history as JSON lines (format: limberctl(1)),
 * each on a SQLite connection of its own, so limberd runs them in a worker
 * thread while it goes on answering and recording.
 *
 * Both need the database at schema version 2 (limber-store.h) and fail with
 * LIMBER_ERROR_STORAGE otherwise, or when SQLite fails; a failed read or
 * write on @fd is returned as the G_IO_ERROR it was, and a cancelled
 * @cancellable gives G_IO_ERROR_CANCELLED. The process must ignore SIGPIPE
 * (GDBus already does) so that a reader going away is an error, not death. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes a header line naming @host (NULL or empty: g_get_host_name()),
 * then every event with ts >= @since and every spell with start_ts >= @since,
 * events first, each oldest first, all read from one snapshot of the file.
 * @n_events and @n_spells (may be NULL) get how many were written. */
gboolean limber_exchange_export (const char   *db_path,
                                 gint64        since,
                                 const char   *host,
                                 int           fd,        /* written to, not closed */
                                 guint        *n_events,
                                 guint        *n_spells,
                                 GCancellable *cancellable,
                                 GError      **error);

/* Reads JSON lines from @fd and adds every event and spell whose uuid the
 * database does not have yet: first all lines are read and checked (an
 * error or a cancel then adds nothing), then the records go in, in
 * transactions of a few thousand so that limberd's own writes never wait
 * long; an error there leaves the batches before it, and importing again
 * finishes the job. Headers may appear anywhere (concatenated exports); empty lines
 * are skipped; a line that cannot be used is skipped and described in
 * @problems (may be NULL) as "line N: message" — at most 100 of them, then
 * one line saying how many more there were. A header announcing a format
 * version other than 1 fails the whole import (LIMBER_ERROR_INVALID_ARGUMENT).
 * @added counts the new records, @known those whose uuid was already there
 * (or came earlier in the same input). */
gboolean limber_exchange_import (const char   *db_path,
                                 int           fd,        /* read to the end, not closed */
                                 guint        *added,
                                 guint        *known,
                                 GPtrArray    *problems,  /* "line N: message", g_free'd */
                                 GCancellable *cancellable,
                                 GError      **error);

G_END_DECLS
