/* cxv-qore.h: QoRE relationship tiers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <gio/gio.h>

#include "cxv-dataset.h"
#include "cxv-date.h"
#include "cxv-table.h"
#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_QORE (cxv_qore_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvQore, cxv_qore, CXV, QORE, GObject)

CXV_AVAILABLE_IN_1_0
CxvQore      *cxv_qore_new                   (CxvDataset           *dataset);
CXV_AVAILABLE_IN_1_0
CxvDataset   *cxv_qore_get_dataset           (CxvQore              *self);

CXV_AVAILABLE_IN_1_0
guint         cxv_qore_get_window_days       (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_window_days       (CxvQore              *self,
                                              guint                 window_days);
CXV_AVAILABLE_IN_1_0
CxvDate       cxv_qore_get_evaluation_date   (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_evaluation_date   (CxvQore              *self,
                                              CxvDate               evaluation_date);
CXV_AVAILABLE_IN_1_0
guint         cxv_qore_get_churn_days        (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_churn_days        (CxvQore              *self,
                                              guint                 churn_days);
CXV_AVAILABLE_IN_1_0
CxvActivity   cxv_qore_get_activity          (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_activity          (CxvQore              *self,
                                              CxvActivity           activity);
CXV_AVAILABLE_IN_1_0
guint         cxv_qore_get_inactivity_days   (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_inactivity_days   (CxvQore              *self,
                                              guint                 inactivity_days);
CXV_AVAILABLE_IN_1_0
double        cxv_qore_get_min_csat          (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_min_csat          (CxvQore              *self,
                                              double                min_csat);
CXV_AVAILABLE_IN_1_0
double        cxv_qore_get_min_nps           (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_min_nps           (CxvQore              *self,
                                              double                min_nps);
CXV_AVAILABLE_IN_1_0
double        cxv_qore_get_min_ces           (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_min_ces           (CxvQore              *self,
                                              double                min_ces);
CXV_AVAILABLE_IN_1_0
double        cxv_qore_get_low_cost_share    (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_low_cost_share    (CxvQore              *self,
                                              double                low_cost_share);
CXV_AVAILABLE_IN_1_0
double        cxv_qore_get_usage_ratio       (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_usage_ratio       (CxvQore              *self,
                                              double                usage_ratio);
CXV_AVAILABLE_IN_1_0
char        **cxv_qore_dup_complex_kinds     (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_complex_kinds     (CxvQore              *self,
                                              const char * const   *complex_kinds);
CXV_AVAILABLE_IN_1_0
char        **cxv_qore_dup_billing_reasons   (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_billing_reasons   (CxvQore              *self,
                                              const char * const   *billing_reasons);
CXV_AVAILABLE_IN_1_0
char        **cxv_qore_dup_no_evidence_unmet (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_set_no_evidence_unmet (CxvQore              *self,
                                              const char * const   *signals);
CXV_AVAILABLE_IN_1_0
const char   *cxv_qore_get_action            (CxvQore              *self,
                                              const char           *gap);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_qore_set_action            (CxvQore              *self,
                                              const char           *gap,
                                              const char           *action,
                                              GError              **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_qore_load_rules            (CxvQore              *self,
                                              const char           *json,
                                              GError              **error);
CXV_AVAILABLE_IN_1_0
double        cxv_qore_get_progress          (CxvQore              *self);

CXV_AVAILABLE_IN_1_0
gboolean      cxv_qore_run                   (CxvQore              *self,
                                              GCancellable         *cancellable,
                                              GError              **error);
CXV_AVAILABLE_IN_1_0
void          cxv_qore_run_async             (CxvQore              *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_qore_run_finish            (CxvQore              *self,
                                              GAsyncResult         *result,
                                              GError              **error);

CXV_AVAILABLE_IN_1_0
CxvDate       cxv_qore_get_evaluated_on      (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
CxvTable     *cxv_qore_get_customers         (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
CxvTable     *cxv_qore_get_tiers             (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
CxvTable     *cxv_qore_get_products          (CxvQore              *self);
CXV_AVAILABLE_IN_1_0
char         *cxv_qore_explain_customer      (CxvQore              *self,
                                              const char           *id,
                                              GError              **error);

CXV_AVAILABLE_IN_1_0
CxvTable     *cxv_qore_migration             (CxvQore              *self,
                                              CxvDate               from,
                                              CxvDate               to,
                                              GCancellable         *cancellable,
                                              GError              **error);

G_END_DECLS
