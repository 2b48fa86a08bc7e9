/* cxv-attribution.h: revenue credited to CX management, customer success or sales
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
 * CxvAttributionPrecedence:
 * @CXV_ATTRIBUTION_PRECEDENCE_CXM_FIRST: an event that qualifies for both
 *   CX management and customer success is credited to CX management
 * @CXV_ATTRIBUTION_PRECEDENCE_CSM_FIRST: such an event is credited to
 *   customer success
 *
 * Which part gets a revenue event that qualifies for both, so that every
 * event is credited exactly once.
 *
 * Since: 1.0
 */
typedef enum
{
  CXV_ATTRIBUTION_PRECEDENCE_CXM_FIRST,
  CXV_ATTRIBUTION_PRECEDENCE_CSM_FIRST,
} CxvAttributionPrecedence;

#define CXV_TYPE_ATTRIBUTION (cxv_attribution_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvAttribution, cxv_attribution, CXV, ATTRIBUTION, GObject)

CXV_AVAILABLE_IN_1_0
CxvAttribution *cxv_attribution_new                  (CxvDataset               *dataset);
CXV_AVAILABLE_IN_1_0
CxvDataset     *cxv_attribution_get_dataset          (CxvAttribution           *self);

CXV_AVAILABLE_IN_1_0
CxvPeriod       cxv_attribution_get_period           (CxvAttribution           *self);
CXV_AVAILABLE_IN_1_0
void            cxv_attribution_set_period           (CxvAttribution           *self,
                                                      CxvPeriod                 period);
CXV_AVAILABLE_IN_1_0
guint           cxv_attribution_get_save_window_days (CxvAttribution           *self);
CXV_AVAILABLE_IN_1_0
void            cxv_attribution_set_save_window_days (CxvAttribution           *self,
                                                      guint                     save_window_days);
CXV_AVAILABLE_IN_1_0
CxvAcquisitionSource cxv_attribution_get_switching_source (CxvAttribution      *self);
CXV_AVAILABLE_IN_1_0
void            cxv_attribution_set_switching_source (CxvAttribution           *self,
                                                      CxvAcquisitionSource      switching_source);
CXV_AVAILABLE_IN_1_0
gboolean        cxv_attribution_get_window_switchers (CxvAttribution           *self);
CXV_AVAILABLE_IN_1_0
void            cxv_attribution_set_window_switchers (CxvAttribution           *self,
                                                      gboolean                  window_switchers);
CXV_AVAILABLE_IN_1_0
CxvAttributionPrecedence cxv_attribution_get_precedence (CxvAttribution        *self);
CXV_AVAILABLE_IN_1_0
void            cxv_attribution_set_precedence       (CxvAttribution           *self,
                                                      CxvAttributionPrecedence  precedence);
CXV_AVAILABLE_IN_1_0
guint           cxv_attribution_get_bootstrap_samples (CxvAttribution          *self);
CXV_AVAILABLE_IN_1_0
void            cxv_attribution_set_bootstrap_samples (CxvAttribution          *self,
                                                       guint                    bootstrap_samples);
CXV_AVAILABLE_IN_1_0
guint           cxv_attribution_get_seed             (CxvAttribution           *self);
CXV_AVAILABLE_IN_1_0
void            cxv_attribution_set_seed             (CxvAttribution           *self,
                                                      guint                     seed);
CXV_AVAILABLE_IN_1_0
double          cxv_attribution_get_progress         (CxvAttribution           *self);

CXV_AVAILABLE_IN_1_0
gboolean        cxv_attribution_run                  (CxvAttribution           *self,
                                                      GCancellable             *cancellable,
                                                      GError                  **error);
CXV_AVAILABLE_IN_1_0
void            cxv_attribution_run_async            (CxvAttribution           *self,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
CXV_AVAILABLE_IN_1_0
gboolean        cxv_attribution_run_finish           (CxvAttribution           *self,
                                                      GAsyncResult             *result,
                                                      GError                  **error);

CXV_AVAILABLE_IN_1_0
CxvTable       *cxv_attribution_get_summary          (CxvAttribution           *self);
CXV_AVAILABLE_IN_1_0
CxvTable       *cxv_attribution_get_initiatives      (CxvAttribution           *self);
CXV_AVAILABLE_IN_1_0
CxvTable       *cxv_attribution_get_comparison       (CxvAttribution           *self);

G_END_DECLS
