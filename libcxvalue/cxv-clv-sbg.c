/* cxv-clv-sbg.c: the shifted-beta-geometric model of contract renewals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cxv-clv-sbg.h"
#include "cxv-clv-model-private.h"
#include "cxv-error.h"

/**
 * CxvClvSbg:
 *
 * The shifted-beta-geometric model of Fader and Hardie (2007, "How to
 * project customer retention", Journal of Interactive Marketing 21(1)) for
 * contracts renewed period by period.
 *
 * Each customer leaves at the end of a period with its own probability,
 * beta distributed across customers (`alpha`, `beta`). Because the
 * customers most likely to leave go first, the retention rate of a cohort
 * rises over time even though no customer's own rate changes: a simple
 * extrapolation of the survival curve underestimates the future.
 *
 * Fit it to a survival series, the number of a cohort's customers still
 * active at the start of each period, with
 * [method@Cxv.ClvSbg.fit_survival]; it reproduces the paper's estimates for
 * its "regular" and "high end" series. Or fit it to every acquisition
 * cohort of a dataset at once with [method@Cxv.ClvSbg.fit_cohorts]: each
 * cohort is one series, censored where the data ends.
 *
 * Since: 1.0
 */

struct _CxvClvSbg
{
  CxvClvModel parent_instance;

  double *observed;     /* the fitted series, as shares of its start */
  gsize   n_observed;
};

G_DEFINE_FINAL_TYPE (CxvClvSbg, cxv_clv_sbg, CXV_TYPE_CLV_MODEL)

static void
cxv_clv_sbg_finalize (GObject *object)
{
  CxvClvSbg *self = CXV_CLV_SBG (object);

  g_free (self->observed);

  G_OBJECT_CLASS (cxv_clv_sbg_parent_class)->finalize (object);
}

static void
cxv_clv_sbg_class_init (CxvClvSbgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cxv_clv_sbg_finalize;
}

static void
cxv_clv_sbg_init (CxvClvSbg *self)
{
  cxv_clv_model_set_kind (CXV_CLV_MODEL (self), CXV_CLV_MATH_SBG);
}

/**
 * cxv_clv_sbg_new:
 *
 * Creates an sBG model without parameters.
 *
 * Returns: (transfer full): a new #CxvClvSbg
 *
 * Since: 1.0
 */
CxvClvSbg *
cxv_clv_sbg_new (void)
{
  return g_object_new (CXV_TYPE_CLV_SBG, NULL);
}

/**
 * cxv_clv_sbg_fit_survival:
 * @self: a #CxvClvSbg
 * @active: (array length=n_active): customers still active at the start of
 *   each period, the cohort's size first
 * @n_active: the length of @active, at least 2
 * @error: return location for a #GError
 *
 * Fits the model by maximum likelihood to one cohort's survival: the
 * customers lost in each period observed, and those still active at the
 * end (right-censored).
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%CXV_ANALYSIS_ERROR_EMPTY for a series shorter than two or a cohort of
 *   0, %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for a series that rises,
 *   %CXV_ANALYSIS_ERROR_FAILED when the fit does not converge), earlier
 *   parameters kept
 *
 * Since: 1.0
 */
gboolean
cxv_clv_sbg_fit_survival (CxvClvSbg    *self,
                          const guint  *active,
                          gsize         n_active,
                          GError      **error)
{
  g_autofree double *series = NULL;
  CxvClvMathData data;
  CxvClvMathFit fit;

  g_return_val_if_fail (CXV_IS_CLV_SBG (self), FALSE);
  g_return_val_if_fail (active != NULL || n_active == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_active < 2 || active[0] == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "A survival series needs a cohort of at least one customer and "
                           "at least two periods");
      return FALSE;
    }
  series = g_new (double, n_active);
  for (gsize i = 0; i < n_active; i++)
    {
      if (i > 0 && active[i] > active[i - 1])
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "The survival series rises at period %" G_GSIZE_FORMAT
                       ", from %u to %u: customers still active can only fall",
                       i, active[i - 1], active[i]);
          return FALSE;
        }
      series[i] = (double) active[i];
    }

  memset (&data, 0, sizeof data);
  data.active = series;
  data.n_active = n_active;
  memset (&fit, 0, sizeof fit);
  if (!cxv_clv_math_fit (CXV_CLV_MATH_SBG, &data, NULL, &fit, error))
    return FALSE;
  cxv_clv_model_install (CXV_CLV_MODEL (self), &fit);

  g_free (self->observed);
  self->observed = g_new (double, n_active);
  for (gsize i = 0; i < n_active; i++)
    self->observed[i] = series[i] / series[0];
  self->n_observed = n_active;
  return TRUE;
}

/**
 * cxv_clv_sbg_fit_cohorts:
 * @self: a #CxvClvSbg
 * @cohorts: a #CxvCohorts that has run
 * @error: return location for a #GError
 *
 * Fits the model by maximum likelihood to all the acquisition cohorts of
 * @cohorts jointly: for each cohort, its `active` customers at each age of
 * [method@Cxv.Cohorts.get_retention], younger cohorts being observed for
 * fewer periods. A period is the cohorts' [property@Cxv.Cohorts:period].
 *
 * The model assumes a customer who leaves does not come back: a cohort
 * whose active customers rise at some age (customers won back) is an
 * error naming the cohort, rather than a silent fit.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%CXV_ANALYSIS_ERROR_NOT_RUN when @cohorts has not run,
 *   %CXV_ANALYSIS_ERROR_EMPTY without a cohort of two periods or more,
 *   %CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for a cohort that grows,
 *   %CXV_ANALYSIS_ERROR_FAILED when the fit does not converge), earlier
 *   parameters kept
 *
 * Since: 1.0
 */
gboolean
cxv_clv_sbg_fit_cohorts (CxvClvSbg   *self,
                         CxvCohorts  *cohorts,
                         GError     **error)
{
  CxvTable *retention;
  g_autoptr(GArray) active = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint c_cohort, c_age, c_active;
  CxvClvMathData data;
  CxvClvMathFit fit;
  GError *local_error = NULL;

  g_return_val_if_fail (CXV_IS_CLV_SBG (self), FALSE);
  g_return_val_if_fail (CXV_IS_COHORTS (cohorts), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  retention = cxv_cohorts_get_retention (cohorts);
  if (retention == NULL)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN,
                           "The cohorts have not been computed: run them first");
      return FALSE;
    }
  cxv_table_lookup_column (retention, "cohort", &c_cohort);
  cxv_table_lookup_column (retention, "age", &c_age);
  cxv_table_lookup_column (retention, "active", &c_active);

  /* Rows come cohort by cohort, age 0 first; a cohort seen for one period
   * only says nothing about leaving and is skipped. */
  for (guint r = 0, n_rows = cxv_table_get_n_rows (retention); r < n_rows;)
    {
      guint end = r + 1;
      gsize length;

      while (end < n_rows && cxv_table_get_int (retention, end, c_age) != 0)
        end++;
      length = end - r;
      if (length >= 2)
        {
          g_array_append_val (lengths, length);
          g_ptr_array_add (names, g_strdup (cxv_table_get_text (retention, r, c_cohort)));
          for (guint i = r; i < end; i++)
            {
              double v = (double) cxv_table_get_int (retention, i, c_active);

              g_array_append_val (active, v);
            }
        }
      r = end;
    }
  if (lengths->len == 0)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY,
                           "No cohort was observed for two periods or more");
      return FALSE;
    }

  memset (&data, 0, sizeof data);
  data.active = (const double *) (gpointer) active->data;
  data.n_active = active->len;
  data.series_length = (const gsize *) (gpointer) lengths->data;
  data.n_series = lengths->len;
  memset (&fit, 0, sizeof fit);
  if (!cxv_clv_math_fit (CXV_CLV_MATH_SBG, &data, NULL, &fit, &local_error))
    {
      unsigned long k;
      const char *rest = strchr (local_error->message, ',');

      /* The fitter counts cohorts from 0; name them as the table does. */
      if (sscanf (local_error->message, "Cohort %lu,", &k) == 1 && k < names->len
          && rest != NULL)
        {
          g_set_error (error, local_error->domain, local_error->code, "Cohort %s%s",
                       (const char *) g_ptr_array_index (names, k), rest);
          g_error_free (local_error);
        }
      else
        g_propagate_error (error, local_error);
      return FALSE;
    }
  cxv_clv_model_install (CXV_CLV_MODEL (self), &fit);
  g_clear_pointer (&self->observed, g_free);
  self->n_observed = 0;
  return TRUE;
}

static const double *
params_of (CxvClvSbg *self)
{
  return cxv_clv_model_get_params_array (CXV_CLV_MODEL (self));
}

/**
 * cxv_clv_sbg_survival:
 * @self: a fitted #CxvClvSbg
 * @t: periods since the start, at least 0
 *
 * Gets the share of a cohort still active after @t periods, S(t).
 *
 * Returns: the share; NaN before a fit
 *
 * Since: 1.0
 */
double
cxv_clv_sbg_survival (CxvClvSbg *self,
                      double     t)
{
  g_return_val_if_fail (CXV_IS_CLV_SBG (self), NAN);

  return params_of (self) != NULL ? cxv_clv_math_sbg_survival (params_of (self), t) : NAN;
}

/**
 * cxv_clv_sbg_retention:
 * @self: a fitted #CxvClvSbg
 * @t: a period, at least 1
 *
 * Gets the retention rate of period @t, S(t) / S(t − 1):
 * (beta + t − 1) / (alpha + beta + t − 1), which rises with @t.
 *
 * Returns: the rate; NaN before a fit
 *
 * Since: 1.0
 */
double
cxv_clv_sbg_retention (CxvClvSbg *self,
                       double     t)
{
  g_return_val_if_fail (CXV_IS_CLV_SBG (self), NAN);

  return params_of (self) != NULL ? cxv_clv_math_sbg_retention (params_of (self), t) : NAN;
}

/**
 * cxv_clv_sbg_expected_residual_lifetime:
 * @self: a fitted #CxvClvSbg
 * @discount_rate: the discount rate per period, such as 0.1
 * @renewals: renewals the customer has made so far
 *
 * Gets the discounted expected residual lifetime (Fader and Hardie 2010,
 * "Customer-base valuation in a contractual setting", their DERL with
 * n − 1 = @renewals): the expected number of further payments of a
 * customer who has made @renewals renewals, evaluated just before it
 * decides on the next one. The payment at that next renewal (made with
 * probability S(n + 1) / S(n)) is not discounted; each later one is
 * discounted once more per period.
 *
 * Returns: the discounted number of periods; NaN before a fit, for a
 *   discount rate of -1 or less, and for a rate of 0 or less when the sum
 *   does not converge (alpha ≤ 1 at a rate of 0)
 *
 * Since: 1.0
 */
double
cxv_clv_sbg_expected_residual_lifetime (CxvClvSbg *self,
                                        double     discount_rate,
                                        double     renewals)
{
  g_return_val_if_fail (CXV_IS_CLV_SBG (self), NAN);

  if (params_of (self) == NULL || !(discount_rate > -1.0) || !(renewals >= 0.0))
    return NAN;
  return cxv_clv_math_sbg_derl (params_of (self), discount_rate, renewals);
}

/**
 * cxv_clv_sbg_lifetime_value:
 * @self: a fitted #CxvClvSbg
 * @margin: the margin a customer brings per period
 * @discount_rate: the discount rate per period
 * @renewals: renewals the customer has made so far
 *
 * Gets a customer's residual lifetime value: @margin times
 * [method@Cxv.ClvSbg.expected_residual_lifetime].
 *
 * Returns: the value in the unit of @margin; NaN before a fit
 *
 * Since: 1.0
 */
double
cxv_clv_sbg_lifetime_value (CxvClvSbg *self,
                            double     margin,
                            double     discount_rate,
                            double     renewals)
{
  g_return_val_if_fail (CXV_IS_CLV_SBG (self), NAN);

  return margin * cxv_clv_sbg_expected_residual_lifetime (self, discount_rate, renewals);
}

/**
 * cxv_clv_sbg_project:
 * @self: a fitted #CxvClvSbg
 * @n_periods: how many periods to project, from period 0; at most 1,000,000
 *
 * Projects the cohort's survival: columns `period`, `survival` (S(t)),
 * `retention` (null for period 0) and `observed`, the fitted series as a
 * share of its start where it is known (null beyond it or for parameters
 * that were set).
 *
 * Returns: (transfer full) (nullable): the projection, %NULL before a fit
 *
 * Since: 1.0
 */
CxvTable *
cxv_clv_sbg_project (CxvClvSbg *self,
                     guint      n_periods)
{
  CxvTable *t;
  guint c_period, c_s, c_r, c_o;

  g_return_val_if_fail (CXV_IS_CLV_SBG (self), NULL);
  g_return_val_if_fail (n_periods <= 1000000, NULL);

  if (params_of (self) == NULL)
    return NULL;
  t = cxv_table_new ("sbg-projection");
  c_period = cxv_table_add_column (t, "period", CXV_COLUMN_INT);
  c_s = cxv_table_add_column (t, "survival", CXV_COLUMN_DOUBLE);
  c_r = cxv_table_add_column (t, "retention", CXV_COLUMN_DOUBLE);
  c_o = cxv_table_add_column (t, "observed", CXV_COLUMN_DOUBLE);
  for (guint k = 0; k <= n_periods; k++)
    {
      guint row = cxv_table_append_row (t);

      cxv_table_set_int (t, row, c_period, k);
      cxv_table_set_double (t, row, c_s, cxv_clv_math_sbg_survival (params_of (self), k));
      if (k > 0)
        cxv_table_set_double (t, row, c_r, cxv_clv_math_sbg_retention (params_of (self), k));
      else
        cxv_table_set_null (t, row, c_r);
      if (cxv_clv_model_get_converged (CXV_CLV_MODEL (self)) && k < self->n_observed)
        cxv_table_set_double (t, row, c_o, self->observed[k]);
      else
        cxv_table_set_null (t, row, c_o);
    }
  return t;
}
