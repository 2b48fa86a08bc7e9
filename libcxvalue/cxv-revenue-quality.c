/* cxv-revenue-quality.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvRevenueQuality:
 *
 * The quality of revenue, framework 2: how *predictable*, *profitable* and
 * *diverse* the revenue is, per period and segment, and optionally per
 * QoRE tier.
 *
 * Periods, spells and segments are those of the other analyses: the
 * periods ([property@Cxv.RevenueQuality:period]) run from the one holding
 * the earliest spell start to the one holding the last day the data
 * covers, spells follow [property@Cxv.RevenueQuality:activity] and
 * [property@Cxv.RevenueQuality:inactivity-days], and revenue, costs and
 * contacts dated outside the periods are left out. A customer counts in
 * the segment it has when the analysis runs.
 *
 * ## The periods table
 *
 * [method@Cxv.RevenueQuality.get_periods], one row per period and segment,
 * the segment `all` first, then the segments by name, customers without a
 * segment last with a null segment; `tier` (int) is null on these rows.
 * With [property@Cxv.RevenueQuality:qore] set, each period then has one
 * row per tier (see "Tiers" below). Money is in minor units of the
 * dataset's currency. Ratios are null when their denominator is 0 (or, for
 * ratios over revenue, not positive).
 *
 * Predictable:
 *
 * - `revenue` (money): every revenue amount dated in the period, one-off
 *   charges and refunds included;
 * - `recurring_revenue` (money): the amounts of the recurring kinds
 *   ([enum@Cxv.RevenueKind.NEW], `RECURRING`, `EXPANSION` and
 *   `CONTRACTION`); `recurring_share` (double) = `recurring_revenue /
 *   revenue`. Refunds lower the denominator only, so the share can exceed
 *   1 in a period whose refunds outweigh its one-off charges;
 * - `nrr`, `grr` (double): net and gross revenue retention, defined
 *   exactly as in [class@Cxv.Ledger]: over the customers active at the
 *   start of the period (on the day before its first day), NRR = their
 *   recurring revenue in the period / their recurring revenue in the
 *   period before, GRR = the sum over them of min(this period, period
 *   before) / the same denominator. Null in the first period;
 * - `tenured_share` (double): the share of `revenue` from customers
 *   acquired more than [property@Cxv.RevenueQuality:tenure-months] months
 *   before the period's first day (acquired strictly before that day moved
 *   back by that many months). A customer's acquisition is its declared
 *   acquisition date, or failing that the start of its first spell; a
 *   customer with neither never counts as tenured.
 *
 * Profitable:
 *
 * - `revenue_cost` (money): the direct costs of the revenue events of the
 *   period; `gross_margin` (double) = `(revenue − revenue_cost) / revenue`;
 * - `cost_to_serve` (money): the costs of the interactions dated in the
 *   period; `margin_after_cost_to_serve` (double) = `(revenue −
 *   revenue_cost − cost_to_serve) / revenue`;
 * - `customers` (int): customers active at any time in the period (a
 *   spell overlaps it); `contact_cost_per_customer` (money) =
 *   `cost_to_serve / customers`, rounded to the nearest minor unit (halves
 *   away from zero). Costs of contacts from customers not active in the
 *   period count in the numerator: they were spent serving the base;
 * - `contacts` (int) and `low_cost_share` (double): interactions in the
 *   period and the share of them through [enum@Cxv.ChannelClass.LOW_COST]
 *   channels.
 *
 * Diverse, over the customers with at least one revenue event in the
 * period, each with its net revenue of the period *clamped at 0* (a
 * customer whose refunds outweigh its charges counts as bringing nothing,
 * not as a negative share); the total below is the sum of those clamped
 * revenues, and every figure is null when it is 0:
 *
 * - `revenue_customers` (int): those customers;
 * - `largest_share` (double): the largest customer's share of the total;
 *   `largest_customers` (int): how many customers share that largest
 *   revenue (more than 1 on a tie); `concentrated` (boolean): whether
 *   `largest_share` is above [property@Cxv.RevenueQuality:concentration-flag];
 * - `top_n_share` (double): the share of the
 *   [property@Cxv.RevenueQuality:top-n] largest (all of them when there
 *   are fewer); `top_decile_share` (double): the share of the largest
 *   ⌈`revenue_customers` / 10⌉;
 * - `herfindahl` (double): Σ sᵢ², sᵢ being each customer's share: 1 for a
 *   single customer, 1/n for n equal ones;
 * - `gini` (double): the Gini coefficient, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄), by
 *   the mean-absolute-difference formula without small-sample correction
 *   (0 for equal revenues; (n − 1)/n when one customer brings it all);
 * - `mean_products` (double): over the `customers` active in the period,
 *   the mean number of distinct products each held (a holding overlapping
 *   the period) or was billed for (a revenue event in the period naming a
 *   product); null without active customers.
 *
 * ## Tiers
 *
 * With a [class@Cxv.Qore] analysis of the same dataset in
 * [property@Cxv.RevenueQuality:qore], each period's segment rows are
 * followed by four rows, `tier` 0, 1, 2 and 3 with `segment` `all`, each
 * computed exactly as a segment row is, over the customers in that tier.
 * A customer's tier is the one the QoRE analysis gave it on its
 * evaluation date ([method@Cxv.Qore.get_evaluated_on]) in its last
 * successful run, and that one tier is applied to *every* period, before
 * and after that date alike: the rows say how the revenue of today's
 * tiers behaved, not how each period's tiers did. Customers QoRE did not
 * evaluate (not active on its evaluation date) are in no tier row, so the
 * tier rows of a period add up to the evaluated customers only, not to
 * `all`. The summary table has no tier rows.
 *
 * ## The summary table
 *
 * [method@Cxv.RevenueQuality.get_summary], one row per segment in the same
 * order, for volatility: `segment`, `periods` (int), `revenue` (money: the
 * total over all periods), `mean_revenue` and `sd_revenue` (money, rounded
 * to the minor unit: the mean of the period revenues and their population
 * standard deviation, dividing by the number of periods) and
 * `coefficient_of_variation` (double: the unrounded standard deviation over
 * the unrounded mean, null when the mean is not positive or there is a
 * single period). Every
 * period counts, the first and last too even when the data covers them
 * only in part, so trim the data to whole periods for a fair figure.
 *
 * ## Running
 *
 * [method@Cxv.RevenueQuality.run] builds the spells and then makes one pass
 * over the per-customer index of the sealed dataset; the concentration
 * figures need the customers' period revenues sorted, which are kept one
 * entry per customer and period with revenue (two with a tier). The tiers
 * are read from the QoRE analysis's per-customer table when the run
 * starts.
 * [method@Cxv.RevenueQuality.run_async] does the same in a worker thread
 * with the settings @self has when it is called. Results stay until the
 * next successful run.
 *
 * Since: 1.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-activity-private.h"
#include "cxv-dataset-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"
#include "cxv-revenue-quality.h"
#include "cxv-sort-private.h"

#define MAX_INACTIVITY_DAYS 36525
#define MAX_TENURE_MONTHS   1200
#define CANCEL_EVERY        4096

struct _CxvRevenueQuality
{
  GObject      parent_instance;

  CxvDataset  *dataset;
  CxvPeriod    period;
  CxvActivity  activity;
  guint        inactivity_days;
  double       concentration_flag;
  guint        top_n;
  guint        tenure_months;

  CxvQore     *qore;

  CxvTable    *periods;
  CxvTable    *summary;
};

G_DEFINE_FINAL_TYPE (CxvRevenueQuality, cxv_revenue_quality, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_PERIOD,
  PROP_ACTIVITY,
  PROP_INACTIVITY_DAYS,
  PROP_CONCENTRATION_FLAG,
  PROP_TOP_N,
  PROP_TENURE_MONTHS,
  PROP_QORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/* ------------------------------------------------------------------ */
/* The analysis                                                         */

typedef struct
{
  CxvPeriod   period;
  CxvActivity activity;
  guint       inactivity_days;
  double      concentration_flag;
  guint       top_n;
  guint       tenure_months;
  gboolean    with_tiers;     /* a QoRE analysis was set */
  CxvDataset *qore_dataset;   /* its dataset, owned */
  CxvTable   *qore_customers; /* its per-customer table, owned; NULL before it ran */
} Config;

/* QoRE tiers 0 to 3: the tier rows of the periods table. */
#define N_TIERS 4

static void
config_clear (Config *config)
{
  g_clear_object (&config->qore_dataset);
  g_clear_object (&config->qore_customers);
}

static void
config_free (Config *config)
{
  config_clear (config);
  g_free (config);
}

typedef struct
{
  CxvTable *periods;
  CxvTable *summary;
} Results;

static void
results_free (Results *r)
{
  g_clear_object (&r->periods);
  g_clear_object (&r->summary);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Results, results_free)

/* The tallies of one period and segment. */
typedef struct
{
  gint64 revenue;
  gint64 recurring;
  gint64 tenured;
  gint64 revenue_cost;
  gint64 cost_to_serve;
  gint64 rec_this;     /* recurring revenue of the customers active at the start */
  gint64 rec_last;     /* theirs in the period before */
  gint64 rec_min;      /* the sum of min (this, last) per customer */
  gint64 customers;    /* active at any time in the period */
  gint64 products;     /* distinct products of those customers */
  gint64 contacts;
  gint64 low_cost;
} Cell;

/* One customer's net revenue in one period, for the concentration figures. */
typedef struct
{
  gint64  revenue;     /* clamped at 0 */
  guint32 slot;        /* a segment slot, or a tier slot */
} Entry;

/* The pass over the customers, with everything it owns.
 *
 * The tallies are keyed on slots: the segment slots of @s first (slot 0
 * is "all"), then, with a QoRE analysis, one slot per tier. Every customer
 * adds to "all", to its segment's slot and to its tier's slot if it has
 * one, through the same code. */
typedef struct
{
  CxvPeriods  p;
  CxvSegments s;
  guint       n_slots;   /* s.n_slots, plus N_TIERS with tiers */
  guint32    *tier_slot; /* per customer: its tier's slot or CXV_NO_INDEX; NULL without tiers */
  Cell       *cells;   /* n periods × n_slots */
  GArray    **entries; /* per period, of Entry */
  gint64     *rev;     /* one customer's revenue per period */
  gint64     *rec;     /* one customer's recurring revenue per period */
  CxvDate    *cutoffs; /* per period: customers acquired before this are tenured */
  guint32    *seen;    /* per period: the last customer + 1 active in it */
  guint32    *billed;  /* per period: the last customer + 1 with revenue in it */
  GArray     *pairs;   /* one customer's (period, product) pairs, as guint64 */
  /* Per period and product: the last customer + 1 that had the product in
   * the period, so that each pair is noted once without sorting; NULL
   * when that grid would be large, and the pairs are sorted instead. */
  guint32    *noted;
  guint32     n_products;
} Work;

/* Catalogues larger than this many periods × products (4 MB of grid; ten
 * years of months of 8,000 products) sort instead. */
#define MAX_NOTED_CELLS (1024 * 1024)

static void
work_free (Work *w)
{
  cxv_periods_clear (&w->p);
  cxv_segments_clear (&w->s);
  g_free (w->tier_slot);
  g_free (w->cells);
  if (w->entries != NULL)
    for (guint k = 0; k < w->p.n; k++)
      g_clear_pointer (&w->entries[k], g_array_unref);
  g_free (w->entries);
  g_free (w->rev);
  g_free (w->rec);
  g_free (w->cutoffs);
  g_free (w->seen);
  g_free (w->billed);
  g_clear_pointer (&w->pairs, g_array_unref);
  g_free (w->noted);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Work, work_free)

static gboolean
check_config (CxvDataset *dataset, const Config *config, GError **error)
{
  if (!cxv_dataset_get_sealed (dataset))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED,
                           "The dataset must be sealed before the quality of revenue can be "
                           "computed");
      return FALSE;
    }
  if ((guint) config->period > CXV_PERIOD_YEAR)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "%d is not a period", (int) config->period);
      return FALSE;
    }
  if ((guint) config->activity > CXV_ACTIVITY_NON_CONTRACTUAL)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "%d is not an activity definition", (int) config->activity);
      return FALSE;
    }
  if (config->activity == CXV_ACTIVITY_NON_CONTRACTUAL &&
      (config->inactivity_days == 0 || config->inactivity_days > MAX_INACTIVITY_DAYS))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The inactivity limit must be 1 to %u days, not %u", MAX_INACTIVITY_DAYS,
                   config->inactivity_days);
      return FALSE;
    }
  /* Written so that NaN fails too. */
  if (!(config->concentration_flag > 0.0 && config->concentration_flag <= 1.0))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The concentration flag must be a share above 0 and at most 1, not %g",
                   config->concentration_flag);
      return FALSE;
    }
  if (config->top_n == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "The number of top customers must be at least 1, not 0");
      return FALSE;
    }
  if (config->tenure_months > MAX_TENURE_MONTHS)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The tenure must be 0 to %u months, not %u", MAX_TENURE_MONTHS,
                   config->tenure_months);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_recurring (guint8 kind)
{
  return kind == CXV_REVENUE_NEW || kind == CXV_REVENUE_RECURRING ||
         kind == CXV_REVENUE_EXPANSION || kind == CXV_REVENUE_CONTRACTION;
}

static int
compare_guint64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return (x > y) - (x < y);
}

/* By slot, then by revenue: each segment's revenues end up contiguous and
 * ascending. */
static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->slot != y->slot)
    return x->slot < y->slot ? -1 : 1;
  return (x->revenue > y->revenue) - (x->revenue < y->revenue);
}

static gint64
divide_rounded (gint64 num, gint64 den)
{
  gint64 q = num / den, r = num % den;

  /* Halves away from zero; num ≥ 0 and den > 0 here. */
  if (2 * r >= den)
    q++;
  return q;
}

static void
set_ratio (CxvTable *t, guint row, guint col, double num, double den)
{
  if (den != 0.0)
    cxv_table_set_double (t, row, col, num / den);
  else
    cxv_table_set_null (t, row, col);
}

static void
set_margin (CxvTable *t, guint row, guint col, gint64 num, gint64 revenue)
{
  if (revenue > 0)
    cxv_table_set_double (t, row, col, (double) num / (double) revenue);
  else
    cxv_table_set_null (t, row, col);
}

enum { P_PERIOD, P_SEGMENT, P_TIER, P_REVENUE, P_RECURRING, P_RECURRING_SHARE, P_NRR, P_GRR,
       P_TENURED_SHARE, P_REVENUE_COST, P_GROSS_MARGIN, P_COST_TO_SERVE, P_MARGIN_AFTER,
       P_CUSTOMERS, P_CONTACT_COST, P_CONTACTS, P_LOW_COST_SHARE, P_REVENUE_CUSTOMERS,
       P_LARGEST_SHARE, P_LARGEST_CUSTOMERS, P_CONCENTRATED, P_TOP_N_SHARE,
       P_TOP_DECILE_SHARE, P_HERFINDAHL, P_GINI, P_MEAN_PRODUCTS, P_N_COLUMNS };

static const struct
{
  const char    *name;
  CxvColumnType  type;
} period_columns[P_N_COLUMNS] = {
  { "period", CXV_COLUMN_TEXT }, { "segment", CXV_COLUMN_TEXT }, { "tier", CXV_COLUMN_INT },
  { "revenue", CXV_COLUMN_MONEY }, { "recurring_revenue", CXV_COLUMN_MONEY },
  { "recurring_share", CXV_COLUMN_DOUBLE }, { "nrr", CXV_COLUMN_DOUBLE },
  { "grr", CXV_COLUMN_DOUBLE }, { "tenured_share", CXV_COLUMN_DOUBLE },
  { "revenue_cost", CXV_COLUMN_MONEY }, { "gross_margin", CXV_COLUMN_DOUBLE },
  { "cost_to_serve", CXV_COLUMN_MONEY }, { "margin_after_cost_to_serve", CXV_COLUMN_DOUBLE },
  { "customers", CXV_COLUMN_INT }, { "contact_cost_per_customer", CXV_COLUMN_MONEY },
  { "contacts", CXV_COLUMN_INT }, { "low_cost_share", CXV_COLUMN_DOUBLE },
  { "revenue_customers", CXV_COLUMN_INT }, { "largest_share", CXV_COLUMN_DOUBLE },
  { "largest_customers", CXV_COLUMN_INT }, { "concentrated", CXV_COLUMN_BOOLEAN },
  { "top_n_share", CXV_COLUMN_DOUBLE }, { "top_decile_share", CXV_COLUMN_DOUBLE },
  { "herfindahl", CXV_COLUMN_DOUBLE }, { "gini", CXV_COLUMN_DOUBLE },
  { "mean_products", CXV_COLUMN_DOUBLE },
};

/* The concentration figures of @n revenues sorted ascending, all ≥ 0. */
static void
set_concentration (CxvTable *t, guint row, const Config *config, const gint64 *x, gsize n)
{
  gint64 total = 0, largest;
  gsize ties = 0, decile;
  double hhi = 0.0, top_n = 0.0, top_decile = 0.0, weighted = 0.0;

  for (gsize i = 0; i < n; i++)
    total += x[i];
  cxv_table_set_int (t, row, P_REVENUE_CUSTOMERS, (gint64) n);
  if (total == 0)
    {
      for (guint c = P_LARGEST_SHARE; c <= P_GINI; c++)
        cxv_table_set_null (t, row, c);
      return;
    }

  largest = x[n - 1];
  decile = (n + 9) / 10;
  for (gsize i = 0; i < n; i++)
    {
      double share = (double) x[i] / (double) total;
      gsize rank = n - i;   /* 1 for the largest */

      if (x[i] == largest)
        ties++;
      hhi += share * share;
      if (rank <= config->top_n)
        top_n += share;
      if (rank <= decile)
        top_decile += share;
      /* Σ (2i − n − 1) x₍ᵢ₎ over 1-based ascending ranks equals half the sum
       * of absolute differences over all ordered pairs. */
      weighted += (double) (2 * (gint64) (i + 1) - (gint64) n - 1) * (double) x[i];
    }
  cxv_table_set_double (t, row, P_LARGEST_SHARE, (double) largest / (double) total);
  cxv_table_set_int (t, row, P_LARGEST_CUSTOMERS, (gint64) ties);
  cxv_table_set_boolean (t, row, P_CONCENTRATED,
                         (double) largest / (double) total > config->concentration_flag);
  cxv_table_set_double (t, row, P_TOP_N_SHARE, top_n);
  cxv_table_set_double (t, row, P_TOP_DECILE_SHARE, top_decile);
  cxv_table_set_double (t, row, P_HERFINDAHL, hhi);
  cxv_table_set_double (t, row, P_GINI, weighted / ((double) n * (double) total));
}

static void
set_segment (CxvTable *t, guint row, guint col, CxvDataset *dataset, const CxvSegments *s,
             guint slot)
{
  if (slot == 0)
    cxv_table_set_text (t, row, col, "all");
  else if (s->text_of[slot] == CXV_NO_INDEX)
    cxv_table_set_null (t, row, col);
  else
    cxv_table_set_text (t, row, col, cxv_dataset_get_text (dataset, s->text_of[slot]));
}

#define KEY_REVENUE_BITS 48
#define KEY_REVENUE_MASK ((G_GUINT64_CONSTANT (1) << KEY_REVENUE_BITS) - 1)

/* Sorts by slot, then revenue. With a period's entries counted in
 * hundreds of thousands, the comparison sort was most of the analysis:
 * slot and revenue pack into one radix-sortable key instead. Revenues are
 * clamped at 0; one of 2^48 cents or more (2.8 trillion) falls back to
 * the comparison sort. */
static void
sort_entries (GArray *entries)
{
  Entry *e = (Entry *) (gpointer) entries->data;
  gsize n = entries->len;
  g_autofree guint64 *keys = NULL, *scratch = NULL;

  for (gsize i = 0; i < n; i++)
    if ((guint64) e[i].revenue > KEY_REVENUE_MASK || e[i].slot > G_MAXUINT16)
      {
        g_array_sort (entries, compare_entries);
        return;
      }
  keys = g_new (guint64, MAX (n, 1));
  scratch = g_new (guint64, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    keys[i] = ((guint64) e[i].slot << KEY_REVENUE_BITS) | (guint64) e[i].revenue;
  cxv_sort_u64 (keys, scratch, n);
  for (gsize i = 0; i < n; i++)
    {
      e[i].slot = (guint32) (keys[i] >> KEY_REVENUE_BITS);
      e[i].revenue = (gint64) (keys[i] & KEY_REVENUE_MASK);
    }
}

static CxvTable *
make_periods (CxvDataset *dataset, const Config *config, Work *w)
{
  CxvTable *t = cxv_table_new ("revenue-quality");
  guint n_slots = w->n_slots, n_segment_slots = w->s.n_slots;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint c = 0; c < P_N_COLUMNS; c++)
    cxv_table_add_column (t, period_columns[c].name, period_columns[c].type);
  cxv_table_set_currency (t, cxv_dataset_get_currency (dataset));

  for (guint k = 0; k < w->p.n; k++)
    {
      GArray *entries = w->entries[k];
      gsize first = 0;

      sort_entries (entries);
      /* "all" is every customer once: the entries of the segment slots,
       * which sort before those of the tier slots. */
      g_array_set_size (all, 0);
      for (guint i = 0; i < entries->len; i++)
        {
          const Entry *e = &g_array_index (entries, Entry, i);

          if (e->slot >= n_segment_slots)
            break;
          g_array_append_val (all, e->revenue);
        }
      /* Revenues are clamped at 0, so they sort as unsigned keys. */
      {
        g_autofree guint64 *scratch = g_new (guint64, MAX (all->len, 1));

        cxv_sort_u64 ((guint64 *) (gpointer) all->data, scratch, all->len);
      }

      for (guint slot = 0; slot < n_slots; slot++)
        {
          const Cell *a = &w->cells[(gsize) k * n_slots + slot];
          guint row = cxv_table_append_row (t);
          gint64 profit = a->revenue - a->revenue_cost;

          cxv_table_set_text (t, row, P_PERIOD, w->p.labels[k]);
          if (slot < n_segment_slots)
            {
              set_segment (t, row, P_SEGMENT, dataset, &w->s, slot);
              cxv_table_set_null (t, row, P_TIER);
            }
          else
            {
              cxv_table_set_text (t, row, P_SEGMENT, "all");
              cxv_table_set_int (t, row, P_TIER, slot - n_segment_slots);
            }
          cxv_table_set_money (t, row, P_REVENUE, a->revenue);
          cxv_table_set_money (t, row, P_RECURRING, a->recurring);
          set_margin (t, row, P_RECURRING_SHARE, a->recurring, a->revenue);
          if (k > 0 && a->rec_last != 0)
            {
              cxv_table_set_double (t, row, P_NRR, (double) a->rec_this / (double) a->rec_last);
              cxv_table_set_double (t, row, P_GRR, (double) a->rec_min / (double) a->rec_last);
            }
          else
            {
              cxv_table_set_null (t, row, P_NRR);
              cxv_table_set_null (t, row, P_GRR);
            }
          set_margin (t, row, P_TENURED_SHARE, a->tenured, a->revenue);
          cxv_table_set_money (t, row, P_REVENUE_COST, a->revenue_cost);
          set_margin (t, row, P_GROSS_MARGIN, profit, a->revenue);
          cxv_table_set_money (t, row, P_COST_TO_SERVE, a->cost_to_serve);
          set_margin (t, row, P_MARGIN_AFTER, profit - a->cost_to_serve, a->revenue);
          cxv_table_set_int (t, row, P_CUSTOMERS, a->customers);
          if (a->customers > 0)
            cxv_table_set_money (t, row, P_CONTACT_COST,
                                 divide_rounded (a->cost_to_serve, a->customers));
          else
            cxv_table_set_null (t, row, P_CONTACT_COST);
          cxv_table_set_int (t, row, P_CONTACTS, a->contacts);
          set_ratio (t, row, P_LOW_COST_SHARE, (double) a->low_cost, (double) a->contacts);

          if (slot == 0)
            set_concentration (t, row, config, (const gint64 *) (gpointer) all->data, all->len);
          else
            {
              gsize last = first;
              g_autofree gint64 *x = NULL;

              while (last < entries->len && g_array_index (entries, Entry, last).slot == slot)
                last++;
              x = g_new (gint64, MAX (last - first, 1));
              for (gsize i = first; i < last; i++)
                x[i - first] = g_array_index (entries, Entry, i).revenue;
              set_concentration (t, row, config, x, last - first);
              first = last;
            }
          set_ratio (t, row, P_MEAN_PRODUCTS, (double) a->products, (double) a->customers);
        }
    }
  return t;
}

static CxvTable *
make_summary (CxvDataset *dataset, const Work *w)
{
  CxvTable *t = cxv_table_new ("revenue-volatility");
  guint c_segment = cxv_table_add_column (t, "segment", CXV_COLUMN_TEXT);
  guint c_periods = cxv_table_add_column (t, "periods", CXV_COLUMN_INT);
  guint c_revenue = cxv_table_add_column (t, "revenue", CXV_COLUMN_MONEY);
  guint c_mean = cxv_table_add_column (t, "mean_revenue", CXV_COLUMN_MONEY);
  guint c_sd = cxv_table_add_column (t, "sd_revenue", CXV_COLUMN_MONEY);
  guint c_cv = cxv_table_add_column (t, "coefficient_of_variation", CXV_COLUMN_DOUBLE);
  guint n_slots = w->n_slots, n = w->p.n;

  cxv_table_set_currency (t, cxv_dataset_get_currency (dataset));
  /* The segments only: the tiers are those of one date. */
  for (guint slot = 0; slot < w->s.n_slots; slot++)
    {
      guint row = cxv_table_append_row (t);
      gint64 total = 0;
      double mean, ss = 0.0, sd;

      for (guint k = 0; k < n; k++)
        total += w->cells[(gsize) k * n_slots + slot].revenue;
      mean = (double) total / (double) n;
      /* Two passes: the deviations are small next to the revenues. */
      for (guint k = 0; k < n; k++)
        {
          double d = (double) w->cells[(gsize) k * n_slots + slot].revenue - mean;

          ss += d * d;
        }
      sd = sqrt (ss / (double) n);

      set_segment (t, row, c_segment, dataset, &w->s, slot);
      cxv_table_set_int (t, row, c_periods, n);
      cxv_table_set_money (t, row, c_revenue, total);
      cxv_table_set_money (t, row, c_mean, (gint64) llround (mean));
      cxv_table_set_money (t, row, c_sd, (gint64) llround (sd));
      if (n > 1 && mean > 0.0)
        cxv_table_set_double (t, row, c_cv, sd / mean);
      else
        cxv_table_set_null (t, row, c_cv);
    }
  return t;
}

/* Adds @v to the cell of period @k for "all", for the segment @slot and,
 * when the customer has one, for the tier slot @tier. */
#define ADD(field, k, v)                                                   \
  G_STMT_START {                                                           \
    Cell *cells_ = &w->cells[(gsize) (k) * n_slots];                       \
    gint64 v_ = (v);                                                       \
                                                                           \
    cells_[0].field += v_;                                                 \
    cells_[slot].field += v_;                                              \
    if (tier != CXV_NO_INDEX)                                              \
      cells_[tier].field += v_;                                            \
  } G_STMT_END

/* Notes that customer @c had @product in period @k. */
static inline void
note_product (Work *w, guint32 c, gint64 k, guint32 product)
{
  guint64 pair = ((guint64) k << 32) | product;

  if (w->noted != NULL)
    {
      guint32 *cell = &w->noted[(gsize) k * w->n_products + product];

      if (*cell == c + 1)
        return;
      *cell = c + 1;
    }
  g_array_append_val (w->pairs, pair);
}

static void
scan_customer (CxvDataset *dataset, const CxvSpells *spells, Work *w, guint32 c)
{
  const CxvRecordTable *rt = cxv_dataset_get_table (dataset, CXV_RECORD_REVENUE);
  const guint32 *roff = cxv_dataset_get_offsets (dataset, CXV_RECORD_REVENUE);
  const CxvDate *rdates = CXV_COLUMN (rt, CxvDate, REV_DATE);
  const guint8 *rkinds = CXV_COLUMN (rt, guint8, REV_KIND);
  const gint64 *ramounts = CXV_COLUMN (rt, gint64, REV_AMOUNT);
  const gint64 *rcosts = CXV_COLUMN (rt, gint64, REV_COST);
  const guint32 *rproducts = CXV_COLUMN (rt, guint32, REV_PRODUCT);
  const CxvRecordTable *it = cxv_dataset_get_table (dataset, CXV_RECORD_INTERACTION);
  const guint32 *ioff = cxv_dataset_get_offsets (dataset, CXV_RECORD_INTERACTION);
  const CxvDate *idates = CXV_COLUMN (it, CxvDate, INT_DATE);
  const guint8 *iclasses = CXV_COLUMN (it, guint8, INT_CLASS);
  const gint64 *icosts = CXV_COLUMN (it, gint64, INT_COST);
  const CxvRecordTable *ht = cxv_dataset_get_table (dataset, CXV_RECORD_HOLDING);
  const guint32 *hoff = cxv_dataset_get_offsets (dataset, CXV_RECORD_HOLDING);
  const guint32 *hproducts = CXV_COLUMN (ht, guint32, HOL_PRODUCT);
  const CxvDate *hstarts = CXV_COLUMN (ht, CxvDate, HOL_START);
  const CxvDate *hends = CXV_COLUMN (ht, CxvDate, HOL_END);
  const CxvRecordTable *ct = cxv_dataset_get_table (dataset, CXV_RECORD_CUSTOMER);
  CxvDate acquired = CXV_COLUMN (ct, CxvDate, CUS_ACQUIRED)[c];
  const CxvPeriods *p = &w->p;
  guint n = p->n, n_slots = w->n_slots, slot = w->s.slot_of[c];
  guint32 tier = w->tier_slot != NULL ? w->tier_slot[c] : CXV_NO_INDEX;
  guint32 first_spell = spells->offsets[c], last_spell = spells->offsets[c + 1];
  int kmin = (int) n, kmax = -1;

  if (acquired == CXV_DATE_NONE && first_spell < last_spell)
    acquired = spells->spells[first_spell].start;

  /* Revenue. */
  for (guint32 i = roff[c]; i < roff[c + 1]; i++)
    {
      gint64 k = cxv_periods_index (p, rdates[i]);

      if (k < 0 || k >= n)
        continue;
      w->rev[k] += ramounts[i];
      ADD (revenue, k, ramounts[i]);
      ADD (revenue_cost, k, rcosts[i]);
      w->billed[k] = c + 1;
      if (acquired != CXV_DATE_NONE && acquired < w->cutoffs[k])
        ADD (tenured, k, ramounts[i]);
      if (is_recurring (rkinds[i]))
        {
          w->rec[k] += ramounts[i];
          ADD (recurring, k, ramounts[i]);
        }
      if (rproducts[i] != CXV_NO_INDEX)
        note_product (w, c, k, rproducts[i]);
      kmin = MIN (kmin, (int) k);
      kmax = MAX (kmax, (int) k);
    }

  /* Contacts. */
  for (guint32 i = ioff[c]; i < ioff[c + 1]; i++)
    {
      gint64 k = cxv_periods_index (p, idates[i]);

      if (k < 0 || k >= n)
        continue;
      ADD (cost_to_serve, k, icosts[i]);
      ADD (contacts, k, 1);
      if (iclasses[i] == CXV_CHANNEL_LOW_COST)
        ADD (low_cost, k, 1);
    }

  /* Products held in each period. */
  for (guint32 i = hoff[c]; i < hoff[c + 1]; i++)
    {
      gint64 from, to;

      if (hends[i] != CXV_DATE_NONE && hends[i] <= hstarts[i])
        continue;
      from = MAX (cxv_periods_index (p, hstarts[i]), 0);
      to = hends[i] == CXV_DATE_NONE ? n - 1 : MIN (cxv_periods_index (p, hends[i] - 1), n - 1);
      for (gint64 k = from; k <= to; k++)
        note_product (w, c, k, hproducts[i]);
    }

  /* Activity: during each period, and at its start for NRR and GRR. */
  for (guint32 s = first_spell; s < last_spell; s++)
    {
      const CxvSpell *sp = &spells->spells[s];
      gint64 from = MAX (cxv_periods_index (p, sp->start), 0);
      gint64 to = sp->end == CXV_DATE_NONE ? n - 1 :
                  MIN (cxv_periods_index (p, sp->end - 1), n - 1);
      gint64 j_lo, j_hi;

      for (gint64 k = from; k <= to; k++)
        if (w->seen[k] != c + 1)
          {
            w->seen[k] = c + 1;
            ADD (customers, k, 1);
          }

      /* Active on the day before the first day of period j: start <
       * starts[j] ≤ end, as the ledger counts it. */
      j_lo = MAX (cxv_periods_ceil (p, sp->start + 1), 1);
      j_hi = sp->end == CXV_DATE_NONE ? n : MIN (cxv_periods_ceil (p, sp->end + 1), (gint64) n);
      for (gint64 j = j_lo; j < j_hi; j++)
        {
          ADD (rec_this, j, w->rec[j]);
          ADD (rec_last, j, w->rec[j - 1]);
          ADD (rec_min, j, MIN (w->rec[j], w->rec[j - 1]));
        }
    }

  /* Distinct products per period, counted for the periods the customer is
   * active in. */
  if (w->pairs->len > 0)
    {
      guint64 *pairs = (guint64 *) (gpointer) w->pairs->data;

      /* Noted pairs are distinct already; sorted ones are told apart
       * from their neighbours. */
      if (w->noted == NULL)
        g_array_sort (w->pairs, compare_guint64);
      for (guint i = 0; i < w->pairs->len; i++)
        {
          guint k = (guint) (pairs[i] >> 32);

          if ((i == 0 || pairs[i] != pairs[i - 1]) && w->seen[k] == c + 1)
            ADD (products, k, 1);
        }
      g_array_set_size (w->pairs, 0);
    }

  /* The customer's period revenues, for the concentration figures. */
  if (kmax >= kmin)
    {
      for (int k = kmin; k <= kmax; k++)
        if (w->billed[k] == c + 1)
          {
            Entry e = { MAX (w->rev[k], 0), slot };

            g_array_append_val (w->entries[k], e);
            if (tier != CXV_NO_INDEX)
              {
                e.slot = tier;
                g_array_append_val (w->entries[k], e);
              }
          }
      memset (w->rev + kmin, 0, sizeof (gint64) * (gsize) (kmax - kmin + 1));
      memset (w->rec + kmin, 0, sizeof (gint64) * (gsize) (kmax - kmin + 1));
    }
}

#undef ADD

static gboolean
check_qore (CxvDataset *dataset, const Config *config, GError **error)
{
  if (!config->with_tiers)
    return TRUE;
  if (config->qore_dataset != dataset)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "The QoRE analysis giving the tiers must analyse the same dataset");
      return FALSE;
    }
  if (config->qore_customers == NULL)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN,
                           "The QoRE analysis giving the tiers has not run");
      return FALSE;
    }
  return TRUE;
}

/* Per customer, the slot of its QoRE tier after the @first_slot segment
 * slots, or CXV_NO_INDEX for a customer QoRE did not evaluate. */
static guint32 *
tier_slots (CxvDataset *dataset, CxvTable *customers, guint first_slot)
{
  guint32 n_customers = cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER);
  guint32 *tier_slot = g_new (guint32, MAX (n_customers, 1));
  guint c_customer, c_tier, n_rows = cxv_table_get_n_rows (customers);
  gboolean found;

  for (guint32 c = 0; c < n_customers; c++)
    tier_slot[c] = CXV_NO_INDEX;
  found = cxv_table_lookup_column (customers, "customer", &c_customer) &&
          cxv_table_lookup_column (customers, "tier", &c_tier);
  g_return_val_if_fail (found, tier_slot);
  for (guint row = 0; row < n_rows; row++)
    {
      const char *id;
      gint64 tier;
      guint index;

      if (cxv_table_is_null (customers, row, c_customer) ||
          cxv_table_is_null (customers, row, c_tier))
        continue;
      id = cxv_table_get_text (customers, row, c_customer);
      tier = cxv_table_get_int (customers, row, c_tier);
      if (tier >= 0 && tier < N_TIERS && cxv_dataset_lookup_customer (dataset, id, &index) &&
          index < n_customers)
        tier_slot[index] = first_slot + (guint32) tier;
    }
  return tier_slot;
}

static Results *
compute (CxvDataset    *dataset,
         const Config  *config,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(CxvSpells) spells = NULL;
  g_autoptr(Results) results = NULL;
  g_autoptr(Work) w = NULL;
  guint32 n_customers;
  guint n;

  if (!check_config (dataset, config, error) || !check_qore (dataset, config, error))
    return NULL;
  n_customers = cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER);
  if (n_customers == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "The dataset holds no customers");
      return NULL;
    }
  spells = cxv_spells_new (dataset, config->activity, config->inactivity_days);
  if (spells->n_spells == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "No customer was ever active under the chosen definition");
      return NULL;
    }

  w = g_new0 (Work, 1);
  cxv_periods_init (&w->p, config->period, spells->first_day, spells->last_day);
  cxv_segments_init (&w->s, dataset);
  w->n_slots = w->s.n_slots;
  if (config->with_tiers)
    {
      w->tier_slot = tier_slots (dataset, config->qore_customers, w->s.n_slots);
      w->n_slots += N_TIERS;
    }
  n = w->p.n;
  w->cells = g_new0 (Cell, (gsize) n * w->n_slots);
  w->entries = g_new0 (GArray *, n);
  for (guint k = 0; k < n; k++)
    w->entries[k] = g_array_new (FALSE, FALSE, sizeof (Entry));
  w->rev = g_new0 (gint64, n);
  w->rec = g_new0 (gint64, n);
  w->cutoffs = g_new (CxvDate, n);
  for (guint k = 0; k < n; k++)
    w->cutoffs[k] = cxv_date_add_months (w->p.starts[k], -(int) config->tenure_months);
  w->seen = g_new0 (guint32, n);
  w->billed = g_new0 (guint32, n);
  w->pairs = g_array_new (FALSE, FALSE, sizeof (guint64));
  w->n_products = cxv_dataset_get_n_records (dataset, CXV_RECORD_PRODUCT);
  if ((guint64) n * w->n_products <= MAX_NOTED_CELLS)
    w->noted = g_new0 (guint32, MAX ((gsize) n * w->n_products, 1));

  for (guint32 c = 0; c < n_customers; c++)
    {
      if (c % CANCEL_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      scan_customer (dataset, spells, w, c);
    }

  results = g_new0 (Results, 1);
  results->periods = make_periods (dataset, config, w);
  results->summary = make_summary (dataset, w);
  return g_steal_pointer (&results);
}

static void
install (CxvRevenueQuality *self, Results *results)
{
  g_set_object (&self->periods, results->periods);
  g_set_object (&self->summary, results->summary);
}

static void
config_init (Config *config, CxvRevenueQuality *self)
{
  config->period = self->period;
  config->activity = self->activity;
  config->inactivity_days = self->inactivity_days;
  config->concentration_flag = self->concentration_flag;
  config->top_n = self->top_n;
  config->tenure_months = self->tenure_months;
  config->with_tiers = self->qore != NULL;
  config->qore_dataset = NULL;
  config->qore_customers = NULL;
  if (self->qore != NULL)
    {
      CxvTable *customers = cxv_qore_get_customers (self->qore);

      /* The table is replaced, never changed, by a later QoRE run: a
       * reference keeps the tiers of now for a run in another thread. */
      config->qore_dataset = g_object_ref (cxv_qore_get_dataset (self->qore));
      config->qore_customers = customers != NULL ? g_object_ref (customers) : NULL;
    }
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_revenue_quality_finalize (GObject *object)
{
  CxvRevenueQuality *self = CXV_REVENUE_QUALITY (object);

  g_clear_object (&self->dataset);
  g_clear_object (&self->qore);
  g_clear_object (&self->periods);
  g_clear_object (&self->summary);

  G_OBJECT_CLASS (cxv_revenue_quality_parent_class)->finalize (object);
}

static void
cxv_revenue_quality_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CxvRevenueQuality *self = CXV_REVENUE_QUALITY (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_PERIOD:
      g_value_set_enum (value, self->period);
      break;
    case PROP_ACTIVITY:
      g_value_set_enum (value, self->activity);
      break;
    case PROP_INACTIVITY_DAYS:
      g_value_set_uint (value, self->inactivity_days);
      break;
    case PROP_CONCENTRATION_FLAG:
      g_value_set_double (value, self->concentration_flag);
      break;
    case PROP_TOP_N:
      g_value_set_uint (value, self->top_n);
      break;
    case PROP_TENURE_MONTHS:
      g_value_set_uint (value, self->tenure_months);
      break;
    case PROP_QORE:
      g_value_set_object (value, self->qore);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_revenue_quality_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CxvRevenueQuality *self = CXV_REVENUE_QUALITY (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_PERIOD:
      cxv_revenue_quality_set_period (self, g_value_get_enum (value));
      break;
    case PROP_ACTIVITY:
      cxv_revenue_quality_set_activity (self, g_value_get_enum (value));
      break;
    case PROP_INACTIVITY_DAYS:
      cxv_revenue_quality_set_inactivity_days (self, g_value_get_uint (value));
      break;
    case PROP_CONCENTRATION_FLAG:
      cxv_revenue_quality_set_concentration_flag (self, g_value_get_double (value));
      break;
    case PROP_TOP_N:
      cxv_revenue_quality_set_top_n (self, g_value_get_uint (value));
      break;
    case PROP_TENURE_MONTHS:
      cxv_revenue_quality_set_tenure_months (self, g_value_get_uint (value));
      break;
    case PROP_QORE:
      cxv_revenue_quality_set_qore (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_revenue_quality_class_init (CxvRevenueQualityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cxv_revenue_quality_finalize;
  object_class->get_property = cxv_revenue_quality_get_property;
  object_class->set_property = cxv_revenue_quality_set_property;

  /**
   * CxvRevenueQuality:dataset:
   *
   * The dataset analysed; it must be sealed by the time the analysis runs.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CxvRevenueQuality:period:
   *
   * The length of the periods the figures are computed for.
   * Default: [enum@Cxv.Period.MONTH].
   *
   * Since: 1.0
   */
  properties[PROP_PERIOD] =
    g_param_spec_enum ("period", NULL, NULL, CXV_TYPE_PERIOD, CXV_PERIOD_MONTH, rw);

  /**
   * CxvRevenueQuality:activity:
   *
   * What makes a customer active, as [enum@Cxv.Activity] defines: it
   * decides who is active at the start of a period (for NRR and GRR), who
   * counts in `customers` and when the periods begin.
   * Default: [enum@Cxv.Activity.CONTRACTUAL].
   *
   * Since: 1.0
   */
  properties[PROP_ACTIVITY] =
    g_param_spec_enum ("activity", NULL, NULL, CXV_TYPE_ACTIVITY, CXV_ACTIVITY_CONTRACTUAL, rw);

  /**
   * CxvRevenueQuality:inactivity-days:
   *
   * For the non-contractual definition, the days a purchase keeps a
   * customer active. Must be 1 to 36,525 when it is used; ignored by the
   * contractual definition. Default: 90.
   *
   * Since: 1.0
   */
  properties[PROP_INACTIVITY_DAYS] =
    g_param_spec_uint ("inactivity-days", NULL, NULL, 0, G_MAXUINT, 90, rw);

  /**
   * CxvRevenueQuality:concentration-flag:
   *
   * The share of a period's revenue above which the largest customer makes
   * the revenue *concentrated* (the `concentrated` column): a business
   * that loses more than this with one customer has a fragile base. A
   * share strictly equal to the flag does not raise it. Must be above 0
   * and at most 1 (1 never raises it). Default: 0.15.
   *
   * Since: 1.0
   */
  properties[PROP_CONCENTRATION_FLAG] =
    g_param_spec_double ("concentration-flag", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.15, rw);

  /**
   * CxvRevenueQuality:top-n:
   *
   * How many of the largest customers `top_n_share` adds up. At least 1.
   * Default: 10.
   *
   * Since: 1.0
   */
  properties[PROP_TOP_N] =
    g_param_spec_uint ("top-n", NULL, NULL, 0, G_MAXUINT, 10, rw);

  /**
   * CxvRevenueQuality:tenure-months:
   *
   * The age above which a customer's revenue counts as coming from an
   * established customer (`tenured_share`): acquired more than this many
   * calendar months before the period's first day. 0 to 1,200; 0 counts
   * every customer acquired before the period. Default: 12.
   *
   * Since: 1.0
   */
  properties[PROP_TENURE_MONTHS] =
    g_param_spec_uint ("tenure-months", NULL, NULL, 0, G_MAXUINT, 12, rw);

  /**
   * CxvRevenueQuality:qore:
   *
   * A QoRE analysis of the same dataset whose tiers add a row per tier to
   * each period of the periods table (see "Tiers" in the class
   * documentation), or %NULL (the default) for no tier rows. It must have
   * run by the time this analysis runs; the tiers are those of its last
   * successful run, as of its evaluation date.
   *
   * Since: 1.0
   */
  properties[PROP_QORE] =
    g_param_spec_object ("qore", NULL, NULL, CXV_TYPE_QORE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_revenue_quality_init (CxvRevenueQuality *self)
{
  self->period = CXV_PERIOD_MONTH;
  self->activity = CXV_ACTIVITY_CONTRACTUAL;
  self->inactivity_days = 90;
  self->concentration_flag = 0.15;
  self->top_n = 10;
  self->tenure_months = 12;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * cxv_revenue_quality_new:
 * @dataset: the dataset to analyse
 *
 * Creates a quality-of-revenue analysis of @dataset with the default
 * settings.
 *
 * Returns: (transfer full): a new #CxvRevenueQuality
 *
 * Since: 1.0
 */
CxvRevenueQuality *
cxv_revenue_quality_new (CxvDataset *dataset)
{
  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);

  return g_object_new (CXV_TYPE_REVENUE_QUALITY, "dataset", dataset, NULL);
}

/**
 * cxv_revenue_quality_get_dataset:
 * @self: a #CxvRevenueQuality
 *
 * Gets [property@Cxv.RevenueQuality:dataset].
 *
 * Returns: (transfer none): the dataset analysed
 *
 * Since: 1.0
 */
CxvDataset *
cxv_revenue_quality_get_dataset (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), NULL);

  return self->dataset;
}

/**
 * cxv_revenue_quality_get_period:
 * @self: a #CxvRevenueQuality
 *
 * Gets [property@Cxv.RevenueQuality:period].
 *
 * Returns: the period length
 *
 * Since: 1.0
 */
CxvPeriod
cxv_revenue_quality_get_period (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), CXV_PERIOD_MONTH);

  return self->period;
}

/**
 * cxv_revenue_quality_set_period:
 * @self: a #CxvRevenueQuality
 * @period: the period length
 *
 * Sets [property@Cxv.RevenueQuality:period]. A value that is no
 * [enum@Cxv.Period] is kept, and makes the next run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_revenue_quality_set_period (CxvRevenueQuality *self,
                                CxvPeriod          period)
{
  g_return_if_fail (CXV_IS_REVENUE_QUALITY (self));

  if (self->period != period)
    {
      self->period = period;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
    }
}

/**
 * cxv_revenue_quality_get_activity:
 * @self: a #CxvRevenueQuality
 *
 * Gets [property@Cxv.RevenueQuality:activity].
 *
 * Returns: the activity definition
 *
 * Since: 1.0
 */
CxvActivity
cxv_revenue_quality_get_activity (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), CXV_ACTIVITY_CONTRACTUAL);

  return self->activity;
}

/**
 * cxv_revenue_quality_set_activity:
 * @self: a #CxvRevenueQuality
 * @activity: the activity definition
 *
 * Sets [property@Cxv.RevenueQuality:activity]. A value that is no
 * [enum@Cxv.Activity] is kept, and makes the next run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_revenue_quality_set_activity (CxvRevenueQuality *self,
                                  CxvActivity        activity)
{
  g_return_if_fail (CXV_IS_REVENUE_QUALITY (self));

  if (self->activity != activity)
    {
      self->activity = activity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
    }
}

/**
 * cxv_revenue_quality_get_inactivity_days:
 * @self: a #CxvRevenueQuality
 *
 * Gets [property@Cxv.RevenueQuality:inactivity-days].
 *
 * Returns: the inactivity limit in days
 *
 * Since: 1.0
 */
guint
cxv_revenue_quality_get_inactivity_days (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), 0);

  return self->inactivity_days;
}

/**
 * cxv_revenue_quality_set_inactivity_days:
 * @self: a #CxvRevenueQuality
 * @days: the inactivity limit in days
 *
 * Sets [property@Cxv.RevenueQuality:inactivity-days]. A value out of range
 * is kept, and makes the next non-contractual run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_revenue_quality_set_inactivity_days (CxvRevenueQuality *self,
                                         guint              days)
{
  g_return_if_fail (CXV_IS_REVENUE_QUALITY (self));

  if (self->inactivity_days != days)
    {
      self->inactivity_days = days;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INACTIVITY_DAYS]);
    }
}

/**
 * cxv_revenue_quality_get_concentration_flag:
 * @self: a #CxvRevenueQuality
 *
 * Gets [property@Cxv.RevenueQuality:concentration-flag].
 *
 * Returns: the share above which revenue counts as concentrated
 *
 * Since: 1.0
 */
double
cxv_revenue_quality_get_concentration_flag (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), 0.15);

  return self->concentration_flag;
}

/**
 * cxv_revenue_quality_set_concentration_flag:
 * @self: a #CxvRevenueQuality
 * @share: the share above which revenue counts as concentrated
 *
 * Sets [property@Cxv.RevenueQuality:concentration-flag]. A value outside
 * (0, 1] (or NaN) is kept, and makes the next run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_revenue_quality_set_concentration_flag (CxvRevenueQuality *self,
                                            double             share)
{
  g_return_if_fail (CXV_IS_REVENUE_QUALITY (self));

  /* Bitwise, so that setting NaN twice is no change either. */
  if (memcmp (&self->concentration_flag, &share, sizeof share) != 0)
    {
      self->concentration_flag = share;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCENTRATION_FLAG]);
    }
}

/**
 * cxv_revenue_quality_get_top_n:
 * @self: a #CxvRevenueQuality
 *
 * Gets [property@Cxv.RevenueQuality:top-n].
 *
 * Returns: how many of the largest customers `top_n_share` adds up
 *
 * Since: 1.0
 */
guint
cxv_revenue_quality_get_top_n (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), 10);

  return self->top_n;
}

/**
 * cxv_revenue_quality_set_top_n:
 * @self: a #CxvRevenueQuality
 * @top_n: how many of the largest customers `top_n_share` adds up
 *
 * Sets [property@Cxv.RevenueQuality:top-n]. 0 is kept, and makes the next
 * run fail with [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_revenue_quality_set_top_n (CxvRevenueQuality *self,
                               guint              top_n)
{
  g_return_if_fail (CXV_IS_REVENUE_QUALITY (self));

  if (self->top_n != top_n)
    {
      self->top_n = top_n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOP_N]);
    }
}

/**
 * cxv_revenue_quality_get_tenure_months:
 * @self: a #CxvRevenueQuality
 *
 * Gets [property@Cxv.RevenueQuality:tenure-months].
 *
 * Returns: the tenure in months
 *
 * Since: 1.0
 */
guint
cxv_revenue_quality_get_tenure_months (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), 12);

  return self->tenure_months;
}

/**
 * cxv_revenue_quality_set_tenure_months:
 * @self: a #CxvRevenueQuality
 * @months: the tenure in months
 *
 * Sets [property@Cxv.RevenueQuality:tenure-months]. A value above 1,200 is
 * kept, and makes the next run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_revenue_quality_set_tenure_months (CxvRevenueQuality *self,
                                       guint              months)
{
  g_return_if_fail (CXV_IS_REVENUE_QUALITY (self));

  if (self->tenure_months != months)
    {
      self->tenure_months = months;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TENURE_MONTHS]);
    }
}

/**
 * cxv_revenue_quality_get_qore:
 * @self: a #CxvRevenueQuality
 *
 * Gets [property@Cxv.RevenueQuality:qore].
 *
 * Returns: (transfer none) (nullable): the QoRE analysis giving the tiers,
 *   or %NULL
 *
 * Since: 1.0
 */
CxvQore *
cxv_revenue_quality_get_qore (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), NULL);

  return self->qore;
}

/**
 * cxv_revenue_quality_set_qore:
 * @self: a #CxvRevenueQuality
 * @qore: (nullable): a QoRE analysis of the same dataset, or %NULL
 *
 * Sets [property@Cxv.RevenueQuality:qore]. A QoRE analysis that has not
 * run, or that analyses another dataset, is kept, and makes the next run
 * fail with [error@Cxv.AnalysisError.NOT_RUN] or
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_revenue_quality_set_qore (CxvRevenueQuality *self,
                              CxvQore           *qore)
{
  g_return_if_fail (CXV_IS_REVENUE_QUALITY (self));
  g_return_if_fail (qore == NULL || CXV_IS_QORE (qore));

  if (g_set_object (&self->qore, qore))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QORE]);
}

/**
 * cxv_revenue_quality_run:
 * @self: a #CxvRevenueQuality
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Computes the periods and summary tables.
 *
 * Returns: %TRUE on success; %FALSE with @error set in
 *   %CXV_ANALYSIS_ERROR (not sealed, no customer or no active one, an
 *   invalid setting, a [property@Cxv.RevenueQuality:qore] that has not run
 *   or analyses another dataset) or %G_IO_ERROR_CANCELLED, earlier results
 *   kept
 *
 * Since: 1.0
 */
gboolean
cxv_revenue_quality_run (CxvRevenueQuality  *self,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autoptr(Results) results = NULL;
  Config config;

  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  config_init (&config, self);
  results = compute (self->dataset, &config, cancellable, error);
  config_clear (&config);
  if (results == NULL)
    return FALSE;
  install (self, results);
  return TRUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CxvRevenueQuality *self = source_object;
  GError *error = NULL;
  Results *results;

  /* The dataset is sealed (or the run fails) and never changes after, and
   * the settings were copied: nothing here touches @self's mutable state. */
  results = compute (self->dataset, task_data, cancellable, &error);
  if (results != NULL)
    g_task_return_pointer (task, results, (GDestroyNotify) results_free);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_revenue_quality_run_async:
 * @self: a #CxvRevenueQuality
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the results are ready
 * @user_data: data for @callback
 *
 * Computes the results in a worker thread with the settings @self has now.
 * They replace the earlier ones when [method@Cxv.RevenueQuality.run_finish]
 * is called.
 *
 * Since: 1.0
 */
void
cxv_revenue_quality_run_async (CxvRevenueQuality   *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Config *config;

  g_return_if_fail (CXV_IS_REVENUE_QUALITY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_revenue_quality_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  config = g_new0 (Config, 1);
  config_init (config, self);
  g_task_set_task_data (task, config, (GDestroyNotify) config_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * cxv_revenue_quality_run_finish:
 * @self: a #CxvRevenueQuality
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.RevenueQuality.run_async] and installs its results.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_revenue_quality_run_finish (CxvRevenueQuality  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_autoptr(Results) results = NULL;

  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_revenue_quality_run_async,
                        FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results == NULL)
    return FALSE;
  install (self, results);
  return TRUE;
}

/**
 * cxv_revenue_quality_get_periods:
 * @self: a #CxvRevenueQuality
 *
 * Gets the figures per period and segment of the last successful run, the
 * segment `all` first in each period, then, with
 * [property@Cxv.RevenueQuality:qore], one row per tier 0 to 3, with the
 * columns the class documentation defines: `period`, `segment`, `tier`,
 * `revenue`,
 * `recurring_revenue`, `recurring_share`, `nrr`, `grr`, `tenured_share`,
 * `revenue_cost`, `gross_margin`, `cost_to_serve`,
 * `margin_after_cost_to_serve`, `customers`, `contact_cost_per_customer`,
 * `contacts`, `low_cost_share`, `revenue_customers`, `largest_share`,
 * `largest_customers`, `concentrated`, `top_n_share`, `top_decile_share`,
 * `herfindahl`, `gini` and `mean_products`.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_revenue_quality_get_periods (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), NULL);

  return self->periods;
}

/**
 * cxv_revenue_quality_get_summary:
 * @self: a #CxvRevenueQuality
 *
 * Gets the volatility of period revenue per segment over all periods of
 * the last successful run: columns `segment`, `periods`, `revenue`,
 * `mean_revenue`, `sd_revenue` and `coefficient_of_variation`.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_revenue_quality_get_summary (CxvRevenueQuality *self)
{
  g_return_val_if_fail (CXV_IS_REVENUE_QUALITY (self), NULL);

  return self->summary;
}
