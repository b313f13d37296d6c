/* limberctl log [--limit N] [--json]: the raw events, newest first. */
#include "limberctl.h"
#include "limberctl-output.h"

#include "limber-duration.h"
#include "limber-names.h"

#define DEFAULT_LIMIT 20

static void
print_json (GPtrArray *events)
{
  g_autoptr(LimberctlJson) json = limberctl_json_new ();

  limberctl_json_begin_array (json);
  for (guint i = 0; i < events->len; i++)
    {
      const LimberEvent *event = g_ptr_array_index (events, i);
      g_autofree char *time = limberctl_format_iso8601 (event->ts);

      limberctl_json_begin_object (json);
      limberctl_json_key (json, "ts");
      limberctl_json_int (json, event->ts);
      limberctl_json_key (json, "time");
      limberctl_json_string (json, time);
      limberctl_json_key (json, "kind");
      limberctl_json_string (json, event->kind);
      limberctl_json_key (json, "stretch");
      limberctl_json_string (json, event->stretch);
      limberctl_json_key (json, "seconds");
      limberctl_json_int (json, event->seconds);
      limberctl_json_end_object (json);
    }
  limberctl_json_end_array (json);
  limberctl_json_print (json);
}

/* "2026-11-25 14:03:10  completed  doorway-stretch", with the seconds an
 * event carries (a snooze's length, a natural break's idle time) last. */
static void
print_lines (GPtrArray *events)
{
  const LimberctlAlign aligns[] = {
    LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_LEFT,
  };
  g_autoptr(LimberctlTable) table = NULL;

  if (events->len == 0)
    {
      g_print ("No events logged yet.\n");
      return;
    }

  /* A headerless table: the columns line up but the lines keep the
   * documented form. */
  table = limberctl_table_new (G_N_ELEMENTS (aligns), NULL, aligns);
  for (guint i = 0; i < events->len; i++)
    {
      const LimberEvent *event = g_ptr_array_index (events, i);
      g_autofree char *when = limberctl_format_datetime (event->ts);
      g_autofree char *seconds = event->seconds > 0 ? limber_duration_format (event->seconds) : NULL;
      const char *const row[] = { when, event->kind, event->stretch, seconds };

      limberctl_table_add_row (table, row);
    }
  limberctl_table_print (table);
}

int
limberctl_log (int    argc,
               char **argv)
{
  gboolean json = FALSE;
  int limit = DEFAULT_LIMIT;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      "Show the newest N events (1 to 100000; default 20)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print a JSON list of events: ts, time, kind, stretch, seconds", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                "The events limberd logged, newest first, in local time:\n"
                                "due, completed, snoozed, skipped, dismissed, natural,\n"
                                "paused, resumed.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  if (limit < 1 || limit > LIMBER_MAX_LOG_EVENTS)
    return limberctl_usage_error (argv[0], "--limit must be between 1 and %d, not %d",
                                  LIMBER_MAX_LOG_EVENTS, limit);

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  events = limber_client_get_log (client, (guint) limit, &error);
  if (events == NULL)
    return limberctl_report_error (error);

  if (json)
    print_json (events);
  else
    print_lines (events);

  return LIMBERCTL_EXIT_OK;
}
