/* cxv-indicators.h: CX indicators (NPS, CSAT, CES) and say vs do
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

#define CXV_TYPE_INDICATORS (cxv_indicators_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvIndicators, cxv_indicators, CXV, INDICATORS, GObject)

CXV_AVAILABLE_IN_1_0
CxvIndicators *cxv_indicators_new                 (CxvDataset           *dataset);
CXV_AVAILABLE_IN_1_0
CxvDataset    *cxv_indicators_get_dataset         (CxvIndicators        *self);
CXV_AVAILABLE_IN_1_0
CxvPeriod      cxv_indicators_get_period          (CxvIndicators        *self);
CXV_AVAILABLE_IN_1_0
void           cxv_indicators_set_period          (CxvIndicators        *self,
                                                   CxvPeriod             period);
CXV_AVAILABLE_IN_1_0
CxvActivity    cxv_indicators_get_activity        (CxvIndicators        *self);
CXV_AVAILABLE_IN_1_0
void           cxv_indicators_set_activity        (CxvIndicators        *self,
                                                   CxvActivity           activity);
CXV_AVAILABLE_IN_1_0
guint          cxv_indicators_get_inactivity_days (CxvIndicators        *self);
CXV_AVAILABLE_IN_1_0
void           cxv_indicators_set_inactivity_days (CxvIndicators        *self,
                                                   guint                 days);
CXV_AVAILABLE_IN_1_0
guint          cxv_indicators_get_horizon         (CxvIndicators        *self);
CXV_AVAILABLE_IN_1_0
void           cxv_indicators_set_horizon         (CxvIndicators        *self,
                                                   guint                 horizon);

CXV_AVAILABLE_IN_1_0
gboolean       cxv_indicators_run                 (CxvIndicators        *self,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
CXV_AVAILABLE_IN_1_0
void           cxv_indicators_run_async           (CxvIndicators        *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
CXV_AVAILABLE_IN_1_0
gboolean       cxv_indicators_run_finish          (CxvIndicators        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

CXV_AVAILABLE_IN_1_0
CxvTable      *cxv_indicators_get_scores          (CxvIndicators        *self);
CXV_AVAILABLE_IN_1_0
CxvTable      *cxv_indicators_get_say_do          (CxvIndicators        *self);

G_END_DECLS
