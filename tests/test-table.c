/* test-table.c: CxvTable and CxvTableRow
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Every expected value below was worked out by hand from the cells set in
 * the test (the day numbers and the CSV text are derived in comments), not
 * produced by the code under test. */

#include <math.h>
#include <string.h>

#include <cxvalue.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libglib-testing/signal-logger.h>

#ifdef G_OS_UNIX
# include <signal.h>
# include <sys/resource.h>
#endif

/* Days since 1970-01-01, by hand: 2000-01-01 is 30 years on, 7 of them
 * leap (1972 … 1996), so 30 × 365 + 7 = 10957; 2000-02-29 is 31 + 28 days
 * later, 11016. 2024-01-01 adds 24 × 365 + 6 leap days (2000, 2004, …,
 * 2020) = 8766, giving 19723; 2024-01-31 is 19753. */
#define DAY_2000_02_29 11016
#define DAY_2024_01_31 19753

enum {
  COL_CUSTOMER,
  COL_ORDERS,
  COL_SHARE,
  COL_REVENUE,
  COL_SINCE,
  COL_ACTIVE,
  COL_NOTE,
};

typedef struct
{
  CxvTable *table;
} Fixture;

/* The sample table the export tests share, in USD:
 *
 *   row  customer  orders      share  revenue      since       active  note
 *   0    "C1"      3           0.25   123456       2024-01-31  true    "plain"
 *   1    "C2"      -7          0.1    -5           1970-01-01  false   Smith, "Jr"⏎second line
 *   2    null      null        null   null         null        null    null
 *   3    ""        0           1e21   0            2000-02-29  true    "tab⇥here"
 *   4    "Zoë"     G_MAXINT64  NaN    G_MININT64   null        null    "\x01ctl"
 */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  CxvTable *table = cxv_table_new ("sample");
  guint row;

  cxv_table_set_currency (table, "USD");
  g_assert_cmpuint (cxv_table_add_column (table, "customer", CXV_COLUMN_TEXT), ==, COL_CUSTOMER);
  g_assert_cmpuint (cxv_table_add_column (table, "orders", CXV_COLUMN_INT), ==, COL_ORDERS);
  g_assert_cmpuint (cxv_table_add_column (table, "share", CXV_COLUMN_DOUBLE), ==, COL_SHARE);
  g_assert_cmpuint (cxv_table_add_column (table, "revenue", CXV_COLUMN_MONEY), ==, COL_REVENUE);
  g_assert_cmpuint (cxv_table_add_column (table, "since", CXV_COLUMN_DATE), ==, COL_SINCE);
  g_assert_cmpuint (cxv_table_add_column (table, "active", CXV_COLUMN_BOOLEAN), ==, COL_ACTIVE);
  g_assert_cmpuint (cxv_table_add_column (table, "note, \"raw\"", CXV_COLUMN_TEXT), ==, COL_NOTE);

  row = cxv_table_append_row (table);
  g_assert_cmpuint (row, ==, 0);
  cxv_table_set_text (table, row, COL_CUSTOMER, "C1");
  cxv_table_set_int (table, row, COL_ORDERS, 3);
  cxv_table_set_double (table, row, COL_SHARE, 0.25);
  cxv_table_set_money (table, row, COL_REVENUE, 123456);
  cxv_table_set_date (table, row, COL_SINCE, DAY_2024_01_31);
  cxv_table_set_boolean (table, row, COL_ACTIVE, TRUE);
  cxv_table_set_text (table, row, COL_NOTE, "plain");

  row = cxv_table_append_row (table);
  g_assert_cmpuint (row, ==, 1);
  cxv_table_set_text (table, row, COL_CUSTOMER, "C2");
  cxv_table_set_int (table, row, COL_ORDERS, -7);
  cxv_table_set_double (table, row, COL_SHARE, 0.1);
  cxv_table_set_money (table, row, COL_REVENUE, -5);
  cxv_table_set_date (table, row, COL_SINCE, 0);
  cxv_table_set_boolean (table, row, COL_ACTIVE, FALSE);
  cxv_table_set_text (table, row, COL_NOTE, "Smith, \"Jr\"\nsecond line");

  row = cxv_table_append_row (table);
  g_assert_cmpuint (row, ==, 2);

  row = cxv_table_append_row (table);
  g_assert_cmpuint (row, ==, 3);
  cxv_table_set_text (table, row, COL_CUSTOMER, "");
  cxv_table_set_int (table, row, COL_ORDERS, 0);
  cxv_table_set_double (table, row, COL_SHARE, 1e21);
  cxv_table_set_money (table, row, COL_REVENUE, 0);
  cxv_table_set_date (table, row, COL_SINCE, DAY_2000_02_29);
  cxv_table_set_boolean (table, row, COL_ACTIVE, TRUE);
  cxv_table_set_text (table, row, COL_NOTE, "tab\there");

  row = cxv_table_append_row (table);
  g_assert_cmpuint (row, ==, 4);
  cxv_table_set_text (table, row, COL_CUSTOMER, "Zo\xc3\xab");
  cxv_table_set_int (table, row, COL_ORDERS, G_MAXINT64);
  cxv_table_set_double (table, row, COL_SHARE, NAN);
  cxv_table_set_money (table, row, COL_REVENUE, G_MININT64);
  cxv_table_set_text (table, row, COL_NOTE, "\x01" "ctl");

  fixture->table = table;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->table);
}

/* The sample table as CSV, by hand. The header quotes the last name
 * (comma and quotes, inner quotes doubled). Row 1's note holds a comma, a
 * quote and a newline, so it is quoted across two lines. Row 2 is all
 * nulls: six commas. Row 3's empty customer is quoted ("") to tell it from
 * a null; the tab needs no quoting. Money has 2 decimals (USD): 123456 is
 * 1234.56, -5 is -0.05, 0 is 0.00, G_MININT64 = -9223372036854775808 is
 * -92233720368547758.08. 1e21 is shortest as 1e+21. */
static const char expected_csv[] =
  "customer,orders,share,revenue,since,active,\"note, \"\"raw\"\"\"\n"
  "C1,3,0.25,1234.56,2024-01-31,true,plain\n"
  "C2,-7,0.1,-0.05,1970-01-01,false,\"Smith, \"\"Jr\"\"\nsecond line\"\n"
  ",,,,,,\n"
  "\"\",0,1e+21,0.00,2000-02-29,true,tab\there\n"
  "Zo\xc3\xab,9223372036854775807,NaN,-92233720368547758.08,,,\x01" "ctl\n";

static void
test_table_properties (void)
{
  g_autoptr(CxvTable) table = NULL;
  g_autoptr(CxvTable) unnamed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *currency = NULL;
  guint n_rows = 99, n_columns = 99;

  g_test_summary ("A new table has its name, no currency, no rows and no columns, "
                  "through accessors and properties alike");

  table = cxv_table_new ("qore_customers");
  g_assert_cmpstr (cxv_table_get_name (table), ==, "qore_customers");
  g_assert_null (cxv_table_get_currency (table));
  g_assert_cmpuint (cxv_table_get_n_rows (table), ==, 0);
  g_assert_cmpuint (cxv_table_get_n_columns (table), ==, 0);

  cxv_table_add_column (table, "id", CXV_COLUMN_TEXT);
  cxv_table_append_row (table);
  cxv_table_append_row (table);
  cxv_table_set_currency (table, "EUR");

  g_object_get (table,
                "name", &name,
                "currency", &currency,
                "n-rows", &n_rows,
                "n-columns", &n_columns,
                NULL);
  g_assert_cmpstr (name, ==, "qore_customers");
  g_assert_cmpstr (currency, ==, "EUR");
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_cmpuint (n_columns, ==, 1);

  /* Made from a binding without a name: the name is empty, never NULL. */
  unnamed = g_object_new (CXV_TYPE_TABLE, NULL);
  g_assert_cmpstr (cxv_table_get_name (unnamed), ==, "");
}

static void
test_table_columns (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("columns");
  static const CxvColumnType types[] = {
    CXV_COLUMN_TEXT, CXV_COLUMN_INT, CXV_COLUMN_DOUBLE,
    CXV_COLUMN_MONEY, CXV_COLUMN_DATE, CXV_COLUMN_BOOLEAN,
  };
  static const char * const names[] = { "t", "i", "d", "m", "dt", "b" };
  guint column = 99;

  g_test_summary ("Columns keep their order, names and types and are found by name; "
                  "a duplicate name is refused");

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    g_assert_cmpuint (cxv_table_add_column (table, names[i], types[i]), ==, i);

  g_assert_cmpuint (cxv_table_get_n_columns (table), ==, G_N_ELEMENTS (types));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_assert_cmpstr (cxv_table_get_column_name (table, i), ==, names[i]);
      g_assert_cmpint (cxv_table_get_column_type (table, i), ==, types[i]);
      g_assert_true (cxv_table_lookup_column (table, names[i], &column));
      g_assert_cmpuint (column, ==, i);
    }

  column = 99;
  g_assert_false (cxv_table_lookup_column (table, "missing", &column));
  g_assert_cmpuint (column, ==, 99);
  g_assert_true (cxv_table_lookup_column (table, "m", NULL));

  g_test_expect_message ("Cxv", G_LOG_LEVEL_CRITICAL, "*g_hash_table_contains*");
  g_assert_cmpuint (cxv_table_add_column (table, "d", CXV_COLUMN_INT), ==, G_MAXUINT);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (cxv_table_get_n_columns (table), ==, G_N_ELEMENTS (types));
  g_assert_cmpint (cxv_table_get_column_type (table, 2), ==, CXV_COLUMN_DOUBLE);
}

static void
test_table_round_trip (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("round_trip");
  guint t, i, d, m, dt, b, row;

  g_test_summary ("Every type reads back exactly what was set, including extreme values");

  t = cxv_table_add_column (table, "t", CXV_COLUMN_TEXT);
  i = cxv_table_add_column (table, "i", CXV_COLUMN_INT);
  d = cxv_table_add_column (table, "d", CXV_COLUMN_DOUBLE);
  m = cxv_table_add_column (table, "m", CXV_COLUMN_MONEY);
  dt = cxv_table_add_column (table, "dt", CXV_COLUMN_DATE);
  b = cxv_table_add_column (table, "b", CXV_COLUMN_BOOLEAN);

  row = cxv_table_append_row (table);
  cxv_table_set_text (table, row, t, "caf\xc3\xa9, \"bar\"");
  cxv_table_set_int (table, row, i, G_MININT64);
  cxv_table_set_double (table, row, d, -0.1);
  cxv_table_set_money (table, row, m, G_MAXINT64);
  cxv_table_set_date (table, row, dt, CXV_DATE_MIN);
  cxv_table_set_boolean (table, row, b, TRUE);

  row = cxv_table_append_row (table);
  cxv_table_set_text (table, row, t, "");
  cxv_table_set_int (table, row, i, G_MAXINT64);
  cxv_table_set_double (table, row, d, 5e-324);
  cxv_table_set_money (table, row, m, -1);
  cxv_table_set_date (table, row, dt, CXV_DATE_MAX);
  /* Any non-zero gboolean is TRUE. */
  cxv_table_set_boolean (table, row, b, 42);

  g_assert_cmpstr (cxv_table_get_text (table, 0, t), ==, "caf\xc3\xa9, \"bar\"");
  g_assert_cmpint (cxv_table_get_int (table, 0, i), ==, G_MININT64);
  g_assert_cmpfloat (cxv_table_get_double (table, 0, d), ==, -0.1);
  g_assert_cmpint (cxv_table_get_money (table, 0, m), ==, G_MAXINT64);
  g_assert_cmpint (cxv_table_get_date (table, 0, dt), ==, CXV_DATE_MIN);
  g_assert_true (cxv_table_get_boolean (table, 0, b));

  g_assert_cmpstr (cxv_table_get_text (table, 1, t), ==, "");
  g_assert_cmpint (cxv_table_get_int (table, 1, i), ==, G_MAXINT64);
  g_assert_cmpfloat (cxv_table_get_double (table, 1, d), ==, 5e-324);
  g_assert_cmpint (cxv_table_get_money (table, 1, m), ==, -1);
  g_assert_cmpint (cxv_table_get_date (table, 1, dt), ==, CXV_DATE_MAX);
  g_assert_true (cxv_table_get_boolean (table, 1, b));
  cxv_table_set_boolean (table, 1, b, FALSE);
  g_assert_false (cxv_table_get_boolean (table, 1, b));

  for (guint c = 0; c < cxv_table_get_n_columns (table); c++)
    {
      g_assert_false (cxv_table_is_null (table, 0, c));
      g_assert_false (cxv_table_is_null (table, 1, c));
    }

  /* Text is copied: the caller's buffer may go away. */
  {
    g_autofree char *text = g_strdup ("transient");

    cxv_table_set_text (table, 0, t, text);
    text[0] = 'X';
  }
  g_assert_cmpstr (cxv_table_get_text (table, 0, t), ==, "transient");
}

static void
test_table_nulls (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("nulls");
  guint t, i, d, m, dt, b, late;

  g_test_summary ("New cells are null, every type can be set back to null, and getters "
                  "give their documented defaults for null cells");

  t = cxv_table_add_column (table, "t", CXV_COLUMN_TEXT);
  i = cxv_table_add_column (table, "i", CXV_COLUMN_INT);
  d = cxv_table_add_column (table, "d", CXV_COLUMN_DOUBLE);
  m = cxv_table_add_column (table, "m", CXV_COLUMN_MONEY);
  dt = cxv_table_add_column (table, "dt", CXV_COLUMN_DATE);
  b = cxv_table_add_column (table, "b", CXV_COLUMN_BOOLEAN);

  cxv_table_append_row (table);
  for (guint c = 0; c < cxv_table_get_n_columns (table); c++)
    g_assert_true (cxv_table_is_null (table, 0, c));

  g_assert_null (cxv_table_get_text (table, 0, t));
  g_assert_cmpint (cxv_table_get_int (table, 0, i), ==, 0);
  g_assert_true (isnan (cxv_table_get_double (table, 0, d)));
  g_assert_cmpint (cxv_table_get_money (table, 0, m), ==, 0);
  g_assert_cmpint (cxv_table_get_date (table, 0, dt), ==, CXV_DATE_NONE);
  g_assert_false (cxv_table_get_boolean (table, 0, b));

  /* Set, then back to null by each route. */
  cxv_table_set_text (table, 0, t, "x");
  cxv_table_set_int (table, 0, i, 1);
  cxv_table_set_double (table, 0, d, 1.5);
  cxv_table_set_money (table, 0, m, 100);
  cxv_table_set_date (table, 0, dt, 1);
  cxv_table_set_boolean (table, 0, b, TRUE);
  for (guint c = 0; c < cxv_table_get_n_columns (table); c++)
    g_assert_false (cxv_table_is_null (table, 0, c));

  cxv_table_set_text (table, 0, t, NULL);
  cxv_table_set_date (table, 0, dt, CXV_DATE_NONE);
  cxv_table_set_null (table, 0, i);
  cxv_table_set_null (table, 0, d);
  cxv_table_set_null (table, 0, m);
  cxv_table_set_null (table, 0, b);
  for (guint c = 0; c < cxv_table_get_n_columns (table); c++)
    g_assert_true (cxv_table_is_null (table, 0, c));
  g_assert_null (cxv_table_get_text (table, 0, t));
  g_assert_cmpint (cxv_table_get_int (table, 0, i), ==, 0);
  g_assert_true (isnan (cxv_table_get_double (table, 0, d)));
  g_assert_cmpint (cxv_table_get_date (table, 0, dt), ==, CXV_DATE_NONE);

  /* NaN is a double value, not a null. */
  cxv_table_set_double (table, 0, d, NAN);
  g_assert_false (cxv_table_is_null (table, 0, d));
  g_assert_true (isnan (cxv_table_get_double (table, 0, d)));

  /* A column added after rows exist is null in them. */
  cxv_table_append_row (table);
  late = cxv_table_add_column (table, "late", CXV_COLUMN_MONEY);
  g_assert_true (cxv_table_is_null (table, 0, late));
  g_assert_true (cxv_table_is_null (table, 1, late));
  cxv_table_set_money (table, 1, late, 7);
  g_assert_cmpint (cxv_table_get_money (table, 1, late), ==, 7);
  cxv_table_append_row (table);
  g_assert_true (cxv_table_is_null (table, 2, late));
}

static void
test_table_wrong_type (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("strict");
  guint i, t;

  g_test_summary ("Getters and setters are strict about the column type, and indices "
                  "out of range are refused");

  i = cxv_table_add_column (table, "i", CXV_COLUMN_INT);
  t = cxv_table_add_column (table, "t", CXV_COLUMN_TEXT);
  cxv_table_append_row (table);
  cxv_table_set_int (table, 0, i, 5);

  g_test_expect_message ("Cxv", G_LOG_LEVEL_CRITICAL, "*col->type == CXV_COLUMN_DOUBLE*");
  g_assert_true (isnan (cxv_table_get_double (table, 0, i)));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Cxv", G_LOG_LEVEL_CRITICAL, "*col->type == CXV_COLUMN_MONEY*");
  cxv_table_set_money (table, 0, i, 9);
  g_test_assert_expected_messages ();
  g_assert_cmpint (cxv_table_get_int (table, 0, i), ==, 5);

  g_test_expect_message ("Cxv", G_LOG_LEVEL_CRITICAL, "*col->type != CXV_COLUMN_TEXT*");
  g_assert_true (isnan (cxv_table_get_number (table, 0, t)));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Cxv", G_LOG_LEVEL_CRITICAL, "*row < self->n_rows*");
  cxv_table_set_int (table, 1, i, 1);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Cxv", G_LOG_LEVEL_CRITICAL, "*column < self->columns->len*");
  g_assert_null (cxv_table_format_cell (table, 0, 2));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Cxv", G_LOG_LEVEL_CRITICAL, "*cxv_currency_get_decimals*");
  cxv_table_set_currency (table, "XYZ");
  g_test_assert_expected_messages ();
  g_assert_null (cxv_table_get_currency (table));
}

static void
test_table_format_money (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("money");
  guint m;
  static const struct {
    const char *currency;
    gint64 amount;
    const char *text;
    double number;
  } cases[] = {
    /* USD has 2 decimals: 1234 cents is 12.34 dollars, -5 cents -0.05. */
    { "USD", 1234, "12.34", 12.34 },
    { "USD", -5, "-0.05", -0.05 },
    { "USD", 0, "0.00", 0.0 },
    /* JPY has none: 1234 yen is 1234. */
    { "JPY", 1234, "1234", 1234.0 },
    { "JPY", -5, "-5", -5.0 },
    /* KWD has 3: 1234 fils is 1.234 dinars, -5 fils -0.005. */
    { "KWD", 1234, "1.234", 1.234 },
    { "KWD", -5, "-0.005", -0.005 },
    /* No currency: 2 decimals. */
    { NULL, 1234, "12.34", 12.34 },
    { NULL, 100, "1.00", 1.0 },
  };

  g_test_summary ("Money cells format and convert with the decimals of the table's "
                  "currency, 2 without one");

  m = cxv_table_add_column (table, "m", CXV_COLUMN_MONEY);
  cxv_table_append_row (table);

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *text = NULL;

      cxv_table_set_currency (table, cases[k].currency);
      cxv_table_set_money (table, 0, m, cases[k].amount);
      text = cxv_table_format_cell (table, 0, m);
      g_assert_cmpstr (text, ==, cases[k].text);
      /* Exactly the double nearest the decimal amount. */
      g_assert_cmpfloat (cxv_table_get_number (table, 0, m), ==, cases[k].number);
    }
}

static void
test_table_format_cell (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("format");
  guint t, i, d, dt, b;
  static const struct {
    double value;
    const char *text;
  } doubles[] = {
    /* The shortest text that reads back as the same double. */
    { 0.1, "0.1" },
    { 0.25, "0.25" },
    { -2.5, "-2.5" },
    { 100.0, "100" },
    { 1.0 / 3.0, "0.3333333333333333" },  /* 16 digits suffice */
    { 0.1 + 0.2, "0.30000000000000004" }, /* 17 digits are needed */
    { 1e21, "1e+21" },
    { 1e-7, "1e-07" },
    { NAN, "NaN" },
    { INFINITY, "inf" },
    { -INFINITY, "-inf" },
  };

  g_test_summary ("Cells format as the CSV export writes them");

  t = cxv_table_add_column (table, "t", CXV_COLUMN_TEXT);
  i = cxv_table_add_column (table, "i", CXV_COLUMN_INT);
  d = cxv_table_add_column (table, "d", CXV_COLUMN_DOUBLE);
  dt = cxv_table_add_column (table, "dt", CXV_COLUMN_DATE);
  b = cxv_table_add_column (table, "b", CXV_COLUMN_BOOLEAN);
  cxv_table_append_row (table);

  for (guint c = 0; c < cxv_table_get_n_columns (table); c++)
    {
      g_autofree char *text = cxv_table_format_cell (table, 0, c);
      g_assert_cmpstr (text, ==, "");
    }

  for (gsize k = 0; k < G_N_ELEMENTS (doubles); k++)
    {
      g_autofree char *text = NULL;

      cxv_table_set_double (table, 0, d, doubles[k].value);
      text = cxv_table_format_cell (table, 0, d);
      g_assert_cmpstr (text, ==, doubles[k].text);
      if (isfinite (doubles[k].value))
        g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, doubles[k].value);
    }

  {
    g_autofree char *text = NULL, *integer = NULL, *date = NULL, *yes = NULL, *no = NULL;

    /* No quoting here: that is the CSV writer's business. */
    cxv_table_set_text (table, 0, t, "a,\"b\"");
    text = cxv_table_format_cell (table, 0, t);
    g_assert_cmpstr (text, ==, "a,\"b\"");

    cxv_table_set_int (table, 0, i, -9000000000);
    integer = cxv_table_format_cell (table, 0, i);
    g_assert_cmpstr (integer, ==, "-9000000000");

    cxv_table_set_date (table, 0, dt, DAY_2000_02_29);
    date = cxv_table_format_cell (table, 0, dt);
    g_assert_cmpstr (date, ==, "2000-02-29");

    cxv_table_set_boolean (table, 0, b, TRUE);
    yes = cxv_table_format_cell (table, 0, b);
    g_assert_cmpstr (yes, ==, "true");
    cxv_table_set_boolean (table, 0, b, FALSE);
    no = cxv_table_format_cell (table, 0, b);
    g_assert_cmpstr (no, ==, "false");
  }
}

static void
test_table_number (Fixture       *fixture,
                   gconstpointer  user_data)
{
  CxvTable *table = fixture->table;

  g_test_summary ("get_number() reads every numeric type as a double, NaN for nulls");

  g_assert_cmpfloat (cxv_table_get_number (fixture->table, 0, COL_ORDERS), ==, 3.0);
  g_assert_cmpfloat (cxv_table_get_number (table, 1, COL_ORDERS), ==, -7.0);
  g_assert_cmpfloat (cxv_table_get_number (table, 0, COL_SHARE), ==, 0.25);
  /* 123456 cents is 1234.56 dollars. */
  g_assert_cmpfloat (cxv_table_get_number (table, 0, COL_REVENUE), ==, 1234.56);
  g_assert_cmpfloat (cxv_table_get_number (table, 1, COL_REVENUE), ==, -0.05);
  g_assert_cmpfloat (cxv_table_get_number (table, 0, COL_SINCE), ==, 19753.0);
  g_assert_cmpfloat (cxv_table_get_number (table, 1, COL_SINCE), ==, 0.0);
  g_assert_cmpfloat (cxv_table_get_number (table, 0, COL_ACTIVE), ==, 1.0);
  g_assert_cmpfloat (cxv_table_get_number (table, 1, COL_ACTIVE), ==, 0.0);

  for (guint c = COL_ORDERS; c <= COL_ACTIVE; c++)
    g_assert_true (isnan (cxv_table_get_number (table, 2, c)));

  /* The same minor units read in another currency. */
  cxv_table_set_currency (table, "KWD");
  g_assert_cmpfloat (cxv_table_get_number (table, 0, COL_REVENUE), ==, 123.456);
}

static void
test_table_csv (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *csv = NULL;

  g_test_summary ("The CSV export matches a hand-written RFC 4180 text byte for byte");

  csv = cxv_table_to_csv (fixture->table);
  g_assert_cmpstr (csv, ==, expected_csv);
}

static void
test_table_csv_empty (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("empty");
  g_autofree char *header_only = NULL;

  g_test_summary ("A table without rows exports its header line only");

  cxv_table_add_column (table, "a", CXV_COLUMN_INT);
  cxv_table_add_column (table, "b\rc", CXV_COLUMN_TEXT);
  header_only = cxv_table_to_csv (table);
  g_assert_cmpstr (header_only, ==, "a,\"b\rc\"\n");
}

static void
test_table_csv_stream (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) other = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_test_summary ("write_csv() writes what to_csv() returns, and stops when cancelled");

  g_assert_true (cxv_table_write_csv (fixture->table, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  g_assert_no_error (error);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected_csv, strlen (expected_csv));

  g_cancellable_cancel (cancellable);
  g_assert_false (cxv_table_write_csv (fixture->table, other, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (cxv_table_write_json (fixture->table, other, TRUE, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  guint n_files = 0;

  g_assert_no_error (error);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  return n_files;
}

static void
test_table_save_csv (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *expected_second = NULL;

  g_test_summary ("save_csv() writes a new file, replaces an existing one, leaves no "
                  "temporary file behind, and reports a missing directory");

  dir = g_dir_make_tmp ("cxv-test-table-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "sample.csv", NULL);

  g_assert_true (cxv_table_save_csv (fixture->table, path, &error));
  g_assert_no_error (error);
  first = read_file (path);
  g_assert_cmpstr (first, ==, expected_csv);

  /* Replace it with a shorter table. */
  cxv_table_append_row (fixture->table);
  expected_second = cxv_table_to_csv (fixture->table);
  g_assert_true (g_str_has_suffix (expected_second, ",,,,,,\n"));
  g_assert_true (cxv_table_save_csv (fixture->table, path, &error));
  g_assert_no_error (error);
  second = read_file (path);
  g_assert_cmpstr (second, ==, expected_second);

  g_assert_cmpuint (count_files (dir), ==, 1);

  missing = g_build_filename (dir, "no-such-dir", "sample.csv", NULL);
  g_assert_false (cxv_table_save_csv (fixture->table, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_table_save_csv_failure (void)
{
#ifdef G_OS_UNIX
  g_autoptr(CxvTable) table = cxv_table_new ("too_big");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *contents = NULL;
  struct rlimit saved, limited;
  void (*saved_handler) (int);
  guint column;

  g_test_summary ("A save that fails half way leaves an existing file as it was, no "
                  "temporary file, and no half-written new file");

  column = cxv_table_add_column (table, "id", CXV_COLUMN_TEXT);
  for (guint r = 0; r < 20000; r++)
    {
      cxv_table_append_row (table);
      cxv_table_set_text (table, r, column, "a value long enough to fill the file");
    }

  dir = g_dir_make_tmp ("cxv-test-table-XXXXXX", &error);
  g_assert_no_error (error);
  existing = g_build_filename (dir, "existing.csv", NULL);
  fresh = g_build_filename (dir, "fresh.csv", NULL);
  g_assert_true (g_file_set_contents (existing, "old\n", -1, &error));
  g_assert_no_error (error);

  /* The CSV is about 760 KB; files may not grow past 100 KB, so the
   * second piece the writer hands over fails with EFBIG. */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 100 * 1024;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);

  g_assert_false (cxv_table_save_csv (table, existing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (cxv_table_save_csv (table, fresh, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  contents = read_file (existing);
  g_assert_cmpstr (contents, ==, "old\n");
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_assert_cmpint (g_unlink (existing), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
#else
  g_test_skip ("Needs RLIMIT_FSIZE to make a write fail");
#endif
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_null_member (JsonObject *object,
                    const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  g_assert_true (json_object_get_null_member (object, name));
}

static void
check_sample_json (const char *text)
{
  g_autoptr(JsonNode) root = parse_json (text);
  JsonObject *object, *row;
  JsonArray *columns, *rows;
  static const struct { const char *name, *type; } expected_columns[] = {
    { "customer", "text" }, { "orders", "int" }, { "share", "double" },
    { "revenue", "money" }, { "since", "date" }, { "active", "boolean" },
    { "note, \"raw\"", "text" },
  };

  g_assert_cmpint (json_node_get_node_type (root), ==, JSON_NODE_OBJECT);
  object = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (object), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "sample");
  g_assert_cmpstr (json_object_get_string_member (object, "currency"), ==, "USD");

  columns = json_object_get_array_member (object, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, G_N_ELEMENTS (expected_columns));
  for (guint c = 0; c < G_N_ELEMENTS (expected_columns); c++)
    {
      JsonObject *column = json_array_get_object_element (columns, c);

      g_assert_cmpuint (json_object_get_size (column), ==, 2);
      g_assert_cmpstr (json_object_get_string_member (column, "name"), ==,
                       expected_columns[c].name);
      g_assert_cmpstr (json_object_get_string_member (column, "type"), ==,
                       expected_columns[c].type);
    }

  rows = json_object_get_array_member (object, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  for (guint r = 0; r < 5; r++)
    g_assert_cmpuint (json_object_get_size (json_array_get_object_element (rows, r)), ==, 7);

  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "customer"), ==, "C1");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (row, "orders")), ==,
                   G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (row, "orders"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (row, "share"), ==, 0.25);
  /* Money is a string so that it stays exact. */
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (row, "revenue")), ==,
                   G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (row, "revenue"), ==, "1234.56");
  g_assert_cmpstr (json_object_get_string_member (row, "since"), ==, "2024-01-31");
  g_assert_true (json_object_get_boolean_member (row, "active"));
  g_assert_cmpstr (json_object_get_string_member (row, "note, \"raw\""), ==, "plain");

  row = json_array_get_object_element (rows, 1);
  g_assert_cmpint (json_object_get_int_member (row, "orders"), ==, -7);
  g_assert_cmpfloat (json_object_get_double_member (row, "share"), ==, 0.1);
  g_assert_cmpstr (json_object_get_string_member (row, "revenue"), ==, "-0.05");
  g_assert_cmpstr (json_object_get_string_member (row, "since"), ==, "1970-01-01");
  g_assert_false (json_object_get_boolean_member (row, "active"));
  g_assert_cmpstr (json_object_get_string_member (row, "note, \"raw\""), ==,
                   "Smith, \"Jr\"\nsecond line");

  row = json_array_get_object_element (rows, 2);
  for (guint c = 0; c < G_N_ELEMENTS (expected_columns); c++)
    assert_null_member (row, expected_columns[c].name);

  row = json_array_get_object_element (rows, 3);
  g_assert_cmpstr (json_object_get_string_member (row, "customer"), ==, "");
  g_assert_cmpint (json_object_get_int_member (row, "orders"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (row, "share"), ==, 1e21);
  g_assert_cmpstr (json_object_get_string_member (row, "revenue"), ==, "0.00");
  g_assert_cmpstr (json_object_get_string_member (row, "since"), ==, "2000-02-29");
  g_assert_true (json_object_get_boolean_member (row, "active"));
  g_assert_cmpstr (json_object_get_string_member (row, "note, \"raw\""), ==, "tab\there");

  row = json_array_get_object_element (rows, 4);
  g_assert_cmpstr (json_object_get_string_member (row, "customer"), ==, "Zo\xc3\xab");
  g_assert_cmpint (json_object_get_int_member (row, "orders"), ==, G_MAXINT64);
  /* JSON has no NaN: a NaN double is null. */
  assert_null_member (row, "share");
  g_assert_cmpstr (json_object_get_string_member (row, "revenue"), ==,
                   "-92233720368547758.08");
  assert_null_member (row, "since");
  assert_null_member (row, "active");
  g_assert_cmpstr (json_object_get_string_member (row, "note, \"raw\""), ==, "\x01" "ctl");
}

static void
test_table_json (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *compact = NULL;
  g_autofree char *pretty = NULL;

  g_test_summary ("The JSON export, compact and pretty, parses back with json-glib to "
                  "the cells set, field by field");

  compact = cxv_table_to_json (fixture->table, FALSE);
  g_assert_null (strchr (compact, '\n'));
  check_sample_json (compact);

  pretty = cxv_table_to_json (fixture->table, TRUE);
  g_assert_true (g_str_has_suffix (pretty, "}\n"));
  check_sample_json (pretty);
}

static void
test_table_json_layout (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("t");
  g_autoptr(CxvTable) empty = cxv_table_new ("e");
  g_autofree char *compact = NULL;
  g_autofree char *pretty = NULL;
  g_autofree char *empty_compact = NULL;
  g_autofree char *empty_pretty = NULL;
  guint a, b;

  g_test_summary ("The JSON text has the documented layout, one row per line when pretty");

  a = cxv_table_add_column (table, "a", CXV_COLUMN_INT);
  b = cxv_table_add_column (table, "b", CXV_COLUMN_DOUBLE);
  cxv_table_set_currency (table, "JPY");
  cxv_table_append_row (table);
  cxv_table_set_int (table, 0, a, 1);
  cxv_table_set_double (table, 0, b, 0.5);
  cxv_table_append_row (table);
  cxv_table_set_double (table, 1, b, INFINITY);

  compact = cxv_table_to_json (table, FALSE);
  g_assert_cmpstr (compact, ==,
                   "{\"name\":\"t\",\"currency\":\"JPY\","
                   "\"columns\":[{\"name\":\"a\",\"type\":\"int\"},"
                   "{\"name\":\"b\",\"type\":\"double\"}],"
                   "\"rows\":[{\"a\":1,\"b\":0.5},{\"a\":null,\"b\":null}]}");

  pretty = cxv_table_to_json (table, TRUE);
  g_assert_cmpstr (pretty, ==,
                   "{\n"
                   "  \"name\": \"t\",\n"
                   "  \"currency\": \"JPY\",\n"
                   "  \"columns\": [\n"
                   "    {\"name\": \"a\", \"type\": \"int\"},\n"
                   "    {\"name\": \"b\", \"type\": \"double\"}\n"
                   "  ],\n"
                   "  \"rows\": [\n"
                   "    {\"a\": 1, \"b\": 0.5},\n"
                   "    {\"a\": null, \"b\": null}\n"
                   "  ]\n"
                   "}\n");

  empty_compact = cxv_table_to_json (empty, FALSE);
  g_assert_cmpstr (empty_compact, ==,
                   "{\"name\":\"e\",\"currency\":null,\"columns\":[],\"rows\":[]}");
  empty_pretty = cxv_table_to_json (empty, TRUE);
  g_assert_cmpstr (empty_pretty, ==,
                   "{\n"
                   "  \"name\": \"e\",\n"
                   "  \"currency\": null,\n"
                   "  \"columns\": [],\n"
                   "  \"rows\": []\n"
                   "}\n");
}

static void
test_table_json_stream (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  g_test_summary ("write_json() writes what to_json() returns");

  for (int pretty = 0; pretty <= 1; pretty++)
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *expected = cxv_table_to_json (fixture->table, pretty);

      g_assert_true (cxv_table_write_json (fixture->table, stream, pretty, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_close (stream, NULL, &error));
      g_assert_no_error (error);
      bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
      g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       expected, strlen (expected));
    }
}

static void
test_table_large (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("large");
  g_autoptr(GOutputStream) csv_stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) json_stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv_bytes = NULL;
  g_autoptr(GBytes) json_bytes = NULL;
  g_autoptr(GBytes) money = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) root = NULL;
  const guint n_rows = 20000;
  const gint64 *amounts;
  guint id, amount;
  gint64 sum = 0;

  g_test_summary ("Tens of thousands of rows grow the columns and stream in several "
                  "pieces with the same result as in memory");

  id = cxv_table_add_column (table, "id", CXV_COLUMN_TEXT);
  amount = cxv_table_add_column (table, "amount", CXV_COLUMN_MONEY);
  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *name = g_strdup_printf ("customer-%05u", r);

      g_assert_cmpuint (cxv_table_append_row (table), ==, r);
      cxv_table_set_text (table, r, id, name);
      cxv_table_set_money (table, r, amount, r);
    }
  g_assert_cmpuint (cxv_table_get_n_rows (table), ==, n_rows);
  g_assert_cmpstr (cxv_table_get_text (table, 12345, id), ==, "customer-12345");

  /* 0 + 1 + … + 19999 = 19999 × 20000 / 2 = 199990000. */
  money = cxv_table_dup_column_data (table, amount, NULL);
  g_assert_cmpuint (g_bytes_get_size (money), ==, n_rows * sizeof (gint64));
  amounts = g_bytes_get_data (money, NULL);
  for (guint r = 0; r < n_rows; r++)
    sum += amounts[r];
  g_assert_cmpint (sum, ==, 199990000);

  csv = cxv_table_to_csv (table);
  /* Each line is "customer-NNNNN,X.YY\n": 20 or more bytes, well over the
   * 64 KiB the writer hands the stream at a time. */
  g_assert_cmpuint (strlen (csv), >, 300000);
  g_assert_true (g_str_has_suffix (csv, "customer-19999,199.99\n"));
  g_assert_true (cxv_table_write_csv (table, csv_stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (csv_stream, NULL, NULL);
  csv_bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (csv_stream));
  g_assert_cmpmem (g_bytes_get_data (csv_bytes, NULL), g_bytes_get_size (csv_bytes),
                   csv, strlen (csv));

  json = cxv_table_to_json (table, TRUE);
  g_assert_true (cxv_table_write_json (table, json_stream, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (json_stream, NULL, NULL);
  json_bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (json_stream));
  g_assert_cmpmem (g_bytes_get_data (json_bytes, NULL), g_bytes_get_size (json_bytes),
                   json, strlen (json));
  root = parse_json (json);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (root), "rows")), ==, n_rows);
}

static void
test_table_list_model (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GListModel *model = G_LIST_MODEL (fixture->table);
  g_autoptr(CxvTableRow) row = NULL;
  g_autoptr(CxvTableRow) again = NULL;
  g_autoptr(CxvTable) property_table = NULL;
  g_autofree char *revenue = NULL;
  g_autofree char *null_cell = NULL;
  guint property_index = 99;

  g_test_summary ("The table is a list model of row views that read cells by name");

  g_assert_true (g_list_model_get_item_type (model) == CXV_TYPE_TABLE_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_null (g_list_model_get_item (model, 5));

  row = g_list_model_get_item (model, 1);
  g_assert_true (CXV_IS_TABLE_ROW (row));
  g_assert_true (cxv_table_row_get_table (row) == fixture->table);
  g_assert_cmpuint (cxv_table_row_get_index (row), ==, 1);
  g_object_get (row, "table", &property_table, "index", &property_index, NULL);
  g_assert_true (property_table == fixture->table);
  g_assert_cmpuint (property_index, ==, 1);

  revenue = cxv_table_row_format (row, "revenue");
  g_assert_cmpstr (revenue, ==, "-0.05");
  g_assert_null (cxv_table_row_format (row, "no such column"));
  g_assert_cmpfloat (cxv_table_row_get_number (row, "revenue"), ==, -0.05);
  g_assert_cmpfloat (cxv_table_row_get_number (row, "orders"), ==, -7.0);
  g_assert_true (isnan (cxv_table_row_get_number (row, "no such column")));

  /* Views are made on demand. */
  again = g_list_model_get_item (model, 2);
  g_assert_true (again != row);
  null_cell = cxv_table_row_format (again, "customer");
  g_assert_cmpstr (null_cell, ==, "");
  g_assert_true (isnan (cxv_table_row_get_number (again, "since")));
}

static void
test_table_row_keeps_table (void)
{
  CxvTable *table = cxv_table_new ("kept");
  g_autoptr(CxvTableRow) row = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("A row view keeps its table alive");

  cxv_table_add_column (table, "x", CXV_COLUMN_INT);
  cxv_table_append_row (table);
  cxv_table_set_int (table, 0, 0, 17);
  row = g_list_model_get_item (G_LIST_MODEL (table), 0);
  g_object_unref (table);

  text = cxv_table_row_format (row, "x");
  g_assert_cmpstr (text, ==, "17");
}

static void
test_table_items_changed (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("signals");
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

  g_test_summary ("Appending a row emits items-changed for that one row; setting cells "
                  "and adding columns does not");

  gt_signal_logger_connect (logger, table, "items-changed");

  cxv_table_add_column (table, "x", CXV_COLUMN_INT);
  gt_signal_logger_assert_no_emissions (logger);

  for (guint r = 0; r < 3; r++)
    {
      guint position = 99, removed = 99, added = 99;

      g_assert_cmpuint (cxv_table_append_row (table), ==, r);
      gt_signal_logger_assert_emission_pop (logger, table, "items-changed",
                                            &position, &removed, &added);
      g_assert_cmpuint (position, ==, r);
      g_assert_cmpuint (removed, ==, 0);
      g_assert_cmpuint (added, ==, 1);
      gt_signal_logger_assert_no_emissions (logger);
    }

  cxv_table_set_int (table, 1, 0, 5);
  cxv_table_set_null (table, 1, 0);
  cxv_table_add_column (table, "y", CXV_COLUMN_TEXT);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table)), ==, 3);
}

static void
test_table_notify (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("notify");
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

  g_test_summary ("n-rows, n-columns and currency notify once per real change, never "
                  "for setting the same currency again");

  gt_signal_logger_connect (logger, table, "notify");

  cxv_table_add_column (table, "x", CXV_COLUMN_MONEY);
  gt_signal_logger_assert_notify_emission_pop (logger, table, "n-columns");
  gt_signal_logger_assert_no_emissions (logger);

  cxv_table_append_row (table);
  gt_signal_logger_assert_notify_emission_pop (logger, table, "n-rows");
  gt_signal_logger_assert_no_emissions (logger);
  cxv_table_append_row (table);
  gt_signal_logger_assert_notify_emission_pop (logger, table, "n-rows");
  gt_signal_logger_assert_no_emissions (logger);

  cxv_table_set_money (table, 0, 0, 1);
  cxv_table_set_null (table, 1, 0);
  gt_signal_logger_assert_no_emissions (logger);

  cxv_table_set_currency (table, "USD");
  gt_signal_logger_assert_notify_emission_pop (logger, table, "currency");
  gt_signal_logger_assert_no_emissions (logger);
  cxv_table_set_currency (table, "USD");
  gt_signal_logger_assert_no_emissions (logger);
  g_object_set (table, "currency", "USD", NULL);
  gt_signal_logger_assert_no_emissions (logger);

  g_object_set (table, "currency", "KWD", NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, table, "currency");
  gt_signal_logger_assert_no_emissions (logger);

  cxv_table_set_currency (table, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, table, "currency");
  gt_signal_logger_assert_no_emissions (logger);
  cxv_table_set_currency (table, NULL);
  gt_signal_logger_assert_no_emissions (logger);
}

static void
test_table_column_data (Fixture       *fixture,
                        gconstpointer  user_data)
{
  CxvTable *table = fixture->table;
  CxvElementType element_type;
  g_autoptr(GBytes) orders = NULL, share = NULL, revenue = NULL, since = NULL, active = NULL;
  g_autoptr(GBytes) share_mask = NULL, since_mask = NULL, text_mask = NULL;
  const gint64 *ints;
  const double *doubles;
  const gint32 *days;
  const guint8 *bytes;

  g_test_summary ("Numeric columns come out as GBytes of the documented element type, "
                  "with 0 (NaN for doubles) in null cells, beside a byte-per-row null mask");

  orders = cxv_table_dup_column_data (table, COL_ORDERS, &element_type);
  g_assert_cmpint (element_type, ==, CXV_ELEMENT_INT64);
  g_assert_cmpuint (g_bytes_get_size (orders), ==, 5 * sizeof (gint64));
  ints = g_bytes_get_data (orders, NULL);
  g_assert_cmpint (ints[0], ==, 3);
  g_assert_cmpint (ints[1], ==, -7);
  g_assert_cmpint (ints[2], ==, 0);
  g_assert_cmpint (ints[3], ==, 0);
  g_assert_cmpint (ints[4], ==, G_MAXINT64);

  share = cxv_table_dup_column_data (table, COL_SHARE, &element_type);
  g_assert_cmpint (element_type, ==, CXV_ELEMENT_DOUBLE);
  g_assert_cmpuint (g_bytes_get_size (share), ==, 5 * sizeof (double));
  doubles = g_bytes_get_data (share, NULL);
  g_assert_cmpfloat (doubles[0], ==, 0.25);
  g_assert_cmpfloat (doubles[1], ==, 0.1);
  g_assert_true (isnan (doubles[2]));
  g_assert_cmpfloat (doubles[3], ==, 1e21);
  g_assert_true (isnan (doubles[4]));

  revenue = cxv_table_dup_column_data (table, COL_REVENUE, &element_type);
  g_assert_cmpint (element_type, ==, CXV_ELEMENT_INT64);
  g_assert_cmpuint (g_bytes_get_size (revenue), ==, 5 * sizeof (gint64));
  ints = g_bytes_get_data (revenue, NULL);
  g_assert_cmpint (ints[0], ==, 123456);
  g_assert_cmpint (ints[1], ==, -5);
  g_assert_cmpint (ints[2], ==, 0);
  g_assert_cmpint (ints[3], ==, 0);
  g_assert_cmpint (ints[4], ==, G_MININT64);

  since = cxv_table_dup_column_data (table, COL_SINCE, &element_type);
  g_assert_cmpint (element_type, ==, CXV_ELEMENT_INT32);
  g_assert_cmpuint (g_bytes_get_size (since), ==, 5 * sizeof (gint32));
  days = g_bytes_get_data (since, NULL);
  g_assert_cmpint (days[0], ==, DAY_2024_01_31);
  g_assert_cmpint (days[1], ==, 0);
  g_assert_cmpint (days[2], ==, 0);
  g_assert_cmpint (days[3], ==, DAY_2000_02_29);
  g_assert_cmpint (days[4], ==, 0);

  active = cxv_table_dup_column_data (table, COL_ACTIVE, &element_type);
  g_assert_cmpint (element_type, ==, CXV_ELEMENT_UINT8);
  g_assert_cmpmem (g_bytes_get_data (active, NULL), g_bytes_get_size (active),
                   "\1\0\0\1\0", 5);

  /* Text has no numeric data; the out argument is left alone. */
  element_type = 77;
  g_assert_null (cxv_table_dup_column_data (table, COL_CUSTOMER, &element_type));
  g_assert_cmpint (element_type, ==, 77);

  /* Row 2 is all null; row 4 has a NaN value (not null) and null date. */
  share_mask = cxv_table_dup_null_mask (table, COL_SHARE);
  g_assert_cmpmem (g_bytes_get_data (share_mask, NULL), g_bytes_get_size (share_mask),
                   "\0\0\1\0\0", 5);
  since_mask = cxv_table_dup_null_mask (table, COL_SINCE);
  g_assert_cmpmem (g_bytes_get_data (since_mask, NULL), g_bytes_get_size (since_mask),
                   "\0\0\1\0\1", 5);
  text_mask = cxv_table_dup_null_mask (table, COL_CUSTOMER);
  bytes = g_bytes_get_data (text_mask, NULL);
  g_assert_cmpuint (g_bytes_get_size (text_mask), ==, 5);
  g_assert_cmpuint (bytes[2], ==, 1);
  g_assert_cmpuint (bytes[3], ==, 0);  /* "" is a value */
}

static void
test_table_column_data_shared (void)
{
  CxvTable *table = cxv_table_new ("shared");
  g_autoptr(GBytes) first = NULL, second = NULL, third = NULL, empty = NULL;
  g_autoptr(GBytes) mask = NULL, mask_after = NULL;
  const gint64 *values;
  guint x;

  g_test_summary ("Column data shares the table's storage until the table changes; "
                  "what a caller holds never changes and outlives the table");

  x = cxv_table_add_column (table, "x", CXV_COLUMN_INT);
  empty = cxv_table_dup_column_data (table, x, NULL);
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);

  for (guint r = 0; r < 3; r++)
    {
      cxv_table_append_row (table);
      cxv_table_set_int (table, r, x, 10 * (r + 1));
    }

  first = cxv_table_dup_column_data (table, x, NULL);
  second = cxv_table_dup_column_data (table, x, NULL);
  /* No copy between the two. */
  g_assert_true (g_bytes_get_data (first, NULL) == g_bytes_get_data (second, NULL));
  mask = cxv_table_dup_null_mask (table, x);

  cxv_table_set_int (table, 0, x, -1);
  cxv_table_set_null (table, 1, x);
  cxv_table_append_row (table);

  values = g_bytes_get_data (first, NULL);
  g_assert_cmpuint (g_bytes_get_size (first), ==, 3 * sizeof (gint64));
  g_assert_cmpint (values[0], ==, 10);
  g_assert_cmpint (values[1], ==, 20);
  g_assert_cmpint (values[2], ==, 30);
  g_assert_cmpmem (g_bytes_get_data (mask, NULL), g_bytes_get_size (mask), "\0\0\0", 3);

  third = cxv_table_dup_column_data (table, x, NULL);
  mask_after = cxv_table_dup_null_mask (table, x);
  values = g_bytes_get_data (third, NULL);
  g_assert_cmpuint (g_bytes_get_size (third), ==, 4 * sizeof (gint64));
  g_assert_cmpint (values[0], ==, -1);
  g_assert_cmpint (values[1], ==, 0);
  g_assert_cmpint (values[2], ==, 30);
  g_assert_cmpint (values[3], ==, 0);
  g_assert_cmpmem (g_bytes_get_data (mask_after, NULL), g_bytes_get_size (mask_after),
                   "\0\1\0\1", 4);

  /* The bytes outlive the table. */
  g_object_unref (table);
  values = g_bytes_get_data (third, NULL);
  g_assert_cmpint (values[2], ==, 30);
  values = g_bytes_get_data (first, NULL);
  g_assert_cmpint (values[0], ==, 10);
}

/* Reserving is only a hint: rows already there keep their cells, new rows
 * start null, a column added later has room too, and appending goes past
 * the reservation. */
static void
test_table_reserve_rows (void)
{
  g_autoptr(CxvTable) table = cxv_table_new ("reserved");
  guint n, id, later;

  g_test_summary ("Reserving rows changes nothing a reader can see");

  id = cxv_table_add_column (table, "id", CXV_COLUMN_INT);
  for (guint i = 0; i < 3; i++)
    cxv_table_set_int (table, cxv_table_append_row (table), id, 10 + i);
  cxv_table_reserve_rows (table, 1000);
  cxv_table_reserve_rows (table, 2);
  g_assert_cmpuint (cxv_table_get_n_rows (table), ==, 3);
  later = cxv_table_add_column (table, "name", CXV_COLUMN_TEXT);
  for (guint i = 3; i < 1100; i++)
    {
      guint row = cxv_table_append_row (table);

      g_assert_true (cxv_table_is_null (table, row, id));
      cxv_table_set_int (table, row, id, 10 + i);
      if (i % 2 == 0)
        cxv_table_set_text (table, row, later, "even");
    }
  n = cxv_table_get_n_rows (table);
  g_assert_cmpuint (n, ==, 1100);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (cxv_table_get_int (table, i, id), ==, 10 + i);
  g_assert_true (cxv_table_is_null (table, 1, later));
  g_assert_true (cxv_table_is_null (table, 1099, later));
  g_assert_cmpstr (cxv_table_get_text (table, 1098, later), ==, "even");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/table/properties", test_table_properties);
  g_test_add_func ("/cxv/table/columns", test_table_columns);
  g_test_add_func ("/cxv/table/round-trip", test_table_round_trip);
  g_test_add_func ("/cxv/table/nulls", test_table_nulls);
  g_test_add_func ("/cxv/table/reserve-rows", test_table_reserve_rows);
  g_test_add_func ("/cxv/table/wrong-type", test_table_wrong_type);
  g_test_add_func ("/cxv/table/format-money", test_table_format_money);
  g_test_add_func ("/cxv/table/format-cell", test_table_format_cell);
  g_test_add ("/cxv/table/number", Fixture, NULL,
              fixture_set_up, test_table_number, fixture_tear_down);
  g_test_add ("/cxv/table/csv", Fixture, NULL,
              fixture_set_up, test_table_csv, fixture_tear_down);
  g_test_add_func ("/cxv/table/csv-empty", test_table_csv_empty);
  g_test_add ("/cxv/table/csv-stream", Fixture, NULL,
              fixture_set_up, test_table_csv_stream, fixture_tear_down);
  g_test_add ("/cxv/table/save-csv", Fixture, NULL,
              fixture_set_up, test_table_save_csv, fixture_tear_down);
  g_test_add_func ("/cxv/table/save-csv-failure", test_table_save_csv_failure);
  g_test_add ("/cxv/table/json", Fixture, NULL,
              fixture_set_up, test_table_json, fixture_tear_down);
  g_test_add_func ("/cxv/table/json-layout", test_table_json_layout);
  g_test_add ("/cxv/table/json-stream", Fixture, NULL,
              fixture_set_up, test_table_json_stream, fixture_tear_down);
  g_test_add_func ("/cxv/table/large", test_table_large);
  g_test_add ("/cxv/table/list-model", Fixture, NULL,
              fixture_set_up, test_table_list_model, fixture_tear_down);
  g_test_add_func ("/cxv/table/row-keeps-table", test_table_row_keeps_table);
  g_test_add_func ("/cxv/table/items-changed", test_table_items_changed);
  g_test_add_func ("/cxv/table/notify", test_table_notify);
  g_test_add ("/cxv/table/column-data", Fixture, NULL,
              fixture_set_up, test_table_column_data, fixture_tear_down);
  g_test_add_func ("/cxv/table/column-data-shared", test_table_column_data_shared);

  return g_test_run ();
}
