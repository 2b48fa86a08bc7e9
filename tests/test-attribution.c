/* test-attribution.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <cxvalue.h>

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))
#define NONE CXV_DATE_NONE

/* ------------------------------------------------------------------ */
/* Building fixtures                                                    */

static void
customer (CxvDataset *ds, const char *id, CxvDate acquired, CxvAcquisitionSource source,
          const char *referred_by)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_customer (ds, id, NULL, acquired, source, referred_by, &error));
  g_assert_no_error (error);
}

static void
hold (CxvDataset *ds, const char *id, CxvDate start, CxvDate end)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_holding (ds, id, "p", start, end, &error));
  g_assert_no_error (error);
}

static void
rev (CxvDataset *ds, const char *id, CxvDate date, CxvRevenueKind kind, gint64 amount,
     const char *initiative)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_revenue (ds, id, NULL, date, kind, amount, 0, initiative,
                                          &error));
  g_assert_no_error (error);
}

static void
contact (CxvDataset *ds, const char *id, CxvDate date, CxvInteractionKind kind,
         gboolean resolved, const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_interaction (ds, id, date, "phone", CXV_CHANNEL_ASSISTED, kind,
                                              resolved, reason, 0, &error));
  g_assert_no_error (error);
}

static void
nps (CxvDataset *ds, const char *id, CxvDate date, double score)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_feedback (ds, id, date, CXV_INSTRUMENT_NPS, score, NULL, NULL,
                                           &error));
  g_assert_no_error (error);
}

static guint
col (CxvTable *t, const char *name)
{
  guint c = 0;

  g_assert_true (cxv_table_lookup_column (t, name, &c));
  return c;
}

typedef struct
{
  gint64 total, cxm, csm, sales;
} Parts;

/* Sums the summary over the periods, checking each row adds up. */
static Parts
sum_parts (CxvTable *t)
{
  Parts p = { 0 };

  for (guint i = 0; i < cxv_table_get_n_rows (t); i++)
    {
      gint64 total = cxv_table_get_money (t, i, col (t, "total"));
      gint64 cxm = cxv_table_get_money (t, i, col (t, "cxm"));
      gint64 csm = cxv_table_get_money (t, i, col (t, "csm"));
      gint64 sales = cxv_table_get_money (t, i, col (t, "sales"));

      g_assert_cmpint (cxm + csm + sales, ==, total);
      p.total += total;
      p.cxm += cxm;
      p.csm += csm;
      p.sales += sales;
    }
  return p;
}

static gint64
dataset_revenue (CxvDataset *ds)
{
  gint64 sum = 0;

  for (guint i = 0; i < cxv_dataset_get_n_records (ds, CXV_RECORD_REVENUE); i++)
    {
      CxvRevenueEvent event;

      cxv_dataset_get_revenue_event (ds, i, &event);
      sum += event.amount;
    }
  return sum;
}

/* One event per rule, and one inside and one just outside each window.
 * The expected amounts are worked out by hand in the comments. */
static CxvDataset *
rules_fixture (void)
{
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  /* INI-S in sync, live [2024-01-01, 2024-04-01); INI-O out of sync, open. */
  g_assert_true (cxv_dataset_add_initiative (ds, "INI-S", "synced", TRUE, D (2024, 1, 1),
                                             D (2024, 4, 1), &error));
  g_assert_true (cxv_dataset_add_initiative (ds, "INI-O", "unsynced", FALSE, D (2024, 1, 1),
                                             NONE, &error));
  g_assert_no_error (error);

  /* Tags: only the in-sync tag counts. CXM 500; sales 1000 + 300. */
  customer (ds, "tag", D (2024, 1, 1), CXV_ACQUISITION_ORGANIC, NULL);
  rev (ds, "tag", D (2024, 1, 10), CXV_REVENUE_RECURRING, 1000, NULL);
  rev (ds, "tag", D (2024, 2, 10), CXV_REVENUE_EXPANSION, 500, "INI-S");
  rev (ds, "tag", D (2024, 2, 11), CXV_REVENUE_EXPANSION, 300, "INI-O");
  contact (ds, "tag", D (2024, 2, 1), CXV_INTERACTION_ADVICE, TRUE, "INI-S");

  /* Switchers: acquired on the last live day (CXM 4000), on the end day
   * (sales 700), the day before the start (sales 11); a sales-sourced
   * customer in the window (sales 900). */
  customer (ds, "sw-in", D (2024, 3, 31), CXV_ACQUISITION_SWITCHED, NULL);
  rev (ds, "sw-in", D (2024, 3, 31), CXV_REVENUE_NEW, 2000, NULL);
  rev (ds, "sw-in", D (2024, 4, 30), CXV_REVENUE_RECURRING, 2000, NULL);
  customer (ds, "sw-out", D (2024, 4, 1), CXV_ACQUISITION_SWITCHED, NULL);
  rev (ds, "sw-out", D (2024, 4, 1), CXV_REVENUE_NEW, 700, NULL);
  customer (ds, "sw-early", D (2023, 12, 31), CXV_ACQUISITION_SWITCHED, NULL);
  rev (ds, "sw-early", D (2024, 1, 5), CXV_REVENUE_RECURRING, 11, NULL);
  customer (ds, "by-sales", D (2024, 2, 1), CXV_ACQUISITION_SALES, NULL);
  rev (ds, "by-sales", D (2024, 2, 1), CXV_REVENUE_NEW, 900, NULL);
  contact (ds, "by-sales", D (2024, 2, 1), CXV_INTERACTION_ADVICE, TRUE, "INI-O");

  /* At risk by a complaint exactly 90 days before the save (2024-01-01 +
   * 90 days = 2024-03-31): saved. Recurring and expansion after the save
   * are CSM (200 + 70); on the save day (100) and a one-off (50) sales. */
  customer (ds, "saved", D (2024, 1, 1), CXV_ACQUISITION_ORGANIC, NULL);
  hold (ds, "saved", D (2024, 1, 1), NONE);
  contact (ds, "saved", D (2024, 1, 1), CXV_INTERACTION_COMPLAINT, FALSE, "outage");
  contact (ds, "saved", D (2024, 3, 31), CXV_INTERACTION_SAVE, TRUE, "retention");
  rev (ds, "saved", D (2024, 3, 31), CXV_REVENUE_RECURRING, 100, NULL);
  rev (ds, "saved", D (2024, 4, 1), CXV_REVENUE_RECURRING, 200, NULL);
  rev (ds, "saved", D (2024, 4, 2), CXV_REVENUE_ONE_OFF, 50, NULL);
  rev (ds, "saved", D (2024, 4, 3), CXV_REVENUE_EXPANSION, 70, NULL);

  /* The complaint 91 days before the save: not at risk, sales 400. */
  customer (ds, "no-risk", D (2024, 1, 1), CXV_ACQUISITION_ORGANIC, NULL);
  hold (ds, "no-risk", D (2024, 1, 1), NONE);
  contact (ds, "no-risk", D (2024, 1, 1), CXV_INTERACTION_COMPLAINT, FALSE, "outage");
  contact (ds, "no-risk", D (2024, 4, 1), CXV_INTERACTION_SAVE, TRUE, "retention");
  rev (ds, "no-risk", D (2024, 4, 10), CXV_REVENUE_RECURRING, 400, NULL);

  /* A detractor saved on 2024-01-20 who leaves on day 89 after it (end
   * 2024-04-19 exclusive): not saved, sales 60. One who stays to day 90:
   * saved, CSM 80. */
  customer (ds, "left", D (2024, 1, 1), CXV_ACQUISITION_ORGANIC, NULL);
  hold (ds, "left", D (2024, 1, 1), D (2024, 4, 19));
  nps (ds, "left", D (2024, 1, 10), 3);
  contact (ds, "left", D (2024, 1, 20), CXV_INTERACTION_SAVE, TRUE, "retention");
  rev (ds, "left", D (2024, 2, 1), CXV_REVENUE_RECURRING, 60, NULL);
  customer (ds, "stayed", D (2024, 1, 1), CXV_ACQUISITION_ORGANIC, NULL);
  hold (ds, "stayed", D (2024, 1, 1), D (2024, 4, 20));
  nps (ds, "stayed", D (2024, 1, 10), 3);
  contact (ds, "stayed", D (2024, 1, 20), CXV_INTERACTION_SAVE, TRUE, "retention");
  rev (ds, "stayed", D (2024, 2, 1), CXV_REVENUE_RECURRING, 80, NULL);

  /* Referred by the saved "stayed" after its save: CSM 150; before it:
   * sales 40. */
  customer (ds, "ref-after", D (2024, 2, 1), CXV_ACQUISITION_REFERRAL, "stayed");
  g_assert_true (cxv_dataset_add_referral (ds, "stayed", "ref-after", D (2024, 2, 1), &error));
  rev (ds, "ref-after", D (2024, 2, 1), CXV_REVENUE_NEW, 150, NULL);
  customer (ds, "ref-before", D (2024, 1, 15), CXV_ACQUISITION_REFERRAL, "stayed");
  g_assert_true (cxv_dataset_add_referral (ds, "stayed", "ref-before", D (2024, 1, 15), &error));
  rev (ds, "ref-before", D (2024, 1, 15), CXV_REVENUE_NEW, 40, NULL);
  g_assert_no_error (error);

  /* Both: a switcher in the window, saved on 2024-02-05. Its recurring
   * bill after the save (1000) goes by precedence; its one-off (5) is CXM
   * either way. */
  customer (ds, "both", D (2024, 2, 1), CXV_ACQUISITION_SWITCHED, NULL);
  hold (ds, "both", D (2024, 2, 1), NONE);
  contact (ds, "both", D (2024, 2, 1), CXV_INTERACTION_COMPLAINT, FALSE, "billing");
  contact (ds, "both", D (2024, 2, 5), CXV_INTERACTION_SAVE, TRUE, "retention");
  rev (ds, "both", D (2024, 2, 6), CXV_REVENUE_ONE_OFF, 5, NULL);
  rev (ds, "both", D (2024, 2, 10), CXV_REVENUE_RECURRING, 1000, NULL);

  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&ds);
}

/* Total by hand: 1800 + 4000 + 700 + 11 + 900 + 420 + 400 + 60 + 80 + 150
 * + 40 + 1005 = 9566. */
#define FIXTURE_TOTAL 9566

static void
test_rules (void)
{
  g_autoptr(CxvDataset) ds = rules_fixture ();
  g_autoptr(CxvAttribution) att = cxv_attribution_new (ds);
  g_autoptr(GError) error = NULL;
  CxvTable *ini;
  Parts p;

  g_test_summary ("Each rule credits its hand-computed amount, windows are inclusive and "
                  "exclusive where documented, and precedence decides events that qualify twice");

  /* The fixture exercises every rule, the opt-in window rule for switchers
   * included. */
  g_assert_false (cxv_attribution_get_window_switchers (att));
  cxv_attribution_set_window_switchers (att, TRUE);

  g_assert_true (cxv_attribution_run (att, NULL, &error));
  g_assert_no_error (error);
  p = sum_parts (cxv_attribution_get_summary (att));
  g_assert_cmpint (p.total, ==, FIXTURE_TOTAL);
  g_assert_cmpint (p.total, ==, dataset_revenue (ds));
  g_assert_cmpint (p.cxm, ==, 500 + 4000 + 1000 + 5);
  g_assert_cmpint (p.csm, ==, 200 + 70 + 80 + 150);
  g_assert_cmpint (p.sales, ==, FIXTURE_TOTAL - 5505 - 500);

  ini = cxv_attribution_get_initiatives (att);
  g_assert_cmpuint (cxv_table_get_n_rows (ini), ==, 2);
  g_assert_cmpstr (cxv_table_get_text (ini, 0, col (ini, "initiative")), ==, "INI-S");
  g_assert_true (cxv_table_get_boolean (ini, 0, col (ini, "in_sync")));
  g_assert_cmpint (cxv_table_get_int (ini, 0, col (ini, "events")), ==, 5);
  g_assert_cmpint (cxv_table_get_money (ini, 0, col (ini, "revenue")), ==, 5505);
  g_assert_cmpint (cxv_table_get_money (ini, 1, col (ini, "revenue")), ==, 0);
  g_assert_true (cxv_table_is_null (ini, 1, col (ini, "end_date")));

  cxv_attribution_set_precedence (att, CXV_ATTRIBUTION_PRECEDENCE_CSM_FIRST);
  g_assert_true (cxv_attribution_run (att, NULL, &error));
  g_assert_no_error (error);
  p = sum_parts (cxv_attribution_get_summary (att));
  g_assert_cmpint (p.total, ==, FIXTURE_TOTAL);
  g_assert_cmpint (p.cxm, ==, 4505);
  g_assert_cmpint (p.csm, ==, 1500);
  g_assert_cmpint (p.sales, ==, FIXTURE_TOTAL - 4505 - 1500);

  /* A save window of 89 days saves "left" too (active on day 89). */
  cxv_attribution_set_precedence (att, CXV_ATTRIBUTION_PRECEDENCE_CXM_FIRST);
  cxv_attribution_set_save_window_days (att, 89);
  g_assert_true (cxv_attribution_run (att, NULL, &error));
  p = sum_parts (cxv_attribution_get_summary (att));
  g_assert_cmpint (p.csm, ==, 500 + 60);
}

static void
test_comparison (void)
{
  g_autoptr(CxvDataset) ds = rules_fixture ();
  g_autoptr(CxvAttribution) att = cxv_attribution_new (ds);
  g_autoptr(GError) error = NULL;
  CxvTable *t;

  g_test_summary ("Touched customers are grouped by the sync of the initiatives that touched "
                  "them; a single customer per group gives a degenerate interval");

  g_assert_true (cxv_attribution_run (att, NULL, &error));
  g_assert_no_error (error);
  t = cxv_attribution_get_comparison (att);
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 2);
  g_assert_cmpstr (cxv_table_get_text (t, 0, col (t, "metric")), ==, "revenue_per_customer");
  /* "tag" (in sync) has 1800, "by-sales" (out of sync only) 900. */
  g_assert_cmpint (cxv_table_get_money (t, 0, col (t, "in_sync")), ==, 1800);
  g_assert_cmpint (cxv_table_get_money (t, 0, col (t, "out_of_sync")), ==, 900);
  g_assert_cmpint (cxv_table_get_money (t, 0, col (t, "difference")), ==, 900);
  g_assert_cmpint (cxv_table_get_money (t, 0, col (t, "ci_low")), ==, 900);
  g_assert_cmpint (cxv_table_get_money (t, 0, col (t, "ci_high")), ==, 900);
  g_assert_cmpint (cxv_table_get_int (t, 0, col (t, "customers_in_sync")), ==, 1);
  /* Growth around the touch on 2024-02-01: "tag" 800 after (500 + 300)
   * minus 1000 before; "by-sales" 900 after, nothing before. */
  g_assert_cmpint (cxv_table_get_money (t, 1, col (t, "in_sync")), ==, -200);
  g_assert_cmpint (cxv_table_get_money (t, 1, col (t, "out_of_sync")), ==, 900);
}

static void
test_earned_growth (void)
{
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", NULL);
  g_autoptr(CxvAttribution) att = NULL;
  g_autoptr(GError) error = NULL;
  CxvTable *t;

  g_test_summary ("Earned growth is NRR plus referred new revenue over last period's revenue, "
                  "minus one, checked against a hand calculation");

  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  customer (ds, "a", D (2023, 1, 1), CXV_ACQUISITION_ORGANIC, NULL);
  hold (ds, "a", D (2023, 1, 1), NONE);
  rev (ds, "a", D (2023, 1, 1), CXV_REVENUE_NEW, 1000, NULL);
  rev (ds, "a", D (2024, 1, 1), CXV_REVENUE_RECURRING, 1100, NULL);
  customer (ds, "r", D (2024, 3, 1), CXV_ACQUISITION_REFERRAL, NULL);
  rev (ds, "r", D (2024, 3, 1), CXV_REVENUE_NEW, 200, NULL);
  customer (ds, "o", D (2024, 3, 1), CXV_ACQUISITION_ORGANIC, NULL);
  rev (ds, "o", D (2024, 3, 1), CXV_REVENUE_NEW, 300, NULL);
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);

  att = cxv_attribution_new (ds);
  cxv_attribution_set_period (att, CXV_PERIOD_YEAR);
  g_assert_true (cxv_attribution_run (att, NULL, &error));
  g_assert_no_error (error);
  t = cxv_attribution_get_summary (att);
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 2);
  g_assert_true (cxv_table_is_null (t, 0, col (t, "earned_growth")));
  /* By hand: NRR = 1100 / 1000 = 1.1; earned = 1.1 + 200 / 1000 - 1 = 0.3;
   * total growth = 1600 / 1000 - 1 = 0.6; ratio 0.5. */
  g_assert_cmpfloat_with_epsilon (cxv_table_get_double (t, 1, col (t, "nrr")), 1.1, 1e-12);
  g_assert_cmpint (cxv_table_get_money (t, 1, col (t, "referral_revenue")), ==, 200);
  g_assert_cmpfloat_with_epsilon (cxv_table_get_double (t, 1, col (t, "earned_growth")), 0.3,
                                  1e-12);
  g_assert_cmpfloat_with_epsilon (cxv_table_get_double (t, 1, col (t, "total_growth")), 0.6,
                                  1e-12);
  g_assert_cmpfloat_with_epsilon (cxv_table_get_double (t, 1, col (t, "earned_growth_ratio")),
                                  0.5, 1e-12);
}

static void
test_bad_input (void)
{
  g_autoptr(CxvDataset) open_ds = cxv_dataset_new ("USD", NULL);
  g_autoptr(CxvDataset) empty = cxv_dataset_new ("USD", NULL);
  g_autoptr(CxvDataset) ds = rules_fixture ();
  g_autoptr(CxvAttribution) att = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("An unsealed or empty dataset and rules out of range fail with clear errors, "
                  "keeping earlier results");

  att = cxv_attribution_new (open_ds);
  g_assert_false (cxv_attribution_run (att, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED);
  g_clear_error (&error);
  g_clear_object (&att);

  g_assert_true (cxv_dataset_seal (empty, &error));
  att = cxv_attribution_new (empty);
  g_assert_false (cxv_attribution_run (att, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  g_clear_object (&att);

  att = cxv_attribution_new (ds);
  g_assert_true (cxv_attribution_run (att, NULL, &error));
  g_assert_no_error (error);

  cxv_attribution_set_precedence (att, 7);
  g_assert_false (cxv_attribution_run (att, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "precedence"));
  g_clear_error (&error);
  cxv_attribution_set_precedence (att, CXV_ATTRIBUTION_PRECEDENCE_CXM_FIRST);

  cxv_attribution_set_save_window_days (att, 40000);
  g_assert_false (cxv_attribution_run (att, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "save-window-days"));
  g_clear_error (&error);
  cxv_attribution_set_save_window_days (att, 90);

  cxv_attribution_set_period (att, 9);
  g_assert_false (cxv_attribution_run (att, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The earlier results survive the failures. */
  g_assert_nonnull (cxv_attribution_get_summary (att));
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_attribution_run_finish (CXV_ATTRIBUTION (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async (void)
{
  g_autoptr(CxvDataset) ds = rules_fixture ();
  g_autoptr(CxvAttribution) att = cxv_attribution_new (ds);
  gboolean done = FALSE;

  g_test_summary ("run_async gives the same parts as run and ends with progress 1");

  /* The same settings as /cxv/attribution/rules. */
  cxv_attribution_set_window_switchers (att, TRUE);
  cxv_attribution_run_async (att, NULL, run_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sum_parts (cxv_attribution_get_summary (att)).cxm, ==, 5505);
  g_assert_cmpfloat (cxv_attribution_get_progress (att), ==, 1.0);
}

/* ------------------------------------------------------------------ */
/* The simulator                                                        */

static Parts
simulate (double factor, gboolean window_switchers, gint64 *dataset_total)
{
  g_autoptr(CxvSimulator) sim = cxv_simulator_new ();
  g_autoptr(CxvDataset) ds = NULL;
  g_autoptr(CxvAttribution) att = NULL;
  g_autoptr(GError) error = NULL;

  cxv_simulator_set_n_customers (sim, 20000);
  cxv_simulator_set_seed (sim, 7);
  g_object_set (sim, "in-sync-expansion-factor", factor, NULL);
  ds = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);
  *dataset_total = dataset_revenue (ds);

  att = cxv_attribution_new (ds);
  cxv_attribution_set_window_switchers (att, window_switchers);
  g_assert_true (cxv_attribution_run (att, NULL, &error));
  g_assert_no_error (error);
  return sum_parts (cxv_attribution_get_summary (att));
}

static void
test_simulator (void)
{
  gint64 total;
  Parts planted, off, window_planted, window_off;

  g_test_summary ("On the simulator (20,000 customers, seed 7) the parts sum to the total to "
                  "the cent; with the default rules CXM is clearly positive with the planted "
                  "in-sync effect and zero when the effect is switched off");

  /* The default rules credit tagged evidence only; at factor 1 the
   * simulator tags nothing, so CXM is exactly zero. */
  planted = simulate (2.0, FALSE, &total);
  g_assert_cmpint (planted.total, ==, total);
  g_assert_cmpint (planted.cxm + planted.csm + planted.sales, ==, total);
  g_test_message ("default rules, factor 2: total %" G_GINT64_FORMAT " cxm %" G_GINT64_FORMAT
                  " csm %" G_GINT64_FORMAT, planted.total, planted.cxm, planted.csm);
  g_assert_cmpfloat ((double) planted.cxm / planted.total, >, 0.01);
  g_assert_cmpint (planted.csm, >, 0);

  off = simulate (1.0, FALSE, &total);
  g_assert_cmpint (off.total, ==, total);
  g_assert_cmpint (off.cxm + off.csm + off.sales, ==, total);
  g_assert_cmpint (off.cxm, ==, 0);

  /* The opt-in window rule also credits switchers who would have switched
   * anyway: more CXM either way, and no longer zero with the effect off,
   * which is why it is off by default. */
  window_planted = simulate (2.0, TRUE, &total);
  window_off = simulate (1.0, TRUE, &total);
  g_test_message ("window rule: factor 2 cxm %" G_GINT64_FORMAT ", factor 1 cxm %" G_GINT64_FORMAT,
                  window_planted.cxm, window_off.cxm);
  g_assert_cmpint (window_planted.cxm, >, planted.cxm);
  g_assert_cmpint (window_off.cxm, >, 0);
  g_assert_cmpint (window_off.cxm, <, window_planted.cxm);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/attribution/rules", test_rules);
  g_test_add_func ("/cxv/attribution/comparison", test_comparison);
  g_test_add_func ("/cxv/attribution/earned-growth", test_earned_growth);
  g_test_add_func ("/cxv/attribution/bad-input", test_bad_input);
  g_test_add_func ("/cxv/attribution/async", test_async);
  g_test_add_func ("/cxv/attribution/simulator", test_simulator);

  return g_test_run ();
}
