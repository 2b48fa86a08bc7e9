/* cxv-csv-reader.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The tokenizer reads the stream into one large buffer and splits records
 * where they lie, so a record costs no allocation and no copy: fields are
 * NUL-terminated in place, over the separator or closing quote that follows
 * them, and doubled quotes are collapsed in place.
 *
 * If a record runs past the buffered data, the reader refills (moving the
 * partial record to the front, growing the buffer only when the record fills
 * it) and scans the record again from its start. Refills read until the
 * buffer is full, so that happens at most once per buffer and costs one
 * record, and the hot loop carries no resumable state. Before a record is
 * given up on (a refill or an error), the terminators already written are
 * put back, so the rescan sees the original bytes.
 *
 * Bytes are not looked at one by one. Each 64-byte block of the buffer is
 * turned into two bitmasks (with SSE2 where there is SSE2): the bytes that
 * can end a field or a line (delimiter, quote, CR, LF) and the bytes that
 * are >= 0x80 or NUL. Finding the end of a field is then a count of trailing
 * zeros, and the common case, unquoted fields between delimiters, is a walk
 * over the set bits. The first byte of the second kind in a record marks it
 * for UTF-8 validation after the scan and is ignored for the rest of the
 * record, so ASCII input is never validated.
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

/* A field's length shares its 32 bits with two flags; the record limit
 * keeps lengths and offsets inside 30 bits. */
#define FIELD_QUOTED  0x40000000u  /* its terminator is the closing quote */
#define FIELD_UNQUOTE 0x80000000u  /* has doubled quotes still to collapse */
#define FIELD_LENGTH  0x3FFFFFFFu
#define MAX_RECORD_LIMIT ((gsize) FIELD_LENGTH)

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

/* The same during a scan, as a pointer, with the mask of the stops. */
typedef struct
{
  guint8 *start;
  guint64 special;
  guint64 check;
  guint64 check_sel;  /* all ones until the record has a byte to validate */
  guint64 stops;      /* special | (check & check_sel) */
} CxvCsvScanBlock;

/* No block held: the buffer moved, or nothing was scanned yet. */
#define BLOCK_NONE G_MAXSIZE

struct _CxvCsvReader
{
  GInputStream *stream;
  char *display_name;
  guint8 delimiter;
  guint8 quote;
  gboolean eof;
  gboolean bom_checked;

  guint8 classes[256];
  guint8 specials[5];  /* the bytes of the special mask, repeated to fill */
#ifdef __SSE2__
  /* Each repeated 16 times, loaded unaligned: g_new() promises no 16-byte
   * alignment on every platform with SSE2. */
  guint8 specials_v[5][16];
#endif
  CxvCsvBlock block;

  guint8 *buf;
  gsize buf_size;       /* capacity, without BUFFER_PADDING */
  gsize max_record;
  gsize pos;            /* start of the unconsumed data */
  gsize end;            /* end of the buffered data; the sentinel is here */

  guint64 line;         /* physical line at pos */
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
#ifdef __SSE2__
  for (guint i = 0; i < G_N_ELEMENTS (self->specials); i++)
    memset (self->specials_v[i], self->specials[i], sizeof self->specials_v[i]);
#endif
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

/* Only called for records with a byte >= 0x80 or a NUL, before doubled
 * quotes are collapsed (which does not change whether text is UTF-8). The
 * terminators written so far replaced separators only, never line breaks,
 * so the lines before each field can still be counted. */
static gboolean
validate_record (CxvCsvReader  *self,
                 const guint8  *record,
                 guint          n_fields,
                 GError       **error)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const guint8 *text = record + self->fields[i].offset;
      gsize len = self->fields[i].length & FIELD_LENGTH;
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

/* Puts back the separators and closing quotes that the scan of an
 * unfinished record overwrote. No field ends on a NUL of the input (NUL
 * ends nothing), so a NUL at a field's end is one the scan wrote. */
static void
restore_terminators (CxvCsvReader *self,
                     guint8       *record,
                     guint         n_fields)
{
  guint8 separator = self->delimiter != 0 ? self->delimiter : ' ';

  for (guint i = 0; i < n_fields; i++)
    {
      guint32 length = self->fields[i].length;
      guint8 *t = record + self->fields[i].offset + (length & FIELD_LENGTH);

      if (*t == '\0')
        *t = (length & FIELD_QUOTED) ? self->quote : separator;
    }
}

static CxvCsvField *
grow_fields (CxvCsvReader *self)
{
  self->fields_size *= 2;
  self->fields = g_renew (CxvCsvField, self->fields, self->fields_size);
  return self->fields;
}

/* The scan keeps its state in locals that no out-of-line function sees:
 * its stores of terminators go through a byte pointer, which may alias
 * anything reachable through a pointer, and would make the compiler reload
 * that state from memory after every field. Hence the macros and the
 * forced inlining. */
#define RESERVE_FIELDS(count) \
  G_STMT_START { \
    while (G_UNLIKELY (fields_size - n < (count))) \
      { \
        fields = grow_fields (self); \
        fields_size = self->fields_size; \
      } \
  } G_STMT_END

#define ADD_RESERVED_FIELD(start, stop, flags) \
  G_STMT_START { \
    fields[n].offset = (start) - record; \
    fields[n].length = (guint32) ((stop) - (start)) | (flags); \
    n++; \
  } G_STMT_END

#define ADD_FIELD(start, stop, flags) \
  G_STMT_START { \
    RESERVE_FIELDS (1); \
    ADD_RESERVED_FIELD (start, stop, flags); \
  } G_STMT_END

G_ALWAYS_INLINE static inline void
compute_block (const CxvCsvReader *self,
               CxvCsvScanBlock    *block)
{
  const guint8 *bytes = block->start;
  guint64 special = 0;
  guint64 check = 0;

#ifdef __SSE2__
  const __m128i s0 = _mm_loadu_si128 ((const __m128i *) self->specials_v[0]);
  const __m128i s1 = _mm_loadu_si128 ((const __m128i *) self->specials_v[1]);
  const __m128i s2 = _mm_loadu_si128 ((const __m128i *) self->specials_v[2]);
  const __m128i s3 = _mm_loadu_si128 ((const __m128i *) self->specials_v[3]);
  const __m128i s4 = _mm_loadu_si128 ((const __m128i *) self->specials_v[4]);
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
  block->stops = special | (check & block->check_sel);
}

/* The first stop at or after @p; the sentinel guarantees one. */
G_ALWAYS_INLINE static inline guint8 *
next_stop (const CxvCsvReader *self,
           guint8             *base,
           CxvCsvScanBlock    *block,
           guint8             *p)
{
  for (;;)
    {
      /* Also out of range when @p is before the block. */
      gsize rel = p - block->start;

      if (G_LIKELY (rel < BLOCK_SIZE))
        {
          guint64 bits = block->stops >> rel;

          if (G_LIKELY (bits != 0))
            return p + __builtin_ctzll (bits);
          p = block->start + BLOCK_SIZE;
        }
      block->start = base + ((p - base) & ~(gsize) (BLOCK_SIZE - 1));
      compute_block (self, block);
    }
}

/* The rest of the record needs validating anyway: stop on fewer bytes. */
#define STOP_CHECKING(block) \
  G_STMT_START { \
    (block).check_sel = 0; \
    (block).stops = (block).special; \
  } G_STMT_END

static void
save_block (CxvCsvReader          *self,
            const CxvCsvScanBlock *block)
{
  if (block->start > self->buf + self->end)
    return;

  self->block.offset = block->start - self->buf;
  self->block.special = block->special;
  self->block.check = block->check;
}

/* Scans the record at pos. Blank lines before it are consumed for good;
 * the record itself only when complete (SCAN_RECORD). */
static ScanResult
scan_record (CxvCsvReader  *self,
             GError       **error)
{
  CxvCsvField *fields = self->fields;
  guint fields_size = self->fields_size;
  const guint8 *cls = self->classes;
  guint8 *const base = self->buf;
  guint8 *const end = base + self->end;
  const guint8 delimiter = self->delimiter;
  const gboolean whitespace = delimiter == 0;
  /* As ints that no byte matches when unused, for a single compare. */
  const int fast_delimiter = whitespace ? -1 : delimiter;
  const int quote = self->quote != 0 ? self->quote : -1;
  const gboolean eof = self->eof;
  CxvCsvScanBlock block;
  gboolean unquote = FALSE;
  ScanResult result;
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

  /* A start past the end means no block held yet. */
  block.start = self->block.offset != BLOCK_NONE ? base + self->block.offset : end + BLOCK_SIZE;
  block.special = self->block.special;
  block.check = self->block.check;
  block.check_sel = G_MAXUINT64;
  block.stops = block.special | block.check;

  for (;;)
    {
      guint8 c;

      /* The hot loop: unquoted fields followed by the delimiter. Anything
       * else leaves the field to the general code below. It walks the set
       * bits of the block rather than shifting the mask to each field, so
       * one field's end does not wait on the previous one's. */
      if (fast_delimiter >= 0)
        {
          gsize rel = p - block.start;
          guint64 bits = rel < BLOCK_SIZE ? block.stops & (G_MAXUINT64 << rel) : 0;

          /* A block's bits end at most BLOCK_SIZE fields, so room is made
           * per block rather than per field. */
          RESERVE_FIELDS (BLOCK_SIZE);
          while (*p != quote)
            {
              guint8 *stop;

              if (G_LIKELY (bits != 0))
                {
                  stop = block.start + __builtin_ctzll (bits);
                }
              else
                {
                  RESERVE_FIELDS (BLOCK_SIZE);
                  stop = next_stop (self, base, &block, p);
                  bits = block.stops & (G_MAXUINT64 << (stop - block.start));
                }

              if (*stop != fast_delimiter)
                break;
              ADD_RESERVED_FIELD (p, stop, 0);
              *stop = '\0';
              p = stop + 1;
              bits &= bits - 1;
            }
        }

      if (G_UNLIKELY (*p == quote))
        {
          guint8 *open = p;
          guint64 open_line = line;
          guint32 flags = FIELD_QUOTED;

          p++;
          for (;;)
            {
              p = next_stop (self, base, &block, p);
              c = *p;

              if (cls[c] & CLS_QUOTE)
                {
                  /* A quote as the last buffered byte may be half of a pair. */
                  if (p + 1 == end && !eof)
                    goto need_more;
                  if (p[1] != c)
                    break;
                  flags |= FIELD_UNQUOTE;
                  unquote = TRUE;
                  p += 2;
                  continue;
                }

              if (G_UNLIKELY (p == end))
                {
                  if (!eof)
                    goto need_more;
                  set_field_error (self, error, CXV_IMPORT_ERROR_SYNTAX, open_line, n,
                                   "unterminated quoted field starting", open, end - open);
                  goto fail;
                }

              if (c == '\n')
                {
                  line++;
                }
              else if (c == '\r')
                {
                  /* The LF of a CRLF counts the line. At the buffer end a
                   * refill rescans anyway. */
                  if (p + 1 == end || p[1] != '\n')
                    line++;
                }
              else if (cls[c] & CLS_CHECK)
                {
                  STOP_CHECKING (block);
                }
              /* Anything else is a delimiter, which is text here. */
              p++;
            }

          ADD_FIELD (open + 1, p, flags);
          *p++ = '\0';
          c = *p;

          if (p != end && !(cls[c] & (CLS_DELIM | CLS_LINE_END)))
            {
              guint8 *stop = p;

              while (!(cls[*stop] & (CLS_DELIM | CLS_LINE_END)))
                stop++;
              /* Wait for the rest only while it could still show in the
               * message, so the message does not depend on the buffering. */
              if (stop == end && !eof && stop - open <= SNIPPET_MAX)
                goto need_more;
              /* The closing quote was overwritten; the message shows it. */
              p[-1] = self->quote;
              set_field_error (self, error, CXV_IMPORT_ERROR_SYNTAX, line, n - 1,
                               "text after the closing quote in", open, stop - open);
              goto fail;
            }
        }
      else
        {
          guint8 *start = p;

          for (;;)
            {
              p = next_stop (self, base, &block, p);
              c = *p;
              if (G_LIKELY (c == fast_delimiter) || (cls[c] & (CLS_DELIM | CLS_LINE_END)))
                break;
              /* A byte to validate, or a quote, which is text here. */
              if (cls[c] & CLS_CHECK)
                STOP_CHECKING (block);
              p++;
            }

          ADD_FIELD (start, p, 0);

          /* The common case, first: a delimiter, which becomes the field's
           * terminator. It is never the sentinel. */
          if (G_LIKELY (c == fast_delimiter))
            {
              *p++ = '\0';
              continue;
            }
          if (whitespace && (cls[c] & CLS_DELIM))
            {
              *p++ = '\0';
              c = *p;
            }
        }

      /* p is on what follows the field and its terminator: a separator, a
       * line end, or the buffer end. */
      if (whitespace)
        {
          while (cls[c] & CLS_DELIM)
            c = *++p;
        }
      else if (c == delimiter)
        {
          p++;
          continue;
        }

      if (p == end)
        {
          if (!eof)
            goto need_more;
          break;
        }
      if (cls[c] & CLS_LINE_END)
        break;
      /* Whitespace mode: the next field starts here. */
    }

  if (p != end)
    {
      if (*p == '\r')
        {
          if (p + 1 == end && !eof)
            goto need_more;
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

  if (G_UNLIKELY (block.check_sel == 0) && !validate_record (self, record, n, error))
    goto fail;

  /* The last field's terminator, a line end or the end of the input, can
   * only be written now that the record is known to be complete. */
  record[fields[n - 1].offset + (fields[n - 1].length & FIELD_LENGTH)] = '\0';

  if (G_UNLIKELY (unquote))
    for (guint i = 0; i < n; i++)
      {
        CxvCsvField *field = &fields[i];

        if (field->length & FIELD_UNQUOTE)
          {
            guint8 *text = record + field->offset;
            gsize len = unquote_in_place (text, field->length & FIELD_LENGTH, self->quote);

            text[len] = '\0';
            field->length = len;
          }
      }

  self->record = record;
  self->n_fields = n;
  self->record_line = self->line;
  self->line = line;
  self->pos = p - base;
  save_block (self, &block);

  return SCAN_RECORD;

need_more:
  result = SCAN_NEED_MORE;
  goto unwind;
fail:
  result = SCAN_ERROR;
unwind:
  restore_terminators (self, record, n);
  save_block (self, &block);
  return result;
}

static gboolean
refill (CxvCsvReader  *self,
        GCancellable  *cancellable,
        GError       **error)
{
  gsize pending = self->end - self->pos;
  gboolean ok = TRUE;

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
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ",
                                        self->display_name);
          ok = FALSE;
          break;
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

  return ok;
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

const char *
cxv_csv_reader_get_field (CxvCsvReader *self,
                          guint         index,
                          gsize        *len)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_fields, NULL);

  if (len != NULL)
    *len = self->fields[index].length & FIELD_LENGTH;

  return (const char *) self->record + self->fields[index].offset;
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
