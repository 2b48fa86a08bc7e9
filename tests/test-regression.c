/* test-regression.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-error.h"
#include "cxv-regression-private.h"

#define assert_rel(a, b, rel) \
  G_STMT_START { \
    double _a = (a), _b = (b); \
    if (!(fabs (_a - _b) <= (rel) * fabs (_b))) \
      g_error ("%s:%d: %s = %.17g, expected %.17g (relative error %.3g > %g)", \
               __FILE__, __LINE__, #a, _a, _b, fabs (_a - _b) / fabs (_b), (double) (rel)); \
  } G_STMT_END

static void
assert_array_rel (const double *got, const double *expected, guint n, double rel)
{
  for (guint i = 0; i < n; i++)
    assert_rel (got[i], expected[i], rel);
}

static void
assert_message_has (const GError *error, const char *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” not in the message “%s”", part, error->message);
}

static void
test_ols_hand (void)
{
  /* Worked on paper. x1 = 1…5, x2 = 1, 3, 2, 5, 4, y = 2, 4, 3, 7, 9.
   * Means 3, 3, 5; centred x1 = (−2, −1, 0, 1, 2), x2 = (−2, 0, −1, 2, 1),
   * y = (−3, −1, −2, 2, 4). S11 = S22 = 10, S12 = 8, S1y = 17, S2y = 16,
   * Syy = 34. [[10, 8], [8, 10]] b = (17, 16), det 36:
   *   b1 = (170 − 128)/36 = 7/6, b2 = (160 − 136)/36 = 2/3,
   *   b0 = 5 − 3·7/6 − 3·2/3 = −1/2.
   * Explained SS = 7/6·17 + 2/3·16 = 30.5, RSS = 3.5, R² = 30.5/34 = 61/68,
   * adjusted 1 − (7/68)·4/2 = 54/68; s² = 3.5/2 = 1.75.
   * Var(b1) = Var(b2) = 1.75 · 10/36, SE = √(17.5/36);
   * Var(b0) = s² (1/n + mᵀ S⁻¹ m) = 1.75 (0.2 + (90 − 144 + 90)/36)
   *         = 1.75 · 1.2 = 2.1.
   * With 2 df, P(|T| > t) = 1 − |t|/√(2 + t²) and t₀.₉₇₅ = 4.302652729749462.
   * statsmodels OLS agrees: params −0.5, 1.16666667, 0.66666667; bse
   * 1.44913767, 0.69721669, 0.69721669; R² 0.8970588235294118. */
  const double x1[] = { 1, 2, 3, 4, 5 }, x2[] = { 1, 3, 2, 5, 4 }, y[] = { 2, 4, 3, 7, 9 };
  const double *columns[] = { x1, x2 };
  const char *names[] = { "x1", "x2" };
  const double coefficients[] = { -0.5, 7.0 / 6, 2.0 / 3 };
  const double se[] = { sqrt (2.1), sqrt (17.5 / 36), sqrt (17.5 / 36) };
  const double t_crit = 4.3026527297494617894;
  CxvRegressionFit fit;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A 2-predictor OLS on 5 rows worked by hand");

  g_assert_true (cxv_regression_ols (columns, names, 2, y, 5, 0.95, &fit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fit.n_terms, ==, 3);
  g_assert_cmpuint (fit.n_rows, ==, 5);
  g_assert_cmpfloat (fit.df_residual, ==, 2);
  for (guint j = 0; j < 3; j++)
    {
      double t = coefficients[j] / se[j];

      assert_rel (fit.coefficients[j], coefficients[j], 1e-13);
      assert_rel (fit.standard_errors[j], se[j], 1e-13);
      assert_rel (fit.statistics[j], t, 1e-13);
      assert_rel (fit.p_values[j], 1 - fabs (t) / sqrt (2 + t * t), 1e-12);
      assert_rel (fit.lower[j], coefficients[j] - t_crit * se[j], 1e-12);
      assert_rel (fit.upper[j], coefficients[j] + t_crit * se[j], 1e-12);
    }
  /* Cov(b1, b2) = −1.75 · 8/36 */
  assert_rel (fit.covariance[1 * 3 + 2], -1.75 * 8 / 36, 1e-13);
  assert_rel (fit.r_squared, 61.0 / 68, 1e-14);
  assert_rel (fit.adjusted_r_squared, 54.0 / 68, 1e-14);
  assert_rel (fit.residual_standard_error, sqrt (1.75), 1e-14);
  /* −n/2 (log(2π RSS/n) + 1), RSS = 3.5 and Syy = 34 */
  assert_rel (fit.log_likelihood, -2.5 * (log (2 * G_PI * 0.7) + 1), 1e-14);
  assert_rel (fit.null_log_likelihood, -2.5 * (log (2 * G_PI * 6.8) + 1), 1e-14);
  g_assert_true (fit.converged);
  cxv_regression_fit_clear (&fit);
  g_assert_null (fit.coefficients);
}

/* The synthetic data set, generated identically in Python (a 64-bit LCG
 * whose top 53 bits make exact doubles; only +, −, × and one exp):
 *
 *   import numpy as np, statsmodels.api as sm, math
 *   def gen(n=300, seed=20240611):
 *       s = seed; M = 2**64
 *       def u():
 *           nonlocal s
 *           s = (s * 6364136223846793005 + 1442695040888963407) % M
 *           return (s >> 11) * 2.0**-53
 *       X, y, c = [], [], []
 *       for i in range(n):
 *           u1, u2, u3, u4, u5 = u(), u(), u(), u(), u()
 *           x1 = 10 * u1; x2 = 4 * (u2 - 0.5) + 0.5 * x1
 *           x3 = 1.0 if u3 < 0.3 else 0.0
 *           X.append([x1, x2, x3])
 *           y.append(2 + 0.5 * x1 - 1.5 * x2 + 3 * x3 + 6 * (u4 - 0.5))
 *           eta = -1 + 0.3 * x1 - 0.8 * x2 + 1.2 * x3
 *           c.append(1.0 if u5 < 1 / (1 + math.exp(-eta)) else 0.0)
 *       return np.array(X), np.array(y), np.array(c)
 *   X, y, c = gen(); Xc = sm.add_constant(X)
 *   o = sm.OLS(y, Xc).fit(); l = sm.Logit(c, Xc).fit(disp=0)
 *   # printed with repr(): params, bse, tvalues, pvalues, conf_int(), llf,
 *   # rsquared, rsquared_adj, sqrt(mse_resid), llnull, prsquared
 *
 * statsmodels 0.13.5 (Debian 12's python3-statsmodels). */
#define N_SYNTHETIC 300

typedef struct
{
  double x1[N_SYNTHETIC], x2[N_SYNTHETIC], x3[N_SYNTHETIC];
  double y[N_SYNTHETIC], churn[N_SYNTHETIC];
} Synthetic;

static double
lcg_next (guint64 *state)
{
  *state = *state * G_GUINT64_CONSTANT (6364136223846793005)
           + G_GUINT64_CONSTANT (1442695040888963407);
  return (double) (*state >> 11) * 0x1.0p-53;
}

static Synthetic *
synthetic_new (void)
{
  Synthetic *s = g_new0 (Synthetic, 1);
  guint64 state = 20240611;

  for (guint i = 0; i < N_SYNTHETIC; i++)
    {
      double u1 = lcg_next (&state), u2 = lcg_next (&state), u3 = lcg_next (&state);
      double u4 = lcg_next (&state), u5 = lcg_next (&state);
      double eta;

      s->x1[i] = 10 * u1;
      s->x2[i] = 4 * (u2 - 0.5) + 0.5 * s->x1[i];
      s->x3[i] = u3 < 0.3 ? 1.0 : 0.0;
      s->y[i] = 2 + 0.5 * s->x1[i] - 1.5 * s->x2[i] + 3 * s->x3[i] + 6 * (u4 - 0.5);
      eta = -1 + 0.3 * s->x1[i] - 0.8 * s->x2[i] + 1.2 * s->x3[i];
      s->churn[i] = u5 < 1 / (1 + exp (-eta)) ? 1.0 : 0.0;
    }
  return s;
}

static void
test_ols_statsmodels (void)
{
  g_autofree Synthetic *s = synthetic_new ();
  const double *columns[] = { s->x1, s->x2, s->x3 };
  const char *names[] = { "complaints", "effort", "detractor" };
  /* statsmodels OLS, see the script above */
  const double params[] = { 1.9360812519834891, 0.5811020726165221, -1.5756696167515398,
                            2.8408653007340225 };
  const double bse[] = { 0.21188077805338332, 0.056541773783680103, 0.090003250039244,
                         0.21218290201671944 };
  const double tvalues[] = { 9.137597425169421, 10.277393752090743, -17.50680798820601,
                             13.38875693438376 };
  const double pvalues[] = { 1.0428861398663595e-17, 2.1761765559939933e-21,
                             1.3491911091078096e-47, 2.75921048953473e-32 };
  const double lower[] = { 1.5190976078128047, 0.4698272552555382, -1.7527969783431308,
                           2.4232870733624425 };
  const double upper[] = { 2.353064896154174, 0.692376889977506, -1.398542255159949,
                           3.2584435281056026 };
  CxvRegressionFit fit;
  g_autoptr(GError) error = NULL;

  g_test_summary ("OLS matches statsmodels 0.13 on a seeded synthetic set "
                  "(300 rows, 3 predictors)");

  g_assert_true (cxv_regression_ols (columns, names, 3, s->y, N_SYNTHETIC, 0.95, &fit, &error));
  g_assert_no_error (error);
  /* Agreement is ~1e-13 in practice; 1e-9 leaves room for other libms. */
  assert_array_rel (fit.coefficients, params, 4, 1e-9);
  assert_array_rel (fit.standard_errors, bse, 4, 1e-9);
  assert_array_rel (fit.statistics, tvalues, 4, 1e-9);
  assert_array_rel (fit.p_values, pvalues, 4, 1e-8);
  assert_array_rel (fit.lower, lower, 4, 1e-9);
  assert_array_rel (fit.upper, upper, 4, 1e-9);
  assert_rel (fit.r_squared, 0.6325635974568427, 1e-10);
  assert_rel (fit.adjusted_r_squared, 0.6288395798634998, 1e-10);
  assert_rel (fit.residual_standard_error, 1.7471929707031282, 1e-10);
  assert_rel (fit.log_likelihood, -591.0712519262411, 1e-11);
  assert_rel (fit.null_log_likelihood, -741.2520063676216, 1e-11);
  cxv_regression_fit_clear (&fit);
}

static void
test_ols_offset (void)
{
  g_autofree Synthetic *s = synthetic_new ();
  g_autofree double *far = g_new (double, N_SYNTHETIC);
  const double *columns[] = { s->x1, far, s->x3 };
  CxvRegressionFit fit, reference;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Shifting a predictor by 10⁷ changes only the intercept (centring works)");

  /* x2 + 10⁷ is exact here (|x2| < 8 and ulp(10⁷) = 2⁻²⁹). */
  for (guint i = 0; i < N_SYNTHETIC; i++)
    far[i] = s->x2[i] + 1e7;
  columns[1] = s->x2;
  g_assert_true (cxv_regression_ols (columns, NULL, 3, s->y, N_SYNTHETIC, 0.95, &reference,
                                     &error));
  columns[1] = far;
  g_assert_true (cxv_regression_ols (columns, NULL, 3, s->y, N_SYNTHETIC, 0.95, &fit, &error));
  g_assert_no_error (error);
  for (guint j = 1; j < 4; j++)
    {
      assert_rel (fit.coefficients[j], reference.coefficients[j], 1e-9);
      assert_rel (fit.standard_errors[j], reference.standard_errors[j], 1e-9);
    }
  /* b0' = b0 − 10⁷ b2 */
  assert_rel (fit.coefficients[0], reference.coefficients[0] - 1e7 * reference.coefficients[2],
              1e-9);
  assert_rel (fit.r_squared, reference.r_squared, 1e-9);
  cxv_regression_fit_clear (&fit);
  cxv_regression_fit_clear (&reference);
}

static void
test_logistic_challenger (void)
{
  /* The 23 pre-Challenger launches: temperature (°F) and whether any
   * O-ring was damaged (Dalal, Fowlkes & Hoadley 1989; alr4::Challeng with
   * Fail > 0). Published fit (R glm, e.g. BYU-Idaho's Statistics Notebook):
   * intercept 15.0429 (SE 7.3786), temperature −0.2322 (SE 0.1082).
   * statsmodels Logit: params 15.042901647702452, −0.23216274421859665;
   * bse 7.378636384916658, 0.1082365216492868; pvalues 0.041478953911341356,
   * 0.03195624124945353; llf −10.157596343933413, llnull −14.13357636734077. */
  const double temperature[] = { 53, 57, 58, 63, 66, 67, 67, 67, 68, 69, 70, 70,
                                 70, 70, 72, 73, 75, 75, 76, 76, 78, 79, 81 };
  const double damaged[] = { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0,
                             1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 };
  const double *columns[] = { temperature };
  const char *names[] = { "temperature" };
  CxvRegressionFit fit;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Logistic regression reproduces the published Challenger O-ring fit");

  g_assert_true (cxv_regression_logistic (columns, names, 1, damaged, 23, 0.95, 0, &fit, &error));
  g_assert_no_error (error);
  /* Published, to the 4 decimals printed */
  g_assert_cmpfloat_with_epsilon (fit.coefficients[0], 15.0429, 5e-5);
  g_assert_cmpfloat_with_epsilon (fit.coefficients[1], -0.2322, 5e-5);
  g_assert_cmpfloat_with_epsilon (fit.standard_errors[0], 7.3786, 5e-5);
  g_assert_cmpfloat_with_epsilon (fit.standard_errors[1], 0.1082, 5e-5);
  /* statsmodels, to far more */
  assert_rel (fit.coefficients[0], 15.042901647702452, 1e-8);
  assert_rel (fit.coefficients[1], -0.23216274421859665, 1e-8);
  assert_rel (fit.standard_errors[0], 7.378636384916658, 1e-8);
  assert_rel (fit.standard_errors[1], 0.1082365216492868, 1e-8);
  assert_rel (fit.p_values[0], 0.041478953911341356, 1e-8);
  assert_rel (fit.p_values[1], 0.03195624124945353, 1e-8);
  assert_rel (fit.log_likelihood, -10.157596343933413, 1e-11);
  /* statsmodels gets llnull by an iterative intercept-only fit (good to
   * ~1e-11); ours is the closed form 7 log(7/23) + 16 log(16/23). */
  assert_rel (fit.null_log_likelihood, -14.13357636734077, 1e-9);
  assert_rel (fit.null_log_likelihood, 7 * log (7.0 / 23) + 16 * log (16.0 / 23), 1e-15);
  g_assert_true (fit.converged);
  g_assert_cmpuint (fit.iterations, <=, 10);
  cxv_regression_fit_clear (&fit);
}

static void
test_logistic_statsmodels (void)
{
  g_autofree Synthetic *s = synthetic_new ();
  const double *columns[] = { s->x1, s->x2, s->x3 };
  const char *names[] = { "complaints", "effort", "detractor" };
  /* statsmodels Logit, see the script above (79 churners of 300) */
  const double params[] = { -1.4365070184558995, 0.3437319638930776, -0.7751563747913627,
                            1.3475354759321216 };
  const double bse[] = { 0.30996944913032887, 0.08474971193408787, 0.14105902497617576,
                         0.29939820240688253 };
  const double zvalues[] = { -4.634350328673552, 4.055848168078815, -5.495262532278833,
                             4.50081351557622 };
  const double pvalues[] = { 3.580601825322185e-06, 4.9952701971146655e-05,
                             3.901295924192396e-08, 6.769387751298795e-06 };
  const double lower[] = { -2.0440359750590646, 0.17762558080212096, -1.051626983439003,
                           0.7607257821785985 };
  const double upper[] = { -0.8289780618527345, 0.5098383469840342, -0.49868576614372223,
                           1.9343451696856446 };
  CxvRegressionFit fit;
  g_autoptr(GError) error = NULL;
  double n_churn = 0;

  g_test_summary ("Logit matches statsmodels 0.13 on the seeded synthetic set");

  for (guint i = 0; i < N_SYNTHETIC; i++)
    n_churn += s->churn[i];
  /* The generators agree: statsmodels saw 79 churners. */
  g_assert_cmpfloat (n_churn, ==, 79);

  g_assert_true (cxv_regression_logistic (columns, names, 3, s->churn, N_SYNTHETIC, 0.95, 0,
                                          &fit, &error));
  g_assert_no_error (error);
  assert_array_rel (fit.coefficients, params, 4, 1e-8);
  assert_array_rel (fit.standard_errors, bse, 4, 1e-8);
  assert_array_rel (fit.statistics, zvalues, 4, 1e-8);
  assert_array_rel (fit.p_values, pvalues, 4, 1e-7);
  assert_array_rel (fit.lower, lower, 4, 1e-8);
  assert_array_rel (fit.upper, upper, 4, 1e-8);
  assert_rel (fit.log_likelihood, -146.1768799452174, 1e-11);
  assert_rel (fit.null_log_likelihood, -172.95440503830702, 1e-9);
  assert_rel (fit.r_squared, 0.15482418668179498, 1e-8); /* via statsmodels' llnull */
  g_assert_true (isnan (fit.adjusted_r_squared));
  g_assert_true (isnan (fit.residual_standard_error));
  g_assert_true (fit.converged);
  cxv_regression_fit_clear (&fit);
}

static void
test_errors (void)
{
  const double a[] = { 1, 2, 3, 4, 5, 6 }, b[] = { 2, 1, 4, 3, 6, 5 };
  const double constant[] = { 7, 7, 7, 7, 7, 7 };
  const double with_nan[] = { 1, 2, 3, NAN, 5, 6 }, with_inf[] = { 1, 2, -INFINITY, 4, 5, 6 };
  const double y[] = { 1, 3, 2, 5, 4, 6 }, binary[] = { 0, 1, 0, 1, 1, 0 };
  const double not_binary[] = { 0, 1, 0, 2, 1, 0 }, zeros[] = { 0, 0, 0, 0, 0, 0 };
  double combination[6];
  const char *names[] = { "complaints", "contacts", "csat" };
  const double *columns[3] = { a, b, NULL };
  CxvRegressionFit fit;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Every error case: too few rows, NaN/∞ named by column and row, constant "
                  "and collinear predictors named, bad outcome, bad confidence");

  /* 3 coefficients need at least 4 rows. */
  g_assert_false (cxv_regression_ols (columns, names, 2, y, 3, 0.95, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_assert_null (fit.coefficients);
  g_clear_error (&error);
  g_assert_false (cxv_regression_logistic (columns, names, 2, binary, 0, 0.95, 0, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);

  columns[1] = with_nan;
  g_assert_false (cxv_regression_ols (columns, names, 2, y, 6, 0.95, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  assert_message_has (error, "“contacts”");
  assert_message_has (error, "row 3");
  g_clear_error (&error);
  columns[1] = with_inf;
  g_assert_false (cxv_regression_logistic (columns, names, 2, binary, 6, 0.95, 0, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  assert_message_has (error, "“contacts”");
  assert_message_has (error, "row 2");
  g_clear_error (&error);
  columns[1] = b;
  g_assert_false (cxv_regression_ols (columns, names, 2, with_nan, 6, 0.95, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  assert_message_has (error, "“outcome”");
  g_clear_error (&error);

  columns[1] = constant;
  g_assert_false (cxv_regression_ols (columns, names, 2, y, 6, 0.95, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  assert_message_has (error, "“contacts” is constant");
  g_clear_error (&error);

  /* csat = 2·complaints − contacts: the third column is the dependent one,
   * and the message spells out the combination. */
  for (guint i = 0; i < 6; i++)
    combination[i] = 2 * a[i] - b[i];
  columns[1] = b;
  columns[2] = combination;
  g_assert_false (cxv_regression_ols (columns, names, 3, y, 6, 0.95, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  assert_message_has (error, "Predictor “csat” is a linear combination");
  assert_message_has (error, "2 × “complaints” + -1 × “contacts”");
  g_clear_error (&error);
  g_assert_false (cxv_regression_logistic (columns, names, 3, binary, 6, 0.95, 0, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  assert_message_has (error, "“csat”");
  g_clear_error (&error);

  /* Names are optional. */
  columns[1] = constant;
  g_assert_false (cxv_regression_ols (columns, NULL, 2, y, 6, 0.95, &fit, &error));
  assert_message_has (error, "“predictor 2”");
  g_clear_error (&error);
  columns[1] = b;

  g_assert_false (cxv_regression_logistic (columns, names, 2, not_binary, 6, 0.95, 0, &fit,
                                           &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  assert_message_has (error, "row 3");
  g_clear_error (&error);
  g_assert_false (cxv_regression_logistic (columns, names, 2, zeros, 6, 0.95, 0, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (cxv_regression_ols (columns, names, 2, constant, 6, 0.95, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  assert_message_has (error, "outcome is constant");
  g_clear_error (&error);

  g_assert_false (cxv_regression_ols (columns, names, 2, y, 6, 95, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (cxv_regression_logistic (columns, names, 2, binary, 6, 0, 0, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

static void
test_logistic_separation (void)
{
  const double x[] = { 1, 2, 3, 4, 5, 6 }, y[] = { 0, 0, 0, 1, 1, 1 };
  /* Quasi-complete: rows 3 and 4 have the same predictors (x = 4, noise
   * 0.1) but one is 0 and the other 1, so no direction separates them
   * strictly; x − 4 separates all the others. (With different noise values
   * there, a small tilt along noise would separate completely; the
   * detector does find that one.) */
  const double qx[] = { 1, 2, 3, 4, 4, 5, 6, 7 }, qy[] = { 0, 0, 0, 0, 1, 1, 1, 1 };
  const double noise[] = { 0.3, -1.2, 0.8, 0.1, 0.1, 1.1, -0.7, 0.4 };
  const char *names[] = { "unresolved", "tenure" };
  const double *columns[2];
  CxvRegressionFit fit;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Complete, quasi-complete and two-predictor separation are reported with "
                  "the predictors involved, never as a fit");

  columns[0] = x;
  g_assert_false (cxv_regression_logistic (columns, names, 1, y, 6, 0.95, 0, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  assert_message_has (error, "Complete separation: “unresolved”");
  g_assert_null (fit.coefficients);
  g_clear_error (&error);

  /* statsmodels 0.13 returns a "fit" here (it only raises
   * PerfectSeparationError for complete separation): slope 16.1 with an SE
   * of 2490, plus a ConvergenceWarning. We refuse, naming the separating
   * predictor and not the bystander. */
  columns[0] = qx;
  columns[1] = noise;
  g_assert_false (cxv_regression_logistic (columns, names, 2, qy, 8, 0.95, 0, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  assert_message_has (error, "Quasi-complete separation: “unresolved” split");
  assert_message_has (error, "2 rows on the boundary");
  g_assert_null (strstr (error->message, "tenure"));
  g_clear_error (&error);

  /* Neither predictor separates alone; their sum does. */
  {
    double u[40], v[40], s[40];
    guint64 state = 99;

    for (guint i = 0; i < 40; i++)
      {
        u[i] = lcg_next (&state) - 0.5;
        v[i] = lcg_next (&state) - 0.5;
        s[i] = u[i] + v[i] > 0 ? 1 : 0;
      }
    columns[0] = u;
    columns[1] = v;
    g_assert_false (cxv_regression_logistic (columns, names, 2, s, 40, 0.95, 0, &fit, &error));
    g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
    assert_message_has (error, "Complete separation: “unresolved”, “tenure”");
    g_clear_error (&error);
  }
}

static void
test_logistic_not_converged (void)
{
  const double temperature[] = { 53, 57, 58, 63, 66, 67, 67, 67, 68, 69, 70, 70,
                                 70, 70, 72, 73, 75, 75, 76, 76, 78, 79, 81 };
  const double damaged[] = { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0,
                             1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 };
  const double *columns[] = { temperature };
  CxvRegressionFit fit;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Stopping before convergence is an error that gives the iteration count");

  g_assert_false (cxv_regression_logistic (columns, NULL, 1, damaged, 23, 0.95, 2, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  assert_message_has (error, "did not converge in 2 iterations");
  g_assert_null (fit.coefficients);
}

/* A correlation matrix worked by hand (outcome last): x1 and x2 correlate
 * 0.5, x3 is orthogonal to both; r(x, y) = 0.6, 0.5, 0.3. Subset R²s:
 *   {1} .36, {2} .25, {3} .09,
 *   {1,2} (.36 + .25 − 2·.6·.5·.5)/(1 − .25) = .31/.75 = 31/75,
 *   {1,3} .45, {2,3} .34, {1,2,3} 31/75 + .09 = 151/300.
 * LMG weights for p = 3: 1/3 for |S| = 0 and 2, 1/6 for each |S| = 1:
 *   x1: (1/3)(.36) + (1/6)((31/75 − .25) + (.45 − .09)) + (1/3)(151/300 − .34)
 *       = 157/600
 *   x2: (1/3)(.25) + (1/6)((31/75 − .36) + (.34 − .09)) + (1/3)(151/300 − .45)
 *       = 91/600
 *   x3: .09 in every order.
 * Sum 157/600 + 91/600 + 54/600 = 302/600 = 151/300 = R². (Python
 * fractions.Fraction confirms each step.) */
static const double hand_correlation[16] = {
  1.0, 0.5, 0.0, 0.6,
  0.5, 1.0, 0.0, 0.5,
  0.0, 0.0, 1.0, 0.3,
  0.6, 0.5, 0.3, 1.0,
};

/* A 5-predictor correlation matrix (outcome last), from numpy 1.24:
 *   rng = np.random.default_rng(7); Z = rng.standard_normal((200, 6))
 *   Z[:, 1] += 0.6 * Z[:, 0]; Z[:, 2] += 0.4 * Z[:, 1] - 0.3 * Z[:, 3]
 *   Z[:, 5] = 0.5 * Z[:, 0] + 0.4 * Z[:, 2] + 0.3 * Z[:, 4] + Z[:, 5]
 *   C = np.corrcoef(Z, rowvar=False)
 * Its diagonal is 1 only to within an ulp, as real input will be. The
 * expected weights come from an independent numpy implementation, quoted
 * in test_relative_weights(). */
static const double numpy_correlation[36] = {
  0.9999999999999999, 0.5090857398368567, 0.21508968956946692, 0.03250323986706798,
  0.09642437564967268, 0.5193738043749418, 0.5090857398368567, 0.9999999999999998,
  0.41288941611730295, -0.02104139357253961, 0.044801581568359866, 0.47090346331184096,
  0.21508968956946692, 0.412889416117303, 0.9999999999999998, -0.18871852212890952,
  0.06076524273074312, 0.5173821792529151, 0.03250323986706798, -0.021041393572539615,
  -0.1887185221289095, 1.0, 0.03818537357210077, -0.0010623613364402398,
  0.09642437564967267, 0.04480158156835987, 0.060765242730743116, 0.03818537357210077,
  1.0, 0.21563215532498217, 0.5193738043749418, 0.47090346331184085, 0.5173821792529152,
  -0.0010623613364402395, 0.21563215532498217, 1.0,
};

static void
test_relative_weights (void)
{
  double weights[5], shares[5], r2 = 0, r2_shapley = 0;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Johnson weights and Shapley/LMG shares: hand-worked LMG, orthogonal "
                  "predictors, an independent numpy computation, shares summing to R²");

  /* Hand case above. */
  g_assert_true (cxv_shapley_r_squared (hand_correlation, NULL, 3, shares, &r2_shapley, &error));
  g_assert_no_error (error);
  assert_rel (shares[0], 157.0 / 600, 1e-14);
  assert_rel (shares[1], 91.0 / 600, 1e-14);
  assert_rel (shares[2], 0.09, 1e-14);
  assert_rel (r2_shapley, 151.0 / 300, 1e-14);
  /* numpy Johnson on this matrix: 0.2616666666666667, 0.15166666666666664,
   * 0.09 (equal to LMG here: x3 is orthogonal, and two predictors with the
   * same variance split the same way under both methods). */
  g_assert_true (cxv_relative_weights (hand_correlation, NULL, 3, weights, &r2, &error));
  g_assert_no_error (error);
  assert_rel (weights[0], 0.2616666666666667, 1e-13);
  assert_rel (weights[1], 0.15166666666666664, 1e-13);
  assert_rel (weights[2], 0.09, 1e-13);
  assert_rel (r2, 151.0 / 300, 1e-14);

  /* Orthogonal predictors: both methods give each its squared correlation. */
  {
    const double orthogonal[16] = {
      1, 0, 0, 0.4,
      0, 1, 0, -0.3,
      0, 0, 1, 0.2,
      0.4, -0.3, 0.2, 1,
    };

    g_assert_true (cxv_relative_weights (orthogonal, NULL, 3, weights, &r2, &error));
    g_assert_true (cxv_shapley_r_squared (orthogonal, NULL, 3, shares, &r2_shapley, &error));
    assert_rel (weights[0], 0.16, 1e-14);
    assert_rel (weights[1], 0.09, 1e-14);
    assert_rel (weights[2], 0.04, 1e-14);
    assert_rel (shares[0], 0.16, 1e-14);
    assert_rel (shares[1], 0.09, 1e-14);
    assert_rel (shares[2], 0.04, 1e-14);
    assert_rel (r2, 0.29, 1e-14);
  }

  /* Against numpy on 5 correlated predictors:
   *   def johnson(R):
   *       p = R.shape[0] - 1; lam, V = np.linalg.eigh(R[:p, :p])
   *       L = V @ np.diag(np.sqrt(lam)) @ V.T
   *       beta = np.linalg.solve(L, R[:p, p]); return (L**2) @ (beta**2)
   *   LMG: Σ over subsets S ∌ j of |S|!(p−|S|−1)!/p! (R²(S ∪ j) − R²(S)),
   *   R²(S) = r_Sᵀ R_SS⁻¹ r_S with np.linalg.solve. */
  {
    const double johnson[] = { 0.16640607146689873, 0.09376788393233695, 0.18209387419233491,
                               0.0027425640722817494, 0.03277372772077984 };
    const double lmg[] = { 0.16486885536237267, 0.0988377169464263, 0.17942210116627752,
                           0.0024564160314893358, 0.03219903187806662 };
    double sum_w = 0, sum_s = 0;

    g_assert_true (cxv_relative_weights (numpy_correlation, NULL, 5, weights, &r2, &error));
    g_assert_true (cxv_shapley_r_squared (numpy_correlation, NULL, 5, shares, &r2_shapley,
                                          &error));
    g_assert_no_error (error);
    assert_array_rel (weights, johnson, 5, 1e-12);
    assert_array_rel (shares, lmg, 5, 1e-12);
    assert_rel (r2, 0.4777841213846325, 1e-13);
    assert_rel (r2_shapley, 0.4777841213846325, 1e-13);
    for (guint j = 0; j < 5; j++)
      {
        sum_w += weights[j];
        sum_s += shares[j];
      }
    assert_rel (sum_w, r2, 1e-14);
    assert_rel (sum_s, r2_shapley, 1e-14);
  }
}

static void
test_relative_weights_errors (void)
{
  const double collinear[16] = {
    1, 1, 0.2, 0.5,
    1, 1, 0.2, 0.5,
    0.2, 0.2, 1, 0.1,
    0.5, 0.5, 0.1, 1,
  };
  double not_correlation[16];
  const char *names[] = { "nps", "nps_copy", "ces" };
  double weights[21], correlation[22 * 22];
  g_autoptr(GError) error = NULL;

  g_test_summary ("Key-driver errors: collinear predictors named, not a correlation matrix, "
                  "Shapley beyond 20 predictors");

  g_assert_false (cxv_relative_weights (collinear, names, 3, weights, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  assert_message_has (error, "“nps_copy”");
  g_clear_error (&error);
  g_assert_false (cxv_shapley_r_squared (collinear, names, 3, weights, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  assert_message_has (error, "“nps_copy”");
  g_clear_error (&error);

  memcpy (not_correlation, hand_correlation, sizeof not_correlation);
  not_correlation[5] = 2;
  g_assert_false (cxv_relative_weights (not_correlation, names, 3, weights, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  memcpy (not_correlation, hand_correlation, sizeof not_correlation);
  not_correlation[1] = NAN;
  g_assert_false (cxv_shapley_r_squared (not_correlation, names, 3, weights, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* 21 orthogonal predictors: fine for Johnson, refused by Shapley. */
  memset (correlation, 0, sizeof correlation);
  for (guint j = 0; j < 22; j++)
    correlation[j * 22 + j] = 1;
  for (guint j = 0; j < 21; j++)
    correlation[j * 22 + 21] = correlation[21 * 22 + j] = 0.1;
  g_assert_true (cxv_relative_weights (correlation, NULL, 21, weights, NULL, &error));
  g_assert_no_error (error);
  assert_rel (weights[20], 0.01, 1e-14);
  g_assert_false (cxv_shapley_r_squared (correlation, NULL, 21, weights, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/regression/ols-hand", test_ols_hand);
  g_test_add_func ("/cxv/regression/ols-statsmodels", test_ols_statsmodels);
  g_test_add_func ("/cxv/regression/ols-offset", test_ols_offset);
  g_test_add_func ("/cxv/regression/logistic-challenger", test_logistic_challenger);
  g_test_add_func ("/cxv/regression/logistic-statsmodels", test_logistic_statsmodels);
  g_test_add_func ("/cxv/regression/errors", test_errors);
  g_test_add_func ("/cxv/regression/logistic-separation", test_logistic_separation);
  g_test_add_func ("/cxv/regression/logistic-not-converged", test_logistic_not_converged);
  g_test_add_func ("/cxv/regression/relative-weights", test_relative_weights);
  g_test_add_func ("/cxv/regression/relative-weights-errors", test_relative_weights_errors);

  return g_test_run ();
}
