#include "limber-duration.h"

#include "limber-error.h"


/* Each unit may appear once, in the order h, m, s; "1h30m" reads naturally
 * and "30m1h" is almost certainly a typo, so it is refused. */
static int
unit_rank (char unit, gint64 *out_factor)
{
  switch (unit)
    {
    case 'h':
      *out_factor = 3600;
      return 0;
    case 'm':
      *out_factor = 60;
      return 1;
    case 's':
      *out_factor = 1;
      return 2;
    default:
      return -1;
    }
}

gboolean
limber_duration_parse (const char *text,
                       gint64     *out_seconds,
                       GError    **error)
{
  const char *p;
  gint64 total = 0;
  int last_rank = -1;

  g_return_val_if_fail (out_seconds != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                           "empty duration (use e.g. 90s, 10m, 1h30m)");
      return FALSE;
    }

  p = text;
  while (*p != '\0')
    {
      guint64 value = 0;
      gint64 factor;
      int rank;

      if (!g_ascii_isdigit (*p))
        {
          g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a duration (use e.g. 90s, 10m, 1h30m)", text);
          return FALSE;
        }

      while (g_ascii_isdigit (*p))
        {
          if (value > (guint64) (G_MAXINT64 / 10))
            goto overflow;
          value = value * 10 + (guint64) (*p - '0');
          p++;
        }

      if (*p == '\0')
        {
          /* A bare number means minutes, but only on its own: "1h30" is
           * ambiguous and refused. */
          if (last_rank != -1)
            {
              g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                           "“%s” is missing a unit after the last number", text);
              return FALSE;
            }
          factor = 60;
          rank = 1;
        }
      else
        {
          rank = unit_rank (*p, &factor);
          if (rank < 0)
            {
              g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                           "“%s” has an unknown unit “%c” (use h, m or s)", text, *p);
              return FALSE;
            }
          if (rank <= last_rank)
            {
              g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                           "“%s” repeats a unit or puts them out of order (use h, then m, then s)",
                           text);
              return FALSE;
            }
          p++;
        }

      if (value > (guint64) (G_MAXINT64 / factor))
        goto overflow;
      if ((gint64) (value * factor) > G_MAXINT64 - total)
        goto overflow;
      total += (gint64) value * factor;
      last_rank = rank;
    }

  if (total == 0)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "“%s” is zero; a duration must be at least one second", text);
      return FALSE;
    }

  *out_seconds = total;
  return TRUE;

overflow:
  g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
               "“%s” is too large", text);
  return FALSE;
}

char *
limber_duration_format (gint64 seconds)
{
  GString *out = g_string_new (NULL);
  gint64 h, m, s;

  if (seconds < 0)
    {
      g_string_append_c (out, '-');
      seconds = -seconds;
    }

  h = seconds / 3600;
  m = (seconds % 3600) / 60;
  s = seconds % 60;

  if (h > 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "h", h);
  if (m > 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "m", m);
  if (s > 0 || (h == 0 && m == 0))
    g_string_append_printf (out, "%" G_GINT64_FORMAT "s", s);

  return g_string_free (out, FALSE);
}

static void
append_part (GString *out, gint64 value, const char *one, const char *many)
{
  if (value == 0)
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%" G_GINT64_FORMAT " %s", value, value == 1 ? one : many);
}

char *
limber_duration_describe (gint64 seconds)
{
  GString *out = g_string_new (NULL);

  if (seconds < 0)
    seconds = 0;

  append_part (out, seconds / 3600, "hour", "hours");
  append_part (out, (seconds % 3600) / 60, "minute", "minutes");
  /* Seconds only matter for short spans; "1 hour 2 minutes 3 seconds" is noise. */
  if (seconds < 3600)
    append_part (out, seconds % 60, "second", "seconds");
  if (out->len == 0)
    g_string_append (out, "0 seconds");

  return g_string_free (out, FALSE);
}
