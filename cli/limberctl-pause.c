/* limberctl pause [DURATION]: no tracking and no prompts for a while. */
#include "limberctl.h"
#include "limberctl-output.h"

#include "limber-duration.h"

int
limberctl_pause (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[DURATION]");
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *span = NULL;
  LimberStatus status;
  gint64 seconds = -1;

  g_option_context_set_summary (context,
                                "Stop tracking and prompting for DURATION (e.g. 30m, 2h), or\n"
                                "until “limberctl resume” when no DURATION is given. A pause\n"
                                "survives a restart of limberd.");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 1, NULL))
    return LIMBERCTL_EXIT_USAGE;

  /* As for snooze, the upper limit (7 days) is the daemon's to report. */
  if (args[0] != NULL && !limber_duration_parse (args[0], &seconds, &error))
    return limberctl_usage_error (argv[0], "%s", error->message);

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  if (!limber_client_pause (client, seconds, &error))
    return limberctl_report_error (error);

  if (seconds < 0)
    {
      g_print ("Paused until you resume.\n");
      return LIMBERCTL_EXIT_OK;
    }

  span = limber_duration_describe (seconds);

  /* The end of the pause is the daemon's PausedUntil, not now + seconds
   * here: the two clocks may disagree by a second, and the daemon's is
   * the one that counts. */
  if (!limber_client_refresh (client, &error) ||
      !limber_client_get_status (client, &status, &error))
    {
      g_print ("Paused for %s.\n", span);
      g_dbus_error_strip_remote_error (error);
      g_printerr ("limberctl: could not read the end of the pause: %s\n", error->message);
      return LIMBERCTL_EXIT_OK;
    }

  if (status.paused_until > 0)
    {
      g_autofree char *clock = limberctl_format_clock (status.paused_until, limberctl_now ());
      g_print ("Paused for %s (until %s).\n", span, clock);
    }
  else
    g_print ("Paused for %s.\n", span);

  return LIMBERCTL_EXIT_OK;
}
