/* cxv-customer.h: a view of one customer of a dataset
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <glib-object.h>

#include "cxv-date.h"
#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_CUSTOMER (cxv_customer_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvCustomer, cxv_customer, CXV, CUSTOMER, GObject)

typedef struct _CxvDataset CxvDataset;

CXV_AVAILABLE_IN_1_0
CxvDataset           *cxv_customer_get_dataset            (CxvCustomer *self);
CXV_AVAILABLE_IN_1_0
guint                 cxv_customer_get_index              (CxvCustomer *self);
CXV_AVAILABLE_IN_1_0
const char           *cxv_customer_get_id                 (CxvCustomer *self);
CXV_AVAILABLE_IN_1_0
const char           *cxv_customer_get_segment            (CxvCustomer *self);
CXV_AVAILABLE_IN_1_0
CxvDate               cxv_customer_get_acquired           (CxvCustomer *self);
CXV_AVAILABLE_IN_1_0
CxvAcquisitionSource  cxv_customer_get_acquisition_source (CxvCustomer *self);
CXV_AVAILABLE_IN_1_0
const char           *cxv_customer_get_referred_by        (CxvCustomer *self);
CXV_AVAILABLE_IN_1_0
guint                 cxv_customer_get_n_records          (CxvCustomer *self,
                                                           CxvRecordKind kind);

G_END_DECLS
