/* cxv-statistics.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cxv-error.h"
#include "cxv-statistics-private.h"
#include "cxv-sort-private.h"

#define LOG_SQRT_2PI 0.91893853320467274178 /* log √(2π) */

/* ---------------------------------------------------------------------- *
 * Gamma-function helpers
 * ---------------------------------------------------------------------- */

/* Stirling's series remainder: lgamma(x) − [(x − ½) log x − x + log √(2π)],
 * good to rounding for x ≥ 15 with these seven terms. */
static double
stirling_remainder (double x)
{
  double r = 1 / x, r2 = r * r;

  return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680
         - r2 * (1.0 / 1188 - r2 * (691.0 / 360360 - r2 * (1.0 / 156)))))));
}

/* log B(a, b). lgamma(a) + lgamma(b) − lgamma(a + b) loses digits to
 * cancellation once a argument is large (a t test with a million degrees of
 * freedom has a = 500000), so large arguments go through Stirling's series,
 * where the big terms cancel analytically. */
static double
log_beta (double a, double b)
{
  double small = MIN (a, b), big = MAX (a, b);
  double difference; /* lgamma(big) − lgamma(big + small) */

  if (big < 15)
    return lgamma (a) + lgamma (b) - lgamma (a + b);

  difference = -(big - 0.5) * log1p (small / big) - small * log (big + small) + small
               + stirling_remainder (big) - stirling_remainder (big + small);
  if (small < 15)
    return lgamma (small) + difference;
  return (small - 0.5) * log (small) - small + LOG_SQRT_2PI + stirling_remainder (small)
         + difference;
}

/* ---------------------------------------------------------------------- *
 * Normal
 * ---------------------------------------------------------------------- */

double
cxv_normal_cdf (double x)
{
  return 0.5 * erfc (-x / G_SQRT2);
}

double
cxv_normal_sf (double x)
{
  return 0.5 * erfc (x / G_SQRT2);
}

/* x > 0 with P(Z > x) = q, for 0 < q ≤ ½. */
static double
normal_upper_quantile (double q)
{
  /* Acklam's rational approximation (relative error < 1.2e-9), then
   * Halley steps on the upper tail, which erfc gives to full precision. */
  static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                              -2.759285104469687e+02, 1.383577518672690e+02,
                              -3.066479806614716e+01, 2.506628277459239e+00 };
  static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                              -1.556989798598866e+02, 6.680131188771972e+01,
                              -1.328068155288572e+01 };
  static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                              -2.400758277161838e+00, -2.549732539343734e+00,
                              4.374664141464968e+00, 2.938163982698783e+00 };
  static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                              2.445134137142996e+00, 3.754408661907416e+00 };
  double x;

  if (q < 0.02425)
    {
      double s = sqrt (-2 * log (q));

      x = -(((((c[0] * s + c[1]) * s + c[2]) * s + c[3]) * s + c[4]) * s + c[5])
          / ((((d[0] * s + d[1]) * s + d[2]) * s + d[3]) * s + 1);
    }
  else
    {
      double s = 0.5 - q, r = s * s;

      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * s
          / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

  for (int i = 0; i < 3; i++)
    {
      double density = exp (-0.5 * x * x - LOG_SQRT_2PI);
      double u;

      if (density == 0)
        break;
      u = (cxv_normal_sf (x) - q) / density;
      x += u / (1 - 0.5 * x * u);
    }
  return x;
}

double
cxv_normal_quantile (double p)
{
  if (isnan (p) || p < 0 || p > 1)
    return NAN;
  if (p == 0)
    return -INFINITY;
  if (p == 1)
    return INFINITY;
  if (p == 0.5)
    return 0;
  /* 1 − p is exact for p ≥ ½ (Sterbenz), so the upper half loses nothing. */
  return p < 0.5 ? -normal_upper_quantile (p) : normal_upper_quantile (1 - p);
}

/* ---------------------------------------------------------------------- *
 * Incomplete beta and gamma
 * ---------------------------------------------------------------------- */

#define CF_TINY 1e-300
/* Stop once a factor is within ~1.5 ulp of 1: a bound of 1e-16 demands
 * delta == 1 exactly, which rounding may never give, and the runaway loop
 * would then pile up rounding errors. */
#define CF_EPSILON 3e-16

/* x^a y^b / (a B(a, b)) divided by the continued fraction
 * 1 + d₁/(1 + d₂/(1 + …)) of DLMF 8.17.22 (modified Lentz), with
 * d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)) and
 * d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m)). Also returns the fraction,
 * whose smallness measures the cancellation inside it (relative error
 * ≈ ε / fraction). FALSE if it did not converge. */
static gboolean
beta_fraction (double x, double log_x, double log_y, double a, double b,
               double *value, double *fraction)
{
  double f = 1, c = 1, d = 0;

  for (guint j = 1; j < 20000; j++)
    {
      double m = (double) (j / 2), term, delta;

      if (j % 2 == 1)
        term = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
      else
        term = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));

      d = 1 + term * d;
      if (fabs (d) < CF_TINY)
        d = CF_TINY;
      c = 1 + term / c;
      if (fabs (c) < CF_TINY)
        c = CF_TINY;
      d = 1 / d;
      delta = c * d;
      f *= delta;
      if (fabs (delta - 1) < CF_EPSILON)
        {
          *fraction = f;
          *value = exp (a * log_x + b * log_y - log (a) - log_beta (a, b)) / f;
          return TRUE;
        }
    }
  return FALSE;
}

/* I_x(a, b) with y = 1 − x and both logarithms given separately: in
 * x^a y^b a rounding of x is raised to the power a, 500000 for a t test
 * on a million rows, so callers pass log x computed from the statistic
 * itself (−log1p(t²/ν)) rather than from a rounded x.
 *
 * The fraction converges fast left of the mode, x < (a + 1)/(a + b + 2),
 * and I = 1 − I_y(b, a) flips to that side. But near the mode with a ≫ b
 * (that same t test) it converges while cancelling most of its digits, so
 * in doubt both sides are evaluated and the one with the smaller error
 * estimate wins. */
static double
incomplete_beta (double x, double y, double log_x, double log_y, double a, double b)
{
  double direct = NAN, flipped = NAN, f_direct = 0, f_flipped = 0;
  double error_direct = INFINITY, error_flipped = INFINITY;
  gboolean left = x <= (a + 1) / (a + b + 2);

  if (x <= 0)
    return 0;
  if (y <= 0)
    return 1;

  if (beta_fraction (x, log_x, log_y, a, b, &direct, &f_direct))
    {
      error_direct = 1 / f_direct;
      if (left && f_direct > 1e-3)
        return direct;
    }
  if (beta_fraction (y, log_y, log_x, b, a, &flipped, &f_flipped))
    {
      if (!left && f_flipped > 1e-3)
        return 1 - flipped;
      error_flipped = (flipped / f_flipped + 1) / (1 - flipped);
    }
  if (isinf (error_direct) && isinf (error_flipped))
    return NAN;
  return error_direct <= error_flipped ? direct : 1 - flipped;
}

double
cxv_incomplete_beta (double x,
                     double a,
                     double b)
{
  if (isnan (x) || isnan (a) || isnan (b) || a <= 0 || b <= 0 || x < 0 || x > 1)
    return NAN;
  return incomplete_beta (x, 1 - x, log (x), log1p (-x), a, b);
}

double
cxv_incomplete_gamma_upper (double a,
                            double x)
{
  double front;

  if (isnan (a) || isnan (x) || a <= 0 || x < 0)
    return NAN;
  if (x == 0)
    return 1;
  if (isinf (x))
    return 0;

  front = exp (a * log (x) - x - lgamma (a));
  if (x < a + 1)
    {
      /* Series for P(a, x) = front · Σ xⁿ / (a (a + 1) … (a + n)). */
      double term = 1 / a, sum = term;

      for (guint n = 1; n < 100000; n++)
        {
          term *= x / (a + n);
          sum += term;
          if (term < sum * 1e-17)
            break;
        }
      return 1 - front * sum;
    }
  else
    {
      /* Legendre's continued fraction for Q (DLMF 8.9.2), modified Lentz:
       * Q = front / (b₀ + a₁/(b₁ + a₂/(b₂ + …))), aₙ = −n(n − a),
       * bₙ = x + 2n + 1 − a. */
      double f = x + 1 - a, c, d = 0;

      if (fabs (f) < CF_TINY)
        f = CF_TINY;
      c = f;
      for (guint n = 1; n < 100000; n++)
        {
          double an = -(double) n * (n - a), bn = x + 2.0 * n + 1 - a, delta;

          d = bn + an * d;
          if (fabs (d) < CF_TINY)
            d = CF_TINY;
          c = bn + an / c;
          if (fabs (c) < CF_TINY)
            c = CF_TINY;
          d = 1 / d;
          delta = c * d;
          f *= delta;
          if (fabs (delta - 1) < CF_EPSILON)
            break;
        }
      return front / f;
    }
}

double
cxv_chi_square_sf (double x,
                   double df)
{
  if (isnan (x) || isnan (df) || df <= 0)
    return NAN;
  if (x <= 0)
    return 1;
  return cxv_incomplete_gamma_upper (df / 2, x / 2);
}

/* ---------------------------------------------------------------------- *
 * Student t
 * ---------------------------------------------------------------------- */

static double student_t_log_density (double t, double df);

/* P(T > t), t ≥ 0, by composite 8-point Gauss–Legendre over panels whose
 * width follows the density's decay rate, until a panel adds nothing.
 * For large df this is what stays accurate: the incomplete beta
 * I_x(df/2, ½) then has x close to 1 and its continued fraction cancels
 * away up to 8 digits (a t of 4 on a million df). */
static double
student_t_upper_tail_quadrature (double t, double df)
{
  static const double node[] = { 0.18343464249564978, 0.525532409916329,
                                 0.7966664774136267, 0.9602898564975362 };
  static const double weight[] = { 0.36268378337836177, 0.31370664587788705,
                                   0.22238103445337434, 0.10122853629037669 };
  double sum = 0, start = t;

  for (guint panel = 0; panel < 100000; panel++)
    {
      /* d/du of −log f(u) is (df + 1)u / (df + u²); a panel spans about
       * half the distance over which f falls by a factor e. */
      double rate = (df + 1) * start / (df + start * start);
      double width = 0.5 / MAX (1.0, rate), half = 0.5 * width, mid = start + half;
      double part = 0;

      for (guint k = 0; k < 4; k++)
        part += weight[k] * (exp (student_t_log_density (mid - half * node[k], df))
                             + exp (student_t_log_density (mid + half * node[k], df)));
      part *= half;
      sum += part;
      start += width;
      if (part <= 1e-18 * sum)
        break;
    }
  return sum;
}

double
cxv_student_t_two_sided_p (double t,
                           double df)
{
  double t2;

  if (isnan (t) || isnan (df) || df <= 0)
    return NAN;
  if (isinf (df))
    return 2 * cxv_normal_sf (fabs (t));
  if (isinf (t))
    return 0;
  if (df > 100)
    return 2 * student_t_upper_tail_quadrature (fabs (t), df);
  /* P(|T| ≥ |t|) = I_{df/(df + t²)}(df/2, ½); 1 − x computed directly. */
  t2 = t * t;
  return incomplete_beta (df / (df + t2), t2 / (df + t2), -log1p (t2 / df),
                          log (t2) - log (df + t2), df / 2, 0.5);
}

double
cxv_student_t_cdf (double t,
                   double df)
{
  double tail = 0.5 * cxv_student_t_two_sided_p (t, df);

  return t < 0 ? tail : 1 - tail;
}

static double
student_t_log_density (double t, double df)
{
  return -log_beta (0.5 * df, 0.5) - 0.5 * log (df) - 0.5 * (df + 1) * log1p (t * t / df);
}

double
cxv_student_t_quantile (double p,
                        double df)
{
  double q, z, x, lo = 0, hi = INFINITY;

  if (isnan (p) || isnan (df) || df <= 0 || p < 0 || p > 1)
    return NAN;
  if (isinf (df))
    return cxv_normal_quantile (p);
  if (p == 0)
    return -INFINITY;
  if (p == 1)
    return INFINITY;
  if (p == 0.5)
    return 0;

  q = p < 0.5 ? p : 1 - p; /* exact for p ≥ ½ */

  /* Start: closed forms for 1 and 2 df, else Cornish–Fisher around the
   * normal quantile; then Newton on log P(T > x), which stays well scaled
   * deep in the tail, inside a bracket that only shrinks. */
  if (df == 1)
    x = 1 / tan (G_PI * q);
  else if (df == 2)
    x = (1 - 2 * q) / sqrt (2 * q * (1 - q));
  else
    {
      z = normal_upper_quantile (q);
      x = z + (z * z * z + z) / (4 * df)
          + (5 * pow (z, 5) + 16 * z * z * z + 3 * z) / (96 * df * df);
    }
  if (!(x > 0) || isinf (x))
    x = 1;

  for (int i = 0; i < 200; i++)
    {
      double tail = 0.5 * cxv_student_t_two_sided_p (x, df);
      double step, next;

      if (tail > q)
        lo = x;
      else
        hi = x;
      if (tail == q)
        break;
      /* d/dx log P(T > x) = −f(x) / P(T > x) */
      step = (log (tail) - log (q)) * tail / exp (student_t_log_density (x, df));
      next = x + step;
      if (!(next > lo && next < hi))
        next = isinf (hi) ? 2 * MAX (x, 1) : 0.5 * (lo + hi);
      if (fabs (next - x) <= 1e-15 * x)
        {
          x = next;
          break;
        }
      x = next;
    }
  return p < 0.5 ? -x : x;
}

/* ---------------------------------------------------------------------- *
 * Ranks and correlations
 * ---------------------------------------------------------------------- */

void
cxv_ranks (const double *x,
           gsize         n,
           double       *ranks)
{
  g_autofree guint64 *keys = NULL;
  g_autofree guint32 *order = NULL;

  /* A radix sort of the values carrying their positions: a million values
   * rank in milliseconds. */
  g_return_if_fail (n <= G_MAXUINT32);
  keys = g_new (guint64, MAX (n, 1));
  order = g_new (guint32, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      keys[i] = cxv_sort_key_double (x[i]);
      order[i] = (guint32) i;
    }
  cxv_sort_u64_indexed (keys, order, n);

  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;
      double average;

      while (j < n && x[order[j]] == x[order[i]])
        j++;
      /* Positions i…j−1 hold ranks i+1…j; ties share their mean. */
      average = 0.5 * ((double) i + 1 + (double) j);
      for (gsize k = i; k < j; k++)
        ranks[order[k]] = average;
      i = j;
    }
}

void
cxv_correlation_infer (CxvCorrelation *out,
                       double          confidence)
{
  double r = out->estimate;
  double n = (double) out->n;

  if (n > 2 && fabs (r) < 1)
    {
      out->statistic = r * sqrt ((n - 2) / (1 - r * r));
      out->p_value = cxv_student_t_two_sided_p (out->statistic, n - 2);
    }
  else if (n > 2)
    {
      out->statistic = copysign (INFINITY, r);
      out->p_value = 0;
    }
  else
    out->statistic = out->p_value = NAN;

  if (fabs (r) >= 1)
    out->lower = out->upper = r;
  else if (n <= 3)
    {
      out->lower = -1;
      out->upper = 1;
    }
  else
    {
      double z = atanh (r);
      double half = cxv_normal_quantile (0.5 + 0.5 * confidence) / sqrt (n - 3);

      out->lower = tanh (z - half);
      out->upper = tanh (z + half);
    }
}

static gboolean
check_pair (const double *x,
            const double *y,
            gsize         n,
            const char   *x_name,
            const char   *y_name,
            double        confidence,
            GError      **error)
{
  const double *columns[] = { x, y };
  const char *names[] = { x_name != NULL ? x_name : "x", y_name != NULL ? y_name : "y" };

  if (!(confidence > 0 && confidence < 1))
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "Confidence level %g is not between 0 and 1", confidence);
      return FALSE;
    }
  if (n < 3)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                   "A correlation of “%s” with “%s” needs at least 3 rows, not %" G_GSIZE_FORMAT,
                   names[0], names[1], n);
      return FALSE;
    }
  for (guint c = 0; c < 2; c++)
    {
      gboolean constant = TRUE;

      for (gsize i = 0; i < n; i++)
        {
          if (!isfinite (columns[c][i]))
            {
              g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "Column “%s” holds %g at row %" G_GSIZE_FORMAT,
                           names[c], columns[c][i], i);
              return FALSE;
            }
          constant = constant && columns[c][i] == columns[c][0];
        }
      if (constant)
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_FAILED,
                       "Column “%s” is constant (%g), so its correlation is undefined",
                       names[c], columns[c][0]);
          return FALSE;
        }
    }
  return TRUE;
}

static double
pearson_r (const double *x, const double *y, gsize n)
{
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;

  /* Two passes: centring first keeps large offsets (revenue in the
   * millions) from cancelling the co-moments away. */
  for (gsize i = 0; i < n; i++)
    {
      mx += x[i];
      my += y[i];
    }
  mx /= (double) n;
  my /= (double) n;
  for (gsize i = 0; i < n; i++)
    {
      double dx = x[i] - mx, dy = y[i] - my;

      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
  return CLAMP (sxy / sqrt (sxx * syy), -1.0, 1.0);
}

gboolean
cxv_pearson (const double   *x,
             const double   *y,
             gsize           n,
             const char     *x_name,
             const char     *y_name,
             double          confidence,
             CxvCorrelation *out,
             GError        **error)
{
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), FALSE);

  if (!check_pair (x, y, n, x_name, y_name, confidence, error))
    return FALSE;
  out->n = n;
  out->estimate = pearson_r (x, y, n);
  cxv_correlation_infer (out, confidence);
  return TRUE;
}

gboolean
cxv_spearman (const double   *x,
              const double   *y,
              gsize           n,
              const char     *x_name,
              const char     *y_name,
              double          confidence,
              CxvCorrelation *out,
              GError        **error)
{
  g_autofree double *rx = NULL;
  g_autofree double *ry = NULL;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), FALSE);

  if (!check_pair (x, y, n, x_name, y_name, confidence, error))
    return FALSE;
  rx = g_new (double, n);
  ry = g_new (double, n);
  cxv_ranks (x, n, rx);
  cxv_ranks (y, n, ry);
  out->n = n;
  out->estimate = pearson_r (rx, ry, n);
  cxv_correlation_infer (out, confidence);
  return TRUE;
}

/* ---------------------------------------------------------------------- *
 * Moments
 * ---------------------------------------------------------------------- */

#define BLOCK_ROWS 256

struct _CxvMoments
{
  guint   k;
  double  weight;
  double *mean;
  double *comoment;  /* k×k; only the lower triangle is kept up to date */
  double *scratch;   /* k deltas for add_row */
};

CxvMoments *
cxv_moments_new (guint k)
{
  CxvMoments *self;

  g_return_val_if_fail (k > 0, NULL);

  self = g_new0 (CxvMoments, 1);
  self->k = k;
  self->mean = g_new0 (double, k);
  self->comoment = g_new0 (double, (gsize) k * k);
  self->scratch = g_new0 (double, k);
  return self;
}

void
cxv_moments_free (CxvMoments *self)
{
  if (self == NULL)
    return;
  g_free (self->mean);
  g_free (self->comoment);
  g_free (self->scratch);
  g_free (self);
}

void
cxv_moments_reset (CxvMoments *self)
{
  self->weight = 0;
  memset (self->mean, 0, self->k * sizeof (double));
  memset (self->comoment, 0, (gsize) self->k * self->k * sizeof (double));
}

guint
cxv_moments_get_k (const CxvMoments *self)
{
  return self->k;
}

double
cxv_moments_get_weight (const CxvMoments *self)
{
  return self->weight;
}

const double *
cxv_moments_get_means (const CxvMoments *self)
{
  return self->mean;
}

void
cxv_moments_add_row (CxvMoments   *self,
                     const double *row,
                     double        weight)
{
  guint k = self->k;
  double total, factor;

  g_return_if_fail (weight >= 0);

  if (weight == 0)
    return;
  total = self->weight + weight;
  /* West (1979): C += w·W/(W + w) · δδᵀ with δ = x − old mean. */
  factor = weight * self->weight / total;
  for (guint j = 0; j < k; j++)
    {
      self->scratch[j] = row[j] - self->mean[j];
      self->mean[j] += self->scratch[j] * (weight / total);
    }
  for (guint j = 0; j < k; j++)
    {
      double fj = factor * self->scratch[j];
      double *c = self->comoment + (gsize) j * k;

      for (guint l = 0; l <= j; l++)
        c[l] += fj * self->scratch[l];
    }
  self->weight = total;
}

/* Chan, Golub & LeVeque's pairwise combination of two summaries. */
static void
merge_summary (CxvMoments   *self,
               double        weight,
               const double *mean,
               const double *comoment)
{
  guint k = self->k;
  double total, factor;

  if (weight == 0)
    return;
  total = self->weight + weight;
  factor = self->weight * weight / total;
  for (guint j = 0; j < k; j++)
    self->scratch[j] = mean[j] - self->mean[j];
  for (guint j = 0; j < k; j++)
    {
      double *c = self->comoment + (gsize) j * k;
      const double *o = comoment + (gsize) j * k;

      for (guint l = 0; l <= j; l++)
        c[l] += o[l] + factor * self->scratch[j] * self->scratch[l];
      self->mean[j] += self->scratch[j] * (weight / total);
    }
  self->weight = total;
}

void
cxv_moments_merge (CxvMoments       *self,
                   const CxvMoments *other)
{
  g_return_if_fail (self->k == other->k);

  merge_summary (self, other->weight, other->mean, other->comoment);
}

void
cxv_moments_add_columns (CxvMoments          *self,
                         const double *const *columns,
                         const double        *weights,
                         gsize                n)
{
  guint k = self->k;
  g_autofree double *mean = g_new (double, k);
  g_autofree double *comoment = g_new (double, (gsize) k * k);
  g_autofree double *centred = g_new (double, (gsize) k * BLOCK_ROWS);
  g_autofree double *weighted = g_new (double, (gsize) k * BLOCK_ROWS);

  /* Each block of rows is summarised exactly as a two-pass computation
   * would, then merged: as stable as Welford row by row, but the inner
   * loops are dot products over contiguous memory, which vectorise. */
  for (gsize start = 0; start < n; start += BLOCK_ROWS)
    {
      gsize m = MIN ((gsize) BLOCK_ROWS, n - start);
      double block_weight = 0;

      for (gsize i = 0; i < m; i++)
        block_weight += weights != NULL ? weights[start + i] : 1;
      if (block_weight <= 0)
        continue;

      for (guint j = 0; j < k; j++)
        {
          const double *x = columns[j] + start;
          double *cj = centred + (gsize) j * BLOCK_ROWS;
          double *wj = weighted + (gsize) j * BLOCK_ROWS;
          double sum = 0, correction = 0;

          for (gsize i = 0; i < m; i++)
            sum += (weights != NULL ? weights[start + i] : 1) * x[i];
          mean[j] = sum / block_weight;
          /* A second look at the residuals removes the rounding of the first
           * mean, so a constant column has exactly zero spread. */
          for (gsize i = 0; i < m; i++)
            correction += (weights != NULL ? weights[start + i] : 1) * (x[i] - mean[j]);
          mean[j] += correction / block_weight;
          for (gsize i = 0; i < m; i++)
            {
              cj[i] = x[i] - mean[j];
              wj[i] = weights != NULL ? weights[start + i] * cj[i] : cj[i];
            }
        }
      for (guint j = 0; j < k; j++)
        for (guint l = 0; l <= j; l++)
          {
            const double *wj = weighted + (gsize) j * BLOCK_ROWS;
            const double *cl = centred + (gsize) l * BLOCK_ROWS;
            double sum = 0;

            for (gsize i = 0; i < m; i++)
              sum += wj[i] * cl[i];
            comoment[(gsize) j * k + l] = sum;
          }

      if (self->weight == 0)
        {
          self->weight = block_weight;
          memcpy (self->mean, mean, k * sizeof (double));
          for (guint j = 0; j < k; j++)
            for (guint l = 0; l <= j; l++)
              self->comoment[(gsize) j * k + l] = comoment[(gsize) j * k + l];
        }
      else
        merge_summary (self, block_weight, mean, comoment);
    }
}

void
cxv_moments_get_covariance (const CxvMoments *self,
                            double            ddof,
                            double           *covariance)
{
  guint k = self->k;
  double denominator = self->weight - ddof;

  for (guint j = 0; j < k; j++)
    for (guint l = 0; l <= j; l++)
      covariance[(gsize) j * k + l] = covariance[(gsize) l * k + j]
        = self->comoment[(gsize) j * k + l] / denominator;
}

gboolean
cxv_moments_get_correlation (const CxvMoments *self,
                             double           *correlation,
                             guint            *constant_column)
{
  guint k = self->k;
  g_autofree double *sd = g_new (double, k);
  gboolean ok = TRUE;

  for (guint j = 0; j < k; j++)
    {
      double c = self->comoment[(gsize) j * k + j];

      /* No spread, or only rounding noise: SD under 1e-12 of |mean|. */
      if (!(c > 1e-24 * self->weight * self->mean[j] * self->mean[j]))
        {
          sd[j] = NAN;
          if (ok && constant_column != NULL)
            *constant_column = j;
          ok = FALSE;
        }
      else
        sd[j] = sqrt (c);
    }
  for (guint j = 0; j < k; j++)
    for (guint l = 0; l <= j; l++)
      {
        double r = j == l ? (isnan (sd[j]) ? NAN : 1.0)
                          : self->comoment[(gsize) j * k + l] / (sd[j] * sd[l]);

        if (!isnan (r))
          r = CLAMP (r, -1.0, 1.0);
        correlation[(gsize) j * k + l] = correlation[(gsize) l * k + j] = r;
      }
  return ok;
}
