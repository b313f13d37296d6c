/* The schedule: the days and hours in which Limber is active
 * ([schedule] days= and hours= in limber.conf). Outside them Limber tracks
 * nothing and prompts nothing. Pure functions of local time, so they are
 * unit tested with fixed dates and time zones (DST included). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint8 days;          /* bit 0 = Monday ... bit 6 = Sunday; all set: every day */
  guint  start_minute;  /* minutes after local midnight, 0..1439 */
  guint  end_minute;    /* 1..1440; end < start means the hours cross midnight */
} LimberSchedule;

/* Every day, all day. */
void limber_schedule_init_always (LimberSchedule *schedule);
gboolean limber_schedule_is_always (const LimberSchedule *schedule);

/* "mon;tue;wed;thu;fri" (also full names, any case). Errors name the bad
 * item (LIMBER_ERROR_INVALID_ARGUMENT). */
gboolean limber_schedule_parse_days  (LimberSchedule *schedule,
                                      const char     *text,
                                      GError        **error);
/* "08:30-18:00"; "22:00-02:00" crosses midnight (it belongs to the day it
 * starts on). Errors name the bad text. */
gboolean limber_schedule_parse_hours (LimberSchedule *schedule,
                                      const char     *text,
                                      GError        **error);

/* Is Limber active at @when (any time zone; local rules of its zone)? */
gboolean limber_schedule_is_active (const LimberSchedule *schedule,
                                    GDateTime            *when);

/* The next moment after @when at which is_active() changes; NULL when it
 * never does (always active, or never active). */
GDateTime *limber_schedule_next_change (const LimberSchedule *schedule,
                                        GDateTime            *when);

G_END_DECLS
