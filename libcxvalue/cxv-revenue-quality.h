/* cxv-revenue-quality.h: how predictable, profitable and diverse the revenue is
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <gio/gio.h>

#include "cxv-dataset.h"
#include "cxv-qore.h"
#include "cxv-table.h"
#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_REVENUE_QUALITY (cxv_revenue_quality_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvRevenueQuality, cxv_revenue_quality, CXV, REVENUE_QUALITY, GObject)

CXV_AVAILABLE_IN_1_0
CxvRevenueQuality *cxv_revenue_quality_new                    (CxvDataset          *dataset);
CXV_AVAILABLE_IN_1_0
CxvDataset        *cxv_revenue_quality_get_dataset            (CxvRevenueQuality   *self);
CXV_AVAILABLE_IN_1_0
CxvPeriod          cxv_revenue_quality_get_period             (CxvRevenueQuality   *self);
CXV_AVAILABLE_IN_1_0
void               cxv_revenue_quality_set_period             (CxvRevenueQuality   *self,
                                                               CxvPeriod            period);
CXV_AVAILABLE_IN_1_0
CxvActivity        cxv_revenue_quality_get_activity           (CxvRevenueQuality   *self);
CXV_AVAILABLE_IN_1_0
void               cxv_revenue_quality_set_activity           (CxvRevenueQuality   *self,
                                                               CxvActivity          activity);
CXV_AVAILABLE_IN_1_0
guint              cxv_revenue_quality_get_inactivity_days    (CxvRevenueQuality   *self);
CXV_AVAILABLE_IN_1_0
void               cxv_revenue_quality_set_inactivity_days    (CxvRevenueQuality   *self,
                                                               guint                days);
CXV_AVAILABLE_IN_1_0
double             cxv_revenue_quality_get_concentration_flag (CxvRevenueQuality   *self);
CXV_AVAILABLE_IN_1_0
void               cxv_revenue_quality_set_concentration_flag (CxvRevenueQuality   *self,
                                                               double               share);
CXV_AVAILABLE_IN_1_0
guint              cxv_revenue_quality_get_top_n              (CxvRevenueQuality   *self);
CXV_AVAILABLE_IN_1_0
void               cxv_revenue_quality_set_top_n              (CxvRevenueQuality   *self,
                                                               guint                top_n);
CXV_AVAILABLE_IN_1_0
guint              cxv_revenue_quality_get_tenure_months      (CxvRevenueQuality   *self);
CXV_AVAILABLE_IN_1_0
void               cxv_revenue_quality_set_tenure_months      (CxvRevenueQuality   *self,
                                                               guint                months);
CXV_AVAILABLE_IN_1_0
CxvQore           *cxv_revenue_quality_get_qore               (CxvRevenueQuality   *self);
CXV_AVAILABLE_IN_1_0
void               cxv_revenue_quality_set_qore               (CxvRevenueQuality   *self,
                                                               CxvQore             *qore);

CXV_AVAILABLE_IN_1_0
gboolean           cxv_revenue_quality_run                    (CxvRevenueQuality   *self,
                                                               GCancellable        *cancellable,
                                                               GError             **error);
CXV_AVAILABLE_IN_1_0
void               cxv_revenue_quality_run_async              (CxvRevenueQuality   *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
CXV_AVAILABLE_IN_1_0
gboolean           cxv_revenue_quality_run_finish             (CxvRevenueQuality   *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

CXV_AVAILABLE_IN_1_0
CxvTable          *cxv_revenue_quality_get_periods            (CxvRevenueQuality   *self);
CXV_AVAILABLE_IN_1_0
CxvTable          *cxv_revenue_quality_get_summary            (CxvRevenueQuality   *self);

G_END_DECLS
