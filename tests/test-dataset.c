/* test-dataset.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <string.h>

#include <cxvalue.h>
#include <libglib-testing/signal-logger.h>

#include "cxv-dataset-private.h"

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))

typedef struct
{
  CxvDataset *ds;
} Fixture;

/* Three customers, two products and an initiative: the small shop every
 * case below starts from. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *consumer_only[] = { "consumer", NULL };

  f->ds = cxv_dataset_new ("USD", &error);
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_add_customer (f->ds, "alice", "consumer", D (2023, 1, 5),
                                           CXV_ACQUISITION_ORGANIC, NULL, &error));
  g_assert_true (cxv_dataset_add_customer (f->ds, "bob", "business", D (2023, 2, 1),
                                           CXV_ACQUISITION_REFERRAL, "alice", &error));
  g_assert_true (cxv_dataset_add_customer (f->ds, "carol", NULL, CXV_DATE_NONE,
                                           CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_true (cxv_dataset_add_product (f->ds, "fiber", "internet", TRUE, NULL, &error));
  g_assert_true (cxv_dataset_add_product (f->ds, "tv", "add-on", TRUE, consumer_only, &error));
  g_assert_true (cxv_dataset_add_initiative (f->ds, "easy-bill", "Clear bills", TRUE,
                                             D (2023, 3, 1), CXV_DATE_NONE, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->ds);
}

static guint
n (Fixture *f, CxvRecordKind kind)
{
  return cxv_dataset_get_n_records (f->ds, kind);
}

static void
test_currency (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = NULL;

  g_test_summary ("A dataset needs an ISO 4217 currency and takes its decimals");

  ds = cxv_dataset_new ("EURO", &error);
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_CURRENCY);
  g_assert_nonnull (strstr (error->message, "EURO"));
  g_assert_null (ds);
  g_clear_error (&error);

  ds = cxv_dataset_new ("JPY", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cxv_dataset_get_currency (ds), ==, "JPY");
  g_assert_cmpint (cxv_dataset_get_decimals (ds), ==, 0);
}

static void
test_seal_sorts (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint bob, alice, first, count;
  CxvRevenueEvent ev;

  g_test_summary ("Sealing sorts each customer's records by date and indexes them");

  /* Appended out of order on purpose. */
  g_assert_true (cxv_dataset_add_revenue (f->ds, "bob", "fiber", D (2023, 3, 1),
                                          CXV_REVENUE_RECURRING, 5000, 1000, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (f->ds, "alice", "fiber", D (2023, 2, 1),
                                          CXV_REVENUE_RECURRING, 4999, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (f->ds, "bob", NULL, D (2023, 2, 15),
                                          CXV_REVENUE_ONE_OFF, 2500, 0, "easy-bill", &error));
  g_assert_true (cxv_dataset_add_revenue (f->ds, "alice", "fiber", D (2023, 1, 5),
                                          CXV_REVENUE_NEW, 4999, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (f->ds, "bob", "fiber", D (2023, 2, 15),
                                          CXV_REVENUE_REFUND, -1000, 0, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_get_sealed (f->ds));

  g_assert_true (cxv_dataset_lookup_customer (f->ds, "alice", &alice));
  g_assert_true (cxv_dataset_lookup_customer (f->ds, "bob", &bob));
  cxv_dataset_get_customer_range (f->ds, CXV_RECORD_REVENUE, alice, &first, &count);
  g_assert_cmpuint (count, ==, 2);
  cxv_dataset_get_revenue_event (f->ds, first, &ev);
  g_assert_cmpint (ev.date, ==, D (2023, 1, 5));
  g_assert_cmpint (ev.kind, ==, CXV_REVENUE_NEW);
  cxv_dataset_get_revenue_event (f->ds, first + 1, &ev);
  g_assert_cmpint (ev.date, ==, D (2023, 2, 1));

  cxv_dataset_get_customer_range (f->ds, CXV_RECORD_REVENUE, bob, &first, &count);
  g_assert_cmpuint (count, ==, 3);
  /* Two events on 2023-02-15 keep the order they were appended in. */
  cxv_dataset_get_revenue_event (f->ds, first, &ev);
  g_assert_cmpint (ev.amount, ==, 2500);
  g_assert_cmpuint (ev.product, ==, CXV_NO_INDEX);
  g_assert_cmpstr (cxv_dataset_get_initiative_id (f->ds, ev.initiative), ==, "easy-bill");
  cxv_dataset_get_revenue_event (f->ds, first + 1, &ev);
  g_assert_cmpint (ev.amount, ==, -1000);
  g_assert_cmpuint (ev.initiative, ==, CXV_NO_INDEX);
  cxv_dataset_get_revenue_event (f->ds, first + 2, &ev);
  g_assert_cmpint (ev.date, ==, D (2023, 3, 1));
  g_assert_cmpint (ev.cost, ==, 1000);

  /* 5000 + 4999 + 2500 + 4999 - 1000, by hand. */
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, 16498);
}

static void
test_unknown_ids (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

  g_test_summary ("Sealing names undeclared ids and their count, and changes nothing");

  gt_signal_logger_connect (logger, f->ds, "notify::sealed");
  g_assert_true (cxv_dataset_add_revenue (f->ds, "ghost-1", NULL, D (2023, 1, 1),
                                          CXV_REVENUE_ONE_OFF, 100, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_holding (f->ds, "ghost-2", "fiber", D (2023, 1, 1),
                                          CXV_DATE_NONE, &error));
  g_assert_no_error (error);

  g_assert_false (cxv_dataset_seal (f->ds, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_UNKNOWN_ID);
  g_assert_nonnull (strstr (error->message, "2 customer ids"));
  g_assert_nonnull (strstr (error->message, "ghost-1"));
  g_assert_nonnull (strstr (error->message, "ghost-2"));
  g_clear_error (&error);
  g_assert_false (cxv_dataset_get_sealed (f->ds));
  gt_signal_logger_assert_no_emissions (logger);

  /* Unknown products are reported the same way. */
  g_assert_true (cxv_dataset_add_customer (f->ds, "ghost-1", NULL, CXV_DATE_NONE,
                                           CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_true (cxv_dataset_add_customer (f->ds, "ghost-2", NULL, CXV_DATE_NONE,
                                           CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_true (cxv_dataset_add_usage (f->ds, "alice", "phone", D (2023, 1, 1), 3.0, &error));
  g_assert_false (cxv_dataset_seal (f->ds, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_UNKNOWN_ID);
  g_assert_nonnull (strstr (error->message, "1 product id is"));
  g_assert_nonnull (strstr (error->message, "phone"));
  g_clear_error (&error);

  g_assert_true (cxv_dataset_add_product (f->ds, "phone", NULL, TRUE, NULL, &error));
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_notify_emission_pop (logger, f->ds, "sealed");
  gt_signal_logger_assert_no_emissions (logger);
  /* Sealing again is a no-op without a second notification. */
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  gt_signal_logger_assert_no_emissions (logger);
}

static void
test_sealed_is_immutable (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_test_summary ("A sealed dataset refuses appends");

  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_false (cxv_dataset_add_customer (f->ds, "dave", NULL, CXV_DATE_NONE,
                                            CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_false (cxv_dataset_add_revenue (f->ds, "alice", NULL, D (2023, 1, 1),
                                           CXV_REVENUE_ONE_OFF, 1, 0, NULL, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_SEALED);
  g_assert_cmpuint (n (f, CXV_RECORD_CUSTOMER), ==, 3);
  g_assert_cmpuint (n (f, CXV_RECORD_REVENUE), ==, 0);
}

static void
test_bad_values (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint before[CXV_N_RECORD_KINDS];

  g_test_summary ("Out-of-range values are refused with a GError and change nothing");

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    before[k] = n (f, k);

#define REFUSED(call, code) \
  G_STMT_START { \
    g_assert_false (call); \
    g_assert_error (error, CXV_DATASET_ERROR, code); \
    g_test_message ("%s", error->message); \
    g_clear_error (&error); \
  } G_STMT_END

  REFUSED (cxv_dataset_add_customer (f->ds, "alice", NULL, CXV_DATE_NONE,
                                     CXV_ACQUISITION_UNKNOWN, NULL, &error),
           CXV_DATASET_ERROR_DUPLICATE_ID);
  REFUSED (cxv_dataset_add_customer (f->ds, "", NULL, CXV_DATE_NONE, CXV_ACQUISITION_UNKNOWN,
                                     NULL, &error), CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_customer (f->ds, "bad\xff", NULL, CXV_DATE_NONE,
                                     CXV_ACQUISITION_UNKNOWN, NULL, &error),
           CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_customer (f->ds, "eve", NULL, CXV_DATE_NONE,
                                     CXV_ACQUISITION_UNKNOWN, "eve", &error),
           CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_customer (f->ds, "dan", NULL, CXV_DATE_MAX + 1,
                                     CXV_ACQUISITION_UNKNOWN, NULL, &error),
           CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_holding (f->ds, "alice", "fiber", D (2023, 5, 1), D (2023, 4, 30),
                                    &error), CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_feedback (f->ds, "alice", D (2023, 1, 1), CXV_INSTRUMENT_NPS, 11,
                                     NULL, NULL, &error), CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_feedback (f->ds, "alice", D (2023, 1, 1), CXV_INSTRUMENT_CSAT, 0,
                                     NULL, NULL, &error), CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_feedback (f->ds, "alice", D (2023, 1, 1), CXV_INSTRUMENT_OTHER, NAN,
                                     NULL, NULL, &error), CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_usage (f->ds, "alice", "fiber", D (2023, 1, 1), -1, &error),
           CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_interaction (f->ds, "alice", D (2023, 1, 1), "phone",
                                        CXV_CHANNEL_ASSISTED, CXV_INTERACTION_SUPPORT, TRUE, NULL,
                                        -5, &error), CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_referral (f->ds, "alice", "alice", D (2023, 1, 1), &error),
           CXV_DATASET_ERROR_INVALID_VALUE);
  REFUSED (cxv_dataset_add_initiative (f->ds, "easy-bill", NULL, FALSE, D (2023, 1, 1),
                                       CXV_DATE_NONE, &error), CXV_DATASET_ERROR_DUPLICATE_ID);
  /* A refused record with a new id must not leave the id behind. */
  REFUSED (cxv_dataset_add_revenue (f->ds, "newcomer", "new-product", D (2023, 1, 1), 99, 0, 0,
                                    NULL, &error), CXV_DATASET_ERROR_INVALID_VALUE);
  g_assert_false (cxv_dataset_lookup_customer (f->ds, "newcomer", NULL));

#undef REFUSED

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    g_assert_cmpuint (n (f, k), ==, before[k]);
  g_assert_false (cxv_dataset_lookup_customer (f->ds, "eve", NULL));
  g_assert_false (cxv_dataset_lookup_customer (f->ds, "dan", NULL));
  g_assert_false (cxv_dataset_lookup_product (f->ds, "new-product", NULL));
  g_assert_true (cxv_dataset_seal (f->ds, &error));
}

static void
test_overflow (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_test_summary ("Amounts that could make a sum overflow are refused");

  g_assert_true (cxv_dataset_add_revenue (f->ds, "alice", NULL, D (2023, 1, 1),
                                          CXV_REVENUE_ONE_OFF, G_MAXINT64 - 10, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (f->ds, "bob", NULL, D (2023, 1, 1),
                                          CXV_REVENUE_REFUND, -10, 0, NULL, &error));
  g_assert_no_error (error);
  /* |G_MAXINT64 - 10| + |-10| is G_MAXINT64: one more unit overflows. */
  g_assert_false (cxv_dataset_add_revenue (f->ds, "carol", NULL, D (2023, 1, 1),
                                           CXV_REVENUE_ONE_OFF, 1, 0, NULL, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_OVERFLOW);
  g_clear_error (&error);
  g_assert_cmpuint (n (f, CXV_RECORD_REVENUE), ==, 2);
  g_assert_cmpint (cxv_dataset_get_revenue_total (f->ds), ==, G_MAXINT64 - 20);
}

static void
test_columns (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) amounts = NULL;
  g_autoptr(GBytes) dates = NULL;
  g_auto(GStrv) names = cxv_dataset_list_columns (CXV_RECORD_REVENUE);
  const char *expected[] = { "customer", "product", "date", "kind", "amount", "cost",
                             "initiative", NULL };
  CxvElementType type;
  const gint64 *a;
  gsize size;

  g_test_summary ("Columns leave a sealed dataset as GBytes of a documented type");

  g_assert_cmpstrv (names, expected);
  g_assert_true (cxv_dataset_add_revenue (f->ds, "bob", NULL, D (2023, 2, 1),
                                          CXV_REVENUE_ONE_OFF, 300, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (f->ds, "alice", NULL, D (2023, 1, 1),
                                          CXV_REVENUE_ONE_OFF, 100, 0, NULL, &error));

  amounts = cxv_dataset_dup_column (f->ds, CXV_RECORD_REVENUE, "amount", &type, &error);
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_NOT_SEALED);
  g_assert_null (amounts);
  g_clear_error (&error);

  g_assert_true (cxv_dataset_seal (f->ds, &error));
  amounts = cxv_dataset_dup_column (f->ds, CXV_RECORD_REVENUE, "amount", &type, &error);
  g_assert_no_error (error);
  g_assert_cmpint (type, ==, CXV_ELEMENT_INT64);
  a = g_bytes_get_data (amounts, &size);
  g_assert_cmpuint (size, ==, 2 * sizeof (gint64));
  /* Sorted by customer index: alice (0) before bob (1). */
  g_assert_cmpint (a[0], ==, 100);
  g_assert_cmpint (a[1], ==, 300);

  dates = cxv_dataset_dup_column (f->ds, CXV_RECORD_REVENUE, "date", &type, &error);
  g_assert_cmpint (type, ==, CXV_ELEMENT_INT32);
  g_assert_cmpuint (g_bytes_get_size (dates), ==, 2 * sizeof (gint32));

  g_assert_null (cxv_dataset_dup_column (f->ds, CXV_RECORD_REVENUE, "declared", &type, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_null (cxv_dataset_dup_column (f->ds, CXV_RECORD_CUSTOMER, "declared", &type, &error));
  g_assert_error (error, CXV_DATASET_ERROR, CXV_DATASET_ERROR_INVALID_VALUE);
}

static void
test_record_sizes (void)
{
  g_test_summary ("Bytes per stored record match the documented layout");

  /* 4 customer + 4 product + 4 date + 1 kind + 8 amount + 8 cost + 2 initiative */
  g_assert_cmpuint (cxv_dataset_get_record_size (CXV_RECORD_REVENUE), ==, 31);
  g_assert_cmpuint (cxv_dataset_get_record_size (CXV_RECORD_HOLDING), ==, 16);
  g_assert_cmpuint (cxv_dataset_get_record_size (CXV_RECORD_INTERACTION), ==, 27);
  g_assert_cmpuint (cxv_dataset_get_record_size (CXV_RECORD_FEEDBACK), ==, 25);
  g_assert_cmpuint (cxv_dataset_get_record_size (CXV_RECORD_USAGE), ==, 20);
  g_assert_cmpuint (cxv_dataset_get_record_size (CXV_RECORD_REFERRAL), ==, 12);
  g_assert_cmpuint (cxv_dataset_get_record_size (CXV_RECORD_CUSTOMER), ==, 14);
}

static void
test_views (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(CxvCustomer) bob = NULL;
  g_autofree char *segment = NULL;
  guint tv;

  g_test_summary ("Customer views and the customer list model read the columns");

  g_assert_true (cxv_dataset_add_interaction (f->ds, "bob", D (2023, 3, 2), "phone",
                                              CXV_CHANNEL_ASSISTED, CXV_INTERACTION_COMPLAINT,
                                              FALSE, "billing", 350, &error));
  g_assert_true (cxv_dataset_add_interaction (f->ds, "bob", D (2023, 3, 1), "app",
                                              CXV_CHANNEL_LOW_COST, CXV_INTERACTION_SUPPORT,
                                              TRUE, NULL, 20, &error));
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_no_error (error);

  list = cxv_dataset_list_customers (f->ds);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  g_assert_true (g_list_model_get_item_type (list) == CXV_TYPE_CUSTOMER);
  g_assert_null (g_list_model_get_item (list, 3));
  bob = g_list_model_get_item (list, 1);
  g_assert_cmpstr (cxv_customer_get_id (bob), ==, "bob");
  g_assert_cmpstr (cxv_customer_get_segment (bob), ==, "business");
  g_assert_cmpstr (cxv_customer_get_referred_by (bob), ==, "alice");
  g_assert_cmpint (cxv_customer_get_acquisition_source (bob), ==, CXV_ACQUISITION_REFERRAL);
  g_assert_cmpint (cxv_customer_get_acquired (bob), ==, D (2023, 2, 1));
  g_assert_cmpuint (cxv_customer_get_n_records (bob, CXV_RECORD_INTERACTION), ==, 2);
  g_object_get (bob, "segment", &segment, NULL);
  g_assert_cmpstr (segment, ==, "business");

  {
    g_autoptr(CxvCustomer) carol = cxv_dataset_dup_customer (f->ds, 2);
    CxvInteraction in;
    guint first, count;

    g_assert_null (cxv_customer_get_segment (carol));
    g_assert_null (cxv_customer_get_referred_by (carol));
    g_assert_cmpint (cxv_customer_get_acquired (carol), ==, CXV_DATE_NONE);

    cxv_dataset_get_customer_range (f->ds, CXV_RECORD_INTERACTION, 1, &first, &count);
    cxv_dataset_get_interaction (f->ds, first, &in);
    g_assert_cmpstr (cxv_dataset_get_text (f->ds, in.channel), ==, "app");
    g_assert_null (cxv_dataset_get_text (f->ds, in.reason));
    cxv_dataset_get_interaction (f->ds, first + 1, &in);
    g_assert_cmpstr (cxv_dataset_get_text (f->ds, in.reason), ==, "billing");
    g_assert_false (in.resolved);
    g_assert_cmpint (in.cost, ==, 350);
  }

  g_assert_true (cxv_dataset_lookup_product (f->ds, "tv", &tv));
  g_assert_true (cxv_dataset_is_eligible (f->ds, tv, "consumer"));
  g_assert_false (cxv_dataset_is_eligible (f->ds, tv, "business"));
  g_assert_false (cxv_dataset_is_eligible (f->ds, tv, NULL));
  g_assert_true (cxv_dataset_is_eligible (f->ds, 0, "business"));
}

static void
test_feedback_topics (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *topics[] = { "speed", "price", NULL };
  g_auto(GStrv) back = NULL;
  g_auto(GStrv) none = NULL;
  CxvFeedback fb;

  g_test_summary ("Feedback keeps its score, comment and topics");

  g_assert_true (cxv_dataset_add_feedback (f->ds, "alice", D (2023, 4, 1), CXV_INSTRUMENT_NPS,
                                           9, "Fast, but dear", topics, &error));
  g_assert_true (cxv_dataset_add_feedback (f->ds, "alice", D (2023, 5, 1), CXV_INSTRUMENT_CES,
                                           2.5, NULL, NULL, &error));
  g_assert_true (cxv_dataset_seal (f->ds, &error));
  g_assert_no_error (error);

  cxv_dataset_get_feedback (f->ds, 0, &fb);
  g_assert_cmpfloat (fb.score, ==, 9.0);
  g_assert_cmpint (fb.instrument, ==, CXV_INSTRUMENT_NPS);
  g_assert_cmpstr (cxv_dataset_get_text (f->ds, fb.comment), ==, "Fast, but dear");
  back = cxv_dataset_dup_feedback_topics (f->ds, 0);
  g_assert_cmpstrv (back, topics);
  none = cxv_dataset_dup_feedback_topics (f->ds, 1);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static gpointer
sum_revenue (gpointer data)
{
  CxvDataset *ds = data;
  gint64 total = 0;

  for (guint c = 0; c < cxv_dataset_get_n_records (ds, CXV_RECORD_CUSTOMER); c++)
    {
      guint first, count;

      cxv_dataset_get_customer_range (ds, CXV_RECORD_REVENUE, c, &first, &count);
      for (guint i = first; i < first + count; i++)
        {
          CxvRevenueEvent ev;
          cxv_dataset_get_revenue_event (ds, i, &ev);
          total += ev.amount;
        }
    }
  return g_memdup2 (&total, sizeof total);
}

static void
test_threads (void)
{
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", NULL);
  g_autoptr(GError) error = NULL;
  GThread *threads[4];
  gint64 expected = 0;

  g_test_summary ("A sealed dataset is read by several threads at once");

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i % 997);
      gint64 amount = (gint64) (i * 37 % 1000) - 100;

      if (i < 997)
        g_assert_true (cxv_dataset_add_customer (ds, id, NULL, CXV_DATE_NONE,
                                                 CXV_ACQUISITION_UNKNOWN, NULL, &error));
      g_assert_true (cxv_dataset_add_revenue (ds, id, NULL, D (2020, 1, 1) + (int) (i % 300),
                                              CXV_REVENUE_ONE_OFF, amount, 0, NULL, &error));
      expected += amount;
    }
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);

  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    threads[t] = g_thread_new ("reader", sum_revenue, ds);
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_autofree gint64 *total = g_thread_join (threads[t]);
      g_assert_cmpint (*total, ==, expected);
    }
}

/* Reserving room large enough for a helper thread to fault it in, then
 * appending, growing past it, sealing or dropping the dataset: the columns
 * hold exactly what was appended, and nothing waits forever or leaks. */
static void
test_reserve (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) dropped = cxv_dataset_new ("USD", NULL);
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", NULL);
  CxvUsage u;

  g_test_summary ("Room reserved for a large import is filled, grown and trimmed safely");

  /* 20 bytes a usage record: 20 MB, then 40 MB while the first is faulted in. */
  cxv_dataset_reserve (dropped, CXV_RECORD_USAGE, 1000000);
  cxv_dataset_reserve (dropped, CXV_RECORD_USAGE, 2000000);
  g_clear_object (&dropped);

  g_assert_true (cxv_dataset_add_customer (ds, "a", NULL, CXV_DATE_NONE,
                                           CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  cxv_dataset_reserve (ds, CXV_RECORD_USAGE, 1000000);
  /* Less than is held already: nothing to do. */
  cxv_dataset_reserve (ds, CXV_RECORD_USAGE, 10);
  for (guint i = 0; i < 3; i++)
    g_assert_true (cxv_dataset_add_usage (ds, "a", "p", D (2024, 3, 3 - (int) i), 1.5 * i,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_dataset_get_n_records (ds, CXV_RECORD_USAGE), ==, 3);
  /* Sealing sorts by date: the last appended comes first. */
  cxv_dataset_get_usage (ds, 0, &u);
  g_assert_cmpint (u.date, ==, D (2024, 3, 1));
  g_assert_cmpfloat (u.quantity, ==, 3.0);
  cxv_dataset_get_usage (ds, 2, &u);
  g_assert_cmpint (u.date, ==, D (2024, 3, 3));
  g_assert_cmpfloat (u.quantity, ==, 0.0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cxv/dataset/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/cxv/dataset/currency", test_currency);
  g_test_add_func ("/cxv/dataset/record-sizes", test_record_sizes);
  g_test_add_func ("/cxv/dataset/threads", test_threads);
  g_test_add_func ("/cxv/dataset/reserve", test_reserve);
  ADD ("seal-sorts", test_seal_sorts);
  ADD ("unknown-ids", test_unknown_ids);
  ADD ("sealed-is-immutable", test_sealed_is_immutable);
  ADD ("bad-values", test_bad_values);
  ADD ("overflow", test_overflow);
  ADD ("columns", test_columns);
  ADD ("views", test_views);
  ADD ("feedback-topics", test_feedback_topics);

#undef ADD

  return g_test_run ();
}
