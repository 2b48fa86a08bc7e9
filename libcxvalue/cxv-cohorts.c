/* cxv-cohorts.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvCohorts:
 *
 * Acquisition cohorts, new customers per period and growth per segment:
 * the "relationship dashboard" half of framework 5.
 *
 * Activity comes from the shared definition of [enum@Cxv.Activity]
 * ([property@Cxv.Cohorts:activity], [property@Cxv.Cohorts:inactivity-days]):
 * each customer has zero or more *spells*, stretches of days `[start, end)`
 * during which it is active, the end being the first day it no longer is.
 * Customers that were never active belong to no cohort and no count.
 *
 * CxvPeriods are calendar months, quarters or years
 * ([property@Cxv.Cohorts:period]), from the period holding the earliest
 * spell start to the period holding the last day the data speaks of.
 * Labels read `2024-03`, `2024-Q1` or `2024`.
 *
 * ## Cohort retention
 *
 * [method@Cxv.Cohorts.get_retention], one row per cohort and age, in long
 * format:
 *
 * - `cohort` (text): the period holding the start of the customer's first
 *   spell (its acquisition);
 * - `age` (int): periods since acquisition, from 0 to the last period;
 * - `customers` (int): the cohort's size;
 * - `active` (int): at age 0, every member of the cohort; at age *a* > 0,
 *   the members active on the first day of the period *a* periods after
 *   the cohort's own. A customer who leaves and comes back counts again in
 *   every period whose first day falls inside a later spell;
 * - `customer_retention` (double): `active / customers`;
 * - `revenue` (money): the net revenue (every revenue event, refunds
 *   included) booked in that period by the cohort's members, active or
 *   not; revenue a member booked before its cohort's period is left out;
 * - `revenue_retention` (double): `revenue` over the cohort's revenue at
 *   age 0, null when that is 0.
 *
 * Cohorts in which nobody was acquired have no rows.
 *
 * ## New customers
 *
 * [method@Cxv.Cohorts.get_new_customers], one row per period: `period`
 * (text), `new` (int: customers whose first spell starts in the period),
 * `won_back` (int: later spells starting in the period, that is returns of
 * former customers; a customer who comes back twice in one period counts
 * twice).
 *
 * ## Segment growth
 *
 * [method@Cxv.Cohorts.get_segments], one row per period and segment, the
 * segment `all` first and then the segments by name, customers without a
 * segment last with a null segment:
 *
 * - `customers_start` (int): customers active on the last day of the
 *   previous period (0 in the first period);
 * - `new` (int): spells starting in the period, new and won-back customers
 *   alike;
 * - `lost` (int): spells ending in the period (whose first inactive day
 *   falls in it);
 * - `customers_end` (int): customers active on the last day of the period;
 *   always `customers_start + new − lost`, since spells of one customer
 *   never overlap or touch;
 * - `growth` (double): `(customers_end − customers_start) /
 *   customers_start`, null when `customers_start` is 0.
 *
 * A customer counts in the segment it has when the analysis runs.
 *
 * ## Running
 *
 * [method@Cxv.Cohorts.run] builds the spells and then makes one pass over
 * the per-customer index of the sealed dataset.
 * [method@Cxv.Cohorts.run_async] does the same in a worker thread with the
 * settings @self has when it is called. Results stay until the next
 * successful run.
 *
 * Since: 1.0
 */

#include "config.h"

#include <string.h>

#include "cxv-activity-private.h"
#include "cxv-cohorts.h"
#include "cxv-dataset-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"

#define MAX_INACTIVITY_DAYS 36525
#define CANCEL_EVERY        4096

struct _CxvCohorts
{
  GObject      parent_instance;

  CxvDataset  *dataset;
  CxvPeriod    period;
  CxvActivity  activity;
  guint        inactivity_days;

  CxvTable    *retention;
  CxvTable    *new_customers;
  CxvTable    *segments;
};

G_DEFINE_FINAL_TYPE (CxvCohorts, cxv_cohorts, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_PERIOD,
  PROP_ACTIVITY,
  PROP_INACTIVITY_DAYS,
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
} Config;

typedef struct
{
  CxvTable *retention;
  CxvTable *new_customers;
  CxvTable *segments;
} Results;

static void
results_free (Results *r)
{
  g_clear_object (&r->retention);
  g_clear_object (&r->new_customers);
  g_clear_object (&r->segments);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Results, results_free)

static gboolean
check_config (CxvDataset *dataset, const Config *config, GError **error)
{
  if (!cxv_dataset_get_sealed (dataset))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED,
                           "The dataset must be sealed before cohorts can be computed");
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
  return TRUE;
}

static CxvTable *
make_retention (const CxvPeriods *p, const gint64 *sizes, const gint64 *active,
                const gint64 *revenue, const char *currency)
{
  CxvTable *t = cxv_table_new ("cohort-retention");
  guint c_cohort = cxv_table_add_column (t, "cohort", CXV_COLUMN_TEXT);
  guint c_age = cxv_table_add_column (t, "age", CXV_COLUMN_INT);
  guint c_customers = cxv_table_add_column (t, "customers", CXV_COLUMN_INT);
  guint c_active = cxv_table_add_column (t, "active", CXV_COLUMN_INT);
  guint c_cret = cxv_table_add_column (t, "customer_retention", CXV_COLUMN_DOUBLE);
  guint c_rev = cxv_table_add_column (t, "revenue", CXV_COLUMN_MONEY);
  guint c_rret = cxv_table_add_column (t, "revenue_retention", CXV_COLUMN_DOUBLE);
  guint n = p->n;

  cxv_table_set_currency (t, currency);
  for (guint co = 0; co < n; co++)
    {
      if (sizes[co] == 0)
        continue;
      for (guint age = 0; co + age < n; age++)
        {
          guint row = cxv_table_append_row (t);
          gint64 a = active[(gsize) co * n + age];
          gint64 r = revenue[(gsize) co * n + age];
          gint64 r0 = revenue[(gsize) co * n];

          cxv_table_set_text (t, row, c_cohort, p->labels[co]);
          cxv_table_set_int (t, row, c_age, age);
          cxv_table_set_int (t, row, c_customers, sizes[co]);
          cxv_table_set_int (t, row, c_active, a);
          cxv_table_set_double (t, row, c_cret, (double) a / (double) sizes[co]);
          cxv_table_set_money (t, row, c_rev, r);
          if (r0 != 0)
            cxv_table_set_double (t, row, c_rret, (double) r / (double) r0);
          else
            cxv_table_set_null (t, row, c_rret);
        }
    }
  return t;
}

static CxvTable *
make_new_customers (const CxvPeriods *p, const gint64 *new_c, const gint64 *won)
{
  CxvTable *t = cxv_table_new ("new-customers");
  guint c_period = cxv_table_add_column (t, "period", CXV_COLUMN_TEXT);
  guint c_new = cxv_table_add_column (t, "new", CXV_COLUMN_INT);
  guint c_won = cxv_table_add_column (t, "won_back", CXV_COLUMN_INT);

  for (guint i = 0; i < p->n; i++)
    {
      guint row = cxv_table_append_row (t);

      cxv_table_set_text (t, row, c_period, p->labels[i]);
      cxv_table_set_int (t, row, c_new, new_c[i]);
      cxv_table_set_int (t, row, c_won, won[i]);
    }
  return t;
}

static CxvTable *
make_segments (CxvDataset *dataset, const CxvPeriods *p, const CxvSegments *s, const gint64 *seg_new,
               const gint64 *seg_lost)
{
  CxvTable *t = cxv_table_new ("segment-growth");
  guint c_period = cxv_table_add_column (t, "period", CXV_COLUMN_TEXT);
  guint c_segment = cxv_table_add_column (t, "segment", CXV_COLUMN_TEXT);
  guint c_start = cxv_table_add_column (t, "customers_start", CXV_COLUMN_INT);
  guint c_new = cxv_table_add_column (t, "new", CXV_COLUMN_INT);
  guint c_lost = cxv_table_add_column (t, "lost", CXV_COLUMN_INT);
  guint c_end = cxv_table_add_column (t, "customers_end", CXV_COLUMN_INT);
  guint c_growth = cxv_table_add_column (t, "growth", CXV_COLUMN_DOUBLE);
  g_autofree gint64 *running = g_new0 (gint64, s->n_slots);

  for (guint i = 0; i < p->n; i++)
    for (guint k = 0; k < s->n_slots; k++)
      {
        guint row = cxv_table_append_row (t);
        gsize cell = (gsize) i * s->n_slots + k;
        gint64 start = running[k];
        gint64 end = start + seg_new[cell] - seg_lost[cell];

        cxv_table_set_text (t, row, c_period, p->labels[i]);
        if (k == 0)
          cxv_table_set_text (t, row, c_segment, "all");
        else if (s->text_of[k] == CXV_NO_INDEX)
          cxv_table_set_null (t, row, c_segment);
        else
          cxv_table_set_text (t, row, c_segment, cxv_dataset_get_text (dataset, s->text_of[k]));
        cxv_table_set_int (t, row, c_start, start);
        cxv_table_set_int (t, row, c_new, seg_new[cell]);
        cxv_table_set_int (t, row, c_lost, seg_lost[cell]);
        cxv_table_set_int (t, row, c_end, end);
        if (start != 0)
          cxv_table_set_double (t, row, c_growth, (double) (end - start) / (double) start);
        else
          cxv_table_set_null (t, row, c_growth);
        running[k] = end;
      }
  return t;
}

static Results *
compute (CxvDataset    *dataset,
         const Config  *config,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(CxvSpells) spells = NULL;
  g_autoptr(Results) results = NULL;
  const CxvRecordTable *rev;
  const guint32 *rev_offsets;
  const CxvDate *rev_dates;
  const gint64 *rev_amounts;
  CxvPeriods p = { 0 };
  CxvSegments s = { 0 };
  g_autofree gint64 *sizes = NULL, *active = NULL, *revenue = NULL;
  g_autofree gint64 *new_c = NULL, *won = NULL, *seg_new = NULL, *seg_lost = NULL;
  guint32 n_customers;
  guint n;

  if (!check_config (dataset, config, error))
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

  cxv_periods_init (&p, config->period, spells->first_day, spells->last_day);
  cxv_segments_init (&s, dataset);
  n = p.n;
  sizes = g_new0 (gint64, n);
  active = g_new0 (gint64, (gsize) n * n);
  revenue = g_new0 (gint64, (gsize) n * n);
  new_c = g_new0 (gint64, n);
  won = g_new0 (gint64, n);
  seg_new = g_new0 (gint64, (gsize) n * s.n_slots);
  seg_lost = g_new0 (gint64, (gsize) n * s.n_slots);

  rev = cxv_dataset_get_table (dataset, CXV_RECORD_REVENUE);
  rev_offsets = cxv_dataset_get_offsets (dataset, CXV_RECORD_REVENUE);
  rev_dates = CXV_COLUMN (rev, CxvDate, REV_DATE);
  rev_amounts = CXV_COLUMN (rev, gint64, REV_AMOUNT);

  for (guint32 c = 0; c < n_customers; c++)
    {
      guint32 first = spells->offsets[c], last = spells->offsets[c + 1];
      guint32 slot = s.slot_of[c];
      gint64 co;

      if (c % CANCEL_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cxv_periods_clear (&p);
          cxv_segments_clear (&s);
          return NULL;
        }
      if (first == last)
        continue;

      co = cxv_periods_index (&p, spells->spells[first].start);
      sizes[co]++;
      active[co * n]++;
      new_c[co]++;
      for (guint32 k = first; k < last; k++)
        {
          const CxvSpell *sp = &spells->spells[k];
          gint64 si = cxv_periods_index (&p, sp->start);
          gint64 from, to;

          if (k != first)
            won[si]++;
          seg_new[si * s.n_slots]++;
          seg_new[si * s.n_slots + slot]++;
          if (sp->end != CXV_DATE_NONE)
            {
              gint64 ei = cxv_periods_index (&p, sp->end);

              /* An end past the last period falls in no reported period. */
              if (ei < n)
                {
                  seg_lost[ei * s.n_slots]++;
                  seg_lost[ei * s.n_slots + slot]++;
                }
            }
          /* The ages whose first day the spell covers. */
          from = MAX (cxv_periods_ceil (&p, sp->start), co + 1);
          to = sp->end == CXV_DATE_NONE ? n : MIN (cxv_periods_ceil (&p, sp->end), (gint64) n);
          for (gint64 q = from; q < to; q++)
            active[co * n + (q - co)]++;
        }
      for (guint32 i = rev_offsets[c]; i < rev_offsets[c + 1]; i++)
        {
          gint64 q = cxv_periods_index (&p, rev_dates[i]);

          if (q >= co && q < n)
            revenue[co * n + (q - co)] += rev_amounts[i];
        }
    }

  results = g_new0 (Results, 1);
  results->retention = make_retention (&p, sizes, active, revenue,
                                       cxv_dataset_get_currency (dataset));
  results->new_customers = make_new_customers (&p, new_c, won);
  results->segments = make_segments (dataset, &p, &s, seg_new, seg_lost);
  cxv_periods_clear (&p);
  cxv_segments_clear (&s);
  return g_steal_pointer (&results);
}

static void
install (CxvCohorts *self, Results *results)
{
  g_set_object (&self->retention, results->retention);
  g_set_object (&self->new_customers, results->new_customers);
  g_set_object (&self->segments, results->segments);
}

static void
config_init (Config *config, CxvCohorts *self)
{
  config->period = self->period;
  config->activity = self->activity;
  config->inactivity_days = self->inactivity_days;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_cohorts_finalize (GObject *object)
{
  CxvCohorts *self = CXV_COHORTS (object);

  g_clear_object (&self->dataset);
  g_clear_object (&self->retention);
  g_clear_object (&self->new_customers);
  g_clear_object (&self->segments);

  G_OBJECT_CLASS (cxv_cohorts_parent_class)->finalize (object);
}

static void
cxv_cohorts_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CxvCohorts *self = CXV_COHORTS (object);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_cohorts_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CxvCohorts *self = CXV_COHORTS (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_PERIOD:
      cxv_cohorts_set_period (self, g_value_get_enum (value));
      break;
    case PROP_ACTIVITY:
      cxv_cohorts_set_activity (self, g_value_get_enum (value));
      break;
    case PROP_INACTIVITY_DAYS:
      cxv_cohorts_set_inactivity_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_cohorts_class_init (CxvCohortsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cxv_cohorts_finalize;
  object_class->get_property = cxv_cohorts_get_property;
  object_class->set_property = cxv_cohorts_set_property;

  /**
   * CxvCohorts:dataset:
   *
   * The dataset analysed; it must be sealed by the time the analysis runs.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CxvCohorts:period:
   *
   * The length of the periods cohorts, ages and growth are counted in.
   * Default: [enum@Cxv.Period.MONTH].
   *
   * Since: 1.0
   */
  properties[PROP_PERIOD] =
    g_param_spec_enum ("period", NULL, NULL, CXV_TYPE_PERIOD, CXV_PERIOD_MONTH, rw);

  /**
   * CxvCohorts:activity:
   *
   * What makes a customer active: holdings (contractual) or purchases with
   * an inactivity limit (non-contractual), as [enum@Cxv.Activity] defines.
   * Default: [enum@Cxv.Activity.CONTRACTUAL].
   *
   * Since: 1.0
   */
  properties[PROP_ACTIVITY] =
    g_param_spec_enum ("activity", NULL, NULL, CXV_TYPE_ACTIVITY, CXV_ACTIVITY_CONTRACTUAL, rw);

  /**
   * CxvCohorts:inactivity-days:
   *
   * For the non-contractual definition, the days a purchase keeps a
   * customer active: the customer is lost on the day the limit runs out
   * without another purchase. Must be 1 to 36,525 when it is used;
   * ignored by the contractual definition. Default: 90.
   *
   * Since: 1.0
   */
  properties[PROP_INACTIVITY_DAYS] =
    g_param_spec_uint ("inactivity-days", NULL, NULL, 0, G_MAXUINT, 90, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_cohorts_init (CxvCohorts *self)
{
  self->period = CXV_PERIOD_MONTH;
  self->activity = CXV_ACTIVITY_CONTRACTUAL;
  self->inactivity_days = 90;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * cxv_cohorts_new:
 * @dataset: the dataset to analyse
 *
 * Creates a cohort analysis of @dataset with the default settings.
 *
 * Returns: (transfer full): a new #CxvCohorts
 *
 * Since: 1.0
 */
CxvCohorts *
cxv_cohorts_new (CxvDataset *dataset)
{
  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);

  return g_object_new (CXV_TYPE_COHORTS, "dataset", dataset, NULL);
}

/**
 * cxv_cohorts_get_dataset:
 * @self: a #CxvCohorts
 *
 * Gets [property@Cxv.Cohorts:dataset].
 *
 * Returns: (transfer none): the dataset analysed
 *
 * Since: 1.0
 */
CxvDataset *
cxv_cohorts_get_dataset (CxvCohorts *self)
{
  g_return_val_if_fail (CXV_IS_COHORTS (self), NULL);

  return self->dataset;
}

/**
 * cxv_cohorts_get_period:
 * @self: a #CxvCohorts
 *
 * Gets [property@Cxv.Cohorts:period].
 *
 * Returns: the period length
 *
 * Since: 1.0
 */
CxvPeriod
cxv_cohorts_get_period (CxvCohorts *self)
{
  g_return_val_if_fail (CXV_IS_COHORTS (self), CXV_PERIOD_MONTH);

  return self->period;
}

/**
 * cxv_cohorts_set_period:
 * @self: a #CxvCohorts
 * @period: the period length
 *
 * Sets [property@Cxv.Cohorts:period]. A value that is no
 * [enum@Cxv.Period] is kept, and makes the next run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_cohorts_set_period (CxvCohorts *self,
                        CxvPeriod   period)
{
  g_return_if_fail (CXV_IS_COHORTS (self));

  if (self->period != period)
    {
      self->period = period;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
    }
}

/**
 * cxv_cohorts_get_activity:
 * @self: a #CxvCohorts
 *
 * Gets [property@Cxv.Cohorts:activity].
 *
 * Returns: the activity definition
 *
 * Since: 1.0
 */
CxvActivity
cxv_cohorts_get_activity (CxvCohorts *self)
{
  g_return_val_if_fail (CXV_IS_COHORTS (self), CXV_ACTIVITY_CONTRACTUAL);

  return self->activity;
}

/**
 * cxv_cohorts_set_activity:
 * @self: a #CxvCohorts
 * @activity: the activity definition
 *
 * Sets [property@Cxv.Cohorts:activity]. A value that is no
 * [enum@Cxv.Activity] is kept, and makes the next run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_cohorts_set_activity (CxvCohorts  *self,
                          CxvActivity  activity)
{
  g_return_if_fail (CXV_IS_COHORTS (self));

  if (self->activity != activity)
    {
      self->activity = activity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
    }
}

/**
 * cxv_cohorts_get_inactivity_days:
 * @self: a #CxvCohorts
 *
 * Gets [property@Cxv.Cohorts:inactivity-days].
 *
 * Returns: the inactivity limit in days
 *
 * Since: 1.0
 */
guint
cxv_cohorts_get_inactivity_days (CxvCohorts *self)
{
  g_return_val_if_fail (CXV_IS_COHORTS (self), 0);

  return self->inactivity_days;
}

/**
 * cxv_cohorts_set_inactivity_days:
 * @self: a #CxvCohorts
 * @days: the inactivity limit in days
 *
 * Sets [property@Cxv.Cohorts:inactivity-days].
 *
 * Since: 1.0
 */
void
cxv_cohorts_set_inactivity_days (CxvCohorts *self,
                                 guint       days)
{
  g_return_if_fail (CXV_IS_COHORTS (self));

  if (self->inactivity_days != days)
    {
      self->inactivity_days = days;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INACTIVITY_DAYS]);
    }
}

/**
 * cxv_cohorts_run:
 * @self: a #CxvCohorts
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Computes the cohorts, new customers and segment growth.
 *
 * Returns: %TRUE on success; %FALSE with @error set in
 *   %CXV_ANALYSIS_ERROR (not sealed, no customer or no active one, an
 *   invalid setting) or %G_IO_ERROR_CANCELLED, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_cohorts_run (CxvCohorts    *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(Results) results = NULL;
  Config config;

  g_return_val_if_fail (CXV_IS_COHORTS (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  config_init (&config, self);
  results = compute (self->dataset, &config, cancellable, error);
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
  CxvCohorts *self = source_object;
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
 * cxv_cohorts_run_async:
 * @self: a #CxvCohorts
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the results are ready
 * @user_data: data for @callback
 *
 * Computes the results in a worker thread with the settings @self has now.
 * They replace the earlier ones when [method@Cxv.Cohorts.run_finish] is
 * called.
 *
 * Since: 1.0
 */
void
cxv_cohorts_run_async (CxvCohorts          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Config *config;

  g_return_if_fail (CXV_IS_COHORTS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_cohorts_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  config = g_new0 (Config, 1);
  config_init (config, self);
  g_task_set_task_data (task, config, g_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * cxv_cohorts_run_finish:
 * @self: a #CxvCohorts
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.Cohorts.run_async] and installs its results.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_cohorts_run_finish (CxvCohorts    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(Results) results = NULL;

  g_return_val_if_fail (CXV_IS_COHORTS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_cohorts_run_async, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results == NULL)
    return FALSE;
  install (self, results);
  return TRUE;
}

/**
 * cxv_cohorts_get_retention:
 * @self: a #CxvCohorts
 *
 * Gets the cohort retention table of the last successful run, in long
 * format (one row per cohort and age), with columns `cohort`, `age`,
 * `customers`, `active`, `customer_retention`, `revenue` and
 * `revenue_retention` as the class documentation defines them.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_cohorts_get_retention (CxvCohorts *self)
{
  g_return_val_if_fail (CXV_IS_COHORTS (self), NULL);

  return self->retention;
}

/**
 * cxv_cohorts_get_new_customers:
 * @self: a #CxvCohorts
 *
 * Gets the new customers per period of the last successful run: columns
 * `period`, `new` and `won_back`.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_cohorts_get_new_customers (CxvCohorts *self)
{
  g_return_val_if_fail (CXV_IS_COHORTS (self), NULL);

  return self->new_customers;
}

/**
 * cxv_cohorts_get_segments:
 * @self: a #CxvCohorts
 *
 * Gets the growth per period and segment of the last successful run:
 * columns `period`, `segment`, `customers_start`, `new`, `lost`,
 * `customers_end` and `growth`.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_cohorts_get_segments (CxvCohorts *self)
{
  g_return_val_if_fail (CXV_IS_COHORTS (self), NULL);

  return self->segments;
}
