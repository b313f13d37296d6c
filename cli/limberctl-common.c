/* The frame every command shares: option parsing, argument counts and the
 * way errors are printed and turned into exit codes. */
#include "limberctl.h"

#include <stdarg.h>
#include <string.h>


gboolean
limberctl_parse_options (GOptionContext *context,
                         int             argc,
                         char          **argv,
                         GStrv          *out_args)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  const char *command;
  /* G_OPTION_REMAINING rather than what parse leaves in argv: it honours
   * "--" and keeps an unknown option from passing as an argument. */
  const GOptionEntry remaining[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, NULL },
    { NULL }
  };

  g_return_val_if_fail (argc >= 1, FALSE);

  command = argv[0];
  g_option_context_add_main_entries (context, remaining, NULL);

  /* The help's usage line is "<prgname> [OPTION…] PARAMETERS". */
  title = g_strdup_printf ("limberctl %s", command);
  g_set_prgname (title);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      limberctl_usage_error (command, "%s", error->message);
      return FALSE;
    }

  *out_args = args != NULL ? g_steal_pointer (&args) : g_new0 (char *, 1);
  return TRUE;
}

gboolean
limberctl_check_args (const char        *command,
                      const char *const *args,
                      guint              min_args,
                      guint              max_args,
                      const char        *what)
{
  guint n = g_strv_length ((char **) args);

  if (n < min_args)
    {
      limberctl_usage_error (command, "missing %s", what);
      return FALSE;
    }
  if (n > max_args)
    {
      limberctl_usage_error (command, "unexpected argument “%s”", args[max_args]);
      return FALSE;
    }
  return TRUE;
}

int
limberctl_usage_error (const char *command,
                       const char *format,
                       ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);

  g_printerr ("limberctl %s: %s\n", command, message);
  return LIMBERCTL_EXIT_USAGE;
}

/* ---- dates ------------------------------------------------------------- */

void
limberctl_today (GDate *out_date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* Exactly N ASCII digits: g_ascii_strtoull() would also take signs,
 * blanks and "0x", which are no part of a date. */
static gboolean
read_digits (const char *text,
             guint       n,
             guint      *out_value)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint) (text[i] - '0');
    }
  *out_value = value;
  return TRUE;
}

gboolean
limberctl_parse_date (const char *command,
                      const char *option,
                      const char *text,
                      GDate      *out_date)
{
  guint year, month, day;

  if (g_str_equal (text, "today") || g_str_equal (text, "yesterday"))
    {
      limberctl_today (out_date);
      if (g_str_equal (text, "yesterday"))
        g_date_subtract_days (out_date, 1);
      return TRUE;
    }

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      !read_digits (text, 4, &year) ||
      !read_digits (text + 5, 2, &month) ||
      !read_digits (text + 8, 2, &day))
    {
      limberctl_usage_error (command, "%s: “%s” is not a date (use YYYY-MM-DD, today or yesterday)",
                             option, text);
      return FALSE;
    }

  /* Year 0 is not in the calendar GDate and GDateTime use. */
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      limberctl_usage_error (command, "%s: there is no such day as “%s”", option, text);
      return FALSE;
    }

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
limberctl_date_string (const GDate *date)
{
  /* Not g_date_strftime ("%Y"): that does not pad years before 1000. */
  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

gint64
limberctl_date_start (const GDate *date)
{
  /* Where a DST change skips midnight, GLib moves the time to the first
   * one that exists, which is when that day began. */
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_get_year (date),
                                                      g_date_get_month (date),
                                                      g_date_get_day (date),
                                                      0, 0, 0);

  return start != NULL ? g_date_time_to_unix (start) : 0;
}

/* ---- hosts ------------------------------------------------------------- */

gboolean
limberctl_check_host_option (const char *command,
                             const char *host)
{
  if (host != NULL && *host == '\0')
    {
      limberctl_usage_error (command, "--host needs a host name");
      return FALSE;
    }
  return TRUE;
}

gboolean
limberctl_get_hosts (LimberClient *client,
                     const char   *command,
                     const char   *host,
                     GStrv        *out_hosts,
                     int          *out_exit)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hosts = NULL;
  g_autofree char *this_host = NULL;
  g_autofree char *known = NULL;

  hosts = limber_client_get_hosts (client, &this_host, &error);
  if (hosts == NULL)
    {
      *out_exit = limberctl_report_error (error);
      return FALSE;
    }

  /* The host limberd writes under is valid before it has any record: a
   * fresh install asked about itself shows empty days, not an error. */
  if (host != NULL &&
      !g_strv_contains ((const char *const *) hosts, host) &&
      g_strcmp0 (host, this_host) != 0)
    {
      if (hosts[0] == NULL)
        g_printerr ("limberctl %s: no host “%s”: the history has no records yet\n",
                    command, host);
      else
        {
          known = g_strjoinv (", ", hosts);
          g_printerr ("limberctl %s: no host “%s” in the history; the hosts are: %s\n",
                      command, host, known);
        }
      *out_exit = LIMBERCTL_EXIT_FAILED;
      return FALSE;
    }

  if (out_hosts != NULL)
    *out_hosts = g_steal_pointer (&hosts);
  *out_exit = LIMBERCTL_EXIT_OK;
  return TRUE;
}

/* ---- errors ------------------------------------------------------------ */

/* Error messages from the bus may span lines; the contract is one line. */
static char *
one_line (const GError *error)
{
  g_autoptr(GError) copy = g_error_copy (error);
  char *message;

  g_dbus_error_strip_remote_error (copy);
  message = g_strdup (copy->message);
  g_strdelimit (message, "\r\n", ' ');
  return g_strstrip (message);
}

LimberClient *
limberctl_connect (LimberClientFlags flags)
{
  g_autoptr(GError) error = NULL;
  LimberClient *client;

  client = limber_client_new (flags, &error);
  if (client == NULL)
    {
      g_autofree char *message = one_line (error);

      /* Whatever failed while connecting, limberd was not reached. */
      g_printerr ("limberctl: cannot reach limberd: %s\n", message);
    }
  return client;
}

int
limberctl_report_error (const GError *error)
{
  g_autofree char *message = one_line (error);

  if (limber_client_error_is_unreachable (error))
    {
      g_printerr ("limberctl: cannot reach limberd: %s\n", message);
      return LIMBERCTL_EXIT_UNREACHABLE;
    }

  /* A limberd started before limberctl was upgraded lacks the newer
   * methods until it is restarted: say so rather than only "no such
   * method". */
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    {
      g_printerr ("limberctl: %s (limberd is older than limberctl: restart it, "
                  "e.g. systemctl --user restart limberd)\n", message);
      return LIMBERCTL_EXIT_FAILED;
    }

  g_printerr ("limberctl: %s\n", message);
  return LIMBERCTL_EXIT_FAILED;
}
