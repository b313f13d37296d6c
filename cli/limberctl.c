/* limberctl: the command-line remote control of limberd.
 *
 * main() only picks the command; each command lives in its own
 * limberctl-<command>.c, parses its own options (before touching the bus,
 * so that usage errors exit 2 even with no daemon) and talks to limberd
 * through LimberClient. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "limber-build-config.h"
#include "limberctl.h"

typedef struct {
  const char          *name;
  LimberctlCommandFunc run;
  const char          *help;
} LimberctlCommand;

static const LimberctlCommand commands[] = {
  { "status",    limberctl_status,    "Show the state, sitting time, next break and today's count (default)" },
  { "snooze",    limberctl_snooze,    "Postpone the pending or next break [DURATION]" },
  { "pause",     limberctl_pause,     "Stop tracking for DURATION, or until resume" },
  { "resume",    limberctl_resume,    "End a pause" },
  { "break",     limberctl_break,     "Suggest a stretch now [STRETCH-ID]" },
  { "done",      limberctl_done,      "Log a completed stretch (the pending one by default)" },
  { "skip",      limberctl_skip,      "Decline the pending break" },
  { "history",   limberctl_history,   "One row per day: sitting time, stretches, snoozes" },
  { "log",       limberctl_log,       "The logged events, newest first" },
  { "export",    limberctl_export,    "Write the history to standard output as JSON lines" },
  { "import",    limberctl_import,    "Add the records of an export (FILE or -) to the history" },
  { "stretches", limberctl_stretches, "List the stretches in the catalogue" },
  { "show",      limberctl_show,      "Show one stretch's instructions and precautions" },
  { "monitor",   limberctl_monitor,   "Print state changes and events as they happen" },
  { "reload",    limberctl_reload,    "Make limberd read its config and stretches again" },
};

static const LimberctlCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static void
print_help (void)
{
  g_print ("Usage:\n"
           "  limberctl [COMMAND] [OPTION…]\n"
           "\n"
           "Remote control of limberd, the Limber stretch reminder.\n"
           "\n"
           "Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-11s %s\n", commands[i].name, commands[i].help);
  g_print ("  %-11s %s\n", "help", "Show this list, or a command's help [COMMAND]");
  g_print ("\n"
           "Options:\n"
           "  -h, --help     Show this list\n"
           "  --version      Show the version\n"
           "\n"
           "Run “limberctl COMMAND --help” for a command's options.\n"
           "Exit status: 0 ok, 1 limberd reported a failure, 2 usage error,\n"
           "3 limberd could not be reached.\n");
}

static int
unknown_command (const char *name)
{
  g_printerr ("limberctl: unknown command “%s” (see “limberctl --help”)\n", name);
  return LIMBERCTL_EXIT_USAGE;
}

/* Runs @command with @args (which start after the command's name). */
static int
run_command (const LimberctlCommand *command,
             int                     n_args,
             char                  **args)
{
  /* The command's own argv: its name, then its arguments. GOption
   * reorders the pointers, so it gets a copy of the array. */
  g_autofree char **argv = g_new0 (char *, n_args + 2);

  argv[0] = (char *) command->name;
  for (int i = 0; i < n_args; i++)
    argv[i + 1] = args[i];

  return command->run (n_args + 1, argv);
}

static int
help_command (int    n_args,
              char **args)
{
  const LimberctlCommand *command;
  char *help_arg[] = { (char *) "--help" };

  if (n_args == 0)
    {
      print_help ();
      return LIMBERCTL_EXIT_OK;
    }
  if (n_args > 1)
    return limberctl_usage_error ("help", "unexpected argument “%s”", args[1]);

  if (g_str_equal (args[0], "help"))
    {
      print_help ();
      return LIMBERCTL_EXIT_OK;
    }
  command = find_command (args[0]);
  if (command == NULL)
    return unknown_command (args[0]);
  return run_command (command, 1, help_arg);
}

int
main (int    argc,
      char **argv)
{
  const LimberctlCommand *command;
  const char *first;

  /* For GOption's help and for g_print()'s conversion to the terminal's
   * charset. */
  setlocale (LC_ALL, "");
  g_set_prgname ("limberctl");

  /* `limberctl` and `limberctl --json` are `limberctl status [--json]`. */
  if (argc < 2)
    return run_command (find_command ("status"), 0, NULL);

  first = argv[1];

  if (g_str_equal (first, "--help") || g_str_equal (first, "-h") || g_str_equal (first, "-?"))
    return help_command (argc - 2, argv + 2);
  if (g_str_equal (first, "help"))
    return help_command (argc - 2, argv + 2);

  if (g_str_equal (first, "--version"))
    {
      if (argc > 2)
        {
          g_printerr ("limberctl: unexpected argument “%s” after --version\n", argv[2]);
          return LIMBERCTL_EXIT_USAGE;
        }
      g_print ("limberctl %s\n", LIMBER_VERSION);
      return LIMBERCTL_EXIT_OK;
    }

  if (first[0] == '-')
    return run_command (find_command ("status"), argc - 1, argv + 1);

  command = find_command (first);
  if (command == NULL)
    return unknown_command (first);

  return run_command (command, argc - 2, argv + 2);
}
