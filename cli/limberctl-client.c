#include "limberctl-client.h"

#include <gio/gunixfdlist.h>

#include "limber-dbus-generated.h"
#include "limber-error.h"
#include "limber-names.h"

struct _LimberClient
{
  GObject            parent_instance;

  GDBusConnection   *bus;
  LimberDBusLimber1 *proxy;
  /* Whether "daemon-changed" last said running; see on_proxy_state(). */
  gboolean           daemon_running;
};

enum {
  SIGNAL_EVENT,
  SIGNAL_STATE_CHANGED,
  SIGNAL_PHASE_CHANGED,
  SIGNAL_DAEMON_CHANGED,
  SIGNAL_DISCONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (LimberClient, limber_client, G_TYPE_OBJECT)

static void
limber_client_dispose (GObject *object)
{
  LimberClient *client = LIMBER_CLIENT (object);

  if (client->proxy != NULL)
    g_signal_handlers_disconnect_by_data (client->proxy, client);
  if (client->bus != NULL)
    g_signal_handlers_disconnect_by_data (client->bus, client);
  g_clear_object (&client->proxy);
  g_clear_object (&client->bus);

  G_OBJECT_CLASS (limber_client_parent_class)->dispose (object);
}

static void
limber_client_class_init (LimberClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = limber_client_dispose;

  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_PHASE_CHANGED] =
    g_signal_new ("phase-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DAEMON_CHANGED] =
    g_signal_new ("daemon-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
limber_client_init (LimberClient *client)
{
}

/* ---- errors ------------------------------------------------------------ */

gboolean
limber_client_error_is_unreachable (const GError *error)
{
  if (error == NULL)
    return FALSE;

  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_NO_NETWORK:
        case G_DBUS_ERROR_IO_ERROR:
        case G_DBUS_ERROR_BAD_ADDRESS:
        case G_DBUS_ERROR_AUTH_FAILED:
        case G_DBUS_ERROR_LIMITS_EXCEEDED:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return TRUE;
        default:
          return FALSE;
        }
    }

  if (error->domain == G_IO_ERROR)
    {
      /* G_IO_ERROR_DBUS_ERROR is a remote error with an unregistered name.
       * From limberd that is a refusal; from systemd (activation through
       * SystemdService=, e.g. org.freedesktop.systemd1.NoSuchUnit) it means
       * the daemon could not be started. */
      if (error->code == G_IO_ERROR_DBUS_ERROR)
        {
          g_autofree char *remote = g_dbus_error_get_remote_error (error);
          return remote != NULL && g_str_has_prefix (remote, "org.freedesktop.systemd1.");
        }
      /* Everything else in G_IO_ERROR comes from the transport: no socket,
       * refused, closed, timed out. */
      return TRUE;
    }

  return FALSE;
}

/* ---- connecting -------------------------------------------------------- */

/* GDBusProxy already asks the bus to activate a well-known name without an
 * owner, but it swallows "not provided by any .service files" and similar
 * refusals and just comes back without an owner. Asking once more is the
 * only way to learn the reason, which is what the user needs to see. */
static gboolean
start_service (GDBusConnection *bus,
               GError         **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus,
                                       "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus",
                                       "StartServiceByName",
                                       g_variant_new ("(su)", LIMBER_BUS_NAME, 0),
                                       G_VARIANT_TYPE ("(u)"),
                                       G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, error);
  return reply != NULL;
}

static LimberDBusLimber1 *
new_proxy (GDBusConnection  *bus,
           LimberClientFlags flags,
           GError          **error)
{
  GDBusProxyFlags proxy_flags = G_DBUS_PROXY_FLAGS_NONE;

  /* Each match rule and the GetAll are work on the bus; one-shot commands
   * skip what they do not use, which keeps `limberctl status` in budget. */
  if (!(flags & (LIMBER_CLIENT_FLAGS_PROPERTIES | LIMBER_CLIENT_FLAGS_WATCH)))
    proxy_flags |= G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES;
  if (!(flags & LIMBER_CLIENT_FLAGS_WATCH))
    proxy_flags |= G_DBUS_PROXY_FLAGS_DO_NOT_CONNECT_SIGNALS;

  return limber_dbus_limber1_proxy_new_sync (bus, proxy_flags,
                                             LIMBER_BUS_NAME, LIMBER_OBJECT_PATH,
                                             NULL, error);
}

static void
on_proxy_event (LimberDBusLimber1 *proxy,
                gint64             ts,
                const char        *kind,
                const char        *stretch,
                gint64             seconds,
                LimberClient      *client)
{
  g_signal_emit (client, signals[SIGNAL_EVENT], 0,
                 ts, kind, (stretch != NULL && *stretch != '\0') ? stretch : NULL, seconds);
}

static void
on_proxy_state (GObject      *proxy,
                GParamSpec   *pspec,
                LimberClient *client)
{
  const char *state = limber_dbus_limber1_get_state (client->proxy);

  /* When limberd leaves the bus the cache is cleared and State goes NULL;
   * "daemon-changed" reports that, so it is no state change. */
  if (state == NULL)
    return;

  /* GDBusProxy loads a new owner's properties before it announces the
   * owner; say the daemon is back before telling its state. */
  if (!client->daemon_running)
    {
      client->daemon_running = TRUE;
      g_signal_emit (client, signals[SIGNAL_DAEMON_CHANGED], 0, TRUE);
    }
  g_signal_emit (client, signals[SIGNAL_STATE_CHANGED], 0, state);
}

static void
on_proxy_phase (GObject      *proxy,
                GParamSpec   *pspec,
                LimberClient *client)
{
  const char *phase = limber_dbus_limber1_get_phase (client->proxy);

  /* NULL: limberd left the bus (see on_proxy_state). */
  if (phase != NULL)
    g_signal_emit (client, signals[SIGNAL_PHASE_CHANGED], 0, phase);
}

static void
on_proxy_owner (GObject      *proxy,
                GParamSpec   *pspec,
                LimberClient *client)
{
  g_autofree char *owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (client->proxy));
  gboolean running = owner != NULL;

  if (running == client->daemon_running)
    return;
  client->daemon_running = running;
  g_signal_emit (client, signals[SIGNAL_DAEMON_CHANGED], 0, running);
}

static void
on_bus_closed (GDBusConnection *bus,
               gboolean         remote_peer_vanished,
               GError          *error,
               LimberClient    *client)
{
  g_autofree char *reason = g_strdup_printf ("lost the session bus%s%s",
                                             error != NULL ? ": " : "",
                                             error != NULL ? error->message : "");

  g_signal_emit (client, signals[SIGNAL_DISCONNECTED], 0, reason);
}

LimberClient *
limber_client_new (LimberClientFlags flags,
                   GError          **error)
{
  g_autoptr(LimberClient) client = NULL;
  g_autofree char *owner = NULL;

  /* Registers io.github.limber.Limber1.Error.* before any reply arrives,
   * so that remote errors come back as LIMBER_ERROR codes. */
  (void) limber_error_quark ();

  client = g_object_new (LIMBER_TYPE_CLIENT, NULL);

  client->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (client->bus == NULL)
    return NULL;

  client->proxy = new_proxy (client->bus, flags, error);
  if (client->proxy == NULL)
    return NULL;

  owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (client->proxy));
  if (owner == NULL)
    {
      if (!start_service (client->bus, error))
        return NULL;

      /* Started after all (a race with another client): the proxy made
       * before the owner existed has no properties, so make it again. */
      g_clear_object (&client->proxy);
      client->proxy = new_proxy (client->bus, flags, error);
      if (client->proxy == NULL)
        return NULL;

      owner = g_dbus_proxy_get_name_owner (G_DBUS_PROXY (client->proxy));
      if (owner == NULL)
        {
          g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER,
                       "limberd was started but left the name %s without an owner",
                       LIMBER_BUS_NAME);
          return NULL;
        }
    }

  client->daemon_running = TRUE;
  if (flags & LIMBER_CLIENT_FLAGS_WATCH)
    {
      g_signal_connect (client->proxy, "event", G_CALLBACK (on_proxy_event), client);
      g_signal_connect (client->proxy, "notify::state", G_CALLBACK (on_proxy_state), client);
      g_signal_connect (client->proxy, "notify::phase", G_CALLBACK (on_proxy_phase), client);
      g_signal_connect (client->proxy, "notify::g-name-owner", G_CALLBACK (on_proxy_owner), client);

      /* By default GDBus raises SIGTERM when the bus goes away, which a
       * watcher would take for a normal stop; report it instead. */
      g_dbus_connection_set_exit_on_close (client->bus, FALSE);
      g_signal_connect (client->bus, "closed", G_CALLBACK (on_bus_closed), client);
    }

  return g_steal_pointer (&client);
}

/* ---- properties -------------------------------------------------------- */

static const char *
nonnull (const char *s)
{
  return s != NULL ? s : "";
}

gboolean
limber_client_get_status (LimberClient *client,
                          LimberStatus *out,
                          GError      **error)
{
  LimberDBusLimber1 *proxy;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  proxy = client->proxy;

  /* GDBusProxy ignores a failed GetAll; an unknown State is how that shows. */
  if (limber_dbus_limber1_get_state (proxy) == NULL)
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_FAILED,
                   "limberd did not report its state (no %s interface at %s?)",
                   LIMBER_INTERFACE, LIMBER_OBJECT_PATH);
      return FALSE;
    }

  out->state = limber_dbus_limber1_get_state (proxy);
  out->sitting_since = limber_dbus_limber1_get_sitting_since (proxy);
  out->next_break_at = limber_dbus_limber1_get_next_break_at (proxy);
  out->paused_until = limber_dbus_limber1_get_paused_until (proxy);
  out->pending_stretch = nonnull (limber_dbus_limber1_get_pending_stretch (proxy));
  out->phase = nonnull (limber_dbus_limber1_get_phase (proxy));
  out->snooze_count = limber_dbus_limber1_get_snooze_count (proxy);
  out->completed_today = limber_dbus_limber1_get_completed_today (proxy);
  out->daily_goal = limber_dbus_limber1_get_daily_goal (proxy);
  out->interval = limber_dbus_limber1_get_interval (proxy);
  out->snooze_seconds = limber_dbus_limber1_get_snooze_seconds (proxy);
  out->backend = nonnull (limber_dbus_limber1_get_backend (proxy));
  out->backend_reason = nonnull (limber_dbus_limber1_get_backend_reason (proxy));
  out->version = nonnull (limber_dbus_limber1_get_version (proxy));
  out->warnings = limber_dbus_limber1_get_warnings (proxy);
  if (out->warnings == NULL)
    {
      static const char *const none[] = { NULL };
      out->warnings = none;
    }
  return TRUE;
}

gboolean
limber_client_refresh (LimberClient *client,
                       GError      **error)
{
  GDBusProxy *proxy;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) properties = NULL;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);

  proxy = G_DBUS_PROXY (client->proxy);
  /* Not Properties.Get on the cache: the caller's method reply has come
   * back, so the daemon has already applied it and this reads its result. */
  reply = g_dbus_connection_call_sync (client->bus,
                                       LIMBER_BUS_NAME,
                                       LIMBER_OBJECT_PATH,
                                       "org.freedesktop.DBus.Properties",
                                       "GetAll",
                                       g_variant_new ("(s)", LIMBER_INTERFACE),
                                       G_VARIANT_TYPE ("(a{sv})"),
                                       G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, error);
  if (reply == NULL)
    return FALSE;

  properties = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, properties);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    g_dbus_proxy_set_cached_property (proxy, name, value);

  return TRUE;
}

/* ---- methods ----------------------------------------------------------- */

gboolean
limber_client_snooze (LimberClient *client,
                      gint64        seconds,
                      GError      **error)
{
  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);
  return limber_dbus_limber1_call_snooze_sync (client->proxy, seconds, NULL, error);
}

gboolean
limber_client_pause (LimberClient *client,
                     gint64        seconds,
                     GError      **error)
{
  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);
  return limber_dbus_limber1_call_pause_sync (client->proxy, seconds, NULL, error);
}

gboolean
limber_client_resume (LimberClient *client,
                      GError      **error)
{
  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);
  return limber_dbus_limber1_call_resume_sync (client->proxy, NULL, error);
}

gboolean
limber_client_skip (LimberClient *client,
                    GError      **error)
{
  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);
  return limber_dbus_limber1_call_skip_sync (client->proxy, NULL, error);
}

char *
limber_client_start (LimberClient *client,
                     const char   *stretch,
                     GError      **error)
{
  char *started = NULL;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);
  if (!limber_dbus_limber1_call_start_sync (client->proxy, nonnull (stretch),
                                            &started, NULL, error))
    return NULL;
  return started;
}

char *
limber_client_break (LimberClient *client,
                     const char   *stretch,
                     GError      **error)
{
  char *suggested = NULL;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);
  if (!limber_dbus_limber1_call_break_sync (client->proxy, nonnull (stretch),
                                            &suggested, NULL, error))
    return NULL;
  return suggested;
}

char *
limber_client_done (LimberClient *client,
                    const char   *stretch,
                    GError      **error)
{
  char *logged = NULL;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);
  if (!limber_dbus_limber1_call_done_sync (client->proxy, nonnull (stretch),
                                           &logged, NULL, error))
    return NULL;
  return logged;
}

GStrv
limber_client_reload (LimberClient *client,
                      GError      **error)
{
  char **warnings = NULL;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);
  if (!limber_dbus_limber1_call_reload_sync (client->proxy, &warnings, NULL, error))
    return NULL;
  return warnings != NULL ? warnings : g_new0 (char *, 1);
}

/* ---- catalogue --------------------------------------------------------- */

void
limber_stretch_free (LimberStretch *stretch)
{
  if (stretch == NULL)
    return;
  g_free (stretch->id);
  g_free (stretch->name);
  g_free (stretch->place);
  g_free (stretch->summary);
  g_strfreev (stretch->steps);
  g_strfreev (stretch->precautions);
  g_strfreev (stretch->tips);
  g_free (stretch);
}

static char *
dict_dup_string (GVariant   *dict,
                 const char *key)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (dict, key, G_VARIANT_TYPE_STRING);

  return g_strdup (value != NULL ? g_variant_get_string (value, NULL) : "");
}

static GStrv
dict_dup_strv (GVariant   *dict,
               const char *key)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (dict, key, G_VARIANT_TYPE_STRING_ARRAY);

  return value != NULL ? g_variant_dup_strv (value, NULL) : g_new0 (char *, 1);
}

/* The XML documents the counts as "u", but reading any integer type keeps
 * the CLI working if the daemon picks a wider one; negatives become 0. */
static gint64
dict_get_count (GVariant   *dict,
                const char *key)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (dict, key, NULL);
  gint64 n = 0;

  if (value == NULL)
    return 0;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    n = g_variant_get_uint32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    n = g_variant_get_int32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    n = g_variant_get_int64 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    n = (gint64) MIN (g_variant_get_uint64 (value), (guint64) G_MAXINT64);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT16))
    n = g_variant_get_uint16 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT16))
    n = g_variant_get_int16 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTE))
    n = g_variant_get_byte (value);

  return MAX (n, 0);
}

static LimberStretch *
stretch_from_dict (GVariant *dict)
{
  LimberStretch *stretch = g_new0 (LimberStretch, 1);

  stretch->id = dict_dup_string (dict, "id");
  stretch->name = dict_dup_string (dict, "name");
  stretch->place = dict_dup_string (dict, "place");
  stretch->summary = dict_dup_string (dict, "summary");
  stretch->hold_seconds = dict_get_count (dict, "hold_seconds");
  stretch->repetitions = (guint) MIN (dict_get_count (dict, "repetitions"), G_MAXUINT);
  stretch->sides = (guint) MIN (dict_get_count (dict, "sides"), G_MAXUINT);
  stretch->steps = dict_dup_strv (dict, "steps");
  stretch->guided_seconds = dict_get_count (dict, "guided_seconds");
  stretch->precautions = dict_dup_strv (dict, "precautions");
  stretch->tips = dict_dup_strv (dict, "tips");
  return stretch;
}

GPtrArray *
limber_client_get_stretches (LimberClient *client,
                             GError      **error)
{
  g_autoptr(GVariant) stretches = NULL;
  g_autoptr(GPtrArray) result = NULL;
  GVariantIter iter;
  GVariant *dict;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);

  if (!limber_dbus_limber1_call_get_stretches_sync (client->proxy, &stretches, NULL, error))
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) limber_stretch_free);
  g_variant_iter_init (&iter, stretches);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_ptr_array_add (result, stretch_from_dict (dict));
      g_variant_unref (dict);
    }
  return g_steal_pointer (&result);
}

LimberStretch *
limber_client_get_stretch (LimberClient *client,
                           const char   *id,
                           GError      **error)
{
  g_autoptr(GVariant) dict = NULL;
  LimberStretch *stretch;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!limber_dbus_limber1_call_get_stretch_sync (client->proxy, id, &dict, NULL, error))
    return NULL;

  stretch = stretch_from_dict (dict);
  if (*stretch->id == '\0')
    {
      g_free (stretch->id);
      stretch->id = g_strdup (id);
    }
  return stretch;
}

/* ---- records ----------------------------------------------------------- */

gboolean
limber_client_get_daily_goal (LimberClient *client,
                              guint        *out_goal,
                              GError      **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);

  reply = g_dbus_connection_call_sync (client->bus,
                                       LIMBER_BUS_NAME,
                                       LIMBER_OBJECT_PATH,
                                       "org.freedesktop.DBus.Properties",
                                       "Get",
                                       g_variant_new ("(ss)", LIMBER_INTERFACE, "DailyGoal"),
                                       G_VARIANT_TYPE ("(v)"),
                                       G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, error);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    {
      g_set_error (error, LIMBER_ERROR, LIMBER_ERROR_FAILED,
                   "limberd reported DailyGoal as “%s”, not a count",
                   g_variant_get_type_string (value));
      return FALSE;
    }
  *out_goal = g_variant_get_uint32 (value);
  return TRUE;
}

static void
limber_day_free (LimberDay *day)
{
  g_free (day->date);
  g_free (day);
}

static void
limber_event_free (LimberEvent *event)
{
  g_free (event->kind);
  g_free (event->stretch);
  g_free (event->uuid);
  g_free (event->host);
  g_free (event);
}

static void
limber_stretch_count_free (LimberStretchCount *count)
{
  g_free (count->id);
  g_free (count);
}

GPtrArray *
limber_client_get_days (LimberClient *client,
                        const char   *from,
                        const char   *to,
                        const char   *host,
                        GError      **error)
{
  g_autoptr(GVariant) days = NULL;
  g_autoptr(GPtrArray) result = NULL;
  GVariantIter iter;
  const char *date;
  gint64 sitting, longest;
  guint completed, snoozed, skipped, natural;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  if (!limber_dbus_limber1_call_get_days_sync (client->proxy, from, to, nonnull (host),
                                               &days, NULL, error))
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) limber_day_free);
  g_variant_iter_init (&iter, days);
  while (g_variant_iter_next (&iter, "(&sxxuuuu)", &date, &sitting, &longest,
                              &completed, &snoozed, &skipped, &natural))
    {
      LimberDay *day = g_new0 (LimberDay, 1);

      day->date = g_strdup (date);
      day->sitting_seconds = sitting;
      day->longest_sitting_seconds = longest;
      day->completed = completed;
      day->snoozed = snoozed;
      day->skipped = skipped;
      day->natural = natural;
      g_ptr_array_add (result, day);
    }
  return g_steal_pointer (&result);
}

GPtrArray *
limber_client_get_stretch_counts (LimberClient *client,
                                  const char   *from,
                                  const char   *to,
                                  const char   *host,
                                  GError      **error)
{
  g_autoptr(GVariant) counts = NULL;
  g_autoptr(GPtrArray) result = NULL;
  GVariantIter iter;
  const char *id;
  guint completed, snoozed, skipped, abandoned;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  if (!limber_dbus_limber1_call_get_stretch_counts_sync (client->proxy, from, to, nonnull (host),
                                                         &counts, NULL, error))
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) limber_stretch_count_free);
  g_variant_iter_init (&iter, counts);
  while (g_variant_iter_next (&iter, "(&suuuu)", &id, &completed, &snoozed, &skipped, &abandoned))
    {
      LimberStretchCount *count = g_new0 (LimberStretchCount, 1);

      count->id = *id != '\0' ? g_strdup (id) : NULL;
      count->completed = completed;
      count->snoozed = snoozed;
      count->skipped = skipped;
      count->abandoned = abandoned;
      g_ptr_array_add (result, count);
    }
  return g_steal_pointer (&result);
}

gboolean
limber_client_get_streaks (LimberClient *client,
                           const char   *host,
                           guint        *out_current,
                           guint        *out_best,
                           GError      **error)
{
  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);
  return limber_dbus_limber1_call_get_streaks_sync (client->proxy, nonnull (host),
                                                    out_current, out_best, NULL, error);
}

GPtrArray *
limber_client_get_events (LimberClient *client,
                          gint64        since,
                          guint         limit,
                          const char   *host,
                          GError      **error)
{
  g_autoptr(GVariant) events = NULL;
  g_autoptr(GPtrArray) result = NULL;
  GVariantIter iter;
  const char *kind, *stretch, *uuid, *event_host;
  gint64 ts, seconds;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);

  if (!limber_dbus_limber1_call_get_events_sync (client->proxy, since, limit, nonnull (host),
                                                 &events, NULL, error))
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) limber_event_free);
  g_variant_iter_init (&iter, events);
  while (g_variant_iter_next (&iter, "(x&s&sx&s&s)", &ts, &kind, &stretch, &seconds,
                              &uuid, &event_host))
    {
      LimberEvent *event = g_new0 (LimberEvent, 1);

      event->ts = ts;
      event->kind = g_strdup (kind);
      event->stretch = *stretch != '\0' ? g_strdup (stretch) : NULL;
      event->seconds = seconds;
      event->uuid = g_strdup (uuid);
      event->host = g_strdup (event_host);
      g_ptr_array_add (result, event);
    }
  return g_steal_pointer (&result);
}

GStrv
limber_client_get_hosts (LimberClient *client,
                         char        **out_this_host,
                         GError      **error)
{
  g_auto(GStrv) hosts = NULL;
  g_autofree char *this_host = NULL;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), NULL);

  if (!limber_dbus_limber1_call_get_hosts_sync (client->proxy, &hosts, &this_host, NULL, error))
    return NULL;

  if (out_this_host != NULL)
    *out_this_host = g_steal_pointer (&this_host);
  return hosts != NULL ? g_steal_pointer (&hosts) : g_new0 (char *, 1);
}

/* The proxy's default timeout (25 s) is for quick questions; an export or
 * import of a long history may take longer, and cutting it off would only
 * leave half a file or an unknown outcome. The user can still Ctrl+C. */
#define TRANSFER_TIMEOUT_MSEC G_MAXINT

/* Puts a duplicate of @fd in a new list; the handle to send is index 0. */
static GUnixFDList *
fd_list_for (int      fd,
             GError **error)
{
  g_autoptr(GUnixFDList) list = g_unix_fd_list_new ();

  if (g_unix_fd_list_append (list, fd, error) < 0)
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
limber_client_export (LimberClient *client,
                      int           fd,
                      gint64        since,
                      guint        *out_events,
                      guint        *out_spells,
                      GError      **error)
{
  g_autoptr(GUnixFDList) fds = NULL;
  int saved_timeout;
  gboolean ok;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);

  fds = fd_list_for (fd, error);
  if (fds == NULL)
    return FALSE;

  /* The generated call takes no timeout; the proxy's default is what it
   * uses, so it is widened for this one call. */
  saved_timeout = g_dbus_proxy_get_default_timeout (G_DBUS_PROXY (client->proxy));
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (client->proxy), TRANSFER_TIMEOUT_MSEC);
  ok = limber_dbus_limber1_call_export_sync (client->proxy, g_variant_new_handle (0), since, fds,
                                             out_events, out_spells, NULL, NULL, error);
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (client->proxy), saved_timeout);
  return ok;
}

gboolean
limber_client_import (LimberClient *client,
                      int           fd,
                      guint        *out_added,
                      guint        *out_known,
                      GStrv        *out_problems,
                      GError      **error)
{
  g_autoptr(GUnixFDList) fds = NULL;
  g_auto(GStrv) problems = NULL;
  int saved_timeout;
  gboolean ok;

  g_return_val_if_fail (LIMBER_IS_CLIENT (client), FALSE);

  fds = fd_list_for (fd, error);
  if (fds == NULL)
    return FALSE;

  saved_timeout = g_dbus_proxy_get_default_timeout (G_DBUS_PROXY (client->proxy));
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (client->proxy), TRANSFER_TIMEOUT_MSEC);
  ok = limber_dbus_limber1_call_import_sync (client->proxy, g_variant_new_handle (0), fds,
                                             out_added, out_known, &problems, NULL, NULL, error);
  g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (client->proxy), saved_timeout);
  if (!ok)
    return FALSE;

  if (out_problems != NULL)
    *out_problems = problems != NULL ? g_steal_pointer (&problems) : g_new0 (char *, 1);
  return TRUE;
}
