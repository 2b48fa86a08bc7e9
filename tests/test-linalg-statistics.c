/* test-linalg-statistics.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "cxv-error.h"
#include "cxv-linalg-private.h"
#include "cxv-statistics-private.h"

/* |a − b| ≤ rel · |b|, with a message naming the case on failure. */
#define assert_rel(a, b, rel) \
  G_STMT_START { \
    double _a = (a), _b = (b); \
    if (!(fabs (_a - _b) <= (rel) * fabs (_b))) \
      g_error ("%s:%d: %s = %.17g, expected %.17g (relative error %.3g > %g)", \
               __FILE__, __LINE__, #a, _a, _b, fabs (_a - _b) / fabs (_b), (double) (rel)); \
  } G_STMT_END

static void
test_cholesky_hand (void)
{
  /* The textbook 3×3 (it is on Wikipedia's Cholesky page), worked by hand:
   *   l00 = √4 = 2;  l10 = 12/2 = 6;  l20 = −16/2 = −8;
   *   l11 = √(37 − 6²) = 1;  l21 = (−43 − 6·(−8))/1 = 5;
   *   l22 = √(98 − 64 − 25) = 3. */
  double a[9] = { 4, 12, -16,
                  12, 37, -43,
                  -16, -43, 98 };
  const double expected[9] = { 2, 0, 0,
                               6, 1, 0,
                               -8, 5, 3 };
  const double original[9] = { 4, 12, -16, 12, 37, -43, -16, -43, 98 };
  /* A x = b with x = (1, −1, 2), b worked out by hand: (4 − 12 − 32,
   * 12 − 37 − 86, −16 + 43 + 196) = (−40, −111, 223). */
  double b[3] = { -40, -111, 223 };
  double inverse[9];
  double copy[9];

  g_test_summary ("Cholesky of a 3×3 worked by hand; solve and inverse recover A");

  g_assert_true (cxv_linalg_cholesky (a, 3, CXV_LINALG_PIVOT_TOLERANCE, NULL));
  for (guint i = 0; i < 9; i++)
    g_assert_cmpfloat_with_epsilon (a[i], expected[i], 1e-14);

  cxv_linalg_cholesky_solve (a, 3, b);
  g_assert_cmpfloat_with_epsilon (b[0], 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (b[1], -1, 1e-12);
  g_assert_cmpfloat_with_epsilon (b[2], 2, 1e-12);

  /* A A⁻¹ = I, a second method for the inverse. */
  cxv_linalg_cholesky_inverse (a, 3, inverse);
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      {
        double sum = 0;

        for (guint k = 0; k < 3; k++)
          sum += original[i * 3 + k] * inverse[k * 3 + j];
        g_assert_cmpfloat_with_epsilon (sum, i == j ? 1 : 0, 1e-10);
        g_assert_cmpfloat (inverse[i * 3 + j], ==, inverse[j * 3 + i]);
      }

  memcpy (copy, original, sizeof copy);
  g_assert_true (cxv_linalg_spd_inverse (copy, 3, CXV_LINALG_PIVOT_TOLERANCE, NULL));
  for (guint i = 0; i < 9; i++)
    g_assert_cmpfloat (copy[i], ==, inverse[i]);
}

static void
test_cholesky_collinear (void)
{
  /* Columns u, v and w = u + 2v over 4 rows: XᵀX is singular and the third
   * column is the first to be a combination of the ones before it. */
  const double u[] = { 1, 2, 3, 4 }, v[] = { 1, -1, 2, 0.5 };
  const double *cols[3];
  double w[4], xtx[9], m[9];
  guint failed = 99;

  g_test_summary ("The Cholesky pivot test names the first dependent column");

  for (guint i = 0; i < 4; i++)
    w[i] = u[i] + 2 * v[i];
  cols[0] = u;
  cols[1] = v;
  cols[2] = w;
  for (guint j = 0; j < 3; j++)
    for (guint k = 0; k < 3; k++)
      {
        xtx[j * 3 + k] = 0;
        for (guint i = 0; i < 4; i++)
          xtx[j * 3 + k] += cols[j][i] * cols[k][i];
      }
  memcpy (m, xtx, sizeof m);
  g_assert_false (cxv_linalg_cholesky (m, 3, CXV_LINALG_PIVOT_TOLERANCE, &failed));
  g_assert_cmpuint (failed, ==, 2);

  /* Nudging w off the plane by 1e-3 of its size makes 1 − R² ≈ 1e-7,
   * above the 1e-10 tolerance: accepted. */
  w[3] += 1e-3;
  for (guint k = 0; k < 3; k++)
    {
      xtx[2 * 3 + k] = xtx[k * 3 + 2] = 0;
      for (guint i = 0; i < 4; i++)
        xtx[2 * 3 + k] += w[i] * cols[k][i];
      xtx[k * 3 + 2] = xtx[2 * 3 + k];
    }
  memcpy (m, xtx, sizeof m);
  g_assert_true (cxv_linalg_cholesky (m, 3, CXV_LINALG_PIVOT_TOLERANCE, &failed));

  /* An indefinite matrix fails at the column where the pivot goes ≤ 0:
   * [[1, 2], [2, 1]] has pivot 1 − 4 < 0 at column 1. */
  {
    double bad[4] = { 1, 2, 2, 1 };
    double zero[4] = { 0, 0, 0, 1 };

    g_assert_false (cxv_linalg_cholesky (bad, 2, CXV_LINALG_PIVOT_TOLERANCE, &failed));
    g_assert_cmpuint (failed, ==, 1);
    g_assert_false (cxv_linalg_cholesky (zero, 2, CXV_LINALG_PIVOT_TOLERANCE, &failed));
    g_assert_cmpuint (failed, ==, 0);
  }
}

static void
test_eigen (void)
{
  /* [[2, 1], [1, 2]]: eigenvalues 3 and 1 with vectors (1, 1)/√2 and
   * (1, −1)/√2, by hand from det(A − λI) = (2 − λ)² − 1. */
  const double a[4] = { 2, 1, 1, 2 };
  double lambda[2], v[4];
  double big[64], big_lambda[8], big_v[64];
  guint32 seed = 12345;

  g_test_summary ("Jacobi eigen-decomposition: a 2×2 by hand and A V = V Λ, VᵀV = I on 8×8");

  g_assert_true (cxv_linalg_symmetric_eigen (a, 2, lambda, v));
  g_assert_cmpfloat_with_epsilon (lambda[0], 3, 1e-14);
  g_assert_cmpfloat_with_epsilon (lambda[1], 1, 1e-14);
  g_assert_cmpfloat_with_epsilon (fabs (v[0 * 2 + 0]), G_SQRT2 / 2, 1e-14);
  g_assert_cmpfloat_with_epsilon (v[0 * 2 + 0], v[1 * 2 + 0], 1e-14);
  g_assert_cmpfloat_with_epsilon (v[0 * 2 + 1], -v[1 * 2 + 1], 1e-14);

  /* A symmetric matrix from a fixed LCG; the decomposition is checked by
   * its defining identities rather than by stored numbers. */
  for (guint i = 0; i < 8; i++)
    for (guint j = 0; j <= i; j++)
      {
        seed = seed * 1664525u + 1013904223u;
        big[i * 8 + j] = big[j * 8 + i] = (double) (seed >> 8) / (1 << 24) - 0.5;
      }
  g_assert_true (cxv_linalg_symmetric_eigen (big, 8, big_lambda, big_v));
  for (guint k = 0; k < 8; k++)
    {
      if (k > 0)
        g_assert_cmpfloat (big_lambda[k - 1], >=, big_lambda[k]);
      for (guint i = 0; i < 8; i++)
        {
          double av = 0;

          for (guint j = 0; j < 8; j++)
            av += big[i * 8 + j] * big_v[j * 8 + k];
          g_assert_cmpfloat_with_epsilon (av, big_lambda[k] * big_v[i * 8 + k], 1e-13);
        }
      for (guint l = 0; l < 8; l++)
        {
          double dot = 0;

          for (guint i = 0; i < 8; i++)
            dot += big_v[i * 8 + k] * big_v[i * 8 + l];
          g_assert_cmpfloat_with_epsilon (dot, k == l ? 1 : 0, 1e-13);
        }
    }
}

/* Reference values below are mpmath at 40 digits (mp.ncdf, erfinv,
 * betainc, gammainc; t quantiles by findroot on the betainc cdf), listed
 * next to scipy 1.10's where scipy differs by more than 1e-14: scipy's
 * stdtrit is only good to ~1e-10 at small df, and its betainc loses
 * ~1e-10 at a = 500000. */
static void
test_normal (void)
{
  static const struct { double x, cdf; } cdf[] = {
    { -8, 6.2209605742717841235e-16 },   /* scipy ndtr 6.22096057427174e-16 */
    { -1.96, 0.024997895148220436213 },
    { 1, 0.84134474606854294859 },
    { 5, 0.99999971334842812081 },
  };
  static const struct { double p, x; } quantile[] = {
    { 1e-300, -37.047096299361201 },     /* scipy ndtri (mpmath erfinv underflows) */
    { 1e-10, -6.3613409024040561991 },
    { 0.001, -3.0902323061678135354 },
    { 0.025, -1.9599639845400542118 },
    { 0.3, -0.52440051270804081597 },
    { 0.975, 1.9599639845400538556 },
    { 0.999999, 4.7534243088170877657 },
  };

  g_test_summary ("Normal cdf and quantile against mpmath/scipy");

  for (guint i = 0; i < G_N_ELEMENTS (cdf); i++)
    {
      assert_rel (cxv_normal_cdf (cdf[i].x), cdf[i].cdf, 1e-14);
      assert_rel (cxv_normal_sf (-cdf[i].x), cdf[i].cdf, 1e-14);
    }
  for (guint i = 0; i < G_N_ELEMENTS (quantile); i++)
    assert_rel (cxv_normal_quantile (quantile[i].p), quantile[i].x, 1e-15);
  g_assert_cmpfloat (cxv_normal_quantile (0.5), ==, 0);
  g_assert_cmpfloat (cxv_normal_quantile (0), ==, -INFINITY);
  g_assert_cmpfloat (cxv_normal_quantile (1), ==, INFINITY);
  g_assert_true (isnan (cxv_normal_quantile (1.5)));
  g_assert_true (isnan (cxv_normal_quantile (NAN)));
}

static void
test_student_t (void)
{
  static const struct { double t, df, cdf; } cdf[] = {
    { 2, 1, 0.85241638234956672582 },        /* = ½ + atan(2)/π */
    { -1.5, 3, 0.11529193262241152614 },     /* scipy 0.11529193262241141 */
    { 2.5, 10, 0.98427657788169559788 },
    { 1.96, 1000, 0.97486340752212564078 },
    { -4, 1e6, 3.167351700502405231e-05 },   /* a million rows' worth */
    { -30, 4, 3.6764280488306610623e-6 },
    { 0.3, 0.7, 0.58538240681433246679 },    /* fractional df */
  };
  static const struct { double p, df, t; } quantile[] = {
    { 0.975, 1, 12.706204736174693314 },     /* = tan(0.475π); scipy 12.706204736432095 */
    { 0.975, 2, 4.3026527297494617894 },     /* scipy 4.302652729911275 */
    { 0.975, 5, 2.5705818356363147828 },     /* scipy 2.5705818366147395 */
    { 0.975, 30, 2.0422724563012378878 },
    { 0.995, 300, 2.5923164108477921856 },   /* scipy 2.592316410844304 */
    { 1e-10, 3, -2225.7692846830931927 },
    { 0.975, 1e6, 1.9599663568141066553 },
    { 0.9, 2.5, 1.730250928807176833 },
    { 0.6, 4, 0.270722294707597363 },        /* scipy 0.2707222947059493 */
  };

  g_test_summary ("Student t cdf, two-sided p and quantile against mpmath/scipy");

  for (guint i = 0; i < G_N_ELEMENTS (cdf); i++)
    {
      double tail = MIN (cdf[i].cdf, 1 - cdf[i].cdf);

      assert_rel (cxv_student_t_cdf (cdf[i].t, cdf[i].df), cdf[i].cdf, 1e-13);
      assert_rel (cxv_student_t_two_sided_p (cdf[i].t, cdf[i].df), 2 * tail, 1e-13);
    }
  for (guint i = 0; i < G_N_ELEMENTS (quantile); i++)
    {
      double t = cxv_student_t_quantile (quantile[i].p, quantile[i].df);

      assert_rel (t, quantile[i].t, 1e-13);
      assert_rel (cxv_student_t_cdf (t, quantile[i].df), quantile[i].p, 1e-13);
    }
  /* Infinite df is the normal; p = 1 at t = 0. */
  assert_rel (cxv_student_t_quantile (0.975, INFINITY), 1.9599639845400538556, 1e-15);
  g_assert_cmpfloat (cxv_student_t_two_sided_p (0, 7), ==, 1);
  g_assert_cmpfloat (cxv_student_t_two_sided_p (INFINITY, 7), ==, 0);
  g_assert_true (isnan (cxv_student_t_cdf (1, 0)));
  g_assert_true (isnan (cxv_student_t_quantile (0.5, -1)));
}

static void
test_incomplete_beta (void)
{
  static const struct { double x, a, b, value; } table[] = {
    { 0.3, 0.5, 0.5, 0.36901011956554537504 },   /* = (2/π) asin √0.3 */
    { 0.4, 2, 3, 0.52480000000000003837 },       /* a binomial tail: 0.5248 */
    { 0.33, 100, 200, 0.45661816333399739653 },  /* scipy 0.45661816333401317 */
    { 0.999999, 5e5, 0.5, 0.31731050785589557763 }, /* scipy 0.3173105079047983 */
    { 1e-5, 2, 0.5, 3.7500125000703135823e-11 },
  };

  g_test_summary ("Regularized incomplete beta: values, edge cases and symmetry");

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    assert_rel (cxv_incomplete_beta (table[i].x, table[i].a, table[i].b), table[i].value, 1e-13);

  /* Edges: I_0 = 0, I_1 = 1; I_x(1, 1) = x (uniform); I_½(a, a) = ½. */
  g_assert_cmpfloat (cxv_incomplete_beta (0, 2, 3), ==, 0);
  g_assert_cmpfloat (cxv_incomplete_beta (1, 2, 3), ==, 1);
  for (double x = 0.05; x < 1; x += 0.1)
    assert_rel (cxv_incomplete_beta (x, 1, 1), x, 1e-15);
  /* (Large a costs digits: x^a y^b / B(a, b) is formed from logarithms of
   * size ~a, so the error grows like a·ε.) */
  for (double a = 0.25; a < 400; a *= 3)
    assert_rel (cxv_incomplete_beta (0.5, a, a), 0.5, 1e-13);
  /* I_x(a, b) = 1 − I_{1−x}(b, a) on both sides of the mode. */
  for (double x = 0.1; x < 1; x += 0.2)
    assert_rel (cxv_incomplete_beta (x, 3.5, 7) + cxv_incomplete_beta (1 - x, 7, 3.5), 1, 1e-14);
  /* Out of domain. */
  g_assert_true (isnan (cxv_incomplete_beta (-0.1, 1, 1)));
  g_assert_true (isnan (cxv_incomplete_beta (1.1, 1, 1)));
  g_assert_true (isnan (cxv_incomplete_beta (0.5, 0, 1)));
  g_assert_true (isnan (cxv_incomplete_beta (0.5, 1, -2)));
  g_assert_true (isnan (cxv_incomplete_beta (NAN, 1, 1)));
}

static void
test_chi_square (void)
{
  static const struct { double x, df, sf; } table[] = {
    { 3.84, 1, 0.050043521248705103189 },
    { 10, 5, 0.075235246146512178722 },
    { 200, 150, 0.0039731859708216113254 },
    { 0.01, 3, 0.99973483494134439016 },
  };

  g_test_summary ("Chi-square survival against mpmath gammainc (and scipy chi2.sf)");

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    assert_rel (cxv_chi_square_sf (table[i].x, table[i].df), table[i].sf, 1e-13);
  /* χ²(2) is exponential: P(X > x) = e^{−x/2}. */
  assert_rel (cxv_chi_square_sf (7, 2), exp (-3.5), 1e-14);
  g_assert_cmpfloat (cxv_chi_square_sf (0, 4), ==, 1);
  g_assert_true (isnan (cxv_chi_square_sf (1, 0)));
}

static void
test_ranks (void)
{
  /* scipy.stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5]) =
   * [4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5] */
  const double x[] = { 3, 1, 4, 1, 5, 9, 2, 6, 5 };
  const double expected[] = { 4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5 };
  double ranks[9];

  g_test_summary ("Average ranks with ties, as scipy.stats.rankdata");

  cxv_ranks (x, 9, ranks);
  for (guint i = 0; i < 9; i++)
    g_assert_cmpfloat (ranks[i], ==, expected[i]);
}

static void
test_pearson_hand (void)
{
  /* x = 1, 2, 3, 4; y = 1, 3, 2, 4. By hand: both means 2.5, centred
   * x = (−1.5, −0.5, 0.5, 1.5), y = (−1.5, 0.5, −0.5, 1.5); Sxy = 2.25 −
   * 0.25 − 0.25 + 2.25 = 4, Sxx = Syy = 5, so r = 0.8. t = 0.8 √(2/0.36) =
   * 4√2/3 and with 2 df P(|T| > t) = 1 − t/√(2 + t²) = 1 − 4/5 = 0.2
   * (scipy.stats.pearsonr: 0.8, 0.19999999999999996). Interval:
   * atanh 0.8 = ln 3, SE = 1/√(4 − 3) = 1, so tanh(ln 3 ∓ 1.959964) =
   * −0.6969534452993225, 0.9956002504665856 (numpy). */
  const double x[] = { 1, 2, 3, 4 }, y[] = { 1, 3, 2, 4 };
  CxvCorrelation r;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Pearson r, p-value and Fisher interval on 4 points worked by hand");

  g_assert_true (cxv_pearson (x, y, 4, "x", "y", 0.95, &r, &error));
  g_assert_no_error (error);
  assert_rel (r.estimate, 0.8, 1e-15);
  assert_rel (r.statistic, 4 * G_SQRT2 / 3, 1e-14);
  assert_rel (r.p_value, 0.2, 1e-13);
  assert_rel (r.lower, -0.6969534452993225, 1e-13);
  assert_rel (r.upper, 0.9956002504665856, 1e-13);
  g_assert_cmpuint (r.n, ==, 4);

  /* The interval narrows with the confidence: tanh(ln 3 − 1.644854) =
   * −0.497697874886469 at 90 %. */
  g_assert_true (cxv_pearson (x, y, 4, "x", "y", 0.90, &r, &error));
  assert_rel (r.lower, -0.497697874886469, 1e-13);

  /* A perfect correlation: r = 1, p = 0, a degenerate interval. */
  g_assert_true (cxv_pearson (x, x, 4, "x", "x", 0.95, &r, &error));
  g_assert_cmpfloat (r.estimate, ==, 1);
  g_assert_cmpfloat (r.p_value, ==, 0);
  g_assert_cmpfloat (r.lower, ==, 1);
}

static void
test_spearman_ties (void)
{
  /* x = 1, 2, 2, 3, 4 → ranks 1, 2.5, 2.5, 4, 5; y = 2, 1, 3, 3, 5 → 2, 1,
   * 3.5, 3.5, 5. Both rank means 3; centred rx = (−2, −½, −½, 1, 2), ry =
   * (−1, −2, ½, ½, 2): S = 2 + 1 − ¼ + ½ + 4 = 7.25, Sxx = Syy = 9.5, so
   * rho = 7.25/9.5 = 29/38. scipy.stats.spearmanr: 0.7631578947368421,
   * p = 0.1333391195318063. Interval tanh(atanh(29/38) ∓ 1.959964/√2):
   * −0.36459033394237034, 0.983335848633922 (numpy). */
  const double x[] = { 1, 2, 2, 3, 4 }, y[] = { 2, 1, 3, 3, 5 };
  CxvCorrelation rho;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Spearman rho with tied ranks worked by hand, p-value as scipy");

  g_assert_true (cxv_spearman (x, y, 5, "x", "y", 0.95, &rho, &error));
  g_assert_no_error (error);
  assert_rel (rho.estimate, 29.0 / 38, 1e-15);
  assert_rel (rho.p_value, 0.1333391195318063, 1e-13);
  assert_rel (rho.lower, -0.36459033394237034, 1e-13);
  assert_rel (rho.upper, 0.983335848633922, 1e-13);
}

static void
test_correlation_errors (void)
{
  const double x[] = { 1, 2, 3, 4 }, constant[] = { 7, 7, 7, 7 };
  const double with_nan[] = { 1, 2, NAN, 4 }, with_inf[] = { 1, INFINITY, 3, 4 };
  CxvCorrelation r;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Correlation errors: too few rows, NaN/∞ named by column and row, "
                  "a constant column, a bad confidence level");

  g_assert_false (cxv_pearson (x, x, 2, "nps", "revenue", 0.95, &r, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_false (cxv_pearson (x, with_nan, 4, "nps", "revenue", 0.95, &r, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“revenue”"));
  g_assert_nonnull (strstr (error->message, "row 2"));
  g_clear_error (&error);

  g_assert_false (cxv_spearman (with_inf, x, 4, "nps", "revenue", 0.95, &r, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“nps”"));
  g_assert_nonnull (strstr (error->message, "row 1"));
  g_clear_error (&error);

  g_assert_false (cxv_pearson (constant, x, 4, "csat", "revenue", 0.95, &r, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "“csat” is constant"));
  g_clear_error (&error);

  g_assert_false (cxv_spearman (x, x, 4, NULL, NULL, 1.0, &r, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
}

/* Deterministic columns for the moments tests. */
static double
lcg_uniform (guint64 *state)
{
  *state = *state * 6364136223846793005u + 1442695040888963407u;
  return (double) (*state >> 11) * 0x1.0p-53;
}

/* Covariances compared on the scale of their variables:
 * |c_jk − r_jk| ≤ tol × √(r_jj r_kk), since a near-zero covariance has no
 * meaningful relative error. */
static void
assert_covariance_close (const double *c, const double *r, guint k, double tol)
{
  for (guint j = 0; j < k; j++)
    for (guint l = 0; l < k; l++)
      if (!(fabs (c[j * k + l] - r[j * k + l]) <= tol * sqrt (r[j * k + j] * r[l * k + l])))
        g_error ("covariance (%u, %u) = %.17g, expected %.17g", j, l, c[j * k + l], r[j * k + l]);
}

static void
test_moments (void)
{
  enum { N = 5000, K = 3 };
  g_autofree double *a = g_new (double, N);
  g_autofree double *b = g_new (double, N);
  g_autofree double *c = g_new (double, N);
  g_autofree double *w = g_new (double, N);
  const double *columns[K];
  g_autoptr(CxvMoments) by_rows = cxv_moments_new (K);
  g_autoptr(CxvMoments) by_columns = cxv_moments_new (K);
  g_autoptr(CxvMoments) first = cxv_moments_new (K);
  g_autoptr(CxvMoments) second = cxv_moments_new (K);
  g_autoptr(CxvMoments) weighted = cxv_moments_new (K);
  g_autoptr(CxvMoments) duplicated = cxv_moments_new (K);
  double mean[K] = { 0, }, reference[K * K] = { 0, }, cov[K * K], corr[K * K];
  guint64 state = 42;

  g_test_summary ("Moments: stable with a 1e9 offset (vs exact two-pass), rows = columns, "
                  "merged halves = whole, integer weights = duplicated rows");

  /* Revenue-like values around 10⁹ with a spread of ~1: a naive Σx² − n x̄²
   * would keep no digit at all. */
  for (gsize i = 0; i < N; i++)
    {
      a[i] = 1e9 + lcg_uniform (&state);
      b[i] = -3 * a[i] + lcg_uniform (&state);
      c[i] = lcg_uniform (&state) < 0.3 ? 1 : 0;
      w[i] = (double) (guint) (lcg_uniform (&state) * 4); /* bootstrap-like 0…3 */
    }
  columns[0] = a;
  columns[1] = b;
  columns[2] = c;

  /* Reference: two passes in long double around the exact mean. */
  for (guint j = 0; j < K; j++)
    {
      long double sum = 0;

      for (gsize i = 0; i < N; i++)
        sum += columns[j][i];
      mean[j] = (double) (sum / N);
    }
  for (guint j = 0; j < K; j++)
    for (guint k = 0; k < K; k++)
      {
        long double sum = 0;

        for (gsize i = 0; i < N; i++)
          sum += ((long double) columns[j][i] - mean[j]) * ((long double) columns[k][i] - mean[k]);
        reference[j * K + k] = (double) (sum / (N - 1));
      }

  for (gsize i = 0; i < N; i++)
    {
      double row[K] = { a[i], b[i], c[i] };

      cxv_moments_add_row (by_rows, row, 1);
      cxv_moments_add_row (i < N / 3 ? first : second, row, 1);
      cxv_moments_add_row (weighted, row, w[i]);
      for (guint r = 0; r < (guint) w[i]; r++)
        cxv_moments_add_row (duplicated, row, 1);
    }
  cxv_moments_add_columns (by_columns, columns, NULL, N);
  cxv_moments_merge (first, second);

  g_assert_cmpfloat (cxv_moments_get_weight (by_rows), ==, N);
  g_assert_cmpfloat (cxv_moments_get_weight (by_columns), ==, N);
  g_assert_cmpfloat (cxv_moments_get_weight (first), ==, N);
  for (guint j = 0; j < K; j++)
    {
      assert_rel (cxv_moments_get_means (by_rows)[j], mean[j], 1e-14);
      assert_rel (cxv_moments_get_means (by_columns)[j], mean[j], 1e-15);
      assert_rel (cxv_moments_get_means (first)[j], mean[j], 1e-14);
    }
  /* The conditioning bound is ~ε × |mean| / SD = 3e9 ε ≈ 7e-7 for column
   * a (b near −3·10⁹ is only held to 4.8e-7): row by row
   * (West/Welford) reaches ~1e-7, the blocked two-pass path ~1e-8. A naive
   * Σx² − n x̄² would have no correct digit. */
  cxv_moments_get_covariance (by_rows, 1, cov);
  assert_covariance_close (cov, reference, K, 1e-6);
  cxv_moments_get_covariance (first, 1, cov);
  assert_covariance_close (cov, reference, K, 1e-6);
  cxv_moments_get_covariance (by_columns, 1, cov);
  assert_covariance_close (cov, reference, K, 1e-7);

  /* Frequency weights: same as the rows repeated; add_columns too. */
  {
    g_autoptr(CxvMoments) weighted_columns = cxv_moments_new (K);
    double dup[K * K], wc[K * K];

    cxv_moments_add_columns (weighted_columns, columns, w, N);
    g_assert_cmpfloat (cxv_moments_get_weight (weighted), ==, cxv_moments_get_weight (duplicated));
    cxv_moments_get_covariance (duplicated, 1, dup);
    cxv_moments_get_covariance (weighted, 1, cov);
    cxv_moments_get_covariance (weighted_columns, 1, wc);
    assert_covariance_close (cov, dup, K, 1e-6);
    assert_covariance_close (wc, dup, K, 1e-6);
  }

  /* Correlations: a is almost exactly −b/3, so r(a, b) ≈ −0.95. */
  g_assert_true (cxv_moments_get_correlation (by_columns, corr, NULL));
  for (guint j = 0; j < K; j++)
    g_assert_cmpfloat (corr[j * K + j], ==, 1);
  assert_rel (corr[0 * K + 1], reference[1] / sqrt (reference[0] * reference[4]), 1e-7);
  g_assert_cmpfloat (corr[0 * K + 1], ==, corr[1 * K + 0]);

  /* A constant column is reported, its correlations NaN. */
  {
    g_autoptr(CxvMoments) m = cxv_moments_new (2);
    const double *cols[2] = { a, NULL };
    g_autofree double *constant = g_new (double, N);
    guint which = 99;

    for (gsize i = 0; i < N; i++)
      constant[i] = 1e9 + 0.1;
    cols[1] = constant;
    cxv_moments_add_columns (m, cols, NULL, N);
    g_assert_false (cxv_moments_get_correlation (m, corr, &which));
    g_assert_cmpuint (which, ==, 1);
    g_assert_true (isnan (corr[1]));
    g_assert_cmpfloat (corr[0], ==, 1);

    cxv_moments_reset (m);
    g_assert_cmpfloat (cxv_moments_get_weight (m), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/linalg/cholesky-hand", test_cholesky_hand);
  g_test_add_func ("/cxv/linalg/cholesky-collinear", test_cholesky_collinear);
  g_test_add_func ("/cxv/linalg/eigen", test_eigen);
  g_test_add_func ("/cxv/statistics/normal", test_normal);
  g_test_add_func ("/cxv/statistics/student-t", test_student_t);
  g_test_add_func ("/cxv/statistics/incomplete-beta", test_incomplete_beta);
  g_test_add_func ("/cxv/statistics/chi-square", test_chi_square);
  g_test_add_func ("/cxv/statistics/ranks", test_ranks);
  g_test_add_func ("/cxv/statistics/pearson-hand", test_pearson_hand);
  g_test_add_func ("/cxv/statistics/spearman-ties", test_spearman_ties);
  g_test_add_func ("/cxv/statistics/correlation-errors", test_correlation_errors);
  g_test_add_func ("/cxv/statistics/moments", test_moments);

  return g_test_run ();
}
