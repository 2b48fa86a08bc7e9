/* test-dataset-export.c: cxv_dataset_export_csv() and the cxvalue-* presets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <string.h>

#include <cxvalue.h>

/* Dependency order: what records refer to is declared first. */
static const struct
{
  CxvRecordKind  kind;
  const char    *preset;
} kinds[] = {
  { CXV_RECORD_INITIATIVE, "cxvalue-initiatives" },
  { CXV_RECORD_PRODUCT, "cxvalue-products" },
  { CXV_RECORD_CUSTOMER, "cxvalue-customers" },
  { CXV_RECORD_HOLDING, "cxvalue-holdings" },
  { CXV_RECORD_REVENUE, "cxvalue-revenue" },
  { CXV_RECORD_INTERACTION, "cxvalue-interactions" },
  { CXV_RECORD_FEEDBACK, "cxvalue-feedback" },
  { CXV_RECORD_USAGE, "cxvalue-usage" },
  { CXV_RECORD_REFERRAL, "cxvalue-referrals" },
};

static char *
export_kind (CxvDataset    *dataset,
             CxvRecordKind  kind)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_export_csv (dataset, kind, stream, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

/* Imports every kind of @source, exported, into a new dataset of the same
 * currency through the presets, and seals it. */
static CxvDataset *
round_trip (CxvDataset *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) copy = cxv_dataset_new (cxv_dataset_get_currency (source), &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *csv = export_kind (source, kinds[i].kind);
      g_autoptr(CxvColumnMapping) mapping = cxv_column_mapping_new_preset (kinds[i].preset,
                                                                         &error);
      g_autoptr(CxvCsvImporter) importer = NULL;
      g_autoptr(GInputStream) stream = NULL;

      g_assert_no_error (error);
      /* A kind without records exports as its header alone, which the
       * importer refuses as a file without data. */
      if (cxv_dataset_get_n_records (source, kinds[i].kind) == 0)
        {
          g_assert_null (strchr (csv, '\n') ? strchr (strchr (csv, '\n') + 1, '\n') : NULL);
          continue;
        }
      importer = cxv_csv_importer_new (copy, mapping);
      stream = g_memory_input_stream_new_from_data (csv, strlen (csv), NULL);
      g_assert_true (cxv_csv_importer_import_stream (importer, stream, kinds[i].preset,
                                                     (goffset) strlen (csv), NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (cxv_dataset_seal (copy, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&copy);
}

/* Every field of every record as text, references resolved to ids, written
 * with the getters and no CSV code: a second method, so the comparison does
 * not trust the exporter. Doubles in %a are exact. */
static GPtrArray *
dump_kind (CxvDataset    *ds,
           CxvRecordKind  kind)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  guint n = cxv_dataset_get_n_records (ds, kind);

#define ID(getter, index) \
  ((index) == CXV_NO_INDEX ? "-" : getter (ds, (index)))
#define TEXT(index) \
  ((index) == CXV_NO_INDEX ? "-" : cxv_dataset_get_text (ds, (index)))

  for (guint i = 0; i < n; i++)
    {
      char *row = NULL;

      switch (kind)
        {
        case CXV_RECORD_CUSTOMER:
          {
            g_autoptr(CxvCustomer) c = cxv_dataset_dup_customer (ds, i);
            const char *referrer = cxv_customer_get_referred_by (c);

            row = g_strdup_printf ("%s|%s|%d|%d|%s", cxv_customer_get_id (c),
                                   cxv_customer_get_segment (c) ? cxv_customer_get_segment (c)
                                                                : "-",
                                   cxv_customer_get_acquired (c),
                                   cxv_customer_get_acquisition_source (c),
                                   referrer ? referrer : "-");
          }
          break;
        case CXV_RECORD_PRODUCT:
          {
            CxvProduct p;
            g_autoptr(GString) eligible = g_string_new (NULL);

            cxv_dataset_get_product (ds, i, &p);
            /* Eligibility against every segment any customer has, and a
             * segment no one has. */
            if (!p.all_segments_eligible)
              for (guint c = 0; c < cxv_dataset_get_n_records (ds, CXV_RECORD_CUSTOMER); c++)
                {
                  g_autoptr(CxvCustomer) customer = cxv_dataset_dup_customer (ds, c);
                  const char *segment = cxv_customer_get_segment (customer);

                  g_string_append_c (eligible, cxv_dataset_is_eligible (ds, i, segment) ? 'y'
                                                                                         : 'n');
                }
            row = g_strdup_printf ("%s|%s|%d|%d|%s|%d", cxv_dataset_get_product_code (ds, i),
                                   TEXT (p.category), p.recurring, p.all_segments_eligible,
                                   eligible->str,
                                   cxv_dataset_is_eligible (ds, i, "no such segment"));
          }
          break;
        case CXV_RECORD_HOLDING:
          {
            CxvHolding h;

            cxv_dataset_get_holding (ds, i, &h);
            row = g_strdup_printf ("%s|%s|%d|%d", cxv_dataset_get_customer_id (ds, h.customer),
                                   cxv_dataset_get_product_code (ds, h.product), h.start, h.end);
          }
          break;
        case CXV_RECORD_REVENUE:
          {
            CxvRevenueEvent e;

            cxv_dataset_get_revenue_event (ds, i, &e);
            row = g_strdup_printf ("%s|%s|%d|%d|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s",
                                   cxv_dataset_get_customer_id (ds, e.customer),
                                   ID (cxv_dataset_get_product_code, e.product), e.date, e.kind,
                                   e.amount, e.cost,
                                   ID (cxv_dataset_get_initiative_id, e.initiative));
          }
          break;
        case CXV_RECORD_INTERACTION:
          {
            CxvInteraction it;

            cxv_dataset_get_interaction (ds, i, &it);
            row = g_strdup_printf ("%s|%d|%s|%d|%d|%d|%s|%" G_GINT64_FORMAT,
                                   cxv_dataset_get_customer_id (ds, it.customer), it.date,
                                   TEXT (it.channel), it.channel_class, it.kind, it.resolved,
                                   TEXT (it.reason), it.cost);
          }
          break;
        case CXV_RECORD_FEEDBACK:
          {
            CxvFeedback f;
            g_auto(GStrv) topics = cxv_dataset_dup_feedback_topics (ds, i);
            g_autofree char *joined = g_strjoinv ("/", topics);

            cxv_dataset_get_feedback (ds, i, &f);
            row = g_strdup_printf ("%s|%d|%d|%a|%s|%s",
                                   cxv_dataset_get_customer_id (ds, f.customer), f.date,
                                   f.instrument, f.score, TEXT (f.comment), joined);
          }
          break;
        case CXV_RECORD_USAGE:
          {
            CxvUsage u;

            cxv_dataset_get_usage (ds, i, &u);
            row = g_strdup_printf ("%s|%s|%d|%a", cxv_dataset_get_customer_id (ds, u.customer),
                                   cxv_dataset_get_product_code (ds, u.product), u.date,
                                   u.quantity);
          }
          break;
        case CXV_RECORD_REFERRAL:
          {
            CxvReferral r;

            cxv_dataset_get_referral (ds, i, &r);
            row = g_strdup_printf ("%s|%s|%d", cxv_dataset_get_customer_id (ds, r.referrer),
                                   cxv_dataset_get_customer_id (ds, r.referred), r.date);
          }
          break;
        case CXV_RECORD_INITIATIVE:
          {
            CxvInitiative ini;

            cxv_dataset_get_initiative (ds, i, &ini);
            row = g_strdup_printf ("%s|%s|%d|%d|%d", cxv_dataset_get_initiative_id (ds, i),
                                   TEXT (ini.name), ini.in_sync, ini.start, ini.end);
          }
          break;
        default:
          g_assert_not_reached ();
        }
      g_ptr_array_add (rows, row);
    }
#undef ID
#undef TEXT
  return rows;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Compares every record of every kind; with @same_order, record by record
 * in index order, else as sorted lists (customer indices may differ). */
static void
assert_same_records (CxvDataset *a,
                     CxvDataset *b,
                     gboolean    same_order)
{
  g_assert_cmpstr (cxv_dataset_get_currency (a), ==, cxv_dataset_get_currency (b));
  g_assert_cmpint (cxv_dataset_get_revenue_total (a), ==, cxv_dataset_get_revenue_total (b));

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      g_autoptr(GPtrArray) rows_a = dump_kind (a, k);
      g_autoptr(GPtrArray) rows_b = dump_kind (b, k);

      g_assert_cmpuint (rows_a->len, ==, rows_b->len);
      if (!same_order)
        {
          g_ptr_array_sort (rows_a, compare_strings);
          g_ptr_array_sort (rows_b, compare_strings);
        }
      for (guint i = 0; i < rows_a->len; i++)
        g_assert_cmpstr (g_ptr_array_index (rows_a, i), ==, g_ptr_array_index (rows_b, i));
    }
}

static CxvDate
day (const char *iso)
{
  CxvDate date;

  g_assert_true (cxv_date_parse_iso8601 (iso, &date, NULL));
  return date;
}

/* A small dataset with every field of every kind, absent optional values,
 * and texts that need quoting. @currency sets the amounts' decimals. */
static CxvDataset *
make_dataset (const char *currency)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new (currency, &error);
  const char *const both[] = { "consumer", "small, business", NULL };
  const char *const business[] = { "small, business", NULL };
  const char *const topics[] = { "speed", "price \"plan\"", NULL };
  const char *const one_topic[] = { "wi-fi", NULL };
  gint64 unit = 1;

  for (int d = cxv_dataset_get_decimals (ds); d > 0; d--)
    unit *= 10;

#define OK(call) G_STMT_START { g_assert_true (call); g_assert_no_error (error); } G_STMT_END
  OK (cxv_dataset_add_initiative (ds, "ini-1", "Faster \"install\",\nfewer visits", TRUE,
                                  day ("2023-03-01"), CXV_DATE_NONE, &error));
  OK (cxv_dataset_add_initiative (ds, "ini-2", NULL, FALSE, day ("2023-05-01"),
                                  day ("2023-09-30"), &error));
  OK (cxv_dataset_add_product (ds, "internet", "broadband", TRUE, NULL, &error));
  OK (cxv_dataset_add_product (ds, "tv", "tv; video", TRUE, both, &error));
  OK (cxv_dataset_add_product (ds, "static-ip", NULL, TRUE, business, &error));
  OK (cxv_dataset_add_product (ds, "router", "hardware", FALSE, NULL, &error));
  OK (cxv_dataset_add_customer (ds, "c1", "consumer", day ("2023-01-15"),
                                CXV_ACQUISITION_ORGANIC, NULL, &error));
  OK (cxv_dataset_add_customer (ds, "c2, \"the second\"", "small, business", day ("2023-02-01"),
                                CXV_ACQUISITION_SALES, NULL, &error));
  OK (cxv_dataset_add_customer (ds, "c3", NULL, CXV_DATE_NONE, CXV_ACQUISITION_UNKNOWN, NULL,
                                &error));
  OK (cxv_dataset_add_customer (ds, "ç4 – ünïcode", "consumer", day ("2023-06-30"),
                                CXV_ACQUISITION_REFERRAL, "c1", &error));
  OK (cxv_dataset_add_customer (ds, "c5", "consumer", day ("2023-07-01"),
                                CXV_ACQUISITION_WIN_BACK, NULL, &error));
  OK (cxv_dataset_add_holding (ds, "c1", "internet", day ("2023-01-15"), CXV_DATE_NONE, &error));
  OK (cxv_dataset_add_holding (ds, "c1", "tv", day ("2023-02-01"), day ("2023-08-31"), &error));
  OK (cxv_dataset_add_holding (ds, "c2, \"the second\"", "static-ip", day ("2023-02-01"),
                               CXV_DATE_NONE, &error));
  OK (cxv_dataset_add_revenue (ds, "c1", "internet", day ("2023-01-15"), CXV_REVENUE_NEW,
                               4999 * unit / 100, 1234 * unit / 100, NULL, &error));
  OK (cxv_dataset_add_revenue (ds, "c1", "internet", day ("2023-02-15"), CXV_REVENUE_RECURRING,
                               4999 * unit / 100 + 1, 0, "ini-1", &error));
  OK (cxv_dataset_add_revenue (ds, "c1", NULL, day ("2023-03-01"), CXV_REVENUE_REFUND,
                               -5 * unit - 1, 0, NULL, &error));
  OK (cxv_dataset_add_revenue (ds, "c2, \"the second\"", "static-ip", day ("2023-02-01"),
                               CXV_REVENUE_EXPANSION, G_GINT64_CONSTANT (123456789012345), 7,
                               "ini-2", &error));
  OK (cxv_dataset_add_revenue (ds, "ç4 – ünïcode", "router", day ("2023-07-01"),
                               CXV_REVENUE_ONE_OFF, 0, -3, NULL, &error));
  OK (cxv_dataset_add_revenue (ds, "c5", "internet", day ("2023-07-01"),
                               CXV_REVENUE_CONTRACTION, -1, 0, NULL, &error));
  OK (cxv_dataset_add_interaction (ds, "c1", day ("2023-02-03"), "phone", CXV_CHANNEL_ASSISTED,
                                   CXV_INTERACTION_COMPLAINT, FALSE, "billing, again", 750,
                                   &error));
  OK (cxv_dataset_add_interaction (ds, "c1", day ("2023-02-04"), "app", CXV_CHANNEL_LOW_COST,
                                   CXV_INTERACTION_SUPPORT, TRUE, NULL, 0, &error));
  OK (cxv_dataset_add_interaction (ds, "c3", day ("2023-04-04"), "store", CXV_CHANNEL_ASSISTED,
                                   CXV_INTERACTION_SAVE, TRUE, "moving\r\nhouse", 2500, &error));
  OK (cxv_dataset_add_feedback (ds, "c1", day ("2023-02-05"), CXV_INSTRUMENT_NPS, 3,
                                "Slow, \"very\" slow\nat night", topics, &error));
  OK (cxv_dataset_add_feedback (ds, "c1", day ("2023-02-06"), CXV_INSTRUMENT_CSAT, 4.5, NULL,
                                NULL, &error));
  OK (cxv_dataset_add_feedback (ds, "c3", day ("2023-04-05"), CXV_INSTRUMENT_CES, 1 + 1.0 / 3.0,
                                NULL, one_topic, &error));
  OK (cxv_dataset_add_feedback (ds, "c5", day ("2023-07-02"), CXV_INSTRUMENT_OTHER, -1e-7, "",
                                NULL, &error));
  OK (cxv_dataset_add_usage (ds, "c1", "internet", day ("2023-02-01"), 0.1, &error));
  OK (cxv_dataset_add_usage (ds, "c1", "internet", day ("2023-03-01"), 1e21, &error));
  OK (cxv_dataset_add_usage (ds, "c5", "internet", day ("2023-07-02"), 0, &error));
  OK (cxv_dataset_add_referral (ds, "c1", "ç4 – ünïcode", day ("2023-06-30"), &error));
#undef OK

  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&ds);
}

static void
test_round_trip (gconstpointer data)
{
  const char *currency = data;
  g_autoptr(CxvDataset) source = make_dataset (currency);
  g_autoptr(CxvDataset) copy = NULL;

  g_test_summary ("Export of every kind, then import through the cxvalue-* presets in "
                  "dependency order, rebuilds the same records, in the same order");

  copy = round_trip (source);
  assert_same_records (source, copy, TRUE);

  /* The copy exports to the same bytes: nothing drifts on a second trip. */
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      g_autofree char *a = export_kind (source, k);
      g_autofree char *b = export_kind (copy, k);

      g_assert_cmpstr (a, ==, b);
    }
}

static void
test_format (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = make_dataset ("USD");
  g_autofree char *customers = export_kind (ds, CXV_RECORD_CUSTOMER);
  g_autofree char *products = export_kind (ds, CXV_RECORD_PRODUCT);
  g_autofree char *revenue = export_kind (ds, CXV_RECORD_REVENUE);
  g_autofree char *interactions = export_kind (ds, CXV_RECORD_INTERACTION);
  g_autofree char *feedback = export_kind (ds, CXV_RECORD_FEEDBACK);
  g_autofree char *usage = export_kind (ds, CXV_RECORD_USAGE);
  g_autofree char *initiatives = export_kind (ds, CXV_RECORD_INITIATIVE);

  g_test_summary ("The CSV text: RFC 4180 quoting, empty cells for absent values, nicks, "
                  "exact amounts, shortest doubles, true/false");

  /* Written by hand from the records make_dataset() adds. */
  g_assert_cmpstr (customers, ==,
                   "id,segment,acquired,source,referred_by\n"
                   "c1,consumer,2023-01-15,organic,\n"
                   "\"c2, \"\"the second\"\"\",\"small, business\",2023-02-01,sales,\n"
                   "c3,,,unknown,\n"
                   "ç4 – ünïcode,consumer,2023-06-30,referral,c1\n"
                   "c5,consumer,2023-07-01,win-back,\n");
  g_assert_cmpstr (products, ==,
                   "code,category,recurring,eligible_segments\n"
                   "internet,broadband,true,\n"
                   "tv,tv; video,true,\"consumer;small, business\"\n"
                   "static-ip,,true,\"small, business\"\n"
                   "router,hardware,false,\n");
  g_assert_cmpstr (revenue, ==,
                   "customer,product,date,kind,amount,cost,initiative\n"
                   "c1,internet,2023-01-15,new,49.99,12.34,\n"
                   "c1,internet,2023-02-15,recurring,50.00,0.00,ini-1\n"
                   "c1,,2023-03-01,refund,-5.01,0.00,\n"
                   "\"c2, \"\"the second\"\"\",static-ip,2023-02-01,expansion,1234567890123.45,"
                   "0.07,ini-2\n"
                   "ç4 – ünïcode,router,2023-07-01,one-off,0.00,-0.03,\n"
                   "c5,internet,2023-07-01,contraction,-0.01,0.00,\n");
  g_assert_cmpstr (interactions, ==,
                   "customer,date,channel,channel_class,kind,resolved,reason,cost\n"
                   "c1,2023-02-03,phone,assisted,complaint,false,\"billing, again\",7.50\n"
                   "c1,2023-02-04,app,low-cost,support,true,,0.00\n"
                   "c3,2023-04-04,store,assisted,save,true,\"moving\r\nhouse\",25.00\n");
  g_assert_cmpstr (feedback, ==,
                   "customer,date,instrument,score,comment,topics\n"
                   "c1,2023-02-05,nps,3,\"Slow, \"\"very\"\" slow\nat night\","
                   "\"speed;price \"\"plan\"\"\"\n"
                   "c1,2023-02-06,csat,4.5,,\n"
                   "c3,2023-04-05,ces,1.3333333333333333,,wi-fi\n"
                   "c5,2023-07-02,other,-1e-07,,\n");
  g_assert_cmpstr (usage, ==,
                   "customer,product,date,quantity\n"
                   "c1,internet,2023-02-01,0.1\n"
                   "c1,internet,2023-03-01,1e+21\n"
                   "c5,internet,2023-07-02,0\n");
  g_assert_cmpstr (initiatives, ==,
                   "id,name,in_sync,start,end\n"
                   "ini-1,\"Faster \"\"install\"\",\nfewer visits\",true,2023-03-01,\n"
                   "ini-2,,false,2023-05-01,2023-09-30\n");
  g_assert_no_error (error);
}

static void
test_extreme_amounts (void)
{
  static const char *const currencies[] = { "USD", "JPY", "KWD", "CLF" };
  static const gint64 amounts[] = { G_MAXINT64, -G_MAXINT64, 0, -1, 1, 999, -1000001 };

  g_test_summary ("Amounts are written as cxv_money_format() writes them, up to the largest "
                  "the dataset holds, in currencies of 0, 2, 3 and 4 decimals");

  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    for (guint a = 0; a < G_N_ELEMENTS (amounts); a++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(CxvDataset) ds = cxv_dataset_new (currencies[c], &error);
        g_autofree char *csv = NULL;
        g_autofree char *amount = NULL;
        g_autofree char *cost = NULL;
        g_autofree char *expected = NULL;

        g_assert_true (cxv_dataset_add_customer (ds, "c", NULL, CXV_DATE_NONE,
                                                 CXV_ACQUISITION_UNKNOWN, NULL, &error));
        g_assert_true (cxv_dataset_add_revenue (ds, "c", NULL, day ("0001-01-01"),
                                                CXV_REVENUE_ONE_OFF, amounts[a], -amounts[a],
                                                NULL, &error));
        g_assert_true (cxv_dataset_seal (ds, &error));
        g_assert_no_error (error);

        amount = cxv_money_format (amounts[a], cxv_dataset_get_decimals (ds));
        cost = cxv_money_format (-amounts[a], cxv_dataset_get_decimals (ds));
        expected = g_strdup_printf ("customer,product,date,kind,amount,cost,initiative\n"
                                    "c,,0001-01-01,one-off,%s,%s,\n", amount, cost);
        csv = export_kind (ds, CXV_RECORD_REVENUE);
        g_assert_cmpstr (csv, ==, expected);
      }
}

static void
test_forward_referrer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) source = cxv_dataset_new ("EUR", &error);
  g_autoptr(CxvDataset) copy = NULL;

  g_test_summary ("A customer referred by a customer declared after it reads back with the "
                  "same referrer; only the index order may change");

  g_assert_true (cxv_dataset_add_customer (source, "a", NULL, day ("2024-01-01"),
                                           CXV_ACQUISITION_REFERRAL, "z", &error));
  g_assert_true (cxv_dataset_add_customer (source, "b", NULL, day ("2024-01-02"),
                                           CXV_ACQUISITION_SALES, NULL, &error));
  g_assert_true (cxv_dataset_add_customer (source, "z", NULL, day ("2023-01-01"),
                                           CXV_ACQUISITION_ORGANIC, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (source, "b", NULL, day ("2024-02-01"),
                                          CXV_REVENUE_NEW, 100, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (source, "z", NULL, day ("2024-02-01"),
                                          CXV_REVENUE_NEW, 200, 0, NULL, &error));
  g_assert_true (cxv_dataset_seal (source, &error));
  g_assert_no_error (error);

  copy = round_trip (source);
  assert_same_records (source, copy, FALSE);
}

static void
test_empty_kind (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", &error);
  g_autofree char *usage = NULL;

  g_test_summary ("A kind without records is its header line alone");

  g_assert_true (cxv_dataset_seal (ds, &error));
  usage = export_kind (ds, CXV_RECORD_USAGE);
  g_assert_cmpstr (usage, ==, "customer,product,date,quantity\n");
}

static void
test_unsealed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", &error);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

  g_test_summary ("Only a sealed dataset, whose ids are all declared, exports");

  g_assert_false (cxv_dataset_export_csv (ds, CXV_RECORD_CUSTOMER, stream, NULL, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_NOT_SEALED);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==,
                    0);
}

static void
test_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = make_dataset ("USD");
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_test_summary ("A cancelled export stops with G_IO_ERROR_CANCELLED");

  g_cancellable_cancel (cancellable);
  g_assert_false (cxv_dataset_export_csv (ds, CXV_RECORD_REVENUE, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_presets (void)
{
  g_auto(GStrv) presets = cxv_column_mapping_list_presets ();

  g_test_summary ("Each cxvalue-* preset is built in, valid, and reads its own kind");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CxvColumnMapping) mapping = NULL;
      g_autofree char *json = NULL;
      g_autoptr(GEnumClass) klass = g_type_class_ref (CXV_TYPE_RECORD_KIND);
      g_autofree char *kind = NULL;

      g_assert_true (g_strv_contains ((const char * const *) presets, kinds[i].preset));
      mapping = cxv_column_mapping_new_preset (kinds[i].preset, &error);
      g_assert_no_error (error);
      g_assert_true (cxv_column_mapping_validate (mapping, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (cxv_column_mapping_get_n_records (mapping), ==, 1);
      json = cxv_column_mapping_to_json (mapping);
      kind = g_strdup_printf ("\"%s\"", g_enum_get_value (klass, kinds[i].kind)->value_nick);
      g_assert_nonnull (strstr (json, kind));
      /* The currency is the dataset's, never the preset's. */
      g_assert_null (cxv_column_mapping_get_currency (mapping));
    }
}

static void
test_simulated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvSimulator) simulator = cxv_simulator_new ();
  g_autoptr(CxvDataset) source = NULL;
  g_autoptr(CxvDataset) copy = NULL;

  g_test_summary ("The simulated sample survives export and import");

  cxv_simulator_set_n_customers (simulator, 400);
  cxv_simulator_set_n_months (simulator, 12);
  cxv_simulator_set_seed (simulator, 11);
  source = cxv_simulator_run (simulator, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_seal (source, &error));
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    if (k != CXV_RECORD_USAGE)
      g_assert_cmpuint (cxv_dataset_get_n_records (source, k), >, 0);

  copy = round_trip (source);
  assert_same_records (source, copy, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/cxv/dataset-export/round-trip/usd", "USD", test_round_trip);
  g_test_add_data_func ("/cxv/dataset-export/round-trip/jpy", "JPY", test_round_trip);
  g_test_add_data_func ("/cxv/dataset-export/round-trip/kwd", "KWD", test_round_trip);
  g_test_add_func ("/cxv/dataset-export/format", test_format);
  g_test_add_func ("/cxv/dataset-export/extreme-amounts", test_extreme_amounts);
  g_test_add_func ("/cxv/dataset-export/forward-referrer", test_forward_referrer);
  g_test_add_func ("/cxv/dataset-export/empty-kind", test_empty_kind);
  g_test_add_func ("/cxv/dataset-export/unsealed", test_unsealed);
  g_test_add_func ("/cxv/dataset-export/cancelled", test_cancelled);
  g_test_add_func ("/cxv/dataset-export/presets", test_presets);
  g_test_add_func ("/cxv/dataset-export/simulated", test_simulated);

  return g_test_run ();
}
