/* cxv-clv-model.h: what every lifetime-value model shares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <gio/gio.h>

#include "cxv-clv-summary.h"
#include "cxv-table.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_CLV_MODEL (cxv_clv_model_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_DERIVABLE_TYPE (CxvClvModel, cxv_clv_model, CXV, CLV_MODEL, GObject)

/**
 * CxvClvModelClass:
 * @parent_class: the parent class
 *
 * The class of lifetime-value models. Subclasses are the models the
 * library ships; it is not meant to be derived outside it.
 *
 * Since: 1.0
 */
struct _CxvClvModelClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

CXV_AVAILABLE_IN_1_0
const char  *cxv_clv_model_get_name            (CxvClvModel          *self);
CXV_AVAILABLE_IN_1_0
gboolean     cxv_clv_model_fit                 (CxvClvModel          *self,
                                                CxvClvSummary        *summary,
                                                GCancellable         *cancellable,
                                                GError              **error);
CXV_AVAILABLE_IN_1_0
void         cxv_clv_model_fit_async           (CxvClvModel          *self,
                                                CxvClvSummary        *summary,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
CXV_AVAILABLE_IN_1_0
gboolean     cxv_clv_model_fit_finish          (CxvClvModel          *self,
                                                GAsyncResult         *result,
                                                GError              **error);
CXV_AVAILABLE_IN_1_0
gboolean     cxv_clv_model_set_params          (CxvClvModel          *self,
                                                const double         *params,
                                                guint                 n_params,
                                                GError              **error);

CXV_AVAILABLE_IN_1_0
gboolean     cxv_clv_model_get_fitted          (CxvClvModel          *self);
CXV_AVAILABLE_IN_1_0
guint        cxv_clv_model_get_n_params        (CxvClvModel          *self);
CXV_AVAILABLE_IN_1_0
const char  *cxv_clv_model_get_param_name      (CxvClvModel          *self,
                                                guint                 index);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_model_get_param           (CxvClvModel          *self,
                                                const char           *name);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_model_get_standard_error  (CxvClvModel          *self,
                                                const char           *name);
CXV_AVAILABLE_IN_1_0
double       cxv_clv_model_get_log_likelihood  (CxvClvModel          *self);
CXV_AVAILABLE_IN_1_0
gboolean     cxv_clv_model_get_converged       (CxvClvModel          *self);
CXV_AVAILABLE_IN_1_0
gboolean     cxv_clv_model_get_identified      (CxvClvModel          *self);
CXV_AVAILABLE_IN_1_0
guint        cxv_clv_model_get_iterations      (CxvClvModel          *self);
CXV_AVAILABLE_IN_1_0
gsize        cxv_clv_model_get_n_customers     (CxvClvModel          *self);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_clv_model_get_params_table    (CxvClvModel          *self);

G_END_DECLS
