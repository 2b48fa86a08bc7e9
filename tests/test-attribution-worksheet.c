/* test-attribution-worksheet.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>

#include <cxvalue.h>

/* USD has 2 decimals: one million dollars is 10^8 minor units. */
#define M (G_GINT64_CONSTANT (100000000))

/* JSON written with ' for ", to keep the cases readable. */
static char *
json (const char *text)
{
  char *copy = g_strdup (text);

  g_strdelimit (copy, "'", '"');
  return copy;
}

static CxvAttributionWorksheet *
load (const char *text)
{
  g_autofree char *data = json (text);
  g_autoptr(GError) error = NULL;
  CxvAttributionWorksheet *ws = cxv_attribution_worksheet_new_from_data (data, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ws);
  return ws;
}

static void
test_example (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "examples", "data",
                                                 "attribution-worksheet.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvAttributionWorksheet) ws =
    cxv_attribution_worksheet_new_from_file (path, &error);
  gint64 stated, computed;

  g_test_summary ("The worked example of the issue, by hand: CXM 60 + 50 + 30 + 10 = 150 M, "
                  "CSM 90 + 30 + 40 = 160 M against 150 M stated, sales 900 − 150 − 160 = "
                  "590 M");

  g_assert_no_error (error);
  g_assert_cmpstr (cxv_attribution_worksheet_get_currency (ws), ==, "USD");
  g_assert_cmpint (cxv_attribution_worksheet_get_decimals (ws), ==, 2);
  g_assert_cmpint (cxv_attribution_worksheet_get_total_revenue (ws), ==, 900 * M);
  g_assert_cmpuint (cxv_attribution_worksheet_get_n_items (ws, CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_SWITCHED), ==, 2);
  g_assert_cmpuint (cxv_attribution_worksheet_get_n_items (ws, CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_EXPANDED), ==, 2);
  g_assert_cmpuint (cxv_attribution_worksheet_get_n_items (ws, CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_EXPANDED), ==, 1);
  g_assert_cmpuint (cxv_attribution_worksheet_get_n_items (ws, CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_ACQUIRED), ==, 2);
  g_assert_cmpstr (cxv_attribution_worksheet_get_item_label (ws, CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_EXPANDED, 1),
                   ==, "Process B");
  g_assert_cmpint (cxv_attribution_worksheet_get_item_amount (ws, CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_SWITCHED, 1),
                   ==, 50 * M);
  g_assert_cmpfloat (cxv_attribution_worksheet_get_study_share (ws), ==, -1.0);

  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CXM),
                   ==, 150 * M);
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CSM),
                   ==, 160 * M);
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_SALES),
                   ==, 590 * M);
  g_assert_cmpint (cxv_attribution_worksheet_get_study_amount (ws), ==, 0);

  /* CXM agrees with its stated 150 M; CSM does not. */
  g_assert_cmpuint (cxv_attribution_worksheet_get_n_mismatches (ws), ==, 1);
  g_assert_cmpint (cxv_attribution_worksheet_get_mismatch (ws, 0, &stated, &computed),
                   ==, CXV_ATTRIBUTION_WORKSHEET_PART_CSM);
  g_assert_cmpint (stated, ==, 150 * M);
  g_assert_cmpint (computed, ==, 160 * M);
  g_assert_true (cxv_attribution_worksheet_get_stated (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CXM, &stated));
  g_assert_cmpint (stated, ==, 150 * M);
  g_assert_false (cxv_attribution_worksheet_get_stated (ws, CXV_ATTRIBUTION_WORKSHEET_PART_SALES, NULL));
}

static void
test_study_share (void)
{
  g_autoptr(CxvAttributionWorksheet) ws = NULL;
  gint64 computed;

  g_test_summary ("A study share of 12.5 % applies to total − CXM: 12.5 % × (1000 − 100) = "
                  "112.50, so CSM = 50 + 112.50 = 162.50 and sales = 737.50 (by hand)");

  ws = load ("{'currency': 'USD', 'total_revenue': '1000',"
             " 'cxm': {'switched': [{'label': 'a', 'amount': '100'}]},"
             " 'csm': {'expanded': [{'label': 'b', 'amount': '50'}], 'study_share': 12.5},"
             " 'stated': {'sales': '737.5'}}");
  g_assert_cmpfloat (cxv_attribution_worksheet_get_study_share (ws), ==, 12.5);
  g_assert_cmpint (cxv_attribution_worksheet_get_study_amount (ws), ==, 11250);
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CXM), ==, 10000);
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CSM), ==, 16250);
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_SALES), ==, 73750);
  g_assert_cmpuint (cxv_attribution_worksheet_get_n_mismatches (ws), ==, 0);
  g_clear_object (&ws);

  /* Rounding to the cent, halves to even: 50 % of 0.25 is 12.5 cents →
   * 12; of 0.27, 13.5 cents → 14; 1/3 % as "33.333333" of 3.00 is
   * 99.999999 cents → 100. The share may be a decimal string. */
  ws = load ("{'currency': 'USD', 'total_revenue': '0.25', 'csm': {'study_share': 50}}");
  g_assert_cmpint (cxv_attribution_worksheet_get_study_amount (ws), ==, 12);
  g_clear_object (&ws);
  ws = load ("{'currency': 'USD', 'total_revenue': '0.27', 'csm': {'study_share': '50'}}");
  g_assert_cmpint (cxv_attribution_worksheet_get_study_amount (ws), ==, 14);
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_SALES), ==, 13);
  g_clear_object (&ws);
  ws = load ("{'currency': 'USD', 'total_revenue': '3', 'csm': {'study_share': '33.333333'}}");
  g_assert_cmpint (cxv_attribution_worksheet_get_study_amount (ws), ==, 100);
  g_clear_object (&ws);

  /* 100 % of what CXM leaves, with no CSM items: everything but CXM. */
  ws = load ("{'currency': 'JPY', 'total_revenue': '1000',"
             " 'cxm': {'expanded': [{'label': 'a', 'amount': '1'}]},"
             " 'csm': {'study_share': 100}}");
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CSM), ==, 999);
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_SALES), ==, 0);
  g_assert_true (cxv_attribution_worksheet_get_stated (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CSM, &computed) == FALSE);
}

static const struct
{
  const char *json;
  const char *message;
} bad_cases[] = {
  { "{'currency': 'USD', 'total_revenue': '10', 'cxm': {'switched': ["
    "{'label': 'a', 'amount': '1'}, {'label': 'b', 'amount': '-5'}]}}",
    "cxm.switched[1].amount: “-5” is negative" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': {'expanded': [{'amount': '12abc'}]}}",
    "csm.expanded[0].amount: “12abc” is not a decimal amount" },
  { "{'currency': 'USD', 'total_revenue': '1.234'}",
    "total_revenue: “1.234” has more than 2 decimals and rounding was not asked for" },
  { "{'currency': 'USD', 'total_revenue': '10', 'cxm': {'expanded': [{'amount': 5}]}}",
    "cxm.expanded[0].amount: a number, not a decimal string such as \"60000000\"" },
  { "{'currency': 'USD', 'total_revenue': '10', 'cxm': {'switched': [{'label': 'a'}]}}",
    "cxm.switched[0].amount: missing" },
  { "{'currency': 'USD', 'total_revenue': '10', 'bogus': 1}",
    "bogus: unknown key (the keys here are currency, total_revenue, cxm, csm, stated)" },
  { "{'currency': 'USD', 'total_revenue': '10', 'cxm': {'switched': [{'lable': 'a'}]}}",
    "cxm.switched[0].lable: unknown key (the keys here are label, amount, currency)" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': {'share': 5}}",
    "csm.share: unknown key (the keys here are expanded, acquired, study_share)" },
  { "{'currency': 'USD', 'total_revenue': '10', 'stated': {'cx': '1'}}",
    "stated.cx: unknown key (the keys here are cxm, csm, sales)" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': {'study_share': 120}}",
    "csm.study_share: 120 is outside 0-100 %" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': {'study_share': -0.5}}",
    "csm.study_share: -0.5 is outside 0-100 %" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': {'study_share': '100.5'}}",
    "csm.study_share: 100.5 is outside 0-100 %" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': {'study_share': 'most'}}",
    "csm.study_share: “most” is not a percentage" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': {'study_share': true}}",
    "csm.study_share: a boolean, not a percentage" },
  { "{'currency': 'USD', 'total_revenue': '10', 'cxm': {'switched': ["
    "{'label': 'a', 'amount': '1', 'currency': 'EUR'}]}}",
    "cxm.switched[0].currency: “EUR” differs from the worksheet's currency “USD”" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': {'acquired': ["
    "{'amount': '1', 'currency': 'ABC'}]}}",
    "csm.acquired[0].currency: “ABC” is not an ISO 4217 currency code" },
  { "{'currency': 'XYZ', 'total_revenue': '10'}",
    "currency: “XYZ” is not an ISO 4217 currency code" },
  { "{'total_revenue': '10'}", "currency: missing" },
  { "{'currency': 'USD'}", "total_revenue: missing" },
  { "{'currency': 'USD', 'total_revenue': '10', 'cxm': {'switched': {'amount': '1'}}}",
    "cxm.switched: an object, not an array of items" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': []}", "csm: an array, not an object" },
  { "{'currency': 'USD', 'total_revenue': '10', 'stated': {'csm': '-1'}}",
    "stated.csm: “-1” is negative" },
  { "[1, 2]", "worksheet: an array, not a JSON object" },
  { "{'currency': 'USD', 'total_revenue': '10', 'cxm': {'switched': ["
    "{'amount': '6'}], 'expanded': [{'amount': '5'}]}}",
    "cxm: the items add up to more than total_revenue (10.00)" },
  { "{'currency': 'USD', 'total_revenue': '10', 'cxm': {'switched': [{'amount': '6'}]},"
    " 'csm': {'acquired': [{'amount': '4.01'}]}}",
    "csm: the items add up to more than total_revenue minus cxm (4.00)" },
  { "{'currency': 'USD', 'total_revenue': '10', 'csm': {'expanded': [{'amount': '1'}],"
    " 'study_share': 95}}",
    "csm: the items and the study share add up to more than total_revenue minus cxm (10.00)" },
  { "{'currency': 'USD', 'total_revenue': '9223372036854775807', 'cxm': {'switched': ["
    "{'amount': '1'}]}}",
    "total_revenue: “9223372036854775807” does not fit in 64-bit minor units" },
};

static void
test_bad_input (void)
{
  g_test_summary ("Each bad worksheet fails with an error naming the field");

  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *data = json (bad_cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(CxvAttributionWorksheet) ws = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, data);
      ws = cxv_attribution_worksheet_new_from_data (data, -1, &error);
      g_assert_null (ws);
      g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, bad_cases[i].message);
    }
}

static void
test_bad_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cxv-worksheet-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  CxvAttributionWorksheet *ws;

  g_test_summary ("A file's errors start with its path; a missing file is a GFileError; "
                  "text that is no JSON says so");

  g_assert_no_error (error);
  path = g_build_filename (dir, "w.json", NULL);
  ws = cxv_attribution_worksheet_new_from_file (path, &error);
  g_assert_null (ws);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{\"currency\": \"USD\", \"total_revenue\": \"-1\"}",
                                      -1, NULL));
  ws = cxv_attribution_worksheet_new_from_file (path, &error);
  g_assert_null (ws);
  expected = g_strdup_printf ("%s: total_revenue: “-1” is negative", path);
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "{\"currency\": ", -1, NULL));
  ws = cxv_attribution_worksheet_new_from_file (path, &error);
  g_assert_null (ws);
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "not valid JSON"));

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
assert_same (CxvAttributionWorksheet *a,
             CxvAttributionWorksheet *b)
{
  g_assert_cmpstr (cxv_attribution_worksheet_get_currency (a), ==,
                   cxv_attribution_worksheet_get_currency (b));
  g_assert_cmpint (cxv_attribution_worksheet_get_total_revenue (a), ==,
                   cxv_attribution_worksheet_get_total_revenue (b));
  g_assert_cmpfloat (cxv_attribution_worksheet_get_study_share (a), ==,
                     cxv_attribution_worksheet_get_study_share (b));
  for (int list = CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_SWITCHED;
       list <= CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_ACQUIRED; list++)
    {
      guint n = cxv_attribution_worksheet_get_n_items (a, list);

      g_assert_cmpuint (cxv_attribution_worksheet_get_n_items (b, list), ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpstr (cxv_attribution_worksheet_get_item_label (a, list, i), ==,
                           cxv_attribution_worksheet_get_item_label (b, list, i));
          g_assert_cmpint (cxv_attribution_worksheet_get_item_amount (a, list, i), ==,
                           cxv_attribution_worksheet_get_item_amount (b, list, i));
        }
    }
  for (int part = CXV_ATTRIBUTION_WORKSHEET_PART_CXM;
       part <= CXV_ATTRIBUTION_WORKSHEET_PART_SALES; part++)
    {
      gint64 x, y;

      g_assert_cmpint (cxv_attribution_worksheet_get_stated (a, part, &x), ==,
                       cxv_attribution_worksheet_get_stated (b, part, &y));
      g_assert_cmpint (x, ==, y);
      g_assert_cmpint (cxv_attribution_worksheet_get_computed (a, part), ==,
                       cxv_attribution_worksheet_get_computed (b, part));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(CxvAttributionWorksheet) a = NULL;
  g_autoptr(CxvAttributionWorksheet) b = NULL;
  g_autoptr(CxvAttributionWorksheet) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  g_test_summary ("to_json reads back to the same worksheet and the same text");

  a = load ("{'currency': 'EUR', 'total_revenue': '1000.50',"
            " 'cxm': {'switched': [{'label': 'Ünïcode \\\\ \\u0022quoted\\u0022', 'amount': '0.01'}]},"
            " 'csm': {'acquired': [{'amount': '10', 'currency': 'EUR'}], 'study_share': 33.333333},"
            " 'stated': {'cxm': '1', 'sales': '0'}}");
  first = cxv_attribution_worksheet_to_json (a);
  b = cxv_attribution_worksheet_new_from_data (first, -1, &error);
  g_assert_no_error (error);
  assert_same (a, b);
  second = cxv_attribution_worksheet_to_json (b);
  g_assert_cmpstr (first, ==, second);
  g_assert_nonnull (strstr (first, "\"total_revenue\" : \"1000.50\""));
  g_assert_cmpuint (cxv_attribution_worksheet_get_n_mismatches (b), ==, 2);

  /* The worked example, with its null study share. */
  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_pointer (&first, g_free);
  g_clear_pointer (&second, g_free);
  a = load ("{'currency': 'KWD', 'total_revenue': '1.000', 'csm': {'study_share': null}}");
  first = cxv_attribution_worksheet_to_json (a);
  g_assert_nonnull (strstr (first, "\"study_share\" : null"));
  b = cxv_attribution_worksheet_new_from_data (first, -1, &error);
  g_assert_no_error (error);
  assert_same (a, b);

  /* Built through the API. */
  c = cxv_attribution_worksheet_new ();
  cxv_attribution_worksheet_set_currency (c, "USD");
  cxv_attribution_worksheet_set_total_revenue (c, 900 * M);
  cxv_attribution_worksheet_add_item (c, CXV_ATTRIBUTION_WORKSHEET_LIST_CXM_SWITCHED, "A", 60 * M);
  cxv_attribution_worksheet_set_stated (c, CXV_ATTRIBUTION_WORKSHEET_PART_CXM, 60 * M);
  g_assert_true (cxv_attribution_worksheet_compute (c, &error));
  g_assert_no_error (error);
  third = cxv_attribution_worksheet_to_json (c);
  g_clear_object (&b);
  b = cxv_attribution_worksheet_new_from_data (third, -1, &error);
  g_assert_no_error (error);
  assert_same (c, b);
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (b, CXV_ATTRIBUTION_WORKSHEET_PART_SALES),
                   ==, 840 * M);
}

static void
test_api (void)
{
  g_autoptr(CxvAttributionWorksheet) ws = cxv_attribution_worksheet_new ();
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *currency = NULL;
  gint64 total;
  double share;

  g_test_summary ("Defaults, properties that notify only on a change, compute errors");

  g_assert_null (cxv_attribution_worksheet_get_currency (ws));
  g_assert_cmpint (cxv_attribution_worksheet_get_decimals (ws), ==, -1);
  g_assert_cmpint (cxv_attribution_worksheet_get_total_revenue (ws), ==, 0);
  g_assert_cmpfloat (cxv_attribution_worksheet_get_study_share (ws), ==, -1.0);
  g_assert_false (cxv_attribution_worksheet_compute (ws, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "currency: missing");
  g_clear_error (&error);

  gt_signal_logger_connect (logger, ws, "notify");
  cxv_attribution_worksheet_set_currency (ws, "JPY");
  gt_signal_logger_assert_notify_emission_pop (logger, ws, "currency");
  gt_signal_logger_assert_notify_emission_pop (logger, ws, "decimals");
  cxv_attribution_worksheet_set_currency (ws, "JPY");
  cxv_attribution_worksheet_set_currency (ws, "CNY");
  gt_signal_logger_assert_notify_emission_pop (logger, ws, "currency");
  gt_signal_logger_assert_notify_emission_pop (logger, ws, "decimals");
  g_object_set (ws, "currency", "USD", NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, ws, "currency");
  cxv_attribution_worksheet_set_total_revenue (ws, 1000);
  gt_signal_logger_assert_notify_emission_pop (logger, ws, "total-revenue");
  g_object_set (ws, "total-revenue", (gint64) 1000, NULL);
  cxv_attribution_worksheet_set_study_share (ws, 10);
  gt_signal_logger_assert_notify_emission_pop (logger, ws, "study-share");
  g_object_set (ws, "study-share", 10.0, NULL);
  gt_signal_logger_assert_no_emissions (logger);
  g_object_get (ws, "currency", &currency, "total-revenue", &total, "study-share", &share, NULL);
  g_assert_cmpstr (currency, ==, "USD");
  g_assert_cmpint (total, ==, 1000);
  g_assert_cmpfloat (share, ==, 10.0);

  /* 10 % of 1000 cents is 100; then 100 + 901 is more than is left. */
  g_assert_true (cxv_attribution_worksheet_compute (ws, &error));
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_CSM), ==, 100);
  cxv_attribution_worksheet_add_item (ws, CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_EXPANDED, "x", 901);
  g_assert_false (cxv_attribution_worksheet_compute (ws, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  cxv_attribution_worksheet_clear_items (ws, CXV_ATTRIBUTION_WORKSHEET_LIST_CSM_EXPANDED);
  cxv_attribution_worksheet_set_stated (ws, CXV_ATTRIBUTION_WORKSHEET_PART_SALES, 1);
  g_assert_true (cxv_attribution_worksheet_compute (ws, &error));
  g_assert_cmpuint (cxv_attribution_worksheet_get_n_mismatches (ws), ==, 1);
  cxv_attribution_worksheet_unset_stated (ws, CXV_ATTRIBUTION_WORKSHEET_PART_SALES);
  g_assert_true (cxv_attribution_worksheet_compute (ws, &error));
  g_assert_cmpuint (cxv_attribution_worksheet_get_n_mismatches (ws), ==, 0);
  cxv_attribution_worksheet_set_study_share (ws, -1);
  gt_signal_logger_assert_notify_emission_pop (logger, ws, "study-share");
  g_assert_true (cxv_attribution_worksheet_compute (ws, &error));
  g_assert_cmpint (cxv_attribution_worksheet_get_computed (ws, CXV_ATTRIBUTION_WORKSHEET_PART_SALES), ==, 1000);
  gt_signal_logger_assert_no_emissions (logger);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/attribution-worksheet/example", test_example);
  g_test_add_func ("/cxv/attribution-worksheet/study-share", test_study_share);
  g_test_add_func ("/cxv/attribution-worksheet/bad-input", test_bad_input);
  g_test_add_func ("/cxv/attribution-worksheet/bad-file", test_bad_file);
  g_test_add_func ("/cxv/attribution-worksheet/round-trip", test_round_trip);
  g_test_add_func ("/cxv/attribution-worksheet/api", test_api);

  return g_test_run ();
}
