/* cxv-statistics-private.h: distributions, correlations and moments
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Distributions. Relative accuracy is ~1e-14 or better in the body and
 * ~1e-12 far in the tails (checked against scipy.stats in the tests). */
double cxv_normal_cdf              (double x);
/* P(Z > x), accurate in the upper tail where 1 − cdf would cancel. */
double cxv_normal_sf               (double x);
/* Inverse of cxv_normal_cdf(): −∞ at 0, +∞ at 1, NaN outside [0, 1]. */
double cxv_normal_quantile         (double p);
/* Regularized incomplete beta I_x(a, b) for a, b > 0, x in [0, 1]. */
double cxv_incomplete_beta         (double x,
                                    double a,
                                    double b);
/* Regularized upper incomplete gamma Q(a, x) for a > 0, x ≥ 0. */
double cxv_incomplete_gamma_upper  (double a,
                                    double x);
/* Student t with @df > 0 degrees of freedom (df = ∞ is the normal). */
double cxv_student_t_cdf           (double t,
                                    double df);
/* P(|T| ≥ |t|): the two-sided p-value of a t statistic. */
double cxv_student_t_two_sided_p   (double t,
                                    double df);
double cxv_student_t_quantile      (double p,
                                    double df);
/* P(X > x) for X ~ χ²(@df), e.g. a likelihood-ratio test. */
double cxv_chi_square_sf           (double x,
                                    double df);

/* Average ranks, 1-based (ties share the mean of the ranks they span, as
 * scipy.stats.rankdata(method="average")). Values must not be NaN. */
void   cxv_ranks                   (const double *x,
                                    gsize         n,
                                    double       *ranks);

/* A correlation with its interval and test. */
typedef struct
{
  double estimate;
  double lower, upper; /* Fisher-z interval at the requested confidence */
  double statistic;    /* t = r √((n − 2) / (1 − r²)) */
  double p_value;      /* two-sided, Student t with n − 2 df */
  gsize  n;
} CxvCorrelation;

/* Fills the interval and the test of @out->estimate for @out->n pairs.
 * The interval is tanh(atanh r ± z·SE) with SE = 1/√(n − 3) (Fisher 1921);
 * for n ≤ 3 it is [−1, 1]. The p-value is the t test with n − 2 degrees of
 * freedom, exact for Pearson r under bivariate normality and what
 * scipy.stats.spearmanr reports for rho. */
void     cxv_correlation_infer (CxvCorrelation *out,
                                double          confidence);

/* Pearson's r of @n pairs, with the interval and p-value above. Needs
 * n ≥ 3, finite values, and neither variable constant; @x_name and @y_name
 * (nullable) make the error messages say which column is at fault. */
gboolean cxv_pearson  (const double   *x,
                       const double   *y,
                       gsize           n,
                       const char     *x_name,
                       const char     *y_name,
                       double          confidence,
                       CxvCorrelation *out,
                       GError        **error);
/* Spearman's rho: Pearson's r of the average ranks. The interval uses the
 * same Fisher z with SE = 1/√(n − 3); that is slightly narrow for rho
 * (Bonett & Wright 2000 widen it by √(1 + rho²/2)), a choice made so that
 * both coefficients are reported on the same footing. The p-value is
 * scipy.stats.spearmanr's: t with n − 2 degrees of freedom. */
gboolean cxv_spearman (const double   *x,
                       const double   *y,
                       gsize           n,
                       const char     *x_name,
                       const char     *y_name,
                       double          confidence,
                       CxvCorrelation *out,
                       GError        **error);

/* Means and co-moments of k variables over weighted rows, in one pass.
 * Rows are folded in with West's (1979) weighted update, so a column of
 * values near 10⁹ with a spread of 1 loses no digits; two accumulators
 * combine exactly (Chan, Golub & LeVeque 1979), so threads can each take a
 * share of the rows. A weight is a frequency: a bootstrap resample is the
 * original rows with integer weights (0 skips the row). Values must be
 * finite; that is the caller's to check. */
typedef struct _CxvMoments CxvMoments;

CxvMoments   *cxv_moments_new             (guint              k);
void          cxv_moments_free            (CxvMoments        *self);
void          cxv_moments_reset           (CxvMoments        *self);
guint         cxv_moments_get_k           (const CxvMoments  *self);
/* Total weight (the row count when all weights are 1). */
double        cxv_moments_get_weight      (const CxvMoments  *self);
const double *cxv_moments_get_means       (const CxvMoments  *self);
void          cxv_moments_add_row         (CxvMoments        *self,
                                           const double      *row,
                                           double             weight);
/* Adds @n rows held as k columns; @weights is nullable (all 1). Faster
 * than row by row: blocks of rows are summed two-pass, then merged. */
void          cxv_moments_add_columns     (CxvMoments        *self,
                                           const double *const *columns,
                                           const double      *weights,
                                           gsize              n);
/* Folds @other into @self; both must have the same k. */
void          cxv_moments_merge           (CxvMoments        *self,
                                           const CxvMoments  *other);
/* Co-moment matrix divided by (weight − @ddof); k×k, row-major. */
void          cxv_moments_get_covariance  (const CxvMoments  *self,
                                           double             ddof,
                                           double            *covariance);
/* Correlation matrix (k×k, 1 on the diagonal). Returns FALSE if a
 * variable has no spread, whose row and column are then NaN; the index of
 * the first one goes to @constant_column (nullable). */
gboolean      cxv_moments_get_correlation (const CxvMoments  *self,
                                           double            *correlation,
                                           guint             *constant_column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvMoments, cxv_moments_free)

G_END_DECLS
