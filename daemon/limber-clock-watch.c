#include "limber-clock-watch.h"

#include <errno.h>
#include <glib-unix.h>
#include <stdint.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

struct _LimberClockWatch {
  GObject parent_instance;

  int   fd;     /* -1 when the kernel offers no such timer */
  guint source;
};

G_DEFINE_FINAL_TYPE (LimberClockWatch, limber_clock_watch, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A timer on CLOCK_REALTIME set far in the future: it never expires, but
 * with TFD_TIMER_CANCEL_ON_SET the kernel cancels it (the fd becomes
 * readable, read() fails with ECANCELED) whenever the clock is set. */
static gboolean
arm (LimberClockWatch *self)
{
  struct itimerspec spec;

  memset (&spec, 0, sizeof spec);
  spec.it_value.tv_sec = G_MAXINT32;
  return timerfd_settime (self->fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL) == 0;
}

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  LimberClockWatch *self = LIMBER_CLOCK_WATCH (user_data);
  uint64_t expirations;
  ssize_t got = read (fd, &expirations, sizeof expirations);

  if (got < 0 && errno != ECANCELED && errno != EAGAIN)
    {
      g_warning ("Cannot watch the wall clock any more: %s", g_strerror (errno));
      self->source = 0;
      return G_SOURCE_REMOVE;
    }

  if (!arm (self))
    g_debug ("Could not re-arm the wall clock watch: %s", g_strerror (errno));
  g_debug ("The wall clock was set");
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_CONTINUE;
}

static void
limber_clock_watch_finalize (GObject *object)
{
  LimberClockWatch *self = LIMBER_CLOCK_WATCH (object);

  g_clear_handle_id (&self->source, g_source_remove);
  if (self->fd >= 0)
    close (self->fd);

  G_OBJECT_CLASS (limber_clock_watch_parent_class)->finalize (object);
}

static void
limber_clock_watch_class_init (LimberClockWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limber_clock_watch_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed",
                                          G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
limber_clock_watch_init (LimberClockWatch *self)
{
  self->fd = timerfd_create (CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK);
  if (self->fd < 0 || !arm (self))
    {
      g_debug ("No timerfd to watch the wall clock: %s", g_strerror (errno));
      if (self->fd >= 0)
        close (self->fd);
      self->fd = -1;
      return;
    }
  self->source = g_unix_fd_add (self->fd, G_IO_IN, on_readable, self);
}

LimberClockWatch *
limber_clock_watch_new (void)
{
  return g_object_new (LIMBER_TYPE_CLOCK_WATCH, NULL);
}
