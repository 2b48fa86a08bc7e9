/* cxv-linkage.h: soft CX signals linked to hard financial outcomes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <gio/gio.h>

#include "cxv-dataset.h"
#include "cxv-table.h"
#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

/**
 * CxvLinkageModel:
 * @CXV_LINKAGE_MODEL_OLS: ordinary least squares, for a continuous outcome
 * @CXV_LINKAGE_MODEL_LOGISTIC: logistic regression, for a 0/1 outcome such
 *   as churn
 *
 * The regression [class@Cxv.Linkage] fitted: logistic when every value of
 * the outcome is 0 or 1, least squares otherwise.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_LINKAGE_MODEL_OLS,
  CXV_LINKAGE_MODEL_LOGISTIC,
} CxvLinkageModel;

/**
 * CxvLinkageGrain:
 * @CXV_LINKAGE_GRAIN_CUSTOMER: a row per customer, over the whole window
 * @CXV_LINKAGE_GRAIN_CUSTOMER_PERIOD: a row per customer and period of the
 *   window in which it held a product or had a record
 * @CXV_LINKAGE_GRAIN_SEGMENT_PERIOD: a row per segment and period: the
 *   number of customers and, for every signal and outcome, their mean
 *   (over those with a value)
 *
 * What a row of [class@Cxv.Linkage]'s frame is.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_LINKAGE_GRAIN_CUSTOMER,
  CXV_LINKAGE_GRAIN_CUSTOMER_PERIOD,
  CXV_LINKAGE_GRAIN_SEGMENT_PERIOD,
} CxvLinkageGrain;

#define CXV_TYPE_LINKAGE (cxv_linkage_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvLinkage, cxv_linkage, CXV, LINKAGE, GObject)

CXV_AVAILABLE_IN_1_0
CxvLinkage         *cxv_linkage_new                   (CxvDataset           *dataset);
CXV_AVAILABLE_IN_1_0
CxvLinkage         *cxv_linkage_new_for_table         (CxvTable             *frame);

CXV_AVAILABLE_IN_1_0
CxvDataset         *cxv_linkage_get_dataset           (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
CxvLinkageGrain     cxv_linkage_get_grain             (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_grain             (CxvLinkage           *self,
                                                       CxvLinkageGrain       grain);
CXV_AVAILABLE_IN_1_0
CxvPeriod           cxv_linkage_get_period            (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_period            (CxvLinkage           *self,
                                                       CxvPeriod             period);
CXV_AVAILABLE_IN_1_0
CxvDate             cxv_linkage_get_start             (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_start             (CxvLinkage           *self,
                                                       CxvDate               start);
CXV_AVAILABLE_IN_1_0
CxvDate             cxv_linkage_get_end               (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_end               (CxvLinkage           *self,
                                                       CxvDate               end);
CXV_AVAILABLE_IN_1_0
guint               cxv_linkage_get_horizon_days      (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_horizon_days      (CxvLinkage           *self,
                                                       guint                 days);
CXV_AVAILABLE_IN_1_0
const char         *cxv_linkage_get_outcome           (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_outcome           (CxvLinkage           *self,
                                                       const char           *outcome);
CXV_AVAILABLE_IN_1_0
const char * const *cxv_linkage_get_signals           (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_signals           (CxvLinkage           *self,
                                                       const char * const   *signals);
CXV_AVAILABLE_IN_1_0
double              cxv_linkage_get_confidence        (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_confidence        (CxvLinkage           *self,
                                                       double                confidence);
CXV_AVAILABLE_IN_1_0
guint               cxv_linkage_get_bootstrap_samples (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_bootstrap_samples (CxvLinkage           *self,
                                                       guint                 samples);
CXV_AVAILABLE_IN_1_0
guint               cxv_linkage_get_seed              (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_set_seed              (CxvLinkage           *self,
                                                       guint                 seed);

CXV_AVAILABLE_IN_1_0
gboolean            cxv_linkage_run                   (CxvLinkage           *self,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
CXV_AVAILABLE_IN_1_0
void                cxv_linkage_run_async             (CxvLinkage           *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
CXV_AVAILABLE_IN_1_0
gboolean            cxv_linkage_run_finish            (CxvLinkage           *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

CXV_AVAILABLE_IN_1_0
CxvTable           *cxv_linkage_get_frame             (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
gsize               cxv_linkage_get_n_rows            (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
gsize               cxv_linkage_get_n_dropped         (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
CxvLinkageModel     cxv_linkage_get_model_kind        (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
double              cxv_linkage_get_r_squared         (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
double              cxv_linkage_get_log_likelihood    (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
guint               cxv_linkage_get_iterations        (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
CxvTable           *cxv_linkage_get_correlations      (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
CxvTable           *cxv_linkage_get_levels            (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
CxvTable           *cxv_linkage_get_model             (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
CxvTable           *cxv_linkage_get_drivers           (CxvLinkage           *self);
CXV_AVAILABLE_IN_1_0
CxvTable           *cxv_linkage_what_if               (CxvLinkage           *self,
                                                       const char           *signal,
                                                       double                target,
                                                       GError              **error);

G_END_DECLS
