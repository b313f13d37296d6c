/* A GKeyFile that remembers where each [group] and key was written, so that
 * the config and the stretch catalogue can say "FILE:LINE: [group] key: ..."
 * about a bad value.
 *
 * GKeyFile alone gives no line numbers and refuses a whole file because of
 * one bad line. Here every line is checked on its own first; a line GKeyFile
 * would refuse is reported and left out, and the rest of the file loads. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LimberKeyfileLines LimberKeyfileLines;

/* Reads and scans @path. Lines that are dropped are reported in @warnings
 * (may be NULL). Fails, with a G_FILE_ERROR code whose message is only the
 * reason ("No such file or directory"), when the file cannot be read;
 * callers add the context with g_prefix_error(). */
LimberKeyfileLines *limber_keyfile_lines_load (const char *path,
                                               GPtrArray  *warnings,
                                               GError    **error);
void                limber_keyfile_lines_free (LimberKeyfileLines *self);

const char *limber_keyfile_lines_get_path     (LimberKeyfileLines *self);
/* Loaded with G_KEY_FILE_KEEP_TRANSLATIONS, so that "name[de]" shows up in
 * g_key_file_get_keys() and can be reported instead of vanishing. Note that
 * g_key_file_get_keys() lists a key once per line that sets it. */
GKeyFile   *limber_keyfile_lines_get_key_file (LimberKeyfileLines *self);

/* 1-based; 0 when the group or key is not in the file. A key set twice
 * reports its last line, the one whose value GKeyFile keeps. */
guint limber_keyfile_lines_get_group_line (LimberKeyfileLines *self,
                                           const char         *group);
guint limber_keyfile_lines_get_key_line   (LimberKeyfileLines *self,
                                           const char         *group,
                                           const char         *key);

/* Appends "FILE:LINE: [group] key: MESSAGE" to @warnings (may be NULL).
 * LINE is the line of @key, or of the group header when @key is not in the
 * file (a missing key) or NULL (then the text reads "[group]: MESSAGE"). */
void limber_keyfile_lines_warn (LimberKeyfileLines *self,
                                GPtrArray          *warnings,
                                const char         *group,
                                const char         *key,
                                const char         *format,
                                ...) G_GNUC_PRINTF (5, 6);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimberKeyfileLines, limber_keyfile_lines_free)

G_END_DECLS
