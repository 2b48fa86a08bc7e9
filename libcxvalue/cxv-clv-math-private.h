/* cxv-clv-math-private.h: customer-lifetime-value models over plain arrays
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  CXV_CLV_MATH_SBG,
  CXV_CLV_MATH_BGNBD,
  CXV_CLV_MATH_PARETO_NBD,
  CXV_CLV_MATH_GAMMA_GAMMA,
} CxvClvMathModel;

#define CXV_CLV_MAX_PARAMS 4

/* Customer-by-sufficient-statistic data. Times in the model's time unit.
 * For BG/NBD and Pareto/NBD: x (repeat purchases, a whole number), t_x (time
 * of the last repeat purchase measured from the first purchase, 0 when
 * x = 0), T (time from the first purchase to the end of calibration). For
 * Gamma-Gamma: x and mean_spend (mean repeat-purchase value); customers with
 * x = 0 are skipped by the fitter. weight may be NULL (all 1) or a count per
 * row (compressed data). For sBG: active[0..n_active-1] = customers still
 * active at the start of each period (active[0] = cohort size),
 * non-increasing. */
typedef struct {
  gsize n;
  const double *x, *t_x, *T, *mean_spend, *weight;
  const double *active;
  gsize n_active;
  /* sBG over several cohorts: active holds n_series series back to back,
   * series k being series_length[k] long, each censored at its own end.
   * n_series 0 means one series of n_active. */
  const gsize *series_length;
  gsize n_series;
} CxvClvMathData;

typedef struct {
  CxvClvMathModel model;
  guint n_params;
  /* sBG: alpha, beta; BG/NBD: r, alpha, a, b; Pareto/NBD: r, alpha, s, beta;
   * Gamma-Gamma: p, q, gamma */
  double params[CXV_CLV_MAX_PARAMS];
  /* From the inverse Hessian of -LL in log-parameters at the optimum, by the
   * delta method; NAN when that Hessian is not positive definite. */
  double standard_errors[CXV_CLV_MAX_PARAMS];
  double log_likelihood;
  guint iterations;
  gboolean converged;
  gsize n_customers;    /* rows used, weighted (Gamma-Gamma: repeat buyers only) */
} CxvClvMathFit;

const char *cxv_clv_math_param_name     (CxvClvMathModel model,
                                         guint           i);
guint       cxv_clv_math_n_params       (CxvClvMathModel model);
double      cxv_clv_math_log_likelihood (CxvClvMathModel       model,
                                         const double         *params,
                                         const CxvClvMathData *data);
gboolean    cxv_clv_math_fit            (CxvClvMathModel       model,
                                         const CxvClvMathData *data,
                                         GCancellable         *cancellable,
                                         CxvClvMathFit        *fit,
                                         GError              **error);

double cxv_clv_math_sbg_survival  (const double *params,
                                   double        t);
double cxv_clv_math_sbg_retention (const double *params,
                                   double        t);
double cxv_clv_math_sbg_derl      (const double *params,
                                   double        discount,
                                   double        n_renewals);

double cxv_clv_math_bgnbd_p_alive      (const double *params,
                                        double        x,
                                        double        t_x,
                                        double        T);
double cxv_clv_math_bgnbd_expected     (const double *params,
                                        double        x,
                                        double        t_x,
                                        double        T,
                                        double        t);
double cxv_clv_math_bgnbd_expected_new (const double *params,
                                        double        t);

double cxv_clv_math_pareto_nbd_p_alive  (const double *params,
                                         double        x,
                                         double        t_x,
                                         double        T);
double cxv_clv_math_pareto_nbd_expected (const double *params,
                                         double        x,
                                         double        t_x,
                                         double        T,
                                         double        t);

double cxv_clv_math_gamma_gamma_expected_spend (const double *params,
                                                double        x,
                                                double        mean_spend);

double cxv_clv_math_hyp2f1 (double    a,
                            double    b,
                            double    c,
                            double    z,
                            gboolean *ok);

G_END_DECLS
