/* cxv-customer-list-private.h: the customers of a dataset as a GListModel
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cxv-dataset.h"

G_BEGIN_DECLS

#define CXV_TYPE_CUSTOMER_LIST (cxv_customer_list_get_type ())

G_DECLARE_FINAL_TYPE (CxvCustomerList, cxv_customer_list, CXV, CUSTOMER_LIST, GObject)

G_END_DECLS
