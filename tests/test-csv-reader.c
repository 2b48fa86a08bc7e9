/* test-csv-reader.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Every expected value below was worked out by hand from the input text.
 * Each input is also read through a stream that hands out one or three
 * bytes per read, with every internal buffer size from one byte up to the
 * whole input, so each field and line end falls on a refill boundary at
 * least once; the result must not change. */

#include <string.h>

#include <gio/gio.h>

#include "cxv-csv-reader-private.h"
#include "cxv-error.h"

#define TEST_NAME "test.csv"

/* A stream handing out at most @chunk bytes per read, failing once
 * @fail_at bytes have been read. */
#define TEST_TYPE_TRICKLE_STREAM (test_trickle_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, TEST, TRICKLE_STREAM, GInputStream)

struct _TestTrickleStream
{
  GInputStream parent_instance;

  GBytes *bytes;
  gsize pos;
  gsize chunk;
  gsize fail_at;
};

G_DEFINE_FINAL_TYPE (TestTrickleStream, test_trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
test_trickle_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  TestTrickleStream *self = TEST_TRICKLE_STREAM (stream);
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (self->pos >= self->fail_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "simulated failure");
      return -1;
    }

  n = MIN (count, self->chunk);
  n = MIN (n, size - self->pos);
  n = MIN (n, self->fail_at - self->pos);
  if (n > 0)
    memcpy (buffer, data + self->pos, n);
  self->pos += n;

  return n;
}

static void
test_trickle_stream_finalize (GObject *object)
{
  TestTrickleStream *self = TEST_TRICKLE_STREAM (object);

  g_bytes_unref (self->bytes);

  G_OBJECT_CLASS (test_trickle_stream_parent_class)->finalize (object);
}

static void
test_trickle_stream_class_init (TestTrickleStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = test_trickle_stream_finalize;
  stream_class->read_fn = test_trickle_stream_read;
}

static void
test_trickle_stream_init (TestTrickleStream *self)
{
  self->chunk = 1;
  self->fail_at = G_MAXSIZE;
}

static GInputStream *
test_trickle_stream_new (const char *data,
                         gsize       len,
                         gsize       chunk,
                         gsize       fail_at)
{
  TestTrickleStream *self = g_object_new (TEST_TYPE_TRICKLE_STREAM, NULL);

  self->bytes = g_bytes_new (data, len);
  self->chunk = chunk;
  self->fail_at = fail_at;

  return G_INPUT_STREAM (self);
}

/* Renders the records as "LINE:[field][field]\n" and sets @error on
 * failure. @buffer_size 0 keeps the reader's default. */
static char *
read_all (GInputStream  *stream,
          gsize          input_len,
          char           delimiter,
          char           quote,
          gsize          buffer_size,
          GError       **error)
{
  g_autoptr(CxvCsvReader) reader = cxv_csv_reader_new (stream, TEST_NAME, delimiter, quote);
  g_autoptr(GString) out = g_string_new (NULL);
  guint64 last_bytes = 0;

  if (buffer_size > 0)
    cxv_csv_reader_set_buffer_size (reader, buffer_size);

  g_assert_cmpuint (cxv_csv_reader_get_line (reader), ==, 0);

  while (cxv_csv_reader_next (reader, NULL, error))
    {
      guint n = cxv_csv_reader_get_n_fields (reader);

      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (cxv_csv_reader_get_bytes_read (reader), >, last_bytes);
      last_bytes = cxv_csv_reader_get_bytes_read (reader);

      g_string_append_printf (out, "%" G_GUINT64_FORMAT ":", cxv_csv_reader_get_line (reader));
      for (guint i = 0; i < n; i++)
        {
          gsize len = G_MAXSIZE;
          const char *field = cxv_csv_reader_get_field (reader, i, &len);

          g_assert_nonnull (field);
          g_assert_cmpuint (strlen (field), ==, len);
          /* Asking again gives the same field. */
          g_assert_true (cxv_csv_reader_get_field (reader, i, &len) == field);
          g_assert_cmpuint (strlen (field), ==, len);
          g_assert_true (g_utf8_validate (field, len, NULL));
          g_string_append_printf (out, "[%s]", field);
        }
      g_string_append_c (out, '\n');
    }

  if (error == NULL || *error == NULL)
    g_assert_cmpuint (cxv_csv_reader_get_bytes_read (reader), ==, input_len);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Reads @data every way the header comment describes; each way must give
 * @expected and, when @code is not -1, then fail with @code and
 * @expected_message. */
static void
check_full (const char *data,
            gssize      len,
            char        delimiter,
            char        quote,
            const char *expected,
            GQuark      domain,
            int         code,
            const char *expected_message)
{
  static const gsize chunks[] = { 1, 3 };
  gsize size = len < 0 ? strlen (data) : (gsize) len;

  for (gsize c = 0; c < G_N_ELEMENTS (chunks) + 1; c++)
    {
      for (gsize buffer_size = 1; buffer_size <= size + 1; buffer_size++)
        {
          g_autoptr(GInputStream) stream = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *got = NULL;

          /* The last pass is a plain memory stream with the default
           * buffer, as the importer reads. */
          if (c == G_N_ELEMENTS (chunks))
            stream = g_memory_input_stream_new_from_data (data, size, NULL);
          else
            stream = test_trickle_stream_new (data, size, chunks[c], G_MAXSIZE);

          got = read_all (stream, size, delimiter, quote,
                          c == G_N_ELEMENTS (chunks) ? 0 : buffer_size, &error);
          g_assert_cmpstr (got, ==, expected);
          if (code < 0)
            {
              g_assert_no_error (error);
            }
          else
            {
              g_assert_error (error, domain, code);
              g_assert_cmpstr (error->message, ==, expected_message);
            }

          if (c == G_N_ELEMENTS (chunks))
            break;
        }
    }
}

static void
check_records (const char *data,
               gssize      len,
               char        delimiter,
               char        quote,
               const char *expected)
{
  check_full (data, len, delimiter, quote, expected, 0, -1, NULL);
}

static void
test_plain (void)
{
  g_test_summary ("Comma-separated unquoted fields, one record per line");

  check_records ("id,name,amount\n1,alice,10.50\n2,bob,\n", -1, ',', '"',
                 "1:[id][name][amount]\n"
                 "2:[1][alice][10.50]\n"
                 "3:[2][bob][]\n");
  /* A stray quote inside an unquoted field is text. */
  check_records ("a,b\"c,\n", -1, ',', '"', "1:[a][b\"c][]\n");
  /* Without quoting, quotes are plain text too. */
  check_records ("\"a\",\"b\n", -1, ',', 0, "1:[\"a\"][\"b]\n");
  /* Non-ASCII text is UTF-8 and passes through. */
  check_records ("naïve,日本\n", -1, ',', '"', "1:[naïve][日本]\n");
}

static void
test_many_fields (void)
{
  g_autofree char *commas = g_strnfill (150, ',');
  g_autofree char *data = g_strconcat (commas, "\nx\n", NULL);
  g_autoptr(GString) expected = g_string_new ("1:");

  g_test_summary ("A record with more fields than one 64-byte block has bytes");

  /* 150 delimiters separate 151 empty fields. */
  for (guint i = 0; i < 151; i++)
    g_string_append (expected, "[]");
  g_string_append (expected, "\n2:[x]\n");

  check_records (data, -1, ',', '"', expected->str);
}

static void
test_quoted (void)
{
  g_test_summary ("Quoted fields keep delimiters, doubled quotes and line breaks; "
                  "line numbers count the physical lines");

  check_records ("a,\"b,c\",d\n"
                 "\"x\"\"y\",\"line1\nline2\",z\n"
                 "last,\"\",\"\"\"\"\n"
                 "\"\"\"q\"\"\",\"\n\n\"\n"
                 "after,it\n",
                 -1, ',', '"',
                 "1:[a][b,c][d]\n"
                 "2:[x\"y][line1\nline2][z]\n"
                 "4:[last][][\"]\n"
                 "5:[\"q\"][\n\n]\n"
                 "8:[after][it]\n");
}

static void
test_crlf (void)
{
  g_test_summary ("CRLF line endings, as in the CDNOW sample, count one line each");

  check_records ("id,name\r\n1,\"a\r\nb\"\r\n\r\n2,c\r\n", -1, ',', '"',
                 "1:[id][name]\n"
                 "2:[1][a\r\nb]\n"
                 "5:[2][c]\n");
}

static void
test_lone_cr (void)
{
  g_test_summary ("Old Mac line endings (a lone CR) end lines");

  check_records ("a,b\rc,\"d\re\"\r\rf,g", -1, ',', '"',
                 "1:[a][b]\n"
                 "2:[c][d\re]\n"
                 "5:[f][g]\n");
}

static void
test_bom (void)
{
  g_test_summary ("A UTF-8 byte order mark at the start is skipped, elsewhere kept");

  check_records ("\xEF\xBB\xBFid,v\n1,2\n", -1, ',', '"', "1:[id][v]\n2:[1][2]\n");
  check_records ("\xEF\xBB\xBF\"q\"\n", -1, ',', '"', "1:[q]\n");
  check_records ("\xEF\xBB\xBF", -1, ',', '"', "");
  check_records ("a\n\xEF\xBB\xBF\n", -1, ',', '"', "1:[a]\n2:[\xEF\xBB\xBF]\n");
  /* Two bytes of a BOM are not one, and not UTF-8 either. */
  check_full ("\xEF\xBB", -1, ',', '"', "", CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_ENCODING,
              "test.csv:1: column 1: invalid UTF-8 in “\xEF\xBF\xBD\xEF\xBF\xBD”");
}

static void
test_no_final_newline (void)
{
  g_test_summary ("The last line may lack its line end");

  check_records ("a,b\nc,d", -1, ',', '"', "1:[a][b]\n2:[c][d]\n");
  check_records ("a,b\nc,", -1, ',', '"', "1:[a][b]\n2:[c][]\n");
  check_records ("\"q\"", -1, ',', '"', "1:[q]\n");
  check_records ("x", -1, ',', '"', "1:[x]\n");
}

static void
test_empty_lines (void)
{
  g_test_summary ("Empty lines, trailing ones included, give no record");

  check_records ("\n\na,b\n\n\nc,d\n\n", -1, ',', '"', "3:[a][b]\n6:[c][d]\n");
  check_records ("\r\n\r\n", -1, ',', '"', "");
  /* With a real delimiter, blanks are data: this line is one field. */
  check_records ("  \n", -1, ',', '"', "1:[  ]\n");
}

static void
test_semicolon (void)
{
  g_test_summary ("Semicolon-separated (European spreadsheets); commas are text");

  check_records ("a;b,c;\"d;e\"\n1;2,5;\n", -1, ';', '"',
                 "1:[a][b,c][d;e]\n"
                 "2:[1][2,5][]\n");
}

static void
test_tab (void)
{
  g_test_summary ("Tab-separated; spaces are text and empty fields are kept");

  check_records ("a\tb c\t\tz\n \t\"x\ty\"\n", -1, '\t', '"',
                 "1:[a][b c][][z]\n"
                 "2:[ ][x\ty]\n");
}

static void
test_whitespace (void)
{
  g_test_summary ("Whitespace mode: runs of blanks separate, leading and trailing blanks "
                  "and blank lines are ignored, quotes still group");

  /* CDNOW's layout: right-aligned columns padded with spaces. */
  check_records ("  00001 1 19970101 1 11.77\n"
                 "00002  2   19970112 1  12.00  \n"
                 "   \n"
                 "\t\n"
                 "00003 \"a b\" \"\"\t\"x\"\"y\"\r\n"
                 "\n"
                 "  last",
                 -1, '\0', '"',
                 "1:[00001][1][19970101][1][11.77]\n"
                 "2:[00002][2][19970112][1][12.00]\n"
                 "5:[00003][a b][][x\"y]\n"
                 "7:[last]\n");
  check_records (" \t \n\t", -1, '\0', '"', "");
}

static void
test_empty_input (void)
{
  g_test_summary ("Empty input gives no record and no error");

  check_records ("", 0, ',', '"', "");
  check_records ("", 0, '\0', '"', "");
}

static void
test_unbalanced_quote (void)
{
  g_test_summary ("A quote left open at the end of the input is a syntax error naming "
                  "the file, the line where the field starts and the column");

  check_full ("a,b\nc,\"d,e\nf\n", -1, ',', '"',
              "1:[a][b]\n",
              CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_SYNTAX,
              "test.csv:2: column 2: unterminated quoted field starting “\"d,e…”");
  check_full ("\"0123456789012345678901234567890123456789xyz", -1, ',', '"',
              "",
              CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_SYNTAX,
              "test.csv:1: column 1: unterminated quoted field starting "
              "“\"012345678901234567890123456789012345678…”");
}

static void
test_text_after_quote (void)
{
  g_test_summary ("Text between a closing quote and the delimiter is a syntax error");

  check_full ("x\n1,\"ab\"cd,2\n", -1, ',', '"',
              "1:[x]\n",
              CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_SYNTAX,
              "test.csv:2: column 2: text after the closing quote in “\"ab\"cd”");
  check_full ("1 \"a\nb\"c d\n", -1, '\0', '"',
              "",
              CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_SYNTAX,
              "test.csv:2: column 2: text after the closing quote in “\"a…”");
}

static void
test_error_retry (void)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CxvCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *data = "a,b\n\"c\"d,e\nf\n";

  g_test_summary ("After a syntax error the reader stays put: asking again fails the same way");

  stream = g_memory_input_stream_new_from_data (data, -1, NULL);
  reader = cxv_csv_reader_new (stream, TEST_NAME, ',', '"');

  g_assert_true (cxv_csv_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (cxv_csv_reader_next (reader, NULL, &error));
      g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_SYNTAX);
      g_assert_cmpstr (error->message, ==,
                       "test.csv:2: column 1: text after the closing quote in “\"c\"d”");
      g_clear_error (&error);
    }
}

static void
test_invalid_utf8 (void)
{
  g_test_summary ("Bytes that are not UTF-8, and NUL bytes, are encoding errors naming "
                  "the line and column");

  check_full ("name,city\nJosé,M\xFCnchen\n", -1, ',', '"',
              "1:[name][city]\n",
              CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_ENCODING,
              "test.csv:2: column 2: invalid UTF-8 in “M\xEF\xBF\xBDnchen”");
  /* The third field starts on line 2, inside a record starting on line 1. */
  check_full ("a,\"x\ny\",\"\xFF\"\n", -1, ',', '"',
              "",
              CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_ENCODING,
              "test.csv:2: column 3: invalid UTF-8 in “\xEF\xBF\xBD”");
  check_full ("a,b\0c\n", 6, ',', '"',
              "",
              CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_ENCODING,
              "test.csv:1: column 2: NUL byte in “b\xEF\xBF\xBD" "c”");
  check_full ("1  22 \xC3\n", -1, '\0', '"',
              "",
              CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_ENCODING,
              "test.csv:1: column 3: invalid UTF-8 in “\xEF\xBF\xBD”");
}

static void
test_buffer_boundary (void)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);

  g_test_summary ("Fields, quotes, doubled quotes and CRLFs straddling refills, and "
                  "records longer than the buffer, read the same at every buffer size");

  /* Short records that drift across every alignment, then one longer than
   * the small buffers so the buffer has to grow. */
  for (guint i = 0; i < 6; i++)
    {
      g_string_append_printf (data, "%u,\"q\"\"%u\",x%*s\r\n", i, i, (int) i, "");
      g_string_append_printf (expected, "%u:[%u][q\"%u][x%*s]\n", i + 1, i, i, (int) i, "");
    }
  g_string_append (data,
                   "\"0123456789\n0123456789\",0123456789012345678901234567890123456789\n");
  g_string_append (expected,
                   "7:[0123456789\n0123456789][0123456789012345678901234567890123456789]\n");
  /* Fields spanning several 64-byte blocks, quoted and not, with
   * multi-byte characters that land on block and refill boundaries. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strnfill (150 + i, 'a' + i);

      g_string_append_printf (data, "%sé%s,\"%s\"\"é%s\"\n", text, text, text, text);
      g_string_append_printf (expected, "%u:[%sé%s][%s\"é%s]\n", 9 + i, text, text, text, text);
    }
  g_string_append (data, "end");
  g_string_append (expected, "12:[end]\n");

  check_records (data->str, data->len, ',', '"', expected->str);
}

static void
test_record_too_long (void)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CxvCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *data = "ab,cd\n0123456789,0123456789\n";

  g_test_summary ("A record over the size limit is a syntax error, not unbounded memory");

  stream = g_memory_input_stream_new_from_data (data, -1, NULL);
  reader = cxv_csv_reader_new (stream, TEST_NAME, ',', '"');
  cxv_csv_reader_set_buffer_size (reader, 4);
  cxv_csv_reader_set_max_record_size (reader, 16);

  g_assert_true (cxv_csv_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cxv_csv_reader_get_field (reader, 1, NULL), ==, "cd");

  g_assert_false (cxv_csv_reader_next (reader, NULL, &error));
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "test.csv:2: record too long (more than 16 bytes)");
}

static void
test_read_error (void)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CxvCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  const char *data = "a,b\nc,d\n";

  g_test_summary ("A failing stream's error reaches the caller with its domain and code");

  stream = test_trickle_stream_new (data, strlen (data), 1, 6);
  reader = cxv_csv_reader_new (stream, TEST_NAME, ',', '"');
  cxv_csv_reader_set_buffer_size (reader, 2);

  g_assert_true (cxv_csv_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (cxv_csv_reader_next (reader, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "test.csv: simulated failure");
}

static void
test_cancellation (void)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CxvCsvReader) reader = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("A cancelled read fails with G_IO_ERROR_CANCELLED and can be retried");

  stream = g_memory_input_stream_new_from_data ("a,b\n", -1, NULL);
  reader = cxv_csv_reader_new (stream, TEST_NAME, ',', '"');
  g_cancellable_cancel (cancellable);

  g_assert_false (cxv_csv_reader_next (reader, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Nothing was consumed, so the reader picks up where it stopped. */
  g_assert_true (cxv_csv_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_csv_reader_get_n_fields (reader), ==, 2);
  g_assert_cmpstr (cxv_csv_reader_get_field (reader, 0, NULL), ==, "a");
  g_assert_false (cxv_csv_reader_next (reader, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/csv-reader/plain", test_plain);
  g_test_add_func ("/cxv/csv-reader/many-fields", test_many_fields);
  g_test_add_func ("/cxv/csv-reader/quoted", test_quoted);
  g_test_add_func ("/cxv/csv-reader/crlf", test_crlf);
  g_test_add_func ("/cxv/csv-reader/lone-cr", test_lone_cr);
  g_test_add_func ("/cxv/csv-reader/bom", test_bom);
  g_test_add_func ("/cxv/csv-reader/no-final-newline", test_no_final_newline);
  g_test_add_func ("/cxv/csv-reader/empty-lines", test_empty_lines);
  g_test_add_func ("/cxv/csv-reader/semicolon", test_semicolon);
  g_test_add_func ("/cxv/csv-reader/tab", test_tab);
  g_test_add_func ("/cxv/csv-reader/whitespace", test_whitespace);
  g_test_add_func ("/cxv/csv-reader/empty-input", test_empty_input);
  g_test_add_func ("/cxv/csv-reader/unbalanced-quote", test_unbalanced_quote);
  g_test_add_func ("/cxv/csv-reader/text-after-quote", test_text_after_quote);
  g_test_add_func ("/cxv/csv-reader/error-retry", test_error_retry);
  g_test_add_func ("/cxv/csv-reader/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/cxv/csv-reader/buffer-boundary", test_buffer_boundary);
  g_test_add_func ("/cxv/csv-reader/record-too-long", test_record_too_long);
  g_test_add_func ("/cxv/csv-reader/read-error", test_read_error);
  g_test_add_func ("/cxv/csv-reader/cancellation", test_cancellation);

  return g_test_run ();
}
