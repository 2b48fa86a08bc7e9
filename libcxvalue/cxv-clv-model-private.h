/* cxv-clv-model-private.h: the model kind and fitted values, for subclasses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "cxv-clv-model.h"
#include "cxv-clv-math-private.h"

G_BEGIN_DECLS

/* Called once from each subclass's init. */
void                  cxv_clv_model_set_kind  (CxvClvModel          *self,
                                               CxvClvMathModel       kind);
CxvClvMathModel       cxv_clv_model_get_kind  (CxvClvModel          *self);

/* The fitted (or set) parameters, NULL before either. */
const double         *cxv_clv_model_get_params_array (CxvClvModel   *self);

/* Stores a fit made outside cxv_clv_model_fit() (the sBG survival fit). */
void                  cxv_clv_model_install   (CxvClvModel          *self,
                                               const CxvClvMathFit  *fit);

/* Fails with NOT_RUN naming the model when it has no parameters yet. */
gboolean              cxv_clv_model_check_ready (CxvClvModel        *self,
                                                 GError            **error);

/* Per-customer predictions of a transaction model (BG/NBD, Pareto/NBD)
 * for @horizon units after the calibration end. */
CxvTable             *cxv_clv_model_predict_table (CxvClvModel      *self,
                                                   CxvClvSummary    *summary,
                                                   double            horizon,
                                                   GError          **error);

G_END_DECLS
