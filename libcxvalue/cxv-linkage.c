/* cxv-linkage.c: soft CX signals linked to hard financial outcomes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxv-activity-private.h"
#include "cxv-dataset-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"
#include "cxv-linalg-private.h"
#include "cxv-linkage.h"
#include "cxv-money.h"
#include "cxv-regression-private.h"
#include "cxv-sort-private.h"
#include "cxv-statistics-private.h"

/**
 * CxvLinkage:
 *
 * The link between what customers experience and say (soft signals) and
 * what they are worth (hard outcomes): correlations, a regression, a
 * key-driver analysis and what-if estimates of the money left on the
 * table.
 *
 * ## The frame
 *
 * The analysis works on a frame, one row per customer. Made from a
 * dataset ([ctor@Cxv.Linkage.new]), it covers the customers who held a
 * product during the window `[start, end)` or had a revenue event,
 * interaction or feedback answer in it, with these columns:
 *
 * Signals, from the window:
 * - `contacts`, `contacts_assisted`, `contacts_low_cost`: interactions, all
 *   and by channel class;
 * - `complaints`, `unresolved`, `complaints_unresolved`: complaint
 *   interactions, interactions not resolved, and both;
 * - `nps`, `csat`, `ces`: the customer's mean answer (null without one);
 * - `detractor`, `promoter`: 1 when the customer's last NPS answer is 0–6
 *   (9–10), else 0 (null without an answer);
 * - `products`: holdings that overlap the window;
 * - `tenure_months`: months from the first holding's start to the window's
 *   start (0 for customers who joined in it);
 * - on request, `contacts:CHANNEL` and `complaints:REASON`, counts for one
 *   channel or one complaint reason as the dataset names them.
 *
 * Outcomes:
 * - `churn`: 1 when a customer who held a product during the window holds
 *   none on the day `end − 1 + horizon-days`, else 0 (null for customers
 *   without a holding in the window, and when that day is after the
 *   dataset's last dated record: the data cannot tell);
 * - `revenue`, `cost_to_serve` (revenue costs plus interaction costs),
 *   `contact_cost`, `margin` (revenue − cost to serve), `arpu` (revenue per
 *   30.44 days of the window), all in currency units, from the window;
 * - `revenue_next` (the `horizon-days` after the window) and
 *   `revenue_change` (next minus window), null with a horizon of 0 or a
 *   horizon that ends after the dataset's last dated record.
 *
 * With [property@Cxv.Linkage:grain] a row can instead be a customer in
 * one period of the window ([property@Cxv.Linkage:period], a column
 * `period` after `customer`), everything above counted within that period
 * and churn read `horizon-days` after its last day; or a segment in one
 * period: columns `segment`, `period`, `customers`, then every signal and
 * outcome as the mean over the segment's customers of that period who
 * have a value (churn becomes a rate, money a mean per customer).
 *
 * Any table can also be analysed as a frame
 * ([ctor@Cxv.Linkage.new_for_table]): numbers, money (in currency units)
 * and booleans (0/1) are read, nulls mark missing values.
 *
 * ## The statistics
 *
 * [property@Cxv.Linkage:outcome] and [property@Cxv.Linkage:signals] name
 * the columns. Rows with a null in any of them are left out (their count is
 * [method@Cxv.Linkage.get_n_dropped]); a NaN is an error.
 *
 * - Correlations: Pearson's r and Spearman's rho of each signal with the
 *   outcome, with Fisher-z intervals and t-test p-values.
 * - Levels: the outcome's mean at each value of a signal (up to 12
 *   values) or in each fifth of it, such as the churn rate by number of
 *   calls.
 * - The model: logistic regression (Newton's method) when the outcome is
 *   0/1, least squares otherwise, all signals together; coefficients with
 *   standard errors, tests, intervals, odds ratios (logistic) and
 *   elasticities at the means (β x̄ / ȳ for least squares; β x̄ (1 − ȳ),
 *   the elasticity of the probability, for logistic). Perfectly collinear
 *   signals, constant ones and separation are errors that name the
 *   signals, not numbers.
 * - Key drivers: each signal's share of the R² of the linear model by
 *   Johnson's relative weights and by the Shapley (LMG) decomposition,
 *   with percentile bootstrap intervals from
 *   [property@Cxv.Linkage:bootstrap-samples] resamples of the customers,
 *   seeded by [property@Cxv.Linkage:seed]. For a 0/1 outcome this is the
 *   R² of the linear probability model, a usual simplification; the
 *   logistic model gives the effect sizes.
 * - What if: [method@Cxv.Linkage.what_if] moves one signal to a target for
 *   every customer on the worse side of it and reports the change in the
 *   outcome, and for churn the revenue kept, with the assumptions.
 *
 * These are associations in observational data. A signal's coefficient
 * is the difference in the outcome between customers who differ in that
 * signal alone, not proof that changing it changes the outcome.
 *
 * Since: 1.0
 */

#define DAYS_PER_MONTH (365.2425 / 12.0)
#define WHAT_IF_DRAWS 400
#define MAX_LEVELS 12

struct _CxvLinkage
{
  GObject     parent_instance;

  CxvDataset *dataset;
  CxvTable   *input_frame;
  CxvLinkageGrain grain;
  CxvPeriod   period;
  CxvDate     start;
  CxvDate     end;
  guint       horizon_days;
  char       *outcome;
  GStrv       signals;
  double      confidence;
  guint       bootstrap_samples;
  guint       seed;

  struct Results *results;
};

typedef struct
{
  CxvLinkageGrain grain;
  CxvPeriod   period;
  CxvDate     start;
  CxvDate     end;
  guint       horizon_days;
  char       *outcome;
  GStrv       signals;
  double      confidence;
  guint       samples;
  guint       seed;
  CxvTable   *input_frame;
} Settings;

typedef struct Results
{
  CxvTable        *frame;
  CxvTable        *correlations;
  CxvTable        *levels;
  CxvTable        *model;
  CxvTable        *drivers;
  CxvLinkageModel  kind;
  gsize            n_rows;
  gsize            n_dropped;
  double           r_squared;
  double           log_likelihood;
  guint            iterations;

  /* What the what-if estimates need. */
  char            *outcome;
  gboolean         lower_is_better;
  gboolean         segment_rows;  /* rows are segment means, not customers */
  guint            p;
  GStrv            names;
  double         **x;             /* p columns of n_rows */
  double          *y;
  double          *value;         /* revenue per row, or NULL */
  double          *unit_cost;     /* per signal, NaN when not a contact count */
  double          *coefficients;  /* p + 1 */
  double          *covariance;    /* (p + 1)² */
  double           confidence;
  guint            seed;
} Results;

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_FRAME,
  PROP_GRAIN,
  PROP_PERIOD,
  PROP_START,
  PROP_END,
  PROP_HORIZON_DAYS,
  PROP_OUTCOME,
  PROP_SIGNALS,
  PROP_CONFIDENCE,
  PROP_BOOTSTRAP_SAMPLES,
  PROP_SEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CxvLinkage, cxv_linkage, G_TYPE_OBJECT)

/* The signals a run takes when none are named. */
static const char *const default_signals[] = {
  "complaints_unresolved", "unresolved", "complaints", "contacts", "nps", "csat", "ces",
};

static void
results_free (Results *r)
{
  if (r == NULL)
    return;
  g_clear_object (&r->frame);
  g_clear_object (&r->correlations);
  g_clear_object (&r->levels);
  g_clear_object (&r->model);
  g_clear_object (&r->drivers);
  g_free (r->outcome);
  if (r->x != NULL)
    for (guint j = 0; j < r->p; j++)
      g_free (r->x[j]);
  g_free (r->x);
  g_strfreev (r->names);
  g_free (r->y);
  g_free (r->value);
  g_free (r->unit_cost);
  g_free (r->coefficients);
  g_free (r->covariance);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Results, results_free)

static void
settings_clear (Settings *s)
{
  g_clear_pointer (&s->outcome, g_free);
  g_clear_pointer (&s->signals, g_strfreev);
  g_clear_object (&s->input_frame);
}

static void
settings_free (Settings *s)
{
  settings_clear (s);
  g_free (s);
}

/* ------------------------------------------------------------------ */
/* The frame from a dataset                                             */

typedef struct
{
  guint32  text;      /* index in the text pool */
  gboolean reason;    /* complaints:REASON rather than contacts:CHANNEL */
  char    *name;
  guint    column;
} NamedCount;

static void
named_count_clear (NamedCount *nc)
{
  g_free (nc->name);
}

static gboolean
find_text (CxvDataset *dataset, const char *text, guint32 *index)
{
  guint32 n = cxv_dataset_get_n_texts (dataset);

  for (guint32 i = 0; i < n; i++)
    if (g_strcmp0 (cxv_dataset_get_text (dataset, i), text) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

static void
date_range (CxvDataset *dataset, CxvDate *first, CxvDate *last)
{
  static const struct { CxvRecordKind kind; int column; } dated[] = {
    { CXV_RECORD_REVENUE, REV_DATE },
    { CXV_RECORD_INTERACTION, INT_DATE },
    { CXV_RECORD_FEEDBACK, FEE_DATE },
    { CXV_RECORD_HOLDING, HOL_START },
    { CXV_RECORD_HOLDING, HOL_END },
  };

  *first = CXV_DATE_NONE;
  *last = CXV_DATE_NONE;
  for (guint k = 0; k < G_N_ELEMENTS (dated); k++)
    {
      const CxvRecordTable *t = cxv_dataset_get_table (dataset, dated[k].kind);
      const CxvDate *dates = CXV_COLUMN (t, CxvDate, dated[k].column);

      for (guint32 i = 0; i < t->n; i++)
        {
          if (dates[i] == CXV_DATE_NONE)
            continue;
          if (*first == CXV_DATE_NONE || dates[i] < *first)
            *first = dates[i];
          if (*last == CXV_DATE_NONE || dates[i] > *last)
            *last = dates[i];
        }
    }
}

/* The frame's built-in columns after its key columns (customer, or
 * customer and period, or segment, period and customers). */
enum
{
  F_CONTACTS, F_ASSISTED, F_LOW_COST, F_COMPLAINTS, F_UNRESOLVED, F_COMPLAINTS_UNRESOLVED,
  F_NPS, F_CSAT, F_CES, F_DETRACTOR, F_PROMOTER, F_PRODUCTS, F_TENURE,
  F_CHURN, F_REVENUE, F_REVENUE_NEXT, F_REVENUE_CHANGE, F_ARPU, F_COST_TO_SERVE,
  F_CONTACT_COST, F_MARGIN,
  F_N
};

static const char *const field_names[F_N] = {
  "contacts", "contacts_assisted", "contacts_low_cost", "complaints", "unresolved",
  "complaints_unresolved", "nps", "csat", "ces", "detractor", "promoter", "products",
  "tenure_months", "churn", "revenue", "revenue_next", "revenue_change", "arpu",
  "cost_to_serve", "contact_cost", "margin",
};

/* Whole numbers in a customer's row; every column is a mean in a
 * segment's. */
static gboolean
field_is_count (guint f)
{
  return f <= F_COMPLAINTS_UNRESOLVED || f == F_DETRACTOR || f == F_PROMOTER || f == F_PRODUCTS
         || f == F_CHURN;
}

/* The spans rows are made for: the window, or each period of it. */
typedef struct
{
  guint       n;
  CxvDate    *start;
  CxvDate    *end;
  CxvPeriods  periods;
  gboolean    by_period;
  CxvDate     first;
  CxvDate     last_end;
} Windows;

static void
windows_init (Windows *w, gboolean by_period, CxvPeriod period, CxvDate start, CxvDate end)
{
  memset (w, 0, sizeof *w);
  w->by_period = by_period;
  w->first = start;
  w->last_end = end;
  if (!by_period)
    {
      w->n = 1;
      w->start = g_new (CxvDate, 1);
      w->end = g_new (CxvDate, 1);
      w->start[0] = start;
      w->end[0] = end;
      return;
    }
  cxv_periods_init (&w->periods, period, start, end - 1);
  w->n = w->periods.n;
  w->start = g_new (CxvDate, w->n);
  w->end = g_new (CxvDate, w->n);
  for (guint k = 0; k < w->n; k++)
    {
      w->start[k] = MAX (start, w->periods.starts[k]);
      w->end[k] = MIN (end, w->periods.starts[k + 1]);
    }
}

static void
windows_clear (Windows *w)
{
  if (w->by_period)
    cxv_periods_clear (&w->periods);
  g_free (w->start);
  g_free (w->end);
}

static int
window_of (const Windows *w, CxvDate date)
{
  if (date < w->first || date >= w->last_end)
    return -1;
  return w->by_period ? (int) cxv_periods_index (&w->periods, date) : 0;
}

/* What one customer did in one span. */
typedef struct
{
  guint64  counts[F_PRODUCTS + 1];
  gint64   revenue;
  gint64   revenue_next;
  gint64   rev_cost;
  gint64   contact_cost;
  double   sums[3];
  guint    answers[3];
  double   last_nps;
  gboolean in_window;
  gboolean held;
  gboolean holds_at_outcome;
} Acc;

/* The span's values as the frame has them, NaN for null. */
static void
acc_values (const Acc *a, const Windows *w, guint k, CxvDate first_start, guint horizon_days,
            CxvDate data_last, double scale, double *v)
{
  /* What happens after the span is known only if the data reach the end
   * of the horizon; beyond it, churn and next revenue are unknown, not 0. */
  gboolean observed = w->end[k] - 1 + (CxvDate) horizon_days <= data_last;

  double months = (double) (w->end[k] - w->start[k]) / DAYS_PER_MONTH;

  for (guint f = F_CONTACTS; f <= F_COMPLAINTS_UNRESOLVED; f++)
    v[f] = (double) a->counts[f];
  for (guint i = 0; i < 3; i++)
    v[F_NPS + i] = a->answers[i] > 0 ? a->sums[i] / a->answers[i] : NAN;
  v[F_DETRACTOR] = isnan (a->last_nps) ? NAN : a->last_nps <= 6;
  v[F_PROMOTER] = isnan (a->last_nps) ? NAN : a->last_nps >= 9;
  v[F_PRODUCTS] = (double) a->counts[F_PRODUCTS];
  v[F_TENURE] = first_start != CXV_DATE_NONE
                ? MAX (0, w->start[k] - first_start) / DAYS_PER_MONTH : NAN;
  v[F_CHURN] = a->held && observed ? !a->holds_at_outcome : NAN;
  v[F_REVENUE] = a->revenue / scale;
  v[F_REVENUE_NEXT] = horizon_days > 0 && observed ? a->revenue_next / scale : NAN;
  v[F_REVENUE_CHANGE] = horizon_days > 0 && observed ? (a->revenue_next - a->revenue) / scale
                                                     : NAN;
  v[F_ARPU] = a->revenue / scale / months;
  v[F_COST_TO_SERVE] = (a->rev_cost + a->contact_cost) / scale;
  v[F_CONTACT_COST] = a->contact_cost / scale;
  v[F_MARGIN] = (a->revenue - a->rev_cost - a->contact_cost) / scale;
}

static CxvTable *
build_frame (CxvDataset      *dataset,
             const Settings  *s,
             CxvDate          start,
             CxvDate          end,
             CxvDate          data_last,
             GCancellable    *cancellable,
             GError         **error)
{
  const CxvRecordTable *hol = cxv_dataset_get_table (dataset, CXV_RECORD_HOLDING);
  const CxvRecordTable *rev = cxv_dataset_get_table (dataset, CXV_RECORD_REVENUE);
  const CxvRecordTable *itr = cxv_dataset_get_table (dataset, CXV_RECORD_INTERACTION);
  const CxvRecordTable *fee = cxv_dataset_get_table (dataset, CXV_RECORD_FEEDBACK);
  const guint32 *hol_off = cxv_dataset_get_offsets (dataset, CXV_RECORD_HOLDING);
  const guint32 *rev_off = cxv_dataset_get_offsets (dataset, CXV_RECORD_REVENUE);
  const guint32 *itr_off = cxv_dataset_get_offsets (dataset, CXV_RECORD_INTERACTION);
  const guint32 *fee_off = cxv_dataset_get_offsets (dataset, CXV_RECORD_FEEDBACK);
  const CxvDate *h_start = CXV_COLUMN (hol, CxvDate, HOL_START);
  const CxvDate *h_end = CXV_COLUMN (hol, CxvDate, HOL_END);
  const CxvDate *r_date = CXV_COLUMN (rev, CxvDate, REV_DATE);
  const gint64 *r_amount = CXV_COLUMN (rev, gint64, REV_AMOUNT);
  const gint64 *r_cost = CXV_COLUMN (rev, gint64, REV_COST);
  const CxvDate *i_date = CXV_COLUMN (itr, CxvDate, INT_DATE);
  const guint32 *i_channel = CXV_COLUMN (itr, guint32, INT_CHANNEL);
  const guint8 *i_class = CXV_COLUMN (itr, guint8, INT_CLASS);
  const guint8 *i_kind = CXV_COLUMN (itr, guint8, INT_KIND);
  const guint8 *i_resolved = CXV_COLUMN (itr, guint8, INT_RESOLVED);
  const guint32 *i_reason = CXV_COLUMN (itr, guint32, INT_REASON);
  const gint64 *i_cost = CXV_COLUMN (itr, gint64, INT_COST);
  const CxvDate *f_date = CXV_COLUMN (fee, CxvDate, FEE_DATE);
  const guint8 *f_instrument = CXV_COLUMN (fee, guint8, FEE_INSTRUMENT);
  const double *f_score = CXV_COLUMN (fee, double, FEE_SCORE);
  g_autoptr(CxvTable) frame = cxv_table_new ("linkage-frame");
  g_autoptr(GArray) named = g_array_new (FALSE, TRUE, sizeof (NamedCount));
  g_autofree guint64 *named_counts = NULL;
  g_autofree Acc *acc = NULL;
  g_autofree double *v = NULL;
  g_autofree double *seg_sum = NULL, *seg_n = NULL;
  g_autofree gint64 *seg_customers = NULL;
  guint n_customers = cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER);
  int decimals = cxv_currency_get_decimals (cxv_dataset_get_currency (dataset));
  double scale = pow (10.0, decimals < 0 ? 2 : decimals);
  gboolean by_segment = s->grain == CXV_LINKAGE_GRAIN_SEGMENT_PERIOD;
  CxvSegments segments = { 0 };
  Windows w;
  guint key_columns, n_values;

  g_array_set_clear_func (named, (GDestroyNotify) named_count_clear);
  cxv_table_set_currency (frame, cxv_dataset_get_currency (dataset));
  windows_init (&w, s->grain != CXV_LINKAGE_GRAIN_CUSTOMER, s->period, start, end);
  if (by_segment)
    {
      cxv_table_add_column (frame, "segment", CXV_COLUMN_TEXT);
      cxv_table_add_column (frame, "period", CXV_COLUMN_TEXT);
      cxv_table_add_column (frame, "customers", CXV_COLUMN_INT);
    }
  else
    {
      cxv_table_add_column (frame, "customer", CXV_COLUMN_TEXT);
      if (w.by_period)
        cxv_table_add_column (frame, "period", CXV_COLUMN_TEXT);
    }
  key_columns = cxv_table_get_n_columns (frame);
  for (guint f = 0; f < F_N; f++)
    cxv_table_add_column (frame, field_names[f],
                          by_segment || !field_is_count (f) ? CXV_COLUMN_DOUBLE : CXV_COLUMN_INT);

  /* contacts:CHANNEL and complaints:REASON columns, on request only. */
  for (guint k = 0; s->signals != NULL && s->signals[k] != NULL; k++)
    {
      const char *name = s->signals[k];
      gboolean reason = g_str_has_prefix (name, "complaints:");
      NamedCount nc = { 0 };

      if (!reason && !g_str_has_prefix (name, "contacts:"))
        continue;
      if (!find_text (dataset, strchr (name, ':') + 1, &nc.text))
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "Unknown signal “%s”: the dataset has no %s “%s”", name,
                       reason ? "complaint reason" : "channel", strchr (name, ':') + 1);
          windows_clear (&w);
          return NULL;
        }
      nc.reason = reason;
      nc.name = g_strdup (name);
      nc.column = cxv_table_add_column (frame, name,
                                        by_segment ? CXV_COLUMN_DOUBLE : CXV_COLUMN_INT);
      g_array_append_val (named, nc);
    }
  n_values = F_N + named->len;
  named_counts = g_new0 (guint64, MAX ((gsize) w.n * named->len, 1));
  acc = g_new (Acc, w.n);
  v = g_new (double, n_values);
  if (by_segment)
    {
      cxv_segments_init (&segments, dataset);
      seg_sum = g_new0 (double, (gsize) segments.n_slots * w.n * n_values);
      seg_n = g_new0 (double, (gsize) segments.n_slots * w.n * n_values);
      seg_customers = g_new0 (gint64, (gsize) segments.n_slots * w.n);
    }

  for (guint c = 0; c < n_customers; c++)
    {
      CxvDate first_start = CXV_DATE_NONE;

      if ((c & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          windows_clear (&w);
          cxv_segments_clear (&segments);
          return NULL;
        }
      memset (acc, 0, sizeof (Acc) * w.n);
      for (guint k = 0; k < w.n; k++)
        acc[k].last_nps = NAN;
      if (named->len > 0)
        memset (named_counts, 0, sizeof (guint64) * w.n * named->len);

      for (guint32 i = hol_off[c]; i < hol_off[c + 1]; i++)
        {
          gboolean open_end = h_end[i] == CXV_DATE_NONE;

          if (first_start == CXV_DATE_NONE || h_start[i] < first_start)
            first_start = h_start[i];
          for (guint k = 0; k < w.n; k++)
            {
              CxvDate outcome_day = w.end[k] - 1 + (CxvDate) s->horizon_days;

              if (h_start[i] < w.end[k] && (open_end || h_end[i] > w.start[k]))
                {
                  acc[k].held = TRUE;
                  acc[k].counts[F_PRODUCTS]++;
                }
              if (h_start[i] <= outcome_day && (open_end || h_end[i] > outcome_day))
                acc[k].holds_at_outcome = TRUE;
            }
        }
      for (guint32 i = rev_off[c]; i < rev_off[c + 1]; i++)
        {
          int k = window_of (&w, r_date[i]);

          if (k >= 0)
            {
              acc[k].in_window = TRUE;
              acc[k].revenue += r_amount[i];
              acc[k].rev_cost += r_cost[i];
            }
          if (s->horizon_days > 0)
            for (guint j = 0; j < w.n; j++)
              if (r_date[i] >= w.end[j] && r_date[i] < w.end[j] + (CxvDate) s->horizon_days)
                acc[j].revenue_next += r_amount[i];
        }
      for (guint32 i = itr_off[c]; i < itr_off[c + 1]; i++)
        {
          gboolean complaint = i_kind[i] == CXV_INTERACTION_COMPLAINT;
          int k = window_of (&w, i_date[i]);
          Acc *a;

          if (k < 0)
            continue;
          a = &acc[k];
          a->in_window = TRUE;
          a->counts[F_CONTACTS]++;
          a->counts[i_class[i] == CXV_CHANNEL_ASSISTED ? F_ASSISTED : F_LOW_COST]++;
          a->counts[F_COMPLAINTS] += complaint;
          a->counts[F_UNRESOLVED] += !i_resolved[i];
          a->counts[F_COMPLAINTS_UNRESOLVED] += complaint && !i_resolved[i];
          a->contact_cost += i_cost[i];
          for (guint j = 0; j < named->len; j++)
            {
              const NamedCount *nc = &g_array_index (named, NamedCount, j);

              if (nc->reason ? (complaint && i_reason[i] == nc->text) : i_channel[i] == nc->text)
                named_counts[(gsize) k * named->len + j]++;
            }
        }
      for (guint32 i = fee_off[c]; i < fee_off[c + 1]; i++)
        {
          guint which = f_instrument[i];
          int k = window_of (&w, f_date[i]);

          if (k < 0 || which > CXV_INSTRUMENT_CES)
            continue;
          acc[k].in_window = TRUE;
          acc[k].sums[which] += f_score[i];
          acc[k].answers[which]++;
          if (which == CXV_INSTRUMENT_NPS)
            acc[k].last_nps = f_score[i];
        }

      for (guint k = 0; k < w.n; k++)
        {
          guint row;

          if (!acc[k].held && !acc[k].in_window)
            continue;
          /* Money is exact until here; the frame holds currency units. */
          acc_values (&acc[k], &w, k, first_start, s->horizon_days, data_last, scale, v);
          for (guint j = 0; j < named->len; j++)
            v[F_N + j] = (double) named_counts[(gsize) k * named->len + j];

          if (by_segment)
            {
              gsize cell = (gsize) segments.slot_of[c] * w.n + k;

              seg_customers[cell]++;
              for (guint f = 0; f < n_values; f++)
                if (!isnan (v[f]))
                  {
                    seg_sum[cell * n_values + f] += v[f];
                    seg_n[cell * n_values + f] += 1;
                  }
              continue;
            }
          row = cxv_table_append_row (frame);
          cxv_table_set_text (frame, row, 0, cxv_dataset_get_customer_id (dataset, c));
          if (w.by_period)
            cxv_table_set_text (frame, row, 1, w.periods.labels[k]);
          for (guint f = 0; f < n_values; f++)
            {
              guint column = f < F_N ? key_columns + f
                                     : g_array_index (named, NamedCount, f - F_N).column;

              if (isnan (v[f]))
                cxv_table_set_null (frame, row, column);
              else if (f >= F_N || field_is_count (f))
                cxv_table_set_int (frame, row, column, (gint64) v[f]);
              else
                cxv_table_set_double (frame, row, column, v[f]);
            }
        }
    }

  /* A segment's row: its customers' means, each over those with a value. */
  for (guint slot = 1; by_segment && slot < segments.n_slots; slot++)
    for (guint k = 0; k < w.n; k++)
      {
        gsize cell = (gsize) slot * w.n + k;
        guint32 text = segments.text_of[slot];
        guint row;

        if (seg_customers[cell] == 0)
          continue;
        row = cxv_table_append_row (frame);
        cxv_table_set_text (frame, row, 0,
                            text == CXV_NO_INDEX ? "(none)" : cxv_dataset_get_text (dataset, text));
        cxv_table_set_text (frame, row, 1, w.periods.labels[k]);
        cxv_table_set_int (frame, row, 2, seg_customers[cell]);
        for (guint f = 0; f < n_values; f++)
          {
            guint column = f < F_N ? key_columns + f
                                   : g_array_index (named, NamedCount, f - F_N).column;
            double count = seg_n[cell * n_values + f];

            if (count > 0)
              cxv_table_set_double (frame, row, column, seg_sum[cell * n_values + f] / count);
            else
              cxv_table_set_null (frame, row, column);
          }
      }

  windows_clear (&w);
  cxv_segments_clear (&segments);
  return g_steal_pointer (&frame);
}

/* ------------------------------------------------------------------ */
/* Reading columns                                                      */

static gboolean
column_is_numeric (CxvTable *t, guint c)
{
  CxvColumnType type = cxv_table_get_column_type (t, c);

  return type == CXV_COLUMN_INT || type == CXV_COLUMN_DOUBLE || type == CXV_COLUMN_MONEY
         || type == CXV_COLUMN_BOOLEAN;
}

static char *
numeric_columns (CxvTable *t)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < cxv_table_get_n_columns (t); c++)
    if (column_is_numeric (t, c))
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "",
                              cxv_table_get_column_name (t, c));
  return g_string_free (out, FALSE);
}

static gboolean
lookup_numeric (CxvTable *t, const char *name, const char *what, guint *column, GError **error)
{
  if (!cxv_table_lookup_column (t, name, column))
    {
      g_autofree char *known = numeric_columns (t);

      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown %s “%s”: expected one of %s", what, name, known);
      return FALSE;
    }
  if (!column_is_numeric (t, *column))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The %s “%s” is not a number column", what, name);
      return FALSE;
    }
  return TRUE;
}

static double
cell_value (CxvTable *t, guint row, guint c, double money_scale)
{
  switch (cxv_table_get_column_type (t, c))
    {
    case CXV_COLUMN_INT:
      return (double) cxv_table_get_int (t, row, c);
    case CXV_COLUMN_MONEY:
      return (double) cxv_table_get_money (t, row, c) / money_scale;
    case CXV_COLUMN_BOOLEAN:
      return cxv_table_get_boolean (t, row, c) ? 1.0 : 0.0;
    case CXV_COLUMN_DOUBLE:
    default:
      return cxv_table_get_double (t, row, c);
    }
}

static char *
row_label (CxvTable *t, guint row)
{
  guint c;

  if (cxv_table_lookup_column (t, "customer", &c)
      && cxv_table_get_column_type (t, c) == CXV_COLUMN_TEXT && !cxv_table_is_null (t, row, c))
    return g_strdup_printf ("row %u (customer “%s”)", row, cxv_table_get_text (t, row, c));
  return g_strdup_printf ("row %u", row);
}

/* ------------------------------------------------------------------ */
/* Correlations, levels, model, drivers                                 */

static CxvTable *
make_correlations (const Results *r, GError **error)
{
  CxvTable *t = cxv_table_new ("linkage-correlations");
  static const char *const cols[] = {
    "pearson", "pearson_lower", "pearson_upper", "pearson_p",
    "spearman", "spearman_lower", "spearman_upper", "spearman_p",
  };

  cxv_table_add_column (t, "signal", CXV_COLUMN_TEXT);
  cxv_table_add_column (t, "n", CXV_COLUMN_INT);
  for (guint k = 0; k < G_N_ELEMENTS (cols); k++)
    cxv_table_add_column (t, cols[k], CXV_COLUMN_DOUBLE);
  for (guint j = 0; j < r->p; j++)
    {
      CxvCorrelation pe, sp;
      guint row;

      if (!cxv_pearson (r->x[j], r->y, r->n_rows, r->names[j], r->outcome, r->confidence, &pe,
                        error)
          || !cxv_spearman (r->x[j], r->y, r->n_rows, r->names[j], r->outcome, r->confidence,
                            &sp, error))
        {
          g_object_unref (t);
          return NULL;
        }
      row = cxv_table_append_row (t);
      cxv_table_set_text (t, row, 0, r->names[j]);
      cxv_table_set_int (t, row, 1, (gint64) r->n_rows);
      cxv_table_set_double (t, row, 2, pe.estimate);
      cxv_table_set_double (t, row, 3, pe.lower);
      cxv_table_set_double (t, row, 4, pe.upper);
      cxv_table_set_double (t, row, 5, pe.p_value);
      cxv_table_set_double (t, row, 6, sp.estimate);
      cxv_table_set_double (t, row, 7, sp.lower);
      cxv_table_set_double (t, row, 8, sp.upper);
      cxv_table_set_double (t, row, 9, sp.p_value);
    }
  return t;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static char *
format_number (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

static CxvTable *
make_levels (const Results *r)
{
  CxvTable *t = cxv_table_new ("linkage-levels");
  g_autofree double *sorted = g_new (double, MAX (r->n_rows, 1));

  cxv_table_add_column (t, "signal", CXV_COLUMN_TEXT);
  cxv_table_add_column (t, "level", CXV_COLUMN_TEXT);
  cxv_table_add_column (t, "low", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "high", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "customers", CXV_COLUMN_INT);
  cxv_table_add_column (t, "outcome_mean", CXV_COLUMN_DOUBLE);

  for (guint j = 0; j < r->p; j++)
    {
      double bounds[MAX_LEVELS + 1];
      guint n_distinct = 0, n_levels;
      gboolean exact;

      memcpy (sorted, r->x[j], sizeof (double) * r->n_rows);
      cxv_sort_doubles (sorted, r->n_rows);
      for (gsize i = 0; i < r->n_rows && n_distinct <= MAX_LEVELS; i++)
        if (i == 0 || sorted[i] != sorted[i - 1])
          bounds[MIN (n_distinct, MAX_LEVELS)] = sorted[i], n_distinct++;
      exact = n_distinct <= MAX_LEVELS;
      if (exact)
        n_levels = n_distinct;
      else
        {
          /* Fifths: the upper bound of each is a quantile; ties at a
           * bound stay in the lower fifth, so fifths may be uneven. */
          n_levels = 0;
          for (guint q = 1; q <= 5; q++)
            {
              double b = sorted[MIN (r->n_rows - 1, (gsize) ceil (r->n_rows * q / 5.0) - 1)];

              if (n_levels == 0 || b > bounds[n_levels - 1])
                bounds[n_levels++] = b;
            }
        }
      for (guint l = 0; l < n_levels; l++)
        {
          double lo = exact ? bounds[l] : (l == 0 ? sorted[0] : bounds[l - 1]);
          double hi = bounds[l];
          double sum = 0.0;
          gsize count = 0;
          guint row;
          g_autofree char *label = NULL;

          for (gsize i = 0; i < r->n_rows; i++)
            {
              double v = r->x[j][i];
              gboolean in = exact ? v == hi : (l == 0 ? v <= hi : v > lo && v <= hi);

              if (in)
                {
                  sum += r->y[i];
                  count++;
                }
            }
          if (exact)
            label = format_number (hi);
          else
            {
              g_autofree char *a = format_number (lo), *b = format_number (hi);

              label = g_strdup_printf (l == 0 ? "%s to %s" : "above %s to %s", a, b);
            }
          row = cxv_table_append_row (t);
          cxv_table_set_text (t, row, 0, r->names[j]);
          cxv_table_set_text (t, row, 1, label);
          cxv_table_set_double (t, row, 2, lo);
          cxv_table_set_double (t, row, 3, hi);
          cxv_table_set_int (t, row, 4, (gint64) count);
          if (count > 0)
            cxv_table_set_double (t, row, 5, sum / (double) count);
          else
            cxv_table_set_null (t, row, 5);
        }
    }
  return t;
}

static CxvTable *
make_model (Results *r, GError **error)
{
  CxvRegressionFit fit = { 0 };
  CxvTable *t;
  gboolean logistic = r->kind == CXV_LINKAGE_MODEL_LOGISTIC;
  double y_mean = 0.0;
  gboolean ok;
  guint k = r->p + 1;

  ok = logistic
       ? cxv_regression_logistic ((const double *const *) r->x, (const char *const *) r->names,
                                  r->p, r->y, r->n_rows, r->confidence, 0, &fit, error)
       : cxv_regression_ols ((const double *const *) r->x, (const char *const *) r->names, r->p,
                             r->y, r->n_rows, r->confidence, &fit, error);
  if (!ok)
    return NULL;

  for (gsize i = 0; i < r->n_rows; i++)
    y_mean += r->y[i];
  y_mean /= (double) r->n_rows;

  r->r_squared = fit.r_squared;
  r->log_likelihood = fit.log_likelihood;
  r->iterations = fit.iterations;
  r->coefficients = g_memdup2 (fit.coefficients, sizeof (double) * k);
  r->covariance = g_memdup2 (fit.covariance, sizeof (double) * k * k);

  t = cxv_table_new ("linkage-model");
  cxv_table_add_column (t, "term", CXV_COLUMN_TEXT);
  cxv_table_add_column (t, "estimate", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "standard_error", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "statistic", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "p_value", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "lower", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "upper", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "odds_ratio", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "odds_ratio_lower", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "odds_ratio_upper", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "elasticity", CXV_COLUMN_DOUBLE);
  for (guint term = 0; term < k; term++)
    {
      guint row = cxv_table_append_row (t);

      cxv_table_set_text (t, row, 0, term == 0 ? "(intercept)" : r->names[term - 1]);
      cxv_table_set_double (t, row, 1, fit.coefficients[term]);
      cxv_table_set_double (t, row, 2, fit.standard_errors[term]);
      cxv_table_set_double (t, row, 3, fit.statistics[term]);
      cxv_table_set_double (t, row, 4, fit.p_values[term]);
      cxv_table_set_double (t, row, 5, fit.lower[term]);
      cxv_table_set_double (t, row, 6, fit.upper[term]);
      if (logistic)
        {
          cxv_table_set_double (t, row, 7, exp (fit.coefficients[term]));
          cxv_table_set_double (t, row, 8, exp (fit.lower[term]));
          cxv_table_set_double (t, row, 9, exp (fit.upper[term]));
        }
      else
        for (guint c = 7; c <= 9; c++)
          cxv_table_set_null (t, row, c);
      if (term > 0)
        {
          double x_mean = 0.0, e;

          for (gsize i = 0; i < r->n_rows; i++)
            x_mean += r->x[term - 1][i];
          x_mean /= (double) r->n_rows;
          e = logistic ? fit.coefficients[term] * x_mean * (1.0 - y_mean)
                       : (y_mean != 0.0 ? fit.coefficients[term] * x_mean / y_mean : NAN);
          if (isfinite (e))
            cxv_table_set_double (t, row, 10, e);
          else
            cxv_table_set_null (t, row, 10);
        }
      else
        cxv_table_set_null (t, row, 10);
    }
  cxv_regression_fit_clear (&fit);
  return t;
}

typedef struct
{
  const Results *r;
  guint          samples;
  guint          seed;
  guint          thread;
  guint          n_threads;
  double        *weights_out;   /* samples × p, Johnson */
  double        *shapley_out;   /* samples × p */
  gboolean      *valid;
  GCancellable  *cancellable;
} BootstrapJob;

static gpointer
bootstrap_thread (gpointer data)
{
  BootstrapJob *job = data;
  const Results *r = job->r;
  guint k = r->p + 1;
  g_autofree double *w = g_new (double, r->n_rows);
  g_autofree double *corr = g_new (double, k * k);
  g_autofree const double **cols = g_new (const double *, k);
  g_autoptr(CxvMoments) m = cxv_moments_new (k);

  for (guint j = 0; j < r->p; j++)
    cols[j] = r->x[j];
  cols[r->p] = r->y;

  for (guint s = job->thread; s < job->samples; s += job->n_threads)
    {
      /* One generator per resample: the result does not depend on how
       * the resamples are shared among threads. */
      g_autoptr(GRand) rand = g_rand_new_with_seed (job->seed * 2654435761u + s + 1);
      double r2;

      if (g_cancellable_is_cancelled (job->cancellable))
        break;
      memset (w, 0, sizeof (double) * r->n_rows);
      for (gsize i = 0; i < r->n_rows; i++)
        w[g_rand_int_range (rand, 0, (gint32) r->n_rows)] += 1.0;
      cxv_moments_reset (m);
      cxv_moments_add_columns (m, cols, w, r->n_rows);
      job->valid[s] = cxv_moments_get_correlation (m, corr, NULL)
                      && cxv_relative_weights (corr, (const char *const *) r->names, r->p,
                                               job->weights_out + (gsize) s * r->p, &r2, NULL)
                      && cxv_shapley_r_squared (corr, (const char *const *) r->names, r->p,
                                                job->shapley_out + (gsize) s * r->p, &r2, NULL);
    }
  return NULL;
}

static double
percentile (double *values, guint n, double q)
{
  double pos;
  guint lo;

  qsort (values, n, sizeof (double), compare_doubles);
  pos = q * (n - 1);
  lo = (guint) floor (pos);
  if (lo + 1 >= n)
    return values[n - 1];
  return values[lo] + (pos - lo) * (values[lo + 1] - values[lo]);
}

static CxvTable *
make_drivers (const Results *r, guint samples, guint seed, GCancellable *cancellable,
              GError **error)
{
  guint k = r->p + 1;
  g_autofree double *corr = g_new (double, k * k);
  g_autofree double *weights = g_new (double, r->p);
  g_autofree double *shares = g_new (double, r->p);
  g_autofree const double **cols = g_new (const double *, k);
  g_autofree double *boot_w = NULL, *boot_s = NULL, *tmp = NULL;
  g_autofree gboolean *valid = NULL;
  g_autofree guint *order = NULL;
  g_autoptr(CxvMoments) m = cxv_moments_new (k);
  double r2, alpha = (1.0 - r->confidence) / 2.0;
  guint n_valid = 0;
  guint constant = 0;
  CxvTable *t;

  for (guint j = 0; j < r->p; j++)
    cols[j] = r->x[j];
  cols[r->p] = r->y;
  cxv_moments_add_columns (m, cols, NULL, r->n_rows);
  if (!cxv_moments_get_correlation (m, corr, &constant))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                   "“%s” has the same value for every customer: it cannot drive anything",
                   constant < r->p ? r->names[constant] : r->outcome);
      return NULL;
    }
  if (!cxv_relative_weights (corr, (const char *const *) r->names, r->p, weights, &r2, error)
      || !cxv_shapley_r_squared (corr, (const char *const *) r->names, r->p, shares, &r2, error))
    return NULL;

  if (samples > 0)
    {
      guint n_threads = MIN (MAX (g_get_num_processors (), 1), 8);
      GThread *threads[8];
      BootstrapJob jobs[8];

      /* Small data is not worth a thread. */
      if ((gsize) samples * r->n_rows < 2000000)
        n_threads = 1;
      boot_w = g_new (double, (gsize) samples * r->p);
      boot_s = g_new (double, (gsize) samples * r->p);
      valid = g_new0 (gboolean, samples);
      for (guint th = 0; th < n_threads; th++)
        {
          jobs[th] = (BootstrapJob) { r, samples, seed, th, n_threads, boot_w, boot_s, valid,
                                      cancellable };
          threads[th] = n_threads > 1 ? g_thread_new ("cxv-bootstrap", bootstrap_thread, &jobs[th])
                                      : NULL;
        }
      if (n_threads == 1)
        bootstrap_thread (&jobs[0]);
      for (guint th = 0; th < n_threads; th++)
        if (threads[th] != NULL)
          g_thread_join (threads[th]);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      for (guint s = 0; s < samples; s++)
        n_valid += valid[s];
      tmp = g_new (double, MAX (n_valid, 1));
    }

  order = g_new (guint, r->p);
  for (guint j = 0; j < r->p; j++)
    order[j] = j;
  /* The ranks follow the Shapley shares, largest first. */
  for (guint a = 1; a < r->p; a++)
    for (guint b = a; b > 0 && shares[order[b]] > shares[order[b - 1]]; b--)
      {
        guint x = order[b];
        order[b] = order[b - 1];
        order[b - 1] = x;
      }

  t = cxv_table_new ("linkage-drivers");
  cxv_table_add_column (t, "driver", CXV_COLUMN_TEXT);
  cxv_table_add_column (t, "rank", CXV_COLUMN_INT);
  cxv_table_add_column (t, "shapley", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "shapley_lower", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "shapley_upper", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "relative_weight", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "relative_weight_lower", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "relative_weight_upper", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "share_of_r_squared", CXV_COLUMN_DOUBLE);
  for (guint a = 0; a < r->p; a++)
    {
      guint j = order[a];
      guint row = cxv_table_append_row (t);

      cxv_table_set_text (t, row, 0, r->names[j]);
      cxv_table_set_int (t, row, 1, a + 1);
      cxv_table_set_double (t, row, 2, shares[j]);
      cxv_table_set_double (t, row, 5, weights[j]);
      cxv_table_set_double (t, row, 8, r2 > 0 ? shares[j] / r2 : NAN);
      if (n_valid >= 2)
        {
          double *sets[2] = { boot_s, boot_w };
          guint lo_col[2] = { 3, 6 };

          for (guint which = 0; which < 2; which++)
            {
              guint n = 0;

              for (guint s = 0; s < samples; s++)
                if (valid[s])
                  tmp[n++] = sets[which][(gsize) s * r->p + j];
              cxv_table_set_double (t, row, lo_col[which], percentile (tmp, n, alpha));
              cxv_table_set_double (t, row, lo_col[which] + 1, percentile (tmp, n, 1 - alpha));
            }
        }
      else
        for (guint c = 3; c <= 7; c++)
          if (c != 5)
            cxv_table_set_null (t, row, c);
    }
  return t;
}

/* ------------------------------------------------------------------ */
/* The run                                                              */

static gboolean
is_lower_better (const char *outcome, gboolean binary)
{
  static const char *const lower[] = {
    "churn", "detractor", "cost_to_serve", "contact_cost", "contacts", "contacts_assisted",
    "contacts_low_cost", "complaints", "unresolved", "complaints_unresolved",
  };
  static const char *const higher[] = {
    "promoter", "revenue", "revenue_next", "revenue_change", "arpu", "margin", "nps", "csat",
    "ces", "products", "tenure_months",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lower); i++)
    if (g_str_equal (outcome, lower[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (higher); i++)
    if (g_str_equal (outcome, higher[i]))
      return FALSE;
  /* A table's own column: a 0/1 outcome is read as an event to avoid,
   * such as churn; anything else as a value to raise. */
  return binary;
}

static gboolean
is_contact_count (const char *name)
{
  return g_str_has_prefix (name, "contacts") || g_str_has_prefix (name, "complaints")
         || g_str_equal (name, "unresolved");
}

static Results *
compute (CxvDataset     *dataset,
         const Settings *s,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(Results) r = g_new0 (Results, 1);
  g_autoptr(GPtrArray) signal_names = g_ptr_array_new ();
  g_autofree guint *columns = NULL;
  guint y_column, value_column = 0, contacts_col = 0, cost_col = 0;
  gboolean have_value = FALSE, binary = TRUE;
  double money_scale = 100.0;
  CxvTable *frame;
  guint n_frame;
  double total_contacts = 0.0, total_cost = 0.0;

  if (s->confidence <= 0.0 || s->confidence >= 1.0 || !isfinite (s->confidence))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The confidence level is %g: expected a number between 0 and 1",
                   s->confidence);
      return NULL;
    }
  if (s->outcome == NULL || *s->outcome == '\0')
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "Name the outcome to link the signals to");
      return NULL;
    }

  if (s->input_frame != NULL)
    r->frame = g_object_ref (s->input_frame);
  else
    {
      CxvDate start = s->start, end = s->end, first, last;

      if (!cxv_dataset_get_sealed (dataset))
        {
          g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED,
                               "Linkage needs a sealed dataset: call cxv_dataset_seal() first");
          return NULL;
        }
      date_range (dataset, &first, &last);
      if (first == CXV_DATE_NONE)
        {
          g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                               "The dataset has no dated records to link");
          return NULL;
        }
      if (start == CXV_DATE_NONE)
        start = first;
      if (end == CXV_DATE_NONE)
        end = last + 1;
      if ((s->start != CXV_DATE_NONE && !cxv_date_is_valid (s->start))
          || (s->end != CXV_DATE_NONE && !cxv_date_is_valid (s->end)) || end <= start
          || s->horizon_days > 36525)
        {
          g_autofree char *a = cxv_date_to_iso8601 (start), *b = cxv_date_to_iso8601 (end);

          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "The window %s to %s (horizon %u days) is not a valid span: the end "
                       "must come after the start, the horizon within 100 years",
                       a != NULL ? a : "(invalid)", b != NULL ? b : "(invalid)", s->horizon_days);
          return NULL;
        }
      if ((guint) s->grain > CXV_LINKAGE_GRAIN_SEGMENT_PERIOD || (guint) s->period > CXV_PERIOD_YEAR)
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "Unknown grain %d or period %d", (int) s->grain, (int) s->period);
          return NULL;
        }
      r->frame = build_frame (dataset, s, start, end, last, cancellable, error);
      if (r->frame == NULL)
        return NULL;
    }
  frame = r->frame;
  n_frame = cxv_table_get_n_rows (frame);
  if (cxv_table_get_currency (frame) != NULL)
    {
      int decimals = cxv_currency_get_decimals (cxv_table_get_currency (frame));

      money_scale = pow (10.0, decimals < 0 ? 2 : decimals);
    }

  /* Which columns. */
  if (!lookup_numeric (frame, s->outcome, "outcome", &y_column, error))
    return NULL;
  if (s->signals != NULL && s->signals[0] != NULL)
    {
      for (guint k = 0; s->signals[k] != NULL; k++)
        g_ptr_array_add (signal_names, s->signals[k]);
    }
  else if (s->input_frame == NULL)
    {
      /* The defaults that carry information in this dataset. */
      for (guint k = 0; k < G_N_ELEMENTS (default_signals); k++)
        {
          guint c, n_seen = 0;
          double first = NAN;
          gboolean varies = FALSE;

          cxv_table_lookup_column (frame, default_signals[k], &c);
          for (guint row = 0; row < n_frame; row++)
            if (!cxv_table_is_null (frame, row, c))
              {
                double v = cell_value (frame, row, c, money_scale);

                varies |= n_seen > 0 && v != first;
                if (n_seen++ == 0)
                  first = v;
              }
          if (varies && n_seen * 2 >= n_frame)
            g_ptr_array_add (signal_names, (gpointer) default_signals[k]);
        }
    }
  else
    {
      for (guint c = 0; c < cxv_table_get_n_columns (frame); c++)
        if (c != y_column && column_is_numeric (frame, c))
          g_ptr_array_add (signal_names, (gpointer) cxv_table_get_column_name (frame, c));
    }
  if (signal_names->len == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "No signal to link: name at least one");
      return NULL;
    }
  if (signal_names->len > CXV_SHAPLEY_MAX_PREDICTORS)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "%u signals: the key-driver analysis takes at most %u", signal_names->len,
                   CXV_SHAPLEY_MAX_PREDICTORS);
      return NULL;
    }
  r->p = signal_names->len;
  columns = g_new (guint, r->p);
  r->names = g_new0 (char *, r->p + 1);
  for (guint j = 0; j < r->p; j++)
    {
      const char *name = g_ptr_array_index (signal_names, j);

      if (!lookup_numeric (frame, name, "signal", &columns[j], error))
        return NULL;
      if (columns[j] == y_column)
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "“%s” is the outcome: it cannot also be a signal", name);
          return NULL;
        }
      for (guint i = 0; i < j; i++)
        if (columns[i] == columns[j])
          {
            g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                         "The signal “%s” is named twice", name);
            return NULL;
          }
      r->names[j] = g_strdup (name);
    }
  r->outcome = g_strdup (s->outcome);
  have_value = cxv_table_lookup_column (frame, "revenue", &value_column)
               && column_is_numeric (frame, value_column);

  /* Complete cases, NaN refused. */
  r->x = g_new0 (double *, r->p);
  for (guint j = 0; j < r->p; j++)
    r->x[j] = g_new (double, MAX (n_frame, 1));
  r->y = g_new (double, MAX (n_frame, 1));
  if (have_value)
    r->value = g_new (double, MAX (n_frame, 1));
  for (guint row = 0; row < n_frame; row++)
    {
      gboolean missing = cxv_table_is_null (frame, row, y_column);
      double y;

      for (guint j = 0; j < r->p && !missing; j++)
        missing = cxv_table_is_null (frame, row, columns[j]);
      if (missing)
        {
          r->n_dropped++;
          continue;
        }
      for (guint j = 0; j <= r->p; j++)
        {
          guint c = j < r->p ? columns[j] : y_column;
          double v = cell_value (frame, row, c, money_scale);

          if (!isfinite (v))
            {
              g_autofree char *where = row_label (frame, row);

              g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "“%s” is %g at %s: expected a finite number (use null for a "
                           "missing value)", cxv_table_get_column_name (frame, c), v, where);
              return NULL;
            }
          if (j < r->p)
            r->x[j][r->n_rows] = v;
        }
      y = cell_value (frame, row, y_column, money_scale);
      binary &= y == 0.0 || y == 1.0;
      r->y[r->n_rows] = y;
      if (have_value)
        {
          r->value[r->n_rows] = cxv_table_is_null (frame, row, value_column)
                                ? 0.0 : cell_value (frame, row, value_column, money_scale);
          if (!isfinite (r->value[r->n_rows]))
            r->value[r->n_rows] = 0.0;
        }
      r->n_rows++;
    }
  if (r->n_rows < r->p + 2)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                   "%" G_GSIZE_FORMAT " complete rows (of %u, %" G_GSIZE_FORMAT " with a "
                   "missing value): too few for %u signals and an intercept%s", r->n_rows,
                   n_frame, r->n_dropped, r->p,
                   s->input_frame == NULL && s->horizon_days > 0
                   ? " (outcomes after the last dated record are unknown: does the horizon "
                     "run past the data?)" : "");
      return NULL;
    }
  r->kind = binary ? CXV_LINKAGE_MODEL_LOGISTIC : CXV_LINKAGE_MODEL_OLS;
  r->lower_is_better = is_lower_better (s->outcome, binary);
  r->segment_rows = s->input_frame == NULL && s->grain == CXV_LINKAGE_GRAIN_SEGMENT_PERIOD;
  r->confidence = s->confidence;
  r->seed = s->seed;

  /* What a contact costs, for the what-if estimates of contact counts. */
  if (cxv_table_lookup_column (frame, "contacts", &contacts_col)
      && cxv_table_lookup_column (frame, "contact_cost", &cost_col))
    for (guint row = 0; row < n_frame; row++)
      {
        if (cxv_table_is_null (frame, row, contacts_col) || cxv_table_is_null (frame, row, cost_col))
          continue;
        total_contacts += cell_value (frame, row, contacts_col, money_scale);
        total_cost += cell_value (frame, row, cost_col, money_scale);
      }
  r->unit_cost = g_new (double, r->p);
  for (guint j = 0; j < r->p; j++)
    r->unit_cost[j] = is_contact_count (r->names[j]) && total_contacts > 0
                      ? total_cost / total_contacts : NAN;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  r->correlations = make_correlations (r, error);
  if (r->correlations == NULL)
    return NULL;
  r->levels = make_levels (r);
  r->model = make_model (r, error);
  if (r->model == NULL)
    return NULL;
  r->drivers = make_drivers (r, s->samples, s->seed, cancellable, error);
  if (r->drivers == NULL)
    return NULL;
  return g_steal_pointer (&r);
}

static void
settings_init (Settings *s, CxvLinkage *self)
{
  s->grain = self->grain;
  s->period = self->period;
  s->start = self->start;
  s->end = self->end;
  s->horizon_days = self->horizon_days;
  s->outcome = g_strdup (self->outcome);
  s->signals = g_strdupv (self->signals);
  s->confidence = self->confidence;
  s->samples = self->bootstrap_samples;
  s->seed = self->seed;
  s->input_frame = self->input_frame != NULL ? g_object_ref (self->input_frame) : NULL;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_linkage_finalize (GObject *object)
{
  CxvLinkage *self = CXV_LINKAGE (object);

  g_clear_object (&self->dataset);
  g_clear_object (&self->input_frame);
  g_free (self->outcome);
  g_strfreev (self->signals);
  g_clear_pointer (&self->results, results_free);

  G_OBJECT_CLASS (cxv_linkage_parent_class)->finalize (object);
}

static void
cxv_linkage_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CxvLinkage *self = CXV_LINKAGE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_FRAME:
      g_value_set_object (value, self->input_frame);
      break;
    case PROP_GRAIN:
      g_value_set_enum (value, (int) self->grain);
      break;
    case PROP_PERIOD:
      g_value_set_enum (value, (int) self->period);
      break;
    case PROP_START:
      g_value_set_int (value, self->start);
      break;
    case PROP_END:
      g_value_set_int (value, self->end);
      break;
    case PROP_HORIZON_DAYS:
      g_value_set_uint (value, self->horizon_days);
      break;
    case PROP_OUTCOME:
      g_value_set_string (value, self->outcome);
      break;
    case PROP_SIGNALS:
      g_value_set_boxed (value, self->signals);
      break;
    case PROP_CONFIDENCE:
      g_value_set_double (value, self->confidence);
      break;
    case PROP_BOOTSTRAP_SAMPLES:
      g_value_set_uint (value, self->bootstrap_samples);
      break;
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_linkage_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CxvLinkage *self = CXV_LINKAGE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_FRAME:
      self->input_frame = g_value_dup_object (value);
      break;
    case PROP_GRAIN:
      cxv_linkage_set_grain (self, (CxvLinkageGrain) g_value_get_enum (value));
      break;
    case PROP_PERIOD:
      cxv_linkage_set_period (self, (CxvPeriod) g_value_get_enum (value));
      break;
    case PROP_START:
      cxv_linkage_set_start (self, g_value_get_int (value));
      break;
    case PROP_END:
      cxv_linkage_set_end (self, g_value_get_int (value));
      break;
    case PROP_HORIZON_DAYS:
      cxv_linkage_set_horizon_days (self, g_value_get_uint (value));
      break;
    case PROP_OUTCOME:
      cxv_linkage_set_outcome (self, g_value_get_string (value));
      break;
    case PROP_SIGNALS:
      cxv_linkage_set_signals (self, g_value_get_boxed (value));
      break;
    case PROP_CONFIDENCE:
      cxv_linkage_set_confidence (self, g_value_get_double (value));
      break;
    case PROP_BOOTSTRAP_SAMPLES:
      cxv_linkage_set_bootstrap_samples (self, g_value_get_uint (value));
      break;
    case PROP_SEED:
      cxv_linkage_set_seed (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_linkage_class_init (CxvLinkageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cxv_linkage_finalize;
  object_class->get_property = cxv_linkage_get_property;
  object_class->set_property = cxv_linkage_set_property;

  /**
   * CxvLinkage:dataset:
   *
   * The dataset the frame is made from; %NULL when a table was given.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CxvLinkage:frame:
   *
   * The table analysed as the frame, when one was given instead of a
   * dataset.
   *
   * Since: 1.0
   */
  properties[PROP_FRAME] =
    g_param_spec_object ("frame", NULL, NULL, CXV_TYPE_TABLE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CxvLinkage:grain:
   *
   * What a row of the frame is: a customer over the window (the default),
   * a customer in each period of it, or a segment in each period (means
   * over its customers). Ignored for a frame given as a table.
   *
   * Since: 1.0
   */
  properties[PROP_GRAIN] =
    g_param_spec_enum ("grain", NULL, NULL, CXV_TYPE_LINKAGE_GRAIN, CXV_LINKAGE_GRAIN_CUSTOMER,
                       rw);

  /**
   * CxvLinkage:period:
   *
   * The periods of the per-period grains; months by default.
   *
   * Since: 1.0
   */
  properties[PROP_PERIOD] =
    g_param_spec_enum ("period", NULL, NULL, CXV_TYPE_PERIOD, CXV_PERIOD_MONTH, rw);

  /**
   * CxvLinkage:start:
   *
   * The first day of the window signals are read from, as a
   * [alias@Cxv.Date]; %CXV_DATE_NONE (the default) for the dataset's first
   * dated record.
   *
   * Since: 1.0
   */
  properties[PROP_START] =
    g_param_spec_int ("start", NULL, NULL, G_MININT, G_MAXINT, CXV_DATE_NONE, rw);

  /**
   * CxvLinkage:end:
   *
   * The day after the window, as a [alias@Cxv.Date]; %CXV_DATE_NONE (the
   * default) for the day after the dataset's last dated record.
   *
   * Since: 1.0
   */
  properties[PROP_END] =
    g_param_spec_int ("end", NULL, NULL, G_MININT, G_MAXINT, CXV_DATE_NONE, rw);

  /**
   * CxvLinkage:horizon-days:
   *
   * How many days after the window churn is measured at and
   * `revenue_next` summed over; 0 (the default) measures churn on the
   * window's last day.
   *
   * Since: 1.0
   */
  properties[PROP_HORIZON_DAYS] =
    g_param_spec_uint ("horizon-days", NULL, NULL, 0, 36525, 0, rw);

  /**
   * CxvLinkage:outcome:
   *
   * The frame column to explain; `churn` by default.
   *
   * Since: 1.0
   */
  properties[PROP_OUTCOME] =
    g_param_spec_string ("outcome", NULL, NULL, "churn", rw);

  /**
   * CxvLinkage:signals:
   *
   * The frame columns that explain the outcome. %NULL (the default) takes,
   * from a dataset, those of `complaints_unresolved`, `unresolved`,
   * `complaints`, `contacts`, `nps`, `csat` and `ces` that vary and are
   * known for at least half the customers; from a table, every number
   * column but the outcome.
   *
   * Since: 1.0
   */
  properties[PROP_SIGNALS] =
    g_param_spec_boxed ("signals", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * CxvLinkage:confidence:
   *
   * The confidence level of every interval; 0.95 by default.
   *
   * Since: 1.0
   */
  properties[PROP_CONFIDENCE] =
    g_param_spec_double ("confidence", NULL, NULL, 0.0, 1.0, 0.95, rw);

  /**
   * CxvLinkage:bootstrap-samples:
   *
   * How many resamples of the customers give the key drivers' intervals;
   * 0 for none. 200 by default.
   *
   * Since: 1.0
   */
  properties[PROP_BOOTSTRAP_SAMPLES] =
    g_param_spec_uint ("bootstrap-samples", NULL, NULL, 0, 100000, 200, rw);

  /**
   * CxvLinkage:seed:
   *
   * The seed of the resampling and of the what-if draws: the same seed
   * gives the same intervals, whatever the number of threads.
   *
   * Since: 1.0
   */
  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL, 0, G_MAXUINT, 1, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_linkage_init (CxvLinkage *self)
{
  self->grain = CXV_LINKAGE_GRAIN_CUSTOMER;
  self->period = CXV_PERIOD_MONTH;
  self->start = CXV_DATE_NONE;
  self->end = CXV_DATE_NONE;
  self->outcome = g_strdup ("churn");
  self->confidence = 0.95;
  self->bootstrap_samples = 200;
  self->seed = 1;
}

/**
 * cxv_linkage_new:
 * @dataset: a sealed #CxvDataset
 *
 * Creates a linkage analysis of @dataset; the frame is made at each run.
 *
 * Returns: (transfer full): a new #CxvLinkage
 *
 * Since: 1.0
 */
CxvLinkage *
cxv_linkage_new (CxvDataset *dataset)
{
  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);

  return g_object_new (CXV_TYPE_LINKAGE, "dataset", dataset, NULL);
}

/**
 * cxv_linkage_new_for_table:
 * @frame: a table with one row per customer
 *
 * Creates a linkage analysis of a frame made elsewhere. Its number,
 * money and boolean columns can be signals and outcomes.
 *
 * Returns: (transfer full): a new #CxvLinkage
 *
 * Since: 1.0
 */
CxvLinkage *
cxv_linkage_new_for_table (CxvTable *frame)
{
  g_return_val_if_fail (CXV_IS_TABLE (frame), NULL);

  return g_object_new (CXV_TYPE_LINKAGE, "frame", frame, NULL);
}

/**
 * cxv_linkage_get_dataset:
 * @self: a #CxvLinkage
 *
 * Gets the dataset the frame is made from.
 *
 * Returns: (transfer none) (nullable): the dataset, or %NULL for a table
 *
 * Since: 1.0
 */
CxvDataset *
cxv_linkage_get_dataset (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NULL);

  return self->dataset;
}

/**
 * cxv_linkage_get_grain:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:grain].
 *
 * Returns: what a row of the frame is
 *
 * Since: 1.0
 */
CxvLinkageGrain
cxv_linkage_get_grain (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), CXV_LINKAGE_GRAIN_CUSTOMER);

  return self->grain;
}

/**
 * cxv_linkage_set_grain:
 * @self: a #CxvLinkage
 * @grain: what a row of the frame is
 *
 * Sets [property@Cxv.Linkage:grain].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_grain (CxvLinkage      *self,
                       CxvLinkageGrain  grain)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  if (self->grain != grain)
    {
      self->grain = grain;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRAIN]);
    }
}

/**
 * cxv_linkage_get_period:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:period].
 *
 * Returns: the period of the per-period grains
 *
 * Since: 1.0
 */
CxvPeriod
cxv_linkage_get_period (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), CXV_PERIOD_MONTH);

  return self->period;
}

/**
 * cxv_linkage_set_period:
 * @self: a #CxvLinkage
 * @period: the period of the per-period grains
 *
 * Sets [property@Cxv.Linkage:period].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_period (CxvLinkage *self,
                        CxvPeriod   period)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  if (self->period != period)
    {
      self->period = period;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
    }
}

/**
 * cxv_linkage_get_start:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:start].
 *
 * Returns: the window's first day, or %CXV_DATE_NONE
 *
 * Since: 1.0
 */
CxvDate
cxv_linkage_get_start (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), CXV_DATE_NONE);

  return self->start;
}

/**
 * cxv_linkage_set_start:
 * @self: a #CxvLinkage
 * @start: the window's first day, or %CXV_DATE_NONE
 *
 * Sets [property@Cxv.Linkage:start].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_start (CxvLinkage *self,
                       CxvDate     start)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  if (self->start != start)
    {
      self->start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
    }
}

/**
 * cxv_linkage_get_end:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:end].
 *
 * Returns: the day after the window, or %CXV_DATE_NONE
 *
 * Since: 1.0
 */
CxvDate
cxv_linkage_get_end (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), CXV_DATE_NONE);

  return self->end;
}

/**
 * cxv_linkage_set_end:
 * @self: a #CxvLinkage
 * @end: the day after the window, or %CXV_DATE_NONE
 *
 * Sets [property@Cxv.Linkage:end].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_end (CxvLinkage *self,
                     CxvDate     end)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  if (self->end != end)
    {
      self->end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
    }
}

/**
 * cxv_linkage_get_horizon_days:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:horizon-days].
 *
 * Returns: the horizon in days
 *
 * Since: 1.0
 */
guint
cxv_linkage_get_horizon_days (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), 0);

  return self->horizon_days;
}

/**
 * cxv_linkage_set_horizon_days:
 * @self: a #CxvLinkage
 * @days: the horizon in days, up to 36,525
 *
 * Sets [property@Cxv.Linkage:horizon-days].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_horizon_days (CxvLinkage *self,
                              guint       days)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  if (self->horizon_days != days)
    {
      self->horizon_days = days;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HORIZON_DAYS]);
    }
}

/**
 * cxv_linkage_get_outcome:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:outcome].
 *
 * Returns: the outcome's column name
 *
 * Since: 1.0
 */
const char *
cxv_linkage_get_outcome (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NULL);

  return self->outcome;
}

/**
 * cxv_linkage_set_outcome:
 * @self: a #CxvLinkage
 * @outcome: a column name of the frame
 *
 * Sets [property@Cxv.Linkage:outcome].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_outcome (CxvLinkage *self,
                         const char *outcome)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  if (g_strcmp0 (self->outcome, outcome) != 0)
    {
      g_free (self->outcome);
      self->outcome = g_strdup (outcome);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
    }
}

/**
 * cxv_linkage_get_signals:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:signals].
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   signals' column names, or %NULL for the defaults
 *
 * Since: 1.0
 */
const char * const *
cxv_linkage_get_signals (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NULL);

  return (const char * const *) self->signals;
}

/**
 * cxv_linkage_set_signals:
 * @self: a #CxvLinkage
 * @signals: (nullable) (array zero-terminated=1): column names, or %NULL
 *   for the defaults
 *
 * Sets [property@Cxv.Linkage:signals].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_signals (CxvLinkage         *self,
                         const char * const *signals)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  g_strfreev (self->signals);
  self->signals = g_strdupv ((char **) signals);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNALS]);
}

/**
 * cxv_linkage_get_confidence:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:confidence].
 *
 * Returns: the confidence level
 *
 * Since: 1.0
 */
double
cxv_linkage_get_confidence (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), 0.95);

  return self->confidence;
}

/**
 * cxv_linkage_set_confidence:
 * @self: a #CxvLinkage
 * @confidence: a level strictly between 0 and 1
 *
 * Sets [property@Cxv.Linkage:confidence].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_confidence (CxvLinkage *self,
                            double      confidence)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  if (self->confidence != confidence)
    {
      self->confidence = confidence;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIDENCE]);
    }
}

/**
 * cxv_linkage_get_bootstrap_samples:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:bootstrap-samples].
 *
 * Returns: the number of resamples
 *
 * Since: 1.0
 */
guint
cxv_linkage_get_bootstrap_samples (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), 0);

  return self->bootstrap_samples;
}

/**
 * cxv_linkage_set_bootstrap_samples:
 * @self: a #CxvLinkage
 * @samples: the number of resamples, 0 for none
 *
 * Sets [property@Cxv.Linkage:bootstrap-samples].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_bootstrap_samples (CxvLinkage *self,
                                   guint       samples)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  if (self->bootstrap_samples != samples)
    {
      self->bootstrap_samples = samples;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOOTSTRAP_SAMPLES]);
    }
}

/**
 * cxv_linkage_get_seed:
 * @self: a #CxvLinkage
 *
 * Gets [property@Cxv.Linkage:seed].
 *
 * Returns: the seed
 *
 * Since: 1.0
 */
guint
cxv_linkage_get_seed (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), 1);

  return self->seed;
}

/**
 * cxv_linkage_set_seed:
 * @self: a #CxvLinkage
 * @seed: the seed
 *
 * Sets [property@Cxv.Linkage:seed].
 *
 * Since: 1.0
 */
void
cxv_linkage_set_seed (CxvLinkage *self,
                      guint       seed)
{
  g_return_if_fail (CXV_IS_LINKAGE (self));

  if (self->seed != seed)
    {
      self->seed = seed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
    }
}

/**
 * cxv_linkage_run:
 * @self: a #CxvLinkage
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Makes the frame and computes every statistic with the current settings.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier results kept:
 *   %CXV_ANALYSIS_ERROR_NOT_SEALED; %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT
 *   for an unknown signal or outcome (the message lists the columns), a
 *   NaN, or a bad setting; %CXV_ANALYSIS_ERROR_EMPTY for fewer complete
 *   rows than parameters; %CXV_ANALYSIS_ERROR_FAILED for a constant or
 *   collinear signal, separation or a fit that does not converge, naming
 *   the signals; %G_IO_ERROR_CANCELLED
 *
 * Since: 1.0
 */
gboolean
cxv_linkage_run (CxvLinkage    *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Settings s = { 0 };
  Results *r;

  g_return_val_if_fail (CXV_IS_LINKAGE (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  settings_init (&s, self);
  r = compute (self->dataset, &s, cancellable, error);
  settings_clear (&s);
  if (r == NULL)
    return FALSE;
  g_clear_pointer (&self->results, results_free);
  self->results = r;
  return TRUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CxvLinkage *self = source_object;
  GError *error = NULL;
  Results *r;

  /* The dataset is sealed and the settings were copied. */
  r = compute (self->dataset, task_data, cancellable, &error);
  if (r != NULL)
    g_task_return_pointer (task, r, (GDestroyNotify) results_free);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_linkage_run_async:
 * @self: a #CxvLinkage
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the results are ready
 * @user_data: data for @callback
 *
 * Runs the analysis in a worker thread with the settings @self has now.
 *
 * Since: 1.0
 */
void
cxv_linkage_run_async (CxvLinkage          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Settings *s;

  g_return_if_fail (CXV_IS_LINKAGE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_linkage_run_async);
  s = g_new0 (Settings, 1);
  settings_init (s, self);
  g_task_set_task_data (task, s, (GDestroyNotify) settings_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * cxv_linkage_run_finish:
 * @self: a #CxvLinkage
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.Linkage.run_async] and installs its results.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_linkage_run_finish (CxvLinkage    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  Results *r;

  g_return_val_if_fail (CXV_IS_LINKAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_linkage_run_async, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return FALSE;
  g_clear_pointer (&self->results, results_free);
  self->results = r;
  return TRUE;
}

/**
 * cxv_linkage_get_frame:
 * @self: a #CxvLinkage
 *
 * Gets the frame of the last run, one row per customer, with every
 * built-in signal and outcome (see the class documentation), or the table
 * that was given.
 *
 * Returns: (transfer none) (nullable): the frame, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_linkage_get_frame (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NULL);

  return self->results != NULL ? self->results->frame : NULL;
}

/**
 * cxv_linkage_get_n_rows:
 * @self: a #CxvLinkage
 *
 * Gets the number of complete rows the statistics used.
 *
 * Returns: the rows, 0 before a run
 *
 * Since: 1.0
 */
gsize
cxv_linkage_get_n_rows (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), 0);

  return self->results != NULL ? self->results->n_rows : 0;
}

/**
 * cxv_linkage_get_n_dropped:
 * @self: a #CxvLinkage
 *
 * Gets the number of frame rows left out for a missing signal or outcome.
 *
 * Returns: the rows left out, 0 before a run
 *
 * Since: 1.0
 */
gsize
cxv_linkage_get_n_dropped (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), 0);

  return self->results != NULL ? self->results->n_dropped : 0;
}

/**
 * cxv_linkage_get_model_kind:
 * @self: a #CxvLinkage
 *
 * Gets which regression the last run fitted.
 *
 * Returns: the model
 *
 * Since: 1.0
 */
CxvLinkageModel
cxv_linkage_get_model_kind (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), CXV_LINKAGE_MODEL_OLS);

  return self->results != NULL ? self->results->kind : CXV_LINKAGE_MODEL_OLS;
}

/**
 * cxv_linkage_get_r_squared:
 * @self: a #CxvLinkage
 *
 * Gets the model's R², or McFadden's pseudo R² for a logistic model.
 *
 * Returns: the R²; NaN before a run
 *
 * Since: 1.0
 */
double
cxv_linkage_get_r_squared (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NAN);

  return self->results != NULL ? self->results->r_squared : NAN;
}

/**
 * cxv_linkage_get_log_likelihood:
 * @self: a #CxvLinkage
 *
 * Gets the model's maximised log-likelihood (Gaussian for least squares).
 *
 * Returns: the log-likelihood; NaN before a run
 *
 * Since: 1.0
 */
double
cxv_linkage_get_log_likelihood (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NAN);

  return self->results != NULL ? self->results->log_likelihood : NAN;
}

/**
 * cxv_linkage_get_iterations:
 * @self: a #CxvLinkage
 *
 * Gets the Newton iterations of a logistic fit (0 for least squares). A
 * fit that does not converge is an error, never a result.
 *
 * Returns: the iterations
 *
 * Since: 1.0
 */
guint
cxv_linkage_get_iterations (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), 0);

  return self->results != NULL ? self->results->iterations : 0;
}

/**
 * cxv_linkage_get_correlations:
 * @self: a #CxvLinkage
 *
 * Gets each signal's correlation with the outcome: columns `signal`, `n`,
 * `pearson`, `pearson_lower`, `pearson_upper`, `pearson_p`, `spearman`,
 * `spearman_lower`, `spearman_upper` and `spearman_p`.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_linkage_get_correlations (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NULL);

  return self->results != NULL ? self->results->correlations : NULL;
}

/**
 * cxv_linkage_get_levels:
 * @self: a #CxvLinkage
 *
 * Gets the outcome's mean by level of each signal: columns `signal`,
 * `level`, `low`, `high`, `customers` and `outcome_mean`. A signal with up
 * to 12 values has a level per value; others are cut at their fifths.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_linkage_get_levels (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NULL);

  return self->results != NULL ? self->results->levels : NULL;
}

/**
 * cxv_linkage_get_model:
 * @self: a #CxvLinkage
 *
 * Gets the fitted model: one row per term (`(intercept)` first), columns
 * `term`, `estimate`, `standard_error`, `statistic` (t or z), `p_value`,
 * `lower`, `upper`, `odds_ratio`, `odds_ratio_lower`, `odds_ratio_upper`
 * (logistic only) and `elasticity` (at the means).
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_linkage_get_model (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NULL);

  return self->results != NULL ? self->results->model : NULL;
}

/**
 * cxv_linkage_get_drivers:
 * @self: a #CxvLinkage
 *
 * Gets the key drivers, largest Shapley share first: columns `driver`,
 * `rank`, `shapley`, `shapley_lower`, `shapley_upper`, `relative_weight`,
 * `relative_weight_lower`, `relative_weight_upper` and
 * `share_of_r_squared`. Each method's values sum to the R² of the linear
 * model; the bounds are bootstrap percentiles (null without resamples).
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_linkage_get_drivers (CxvLinkage *self)
{
  g_return_val_if_fail (CXV_IS_LINKAGE (self), NULL);

  return self->results != NULL ? self->results->drivers : NULL;
}

/* ------------------------------------------------------------------ */
/* What if                                                              */

static double
sigmoid (double eta)
{
  return eta >= 0 ? 1.0 / (1.0 + exp (-eta)) : exp (eta) / (1.0 + exp (eta));
}

/* The outcome change and the revenue kept for coefficients @b. */
static void
what_if_effect (const Results *r, const double *b, guint j, const double *delta,
                const guint32 *moved, gsize n_moved, double *change, double *revenue)
{
  *change = 0.0;
  *revenue = 0.0;
  for (gsize m = 0; m < n_moved; m++)
    {
      gsize i = moved[m];

      if (r->kind == CXV_LINKAGE_MODEL_LOGISTIC)
        {
          double eta = b[0], before, after;

          for (guint k = 0; k < r->p; k++)
            eta += b[k + 1] * r->x[k][i];
          before = sigmoid (eta);
          after = sigmoid (eta + b[j + 1] * delta[m]);
          *change += after - before;
          if (r->value != NULL)
            *revenue -= (after - before) * r->value[i];
        }
      else
        *change += b[j + 1] * delta[m];
    }
}

/**
 * cxv_linkage_what_if:
 * @self: a #CxvLinkage that has run
 * @signal: one of the run's signals
 * @target: the value the signal moves to
 * @error: return location for a #GError
 *
 * Estimates the money left on the table: what the fitted model says would
 * change if @signal were @target for every customer on the worse side of
 * it (those for whom the move improves the predicted outcome), the others
 * unchanged. Lower is better for churn, detractors, the costs and the
 * contact and complaint counts; higher for the other built-in columns; a
 * table's own 0/1 column is read as an event to avoid, any other column as
 * a value to raise. The segment-period frame holds means, not customers,
 * and has no what-if.
 *
 * One row, columns: `signal`, `target`, `customers_moved`, `total_shift`
 * (the sum of the moves), `outcome`, `change` (the summed change in the
 * outcome: expected churners for churn, currency units for money),
 * `change_lower`, `change_upper`, `per_unit` (change per unit of shift),
 * `revenue_kept` with `revenue_kept_lower` and `revenue_kept_upper` (for a
 * 0/1 outcome to avoid, such as churn: each customer's drop in probability
 * times its `revenue` column, when the frame has one; else null), `contact_cost_saved` (for
 * contact and complaint counts of a dataset's frame: the shift times the
 * frame's mean cost per contact; else null) and `assumptions`, the
 * assumptions in words. The intervals come from draws of the coefficients
 * from their estimated normal distribution, seeded by
 * [property@Cxv.Linkage:seed].
 *
 * Returns: (transfer full) (nullable): the estimate, or %NULL with @error
 *   set (%CXV_ANALYSIS_ERROR_NOT_RUN before a run,
 *   %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for a signal the run did not use
 *   or a target that is not finite)
 *
 * Since: 1.0
 */
CxvTable *
cxv_linkage_what_if (CxvLinkage  *self,
                     const char  *signal,
                     double       target,
                     GError     **error)
{
  const Results *r;
  int j = -1;
  g_autofree double *delta = NULL, *chol = NULL, *draw = NULL, *z = NULL;
  g_autofree double *changes = NULL, *revenues = NULL;
  g_autofree guint32 *moved = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *assumptions = NULL;
  gsize n_moved = 0;
  double shift = 0.0, change, revenue, alpha, sign;
  guint k, failed = 0;
  gboolean have_draws;
  CxvTable *t;
  guint row;
  gboolean logistic;

  g_return_val_if_fail (CXV_IS_LINKAGE (self), NULL);
  g_return_val_if_fail (signal != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r = self->results;
  if (r == NULL)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN,
                           "Run the linkage before asking what if");
      return NULL;
    }
  for (guint i = 0; i < r->p; i++)
    if (g_str_equal (r->names[i], signal))
      j = (int) i;
  if (j < 0)
    {
      g_autofree char *used = g_strjoinv (", ", r->names);

      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a signal of this run (%s)", signal, used);
      return NULL;
    }
  if (!isfinite (target))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The target of “%s” is %g: expected a finite number", signal, target);
      return NULL;
    }
  if (r->segment_rows)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "What-if estimates move customers: the segment-period frame holds "
                           "means, so run them at the customer or customer-period grain");
      return NULL;
    }
  logistic = r->kind == CXV_LINKAGE_MODEL_LOGISTIC;
  k = r->p + 1;

  /* Who moves: those whose predicted outcome improves by the move, judged
   * by the point estimate, so every draw moves the same customers. */
  sign = r->lower_is_better ? -1.0 : 1.0;
  delta = g_new (double, MAX (r->n_rows, 1));
  moved = g_new (guint32, MAX (r->n_rows, 1));
  for (gsize i = 0; i < r->n_rows; i++)
    {
      double d = target - r->x[j][i];

      if (d != 0.0 && sign * r->coefficients[j + 1] * d > 0.0)
        {
          delta[n_moved] = d;
          moved[n_moved++] = (guint32) i;
          shift += d;
        }
    }
  what_if_effect (r, r->coefficients, (guint) j, delta, moved, n_moved, &change, &revenue);

  /* Coefficient draws: b = b̂ + L z with L the Cholesky factor of the
   * covariance. */
  chol = g_memdup2 (r->covariance, sizeof (double) * k * k);
  changes = g_new (double, WHAT_IF_DRAWS);
  revenues = g_new (double, WHAT_IF_DRAWS);
  draw = g_new (double, k);
  z = g_new (double, k);
  rand = g_rand_new_with_seed (r->seed ^ 0x5bd1e995u);
  /* A covariance that is not positive definite gives no interval. */
  have_draws = cxv_linalg_cholesky (chol, k, CXV_LINALG_PIVOT_TOLERANCE, &failed);
  if (have_draws)
    for (guint d = 0; d < WHAT_IF_DRAWS; d++)
      {
        for (guint a = 0; a < k; a += 2)
          {
            /* Box-Muller, two normals per pair of uniforms. */
            double u1 = g_rand_double (rand), u2 = g_rand_double (rand);
            double radius = sqrt (-2.0 * log (1.0 - u1));

            z[a] = radius * cos (2 * G_PI * u2);
            if (a + 1 < k)
              z[a + 1] = radius * sin (2 * G_PI * u2);
          }
        for (guint a = 0; a < k; a++)
          {
            draw[a] = r->coefficients[a];
            for (guint b = 0; b <= a; b++)
              draw[a] += chol[a * k + b] * z[b];
          }
        what_if_effect (r, draw, (guint) j, delta, moved, n_moved, &changes[d], &revenues[d]);
      }
  alpha = (1.0 - r->confidence) / 2.0;

  assumptions = g_strdup_printf (
    "An association in observational data read as an effect: the fitted %s model holds, "
    "the other signals stay as they are, and the %" G_GSIZE_FORMAT " customers on the worse "
    "side of %g move to exactly %g.%s Intervals: %u draws of the coefficients from their "
    "estimated normal distribution, at %g %% confidence.",
    logistic ? "logistic" : "linear", n_moved, target, target,
    logistic && r->value != NULL && r->lower_is_better
    ? " Revenue kept: each customer's drop in churn probability times its revenue in the "
      "window, as if the next period repeated it."
    : "",
    WHAT_IF_DRAWS, r->confidence * 100);

  t = cxv_table_new ("linkage-what-if");
  cxv_table_add_column (t, "signal", CXV_COLUMN_TEXT);
  cxv_table_add_column (t, "target", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "customers_moved", CXV_COLUMN_INT);
  cxv_table_add_column (t, "total_shift", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "outcome", CXV_COLUMN_TEXT);
  cxv_table_add_column (t, "change", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "change_lower", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "change_upper", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "per_unit", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "revenue_kept", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "revenue_kept_lower", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "revenue_kept_upper", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "contact_cost_saved", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (t, "assumptions", CXV_COLUMN_TEXT);
  if (self->dataset != NULL)
    cxv_table_set_currency (t, cxv_dataset_get_currency (self->dataset));

  row = cxv_table_append_row (t);
  cxv_table_set_text (t, row, 0, signal);
  cxv_table_set_double (t, row, 1, target);
  cxv_table_set_int (t, row, 2, (gint64) n_moved);
  cxv_table_set_double (t, row, 3, shift);
  cxv_table_set_text (t, row, 4, r->outcome);
  cxv_table_set_double (t, row, 5, change);
  if (have_draws)
    {
      cxv_table_set_double (t, row, 6, percentile (changes, WHAT_IF_DRAWS, alpha));
      cxv_table_set_double (t, row, 7, percentile (changes, WHAT_IF_DRAWS, 1 - alpha));
    }
  else
    {
      cxv_table_set_null (t, row, 6);
      cxv_table_set_null (t, row, 7);
    }
  if (shift != 0.0)
    cxv_table_set_double (t, row, 8, change / shift);
  else
    cxv_table_set_null (t, row, 8);
  if (logistic && r->value != NULL && r->lower_is_better)
    {
      cxv_table_set_double (t, row, 9, revenue);
      if (have_draws)
        {
          cxv_table_set_double (t, row, 10, percentile (revenues, WHAT_IF_DRAWS, alpha));
          cxv_table_set_double (t, row, 11, percentile (revenues, WHAT_IF_DRAWS, 1 - alpha));
        }
      else
        {
          cxv_table_set_null (t, row, 10);
          cxv_table_set_null (t, row, 11);
        }
    }
  else
    for (guint c = 9; c <= 11; c++)
      cxv_table_set_null (t, row, c);
  if (isfinite (r->unit_cost[j]))
    cxv_table_set_double (t, row, 12, -shift * r->unit_cost[j]);
  else
    cxv_table_set_null (t, row, 12);
  cxv_table_set_text (t, row, 13, assumptions);
  return t;
}
