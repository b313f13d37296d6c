/* The GNOME backend: Mutter's org.gnome.Mutter.IdleMonitor.
 *
 * Event-driven: one AddIdleWatch for the threshold (Mutter fires it each
 * time idle crosses it), then a one-shot AddUserActiveWatch after each idle
 * to learn when input resumes. Nothing is polled; limberd makes no call to
 * Mutter while the user stays idle or stays busy. */
#include "limber-activity-source.h"

#define MUTTER_IDLE_NAME  "org.gnome.Mutter.IdleMonitor"
#define MUTTER_IDLE_PATH  "/org/gnome/Mutter/IdleMonitor/Core"
#define MUTTER_IDLE_IFACE "org.gnome.Mutter.IdleMonitor"

struct _LimberActivityMutter {
  LimberActivitySource parent_instance;

  GDBusConnection *bus;
  GCancellable    *cancellable;
  gint64           threshold;   /* µs */
  guint            name_watch;
  guint            fired_subscription;
  guint32          idle_watch;   /* 0: none */
  guint32          active_watch; /* 0: none */
  gboolean         idle;
};

G_DEFINE_FINAL_TYPE (LimberActivityMutter, limber_activity_mutter, LIMBER_TYPE_ACTIVITY_SOURCE)

static gboolean
mutter_probe (LimberActivitySource *source,
              GDBusConnection      *bus,
              char                **reason)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", MUTTER_IDLE_NAME),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       1000, NULL, &error);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  if (has_owner)
    *reason = g_strdup (MUTTER_IDLE_NAME " is on the bus");
  else if (error != NULL)
    *reason = g_strdup_printf ("cannot ask the bus for " MUTTER_IDLE_NAME ": %s", error->message);
  else
    *reason = g_strdup (MUTTER_IDLE_NAME " is not on the bus");
  return has_owner;
}

/* Finishes a call to Mutter. NULL when it failed (with a warning) or was
 * cancelled because the backend stopped, in which case the backend may be
 * gone and must not be touched. */
static GVariant *
finish_mutter_call (GObject      *bus,
                    GAsyncResult *result,
                    const char   *what)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, &error);

  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Mutter %s failed: %s", what, error->message);
  return reply;
}

static void
call_mutter (LimberActivityMutter *self,
             const char           *method,
             GVariant             *parameters,
             const char           *reply_type,
             GAsyncReadyCallback   callback)
{
  g_dbus_connection_call (self->bus, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH, MUTTER_IDLE_IFACE,
                          method, parameters,
                          reply_type ? G_VARIANT_TYPE (reply_type) : NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                          callback ? self->cancellable : NULL, callback, self);
}

static void
on_active_watch_added (GObject      *bus,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GVariant) reply = finish_mutter_call (bus, result, "AddUserActiveWatch");

  if (reply != NULL)
    g_variant_get (reply, "(u)", &LIMBER_ACTIVITY_MUTTER (user_data)->active_watch);
}

static void
become_idle (LimberActivityMutter *self,
             gint64                idle_for)
{
  if (self->idle)
    return;
  self->idle = TRUE;
  call_mutter (self, "AddUserActiveWatch", NULL, "(u)", on_active_watch_added);
  limber_activity_source_emit_idle (LIMBER_ACTIVITY_SOURCE (self),
                                    g_get_monotonic_time () - idle_for);
}

static void
on_watch_fired (GDBusConnection *bus,
                const char      *sender,
                const char      *path,
                const char      *iface,
                const char      *signal,
                GVariant        *parameters,
                gpointer         user_data)
{
  LimberActivityMutter *self = LIMBER_ACTIVITY_MUTTER (user_data);
  guint32 id;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(u)")))
    return;
  g_variant_get (parameters, "(u)", &id);

  if (id != 0 && id == self->idle_watch)
    {
      become_idle (self, self->threshold);
    }
  else if (id != 0 && id == self->active_watch)
    {
      self->active_watch = 0; /* user-active watches fire once */
      self->idle = FALSE;
      limber_activity_source_emit_active (LIMBER_ACTIVITY_SOURCE (self));
    }
}

static void
on_idletime (GObject      *bus,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GVariant) reply = finish_mutter_call (bus, result, "GetIdletime");
  LimberActivityMutter *self;
  guint64 idle_ms;

  if (reply == NULL)
    return;
  self = LIMBER_ACTIVITY_MUTTER (user_data);
  g_variant_get (reply, "(t)", &idle_ms);
  /* An idle watch only fires when idle crosses its threshold, so idle that
   * had already passed it when we started would go unnoticed. */
  if ((gint64) idle_ms * 1000 >= self->threshold)
    become_idle (self, (gint64) idle_ms * 1000);
}

static void
on_idle_watch_added (GObject      *bus,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GVariant) reply = finish_mutter_call (bus, result, "AddIdleWatch");
  LimberActivityMutter *self;

  if (reply == NULL)
    return;
  self = LIMBER_ACTIVITY_MUTTER (user_data);
  g_variant_get (reply, "(u)", &self->idle_watch);
  g_debug ("Mutter idle watch %u for %" G_GINT64_FORMAT " ms", self->idle_watch,
           self->threshold / 1000);
  call_mutter (self, "GetIdletime", NULL, "(t)", on_idletime);
}

/* Mutter went away (a shell restart) while the user was idle: the watch
 * that would have said "active" is gone with it, so say it now rather than
 * leave the tracker thinking nobody is there. */
static void
forget_idle (LimberActivityMutter *self)
{
  if (!self->idle)
    return;
  self->idle = FALSE;
  limber_activity_source_emit_active (LIMBER_ACTIVITY_SOURCE (self));
}

static void
on_mutter_appeared (GDBusConnection *bus,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  LimberActivityMutter *self = LIMBER_ACTIVITY_MUTTER (user_data);

  /* A new Mutter knows none of our watches. */
  self->idle_watch = 0;
  self->active_watch = 0;
  forget_idle (self);
  call_mutter (self, "AddIdleWatch", g_variant_new ("(t)", (guint64) (self->threshold / 1000)),
               "(u)", on_idle_watch_added);
}

static void
on_mutter_vanished (GDBusConnection *bus,
                    const char      *name,
                    gpointer         user_data)
{
  LimberActivityMutter *self = LIMBER_ACTIVITY_MUTTER (user_data);

  if (self->idle_watch != 0)
    g_warning ("Mutter left the bus; idle detection stops until it is back");
  self->idle_watch = 0;
  self->active_watch = 0;
  forget_idle (self);
}

static gboolean
mutter_start (LimberActivitySource *source,
              GDBusConnection      *bus,
              gint64                threshold,
              GError              **error)
{
  LimberActivityMutter *self = LIMBER_ACTIVITY_MUTTER (source);

  self->bus = g_object_ref (bus);
  self->threshold = threshold;
  self->cancellable = g_cancellable_new ();
  /* Subscribe before any watch exists so that no firing is missed. */
  self->fired_subscription =
    g_dbus_connection_signal_subscribe (bus, MUTTER_IDLE_NAME, MUTTER_IDLE_IFACE, "WatchFired",
                                        MUTTER_IDLE_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_watch_fired, self, NULL);
  self->name_watch = g_bus_watch_name_on_connection (bus, MUTTER_IDLE_NAME,
                                                     G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                     on_mutter_appeared, on_mutter_vanished,
                                                     self, NULL);
  return TRUE;
}

static void
remove_watch (LimberActivityMutter *self,
              guint32              *id)
{
  if (*id == 0)
    return;
  call_mutter (self, "RemoveWatch", g_variant_new ("(u)", *id), NULL, NULL);
  *id = 0;
}

static void
mutter_stop (LimberActivitySource *source)
{
  LimberActivityMutter *self = LIMBER_ACTIVITY_MUTTER (source);

  if (self->bus == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->name_watch != 0)
    g_bus_unwatch_name (self->name_watch);
  self->name_watch = 0;
  if (self->fired_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->fired_subscription);
  self->fired_subscription = 0;
  remove_watch (self, &self->idle_watch);
  remove_watch (self, &self->active_watch);
  self->idle = FALSE;
  g_clear_object (&self->bus);
}

static void
limber_activity_mutter_dispose (GObject *object)
{
  mutter_stop (LIMBER_ACTIVITY_SOURCE (object));
  G_OBJECT_CLASS (limber_activity_mutter_parent_class)->dispose (object);
}

static void
limber_activity_mutter_class_init (LimberActivityMutterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LimberActivitySourceClass *source_class = LIMBER_ACTIVITY_SOURCE_CLASS (klass);

  object_class->dispose = limber_activity_mutter_dispose;
  source_class->probe = mutter_probe;
  source_class->start = mutter_start;
  source_class->stop = mutter_stop;
}

static void
limber_activity_mutter_init (LimberActivityMutter *self)
{
}
