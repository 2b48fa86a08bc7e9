/* cxv-dataset.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvDataset:
 *
 * The store every analysis reads: customers, products and initiatives, and
 * the records that tie them together (holdings, revenue events,
 * interactions, feedback, usage, referrals).
 *
 * Each kind of record is kept as parallel arrays, one per field, and every
 * string id is interned to a dense integer index, so a revenue event costs
 * 31 bytes and fifty million of them fit in memory. Records are never one
 * object each: [class@Cxv.Customer] and the plain records such as
 * [struct@Cxv.RevenueEvent] are copies made on demand.
 *
 * A dataset is filled by appends ([method@Cxv.Dataset.add_customer],
 * [method@Cxv.Dataset.add_revenue] …, or a [class@Cxv.CsvImporter]) and
 * then sealed with [method@Cxv.Dataset.seal], which checks that every
 * reference names a declared customer, product or initiative, sorts the
 * records of each kind by customer and date, and builds per-customer
 * offsets ([method@Cxv.Dataset.get_customer_range]) so that every analysis
 * is one linear pass. A sealed dataset never changes again and may be read
 * from several threads at once.
 *
 * Money is `gint64` minor units of the dataset's one ISO 4217 currency.
 * The dataset refuses an amount that would make the sum of the absolute
 * amounts (or costs) overflow, so any sum an analysis forms fits in 64 bits.
 *
 * A sealed dataset saves to a SQLite file with [method@Cxv.Dataset.save],
 * atomically, and [func@Cxv.Dataset.open] reads it back as the same sealed
 * dataset, treating the file as untrusted; [the file format](file-format.html)
 * documents the schema.
 *
 * Bytes per stored record, as the columns are laid out:
 *
 * | kind | bytes |
 * |---|---|
 * | customer | 14, plus the id's bytes and 33 to 49 bytes of index |
 * | product | 6, plus the code and the eligible segments |
 * | holding | 16 |
 * | revenue event | 31 |
 * | interaction | 27 |
 * | feedback | 25 |
 * | usage | 20 |
 * | referral | 12 |
 * | initiative | 14, plus the id |
 *
 * Sealing needs 12 more bytes per record of the largest kind for a moment,
 * and keeps 4 bytes per customer and event kind for the offsets.
 *
 * Since: 1.0
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_MADVISE
# include <sys/mman.h>
#endif

#include "cxv-dataset-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"
#include "cxv-interner-private.h"
#include "cxv-money.h"

typedef struct
{
  const char     *name;
  CxvElementType  type;
  guint8          width;
  gboolean        hidden;  /* bookkeeping, not handed out */
} ColumnSpec;

typedef struct
{
  const char       *name;
  const ColumnSpec *columns;
  guint             n_columns;
  int               key;   /* column sorted on at seal, -1 for entity kinds */
  int               date;  /* second sort key, -1 if none */
} KindSpec;

#define U8(n)  { n, CXV_ELEMENT_UINT8, 1, FALSE }
#define U16(n) { n, CXV_ELEMENT_UINT16, 2, FALSE }
#define I32(n) { n, CXV_ELEMENT_INT32, 4, FALSE }
#define U32(n) { n, CXV_ELEMENT_UINT32, 4, FALSE }
#define I64(n) { n, CXV_ELEMENT_INT64, 8, FALSE }
#define F64(n) { n, CXV_ELEMENT_DOUBLE, 8, FALSE }
#define HIDDEN_U8(n) { n, CXV_ELEMENT_UINT8, 1, TRUE }

static const ColumnSpec customer_columns[] = {
  U32 ("segment"), I32 ("acquired"), U8 ("source"), U32 ("referred_by"), HIDDEN_U8 ("declared"),
};
static const ColumnSpec product_columns[] = {
  U32 ("category"), U8 ("recurring"), HIDDEN_U8 ("declared"),
};
static const ColumnSpec holding_columns[] = {
  U32 ("customer"), U32 ("product"), I32 ("start"), I32 ("end"),
};
static const ColumnSpec revenue_columns[] = {
  U32 ("customer"), U32 ("product"), I32 ("date"), U8 ("kind"), I64 ("amount"), I64 ("cost"),
  U16 ("initiative"),
};
static const ColumnSpec interaction_columns[] = {
  U32 ("customer"), I32 ("date"), U32 ("channel"), U8 ("channel_class"), U8 ("kind"),
  U8 ("resolved"), U32 ("reason"), I64 ("cost"),
};
static const ColumnSpec feedback_columns[] = {
  U32 ("customer"), I32 ("date"), U8 ("instrument"), F64 ("score"), U32 ("comment"),
  U32 ("topics"),
};
static const ColumnSpec usage_columns[] = {
  U32 ("customer"), U32 ("product"), I32 ("date"), F64 ("quantity"),
};
static const ColumnSpec referral_columns[] = {
  U32 ("referrer"), U32 ("referred"), I32 ("date"),
};
static const ColumnSpec initiative_columns[] = {
  U32 ("name"), U8 ("in_sync"), I32 ("start"), I32 ("end"), HIDDEN_U8 ("declared"),
};

#define KIND(n, cols, key, date) { n, cols, G_N_ELEMENTS (cols), key, date }

static const KindSpec kinds[CXV_N_RECORD_KINDS] = {
  [CXV_RECORD_CUSTOMER] = KIND ("customer", customer_columns, -1, -1),
  [CXV_RECORD_PRODUCT] = KIND ("product", product_columns, -1, -1),
  [CXV_RECORD_HOLDING] = KIND ("holding", holding_columns, HOL_CUSTOMER, HOL_START),
  [CXV_RECORD_REVENUE] = KIND ("revenue event", revenue_columns, REV_CUSTOMER, REV_DATE),
  [CXV_RECORD_INTERACTION] = KIND ("interaction", interaction_columns, INT_CUSTOMER, INT_DATE),
  [CXV_RECORD_FEEDBACK] = KIND ("feedback", feedback_columns, FEE_CUSTOMER, FEE_DATE),
  [CXV_RECORD_USAGE] = KIND ("usage", usage_columns, USE_CUSTOMER, USE_DATE),
  [CXV_RECORD_REFERRAL] = KIND ("referral", referral_columns, REF_REFERRER, REF_DATE),
  [CXV_RECORD_INITIATIVE] = KIND ("initiative", initiative_columns, -1, -1),
};

typedef struct
{
  CxvRecordKind kind;
  guint32       index;
} Declaration;

struct _CxvDataset
{
  GObject         parent_instance;

  char           *currency;
  int             decimals;
  gboolean        sealed;

  CxvInterner    *customer_ids;
  CxvInterner    *product_codes;
  CxvInterner    *initiative_ids;
  CxvInterner    *texts;

  CxvRecordTable  tables[CXV_N_RECORD_KINDS];
  guint32        *offsets[CXV_N_RECORD_KINDS];

  /* Per product: NULL when every segment is eligible, else a GArray of
   * guint32 segment text indices. */
  GPtrArray      *eligibility;

  /* Entities referenced before they were declared and declared since;
   * a rollback resets them. */
  GArray         *declare_log;

  guint64         abs_revenue;
  guint64         abs_cost;
};

G_DEFINE_FINAL_TYPE (CxvDataset, cxv_dataset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CURRENCY,
  PROP_SEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Record tables                                                        */

/* Large columns are filled once, front to back: on Linux, asking for
 * transparent huge pages takes one page fault per 2 MB instead of one per
 * 4 kB. A hint only; where it is not available nothing changes. */
static void
advise_huge_pages (gpointer memory, gsize size)
{
#if defined(HAVE_MADVISE) && defined(MADV_HUGEPAGE)
  const gsize huge = 2 * 1024 * 1024;
  guintptr start = ((guintptr) memory + huge - 1) & ~(guintptr) (huge - 1);
  guintptr end = ((guintptr) memory + size) & ~(guintptr) (huge - 1);

  if (size >= 4 * huge && end > start)
    madvise ((gpointer) start, end - start, MADV_HUGEPAGE);
#else
  (void) memory;
  (void) size;
#endif
}

/* Faulting pages in never changes their contents, so it may run while the
 * appending thread writes to them; but the columns must not move meanwhile,
 * so everything that reallocates or frees them waits for it first. */
typedef struct
{
  guint     n_ranges;
  gpointer  start[CXV_MAX_COLUMNS];
  gsize     size[CXV_MAX_COLUMNS];
} PopulateJob;

static gpointer
populate_thread (gpointer data)
{
  PopulateJob *job = data;

#if defined(HAVE_MADVISE) && defined(MADV_POPULATE_WRITE)
  for (guint r = 0; r < job->n_ranges; r++)
    madvise (job->start[r], job->size[r], MADV_POPULATE_WRITE);
#endif
  g_free (job);
  return NULL;
}

static void
table_wait_populated (CxvRecordTable *table)
{
  if (table->populating != NULL)
    g_thread_join (g_steal_pointer (&table->populating));
}

/* Starts faulting in the room past the records already held. */
static void
table_populate (CxvRecordTable *table, CxvRecordKind kind)
{
#if defined(HAVE_MADVISE) && defined(MADV_POPULATE_WRITE)
  const KindSpec *spec = &kinds[kind];
  const gsize page = 4096, worth = 8 * 1024 * 1024;
  PopulateJob *job = g_new0 (PopulateJob, 1);
  gsize total = 0;

  for (guint c = 0; c < spec->n_columns; c++)
    {
      guintptr start = (guintptr) table->col[c] + (gsize) table->n * spec->columns[c].width;
      guintptr end = (guintptr) table->col[c] + (gsize) table->cap * spec->columns[c].width;

      /* Whole pages only: madvise() wants an aligned start. */
      start = (start + page - 1) & ~(guintptr) (page - 1);
      end &= ~(guintptr) (page - 1);
      if (end <= start)
        continue;
      job->start[job->n_ranges] = (gpointer) start;
      job->size[job->n_ranges++] = end - start;
      total += end - start;
    }
  if (total < worth)
    {
      g_free (job);
      return;
    }
  table->populating = g_thread_try_new ("cxv-populate", populate_thread, job, NULL);
  if (table->populating == NULL)
    g_free (job);
#else
  (void) table;
  (void) kind;
#endif
}

static void
table_reserve (CxvRecordTable *table, CxvRecordKind kind, guint32 cap)
{
  const KindSpec *spec = &kinds[kind];

  if (cap <= table->cap)
    return;
  table_wait_populated (table);
  for (guint c = 0; c < spec->n_columns; c++)
    {
      table->col[c] = g_realloc_n (table->col[c], cap, spec->columns[c].width);
      advise_huge_pages (table->col[c], (gsize) cap * spec->columns[c].width);
    }
  table->cap = cap;
}

void
cxv_dataset_reserve (CxvDataset    *self,
                     CxvRecordKind  kind,
                     guint32        n)
{
  g_return_if_fail (CXV_IS_DATASET (self));
  g_return_if_fail ((guint) kind < CXV_N_RECORD_KINDS);

  if (n <= self->tables[kind].cap)
    return;
  table_reserve (&self->tables[kind], kind, n);
  table_populate (&self->tables[kind], kind);
}

/* Makes room for one more record and returns its position. */
static guint32
table_grow (CxvRecordTable *table, CxvRecordKind kind)
{
  if (table->n == table->cap)
    {
      guint64 cap = MAX (256, (guint64) table->cap + table->cap / 2);
      table_reserve (table, kind, (guint32) MIN (cap, (guint64) G_MAXUINT32));
    }
  return table->n++;
}

static void
table_shrink_to_fit (CxvRecordTable *table, CxvRecordKind kind)
{
  const KindSpec *spec = &kinds[kind];

  table_wait_populated (table);
  if (table->n == table->cap || table->n == 0)
    return;
  for (guint c = 0; c < spec->n_columns; c++)
    table->col[c] = g_realloc_n (table->col[c], table->n, spec->columns[c].width);
  table->cap = table->n;
}

static void
table_clear (CxvRecordTable *table)
{
  table_wait_populated (table);
  for (guint c = 0; c < CXV_MAX_COLUMNS; c++)
    g_clear_pointer (&table->col[c], g_free);
  table->n = table->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Entities: customers, products and initiatives share an index with their
 * interner; the table grows with the interner and "declared" says whether
 * the entity was declared or only referenced so far. */

static void
customer_defaults (CxvRecordTable *t, guint32 i)
{
  CXV_COLUMN (t, guint32, CUS_SEGMENT)[i] = CXV_NO_INDEX;
  CXV_COLUMN (t, CxvDate, CUS_ACQUIRED)[i] = CXV_DATE_NONE;
  CXV_COLUMN (t, guint8, CUS_SOURCE)[i] = CXV_ACQUISITION_UNKNOWN;
  CXV_COLUMN (t, guint32, CUS_REFERRED_BY)[i] = CXV_NO_INDEX;
  CXV_COLUMN (t, guint8, CUS_DECLARED)[i] = FALSE;
}

static void
product_defaults (CxvRecordTable *t, guint32 i)
{
  CXV_COLUMN (t, guint32, PRO_CATEGORY)[i] = CXV_NO_INDEX;
  CXV_COLUMN (t, guint8, PRO_RECURRING)[i] = FALSE;
  CXV_COLUMN (t, guint8, PRO_DECLARED)[i] = FALSE;
}

static void
initiative_defaults (CxvRecordTable *t, guint32 i)
{
  CXV_COLUMN (t, guint32, INI_NAME)[i] = CXV_NO_INDEX;
  CXV_COLUMN (t, guint8, INI_IN_SYNC)[i] = FALSE;
  CXV_COLUMN (t, CxvDate, INI_START)[i] = CXV_DATE_NONE;
  CXV_COLUMN (t, CxvDate, INI_END)[i] = CXV_DATE_NONE;
  CXV_COLUMN (t, guint8, INI_DECLARED)[i] = FALSE;
}

static int
declared_column (CxvRecordKind kind)
{
  return kind == CXV_RECORD_CUSTOMER ? CUS_DECLARED
       : kind == CXV_RECORD_PRODUCT ? PRO_DECLARED : INI_DECLARED;
}

static CxvInterner *
entity_interner (CxvDataset *self, CxvRecordKind kind)
{
  switch (kind)
    {
    case CXV_RECORD_CUSTOMER:
      return self->customer_ids;
    case CXV_RECORD_PRODUCT:
      return self->product_codes;
    case CXV_RECORD_INITIATIVE:
      return self->initiative_ids;
    default:
      g_assert_not_reached ();
    }
}

static void
entity_reset (CxvDataset *self, CxvRecordKind kind, guint32 i)
{
  CxvRecordTable *t = &self->tables[kind];

  switch (kind)
    {
    case CXV_RECORD_CUSTOMER:
      customer_defaults (t, i);
      break;
    case CXV_RECORD_PRODUCT:
      product_defaults (t, i);
      if (i < self->eligibility->len)
        g_clear_pointer (&g_ptr_array_index (self->eligibility, i), g_array_unref);
      break;
    case CXV_RECORD_INITIATIVE:
      initiative_defaults (t, i);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_id (const char *what, const char *id, GError **error)
{
  if (id == NULL || *id == '\0')
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "A %s id must not be empty", what);
      return FALSE;
    }
  if (!g_utf8_validate (id, -1, NULL))
    {
      g_autofree char *safe = g_utf8_make_valid (id, -1);
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "The %s id “%s” is not valid UTF-8", what, safe);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_text (const char *what, const char *text, GError **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *safe = g_utf8_make_valid (text, -1);
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "The %s “%s” is not valid UTF-8", what, safe);
      return FALSE;
    }
  return TRUE;
}

/* Finds or adds the entity @id of @kind, trying index @hint first; the new
 * slot is undeclared. */
static gboolean
entity_reference_hinted (CxvDataset     *self,
                         CxvRecordKind   kind,
                         const char     *id,
                         guint32         hint,
                         guint32        *index,
                         GError        **error)
{
  CxvInterner *interner = entity_interner (self, kind);
  CxvRecordTable *t = &self->tables[kind];
  gsize len;
  guint32 limit = kind == CXV_RECORD_INITIATIVE ? CXV_MAX_INITIATIVES - 1 : G_MAXUINT32 - 2;

  if (!check_id (kinds[kind].name, id, error))
    return FALSE;

  len = strlen (id);
  if (cxv_interner_lookup_hinted (interner, id, len, hint, index))
    return TRUE;

  if (cxv_interner_get_size (interner) >= limit)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_OVERFLOW,
                   "Too many %s ids: “%s” would be number %u, the limit is %u",
                   kinds[kind].name, id, cxv_interner_get_size (interner) + 1, limit);
      return FALSE;
    }

  *index = cxv_interner_intern (interner, id, len);
  g_assert (*index == t->n);
  table_grow (t, kind);
  if (kind == CXV_RECORD_PRODUCT)
    g_ptr_array_add (self->eligibility, NULL);
  entity_reset (self, kind, *index);
  return TRUE;
}

static gboolean
entity_reference (CxvDataset     *self,
                  CxvRecordKind   kind,
                  const char     *id,
                  guint32        *index,
                  GError        **error)
{
  return entity_reference_hinted (self, kind, id, CXV_NO_INDEX, index, error);
}

/* Marks @index declared, failing if it was declared before. */
static gboolean
entity_declare (CxvDataset *self, CxvRecordKind kind, const char *id, guint32 index,
                GError **error)
{
  CxvRecordTable *t = &self->tables[kind];
  int declared_col = declared_column (kind);
  Declaration d = { kind, index };

  if (CXV_COLUMN (t, guint8, declared_col)[index])
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_DUPLICATE_ID,
                   "The %s “%s” is declared twice", kinds[kind].name, id);
      return FALSE;
    }
  CXV_COLUMN (t, guint8, declared_col)[index] = TRUE;
  g_array_append_val (self->declare_log, d);
  return TRUE;
}

static guint32
intern_text (CxvDataset *self, const char *text)
{
  if (text == NULL || *text == '\0')
    return CXV_NO_INDEX;
  return cxv_interner_intern (self->texts, text, strlen (text));
}

guint32
cxv_dataset_intern_text (CxvDataset *self,
                         const char *text)
{
  g_return_val_if_fail (!self->sealed, CXV_NO_INDEX);
  g_return_val_if_fail (text == NULL || g_utf8_validate (text, -1, NULL), CXV_NO_INDEX);

  return intern_text (self, text);
}

void
cxv_dataset_set_referrer (CxvDataset *self,
                          guint32     customer,
                          guint32     referrer)
{
  CxvRecordTable *t = &self->tables[CXV_RECORD_CUSTOMER];

  g_return_if_fail (!self->sealed);
  g_return_if_fail (customer < t->n && (referrer == CXV_NO_INDEX || referrer < t->n));
  g_return_if_fail (customer != referrer);

  CXV_COLUMN (t, guint32, CUS_REFERRED_BY)[customer] = referrer;
}

static gboolean
check_writable (CxvDataset *self, GError **error)
{
  if (self->sealed)
    {
      g_set_error_literal (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_SEALED,
                           "The dataset is sealed and cannot take more records");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_room (CxvDataset *self, CxvRecordKind kind, GError **error)
{
  if (self->tables[kind].n >= G_MAXUINT32 - 1 || cxv_interner_get_size (self->texts) >= G_MAXUINT32 - 2)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_OVERFLOW,
                   "The dataset holds the most %s records it can", kinds[kind].name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_date (const char *what, CxvDate date, gboolean optional, GError **error)
{
  if (optional && date == CXV_DATE_NONE)
    return TRUE;
  if (!cxv_date_is_valid (date))
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "The %s %d (days since 1970-01-01) is outside 0001-01-01..9999-12-31",
                   what, date);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_date_order (const char *what, CxvDate start, CxvDate end, GError **error)
{
  if (end != CXV_DATE_NONE && end < start)
    {
      g_autofree char *s = cxv_date_to_iso8601 (start);
      g_autofree char *e = cxv_date_to_iso8601 (end);
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "The %s ends on %s, before it starts on %s", what, e, s);
      return FALSE;
    }
  return TRUE;
}

/* Adds |@amount| to *@total, refusing what would make sums overflow. */
static gboolean
add_abs (guint64 *total, gint64 amount, const char *what, GError **error)
{
  guint64 magnitude = amount < 0 ? (guint64) 0 - (guint64) amount : (guint64) amount;

  if (magnitude > (guint64) G_MAXINT64 - *total)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_OVERFLOW,
                   "The %s %" G_GINT64_FORMAT " would make the dataset's total overflow "
                   "64-bit minor units", what, amount);
      return FALSE;
    }
  *total += magnitude;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_dataset_finalize (GObject *object)
{
  CxvDataset *self = (CxvDataset *) object;

  g_free (self->currency);
  cxv_interner_free (self->customer_ids);
  cxv_interner_free (self->product_codes);
  cxv_interner_free (self->initiative_ids);
  cxv_interner_free (self->texts);
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      table_clear (&self->tables[k]);
      g_free (self->offsets[k]);
    }
  g_ptr_array_unref (self->eligibility);
  g_array_unref (self->declare_log);

  G_OBJECT_CLASS (cxv_dataset_parent_class)->finalize (object);
}

static void
cxv_dataset_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CxvDataset *self = CXV_DATASET (object);

  switch (prop_id)
    {
    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;
    case PROP_SEALED:
      g_value_set_boolean (value, self->sealed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_dataset_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CxvDataset *self = CXV_DATASET (object);

  switch (prop_id)
    {
    case PROP_CURRENCY:
      {
        const char *code = g_value_get_string (value);
        int decimals = code != NULL ? cxv_currency_get_decimals (code) : -1;

        /* g_object_new() cannot fail; cxv_dataset_new() checks first and
         * reports a GError, so this only guards direct construction. */
        if (decimals < 0)
          {
            g_critical ("“%s” is not an ISO 4217 currency code; using XXX rules of 2 decimals",
                        code ? code : "(null)");
            decimals = 2;
          }
        g_free (self->currency);
        self->currency = g_strdup (code ? code : "XXX");
        self->decimals = decimals;
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_dataset_class_init (CxvDatasetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cxv_dataset_finalize;
  object_class->get_property = cxv_dataset_get_property;
  object_class->set_property = cxv_dataset_set_property;

  /**
   * CxvDataset:currency:
   *
   * The ISO 4217 code of the currency every amount is in, such as `USD`.
   * Amounts are stored in its minor unit.
   *
   * Since: 1.0
   */
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL,
                         "USD",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * CxvDataset:sealed:
   *
   * Whether [method@Cxv.Dataset.seal] has succeeded. A sealed dataset is
   * immutable.
   *
   * Since: 1.0
   */
  properties[PROP_SEALED] =
    g_param_spec_boolean ("sealed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* GPtrArray calls its free function on NULL elements too, and NULL means
 * "every segment" here. */
static void
segments_free (gpointer segments)
{
  if (segments != NULL)
    g_array_unref (segments);
}

static void
cxv_dataset_init (CxvDataset *self)
{
  self->customer_ids = cxv_interner_new ();
  self->product_codes = cxv_interner_new ();
  self->initiative_ids = cxv_interner_new ();
  self->texts = cxv_interner_new ();
  self->eligibility = g_ptr_array_new_with_free_func (segments_free);
  self->declare_log = g_array_new (FALSE, FALSE, sizeof (Declaration));
}

/* ------------------------------------------------------------------ */
/* Construction and state                                               */

/**
 * cxv_dataset_new:
 * @currency: the ISO 4217 code of the dataset's currency, such as `USD`
 * @error: return location for a #GError
 *
 * Creates an empty dataset whose amounts are in @currency.
 *
 * Returns: (transfer full): a new dataset, or %NULL with
 *   %CXV_DATASET_ERROR_CURRENCY when @currency is no ISO 4217 code
 *
 * Since: 1.0
 */
CxvDataset *
cxv_dataset_new (const char  *currency,
                 GError     **error)
{
  g_return_val_if_fail (currency != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (cxv_currency_get_decimals (currency) < 0)
    {
      g_autofree char *safe = g_utf8_make_valid (currency, -1);
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_CURRENCY,
                   "“%s” is not an ISO 4217 currency code", safe);
      return NULL;
    }

  return g_object_new (CXV_TYPE_DATASET, "currency", currency, NULL);
}

/**
 * cxv_dataset_get_currency:
 * @self: a #CxvDataset
 *
 * Gets the ISO 4217 code of the dataset's currency.
 *
 * Returns: the currency code
 *
 * Since: 1.0
 */
const char *
cxv_dataset_get_currency (CxvDataset *self)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);

  return self->currency;
}

/**
 * cxv_dataset_get_decimals:
 * @self: a #CxvDataset
 *
 * Gets the number of decimals of the dataset's currency: amounts are
 * stored in units of ten to the minus this number.
 *
 * Returns: the number of decimals
 *
 * Since: 1.0
 */
int
cxv_dataset_get_decimals (CxvDataset *self)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), 2);

  return self->decimals;
}

/**
 * cxv_dataset_get_sealed:
 * @self: a #CxvDataset
 *
 * Gets whether the dataset is sealed.
 *
 * Returns: whether [method@Cxv.Dataset.seal] has succeeded
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_get_sealed (CxvDataset *self)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);

  return self->sealed;
}

/* ------------------------------------------------------------------ */
/* Appends                                                              */

/**
 * cxv_dataset_add_customer:
 * @self: a #CxvDataset
 * @id: the customer's id, unique in the dataset
 * @segment: (nullable): the segment the customer belongs to
 * @acquired: the day the customer was acquired, or [const@Cxv.DATE_NONE]
 * @source: how the customer was acquired
 * @referred_by: (nullable): the id of the customer who referred this one;
 *   it may be declared later
 * @error: return location for a #GError
 *
 * Declares a customer. Records may refer to a customer before it is
 * declared; [method@Cxv.Dataset.seal] fails if one never is.
 *
 * Returns: %TRUE on success; %FALSE with @error set (the id is empty or
 *   declared already, a date is out of range, the dataset is sealed), in
 *   which case the dataset is unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_add_customer (CxvDataset            *self,
                          const char            *id,
                          const char            *segment,
                          CxvDate                acquired,
                          CxvAcquisitionSource   source,
                          const char            *referred_by,
                          GError               **error)
{
  CxvDatasetSavepoint sp;
  CxvRecordTable *t = &self->tables[CXV_RECORD_CUSTOMER];
  guint32 index, referrer = CXV_NO_INDEX;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error) ||
      !check_room (self, CXV_RECORD_CUSTOMER, error) ||
      !check_date ("acquisition date", acquired, TRUE, error) ||
      !check_text ("segment", segment, error))
    return FALSE;

  if ((guint) source > CXV_ACQUISITION_WIN_BACK)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "%d is not an acquisition source", (int) source);
      return FALSE;
    }

  cxv_dataset_savepoint (self, &sp);
  if (!entity_reference (self, CXV_RECORD_CUSTOMER, id, &index, error) ||
      (referred_by != NULL &&
       !entity_reference (self, CXV_RECORD_CUSTOMER, referred_by, &referrer, error)) ||
      !entity_declare (self, CXV_RECORD_CUSTOMER, id, index, error))
    {
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }

  if (referrer == index)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "The customer “%s” cannot be referred by itself", id);
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }

  CXV_COLUMN (t, guint32, CUS_SEGMENT)[index] = intern_text (self, segment);
  CXV_COLUMN (t, CxvDate, CUS_ACQUIRED)[index] = acquired;
  CXV_COLUMN (t, guint8, CUS_SOURCE)[index] = (guint8) source;
  CXV_COLUMN (t, guint32, CUS_REFERRED_BY)[index] = referrer;
  return TRUE;
}

gboolean
cxv_dataset_resolve (CxvDataset     *self,
                     CxvRecordKind   kind,
                     const char     *id,
                     gboolean        declare,
                     guint32        *index,
                     GError        **error)
{
  return cxv_dataset_resolve_hinted (self, kind, id, declare, CXV_NO_INDEX, index, error);
}

gboolean
cxv_dataset_resolve_hinted (CxvDataset     *self,
                            CxvRecordKind   kind,
                            const char     *id,
                            gboolean        declare,
                            guint32         hint,
                            guint32        *index,
                            GError        **error)
{
  if (!check_writable (self, error) ||
      !entity_reference_hinted (self, kind, id, hint, index, error))
    return FALSE;
  if (declare && !CXV_COLUMN (&self->tables[kind], guint8, declared_column (kind))[*index])
    return entity_declare (self, kind, id, *index, error);
  return TRUE;
}

gboolean
cxv_dataset_ensure_customer (CxvDataset  *self,
                             const char  *id,
                             GError     **error)
{
  guint32 index;

  return cxv_dataset_resolve (self, CXV_RECORD_CUSTOMER, id, TRUE, &index, error);
}

gboolean
cxv_dataset_ensure_product (CxvDataset  *self,
                            const char  *code,
                            GError     **error)
{
  guint32 index;

  return cxv_dataset_resolve (self, CXV_RECORD_PRODUCT, code, TRUE, &index, error);
}

/**
 * cxv_dataset_add_product:
 * @self: a #CxvDataset
 * @code: the product's code, unique in the dataset
 * @category: (nullable): the product's category
 * @recurring: whether the product is billed repeatedly (a subscription)
 * @eligible_segments: (nullable) (array zero-terminated=1): the segments
 *   whose customers may hold the product, or %NULL (or an empty array) for
 *   every segment
 * @error: return location for a #GError
 *
 * Declares a product.
 *
 * Returns: %TRUE on success; %FALSE with @error set, the dataset unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_add_product (CxvDataset          *self,
                         const char          *code,
                         const char          *category,
                         gboolean             recurring,
                         const char * const  *eligible_segments,
                         GError             **error)
{
  CxvDatasetSavepoint sp;
  CxvRecordTable *t = &self->tables[CXV_RECORD_PRODUCT];
  guint32 index;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error) ||
      !check_room (self, CXV_RECORD_PRODUCT, error) ||
      !check_text ("category", category, error))
    return FALSE;
  for (guint i = 0; eligible_segments != NULL && eligible_segments[i] != NULL; i++)
    if (!check_text ("segment", eligible_segments[i], error))
      return FALSE;

  cxv_dataset_savepoint (self, &sp);
  if (!entity_reference (self, CXV_RECORD_PRODUCT, code, &index, error) ||
      !entity_declare (self, CXV_RECORD_PRODUCT, code, index, error))
    {
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }

  CXV_COLUMN (t, guint32, PRO_CATEGORY)[index] = intern_text (self, category);
  CXV_COLUMN (t, guint8, PRO_RECURRING)[index] = !!recurring;
  if (eligible_segments != NULL && eligible_segments[0] != NULL)
    {
      GArray *segments = g_array_new (FALSE, FALSE, sizeof (guint32));

      for (guint i = 0; eligible_segments[i] != NULL; i++)
        {
          guint32 s = intern_text (self, eligible_segments[i]);
          if (s != CXV_NO_INDEX)
            g_array_append_val (segments, s);
        }
      g_ptr_array_index (self->eligibility, index) = segments;
    }
  return TRUE;
}

/**
 * cxv_dataset_add_holding:
 * @self: a #CxvDataset
 * @customer: the customer's id
 * @product: the product's code
 * @start: the first day of the holding
 * @end: the first day it no longer holds (the end is exclusive), or
 *   [const@Cxv.DATE_NONE] while it is open
 * @error: return location for a #GError
 *
 * Records that a customer holds a product.
 *
 * Returns: %TRUE on success; %FALSE with @error set, the dataset unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_add_holding (CxvDataset  *self,
                         const char  *customer,
                         const char  *product,
                         CxvDate      start,
                         CxvDate      end,
                         GError     **error)
{
  CxvDatasetSavepoint sp;
  guint32 c, p;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;

  cxv_dataset_savepoint (self, &sp);
  if (!entity_reference (self, CXV_RECORD_CUSTOMER, customer, &c, error) ||
      !entity_reference (self, CXV_RECORD_PRODUCT, product, &p, error) ||
      !cxv_dataset_append_holding (self, c, p, start, end, error))
    {
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }
  return TRUE;
}

gboolean
cxv_dataset_append_holding (CxvDataset  *self,
                            guint32      customer,
                            guint32      product,
                            CxvDate      start,
                            CxvDate      end,
                            GError     **error)
{
  CxvRecordTable *t = &self->tables[CXV_RECORD_HOLDING];
  guint32 i;

  if (!check_writable (self, error) ||
      !check_room (self, CXV_RECORD_HOLDING, error) ||
      !check_date ("holding start", start, FALSE, error) ||
      !check_date ("holding end", end, TRUE, error) ||
      !check_date_order ("holding", start, end, error))
    return FALSE;
  g_return_val_if_fail (customer < self->tables[CXV_RECORD_CUSTOMER].n, FALSE);
  g_return_val_if_fail (product < self->tables[CXV_RECORD_PRODUCT].n, FALSE);

  i = table_grow (t, CXV_RECORD_HOLDING);
  CXV_COLUMN (t, guint32, HOL_CUSTOMER)[i] = customer;
  CXV_COLUMN (t, guint32, HOL_PRODUCT)[i] = product;
  CXV_COLUMN (t, CxvDate, HOL_START)[i] = start;
  CXV_COLUMN (t, CxvDate, HOL_END)[i] = end;
  return TRUE;
}

/**
 * cxv_dataset_add_revenue:
 * @self: a #CxvDataset
 * @customer: the customer's id
 * @product: (nullable): the product's code, or %NULL when the revenue is
 *   not tied to a product
 * @date: the day the revenue was booked
 * @kind: what the revenue represents
 * @amount: the amount in minor units of the dataset's currency (negative
 *   for a refund)
 * @cost: the direct cost in minor units, 0 if unknown
 * @initiative: (nullable): the id of the initiative the revenue is tagged
 *   with
 * @error: return location for a #GError
 *
 * Records a revenue event.
 *
 * Returns: %TRUE on success; %FALSE with @error set, the dataset unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_add_revenue (CxvDataset      *self,
                         const char      *customer,
                         const char      *product,
                         CxvDate          date,
                         CxvRevenueKind   kind,
                         gint64           amount,
                         gint64           cost,
                         const char      *initiative,
                         GError         **error)
{
  CxvDatasetSavepoint sp;
  guint32 c, p = CXV_NO_INDEX, ini = CXV_NO_INDEX;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;

  cxv_dataset_savepoint (self, &sp);
  if (!entity_reference (self, CXV_RECORD_CUSTOMER, customer, &c, error) ||
      (product != NULL && !entity_reference (self, CXV_RECORD_PRODUCT, product, &p, error)) ||
      (initiative != NULL &&
       !entity_reference (self, CXV_RECORD_INITIATIVE, initiative, &ini, error)) ||
      !cxv_dataset_append_revenue (self, c, p, date, kind, amount, cost, ini, error))
    {
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }
  return TRUE;
}

gboolean
cxv_dataset_append_revenue (CxvDataset      *self,
                            guint32          customer,
                            guint32          product,
                            CxvDate          date,
                            CxvRevenueKind   kind,
                            gint64           amount,
                            gint64           cost,
                            guint32          initiative,
                            GError         **error)
{
  CxvRecordTable *t = &self->tables[CXV_RECORD_REVENUE];
  guint64 abs_revenue = self->abs_revenue, abs_cost = self->abs_cost;
  guint32 i;

  if (!check_writable (self, error) ||
      !check_room (self, CXV_RECORD_REVENUE, error) ||
      !check_date ("revenue date", date, FALSE, error))
    return FALSE;
  if ((guint) kind > CXV_REVENUE_REFUND)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "%d is not a revenue kind", (int) kind);
      return FALSE;
    }
  if (!add_abs (&abs_revenue, amount, "revenue amount", error) ||
      !add_abs (&abs_cost, cost, "revenue cost", error))
    return FALSE;
  g_return_val_if_fail (customer < self->tables[CXV_RECORD_CUSTOMER].n, FALSE);
  g_return_val_if_fail (product == CXV_NO_INDEX || product < self->tables[CXV_RECORD_PRODUCT].n,
                        FALSE);
  g_return_val_if_fail (initiative == CXV_NO_INDEX ||
                        initiative < self->tables[CXV_RECORD_INITIATIVE].n, FALSE);
  self->abs_revenue = abs_revenue;
  self->abs_cost = abs_cost;

  i = table_grow (t, CXV_RECORD_REVENUE);
  CXV_COLUMN (t, guint32, REV_CUSTOMER)[i] = customer;
  CXV_COLUMN (t, guint32, REV_PRODUCT)[i] = product;
  CXV_COLUMN (t, CxvDate, REV_DATE)[i] = date;
  CXV_COLUMN (t, guint8, REV_KIND)[i] = (guint8) kind;
  CXV_COLUMN (t, gint64, REV_AMOUNT)[i] = amount;
  CXV_COLUMN (t, gint64, REV_COST)[i] = cost;
  CXV_COLUMN (t, guint16, REV_INITIATIVE)[i] =
    initiative == CXV_NO_INDEX ? CXV_NO_INITIATIVE16 : (guint16) initiative;
  return TRUE;
}

/**
 * cxv_dataset_add_interaction:
 * @self: a #CxvDataset
 * @customer: the customer's id
 * @date: the day of the contact
 * @channel: the channel's name, such as `phone` or `app`
 * @channel_class: whether the channel is low-cost or assisted
 * @kind: what the contact was about
 * @resolved: whether the need was resolved
 * @reason: (nullable): the reason, such as `outage` or `billing`
 * @cost: the cost of handling the contact, in minor units, not negative
 * @error: return location for a #GError
 *
 * Records an interaction between the customer and the business.
 *
 * Returns: %TRUE on success; %FALSE with @error set, the dataset unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_add_interaction (CxvDataset          *self,
                             const char          *customer,
                             CxvDate              date,
                             const char          *channel,
                             CxvChannelClass      channel_class,
                             CxvInteractionKind   kind,
                             gboolean             resolved,
                             const char          *reason,
                             gint64               cost,
                             GError             **error)
{
  CxvDatasetSavepoint sp;
  guint32 c;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error) ||
      !check_text ("channel", channel, error) ||
      !check_text ("reason", reason, error))
    return FALSE;

  cxv_dataset_savepoint (self, &sp);
  if (!entity_reference (self, CXV_RECORD_CUSTOMER, customer, &c, error) ||
      !cxv_dataset_append_interaction (self, c, date, intern_text (self, channel), channel_class,
                                       kind, resolved, intern_text (self, reason), cost, error))
    {
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }
  return TRUE;
}

gboolean
cxv_dataset_append_interaction (CxvDataset          *self,
                                guint32              customer,
                                CxvDate              date,
                                guint32              channel,
                                CxvChannelClass      channel_class,
                                CxvInteractionKind   kind,
                                gboolean             resolved,
                                guint32              reason,
                                gint64               cost,
                                GError             **error)
{
  CxvRecordTable *t = &self->tables[CXV_RECORD_INTERACTION];
  guint64 abs_cost = self->abs_cost;
  guint32 i;

  if (!check_writable (self, error) ||
      !check_room (self, CXV_RECORD_INTERACTION, error) ||
      !check_date ("interaction date", date, FALSE, error))
    return FALSE;
  if ((guint) channel_class > CXV_CHANNEL_ASSISTED || (guint) kind > CXV_INTERACTION_FEEDBACK)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "Channel class %d or interaction kind %d is out of range",
                   (int) channel_class, (int) kind);
      return FALSE;
    }
  if (cost < 0)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "An interaction cannot cost a negative amount (%" G_GINT64_FORMAT ")", cost);
      return FALSE;
    }
  if (channel == CXV_NO_INDEX)
    {
      g_set_error_literal (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                           "An interaction needs a channel");
      return FALSE;
    }
  if (!add_abs (&abs_cost, cost, "interaction cost", error))
    return FALSE;
  g_return_val_if_fail (customer < self->tables[CXV_RECORD_CUSTOMER].n, FALSE);
  self->abs_cost = abs_cost;

  i = table_grow (t, CXV_RECORD_INTERACTION);
  CXV_COLUMN (t, guint32, INT_CUSTOMER)[i] = customer;
  CXV_COLUMN (t, CxvDate, INT_DATE)[i] = date;
  CXV_COLUMN (t, guint32, INT_CHANNEL)[i] = channel;
  CXV_COLUMN (t, guint8, INT_CLASS)[i] = (guint8) channel_class;
  CXV_COLUMN (t, guint8, INT_KIND)[i] = (guint8) kind;
  CXV_COLUMN (t, guint8, INT_RESOLVED)[i] = !!resolved;
  CXV_COLUMN (t, guint32, INT_REASON)[i] = reason;
  CXV_COLUMN (t, gint64, INT_COST)[i] = cost;
  return TRUE;
}

static gboolean
check_score (CxvInstrument instrument, double score, GError **error)
{
  static const struct { const char *name; double lo, hi; } ranges[] = {
    [CXV_INSTRUMENT_NPS] = { "NPS", 0, 10 },
    [CXV_INSTRUMENT_CSAT] = { "CSAT", 1, 5 },
    [CXV_INSTRUMENT_CES] = { "CES", 1, 7 },
    [CXV_INSTRUMENT_OTHER] = { "other", -INFINITY, INFINITY },
  };

  if ((guint) instrument > CXV_INSTRUMENT_OTHER)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "%d is not a feedback instrument", (int) instrument);
      return FALSE;
    }
  if (!isfinite (score) || score < ranges[instrument].lo || score > ranges[instrument].hi)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "The score %g is outside the %s scale (%g to %g)",
                   score, ranges[instrument].name, ranges[instrument].lo, ranges[instrument].hi);
      return FALSE;
    }
  return TRUE;
}

/**
 * cxv_dataset_add_feedback:
 * @self: a #CxvDataset
 * @customer: the customer's id
 * @date: the day of the answer
 * @instrument: the survey instrument
 * @score: the score: 0 to 10 for NPS, 1 to 5 for CSAT, 1 to 7 for CES, any
 *   finite number for other instruments
 * @comment: (nullable): the customer's comment
 * @topics: (nullable) (array zero-terminated=1): topics tagged on the answer
 * @error: return location for a #GError
 *
 * Records a survey answer or other scored feedback.
 *
 * Returns: %TRUE on success; %FALSE with @error set, the dataset unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_add_feedback (CxvDataset          *self,
                          const char          *customer,
                          CxvDate              date,
                          CxvInstrument        instrument,
                          double               score,
                          const char          *comment,
                          const char * const  *topics,
                          GError             **error)
{
  CxvDatasetSavepoint sp;
  g_autofree char *joined = NULL;
  guint32 c;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error) ||
      !check_text ("comment", comment, error))
    return FALSE;
  for (guint k = 0; topics != NULL && topics[k] != NULL; k++)
    {
      if (!check_text ("topic", topics[k], error))
        return FALSE;
      if (strchr (topics[k], ';') != NULL)
        {
          g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                       "The topic “%s” contains “;”, which separates topics", topics[k]);
          return FALSE;
        }
    }
  if (topics != NULL && topics[0] != NULL)
    joined = g_strjoinv (";", (char **) topics);

  cxv_dataset_savepoint (self, &sp);
  if (!entity_reference (self, CXV_RECORD_CUSTOMER, customer, &c, error) ||
      !cxv_dataset_append_feedback (self, c, date, instrument, score, intern_text (self, comment),
                                    intern_text (self, joined), error))
    {
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }
  return TRUE;
}

gboolean
cxv_dataset_append_feedback (CxvDataset     *self,
                             guint32         customer,
                             CxvDate         date,
                             CxvInstrument   instrument,
                             double          score,
                             guint32         comment,
                             guint32         topics,
                             GError        **error)
{
  CxvRecordTable *t = &self->tables[CXV_RECORD_FEEDBACK];
  guint32 i;

  if (!check_writable (self, error) ||
      !check_room (self, CXV_RECORD_FEEDBACK, error) ||
      !check_date ("feedback date", date, FALSE, error) ||
      !check_score (instrument, score, error))
    return FALSE;
  g_return_val_if_fail (customer < self->tables[CXV_RECORD_CUSTOMER].n, FALSE);

  i = table_grow (t, CXV_RECORD_FEEDBACK);
  CXV_COLUMN (t, guint32, FEE_CUSTOMER)[i] = customer;
  CXV_COLUMN (t, CxvDate, FEE_DATE)[i] = date;
  CXV_COLUMN (t, guint8, FEE_INSTRUMENT)[i] = (guint8) instrument;
  CXV_COLUMN (t, double, FEE_SCORE)[i] = score;
  CXV_COLUMN (t, guint32, FEE_COMMENT)[i] = comment;
  CXV_COLUMN (t, guint32, FEE_TOPICS)[i] = topics;
  return TRUE;
}

/**
 * cxv_dataset_add_usage:
 * @self: a #CxvDataset
 * @customer: the customer's id
 * @product: the product's code
 * @date: the day of use
 * @quantity: the quantity used, finite and not negative
 * @error: return location for a #GError
 *
 * Records how much of a product a customer used.
 *
 * Returns: %TRUE on success; %FALSE with @error set, the dataset unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_add_usage (CxvDataset  *self,
                       const char  *customer,
                       const char  *product,
                       CxvDate      date,
                       double       quantity,
                       GError     **error)
{
  CxvDatasetSavepoint sp;
  guint32 c, p;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;

  cxv_dataset_savepoint (self, &sp);
  if (!entity_reference (self, CXV_RECORD_CUSTOMER, customer, &c, error) ||
      !entity_reference (self, CXV_RECORD_PRODUCT, product, &p, error) ||
      !cxv_dataset_append_usage (self, c, p, date, quantity, error))
    {
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }
  return TRUE;
}

gboolean
cxv_dataset_append_usage (CxvDataset  *self,
                          guint32      customer,
                          guint32      product,
                          CxvDate      date,
                          double       quantity,
                          GError     **error)
{
  CxvRecordTable *t = &self->tables[CXV_RECORD_USAGE];
  guint32 i;

  if (!check_writable (self, error) ||
      !check_room (self, CXV_RECORD_USAGE, error) ||
      !check_date ("usage date", date, FALSE, error))
    return FALSE;
  if (!isfinite (quantity) || quantity < 0)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "A usage quantity must be a finite number not below 0, not %g", quantity);
      return FALSE;
    }
  g_return_val_if_fail (customer < self->tables[CXV_RECORD_CUSTOMER].n, FALSE);
  g_return_val_if_fail (product < self->tables[CXV_RECORD_PRODUCT].n, FALSE);

  i = table_grow (t, CXV_RECORD_USAGE);
  CXV_COLUMN (t, guint32, USE_CUSTOMER)[i] = customer;
  CXV_COLUMN (t, guint32, USE_PRODUCT)[i] = product;
  CXV_COLUMN (t, CxvDate, USE_DATE)[i] = date;
  CXV_COLUMN (t, double, USE_QUANTITY)[i] = quantity;
  return TRUE;
}

/**
 * cxv_dataset_add_referral:
 * @self: a #CxvDataset
 * @referrer: the id of the customer who referred
 * @referred: the id of the customer who was referred
 * @date: the day of the referral
 * @error: return location for a #GError
 *
 * Records that one customer brought in another.
 *
 * Returns: %TRUE on success; %FALSE with @error set, the dataset unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_add_referral (CxvDataset  *self,
                          const char  *referrer,
                          const char  *referred,
                          CxvDate      date,
                          GError     **error)
{
  CxvDatasetSavepoint sp;
  guint32 a, b;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error))
    return FALSE;

  cxv_dataset_savepoint (self, &sp);
  if (!entity_reference (self, CXV_RECORD_CUSTOMER, referrer, &a, error) ||
      !entity_reference (self, CXV_RECORD_CUSTOMER, referred, &b, error) ||
      !cxv_dataset_append_referral (self, a, b, date, error))
    {
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }
  return TRUE;
}

gboolean
cxv_dataset_append_referral (CxvDataset  *self,
                             guint32      referrer,
                             guint32      referred,
                             CxvDate      date,
                             GError     **error)
{
  CxvRecordTable *t = &self->tables[CXV_RECORD_REFERRAL];
  guint32 i;

  if (!check_writable (self, error) ||
      !check_room (self, CXV_RECORD_REFERRAL, error) ||
      !check_date ("referral date", date, FALSE, error))
    return FALSE;
  g_return_val_if_fail (referrer < self->tables[CXV_RECORD_CUSTOMER].n, FALSE);
  g_return_val_if_fail (referred < self->tables[CXV_RECORD_CUSTOMER].n, FALSE);
  if (referrer == referred)
    {
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "The customer “%s” cannot refer itself",
                   cxv_interner_get (self->customer_ids, referrer));
      return FALSE;
    }

  i = table_grow (t, CXV_RECORD_REFERRAL);
  CXV_COLUMN (t, guint32, REF_REFERRER)[i] = referrer;
  CXV_COLUMN (t, guint32, REF_REFERRED)[i] = referred;
  CXV_COLUMN (t, CxvDate, REF_DATE)[i] = date;
  return TRUE;
}

/**
 * cxv_dataset_add_initiative:
 * @self: a #CxvDataset
 * @id: the initiative's id, unique in the dataset
 * @name: (nullable): a readable name
 * @in_sync: whether the change was based on CX insight
 * @start: the day it went live
 * @end: the day it ended, or [const@Cxv.DATE_NONE]
 * @error: return location for a #GError
 *
 * Declares a CX initiative. A dataset holds at most 65,534 initiatives.
 *
 * Returns: %TRUE on success; %FALSE with @error set, the dataset unchanged
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_add_initiative (CxvDataset  *self,
                            const char  *id,
                            const char  *name,
                            gboolean     in_sync,
                            CxvDate      start,
                            CxvDate      end,
                            GError     **error)
{
  CxvDatasetSavepoint sp;
  CxvRecordTable *t = &self->tables[CXV_RECORD_INITIATIVE];
  guint32 index;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable (self, error) ||
      !check_room (self, CXV_RECORD_INITIATIVE, error) ||
      !check_date ("initiative start", start, FALSE, error) ||
      !check_date ("initiative end", end, TRUE, error) ||
      !check_date_order ("initiative", start, end, error) ||
      !check_text ("initiative name", name, error))
    return FALSE;

  cxv_dataset_savepoint (self, &sp);
  if (!entity_reference (self, CXV_RECORD_INITIATIVE, id, &index, error) ||
      !entity_declare (self, CXV_RECORD_INITIATIVE, id, index, error))
    {
      cxv_dataset_rollback (self, &sp);
      return FALSE;
    }

  CXV_COLUMN (t, guint32, INI_NAME)[index] = intern_text (self, name);
  CXV_COLUMN (t, guint8, INI_IN_SYNC)[index] = !!in_sync;
  CXV_COLUMN (t, CxvDate, INI_START)[index] = start;
  CXV_COLUMN (t, CxvDate, INI_END)[index] = end;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Savepoints                                                           */

void
cxv_dataset_savepoint (CxvDataset          *self,
                       CxvDatasetSavepoint *savepoint)
{
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    savepoint->n[k] = self->tables[k].n;
  savepoint->n_text = cxv_interner_get_size (self->texts);
  savepoint->declare_log_len = self->declare_log->len;
  savepoint->abs_revenue = self->abs_revenue;
  savepoint->abs_cost = self->abs_cost;
}

void
cxv_dataset_rollback (CxvDataset                *self,
                      const CxvDatasetSavepoint *savepoint)
{
  g_return_if_fail (!self->sealed);

  /* Entities that existed before the savepoint but were declared after it
   * go back to "referenced only"; newer ones are dropped below. */
  for (guint i = savepoint->declare_log_len; i < self->declare_log->len; i++)
    {
      Declaration *d = &g_array_index (self->declare_log, Declaration, i);
      if (d->index < savepoint->n[d->kind])
        entity_reset (self, d->kind, d->index);
    }
  g_array_set_size (self->declare_log, savepoint->declare_log_len);

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    self->tables[k].n = savepoint->n[k];
  cxv_interner_truncate (self->customer_ids, savepoint->n[CXV_RECORD_CUSTOMER]);
  cxv_interner_truncate (self->product_codes, savepoint->n[CXV_RECORD_PRODUCT]);
  cxv_interner_truncate (self->initiative_ids, savepoint->n[CXV_RECORD_INITIATIVE]);
  cxv_interner_truncate (self->texts, savepoint->n_text);
  if (self->eligibility->len > savepoint->n[CXV_RECORD_PRODUCT])
    g_ptr_array_set_size (self->eligibility, savepoint->n[CXV_RECORD_PRODUCT]);
  self->abs_revenue = savepoint->abs_revenue;
  self->abs_cost = savepoint->abs_cost;
}

/* ------------------------------------------------------------------ */
/* Sealing                                                              */

/* Names the first few undeclared entities of @kind, and how many there are. */
static gboolean
check_declared (CxvDataset *self, CxvRecordKind kind, GError **error)
{
  const CxvRecordTable *t = &self->tables[kind];
  CxvInterner *interner = entity_interner (self, kind);
  const guint8 *declared = CXV_COLUMN (t, guint8, declared_column (kind));
  g_autoptr(GString) names = NULL;
  guint n_unknown = 0;

  for (guint32 i = 0; i < t->n; i++)
    {
      if (declared[i])
        continue;
      if (n_unknown < 5)
        {
          if (names == NULL)
            names = g_string_new (NULL);
          g_string_append_printf (names, "%s“%s”", n_unknown ? ", " : "",
                                  cxv_interner_get (interner, i));
        }
      n_unknown++;
    }

  if (n_unknown == 0)
    return TRUE;

  g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_UNKNOWN_ID,
               "%u %s id%s referenced but never declared: %s%s",
               n_unknown, kinds[kind].name, n_unknown == 1 ? " is" : "s are",
               names->str, n_unknown > 5 ? ", …" : "");
  return FALSE;
}

typedef struct
{
  const CxvDate *dates;
} SortContext;

static int
compare_by_date (const void *a, const void *b, void *user_data)
{
  const SortContext *ctx = user_data;
  CxvDate da = ctx->dates[*(const guint32 *) a];
  CxvDate db = ctx->dates[*(const guint32 *) b];

  if (da != db)
    return da < db ? -1 : 1;
  /* Keep the order of appends among records of one day. */
  return *(const guint32 *) a < *(const guint32 *) b ? -1 : 1;
}

/* Reorders every column of @t by @perm (new position i takes old perm[i]). */
static void
table_permute (CxvRecordTable *t, CxvRecordKind kind, const guint32 *perm, guint8 *scratch)
{
  const KindSpec *spec = &kinds[kind];

  for (guint c = 0; c < spec->n_columns; c++)
    {
      guint8 width = spec->columns[c].width;
      const guint8 *src = t->col[c];

      switch (width)
        {
        case 1:
          for (guint32 i = 0; i < t->n; i++)
            scratch[i] = src[perm[i]];
          break;
        case 2:
          for (guint32 i = 0; i < t->n; i++)
            ((guint16 *) scratch)[i] = ((const guint16 *) src)[perm[i]];
          break;
        case 4:
          for (guint32 i = 0; i < t->n; i++)
            ((guint32 *) scratch)[i] = ((const guint32 *) src)[perm[i]];
          break;
        case 8:
          for (guint32 i = 0; i < t->n; i++)
            ((guint64 *) scratch)[i] = ((const guint64 *) src)[perm[i]];
          break;
        default:
          g_assert_not_reached ();
        }
      memcpy (t->col[c], scratch, (gsize) t->n * width);
    }
}

/* Sorts one event kind by (customer, date) and builds its offsets: a
 * counting sort on the dense customer index (stable, linear), then each
 * customer's run sorted by date where it is not already. */
static void
seal_kind (CxvDataset *self, CxvRecordKind kind, guint32 n_customers)
{
  const KindSpec *spec = &kinds[kind];
  CxvRecordTable *t = &self->tables[kind];
  const guint32 *key = t->col[spec->key];
  const CxvDate *dates = t->col[spec->date];
  guint32 *offsets = g_new0 (guint32, (gsize) n_customers + 1);
  g_autofree guint32 *perm = NULL;
  g_autofree guint32 *cursor = NULL;
  gboolean sorted = TRUE;

  for (guint32 i = 0; i < t->n; i++)
    {
      offsets[key[i] + 1]++;
      if (i > 0 && (key[i] < key[i - 1] || (key[i] == key[i - 1] && dates[i] < dates[i - 1])))
        sorted = FALSE;
    }
  for (guint32 c = 0; c < n_customers; c++)
    offsets[c + 1] += offsets[c];
  self->offsets[kind] = offsets;

  if (sorted || t->n == 0)
    return;

  perm = g_new (guint32, t->n);
  cursor = g_memdup2 (offsets, (gsize) n_customers * sizeof (guint32));
  for (guint32 i = 0; i < t->n; i++)
    perm[cursor[key[i]]++] = i;

  for (guint32 c = 0; c < n_customers; c++)
    {
      guint32 first = offsets[c], end = offsets[c + 1];
      gboolean run_sorted = TRUE;

      for (guint32 i = first + 1; i < end && run_sorted; i++)
        run_sorted = dates[perm[i]] >= dates[perm[i - 1]];
      if (!run_sorted)
        {
          SortContext ctx = { dates };
          g_qsort_with_data (perm + first, (gint) (end - first), sizeof (guint32),
                             compare_by_date, &ctx);
        }
    }

  {
    g_autofree guint8 *scratch = g_malloc ((gsize) t->n * 8);
    table_permute (t, kind, perm, scratch);
  }
}

/**
 * cxv_dataset_seal:
 * @self: a #CxvDataset
 * @error: return location for a #GError
 *
 * Checks the dataset and makes it ready for analysis: every customer,
 * product and initiative a record refers to must have been declared (the
 * error names the first offenders and how many there are); the records of
 * each kind are then sorted by customer and date, and the per-customer
 * offsets are built. After success the dataset is immutable.
 *
 * Sealing a sealed dataset does nothing and succeeds.
 *
 * Returns: %TRUE on success; %FALSE with @error set, in which case the
 *   dataset is unchanged and still open to appends
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_seal (CxvDataset  *self,
                  GError     **error)
{
  guint32 n_customers;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->sealed)
    return TRUE;

  if (!check_declared (self, CXV_RECORD_CUSTOMER, error) ||
      !check_declared (self, CXV_RECORD_PRODUCT, error) ||
      !check_declared (self, CXV_RECORD_INITIATIVE, error))
    return FALSE;

  n_customers = self->tables[CXV_RECORD_CUSTOMER].n;
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      if (kinds[k].key >= 0)
        seal_kind (self, k, n_customers);
      table_shrink_to_fit (&self->tables[k], k);
    }

  g_array_set_size (self->declare_log, 0);
  self->sealed = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEALED]);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

const CxvRecordTable *
cxv_dataset_get_table (CxvDataset    *self,
                       CxvRecordKind  kind)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  g_return_val_if_fail ((guint) kind < CXV_N_RECORD_KINDS, NULL);

  return &self->tables[kind];
}

const guint32 *
cxv_dataset_get_offsets (CxvDataset    *self,
                         CxvRecordKind  kind)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  g_return_val_if_fail ((guint) kind < CXV_N_RECORD_KINDS, NULL);
  g_return_val_if_fail (self->sealed, NULL);

  return self->offsets[kind];
}

guint32
cxv_dataset_get_n_texts (CxvDataset *self)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), 0);

  return cxv_interner_get_size (self->texts);
}

const guint32 *
cxv_dataset_get_eligible_segments (CxvDataset *self,
                                   guint32     product,
                                   guint      *n_segments)
{
  static const guint32 no_segments[1] = { CXV_NO_INDEX };
  GArray *segments;

  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  g_return_val_if_fail (product < self->tables[CXV_RECORD_PRODUCT].n, NULL);
  g_return_val_if_fail (n_segments != NULL, NULL);

  segments = g_ptr_array_index (self->eligibility, product);
  *n_segments = segments != NULL ? segments->len : 0;
  if (segments == NULL)
    return NULL;
  /* An empty GArray's data may be NULL, which means "every segment" here. */
  return segments->len > 0 ? (const guint32 *) segments->data : no_segments;
}

/**
 * cxv_dataset_get_n_records:
 * @self: a #CxvDataset
 * @kind: a kind of record
 *
 * Counts the records of one kind. For customers, products and initiatives
 * of an unsealed dataset this includes ids referenced but not yet declared.
 *
 * Returns: the number of records
 *
 * Since: 1.0
 */
guint
cxv_dataset_get_n_records (CxvDataset    *self,
                           CxvRecordKind  kind)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), 0);
  g_return_val_if_fail ((guint) kind < CXV_N_RECORD_KINDS, 0);

  return self->tables[kind].n;
}

/**
 * cxv_dataset_get_record_size:
 * @kind: a kind of record
 *
 * Gets the bytes one record of @kind takes in the columns, not counting
 * interned strings and indexes. A revenue event takes 31.
 *
 * Returns: the size of a record in bytes
 *
 * Since: 1.0
 */
gsize
cxv_dataset_get_record_size (CxvRecordKind kind)
{
  gsize size = 0;

  g_return_val_if_fail ((guint) kind < CXV_N_RECORD_KINDS, 0);

  for (guint c = 0; c < kinds[kind].n_columns; c++)
    size += kinds[kind].columns[c].width;
  return size;
}

static gboolean
lookup_entity (CxvDataset *self, CxvRecordKind kind, const char *id, guint *index)
{
  guint32 i;

  if (!cxv_interner_lookup (entity_interner (self, kind), id, strlen (id), &i))
    return FALSE;
  if (index != NULL)
    *index = i;
  return TRUE;
}

/**
 * cxv_dataset_lookup_customer:
 * @self: a #CxvDataset
 * @id: a customer id
 * @index: (out) (optional): return location for the customer's index
 *
 * Finds the dense index of a customer id.
 *
 * Returns: whether the id is known
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_lookup_customer (CxvDataset *self,
                             const char *id,
                             guint      *index)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return lookup_entity (self, CXV_RECORD_CUSTOMER, id, index);
}

/**
 * cxv_dataset_lookup_product:
 * @self: a #CxvDataset
 * @code: a product code
 * @index: (out) (optional): return location for the product's index
 *
 * Finds the dense index of a product code.
 *
 * Returns: whether the code is known
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_lookup_product (CxvDataset *self,
                            const char *code,
                            guint      *index)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  return lookup_entity (self, CXV_RECORD_PRODUCT, code, index);
}

/**
 * cxv_dataset_lookup_initiative:
 * @self: a #CxvDataset
 * @id: an initiative id
 * @index: (out) (optional): return location for the initiative's index
 *
 * Finds the dense index of an initiative id.
 *
 * Returns: whether the id is known
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_lookup_initiative (CxvDataset *self,
                               const char *id,
                               guint      *index)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return lookup_entity (self, CXV_RECORD_INITIATIVE, id, index);
}

/**
 * cxv_dataset_get_customer_id:
 * @self: a #CxvDataset
 * @index: a customer index
 *
 * Gets the id of a customer.
 *
 * Returns: the id
 *
 * Since: 1.0
 */
const char *
cxv_dataset_get_customer_id (CxvDataset *self,
                             guint       index)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  g_return_val_if_fail (index < self->tables[CXV_RECORD_CUSTOMER].n, NULL);

  return cxv_interner_get (self->customer_ids, index);
}

/**
 * cxv_dataset_get_product_code:
 * @self: a #CxvDataset
 * @index: a product index
 *
 * Gets the code of a product.
 *
 * Returns: the code
 *
 * Since: 1.0
 */
const char *
cxv_dataset_get_product_code (CxvDataset *self,
                              guint       index)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  g_return_val_if_fail (index < self->tables[CXV_RECORD_PRODUCT].n, NULL);

  return cxv_interner_get (self->product_codes, index);
}

/**
 * cxv_dataset_get_initiative_id:
 * @self: a #CxvDataset
 * @index: an initiative index
 *
 * Gets the id of an initiative.
 *
 * Returns: the id
 *
 * Since: 1.0
 */
const char *
cxv_dataset_get_initiative_id (CxvDataset *self,
                               guint       index)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  g_return_val_if_fail (index < self->tables[CXV_RECORD_INITIATIVE].n, NULL);

  return cxv_interner_get (self->initiative_ids, index);
}

/**
 * cxv_dataset_get_text:
 * @self: a #CxvDataset
 * @index: a text index from a record (a segment, channel, reason …), or
 *   [const@Cxv.NO_INDEX]
 *
 * Gets an interned text: segments, categories, channels, reasons,
 * comments, topics and names are stored once and referred to by index.
 *
 * Returns: (nullable): the text, or %NULL for [const@Cxv.NO_INDEX]
 *
 * Since: 1.0
 */
const char *
cxv_dataset_get_text (CxvDataset *self,
                      guint       index)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);

  if (index == CXV_NO_INDEX)
    return NULL;
  g_return_val_if_fail (index < cxv_interner_get_size (self->texts), NULL);

  return cxv_interner_get (self->texts, index);
}

/**
 * cxv_dataset_dup_feedback_topics:
 * @self: a #CxvDataset
 * @index: a feedback record's index
 *
 * Gets the topics tagged on a feedback answer.
 *
 * Returns: (transfer full) (array zero-terminated=1): the topics, empty
 *   when there are none
 *
 * Since: 1.0
 */
char **
cxv_dataset_dup_feedback_topics (CxvDataset *self,
                                 guint       index)
{
  const CxvRecordTable *t;
  guint32 topics;

  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  t = &self->tables[CXV_RECORD_FEEDBACK];
  g_return_val_if_fail (index < t->n, NULL);

  topics = CXV_COLUMN (t, guint32, FEE_TOPICS)[index];
  if (topics == CXV_NO_INDEX)
    return g_new0 (char *, 1);
  return g_strsplit (cxv_interner_get (self->texts, topics), ";", -1);
}

/**
 * cxv_dataset_is_eligible:
 * @self: a #CxvDataset
 * @product: a product index
 * @segment: (nullable): a segment name, or %NULL for a customer without one
 *
 * Checks whether customers of @segment may hold @product. A product
 * declared without eligible segments is open to every segment; a product
 * with a list is closed to customers without a segment.
 *
 * Returns: whether the segment is eligible
 *
 * Since: 1.0
 */
gboolean
cxv_dataset_is_eligible (CxvDataset *self,
                         guint       product,
                         const char *segment)
{
  GArray *segments;
  guint32 s;

  g_return_val_if_fail (CXV_IS_DATASET (self), FALSE);
  g_return_val_if_fail (product < self->tables[CXV_RECORD_PRODUCT].n, FALSE);

  segments = g_ptr_array_index (self->eligibility, product);
  if (segments == NULL)
    return TRUE;
  if (segment == NULL || !cxv_interner_lookup (self->texts, segment, strlen (segment), &s))
    return FALSE;
  for (guint i = 0; i < segments->len; i++)
    if (g_array_index (segments, guint32, i) == s)
      return TRUE;
  return FALSE;
}

/**
 * cxv_dataset_dup_customer:
 * @self: a #CxvDataset
 * @index: a customer index
 *
 * Makes a view of one customer.
 *
 * Returns: (transfer full): a new #CxvCustomer
 *
 * Since: 1.0
 */
CxvCustomer *
cxv_dataset_dup_customer (CxvDataset *self,
                          guint       index)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  g_return_val_if_fail (index < self->tables[CXV_RECORD_CUSTOMER].n, NULL);

  return cxv_customer_new (self, index);
}

/**
 * cxv_dataset_list_customers:
 * @self: a sealed #CxvDataset
 *
 * Gets the customers as a list model, for a list view. Items are
 * [class@Cxv.Customer] views made when asked for, so a million customers
 * cost nothing until they are shown.
 *
 * Returns: (transfer full): a #GListModel of #CxvCustomer
 *
 * Since: 1.0
 */
GListModel *
cxv_dataset_list_customers (CxvDataset *self)
{
  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  g_return_val_if_fail (self->sealed, NULL);

  return cxv_customer_list_new (self);
}

#define CHECK_INDEX(kind, index, out) \
  G_STMT_START { \
    g_return_if_fail (CXV_IS_DATASET (self)); \
    g_return_if_fail ((index) < self->tables[(kind)].n); \
    g_return_if_fail ((out) != NULL); \
  } G_STMT_END

/**
 * cxv_dataset_get_product:
 * @self: a #CxvDataset
 * @index: a product index
 * @product: (out caller-allocates): the product
 *
 * Copies out a product.
 *
 * Since: 1.0
 */
void
cxv_dataset_get_product (CxvDataset *self,
                         guint       index,
                         CxvProduct *product)
{
  const CxvRecordTable *t = &self->tables[CXV_RECORD_PRODUCT];

  CHECK_INDEX (CXV_RECORD_PRODUCT, index, product);
  product->code = index;
  product->category = CXV_COLUMN (t, guint32, PRO_CATEGORY)[index];
  product->recurring = CXV_COLUMN (t, guint8, PRO_RECURRING)[index];
  product->all_segments_eligible = g_ptr_array_index (self->eligibility, index) == NULL;
}

/**
 * cxv_dataset_get_holding:
 * @self: a #CxvDataset
 * @index: a holding's index
 * @holding: (out caller-allocates): the holding
 *
 * Copies out a holding.
 *
 * Since: 1.0
 */
void
cxv_dataset_get_holding (CxvDataset *self,
                         guint       index,
                         CxvHolding *holding)
{
  const CxvRecordTable *t = &self->tables[CXV_RECORD_HOLDING];

  CHECK_INDEX (CXV_RECORD_HOLDING, index, holding);
  holding->customer = CXV_COLUMN (t, guint32, HOL_CUSTOMER)[index];
  holding->product = CXV_COLUMN (t, guint32, HOL_PRODUCT)[index];
  holding->start = CXV_COLUMN (t, CxvDate, HOL_START)[index];
  holding->end = CXV_COLUMN (t, CxvDate, HOL_END)[index];
}

/**
 * cxv_dataset_get_revenue_event:
 * @self: a #CxvDataset
 * @index: a revenue event's index
 * @event: (out caller-allocates): the event
 *
 * Copies out a revenue event.
 *
 * Since: 1.0
 */
void
cxv_dataset_get_revenue_event (CxvDataset      *self,
                               guint            index,
                               CxvRevenueEvent *event)
{
  const CxvRecordTable *t = &self->tables[CXV_RECORD_REVENUE];
  guint16 ini;

  CHECK_INDEX (CXV_RECORD_REVENUE, index, event);
  ini = CXV_COLUMN (t, guint16, REV_INITIATIVE)[index];
  event->customer = CXV_COLUMN (t, guint32, REV_CUSTOMER)[index];
  event->product = CXV_COLUMN (t, guint32, REV_PRODUCT)[index];
  event->date = CXV_COLUMN (t, CxvDate, REV_DATE)[index];
  event->kind = CXV_COLUMN (t, guint8, REV_KIND)[index];
  event->amount = CXV_COLUMN (t, gint64, REV_AMOUNT)[index];
  event->cost = CXV_COLUMN (t, gint64, REV_COST)[index];
  event->initiative = ini == CXV_NO_INITIATIVE16 ? CXV_NO_INDEX : ini;
}

/**
 * cxv_dataset_get_interaction:
 * @self: a #CxvDataset
 * @index: an interaction's index
 * @interaction: (out caller-allocates): the interaction
 *
 * Copies out an interaction.
 *
 * Since: 1.0
 */
void
cxv_dataset_get_interaction (CxvDataset     *self,
                             guint           index,
                             CxvInteraction *interaction)
{
  const CxvRecordTable *t = &self->tables[CXV_RECORD_INTERACTION];

  CHECK_INDEX (CXV_RECORD_INTERACTION, index, interaction);
  interaction->customer = CXV_COLUMN (t, guint32, INT_CUSTOMER)[index];
  interaction->date = CXV_COLUMN (t, CxvDate, INT_DATE)[index];
  interaction->channel = CXV_COLUMN (t, guint32, INT_CHANNEL)[index];
  interaction->channel_class = CXV_COLUMN (t, guint8, INT_CLASS)[index];
  interaction->kind = CXV_COLUMN (t, guint8, INT_KIND)[index];
  interaction->resolved = CXV_COLUMN (t, guint8, INT_RESOLVED)[index];
  interaction->reason = CXV_COLUMN (t, guint32, INT_REASON)[index];
  interaction->cost = CXV_COLUMN (t, gint64, INT_COST)[index];
}

/**
 * cxv_dataset_get_feedback:
 * @self: a #CxvDataset
 * @index: a feedback record's index
 * @feedback: (out caller-allocates): the feedback
 *
 * Copies out a feedback answer.
 *
 * Since: 1.0
 */
void
cxv_dataset_get_feedback (CxvDataset  *self,
                          guint        index,
                          CxvFeedback *feedback)
{
  const CxvRecordTable *t = &self->tables[CXV_RECORD_FEEDBACK];

  CHECK_INDEX (CXV_RECORD_FEEDBACK, index, feedback);
  feedback->customer = CXV_COLUMN (t, guint32, FEE_CUSTOMER)[index];
  feedback->date = CXV_COLUMN (t, CxvDate, FEE_DATE)[index];
  feedback->instrument = CXV_COLUMN (t, guint8, FEE_INSTRUMENT)[index];
  feedback->score = CXV_COLUMN (t, double, FEE_SCORE)[index];
  feedback->comment = CXV_COLUMN (t, guint32, FEE_COMMENT)[index];
  feedback->topics = CXV_COLUMN (t, guint32, FEE_TOPICS)[index];
}

/**
 * cxv_dataset_get_usage:
 * @self: a #CxvDataset
 * @index: a usage record's index
 * @usage: (out caller-allocates): the usage
 *
 * Copies out a usage record.
 *
 * Since: 1.0
 */
void
cxv_dataset_get_usage (CxvDataset *self,
                       guint       index,
                       CxvUsage   *usage)
{
  const CxvRecordTable *t = &self->tables[CXV_RECORD_USAGE];

  CHECK_INDEX (CXV_RECORD_USAGE, index, usage);
  usage->customer = CXV_COLUMN (t, guint32, USE_CUSTOMER)[index];
  usage->product = CXV_COLUMN (t, guint32, USE_PRODUCT)[index];
  usage->date = CXV_COLUMN (t, CxvDate, USE_DATE)[index];
  usage->quantity = CXV_COLUMN (t, double, USE_QUANTITY)[index];
}

/**
 * cxv_dataset_get_referral:
 * @self: a #CxvDataset
 * @index: a referral's index
 * @referral: (out caller-allocates): the referral
 *
 * Copies out a referral.
 *
 * Since: 1.0
 */
void
cxv_dataset_get_referral (CxvDataset  *self,
                          guint        index,
                          CxvReferral *referral)
{
  const CxvRecordTable *t = &self->tables[CXV_RECORD_REFERRAL];

  CHECK_INDEX (CXV_RECORD_REFERRAL, index, referral);
  referral->referrer = CXV_COLUMN (t, guint32, REF_REFERRER)[index];
  referral->referred = CXV_COLUMN (t, guint32, REF_REFERRED)[index];
  referral->date = CXV_COLUMN (t, CxvDate, REF_DATE)[index];
}

/**
 * cxv_dataset_get_initiative:
 * @self: a #CxvDataset
 * @index: an initiative index
 * @initiative: (out caller-allocates): the initiative
 *
 * Copies out an initiative.
 *
 * Since: 1.0
 */
void
cxv_dataset_get_initiative (CxvDataset    *self,
                            guint          index,
                            CxvInitiative *initiative)
{
  const CxvRecordTable *t = &self->tables[CXV_RECORD_INITIATIVE];

  CHECK_INDEX (CXV_RECORD_INITIATIVE, index, initiative);
  initiative->id = index;
  initiative->name = CXV_COLUMN (t, guint32, INI_NAME)[index];
  initiative->in_sync = CXV_COLUMN (t, guint8, INI_IN_SYNC)[index];
  initiative->start = CXV_COLUMN (t, CxvDate, INI_START)[index];
  initiative->end = CXV_COLUMN (t, CxvDate, INI_END)[index];
}

/**
 * cxv_dataset_get_customer_range:
 * @self: a sealed #CxvDataset
 * @kind: an event kind: holdings, revenue, interactions, feedback, usage,
 *   or referrals (by referrer)
 * @customer: a customer index
 * @first: (out): return location for the index of the customer's first record
 * @n_records: (out): return location for the number of the customer's records
 *
 * Finds a customer's records of one kind: after sealing they are
 * contiguous and sorted by date, from @first to @first + @n_records - 1.
 *
 * Since: 1.0
 */
void
cxv_dataset_get_customer_range (CxvDataset    *self,
                                CxvRecordKind  kind,
                                guint          customer,
                                guint         *first,
                                guint         *n_records)
{
  const guint32 *offsets;

  g_return_if_fail (CXV_IS_DATASET (self));
  g_return_if_fail (self->sealed);
  g_return_if_fail ((guint) kind < CXV_N_RECORD_KINDS && kinds[kind].key >= 0);
  g_return_if_fail (customer < self->tables[CXV_RECORD_CUSTOMER].n);
  g_return_if_fail (first != NULL && n_records != NULL);

  offsets = self->offsets[kind];
  *first = offsets[customer];
  *n_records = offsets[customer + 1] - offsets[customer];
}

/**
 * cxv_dataset_list_columns:
 * @kind: a kind of record
 *
 * Lists the columns [method@Cxv.Dataset.dup_column] hands out for @kind.
 *
 * Returns: (transfer full) (array zero-terminated=1): the column names
 *
 * Since: 1.0
 */
char **
cxv_dataset_list_columns (CxvRecordKind kind)
{
  GStrvBuilder *builder;
  char **names;

  g_return_val_if_fail ((guint) kind < CXV_N_RECORD_KINDS, NULL);

  builder = g_strv_builder_new ();
  for (guint c = 0; c < kinds[kind].n_columns; c++)
    if (!kinds[kind].columns[c].hidden)
      g_strv_builder_add (builder, kinds[kind].columns[c].name);
  names = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return names;
}

/**
 * cxv_dataset_dup_column:
 * @self: a sealed #CxvDataset
 * @kind: a kind of record
 * @column: a column name from [func@Cxv.Dataset.list_columns]
 * @element_type: (out) (optional): return location for the element type
 * @error: return location for a #GError
 *
 * Hands out one column of a sealed dataset without copying it: the bytes
 * are the column itself, in native byte order, one element per record in
 * index order, and keep the dataset alive. References are dense indices
 * ([const@Cxv.NO_INDEX] where absent, or 65535 in the 16-bit `initiative`
 * column of revenue events), dates are [alias@Cxv.Date] days, amounts are
 * minor units, enums their numeric values.
 *
 * In Python: `numpy.frombuffer(bytes.get_data(), dtype)`.
 *
 * Returns: (transfer full): the column, or %NULL with @error set
 *   (%CXV_DATASET_ERROR_NOT_SEALED, or %CXV_DATASET_ERROR_INVALID_VALUE for
 *   an unknown column name)
 *
 * Since: 1.0
 */
GBytes *
cxv_dataset_dup_column (CxvDataset      *self,
                        CxvRecordKind    kind,
                        const char      *column,
                        CxvElementType  *element_type,
                        GError         **error)
{
  const KindSpec *spec;

  g_return_val_if_fail (CXV_IS_DATASET (self), NULL);
  g_return_val_if_fail ((guint) kind < CXV_N_RECORD_KINDS, NULL);
  g_return_val_if_fail (column != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!self->sealed)
    {
      g_set_error_literal (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_NOT_SEALED,
                           "Columns are handed out only once the dataset is sealed");
      return NULL;
    }

  spec = &kinds[kind];
  for (guint c = 0; c < spec->n_columns; c++)
    {
      const ColumnSpec *col = &spec->columns[c];
      const CxvRecordTable *t = &self->tables[kind];

      if (col->hidden || strcmp (col->name, column) != 0)
        continue;
      if (element_type != NULL)
        *element_type = col->type;
      if (t->n == 0)
        return g_bytes_new (NULL, 0);
      return g_bytes_new_with_free_func (t->col[c], (gsize) t->n * col->width,
                                         g_object_unref, g_object_ref (self));
    }

  g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
               "The %s records have no column “%s”", spec->name, column);
  return NULL;
}

/**
 * cxv_dataset_get_revenue_total:
 * @self: a #CxvDataset
 *
 * Sums the amounts of all revenue events, refunds included. The sum never
 * overflows: the dataset refuses amounts that could make it.
 *
 * Returns: the total in minor units
 *
 * Since: 1.0
 */
gint64
cxv_dataset_get_revenue_total (CxvDataset *self)
{
  const CxvRecordTable *t;
  const gint64 *amount;
  gint64 total = 0;

  g_return_val_if_fail (CXV_IS_DATASET (self), 0);

  t = &self->tables[CXV_RECORD_REVENUE];
  amount = CXV_COLUMN (t, gint64, REV_AMOUNT);
  for (guint32 i = 0; i < t->n; i++)
    total += amount[i];
  return total;
}
