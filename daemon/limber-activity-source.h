/* Activity sources: how limberd learns that the user went idle and came
 * back. One file per backend (limber-activity-<name>.c), each a subclass
 * that fills the class vfuncs; adding a backend means writing that file and
 * naming its type in the table of limber-activity-source.c.
 *
 * A started source emits "idle" (gint64 idle_since, monotonic µs) once the
 * user has made no input for the threshold given to start(), and then
 * "active" at the next input, and so on. A source that cannot see input at
 * all (none) emits nothing. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LIMBER_TYPE_ACTIVITY_SOURCE (limber_activity_source_get_type ())
G_DECLARE_DERIVABLE_TYPE (LimberActivitySource, limber_activity_source, LIMBER, ACTIVITY_SOURCE, GObject)

struct _LimberActivitySourceClass {
  GObjectClass parent_class;

  /* Can this backend work in this session? Sets *reason to a short
   * explanation either way ("org.gnome.Mutter.IdleMonitor is on the bus"). */
  gboolean (*probe) (LimberActivitySource *self,
                     GDBusConnection      *bus,
                     char                **reason);
  gboolean (*start) (LimberActivitySource *self,
                     GDBusConnection      *bus,
                     gint64                threshold,
                     GError              **error);
  void     (*stop)  (LimberActivitySource *self);

  gpointer padding[8];
};

/* The backend's short name, as in [activity] backend= ("mutter"). */
const char *limber_activity_source_get_name (LimberActivitySource *self);

gboolean limber_activity_source_start (LimberActivitySource *self,
                                       GDBusConnection      *bus,
                                       gint64                threshold,
                                       GError              **error);
void     limber_activity_source_stop  (LimberActivitySource *self);

/* For backends. */
void limber_activity_source_emit_idle   (LimberActivitySource *self,
                                         gint64                idle_since);
void limber_activity_source_emit_active (LimberActivitySource *self);

/* Picks the backend: @wanted is "auto" or a backend name. With "auto" the
 * first whose probe succeeds; a named backend that fails its probe falls back
 * to "none" with the reason saying so. Never returns NULL. */
LimberActivitySource *limber_activity_source_choose (const char      *wanted,
                                                     GDBusConnection *bus,
                                                     char           **out_reason);

/* Backends, for the table and for tests. */
#define LIMBER_TYPE_ACTIVITY_MUTTER (limber_activity_mutter_get_type ())
G_DECLARE_FINAL_TYPE (LimberActivityMutter, limber_activity_mutter, LIMBER, ACTIVITY_MUTTER, LimberActivitySource)

#define LIMBER_TYPE_ACTIVITY_WAYLAND (limber_activity_wayland_get_type ())
G_DECLARE_FINAL_TYPE (LimberActivityWayland, limber_activity_wayland, LIMBER, ACTIVITY_WAYLAND, LimberActivitySource)

#define LIMBER_TYPE_ACTIVITY_X11 (limber_activity_x11_get_type ())
G_DECLARE_FINAL_TYPE (LimberActivityX11, limber_activity_x11, LIMBER, ACTIVITY_X11, LimberActivitySource)

#define LIMBER_TYPE_ACTIVITY_SCREENSAVER (limber_activity_screensaver_get_type ())
G_DECLARE_FINAL_TYPE (LimberActivityScreensaver, limber_activity_screensaver, LIMBER, ACTIVITY_SCREENSAVER, LimberActivitySource)

#define LIMBER_TYPE_ACTIVITY_NONE (limber_activity_none_get_type ())
G_DECLARE_FINAL_TYPE (LimberActivityNone, limber_activity_none, LIMBER, ACTIVITY_NONE, LimberActivitySource)

G_END_DECLS
