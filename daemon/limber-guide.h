/* The guided stretch as a plan: the phases a stretch is made of, worked out
 * from the catalogue's facts (position, moves, hold time, repetitions,
 * sides). Pure, so the wording and timing are unit tested; the runner
 * (limber-guide-runner.c) walks through it with one timer per phase.
 *
 * A stretch becomes: get into position; then for each side (with a switch
 * between the two) each repetition holds each move for hold-seconds, with
 * a rest between repetitions when rest-seconds is not 0. */
#pragma once

#include "limber-catalogue.h"

G_BEGIN_DECLS

typedef enum {
  LIMBER_GUIDE_POSITION, /* get ready */
  LIMBER_GUIDE_HOLD,     /* hold a move */
  LIMBER_GUIDE_REST,     /* ease off between repetitions */
  LIMBER_GUIDE_SWITCH,   /* change to the other side */
} LimberGuidePhaseKind;

typedef struct {
  LimberGuidePhaseKind kind;
  guint  seconds;
  guint  side;       /* 1 or 2 with two sides, else 0 */
  guint  repetition; /* 1..repetitions for HOLD and REST, else 0 */
  char  *title;      /* the notification's title: "Doorway stretch: hold 10 s" */
  char  *body;       /* plain text, one or two lines: what to do now */
  char  *status;     /* one line for limberctl status: "hold 10 s, right foot forward" */
} LimberGuidePhase;

/* The phases, in order (a GPtrArray of LimberGuidePhase that frees them). */
GPtrArray *limber_guide_plan (const LimberStretch *stretch);

/* The planned length of the whole guide, in seconds. */
guint limber_guide_total_seconds (GPtrArray *plan);

/* The last notification of a guide. Completed: "Doorway stretch: done" /
 * "Well done: 3 of 8 stretches today." Abandoned: "…: stopped" / "Stopped
 * after 12 s and logged as abandoned." */
char *limber_guide_finished_title (const char *stretch_name,
                                   gboolean    completed);
char *limber_guide_finished_body  (gboolean completed,
                                   guint    elapsed_seconds,
                                   guint    completed_today,
                                   guint    daily_goal);

G_END_DECLS
