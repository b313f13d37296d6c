#include "limber-activity-source.h"

#include "limber-build-config.h"

typedef struct {
  gboolean started;
} LimberActivitySourcePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LimberActivitySource, limber_activity_source, G_TYPE_OBJECT)

enum {
  SIGNAL_IDLE,
  SIGNAL_ACTIVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The backends in the order "auto" tries them: event-driven ones first,
 * then the ones that must ask, then "none", which always works. Each probe
 * checks the session it finds (XDG_SESSION_TYPE, WAYLAND_DISPLAY, DISPLAY,
 * names on the bus), so that e.g. X11 is not picked inside a Wayland
 * session, where it would only see XWayland clients. */
typedef GType (*LimberBackendTypeFunc) (void);
static const struct {
  const char           *name;
  LimberBackendTypeFunc get_type;
} backends[] = {
  { "mutter", limber_activity_mutter_get_type },
#if HAVE_WAYLAND
  { "wayland", limber_activity_wayland_get_type },
#endif
#if HAVE_X11
  { "x11", limber_activity_x11_get_type },
#endif
  { "screensaver", limber_activity_screensaver_get_type },
  { "none", limber_activity_none_get_type },
};

static void
limber_activity_source_class_init (LimberActivitySourceClass *klass)
{
  /* idle (gint64 idle_since): no input since that monotonic time. */
  signals[SIGNAL_IDLE] = g_signal_new ("idle",
                                       G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_ACTIVE] = g_signal_new ("active",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
}

static void
limber_activity_source_init (LimberActivitySource *self)
{
}

const char *
limber_activity_source_get_name (LimberActivitySource *self)
{
  GType type = G_OBJECT_TYPE (self);

  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    {
      if (backends[i].get_type () == type)
        return backends[i].name;
    }
  return G_OBJECT_TYPE_NAME (self);
}

gboolean
limber_activity_source_start (LimberActivitySource *self,
                              GDBusConnection      *bus,
                              gint64                threshold,
                              GError              **error)
{
  LimberActivitySourcePrivate *priv = limber_activity_source_get_instance_private (self);

  g_return_val_if_fail (LIMBER_IS_ACTIVITY_SOURCE (self), FALSE);
  g_return_val_if_fail (threshold > 0, FALSE);

  if (priv->started)
    limber_activity_source_stop (self);
  if (!LIMBER_ACTIVITY_SOURCE_GET_CLASS (self)->start (self, bus, threshold, error))
    return FALSE;
  priv->started = TRUE;
  return TRUE;
}

void
limber_activity_source_stop (LimberActivitySource *self)
{
  LimberActivitySourcePrivate *priv = limber_activity_source_get_instance_private (self);

  g_return_if_fail (LIMBER_IS_ACTIVITY_SOURCE (self));

  if (!priv->started)
    return;
  priv->started = FALSE;
  if (LIMBER_ACTIVITY_SOURCE_GET_CLASS (self)->stop != NULL)
    LIMBER_ACTIVITY_SOURCE_GET_CLASS (self)->stop (self);
}

void
limber_activity_source_emit_idle (LimberActivitySource *self,
                                  gint64                idle_since)
{
  g_signal_emit (self, signals[SIGNAL_IDLE], 0, idle_since);
}

void
limber_activity_source_emit_active (LimberActivitySource *self)
{
  g_signal_emit (self, signals[SIGNAL_ACTIVE], 0);
}

static LimberActivitySource *
probe_backend (guint            index,
               GDBusConnection *bus,
               char           **out_reason)
{
  g_autoptr(LimberActivitySource) source = g_object_new (backends[index].get_type (), NULL);

  if (!LIMBER_ACTIVITY_SOURCE_GET_CLASS (source)->probe (source, bus, out_reason))
    return NULL;
  return g_steal_pointer (&source);
}

LimberActivitySource *
limber_activity_source_choose (const char      *wanted,
                               GDBusConnection *bus,
                               char           **out_reason)
{
  g_autoptr(GString) tried = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    {
      g_autofree char *reason = NULL;
      LimberActivitySource *source;

      if (g_strcmp0 (wanted, "auto") != 0 && g_strcmp0 (wanted, backends[i].name) != 0)
        continue;

      source = probe_backend (i, bus, &reason);
      if (source != NULL)
        {
          if (tried->len > 0)
            *out_reason = g_strdup_printf ("%s; %s", reason, tried->str);
          else
            *out_reason = g_steal_pointer (&reason);
          return source;
        }
      g_string_append_printf (tried, "%s%s: %s", tried->len > 0 ? "; " : "",
                              backends[i].name, reason ? reason : "unavailable");
    }

  /* A backend asked for by name that cannot work here: say so and keep
   * reminding by the wall clock rather than refusing to run. */
  {
    g_autofree char *none_reason = NULL;
    LimberActivitySource *none = probe_backend (G_N_ELEMENTS (backends) - 1, bus, &none_reason);

    *out_reason = g_strdup_printf ("%s (%s)", none_reason,
                                   tried->len > 0 ? tried->str : "unknown backend");
    return none;
  }
}
