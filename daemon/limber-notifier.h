/* The notifier: shows and withdraws the reminder through libnotify, and
 * reports what the user clicked. It keeps the NotifyNotification alive
 * while shown, or its actions would never arrive.
 *
 * Signals:
 *   "action"    (const char *name): "done", "snooze" or "skip"
 *   "dismissed" (): the user closed the reminder without choosing
 *   "expired"   (): the server took it away on its own (timed out)
 * When no notification server answers, the reminder goes to the log instead
 * and show() still returns normally: a missing server never stops limberd. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LIMBER_TYPE_NOTIFIER (limber_notifier_get_type ())
G_DECLARE_FINAL_TYPE (LimberNotifier, limber_notifier, LIMBER, NOTIFIER, GObject)

LimberNotifier *limber_notifier_new (void);

/* Says in the log, once at start, when no notification server is on @bus
 * or can be started there: then reminders go to the log. Asynchronous. */
void limber_notifier_check_server (LimberNotifier  *self,
                                   GDBusConnection *bus);

void limber_notifier_show     (LimberNotifier *self,
                               const char     *title,
                               const char     *body_markup,
                               const char     *body_plain,
                               const char     *snooze_label,
                               gboolean        critical);
void limber_notifier_withdraw (LimberNotifier *self);

G_END_DECLS
