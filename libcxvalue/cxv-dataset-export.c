/* cxv-dataset-export.c: one kind of record of a dataset as CSV
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The CSV written here is the dataset's own interchange format: the
 * `cxvalue-<kind>` preset mappings (mappings/cxvalue-*.json) read each file
 * back into the same records, so that export, then import of every kind in
 * dependency order, rebuilds the dataset. Every value is written in the
 * exact text the importer turns back into the same bits: amounts as
 * cxv_money_format() writes them, doubles in their shortest round-trip form, dates as
 * ISO 8601, enums as nicks. */

#include "config.h"

#include <string.h>

#include "cxv-dataset-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"

/* Rows are collected in memory and written in pieces of about this size. */
#define FLUSH_SIZE (64 * 1024)

typedef struct
{
  CxvDataset    *dataset;
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *buffer;
  int            decimals;
  gboolean       first_in_row;
} Writer;

static gboolean
writer_flush (Writer    *w,
              gboolean   force,
              GError   **error)
{
  if (!force && w->buffer->len < FLUSH_SIZE)
    return TRUE;

  /* Not every stream looks at its cancellable; checking here lets a
   * cancellation stop a long export between pieces. */
  if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
    return FALSE;
  if (w->buffer->len > 0 &&
      !g_output_stream_write_all (w->stream, w->buffer->str, w->buffer->len, NULL,
                                  w->cancellable, error))
    return FALSE;
  g_string_truncate (w->buffer, 0);
  return TRUE;
}

static void
sep (Writer *w)
{
  if (!w->first_in_row)
    g_string_append_c (w->buffer, ',');
  w->first_in_row = FALSE;
}

static gboolean
end_row (Writer  *w,
         GError **error)
{
  g_string_append_c (w->buffer, '\n');
  w->first_in_row = TRUE;
  return writer_flush (w, FALSE, error);
}

/* Text: quoted when it holds a delimiter, a quote or a line break (RFC
 * 4180), as it is otherwise. %NULL, an absent value, is an empty cell. */
static void
put_text (Writer     *w,
          const char *text)
{
  sep (w);
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (w->buffer, text);
      return;
    }
  g_string_append_c (w->buffer, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (w->buffer, '"');
      g_string_append_c (w->buffer, *p);
    }
  g_string_append_c (w->buffer, '"');
}

/* Appends @value in decimal, with at least @min_digits digits (leading
 * zeros). Dates and amounts are most of an export's text; writing their
 * digits directly spares a printf and an allocation per cell. */
static void
append_digits (GString *out,
               guint64  value,
               int      min_digits)
{
  char buf[24];
  gsize i = sizeof buf;

  do
    {
      buf[--i] = (char) ('0' + value % 10);
      value /= 10;
      min_digits--;
    }
  while (value != 0 || min_digits > 0);
  g_string_append_len (out, buf + i, (gssize) (sizeof buf - i));
}

static void
put_date (Writer  *w,
          CxvDate  date)
{
  int y, m, d;

  sep (w);
  if (date == CXV_DATE_NONE)
    return;
  cxv_date_to_ymd (date, &y, &m, &d);
  append_digits (w->buffer, (guint64) y, 4);
  g_string_append_c (w->buffer, '-');
  append_digits (w->buffer, (guint64) m, 2);
  g_string_append_c (w->buffer, '-');
  append_digits (w->buffer, (guint64) d, 2);
}

/* The text of cxv_money_format(): `-12.34`, `0.05`, `7` with no decimals. */
static void
put_money (Writer *w,
           gint64  amount)
{
  /* Negated in unsigned arithmetic, so G_MININT64 does not overflow. */
  guint64 magnitude = amount < 0 ? (guint64) 0 - (guint64) amount : (guint64) amount;
  guint64 unit = 1;

  sep (w);
  for (int i = 0; i < w->decimals; i++)
    unit *= 10;
  if (amount < 0)
    g_string_append_c (w->buffer, '-');
  append_digits (w->buffer, magnitude / unit, 1);
  if (w->decimals > 0)
    {
      g_string_append_c (w->buffer, '.');
      append_digits (w->buffer, magnitude % unit, w->decimals);
    }
}

/* The shortest text that reads back as the same double: 15 significant
 * digits suffice for most values, 17 for every one. */
static void
put_double (Writer *w,
            double  value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  sep (w);
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  g_string_append (w->buffer, buf);
}

static void
put_bool (Writer   *w,
          gboolean  value)
{
  sep (w);
  g_string_append (w->buffer, value ? "true" : "false");
}

static void
put_enum (Writer     *w,
          GEnumClass *klass,
          int         value)
{
  GEnumValue *v = g_enum_get_value (klass, value);

  sep (w);
  if (v != NULL)
    g_string_append (w->buffer, v->value_nick);
}

static void
put_customer (Writer  *w,
              guint32  index)
{
  put_text (w, index == CXV_NO_INDEX ? NULL : cxv_dataset_get_customer_id (w->dataset, index));
}

static void
put_product (Writer  *w,
             guint32  index)
{
  put_text (w, index == CXV_NO_INDEX ? NULL : cxv_dataset_get_product_code (w->dataset, index));
}

static void
put_header (Writer             *w,
            const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    put_text (w, names[i]);
}

/* The segments a product is open to, in the order they were declared,
 * joined by ';'; %NULL when it is open to every segment. */
static char *
dup_eligible_segments (CxvDataset *self,
                       guint32     product)
{
  g_autoptr(GString) joined = NULL;
  const guint32 *segments;
  guint n = 0;

  segments = cxv_dataset_get_eligible_segments (self, product, &n);
  if (segments == NULL)
    return NULL;
  joined = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? ";" : "",
                            cxv_dataset_get_text (self, segments[i]));
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static gboolean
write_kind (Writer         *w,
            CxvRecordKind   kind,
            GError        **error)
{
  CxvDataset *ds = w->dataset;
  const CxvRecordTable *t = cxv_dataset_get_table (ds, kind);
  guint n = t->n;
  g_autoptr(GEnumClass) source_class = g_type_class_ref (CXV_TYPE_ACQUISITION_SOURCE);
  g_autoptr(GEnumClass) revenue_class = g_type_class_ref (CXV_TYPE_REVENUE_KIND);
  g_autoptr(GEnumClass) channel_class = g_type_class_ref (CXV_TYPE_CHANNEL_CLASS);
  g_autoptr(GEnumClass) interaction_class = g_type_class_ref (CXV_TYPE_INTERACTION_KIND);
  g_autoptr(GEnumClass) instrument_class = g_type_class_ref (CXV_TYPE_INSTRUMENT);

  switch (kind)
    {
    case CXV_RECORD_CUSTOMER:
      {
        static const char * const header[] = {
          "id", "segment", "acquired", "source", "referred_by", NULL
        };

        put_header (w, header);
        if (!end_row (w, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          {
            put_customer (w, i);
            put_text (w, cxv_dataset_get_text (ds, CXV_COLUMN (t, guint32, CUS_SEGMENT)[i]));
            put_date (w, CXV_COLUMN (t, CxvDate, CUS_ACQUIRED)[i]);
            put_enum (w, source_class, CXV_COLUMN (t, guint8, CUS_SOURCE)[i]);
            put_customer (w, CXV_COLUMN (t, guint32, CUS_REFERRED_BY)[i]);
            if (!end_row (w, error))
              return FALSE;
          }
      }
      break;

    case CXV_RECORD_PRODUCT:
      {
        static const char * const header[] = {
          "code", "category", "recurring", "eligible_segments", NULL
        };

        put_header (w, header);
        if (!end_row (w, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          {
            CxvProduct p;
            g_autofree char *eligible = dup_eligible_segments (ds, i);

            cxv_dataset_get_product (ds, i, &p);
            put_product (w, i);
            put_text (w, cxv_dataset_get_text (ds, p.category));
            put_bool (w, p.recurring);
            put_text (w, eligible);
            if (!end_row (w, error))
              return FALSE;
          }
      }
      break;

    case CXV_RECORD_HOLDING:
      {
        static const char * const header[] = { "customer", "product", "start", "end", NULL };

        put_header (w, header);
        if (!end_row (w, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          {
            CxvHolding h;

            cxv_dataset_get_holding (ds, i, &h);
            put_customer (w, h.customer);
            put_product (w, h.product);
            put_date (w, h.start);
            put_date (w, h.end);
            if (!end_row (w, error))
              return FALSE;
          }
      }
      break;

    case CXV_RECORD_REVENUE:
      {
        static const char * const header[] = {
          "customer", "product", "date", "kind", "amount", "cost", "initiative", NULL
        };

        put_header (w, header);
        if (!end_row (w, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          {
            CxvRevenueEvent e;

            cxv_dataset_get_revenue_event (ds, i, &e);
            put_customer (w, e.customer);
            put_product (w, e.product);
            put_date (w, e.date);
            put_enum (w, revenue_class, e.kind);
            put_money (w, e.amount);
            put_money (w, e.cost);
            put_text (w, e.initiative == CXV_NO_INDEX
                      ? NULL : cxv_dataset_get_initiative_id (ds, e.initiative));
            if (!end_row (w, error))
              return FALSE;
          }
      }
      break;

    case CXV_RECORD_INTERACTION:
      {
        static const char * const header[] = {
          "customer", "date", "channel", "channel_class", "kind", "resolved", "reason", "cost",
          NULL
        };

        put_header (w, header);
        if (!end_row (w, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          {
            CxvInteraction it;

            cxv_dataset_get_interaction (ds, i, &it);
            put_customer (w, it.customer);
            put_date (w, it.date);
            put_text (w, cxv_dataset_get_text (ds, it.channel));
            put_enum (w, channel_class, it.channel_class);
            put_enum (w, interaction_class, it.kind);
            put_bool (w, it.resolved);
            put_text (w, cxv_dataset_get_text (ds, it.reason));
            put_money (w, it.cost);
            if (!end_row (w, error))
              return FALSE;
          }
      }
      break;

    case CXV_RECORD_FEEDBACK:
      {
        static const char * const header[] = {
          "customer", "date", "instrument", "score", "comment", "topics", NULL
        };

        put_header (w, header);
        if (!end_row (w, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          {
            CxvFeedback f;

            cxv_dataset_get_feedback (ds, i, &f);
            put_customer (w, f.customer);
            put_date (w, f.date);
            put_enum (w, instrument_class, f.instrument);
            put_double (w, f.score);
            put_text (w, cxv_dataset_get_text (ds, f.comment));
            /* Stored joined by ';', the separator the preset splits on. */
            put_text (w, cxv_dataset_get_text (ds, f.topics));
            if (!end_row (w, error))
              return FALSE;
          }
      }
      break;

    case CXV_RECORD_USAGE:
      {
        static const char * const header[] = { "customer", "product", "date", "quantity", NULL };

        put_header (w, header);
        if (!end_row (w, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          {
            CxvUsage u;

            cxv_dataset_get_usage (ds, i, &u);
            put_customer (w, u.customer);
            put_product (w, u.product);
            put_date (w, u.date);
            put_double (w, u.quantity);
            if (!end_row (w, error))
              return FALSE;
          }
      }
      break;

    case CXV_RECORD_REFERRAL:
      {
        static const char * const header[] = { "referrer", "referred", "date", NULL };

        put_header (w, header);
        if (!end_row (w, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          {
            CxvReferral r;

            cxv_dataset_get_referral (ds, i, &r);
            put_customer (w, r.referrer);
            put_customer (w, r.referred);
            put_date (w, r.date);
            if (!end_row (w, error))
              return FALSE;
          }
      }
      break;

    case CXV_RECORD_INITIATIVE:
      {
        static const char * const header[] = { "id", "name", "in_sync", "start", "end", NULL };

        put_header (w, header);
        if (!end_row (w, error))
          return FALSE;
        for (guint i = 0; i < n; i++)
          {
            CxvInitiative ini;

            cxv_dataset_get_initiative (ds, i, &ini);
            put_text (w, cxv_dataset_get_initiative_id (ds, i));
            put_text (w, cxv_dataset_get_text (ds, ini.name));
            put_bool (w, ini.in_sync);
            put_date (w, ini.start);
            put_date (w, ini.end);
            if (!end_row (w, error))
              return FALSE;
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return writer_flush (w, TRUE, error);
}

/**
 * cxv_dataset_export_csv:
 * @self: a sealed #CxvDataset
 * @kind: the kind of record to write
 * @stream: where to write the CSV; it is not closed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every record of one kind as CSV (RFC 4180, UTF-8, with `\n`
 * line ends): a header line of field names, then one line per record in
 * index order. The files read back exactly with the preset mappings
 * `cxvalue-customers`, `cxvalue-products`, `cxvalue-holdings`,
 * `cxvalue-revenue`, `cxvalue-interactions`, `cxvalue-feedback`,
 * `cxvalue-usage`, `cxvalue-referrals` and `cxvalue-initiatives`
 * ([ctor@Cxv.ColumnMapping.new_preset]): importing every kind into a new
 * dataset of the same currency, initiatives, products and customers
 * first, rebuilds the same records.
 *
 * The columns are the field names of [class@Cxv.ColumnMapping]:
 *
 * - customer: `id`, `segment`, `acquired`, `source`, `referred_by`
 * - product: `code`, `category`, `recurring`, `eligible_segments`
 * - holding: `customer`, `product`, `start`, `end`
 * - revenue: `customer`, `product`, `date`, `kind`, `amount`, `cost`, `initiative`
 * - interaction: `customer`, `date`, `channel`, `channel_class`, `kind`,
 *   `resolved`, `reason`, `cost`
 * - feedback: `customer`, `date`, `instrument`, `score`, `comment`, `topics`
 * - usage: `customer`, `product`, `date`, `quantity`
 * - referral: `referrer`, `referred`, `date`
 * - initiative: `id`, `name`, `in_sync`, `start`, `end`
 *
 * Ids and texts are written as they are, quoted when they hold a comma,
 * a quote or a line break; dates as `YYYY-MM-DD`; amounts as exact
 * decimal text in the currency's decimals (`12.34`, `-0.05`, see
 * [func@Cxv.money_format]); scores and quantities in the shortest form
 * that reads back as the same double; enums as their nicks (`recurring`,
 * `low-cost`); booleans as `true` or `false`; a product's eligible
 * segments and a feedback answer's topics joined by `;`. An absent
 * optional value (no segment, an open holding's end, a revenue event
 * without product) is an empty cell.
 *
 * What the CSV cannot carry: the importer trims spaces and tabs around
 * every cell and splits list items (segments, topics) on `;`, dropping
 * empty ones, so texts that begin or end with spaces, segments containing
 * `;`, and a product closed to every segment (declared with a list of
 * empty names) do not survive the round trip.
 *
 * Returns: %TRUE on success; %FALSE with @error set when the dataset is
 *   not sealed (%CXV_DATASET_ERROR_NOT_SEALED), or when writing fails or
 *   is cancelled (%G_IO_ERROR), in which case part of the CSV may have been
 *   written
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_export_csv (CxvDataset     *self,
                        CxvRecordKind   kind,
                        GOutputStream  *stream,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(GString) buffer = NULL;
  Writer w;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail ((guint) kind < CXV_N_RECORD_KINDS, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Only a sealed dataset has every referenced id declared, so that each
   * row reads back as the same record. */
  if (!cxv_dataset_get_sealed (self))
    {
      g_set_error_literal (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_NOT_SEALED,
                           "Only a sealed dataset can be exported");
      return FALSE;
    }

  buffer = g_string_sized_new (FLUSH_SIZE + 4096);
  w = (Writer) {
    .dataset = self,
    .stream = stream,
    .cancellable = cancellable,
    .buffer = buffer,
    .decimals = cxv_dataset_get_decimals (self),
    .first_in_row = TRUE,
  };
  return write_kind (&w, kind, error);
}
