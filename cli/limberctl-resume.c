/* limberctl resume: end a pause. */
#include "limberctl.h"

int
limberctl_resume (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                "End a pause: tracking starts again with a fresh sitting spell.");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  if (!limber_client_resume (client, &error))
    return limberctl_report_error (error);

  g_print ("Resumed.\n");
  return LIMBERCTL_EXIT_OK;
}
