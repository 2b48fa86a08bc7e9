/* test-money.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cxvalue.h>

#include "cxv-money-private.h"

/* Each case was worked out by hand: the digits, scaled by the currency's
 * decimals, and for rounding, which neighbour half-even picks. */
typedef struct
{
  const char     *text;
  int             decimals;
  char            mark;
  CxvRounding     rounding;
  CxvMoneyStatus  status;
  gint64          amount;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "12.34", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, 1234 },
  { "-0.05", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, -5 },
  { "+7", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, 700 },
  { "12.3", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, 1230 },
  { "12.340", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, 1234 },
  { ".5", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, 50 },
  { "5.", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, 500 },
  { "12,34", 2, ',', CXV_ROUNDING_NONE, CXV_MONEY_OK, 1234 },
  { "12.345", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_PRECISION, 0 },
  { "12.345", 2, '.', CXV_ROUNDING_HALF_EVEN, CXV_MONEY_OK, 1234 },   /* tie, 4 is even */
  { "12.355", 2, '.', CXV_ROUNDING_HALF_EVEN, CXV_MONEY_OK, 1236 },   /* tie, 5 is odd */
  { "12.3451", 2, '.', CXV_ROUNDING_HALF_EVEN, CXV_MONEY_OK, 1235 },  /* above half */
  { "12.3449", 2, '.', CXV_ROUNDING_HALF_EVEN, CXV_MONEY_OK, 1234 },  /* below half */
  { "-12.345", 2, '.', CXV_ROUNDING_HALF_EVEN, CXV_MONEY_OK, -1234 },
  { "0.015", 2, '.', CXV_ROUNDING_HALF_EVEN, CXV_MONEY_OK, 2 },
  { "1500", 0, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, 1500 },
  { "1500.5", 0, '.', CXV_ROUNDING_NONE, CXV_MONEY_PRECISION, 0 },
  { "1500.5", 0, '.', CXV_ROUNDING_HALF_EVEN, CXV_MONEY_OK, 1500 },
  { "1501.5", 0, '.', CXV_ROUNDING_HALF_EVEN, CXV_MONEY_OK, 1502 },
  { "1.234", 3, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, 1234 },
  { "92233720368547758.07", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, G_MAXINT64 },
  { "-92233720368547758.07", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OK, -G_MAXINT64 },
  { "92233720368547758.08", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OVERFLOW, 0 },
  { "92233720368547758.075", 2, '.', CXV_ROUNDING_HALF_EVEN, CXV_MONEY_OVERFLOW, 0 },
  { "99999999999999999999999", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_OVERFLOW, 0 },
  { "", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
  { "-", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
  { ".", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
  { "1.2.3", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
  { "1e5", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
  { "12.3x", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
  { "12.345x", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
  { " 12", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
  { "12,34", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
  { "$12", 2, '.', CXV_ROUNDING_NONE, CXV_MONEY_SYNTAX, 0 },
};

static void
test_parse_table (void)
{
  g_test_summary ("Decimal text becomes exact minor units, or the right failure");

  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      gint64 amount = 42;
      CxvMoneyStatus status;

      g_test_message ("case %" G_GSIZE_FORMAT ": “%s”", i, c->text);
      status = cxv_money_parse_len (c->text, strlen (c->text), c->decimals, c->mark,
                                    c->rounding, &amount);
      g_assert_cmpint (status, ==, c->status);
      g_assert_cmpint (amount, ==, c->status == CXV_MONEY_OK ? c->amount : 42);
    }
}

static void
test_parse_public (void)
{
  g_autoptr(GError) error = NULL;
  gint64 amount = 0;

  g_test_summary ("The public parser reports each failure as a GError naming the text");

  g_assert_true (cxv_money_parse ("49.99", 2, CXV_ROUNDING_NONE, &amount, &error));
  g_assert_no_error (error);
  g_assert_cmpint (amount, ==, 4999);

  g_assert_false (cxv_money_parse ("12.345", 2, CXV_ROUNDING_NONE, &amount, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "12.345"));
  g_clear_error (&error);

  g_assert_false (cxv_money_parse ("1e400", 2, CXV_ROUNDING_NONE, &amount, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_false (cxv_money_parse ("100000000000000000000", 2, CXV_ROUNDING_NONE, &amount,
                                   &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_OVERFLOW);
  g_assert_cmpint (amount, ==, 4999);
}

static void
test_format (void)
{
  static const struct { gint64 amount; int decimals; const char *text; } cases[] = {
    { 1234, 2, "12.34" }, { -5, 2, "-0.05" }, { 0, 2, "0.00" }, { 1500, 0, "1500" },
    { 1234, 3, "1.234" }, { -1, 4, "-0.0001" }, { G_MAXINT64, 2, "92233720368547758.07" },
    { G_MININT64, 2, "-92233720368547758.08" },
  };

  g_test_summary ("Minor units format as decimal text, G_MININT64 included");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cxv_money_format (cases[i].amount, cases[i].decimals);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_round_trip (void)
{
  g_test_summary ("Formatting then parsing gives the amount back, over a sweep of values");

  for (gint64 a = -1000003; a <= 1000003; a += 997)
    for (int d = 0; d <= 4; d++)
      {
        g_autofree char *text = cxv_money_format (a * 12345, d);
        gint64 back = 0;

        g_assert_cmpint (cxv_money_parse_len (text, strlen (text), d, '.', CXV_ROUNDING_NONE,
                                              &back), ==, CXV_MONEY_OK);
        g_assert_cmpint (back, ==, a * 12345);
      }
}

static void
test_currencies (void)
{
  g_test_summary ("ISO 4217 minor units: USD 2, JPY 0, KWD 3, CLF 4; unknown codes refused");

  g_assert_cmpint (cxv_currency_get_decimals ("USD"), ==, 2);
  g_assert_cmpint (cxv_currency_get_decimals ("EUR"), ==, 2);
  g_assert_cmpint (cxv_currency_get_decimals ("JPY"), ==, 0);
  g_assert_cmpint (cxv_currency_get_decimals ("KWD"), ==, 3);
  g_assert_cmpint (cxv_currency_get_decimals ("CLF"), ==, 4);
  g_assert_cmpint (cxv_currency_get_decimals ("ZWG"), ==, 2);
  g_assert_cmpint (cxv_currency_get_decimals ("usd"), ==, -1);
  g_assert_cmpint (cxv_currency_get_decimals ("XYZ"), ==, -1);
  g_assert_cmpint (cxv_currency_get_decimals ("US"), ==, -1);
  g_assert_cmpint (cxv_currency_get_decimals (""), ==, -1);
}

static void
test_numbers (void)
{
  double v = 0;

  g_test_summary ("Plain numbers parse without locale, and only plain numbers");

  g_assert_true (cxv_number_parse_len ("3.5", 3, '.', &v));
  g_assert_cmpfloat (v, ==, 3.5);
  g_assert_true (cxv_number_parse_len ("3,5", 3, ',', &v));
  g_assert_cmpfloat (v, ==, 3.5);
  g_assert_true (cxv_number_parse_len ("-1e3", 4, '.', &v));
  g_assert_cmpfloat (v, ==, -1000.0);
  g_assert_false (cxv_number_parse_len ("nan", 3, '.', &v));
  g_assert_false (cxv_number_parse_len ("0x10", 4, '.', &v));
  g_assert_false (cxv_number_parse_len ("1.5.", 4, '.', &v));
  g_assert_false (cxv_number_parse_len ("", 0, '.', &v));
  g_assert_false (cxv_number_parse_len (".", 1, '.', &v));
  g_assert_false (cxv_number_parse_len ("-", 1, '.', &v));
  g_assert_true (cxv_number_parse_len ("+.5", 3, '.', &v));
  g_assert_cmpfloat (v, ==, 0.5);
  g_assert_true (cxv_number_parse_len ("-0", 2, '.', &v));
  g_assert_true (v == 0.0 && signbit (v));
}

/* Decimals short enough for the parser's own path must give the very
 * double strtod() gives; longer ones go through strtod() itself. */
static void
test_numbers_match_strtod (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  char text[64];

  g_test_summary ("Every plain decimal parses to the double strtod() gives, bit for bit");

  for (guint i = 0; i < 200000; i++)
    {
      guint n_int = (guint) g_rand_int_range (rand, 0, 12);
      guint n_dec = (guint) g_rand_int_range (rand, 0, 12);
      gsize len = 0;
      double ours = 0, theirs;

      if (g_rand_boolean (rand))
        text[len++] = '-';
      for (guint d = 0; d < n_int; d++)
        text[len++] = (char) ('0' + g_rand_int_range (rand, 0, 10));
      if (n_dec > 0 || n_int == 0)
        {
          text[len++] = '.';
          for (guint d = 0; d < MAX (n_dec, 1); d++)
            text[len++] = (char) ('0' + g_rand_int_range (rand, 0, 10));
        }
      text[len] = '\0';
      theirs = g_ascii_strtod (text, NULL);
      g_assert_true (cxv_number_parse_len (text, len, '.', &ours));
      if (memcmp (&ours, &theirs, sizeof ours) != 0)
        g_error ("“%s”: %.17g, strtod gives %.17g", text, ours, theirs);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/money/parse-table", test_parse_table);
  g_test_add_func ("/cxv/money/parse-public", test_parse_public);
  g_test_add_func ("/cxv/money/format", test_format);
  g_test_add_func ("/cxv/money/round-trip", test_round_trip);
  g_test_add_func ("/cxv/money/currencies", test_currencies);
  g_test_add_func ("/cxv/money/numbers", test_numbers);
  g_test_add_func ("/cxv/money/numbers-match-strtod", test_numbers_match_strtod);

  return g_test_run ();
}
