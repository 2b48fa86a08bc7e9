/* cxv-ledger.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvLedger:
 *
 * Customers as assets: how many customers and how much run-rate came in
 * and went out in each period, whether the count reconciles, how much of
 * the value that walked out was refilled, and which experiences preceded
 * the departures.
 *
 * A ledger reads a sealed [class@Cxv.Dataset] and, once
 * [method@Cxv.Ledger.run] succeeds, offers four [class@Cxv.Table]s:
 * [method@Cxv.Ledger.get_periods], [method@Cxv.Ledger.get_departures],
 * [method@Cxv.Ledger.get_experiences] and [method@Cxv.Ledger.get_findings].
 * Money columns are in the dataset's currency.
 *
 * ## Who is a customer, and when
 *
 * [property@Cxv.Ledger:activity] chooses what "in" and "out" mean (see
 * [enum@Cxv.Activity]): by default a customer is in while it holds a
 * product (contractual); otherwise from a purchase until
 * [property@Cxv.Ledger:inactivity-days] pass without another. Each
 * stretch of activity is a *spell* `[start, end)`: the customer comes in on
 * its start day and goes out on its end day, the first day it is no longer
 * active. A customer's first spell brings it in as *new*, any later one as
 * *won back*.
 *
 * ## The periods table
 *
 * The periods ([property@Cxv.Ledger:period]: months, quarters or years)
 * run from the one holding the earliest spell start to the one holding
 * the last day the data covers. One row per period `[start_date,
 * end_date)`, `end_date` being the first day of the next period (null for
 * a period that ends with 9999, which has no day after it):
 *
 * - `customers_start`: customers active at the opening of the period, that
 *   is on the day before `start_date` (the closing count of the period
 *   before). `customers_end`: customers active at its close, on the day
 *   before `end_date`. Both are counted from the spells that cover those
 *   days, independently of the movements below. (Counting on the first
 *   day itself would count a customer who comes in on that day both at the
 *   start and as "in", and the ledger would never balance.)
 * - `new`, `won_back`: spells starting in the period; `in` is their sum.
 * - `out`: spells ending in the period (their exclusive end day falls in
 *   it).
 * - `reconciled`: whether `customers_start + in − out = customers_end`.
 *   A mismatch is a data-quality finding listing the customers involved.
 * - `revenue`: the sum of every revenue amount dated in the period, refunds
 *   and one-off charges included.
 * - `value_in`, `value_out`: the run-rate of the spells that started, and
 *   of the spells that ended, in the period. A customer's *run-rate* is 12
 *   times its recurring revenue (kinds new, recurring, expansion and
 *   contraction; never one-off or refund) in the 30 days before a day: for
 *   one leaving, the 30 days before its departure; for one coming in, the
 *   first 30 days of its spell.
 * - `retention_rate`: the share of `customers_start` that did not leave in
 *   the period, `(customers_start − leavers active at the start) /
 *   customers_start`; null when no customer was active at the start.
 * - `refill_share`: the leaky bucket, `value_in / value_out`: how much of
 *   the run-rate that walked out new and returning customers refilled;
 *   null when nothing walked out. A retention rate of 90 % next to a
 *   refill share of 0.5 means the business is shrinking while "keeping"
 *   its customers.
 * - `nrr`, `grr`: net and gross revenue retention, over the customers
 *   active at the start of the period: NRR = their recurring revenue in the
 *   period / their recurring revenue in the period before; GRR = the sum
 *   over them of min(this period, period before) / the same denominator,
 *   so expansion counts in NRR but never lifts GRR above 1. Null for the
 *   first period and whenever the denominator is 0.
 * - `lifetime_value_out`, only with a lifetime model
 *   ([method@Cxv.Ledger.set_lifetime_model]): the lifetime value that
 *   walked out, summed over the spells that ended in the period. Each is
 *   its monthly run-rate (a twelfth of the run-rate above) times the
 *   model's discounted expected residual lifetime, in months, of a customer
 *   who had paid for that many whole months (so had made one renewal
 *   fewer): what the customer would still have paid, by the model, had it
 *   stayed on as others like it do.
 *
 * ## Departures and the experiences before them
 *
 * Every spell that ended within the periods is a departure, one row of
 * [method@Cxv.Ledger.get_departures] with its run-rate and what the
 * customer went through in the window of
 * [property@Cxv.Ledger:window-days] days before it, from the departure day
 * minus the window up to and including the departure day (exit reasons
 * are often recorded on the day of leaving):
 *
 * - `complaints`: interactions of kind complaint; `complaint_reasons` their
 *   distinct reasons in order of first appearance, joined with `;`
 *   ("outage;billing"), `unspecified` for a complaint without a reason;
 * - `unresolved`: support and complaint interactions left unresolved (for
 *   offers and save attempts "resolved" means accepted, so they are not
 *   counted);
 * - `detractor`: an NPS answer at or below
 *   [property@Cxv.Ledger:detractor-max]; `low_csat`: a CSAT answer at or
 *   below [property@Cxv.Ledger:low-csat-max]; `high_effort`: a CES answer
 *   at or below [property@Cxv.Ledger:high-effort-max] (7 is the least
 *   effort);
 * - `exit_reason`: the distinct reasons of feedback interactions, joined
 *   with `;`.
 *
 * [method@Cxv.Ledger.get_experiences] turns them around: one row per
 * experience ("complaint: outage", "unresolved contact", "detractor (NPS
 * 0-6)", "low CSAT", "high effort", "exit reason: price") with the
 * departures that went through it (`customers_lost`), the run-rate they took
 * with them (`revenue_lost`) and their share of all departures, ranked by
 * revenue lost, then customers lost: which experiences drove revenue out of
 * the door. One departure counts under every experience it went through.
 *
 * ## Findings
 *
 * [method@Cxv.Ledger.get_findings] lists data-quality problems, one row
 * each with the period, the customer, a kind and a description: a period
 * that does not reconcile (`unreconciled`, one row per customer involved),
 * a holding that ends on the day it starts (`empty-holding`, ignored by the
 * spells) and, in contractual mode, revenue dated on a day the customer
 * held nothing (`revenue-while-inactive`). At most 1,000 rows are listed;
 * [method@Cxv.Ledger.get_n_findings] counts them all.
 *
 * ## Cost
 *
 * One pass over the sealed per-customer index: each customer's spells,
 * holdings, revenue, interactions and feedback are read once in date order
 * (the windows and run-rates by binary search within the customer), never
 * once per period. [method@Cxv.Ledger.run_async] runs in a worker thread
 * and reports [property@Cxv.Ledger:progress] in the caller's main context.
 *
 * Since: 1.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-activity-private.h"
#include "cxv-clv-math-private.h"
#include "cxv-clv-model-private.h"
#include "cxv-dataset-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"
#include "cxv-ledger.h"
#include "cxv-progress-private.h"

#define MAX_DAYS          36525   /* a hundred years: the limit of windows */
#define RUN_RATE_DAYS     30
#define FINDINGS_CAP      1000
#define PROGRESS_EVERY    4096    /* customers between progress reports and cancel checks */

typedef struct
{
  CxvPeriod   period;
  CxvActivity activity;
  guint       inactivity_days;
  guint       window_days;
  guint       detractor_max;
  guint       low_csat_max;
  guint       high_effort_max;
  /* An sBG model to price departures with; parameters copied when set. */
  gboolean    lifetime;
  double      lifetime_params[2];
  double      lifetime_discount;
} Settings;

typedef struct
{
  CxvTable *periods;
  CxvTable *departures;
  CxvTable *experiences;
  CxvTable *findings;
  guint64   n_findings;
} Results;

struct _CxvLedger
{
  GObject       parent_instance;

  CxvDataset   *dataset;
  Settings      settings;
  double        progress;
  Results      *results;

  /* Where progress is reported during an async run. */
  GMainContext *progress_context;
};

G_DEFINE_FINAL_TYPE (CxvLedger, cxv_ledger, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_PERIOD,
  PROP_ACTIVITY,
  PROP_INACTIVITY_DAYS,
  PROP_WINDOW_DAYS,
  PROP_DETRACTOR_MAX,
  PROP_LOW_CSAT_MAX,
  PROP_HIGH_EFFORT_MAX,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
results_free (Results *results)
{
  if (results == NULL)
    return;
  g_clear_object (&results->periods);
  g_clear_object (&results->departures);
  g_clear_object (&results->experiences);
  g_clear_object (&results->findings);
  g_free (results);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Results, results_free)

/* ------------------------------------------------------------------ */
/* Progress                                                             */

static void
publish_progress (GObject *object, double progress, guint64 count)
{
  CxvLedger *self = CXV_LEDGER (object);

  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (object, properties[PROP_PROGRESS]);
}

static void
report_progress (CxvLedger *self, double progress)
{
  cxv_progress_report (G_OBJECT (self), self->progress_context, publish_progress, progress, 0);
}

/* ------------------------------------------------------------------ */
/* Searching sorted arrays                                              */

/* The first i in [lo, hi) with dates[i] >= day, or hi. */
static guint32
lower_bound (const CxvDate *dates, guint32 lo, guint32 hi, CxvDate day)
{
  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (dates[mid] < day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The first j in [0, n] with bounds[j] > day, or n + 1. */
static guint
first_bound_after (const CxvDate *bounds, guint n, CxvDate day)
{
  guint lo = 0, hi = n + 1;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (bounds[mid] <= day)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The period holding @day: -1 before the first, n from the end of the last. */
static int
period_of (const CxvDate *bounds, guint n, CxvDate day)
{
  return (int) first_bound_after (bounds, n, day) - 1;
}

/* ------------------------------------------------------------------ */
/* The pass                                                             */

typedef struct
{
  gint64 n_new;
  gint64 n_won_back;
  gint64 n_out;
  gint64 leavers_at_start;
  gint64 revenue;
  gint64 value_in;
  gint64 value_out;
  gint64 rec_this;   /* recurring revenue of the customers active at the start */
  gint64 rec_last;   /* theirs in the period before */
  gint64 rec_min;    /* sum of min (this, last) per customer */
  double lifetime_out; /* minor units, with a lifetime model */
} PeriodAcc;

typedef struct
{
  gint64 n;
  gint64 revenue;
} ExpStat;

typedef struct
{
  CxvDataset      *dataset;
  const Settings  *settings;
  const CxvSpells *spells;
  CxvDate         *bounds;     /* n_periods + 1 period starts */
  guint            n_periods;
  PeriodAcc       *acc;
  gint64          *active;     /* difference array over the bounds, then counts */
  gint64          *rec;        /* one customer's recurring revenue per period */
  Results         *results;

  gint64           n_departures;
  ExpStat          unresolved;
  ExpStat          detractor;
  ExpStat          low_csat;
  ExpStat          high_effort;
  GHashTable      *complaint_reasons;   /* reason index → ExpStat */
  GHashTable      *exit_reasons;
  GArray          *seen;                /* reasons seen in one window */
  GString         *text;
} Pass;

enum { PER_PERIOD, PER_START_DATE, PER_END_DATE, PER_CUSTOMERS_START, PER_NEW, PER_WON_BACK,
       PER_IN, PER_OUT, PER_CUSTOMERS_END, PER_RECONCILED, PER_REVENUE, PER_VALUE_IN,
       PER_VALUE_OUT, PER_RETENTION_RATE, PER_REFILL_SHARE, PER_NRR, PER_GRR };
enum { DEP_CUSTOMER, DEP_DATE, DEP_PERIOD, DEP_RUN_RATE, DEP_COMPLAINTS, DEP_REASONS,
       DEP_UNRESOLVED, DEP_DETRACTOR, DEP_LOW_CSAT, DEP_HIGH_EFFORT, DEP_EXIT_REASON };
enum { EXP_EXPERIENCE, EXP_CUSTOMERS_LOST, EXP_REVENUE_LOST, EXP_SHARE };
enum { FIN_PERIOD, FIN_CUSTOMER, FIN_KIND, FIN_DESCRIPTION };

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

static void
add_finding (Pass *pass, CxvDate day, guint32 customer, const char *kind,
             const char *description)
{
  CxvTable *t = pass->results->findings;
  g_autofree char *label = NULL;
  guint row;

  if (pass->results->n_findings++ >= FINDINGS_CAP)
    return;
  label = cxv_period_label (pass->settings->period,
                            cxv_period_start (pass->settings->period, day));
  row = cxv_table_append_row (t);
  cxv_table_set_text (t, row, FIN_PERIOD, label);
  cxv_table_set_text (t, row, FIN_CUSTOMER, cxv_dataset_get_customer_id (pass->dataset, customer));
  cxv_table_set_text (t, row, FIN_KIND, kind);
  cxv_table_set_text (t, row, FIN_DESCRIPTION, description);
}

static gboolean
is_recurring (guint8 kind)
{
  return kind == CXV_REVENUE_NEW || kind == CXV_REVENUE_RECURRING ||
         kind == CXV_REVENUE_EXPANSION || kind == CXV_REVENUE_CONTRACTION;
}

/* 12 times the customer's recurring revenue dated in [from, to). */
static gint64
run_rate (Pass *pass, guint32 customer, CxvDate from, CxvDate to)
{
  const CxvRecordTable *t = cxv_dataset_get_table (pass->dataset, CXV_RECORD_REVENUE);
  const guint32 *offsets = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_REVENUE);
  const CxvDate *dates = CXV_COLUMN (t, CxvDate, REV_DATE);
  const guint8 *kinds = CXV_COLUMN (t, guint8, REV_KIND);
  const gint64 *amounts = CXV_COLUMN (t, gint64, REV_AMOUNT);
  gint64 sum = 0;

  for (guint32 i = lower_bound (dates, offsets[customer], offsets[customer + 1], from);
       i < offsets[customer + 1] && dates[i] < to; i++)
    if (is_recurring (kinds[i]))
      sum += amounts[i];
  return 12 * sum;
}

static void
count_experience (ExpStat *stat, gint64 revenue)
{
  stat->n++;
  stat->revenue += revenue;
}

static void
count_reason (GHashTable *table, guint32 reason, gint64 revenue)
{
  ExpStat *stat = g_hash_table_lookup (table, GUINT_TO_POINTER (reason));

  if (stat == NULL)
    {
      stat = g_new0 (ExpStat, 1);
      g_hash_table_insert (table, GUINT_TO_POINTER (reason), stat);
    }
  count_experience (stat, revenue);
}

static const char *
reason_text (CxvDataset *dataset, guint32 reason)
{
  return reason == CXV_NO_INDEX ? "unspecified" : cxv_dataset_get_text (dataset, reason);
}

/* Adds @reason to pass->text unless this window has seen it; TRUE if new. */
static gboolean
note_reason (Pass *pass, guint32 reason)
{
  for (guint i = 0; i < pass->seen->len; i++)
    if (g_array_index (pass->seen, guint32, i) == reason)
      return FALSE;
  g_array_append_val (pass->seen, reason);
  if (pass->text->len > 0)
    g_string_append_c (pass->text, ';');
  g_string_append (pass->text, reason_text (pass->dataset, reason));
  return TRUE;
}

static void
departure (Pass *pass, guint32 customer, CxvDate day, int period, gint64 rate)
{
  const Settings *s = pass->settings;
  const CxvRecordTable *it = cxv_dataset_get_table (pass->dataset, CXV_RECORD_INTERACTION);
  const guint32 *ioff = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_INTERACTION);
  const CxvDate *idates = CXV_COLUMN (it, CxvDate, INT_DATE);
  const guint8 *ikinds = CXV_COLUMN (it, guint8, INT_KIND);
  const guint8 *resolved = CXV_COLUMN (it, guint8, INT_RESOLVED);
  const guint32 *reasons = CXV_COLUMN (it, guint32, INT_REASON);
  const CxvRecordTable *ft = cxv_dataset_get_table (pass->dataset, CXV_RECORD_FEEDBACK);
  const guint32 *foff = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_FEEDBACK);
  const CxvDate *fdates = CXV_COLUMN (ft, CxvDate, FEE_DATE);
  const guint8 *instruments = CXV_COLUMN (ft, guint8, FEE_INSTRUMENT);
  const double *scores = CXV_COLUMN (ft, double, FEE_SCORE);
  CxvTable *t = pass->results->departures;
  CxvDate from = day - (CxvDate) s->window_days;
  gint64 complaints = 0, unresolved = 0;
  gboolean detractor = FALSE, low_csat = FALSE, high_effort = FALSE;
  g_autofree char *label = cxv_period_label (s->period, pass->bounds[period]);
  guint row;

  pass->n_departures++;
  row = cxv_table_append_row (t);
  cxv_table_set_text (t, row, DEP_CUSTOMER, cxv_dataset_get_customer_id (pass->dataset, customer));
  cxv_table_set_date (t, row, DEP_DATE, day);
  cxv_table_set_text (t, row, DEP_PERIOD, label);
  cxv_table_set_money (t, row, DEP_RUN_RATE, rate);

  /* Complaints and unresolved contacts, then exit reasons: two walks of
   * the same few interactions keep each reason list in date order. */
  g_string_truncate (pass->text, 0);
  g_array_set_size (pass->seen, 0);
  for (guint32 i = lower_bound (idates, ioff[customer], ioff[customer + 1], from);
       i < ioff[customer + 1] && idates[i] <= day; i++)
    {
      if (ikinds[i] == CXV_INTERACTION_COMPLAINT)
        {
          complaints++;
          if (note_reason (pass, reasons[i]))
            count_reason (pass->complaint_reasons, reasons[i], rate);
        }
      if ((ikinds[i] == CXV_INTERACTION_COMPLAINT || ikinds[i] == CXV_INTERACTION_SUPPORT) &&
          !resolved[i])
        unresolved++;
    }
  cxv_table_set_int (t, row, DEP_COMPLAINTS, complaints);
  if (complaints > 0)
    cxv_table_set_text (t, row, DEP_REASONS, pass->text->str);
  else
    cxv_table_set_null (t, row, DEP_REASONS);
  cxv_table_set_int (t, row, DEP_UNRESOLVED, unresolved);
  if (unresolved > 0)
    count_experience (&pass->unresolved, rate);

  g_string_truncate (pass->text, 0);
  g_array_set_size (pass->seen, 0);
  for (guint32 i = lower_bound (idates, ioff[customer], ioff[customer + 1], from);
       i < ioff[customer + 1] && idates[i] <= day; i++)
    if (ikinds[i] == CXV_INTERACTION_FEEDBACK && note_reason (pass, reasons[i]))
      count_reason (pass->exit_reasons, reasons[i], rate);
  if (pass->seen->len > 0)
    cxv_table_set_text (t, row, DEP_EXIT_REASON, pass->text->str);
  else
    cxv_table_set_null (t, row, DEP_EXIT_REASON);

  for (guint32 i = lower_bound (fdates, foff[customer], foff[customer + 1], from);
       i < foff[customer + 1] && fdates[i] <= day; i++)
    {
      switch (instruments[i])
        {
        case CXV_INSTRUMENT_NPS:
          detractor |= scores[i] <= s->detractor_max;
          break;
        case CXV_INSTRUMENT_CSAT:
          low_csat |= scores[i] <= s->low_csat_max;
          break;
        case CXV_INSTRUMENT_CES:
          high_effort |= scores[i] <= s->high_effort_max;
          break;
        default:
          break;
        }
    }
  cxv_table_set_boolean (t, row, DEP_DETRACTOR, detractor);
  cxv_table_set_boolean (t, row, DEP_LOW_CSAT, low_csat);
  cxv_table_set_boolean (t, row, DEP_HIGH_EFFORT, high_effort);
  if (detractor)
    count_experience (&pass->detractor, rate);
  if (low_csat)
    count_experience (&pass->low_csat, rate);
  if (high_effort)
    count_experience (&pass->high_effort, rate);
}

static void
check_records (Pass *pass, guint32 c)
{
  const CxvRecordTable *ht = cxv_dataset_get_table (pass->dataset, CXV_RECORD_HOLDING);
  const guint32 *hoff = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_HOLDING);
  const CxvDate *hstarts = CXV_COLUMN (ht, CxvDate, HOL_START);
  const CxvDate *hends = CXV_COLUMN (ht, CxvDate, HOL_END);
  const guint32 *products = CXV_COLUMN (ht, guint32, HOL_PRODUCT);
  const CxvRecordTable *rt = cxv_dataset_get_table (pass->dataset, CXV_RECORD_REVENUE);
  const guint32 *roff = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_REVENUE);
  const CxvDate *rdates = CXV_COLUMN (rt, CxvDate, REV_DATE);
  const gint64 *amounts = CXV_COLUMN (rt, gint64, REV_AMOUNT);
  const CxvSpells *spells = pass->spells;
  guint32 sp = spells->offsets[c];

  for (guint32 i = hoff[c]; i < hoff[c + 1]; i++)
    if (hends[i] == hstarts[i])
      {
        g_autofree char *day = cxv_date_to_iso8601 (hstarts[i]);
        g_autofree char *text =
          g_strdup_printf ("The holding of %s starting %s ends the same day",
                           cxv_dataset_get_product_code (pass->dataset, products[i]), day);

        add_finding (pass, hstarts[i], c, "empty-holding", text);
      }

  if (pass->settings->activity != CXV_ACTIVITY_CONTRACTUAL)
    return;
  /* Revenue and spells are both in date order: one merge. */
  for (guint32 i = roff[c]; i < roff[c + 1]; i++)
    {
      CxvDate d = rdates[i];

      while (sp < spells->offsets[c + 1] && spells->spells[sp].end != CXV_DATE_NONE &&
             spells->spells[sp].end <= d)
        sp++;
      if (sp < spells->offsets[c + 1] && spells->spells[sp].start <= d)
        continue;
      {
        g_autofree char *day = cxv_date_to_iso8601 (d);
        g_autofree char *text =
          g_strdup_printf ("Revenue of %" G_GINT64_FORMAT " minor units on %s, "
                           "when the customer held no product", amounts[i], day);

        add_finding (pass, d, c, "revenue-while-inactive", text);
      }
    }
}

/* Calendar months from @start to @end, counting a month only once its
 * day of the month is reached: 01-15 to 04-14 is 2, to 04-15 is 3. */
static double
whole_months (CxvDate start, CxvDate end)
{
  int y1, m1, d1, y2, m2, d2;

  cxv_date_to_ymd (start, &y1, &m1, &d1);
  cxv_date_to_ymd (end, &y2, &m2, &d2);
  return MAX (0, (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0));
}

static void
scan_customer (Pass *pass, guint32 c)
{
  const CxvRecordTable *rt = cxv_dataset_get_table (pass->dataset, CXV_RECORD_REVENUE);
  const guint32 *roff = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_REVENUE);
  const CxvDate *rdates = CXV_COLUMN (rt, CxvDate, REV_DATE);
  const guint8 *kinds = CXV_COLUMN (rt, guint8, REV_KIND);
  const gint64 *amounts = CXV_COLUMN (rt, gint64, REV_AMOUNT);
  const CxvSpells *spells = pass->spells;
  guint n = pass->n_periods;
  int kmin = (int) n, kmax = -1;

  check_records (pass, c);

  /* Revenue per period, and this customer's recurring revenue per period
   * for NRR and GRR. */
  for (guint32 i = roff[c]; i < roff[c + 1]; i++)
    {
      int k = period_of (pass->bounds, n, rdates[i]);

      if (k < 0 || k >= (int) n)
        continue;
      pass->acc[k].revenue += amounts[i];
      if (is_recurring (kinds[i]))
        {
          pass->rec[k] += amounts[i];
          kmin = MIN (kmin, k);
          kmax = MAX (kmax, k);
        }
    }

  for (guint32 i = spells->offsets[c]; i < spells->offsets[c + 1]; i++)
    {
      const CxvSpell *spell = &spells->spells[i];
      int k_in = period_of (pass->bounds, n, spell->start);
      guint j_lo, j_hi;

      /* Active at the close of the day before bounds[j] for j in
       * [j_lo, j_hi): counted apart from the movements, as a check. */
      j_lo = first_bound_after (pass->bounds, n, spell->start);
      j_hi = spell->end == CXV_DATE_NONE ? n + 1 : first_bound_after (pass->bounds, n, spell->end);
      pass->active[j_lo]++;
      pass->active[j_hi]--;
      for (guint j = MAX (j_lo, 1); j < MIN (j_hi, n); j++)
        {
          pass->acc[j].rec_this += pass->rec[j];
          pass->acc[j].rec_last += pass->rec[j - 1];
          pass->acc[j].rec_min += MIN (pass->rec[j], pass->rec[j - 1]);
        }

      if (k_in >= 0 && k_in < (int) n)
        {
          if (i == spells->offsets[c])
            pass->acc[k_in].n_new++;
          else
            pass->acc[k_in].n_won_back++;
          pass->acc[k_in].value_in += run_rate (pass, c, spell->start,
                                                spell->start + RUN_RATE_DAYS);
        }

      if (spell->end != CXV_DATE_NONE)
        {
          int k_out = period_of (pass->bounds, n, spell->end);
          gint64 rate;

          /* An end on the day after the data is no departure seen in it. */
          if (k_out < 0 || k_out >= (int) n)
            continue;
          rate = run_rate (pass, c, spell->end - RUN_RATE_DAYS, spell->end);
          pass->acc[k_out].n_out++;
          pass->acc[k_out].value_out += rate;
          if (pass->settings->lifetime)
            {
              /* What walked out: a month's run-rate for every month the
               * customer would still have stayed, discounted. Having paid
               * for m whole months, it had made m − 1 renewals and was
               * deciding on the next. */
              double months = whole_months (spell->start, spell->end);

              pass->acc[k_out].lifetime_out +=
                (double) rate / 12.0
                * cxv_clv_math_sbg_derl (pass->settings->lifetime_params,
                                         pass->settings->lifetime_discount, MAX (months - 1, 0));
            }
          if (spell->start < pass->bounds[k_out])
            pass->acc[k_out].leavers_at_start++;
          departure (pass, c, spell->end, k_out, rate);
        }
    }

  if (kmax >= kmin)
    memset (pass->rec + kmin, 0, sizeof (gint64) * (gsize) (kmax - kmin + 1));
}

/* Only ever run when a period fails to reconcile, which the spells should
 * make impossible: lists, per such period, the customers whose own
 * movements do not add up. */
static void
explain_mismatch (Pass *pass, guint k)
{
  const CxvSpells *spells = pass->spells;
  CxvDate ps = pass->bounds[k], pe = pass->bounds[k + 1];

  for (guint32 c = 0; c < spells->n_customers; c++)
    {
      gint64 balance = 0;

      for (guint32 i = spells->offsets[c]; i < spells->offsets[c + 1]; i++)
        {
          const CxvSpell *s = &spells->spells[i];
          gboolean open = s->end == CXV_DATE_NONE;

          balance += s->start <= ps - 1 && (open || ps - 1 < s->end);
          balance += s->start >= ps && s->start < pe;
          balance -= !open && s->end >= ps && s->end < pe;
          balance -= s->start <= pe - 1 && (open || pe - 1 < s->end);
        }
      if (balance != 0)
        add_finding (pass, ps, c, "unreconciled",
                     "The customer's spells do not add up from the start to the end of the period");
    }
}

static void
fill_periods (Pass *pass)
{
  CxvTable *t = pass->results->periods;
  guint n = pass->n_periods;

  /* Prefix sums turn the difference array into the counts of actives at
   * the close of the day before each bound. */
  for (guint j = 1; j <= n; j++)
    pass->active[j] += pass->active[j - 1];

  for (guint k = 0; k < n; k++)
    {
      const PeriodAcc *a = &pass->acc[k];
      gint64 start = pass->active[k], end = pass->active[k + 1];
      gint64 in = a->n_new + a->n_won_back;
      gboolean reconciled = start + in - a->n_out == end;
      g_autofree char *label = cxv_period_label (pass->settings->period, pass->bounds[k]);
      guint row = cxv_table_append_row (t);

      cxv_table_set_text (t, row, PER_PERIOD, label);
      cxv_table_set_date (t, row, PER_START_DATE, pass->bounds[k]);
      if (pass->bounds[k + 1] <= CXV_DATE_MAX)
        cxv_table_set_date (t, row, PER_END_DATE, pass->bounds[k + 1]);
      else
        cxv_table_set_null (t, row, PER_END_DATE);
      cxv_table_set_int (t, row, PER_CUSTOMERS_START, start);
      cxv_table_set_int (t, row, PER_NEW, a->n_new);
      cxv_table_set_int (t, row, PER_WON_BACK, a->n_won_back);
      cxv_table_set_int (t, row, PER_IN, in);
      cxv_table_set_int (t, row, PER_OUT, a->n_out);
      cxv_table_set_int (t, row, PER_CUSTOMERS_END, end);
      cxv_table_set_boolean (t, row, PER_RECONCILED, reconciled);
      cxv_table_set_money (t, row, PER_REVENUE, a->revenue);
      cxv_table_set_money (t, row, PER_VALUE_IN, a->value_in);
      cxv_table_set_money (t, row, PER_VALUE_OUT, a->value_out);
      if (start > 0)
        cxv_table_set_double (t, row, PER_RETENTION_RATE,
                              (double) (start - a->leavers_at_start) / (double) start);
      else
        cxv_table_set_null (t, row, PER_RETENTION_RATE);
      if (a->value_out != 0)
        cxv_table_set_double (t, row, PER_REFILL_SHARE,
                              (double) a->value_in / (double) a->value_out);
      else
        cxv_table_set_null (t, row, PER_REFILL_SHARE);
      if (k > 0 && a->rec_last != 0)
        {
          cxv_table_set_double (t, row, PER_NRR, (double) a->rec_this / (double) a->rec_last);
          cxv_table_set_double (t, row, PER_GRR, (double) a->rec_min / (double) a->rec_last);
        }
      else
        {
          cxv_table_set_null (t, row, PER_NRR);
          cxv_table_set_null (t, row, PER_GRR);
        }
      if (pass->settings->lifetime)
        cxv_table_set_money (t, row, PER_GRR + 1, (gint64) llround (a->lifetime_out));
      if (!reconciled)
        explain_mismatch (pass, k);
    }
}

typedef struct
{
  char   *label;
  ExpStat stat;
} ExpRow;

static int
compare_exp_rows (gconstpointer a, gconstpointer b)
{
  const ExpRow *x = a, *y = b;

  if (x->stat.revenue != y->stat.revenue)
    return x->stat.revenue > y->stat.revenue ? -1 : 1;
  if (x->stat.n != y->stat.n)
    return x->stat.n > y->stat.n ? -1 : 1;
  return strcmp (x->label, y->label);
}

static void
add_exp_row (GArray *rows, char *label, const ExpStat *stat)
{
  ExpRow row = { label, *stat };

  if (stat->n > 0)
    g_array_append_val (rows, row);
  else
    g_free (label);
}

static void
exp_row_clear (gpointer data)
{
  g_free (((ExpRow *) data)->label);
}

static void
fill_experiences (Pass *pass)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (ExpRow));
  CxvTable *t = pass->results->experiences;
  GHashTableIter iter;
  gpointer key, value;

  g_array_set_clear_func (rows, exp_row_clear);
  g_hash_table_iter_init (&iter, pass->complaint_reasons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_exp_row (rows, g_strconcat ("complaint: ",
                                    reason_text (pass->dataset, GPOINTER_TO_UINT (key)), NULL),
                 value);
  add_exp_row (rows, g_strdup ("unresolved contact"), &pass->unresolved);
  add_exp_row (rows, g_strdup_printf ("detractor (NPS 0-%u)", pass->settings->detractor_max),
               &pass->detractor);
  add_exp_row (rows, g_strdup ("low CSAT"), &pass->low_csat);
  add_exp_row (rows, g_strdup ("high effort"), &pass->high_effort);
  g_hash_table_iter_init (&iter, pass->exit_reasons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_exp_row (rows, g_strconcat ("exit reason: ",
                                    reason_text (pass->dataset, GPOINTER_TO_UINT (key)), NULL),
                 value);
  g_array_sort (rows, compare_exp_rows);

  for (guint i = 0; i < rows->len; i++)
    {
      const ExpRow *r = &g_array_index (rows, ExpRow, i);
      guint row = cxv_table_append_row (t);

      cxv_table_set_text (t, row, EXP_EXPERIENCE, r->label);
      cxv_table_set_int (t, row, EXP_CUSTOMERS_LOST, r->stat.n);
      cxv_table_set_money (t, row, EXP_REVENUE_LOST, r->stat.revenue);
      cxv_table_set_double (t, row, EXP_SHARE, (double) r->stat.n / (double) pass->n_departures);
    }
}

static gboolean
validate (CxvDataset *dataset, const Settings *s, GError **error)
{
  if (!cxv_dataset_get_sealed (dataset))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED,
                           "The ledger needs a sealed dataset: call cxv_dataset_seal() first");
      return FALSE;
    }
  if ((guint) s->period > CXV_PERIOD_YEAR)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown period %d: expected month (0), quarter (1) or year (2)",
                   (int) s->period);
      return FALSE;
    }
  if ((guint) s->activity > CXV_ACTIVITY_NON_CONTRACTUAL)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown activity definition %d: expected contractual (0) or "
                   "non-contractual (1)", (int) s->activity);
      return FALSE;
    }
  if (s->activity == CXV_ACTIVITY_NON_CONTRACTUAL &&
      (s->inactivity_days == 0 || s->inactivity_days > MAX_DAYS))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "inactivity-days is %u: the non-contractual definition needs 1 to %u days",
                   s->inactivity_days, MAX_DAYS);
      return FALSE;
    }
  if (s->window_days == 0 || s->window_days > MAX_DAYS)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "window-days is %u: expected 1 to %u days", s->window_days, MAX_DAYS);
      return FALSE;
    }
  if (s->detractor_max > 10 || s->low_csat_max > 5 || s->high_effort_max > 7)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "A score threshold is off its scale (detractor-max %u of 0-10, "
                   "low-csat-max %u of 1-5, high-effort-max %u of 1-7)",
                   s->detractor_max, s->low_csat_max, s->high_effort_max);
      return FALSE;
    }
  if (cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER) == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "The dataset holds no customers");
      return FALSE;
    }
  return TRUE;
}

static Results *
compute (CxvLedger     *self,
         CxvDataset    *dataset,
         const Settings *s,
         GCancellable  *cancellable,
         GError       **error)
{
  static const char * const per_names[] = {
    "period", "start_date", "end_date", "customers_start", "new", "won_back", "in", "out",
    "customers_end", "reconciled", "revenue", "value_in", "value_out", "retention_rate",
    "refill_share", "nrr", "grr" };
  static const CxvColumnType per_types[] = {
    CXV_COLUMN_TEXT, CXV_COLUMN_DATE, CXV_COLUMN_DATE, CXV_COLUMN_INT, CXV_COLUMN_INT,
    CXV_COLUMN_INT, CXV_COLUMN_INT, CXV_COLUMN_INT, CXV_COLUMN_INT, CXV_COLUMN_BOOLEAN,
    CXV_COLUMN_MONEY, CXV_COLUMN_MONEY, CXV_COLUMN_MONEY, CXV_COLUMN_DOUBLE, CXV_COLUMN_DOUBLE,
    CXV_COLUMN_DOUBLE, CXV_COLUMN_DOUBLE };
  static const char * const dep_names[] = {
    "customer", "departure_date", "period", "run_rate", "complaints", "complaint_reasons",
    "unresolved", "detractor", "low_csat", "high_effort", "exit_reason" };
  static const CxvColumnType dep_types[] = {
    CXV_COLUMN_TEXT, CXV_COLUMN_DATE, CXV_COLUMN_TEXT, CXV_COLUMN_MONEY, CXV_COLUMN_INT,
    CXV_COLUMN_TEXT, CXV_COLUMN_INT, CXV_COLUMN_BOOLEAN, CXV_COLUMN_BOOLEAN,
    CXV_COLUMN_BOOLEAN, CXV_COLUMN_TEXT };
  static const char * const exp_names[] = {
    "experience", "customers_lost", "revenue_lost", "share_of_departures" };
  static const CxvColumnType exp_types[] = {
    CXV_COLUMN_TEXT, CXV_COLUMN_INT, CXV_COLUMN_MONEY, CXV_COLUMN_DOUBLE };
  static const char * const fin_names[] = { "period", "customer", "kind", "description" };
  static const CxvColumnType fin_types[] = {
    CXV_COLUMN_TEXT, CXV_COLUMN_TEXT, CXV_COLUMN_TEXT, CXV_COLUMN_TEXT };
  g_autoptr(CxvSpells) spells = NULL;
  g_autoptr(Results) results = NULL;
  g_autoptr(GArray) bounds = NULL;
  g_autofree PeriodAcc *acc = NULL;
  g_autofree gint64 *active = NULL;
  g_autofree gint64 *rec = NULL;
  g_autoptr(GHashTable) complaint_reasons = NULL;
  g_autoptr(GHashTable) exit_reasons = NULL;
  g_autoptr(GArray) seen = NULL;
  g_autoptr(GString) text = NULL;
  CxvDate last_start;
  Pass pass = { 0 };

  G_STATIC_ASSERT (G_N_ELEMENTS (per_names) == G_N_ELEMENTS (per_types));
  G_STATIC_ASSERT (G_N_ELEMENTS (dep_names) == G_N_ELEMENTS (dep_types));

  if (!validate (dataset, s, error))
    return NULL;

  report_progress (self, 0.0);
  spells = cxv_spells_new (dataset, s->activity, s->inactivity_days);
  if (spells->n_spells == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           s->activity == CXV_ACTIVITY_CONTRACTUAL
                           ? "No customer ever held a product"
                           : "No customer ever made a purchase");
      return NULL;
    }

  bounds = g_array_new (FALSE, FALSE, sizeof (CxvDate));
  last_start = cxv_period_start (s->period, spells->last_day);
  for (CxvDate d = cxv_period_start (s->period, spells->first_day); ; )
    {
      CxvDate next;

      g_array_append_val (bounds, d);
      if (d > last_start)
        break;
      /* The period after the last of 9999 has no first day: its bound is
       * the day after the last representable one. */
      next = cxv_period_next (s->period, d);
      d = next != CXV_DATE_NONE ? next : CXV_DATE_MAX + 1;
    }

  results = g_new0 (Results, 1);
  results->periods = new_table (dataset, "periods", per_names, per_types,
                                G_N_ELEMENTS (per_names));
  if (s->lifetime)
    cxv_table_add_column (results->periods, "lifetime_value_out", CXV_COLUMN_MONEY);
  results->departures = new_table (dataset, "departures", dep_names, dep_types,
                                   G_N_ELEMENTS (dep_names));
  results->experiences = new_table (dataset, "experiences", exp_names, exp_types,
                                    G_N_ELEMENTS (exp_names));
  results->findings = new_table (dataset, "findings", fin_names, fin_types,
                                 G_N_ELEMENTS (fin_names));

  pass.dataset = dataset;
  pass.settings = s;
  pass.spells = spells;
  pass.bounds = (CxvDate *) (void *) bounds->data;
  pass.n_periods = bounds->len - 1;
  pass.acc = acc = g_new0 (PeriodAcc, pass.n_periods);
  pass.active = active = g_new0 (gint64, pass.n_periods + 2);
  pass.rec = rec = g_new0 (gint64, pass.n_periods);
  pass.results = results;
  pass.complaint_reasons = complaint_reasons =
    g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  pass.exit_reasons = exit_reasons =
    g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  pass.seen = seen = g_array_new (FALSE, FALSE, sizeof (guint32));
  pass.text = text = g_string_new (NULL);

  for (guint32 c = 0; c < spells->n_customers; c++)
    {
      if (c % PROGRESS_EVERY == 0 && c > 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          report_progress (self, (double) c / spells->n_customers);
        }
      scan_customer (&pass, c);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  fill_periods (&pass);
  fill_experiences (&pass);
  report_progress (self, 1.0);
  return g_steal_pointer (&results);
}

static void
install_results (CxvLedger *self, Results *results)
{
  g_clear_pointer (&self->results, results_free);
  self->results = results;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_ledger_dispose (GObject *object)
{
  CxvLedger *self = (CxvLedger *) object;

  g_clear_object (&self->dataset);
  g_clear_pointer (&self->results, results_free);
  g_clear_pointer (&self->progress_context, g_main_context_unref);

  G_OBJECT_CLASS (cxv_ledger_parent_class)->dispose (object);
}

static void
cxv_ledger_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CxvLedger *self = CXV_LEDGER (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_PERIOD:
      g_value_set_enum (value, self->settings.period);
      break;
    case PROP_ACTIVITY:
      g_value_set_enum (value, self->settings.activity);
      break;
    case PROP_INACTIVITY_DAYS:
      g_value_set_uint (value, self->settings.inactivity_days);
      break;
    case PROP_WINDOW_DAYS:
      g_value_set_uint (value, self->settings.window_days);
      break;
    case PROP_DETRACTOR_MAX:
      g_value_set_uint (value, self->settings.detractor_max);
      break;
    case PROP_LOW_CSAT_MAX:
      g_value_set_uint (value, self->settings.low_csat_max);
      break;
    case PROP_HIGH_EFFORT_MAX:
      g_value_set_uint (value, self->settings.high_effort_max);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_ledger_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CxvLedger *self = CXV_LEDGER (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_PERIOD:
      cxv_ledger_set_period (self, g_value_get_enum (value));
      break;
    case PROP_ACTIVITY:
      cxv_ledger_set_activity (self, g_value_get_enum (value));
      break;
    case PROP_INACTIVITY_DAYS:
      cxv_ledger_set_inactivity_days (self, g_value_get_uint (value));
      break;
    case PROP_WINDOW_DAYS:
      cxv_ledger_set_window_days (self, g_value_get_uint (value));
      break;
    case PROP_DETRACTOR_MAX:
      cxv_ledger_set_detractor_max (self, g_value_get_uint (value));
      break;
    case PROP_LOW_CSAT_MAX:
      cxv_ledger_set_low_csat_max (self, g_value_get_uint (value));
      break;
    case PROP_HIGH_EFFORT_MAX:
      cxv_ledger_set_high_effort_max (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_ledger_class_init (CxvLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                   G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cxv_ledger_dispose;
  object_class->get_property = cxv_ledger_get_property;
  object_class->set_property = cxv_ledger_set_property;

  /**
   * CxvLedger:dataset:
   *
   * The dataset the ledger reads. It must be sealed by the time
   * [method@Cxv.Ledger.run] is called.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET, co);

  /**
   * CxvLedger:period:
   *
   * The length of the periods: calendar months (the default), quarters or
   * years. The first period holds the earliest spell start, the last one
   * holds the last day the data covers.
   *
   * Since: 1.0
   */
  properties[PROP_PERIOD] =
    g_param_spec_enum ("period", NULL, NULL, CXV_TYPE_PERIOD, CXV_PERIOD_MONTH, rw);

  /**
   * CxvLedger:activity:
   *
   * What "in" and "out" mean. Contractual (the default): a customer is in
   * while it holds a product, comes in when a holding starts after none and
   * goes out on the day its last holding ends. Non-contractual: a customer
   * comes in with a purchase (a revenue event with a positive amount) and
   * goes out when [property@Cxv.Ledger:inactivity-days] pass without one.
   * See [enum@Cxv.Activity].
   *
   * Since: 1.0
   */
  properties[PROP_ACTIVITY] =
    g_param_spec_enum ("activity", NULL, NULL, CXV_TYPE_ACTIVITY, CXV_ACTIVITY_CONTRACTUAL, rw);

  /**
   * CxvLedger:inactivity-days:
   *
   * With the non-contractual definition, the days a purchase keeps a
   * customer active: it goes out on the day the last of them runs out with
   * no new purchase. Default 90. Must be 1 to 36,525 then; ignored by the
   * contractual definition.
   *
   * Since: 1.0
   */
  properties[PROP_INACTIVITY_DAYS] =
    g_param_spec_uint ("inactivity-days", NULL, NULL, 0, G_MAXUINT, 90, rw);

  /**
   * CxvLedger:window-days:
   *
   * How far before a departure its experiences count: those dated from
   * the departure day minus this many days up to and including the
   * departure day. Default 90; must be 1 to 36,525.
   *
   * Since: 1.0
   */
  properties[PROP_WINDOW_DAYS] =
    g_param_spec_uint ("window-days", NULL, NULL, 0, G_MAXUINT, 90, rw);

  /**
   * CxvLedger:detractor-max:
   *
   * The highest NPS answer (0 to 10) that makes a detractor. Default 6,
   * the standard 0-6.
   *
   * Since: 1.0
   */
  properties[PROP_DETRACTOR_MAX] =
    g_param_spec_uint ("detractor-max", NULL, NULL, 0, 10, 6, rw);

  /**
   * CxvLedger:low-csat-max:
   *
   * The highest CSAT answer (1 to 5) that counts as low satisfaction.
   * Default 2; 0 counts none.
   *
   * Since: 1.0
   */
  properties[PROP_LOW_CSAT_MAX] =
    g_param_spec_uint ("low-csat-max", NULL, NULL, 0, 5, 2, rw);

  /**
   * CxvLedger:high-effort-max:
   *
   * The highest CES answer that counts as high effort, on the 1 to 7 scale
   * where 7 is the least effort. Default 3; 0 counts none.
   *
   * Since: 1.0
   */
  properties[PROP_HIGH_EFFORT_MAX] =
    g_param_spec_uint ("high-effort-max", NULL, NULL, 0, 7, 3, rw);

  /**
   * CxvLedger:progress:
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
cxv_ledger_init (CxvLedger *self)
{
  self->settings.period = CXV_PERIOD_MONTH;
  self->settings.activity = CXV_ACTIVITY_CONTRACTUAL;
  self->settings.inactivity_days = 90;
  self->settings.window_days = 90;
  self->settings.detractor_max = 6;
  self->settings.low_csat_max = 2;
  self->settings.high_effort_max = 3;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * cxv_ledger_new:
 * @dataset: the dataset to read
 *
 * Creates a ledger over @dataset with the default definitions.
 *
 * Returns: (transfer full): a new #CxvLedger
 *
 * Since: 1.0
 */
CxvLedger *
cxv_ledger_new (CxvDataset *dataset)
{
  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);

  return g_object_new (CXV_TYPE_LEDGER, "dataset", dataset, NULL);
}

/**
 * cxv_ledger_get_dataset:
 * @self: a #CxvLedger
 *
 * Gets [property@Cxv.Ledger:dataset].
 *
 * Returns: (transfer none): the dataset
 *
 * Since: 1.0
 */
CxvDataset *
cxv_ledger_get_dataset (CxvLedger *self)
{
  g_return_val_if_fail (CXV_IS_LEDGER (self), NULL);

  return self->dataset;
}

#define DEFINE_ACCESSORS(type, field, prop)                                   \
  type                                                                        \
  cxv_ledger_get_##field (CxvLedger *self)                                   \
  {                                                                           \
    g_return_val_if_fail (CXV_IS_LEDGER (self), 0);                           \
    return self->settings.field;                                              \
  }                                                                           \
  void                                                                        \
  cxv_ledger_set_##field (CxvLedger *self, type field)                       \
  {                                                                           \
    g_return_if_fail (CXV_IS_LEDGER (self));                                  \
    if (self->settings.field == field)                                        \
      return;                                                                 \
    self->settings.field = field;                                             \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);             \
  }

/**
 * cxv_ledger_get_period:
 * @self: a #CxvLedger
 *
 * Gets [property@Cxv.Ledger:period].
 *
 * Returns: the period length
 *
 * Since: 1.0
 */
/**
 * cxv_ledger_set_period:
 * @self: a #CxvLedger
 * @period: the period length
 *
 * Sets [property@Cxv.Ledger:period]. A value outside [enum@Cxv.Period]
 * makes [method@Cxv.Ledger.run] fail with
 * %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT.
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (CxvPeriod, period, PROP_PERIOD)

/**
 * cxv_ledger_get_activity:
 * @self: a #CxvLedger
 *
 * Gets [property@Cxv.Ledger:activity].
 *
 * Returns: the activity definition
 *
 * Since: 1.0
 */
/**
 * cxv_ledger_set_activity:
 * @self: a #CxvLedger
 * @activity: the activity definition
 *
 * Sets [property@Cxv.Ledger:activity]. A value outside
 * [enum@Cxv.Activity] makes [method@Cxv.Ledger.run] fail with
 * %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT.
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (CxvActivity, activity, PROP_ACTIVITY)

/**
 * cxv_ledger_get_inactivity_days:
 * @self: a #CxvLedger
 *
 * Gets [property@Cxv.Ledger:inactivity-days].
 *
 * Returns: the days a purchase keeps a customer active
 *
 * Since: 1.0
 */
/**
 * cxv_ledger_set_inactivity_days:
 * @self: a #CxvLedger
 * @inactivity_days: the days a purchase keeps a customer active
 *
 * Sets [property@Cxv.Ledger:inactivity-days].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, inactivity_days, PROP_INACTIVITY_DAYS)

/**
 * cxv_ledger_get_window_days:
 * @self: a #CxvLedger
 *
 * Gets [property@Cxv.Ledger:window-days].
 *
 * Returns: the days before a departure whose experiences count
 *
 * Since: 1.0
 */
/**
 * cxv_ledger_set_window_days:
 * @self: a #CxvLedger
 * @window_days: the days before a departure whose experiences count
 *
 * Sets [property@Cxv.Ledger:window-days].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, window_days, PROP_WINDOW_DAYS)

/**
 * cxv_ledger_get_detractor_max:
 * @self: a #CxvLedger
 *
 * Gets [property@Cxv.Ledger:detractor-max].
 *
 * Returns: the highest NPS answer of a detractor
 *
 * Since: 1.0
 */
/**
 * cxv_ledger_set_detractor_max:
 * @self: a #CxvLedger
 * @detractor_max: the highest NPS answer of a detractor, 0 to 10
 *
 * Sets [property@Cxv.Ledger:detractor-max].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, detractor_max, PROP_DETRACTOR_MAX)

/**
 * cxv_ledger_get_low_csat_max:
 * @self: a #CxvLedger
 *
 * Gets [property@Cxv.Ledger:low-csat-max].
 *
 * Returns: the highest low CSAT answer
 *
 * Since: 1.0
 */
/**
 * cxv_ledger_set_low_csat_max:
 * @self: a #CxvLedger
 * @low_csat_max: the highest low CSAT answer, 0 to 5
 *
 * Sets [property@Cxv.Ledger:low-csat-max].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, low_csat_max, PROP_LOW_CSAT_MAX)

/**
 * cxv_ledger_get_high_effort_max:
 * @self: a #CxvLedger
 *
 * Gets [property@Cxv.Ledger:high-effort-max].
 *
 * Returns: the highest CES answer that counts as high effort
 *
 * Since: 1.0
 */
/**
 * cxv_ledger_set_high_effort_max:
 * @self: a #CxvLedger
 * @high_effort_max: the highest CES answer that counts as high effort, 0 to 7
 *
 * Sets [property@Cxv.Ledger:high-effort-max].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, high_effort_max, PROP_HIGH_EFFORT_MAX)

/**
 * cxv_ledger_get_progress:
 * @self: a #CxvLedger
 *
 * Gets [property@Cxv.Ledger:progress].
 *
 * Returns: the share of the current run done, 0 to 1
 *
 * Since: 1.0
 */
double
cxv_ledger_get_progress (CxvLedger *self)
{
  g_return_val_if_fail (CXV_IS_LEDGER (self), 0.0);

  return self->progress;
}

/**
 * cxv_ledger_run:
 * @self: a #CxvLedger
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Builds the ledger's tables from the dataset with the current
 * definitions, replacing the results of an earlier run. On failure the
 * earlier results, if any, are kept.
 *
 * Fails with %CXV_ANALYSIS_ERROR_NOT_SEALED if the dataset is not sealed,
 * %CXV_ANALYSIS_ERROR_EMPTY if it has no customers or no customer was
 * ever active, and %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for an unknown
 * period or activity definition, 0 inactivity days with the
 * non-contractual definition, a window of 0 or more than 36,525 days, or
 * a score threshold off its scale.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
cxv_ledger_run (CxvLedger     *self,
                GCancellable  *cancellable,
                GError       **error)
{
  Results *results;

  g_return_val_if_fail (CXV_IS_LEDGER (self), FALSE);
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
  CxvLedger *self = source_object;
  GError *error = NULL;
  Results *results;

  results = compute (self, self->dataset, task_data, cancellable, &error);
  if (results != NULL)
    g_task_return_pointer (task, results, (GDestroyNotify) results_free);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_ledger_run_async:
 * @self: a #CxvLedger
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the run completes
 * @user_data: data for @callback
 *
 * Runs [method@Cxv.Ledger.run] in a worker thread, with the definitions
 * as they are when this is called. Progress is reported in the
 * thread-default main context of the caller; the results are installed
 * by [method@Cxv.Ledger.run_finish].
 *
 * Since: 1.0
 */
void
cxv_ledger_run_async (CxvLedger           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CXV_IS_LEDGER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_ledger_run_async);
  g_task_set_task_data (task, g_memdup2 (&self->settings, sizeof self->settings), g_free);
  g_task_set_return_on_cancel (task, FALSE);

  /* Cleared by _finish() (or dispose): until then the worker posts its
   * progress to this context. */
  if (self->progress_context == NULL)
    self->progress_context = g_main_context_ref_thread_default ();
  g_task_run_in_thread (task, run_thread);
}

/**
 * cxv_ledger_run_finish:
 * @self: a #CxvLedger
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.Ledger.run_async] and installs its results.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_ledger_run_finish (CxvLedger     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  Results *results;

  g_return_val_if_fail (CXV_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_ledger_run_async, FALSE);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results == NULL)
    return FALSE;
  install_results (self, results);
  return TRUE;
}

/**
 * cxv_ledger_set_lifetime_model:
 * @self: a #CxvLedger
 * @model: (nullable): a fitted sBG model whose period is a month, such as
 *   one fitted with [method@Cxv.ClvSbg.fit_cohorts] on monthly cohorts, or
 *   %NULL for none
 * @discount_rate: the discount rate per month, such as 0.01
 *
 * Prices departures in lifetime value: the periods table gains the column
 * `lifetime_value_out` (see the class documentation) from the next run.
 * The model's parameters are copied now; refitting the model later does
 * not change them.
 *
 * Since: 1.0
 */
void
cxv_ledger_set_lifetime_model (CxvLedger *self,
                               CxvClvSbg *model,
                               double     discount_rate)
{
  const double *params;

  g_return_if_fail (CXV_IS_LEDGER (self));
  g_return_if_fail (model == NULL || CXV_IS_CLV_SBG (model));

  params = model != NULL ? cxv_clv_model_get_params_array (CXV_CLV_MODEL (model)) : NULL;
  g_return_if_fail (model == NULL || params != NULL);
  g_return_if_fail (model == NULL || discount_rate > 0.0);

  self->settings.lifetime = model != NULL;
  if (model != NULL)
    {
      self->settings.lifetime_params[0] = params[0];
      self->settings.lifetime_params[1] = params[1];
      self->settings.lifetime_discount = discount_rate;
    }
}

/**
 * cxv_ledger_get_periods:
 * @self: a #CxvLedger
 *
 * Gets the periods table, one row per period with the columns `period`,
 * `start_date`, `end_date`, `customers_start`, `new`, `won_back`, `in`,
 * `out`, `customers_end`, `reconciled`, `revenue`, `value_in`,
 * `value_out`, `retention_rate`, `refill_share`, `nrr` and `grr`, defined
 * in the [class@Cxv.Ledger] overview.
 *
 * Returns: (transfer none) (nullable): the table, owned by the ledger, or
 *   %NULL before a successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_ledger_get_periods (CxvLedger *self)
{
  g_return_val_if_fail (CXV_IS_LEDGER (self), NULL);

  return self->results != NULL ? self->results->periods : NULL;
}

/**
 * cxv_ledger_get_departures:
 * @self: a #CxvLedger
 *
 * Gets the departures table, one row per departure in customer order
 * with the columns `customer`, `departure_date`, `period`, `run_rate`,
 * `complaints`, `complaint_reasons`, `unresolved`, `detractor`,
 * `low_csat`, `high_effort` and `exit_reason`, defined in the
 * [class@Cxv.Ledger] overview.
 *
 * Returns: (transfer none) (nullable): the table, owned by the ledger, or
 *   %NULL before a successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_ledger_get_departures (CxvLedger *self)
{
  g_return_val_if_fail (CXV_IS_LEDGER (self), NULL);

  return self->results != NULL ? self->results->departures : NULL;
}

/**
 * cxv_ledger_get_experiences:
 * @self: a #CxvLedger
 *
 * Gets the experiences table: one row per experience that preceded at
 * least one departure, with the columns `experience`, `customers_lost`,
 * `revenue_lost` and `share_of_departures`, ranked by revenue lost and
 * then customers lost.
 *
 * Returns: (transfer none) (nullable): the table, owned by the ledger, or
 *   %NULL before a successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_ledger_get_experiences (CxvLedger *self)
{
  g_return_val_if_fail (CXV_IS_LEDGER (self), NULL);

  return self->results != NULL ? self->results->experiences : NULL;
}

/**
 * cxv_ledger_get_findings:
 * @self: a #CxvLedger
 *
 * Gets the data-quality findings, with the columns `period`, `customer`,
 * `kind` and `description`: at most the first 1,000, see
 * [method@Cxv.Ledger.get_n_findings].
 *
 * Returns: (transfer none) (nullable): the table, owned by the ledger, or
 *   %NULL before a successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_ledger_get_findings (CxvLedger *self)
{
  g_return_val_if_fail (CXV_IS_LEDGER (self), NULL);

  return self->results != NULL ? self->results->findings : NULL;
}

/**
 * cxv_ledger_get_n_findings:
 * @self: a #CxvLedger
 *
 * Gets the number of data-quality findings of the last run, including
 * those beyond the 1,000 that [method@Cxv.Ledger.get_findings] lists.
 *
 * Returns: the number of findings, 0 before a successful run
 *
 * Since: 1.0
 */
guint64
cxv_ledger_get_n_findings (CxvLedger *self)
{
  g_return_val_if_fail (CXV_IS_LEDGER (self), 0);

  return self->results != NULL ? self->results->n_findings : 0;
}
