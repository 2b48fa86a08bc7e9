/* test-csv-importer.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include <cxvalue.h>
#include <libglib-testing/signal-logger.h>

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))

/* revenue.csv: customer,date,amount,kind */
static const char revenue_mapping[] =
  "{\"currency\": \"USD\", \"records\": [{\"kind\": \"revenue\", \"create_ids\": true,"
  " \"fields\": {\"customer\": \"customer\", \"date\": \"date\", \"amount\": \"amount\","
  " \"kind\": \"kind\"}}]}";

typedef struct
{
  char       *dir;
  CxvDataset *ds;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cxv-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->ds = cxv_dataset_new ("USD", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_clear_object (&f->ds);
}

static char *
write_file (Fixture *f, const char *name, const char *contents, gssize length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return path;
}

static gboolean
import (Fixture *f, const char *mapping_json, const char *name, const char *csv, gssize length,
        GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new_from_data (mapping_json, -1,
                                                                          &local_error);
  g_autoptr(CxvCsvImporter) importer = NULL;
  g_autofree char *path = write_file (f, name, csv, length);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_no_error (local_error);
  importer = cxv_csv_importer_new (f->ds, mapping);
  return cxv_csv_importer_import_file (importer, file, NULL, error);
}

/* A first, good import that every failure below must leave untouched. */
static void
import_baseline (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (import (f, revenue_mapping, "good.csv",
                         "customer,date,amount,kind\n"
                         "a,2024-01-31,49.99,recurring\n"
                         "b,2024-02-29,10,one-off\n", -1, &error));
  g_assert_no_error (error);
}

static void
assert_baseline (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CxvRevenueEvent ev;

  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_REVENUE), ==, 2);
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_CUSTOMER), ==, 2);
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_PRODUCT), ==, 0);
  /* 49.99 + 10.00 */
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, 5999);
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_no_error (error);
  cxv_dataset_get_revenue_event (f->ds, 1, &ev);
  g_assert_cmpint (ev.date, ==, D (2024, 2, 29));
  g_assert_cmpint (ev.kind, ==, CXV_REVENUE_ONE_OFF);
}

/* Imports @csv, which must fail with @code and a message holding every
 * needle; then checks that the baseline is exactly as it was. */
static void
assert_import_fails (Fixture *f, const char *mapping_json, const char *csv, gssize length,
                     int code, const char * const *needles)
{
  g_autoptr(GError) error = NULL;

  import_baseline (f);
  g_assert_false (import (f, mapping_json, "bad.csv", csv, length, &error));
  g_assert_error (error, CXV_IMPORT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "bad.csv"));
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (error->message, needles[i]) == NULL)
      g_error ("“%s” does not mention “%s”", error->message, needles[i]);
  assert_baseline (f);
}

#define NEEDLES(...) ((const char *[]) { __VA_ARGS__, NULL })
#define HEADER "customer,date,amount,kind\n"

static void
test_unbalanced_quote (Fixture *f, gconstpointer data)
{
  g_test_summary ("An unbalanced quote fails the import and leaves the dataset as it was");
  assert_import_fails (f, revenue_mapping, HEADER "c,2024-03-01,1.00,new\n\"d,2024-03-01,2,new\n",
                       -1, CXV_IMPORT_ERROR_SYNTAX, NEEDLES (":3"));
}

static void
test_column_count (Fixture *f, gconstpointer data)
{
  g_test_summary ("A row with the wrong number of columns names its line and both counts");
  assert_import_fails (f, revenue_mapping, HEADER "c,2024-03-01,1.00,new\nd,2024-03-01,2\n", -1,
                       CXV_IMPORT_ERROR_COLUMN_COUNT, NEEDLES (":3", "3 columns", "4"));
}

static void
test_impossible_date (Fixture *f, gconstpointer data)
{
  g_test_summary ("A date that does not exist names the line, column and value");
  assert_import_fails (f, revenue_mapping, HEADER "c,2023-02-29,1.00,new\n", -1,
                       CXV_IMPORT_ERROR_INVALID_VALUE,
                       NEEDLES (":2", "“date” (2)", "2023-02-29"));
}

static void
test_money_overflow (Fixture *f, gconstpointer data)
{
  g_test_summary ("An amount too large for 64-bit minor units is an overflow error");
  assert_import_fails (f, revenue_mapping, HEADER "c,2024-03-01,92233720368547758.08,new\n", -1,
                       CXV_IMPORT_ERROR_OVERFLOW, NEEDLES (":2", "“amount” (3)", "92233720368547758.08"));
}

static void
test_too_many_decimals (Fixture *f, gconstpointer data)
{
  g_test_summary ("12.345 in a 2-decimal currency is an error unless rounding is asked for");
  assert_import_fails (f, revenue_mapping, HEADER "c,2024-03-01,12.345,new\n", -1,
                       CXV_IMPORT_ERROR_PRECISION, NEEDLES (":2", "12.345", "half-even"));
}

static void
test_invalid_utf8 (Fixture *f, gconstpointer data)
{
  g_test_summary ("Bytes that are not UTF-8 fail the import with their line");
  assert_import_fails (f, revenue_mapping, HEADER "c\xc3\x28,2024-03-01,1.00,new\n", -1,
                       CXV_IMPORT_ERROR_ENCODING, NEEDLES (":2"));
}

static void
test_empty_file (Fixture *f, gconstpointer data)
{
  g_test_summary ("An empty file is an error, not a silent success");
  assert_import_fails (f, revenue_mapping, "", 0, CXV_IMPORT_ERROR_EMPTY, NEEDLES ("empty"));
}

static void
test_header_only (Fixture *f, gconstpointer data)
{
  g_test_summary ("A file with only a header has no data rows: an error");
  assert_import_fails (f, revenue_mapping, HEADER, -1, CXV_IMPORT_ERROR_EMPTY,
                       NEEDLES ("only a header"));
}

static void
test_missing_column (Fixture *f, gconstpointer data)
{
  g_test_summary ("A mapping naming a column the header lacks lists the columns it has");
  assert_import_fails (f, revenue_mapping, "customer,day,amount,kind\nc,2024-03-01,1,new\n", -1,
                       CXV_IMPORT_ERROR_MAPPING, NEEDLES ("“date”", "customer, day, amount, kind"));
}

static void
test_bad_enum (Fixture *f, gconstpointer data)
{
  g_test_summary ("An enum cell that is no known value names the value");
  assert_import_fails (f, revenue_mapping, HEADER "c,2024-03-01,1.00,sale\n", -1,
                       CXV_IMPORT_ERROR_INVALID_VALUE, NEEDLES ("“sale”", ":2"));
}

static void
test_rejected_record (Fixture *f, gconstpointer data)
{
  static const char feedback_mapping[] =
    "{\"records\": [{\"kind\": \"feedback\", \"create_ids\": true, \"fields\": {"
    "\"customer\": 1, \"date\": 2, \"instrument\": {\"value\": \"nps\"}, \"score\": 3}}]}";

  g_test_summary ("A record the dataset refuses (NPS 11) fails the import with its line");
  assert_import_fails (f, feedback_mapping, "x,2024-01-01,7\ny,2024-01-02,11\n", -1,
                       CXV_IMPORT_ERROR_REJECTED, NEEDLES (":2", "NPS"));
}

static void
test_bom_crlf_quotes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint c;

  g_test_summary ("A BOM, CRLF endings and quoted fields import as plain text would");

  g_assert_true (import (f, revenue_mapping, "bom.csv",
                         "\xef\xbb\xbf" "customer,date,amount,kind\r\n"
                         "\"Smith, J\",2024-01-01,\"1,5\",new\r\n", -1, &error) == FALSE);
  /* "1,5" is no amount with '.' as the decimal mark. */
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_true (import (f, revenue_mapping, "bom.csv",
                         "\xef\xbb\xbf" "customer,date,amount,kind\r\n"
                         "\"Smith, J\",2024-01-01,\"1.50\",new\r\n"
                         "\"say \"\"hi\"\"\",2024-01-02, 2.25 ,new\r\n", -1, &error));
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_lookup_customer (f->ds, "Smith, J", &c));
  g_assert_true (cxv_dataset_lookup_customer (f->ds, "say \"hi\"", &c));
  /* 1.50 + 2.25 */
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, 375);
}

static void
test_localised (Fixture *f, gconstpointer data)
{
  static const char mapping[] =
    "{\"currency\": \"EUR\", \"delimiter\": \";\", \"decimal_mark\": \",\","
    " \"date_format\": \"%d/%m/%Y\", \"true_words\": [\"VRAI\"], \"false_words\": [\"FAUX\"],"
    " \"records\": ["
    "  {\"kind\": \"customer\", \"fields\": {\"id\": \"id\", \"segment\": \"plan\"}},"
    "  {\"kind\": \"holding\", \"create_ids\": true, \"when\": {\"column\": \"intl\", \"is\": true},"
    "   \"fields\": {\"customer\": \"id\", \"product\": {\"value\": \"intl\"},"
    "     \"start\": \"since\"}},"
    "  {\"kind\": \"revenue\", \"fields\": {\"customer\": \"id\", \"date\": \"since\","
    "     \"kind\": {\"value\": \"recurring\"}, \"amount\": \"charge\"}}"
    " ]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) eur = cxv_dataset_new ("EUR", NULL);

  g_test_summary ("Semicolons, decimal commas, dd/mm/yyyy and VRAI/FAUX read as mapped");

  g_set_object (&f->ds, eur);
  g_assert_true (import (f, mapping, "fr.csv",
                         "id;plan;since;intl;charge\n"
                         "1;basic;31/01/2024;VRAI;12,50\n"
                         "2;basic;01/02/2024;FAUX;7,25\n"
                         "3;pro;15/02/2024;vrai;0,05\n", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_CUSTOMER), ==, 3);
  /* Rows 1 and 3 say VRAI (any case): two holdings. */
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_HOLDING), ==, 2);
  /* 12.50 + 7.25 + 0.05 */
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, 1980);
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_no_error (error);

  {
    CxvHolding h;

    cxv_dataset_get_holding (f->ds, 1, &h);
    g_assert_cmpstr (cxv_dataset_get_customer_id (f->ds, h.customer), ==, "3");
    g_assert_cmpint (h.start, ==, D (2024, 2, 15));
    g_assert_cmpint (h.end, ==, CXV_DATE_NONE);
  }
}

static void
test_required_when (Fixture *f, gconstpointer data)
{
  static const char mapping[] =
    "{\"header\": false, \"records\": [{\"kind\": \"holding\", \"create_ids\": true,"
    " \"fields\": {\"customer\": 1, \"product\": {\"value\": \"tv\"},"
    " \"start\": {\"column\": 2, \"when\": {\"column\": 3, \"equals\": \"Yes\"}}}}]}";

  g_test_summary ("A required field whose condition fails is an error, not 1970-01-01");
  assert_import_fails (f, mapping, "x,2024-01-01,Yes\ny,2024-01-01,No\n", -1,
                       CXV_IMPORT_ERROR_INVALID_VALUE, NEEDLES (":2", "required field “start”"));
}

static void
test_not_boolean (Fixture *f, gconstpointer data)
{
  static const char mapping[] =
    "{\"header\": false, \"true_words\": [\"VRAI\"], \"false_words\": [\"FAUX\"],"
    " \"records\": [{\"kind\": \"holding\", \"create_ids\": true,"
    " \"when\": {\"column\": 3, \"is\": true},"
    " \"fields\": {\"customer\": 1, \"product\": {\"value\": \"tv\"}, \"start\": 2}}]}";

  g_test_summary ("A cell that is neither a true nor a false word fails an “is” condition");
  assert_import_fails (f, mapping, "x,2024-01-01,VRAI\ny,2024-01-01,FAUX\nz,2024-01-01,Yes\n",
                       -1, CXV_IMPORT_ERROR_INVALID_VALUE, NEEDLES (":3", "“Yes”", "3"));
}

static void
test_month_counts (Fixture *f, gconstpointer data)
{
  static const char mapping[] =
    "{\"header\": false, \"records\": [{\"kind\": \"customer\", \"fields\": {"
    " \"id\": 1, \"acquired\": {\"column\": 2, \"months_before\": \"2022-12-31\","
    " \"map\": {\"unknown\": \"\", \"new\": \"0\"}}}}]}";
  g_autoptr(GError) error = NULL;
  guint c;

  g_test_summary ("Month counts may be written 4.0; a map may send a cell to no value");

  g_assert_true (import (f, mapping, "tenure.csv", "a,4.0\nb,unknown\nc,new\nd,12\n", -1,
                         &error));
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  {
    g_autoptr(CxvCustomer) a = cxv_dataset_dup_customer (f->ds, 0);
    g_autoptr(CxvCustomer) b = cxv_dataset_dup_customer (f->ds, 1);
    g_autoptr(CxvCustomer) cc = cxv_dataset_dup_customer (f->ds, 2);
    g_autoptr(CxvCustomer) d = cxv_dataset_dup_customer (f->ds, 3);

    /* 4 months before 2022-12-31 is 2022-08-31; 12 is 2021-12-31. */
    g_assert_cmpint (cxv_customer_get_acquired (a), ==, D (2022, 8, 31));
    g_assert_cmpint (cxv_customer_get_acquired (b), ==, CXV_DATE_NONE);
    g_assert_cmpint (cxv_customer_get_acquired (cc), ==, D (2022, 12, 31));
    g_assert_cmpint (cxv_customer_get_acquired (d), ==, D (2021, 12, 31));
  }
  g_assert_true (cxv_dataset_lookup_customer (f->ds, "d", &c));
  g_assert_cmpuint (c, ==, 3);
}

static void
test_currency_mismatch (Fixture *f, gconstpointer data)
{
  static const char mapping[] =
    "{\"currency\": \"EUR\", \"records\": [{\"kind\": \"revenue\", \"create_ids\": true,"
    " \"fields\": {\"customer\": 1, \"date\": 2, \"amount\": 3, \"kind\": {\"value\": \"new\"}}}]}";

  g_test_summary ("A mapping in EUR cannot fill a USD dataset");
  assert_import_fails (f, mapping, "a,2024-01-01,1\n", -1, CXV_IMPORT_ERROR_MAPPING,
                       NEEDLES ("EUR", "USD"));
}

static void
test_converters (Fixture *f, gconstpointer data)
{
  /* Telco style: a tenure in months before a reference date, churn as a
   * holding end, a service column as a holding, a refund written positive. */
  static const char mapping[] =
    "{\"rounding\": \"half-even\", \"records\": ["
    "  {\"kind\": \"customer\", \"fields\": {\"id\": 1, \"segment\": {\"column\": 2,"
    "     \"map\": {\"No\": \"\", \"*\": \"internet\"}},"
    "     \"source\": {\"column\": 5, \"map\": {\"web\": \"organic\", \"friend\": \"referral\"},"
    "                  \"default\": \"unknown\"}}},"
    "  {\"kind\": \"holding\", \"create_ids\": true, \"when\": {\"column\": 2, \"not_in\": [\"No\"]},"
    "   \"fields\": {\"customer\": 1, \"product\": 2,"
    "     \"start\": {\"column\": 3, \"months_before\": \"2022-06-30\"},"
    "     \"end\": {\"value\": \"2022-06-30\", \"when\": {\"column\": 4, \"equals\": \"Yes\"}}}},"
    "  {\"kind\": \"revenue\", \"when\": {\"column\": 6, \"not_empty\": true},"
    "   \"fields\": {\"customer\": 1, \"date\": {\"value\": \"2022-06-30\"},"
    "     \"kind\": {\"value\": \"refund\"}, \"amount\": {\"column\": 6, \"negate\": true}}}"
    " ], \"header\": false}";
  g_autoptr(GError) error = NULL;
  guint first, count, c;
  CxvHolding h;
  CxvRevenueEvent ev;

  g_test_summary ("Maps, defaults, months_before, conditions and negate convert as documented");

  g_assert_true (import (f, mapping, "telco.csv",
                         "t1,DSL,0,No,web,\n"
                         "t2,Fiber,13,Yes,friend,2.345\n"
                         "t3,No,72,No,,\n", -1, &error));
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_HOLDING), ==, 2);
  g_assert_true (cxv_dataset_lookup_customer (f->ds, "t2", &c));
  cxv_dataset_get_customer_range (f->ds, CXV_RECORD_HOLDING, c, &first, &count);
  g_assert_cmpuint (count, ==, 1);
  cxv_dataset_get_holding (f->ds, first, &h);
  /* 13 months before 2022-06-30 is 2021-05-30. */
  g_assert_cmpint (h.start, ==, D (2021, 5, 30));
  g_assert_cmpint (h.end, ==, D (2022, 6, 30));
  g_assert_cmpstr (cxv_dataset_get_product_code (f->ds, h.product), ==, "Fiber");

  {
    g_autoptr(CxvCustomer) t2 = cxv_dataset_dup_customer (f->ds, c);
    g_autoptr(CxvCustomer) t3 = NULL;

    g_assert_cmpstr (cxv_customer_get_segment (t2), ==, "internet");
    g_assert_cmpint (cxv_customer_get_acquisition_source (t2), ==, CXV_ACQUISITION_REFERRAL);
    g_assert_true (cxv_dataset_lookup_customer (f->ds, "t3", &c));
    t3 = cxv_dataset_dup_customer (f->ds, c);
    g_assert_null (cxv_customer_get_segment (t3));
    g_assert_cmpint (cxv_customer_get_acquisition_source (t3), ==, CXV_ACQUISITION_UNKNOWN);
  }

  /* 2.345 rounds half-even to 2.34, stored negative as a refund. */
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_REVENUE), ==, 1);
  cxv_dataset_get_revenue_event (f->ds, 0, &ev);
  g_assert_cmpint (ev.amount, ==, -234);
  g_assert_cmpint (ev.kind, ==, CXV_REVENUE_REFUND);
}

/* Imports @csv as the file @name, skipping and listing bad rows. */
static CxvCsvImporter *
import_collecting (Fixture *f, const char *name, const char *csv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new_from_data (revenue_mapping, -1,
                                                                          &error);
  g_autoptr(CxvCsvImporter) importer = NULL;
  g_autofree char *path = write_file (f, name, csv, -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_no_error (error);
  importer = cxv_csv_importer_new (f->ds, mapping);
  cxv_csv_importer_set_collect_rejects (importer, TRUE);
  g_assert_true (cxv_csv_importer_import_file (importer, file, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&importer);
}

static void
test_collect_rejects (Fixture *f, gconstpointer data)
{
  g_autoptr(CxvCsvImporter) importer = NULL;
  CxvTable *rejects;

  g_test_summary ("With collect-rejects, bad rows are listed with their reasons and skipped");

  importer = import_collecting (f, "mixed.csv",
                                HEADER
                                "a,2024-01-01,1.00,new\n"
                                "b,2024-13-01,2.00,new\n"
                                "c,2024-01-03,3.001,new\n"
                                "d,2024-01-04\n"
                                "e,2024-01-05,5.00,new\n");
  g_assert_cmpuint (cxv_csv_importer_get_n_rows (importer), ==, 5);
  /* a and e survive: 1.00 + 5.00; b's and c's customers are not left behind. */
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_REVENUE), ==, 2);
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_CUSTOMER), ==, 2);
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, 600);

  rejects = cxv_csv_importer_get_rejects (importer);
  g_assert_nonnull (rejects);
  g_assert_cmpuint (cxv_table_get_n_rows (rejects), ==, 3);
  g_assert_cmpint (cxv_table_get_int (rejects, 0, 1), ==, 3);
  g_assert_cmpstr (cxv_table_get_text (rejects, 0, 3), ==, "2024-13-01");
  g_assert_cmpint (cxv_table_get_int (rejects, 1, 1), ==, 4);
  g_assert_cmpstr (cxv_table_get_text (rejects, 1, 3), ==, "3.001");
  g_assert_cmpint (cxv_table_get_int (rejects, 2, 1), ==, 5);
  g_assert_nonnull (strstr (cxv_table_get_text (rejects, 2, 4), "2 columns"));
}

/* A row that adds a customer and is then refused takes the customer with
 * it; the same id in a later row must be added again, not found where the
 * refused row left it. The refusal comes after the customer was added: the
 * amount is valid alone but makes the dataset's total overflow. */
static void
test_rejected_new_id (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvCsvImporter) importer = NULL;
  CxvTable *rejects;
  CxvRevenueEvent ev;
  guint n;

  g_test_summary ("An id added by a refused row is forgotten with it");

  importer = import_collecting (f, "refused.csv",
                                HEADER
                                "a,2024-01-01,1.00,new\n"
                                "n,2024-01-02,92233720368547758.07,new\n"
                                "n,2024-01-03,2.00,new\n"
                                "b,2024-01-04,3.00,new\n"
                                "n,2024-01-05,4.00,new\n"
                                "b,2024-01-06,5.00,new\n");
  rejects = cxv_csv_importer_get_rejects (importer);
  g_assert_cmpuint (cxv_table_get_n_rows (rejects), ==, 1);
  g_assert_cmpint (cxv_table_get_int (rejects, 0, 1), ==, 3);
  g_assert_nonnull (strstr (cxv_table_get_text (rejects, 0, 4), "overflow"));

  /* a, n, b in the order they were added for good: 1 + 2 + 3 + 4 + 5. */
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_CUSTOMER), ==, 3);
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_REVENUE), ==, 5);
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, 1500);
  g_assert_true (cxv_dataset_lookup_customer (f->ds, "n", &n));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_no_error (error);
  /* Sealed, by customer then date: a's event, then n's two. */
  cxv_dataset_get_revenue_event (f->ds, 1, &ev);
  g_assert_cmpuint (ev.customer, ==, 1);
  g_assert_cmpint (ev.amount, ==, 200);
  cxv_dataset_get_revenue_event (f->ds, 2, &ev);
  g_assert_cmpuint (ev.customer, ==, 1);
  g_assert_cmpint (ev.amount, ==, 400);
}

static GArray *seen_rows;

static void
record_progress (GObject *importer, GParamSpec *pspec, gpointer user_data)
{
  double p = cxv_csv_importer_get_progress (CXV_CSV_IMPORTER (importer));
  guint64 n = cxv_csv_importer_get_n_rows (CXV_CSV_IMPORTER (importer));

  g_array_append_val ((GArray *) user_data, p);
  g_array_append_val (seen_rows, n);
}

static void
test_progress (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new_from_data (revenue_mapping, -1,
                                                                          &error);
  g_autoptr(CxvCsvImporter) importer = cxv_csv_importer_new (f->ds, mapping);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GString) csv = g_string_new (HEADER);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_test_summary ("Progress rises to 1 in steps as rows are read, and n-rows counts them");

  /* 200,000 rows: three progress reports at 65,536-row steps, then the end. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (csv, "c%u,2024-01-01,1.00,new\n", i % 1000);
  path = write_file (f, "big.csv", csv->str, (gssize) csv->len);
  file = g_file_new_for_path (path);

  gt_signal_logger_connect (logger, importer, "notify::progress");
  gt_signal_logger_connect (logger, importer, "notify::n-rows");
  seen_rows = rows;
  g_signal_connect (importer, "notify::progress", G_CALLBACK (record_progress), seen);
  g_assert_true (cxv_csv_importer_import_file (importer, file, NULL, &error));
  g_assert_no_error (error);

  /* Four reports, each notifying both properties (in either order). */
  for (guint i = 0; i < 8; i++)
    {
      gpointer object = NULL;
      g_autofree char *type_name = NULL;
      g_autofree char *signal_name = NULL;

      g_assert_true (gt_signal_logger_pop_emission (logger, &object, &type_name, &signal_name,
                                                    NULL));
      g_assert_true (object == (gpointer) importer);
      g_assert_true (g_str_equal (signal_name, "notify::progress") ||
                     g_str_equal (signal_name, "notify::n-rows"));
    }
  gt_signal_logger_assert_no_emissions (logger);

  /* A progress handler sees the row count of the same report: 65,536-row
   * steps, then all 200,000 rows at 1.0. */
  g_assert_cmpuint (seen->len, ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (g_array_index (seen_rows, guint64, i), ==, (i + 1) * 65536u);
      g_assert_cmpfloat (g_array_index (seen, double, i), <, 1.0);
    }
  g_assert_cmpuint (g_array_index (seen_rows, guint64, 3), ==, 200000);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >, g_array_index (seen, double, i - 1));
  g_assert_cmpfloat (g_array_index (seen, double, 3), ==, 1.0);
  g_assert_cmpfloat (cxv_csv_importer_get_progress (importer), ==, 1.0);
  g_assert_cmpuint (cxv_csv_importer_get_n_rows (importer), ==, 200000);
  /* 200,000 rows of 1.00 */
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, 20000000);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new_from_data (revenue_mapping, -1,
                                                                          &error);
  g_autoptr(CxvCsvImporter) importer = cxv_csv_importer_new (f->ds, mapping);
  g_autofree char *path = write_file (f, "c.csv", HEADER "a,2024-01-01,1.00,new\n", -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_test_summary ("A cancelled import fails with G_IO_ERROR_CANCELLED and changes nothing");

  import_baseline (f);
  g_cancellable_cancel (cancellable);
  g_assert_false (cxv_csv_importer_import_file (importer, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_baseline (f);
}

static void
async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new_from_data (revenue_mapping, -1,
                                                                          &error);
  g_autoptr(CxvCsvImporter) importer = cxv_csv_importer_new (f->ds, mapping);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autofree char *path = write_file (f, "async.csv",
                                      HEADER "a,2024-01-01,1.25,new\nb,2024-01-02,2.50,new\n", -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  g_test_summary ("The async import runs in a thread and reports progress in this context");

  gt_signal_logger_connect (logger, importer, "notify::progress");
  cxv_csv_importer_import_file_async (importer, file, NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cxv_csv_importer_import_file_finish (importer, result, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_notify_emission_pop (logger, importer, "progress");
  g_assert_cmpfloat (cxv_csv_importer_get_progress (importer), ==, 1.0);
  /* 1.25 + 2.50 */
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, 375);
}

static void
test_sealed_target (Fixture *f, gconstpointer data)
{
  g_test_summary ("Importing into a sealed dataset is refused");

  import_baseline (f);
  assert_baseline (f);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (import (f, revenue_mapping, "late.csv", HEADER "z,2024-01-01,1,new\n", -1,
                            &error));
    g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_REJECTED);
  }
}

/* A file long enough for the importer to size its columns from the first
 * rows, then a bad row near the end: the records all arrive, the exact
 * total with them, and the failed import leaves the dataset as it was. */
static void
test_large_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("customer,date,amount,kind\n");
  g_autoptr(GError) error = NULL;
  const guint n = 100000;
  gint64 total = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 cents = 100 + (gint64) (i % 997) * 7;

      g_string_append_printf (csv, "c%u,2024-%02u-%02u,%" G_GINT64_FORMAT ".%02d,recurring\n",
                              i % 5000, 1 + i % 12, 1 + i % 28, cents / 100,
                              (int) (cents % 100));
      total += cents;
    }
  g_assert_true (import (f, revenue_mapping, "large.csv", csv->str, (gssize) csv->len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_REVENUE), ==, n);
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_CUSTOMER), ==, 5000);
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, total);

  g_string_append (csv, "c1,2024-02-30,1.00,recurring\n");
  g_assert_false (import (f, revenue_mapping, "bad.csv", csv->str, (gssize) csv->len, &error));
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "bad.csv:100002"));
  g_clear_error (&error);
  g_assert_cmpuint (cxv_dataset_get_n_records (f->ds, CXV_RECORD_REVENUE), ==, n);
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, total);
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cxv/csv-importer/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("unbalanced-quote", test_unbalanced_quote);
  ADD ("column-count", test_column_count);
  ADD ("impossible-date", test_impossible_date);
  ADD ("money-overflow", test_money_overflow);
  ADD ("too-many-decimals", test_too_many_decimals);
  ADD ("invalid-utf8", test_invalid_utf8);
  ADD ("empty-file", test_empty_file);
  ADD ("header-only", test_header_only);
  ADD ("missing-column", test_missing_column);
  ADD ("bad-enum", test_bad_enum);
  ADD ("rejected-record", test_rejected_record);
  ADD ("bom-crlf-quotes", test_bom_crlf_quotes);
  ADD ("localised", test_localised);
  ADD ("currency-mismatch", test_currency_mismatch);
  ADD ("required-when", test_required_when);
  ADD ("not-boolean", test_not_boolean);
  ADD ("month-counts", test_month_counts);
  ADD ("converters", test_converters);
  ADD ("collect-rejects", test_collect_rejects);
  ADD ("rejected-new-id", test_rejected_new_id);
  ADD ("progress", test_progress);
  ADD ("cancel", test_cancel);
  ADD ("async", test_async);
  ADD ("sealed-target", test_sealed_target);
  ADD ("large-file", test_large_file);

#undef ADD

  return g_test_run ();
}
