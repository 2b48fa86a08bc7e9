/* cxv-clv-summary.c: recency, frequency and monetary value per customer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-clv-summary-private.h"
#include "cxv-dataset-private.h"
#include "cxv-error.h"
#include "cxv-enum-types.h"
#include "cxv-money.h"
#include "cxv-money-private.h"

/**
 * CxvClvSummary:
 *
 * The customer-by-sufficient-statistic summary that lifetime-value models
 * fit: for each customer, how often it bought again, when it last bought
 * and for how long it has been watched.
 *
 * A purchase is a revenue event that is not a refund or a contraction,
 * with an amount of 0 or more (free purchases count). Purchases on the
 * same day are merged into one (their amounts added), because the models
 * count buying occasions and dates carry no time of day. For each customer
 * whose first purchase falls on or before
 * [property@Cxv.ClvSummary:calibration-end]:
 *
 * - `frequency` (x): the number of purchase days after the first one, up to
 *   the calibration end;
 * - `recency` (t_x): the time from the first purchase day to the last one,
 *   0 when x is 0;
 * - `age` (T): the time from the first purchase day to the calibration end;
 * - `monetary_value`: the mean amount of the repeat purchase days, in
 *   currency units (0 when x is 0), which the Gamma-Gamma model fits.
 *
 * Times are days divided by the length of [property@Cxv.ClvSummary:time-unit]
 * in days. With a [property@Cxv.ClvSummary:holdout-end], purchase days after
 * the calibration end up to and including the holdout end are counted as
 * `holdout_frequency` with their amount `holdout_value`, to compare a model's
 * predictions with what happened.
 *
 * This is the convention of Fader, Hardie and Lee's CDNOW analyses, and the
 * one that reproduces their published estimates.
 *
 * A summary can also be made from arrays with
 * [ctor@Cxv.ClvSummary.new_for_data], for data summarised elsewhere or
 * simulated.
 *
 * Since: 1.0
 */

struct _CxvClvSummary
{
  GObject      parent_instance;

  CxvDataset  *dataset;
  CxvDate      calibration_end;
  CxvDate      holdout_end;
  CxvTimeUnit  time_unit;

  /* Results of the last successful run. */
  struct Summary *summary;
};

typedef struct Summary
{
  gsize        n;
  gsize        n_repeat;
  CxvTimeUnit  time_unit;
  gboolean     have_holdout;
  double      *x;
  double      *t_x;
  double      *T;
  double      *mean_spend;
  double      *holdout_x;
  gint64      *holdout_value;
  guint32     *customer;          /* dataset index, NULL when made from data */
  CxvTable    *table;
} Summary;

typedef struct
{
  CxvDate     calibration_end;
  CxvDate     holdout_end;
  CxvTimeUnit time_unit;
} Settings;

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_CALIBRATION_END,
  PROP_HOLDOUT_END,
  PROP_TIME_UNIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CxvClvSummary, cxv_clv_summary, G_TYPE_OBJECT)

static void
summary_free (Summary *s)
{
  if (s == NULL)
    return;
  g_free (s->x);
  g_free (s->t_x);
  g_free (s->T);
  g_free (s->mean_spend);
  g_free (s->holdout_x);
  g_free (s->holdout_value);
  g_free (s->customer);
  g_clear_object (&s->table);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Summary, summary_free)

static double
days_per_unit (CxvTimeUnit unit)
{
  switch (unit)
    {
    case CXV_TIME_UNIT_DAY:
      return 1.0;
    case CXV_TIME_UNIT_WEEK:
      return 7.0;
    case CXV_TIME_UNIT_MONTH:
      return 365.2425 / 12.0;
    case CXV_TIME_UNIT_YEAR:
    default:
      return 365.2425;
    }
}

static Summary *
summary_alloc (gsize n, gboolean holdout, gboolean with_customers)
{
  Summary *s = g_new0 (Summary, 1);

  s->x = g_new0 (double, MAX (n, 1));
  s->t_x = g_new0 (double, MAX (n, 1));
  s->T = g_new0 (double, MAX (n, 1));
  s->mean_spend = g_new0 (double, MAX (n, 1));
  if (holdout)
    {
      s->holdout_x = g_new0 (double, MAX (n, 1));
      s->holdout_value = g_new0 (gint64, MAX (n, 1));
    }
  if (with_customers)
    s->customer = g_new0 (guint32, MAX (n, 1));
  s->have_holdout = holdout;
  return s;
}

static void
set_customer_cell (const Summary *s, CxvDataset *dataset, gsize i, CxvTable *t, guint row,
                   guint column)
{
  char number[32];

  if (s->customer != NULL)
    {
      cxv_table_set_text (t, row, column, cxv_dataset_get_customer_id (dataset, s->customer[i]));
      return;
    }
  g_snprintf (number, sizeof number, "%" G_GSIZE_FORMAT, i);
  cxv_table_set_text (t, row, column, number);
}

static CxvTable *
make_table (const Summary *s, CxvDataset *dataset)
{
  CxvTable *t = cxv_table_new ("clv-summary");
  guint c_customer, c_x, c_t_x, c_T, c_m, c_hx = 0, c_hv = 0;

  if (dataset != NULL)
    cxv_table_set_currency (t, cxv_dataset_get_currency (dataset));
  c_customer = cxv_table_add_column (t, "customer", CXV_COLUMN_TEXT);
  c_x = cxv_table_add_column (t, "frequency", CXV_COLUMN_INT);
  c_t_x = cxv_table_add_column (t, "recency", CXV_COLUMN_DOUBLE);
  c_T = cxv_table_add_column (t, "age", CXV_COLUMN_DOUBLE);
  c_m = cxv_table_add_column (t, "monetary_value", CXV_COLUMN_DOUBLE);
  if (s->have_holdout)
    {
      c_hx = cxv_table_add_column (t, "holdout_frequency", CXV_COLUMN_INT);
      c_hv = cxv_table_add_column (t, "holdout_value", CXV_COLUMN_MONEY);
    }
  for (gsize i = 0; i < s->n; i++)
    {
      guint row = cxv_table_append_row (t);

      set_customer_cell (s, dataset, i, t, row, c_customer);
      cxv_table_set_int (t, row, c_x, (gint64) s->x[i]);
      cxv_table_set_double (t, row, c_t_x, s->t_x[i]);
      cxv_table_set_double (t, row, c_T, s->T[i]);
      cxv_table_set_double (t, row, c_m, s->mean_spend[i]);
      if (s->have_holdout)
        {
          cxv_table_set_int (t, row, c_hx, (gint64) s->holdout_x[i]);
          cxv_table_set_money (t, row, c_hv, s->holdout_value[i]);
        }
    }
  return t;
}

/* Free purchases (amount 0) count: CDNOW has some, and the published
 * estimates include them. Refunds and contractions are not purchases. */
static inline gboolean
is_purchase (guint8 kind, gint64 amount)
{
  return amount >= 0 && kind != CXV_REVENUE_REFUND && kind != CXV_REVENUE_CONTRACTION;
}

static gboolean
validate (CxvDataset *dataset, const Settings *settings, GError **error)
{
  if (!cxv_dataset_get_sealed (dataset))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED,
                           "The lifetime-value summary needs a sealed dataset: "
                           "call cxv_dataset_seal() first");
      return FALSE;
    }
  if ((guint) settings->time_unit > CXV_TIME_UNIT_YEAR)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown time unit %d: expected day (0), week (1), month (2) or year (3)",
                   (int) settings->time_unit);
      return FALSE;
    }
  if (settings->calibration_end != CXV_DATE_NONE && !cxv_date_is_valid (settings->calibration_end))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The calibration end %d is outside the supported dates",
                   settings->calibration_end);
      return FALSE;
    }
  if (settings->holdout_end != CXV_DATE_NONE
      && (!cxv_date_is_valid (settings->holdout_end)
          || settings->calibration_end == CXV_DATE_NONE
          || settings->holdout_end <= settings->calibration_end))
    {
      g_autofree char *text = cxv_date_to_iso8601 (settings->holdout_end);

      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The holdout end %s must be a valid date after a calibration end",
                   text != NULL ? text : "(invalid)");
      return FALSE;
    }
  return TRUE;
}

static Summary *
compute (CxvDataset      *dataset,
         const Settings  *settings,
         GCancellable    *cancellable,
         GError         **error)
{
  const CxvRecordTable *rev;
  const guint32 *offsets;
  const guint32 *customers_col;
  const CxvDate *dates;
  const gint64 *amounts;
  const guint8 *kinds;
  guint n_customers;
  CxvDate cal_end = settings->calibration_end;
  CxvDate hold_end = settings->holdout_end;
  double unit = days_per_unit (settings->time_unit);
  double scale;
  int decimals;
  g_autoptr(Summary) s = NULL;
  gsize n = 0;

  if (!validate (dataset, settings, error))
    return NULL;

  rev = cxv_dataset_get_table (dataset, CXV_RECORD_REVENUE);
  offsets = cxv_dataset_get_offsets (dataset, CXV_RECORD_REVENUE);
  customers_col = CXV_COLUMN (rev, guint32, REV_CUSTOMER);
  dates = CXV_COLUMN (rev, CxvDate, REV_DATE);
  amounts = CXV_COLUMN (rev, gint64, REV_AMOUNT);
  kinds = CXV_COLUMN (rev, guint8, REV_KIND);
  n_customers = cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER);
  (void) customers_col;

  /* Without a stated end, the calibration runs to the last purchase. */
  if (cal_end == CXV_DATE_NONE)
    {
      for (guint32 i = 0; i < rev->n; i++)
        if (is_purchase (kinds[i], amounts[i]) && (cal_end == CXV_DATE_NONE || dates[i] > cal_end))
          cal_end = dates[i];
    }

  decimals = cxv_currency_get_decimals (cxv_dataset_get_currency (dataset));
  scale = pow (10.0, decimals < 0 ? 2 : decimals);

  s = summary_alloc (n_customers, hold_end != CXV_DATE_NONE, TRUE);
  s->time_unit = settings->time_unit;

  for (guint c = 0; c < n_customers; c++)
    {
      CxvDate first = CXV_DATE_NONE, day = CXV_DATE_NONE, hold_day = CXV_DATE_NONE;
      gint64 repeat_spend = 0, hold_spend = 0;
      guint64 repeats = 0, hold_days = 0;

      if ((c & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      for (guint32 i = offsets[c]; i < offsets[c + 1]; i++)
        {
          if (!is_purchase (kinds[i], amounts[i]))
            continue;
          if (dates[i] <= cal_end)
            {
              if (first == CXV_DATE_NONE)
                first = day = dates[i];
              else
                {
                  if (dates[i] != day)
                    {
                      day = dates[i];
                      repeats++;
                    }
                  /* A second purchase on the first day merges into it. */
                  if (day != first && !cxv_money_add_checked (repeat_spend, amounts[i], &repeat_spend))
                    goto overflow;
                }
            }
          else if (hold_end != CXV_DATE_NONE && dates[i] <= hold_end && first != CXV_DATE_NONE)
            {
              if (dates[i] != hold_day)
                {
                  hold_day = dates[i];
                  hold_days++;
                }
              if (!cxv_money_add_checked (hold_spend, amounts[i], &hold_spend))
                goto overflow;
            }
        }
      if (first == CXV_DATE_NONE)
        continue;

      s->customer[n] = c;
      s->x[n] = (double) repeats;
      s->t_x[n] = repeats > 0 ? (double) (day - first) / unit : 0.0;
      s->T[n] = (double) (cal_end - first) / unit;
      s->mean_spend[n] = repeats > 0 ? (double) repeat_spend / scale / (double) repeats : 0.0;
      if (s->have_holdout)
        {
          s->holdout_x[n] = (double) hold_days;
          s->holdout_value[n] = hold_spend;
        }
      if (repeats > 0)
        s->n_repeat++;
      n++;
      continue;

    overflow:
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                   "The purchases of customer “%s” add up to more than a 64-bit amount",
                   cxv_dataset_get_customer_id (dataset, c));
      return NULL;
    }

  if (n == 0)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                   "No customer made a purchase (a revenue event other than a refund or a "
                   "contraction) on or before the calibration end");
      return NULL;
    }
  s->n = n;
  return g_steal_pointer (&s);
}

static void
settings_init (Settings *settings, CxvClvSummary *self)
{
  settings->calibration_end = self->calibration_end;
  settings->holdout_end = self->holdout_end;
  settings->time_unit = self->time_unit;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_clv_summary_finalize (GObject *object)
{
  CxvClvSummary *self = CXV_CLV_SUMMARY (object);

  g_clear_object (&self->dataset);
  g_clear_pointer (&self->summary, summary_free);

  G_OBJECT_CLASS (cxv_clv_summary_parent_class)->finalize (object);
}

static void
cxv_clv_summary_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CxvClvSummary *self = CXV_CLV_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_CALIBRATION_END:
      g_value_set_int (value, self->calibration_end);
      break;
    case PROP_HOLDOUT_END:
      g_value_set_int (value, self->holdout_end);
      break;
    case PROP_TIME_UNIT:
      g_value_set_enum (value, (int) self->time_unit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_clv_summary_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CxvClvSummary *self = CXV_CLV_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_CALIBRATION_END:
      cxv_clv_summary_set_calibration_end (self, g_value_get_int (value));
      break;
    case PROP_HOLDOUT_END:
      cxv_clv_summary_set_holdout_end (self, g_value_get_int (value));
      break;
    case PROP_TIME_UNIT:
      cxv_clv_summary_set_time_unit (self, (CxvTimeUnit) g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_clv_summary_class_init (CxvClvSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cxv_clv_summary_finalize;
  object_class->get_property = cxv_clv_summary_get_property;
  object_class->set_property = cxv_clv_summary_set_property;

  /**
   * CxvClvSummary:dataset:
   *
   * The dataset to summarise; %NULL for a summary made from data.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CxvClvSummary:calibration-end:
   *
   * The last day of the calibration period, inclusive, as a [alias@Cxv.Date];
   * %CXV_DATE_NONE (the default) means the day of the last purchase in the
   * dataset.
   *
   * Since: 1.0
   */
  properties[PROP_CALIBRATION_END] =
    g_param_spec_int ("calibration-end", NULL, NULL, G_MININT, G_MAXINT, CXV_DATE_NONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CxvClvSummary:holdout-end:
   *
   * The last day of the holdout period, inclusive, as a [alias@Cxv.Date];
   * %CXV_DATE_NONE (the default) for no holdout. Needs a calibration end
   * before it.
   *
   * Since: 1.0
   */
  properties[PROP_HOLDOUT_END] =
    g_param_spec_int ("holdout-end", NULL, NULL, G_MININT, G_MAXINT, CXV_DATE_NONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CxvClvSummary:time-unit:
   *
   * The unit of recency and age; weeks by default, as in the literature.
   *
   * Since: 1.0
   */
  properties[PROP_TIME_UNIT] =
    g_param_spec_enum ("time-unit", NULL, NULL, CXV_TYPE_TIME_UNIT, CXV_TIME_UNIT_WEEK,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_clv_summary_init (CxvClvSummary *self)
{
  self->calibration_end = CXV_DATE_NONE;
  self->holdout_end = CXV_DATE_NONE;
  self->time_unit = CXV_TIME_UNIT_WEEK;
}

/**
 * cxv_clv_summary_new:
 * @dataset: a sealed #CxvDataset
 *
 * Creates a summary of @dataset's purchases; call
 * [method@Cxv.ClvSummary.run] to compute it.
 *
 * Returns: (transfer full): a new #CxvClvSummary
 *
 * Since: 1.0
 */
CxvClvSummary *
cxv_clv_summary_new (CxvDataset *dataset)
{
  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);

  return g_object_new (CXV_TYPE_CLV_SUMMARY, "dataset", dataset, NULL);
}

static gboolean
check_array (const char *name, const double *values, gsize n, gboolean positive, GError **error)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (values[i]) || values[i] < 0.0 || (positive && values[i] <= 0.0))
      {
        g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                     "Customer %" G_GSIZE_FORMAT " has %s %g: expected a finite number %s",
                     i, name, values[i], positive ? "above 0" : "of at least 0");
        return FALSE;
      }
  return TRUE;
}

/**
 * cxv_clv_summary_new_for_data:
 * @time_unit: the unit @recency and @age are measured in
 * @frequency: (array length=n_customers): repeat purchases per customer,
 *   whole numbers
 * @recency: (array length=n_customers): time of the last repeat purchase
 *   after the first purchase (0 without repeats)
 * @age: (array length=n_customers): time from the first purchase to the
 *   end of calibration
 * @monetary_value: (array length=n_customers) (nullable): mean repeat
 *   purchase value, or %NULL when no spend model will be fitted
 * @n_customers: the number of customers
 * @error: return location for a #GError
 *
 * Creates a computed summary from arrays, for data summarised elsewhere or
 * simulated. Each customer must have a whole, non-negative frequency,
 * `0 ≤ recency ≤ age`, recency 0 when frequency is 0, and a positive age.
 *
 * Returns: (transfer full) (nullable): a new #CxvClvSummary, or %NULL with
 *   @error set (%CXV_ANALYSIS_ERROR_EMPTY, %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT)
 *   naming the first bad customer
 *
 * Since: 1.0
 */
CxvClvSummary *
cxv_clv_summary_new_for_data (CxvTimeUnit    time_unit,
                              const double  *frequency,
                              const double  *recency,
                              const double  *age,
                              const double  *monetary_value,
                              gsize          n_customers,
                              GError       **error)
{
  g_autoptr(Summary) s = NULL;
  CxvClvSummary *self;

  g_return_val_if_fail (n_customers == 0 || (frequency != NULL && recency != NULL && age != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_customers == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "A lifetime-value summary needs at least one customer");
      return NULL;
    }
  if ((guint) time_unit > CXV_TIME_UNIT_YEAR)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown time unit %d", (int) time_unit);
      return NULL;
    }
  if (!check_array ("frequency", frequency, n_customers, FALSE, error)
      || !check_array ("recency", recency, n_customers, FALSE, error)
      || !check_array ("age", age, n_customers, TRUE, error)
      || (monetary_value != NULL
          && !check_array ("monetary value", monetary_value, n_customers, FALSE, error)))
    return NULL;

  s = summary_alloc (n_customers, FALSE, FALSE);
  s->n = n_customers;
  s->time_unit = time_unit;
  for (gsize i = 0; i < n_customers; i++)
    {
      if (frequency[i] != floor (frequency[i]) || recency[i] > age[i]
          || (frequency[i] == 0.0 && recency[i] != 0.0))
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "Customer %" G_GSIZE_FORMAT " has frequency %g, recency %g and age %g: "
                       "expected a whole frequency and 0 ≤ recency ≤ age, with recency 0 "
                       "when frequency is 0", i, frequency[i], recency[i], age[i]);
          return NULL;
        }
      s->x[i] = frequency[i];
      s->t_x[i] = recency[i];
      s->T[i] = age[i];
      s->mean_spend[i] = monetary_value != NULL ? monetary_value[i] : 0.0;
      if (frequency[i] > 0.0)
        s->n_repeat++;
    }
  self = g_object_new (CXV_TYPE_CLV_SUMMARY, "time-unit", time_unit, NULL);
  self->summary = g_steal_pointer (&s);
  return self;
}

/**
 * cxv_clv_summary_get_dataset:
 * @self: a #CxvClvSummary
 *
 * Gets the dataset the summary reads.
 *
 * Returns: (transfer none) (nullable): the dataset, %NULL for a summary
 *   made from data
 *
 * Since: 1.0
 */
CxvDataset *
cxv_clv_summary_get_dataset (CxvClvSummary *self)
{
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), NULL);

  return self->dataset;
}

/**
 * cxv_clv_summary_get_calibration_end:
 * @self: a #CxvClvSummary
 *
 * Gets [property@Cxv.ClvSummary:calibration-end].
 *
 * Returns: the last calibration day, or %CXV_DATE_NONE
 *
 * Since: 1.0
 */
CxvDate
cxv_clv_summary_get_calibration_end (CxvClvSummary *self)
{
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), CXV_DATE_NONE);

  return self->calibration_end;
}

/**
 * cxv_clv_summary_set_calibration_end:
 * @self: a #CxvClvSummary
 * @date: the last calibration day, or %CXV_DATE_NONE
 *
 * Sets [property@Cxv.ClvSummary:calibration-end]; it applies at the next run.
 *
 * Since: 1.0
 */
void
cxv_clv_summary_set_calibration_end (CxvClvSummary *self,
                                     CxvDate        date)
{
  g_return_if_fail (CXV_IS_CLV_SUMMARY (self));

  if (self->calibration_end != date)
    {
      self->calibration_end = date;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALIBRATION_END]);
    }
}

/**
 * cxv_clv_summary_get_holdout_end:
 * @self: a #CxvClvSummary
 *
 * Gets [property@Cxv.ClvSummary:holdout-end].
 *
 * Returns: the last holdout day, or %CXV_DATE_NONE
 *
 * Since: 1.0
 */
CxvDate
cxv_clv_summary_get_holdout_end (CxvClvSummary *self)
{
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), CXV_DATE_NONE);

  return self->holdout_end;
}

/**
 * cxv_clv_summary_set_holdout_end:
 * @self: a #CxvClvSummary
 * @date: the last holdout day, or %CXV_DATE_NONE
 *
 * Sets [property@Cxv.ClvSummary:holdout-end]; it applies at the next run.
 *
 * Since: 1.0
 */
void
cxv_clv_summary_set_holdout_end (CxvClvSummary *self,
                                 CxvDate        date)
{
  g_return_if_fail (CXV_IS_CLV_SUMMARY (self));

  if (self->holdout_end != date)
    {
      self->holdout_end = date;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDOUT_END]);
    }
}

/**
 * cxv_clv_summary_get_time_unit:
 * @self: a #CxvClvSummary
 *
 * Gets [property@Cxv.ClvSummary:time-unit].
 *
 * Returns: the time unit
 *
 * Since: 1.0
 */
CxvTimeUnit
cxv_clv_summary_get_time_unit (CxvClvSummary *self)
{
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), CXV_TIME_UNIT_WEEK);

  return self->time_unit;
}

/**
 * cxv_clv_summary_set_time_unit:
 * @self: a #CxvClvSummary
 * @time_unit: the unit of recency and age
 *
 * Sets [property@Cxv.ClvSummary:time-unit]; it applies at the next run.
 *
 * Since: 1.0
 */
void
cxv_clv_summary_set_time_unit (CxvClvSummary *self,
                               CxvTimeUnit    time_unit)
{
  g_return_if_fail (CXV_IS_CLV_SUMMARY (self));

  if (self->time_unit != time_unit)
    {
      self->time_unit = time_unit;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_UNIT]);
    }
}

/**
 * cxv_clv_summary_run:
 * @self: a #CxvClvSummary
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Summarises the dataset's purchases with the current settings, in one pass
 * over its revenue events.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%CXV_ANALYSIS_ERROR_NOT_SEALED, %CXV_ANALYSIS_ERROR_EMPTY when nobody
 *   bought by the calibration end, %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for
 *   a bad setting, %G_IO_ERROR_CANCELLED), earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_clv_summary_run (CxvClvSummary  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  Settings settings;
  Summary *s;

  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->dataset == NULL)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "This summary was made from data and has no dataset to run on");
      return FALSE;
    }
  settings_init (&settings, self);
  s = compute (self->dataset, &settings, cancellable, error);
  if (s == NULL)
    return FALSE;
  g_clear_pointer (&self->summary, summary_free);
  self->summary = s;
  return TRUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CxvClvSummary *self = source_object;
  GError *error = NULL;
  Summary *s;

  /* The sealed dataset never changes and the settings were copied. */
  s = compute (self->dataset, task_data, cancellable, &error);
  if (s != NULL)
    g_task_return_pointer (task, s, (GDestroyNotify) summary_free);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_clv_summary_run_async:
 * @self: a #CxvClvSummary
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the summary is ready
 * @user_data: data for @callback
 *
 * Computes the summary in a worker thread with the settings @self has now.
 *
 * Since: 1.0
 */
void
cxv_clv_summary_run_async (CxvClvSummary       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Settings *settings;

  g_return_if_fail (CXV_IS_CLV_SUMMARY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_clv_summary_run_async);
  if (self->dataset == NULL)
    {
      g_task_return_new_error (task, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                               "This summary was made from data and has no dataset to run on");
      return;
    }
  settings = g_new0 (Settings, 1);
  settings_init (settings, self);
  g_task_set_task_data (task, settings, g_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * cxv_clv_summary_run_finish:
 * @self: a #CxvClvSummary
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.ClvSummary.run_async] and installs its results.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_clv_summary_run_finish (CxvClvSummary  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  Summary *s;

  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_clv_summary_run_async, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  s = g_task_propagate_pointer (G_TASK (result), error);
  if (s == NULL)
    return FALSE;
  g_clear_pointer (&self->summary, summary_free);
  self->summary = s;
  return TRUE;
}

/**
 * cxv_clv_summary_get_n_customers:
 * @self: a #CxvClvSummary
 *
 * Gets the number of customers summarised: those who bought by the
 * calibration end.
 *
 * Returns: the number of customers, 0 before a run
 *
 * Since: 1.0
 */
gsize
cxv_clv_summary_get_n_customers (CxvClvSummary *self)
{
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), 0);

  return self->summary != NULL ? self->summary->n : 0;
}

/**
 * cxv_clv_summary_get_n_repeat_buyers:
 * @self: a #CxvClvSummary
 *
 * Gets the number of customers with a frequency of at least 1, the ones a
 * spend model is fitted on.
 *
 * Returns: the number of repeat buyers, 0 before a run
 *
 * Since: 1.0
 */
gsize
cxv_clv_summary_get_n_repeat_buyers (CxvClvSummary *self)
{
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), 0);

  return self->summary != NULL ? self->summary->n_repeat : 0;
}

/**
 * cxv_clv_summary_get_customer:
 * @self: a #CxvClvSummary
 * @index: a row, below [method@Cxv.ClvSummary.get_n_customers]
 * @frequency: (out) (optional): repeat purchases
 * @recency: (out) (optional): time of the last repeat purchase
 * @age: (out) (optional): time watched
 * @monetary_value: (out) (optional): mean repeat purchase value
 *
 * Reads one row of the summary.
 *
 * Returns: %TRUE if @index is a row
 *
 * Since: 1.0
 */
gboolean
cxv_clv_summary_get_customer (CxvClvSummary *self,
                              gsize          index,
                              double        *frequency,
                              double        *recency,
                              double        *age,
                              double        *monetary_value)
{
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), FALSE);

  if (self->summary == NULL || index >= self->summary->n)
    return FALSE;
  if (frequency != NULL)
    *frequency = self->summary->x[index];
  if (recency != NULL)
    *recency = self->summary->t_x[index];
  if (age != NULL)
    *age = self->summary->T[index];
  if (monetary_value != NULL)
    *monetary_value = self->summary->mean_spend[index];
  return TRUE;
}

/**
 * cxv_clv_summary_get_table:
 * @self: a #CxvClvSummary
 *
 * Gets the summary as a table: columns `customer`, `frequency`, `recency`,
 * `age`, `monetary_value`, and with a holdout `holdout_frequency` and
 * `holdout_value`. A summary made from data names its customers by row
 * number.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_clv_summary_get_table (CxvClvSummary *self)
{
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), NULL);

  if (self->summary == NULL)
    return NULL;
  /* Made on first use: a fit never needs it, and a text id per customer
   * is most of the cost of a run. */
  if (self->summary->table == NULL)
    self->summary->table = make_table (self->summary, self->dataset);
  return self->summary->table;
}

/**
 * cxv_clv_summary_get_days_per_unit:
 * @self: a #CxvClvSummary
 *
 * Gets the length of the time unit in days: 1, 7, 30.436875 or 365.2425.
 *
 * Returns: days per time unit
 *
 * Since: 1.0
 */
double
cxv_clv_summary_get_days_per_unit (CxvClvSummary *self)
{
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (self), 7.0);

  return days_per_unit (self->summary != NULL ? self->summary->time_unit : self->time_unit);
}

gboolean
cxv_clv_summary_get_math_data (CxvClvSummary  *self,
                               CxvClvMathData *data)
{
  memset (data, 0, sizeof *data);
  if (self->summary == NULL)
    return FALSE;
  data->n = self->summary->n;
  data->x = self->summary->x;
  data->t_x = self->summary->t_x;
  data->T = self->summary->T;
  data->mean_spend = self->summary->mean_spend;
  return TRUE;
}

guint32
cxv_clv_summary_get_customer_index (CxvClvSummary *self,
                                    gsize          index)
{
  if (self->summary == NULL || self->summary->customer == NULL || index >= self->summary->n)
    return CXV_NO_INDEX;
  return self->summary->customer[index];
}

void
cxv_clv_summary_set_customer_cell (CxvClvSummary *self,
                                   gsize          index,
                                   CxvTable      *table,
                                   guint          row,
                                   guint          column)
{
  g_return_if_fail (self->summary != NULL && index < self->summary->n);

  set_customer_cell (self->summary, self->dataset, index, table, row, column);
}

double
cxv_clv_summary_get_holdout_frequency (CxvClvSummary *self,
                                       gsize          index)
{
  if (self->summary == NULL || !self->summary->have_holdout || index >= self->summary->n)
    return -1.0;
  return self->summary->holdout_x[index];
}
