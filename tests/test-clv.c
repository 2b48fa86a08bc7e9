/* test-clv.c: the lifetime-value summary and models through the public API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cxvalue.h>

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))

static void
buy (CxvDataset *ds, const char *id, CxvDate date, CxvRevenueKind kind, gint64 amount)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_revenue (ds, id, NULL, date, kind, amount, 0, NULL, &error));
  g_assert_no_error (error);
}

static guint
col (CxvTable *t, const char *name)
{
  guint c = 0;

  g_assert_true (cxv_table_lookup_column (t, name, &c));
  return c;
}

/* The hand fixture, calibration to 2024-02-05 inclusive, holdout to
 * 2024-03-04, in weeks:
 *   a: 01-01 10.00 and 5.00 (one day), 01-15 20.00, 02-12 30.00 (holdout)
 *      → x 1, t_x 14/7 = 2, T 35/7 = 5, mean 20.00; holdout 1 day, 30.00
 *   b: 01-29 8.00, refund of it on 01-30 → x 0, t_x 0, T 7/7 = 1, mean 0
 *   c: first purchase 02-10, after calibration → not summarised
 *   d: 01-08 free (0.00), 01-22 12.50 → x 1, t_x 2, T 28/7 = 4, mean 12.50 */
static CxvDataset *
hand_dataset (void)
{
  g_autoptr(GError) error = NULL;
  CxvDataset *ds = cxv_dataset_new ("USD", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      const char *id = (const char *[]) { "a", "b", "c", "d" }[i];

      g_assert_true (cxv_dataset_add_customer (ds, id, NULL, CXV_DATE_NONE,
                                               CXV_ACQUISITION_UNKNOWN, NULL, &error));
      g_assert_no_error (error);
    }
  buy (ds, "a", D (2024, 1, 1), CXV_REVENUE_ONE_OFF, 1000);
  buy (ds, "a", D (2024, 1, 1), CXV_REVENUE_ONE_OFF, 500);
  buy (ds, "a", D (2024, 1, 15), CXV_REVENUE_ONE_OFF, 2000);
  buy (ds, "a", D (2024, 2, 12), CXV_REVENUE_ONE_OFF, 3000);
  buy (ds, "b", D (2024, 1, 29), CXV_REVENUE_ONE_OFF, 800);
  buy (ds, "b", D (2024, 1, 30), CXV_REVENUE_REFUND, -800);
  buy (ds, "c", D (2024, 2, 10), CXV_REVENUE_ONE_OFF, 900);
  buy (ds, "d", D (2024, 1, 8), CXV_REVENUE_ONE_OFF, 0);
  buy (ds, "d", D (2024, 1, 22), CXV_REVENUE_ONE_OFF, 1250);
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  return ds;
}

static void
test_summary_by_hand (void)
{
  g_autoptr(CxvDataset) ds = hand_dataset ();
  g_autoptr(CxvClvSummary) summary = cxv_clv_summary_new (ds);
  g_autoptr(GError) error = NULL;
  static const struct { const char *id; double x, t_x, T, m; gint64 hx, hv; } want[] = {
    { "a", 1, 2, 5, 20.0, 1, 3000 },
    { "b", 0, 0, 1, 0.0, 0, 0 },
    { "d", 1, 2, 4, 12.5, 0, 0 },
  };
  CxvTable *t;

  g_assert_null (cxv_clv_summary_get_table (summary));
  cxv_clv_summary_set_calibration_end (summary, D (2024, 2, 5));
  cxv_clv_summary_set_holdout_end (summary, D (2024, 3, 4));
  g_assert_true (cxv_clv_summary_run (summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_clv_summary_get_n_customers (summary), ==, 3);
  g_assert_cmpuint (cxv_clv_summary_get_n_repeat_buyers (summary), ==, 2);
  g_assert_cmpfloat (cxv_clv_summary_get_days_per_unit (summary), ==, 7.0);

  t = cxv_clv_summary_get_table (summary);
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      double x, t_x, T, m;

      g_assert_cmpstr (cxv_table_get_text (t, i, col (t, "customer")), ==, want[i].id);
      g_assert_true (cxv_clv_summary_get_customer (summary, i, &x, &t_x, &T, &m));
      g_assert_cmpfloat (x, ==, want[i].x);
      g_assert_cmpfloat_with_epsilon (t_x, want[i].t_x, 1e-12);
      g_assert_cmpfloat_with_epsilon (T, want[i].T, 1e-12);
      g_assert_cmpfloat_with_epsilon (m, want[i].m, 1e-12);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "holdout_frequency")), ==, want[i].hx);
      g_assert_cmpint (cxv_table_get_money (t, i, col (t, "holdout_value")), ==, want[i].hv);
    }
  g_assert_false (cxv_clv_summary_get_customer (summary, 3, NULL, NULL, NULL, NULL));

  /* In days, the same customer a: t_x 14, T 35. */
  cxv_clv_summary_set_time_unit (summary, CXV_TIME_UNIT_DAY);
  g_assert_true (cxv_clv_summary_run (summary, NULL, &error));
  {
    double t_x, T;

    g_assert_true (cxv_clv_summary_get_customer (summary, 0, NULL, &t_x, &T, NULL));
    g_assert_cmpfloat (t_x, ==, 14.0);
    g_assert_cmpfloat (T, ==, 35.0);
  }

  /* Without a calibration end, it is the last purchase day (02-12): now c
   * (02-10) is in, and a's 02-12 is a repeat. */
  cxv_clv_summary_set_calibration_end (summary, CXV_DATE_NONE);
  cxv_clv_summary_set_holdout_end (summary, CXV_DATE_NONE);
  g_assert_true (cxv_clv_summary_run (summary, NULL, &error));
  g_assert_cmpuint (cxv_clv_summary_get_n_customers (summary), ==, 4);
  {
    double x, m;

    g_assert_true (cxv_clv_summary_get_customer (summary, 0, &x, NULL, NULL, &m));
    g_assert_cmpfloat (x, ==, 2.0);
    g_assert_cmpfloat_with_epsilon (m, 25.0, 1e-12);
  }
}

static void
test_summary_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) open_ds = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvDataset) ds = hand_dataset ();
  g_autoptr(CxvClvSummary) unsealed = cxv_clv_summary_new (open_ds);
  g_autoptr(CxvClvSummary) summary = cxv_clv_summary_new (ds);
  const double x[] = { 1, 0.5 }, t_x[] = { 2, 0 }, T[] = { 3, 1 }, bad_T[] = { 1, 1 };
  CxvClvSummary *made;

  g_assert_false (cxv_clv_summary_run (unsealed, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED);
  g_clear_error (&error);

  /* Before anyone bought, nothing to summarise; the earlier results stay. */
  cxv_clv_summary_set_calibration_end (summary, D (2024, 2, 5));
  g_assert_true (cxv_clv_summary_run (summary, NULL, &error));
  cxv_clv_summary_set_calibration_end (summary, D (2023, 12, 31));
  g_assert_false (cxv_clv_summary_run (summary, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_cmpuint (cxv_clv_summary_get_n_customers (summary), ==, 3);

  /* A holdout that ends before the calibration. */
  cxv_clv_summary_set_calibration_end (summary, D (2024, 2, 5));
  cxv_clv_summary_set_holdout_end (summary, D (2024, 2, 1));
  g_assert_false (cxv_clv_summary_run (summary, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "2024-02-01"));
  g_clear_error (&error);

  /* From arrays: a fractional frequency, then recency beyond age. */
  made = cxv_clv_summary_new_for_data (CXV_TIME_UNIT_WEEK, x, t_x, T, NULL, 2, &error);
  g_assert_null (made);
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Customer 1"));
  g_clear_error (&error);
  {
    const double whole[] = { 1, 0 };

    made = cxv_clv_summary_new_for_data (CXV_TIME_UNIT_WEEK, whole, t_x, bad_T, NULL, 2,
                                         &error);
    g_assert_null (made);
    g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "recency 2"));
    g_clear_error (&error);

    made = cxv_clv_summary_new_for_data (CXV_TIME_UNIT_WEEK, whole, t_x, T, NULL, 0, &error);
    g_assert_null (made);
    g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
    g_clear_error (&error);

    made = cxv_clv_summary_new_for_data (CXV_TIME_UNIT_WEEK, whole, t_x, T, NULL, 2, &error);
    g_assert_no_error (error);
    g_assert_false (cxv_clv_summary_run (made, NULL, &error));
    g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_object_unref (made);
  }
}

static CxvDataset *
cdnow_dataset (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "cdnow-sample.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new_preset ("cdnow", &error);
  g_autoptr(CxvCsvImporter) importer = NULL;
  CxvDataset *ds = cxv_dataset_new ("USD", &error);

  g_assert_no_error (error);
  importer = cxv_csv_importer_new (ds, mapping);
  g_assert_true (cxv_csv_importer_import_file (importer, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  return ds;
}

static void
fit_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static void
test_cdnow (void)
{
  g_autoptr(CxvDataset) ds = cdnow_dataset ();
  g_autoptr(CxvClvSummary) summary = cxv_clv_summary_new (ds);
  g_autoptr(CxvClvBgnbd) bgnbd = cxv_clv_bgnbd_new ();
  g_autoptr(CxvClvBgnbd) async_bgnbd = cxv_clv_bgnbd_new ();
  g_autoptr(CxvClvGammaGamma) gg = cxv_clv_gamma_gamma_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvTable) predictions = NULL;
  g_autoptr(CxvTable) values = NULL;
  double sum_x = 0;
  CxvTable *params;

  cxv_clv_summary_set_calibration_end (summary, D (1997, 9, 30));
  g_assert_true (cxv_clv_summary_run (summary, NULL, &error));
  g_assert_no_error (error);
  /* 2,357 customers, 946 of them bought again in calibration, with 2,457
   * repeat purchase days between them (Fader, Hardie & Lee 2005). */
  g_assert_cmpuint (cxv_clv_summary_get_n_customers (summary), ==, 2357);
  g_assert_cmpuint (cxv_clv_summary_get_n_repeat_buyers (summary), ==, 946);
  for (gsize i = 0; i < 2357; i++)
    {
      double x;

      cxv_clv_summary_get_customer (summary, i, &x, NULL, NULL, NULL);
      sum_x += x;
    }
  g_assert_cmpfloat (sum_x, ==, 2457);

  /* Fader, Hardie & Lee (2005), "Counting your customers the easy way",
   * Marketing Science 24(2): r 0.243, alpha 4.414, a 0.793, b 2.426,
   * LL -9582.4. */
  g_assert_true (cxv_clv_model_fit (CXV_CLV_MODEL (bgnbd), summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cxv_clv_model_get_name (CXV_CLV_MODEL (bgnbd)), ==, "bgnbd");
  g_assert_true (cxv_clv_model_get_converged (CXV_CLV_MODEL (bgnbd)));
  g_assert_cmpfloat (round (cxv_clv_model_get_param (CXV_CLV_MODEL (bgnbd), "r") * 1000), ==, 243);
  g_assert_cmpfloat (round (cxv_clv_model_get_param (CXV_CLV_MODEL (bgnbd), "alpha") * 1000), ==, 4414);
  g_assert_cmpfloat (round (cxv_clv_model_get_param (CXV_CLV_MODEL (bgnbd), "a") * 1000), ==, 793);
  g_assert_cmpfloat (round (cxv_clv_model_get_param (CXV_CLV_MODEL (bgnbd), "b") * 1000), ==, 2426);
  g_assert_cmpfloat_with_epsilon (cxv_clv_model_get_log_likelihood (CXV_CLV_MODEL (bgnbd)),
                                  -9582.4, 0.1);
  g_assert_true (isnan (cxv_clv_model_get_param (CXV_CLV_MODEL (bgnbd), "s")));
  g_assert_cmpfloat (cxv_clv_model_get_standard_error (CXV_CLV_MODEL (bgnbd), "r"), >, 0);
  params = cxv_clv_model_get_params_table (CXV_CLV_MODEL (bgnbd));
  g_assert_cmpuint (cxv_table_get_n_rows (params), ==, 4);
  g_assert_cmpfloat (cxv_table_get_double (params, 0, col (params, "lower")), <,
                     cxv_table_get_double (params, 0, col (params, "estimate")));

  /* The same fit in a worker thread. */
  cxv_clv_model_fit_async (CXV_CLV_MODEL (async_bgnbd), summary, NULL, fit_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cxv_clv_model_fit_finish (CXV_CLV_MODEL (async_bgnbd), result, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (cxv_clv_model_get_param (CXV_CLV_MODEL (async_bgnbd), "b"), ==,
                     cxv_clv_model_get_param (CXV_CLV_MODEL (bgnbd), "b"));

  /* A cancelled fit changes nothing. */
  g_cancellable_cancel (cancelled);
  g_assert_false (cxv_clv_model_fit (CXV_CLV_MODEL (gg), summary, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (cxv_clv_model_get_fitted (CXV_CLV_MODEL (gg)));

  /* Fader & Hardie (2013), the Gamma-Gamma note: p 6.25, q 3.74,
   * gamma 15.44 on the 946 repeat buyers. */
  g_assert_true (cxv_clv_model_fit (CXV_CLV_MODEL (gg), summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_clv_model_get_n_customers (CXV_CLV_MODEL (gg)), ==, 946);
  g_assert_cmpfloat (round (cxv_clv_model_get_param (CXV_CLV_MODEL (gg), "p") * 100), ==, 625);
  g_assert_cmpfloat (round (cxv_clv_model_get_param (CXV_CLV_MODEL (gg), "q") * 100), ==, 374);
  g_assert_cmpfloat (round (cxv_clv_model_get_param (CXV_CLV_MODEL (gg), "gamma") * 100), ==, 1544);

  /* Predictions, row by row, agree with the one-customer calls. */
  predictions = cxv_clv_bgnbd_predict (bgnbd, summary, 39, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_table_get_n_rows (predictions), ==, 2357);
  for (guint r = 0; r < 2357; r += 97)
    {
      double x, t_x, T;

      cxv_clv_summary_get_customer (summary, r, &x, &t_x, &T, NULL);
      g_assert_cmpfloat (cxv_table_get_double (predictions, r, col (predictions, "p_alive")), ==,
                         cxv_clv_bgnbd_p_alive (bgnbd, x, t_x, T));
      g_assert_cmpfloat (cxv_table_get_double (predictions, r,
                                               col (predictions, "expected_purchases")), ==,
                         cxv_clv_bgnbd_expected_purchases (bgnbd, x, t_x, T, 39));
    }

  /* Lifetime value by hand for customer 0 over two weeks at 10 % a year:
   * margin × spend × (E1 / 1.1^(7/365.2425) + (E2 - E1) / 1.1^(14/365.2425)). */
  values = cxv_clv_gamma_gamma_lifetime_value (gg, CXV_CLV_MODEL (bgnbd), summary, 2, 0.1, 0.3,
                                               &error);
  g_assert_no_error (error);
  {
    double x, t_x, T, m, e1, e2, spend, want;

    cxv_clv_summary_get_customer (summary, 5, &x, &t_x, &T, &m);
    e1 = cxv_clv_bgnbd_expected_purchases (bgnbd, x, t_x, T, 1);
    e2 = cxv_clv_bgnbd_expected_purchases (bgnbd, x, t_x, T, 2);
    spend = cxv_clv_gamma_gamma_expected_spend (gg, x, m);
    want = 0.3 * spend * (e1 / pow (1.1, 7 / 365.2425) + (e2 - e1) / pow (1.1, 14 / 365.2425));
    g_assert_cmpfloat_with_epsilon (cxv_table_get_double (values, 5, col (values, "lifetime_value")),
                                    want, 1e-12 * want);
    /* Spend shrinks towards the population mean p gamma / (q - 1). */
    g_assert_cmpfloat_with_epsilon (cxv_clv_gamma_gamma_expected_spend (gg, 0, 0),
                                    6.249572 * 15.443521 / (3.744225 - 1), 1e-3);
  }

  /* The sBG model does not fit purchase summaries. */
  {
    g_autoptr(CxvClvSbg) sbg = cxv_clv_sbg_new ();

    g_assert_false (cxv_clv_model_fit (CXV_CLV_MODEL (sbg), summary, NULL, &error));
    g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  /* Lifetime value needs a transaction model, not a spend model. */
  g_assert_null (cxv_clv_gamma_gamma_lifetime_value (gg, CXV_CLV_MODEL (gg), summary, 2, 0.1,
                                                     0.3, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (cxv_clv_gamma_gamma_lifetime_value (gg, CXV_CLV_MODEL (bgnbd), summary, 2, 0.1,
                                                     1.5, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

static double
log_beta (double a, double b)
{
  return lgamma (a) + lgamma (b) - lgamma (a + b);
}

static void
test_sbg (void)
{
  /* Fader & Hardie (2007), "How to project customer retention": the
   * "regular" customers, alpha 0.704, beta 1.182. */
  static const guint regular[] = { 1000, 631, 468, 382, 326, 289, 262, 241 };
  static const guint rising[] = { 1000, 900, 950 };
  static const guint none[] = { 0, 0 };
  g_autoptr(CxvClvSbg) sbg = cxv_clv_sbg_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvTable) projection = NULL;
  double a, b;

  g_assert_true (isnan (cxv_clv_sbg_survival (sbg, 1)));
  g_assert_null (cxv_clv_sbg_project (sbg, 3));
  g_assert_true (cxv_clv_sbg_fit_survival (sbg, regular, G_N_ELEMENTS (regular), &error));
  g_assert_no_error (error);
  a = cxv_clv_model_get_param (CXV_CLV_MODEL (sbg), "alpha");
  b = cxv_clv_model_get_param (CXV_CLV_MODEL (sbg), "beta");
  g_assert_cmpfloat (round (a * 1000), ==, 704);
  g_assert_cmpfloat (round (b * 1000), ==, 1182);
  g_assert_cmpuint (cxv_clv_model_get_n_customers (CXV_CLV_MODEL (sbg)), ==, 1000);
  g_assert_true (cxv_clv_model_get_identified (CXV_CLV_MODEL (sbg)));

  /* S(t) = B(a, b + t) / B(a, b) and r(t) = (b + t - 1) / (a + b + t - 1). */
  for (guint t = 0; t < 12; t++)
    g_assert_cmpfloat_with_epsilon (cxv_clv_sbg_survival (sbg, t),
                                    exp (log_beta (a, b + t) - log_beta (a, b)), 1e-12);
  g_assert_cmpfloat_with_epsilon (cxv_clv_sbg_retention (sbg, 5), (b + 4) / (a + b + 4), 1e-12);

  /* DERL by direct summation (Fader & Hardie 2010): a customer who has
   * made 3 renewals, just before deciding on the 4th, pays at renewal k
   * (k = 1, 2, …) with probability S(3 + k) / S(3), the first payment
   * undiscounted and each later one discounted once more. */
  {
    double d = 0.1, sum = 0;

    for (guint k = 1; k < 20000; k++)
      sum += exp (log_beta (a, b + 3 + k) - log_beta (a, b + 3)) / pow (1 + d, k - 1);
    g_assert_cmpfloat_with_epsilon (cxv_clv_sbg_expected_residual_lifetime (sbg, d, 3), sum,
                                    1e-6);
    g_assert_cmpfloat_with_epsilon (cxv_clv_sbg_lifetime_value (sbg, 50, d, 3), 50 * sum, 1e-4);
  }

  projection = cxv_clv_sbg_project (sbg, 10);
  g_assert_cmpuint (cxv_table_get_n_rows (projection), ==, 11);
  g_assert_true (cxv_table_is_null (projection, 0, col (projection, "retention")));
  g_assert_cmpfloat (cxv_table_get_double (projection, 7, col (projection, "observed")), ==, 0.241);
  g_assert_true (cxv_table_is_null (projection, 8, col (projection, "observed")));

  g_assert_false (cxv_clv_sbg_fit_survival (sbg, rising, G_N_ELEMENTS (rising), &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "950"));
  g_clear_error (&error);
  g_assert_false (cxv_clv_sbg_fit_survival (sbg, none, G_N_ELEMENTS (none), &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);
  /* Failed fits keep the earlier parameters. */
  g_assert_cmpfloat (cxv_clv_model_get_param (CXV_CLV_MODEL (sbg), "alpha"), ==, a);
}

/* A repeat buyer whose repeat purchases were all free has no spend to
 * model: the Gamma-Gamma fit leaves it out rather than failing. A spend
 * model with q ≤ 1 has no finite mean: no lifetime values. */
static void
test_gamma_gamma_edges (void)
{
  const double x[] = { 1, 2, 3, 1, 4, 2, 0, 5, 1, 3, 2, 1 };
  const double t_x[] = { 2, 3, 5, 1, 6, 4, 0, 8, 3, 7, 5, 2 };
  const double T[] = { 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 };
  const double m[] = { 20, 35, 18, 0, 40, 22, 0, 31, 15, 27, 19, 24 };
  const double heavy[] = { 6, 0.9, 15 };
  const double bgnbd[] = { 0.5, 4, 0.8, 2.5 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvClvSummary) summary =
    cxv_clv_summary_new_for_data (CXV_TIME_UNIT_WEEK, x, t_x, T, m, G_N_ELEMENTS (x), &error);
  g_autoptr(CxvClvGammaGamma) gg = cxv_clv_gamma_gamma_new ();
  g_autoptr(CxvClvBgnbd) tm = cxv_clv_bgnbd_new ();
  g_autoptr(CxvTable) values = NULL;

  g_assert_no_error (error);
  g_assert_true (cxv_clv_model_fit (CXV_CLV_MODEL (gg), summary, NULL, &error));
  g_assert_no_error (error);
  /* Eleven repeat buyers, one of them (row 3) with a spend of 0. */
  g_assert_cmpuint (cxv_clv_model_get_n_customers (CXV_CLV_MODEL (gg)), ==, 10);

  g_assert_true (cxv_clv_model_set_params (CXV_CLV_MODEL (gg), heavy, 3, &error));
  g_assert_true (cxv_clv_model_set_params (CXV_CLV_MODEL (tm), bgnbd, 4, &error));
  g_assert_true (isnan (cxv_clv_gamma_gamma_expected_spend (gg, 0, 0)));
  values = cxv_clv_gamma_gamma_lifetime_value (gg, CXV_CLV_MODEL (tm), summary, 4, 0.1, 0.3,
                                               &error);
  g_assert_null (values);
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "0.9"));
}

/* The fit copies the summary: running it again during an async fit is
 * safe, and the fit sees the data it started with. */
static void
test_fit_async_copies (void)
{
  g_autoptr(CxvDataset) ds = cdnow_dataset ();
  g_autoptr(CxvClvSummary) summary = cxv_clv_summary_new (ds);
  g_autoptr(CxvClvBgnbd) model = cxv_clv_bgnbd_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cxv_clv_summary_set_calibration_end (summary, D (1997, 9, 30));
  g_assert_true (cxv_clv_summary_run (summary, NULL, &error));
  cxv_clv_model_fit_async (CXV_CLV_MODEL (model), summary, NULL, fit_done, &result);
  cxv_clv_summary_set_calibration_end (summary, D (1997, 3, 31));
  g_assert_true (cxv_clv_summary_run (summary, NULL, &error));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cxv_clv_model_fit_finish (CXV_CLV_MODEL (model), result, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (round (cxv_clv_model_get_param (CXV_CLV_MODEL (model), "r") * 1000), ==,
                     243);
}

static void
hold (CxvDataset *ds, const char *id, CxvDate start, CxvDate end)
{
  g_autoptr(GError) error = NULL;

  if (cxv_dataset_lookup_customer (ds, id, NULL) == FALSE)
    g_assert_true (cxv_dataset_add_customer (ds, id, NULL, CXV_DATE_NONE,
                                             CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_true (cxv_dataset_add_holding (ds, id, "p", start, end, &error));
  g_assert_no_error (error);
}

/* One cohort, January 2024, of six customers: two leave in February, one
 * in March, one in April and two stay. Active on the first day of each
 * month (the cohorts' definition), ages 0 to 3: 6, 6, 4, 3;
 * the joint fit of one cohort is the fit of that survival series. A
 * customer who leaves and comes back makes its cohort grow: an error
 * naming it. */
static void
test_sbg_cohorts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvDataset) back = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvCohorts) cohorts = NULL;
  g_autoptr(CxvCohorts) unrun = NULL;
  g_autoptr(CxvCohorts) grows = NULL;
  g_autoptr(CxvClvSbg) joint = cxv_clv_sbg_new ();
  g_autoptr(CxvClvSbg) single = cxv_clv_sbg_new ();
  static const guint series[] = { 6, 6, 4, 3 };

  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  hold (ds, "a", D (2024, 1, 5), D (2024, 2, 10));
  hold (ds, "b", D (2024, 1, 5), D (2024, 2, 20));
  hold (ds, "c", D (2024, 1, 9), D (2024, 3, 15));
  hold (ds, "d", D (2024, 1, 9), D (2024, 4, 15));
  hold (ds, "e", D (2024, 1, 12), CXV_DATE_NONE);
  hold (ds, "f", D (2024, 1, 12), CXV_DATE_NONE);
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);

  unrun = cxv_cohorts_new (ds);
  g_assert_false (cxv_clv_sbg_fit_cohorts (joint, unrun, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN);
  g_clear_error (&error);

  cohorts = cxv_cohorts_new (ds);
  g_assert_true (cxv_cohorts_run (cohorts, NULL, &error));
  g_assert_true (cxv_clv_sbg_fit_cohorts (joint, cohorts, &error));
  g_assert_no_error (error);
  g_assert_true (cxv_clv_sbg_fit_survival (single, series, G_N_ELEMENTS (series), &error));
  g_assert_cmpuint (cxv_clv_model_get_n_customers (CXV_CLV_MODEL (joint)), ==, 6);
  g_assert_cmpfloat_with_epsilon (cxv_clv_model_get_log_likelihood (CXV_CLV_MODEL (joint)),
                                  cxv_clv_model_get_log_likelihood (CXV_CLV_MODEL (single)),
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (cxv_clv_model_get_param (CXV_CLV_MODEL (joint), "alpha"),
                                  cxv_clv_model_get_param (CXV_CLV_MODEL (single), "alpha"),
                                  1e-6 * cxv_clv_model_get_param (CXV_CLV_MODEL (single),
                                                                  "alpha"));

  g_assert_true (cxv_dataset_add_product (back, "p", NULL, TRUE, NULL, &error));
  /* a is gone on February 1st and back on March 1st: 2, 1, 2. */
  hold (back, "a", D (2024, 1, 5), D (2024, 1, 20));
  hold (back, "a", D (2024, 2, 20), CXV_DATE_NONE);
  hold (back, "b", D (2024, 1, 5), D (2024, 3, 10));
  g_assert_true (cxv_dataset_seal (back, &error));
  grows = cxv_cohorts_new (back);
  g_assert_true (cxv_cohorts_run (grows, NULL, &error));
  g_assert_false (cxv_clv_sbg_fit_cohorts (joint, grows, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "2024-01"));
  g_clear_error (&error);

  /* Data of a single month: no cohort seen for two periods. */
  {
    g_autoptr(CxvDataset) month = cxv_dataset_new ("USD", NULL);
    g_autoptr(CxvCohorts) one = NULL;

    g_assert_true (cxv_dataset_add_product (month, "p", NULL, TRUE, NULL, &error));
    hold (month, "a", D (2024, 1, 5), CXV_DATE_NONE);
    g_assert_true (cxv_dataset_seal (month, &error));
    one = cxv_cohorts_new (month);
    g_assert_true (cxv_cohorts_run (one, NULL, &error));
    g_assert_false (cxv_clv_sbg_fit_cohorts (joint, one, &error));
    g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  }
}

static void
test_set_params (void)
{
  g_autoptr(CxvClvParetoNbd) pnbd = cxv_clv_pareto_nbd_new ();
  g_autoptr(GError) error = NULL;
  const double published[] = { 0.553, 10.578, 0.606, 11.669 };
  const double negative[] = { 0.553, -1, 0.606, 11.669 };

  g_assert_true (isnan (cxv_clv_pareto_nbd_p_alive (pnbd, 2, 30, 38)));
  g_assert_false (cxv_clv_model_set_params (CXV_CLV_MODEL (pnbd), published, 3, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (cxv_clv_model_set_params (CXV_CLV_MODEL (pnbd), negative, 4, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "alpha"));
  g_clear_error (&error);
  g_assert_true (cxv_clv_model_set_params (CXV_CLV_MODEL (pnbd), published, 4, &error));
  g_assert_false (cxv_clv_model_get_converged (CXV_CLV_MODEL (pnbd)));
  g_assert_false (cxv_clv_model_get_identified (CXV_CLV_MODEL (pnbd)));
  g_assert_true (isnan (cxv_clv_model_get_log_likelihood (CXV_CLV_MODEL (pnbd))));
  g_assert_cmpfloat (cxv_clv_model_get_param (CXV_CLV_MODEL (pnbd), "beta"), ==, 11.669);
  /* A customer who bought often and recently is more likely alive than one
   * who bought as often long ago. */
  g_assert_cmpfloat (cxv_clv_pareto_nbd_p_alive (pnbd, 4, 37, 38), >,
                     cxv_clv_pareto_nbd_p_alive (pnbd, 4, 10, 38));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clv/summary/by-hand", test_summary_by_hand);
  g_test_add_func ("/clv/summary/errors", test_summary_errors);
  g_test_add_func ("/clv/cdnow", test_cdnow);
  g_test_add_func ("/clv/sbg", test_sbg);
  g_test_add_func ("/clv/sbg-cohorts", test_sbg_cohorts);
  g_test_add_func ("/clv/set-params", test_set_params);
  g_test_add_func ("/clv/gamma-gamma-edges", test_gamma_gamma_edges);
  g_test_add_func ("/clv/fit-async-copies", test_fit_async_copies);

  return g_test_run ();
}
