/* The notifier: shows, updates and withdraws Limber's notification through
 * libnotify, and reports what the user did with it. It keeps the
 * NotifyNotification alive while shown, or its actions would never arrive.
 *
 * It watches the notification server's bus name: capabilities are asked
 * once per server start (GetCapabilities), and when a server comes (back)
 * after a notification was lost or could not be shown, "server-returned"
 * says so, for the caller to show it again.
 *
 * Signals:
 *   "action"    (const char *id): an action of the shown notice ("default"
 *               for a click on the notification itself)
 *   "dismissed" (): the user closed it without choosing an action
 *   "expired"   (): the server took it away on its own (timed out)
 *   "server-returned" (): a server is there again after a notice was lost
 * When no notification server answers, a notice goes to the log instead
 * and show() still returns normally: a missing server never stops limberd. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  const char *id;    /* "default": the click on the notification itself */
  const char *label;
} LimberNoticeAction;

typedef struct {
  const char *title;
  const char *body_plain;
  const char *body_markup;    /* sent when the server has body-markup; NULL: body_plain */
  const char *image_path;     /* absolute path of the picture; NULL: none */
  const char *sound_name;     /* freedesktop sound theme name, sent only to
                               * servers with the "sound" capability; NULL: none */
  gboolean    suppress_sound; /* ask the server for silence */
  gboolean    critical;       /* critical urgency: stays until answered */
  gboolean    stay;           /* never expires (the guide while it runs) */
  gboolean    transient;      /* keep out of the server's history */
  gboolean    let_go;         /* show it, then forget it: nothing the server
                               * does with it comes back as a signal */
  const LimberNoticeAction *actions;
  guint       n_actions;
} LimberNotice;

#define LIMBER_TYPE_NOTIFIER (limber_notifier_get_type ())
G_DECLARE_FINAL_TYPE (LimberNotifier, limber_notifier, LIMBER, NOTIFIER, GObject)

LimberNotifier *limber_notifier_new (void);

/* Starts watching the notification server on @bus. Says in the log, once,
 * when none is running or can be started there: then notices go to the
 * log. */
void limber_notifier_watch (LimberNotifier  *self,
                            GDBusConnection *bus);

/* Whether the server announces @capability ("actions", "body-markup",
 * "persistence", "sound"...). Asks the server when its capabilities are
 * not known yet; FALSE when no server answers. */
gboolean limber_notifier_server_has (LimberNotifier *self,
                                     const char     *capability);

/* Shows @notice, updating the notice on screen in place when there is one. */
void limber_notifier_show     (LimberNotifier     *self,
                               const LimberNotice *notice);
/* Closes the notice on screen; no signal comes back for it. */
void limber_notifier_withdraw (LimberNotifier *self);
/* Whether a notice is on screen (shown, not yet closed or let go). */
gboolean limber_notifier_is_showing (LimberNotifier *self);

G_END_DECLS
