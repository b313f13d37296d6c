/* The stretch catalogue: data/stretches.ini, then user overrides from
 * every .ini file in $XDG_CONFIG_HOME/limber/stretches.d (a group with an existing id
 * replaces that stretch's keys; a new id adds a stretch).
 *
 * One group per stretch, the id as group name; the group [general] holds
 * the precautions and tips shown by `limberctl show`. A malformed stretch is
 * reported in @warnings ("FILE:LINE: [id] key: message") and skipped. */
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
