/* The "none" backend: no idle information at all. Limber then counts wall
 * time only, so it cannot notice natural breaks; the daemon warns once. */
#include "limber-activity-source.h"

struct _LimberActivityNone {
  LimberActivitySource parent_instance;
};

G_DEFINE_FINAL_TYPE (LimberActivityNone, limber_activity_none, LIMBER_TYPE_ACTIVITY_SOURCE)

static gboolean
none_probe (LimberActivitySource *source,
            GDBusConnection      *bus,
            char                **reason)
{
  *reason = g_strdup ("no idle information: natural breaks cannot be seen");
  return TRUE;
}

static gboolean
none_start (LimberActivitySource *source,
            GDBusConnection      *bus,
            gint64                threshold,
            GError              **error)
{
  g_warning ("No way to see keyboard and mouse activity in this session: "
             "Limber counts wall-clock time only and cannot notice natural breaks");
  return TRUE;
}

static void
limber_activity_none_class_init (LimberActivityNoneClass *klass)
{
  LimberActivitySourceClass *source_class = LIMBER_ACTIVITY_SOURCE_CLASS (klass);

  source_class->probe = none_probe;
  source_class->start = none_start;
}

static void
limber_activity_none_init (LimberActivityNone *self)
{
}
