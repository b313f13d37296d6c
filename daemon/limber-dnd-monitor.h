/* The do-not-disturb monitor: is the desktop asking not to be disturbed?
 *
 * Quiet when any of these says so, each watched through change signals,
 * never polled:
 *   - GNOME: GSettings org.gnome.desktop.notifications show-banners = false
 *     (only when that schema is installed);
 *   - the Inhibited property of org.freedesktop.Notifications (KDE and
 *     others), through PropertiesChanged;
 *   - dunst: the `paused` property of org.dunstproject.cmd0 on
 *     /org/freedesktop/Notifications, through PropertiesChanged.
 * A notification server that leaves or restarts is asked again.
 *
 * Signal: "notify::quiet" (the "quiet" boolean property). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LIMBER_TYPE_DND_MONITOR (limber_dnd_monitor_get_type ())
G_DECLARE_FINAL_TYPE (LimberDndMonitor, limber_dnd_monitor, LIMBER, DND_MONITOR, GObject)

LimberDndMonitor *limber_dnd_monitor_new (GDBusConnection *session_bus);

gboolean    limber_dnd_monitor_get_quiet  (LimberDndMonitor *self);
/* Which source says quiet ("dunst paused", "Inhibited", "show-banners"),
 * or NULL. */
const char *limber_dnd_monitor_get_reason (LimberDndMonitor *self);

G_END_DECLS
