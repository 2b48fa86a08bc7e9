/* cxv-optimizer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* BFGS over unconstrained parameters. Callers with bounds optimise a
 * transform (log for positive parameters), so no projection is needed here.
 * The problems this serves are small (n <= ~10) and their functions
 * expensive (a sum over a million customers), so the code spends
 * arithmetic freely to save function calls. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-optimizer-private.h"

#define ARMIJO_C1 1e-4
#define MAX_BACKTRACKS 60

static double
call (CxvOptimizerFunc func, gpointer user_data, const double *x, double *gradient,
      gboolean analytic, guint n, guint *n_evaluations)
{
  double f;

  if (gradient != NULL && !analytic)
    {
      f = func (x, NULL, user_data);
      if (isfinite (f))
        cxv_optimizer_numerical_gradient (n, x, func, user_data, gradient);
      *n_evaluations += 1 + 2 * n;
      return f;
    }

  f = func (x, gradient, user_data);
  *n_evaluations += 1;
  return f;
}

static double
dot (guint n, const double *a, const double *b)
{
  double s = 0.0;

  for (guint i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

static double
max_abs (guint n, const double *a)
{
  double m = 0.0;

  for (guint i = 0; i < n; i++)
    m = MAX (m, fabs (a[i]));
  return m;
}

static gboolean
all_finite (guint n, const double *a)
{
  for (guint i = 0; i < n; i++)
    if (!isfinite (a[i]))
      return FALSE;
  return TRUE;
}

static void
set_identity (guint n, double *h, double scale)
{
  memset (h, 0, sizeof (double) * n * n);
  for (guint i = 0; i < n; i++)
    h[i * n + i] = scale;
}

void
cxv_optimizer_numerical_gradient (guint             n,
                                  const double     *x,
                                  CxvOptimizerFunc  func,
                                  gpointer          user_data,
                                  double           *gradient)
{
  g_autofree double *xx = g_memdup2 (x, sizeof (double) * n);

  for (guint i = 0; i < n; i++)
    {
      /* cbrt (DBL_EPSILON) balances truncation against rounding. */
      double h = 6e-6 * MAX (1.0, fabs (x[i]));
      double fp, fm;

      xx[i] = x[i] + h;
      fp = func (xx, NULL, user_data);
      xx[i] = x[i] - h;
      fm = func (xx, NULL, user_data);
      xx[i] = x[i];
      gradient[i] = (fp - fm) / (2.0 * h);
    }
}

gboolean
cxv_optimizer_hessian (guint             n,
                       const double     *x,
                       CxvOptimizerFunc  func,
                       gpointer          user_data,
                       gboolean          analytic_gradient,
                       double           *hessian)
{
  g_autofree double *xx = g_memdup2 (x, sizeof (double) * n);
  g_autofree double *gp = g_new (double, n);
  g_autofree double *gm = g_new (double, n);

  if (analytic_gradient)
    {
      for (guint i = 0; i < n; i++)
        {
          double h = 1e-4 * MAX (1.0, fabs (x[i]));

          xx[i] = x[i] + h;
          if (!isfinite (func (xx, gp, user_data)))
            return FALSE;
          xx[i] = x[i] - h;
          if (!isfinite (func (xx, gm, user_data)))
            return FALSE;
          xx[i] = x[i];
          for (guint j = 0; j < n; j++)
            hessian[i * n + j] = (gp[j] - gm[j]) / (2.0 * h);
        }
      for (guint i = 0; i < n; i++)
        for (guint j = i + 1; j < n; j++)
          {
            double m = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);

            hessian[i * n + j] = hessian[j * n + i] = m;
          }
    }
  else
    {
      double f0 = func (x, NULL, user_data);

      if (!isfinite (f0))
        return FALSE;
      for (guint i = 0; i < n; i++)
        {
          /* DBL_EPSILON^(1/4) for a second difference of f. */
          double hi = 1e-4 * MAX (1.0, fabs (x[i]));
          double fp, fm;

          xx[i] = x[i] + hi;
          fp = func (xx, NULL, user_data);
          xx[i] = x[i] - hi;
          fm = func (xx, NULL, user_data);
          xx[i] = x[i];
          hessian[i * n + i] = (fp - 2.0 * f0 + fm) / (hi * hi);

          for (guint j = 0; j < i; j++)
            {
              double hj = 1e-4 * MAX (1.0, fabs (x[j]));
              double fpp, fpm, fmp, fmm;

              xx[i] = x[i] + hi; xx[j] = x[j] + hj;
              fpp = func (xx, NULL, user_data);
              xx[j] = x[j] - hj;
              fpm = func (xx, NULL, user_data);
              xx[i] = x[i] - hi;
              fmm = func (xx, NULL, user_data);
              xx[j] = x[j] + hj;
              fmp = func (xx, NULL, user_data);
              xx[i] = x[i]; xx[j] = x[j];
              hessian[i * n + j] = hessian[j * n + i] =
                (fpp - fpm - fmp + fmm) / (4.0 * hi * hj);
            }
        }
    }

  return all_finite (n * n, hessian);
}

gboolean
cxv_optimizer_invert_spd (guint         n,
                          const double *a,
                          double       *inverse)
{
  g_autofree double *l = g_new0 (double, n * n);

  /* Cholesky a = L Lᵀ; a non-positive pivot means a is not PD. */
  for (guint j = 0; j < n; j++)
    {
      double d = a[j * n + j];

      for (guint k = 0; k < j; k++)
        d -= l[j * n + k] * l[j * n + k];
      if (!(d > 0.0) || !isfinite (d))
        return FALSE;
      l[j * n + j] = sqrt (d);
      for (guint i = j + 1; i < n; i++)
        {
          double s = a[i * n + j];

          for (guint k = 0; k < j; k++)
            s -= l[i * n + k] * l[j * n + k];
          l[i * n + j] = s / l[j * n + j];
        }
    }

  /* Solve L Lᵀ X = I column by column. */
  for (guint c = 0; c < n; c++)
    {
      for (guint i = 0; i < n; i++)
        {
          double s = (i == c) ? 1.0 : 0.0;

          for (guint k = 0; k < i; k++)
            s -= l[i * n + k] * inverse[k * n + c];
          inverse[i * n + c] = s / l[i * n + i];
        }
      for (guint ii = n; ii-- > 0;)
        {
          double s = inverse[ii * n + c];

          for (guint k = ii + 1; k < n; k++)
            s -= l[k * n + ii] * inverse[k * n + c];
          inverse[ii * n + c] = s / l[ii * n + ii];
        }
    }

  return TRUE;
}

gboolean
cxv_optimizer_minimize (guint                      n,
                        double                    *x,
                        CxvOptimizerFunc           func,
                        gpointer                   user_data,
                        const CxvOptimizerOptions *options,
                        double                    *inverse_hessian,
                        CxvOptimizerResult        *result,
                        GCancellable              *cancellable,
                        GError                   **error)
{
  CxvOptimizerOptions defaults = { 0 };
  guint max_iterations;
  double gtol, ftol, max_step;
  gboolean analytic;
  g_autofree double *h = g_new (double, n * n);
  g_autofree double *g = g_new (double, n);
  g_autofree double *g_new_ = g_new (double, n);
  g_autofree double *x_new = g_new (double, n);
  g_autofree double *p = g_new (double, n);
  g_autofree double *s = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *hy = g_new (double, n);
  gboolean h_is_identity;
  gboolean scaled;
  double f;

  g_return_val_if_fail (n > 0, FALSE);
  g_return_val_if_fail (x != NULL && func != NULL && result != NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  max_iterations = options->max_iterations > 0 ? options->max_iterations : 500;
  gtol = options->gradient_tolerance > 0 ? options->gradient_tolerance : 1e-8;
  ftol = options->function_tolerance > 0 ? options->function_tolerance : 1e-13;
  max_step = options->max_step > 0 ? options->max_step : 2.0;
  analytic = options->analytic_gradient;

  memset (result, 0, sizeof *result);

  f = call (func, user_data, x, g, analytic, n, &result->n_evaluations);
  if (!isfinite (f) || !all_finite (n, g))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The objective is not finite at the starting point");
      return FALSE;
    }

  if (options->initial_inverse_hessian != NULL)
    {
      memcpy (h, options->initial_inverse_hessian, sizeof (double) * n * n);
      h_is_identity = FALSE;
      scaled = TRUE;
    }
  else
    {
      set_identity (n, h, 1.0);
      h_is_identity = TRUE;
      scaled = FALSE;
    }

  while (result->iterations < max_iterations)
    {
      double dg, step, pmax, f_new = NAN, sy;
      gboolean accepted = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (max_abs (n, g) <= gtol * MAX (1.0, fabs (f)))
        {
          result->converged = TRUE;
          break;
        }

      for (guint i = 0; i < n; i++)
        p[i] = -dot (n, h + i * n, g);
      dg = dot (n, p, g);
      if (!(dg < 0.0))
        {
          /* The approximation lost positive definiteness: restart. */
          set_identity (n, h, 1.0);
          h_is_identity = TRUE;
          scaled = FALSE;
          for (guint i = 0; i < n; i++)
            p[i] = -g[i];
          dg = dot (n, p, g);
        }

      /* A bounded first try keeps exp (log-parameter) from overflowing. */
      pmax = max_abs (n, p);
      step = pmax > max_step ? max_step / pmax : 1.0;

      for (guint k = 0; k < MAX_BACKTRACKS; k++)
        {
          for (guint i = 0; i < n; i++)
            x_new[i] = x[i] + step * p[i];
          f_new = call (func, user_data, x_new, g_new_, analytic, n, &result->n_evaluations);
          if (isfinite (f_new) && all_finite (n, g_new_) &&
              f_new <= f + ARMIJO_C1 * step * dg)
            {
              accepted = TRUE;
              break;
            }
          if (isfinite (f_new) && f_new > f)
            {
              /* Quadratic interpolation, safeguarded to [0.1, 0.5]. */
              double t = -dg * step * step / (2.0 * (f_new - f - dg * step));

              step = CLAMP (t, 0.1 * step, 0.5 * step);
            }
          else
            step *= 0.5;
        }

      result->iterations++;

      if (!accepted)
        {
          if (h_is_identity)
            break;
          set_identity (n, h, 1.0);
          h_is_identity = TRUE;
          scaled = FALSE;
          continue;
        }

      for (guint i = 0; i < n; i++)
        {
          s[i] = x_new[i] - x[i];
          y[i] = g_new_[i] - g[i];
        }
      sy = dot (n, s, y);

      if (sy > 1e-12 * sqrt (dot (n, s, s) * dot (n, y, y)))
        {
          double rho = 1.0 / sy, yhy;

          if (!scaled)
            {
              /* Shanno's scaling of the first approximation. */
              set_identity (n, h, sy / dot (n, y, y));
              scaled = TRUE;
            }
          for (guint i = 0; i < n; i++)
            hy[i] = dot (n, h + i * n, y);
          yhy = dot (n, y, hy);
          /* H ← H - ρ(H y sᵀ + s yᵀ H) + (ρ² yᵀHy + ρ) s sᵀ */
          for (guint i = 0; i < n; i++)
            for (guint j = 0; j < n; j++)
              h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
                              + (rho * rho * yhy + rho) * s[i] * s[j];
          h_is_identity = FALSE;
        }

      memcpy (x, x_new, sizeof (double) * n);
      memcpy (g, g_new_, sizeof (double) * n);
      if (fabs (f - f_new) <= ftol * MAX (1.0, fabs (f_new)))
        {
          f = f_new;
          result->converged = TRUE;
          break;
        }
      f = f_new;
    }

  result->value = f;
  if (inverse_hessian != NULL)
    memcpy (inverse_hessian, h, sizeof (double) * n * n);

  return TRUE;
}
