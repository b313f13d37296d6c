/* limberctl history [--days N | --from DATE --to DATE] [--host NAME]
 *                   [--json | --csv] [--stretches]
 *
 * One row per local day, or with --stretches one row per stretch, over a
 * period. The days themselves (midnight, DST, spells split at midnight) are
 * limberd's work; this file chooses the period, asks, and presents. */
#include "limberctl.h"
#include "limberctl-output.h"

#include <stdio.h>

#include "limber-names.h"

#define DEFAULT_DAYS 7

/* The widest the chart gets, in character cells. With the other columns
 * that keeps a row within 80 columns. */
#define BAR_CELLS 16

typedef enum {
  FORMAT_TABLE,
  FORMAT_JSON,
  FORMAT_CSV,
} Format;

typedef struct {
  const char *command;
  GDate       from;
  GDate       to;
  char       *from_text;   /* YYYY-MM-DD, as limberd takes it */
  char       *to_text;
  const char *host;        /* NULL: every host */
  Format      format;
} Request;

static void
request_clear (Request *request)
{
  g_clear_pointer (&request->from_text, g_free);
  g_clear_pointer (&request->to_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

static gboolean
goal_met (const LimberDay *day,
          guint            goal)
{
  return goal > 0 && day->completed >= goal;
}

/* ---- the period -------------------------------------------------------- */

/* Turns the options into a period; prints the usage error and returns
 * FALSE when they do not make one. */
static gboolean
resolve_period (Request    *request,
                const char *days_text,
                const char *from_text,
                const char *to_text)
{
  const char *command = request->command;

  if (days_text != NULL && (from_text != NULL || to_text != NULL))
    {
      limberctl_usage_error (command, "--days and --from/--to cannot be used together");
      return FALSE;
    }
  if (from_text != NULL && to_text == NULL)
    {
      limberctl_usage_error (command, "--from “%s” needs --to DATE as well", from_text);
      return FALSE;
    }
  if (to_text != NULL && from_text == NULL)
    {
      limberctl_usage_error (command, "--to “%s” needs --from DATE as well", to_text);
      return FALSE;
    }

  if (from_text != NULL)
    {
      gint span;

      if (!limberctl_parse_date (command, "--from", from_text, &request->from) ||
          !limberctl_parse_date (command, "--to", to_text, &request->to))
        return FALSE;

      if (g_date_compare (&request->from, &request->to) > 0)
        {
          limberctl_usage_error (command, "--from “%s” is after --to “%s”", from_text, to_text);
          return FALSE;
        }
      span = g_date_days_between (&request->from, &request->to) + 1;
      if (span > LIMBER_MAX_HISTORY_DAYS)
        {
          limberctl_usage_error (command, "--from “%s” --to “%s” spans %d days; at most %d at a time",
                                 from_text, to_text, span, LIMBER_MAX_HISTORY_DAYS);
          return FALSE;
        }
    }
  else
    {
      guint64 n_days = DEFAULT_DAYS;

      /* Read as text, not G_OPTION_ARG_INT, so that the message can say
       * what a day count is and quote what was typed. */
      if (days_text != NULL &&
          !g_ascii_string_to_unsigned (days_text, 10, 1, LIMBER_MAX_HISTORY_DAYS, &n_days, NULL))
        {
          limberctl_usage_error (command, "--days must be a number of days from 1 to %d, not “%s”",
                                 LIMBER_MAX_HISTORY_DAYS, days_text);
          return FALSE;
        }

      limberctl_today (&request->to);
      request->from = request->to;
      g_date_subtract_days (&request->from, (guint) n_days - 1);
    }

  request->from_text = limberctl_date_string (&request->from);
  request->to_text = limberctl_date_string (&request->to);
  return TRUE;
}

/* ---- days: JSON and CSV ------------------------------------------------ */

static void
print_days_json (GPtrArray *days,
                 guint      goal)
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
      limberctl_json_key (json, "goal");
      limberctl_json_int (json, goal);
      limberctl_json_key (json, "goal_met");
      limberctl_json_bool (json, goal_met (day, goal));
      limberctl_json_end_object (json);
    }
  limberctl_json_end_array (json);
  limberctl_json_print (json);
}

static void
print_days_csv (GPtrArray *days,
                guint      goal)
{
  g_autoptr(GString) line = g_string_new ("date,sitting_seconds,longest_sitting_seconds,"
                                          "completed,snoozed,skipped,natural,goal_met");

  limberctl_csv_print_line (line);
  for (guint i = 0; i < days->len; i++)
    {
      const LimberDay *day = g_ptr_array_index (days, i);

      g_string_truncate (line, 0);
      limberctl_csv_append_field (line, day->date);
      g_string_append_printf (line, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%u,%u,%u,%u,%s",
                              day->sitting_seconds, day->longest_sitting_seconds,
                              day->completed, day->snoozed, day->skipped, day->natural,
                              goal_met (day, goal) ? "true" : "false");
      limberctl_csv_print_line (line);
    }
  fflush (stdout);
}

/* ---- days: the table and its chart ------------------------------------- */

/* The chart shows completed stretches against the daily goal rather than
 * sitting time: the goal is what a day is judged by (goal_met, streaks),
 * a count of stretches maps onto whole blocks with no scale to explain
 * ("█████···" is five of eight at a glance), and sitting time has no target
 * to draw, and is in its own column already.
 *
 * One cell per stretch while the goal and the best day fit in BAR_CELLS;
 * past that the cells are scaled and the last one drawn in eighths. Dots
 * mark what is left to the goal, so a short bar still shows how far off it
 * is. */
typedef struct {
  guint    scale;    /* stretches the whole chart stands for: the goal or the
                      * best day of the period, whichever is more */
  guint    goal;
  gboolean unicode;  /* blocks, else ASCII */
  gboolean colour;
} Chart;

#define COLOUR_MET   "\033[32m"
#define COLOUR_SHORT "\033[2m"
#define COLOUR_RESET "\033[0m"

/* Eighths of a cell, from U+258F (one eighth) to U+2589 (seven). */
static const char *const partial_blocks[8] = {
  "", "▏", "▎", "▍", "▌", "▋", "▊", "▉",
};

static guint
to_eighths (const Chart *chart,
            guint        stretches)
{
  guint cells = MIN (chart->scale, BAR_CELLS);

  /* Rounded to the nearest eighth; guint64 so a scale of thousands
   * cannot overflow. */
  return (guint) (((guint64) stretches * cells * 8 + chart->scale / 2) / chart->scale);
}

static char *
render_bar (const Chart *chart,
            guint        completed)
{
  g_autoptr(GString) bar = g_string_new (NULL);
  gboolean met = chart->goal > 0 && completed >= chart->goal;
  guint filled, goal_cells, used;

  if (chart->scale == 0)
    return g_strdup ("");

  filled = to_eighths (chart, completed);
  /* ASCII has no eighths: whole cells, to the nearest. */
  if (!chart->unicode)
    filled = (filled + 4) / 8 * 8;
  /* Any stretch at all shows, however large the scale. */
  if (completed > 0 && filled == 0)
    filled = chart->unicode ? 1 : 8;
  used = (filled + 7) / 8;
  goal_cells = (to_eighths (chart, chart->goal) + 7) / 8;

  if (filled > 0)
    {
      if (chart->colour)
        g_string_append (bar, met ? COLOUR_MET : COLOUR_SHORT);
      for (guint i = 0; i < filled / 8; i++)
        g_string_append (bar, chart->unicode ? "█" : "#");
      g_string_append (bar, partial_blocks[filled % 8]);
      if (chart->colour)
        g_string_append (bar, COLOUR_RESET);
    }

  if (goal_cells > used)
    {
      if (chart->colour)
        g_string_append (bar, COLOUR_SHORT);
      for (guint i = used; i < goal_cells; i++)
        g_string_append (bar, chart->unicode ? "·" : ".");
      if (chart->colour)
        g_string_append (bar, COLOUR_RESET);
    }

  return g_string_free (g_steal_pointer (&bar), FALSE);
}

/* "Mon 2026-11-23". English names, like the rest of limberctl's output,
 * so that a row reads the same in every locale. */
static char *
format_day (const char *date)
{
  static const char *const weekdays[] = { "", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  unsigned year, month, day;
  char end;
  GDate parsed;

  if (sscanf (date, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return g_strdup (date);

  g_date_clear (&parsed, 1);
  g_date_set_dmy (&parsed, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return g_strdup_printf ("%s %s", weekdays[g_date_get_weekday (&parsed)], date);
}

static void
print_days_table (GPtrArray *days,
                  guint      goal)
{
  const char *const headers[] = { "Day", "Sitting", "Longest", "Done", "Snooze", "Skip", "Natural", "" };
  const LimberctlAlign aligns[] = {
    LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT,
    LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_LEFT,
  };
  g_autoptr(LimberctlTable) table = limberctl_table_new (G_N_ELEMENTS (headers), headers, aligns);
  Chart chart = {
    .scale = goal,
    .goal = goal,
    .unicode = limberctl_locale_is_utf8 (),
    .colour = limberctl_use_colour (),
  };

  /* One scale for every row, so that bars compare across days. */
  for (guint i = 0; i < days->len; i++)
    chart.scale = MAX (chart.scale, ((const LimberDay *) g_ptr_array_index (days, i))->completed);

  for (guint i = 0; i < days->len; i++)
    {
      const LimberDay *day = g_ptr_array_index (days, i);
      g_autofree char *date = format_day (day->date);
      g_autofree char *sitting = limberctl_format_hours_minutes (day->sitting_seconds);
      g_autofree char *longest = limberctl_format_hours_minutes (day->longest_sitting_seconds);
      g_autofree char *done = goal > 0 ? g_strdup_printf ("%u/%u", day->completed, goal)
                                       : g_strdup_printf ("%u", day->completed);
      g_autofree char *snoozed = g_strdup_printf ("%u", day->snoozed);
      g_autofree char *skipped = g_strdup_printf ("%u", day->skipped);
      g_autofree char *natural = g_strdup_printf ("%u", day->natural);
      /* Last column: the table pads by characters, and colour escapes are
       * no characters a reader sees; nothing follows them to misalign. */
      g_autofree char *bar = render_bar (&chart, day->completed);
      const char *const row[] = { date, sitting, longest, done, snoozed, skipped, natural, bar };

      limberctl_table_add_row (table, row);
    }
  limberctl_table_print (table);
}

/* ---- days: the summary ------------------------------------------------- */

static gboolean
day_has_records (const LimberDay *day)
{
  return day->sitting_seconds > 0 || day->completed > 0 || day->snoozed > 0 ||
         day->skipped > 0 || day->natural > 0;
}

/* "5.4 stretches and 6h 02m sitting a day (5 days at the computer)" over
 * the last @window entries of @month (the last 30 days, oldest first).
 * Only days with records count: a weekend away from the computer, a
 * holiday or the days before Limber was installed say nothing about how
 * a working day goes, and would only pull the average down. */
static char *
describe_average (GPtrArray *month,
                  guint      window)
{
  guint start = month->len > window ? month->len - window : 0;
  guint n_days = 0, tenths;
  guint64 completed = 0;
  gint64 sitting = 0;
  g_autofree char *sitting_text = NULL;

  for (guint i = start; i < month->len; i++)
    {
      const LimberDay *day = g_ptr_array_index (month, i);

      if (!day_has_records (day))
        continue;
      n_days++;
      completed += day->completed;
      sitting += day->sitting_seconds;
    }
  if (n_days == 0)
    return g_strdup ("no records");

  /* Tenths by integer arithmetic: a "." whatever the locale, like the
   * rest of the output. */
  tenths = (guint) ((completed * 10 + n_days / 2) / n_days);
  sitting_text = limberctl_format_hours_minutes (sitting / n_days);
  return g_strdup_printf ("%u.%u stretches and %s sitting a day (%u day%s at the computer)",
                          tenths / 10, tenths % 10, sitting_text,
                          n_days, n_days == 1 ? "" : "s");
}

static char *
describe_streaks (guint current,
                  guint best,
                  guint goal)
{
  if (best == 0)
    return g_strdup_printf ("none yet (a day with %u completed stretch%s starts one)",
                            goal, goal == 1 ? "" : "es");
  if (current == 0)
    return g_strdup_printf ("none at the moment (best: %u day%s)", best, best == 1 ? "" : "s");
  return g_strdup_printf ("%u day%s meeting the goal of %u (best: %u day%s)",
                          current, current == 1 ? "" : "s", goal, best, best == 1 ? "" : "s");
}

/* The streak and the averages of the last 7 and 30 days: about now,
 * whatever period the table showed. */
static int
print_summary (LimberClient  *client,
               const Request *request,
               GPtrArray     *days,
               guint          goal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fetched = NULL;
  g_autoptr(GPtrArray) month = NULL;
  g_autofree char *streaks = NULL;
  g_autofree char *week_average = NULL;
  g_autofree char *month_average = NULL;
  guint current = 0, best = 0;
  GDate today, month_start;

  if (!limber_client_get_streaks (client, request->host, &current, &best, &error))
    return limberctl_report_error (error);

  limberctl_today (&today);
  month_start = today;
  g_date_subtract_days (&month_start, 29);

  if (g_date_compare (&request->from, &month_start) <= 0 &&
      g_date_compare (&request->to, &today) >= 0)
    {
      /* The table already covers the last 30 days: no second call. */
      guint offset = (guint) g_date_days_between (&request->from, &month_start);

      month = g_ptr_array_new ();
      for (guint i = offset; i < offset + 30 && i < days->len; i++)
        g_ptr_array_add (month, g_ptr_array_index (days, i));
    }
  else
    {
      g_autofree char *from = limberctl_date_string (&month_start);
      g_autofree char *to = limberctl_date_string (&today);

      fetched = limber_client_get_days (client, from, to, request->host, &error);
      if (fetched == NULL)
        return limberctl_report_error (error);
      month = g_ptr_array_ref (fetched);
    }

  streaks = describe_streaks (current, best, goal);
  week_average = describe_average (month, 7);
  month_average = describe_average (month, 30);

  g_print ("\n");
  g_print ("%-14s%s\n", "Streak:", streaks);
  g_print ("%-14s%s\n", "Last 7 days:", week_average);
  g_print ("%-14s%s\n", "Last 30 days:", month_average);
  return LIMBERCTL_EXIT_OK;
}

static int
show_days (LimberClient  *client,
           const Request *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = NULL;
  guint goal = 0;

  /* The goal is today's setting: limberd keeps no record of earlier ones,
   * and today's goal is the one the streak is counted against too. */
  if (!limber_client_get_daily_goal (client, &goal, &error))
    return limberctl_report_error (error);

  days = limber_client_get_days (client, request->from_text, request->to_text,
                                 request->host, &error);
  if (days == NULL)
    return limberctl_report_error (error);

  switch (request->format)
    {
    case FORMAT_JSON:
      print_days_json (days, goal);
      return LIMBERCTL_EXIT_OK;
    case FORMAT_CSV:
      print_days_csv (days, goal);
      return LIMBERCTL_EXIT_OK;
    case FORMAT_TABLE:
    default:
      print_days_table (days, goal);
      return print_summary (client, request, days, goal);
    }
}

/* ---- stretches --------------------------------------------------------- */

/* The catalogue's name for @id, or NULL: a stretch from another host's
 * stretches.d, or one since removed, has none here. */
static const char *
lookup_name (GHashTable *names,
             const char *id)
{
  return id != NULL ? g_hash_table_lookup (names, id) : NULL;
}

static void
print_stretches_json (GPtrArray  *counts,
                      GHashTable *names)
{
  g_autoptr(LimberctlJson) json = limberctl_json_new ();

  limberctl_json_begin_array (json);
  for (guint i = 0; i < counts->len; i++)
    {
      const LimberStretchCount *count = g_ptr_array_index (counts, i);

      limberctl_json_begin_object (json);
      limberctl_json_key (json, "id");
      limberctl_json_string (json, count->id);
      limberctl_json_key (json, "name");
      limberctl_json_string (json, lookup_name (names, count->id));
      limberctl_json_key (json, "completed");
      limberctl_json_int (json, count->completed);
      limberctl_json_key (json, "snoozed");
      limberctl_json_int (json, count->snoozed);
      limberctl_json_key (json, "skipped");
      limberctl_json_int (json, count->skipped);
      limberctl_json_key (json, "abandoned");
      limberctl_json_int (json, count->abandoned);
      limberctl_json_end_object (json);
    }
  limberctl_json_end_array (json);
  limberctl_json_print (json);
}

static void
print_stretches_csv (GPtrArray  *counts,
                     GHashTable *names)
{
  g_autoptr(GString) line = g_string_new ("id,name,completed,snoozed,skipped,abandoned");

  limberctl_csv_print_line (line);
  for (guint i = 0; i < counts->len; i++)
    {
      const LimberStretchCount *count = g_ptr_array_index (counts, i);

      g_string_truncate (line, 0);
      limberctl_csv_append_field (line, count->id);
      g_string_append_c (line, ',');
      limberctl_csv_append_field (line, lookup_name (names, count->id));
      g_string_append_printf (line, ",%u,%u,%u,%u",
                              count->completed, count->snoozed, count->skipped, count->abandoned);
      limberctl_csv_print_line (line);
    }
  fflush (stdout);
}

static void
print_stretches_table (const Request *request,
                       GPtrArray     *counts,
                       GHashTable    *names)
{
  const char *const headers[] = { "Stretch", "ID", "Done", "Snoozed", "Skipped", "Abandoned" };
  const LimberctlAlign aligns[] = {
    LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_LEFT, LIMBERCTL_ALIGN_RIGHT,
    LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT, LIMBERCTL_ALIGN_RIGHT,
  };
  g_autoptr(LimberctlTable) table = NULL;

  if (counts->len == 0)
    {
      g_print ("No stretch was suggested or done from %s to %s.\n",
               request->from_text, request->to_text);
      return;
    }

  table = limberctl_table_new (G_N_ELEMENTS (headers), headers, aligns);
  for (guint i = 0; i < counts->len; i++)
    {
      const LimberStretchCount *count = g_ptr_array_index (counts, i);
      const char *name = lookup_name (names, count->id);
      g_autofree char *completed = g_strdup_printf ("%u", count->completed);
      g_autofree char *snoozed = g_strdup_printf ("%u", count->snoozed);
      g_autofree char *skipped = g_strdup_printf ("%u", count->skipped);
      g_autofree char *abandoned = g_strdup_printf ("%u", count->abandoned);
      const char *const row[] = {
        name != NULL ? name : (count->id != NULL ? count->id : "(no stretch named)"),
        count->id != NULL ? count->id : "-",
        completed, snoozed, skipped, abandoned,
      };

      limberctl_table_add_row (table, row);
    }
  limberctl_table_print (table);
}

static int
show_stretches (LimberClient  *client,
                const Request *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GPtrArray) catalogue = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  counts = limber_client_get_stretch_counts (client, request->from_text, request->to_text,
                                             request->host, &error);
  if (counts == NULL)
    return limberctl_report_error (error);

  catalogue = limber_client_get_stretches (client, &error);
  if (catalogue == NULL)
    return limberctl_report_error (error);
  for (guint i = 0; i < catalogue->len; i++)
    {
      const LimberStretch *stretch = g_ptr_array_index (catalogue, i);

      if (*stretch->name != '\0')
        g_hash_table_insert (names, stretch->id, stretch->name);
    }

  switch (request->format)
    {
    case FORMAT_JSON:
      print_stretches_json (counts, names);
      break;
    case FORMAT_CSV:
      print_stretches_csv (counts, names);
      break;
    case FORMAT_TABLE:
    default:
      print_stretches_table (request, counts, names);
      break;
    }
  return LIMBERCTL_EXIT_OK;
}

/* ---- the command ------------------------------------------------------- */

int
limberctl_history (int    argc,
                   char **argv)
{
  gboolean json = FALSE;
  gboolean csv = FALSE;
  gboolean stretches = FALSE;
  g_autofree char *days_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *host = NULL;
  const GOptionEntry entries[] = {
    { "days", 'd', 0, G_OPTION_ARG_STRING, &days_text,
      "The last N local days, today included (1 to 3660; default 7)", "N" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      "First day: YYYY-MM-DD, today or yesterday (with --to)", "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      "Last day, included (with --from)", "DATE" },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      "Only what was recorded on host NAME (default: every host)", "NAME" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print a JSON list of days: date, sitting_seconds, …, goal, goal_met", NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv,
      "Print CSV with a header row", NULL },
    { "stretches", 0, 0, G_OPTION_ARG_NONE, &stretches,
      "One row per stretch instead: completed, snoozed, skipped, abandoned", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = NULL;
  g_autoptr(LimberClient) client = NULL;
  g_auto(Request) request = { .command = argv[0] };
  int exit_code;

  g_option_context_set_summary (context,
                                "Sitting time, longest sitting spell and breaks for each local\n"
                                "day, oldest first, with a chart of stretches done against the\n"
                                "daily goal, the current streak and the week and month averages.\n"
                                "“Skip” counts dismissed reminders too.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!limberctl_parse_options (context, argc, argv, &args) ||
      !limberctl_check_args (argv[0], (const char *const *) args, 0, 0, NULL))
    return LIMBERCTL_EXIT_USAGE;

  if (json && csv)
    return limberctl_usage_error (argv[0], "--json and --csv cannot be used together");
  request.format = json ? FORMAT_JSON : csv ? FORMAT_CSV : FORMAT_TABLE;

  if (!limberctl_check_host_option (argv[0], host))
    return LIMBERCTL_EXIT_USAGE;
  request.host = host;

  if (!resolve_period (&request, days_text, from_text, to_text))
    return LIMBERCTL_EXIT_USAGE;

  client = limberctl_connect (LIMBER_CLIENT_FLAGS_NONE);
  if (client == NULL)
    return LIMBERCTL_EXIT_UNREACHABLE;

  if (host != NULL && !limberctl_get_hosts (client, argv[0], host, NULL, &exit_code))
    return exit_code;

  if (stretches)
    return show_stretches (client, &request);
  return show_days (client, &request);
}
