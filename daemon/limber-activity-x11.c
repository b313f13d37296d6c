/* The X11 backend: the MIT-SCREEN-SAVER extension (libXss).
 *
 * X offers no idle watch, only a query (XScreenSaverQueryInfo: "idle for X
 * ms"), so the backend asks, but adaptively rather than on a fixed tick:
 * limber-idle-query.h holds the rule, shared with the ScreenSaver backend.
 *
 * One GLib timer at a time, plus a watch on the X connection's fd for
 * hang-up so that a display that goes away is noticed at once. The X server
 * going away must never take limberd with it: Xlib's default reaction to a
 * broken connection is exit(1), replaced here by handlers that return
 * (XSetIOErrorExitHandler needs libX11 >= 1.7) and mark the display lost. */
#include "limber-activity-source.h"
#include "limber-idle-query.h"

#include <glib-unix.h>
#include <gmodule.h>
#include <X11/Xlib.h>
#include <X11/extensions/scrnsaver.h>

/* libX11 and libXss are opened only when this backend is probed in a
 * session that has a DISPLAY, so a limberd on GNOME or another Wayland
 * desktop never maps them (about half a MiB, DESIGN.md's memory budget).
 * The headers give the types; these are the functions used. */
static struct {
  Display          *(*open_display) (const char *name);
  int               (*close_display) (Display *display);
  int               (*events_queued) (Display *display, int mode);
  int               (*next_event) (Display *display, XEvent *event);
  int               (*free) (void *data);
  XIOErrorHandler   (*set_io_error_handler) (XIOErrorHandler handler);
  void              (*set_io_error_exit_handler) (Display *display, XIOErrorExitHandler handler,
                                                  void *user_data);
  Bool              (*ss_query_extension) (Display *display, int *event_base, int *error_base);
  XScreenSaverInfo *(*ss_alloc_info) (void);
  Status            (*ss_query_info) (Display *display, Drawable drawable, XScreenSaverInfo *info);
} xlib;

static gboolean
load_symbols (const char *library,
              const char *const *names,
              gpointer   *slots,
              GError    **error)
{
  GModule *module = g_module_open (library, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "cannot load %s: %s",
                   library, g_module_error ());
      return FALSE;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!g_module_symbol (module, names[i], &slots[i]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s has no %s", library, names[i]);
          g_module_close (module);
          return FALSE;
        }
    }
  /* Function pointers into it live for the rest of the process. */
  g_module_make_resident (module);
  return TRUE;
}

static gboolean
load_xlib (GError **error)
{
  static const char *const x11_names[] = {
    "XOpenDisplay", "XCloseDisplay", "XEventsQueued", "XNextEvent", "XFree",
    "XSetIOErrorHandler", "XSetIOErrorExitHandler", NULL
  };
  static const char *const xss_names[] = {
    "XScreenSaverQueryExtension", "XScreenSaverAllocInfo", "XScreenSaverQueryInfo", NULL
  };
  gpointer x11_slots[G_N_ELEMENTS (x11_names) - 1];
  gpointer xss_slots[G_N_ELEMENTS (xss_names) - 1];
  static gboolean loaded;

  if (loaded)
    return TRUE;
  if (!load_symbols ("libX11.so.6", x11_names, x11_slots, error) ||
      !load_symbols ("libXss.so.1", xss_names, xss_slots, error))
    return FALSE;

  xlib.open_display = x11_slots[0];
  xlib.close_display = x11_slots[1];
  xlib.events_queued = x11_slots[2];
  xlib.next_event = x11_slots[3];
  xlib.free = x11_slots[4];
  xlib.set_io_error_handler = x11_slots[5];
  xlib.set_io_error_exit_handler = x11_slots[6];
  xlib.ss_query_extension = xss_slots[0];
  xlib.ss_alloc_info = xss_slots[1];
  xlib.ss_query_info = xss_slots[2];
  loaded = TRUE;
  return TRUE;
}

/* GLib timers round to the millisecond and the X server counts idle in
 * whole milliseconds from its own reading of the clock, so a query timed to
 * the exact microsecond can find idle a hair short of the threshold and
 * need a second wakeup right after. Waking this much later costs nothing. */
#define QUERY_LATENESS_MS 20

struct _LimberActivityX11 {
  LimberActivitySource parent_instance;

  Display          *display;       /* from probe() or start(); NULL: lost */
  char             *display_name;
  XScreenSaverInfo *info;
  guint             query_source;  /* the one timer */
  guint             hangup_source; /* watch on the X connection's fd */
  gboolean          io_error;      /* Xlib found the connection broken */
  LimberIdleQuery   query;         /* when to ask next; what to report */
};

G_DEFINE_FINAL_TYPE (LimberActivityX11, limber_activity_x11, LIMBER_TYPE_ACTIVITY_SOURCE)

/* Inside a Wayland session X11 sees only XWayland clients: the idle time
 * of the X server there says nothing about input to native windows. */
static gboolean
session_is_wayland (char **reason)
{
  const char *session_type = g_getenv ("XDG_SESSION_TYPE");
  const char *wayland_display = g_getenv ("WAYLAND_DISPLAY");

  if (g_strcmp0 (session_type, "wayland") == 0)
    {
      *reason = g_strdup ("the session is Wayland (XDG_SESSION_TYPE=wayland), "
                          "where X11 sees only XWayland clients");
      return TRUE;
    }
  if (wayland_display != NULL && *wayland_display != '\0')
    {
      *reason = g_strdup_printf ("WAYLAND_DISPLAY=%s is set, and X11 would see only "
                                 "XWayland clients", wayland_display);
      return TRUE;
    }
  return FALSE;
}

/* Xlib meets a broken connection in two steps: the process-wide IO error
 * handler, whose default prints a line and calls exit(1), then the
 * display's exit handler, whose default calls exit(1) too. Both are
 * replaced. The process-wide one is libX11's global, but limberd has no
 * other Xlib user: it stays quiet, as lose_display() warns. */
static int
on_io_error (Display *display)
{
  return 0;
}

/* Xlib is in the middle of a call on this display here: only take note. */
static void
on_io_error_exit (Display *display,
                  void    *user_data)
{
  LIMBER_ACTIVITY_X11 (user_data)->io_error = TRUE;
}

/* Opens the display named by $DISPLAY and checks for MIT-SCREEN-SAVER.
 * The IO error handlers go in before the first request of our own, so that
 * a server dying during the probe leaves limberd running too. */
static Display *
open_display (LimberActivityX11 *self,
              GError           **error)
{
  const char *name = g_getenv ("DISPLAY");
  Display *display;
  int event_base, error_base;

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "DISPLAY is not set");
      return NULL;
    }
  if (!load_xlib (error))
    return NULL;
  xlib.set_io_error_handler (on_io_error);
  display = xlib.open_display (name);
  if (display == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   "cannot open X11 display %s", name);
      return NULL;
    }
  self->io_error = FALSE;
  xlib.set_io_error_exit_handler (display, on_io_error_exit, self);
  if (!xlib.ss_query_extension (display, &event_base, &error_base))
    {
      if (self->io_error)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE,
                     "X11 display %s broke the connection", name);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     "X11 display %s lacks MIT-SCREEN-SAVER", name);
      xlib.close_display (display);
      return NULL;
    }
  return display;
}

static gboolean
x11_probe (LimberActivitySource *source,
           GDBusConnection      *bus,
           char                **reason)
{
  LimberActivityX11 *self = LIMBER_ACTIVITY_X11 (source);
  g_autoptr(GError) error = NULL;
  Display *display;

  if (session_is_wayland (reason))
    return FALSE;
  display = open_display (self, &error);
  if (display == NULL)
    {
      *reason = g_strdup (error->message);
      return FALSE;
    }
  *reason = g_strdup_printf ("X11 display %s has MIT-SCREEN-SAVER", DisplayString (display));
  /* Kept for start(), which comes next when this backend is chosen (and
   * dispose closes it when it is not). Closing and opening again is not
   * only waste: an X server whose last client leaves resets itself, and a
   * connection attempt during that reset fails. */
  if (self->display != NULL)
    xlib.close_display (self->display);
  self->display = display;
  return TRUE;
}

static void
close_display (LimberActivityX11 *self)
{
  g_clear_handle_id (&self->query_source, g_source_remove);
  g_clear_handle_id (&self->hangup_source, g_source_remove);
  g_clear_pointer (&self->info, xlib.free);
  /* On a broken connection XCloseDisplay meets the error again; the exit
   * handler is still ours, so that is harmless. */
  g_clear_pointer (&self->display, xlib.close_display);
}

/* The X server is gone. Warn once and stop asking; the tracker keeps the
 * state it has (most likely the session is ending with it). */
static void
lose_display (LimberActivityX11 *self,
              const char        *how)
{
  g_warning ("X11 display %s %s; idle detection stops", self->display_name, how);
  close_display (self);
}

static gboolean
on_hangup (int          fd,
           GIOCondition condition,
           gpointer     user_data)
{
  LimberActivityX11 *self = LIMBER_ACTIVITY_X11 (user_data);

  self->hangup_source = 0; /* removed by returning G_SOURCE_REMOVE */
  lose_display (self, "closed the connection");
  return G_SOURCE_REMOVE;
}

static gboolean on_query_due (gpointer user_data);

static void
schedule_query (LimberActivityX11 *self,
                gint64             delay)
{
  gint64 delay_ms = (delay + 999) / 1000 + QUERY_LATENESS_MS;

  g_clear_handle_id (&self->query_source, g_source_remove);
  self->query_source = g_timeout_add ((guint) MIN (delay_ms, G_MAXUINT), on_query_due, self);
}

/* The user's idle time in µs; FALSE when the display is unusable. */
static gboolean
query_idle (LimberActivityX11 *self,
            gint64            *idle)
{
  Status ok = xlib.ss_query_info (self->display, DefaultRootWindow (self->display), self->info);

  if (!ok || self->io_error)
    return FALSE;
  /* Nothing selects events, but the server sends some to every client
   * (MappingNotify): drop what the reply brought along so that Xlib's queue
   * does not grow. QueuedAlready reads nothing, so this costs no syscall. */
  while (xlib.events_queued (self->display, QueuedAlready) > 0)
    {
      XEvent event;

      xlib.next_event (self->display, &event);
    }
  *idle = (gint64) self->info->idle * 1000;
  return TRUE;
}

static void
query_and_schedule (LimberActivityX11 *self)
{
  /* A signal handler may stop or even drop this source. */
  g_autoptr(LimberActivityX11) hold = g_object_ref (self);
  LimberActivitySource *source = LIMBER_ACTIVITY_SOURCE (self);
  LimberIdleQueryChange change;
  gint64 idle, next;

  if (!query_idle (self, &idle))
    {
      lose_display (self, "broke the connection");
      return;
    }
  next = limber_idle_query_update (&self->query, g_get_monotonic_time (), idle, &change);
  g_debug ("X11 idle %.3f s; next query in %.3f s (query %" G_GUINT64_FORMAT ", %s)",
           idle / (double) G_USEC_PER_SEC, next / (double) G_USEC_PER_SEC, self->query.queries,
           self->query.idle ? "away" : "active");
  schedule_query (self, next);

  if (change == LIMBER_IDLE_QUERY_CAME_BACK)
    limber_activity_source_emit_active (source);
  else if (change == LIMBER_IDLE_QUERY_WENT_IDLE)
    limber_activity_source_emit_idle (source, self->query.idle_since);
}

static gboolean
on_query_due (gpointer user_data)
{
  LimberActivityX11 *self = LIMBER_ACTIVITY_X11 (user_data);

  self->query_source = 0; /* removed by returning G_SOURCE_REMOVE */
  query_and_schedule (self);
  return G_SOURCE_REMOVE;
}

static gboolean
x11_start (LimberActivitySource *source,
           GDBusConnection      *bus,
           gint64                threshold,
           GError              **error)
{
  LimberActivityX11 *self = LIMBER_ACTIVITY_X11 (source);

  /* Open already when probe() chose this backend; not on a restart. */
  g_clear_handle_id (&self->query_source, g_source_remove);
  g_clear_handle_id (&self->hangup_source, g_source_remove);
  if (self->display == NULL)
    self->display = open_display (self, error);
  if (self->display == NULL)
    return FALSE;
  g_free (self->display_name);
  self->display_name = g_strdup (DisplayString (self->display));
  if (self->info == NULL)
    self->info = xlib.ss_alloc_info ();
  limber_idle_query_init (&self->query, threshold);
  self->hangup_source = g_unix_fd_add (ConnectionNumber (self->display), G_IO_HUP | G_IO_ERR,
                                       on_hangup, self);
  /* The first query from the main loop, like every later one, so that
   * "idle" is never emitted from inside start(). */
  schedule_query (self, 0);
  g_debug ("X11 idle queries on display %s, threshold %" G_GINT64_FORMAT " ms",
           self->display_name, threshold / 1000);
  return TRUE;
}

static void
x11_stop (LimberActivitySource *source)
{
  LimberActivityX11 *self = LIMBER_ACTIVITY_X11 (source);

  if (self->display != NULL)
    g_debug ("X11 idle queries stop after %" G_GUINT64_FORMAT " queries", self->query.queries);
  close_display (self);
  self->query.idle = FALSE;
}

static void
limber_activity_x11_dispose (GObject *object)
{
  x11_stop (LIMBER_ACTIVITY_SOURCE (object));
  G_OBJECT_CLASS (limber_activity_x11_parent_class)->dispose (object);
}

static void
limber_activity_x11_finalize (GObject *object)
{
  g_free (LIMBER_ACTIVITY_X11 (object)->display_name);
  G_OBJECT_CLASS (limber_activity_x11_parent_class)->finalize (object);
}

static void
limber_activity_x11_class_init (LimberActivityX11Class *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LimberActivitySourceClass *source_class = LIMBER_ACTIVITY_SOURCE_CLASS (klass);

  object_class->dispose = limber_activity_x11_dispose;
  object_class->finalize = limber_activity_x11_finalize;
  source_class->probe = x11_probe;
  source_class->start = x11_start;
  source_class->stop = x11_stop;
}

static void
limber_activity_x11_init (LimberActivityX11 *self)
{
}
