/* limberctl done [STRETCH-ID]: log a completed stretch. */
#include "limberctl.h"

int
limberctl_done (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[STRETCH-ID]");
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(LimberStretch) stretch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *logged = NULL;

  g_option_context_set_summary (context,
                                "Log a completed stretch, the pending one unless STRETCH-ID\n"
                                "is given, and start a new sitting spell.");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 1, NULL))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  logged = limber_client_done (client, args[0], &error);
  if (logged == NULL)
    return limberctl_report_error (error);

  /* "" means a stretch was logged without a name: nothing was pending. */
  if (*logged == '\0')
    {
      g_print ("Logged a stretch.\n");
      return LIMBERCTL_EXIT_OK;
    }

  stretch = limber_client_get_stretch (client, logged, NULL);
  g_print ("Logged: %s.\n", stretch != NULL && *stretch->name != '\0' ? stretch->name : logged);
  return LIMBERCTL_EXIT_OK;
}
