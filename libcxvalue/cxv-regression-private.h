/* cxv-regression-private.h: OLS, logistic regression and key drivers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fitted model. Term 0 is the intercept, term j + 1 predictor j. The
 * arrays are g_new()ed by the fit and freed by cxv_regression_fit_clear(). */
typedef struct
{
  guint   n_terms;              /* intercept + predictors */
  gsize   n_rows;
  double  df_residual;          /* n_rows − n_terms */
  double *coefficients;
  double *standard_errors;
  double *statistics;           /* t (OLS) or z (logistic) */
  double *p_values;             /* two-sided */
  double *lower, *upper;        /* confidence interval at the requested level */
  double *covariance;           /* n_terms × n_terms, row-major */
  double  r_squared;            /* OLS; McFadden's pseudo R² for logistic */
  double  adjusted_r_squared;   /* OLS; NaN for logistic */
  double  residual_standard_error; /* OLS; NaN for logistic */
  double  log_likelihood;       /* logistic, and the Gaussian one for OLS */
  double  null_log_likelihood;  /* intercept-only model */
  guint   iterations;           /* Newton steps (logistic); 0 for OLS */
  gboolean converged;
} CxvRegressionFit;

/* Both fits take @p predictor columns of @n doubles each (@columns[j][i]
 * is predictor j at row i) and add the intercept themselves. @names
 * (nullable; else "predictor 1"…) name predictors in error messages, and
 * rows are counted from 0 there. @confidence is in (0, 1), e.g. 0.95.
 *
 * Errors, all in CXV_ANALYSIS_ERROR:
 * - EMPTY: no more rows than coefficients (n ≤ p + 1);
 * - INVALID_ARGUMENT: NaN or ±∞ in a predictor or the outcome, a
 *   confidence outside (0, 1), for logistic an outcome other than 0 or 1;
 * - FAILED: a constant predictor or outcome, a predictor that is
 *   (numerically) a linear combination of the earlier ones, logistic
 *   separation, logistic non-convergence.
 * On error @fit is left cleared. */
gboolean cxv_regression_ols      (const double *const *columns,
                                  const char *const   *names,
                                  guint                p,
                                  const double        *y,
                                  gsize                n,
                                  double               confidence,
                                  CxvRegressionFit    *fit,
                                  GError             **error);
/* Maximum likelihood by Newton's method (IRLS) with step halving, stopping
 * when every coefficient moves by less than 1e-8 × (1 + |coefficient|);
 * @max_iterations of 0 means 100. Separation (a linear combination of the
 * predictors that splits 0s from 1s, perfectly or with ties on the
 * boundary) has no finite estimate: it is detected by checking that the
 * direction the coefficients run off along really separates the rows, and
 * reported naming the predictors in that direction. The statistics are
 * Wald z, as statsmodels' Logit reports. */
gboolean cxv_regression_logistic (const double *const *columns,
                                  const char *const   *names,
                                  guint                p,
                                  const double        *y,
                                  gsize                n,
                                  double               confidence,
                                  guint                max_iterations,
                                  CxvRegressionFit    *fit,
                                  GError             **error);
void     cxv_regression_fit_clear (CxvRegressionFit  *fit);

/* Key-driver analysis from a (p + 1)×(p + 1) correlation matrix (row-major,
 * outcome last); @names (nullable) as above. Both split the model's R²
 * (written to @r_squared, nullable) into @p non-negative shares that sum to
 * it. Fail with INVALID_ARGUMENT on a matrix that is not a correlation
 * matrix (non-finite, asymmetric, diagonal not 1), FAILED on collinear
 * predictors.
 *
 * Johnson's (2000) relative weights: regress the outcome on the closest
 * orthonormal transform of the predictors, then give each predictor its
 * squared loadings times those squared weights. */
gboolean cxv_relative_weights    (const double      *correlation,
                                  const char *const *names,
                                  guint              p,
                                  double            *weights,
                                  double            *r_squared,
                                  GError           **error);
/* Shapley values of R² (Lindeman, Merenda & Gold's "LMG"): each
 * predictor's gain in R² averaged over all orders of entry, from the R² of
 * all 2^p subsets. Exact, so limited to p ≤ 20 (INVALID_ARGUMENT above):
 * 2^20 subsets take ~0.1 s and 8 MiB. */
gboolean cxv_shapley_r_squared   (const double      *correlation,
                                  const char *const *names,
                                  guint              p,
                                  double            *shares,
                                  double            *r_squared,
                                  GError           **error);

#define CXV_SHAPLEY_MAX_PREDICTORS 20

G_END_DECLS
