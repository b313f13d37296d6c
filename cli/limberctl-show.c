/* limberctl show STRETCH-ID: everything needed to do one stretch well. */
#include "limberctl.h"

#include "limber-duration.h"

/* "Hold 10 s, 1 repetition, each side"; empty when there is nothing to say. */
static char *
describe_dose (const LimberStretch *stretch)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (stretch->hold_seconds > 0)
    {
      /* Holds are short; "10 s" reads faster than "10 seconds" in a list. */
      if (stretch->hold_seconds < 60)
        g_ptr_array_add (parts, g_strdup_printf ("Hold %" G_GINT64_FORMAT " s", stretch->hold_seconds));
      else
        {
          g_autofree char *span = limber_duration_describe (stretch->hold_seconds);
          g_ptr_array_add (parts, g_strdup_printf ("Hold %s", span));
        }
    }
  if (stretch->repetitions > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%u %s", stretch->repetitions,
                                             stretch->repetitions == 1 ? "repetition" : "repetitions"));
  if (stretch->sides > 1)
    g_ptr_array_add (parts, g_strdup ("each side"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

static void
print_stretch (const LimberStretch *stretch)
{
  g_autofree char *dose = describe_dose (stretch);

  g_print ("%s (%s)\n", *stretch->name != '\0' ? stretch->name : stretch->id, stretch->id);
  if (*stretch->place != '\0')
    g_print ("Place: %s\n", stretch->place);
  if (*stretch->summary != '\0')
    g_print ("\n%s\n", stretch->summary);

  if (stretch->steps[0] != NULL)
    {
      g_print ("\n");
      for (guint i = 0; stretch->steps[i] != NULL; i++)
        g_print ("%3u. %s\n", i + 1, stretch->steps[i]);
    }

  if (*dose != '\0')
    g_print ("\n%s\n", dose);

  if (stretch->guided_seconds > 0)
    {
      g_autofree char *span = limber_duration_describe (stretch->guided_seconds);

      g_print ("Guided, step by step in the notification: %s (limberctl break --guide %s)\n",
               span, stretch->id);
    }

  if (stretch->precautions[0] != NULL)
    {
      g_print ("\nPrecautions:\n");
      for (guint i = 0; stretch->precautions[i] != NULL; i++)
        g_print ("  - %s\n", stretch->precautions[i]);
    }

  if (stretch->tips[0] != NULL)
    {
      g_print ("\nBetween stretches:\n");
      for (guint i = 0; stretch->tips[i] != NULL; i++)
        g_print ("  - %s\n", stretch->tips[i]);
    }
}

int
limberctl_show (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("STRETCH-ID");
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(LimberStretch) stretch = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                "The full instructions for one stretch, and the precautions.\n"
                                "“limberctl stretches” lists the IDs.");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 1, 1, "STRETCH-ID"))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  stretch = limber_client_get_stretch (client, args[0], &error);
  if (stretch == NULL)
    return limberctl_report_error (error);

  print_stretch (stretch);
  return LIMBERCTL_EXIT_OK;
}
