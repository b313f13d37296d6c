#include "limber-notifier.h"

#include "limber-names.h"

#include <libnotify/notify.h>

#define NOTIFICATIONS_NAME "org.freedesktop.Notifications"

struct _LimberNotifier {
  GObject parent_instance;

  GDBusConnection *bus;
  guint            watch_id;
  char            *owner;       /* unique name of the server; NULL when none */

  /* The server's capabilities, asked once per server start. caps_owner is
   * the server they came from; NULL when they were asked before the watch
   * had seen the owner (the first show() can start the server). */
  char           **caps;
  char            *caps_owner;

  /* Held while the notice is on screen: libnotify delivers actions only
   * to a notification object that is still alive. */
  NotifyNotification *shown;

  /* A notice could not be shown, or was on screen when the server went
   * away: show it again when a server comes. */
  gboolean missed;
  /* When asking a missing server last failed (monotonic µs): asking again
   * tries D-Bus activation each time, so within a minute of a failure
   * notices go straight to the log (the name watch still brings them back
   * when a server comes). */
  gint64   caps_failed_at;
  gboolean told_no_server;
  gboolean checked_at_start;
};

G_DEFINE_FINAL_TYPE (LimberNotifier, limber_notifier, G_TYPE_OBJECT)

enum {
  SIGNAL_ACTION,
  SIGNAL_DISMISSED,
  SIGNAL_EXPIRED,
  SIGNAL_SERVER_RETURNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The spec's NotificationClosed reason for a close by the user. */
#define CLOSED_REASON_DISMISSED 2

static gboolean
release_notification (gpointer object)
{
  notify_notification_clear_actions (NOTIFY_NOTIFICATION (object));
  g_object_unref (object);
  return G_SOURCE_REMOVE;
}

/* Stops listening to the notice on screen and lets it go. */
static void
forget_shown (LimberNotifier *self)
{
  if (self->shown == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->shown, self);
  /* We may be inside one of libnotify's callbacks for this notification;
   * let it finish with the object (and its actions) before they go. */
  g_idle_add (release_notification, g_steal_pointer (&self->shown));
}

typedef struct {
  LimberNotifier *self;
  char           *action;
} PendingAction;

static gboolean
emit_action (gpointer user_data)
{
  PendingAction *pending = user_data;

  g_signal_emit (pending->self, signals[SIGNAL_ACTION], 0, pending->action);
  g_object_unref (pending->self);
  g_free (pending->action);
  g_free (pending);
  return G_SOURCE_REMOVE;
}

static void
on_action (NotifyNotification *notification,
           char               *action,
           gpointer            user_data)
{
  LimberNotifier *self = LIMBER_NOTIFIER (user_data);
  PendingAction *pending;

  if (notification != self->shown)
    return;
  g_debug ("Notification action “%s”", action);
  /* The spec has servers close a notification once an action is chosen,
   * but not all do (dunst leaves it up after `dunstctl action` or its
   * context menu), and an answered reminder must not stay behind with
   * buttons that no longer do anything. So stop listening (whatever the
   * server does with it is no dismissal) and close it ourselves; what
   * comes next (a guide, the next reminder) is a new notice. */
  g_object_ref (notification);
  forget_shown (self);
  if (!notify_notification_close (notification, NULL))
    g_debug ("The server had closed it already");
  g_object_unref (notification);
  pending = g_new0 (PendingAction, 1);
  pending->self = g_object_ref (self);
  pending->action = g_strdup (action);
  g_idle_add (emit_action, pending);
}

static void
on_closed (NotifyNotification *notification,
           gpointer            user_data)
{
  LimberNotifier *self = LIMBER_NOTIFIER (user_data);
  int reason = notify_notification_get_closed_reason (notification);

  g_debug ("Notification closed, reason %d", reason);
  forget_shown (self);
  /* Only the user's own close is a dismissal. Anything else (expired, a
   * close by some other client, "undefined") took the notice off the
   * screen without an answer: it is owed again, like an expiry. Our own
   * closes never get here (forget_shown() disconnects first). */
  if (reason == CLOSED_REASON_DISMISSED)
    g_signal_emit (self, signals[SIGNAL_DISMISSED], 0);
  else
    g_signal_emit (self, signals[SIGNAL_EXPIRED], 0);
}

static void
set_caps (LimberNotifier *self,
          char          **caps,
          const char     *owner)
{
  g_autofree char *list = caps != NULL ? g_strjoinv (" ", caps) : g_strdup ("(none)");

  g_strfreev (self->caps);
  self->caps = caps;
  g_free (self->caps_owner);
  self->caps_owner = g_strdup (owner);
  g_debug ("Notification server %s can: %s", owner ? owner : "", list);
}

static void
forget_caps (LimberNotifier *self)
{
  g_clear_pointer (&self->caps, g_strfreev);
  g_clear_pointer (&self->caps_owner, g_free);
}

/* Asks the server right away; for a show() before the watch knows it. */
static gboolean
ensure_caps (LimberNotifier *self)
{
  GList *list;
  GPtrArray *caps;

  if (self->caps != NULL)
    return TRUE;
  if (self->owner == NULL && self->caps_failed_at != 0 &&
      g_get_monotonic_time () - self->caps_failed_at < 60 * G_USEC_PER_SEC)
    return FALSE;

  list = notify_get_server_caps ();
  if (list == NULL)
    {
      self->caps_failed_at = g_get_monotonic_time ();
      return FALSE;
    }
  self->caps_failed_at = 0;
  caps = g_ptr_array_new ();
  for (GList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (caps, l->data);
  g_ptr_array_add (caps, NULL);
  g_list_free (list);
  set_caps (self, (char **) g_ptr_array_free (caps, FALSE), self->owner);
  return TRUE;
}

gboolean
limber_notifier_server_has (LimberNotifier *self,
                            const char     *capability)
{
  g_return_val_if_fail (LIMBER_IS_NOTIFIER (self), FALSE);

  if (!ensure_caps (self))
    return FALSE;
  return g_strv_contains ((const char *const *) self->caps, capability);
}

static void
log_notice (const LimberNotice *notice)
{
  g_autofree char *one_line = g_strdup (notice->body_plain ? notice->body_plain : "");

  g_strdelimit (one_line, "\n", ' ');
  /* "Reminder:" is what a user (and test-no-notifications) looks for. */
  g_message ("Reminder: %s — %s", notice->title, one_line);
}

void
limber_notifier_show (LimberNotifier     *self,
                      const LimberNotice *notice)
{
  g_autoptr(GError) error = NULL;
  const char *body;
  gboolean has_actions;

  g_return_if_fail (LIMBER_IS_NOTIFIER (self));

  if (!ensure_caps (self))
    {
      if (!self->told_no_server)
        g_warning ("No notification server answers on the session bus; reminders go to this log");
      self->told_no_server = TRUE;
      self->missed = TRUE;
      log_notice (notice);
      return;
    }
  self->told_no_server = FALSE;

  body = notice->body_markup != NULL && limber_notifier_server_has (self, "body-markup")
           ? notice->body_markup
           : notice->body_plain;
  if (self->shown == NULL)
    {
      self->shown = notify_notification_new (notice->title, body, LIMBER_APP_ID);
      g_signal_connect (self->shown, "closed", G_CALLBACK (on_closed), self);
    }
  else
    {
      notify_notification_update (self->shown, notice->title, body, LIMBER_APP_ID);
      notify_notification_clear_actions (self->shown);
      notify_notification_clear_hints (self->shown);
    }

  notify_notification_set_hint_string (self->shown, "desktop-entry", LIMBER_DESKTOP_ENTRY);
  notify_notification_set_category (self->shown, "x-limber.reminder");
  notify_notification_set_urgency (self->shown, notice->critical ? NOTIFY_URGENCY_CRITICAL
                                                                 : NOTIFY_URGENCY_NORMAL);
  notify_notification_set_timeout (self->shown, notice->critical || notice->stay
                                                  ? NOTIFY_EXPIRES_NEVER : NOTIFY_EXPIRES_DEFAULT);
  if (notice->image_path != NULL)
    {
      g_autofree char *uri = g_filename_to_uri (notice->image_path, NULL, NULL);

      if (uri != NULL)
        notify_notification_set_hint_string (self->shown, "image-path", uri);
    }
  if (notice->sound_name != NULL && !notice->suppress_sound &&
      limber_notifier_server_has (self, "sound"))
    notify_notification_set_hint_string (self->shown, "sound-name", notice->sound_name);
  if (notice->suppress_sound)
    notify_notification_set_hint (self->shown, "suppress-sound", g_variant_new_boolean (TRUE));
  /* Only a server that keeps a history has anything to keep out of it. */
  if (notice->transient && limber_notifier_server_has (self, "persistence"))
    notify_notification_set_hint (self->shown, "transient", g_variant_new_boolean (TRUE));

  has_actions = limber_notifier_server_has (self, "actions");
  for (guint i = 0; has_actions && i < notice->n_actions; i++)
    notify_notification_add_action (self->shown, notice->actions[i].id, notice->actions[i].label,
                                    on_action, self, NULL);

  if (!notify_notification_show (self->shown, &error))
    {
      g_warning ("Could not show the notification (%s); it goes to this log", error->message);
      forget_shown (self);
      /* The server may have gone; ask its capabilities again next time. */
      forget_caps (self);
      self->missed = TRUE;
      log_notice (notice);
      return;
    }
  self->missed = FALSE;
  if (notice->let_go)
    forget_shown (self);
}

void
limber_notifier_withdraw (LimberNotifier *self)
{
  NotifyNotification *shown;

  g_return_if_fail (LIMBER_IS_NOTIFIER (self));

  self->missed = FALSE;
  if (self->shown == NULL)
    return;
  shown = g_object_ref (self->shown);
  /* Our own close must not come back as a dismissal. */
  forget_shown (self);
  if (!notify_notification_close (shown, NULL))
    g_debug ("The notification was already gone");
  g_object_unref (shown);
}

gboolean
limber_notifier_is_showing (LimberNotifier *self)
{
  g_return_val_if_fail (LIMBER_IS_NOTIFIER (self), FALSE);
  return self->shown != NULL;
}

/* ---- the server's comings and goings ----------------------------------- */

static void
on_server_appeared (GDBusConnection *bus,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  LimberNotifier *self = LIMBER_NOTIFIER (user_data);

  self->checked_at_start = TRUE;
  if (g_strcmp0 (self->owner, owner) == 0)
    return;
  g_free (self->owner);
  self->owner = g_strdup (owner);
  g_debug ("Notification server: %s", owner);

  /* Capabilities are asked when first needed (the next show()), once per
   * server: a synchronous round trip, as libnotify's own calls are. Those
   * asked by the show() that started this server are already its own. */
  if (self->caps != NULL && self->caps_owner == NULL)
    self->caps_owner = g_strdup (owner);
  else
    forget_caps (self);

  if (self->missed)
    {
      g_info ("A notification server is back; showing the reminder again");
      self->missed = FALSE;
      g_signal_emit (self, signals[SIGNAL_SERVER_RETURNED], 0);
    }
}

static void
on_activatable_names (GObject      *bus,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, NULL);
  g_autofree const char **names = NULL;

  if (reply != NULL)
    {
      g_variant_get (reply, "(^a&s)", &names);
      if (g_strv_contains (names, NOTIFICATIONS_NAME))
        return;
    }
  g_warning ("No notification server is running on the session bus or can be "
             "started there: each reminder will be printed to this log instead, "
             "and can be answered with limberctl");
}

static void
on_server_vanished (GDBusConnection *bus,
                    const char      *name,
                    gpointer         user_data)
{
  LimberNotifier *self = LIMBER_NOTIFIER (user_data);

  if (!self->checked_at_start)
    {
      /* Not running at start; D-Bus activation may still start one on the
       * first notice. Say so only when nothing can. */
      self->checked_at_start = TRUE;
      if (bus != NULL)
        g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                on_activatable_names, NULL);
      return;
    }

  if (self->owner == NULL)
    return;
  g_info ("The notification server %s went away", self->owner);
  g_clear_pointer (&self->owner, g_free);
  forget_caps (self);
  if (self->shown != NULL)
    {
      /* Gone with the server; nobody closed it. */
      forget_shown (self);
      self->missed = TRUE;
    }
}

void
limber_notifier_watch (LimberNotifier  *self,
                       GDBusConnection *bus)
{
  g_return_if_fail (LIMBER_IS_NOTIFIER (self));
  g_return_if_fail (self->bus == NULL);

  self->bus = g_object_ref (bus);
  self->watch_id = g_bus_watch_name_on_connection (bus, NOTIFICATIONS_NAME,
                                                   G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   on_server_appeared, on_server_vanished,
                                                   self, NULL);
}

static void
limber_notifier_dispose (GObject *object)
{
  LimberNotifier *self = LIMBER_NOTIFIER (object);

  forget_shown (self);
  forget_caps (self);
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  g_clear_object (&self->bus);
  g_clear_pointer (&self->owner, g_free);
  G_OBJECT_CLASS (limber_notifier_parent_class)->dispose (object);
}

static void
limber_notifier_class_init (LimberNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = limber_notifier_dispose;

  signals[SIGNAL_ACTION] = g_signal_new ("action",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DISMISSED] = g_signal_new ("dismissed",
                                            G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
  signals[SIGNAL_EXPIRED] = g_signal_new ("expired",
                                          G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals[SIGNAL_SERVER_RETURNED] = g_signal_new ("server-returned",
                                                  G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 0);
}

static void
limber_notifier_init (LimberNotifier *self)
{
  if (!notify_is_initted ())
    notify_init ("Limber");
}

LimberNotifier *
limber_notifier_new (void)
{
  return g_object_new (LIMBER_TYPE_NOTIFIER, NULL);
}
