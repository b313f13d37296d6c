/* limberctl stretches [--json]: the catalogue. */
#include "limberctl.h"
#include "limberctl-output.h"

#include "limber-duration.h"

static void
print_json (GPtrArray *stretches)
{
  g_autoptr(LimberctlJson) json = limberctl_json_new ();

  limberctl_json_begin_array (json);
  for (guint i = 0; i < stretches->len; i++)
    {
      const LimberStretch *stretch = g_ptr_array_index (stretches, i);

      limberctl_json_begin_object (json);
      limberctl_json_key (json, "id");
      limberctl_json_string (json, stretch->id);
      limberctl_json_key (json, "name");
      limberctl_json_string (json, stretch->name);
      limberctl_json_key (json, "place");
      limberctl_json_string (json, stretch->place);
      limberctl_json_key (json, "hold_seconds");
      limberctl_json_int (json, stretch->hold_seconds);
      limberctl_json_key (json, "repetitions");
      limberctl_json_int (json, stretch->repetitions);
      limberctl_json_key (json, "sides");
      limberctl_json_int (json, stretch->sides);
      limberctl_json_end_object (json);
    }
  limberctl_json_end_array (json);
  limberctl_json_print (json);
}

static void
print_table (GPtrArray *stretches)
{
  const char *const headers[] = { "ID", "Name", "Place", "Hold", "Reps", "Sides" };
  const LimberctlAlign aligns[] = {
    LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_LEFT,
    LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT,
  };
  g_autoptr(LimberctlTable) table = limberctl_table_new (G_N_ELEMENTS (headers), headers, aligns);

  for (guint i = 0; i < stretches->len; i++)
    {
      const LimberStretch *stretch = g_ptr_array_index (stretches, i);
      /* A stretch done in motion (cat-cow) has no hold. */
      g_autofree char *hold = stretch->hold_seconds > 0
        ? limber_duration_format (stretch->hold_seconds) : g_strdup ("-");
      g_autofree char *reps = g_strdup_printf ("%u", stretch->repetitions);
      g_autofree char *sides = g_strdup_printf ("%u", stretch->sides);
      const char *const row[] = { stretch->id, stretch->name, stretch->place, hold, reps, sides };

      limberctl_table_add_row (table, row);
    }
  limberctl_table_print (table);
}

int
limberctl_stretches (int    argc,
                     char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print a JSON list: id, name, place, hold_seconds, repetitions, sides", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GPtrArray) stretches = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                "The stretches limberd suggests, in catalogue order. Use an ID\n"
                                "with “limberctl show”, “break” or “done”.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  stretches = limber_client_get_stretches (client, &error);
  if (stretches == NULL)
    return limberctl_report_error (error);

  if (json)
    print_json (stretches);
  else
    print_table (stretches);

  return LIMBERCTL_EXIT_OK;
}
