/* limberctl snooze [DURATION]: postpone the pending (or next) break. */
#include "limberctl.h"
#include "limberctl-output.h"

#include "limber-duration.h"

int
limberctl_snooze (int    argc,
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
                                "Postpone the pending break, or the next one when none is\n"
                                "pending, by DURATION (e.g. 90s, 10m, 1h30m; a bare number\n"
                                "means minutes). Without DURATION, by the configured snooze.");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 1, NULL))
    return LIMBERCTL_EXIT_USAGE;

  /* The range (up to 24 h) is the daemon's to enforce: it owns the limit
   * and says so with InvalidArgument. Only the syntax is checked here. */
  if (args[0] != NULL && !limber_duration_parse (args[0], &seconds, &error))
    return limberctl_usage_error (argv[0], "%s", error->message);

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  if (!limber_client_snooze (client, seconds, &error))
    return limberctl_report_error (error);

  /* The snooze is done; what is left is only telling the user when the
   * break now comes, so a failure here is a warning. */
  if (!limber_client_refresh (client, &error) ||
      !limber_client_get_status (client, &status, &error))
    {
      g_autofree char *known = seconds > 0 ? limber_duration_describe (seconds) : NULL;

      if (known != NULL)
        g_print ("Snoozed for %s.\n", known);
      else
        g_print ("Snoozed.\n");
      g_dbus_error_strip_remote_error (error);
      g_printerr ("limberctl: could not read the next break: %s\n", error->message);
      return LIMBERCTL_EXIT_OK;
    }

  span = limber_duration_describe (seconds > 0 ? seconds : status.snooze_seconds);
  if (status.next_break_at > 0)
    {
      g_autofree char *clock = limberctl_format_clock (status.next_break_at, limberctl_now ());
      g_print ("Snoozed for %s (next break at %s).\n", span, clock);
    }
  else
    g_print ("Snoozed for %s.\n", span);

  return LIMBERCTL_EXIT_OK;
}
