/* cxv-attribution.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvAttribution:
 *
 * Evidence-mode revenue attribution: every revenue event of a sealed
 * [class@Cxv.Dataset] is credited exactly once, to CX management (CXM), to
 * customer success and support (CSM) or to sales, from what the data
 * records; then revenue of customers touched by in-sync initiatives is set
 * against that of customers touched only by out-of-sync ones, and earned
 * growth is measured period by period.
 *
 * ## The rules
 *
 * An event qualifies for **CXM** when
 *
 * - it carries an initiative that is in sync with CX insight (the
 *   simulator tags the expansions such an initiative drove), or
 * - with [property@Cxv.Attribution:window-switchers] set (it is off by
 *   default, see there why), its customer was acquired from the source
 *   [property@Cxv.Attribution:switching-source] (by default switched from a
 *   competitor) on a day an in-sync initiative was live: `start ≤ acquired
 *   < end`, or `start ≤ acquired` for an initiative without an end. All of
 *   that customer's revenue qualifies.
 *
 * A customer is **saved** on the day of its first `save` interaction that
 * found it *at risk* — an unresolved complaint, or an NPS answer of 0 to 6,
 * dated in the 90 days up to and including the save day — provided it was
 * still active (held a product) [property@Cxv.Attribution:save-window-days]
 * days after the save. An event qualifies for **CSM** when
 *
 * - it is an expansion or recurring bill of a saved customer dated after
 *   (strictly) the save day, or
 * - its customer was referred (a referral record) by a saved customer on or
 *   after the referrer's save day. All of that customer's revenue qualifies.
 *
 * An event that qualifies for both goes to the part chosen by
 * [property@Cxv.Attribution:precedence] (CXM by default). **Sales** is the
 * rest: total − CXM − CSM, computed per period, so the three parts always
 * sum to the total to the minor unit. Refunds, contractions and one-off
 * charges are revenue events like any other and follow their customer's
 * rules.
 *
 * ## The summary table
 *
 * [method@Cxv.Attribution.get_summary]: one row per period
 * ([property@Cxv.Attribution:period], months by default) from the first to
 * the last revenue event, with `total`, `cxm`, `csm`, `sales` (money) and
 * their shares of the total (null when the total is 0), then earned growth:
 *
 * - `nrr`: net revenue retention over the customers active at the opening
 *   of the period (on the day before its first day): their recurring
 *   revenue (kinds new, recurring, expansion, contraction) in the period
 *   over theirs in the period before;
 * - `referral_revenue`: the revenue in the period of the customers acquired
 *   through referral in it (acquisition source referral or a referrer),
 *   acquired in the period being judged by the acquisition date, or when
 *   there is none the first day of activity;
 * - `earned_growth` = `nrr` + `referral_revenue` / the previous period's
 *   total revenue − 1;
 * - `total_growth` = total revenue / the previous period's total revenue − 1;
 * - `earned_growth_ratio` = `earned_growth` / `total_growth`: the
 *   denominator is the growth of *all* revenue (one-off charges and
 *   refunds included) from the previous period, so the ratio says how much
 *   of the growth came from customers who stayed and grew or who were
 *   referred. Null when the denominator is 0.
 *
 * Every growth column is null in the first period and whenever its
 * denominator is 0.
 *
 * ## The initiatives table
 *
 * [method@Cxv.Attribution.get_initiatives]: one row per initiative with
 * `initiative`, `in_sync`, `start_date`, `end_date` (null when open),
 * `events` and `revenue`: the events credited to CXM because of it. A
 * tagged event counts for its tag; a switcher's events for the first
 * in-sync initiative (in dataset order) live on its acquisition day.
 * Events that went to CSM by precedence are not counted.
 *
 * ## In sync against out of sync
 *
 * A customer is *touched* by an initiative through an `advice` interaction
 * whose reason is the initiative's id. Customers touched by at least one
 * in-sync initiative form one group (their touch day is the first in-sync
 * touch); those touched only by out-of-sync ones the other.
 * [method@Cxv.Attribution.get_comparison] has two rows, `metric`
 * `revenue_per_customer` (all of a customer's revenue) and `revenue_growth`
 * (revenue in the 90 days from the touch day minus revenue in the 90 days
 * before it), with the group means `in_sync` and `out_of_sync`, their
 * `difference` and a percentile bootstrap 95 % interval `ci_low`, `ci_high`
 * from [property@Cxv.Attribution:bootstrap-samples] resamples of each group
 * drawn with [property@Cxv.Attribution:seed] (null when a group is empty or
 * no resamples are asked for), and the group sizes. Money columns are
 * rounded to the minor unit. This is an association, not an experiment.
 *
 * Since: 1.0
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxv-activity-private.h"
#include "cxv-attribution.h"
#include "cxv-dataset-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"
#include "cxv-progress-private.h"

#define MAX_DAYS          36525
#define AT_RISK_DAYS      90
#define GROWTH_DAYS       90
#define DETRACTOR_MAX     6.0
#define MAX_BOOTSTRAP     100000
#define PROGRESS_EVERY    4096

typedef struct
{
  CxvPeriod                period;
  guint                    save_window_days;
  CxvAcquisitionSource     switching_source;
  gboolean                 window_switchers;
  CxvAttributionPrecedence precedence;
  guint                    bootstrap_samples;
  guint                    seed;
} Settings;

typedef struct
{
  CxvTable *summary;
  CxvTable *initiatives;
  CxvTable *comparison;
} Results;

struct _CxvAttribution
{
  GObject       parent_instance;

  CxvDataset   *dataset;
  Settings      settings;
  double        progress;
  Results      *results;
  GMainContext *progress_context;
};

G_DEFINE_FINAL_TYPE (CxvAttribution, cxv_attribution, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_PERIOD,
  PROP_SAVE_WINDOW_DAYS,
  PROP_SWITCHING_SOURCE,
  PROP_WINDOW_SWITCHERS,
  PROP_PRECEDENCE,
  PROP_BOOTSTRAP_SAMPLES,
  PROP_SEED,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
results_free (Results *results)
{
  if (results == NULL)
    return;
  g_clear_object (&results->summary);
  g_clear_object (&results->initiatives);
  g_clear_object (&results->comparison);
  g_free (results);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Results, results_free)

static void
publish_progress (GObject *object, double progress, guint64 count)
{
  CxvAttribution *self = CXV_ATTRIBUTION (object);

  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (object, properties[PROP_PROGRESS]);
}

static void
report_progress (CxvAttribution *self, double progress)
{
  cxv_progress_report (G_OBJECT (self), self->progress_context, publish_progress, progress, 0);
}

/* ------------------------------------------------------------------ */
/* The pass                                                             */

typedef struct
{
  gint64 total;
  gint64 cxm;
  gint64 csm;
  gint64 rec_this;
  gint64 rec_last;
  gint64 referral;
} PeriodAcc;

typedef struct
{
  CxvDataset       *dataset;
  const Settings   *settings;
  const CxvSpells  *spells;
  CxvPeriods        periods;
  guint32           n_ini;
  const guint8     *in_sync;
  const CxvDate    *ini_start;
  const CxvDate    *ini_end;
  GHashTable       *reason_ini;   /* reason text index → initiative + 1, 0 for none */
  CxvDate          *saved;        /* per customer, CXV_DATE_NONE when not saved */
  guint8           *referred;     /* per customer: referred by a saved customer */
  PeriodAcc        *acc;
  gint64           *rec;          /* one customer's recurring revenue per period */
  gint64           *rev;          /* one customer's revenue per period */
  gint64           *ini_revenue;
  gint64           *ini_events;
  GArray           *value[2][2];  /* [metric][group]: doubles */
} Pass;

static gboolean
live_on (const Pass *pass, guint32 i, CxvDate day)
{
  return pass->ini_start[i] != CXV_DATE_NONE && pass->ini_start[i] <= day &&
         (pass->ini_end[i] == CXV_DATE_NONE || day < pass->ini_end[i]);
}

/* The initiative whose id is the reason text @reason, or -1. */
static gint64
initiative_of_reason (Pass *pass, guint32 reason)
{
  gpointer found;
  guint index;

  if (reason == CXV_NO_INDEX)
    return -1;
  if (g_hash_table_lookup_extended (pass->reason_ini, GUINT_TO_POINTER (reason), NULL, &found))
    return (gint64) GPOINTER_TO_UINT (found) - 1;
  if (!cxv_dataset_lookup_initiative (pass->dataset, cxv_dataset_get_text (pass->dataset, reason),
                                      &index))
    index = G_MAXUINT;
  g_hash_table_insert (pass->reason_ini, GUINT_TO_POINTER (reason),
                       GUINT_TO_POINTER (index == G_MAXUINT ? 0 : index + 1));
  return index == G_MAXUINT ? -1 : (gint64) index;
}

/* The day @customer was saved, or CXV_DATE_NONE: see the class overview. */
static CxvDate
save_day (Pass *pass, guint32 c)
{
  const CxvRecordTable *it = cxv_dataset_get_table (pass->dataset, CXV_RECORD_INTERACTION);
  const guint32 *ioff = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_INTERACTION);
  const CxvRecordTable *ft = cxv_dataset_get_table (pass->dataset, CXV_RECORD_FEEDBACK);
  const guint32 *foff = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_FEEDBACK);
  const CxvDate *idate = CXV_COLUMN (it, CxvDate, INT_DATE);
  const guint8 *ikind = CXV_COLUMN (it, guint8, INT_KIND);
  const guint8 *iresolved = CXV_COLUMN (it, guint8, INT_RESOLVED);
  const CxvDate *fdate = CXV_COLUMN (ft, CxvDate, FEE_DATE);
  const guint8 *finst = CXV_COLUMN (ft, guint8, FEE_INSTRUMENT);
  const double *fscore = CXV_COLUMN (ft, double, FEE_SCORE);

  for (guint32 i = ioff[c]; i < ioff[c + 1]; i++)
    {
      CxvDate s = idate[i];
      gboolean at_risk = FALSE;

      if (ikind[i] != CXV_INTERACTION_SAVE)
        continue;
      for (guint32 j = ioff[c]; j < ioff[c + 1] && idate[j] <= s && !at_risk; j++)
        at_risk = ikind[j] == CXV_INTERACTION_COMPLAINT && !iresolved[j] &&
                  idate[j] >= s - AT_RISK_DAYS;
      for (guint32 j = foff[c]; j < foff[c + 1] && fdate[j] <= s && !at_risk; j++)
        at_risk = finst[j] == CXV_INSTRUMENT_NPS && fscore[j] <= DETRACTOR_MAX &&
                  fdate[j] >= s - AT_RISK_DAYS;
      if (at_risk)
        {
          /* The first save that found the customer at risk decides. */
          if (cxv_spells_active_on (pass->spells, c,
                                    s + (CxvDate) pass->settings->save_window_days, NULL))
            return s;
          return CXV_DATE_NONE;
        }
    }
  return CXV_DATE_NONE;
}

static void
scan_customer (Pass *pass, guint32 c)
{
  CxvDataset *ds = pass->dataset;
  const Settings *s = pass->settings;
  const CxvRecordTable *ct = cxv_dataset_get_table (ds, CXV_RECORD_CUSTOMER);
  const CxvRecordTable *rt = cxv_dataset_get_table (ds, CXV_RECORD_REVENUE);
  const guint32 *roff = cxv_dataset_get_offsets (ds, CXV_RECORD_REVENUE);
  const CxvRecordTable *it = cxv_dataset_get_table (ds, CXV_RECORD_INTERACTION);
  const guint32 *ioff = cxv_dataset_get_offsets (ds, CXV_RECORD_INTERACTION);
  const CxvDate *rdate = CXV_COLUMN (rt, CxvDate, REV_DATE);
  const guint8 *rkind = CXV_COLUMN (rt, guint8, REV_KIND);
  const gint64 *ramount = CXV_COLUMN (rt, gint64, REV_AMOUNT);
  const guint16 *rini = CXV_COLUMN (rt, guint16, REV_INITIATIVE);
  CxvDate acquired = CXV_COLUMN (ct, CxvDate, CUS_ACQUIRED)[c];
  guint8 source = CXV_COLUMN (ct, guint8, CUS_SOURCE)[c];
  gboolean by_referral = source == CXV_ACQUISITION_REFERRAL ||
                         CXV_COLUMN (ct, guint32, CUS_REFERRED_BY)[c] != CXV_NO_INDEX;
  CxvDate saved = pass->saved[c];
  gint64 switch_ini = -1;
  guint n = pass->periods.n;
  gint64 touch_ini_day = CXV_DATE_NONE, touch_out_day = CXV_DATE_NONE;
  gint64 total = 0;

  if (roff[c] == roff[c + 1])
    return;

  if (s->window_switchers && (guint) source == (guint) s->switching_source &&
      acquired != CXV_DATE_NONE)
    for (guint32 i = 0; i < pass->n_ini && switch_ini < 0; i++)
      if (pass->in_sync[i] && live_on (pass, i, acquired))
        switch_ini = i;

  memset (pass->rec, 0, n * sizeof (gint64));
  memset (pass->rev, 0, n * sizeof (gint64));

  for (guint32 e = roff[c]; e < roff[c + 1]; e++)
    {
      gint64 p = cxv_periods_index (&pass->periods, rdate[e]);
      gint64 a = ramount[e];
      gint64 cxm_ini = switch_ini;
      gboolean csm;

      if (rini[e] != CXV_NO_INITIATIVE16 && rini[e] < pass->n_ini && pass->in_sync[rini[e]])
        cxm_ini = rini[e];
      csm = pass->referred[c] ||
            (saved != CXV_DATE_NONE && rdate[e] > saved &&
             (rkind[e] == CXV_REVENUE_EXPANSION || rkind[e] == CXV_REVENUE_RECURRING));

      g_assert (p >= 0 && p < (gint64) n);
      pass->acc[p].total += a;
      pass->rev[p] += a;
      total += a;
      if (rkind[e] <= CXV_REVENUE_CONTRACTION)
        pass->rec[p] += a;

      if (cxm_ini >= 0 && (!csm || s->precedence == CXV_ATTRIBUTION_PRECEDENCE_CXM_FIRST))
        {
          pass->acc[p].cxm += a;
          pass->ini_revenue[cxm_ini] += a;
          pass->ini_events[cxm_ini]++;
        }
      else if (csm)
        pass->acc[p].csm += a;
    }

  /* Net revenue retention over the customers active at each opening. */
  for (guint p = 1; p < n; p++)
    if (cxv_spells_active_on (pass->spells, c, pass->periods.starts[p] - 1, NULL))
      {
        pass->acc[p].rec_this += pass->rec[p];
        pass->acc[p].rec_last += pass->rec[p - 1];
      }

  if (by_referral)
    {
      CxvDate day = acquired;

      if (day == CXV_DATE_NONE)
        day = pass->spells->offsets[c] < pass->spells->offsets[c + 1]
              ? pass->spells->spells[pass->spells->offsets[c]].start : rdate[roff[c]];
      if (day >= pass->periods.starts[0] && day < pass->periods.starts[n])
        {
          gint64 p = cxv_periods_index (&pass->periods, day);
          pass->acc[p].referral += pass->rev[p];
        }
    }

  /* Touches by initiatives. */
  for (guint32 i = ioff[c]; i < ioff[c + 1]; i++)
    {
      gint64 ini;
      CxvDate day = CXV_COLUMN (it, CxvDate, INT_DATE)[i];

      if (CXV_COLUMN (it, guint8, INT_KIND)[i] != CXV_INTERACTION_ADVICE)
        continue;
      ini = initiative_of_reason (pass, CXV_COLUMN (it, guint32, INT_REASON)[i]);
      if (ini < 0)
        continue;
      if (pass->in_sync[ini] && touch_ini_day == CXV_DATE_NONE)
        touch_ini_day = day;
      else if (!pass->in_sync[ini] && touch_out_day == CXV_DATE_NONE)
        touch_out_day = day;
    }
  if (touch_ini_day != CXV_DATE_NONE || touch_out_day != CXV_DATE_NONE)
    {
      guint group = touch_ini_day != CXV_DATE_NONE ? 0 : 1;
      CxvDate t = group == 0 ? (CxvDate) touch_ini_day : (CxvDate) touch_out_day;
      gint64 before = 0, after = 0;
      double v;

      for (guint32 e = roff[c]; e < roff[c + 1]; e++)
        {
          if (rdate[e] >= t - GROWTH_DAYS && rdate[e] < t)
            before += ramount[e];
          else if (rdate[e] >= t && rdate[e] < t + GROWTH_DAYS)
            after += ramount[e];
        }
      v = (double) total;
      g_array_append_val (pass->value[0][group], v);
      v = (double) (after - before);
      g_array_append_val (pass->value[1][group], v);
    }
}

static double
mean (const double *v, guint n)
{
  double sum = 0.0;

  for (guint i = 0; i < n; i++)
    sum += v[i];
  return n > 0 ? sum / n : 0.0;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
resample_mean (GRand *rand, const double *v, guint n)
{
  double sum = 0.0;

  for (guint i = 0; i < n; i++)
    sum += v[g_rand_int_range (rand, 0, (gint32) n)];
  return sum / n;
}

static void
fill_comparison (Pass *pass, CxvTable *t, GRand *rand)
{
  static const char * const metrics[] = { "revenue_per_customer", "revenue_growth" };
  guint b = pass->settings->bootstrap_samples;
  g_autofree double *diffs = g_new (double, MAX (b, 1));

  for (guint m = 0; m < 2; m++)
    {
      const double *in = (const double *) (void *) pass->value[m][0]->data;
      const double *out = (const double *) (void *) pass->value[m][1]->data;
      guint n_in = pass->value[m][0]->len, n_out = pass->value[m][1]->len;
      guint row = cxv_table_append_row (t);
      double mi = mean (in, n_in), mo = mean (out, n_out);

      cxv_table_set_text (t, row, 0, metrics[m]);
      if (n_in > 0)
        cxv_table_set_money (t, row, 1, llround (mi));
      else
        cxv_table_set_null (t, row, 1);
      if (n_out > 0)
        cxv_table_set_money (t, row, 2, llround (mo));
      else
        cxv_table_set_null (t, row, 2);
      if (n_in > 0 && n_out > 0)
        cxv_table_set_money (t, row, 3, llround (mi - mo));
      else
        cxv_table_set_null (t, row, 3);
      if (n_in > 0 && n_out > 0 && b > 0)
        {
          for (guint k = 0; k < b; k++)
            diffs[k] = resample_mean (rand, in, n_in) - resample_mean (rand, out, n_out);
          qsort (diffs, b, sizeof (double), compare_doubles);
          cxv_table_set_money (t, row, 4, llround (diffs[(guint) floor (0.025 * (b - 1))]));
          cxv_table_set_money (t, row, 5, llround (diffs[(guint) ceil (0.975 * (b - 1))]));
        }
      else
        {
          cxv_table_set_null (t, row, 4);
          cxv_table_set_null (t, row, 5);
        }
      cxv_table_set_int (t, row, 6, n_in);
      cxv_table_set_int (t, row, 7, n_out);
    }
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
fill_summary (Pass *pass, CxvTable *t)
{
  for (guint p = 0; p < pass->periods.n; p++)
    {
      const PeriodAcc *a = &pass->acc[p];
      guint row = cxv_table_append_row (t);
      gint64 sales = a->total - a->cxm - a->csm;

      cxv_table_set_text (t, row, 0, pass->periods.labels[p]);
      cxv_table_set_date (t, row, 1, pass->periods.starts[p]);
      cxv_table_set_date (t, row, 2, pass->periods.starts[p + 1]);
      cxv_table_set_money (t, row, 3, a->total);
      cxv_table_set_money (t, row, 4, a->cxm);
      cxv_table_set_money (t, row, 5, a->csm);
      cxv_table_set_money (t, row, 6, sales);
      set_ratio (t, row, 7, (double) a->cxm, (double) a->total);
      set_ratio (t, row, 8, (double) a->csm, (double) a->total);
      set_ratio (t, row, 9, (double) sales, (double) a->total);
      cxv_table_set_money (t, row, 11, a->referral);
      if (p > 0 && a->rec_last != 0 && pass->acc[p - 1].total != 0)
        {
          double prev = (double) pass->acc[p - 1].total;
          double nrr = (double) a->rec_this / (double) a->rec_last;
          double earned = nrr + (double) a->referral / prev - 1.0;
          double growth = (double) a->total / prev - 1.0;

          cxv_table_set_double (t, row, 10, nrr);
          cxv_table_set_double (t, row, 12, earned);
          cxv_table_set_double (t, row, 13, growth);
          set_ratio (t, row, 14, earned, growth);
        }
      else
        {
          if (p > 0 && a->rec_last != 0)
            cxv_table_set_double (t, row, 10, (double) a->rec_this / (double) a->rec_last);
          else
            cxv_table_set_null (t, row, 10);
          cxv_table_set_null (t, row, 12);
          if (p > 0 && pass->acc[p - 1].total != 0)
            cxv_table_set_double (t, row, 13,
                                  (double) a->total / (double) pass->acc[p - 1].total - 1.0);
          else
            cxv_table_set_null (t, row, 13);
          cxv_table_set_null (t, row, 14);
        }
    }
}

static void
fill_initiatives (Pass *pass, CxvTable *t)
{
  for (guint32 i = 0; i < pass->n_ini; i++)
    {
      guint row = cxv_table_append_row (t);

      cxv_table_set_text (t, row, 0, cxv_dataset_get_initiative_id (pass->dataset, i));
      cxv_table_set_boolean (t, row, 1, pass->in_sync[i]);
      if (pass->ini_start[i] != CXV_DATE_NONE)
        cxv_table_set_date (t, row, 2, pass->ini_start[i]);
      else
        cxv_table_set_null (t, row, 2);
      if (pass->ini_end[i] != CXV_DATE_NONE)
        cxv_table_set_date (t, row, 3, pass->ini_end[i]);
      else
        cxv_table_set_null (t, row, 3);
      cxv_table_set_int (t, row, 4, pass->ini_events[i]);
      cxv_table_set_money (t, row, 5, pass->ini_revenue[i]);
    }
}

static CxvTable *
new_table (CxvDataset *dataset, const char *name, const char * const *names,
           const CxvColumnType *types, guint n)
{
  CxvTable *table = cxv_table_new (name);

  cxv_table_set_currency (table, cxv_dataset_get_currency (dataset));
  for (guint i = 0; i < n; i++)
    cxv_table_add_column (table, names[i], types[i]);
  return table;
}

static gboolean
validate (CxvDataset *dataset, const Settings *s, GError **error)
{
  if (!cxv_dataset_get_sealed (dataset))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED,
                           "Attribution needs a sealed dataset: call cxv_dataset_seal() first");
      return FALSE;
    }
  if ((guint) s->period > CXV_PERIOD_YEAR)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown period %d: expected month (0), quarter (1) or year (2)",
                   (int) s->period);
      return FALSE;
    }
  if (s->save_window_days > MAX_DAYS)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "save-window-days is %u: expected 0 to %u days", s->save_window_days,
                   MAX_DAYS);
      return FALSE;
    }
  if ((guint) s->switching_source > CXV_ACQUISITION_WIN_BACK)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown switching-source %d: expected an acquisition source (0 to %d)",
                   (int) s->switching_source, (int) CXV_ACQUISITION_WIN_BACK);
      return FALSE;
    }
  if ((guint) s->precedence > CXV_ATTRIBUTION_PRECEDENCE_CSM_FIRST)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown precedence %d: expected cxm-first (0) or csm-first (1)",
                   (int) s->precedence);
      return FALSE;
    }
  if (s->bootstrap_samples > MAX_BOOTSTRAP)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "bootstrap-samples is %u: expected 0 to %u", s->bootstrap_samples,
                   MAX_BOOTSTRAP);
      return FALSE;
    }
  if (cxv_dataset_get_n_records (dataset, CXV_RECORD_REVENUE) == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "The dataset holds no revenue events to attribute");
      return FALSE;
    }
  return TRUE;
}

static Results *
compute (CxvAttribution *self,
         CxvDataset     *dataset,
         const Settings *s,
         GCancellable   *cancellable,
         GError        **error)
{
  static const char * const sum_names[] = {
    "period", "start_date", "end_date", "total", "cxm", "csm", "sales", "cxm_share",
    "csm_share", "sales_share", "nrr", "referral_revenue", "earned_growth", "total_growth",
    "earned_growth_ratio" };
  static const CxvColumnType sum_types[] = {
    CXV_COLUMN_TEXT, CXV_COLUMN_DATE, CXV_COLUMN_DATE, CXV_COLUMN_MONEY, CXV_COLUMN_MONEY,
    CXV_COLUMN_MONEY, CXV_COLUMN_MONEY, CXV_COLUMN_DOUBLE, CXV_COLUMN_DOUBLE, CXV_COLUMN_DOUBLE,
    CXV_COLUMN_DOUBLE, CXV_COLUMN_MONEY, CXV_COLUMN_DOUBLE, CXV_COLUMN_DOUBLE,
    CXV_COLUMN_DOUBLE };
  static const char * const ini_names[] = {
    "initiative", "in_sync", "start_date", "end_date", "events", "revenue" };
  static const CxvColumnType ini_types[] = {
    CXV_COLUMN_TEXT, CXV_COLUMN_BOOLEAN, CXV_COLUMN_DATE, CXV_COLUMN_DATE, CXV_COLUMN_INT,
    CXV_COLUMN_MONEY };
  static const char * const cmp_names[] = {
    "metric", "in_sync", "out_of_sync", "difference", "ci_low", "ci_high",
    "customers_in_sync", "customers_out_of_sync" };
  static const CxvColumnType cmp_types[] = {
    CXV_COLUMN_TEXT, CXV_COLUMN_MONEY, CXV_COLUMN_MONEY, CXV_COLUMN_MONEY, CXV_COLUMN_MONEY,
    CXV_COLUMN_MONEY, CXV_COLUMN_INT, CXV_COLUMN_INT };
  g_autoptr(CxvSpells) spells = NULL;
  g_autoptr(Results) results = NULL;
  g_autoptr(GHashTable) reason_ini = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree CxvDate *saved = NULL;
  g_autofree guint8 *referred = NULL;
  g_autofree PeriodAcc *acc = NULL;
  g_autofree gint64 *rec = NULL;
  g_autofree gint64 *rev = NULL;
  g_autofree gint64 *ini_revenue = NULL;
  g_autofree gint64 *ini_events = NULL;
  const CxvRecordTable *rt, *ft, *nt;
  const CxvDate *rdate;
  CxvDate first = G_MAXINT32, last = G_MININT32;
  guint32 n_customers;
  Pass pass = { 0 };

  G_STATIC_ASSERT (G_N_ELEMENTS (sum_names) == G_N_ELEMENTS (sum_types));
  G_STATIC_ASSERT (G_N_ELEMENTS (ini_names) == G_N_ELEMENTS (ini_types));
  G_STATIC_ASSERT (G_N_ELEMENTS (cmp_names) == G_N_ELEMENTS (cmp_types));

  if (!validate (dataset, s, error))
    return NULL;

  report_progress (self, 0.0);
  n_customers = cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER);
  rt = cxv_dataset_get_table (dataset, CXV_RECORD_REVENUE);
  rdate = CXV_COLUMN (rt, CxvDate, REV_DATE);
  for (guint32 e = 0; e < rt->n; e++)
    {
      first = MIN (first, rdate[e]);
      last = MAX (last, rdate[e]);
    }

  /* Activity is always contractual here: a save "held" when the customer
   * still holds a product save-window-days later. */
  spells = cxv_spells_new (dataset, CXV_ACTIVITY_CONTRACTUAL, 0);
  nt = cxv_dataset_get_table (dataset, CXV_RECORD_INITIATIVE);

  pass.dataset = dataset;
  pass.settings = s;
  pass.spells = spells;
  cxv_periods_init (&pass.periods, s->period, first, last);
  pass.n_ini = nt->n;
  pass.in_sync = CXV_COLUMN (nt, guint8, INI_IN_SYNC);
  pass.ini_start = CXV_COLUMN (nt, CxvDate, INI_START);
  pass.ini_end = CXV_COLUMN (nt, CxvDate, INI_END);
  pass.reason_ini = reason_ini = g_hash_table_new (g_direct_hash, g_direct_equal);
  pass.saved = saved = g_new (CxvDate, MAX (n_customers, 1));
  pass.referred = referred = g_new0 (guint8, MAX (n_customers, 1));
  pass.acc = acc = g_new0 (PeriodAcc, pass.periods.n);
  pass.rec = rec = g_new0 (gint64, pass.periods.n);
  pass.rev = rev = g_new0 (gint64, pass.periods.n);
  pass.ini_revenue = ini_revenue = g_new0 (gint64, MAX (pass.n_ini, 1));
  pass.ini_events = ini_events = g_new0 (gint64, MAX (pass.n_ini, 1));
  for (guint m = 0; m < 2; m++)
    for (guint g = 0; g < 2; g++)
      pass.value[m][g] = g_array_new (FALSE, FALSE, sizeof (double));

  /* Saves first: a referral counts by when the referrer was saved. */
  for (guint32 c = 0; c < n_customers; c++)
    saved[c] = save_day (&pass, c);
  ft = cxv_dataset_get_table (dataset, CXV_RECORD_REFERRAL);
  for (guint32 r = 0; r < ft->n; r++)
    {
      guint32 referrer = CXV_COLUMN (ft, guint32, REF_REFERRER)[r];
      guint32 referee = CXV_COLUMN (ft, guint32, REF_REFERRED)[r];

      if (saved[referrer] != CXV_DATE_NONE &&
          CXV_COLUMN (ft, CxvDate, REF_DATE)[r] >= saved[referrer])
        referred[referee] = TRUE;
    }

  for (guint32 c = 0; c < n_customers; c++)
    {
      if (c % PROGRESS_EVERY == 0 && c > 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          report_progress (self, (double) c / n_customers);
        }
      scan_customer (&pass, c);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  results = g_new0 (Results, 1);
  results->summary = new_table (dataset, "attribution", sum_names, sum_types,
                                G_N_ELEMENTS (sum_names));
  results->initiatives = new_table (dataset, "initiatives", ini_names, ini_types,
                                    G_N_ELEMENTS (ini_names));
  results->comparison = new_table (dataset, "in-sync", cmp_names, cmp_types,
                                   G_N_ELEMENTS (cmp_names));
  fill_summary (&pass, results->summary);
  fill_initiatives (&pass, results->initiatives);
  rand = g_rand_new_with_seed (s->seed);
  fill_comparison (&pass, results->comparison, rand);
  report_progress (self, 1.0);

out:
  cxv_periods_clear (&pass.periods);
  for (guint m = 0; m < 2; m++)
    for (guint g = 0; g < 2; g++)
      g_array_unref (pass.value[m][g]);
  return g_steal_pointer (&results);
}

static void
install_results (CxvAttribution *self, Results *results)
{
  g_clear_pointer (&self->results, results_free);
  self->results = results;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_attribution_dispose (GObject *object)
{
  CxvAttribution *self = (CxvAttribution *) object;

  g_clear_object (&self->dataset);
  g_clear_pointer (&self->results, results_free);
  g_clear_pointer (&self->progress_context, g_main_context_unref);

  G_OBJECT_CLASS (cxv_attribution_parent_class)->dispose (object);
}

static void
cxv_attribution_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CxvAttribution *self = CXV_ATTRIBUTION (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_PERIOD:
      g_value_set_enum (value, self->settings.period);
      break;
    case PROP_SAVE_WINDOW_DAYS:
      g_value_set_uint (value, self->settings.save_window_days);
      break;
    case PROP_SWITCHING_SOURCE:
      g_value_set_enum (value, self->settings.switching_source);
      break;
    case PROP_WINDOW_SWITCHERS:
      g_value_set_boolean (value, self->settings.window_switchers);
      break;
    case PROP_PRECEDENCE:
      g_value_set_enum (value, self->settings.precedence);
      break;
    case PROP_BOOTSTRAP_SAMPLES:
      g_value_set_uint (value, self->settings.bootstrap_samples);
      break;
    case PROP_SEED:
      g_value_set_uint (value, self->settings.seed);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_attribution_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CxvAttribution *self = CXV_ATTRIBUTION (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_PERIOD:
      cxv_attribution_set_period (self, g_value_get_enum (value));
      break;
    case PROP_SAVE_WINDOW_DAYS:
      cxv_attribution_set_save_window_days (self, g_value_get_uint (value));
      break;
    case PROP_SWITCHING_SOURCE:
      cxv_attribution_set_switching_source (self, g_value_get_enum (value));
      break;
    case PROP_WINDOW_SWITCHERS:
      cxv_attribution_set_window_switchers (self, g_value_get_boolean (value));
      break;
    case PROP_PRECEDENCE:
      cxv_attribution_set_precedence (self, g_value_get_enum (value));
      break;
    case PROP_BOOTSTRAP_SAMPLES:
      cxv_attribution_set_bootstrap_samples (self, g_value_get_uint (value));
      break;
    case PROP_SEED:
      cxv_attribution_set_seed (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_attribution_class_init (CxvAttributionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cxv_attribution_dispose;
  object_class->get_property = cxv_attribution_get_property;
  object_class->set_property = cxv_attribution_set_property;

  /**
   * CxvAttribution:dataset:
   *
   * The sealed dataset to read.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CxvAttribution:period:
   *
   * The length of the periods of the summary table. Default month: short
   * enough for earned growth to be read period on period, and sums over
   * months give quarters and years.
   *
   * Since: 1.0
   */
  properties[PROP_PERIOD] =
    g_param_spec_enum ("period", NULL, NULL, CXV_TYPE_PERIOD, CXV_PERIOD_MONTH, rw);

  /**
   * CxvAttribution:save-window-days:
   *
   * How long a customer must stay after a save for it to count: a save
   * interaction that found the customer at risk saves it only if the
   * customer still holds a product this many days later. Default 90.
   *
   * Since: 1.0
   */
  properties[PROP_SAVE_WINDOW_DAYS] =
    g_param_spec_uint ("save-window-days", NULL, NULL, 0, MAX_DAYS, 90, rw);

  /**
   * CxvAttribution:switching-source:
   *
   * The acquisition source that means "switched from a competitor": a
   * customer acquired from it while an in-sync initiative was live counts
   * as won by CX management. Default %CXV_ACQUISITION_SWITCHED.
   *
   * Since: 1.0
   */
  properties[PROP_SWITCHING_SOURCE] =
    g_param_spec_enum ("switching-source", NULL, NULL, CXV_TYPE_ACQUISITION_SOURCE,
                       CXV_ACQUISITION_SWITCHED, rw);

  /**
   * CxvAttribution:window-switchers:
   *
   * Whether a customer acquired from [property@Cxv.Attribution:switching-source]
   * on a day an in-sync initiative was live counts as won by CX management
   * even when none of its revenue is tagged with the initiative. Off by
   * default: a dataset does not say which products or touchpoints an
   * initiative changed, so the window alone credits every switcher of the
   * period, including those who would have switched anyway. On the
   * simulated sample, where initiatives are live most of the time, the
   * window credits about a fifth of all revenue even with the in-sync
   * effect switched off, while the tags credit none. Turn it on for data
   * without tags, knowing it is an upper bound.
   *
   * Since: 1.0
   */
  properties[PROP_WINDOW_SWITCHERS] =
    g_param_spec_boolean ("window-switchers", NULL, NULL, FALSE, rw);

  /**
   * CxvAttribution:precedence:
   *
   * Which part gets an event that qualifies for both CX management and
   * customer success. Default %CXV_ATTRIBUTION_PRECEDENCE_CXM_FIRST: the
   * initiative brought the customer or the expansion about, the save only
   * kept it.
   *
   * Since: 1.0
   */
  properties[PROP_PRECEDENCE] =
    g_param_spec_enum ("precedence", NULL, NULL, CXV_TYPE_ATTRIBUTION_PRECEDENCE,
                       CXV_ATTRIBUTION_PRECEDENCE_CXM_FIRST, rw);

  /**
   * CxvAttribution:bootstrap-samples:
   *
   * The resamples behind the 95 % intervals of the in-sync comparison.
   * Default 1000; 0 leaves the intervals null.
   *
   * Since: 1.0
   */
  properties[PROP_BOOTSTRAP_SAMPLES] =
    g_param_spec_uint ("bootstrap-samples", NULL, NULL, 0, MAX_BOOTSTRAP, 1000, rw);

  /**
   * CxvAttribution:seed:
   *
   * The seed of the bootstrap, so that a run can be repeated. Default 1.
   *
   * Since: 1.0
   */
  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL, 0, G_MAXUINT, 1, rw);

  /**
   * CxvAttribution:progress:
   *
   * The share of customers read by the current run, from 0 to 1.
   *
   * Since: 1.0
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_attribution_init (CxvAttribution *self)
{
  self->settings.period = CXV_PERIOD_MONTH;
  self->settings.save_window_days = 90;
  self->settings.switching_source = CXV_ACQUISITION_SWITCHED;
  self->settings.precedence = CXV_ATTRIBUTION_PRECEDENCE_CXM_FIRST;
  self->settings.bootstrap_samples = 1000;
  self->settings.seed = 1;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * cxv_attribution_new:
 * @dataset: the dataset to read
 *
 * Creates an attribution over @dataset with the default rules.
 *
 * Returns: (transfer full): a new #CxvAttribution
 *
 * Since: 1.0
 */
CxvAttribution *
cxv_attribution_new (CxvDataset *dataset)
{
  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);

  return g_object_new (CXV_TYPE_ATTRIBUTION, "dataset", dataset, NULL);
}

/**
 * cxv_attribution_get_dataset:
 * @self: a #CxvAttribution
 *
 * Gets [property@Cxv.Attribution:dataset].
 *
 * Returns: (transfer none): the dataset
 *
 * Since: 1.0
 */
CxvDataset *
cxv_attribution_get_dataset (CxvAttribution *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION (self), NULL);

  return self->dataset;
}

#define DEFINE_ACCESSORS(type, field, prop)                                   \
  type                                                                        \
  cxv_attribution_get_##field (CxvAttribution *self)                          \
  {                                                                           \
    g_return_val_if_fail (CXV_IS_ATTRIBUTION (self), 0);                      \
    return self->settings.field;                                              \
  }                                                                           \
  void                                                                        \
  cxv_attribution_set_##field (CxvAttribution *self, type field)              \
  {                                                                           \
    g_return_if_fail (CXV_IS_ATTRIBUTION (self));                             \
    if (self->settings.field == field)                                        \
      return;                                                                 \
    self->settings.field = field;                                             \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);             \
  }

/**
 * cxv_attribution_get_period:
 * @self: a #CxvAttribution
 *
 * Gets [property@Cxv.Attribution:period].
 *
 * Returns: the period length
 *
 * Since: 1.0
 */
/**
 * cxv_attribution_set_period:
 * @self: a #CxvAttribution
 * @period: the period length
 *
 * Sets [property@Cxv.Attribution:period]. A value outside
 * [enum@Cxv.Period] makes [method@Cxv.Attribution.run] fail with
 * %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT.
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (CxvPeriod, period, PROP_PERIOD)

/**
 * cxv_attribution_get_save_window_days:
 * @self: a #CxvAttribution
 *
 * Gets [property@Cxv.Attribution:save-window-days].
 *
 * Returns: the days a saved customer must stay
 *
 * Since: 1.0
 */
/**
 * cxv_attribution_set_save_window_days:
 * @self: a #CxvAttribution
 * @save_window_days: the days a saved customer must stay
 *
 * Sets [property@Cxv.Attribution:save-window-days].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, save_window_days, PROP_SAVE_WINDOW_DAYS)

/**
 * cxv_attribution_get_switching_source:
 * @self: a #CxvAttribution
 *
 * Gets [property@Cxv.Attribution:switching-source].
 *
 * Returns: the acquisition source of switchers
 *
 * Since: 1.0
 */
/**
 * cxv_attribution_set_switching_source:
 * @self: a #CxvAttribution
 * @switching_source: the acquisition source of switchers
 *
 * Sets [property@Cxv.Attribution:switching-source].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (CxvAcquisitionSource, switching_source, PROP_SWITCHING_SOURCE)

/**
 * cxv_attribution_get_window_switchers:
 * @self: a #CxvAttribution
 *
 * Gets [property@Cxv.Attribution:window-switchers].
 *
 * Returns: whether switchers acquired while an in-sync initiative was live
 *   count for CXM without tags
 *
 * Since: 1.0
 */
gboolean
cxv_attribution_get_window_switchers (CxvAttribution *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION (self), FALSE);

  return self->settings.window_switchers;
}

/**
 * cxv_attribution_set_window_switchers:
 * @self: a #CxvAttribution
 * @window_switchers: whether the window rule for switchers applies
 *
 * Sets [property@Cxv.Attribution:window-switchers].
 *
 * Since: 1.0
 */
void
cxv_attribution_set_window_switchers (CxvAttribution *self,
                                      gboolean        window_switchers)
{
  g_return_if_fail (CXV_IS_ATTRIBUTION (self));

  window_switchers = !!window_switchers;
  if (self->settings.window_switchers == window_switchers)
    return;
  self->settings.window_switchers = window_switchers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_SWITCHERS]);
}

/**
 * cxv_attribution_get_precedence:
 * @self: a #CxvAttribution
 *
 * Gets [property@Cxv.Attribution:precedence].
 *
 * Returns: the precedence
 *
 * Since: 1.0
 */
/**
 * cxv_attribution_set_precedence:
 * @self: a #CxvAttribution
 * @precedence: the precedence
 *
 * Sets [property@Cxv.Attribution:precedence].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (CxvAttributionPrecedence, precedence, PROP_PRECEDENCE)

/**
 * cxv_attribution_get_bootstrap_samples:
 * @self: a #CxvAttribution
 *
 * Gets [property@Cxv.Attribution:bootstrap-samples].
 *
 * Returns: the number of bootstrap resamples
 *
 * Since: 1.0
 */
/**
 * cxv_attribution_set_bootstrap_samples:
 * @self: a #CxvAttribution
 * @bootstrap_samples: the number of bootstrap resamples
 *
 * Sets [property@Cxv.Attribution:bootstrap-samples].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, bootstrap_samples, PROP_BOOTSTRAP_SAMPLES)

/**
 * cxv_attribution_get_seed:
 * @self: a #CxvAttribution
 *
 * Gets [property@Cxv.Attribution:seed].
 *
 * Returns: the bootstrap seed
 *
 * Since: 1.0
 */
/**
 * cxv_attribution_set_seed:
 * @self: a #CxvAttribution
 * @seed: the bootstrap seed
 *
 * Sets [property@Cxv.Attribution:seed].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, seed, PROP_SEED)

/**
 * cxv_attribution_get_progress:
 * @self: a #CxvAttribution
 *
 * Gets [property@Cxv.Attribution:progress].
 *
 * Returns: the share of the current run done, 0 to 1
 *
 * Since: 1.0
 */
double
cxv_attribution_get_progress (CxvAttribution *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION (self), 0.0);

  return self->progress;
}

/**
 * cxv_attribution_run:
 * @self: a #CxvAttribution
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Attributes every revenue event and builds the tables, replacing the
 * results of an earlier run; on failure the earlier results are kept.
 *
 * Fails with %CXV_ANALYSIS_ERROR_NOT_SEALED if the dataset is not sealed,
 * %CXV_ANALYSIS_ERROR_EMPTY if it holds no revenue events, and
 * %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for an unknown period, switching
 * source or precedence, a save window over 36,525 days or more than
 * 100,000 bootstrap samples.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
cxv_attribution_run (CxvAttribution  *self,
                     GCancellable    *cancellable,
                     GError         **error)
{
  Results *results;

  g_return_val_if_fail (CXV_IS_ATTRIBUTION (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  results = compute (self, self->dataset, &self->settings, cancellable, error);
  if (results == NULL)
    return FALSE;
  install_results (self, results);
  return TRUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CxvAttribution *self = source_object;
  GError *error = NULL;
  Results *results;

  results = compute (self, self->dataset, task_data, cancellable, &error);
  if (results != NULL)
    g_task_return_pointer (task, results, (GDestroyNotify) results_free);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_attribution_run_async:
 * @self: a #CxvAttribution
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the run completes
 * @user_data: data for @callback
 *
 * Runs [method@Cxv.Attribution.run] in a worker thread, with the rules as
 * they are when this is called. Progress is reported in the thread-default
 * main context of the caller; the results are installed by
 * [method@Cxv.Attribution.run_finish].
 *
 * Since: 1.0
 */
void
cxv_attribution_run_async (CxvAttribution      *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CXV_IS_ATTRIBUTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_attribution_run_async);
  g_task_set_task_data (task, g_memdup2 (&self->settings, sizeof self->settings), g_free);
  g_task_set_return_on_cancel (task, FALSE);

  if (self->progress_context == NULL)
    self->progress_context = g_main_context_ref_thread_default ();
  g_task_run_in_thread (task, run_thread);
}

/**
 * cxv_attribution_run_finish:
 * @self: a #CxvAttribution
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.Attribution.run_async] and installs its results.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_attribution_run_finish (CxvAttribution  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  Results *results;

  g_return_val_if_fail (CXV_IS_ATTRIBUTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_attribution_run_async,
                        FALSE);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results == NULL)
    return FALSE;
  install_results (self, results);
  return TRUE;
}

/**
 * cxv_attribution_get_summary:
 * @self: a #CxvAttribution
 *
 * Gets the summary table, one row per period with the columns `period`,
 * `start_date`, `end_date`, `total`, `cxm`, `csm`, `sales`, `cxm_share`,
 * `csm_share`, `sales_share`, `nrr`, `referral_revenue`, `earned_growth`,
 * `total_growth` and `earned_growth_ratio`, defined in the
 * [class@Cxv.Attribution] overview.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a
 *   successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_attribution_get_summary (CxvAttribution *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION (self), NULL);

  return self->results != NULL ? self->results->summary : NULL;
}

/**
 * cxv_attribution_get_initiatives:
 * @self: a #CxvAttribution
 *
 * Gets the initiatives table, one row per initiative in dataset order with
 * the columns `initiative`, `in_sync`, `start_date`, `end_date`, `events`
 * and `revenue` (the revenue credited to CX management because of it).
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a
 *   successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_attribution_get_initiatives (CxvAttribution *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION (self), NULL);

  return self->results != NULL ? self->results->initiatives : NULL;
}

/**
 * cxv_attribution_get_comparison:
 * @self: a #CxvAttribution
 *
 * Gets the in-sync against out-of-sync comparison: rows
 * `revenue_per_customer` and `revenue_growth` with the columns `metric`,
 * `in_sync`, `out_of_sync`, `difference`, `ci_low`, `ci_high`,
 * `customers_in_sync` and `customers_out_of_sync`, defined in the
 * [class@Cxv.Attribution] overview.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a
 *   successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_attribution_get_comparison (CxvAttribution *self)
{
  g_return_val_if_fail (CXV_IS_ATTRIBUTION (self), NULL);

  return self->results != NULL ? self->results->comparison : NULL;
}
