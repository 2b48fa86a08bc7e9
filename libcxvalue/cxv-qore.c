/* cxv-qore.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * CxvQore:
 *
 * Quality of Relationship and Engagement: the relationship tier of every
 * customer, from evidence only (no survey-intent score), the signals
 * behind it, the gaps holding the customer back with the action that
 * addresses each, and the customers, revenue and churn of every tier.
 *
 * A QoRE analysis reads a sealed [class@Cxv.Dataset] and, once
 * [method@Cxv.Qore.run] succeeds, offers three [class@Cxv.Table]s,
 * [method@Cxv.Qore.get_customers], [method@Cxv.Qore.get_tiers] and
 * [method@Cxv.Qore.get_products], and [method@Cxv.Qore.explain_customer]
 * for one customer in plain words. [method@Cxv.Qore.migration] evaluates
 * every customer on two dates and counts how they moved between tiers.
 *
 * ## Who is evaluated, and when
 *
 * The customers evaluated are those active on the *evaluation date*
 * ([property@Cxv.Qore:evaluation-date]), in the sense of
 * [property@Cxv.Qore:activity] (by default: holding a product that day).
 * Every signal reads the *window*: the [property@Cxv.Qore:window-days]
 * days ending on, and including, the evaluation date (365 by default).
 *
 * By default the evaluation date is [property@Cxv.Qore:churn-days] days
 * (90) before the last day of the data, not the last day itself: churn in
 * the next period is only observable if the data goes on after the
 * evaluation. [method@Cxv.Qore.get_evaluated_on] tells which day was used.
 *
 * ## The signals
 *
 * Each signal has a value and holds, fails, or has *no evidence* (the
 * data says nothing either way), which is reported as such (a null
 * `holds` cell) and never silently counted as met:
 * [property@Cxv.Qore:no-evidence-unmet] lists the signals for which no
 * evidence blocks the tier: by default `satisfied`, `effective_use` and
 * `full_holdings`, whose absence of evidence means the relationship is
 * unknown, but not `low_cost_contact`, whose absence means the customer
 * had no service contact to route at all, which costs nothing. (The
 * other signals always have evidence: zero referrals is a fact.)
 *
 * Evaluate (tier 1):
 *
 * - `satisfied`: no complaint left unresolved in the window, and the mean
 *   of each survey instrument answered in the window at or above its
 *   threshold: CSAT ≥ [property@Cxv.Qore:min-csat] (4.0 on 1-5), NPS ≥
 *   [property@Cxv.Qore:min-nps] (7 on 0-10), CES ≥
 *   [property@Cxv.Qore:min-ces] (5 on 1-7, where 7 is the least effort).
 *   The value is the smallest margin, mean minus threshold in the
 *   instrument's points (≥ 0 when every instrument passes), null without
 *   answers. An unresolved complaint fails the signal whatever the answers;
 *   no unresolved complaint and no answer is no evidence.
 * - `low_cost_contact`: the share of the customer's service contacts in
 *   the window that went through low-cost channels, at least
 *   [property@Cxv.Qore:low-cost-share] (0.6). Service contacts are the
 *   interactions of kinds support, complaint, save and feedback (education,
 *   advice and offers are the business reaching out, not the customer
 *   asking), except the [property@Cxv.Qore:complex-kinds] (complaint and
 *   save), for which assisted channels are fine. No such contact is no
 *   evidence.
 *
 * Engage (tier 2):
 *
 * - `effective_use`: for each product the customer holds on the
 *   evaluation date and reported usage for in the window, its usage rate
 *   (the usage quantity in the window divided by the days it held the
 *   product in the window) divided by the median rate of that product over
 *   every evaluated customer who reported usage of it. The value is the
 *   lowest ratio; the signal holds when it is at least
 *   [property@Cxv.Qore:usage-ratio] (0.5). Held products without usage
 *   records are skipped; none with usage is no evidence.
 * - `gives_input`: the survey answers (any instrument) and interactions of
 *   kind feedback in the window; holds with at least one.
 * - `engages`: the education and advice interactions and the accepted
 *   (resolved) offers in the window; holds with at least one.
 *
 * Trust (tier 3):
 *
 * - `full_holdings`: the share of the product lines the customer is
 *   eligible for that it holds on the evaluation date; holds at 1. A
 *   product line is a product category (products of one category, such as
 *   speed tiers, are alternatives: holding one covers the line) or a
 *   product without a category. A line is eligible for a segment when one
 *   of its products is (see [method@Cxv.Dataset.is_eligible]); products
 *   the customer is not eligible for are never counted against it. No
 *   eligible line is no evidence.
 * - `referral`: the customers it referred on or before the evaluation
 *   date (ever, not only in the window: a referral is a lasting sign of
 *   trust); holds with at least one.
 *
 * Tiers are cumulative: a customer is in the highest tier whose signals
 * and every lower tier's signals hold; otherwise tier 0, "unqualified".
 *
 * ## Gaps and actions
 *
 * Every signal that fails or has no evidence is a gap, listed in the
 * `gaps` column as `signal: action` (`signal (no evidence): action`),
 * separated by `; `, whatever the customer's tier. The actions come from a
 * catalogue ([method@Cxv.Qore.set_action]) whose keys and defaults, from
 * the internet-provider example of the QoRE framework, are:
 *
 * | key | default action |
 * |---|---|
 * | `satisfied` | reliability and outage follow-up |
 * | `satisfied-billing` | billing clarity |
 * | `low-cost-contact` | easier contact |
 * | `effective-use` | usage-based right-sizing |
 * | `gives-input` | invitation to give feedback |
 * | `engages-education` | proactive education |
 * | `engages-offers` | relevant offers |
 * | `full-holdings` | bundle benefits for eligible products |
 * | `referral` | referral programme |
 *
 * `satisfied-billing` replaces `satisfied` when the customer's unresolved
 * complaints all have one of the [property@Cxv.Qore:billing-reasons], and
 * joins it when some do and something else is wrong too.
 *
 * The framework's catalogue has no action for `gives-input`; "invitation
 * to give feedback" is this library's default. A failing `engages` lists
 * both its actions.
 *
 * ## The tables
 *
 * [method@Cxv.Qore.get_customers]: one row per evaluated customer, in
 * customer order: `customer`, `segment`, `tier`, then for each signal
 * above `<signal>_value` (double) and `<signal>_holds` (boolean, null for
 * no evidence), then `gaps`, `products` (distinct products held on the
 * evaluation date), `revenue` (every revenue amount dated in the window),
 * `unresolved_complaints`, `csat_mean`, `nps_mean`, `ces_mean` (null
 * without answers) and `churned`.
 *
 * A customer has *churned* when the activity spell holding the evaluation
 * date ends within [property@Cxv.Qore:churn-days] days after it: its end
 * day (the first day inactive) is at most the evaluation date plus that
 * many days. When the data stops before that day churn is not observable
 * and `churned` is null.
 *
 * [method@Cxv.Qore.get_tiers]: one row per tier 0 to 3: `tier`, `name`,
 * `customers`, `share`, `revenue`, `churned`, `churn_rate` (churned /
 * customers; null without customers or when unobservable),
 * `products_per_customer`, `single_product` (customers holding exactly
 * one product) and `single_product_share`.
 *
 * [method@Cxv.Qore.get_products], the product mix: one row per product of
 * the dataset, in product order: `product` (its code), `category` (null
 * without one), `holders` (evaluated customers holding it on the
 * evaluation date), `single_product_holders` (those of them for whom it
 * is the only product held), `eligible` (evaluated customers whose
 * segment is eligible for it, see [method@Cxv.Dataset.is_eligible]; a
 * customer without a segment is eligible only for products open to every
 * segment) and `coverage` (the share of the eligible customers who hold
 * it, null when no evaluated customer is eligible, so never above 1 even
 * where the data has customers holding products their segment is not
 * eligible for; `holders` counts those too). Eligibility here is per
 * product, not per product line as in `full_holdings`.
 *
 * ## Migration between tiers
 *
 * [method@Cxv.Qore.migration] evaluates every customer on two dates with
 * the same code and rules as a run, each date being the evaluation date
 * of its own evaluation (its own window, medians and holdings), and
 * counts the customers in each pair of tiers, with -1 for "not active"
 * on that date: 25 rows `from_tier`, `to_tier`, `customers`.
 *
 * ## Rules
 *
 * Every rule is a property with the default above, and
 * [method@Cxv.Qore.load_rules] sets them from JSON.
 *
 * ## Cost
 *
 * Two passes over the sealed per-customer index (usage rates, then every
 * signal), each customer's records read once; a migration costs two such
 * evaluations. [method@Cxv.Qore.run_async]
 * runs in a worker thread and reports [property@Cxv.Qore:progress] in the
 * caller's main context.
 *
 * Since: 1.0
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxv-activity-private.h"
#include "cxv-dataset-private.h"
#include "cxv-enum-types.h"
#include "cxv-error.h"
#include "cxv-progress-private.h"
#include "cxv-qore.h"
#include "cxv-sort-private.h"

#define MAX_DAYS       36525   /* a hundred years: the limit of windows */
#define PROGRESS_EVERY 4096    /* customers between progress reports and cancel checks */

enum {
  SIG_SATISFIED,
  SIG_LOW_COST,
  SIG_USE,
  SIG_INPUT,
  SIG_ENGAGES,
  SIG_HOLDINGS,
  SIG_REFERRAL,
  N_SIGNALS
};

static const char * const signal_names[N_SIGNALS] = {
  "satisfied", "low_cost_contact", "effective_use", "gives_input", "engages", "full_holdings",
  "referral",
};
static const char * const signal_words[N_SIGNALS] = {
  "satisfied with products and service (smallest survey margin over its threshold)",
  "contacts through low-cost channels (share of service contacts)",
  "uses its products effectively (lowest usage relative to the product's median)",
  "gives input (survey answers and feedback)",
  "engages with education, advice or offers (contacts)",
  "owns every product line it is eligible for (share owned)",
  "has referred customers (referrals)",
};
static const int signal_tier[N_SIGNALS] = { 1, 1, 2, 2, 2, 3, 3 };
static const char * const tier_names[] = { "unqualified", "evaluate", "engage", "trust" };

enum {
  ACT_SATISFIED,
  ACT_BILLING,
  ACT_LOW_COST,
  ACT_USE,
  ACT_INPUT,
  ACT_EDUCATION,
  ACT_OFFERS,
  ACT_HOLDINGS,
  ACT_REFERRAL,
  N_ACTIONS
};

static const char * const action_keys[N_ACTIONS] = {
  "satisfied", "satisfied-billing", "low-cost-contact", "effective-use", "gives-input",
  "engages-education", "engages-offers", "full-holdings", "referral",
};
static const char * const default_actions[N_ACTIONS] = {
  "reliability and outage follow-up", "billing clarity", "easier contact",
  "usage-based right-sizing", "invitation to give feedback", "proactive education",
  "relevant offers", "bundle benefits for eligible products", "referral programme",
};

typedef struct
{
  guint        window_days;
  CxvDate      evaluation_date;
  guint        churn_days;
  CxvActivity  activity;
  guint        inactivity_days;
  double       min_csat;
  double       min_nps;
  double       min_ces;
  double       low_cost_share;
  double       usage_ratio;
  char       **complex_kinds;
  char       **billing_reasons;
  char       **no_evidence_unmet;
  char        *actions[N_ACTIONS];
} Settings;

typedef struct
{
  CxvTable *customers;
  CxvTable *tiers;
  CxvTable *products;
  CxvDate   evaluated_on;
  guint32   n_customers;
  guint32  *row_of;      /* per customer: its row, or CXV_NO_INDEX */
} Results;

struct _CxvQore
{
  GObject       parent_instance;

  CxvDataset   *dataset;
  Settings      settings;
  double        progress;
  Results      *results;

  /* Where progress is reported during an async run. */
  GMainContext *progress_context;
};

G_DEFINE_FINAL_TYPE (CxvQore, cxv_qore, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_WINDOW_DAYS,
  PROP_EVALUATION_DATE,
  PROP_CHURN_DAYS,
  PROP_ACTIVITY,
  PROP_INACTIVITY_DAYS,
  PROP_MIN_CSAT,
  PROP_MIN_NPS,
  PROP_MIN_CES,
  PROP_LOW_COST_SHARE,
  PROP_USAGE_RATIO,
  PROP_COMPLEX_KINDS,
  PROP_BILLING_REASONS,
  PROP_NO_EVIDENCE_UNMET,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
settings_clear (Settings *s)
{
  g_clear_pointer (&s->complex_kinds, g_strfreev);
  g_clear_pointer (&s->billing_reasons, g_strfreev);
  g_clear_pointer (&s->no_evidence_unmet, g_strfreev);
  for (guint i = 0; i < N_ACTIONS; i++)
    g_clear_pointer (&s->actions[i], g_free);
}

static void
settings_copy (Settings *dest, const Settings *src)
{
  *dest = *src;
  dest->complex_kinds = g_strdupv (src->complex_kinds);
  dest->billing_reasons = g_strdupv (src->billing_reasons);
  dest->no_evidence_unmet = g_strdupv (src->no_evidence_unmet);
  for (guint i = 0; i < N_ACTIONS; i++)
    dest->actions[i] = g_strdup (src->actions[i]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)

static void
settings_free (gpointer data)
{
  Settings *s = data;

  settings_clear (s);
  g_free (s);
}

static void
results_free (Results *results)
{
  if (results == NULL)
    return;
  g_clear_object (&results->customers);
  g_clear_object (&results->tiers);
  g_clear_object (&results->products);
  g_free (results->row_of);
  g_free (results);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Results, results_free)

/* ------------------------------------------------------------------ */
/* Progress                                                             */

static void
publish_progress (GObject *object, double progress, guint64 count)
{
  CxvQore *self = CXV_QORE (object);

  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (object, properties[PROP_PROGRESS]);
}

static void
report_progress (CxvQore *self, double progress)
{
  cxv_progress_report (G_OBJECT (self), self->progress_context, publish_progress, progress, 0);
}

/* ------------------------------------------------------------------ */
/* Checking the rules                                                   */

/* Ranges of the numeric rules, shared by run() and load_rules(). */
typedef struct
{
  const char *name;
  double      min;
  double      max;
  const char *scale;
} Range;

static const Range range_window = { "window-days", 1, MAX_DAYS, "days" };
static const Range range_churn = { "churn-days", 1, MAX_DAYS, "days" };
static const Range range_inactivity = { "inactivity-days", 1, MAX_DAYS, "days" };
static const Range range_csat = { "min-csat", 1, 5, "the CSAT scale 1-5" };
static const Range range_nps = { "min-nps", 0, 10, "the NPS scale 0-10" };
static const Range range_ces = { "min-ces", 1, 7, "the CES scale 1-7" };
static const Range range_share = { "low-cost-share", 0, 1, "a share 0-1" };
static const Range range_ratio = { "usage-ratio", 0, 100, "a ratio 0-100" };

static gboolean
check_range (const Range *range, double value, GError **error)
{
  /* Written so that NaN fails too. */
  if (value >= range->min && value <= range->max)
    return TRUE;
  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
               "%s is %g: expected %g to %g (%s)", range->name, value, range->min, range->max,
               range->scale);
  return FALSE;
}

/* The bit mask (1 << kind) of the interaction kinds named by @kinds. */
static gboolean
parse_kinds (char * const *kinds, const char *name, guint *mask, GError **error)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (CXV_TYPE_INTERACTION_KIND);

  *mask = 0;
  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    {
      GEnumValue *value = g_enum_get_value_by_nick (klass, kinds[i]);

      if (value == NULL)
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "%s: unknown interaction kind \"%s\" (expected support, complaint, "
                       "education, advice, offer, save or feedback)", name, kinds[i]);
          return FALSE;
        }
      *mask |= 1u << value->value;
    }
  return TRUE;
}

/* The bit mask (1 << signal) of the signals named by @names that may lack
 * evidence: those that always have it are refused, as a likely mistake. */
static gboolean
parse_signals (char * const *names, const char *name, guint *mask, GError **error)
{
  static const char * const nullable[] = {
    "satisfied", "low_cost_contact", "effective_use", "full_holdings", NULL };

  *mask = 0;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      guint k;

      for (k = 0; k < N_SIGNALS; k++)
        if (g_str_equal (signal_names[k], names[i]))
          break;
      if (k == N_SIGNALS || !g_strv_contains (nullable, names[i]))
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "%s: \"%s\" is not a signal that can lack evidence (expected "
                       "satisfied, low_cost_contact, effective_use or full_holdings)",
                       name, names[i]);
          return FALSE;
        }
      *mask |= 1u << k;
    }
  return TRUE;
}

static gboolean
validate_settings (const Settings *s, guint *complex_mask, guint *blocking_mask,
                   GError **error)
{
  if (!check_range (&range_window, s->window_days, error) ||
      !check_range (&range_churn, s->churn_days, error) ||
      !check_range (&range_csat, s->min_csat, error) ||
      !check_range (&range_nps, s->min_nps, error) ||
      !check_range (&range_ces, s->min_ces, error) ||
      !check_range (&range_share, s->low_cost_share, error) ||
      !check_range (&range_ratio, s->usage_ratio, error))
    return FALSE;
  if ((guint) s->activity > CXV_ACTIVITY_NON_CONTRACTUAL)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown activity definition %d: expected contractual (0) or "
                   "non-contractual (1)", (int) s->activity);
      return FALSE;
    }
  if (s->activity == CXV_ACTIVITY_NON_CONTRACTUAL &&
      !check_range (&range_inactivity, s->inactivity_days, error))
    return FALSE;
  if (s->evaluation_date != CXV_DATE_NONE && !cxv_date_is_valid (s->evaluation_date))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "evaluation-date %d is not a valid date", (int) s->evaluation_date);
      return FALSE;
    }
  return parse_kinds (s->complex_kinds, "complex-kinds", complex_mask, error) &&
         parse_signals (s->no_evidence_unmet, "no-evidence-unmet", blocking_mask, error);
}

/* ------------------------------------------------------------------ */
/* The computation                                                      */

enum { TIE_TIER, TIE_NAME, TIE_CUSTOMERS, TIE_SHARE, TIE_REVENUE, TIE_CHURNED, TIE_CHURN_RATE,
       TIE_PRODUCTS_PER_CUSTOMER, TIE_SINGLE, TIE_SINGLE_SHARE, N_TIE };

/* Customer columns: three leading ones, two per signal, then the rest. */
#define CUS_COL_SIGNAL(sig) (3 + 2 * (sig))
enum { CUC_CUSTOMER, CUC_SEGMENT, CUC_TIER };
enum { CUC_GAPS = CUS_COL_SIGNAL (N_SIGNALS), CUC_PRODUCTS, CUC_REVENUE, CUC_UNRESOLVED,
       CUC_CSAT, CUC_NPS, CUC_CES, CUC_CHURNED, N_CUC };

typedef struct
{
  guint32 product;
  double  quantity;
  gint64  days;
} ProductUse;

typedef struct
{
  guint32 customer;
  guint32 product;
  double  rate;
} UseRate;

static gint64
overlap_days (CxvDate start, CxvDate end, CxvDate from, CxvDate to_excl)
{
  CxvDate lo = MAX (start, from);
  CxvDate hi = end == CXV_DATE_NONE ? to_excl : MIN (end, to_excl);

  return hi > lo ? (gint64) hi - lo : 0;
}

typedef struct
{
  CxvDataset      *dataset;
  const Settings  *settings;
  const CxvSpells *spells;
  guint            complex_mask;
  guint            lenient_mask;   /* signals whose lack of evidence does not block */
  CxvDate          eval;
  CxvDate          win_from;       /* first day of the window */
  CxvDate          win_to;         /* the day after the window */
  gboolean         churn_observable;

  guint32          n_products;
  guint32         *line_of;        /* per product: its product line */
  guint32          n_lines;
  GPtrArray       *eligible_lines; /* per segment slot: GArray of guint32 lines */
  CxvSegments      segments;
  guint64          stamp;          /* the current customer's mark, unique per pass */
  guint64         *owned_stamp;    /* per line: the mark of the customer owning it */
  guint64         *product_stamp;  /* per product: the mark of the customer holding it */

  double          *median;         /* per product, NAN without usage */
  GArray          *rates;          /* UseRate in customer order */
  guint            rate_pos;

  GArray          *uses;           /* ProductUse scratch */
  GArray          *held;           /* guint32: the current customer's distinct products */
  GString         *gaps;

  /* Per tier. */
  gint64           t_customers[4];
  gint64           t_revenue[4];
  gint64           t_churned[4];
  gint64           t_products[4];
  gint64           t_single[4];

  /* Per product, and per segment slot. */
  gint64          *p_holders;
  gint64          *p_eligible_holders;
  gint64          *p_single;
  gint64          *slot_customers;
} Pass;

static gboolean
in_window (const Pass *pass, CxvDate day)
{
  return day >= pass->win_from && day < pass->win_to;
}

/* Days of the window the customer held @product, or were active at all
 * when no holding of it covers the window (non-contractual data). */
static gint64
held_days (Pass *pass, guint32 c, guint32 product, const CxvSpell *spell)
{
  const CxvRecordTable *hol = cxv_dataset_get_table (pass->dataset, CXV_RECORD_HOLDING);
  const guint32 *off = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_HOLDING);
  const guint32 *hp = CXV_COLUMN (hol, guint32, HOL_PRODUCT);
  const CxvDate *hs = CXV_COLUMN (hol, CxvDate, HOL_START);
  const CxvDate *he = CXV_COLUMN (hol, CxvDate, HOL_END);
  gint64 days = 0;

  for (guint32 i = off[c]; i < off[c + 1]; i++)
    if (hp[i] == product)
      days += overlap_days (hs[i], he[i], pass->win_from, pass->win_to);
  if (days == 0)
    days = overlap_days (spell->start, spell->end, pass->win_from, pass->win_to);
  return MIN (days, (gint64) pass->win_to - pass->win_from);
}

/* First pass: each evaluated customer's usage rate per product. */
static void
collect_rates (Pass *pass, guint32 c, const CxvSpell *spell)
{
  const CxvRecordTable *use = cxv_dataset_get_table (pass->dataset, CXV_RECORD_USAGE);
  const guint32 *off = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_USAGE);
  const guint32 *up = CXV_COLUMN (use, guint32, USE_PRODUCT);
  const CxvDate *ud = CXV_COLUMN (use, CxvDate, USE_DATE);
  const double *uq = CXV_COLUMN (use, double, USE_QUANTITY);

  g_array_set_size (pass->uses, 0);
  for (guint32 i = off[c]; i < off[c + 1]; i++)
    {
      ProductUse *pu = NULL;

      if (!in_window (pass, ud[i]) || up[i] == CXV_NO_INDEX)
        continue;
      for (guint k = 0; k < pass->uses->len; k++)
        if (g_array_index (pass->uses, ProductUse, k).product == up[i])
          pu = &g_array_index (pass->uses, ProductUse, k);
      if (pu == NULL)
        {
          ProductUse fresh = { up[i], 0.0, 0 };

          g_array_append_val (pass->uses, fresh);
          pu = &g_array_index (pass->uses, ProductUse, pass->uses->len - 1);
        }
      pu->quantity += uq[i];
    }
  for (guint k = 0; k < pass->uses->len; k++)
    {
      ProductUse *pu = &g_array_index (pass->uses, ProductUse, k);
      UseRate rate;

      /* Only products held on the evaluation date are judged. */
      if (pass->product_stamp[pu->product] != pass->stamp)
        continue;
      pu->days = held_days (pass, c, pu->product, spell);
      rate.customer = c;
      rate.product = pu->product;
      rate.rate = pu->quantity / (double) MAX (pu->days, 1);
      g_array_append_val (pass->rates, rate);
    }
}

/* Marks the products and product lines @c holds on the evaluation date
 * and lists the products in pass->held; returns the number of distinct
 * products. */
static guint
mark_holdings (Pass *pass, guint32 c)
{
  const CxvRecordTable *hol = cxv_dataset_get_table (pass->dataset, CXV_RECORD_HOLDING);
  const guint32 *off = cxv_dataset_get_offsets (pass->dataset, CXV_RECORD_HOLDING);
  const guint32 *hp = CXV_COLUMN (hol, guint32, HOL_PRODUCT);
  const CxvDate *hs = CXV_COLUMN (hol, CxvDate, HOL_START);
  const CxvDate *he = CXV_COLUMN (hol, CxvDate, HOL_END);
  guint n = 0;

  g_array_set_size (pass->held, 0);
  for (guint32 i = off[c]; i < off[c + 1]; i++)
    {
      if (hs[i] > pass->eval || (he[i] != CXV_DATE_NONE && he[i] <= pass->eval))
        continue;
      if (pass->product_stamp[hp[i]] != pass->stamp)
        {
          pass->product_stamp[hp[i]] = pass->stamp;
          g_array_append_val (pass->held, hp[i]);
          n++;
        }
      pass->owned_stamp[pass->line_of[hp[i]]] = pass->stamp;
    }
  return n;
}

static gboolean
in_strv (char * const *strv, const char *text)
{
  return strv != NULL && text != NULL && g_strv_contains ((const char * const *) strv, text);
}

/* -1 no evidence, 0 fails, 1 holds */
typedef struct
{
  double value[N_SIGNALS];
  int    holds[N_SIGNALS];
  gboolean billing;
  gboolean other_unsatisfied;
} Signals;

static void
add_gap (Pass *pass, const Signals *sig, int k)
{
  const Settings *s = pass->settings;

  if (pass->gaps->len > 0)
    g_string_append (pass->gaps, "; ");
  g_string_append (pass->gaps, signal_names[k]);
  if (sig->holds[k] < 0)
    g_string_append (pass->gaps, " (no evidence)");
  g_string_append (pass->gaps, ": ");
  switch (k)
    {
    case SIG_SATISFIED:
      if (sig->billing)
        g_string_append (pass->gaps, s->actions[ACT_BILLING]);
      if (sig->billing && sig->other_unsatisfied)
        g_string_append (pass->gaps, ", ");
      if (!sig->billing || sig->other_unsatisfied)
        g_string_append (pass->gaps, s->actions[ACT_SATISFIED]);
      break;
    case SIG_LOW_COST:
      g_string_append (pass->gaps, s->actions[ACT_LOW_COST]);
      break;
    case SIG_USE:
      g_string_append (pass->gaps, s->actions[ACT_USE]);
      break;
    case SIG_INPUT:
      g_string_append (pass->gaps, s->actions[ACT_INPUT]);
      break;
    case SIG_ENGAGES:
      g_string_append_printf (pass->gaps, "%s, %s", s->actions[ACT_EDUCATION],
                              s->actions[ACT_OFFERS]);
      break;
    case SIG_HOLDINGS:
      g_string_append (pass->gaps, s->actions[ACT_HOLDINGS]);
      break;
    case SIG_REFERRAL:
      g_string_append (pass->gaps, s->actions[ACT_REFERRAL]);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Whether product @p is eligible for the segment of slot @slot (not 0,
 * "all"): see build_lines(). */
static gboolean
slot_eligible (const Pass *pass, guint slot, guint32 p)
{
  guint32 text = pass->segments.text_of[slot];
  guint n_seg = 0;
  const guint32 *segs = cxv_dataset_get_eligible_segments (pass->dataset, p, &n_seg);

  if (segs == NULL)
    return TRUE;
  for (guint k = 0; k < n_seg && text != CXV_NO_INDEX; k++)
    if (segs[k] == text)
      return TRUE;
  return FALSE;
}

/* The signals and tier of @c, active on the evaluation date in @spell,
 * tallied per tier and product; with a @table, also its row there (noted
 * in @row_of) with its gaps. Returns the tier. */
static int
evaluate_customer (Pass *pass, guint32 c, const CxvSpell *spell, CxvTable *table,
                   guint32 *row_of)
{
  CxvDataset *ds = pass->dataset;
  const Settings *s = pass->settings;
  const CxvRecordTable *cus = cxv_dataset_get_table (ds, CXV_RECORD_CUSTOMER);
  const CxvRecordTable *rev = cxv_dataset_get_table (ds, CXV_RECORD_REVENUE);
  const CxvRecordTable *itr = cxv_dataset_get_table (ds, CXV_RECORD_INTERACTION);
  const CxvRecordTable *fee = cxv_dataset_get_table (ds, CXV_RECORD_FEEDBACK);
  const CxvRecordTable *ref = cxv_dataset_get_table (ds, CXV_RECORD_REFERRAL);
  const guint32 *rev_off = cxv_dataset_get_offsets (ds, CXV_RECORD_REVENUE);
  const guint32 *itr_off = cxv_dataset_get_offsets (ds, CXV_RECORD_INTERACTION);
  const guint32 *fee_off = cxv_dataset_get_offsets (ds, CXV_RECORD_FEEDBACK);
  const guint32 *ref_off = cxv_dataset_get_offsets (ds, CXV_RECORD_REFERRAL);
  guint32 segment = CXV_COLUMN (cus, guint32, CUS_SEGMENT)[c];
  guint32 slot = pass->segments.slot_of[c];
  GArray *eligible = g_ptr_array_index (pass->eligible_lines, slot);
  Signals sig = { { 0 } };
  gint64 revenue = 0;
  guint unresolved = 0, contacts = 0, low_cost = 0, inputs = 0, engagements = 0, referrals = 0;
  guint n_answers[3] = { 0 };
  double sum_answers[3] = { 0 };
  double means[3];
  const double thresholds[3] = { s->min_nps, s->min_csat, s->min_ces };
  guint n_products, owned = 0;
  double min_ratio = INFINITY;
  int churned = -1;
  int tier = 0;
  guint row;

  n_products = mark_holdings (pass, c);

  for (guint32 i = rev_off[c]; i < rev_off[c + 1]; i++)
    if (in_window (pass, CXV_COLUMN (rev, CxvDate, REV_DATE)[i]))
      revenue += CXV_COLUMN (rev, gint64, REV_AMOUNT)[i];

  for (guint32 i = itr_off[c]; i < itr_off[c + 1]; i++)
    {
      guint8 kind = CXV_COLUMN (itr, guint8, INT_KIND)[i];
      gboolean resolved = CXV_COLUMN (itr, guint8, INT_RESOLVED)[i] != 0;

      if (!in_window (pass, CXV_COLUMN (itr, CxvDate, INT_DATE)[i]))
        continue;
      if (kind == CXV_INTERACTION_COMPLAINT && !resolved)
        {
          guint32 reason = CXV_COLUMN (itr, guint32, INT_REASON)[i];
          const char *text = reason == CXV_NO_INDEX ? NULL : cxv_dataset_get_text (ds, reason);

          unresolved++;
          if (in_strv (s->billing_reasons, text))
            sig.billing = TRUE;
          else
            sig.other_unsatisfied = TRUE;
        }
      if ((kind == CXV_INTERACTION_SUPPORT || kind == CXV_INTERACTION_COMPLAINT ||
           kind == CXV_INTERACTION_SAVE || kind == CXV_INTERACTION_FEEDBACK) &&
          (pass->complex_mask & (1u << kind)) == 0)
        {
          contacts++;
          if (CXV_COLUMN (itr, guint8, INT_CLASS)[i] == CXV_CHANNEL_LOW_COST)
            low_cost++;
        }
      if (kind == CXV_INTERACTION_FEEDBACK)
        inputs++;
      if (kind == CXV_INTERACTION_EDUCATION || kind == CXV_INTERACTION_ADVICE ||
          (kind == CXV_INTERACTION_OFFER && resolved))
        engagements++;
    }

  for (guint32 i = fee_off[c]; i < fee_off[c + 1]; i++)
    {
      guint8 instrument = CXV_COLUMN (fee, guint8, FEE_INSTRUMENT)[i];

      if (!in_window (pass, CXV_COLUMN (fee, CxvDate, FEE_DATE)[i]))
        continue;
      inputs++;
      if (instrument <= CXV_INSTRUMENT_CES)
        {
          n_answers[instrument]++;
          sum_answers[instrument] += CXV_COLUMN (fee, double, FEE_SCORE)[i];
        }
    }

  for (guint32 i = ref_off[c]; i < ref_off[c + 1]; i++)
    if (CXV_COLUMN (ref, CxvDate, REF_DATE)[i] <= pass->eval)
      referrals++;

  /* Usage rates of this customer, in customer order from the first pass. */
  while (pass->rate_pos < pass->rates->len &&
         g_array_index (pass->rates, UseRate, pass->rate_pos).customer == c)
    {
      const UseRate *r = &g_array_index (pass->rates, UseRate, pass->rate_pos++);
      double median = pass->median[r->product];

      /* A product nobody uses says nothing about this customer. */
      if (median > 0)
        min_ratio = MIN (min_ratio, r->rate / median);
    }

  if (eligible != NULL)
    for (guint k = 0; k < eligible->len; k++)
      if (pass->owned_stamp[g_array_index (eligible, guint32, k)] == pass->stamp)
        owned++;

  if (spell->end != CXV_DATE_NONE && (gint64) spell->end <= (gint64) pass->eval + s->churn_days)
    churned = 1;
  else if (pass->churn_observable)
    churned = 0;

  /* Evaluate: satisfied. */
  sig.value[SIG_SATISFIED] = NAN;
  for (guint k = 0; k < 3; k++)
    {
      means[k] = n_answers[k] > 0 ? sum_answers[k] / n_answers[k] : NAN;
      if (n_answers[k] == 0)
        continue;
      if (isnan (sig.value[SIG_SATISFIED]) || means[k] - thresholds[k] < sig.value[SIG_SATISFIED])
        sig.value[SIG_SATISFIED] = means[k] - thresholds[k];
      if (means[k] < thresholds[k])
        sig.other_unsatisfied = TRUE;
    }
  if (unresolved > 0)
    sig.holds[SIG_SATISFIED] = 0;
  else if (isnan (sig.value[SIG_SATISFIED]))
    sig.holds[SIG_SATISFIED] = -1;
  else
    sig.holds[SIG_SATISFIED] = sig.value[SIG_SATISFIED] >= 0;
  if (sig.holds[SIG_SATISFIED] == -1)
    sig.other_unsatisfied = TRUE;

  /* Evaluate: low-cost contact. */
  sig.value[SIG_LOW_COST] = contacts > 0 ? (double) low_cost / contacts : NAN;
  sig.holds[SIG_LOW_COST] = contacts == 0 ? -1 : sig.value[SIG_LOW_COST] >= s->low_cost_share;

  /* Engage. */
  sig.value[SIG_USE] = isinf (min_ratio) ? NAN : min_ratio;
  sig.holds[SIG_USE] = isinf (min_ratio) ? -1 : min_ratio >= s->usage_ratio;
  sig.value[SIG_INPUT] = inputs;
  sig.holds[SIG_INPUT] = inputs > 0;
  sig.value[SIG_ENGAGES] = engagements;
  sig.holds[SIG_ENGAGES] = engagements > 0;

  /* Trust. */
  if (eligible == NULL || eligible->len == 0)
    {
      sig.value[SIG_HOLDINGS] = NAN;
      sig.holds[SIG_HOLDINGS] = -1;
    }
  else
    {
      sig.value[SIG_HOLDINGS] = (double) owned / eligible->len;
      sig.holds[SIG_HOLDINGS] = owned == eligible->len;
    }
  sig.value[SIG_REFERRAL] = referrals;
  sig.holds[SIG_REFERRAL] = referrals > 0;

  /* Cumulative tiers. */
  for (int t = 1; t <= 3; t++)
    {
      gboolean met = TRUE;

      for (int k = 0; k < N_SIGNALS; k++)
        if (signal_tier[k] == t &&
            !(sig.holds[k] == 1 || (sig.holds[k] == -1 && (pass->lenient_mask & (1u << k)))))
          met = FALSE;
      if (!met)
        break;
      tier = t;
    }

  pass->t_customers[tier]++;
  pass->t_revenue[tier] += revenue;
  pass->t_churned[tier] += churned == 1;
  pass->t_products[tier] += n_products;
  pass->t_single[tier] += n_products == 1;
  pass->slot_customers[slot]++;
  for (guint k = 0; k < pass->held->len; k++)
    {
      guint32 p = g_array_index (pass->held, guint32, k);

      pass->p_holders[p]++;
      pass->p_eligible_holders[p] += slot_eligible (pass, slot, p);
      pass->p_single[p] += n_products == 1;
    }

  if (table == NULL)
    return tier;

  g_string_truncate (pass->gaps, 0);
  for (int k = 0; k < N_SIGNALS; k++)
    if (sig.holds[k] != 1)
      add_gap (pass, &sig, k);

  row = cxv_table_append_row (table);
  row_of[c] = row;
  cxv_table_set_text (table, row, CUC_CUSTOMER, cxv_dataset_get_customer_id (ds, c));
  if (segment != CXV_NO_INDEX)
    cxv_table_set_text (table, row, CUC_SEGMENT, cxv_dataset_get_text (ds, segment));
  else
    cxv_table_set_null (table, row, CUC_SEGMENT);
  cxv_table_set_int (table, row, CUC_TIER, tier);
  for (int k = 0; k < N_SIGNALS; k++)
    {
      guint col = CUS_COL_SIGNAL (k);

      if (isnan (sig.value[k]))
        cxv_table_set_null (table, row, col);
      else
        cxv_table_set_double (table, row, col, sig.value[k]);
      if (sig.holds[k] < 0)
        cxv_table_set_null (table, row, col + 1);
      else
        cxv_table_set_boolean (table, row, col + 1, sig.holds[k] == 1);
    }
  cxv_table_set_text (table, row, CUC_GAPS, pass->gaps->str);
  cxv_table_set_int (table, row, CUC_PRODUCTS, n_products);
  cxv_table_set_money (table, row, CUC_REVENUE, revenue);
  cxv_table_set_int (table, row, CUC_UNRESOLVED, unresolved);
  for (guint k = 0; k < 3; k++)
    {
      /* Columns are CSAT, NPS, CES; the instruments NPS (0), CSAT, CES. */
      guint col = k == CXV_INSTRUMENT_NPS ? CUC_NPS : k == CXV_INSTRUMENT_CSAT ? CUC_CSAT : CUC_CES;

      if (isnan (means[k]))
        cxv_table_set_null (table, row, col);
      else
        cxv_table_set_double (table, row, col, means[k]);
    }
  if (churned < 0)
    cxv_table_set_null (table, row, CUC_CHURNED);
  else
    cxv_table_set_boolean (table, row, CUC_CHURNED, churned == 1);
  return tier;
}

/* Product lines (a category, or a product without one) and which lines
 * each segment slot is eligible for. */
static void
build_lines (Pass *pass)
{
  CxvDataset *ds = pass->dataset;
  const CxvRecordTable *pro = cxv_dataset_get_table (ds, CXV_RECORD_PRODUCT);
  const guint32 *category = CXV_COLUMN (pro, guint32, PRO_CATEGORY);
  g_autoptr(GHashTable) line_of_category = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree guint32 *stamp = NULL;

  pass->n_products = pro->n;
  pass->line_of = g_new (guint32, MAX (pro->n, 1));
  for (guint32 p = 0; p < pro->n; p++)
    {
      gpointer line;

      if (category[p] == CXV_NO_INDEX)
        {
          pass->line_of[p] = pass->n_lines++;
          continue;
        }
      if (!g_hash_table_lookup_extended (line_of_category, GUINT_TO_POINTER (category[p]), NULL,
                                         &line))
        {
          line = GUINT_TO_POINTER (pass->n_lines++);
          g_hash_table_insert (line_of_category, GUINT_TO_POINTER (category[p]), line);
        }
      pass->line_of[p] = GPOINTER_TO_UINT (line);
    }

  pass->eligible_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  stamp = g_new0 (guint32, MAX (pass->n_lines, 1));
  for (guint slot = 0; slot < pass->segments.n_slots; slot++)
    {
      GArray *lines = g_array_new (FALSE, FALSE, sizeof (guint32));
      guint32 text = pass->segments.text_of[slot];

      for (guint32 p = 0; p < pro->n && slot > 0; p++)
        {
          guint n_seg = 0;
          const guint32 *segs = cxv_dataset_get_eligible_segments (ds, p, &n_seg);
          gboolean ok = segs == NULL;

          for (guint k = 0; !ok && k < n_seg && text != CXV_NO_INDEX; k++)
            ok = segs[k] == text;
          if (ok && stamp[pass->line_of[p]] != slot)
            {
              stamp[pass->line_of[p]] = slot;
              g_array_append_val (lines, pass->line_of[p]);
            }
        }
      g_ptr_array_add (pass->eligible_lines, lines);
    }
}

static void
pass_clear (Pass *pass)
{
  g_clear_pointer (&pass->line_of, g_free);
  g_clear_pointer (&pass->eligible_lines, g_ptr_array_unref);
  cxv_segments_clear (&pass->segments);
  g_clear_pointer (&pass->owned_stamp, g_free);
  g_clear_pointer (&pass->product_stamp, g_free);
  g_clear_pointer (&pass->median, g_free);
  g_clear_pointer (&pass->rates, g_array_unref);
  g_clear_pointer (&pass->uses, g_array_unref);
  g_clear_pointer (&pass->held, g_array_unref);
  g_clear_pointer (&pass->p_holders, g_free);
  g_clear_pointer (&pass->p_eligible_holders, g_free);
  g_clear_pointer (&pass->p_single, g_free);
  g_clear_pointer (&pass->slot_customers, g_free);
  if (pass->gaps != NULL)
    g_string_free (pass->gaps, TRUE);
  pass->gaps = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pass, pass_clear)

/* Each product's median use rate. The rates are grouped by product with a
 * counting sort and each group is sorted on its own: a comparison sort of
 * a million (product, rate) pairs was a tenth of the analysis. */
static void
compute_medians (Pass *pass)
{
  guint n = pass->rates->len;
  g_autofree double *grouped = g_new (double, MAX (n, 1));
  g_autofree guint *start = g_new0 (guint, pass->n_products + 1);
  g_autofree guint *fill = NULL;

  pass->median = g_new (double, MAX (pass->n_products, 1));
  for (guint i = 0; i < n; i++)
    start[g_array_index (pass->rates, UseRate, i).product + 1]++;
  for (guint32 p = 0; p < pass->n_products; p++)
    start[p + 1] += start[p];
  fill = g_memdup2 (start, sizeof (guint) * (pass->n_products + 1));
  for (guint i = 0; i < n; i++)
    {
      const UseRate *r = &g_array_index (pass->rates, UseRate, i);

      grouped[fill[r->product]++] = r->rate;
    }

  for (guint32 p = 0; p < pass->n_products; p++)
    {
      double *x = grouped + start[p];
      guint m = start[p + 1] - start[p];

      if (m == 0)
        {
          pass->median[p] = NAN;
          continue;
        }
      cxv_sort_doubles (x, m);
      /* The middle one, or the mean of the two. */
      pass->median[p] = m % 2 == 1 ? x[m / 2] : (x[m / 2 - 1] + x[m / 2]) / 2.0;
    }
}

static CxvTable *
new_customers_table (CxvDataset *dataset)
{
  CxvTable *table = cxv_table_new ("qore-customers");

  cxv_table_set_currency (table, cxv_dataset_get_currency (dataset));
  cxv_table_add_column (table, "customer", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "segment", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "tier", CXV_COLUMN_INT);
  for (int k = 0; k < N_SIGNALS; k++)
    {
      g_autofree char *value = g_strconcat (signal_names[k], "_value", NULL);
      g_autofree char *holds = g_strconcat (signal_names[k], "_holds", NULL);

      cxv_table_add_column (table, value, CXV_COLUMN_DOUBLE);
      cxv_table_add_column (table, holds, CXV_COLUMN_BOOLEAN);
    }
  cxv_table_add_column (table, "gaps", CXV_COLUMN_TEXT);
  cxv_table_add_column (table, "products", CXV_COLUMN_INT);
  cxv_table_add_column (table, "revenue", CXV_COLUMN_MONEY);
  cxv_table_add_column (table, "unresolved_complaints", CXV_COLUMN_INT);
  cxv_table_add_column (table, "csat_mean", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (table, "nps_mean", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (table, "ces_mean", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (table, "churned", CXV_COLUMN_BOOLEAN);
  g_assert (cxv_table_get_n_columns (table) == N_CUC);
  return table;
}

static CxvTable *
tiers_table (CxvDataset *dataset, const Pass *pass)
{
  static const char * const names[] = {
    "tier", "name", "customers", "share", "revenue", "churned", "churn_rate",
    "products_per_customer", "single_product", "single_product_share" };
  static const CxvColumnType types[] = {
    CXV_COLUMN_INT, CXV_COLUMN_TEXT, CXV_COLUMN_INT, CXV_COLUMN_DOUBLE, CXV_COLUMN_MONEY,
    CXV_COLUMN_INT, CXV_COLUMN_DOUBLE, CXV_COLUMN_DOUBLE, CXV_COLUMN_INT, CXV_COLUMN_DOUBLE };
  CxvTable *table = cxv_table_new ("qore-tiers");
  gint64 total = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == N_TIE);
  G_STATIC_ASSERT (G_N_ELEMENTS (types) == N_TIE);

  cxv_table_set_currency (table, cxv_dataset_get_currency (dataset));
  for (guint i = 0; i < N_TIE; i++)
    cxv_table_add_column (table, names[i], types[i]);
  for (int t = 0; t < 4; t++)
    total += pass->t_customers[t];
  for (int t = 0; t < 4; t++)
    {
      guint row = cxv_table_append_row (table);
      gint64 n = pass->t_customers[t];

      cxv_table_set_int (table, row, TIE_TIER, t);
      cxv_table_set_text (table, row, TIE_NAME, tier_names[t]);
      cxv_table_set_int (table, row, TIE_CUSTOMERS, n);
      cxv_table_set_double (table, row, TIE_SHARE, total > 0 ? (double) n / total : 0.0);
      cxv_table_set_money (table, row, TIE_REVENUE, pass->t_revenue[t]);
      if (pass->churn_observable)
        cxv_table_set_int (table, row, TIE_CHURNED, pass->t_churned[t]);
      else
        cxv_table_set_null (table, row, TIE_CHURNED);
      if (pass->churn_observable && n > 0)
        cxv_table_set_double (table, row, TIE_CHURN_RATE, (double) pass->t_churned[t] / n);
      else
        cxv_table_set_null (table, row, TIE_CHURN_RATE);
      if (n > 0)
        {
          cxv_table_set_double (table, row, TIE_PRODUCTS_PER_CUSTOMER,
                                (double) pass->t_products[t] / n);
          cxv_table_set_double (table, row, TIE_SINGLE_SHARE, (double) pass->t_single[t] / n);
        }
      else
        {
          cxv_table_set_null (table, row, TIE_PRODUCTS_PER_CUSTOMER);
          cxv_table_set_null (table, row, TIE_SINGLE_SHARE);
        }
      cxv_table_set_int (table, row, TIE_SINGLE, pass->t_single[t]);
    }
  return table;
}


enum { PRC_PRODUCT, PRC_CATEGORY, PRC_HOLDERS, PRC_SINGLE, PRC_ELIGIBLE, PRC_COVERAGE, N_PRC };

static CxvTable *
products_table (CxvDataset *dataset, const Pass *pass)
{
  static const char * const names[] = {
    "product", "category", "holders", "single_product_holders", "eligible", "coverage" };
  static const CxvColumnType types[] = {
    CXV_COLUMN_TEXT, CXV_COLUMN_TEXT, CXV_COLUMN_INT, CXV_COLUMN_INT, CXV_COLUMN_INT,
    CXV_COLUMN_DOUBLE };
  const CxvRecordTable *pro = cxv_dataset_get_table (dataset, CXV_RECORD_PRODUCT);
  const guint32 *category = CXV_COLUMN (pro, guint32, PRO_CATEGORY);
  CxvTable *table = cxv_table_new ("qore-products");

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == N_PRC);
  G_STATIC_ASSERT (G_N_ELEMENTS (types) == N_PRC);

  for (guint i = 0; i < N_PRC; i++)
    cxv_table_add_column (table, names[i], types[i]);
  for (guint32 p = 0; p < pass->n_products; p++)
    {
      guint row = cxv_table_append_row (table);
      gint64 eligible = 0;

      for (guint slot = 1; slot < pass->segments.n_slots; slot++)
        if (slot_eligible (pass, slot, p))
          eligible += pass->slot_customers[slot];

      cxv_table_set_text (table, row, PRC_PRODUCT, cxv_dataset_get_product_code (dataset, p));
      if (category[p] != CXV_NO_INDEX)
        cxv_table_set_text (table, row, PRC_CATEGORY, cxv_dataset_get_text (dataset, category[p]));
      else
        cxv_table_set_null (table, row, PRC_CATEGORY);
      cxv_table_set_int (table, row, PRC_HOLDERS, pass->p_holders[p]);
      cxv_table_set_int (table, row, PRC_SINGLE, pass->p_single[p]);
      cxv_table_set_int (table, row, PRC_ELIGIBLE, eligible);
      if (eligible > 0)
        cxv_table_set_double (table, row, PRC_COVERAGE,
                              (double) pass->p_eligible_holders[p] / eligible);
      else
        cxv_table_set_null (table, row, PRC_COVERAGE);
    }
  return table;
}

/* Checks the dataset and the rules, and builds the activity spells. */
static CxvSpells *
prepare (CxvDataset     *dataset,
         const Settings *s,
         guint          *complex_mask,
         guint          *blocking_mask,
         GError        **error)
{
  g_autoptr(CxvSpells) spells = NULL;

  if (!cxv_dataset_get_sealed (dataset))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED,
                           "The QoRE analysis needs a sealed dataset: call cxv_dataset_seal() "
                           "first");
      return NULL;
    }
  if (!validate_settings (s, complex_mask, blocking_mask, error))
    return NULL;
  if (cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER) == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "The dataset holds no customers");
      return NULL;
    }

  spells = cxv_spells_new (dataset, s->activity, s->inactivity_days);
  if (spells->n_spells == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           s->activity == CXV_ACTIVITY_CONTRACTUAL
                           ? "No customer ever held a product"
                           : "No customer ever made a purchase");
      return NULL;
    }
  return g_steal_pointer (&spells);
}

/* Sets up @pass to evaluate on @eval. */
static void
pass_init (Pass            *pass,
           CxvDataset      *dataset,
           const Settings  *s,
           const CxvSpells *spells,
           guint            complex_mask,
           guint            blocking_mask,
           CxvDate          eval)
{
  pass->dataset = dataset;
  pass->settings = s;
  pass->spells = spells;
  pass->complex_mask = complex_mask;
  pass->lenient_mask = ~blocking_mask;
  pass->eval = eval;
  pass->win_from = (CxvDate) MAX ((gint64) eval - s->window_days + 1, CXV_DATE_MIN);
  pass->win_to = eval + 1;
  pass->churn_observable = (gint64) eval + s->churn_days <= (gint64) spells->last_day;

  cxv_segments_init (&pass->segments, dataset);
  build_lines (pass);
  pass->owned_stamp = g_new0 (guint64, MAX (pass->n_lines, 1));
  pass->product_stamp = g_new0 (guint64, MAX (pass->n_products, 1));
  pass->p_holders = g_new0 (gint64, MAX (pass->n_products, 1));
  pass->p_eligible_holders = g_new0 (gint64, MAX (pass->n_products, 1));
  pass->p_single = g_new0 (gint64, MAX (pass->n_products, 1));
  pass->slot_customers = g_new0 (gint64, MAX (pass->segments.n_slots, 1));
  pass->rates = g_array_new (FALSE, FALSE, sizeof (UseRate));
  pass->uses = g_array_new (FALSE, FALSE, sizeof (ProductUse));
  pass->held = g_array_new (FALSE, FALSE, sizeof (guint32));
  pass->gaps = g_string_new (NULL);
}

/* Evaluates every customer active on pass->eval in two passes over the
 * per-customer index (who is evaluated and their usage rates, then the
 * signals). Per customer, @tier_of (nullable) receives its tier, or -1
 * when it is not active; with a @table, its row is added there and noted
 * in @row_of. Progress goes to @reporter (nullable) from @progress_base
 * over @progress_span. */
static gboolean
evaluate_on (Pass         *pass,
             CxvTable     *table,
             guint32      *row_of,
             gint8        *tier_of,
             CxvQore      *reporter,
             double        progress_base,
             double        progress_span,
             GCancellable *cancellable,
             GError      **error)
{
  const CxvSpells *spells = pass->spells;
  guint32 n = spells->n_customers;
  g_autofree guint32 *spell_of = g_new (guint32, MAX (n, 1));

  /* First pass: who is evaluated, and their usage rates. */
  for (guint32 c = 0; c < n; c++)
    {
      if (c % PROGRESS_EVERY == 0 && c > 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (reporter != NULL)
            report_progress (reporter, progress_base + 0.5 * progress_span * c / n);
        }
      if (!cxv_spells_active_on (spells, c, pass->eval, &spell_of[c]))
        {
          spell_of[c] = CXV_NO_INDEX;
          continue;
        }
      pass->stamp = (guint64) c + 1;
      mark_holdings (pass, c);
      collect_rates (pass, c, &spells->spells[spell_of[c]]);
    }
  compute_medians (pass);

  /* Second pass: the signals, with marks that differ from the first's. */
  for (guint32 c = 0; c < n; c++)
    {
      int tier;

      if (c % PROGRESS_EVERY == 0 && c > 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (reporter != NULL)
            report_progress (reporter, progress_base + progress_span * (0.5 + 0.5 * c / n));
        }
      if (row_of != NULL)
        row_of[c] = CXV_NO_INDEX;
      if (spell_of[c] == CXV_NO_INDEX)
        {
          if (tier_of != NULL)
            tier_of[c] = -1;
          continue;
        }
      pass->stamp = (guint64) n + c + 1;
      tier = evaluate_customer (pass, c, &spells->spells[spell_of[c]], table, row_of);
      if (tier_of != NULL)
        tier_of[c] = (gint8) tier;
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static Results *
compute (CxvQore        *self,
         CxvDataset     *dataset,
         const Settings *s,
         GCancellable   *cancellable,
         GError        **error)
{
  g_autoptr(CxvSpells) spells = NULL;
  g_autoptr(Results) results = NULL;
  g_auto(Pass) pass = { 0 };
  guint complex_mask = 0, blocking_mask = 0;
  CxvDate eval;

  spells = prepare (dataset, s, &complex_mask, &blocking_mask, error);
  if (spells == NULL)
    return NULL;

  report_progress (self, 0.0);
  eval = s->evaluation_date != CXV_DATE_NONE
    ? s->evaluation_date : (CxvDate) MAX ((gint64) spells->last_day - s->churn_days, CXV_DATE_MIN);
  pass_init (&pass, dataset, s, spells, complex_mask, blocking_mask, eval);

  results = g_new0 (Results, 1);
  results->customers = new_customers_table (dataset);
  cxv_table_reserve_rows (results->customers, spells->n_customers);
  results->evaluated_on = pass.eval;
  results->n_customers = spells->n_customers;
  results->row_of = g_new (guint32, MAX (spells->n_customers, 1));

  if (!evaluate_on (&pass, results->customers, results->row_of, NULL, self, 0.0, 1.0,
                    cancellable, error))
    return NULL;

  if (cxv_table_get_n_rows (results->customers) == 0)
    {
      g_autofree char *day = cxv_date_to_iso8601 (pass.eval);

      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                   "No customer is active on the evaluation date %s", day);
      return NULL;
    }
  results->tiers = tiers_table (dataset, &pass);
  results->products = products_table (dataset, &pass);
  report_progress (self, 1.0);
  return g_steal_pointer (&results);
}

static void
install_results (CxvQore *self, Results *results)
{
  g_clear_pointer (&self->results, results_free);
  self->results = results;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
cxv_qore_dispose (GObject *object)
{
  CxvQore *self = (CxvQore *) object;

  g_clear_object (&self->dataset);
  g_clear_pointer (&self->results, results_free);
  g_clear_pointer (&self->progress_context, g_main_context_unref);

  G_OBJECT_CLASS (cxv_qore_parent_class)->dispose (object);
}

static void
cxv_qore_finalize (GObject *object)
{
  CxvQore *self = (CxvQore *) object;

  settings_clear (&self->settings);

  G_OBJECT_CLASS (cxv_qore_parent_class)->finalize (object);
}

static void
cxv_qore_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CxvQore *self = CXV_QORE (object);
  const Settings *s = &self->settings;

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    case PROP_WINDOW_DAYS:
      g_value_set_uint (value, s->window_days);
      break;
    case PROP_EVALUATION_DATE:
      g_value_set_int (value, s->evaluation_date);
      break;
    case PROP_CHURN_DAYS:
      g_value_set_uint (value, s->churn_days);
      break;
    case PROP_ACTIVITY:
      g_value_set_enum (value, s->activity);
      break;
    case PROP_INACTIVITY_DAYS:
      g_value_set_uint (value, s->inactivity_days);
      break;
    case PROP_MIN_CSAT:
      g_value_set_double (value, s->min_csat);
      break;
    case PROP_MIN_NPS:
      g_value_set_double (value, s->min_nps);
      break;
    case PROP_MIN_CES:
      g_value_set_double (value, s->min_ces);
      break;
    case PROP_LOW_COST_SHARE:
      g_value_set_double (value, s->low_cost_share);
      break;
    case PROP_USAGE_RATIO:
      g_value_set_double (value, s->usage_ratio);
      break;
    case PROP_COMPLEX_KINDS:
      g_value_set_boxed (value, s->complex_kinds);
      break;
    case PROP_BILLING_REASONS:
      g_value_set_boxed (value, s->billing_reasons);
      break;
    case PROP_NO_EVIDENCE_UNMET:
      g_value_set_boxed (value, s->no_evidence_unmet);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_qore_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CxvQore *self = CXV_QORE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      self->dataset = g_value_dup_object (value);
      break;
    case PROP_WINDOW_DAYS:
      cxv_qore_set_window_days (self, g_value_get_uint (value));
      break;
    case PROP_EVALUATION_DATE:
      cxv_qore_set_evaluation_date (self, g_value_get_int (value));
      break;
    case PROP_CHURN_DAYS:
      cxv_qore_set_churn_days (self, g_value_get_uint (value));
      break;
    case PROP_ACTIVITY:
      cxv_qore_set_activity (self, g_value_get_enum (value));
      break;
    case PROP_INACTIVITY_DAYS:
      cxv_qore_set_inactivity_days (self, g_value_get_uint (value));
      break;
    case PROP_MIN_CSAT:
      cxv_qore_set_min_csat (self, g_value_get_double (value));
      break;
    case PROP_MIN_NPS:
      cxv_qore_set_min_nps (self, g_value_get_double (value));
      break;
    case PROP_MIN_CES:
      cxv_qore_set_min_ces (self, g_value_get_double (value));
      break;
    case PROP_LOW_COST_SHARE:
      cxv_qore_set_low_cost_share (self, g_value_get_double (value));
      break;
    case PROP_USAGE_RATIO:
      cxv_qore_set_usage_ratio (self, g_value_get_double (value));
      break;
    case PROP_COMPLEX_KINDS:
      cxv_qore_set_complex_kinds (self, g_value_get_boxed (value));
      break;
    case PROP_BILLING_REASONS:
      cxv_qore_set_billing_reasons (self, g_value_get_boxed (value));
      break;
    case PROP_NO_EVIDENCE_UNMET:
      cxv_qore_set_no_evidence_unmet (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cxv_qore_class_init (CxvQoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                   G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cxv_qore_dispose;
  object_class->finalize = cxv_qore_finalize;
  object_class->get_property = cxv_qore_get_property;
  object_class->set_property = cxv_qore_set_property;

  /**
   * CxvQore:dataset:
   *
   * The dataset the analysis reads. It must be sealed by the time
   * [method@Cxv.Qore.run] is called.
   *
   * Since: 1.0
   */
  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, CXV_TYPE_DATASET, co);

  /**
   * CxvQore:window-days:
   *
   * The days every signal reads: those ending on, and including, the
   * evaluation date. Default 365 (a year of evidence: surveys and
   * education contacts are rare events); must be 1 to 36,525.
   *
   * Since: 1.0
   */
  properties[PROP_WINDOW_DAYS] =
    g_param_spec_uint ("window-days", NULL, NULL, 0, G_MAXUINT, 365, rw);

  /**
   * CxvQore:evaluation-date:
   *
   * The day the tiers are judged on, a [alias@Cxv.Date], or
   * %CXV_DATE_NONE (the default) for [property@Cxv.Qore:churn-days] days
   * before the last day of the data, so that the churn that follows the
   * evaluation can be observed. Judging on the last day itself leaves no
   * data to see who leaves next.
   *
   * Since: 1.0
   */
  properties[PROP_EVALUATION_DATE] =
    g_param_spec_int ("evaluation-date", NULL, NULL, G_MININT32, G_MAXINT32, CXV_DATE_NONE, rw);

  /**
   * CxvQore:churn-days:
   *
   * The next period churn is counted over: a customer evaluated on a day
   * has churned when the activity spell holding it ends at most this many
   * days later. Default 90 (a quarter); must be 1 to 36,525.
   *
   * Since: 1.0
   */
  properties[PROP_CHURN_DAYS] =
    g_param_spec_uint ("churn-days", NULL, NULL, 0, G_MAXUINT, 90, rw);

  /**
   * CxvQore:activity:
   *
   * Who is a customer on the evaluation date, and when it leaves:
   * contractual (the default, while holding a product) or non-contractual
   * (for [property@Cxv.Qore:inactivity-days] after each purchase). See
   * [enum@Cxv.Activity].
   *
   * Since: 1.0
   */
  properties[PROP_ACTIVITY] =
    g_param_spec_enum ("activity", NULL, NULL, CXV_TYPE_ACTIVITY, CXV_ACTIVITY_CONTRACTUAL, rw);

  /**
   * CxvQore:inactivity-days:
   *
   * With the non-contractual definition, the days a purchase keeps a
   * customer active. Default 90; must be 1 to 36,525 then.
   *
   * Since: 1.0
   */
  properties[PROP_INACTIVITY_DAYS] =
    g_param_spec_uint ("inactivity-days", NULL, NULL, 0, G_MAXUINT, 90, rw);

  /**
   * CxvQore:min-csat:
   *
   * The lowest mean CSAT answer (1 to 5) in the window that counts as
   * satisfied. Default 4.0, "satisfied" on the usual 5-point scale.
   *
   * Since: 1.0
   */
  properties[PROP_MIN_CSAT] =
    g_param_spec_double ("min-csat", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 4.0, rw);

  /**
   * CxvQore:min-nps:
   *
   * The lowest mean NPS answer (0 to 10) in the window that counts as
   * satisfied. Default 7: above the detractors' 0 to 6.
   *
   * Since: 1.0
   */
  properties[PROP_MIN_NPS] =
    g_param_spec_double ("min-nps", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 7.0, rw);

  /**
   * CxvQore:min-ces:
   *
   * The lowest mean CES answer in the window that counts as satisfied, on
   * the 1 to 7 scale where 7 is the least effort (so this caps the effort).
   * Default 5, "somewhat easy" or better.
   *
   * Since: 1.0
   */
  properties[PROP_MIN_CES] =
    g_param_spec_double ("min-ces", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 5.0, rw);

  /**
   * CxvQore:low-cost-share:
   *
   * The lowest share (0 to 1) of non-complex service contacts through
   * low-cost channels for `low_cost_contact` to hold. Default 0.6.
   *
   * Since: 1.0
   */
  properties[PROP_LOW_COST_SHARE] =
    g_param_spec_double ("low-cost-share", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.6, rw);

  /**
   * CxvQore:usage-ratio:
   *
   * The lowest usage rate, relative to the product's median rate, for
   * `effective_use` to hold. Default 0.5: half the typical use; must be 0
   * to 100.
   *
   * Since: 1.0
   */
  properties[PROP_USAGE_RATIO] =
    g_param_spec_double ("usage-ratio", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.5, rw);

  /**
   * CxvQore:complex-kinds:
   *
   * The interaction kinds (nicks of [enum@Cxv.InteractionKind]) for which
   * an assisted channel is fine: they are left out of the low-cost share.
   * Default `complaint` and `save`. An unknown kind makes
   * [method@Cxv.Qore.run] fail.
   *
   * Since: 1.0
   */
  properties[PROP_COMPLEX_KINDS] =
    g_param_spec_boxed ("complex-kinds", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * CxvQore:billing-reasons:
   *
   * The complaint reasons that make an unresolved complaint a billing
   * matter, whose action is the `satisfied-billing` one of the catalogue
   * rather than the `satisfied` one. Default `billing`.
   *
   * Since: 1.0
   */
  properties[PROP_BILLING_REASONS] =
    g_param_spec_boxed ("billing-reasons", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * CxvQore:no-evidence-unmet:
   *
   * The signals (`satisfied`, `low_cost_contact`, `effective_use`,
   * `full_holdings`; the others always have evidence) for which no
   * evidence blocks the tier. Default `satisfied`, `effective_use` and
   * `full_holdings`: a tier is earned on evidence, never on its absence;
   * `low_cost_contact` is left out because a customer without any service
   * contact puts no cost on assisted channels. A signal left out neither
   * blocks nor earns anything when it has no evidence; it is still reported
   * with a null `holds` and listed among the gaps. An unknown signal makes
   * [method@Cxv.Qore.run] fail.
   *
   * Since: 1.0
   */
  properties[PROP_NO_EVIDENCE_UNMET] =
    g_param_spec_boxed ("no-evidence-unmet", NULL, NULL, G_TYPE_STRV, rw);

  /**
   * CxvQore:progress:
   *
   * The share of the current run done, from 0 to 1.
   *
   * Since: 1.0
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cxv_qore_init (CxvQore *self)
{
  static const char * const complex_kinds[] = { "complaint", "save", NULL };
  static const char * const billing_reasons[] = { "billing", NULL };
  static const char * const no_evidence_unmet[] = {
    "satisfied", "effective_use", "full_holdings", NULL };
  Settings *s = &self->settings;

  s->window_days = 365;
  s->evaluation_date = CXV_DATE_NONE;
  s->churn_days = 90;
  s->activity = CXV_ACTIVITY_CONTRACTUAL;
  s->inactivity_days = 90;
  s->min_csat = 4.0;
  s->min_nps = 7.0;
  s->min_ces = 5.0;
  s->low_cost_share = 0.6;
  s->usage_ratio = 0.5;
  s->complex_kinds = g_strdupv ((char **) complex_kinds);
  s->billing_reasons = g_strdupv ((char **) billing_reasons);
  s->no_evidence_unmet = g_strdupv ((char **) no_evidence_unmet);
  for (guint i = 0; i < N_ACTIONS; i++)
    s->actions[i] = g_strdup (default_actions[i]);
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

/**
 * cxv_qore_new:
 * @dataset: the dataset to read
 *
 * Creates a QoRE analysis over @dataset with the default rules.
 *
 * Returns: (transfer full): a new #CxvQore
 *
 * Since: 1.0
 */
CxvQore *
cxv_qore_new (CxvDataset *dataset)
{
  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);

  return g_object_new (CXV_TYPE_QORE, "dataset", dataset, NULL);
}

/**
 * cxv_qore_get_dataset:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:dataset].
 *
 * Returns: (transfer none): the dataset
 *
 * Since: 1.0
 */
CxvDataset *
cxv_qore_get_dataset (CxvQore *self)
{
  g_return_val_if_fail (CXV_IS_QORE (self), NULL);

  return self->dataset;
}

#define DEFINE_ACCESSORS(type, field, prop)                                   \
  type                                                                        \
  cxv_qore_get_##field (CxvQore *self)                                        \
  {                                                                           \
    g_return_val_if_fail (CXV_IS_QORE (self), 0);                             \
    return self->settings.field;                                              \
  }                                                                           \
  void                                                                        \
  cxv_qore_set_##field (CxvQore *self, type field)                            \
  {                                                                           \
    g_return_if_fail (CXV_IS_QORE (self));                                    \
    if (self->settings.field == field)                                        \
      return;                                                                 \
    self->settings.field = field;                                             \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);             \
  }

/**
 * cxv_qore_get_window_days:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:window-days].
 *
 * Returns: the days of the window
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_window_days:
 * @self: a #CxvQore
 * @window_days: the days of the window, 1 to 36,525
 *
 * Sets [property@Cxv.Qore:window-days].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, window_days, PROP_WINDOW_DAYS)

/**
 * cxv_qore_get_evaluation_date:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:evaluation-date].
 *
 * Returns: the evaluation date, or %CXV_DATE_NONE for the default
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_evaluation_date:
 * @self: a #CxvQore
 * @evaluation_date: the evaluation date, or %CXV_DATE_NONE for the default
 *
 * Sets [property@Cxv.Qore:evaluation-date].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (CxvDate, evaluation_date, PROP_EVALUATION_DATE)

/**
 * cxv_qore_get_churn_days:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:churn-days].
 *
 * Returns: the days after the evaluation date churn is counted over
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_churn_days:
 * @self: a #CxvQore
 * @churn_days: the days after the evaluation date churn is counted over
 *
 * Sets [property@Cxv.Qore:churn-days].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, churn_days, PROP_CHURN_DAYS)

/**
 * cxv_qore_get_activity:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:activity].
 *
 * Returns: the activity definition
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_activity:
 * @self: a #CxvQore
 * @activity: the activity definition
 *
 * Sets [property@Cxv.Qore:activity].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (CxvActivity, activity, PROP_ACTIVITY)

/**
 * cxv_qore_get_inactivity_days:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:inactivity-days].
 *
 * Returns: the days a purchase keeps a customer active
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_inactivity_days:
 * @self: a #CxvQore
 * @inactivity_days: the days a purchase keeps a customer active
 *
 * Sets [property@Cxv.Qore:inactivity-days].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (guint, inactivity_days, PROP_INACTIVITY_DAYS)

/**
 * cxv_qore_get_min_csat:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:min-csat].
 *
 * Returns: the lowest mean CSAT that counts as satisfied
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_min_csat:
 * @self: a #CxvQore
 * @min_csat: the lowest mean CSAT that counts as satisfied, 1 to 5
 *
 * Sets [property@Cxv.Qore:min-csat].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (double, min_csat, PROP_MIN_CSAT)

/**
 * cxv_qore_get_min_nps:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:min-nps].
 *
 * Returns: the lowest mean NPS answer that counts as satisfied
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_min_nps:
 * @self: a #CxvQore
 * @min_nps: the lowest mean NPS answer that counts as satisfied, 0 to 10
 *
 * Sets [property@Cxv.Qore:min-nps].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (double, min_nps, PROP_MIN_NPS)

/**
 * cxv_qore_get_min_ces:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:min-ces].
 *
 * Returns: the lowest mean CES answer that counts as satisfied
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_min_ces:
 * @self: a #CxvQore
 * @min_ces: the lowest mean CES answer that counts as satisfied, 1 to 7
 *
 * Sets [property@Cxv.Qore:min-ces].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (double, min_ces, PROP_MIN_CES)

/**
 * cxv_qore_get_low_cost_share:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:low-cost-share].
 *
 * Returns: the lowest low-cost contact share
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_low_cost_share:
 * @self: a #CxvQore
 * @low_cost_share: the lowest low-cost contact share, 0 to 1
 *
 * Sets [property@Cxv.Qore:low-cost-share].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (double, low_cost_share, PROP_LOW_COST_SHARE)

/**
 * cxv_qore_get_usage_ratio:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:usage-ratio].
 *
 * Returns: the lowest usage relative to the product's median
 *
 * Since: 1.0
 */
/**
 * cxv_qore_set_usage_ratio:
 * @self: a #CxvQore
 * @usage_ratio: the lowest usage relative to the product's median, 0 to 100
 *
 * Sets [property@Cxv.Qore:usage-ratio].
 *
 * Since: 1.0
 */
DEFINE_ACCESSORS (double, usage_ratio, PROP_USAGE_RATIO)

static void
set_strv (CxvQore *self, char ***field, const char * const *value, guint prop)
{
  if (*field != NULL && value != NULL && g_strv_equal ((const char * const *) *field, value))
    return;
  if (*field == NULL && value == NULL)
    return;
  g_strfreev (*field);
  *field = g_strdupv ((char **) value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * cxv_qore_dup_complex_kinds:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:complex-kinds].
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the complex
 *   interaction kinds
 *
 * Since: 1.0
 */
char **
cxv_qore_dup_complex_kinds (CxvQore *self)
{
  g_return_val_if_fail (CXV_IS_QORE (self), NULL);

  return g_strdupv (self->settings.complex_kinds);
}

/**
 * cxv_qore_set_complex_kinds:
 * @self: a #CxvQore
 * @complex_kinds: (array zero-terminated=1) (nullable): nicks of
 *   [enum@Cxv.InteractionKind]
 *
 * Sets [property@Cxv.Qore:complex-kinds].
 *
 * Since: 1.0
 */
void
cxv_qore_set_complex_kinds (CxvQore            *self,
                            const char * const *complex_kinds)
{
  g_return_if_fail (CXV_IS_QORE (self));

  set_strv (self, &self->settings.complex_kinds, complex_kinds, PROP_COMPLEX_KINDS);
}

/**
 * cxv_qore_dup_no_evidence_unmet:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:no-evidence-unmet].
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the signals
 *   for which no evidence blocks the tier
 *
 * Since: 1.0
 */
char **
cxv_qore_dup_no_evidence_unmet (CxvQore *self)
{
  g_return_val_if_fail (CXV_IS_QORE (self), NULL);

  return g_strdupv (self->settings.no_evidence_unmet);
}

/**
 * cxv_qore_set_no_evidence_unmet:
 * @self: a #CxvQore
 * @signals: (array zero-terminated=1) (nullable): signal names
 *
 * Sets [property@Cxv.Qore:no-evidence-unmet].
 *
 * Since: 1.0
 */
void
cxv_qore_set_no_evidence_unmet (CxvQore            *self,
                                const char * const *signals)
{
  g_return_if_fail (CXV_IS_QORE (self));

  set_strv (self, &self->settings.no_evidence_unmet, signals, PROP_NO_EVIDENCE_UNMET);
}

/**
 * cxv_qore_dup_billing_reasons:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:billing-reasons].
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the billing
 *   complaint reasons
 *
 * Since: 1.0
 */
char **
cxv_qore_dup_billing_reasons (CxvQore *self)
{
  g_return_val_if_fail (CXV_IS_QORE (self), NULL);

  return g_strdupv (self->settings.billing_reasons);
}

/**
 * cxv_qore_set_billing_reasons:
 * @self: a #CxvQore
 * @billing_reasons: (array zero-terminated=1) (nullable): complaint reasons
 *
 * Sets [property@Cxv.Qore:billing-reasons].
 *
 * Since: 1.0
 */
void
cxv_qore_set_billing_reasons (CxvQore            *self,
                              const char * const *billing_reasons)
{
  g_return_if_fail (CXV_IS_QORE (self));

  set_strv (self, &self->settings.billing_reasons, billing_reasons, PROP_BILLING_REASONS);
}

static int
action_index (const char *gap)
{
  for (int i = 0; i < N_ACTIONS; i++)
    if (g_strcmp0 (action_keys[i], gap) == 0)
      return i;
  return -1;
}

static void
set_unknown_gap (GError **error, const char *where, const char *gap)
{
  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
               "%s\"%s\" is not a gap of the action catalogue (expected satisfied, "
               "satisfied-billing, low-cost-contact, effective-use, gives-input, "
               "engages-education, engages-offers, full-holdings or referral)", where, gap);
}

/**
 * cxv_qore_get_action:
 * @self: a #CxvQore
 * @gap: a key of the action catalogue, such as `satisfied`
 *
 * Gets the action the catalogue maps @gap to. The keys and their defaults
 * are listed in the [class@Cxv.Qore] overview.
 *
 * Returns: (nullable): the action, or %NULL for an unknown key
 *
 * Since: 1.0
 */
const char *
cxv_qore_get_action (CxvQore    *self,
                     const char *gap)
{
  int i;

  g_return_val_if_fail (CXV_IS_QORE (self), NULL);
  g_return_val_if_fail (gap != NULL, NULL);

  i = action_index (gap);
  return i < 0 ? NULL : self->settings.actions[i];
}

/**
 * cxv_qore_set_action:
 * @self: a #CxvQore
 * @gap: a key of the action catalogue, such as `satisfied`
 * @action: the action addressing that gap, not empty
 * @error: return location for a #GError
 *
 * Maps @gap to @action in the catalogue used by the next run.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for an unknown key or an empty
 *   action
 *
 * Since: 1.0
 */
gboolean
cxv_qore_set_action (CxvQore     *self,
                     const char  *gap,
                     const char  *action,
                     GError     **error)
{
  int i;

  g_return_val_if_fail (CXV_IS_QORE (self), FALSE);
  g_return_val_if_fail (gap != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  i = action_index (gap);
  if (i < 0)
    {
      set_unknown_gap (error, "", gap);
      return FALSE;
    }
  if (*action == '\0')
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The action for \"%s\" is empty", gap);
      return FALSE;
    }
  g_free (self->settings.actions[i]);
  self->settings.actions[i] = g_strdup (action);
  return TRUE;
}

/* ---- Rules from JSON ------------------------------------------------- */

static gboolean
json_wrong_type (const char *key, const char *expected, GError **error)
{
  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
               "Rules: \"%s\" must be %s", key, expected);
  return FALSE;
}

static gboolean
json_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
json_days (JsonNode *node, const char *key, const Range *range, guint *out, GError **error)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return json_wrong_type (key, "a whole number of days", error);
  v = json_node_get_int (node);
  if (!check_range (range, (double) v, error))
    {
      g_prefix_error (error, "Rules: ");
      return FALSE;
    }
  *out = (guint) v;
  return TRUE;
}

static gboolean
json_double (JsonNode *node, const char *key, const Range *range, double *out, GError **error)
{
  if (!json_is_number (node))
    return json_wrong_type (key, "a number", error);
  *out = json_node_get_double (node);
  if (!check_range (range, *out, error))
    {
      g_prefix_error (error, "Rules: ");
      return FALSE;
    }
  return TRUE;
}

static gboolean
json_strv (JsonNode *node, const char *key, char ***out, GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return json_wrong_type (key, "an array of strings", error);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return json_wrong_type (key, "an array of strings", error);
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
json_member (const char *key, JsonNode *node, Settings *s, GError **error)
{
  if (g_str_equal (key, "window-days"))
    return json_days (node, key, &range_window, &s->window_days, error);
  if (g_str_equal (key, "churn-days"))
    return json_days (node, key, &range_churn, &s->churn_days, error);
  if (g_str_equal (key, "inactivity-days"))
    return json_days (node, key, &range_inactivity, &s->inactivity_days, error);
  if (g_str_equal (key, "min-csat"))
    return json_double (node, key, &range_csat, &s->min_csat, error);
  if (g_str_equal (key, "min-nps"))
    return json_double (node, key, &range_nps, &s->min_nps, error);
  if (g_str_equal (key, "min-ces"))
    return json_double (node, key, &range_ces, &s->min_ces, error);
  if (g_str_equal (key, "low-cost-share"))
    return json_double (node, key, &range_share, &s->low_cost_share, error);
  if (g_str_equal (key, "usage-ratio"))
    return json_double (node, key, &range_ratio, &s->usage_ratio, error);
  if (g_str_equal (key, "no-evidence-unmet"))
    {
      guint mask;

      if (!json_strv (node, key, &s->no_evidence_unmet, error))
        return FALSE;
      return parse_signals (s->no_evidence_unmet, "Rules: no-evidence-unmet", &mask, error);
    }
  if (g_str_equal (key, "evaluation-date"))
    {
      if (JSON_NODE_HOLDS_NULL (node))
        {
          s->evaluation_date = CXV_DATE_NONE;
          return TRUE;
        }
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !cxv_date_parse_iso8601 (json_node_get_string (node), &s->evaluation_date, NULL))
        return json_wrong_type (key, "an ISO-8601 date (YYYY-MM-DD) or null", error);
      return TRUE;
    }
  if (g_str_equal (key, "activity"))
    {
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return json_wrong_type (key, "\"contractual\" or \"non-contractual\"", error);
      text = json_node_get_string (node);
      if (g_str_equal (text, "contractual"))
        s->activity = CXV_ACTIVITY_CONTRACTUAL;
      else if (g_str_equal (text, "non-contractual"))
        s->activity = CXV_ACTIVITY_NON_CONTRACTUAL;
      else
        return json_wrong_type (key, "\"contractual\" or \"non-contractual\"", error);
      return TRUE;
    }
  if (g_str_equal (key, "complex-kinds"))
    {
      guint mask;

      if (!json_strv (node, key, &s->complex_kinds, error))
        return FALSE;
      if (!parse_kinds (s->complex_kinds, "Rules: complex-kinds", &mask, error))
        return FALSE;
      return TRUE;
    }
  if (g_str_equal (key, "billing-reasons"))
    return json_strv (node, key, &s->billing_reasons, error);
  if (g_str_equal (key, "actions"))
    {
      JsonObject *object;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return json_wrong_type (key, "an object mapping gaps to actions", error);
      object = json_node_get_object (node);
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *item = json_object_get_member (object, l->data);
          int i = action_index (l->data);
          g_autofree char *where = g_strdup_printf ("actions.%s", (const char *) l->data);

          if (i < 0)
            {
              set_unknown_gap (error, "Rules: actions: ", l->data);
              return FALSE;
            }
          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING ||
              *json_node_get_string (item) == '\0')
            return json_wrong_type (where, "a non-empty string", error);
          g_free (s->actions[i]);
          s->actions[i] = g_strdup (json_node_get_string (item));
        }
      return TRUE;
    }
  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
               "Rules: unknown key \"%s\"", key);
  return FALSE;
}

/**
 * cxv_qore_load_rules:
 * @self: a #CxvQore
 * @json: the rules as a JSON object
 * @error: return location for a #GError
 *
 * Sets the rules from a JSON object whose keys are the names of the rule
 * properties — `window-days`, `evaluation-date` (`"YYYY-MM-DD"` or
 * `null`), `churn-days`, `activity` (`"contractual"` or
 * `"non-contractual"`), `inactivity-days`, `min-csat`, `min-nps`,
 * `min-ces`, `low-cost-share`, `usage-ratio`, `complex-kinds` and
 * `billing-reasons` and `no-evidence-unmet` (arrays of strings) — and
 * `actions`, an object mapping keys of the action catalogue to actions.
 * Keys left out keep their values. For example:
 *
 * ```json
 * { "window-days": 180, "min-nps": 9,
 *   "actions": { "referral": "ambassador programme" } }
 * ```
 *
 * All or nothing: on error no rule changes.
 *
 * Returns: %TRUE on success; %FALSE with
 *   %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for malformed JSON, a root that
 *   is not an object, an unknown key, a value of the wrong type or out of
 *   range, naming the key
 *
 * Since: 1.0
 */
gboolean
cxv_qore_load_rules (CxvQore     *self,
                     const char  *json,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GList) members = NULL;
  g_auto(Settings) s = { 0 };
  JsonNode *root;
  JsonObject *object;

  g_return_val_if_fail (CXV_IS_QORE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Rules: not valid JSON: %s", local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "Rules: the root must be a JSON object");
      return FALSE;
    }

  settings_copy (&s, &self->settings);
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!json_member (l->data, json_object_get_member (object, l->data), &s, error))
      return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  cxv_qore_set_window_days (self, s.window_days);
  cxv_qore_set_evaluation_date (self, s.evaluation_date);
  cxv_qore_set_churn_days (self, s.churn_days);
  cxv_qore_set_activity (self, s.activity);
  cxv_qore_set_inactivity_days (self, s.inactivity_days);
  cxv_qore_set_min_csat (self, s.min_csat);
  cxv_qore_set_min_nps (self, s.min_nps);
  cxv_qore_set_min_ces (self, s.min_ces);
  cxv_qore_set_low_cost_share (self, s.low_cost_share);
  cxv_qore_set_usage_ratio (self, s.usage_ratio);
  cxv_qore_set_complex_kinds (self, (const char * const *) s.complex_kinds);
  cxv_qore_set_billing_reasons (self, (const char * const *) s.billing_reasons);
  cxv_qore_set_no_evidence_unmet (self, (const char * const *) s.no_evidence_unmet);
  for (guint i = 0; i < N_ACTIONS; i++)
    {
      g_free (self->settings.actions[i]);
      self->settings.actions[i] = g_steal_pointer (&s.actions[i]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/**
 * cxv_qore_get_progress:
 * @self: a #CxvQore
 *
 * Gets [property@Cxv.Qore:progress].
 *
 * Returns: the share of the current run done, 0 to 1
 *
 * Since: 1.0
 */
double
cxv_qore_get_progress (CxvQore *self)
{
  g_return_val_if_fail (CXV_IS_QORE (self), 0.0);

  return self->progress;
}

/**
 * cxv_qore_run:
 * @self: a #CxvQore
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Computes every evaluated customer's signals and tier with the current
 * rules, replacing the results of an earlier run. On failure the earlier
 * results, if any, are kept.
 *
 * Fails with %CXV_ANALYSIS_ERROR_NOT_SEALED if the dataset is not sealed,
 * %CXV_ANALYSIS_ERROR_EMPTY if it has no customers, no customer was ever
 * active or none is on the evaluation date, and
 * %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for a rule out of its range (named
 * in the message) or an unknown complex kind.
 *
 * Returns: %TRUE on success
 *
 * Since: 1.0
 */
gboolean
cxv_qore_run (CxvQore       *self,
              GCancellable  *cancellable,
              GError       **error)
{
  Results *results;

  g_return_val_if_fail (CXV_IS_QORE (self), FALSE);
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
  CxvQore *self = source_object;
  GError *error = NULL;
  Results *results;

  results = compute (self, self->dataset, task_data, cancellable, &error);
  if (results != NULL)
    g_task_return_pointer (task, results, (GDestroyNotify) results_free);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_qore_run_async:
 * @self: a #CxvQore
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the run completes
 * @user_data: data for @callback
 *
 * Runs [method@Cxv.Qore.run] in a worker thread, with the rules as they
 * are when this is called. Progress is reported in the thread-default
 * main context of the caller; the results are installed by
 * [method@Cxv.Qore.run_finish].
 *
 * Since: 1.0
 */
void
cxv_qore_run_async (CxvQore             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Settings *copy;

  g_return_if_fail (CXV_IS_QORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  copy = g_new0 (Settings, 1);
  settings_copy (copy, &self->settings);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_qore_run_async);
  g_task_set_task_data (task, copy, settings_free);
  g_task_set_return_on_cancel (task, FALSE);

  if (self->progress_context == NULL)
    self->progress_context = g_main_context_ref_thread_default ();
  g_task_run_in_thread (task, run_thread);
}

/**
 * cxv_qore_run_finish:
 * @self: a #CxvQore
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.Qore.run_async] and installs its results.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier results kept
 *
 * Since: 1.0
 */
gboolean
cxv_qore_run_finish (CxvQore       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  Results *results;

  g_return_val_if_fail (CXV_IS_QORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_qore_run_async, FALSE);

  g_clear_pointer (&self->progress_context, g_main_context_unref);
  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results == NULL)
    return FALSE;
  install_results (self, results);
  return TRUE;
}

/**
 * cxv_qore_get_evaluated_on:
 * @self: a #CxvQore
 *
 * Gets the evaluation date the last run used: the one set, or the
 * default derived from the data.
 *
 * Returns: the date, or %CXV_DATE_NONE before a successful run
 *
 * Since: 1.0
 */
CxvDate
cxv_qore_get_evaluated_on (CxvQore *self)
{
  g_return_val_if_fail (CXV_IS_QORE (self), CXV_DATE_NONE);

  return self->results != NULL ? self->results->evaluated_on : CXV_DATE_NONE;
}

/**
 * cxv_qore_get_customers:
 * @self: a #CxvQore
 *
 * Gets the per-customer table, one row per customer active on the
 * evaluation date, with the columns described in the [class@Cxv.Qore]
 * overview.
 *
 * Returns: (transfer none) (nullable): the table, owned by the analysis,
 *   or %NULL before a successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_qore_get_customers (CxvQore *self)
{
  g_return_val_if_fail (CXV_IS_QORE (self), NULL);

  return self->results != NULL ? self->results->customers : NULL;
}

/**
 * cxv_qore_get_tiers:
 * @self: a #CxvQore
 *
 * Gets the aggregates, one row per tier 0 to 3, with the columns
 * described in the [class@Cxv.Qore] overview.
 *
 * Returns: (transfer none) (nullable): the table, owned by the analysis,
 *   or %NULL before a successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_qore_get_tiers (CxvQore *self)
{
  g_return_val_if_fail (CXV_IS_QORE (self), NULL);

  return self->results != NULL ? self->results->tiers : NULL;
}

/**
 * cxv_qore_get_products:
 * @self: a #CxvQore
 *
 * Gets the product-mix view, one row per product of the dataset in
 * product order, with the columns described in the [class@Cxv.Qore]
 * overview.
 *
 * Returns: (transfer none) (nullable): the table, owned by the analysis,
 *   or %NULL before a successful run
 *
 * Since: 1.0
 */
CxvTable *
cxv_qore_get_products (CxvQore *self)
{
  g_return_val_if_fail (CXV_IS_QORE (self), NULL);

  return self->results != NULL ? self->results->products : NULL;
}

/* Evaluates every customer's tier on @day into @tier_of. */
static gboolean
tiers_on (CxvDataset      *dataset,
          const Settings  *s,
          const CxvSpells *spells,
          guint            complex_mask,
          guint            blocking_mask,
          CxvDate          day,
          gint8           *tier_of,
          GCancellable    *cancellable,
          GError         **error)
{
  g_auto(Pass) pass = { 0 };

  pass_init (&pass, dataset, s, spells, complex_mask, blocking_mask, day);
  return evaluate_on (&pass, NULL, NULL, tier_of, NULL, 0.0, 0.0, cancellable, error);
}

/**
 * cxv_qore_migration:
 * @self: a #CxvQore
 * @from: the first evaluation date
 * @to: the second evaluation date, after @from
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Computes the tier migration matrix between two dates: every customer of
 * the dataset is evaluated on @from and on @to exactly as
 * [method@Cxv.Qore.run] evaluates on the evaluation date, with the current
 * rules (the window ends on each date in turn;
 * [property@Cxv.Qore:evaluation-date] is not used), and counted in the
 * cell of its two tiers. A customer not active on a date is in tier -1,
 * "not active" there: a customer who arrives after @from moves from -1, a
 * customer who leaves before @to moves to -1, and those active on neither
 * date are counted in the cell (-1, -1), so the cells add up to the
 * customers of the dataset.
 *
 * The table has 25 rows in long format, every pair of tiers -1 to 3 in
 * order of `from_tier`, then `to_tier`, including those without
 * customers: `from_tier` (int), `to_tier` (int) and `customers` (int).
 *
 * This does not touch the results of the last run, and runs in the
 * calling thread without reporting [property@Cxv.Qore:progress]. It costs
 * two evaluations, four passes over the per-customer index.
 *
 * Fails with %CXV_ANALYSIS_ERROR_NOT_SEALED if the dataset is not sealed,
 * %CXV_ANALYSIS_ERROR_EMPTY if it has no customers or no customer was ever
 * active, and %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for a rule out of its
 * range, an invalid date, @from not before @to, or a date outside the
 * data: before the first day a customer was active or after the last day
 * of the data.
 *
 * Returns: (transfer full): the matrix, or %NULL with @error set
 *
 * Since: 1.0
 */
CxvTable *
cxv_qore_migration (CxvQore       *self,
                    CxvDate        from,
                    CxvDate        to,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(CxvSpells) spells = NULL;
  g_autoptr(CxvTable) table = NULL;
  g_autofree gint8 *tier_from = NULL;
  g_autofree gint8 *tier_to = NULL;
  gint64 cells[5][5] = { { 0 } };
  guint complex_mask = 0, blocking_mask = 0;

  g_return_val_if_fail (CXV_IS_QORE (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  spells = prepare (self->dataset, &self->settings, &complex_mask, &blocking_mask, error);
  if (spells == NULL)
    return NULL;

  for (guint i = 0; i < 2; i++)
    {
      CxvDate day = i == 0 ? from : to;

      if (day == CXV_DATE_NONE || !cxv_date_is_valid (day))
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "The migration's %s date %d is not a valid date",
                       i == 0 ? "from" : "to", (int) day);
          return NULL;
        }
    }
  if (from >= to)
    {
      g_autofree char *f = cxv_date_to_iso8601 (from);
      g_autofree char *t = cxv_date_to_iso8601 (to);

      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The migration's from date %s must be before its to date %s", f, t);
      return NULL;
    }
  if (from < spells->first_day || to > spells->last_day)
    {
      g_autofree char *day = cxv_date_to_iso8601 (from < spells->first_day ? from : to);
      g_autofree char *first = cxv_date_to_iso8601 (spells->first_day);
      g_autofree char *last = cxv_date_to_iso8601 (spells->last_day);

      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The migration's %s date %s is outside the data, which runs from %s "
                   "(the first day a customer was active) to %s",
                   from < spells->first_day ? "from" : "to", day, first, last);
      return NULL;
    }

  tier_from = g_new (gint8, MAX (spells->n_customers, 1));
  tier_to = g_new (gint8, MAX (spells->n_customers, 1));
  if (!tiers_on (self->dataset, &self->settings, spells, complex_mask, blocking_mask, from,
                 tier_from, cancellable, error) ||
      !tiers_on (self->dataset, &self->settings, spells, complex_mask, blocking_mask, to,
                 tier_to, cancellable, error))
    return NULL;
  for (guint32 c = 0; c < spells->n_customers; c++)
    cells[tier_from[c] + 1][tier_to[c] + 1]++;

  table = cxv_table_new ("qore-migration");
  cxv_table_add_column (table, "from_tier", CXV_COLUMN_INT);
  cxv_table_add_column (table, "to_tier", CXV_COLUMN_INT);
  cxv_table_add_column (table, "customers", CXV_COLUMN_INT);
  for (int f = -1; f <= 3; f++)
    for (int t = -1; t <= 3; t++)
      {
        guint row = cxv_table_append_row (table);

        cxv_table_set_int (table, row, 0, f);
        cxv_table_set_int (table, row, 1, t);
        cxv_table_set_int (table, row, 2, cells[f + 1][t + 1]);
      }
  return g_steal_pointer (&table);
}

/**
 * cxv_qore_explain_customer:
 * @self: a #CxvQore
 * @id: a customer id
 * @error: return location for a #GError
 *
 * Explains one customer's tier in plain words: the tier, every signal
 * with its value and whether it holds, and the gaps with their actions,
 * from the last run.
 *
 * Returns: (transfer full): the explanation, several lines of text; %NULL
 *   with %CXV_ANALYSIS_ERROR_NOT_RUN before a successful run, or
 *   %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for an unknown id or a customer
 *   not active on the evaluation date
 *
 * Since: 1.0
 */
char *
cxv_qore_explain_customer (CxvQore     *self,
                           const char  *id,
                           GError     **error)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *day = NULL;
  CxvTable *t;
  guint index, row;
  gint64 tier;

  g_return_val_if_fail (CXV_IS_QORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->results == NULL)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN,
                           "The QoRE analysis has not run: call cxv_qore_run() first");
      return NULL;
    }
  day = cxv_date_to_iso8601 (self->results->evaluated_on);
  if (!cxv_dataset_lookup_customer (self->dataset, id, &index) ||
      index >= self->results->n_customers)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Unknown customer \"%s\"", id);
      return NULL;
    }
  row = self->results->row_of[index];
  if (row == CXV_NO_INDEX)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Customer \"%s\" was not active on the evaluation date %s", id, day);
      return NULL;
    }

  t = self->results->customers;
  tier = cxv_table_get_int (t, row, CUC_TIER);
  text = g_string_new (NULL);
  g_string_append_printf (text, "Customer %s", id);
  if (!cxv_table_is_null (t, row, CUC_SEGMENT))
    g_string_append_printf (text, " (segment %s)", cxv_table_get_text (t, row, CUC_SEGMENT));
  g_string_append_printf (text, " on %s is in tier %" G_GINT64_FORMAT " (%s) of 3.\n", day, tier,
                          tier_names[tier]);
  for (int level = 1; level <= 3; level++)
    {
      g_string_append_printf (text, "%s (tier %d):\n",
                              level == 1 ? "Evaluate" : level == 2 ? "Engage" : "Trust", level);
      for (int k = 0; k < N_SIGNALS; k++)
        {
          guint col = CUS_COL_SIGNAL (k);
          const char *verdict;
          g_autofree char *value = NULL;

          if (signal_tier[k] != level)
            continue;
          verdict = cxv_table_is_null (t, row, col + 1) ? "no evidence"
                    : cxv_table_get_boolean (t, row, col + 1) ? "holds" : "does not hold";
          value = cxv_table_is_null (t, row, col)
            ? g_strdup ("none")
            : g_strdup_printf ("%.3g", cxv_table_get_double (t, row, col));
          g_string_append_printf (text, "  - %s: %s, value %s\n", signal_words[k], verdict, value);
        }
    }
  if (*cxv_table_get_text (t, row, CUC_GAPS) == '\0')
    g_string_append (text, "No gaps: every signal holds.\n");
  else
    {
      g_auto(GStrv) gaps = g_strsplit (cxv_table_get_text (t, row, CUC_GAPS), "; ", -1);

      g_string_append (text, "Gaps and actions:\n");
      for (guint i = 0; gaps[i] != NULL; i++)
        g_string_append_printf (text, "  - %s\n", gaps[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
