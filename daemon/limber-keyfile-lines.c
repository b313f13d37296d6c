#include "limber-keyfile-lines.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* A settings file is written by hand; anything larger is a wrong path, and
 * the cap keeps a mistake such as --config /dev/zero from reading forever. */
#define MAX_FILE_SIZE (1024 * 1024)

/* GKeyFile drops "key[locale]" lines for other locales without this flag;
 * keeping them lets the callers report them like any other unknown key. */
#define KEY_FILE_FLAGS G_KEY_FILE_KEEP_TRANSLATIONS

struct _LimberKeyfileLines {
  char       *path;
  GKeyFile   *key_file;
  GHashTable *group_lines; /* group -> GUINT_TO_POINTER (line) */
  GHashTable *key_lines;   /* key_lines_id () -> GUINT_TO_POINTER (line) */
};

/* Neither a group nor a key name can hold a newline (GKeyFile is line
 * based), so joining them with one gives a unique id for the pair. */
static char *
key_lines_id (const char *group,
              const char *key)
{
  return g_strconcat (group, "\n", key, NULL);
}

static void
warn_line (LimberKeyfileLines *self,
           GPtrArray          *warnings,
           guint               line,
           const char         *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
warn_line (LimberKeyfileLines *self,
           GPtrArray          *warnings,
           guint               line,
           const char         *format,
           ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (warnings == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (warnings, g_strdup_printf ("%s:%u: %s", self->path, line, message));
}

/* read() instead of g_file_get_contents() so that the error message is the
 * bare reason; g_file_get_contents() repeats the file name inside it, and
 * the callers already start their messages with it. */
static char *
read_text (const char *path,
           gsize      *out_length,
           GError    **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }

  for (;;)
    {
      char buffer[4096];
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          close (fd);
          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      if (text->len + (gsize) n > MAX_FILE_SIZE)
        {
          close (fd);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       "larger than %d KiB, so not a settings file", MAX_FILE_SIZE / 1024);
          return NULL;
        }
      g_string_append_len (text, buffer, n);
    }
  close (fd);

  *out_length = text->len;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* GKeyFile itself decides whether a line is acceptable: it parses a file
 * holding just that line (under the right group), so our idea of a bad line
 * can never drift from the GLib version in use. Files are a few dozen lines,
 * so the extra parsing costs nothing noticeable. */
static char *
parse_group_header (const char *line)
{
  g_autoptr(GKeyFile) scratch = g_key_file_new ();

  if (!g_key_file_load_from_data (scratch, line, -1, KEY_FILE_FLAGS, NULL))
    return NULL;
  return g_key_file_get_start_group (scratch);
}

/* @first_group matters because GKeyFile checks an "Encoding" key only in
 * the file's first group. */
static char *
parse_key_line (const char  *first_group,
                const char  *group,
                const char  *line,
                GError     **error)
{
  g_autoptr(GKeyFile) scratch = g_key_file_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) keys = NULL;

  if (first_group != NULL && strcmp (first_group, group) != 0)
    g_string_append_printf (text, "[%s]\n", first_group);
  g_string_append_printf (text, "[%s]\n%s\n", group, line);

  if (!g_key_file_load_from_data (scratch, text->str, text->len, KEY_FILE_FLAGS, error))
    return NULL;

  keys = g_key_file_get_keys (scratch, group, NULL, NULL);
  if (keys == NULL || keys[0] == NULL)
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE, "no key");
      return NULL;
    }
  return g_strdup (keys[0]);
}

/* Appends to @clean every line GKeyFile will accept, and an empty line in
 * place of each one it would refuse (keeping the line count the same makes
 * the result easier to reason about). */
static void
scan (LimberKeyfileLines *self,
      const char         *text,
      gsize               length,
      GString            *clean,
      GPtrArray          *warnings)
{
  /* A name only a placeholder can have: brackets are not allowed in names. */
  static const char placeholder_group[] = "limber scan";
  const char *p = text;
  const char *end = text + length;
  g_autofree char *first_group = NULL;
  g_autofree char *group = NULL;
  gboolean under_bad_header = FALSE;
  guint line_number = 0;

  /* Some editors start UTF-8 files with a byte order mark; GKeyFile would
   * refuse the first line because of it. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = newline != NULL ? newline : end;
      gboolean has_nul = memchr (p, '\0', (gsize) (line_end - p)) != NULL;
      g_autofree char *line = g_strndup (p, (gsize) (line_end - p));
      g_autofree char *shown = NULL;
      const char *start;
      gboolean keep = FALSE;
      gsize len;

      line_number++;
      p = newline != NULL ? newline + 1 : end;

      len = strlen (line);
      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';

      start = line;
      while (g_ascii_isspace (*start))
        start++;
      shown = g_utf8_make_valid (start, -1);
      g_strchomp (shown);

      if (has_nul)
        {
          warn_line (self, warnings, line_number, "not a key=value line: “%s”", shown);
        }
      else if (*start == '\0' || *start == '#')
        {
          keep = TRUE;
        }
      else if (*start == '[')
        {
          g_autofree char *name = parse_group_header (line);

          if (name != NULL)
            {
              if (!g_hash_table_contains (self->group_lines, name))
                g_hash_table_insert (self->group_lines, g_strdup (name),
                                     GUINT_TO_POINTER (line_number));
              if (first_group == NULL)
                first_group = g_strdup (name);
              g_free (group);
              group = g_steal_pointer (&name);
              under_bad_header = FALSE;
              keep = TRUE;
            }
          else
            {
              /* Its keys must go too: kept, they would land in the group
               * above, which the user did not mean. */
              warn_line (self, warnings, line_number,
                         "not a valid [group] header: “%s”; the lines under it are ignored",
                         shown);
              g_clear_pointer (&group, g_free);
              under_bad_header = TRUE;
            }
        }
      else if (!under_bad_header)
        {
          g_autoptr(GError) local_error = NULL;
          g_autofree char *key = parse_key_line (first_group,
                                                 group != NULL ? group : placeholder_group,
                                                 line, &local_error);

          if (key == NULL && g_error_matches (local_error, G_KEY_FILE_ERROR,
                                              G_KEY_FILE_ERROR_UNKNOWN_ENCODING))
            warn_line (self, warnings, line_number,
                       "unsupported encoding: “%s” (only UTF-8 is supported)", shown);
          else if (key == NULL)
            warn_line (self, warnings, line_number, "not a key=value line: “%s”", shown);
          else if (group == NULL)
            warn_line (self, warnings, line_number,
                       "“%s” comes before any [group] header; it is ignored", shown);
          else
            {
              /* Overwriting keeps the last line, as GKeyFile keeps the last value. */
              g_hash_table_insert (self->key_lines, key_lines_id (group, key),
                                   GUINT_TO_POINTER (line_number));
              keep = TRUE;
            }
        }

      if (keep)
        g_string_append (clean, line);
      g_string_append_c (clean, '\n');
    }
}

LimberKeyfileLines *
limber_keyfile_lines_load (const char *path,
                           GPtrArray  *warnings,
                           GError    **error)
{
  g_autoptr(LimberKeyfileLines) self = NULL;
  g_autoptr(GString) clean = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  text = read_text (path, &length, error);
  if (text == NULL)
    return NULL;

  self = g_new0 (LimberKeyfileLines, 1);
  self->path = g_strdup (path);
  self->key_file = g_key_file_new ();
  self->group_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  clean = g_string_sized_new (length + 1);
  scan (self, text, length, clean, warnings);

  /* Every line was accepted on its own above, so this cannot fail short of
   * a GKeyFile change; if it does, the caller treats it as unreadable. */
  if (!g_key_file_load_from_data (self->key_file, clean->str, clean->len, KEY_FILE_FLAGS, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
limber_keyfile_lines_free (LimberKeyfileLines *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_clear_pointer (&self->key_file, g_key_file_unref);
  g_clear_pointer (&self->group_lines, g_hash_table_unref);
  g_clear_pointer (&self->key_lines, g_hash_table_unref);
  g_free (self);
}

const char *
limber_keyfile_lines_get_path (LimberKeyfileLines *self)
{
  return self->path;
}

GKeyFile *
limber_keyfile_lines_get_key_file (LimberKeyfileLines *self)
{
  return self->key_file;
}

guint
limber_keyfile_lines_get_group_line (LimberKeyfileLines *self,
                                     const char         *group)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->group_lines, group));
}

guint
limber_keyfile_lines_get_key_line (LimberKeyfileLines *self,
                                   const char         *group,
                                   const char         *key)
{
  g_autofree char *id = key_lines_id (group, key);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->key_lines, id));
}

void
limber_keyfile_lines_warn (LimberKeyfileLines *self,
                           GPtrArray          *warnings,
                           const char         *group,
                           const char         *key,
                           const char         *format,
                           ...)
{
  va_list args;
  g_autofree char *message = NULL;
  g_autoptr(GString) out = NULL;
  guint line = 0;

  if (warnings == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (key != NULL)
    line = limber_keyfile_lines_get_key_line (self, group, key);
  if (line == 0)
    line = limber_keyfile_lines_get_group_line (self, group);

  out = g_string_new (self->path);
  if (line > 0)
    g_string_append_printf (out, ":%u", line);
  g_string_append_printf (out, ": [%s]", group);
  if (key != NULL)
    g_string_append_printf (out, " %s", key);
  g_string_append_printf (out, ": %s", message);

  g_ptr_array_add (warnings, g_string_free (g_steal_pointer (&out), FALSE));
}
