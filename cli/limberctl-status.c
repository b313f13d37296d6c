/* limberctl status [--json]: where the user stands right now. */
#include "limberctl.h"
#include "limberctl-output.h"

/* Paused is both a state and a property; trust either, so that a pause is
 * never shown with a stale next break. */
static gboolean
is_paused (const LimberStatus *status)
{
  return g_str_equal (status->state, "paused") || status->paused_until != 0;
}

static gint64
sitting_seconds (const LimberStatus *status,
                 gint64              now)
{
  if (status->sitting_since <= 0)
    return 0;
  return MAX (now - status->sitting_since, 0);
}

static void
print_json (const LimberStatus *status,
            gint64              now)
{
  g_autoptr(LimberctlJson) json = limberctl_json_new ();

  limberctl_json_begin_object (json);

  /* The fixed keys first, in the documented order. */
  limberctl_json_key (json, "state");
  limberctl_json_string (json, status->state);
  limberctl_json_key (json, "sitting_seconds");
  limberctl_json_int (json, sitting_seconds (status, now));
  limberctl_json_key (json, "next_break_in");
  if (is_paused (status) || status->next_break_at == 0)
    limberctl_json_null (json);
  else
    limberctl_json_int (json, MAX (status->next_break_at - now, 0));
  limberctl_json_key (json, "completed_today");
  limberctl_json_int (json, status->completed_today);
  limberctl_json_key (json, "daily_goal");
  limberctl_json_int (json, status->daily_goal);

  limberctl_json_key (json, "pending_stretch");
  limberctl_json_string (json, *status->pending_stretch != '\0' ? status->pending_stretch : NULL);
  limberctl_json_key (json, "phase");
  limberctl_json_string (json, *status->phase != '\0' ? status->phase : NULL);
  limberctl_json_key (json, "snooze_count");
  limberctl_json_int (json, status->snooze_count);
  limberctl_json_key (json, "paused_until");
  if (status->paused_until == 0)
    limberctl_json_null (json);
  else
    limberctl_json_int (json, status->paused_until);
  limberctl_json_key (json, "backend");
  limberctl_json_string (json, status->backend);
  limberctl_json_key (json, "warnings");
  limberctl_json_begin_array (json);
  for (guint i = 0; status->warnings[i] != NULL; i++)
    limberctl_json_string (json, status->warnings[i]);
  limberctl_json_end_array (json);

  limberctl_json_end_object (json);
  limberctl_json_print (json);
}

#define ROW "%-12s %s\n"

static void
print_next_break (const LimberStatus *status,
                  gint64              now)
{
  g_autofree char *clock = NULL;
  g_autofree char *span = NULL;

  if (is_paused (status))
    {
      /* No next break while paused: say when tracking comes back instead. */
      if (status->paused_until < 0)
        {
          g_print ("Paused until you resume\n");
          return;
        }
      clock = limberctl_format_clock (status->paused_until, now);
      span = limberctl_describe_span (status->paused_until - now);
      g_print ("Paused until %s (%s left)\n", clock, span);
      return;
    }

  if (status->next_break_at == 0)
    {
      g_print (ROW, "Next break:",
               g_str_equal (status->state, "away") ? "when you are back" : "not scheduled");
      return;
    }

  clock = limberctl_format_clock (status->next_break_at, now);
  if (status->next_break_at <= now)
    {
      g_autofree char *value = g_strdup_printf ("now (due since %s)", clock);
      g_print (ROW, "Next break:", value);
    }
  else
    {
      g_autofree char *value = NULL;

      span = limberctl_describe_span (status->next_break_at - now);
      value = g_strdup_printf ("in %s (at %s)", span, clock);
      g_print (ROW, "Next break:", value);
    }
}

static void
print_human (LimberClient       *client,
             const LimberStatus *status,
             gint64              now)
{
  g_autofree char *today = NULL;

  g_print (ROW, "State:", status->state);

  if (status->sitting_since > 0)
    {
      g_autofree char *sitting = limberctl_describe_span (sitting_seconds (status, now));
      g_print (ROW, "Sitting:", sitting);
    }

  print_next_break (status, now);

  if (*status->phase != '\0')
    g_print (ROW, "Guiding:", status->phase);

  if (*status->pending_stretch != '\0')
    {
      g_autoptr(LimberStretch) stretch = NULL;
      g_autofree char *value = NULL;

      /* The one extra round trip status makes, and only while a stretch is
       * pending: the property has the id, a person wants the name. A
       * failure here costs the name, not the status. */
      stretch = limber_client_get_stretch (client, status->pending_stretch, NULL);
      if (stretch != NULL && *stretch->name != '\0')
        value = g_strdup_printf ("%s (%s)", stretch->name, status->pending_stretch);
      else
        value = g_strdup (status->pending_stretch);
      g_print (ROW, "Suggested:", value);
    }

  if (status->daily_goal > 0)
    today = g_strdup_printf ("%u of %u stretches", status->completed_today, status->daily_goal);
  else
    today = g_strdup_printf ("%u %s", status->completed_today,
                             status->completed_today == 1 ? "stretch" : "stretches");
  g_print (ROW, "Today:", today);

  if (status->snooze_count > 0)
    {
      g_autofree char *snoozes = g_strdup_printf ("%u in a row", status->snooze_count);
      g_print (ROW, "Snoozed:", snoozes);
    }

  if (*status->backend_reason != '\0')
    {
      g_autofree char *backend = g_strdup_printf ("%s (%s)", status->backend, status->backend_reason);
      g_print (ROW, "Backend:", backend);
    }
  else if (*status->backend != '\0')
    g_print (ROW, "Backend:", status->backend);

  for (guint i = 0; status->warnings[i] != NULL; i++)
    g_print (ROW, "Warning:", status->warnings[i]);
}

int
limberctl_status (int    argc,
                  char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print one JSON object: state, sitting_seconds, next_break_in, completed_today, daily_goal, …", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GError) error = NULL;
  LimberStatus status;
  gint64 now;

  g_option_context_set_summary (context,
                                "Show the state, the time sat so far, the next break and\n"
                                "today's stretches against the daily goal.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_PROPERTIES);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  if (!limber_client_get_status (client, &status, &error))
    return limberctl_report_error (error);

  now = limberctl_now ();
  if (json)
    print_json (&status, now);
  else
    print_human (client, &status, now);

  return LIMBERCTL_EXIT_OK;
}
