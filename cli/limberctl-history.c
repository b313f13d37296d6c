/* limberctl history [--days N] [--json]: one row per local day. */
#include "limberctl.h"
#include "limberctl-output.h"

#include "limber-names.h"

#define DEFAULT_DAYS 7

static void
print_json (GPtrArray *days)
{
  g_autoptr(LimberctlJson) json = limberctl_json_new ();

  limberctl_json_begin_array (json);
  for (guint i = 0; i < days->len; i++)
    {
      const LimberDay *day = g_ptr_array_index (days, i);

      limberctl_json_begin_object (json);
      limberctl_json_key (json, "date");
      limberctl_json_string (json, day->date);
      limberctl_json_key (json, "sitting_seconds");
      limberctl_json_int (json, day->sitting_seconds);
      limberctl_json_key (json, "longest_sitting_seconds");
      limberctl_json_int (json, day->longest_sitting_seconds);
      limberctl_json_key (json, "completed");
      limberctl_json_int (json, day->completed);
      limberctl_json_key (json, "snoozed");
      limberctl_json_int (json, day->snoozed);
      limberctl_json_key (json, "skipped");
      limberctl_json_int (json, day->skipped);
      limberctl_json_key (json, "natural");
      limberctl_json_int (json, day->natural);
      limberctl_json_end_object (json);
    }
  limberctl_json_end_array (json);
  limberctl_json_print (json);
}

static void
print_table (GPtrArray *days)
{
  const char *const headers[] = { "Date", "Sitting", "Longest", "Done", "Snoozed", "Skipped", "Natural" };
  const LimberctlAlign aligns[] = {
    LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT,
    LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT,
  };
  g_autoptr(LimberctlTable) table = limberctl_table_new (G_N_ELEMENTS (headers), headers, aligns);

  for (guint i = 0; i < days->len; i++)
    {
      const LimberDay *day = g_ptr_array_index (days, i);
      g_autofree char *sitting = limberctl_format_span (day->sitting_seconds);
      g_autofree char *longest = limberctl_format_span (day->longest_sitting_seconds);
      g_autofree char *completed = g_strdup_printf ("%u", day->completed);
      g_autofree char *snoozed = g_strdup_printf ("%u", day->snoozed);
      g_autofree char *skipped = g_strdup_printf ("%u", day->skipped);
      g_autofree char *natural = g_strdup_printf ("%u", day->natural);
      const char *const row[] = { day->date, sitting, longest, completed, snoozed, skipped, natural };

      limberctl_table_add_row (table, row);
    }
  limberctl_table_print (table);
}

int
limberctl_history (int    argc,
                   char **argv)
{
  gboolean json = FALSE;
  int n_days = DEFAULT_DAYS;
  const GOptionEntry entries[] = {
    { "days", 'd', 0, G_OPTION_ARG_INT, &n_days,
      "Show the last N local days, today included (1 to 3660; default 7)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print a JSON list of days: date, sitting_seconds, longest_sitting_seconds, completed, snoozed, skipped, natural", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                "Sitting time, longest sitting spell and breaks for each\n"
                                "local day, oldest first. “Skipped” counts dismissed prompts too.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  if (n_days < 1 || n_days > LIMBER_MAX_HISTORY_DAYS)
    return limberctl_usage_error (argv[0], "--days must be between 1 and %d, not %d",
                                  LIMBER_MAX_HISTORY_DAYS, n_days);

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  days = limber_client_get_history (client, (guint) n_days, &error);
  if (days == NULL)
    return limberctl_report_error (error);

  if (json)
    print_json (days);
  else
    print_table (days);

  return LIMBERCTL_EXIT_OK;
}
