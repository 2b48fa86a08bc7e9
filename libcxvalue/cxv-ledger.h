/* cxv-ledger.h: customers as assets, period by period
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <gio/gio.h>

#include "cxv-clv-sbg.h"
#include "cxv-dataset.h"
#include "cxv-table.h"
#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_LEDGER (cxv_ledger_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvLedger, cxv_ledger, CXV, LEDGER, GObject)

CXV_AVAILABLE_IN_1_0
CxvLedger   *cxv_ledger_new                 (CxvDataset           *dataset);
CXV_AVAILABLE_IN_1_0
CxvDataset  *cxv_ledger_get_dataset         (CxvLedger            *self);

CXV_AVAILABLE_IN_1_0
CxvPeriod    cxv_ledger_get_period          (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
void         cxv_ledger_set_period          (CxvLedger            *self,
                                             CxvPeriod             period);
CXV_AVAILABLE_IN_1_0
CxvActivity  cxv_ledger_get_activity        (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
void         cxv_ledger_set_activity        (CxvLedger            *self,
                                             CxvActivity           activity);
CXV_AVAILABLE_IN_1_0
guint        cxv_ledger_get_inactivity_days (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
void         cxv_ledger_set_inactivity_days (CxvLedger            *self,
                                             guint                 inactivity_days);
CXV_AVAILABLE_IN_1_0
guint        cxv_ledger_get_window_days     (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
void         cxv_ledger_set_window_days     (CxvLedger            *self,
                                             guint                 window_days);
CXV_AVAILABLE_IN_1_0
guint        cxv_ledger_get_detractor_max   (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
void         cxv_ledger_set_detractor_max   (CxvLedger            *self,
                                             guint                 detractor_max);
CXV_AVAILABLE_IN_1_0
guint        cxv_ledger_get_low_csat_max    (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
void         cxv_ledger_set_low_csat_max    (CxvLedger            *self,
                                             guint                 low_csat_max);
CXV_AVAILABLE_IN_1_0
guint        cxv_ledger_get_high_effort_max (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
void         cxv_ledger_set_high_effort_max (CxvLedger            *self,
                                             guint                 high_effort_max);
CXV_AVAILABLE_IN_1_0
double       cxv_ledger_get_progress        (CxvLedger            *self);

CXV_AVAILABLE_IN_1_0
gboolean     cxv_ledger_run                 (CxvLedger            *self,
                                             GCancellable         *cancellable,
                                             GError              **error);
CXV_AVAILABLE_IN_1_0
void         cxv_ledger_run_async           (CxvLedger            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
CXV_AVAILABLE_IN_1_0
gboolean     cxv_ledger_run_finish          (CxvLedger            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

CXV_AVAILABLE_IN_1_0
void         cxv_ledger_set_lifetime_model  (CxvLedger            *self,
                                            CxvClvSbg            *model,
                                            double                discount_rate);

CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_ledger_get_periods         (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_ledger_get_departures      (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_ledger_get_experiences     (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
CxvTable    *cxv_ledger_get_findings        (CxvLedger            *self);
CXV_AVAILABLE_IN_1_0
guint64      cxv_ledger_get_n_findings      (CxvLedger            *self);

G_END_DECLS
