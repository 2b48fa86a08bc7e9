/* cxv-money-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "cxv-money.h"

G_BEGIN_DECLS

typedef enum
{
  CXV_MONEY_OK,
  CXV_MONEY_SYNTAX,     /* not a decimal number */
  CXV_MONEY_OVERFLOW,   /* does not fit in gint64 minor units */
  CXV_MONEY_PRECISION,  /* more decimals than the currency, rounding off */
} CxvMoneyStatus;

/* The parser behind cxv_money_parse(): @len bytes, no terminator needed,
 * @decimal_mark is '.' or ','. On failure *@amount is left alone. */
CxvMoneyStatus cxv_money_parse_len (const char  *text,
                                    gsize        len,
                                    int          decimals,
                                    char         decimal_mark,
                                    CxvRounding  rounding,
                                    gint64      *amount);

/* Parses a plain decimal number (money-like syntax, any number of decimals)
 * into a double, exactly as strtod would, but without locale dependence and
 * with the same syntax rules as money. */
gboolean       cxv_number_parse_len (const char *text,
                                     gsize       len,
                                     char        decimal_mark,
                                     double     *value);

static inline gboolean
cxv_money_add_checked (gint64 a, gint64 b, gint64 *sum)
{
  return !__builtin_add_overflow (a, b, sum);
}

G_END_DECLS
