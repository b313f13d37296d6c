/* limberctl import FILE|-: add the records of an export to the history.
 *
 * limberctl opens the file, with the user's own rights and working
 * directory, and limberd reads it from the descriptor: a relative path
 * means what the user meant, and limberd never opens a path it is given.
 * Importing is idempotent (records are keyed by their uuid), so the same
 * file may be imported again and again. */
#include "limberctl.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* Closes the file opened here, never stdin. */
typedef struct {
  int fd;
  gboolean owned;
} Input;

static void
input_clear (Input *input)
{
  if (input->owned && input->fd >= 0)
    g_close (input->fd, NULL);
  input->fd = -1;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Input, input_clear)

/* Opens @path ("-" for stdin); prints why not and returns FALSE. */
static gboolean
open_input (const char *command,
            const char *path,
            Input      *input)
{
  struct stat st;

  if (g_str_equal (path, "-"))
    {
      /* limberd would wait for lines typed at the terminal with nothing
       * to say so: a missing "< FILE" is the likelier story. */
      if (isatty (STDIN_FILENO))
        {
          limberctl_usage_error (command,
                                 "standard input is a terminal; "
                                 "give a file, or pipe one in: limberctl import - < history.jsonl");
          return FALSE;
        }
      input->fd = STDIN_FILENO;
      input->owned = FALSE;
    }
  else
    {
      input->fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
      if (input->fd < 0)
        {
          int saved_errno = errno;

          limberctl_usage_error (command, "cannot open “%s”: %s", path, g_strerror (saved_errno));
          return FALSE;
        }
      input->owned = TRUE;
    }

  /* A folder opens read-only without complaint and fails only when read,
   * in limberd; say it here, naming it. */
  if (fstat (input->fd, &st) == 0 && S_ISDIR (st.st_mode))
    {
      limberctl_usage_error (command, "“%s” is a folder, not an export file", path);
      return FALSE;
    }
  return TRUE;
}

int
limberctl_import (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE|-");
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Input) input = { .fd = -1 };
  const char *path;
  const char *label;
  guint added = 0, known = 0, n_problems;

  g_option_context_set_summary (context,
                                "Add the records of FILE (as “limberctl export” writes them; “-”\n"
                                "reads standard input) to the history. Records already there are\n"
                                "left alone, so importing a file again is harmless. Lines that\n"
                                "cannot be used are reported as FILE:line N: message and skipped;\n"
                                "the others are imported, and the exit status is then 1.");
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 1, 1, "FILE (or “-” for standard input)"))
    return LIMBERCTL_EXIT_USAGE;

  path = args[0];
  /* Problems name the file as the user typed it. */
  label = g_str_equal (path, "-") ? "stdin" : path;

  /* Before the bus, like every usage check: a file that is not there
   * sends nothing to limberd. */
  if (!open_input (argv[0], path, &input))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  if (!limber_client_import (client, input.fd, &added, &known, &problems, &error))
    return limberctl_report_error (error);

  g_print ("Added %u record%s, %u %s already there.\n",
           added, added == 1 ? "" : "s",
           known, known == 1 ? "was" : "were");

  n_problems = g_strv_length (problems);
  for (guint i = 0; i < n_problems; i++)
    g_printerr ("%s:%s\n", label, problems[i]);

  /* The good lines are in; the status still tells a script that some
   * were not. */
  return n_problems > 0 ? LIMBERCTL_EXIT_FAILED : LIMBERCTL_EXIT_OK;
}
