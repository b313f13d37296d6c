/* Output for limberctl: a small JSON writer (JSON by hand, GLib only), a
 * column-aligned table, and the local-time and duration forms the
 * commands print. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- JSON -------------------------------------------------------------- */

/* Writes one JSON value on one line. Commas and nesting are tracked, so a
 * command only says what comes next: begin/end, key, value. */
typedef struct _LimberctlJson LimberctlJson;

LimberctlJson *limberctl_json_new          (void);
void           limberctl_json_free         (LimberctlJson *json);
void           limberctl_json_begin_object (LimberctlJson *json);
void           limberctl_json_end_object   (LimberctlJson *json);
void           limberctl_json_begin_array  (LimberctlJson *json);
void           limberctl_json_end_array    (LimberctlJson *json);
void           limberctl_json_key          (LimberctlJson *json,
                                            const char    *key);
/* NULL is written as null. */
void           limberctl_json_string       (LimberctlJson *json,
                                            const char    *value);
void           limberctl_json_int          (LimberctlJson *json,
                                            gint64         value);
void           limberctl_json_null         (LimberctlJson *json);
void           limberctl_json_bool         (LimberctlJson *json,
                                            gboolean       value);
/* Writes the value and a newline to stdout, as UTF-8 whatever the locale. */
void           limberctl_json_print        (LimberctlJson *json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimberctlJson, limberctl_json_free)

/* Appends @value as a quoted JSON string (RFC 8259 escapes) to @out. */
void limberctl_json_append_escaped (GString    *out,
                                    const char *value);

/* ---- CSV --------------------------------------------------------------- */

/* Appends @value as one RFC 4180 field: quoted (with quotes doubled) only
 * when it holds a comma, a quote or a line break. */
void limberctl_csv_append_field (GString    *out,
                                 const char *value);
/* Writes @line (one record) to stdout as UTF-8, ended by a bare newline
 * rather than RFC 4180's CRLF: every CSV reader takes it, and grep, cut
 * and awk expect it. */
void limberctl_csv_print_line   (GString    *line);

/* ---- terminal ---------------------------------------------------------- */

/* Colour only for a person at a terminal: stdout is a TTY, NO_COLOR is
 * unset or empty (https://no-color.org) and TERM is not "dumb". */
gboolean limberctl_use_colour (void);
/* Whether the locale's charset is UTF-8, so that block characters print
 * as themselves rather than as "?". */
gboolean limberctl_locale_is_utf8 (void);

/* ---- tables ------------------------------------------------------------ */

typedef enum {
  LIMBERCTL_ALIGN_LEFT,
  LIMBERCTL_ALIGN_RIGHT,
} LimberctlAlign;

/* Columns padded by characters, not bytes, so names with accents line up. */
typedef struct _LimberctlTable LimberctlTable;

/* @aligns has @n_columns entries, and so has @headers unless it is NULL
 * (a table without a header row). */
LimberctlTable *limberctl_table_new     (guint                 n_columns,
                                         const char *const    *headers,
                                         const LimberctlAlign *aligns);
void            limberctl_table_free    (LimberctlTable       *table);
/* Takes @n_columns strings (copied; NULL prints as nothing). */
void            limberctl_table_add_row (LimberctlTable       *table,
                                         const char *const    *cells);
void            limberctl_table_print   (LimberctlTable       *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimberctlTable, limberctl_table_free)

/* ---- time -------------------------------------------------------------- */

/* Unix seconds now. */
gint64 limberctl_now (void);

/* "14:05" today, "tomorrow 14:05", else "2026-11-30 14:05" (local time). */
char *limberctl_format_clock (gint64 ts,
                              gint64 now);
/* "2026-11-25 14:03:10" (local time). */
char *limberctl_format_datetime (gint64 ts);
/* "14:03:10" (local time). */
char *limberctl_format_time_of_day (gint64 ts);
/* "2026-11-25T14:03:10+01:00" (local time with its offset). */
char *limberctl_format_iso8601 (gint64 ts);

/* limber_duration_describe() to the minute once a span passes a minute:
 * "32 minutes" reads better than "32 minutes 17 seconds". */
char *limberctl_describe_span (gint64 seconds);
/* limber_duration_format() to the minute once past a minute: "3h25m". */
char *limberctl_format_span (gint64 seconds);
/* Hours and minutes for a column of sitting times: "6h 05m", "45m", "0m",
 * and "<1m" for a few seconds (which "0m" would hide). */
char *limberctl_format_hours_minutes (gint64 seconds);

G_END_DECLS
