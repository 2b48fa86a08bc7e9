/* cxv-regression.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-error.h"
#include "cxv-linalg-private.h"
#include "cxv-regression-private.h"
#include "cxv-statistics-private.h"

/* Both models work on predictors centred at their means. That leaves the
 * slopes unchanged, makes the intercept nearly orthogonal to them (so the
 * cross-product matrix is as well conditioned as the data allow, however
 * far from zero revenue sits), and is undone at the end by
 * uncentre_terms(). */

#define BLOCK_ROWS 256
#define DEFAULT_MAX_ITERATIONS 100

typedef struct
{
  const double *const *columns;
  const char *const   *names;
  guint                p;
  const double        *y;
  gsize                n;
  double              *means;     /* p */
  double              *sxx;       /* p×p centred cross-products */
  double              *sxy;       /* p */
  double               y_mean;
  double               syy;
} Design;

static void
design_clear (Design *design)
{
  g_clear_pointer (&design->means, g_free);
  g_clear_pointer (&design->sxx, g_free);
  g_clear_pointer (&design->sxy, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Design, design_clear)

static char *
predictor_name (const char *const *names, guint j)
{
  if (names != NULL && names[j] != NULL)
    return g_strdup (names[j]);
  return g_strdup_printf ("predictor %u", j + 1);
}

static gboolean
check_finite (const double *x, gsize n, const char *const *names, int j, GError **error)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (x[i]))
      {
        g_autofree char *name = j < 0 ? g_strdup ("outcome") : predictor_name (names, (guint) j);

        g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                     "Column “%s” holds %g at row %" G_GSIZE_FORMAT, name, x[i], i);
        return FALSE;
      }
  return TRUE;
}

/* Explains which earlier predictors column @j is a combination of: row j of
 * the partial Cholesky factor @l holds Lⱼ, and solving L₍<ⱼ₎ᵀ b = Lⱼ gives
 * the coefficients of x_j on x_0…x_{j−1} (all centred). */
static void
set_collinear_error (const Design *design, const double *l, guint j, GError **error)
{
  guint p = design->p;
  g_autofree double *b = g_new (double, j + 1);
  g_autoptr(GString) combination = g_string_new (NULL);
  g_autofree char *name = predictor_name (design->names, j);
  double sd_j = sqrt (design->sxx[(gsize) j * p + j]);

  for (guint k = 0; k < j; k++)
    b[k] = l[(gsize) j * p + k];
  for (guint k = j; k-- > 0;)
    {
      double sum = b[k];

      for (guint m = k + 1; m < j; m++)
        sum -= l[(gsize) m * p + k] * b[m];
      b[k] = sum / l[(gsize) k * p + k];
    }
  for (guint k = 0; k < j; k++)
    {
      g_autofree char *other = predictor_name (design->names, k);

      /* Only terms that matter on the scale of x_j. */
      if (fabs (b[k]) * sqrt (design->sxx[(gsize) k * p + k]) <= 1e-6 * sd_j)
        continue;
      g_string_append_printf (combination, "%s%.6g × “%s”",
                              combination->len > 0 ? " + " : "", b[k], other);
    }
  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
               "Predictor “%s” is a linear combination of the predictors before it "
               "(≈ %s + constant), so its coefficient is not identified",
               name, combination->len > 0 ? combination->str : "a constant");
}

/* Validates the input and gathers means and centred cross-products (one
 * blocked pass through CxvMoments), then checks that the predictors are
 * neither constant nor collinear. */
static gboolean
design_init (Design              *design,
             const double *const *columns,
             const char *const   *names,
             guint                p,
             const double        *y,
             gsize                n,
             double               confidence,
             GError             **error)
{
  g_autoptr(CxvMoments) moments = NULL;
  g_autofree const double **all = NULL;
  g_autofree double *comoment = NULL;
  g_autofree double *l = NULL;
  guint failed = 0;

  *design = (Design) { columns, names, p, y, n, NULL, NULL, NULL, 0, 0 };

  if (!(confidence > 0 && confidence < 1))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Confidence level %g is not between 0 and 1", confidence);
      return FALSE;
    }
  if (n <= (gsize) p + 1)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                   "%" G_GSIZE_FORMAT " rows are too few to estimate %u coefficients: "
                   "at least %u are needed", n, p + 1, p + 2);
      return FALSE;
    }
  for (guint j = 0; j < p; j++)
    if (!check_finite (columns[j], n, names, (int) j, error))
      return FALSE;
  if (!check_finite (y, n, names, -1, error))
    return FALSE;

  for (guint j = 0; j < p; j++)
    {
      gsize i = 1;

      while (i < n && columns[j][i] == columns[j][0])
        i++;
      if (i == n)
        {
          g_autofree char *name = predictor_name (names, j);

          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                       "Predictor “%s” is constant (%g in every row), so its coefficient "
                       "cannot be told apart from the intercept", name, columns[j][0]);
          return FALSE;
        }
    }

  all = g_new (const double *, p + 1);
  for (guint j = 0; j < p; j++)
    all[j] = columns[j];
  all[p] = y;
  moments = cxv_moments_new (p + 1);
  cxv_moments_add_columns (moments, all, NULL, n);

  comoment = g_new (double, (gsize) (p + 1) * (p + 1));
  cxv_moments_get_covariance (moments, 0, comoment);
  for (guint j = 0; j < p + 1; j++)
    for (guint k = 0; k < p + 1; k++)
      comoment[(gsize) j * (p + 1) + k] *= (double) n;

  design->means = g_memdup2 (cxv_moments_get_means (moments), p * sizeof (double));
  design->y_mean = cxv_moments_get_means (moments)[p];
  design->sxx = g_new (double, (gsize) p * p);
  design->sxy = g_new (double, p);
  for (guint j = 0; j < p; j++)
    {
      memcpy (design->sxx + (gsize) j * p, comoment + (gsize) j * (p + 1), p * sizeof (double));
      design->sxy[j] = comoment[(gsize) p * (p + 1) + j];
    }
  design->syy = comoment[(gsize) p * (p + 1) + p];

  l = g_memdup2 (design->sxx, (gsize) p * p * sizeof (double));
  if (!cxv_linalg_cholesky (l, p, CXV_LINALG_PIVOT_TOLERANCE, &failed))
    {
      set_collinear_error (design, l, failed, error);
      return FALSE;
    }
  return TRUE;
}

/* From the centred parametrisation (intercept at the means) back to the
 * raw one: β₀ = β₀ᶜ − Σ mⱼβⱼ, i.e. β = Tβᶜ with T = [1, −mᵀ; 0, I], so the
 * covariance becomes T C Tᵀ. */
static void
uncentre_terms (const double *means, guint p, double *beta, double *covariance)
{
  guint q = p + 1;

  for (guint j = 0; j < p; j++)
    beta[0] -= means[j] * beta[j + 1];
  for (guint k = 0; k < q; k++)
    for (guint j = 0; j < p; j++)
      covariance[k] -= means[j] * covariance[(gsize) (j + 1) * q + k];
  for (guint k = 0; k < q; k++)
    for (guint j = 0; j < p; j++)
      covariance[(gsize) k * q] -= means[j] * covariance[(gsize) k * q + j + 1];
}

static void
fit_alloc (CxvRegressionFit *fit, guint p, gsize n)
{
  guint q = p + 1;

  memset (fit, 0, sizeof *fit);
  fit->n_terms = q;
  fit->n_rows = n;
  fit->df_residual = (double) n - q;
  fit->coefficients = g_new0 (double, q);
  fit->standard_errors = g_new0 (double, q);
  fit->statistics = g_new0 (double, q);
  fit->p_values = g_new0 (double, q);
  fit->lower = g_new0 (double, q);
  fit->upper = g_new0 (double, q);
  fit->covariance = g_new0 (double, (gsize) q * q);
}

void
cxv_regression_fit_clear (CxvRegressionFit *fit)
{
  g_free (fit->coefficients);
  g_free (fit->standard_errors);
  g_free (fit->statistics);
  g_free (fit->p_values);
  g_free (fit->lower);
  g_free (fit->upper);
  g_free (fit->covariance);
  memset (fit, 0, sizeof *fit);
}

/* Standard errors, statistics, p-values and intervals from the covariance:
 * Student t with @df degrees of freedom, or the normal when df = ∞. */
static void
fit_infer (CxvRegressionFit *fit, double df, double confidence)
{
  double critical = cxv_student_t_quantile (0.5 + 0.5 * confidence, df);

  for (guint j = 0; j < fit->n_terms; j++)
    {
      double se = sqrt (fit->covariance[(gsize) j * fit->n_terms + j]);

      fit->standard_errors[j] = se;
      fit->statistics[j] = fit->coefficients[j] / se;
      fit->p_values[j] = cxv_student_t_two_sided_p (fit->statistics[j], df);
      fit->lower[j] = fit->coefficients[j] - critical * se;
      fit->upper[j] = fit->coefficients[j] + critical * se;
    }
}

gboolean
cxv_regression_ols (const double *const *columns,
                    const char *const   *names,
                    guint                p,
                    const double        *y,
                    gsize                n,
                    double               confidence,
                    CxvRegressionFit    *fit,
                    GError             **error)
{
  g_auto(Design) design = { 0, };
  g_autofree double *l = NULL;
  g_autofree double *inverse = NULL;
  g_autofree double *row = NULL;
  double rss = 0, df, s2;
  guint q = p + 1;

  g_return_val_if_fail (fit != NULL, FALSE);
  g_return_val_if_fail (p == 0 || columns != NULL, FALSE);
  g_return_val_if_fail (n == 0 || y != NULL, FALSE);

  memset (fit, 0, sizeof *fit);
  if (!design_init (&design, columns, names, p, y, n, confidence, error))
    return FALSE;
  if (design.syy == 0)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                   "The outcome is constant (%g in every row): there is nothing to explain",
                   y[0]);
      return FALSE;
    }

  fit_alloc (fit, p, n);
  l = g_memdup2 (design.sxx, (gsize) p * p * sizeof (double));
  /* design_init() has already factored this successfully. */
  cxv_linalg_cholesky (l, p, CXV_LINALG_PIVOT_TOLERANCE, NULL);
  memcpy (fit->coefficients + 1, design.sxy, p * sizeof (double));
  cxv_linalg_cholesky_solve (l, p, fit->coefficients + 1);
  fit->coefficients[0] = design.y_mean;

  /* The residual sum of squares from the residuals themselves: Syy − bᵀSxy
   * would cancel catastrophically when R² is near 1. */
  row = g_new (double, p);
  for (gsize i = 0; i < n; i++)
    {
      double e = y[i] - design.y_mean;

      for (guint j = 0; j < p; j++)
        e -= fit->coefficients[j + 1] * (columns[j][i] - design.means[j]);
      rss += e * e;
    }

  df = (double) n - q;
  s2 = rss / df;
  inverse = g_new (double, (gsize) p * p);
  cxv_linalg_cholesky_inverse (l, p, inverse);
  /* Centred: Var(β₀ᶜ) = s²/n, independent of the slopes (Var = s² Sxx⁻¹). */
  fit->covariance[0] = s2 / (double) n;
  for (guint j = 0; j < p; j++)
    for (guint k = 0; k < p; k++)
      fit->covariance[(gsize) (j + 1) * q + k + 1] = s2 * inverse[(gsize) j * p + k];
  uncentre_terms (design.means, p, fit->coefficients, fit->covariance);
  fit_infer (fit, df, confidence);

  fit->r_squared = 1 - rss / design.syy;
  fit->adjusted_r_squared = 1 - (1 - fit->r_squared) * ((double) n - 1) / df;
  fit->residual_standard_error = sqrt (s2);
  /* The Gaussian log-likelihood at the ML variance RSS/n, as statsmodels'
   * llf, so that AIC/BIC and likelihood-ratio tests can be formed. */
  fit->log_likelihood = -0.5 * (double) n * (log (2 * G_PI * rss / (double) n) + 1);
  fit->null_log_likelihood = -0.5 * (double) n * (log (2 * G_PI * design.syy / (double) n) + 1);
  fit->iterations = 0;
  fit->converged = TRUE;
  return TRUE;
}

/* ---------------------------------------------------------------------- *
 * Logistic regression
 * ---------------------------------------------------------------------- */

typedef struct
{
  double log_likelihood;
  double *gradient;        /* q */
  double *hessian;         /* q×q, lower triangle; Xᵀ W X */
  double  min_tail;        /* smallest min(μ, 1 − μ) */
} LogisticPass;

/* One pass over the rows at coefficients @beta (centred parametrisation):
 * log-likelihood, score and information. Rows go in blocks so that the
 * q(q + 1)/2 sums are dot products over contiguous memory, and block sums
 * are added to the totals, which keeps rounding from growing with n. */
static void
logistic_pass (const Design *design, const double *beta, LogisticPass *out)
{
  guint p = design->p, q = p + 1;
  g_autofree double *z = g_new (double, (gsize) q * BLOCK_ROWS);
  g_autofree double *wz = g_new (double, (gsize) q * BLOCK_ROWS);
  double residual[BLOCK_ROWS], eta[BLOCK_ROWS];

  out->log_likelihood = 0;
  out->min_tail = 1;
  memset (out->gradient, 0, q * sizeof (double));
  memset (out->hessian, 0, (gsize) q * q * sizeof (double));

  for (gsize start = 0; start < design->n; start += BLOCK_ROWS)
    {
      gsize m = MIN ((gsize) BLOCK_ROWS, design->n - start);
      double block_ll = 0;

      for (gsize i = 0; i < m; i++)
        {
          z[i] = 1;
          eta[i] = beta[0];
        }
      for (guint j = 0; j < p; j++)
        {
          const double *x = design->columns[j] + start;
          double *zj = z + (gsize) (j + 1) * BLOCK_ROWS;

          for (gsize i = 0; i < m; i++)
            {
              zj[i] = x[i] - design->means[j];
              eta[i] += beta[j + 1] * zj[i];
            }
        }
      for (gsize i = 0; i < m; i++)
        {
          /* e = exp(−|η|) never overflows; μ, 1 − μ and log(1 + e^{±η})
           * follow without cancellation on either side. */
          double e = exp (-fabs (eta[i]));
          double big = 1 / (1 + e), small = e / (1 + e);
          double mu = eta[i] >= 0 ? big : small;
          double w = big * small;
          gboolean one = design->y[start + i] != 0;

          /* log μ = −log(1 + e^{−η}), log(1 − μ) = −log(1 + e^{η}) */
          if ((eta[i] >= 0) == one)
            block_ll -= log1p (e);
          else
            block_ll -= fabs (eta[i]) + log1p (e);
          residual[i] = (one ? 1 : 0) - mu;
          out->min_tail = MIN (out->min_tail, small);
          for (guint j = 0; j < q; j++)
            wz[(gsize) j * BLOCK_ROWS + i] = w * z[(gsize) j * BLOCK_ROWS + i];
        }
      out->log_likelihood += block_ll;

      for (guint j = 0; j < q; j++)
        {
          const double *zj = z + (gsize) j * BLOCK_ROWS;
          const double *wzj = wz + (gsize) j * BLOCK_ROWS;
          double g = 0;

          for (gsize i = 0; i < m; i++)
            g += residual[i] * zj[i];
          out->gradient[j] += g;
          for (guint k = 0; k <= j; k++)
            {
              const double *zk = z + (gsize) k * BLOCK_ROWS;
              double h = 0;

              for (gsize i = 0; i < m; i++)
                h += wzj[i] * zk[i];
              out->hessian[(gsize) j * q + k] += h;
            }
        }
    }
}

/* Checks that @direction (centred parametrisation) separates the rows:
 * (2y − 1)·ηᵢ ≥ 0 for every row, up to rounding, with η not all zero. Such
 * a direction proves the likelihood keeps rising along it forever, so no
 * finite maximum exists. @n_boundary gets the rows with ηᵢ ≈ 0 (quasi-
 * complete separation when > 0). */
static gboolean
is_separating (const Design *design, const double *direction, gsize *n_boundary)
{
  double scale = 0, worst = G_MAXDOUBLE;
  g_autofree double *eta = g_new (double, design->n);

  for (gsize i = 0; i < design->n; i++)
    {
      eta[i] = direction[0];
      for (guint j = 0; j < design->p; j++)
        eta[i] += direction[j + 1] * (design->columns[j][i] - design->means[j]);
      scale = MAX (scale, fabs (eta[i]));
      worst = MIN (worst, design->y[i] != 0 ? eta[i] : -eta[i]);
    }
  if (!(scale > 0) || worst < -1e-6 * scale)
    return FALSE;
  /* Rows not clearly on their side are on the boundary hyperplane. */
  *n_boundary = 0;
  for (gsize i = 0; i < design->n; i++)
    if (fabs (eta[i]) <= 1e-6 * scale)
      (*n_boundary)++;
  return TRUE;
}

static void
set_separation_error (const Design *design, const double *direction, gsize n_boundary,
                      GError **error)
{
  guint p = design->p;
  g_autoptr(GString) involved = g_string_new (NULL);
  double largest = 0;

  /* Name the predictors that carry the direction, on a per-SD scale. */
  for (guint j = 0; j < p; j++)
    largest = MAX (largest, fabs (direction[j + 1]) * sqrt (design->sxx[(gsize) j * p + j]));
  for (guint j = 0; j < p; j++)
    {
      g_autofree char *name = predictor_name (design->names, j);

      if (fabs (direction[j + 1]) * sqrt (design->sxx[(gsize) j * p + j]) < 1e-3 * largest)
        continue;
      g_string_append_printf (involved, "%s“%s”", involved->len > 0 ? ", " : "", name);
    }
  if (n_boundary > 0)
    g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                 "Quasi-complete separation: %s split the outcome perfectly except for "
                 "%" G_GSIZE_FORMAT " rows on the boundary, so some coefficients are "
                 "infinite and the model cannot be estimated",
                 involved->str, n_boundary);
  else
    g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                 "Complete separation: %s predict the outcome perfectly, so the "
                 "coefficients are infinite and the model cannot be estimated",
                 involved->str);
}

gboolean
cxv_regression_logistic (const double *const *columns,
                         const char *const   *names,
                         guint                p,
                         const double        *y,
                         gsize                n,
                         double               confidence,
                         guint                max_iterations,
                         CxvRegressionFit    *fit,
                         GError             **error)
{
  g_auto(Design) design = { 0, };
  guint q = p + 1;
  g_autofree double *beta = g_new0 (double, q);
  g_autofree double *trial = g_new0 (double, q);
  g_autofree double *step = g_new0 (double, q);
  g_autofree double *last_step = g_new0 (double, q);
  g_autofree double *l = g_new (double, (gsize) q * q);
  g_autofree double *gradient = g_new (double, q);
  g_autofree double *hessian = g_new (double, (gsize) q * q);
  g_autofree double *trial_gradient = g_new (double, q);
  g_autofree double *trial_hessian = g_new (double, (gsize) q * q);
  LogisticPass current = { 0, gradient, hessian, 1 };
  LogisticPass candidate = { 0, trial_gradient, trial_hessian, 1 };
  gboolean converged = FALSE, have_step = FALSE, singular = FALSE;
  guint iterations = 0;
  gsize n_ones = 0, n_boundary = 0;

  g_return_val_if_fail (fit != NULL, FALSE);
  g_return_val_if_fail (p == 0 || columns != NULL, FALSE);
  g_return_val_if_fail (n == 0 || y != NULL, FALSE);

  memset (fit, 0, sizeof *fit);
  if (max_iterations == 0)
    max_iterations = DEFAULT_MAX_ITERATIONS;
  if (!design_init (&design, columns, names, p, y, n, confidence, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      if (y[i] != 0 && y[i] != 1)
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "The outcome is %g at row %" G_GSIZE_FORMAT
                       "; logistic regression needs 0 or 1", y[i], i);
          return FALSE;
        }
      n_ones += y[i] != 0;
    }
  if (n_ones == 0 || n_ones == n)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                   "The outcome is %d in every row: there is nothing to separate",
                   n_ones == n);
      return FALSE;
    }

  /* Start at the intercept-only fit, which is one Newton step closer than
   * zero and exactly where the null log-likelihood is taken. */
  beta[0] = log ((double) n_ones / (double) (n - n_ones));
  logistic_pass (&design, beta, &current);

  while (iterations < max_iterations)
    {
      double scale = 1;
      gboolean small = TRUE;
      guint failed = 0;

      memcpy (l, hessian, (gsize) q * q * sizeof (double));
      if (!cxv_linalg_cholesky (l, q, CXV_LINALG_PIVOT_TOLERANCE, &failed))
        {
          /* The predictors are not collinear (design_init() checked), so
           * the information only degenerates when weights μ(1 − μ) vanish:
           * the signature of separation, checked below. */
          singular = TRUE;
          break;
        }
      memcpy (step, gradient, q * sizeof (double));
      cxv_linalg_cholesky_solve (l, q, step);
      iterations++;
      memcpy (last_step, step, q * sizeof (double));
      have_step = TRUE;

      for (guint j = 0; j < q; j++)
        small = small && fabs (step[j]) <= 1e-8 * (1 + fabs (beta[j]));

      /* Once some probabilities are nearly 0 or 1, check whether the
       * coefficients are running off along a separating direction. Early
       * is better: later, the saturated rows drop out of the information
       * in floating point and the Newton direction drifts. */
      if (!small && current.min_tail < 1e-6 && is_separating (&design, step, &n_boundary))
        {
          set_separation_error (&design, step, n_boundary, error);
          return FALSE;
        }

      /* Step halving: Newton on this concave likelihood rarely overshoots,
       * but far from the optimum it can. Rounding makes a likelihood that
       * has stopped moving (deep separation) look slightly lower, hence
       * the tolerance. */
      for (;;)
        {
          for (guint j = 0; j < q; j++)
            trial[j] = beta[j] + scale * step[j];
          logistic_pass (&design, trial, &candidate);
          if (candidate.log_likelihood
              >= current.log_likelihood - 1e-12 * (1 + fabs (current.log_likelihood)))
            break;
          scale /= 2;
          if (scale < 1e-10)
            break;
        }
      if (scale < 1e-10)
        break;

      memcpy (beta, trial, q * sizeof (double));
      current.log_likelihood = candidate.log_likelihood;
      current.min_tail = candidate.min_tail;
      memcpy (gradient, trial_gradient, q * sizeof (double));
      memcpy (hessian, trial_hessian, (gsize) q * q * sizeof (double));
      if (small)
        {
          converged = TRUE;
          break;
        }
    }

  /* The same check when the iterations ran out or the information became
   * singular before it succeeded. */
  if (have_step && (!converged || singular) && is_separating (&design, last_step, &n_boundary))
    {
      set_separation_error (&design, last_step, n_boundary, error);
      return FALSE;
    }
  if (!converged)
    {
      if (singular)
        g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                     "Logistic regression failed after %u iterations: the information "
                     "matrix became singular (fitted probabilities of 0 or 1)", iterations);
      else
        g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                     "Logistic regression did not converge in %u iterations", iterations);
      return FALSE;
    }

  fit_alloc (fit, p, n);
  memcpy (fit->coefficients, beta, q * sizeof (double));
  memcpy (l, hessian, (gsize) q * q * sizeof (double));
  if (!cxv_linalg_cholesky (l, q, CXV_LINALG_PIVOT_TOLERANCE, NULL))
    {
      cxv_regression_fit_clear (fit);
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                   "Logistic regression converged in %u iterations to a singular "
                   "information matrix", iterations);
      return FALSE;
    }
  cxv_linalg_cholesky_inverse (l, q, fit->covariance);
  uncentre_terms (design.means, p, fit->coefficients, fit->covariance);
  fit_infer (fit, INFINITY, confidence);

  fit->log_likelihood = current.log_likelihood;
  fit->null_log_likelihood = (double) n_ones * log ((double) n_ones / (double) n)
                             + (double) (n - n_ones) * log ((double) (n - n_ones) / (double) n);
  fit->r_squared = 1 - fit->log_likelihood / fit->null_log_likelihood;
  fit->adjusted_r_squared = NAN;
  fit->residual_standard_error = NAN;
  fit->iterations = iterations;
  fit->converged = TRUE;
  return TRUE;
}

/* ---------------------------------------------------------------------- *
 * Key drivers
 * ---------------------------------------------------------------------- */

static gboolean
check_correlation (const double *r, const char *const *names, guint p, GError **error)
{
  guint k = p + 1;

  /* The upper bound is only a sanity limit (and tells the compiler that
   * p × p cannot overflow). */
  if (p == 0 || p > 1000)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Key-driver analysis needs between 1 and 1000 predictors, not %u", p);
      return FALSE;
    }
  for (guint j = 0; j < k; j++)
    for (guint l = 0; l < k; l++)
      {
        double v = r[(gsize) j * k + l];

        if (!isfinite (v) || fabs (v - r[(gsize) l * k + j]) > 1e-12 || fabs (v) > 1 + 1e-12
            || (j == l && fabs (v - 1) > 1e-9))
          {
            g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                         "Not a correlation matrix: element (%u, %u) is %g", j, l, v);
            return FALSE;
          }
      }

  {
    g_autofree double *l = g_new (double, (gsize) p * p);
    guint failed = 0;

    for (guint j = 0; j < p; j++)
      memcpy (l + (gsize) j * p, r + (gsize) j * k, p * sizeof (double));
    if (!cxv_linalg_cholesky (l, p, CXV_LINALG_PIVOT_TOLERANCE, &failed))
      {
        g_autofree char *name = predictor_name (names, failed);

        g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                     "Predictor “%s” is perfectly correlated with a combination of the "
                     "predictors before it, so importance cannot be split", name);
        return FALSE;
      }
  }
  return TRUE;
}

gboolean
cxv_relative_weights (const double      *correlation,
                      const char *const *names,
                      guint              p,
                      double            *weights,
                      double            *r_squared,
                      GError           **error)
{
  guint k = p + 1;
  g_autofree double *rxx = NULL;
  g_autofree double *lambda = NULL;
  g_autofree double *v = NULL;
  g_autofree double *root = NULL;
  g_autofree double *beta = NULL;
  double total = 0;

  g_return_val_if_fail (correlation != NULL, FALSE);
  g_return_val_if_fail (weights != NULL, FALSE);

  if (!check_correlation (correlation, names, p, error))
    return FALSE;

  rxx = g_new (double, (gsize) p * p);
  for (guint j = 0; j < p; j++)
    memcpy (rxx + (gsize) j * p, correlation + (gsize) j * k, p * sizeof (double));
  lambda = g_new (double, p);
  v = g_new (double, (gsize) p * p);
  if (!cxv_linalg_symmetric_eigen (rxx, p, lambda, v) || !(lambda[p - 1] > 0))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                           "The predictors' correlation matrix has no square root");
      return FALSE;
    }

  /* Λ = Rxx^{1/2} = V diag(√λ) Vᵀ holds the loadings of the predictors on
   * their closest orthonormal counterparts Z; the outcome's weights on Z
   * are β = Rxx^{−1/2} r_xy = V diag(1/√λ) Vᵀ r_xy. */
  root = g_new0 (double, (gsize) p * p);
  beta = g_new0 (double, p);
  for (guint m = 0; m < p; m++)
    {
      double s = sqrt (lambda[m]), projection = 0;

      for (guint j = 0; j < p; j++)
        projection += v[(gsize) j * p + m] * correlation[(gsize) j * k + p];
      for (guint j = 0; j < p; j++)
        {
          beta[j] += v[(gsize) j * p + m] * projection / s;
          for (guint i = 0; i < p; i++)
            root[(gsize) i * p + j] += v[(gsize) i * p + m] * s * v[(gsize) j * p + m];
        }
    }
  for (guint j = 0; j < p; j++)
    {
      weights[j] = 0;
      for (guint m = 0; m < p; m++)
        weights[j] += root[(gsize) j * p + m] * root[(gsize) j * p + m] * beta[m] * beta[m];
      total += weights[j];
    }
  if (r_squared != NULL)
    *r_squared = total;
  return TRUE;
}

typedef struct
{
  const double *r;
  guint         p;
  guint        *index;   /* p: the subset being extended, in order */
  double       *l;       /* p×p: Cholesky rows of that subset */
  double       *c;       /* p: L⁻¹ r_Sy, so R²(S) = ‖c‖² */
  double       *r2;      /* 2^p: R² of every subset, by bit mask */
  guint         failed;
} Subsets;

/* Depth-first over subsets in increasing index order, extending the
 * Cholesky factor by one row per step: O(|S|²) per subset instead of a
 * fresh O(|S|³) factorisation. */
static gboolean
visit_subsets (Subsets *s, guint depth, guint next, guint32 mask, double r2)
{
  guint k = s->p + 1;

  for (guint j = next; j < s->p; j++)
    {
      double *row = s->l + (gsize) depth * s->p;
      double d2 = s->r[(gsize) j * k + j], cy = s->r[(gsize) j * k + s->p];
      guint32 extended = mask | (1u << j);

      for (guint t = 0; t < depth; t++)
        {
          double sum = s->r[(gsize) s->index[t] * k + j];

          for (guint u = 0; u < t; u++)
            sum -= row[u] * s->l[(gsize) t * s->p + u];
          row[t] = sum / s->l[(gsize) t * s->p + t];
          d2 -= row[t] * row[t];
          cy -= row[t] * s->c[t];
        }
      if (!(d2 > CXV_LINALG_PIVOT_TOLERANCE * s->r[(gsize) j * k + j]))
        {
          s->failed = j;
          return FALSE;
        }
      row[depth] = sqrt (d2);
      s->c[depth] = cy / row[depth];
      s->index[depth] = j;
      s->r2[extended] = r2 + s->c[depth] * s->c[depth];
      if (!visit_subsets (s, depth + 1, j + 1, extended, s->r2[extended]))
        return FALSE;
    }
  return TRUE;
}

static guint
count_bits (guint32 mask)
{
  guint count = 0;

  for (; mask != 0; mask &= mask - 1)
    count++;
  return count;
}

gboolean
cxv_shapley_r_squared (const double      *correlation,
                       const char *const *names,
                       guint              p,
                       double            *shares,
                       double            *r_squared,
                       GError           **error)
{
  g_autofree guint *index = NULL;
  g_autofree double *l = NULL;
  g_autofree double *c = NULL;
  g_autofree double *r2 = NULL;
  g_autofree double *weight = NULL;
  Subsets subsets;
  guint32 full;

  g_return_val_if_fail (correlation != NULL, FALSE);
  g_return_val_if_fail (shares != NULL, FALSE);

  if (p > CXV_SHAPLEY_MAX_PREDICTORS)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Shapley decomposition of %u predictors would need 2^%u regressions; "
                   "at most %u predictors are supported (use relative weights instead)",
                   p, p, CXV_SHAPLEY_MAX_PREDICTORS);
      return FALSE;
    }
  if (!check_correlation (correlation, names, p, error))
    return FALSE;

  full = (guint32) ((1u << p) - 1);
  index = g_new (guint, p);
  l = g_new0 (double, (gsize) p * p);
  c = g_new0 (double, p);
  r2 = g_new0 (double, (gsize) 1 << p);
  subsets = (Subsets) { correlation, p, index, l, c, r2, 0 };
  if (!visit_subsets (&subsets, 0, 0, 0, 0))
    {
      g_autofree char *name = predictor_name (names, subsets.failed);

      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                   "Predictor “%s” is perfectly correlated with a combination of other "
                   "predictors, so importance cannot be split", name);
      return FALSE;
    }

  /* An order of entry puts |S| = m others before j in m!(p − m − 1)!
   * of the p! orders. */
  weight = g_new (double, p);
  weight[0] = 1.0 / p;
  for (guint m = 1; m < p; m++)
    weight[m] = weight[m - 1] * m / (double) (p - m);
  for (guint j = 0; j < p; j++)
    {
      guint32 bit = 1u << j;
      double sum = 0;

      for (guint32 mask = 0; mask <= full; mask++)
        if ((mask & bit) == 0)
          sum += weight[count_bits (mask)] * (r2[mask | bit] - r2[mask]);
      shares[j] = sum;
    }
  if (r_squared != NULL)
    *r_squared = r2[full];
  return TRUE;
}
