/* cxv-cohorts.h: acquisition cohorts, new customers and segment growth
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

#define CXV_TYPE_COHORTS (cxv_cohorts_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvCohorts, cxv_cohorts, CXV, COHORTS, GObject)

CXV_AVAILABLE_IN_1_0
CxvCohorts  *cxv_cohorts_new                 (CxvDataset           *dataset);
CXV_AVAILABLE_IN_1_0
CxvDataset  *cxv_cohorts_get_dataset         (CxvCohorts           *self);
CXV_AVAILABLE_IN_1_0
CxvPeriod    cxv_cohorts_get_period          (CxvCohorts           *self);
CXV_AVAILABLE_IN_1_0
void         cxv_cohorts_set_period          (CxvCohorts           *self,
                                              CxvPeriod             period);
CXV_AVAILABLE_IN_1_0
CxvActivity  cxv_cohorts_get_activity        (CxvCohorts           *self);
CXV_AVAILABLE_IN_1_0
void         cxv_cohorts_set_activity        (CxvCohorts           *self,
                                              CxvActivity           activity);
CXV_AVAILABLE_IN_1_0
guint        cxv_cohorts_get_inactivity_days (CxvCohorts           *self);
CXV_AVAILABLE_IN_1_0
void         cxv_cohorts_set_inactivity_days (CxvCohorts           *self,
                                              guint                 days);

CXV_AVAILABLE_IN_1_0
gboolean     cxv_cohorts_run                 (CxvCohorts           *self,
                                              GCancellable         *cancellable,
                                              GError              **error);
CXV_AVAILABLE_IN_1_0
void         cxv_cohorts_run_async           (CxvCohorts           *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
CXV_AVAILABLE_IN_1_0
gboolean     cxv_cohorts_run_finish          (CxvCohorts           *self,
                                              GAsyncResult         *result,
                                              GError              **error);

CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_cohorts_get_retention       (CxvCohorts           *self);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_cohorts_get_new_customers   (CxvCohorts           *self);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_cohorts_get_segments        (CxvCohorts           *self);

G_END_DECLS
