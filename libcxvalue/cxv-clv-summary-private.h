/* cxv-clv-summary-private.h: the summary's arrays, for the models
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "cxv-clv-summary.h"
#include "cxv-clv-math-private.h"

G_BEGIN_DECLS

/* Fills @data with the summary's columns, valid while @self lives and is
 * not run again. Returns FALSE before a run. */
gboolean     cxv_clv_summary_get_math_data (CxvClvSummary   *self,
                                            CxvClvMathData  *data);

/* The dataset's index of row @index's customer, or CXV_NO_INDEX for a
 * summary made from data. */
guint32      cxv_clv_summary_get_customer_index (CxvClvSummary *self,
                                                 gsize          index);

/* Writes row @index's customer into a table cell: its id, or for a
 * summary made from data its row number. */
void         cxv_clv_summary_set_customer_cell (CxvClvSummary *self,
                                                gsize          index,
                                                CxvTable      *table,
                                                guint          row,
                                                guint          column);

/* Holdout purchases (distinct days) of row @index, or -1 without a holdout. */
double       cxv_clv_summary_get_holdout_frequency (CxvClvSummary *self,
                                                    gsize          index);

G_END_DECLS
