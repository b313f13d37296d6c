#include "limber-idle-query.h"

/* Idle counters and our clock differ by rounding and by the latency of
 * the query. A return is only believed when the input came clearly after
 * the idle began; a real return leaves a gap of about the threshold. */
#define RETURN_TOLERANCE (1 * G_USEC_PER_SEC)

/* A counter that lags or stands still just below the threshold must not
 * make the backend spin. */
#define MIN_DELAY (250 * G_TIME_SPAN_MILLISECOND)

void
limber_idle_query_init (LimberIdleQuery *query,
                        gint64           threshold)
{
  query->threshold = threshold;
  query->idle = FALSE;
  query->idle_since = -1;
  query->recheck = LIMBER_IDLE_QUERY_FIRST_RECHECK;
  query->queries = 0;
}

gint64
limber_idle_query_update (LimberIdleQuery       *query,
                          gint64                 now,
                          gint64                 idle,
                          LimberIdleQueryChange *change)
{
  gint64 tolerance = MIN (RETURN_TOLERANCE, query->threshold / 2);

  query->queries++;
  *change = LIMBER_IDLE_QUERY_NOTHING;

  if (query->idle)
    {
      /* Without input idle keeps growing from idle_since; any input since
       * then leaves it smaller than that. */
      if (idle + tolerance < now - query->idle_since)
        {
          query->idle = FALSE;
          *change = LIMBER_IDLE_QUERY_CAME_BACK;
          /* If they left again for the threshold since, the next reading,
           * right away, reports that new absence. */
          return MAX (query->threshold - idle, MIN_DELAY);
        }
      else
        {
          gint64 delay = query->recheck;

          query->recheck = MIN (query->recheck * 2, LIMBER_IDLE_QUERY_MAX_RECHECK);
          return delay;
        }
    }

  if (idle >= query->threshold)
    {
      query->idle = TRUE;
      query->idle_since = now - idle;
      query->recheck = MIN (LIMBER_IDLE_QUERY_FIRST_RECHECK * 2, LIMBER_IDLE_QUERY_MAX_RECHECK);
      *change = LIMBER_IDLE_QUERY_WENT_IDLE;
      return LIMBER_IDLE_QUERY_FIRST_RECHECK;
    }

  return MAX (query->threshold - idle, MIN_DELAY);
}
