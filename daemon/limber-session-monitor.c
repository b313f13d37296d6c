/* The session monitor: lock state from logind and org.gnome.ScreenSaver,
 * suspend from logind's PrepareForSleep and from the boot-time clock.
 *
 * Both buses are watched with name watches, never auto-starting anything,
 * so limberd may start before or after logind and gnome-shell and follows
 * them when they restart. Every call is asynchronous and tied to a
 * GCancellable of its source: a reply that arrives after that source left
 * the bus (or after the monitor is gone) is dropped without touching us. */
#include "limber-session-monitor.h"

#include <time.h>
#include <unistd.h>

#define LOGIND_NAME          "org.freedesktop.login1"
#define LOGIND_PATH          "/org/freedesktop/login1"
#define LOGIND_MANAGER_IFACE "org.freedesktop.login1.Manager"
#define LOGIND_SESSION_IFACE "org.freedesktop.login1.Session"
#define LOGIND_USER_IFACE    "org.freedesktop.login1.User"

#define SCREENSAVER_NAME  "org.gnome.ScreenSaver"
#define SCREENSAVER_PATH  "/org/gnome/ScreenSaver"
#define SCREENSAVER_IFACE "org.gnome.ScreenSaver"

#define PROPERTIES_IFACE "org.freedesktop.DBus.Properties"

/* The difference between CLOCK_BOOTTIME and CLOCK_MONOTONIC only grows
 * while the machine is suspended; reading the two clocks one after the
 * other adds a little jitter, so growth below this is not a sleep. */
#define SLEEP_GAP_US (2 * G_USEC_PER_SEC)

/* The ways of finding our logind session, tried in this order. */
typedef enum {
  FIND_BY_ENV_ID,  /* $XDG_SESSION_ID: set by pam_systemd in the session */
  FIND_BY_PID,     /* we run inside a session's scope */
  FIND_AUTO,       /* logind's own choice: ours, else the user's display session */
  FIND_BY_DISPLAY, /* older logind without "auto": the user's Display property */
  FIND_DONE,
} FindStep;

static const char *const find_step_names[] = {
  "XDG_SESSION_ID", "GetSessionByPID", "GetSession(\"auto\")", "the user's Display session",
};

struct _LimberSessionMonitor {
  GObject parent_instance;

  GDBusConnection *session_bus;
  GDBusConnection *system_bus; /* NULL: no logind */

  /* logind */
  guint         logind_watch;
  guint         sleep_subscription;
  GCancellable *logind_cancellable; /* replaced each time logind leaves */
  FindStep      find_step;
  char         *session_path;       /* the session being tried or found */
  guint         lock_subscription;
  guint         unlock_subscription;
  guint         properties_subscription;
  gboolean      logind_locked;

  /* org.gnome.ScreenSaver */
  guint         screensaver_watch;
  guint         active_subscription;
  GCancellable *screensaver_cancellable;
  gboolean      screensaver_locked;

  gboolean locked; /* what was last announced: either source locked */

  /* Suspend: the boot-time/monotonic offset when last looked at, and at
   * the moment logind announced the sleep. */
  gint64   clock_offset;
  gint64   sleep_offset;
  gboolean asleep; /* between PrepareForSleep(true) and (false) */
};

G_DEFINE_FINAL_TYPE (LimberSessionMonitor, limber_session_monitor, G_TYPE_OBJECT)

enum {
  SIGNAL_LOCKED,
  SIGNAL_SLEEPING,
  SIGNAL_WOKE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void find_session (LimberSessionMonitor *self);

/* ---- clocks ------------------------------------------------------------ */

static gint64
clock_us (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* How long the machine has spent suspended since boot (plus read jitter). */
static gint64
suspended_offset (void)
{
  gint64 boottime = clock_us (CLOCK_BOOTTIME);

  return boottime - clock_us (CLOCK_MONOTONIC);
}

/* ---- lock state -------------------------------------------------------- */

static void
update_locked (LimberSessionMonitor *self)
{
  gboolean locked = self->logind_locked || self->screensaver_locked;

  if (locked == self->locked)
    return;
  self->locked = locked;
  g_debug ("Session %s (logind: %s, ScreenSaver: %s)", locked ? "locked" : "unlocked",
           self->logind_locked ? "locked" : "unlocked",
           self->screensaver_locked ? "active" : "inactive");
  g_signal_emit (self, signals[SIGNAL_LOCKED], 0, locked);
}

static void
set_logind_locked (LimberSessionMonitor *self,
                   gboolean              locked,
                   const char           *why)
{
  g_debug ("logind: %s", why);
  self->logind_locked = locked;
  update_locked (self);
}

/* ---- suspend ----------------------------------------------------------- */

static void
begin_sleep (LimberSessionMonitor *self)
{
  /* A suspend nobody announced since the last look is reported first, so
   * that its length is not folded into this one. */
  limber_session_monitor_check_clocks (self);
  self->asleep = TRUE;
  self->sleep_offset = self->clock_offset;
  g_debug ("logind: the machine is about to sleep");
  g_signal_emit (self, signals[SIGNAL_SLEEPING], 0);
}

static void
end_sleep (LimberSessionMonitor *self,
           const char           *why)
{
  gint64 slept;

  if (!self->asleep)
    return;
  self->asleep = FALSE;
  self->clock_offset = suspended_offset ();
  slept = self->clock_offset - self->sleep_offset;
  /* Clocks that did not diverge mean the machine never got to suspend (an
   * aborted suspend, a container, a test): how long the user was away is
   * then unknown here, and the daemon measures it on its own clock. */
  if (slept < SLEEP_GAP_US)
    slept = -1;
  g_debug ("%s; slept %" G_GINT64_FORMAT " ms%s", why, slept < 0 ? -1 : slept / 1000,
           slept < 0 ? " (unknown: the clocks did not diverge)" : "");
  g_signal_emit (self, signals[SIGNAL_WOKE], 0, slept);
}

static void
on_prepare_for_sleep (GDBusConnection *bus,
                      const char      *sender,
                      const char      *path,
                      const char      *iface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  LimberSessionMonitor *self = LIMBER_SESSION_MONITOR (user_data);
  gboolean start;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &start);
  if (start && !self->asleep)
    begin_sleep (self);
  else if (!start)
    end_sleep (self, "logind: the machine woke up");
}

void
limber_session_monitor_check_clocks (LimberSessionMonitor *self)
{
  gint64 offset, grown;

  g_return_if_fail (LIMBER_IS_SESSION_MONITOR (self));

  /* While logind has announced a sleep, its PrepareForSleep(false) ends it
   * and measures it; the clocks are not looked at twice. */
  if (self->asleep)
    return;
  offset = suspended_offset ();
  grown = offset - self->clock_offset;
  self->clock_offset = offset;
  if (grown <= SLEEP_GAP_US)
    return;
  g_debug ("The clocks say the machine slept %" G_GINT64_FORMAT " ms unannounced",
           grown / 1000);
  g_signal_emit (self, signals[SIGNAL_SLEEPING], 0);
  g_signal_emit (self, signals[SIGNAL_WOKE], 0, grown);
}

/* ---- logind: the session ----------------------------------------------- */

static void
on_session_lock (GDBusConnection *bus,
                 const char      *sender,
                 const char      *path,
                 const char      *iface,
                 const char      *signal,
                 GVariant        *parameters,
                 gpointer         user_data)
{
  gboolean lock = g_strcmp0 (signal, "Lock") == 0;

  set_logind_locked (LIMBER_SESSION_MONITOR (user_data), lock,
                     lock ? "the session's Lock signal" : "the session's Unlock signal");
}

static void
on_locked_hint (GObject      *bus,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, &error);
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("logind: cannot read LockedHint: %s", error->message);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    set_logind_locked (LIMBER_SESSION_MONITOR (user_data), g_variant_get_boolean (value),
                       g_variant_get_boolean (value) ? "LockedHint is true" : "LockedHint is false");
}

static void
read_locked_hint (LimberSessionMonitor *self,
                  GAsyncReadyCallback   callback)
{
  g_dbus_connection_call (self->system_bus, LOGIND_NAME, self->session_path, PROPERTIES_IFACE,
                          "Get", g_variant_new ("(ss)", LOGIND_SESSION_IFACE, "LockedHint"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->logind_cancellable, callback, self);
}

static void
on_session_properties_changed (GDBusConnection *bus,
                               const char      *sender,
                               const char      *path,
                               const char      *iface,
                               const char      *signal,
                               GVariant        *parameters,
                               gpointer         user_data)
{
  LimberSessionMonitor *self = LIMBER_SESSION_MONITOR (user_data);
  g_autoptr(GVariant) changed = NULL;
  g_autofree const char **invalidated = NULL;
  gboolean locked;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sa{sv}as)")))
    return;
  g_variant_get (parameters, "(&s@a{sv}^a&s)", NULL, &changed, &invalidated);
  if (g_variant_lookup (changed, "LockedHint", "b", &locked))
    set_logind_locked (self, locked, locked ? "LockedHint changed to true"
                                            : "LockedHint changed to false");
  else if (g_strv_contains (invalidated, "LockedHint"))
    read_locked_hint (self, on_locked_hint);
}

static void
forget_session (LimberSessionMonitor *self)
{
  if (self->lock_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->lock_subscription);
  if (self->unlock_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->unlock_subscription);
  if (self->properties_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->properties_subscription);
  self->lock_subscription = 0;
  self->unlock_subscription = 0;
  self->properties_subscription = 0;
  g_clear_pointer (&self->session_path, g_free);
}

static guint
subscribe_session (LimberSessionMonitor *self,
                   const char           *iface,
                   const char           *member,
                   const char           *arg0,
                   GDBusSignalCallback   callback)
{
  return g_dbus_connection_signal_subscribe (self->system_bus, LOGIND_NAME, iface, member,
                                             self->session_path, arg0,
                                             G_DBUS_SIGNAL_FLAGS_NONE, callback, self, NULL);
}

/* The reply to the first LockedHint read proves the session exists (logind
 * may name a path for a session it does not have: the dbusmock template
 * does for any name) and gives the lock state to start from. */
static void
on_session_checked (GObject      *bus,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  LimberSessionMonitor *self;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LIMBER_SESSION_MONITOR (user_data);
  if (reply != NULL)
    g_variant_get (reply, "(v)", &value);
  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    {
      g_debug ("logind: session %s from %s is not usable: %s", self->session_path,
               find_step_names[self->find_step],
               error != NULL ? error->message : "LockedHint is not a boolean");
      forget_session (self);
      self->find_step++;
      find_session (self);
      return;
    }
  g_debug ("logind: watching session %s (found by %s)", self->session_path,
           find_step_names[self->find_step]);
  set_logind_locked (self, g_variant_get_boolean (value),
                     g_variant_get_boolean (value) ? "LockedHint is true at start"
                                                   : "LockedHint is false at start");
}

static void
try_session (LimberSessionMonitor *self,
             const char           *path)
{
  forget_session (self);
  self->session_path = g_strdup (path);
  /* Subscribed before reading the state, so that no change falls between. */
  self->lock_subscription = subscribe_session (self, LOGIND_SESSION_IFACE, "Lock", NULL,
                                               on_session_lock);
  self->unlock_subscription = subscribe_session (self, LOGIND_SESSION_IFACE, "Unlock", NULL,
                                                 on_session_lock);
  self->properties_subscription = subscribe_session (self, PROPERTIES_IFACE, "PropertiesChanged",
                                                     LOGIND_SESSION_IFACE,
                                                     on_session_properties_changed);
  read_locked_hint (self, on_session_checked);
}

/* Replies of the finding steps: "(o)" from the manager's methods, "(v)"
 * holding "(so)" from the user's Display property. */
static void
on_session_path (GObject      *bus,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) display = NULL;
  LimberSessionMonitor *self;
  const char *path = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LIMBER_SESSION_MONITOR (user_data);
  if (reply != NULL && g_variant_is_of_type (reply, G_VARIANT_TYPE ("(o)")))
    {
      g_variant_get (reply, "(&o)", &path);
    }
  else if (reply != NULL)
    {
      g_variant_get (reply, "(v)", &display);
      if (g_variant_is_of_type (display, G_VARIANT_TYPE ("(so)")))
        g_variant_get (display, "(&s&o)", NULL, &path);
    }

  if (path != NULL && g_strcmp0 (path, "/") != 0)
    {
      try_session (self, path);
      return;
    }
  g_debug ("logind: no session from %s: %s", find_step_names[self->find_step],
           error != NULL ? error->message : "none named");
  self->find_step++;
  find_session (self);
}

static void
on_user_path (GObject      *bus,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  LimberSessionMonitor *self;
  const char *user_path;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = LIMBER_SESSION_MONITOR (user_data);
  if (reply == NULL)
    {
      g_debug ("logind: no user object: %s", error->message);
      self->find_step++;
      find_session (self);
      return;
    }
  g_variant_get (reply, "(&o)", &user_path);
  g_dbus_connection_call (self->system_bus, LOGIND_NAME, user_path, PROPERTIES_IFACE, "Get",
                          g_variant_new ("(ss)", LOGIND_USER_IFACE, "Display"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->logind_cancellable, on_session_path, self);
}

static void
call_manager (LimberSessionMonitor *self,
              const char           *method,
              GVariant             *parameters,
              GAsyncReadyCallback   callback)
{
  g_dbus_connection_call (self->system_bus, LOGIND_NAME, LOGIND_PATH, LOGIND_MANAGER_IFACE,
                          method, parameters, G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->logind_cancellable, callback, self);
}

/* Tries the current finding step; each failure moves on to the next. */
static void
find_session (LimberSessionMonitor *self)
{
  const char *session_id;

  switch (self->find_step)
    {
    case FIND_BY_ENV_ID:
      session_id = g_getenv ("XDG_SESSION_ID");
      if (session_id != NULL && *session_id != '\0')
        {
          call_manager (self, "GetSession", g_variant_new ("(s)", session_id), on_session_path);
          return;
        }
      self->find_step++;
      G_GNUC_FALLTHROUGH;
    case FIND_BY_PID:
      call_manager (self, "GetSessionByPID", g_variant_new ("(u)", (guint32) getpid ()),
                    on_session_path);
      return;
    case FIND_AUTO:
      call_manager (self, "GetSession", g_variant_new ("(s)", "auto"), on_session_path);
      return;
    case FIND_BY_DISPLAY:
      call_manager (self, "GetUser", g_variant_new ("(u)", (guint32) getuid ()), on_user_path);
      return;
    case FIND_DONE:
    default:
      g_debug ("logind: no session found for this process; lock state comes from "
               "org.gnome.ScreenSaver only");
      return;
    }
}

/* ---- logind: on the bus or not ----------------------------------------- */

static void
on_logind_appeared (GDBusConnection *bus,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  LimberSessionMonitor *self = LIMBER_SESSION_MONITOR (user_data);

  g_debug ("logind is on the system bus (%s)", owner);
  self->find_step = FIND_BY_ENV_ID;
  find_session (self);
}

static void
on_logind_vanished (GDBusConnection *bus,
                    const char      *name,
                    gpointer         user_data)
{
  LimberSessionMonitor *self = LIMBER_SESSION_MONITOR (user_data);

  g_debug ("logind is not on the system bus; lock and sleep from logind are unavailable");
  g_cancellable_cancel (self->logind_cancellable);
  g_object_unref (self->logind_cancellable);
  self->logind_cancellable = g_cancellable_new ();
  forget_session (self);
  /* A sleep logind will never end must not leave the user away for good. */
  end_sleep (self, "logind left the bus while the machine was said to sleep");
  if (self->logind_locked)
    set_logind_locked (self, FALSE, "no logind, so no lock from it");
}

/* ---- org.gnome.ScreenSaver --------------------------------------------- */

static void
set_screensaver_locked (LimberSessionMonitor *self,
                        gboolean              active,
                        const char           *why)
{
  g_debug ("org.gnome.ScreenSaver: %s", why);
  self->screensaver_locked = active;
  update_locked (self);
}

static void
on_active_changed (GDBusConnection *bus,
                   const char      *sender,
                   const char      *path,
                   const char      *iface,
                   const char      *signal,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  gboolean active;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &active);
  set_screensaver_locked (LIMBER_SESSION_MONITOR (user_data), active,
                          active ? "ActiveChanged(true)" : "ActiveChanged(false)");
}

static void
on_get_active (GObject      *bus,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean active;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, &error);
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("org.gnome.ScreenSaver GetActive failed: %s", error->message);
      return;
    }
  g_variant_get (reply, "(b)", &active);
  set_screensaver_locked (LIMBER_SESSION_MONITOR (user_data), active,
                          active ? "GetActive says active" : "GetActive says inactive");
}

static void
on_screensaver_appeared (GDBusConnection *bus,
                         const char      *name,
                         const char      *owner,
                         gpointer         user_data)
{
  LimberSessionMonitor *self = LIMBER_SESSION_MONITOR (user_data);

  g_debug ("org.gnome.ScreenSaver is on the session bus (%s)", owner);
  g_dbus_connection_call (bus, SCREENSAVER_NAME, SCREENSAVER_PATH, SCREENSAVER_IFACE,
                          "GetActive", NULL, G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          self->screensaver_cancellable, on_get_active, self);
}

static void
on_screensaver_vanished (GDBusConnection *bus,
                         const char      *name,
                         gpointer         user_data)
{
  LimberSessionMonitor *self = LIMBER_SESSION_MONITOR (user_data);

  g_debug ("org.gnome.ScreenSaver is not on the session bus");
  g_cancellable_cancel (self->screensaver_cancellable);
  g_object_unref (self->screensaver_cancellable);
  self->screensaver_cancellable = g_cancellable_new ();
  if (self->screensaver_locked)
    set_screensaver_locked (self, FALSE, "gone, so no lock from it");
}

/* ---- object ------------------------------------------------------------ */

static void
limber_session_monitor_dispose (GObject *object)
{
  LimberSessionMonitor *self = LIMBER_SESSION_MONITOR (object);

  g_cancellable_cancel (self->logind_cancellable);
  g_cancellable_cancel (self->screensaver_cancellable);
  if (self->system_bus != NULL)
    {
      forget_session (self);
      if (self->sleep_subscription != 0)
        g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
      self->sleep_subscription = 0;
    }
  if (self->logind_watch != 0)
    g_bus_unwatch_name (self->logind_watch);
  self->logind_watch = 0;
  if (self->screensaver_watch != 0)
    g_bus_unwatch_name (self->screensaver_watch);
  self->screensaver_watch = 0;
  if (self->active_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->session_bus, self->active_subscription);
  self->active_subscription = 0;
  g_clear_object (&self->system_bus);
  g_clear_object (&self->session_bus);
  G_OBJECT_CLASS (limber_session_monitor_parent_class)->dispose (object);
}

static void
limber_session_monitor_finalize (GObject *object)
{
  LimberSessionMonitor *self = LIMBER_SESSION_MONITOR (object);

  g_clear_object (&self->logind_cancellable);
  g_clear_object (&self->screensaver_cancellable);
  g_free (self->session_path);
  G_OBJECT_CLASS (limber_session_monitor_parent_class)->finalize (object);
}

static void
limber_session_monitor_class_init (LimberSessionMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = limber_session_monitor_dispose;
  object_class->finalize = limber_session_monitor_finalize;

  signals[SIGNAL_LOCKED] = g_signal_new ("locked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_SLEEPING] = g_signal_new ("sleeping", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  signals[SIGNAL_WOKE] = g_signal_new ("woke", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
limber_session_monitor_init (LimberSessionMonitor *self)
{
  self->logind_cancellable = g_cancellable_new ();
  self->screensaver_cancellable = g_cancellable_new ();
  self->clock_offset = suspended_offset ();
}

LimberSessionMonitor *
limber_session_monitor_new (GDBusConnection *session_bus,
                            GDBusConnection *system_bus)
{
  LimberSessionMonitor *self;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (session_bus), NULL);
  g_return_val_if_fail (system_bus == NULL || G_IS_DBUS_CONNECTION (system_bus), NULL);

  self = g_object_new (LIMBER_TYPE_SESSION_MONITOR, NULL);
  self->session_bus = g_object_ref (session_bus);

  /* Subscribed before the name watch so that a signal sent as soon as the
   * screensaver appears is not missed. */
  self->active_subscription =
    g_dbus_connection_signal_subscribe (session_bus, SCREENSAVER_NAME, SCREENSAVER_IFACE,
                                        "ActiveChanged", SCREENSAVER_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_active_changed, self, NULL);
  self->screensaver_watch =
    g_bus_watch_name_on_connection (session_bus, SCREENSAVER_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                    on_screensaver_appeared, on_screensaver_vanished,
                                    self, NULL);

  if (system_bus == NULL)
    {
      g_debug ("No system bus: lock and sleep from logind are unavailable");
      return self;
    }
  self->system_bus = g_object_ref (system_bus);
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (system_bus, LOGIND_NAME, LOGIND_MANAGER_IFACE,
                                        "PrepareForSleep", LOGIND_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, on_prepare_for_sleep,
                                        self, NULL);
  self->logind_watch =
    g_bus_watch_name_on_connection (system_bus, LOGIND_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                    on_logind_appeared, on_logind_vanished, self, NULL);
  return self;
}

gboolean
limber_session_monitor_get_locked (LimberSessionMonitor *self)
{
  g_return_val_if_fail (LIMBER_IS_SESSION_MONITOR (self), FALSE);

  return self->locked;
}
