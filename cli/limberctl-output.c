#include "limberctl-output.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "limber-duration.h"

/* ---- JSON -------------------------------------------------------------- */

struct _LimberctlJson
{
  GString *out;
  /* One entry per open object/array: has it had a member yet? */
  GArray  *has_members;
  /* A key was written and its value is next: no comma before it. */
  gboolean after_key;
};

LimberctlJson *
limberctl_json_new (void)
{
  LimberctlJson *json = g_new0 (LimberctlJson, 1);

  json->out = g_string_new (NULL);
  json->has_members = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return json;
}

void
limberctl_json_free (LimberctlJson *json)
{
  if (json == NULL)
    return;
  g_string_free (json->out, TRUE);
  g_array_unref (json->has_members);
  g_free (json);
}

void
limberctl_json_append_escaped (GString    *out,
                               const char *value)
{
  const unsigned char *p;

  g_string_append_c (out, '"');
  for (p = (const unsigned char *) value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          /* D-Bus strings are valid UTF-8, so bytes >= 0x80 pass through
           * as they are; only control characters need a \u escape. */
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", (unsigned) *p);
          else
            g_string_append_c (out, (char) *p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
json_separate (LimberctlJson *json)
{
  gboolean *has_members;

  if (json->after_key)
    {
      json->after_key = FALSE;
      return;
    }
  if (json->has_members->len == 0)
    return;

  has_members = &g_array_index (json->has_members, gboolean, json->has_members->len - 1);
  if (*has_members)
    g_string_append_c (json->out, ',');
  *has_members = TRUE;
}

static void
json_open (LimberctlJson *json,
           char           bracket)
{
  gboolean none = FALSE;

  json_separate (json);
  g_string_append_c (json->out, bracket);
  g_array_append_val (json->has_members, none);
}

static void
json_close (LimberctlJson *json,
            char           bracket)
{
  g_return_if_fail (json->has_members->len > 0);
  g_array_set_size (json->has_members, json->has_members->len - 1);
  g_string_append_c (json->out, bracket);
}

void
limberctl_json_begin_object (LimberctlJson *json)
{
  json_open (json, '{');
}

void
limberctl_json_end_object (LimberctlJson *json)
{
  json_close (json, '}');
}

void
limberctl_json_begin_array (LimberctlJson *json)
{
  json_open (json, '[');
}

void
limberctl_json_end_array (LimberctlJson *json)
{
  json_close (json, ']');
}

void
limberctl_json_key (LimberctlJson *json,
                    const char    *key)
{
  json_separate (json);
  limberctl_json_append_escaped (json->out, key);
  g_string_append_c (json->out, ':');
  json->after_key = TRUE;
}

void
limberctl_json_string (LimberctlJson *json,
                       const char    *value)
{
  if (value == NULL)
    {
      limberctl_json_null (json);
      return;
    }
  json_separate (json);
  limberctl_json_append_escaped (json->out, value);
}

void
limberctl_json_int (LimberctlJson *json,
                    gint64         value)
{
  json_separate (json);
  g_string_append_printf (json->out, "%" G_GINT64_FORMAT, value);
}

void
limberctl_json_null (LimberctlJson *json)
{
  json_separate (json);
  g_string_append (json->out, "null");
}

void
limberctl_json_bool (LimberctlJson *json,
                     gboolean       value)
{
  json_separate (json);
  g_string_append (json->out, value ? "true" : "false");
}

void
limberctl_json_print (LimberctlJson *json)
{
  g_warn_if_fail (json->has_members->len == 0);
  /* Not g_print(): that converts to the locale's charset, and JSON is
   * UTF-8 by definition. */
  fwrite (json->out->str, 1, json->out->len, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* ---- CSV --------------------------------------------------------------- */

void
limberctl_csv_append_field (GString    *out,
                            const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
limberctl_csv_print_line (GString *line)
{
  /* fwrite, not g_print: a file for other programs is UTF-8 whatever the
   * terminal's charset, as the JSON is. */
  fwrite (line->str, 1, line->len, stdout);
  fputc ('\n', stdout);
}

/* ---- terminal ---------------------------------------------------------- */

gboolean
limberctl_use_colour (void)
{
  const char *no_colour = g_getenv ("NO_COLOR");

  if (no_colour != NULL && *no_colour != '\0')
    return FALSE;
  if (g_strcmp0 (g_getenv ("TERM"), "dumb") == 0)
    return FALSE;
  return isatty (STDOUT_FILENO);
}

gboolean
limberctl_locale_is_utf8 (void)
{
  return g_get_charset (NULL);
}

/* ---- tables ------------------------------------------------------------ */

struct _LimberctlTable
{
  guint           n_columns;
  LimberctlAlign *aligns;
  GPtrArray      *rows;   /* of GStrv */
};

LimberctlTable *
limberctl_table_new (guint                 n_columns,
                     const char *const    *headers,
                     const LimberctlAlign *aligns)
{
  LimberctlTable *table = g_new0 (LimberctlTable, 1);

  table->n_columns = n_columns;
  table->aligns = g_memdup2 (aligns, sizeof (LimberctlAlign) * n_columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  if (headers != NULL)
    limberctl_table_add_row (table, headers);
  return table;
}

void
limberctl_table_free (LimberctlTable *table)
{
  if (table == NULL)
    return;
  g_free (table->aligns);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

void
limberctl_table_add_row (LimberctlTable    *table,
                         const char *const *cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  for (guint i = 0; i < table->n_columns; i++)
    row[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  g_ptr_array_add (table->rows, row);
}

static void
append_spaces (GString *line,
               glong    n)
{
  for (; n > 0; n--)
    g_string_append_c (line, ' ');
}

void
limberctl_table_print (LimberctlTable *table)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < table->n_columns; c++)
        {
          glong pad = widths[c] - g_utf8_strlen (row[c], -1);

          if (c > 0)
            g_string_append (line, "  ");
          if (table->aligns[c] == LIMBERCTL_ALIGN_RIGHT)
            append_spaces (line, pad);
          g_string_append (line, row[c]);
          /* No padding after the last column: no trailing blanks. */
          if (table->aligns[c] == LIMBERCTL_ALIGN_LEFT && c + 1 < table->n_columns)
            append_spaces (line, pad);
        }
      g_strchomp (line->str);
      g_print ("%s\n", line->str);
    }
}

/* ---- time -------------------------------------------------------------- */

gint64
limberctl_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
format_local (gint64      ts,
              const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (ts);

  /* Out of GDateTime's range (year 1..9999): say so rather than crash. */
  if (dt == NULL)
    return g_strdup_printf ("@%" G_GINT64_FORMAT, ts);
  return g_date_time_format (dt, format);
}

char *
limberctl_format_clock (gint64 ts,
                        gint64 now)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (ts);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *clock = NULL;

  if (when == NULL || today == NULL)
    return g_strdup_printf ("@%" G_GINT64_FORMAT, ts);

  clock = g_date_time_format (when, "%H:%M");
  tomorrow = g_date_time_add_days (today, 1);

  if (g_date_time_get_year (when) == g_date_time_get_year (today) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (today))
    return g_steal_pointer (&clock);
  if (tomorrow != NULL &&
      g_date_time_get_year (when) == g_date_time_get_year (tomorrow) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (tomorrow))
    return g_strdup_printf ("tomorrow %s", clock);
  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

char *
limberctl_format_datetime (gint64 ts)
{
  return format_local (ts, "%Y-%m-%d %H:%M:%S");
}

char *
limberctl_format_time_of_day (gint64 ts)
{
  return format_local (ts, "%H:%M:%S");
}

char *
limberctl_format_iso8601 (gint64 ts)
{
  /* %:z rather than g_date_time_format_iso8601(), which writes "Z" for
   * UTC: an explicit offset is what "local time" promises. */
  return format_local (ts, "%Y-%m-%dT%H:%M:%S%:z");
}

static gint64
to_minute (gint64 seconds)
{
  return seconds >= 60 ? seconds - seconds % 60 : seconds;
}

char *
limberctl_describe_span (gint64 seconds)
{
  return limber_duration_describe (to_minute (seconds));
}

char *
limberctl_format_span (gint64 seconds)
{
  return limber_duration_format (to_minute (MAX (seconds, 0)));
}

char *
limberctl_format_hours_minutes (gint64 seconds)
{
  gint64 minutes;

  if (seconds <= 0)
    return g_strdup ("0m");
  if (seconds < 60)
    return g_strdup ("<1m");

  minutes = seconds / 60;
  if (minutes < 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT "m", minutes);
  /* Two-digit minutes keep a right-aligned column of times lined up. */
  return g_strdup_printf ("%" G_GINT64_FORMAT "h %02" G_GINT64_FORMAT "m",
                          minutes / 60, minutes % 60);
}
