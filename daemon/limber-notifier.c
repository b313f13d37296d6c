#include "limber-notifier.h"

#include "limber-names.h"

#include <libnotify/notify.h>

struct _LimberNotifier {
  GObject parent_instance;

  /* Held while the reminder is on screen: libnotify delivers actions only
   * to a notification object that is still alive. */
  NotifyNotification *shown;
  /* Set once the user chose an action, so that the close that servers send
   * right after an action is not taken for a dismissal. */
  gboolean acted;

  gboolean caps_known;
  gboolean server_has_markup;
  gboolean server_has_actions;
  gboolean told_no_server;
};

G_DEFINE_FINAL_TYPE (LimberNotifier, limber_notifier, G_TYPE_OBJECT)

enum {
  SIGNAL_ACTION,
  SIGNAL_DISMISSED,
  SIGNAL_EXPIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* NotifyClosedReason is not in libnotify's API; these are the spec's codes. */
#define CLOSED_REASON_EXPIRED   1
#define CLOSED_REASON_DISMISSED 2

static gboolean
unref_once (gpointer object)
{
  g_object_unref (object);
  return G_SOURCE_REMOVE;
}

static void
forget_shown (LimberNotifier *self)
{
  if (self->shown == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->shown, self);
  notify_notification_clear_actions (self->shown);
  /* We may be inside one of libnotify's callbacks for this notification;
   * let it finish with the object before it goes. */
  g_idle_add (unref_once, g_steal_pointer (&self->shown));
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
  PendingAction *pending = g_new0 (PendingAction, 1);

  self->acted = TRUE;
  g_debug ("Notification action “%s”", action);
  /* Reacting may withdraw and drop this very notification; do it once
   * libnotify has finished delivering the action. */
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
  gboolean acted = self->acted;

  g_debug ("Notification closed, reason %d", reason);
  forget_shown (self);
  if (acted)
    return;
  if (reason == CLOSED_REASON_DISMISSED)
    g_signal_emit (self, signals[SIGNAL_DISMISSED], 0);
  else if (reason == CLOSED_REASON_EXPIRED)
    g_signal_emit (self, signals[SIGNAL_EXPIRED], 0);
}

static gboolean
ensure_caps (LimberNotifier *self)
{
  GList *caps;

  if (self->caps_known)
    return TRUE;

  caps = notify_get_server_caps ();
  if (caps == NULL)
    return FALSE;
  self->server_has_markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;
  self->server_has_actions = g_list_find_custom (caps, "actions", (GCompareFunc) g_strcmp0) != NULL;
  g_list_free_full (caps, g_free);
  self->caps_known = TRUE;
  return TRUE;
}

static void
log_reminder (const char *title,
              const char *body_plain)
{
  g_autofree char *one_line = g_strdup (body_plain);

  g_strdelimit (one_line, "\n", ' ');
  g_message ("Reminder: %s — %s", title, one_line);
}

void
limber_notifier_show (LimberNotifier *self,
                      const char     *title,
                      const char     *body_markup,
                      const char     *body_plain,
                      const char     *snooze_label,
                      gboolean        critical)
{
  g_autoptr(GError) error = NULL;
  const char *body;

  g_return_if_fail (LIMBER_IS_NOTIFIER (self));

  if (!ensure_caps (self))
    {
      if (!self->told_no_server)
        g_warning ("No notification server answers on the session bus; reminders go to this log");
      self->told_no_server = TRUE;
      log_reminder (title, body_plain);
      return;
    }
  self->told_no_server = FALSE;

  body = self->server_has_markup ? body_markup : body_plain;
  if (self->shown == NULL)
    {
      self->shown = notify_notification_new (title, body, LIMBER_APP_ID);
      g_signal_connect (self->shown, "closed", G_CALLBACK (on_closed), self);
    }
  else
    {
      notify_notification_update (self->shown, title, body, LIMBER_APP_ID);
      notify_notification_clear_actions (self->shown);
    }
  self->acted = FALSE;

  notify_notification_set_hint_string (self->shown, "desktop-entry", LIMBER_DESKTOP_ENTRY);
  notify_notification_set_category (self->shown, "x-limber.reminder");
  notify_notification_set_urgency (self->shown, critical ? NOTIFY_URGENCY_CRITICAL : NOTIFY_URGENCY_NORMAL);
  notify_notification_set_timeout (self->shown, critical ? NOTIFY_EXPIRES_NEVER : NOTIFY_EXPIRES_DEFAULT);
  notify_notification_add_action (self->shown, "done", "Done", on_action, self, NULL);
  notify_notification_add_action (self->shown, "snooze", snooze_label, on_action, self, NULL);
  notify_notification_add_action (self->shown, "skip", "Skip", on_action, self, NULL);

  if (!notify_notification_show (self->shown, &error))
    {
      g_warning ("Could not show the reminder (%s); it goes to this log", error->message);
      forget_shown (self);
      /* The server may have gone; ask its capabilities again next time. */
      self->caps_known = FALSE;
      log_reminder (title, body_plain);
    }
}

void
limber_notifier_withdraw (LimberNotifier *self)
{
  NotifyNotification *shown;

  g_return_if_fail (LIMBER_IS_NOTIFIER (self));

  if (self->shown == NULL)
    return;
  shown = g_object_ref (self->shown);
  /* Our own close must not come back as a dismissal. */
  forget_shown (self);
  if (!notify_notification_close (shown, NULL))
    g_debug ("The reminder was already gone");
  g_object_unref (shown);
}

static void
limber_notifier_dispose (GObject *object)
{
  LimberNotifier *self = LIMBER_NOTIFIER (object);

  forget_shown (self);
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
}

static void
limber_notifier_init (LimberNotifier *self)
{
  if (!notify_is_initted ())
    notify_init ("Limber");
}

#define NOTIFICATIONS_NAME "org.freedesktop.Notifications"

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
on_name_has_owner (GObject      *bus,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (bus), result, NULL);
  gboolean has_owner = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  if (has_owner)
    return;
  /* Not running; D-Bus activation may still start one on the first Notify. */
  g_dbus_connection_call (G_DBUS_CONNECTION (bus), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListActivatableNames", NULL,
                          G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          on_activatable_names, NULL);
}

void
limber_notifier_check_server (LimberNotifier  *self,
                              GDBusConnection *bus)
{
  g_return_if_fail (LIMBER_IS_NOTIFIER (self));

  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          g_variant_new ("(s)", NOTIFICATIONS_NAME), G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_name_has_owner, NULL);
}

LimberNotifier *
limber_notifier_new (void)
{
  return g_object_new (LIMBER_TYPE_NOTIFIER, NULL);
}
