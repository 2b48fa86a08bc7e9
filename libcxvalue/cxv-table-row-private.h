/* cxv-table-row-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "cxv-table-row.h"

G_BEGIN_DECLS

/* The views handed out by the table's GListModel. @row must be a row of
 * @table; rows are never removed, so the view stays valid. */
CxvTableRow *cxv_table_row_new (CxvTable *table,
                                guint     row);

G_END_DECLS
