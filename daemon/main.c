/* limberd: parse options, set up logging, own the bus name, run. Everything
 * else is in the daemon library. */
#include "limber-build-config.h"
#include "limber-daemon.h"
#include "limber-error.h"
#include "limber-names.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

typedef struct {
  GMainLoop    *loop;
  LimberDaemon *daemon;
  gboolean   name_acquired;
  gboolean   name_lost;
  int        exit_status;
} Run;

static gboolean verbose;

static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  const char *message = NULL;
  const char *label;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;

  if (!verbose && (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)))
    return G_LOG_WRITER_HANDLED;

  /* Under systemd the journal adds time and priority itself. */
  if (g_log_writer_is_journald (fileno (stderr)))
    return g_log_writer_journald (level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    label = "error";
  else if (level & G_LOG_LEVEL_WARNING)
    label = "warning";
  else if (level & G_LOG_LEVEL_DEBUG)
    label = "debug";
  else
    label = "info";

  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%H:%M:%S");
  fprintf (stderr, "%s limberd %s: %s\n", stamp, label, message ? message : "");
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
on_quit_signal (gpointer user_data)
{
  Run *run = user_data;

  g_message ("Shutting down");
  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_name_acquired (GDBusConnection *bus,
                  const char      *name,
                  gpointer         user_data)
{
  Run *run = user_data;

  run->name_acquired = TRUE;
  g_message ("Ready on the session bus as %s", name);
  limber_daemon_start (run->daemon);
}

static void
on_name_lost (GDBusConnection *bus,
              const char      *name,
              gpointer         user_data)
{
  Run *run = user_data;

  if (bus == NULL || g_dbus_connection_is_closed (bus))
    {
      g_message ("The session bus went away; exiting");
      run->exit_status = run->name_acquired ? 0 : 1;
    }
  else if (run->name_acquired)
    g_message ("Another limberd took over %s; exiting", name);
  else
    {
      g_printerr ("limberd: %s is already owned: another limberd is running "
                  "(use --replace to take over)\n", name);
      run->exit_status = 1;
    }
  run->name_lost = TRUE;
  g_main_loop_quit (run->loop);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(LimberDaemon) daemon = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *db_path = NULL;
  gboolean replace = FALSE;
  gboolean version = FALSE;
  LimberDaemonOptions options = { 0 };
  Run run = { 0 };
  guint owner_id;
  GBusNameOwnerFlags flags;
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_path,
      "Read the configuration from FILE", "FILE" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      "Keep the history in FILE", "FILE" },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace,
      "Take over from a limberd that is already running", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "Log what limberd decides, and why", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_log_set_writer_func (write_log, NULL, NULL);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Limber: reminds you to stretch your upper back after sitting for a while.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("limberd: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr ("limberd: unexpected argument “%s”\n", argv[1]);
      return 2;
    }
  if (version)
    {
      g_print ("limberd %s\n", LIMBER_VERSION);
      return 0;
    }

  /* Register the D-Bus error names before any error can cross the bus. */
  (void) limber_error_quark ();

  options.config_path = config_path;
  options.db_path = db_path;
  daemon = limber_daemon_new (&options, &error);
  if (daemon == NULL)
    {
      g_printerr ("limberd: %s\n", error->message);
      return 1;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_printerr ("limberd: no session bus: %s\n", error->message);
      return 1;
    }
  /* Exit through our own shutdown (state saved, database closed) rather
   * than GDBus's _exit() if the bus goes away. */
  g_dbus_connection_set_exit_on_close (bus, FALSE);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.daemon = daemon;

  if (!limber_daemon_export (daemon, bus, &error))
    {
      g_printerr ("limberd: %s\n", error->message);
      return 1;
    }

  /* A file size limit reached (RLIMIT_FSIZE) must be a failed write that
   * limberd reports and retries, not a signal that kills it. */
  signal (SIGXFSZ, SIG_IGN);
  g_unix_signal_add (SIGTERM, on_quit_signal, &run);
  g_unix_signal_add (SIGINT, on_quit_signal, &run);
  g_signal_connect_swapped (bus, "closed", G_CALLBACK (g_main_loop_quit), loop);

  flags = G_BUS_NAME_OWNER_FLAGS_ALLOW_REPLACEMENT | G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE;
  if (replace)
    flags |= G_BUS_NAME_OWNER_FLAGS_REPLACE;
  owner_id = g_bus_own_name_on_connection (bus, LIMBER_BUS_NAME, flags,
                                           on_name_acquired, on_name_lost, &run, NULL);

  g_main_loop_run (loop);

  g_bus_unown_name (owner_id);
  limber_daemon_stop (daemon);
  if (!g_dbus_connection_flush_sync (bus, NULL, &error))
    g_debug ("Could not flush the bus: %s", error->message);

  return run.exit_status;
}
