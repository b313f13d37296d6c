#include "limber-daemon.h"

#include "limber-activity-source.h"
#include "limber-build-config.h"
#include "limber-clock-watch.h"
#include "limber-config.h"
#include "limber-dnd-monitor.h"
#include "limber-error.h"
#include "limber-guide-runner.h"
#include "limber-names.h"
#include "limber-notifier.h"
#include "limber-reminder.h"
#include "limber-service.h"
#include "limber-session-monitor.h"
#include "limber-tracker.h"

#include <string.h>
#include <time.h>

/* Below this much idle a user is likely reading, not gone; past it a
 * reminder that falls due waits for their return. */
#define IDLE_HOLD_THRESHOLD (60 * G_USEC_PER_SEC)

struct _LimberDaemon {
  GObject parent_instance;

  char *config_path;
  char *catalogue_path;
  char *overrides_dir;

  LimberConfig         *config;
  LimberCatalogue      *catalogue;
  LimberStore          *store;
  LimberTracker        *tracker;
  LimberActivitySource *activity;
  char                 *backend_reason;
  LimberNotifier       *notifier;
  LimberService        *service;
  GDBusConnection      *bus;
  GDBusConnection      *system_bus; /* NULL without one */
  LimberSessionMonitor *session_monitor;
  LimberDndMonitor     *dnd_monitor;
  LimberClockWatch     *clock_watch;

  /* Wall time = tracker clock + this; see sync_wall_offset(). */
  gint64 wall_offset;

  guint wakeup_source;
  guint midnight_source;
  /* While records wait in memory for the database (disk full, read-only
   * folder): the next retry, backing off, and why the last write failed. */
  guint retry_source;
  guint retry_seconds;
  char *write_problem;
  guint schedule_source;
  gint64 schedule_change_at; /* wall seconds of the next [schedule] change; 0: none */

  /* start() ran: this process owns the bus name and may save the state. */
  gboolean started;

  /* The stretch being suggested (kept through snoozes) and the one
   * suggested last (the rotation never repeats it). */
  char *pending_stretch;
  char *last_suggested;
  /* The state restored at start had this reminder on screen: showing it
   * again is no new `due`. Only for the first prompt after start. */
  gboolean reshow_restored;

  /* The guided stretch running now (state STRETCHING); NULL when none. */
  LimberGuideRunner *guide;
};

G_DEFINE_FINAL_TYPE (LimberDaemon, limber_daemon, G_TYPE_OBJECT)

static void schedule_wakeup (LimberDaemon *self);
static void publish (LimberDaemon *self);
static void check_clocks (LimberDaemon *self);
static void schedule_midnight (LimberDaemon *self);
static void end_guide (LimberDaemon *self, gboolean completed, const char *why);
static const LimberStretch *lookup_stretch (LimberDaemon *self, const char *stretch_id, GError **error);

/* ---- clocks ------------------------------------------------------------ */

/* The tracker's clock: CLOCK_BOOTTIME keeps counting while the machine
 * sleeps (CLOCK_MONOTONIC does not), so a suspend shows as time passing,
 * and neither is moved by setting the wall clock. */
static gint64
tracker_now (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_BOOTTIME, &ts) != 0)
    return g_get_monotonic_time ();
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The wall clock can be set (NTP, time zones, by hand), so the offset
 * between it and the tracker's clock is taken again whenever it has moved
 * by more than a second; smaller differences are noise that would only
 * make the published times flicker. */
static void
sync_wall_offset (LimberDaemon *self)
{
  gint64 offset = g_get_real_time () - tracker_now ();

  if (ABS (offset - self->wall_offset) > G_USEC_PER_SEC)
    self->wall_offset = offset;
}

static gint64
wall_seconds (LimberDaemon *self,
              gint64        mono)
{
  sync_wall_offset (self);
  return (mono + self->wall_offset) / G_USEC_PER_SEC;
}

static gint64
mono_of_wall (LimberDaemon *self,
              gint64        wall)
{
  sync_wall_offset (self);
  return wall * G_USEC_PER_SEC - self->wall_offset;
}

static LimberTrackerSettings
settings_from_config (const LimberConfig *config)
{
  LimberTrackerSettings settings = {
    .interval = config->interval * G_USEC_PER_SEC,
    .natural_break = config->natural_break * G_USEC_PER_SEC,
    .snooze = config->snooze * G_USEC_PER_SEC,
    .max_snoozes = config->max_snoozes,
  };
  return settings;
}

/* ---- records ----------------------------------------------------------- */

/* The first retry of a failed write comes soon (a full disk is often
 * freed quickly), later ones less often: no busy loop on a dead disk. */
#define RETRY_FIRST_SECONDS 15
#define RETRY_MAX_SECONDS   (5 * 60)

static void wrote_or_failed (LimberDaemon *self, const GError *error);

static gboolean
on_retry_writes (gpointer user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  g_autoptr(GError) error = NULL;

  self->retry_source = 0;
  limber_store_flush_pending (self->store, &error);
  wrote_or_failed (self, error);
  return G_SOURCE_REMOVE;
}

/* After every write: says loudly what waits in memory and arms the retry,
 * or says once that all that waited is saved. */
static void
wrote_or_failed (LimberDaemon *self,
                 const GError *error)
{
  guint pending = limber_store_get_pending (self->store);
  gboolean had_problem = self->write_problem != NULL;

  if (pending == 0)
    {
      if (had_problem)
        {
          g_message ("The database can be written again: every record that waited is saved");
          g_clear_pointer (&self->write_problem, g_free);
          g_clear_handle_id (&self->retry_source, g_source_remove);
          self->retry_seconds = 0;
          publish (self);
        }
      return;
    }

  if (error != NULL)
    {
      g_warning ("Could not write to the database: %s. %u record%s kept in memory, "
                 "retried until it works", error->message, pending, pending == 1 ? "" : "s");
      g_free (self->write_problem);
      self->write_problem = g_strdup (error->message);
    }
  if (self->retry_source == 0)
    {
      self->retry_seconds = self->retry_seconds == 0 ? RETRY_FIRST_SECONDS
                                                     : MIN (self->retry_seconds * 2, RETRY_MAX_SECONDS);
      self->retry_source = g_timeout_add_seconds (self->retry_seconds, on_retry_writes, self);
    }
  if (!had_problem)
    publish (self);
}

static void
record_event (LimberDaemon *self,
              gint64        ts,
              const char   *kind,
              const char   *stretch,
              gint64        seconds)
{
  g_autoptr(GError) error = NULL;

  if (limber_store_add_event (self->store, ts, kind, stretch, seconds, &error))
    g_debug ("Event %s %s", kind, stretch ? stretch : "");
  wrote_or_failed (self, error);

  if (self->service != NULL)
    limber_dbus_limber1_emit_event (LIMBER_DBUS_LIMBER1 (self->service), ts, kind,
                                    stretch ? stretch : "", seconds);
}

static void
record_spell (LimberDaemon *self,
              gint64        start,
              gint64        end)
{
  g_autoptr(GError) error = NULL;
  gint64 start_ts = wall_seconds (self, start);
  gint64 end_ts = wall_seconds (self, end);

  if (end_ts <= start_ts)
    return;
  limber_store_add_spell (self->store, start_ts, end_ts, &error);
  wrote_or_failed (self, error);
}

/* Saved times are wall seconds, with -1 ("none") and G_MAXINT64 ("until
 * resumed") kept as they are. */
static gint64
saved_of_time (LimberDaemon *self,
               gint64        tracker_time)
{
  if (tracker_time < 0 || tracker_time == G_MAXINT64)
    return tracker_time;
  return wall_seconds (self, tracker_time);
}

static gint64
time_of_saved (LimberDaemon *self,
               gint64        saved)
{
  if (saved < 0 || saved == G_MAXINT64)
    return saved;
  return mono_of_wall (self, saved);
}

static char *
read_boot_id (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &text, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (text));
}

/* @clean: saved by an orderly shutdown. A restart after any other end
 * (a crash, SIGKILL) cannot tell when the old process died. */
static void
save_state (LimberDaemon *self,
            gboolean      clean)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *boot_id = read_boot_id ();
  LimberTrackerSnapshot snapshot;
  LimberSavedState saved = { 0 };

  limber_tracker_snapshot (self->tracker, &snapshot);
  saved.state = (char *) limber_state_to_string (snapshot.state);
  saved.spell_start = saved_of_time (self, snapshot.spell_start);
  saved.due_at = saved_of_time (self, snapshot.due_at);
  saved.paused_until = saved_of_time (self, snapshot.paused_until);
  saved.snoozes_in_row = snapshot.snoozes_in_row;
  saved.pending_stretch = self->pending_stretch;
  saved.saved_at = wall_seconds (self, tracker_now ());
  saved.boot_id = boot_id;
  saved.clean_stop = clean;

  if (!limber_store_save_state (self->store, &saved, &error))
    g_warning ("Could not save the state: %s", error->message);
}

static guint
count_completed_today (LimberDaemon *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new (g_date_time_get_timezone (now),
                                                   g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now),
                                                   0, 0, 0);
  gint64 from = g_date_time_to_unix (midnight);

  return limber_store_count_events (self->store, LIMBER_EVENT_COMPLETED, from, G_MAXINT64);
}

/* ---- reacting to the tracker ------------------------------------------- */

static const LimberStretch *
choose_stretch (LimberDaemon *self)
{
  g_autoptr(GHashTable) last_completed = limber_store_latest_per_stretch (self->store, LIMBER_EVENT_COMPLETED);
  g_autoptr(GHashTable) last_suggested = limber_store_latest_per_stretch (self->store, LIMBER_EVENT_DUE);

  return limber_catalogue_choose (self->catalogue,
                                  (const char *const *) self->config->places,
                                  self->last_suggested,
                                  last_completed, last_suggested);
}

/* The stretch's picture: its own picture= path, else pictures/<id>.svg
 * beside the catalogue (installed or in the source tree). NULL: none. */
static char *
picture_path (LimberDaemon        *self,
              const LimberStretch *stretch)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (stretch->picture != NULL)
    return g_strdup (stretch->picture);
  data_dir = g_path_get_dirname (self->catalogue_path);
  file = g_strconcat (stretch->id, ".svg", NULL);
  path = g_build_filename (data_dir, "pictures", file, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS) ? g_steal_pointer (&path) : NULL;
}

/* Shows the reminder for @stretch (again: nothing is logged here). */
static void
show_reminder (LimberDaemon        *self,
               const LimberStretch *stretch,
               gboolean             critical,
               gint64               now)
{
  gint64 since = limber_tracker_get_sitting_since (self->tracker);
  gint64 sitting = since >= 0 ? (now - since) / G_USEC_PER_SEC : 0;
  g_autofree char *title = limber_reminder_title (sitting);
  g_autofree char *markup = limber_reminder_body (stretch, TRUE);
  g_autofree char *plain = limber_reminder_body (stretch, FALSE);
  g_autofree char *snooze = limber_reminder_snooze_label (self->config->snooze);
  g_autofree char *picture = picture_path (self, stretch);
  const LimberNoticeAction actions[] = {
    { "default", "Start" },
    { "start", "Start" },
    { "done", "Done" },
    { "snooze", snooze },
    { "skip", "Skip" },
  };
  LimberNotice notice = {
    .title = title,
    .body_plain = plain,
    .body_markup = markup,
    .image_path = picture,
    .critical = critical,
    .actions = actions,
    .n_actions = G_N_ELEMENTS (actions),
  };

  /* Without buttons the user still needs to know how to answer. */
  if (!limber_notifier_server_has (self->notifier, "actions"))
    {
      g_autofree char *hint = limber_reminder_commands_hint ();
      g_autofree char *escaped = g_markup_escape_text (hint, -1);
      char *with_plain = g_strconcat (plain, "\n", hint, NULL);
      char *with_markup = g_strconcat (markup, "\n", escaped, NULL);

      g_free (plain);
      plain = with_plain;
      g_free (markup);
      markup = with_markup;
      notice.body_plain = plain;
      notice.body_markup = markup;
    }
  limber_notifier_show (self->notifier, &notice);
}

static void
prompt (LimberDaemon *self,
        gboolean      critical,
        gint64        now)
{
  const LimberStretch *stretch = NULL;

  if (self->pending_stretch != NULL)
    stretch = limber_catalogue_lookup (self->catalogue, self->pending_stretch);
  if (stretch == NULL)
    stretch = choose_stretch (self);
  if (stretch == NULL)
    {
      g_warning ("No stretch matches the places allowed in the config; "
                 "check [stretches] places");
      stretch = limber_catalogue_get_stretch (self->catalogue, 0);
    }

  g_free (self->pending_stretch);
  self->pending_stretch = g_strdup (stretch->id);
  g_free (self->last_suggested);
  self->last_suggested = g_strdup (stretch->id);

  g_info ("Suggesting %s%s", stretch->id, critical ? " (critical: snoozed too often)" : "");
  if (self->reshow_restored)
    g_info ("It was pending when limberd stopped: shown again, not logged again");
  else
    record_event (self, wall_seconds (self, now), LIMBER_EVENT_DUE, stretch->id, 0);
  self->reshow_restored = FALSE;
  if (self->notifier != NULL)
    show_reminder (self, stretch, critical, now);
}

static gboolean
break_pending (LimberDaemon *self)
{
  LimberState state = limber_tracker_get_state (self->tracker);

  return state == LIMBER_STATE_DUE || state == LIMBER_STATE_SNOOZED;
}

/* Carries out what the tracker decided, then publishes and saves. */
static void
apply (LimberDaemon        *self,
       const LimberActions *actions,
       gint64               now)
{
  if (actions->flags & LIMBER_ACTION_SPELL_ENDED)
    record_spell (self, actions->spell_start, actions->spell_end);

  if (actions->flags & LIMBER_ACTION_NATURAL_BREAK)
    {
      g_info ("Natural break");
      record_event (self, wall_seconds (self, actions->break_started), LIMBER_EVENT_NATURAL,
                    NULL, (now - actions->break_started) / G_USEC_PER_SEC);
    }

  if (actions->flags & LIMBER_ACTION_RESUMED)
    record_event (self, wall_seconds (self, now), LIMBER_EVENT_RESUMED, NULL, 0);

  if ((actions->flags & LIMBER_ACTION_WITHDRAW) && self->notifier != NULL)
    limber_notifier_withdraw (self->notifier);

  if (!break_pending (self) && limber_tracker_get_state (self->tracker) != LIMBER_STATE_QUIET)
    {
      g_clear_pointer (&self->pending_stretch, g_free);
      self->reshow_restored = FALSE;
    }

  /* A pause, off-hours or anything else that took the tracker out of
   * STRETCHING ends the guide. */
  if (self->guide != NULL && limber_tracker_get_state (self->tracker) != LIMBER_STATE_STRETCHING)
    end_guide (self, FALSE, "the stretch was interrupted");

  if (actions->flags & LIMBER_ACTION_PROMPT)
    prompt (self, actions->critical, now);

  if (actions->flags & (LIMBER_ACTION_STATE_CHANGED | LIMBER_ACTION_PROMPT))
    {
      publish (self);
      save_state (self, FALSE);
    }
  schedule_wakeup (self);
}

static gboolean
on_wakeup (gpointer user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now;
  LimberActions actions;

  self->wakeup_source = 0;
  check_clocks (self);
  now = tracker_now ();
  limber_tracker_tick (self->tracker, now, &actions);
  apply (self, &actions, now);
  return G_SOURCE_REMOVE;
}

static void
schedule_wakeup (LimberDaemon *self)
{
  gint64 wakeup = limber_tracker_get_next_wakeup (self->tracker);
  gint64 delay_ms;

  g_clear_handle_id (&self->wakeup_source, g_source_remove);
  if (wakeup == G_MAXINT64)
    return;

  /* Round up: firing a hair early would only mean a second wakeup. */
  delay_ms = (wakeup - tracker_now () + 999) / 1000;
  delay_ms = CLAMP (delay_ms, 0, (gint64) G_MAXUINT);
  self->wakeup_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) delay_ms,
                                            on_wakeup, self, NULL);
}

/* ---- publishing -------------------------------------------------------- */

static void
publish_warnings (LimberDaemon      *self,
                  LimberDBusLimber1 *iface)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  const char *recovery = limber_store_get_recovery_note (self->store);
  guint pending = limber_store_get_pending (self->store);

  if (recovery != NULL)
    g_ptr_array_add (warnings, g_strdup (recovery));
  if (pending > 0)
    g_ptr_array_add (warnings,
                     g_strdup_printf ("%u record%s could not be written to the database (%s); "
                                      "limberd keeps %s and retries",
                                      pending, pending == 1 ? "" : "s",
                                      self->write_problem ? self->write_problem : "unknown error",
                                      pending == 1 ? "it" : "them"));
  g_ptr_array_add (warnings, NULL);
  limber_dbus_limber1_set_warnings (iface, (const char *const *) warnings->pdata);
}

static void
publish (LimberDaemon *self)
{
  LimberDBusLimber1 *iface;
  gint64 since, next, paused;

  if (self->service == NULL)
    return;
  iface = LIMBER_DBUS_LIMBER1 (self->service);

  since = limber_tracker_get_sitting_since (self->tracker);
  next = limber_tracker_get_next_break_at (self->tracker);
  paused = limber_tracker_get_paused_until (self->tracker);

  limber_dbus_limber1_set_state (iface, limber_state_to_string (limber_tracker_get_state (self->tracker)));
  limber_dbus_limber1_set_sitting_since (iface, since >= 0 ? wall_seconds (self, since) : 0);
  limber_dbus_limber1_set_next_break_at (iface, next >= 0 ? wall_seconds (self, next) : 0);
  if (paused == G_MAXINT64)
    limber_dbus_limber1_set_paused_until (iface, -1);
  else if (limber_tracker_get_off_hours (self->tracker))
    {
      /* Paused by [schedule]: until the active hours begin again, or the
       * user's own pause if that ends later. */
      gint64 until = self->schedule_change_at > 0 ? self->schedule_change_at : -1;

      if (paused >= 0 && until > 0)
        until = MAX (until, wall_seconds (self, paused));
      limber_dbus_limber1_set_paused_until (iface, until);
    }
  else
    limber_dbus_limber1_set_paused_until (iface, paused >= 0 ? wall_seconds (self, paused) : 0);
  limber_dbus_limber1_set_pending_stretch (iface, self->pending_stretch ? self->pending_stretch : "");
  if (self->guide != NULL && limber_guide_runner_get_phase (self->guide) != NULL)
    {
      const LimberGuidePhase *phase = limber_guide_runner_get_phase (self->guide);
      g_autofree char *text = g_strdup_printf ("%s: %s (phase %u of %u)",
                                               limber_guide_runner_get_stretch_id (self->guide),
                                               phase->status,
                                               limber_guide_runner_get_index (self->guide) + 1,
                                               limber_guide_runner_get_n_phases (self->guide));

      limber_dbus_limber1_set_phase (iface, text);
    }
  else
    limber_dbus_limber1_set_phase (iface, "");
  limber_dbus_limber1_set_snooze_count (iface, limber_tracker_get_snooze_count (self->tracker));
  limber_dbus_limber1_set_completed_today (iface, count_completed_today (self));
  limber_dbus_limber1_set_daily_goal (iface, self->config->daily_goal);
  limber_dbus_limber1_set_interval (iface, self->config->interval);
  limber_dbus_limber1_set_snooze_seconds (iface, self->config->snooze);
  limber_dbus_limber1_set_backend (iface, self->activity ? limber_activity_source_get_name (self->activity) : "");
  limber_dbus_limber1_set_backend_reason (iface, self->backend_reason ? self->backend_reason : "");
  publish_warnings (self, iface);
}

static gboolean
on_midnight (gpointer user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);

  self->midnight_source = 0;
  publish (self); /* CompletedToday starts again from zero */
  schedule_midnight (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_midnight (LimberDaemon *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) midnight = g_date_time_new (g_date_time_get_timezone (tomorrow),
                                                   g_date_time_get_year (tomorrow),
                                                   g_date_time_get_month (tomorrow),
                                                   g_date_time_get_day_of_month (tomorrow),
                                                   0, 0, 1);
  gint64 seconds = g_date_time_to_unix (midnight) - g_date_time_to_unix (now);

  g_clear_handle_id (&self->midnight_source, g_source_remove);
  self->midnight_source = g_timeout_add_seconds ((guint) MAX (seconds, 1), on_midnight, self);
}

/* ---- activity ---------------------------------------------------------- */

static void
on_idle (LimberActivitySource *source,
         gint64                idle_since,
         gpointer              user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now, idle_for;
  LimberActions actions;

  check_clocks (self);
  now = tracker_now ();
  /* Backends speak CLOCK_MONOTONIC (GLib's); the tracker runs on
   * CLOCK_BOOTTIME. Only the length of the idle carries over. */
  idle_for = MAX (g_get_monotonic_time () - idle_since, 0);
  g_debug ("Idle for %" G_GINT64_FORMAT " s", idle_for / G_USEC_PER_SEC);
  limber_tracker_idle (self->tracker, now, now - idle_for, &actions);
  apply (self, &actions, now);
}

static void
on_active (LimberActivitySource *source,
           gpointer              user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now;
  LimberActions actions;

  check_clocks (self);
  now = tracker_now ();
  g_debug ("Active again");
  limber_tracker_active (self->tracker, now, &actions);
  apply (self, &actions, now);
}

static void
start_activity (LimberDaemon *self)
{
  g_autoptr(GError) error = NULL;
  gint64 threshold = MIN (self->config->natural_break * G_USEC_PER_SEC, IDLE_HOLD_THRESHOLD);

  if (self->activity != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->activity, self);
      limber_activity_source_stop (self->activity);
      g_clear_object (&self->activity);
    }
  g_clear_pointer (&self->backend_reason, g_free);

  self->activity = limber_activity_source_choose (self->config->backend, self->bus,
                                                  &self->backend_reason);
  g_message ("Activity backend: %s (%s)", limber_activity_source_get_name (self->activity),
             self->backend_reason);
  g_signal_connect (self->activity, "idle", G_CALLBACK (on_idle), self);
  g_signal_connect (self->activity, "active", G_CALLBACK (on_active), self);
  if (!limber_activity_source_start (self->activity, self->bus, threshold, &error))
    g_warning ("Could not start the %s activity backend: %s",
               limber_activity_source_get_name (self->activity), error->message);
  publish (self);
}

/* ---- lock, sleep, do-not-disturb, schedule ----------------------------- */

static void
on_locked (LimberSessionMonitor *monitor,
           gboolean              locked,
           gpointer              user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now = tracker_now ();
  LimberActions actions;

  g_info ("Screen %s", locked ? "locked" : "unlocked");
  if (locked)
    limber_tracker_lock (self->tracker, now, &actions);
  else
    limber_tracker_unlock (self->tracker, now, &actions);
  apply (self, &actions, now);
}

static void
on_sleeping (LimberSessionMonitor *monitor,
             gpointer              user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now = tracker_now ();
  LimberActions actions;

  g_info ("The machine is going to sleep");
  if (self->guide != NULL)
    end_guide (self, FALSE, "the computer went to sleep");
  limber_tracker_sleep (self->tracker, now, &actions);
  apply (self, &actions, now);
  /* Written before the sleep: a machine that never wakes up (battery,
   * power cut) still has the truth on disk. */
  save_state (self, FALSE);
}

static void update_schedule (LimberDaemon *self);

static void
on_woke (LimberSessionMonitor *monitor,
         gint64                slept,
         gpointer              user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now = tracker_now ();
  LimberActions actions;

  /* The tracker measures the sleep on its own clock (CLOCK_BOOTTIME) from
   * when it was told. A sleep noticed only afterwards (no logind: the gap
   * between CLOCK_BOOTTIME and CLOCK_MONOTONIC) was told at the wake, so
   * its start is set back by the measured length. */
  if (slept >= 0)
    {
      g_info ("Woke up after %" G_GINT64_FORMAT " s asleep", slept / G_USEC_PER_SEC);
      limber_tracker_sleep (self->tracker, now - slept, &actions);
      apply (self, &actions, now);
    }
  else
    g_info ("Woke up");
  limber_tracker_wake (self->tracker, now, &actions);
  actions.flags |= LIMBER_ACTION_STATE_CHANGED; /* published times moved */
  apply (self, &actions, now);
  /* Timers run on CLOCK_MONOTONIC, which stood still while asleep. */
  schedule_midnight (self);
  update_schedule (self);
}

/* Notices a suspend logind did not announce (no logind, or a missed
 * signal) from the gap between CLOCK_BOOTTIME and CLOCK_MONOTONIC; called
 * whenever limberd wakes anyway, so it costs no wakeup of its own. */
static void
check_clocks (LimberDaemon *self)
{
  if (self->session_monitor != NULL)
    limber_session_monitor_check_clocks (self->session_monitor);
}

static void
on_quiet_changed (LimberDndMonitor *monitor,
                  GParamSpec       *pspec,
                  gpointer          user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gboolean quiet = limber_dnd_monitor_get_quiet (monitor);
  gint64 now = tracker_now ();
  LimberActions actions;

  if (quiet)
    g_info ("Do not disturb (%s): reminders wait", limber_dnd_monitor_get_reason (monitor));
  else
    g_info ("Do not disturb is over");
  limber_tracker_set_quiet (self->tracker, now, quiet, &actions);
  actions.flags |= LIMBER_ACTION_STATE_CHANGED;
  apply (self, &actions, now);
}

/* The wall clock was set: sitting time does not change (the tracker runs
 * on CLOCK_BOOTTIME), but the wall times published for it do, and so may
 * the hours of [schedule]. */
static void
on_clock_changed (LimberClockWatch *watch,
                  gpointer          user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);

  g_info ("The wall clock was set; publishing times again");
  sync_wall_offset (self);
  publish (self);
  update_schedule (self);
  schedule_midnight (self);
}

static gboolean
on_schedule_change (gpointer user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);

  self->schedule_source = 0;
  check_clocks (self);
  update_schedule (self);
  return G_SOURCE_REMOVE;
}

/* Applies [schedule]: tells the tracker whether this is off-hours and
 * arms one timer for the next change (the wall clock decides hours, so it
 * is worked out again after a sleep or a change of time zone). */
static void
update_schedule (LimberDaemon *self)
{
  const LimberSchedule *schedule = &self->config->schedule;
  g_autoptr(GDateTime) now_local = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next = NULL;
  gint64 now = tracker_now ();
  gboolean off = !limber_schedule_is_active (schedule, now_local);
  LimberActions actions;

  g_clear_handle_id (&self->schedule_source, g_source_remove);
  if (off != limber_tracker_get_off_hours (self->tracker))
    g_info ("%s the active hours of [schedule]", off ? "Outside" : "Within");
  limber_tracker_set_off_hours (self->tracker, now, off, &actions);
  apply (self, &actions, now);

  next = limber_schedule_next_change (schedule, now_local);
  self->schedule_change_at = next != NULL ? g_date_time_to_unix (next) : 0;
  if (next != NULL)
    {
      gint64 seconds = g_date_time_to_unix (next) - g_date_time_to_unix (now_local);

      self->schedule_source = g_timeout_add_seconds ((guint) CLAMP (seconds, 1, G_MAXUINT32),
                                                     on_schedule_change, self);
    }
}

/* ---- notifier ---------------------------------------------------------- */

static void
on_notification_action (LimberNotifier *notifier,
                        const char     *action,
                        gpointer        user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *logged = NULL;
  gboolean ok = TRUE;

  if (g_strcmp0 (action, "default") == 0 || g_strcmp0 (action, "start") == 0)
    ok = (logged = limber_daemon_start_guide (self, "", &error)) != NULL;
  else if (g_strcmp0 (action, "stop") == 0)
    ok = limber_daemon_skip (self, &error);
  else if (g_strcmp0 (action, "done") == 0)
    ok = (logged = limber_daemon_done (self, "", &error)) != NULL;
  else if (g_strcmp0 (action, "snooze") == 0)
    ok = limber_daemon_snooze (self, -1, &error);
  else if (g_strcmp0 (action, "skip") == 0)
    ok = limber_daemon_skip (self, &error);
  else
    g_debug ("Ignoring notification action “%s”", action);

  if (!ok)
    g_warning ("Notification action “%s” failed: %s", action, error->message);
}

/* The user declined the pending break, with Skip (@kind `skipped`) or by
 * closing the reminder (`dismissed`). */
static gboolean
decline (LimberDaemon *self,
         const char   *kind,
         GError      **error)
{
  gint64 now = tracker_now ();
  g_autofree char *stretch = g_strdup (self->pending_stretch);
  LimberActions actions;

  if (!limber_tracker_skip (self->tracker, now, &actions))
    {
      g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_NOTHING_PENDING,
                           "No break is pending, so there is nothing to skip");
      return FALSE;
    }
  record_event (self, wall_seconds (self, now), kind, stretch, 0);
  apply (self, &actions, now);
  return TRUE;
}

static void
on_notification_dismissed (LimberNotifier *notifier,
                           gpointer        user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);

  if (self->guide != NULL)
    {
      end_guide (self, FALSE, "the notification was closed");
      return;
    }
  if (self->config->dismiss == LIMBER_DISMISS_SNOOZE)
    {
      g_info ("The reminder was closed: snoozed, as [notifications] dismiss=snooze asks");
      limber_daemon_snooze (self, -1, NULL);
    }
  else
    decline (self, LIMBER_EVENT_DISMISSED, NULL);
}

static void
on_notification_expired (LimberNotifier *notifier,
                         gpointer        user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now = tracker_now ();
  LimberActions actions;

  /* The guide goes on; its next phase is shown as a new notification. */
  if (self->guide != NULL)
    return;
  g_info ("The reminder expired unanswered; it comes back in %" G_GINT64_FORMAT " s",
          self->config->snooze);
  limber_tracker_expire (self->tracker, now, &actions);
  apply (self, &actions, now);
}

static void show_guide_phase (LimberDaemon *self);

/* A notification server came (back) after a notice was lost with the old
 * one or could not be shown: show what should be on screen, logging
 * nothing again. */
static void
on_notification_server_returned (LimberNotifier *notifier,
                                 gpointer        user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  const LimberStretch *stretch = NULL;

  if (self->guide != NULL)
    {
      show_guide_phase (self);
      return;
    }
  if (!limber_tracker_is_prompting (self->tracker) || self->pending_stretch == NULL)
    return;
  stretch = limber_catalogue_lookup (self->catalogue, self->pending_stretch);
  if (stretch != NULL)
    show_reminder (self, stretch,
                   limber_tracker_get_snooze_count (self->tracker) >= self->config->max_snoozes,
                   tracker_now ());
}

/* ---- the guided stretch ------------------------------------------------ */

static const char *
phase_sound (const LimberGuidePhase *phase)
{
  /* Soft sounds of the freedesktop sound theme. */
  return phase->kind == LIMBER_GUIDE_HOLD ? "message-new-instant" : "dialog-information";
}

static void
show_guide_phase (LimberDaemon *self)
{
  const LimberGuidePhase *phase = limber_guide_runner_get_phase (self->guide);
  const LimberStretch *stretch = limber_catalogue_lookup (self->catalogue,
                                                          limber_guide_runner_get_stretch_id (self->guide));
  g_autofree char *picture = stretch != NULL ? picture_path (self, stretch) : NULL;
  g_autofree char *body = NULL;
  g_autofree char *markup = NULL;
  const LimberNoticeAction actions[] = {
    { "stop", "Stop" },
  };
  LimberNotice notice = { 0 };

  if (phase == NULL || self->notifier == NULL)
    return;
  /* Without a Stop button, say how to stop. */
  if (!limber_notifier_server_has (self->notifier, "actions"))
    body = g_strconcat (phase->body, "\n(limberctl skip stops the guide)", NULL);
  else
    body = g_strdup (phase->body);
  markup = g_markup_escape_text (body, -1);
  notice.title = phase->title;
  notice.body_plain = body;
  notice.body_markup = markup;
  notice.image_path = picture;
  notice.sound_name = phase_sound (phase);
  notice.suppress_sound = !self->config->sound;
  notice.stay = TRUE;
  notice.transient = TRUE;
  notice.actions = actions;
  notice.n_actions = G_N_ELEMENTS (actions);
  limber_notifier_show (self->notifier, &notice);
}

static void
on_guide_phase (LimberGuideRunner *runner,
                gpointer           user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  const LimberGuidePhase *phase = limber_guide_runner_get_phase (runner);

  g_info ("Guide: %s — %s", phase->title, phase->status);
  show_guide_phase (self);
  publish (self);
}

static void
on_guide_finished (LimberGuideRunner *runner,
                   gpointer           user_data)
{
  end_guide (LIMBER_DAEMON (user_data), TRUE, NULL);
}

/* Ends the running guide: logs `completed` (or `abandoned`, saying @why)
 * with the seconds it took, tells the user, and starts sitting again. */
static void
end_guide (LimberDaemon *self,
           gboolean      completed,
           const char   *why)
{
  g_autoptr(LimberGuideRunner) guide = g_steal_pointer (&self->guide);
  gint64 now = tracker_now ();
  const char *id;
  guint elapsed;
  LimberActions actions;

  if (guide == NULL)
    return;
  limber_guide_runner_stop (guide);
  g_signal_handlers_disconnect_by_data (guide, self);
  id = limber_guide_runner_get_stretch_id (guide);
  elapsed = limber_guide_runner_get_elapsed (guide);

  if (completed)
    g_info ("Guided %s completed in %u s", id, elapsed);
  else
    g_info ("Guided %s abandoned after %u s: %s", id, elapsed, why);
  record_event (self, wall_seconds (self, now),
                completed ? LIMBER_EVENT_COMPLETED : LIMBER_EVENT_ABANDONED, id, elapsed);

  /* The runner's own copy of the name: a reload may have dropped the
   * stretch from the catalogue meanwhile. */
  if (self->notifier != NULL)
    {
      g_autofree char *title = limber_guide_finished_title (limber_guide_runner_get_stretch_name (guide),
                                                            completed);
      g_autofree char *body = limber_guide_finished_body (completed, elapsed,
                                                          count_completed_today (self),
                                                          self->config->daily_goal);
      LimberNotice notice = {
        .title = title,
        .body_plain = body,
        .sound_name = completed ? "complete" : NULL,
        .suppress_sound = !self->config->sound,
        .transient = TRUE,
        .let_go = TRUE,
      };

      limber_notifier_show (self->notifier, &notice);
    }

  if (limber_tracker_finish_stretch (self->tracker, now, &actions))
    {
      actions.flags |= LIMBER_ACTION_STATE_CHANGED;
      apply (self, &actions, now);
    }
  else
    {
      /* Already out of STRETCHING (paused, off-hours): CompletedToday and
       * Phase still changed. */
      publish (self);
      save_state (self, FALSE);
    }
}

/* Why no stretch can start now: the user's pause, or the [schedule]. */
static void
set_paused_error (LimberDaemon *self,
                  GError      **error)
{
  if (limber_tracker_get_off_hours (self->tracker) &&
      limber_tracker_get_paused_until (self->tracker) == -1)
    g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_FAILED,
                         "It is outside the hours set in [schedule] of limber.conf; "
                         "Limber suggests no stretches now");
  else
    g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_FAILED,
                         "Limber is paused; resume it first (limberctl resume)");
}

static gboolean
refuse_during_guide (LimberDaemon *self,
                     const char   *what,
                     GError      **error)
{
  if (self->guide == NULL)
    return FALSE;
  g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_FAILED,
               "A guided stretch is running: %s (limberctl done finishes it, limberctl skip stops it)",
               what);
  return TRUE;
}

char *
limber_daemon_start_guide (LimberDaemon *self,
                           const char   *stretch_id,
                           GError      **error)
{
  gint64 now = tracker_now ();
  const LimberStretch *stretch = NULL;
  LimberActions actions;

  if (refuse_during_guide (self, "wait until it ends", error))
    return NULL;

  if (stretch_id != NULL && *stretch_id != '\0')
    {
      stretch = lookup_stretch (self, stretch_id, error);
      if (stretch == NULL)
        return NULL;
    }
  else if (self->pending_stretch != NULL)
    stretch = limber_catalogue_lookup (self->catalogue, self->pending_stretch);
  if (stretch == NULL)
    stretch = choose_stretch (self);
  if (stretch == NULL)
    stretch = limber_catalogue_get_stretch (self->catalogue, 0);

  if (!limber_tracker_start_stretch (self->tracker, now, &actions))
    {
      set_paused_error (self, error);
      return NULL;
    }

  g_free (self->last_suggested);
  self->last_suggested = g_strdup (stretch->id);
  g_info ("Guiding %s", stretch->id);
  self->guide = limber_guide_runner_new (stretch);
  g_signal_connect (self->guide, "phase", G_CALLBACK (on_guide_phase), self);
  g_signal_connect (self->guide, "finished", G_CALLBACK (on_guide_finished), self);
  /* State first (STRETCHING, the spell ended), then the first phase. */
  apply (self, &actions, now);
  limber_guide_runner_start (self->guide);
  return g_strdup (stretch->id);
}

/* ---- requests ---------------------------------------------------------- */

gboolean
limber_daemon_snooze (LimberDaemon *self,
                      gint64        seconds,
                      GError      **error)
{
  gint64 now = tracker_now ();
  LimberActions actions;

  if (refuse_during_guide (self, "there is no break to snooze", error))
    return FALSE;
  if (seconds < 0)
    seconds = self->config->snooze;
  if (!limber_tracker_snooze (self->tracker, now, seconds * G_USEC_PER_SEC, &actions))
    {
      g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_NOTHING_PENDING,
                           limber_tracker_get_state (self->tracker) == LIMBER_STATE_PAUSED
                             ? "Limber is paused: there is no break to snooze"
                             : "You are away: there is no break to snooze");
      return FALSE;
    }
  record_event (self, wall_seconds (self, now), LIMBER_EVENT_SNOOZED, self->pending_stretch, seconds);
  apply (self, &actions, now);
  return TRUE;
}

gboolean
limber_daemon_pause (LimberDaemon *self,
                     gint64        seconds,
                     GError      **error)
{
  gint64 now;
  LimberActions actions;

  if (self->guide != NULL)
    end_guide (self, FALSE, "Limber was paused");
  now = tracker_now ();
  limber_tracker_pause (self->tracker, now, seconds < 0 ? -1 : seconds * G_USEC_PER_SEC, &actions);
  record_event (self, wall_seconds (self, now), LIMBER_EVENT_PAUSED, NULL, MAX (seconds, 0));
  apply (self, &actions, now);
  return TRUE;
}

gboolean
limber_daemon_resume (LimberDaemon *self,
                      GError      **error)
{
  gint64 now = tracker_now ();
  LimberActions actions;

  if (!limber_tracker_resume (self->tracker, now, &actions))
    {
      g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_NOTHING_PENDING,
                           "Limber is not paused");
      return FALSE;
    }
  record_event (self, wall_seconds (self, now), LIMBER_EVENT_RESUMED, NULL, 0);
  apply (self, &actions, now);
  return TRUE;
}

static const LimberStretch *
lookup_stretch (LimberDaemon *self,
                const char   *stretch_id,
                GError      **error)
{
  const LimberStretch *stretch = limber_catalogue_lookup (self->catalogue, stretch_id);

  if (stretch == NULL)
    g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_UNKNOWN_STRETCH,
                 "No stretch is called “%s” (see limberctl stretches)", stretch_id);
  return stretch;
}

char *
limber_daemon_prompt (LimberDaemon *self,
                      const char   *stretch_id,
                      GError      **error)
{
  gint64 now = tracker_now ();
  LimberActions actions;

  if (refuse_during_guide (self, "wait until it ends", error))
    return NULL;
  if (stretch_id != NULL && *stretch_id != '\0')
    {
      const LimberStretch *stretch = lookup_stretch (self, stretch_id, error);

      if (stretch == NULL)
        return NULL;
      g_free (self->pending_stretch);
      self->pending_stretch = g_strdup (stretch->id);
    }

  if (!limber_tracker_prompt_now (self->tracker, now, &actions))
    {
      set_paused_error (self, error);
      if (!break_pending (self))
        g_clear_pointer (&self->pending_stretch, g_free);
      return NULL;
    }
  apply (self, &actions, now);
  return g_strdup (self->pending_stretch);
}

char *
limber_daemon_done (LimberDaemon *self,
                    const char   *stretch_id,
                    GError      **error)
{
  gint64 now = tracker_now ();
  g_autofree char *stretch = NULL;
  LimberActions actions;

  if (self->guide != NULL)
    {
      /* Finishing the guided stretch early: it counts, for its time. */
      stretch = g_strdup (limber_guide_runner_get_stretch_id (self->guide));
      if (stretch_id != NULL && *stretch_id != '\0' && g_strcmp0 (stretch_id, stretch) != 0)
        {
          g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_FAILED,
                       "The guided stretch running is %s, not %s", stretch, stretch_id);
          return NULL;
        }
      end_guide (self, TRUE, NULL);
      return g_steal_pointer (&stretch);
    }
  if (stretch_id != NULL && *stretch_id != '\0')
    {
      if (lookup_stretch (self, stretch_id, error) == NULL)
        return NULL;
      stretch = g_strdup (stretch_id);
    }
  else
    stretch = g_strdup (self->pending_stretch);

  record_event (self, wall_seconds (self, now), LIMBER_EVENT_COMPLETED, stretch, 0);
  limber_tracker_done (self->tracker, now, &actions);
  /* CompletedToday changed even if the tracker's state did not. */
  actions.flags |= LIMBER_ACTION_STATE_CHANGED;
  apply (self, &actions, now);
  return g_strdup (stretch ? stretch : "");
}

gboolean
limber_daemon_skip (LimberDaemon *self,
                    GError      **error)
{
  if (self->guide != NULL)
    {
      end_guide (self, FALSE, "stopped by the user");
      return TRUE;
    }
  return decline (self, LIMBER_EVENT_SKIPPED, error);
}

static char *
default_overrides_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "limber", "stretches.d", NULL);
}

static void
log_warnings (GPtrArray *warnings)
{
  for (guint i = 0; i < warnings->len; i++)
    g_warning ("%s", (const char *) g_ptr_array_index (warnings, i));
}

static LimberCatalogue *
load_catalogue (LimberDaemon *self,
                GPtrArray    *warnings,
                GError      **error)
{
  LimberCatalogue *catalogue = limber_catalogue_load (self->catalogue_path, self->overrides_dir,
                                                      warnings, error);

  if (catalogue == NULL)
    g_prefix_error (error, "Cannot read the stretch catalogue %s: ", self->catalogue_path);
  return catalogue;
}

GStrv
limber_daemon_reload (LimberDaemon *self)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LimberConfig) config = limber_config_load (self->config_path, warnings);
  g_autoptr(LimberCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  LimberTrackerSettings settings = settings_from_config (config);
  gboolean restart_activity;
  gint64 now = tracker_now ();
  LimberActions actions;

  catalogue = load_catalogue (self, warnings, &error);
  if (catalogue != NULL)
    g_set_object (&self->catalogue, catalogue);
  else
    g_ptr_array_add (warnings, g_strdup_printf ("%s; keeping the catalogue loaded before",
                                                error->message));

  restart_activity = config->natural_break != self->config->natural_break ||
                     g_strcmp0 (config->backend, self->config->backend) != 0;
  limber_config_free (self->config);
  self->config = g_steal_pointer (&config);
  limber_store_set_host (self->store, self->config->host);

  log_warnings (warnings);
  g_message ("Configuration reloaded from %s", self->config_path);

  if (restart_activity && self->bus != NULL)
    start_activity (self);

  limber_tracker_set_settings (self->tracker, &settings, now, &actions);
  actions.flags |= LIMBER_ACTION_STATE_CHANGED;
  apply (self, &actions, now);
  if (self->started)
    update_schedule (self);

  g_ptr_array_add (warnings, NULL);
  return (GStrv) g_ptr_array_steal (warnings, NULL);
}

GArray *
limber_daemon_history (LimberDaemon *self,
                       guint         days,
                       GError      **error)
{
  gint64 now = tracker_now ();
  gint64 since = limber_tracker_get_sitting_since (self->tracker);

  return limber_store_history (self->store, days, wall_seconds (self, now),
                               since >= 0 ? wall_seconds (self, since) : -1, error);
}

GArray *
limber_daemon_days (LimberDaemon *self,
                    const GDate  *from,
                    const GDate  *to,
                    const char   *host,
                    GError      **error)
{
  gint64 now = tracker_now ();
  gint64 since = limber_tracker_get_sitting_since (self->tracker);
  /* The spell running now is this machine's: it counts for its host only. */
  gboolean ours = host == NULL || g_strcmp0 (host, self->config->host) == 0;

  return limber_store_days (self->store, from, to, host, wall_seconds (self, now),
                            ours && since >= 0 ? wall_seconds (self, since) : -1, error);
}

guint
limber_daemon_get_daily_goal (LimberDaemon *self)
{
  return self->config->daily_goal;
}

void
limber_daemon_history_changed (LimberDaemon *self)
{
  publish (self);
}

LimberCatalogue *
limber_daemon_get_catalogue (LimberDaemon *self)
{
  return self->catalogue;
}

LimberStore *
limber_daemon_get_store (LimberDaemon *self)
{
  return self->store;
}

/* ---- life cycle -------------------------------------------------------- */

char *
limber_daemon_default_catalogue_path (void)
{
  const char *data_dir = g_getenv ("LIMBER_DATA_DIR");
  g_autofree char *installed = g_build_filename (LIMBER_PKGDATADIR, "stretches.ini", NULL);

  if (data_dir != NULL && *data_dir != '\0')
    return g_build_filename (data_dir, "stretches.ini", NULL);
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&installed);
  return g_build_filename (LIMBER_SOURCE_DATADIR, "stretches.ini", NULL);
}

static char *
default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "limber", "limber.db", NULL);
}

/* Picks up where the last run left off (DESIGN.md: a pause, a snooze and
 * the sitting spell survive a restart). */
static void
restore (LimberDaemon *self,
         gint64        now,
         LimberActions *out)
{
  g_auto(LimberSavedState) saved = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *boot_id = read_boot_id ();
  LimberTrackerSnapshot snapshot = { 0 };
  gint64 gap;

  memset (out, 0, sizeof *out);
  if (!limber_store_load_state (self->store, &saved, &error))
    {
      if (error != NULL)
        g_warning ("Could not read the saved state: %s", error->message);
      return;
    }

  if (!limber_state_from_string (saved.state, &snapshot.state))
    {
      g_warning ("Ignoring a saved state of “%s”", saved.state);
      return;
    }
  snapshot.spell_start = time_of_saved (self, saved.spell_start);
  snapshot.due_at = time_of_saved (self, saved.due_at);
  snapshot.paused_until = time_of_saved (self, saved.paused_until);
  snapshot.snoozes_in_row = saved.snoozes_in_row;

  if (saved.pending_stretch != NULL && limber_catalogue_lookup (self->catalogue, saved.pending_stretch))
    {
      self->pending_stretch = g_strdup (saved.pending_stretch);
      /* Only DUE was on screen (and logged); a QUIET one never was. */
      self->reshow_restored = snapshot.state == LIMBER_STATE_DUE;
    }

  gap = MAX (wall_seconds (self, now) - saved.saved_at, 0) * G_USEC_PER_SEC;
  if (!saved.clean_stop && saved.boot_id != NULL && g_strcmp0 (saved.boot_id, boot_id) == 0)
    {
      /* The last run ended without saving (crash, SIGKILL) and this is the
       * same boot, so systemd most likely restarted us at once: when the
       * old process died is unknown, and the user is still at the desk. */
      g_info ("The last run of limberd did not stop cleanly; carrying on its sitting spell");
      gap = 0;
    }
  g_info ("Restoring state “%s” saved %" G_GINT64_FORMAT " s ago", saved.state,
          gap / G_USEC_PER_SEC);
  limber_tracker_restore (self->tracker, &snapshot, gap, now, out);
}

LimberDaemon *
limber_daemon_new (const LimberDaemonOptions *options,
                   GError                   **error)
{
  g_autoptr(LimberDaemon) self = g_object_new (LIMBER_TYPE_DAEMON, NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *db_path = NULL;
  LimberTrackerSettings settings;
  gint64 now;

  self->config_path = options->config_path ? g_strdup (options->config_path)
                                           : limber_config_default_path ();
  self->catalogue_path = options->catalogue_path ? g_strdup (options->catalogue_path)
                                                 : limber_daemon_default_catalogue_path ();
  self->overrides_dir = options->overrides_dir ? g_strdup (options->overrides_dir)
                                               : default_overrides_dir ();
  db_path = options->db_path ? g_strdup (options->db_path) : default_db_path ();

  self->config = limber_config_load (self->config_path, warnings);
  self->catalogue = load_catalogue (self, warnings, error);
  log_warnings (warnings);
  if (self->catalogue == NULL)
    return NULL;

  self->store = limber_store_open (db_path, self->config->host, error);
  if (self->store == NULL)
    {
      g_prefix_error (error, "Cannot open the database %s: ", db_path);
      return NULL;
    }
  if (limber_store_get_recovery_note (self->store) != NULL)
    g_warning ("%s", limber_store_get_recovery_note (self->store));
  self->last_suggested = limber_store_last_suggested (self->store);

  now = tracker_now ();
  self->wall_offset = g_get_real_time () - now;
  settings = settings_from_config (self->config);
  self->tracker = limber_tracker_new (&settings, now);

  g_info ("Config %s, catalogue %s (%u stretches), database %s", self->config_path,
          self->catalogue_path, limber_catalogue_get_n_stretches (self->catalogue), db_path);
  return g_steal_pointer (&self);
}

gboolean
limber_daemon_export (LimberDaemon    *self,
                      GDBusConnection *bus,
                      GError         **error)
{
  self->bus = g_object_ref (bus);
  self->service = limber_service_new (self);
  limber_dbus_limber1_set_version (LIMBER_DBUS_LIMBER1 (self->service), LIMBER_VERSION);
  publish (self);
  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->service), bus,
                                           LIMBER_OBJECT_PATH, error);
}

/* The system bus, for logind; a session without one (a container, a test)
 * simply has no logind. */
static GDBusConnection *
connect_system_bus (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *system_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);

  if (system_bus == NULL)
    g_debug ("No system bus, so no logind: %s", error->message);
  return system_bus;
}

void
limber_daemon_start (LimberDaemon *self)
{
  LimberActions actions;
  gint64 now;

  g_return_if_fail (self->bus != NULL);
  self->started = TRUE;

  self->notifier = limber_notifier_new ();
  g_signal_connect (self->notifier, "action", G_CALLBACK (on_notification_action), self);
  g_signal_connect (self->notifier, "dismissed", G_CALLBACK (on_notification_dismissed), self);
  g_signal_connect (self->notifier, "expired", G_CALLBACK (on_notification_expired), self);
  g_signal_connect (self->notifier, "server-returned", G_CALLBACK (on_notification_server_returned), self);
  limber_notifier_watch (self->notifier, self->bus);

  /* What the desktop says (quiet, off-hours) is known before the saved
   * state is restored, so a reminder restored as due waits if it must. */
  self->dnd_monitor = limber_dnd_monitor_new (self->bus);
  limber_tracker_set_quiet (self->tracker, tracker_now (),
                            limber_dnd_monitor_get_quiet (self->dnd_monitor), &actions);
  g_signal_connect (self->dnd_monitor, "notify::quiet", G_CALLBACK (on_quiet_changed), self);

  now = tracker_now ();
  restore (self, now, &actions);
  /* Whatever the restored state asked for (a reminder that was on screen,
   * a spell that ended while limberd was down) happens now. */
  actions.flags |= LIMBER_ACTION_STATE_CHANGED;
  apply (self, &actions, now);

  self->system_bus = connect_system_bus ();
  self->session_monitor = limber_session_monitor_new (self->bus, self->system_bus);
  g_signal_connect (self->session_monitor, "locked", G_CALLBACK (on_locked), self);
  g_signal_connect (self->session_monitor, "sleeping", G_CALLBACK (on_sleeping), self);
  g_signal_connect (self->session_monitor, "woke", G_CALLBACK (on_woke), self);
  if (limber_session_monitor_get_locked (self->session_monitor))
    on_locked (self->session_monitor, TRUE, self);

  self->clock_watch = limber_clock_watch_new ();
  g_signal_connect (self->clock_watch, "changed", G_CALLBACK (on_clock_changed), self);

  start_activity (self);
  schedule_midnight (self);
  update_schedule (self);
}

void
limber_daemon_stop (LimberDaemon *self)
{
  g_clear_handle_id (&self->wakeup_source, g_source_remove);
  g_clear_handle_id (&self->midnight_source, g_source_remove);
  g_clear_handle_id (&self->schedule_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  /* A limberd that never owned the bus name must not overwrite the state
   * of the one that does. */
  if (!self->started)
    return;
  if (self->guide != NULL)
    end_guide (self, FALSE, "limberd stopped");
  save_state (self, TRUE);

  /* One last try for records that still wait; whatever cannot be written
   * now is lost with the process, and the user must hear of it. */
  if (limber_store_get_pending (self->store) > 0)
    {
      g_autoptr(GError) error = NULL;
      guint pending = limber_store_get_pending (self->store);

      if (limber_store_flush_pending (self->store, &error))
        g_message ("The %u record%s that waited could be written at last",
                   pending, pending == 1 ? "" : "s");
      else
        g_warning ("Stopping with %u record%s still unwritten to the database (%s): "
                   "they are lost", pending, pending == 1 ? "" : "s", error->message);
    }

  if (self->session_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->session_monitor, self);
  if (self->dnd_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->dnd_monitor, self);

  if (self->activity != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->activity, self);
      limber_activity_source_stop (self->activity);
    }
  if (self->notifier != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->notifier, self);
      /* A reminder left on screen would act on a daemon that is gone. */
      limber_notifier_withdraw (self->notifier);
    }
  if (self->service != NULL)
    g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->service));
}

static void
limber_daemon_dispose (GObject *object)
{
  LimberDaemon *self = LIMBER_DAEMON (object);

  g_clear_handle_id (&self->wakeup_source, g_source_remove);
  g_clear_handle_id (&self->midnight_source, g_source_remove);
  g_clear_handle_id (&self->schedule_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->activity != NULL)
    g_signal_handlers_disconnect_by_data (self->activity, self);
  if (self->notifier != NULL)
    g_signal_handlers_disconnect_by_data (self->notifier, self);
  if (self->session_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->session_monitor, self);
  if (self->dnd_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->dnd_monitor, self);
  if (self->clock_watch != NULL)
    g_signal_handlers_disconnect_by_data (self->clock_watch, self);
  g_clear_object (&self->clock_watch);
  g_clear_object (&self->session_monitor);
  g_clear_object (&self->dnd_monitor);
  g_clear_object (&self->system_bus);
  g_clear_object (&self->activity);
  if (self->guide != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->guide, self);
      g_clear_object (&self->guide);
    }
  g_clear_object (&self->notifier);
  g_clear_object (&self->service);
  g_clear_object (&self->store);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->bus);
  g_clear_pointer (&self->tracker, limber_tracker_free);
  g_clear_pointer (&self->config, limber_config_free);

  G_OBJECT_CLASS (limber_daemon_parent_class)->dispose (object);
}

static void
limber_daemon_finalize (GObject *object)
{
  LimberDaemon *self = LIMBER_DAEMON (object);

  g_free (self->config_path);
  g_free (self->catalogue_path);
  g_free (self->overrides_dir);
  g_free (self->backend_reason);
  g_free (self->pending_stretch);
  g_free (self->last_suggested);
  g_free (self->write_problem);

  G_OBJECT_CLASS (limber_daemon_parent_class)->finalize (object);
}

static void
limber_daemon_class_init (LimberDaemonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = limber_daemon_dispose;
  object_class->finalize = limber_daemon_finalize;
}

static void
limber_daemon_init (LimberDaemon *self)
{
}
