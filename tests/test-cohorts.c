/* test-cohorts.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>

#include <cxvalue.h>
#include <libglib-testing/signal-logger.h>

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))
#define OPEN       CXV_DATE_NONE

/* The fixture: twelve customers over January to April 2024, one product,
 * contractual activity. Every expected figure below is worked out by hand
 * from this table (spells are [start, end), end = first day inactive):
 *
 *  id   segment   spells                              revenue
 *  c01  consumer  [01-10, open)                       100 on 01-10 02-10 03-10 04-10
 *  c02  consumer  [01-05, 03-01)                      100 on 01-05 02-05
 *  c03  business  [01-20, 02-15) [03-10, open)        200 01-20, -50 02-20 (refund),
 *                 (leaves and returns)                200 03-10, 200 04-10
 *  c04  business  [02-01, open)                       300 on 02-01 03-01 04-01
 *  c05  consumer  [02-14, 04-01)                      100 on 02-14 03-14
 *  c06  consumer  [03-01, open)                       50 on 03-01 04-01
 *  c07  consumer  [03-15, 03-20)                      10 on 03-15
 *  c08  business  [04-02, open)                       400 on 04-02
 *  c09  consumer  never active                        -
 *  c10  (none)    [01-01, 05-01)                      100 on 01-01 02-01 03-01 04-01
 *  c11  consumer  [02-03, 02-10) [02-20, open)        20 on 02-03 02-20 03-20 04-20
 *                 (leaves and returns in one month)
 *  c12  business  [01-31, 02-01)  (a single day)      500 on 01-31
 *
 * The last day the data speaks of is 2024-04-30 (c10's holding ends on
 * 05-01), so the months are 2024-01 .. 2024-04. */

typedef struct
{
  const char *id;
  const char *segment;
} Customer;

static const Customer customers[] = {
  { "c01", "consumer" }, { "c02", "consumer" }, { "c03", "business" }, { "c04", "business" },
  { "c05", "consumer" }, { "c06", "consumer" }, { "c07", "consumer" }, { "c08", "business" },
  { "c09", "consumer" }, { "c10", NULL }, { "c11", "consumer" }, { "c12", "business" },
};

typedef struct
{
  const char *customer;
  CxvDate     start;
  CxvDate     end;
} Holding;

typedef struct
{
  const char *customer;
  CxvDate     date;
  gint64      amount;
} Revenue;

static CxvDataset *
make_dataset (gboolean seal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", &error);
  const Holding holdings[] = {
    { "c01", D (2024, 1, 10), OPEN }, { "c02", D (2024, 1, 5), D (2024, 3, 1) },
    { "c03", D (2024, 1, 20), D (2024, 2, 15) }, { "c03", D (2024, 3, 10), OPEN },
    { "c04", D (2024, 2, 1), OPEN }, { "c05", D (2024, 2, 14), D (2024, 4, 1) },
    { "c06", D (2024, 3, 1), OPEN }, { "c07", D (2024, 3, 15), D (2024, 3, 20) },
    { "c08", D (2024, 4, 2), OPEN }, { "c10", D (2024, 1, 1), D (2024, 5, 1) },
    { "c11", D (2024, 2, 3), D (2024, 2, 10) }, { "c11", D (2024, 2, 20), OPEN },
    { "c12", D (2024, 1, 31), D (2024, 2, 1) },
  };
  const Revenue revenue[] = {
    { "c01", D (2024, 1, 10), 100 }, { "c01", D (2024, 2, 10), 100 },
    { "c01", D (2024, 3, 10), 100 }, { "c01", D (2024, 4, 10), 100 },
    { "c02", D (2024, 1, 5), 100 }, { "c02", D (2024, 2, 5), 100 },
    { "c03", D (2024, 1, 20), 200 }, { "c03", D (2024, 2, 20), -50 },
    { "c03", D (2024, 3, 10), 200 }, { "c03", D (2024, 4, 10), 200 },
    { "c04", D (2024, 2, 1), 300 }, { "c04", D (2024, 3, 1), 300 }, { "c04", D (2024, 4, 1), 300 },
    { "c05", D (2024, 2, 14), 100 }, { "c05", D (2024, 3, 14), 100 },
    { "c06", D (2024, 3, 1), 50 }, { "c06", D (2024, 4, 1), 50 },
    { "c07", D (2024, 3, 15), 10 },
    { "c08", D (2024, 4, 2), 400 },
    { "c10", D (2024, 1, 1), 100 }, { "c10", D (2024, 2, 1), 100 },
    { "c10", D (2024, 3, 1), 100 }, { "c10", D (2024, 4, 1), 100 },
    { "c11", D (2024, 2, 3), 20 }, { "c11", D (2024, 2, 20), 20 },
    { "c11", D (2024, 3, 20), 20 }, { "c11", D (2024, 4, 20), 20 },
    { "c12", D (2024, 1, 31), 500 },
  };

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (customers); i++)
    g_assert_true (cxv_dataset_add_customer (ds, customers[i].id, customers[i].segment,
                                             CXV_DATE_NONE, CXV_ACQUISITION_UNKNOWN, NULL,
                                             &error));
  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  for (gsize i = 0; i < G_N_ELEMENTS (holdings); i++)
    g_assert_true (cxv_dataset_add_holding (ds, holdings[i].customer, "p", holdings[i].start,
                                            holdings[i].end, &error));
  for (gsize i = 0; i < G_N_ELEMENTS (revenue); i++)
    g_assert_true (cxv_dataset_add_revenue (ds, revenue[i].customer, "p", revenue[i].date,
                                            revenue[i].amount < 0 ? CXV_REVENUE_REFUND :
                                                                    CXV_REVENUE_RECURRING,
                                            revenue[i].amount, 0, NULL, &error));
  g_assert_no_error (error);
  if (seal)
    g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&ds);
}

static guint
column (CxvTable *table, const char *name)
{
  guint c;

  g_assert_true (cxv_table_lookup_column (table, name, &c));
  return c;
}

static gint64
get_int (CxvTable *t, guint row, const char *name)
{
  return cxv_table_get_int (t, row, column (t, name));
}

static void
assert_double (CxvTable *t, guint row, const char *name, double expected)
{
  guint c = column (t, name);

  g_assert_false (cxv_table_is_null (t, row, c));
  g_assert_cmpfloat_with_epsilon (cxv_table_get_double (t, row, c), expected, 1e-12);
}

static void
assert_null (CxvTable *t, guint row, const char *name)
{
  g_assert_true (cxv_table_is_null (t, row, column (t, name)));
}

static CxvCohorts *
run_cohorts (CxvDataset *ds, CxvPeriod period)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvCohorts) cohorts = cxv_cohorts_new (ds);

  cxv_cohorts_set_period (cohorts, period);
  g_assert_true (cxv_cohorts_run (cohorts, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&cohorts);
}

typedef struct
{
  const char *cohort;
  gint64      age, customers, active;
  gint64      revenue;
} RetentionRow;

static void
assert_retention (CxvTable *t, const RetentionRow *rows, guint n_rows)
{
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, n_rows);
  g_assert_cmpstr (cxv_table_get_currency (t), ==, "USD");
  for (guint i = 0; i < n_rows; i++)
    {
      const RetentionRow *r = &rows[i];
      /* Age 0 of the same cohort is the row age rows back. */
      gint64 revenue0 = rows[i - r->age].revenue;

      g_assert_cmpstr (cxv_table_get_text (t, i, column (t, "cohort")), ==, r->cohort);
      g_assert_cmpint (get_int (t, i, "age"), ==, r->age);
      g_assert_cmpint (get_int (t, i, "customers"), ==, r->customers);
      g_assert_cmpint (get_int (t, i, "active"), ==, r->active);
      assert_double (t, i, "customer_retention", (double) r->active / (double) r->customers);
      g_assert_cmpint (cxv_table_get_money (t, i, column (t, "revenue")), ==, r->revenue);
      assert_double (t, i, "revenue_retention", (double) r->revenue / (double) revenue0);
    }
}

static void
test_retention (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvCohorts) cohorts = run_cohorts (ds, CXV_PERIOD_MONTH);
  /* 2024-01: c01 c02 c03 c10 c12 (5). Active on 02-01: all but c12, whose
   * spell ends 02-01 (4). On 03-01: c01 c10; c02 ended 03-01 and c03 is
   * away until 03-10 (2). On 04-01: c01 c10 and c03, back (3).
   * Revenue: Jan 100+100+200+100+500 = 1000; Feb 100+100-50+100 = 250;
   * Mar 100+200+100 = 400; Apr 100+200+100 = 400.
   * 2024-02: c04 c05 c11 (3). 03-01: all three (c11 is back since 02-20);
   * 04-01: c04 c11 (c05 ended 04-01). Revenue: Feb 300+100+20+20 = 440;
   * Mar 300+100+20 = 420; Apr 300+20 = 320.
   * 2024-03: c06 c07 (2); 04-01: c06. Revenue 50+10 = 60, then 50.
   * 2024-04: c08 (1), 400. */
  const RetentionRow rows[] = {
    { "2024-01", 0, 5, 5, 1000 }, { "2024-01", 1, 5, 4, 250 },
    { "2024-01", 2, 5, 2, 400 }, { "2024-01", 3, 5, 3, 400 },
    { "2024-02", 0, 3, 3, 440 }, { "2024-02", 1, 3, 3, 420 }, { "2024-02", 2, 3, 2, 320 },
    { "2024-03", 0, 2, 2, 60 }, { "2024-03", 1, 2, 1, 50 },
    { "2024-04", 0, 1, 1, 400 },
  };
  CxvTable *t = cxv_cohorts_get_retention (cohorts);

  g_test_summary ("Monthly cohort retention of customers and revenue, worked out by hand, "
                  "with a customer who leaves and returns and a refund");

  assert_retention (t, rows, G_N_ELEMENTS (rows));
  /* Spot checks of the ratios written out: 2/5 = 0.4 and 320/440. */
  assert_double (t, 2, "customer_retention", 0.4);
  assert_double (t, 6, "revenue_retention", 320.0 / 440.0);
}

static void
test_new_customers (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvCohorts) cohorts = run_cohorts (ds, CXV_PERIOD_MONTH);
  CxvTable *t = cxv_cohorts_get_new_customers (cohorts);
  /* New: Jan c01 c02 c03 c10 c12; Feb c04 c05 c11; Mar c06 c07; Apr c08.
   * Won back: c11 on 02-20 and c03 on 03-10. */
  const struct { const char *period; gint64 new, won_back; } rows[] = {
    { "2024-01", 5, 0 }, { "2024-02", 3, 1 }, { "2024-03", 2, 1 }, { "2024-04", 1, 0 },
  };

  g_test_summary ("New and won-back customers per month, worked out by hand");

  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpstr (cxv_table_get_text (t, i, column (t, "period")), ==, rows[i].period);
      g_assert_cmpint (get_int (t, i, "new"), ==, rows[i].new);
      g_assert_cmpint (get_int (t, i, "won_back"), ==, rows[i].won_back);
    }
}

static void
test_segments (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvCohorts) cohorts = run_cohorts (ds, CXV_PERIOD_MONTH);
  CxvTable *t = cxv_cohorts_get_segments (cohorts);
  /* Per month: start (active on the previous month's last day), spells
   * starting, spells ending (first inactive day in the month), end.
   * all, Feb: in c04 c05 c11 c11(again) = 4; out c12 (02-01) c03 (02-15)
   *   c11 (02-10) = 3; 5 + 4 - 3 = 6, checked by the customers active on
   *   02-29: c01 c02 c04 c05 c10 c11.
   * all, Mar: in c06 c07 c03(back) = 3; out c02 (03-01) c07 (03-20) = 2.
   * all, Apr: in c08; out c05 (04-01); c10 ends 05-01, past the data.
   * business (c03 c04 c08 c12), consumer (c01 c02 c05 c06 c07 c09 c11),
   * no segment (c10, sorted last, a null segment). */
  const struct
  {
    const char *period, *segment;
    gint64 start, new, lost, end;
    double growth;  /* NAN: null */
  } rows[] = {
    { "2024-01", "all", 0, 5, 0, 5, NAN }, { "2024-01", "business", 0, 2, 0, 2, NAN },
    { "2024-01", "consumer", 0, 2, 0, 2, NAN }, { "2024-01", NULL, 0, 1, 0, 1, NAN },
    { "2024-02", "all", 5, 4, 3, 6, 1.0 / 5 }, { "2024-02", "business", 2, 1, 2, 1, -0.5 },
    { "2024-02", "consumer", 2, 3, 1, 4, 1.0 }, { "2024-02", NULL, 1, 0, 0, 1, 0.0 },
    { "2024-03", "all", 6, 3, 2, 7, 1.0 / 6 }, { "2024-03", "business", 1, 1, 0, 2, 1.0 },
    { "2024-03", "consumer", 4, 2, 2, 4, 0.0 }, { "2024-03", NULL, 1, 0, 0, 1, 0.0 },
    { "2024-04", "all", 7, 1, 1, 7, 0.0 }, { "2024-04", "business", 2, 1, 0, 3, 0.5 },
    { "2024-04", "consumer", 4, 0, 1, 3, -0.25 }, { "2024-04", NULL, 1, 0, 0, 1, 0.0 },
  };

  g_test_summary ("Segment growth per month reconciles start + new - lost = end, by hand");

  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_cmpstr (cxv_table_get_text (t, i, column (t, "period")), ==, rows[i].period);
      if (rows[i].segment != NULL)
        g_assert_cmpstr (cxv_table_get_text (t, i, column (t, "segment")), ==, rows[i].segment);
      else
        g_assert_true (cxv_table_is_null (t, i, column (t, "segment")));
      g_assert_cmpint (get_int (t, i, "customers_start"), ==, rows[i].start);
      g_assert_cmpint (get_int (t, i, "new"), ==, rows[i].new);
      g_assert_cmpint (get_int (t, i, "lost"), ==, rows[i].lost);
      g_assert_cmpint (get_int (t, i, "customers_end"), ==, rows[i].end);
      if (isnan (rows[i].growth))
        assert_null (t, i, "growth");
      else
        assert_double (t, i, "growth", rows[i].growth);
    }
}

static void
test_quarter_year (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvCohorts) quarters = run_cohorts (ds, CXV_PERIOD_QUARTER);
  g_autoptr(CxvCohorts) years = run_cohorts (ds, CXV_PERIOD_YEAR);
  /* Quarters: 2024-Q1 holds everyone active but c08 (10); on 04-01 c01 c03
   * c04 c06 c10 c11 are active (6). Revenue in Q1 is the monthly cohorts'
   * Jan-Mar: 1000+250+400 + 440+420 + 60 = 2570; in Q2 (April)
   * 400 + 320 + 50 = 770. 2024-Q2: c08, 400. */
  const RetentionRow q[] = {
    { "2024-Q1", 0, 10, 10, 2570 }, { "2024-Q1", 1, 10, 6, 770 }, { "2024-Q2", 0, 1, 1, 400 },
  };
  /* One year: the 11 customers ever active, all revenue 2570+770+400. */
  const RetentionRow y[] = { { "2024", 0, 11, 11, 3740 } };
  CxvTable *n = cxv_cohorts_get_new_customers (years);
  CxvTable *s = cxv_cohorts_get_segments (quarters);

  g_test_summary ("Quarter and year periods regroup the same spells, worked out by hand");

  assert_retention (cxv_cohorts_get_retention (quarters), q, G_N_ELEMENTS (q));
  assert_retention (cxv_cohorts_get_retention (years), y, G_N_ELEMENTS (y));
  /* The year: 11 new, 2 returns (c11, c03). */
  g_assert_cmpuint (cxv_table_get_n_rows (n), ==, 1);
  g_assert_cmpint (get_int (n, 0, "new"), ==, 11);
  g_assert_cmpint (get_int (n, 0, "won_back"), ==, 2);
  /* All, 2024-Q1: spells starting in it are c01 c02 c03 c03 c04 c05 c06
   * c07 c10 c11 c11 c12 (12); ending in it c12 (02-01) c11 (02-10) c03
   * (02-15) c02 (03-01) c07 (03-20) (5); c05 ends 04-01, in Q2. So
   * 0 + 12 - 5 = 7, the monthly end of March. */
  g_assert_cmpstr (cxv_table_get_text (s, 0, column (s, "segment")), ==, "all");
  g_assert_cmpint (get_int (s, 0, "new"), ==, 12);
  g_assert_cmpint (get_int (s, 0, "lost"), ==, 5);
  g_assert_cmpint (get_int (s, 0, "customers_end"), ==, 7);
}

static void
test_non_contractual (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvCohorts) cohorts = cxv_cohorts_new (ds);
  CxvTable *t;

  g_test_summary ("The non-contractual definition: cohorts from purchases and a limit");

  /* With a 10-day limit a positive purchase keeps a customer active for
   * 10 days (the refund is no purchase). 2024-01 purchasers: c01 c02 c03
   * c10 c12 (5). On 02-01: c10 buys again that day, and its new spell
   * [02-01, 02-11) covers 02-01: active. c01 (01-10 + 10 = 01-20) no,
   * c02 no, c03 (01-20 + 10 = 01-30) no, c12 (01-31 + 10 = 02-10) yes.
   * Active 2. */
  cxv_cohorts_set_activity (cohorts, CXV_ACTIVITY_NON_CONTRACTUAL);
  cxv_cohorts_set_inactivity_days (cohorts, 10);
  g_assert_true (cxv_cohorts_run (cohorts, NULL, &error));
  g_assert_no_error (error);
  t = cxv_cohorts_get_retention (cohorts);
  g_assert_cmpstr (cxv_table_get_text (t, 0, column (t, "cohort")), ==, "2024-01");
  g_assert_cmpint (get_int (t, 0, "customers"), ==, 5);
  g_assert_cmpint (get_int (t, 1, "active"), ==, 2);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) unsealed = make_dataset (FALSE);
  g_autoptr(CxvDataset) sealed = make_dataset (TRUE);
  g_autoptr(CxvDataset) empty = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvDataset) inactive = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvCohorts) a = cxv_cohorts_new (unsealed);
  g_autoptr(CxvCohorts) b = cxv_cohorts_new (sealed);
  g_autoptr(CxvCohorts) c = NULL;
  g_autoptr(CxvCohorts) d = NULL;

  g_test_summary ("Bad input fails with the right analysis error and leaves no result");

  g_assert_no_error (error);
  g_assert_false (cxv_cohorts_run (a, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED);
  g_clear_error (&error);
  g_assert_null (cxv_cohorts_get_retention (a));

  g_assert_true (cxv_dataset_seal (empty, &error));
  c = cxv_cohorts_new (empty);
  g_assert_false (cxv_cohorts_run (c, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);

  /* Customers, but no holding: nobody is ever active. */
  g_assert_true (cxv_dataset_add_customer (inactive, "x", NULL, CXV_DATE_NONE,
                                           CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_true (cxv_dataset_seal (inactive, &error));
  d = cxv_cohorts_new (inactive);
  g_assert_false (cxv_cohorts_run (d, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);

  cxv_cohorts_set_period (b, (CxvPeriod) 17);
  g_assert_false (cxv_cohorts_run (b, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  cxv_cohorts_set_period (b, CXV_PERIOD_MONTH);

  cxv_cohorts_set_activity (b, (CxvActivity) 5);
  g_assert_false (cxv_cohorts_run (b, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  cxv_cohorts_set_activity (b, CXV_ACTIVITY_NON_CONTRACTUAL);
  cxv_cohorts_set_inactivity_days (b, 0);
  g_assert_false (cxv_cohorts_run (b, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (cxv_cohorts_get_retention (b));
  g_assert_null (cxv_cohorts_get_new_customers (b));
  g_assert_null (cxv_cohorts_get_segments (b));

  /* The contractual definition ignores the limit. */
  cxv_cohorts_set_activity (b, CXV_ACTIVITY_CONTRACTUAL);
  g_assert_true (cxv_cohorts_run (b, NULL, &error));
  g_assert_no_error (error);
}

static void
test_properties (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvCohorts) cohorts = cxv_cohorts_new (ds);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(CxvDataset) got = NULL;
  CxvPeriod period;
  guint days;

  g_test_summary ("Properties have their documented defaults and notify only on a change");

  g_assert_true (cxv_cohorts_get_dataset (cohorts) == ds);
  g_assert_cmpint (cxv_cohorts_get_period (cohorts), ==, CXV_PERIOD_MONTH);
  g_assert_cmpint (cxv_cohorts_get_activity (cohorts), ==, CXV_ACTIVITY_CONTRACTUAL);
  g_assert_cmpuint (cxv_cohorts_get_inactivity_days (cohorts), ==, 90);

  gt_signal_logger_connect (logger, cohorts, "notify");
  cxv_cohorts_set_period (cohorts, CXV_PERIOD_QUARTER);
  gt_signal_logger_assert_notify_emission_pop (logger, cohorts, "period");
  cxv_cohorts_set_period (cohorts, CXV_PERIOD_QUARTER);
  gt_signal_logger_assert_no_emissions (logger);
  cxv_cohorts_set_activity (cohorts, CXV_ACTIVITY_NON_CONTRACTUAL);
  gt_signal_logger_assert_notify_emission_pop (logger, cohorts, "activity");
  cxv_cohorts_set_activity (cohorts, CXV_ACTIVITY_NON_CONTRACTUAL);
  gt_signal_logger_assert_no_emissions (logger);
  g_object_set (cohorts, "inactivity-days", 30, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, cohorts, "inactivity-days");
  g_object_set (cohorts, "inactivity-days", 30, NULL);
  gt_signal_logger_assert_no_emissions (logger);

  g_object_get (cohorts, "dataset", &got, "period", &period, "inactivity-days", &days, NULL);
  g_assert_true (got == ds);
  g_assert_cmpint (period, ==, CXV_PERIOD_QUARTER);
  g_assert_cmpuint (days, ==, 30);
}

static void
async_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_cohorts_run_finish (CXV_COHORTS (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvCohorts) cohorts = cxv_cohorts_new (ds);
  gboolean done = FALSE;
  CxvTable *t;

  g_test_summary ("run_async gives the results run gives");

  cxv_cohorts_run_async (cohorts, NULL, async_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  t = cxv_cohorts_get_retention (cohorts);
  g_assert_nonnull (t);
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 10);
  g_assert_cmpint (get_int (t, 3, "active"), ==, 3);
}

static void
test_simulator (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvSimulator) sim = cxv_simulator_new ();
  g_autoptr(CxvDataset) ds = NULL;
  g_autoptr(CxvCohorts) cohorts = NULL;
  CxvTable *segments, *retention;
  guint n_rows;
  gint64 total_new = 0;

  g_test_summary ("On the simulator: every cohort member counted once, growth reconciles");

  g_object_set (sim, "n-customers", 20000, "seed", (guint64) 7, NULL);
  ds = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);
  cohorts = run_cohorts (ds, CXV_PERIOD_MONTH);
  retention = cxv_cohorts_get_retention (cohorts);
  segments = cxv_cohorts_get_segments (cohorts);

  /* Every simulated customer holds a product from its acquisition day and
   * never comes back, so the cohorts hold all 20,000 customers, and
   * retention never rises with age. */
  n_rows = cxv_table_get_n_rows (retention);
  for (guint i = 0; i < n_rows; i++)
    {
      if (get_int (retention, i, "age") == 0)
        total_new += get_int (retention, i, "customers");
      else
        g_assert_cmpint (get_int (retention, i, "active"), <=,
                         get_int (retention, i - 1, "active"));
    }
  g_assert_cmpint (total_new, ==, 20000);

  for (guint i = 0; i < cxv_table_get_n_rows (segments); i++)
    g_assert_cmpint (get_int (segments, i, "customers_start") + get_int (segments, i, "new") -
                     get_int (segments, i, "lost"), ==, get_int (segments, i, "customers_end"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/cohorts/retention", test_retention);
  g_test_add_func ("/cxv/cohorts/new-customers", test_new_customers);
  g_test_add_func ("/cxv/cohorts/segments", test_segments);
  g_test_add_func ("/cxv/cohorts/quarter-year", test_quarter_year);
  g_test_add_func ("/cxv/cohorts/non-contractual", test_non_contractual);
  g_test_add_func ("/cxv/cohorts/errors", test_errors);
  g_test_add_func ("/cxv/cohorts/properties", test_properties);
  g_test_add_func ("/cxv/cohorts/async", test_async);
  g_test_add_func ("/cxv/cohorts/simulator", test_simulator);

  return g_test_run ();
}
