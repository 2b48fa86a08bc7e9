/* cxv-money.h: exact amounts in minor units of an ISO 4217 currency
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <glib.h>

#include "cxv-types.h"
#include "cxv-version-macros.h"

G_BEGIN_DECLS

CXV_AVAILABLE_IN_1_0
int       cxv_currency_get_decimals (const char  *code);
CXV_AVAILABLE_IN_1_0
gboolean  cxv_money_parse           (const char  *text,
                                     int          decimals,
                                     CxvRounding  rounding,
                                     gint64      *amount,
                                     GError     **error);
CXV_AVAILABLE_IN_1_0
char     *cxv_money_format          (gint64       amount,
                                     int          decimals);

G_END_DECLS
