/* The session monitor: tells limberd when the screen locks and unlocks and
 * when the machine is about to sleep and has woken up.
 *
 * Sources, all event-driven:
 *   - logind on the system bus: the session's LockedHint property and its
 *     Lock/Unlock signals; the manager's PrepareForSleep(b) signal;
 *   - org.gnome.ScreenSaver on the session bus: ActiveChanged(b).
 * Where logind is absent, a resume is still noticed: the daemon compares
 * CLOCK_BOOTTIME with CLOCK_MONOTONIC whenever it wakes (see
 * limber_session_monitor_check_clocks()).
 *
 * Signals:
 *   "locked"   (gboolean locked)     the lock state changed
 *   "sleeping" ()                    the machine is about to suspend
 *   "woke"     (gint64 slept_us)     it resumed after sleeping this long
 *                                    (-1 when the length is unknown) */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LIMBER_TYPE_SESSION_MONITOR (limber_session_monitor_get_type ())
G_DECLARE_FINAL_TYPE (LimberSessionMonitor, limber_session_monitor, LIMBER, SESSION_MONITOR, GObject)

/* @system_bus may be NULL (no system bus: logind is then absent). */
LimberSessionMonitor *limber_session_monitor_new (GDBusConnection *session_bus,
                                                  GDBusConnection *system_bus);

gboolean limber_session_monitor_get_locked (LimberSessionMonitor *self);

/* Compares the boot-time and monotonic clocks: if the machine slept since
 * the last check and logind did not say so, emits "sleeping" and "woke"
 * now. Cheap; the daemon calls it whenever it wakes for another reason. */
void limber_session_monitor_check_clocks (LimberSessionMonitor *self);

G_END_DECLS
