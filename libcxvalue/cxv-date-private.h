/* cxv-date-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "cxv-date.h"

G_BEGIN_DECLS

/* Parses @len bytes of @text with a strptime-like @pattern: %Y (4 digits),
 * %y (2 digits, 1970-2069), %m and %d (1 or 2 digits), %j (day of year),
 * %b (English month abbreviation), %% and literal bytes. Only the date is
 * read; anything after a 'T' or space past the pattern is ignored when
 * @allow_trailing_time is set. Returns FALSE without touching @date when
 * the text does not match or names no real day. */
gboolean cxv_date_parse_pattern (const char *text,
                                 gsize       len,
                                 const char *pattern,
                                 gboolean    allow_trailing_time,
                                 CxvDate    *date);

/* Whether @pattern is one that cxv_date_parse_pattern() understands. */
gboolean cxv_date_pattern_is_valid (const char *pattern);

G_END_DECLS
