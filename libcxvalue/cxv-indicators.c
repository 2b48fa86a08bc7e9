/* cxv-indicators.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvIndicators:
 *
 * The CX indicators of the relationship dashboard (NPS, CSAT, CES per
 * period and segment) and "say vs do": whether what customers answer
 * matches what they then do.
 *
 * Only feedback from the instruments [enum@Cxv.Instrument.NPS],
 * [enum@Cxv.Instrument.CSAT] and [enum@Cxv.Instrument.CES] is read; other
 * feedback is ignored.
 *
 * ## Bands
 *
 * - NPS (0 to 10): a *detractor* answers at most
 *   [property@Cxv.Indicators:detractor-max] (6), a *promoter* at least
 *   [property@Cxv.Indicators:promoter-min] (9), a *passive* anything
 *   between.
 * - CSAT (1 to 5): *high* is at least
 *   [property@Cxv.Indicators:high-csat-min] (4), *low* at most
 *   [property@Cxv.Indicators:low-csat-max] (2), *neutral* between.
 * - CES (1 to 7, where 7 is the least effort): *high-effort* is at most
 *   [property@Cxv.Indicators:high-effort-max] (3), *low-effort* at least
 *   [property@Cxv.Indicators:low-effort-min] (6), *neutral* between. The
 *   CES bands are named after the effort, not the score, so that "high"
 *   never means two opposite things.
 *
 * ## Scores
 *
 * [method@Cxv.Indicators.get_scores]: one row per period (the calendar
 * period holding the answer's date, [property@Cxv.Indicators:period]) and
 * segment, for every period from the first answer's to the last answer's:
 * the segment `all` first (every answer of the period, even in a period
 * without one), then each segment (by name, customers without a segment
 * last with a null segment) that has at least one answer in the period.
 * Every answer counts, so a customer answering twice counts twice.
 *
 * - `responses_nps`, `promoters`, `passives`, `detractors` (int);
 * - `nps` (double): 100 × (promoters − detractors) / responses_nps;
 * - `nps_se` (double): its standard error from the multinomial variance,
 *   100 × √((p(1 − p) + d(1 − d) + 2pd) / n) with p and d the promoter and
 *   detractor shares and n = responses_nps;
 * - `nps_low`, `nps_high` (double): the 95 % interval nps ∓ 1.96 × nps_se
 *   (normal approximation, not clamped to ±100);
 * - `responses_csat` (int), `csat_share` (double: the share of CSAT
 *   answers in the high band, 4 and 5 by default), `csat_mean` (double);
 * - `responses_ces` (int), `ces_mean` (double).
 *
 * Statistics of an instrument without answers in the group are null.
 *
 * ## Say vs do
 *
 * [method@Cxv.Indicators.get_say_do]: one row per instrument (`nps`,
 * `csat`, `ces`) and band, always all nine. A *respondent* is a customer
 * with its *first* answer on the instrument (by date) in the band: each
 * customer counts once per instrument, in the band of the answer it gave
 * before knowing how the relationship would go on. With *P* the first day
 * of the answer's period and *h* = [property@Cxv.Indicators:horizon]:
 *
 * - `respondents` (int): such customers whose follow-up window, the *h*
 *   periods after the answer's period, lies wholly within the data (its
 *   last day is no later than the last day the data speaks of); later
 *   answers cannot be judged yet and are left out;
 * - `retained` (int): respondents active ([enum@Cxv.Activity], as
 *   [property@Cxv.Indicators:activity] defines it) on the first day of the
 *   period *h* periods after *P*;
 * - `retention` (double): `retained / respondents`, null without
 *   respondents;
 * - `revenue_after` (money): their net revenue (refunds included) booked in
 *   the *h* periods after the answer's period;
 * - `revenue_per_respondent` (money): `revenue_after / respondents` in
 *   minor units, rounded half away from zero; null without respondents.
 *
 * Respondents need not be active when they answer.
 *
 * ## Running
 *
 * [method@Cxv.Indicators.run] builds the activity spells and then makes
 * one pass over the per-customer index of the sealed dataset;
 * [method@Cxv.Indicators.run_async] does the same in a worker thread with
 * the settings @self has when it is called. Results stay until the next
 * successful run.
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
#include "cxv-indicators.h"

#define MAX_INACTIVITY_DAYS 36525
#define MAX_HORIZON         1200
#define CANCEL_EVERY        4096

enum { T_DETRACTOR_MAX, T_PROMOTER_MIN, T_LOW_CSAT_MAX, T_HIGH_CSAT_MIN, T_HIGH_EFFORT_MAX,
       T_LOW_EFFORT_MIN, N_THRESHOLDS };

static const struct
{
  const char *name;
  int         value;
} thresholds[N_THRESHOLDS] = {
  [T_DETRACTOR_MAX] = { "detractor-max", 6 },
  [T_PROMOTER_MIN] = { "promoter-min", 9 },
  [T_LOW_CSAT_MAX] = { "low-csat-max", 2 },
  [T_HIGH_CSAT_MIN] = { "high-csat-min", 4 },
  [T_HIGH_EFFORT_MAX] = { "high-effort-max", 3 },
  [T_LOW_EFFORT_MIN] = { "low-effort-min", 6 },
};

struct _CxvIndicators
{
  GObject      parent_instance;

  CxvDataset  *dataset;
  CxvPeriod    period;
  CxvActivity  activity;
  guint        inactivity_days;
  guint        horizon;
  int          thresholds[N_THRESHOLDS];

  CxvTable    *scores;
  CxvTable    *say_do;
};

G_DEFINE_FINAL_TYPE (CxvIndicators, cxv_indicators, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DATASET,
  PROP_PERIOD,
  PROP_ACTIVITY,
  PROP_INACTIVITY_DAYS,
  PROP_HORIZON,
  PROP_FIRST_THRESHOLD,
  N_PROPS = PROP_FIRST_THRESHOLD + N_THRESHOLDS
};

static GParamSpec *properties[N_PROPS];


/* ------------------------------------------------------------------ */
/* The analysis                                                         */

typedef struct
{
  CxvPeriod   period;
  CxvActivity activity;
  guint       inactivity_days;
  guint       horizon;
  int         t[N_THRESHOLDS];
} Config;

typedef struct
{
  CxvTable *scores;
  CxvTable *say_do;
} Results;

static void
results_free (Results *r)
{
  g_clear_object (&r->scores);
  g_clear_object (&r->say_do);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Results, results_free)

/* Accumulated answers of one period and segment. */
typedef struct
{
  gint64 promoters, passives, detractors;
  gint64 n_csat, csat_high;
  double csat_sum;
  gint64 n_ces;
  double ces_sum;
} Acc;

enum { BAND_GOOD, BAND_MIDDLE, BAND_BAD, N_BANDS };

static const char *const instrument_names[] = { "nps", "csat", "ces" };
static const char *const band_names[][N_BANDS] = {
  { "promoter", "passive", "detractor" },
  { "high", "neutral", "low" },
  { "low-effort", "neutral", "high-effort" },
};

typedef struct
{
  gint64 respondents;
  gint64 retained;
  gint64 revenue;
} SayDo;

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static gboolean
check_pair (const Config *config, int low_t, int high_t, int lo, int hi, const char *scale,
            GError **error)
{
  int low = config->t[low_t], high = config->t[high_t];

  if (low < lo || low > hi || high < lo || high > hi)
    return invalid (error, "%s must be within the %s scale (%d to %d), not %d and %d",
                    low < lo || low > hi ? thresholds[low_t].name : thresholds[high_t].name,
                    scale, lo, hi, low, high);
  if (high <= low)
    return invalid (error, "%s (%d) must be greater than %s (%d)", thresholds[high_t].name, high,
                    thresholds[low_t].name, low);
  return TRUE;
}

static gboolean
check_config (CxvDataset *dataset, const Config *config, GError **error)
{
  if (!cxv_dataset_get_sealed (dataset))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED,
                           "The dataset must be sealed before indicators can be computed");
      return FALSE;
    }
  if ((guint) config->period > CXV_PERIOD_YEAR)
    return invalid (error, "%d is not a period", (int) config->period);
  if ((guint) config->activity > CXV_ACTIVITY_NON_CONTRACTUAL)
    return invalid (error, "%d is not an activity definition", (int) config->activity);
  if (config->activity == CXV_ACTIVITY_NON_CONTRACTUAL &&
      (config->inactivity_days == 0 || config->inactivity_days > MAX_INACTIVITY_DAYS))
    return invalid (error, "The inactivity limit must be 1 to %u days, not %u",
                    MAX_INACTIVITY_DAYS, config->inactivity_days);
  if (config->horizon == 0 || config->horizon > MAX_HORIZON)
    return invalid (error, "The horizon must be 1 to %u periods, not %u", MAX_HORIZON,
                    config->horizon);
  return check_pair (config, T_DETRACTOR_MAX, T_PROMOTER_MIN, 0, 10, "NPS", error) &&
         check_pair (config, T_LOW_CSAT_MAX, T_HIGH_CSAT_MIN, 1, 5, "CSAT", error) &&
         check_pair (config, T_HIGH_EFFORT_MAX, T_LOW_EFFORT_MIN, 1, 7, "CES", error);
}

static int
band_of (const Config *config, CxvInstrument instrument, double score)
{
  switch (instrument)
    {
    case CXV_INSTRUMENT_NPS:
      return score >= config->t[T_PROMOTER_MIN] ? BAND_GOOD :
             score <= config->t[T_DETRACTOR_MAX] ? BAND_BAD : BAND_MIDDLE;
    case CXV_INSTRUMENT_CSAT:
      return score >= config->t[T_HIGH_CSAT_MIN] ? BAND_GOOD :
             score <= config->t[T_LOW_CSAT_MAX] ? BAND_BAD : BAND_MIDDLE;
    case CXV_INSTRUMENT_CES:
      return score >= config->t[T_LOW_EFFORT_MIN] ? BAND_GOOD :
             score <= config->t[T_HIGH_EFFORT_MAX] ? BAND_BAD : BAND_MIDDLE;
    case CXV_INSTRUMENT_OTHER:
    default:
      g_return_val_if_reached (BAND_MIDDLE);
    }
}

static void
set_segment (CxvTable *t, guint row, guint column, CxvDataset *dataset, const CxvSegments *s,
             guint k)
{
  if (k == 0)
    cxv_table_set_text (t, row, column, "all");
  else if (s->text_of[k] == CXV_NO_INDEX)
    cxv_table_set_null (t, row, column);
  else
    cxv_table_set_text (t, row, column, cxv_dataset_get_text (dataset, s->text_of[k]));
}

static void
set_double_or_null (CxvTable *t, guint row, guint column, gboolean have, double value)
{
  if (have)
    cxv_table_set_double (t, row, column, value);
  else
    cxv_table_set_null (t, row, column);
}

static CxvTable *
make_scores (CxvDataset *dataset, const CxvPeriods *p, const CxvSegments *s, const Acc *acc)
{
  CxvTable *t = cxv_table_new ("indicator-scores");
  guint c_period = cxv_table_add_column (t, "period", CXV_COLUMN_TEXT);
  guint c_segment = cxv_table_add_column (t, "segment", CXV_COLUMN_TEXT);
  guint c_n_nps = cxv_table_add_column (t, "responses_nps", CXV_COLUMN_INT);
  guint c_pro = cxv_table_add_column (t, "promoters", CXV_COLUMN_INT);
  guint c_pas = cxv_table_add_column (t, "passives", CXV_COLUMN_INT);
  guint c_det = cxv_table_add_column (t, "detractors", CXV_COLUMN_INT);
  guint c_nps = cxv_table_add_column (t, "nps", CXV_COLUMN_DOUBLE);
  guint c_se = cxv_table_add_column (t, "nps_se", CXV_COLUMN_DOUBLE);
  guint c_low = cxv_table_add_column (t, "nps_low", CXV_COLUMN_DOUBLE);
  guint c_high = cxv_table_add_column (t, "nps_high", CXV_COLUMN_DOUBLE);
  guint c_n_csat = cxv_table_add_column (t, "responses_csat", CXV_COLUMN_INT);
  guint c_csat_share = cxv_table_add_column (t, "csat_share", CXV_COLUMN_DOUBLE);
  guint c_csat_mean = cxv_table_add_column (t, "csat_mean", CXV_COLUMN_DOUBLE);
  guint c_n_ces = cxv_table_add_column (t, "responses_ces", CXV_COLUMN_INT);
  guint c_ces_mean = cxv_table_add_column (t, "ces_mean", CXV_COLUMN_DOUBLE);

  for (guint i = 0; i < p->n; i++)
    for (guint k = 0; k < s->n_slots; k++)
      {
        const Acc *a = &acc[(gsize) i * s->n_slots + k];
        gint64 n_nps = a->promoters + a->passives + a->detractors;
        double nps = 0, se = 0;
        guint row;

        if (k > 0 && n_nps + a->n_csat + a->n_ces == 0)
          continue;
        if (n_nps > 0)
          {
            double pp = (double) a->promoters / (double) n_nps;
            double pd = (double) a->detractors / (double) n_nps;

            nps = 100.0 * (pp - pd);
            se = 100.0 * sqrt ((pp * (1 - pp) + pd * (1 - pd) + 2 * pp * pd) / (double) n_nps);
          }
        row = cxv_table_append_row (t);
        cxv_table_set_text (t, row, c_period, p->labels[i]);
        set_segment (t, row, c_segment, dataset, s, k);
        cxv_table_set_int (t, row, c_n_nps, n_nps);
        cxv_table_set_int (t, row, c_pro, a->promoters);
        cxv_table_set_int (t, row, c_pas, a->passives);
        cxv_table_set_int (t, row, c_det, a->detractors);
        set_double_or_null (t, row, c_nps, n_nps > 0, nps);
        set_double_or_null (t, row, c_se, n_nps > 0, se);
        set_double_or_null (t, row, c_low, n_nps > 0, nps - 1.96 * se);
        set_double_or_null (t, row, c_high, n_nps > 0, nps + 1.96 * se);
        cxv_table_set_int (t, row, c_n_csat, a->n_csat);
        set_double_or_null (t, row, c_csat_share, a->n_csat > 0,
                            (double) a->csat_high / (double) MAX (a->n_csat, 1));
        set_double_or_null (t, row, c_csat_mean, a->n_csat > 0,
                            a->csat_sum / (double) MAX (a->n_csat, 1));
        cxv_table_set_int (t, row, c_n_ces, a->n_ces);
        set_double_or_null (t, row, c_ces_mean, a->n_ces > 0,
                            a->ces_sum / (double) MAX (a->n_ces, 1));
      }
  return t;
}

/* @a / @b rounded half away from zero, @b > 0. */
static gint64
divide_round (gint64 a, gint64 b)
{
  gint64 q = a / b, r = a % b;

  if (r < 0 ? -r >= b - -r : r >= b - r)
    q += a < 0 ? -1 : 1;
  return q;
}

static CxvTable *
make_say_do (const SayDo say_do[3][N_BANDS], const char *currency)
{
  CxvTable *t = cxv_table_new ("say-do");
  guint c_inst = cxv_table_add_column (t, "instrument", CXV_COLUMN_TEXT);
  guint c_band = cxv_table_add_column (t, "band", CXV_COLUMN_TEXT);
  guint c_resp = cxv_table_add_column (t, "respondents", CXV_COLUMN_INT);
  guint c_ret = cxv_table_add_column (t, "retained", CXV_COLUMN_INT);
  guint c_rate = cxv_table_add_column (t, "retention", CXV_COLUMN_DOUBLE);
  guint c_rev = cxv_table_add_column (t, "revenue_after", CXV_COLUMN_MONEY);
  guint c_rpr = cxv_table_add_column (t, "revenue_per_respondent", CXV_COLUMN_MONEY);

  cxv_table_set_currency (t, currency);
  for (guint i = 0; i < 3; i++)
    for (guint b = 0; b < N_BANDS; b++)
      {
        const SayDo *sd = &say_do[i][b];
        guint row = cxv_table_append_row (t);

        cxv_table_set_text (t, row, c_inst, instrument_names[i]);
        cxv_table_set_text (t, row, c_band, band_names[i][b]);
        cxv_table_set_int (t, row, c_resp, sd->respondents);
        cxv_table_set_int (t, row, c_ret, sd->retained);
        cxv_table_set_money (t, row, c_rev, sd->revenue);
        if (sd->respondents > 0)
          {
            cxv_table_set_double (t, row, c_rate,
                                  (double) sd->retained / (double) sd->respondents);
            cxv_table_set_money (t, row, c_rpr, divide_round (sd->revenue, sd->respondents));
          }
        else
          {
            cxv_table_set_null (t, row, c_rate);
            cxv_table_set_null (t, row, c_rpr);
          }
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
  const CxvRecordTable *fee, *rev;
  const guint32 *fee_offsets, *rev_offsets;
  const CxvDate *fee_dates, *rev_dates;
  const guint8 *fee_instruments;
  const double *fee_scores;
  const gint64 *rev_amounts;
  CxvDate first = CXV_DATE_NONE, last = CXV_DATE_NONE;
  CxvPeriods p = { 0 };
  CxvSegments s = { 0 };
  g_autofree Acc *acc = NULL;
  SayDo say_do[3][N_BANDS] = { { { 0 } } };
  int step = cxv_period_months (config->period);
  guint32 n_customers;

  if (!check_config (dataset, config, error))
    return NULL;
  n_customers = cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER);
  if (n_customers == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "The dataset holds no customers");
      return NULL;
    }

  fee = cxv_dataset_get_table (dataset, CXV_RECORD_FEEDBACK);
  fee_offsets = cxv_dataset_get_offsets (dataset, CXV_RECORD_FEEDBACK);
  fee_dates = CXV_COLUMN (fee, CxvDate, FEE_DATE);
  fee_instruments = CXV_COLUMN (fee, guint8, FEE_INSTRUMENT);
  fee_scores = CXV_COLUMN (fee, double, FEE_SCORE);
  /* The range of periods to report; a scan of one column, not of the
   * per-customer index. */
  for (guint32 i = 0; i < fee->n; i++)
    if (fee_instruments[i] <= CXV_INSTRUMENT_CES)
      {
        first = first == CXV_DATE_NONE ? fee_dates[i] : MIN (first, fee_dates[i]);
        last = last == CXV_DATE_NONE ? fee_dates[i] : MAX (last, fee_dates[i]);
      }
  if (first == CXV_DATE_NONE)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "The dataset holds no NPS, CSAT or CES answer");
      return NULL;
    }

  spells = cxv_spells_new (dataset, config->activity, config->inactivity_days);
  cxv_periods_init (&p, config->period, first, last);
  cxv_segments_init (&s, dataset);
  acc = g_new0 (Acc, (gsize) p.n * s.n_slots);

  rev = cxv_dataset_get_table (dataset, CXV_RECORD_REVENUE);
  rev_offsets = cxv_dataset_get_offsets (dataset, CXV_RECORD_REVENUE);
  rev_dates = CXV_COLUMN (rev, CxvDate, REV_DATE);
  rev_amounts = CXV_COLUMN (rev, gint64, REV_AMOUNT);

  for (guint32 c = 0; c < n_customers; c++)
    {
      gboolean seen[3] = { FALSE, FALSE, FALSE };

      if (c % CANCEL_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cxv_periods_clear (&p);
          cxv_segments_clear (&s);
          return NULL;
        }

      /* Feedback is sorted by date within a customer, so the first answer
       * met on an instrument is the customer's first. */
      for (guint32 i = fee_offsets[c]; i < fee_offsets[c + 1]; i++)
        {
          CxvInstrument inst = fee_instruments[i];
          double score = fee_scores[i];
          gint64 q;
          int band;
          Acc *cells[2];

          if (inst > CXV_INSTRUMENT_CES)
            continue;
          q = cxv_periods_index (&p, fee_dates[i]);
          cells[0] = &acc[q * s.n_slots];
          cells[1] = &acc[q * s.n_slots + s.slot_of[c]];
          band = band_of (config, inst, score);
          for (guint k = 0; k < 2; k++)
            switch (inst)
              {
              case CXV_INSTRUMENT_NPS:
                if (band == BAND_GOOD)
                  cells[k]->promoters++;
                else if (band == BAND_BAD)
                  cells[k]->detractors++;
                else
                  cells[k]->passives++;
                break;
              case CXV_INSTRUMENT_CSAT:
                cells[k]->n_csat++;
                cells[k]->csat_high += band == BAND_GOOD;
                cells[k]->csat_sum += score;
                break;
              case CXV_INSTRUMENT_CES:
              case CXV_INSTRUMENT_OTHER:
              default:
                cells[k]->n_ces++;
                cells[k]->ces_sum += score;
                break;
              }

          if (!seen[inst])
            {
              CxvDate start = cxv_period_start (config->period, fee_dates[i]);
              CxvDate after = cxv_date_add_months (start, step);
              CxvDate judged = cxv_date_add_months (start, (int) config->horizon * step);
              CxvDate end = cxv_date_add_months (start, ((int) config->horizon + 1) * step);
              SayDo *sd = &say_do[inst][band];

              seen[inst] = TRUE;
              /* A window the data does not cover yet cannot be judged. */
              if (after == CXV_DATE_NONE || judged == CXV_DATE_NONE || end == CXV_DATE_NONE ||
                  end - 1 > spells->last_day)
                continue;
              sd->respondents++;
              sd->retained += cxv_spells_active_on (spells, c, judged, NULL);
              for (guint32 r = rev_offsets[c]; r < rev_offsets[c + 1]; r++)
                if (rev_dates[r] >= after && rev_dates[r] < end)
                  sd->revenue += rev_amounts[r];
            }
        }
    }

  results = g_new0 (Results, 1);
  results->scores = make_scores (dataset, &p, &s, acc);
  results->say_do = make_say_do ((const SayDo (*)[N_BANDS]) say_do,
                                 cxv_dataset_get_currency (dataset));
  cxv_periods_clear (&p);
  cxv_segments_clear (&s);
  return g_steal_pointer (&results);
}

static void
install (CxvIndicators *self, Results *results)
{
  g_set_object (&self->scores, results->scores);
  g_set_object (&self->say_do, results->say_do);
}

static void
config_init (Config *config, CxvIndicators *self)
{
  config->period = self->period;
  config->activity = self->activity;
  config->inactivity_days = self->inactivity_days;
  config->horizon = self->horizon;
  memcpy (config->t, self->thresholds, sizeof config->t);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_indicators_finalize (GObject *object)
{
  CxvIndicators *self = CXV_INDICATORS (object);

  g_clear_object (&self->dataset);
  g_clear_object (&self->scores);
  g_clear_object (&self->say_do);

  G_OBJECT_CLASS (cxv_indicators_parent_class)->finalize (object);
}

static void
set_threshold (CxvIndicators *self, guint which, int value)
{
  if (self->thresholds[which] != value)
    {
      self->thresholds[which] = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_THRESHOLD + which]);
    }
}

static void
cxv_indicators_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CxvIndicators *self = CXV_INDICATORS (object);

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
    case PROP_HORIZON:
      g_value_set_uint (value, self->horizon);
      break;
    default:
      if (prop_id >= PROP_FIRST_THRESHOLD && prop_id < N_PROPS)
        g_value_set_int (value, self->thresholds[prop_id - PROP_FIRST_THRESHOLD]);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_indicators_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CxvIndicators *self = CXV_INDICATORS (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_PERIOD:
      cxv_indicators_set_period (self, g_value_get_enum (value));
      break;
    case PROP_ACTIVITY:
      cxv_indicators_set_activity (self, g_value_get_enum (value));
      break;
    case PROP_INACTIVITY_DAYS:
      cxv_indicators_set_inactivity_days (self, g_value_get_uint (value));
      break;
    case PROP_HORIZON:
      cxv_indicators_set_horizon (self, g_value_get_uint (value));
      break;
    default:
      if (prop_id >= PROP_FIRST_THRESHOLD && prop_id < N_PROPS)
        set_threshold (self, prop_id - PROP_FIRST_THRESHOLD, g_value_get_int (value));
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_indicators_class_init (CxvIndicatorsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cxv_indicators_finalize;
  object_class->get_property = cxv_indicators_get_property;
  object_class->set_property = cxv_indicators_set_property;

  /**
   * CxvIndicators:dataset:
   *
   * The dataset analysed; it must be sealed by the time the analysis runs.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CxvIndicators:period:
   *
   * The length of the periods answers are grouped by, and the unit of
   * [property@Cxv.Indicators:horizon].
   * Default: [enum@Cxv.Period.MONTH].
   *
   * Since: 1.0
   */
  properties[PROP_PERIOD] =
    g_param_spec_enum ("period", NULL, NULL, CXV_TYPE_PERIOD, CXV_PERIOD_MONTH, rw);

  /**
   * CxvIndicators:activity:
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
   * CxvIndicators:inactivity-days:
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

  /**
   * CxvIndicators:horizon:
   *
   * How many periods after the period of an answer say vs do looks: a
   * respondent is *retained* when active on the first day of the period
   * this many periods after the answer's, and its revenue is summed over
   * the periods after the answer's up to that one included. Must be 1 to
   * 1,200. Default: 3.
   *
   * Since: 1.0
   */
  properties[PROP_HORIZON] =
    g_param_spec_uint ("horizon", NULL, NULL, 0, G_MAXUINT, 3, rw);

  /**
   * CxvIndicators:detractor-max:
   *
   * The highest NPS answer (0 to 10) of a detractor. Must be lower than
   * [property@Cxv.Indicators:promoter-min]. Default: 6.
   *
   * Since: 1.0
   */

  /**
   * CxvIndicators:promoter-min:
   *
   * The lowest NPS answer (0 to 10) of a promoter. Default: 9.
   *
   * Since: 1.0
   */

  /**
   * CxvIndicators:low-csat-max:
   *
   * The highest CSAT answer (1 to 5) in the low band. Must be lower than
   * [property@Cxv.Indicators:high-csat-min]. Default: 2.
   *
   * Since: 1.0
   */

  /**
   * CxvIndicators:high-csat-min:
   *
   * The lowest CSAT answer (1 to 5) in the high band, the satisfied
   * customers `csat_share` counts. Default: 4.
   *
   * Since: 1.0
   */

  /**
   * CxvIndicators:high-effort-max:
   *
   * The highest CES answer (1 to 7, 7 being the least effort) in the
   * high-effort band. Must be lower than
   * [property@Cxv.Indicators:low-effort-min]. Default: 3.
   *
   * Since: 1.0
   */

  /**
   * CxvIndicators:low-effort-min:
   *
   * The lowest CES answer (1 to 7, 7 being the least effort) in the
   * low-effort band. Default: 6.
   *
   * Since: 1.0
   */

  /* Thresholds take any integer so that a wrong one is reported by the
   * run as an error, with the scale it breaks, not as a warning here. */
  for (guint k = 0; k < N_THRESHOLDS; k++)
    properties[PROP_FIRST_THRESHOLD + k] =
      g_param_spec_int (thresholds[k].name, NULL, NULL, G_MININT, G_MAXINT, thresholds[k].value,
                        rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_indicators_init (CxvIndicators *self)
{
  self->period = CXV_PERIOD_MONTH;
  self->activity = CXV_ACTIVITY_CONTRACTUAL;
  self->inactivity_days = 90;
  self->horizon = 3;
  for (guint k = 0; k < N_THRESHOLDS; k++)
    self->thresholds[k] = thresholds[k].value;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * cxv_indicators_new:
 * @dataset: the dataset to analyse
 *
 * Creates an indicator analysis of @dataset with the default settings.
 *
 * Returns: (transfer full): a new #CxvIndicators
 *
 * Since: 1.0
 */
CxvIndicators *
cxv_indicators_new (CxvDataset *dataset)
{
  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);

  return g_object_new (CXV_TYPE_INDICATORS, "dataset", dataset, NULL);
}

/**
 * cxv_indicators_get_dataset:
 * @self: a #CxvIndicators
 *
 * Gets [property@Cxv.Indicators:dataset].
 *
 * Returns: (transfer none): the dataset analysed
 *
 * Since: 1.0
 */
CxvDataset *
cxv_indicators_get_dataset (CxvIndicators *self)
{
  g_return_val_if_fail (CXV_IS_INDICATORS (self), NULL);

  return self->dataset;
}

/**
 * cxv_indicators_get_period:
 * @self: a #CxvIndicators
 *
 * Gets [property@Cxv.Indicators:period].
 *
 * Returns: the period length
 *
 * Since: 1.0
 */
CxvPeriod
cxv_indicators_get_period (CxvIndicators *self)
{
  g_return_val_if_fail (CXV_IS_INDICATORS (self), CXV_PERIOD_MONTH);

  return self->period;
}

/**
 * cxv_indicators_set_period:
 * @self: a #CxvIndicators
 * @period: the period length
 *
 * Sets [property@Cxv.Indicators:period]. A value that is no
 * [enum@Cxv.Period] is kept, and makes the next run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_indicators_set_period (CxvIndicators *self,
                           CxvPeriod      period)
{
  g_return_if_fail (CXV_IS_INDICATORS (self));

  if (self->period != period)
    {
      self->period = period;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
    }
}

/**
 * cxv_indicators_get_activity:
 * @self: a #CxvIndicators
 *
 * Gets [property@Cxv.Indicators:activity].
 *
 * Returns: the activity definition
 *
 * Since: 1.0
 */
CxvActivity
cxv_indicators_get_activity (CxvIndicators *self)
{
  g_return_val_if_fail (CXV_IS_INDICATORS (self), CXV_ACTIVITY_CONTRACTUAL);

  return self->activity;
}

/**
 * cxv_indicators_set_activity:
 * @self: a #CxvIndicators
 * @activity: the activity definition
 *
 * Sets [property@Cxv.Indicators:activity]. A value that is no
 * [enum@Cxv.Activity] is kept, and makes the next run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_indicators_set_activity (CxvIndicators *self,
                             CxvActivity    activity)
{
  g_return_if_fail (CXV_IS_INDICATORS (self));

  if (self->activity != activity)
    {
      self->activity = activity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
    }
}

/**
 * cxv_indicators_get_inactivity_days:
 * @self: a #CxvIndicators
 *
 * Gets [property@Cxv.Indicators:inactivity-days].
 *
 * Returns: the inactivity limit in days
 *
 * Since: 1.0
 */
guint
cxv_indicators_get_inactivity_days (CxvIndicators *self)
{
  g_return_val_if_fail (CXV_IS_INDICATORS (self), 0);

  return self->inactivity_days;
}

/**
 * cxv_indicators_set_inactivity_days:
 * @self: a #CxvIndicators
 * @days: the inactivity limit in days
 *
 * Sets [property@Cxv.Indicators:inactivity-days].
 *
 * Since: 1.0
 */
void
cxv_indicators_set_inactivity_days (CxvIndicators *self,
                                    guint          days)
{
  g_return_if_fail (CXV_IS_INDICATORS (self));

  if (self->inactivity_days != days)
    {
      self->inactivity_days = days;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INACTIVITY_DAYS]);
    }
}

/**
 * cxv_indicators_get_horizon:
 * @self: a #CxvIndicators
 *
 * Gets [property@Cxv.Indicators:horizon].
 *
 * Returns: the say-vs-do horizon in periods
 *
 * Since: 1.0
 */
guint
cxv_indicators_get_horizon (CxvIndicators *self)
{
  g_return_val_if_fail (CXV_IS_INDICATORS (self), 0);

  return self->horizon;
}

/**
 * cxv_indicators_set_horizon:
 * @self: a #CxvIndicators
 * @horizon: the say-vs-do horizon in periods
 *
 * Sets [property@Cxv.Indicators:horizon]; 0 makes the next run fail with
 * [error@Cxv.AnalysisError.INVALID_ARGUMENT].
 *
 * Since: 1.0
 */
void
cxv_indicators_set_horizon (CxvIndicators *self,
                            guint          horizon)
{
  g_return_if_fail (CXV_IS_INDICATORS (self));

  if (self->horizon != horizon)
    {
      self->horizon = horizon;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HORIZON]);
    }
}

/**
 * cxv_indicators_run:
 * @self: a #CxvIndicators
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Computes the indicators and say vs do.
 *
 * Returns: %TRUE on success; %FALSE with @error set in
 *   %CXV_ANALYSIS_ERROR (not sealed, no customer or no NPS, CSAT or CES
 *   answer, an
 *   invalid setting) or %G_IO_ERROR_CANCELLED, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_indicators_run (CxvIndicators  *self,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(Results) results = NULL;
  Config config;

  g_return_val_if_fail (CXV_IS_INDICATORS (self), FALSE);
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
  CxvIndicators *self = source_object;
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
 * cxv_indicators_run_async:
 * @self: a #CxvIndicators
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the results are ready
 * @user_data: data for @callback
 *
 * Computes the results in a worker thread with the settings @self has now.
 * They replace the earlier ones when [method@Cxv.Indicators.run_finish] is
 * called.
 *
 * Since: 1.0
 */
void
cxv_indicators_run_async (CxvIndicators       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Config *config;

  g_return_if_fail (CXV_IS_INDICATORS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_indicators_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  config = g_new0 (Config, 1);
  config_init (config, self);
  g_task_set_task_data (task, config, g_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * cxv_indicators_run_finish:
 * @self: a #CxvIndicators
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.Indicators.run_async] and installs its results.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_indicators_run_finish (CxvIndicators  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_autoptr(Results) results = NULL;

  g_return_val_if_fail (CXV_IS_INDICATORS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_indicators_run_async, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results == NULL)
    return FALSE;
  install (self, results);
  return TRUE;
}

/**
 * cxv_indicators_get_scores:
 * @self: a #CxvIndicators
 *
 * Gets the indicators per period and segment of the last successful run:
 * columns `period`, `segment`, `responses_nps`, `promoters`, `passives`,
 * `detractors`, `nps`, `nps_se`, `nps_low`, `nps_high`, `responses_csat`,
 * `csat_share`, `csat_mean`, `responses_ces` and `ces_mean`, as the class
 * documentation defines them.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_indicators_get_scores (CxvIndicators *self)
{
  g_return_val_if_fail (CXV_IS_INDICATORS (self), NULL);

  return self->scores;
}

/**
 * cxv_indicators_get_say_do:
 * @self: a #CxvIndicators
 *
 * Gets say vs do of the last successful run: columns `instrument`, `band`,
 * `respondents`, `retained`, `retention`, `revenue_after` and
 * `revenue_per_respondent`, as the class documentation defines them.
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a run
 *
 * Since: 1.0
 */
CxvTable *
cxv_indicators_get_say_do (CxvIndicators *self)
{
  g_return_val_if_fail (CXV_IS_INDICATORS (self), NULL);

  return self->say_do;
}
