/* cxv-money.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Amounts are gint64 counts of a currency's minor unit (cents for USD,
 * yen for JPY, fils for KWD), so sums are exact. Decimal text is parsed
 * digit by digit and never goes through a double. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cxv-error.h"
#include "cxv-money-private.h"

/* ISO 4217 codes (active ones, plus a few withdrawn codes still found in
 * historical records) with their minor-unit exponents. Codes absent here
 * have two decimals when listed in two_decimal_codes. */
static const struct { char code[4]; int decimals; } special_decimals[] = {
  { "BHD", 3 }, { "BIF", 0 }, { "CLF", 4 }, { "CLP", 0 }, { "DJF", 0 },
  { "GNF", 0 }, { "IQD", 3 }, { "ISK", 0 }, { "JOD", 3 }, { "JPY", 0 },
  { "KMF", 0 }, { "KRW", 0 }, { "KWD", 3 }, { "LYD", 3 }, { "OMR", 3 },
  { "PYG", 0 }, { "RWF", 0 }, { "TND", 3 }, { "UGX", 0 }, { "UYI", 0 },
  { "UYW", 4 }, { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 }, { "XOF", 0 },
  { "XPF", 0 },
};

static const char two_decimal_codes[] =
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV "
  "BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE "
  "CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD "
  "HNL HRK HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR "
  "LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD "
  "NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR "
  "SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY "
  "TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL";

/**
 * cxv_currency_get_decimals:
 * @code: an ISO 4217 alphabetic code such as `USD`
 *
 * Looks up how many decimals (the minor-unit exponent) ISO 4217 gives a
 * currency: 2 for USD and EUR, 0 for JPY, 3 for KWD.
 *
 * Returns: the number of decimals, or -1 if @code is not a currency code
 *
 * Since: 1.0
 */
int
cxv_currency_get_decimals (const char *code)
{
  g_return_val_if_fail (code != NULL, -1);

  if (strlen (code) != 3)
    return -1;
  for (gsize i = 0; i < 3; i++)
    if (!g_ascii_isupper (code[i]))
      return -1;

  for (gsize i = 0; i < G_N_ELEMENTS (special_decimals); i++)
    if (memcmp (special_decimals[i].code, code, 3) == 0)
      return special_decimals[i].decimals;

  /* Codes are 3 letters and a space apart; the last has no space after it. */
  for (gsize i = 0; i + 3 <= sizeof two_decimal_codes - 1; i += 4)
    if (memcmp (two_decimal_codes + i, code, 3) == 0)
      return 2;

  return -1;
}

static const guint64 powers_of_ten[] = {
  1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
};

CxvMoneyStatus
cxv_money_parse_len (const char  *text,
                     gsize        len,
                     int          decimals,
                     char         decimal_mark,
                     CxvRounding  rounding,
                     gint64      *amount)
{
  const char *p = text, *end = text + len;
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  int n_digits = 0, n_decimals = 0;
  gboolean round_up = FALSE;

  g_assert (decimals >= 0 && decimals < (int) G_N_ELEMENTS (powers_of_ten));

  if (p < end && (*p == '-' || *p == '+'))
    negative = *p++ == '-';

  for (; p < end && g_ascii_isdigit (*p); p++, n_digits++)
    if (__builtin_mul_overflow (magnitude, 10, &magnitude) ||
        __builtin_add_overflow (magnitude, (guint64) (*p - '0'), &magnitude))
      return CXV_MONEY_OVERFLOW;

  if (p < end && *p == decimal_mark)
    {
      p++;
      for (; p < end && g_ascii_isdigit (*p); p++, n_digits++)
        {
          if (n_decimals < decimals)
            {
              if (__builtin_mul_overflow (magnitude, 10, &magnitude) ||
                  __builtin_add_overflow (magnitude, (guint64) (*p - '0'), &magnitude))
                return CXV_MONEY_OVERFLOW;
            }
          else if (*p != '0')
            {
              /* A digit past the currency's precision. Zeros are harmless
               * ("12.340" is 12.34); anything else is an error unless the
               * caller asked for rounding. */
              if (rounding == CXV_ROUNDING_NONE)
                {
                  /* Keep scanning so "12.3x" reports syntax, not precision. */
                  const char *q = p;
                  while (q < end && g_ascii_isdigit (*q))
                    q++;
                  return q == end ? CXV_MONEY_PRECISION : CXV_MONEY_SYNTAX;
                }
            }
          n_decimals++;
        }
    }

  if (p != end || n_digits == 0)
    return CXV_MONEY_SYNTAX;

  if (n_decimals > decimals)
    {
      /* Half-even on the dropped digits: above half rounds up, below half
       * rounds down, exactly half rounds to the even neighbour. */
      const char *dropped = memchr (text, decimal_mark, len);
      const char *first;
      gboolean rest_nonzero = FALSE;

      g_assert (dropped != NULL);
      first = dropped + 1 + decimals;
      for (const char *q = first + 1; q < end; q++)
        rest_nonzero |= *q != '0';
      if (*first > '5' || (*first == '5' && (rest_nonzero || (magnitude & 1))))
        round_up = TRUE;
    }
  else
    {
      for (int i = n_decimals; i < decimals; i++)
        if (__builtin_mul_overflow (magnitude, 10, &magnitude))
          return CXV_MONEY_OVERFLOW;
    }

  if (round_up && __builtin_add_overflow (magnitude, 1, &magnitude))
    return CXV_MONEY_OVERFLOW;

  if (magnitude > (guint64) G_MAXINT64)
    return CXV_MONEY_OVERFLOW;

  *amount = negative ? -(gint64) magnitude : (gint64) magnitude;
  return CXV_MONEY_OK;
}

gboolean
cxv_number_parse_len (const char *text,
                      gsize       len,
                      char        decimal_mark,
                      double     *value)
{
  /* Powers of ten that doubles hold exactly. */
  static const double exact_powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  };
  char buf[128];
  char *endptr;
  gsize i;
  gboolean seen_digit = FALSE;

  if (len == 0 || len >= sizeof buf)
    return FALSE;

  /* The common shape, [sign] digits [mark digits] with at most 15 digits,
   * without strtod(): the digits make an integer below 2^53 and the power
   * of ten is exact, so one IEEE division rounds correctly, to the same
   * double strtod() gives. */
  {
    gsize j = text[0] == '-' || text[0] == '+' ? 1 : 0, n_digits = 0, n_decimals = 0;
    gboolean negative = text[0] == '-', in_decimals = FALSE;
    guint64 mantissa = 0;

    for (; j < len; j++)
      {
        if (g_ascii_isdigit (text[j]))
          {
            mantissa = mantissa * 10 + (guint64) (text[j] - '0');
            n_digits++;
            n_decimals += in_decimals;
          }
        else if (text[j] == decimal_mark && !in_decimals)
          in_decimals = TRUE;
        else
          break;
      }
    if (j == len && n_digits > 0 && n_digits <= 15)
      {
        double magnitude = (double) mantissa / exact_powers[n_decimals];

        *value = negative ? -magnitude : magnitude;
        return TRUE;
      }
  }

  /* g_ascii_strtod accepts hex, "inf" and "nan"; measurements in a CSV
   * are plain decimals, so check the shape first. */
  for (i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isdigit (c))
        seen_digit = TRUE;
      else if (c == decimal_mark)
        c = '.';
      else if (!(c == '-' || c == '+' || c == 'e' || c == 'E'))
        return FALSE;
      buf[i] = c;
    }
  buf[len] = '\0';
  if (!seen_digit)
    return FALSE;

  *value = g_ascii_strtod (buf, &endptr);
  return *endptr == '\0';
}

/**
 * cxv_money_parse:
 * @text: a decimal amount such as `-12.34`, with `.` as decimal mark
 * @decimals: the currency's number of decimals (see
 *   [func@Cxv.currency_get_decimals]), 0 to 6
 * @rounding: what to do with more decimals than @decimals
 * @amount: (out): return location for the amount in minor units
 * @error: return location for a #GError
 *
 * Parses decimal text into minor units exactly, never through a binary
 * float: `"12.34"` with 2 decimals is 1234. `"12.345"` with 2 decimals is an
 * error unless @rounding is %CXV_ROUNDING_HALF_EVEN, which gives 1234.
 *
 * Returns: %TRUE on success; %FALSE with @error set in %CXV_DATASET_ERROR
 *   (%CXV_DATASET_ERROR_INVALID_VALUE for text that is no amount or has too
 *   many decimals, %CXV_DATASET_ERROR_OVERFLOW when it does not fit)
 *
 * Since: 1.0
 */
gboolean
cxv_money_parse (const char  *text,
                 int          decimals,
                 CxvRounding  rounding,
                 gint64      *amount,
                 GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (decimals >= 0 && decimals <= 6, FALSE);
  g_return_val_if_fail (amount != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (cxv_money_parse_len (text, strlen (text), decimals, '.', rounding, amount))
    {
    case CXV_MONEY_OK:
      return TRUE;
    case CXV_MONEY_SYNTAX:
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "“%s” is not a decimal amount", text);
      return FALSE;
    case CXV_MONEY_OVERFLOW:
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_OVERFLOW,
                   "“%s” does not fit in 64-bit minor units", text);
      return FALSE;
    case CXV_MONEY_PRECISION:
      g_set_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE,
                   "“%s” has more than %d decimals and rounding was not asked for",
                   text, decimals);
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

/**
 * cxv_money_format:
 * @amount: an amount in minor units
 * @decimals: the currency's number of decimals, 0 to 6
 *
 * Formats minor units as decimal text with `.` as decimal mark and no
 * grouping: 1234 with 2 decimals is `"12.34"`, -5 is `"-0.05"`.
 *
 * Returns: (transfer full): the amount as text
 *
 * Since: 1.0
 */
char *
cxv_money_format (gint64 amount,
                  int    decimals)
{
  guint64 magnitude, unit;

  g_return_val_if_fail (decimals >= 0 && decimals <= 6, NULL);

  /* Negate in unsigned arithmetic so G_MININT64 does not overflow. */
  magnitude = amount < 0 ? (guint64) 0 - (guint64) amount : (guint64) amount;
  if (decimals == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, amount < 0 ? "-" : "", magnitude);

  unit = powers_of_ten[decimals];
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          amount < 0 ? "-" : "", magnitude / unit, decimals, magnitude % unit);
}
