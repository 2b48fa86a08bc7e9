/* cxv-dataset-private.h: the column layout, for the importer and the analyses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "cxv-dataset.h"

G_BEGIN_DECLS

#define CXV_MAX_COLUMNS 8

/* The initiative column of revenue events is 16 bits wide to keep an event
 * at 31 bytes; this is the largest number of initiatives a dataset holds. */
#define CXV_MAX_INITIATIVES 65535
#define CXV_NO_INITIATIVE16 G_MAXUINT16

/* One kind of record as parallel arrays, all of length n. */
typedef struct
{
  guint32  n;
  guint32  cap;
  gpointer col[CXV_MAX_COLUMNS];
  GThread *populating;   /* faulting in reserved room, see cxv_dataset_reserve() */
} CxvRecordTable;

/* Column numbers of each kind; cxv-dataset.c describes their types. */
enum { CUS_SEGMENT, CUS_ACQUIRED, CUS_SOURCE, CUS_REFERRED_BY, CUS_DECLARED };
enum { PRO_CATEGORY, PRO_RECURRING, PRO_DECLARED };
enum { HOL_CUSTOMER, HOL_PRODUCT, HOL_START, HOL_END };
enum { REV_CUSTOMER, REV_PRODUCT, REV_DATE, REV_KIND, REV_AMOUNT, REV_COST, REV_INITIATIVE };
enum { INT_CUSTOMER, INT_DATE, INT_CHANNEL, INT_CLASS, INT_KIND, INT_RESOLVED, INT_REASON,
       INT_COST };
enum { FEE_CUSTOMER, FEE_DATE, FEE_INSTRUMENT, FEE_SCORE, FEE_COMMENT, FEE_TOPICS };
enum { USE_CUSTOMER, USE_PRODUCT, USE_DATE, USE_QUANTITY };
enum { REF_REFERRER, REF_REFERRED, REF_DATE };
enum { INI_NAME, INI_IN_SYNC, INI_START, INI_END, INI_DECLARED };

#define CXV_COLUMN(table, type, c) ((type *) (table)->col[(c)])

const CxvRecordTable *cxv_dataset_get_table (CxvDataset    *self,
                                             CxvRecordKind  kind);

/* Per-customer offsets of a sealed dataset: records of @customer are
 * [offsets[customer], offsets[customer + 1]). NULL for entity kinds. */
const guint32        *cxv_dataset_get_offsets (CxvDataset    *self,
                                               CxvRecordKind  kind);

/* The size of the text pool: cxv_dataset_get_text() takes 0 .. n - 1. */
guint32               cxv_dataset_get_n_texts (CxvDataset    *self);

/* The text indices of the segments eligible for @product, in the order they
 * were declared, or NULL when every segment is eligible; an empty list
 * (n_segments 0, not NULL) closes the product to every segment. */
const guint32        *cxv_dataset_get_eligible_segments (CxvDataset *self,
                                                         guint32     product,
                                                         guint      *n_segments);

/* Makes room for @n records of @kind in all, so that a large import grows
 * its columns once rather than step by step; unused room goes at seal.
 * Where the system allows, a helper thread asks the kernel for the pages
 * of the new room while the caller fills it, so the other core pays for
 * clearing them rather than the appending thread. */
void     cxv_dataset_reserve   (CxvDataset          *self,
                                CxvRecordKind        kind,
                                guint32              n);

/* An all-or-nothing unit of appends, for importers. */
typedef struct
{
  guint32 n[CXV_N_RECORD_KINDS];
  guint32 n_text;
  guint   declare_log_len;
  guint64 abs_revenue;
  guint64 abs_cost;
} CxvDatasetSavepoint;

void     cxv_dataset_savepoint (CxvDataset          *self,
                                CxvDatasetSavepoint *savepoint);
void     cxv_dataset_rollback  (CxvDataset                *self,
                                const CxvDatasetSavepoint *savepoint);

/* Finds the index of @id of an entity kind (customer, product or
 * initiative), adding it as referenced-only if it is new, and with @declare
 * declaring it with default attributes unless it is declared already. */
gboolean cxv_dataset_resolve (CxvDataset     *self,
                              CxvRecordKind   kind,
                              const char     *id,
                              gboolean        declare,
                              guint32        *index,
                              GError        **error);
/* As cxv_dataset_resolve(), trying index @hint first (CXV_NO_INDEX for
 * none): files that list customers in the order they were declared find
 * each new one at the index after the last. */
gboolean cxv_dataset_resolve_hinted (CxvDataset     *self,
                                     CxvRecordKind   kind,
                                     const char     *id,
                                     gboolean        declare,
                                     guint32         hint,
                                     guint32        *index,
                                     GError        **error);

/* The appends with ids already resolved to indices, for code that holds
 * indices (the importer, the simulator, the file loader): the same checks
 * as the public appends, without the lookups. Text fields are indices from
 * cxv_dataset_intern_text(). */
gboolean cxv_dataset_append_holding (CxvDataset  *self,
                                     guint32      customer,
                                     guint32      product,
                                     CxvDate      start,
                                     CxvDate      end,
                                     GError     **error);
gboolean cxv_dataset_append_revenue (CxvDataset      *self,
                                     guint32          customer,
                                     guint32          product,
                                     CxvDate          date,
                                     CxvRevenueKind   kind,
                                     gint64           amount,
                                     gint64           cost,
                                     guint32          initiative,
                                     GError         **error);

gboolean cxv_dataset_append_interaction (CxvDataset          *self,
                                         guint32              customer,
                                         CxvDate              date,
                                         guint32              channel,
                                         CxvChannelClass      channel_class,
                                         CxvInteractionKind   kind,
                                         gboolean             resolved,
                                         guint32              reason,
                                         gint64               cost,
                                         GError             **error);
gboolean cxv_dataset_append_feedback (CxvDataset     *self,
                                      guint32         customer,
                                      CxvDate         date,
                                      CxvInstrument   instrument,
                                      double          score,
                                      guint32         comment,
                                      guint32         topics,
                                      GError        **error);
gboolean cxv_dataset_append_usage (CxvDataset  *self,
                                   guint32      customer,
                                   guint32      product,
                                   CxvDate      date,
                                   double       quantity,
                                   GError     **error);
gboolean cxv_dataset_append_referral (CxvDataset  *self,
                                      guint32      referrer,
                                      guint32      referred,
                                      CxvDate      date,
                                      GError     **error);

/* The index of @text in the dataset's text pool (segments, channels,
 * reasons, comments, topics joined by ';'), added if new; CXV_NO_INDEX for
 * NULL or "". */
guint32  cxv_dataset_intern_text (CxvDataset *self,
                                  const char *text);

/* Sets who referred @customer after the fact, so a loader can declare
 * customers in index order first and link them afterwards. */
void     cxv_dataset_set_referrer (CxvDataset *self,
                                   guint32     customer,
                                   guint32     referrer);

/* Declares @id with default attributes unless it is declared already. */
gboolean cxv_dataset_ensure_customer (CxvDataset  *self,
                                      const char  *id,
                                      GError     **error);
gboolean cxv_dataset_ensure_product  (CxvDataset  *self,
                                      const char  *code,
                                      GError     **error);

CxvCustomer *cxv_customer_new      (CxvDataset *dataset,
                                   guint       index);
GListModel  *cxv_customer_list_new (CxvDataset *dataset);

G_END_DECLS
