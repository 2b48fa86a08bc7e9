/* test-column-mapping.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <cxvalue.h>
#include <libglib-testing/signal-logger.h>

static void
assert_mapping_error (const char *json, const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new_from_data (json, -1, &error);

  g_assert_null (mapping);
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING);
  g_test_message ("%s", error->message);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
}

#define REVENUE_FIELDS \
  "\"fields\": {\"customer\": 1, \"date\": 2, \"amount\": 3, \"kind\": {\"value\": \"one-off\"}}"

static void
test_bad_json (void)
{
  g_test_summary ("A broken mapping file is refused with the key or field at fault");

  assert_mapping_error ("{", "not valid JSON");
  assert_mapping_error ("[]", "must be a JSON object");
  assert_mapping_error ("{\"records\": []}", "non-empty array");
  assert_mapping_error ("{\"delimeter\": \",\", \"records\": [{\"kind\": \"revenue\", "
                        REVENUE_FIELDS "}]}", "unknown key “delimeter”");
  assert_mapping_error ("{\"header\": \"yes\", \"records\": [{\"kind\": \"revenue\", "
                        REVENUE_FIELDS "}]}", "“header” must be true or false, not a string");
  assert_mapping_error ("{\"delimiter\": \"::\", \"records\": [{\"kind\": \"revenue\", "
                        REVENUE_FIELDS "}]}", "delimiter");
  assert_mapping_error ("{\"currency\": \"EURO\", \"records\": [{\"kind\": \"revenue\", "
                        REVENUE_FIELDS "}]}", "EURO");
  assert_mapping_error ("{\"date_format\": \"%Q\", \"records\": [{\"kind\": \"revenue\", "
                        REVENUE_FIELDS "}]}", "%Q");
  assert_mapping_error ("{\"records\": [{\"kind\": \"sale\", " REVENUE_FIELDS "}]}",
                        "“sale” is not a record kind");
  assert_mapping_error ("{\"records\": [{\"kind\": \"revenue\", \"fields\": {\"customer\": 1, "
                        "\"date\": 2, \"kind\": {\"value\": \"one-off\"}}}]}",
                        "required field “amount”");
  assert_mapping_error ("{\"records\": [{\"kind\": \"revenue\", \"fields\": {\"customer\": 1, "
                        "\"date\": 2, \"amount\": 3, \"price\": 4, "
                        "\"kind\": {\"value\": \"one-off\"}}}]}", "unknown field “price”");
  assert_mapping_error ("{\"records\": [{\"kind\": \"revenue\", \"fields\": {\"customer\": 1, "
                        "\"date\": 2, \"amount\": 3, \"kind\": {\"value\": \"sale\"}}}]}",
                        "“sale” is not one of new, recurring, expansion");
  assert_mapping_error ("{\"records\": [{\"kind\": \"revenue\", \"fields\": {\"customer\": 0, "
                        "\"date\": 2, \"amount\": 3, \"kind\": {\"value\": \"new\"}}}]}",
                        "positions start at 1");
  assert_mapping_error ("{\"records\": [{\"kind\": \"revenue\", \"fields\": {\"customer\": 1, "
                        "\"date\": {\"column\": 2, \"format\": \"%Y\", \"value\": \"x\"}, "
                        "\"amount\": 3, \"kind\": {\"value\": \"new\"}}}]}",
                        "give one of “column”, “value” and “line_number”");
  assert_mapping_error ("{\"records\": [{\"kind\": \"revenue\", \"when\": {\"column\": 4}, "
                        REVENUE_FIELDS "}]}", "exactly one of");
  assert_mapping_error ("{\"records\": [{\"kind\": \"revenue\", \"fields\": {\"customer\": 1, "
                        "\"date\": {\"column\": 2, \"months_before\": \"June\"}, "
                        "\"amount\": 3, \"kind\": {\"value\": \"new\"}}}]}", "months_before");
  assert_mapping_error ("{\"records\": [{\"kind\": \"revenue\", \"fields\": {\"customer\": 1, "
                        "\"date\": 2, \"amount\": {\"column\": 3, \"split\": \";\"}, "
                        "\"kind\": {\"value\": \"new\"}}}]}", "“split” applies only to lists");
}

static void
test_build_in_code (void)
{
  g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new ();
  g_autoptr(CxvColumnMapping) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  const char *yes[] = { "Yes", NULL };
  guint r;

  g_test_summary ("A mapping built in code validates and survives a JSON round trip");

  r = cxv_column_mapping_add_record (mapping, CXV_RECORD_HOLDING);
  g_assert_cmpuint (r, ==, 0);
  g_assert_false (cxv_column_mapping_validate (mapping, &error));
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "required field “customer”"));
  g_clear_error (&error);

  g_assert_true (cxv_column_mapping_set_column (mapping, r, "customer", "customerID", &error));
  g_assert_true (cxv_column_mapping_set_value (mapping, r, "product", "phone", &error));
  g_assert_true (cxv_column_mapping_set_field_json (mapping, r, "start",
                                                    "{\"column\": \"tenure\", "
                                                    "\"months_before\": \"2022-06-30\"}",
                                                    &error));
  g_assert_no_error (error);
  cxv_column_mapping_set_when (mapping, r, "PhoneService", yes);
  cxv_column_mapping_set_create_ids (mapping, r, TRUE);

  g_assert_false (cxv_column_mapping_set_column (mapping, r, "amount", "x", &error));
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "unknown field “amount”"));
  g_clear_error (&error);
  g_assert_false (cxv_column_mapping_set_column (mapping, 7, "customer", "x", &error));
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);
  g_assert_false (cxv_column_mapping_set_field_json (mapping, r, "end", "{oops", &error));
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);

  g_assert_true (cxv_column_mapping_validate (mapping, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_column_mapping_get_n_records (mapping), ==, 1);

  json = cxv_column_mapping_to_json (mapping);
  reloaded = cxv_column_mapping_new_from_data (json, -1, &error);
  g_assert_no_error (error);
  json2 = cxv_column_mapping_to_json (reloaded);
  g_assert_cmpstr (json, ==, json2);
}

static void
test_properties (void)
{
  g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new ();
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

  g_test_summary ("Format properties have defaults and notify only on a real change");

  g_assert_cmpstr (cxv_column_mapping_get_delimiter (mapping), ==, ",");
  g_assert_true (cxv_column_mapping_get_has_header (mapping));
  g_assert_null (cxv_column_mapping_get_currency (mapping));
  g_assert_cmpstr (cxv_column_mapping_get_date_format (mapping), ==, "%Y-%m-%d");
  g_assert_cmpint (cxv_column_mapping_get_rounding (mapping), ==, CXV_ROUNDING_NONE);

  gt_signal_logger_connect (logger, mapping, "notify");
  cxv_column_mapping_set_delimiter (mapping, ";");
  gt_signal_logger_assert_notify_emission_pop (logger, mapping, "delimiter");
  cxv_column_mapping_set_delimiter (mapping, ";");
  gt_signal_logger_assert_no_emissions (logger);
  cxv_column_mapping_set_rounding (mapping, CXV_ROUNDING_HALF_EVEN);
  gt_signal_logger_assert_notify_emission_pop (logger, mapping, "rounding");
  cxv_column_mapping_set_rounding (mapping, CXV_ROUNDING_HALF_EVEN);
  gt_signal_logger_assert_no_emissions (logger);
  cxv_column_mapping_set_has_header (mapping, FALSE);
  gt_signal_logger_assert_notify_emission_pop (logger, mapping, "has-header");
  cxv_column_mapping_set_has_header (mapping, FALSE);
  gt_signal_logger_assert_no_emissions (logger);
  cxv_column_mapping_set_currency (mapping, "EUR");
  gt_signal_logger_assert_notify_emission_pop (logger, mapping, "currency");
  cxv_column_mapping_set_currency (mapping, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, mapping, "currency");
  cxv_column_mapping_set_currency (mapping, NULL);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpint (cxv_column_mapping_get_rounding (mapping), ==, CXV_ROUNDING_HALF_EVEN);
}

static void
test_presets (void)
{
  g_auto(GStrv) presets = cxv_column_mapping_list_presets ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvColumnMapping) cdnow = NULL;
  g_autoptr(CxvColumnMapping) missing = NULL;

  g_test_summary ("Built-in presets load; an unknown preset is an error listing them");

  g_assert_true (g_strv_contains ((const char * const *) presets, "cdnow"));
  for (guint i = 0; presets[i] != NULL; i++)
    {
      g_autoptr(CxvColumnMapping) m = cxv_column_mapping_new_preset (presets[i], &error);
      g_assert_no_error (error);
      g_assert_nonnull (m);
    }
  cdnow = cxv_column_mapping_new_preset ("cdnow", &error);
  g_assert_cmpstr (cxv_column_mapping_get_delimiter (cdnow), ==, "whitespace");
  g_assert_false (cxv_column_mapping_get_has_header (cdnow));

  missing = cxv_column_mapping_new_preset ("no-such-data", &error);
  g_assert_null (missing);
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "cdnow"));
}

static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CxvColumnMapping) mapping = NULL;
  int fd;

  g_test_summary ("Errors from a mapping file name the file");

  fd = g_file_open_tmp ("cxv-mapping-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, "{\"records\": [{\"kind\": \"usage\"}]}", -1,
                                      &error));
  close (fd);
  mapping = cxv_column_mapping_new_from_file (path, &error);
  g_assert_null (mapping);
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "“fields” must be an object"));
  g_clear_error (&error);
  g_unlink (path);

  mapping = cxv_column_mapping_new_from_file (path, &error);
  g_assert_error (error, CXV_IMPORT_ERROR, CXV_IMPORT_ERROR_FAILED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/column-mapping/bad-json", test_bad_json);
  g_test_add_func ("/cxv/column-mapping/build-in-code", test_build_in_code);
  g_test_add_func ("/cxv/column-mapping/properties", test_properties);
  g_test_add_func ("/cxv/column-mapping/presets", test_presets);
  g_test_add_func ("/cxv/column-mapping/file", test_file);

  return g_test_run ();
}
