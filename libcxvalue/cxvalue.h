/* cxvalue.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>
#include <gio/gio.h>

#define CXV_INSIDE
# include "cxv-version.h"
# include "cxv-version-macros.h"
# include "cxv-types.h"
# include "cxv-enum-types.h"
# include "cxv-error.h"
# include "cxv-date.h"
# include "cxv-money.h"
# include "cxv-records.h"
# include "cxv-customer.h"
# include "cxv-dataset.h"
# include "cxv-table.h"
# include "cxv-table-row.h"
# include "cxv-column-mapping.h"
# include "cxv-csv-importer.h"
# include "cxv-simulator.h"
# include "cxv-ledger.h"
# include "cxv-attribution.h"
# include "cxv-attribution-worksheet.h"
# include "cxv-qore.h"
# include "cxv-cohorts.h"
# include "cxv-revenue-quality.h"
# include "cxv-indicators.h"
# include "cxv-linkage.h"
# include "cxv-clv-summary.h"
# include "cxv-clv-model.h"
# include "cxv-clv-sbg.h"
# include "cxv-clv-bgnbd.h"
# include "cxv-clv-pareto-nbd.h"
# include "cxv-clv-gamma-gamma.h"
#undef CXV_INSIDE
