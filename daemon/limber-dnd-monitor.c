/* The do-not-disturb monitor.
 *
 * Three independent sources, each remembered as one boolean, and "quiet"
 * is their OR. Every source is watched through change notifications:
 * GSettings' "changed" signal for GNOME, PropertiesChanged on
 * /org/freedesktop/Notifications for the notification server. The server
 * is asked once with Properties.Get when it appears on the bus, because
 * PropertiesChanged only tells us about changes after we subscribed.
 *
 * Nothing here may start a notification server: the name watch and every
 * call use no-auto-start, so a session without one simply has no quiet
 * from that side. */
#include "limber-dnd-monitor.h"

#define NOTIFICATIONS_NAME  "org.freedesktop.Notifications"
#define NOTIFICATIONS_PATH  "/org/freedesktop/Notifications"
#define NOTIFICATIONS_IFACE "org.freedesktop.Notifications"
#define DUNST_IFACE         "org.dunstproject.cmd0"
#define PROPERTIES_IFACE    "org.freedesktop.DBus.Properties"

#define GNOME_NOTIFICATIONS_SCHEMA "org.gnome.desktop.notifications"
#define SHOW_BANNERS_KEY           "show-banners"

/* Reasons, in the order get_reason() prefers them. */
#define REASON_DUNST        "dunst paused"
#define REASON_INHIBITED    "Inhibited"
#define REASON_SHOW_BANNERS "show-banners"

struct _LimberDndMonitor {
  GObject parent_instance;

  GDBusConnection *bus;

  /* GNOME; NULL when the schema is not installed. */
  GSettings *gnome_settings;

  /* The notification server currently owning the name. */
  guint         name_watch;
  guint         properties_subscription; /* 0: no server */
  GCancellable *server_cancellable;      /* calls to the current owner */

  gboolean banners_off;
  gboolean inhibited;
  gboolean dunst_paused;
  gboolean quiet;
};

G_DEFINE_FINAL_TYPE (LimberDndMonitor, limber_dnd_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_QUIET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_quiet (LimberDndMonitor *self)
{
  gboolean quiet = self->banners_off || self->inhibited || self->dunst_paused;

  if (quiet == self->quiet)
    return;
  self->quiet = quiet;
  if (quiet)
    g_debug ("Do-not-disturb on (%s)", limber_dnd_monitor_get_reason (self));
  else
    g_debug ("Do-not-disturb off");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUIET]);
}

/* ---- GNOME: GSettings ---------------------------------------------------- */

static void
on_show_banners_changed (GSettings  *settings,
                         const char *key,
                         gpointer    user_data)
{
  LimberDndMonitor *self = LIMBER_DND_MONITOR (user_data);

  self->banners_off = !g_settings_get_boolean (settings, SHOW_BANNERS_KEY);
  update_quiet (self);
}

static void
watch_gnome_settings (LimberDndMonitor *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* g_settings_new() aborts on a missing schema, and desktops other than
   * GNOME often do not ship this one: look before creating. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, GNOME_NOTIFICATIONS_SCHEMA, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, SHOW_BANNERS_KEY))
    {
      g_debug ("No " GNOME_NOTIFICATIONS_SCHEMA " " SHOW_BANNERS_KEY
               " schema; not watching GNOME's do-not-disturb");
      return;
    }

  self->gnome_settings = g_settings_new_full (schema, NULL, NULL);
  g_signal_connect (self->gnome_settings, "changed::" SHOW_BANNERS_KEY,
                    G_CALLBACK (on_show_banners_changed), self);
  /* Reading the key also makes sure the backend watches it. */
  on_show_banners_changed (self->gnome_settings, SHOW_BANNERS_KEY, self);
}

/* ---- the notification server: Inhibited and dunst's paused -------------- */

/* Applies one property value of the server; unknown ones are ignored. */
static void
apply_server_property (LimberDndMonitor *self,
                       const char       *iface,
                       const char       *name,
                       GVariant         *value)
{
  gboolean on = FALSE;

  /* A value of the wrong type counts as "not quiet": a broken server must
   * not silence Limber for good. */
  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    on = g_variant_get_boolean (value);

  if (g_str_equal (iface, NOTIFICATIONS_IFACE) && g_str_equal (name, "Inhibited"))
    self->inhibited = on;
  else if (g_str_equal (iface, DUNST_IFACE) && g_str_equal (name, "paused"))
    self->dunst_paused = on;
  else
    return;
  update_quiet (self);
}

typedef struct {
  LimberDndMonitor *self;   /* not a reference: the cancellable guards it */
  const char       *iface;  /* static strings */
  const char       *name;
} PropertyRequest;

static void
on_property_got (GObject      *bus,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree PropertyRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, &error);
  if (reply == NULL)
    {
      /* Cancelled: the server left or the monitor is gone; either way
       * request->self must not be touched. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Most servers have neither property; that is "not quiet". */
      g_debug ("%s.%s not available: %s", request->iface, request->name, error->message);
      apply_server_property (request->self, request->iface, request->name, NULL);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  apply_server_property (request->self, request->iface, request->name, value);
}

static void
get_server_property (LimberDndMonitor *self,
                     const char       *owner,
                     const char       *iface,
                     const char       *name)
{
  PropertyRequest *request = g_new0 (PropertyRequest, 1);

  request->self = self;
  request->iface = iface;
  request->name = name;
  /* Ask the unique owner, so an answer can only come from the server we
   * subscribed to, and never start one by asking. */
  g_dbus_connection_call (self->bus, owner, NOTIFICATIONS_PATH, PROPERTIES_IFACE, "Get",
                          g_variant_new ("(ss)", iface, name), G_VARIANT_TYPE ("(v)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->server_cancellable,
                          on_property_got, request);
}

static void
on_properties_changed (GDBusConnection *bus,
                       const char      *sender,
                       const char      *path,
                       const char      *iface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  LimberDndMonitor *self = LIMBER_DND_MONITOR (user_data);
  const char *changed_iface;
  g_autoptr(GVariantIter) changed = NULL;
  g_autofree const char **invalidated = NULL;
  const char *name;
  GVariant *value;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sa{sv}as)")))
    return;
  g_variant_get (parameters, "(&sa{sv}^a&s)", &changed_iface, &changed, &invalidated);

  while (g_variant_iter_loop (changed, "{&sv}", &name, &value))
    apply_server_property (self, changed_iface, name, value);

  /* An invalidated property changed without its value: ask for it. */
  for (gsize i = 0; invalidated[i] != NULL; i++)
    {
      if (g_str_equal (changed_iface, NOTIFICATIONS_IFACE)
          && g_str_equal (invalidated[i], "Inhibited"))
        get_server_property (self, sender, NOTIFICATIONS_IFACE, "Inhibited");
      else if (g_str_equal (changed_iface, DUNST_IFACE)
               && g_str_equal (invalidated[i], "paused"))
        get_server_property (self, sender, DUNST_IFACE, "paused");
    }
}

/* Forgets the current server: its calls, its signals and what it said. */
static void
forget_server (LimberDndMonitor *self)
{
  g_cancellable_cancel (self->server_cancellable);
  g_clear_object (&self->server_cancellable);
  if (self->properties_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->properties_subscription);
  self->properties_subscription = 0;
  self->inhibited = FALSE;
  self->dunst_paused = FALSE;
}

static void
on_server_appeared (GDBusConnection *bus,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  LimberDndMonitor *self = LIMBER_DND_MONITOR (user_data);

  /* A new owner may be a different server: nothing the old one said
   * holds. (Without a vanish in between, the name changed hands.) */
  forget_server (self);
  update_quiet (self);

  self->server_cancellable = g_cancellable_new ();
  /* Subscribe to the unique owner before asking, so a change made between
   * our Get and its reply is not missed: the bus delivers the server's
   * reply and signals in the order it sent them. */
  self->properties_subscription =
    g_dbus_connection_signal_subscribe (bus, owner, PROPERTIES_IFACE, "PropertiesChanged",
                                        NOTIFICATIONS_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_properties_changed, self, NULL);
  get_server_property (self, owner, NOTIFICATIONS_IFACE, "Inhibited");
  get_server_property (self, owner, DUNST_IFACE, "paused");
}

static void
on_server_vanished (GDBusConnection *bus,
                    const char      *name,
                    gpointer         user_data)
{
  LimberDndMonitor *self = LIMBER_DND_MONITOR (user_data);

  /* A server that is gone silences nothing (and a notification server that
   * crashed while paused must not hold reminders forever). */
  forget_server (self);
  update_quiet (self);
}

/* ---- the object ---------------------------------------------------------- */

gboolean
limber_dnd_monitor_get_quiet (LimberDndMonitor *self)
{
  g_return_val_if_fail (LIMBER_IS_DND_MONITOR (self), FALSE);
  return self->quiet;
}

const char *
limber_dnd_monitor_get_reason (LimberDndMonitor *self)
{
  g_return_val_if_fail (LIMBER_IS_DND_MONITOR (self), NULL);
  if (self->dunst_paused)
    return REASON_DUNST;
  if (self->inhibited)
    return REASON_INHIBITED;
  if (self->banners_off)
    return REASON_SHOW_BANNERS;
  return NULL;
}

static void
limber_dnd_monitor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LimberDndMonitor *self = LIMBER_DND_MONITOR (object);

  switch (prop_id)
    {
    case PROP_QUIET:
      g_value_set_boolean (value, self->quiet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limber_dnd_monitor_dispose (GObject *object)
{
  LimberDndMonitor *self = LIMBER_DND_MONITOR (object);

  if (self->name_watch != 0)
    g_bus_unwatch_name (self->name_watch);
  self->name_watch = 0;
  if (self->bus != NULL)
    forget_server (self);
  if (self->gnome_settings != NULL)
    g_signal_handlers_disconnect_by_data (self->gnome_settings, self);
  g_clear_object (&self->gnome_settings);
  g_clear_object (&self->bus);
  G_OBJECT_CLASS (limber_dnd_monitor_parent_class)->dispose (object);
}

static void
limber_dnd_monitor_class_init (LimberDndMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = limber_dnd_monitor_get_property;
  object_class->dispose = limber_dnd_monitor_dispose;

  properties[PROP_QUIET] =
    g_param_spec_boolean ("quiet", "Quiet", "Whether the desktop asks not to be disturbed",
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
limber_dnd_monitor_init (LimberDndMonitor *self)
{
}

LimberDndMonitor *
limber_dnd_monitor_new (GDBusConnection *session_bus)
{
  LimberDndMonitor *self;

  g_return_val_if_fail (session_bus == NULL || G_IS_DBUS_CONNECTION (session_bus), NULL);

  self = g_object_new (LIMBER_TYPE_DND_MONITOR, NULL);
  watch_gnome_settings (self);
  /* Without a bus (limberd can run without one in tests) only GNOME's
   * setting is watched. */
  if (session_bus != NULL)
    {
      self->bus = g_object_ref (session_bus);
      self->name_watch =
        g_bus_watch_name_on_connection (session_bus, NOTIFICATIONS_NAME,
                                        G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        on_server_appeared, on_server_vanished,
                                        self, NULL);
    }
  return self;
}
