/* cxv-clv-model.c: what every lifetime-value model shares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cxv-clv-model-private.h"
#include "cxv-clv-summary-private.h"
#include "cxv-error.h"

/**
 * CxvClvModel:
 *
 * The base class of the lifetime-value models: [class@Cxv.ClvSbg] for
 * contracts, [class@Cxv.ClvBgnbd] and [class@Cxv.ClvParetoNbd] for the
 * purchases of non-contractual customers and [class@Cxv.ClvGammaGamma] for
 * what they spend.
 *
 * A model is fitted by maximum likelihood to a [class@Cxv.ClvSummary]
 * (the sBG model to a survival series) with
 * [method@Cxv.ClvModel.fit], or given published or earlier parameters with
 * [method@Cxv.ClvModel.set_params]. The likelihood is computed in log space
 * and maximised by a quasi-Newton method over the logarithms of the
 * parameters, which keeps them positive; standard errors come from the
 * inverse Hessian at the optimum. A fit that does not converge is an error,
 * never a result.
 *
 * Parameters are read by name, in the names of the papers that define the
 * models: `r`, `alpha`, `a`, `b` (BG/NBD), `r`, `alpha`, `s`, `beta`
 * (Pareto/NBD), `p`, `q`, `gamma` (Gamma-Gamma), `alpha`, `beta` (sBG).
 *
 * Since: 1.0
 */

typedef struct
{
  CxvClvMathModel kind;
  gboolean        have_params;
  CxvClvMathFit   fit;
  CxvTable       *params_table;
} CxvClvModelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CxvClvModel, cxv_clv_model, G_TYPE_OBJECT)

#define PRIV(self) ((CxvClvModelPrivate *) cxv_clv_model_get_instance_private (self))

static const char *const model_names[] = { "sbg", "bgnbd", "pareto-nbd", "gamma-gamma" };

static void
cxv_clv_model_finalize (GObject *object)
{
  CxvClvModelPrivate *priv = PRIV (CXV_CLV_MODEL (object));

  g_clear_object (&priv->params_table);

  G_OBJECT_CLASS (cxv_clv_model_parent_class)->finalize (object);
}

static void
cxv_clv_model_class_init (CxvClvModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cxv_clv_model_finalize;
}

static void
cxv_clv_model_init (CxvClvModel *self)
{
  (void) self;
}

void
cxv_clv_model_set_kind (CxvClvModel     *self,
                        CxvClvMathModel  kind)
{
  PRIV (self)->kind = kind;
}

CxvClvMathModel
cxv_clv_model_get_kind (CxvClvModel *self)
{
  return PRIV (self)->kind;
}

const double *
cxv_clv_model_get_params_array (CxvClvModel *self)
{
  CxvClvModelPrivate *priv = PRIV (self);

  return priv->have_params ? priv->fit.params : NULL;
}

static CxvTable *
make_params_table (const CxvClvMathFit *fit)
{
  CxvTable *t = cxv_table_new ("clv-params");
  guint c_name = cxv_table_add_column (t, "param", CXV_COLUMN_TEXT);
  guint c_est = cxv_table_add_column (t, "estimate", CXV_COLUMN_DOUBLE);
  guint c_se = cxv_table_add_column (t, "standard_error", CXV_COLUMN_DOUBLE);
  guint c_lo = cxv_table_add_column (t, "lower", CXV_COLUMN_DOUBLE);
  guint c_hi = cxv_table_add_column (t, "upper", CXV_COLUMN_DOUBLE);

  for (guint i = 0; i < fit->n_params; i++)
    {
      guint row = cxv_table_append_row (t);
      double se = fit->standard_errors[i];

      cxv_table_set_text (t, row, c_name, cxv_clv_math_param_name (fit->model, i));
      cxv_table_set_double (t, row, c_est, fit->params[i]);
      if (isfinite (se))
        {
          /* A 95 % Wald interval; the parameters are positive, so the
           * interval is made on the log scale (delta method). */
          double w = 1.959963984540054 * se / fit->params[i];

          cxv_table_set_double (t, row, c_se, se);
          cxv_table_set_double (t, row, c_lo, fit->params[i] * exp (-w));
          cxv_table_set_double (t, row, c_hi, fit->params[i] * exp (w));
        }
      else
        {
          cxv_table_set_null (t, row, c_se);
          cxv_table_set_null (t, row, c_lo);
          cxv_table_set_null (t, row, c_hi);
        }
    }
  return t;
}

void
cxv_clv_model_install (CxvClvModel         *self,
                       const CxvClvMathFit *fit)
{
  CxvClvModelPrivate *priv = PRIV (self);

  priv->fit = *fit;
  priv->have_params = TRUE;
  g_clear_object (&priv->params_table);
  priv->params_table = make_params_table (fit);
}

gboolean
cxv_clv_model_check_ready (CxvClvModel  *self,
                           GError      **error)
{
  if (PRIV (self)->have_params)
    return TRUE;
  g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN,
               "The %s model has no parameters yet: fit it or set them first",
               cxv_clv_model_get_name (self));
  return FALSE;
}

static gboolean
check_fit_kind (CxvClvModel *self, GError **error)
{
  if (PRIV (self)->kind == CXV_CLV_MATH_SBG)
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                           "The sBG model is fitted to a survival series, not to a purchase "
                           "summary: use cxv_clv_sbg_fit_survival()");
      return FALSE;
    }
  return TRUE;
}

/**
 * cxv_clv_model_get_name:
 * @self: a #CxvClvModel
 *
 * Gets the model's short name: `sbg`, `bgnbd`, `pareto-nbd` or
 * `gamma-gamma`, as the command line spells it.
 *
 * Returns: the name
 *
 * Since: 1.0
 */
const char *
cxv_clv_model_get_name (CxvClvModel *self)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), NULL);

  return model_names[PRIV (self)->kind];
}

/* The summary's columns as a fit reads them: copied, so that a fit in a
 * worker thread does not depend on the summary staying as it is; for the
 * Gamma-Gamma model without the repeat buyers whose repeat purchases were
 * all free (a spend of 0 has no gamma density). */
typedef struct
{
  CxvClvMathData data;
  double        *x;
  double        *t_x;
  double        *T;
  double        *mean_spend;
  guint32       *rows;        /* the summary row of each copied row */
  guint32       *customers;   /* the dataset's customer of each, or NULL */
  CxvDataset    *dataset;     /* sealed: its ids stay as they are */
} FitInput;

static void
fit_input_clear (FitInput *in)
{
  g_free (in->x);
  g_free (in->t_x);
  g_free (in->T);
  g_free (in->mean_spend);
  g_free (in->rows);
  g_free (in->customers);
  g_clear_object (&in->dataset);
  memset (in, 0, sizeof *in);
}

static gboolean
fit_input_init (FitInput *in, CxvClvMathModel kind, CxvClvSummary *summary, GError **error)
{
  CxvClvMathData from;
  gsize n = 0;

  memset (in, 0, sizeof *in);
  if (!cxv_clv_summary_get_math_data (summary, &from))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN,
                           "The summary has not been computed: run it first");
      return FALSE;
    }
  in->x = g_new (double, MAX (from.n, 1));
  in->t_x = g_new (double, MAX (from.n, 1));
  in->T = g_new (double, MAX (from.n, 1));
  in->mean_spend = g_new (double, MAX (from.n, 1));
  in->rows = g_new (guint32, MAX (from.n, 1));
  if (cxv_clv_summary_get_dataset (summary) != NULL)
    {
      in->dataset = g_object_ref (cxv_clv_summary_get_dataset (summary));
      in->customers = g_new (guint32, MAX (from.n, 1));
    }
  for (gsize i = 0; i < from.n; i++)
    {
      if (kind == CXV_CLV_MATH_GAMMA_GAMMA && from.x[i] > 0 && from.mean_spend[i] == 0.0)
        continue;
      in->x[n] = from.x[i];
      in->t_x[n] = from.t_x[i];
      in->T[n] = from.T[i];
      in->mean_spend[n] = from.mean_spend[i];
      in->rows[n] = (guint32) i;
      if (in->customers != NULL)
        in->customers[n] = cxv_clv_summary_get_customer_index (summary, i);
      n++;
    }
  in->data.n = n;
  in->data.x = in->x;
  in->data.t_x = in->t_x;
  in->data.T = in->T;
  in->data.mean_spend = in->mean_spend;
  return TRUE;
}

/* The fitter names rows by number; name the customer instead. */
static void
fit_input_name_rows (const FitInput *in, GError *error)
{
  unsigned long row;
  const char *rest;

  if (error == NULL || sscanf (error->message, "Row %lu:", &row) != 1 || row >= in->data.n
      || (rest = strchr (error->message, ':')) == NULL)
    return;
  {
    char *message = in->customers != NULL
                    ? g_strdup_printf ("Customer “%s”%s",
                                       cxv_dataset_get_customer_id (in->dataset,
                                                                    in->customers[row]),
                                       rest)
                    : g_strdup_printf ("Summary row %u%s", in->rows[row], rest);

    g_free (error->message);
    error->message = message;
  }
}

static gboolean
fit_with_input (CxvClvMathModel kind, FitInput *in, GCancellable *cancellable,
                CxvClvMathFit *fit, GError **error)
{
  GError *local_error = NULL;

  memset (fit, 0, sizeof *fit);
  if (cxv_clv_math_fit (kind, &in->data, cancellable, fit, &local_error))
    return TRUE;
  fit_input_name_rows (in, local_error);
  g_propagate_error (error, local_error);
  return FALSE;
}

/**
 * cxv_clv_model_fit:
 * @self: a #CxvClvModel
 * @summary: a computed #CxvClvSummary
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Fits the model to @summary by maximum likelihood. The Gamma-Gamma model
 * uses the repeat buyers only, and of those only the ones who spent
 * something on their repeat purchases (all-free repeat purchases have no
 * spend to model). An error about a customer names it.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%CXV_ANALYSIS_ERROR_NOT_RUN for a summary not yet run,
 *   %CXV_ANALYSIS_ERROR_EMPTY when there is nothing to fit, such as no
 *   repeat buyer, %CXV_ANALYSIS_ERROR_FAILED when the optimiser does not
 *   converge, %G_IO_ERROR_CANCELLED), earlier parameters kept
 *
 * Since: 1.0
 */
gboolean
cxv_clv_model_fit (CxvClvModel    *self,
                   CxvClvSummary  *summary,
                   GCancellable   *cancellable,
                   GError        **error)
{
  FitInput in;
  CxvClvMathFit fit;
  gboolean ok;

  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), FALSE);
  g_return_val_if_fail (CXV_IS_CLV_SUMMARY (summary), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_fit_kind (self, error) || !fit_input_init (&in, PRIV (self)->kind, summary, error))
    return FALSE;
  ok = fit_with_input (PRIV (self)->kind, &in, cancellable, &fit, error);
  fit_input_clear (&in);
  if (ok)
    cxv_clv_model_install (self, &fit);
  return ok;
}

typedef struct
{
  FitInput       in;
  CxvClvMathFit  fit;
} FitTask;

static void
fit_task_free (FitTask *ft)
{
  fit_input_clear (&ft->in);
  g_free (ft);
}

static void
fit_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  FitTask *ft = task_data;
  GError *error = NULL;

  if (fit_with_input (PRIV (CXV_CLV_MODEL (source_object))->kind, &ft->in, cancellable,
                      &ft->fit, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * cxv_clv_model_fit_async:
 * @self: a #CxvClvModel
 * @summary: a computed #CxvClvSummary; its columns are copied, so it may
 *   be run again while the fit is under way
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the fit ends
 * @user_data: data for @callback
 *
 * Fits the model in a worker thread, as [method@Cxv.ClvModel.fit] does.
 *
 * Since: 1.0
 */
void
cxv_clv_model_fit_async (CxvClvModel         *self,
                         CxvClvSummary       *summary,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  FitTask *ft;

  g_return_if_fail (CXV_IS_CLV_MODEL (self));
  g_return_if_fail (CXV_IS_CLV_SUMMARY (summary));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cxv_clv_model_fit_async);
  if (!check_fit_kind (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ft = g_new0 (FitTask, 1);
  /* Copied now: the summary may be run again while the fit is under way. */
  if (!fit_input_init (&ft->in, PRIV (self)->kind, summary, &error))
    {
      g_free (ft);
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, ft, (GDestroyNotify) fit_task_free);
  g_task_run_in_thread (task, fit_thread);
}

/**
 * cxv_clv_model_fit_finish:
 * @self: a #CxvClvModel
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Cxv.ClvModel.fit_async] and installs the parameters.
 *
 * Returns: %TRUE on success; %FALSE with @error set, earlier parameters kept
 *
 * Since: 1.0
 */
gboolean
cxv_clv_model_fit_finish (CxvClvModel   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cxv_clv_model_fit_async, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  cxv_clv_model_install (self, &((FitTask *) g_task_get_task_data (G_TASK (result)))->fit);
  return TRUE;
}

/**
 * cxv_clv_model_set_params:
 * @self: a #CxvClvModel
 * @params: (array length=n_params): the parameters, in the order of
 *   [method@Cxv.ClvModel.get_param_name]
 * @n_params: the number of parameters the model has
 * @error: return location for a #GError
 *
 * Sets the parameters without fitting, to predict with published or
 * earlier estimates. The log-likelihood and standard errors become unknown
 * (NaN) and the model counts as not converged.
 *
 * Returns: %TRUE on success; %FALSE with @error set
 *   (%CXV_ANALYSIS_ERROR_INVALID_ARGUMENT for the wrong count or a
 *   parameter that is not a positive finite number)
 *
 * Since: 1.0
 */
gboolean
cxv_clv_model_set_params (CxvClvModel   *self,
                          const double  *params,
                          guint          n_params,
                          GError       **error)
{
  CxvClvModelPrivate *priv;
  CxvClvMathFit fit;
  guint expected;

  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), FALSE);
  g_return_val_if_fail (params != NULL || n_params == 0, FALSE);

  priv = PRIV (self);
  expected = cxv_clv_math_n_params (priv->kind);
  if (n_params != expected)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The %s model has %u parameters, not %u", model_names[priv->kind],
                   expected, n_params);
      return FALSE;
    }
  memset (&fit, 0, sizeof fit);
  fit.model = priv->kind;
  fit.n_params = n_params;
  for (guint i = 0; i < n_params; i++)
    {
      if (!isfinite (params[i]) || params[i] <= 0.0)
        {
          g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                       "Parameter %s of the %s model is %g: expected a positive number",
                       cxv_clv_math_param_name (priv->kind, i), model_names[priv->kind],
                       params[i]);
          return FALSE;
        }
      fit.params[i] = params[i];
      fit.standard_errors[i] = NAN;
    }
  fit.log_likelihood = NAN;
  cxv_clv_model_install (self, &fit);
  return TRUE;
}

/**
 * cxv_clv_model_get_fitted:
 * @self: a #CxvClvModel
 *
 * Gets whether the model has parameters, fitted or set.
 *
 * Returns: %TRUE once parameters are known
 *
 * Since: 1.0
 */
gboolean
cxv_clv_model_get_fitted (CxvClvModel *self)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), FALSE);

  return PRIV (self)->have_params;
}

/**
 * cxv_clv_model_get_n_params:
 * @self: a #CxvClvModel
 *
 * Gets the number of parameters of the model.
 *
 * Returns: 2 (sBG), 3 (Gamma-Gamma) or 4 (BG/NBD, Pareto/NBD)
 *
 * Since: 1.0
 */
guint
cxv_clv_model_get_n_params (CxvClvModel *self)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), 0);

  return cxv_clv_math_n_params (PRIV (self)->kind);
}

/**
 * cxv_clv_model_get_param_name:
 * @self: a #CxvClvModel
 * @index: a parameter number, below [method@Cxv.ClvModel.get_n_params]
 *
 * Gets the name of a parameter.
 *
 * Returns: (nullable): the name, or %NULL for an index out of range
 *
 * Since: 1.0
 */
const char *
cxv_clv_model_get_param_name (CxvClvModel *self,
                              guint        index)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), NULL);

  if (index >= cxv_clv_math_n_params (PRIV (self)->kind))
    return NULL;
  return cxv_clv_math_param_name (PRIV (self)->kind, index);
}

static int
param_index (CxvClvModel *self, const char *name)
{
  CxvClvMathModel kind = PRIV (self)->kind;

  for (guint i = 0; i < cxv_clv_math_n_params (kind); i++)
    if (g_strcmp0 (cxv_clv_math_param_name (kind, i), name) == 0)
      return (int) i;
  return -1;
}

/**
 * cxv_clv_model_get_param:
 * @self: a #CxvClvModel
 * @name: a parameter name, such as `r` or `alpha`
 *
 * Gets a parameter's estimate.
 *
 * Returns: the estimate; NaN before a fit or for an unknown name
 *
 * Since: 1.0
 */
double
cxv_clv_model_get_param (CxvClvModel *self,
                         const char  *name)
{
  int i;

  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), NAN);
  g_return_val_if_fail (name != NULL, NAN);

  i = param_index (self, name);
  if (i < 0 || !PRIV (self)->have_params)
    return NAN;
  return PRIV (self)->fit.params[i];
}

/**
 * cxv_clv_model_get_standard_error:
 * @self: a #CxvClvModel
 * @name: a parameter name
 *
 * Gets a parameter's standard error, from the inverse of the Hessian of the
 * negative log-likelihood at the optimum.
 *
 * Returns: the standard error; NaN before a fit, for parameters that were
 *   set rather than fitted, or for an unknown name
 *
 * Since: 1.0
 */
double
cxv_clv_model_get_standard_error (CxvClvModel *self,
                                  const char  *name)
{
  int i;

  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), NAN);
  g_return_val_if_fail (name != NULL, NAN);

  i = param_index (self, name);
  if (i < 0 || !PRIV (self)->have_params)
    return NAN;
  return PRIV (self)->fit.standard_errors[i];
}

/**
 * cxv_clv_model_get_log_likelihood:
 * @self: a #CxvClvModel
 *
 * Gets the maximised log-likelihood of the last fit.
 *
 * Returns: the log-likelihood; NaN before a fit or after
 *   [method@Cxv.ClvModel.set_params]
 *
 * Since: 1.0
 */
double
cxv_clv_model_get_log_likelihood (CxvClvModel *self)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), NAN);

  return PRIV (self)->have_params ? PRIV (self)->fit.log_likelihood : NAN;
}

/**
 * cxv_clv_model_get_converged:
 * @self: a #CxvClvModel
 *
 * Gets whether the last fit met its convergence test. A fit that does not
 * is reported as an error, so this is %TRUE after every successful fit and
 * %FALSE for parameters that were set.
 *
 * Returns: whether the parameters come from a converged fit
 *
 * Since: 1.0
 */
gboolean
cxv_clv_model_get_converged (CxvClvModel *self)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), FALSE);

  return PRIV (self)->have_params && PRIV (self)->fit.converged;
}

/**
 * cxv_clv_model_get_identified:
 * @self: a #CxvClvModel
 *
 * Gets whether the data pin the fitted parameters down: whether the
 * Hessian of the negative log-likelihood at the optimum is positive
 * definite, so that every parameter has a standard error. A fit can
 * converge without it when an estimate runs off towards a boundary: an
 * sBG model of customers who all leave at the same rate has alpha and
 * beta growing without end (no heterogeneity; only their ratio is
 * identified), and so has a BG/NBD model fitted to a handful of
 * customers. The parameters then still predict, but read them with care.
 *
 * Returns: %TRUE when every fitted parameter has a standard error;
 *   %FALSE otherwise, before a fit, and for parameters that were set
 *
 * Since: 1.0
 */
gboolean
cxv_clv_model_get_identified (CxvClvModel *self)
{
  CxvClvModelPrivate *priv;

  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), FALSE);

  priv = PRIV (self);
  if (!priv->have_params || !priv->fit.converged)
    return FALSE;
  for (guint i = 0; i < priv->fit.n_params; i++)
    if (!isfinite (priv->fit.standard_errors[i]))
      return FALSE;
  return TRUE;
}

/**
 * cxv_clv_model_get_iterations:
 * @self: a #CxvClvModel
 *
 * Gets the number of optimiser iterations of the last fit.
 *
 * Returns: the iterations, 0 before a fit
 *
 * Since: 1.0
 */
guint
cxv_clv_model_get_iterations (CxvClvModel *self)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), 0);

  return PRIV (self)->have_params ? PRIV (self)->fit.iterations : 0;
}

/**
 * cxv_clv_model_get_n_customers:
 * @self: a #CxvClvModel
 *
 * Gets the number of customers (for the Gamma-Gamma model, repeat buyers;
 * for the sBG model, the cohort size) the last fit used.
 *
 * Returns: the number of customers, 0 before a fit
 *
 * Since: 1.0
 */
gsize
cxv_clv_model_get_n_customers (CxvClvModel *self)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), 0);

  return PRIV (self)->have_params ? PRIV (self)->fit.n_customers : 0;
}

/**
 * cxv_clv_model_get_params_table:
 * @self: a #CxvClvModel
 *
 * Gets the parameters as a table: columns `param`, `estimate`,
 * `standard_error`, and `lower` and `upper`, a 95 % interval made on the
 * log scale so it stays positive (null without a standard error).
 *
 * Returns: (transfer none) (nullable): the table, or %NULL before a fit
 *
 * Since: 1.0
 */
CxvTable *
cxv_clv_model_get_params_table (CxvClvModel *self)
{
  g_return_val_if_fail (CXV_IS_CLV_MODEL (self), NULL);

  return PRIV (self)->params_table;
}

CxvTable *
cxv_clv_model_predict_table (CxvClvModel    *self,
                             CxvClvSummary  *summary,
                             double          horizon,
                             GError        **error)
{
  CxvClvModelPrivate *priv = PRIV (self);
  CxvClvMathData data;
  CxvTable *t;
  guint c_customer, c_x, c_p, c_e, c_h = 0;
  gboolean holdout;

  if (!cxv_clv_model_check_ready (self, error))
    return NULL;
  if (!cxv_clv_summary_get_math_data (summary, &data))
    {
      g_set_error_literal (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN,
                           "The summary has not been computed: run it first");
      return NULL;
    }
  if (!isfinite (horizon) || horizon < 0.0)
    {
      g_set_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT,
                   "The horizon is %g: expected a finite time of at least 0", horizon);
      return NULL;
    }
  holdout = cxv_clv_summary_get_holdout_frequency (summary, 0) >= 0.0;

  t = cxv_table_new ("clv-predictions");
  c_customer = cxv_table_add_column (t, "customer", CXV_COLUMN_TEXT);
  c_x = cxv_table_add_column (t, "frequency", CXV_COLUMN_INT);
  c_p = cxv_table_add_column (t, "p_alive", CXV_COLUMN_DOUBLE);
  c_e = cxv_table_add_column (t, "expected_purchases", CXV_COLUMN_DOUBLE);
  if (holdout)
    c_h = cxv_table_add_column (t, "holdout_frequency", CXV_COLUMN_INT);
  for (gsize i = 0; i < data.n; i++)
    {
      guint row = cxv_table_append_row (t);
      double p, e;

      if (priv->kind == CXV_CLV_MATH_BGNBD)
        {
          p = cxv_clv_math_bgnbd_p_alive (priv->fit.params, data.x[i], data.t_x[i], data.T[i]);
          e = cxv_clv_math_bgnbd_expected (priv->fit.params, data.x[i], data.t_x[i], data.T[i],
                                           horizon);
        }
      else
        {
          p = cxv_clv_math_pareto_nbd_p_alive (priv->fit.params, data.x[i], data.t_x[i],
                                               data.T[i]);
          e = cxv_clv_math_pareto_nbd_expected (priv->fit.params, data.x[i], data.t_x[i],
                                                data.T[i], horizon);
        }
      cxv_clv_summary_set_customer_cell (summary, i, t, row, c_customer);
      cxv_table_set_int (t, row, c_x, (gint64) data.x[i]);
      cxv_table_set_double (t, row, c_p, p);
      cxv_table_set_double (t, row, c_e, e);
      if (holdout)
        cxv_table_set_int (t, row, c_h, (gint64) cxv_clv_summary_get_holdout_frequency (summary, i));
    }
  return t;
}
