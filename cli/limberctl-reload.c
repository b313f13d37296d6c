/* limberctl reload: re-read the config and the stretch catalogue. */
#include "limberctl.h"

int
limberctl_reload (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                "Make limberd read limber.conf and the stretches again.\n"
                                "Problems found are printed on stderr, one per line; the\n"
                                "keys concerned keep their defaults.");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  warnings = limber_client_reload (client, &error);
  if (warnings == NULL)
    return limberctl_report_error (error);

  g_print ("Reloaded.\n");
  /* Warnings are not a failure: limberd runs on with defaults for the bad
   * keys, so the exit status stays 0. */
  for (guint i = 0; warnings[i] != NULL; i++)
    g_printerr ("%s\n", warnings[i]);

  return LIMBERCTL_EXIT_OK;
}
