/* The frame every command shares: option parsing, argument counts and the
 * way errors are printed and turned into exit codes. */
#include "limberctl.h"

#include <stdarg.h>


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

  g_printerr ("limberctl: %s\n", message);
  return LIMBERCTL_EXIT_FAILED;
}
