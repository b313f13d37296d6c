/* [schedule] days= and hours=: parsing, and when Limber is active, with
 * fixed dates in real time zones so that DST days (23 and 25 hours long)
 * are covered. The dates are in 2026: Europe/Berlin springs forward on
 * Sunday 29 March (02:00 -> 03:00) and falls back on Sunday 25 October
 * (03:00 -> 02:00); America/New_York on Sunday 8 March and Sunday
 * 1 November (both at 02:00). */
#include <glib.h>

#include "limber-error.h"
#include "limber-schedule.h"

#define MON (1u << 0)
#define TUE (1u << 1)
#define WED (1u << 2)
#define THU (1u << 3)
#define FRI (1u << 4)
#define SAT (1u << 5)
#define SUN (1u << 6)

/* The zones' rules for 2026 as POSIX TZ strings (the last line of each
 * tzdata file), for machines without tzdata, so that the DST cases are
 * never skipped and never silently test UTC. */
static const struct {
  const char *identifier;
  const char *rules;
} posix_rules[] = {
  { "Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3" },
  { "America/New_York", "EST5EDT,M3.2.0,M11.1.0" },
  { "America/Santiago", "<-04>4<-03>,M9.1.6/24,M4.1.6/24" },
  { "Australia/Lord_Howe", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0" },
  { "UTC", "UTC0" },
};

static GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  for (gsize i = 0; tz == NULL && i < G_N_ELEMENTS (posix_rules); i++)
    if (g_str_equal (identifier, posix_rules[i].identifier))
      {
        g_test_message ("%s is not installed (tzdata); using %s", identifier,
                        posix_rules[i].rules);
        tz = g_time_zone_new_identifier (posix_rules[i].rules);
      }
  if (tz == NULL)
    g_error ("time zone %s is not available", identifier);
  return tz;
}

/* An ISO 8601 time with its offset, e.g. "2026-03-09T08:30:00+01:00": the
 * offset says which of two equal wall times is meant. */
static GDateTime *
at (const char *zone_id,
    const char *iso)
{
  g_autoptr(GTimeZone) tz = zone (zone_id);
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (parsed);
  return g_date_time_to_timezone (parsed, tz);
}

static LimberSchedule
make_schedule (const char *days,
               const char *hours)
{
  g_autoptr(GError) error = NULL;
  LimberSchedule schedule;

  limber_schedule_init_always (&schedule);
  if (days != NULL)
    limber_schedule_parse_days (&schedule, days, &error);
  g_assert_no_error (error);
  if (hours != NULL)
    limber_schedule_parse_hours (&schedule, hours, &error);
  g_assert_no_error (error);
  return schedule;
}

static void
assert_active (const LimberSchedule *schedule,
               const char           *zone_id,
               const char           *iso,
               gboolean              expected)
{
  g_autoptr(GDateTime) when = at (zone_id, iso);

  if (limber_schedule_is_active (schedule, when) != expected)
    g_error ("%s in %s: expected %s", iso, zone_id, expected ? "active" : "inactive");
}

static void
assert_next_change (const LimberSchedule *schedule,
                    const char           *zone_id,
                    const char           *iso,
                    const char           *expected)
{
  g_autoptr(GDateTime) when = at (zone_id, iso);
  g_autoptr(GDateTime) change = limber_schedule_next_change (schedule, when);
  g_autofree char *shown = NULL;

  if (expected == NULL)
    {
      g_assert_null (change);
      return;
    }
  g_assert_nonnull (change);
  /* Compared as text so that the offset, i.e. the zone's rules, is checked
   * along with the wall time. */
  shown = g_date_time_format (change, "%Y-%m-%dT%H:%M:%S%:z");
  g_assert_cmpstr (shown, ==, expected);
}

/* ---- Parsing --------------------------------------------------------------- */

static void
test_init_always (void)
{
  LimberSchedule schedule;

  limber_schedule_init_always (&schedule);
  g_assert_cmpuint (schedule.days, ==, 0x7f);
  g_assert_cmpuint (schedule.start_minute, ==, 0);
  g_assert_cmpuint (schedule.end_minute, ==, 1440);
  g_assert_true (limber_schedule_is_always (&schedule));
}

static void
test_parse_days (void)
{
  static const struct {
    const char *text;
    guint8      days;
  } cases[] = {
    { "mon;tue;wed;thu;fri", MON | TUE | WED | THU | FRI },
    { "Monday; TUESDAY ;sun", MON | TUE | SUN },
    { "  sat ; sunday ", SAT | SUN },
    { "sat;sun;", SAT | SUN },   /* GKeyFile's own list style */
    { "wed;Wed;wednesday", WED },
    { "sun;sat;fri;thu;wed;tue;mon", 0x7f },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      LimberSchedule schedule;

      limber_schedule_init_always (&schedule);
      g_assert_true (limber_schedule_parse_days (&schedule, cases[i].text, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (schedule.days, ==, cases[i].days);
      /* days= leaves the hours alone */
      g_assert_cmpuint (schedule.start_minute, ==, 0);
      g_assert_cmpuint (schedule.end_minute, ==, 1440);
    }
}

static void
test_parse_days_bad (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "no day given (use mon, tue, wed, thu, fri, sat or sun, separated by “;”)" },
    { "  ", "no day given (use mon, tue, wed, thu, fri, sat or sun, separated by “;”)" },
    { ";", "no day given (use mon, tue, wed, thu, fri, sat or sun, separated by “;”)" },
    { "mon;funday", "“funday” is not a day (use mon, tue, wed, thu, fri, sat or sun, "
                    "or the full names)" },
    { "mo", "“mo” is not a day (use mon, tue, wed, thu, fri, sat or sun, or the full names)" },
    { "mon,tue", "“mon,tue” is not a day (use mon, tue, wed, thu, fri, sat or sun, "
                 "or the full names)" },
    { "mon;;fri", "“mon;;fri” has an empty day (item 2)" },
    { ";mon", "“;mon” has an empty day (item 1)" },
    { "mon; ;fri", "“mon; ;fri” has an empty day (item 2)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      LimberSchedule schedule = make_schedule ("sat", "09:00-10:00");

      g_assert_false (limber_schedule_parse_days (&schedule, cases[i].text, &error));
      g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      /* A failed parse changes nothing. */
      g_assert_cmpuint (schedule.days, ==, SAT);
      g_assert_cmpuint (schedule.start_minute, ==, 9 * 60);
      g_assert_cmpuint (schedule.end_minute, ==, 10 * 60);
    }
}

static void
test_parse_hours (void)
{
  static const struct {
    const char *text;
    guint       start;
    guint       end;
  } cases[] = {
    { "08:30-18:00", 8 * 60 + 30, 18 * 60 },
    { "8:30 - 18:00", 8 * 60 + 30, 18 * 60 },
    { "22:00-02:00", 22 * 60, 2 * 60 },      /* crosses midnight */
    { "22:00-00:00", 22 * 60, 24 * 60 },     /* until the day's end */
    { "22:00-24:00", 22 * 60, 24 * 60 },
    { "00:00-24:00", 0, 24 * 60 },
    { "23:59-00:01", 23 * 60 + 59, 1 },
    { "00:00-00:01", 0, 1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      LimberSchedule schedule;

      limber_schedule_init_always (&schedule);
      g_assert_true (limber_schedule_parse_hours (&schedule, cases[i].text, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (schedule.start_minute, ==, cases[i].start);
      g_assert_cmpuint (schedule.end_minute, ==, cases[i].end);
      g_assert_cmpuint (schedule.days, ==, 0x7f);
    }

  {
    LimberSchedule all_day = make_schedule (NULL, "00:00-24:00");
    LimberSchedule weekdays_all_day = make_schedule ("mon;tue;wed;thu;fri", "00:00-24:00");

    g_assert_true (limber_schedule_is_always (&all_day));
    g_assert_false (limber_schedule_is_always (&weekdays_all_day));
  }
}

static void
test_parse_hours_bad (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "", "no hours given (use e.g. 08:30-18:00)" },
    { " ", "no hours given (use e.g. 08:30-18:00)" },
    { "08:30", "“08:30” is not a range of hours (use e.g. 08:30-18:00)" },
    { "08:30-18:00-19:00", "“08:30-18:00-19:00” is not a range of hours (use e.g. 08:30-18:00)" },
    { "-18:00", "“-18:00” is not a range of hours (use e.g. 08:30-18:00)" },
    { "08:30-", "“08:30-” is not a range of hours (use e.g. 08:30-18:00)" },
    { "08:30–18:00", "“08:30–18:00” is not a range of hours (use e.g. 08:30-18:00)" }, /* en dash */
    { "8-18", "“8” is not a time of day (use 00:00 to 23:59)" },
    { "8.30-18:00", "“8.30” is not a time of day (use 00:00 to 23:59)" },
    { "08:3-18:00", "“08:3” is not a time of day (use 00:00 to 23:59)" },
    { "008:30-18:00", "“008:30” is not a time of day (use 00:00 to 23:59)" },
    { "25:00-26:00", "“25:00” is not a time of day (use 00:00 to 23:59)" },
    { "08:60-09:00", "“08:60” is not a time of day (use 00:00 to 23:59)" },
    { "8am-5pm", "“8am” is not a time of day (use 00:00 to 23:59)" },
    { "24:00-08:00", "“24:00” cannot start the hours (use 00:00 to 23:59)" },
    { "08:30-24:01", "“24:01” is not a time of day (use 00:00 to 24:00)" },
    { "08:30-18:0O", "“18:0O” is not a time of day (use 00:00 to 24:00)" },
    { "08:00-08:00", "“08:00-08:00” starts and ends at the same time "
                     "(for all day, use 00:00-24:00)" },
    { "00:00-00:00", "“00:00-00:00” starts and ends at the same time "
                     "(for all day, use 00:00-24:00)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      LimberSchedule schedule = make_schedule ("sat", "09:00-10:00");

      g_assert_false (limber_schedule_parse_hours (&schedule, cases[i].text, &error));
      g_assert_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpuint (schedule.days, ==, SAT);
      g_assert_cmpuint (schedule.start_minute, ==, 9 * 60);
      g_assert_cmpuint (schedule.end_minute, ==, 10 * 60);
    }
}

/* ---- When Limber is active ------------------------------------------------- */

#define BERLIN "Europe/Berlin"
#define NEW_YORK "America/New_York"

static void
test_always (void)
{
  LimberSchedule schedule = make_schedule (NULL, NULL);

  assert_active (&schedule, BERLIN, "2026-03-29T02:30:00+01:00", TRUE);
  assert_active (&schedule, NEW_YORK, "2026-07-04T12:00:00-04:00", TRUE);
  assert_next_change (&schedule, BERLIN, "2026-03-09T10:00:00+01:00", NULL);
  assert_next_change (&schedule, NEW_YORK, "2026-11-01T01:30:00-04:00", NULL);
}

static void
test_never (void)
{
  LimberSchedule schedule = make_schedule (NULL, "09:00-17:00");

  /* The parser never gives this, but a caller could build it. */
  schedule.days = 0;
  assert_active (&schedule, BERLIN, "2026-03-09T10:00:00+01:00", FALSE);
  assert_next_change (&schedule, BERLIN, "2026-03-09T10:00:00+01:00", NULL);
}

static void
test_weekdays (void)
{
  LimberSchedule schedule = make_schedule ("mon;tue;wed;thu;fri", "08:30-18:00");

  /* 9 March 2026 is a Monday. */
  assert_active (&schedule, BERLIN, "2026-03-09T10:00:00+01:00", TRUE);
  assert_active (&schedule, BERLIN, "2026-03-13T17:00:00+01:00", TRUE);   /* Friday */
  assert_active (&schedule, BERLIN, "2026-03-14T10:00:00+01:00", FALSE);  /* Saturday */
  assert_active (&schedule, BERLIN, "2026-03-15T10:00:00+01:00", FALSE);  /* Sunday */
  assert_active (&schedule, BERLIN, "2026-03-09T07:00:00+01:00", FALSE);
  assert_active (&schedule, BERLIN, "2026-03-09T20:00:00+01:00", FALSE);

  /* Edges: the start belongs to the hours, the end does not. */
  assert_active (&schedule, BERLIN, "2026-03-09T08:29:59+01:00", FALSE);
  assert_active (&schedule, BERLIN, "2026-03-09T08:30:00+01:00", TRUE);
  assert_active (&schedule, BERLIN, "2026-03-09T17:59:59+01:00", TRUE);
  assert_active (&schedule, BERLIN, "2026-03-09T18:00:00+01:00", FALSE);

  assert_next_change (&schedule, BERLIN, "2026-03-09T07:00:00+01:00", "2026-03-09T08:30:00+01:00");
  /* "After": at a change, the next one is the one after it. */
  assert_next_change (&schedule, BERLIN, "2026-03-09T08:30:00+01:00", "2026-03-09T18:00:00+01:00");
  assert_next_change (&schedule, BERLIN, "2026-03-09T18:00:00+01:00", "2026-03-10T08:30:00+01:00");
  /* Over the weekend. */
  assert_next_change (&schedule, BERLIN, "2026-03-13T18:00:00+01:00", "2026-03-16T08:30:00+01:00");
  assert_next_change (&schedule, BERLIN, "2026-03-14T12:00:00+01:00", "2026-03-16T08:30:00+01:00");
  assert_next_change (&schedule, BERLIN, "2026-03-15T23:59:59+01:00", "2026-03-16T08:30:00+01:00");
}

static void
test_spell_crosses_end (void)
{
  LimberSchedule schedule = make_schedule ("mon;tue;wed;thu;fri", "08:30-18:00");
  g_autoptr(GDateTime) spell_start = at (BERLIN, "2026-03-09T17:15:00+01:00");
  g_autoptr(GDateTime) due = g_date_time_add_minutes (spell_start, 45);

  /* A 45-minute spell that starts at 17:15 would fall due at 18:00 sharp,
   * when Limber is already off: the daemon must stop at the end of hours,
   * which is what next_change says. */
  g_assert_true (limber_schedule_is_active (&schedule, spell_start));
  g_assert_false (limber_schedule_is_active (&schedule, due));
  assert_next_change (&schedule, BERLIN, "2026-03-09T17:15:00+01:00", "2026-03-09T18:00:00+01:00");
  /* Fractions of a second before the end still end there. */
  {
    g_autoptr(GDateTime) almost = g_date_time_add_seconds (due, -0.25);
    g_autoptr(GDateTime) change = limber_schedule_next_change (&schedule, almost);

    g_assert_true (limber_schedule_is_active (&schedule, almost));
    g_assert_true (g_date_time_equal (change, due));
  }
}

static void
test_crossing_midnight (void)
{
  LimberSchedule monday_night = make_schedule ("mon", "22:00-02:00");
  LimberSchedule two_nights = make_schedule ("mon;tue", "22:00-02:00");

  /* A night range belongs to the day it starts on: Monday's runs into
   * Tuesday, and Tuesday's own night is off because tue is not listed. */
  assert_active (&monday_night, BERLIN, "2026-03-09T21:59:59+01:00", FALSE);
  assert_active (&monday_night, BERLIN, "2026-03-09T22:00:00+01:00", TRUE);
  assert_active (&monday_night, BERLIN, "2026-03-09T23:00:00+01:00", TRUE);
  assert_active (&monday_night, BERLIN, "2026-03-10T00:00:00+01:00", TRUE);
  assert_active (&monday_night, BERLIN, "2026-03-10T01:00:00+01:00", TRUE);
  assert_active (&monday_night, BERLIN, "2026-03-10T02:00:00+01:00", FALSE);
  assert_active (&monday_night, BERLIN, "2026-03-10T23:00:00+01:00", FALSE);
  /* Early Monday is Sunday's night, and sun is not listed. */
  assert_active (&monday_night, BERLIN, "2026-03-09T01:00:00+01:00", FALSE);

  assert_next_change (&monday_night, BERLIN, "2026-03-09T21:00:00+01:00", "2026-03-09T22:00:00+01:00");
  assert_next_change (&monday_night, BERLIN, "2026-03-09T23:00:00+01:00", "2026-03-10T02:00:00+01:00");
  assert_next_change (&monday_night, BERLIN, "2026-03-10T01:00:00+01:00", "2026-03-10T02:00:00+01:00");
  assert_next_change (&monday_night, BERLIN, "2026-03-08T23:00:00+01:00", "2026-03-09T22:00:00+01:00");
  /* The longest wait there is: almost a week. */
  assert_next_change (&monday_night, BERLIN, "2026-03-10T02:00:00+01:00", "2026-03-16T22:00:00+01:00");

  assert_active (&two_nights, BERLIN, "2026-03-10T01:00:00+01:00", TRUE);
  assert_active (&two_nights, BERLIN, "2026-03-10T12:00:00+01:00", FALSE);
  assert_active (&two_nights, BERLIN, "2026-03-10T23:00:00+01:00", TRUE);
  assert_active (&two_nights, BERLIN, "2026-03-11T01:00:00+01:00", TRUE);
  assert_active (&two_nights, BERLIN, "2026-03-11T23:00:00+01:00", FALSE);
  assert_next_change (&two_nights, BERLIN, "2026-03-10T12:00:00+01:00", "2026-03-10T22:00:00+01:00");
  assert_next_change (&two_nights, BERLIN, "2026-03-10T23:00:00+01:00", "2026-03-11T02:00:00+01:00");
}

static void
test_until_midnight (void)
{
  LimberSchedule evenings = make_schedule ("fri", "18:00-00:00");
  LimberSchedule weekend = make_schedule ("sat;sun", "00:00-24:00");

  /* 00:00 as the end is the midnight that ends the day, not a night range. */
  assert_active (&evenings, BERLIN, "2026-03-13T23:59:59+01:00", TRUE);
  assert_active (&evenings, BERLIN, "2026-03-14T00:00:00+01:00", FALSE);
  assert_next_change (&evenings, BERLIN, "2026-03-13T20:00:00+01:00", "2026-03-14T00:00:00+01:00");

  /* Saturday's end and Sunday's start are one instant: no change there. */
  assert_active (&weekend, BERLIN, "2026-03-14T00:00:00+01:00", TRUE);
  assert_active (&weekend, BERLIN, "2026-03-15T00:00:00+01:00", TRUE);
  assert_active (&weekend, BERLIN, "2026-03-16T00:00:00+01:00", FALSE);
  assert_next_change (&weekend, BERLIN, "2026-03-14T12:00:00+01:00", "2026-03-16T00:00:00+01:00");
  assert_next_change (&weekend, BERLIN, "2026-03-16T00:00:00+01:00", "2026-03-21T00:00:00+01:00");
}

static void
test_zone_of_when (void)
{
  LimberSchedule schedule = make_schedule ("mon;tue;wed;thu;fri", "09:00-17:00");

  /* One instant, 15:00 UTC on a Monday: 16:00 in Berlin (in hours) and
   * 11:00 in New York (in hours); 18:00 UTC is out of Berlin's hours but
   * in New York's. The rules are those of @when's own zone. */
  assert_active (&schedule, BERLIN, "2026-01-12T15:00:00Z", TRUE);
  assert_active (&schedule, NEW_YORK, "2026-01-12T15:00:00Z", TRUE);
  assert_active (&schedule, BERLIN, "2026-01-12T18:00:00Z", FALSE);
  assert_active (&schedule, NEW_YORK, "2026-01-12T18:00:00Z", TRUE);
  assert_next_change (&schedule, NEW_YORK, "2026-01-12T18:00:00Z", "2026-01-12T17:00:00-05:00");
}

/* ---- DST ------------------------------------------------------------------- */

static void
test_dst_berlin_spring (void)
{
  LimberSchedule office = make_schedule (NULL, "08:30-18:00");
  LimberSchedule gap_start = make_schedule (NULL, "02:30-04:00");
  LimberSchedule gap_end = make_schedule (NULL, "01:00-02:30");
  LimberSchedule gap_night = make_schedule ("sat", "22:00-02:30");

  /* A 23-hour day: the offset in the answer moves from +01:00 to +02:00. */
  assert_next_change (&office, BERLIN, "2026-03-28T19:00:00+01:00", "2026-03-29T08:30:00+02:00");
  assert_next_change (&office, BERLIN, "2026-03-29T08:30:00+02:00", "2026-03-29T18:00:00+02:00");
  assert_active (&office, BERLIN, "2026-03-29T08:29:59+02:00", FALSE);
  assert_active (&office, BERLIN, "2026-03-29T08:30:00+02:00", TRUE);

  /* 02:30 does not exist on 29 March: clocks go from 01:59:59 to 03:00.
   * A start there begins when the clock jumps past it, shown as 03:00. */
  assert_active (&gap_start, BERLIN, "2026-03-29T01:59:59+01:00", FALSE);
  assert_active (&gap_start, BERLIN, "2026-03-29T03:00:00+02:00", TRUE);
  assert_next_change (&gap_start, BERLIN, "2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00");
  assert_next_change (&gap_start, BERLIN, "2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00");
  /* The days around it are normal. */
  assert_next_change (&gap_start, BERLIN, "2026-03-28T01:00:00+01:00", "2026-03-28T02:30:00+01:00");
  assert_next_change (&gap_start, BERLIN, "2026-03-29T12:00:00+02:00", "2026-03-30T02:30:00+02:00");

  /* An end that does not exist ends at the jump as well. */
  assert_active (&gap_end, BERLIN, "2026-03-29T01:59:59+01:00", TRUE);
  assert_active (&gap_end, BERLIN, "2026-03-29T03:00:00+02:00", FALSE);
  assert_next_change (&gap_end, BERLIN, "2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00");
  assert_next_change (&gap_night, BERLIN, "2026-03-28T23:00:00+01:00", "2026-03-29T03:00:00+02:00");
}

static void
test_dst_berlin_autumn (void)
{
  LimberSchedule office = make_schedule (NULL, "08:30-18:00");
  LimberSchedule late = make_schedule (NULL, "08:00-02:30");
  LimberSchedule early = make_schedule (NULL, "02:30-07:00");

  /* A 25-hour day. */
  assert_next_change (&office, BERLIN, "2026-10-24T18:00:00+02:00", "2026-10-25T08:30:00+01:00");
  assert_next_change (&office, BERLIN, "2026-10-25T08:30:00+01:00", "2026-10-25T18:00:00+01:00");

  /* 02:30 happens twice on 25 October (+02:00, then +01:00). A boundary is
   * the first time the clock reads it: the hours end at the first 02:30 and
   * do not come back when the clock shows 02:15 again... */
  assert_next_change (&late, BERLIN, "2026-10-24T23:00:00+02:00", "2026-10-25T02:30:00+02:00");
  assert_active (&late, BERLIN, "2026-10-25T02:29:59+02:00", TRUE);
  assert_active (&late, BERLIN, "2026-10-25T02:30:00+02:00", FALSE);
  assert_active (&late, BERLIN, "2026-10-25T02:15:00+01:00", FALSE);
  assert_next_change (&late, BERLIN, "2026-10-25T02:15:00+01:00", "2026-10-25T08:00:00+01:00");

  /* ...and hours that start at the first 02:30 stay on through the
   * repeated hour. */
  assert_active (&early, BERLIN, "2026-10-25T02:29:59+02:00", FALSE);
  assert_active (&early, BERLIN, "2026-10-25T02:30:00+02:00", TRUE);
  assert_active (&early, BERLIN, "2026-10-25T02:15:00+01:00", TRUE);
  assert_next_change (&early, BERLIN, "2026-10-25T01:00:00+02:00", "2026-10-25T02:30:00+02:00");
  assert_next_change (&early, BERLIN, "2026-10-25T02:15:00+01:00", "2026-10-25T07:00:00+01:00");
}

static void
test_dst_new_york (void)
{
  LimberSchedule office = make_schedule ("mon;tue;wed;thu;fri", "09:00-17:00");
  LimberSchedule saturday_night = make_schedule ("sat", "22:00-02:30");
  LimberSchedule small_hours = make_schedule (NULL, "01:30-06:00");

  /* Weekends that contain the change. */
  assert_next_change (&office, NEW_YORK, "2026-03-06T17:00:00-05:00", "2026-03-09T09:00:00-04:00");
  assert_next_change (&office, NEW_YORK, "2026-10-30T17:00:00-04:00", "2026-11-02T09:00:00-05:00");
  assert_active (&office, NEW_YORK, "2026-03-09T08:59:59-04:00", FALSE);
  assert_active (&office, NEW_YORK, "2026-03-09T09:00:00-04:00", TRUE);

  /* 8 March: 02:00 -> 03:00, so Saturday night's 02:30 end comes at 03:00. */
  assert_active (&saturday_night, NEW_YORK, "2026-03-08T01:59:59-05:00", TRUE);
  assert_next_change (&saturday_night, NEW_YORK, "2026-03-07T23:00:00-05:00",
                      "2026-03-08T03:00:00-04:00");
  /* 1 November: 01:30 happens twice; the hours start at the first. */
  assert_next_change (&small_hours, NEW_YORK, "2026-11-01T00:00:00-04:00", "2026-11-01T01:30:00-04:00");
  assert_active (&small_hours, NEW_YORK, "2026-11-01T01:15:00-05:00", TRUE);
  assert_next_change (&small_hours, NEW_YORK, "2026-11-01T01:15:00-05:00", "2026-11-01T06:00:00-05:00");
}

static void
test_dst_hours_vanish (void)
{
  LimberSchedule sunday_early = make_schedule ("sun", "00:00-00:30");

  /* Chile springs forward at midnight: on Sunday 6 September 2026 the
   * clock goes from Saturday 23:59:59 to Sunday 01:00, so that Sunday has
   * no 00:00-00:30 at all, and the next change is a week later. */
  assert_active (&sunday_early, "America/Santiago", "2026-08-30T00:15:00-04:00", TRUE);
  assert_active (&sunday_early, "America/Santiago", "2026-09-06T01:00:00-03:00", FALSE);
  assert_next_change (&sunday_early, "America/Santiago", "2026-08-30T00:30:00-04:00",
                      "2026-09-13T00:00:00-03:00");
  /* Chile falls back at midnight too: Saturday 4 April 2026 23:00-24:00
   * happens twice, and Sunday starts when the clock first reads 00:00. */
  assert_active (&sunday_early, "America/Santiago", "2026-04-04T23:30:00-04:00", FALSE);
  assert_next_change (&sunday_early, "America/Santiago", "2026-04-04T23:30:00-03:00",
                      "2026-04-05T00:00:00-04:00");
}

/* Walks a whole year change by change, in zones with ordinary DST, DST at
 * midnight (Santiago) and a 30-minute DST shift (Lord Howe), and checks what
 * next_change() promises: the answer is later, activity differs there and
 * not one second before, and it holds at every sample in between. */
static void
test_walk_year (void)
{
  static const char *const zones[] = {
    BERLIN, NEW_YORK, "America/Santiago", "Australia/Lord_Howe", "UTC",
  };
  static const char *const schedules[][2] = {
    { "mon;tue;wed;thu;fri", "08:30-18:00" },
    { "mon", "22:00-02:00" },
    { NULL, "02:30-03:00" },
    { NULL, "23:30-00:15" },
    { "sat;sun", "00:00-24:00" },
    { "sun", "00:00-00:30" },
  };

  for (gsize z = 0; z < G_N_ELEMENTS (zones); z++)
    for (gsize s = 0; s < G_N_ELEMENTS (schedules); s++)
      {
        LimberSchedule schedule = make_schedule (schedules[s][0], schedules[s][1]);
        g_autoptr(GTimeZone) tz = zone (zones[z]);
        g_autoptr(GDateTime) when = g_date_time_new (tz, 2026, 1, 1, 0, 0, 0);
        g_autoptr(GDateTime) end = g_date_time_new (tz, 2027, 1, 1, 0, 0, 0);
        guint changes = 0;
        /* A skipped change would hide a whole active span or a whole gap
         * between two, so sampling a little more often than the shorter of
         * the two finds it. DST can shorten either by an hour. */
        guint span = (schedule.end_minute + 1440 - schedule.start_minute) % 1440;
        guint shortest = MIN (span == 0 ? 1440 : span, 1440 - span);
        GTimeSpan step = MAX ((gint64) shortest - 61, 29) * G_TIME_SPAN_MINUTE;

        while (g_date_time_compare (when, end) < 0)
          {
            gboolean active = limber_schedule_is_active (&schedule, when);
            g_autoptr(GDateTime) change = limber_schedule_next_change (&schedule, when);
            g_autoptr(GDateTime) before = NULL;

            if (change == NULL)
              {
                g_autofree char *shown = g_date_time_format_iso8601 (when);
                g_error ("%s %s in %s: no change after %s",
                         schedules[s][0] ? schedules[s][0] : "every day", schedules[s][1],
                         zones[z], shown);
              }
            g_assert_cmpint (g_date_time_compare (change, when), >, 0);
            /* A week of wall time, which DST can stretch by an hour, or
             * two when one day's hours vanish in a DST gap. */
            g_assert_cmpint (g_date_time_difference (change, when), <=,
                             14 * G_TIME_SPAN_DAY + G_TIME_SPAN_HOUR);
            g_assert_cmpint (limber_schedule_is_active (&schedule, change), !=, active);
            before = g_date_time_add_seconds (change, -1);
            g_assert_cmpint (limber_schedule_is_active (&schedule, before), ==, active);
            /* Samples in between: no change was skipped. */
            for (GTimeSpan t = step; t < g_date_time_difference (change, when); t += step)
              {
                g_autoptr(GDateTime) sample = g_date_time_add (when, t);

                if (limber_schedule_is_active (&schedule, sample) != active)
                  {
                    g_autofree char *shown = g_date_time_format_iso8601 (sample);
                    g_error ("%s %s in %s: activity changes at %s, before the "
                             "reported next change",
                             schedules[s][0] ? schedules[s][0] : "every day",
                             schedules[s][1], zones[z], shown);
                  }
              }

            g_date_time_unref (when);
            when = g_steal_pointer (&change);
            changes++;
          }
        /* A start and an end in (nearly) every one of 52 weeks. */
        g_assert_cmpuint (changes, >=, 2 * 52 - 2);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schedule/init-always", test_init_always);
  g_test_add_func ("/schedule/parse/days", test_parse_days);
  g_test_add_func ("/schedule/parse/days-bad", test_parse_days_bad);
  g_test_add_func ("/schedule/parse/hours", test_parse_hours);
  g_test_add_func ("/schedule/parse/hours-bad", test_parse_hours_bad);
  g_test_add_func ("/schedule/always", test_always);
  g_test_add_func ("/schedule/never", test_never);
  g_test_add_func ("/schedule/weekdays", test_weekdays);
  g_test_add_func ("/schedule/spell-crosses-end", test_spell_crosses_end);
  g_test_add_func ("/schedule/crossing-midnight", test_crossing_midnight);
  g_test_add_func ("/schedule/until-midnight", test_until_midnight);
  g_test_add_func ("/schedule/zone-of-when", test_zone_of_when);
  g_test_add_func ("/schedule/dst/berlin-spring", test_dst_berlin_spring);
  g_test_add_func ("/schedule/dst/berlin-autumn", test_dst_berlin_autumn);
  g_test_add_func ("/schedule/dst/new-york", test_dst_new_york);
  g_test_add_func ("/schedule/dst/hours-vanish", test_dst_hours_vanish);
  g_test_add_func ("/schedule/walk-year", test_walk_year);

  return g_test_run ();
}
