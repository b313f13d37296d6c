#include "limber-service.h"

#include "limber-daemon.h"
#include "limber-error.h"
#include "limber-guide.h"
#include "limber-history-service.h"
#include "limber-names.h"

struct _LimberService {
  LimberDBusLimber1Skeleton parent_instance;

  /* Not a reference: the daemon owns the service. */
  LimberDaemon *daemon;
};

static void limber_service_iface_init (LimberDBusLimber1Iface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimberService, limber_service, LIMBER_DBUS_TYPE_LIMBER1_SKELETON,
                               G_IMPLEMENT_INTERFACE (LIMBER_DBUS_TYPE_LIMBER1,
                                                      limber_service_iface_init))

gboolean
limber_service_return_error (GDBusMethodInvocation *invocation,
                             GError                *error)
{
  g_dbus_method_invocation_return_gerror (invocation, error);
  g_error_free (error);
  return TRUE;
}

/* Sends the PropertiesChanged a request caused before its reply, so a
 * client that reads a property after the call sees the new value. */
static void
flush_changes (LimberDBusLimber1 *iface)
{
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (iface));
}

gboolean
limber_service_return_invalid (GDBusMethodInvocation *invocation,
                               const char            *format,
                               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_dbus_method_invocation_return_error_literal (invocation, LIMBER_ERROR,
                                                 LIMBER_ERROR_INVALID_ARGUMENT, message);
  return TRUE;
}

static gboolean
handle_snooze (LimberDBusLimber1     *iface,
               GDBusMethodInvocation *invocation,
               gint64                 seconds)
{
  LimberService *self = LIMBER_SERVICE (iface);
  GError *error = NULL;

  if (seconds != -1 && (seconds < 1 || seconds > LIMBER_MAX_SNOOZE_SECONDS))
    return limber_service_return_invalid (invocation,
                           "A snooze must last from 1 second to 24 hours, not %" G_GINT64_FORMAT " seconds",
                           seconds);

  if (!limber_daemon_snooze (self->daemon, seconds, &error))
    return limber_service_return_error (invocation, error);
  flush_changes (iface);
  limber_dbus_limber1_complete_snooze (iface, invocation);
  return TRUE;
}

static gboolean
handle_pause (LimberDBusLimber1     *iface,
              GDBusMethodInvocation *invocation,
              gint64                 seconds)
{
  LimberService *self = LIMBER_SERVICE (iface);
  GError *error = NULL;

  if (seconds != -1 && (seconds < 1 || seconds > LIMBER_MAX_PAUSE_SECONDS))
    return limber_service_return_invalid (invocation,
                           "A pause must last from 1 second to 7 days (or -1 until resumed), not %" G_GINT64_FORMAT " seconds",
                           seconds);

  if (!limber_daemon_pause (self->daemon, seconds, &error))
    return limber_service_return_error (invocation, error);
  flush_changes (iface);
  limber_dbus_limber1_complete_pause (iface, invocation);
  return TRUE;
}

static gboolean
handle_resume (LimberDBusLimber1     *iface,
               GDBusMethodInvocation *invocation)
{
  LimberService *self = LIMBER_SERVICE (iface);
  GError *error = NULL;

  if (!limber_daemon_resume (self->daemon, &error))
    return limber_service_return_error (invocation, error);
  flush_changes (iface);
  limber_dbus_limber1_complete_resume (iface, invocation);
  return TRUE;
}

static gboolean
handle_break (LimberDBusLimber1     *iface,
              GDBusMethodInvocation *invocation,
              const char            *stretch)
{
  LimberService *self = LIMBER_SERVICE (iface);
  GError *error = NULL;
  g_autofree char *suggested = limber_daemon_prompt (self->daemon, stretch, &error);

  if (suggested == NULL)
    return limber_service_return_error (invocation, error);
  flush_changes (iface);
  limber_dbus_limber1_complete_break (iface, invocation, suggested);
  return TRUE;
}

static gboolean
handle_start (LimberDBusLimber1     *iface,
              GDBusMethodInvocation *invocation,
              const char            *stretch)
{
  LimberService *self = LIMBER_SERVICE (iface);
  GError *error = NULL;
  g_autofree char *started = limber_daemon_start_guide (self->daemon, stretch, &error);

  if (started == NULL)
    return limber_service_return_error (invocation, error);
  flush_changes (iface);
  limber_dbus_limber1_complete_start (iface, invocation, started);
  return TRUE;
}

static gboolean
handle_done (LimberDBusLimber1     *iface,
             GDBusMethodInvocation *invocation,
             const char            *stretch)
{
  LimberService *self = LIMBER_SERVICE (iface);
  GError *error = NULL;
  g_autofree char *logged = limber_daemon_done (self->daemon, stretch, &error);

  if (logged == NULL)
    return limber_service_return_error (invocation, error);
  flush_changes (iface);
  limber_dbus_limber1_complete_done (iface, invocation, logged);
  return TRUE;
}

static gboolean
handle_skip (LimberDBusLimber1     *iface,
             GDBusMethodInvocation *invocation)
{
  LimberService *self = LIMBER_SERVICE (iface);
  GError *error = NULL;

  if (!limber_daemon_skip (self->daemon, &error))
    return limber_service_return_error (invocation, error);
  flush_changes (iface);
  limber_dbus_limber1_complete_skip (iface, invocation);
  return TRUE;
}

static gboolean
handle_reload (LimberDBusLimber1     *iface,
               GDBusMethodInvocation *invocation)
{
  LimberService *self = LIMBER_SERVICE (iface);
  g_auto(GStrv) warnings = limber_daemon_reload (self->daemon);

  flush_changes (iface);
  limber_dbus_limber1_complete_reload (iface, invocation, (const char *const *) warnings);
  return TRUE;
}

static GVariant *
stretch_to_variant (const LimberStretch *stretch,
                    LimberCatalogue     *general)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "id", "s", stretch->id);
  g_variant_dict_insert (&dict, "name", "s", stretch->name);
  g_variant_dict_insert (&dict, "place", "s", stretch->place);
  g_variant_dict_insert (&dict, "summary", "s", stretch->summary ? stretch->summary : "");
  g_variant_dict_insert (&dict, "hold_seconds", "u", stretch->hold_seconds);
  g_variant_dict_insert (&dict, "repetitions", "u", stretch->repetitions);
  g_variant_dict_insert (&dict, "sides", "u", stretch->sides);
  {
    g_autoptr(GPtrArray) plan = limber_guide_plan (stretch);

    g_variant_dict_insert (&dict, "guided_seconds", "u", limber_guide_total_seconds (plan));
  }
  g_variant_dict_insert_value (&dict, "steps",
                               g_variant_new_strv ((const char *const *) stretch->steps, -1));
  /* The advice that goes with every stretch, for `limberctl show`. */
  if (general != NULL)
    {
      g_variant_dict_insert_value (&dict, "precautions",
                                   g_variant_new_strv (limber_catalogue_get_precautions (general), -1));
      g_variant_dict_insert_value (&dict, "tips",
                                   g_variant_new_strv (limber_catalogue_get_tips (general), -1));
    }
  return g_variant_dict_end (&dict);
}

static gboolean
handle_get_stretches (LimberDBusLimber1     *iface,
                      GDBusMethodInvocation *invocation)
{
  LimberService *self = LIMBER_SERVICE (iface);
  LimberCatalogue *catalogue = limber_daemon_get_catalogue (self->daemon);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < limber_catalogue_get_n_stretches (catalogue); i++)
    g_variant_builder_add_value (&builder,
                                 stretch_to_variant (limber_catalogue_get_stretch (catalogue, i), NULL));
  limber_dbus_limber1_complete_get_stretches (iface, invocation, g_variant_builder_end (&builder));
  return TRUE;
}

static gboolean
handle_get_stretch (LimberDBusLimber1     *iface,
                    GDBusMethodInvocation *invocation,
                    const char            *id)
{
  LimberService *self = LIMBER_SERVICE (iface);
  LimberCatalogue *catalogue = limber_daemon_get_catalogue (self->daemon);
  const LimberStretch *stretch = limber_catalogue_lookup (catalogue, id);

  if (stretch == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, LIMBER_ERROR, LIMBER_ERROR_UNKNOWN_STRETCH,
                                             "No stretch is called “%s” (see limberctl stretches)", id);
      return TRUE;
    }
  limber_dbus_limber1_complete_get_stretch (iface, invocation,
                                            stretch_to_variant (stretch, catalogue));
  return TRUE;
}

static void
limber_service_iface_init (LimberDBusLimber1Iface *iface)
{
  iface->handle_snooze = handle_snooze;
  iface->handle_pause = handle_pause;
  iface->handle_resume = handle_resume;
  iface->handle_break = handle_break;
  iface->handle_start = handle_start;
  iface->handle_done = handle_done;
  iface->handle_skip = handle_skip;
  iface->handle_reload = handle_reload;
  iface->handle_get_stretches = handle_get_stretches;
  iface->handle_get_stretch = handle_get_stretch;
  limber_history_service_init_iface (iface);
}

LimberDaemon *
limber_history_service_get_daemon (LimberDBusLimber1 *iface)
{
  return LIMBER_SERVICE (iface)->daemon;
}

static void
limber_service_class_init (LimberServiceClass *klass)
{
}

static void
limber_service_init (LimberService *self)
{
}

LimberService *
limber_service_new (LimberDaemon *daemon)
{
  LimberService *self = g_object_new (LIMBER_TYPE_SERVICE, NULL);

  self->daemon = daemon;
  return self;
}
