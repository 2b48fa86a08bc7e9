/* cxv-clv-summary.h: recency, frequency and monetary value per customer
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

#define CXV_TYPE_CLV_SUMMARY (cxv_clv_summary_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvClvSummary, cxv_clv_summary, CXV, CLV_SUMMARY, GObject)

CXV_AVAILABLE_IN_1_0
CxvClvSummary *cxv_clv_summary_new                 (CxvDataset           *dataset);
CXV_AVAILABLE_IN_1_0
CxvClvSummary *cxv_clv_summary_new_for_data        (CxvTimeUnit           time_unit,
                                                    const double         *frequency,
                                                    const double         *recency,
                                                    const double         *age,
                                                    const double         *monetary_value,
                                                    gsize                 n_customers,
                                                    GError              **error);

CXV_AVAILABLE_IN_1_0
CxvDataset    *cxv_clv_summary_get_dataset         (CxvClvSummary        *self);
CXV_AVAILABLE_IN_1_0
CxvDate        cxv_clv_summary_get_calibration_end (CxvClvSummary        *self);
CXV_AVAILABLE_IN_1_0
void           cxv_clv_summary_set_calibration_end (CxvClvSummary        *self,
                                                    CxvDate               date);
CXV_AVAILABLE_IN_1_0
CxvDate        cxv_clv_summary_get_holdout_end     (CxvClvSummary        *self);
CXV_AVAILABLE_IN_1_0
void           cxv_clv_summary_set_holdout_end     (CxvClvSummary        *self,
                                                    CxvDate               date);
CXV_AVAILABLE_IN_1_0
CxvTimeUnit    cxv_clv_summary_get_time_unit       (CxvClvSummary        *self);
CXV_AVAILABLE_IN_1_0
void           cxv_clv_summary_set_time_unit       (CxvClvSummary        *self,
                                                    CxvTimeUnit           time_unit);

CXV_AVAILABLE_IN_1_0
gboolean       cxv_clv_summary_run                 (CxvClvSummary        *self,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
CXV_AVAILABLE_IN_1_0
void           cxv_clv_summary_run_async           (CxvClvSummary        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CXV_AVAILABLE_IN_1_0
gboolean       cxv_clv_summary_run_finish          (CxvClvSummary        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

CXV_AVAILABLE_IN_1_0
gsize          cxv_clv_summary_get_n_customers     (CxvClvSummary        *self);
CXV_AVAILABLE_IN_1_0
gsize          cxv_clv_summary_get_n_repeat_buyers (CxvClvSummary        *self);
CXV_AVAILABLE_IN_1_0
gboolean       cxv_clv_summary_get_customer        (CxvClvSummary        *self,
                                                    gsize                 index,
                                                    double               *frequency,
                                                    double               *recency,
                                                    double               *age,
                                                    double               *monetary_value);
CXV_AVAILABLE_IN_1_0
CxvTable      *cxv_clv_summary_get_table           (CxvClvSummary        *self);
CXV_AVAILABLE_IN_1_0
double         cxv_clv_summary_get_days_per_unit   (CxvClvSummary        *self);

G_END_DECLS
