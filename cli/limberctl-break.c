/* limberctl break [--guide] [STRETCH-ID]: ask for a stretch now, or walk
 * through one in the notification. */
#include "limberctl.h"

int
limberctl_break (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[STRETCH-ID]");
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(LimberStretch) stretch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *suggested = NULL;
  gboolean guide = FALSE;
  const GOptionEntry entries[] = {
    { "guide", 'g', 0, G_OPTION_ARG_NONE, &guide,
      "Start the guided stretch now: the notification walks you through it", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Prompt a stretch now: STRETCH-ID (see “limberctl stretches”),\n"
                                "the pending one, or the next one in rotation. With --guide the\n"
                                "notification walks you through it phase by phase (limberctl done\n"
                                "finishes it early, limberctl skip stops it).");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 1, NULL))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  suggested = guide ? limber_client_start (client, args[0], &error)
                    : limber_client_break (client, args[0], &error);
  if (suggested == NULL)
    return limberctl_report_error (error);

  /* Break returns the id; the name is what a person recognises. The
   * prompt is already out, so a failed lookup only costs the name. */
  stretch = limber_client_get_stretch (client, suggested, NULL);
  g_print ("%s: %s.\n", guide ? "Guiding" : "Suggested",
           stretch != NULL && *stretch->name != '\0' ? stretch->name : suggested);
  return LIMBERCTL_EXIT_OK;
}
