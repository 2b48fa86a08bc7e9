/* cxv-simulator.h: a realistic sample dataset with planted effects
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
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_SIMULATOR (cxv_simulator_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvSimulator, cxv_simulator, CXV, SIMULATOR, GObject)

CXV_AVAILABLE_IN_1_0
CxvSimulator *cxv_simulator_new                (void);
CXV_AVAILABLE_IN_1_0
guint         cxv_simulator_get_n_customers    (CxvSimulator         *self);
CXV_AVAILABLE_IN_1_0
void          cxv_simulator_set_n_customers    (CxvSimulator         *self,
                                                guint                 n_customers);
CXV_AVAILABLE_IN_1_0
guint         cxv_simulator_get_n_months       (CxvSimulator         *self);
CXV_AVAILABLE_IN_1_0
void          cxv_simulator_set_n_months       (CxvSimulator         *self,
                                                guint                 n_months);
CXV_AVAILABLE_IN_1_0
guint64       cxv_simulator_get_seed           (CxvSimulator         *self);
CXV_AVAILABLE_IN_1_0
void          cxv_simulator_set_seed           (CxvSimulator         *self,
                                                guint64               seed);
CXV_AVAILABLE_IN_1_0
CxvDate       cxv_simulator_get_start_date     (CxvSimulator         *self);
CXV_AVAILABLE_IN_1_0
void          cxv_simulator_set_start_date     (CxvSimulator         *self,
                                                CxvDate               start_date);
CXV_AVAILABLE_IN_1_0
double        cxv_simulator_get_progress       (CxvSimulator         *self);
CXV_AVAILABLE_IN_1_0
CxvTable     *cxv_simulator_dup_ground_truth   (CxvSimulator         *self);

CXV_AVAILABLE_IN_1_0
CxvDataset   *cxv_simulator_run                (CxvSimulator         *self,
                                                GCancellable         *cancellable,
                                                GError              **error);
CXV_AVAILABLE_IN_1_0
void          cxv_simulator_run_async          (CxvSimulator         *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
CXV_AVAILABLE_IN_1_0
CxvDataset   *cxv_simulator_run_finish         (CxvSimulator         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
