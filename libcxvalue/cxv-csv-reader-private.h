/* cxv-csv-reader-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The streaming CSV tokenizer behind the importer: RFC 4180 plus what real
 * exports need (a UTF-8 BOM, LF, CRLF or lone CR line endings, blank lines,
 * whitespace-separated columns). Fields are unquoted in place inside the
 * read buffer, so a record costs no allocation.
 *
 * A quote inside an unquoted field is text, as spreadsheets write it; text
 * after a closing quote is an error.
 *
 * Errors are in CXV_IMPORT_ERROR (SYNTAX for malformed quoting and records
 * over the size limit, ENCODING for bytes that are not UTF-8 or NUL) and
 * read "path:12: column 3: what “offending text”"; read failures and
 * cancellation keep their GIO error. A failed _next() can be retried: the
 * reader keeps its position. */
typedef struct _CxvCsvReader CxvCsvReader;

/* The read buffer starts at this size and grows (doubling) only for a
 * record that does not fit, up to the record limit. */
#define CXV_CSV_READER_BUFFER_SIZE     (1024 * 1024)
#define CXV_CSV_READER_MAX_RECORD_SIZE (16 * 1024 * 1024)

/* @delimiter is ',', ';', '\t', '|' (any ASCII byte other than the quote,
 * CR or LF) or 0 for "runs of spaces and tabs", where leading and trailing
 * blanks of a line are ignored and quotes are still honoured. @quote is
 * '"' or 0 for no quoting. @display_name (usually the path) prefixes error
 * messages. The reader holds a reference on @stream. */
CxvCsvReader *cxv_csv_reader_new               (GInputStream *stream,
                                                const char   *display_name,
                                                char          delimiter,
                                                char          quote);
void          cxv_csv_reader_free              (CxvCsvReader *self);

/* Test hooks; call before the first cxv_csv_reader_next(). A tiny buffer
 * puts every field on a refill boundary; a small limit exercises the
 * "record too long" error without 16 MiB of input. */
void          cxv_csv_reader_set_buffer_size   (CxvCsvReader *self,
                                                gsize         size);
void          cxv_csv_reader_set_max_record_size (CxvCsvReader *self,
                                                  gsize         size);

/* Reads the next record, skipping blank lines. Returns TRUE when a record
 * is available, FALSE with @error unset at the end of the input and FALSE
 * with @error set on failure. @cancellable is checked at every refill. */
gboolean      cxv_csv_reader_next              (CxvCsvReader  *self,
                                                GCancellable  *cancellable,
                                                GError       **error);

guint         cxv_csv_reader_get_n_fields      (CxvCsvReader *self);

/* The unquoted field, NUL-terminated, @len bytes long (without the NUL);
 * valid UTF-8 without NUL bytes. Borrowed until the next _next(). */
const char   *cxv_csv_reader_get_field         (CxvCsvReader *self,
                                                guint         index,
                                                gsize        *len);

/* The 1-based physical line on which the current record starts (0 before
 * the first record). Quoted line breaks count, so this matches an editor. */
guint64       cxv_csv_reader_get_line          (CxvCsvReader *self);

/* Bytes of the stream up to the end of the current record, for progress.
 * Read-ahead is not counted, so at the end this is the stream's size. */
guint64       cxv_csv_reader_get_bytes_read    (CxvCsvReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvCsvReader, cxv_csv_reader_free)

G_END_DECLS
