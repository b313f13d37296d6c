#include "limber-schedule.h"

#include <string.h>

#include "limber-error.h"

#define ALL_DAYS        0x7f
#define MINUTES_PER_DAY (24 * 60)
#define SECONDS_PER_DAY (24 * 60 * 60)

/* No zone has ever been more than 14 h from UTC, so the instant that shows a
 * given wall time lies within this much of that wall time read as UTC. */
#define MAX_ZONE_OFFSET (15 * 60 * 60)

/* next_change() looks this many local days ahead, so that it never loops
 * whatever the zone's rules do. Any schedule that changes at all changes
 * within a week (one listed day, all day, is followed by six days off),
 * except that a listed day's hours can vanish in a DST gap ("sun" and
 * "00:00-00:30" where clocks go from 24:00 to 01:00, as in Chile); then the
 * change comes a week later, so two weeks and a day are always enough. */
#define SEARCH_DAYS 15

static const struct {
  const char *short_name;
  const char *long_name;
} day_names[] = {
  { "mon", "monday" },
  { "tue", "tuesday" },
  { "wed", "wednesday" },
  { "thu", "thursday" },
  { "fri", "friday" },
  { "sat", "saturday" },
  { "sun", "sunday" },
};

void
limber_schedule_init_always (LimberSchedule *schedule)
{
  g_return_if_fail (schedule != NULL);

  schedule->days = ALL_DAYS;
  schedule->start_minute = 0;
  schedule->end_minute = MINUTES_PER_DAY;
}

gboolean
limber_schedule_is_always (const LimberSchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, TRUE);

  return (schedule->days & ALL_DAYS) == ALL_DAYS &&
         schedule->start_minute == 0 && schedule->end_minute == MINUTES_PER_DAY;
}

/* ---- Parsing ------------------------------------------------------------- */

static int
find_day (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (day_names); i++)
    if (g_ascii_strcasecmp (name, day_names[i].short_name) == 0 ||
        g_ascii_strcasecmp (name, day_names[i].long_name) == 0)
      return (int) i;
  return -1;
}

gboolean
limber_schedule_parse_days (LimberSchedule *schedule,
                            const char     *text,
                            GError        **error)
{
  g_auto(GStrv) items = NULL;
  guint8 days = 0;
  guint n_items;

  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  items = g_strsplit (text, ";", -1);
  n_items = g_strv_length (items);
  /* "mon;tue;" is how GKeyFile itself writes a list: one trailing ";" is
   * not an empty day. */
  if (n_items > 1 && *g_strstrip (items[n_items - 1]) == '\0')
    {
      g_clear_pointer (&items[n_items - 1], g_free);
      n_items--;
    }

  if (n_items == 0 || (n_items == 1 && *g_strstrip (items[0]) == '\0'))
    {
      g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                           "no day given (use mon, tue, wed, thu, fri, sat or sun, "
                           "separated by “;”)");
      return FALSE;
    }

  for (guint i = 0; i < n_items; i++)
    {
      const char *item = g_strstrip (items[i]);
      int day;

      /* "mon;;fri" is most likely a day deleted by mistake; guessing what
       * was meant could make Limber active on the wrong days. */
      if (*item == '\0')
        {
          g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                       "“%s” has an empty day (item %u)", text, i + 1);
          return FALSE;
        }

      day = find_day (item);
      if (day < 0)
        {
          g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a day (use mon, tue, wed, thu, fri, sat or sun, "
                       "or the full names)", item);
          return FALSE;
        }
      days |= 1u << day;
    }

  schedule->days = days;
  return TRUE;
}

/* "H:MM" or "HH:MM", 00:00 to 24:00. */
static gboolean
parse_time_of_day (const char *text,
                   guint      *out_minute)
{
  gsize len = strlen (text);
  guint hour, minute;

  if ((len != 4 && len != 5) || text[len - 3] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[len - 2]) ||
      !g_ascii_isdigit (text[len - 1]) || (len == 5 && !g_ascii_isdigit (text[1])))
    return FALSE;

  hour = g_ascii_digit_value (text[0]);
  if (len == 5)
    hour = hour * 10 + g_ascii_digit_value (text[1]);
  minute = g_ascii_digit_value (text[len - 2]) * 10 + g_ascii_digit_value (text[len - 1]);

  if (minute > 59 || hour > 24 || (hour == 24 && minute != 0))
    return FALSE;

  *out_minute = hour * 60 + minute;
  return TRUE;
}

gboolean
limber_schedule_parse_hours (LimberSchedule *schedule,
                             const char     *text,
                             GError        **error)
{
  g_auto(GStrv) parts = NULL;
  const char *start_text, *end_text;
  guint start, end;

  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parts = g_strsplit (text, "-", -1);
  if (parts[0] == NULL || (parts[1] == NULL && *g_strstrip (parts[0]) == '\0'))
    {
      g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                           "no hours given (use e.g. 08:30-18:00)");
      return FALSE;
    }
  if (g_strv_length (parts) != 2 || *g_strstrip (parts[0]) == '\0' ||
      *g_strstrip (parts[1]) == '\0')
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a range of hours (use e.g. 08:30-18:00)", text);
      return FALSE;
    }

  start_text = g_strstrip (parts[0]);
  end_text = g_strstrip (parts[1]);
  if (!parse_time_of_day (start_text, &start))
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a time of day (use 00:00 to 23:59)", start_text);
      return FALSE;
    }
  if (start == MINUTES_PER_DAY)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "“%s” cannot start the hours (use 00:00 to 23:59)", start_text);
      return FALSE;
    }
  if (!parse_time_of_day (end_text, &end))
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a time of day (use 00:00 to 24:00)", end_text);
      return FALSE;
    }
  /* "00:00-00:00" and "09:00-09:00" could mean no time or all day; both
   * readings surprise someone, so neither is guessed. */
  if (start == end)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "“%s” starts and ends at the same time (for all day, use 00:00-24:00)",
                   text);
      return FALSE;
    }

  schedule->start_minute = start;
  /* "22:00-00:00" ends at the midnight that closes the day. */
  schedule->end_minute = end == 0 ? MINUTES_PER_DAY : end;
  return TRUE;
}

/* ---- Local time ------------------------------------------------------------
 *
 * Times are Unix seconds. A "wall" time is the local date and clock time
 * counted as seconds since 1970-01-01 00:00 local, i.e. the instant plus the
 * zone's UTC offset at that instant. The schedule is written in wall time,
 * and wall time is not monotonic: it skips forward an hour in spring and
 * repeats one in autumn. */

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

static gint64
offset_at (GTimeZone *zone,
           gint64     instant)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, instant);

  return g_time_zone_get_offset (zone, interval);
}

static gint64
wall_at (GTimeZone *zone,
         gint64     instant)
{
  return instant + offset_at (zone, instant);
}

/* The first instant whose wall time is @wall or later. A wall time that
 * occurs twice (autumn) gives its first occurrence; one that does not occur
 * (spring: 02:30 when clocks go from 02:00 to 03:00) gives the moment the
 * clock jumps past it, shown as 03:00. So a boundary always comes the first
 * time a clock on the wall reads it or a later time. */
static gint64
first_instant_at_or_after (GTimeZone *zone,
                           gint64     wall)
{
  /* Every instant that can show @wall lies within MAX_ZONE_OFFSET of it;
   * sampling both ends of that span (and the middle) finds the offsets in
   * force there, as real zones change offset at most once in 30 hours. */
  gint64 offsets[] = {
    offset_at (zone, wall - MAX_ZONE_OFFSET),
    0,
    offset_at (zone, wall + MAX_ZONE_OFFSET),
  };
  gint64 best = G_MAXINT64;
  gint64 lo = G_MAXINT64, hi = G_MININT64;

  /* Nearly always: one offset all around, and one instant shows @wall. */
  if (offsets[0] == offsets[2])
    return wall - offsets[0];
  offsets[1] = offset_at (zone, wall);

  for (gsize i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      gint64 candidate = wall - offsets[i];

      if (offset_at (zone, candidate) == offsets[i])
        best = MIN (best, candidate);
      lo = MIN (lo, candidate);
      hi = MAX (hi, candidate);
    }
  if (best != G_MAXINT64)
    return best;

  /* In a gap: the instants from lo to hi show wall times that skip over
   * @wall; find where the clock jumps past it. */
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (wall_at (zone, mid) >= wall)
        hi = mid;
      else
        lo = mid + 1;
    }
  return hi;
}

static gboolean
day_is_listed (const LimberSchedule *schedule,
               gint64                local_day)
{
  /* 1970-01-01 was a Thursday: day 3 counting from Monday = 0. */
  gint64 weekday = ((local_day + 3) % 7 + 7) % 7;

  return (schedule->days & (1u << weekday)) != 0;
}

/* The active span that starts on @local_day (days since 1970-01-01 local),
 * as instants [*start, *end); FALSE when that day is not listed. */
static gboolean
span_of_day (const LimberSchedule *schedule,
             GTimeZone            *zone,
             gint64                local_day,
             gint64               *start,
             gint64               *end)
{
  gint64 midnight = local_day * SECONDS_PER_DAY;
  guint end_minute = schedule->end_minute;

  if (!day_is_listed (schedule, local_day))
    return FALSE;

  /* A night span belongs to the day it starts on and ends the next day. */
  if (end_minute <= schedule->start_minute)
    end_minute += MINUTES_PER_DAY;

  *start = first_instant_at_or_after (zone, midnight + schedule->start_minute * 60);
  *end = first_instant_at_or_after (zone, midnight + (gint64) end_minute * 60);
  return TRUE;
}

static gint64
local_day_of (GTimeZone *zone,
              gint64     instant)
{
  return floor_div (wall_at (zone, instant), SECONDS_PER_DAY);
}

/* Clocks never go back by more than this (the largest DST shift is 2 h). */
#define MAX_CLOCK_SETBACK (3 * 60 * 60)

static gboolean
is_active_at (const LimberSchedule *schedule,
              GTimeZone            *zone,
              gint64                instant)
{
  gint64 wall = wall_at (zone, instant);
  gint64 today = floor_div (wall, SECONDS_PER_DAY);
  gint64 first_day = today, last_day = today;

  /* Only yesterday's span can run into today, and only when the hours
   * cross midnight. Tomorrow's matters only where the clock goes back
   * across midnight (some zones change at 00:00), so that today's last
   * hour is shown again after tomorrow has begun. Spans that cannot
   * contain @instant are not worked out: this runs for every check. */
  if (schedule->end_minute <= schedule->start_minute)
    first_day = today - 1;
  if ((today + 1) * SECONDS_PER_DAY - wall <= MAX_CLOCK_SETBACK)
    last_day = today + 1;

  for (gint64 day = first_day; day <= last_day; day++)
    {
      gint64 start, end;

      if (span_of_day (schedule, zone, day, &start, &end) && start <= instant && instant < end)
        return TRUE;
    }
  return FALSE;
}

gboolean
limber_schedule_is_active (const LimberSchedule *schedule,
                           GDateTime            *when)
{
  g_return_val_if_fail (schedule != NULL, TRUE);
  g_return_val_if_fail (when != NULL, TRUE);

  if (limber_schedule_is_always (schedule))
    return TRUE;

  return is_active_at (schedule, g_date_time_get_timezone (when), g_date_time_to_unix (when));
}

GDateTime *
limber_schedule_next_change (const LimberSchedule *schedule,
                             GDateTime            *when)
{
  GTimeZone *zone;
  gint64 now, today;
  gboolean active_now;

  g_return_val_if_fail (schedule != NULL, NULL);
  g_return_val_if_fail (when != NULL, NULL);

  if (limber_schedule_is_always (schedule) || (schedule->days & ALL_DAYS) == 0)
    return NULL;

  zone = g_date_time_get_timezone (when);
  /* Whole seconds: a change is never between two seconds, and "after
   * @when" then means the next edge strictly after this second. */
  now = g_date_time_to_unix (when);
  today = local_day_of (zone, now);
  active_now = is_active_at (schedule, zone, now);

  /* is_active() can only change at the start or end of a day's span, and
   * taken day by day these edges come in time order (a boundary is the
   * first instant the clock reads a time or later, which never goes back
   * as the time goes on). The first edge after now where activity differs
   * is the answer; edges where it does not (one span ending as the next
   * begins, e.g. 00:00-24:00 on consecutive days) are passed over. */
  for (gint64 day = today - 1; day <= today + SEARCH_DAYS; day++)
    {
      gint64 edges[2];

      if (!span_of_day (schedule, zone, day, &edges[0], &edges[1]))
        continue;

      for (gsize i = 0; i < G_N_ELEMENTS (edges); i++)
        if (edges[i] > now && is_active_at (schedule, zone, edges[i]) != active_now)
          {
            g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (edges[i]);

            return g_date_time_to_timezone (utc, zone);
          }
    }

  /* Not reached for real zones (see SEARCH_DAYS); a safe answer rather
   * than a longer search. */
  return NULL;
}
