#include "limber-reminder.h"

#include "limber-duration.h"

char *
limber_reminder_title (gint64 sitting_seconds)
{
  g_autofree char *span = NULL;

  /* Round to whole minutes once past one: "45 minutes", not "45 minutes 2 seconds". */
  if (sitting_seconds >= 60)
    sitting_seconds -= sitting_seconds % 60;
  span = limber_duration_describe (sitting_seconds);
  return g_strdup_printf ("You have been sitting for %s", span);
}

char *
limber_reminder_dosage (const LimberStretch *stretch)
{
  return g_strdup_printf ("Hold %u s · %u %s · %s",
                          stretch->hold_seconds,
                          stretch->repetitions,
                          stretch->repetitions == 1 ? "time" : "times",
                          stretch->sides == 2 ? "each side" : "both sides together");
}

char *
limber_reminder_body (const LimberStretch *stretch,
                      gboolean             markup)
{
  GString *body = g_string_new (NULL);
  g_autofree char *dosage = limber_reminder_dosage (stretch);

  if (markup)
    {
      g_autofree char *name = g_markup_escape_text (stretch->name, -1);
      g_string_append_printf (body, "<b>%s</b>", name);
    }
  else
    g_string_append (body, stretch->name);

  for (guint i = 0; stretch->steps != NULL && stretch->steps[i] != NULL; i++)
    {
      g_string_append_c (body, '\n');
      if (markup)
        {
          g_autofree char *step = g_markup_escape_text (stretch->steps[i], -1);
          g_string_append (body, step);
        }
      else
        g_string_append (body, stretch->steps[i]);
    }

  g_string_append_c (body, '\n');
  if (markup)
    {
      g_autofree char *escaped = g_markup_escape_text (dosage, -1);
      g_string_append_printf (body, "<i>%s</i>", escaped);
    }
  else
    g_string_append (body, dosage);

  return g_string_free (body, FALSE);
}

char *
limber_reminder_snooze_label (gint64 snooze_seconds)
{
  if (snooze_seconds % 60 == 0)
    return g_strdup_printf ("Snooze %" G_GINT64_FORMAT " min", snooze_seconds / 60);
  else
    {
      g_autofree char *text = limber_duration_format (snooze_seconds);
      return g_strdup_printf ("Snooze %s", text);
    }
}

char *
limber_reminder_commands_hint (void)
{
  return g_strdup ("Answer in a terminal: limberctl done, limberctl snooze or limberctl skip "
                   "(limberctl break --guide walks you through it).");
}
