/* cxv-table-row.h: a view of one row of a result table
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <glib-object.h>

#include "cxv-table.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

#define CXV_TYPE_TABLE_ROW (cxv_table_row_get_type ())

CXV_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (CxvTableRow, cxv_table_row, CXV, TABLE_ROW, GObject)

CXV_AVAILABLE_IN_1_0
CxvTable *cxv_table_row_get_table  (CxvTableRow *self);
CXV_AVAILABLE_IN_1_0
guint     cxv_table_row_get_index  (CxvTableRow *self);
CXV_AVAILABLE_IN_1_0
char     *cxv_table_row_format     (CxvTableRow *self,
                                    const char  *column);
CXV_AVAILABLE_IN_1_0
double    cxv_table_row_get_number (CxvTableRow *self,
                                    const char  *column);

G_END_DECLS
