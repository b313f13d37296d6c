/* limberctl export [--since DATE]: the history as JSON lines on stdout.
 *
 * limberd writes the file itself, into the descriptor it is handed: the
 * records never pass through limberctl or a D-Bus message, so a history
 * of years costs no memory here and hits no message size limit. */
#include "limberctl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int
limberctl_export (int    argc,
                  char **argv)
{
  g_autofree char *since_text = NULL;
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      "Only records from DATE on: YYYY-MM-DD, today or yesterday (default: everything)", "DATE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since = 0;
  guint n_events = 0, n_spells = 0;
  int flags;

  g_option_context_set_summary (context,
                                "Write the history (every event and sitting spell, with its id\n"
                                "and host) to standard output as JSON lines, for a backup or\n"
                                "for “limberctl import” on another computer:\n"
                                "  limberctl export > history.jsonl");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!limberctl_parse_options (context, argc, argv, &args))
    return LIMBERCTL_EXIT_USAGE;

  /* "limberctl export FILE" is the likely slip: point at the redirection. */
  if (args[0] != NULL)
    return limberctl_usage_error (argv[0],
                                  "unexpected argument “%s”: the export goes to standard output "
                                  "(limberctl export > %s)", args[0], args[0]);

  if (since_text != NULL)
    {
      GDate date;

      if (!limberctl_parse_date (argv[0], "--since", since_text, &date))
        return LIMBERCTL_EXIT_USAGE;
      since = limberctl_date_start (&date);
    }

  /* Thousands of JSON lines on a terminal help nobody, and a forgotten
   * redirection is the usual reason they would land there. */
  if (isatty (STDOUT_FILENO))
    return limberctl_usage_error (argv[0],
                                  "standard output is a terminal; "
                                  "redirect it to a file: limberctl export > history.jsonl");
  flags = fcntl (STDOUT_FILENO, F_GETFL);
  if (flags < 0)
    return limberctl_usage_error (argv[0], "standard output is closed: %s", g_strerror (errno));
  if ((flags & O_ACCMODE) == O_RDONLY)
    return limberctl_usage_error (argv[0], "standard output is open for reading only");

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  /* Nothing of limberctl's may sit in stdio's buffer, to be written after
   * (or into the middle of) what limberd writes. */
  fflush (stdout);

  if (!limber_client_export (client, STDOUT_FILENO, since, &n_events, &n_spells, &error))
    return limberctl_report_error (error);

  /* stderr: stdout is the file. */
  g_printerr ("Exported %u event%s and %u sitting spell%s.\n",
              n_events, n_events == 1 ? "" : "s",
              n_spells, n_spells == 1 ? "" : "s");
  return LIMBERCTL_EXIT_OK;
}
