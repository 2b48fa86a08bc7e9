/* test-linkage.c: CxvLinkage on hand fixtures, synthetic frames and the simulator
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cxvalue.h>

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))

static guint
col (CxvTable *t, const char *name)
{
  guint c = 0;

  g_assert_true (cxv_table_lookup_column (t, name, &c));
  return c;
}

static double
num (CxvTable *t, guint row, const char *name)
{
  guint c = col (t, name);

  g_assert_false (cxv_table_is_null (t, row, c));
  if (cxv_table_get_column_type (t, c) == CXV_COLUMN_INT)
    return (double) cxv_table_get_int (t, row, c);
  return cxv_table_get_double (t, row, c);
}

static gboolean
null_at (CxvTable *t, guint row, const char *name)
{
  return cxv_table_is_null (t, row, col (t, name));
}

/* ------------------------------------------------------------------ */
/* The frame, by hand                                                   */

/* Window 2024-01-01 to 2024-04-01 (91 days), horizon 30 days: churn is
 * read on 2024-04-30.
 *   a: holds p since 2023-06-01. Complaint 01-10 unresolved by phone (5.00),
 *      support 02-01 resolved in the app (1.00), a complaint 05-01 after
 *      the window. NPS 3 (01-11) and 8 (03-01): mean 5.5, last 8, neither
 *      detractor nor promoter. CSAT 4. Bills 01-15 and 02-15 of 30.00 (cost
 *      10.00 each) and 04-15 of 30.00 in the horizon.
 *   b: holds p 2024-02-01 to 2024-04-15: churned by 04-30. NPS 2 (02-10),
 *      a detractor. One bill of 50.00 on 02-01.
 *   c: held p 2022-01-01 to 2023-12-01, nothing in the window: not a row.
 *   d: no holding, one support contact 03-03 in the store (2.00): a row
 *      with churn and tenure null. */
static CxvDataset *
hand_dataset (void)
{
  g_autoptr(GError) error = NULL;
  CxvDataset *ds = cxv_dataset_new ("USD", &error);
  const char *ids[] = { "a", "b", "c", "d" };

  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_true (cxv_dataset_add_customer (ds, ids[i], NULL, CXV_DATE_NONE,
                                             CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_true (cxv_dataset_add_holding (ds, "a", "p", D (2023, 6, 1), CXV_DATE_NONE, &error));
  g_assert_true (cxv_dataset_add_holding (ds, "b", "p", D (2024, 2, 1), D (2024, 4, 15), &error));
  g_assert_true (cxv_dataset_add_holding (ds, "c", "p", D (2022, 1, 1), D (2023, 12, 1), &error));
  g_assert_true (cxv_dataset_add_interaction (ds, "a", D (2024, 1, 10), "phone",
                                              CXV_CHANNEL_ASSISTED, CXV_INTERACTION_COMPLAINT,
                                              FALSE, "outage", 500, &error));
  g_assert_true (cxv_dataset_add_interaction (ds, "a", D (2024, 2, 1), "app",
                                              CXV_CHANNEL_LOW_COST, CXV_INTERACTION_SUPPORT,
                                              TRUE, NULL, 100, &error));
  g_assert_true (cxv_dataset_add_interaction (ds, "a", D (2024, 5, 1), "phone",
                                              CXV_CHANNEL_ASSISTED, CXV_INTERACTION_COMPLAINT,
                                              FALSE, "billing", 500, &error));
  g_assert_true (cxv_dataset_add_interaction (ds, "d", D (2024, 3, 3), "store",
                                              CXV_CHANNEL_ASSISTED, CXV_INTERACTION_SUPPORT,
                                              TRUE, NULL, 200, &error));
  g_assert_true (cxv_dataset_add_feedback (ds, "a", D (2024, 1, 11), CXV_INSTRUMENT_NPS, 3,
                                           NULL, NULL, &error));
  g_assert_true (cxv_dataset_add_feedback (ds, "a", D (2024, 3, 1), CXV_INSTRUMENT_NPS, 8,
                                           NULL, NULL, &error));
  g_assert_true (cxv_dataset_add_feedback (ds, "a", D (2024, 3, 2), CXV_INSTRUMENT_CSAT, 4,
                                           NULL, NULL, &error));
  g_assert_true (cxv_dataset_add_feedback (ds, "b", D (2024, 2, 10), CXV_INSTRUMENT_NPS, 2,
                                           NULL, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "a", "p", D (2024, 1, 15), CXV_REVENUE_RECURRING,
                                          3000, 1000, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "a", "p", D (2024, 2, 15), CXV_REVENUE_RECURRING,
                                          3000, 1000, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "a", "p", D (2024, 4, 15), CXV_REVENUE_RECURRING,
                                          3000, 1000, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "b", "p", D (2024, 2, 1), CXV_REVENUE_NEW, 5000, 0,
                                          NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  return ds;
}

static void
test_frame_by_hand (void)
{
  g_autoptr(CxvDataset) ds = hand_dataset ();
  g_autoptr(CxvLinkage) lk = cxv_linkage_new (ds);
  g_autoptr(GError) error = NULL;
  const char *signals[] = { "complaints:outage", "contacts", NULL };
  CxvTable *f;
  double months = 91 / (365.2425 / 12);

  cxv_linkage_set_start (lk, D (2024, 1, 1));
  cxv_linkage_set_end (lk, D (2024, 4, 1));
  cxv_linkage_set_horizon_days (lk, 30);
  cxv_linkage_set_outcome (lk, "revenue");
  cxv_linkage_set_signals (lk, signals);
  cxv_linkage_set_bootstrap_samples (lk, 0);
  /* Three rows for two signals and an intercept: too few. */
  g_assert_false (cxv_linkage_run (lk, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "3 complete rows"));
  g_clear_error (&error);
  g_assert_null (cxv_linkage_get_frame (lk));

  /* One signal fits: revenue on contacts, 3 rows. */
  signals[0] = "contacts";
  signals[1] = NULL;
  cxv_linkage_set_signals (lk, signals);
  g_assert_true (cxv_linkage_run (lk, NULL, &error));
  g_assert_no_error (error);
  f = cxv_linkage_get_frame (lk);
  g_assert_cmpuint (cxv_table_get_n_rows (f), ==, 3);
  g_assert_cmpstr (cxv_table_get_text (f, 0, col (f, "customer")), ==, "a");
  g_assert_cmpstr (cxv_table_get_text (f, 1, col (f, "customer")), ==, "b");
  g_assert_cmpstr (cxv_table_get_text (f, 2, col (f, "customer")), ==, "d");

  /* a */
  g_assert_cmpfloat (num (f, 0, "contacts"), ==, 2);
  g_assert_cmpfloat (num (f, 0, "contacts_assisted"), ==, 1);
  g_assert_cmpfloat (num (f, 0, "contacts_low_cost"), ==, 1);
  g_assert_cmpfloat (num (f, 0, "complaints"), ==, 1);
  g_assert_cmpfloat (num (f, 0, "unresolved"), ==, 1);
  g_assert_cmpfloat (num (f, 0, "complaints_unresolved"), ==, 1);
  g_assert_cmpfloat (num (f, 0, "nps"), ==, 5.5);
  g_assert_cmpfloat (num (f, 0, "csat"), ==, 4);
  g_assert_true (null_at (f, 0, "ces"));
  g_assert_cmpfloat (num (f, 0, "detractor"), ==, 0);
  g_assert_cmpfloat (num (f, 0, "promoter"), ==, 0);
  g_assert_cmpfloat (num (f, 0, "products"), ==, 1);
  g_assert_cmpfloat_with_epsilon (num (f, 0, "tenure_months"), 214 / (365.2425 / 12), 1e-12);
  g_assert_cmpfloat (num (f, 0, "churn"), ==, 0);
  g_assert_cmpfloat (num (f, 0, "revenue"), ==, 60);
  g_assert_cmpfloat (num (f, 0, "revenue_next"), ==, 30);
  g_assert_cmpfloat (num (f, 0, "revenue_change"), ==, -30);
  g_assert_cmpfloat_with_epsilon (num (f, 0, "arpu"), 60 / months, 1e-12);
  g_assert_cmpfloat (num (f, 0, "cost_to_serve"), ==, 26);
  g_assert_cmpfloat (num (f, 0, "contact_cost"), ==, 6);
  g_assert_cmpfloat (num (f, 0, "margin"), ==, 34);
  /* b */
  g_assert_cmpfloat (num (f, 1, "contacts"), ==, 0);
  g_assert_cmpfloat (num (f, 1, "nps"), ==, 2);
  g_assert_cmpfloat (num (f, 1, "detractor"), ==, 1);
  g_assert_cmpfloat (num (f, 1, "tenure_months"), ==, 0);
  g_assert_cmpfloat (num (f, 1, "churn"), ==, 1);
  g_assert_cmpfloat (num (f, 1, "revenue"), ==, 50);
  g_assert_cmpfloat (num (f, 1, "revenue_next"), ==, 0);
  /* d */
  g_assert_cmpfloat (num (f, 2, "contacts"), ==, 1);
  g_assert_cmpfloat (num (f, 2, "products"), ==, 0);
  g_assert_true (null_at (f, 2, "churn"));
  g_assert_true (null_at (f, 2, "tenure_months"));
  g_assert_true (null_at (f, 2, "nps"));
  g_assert_true (null_at (f, 2, "detractor"));
  g_assert_cmpfloat (num (f, 2, "contact_cost"), ==, 2);

  /* Revenue on contacts over (2, 60), (0, 50), (1, 0): x̄ 1, ȳ 110/3,
   * Sxy = 1 × 70/3 + (-1)(40/3) + 0 = 10, Sxx = 2: slope 5. */
  g_assert_cmpfloat_with_epsilon (cxv_table_get_double (cxv_linkage_get_model (lk), 1,
                                                        col (cxv_linkage_get_model (lk),
                                                             "estimate")), 5.0, 1e-12);

  /* complaints:outage counts the outage complaint only, in the window. */
  signals[0] = "complaints:outage";
  cxv_linkage_set_signals (lk, signals);
  g_assert_true (cxv_linkage_run (lk, NULL, &error));
  f = cxv_linkage_get_frame (lk);
  g_assert_cmpfloat (num (f, 0, "complaints:outage"), ==, 1);
  g_assert_cmpfloat (num (f, 2, "complaints:outage"), ==, 0);

  /* A reason the dataset does not know, and churn with too few rows. */
  signals[0] = "complaints:weather";
  cxv_linkage_set_signals (lk, signals);
  g_assert_false (cxv_linkage_run (lk, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "weather"));
  g_clear_error (&error);

  /* An empty window. */
  cxv_linkage_set_end (lk, D (2023, 1, 1));
  g_assert_false (cxv_linkage_run (lk, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* The earlier results stay. */
  g_assert_nonnull (cxv_linkage_get_frame (lk));
}

/* The same fixture by month, 2024-01 to 2024-03, horizon 30 days:
 *   a: January (complaint, NPS 3: a detractor that month), February
 *      (support), March (NPS 8, CSAT 4); never churned.
 *   b: February (NPS 2, 50.00; holds on 03-30: churn 0) and March
 *      (nothing; gone by 04-30: churn 1); no January row, it joined 02-01.
 *   d: March only (one contact), churn null.
 * By segment (nobody has one: "(none)"), each month's means: January a
 * alone; February a and b (contacts (1 + 0) / 2, NPS b's 2 only, revenue
 * (30 + 50) / 2); March a, b and d (contacts 1 / 3, churn over a and b,
 * (0 + 1) / 2). */
static void
test_frame_by_period (void)
{
  g_autoptr(CxvDataset) ds = hand_dataset ();
  g_autoptr(CxvLinkage) lk = cxv_linkage_new (ds);
  g_autoptr(GError) error = NULL;
  const char *rows[][2] = { { "a", "2024-01" }, { "a", "2024-02" }, { "a", "2024-03" },
                            { "b", "2024-02" }, { "b", "2024-03" }, { "d", "2024-03" } };
  CxvTable *f;

  cxv_linkage_set_start (lk, D (2024, 1, 1));
  cxv_linkage_set_end (lk, D (2024, 4, 1));
  cxv_linkage_set_horizon_days (lk, 30);
  cxv_linkage_set_outcome (lk, "revenue");
  cxv_linkage_set_signals (lk, (const char *const[]) { "contacts", NULL });
  cxv_linkage_set_bootstrap_samples (lk, 0);
  cxv_linkage_set_grain (lk, CXV_LINKAGE_GRAIN_CUSTOMER_PERIOD);
  g_assert_true (cxv_linkage_run (lk, NULL, &error));
  g_assert_no_error (error);
  f = cxv_linkage_get_frame (lk);
  g_assert_cmpuint (cxv_table_get_n_rows (f), ==, G_N_ELEMENTS (rows));
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      g_assert_cmpstr (cxv_table_get_text (f, r, col (f, "customer")), ==, rows[r][0]);
      g_assert_cmpstr (cxv_table_get_text (f, r, col (f, "period")), ==, rows[r][1]);
    }
  g_assert_cmpfloat (num (f, 0, "complaints_unresolved"), ==, 1);
  g_assert_cmpfloat (num (f, 0, "detractor"), ==, 1);
  g_assert_cmpfloat (num (f, 0, "revenue"), ==, 30);
  g_assert_cmpfloat (num (f, 0, "contact_cost"), ==, 5);
  g_assert_cmpfloat (num (f, 1, "contacts_low_cost"), ==, 1);
  g_assert_true (null_at (f, 1, "nps"));
  g_assert_cmpfloat_with_epsilon (num (f, 1, "tenure_months"), 245 / (365.2425 / 12), 1e-12);
  g_assert_cmpfloat (num (f, 2, "nps"), ==, 8);
  g_assert_cmpfloat (num (f, 2, "promoter"), ==, 0);
  g_assert_cmpfloat (num (f, 2, "revenue"), ==, 0);
  g_assert_cmpfloat (num (f, 2, "churn"), ==, 0);
  g_assert_cmpfloat (num (f, 3, "churn"), ==, 0);
  g_assert_cmpfloat (num (f, 3, "revenue"), ==, 50);
  g_assert_cmpfloat (num (f, 4, "churn"), ==, 1);
  g_assert_cmpfloat (num (f, 4, "contacts"), ==, 0);
  g_assert_true (null_at (f, 5, "churn"));
  /* a's February bill is the "next" revenue of January (30 days after). */
  g_assert_cmpfloat (num (f, 0, "revenue_next"), ==, 30);

  /* With a 60-day horizon March's outcomes fall after the last record
   * (2024-05-01): unknown, not 0. January's are still known. */
  cxv_linkage_set_horizon_days (lk, 60);
  g_assert_true (cxv_linkage_run (lk, NULL, &error));
  f = cxv_linkage_get_frame (lk);
  g_assert_true (null_at (f, 4, "churn"));
  g_assert_true (null_at (f, 2, "revenue_next"));
  g_assert_true (null_at (f, 2, "revenue_change"));
  /* January's next 60 days, 02-01 to 03-31, hold a's 02-15 bill only. */
  g_assert_cmpfloat (num (f, 0, "revenue_next"), ==, 30);
  g_assert_cmpfloat (num (f, 0, "churn"), ==, 0);
  cxv_linkage_set_horizon_days (lk, 30);

  cxv_linkage_set_grain (lk, CXV_LINKAGE_GRAIN_SEGMENT_PERIOD);
  g_assert_true (cxv_linkage_run (lk, NULL, &error));
  g_assert_no_error (error);
  /* Rows of means: no what-if. */
  g_assert_null (cxv_linkage_what_if (lk, "contacts", 0, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  f = cxv_linkage_get_frame (lk);
  g_assert_cmpuint (cxv_table_get_n_rows (f), ==, 3);
  g_assert_cmpstr (cxv_table_get_text (f, 0, col (f, "segment")), ==, "(none)");
  g_assert_cmpstr (cxv_table_get_text (f, 1, col (f, "period")), ==, "2024-02");
  g_assert_cmpfloat (num (f, 0, "customers"), ==, 1);
  g_assert_cmpfloat (num (f, 0, "contacts"), ==, 1);
  g_assert_cmpfloat (num (f, 1, "customers"), ==, 2);
  g_assert_cmpfloat (num (f, 1, "contacts"), ==, 0.5);
  g_assert_cmpfloat (num (f, 1, "nps"), ==, 2);
  g_assert_cmpfloat (num (f, 1, "revenue"), ==, 40);
  g_assert_cmpfloat (num (f, 2, "customers"), ==, 3);
  g_assert_cmpfloat_with_epsilon (num (f, 2, "contacts"), 1.0 / 3, 1e-15);
  g_assert_cmpfloat (num (f, 2, "churn"), ==, 0.5);
}

/* ------------------------------------------------------------------ */
/* Frames given as tables                                               */

static CxvTable *
frame_of (guint n_rows, guint n_cols, const char *const *names, const double *values)
{
  CxvTable *t = cxv_table_new ("frame");

  for (guint c = 0; c < n_cols; c++)
    cxv_table_add_column (t, names[c], CXV_COLUMN_DOUBLE);
  for (guint r = 0; r < n_rows; r++)
    {
      cxv_table_append_row (t);
      for (guint c = 0; c < n_cols; c++)
        {
          double v = values[r * n_cols + c];

          if (v == -999)
            cxv_table_set_null (t, r, c);
          else
            cxv_table_set_double (t, r, c, v);
        }
    }
  return t;
}

static void
test_table_ols_by_hand (void)
{
  /* y on x: (0, 1), (1, 3), (2, 2), (3, 5), and a fifth row with y missing.
   * x̄ 1.5, ȳ 2.75, Sxx 5, Sxy 5.5, Syy 8.75: slope 1.1, intercept 1.1;
   * residuals -0.1, 0.8, -1.3, 0.6, SSE 2.7, s² 1.35, SE(slope)
   * √(1.35 / 5), R² 1 − 2.7 / 8.75, r = 5.5 / √(5 × 8.75). */
  const char *names[] = { "x", "y" };
  const double values[] = { 0, 1, 1, 3, 2, 2, 3, 5, 4, -999 };
  g_autoptr(CxvTable) frame = frame_of (5, 2, names, values);
  g_autoptr(CxvLinkage) lk = cxv_linkage_new_for_table (frame);
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvTable) what_if = NULL;
  CxvTable *m, *c, *levels;

  cxv_linkage_set_outcome (lk, "y");
  cxv_linkage_set_bootstrap_samples (lk, 0);
  g_assert_null (cxv_linkage_what_if (lk, "x", 0, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN);
  g_clear_error (&error);

  g_assert_true (cxv_linkage_run (lk, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_linkage_get_n_rows (lk), ==, 4);
  g_assert_cmpuint (cxv_linkage_get_n_dropped (lk), ==, 1);
  g_assert_cmpint (cxv_linkage_get_model_kind (lk), ==, CXV_LINKAGE_MODEL_OLS);
  g_assert_cmpfloat_with_epsilon (cxv_linkage_get_r_squared (lk), 1 - 2.7 / 8.75, 1e-12);

  m = cxv_linkage_get_model (lk);
  g_assert_cmpstr (cxv_table_get_text (m, 0, 0), ==, "(intercept)");
  g_assert_cmpfloat_with_epsilon (num (m, 0, "estimate"), 1.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (num (m, 1, "estimate"), 1.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (num (m, 1, "standard_error"), sqrt (1.35 / 5), 1e-12);
  g_assert_true (null_at (m, 1, "odds_ratio"));
  /* Elasticity at the means: 1.1 × 1.5 / 2.75. */
  g_assert_cmpfloat_with_epsilon (num (m, 1, "elasticity"), 1.1 * 1.5 / 2.75, 1e-12);

  c = cxv_linkage_get_correlations (lk);
  g_assert_cmpfloat_with_epsilon (num (c, 0, "pearson"), 5.5 / sqrt (5 * 8.75), 1e-12);
  /* Spearman: ranks of y are 1, 3, 2, 4: rho = 1 − 6 × 2 / (4 × 15) = 0.8. */
  g_assert_cmpfloat_with_epsilon (num (c, 0, "spearman"), 0.8, 1e-12);

  /* One driver: its share is the whole R². */
  g_assert_cmpfloat_with_epsilon (num (cxv_linkage_get_drivers (lk), 0, "shapley"),
                                  1 - 2.7 / 8.75, 1e-12);

  levels = cxv_linkage_get_levels (lk);
  g_assert_cmpuint (cxv_table_get_n_rows (levels), ==, 4);
  g_assert_cmpfloat (num (levels, 3, "outcome_mean"), ==, 5);

  /* A higher y is better and the slope is positive: the rows below 3 move
   * up to it, by 3 + 2 + 1, and y rises by 1.1 for each unit. */
  what_if = cxv_linkage_what_if (lk, "x", 3, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (num (what_if, 0, "customers_moved"), ==, 3);
  g_assert_cmpfloat (num (what_if, 0, "total_shift"), ==, 6);
  g_assert_cmpfloat_with_epsilon (num (what_if, 0, "change"), 6.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (num (what_if, 0, "per_unit"), 1.1, 1e-12);
  g_assert_cmpfloat (num (what_if, 0, "change_lower"), <, 6.6);
  g_assert_cmpfloat (num (what_if, 0, "change_upper"), >, 6.6);
  g_assert_true (null_at (what_if, 0, "revenue_kept"));
  g_assert_nonnull (strstr (cxv_table_get_text (what_if, 0, col (what_if, "assumptions")),
                            "linear model"));

  g_assert_null (cxv_linkage_what_if (lk, "z", 0, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (cxv_linkage_what_if (lk, "x", NAN, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

static void
expect_failure (CxvTable *frame, const char *outcome, const char *const *signals,
                int code, const char *const *words)
{
  g_autoptr(CxvLinkage) lk = cxv_linkage_new_for_table (frame);
  g_autoptr(GError) error = NULL;

  cxv_linkage_set_outcome (lk, outcome);
  cxv_linkage_set_signals (lk, signals);
  cxv_linkage_set_bootstrap_samples (lk, 0);
  g_assert_false (cxv_linkage_run (lk, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, code);
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (error->message, words[i]) == NULL)
      g_error ("“%s” not in “%s”", words[i], error->message);
  g_assert_null (cxv_linkage_get_frame (lk));
}

static void
test_table_errors (void)
{
  const char *names[] = { "a", "b", "k", "y" };
  /* b = 2a exactly; k is constant. */
  const double values[] = {
    1, 2, 7, 1.5,
    2, 4, 7, 2.0,
    3, 6, 7, 4.5,
    4, 8, 7, 3.0,
    5, 10, 7, 6.5,
    6, 12, 7, 5.0,
  };
  g_autoptr(CxvTable) frame = frame_of (6, 4, names, values);
  g_autoptr(CxvTable) with_nan = frame_of (6, 4, names, values);

  expect_failure (frame, "y", (const char *const[]) { "a", "b", NULL },
                  CXV_ANALYSIS_ERROR_FAILED, (const char *const[]) { "“b”", "“a”", NULL });
  expect_failure (frame, "y", (const char *const[]) { "k", NULL },
                  CXV_ANALYSIS_ERROR_FAILED, (const char *const[]) { "“k”", NULL });
  expect_failure (frame, "y", (const char *const[]) { "a", "nps", NULL },
                  CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                  (const char *const[]) { "“nps”", "a, b, k, y", NULL });
  expect_failure (frame, "churn", (const char *const[]) { "a", NULL },
                  CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, (const char *const[]) { "“churn”", NULL });
  expect_failure (frame, "y", (const char *const[]) { "y", NULL },
                  CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, (const char *const[]) { "outcome", NULL });
  expect_failure (frame, "y", (const char *const[]) { "a", "a", NULL },
                  CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, (const char *const[]) { "twice", NULL });

  cxv_table_set_double (with_nan, 4, 0, NAN);
  expect_failure (with_nan, "y", (const char *const[]) { "a", NULL },
                  CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                  (const char *const[]) { "“a”", "row 4", NULL });
}

/* Draws from a known logistic model: the fit's intervals cover the truth,
 * and the what-if change is the sum of the probability changes. */
static void
test_logistic_recovery (void)
{
  const guint n = 20000;
  const double beta[] = { -1.0, 0.8, -0.5 };
  g_autoptr(CxvTable) frame = cxv_table_new ("synthetic");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(CxvLinkage) lk = NULL;
  g_autoptr(CxvTable) what_if = NULL;
  g_autoptr(GError) error = NULL;
  double b[3], change = 0, kept = 0;
  CxvTable *m;

  cxv_table_add_column (frame, "complaints", CXV_COLUMN_INT);
  cxv_table_add_column (frame, "score", CXV_COLUMN_DOUBLE);
  cxv_table_add_column (frame, "churned", CXV_COLUMN_BOOLEAN);
  cxv_table_add_column (frame, "revenue", CXV_COLUMN_DOUBLE);
  for (guint i = 0; i < n; i++)
    {
      gint64 complaints = g_rand_int_range (rand, 0, 4);
      double score = g_rand_double_range (rand, -2, 2);
      double p = 1 / (1 + exp (-(beta[0] + beta[1] * complaints + beta[2] * score)));

      cxv_table_append_row (frame);
      cxv_table_set_int (frame, i, 0, complaints);
      cxv_table_set_double (frame, i, 1, score);
      cxv_table_set_boolean (frame, i, 2, g_rand_double (rand) < p);
      cxv_table_set_double (frame, i, 3, 100);
    }
  lk = cxv_linkage_new_for_table (frame);
  cxv_linkage_set_outcome (lk, "churned");
  cxv_linkage_set_signals (lk, (const char *const[]) { "complaints", "score", NULL });
  cxv_linkage_set_bootstrap_samples (lk, 50);
  g_assert_true (cxv_linkage_run (lk, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cxv_linkage_get_model_kind (lk), ==, CXV_LINKAGE_MODEL_LOGISTIC);
  g_assert_cmpuint (cxv_linkage_get_iterations (lk), >, 0);

  m = cxv_linkage_get_model (lk);
  for (guint t = 0; t < 3; t++)
    {
      b[t] = num (m, t, "estimate");
      g_assert_cmpfloat (num (m, t, "lower"), <, beta[t]);
      g_assert_cmpfloat (num (m, t, "upper"), >, beta[t]);
      g_assert_cmpfloat_with_epsilon (num (m, t, "odds_ratio"), exp (b[t]), 1e-12);
    }

  /* Complaints to zero: every customer with complaints moves (the effect
   * is positive and churn is better lower). */
  what_if = cxv_linkage_what_if (lk, "complaints", 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      double x = (double) cxv_table_get_int (frame, i, 0);
      double s = cxv_table_get_double (frame, i, 1);
      double before = 1 / (1 + exp (-(b[0] + b[1] * x + b[2] * s)));
      double after = 1 / (1 + exp (-(b[0] + b[2] * s)));

      change += after - before;
      kept -= (after - before) * 100;
    }
  g_assert_cmpfloat_with_epsilon (num (what_if, 0, "change"), change, 1e-9 * fabs (change));
  g_assert_cmpfloat_with_epsilon (num (what_if, 0, "revenue_kept"), kept, 1e-9 * kept);
  g_assert_cmpfloat (num (what_if, 0, "change_lower"), <, change);
  g_assert_cmpfloat (num (what_if, 0, "change_upper"), >, change);

  /* The drivers' shares add up to the R² of the linear probability model
   * and the same seed gives the same intervals. */
  {
    CxvTable *d = cxv_linkage_get_drivers (lk);
    double lo = num (d, 0, "shapley_lower"), sum = num (d, 0, "shapley") + num (d, 1, "shapley");
    double wsum = num (d, 0, "relative_weight") + num (d, 1, "relative_weight");

    g_assert_cmpfloat_with_epsilon (sum, wsum, 1e-12);
    g_assert_cmpstr (cxv_table_get_text (d, 0, 0), ==, "complaints");
    g_assert_true (cxv_linkage_run (lk, NULL, &error));
    g_assert_cmpfloat (num (cxv_linkage_get_drivers (lk), 0, "shapley_lower"), ==, lo);
  }
}

/* A 0/1 outcome one wants more of: promoter. The score's effect is
 * positive, so the customers below the target move up to it; a table's
 * own 0/1 column ("left") is read as an event to avoid. */
static void
test_what_if_direction (void)
{
  g_autoptr(CxvTable) frame = cxv_table_new ("direction");
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(CxvLinkage) lk = NULL;
  g_autoptr(CxvTable) up = NULL;
  g_autoptr(CxvTable) down = NULL;
  g_autoptr(GError) error = NULL;
  guint below = 0;

  cxv_table_add_column (frame, "score", CXV_COLUMN_INT);
  cxv_table_add_column (frame, "promoter", CXV_COLUMN_BOOLEAN);
  cxv_table_add_column (frame, "left", CXV_COLUMN_BOOLEAN);
  for (guint i = 0; i < 4000; i++)
    {
      gint64 score = g_rand_int_range (rand, 0, 11);
      double p = 1 / (1 + exp (-(score - 6.0)));

      cxv_table_append_row (frame);
      cxv_table_set_int (frame, i, 0, score);
      cxv_table_set_boolean (frame, i, 1, g_rand_double (rand) < p);
      cxv_table_set_boolean (frame, i, 2, g_rand_double (rand) > p);
      below += score < 8;
    }
  lk = cxv_linkage_new_for_table (frame);
  cxv_linkage_set_outcome (lk, "promoter");
  cxv_linkage_set_signals (lk, (const char *const[]) { "score", NULL });
  cxv_linkage_set_bootstrap_samples (lk, 0);
  g_assert_true (cxv_linkage_run (lk, NULL, &error));
  up = cxv_linkage_what_if (lk, "score", 8, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (num (up, 0, "customers_moved"), ==, below);
  g_assert_cmpfloat (num (up, 0, "change"), >, 0);
  g_assert_true (null_at (up, 0, "revenue_kept"));

  cxv_linkage_set_outcome (lk, "left");
  g_assert_true (cxv_linkage_run (lk, NULL, &error));
  down = cxv_linkage_what_if (lk, "score", 8, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (num (down, 0, "customers_moved"), ==, below);
  g_assert_cmpfloat (num (down, 0, "change"), <, 0);
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

/* On the simulator: with the complaint effect switched off, the odds ratio
 * of unresolved complaints covers 1; planted strongly, unresolved
 * complaints rank first among the drivers. */
static void
test_simulator (void)
{
  const double factors[] = { 1.0, 6.0 };

  for (guint k = 0; k < G_N_ELEMENTS (factors); k++)
    {
      g_autoptr(CxvSimulator) sim = cxv_simulator_new ();
      g_autoptr(CxvDataset) ds = NULL;
      g_autoptr(CxvLinkage) lk = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      CxvDate start;
      CxvTable *m, *d;

      cxv_simulator_set_n_customers (sim, 20000);
      cxv_simulator_set_seed (sim, 11);
      g_object_set (sim, "complaint-churn-factor", factors[k], "detractor-churn-factor", 1.0,
                    NULL);
      ds = cxv_simulator_run (sim, NULL, &error);
      g_assert_no_error (error);
      start = cxv_simulator_get_start_date (sim);

      lk = cxv_linkage_new (ds);
      cxv_linkage_set_start (lk, cxv_date_add_months (start, 6));
      cxv_linkage_set_end (lk, cxv_date_add_months (start, 12));
      cxv_linkage_set_horizon_days (lk, 91);
      cxv_linkage_set_signals (lk, (const char *const[]) { "complaints_unresolved",
                                                           "complaints", "contacts", NULL });
      cxv_linkage_set_bootstrap_samples (lk, 100);
      cxv_linkage_run_async (lk, NULL, run_done, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (cxv_linkage_run_finish (lk, result, &error));
      g_assert_no_error (error);

      m = cxv_linkage_get_model (lk);
      g_assert_cmpstr (cxv_table_get_text (m, 1, 0), ==, "complaints_unresolved");
      d = cxv_linkage_get_drivers (lk);
      if (factors[k] == 1.0)
        {
          g_assert_cmpfloat (num (m, 1, "odds_ratio_lower"), <, 1.0);
          g_assert_cmpfloat (num (m, 1, "odds_ratio_upper"), >, 1.0);
        }
      else
        {
          g_assert_cmpfloat (num (m, 1, "odds_ratio_lower"), >, 1.0);
          g_assert_cmpstr (cxv_table_get_text (d, 0, 0), ==, "complaints_unresolved");
          /* Its interval sits above the others' estimates. */
          g_assert_cmpfloat (num (d, 0, "shapley_lower"), >, num (d, 1, "shapley"));
        }
    }
}

static void
test_not_sealed (void)
{
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", NULL);
  g_autoptr(CxvLinkage) lk = cxv_linkage_new (ds);
  g_autoptr(GError) error = NULL;

  g_assert_false (cxv_linkage_run (lk, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/linkage/frame-by-hand", test_frame_by_hand);
  g_test_add_func ("/linkage/frame-by-period", test_frame_by_period);
  g_test_add_func ("/linkage/table/ols-by-hand", test_table_ols_by_hand);
  g_test_add_func ("/linkage/table/errors", test_table_errors);
  g_test_add_func ("/linkage/logistic-recovery", test_logistic_recovery);
  g_test_add_func ("/linkage/what-if-direction", test_what_if_direction);
  g_test_add_func ("/linkage/simulator", test_simulator);
  g_test_add_func ("/linkage/not-sealed", test_not_sealed);

  return g_test_run ();
}
