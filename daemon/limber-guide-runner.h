/* The guide runner: walks through a guide plan (limber-guide.h) with one
 * timer per phase, never a per-second tick. It knows nothing of
 * notifications or the database: the daemon shows each phase and logs the
 * outcome.
 *
 * Signals:
 *   "phase"    (): a phase began; see get_phase()
 *   "finished" (): the last phase ended (the stretch is complete)
 * stop() ends it early and emits nothing. */
#pragma once

#include "limber-guide.h"

G_BEGIN_DECLS

#define LIMBER_TYPE_GUIDE_RUNNER (limber_guide_runner_get_type ())
G_DECLARE_FINAL_TYPE (LimberGuideRunner, limber_guide_runner, LIMBER, GUIDE_RUNNER, GObject)

/* Copies what it needs of @stretch: a reload of the catalogue during the
 * guide changes nothing. */
LimberGuideRunner *limber_guide_runner_new (const LimberStretch *stretch);

void limber_guide_runner_start (LimberGuideRunner *self);
void limber_guide_runner_stop  (LimberGuideRunner *self);

const char             *limber_guide_runner_get_stretch_id (LimberGuideRunner *self);
const char             *limber_guide_runner_get_stretch_name (LimberGuideRunner *self);
const LimberGuidePhase *limber_guide_runner_get_phase      (LimberGuideRunner *self);
guint                   limber_guide_runner_get_index      (LimberGuideRunner *self);
guint                   limber_guide_runner_get_n_phases   (LimberGuideRunner *self);
gboolean                limber_guide_runner_is_running     (LimberGuideRunner *self);
/* Whole seconds since start(), rounded to the nearest. */
guint                   limber_guide_runner_get_elapsed    (LimberGuideRunner *self);

G_END_DECLS
