/* The backend for Wayland compositors without Mutter (KDE Plasma, sway,
 * Hyprland, river, COSMIC…): idle notifications through libwayland-client.
 *
 * ext-idle-notify-v1 is the standard protocol; org_kde_kwin_idle is its
 * predecessor and the only one wlroots 0.15 compositors (sway 1.7) offer, so
 * it is the fallback. Both work the same way: one notification object for
 * the threshold, on which the compositor sends "idled" once the seat has had
 * no input for that long and "resumed" at the next input. Nothing is polled:
 * the connection's fd sits in the GLib main loop and limberd wakes only when
 * the compositor has something to say. */
#include "limber-activity-source.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <wayland-client.h>

#include "ext-idle-notify-v1-client-protocol.h"
#include "kde-idle-client-protocol.h"

/* How long the probe waits for the compositor to list its globals: a
 * compositor that hangs must not hang limberd's start-up with it. */
#define ROUNDTRIP_TIMEOUT (5 * G_USEC_PER_SEC)

typedef struct _WaylandSource WaylandSource;

struct _LimberActivityWayland {
  LimberActivitySource parent_instance;

  struct wl_display  *display;
  struct wl_registry *registry;
  char               *display_name;   /* for messages */

  /* Global names from the registry (0: not offered); bound only in start(),
   * so that the probe binds nothing it may not use. */
  guint32 seat_global;
  guint32 ext_global;
  guint32 kde_global;

  struct wl_seat                   *seat;
  struct ext_idle_notifier_v1      *ext_notifier;
  struct ext_idle_notification_v1  *ext_notification;
  struct org_kde_kwin_idle         *kde_idle;
  struct org_kde_kwin_idle_timeout *kde_timeout;

  WaylandSource *source;
  gint64         threshold;   /* µs */
  gboolean       idle;
};

G_DEFINE_FINAL_TYPE (LimberActivityWayland, limber_activity_wayland, LIMBER_TYPE_ACTIVITY_SOURCE)

static void wayland_disconnect (LimberActivityWayland *self);

/* ---- the connection in the GLib main loop ------------------------------ */

/* libwayland's reading protocol, as a GSource: prepare() claims the right to
 * read (or, when events are already queued, asks to dispatch them first),
 * check() reads what poll() found or gives the claim back, dispatch() runs
 * the listeners. Every prepare_read is matched by exactly one read_events or
 * cancel_read, and events queued by a read are dispatched in the same
 * iteration, so none waits in the queue for the next wakeup. */
struct _WaylandSource {
  GSource                source;
  struct wl_display     *display;
  gpointer               fd_tag;
  GIOCondition           events;    /* what the fd is polled for */
  gboolean               reading;   /* between prepare_read and read/cancel */
  gboolean               lost;      /* the connection failed or hung up */
  LimberActivityWayland *owner;     /* owns this source; outlives it */
};

static void
flush_or_wait (WaylandSource *ws)
{
  GIOCondition events = G_IO_IN;

  /* A full socket buffer is not an error: wait until it drains. */
  if (wl_display_flush (ws->display) < 0)
    {
      if (errno == EAGAIN)
        events |= G_IO_OUT;
      else
        ws->lost = TRUE;
    }
  /* Only on a change: modifying the fd wakes the main context up. */
  if (events != ws->events)
    {
      ws->events = events;
      g_source_modify_unix_fd (&ws->source, ws->fd_tag, events);
    }
}

static gboolean
wayland_source_prepare (GSource *source,
                        int     *timeout)
{
  WaylandSource *ws = (WaylandSource *) source;

  *timeout = -1;
  if (ws->lost)
    return TRUE;
  if (ws->reading)
    return FALSE;
  /* Non-zero: events are queued already; dispatch them before reading. */
  if (wl_display_prepare_read (ws->display) != 0)
    return TRUE;
  ws->reading = TRUE;
  flush_or_wait (ws);
  return ws->lost;
}

static gboolean
wayland_source_check (GSource *source)
{
  WaylandSource *ws = (WaylandSource *) source;
  GIOCondition revents = g_source_query_unix_fd (source, ws->fd_tag);

  if (ws->reading)
    {
      ws->reading = FALSE;
      if (revents & G_IO_IN)
        {
          if (wl_display_read_events (ws->display) < 0)
            ws->lost = TRUE;
        }
      else
        {
          wl_display_cancel_read (ws->display);
        }
    }
  /* A hang-up without data left to read: the compositor is gone. (With data
   * left, read_events takes it first and fails on the next round.) */
  if (revents & (G_IO_ERR | G_IO_HUP | G_IO_NVAL) && !(revents & G_IO_IN))
    ws->lost = TRUE;

  return ws->lost || (revents & (G_IO_IN | G_IO_OUT)) != 0;
}

static gboolean
wayland_source_dispatch (GSource     *source,
                         GSourceFunc  callback,
                         gpointer     user_data)
{
  WaylandSource *ws = (WaylandSource *) source;
  LimberActivityWayland *self = ws->owner;

  /* Listeners only emit signals; the daemon's handlers do not stop this
   * backend from inside them, so the display outlives this call. */
  if (!ws->lost && wl_display_dispatch_pending (ws->display) < 0)
    ws->lost = TRUE;
  if (!ws->lost)
    flush_or_wait (ws);
  if (!ws->lost)
    return G_SOURCE_CONTINUE;

  {
    int code = wl_display_get_error (ws->display);
    g_autofree char *why = NULL;

    if (code == EPROTO)
      {
        const struct wl_interface *iface = NULL;
        guint32 object_id = 0;
        guint32 error_code = wl_display_get_protocol_error (ws->display, &iface, &object_id);

        why = g_strdup_printf ("protocol error %u on %s@%u", error_code,
                               iface ? iface->name : "unknown object", object_id);
      }
    else
      {
        why = g_strdup (code != 0 ? g_strerror (code) : "the connection was closed");
      }
    /* One warning, then the backend is simply stopped: limberd keeps
     * running (reminding by the clock) rather than dying with the desktop. */
    g_warning ("Lost the Wayland compositor on %s (%s); idle detection stops",
               self->display_name, why);
  }
  /* This destroys ws too; GLib holds a reference until we return. */
  wayland_disconnect (self);
  return G_SOURCE_REMOVE;
}

static void
wayland_source_finalize (GSource *source)
{
  WaylandSource *ws = (WaylandSource *) source;

  if (ws->reading)
    wl_display_cancel_read (ws->display);
  ws->reading = FALSE;
}

static GSourceFuncs wayland_source_funcs = {
  .prepare = wayland_source_prepare,
  .check = wayland_source_check,
  .dispatch = wayland_source_dispatch,
  .finalize = wayland_source_finalize,
};

static WaylandSource *
wayland_source_new (LimberActivityWayland *owner)
{
  GSource *source = g_source_new (&wayland_source_funcs, sizeof (WaylandSource));
  WaylandSource *ws = (WaylandSource *) source;

  g_source_set_name (source, "Wayland idle notifications");
  ws->display = owner->display;
  ws->owner = owner;
  ws->events = G_IO_IN;
  ws->fd_tag = g_source_add_unix_fd (source, wl_display_get_fd (owner->display), ws->events);
  g_source_attach (source, NULL);
  return ws;
}

/* ---- connecting and the registry --------------------------------------- */

static void
on_global (void               *data,
           struct wl_registry *registry,
           uint32_t            name,
           const char         *interface,
           uint32_t            version)
{
  LimberActivityWayland *self = data;

  /* The first seat is the user's (seat0); one is all a desktop session has. */
  if (strcmp (interface, wl_seat_interface.name) == 0 && self->seat_global == 0)
    self->seat_global = name;
  else if (strcmp (interface, ext_idle_notifier_v1_interface.name) == 0)
    self->ext_global = name;
  else if (strcmp (interface, org_kde_kwin_idle_interface.name) == 0)
    self->kde_global = name;
}

static void
on_global_remove (void               *data,
                  struct wl_registry *registry,
                  uint32_t            name)
{
  LimberActivityWayland *self = data;

  if (name == self->seat_global)
    g_debug ("Wayland seat %u went away; no idle events until it is back", name);
}

static const struct wl_registry_listener registry_listener = {
  .global = on_global,
  .global_remove = on_global_remove,
};

static void
on_sync_done (void               *data,
              struct wl_callback *callback,
              uint32_t            serial)
{
  *(gboolean *) data = TRUE;
}

static const struct wl_callback_listener sync_listener = {
  .done = on_sync_done,
};

static gboolean
set_connection_error (struct wl_display *display,
                      GError           **error)
{
  int code = wl_display_get_error (display);

  if (code == 0)
    code = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (code), "%s", g_strerror (code));
  return FALSE;
}

/* wl_display_roundtrip() with a deadline: blocks until the compositor has
 * answered everything sent so far, or fails. */
static gboolean
roundtrip (struct wl_display *display,
           GError           **error)
{
  gint64 deadline = g_get_monotonic_time () + ROUNDTRIP_TIMEOUT;
  struct wl_callback *callback = wl_display_sync (display);
  gboolean done = FALSE;
  gboolean ok = TRUE;

  wl_callback_add_listener (callback, &sync_listener, &done);
  while (ok && !done)
    {
      struct pollfd pfd = { .fd = wl_display_get_fd (display), .events = POLLIN };
      gint64 remaining;
      int ready;

      if (wl_display_prepare_read (display) != 0)
        {
          if (wl_display_dispatch_pending (display) < 0)
            ok = set_connection_error (display, error);
          continue;
        }
      if (wl_display_flush (display) < 0)
        {
          if (errno != EAGAIN)
            {
              wl_display_cancel_read (display);
              ok = set_connection_error (display, error);
              continue;
            }
          pfd.events |= POLLOUT;
        }

      remaining = deadline - g_get_monotonic_time ();
      if (remaining <= 0)
        {
          wl_display_cancel_read (display);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "the compositor did not answer");
          ok = FALSE;
          continue;
        }

      ready = poll (&pfd, 1, (int) ((remaining + 999) / 1000));
      if (ready > 0 && (pfd.revents & POLLIN))
        {
          if (wl_display_read_events (display) < 0)
            ok = set_connection_error (display, error);
          else if (wl_display_dispatch_pending (display) < 0)
            ok = set_connection_error (display, error);
          continue;
        }
      wl_display_cancel_read (display);
      if (ready < 0 && errno != EINTR)
        ok = set_connection_error (display, error);
      else if (ready > 0 && (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                               "the compositor closed the connection");
          ok = FALSE;
        }
    }
  wl_callback_destroy (callback);
  return ok;
}

/* Which display wl_display_connect(NULL) will use, or NULL (with *reason)
 * when there is plainly none, so that a session without Wayland costs no
 * connection attempt and no message from libwayland. */
static char *
find_display (char **reason)
{
  const char *name = g_getenv ("WAYLAND_DISPLAY");
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  const char *session_type = g_getenv ("XDG_SESSION_TYPE");
  gboolean named = name != NULL && *name != '\0';

  if (g_getenv ("WAYLAND_SOCKET") != NULL)
    return g_strdup ("WAYLAND_SOCKET");
  if (named && g_path_is_absolute (name))
    return g_strdup (name);

  if (!named)
    {
      /* Outside a Wayland session a leftover wayland-0 belongs to someone
       * else's compositor. */
      if (session_type != NULL && *session_type != '\0' && g_strcmp0 (session_type, "wayland") != 0)
        {
          *reason = g_strdup_printf ("not a Wayland session (XDG_SESSION_TYPE=%s)", session_type);
          return NULL;
        }
      name = "wayland-0";
    }
  if (runtime_dir == NULL || *runtime_dir == '\0')
    {
      *reason = g_strdup_printf ("XDG_RUNTIME_DIR is not set, so Wayland display %s "
                                 "cannot be found", name);
      return NULL;
    }
  if (!named)
    {
      g_autofree char *path = g_build_filename (runtime_dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          *reason = g_strdup ("WAYLAND_DISPLAY is not set and there is no wayland-0 socket");
          return NULL;
        }
    }
  return g_strdup (name);
}

/* Connects and learns the compositor's globals. */
static gboolean
wayland_connect (LimberActivityWayland *self,
                 GError               **error)
{
  g_autofree char *reason = NULL;
  g_autofree char *name = find_display (&reason);

  if (name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, reason);
      return FALSE;
    }
  g_free (self->display_name);
  self->display_name = g_steal_pointer (&name);

  self->display = wl_display_connect (NULL);
  if (self->display == NULL)
    {
      int code = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (code),
                   "cannot connect to Wayland display %s: %s",
                   self->display_name, g_strerror (code));
      return FALSE;
    }

  self->seat_global = self->ext_global = self->kde_global = 0;
  self->registry = wl_display_get_registry (self->display);
  wl_registry_add_listener (self->registry, &registry_listener, self);
  if (!roundtrip (self->display, error))
    {
      g_prefix_error (error, "Wayland display %s: ", self->display_name);
      wayland_disconnect (self);
      return FALSE;
    }
  return TRUE;
}

static void
wayland_disconnect (LimberActivityWayland *self)
{
  if (self->source != NULL)
    {
      g_source_destroy (&self->source->source);
      g_source_unref (&self->source->source);
      self->source = NULL;
    }
  g_clear_pointer (&self->ext_notification, ext_idle_notification_v1_destroy);
  g_clear_pointer (&self->ext_notifier, ext_idle_notifier_v1_destroy);
  g_clear_pointer (&self->kde_timeout, org_kde_kwin_idle_timeout_release);
  /* org_kde_kwin_idle has no destructor request: this frees the proxy only. */
  g_clear_pointer (&self->kde_idle, org_kde_kwin_idle_destroy);
  /* wl_seat version 1 has no release request either. */
  g_clear_pointer (&self->seat, wl_seat_destroy);
  g_clear_pointer (&self->registry, wl_registry_destroy);
  if (self->display != NULL)
    {
      /* Send the destructors; on a dead connection this fails harmlessly. */
      wl_display_flush (self->display);
      g_clear_pointer (&self->display, wl_display_disconnect);
    }
  self->seat_global = self->ext_global = self->kde_global = 0;
  self->idle = FALSE;
}

/* ---- the backend ------------------------------------------------------- */

static gboolean
wayland_probe (LimberActivitySource *source,
               GDBusConnection      *bus,
               char                **reason)
{
  LimberActivityWayland *self = LIMBER_ACTIVITY_WAYLAND (source);
  g_autoptr(GError) error = NULL;

  if (!wayland_connect (self, &error))
    {
      *reason = g_strdup (error->message);
      return FALSE;
    }

  if (self->seat_global == 0)
    *reason = g_strdup_printf ("Wayland display %s has no wl_seat", self->display_name);
  else if (self->ext_global != 0)
    *reason = g_strdup_printf ("Wayland display %s offers ext-idle-notify-v1", self->display_name);
  else if (self->kde_global != 0)
    *reason = g_strdup_printf ("Wayland display %s offers org_kde_kwin_idle "
                               "(no ext-idle-notify-v1)", self->display_name);
  else
    *reason = g_strdup_printf ("Wayland display %s offers neither ext-idle-notify-v1 "
                               "nor org_kde_kwin_idle", self->display_name);

  if (self->seat_global == 0 || (self->ext_global == 0 && self->kde_global == 0))
    {
      wayland_disconnect (self);
      return FALSE;
    }
  /* Stay connected: start() follows on this object and uses the globals. */
  return TRUE;
}

static void
become_idle (LimberActivityWayland *self,
             const char            *event)
{
  g_debug ("Wayland %s: no input for %" G_GINT64_FORMAT " ms", event,
           self->threshold / 1000);
  if (self->idle)
    return;
  self->idle = TRUE;
  limber_activity_source_emit_idle (LIMBER_ACTIVITY_SOURCE (self),
                                    g_get_monotonic_time () - self->threshold);
}

static void
become_active (LimberActivityWayland *self,
               const char            *event)
{
  g_debug ("Wayland %s: input again", event);
  if (!self->idle)
    return;
  self->idle = FALSE;
  limber_activity_source_emit_active (LIMBER_ACTIVITY_SOURCE (self));
}

static void
on_ext_idled (void                            *data,
              struct ext_idle_notification_v1 *notification)
{
  become_idle (data, "idled");
}

static void
on_ext_resumed (void                            *data,
                struct ext_idle_notification_v1 *notification)
{
  become_active (data, "resumed");
}

static const struct ext_idle_notification_v1_listener ext_listener = {
  .idled = on_ext_idled,
  .resumed = on_ext_resumed,
};

static void
on_kde_idle (void                             *data,
             struct org_kde_kwin_idle_timeout *timeout)
{
  become_idle (data, "idle");
}

static void
on_kde_resumed (void                             *data,
                struct org_kde_kwin_idle_timeout *timeout)
{
  become_active (data, "resumed");
}

static const struct org_kde_kwin_idle_timeout_listener kde_listener = {
  .idle = on_kde_idle,
  .resumed = on_kde_resumed,
};

static gboolean
wayland_start (LimberActivitySource *source,
               GDBusConnection      *bus,
               gint64                threshold,
               GError              **error)
{
  LimberActivityWayland *self = LIMBER_ACTIVITY_WAYLAND (source);
  /* Both protocols take milliseconds in a uint32 (49 days: plenty). */
  guint32 timeout_ms = (guint32) CLAMP (threshold / 1000, 1, G_MAXUINT32);

  /* Connected already after a probe; not after a stop or without one. */
  if (self->display == NULL && !wayland_connect (self, error))
    return FALSE;

  if (self->seat_global == 0 || (self->ext_global == 0 && self->kde_global == 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Wayland display %s offers no idle notification protocol with a seat",
                   self->display_name);
      wayland_disconnect (self);
      return FALSE;
    }

  self->threshold = threshold;
  self->idle = FALSE;
  self->seat = wl_registry_bind (self->registry, self->seat_global, &wl_seat_interface, 1);
  if (self->ext_global != 0)
    {
      self->ext_notifier = wl_registry_bind (self->registry, self->ext_global,
                                             &ext_idle_notifier_v1_interface, 1);
      self->ext_notification =
        ext_idle_notifier_v1_get_idle_notification (self->ext_notifier, timeout_ms, self->seat);
      ext_idle_notification_v1_add_listener (self->ext_notification, &ext_listener, self);
    }
  else
    {
      self->kde_idle = wl_registry_bind (self->registry, self->kde_global,
                                         &org_kde_kwin_idle_interface, 1);
      self->kde_timeout = org_kde_kwin_idle_get_idle_timeout (self->kde_idle, self->seat,
                                                              timeout_ms);
      org_kde_kwin_idle_timeout_add_listener (self->kde_timeout, &kde_listener, self);
    }
  g_debug ("Wayland idle notification for %u ms on %s through %s", timeout_ms,
           self->display_name,
           self->ext_notification != NULL ? "ext-idle-notify-v1" : "org_kde_kwin_idle");

  /* The source's first prepare() flushes the requests above. */
  self->source = wayland_source_new (self);
  return TRUE;
}

static void
wayland_stop (LimberActivitySource *source)
{
  wayland_disconnect (LIMBER_ACTIVITY_WAYLAND (source));
}

static void
limber_activity_wayland_dispose (GObject *object)
{
  wayland_disconnect (LIMBER_ACTIVITY_WAYLAND (object));
  G_OBJECT_CLASS (limber_activity_wayland_parent_class)->dispose (object);
}

static void
limber_activity_wayland_finalize (GObject *object)
{
  g_free (LIMBER_ACTIVITY_WAYLAND (object)->display_name);
  G_OBJECT_CLASS (limber_activity_wayland_parent_class)->finalize (object);
}

/* libwayland reports protocol errors and the like on stderr by itself; route
 * them through GLib's log so that they reach the journal with the rest. Our
 * own warning about a lost connection says what matters. */
static void
log_libwayland (const char *format,
                va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_debug ("libwayland: %s", g_strchomp (message));
}

static void
limber_activity_wayland_class_init (LimberActivityWaylandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LimberActivitySourceClass *source_class = LIMBER_ACTIVITY_SOURCE_CLASS (klass);

  object_class->dispose = limber_activity_wayland_dispose;
  object_class->finalize = limber_activity_wayland_finalize;
  source_class->probe = wayland_probe;
  source_class->start = wayland_start;
  source_class->stop = wayland_stop;

  wl_log_set_handler_client (log_libwayland);
}

static void
limber_activity_wayland_init (LimberActivityWayland *self)
{
}
