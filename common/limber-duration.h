/* Durations as users write them: 90s, 10m, 1h, 1h30m, 2h15m30s; a bare
 * number means minutes (DESIGN.md "Durations"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses @text into whole seconds. Zero, negative, overflowing values,
 * unknown units, repeated or out-of-order units and trailing junk are
 * LIMBER_ERROR_INVALID_ARGUMENT errors whose message quotes @text. */
gboolean limber_duration_parse (const char *text,
                                gint64     *out_seconds,
                                GError    **error);

/* The shortest form the parser reads back: 45m, 1h30m, 1m30s, 0s. */
char *limber_duration_format (gint64 seconds);

/* A friendly form for sentences: "45 minutes", "1 hour 30 minutes", "30 seconds". */
char *limber_duration_describe (gint64 seconds);

G_END_DECLS
