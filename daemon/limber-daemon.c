#include "limber-daemon.h"

#include "limber-activity-source.h"
#include "limber-build-config.h"
#include "limber-config.h"
#include "limber-error.h"
#include "limber-names.h"
#include "limber-notifier.h"
#include "limber-reminder.h"
#include "limber-service.h"
#include "limber-tracker.h"

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

  /* Wall time = monotonic time + this; see sync_wall_offset(). */
  gint64 wall_offset;

  guint wakeup_source;
  guint midnight_source;

  /* The stretch being suggested (kept through snoozes) and the one
   * suggested last (the rotation never repeats it). */
  char *pending_stretch;
  char *last_suggested;

  /* What restoring the saved state asked for, carried out by start(). */
  LimberActions restored_actions;
};

G_DEFINE_FINAL_TYPE (LimberDaemon, limber_daemon, G_TYPE_OBJECT)

static void schedule_wakeup (LimberDaemon *self);
static void publish (LimberDaemon *self);

/* ---- clocks ------------------------------------------------------------ */

static gint64
now_mono (void)
{
  return g_get_monotonic_time ();
}

/* The monotonic clock stops during suspend and the wall clock can be set,
 * so the offset between them is taken again whenever it has moved by more
 * than a second; smaller differences are noise that would only make the
 * published times flicker. */
static void
sync_wall_offset (LimberDaemon *self)
{
  gint64 offset = g_get_real_time () - g_get_monotonic_time ();

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

static void
record_event (LimberDaemon *self,
              gint64        ts,
              const char   *kind,
              const char   *stretch,
              gint64        seconds)
{
  g_autoptr(GError) error = NULL;

  if (!limber_store_add_event (self->store, ts, kind, stretch, seconds, &error))
    g_warning ("Could not record a “%s” event: %s", kind, error->message);
  else
    g_debug ("Event %s %s", kind, stretch ? stretch : "");

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
  if (!limber_store_add_spell (self->store, start_ts, end_ts, &error))
    g_warning ("Could not record a sitting spell: %s", error->message);
}

static void
save_state (LimberDaemon *self)
{
  g_autoptr(GError) error = NULL;
  LimberTrackerSnapshot snapshot;
  LimberSavedState saved = { 0 };

  limber_tracker_snapshot (self->tracker, &snapshot);
  saved.state = (char *) limber_state_to_string (snapshot.state);
  saved.spell_start = snapshot.spell_start >= 0 ? wall_seconds (self, snapshot.spell_start) : -1;
  saved.due_at = snapshot.due_at >= 0 ? wall_seconds (self, snapshot.due_at) : -1;
  if (snapshot.paused_until == G_MAXINT64 || snapshot.paused_until < 0)
    saved.paused_until = snapshot.paused_until;
  else
    saved.paused_until = wall_seconds (self, snapshot.paused_until);
  saved.snoozes_in_row = snapshot.snoozes_in_row;
  saved.pending_stretch = self->pending_stretch;
  saved.saved_at = wall_seconds (self, now_mono ());

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
  g_autoptr(GHashTable) last_completed = limber_store_last_completed (self->store);

  return limber_catalogue_choose (self->catalogue,
                                  (const char *const *) self->config->places,
                                  self->last_suggested,
                                  last_completed);
}

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

  limber_notifier_show (self->notifier, title, markup, plain, snooze, critical);
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
  record_event (self, wall_seconds (self, now), LIMBER_EVENT_DUE, stretch->id, 0);
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

  if (!break_pending (self))
    g_clear_pointer (&self->pending_stretch, g_free);

  if (actions->flags & LIMBER_ACTION_PROMPT)
    prompt (self, actions->critical, now);

  if (actions->flags & (LIMBER_ACTION_STATE_CHANGED | LIMBER_ACTION_PROMPT))
    {
      publish (self);
      save_state (self);
    }
  schedule_wakeup (self);
}

static gboolean
on_wakeup (gpointer user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now = now_mono ();
  LimberActions actions;

  self->wakeup_source = 0;
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
  delay_ms = (wakeup - now_mono () + 999) / 1000;
  delay_ms = CLAMP (delay_ms, 0, (gint64) G_MAXUINT);
  self->wakeup_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) delay_ms,
                                            on_wakeup, self, NULL);
}

/* ---- publishing -------------------------------------------------------- */

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
  else
    limber_dbus_limber1_set_paused_until (iface, paused >= 0 ? wall_seconds (self, paused) : 0);
  limber_dbus_limber1_set_pending_stretch (iface, self->pending_stretch ? self->pending_stretch : "");
  limber_dbus_limber1_set_snooze_count (iface, limber_tracker_get_snooze_count (self->tracker));
  limber_dbus_limber1_set_completed_today (iface, count_completed_today (self));
  limber_dbus_limber1_set_daily_goal (iface, self->config->daily_goal);
  limber_dbus_limber1_set_interval (iface, self->config->interval);
  limber_dbus_limber1_set_snooze_seconds (iface, self->config->snooze);
  limber_dbus_limber1_set_backend (iface, self->activity ? limber_activity_source_get_name (self->activity) : "");
  limber_dbus_limber1_set_backend_reason (iface, self->backend_reason ? self->backend_reason : "");
}

static void schedule_midnight (LimberDaemon *self);

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
  gint64 now = now_mono ();
  LimberActions actions;

  g_debug ("Idle for %" G_GINT64_FORMAT " s", (now - idle_since) / G_USEC_PER_SEC);
  limber_tracker_idle (self->tracker, now, idle_since, &actions);
  apply (self, &actions, now);
}

static void
on_active (LimberActivitySource *source,
           gpointer              user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now = now_mono ();
  LimberActions actions;

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

  if (g_strcmp0 (action, "done") == 0)
    ok = (logged = limber_daemon_done (self, "", &error)) != NULL;
  else if (g_strcmp0 (action, "snooze") == 0)
    ok = limber_daemon_snooze (self, self->config->snooze, &error);
  else if (g_strcmp0 (action, "skip") == 0)
    ok = limber_daemon_skip (self, &error);
  else
    g_debug ("Ignoring notification action “%s”", action);

  if (!ok)
    g_warning ("Notification action “%s” failed: %s", action, error->message);
}

static void
on_notification_dismissed (LimberNotifier *notifier,
                           gpointer        user_data)
{
  LimberDaemon *self = LIMBER_DAEMON (user_data);
  gint64 now = now_mono ();
  g_autofree char *stretch = g_strdup (self->pending_stretch);
  LimberActions actions;

  if (!limber_tracker_skip (self->tracker, now, &actions))
    return;
  record_event (self, wall_seconds (self, now), LIMBER_EVENT_DISMISSED, stretch, 0);
  apply (self, &actions, now);
}

/* ---- requests ---------------------------------------------------------- */

gboolean
limber_daemon_snooze (LimberDaemon *self,
                      gint64        seconds,
                      GError      **error)
{
  gint64 now = now_mono ();
  LimberActions actions;

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
  gint64 now = now_mono ();
  LimberActions actions;

  limber_tracker_pause (self->tracker, now, seconds < 0 ? -1 : seconds * G_USEC_PER_SEC, &actions);
  record_event (self, wall_seconds (self, now), LIMBER_EVENT_PAUSED, NULL, MAX (seconds, 0));
  apply (self, &actions, now);
  return TRUE;
}

gboolean
limber_daemon_resume (LimberDaemon *self,
                      GError      **error)
{
  gint64 now = now_mono ();
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
  gint64 now = now_mono ();
  LimberActions actions;

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
      g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_FAILED,
                           "Limber is paused; resume it first (limberctl resume)");
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
  gint64 now = now_mono ();
  g_autofree char *stretch = NULL;
  LimberActions actions;

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
  gint64 now = now_mono ();
  g_autofree char *stretch = g_strdup (self->pending_stretch);
  LimberActions actions;

  if (!limber_tracker_skip (self->tracker, now, &actions))
    {
      g_set_error_literal (error, LIMBER_ERROR, LIMBER_ERROR_NOTHING_PENDING,
                           "No break is pending, so there is nothing to skip");
      return FALSE;
    }
  record_event (self, wall_seconds (self, now), LIMBER_EVENT_SKIPPED, stretch, 0);
  apply (self, &actions, now);
  return TRUE;
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
  gint64 now = now_mono ();
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

  log_warnings (warnings);
  g_message ("Configuration reloaded from %s", self->config_path);

  if (restart_activity && self->bus != NULL)
    start_activity (self);

  limber_tracker_set_settings (self->tracker, &settings, now, &actions);
  actions.flags |= LIMBER_ACTION_STATE_CHANGED;
  apply (self, &actions, now);

  g_ptr_array_add (warnings, NULL);
  return (GStrv) g_ptr_array_steal (warnings, NULL);
}

GArray *
limber_daemon_history (LimberDaemon *self,
                       guint         days,
                       GError      **error)
{
  gint64 now = now_mono ();
  gint64 since = limber_tracker_get_sitting_since (self->tracker);

  return limber_store_history (self->store, days, wall_seconds (self, now),
                               since >= 0 ? wall_seconds (self, since) : -1, error);
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
         gint64        now)
{
  g_auto(LimberSavedState) saved = { 0 };
  g_autoptr(GError) error = NULL;
  LimberTrackerSnapshot snapshot = { 0 };
  LimberActions actions;
  gint64 gap;

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
  snapshot.spell_start = saved.spell_start >= 0 ? mono_of_wall (self, saved.spell_start) : -1;
  snapshot.due_at = saved.due_at >= 0 ? mono_of_wall (self, saved.due_at) : -1;
  if (saved.paused_until == G_MAXINT64 || saved.paused_until < 0)
    snapshot.paused_until = saved.paused_until;
  else
    snapshot.paused_until = mono_of_wall (self, saved.paused_until);
  snapshot.snoozes_in_row = saved.snoozes_in_row;

  if (saved.pending_stretch != NULL && limber_catalogue_lookup (self->catalogue, saved.pending_stretch))
    self->pending_stretch = g_strdup (saved.pending_stretch);

  gap = (wall_seconds (self, now) - saved.saved_at) * G_USEC_PER_SEC;
  g_info ("Restoring state “%s” saved %" G_GINT64_FORMAT " s ago", saved.state,
          gap / G_USEC_PER_SEC);
  limber_tracker_restore (self->tracker, &snapshot, MAX (gap, 0), now, &actions);
  /* Prompting waits for start(), when the notifier exists. */
  self->restored_actions = actions;
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

  self->store = limber_store_open (db_path, error);
  if (self->store == NULL)
    {
      g_prefix_error (error, "Cannot open the database %s: ", db_path);
      return NULL;
    }
  if (limber_store_get_recovery_note (self->store) != NULL)
    g_warning ("%s", limber_store_get_recovery_note (self->store));
  self->last_suggested = limber_store_last_suggested (self->store);

  now = now_mono ();
  self->wall_offset = g_get_real_time () - now;
  settings = settings_from_config (self->config);
  self->tracker = limber_tracker_new (&settings, now);
  restore (self, now);

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

void
limber_daemon_start (LimberDaemon *self)
{
  LimberActions actions = self->restored_actions;

  g_return_if_fail (self->bus != NULL);

  self->notifier = limber_notifier_new ();
  g_signal_connect (self->notifier, "action", G_CALLBACK (on_notification_action), self);
  g_signal_connect (self->notifier, "dismissed", G_CALLBACK (on_notification_dismissed), self);

  start_activity (self);
  schedule_midnight (self);

  /* Whatever the restored state asked for (a reminder that was on screen,
   * a spell that ended while limberd was down) happens now. */
  actions.flags |= LIMBER_ACTION_STATE_CHANGED;
  apply (self, &actions, now_mono ());
}

void
limber_daemon_stop (LimberDaemon *self)
{
  g_clear_handle_id (&self->wakeup_source, g_source_remove);
  g_clear_handle_id (&self->midnight_source, g_source_remove);

  if (self->tracker != NULL && self->store != NULL)
    save_state (self);

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
  if (self->activity != NULL)
    g_signal_handlers_disconnect_by_data (self->activity, self);
  if (self->notifier != NULL)
    g_signal_handlers_disconnect_by_data (self->notifier, self);
  g_clear_object (&self->activity);
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
