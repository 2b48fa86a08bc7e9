/* cxv-clv-math.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The probability models behind customer-lifetime value, over plain double
 * arrays:
 *
 * - sBG (Fader & Hardie 2007, "How to project customer retention"),
 * - BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"),
 * - Pareto/NBD (Schmittlein, Morrison & Colombo 1987, in the form of Fader &
 *   Hardie's 2005 note "A note on deriving the Pareto/NBD model"),
 * - Gamma-Gamma spend (Fader & Hardie 2013 note "The Gamma-Gamma model of
 *   monetary value").
 *
 * Fits are maximum likelihood in log-parameters with the BFGS of
 * cxv-optimizer.c. The fitters must handle a million customers in a fraction
 * of a second, which shapes the code: every term that depends only on x (a
 * small whole number) lives in a table rebuilt per evaluation, data-only sums
 * are taken once, BG/NBD and Gamma-Gamma have analytic gradients, and large
 * inputs are first fitted on a systematic subsample whose optimum and Hessian
 * warm-start the full fit (which then needs a handful of Newton-like steps). */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-clv-math-private.h"
#include "cxv-error.h"
#include "cxv-optimizer-private.h"

/* Above this many rows the fit is warm-started from a subsample. */
#define SUBSAMPLE_THRESHOLD 60000
#define SUBSAMPLE_ROWS 20000

static const char * const param_names[][CXV_CLV_MAX_PARAMS] = {
  [CXV_CLV_MATH_SBG] = { "alpha", "beta", NULL, NULL },
  [CXV_CLV_MATH_BGNBD] = { "r", "alpha", "a", "b" },
  [CXV_CLV_MATH_PARETO_NBD] = { "r", "alpha", "s", "beta" },
  [CXV_CLV_MATH_GAMMA_GAMMA] = { "p", "q", "gamma", NULL },
};

guint
cxv_clv_math_n_params (CxvClvMathModel model)
{
  switch (model)
    {
    case CXV_CLV_MATH_SBG:
      return 2;
    case CXV_CLV_MATH_BGNBD:
    case CXV_CLV_MATH_PARETO_NBD:
      return 4;
    case CXV_CLV_MATH_GAMMA_GAMMA:
      return 3;
    default:
      g_return_val_if_reached (0);
    }
}

const char *
cxv_clv_math_param_name (CxvClvMathModel model,
                         guint           i)
{
  g_return_val_if_fail (i < cxv_clv_math_n_params (model), NULL);

  return param_names[model][i];
}

/* ------------------------------------------------------------------ */
/* Special functions                                                   */

static double
digamma (double x)
{
  double r = 0.0, f;

  /* Recurrence up to where the asymptotic series is exact to ~1e-15. */
  while (x < 6.0)
    {
      r -= 1.0 / x;
      x += 1.0;
    }
  f = 1.0 / (x * x);
  return r + log (x) - 0.5 / x
         - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
}

/* log |Γ(x)| with the sign of Γ(x); sign 0 at the poles. */
static double
lgamma_signed (double x, int *sign)
{
  double fl;

  if (x > 0.0)
    {
      *sign = 1;
      return lgamma (x);
    }
  fl = floor (x);
  if (x == fl)
    {
      *sign = 0;
      return INFINITY;
    }
  *sign = fmod (-fl, 2.0) == 1.0 ? -1 : 1;
  return lgamma (x);
}

/* Γ(n1) Γ(n2) / (Γ(d1) Γ(d2)) */
static double
gamma_ratio (double n1, double n2, double d1, double d2, gboolean *ok)
{
  int s1, s2, s3, s4;
  double l = lgamma_signed (n1, &s1) + lgamma_signed (n2, &s2);
  double m = lgamma_signed (d1, &s3) + lgamma_signed (d2, &s4);

  if (s3 == 0 || s4 == 0)
    return 0.0;
  if (s1 == 0 || s2 == 0)
    {
      *ok = FALSE;
      return NAN;
    }
  return s1 * s2 * s3 * s4 * exp (l - m);
}

static double
hyp2f1_series (double a, double b, double c, double z, gsize max_terms, gboolean *ok)
{
  double sum = 1.0, term = 1.0;

  for (gsize k = 0; k < max_terms; k++)
    {
      double kk = (double) k;
      double ratio = (a + kk) * (b + kk) / ((c + kk) * (kk + 1.0)) * z;

      term *= ratio;
      sum += term;
      if (term == 0.0)
        return sum;
      /* The tail is about term / (1 - ratio) once the ratio is below 1. */
      if (fabs (ratio) < 1.0 && fabs (term) <= 1e-16 * fabs (sum) * (1.0 - fabs (ratio)))
        return sum;
      if (!isfinite (sum))
        break;
    }

  *ok = FALSE;
  return NAN;
}

/* 0 < z < 1 */
static double
hyp2f1_unit (double a, double b, double c, double z, gboolean *ok)
{
  double cab, t1, t2;

  if (z <= 0.9)
    return hyp2f1_series (a, b, c, z, 200000, ok);

  cab = c - a - b;
  if (fabs (cab - nearbyint (cab)) < 1e-2)
    {
      /* The 1 - z formula has poles at integer c - a - b (the degenerate
       * case needs logarithmic terms); the series still converges for
       * z < 1, only slowly. */
      return hyp2f1_series (a, b, c, z, 20000000, ok);
    }

  /* Abramowitz & Stegun 15.3.6 */
  t1 = gamma_ratio (c, cab, c - a, c - b, ok);
  if (t1 != 0.0)
    t1 *= hyp2f1_series (a, b, 1.0 - cab, 1.0 - z, 200000, ok);
  t2 = gamma_ratio (c, -cab, a, b, ok);
  if (t2 != 0.0)
    t2 *= pow (1.0 - z, cab) * hyp2f1_series (c - a, c - b, cab + 1.0, 1.0 - z, 200000, ok);
  return *ok ? t1 + t2 : NAN;
}

double
cxv_clv_math_hyp2f1 (double    a,
                     double    b,
                     double    c,
                     double    z,
                     gboolean *ok)
{
  gboolean dummy;
  double v;

  if (ok == NULL)
    ok = &dummy;
  *ok = TRUE;

  if (!isfinite (a) || !isfinite (b) || !isfinite (c) || !isfinite (z) ||
      (c <= 0.0 && c == floor (c)) || z > 1.0)
    {
      *ok = FALSE;
      return NAN;
    }
  if (z == 0.0 || a == 0.0 || b == 0.0)
    return 1.0;

  if (z == 1.0)
    {
      /* Gauss's theorem; the series diverges unless c - a - b > 0. */
      if (c - a - b <= 0.0)
        {
          *ok = FALSE;
          return INFINITY;
        }
      v = gamma_ratio (c, c - a - b, c - a, c - b, ok);
    }
  else if (z > 0.0)
    v = hyp2f1_unit (a, b, c, z, ok);
  else if (z >= -0.5)
    v = hyp2f1_series (a, b, c, z, 200000, ok);
  else
    {
      /* Pfaff: maps z < 0 into (0, 1). */
      double w = z / (z - 1.0);

      v = pow (1.0 - z, -a) * hyp2f1_unit (a, c - b, c, w, ok);
    }

  if (!*ok || !isfinite (v))
    {
      *ok = FALSE;
      return NAN;
    }
  return v;
}

/* ------------------------------------------------------------------ */
/* Problems                                                            */

typedef struct {
  CxvClvMathModel model;
  const CxvClvMathData *data;
  gsize stride;         /* 1, or the step of the warm-start subsample */
  guint xmax;
  double *wk;           /* total weight of the rows with x = k, 0..xmax */
  double *tables;       /* scratch, rebuilt per evaluation */
  double w_total;       /* weight of the rows used */
  double w_repeat;      /* weight of the rows with x > 0 */
  double mean_x, mean_T, mean_spend;
  /* Gamma-Gamma data-only sums over repeat buyers: Σ w ln m, Σ w x ln m,
   * Σ w x ln x */
  double s_lm, s_xlm, s_xlx;
} Problem;

static inline double
row_weight (const CxvClvMathData *d, gsize i)
{
  return d->weight != NULL ? d->weight[i] : 1.0;
}

static void
problem_clear (Problem *pr)
{
  g_clear_pointer (&pr->wk, g_free);
  g_clear_pointer (&pr->tables, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Problem, problem_clear)

/* Data-only aggregates for the rows i ≡ 0 (mod stride). Assumes validated
 * data. */
static void
problem_init (Problem *pr, CxvClvMathModel model, const CxvClvMathData *d, gsize stride)
{
  double sx = 0.0, sT = 0.0, sm = 0.0;

  memset (pr, 0, sizeof *pr);
  pr->model = model;
  pr->data = d;
  pr->stride = stride;

  if (model == CXV_CLV_MATH_SBG)
    return;

  for (gsize i = 0; i < d->n; i += stride)
    pr->xmax = MAX (pr->xmax, (guint) d->x[i]);
  pr->wk = g_new0 (double, pr->xmax + 1);
  pr->tables = g_new0 (double, 9 * ((gsize) pr->xmax + 1));

  for (gsize i = 0; i < d->n; i += stride)
    {
      double w = row_weight (d, i);
      double x = d->x[i];

      if (w == 0.0)
        continue;
      pr->wk[(guint) x] += w;
      pr->w_total += w;
      sx += w * x;
      if (d->T != NULL)
        sT += w * d->T[i];
      if (x > 0.0)
        {
          pr->w_repeat += w;
          if (model == CXV_CLV_MATH_GAMMA_GAMMA)
            {
              double lm = log (d->mean_spend[i]);

              sm += w * d->mean_spend[i];
              pr->s_lm += w * lm;
              pr->s_xlm += w * x * lm;
              pr->s_xlx += w * x * log (x);
            }
        }
    }
  if (pr->w_total > 0.0)
    {
      pr->mean_x = sx / pr->w_total;
      pr->mean_T = sT / pr->w_total;
    }
  if (pr->w_repeat > 0.0)
    pr->mean_spend = sm / pr->w_repeat;
}

/* Series @k of @d: where it starts in d->active and how long it is. */
static gsize
sbg_n_series (const CxvClvMathData *d)
{
  return d->n_series > 0 ? d->n_series : 1;
}

static const double *
sbg_series (const CxvClvMathData *d, gsize k, gsize *length)
{
  gsize start = 0;

  if (d->n_series == 0)
    {
      *length = d->n_active;
      return d->active;
    }
  for (gsize j = 0; j < k; j++)
    start += d->series_length[j];
  *length = d->series_length[k];
  return d->active + start;
}

static double
sbg_series_ll (double alpha, double beta, const double *active, gsize n_active)
{
  double ll = 0.0, ls = 0.0;
  gsize t;

  /* log S(t) and log P(T = t) by the ratios of consecutive terms, which
   * stay accurate far into the tail. */
  for (t = 1; t < n_active; t++)
    {
      double den = alpha + beta + (double) t - 1.0;
      double lost = active[t - 1] - active[t];

      if (lost > 0.0)
        ll += lost * (ls + log (alpha / den));
      ls += log ((beta + (double) t - 1.0) / den);
    }
  if (active[n_active - 1] > 0.0)
    ll += active[n_active - 1] * ls;
  return ll;
}

static gsize
sbg_cohort_sizes (const CxvClvMathData *d)
{
  double total = 0.0;

  for (gsize k = 0; k < sbg_n_series (d); k++)
    {
      gsize length;

      total += sbg_series (d, k, &length)[0];
    }
  return (gsize) total;
}

static double
sbg_ll (const double *par, const CxvClvMathData *d)
{
  double ll = 0.0;

  for (gsize k = 0; k < sbg_n_series (d); k++)
    {
      gsize length;
      const double *active = sbg_series (d, k, &length);

      ll += sbg_series_ll (par[0], par[1], active, length);
    }
  return ll;
}

/* Σ_{j<k} log (v + j) and Σ_{j<k} 1 / (v + j) for k = 0..K */
static void
rising_tables (double v, guint K, double *logs, double *invs)
{
  logs[0] = 0.0;
  if (invs != NULL)
    invs[0] = 0.0;
  for (guint k = 1; k <= K; k++)
    {
      double u = v + (double) k - 1.0;

      logs[k] = logs[k - 1] + log (u);
      if (invs != NULL)
        invs[k] = invs[k - 1] + 1.0 / u;
    }
}

static double
bgnbd_ll (Problem *pr, const double *par, double *grad)
{
  const CxvClvMathData *d = pr->data;
  double r = par[0], alpha = par[1], a = par[2], b = par[3];
  guint K = pr->xmax;
  gsize stride = K + 1;
  double *sr = pr->tables, *dsr = sr + stride, *sb = dsr + stride, *dsb = sb + stride;
  double *sab = dsb + stride, *dsab = sab + stride, *lb1 = dsab + stride, *ib1 = lb1 + stride;
  double ln_alpha = log (alpha), ln_a = log (a);
  double ll = 0.0, gr = 0.0, galpha = 0.0, ga = 0.0, gb = 0.0;
  double sum_wq = 0.0;

  rising_tables (r, K, sr, dsr);
  rising_tables (b, K, sb, dsb);
  rising_tables (a + b, K, sab, dsab);
  for (guint k = 1; k <= K; k++)
    {
      lb1[k] = log (b + (double) k - 1.0);
      ib1[k] = 1.0 / (b + (double) k - 1.0);
    }

  /* Γ(r+x) α^r / Γ(r) · B(a, b+x) / B(a, b), grouped by x */
  for (guint k = 0; k <= K; k++)
    {
      double w = pr->wk[k];

      if (w == 0.0)
        continue;
      ll += w * (sr[k] + r * ln_alpha + sb[k] - sab[k]);
      gr += w * (dsr[k] + ln_alpha);
      galpha += w * r / alpha;
      ga -= w * dsab[k];
      gb += w * (dsb[k] - dsab[k]);
    }

  /* log [(α+T)^-(r+x) + δ a/(b+x-1) (α+t_x)^-(r+x)], written as
   * -(r+x) log (α+T) + softplus (u) so large x never overflows. */
  for (gsize i = 0; i < d->n; i += pr->stride)
    {
      double w = row_weight (d, i);
      guint k = (guint) d->x[i];
      double l_T, i_T;

      if (w == 0.0)
        continue;
      l_T = log (alpha + d->T[i]);
      i_T = 1.0 / (alpha + d->T[i]);
      if (k == 0)
        {
          ll -= w * r * l_T;
          gr -= w * l_T;
          galpha -= w * r * i_T;
        }
      else
        {
          double rk = r + (double) k;
          double l_tx = log (alpha + d->t_x[i]);
          double i_tx = 1.0 / (alpha + d->t_x[i]);
          double u = ln_a - lb1[k] + rk * (l_T - l_tx);
          double sp, q, e;

          if (u > 0.0)
            {
              e = exp (-u);
              sp = u + log1p (e);
              q = 1.0 / (1.0 + e);
            }
          else
            {
              e = exp (u);
              sp = log1p (e);
              q = e / (1.0 + e);
            }
          ll += w * (sp - rk * l_T);
          if (grad != NULL)
            {
              double wq = w * q;

              gr += w * (q * (l_T - l_tx) - l_T);
              galpha += w * rk * (q * (i_T - i_tx) - i_T);
              sum_wq += wq;
              gb -= wq * ib1[k];
            }
        }
    }

  if (grad != NULL)
    {
      grad[0] = gr;
      grad[1] = galpha;
      grad[2] = ga + sum_wq / a;
      grad[3] = gb;
    }
  return ll;
}

/* log A0 of the Pareto/NBD likelihood (Fader & Hardie 2005 note, eq. 22),
 * -INFINITY when t_x = T. */
static double
pnbd_log_a0 (double r, double alpha, double s, double beta, double x,
             double t_x, double T, gboolean *ok)
{
  double rsx = r + s + x;
  double m = MAX (alpha, beta);
  double bb = alpha >= beta ? s + 1.0 : r + x;
  double dd = fabs (alpha - beta);
  double l1, l2;

  if (t_x >= T)
    return -INFINITY;
  l1 = log (cxv_clv_math_hyp2f1 (rsx, bb, rsx + 1.0, dd / (m + t_x), ok)) - rsx * log (m + t_x);
  l2 = log (cxv_clv_math_hyp2f1 (rsx, bb, rsx + 1.0, dd / (m + T), ok)) - rsx * log (m + T);
  if (!(l2 < l1))
    return -INFINITY;
  return l1 + log1p (-exp (l2 - l1));
}

static inline double
log_add_exp (double u, double v)
{
  double m = MAX (u, v);

  if (m == -INFINITY)
    return -INFINITY;
  return m + log (exp (u - m) + exp (v - m));
}

static double
pnbd_ll (Problem *pr, const double *par)
{
  const CxvClvMathData *d = pr->data;
  double r = par[0], alpha = par[1], s = par[2], beta = par[3];
  double *sr = pr->tables;
  double ll = 0.0;
  gboolean ok = TRUE;

  rising_tables (r, pr->xmax, sr, NULL);
  for (guint k = 0; k <= pr->xmax; k++)
    ll += pr->wk[k] * (sr[k] + r * log (alpha) + s * log (beta));

  for (gsize i = 0; i < d->n && ok; i += pr->stride)
    {
      double w = row_weight (d, i);
      double x = d->x[i];
      double lb, lc;

      if (w == 0.0)
        continue;
      lb = -(r + x) * log (alpha + d->T[i]) - s * log (beta + d->T[i]);
      lc = log (s / (r + s + x)) + pnbd_log_a0 (r, alpha, s, beta, x, d->t_x[i], d->T[i], &ok);
      ll += w * log_add_exp (lb, lc);
    }

  return ok ? ll : NAN;
}

static double
gamma_gamma_ll (Problem *pr, const double *par, double *grad)
{
  const CxvClvMathData *d = pr->data;
  double p = par[0], q = par[1], gamma = par[2];
  double W = pr->w_repeat, ln_gamma = log (gamma);
  double ll, gp, gq, gg;

  ll = W * (q * ln_gamma - lgamma (q)) + p * (pr->s_xlm + pr->s_xlx) - pr->s_lm;
  gp = pr->s_xlm + pr->s_xlx;
  gq = W * (ln_gamma - digamma (q));
  gg = W * q / gamma;

  /* log Γ(px+q) - log Γ(px), grouped by x */
  for (guint k = 1; k <= pr->xmax; k++)
    {
      double w = pr->wk[k];
      double px = p * (double) k;

      if (w == 0.0)
        continue;
      ll += w * (lgamma (px + q) - lgamma (px));
      if (grad != NULL)
        {
          double dpq = digamma (px + q);

          gp += w * (double) k * (dpq - digamma (px));
          gq += w * dpq;
        }
    }

  /* -(px+q) log (γ + m x): the one per-customer logarithm */
  for (gsize i = 0; i < d->n; i += pr->stride)
    {
      double w = row_weight (d, i);
      double x = d->x[i];
      double u, l;

      if (w == 0.0 || x == 0.0)
        continue;
      u = gamma + d->mean_spend[i] * x;
      l = log (u);
      ll -= w * (p * x + q) * l;
      if (grad != NULL)
        {
          gp -= w * x * l;
          gq -= w * l;
          gg -= w * (p * x + q) / u;
        }
    }

  if (grad != NULL)
    {
      grad[0] = gp;
      grad[1] = gq;
      grad[2] = gg;
    }
  return ll;
}

static gboolean
params_valid (guint n, const double *par)
{
  for (guint i = 0; i < n; i++)
    if (!(par[i] > 0.0) || !isfinite (par[i]))
      return FALSE;
  return TRUE;
}

static double
problem_ll (Problem *pr, const double *par, double *grad)
{
  double ll = NAN;

  if (!params_valid (cxv_clv_math_n_params (pr->model), par))
    return -INFINITY;

  switch (pr->model)
    {
    case CXV_CLV_MATH_SBG:
      ll = sbg_ll (par, pr->data);
      break;
    case CXV_CLV_MATH_BGNBD:
      ll = bgnbd_ll (pr, par, grad);
      break;
    case CXV_CLV_MATH_PARETO_NBD:
      ll = pnbd_ll (pr, par);
      break;
    case CXV_CLV_MATH_GAMMA_GAMMA:
      ll = gamma_gamma_ll (pr, par, grad);
      break;
    default:
      g_assert_not_reached ();
    }

  return isfinite (ll) ? ll : -INFINITY;
}

static gboolean
has_gradient (CxvClvMathModel model)
{
  return model == CXV_CLV_MATH_BGNBD || model == CXV_CLV_MATH_GAMMA_GAMMA;
}

/* -LL in log-parameters, so every parameter stays positive */
static double
objective (const double *theta, double *grad, gpointer user_data)
{
  Problem *pr = user_data;
  guint n = cxv_clv_math_n_params (pr->model);
  double par[CXV_CLV_MAX_PARAMS], g[CXV_CLV_MAX_PARAMS];
  double ll;

  for (guint i = 0; i < n; i++)
    par[i] = exp (theta[i]);
  ll = problem_ll (pr, par, grad != NULL ? g : NULL);
  if (!isfinite (ll))
    return INFINITY;
  if (grad != NULL)
    for (guint i = 0; i < n; i++)
      grad[i] = -g[i] * par[i];
  return -ll;
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */

static gboolean
check_value (const char *name, gsize i, double v, GError **error)
{
  if (!isfinite (v) || v < 0.0)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Row %" G_GSIZE_FORMAT ": %s = %g is not a finite non-negative number",
                   i, name, v);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate (CxvClvMathModel model, const CxvClvMathData *d, GError **error)
{
  double w_total = 0.0, w_repeat = 0.0;

  if (model == CXV_CLV_MATH_SBG)
    {
      gsize total = 0;

      if (d->active == NULL || d->n_active < 2)
        {
          g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                               "The sBG model needs the cohort size and at least one more period");
          return FALSE;
        }
      if (d->n_series > 0)
        {
          for (gsize k = 0; k < d->n_series; k++)
            total += d->series_length[k];
          if (total != d->n_active)
            {
              g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "The cohorts' series add up to %" G_GSIZE_FORMAT " periods, not %"
                           G_GSIZE_FORMAT, total, d->n_active);
              return FALSE;
            }
        }
      for (gsize k = 0; k < sbg_n_series (d); k++)
        {
          gsize length;
          const double *active = sbg_series (d, k, &length);
          g_autofree char *where = d->n_series > 0 ? g_strdup_printf ("Cohort %" G_GSIZE_FORMAT
                                                                      ", period", k)
                                                   : g_strdup ("Period");

          if (length == 0)
            {
              g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "Cohort %" G_GSIZE_FORMAT " has no periods", k);
              return FALSE;
            }
          for (gsize t = 0; t < length; t++)
            {
              double v = active[t];

              if (!isfinite (v) || v < 0.0)
                {
                  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                               "%s %" G_GSIZE_FORMAT ": %g active customers is not a finite "
                               "non-negative number", where, t, v);
                  return FALSE;
                }
              if (t == 0 && v == 0.0)
                {
                  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                               "%s 0: the cohort is empty (0 active customers)", where);
                  return FALSE;
                }
              if (t > 0 && v > active[t - 1])
                {
                  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                               "%s %" G_GSIZE_FORMAT ": %g active customers is more than the "
                               "%g of the period before; survival cannot increase",
                               where, t, v, active[t - 1]);
                  return FALSE;
                }
            }
        }
      return TRUE;
    }

  if (d->n == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "There are no customers to fit");
      return FALSE;
    }
  if (d->x == NULL ||
      (model == CXV_CLV_MATH_GAMMA_GAMMA && d->mean_spend == NULL) ||
      (model != CXV_CLV_MATH_GAMMA_GAMMA && (d->t_x == NULL || d->T == NULL)))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The %s model needs %s", model == CXV_CLV_MATH_GAMMA_GAMMA ? "Gamma-Gamma" : "purchase",
                   model == CXV_CLV_MATH_GAMMA_GAMMA ? "x and mean_spend" : "x, t_x and T");
      return FALSE;
    }

  for (gsize i = 0; i < d->n; i++)
    {
      double x = d->x[i];
      double w = row_weight (d, i);

      if (!check_value ("weight", i, w, error) || !check_value ("x", i, x, error))
        return FALSE;
      if (x != floor (x) || x > (double) G_MAXINT32)
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "Row %" G_GSIZE_FORMAT ": x = %g is not a whole number of purchases", i, x);
          return FALSE;
        }
      if (model == CXV_CLV_MATH_GAMMA_GAMMA)
        {
          if (x > 0.0 && (!isfinite (d->mean_spend[i]) || !(d->mean_spend[i] > 0.0)))
            {
              g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "Row %" G_GSIZE_FORMAT ": mean_spend = %g is not a positive number",
                           i, d->mean_spend[i]);
              return FALSE;
            }
        }
      else
        {
          if (!check_value ("t_x", i, d->t_x[i], error) || !check_value ("T", i, d->T[i], error))
            return FALSE;
          if (d->t_x[i] > d->T[i])
            {
              g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "Row %" G_GSIZE_FORMAT ": t_x = %g is after the end of calibration T = %g",
                           i, d->t_x[i], d->T[i]);
              return FALSE;
            }
          if (x == 0.0 && d->t_x[i] != 0.0)
            {
              g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "Row %" G_GSIZE_FORMAT ": t_x = %g without repeat purchases (x = 0); "
                           "t_x counts from the first purchase and must be 0",
                           i, d->t_x[i]);
              return FALSE;
            }
        }
      w_total += w;
      if (x > 0.0)
        w_repeat += w;
    }

  if (w_total == 0.0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "All customers have weight 0");
      return FALSE;
    }
  if (w_repeat == 0.0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "No customer made a repeat purchase; the model cannot be estimated");
      return FALSE;
    }
  return TRUE;
}

double
cxv_clv_math_log_likelihood (CxvClvMathModel       model,
                             const double         *params,
                             const CxvClvMathData *data)
{
  g_auto (Problem) pr = { 0 };

  g_return_val_if_fail (params != NULL && data != NULL, NAN);

  if (!params_valid (cxv_clv_math_n_params (model), params) || !validate (model, data, NULL))
    return -INFINITY;
  problem_init (&pr, model, data, 1);
  return problem_ll (&pr, params, NULL);
}

/* ------------------------------------------------------------------ */
/* Fitting                                                             */

static void
start_values (const Problem *pr, double *par)
{
  /* Scale-aware: E[λ] = r/α matches the mean purchase rate, and the
   * Gamma-Gamma start has E[M] = pγ/(q-1) at the mean spend. */
  double alpha = MAX (pr->mean_T, 1e-3) / MAX (pr->mean_x, 0.05);

  switch (pr->model)
    {
    case CXV_CLV_MATH_SBG:
      par[0] = 1.0; par[1] = 1.0;
      break;
    case CXV_CLV_MATH_BGNBD:
      par[0] = 1.0; par[1] = alpha; par[2] = 1.0; par[3] = 3.0;
      break;
    case CXV_CLV_MATH_PARETO_NBD:
      par[0] = 1.0; par[1] = alpha; par[2] = 1.0; par[3] = MAX (pr->mean_T, 1e-3);
      break;
    case CXV_CLV_MATH_GAMMA_GAMMA:
      par[0] = 1.0; par[1] = 2.0; par[2] = MAX (pr->mean_spend, 1e-6);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
run (Problem *pr, double *theta, const double *h0, CxvOptimizerResult *res,
     GCancellable *cancellable, GError **error)
{
  guint n = cxv_clv_math_n_params (pr->model);
  CxvOptimizerOptions opts = {
    .analytic_gradient = has_gradient (pr->model),
    .initial_inverse_hessian = h0,
  };
  g_autoptr (GError) local_error = NULL;

  if (!cxv_optimizer_minimize (n, theta, objective, pr, &opts, NULL, res, cancellable,
                               &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                     "The likelihood cannot be evaluated at the starting values: %s",
                     local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cxv_clv_math_fit (CxvClvMathModel       model,
                  const CxvClvMathData *data,
                  GCancellable         *cancellable,
                  CxvClvMathFit        *fit,
                  GError              **error)
{
  g_auto (Problem) pr = { 0 };
  guint n = cxv_clv_math_n_params (model);
  double theta[CXV_CLV_MAX_PARAMS], par[CXV_CLV_MAX_PARAMS];
  double hess[CXV_CLV_MAX_PARAMS * CXV_CLV_MAX_PARAMS];
  double cov[CXV_CLV_MAX_PARAMS * CXV_CLV_MAX_PARAMS];
  double h0[CXV_CLV_MAX_PARAMS * CXV_CLV_MAX_PARAMS];
  const double *warm = NULL;
  CxvOptimizerResult res = { 0 };
  guint sub_iterations = 0;
  gboolean have_cov;

  g_return_val_if_fail (n > 0, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (fit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate (model, data, error))
    return FALSE;

  problem_init (&pr, model, data, 1);
  start_values (&pr, par);
  for (guint i = 0; i < n; i++)
    theta[i] = log (par[i]);

  if (model != CXV_CLV_MATH_SBG && data->n > SUBSAMPLE_THRESHOLD)
    {
      /* A systematic subsample finds the neighbourhood of the optimum at a
       * small fraction of the cost; its Hessian, scaled by the weight
       * ratio, makes the full fit nearly Newton from the first step. */
      g_auto (Problem) sub = { 0 };

      problem_init (&sub, model, data, data->n / SUBSAMPLE_ROWS);
      if (sub.w_repeat > 0.0)
        {
          if (!run (&sub, theta, NULL, &res, cancellable, error))
            return FALSE;
          sub_iterations = res.iterations;
          if (cxv_optimizer_hessian (n, theta, objective, &sub, has_gradient (model), hess) &&
              cxv_optimizer_invert_spd (n, hess, h0))
            {
              double scale = sub.w_total / pr.w_total;

              for (guint i = 0; i < n * n; i++)
                h0[i] *= scale;
              warm = h0;
            }
        }
      if (!res.converged)
        {
          /* A subsample too odd to fit says nothing: start over. */
          for (guint i = 0; i < n; i++)
            theta[i] = log (par[i]);
          warm = NULL;
        }
    }

  if (!run (&pr, theta, warm, &res, cancellable, error))
    return FALSE;

  if (!res.converged || !isfinite (res.value))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                   "The %s fit did not converge after %u iterations",
                   model == CXV_CLV_MATH_SBG ? "sBG" :
                   model == CXV_CLV_MATH_BGNBD ? "BG/NBD" :
                   model == CXV_CLV_MATH_PARETO_NBD ? "Pareto/NBD" : "Gamma-Gamma",
                   res.iterations);
      return FALSE;
    }

  memset (fit, 0, sizeof *fit);
  fit->model = model;
  fit->n_params = n;
  fit->log_likelihood = -res.value;
  fit->iterations = res.iterations + sub_iterations;
  fit->converged = TRUE;
  fit->n_customers = model == CXV_CLV_MATH_SBG ? sbg_cohort_sizes (data)
                     : model == CXV_CLV_MATH_GAMMA_GAMMA ? (gsize) pr.w_repeat
                     : (gsize) pr.w_total;

  have_cov = cxv_optimizer_hessian (n, theta, objective, &pr, has_gradient (model), hess) &&
             cxv_optimizer_invert_spd (n, hess, cov);
  for (guint i = 0; i < n; i++)
    {
      fit->params[i] = exp (theta[i]);
      /* Delta method: d p / d log p = p */
      fit->standard_errors[i] = have_cov ? fit->params[i] * sqrt (cov[i * n + i]) : NAN;
    }
  for (guint i = n; i < CXV_CLV_MAX_PARAMS; i++)
    fit->params[i] = fit->standard_errors[i] = NAN;

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Predictions                                                         */

double
cxv_clv_math_sbg_survival (const double *params,
                           double        t)
{
  double alpha = params[0], beta = params[1];

  if (t <= 0.0)
    return 1.0;
  /* S(t) = B(α, β+t) / B(α, β) */
  return exp (lgamma (beta + t) - lgamma (beta) + lgamma (alpha + beta) - lgamma (alpha + beta + t));
}

double
cxv_clv_math_sbg_retention (const double *params,
                            double        t)
{
  return (params[1] + t - 1.0) / (params[0] + params[1] + t - 1.0);
}

/* Fader & Hardie (2010), "Customer-base valuation in a contractual setting:
 * the perils of ignoring heterogeneity", Marketing Science 29(1), eq. 6:
 * DERL(d | α, β, n-1 renewals) = (β+n-1)/(α+β+n-1) ₂F₁(1, β+n; α+β+n; 1/(1+d)).
 * Here n_renewals is their n-1: the value, in payments, of a customer who
 * has made the first payment and n_renewals renewals, taken just before the
 * next renewal decision (that payment, if made, is undiscounted). With
 * n_renewals = 0, DEL = 1 + derl / (1 + d). */
double
cxv_clv_math_sbg_derl (const double *params,
                       double        discount,
                       double        n_renewals)
{
  double alpha = params[0], beta = params[1], n = n_renewals;
  double f, sum = 0.0, term;
  gboolean ok = FALSE;

  f = cxv_clv_math_hyp2f1 (1.0, beta + n + 1.0, alpha + beta + n + 1.0,
                           1.0 / (1.0 + discount), &ok);
  if (ok && isfinite (f))
    return (beta + n) / (alpha + beta + n) * f;

  /* Without heterogeneity alpha and beta run off to millions and 2F1 no
   * longer converges; the sum it stands for still does: each term is the
   * chance of one more renewal, discounted once more. */
  if (!(discount > 0.0))
    return NAN;
  term = 1.0;
  for (guint k = 1; k < 100000000; k++)
    {
      term *= (beta + n + k - 1.0) / (alpha + beta + n + k - 1.0) / (k > 1 ? 1.0 + discount : 1.0);
      sum += term;
      if (term < 1e-16 * sum)
        return sum;
    }
  return NAN;
}

/* log of a/(b+x-1) ((α+T)/(α+t_x))^(r+x), the odds of having dropped out */
static double
bgnbd_log_odds_dead (const double *params, double x, double t_x, double T)
{
  double r = params[0], alpha = params[1], a = params[2], b = params[3];

  return log (a) - log (b + x - 1.0) + (r + x) * (log (alpha + T) - log (alpha + t_x));
}

double
cxv_clv_math_bgnbd_p_alive (const double *params,
                            double        x,
                            double        t_x,
                            double        T)
{
  if (x <= 0.0)
    return 1.0;
  return 1.0 / (1.0 + exp (bgnbd_log_odds_dead (params, x, t_x, T)));
}

/* (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x-1; t/(α+T+t))] */
static double
bgnbd_expected_core (double r, double alpha, double a, double b, double x, double T, double t)
{
  double z = t / (alpha + T + t);
  double f = cxv_clv_math_hyp2f1 (r + x, b + x, a + b + x - 1.0, z, NULL);

  return (a + b + x - 1.0) / (a - 1.0)
         * (1.0 - exp ((r + x) * log ((alpha + T) / (alpha + T + t))) * f);
}

static double
bgnbd_expected_at (double r, double alpha, double a, double b, double x, double T, double t)
{
  /* a = 1 is a removable singularity: average the two sides. */
  if (fabs (a - 1.0) < 1e-6)
    return 0.5 * (bgnbd_expected_core (r, alpha, 1.0 - 1e-5, b, x, T, t) +
                  bgnbd_expected_core (r, alpha, 1.0 + 1e-5, b, x, T, t));
  return bgnbd_expected_core (r, alpha, a, b, x, T, t);
}

double
cxv_clv_math_bgnbd_expected (const double *params,
                             double        x,
                             double        t_x,
                             double        T,
                             double        t)
{
  if (t <= 0.0)
    return 0.0;
  return bgnbd_expected_at (params[0], params[1], params[2], params[3], x, T, t)
         * cxv_clv_math_bgnbd_p_alive (params, x, t_x, T);
}

double
cxv_clv_math_bgnbd_expected_new (const double *params,
                                 double        t)
{
  if (t <= 0.0)
    return 0.0;
  /* The conditional formula at x = 0, T = 0 is E[X(t)] of FHL (2005) eq. 7. */
  return bgnbd_expected_at (params[0], params[1], params[2], params[3], 0.0, 0.0, t);
}

double
cxv_clv_math_pareto_nbd_p_alive (const double *params,
                                 double        x,
                                 double        t_x,
                                 double        T)
{
  double r = params[0], alpha = params[1], s = params[2], beta = params[3];
  gboolean ok = TRUE;
  double l;

  /* 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A0) */
  l = log (s / (r + s + x)) + (r + x) * log (alpha + T) + s * log (beta + T)
      + pnbd_log_a0 (r, alpha, s, beta, x, t_x, T, &ok);
  if (!ok)
    return NAN;
  return 1.0 / (1.0 + exp (l));
}

double
cxv_clv_math_pareto_nbd_expected (const double *params,
                                  double        x,
                                  double        t_x,
                                  double        T,
                                  double        t)
{
  double r = params[0], alpha = params[1], s = params[2], beta = params[3];
  double base = (r + x) * (beta + T) / (alpha + T);
  double lq = log ((beta + T + t) / (beta + T));
  double e;

  if (t <= 0.0)
    return 0.0;
  /* (r+x)(β+T)/((α+T)(s-1)) [1 - ((β+T)/(β+T+t))^(s-1)], the log limit at s = 1 */
  if (fabs (s - 1.0) < 1e-10)
    e = base * lq;
  else
    e = base * -expm1 (-(s - 1.0) * lq) / (s - 1.0);
  return e * cxv_clv_math_pareto_nbd_p_alive (params, x, t_x, T);
}

double
cxv_clv_math_gamma_gamma_expected_spend (const double *params,
                                         double        x,
                                         double        mean_spend)
{
  double p = params[0], q = params[1], gamma = params[2];

  if (x <= 0.0)
    return q > 1.0 ? p * gamma / (q - 1.0) : INFINITY;
  return p * (gamma + mean_spend * x) / (p * x + q - 1.0);
}
