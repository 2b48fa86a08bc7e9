/* cxv-csv-reader.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The tokenizer reads the stream into one large buffer and splits records
 * where they lie, so a record costs no allocation and no copy.
 *
 * Scanning a record writes nothing. If the record runs past the buffered
 * data, the reader refills (moving the partial record to the front, growing
 * the buffer only when the record fills it) and scans the record again from
 * its start; refills read until the buffer is full, so a rescan happens at
 * most once per buffer and costs one record. This keeps the hot loop free of
 * resumable-state bookkeeping. A field is only written to when it is handed
 * out: doubled quotes are collapsed and the field NUL-terminated in place,
 * over the closing quote or separator that follows it.
 *
 * Bytes are not looked at one by one. Each 64-byte block of the buffer is
 * turned into two bitmasks (SSE2 where there is SSE2): the bytes that can
 * end a field or a line (delimiter, quote, CR, LF) and the bytes that are
 * >= 0x80 or NUL. Finding the end of a field is then a shift and a count of
 * trailing zeros. The first byte of the second kind in a record marks it for
 * UTF-8 validation after the scan and is ignored for the rest of the record,
 * so ASCII input is never validated.
 *
 * A '\n' sentinel after the buffered data stops every scan, so no loop tests
 * for the buffer end; a stop at the sentinel is told from a real line end by
 * its address. */

#include "config.h"

#include <string.h>

#ifdef __SSE2__
# include <emmintrin.h>
#endif

#include "cxv-csv-reader-private.h"
#include "cxv-error.h"

/* Byte classes; a byte may be in several. */
enum
{
  CLS_DELIM = 1 << 0,  /* the delimiter, or a space or tab in whitespace mode */
  CLS_LF = 1 << 1,
  CLS_CR = 1 << 2,
  CLS_QUOTE = 1 << 3,
  CLS_CHECK = 1 << 4,  /* >= 0x80 or NUL: the record needs validating */
};

#define CLS_LINE_END (CLS_LF | CLS_CR)

/* Room after the data for the sentinel and for the block that holds it. */
#define BLOCK_SIZE 64
#define BUFFER_PADDING BLOCK_SIZE

/* Field lengths are stored in 31 bits; the top bit marks a quoted field
 * with doubled quotes still to collapse. The record limit keeps lengths
 * and offsets well inside 32 bits. */
#define FIELD_UNQUOTE 0x80000000u
#define MAX_RECORD_LIMIT (G_MAXUINT32 / 4)

#define SNIPPET_MAX 40

typedef struct
{
  guint32 offset;  /* from the start of the record */
  guint32 length;
} CxvCsvField;

/* The masks of one block; bit i is the byte at offset + i. */
typedef struct
{
  gsize offset;     /* in the buffer; BLOCK_NONE when the masks are stale */
  guint64 special;  /* delimiter (blanks in whitespace mode), quote, CR, LF */
  guint64 check;    /* >= 0x80 or NUL */
} CxvCsvBlock;

/* Far enough from any buffer offset that the unsigned distance to it is
 * never below BLOCK_SIZE. */
#define BLOCK_NONE (G_MAXSIZE / 2)

struct _CxvCsvReader
{
  GInputStream *stream;
  char *display_name;
  char delimiter;
  char quote;
  gboolean eof;
  gboolean bom_checked;

  guint8 classes[256];
  guint8 specials[5];  /* the bytes of the special mask, repeated to fill */
  CxvCsvBlock block;

  guint8 *buf;
  gsize buf_size;     /* capacity, without BUFFER_PADDING */
  gsize max_record;
  gsize pos;          /* start of the unconsumed data */
  gsize end;          /* end of the buffered data; the sentinel is here */

  guint64 line;       /* physical line at pos */
  guint64 record_line;
  guint64 stream_bytes; /* read from the stream, including read-ahead */

  guint8 *record;
  CxvCsvField *fields;
  guint n_fields;
  guint fields_size;
};

typedef enum
{
  SCAN_RECORD,
  SCAN_END,
  SCAN_NEED_MORE,
  SCAN_ERROR,
} ScanResult;

CxvCsvReader *
cxv_csv_reader_new (GInputStream *stream,
                    const char   *display_name,
                    char          delimiter,
                    char          quote)
{
  CxvCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail ((guint8) delimiter < 0x80 && delimiter != '\n' && delimiter != '\r', NULL);
  g_return_val_if_fail ((guint8) quote < 0x80 && quote != '\n' && quote != '\r', NULL);
  g_return_val_if_fail (quote == 0 || quote != delimiter, NULL);
  g_return_val_if_fail (quote != ' ' && quote != '\t', NULL);

  self = g_new0 (CxvCsvReader, 1);
  self->stream = g_object_ref (stream);
  self->display_name = g_strdup (display_name != NULL ? display_name : "(stream)");
  self->delimiter = delimiter;
  self->quote = quote;
  self->buf_size = CXV_CSV_READER_BUFFER_SIZE;
  self->max_record = CXV_CSV_READER_MAX_RECORD_SIZE;
  self->line = 1;

  self->classes['\n'] |= CLS_LF;
  self->classes['\r'] |= CLS_CR;
  self->classes[0] |= CLS_CHECK;
  for (guint c = 0x80; c < 256; c++)
    self->classes[c] |= CLS_CHECK;
  if (delimiter == 0)
    {
      self->classes[' '] |= CLS_DELIM;
      self->classes['\t'] |= CLS_DELIM;
    }
  else
    {
      self->classes[(guint8) delimiter] |= CLS_DELIM;
    }
  if (quote != 0)
    self->classes[(guint8) quote] |= CLS_QUOTE;

  self->specials[0] = delimiter == 0 ? ' ' : delimiter;
  self->specials[1] = delimiter == 0 ? '\t' : delimiter;
  self->specials[2] = '\n';
  self->specials[3] = '\r';
  self->specials[4] = quote == 0 ? '\n' : quote;
  self->block.offset = BLOCK_NONE;

  /* The buffer is allocated at the first refill, so the test hooks can
   * still resize it. */
  self->fields_size = 64;
  self->fields = g_new (CxvCsvField, self->fields_size);

  return self;
}

void
cxv_csv_reader_free (CxvCsvReader *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_free (self->display_name);
  g_free (self->buf);
  g_free (self->fields);
  g_free (self);
}

void
cxv_csv_reader_set_buffer_size (CxvCsvReader *self,
                                gsize         size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->buf == NULL);
  g_return_if_fail (size > 0);

  self->buf_size = size;
}

void
cxv_csv_reader_set_max_record_size (CxvCsvReader *self,
                                    gsize         size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->buf == NULL);
  /* Room for a BOM, which must fit before the first record is scanned. */
  g_return_if_fail (size >= 4);

  self->max_record = MIN (size, MAX_RECORD_LIMIT);
}

/* The offending text for an error message: at most SNIPPET_MAX bytes of one
 * line, valid UTF-8, with an ellipsis when cut. */
static char *
make_snippet (const guint8 *text,
              gsize         len)
{
  g_autofree char *valid = NULL;
  gsize n = MIN (len, SNIPPET_MAX);
  gboolean cut;

  for (gsize i = 0; i < n; i++)
    if (text[i] == '\n' || text[i] == '\r')
      {
        n = i;
        break;
      }
  cut = n < len;

  /* Cut on a character boundary, or valid text would end in U+FFFD. */
  if (cut)
    for (guint k = 0; k < 3 && n > 0 && (text[n] & 0xC0) == 0x80; k++)
      n--;

  valid = g_utf8_make_valid ((const char *) text, n);
  if (cut)
    return g_strconcat (valid, "…", NULL);
  return g_steal_pointer (&valid);
}

static void
set_field_error (CxvCsvReader  *self,
                 GError       **error,
                 gint           code,
                 guint64        line,
                 guint          field_index,
                 const char    *what,
                 const guint8  *text,
                 gsize          len)
{
  g_autofree char *snippet = make_snippet (text, len);

  g_set_error (error, CXV_IMPORT_ERROR, code,
               "%s:%" G_GUINT64_FORMAT ": column %u: %s “%s”",
               self->display_name, line, field_index + 1, what, snippet);
}

/* Line breaks in [from, to): LF, CRLF and lone CR count once each. */
static guint64
count_lines (const guint8 *from,
             const guint8 *to)
{
  guint64 n = 0;

  for (const guint8 *p = from; p < to; p++)
    if (*p == '\n' || (*p == '\r' && (p + 1 == to || p[1] != '\n')))
      n++;

  return n;
}

/* Only called for records with a byte >= 0x80 or a NUL. Runs before the
 * fields are unquoted, while the line breaks before each field can still be
 * counted; doubled quotes do not change whether text is UTF-8. */
static gboolean
validate_record (CxvCsvReader  *self,
                 const guint8  *record,
                 guint          n_fields,
                 GError       **error)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const guint8 *text = record + self->fields[i].offset;
      gsize len = self->fields[i].length & ~FIELD_UNQUOTE;
      const char *what;
      guint64 line;

      if (g_utf8_validate_len ((const char *) text, len, NULL))
        continue;

      /* NUL is valid UTF-8 but would silently cut the field short for
       * every C consumer, so it is refused with its own message. */
      what = memchr (text, '\0', len) != NULL ? "NUL byte in" : "invalid UTF-8 in";
      line = self->line + count_lines (record, text);
      set_field_error (self, error, CXV_IMPORT_ERROR_ENCODING, line, i, what, text, len);
      return FALSE;
    }

  return TRUE;
}

static gsize
unquote_in_place (guint8 *text,
                  gsize   len,
                  guint8  quote)
{
  guint8 *r = memchr (text, quote, len);
  guint8 *w = r;
  const guint8 *end = text + len;

  /* The scan guaranteed that every quote inside is doubled. */
  while (r < end)
    {
      guint8 c = *r++;

      *w++ = c;
      if (c == quote)
        r++;
    }

  return w - text;
}

static void
grow_fields (CxvCsvReader *self)
{
  self->fields_size *= 2;
  self->fields = g_renew (CxvCsvField, self->fields, self->fields_size);
}

static inline void
add_field (CxvCsvReader *self,
           guint        *n,
           const guint8 *record,
           const guint8 *start,
           const guint8 *stop,
           guint32       flags)
{
  if (G_UNLIKELY (*n == self->fields_size))
    grow_fields (self);

  self->fields[*n].offset = start - record;
  self->fields[*n].length = (guint32) (stop - start) | flags;
  (*n)++;
}

static void
compute_block (const CxvCsvReader *self,
               CxvCsvBlock        *block)
{
  const guint8 *bytes = self->buf + block->offset;
  guint64 special = 0;
  guint64 check = 0;

#ifdef __SSE2__
  const __m128i s0 = _mm_set1_epi8 ((char) self->specials[0]);
  const __m128i s1 = _mm_set1_epi8 ((char) self->specials[1]);
  const __m128i s2 = _mm_set1_epi8 ((char) self->specials[2]);
  const __m128i s3 = _mm_set1_epi8 ((char) self->specials[3]);
  const __m128i s4 = _mm_set1_epi8 ((char) self->specials[4]);
  const __m128i zero = _mm_setzero_si128 ();

  for (guint i = 0; i < BLOCK_SIZE; i += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (bytes + i));
      __m128i m = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, s0), _mm_cmpeq_epi8 (v, s1)),
                                _mm_or_si128 (_mm_cmpeq_epi8 (v, s2), _mm_cmpeq_epi8 (v, s3)));

      m = _mm_or_si128 (m, _mm_cmpeq_epi8 (v, s4));
      special |= (guint64) (guint16) _mm_movemask_epi8 (m) << i;
      /* The sign bit of each byte is the >= 0x80 test. */
      check |= (guint64) (guint16) (_mm_movemask_epi8 (v) |
                                    _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, zero))) << i;
    }
#else
  for (guint i = 0; i < BLOCK_SIZE; i++)
    {
      guint8 c = self->classes[bytes[i]];

      special |= (guint64) ((c & (CLS_DELIM | CLS_LINE_END | CLS_QUOTE)) != 0) << i;
      check |= (guint64) ((c & CLS_CHECK) != 0) << i;
    }
#endif

  block->special = special;
  block->check = check;
}

/* The first special byte at or after @p, or the first byte >= 0x80 or NUL
 * when @check_sel is all ones; the sentinel guarantees one. */
static inline guint8 *
next_stop (const CxvCsvReader *self,
           CxvCsvBlock        *block,
           guint8             *p,
           guint64             check_sel)
{
  gsize at = p - self->buf;

  for (;;)
    {
      gsize rel = at - block->offset;

      if (G_LIKELY (rel < BLOCK_SIZE))
        {
          guint64 bits = (block->special | (block->check & check_sel)) >> rel;

          if (G_LIKELY (bits != 0))
            return self->buf + at + __builtin_ctzll (bits);
          at = block->offset + BLOCK_SIZE;
        }
      block->offset = at & ~(gsize) (BLOCK_SIZE - 1);
      compute_block (self, block);
    }
}

/* Scans the record at pos. Blank lines before it are consumed for good;
 * the record itself is only consumed when complete (SCAN_RECORD). @block
 * is a copy of self->block the compiler can keep in registers. */
static inline ScanResult
scan_record_with (CxvCsvReader  *self,
                  CxvCsvBlock   *block,
                  GError       **error)
{
  const guint8 *cls = self->classes;
  guint8 *const base = self->buf;
  guint8 *const end = base + self->end;
  const gboolean whitespace = self->delimiter == 0;
  const gboolean eof = self->eof;
  /* All ones until the record has a byte to validate. */
  guint64 check_sel = G_MAXUINT64;
  guint8 *p = base + self->pos;
  guint8 *record;
  guint64 line;
  guint n = 0;

  if (G_UNLIKELY (!self->bom_checked))
    {
      static const guint8 bom[] = { 0xEF, 0xBB, 0xBF };
      gsize avail = MIN ((gsize) (end - p), sizeof bom);

      if (memcmp (p, bom, avail) == 0)
        {
          if (avail < sizeof bom && !eof)
            return SCAN_NEED_MORE;
          if (avail == sizeof bom)
            self->pos += sizeof bom;
          p = base + self->pos;
        }
      self->bom_checked = TRUE;
    }

  for (;;)
    {
      if (whitespace)
        while (cls[*p] & CLS_DELIM)
          p++;

      if (p == end)
        {
          self->pos = p - base;
          return eof ? SCAN_END : SCAN_NEED_MORE;
        }
      if (*p == '\n')
        {
          p++;
        }
      else if (*p == '\r')
        {
          /* Whether an LF follows decides if this is one line end or two. */
          if (p + 1 == end && !eof)
            {
              self->pos = p - base;
              return SCAN_NEED_MORE;
            }
          p++;
          if (p < end && *p == '\n')
            p++;
        }
      else
        {
          break;
        }

      self->line++;
      self->pos = p - base;
    }

  record = p;
  line = self->line;

  for (;;)
    {
      if (cls[*p] & CLS_QUOTE)
        {
          guint8 *open = p;
          guint64 open_line = line;
          guint32 flags = 0;

          p++;
          for (;;)
            {
              p = next_stop (self, block, p, check_sel);

              if (cls[*p] & CLS_QUOTE)
                {
                  /* A quote as the last buffered byte may be half of a pair. */
                  if (p + 1 == end && !eof)
                    return SCAN_NEED_MORE;
                  if (p[1] != *p)
                    break;
                  flags = FIELD_UNQUOTE;
                  p += 2;
                  continue;
                }

              if (G_UNLIKELY (p == end))
                {
                  if (!eof)
                    return SCAN_NEED_MORE;
                  set_field_error (self, error, CXV_IMPORT_ERROR_SYNTAX, open_line, n,
                                   "unterminated quoted field starting", open, end - open);
                  return SCAN_ERROR;
                }

              if (*p == '\n')
                {
                  line++;
                }
              else if (*p == '\r')
                {
                  /* The LF of a CRLF counts the line. At the buffer end a
                   * refill rescans anyway. */
                  if (p + 1 == end || p[1] != '\n')
                    line++;
                }
              else if (cls[*p] & CLS_CHECK)
                {
                  check_sel = 0;
                }
              /* Anything else is a delimiter, which is text here. */
              p++;
            }

          add_field (self, &n, record, open + 1, p, flags);
          p++;

          if (p != end && !(cls[*p] & (CLS_DELIM | CLS_LINE_END)))
            {
              guint8 *stop = p;

              while (!(cls[*stop] & (CLS_DELIM | CLS_LINE_END)))
                stop++;

              /* Wait for the rest only while it could still show in the
               * message, so the message does not depend on the buffering. */
              if (stop == end && !eof && stop - open <= SNIPPET_MAX)
                return SCAN_NEED_MORE;
              set_field_error (self, error, CXV_IMPORT_ERROR_SYNTAX, line, n - 1,
                               "text after the closing quote in", open, stop - open);
              return SCAN_ERROR;
            }
        }
      else
        {
          guint8 *start = p;

          for (;;)
            {
              p = next_stop (self, block, p, check_sel);
              if (G_LIKELY (cls[*p] & (CLS_DELIM | CLS_LINE_END)))
                break;
              /* A byte to validate, or a quote, which is text here. */
              if (cls[*p] & CLS_CHECK)
                check_sel = 0;
              p++;
            }

          add_field (self, &n, record, start, p, 0);
        }

      /* p is on what follows the field: a separator, a line end, or the
       * buffer end. */
      if (whitespace)
        while (cls[*p] & CLS_DELIM)
          p++;
      else if (p != end && (cls[*p] & CLS_DELIM))
        {
          p++;
          continue;
        }

      if (p == end)
        {
          if (!eof)
            return SCAN_NEED_MORE;
          break;
        }
      if (cls[*p] & CLS_LINE_END)
        break;
      /* Whitespace mode: the next field starts here. */
    }

  if (p != end)
    {
      if (*p == '\r')
        {
          if (p + 1 == end && !eof)
            return SCAN_NEED_MORE;
          p++;
          if (p < end && *p == '\n')
            p++;
        }
      else
        {
          p++;
        }
      line++;
    }

  if (G_UNLIKELY (check_sel == 0) && !validate_record (self, record, n, error))
    return SCAN_ERROR;

  self->record = record;
  self->n_fields = n;
  self->record_line = self->line;
  self->line = line;
  self->pos = p - base;

  return SCAN_RECORD;
}

static ScanResult
scan_record (CxvCsvReader  *self,
             GError       **error)
{
  CxvCsvBlock block = self->block;
  ScanResult result = scan_record_with (self, &block, error);

  self->block = block;
  return result;
}

static gboolean
refill (CxvCsvReader  *self,
        GCancellable  *cancellable,
        GError       **error)
{
  gsize pending = self->end - self->pos;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (pending >= self->max_record)
    {
      g_set_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_SYNTAX,
                   "%s:%" G_GUINT64_FORMAT ": record too long (more than %" G_GSIZE_FORMAT
                   " bytes)",
                   self->display_name, self->line, self->max_record);
      return FALSE;
    }

  if (self->buf == NULL)
    self->buf = g_malloc (self->buf_size + BUFFER_PADDING);

  if (self->pos > 0)
    {
      memmove (self->buf, self->buf + self->pos, pending);
      self->pos = 0;
      self->end = pending;
    }

  if (self->end == self->buf_size)
    {
      self->buf_size = MIN (self->buf_size * 2, self->max_record);
      self->buf = g_realloc (self->buf, self->buf_size + BUFFER_PADDING);
    }

  /* Reading until the buffer is full bounds rescans to one per buffer. */
  while (self->end < self->buf_size)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n_read;

      n_read = g_input_stream_read (self->stream, self->buf + self->end,
                                    self->buf_size - self->end, cancellable, &local_error);
      if (n_read < 0)
        {
          self->buf[self->end] = '\n';
          memset (self->buf + self->end + 1, 0, BUFFER_PADDING - 1);
          self->block.offset = BLOCK_NONE;
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ",
                                        self->display_name);
          return FALSE;
        }
      if (n_read == 0)
        {
          self->eof = TRUE;
          break;
        }
      self->end += n_read;
      self->stream_bytes += n_read;
    }

  self->buf[self->end] = '\n';
  /* Defined bytes after the sentinel keep memory checkers quiet about the
   * block that holds it; what they are does not matter. */
  memset (self->buf + self->end + 1, 0, BUFFER_PADDING - 1);
  self->block.offset = BLOCK_NONE;
  return TRUE;
}

gboolean
cxv_csv_reader_next (CxvCsvReader  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->record = NULL;
  self->n_fields = 0;

  if (self->buf == NULL && !refill (self, cancellable, error))
    return FALSE;

  for (;;)
    {
      switch (scan_record (self, error))
        {
        case SCAN_RECORD:
          return TRUE;
        case SCAN_END:
        case SCAN_ERROR:
          return FALSE;
        case SCAN_NEED_MORE:
          g_assert (!self->eof);
          if (!refill (self, cancellable, error))
            return FALSE;
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

guint
cxv_csv_reader_get_n_fields (CxvCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_fields;
}

/* The field is finished here rather than in the scan: that saves a pass
 * over the record, and the scan could not write anyway, as it may have to
 * start over. Writing only over the record's own separators keeps the
 * masks of the blocks ahead valid. */
const char *
cxv_csv_reader_get_field (CxvCsvReader *self,
                          guint         index,
                          gsize        *len)
{
  CxvCsvField *field;
  guint8 *text;
  gsize length;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_fields, NULL);

  field = &self->fields[index];
  text = self->record + field->offset;
  length = field->length;
  if (G_UNLIKELY (length & FIELD_UNQUOTE))
    {
      length = unquote_in_place (text, length & ~FIELD_UNQUOTE, self->quote);
      field->length = length;
    }
  text[length] = '\0';

  if (len != NULL)
    *len = length;

  return (const char *) text;
}

guint64
cxv_csv_reader_get_line (CxvCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->record_line;
}

guint64
cxv_csv_reader_get_bytes_read (CxvCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->stream_bytes - (self->end - self->pos);
}
