/* cxv-clv-pareto-nbd.c: the Pareto/NBD model of repeat buying
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "cxv-clv-pareto-nbd.h"
#include "cxv-clv-model-private.h"

/**
 * CxvClvParetoNbd:
 *
 * The Pareto/NBD model of Schmittlein, Morrison and Colombo (1987), as
 * estimated by Fader, Hardie and Lee (2005, "RFM and CLV: using iso-value
 * curves for customer base analysis", Journal of Marketing Research 42(4)),
 * for customers who may buy at any time and leave unannounced.
 *
 * While alive, a customer buys as a Poisson process whose rate is gamma
 * distributed (shape `r`, scale `alpha`); its lifetime is exponential with
 * a rate that is gamma distributed too (shape `s`, scale `beta`), so it can
 * leave at any moment rather than only after a purchase as in
 * [class@Cxv.ClvBgnbd]. The likelihood needs the Gauss hypergeometric
 * function, which is evaluated in the region where its series converges.
 *
 * On the CDNOW sample (2,357 customers, calibration to 1997-09-30, weeks)
 * it reproduces the published r = 0.553, alpha = 10.578, s = 0.606,
 * beta = 11.669 and log-likelihood −9595.0.
 *
 * Since: 1.0
 */

struct _CxvClvParetoNbd
{
  CxvClvModel parent_instance;
};

G_DEFINE_FINAL_TYPE (CxvClvParetoNbd, cxv_clv_pareto_nbd, CXV_TYPE_CLV_MODEL)

static void
cxv_clv_pareto_nbd_class_init (CxvClvParetoNbdClass *klass)
{
  (void) klass;
}

static void
cxv_clv_pareto_nbd_init (CxvClvParetoNbd *self)
{
  cxv_clv_model_set_kind (CXV_CLV_MODEL (self), CXV_CLV_MATH_PARETO_NBD);
}

/**
 * cxv_clv_pareto_nbd_new:
 *
 * Creates a Pareto/NBD model without parameters.
 *
 * Returns: (transfer full): a new #CxvClvParetoNbd
 *
 * Since: 1.0
 */
CxvClvParetoNbd *
cxv_clv_pareto_nbd_new (void)
{
  return g_object_new (CXV_TYPE_CLV_PARETO_NBD, NULL);
}

/**
 * cxv_clv_pareto_nbd_p_alive:
 * @self: a fitted #CxvClvParetoNbd
 * @frequency: repeat purchases (x)
 * @recency: time of the last repeat purchase after the first (t_x)
 * @age: time from the first purchase to the end of calibration (T)
 *
 * Gets the probability that a customer with this history is still alive at
 * the end of calibration.
 *
 * Returns: the probability; NaN before a fit
 *
 * Since: 1.0
 */
double
cxv_clv_pareto_nbd_p_alive (CxvClvParetoNbd *self,
                       double       frequency,
                       double       recency,
                       double       age)
{
  const double *params;

  g_return_val_if_fail (CXV_IS_CLV_PARETO_NBD (self), NAN);

  params = cxv_clv_model_get_params_array (CXV_CLV_MODEL (self));
  return params != NULL ? cxv_clv_math_pareto_nbd_p_alive (params, frequency, recency, age) : NAN;
}

/**
 * cxv_clv_pareto_nbd_expected_purchases:
 * @self: a fitted #CxvClvParetoNbd
 * @frequency: repeat purchases (x)
 * @recency: time of the last repeat purchase after the first (t_x)
 * @age: time from the first purchase to the end of calibration (T)
 * @t: the length of the forecast period
 *
 * Gets the expected number of purchases of a customer with this history in
 * the @t time units after the end of calibration.
 *
 * Returns: the expected purchases; NaN before a fit
 *
 * Since: 1.0
 */
double
cxv_clv_pareto_nbd_expected_purchases (CxvClvParetoNbd *self,
                                  double       frequency,
                                  double       recency,
                                  double       age,
                                  double       t)
{
  const double *params;

  g_return_val_if_fail (CXV_IS_CLV_PARETO_NBD (self), NAN);

  params = cxv_clv_model_get_params_array (CXV_CLV_MODEL (self));
  return params != NULL ? cxv_clv_math_pareto_nbd_expected (params, frequency, recency, age, t) : NAN;
}

/**
 * cxv_clv_pareto_nbd_predict:
 * @self: a fitted #CxvClvParetoNbd
 * @summary: a computed #CxvClvSummary
 * @horizon: the forecast period after the calibration end, in the
 *   summary's time unit
 * @error: return location for a #GError
 *
 * Predicts every customer of @summary: columns `customer`, `frequency`,
 * `p_alive`, `expected_purchases` over @horizon and, when the summary has
 * a holdout, `holdout_frequency` to compare with.
 *
 * Returns: (transfer full) (nullable): the predictions, or %NULL with
 *   @error set (%CXV_ANALYSIS_ERROR_NOT_RUN before a fit or for a summary
 *   not computed, %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for a negative horizon)
 *
 * Since: 1.0
 */
CxvTable *
cxv_clv_pareto_nbd_predict (CxvClvParetoNbd    *self,
                       CxvClvSummary  *summary,
                       double          horizon,
                       GError        **error)
{
  g_return_val_if_fail (CXV_IS_CLV_PARETO_NBD (self), NULL);
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (summary), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cxv_clv_model_predict_table (CXV_CLV_MODEL (self), summary, horizon, error);
}
