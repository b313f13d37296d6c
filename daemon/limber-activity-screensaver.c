/* The org.freedesktop.ScreenSaver backend: GetSessionIdleTime on the
 * session bus, for KDE on X11 and other desktops that offer it.
 *
 * What real implementations return:
 * - KDE (kscreenlocker, and ksmserver before it) answers with a "u" holding
 *   KIdleTime's idle time, which is in MILLISECONDS. Other clients of the
 *   method (Safe Eyes, KIdleTime's own X11 poller) read it the same way.
 *   Newer kscreenlocker refuses the call on Wayland (NotSupported); there the
 *   wayland backend is the one to use anyway.
 * - GNOME's proxy for this name only forwards Inhibit/UnInhibit and answers
 *   GetSessionIdleTime with an error, so the probe makes one real call and
 *   refuses the backend when it fails: owning the name proves nothing.
 * - The object is at /org/freedesktop/ScreenSaver on current desktops (KDE
 *   and GNOME register it there and at /ScreenSaver); old KDE only had
 *   /ScreenSaver. We try the first and fall back to the second when the
 *   service says there is no such object or method.
 * We read the reply as milliseconds and accept any single integer type, so
 * that a service declaring "t" or "i" instead of "u" still works.
 *
 * There is no signal for input, so this backend asks; but adaptively, never
 * on a fixed tick: limber-idle-query.h holds the rule, shared with the X11
 * backend. */
#include "limber-activity-source.h"
#include "limber-idle-query.h"

#define SCREENSAVER_NAME  "org.freedesktop.ScreenSaver"
#define SCREENSAVER_IFACE "org.freedesktop.ScreenSaver"

static const char *const screensaver_paths[] = {
  "/org/freedesktop/ScreenSaver",
  "/ScreenSaver",
};

/* After a failed call, ask again this long after: the service may be
 * restarting. */
#define RETRY_DELAY (30 * G_USEC_PER_SEC)

/* A service that hangs must not hold the backend up for D-Bus's default
 * 25 s; the next query is due soon anyway. */
#define QUERY_TIMEOUT_MS 5000
#define PROBE_TIMEOUT_MS 1000

struct _LimberActivityScreensaver {
  LimberActivitySource parent_instance;

  GDBusConnection *bus;
  GCancellable    *cancellable;   /* of the call in flight; replaced when cancelled */
  guint            path_index;    /* into screensaver_paths */
  guint            name_watch;
  guint            timer;
  gboolean         present;       /* the service is on the bus */
  gboolean         was_present;   /* it has been, since start() */
  LimberIdleQuery  query;         /* when to ask next; what to report */
  gboolean         failing;       /* last query failed (warned already) */
  guint            queries;       /* GetSessionIdleTime calls made */
};

G_DEFINE_FINAL_TYPE (LimberActivityScreensaver, limber_activity_screensaver, LIMBER_TYPE_ACTIVITY_SOURCE)

static void query_idle_time (LimberActivityScreensaver *self);

/* TRUE for the errors that mean "not on this path": GDBus says
 * UnknownMethod for an unregistered path, Qt says UnknownObject. */
static gboolean
error_means_wrong_path (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE);
}

/* The idle time in µs from a GetSessionIdleTime reply (milliseconds). */
static gboolean
idle_from_reply (GVariant *reply,
                 gint64   *out_idle,
                 GError  **error)
{
  g_autoptr(GVariant) value = NULL;
  gint64 ms;

  if (g_variant_n_children (reply) != 1)
    goto bad;
  value = g_variant_get_child_value (reply, 0);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    ms = g_variant_get_uint32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    ms = (gint64) MIN (g_variant_get_uint64 (value), (guint64) G_MAXUINT32);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    ms = g_variant_get_int32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    ms = g_variant_get_int64 (value);
  else
    goto bad;

  /* Nonsense (negative, or beyond what a "u" can hold: 49 days) is
   * clamped rather than trusted to fit in µs. */
  ms = CLAMP (ms, 0, (gint64) G_MAXUINT32);
  *out_idle = ms * 1000;
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "GetSessionIdleTime answered %s, not an integer",
               g_variant_get_type_string (reply));
  return FALSE;
}

static gboolean
screensaver_probe (LimberActivitySource *source,
                   GDBusConnection      *bus,
                   char                **reason)
{
  LimberActivityScreensaver *self = LIMBER_ACTIVITY_SCREENSAVER (source);
  g_autoptr(GVariant) has_owner_reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner = FALSE;

  /* Ask the bus first: calling a name nobody owns would be answered the
   * same, but this way the reason says what is missing. */
  has_owner_reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                 "org.freedesktop.DBus", "NameHasOwner",
                                                 g_variant_new ("(s)", SCREENSAVER_NAME),
                                                 G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                                 PROBE_TIMEOUT_MS, NULL, &error);
  if (has_owner_reply == NULL)
    {
      *reason = g_strdup_printf ("cannot ask the bus for " SCREENSAVER_NAME ": %s", error->message);
      return FALSE;
    }
  g_variant_get (has_owner_reply, "(b)", &has_owner);
  if (!has_owner)
    {
      *reason = g_strdup (SCREENSAVER_NAME " is not on the bus");
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (screensaver_paths); i++)
    {
      g_autoptr(GVariant) reply = NULL;
      gint64 idle;

      g_clear_error (&error);
      reply = g_dbus_connection_call_sync (bus, SCREENSAVER_NAME, screensaver_paths[i],
                                           SCREENSAVER_IFACE, "GetSessionIdleTime", NULL, NULL,
                                           G_DBUS_CALL_FLAGS_NO_AUTO_START, PROBE_TIMEOUT_MS,
                                           NULL, &error);
      self->queries++;
      if (reply != NULL && idle_from_reply (reply, &idle, &error))
        {
          self->path_index = i;
          if (i == 0)
            *reason = g_strdup (SCREENSAVER_NAME " answers GetSessionIdleTime");
          else
            *reason = g_strdup_printf (SCREENSAVER_NAME " answers GetSessionIdleTime on %s",
                                       screensaver_paths[i]);
          return TRUE;
        }
      if (!error_means_wrong_path (error))
        break;
    }

  g_dbus_error_strip_remote_error (error);
  *reason = g_strdup_printf (SCREENSAVER_NAME " is on the bus but GetSessionIdleTime fails: %s",
                             error->message);
  return FALSE;
}

static gboolean
on_query_timer (gpointer user_data)
{
  LimberActivityScreensaver *self = LIMBER_ACTIVITY_SCREENSAVER (user_data);

  self->timer = 0;
  query_idle_time (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_query (LimberActivityScreensaver *self,
                gint64                     delay)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  /* Millisecond timer, rounded up: the query must not come before idle
   * could have reached the threshold. */
  self->timer = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((delay + 999) / 1000),
                                    on_query_timer, self, NULL);
}

/* Reports what idle time @idle, read at @now, means and returns the delay
 * until the next query. */
static gint64
handle_idle_time (LimberActivityScreensaver *self,
                  gint64                     now,
                  gint64                     idle)
{
  LimberActivitySource *source = LIMBER_ACTIVITY_SOURCE (self);
  LimberIdleQueryChange change;
  gint64 delay = limber_idle_query_update (&self->query, now, idle, &change);

  if (change == LIMBER_IDLE_QUERY_CAME_BACK)
    limber_activity_source_emit_active (source);
  else if (change == LIMBER_IDLE_QUERY_WENT_IDLE)
    limber_activity_source_emit_idle (source, self->query.idle_since);
  return delay;
}

static void
on_idle_time (GObject      *bus,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, &error);
  LimberActivityScreensaver *self;
  gint64 now;
  gint64 idle = 0;
  gint64 delay;

  /* Cancelled: the backend stopped (and may be gone) or the service left. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LIMBER_ACTIVITY_SCREENSAVER (user_data);
  now = g_get_monotonic_time ();

  if (reply == NULL && error_means_wrong_path (error) &&
      self->path_index + 1 < G_N_ELEMENTS (screensaver_paths))
    {
      /* A new owner of the name may live elsewhere than the one probed. */
      self->path_index++;
      g_debug ("ScreenSaver: nothing at %s, trying %s", screensaver_paths[self->path_index - 1],
               screensaver_paths[self->path_index]);
      query_idle_time (self);
      return;
    }

  if (reply == NULL || !idle_from_reply (reply, &idle, &error))
    {
      /* Warn once per run of failures, and keep trying slowly: the service
       * may be restarting. The user's state stays as last known. */
      if (!self->failing)
        g_warning ("ScreenSaver GetSessionIdleTime failed: %s; retrying every %d s",
                   error->message, (int) (RETRY_DELAY / G_USEC_PER_SEC));
      self->failing = TRUE;
      self->path_index = 0;
      schedule_query (self, RETRY_DELAY);
      return;
    }
  if (self->failing)
    g_message ("ScreenSaver GetSessionIdleTime works again");
  self->failing = FALSE;

  {
    /* The signals emitted below run the daemon's handlers, which may stop
     * this backend or drop their reference to it: hold one until done, and
     * schedule nothing for a backend that stopped meanwhile. */
    g_autoptr(LimberActivityScreensaver) keep = g_object_ref (self);

    delay = handle_idle_time (self, now, idle);
    if (self->cancellable == NULL)
      return;
    g_debug ("ScreenSaver idle %" G_GINT64_FORMAT ".%01" G_GINT64_FORMAT " s; "
             "next query in %" G_GINT64_FORMAT ".%01" G_GINT64_FORMAT " s (query %u)",
             idle / G_USEC_PER_SEC, idle / 100000 % 10,
             delay / G_USEC_PER_SEC, delay / 100000 % 10, self->queries);
    schedule_query (self, delay);
  }
}

static void
query_idle_time (LimberActivityScreensaver *self)
{
  self->queries++;
  g_dbus_connection_call (self->bus, SCREENSAVER_NAME, screensaver_paths[self->path_index],
                          SCREENSAVER_IFACE, "GetSessionIdleTime", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, QUERY_TIMEOUT_MS,
                          self->cancellable, on_idle_time, self);
}

/* Drops the timer and any call in flight; the cancelled call's callback
 * still runs later, so it gets a fresh cancellable for what follows. */
static void
stop_querying (LimberActivityScreensaver *self)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
on_screensaver_appeared (GDBusConnection *bus,
                         const char      *name,
                         const char      *owner,
                         gpointer         user_data)
{
  LimberActivityScreensaver *self = LIMBER_ACTIVITY_SCREENSAVER (user_data);

  stop_querying (self);
  self->cancellable = g_cancellable_new ();
  if (self->was_present)
    g_message (SCREENSAVER_NAME " is back on the bus (%s); idle detection resumes", owner);
  self->present = TRUE;
  self->was_present = TRUE;
  self->failing = FALSE;
  /* The idle state is kept: on X11 the idle counter belongs to the X
   * server, not to the service, so a restarted service continues it and
   * the first answer says whether the user came back meanwhile. */
  query_idle_time (self);
}

static void
on_screensaver_vanished (GDBusConnection *bus,
                         const char      *name,
                         gpointer         user_data)
{
  LimberActivityScreensaver *self = LIMBER_ACTIVITY_SCREENSAVER (user_data);

  stop_querying (self);
  /* Also called at start when the name is not owned yet: say nothing then. */
  if (self->present)
    g_warning (SCREENSAVER_NAME " left the bus; idle detection stops until it is back");
  self->present = FALSE;
}

static gboolean
screensaver_start (LimberActivitySource *source,
                   GDBusConnection      *bus,
                   gint64                threshold,
                   GError              **error)
{
  LimberActivityScreensaver *self = LIMBER_ACTIVITY_SCREENSAVER (source);

  self->bus = g_object_ref (bus);
  limber_idle_query_init (&self->query, threshold);
  self->present = FALSE;
  self->was_present = FALSE;
  self->failing = FALSE;
  /* The watch calls on_screensaver_appeared at once when the service is
   * there, which makes the first query. */
  self->name_watch = g_bus_watch_name_on_connection (bus, SCREENSAVER_NAME,
                                                     G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                     on_screensaver_appeared,
                                                     on_screensaver_vanished,
                                                     self, NULL);
  return TRUE;
}

static void
screensaver_stop (LimberActivitySource *source)
{
  LimberActivityScreensaver *self = LIMBER_ACTIVITY_SCREENSAVER (source);

  if (self->bus == NULL)
    return;
  if (self->name_watch != 0)
    g_bus_unwatch_name (self->name_watch);
  self->name_watch = 0;
  stop_querying (self);
  g_debug ("ScreenSaver backend stopped after %u GetSessionIdleTime queries", self->queries);
  self->query.idle = FALSE;
  self->present = FALSE;
  g_clear_object (&self->bus);
}

static void
limber_activity_screensaver_dispose (GObject *object)
{
  screensaver_stop (LIMBER_ACTIVITY_SOURCE (object));
  G_OBJECT_CLASS (limber_activity_screensaver_parent_class)->dispose (object);
}

static void
limber_activity_screensaver_class_init (LimberActivityScreensaverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LimberActivitySourceClass *source_class = LIMBER_ACTIVITY_SOURCE_CLASS (klass);

  object_class->dispose = limber_activity_screensaver_dispose;
  source_class->probe = screensaver_probe;
  source_class->start = screensaver_start;
  source_class->stop = screensaver_stop;
}

static void
limber_activity_screensaver_init (LimberActivityScreensaver *self)
{
}
