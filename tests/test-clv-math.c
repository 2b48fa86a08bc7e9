/* test-clv-math.c: the CLV models against published fits, a second
 * implementation (SciPy), simulation recovery and bad input
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib.h>

#include "cxv-clv-math-private.h"
#include "cxv-error.h"
#include "cxv-optimizer-private.h"

/* ------------------------------------------------------------------ */
/* The CDNOW sample as a calibration CBS                               */

typedef struct {
  gsize n;
  GArray *x, *t_x, *T, *m;
} Cbs;

static void
cbs_free (Cbs *cbs)
{
  g_array_unref (cbs->x);
  g_array_unref (cbs->t_x);
  g_array_unref (cbs->T);
  g_array_unref (cbs->m);
  g_free (cbs);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cbs, cbs_free)

typedef struct {
  int customer;
  guint32 day;                  /* Julian day */
  double dollars;
} Purchase;

static int
purchase_cmp (gconstpointer a, gconstpointer b)
{
  const Purchase *p = a, *q = b;

  if (p->customer != q->customer)
    return p->customer < q->customer ? -1 : 1;
  return p->day < q->day ? -1 : p->day > q->day;
}

static void
cbs_add (Cbs *cbs, const Purchase *days, guint n_days, guint32 end)
{
  guint n_cal = 0;
  double x, t_x, T, spend = 0.0;

  for (guint i = 0; i < n_days && days[i].day <= end; i++)
    n_cal++;
  x = n_cal - 1;
  t_x = (days[n_cal - 1].day - days[0].day) / 7.0;
  T = (end - days[0].day) / 7.0;
  for (guint i = 1; i < n_cal; i++)
    spend += days[i].dollars;
  spend = n_cal > 1 ? spend / x : 0.0;
  g_array_append_val (cbs->x, x);
  g_array_append_val (cbs->t_x, t_x);
  g_array_append_val (cbs->T, T);
  g_array_append_val (cbs->m, spend);
  cbs->n++;
}

/* The convention that reproduces Fader, Hardie & Lee: purchases on the same
 * day are one transaction (dollars summed); x = transaction days in the
 * calibration period (up to and including 1997-09-30) minus the first;
 * t_x = days from the first to the last calibration transaction / 7;
 * T = days from the first transaction to 1997-09-30 / 7. So a customer
 * whose first purchase is 1997-01-01 has T = 272/7 = 38.857 weeks (the
 * 38.86 of the paper's spreadsheet). All 2,357 customers first bought in
 * 1997Q1, before the calibration end. */
static Cbs *
load_cdnow (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "cdnow-sample.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GArray) purchases = g_array_new (FALSE, FALSE, sizeof (Purchase));
  g_autoptr (GArray) days = g_array_new (FALSE, FALSE, sizeof (Purchase));
  GDate end_date;
  guint32 end;
  Cbs *cbs = g_new0 (Cbs, 1);

  cbs->x = g_array_new (FALSE, FALSE, sizeof (double));
  cbs->t_x = g_array_new (FALSE, FALSE, sizeof (double));
  cbs->T = g_array_new (FALSE, FALSE, sizeof (double));
  cbs->m = g_array_new (FALSE, FALSE, sizeof (double));

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      Purchase p;
      int id, ymd, cds;
      GDate date;

      if (sscanf (lines[i], "%d %*d %d %d %lf", &id, &ymd, &cds, &p.dollars) != 4)
        continue;
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, ymd % 100, (ymd / 100) % 100, ymd / 10000);
      p.customer = id;
      p.day = g_date_get_julian (&date);
      g_array_append_val (purchases, p);
    }
  g_assert_cmpuint (purchases->len, ==, 6919);
  g_array_sort (purchases, purchase_cmp);

  g_date_clear (&end_date, 1);
  g_date_set_dmy (&end_date, 30, G_DATE_SEPTEMBER, 1997);
  end = g_date_get_julian (&end_date);

  for (guint i = 0; i < purchases->len; i++)
    {
      Purchase *p = &g_array_index (purchases, Purchase, i);

      if (days->len > 0)
        {
          Purchase *last = &g_array_index (days, Purchase, days->len - 1);

          if (last->customer == p->customer && last->day == p->day)
            {
              last->dollars += p->dollars;
              continue;
            }
          if (last->customer != p->customer)
            {
              cbs_add (cbs, (Purchase *) days->data, days->len, end);
              g_array_set_size (days, 0);
            }
        }
      g_array_append_val (days, *p);
    }
  cbs_add (cbs, (Purchase *) days->data, days->len, end);

  return cbs;
}

/* |value - published| within half a unit of the published last decimal */
static void
log_fit (const CxvClvMathFit *fit)
{
  for (guint i = 0; i < fit->n_params; i++)
    g_test_message ("%s = %.6f (se %.4f)", cxv_clv_math_param_name (fit->model, i),
                    fit->params[i], fit->standard_errors[i]);
  g_test_message ("LL = %.4f after %u iterations", fit->log_likelihood, fit->iterations);
}

static void
assert_published (double value, double published, int decimals)
{
  double tol = 0.5 * pow (10.0, -decimals) * (1.0 + 1e-9);

  if (fabs (value - published) > tol)
    g_error ("%.6f does not round to the published %.*f", value, decimals, published);
}

static void
assert_close (double value, double expected, double rel)
{
  if (!(fabs (value - expected) <= rel * MAX (1.0, fabs (expected))))
    g_error ("%.15g differs from %.15g by more than %g (relative)", value, expected, rel);
}

static void
test_cdnow_bgnbd (void)
{
  g_autoptr (Cbs) cbs = load_cdnow ();
  g_autoptr (GError) error = NULL;
  CxvClvMathData data = { 0 };
  CxvClvMathFit fit;
  double x_sum = 0.0;
  gsize n_repeat = 0;

  g_test_summary ("BG/NBD on the CDNOW sample reproduces Fader, Hardie & Lee (2005)");

  g_assert_cmpuint (cbs->n, ==, 2357);
  for (gsize i = 0; i < cbs->n; i++)
    {
      x_sum += g_array_index (cbs->x, double, i);
      n_repeat += g_array_index (cbs->x, double, i) > 0;
    }
  /* FHL (2005) §4: 2,457 repeat transactions in the calibration period;
   * the Gamma-Gamma note: 946 repeat buyers. */
  g_assert_cmpfloat (x_sum, ==, 2457.0);
  g_assert_cmpuint (n_repeat, ==, 946);

  data.n = cbs->n;
  data.x = (double *) cbs->x->data;
  data.t_x = (double *) cbs->t_x->data;
  data.T = (double *) cbs->T->data;

  cxv_clv_math_fit (CXV_CLV_MATH_BGNBD, &data, NULL, &fit, &error);
  g_assert_no_error (error);
  log_fit (&fit);
  g_assert_true (fit.converged);
  g_assert_cmpuint (fit.n_customers, ==, 2357);
  /* Fader, Hardie & Lee (2005), "Counting your customers the easy way",
   * Marketing Science 24(2), p. 279: r = 0.243, α = 4.414, a = 0.793,
   * b = 2.426, LL = -9582.4. CLVTools' correctness test quotes the same
   * optimum to more digits (r = 0.2425945, α = 4.4136019, a = 0.7929199,
   * b = 2.4258881, LL = -9582.429; its BG/NBD testthat correctness test). */
  assert_published (fit.params[0], 0.243, 3);
  assert_published (fit.params[1], 4.414, 3);
  assert_published (fit.params[2], 0.793, 3);
  assert_published (fit.params[3], 2.426, 3);
  g_assert_cmpfloat_with_epsilon (fit.log_likelihood, -9582.4, 0.1);
  assert_close (cxv_clv_math_log_likelihood (CXV_CLV_MATH_BGNBD, fit.params, &data),
                fit.log_likelihood, 1e-12);
  for (guint i = 0; i < 4; i++)
    g_assert_true (isfinite (fit.standard_errors[i]) && fit.standard_errors[i] > 0.0);

  /* Compressed rows give the same likelihood: weight 2 on every row is
   * twice the LL. */
  {
    g_autofree double *w = g_new (double, cbs->n);

    for (gsize i = 0; i < cbs->n; i++)
      w[i] = 2.0;
    data.weight = w;
    assert_close (cxv_clv_math_log_likelihood (CXV_CLV_MATH_BGNBD, fit.params, &data),
                  2.0 * fit.log_likelihood, 1e-12);
  }
}

static void
test_cdnow_pareto_nbd (void)
{
  g_autoptr (Cbs) cbs = load_cdnow ();
  g_autoptr (GError) error = NULL;
  CxvClvMathData data = { 0 };
  CxvClvMathFit fit;

  g_test_summary ("Pareto/NBD on the CDNOW sample reproduces Fader, Hardie & Lee (2005)");

  data.n = cbs->n;
  data.x = (double *) cbs->x->data;
  data.t_x = (double *) cbs->t_x->data;
  data.T = (double *) cbs->T->data;

  cxv_clv_math_fit (CXV_CLV_MATH_PARETO_NBD, &data, NULL, &fit, &error);
  g_assert_no_error (error);
  log_fit (&fit);
  /* Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves",
   * JMR 42(4), and Fader & Hardie's note on implementing the Pareto/NBD
   * in Excel: r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = -9595.0.
   * CLVTools' Pareto/NBD testthat correctness test: r = 0.55315,
   * α = 10.57633, s = 0.60625, β = 11.67150, LL = -9594.976. */
  assert_published (fit.params[0], 0.553, 3);
  assert_published (fit.params[1], 10.578, 3);
  assert_published (fit.params[2], 0.606, 3);
  assert_published (fit.params[3], 11.669, 3);
  g_assert_cmpfloat_with_epsilon (fit.log_likelihood, -9595.0, 0.1);
  for (guint i = 0; i < 4; i++)
    g_assert_true (isfinite (fit.standard_errors[i]) && fit.standard_errors[i] > 0.0);
}

static void
test_cdnow_gamma_gamma (void)
{
  g_autoptr (Cbs) cbs = load_cdnow ();
  g_autoptr (GError) error = NULL;
  CxvClvMathData data = { 0 };
  CxvClvMathFit fit;

  g_test_summary ("Gamma-Gamma on the CDNOW repeat buyers reproduces Fader & Hardie (2013)");

  data.n = cbs->n;
  data.x = (double *) cbs->x->data;
  data.mean_spend = (double *) cbs->m->data;

  cxv_clv_math_fit (CXV_CLV_MATH_GAMMA_GAMMA, &data, NULL, &fit, &error);
  g_assert_no_error (error);
  log_fit (&fit);
  g_assert_cmpuint (fit.n_customers, ==, 946);
  /* Fader & Hardie (2013), "The Gamma-Gamma model of monetary value":
   * p = 6.25, q = 3.74, γ = 15.44. The note gives no LL; CLVTools'
   * test_correctness_gg.R quotes LL = -4055.9177 for these estimates. Our
   * optimum: p = 6.2496, q = 3.7442, γ = 15.4435, LL = -4055.9177, also
   * found by SciPy Nelder-Mead on the same CBS. */
  assert_published (fit.params[0], 6.25, 2);
  assert_published (fit.params[1], 3.74, 2);
  assert_published (fit.params[2], 15.44, 2);
  g_assert_cmpfloat_with_epsilon (fit.log_likelihood, -4055.9177, 0.01);

  /* E[M | x, m̄] = p(γ + m̄x)/(px + q - 1): hand calculation at the note's
   * estimates, and the population mean pγ/(q - 1) for x = 0. */
  {
    double pub[] = { 6.25, 3.74, 15.44 };

    assert_close (cxv_clv_math_gamma_gamma_expected_spend (pub, 2, 30.0),
                  6.25 * (15.44 + 60.0) / (12.5 + 2.74), 1e-15);
    assert_close (cxv_clv_math_gamma_gamma_expected_spend (pub, 0, 0.0),
                  6.25 * 15.44 / 2.74, 1e-15);
  }
}

static void
test_sbg (void)
{
  /* Fader & Hardie (2007), "How to project customer retention", J.
   * Interactive Marketing 21(1), Table 1, years 0-7 of the two cohorts of
   * 1,000. Published: high end α = 0.668, β = 3.806; regular α = 0.704,
   * β = 1.182. The paper's LLs are not quoted here (no source at hand);
   * the LLs below are SciPy's Nelder-Mead optimum of the same likelihood
   * (-1611.158 high end, -1680.265 regular), which also lands on the
   * published α and β. jdmaturen/shifted_beta_geometric_py uses the high
   * end series as its example. */
  const double high_end[] = { 1000, 869, 743, 653, 593, 551, 517, 491 };
  const double regular[] = { 1000, 631, 468, 382, 326, 289, 262, 241 };
  const struct {
    const double *active;
    double alpha, beta, ll;
  } cases[] = {
    { high_end, 0.668, 3.806, -1611.158 },
    { regular, 0.704, 1.182, -1680.265 },
  };

  g_test_summary ("sBG reproduces Fader & Hardie (2007)");

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      CxvClvMathData data = { .active = cases[c].active, .n_active = 8 };
      g_autoptr (GError) error = NULL;
      CxvClvMathFit fit;

      cxv_clv_math_fit (CXV_CLV_MATH_SBG, &data, NULL, &fit, &error);
      g_assert_no_error (error);
      log_fit (&fit);
      assert_published (fit.params[0], cases[c].alpha, 3);
      assert_published (fit.params[1], cases[c].beta, 3);
      g_assert_cmpfloat_with_epsilon (fit.log_likelihood, cases[c].ll, 0.01);
      g_assert_cmpuint (fit.n_customers, ==, 1000);
    }
}

static void
test_sbg_predictions (void)
{
  const double p[] = { 0.668, 3.806 };

  g_test_summary ("sBG survival, retention and DERL against direct sums");

  g_assert_cmpfloat (cxv_clv_math_sbg_survival (p, 0), ==, 1.0);
  /* S(t) = B(α, β+t)/B(α, β) by scipy.special.betaln */
  assert_close (cxv_clv_math_sbg_survival (p, 5), 0.5618689755669274, 1e-12);
  assert_close (cxv_clv_math_sbg_survival (p, 2.5), 0.7057361450955618, 1e-12);
  /* r(t) = (β+t-1)/(α+β+t-1), hand calculation */
  assert_close (cxv_clv_math_sbg_retention (p, 1), 3.806 / 4.474, 1e-15);
  /* DERL at d = 10%: the direct sum Σ_{t>n} S(t)/S(n)/1.1^(t-n-1) in
   * Python for n = 0 and 4 renewals (5.414856048374043, 6.897057397746099),
   * and DEL = Σ_{t>=0} S(t)/1.1^t = 5.922596407612756 = 1 + DERL(0)/1.1. */
  assert_close (cxv_clv_math_sbg_derl (p, 0.1, 0), 5.414856048374043, 1e-12);
  assert_close (cxv_clv_math_sbg_derl (p, 0.1, 4), 6.897057397746099, 1e-12);
  assert_close (1.0 + cxv_clv_math_sbg_derl (p, 0.1, 0) / 1.1, 5.922596407612756, 1e-12);
}

static void
test_hyp2f1 (void)
{
  /* scipy.special.hyp2f1 (SciPy 1.10) */
  const struct { double a, b, c, z, expected; } cases[] = {
    { 1.5, 2.5, 4.2, 0.3, 1.358645725600837 },
    { 0.8, 3.1, 2.9, 0.97, 24.851952691297306 },     /* z near 1, 1 - z formula */
    { 2.0, 1.3, 5.5, 0.999, 2.2324202334774568 },
    { 1.2, 2.4, 3.1, -0.8, 0.5697557693002038 },     /* negative z, Pfaff */
    { 0.5, 1.5, 2.5, -5.0, 0.5276325222044459 },
    { 1.0, 4.806, 5.474, 1.0 / 1.1, 6.36523015250274 },
  };
  gboolean ok;

  g_test_summary ("Gauss 2F1 against SciPy, inside and near the edge of the unit disc");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double v = cxv_clv_math_hyp2f1 (cases[i].a, cases[i].b, cases[i].c, cases[i].z, &ok);

      g_assert_true (ok);
      assert_close (v, cases[i].expected, 1e-11);
    }

  /* Gauss's theorem at z = 1: 2F1(1, 1; 3; 1) = Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2 */
  assert_close (cxv_clv_math_hyp2f1 (1, 1, 3, 1, &ok), 2.0, 1e-14);
  g_assert_true (ok);
  /* divergent at z = 1 when c - a - b <= 0; c a pole */
  cxv_clv_math_hyp2f1 (1, 2, 3, 1, &ok);
  g_assert_false (ok);
  cxv_clv_math_hyp2f1 (1, 2, -1, 0.5, &ok);
  g_assert_false (ok);
}

static void
test_predictions (void)
{
  /* At the published CDNOW estimates. Expected values by SciPy: BG/NBD by
   * FHL (2005) eqs. 10 and 13 with scipy.special.hyp2f1; Pareto/NBD
   * P(alive) from the likelihood written as an integral over the dropout
   * time, by scipy.integrate.quad (a different route from the 2F1 form
   * used here), and E[X(T, T+t)] = (r+x)(β+T)/((α+T)(s-1)) [1 -
   * ((β+T)/(β+T+t))^(s-1)] P(alive). Horizon t = 39 weeks. */
  const double bg[] = { 0.243, 4.414, 0.793, 2.426 };
  const double pn[] = { 0.553, 10.578, 0.606, 11.669 };
  const struct {
    double x, t_x, T;
    double bg_alive, bg_expected, pn_alive, pn_expected;
  } cases[] = {
    { 2, 30.43, 38.86, 0.726578570080673, 1.226028174767135, 0.8691675591530111, 1.4551231932576025 },
    { 7, 29.43, 35.38, 0.766780119960015, 4.267756020724348, 0.8681824649732961, 4.575477996681517 },
    { 0, 0, 38.86, 1.0, 0.19509805201125396, 0.29528660461689404, 0.10708146821530883 },
    { 1, 2.0, 36.0, 0.23689010165942118, 0.24076806612455717, 0.1957755596772425, 0.2097500366279721 },
  };

  g_test_summary ("BG/NBD and Pareto/NBD predictions against SciPy");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      assert_close (cxv_clv_math_bgnbd_p_alive (bg, cases[i].x, cases[i].t_x, cases[i].T),
                    cases[i].bg_alive, 1e-12);
      assert_close (cxv_clv_math_bgnbd_expected (bg, cases[i].x, cases[i].t_x, cases[i].T, 39),
                    cases[i].bg_expected, 1e-10);
      assert_close (cxv_clv_math_pareto_nbd_p_alive (pn, cases[i].x, cases[i].t_x, cases[i].T),
                    cases[i].pn_alive, 1e-9);
      assert_close (cxv_clv_math_pareto_nbd_expected (pn, cases[i].x, cases[i].t_x, cases[i].T, 39),
                    cases[i].pn_expected, 1e-9);
    }
  /* E[X(t)] for a new customer (FHL eq. 7), SciPy */
  assert_close (cxv_clv_math_bgnbd_expected_new (bg, 39), 1.1967231933207985, 1e-10);
  assert_close (cxv_clv_math_bgnbd_expected_new (bg, 78), 1.8605190579427455, 1e-10);
}

/* ------------------------------------------------------------------ */
/* Simulation                                                          */

static double
rand_exp (GRand *rng, double rate)
{
  return -log1p (-g_rand_double (rng)) / rate;
}

static double
rand_normal (GRand *rng)
{
  double u = g_rand_double_range (rng, DBL_MIN, 1.0);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * g_rand_double (rng));
}

/* Gamma(shape, rate), Marsaglia & Tsang (2000) */
static double
rand_gamma (GRand *rng, double shape, double rate)
{
  double d, c;

  if (shape < 1.0)
    return rand_gamma (rng, shape + 1.0, rate)
           * pow (g_rand_double_range (rng, DBL_MIN, 1.0), 1.0 / shape);
  d = shape - 1.0 / 3.0;
  c = 1.0 / sqrt (9.0 * d);
  for (;;)
    {
      double z = rand_normal (rng), v = 1.0 + c * z, u;

      if (v <= 0.0)
        continue;
      v = v * v * v;
      u = g_rand_double_range (rng, DBL_MIN, 1.0);
      if (log (u) < 0.5 * z * z + d - d * v + d * log (v))
        return d * v / rate;
    }
}

typedef struct {
  gsize n;
  double *x, *t_x, *T, *m;
} SimData;

static void
sim_data_free (SimData *s)
{
  g_free (s->x);
  g_free (s->t_x);
  g_free (s->T);
  g_free (s->m);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimData, sim_data_free)

static SimData *
sim_data_new (gsize n)
{
  SimData *s = g_new0 (SimData, 1);

  s->n = n;
  s->x = g_new0 (double, n);
  s->t_x = g_new0 (double, n);
  s->T = g_new0 (double, n);
  s->m = g_new0 (double, n);
  return s;
}

/* Customers join uniformly over a year and are observed to week 52; each
 * also gets a mean spend from the Gamma-Gamma model. */
static SimData *
simulate (CxvClvMathModel model, const double *p, const double *gg, gsize n, guint32 seed)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);
  SimData *s = sim_data_new (n);

  for (gsize i = 0; i < n; i++)
    {
      double T = 52.0 - g_rand_double_range (rng, 0.0, 40.0);
      double lambda = rand_gamma (rng, p[0], p[1]);
      double t = 0.0, t_x = 0.0, x = 0.0;

      if (model == CXV_CLV_MATH_BGNBD)
        {
          double ga = rand_gamma (rng, p[2], 1.0), gb = rand_gamma (rng, p[3], 1.0);
          double drop = ga / (ga + gb);

          for (;;)
            {
              t += rand_exp (rng, lambda);
              if (t > T)
                break;
              x++;
              t_x = t;
              if (g_rand_double (rng) < drop)
                break;
            }
        }
      else
        {
          double mu = rand_gamma (rng, p[2], p[3]);
          double death = rand_exp (rng, mu);
          double end = MIN (death, T);

          for (;;)
            {
              t += rand_exp (rng, lambda);
              if (t > end)
                break;
              x++;
              t_x = t;
            }
        }

      s->x[i] = x;
      s->t_x[i] = t_x;
      s->T[i] = T;
      if (x > 0 && gg != NULL)
        {
          double nu = rand_gamma (rng, gg[1], gg[2]);
          double sum = 0.0;

          for (int k = 0; k < (int) x; k++)
            sum += rand_gamma (rng, gg[0], nu);
          s->m[i] = sum / x;
        }
    }
  return s;
}

static void
assert_recovered (const CxvClvMathFit *fit, const double *truth)
{
  for (guint i = 0; i < fit->n_params; i++)
    {
      double z = (fit->params[i] - truth[i]) / fit->standard_errors[i];

      g_test_message ("%s: %g (truth %g, se %g, z %.2f)",
                      cxv_clv_math_param_name (fit->model, i), fit->params[i], truth[i],
                      fit->standard_errors[i], z);
      g_assert_true (isfinite (z));
      g_assert_cmpfloat (fabs (z), <, 3.0);
    }
}

static void
test_simulation (void)
{
  const double bg[] = { 0.5, 6.0, 0.8, 2.5 };
  const double pn[] = { 0.6, 8.0, 0.7, 10.0 };
  const double gg[] = { 6.0, 4.0, 15.0 };
  const struct { CxvClvMathModel model; const double *truth; guint32 seed; } cases[] = {
    { CXV_CLV_MATH_BGNBD, bg, 4242 },
    { CXV_CLV_MATH_PARETO_NBD, pn, 1717 },
  };

  g_test_summary ("Fits of 20,000 simulated customers land within 3 SE of the truth");

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (SimData) s = simulate (cases[c].model, cases[c].truth, gg, 20000, cases[c].seed);
      CxvClvMathData data = { .n = s->n, .x = s->x, .t_x = s->t_x, .T = s->T, .mean_spend = s->m };
      g_autoptr (GError) error = NULL;
      CxvClvMathFit fit;

      cxv_clv_math_fit (cases[c].model, &data, NULL, &fit, &error);
      g_assert_no_error (error);
      assert_recovered (&fit, cases[c].truth);

      if (cases[c].model == CXV_CLV_MATH_BGNBD)
        {
          cxv_clv_math_fit (CXV_CLV_MATH_GAMMA_GAMMA, &data, NULL, &fit, &error);
          g_assert_no_error (error);
          assert_recovered (&fit, gg);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Bad input                                                           */

static void
expect_error (CxvClvMathModel model, const CxvClvMathData *data, int code, const char *fragment)
{
  g_autoptr (GError) error = NULL;
  CxvClvMathFit fit;

  g_assert_false (cxv_clv_math_fit (model, data, NULL, &fit, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_bad_input (void)
{
  double x[] = { 1, 0, 2 }, t_x[] = { 3, 0, 4 }, T[] = { 10, 8, 9 }, m[] = { 5, 0, 7 };
  double x0[] = { 0, 0, 0 };
  double neg[] = { 1, 0, -2 }, nan_[] = { 3, 0, NAN }, late[] = { 3, 0, 9.5 };
  double frac[] = { 1, 0, 1.5 }, t_x_no_x[] = { 3, 1, 4 }, m_neg[] = { 5, 0, -7 };
  double increasing[] = { 1000, 800, 810 }, empty_cohort[] = { 0, 0, 0 };
  CxvClvMathData d;

  g_test_summary ("Empty, invalid and inconsistent data give clear errors");

  d = (CxvClvMathData) { .n = 0, .x = x, .t_x = t_x, .T = T };
  expect_error (CXV_CLV_MATH_BGNBD, &d, CXV_ANALYSIS_ERROR_EMPTY, NULL);
  d = (CxvClvMathData) { .n = 3, .x = x0, .t_x = x0, .T = T };
  expect_error (CXV_CLV_MATH_BGNBD, &d, CXV_ANALYSIS_ERROR_EMPTY, "repeat");
  d = (CxvClvMathData) { .n = 3, .x = x0, .mean_spend = m };
  expect_error (CXV_CLV_MATH_GAMMA_GAMMA, &d, CXV_ANALYSIS_ERROR_EMPTY, "repeat");
  d = (CxvClvMathData) { .n = 3, .x = neg, .t_x = t_x, .T = T };
  expect_error (CXV_CLV_MATH_BGNBD, &d, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, "Row 2: x = -2");
  d = (CxvClvMathData) { .n = 3, .x = x, .t_x = nan_, .T = T };
  expect_error (CXV_CLV_MATH_PARETO_NBD, &d, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, "Row 2: t_x = nan");
  d = (CxvClvMathData) { .n = 3, .x = x, .t_x = late, .T = T };
  expect_error (CXV_CLV_MATH_BGNBD, &d, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, "Row 2: t_x = 9.5");
  d = (CxvClvMathData) { .n = 3, .x = frac, .t_x = t_x, .T = T };
  expect_error (CXV_CLV_MATH_BGNBD, &d, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, "Row 2: x = 1.5");
  d = (CxvClvMathData) { .n = 3, .x = x, .t_x = t_x_no_x, .T = T };
  expect_error (CXV_CLV_MATH_BGNBD, &d, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, "Row 1: t_x = 1");
  d = (CxvClvMathData) { .n = 3, .x = x, .t_x = t_x, .T = T, .weight = neg };
  expect_error (CXV_CLV_MATH_BGNBD, &d, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, "Row 2: weight = -2");
  d = (CxvClvMathData) { .n = 3, .x = x, .mean_spend = m_neg };
  expect_error (CXV_CLV_MATH_GAMMA_GAMMA, &d, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                "Row 2: mean_spend = -7");
  d = (CxvClvMathData) { .active = increasing, .n_active = 3 };
  expect_error (CXV_CLV_MATH_SBG, &d, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, "Period 2: 810");
  d = (CxvClvMathData) { .active = empty_cohort, .n_active = 3 };
  expect_error (CXV_CLV_MATH_SBG, &d, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT, "Period 0");
  d = (CxvClvMathData) { .active = increasing, .n_active = 1 };
  expect_error (CXV_CLV_MATH_SBG, &d, CXV_ANALYSIS_ERROR_EMPTY, NULL);

  /* Invalid parameters: -INFINITY, not NaN */
  {
    const double bad[] = { 0.5, -1.0, 1.0, 1.0 };

    d = (CxvClvMathData) { .n = 3, .x = x, .t_x = t_x, .T = T };
    g_assert_cmpfloat (cxv_clv_math_log_likelihood (CXV_CLV_MATH_BGNBD, bad, &d), ==, -INFINITY);
  }
}

static void
test_cancelled (void)
{
  g_autoptr (Cbs) cbs = load_cdnow ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  CxvClvMathData data = { .n = cbs->n, .x = (double *) cbs->x->data,
                          .t_x = (double *) cbs->t_x->data, .T = (double *) cbs->T->data };
  CxvClvMathFit fit;

  g_test_summary ("A cancelled fit stops with G_IO_ERROR_CANCELLED");

  g_cancellable_cancel (cancellable);
  g_assert_false (cxv_clv_math_fit (CXV_CLV_MATH_BGNBD, &data, cancellable, &fit, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_optimizer (void)
{
  /* SPD inverse: hand calculation, [[4, 2], [2, 3]]⁻¹ = [[3, -2], [-2, 4]] / 8 */
  const double a[] = { 4, 2, 2, 3 }, not_pd[] = { 1, 2, 2, 1 };
  double inv[4];

  g_test_summary ("The SPD inverse rejects indefinite matrices");

  g_assert_true (cxv_optimizer_invert_spd (2, a, inv));
  assert_close (inv[0], 3.0 / 8, 1e-15);
  assert_close (inv[1], -2.0 / 8, 1e-15);
  assert_close (inv[2], -2.0 / 8, 1e-15);
  assert_close (inv[3], 4.0 / 8, 1e-15);
  g_assert_false (cxv_optimizer_invert_spd (2, not_pd, inv));
}

/* ------------------------------------------------------------------ */
/* Performance                                                         */

static void
test_perf (void)
{
  const double bg[] = { 0.25, 4.4, 0.8, 2.4 };
  const double gg[] = { 6.0, 4.0, 15.0 };
  const double pn[] = { 0.55, 10.6, 0.6, 11.7 };
  g_autoptr (SimData) s = simulate (CXV_CLV_MATH_BGNBD, bg, gg, 1000000, 99);
  g_autoptr (SimData) sp = simulate (CXV_CLV_MATH_PARETO_NBD, pn, NULL, 1000000, 98);
  CxvClvMathData data = { .n = s->n, .x = s->x, .t_x = s->t_x, .T = s->T, .mean_spend = s->m };
  CxvClvMathData pdata = { .n = sp->n, .x = sp->x, .t_x = sp->t_x, .T = sp->T };
  const struct { CxvClvMathModel model; const CxvClvMathData *d; const char *name; } cases[] = {
    { CXV_CLV_MATH_BGNBD, &data, "BG/NBD" },
    { CXV_CLV_MATH_GAMMA_GAMMA, &data, "Gamma-Gamma" },
    { CXV_CLV_MATH_PARETO_NBD, &pdata, "Pareto/NBD" },
  };

  g_test_summary ("Fits on 1,000,000 customers, one core");

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (GError) error = NULL;
      CxvClvMathFit fit;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      cxv_clv_math_fit (cases[c].model, cases[c].d, NULL, &fit, &error);
      g_assert_no_error (error);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      g_test_message ("%s on 1M customers: %.3f s, %u iterations, %g %g %g %g",
                      cases[c].name, seconds, fit.iterations,
                      fit.params[0], fit.params[1], fit.params[2], fit.params[3]);
      if (cases[c].model != CXV_CLV_MATH_PARETO_NBD)
        g_assert_cmpfloat (seconds, <, 1.0);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/clv-math/cdnow/bgnbd", test_cdnow_bgnbd);
  g_test_add_func ("/cxv/clv-math/cdnow/pareto-nbd", test_cdnow_pareto_nbd);
  g_test_add_func ("/cxv/clv-math/cdnow/gamma-gamma", test_cdnow_gamma_gamma);
  g_test_add_func ("/cxv/clv-math/sbg/published", test_sbg);
  g_test_add_func ("/cxv/clv-math/sbg/predictions", test_sbg_predictions);
  g_test_add_func ("/cxv/clv-math/hyp2f1", test_hyp2f1);
  g_test_add_func ("/cxv/clv-math/predictions", test_predictions);
  g_test_add_func ("/cxv/clv-math/simulation", test_simulation);
  g_test_add_func ("/cxv/clv-math/bad-input", test_bad_input);
  g_test_add_func ("/cxv/clv-math/cancelled", test_cancelled);
  g_test_add_func ("/cxv/clv-math/optimizer", test_optimizer);
  if (g_test_perf ())
    g_test_add_func ("/cxv/clv-math/perf", test_perf);

  return g_test_run ();
}
