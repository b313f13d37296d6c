/* limberctl log [--limit N] [--since DATE] [--host NAME] [--json]: the raw
 * events, newest first. */
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
      limberctl_json_key (json, "uuid");
      limberctl_json_string (json, event->uuid);
      limberctl_json_key (json, "host");
      limberctl_json_string (json, event->host);
      limberctl_json_end_object (json);
    }
  limberctl_json_end_array (json);
  limberctl_json_print (json);
}

/* "2026-11-25 14:03:10  completed  doorway-stretch", with the seconds an
 * event carries (a snooze's length, a natural break's idle time) last.
 * With @show_host, the host comes after the time: the other columns may be
 * empty, so it could not go last. */
static void
print_lines (GPtrArray  *events,
             gboolean    show_host,
             const char *none_text)
{
  const LimberctlAlign aligns[] = {
    LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_LEFT,
    LIMBERCTL_ALIGN_LEFT,
  };
  g_autoptr(LimberctlTable) table = NULL;

  if (events->len == 0)
    {
      g_print ("%s\n", none_text);
      return;
    }

  /* A headerless table: the columns line up but the lines keep the
   * documented form. */
  table = limberctl_table_new (show_host ? 5 : 4, NULL, aligns);
  for (guint i = 0; i < events->len; i++)
    {
      const LimberEvent *event = g_ptr_array_index (events, i);
      g_autofree char *when = limberctl_format_datetime (event->ts);
      g_autofree char *seconds = event->seconds > 0 ? limber_duration_format (event->seconds) : NULL;
      const char *const row[] = { when, event->kind, event->stretch, seconds };
      const char *const row_with_host[] = { when, event->host, event->kind, event->stretch, seconds };

      limberctl_table_add_row (table, show_host ? row_with_host : row);
    }
  limberctl_table_print (table);
}

int
limberctl_log (int    argc,
               char **argv)
{
  gboolean json = FALSE;
  int limit = DEFAULT_LIMIT;
  g_autofree char *since_text = NULL;
  g_autofree char *host = NULL;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      "Show the newest N events (1 to 100000; default 20)", "N" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      "Only events from DATE on: YYYY-MM-DD, today or yesterday", "DATE" },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      "Only events recorded on host NAME (default: every host)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print a JSON list of events: ts, time, kind, stretch, seconds, uuid, host", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) hosts = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since = 0;
  int exit_code;

  g_option_context_set_summary (context,
                                "The events limberd logged, newest first, in local time:\n"
                                "due, completed, snoozed, skipped, dismissed, natural,\n"
                                "paused, resumed, abandoned. When the history holds more\n"
                                "than one host, each line names the host.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  if (limit < 1 || limit > LIMBER_MAX_LOG_EVENTS)
    return limberctl_usage_error (argv[0], "--limit must be between 1 and %d, not %d",
                                  LIMBER_MAX_LOG_EVENTS, limit);

  if (since_text != NULL)
    {
      GDate date;

      if (!limberctl_parse_date (argv[0], "--since", since_text, &date))
        return LIMBERCTL_EXIT_USAGE;
      since = limberctl_date_start (&date);
    }

  if (!limberctl_check_host_option (argv[0], host))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  /* JSON always names the host, so it needs no count of hosts unless
   * --host is to be checked. */
  if ((!json || host != NULL) &&
      !limberctl_get_hosts (client, argv[0], host, &hosts, &exit_code))
    return exit_code;

  events = limber_client_get_events (client, since, (guint) limit, host, &error);
  if (events == NULL)
    return limberctl_report_error (error);

  if (json)
    print_json (events);
  else
    {
      g_autofree char *none_text = NULL;

      if (since_text != NULL || host != NULL)
        none_text = g_strdup_printf ("No events%s%s%s%s.",
                                     since_text != NULL ? " since " : "",
                                     since_text != NULL ? since_text : "",
                                     host != NULL ? " from host " : "",
                                     host != NULL ? host : "");
      else
        none_text = g_strdup ("No events logged yet.");

      /* One host's events (a single machine, or --host) need no host
       * column. */
      print_lines (events, host == NULL && g_strv_length (hosts) > 1, none_text);
    }

  return LIMBERCTL_EXIT_OK;
}
