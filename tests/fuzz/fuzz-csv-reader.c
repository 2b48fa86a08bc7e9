/* fuzz-csv-reader.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Feeds arbitrary bytes through the CSV tokenizer, comma-separated and
 * whitespace-separated. Besides the sanitizers, two properties are checked:
 * every field handed out is NUL-terminated valid UTF-8, and a tiny read
 * buffer (every field on a refill boundary) gives exactly what a buffer as
 * large as the record limit gives, errors included. The limit is small so
 * that fuzz inputs reach it and each run stays cheap. */

#define MAX_RECORD 4096

#include <stdint.h>
#include <string.h>

#include <gio/gio.h>

#include "cxv-csv-reader-private.h"
#include "cxv-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Renders the records and the final error unambiguously, with lengths. */
static char *
read_all (const uint8_t *data,
          size_t         size,
          char           delimiter,
          gsize          buffer_size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(CxvCsvReader) reader = cxv_csv_reader_new (stream, "fuzz.csv", delimiter, '"');
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint64 last_line = 0;

  cxv_csv_reader_set_buffer_size (reader, buffer_size);
  cxv_csv_reader_set_max_record_size (reader, MAX_RECORD);

  while (cxv_csv_reader_next (reader, NULL, &error))
    {
      guint n = cxv_csv_reader_get_n_fields (reader);
      guint64 line = cxv_csv_reader_get_line (reader);

      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (line, >, last_line);
      last_line = line;
      g_assert_cmpuint (cxv_csv_reader_get_bytes_read (reader), <=, size);

      g_string_append_printf (out, "%" G_GUINT64_FORMAT ":", line);
      for (guint i = 0; i < n; i++)
        {
          gsize len;
          const char *field = cxv_csv_reader_get_field (reader, i, &len);

          g_assert_cmpuint (strlen (field), ==, len);
          g_assert_true (g_utf8_validate (field, len, NULL));
          g_string_append_printf (out, "%" G_GSIZE_FORMAT "[", len);
          g_string_append_len (out, field, len);
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, '\n');
    }

  if (error != NULL)
    {
      g_assert_true (error->domain == CXV_IMPORT_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_string_append_printf (out, "error %d: %s\n", error->code, error->message);
    }
  else
    {
      g_assert_cmpuint (cxv_csv_reader_get_bytes_read (reader), ==, size);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char delimiters[] = { ',', '\0' };

  for (gsize i = 0; i < G_N_ELEMENTS (delimiters); i++)
    {
      g_autofree char *large = read_all (data, size, delimiters[i], MAX_RECORD);
      g_autofree char *tiny = read_all (data, size, delimiters[i], 3);

      g_assert_cmpstr (large, ==, tiny);
    }

  return 0;
}
