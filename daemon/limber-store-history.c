/* The store's answers about the past: counts, days, streaks, the raw
 * events and the hosts. Every question is one query over a range of an
 * index (see the migrations in limber-store.c for which index serves
 * which question); local days are worked out here, in C, from GLib's view
 * of the time zone at the moment of the question. */
#include "limber-store.h"
#include "limber-store-private.h"

#include <string.h>

#include "limber-error.h"

/* The events that make a day's counts; skipped and dismissed both mean
 * "declined" to the user. */
static const struct {
  const char *kind;
  gsize       offset;
} day_counts[] = {
  { LIMBER_EVENT_COMPLETED, G_STRUCT_OFFSET (LimberDay, completed) },
  { LIMBER_EVENT_SNOOZED,   G_STRUCT_OFFSET (LimberDay, snoozed) },
  { LIMBER_EVENT_SKIPPED,   G_STRUCT_OFFSET (LimberDay, skipped) },
  { LIMBER_EVENT_DISMISSED, G_STRUCT_OFFSET (LimberDay, skipped) },
  { LIMBER_EVENT_NATURAL,   G_STRUCT_OFFSET (LimberDay, natural) },
};

guint
limber_store_count_events (LimberStore *self,
                           const char  *kind,
                           gint64       from_ts,
                           gint64       to_ts)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count;

  g_return_val_if_fail (LIMBER_IS_STORE (self), 0);
  g_return_val_if_fail (kind != NULL, 0);

  /* One range of the events(kind, ts) index, counted without reading a row. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT COUNT(*) FROM events "
                          "WHERE kind = ?1 AND ts >= ?2 AND ts < ?3",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      limber_store_warn (self, "Could not count events");
      return 0;
    }
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, from_ts);
  sqlite3_bind_int64 (stmt, 3, to_ts);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      limber_store_warn (self, "Could not count events");
      return 0;
    }
  count = (guint) CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);

  /* The daemon counts today's stretches against the goal with this: a
   * stretch the user did while the disk was full still happened. */
  for (guint i = 0; i < self->pending->len; i++)
    {
      const LimberPendingRecord *record = &g_array_index (self->pending, LimberPendingRecord, i);

      if (record->type == LIMBER_PENDING_EVENT &&
          record->ts >= from_ts && record->ts < to_ts &&
          strcmp (record->kind, kind) == 0 &&
          count < G_MAXUINT)
        count++;
    }

  return count;
}

/* How far back latest_per_stretch() looks. */
#define RECENT_DAYS 90

GHashTable *
limber_store_latest_per_stretch (LimberStore *self,
                                 const char  *kind)
{
  g_autoptr(GHashTable) latest = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);

  latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Runs each time a stretch is suggested, in limberd's main loop, so it
   * looks back RECENT_DAYS from the newest such event, not over years of
   * history (hundreds of ms on a 10-year database): a stretch not seen in
   * that long is as good as never seen for the rotation. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT stretch, MAX(ts) FROM events "
                          "WHERE kind = ?1 AND stretch IS NOT NULL "
                          "AND ts >= (SELECT MAX(ts) FROM events WHERE kind = ?1) - ?2 "
                          "GROUP BY stretch",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      limber_store_warn (self, "Could not read the latest events per stretch");
      return g_steal_pointer (&latest);
    }
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, (gint64) RECENT_DAYS * 24 * 60 * 60);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *ts = g_new (gint64, 1);

      *ts = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (latest,
                           g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           ts);
    }

  /* Only used to vary the suggestions, so an answer that stops short is
   * still better than none. */
  if (rc != SQLITE_DONE)
    limber_store_warn (self, "Could not read the completed stretches");

  return g_steal_pointer (&latest);
}

char *
limber_store_last_suggested (LimberStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT stretch FROM events WHERE kind = ?1 "
                          "ORDER BY ts DESC, id DESC LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      limber_store_warn (self, "Could not read the last suggestion");
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, LIMBER_EVENT_DUE, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    limber_store_warn (self, "Could not read the last suggestion");
  return NULL;
}

/* The local calendar date of @ts in @tz. */
static gboolean
local_date (GTimeZone *tz,
            gint64     ts,
            GDate     *out_date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ts);
  g_autoptr(GDateTime) local = NULL;
  int year, month, day;

  if (utc != NULL)
    local = g_date_time_to_timezone (utc, tz);
  if (local == NULL)
    return FALSE;

  g_date_time_get_ymd (local, &year, &month, &day);
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* The Unix time at which @date starts in @tz. Each midnight is asked of the
 * zone on its own: around a DST change a local day lasts 23 or 25 hours,
 * so stepping by 86400 would drift. (Where a zone skips midnight itself,
 * GLib moves it forward to the first time that exists.) */
static gboolean
local_midnight (GTimeZone   *tz,
                const GDate *date,
                gint64      *out_ts)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (tz,
                                                   g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date),
                                                   0, 0, 0);

  if (midnight == NULL)
    return FALSE;
  *out_ts = g_date_time_to_unix (midnight);
  return TRUE;
}

/* The day i with bounds[i] <= ts < bounds[i + 1], for a @ts in the range. */
static guint
find_day (const gint64 *bounds,
          guint         n_days,
          gint64        ts)
{
  guint low = 0, high = n_days;

  while (high - low > 1)
    {
      guint mid = low + (high - low) / 2;

      if (bounds[mid] <= ts)
        low = mid;
      else
        high = mid;
    }
  return low;
}

/* Adds the part of [start, end) that falls in each day. bounds[i] is the
 * local midnight starting day i, bounds[n_days] the one ending the last. */
static void
spread_spell (LimberDay    *days,
              const gint64 *bounds,
              guint         n_days,
              gint64        start,
              gint64        end)
{
  start = MAX (start, bounds[0]);
  end = MIN (end, bounds[n_days]);
  if (start >= end)
    return;

  for (guint i = find_day (bounds, n_days, start); i < n_days && bounds[i] < end; i++)
    {
      gint64 overlap = MIN (end, bounds[i + 1]) - MAX (start, bounds[i]);

      days[i].sitting_seconds += overlap;
      days[i].longest_sitting_seconds = MAX (days[i].longest_sitting_seconds, overlap);
    }
}

static gboolean
set_bad_date_error (GError     **error,
                    const GDate *date)
{
  g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
               "%04u-%02u-%02u is outside the dates Limber can work with",
               (guint) g_date_get_year (date), (guint) g_date_get_month (date),
               (guint) g_date_get_day (date));
  return FALSE;
}

/* Adds every stored spell that touches the range to the days: one range of
 * spells(end_ts), or spells(host, end_ts) for one host. */
static gboolean
days_add_spells (LimberStore  *self,
                 LimberDay    *day_list,
                 const gint64 *bounds,
                 guint         n_days,
                 const char   *host,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!limber_store_prepare (self, &stmt,
                             host == NULL
                             ? "SELECT start_ts, end_ts FROM spells "
                               "WHERE end_ts > ?1 AND start_ts < ?2"
                             : "SELECT start_ts, end_ts FROM spells "
                               "WHERE host = ?3 AND end_ts > ?1 AND start_ts < ?2",
                             error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bounds[0]);
  sqlite3_bind_int64 (stmt, 2, bounds[n_days]);
  if (host != NULL)
    sqlite3_bind_text (stmt, 3, host, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    spread_spell (day_list, bounds, n_days,
                  sqlite3_column_int64 (stmt, 0),
                  sqlite3_column_int64 (stmt, 1));
  if (rc != SQLITE_DONE)
    return limber_store_fail (self, error, "Could not read the sitting spells");

  return TRUE;
}

/* Counts the events of the range into their days. One query: per counted
 * kind a range of the covering events(kind, ts) index, or
 * events(host, kind, ts) for one host, so no row of the table is read. The
 * rows come in ts order within each kind, so the day found for one row is
 * nearly always right for the next. */
static gboolean
days_add_events (LimberStore  *self,
                 LimberDay    *day_list,
                 const gint64 *bounds,
                 guint         n_days,
                 const char   *host,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint day = 0;
  int rc;

  G_STATIC_ASSERT (G_N_ELEMENTS (day_counts) == 5);

  if (!limber_store_prepare (self, &stmt,
                             host == NULL
                             ? "SELECT kind, ts FROM events "
                               "WHERE kind IN (?3, ?4, ?5, ?6, ?7) "
                               "AND ts >= ?1 AND ts < ?2"
                             : "SELECT kind, ts FROM events "
                               "WHERE host = ?8 AND kind IN (?3, ?4, ?5, ?6, ?7) "
                               "AND ts >= ?1 AND ts < ?2",
                             error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bounds[0]);
  sqlite3_bind_int64 (stmt, 2, bounds[n_days]);
  for (gsize k = 0; k < G_N_ELEMENTS (day_counts); k++)
    sqlite3_bind_text (stmt, 3 + (int) k, day_counts[k].kind, -1, SQLITE_STATIC);
  if (host != NULL)
    sqlite3_bind_text (stmt, 8, host, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      gint64 ts = sqlite3_column_int64 (stmt, 1);

      if (ts < bounds[day] || ts >= bounds[day + 1])
        day = find_day (bounds, n_days, ts);

      for (gsize k = 0; k < G_N_ELEMENTS (day_counts); k++)
        {
          if (g_strcmp0 (kind, day_counts[k].kind) == 0)
            {
              G_STRUCT_MEMBER (guint, &day_list[day], day_counts[k].offset)++;
              break;
            }
        }
    }
  if (rc != SQLITE_DONE)
    return limber_store_fail (self, error, "Could not count the events");

  return TRUE;
}

GArray *
limber_store_days (LimberStore *self,
                   const GDate *from,
                   const GDate *to,
                   const char  *host,
                   gint64       now_ts,
                   gint64       open_spell_start,
                   GError     **error)
{
  g_autoptr(GArray) days = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree gint64 *bounds = NULL;
  LimberDay *day_list;
  GDate date;
  guint n_days;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_date_valid (from) || !g_date_valid (to) || g_date_compare (from, to) > 0)
    {
      g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                           "The first day of the range must be a valid date "
                           "no later than the last");
      return NULL;
    }

  n_days = g_date_get_julian (to) - g_date_get_julian (from) + 1;
  days = g_array_sized_new (FALSE, TRUE, sizeof (LimberDay), n_days);
  g_array_set_size (days, n_days);
  day_list = (LimberDay *) (void *) days->data;

  /* Read the zone now, not at start: the user may have travelled. */
  tz = g_time_zone_new_local ();

  bounds = g_new (gint64, n_days + 1);
  date = *from;
  for (guint i = 0; i <= n_days; i++)
    {
      if (!local_midnight (tz, &date, &bounds[i]))
        {
          set_bad_date_error (error, &date);
          return NULL;
        }

      if (i == n_days)
        break;

      g_snprintf (day_list[i].date, sizeof day_list[i].date, "%04u-%02u-%02u",
                  (guint) g_date_get_year (&date) % 10000,
                  (guint) g_date_get_month (&date),
                  (guint) g_date_get_day (&date));
      /* GDate goes on to year 65535; GDateTime, and so local_midnight(),
       * stops after 9999 and reports it. */
      g_date_add_days (&date, 1);
    }

  if (!days_add_spells (self, day_list, bounds, n_days, host, error))
    return NULL;

  /* The spell running now belongs to this store's host. */
  if (open_spell_start >= 0 && (host == NULL || g_strcmp0 (host, self->host) == 0))
    spread_spell (day_list, bounds, n_days, open_spell_start, now_ts);

  if (!days_add_events (self, day_list, bounds, n_days, host, error))
    return NULL;

  return g_steal_pointer (&days);
}

GArray *
limber_store_history (LimberStore *self,
                      guint        days,
                      gint64       now_ts,
                      gint64       open_spell_start,
                      GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  GDate today, first;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (days == 0)
    return g_array_new (FALSE, TRUE, sizeof (LimberDay));

  tz = g_time_zone_new_local ();
  if (!local_date (tz, now_ts, &today))
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "%" G_GINT64_FORMAT " is not a usable time", now_ts);
      return NULL;
    }
  if (g_date_get_julian (&today) <= days)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "%u days of history reach back before year 1", days);
      return NULL;
    }

  first = today;
  g_date_subtract_days (&first, days - 1);

  return limber_store_days (self, &first, &today, NULL, now_ts, open_spell_start, error);
}

void
limber_stretch_count_clear (LimberStretchCount *count)
{
  g_return_if_fail (count != NULL);

  g_clear_pointer (&count->id, g_free);
  count->completed = 0;
  count->snoozed = 0;
  count->skipped = 0;
  count->abandoned = 0;
}

static int
compare_stretch_counts (gconstpointer a,
                        gconstpointer b)
{
  const LimberStretchCount *first = a;
  const LimberStretchCount *second = b;

  if (first->completed != second->completed)
    return first->completed > second->completed ? -1 : 1;
  /* Same number done: a stable order, so that the output does not shuffle
   * from one run to the next. */
  return strcmp (first->id, second->id);
}

GArray *
limber_store_stretch_counts (LimberStore *self,
                             gint64       from_ts,
                             gint64       to_ts,
                             const char  *host,
                             GError     **error)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GHashTable) index_of = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  counts = g_array_new (FALSE, TRUE, sizeof (LimberStretchCount));
  g_array_set_clear_func (counts, (GDestroyNotify) limber_stretch_count_clear);
  /* Keys point into the array's ids, which live as long as the table. */
  index_of = g_hash_table_new (g_str_hash, g_str_equal);

  /* Every kind, not just the counted ones: a stretch that was only ever
   * suggested in the period is listed too, with nothing done. */
  if (!limber_store_prepare (self, &stmt,
                             host == NULL
                             ? "SELECT stretch, kind, COUNT(*) FROM events "
                               "WHERE ts >= ?1 AND ts < ?2 AND stretch IS NOT NULL "
                               "GROUP BY stretch, kind"
                             : "SELECT stretch, kind, COUNT(*) FROM events "
                               "WHERE host = ?3 AND ts >= ?1 AND ts < ?2 "
                               "AND stretch IS NOT NULL "
                               "GROUP BY stretch, kind",
                             error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from_ts);
  sqlite3_bind_int64 (stmt, 2, to_ts);
  if (host != NULL)
    sqlite3_bind_text (stmt, 3, host, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);
      guint n = (guint) CLAMP (sqlite3_column_int64 (stmt, 2), 0, G_MAXUINT);
      gpointer found;
      LimberStretchCount *count;

      if (id == NULL || kind == NULL)
        continue;

      if (g_hash_table_lookup_extended (index_of, id, NULL, &found))
        {
          count = &g_array_index (counts, LimberStretchCount, GPOINTER_TO_UINT (found));
        }
      else
        {
          LimberStretchCount fresh = { .id = g_strdup (id) };

          g_array_append_val (counts, fresh);
          /* Appending may move the array, but not the id strings. */
          g_hash_table_insert (index_of, fresh.id, GUINT_TO_POINTER (counts->len - 1));
          count = &g_array_index (counts, LimberStretchCount, counts->len - 1);
        }

      if (strcmp (kind, LIMBER_EVENT_COMPLETED) == 0)
        count->completed += n;
      else if (strcmp (kind, LIMBER_EVENT_SNOOZED) == 0)
        count->snoozed += n;
      else if (strcmp (kind, LIMBER_EVENT_SKIPPED) == 0 ||
               strcmp (kind, LIMBER_EVENT_DISMISSED) == 0)
        count->skipped += n;
      else if (strcmp (kind, LIMBER_EVENT_ABANDONED) == 0)
        count->abandoned += n;
    }
  if (rc != SQLITE_DONE)
    {
      limber_store_fail (self, error, "Could not count the stretches");
      return NULL;
    }

  /* The table's keys are the ids in the array: it goes before sorting. */
  g_clear_pointer (&index_of, g_hash_table_unref);
  g_array_sort (counts, compare_stretch_counts);
  return g_steal_pointer (&counts);
}

/* The walk over the days that met the goal, in date order. */
typedef struct {
  guint   goal;
  guint32 day;       /* julian day being counted; 0 before the first */
  guint   completed; /* on that day */
  guint32 run_end;   /* last julian day of the latest run; 0 when none */
  guint   run;       /* its length */
  guint   best;
} StreakWalk;

static void
streak_close_day (StreakWalk *walk)
{
  if (walk->day == 0 || walk->completed < walk->goal)
    return;

  if (walk->run > 0 && walk->run_end + 1 == walk->day)
    walk->run++;
  else
    walk->run = 1;
  walk->run_end = walk->day;
  walk->best = MAX (walk->best, walk->run);
}

gboolean
limber_store_streaks (LimberStore *self,
                      guint        goal,
                      gint64       now_ts,
                      const char  *host,
                      guint       *current,
                      guint       *best,
                      GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  StreakWalk walk = { .goal = MAX (goal, 1) };
  gint64 day_start = 0, day_end = 0;
  gint64 tomorrow_start;
  GDate today, tomorrow;
  guint32 today_julian;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_date_clear (&today, 1);
  tz = g_time_zone_new_local ();
  if (local_date (tz, now_ts, &today))
    {
      tomorrow = today;
      g_date_add_days (&tomorrow, 1);
    }
  if (!g_date_valid (&today) || !local_midnight (tz, &tomorrow, &tomorrow_start))
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_INVALID_ARGUMENT,
                   "%" G_GINT64_FORMAT " is not a usable time", now_ts);
      return FALSE;
    }
  today_julian = g_date_get_julian (&today);

  /* Only the times of the completed events, oldest first, from the
   * covering events(kind, ts) or events(host, kind, ts) index. Events
   * dated after today (a clock that was wrong) cannot extend a streak. */
  if (!limber_store_prepare (self, &stmt,
                             host == NULL
                             ? "SELECT ts FROM events "
                               "WHERE kind = ?1 AND ts < ?2 ORDER BY ts"
                             : "SELECT ts FROM events "
                               "WHERE host = ?3 AND kind = ?1 AND ts < ?2 ORDER BY ts",
                             error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, LIMBER_EVENT_COMPLETED, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, tomorrow_start);
  if (host != NULL)
    sqlite3_bind_text (stmt, 3, host, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 ts = sqlite3_column_int64 (stmt, 0);

      /* The zone is only asked when an event leaves the day before it:
       * a few thousand times for years of history. */
      if (walk.day == 0 || ts < day_start || ts >= day_end)
        {
          GDate date, next;

          streak_close_day (&walk);
          walk.completed = 0;

          if (!local_date (tz, ts, &date))
            {
              walk.day = 0;
              continue;
            }
          next = date;
          g_date_add_days (&next, 1);
          walk.day = g_date_get_julian (&date);
          if (!local_midnight (tz, &date, &day_start) ||
              !local_midnight (tz, &next, &day_end) ||
              ts < day_start || ts >= day_end)
            {
              /* A zone whose rules make no sense for this moment: count
               * the event on its date and ask again for the next one. */
              day_start = ts;
              day_end = ts + 1;
            }
        }
      walk.completed++;
    }
  if (rc != SQLITE_DONE)
    return limber_store_fail (self, error, "Could not read the completed stretches");
  streak_close_day (&walk);

  /* Today still counts as part of the streak while its goal is not met. */
  if (current != NULL)
    *current = walk.run > 0 && (walk.run_end == today_julian ||
                                walk.run_end + 1 == today_julian)
               ? walk.run : 0;
  if (best != NULL)
    *best = walk.best;
  return TRUE;
}

GArray *
limber_store_list_events (LimberStore *self,
                          gint64       since,
                          guint        limit,
                          const char  *host,
                          GError     **error)
{
  g_autoptr(GArray) events = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Sized for the usual few; a large @limit on a small log must not
   * allocate for rows that do not exist. */
  events = g_array_sized_new (FALSE, TRUE, sizeof (LimberEvent), MIN (limit, 64));
  g_array_set_clear_func (events, (GDestroyNotify) limber_event_clear);

  /* Walks events(ts), or events(host, ts), backwards: both end with the
   * id, so same-second events come newest first without a sort. */
  if (!limber_store_prepare (self, &stmt,
                             host == NULL
                             ? "SELECT ts, kind, stretch, seconds, uuid, host FROM events "
                               "WHERE ts >= ?1 ORDER BY ts DESC, id DESC LIMIT ?2"
                             : "SELECT ts, kind, stretch, seconds, uuid, host FROM events "
                               "WHERE host = ?3 AND ts >= ?1 ORDER BY ts DESC, id DESC LIMIT ?2",
                             error))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since > 0 ? since : G_MININT64);
  sqlite3_bind_int64 (stmt, 2, limit);
  if (host != NULL)
    sqlite3_bind_text (stmt, 3, host, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LimberEvent event = {
        .ts = sqlite3_column_int64 (stmt, 0),
        .kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        .stretch = g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        .seconds = sqlite3_column_int64 (stmt, 3),
        .uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 4)),
        .host = g_strdup ((const char *) sqlite3_column_text (stmt, 5)),
      };

      g_array_append_val (events, event);
    }

  if (rc != SQLITE_DONE)
    {
      limber_store_fail (self, error, "Could not read the events");
      return NULL;
    }

  return g_steal_pointer (&events);
}

char **
limber_store_list_hosts (LimberStore *self,
                         GError     **error)
{
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (LIMBER_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hosts = g_ptr_array_new_with_free_func (g_free);

  /* A DISTINCT would read every entry of the index; this hops from one
   * host to the next, one index lookup per host. */
  if (!limber_store_prepare (self, &stmt,
                             "WITH RECURSIVE"
                             " event_hosts (name) AS ("
                             "  SELECT MIN(host) FROM events"
                             "  UNION ALL"
                             "  SELECT (SELECT MIN(host) FROM events WHERE host > name)"
                             "  FROM event_hosts WHERE name IS NOT NULL),"
                             " spell_hosts (name) AS ("
                             "  SELECT MIN(host) FROM spells"
                             "  UNION ALL"
                             "  SELECT (SELECT MIN(host) FROM spells WHERE host > name)"
                             "  FROM spell_hosts WHERE name IS NOT NULL)"
                             " SELECT name FROM event_hosts WHERE name IS NOT NULL"
                             " UNION"
                             " SELECT name FROM spell_hosts WHERE name IS NOT NULL"
                             " ORDER BY name",
                             error))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (hosts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      limber_store_fail (self, error, "Could not read the hosts");
      return NULL;
    }

  g_ptr_array_add (hosts, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&hosts), FALSE);
}
