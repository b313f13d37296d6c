/* limberctl skip: decline the pending break, or stop the guided stretch. */
#include "limberctl.h"

int
limberctl_skip (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GError) error = NULL;
  LimberStatus status;
  gboolean guiding;

  g_option_context_set_summary (context,
                                "Decline the pending break; it is logged as skipped and the\n"
                                "sitting time starts again. Fails when no break is due.\n"
                                "During a guided stretch: stop it (logged as abandoned).");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  /* The cached properties say what Skip is about to do: no extra call. */
  guiding = limber_client_get_status (client, &status, NULL) &&
            g_str_equal (status.state, "stretching");
  if (!limber_client_skip (client, &error))
    return limberctl_report_error (error);

  if (guiding)
    g_print ("Stopped the guided stretch; it is logged as abandoned.\n");
  else
    g_print ("Skipped the pending break.\n");
  return LIMBERCTL_EXIT_OK;
}
