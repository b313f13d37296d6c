#include "limber-guide.h"

static void
phase_free (gpointer data)
{
  LimberGuidePhase *phase = data;

  g_free (phase->title);
  g_free (phase->body);
  g_free (phase->status);
  g_free (phase);
}

static const char *
side_label (const LimberStretch *stretch,
            guint                side)
{
  if (side == 1)
    return stretch->side1 != NULL ? stretch->side1 : "First side";
  return stretch->side2 != NULL ? stretch->side2 : "Other side";
}

static guint
count_moves (const LimberStretch *stretch)
{
  return stretch->moves != NULL ? g_strv_length (stretch->moves) : 0;
}

/* "Right foot forward · repetition 3 of 15": where the user is in the
 * stretch; empty for a single hold of a one-sided stretch. */
static char *
where_in_stretch (const LimberStretch *stretch,
                  guint                side,
                  guint                repetition)
{
  GString *text = g_string_new (NULL);

  if (side > 0)
    g_string_append (text, side_label (stretch, side));
  if (stretch->repetitions > 1)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, "repetition %u of %u", repetition, stretch->repetitions);
    }
  return g_string_free (text, FALSE);
}

static LimberGuidePhase *
add_phase (GPtrArray            *plan,
           LimberGuidePhaseKind  kind,
           guint                 seconds,
           guint                 side,
           guint                 repetition)
{
  LimberGuidePhase *phase = g_new0 (LimberGuidePhase, 1);

  phase->kind = kind;
  phase->seconds = seconds;
  phase->side = side;
  phase->repetition = repetition;
  g_ptr_array_add (plan, phase);
  return phase;
}

static void
plan_position (GPtrArray           *plan,
               const LimberStretch *stretch,
               guint                first_side)
{
  LimberGuidePhase *phase = add_phase (plan, LIMBER_GUIDE_POSITION,
                                       MAX (stretch->position_seconds, 1), first_side, 0);
  const char *how = stretch->position;

  if (how == NULL && stretch->steps != NULL)
    how = stretch->steps[0];
  phase->title = g_strdup_printf ("%s: get ready", stretch->name);
  if (first_side > 0)
    phase->body = g_strdup_printf ("%s\n%s first; the hold starts in %u s.",
                                   how ? how : "", side_label (stretch, 1), phase->seconds);
  else
    phase->body = g_strdup_printf ("%s\nThe hold starts in %u s.", how ? how : "", phase->seconds);
  phase->status = g_strdup ("get ready");
}

static void
plan_hold (GPtrArray           *plan,
           const LimberStretch *stretch,
           const char          *move,
           guint                side,
           guint                repetition)
{
  LimberGuidePhase *phase = add_phase (plan, LIMBER_GUIDE_HOLD, MAX (stretch->hold_seconds, 1),
                                       side, repetition);
  g_autofree char *where = where_in_stretch (stretch, side, repetition);

  phase->title = g_strdup_printf ("%s: hold %u s", stretch->name, phase->seconds);
  phase->body = *where != '\0' ? g_strdup_printf ("%s\n%s", move, where) : g_strdup (move);
  phase->status = *where != '\0' ? g_strdup_printf ("hold %u s, %s", phase->seconds, where)
                                 : g_strdup_printf ("hold %u s", phase->seconds);
}

static void
plan_rest (GPtrArray           *plan,
           const LimberStretch *stretch,
           guint                side,
           guint                repetition)
{
  LimberGuidePhase *phase = add_phase (plan, LIMBER_GUIDE_REST, stretch->rest_seconds,
                                       side, repetition);

  phase->title = g_strdup_printf ("%s: release", stretch->name);
  phase->body = g_strdup_printf ("Ease off and breathe.\nRepetition %u of %u next, in %u s.",
                                 repetition + 1, stretch->repetitions, phase->seconds);
  phase->status = g_strdup_printf ("release, %u of %u done", repetition, stretch->repetitions);
}

static void
plan_switch (GPtrArray           *plan,
             const LimberStretch *stretch)
{
  LimberGuidePhase *phase = add_phase (plan, LIMBER_GUIDE_SWITCH, MAX (stretch->switch_seconds, 1),
                                       2, 0);

  phase->title = g_strdup_printf ("%s: switch sides", stretch->name);
  phase->body = g_strdup_printf ("Release, then change over.\n%s; the hold starts in %u s.",
                                 side_label (stretch, 2), phase->seconds);
  phase->status = g_strdup_printf ("switch sides: %s", side_label (stretch, 2));
}

GPtrArray *
limber_guide_plan (const LimberStretch *stretch)
{
  GPtrArray *plan = g_ptr_array_new_with_free_func (phase_free);
  guint sides = stretch->sides == 2 ? 2 : 1;
  guint repetitions = MAX (stretch->repetitions, 1);
  guint n_moves = count_moves (stretch);

  g_return_val_if_fail (stretch != NULL, plan);

  plan_position (plan, stretch, sides == 2 ? 1 : 0);
  for (guint side = 1; side <= sides; side++)
    {
      if (side == 2)
        plan_switch (plan, stretch);
      for (guint repetition = 1; repetition <= repetitions; repetition++)
        {
          if (n_moves == 0)
            plan_hold (plan, stretch, "Hold the stretch.", sides == 2 ? side : 0, repetition);
          for (guint m = 0; m < n_moves; m++)
            plan_hold (plan, stretch, stretch->moves[m], sides == 2 ? side : 0, repetition);
          if (repetition < repetitions && stretch->rest_seconds > 0)
            plan_rest (plan, stretch, sides == 2 ? side : 0, repetition);
        }
    }
  return plan;
}

guint
limber_guide_total_seconds (GPtrArray *plan)
{
  guint total = 0;

  for (guint i = 0; i < plan->len; i++)
    total += ((LimberGuidePhase *) g_ptr_array_index (plan, i))->seconds;
  return total;
}

char *
limber_guide_finished_title (const char *stretch_name,
                             gboolean    completed)
{
  return g_strdup_printf ("%s: %s", stretch_name, completed ? "done" : "stopped");
}

char *
limber_guide_finished_body (gboolean completed,
                            guint    elapsed_seconds,
                            guint    completed_today,
                            guint    daily_goal)
{
  if (completed)
    return g_strdup_printf ("Well done: %u of %u %s today.", completed_today, daily_goal,
                            daily_goal == 1 ? "stretch" : "stretches");
  return g_strdup_printf ("Stopped after %u s and logged as abandoned.", elapsed_seconds);
}
