/* The adaptive rule for backends that can only ask for the idle time
 * (X11 MIT-SCREEN-SAVER, org.freedesktop.ScreenSaver) instead of being
 * told. Pure: the backend reads the idle time, hands it over with the time
 * it read it, reports what this returns and asks again after the delay.
 *
 * While the user is active, after reading idle X the next query comes at
 * threshold - X: the first moment idle could reach the threshold, never on
 * a fixed tick. Once idle was reported nothing predicts the return, so
 * re-checks back off from 2 s to at most 30 s: someone who has just
 * stepped away often comes straight back, and the longer the absence the
 * less a few seconds of lateness matter. An hour away costs ~125 queries
 * instead of 3,600, and a return is seen within 30 s. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMBER_IDLE_QUERY_FIRST_RECHECK (2 * G_USEC_PER_SEC)
#define LIMBER_IDLE_QUERY_MAX_RECHECK   (30 * G_USEC_PER_SEC)

typedef enum {
  LIMBER_IDLE_QUERY_NOTHING,
  LIMBER_IDLE_QUERY_WENT_IDLE,   /* emit "idle" with idle_since */
  LIMBER_IDLE_QUERY_CAME_BACK,   /* emit "active" */
} LimberIdleQueryChange;

typedef struct {
  gint64   threshold;    /* µs */
  gboolean idle;         /* idle reported, return not yet seen */
  gint64   idle_since;   /* µs on the caller's clock, while idle */
  gint64   recheck;      /* the next back-off step while idle */
  guint64  queries;      /* how many readings so far */
} LimberIdleQuery;

void limber_idle_query_init (LimberIdleQuery *query,
                             gint64           threshold);

/* Takes the idle time @idle read at @now (both µs). Sets *change to what
 * the backend must report (a return and a new absence can both show in one
 * reading: then CAME_BACK is returned and the next reading reports the
 * absence) and returns the delay until the next query (µs, > 0). */
gint64 limber_idle_query_update (LimberIdleQuery       *query,
                                 gint64                 now,
                                 gint64                 idle,
                                 LimberIdleQueryChange *change);

G_END_DECLS
