/* limber-test-compositor: the smallest Wayland "compositor" that a real
 * client of ext-idle-notify-v1 or org_kde_kwin_idle can talk to, for
 * limberd's integration tests.
 *
 * It draws nothing and has no input devices. It offers wl_seat (version 1,
 * no capabilities) and ext_idle_notifier_v1 and, on request, the older
 * org_kde_kwin_idle, and implements both protocols as their specifications
 * say: a notification (ext_idle_notification_v1 or org_kde_kwin_idle_timeout)
 * becomes idle (event "idled", or "idle" for KDE) after `timeout` ms without
 * input, counted from its creation or from the last input, and at the next
 * input sends "resumed" and restarts its timeout. A KDE timeout's
 * simulate_user_activity request counts as input on the seat.
 *
 * Usage: limber-test-compositor [--kde-idle] [--no-ext] [SOCKET-NAME]
 *   --kde-idle  also offer org_kde_kwin_idle (advertised before
 *               ext_idle_notifier_v1, so that a client that took the first
 *               protocol it saw would pick the KDE one)
 *   --no-ext    offer org_kde_kwin_idle only (implies --kde-idle)
 *   Listens on $XDG_RUNTIME_DIR/SOCKET-NAME (default: the first free
 *   wayland-N) and prints the socket name on stdout, one line, once clients
 *   can connect.
 *
 * Control channel: one command per line on stdin, each answered by one line
 * on stdout (so a test knows the command took effect):
 *   input         simulated user input on the seat    -> "ok input resumed=N"
 *                 (N: notifications that were idle and got "resumed")
 *   list          the live notifications of both      -> "notifications N"
 *                 protocols, in creation order; followed by nothing else
 *                 when N = 0, else the same line ends with
 *                 " timeouts=T1,... idle=I1,... kinds=K1,..." (ms; 0/1;
 *                 "ext" for ext_idle_notification_v1, "kde" for
 *                 org_kde_kwin_idle_timeout)
 *   quit          exit 0                              -> "ok quit"
 * End of stdin and SIGTERM/SIGINT also make it exit 0. What it does goes to
 * stderr, one line per protocol event. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <wayland-server.h>

#include "ext-idle-notify-v1-server-protocol.h"
#include "kde-idle-server-protocol.h"

typedef struct {
  struct wl_display    *display;
  struct wl_event_loop *loop;
  struct wl_list        notifications;   /* Notification.link */
  GString              *input_line;      /* stdin read so far */
} Compositor;

typedef enum {
  KIND_EXT,   /* ext_idle_notification_v1 */
  KIND_KDE,   /* org_kde_kwin_idle_timeout */
} Kind;

static const char *const kind_names[] = { [KIND_EXT] = "ext", [KIND_KDE] = "kde" };

typedef struct {
  struct wl_list            link;
  struct wl_resource       *resource;
  struct wl_event_source   *timer;
  Compositor               *compositor;
  Kind                      kind;
  uint32_t                  timeout_ms;
  bool                      idle;
} Notification;

static void
say (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format, ...)
{
  va_list args;

  fputs ("limber-test-compositor: ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
}

/* ---- wl_seat: present, with nothing attached ---------------------------- */

/* Requests on the (never advertised) pointer, keyboard or touch objects are
 * accepted and ignored, so a client that asks anyway is not disconnected. */
static void
ignore_set_cursor (struct wl_client *client, struct wl_resource *resource, uint32_t serial,
                   struct wl_resource *surface, int32_t x, int32_t y)
{
}

static const struct wl_pointer_interface pointer_impl = { .set_cursor = ignore_set_cursor };
static const struct wl_keyboard_interface keyboard_impl = { 0 };
static const struct wl_touch_interface touch_impl = { 0 };

static void
make_inert (struct wl_client *client, struct wl_resource *seat, uint32_t id,
            const struct wl_interface *interface, const void *impl)
{
  struct wl_resource *resource =
    wl_resource_create (client, interface, wl_resource_get_version (seat), id);

  if (resource == NULL)
    {
      wl_client_post_no_memory (client);
      return;
    }
  wl_resource_set_implementation (resource, impl, NULL, NULL);
}

static void
seat_get_pointer (struct wl_client *client, struct wl_resource *resource, uint32_t id)
{
  make_inert (client, resource, id, &wl_pointer_interface, &pointer_impl);
}

static void
seat_get_keyboard (struct wl_client *client, struct wl_resource *resource, uint32_t id)
{
  make_inert (client, resource, id, &wl_keyboard_interface, &keyboard_impl);
}

static void
seat_get_touch (struct wl_client *client, struct wl_resource *resource, uint32_t id)
{
  make_inert (client, resource, id, &wl_touch_interface, &touch_impl);
}

static const struct wl_seat_interface seat_impl = {
  .get_pointer = seat_get_pointer,
  .get_keyboard = seat_get_keyboard,
  .get_touch = seat_get_touch,
};

static void
bind_seat (struct wl_client *client, void *data, uint32_t version, uint32_t id)
{
  struct wl_resource *resource = wl_resource_create (client, &wl_seat_interface, version, id);

  if (resource == NULL)
    {
      wl_client_post_no_memory (client);
      return;
    }
  wl_resource_set_implementation (resource, &seat_impl, NULL, NULL);
  wl_seat_send_capabilities (resource, 0);
  say ("client bound wl_seat version %u", version);
}

/* ---- notifications, of either protocol ----------------------------------- */

static void
arm (Notification *notification)
{
  /* A zero timeout means "as soon as possible"; 0 would disarm the timer. */
  wl_event_source_timer_update (notification->timer,
                                notification->timeout_ms > 0 ? (int) notification->timeout_ms : 1);
}

static int
on_notification_timeout (void *data)
{
  Notification *notification = data;

  if (!notification->idle)
    {
      notification->idle = true;
      if (notification->kind == KIND_EXT)
        ext_idle_notification_v1_send_idled (notification->resource);
      else
        org_kde_kwin_idle_timeout_send_idle (notification->resource);
      say ("%s notification %u (%u ms): idled", kind_names[notification->kind],
           wl_resource_get_id (notification->resource), notification->timeout_ms);
    }
  return 0;
}

static void
notification_resource_destroyed (struct wl_resource *resource)
{
  Notification *notification = wl_resource_get_user_data (resource);

  say ("%s notification %u (%u ms): destroyed", kind_names[notification->kind],
       wl_resource_get_id (resource), notification->timeout_ms);
  wl_event_source_remove (notification->timer);
  wl_list_remove (&notification->link);
  g_free (notification);
}

/* A new notification object `id`, of the version of `factory`, armed. NULL
 * (with the client told) when out of memory. */
static Notification *
notification_new (struct wl_client          *client,
                  struct wl_resource        *factory,
                  uint32_t                   id,
                  Kind                       kind,
                  uint32_t                   timeout,
                  const struct wl_interface *interface,
                  const void                *implementation)
{
  Compositor *compositor = wl_resource_get_user_data (factory);
  Notification *notification;
  struct wl_resource *resource =
    wl_resource_create (client, interface, wl_resource_get_version (factory), id);

  if (resource == NULL)
    {
      wl_client_post_no_memory (client);
      return NULL;
    }
  notification = g_new0 (Notification, 1);
  notification->resource = resource;
  notification->compositor = compositor;
  notification->kind = kind;
  notification->timeout_ms = timeout;
  notification->timer = wl_event_loop_add_timer (compositor->loop, on_notification_timeout,
                                                 notification);
  wl_list_insert (compositor->notifications.prev, &notification->link);
  wl_resource_set_implementation (resource, implementation, notification,
                                  notification_resource_destroyed);
  arm (notification);
  say ("%s notification %u: created, timeout %u ms", kind_names[kind], id, timeout);
  return notification;
}

/* User activity on the seat: every idle notification gets "resumed", every
 * one restarts its timeout. Returns how many resumed. */
static unsigned
seat_activity (Compositor *compositor)
{
  Notification *notification;
  unsigned resumed = 0;

  wl_list_for_each (notification, &compositor->notifications, link)
    {
      if (notification->idle)
        {
          notification->idle = false;
          if (notification->kind == KIND_EXT)
            ext_idle_notification_v1_send_resumed (notification->resource);
          else
            org_kde_kwin_idle_timeout_send_resumed (notification->resource);
          resumed++;
          say ("%s notification %u (%u ms): resumed", kind_names[notification->kind],
               wl_resource_get_id (notification->resource), notification->timeout_ms);
        }
      arm (notification);
    }
  return resumed;
}

/* ---- ext-idle-notify-v1 -------------------------------------------------- */

static void
notification_destroy (struct wl_client *client, struct wl_resource *resource)
{
  wl_resource_destroy (resource);
}

static const struct ext_idle_notification_v1_interface notification_impl = {
  .destroy = notification_destroy,
};

static void
notifier_destroy (struct wl_client *client, struct wl_resource *resource)
{
  wl_resource_destroy (resource);
}

static void
notifier_get_idle_notification (struct wl_client   *client,
                                 struct wl_resource *resource,
                                 uint32_t            id,
                                 uint32_t            timeout,
                                 struct wl_resource *seat)
{
  notification_new (client, resource, id, KIND_EXT, timeout,
                    &ext_idle_notification_v1_interface, &notification_impl);
}

static const struct ext_idle_notifier_v1_interface notifier_impl = {
  .destroy = notifier_destroy,
  .get_idle_notification = notifier_get_idle_notification,
};

static void
bind_notifier (struct wl_client *client, void *data, uint32_t version, uint32_t id)
{
  struct wl_resource *resource =
    wl_resource_create (client, &ext_idle_notifier_v1_interface, version, id);

  if (resource == NULL)
    {
      wl_client_post_no_memory (client);
      return;
    }
  wl_resource_set_implementation (resource, &notifier_impl, data, NULL);
  say ("client bound ext_idle_notifier_v1 version %u", version);
}

/* ---- org_kde_kwin_idle --------------------------------------------------- */

static void
kde_timeout_release (struct wl_client *client, struct wl_resource *resource)
{
  wl_resource_destroy (resource);
}

static void
kde_timeout_simulate_user_activity (struct wl_client *client, struct wl_resource *resource)
{
  Notification *notification = wl_resource_get_user_data (resource);

  /* "Behaves just like real user activity on the seat." */
  say ("kde notification %u: simulate_user_activity", wl_resource_get_id (resource));
  seat_activity (notification->compositor);
}

static const struct org_kde_kwin_idle_timeout_interface kde_timeout_impl = {
  .release = kde_timeout_release,
  .simulate_user_activity = kde_timeout_simulate_user_activity,
};

static void
kde_idle_get_idle_timeout (struct wl_client   *client,
                           struct wl_resource *resource,
                           uint32_t            id,
                           struct wl_resource *seat,
                           uint32_t            timeout)
{
  notification_new (client, resource, id, KIND_KDE, timeout,
                    &org_kde_kwin_idle_timeout_interface, &kde_timeout_impl);
}

static const struct org_kde_kwin_idle_interface kde_idle_impl = {
  .get_idle_timeout = kde_idle_get_idle_timeout,
};

static void
bind_kde_idle (struct wl_client *client, void *data, uint32_t version, uint32_t id)
{
  struct wl_resource *resource =
    wl_resource_create (client, &org_kde_kwin_idle_interface, version, id);

  if (resource == NULL)
    {
      wl_client_post_no_memory (client);
      return;
    }
  /* No destructor request: the object lives until the client goes. */
  wl_resource_set_implementation (resource, &kde_idle_impl, data, NULL);
  say ("client bound org_kde_kwin_idle version %u", version);
}

/* ---- the control channel ------------------------------------------------ */

static void
simulate_input (Compositor *compositor)
{
  unsigned resumed = seat_activity (compositor);

  /* Send now, not at the next loop turn, so the answer below is true. */
  wl_display_flush_clients (compositor->display);
  say ("input");
  printf ("ok input resumed=%u\n", resumed);
}

static void
list_notifications (Compositor *compositor)
{
  g_autoptr(GString) timeouts = g_string_new (NULL);
  g_autoptr(GString) idle = g_string_new (NULL);
  g_autoptr(GString) kinds = g_string_new (NULL);
  Notification *notification;
  unsigned count = 0;

  wl_list_for_each (notification, &compositor->notifications, link)
    {
      g_string_append_printf (timeouts, "%s%u", count ? "," : "", notification->timeout_ms);
      g_string_append_printf (idle, "%s%d", count ? "," : "", notification->idle);
      g_string_append_printf (kinds, "%s%s", count ? "," : "", kind_names[notification->kind]);
      count++;
    }
  if (count == 0)
    printf ("notifications 0\n");
  else
    printf ("notifications %u timeouts=%s idle=%s kinds=%s\n", count, timeouts->str, idle->str,
            kinds->str);
}

static void
run_command (Compositor *compositor,
             const char *command)
{
  if (strcmp (command, "input") == 0)
    simulate_input (compositor);
  else if (strcmp (command, "list") == 0)
    list_notifications (compositor);
  else if (strcmp (command, "quit") == 0)
    {
      printf ("ok quit\n");
      wl_display_terminate (compositor->display);
    }
  else if (*command != '\0')
    {
      say ("unknown command “%s”", command);
      printf ("error unknown command\n");
    }
}

static int
on_stdin (int fd, uint32_t mask, void *data)
{
  Compositor *compositor = data;
  char buffer[256];
  ssize_t n = read (fd, buffer, sizeof buffer);
  char *newline;

  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return 0;
  if (n <= 0)
    {
      say ("end of stdin: quitting");
      wl_display_terminate (compositor->display);
      return 0;
    }
  g_string_append_len (compositor->input_line, buffer, n);
  while ((newline = strchr (compositor->input_line->str, '\n')) != NULL)
    {
      g_autofree char *command = g_strndup (compositor->input_line->str,
                                            newline - compositor->input_line->str);

      g_string_erase (compositor->input_line, 0, newline - compositor->input_line->str + 1);
      run_command (compositor, g_strstrip (command));
    }
  return 0;
}

static int
on_quit_signal (int signal_number, void *data)
{
  Compositor *compositor = data;

  say ("signal %d: quitting", signal_number);
  wl_display_terminate (compositor->display);
  return 0;
}

int
main (int argc, char **argv)
{
  Compositor compositor = { 0 };
  struct wl_event_source *sources[3];
  const char *socket_name;
  const char *requested_name = NULL;
  bool offer_ext = true;
  bool offer_kde = false;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--kde-idle") == 0)
        offer_kde = true;
      else if (strcmp (argv[i], "--no-ext") == 0)
        offer_ext = false, offer_kde = true;
      else if (argv[i][0] != '-' && requested_name == NULL)
        requested_name = argv[i];
      else
        {
          fprintf (stderr, "Usage: %s [--kde-idle] [--no-ext] [SOCKET-NAME]\n", argv[0]);
          return 2;
        }
    }
  /* Answers to the control channel must not wait in a buffer. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  signal (SIGPIPE, SIG_IGN);

  compositor.display = wl_display_create ();
  compositor.loop = wl_display_get_event_loop (compositor.display);
  compositor.input_line = g_string_new (NULL);
  wl_list_init (&compositor.notifications);

  if (requested_name != NULL)
    socket_name = wl_display_add_socket (compositor.display, requested_name) == 0
                  ? requested_name : NULL;
  else
    socket_name = wl_display_add_socket_auto (compositor.display);
  if (socket_name == NULL)
    {
      say ("cannot create the socket (is XDG_RUNTIME_DIR set and writable?)");
      wl_display_destroy (compositor.display);
      g_string_free (compositor.input_line, TRUE);
      return 1;
    }

  wl_global_create (compositor.display, &wl_seat_interface, 1, &compositor, bind_seat);
  /* KDE's first: a client must prefer ext-idle-notify-v1 by choice, not by
   * taking whichever the registry listed first. */
  if (offer_kde)
    wl_global_create (compositor.display, &org_kde_kwin_idle_interface, 1, &compositor,
                      bind_kde_idle);
  if (offer_ext)
    wl_global_create (compositor.display, &ext_idle_notifier_v1_interface, 1, &compositor,
                      bind_notifier);

  sources[0] = wl_event_loop_add_fd (compositor.loop, STDIN_FILENO, WL_EVENT_READABLE,
                                     on_stdin, &compositor);
  sources[1] = wl_event_loop_add_signal (compositor.loop, SIGTERM, on_quit_signal, &compositor);
  sources[2] = wl_event_loop_add_signal (compositor.loop, SIGINT, on_quit_signal, &compositor);

  say ("listening on %s, offering %s%s%s", socket_name,
       offer_kde ? "org_kde_kwin_idle" : "", offer_kde && offer_ext ? " and " : "",
       offer_ext ? "ext_idle_notifier_v1" : "");
  printf ("%s\n", socket_name);

  wl_display_run (compositor.display);

  /* Clients first: their resources' destroy handlers free the
   * notifications and their timers. */
  wl_display_destroy_clients (compositor.display);
  for (size_t i = 0; i < G_N_ELEMENTS (sources); i++)
    wl_event_source_remove (sources[i]);
  wl_display_destroy (compositor.display);
  g_string_free (compositor.input_line, TRUE);
  say ("bye");
  return 0;
}
