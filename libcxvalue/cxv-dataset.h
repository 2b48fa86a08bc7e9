/* cxv-dataset.h: the columnar store of customers and their records
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <gio/gio.h>

#include "cxv-customer.h"
#include "cxv-date.h"
#include "cxv-records.h"
#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_DATASET (cxv_dataset_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvDataset, cxv_dataset, CXV, DATASET, GObject)

CXV_AVAILABLE_IN_1_0
CxvDataset   *cxv_dataset_new                 (const char            *currency,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
const char   *cxv_dataset_get_currency        (CxvDataset            *self);
CXV_AVAILABLE_IN_1_0
int           cxv_dataset_get_decimals        (CxvDataset            *self);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_get_sealed          (CxvDataset            *self);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_seal                (CxvDataset            *self,
                                               GError               **error);

CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_add_customer        (CxvDataset            *self,
                                               const char            *id,
                                               const char            *segment,
                                               CxvDate                acquired,
                                               CxvAcquisitionSource   source,
                                               const char            *referred_by,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_add_product         (CxvDataset            *self,
                                               const char            *code,
                                               const char            *category,
                                               gboolean               recurring,
                                               const char * const    *eligible_segments,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_add_holding         (CxvDataset            *self,
                                               const char            *customer,
                                               const char            *product,
                                               CxvDate                start,
                                               CxvDate                end,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_add_revenue         (CxvDataset            *self,
                                               const char            *customer,
                                               const char            *product,
                                               CxvDate                date,
                                               CxvRevenueKind         kind,
                                               gint64                 amount,
                                               gint64                 cost,
                                               const char            *initiative,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_add_interaction     (CxvDataset            *self,
                                               const char            *customer,
                                               CxvDate                date,
                                               const char            *channel,
                                               CxvChannelClass        channel_class,
                                               CxvInteractionKind     kind,
                                               gboolean               resolved,
                                               const char            *reason,
                                               gint64                 cost,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_add_feedback        (CxvDataset            *self,
                                               const char            *customer,
                                               CxvDate                date,
                                               CxvInstrument          instrument,
                                               double                 score,
                                               const char            *comment,
                                               const char * const    *topics,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_add_usage           (CxvDataset            *self,
                                               const char            *customer,
                                               const char            *product,
                                               CxvDate                date,
                                               double                 quantity,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_add_referral        (CxvDataset            *self,
                                               const char            *referrer,
                                               const char            *referred,
                                               CxvDate                date,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_add_initiative      (CxvDataset            *self,
                                               const char            *id,
                                               const char            *name,
                                               gboolean               in_sync,
                                               CxvDate                start,
                                               CxvDate                end,
                                               GError               **error);

CXV_AVAILABLE_IN_1_0
guint         cxv_dataset_get_n_records       (CxvDataset            *self,
                                               CxvRecordKind          kind);
CXV_AVAILABLE_IN_1_0
gsize         cxv_dataset_get_record_size     (CxvRecordKind          kind);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_lookup_customer     (CxvDataset            *self,
                                               const char            *id,
                                               guint                 *index);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_lookup_product      (CxvDataset            *self,
                                               const char            *code,
                                               guint                 *index);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_lookup_initiative   (CxvDataset            *self,
                                               const char            *id,
                                               guint                 *index);
CXV_AVAILABLE_IN_1_0
const char   *cxv_dataset_get_customer_id     (CxvDataset            *self,
                                               guint                  index);
CXV_AVAILABLE_IN_1_0
const char   *cxv_dataset_get_product_code    (CxvDataset            *self,
                                               guint                  index);
CXV_AVAILABLE_IN_1_0
const char   *cxv_dataset_get_initiative_id   (CxvDataset            *self,
                                               guint                  index);
CXV_AVAILABLE_IN_1_0
const char   *cxv_dataset_get_text            (CxvDataset            *self,
                                               guint                  index);
CXV_AVAILABLE_IN_1_0
char        **cxv_dataset_dup_feedback_topics (CxvDataset            *self,
                                               guint                  index);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_is_eligible         (CxvDataset            *self,
                                               guint                  product,
                                               const char            *segment);

CXV_AVAILABLE_IN_1_0
CxvCustomer  *cxv_dataset_dup_customer        (CxvDataset            *self,
                                               guint                  index);
CXV_AVAILABLE_IN_1_0
GListModel   *cxv_dataset_list_customers      (CxvDataset            *self);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_get_product         (CxvDataset            *self,
                                               guint                  index,
                                               CxvProduct            *product);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_get_holding         (CxvDataset            *self,
                                               guint                  index,
                                               CxvHolding            *holding);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_get_revenue_event   (CxvDataset            *self,
                                               guint                  index,
                                               CxvRevenueEvent       *event);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_get_interaction     (CxvDataset            *self,
                                               guint                  index,
                                               CxvInteraction        *interaction);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_get_feedback        (CxvDataset            *self,
                                               guint                  index,
                                               CxvFeedback           *feedback);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_get_usage           (CxvDataset            *self,
                                               guint                  index,
                                               CxvUsage              *usage);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_get_referral        (CxvDataset            *self,
                                               guint                  index,
                                               CxvReferral           *referral);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_get_initiative      (CxvDataset            *self,
                                               guint                  index,
                                               CxvInitiative         *initiative);

CXV_AVAILABLE_IN_1_0
void          cxv_dataset_get_customer_range  (CxvDataset            *self,
                                               CxvRecordKind          kind,
                                               guint                  customer,
                                               guint                 *first,
                                               guint                 *n_records);
CXV_AVAILABLE_IN_1_0
char        **cxv_dataset_list_columns        (CxvRecordKind          kind);
CXV_AVAILABLE_IN_1_0
GBytes       *cxv_dataset_dup_column          (CxvDataset            *self,
                                               CxvRecordKind          kind,
                                               const char            *column,
                                               CxvElementType        *element_type,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gint64        cxv_dataset_get_revenue_total   (CxvDataset            *self);

/* Persistence, in cxv-dataset-file.c */
CXV_AVAILABLE_IN_1_0
CxvDataset   *cxv_dataset_open                (const char            *path,
                                               GCancellable          *cancellable,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_open_async          (const char            *path,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
CXV_AVAILABLE_IN_1_0
CxvDataset   *cxv_dataset_open_finish         (GAsyncResult          *result,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_save                (CxvDataset            *self,
                                               const char            *path,
                                               GCancellable          *cancellable,
                                               GError               **error);
CXV_AVAILABLE_IN_1_0
void          cxv_dataset_save_async          (CxvDataset            *self,
                                               const char            *path,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_save_finish         (CxvDataset            *self,
                                               GAsyncResult          *result,
                                               GError               **error);

/* CSV export, in cxv-dataset-export.c */
CXV_AVAILABLE_IN_1_0
gboolean      cxv_dataset_export_csv          (CxvDataset            *self,
                                               CxvRecordKind          kind,
                                               GOutputStream         *stream,
                                               GCancellable          *cancellable,
                                               GError               **error);

G_END_DECLS
