#include "limber-guide-runner.h"

struct _LimberGuideRunner {
  GObject parent_instance;

  char      *stretch_id;
  char      *stretch_name;
  GPtrArray *plan;
  guint      index;
  guint      timer;
  gint64     started_at; /* monotonic µs; 0 before start() */
  gboolean   running;
};

G_DEFINE_FINAL_TYPE (LimberGuideRunner, limber_guide_runner, G_TYPE_OBJECT)

enum {
  SIGNAL_PHASE,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void begin_phase (LimberGuideRunner *self);

static gboolean
on_phase_over (gpointer user_data)
{
  LimberGuideRunner *self = LIMBER_GUIDE_RUNNER (user_data);

  self->timer = 0;
  self->index++;
  if (self->index >= self->plan->len)
    {
      self->running = FALSE;
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
      return G_SOURCE_REMOVE;
    }
  begin_phase (self);
  return G_SOURCE_REMOVE;
}

static void
begin_phase (LimberGuideRunner *self)
{
  const LimberGuidePhase *phase = g_ptr_array_index (self->plan, self->index);

  /* Milliseconds, not g_timeout_add_seconds(): that one may fire up to a
   * second off, and the user is counting along. */
  self->timer = g_timeout_add_full (G_PRIORITY_DEFAULT, phase->seconds * 1000,
                                    on_phase_over, self, NULL);
  g_signal_emit (self, signals[SIGNAL_PHASE], 0);
}

void
limber_guide_runner_start (LimberGuideRunner *self)
{
  g_return_if_fail (LIMBER_IS_GUIDE_RUNNER (self));
  g_return_if_fail (!self->running && self->started_at == 0);

  self->running = TRUE;
  self->started_at = g_get_monotonic_time ();
  self->index = 0;
  begin_phase (self);
}

void
limber_guide_runner_stop (LimberGuideRunner *self)
{
  g_return_if_fail (LIMBER_IS_GUIDE_RUNNER (self));

  g_clear_handle_id (&self->timer, g_source_remove);
  self->running = FALSE;
}

const char *
limber_guide_runner_get_stretch_id (LimberGuideRunner *self)
{
  g_return_val_if_fail (LIMBER_IS_GUIDE_RUNNER (self), NULL);
  return self->stretch_id;
}

const char *
limber_guide_runner_get_stretch_name (LimberGuideRunner *self)
{
  g_return_val_if_fail (LIMBER_IS_GUIDE_RUNNER (self), NULL);
  return self->stretch_name;
}

const LimberGuidePhase *
limber_guide_runner_get_phase (LimberGuideRunner *self)
{
  g_return_val_if_fail (LIMBER_IS_GUIDE_RUNNER (self), NULL);
  if (self->index >= self->plan->len)
    return NULL;
  return g_ptr_array_index (self->plan, self->index);
}

guint
limber_guide_runner_get_index (LimberGuideRunner *self)
{
  g_return_val_if_fail (LIMBER_IS_GUIDE_RUNNER (self), 0);
  return self->index;
}

guint
limber_guide_runner_get_n_phases (LimberGuideRunner *self)
{
  g_return_val_if_fail (LIMBER_IS_GUIDE_RUNNER (self), 0);
  return self->plan->len;
}

gboolean
limber_guide_runner_is_running (LimberGuideRunner *self)
{
  g_return_val_if_fail (LIMBER_IS_GUIDE_RUNNER (self), FALSE);
  return self->running;
}

guint
limber_guide_runner_get_elapsed (LimberGuideRunner *self)
{
  g_return_val_if_fail (LIMBER_IS_GUIDE_RUNNER (self), 0);
  if (self->started_at == 0)
    return 0;
  return (guint) ((g_get_monotonic_time () - self->started_at + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC);
}

static void
limber_guide_runner_finalize (GObject *object)
{
  LimberGuideRunner *self = LIMBER_GUIDE_RUNNER (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_free (self->stretch_id);
  g_free (self->stretch_name);
  g_ptr_array_unref (self->plan);
  G_OBJECT_CLASS (limber_guide_runner_parent_class)->finalize (object);
}

static void
limber_guide_runner_class_init (LimberGuideRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = limber_guide_runner_finalize;

  signals[SIGNAL_PHASE] = g_signal_new ("phase", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
limber_guide_runner_init (LimberGuideRunner *self)
{
}

LimberGuideRunner *
limber_guide_runner_new (const LimberStretch *stretch)
{
  LimberGuideRunner *self = g_object_new (LIMBER_TYPE_GUIDE_RUNNER, NULL);

  self->stretch_id = g_strdup (stretch->id);
  self->stretch_name = g_strdup (stretch->name);
  self->plan = limber_guide_plan (stretch);
  return self;
}
