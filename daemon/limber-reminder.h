/* The words of a reminder: pure functions, so they are unit tested and the
 * notifier and the log print the same text. */
#pragma once

#include "limber-catalogue.h"

G_BEGIN_DECLS

/* "You have been sitting for 45 minutes". */
char *limber_reminder_title (gint64 sitting_seconds);

/* The stretch's name, its steps (one per line), then hold time, repetitions
 * and sides on one line. With @markup the name is bold and all catalogue
 * text is escaped; without it the text is plain. */
char *limber_reminder_body  (const LimberStretch *stretch,
                             gboolean             markup);

/* "Hold 10 s · 1 time · each side" */
char *limber_reminder_dosage (const LimberStretch *stretch);

/* For servers without buttons: how to answer from a terminal. */
char *limber_reminder_commands_hint (void);

/* The snooze button label: "Snooze 10 min". */
char *limber_reminder_snooze_label (gint64 snooze_seconds);

G_END_DECLS
