/* What every limberctl command shares: exit codes, the command entry
 * points of the dispatch table, and the few helpers that make usage errors,
 * connection failures and daemon errors read the same in every command. */
#pragma once

#include <gio/gio.h>

#include "limberctl-client.h"

G_BEGIN_DECLS

/* DESIGN.md "CLI": fixed. */
typedef enum {
  LIMBERCTL_EXIT_OK          = 0,
  LIMBERCTL_EXIT_FAILED      = 1,  /* limberd reported a failure */
  LIMBERCTL_EXIT_USAGE       = 2,  /* bad command line; the bus is never touched */
  LIMBERCTL_EXIT_UNREACHABLE = 3,  /* no session bus, or limberd cannot be started */
} LimberctlExit;

/* A command gets its own argv, argv[0] being its name ("snooze"). */
typedef int (*LimberctlCommandFunc) (int argc, char **argv);

int limberctl_status    (int argc, char **argv);
int limberctl_snooze    (int argc, char **argv);
int limberctl_pause     (int argc, char **argv);
int limberctl_resume    (int argc, char **argv);
int limberctl_break     (int argc, char **argv);
int limberctl_done      (int argc, char **argv);
int limberctl_skip      (int argc, char **argv);
int limberctl_history   (int argc, char **argv);
int limberctl_log       (int argc, char **argv);
int limberctl_stretches (int argc, char **argv);
int limberctl_show      (int argc, char **argv);
int limberctl_monitor   (int argc, char **argv);
int limberctl_reload    (int argc, char **argv);
int limberctl_export    (int argc, char **argv);
int limberctl_import    (int argc, char **argv);

/* Parses @argv with @context, whose help output is titled
 * "limberctl COMMAND". Non-option arguments are returned in @out_args
 * (never NULL on success); --help prints the help and exits 0. On a bad
 * option prints the message and returns FALSE: exit with
 * LIMBERCTL_EXIT_USAGE. */
gboolean limberctl_parse_options (GOptionContext *context,
                                  int             argc,
                                  char          **argv,
                                  GStrv          *out_args);

/* Checks the number of non-option arguments; prints "missing ..." or
 * "unexpected argument “...”" and returns FALSE when it is wrong.
 * @what names the argument for the message, e.g. "STRETCH-ID". */
gboolean limberctl_check_args (const char        *command,
                               const char *const *args,
                               guint              min_args,
                               guint              max_args,
                               const char        *what);

/* Prints "limberctl COMMAND: MESSAGE" and returns LIMBERCTL_EXIT_USAGE. */
int limberctl_usage_error (const char *command,
                           const char *format,
                           ...) G_GNUC_PRINTF (2, 3);

/* DATE as the commands take it: YYYY-MM-DD, "today" or "yesterday", in
 * local time. On bad text prints a usage error that names @option and
 * the text, and returns FALSE. */
gboolean limberctl_parse_date (const char *command,
                               const char *option,
                               const char *text,
                               GDate      *out_date);
/* Today's local date. */
void     limberctl_today      (GDate      *out_date);
/* "2026-11-25". */
char    *limberctl_date_string (const GDate *date);
/* The first second of @date in local time, as Unix seconds. */
gint64   limberctl_date_start (const GDate *date);

/* For --host: fails (usage error) on an empty name. */
gboolean limberctl_check_host_option (const char *command,
                                      const char *host);

/* Asks limberd for the hosts in its history. When @host is not NULL it
 * must be one of them or the name limberd records under; otherwise the
 * known hosts are printed and FALSE returned, with the exit code in
 * @out_exit (also on a failed call). */
gboolean limberctl_get_hosts (LimberClient *client,
                              const char   *command,
                              const char   *host,
                              GStrv        *out_hosts,
                              int          *out_exit);

/* Connects (starting limberd if needed); on failure prints the one-line
 * reason and returns NULL: exit with LIMBERCTL_EXIT_UNREACHABLE. */
LimberClient *limberctl_connect (LimberClientFlags flags);

/* Prints a failed call's error without the D-Bus prefix and returns the
 * exit code it calls for: LIMBERCTL_EXIT_UNREACHABLE or _FAILED. */
int limberctl_report_error (const GError *error);

G_END_DECLS
