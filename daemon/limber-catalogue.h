/* The stretch catalogue: data/stretches.ini, then user overrides from
 * every .ini file in $XDG_CONFIG_HOME/limber/stretches.d (a group with an existing id
 * replaces that stretch's keys; a new id adds a stretch).
 *
 * One group per stretch, the id as group name; the group [general] holds
 * the precautions and tips shown by `limberctl show`. A malformed stretch is
 * reported in @warnings ("FILE:LINE: [id] key: message") and skipped.
 * limber-stretches(5) documents every key and how the guided stretch is
 * built from them. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct {
  char  *id;
  char  *name;
  char  *place;        /* doorway, floor or anywhere */
  char  *summary;      /* one sentence: what it does */
  char **steps;        /* two or three short lines, in order */
  guint  hold_seconds;
  guint  repetitions;
  guint  sides;        /* 1, or 2 when each side is done */

  /* For the guided stretch: get into position, then for each side (with a
   * switch between the sides) each repetition holds each move for
   * hold_seconds, with a rest between repetitions. Optional texts that are
   * not given, or given empty, are NULL. */
  char  *position;        /* what to do to get ready (one line); NULL: the guide uses steps[0] */
  guint  position_seconds; /* time to get into position, 1..120, default 5 */
  char **moves;           /* the positions held in turn in each repetition, e.g.
                           * {"Cat: ...", "Cow: ...", NULL}; NULL: one plain hold */
  char  *side1;           /* with sides=2, what the first/second side is ("Right foot forward"); */
  char  *side2;           /* NULL: the guide says "first side" / "other side" */
  guint  switch_seconds;  /* time to change sides, 1..60, default 3 */
  guint  rest_seconds;    /* pause between repetitions, 0..60, default 2 */
  char  *picture;         /* absolute path of an image for the notification; NULL: the
                           * installed pictures/<id>.svg when there is one */
} LimberStretch;

#define LIMBER_TYPE_CATALOGUE (limber_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (LimberCatalogue, limber_catalogue, LIMBER, CATALOGUE, GObject)

/* Fails only when @main_file cannot be read or holds no valid stretch.
 * @overrides_dir may be NULL or missing. */
LimberCatalogue *limber_catalogue_load (const char *main_file,
                                        const char *overrides_dir,
                                        GPtrArray  *warnings,
                                        GError    **error);

guint                limber_catalogue_get_n_stretches (LimberCatalogue *self);
const LimberStretch *limber_catalogue_get_stretch     (LimberCatalogue *self,
                                                       guint            index);
const LimberStretch *limber_catalogue_lookup          (LimberCatalogue *self,
                                                       const char      *id);
const char * const  *limber_catalogue_get_precautions (LimberCatalogue *self);
const char * const  *limber_catalogue_get_tips        (LimberCatalogue *self);

/* The rotation: among stretches whose place is in @places (NULL: all),
 * never @previous when another is possible, the one completed least
 * recently according to @last_completed, then the one suggested least
 * recently according to @last_suggested (both id -> gint64 *ts, may be
 * NULL; never counts as longest ago), then catalogue order. NULL only when
 * no stretch is allowed at all. */
const LimberStretch *limber_catalogue_choose (LimberCatalogue    *self,
                                              const char * const *places,
                                              const char         *previous,
                                              GHashTable         *last_completed,
                                              GHashTable         *last_suggested);

G_END_DECLS
