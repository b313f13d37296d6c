/* limberctl monitor: follow limberd until interrupted, one line per change.
 * Lines are flushed one by one: the reader is often a pipe (a script, a
 * test), which would otherwise see nothing until the buffer fills. */
#include "limberctl.h"
#include "limberctl-output.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

typedef struct {
  GMainLoop *loop;
  char      *last_state;
  char      *last_phase;
  int        exit_code;
} Monitor;

static void
print_line (gint64      ts,
            const char *what,
            const char *detail,
            const char *extra)
{
  g_autofree char *clock = limberctl_format_time_of_day (ts);

  if (extra != NULL)
    g_print ("%s  %s  %s  %s\n", clock, what, detail, extra);
  else
    g_print ("%s  %s  %s\n", clock, what, detail);
  fflush (stdout);
}

static void
on_event (LimberClient *client,
          gint64        ts,
          const char   *kind,
          const char   *stretch,
          gint64        seconds,
          Monitor      *monitor)
{
  /* The event's own time, as in `limberctl log`. */
  print_line (ts, "event", kind, stretch);
}

static void
on_state_changed (LimberClient *client,
                  const char   *state,
                  Monitor      *monitor)
{
  /* A restarted daemon reports all its properties again; only a real
   * change of state makes a line. */
  if (g_strcmp0 (state, monitor->last_state) == 0)
    return;

  g_free (monitor->last_state);
  monitor->last_state = g_strdup (state);
  print_line (limberctl_now (), "state", state, NULL);
}

static void
on_phase_changed (LimberClient *client,
                  const char   *phase,
                  Monitor      *monitor)
{
  if (g_strcmp0 (phase, monitor->last_phase) == 0)
    return;
  g_free (monitor->last_phase);
  monitor->last_phase = g_strdup (phase);
  if (*phase != '\0')
    print_line (limberctl_now (), "phase", phase, NULL);
}

static void
on_daemon_changed (LimberClient *client,
                   gboolean      running,
                   Monitor      *monitor)
{
  print_line (limberctl_now (), "daemon", running ? "started" : "stopped", NULL);
}

static void
on_disconnected (LimberClient *client,
                 const char   *reason,
                 Monitor      *monitor)
{
  g_printerr ("limberctl: cannot reach limberd: %s\n", reason);
  monitor->exit_code = LIMBERCTL_EXIT_UNREACHABLE;
  g_main_loop_quit (monitor->loop);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  Monitor *monitor = user_data;

  /* Interrupting is the normal way to stop monitoring: exit 0. */
  g_main_loop_quit (monitor->loop);
  return G_SOURCE_CONTINUE;
}

int
limberctl_monitor (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  LimberStatus status;
  Monitor monitor = { NULL, NULL, NULL, LIMBERCTL_EXIT_OK };
  guint sigint_id, sigterm_id;

  g_option_context_set_summary (context,
                                "Print a line for every event limberd logs and every change\n"
                                "of its state (and each phase of a guided stretch), until\n"
                                "interrupted (Ctrl+C or SIGTERM):\n"
                                "  14:03:10  event  completed  doorway-stretch\n"
                                "  14:03:10  state  sitting");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_WATCH);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  /* The state at start is the baseline, not a change. */
  if (!limber_client_get_status (client, &status, &error))
    return limberctl_report_error (error);

  loop = g_main_loop_new (NULL, FALSE);
  monitor.loop = loop;
  monitor.last_state = g_strdup (status.state);
  monitor.last_phase = g_strdup (status.phase);

  g_signal_connect (client, "event", G_CALLBACK (on_event), &monitor);
  g_signal_connect (client, "state-changed", G_CALLBACK (on_state_changed), &monitor);
  g_signal_connect (client, "phase-changed", G_CALLBACK (on_phase_changed), &monitor);
  g_signal_connect (client, "daemon-changed", G_CALLBACK (on_daemon_changed), &monitor);
  g_signal_connect (client, "disconnected", G_CALLBACK (on_disconnected), &monitor);

  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, &monitor);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, &monitor);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (client, &monitor);
  g_free (monitor.last_state);
  g_free (monitor.last_phase);

  return monitor.exit_code;
}
