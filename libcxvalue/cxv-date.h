/* cxv-date.h: civil dates as days since 1970-01-01
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(CXV_INSIDE) && !defined(CXV_COMPILATION)
# error "Only <cxvalue.h> can be included directly."
#endif

#include <glib.h>

#include "cxv-version-macros.h"

G_BEGIN_DECLS

/**
 * CxvDate:
 *
 * A civil (calendar) date: the number of days since 1970-01-01 in the
 * proleptic Gregorian calendar, without time of day or time zone. Valid
 * dates run from 0001-01-01 to 9999-12-31; [const@Cxv.DATE_NONE] marks an
 * absent date.
 *
 * Since: 1.0
 */
typedef gint32 CxvDate;

/**
 * CXV_DATE_NONE:
 *
 * The value of a [alias@Cxv.Date] that is absent (an open holding's end).
 *
 * Since: 1.0
 */
#define CXV_DATE_NONE (-2147483647 - 1)

/**
 * CXV_DATE_MIN:
 *
 * 0001-01-01, the first valid [alias@Cxv.Date].
 *
 * Since: 1.0
 */
#define CXV_DATE_MIN (-719162)

/**
 * CXV_DATE_MAX:
 *
 * 9999-12-31, the last valid [alias@Cxv.Date].
 *
 * Since: 1.0
 */
#define CXV_DATE_MAX 2932896

CXV_AVAILABLE_IN_1_0
gboolean   cxv_date_is_valid       (CxvDate      date);
CXV_AVAILABLE_IN_1_0
gboolean   cxv_date_valid_ymd      (int          year,
                                    int          month,
                                    int          day);
CXV_AVAILABLE_IN_1_0
CxvDate    cxv_date_from_ymd       (int          year,
                                    int          month,
                                    int          day);
CXV_AVAILABLE_IN_1_0
void       cxv_date_to_ymd         (CxvDate      date,
                                    int         *year,
                                    int         *month,
                                    int         *day);
CXV_AVAILABLE_IN_1_0
gboolean   cxv_date_parse_iso8601  (const char  *text,
                                    CxvDate     *date,
                                    GError     **error);
CXV_AVAILABLE_IN_1_0
char      *cxv_date_to_iso8601     (CxvDate      date);
CXV_AVAILABLE_IN_1_0
CxvDate    cxv_date_from_date_time (GDateTime   *date_time);
CXV_AVAILABLE_IN_1_0
GDateTime *cxv_date_to_date_time   (CxvDate      date);
CXV_AVAILABLE_IN_1_0
CxvDate    cxv_date_add_months     (CxvDate      date,
                                    int          months);

G_END_DECLS
