/* test-revenue-quality.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <stdlib.h>

#include <cxvalue.h>
#include <libglib-testing/signal-logger.h>

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))
#define OPEN       CXV_DATE_NONE
#define NONE       CXV_DATE_NONE

/* The fixture: ten customers over January and February 2024, products
 * `basic` and `plus` (recurring) and `setup` (one-off), contractual
 * activity. Every expected figure is worked out by hand below (and the
 * concentration figures were checked with exact fractions, pairwise
 * |xi − xj| for Gini). All holdings start on or after 2024-01-01 and every
 * record is dated in January or February, so the months are 2024-01 and
 * 2024-02.
 *
 *  id   segment acquired    holdings
 *  a01  smb     2022-06-15  basic [01-01, open)
 *  a02  smb     2023-01-15  basic [01-01, open), plus [02-01, open)
 *  a03  smb     2023-02-01  basic [01-01, open)
 *  a04  ent     (none)      basic [01-01, open)
 *  a05  ent     2020-01-01  basic [01-01, open), plus [01-01, open)
 *  a06  ent     2021-05-05  plus [01-01, open)
 *  a07  smb     2023-06-01  basic [02-10, open)
 *  a08  (none)  2022-01-01  basic [01-01, 02-01)   (leaves)
 *  a09  smb     2023-03-01  none                   (never active)
 *  a10  ent     2023-12-01  basic [01-01, open)
 *
 * Revenue, kind amount (cost), product basic unless named:
 *  id   January                               February
 *  a01  recurring 100 (30)                    recurring 100 (30)
 *  a02  recurring 100 (30)                    recurring 100 (30), expansion 50 (15) plus
 *  a03  recurring 100 (30)                    contraction 60 (20)
 *  a04  new 100 (30)                          recurring 100 (30)
 *  a05  recurring 300 (90), 100 (30) plus     recurring 300 (90), 100 (30) plus
 *  a06  recurring 350 (105) plus,             recurring 350 (105) plus
 *       one-off 50 (35) setup
 *  a07  -                                     new 100 (30)
 *  a08  recurring 100 (30)                    -
 *  a09  -                                     one-off 30 (10) setup
 *  a10  new 100 (30)                          recurring 100 (30), refund -150 (0)
 *
 * Interactions (channel, class, cost):
 *  Jan: a01 web low-cost 2; a05 phone assisted 10, twice; a08 phone assisted 18.
 *  Feb: a02 chat low-cost 1; a03 app low-cost 1; a10 phone assisted 20;
 *       a09 store assisted 12 (a contact from a customer who is not active).
 *
 * Segments come in the order all, ent, smb, then none. */

typedef struct
{
  const char *id;
  const char *segment;
  CxvDate     acquired;
} Customer;

typedef struct
{
  const char *customer;
  const char *product;
  CxvDate     start;
  CxvDate     end;
} Holding;

typedef struct
{
  const char     *customer;
  const char     *product;
  CxvDate         date;
  CxvRevenueKind  kind;
  gint64          amount;
  gint64          cost;
} Revenue;

typedef struct
{
  const char      *customer;
  CxvDate          date;
  const char      *channel;
  CxvChannelClass  channel_class;
  gint64           cost;
} Contact;

/* The fixture, with the segments of @segments (one per customer, in the
 * order a01 to a10) instead of the ones above when it is not NULL. */
static CxvDataset *
make_dataset_with_segments (gboolean seal, const char * const *segments)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", &error);
  const Customer customers[] = {
    { "a01", "smb", D (2022, 6, 15) }, { "a02", "smb", D (2023, 1, 15) },
    { "a03", "smb", D (2023, 2, 1) }, { "a04", "ent", NONE },
    { "a05", "ent", D (2020, 1, 1) }, { "a06", "ent", D (2021, 5, 5) },
    { "a07", "smb", D (2023, 6, 1) }, { "a08", NULL, D (2022, 1, 1) },
    { "a09", "smb", D (2023, 3, 1) }, { "a10", "ent", D (2023, 12, 1) },
  };
  const Holding holdings[] = {
    { "a01", "basic", D (2024, 1, 1), OPEN }, { "a02", "basic", D (2024, 1, 1), OPEN },
    { "a02", "plus", D (2024, 2, 1), OPEN }, { "a03", "basic", D (2024, 1, 1), OPEN },
    { "a04", "basic", D (2024, 1, 1), OPEN }, { "a05", "basic", D (2024, 1, 1), OPEN },
    { "a05", "plus", D (2024, 1, 1), OPEN }, { "a06", "plus", D (2024, 1, 1), OPEN },
    { "a07", "basic", D (2024, 2, 10), OPEN }, { "a08", "basic", D (2024, 1, 1), D (2024, 2, 1) },
    { "a10", "basic", D (2024, 1, 1), OPEN },
  };
  const Revenue revenue[] = {
    { "a01", "basic", D (2024, 1, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a02", "basic", D (2024, 1, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a03", "basic", D (2024, 1, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a04", "basic", D (2024, 1, 1), CXV_REVENUE_NEW, 100, 30 },
    { "a05", "basic", D (2024, 1, 1), CXV_REVENUE_RECURRING, 300, 90 },
    { "a05", "plus", D (2024, 1, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a06", "plus", D (2024, 1, 1), CXV_REVENUE_RECURRING, 350, 105 },
    { "a06", "setup", D (2024, 1, 5), CXV_REVENUE_ONE_OFF, 50, 35 },
    { "a08", "basic", D (2024, 1, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a10", "basic", D (2024, 1, 1), CXV_REVENUE_NEW, 100, 30 },
    { "a01", "basic", D (2024, 2, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a02", "basic", D (2024, 2, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a02", "plus", D (2024, 2, 1), CXV_REVENUE_EXPANSION, 50, 15 },
    { "a03", "basic", D (2024, 2, 1), CXV_REVENUE_CONTRACTION, 60, 20 },
    { "a04", "basic", D (2024, 2, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a05", "basic", D (2024, 2, 1), CXV_REVENUE_RECURRING, 300, 90 },
    { "a05", "plus", D (2024, 2, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a06", "plus", D (2024, 2, 1), CXV_REVENUE_RECURRING, 350, 105 },
    { "a07", "basic", D (2024, 2, 10), CXV_REVENUE_NEW, 100, 30 },
    { "a09", "setup", D (2024, 2, 12), CXV_REVENUE_ONE_OFF, 30, 10 },
    { "a10", "basic", D (2024, 2, 1), CXV_REVENUE_RECURRING, 100, 30 },
    { "a10", "basic", D (2024, 2, 20), CXV_REVENUE_REFUND, -150, 0 },
  };
  const Contact contacts[] = {
    { "a01", D (2024, 1, 3), "web", CXV_CHANNEL_LOW_COST, 2 },
    { "a05", D (2024, 1, 8), "phone", CXV_CHANNEL_ASSISTED, 10 },
    { "a05", D (2024, 1, 9), "phone", CXV_CHANNEL_ASSISTED, 10 },
    { "a08", D (2024, 1, 25), "phone", CXV_CHANNEL_ASSISTED, 18 },
    { "a02", D (2024, 2, 2), "chat", CXV_CHANNEL_LOW_COST, 1 },
    { "a03", D (2024, 2, 3), "app", CXV_CHANNEL_LOW_COST, 1 },
    { "a10", D (2024, 2, 21), "phone", CXV_CHANNEL_ASSISTED, 20 },
    { "a09", D (2024, 2, 29), "store", CXV_CHANNEL_ASSISTED, 12 },
  };

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (customers); i++)
    g_assert_true (cxv_dataset_add_customer (ds, customers[i].id,
                                             segments != NULL ? segments[i] : customers[i].segment,
                                             customers[i].acquired, CXV_ACQUISITION_UNKNOWN, NULL,
                                             &error));
  g_assert_true (cxv_dataset_add_product (ds, "basic", NULL, TRUE, NULL, &error));
  g_assert_true (cxv_dataset_add_product (ds, "plus", NULL, TRUE, NULL, &error));
  g_assert_true (cxv_dataset_add_product (ds, "setup", NULL, FALSE, NULL, &error));
  for (gsize i = 0; i < G_N_ELEMENTS (holdings); i++)
    g_assert_true (cxv_dataset_add_holding (ds, holdings[i].customer, holdings[i].product,
                                            holdings[i].start, holdings[i].end, &error));
  for (gsize i = 0; i < G_N_ELEMENTS (revenue); i++)
    g_assert_true (cxv_dataset_add_revenue (ds, revenue[i].customer, revenue[i].product,
                                            revenue[i].date, revenue[i].kind, revenue[i].amount,
                                            revenue[i].cost, NULL, &error));
  for (gsize i = 0; i < G_N_ELEMENTS (contacts); i++)
    g_assert_true (cxv_dataset_add_interaction (ds, contacts[i].customer, contacts[i].date,
                                                contacts[i].channel, contacts[i].channel_class,
                                                CXV_INTERACTION_SUPPORT, TRUE, NULL,
                                                contacts[i].cost, &error));
  g_assert_no_error (error);
  if (seal)
    g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&ds);
}

static CxvDataset *
make_dataset (gboolean seal)
{
  return make_dataset_with_segments (seal, NULL);
}

static guint
column (CxvTable *table, const char *name)
{
  guint c;

  g_assert_true (cxv_table_lookup_column (table, name, &c));
  return c;
}

static gint64
get_int (CxvTable *t, guint row, const char *name)
{
  return cxv_table_get_int (t, row, column (t, name));
}

static gint64
get_money (CxvTable *t, guint row, const char *name)
{
  return cxv_table_get_money (t, row, column (t, name));
}

static double
get_double (CxvTable *t, guint row, const char *name)
{
  guint c = column (t, name);

  g_assert_false (cxv_table_is_null (t, row, c));
  return cxv_table_get_double (t, row, c);
}

static gboolean
get_boolean (CxvTable *t, guint row, const char *name)
{
  guint c = column (t, name);

  g_assert_false (cxv_table_is_null (t, row, c));
  return cxv_table_get_boolean (t, row, c);
}

static void
assert_double (CxvTable *t, guint row, const char *name, double expected)
{
  g_assert_cmpfloat_with_epsilon (get_double (t, row, name), expected, 1e-12);
}

static void
assert_null (CxvTable *t, guint row, const char *name)
{
  g_assert_true (cxv_table_is_null (t, row, column (t, name)));
}

static void
assert_row (CxvTable *t, guint row, const char *period, const char *segment)
{
  g_assert_cmpstr (cxv_table_get_text (t, row, column (t, "period")), ==, period);
  if (segment != NULL)
    g_assert_cmpstr (cxv_table_get_text (t, row, column (t, "segment")), ==, segment);
  else
    assert_null (t, row, "segment");
}

static CxvRevenueQuality *
run_quality (CxvDataset *ds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvRevenueQuality) rq = cxv_revenue_quality_new (ds);

  g_assert_true (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&rq);
}

/* Rows: 0..3 are 2024-01 (all, ent, smb, none), 4..7 are 2024-02. */
enum { JAN = 0, FEB = 4, ALL = 0, ENT = 1, SMB = 2, NO_SEGMENT = 3 };

static void
test_predictable (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvRevenueQuality) rq = run_quality (ds);
  CxvTable *t = cxv_revenue_quality_get_periods (rq);

  g_test_summary ("Recurring share, NRR, GRR and tenured share match the hand calculation");

  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 8);
  g_assert_cmpstr (cxv_table_get_currency (t), ==, "USD");
  assert_row (t, JAN + ALL, "2024-01", "all");
  assert_row (t, JAN + ENT, "2024-01", "ent");
  assert_row (t, JAN + SMB, "2024-01", "smb");
  assert_row (t, JAN + NO_SEGMENT, "2024-01", NULL);
  assert_row (t, FEB + ALL, "2024-02", "all");
  assert_row (t, FEB + NO_SEGMENT, "2024-02", NULL);

  /* January: revenue 100 × 6 (a01 a02 a03 a04 a08 a10) + 400 (a05) + 400
   * (a06: 350 + the one-off 50) = 1400; recurring 1400 − 50 = 1350. */
  g_assert_cmpint (get_money (t, JAN + ALL, "revenue"), ==, 1400);
  g_assert_cmpint (get_money (t, JAN + ALL, "recurring_revenue"), ==, 1350);
  assert_double (t, JAN + ALL, "recurring_share", 1350.0 / 1400.0);
  /* The first period has no period before it. */
  assert_null (t, JAN + ALL, "nrr");
  assert_null (t, JAN + ALL, "grr");
  /* Tenured in January (acquired before 2023-01-01): a01 (2022-06-15), a05,
   * a06, a08 (2022-01-01): 100 + 400 + 400 + 100 = 1000. a02 (2023-01-15)
   * is not yet; a04 has no date, so its first spell (2024-01-01) counts. */
  assert_double (t, JAN + ALL, "tenured_share", 1000.0 / 1400.0);

  /* February: 100 + 150 + 60 + 100 + 400 + 350 + 100 (a07) + 30 (a09) +
   * 100 − 150 (a10) = 1240; recurring leaves out a09's one-off and a10's
   * refund: 1240 − 30 + 150 = 1360. The refund lowers the denominator only,
   * so the share exceeds 1, as documented. */
  g_assert_cmpint (get_money (t, FEB + ALL, "revenue"), ==, 1240);
  g_assert_cmpint (get_money (t, FEB + ALL, "recurring_revenue"), ==, 1360);
  assert_double (t, FEB + ALL, "recurring_share", 1360.0 / 1240.0);
  /* Active on 01-31: a01..a06, a08 (its holding ends on 02-01) and a10; not
   * a07 (from 02-10) nor a09 (never). Their recurring revenue:
   *   Jan 100 100 100 100 400 350 100 100 = 1350
   *   Feb 100 150  60 100 400 350   0 100 = 1260
   *   min 100 100  60 100 400 350   0 100 = 1210
   * NRR = 1260 / 1350, GRR = 1210 / 1350: the ledger's definitions. */
  assert_double (t, FEB + ALL, "nrr", 1260.0 / 1350.0);
  assert_double (t, FEB + ALL, "grr", 1210.0 / 1350.0);
  /* Tenured in February (acquired before 2023-02-01): a01, a02 (2023-01-15
   * now is), a05, a06; a03 (acquired exactly 2023-02-01) is not:
   * 100 + 150 + 400 + 350 = 1000. */
  assert_double (t, FEB + ALL, "tenured_share", 1000.0 / 1240.0);

  /* Segments in February. ent (a04 a05 a06 a10): revenue 100 + 400 + 350 +
   * 100 − 150 = 800; recurring 950 both months, so NRR = GRR = 1. smb
   * (a01 a02 a03 active at the start): 300 → 310, min 260. No segment
   * (a08, gone): 100 → 0. */
  g_assert_cmpint (get_money (t, FEB + ENT, "revenue"), ==, 800);
  assert_double (t, FEB + ENT, "nrr", 1.0);
  assert_double (t, FEB + ENT, "grr", 1.0);
  g_assert_cmpint (get_money (t, FEB + SMB, "revenue"), ==, 440);
  assert_double (t, FEB + SMB, "nrr", 310.0 / 300.0);
  assert_double (t, FEB + SMB, "grr", 260.0 / 300.0);
  g_assert_cmpint (get_money (t, FEB + NO_SEGMENT, "revenue"), ==, 0);
  assert_double (t, FEB + NO_SEGMENT, "nrr", 0.0);
  assert_double (t, FEB + NO_SEGMENT, "grr", 0.0);
  /* No revenue: no share of it. */
  assert_null (t, FEB + NO_SEGMENT, "recurring_share");
  assert_null (t, FEB + NO_SEGMENT, "tenured_share");
}

static void
test_volatility (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvRevenueQuality) rq = run_quality (ds);
  CxvTable *s = cxv_revenue_quality_get_summary (rq);

  g_test_summary ("The coefficient of variation of period revenue, per segment");

  /* all: 1400 and 1240, mean 1320, population sd 80, CV 80 / 1320.
   * ent: 1000 and 800: 900, 100. smb: 300 and 440: 370, 70.
   * none: 100 and 0: 50, 50, CV 1. */
  g_assert_cmpuint (cxv_table_get_n_rows (s), ==, 4);
  g_assert_cmpstr (cxv_table_get_text (s, 0, column (s, "segment")), ==, "all");
  g_assert_cmpstr (cxv_table_get_text (s, 1, column (s, "segment")), ==, "ent");
  g_assert_cmpstr (cxv_table_get_text (s, 2, column (s, "segment")), ==, "smb");
  assert_null (s, 3, "segment");
  g_assert_cmpint (get_int (s, 0, "periods"), ==, 2);
  g_assert_cmpint (get_money (s, 0, "revenue"), ==, 2640);
  g_assert_cmpint (get_money (s, 0, "mean_revenue"), ==, 1320);
  g_assert_cmpint (get_money (s, 0, "sd_revenue"), ==, 80);
  /* 370 and 70 for smb; 50 and 50 for no segment. */
  g_assert_cmpint (get_money (s, 2, "mean_revenue"), ==, 370);
  g_assert_cmpint (get_money (s, 3, "sd_revenue"), ==, 50);
  assert_double (s, 0, "coefficient_of_variation", 80.0 / 1320.0);
  assert_double (s, 1, "coefficient_of_variation", 100.0 / 900.0);
  assert_double (s, 2, "coefficient_of_variation", 70.0 / 370.0);
  assert_double (s, 3, "coefficient_of_variation", 1.0);
}

static void
test_profitable (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvRevenueQuality) rq = run_quality (ds);
  CxvTable *t = cxv_revenue_quality_get_periods (rq);

  g_test_summary ("Gross margin, cost to serve and contact figures match the hand calculation");

  /* January: revenue cost 30 × 6 + 120 (a05) + 105 + 35 (a06) = 440; gross
   * margin (1400 − 440) / 1400. Contacts 2 + 10 + 10 + 18 = 40, 1 of 4
   * low-cost; margin after it (1400 − 440 − 40) / 1400. Active in January:
   * a01..a06, a08, a10 = 8, so 40 / 8 = 5 per customer. */
  g_assert_cmpint (get_money (t, JAN + ALL, "revenue_cost"), ==, 440);
  assert_double (t, JAN + ALL, "gross_margin", 960.0 / 1400.0);
  g_assert_cmpint (get_money (t, JAN + ALL, "cost_to_serve"), ==, 40);
  assert_double (t, JAN + ALL, "margin_after_cost_to_serve", 920.0 / 1400.0);
  g_assert_cmpint (get_int (t, JAN + ALL, "customers"), ==, 8);
  g_assert_cmpint (get_money (t, JAN + ALL, "contact_cost_per_customer"), ==, 5);
  g_assert_cmpint (get_int (t, JAN + ALL, "contacts"), ==, 4);
  assert_double (t, JAN + ALL, "low_cost_share", 0.25);

  /* February: revenue cost 30 + 45 + 20 + 30 + 120 + 105 + 30 + 10 + 30 + 0
   * = 420. Contacts 1 + 1 + 20 + 12 = 34 (a09's counts though it is not
   * active), 2 of 4 low-cost. Active: a01..a07 and a10 = 8 (a08 left on
   * 02-01): 34 / 8 = 4.25, rounded to 4. */
  g_assert_cmpint (get_money (t, FEB + ALL, "revenue_cost"), ==, 420);
  assert_double (t, FEB + ALL, "gross_margin", 820.0 / 1240.0);
  g_assert_cmpint (get_money (t, FEB + ALL, "cost_to_serve"), ==, 34);
  assert_double (t, FEB + ALL, "margin_after_cost_to_serve", 786.0 / 1240.0);
  g_assert_cmpint (get_int (t, FEB + ALL, "customers"), ==, 8);
  g_assert_cmpint (get_money (t, FEB + ALL, "contact_cost_per_customer"), ==, 4);
  assert_double (t, FEB + ALL, "low_cost_share", 0.5);

  /* ent in January: a04 a05 a06 a10, revenue 1000, cost 30 + 120 + 140 +
   * 30 = 320, contacts a05's two at 10: 20 / 4 = 5, none low-cost. */
  g_assert_cmpint (get_money (t, JAN + ENT, "revenue_cost"), ==, 320);
  assert_double (t, JAN + ENT, "gross_margin", 680.0 / 1000.0);
  assert_double (t, JAN + ENT, "margin_after_cost_to_serve", 660.0 / 1000.0);
  g_assert_cmpint (get_money (t, JAN + ENT, "contact_cost_per_customer"), ==, 5);
  assert_double (t, JAN + ENT, "low_cost_share", 0.0);

  /* No segment in February: a08 is gone, nothing to divide by. */
  g_assert_cmpint (get_int (t, FEB + NO_SEGMENT, "customers"), ==, 0);
  assert_null (t, FEB + NO_SEGMENT, "contact_cost_per_customer");
  assert_null (t, FEB + NO_SEGMENT, "low_cost_share");
  assert_null (t, FEB + NO_SEGMENT, "gross_margin");
  assert_null (t, FEB + NO_SEGMENT, "mean_products");
}

static void
test_diverse (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvRevenueQuality) rq = run_quality (ds);
  CxvTable *t = cxv_revenue_quality_get_periods (rq);

  g_test_summary ("Concentration with a tie and a refund, and product breadth, by hand");

  /* January, 8 customers with revenue: 100 × 6, 400 (a05), 400 (a06): a tie
   * for the largest. Total 1400.
   * largest 400 / 1400 = 2/7 > 0.15, two customers share it;
   * top 10 = everyone = 1; top decile = ⌈8 / 10⌉ = 1 customer = 2/7;
   * HHI = 6 (1/14)² + 2 (2/7)² = 38/196 = 19/98;
   * Gini: sorted, Σ (2i − 9) xᵢ = 100 (−7 −5 −3 −1 +1 +3) + 400 (5 + 7) =
   * 3600, over n Σx = 8 × 1400: 9/28 (pairwise: 24 ordered pairs differ by
   * 300, 7200 / (2 × 64 × 175) = 9/28). */
  g_assert_cmpint (get_int (t, JAN + ALL, "revenue_customers"), ==, 8);
  assert_double (t, JAN + ALL, "largest_share", 2.0 / 7.0);
  g_assert_cmpint (get_int (t, JAN + ALL, "largest_customers"), ==, 2);
  g_assert_true (get_boolean (t, JAN + ALL, "concentrated"));
  assert_double (t, JAN + ALL, "top_n_share", 1.0);
  assert_double (t, JAN + ALL, "top_decile_share", 2.0 / 7.0);
  assert_double (t, JAN + ALL, "herfindahl", 19.0 / 98.0);
  assert_double (t, JAN + ALL, "gini", 9.0 / 28.0);

  /* ent in January: 100, 100, 400, 400 (the tie again): largest 0.4, HHI
   * 0.01 + 0.01 + 0.16 + 0.16 = 0.34, Gini (−300 − 100 + 400 + 1200) /
   * (4 × 1000) = 0.3. smb: three equal customers: HHI 1/3, Gini 0, all
   * three tied. No segment: a08 alone, HHI 1, Gini 0. */
  assert_double (t, JAN + ENT, "largest_share", 0.4);
  g_assert_cmpint (get_int (t, JAN + ENT, "largest_customers"), ==, 2);
  assert_double (t, JAN + ENT, "herfindahl", 0.34);
  assert_double (t, JAN + ENT, "gini", 0.3);
  assert_double (t, JAN + SMB, "herfindahl", 1.0 / 3.0);
  assert_double (t, JAN + SMB, "gini", 0.0);
  g_assert_cmpint (get_int (t, JAN + SMB, "largest_customers"), ==, 3);
  assert_double (t, JAN + NO_SEGMENT, "herfindahl", 1.0);
  assert_double (t, JAN + NO_SEGMENT, "gini", 0.0);
  assert_double (t, JAN + NO_SEGMENT, "largest_share", 1.0);

  /* February, 9 customers with revenue (a09 too, not active): a10 nets
   * 100 − 150 = −50, clamped to 0. Sorted: 0 30 60 100 100 100 150 350 400,
   * total 1290. largest 400/1290 = 40/129, alone; top decile ⌈0.9⌉ = 1;
   * HHI (0 + 900 + 3600 + 3 × 10000 + 22500 + 122500 + 160000) / 1290² =
   * 339500 / 1664100 = 3395/16641; Gini Σ (2i − 10) xᵢ = −180 − 240 − 200 +
   * 0 + 200 + 600 + 2100 + 3200 = 5480 over 9 × 1290: 548/1161. */
  g_assert_cmpint (get_int (t, FEB + ALL, "revenue_customers"), ==, 9);
  assert_double (t, FEB + ALL, "largest_share", 40.0 / 129.0);
  g_assert_cmpint (get_int (t, FEB + ALL, "largest_customers"), ==, 1);
  g_assert_true (get_boolean (t, FEB + ALL, "concentrated"));
  assert_double (t, FEB + ALL, "top_decile_share", 40.0 / 129.0);
  assert_double (t, FEB + ALL, "herfindahl", 3395.0 / 16641.0);
  assert_double (t, FEB + ALL, "gini", 548.0 / 1161.0);
  /* ent: 100, 400, 350, 0: total 850, largest 8/17, HHI (1 + 16 + 12.25) /
   * 72.25 = 117/289, Gini (−3 × 0 − 100 + 350 + 3 × 400) / (4 × 850) =
   * 1450 / 3400 = 29/68. */
  assert_double (t, FEB + ENT, "largest_share", 8.0 / 17.0);
  assert_double (t, FEB + ENT, "herfindahl", 117.0 / 289.0);
  assert_double (t, FEB + ENT, "gini", 29.0 / 68.0);
  /* Nobody without a segment had revenue: no concentration to speak of. */
  g_assert_cmpint (get_int (t, FEB + NO_SEGMENT, "revenue_customers"), ==, 0);
  assert_null (t, FEB + NO_SEGMENT, "herfindahl");
  assert_null (t, FEB + NO_SEGMENT, "gini");
  assert_null (t, FEB + NO_SEGMENT, "concentrated");

  /* Products. January: a01 a02 a03 a04 1 each, a05 2 (basic, plus), a06 2
   * (plus held, setup billed), a08 1, a10 1: 10 over 8. February: a02 2
   * (plus held and billed counts once), a05 2, the others 1 (a10's refund
   * names basic, which it holds), a09's setup is left out since it is not
   * active: 10 over 8. */
  assert_double (t, JAN + ALL, "mean_products", 10.0 / 8.0);
  assert_double (t, FEB + ALL, "mean_products", 10.0 / 8.0);
  assert_double (t, JAN + ENT, "mean_products", 6.0 / 4.0);
}

/* Products held are counted per period on a grid of periods × products,
 * or, for a catalogue too large for one, by sorting: the two give the same
 * table. 600,000 products that nobody holds push the two months of
 * the fixture past the grid's million cells. */
static void
test_large_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) small = make_dataset (TRUE);
  g_autoptr(CxvDataset) large = make_dataset (FALSE);
  g_autoptr(CxvRevenueQuality) rq_small = NULL, rq_large = NULL;
  g_autofree char *json_small = NULL, *json_large = NULL;

  g_test_summary ("A large catalogue counts products held as a small one does");

  for (guint i = 0; i < 600000; i++)
    {
      char code[32];

      g_snprintf (code, sizeof code, "unused-%u", i);
      g_assert_true (cxv_dataset_add_product (large, code, NULL, TRUE, NULL, &error));
    }
  g_assert_true (cxv_dataset_seal (large, &error));
  g_assert_no_error (error);

  rq_small = run_quality (small);
  rq_large = run_quality (large);
  json_small = cxv_table_to_json (cxv_revenue_quality_get_periods (rq_small), FALSE);
  json_large = cxv_table_to_json (cxv_revenue_quality_get_periods (rq_large), FALSE);
  g_assert_cmpstr (json_large, ==, json_small);
  /* The hand count of test_diverse: 10 products over 8 customers. */
  assert_double (cxv_revenue_quality_get_periods (rq_large), JAN + ALL, "mean_products",
                 10.0 / 8.0);
}

static void
test_settings (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvRevenueQuality) rq = cxv_revenue_quality_new (ds);
  g_autoptr(GError) error = NULL;
  CxvTable *t;

  g_test_summary ("top-n, concentration-flag at its boundary and tenure-months change the figures");

  /* Top 3 in January: 400 + 400 + 100 = 900 of 1400. A flag equal to the
   * largest share does not raise it (strictly above). Tenure 0: revenue
   * from anyone acquired before the period: in January every dated
   * customer (a04's first spell starts on 01-01, so it is not): 1300. */
  cxv_revenue_quality_set_top_n (rq, 3);
  cxv_revenue_quality_set_concentration_flag (rq, 400.0 / 1400.0);
  cxv_revenue_quality_set_tenure_months (rq, 0);
  g_assert_true (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_no_error (error);
  t = cxv_revenue_quality_get_periods (rq);
  assert_double (t, JAN + ALL, "top_n_share", 900.0 / 1400.0);
  g_assert_false (get_boolean (t, JAN + ALL, "concentrated"));
  assert_double (t, JAN + ALL, "tenured_share", 1300.0 / 1400.0);
  /* 1 never raises it. */
  cxv_revenue_quality_set_concentration_flag (rq, 1.0);
  g_assert_true (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_false (get_boolean (cxv_revenue_quality_get_periods (rq), JAN + NO_SEGMENT,
                               "concentrated"));
}

/* Four customers, one month, revenues 1, 1, 1 and 7, and a fifth whose
 * refund outweighs its charge. */
static void
test_formulas (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvRevenueQuality) rq = NULL;
  const gint64 amounts[] = { 1, 1, 1, 7 };
  CxvTable *t;

  g_test_summary ("A customer whose refund outweighs its charges counts as 0: 0, 1, 1, 1, 7");

  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);

      g_assert_true (cxv_dataset_add_customer (ds, id, NULL, NONE, CXV_ACQUISITION_UNKNOWN, NULL,
                                               &error));
      g_assert_true (cxv_dataset_add_holding (ds, id, "p", D (2024, 5, 1), OPEN, &error));
      if (i < 4)
        g_assert_true (cxv_dataset_add_revenue (ds, id, "p", D (2024, 5, 1), CXV_REVENUE_NEW,
                                                amounts[i], 0, NULL, &error));
    }
  g_assert_true (cxv_dataset_add_revenue (ds, "c4", "p", D (2024, 5, 1), CXV_REVENUE_NEW, 2, 0,
                                          NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "c4", "p", D (2024, 5, 31), CXV_REVENUE_REFUND, -5,
                                          0, NULL, &error));
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  rq = run_quality (ds);
  t = cxv_revenue_quality_get_periods (rq);

  /* One period, and no segment: "all" and the null segment. c4 nets −3 and
   * counts as 0: shares 0.1 0.1 0.1 0.7 0, HHI 0.01 × 3 + 0.49 = 0.52.
   * Gini over the five (0 1 1 1 7): Σ (2i − 6) xᵢ = 0 − 2 + 0 + 2 + 28 = 28
   * over 5 × 10: 0.56 (pairwise: 0 differs from 1, 1, 1 and 7 by 10, the
   * 1s from 7 by 18, twice each: 56 / (2 × 25 × 2) = 0.56). Without c4 it
   * would be 0.45, as /cxv/revenue-quality/formulas checks. */
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 2);
  g_assert_cmpint (get_money (t, 0, "revenue"), ==, 7);
  g_assert_cmpint (get_int (t, 0, "revenue_customers"), ==, 5);
  assert_double (t, 0, "herfindahl", 0.52);
  assert_double (t, 0, "gini", 0.56);
  assert_double (t, 0, "largest_share", 0.7);
  assert_double (t, 0, "top_decile_share", 0.7);
}

static void
test_formulas_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvRevenueQuality) rq = NULL;
  const gint64 amounts[] = { 1, 7, 1, 1 };
  CxvTable *t;

  g_test_summary ("Revenues 1, 1, 1, 7 give HHI 0.52 and Gini 0.45 (mean absolute difference)");

  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);

      g_assert_true (cxv_dataset_add_customer (ds, id, "s", NONE, CXV_ACQUISITION_UNKNOWN, NULL,
                                               &error));
      g_assert_true (cxv_dataset_add_holding (ds, id, "p", D (2024, 5, 1), OPEN, &error));
      g_assert_true (cxv_dataset_add_revenue (ds, id, "p", D (2024, 5, 1), CXV_REVENUE_NEW,
                                              amounts[i], 0, NULL, &error));
    }
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  rq = run_quality (ds);
  t = cxv_revenue_quality_get_periods (rq);

  /* HHI 3 × 0.1² + 0.7² = 0.52. Gini: the 3 × 2 ordered pairs (1, 7) and
   * (7, 1) differ by 6, Σ|xi − xj| = 36, over 2 n² x̄ = 2 × 16 × 2.5 = 80:
   * 0.45. Largest 0.7; top decile ⌈0.4⌉ = 1 customer. */
  for (guint row = 0; row < 2; row++)
    {
      assert_double (t, row, "herfindahl", 0.52);
      assert_double (t, row, "gini", 0.45);
      assert_double (t, row, "largest_share", 0.7);
      assert_double (t, row, "top_n_share", 1.0);
      assert_double (t, row, "top_decile_share", 0.7);
      g_assert_true (get_boolean (t, row, "concentrated"));
    }
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) unsealed = make_dataset (FALSE);
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvDataset) empty = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvRevenueQuality) a = cxv_revenue_quality_new (unsealed);
  g_autoptr(CxvRevenueQuality) b = cxv_revenue_quality_new (ds);
  g_autoptr(CxvRevenueQuality) c = NULL;
  const double bad_flags[] = { 0.0, -0.1, 1.5, NAN, INFINITY };

  g_test_summary ("Bad input: unsealed, empty, flag outside (0, 1], top-n 0, bad settings");

  g_assert_null (cxv_revenue_quality_get_periods (a));
  g_assert_null (cxv_revenue_quality_get_summary (a));
  g_assert_false (cxv_revenue_quality_run (a, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_SEALED);
  g_clear_error (&error);

  g_assert_true (cxv_dataset_seal (empty, &error));
  c = cxv_revenue_quality_new (empty);
  g_assert_false (cxv_revenue_quality_run (c, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_EMPTY);
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_flags); i++)
    {
      cxv_revenue_quality_set_concentration_flag (b, bad_flags[i]);
      g_assert_false (cxv_revenue_quality_run (b, NULL, &error));
      g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  cxv_revenue_quality_set_concentration_flag (b, 0.15);

  cxv_revenue_quality_set_top_n (b, 0);
  g_assert_false (cxv_revenue_quality_run (b, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  cxv_revenue_quality_set_top_n (b, 10);

  cxv_revenue_quality_set_tenure_months (b, 1201);
  g_assert_false (cxv_revenue_quality_run (b, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  cxv_revenue_quality_set_tenure_months (b, 12);

  cxv_revenue_quality_set_period (b, (CxvPeriod) 17);
  g_assert_false (cxv_revenue_quality_run (b, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  cxv_revenue_quality_set_period (b, CXV_PERIOD_MONTH);

  cxv_revenue_quality_set_activity (b, CXV_ACTIVITY_NON_CONTRACTUAL);
  cxv_revenue_quality_set_inactivity_days (b, 0);
  g_assert_false (cxv_revenue_quality_run (b, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (cxv_revenue_quality_get_periods (b));

  /* Back in range, it runs; a later failure keeps the results. */
  cxv_revenue_quality_set_activity (b, CXV_ACTIVITY_CONTRACTUAL);
  g_assert_true (cxv_revenue_quality_run (b, NULL, &error));
  g_assert_no_error (error);
  cxv_revenue_quality_set_top_n (b, 0);
  g_assert_false (cxv_revenue_quality_run (b, NULL, &error));
  g_clear_error (&error);
  g_assert_nonnull (cxv_revenue_quality_get_periods (b));
  g_assert_nonnull (cxv_revenue_quality_get_summary (b));
}

static void
test_properties (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvRevenueQuality) rq = cxv_revenue_quality_new (ds);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(CxvDataset) got = NULL;
  g_autoptr(CxvQore) qore = cxv_qore_new (ds);
  g_autoptr(CxvQore) got_qore = NULL;
  double flag;
  guint top_n, tenure;

  g_test_summary ("Properties have their documented defaults and notify only on a change");

  g_assert_true (cxv_revenue_quality_get_dataset (rq) == ds);
  g_assert_cmpint (cxv_revenue_quality_get_period (rq), ==, CXV_PERIOD_MONTH);
  g_assert_cmpint (cxv_revenue_quality_get_activity (rq), ==, CXV_ACTIVITY_CONTRACTUAL);
  g_assert_cmpuint (cxv_revenue_quality_get_inactivity_days (rq), ==, 90);
  g_assert_cmpfloat (cxv_revenue_quality_get_concentration_flag (rq), ==, 0.15);
  g_assert_cmpuint (cxv_revenue_quality_get_top_n (rq), ==, 10);
  g_assert_cmpuint (cxv_revenue_quality_get_tenure_months (rq), ==, 12);
  g_assert_null (cxv_revenue_quality_get_qore (rq));

  gt_signal_logger_connect (logger, rq, "notify");
  cxv_revenue_quality_set_period (rq, CXV_PERIOD_QUARTER);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "period");
  cxv_revenue_quality_set_period (rq, CXV_PERIOD_QUARTER);
  cxv_revenue_quality_set_activity (rq, CXV_ACTIVITY_NON_CONTRACTUAL);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "activity");
  cxv_revenue_quality_set_activity (rq, CXV_ACTIVITY_NON_CONTRACTUAL);
  g_object_set (rq, "inactivity-days", 30, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "inactivity-days");
  g_object_set (rq, "inactivity-days", 30, NULL);
  cxv_revenue_quality_set_concentration_flag (rq, 0.25);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "concentration-flag");
  g_object_set (rq, "concentration-flag", 0.25, NULL);
  cxv_revenue_quality_set_concentration_flag (rq, NAN);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "concentration-flag");
  cxv_revenue_quality_set_concentration_flag (rq, NAN);
  cxv_revenue_quality_set_concentration_flag (rq, 0.25);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "concentration-flag");
  g_object_set (rq, "top-n", 5, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "top-n");
  cxv_revenue_quality_set_top_n (rq, 5);
  cxv_revenue_quality_set_tenure_months (rq, 24);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "tenure-months");
  g_object_set (rq, "tenure-months", 24, NULL);
  cxv_revenue_quality_set_qore (rq, qore);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "qore");
  g_object_set (rq, "qore", qore, NULL);
  gt_signal_logger_assert_no_emissions (logger);
  g_object_get (rq, "qore", &got_qore, NULL);
  g_assert_true (got_qore == qore);
  g_object_set (rq, "qore", NULL, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, rq, "qore");
  cxv_revenue_quality_set_qore (rq, NULL);
  gt_signal_logger_assert_no_emissions (logger);

  g_object_get (rq, "dataset", &got, "concentration-flag", &flag, "top-n", &top_n,
                "tenure-months", &tenure, NULL);
  g_assert_true (got == ds);
  g_assert_cmpfloat (flag, ==, 0.25);
  g_assert_cmpuint (top_n, ==, 5);
  g_assert_cmpuint (tenure, ==, 24);
}

static void
async_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_revenue_quality_run_finish (CXV_REVENUE_QUALITY (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvRevenueQuality) rq = cxv_revenue_quality_new (ds);
  gboolean done = FALSE;
  CxvTable *t;

  g_test_summary ("run_async gives the results run gives");

  cxv_revenue_quality_run_async (rq, NULL, async_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  t = cxv_revenue_quality_get_periods (rq);
  g_assert_nonnull (t);
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 8);
  assert_double (t, FEB + ALL, "gini", 548.0 / 1161.0);
  g_assert_nonnull (cxv_revenue_quality_get_summary (rq));
}

static void
test_simulator (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvSimulator) sim = cxv_simulator_new ();
  g_autoptr(CxvDataset) ds = NULL;
  g_autoptr(CxvRevenueQuality) rq = NULL;
  g_autoptr(CxvLedger) ledger = NULL;
  CxvTable *t, *s, *lp;
  guint n_rows, n_established = 0, k = 0;
  gint64 revenue = 0, recurring = 0;

  g_test_summary ("On the simulator: mostly recurring, unconcentrated revenue; NRR and GRR "
                  "equal to the ledger's");

  g_object_set (sim, "n-customers", 20000, "seed", (guint64) 7, NULL);
  ds = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);
  rq = run_quality (ds);
  t = cxv_revenue_quality_get_periods (rq);
  s = cxv_revenue_quality_get_summary (rq);
  n_rows = cxv_table_get_n_rows (t);

  /* A second method for NRR and GRR: the ledger, which defines them. */
  ledger = cxv_ledger_new (ds);
  g_assert_true (cxv_ledger_run (ledger, NULL, &error));
  g_assert_no_error (error);
  lp = cxv_ledger_get_periods (ledger);

  for (guint i = 0; i < n_rows; i++)
    {
      const char *segment = cxv_table_get_text (t, i, column (t, "segment"));
      gboolean all = g_strcmp0 (segment, "all") == 0;

      if (all)
        {
          g_assert_cmpstr (cxv_table_get_text (t, i, column (t, "period")), ==,
                           cxv_table_get_text (lp, k, column (lp, "period")));
          g_assert_cmpint (get_money (t, i, "revenue"), ==, get_money (lp, k, "revenue"));
          g_assert_cmpint (cxv_table_is_null (t, i, column (t, "nrr")), ==,
                           cxv_table_is_null (lp, k, column (lp, "nrr")));
          if (!cxv_table_is_null (lp, k, column (lp, "nrr")))
            {
              assert_double (t, i, "nrr", get_double (lp, k, "nrr"));
              assert_double (t, i, "grr", get_double (lp, k, "grr"));
            }
          revenue += get_money (t, i, "revenue");
          recurring += get_money (t, i, "recurring_revenue");
          k++;
        }
      if (get_int (t, i, "revenue_customers") == 0)
        continue;
      /* Shares of one total nest; HHI is at least 1/n; Gini in [0, 1). */
      g_assert_cmpfloat (get_double (t, i, "largest_share"), <=,
                         get_double (t, i, "top_n_share") + 1e-12);
      g_assert_cmpfloat (get_double (t, i, "top_n_share"), <=, 1.0 + 1e-12);
      g_assert_cmpfloat (get_double (t, i, "herfindahl"), >=,
                         1.0 / (double) get_int (t, i, "revenue_customers") - 1e-12);
      g_assert_cmpfloat (get_double (t, i, "gini"), >=, 0.0);
      g_assert_cmpfloat (get_double (t, i, "gini"), <, 1.0);
      if (!cxv_table_is_null (t, i, column (t, "grr")))
        {
          g_assert_cmpfloat (get_double (t, i, "grr"), <=, get_double (t, i, "nrr") + 1e-12);
          g_assert_cmpfloat (get_double (t, i, "grr"), <=, 1.0 + 1e-12);
        }
      if (!all)
        continue;
      /* With thousands of customers none dominates. */
      g_assert_cmpfloat (get_double (t, i, "herfindahl"), <, 0.01);
      g_assert_false (get_boolean (t, i, "concentrated"));
      g_assert_cmpfloat (get_double (t, i, "gross_margin"), <, 1.0);
      g_assert_cmpfloat (get_double (t, i, "mean_products"), >=, 1.0);
      /* The simulated business bills subscriptions, and once its base is
       * established (from its second year; in its first months the one-off
       * charges of onboarding weigh more: 0.54 in the first month with seed
       * 7) most of its revenue recurs. */
      if (get_int (t, i, "revenue_customers") >= 5000)
        {
          n_established++;
          g_assert_cmpfloat (get_double (t, i, "recurring_share"), >=, 0.8);
          g_assert_cmpfloat (get_double (t, i, "recurring_share"), <=, 1.0);
          g_assert_cmpfloat (get_double (t, i, "top_n_share"), <=,
                             get_double (t, i, "top_decile_share"));
        }
    }
  g_assert_cmpuint (k, ==, cxv_table_get_n_rows (lp));
  g_assert_cmpuint (n_established, >, 0);
  /* Over every period together too. */
  g_assert_cmpfloat ((double) recurring / (double) revenue, >=, 0.8);
  g_assert_cmpfloat ((double) recurring / (double) revenue, <=, 1.0);
  g_assert_cmpstr (cxv_table_get_text (s, 0, column (s, "segment")), ==, "all");
  g_assert_cmpint (get_money (s, 0, "revenue"), ==, revenue);
  g_assert_cmpfloat (get_double (s, 0, "coefficient_of_variation"), >, 0.0);
}

/* ---- Tiers ------------------------------------------------------------ */

/* Each fixture customer's net revenue in January and February 2024, from
 * the table at the top. */
static const struct
{
  const char *id;
  gint64      revenue[2];
} net_revenue[] = {
  { "a01", { 100, 100 } }, { "a02", { 100, 150 } }, { "a03", { 100, 60 } },
  { "a04", { 100, 100 } }, { "a05", { 400, 400 } }, { "a06", { 400, 350 } },
  { "a07", { 0, 100 } },   { "a08", { 100, 0 } },   { "a09", { 0, 30 } },
  { "a10", { 100, -50 } },
};

/* A QoRE analysis of @ds judged on 2024-02-25, where no evidence blocks no
 * tier. a01 to a07 and a10 are active then, a08 (left on 02-01) and a09
 * (never active) are not, so they are in no tier. Tier 1 needs
 * `satisfied` (no complaint, no survey: no evidence, so not blocking) and
 * `low_cost_contact`: a05 (two assisted contacts) and a10 (one, on 02-21)
 * fail it and stay in tier 0; a01, a02 and a03 contacted through low-cost
 * channels only and a04, a06 and a07 not at all, so they reach tier 1.
 * Nobody reaches tier 2: `gives_input` needs a survey answer or a feedback
 * contact, and there is none. */
static const int expected_tiers[10] = { 1, 1, 1, 1, 0, 1, 1, -1, -1, 0 };

static CxvQore *
run_qore (CxvDataset *ds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvQore) qore = cxv_qore_new (ds);
  const char * const none[] = { NULL };

  cxv_qore_set_evaluation_date (qore, D (2024, 2, 25));
  cxv_qore_set_no_evidence_unmet (qore, none);
  g_assert_true (cxv_qore_run (qore, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&qore);
}

/* Per fixture customer (a01 to a10), its tier in @qore, -1 when it was not
 * evaluated. */
static void
read_tiers (CxvQore *qore, int tiers[10])
{
  CxvTable *customers = cxv_qore_get_customers (qore);
  guint c_customer = column (customers, "customer"), c_tier = column (customers, "tier");

  for (guint i = 0; i < 10; i++)
    tiers[i] = -1;
  for (guint row = 0; row < cxv_table_get_n_rows (customers); row++)
    {
      const char *id = cxv_table_get_text (customers, row, c_customer);
      int i = atoi (id + 1) - 1;

      g_assert_cmpint (i, >=, 0);
      g_assert_cmpint (i, <, 10);
      g_assert_false (cxv_table_is_null (customers, row, c_tier));
      tiers[i] = (int) cxv_table_get_int (customers, row, c_tier);
      g_assert_cmpint (tiers[i], >=, 0);
      g_assert_cmpint (tiers[i], <=, 3);
    }
}

/* Whether cell (@ra, @ca) of @a and cell (@rb, @cb) of @b hold the same. */
static void
assert_same_cell (CxvTable *a, guint ra, guint ca, CxvTable *b, guint rb, guint cb)
{
  g_assert_cmpint (cxv_table_get_column_type (a, ca), ==, cxv_table_get_column_type (b, cb));
  g_assert_cmpint (cxv_table_is_null (a, ra, ca), ==, cxv_table_is_null (b, rb, cb));
  if (cxv_table_is_null (a, ra, ca))
    return;
  switch (cxv_table_get_column_type (a, ca))
    {
    case CXV_COLUMN_TEXT:
      g_assert_cmpstr (cxv_table_get_text (a, ra, ca), ==, cxv_table_get_text (b, rb, cb));
      break;
    case CXV_COLUMN_INT:
      g_assert_cmpint (cxv_table_get_int (a, ra, ca), ==, cxv_table_get_int (b, rb, cb));
      break;
    case CXV_COLUMN_MONEY:
      g_assert_cmpint (cxv_table_get_money (a, ra, ca), ==, cxv_table_get_money (b, rb, cb));
      break;
    case CXV_COLUMN_BOOLEAN:
      g_assert_cmpint (cxv_table_get_boolean (a, ra, ca), ==,
                       cxv_table_get_boolean (b, rb, cb));
      break;
    case CXV_COLUMN_DOUBLE:
      g_assert_cmpfloat_with_epsilon (cxv_table_get_double (a, ra, ca),
                                      cxv_table_get_double (b, rb, cb), 1e-12);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Rows per period with tiers: all, ent, smb, none, then tiers 0 to 3. */
enum { TIER_ROWS = 8, FIRST_TIER = 4 };

static void
test_tiers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvQore) qore = run_qore (ds);
  g_autoptr(CxvRevenueQuality) plain = run_quality (ds);
  g_autoptr(CxvRevenueQuality) rq = cxv_revenue_quality_new (ds);
  CxvTable *t, *p = cxv_revenue_quality_get_periods (plain);
  guint c_tier, n_columns;
  int tiers[10];
  gint64 evaluated[2] = { 0, 0 }, total;

  g_test_summary ("With a QoRE analysis, a row per tier and period whose revenues add up to "
                  "the evaluated customers', the segment rows unchanged");

  read_tiers (qore, tiers);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpint (tiers[i], ==, expected_tiers[i]);

  /* Without QoRE, the tier column is there and null. */
  c_tier = column (p, "tier");
  g_assert_cmpint (cxv_table_get_column_type (p, c_tier), ==, CXV_COLUMN_INT);
  for (guint row = 0; row < cxv_table_get_n_rows (p); row++)
    g_assert_true (cxv_table_is_null (p, row, c_tier));

  cxv_revenue_quality_set_qore (rq, qore);
  g_assert_true (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_no_error (error);
  t = cxv_revenue_quality_get_periods (rq);
  n_columns = cxv_table_get_n_columns (t);
  g_assert_cmpuint (n_columns, ==, cxv_table_get_n_columns (p));
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 2 * TIER_ROWS);

  for (guint k = 0; k < 2; k++)
    {
      const char *label = k == 0 ? "2024-01" : "2024-02";

      /* The segment rows are those of the run without tiers. */
      for (guint r = 0; r < FIRST_TIER; r++)
        for (guint c = 0; c < n_columns; c++)
          assert_same_cell (t, k * TIER_ROWS + r, c, p, k * FIRST_TIER + r, c);

      total = 0;
      for (guint tier = 0; tier < 4; tier++)
        {
          guint row = k * TIER_ROWS + FIRST_TIER + tier;

          assert_row (t, row, label, "all");
          g_assert_cmpint (get_int (t, row, "tier"), ==, tier);
          total += get_money (t, row, "revenue");
        }
      for (guint i = 0; i < 10; i++)
        if (tiers[i] >= 0)
          evaluated[k] += net_revenue[i].revenue[k];
      /* The evaluated customers only: not a08's 100 in January nor a09's
       * 30 in February. */
      g_assert_cmpint (total, ==, evaluated[k]);
      g_assert_cmpint (get_money (t, k * TIER_ROWS + ALL, "revenue"), ==,
                       evaluated[k] + (k == 0 ? 100 : 30));
    }
  g_assert_cmpint (evaluated[0], ==, 1300);
  g_assert_cmpint (evaluated[1], ==, 1210);

  /* Tier 0 is a05 and a10, by hand.
   * January: a05 400 recurring (cost 120), a10 new 100 (30), both acquired
   * before the 12-month cutoff 2023-01-01 only for a05; a05's two assisted
   * contacts cost 20; a05 holds basic and plus, a10 basic. */
  assert_row (t, JAN + FIRST_TIER, "2024-01", "all");
  g_assert_cmpint (get_money (t, FIRST_TIER, "revenue"), ==, 500);
  g_assert_cmpint (get_money (t, FIRST_TIER, "recurring_revenue"), ==, 500);
  assert_double (t, FIRST_TIER, "recurring_share", 1.0);
  assert_null (t, FIRST_TIER, "nrr");
  assert_null (t, FIRST_TIER, "grr");
  assert_double (t, FIRST_TIER, "tenured_share", 0.8);
  g_assert_cmpint (get_money (t, FIRST_TIER, "revenue_cost"), ==, 150);
  assert_double (t, FIRST_TIER, "gross_margin", 0.7);
  g_assert_cmpint (get_money (t, FIRST_TIER, "cost_to_serve"), ==, 20);
  assert_double (t, FIRST_TIER, "margin_after_cost_to_serve", 330.0 / 500.0);
  g_assert_cmpint (get_int (t, FIRST_TIER, "customers"), ==, 2);
  g_assert_cmpint (get_money (t, FIRST_TIER, "contact_cost_per_customer"), ==, 10);
  g_assert_cmpint (get_int (t, FIRST_TIER, "contacts"), ==, 2);
  assert_double (t, FIRST_TIER, "low_cost_share", 0.0);
  g_assert_cmpint (get_int (t, FIRST_TIER, "revenue_customers"), ==, 2);
  assert_double (t, FIRST_TIER, "largest_share", 0.8);
  g_assert_cmpint (get_int (t, FIRST_TIER, "largest_customers"), ==, 1);
  g_assert_true (get_boolean (t, FIRST_TIER, "concentrated"));
  assert_double (t, FIRST_TIER, "top_n_share", 1.0);
  assert_double (t, FIRST_TIER, "top_decile_share", 0.8);
  assert_double (t, FIRST_TIER, "herfindahl", 0.68);
  assert_double (t, FIRST_TIER, "gini", 0.3);     /* |400 − 100| · 2 / (2 · 2² · 250) */
  assert_double (t, FIRST_TIER, "mean_products", 1.5);

  /* February: a05 400 again; a10 recurring 100 (30) and a refund of −150,
   * net −50, clamped at 0 for concentration; a10's contact costs 20. Both
   * were active on 01-31, with 400 and 100 of recurring revenue in each
   * month. */
  assert_row (t, TIER_ROWS + FIRST_TIER, "2024-02", "all");
  g_assert_cmpint (get_int (t, TIER_ROWS + FIRST_TIER, "tier"), ==, 0);
  g_assert_cmpint (get_money (t, TIER_ROWS + FIRST_TIER, "revenue"), ==, 350);
  g_assert_cmpint (get_money (t, TIER_ROWS + FIRST_TIER, "recurring_revenue"), ==, 500);
  assert_double (t, TIER_ROWS + FIRST_TIER, "recurring_share", 500.0 / 350.0);
  assert_double (t, TIER_ROWS + FIRST_TIER, "nrr", 1.0);
  assert_double (t, TIER_ROWS + FIRST_TIER, "grr", 1.0);
  assert_double (t, TIER_ROWS + FIRST_TIER, "tenured_share", 400.0 / 350.0);
  assert_double (t, TIER_ROWS + FIRST_TIER, "gross_margin", 200.0 / 350.0);
  assert_double (t, TIER_ROWS + FIRST_TIER, "margin_after_cost_to_serve", 180.0 / 350.0);
  g_assert_cmpint (get_int (t, TIER_ROWS + FIRST_TIER, "contacts"), ==, 1);
  g_assert_cmpint (get_int (t, TIER_ROWS + FIRST_TIER, "revenue_customers"), ==, 2);
  assert_double (t, TIER_ROWS + FIRST_TIER, "largest_share", 1.0);
  assert_double (t, TIER_ROWS + FIRST_TIER, "herfindahl", 1.0);
  assert_double (t, TIER_ROWS + FIRST_TIER, "gini", 0.5);
  assert_double (t, TIER_ROWS + FIRST_TIER, "mean_products", 1.5);

  /* Tiers 2 and 3 are empty: nothing to count, every ratio null. */
  for (guint k = 0; k < 2; k++)
    for (guint tier = 2; tier < 4; tier++)
      {
        guint row = k * TIER_ROWS + FIRST_TIER + tier;

        g_assert_cmpint (get_money (t, row, "revenue"), ==, 0);
        g_assert_cmpint (get_int (t, row, "customers"), ==, 0);
        g_assert_cmpint (get_int (t, row, "revenue_customers"), ==, 0);
        assert_null (t, row, "recurring_share");
        assert_null (t, row, "largest_share");
        assert_null (t, row, "mean_products");
      }

  /* The summary is per segment only. */
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_revenue_quality_get_summary (rq)), ==,
                    cxv_table_get_n_rows (cxv_revenue_quality_get_summary (plain)));

  /* Unset, the table is as before. */
  cxv_revenue_quality_set_qore (rq, NULL);
  g_assert_true (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_revenue_quality_get_periods (rq)), ==, 8);
}

/* Each tier row equals the row of a segment holding the same customers: the
 * fixture again, with each customer's segment its QoRE tier ("t0" to
 * "t3"), none for the customers QoRE did not evaluate. */
static void
test_tiers_as_segments (void)
{
  static const char * const names[] = { "t0", "t1", "t2", "t3" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvQore) qore = run_qore (ds);
  g_autoptr(CxvDataset) by_tier = NULL;
  g_autoptr(CxvRevenueQuality) rq = cxv_revenue_quality_new (ds);
  g_autoptr(CxvRevenueQuality) seg = NULL;
  const char *segments[10];
  CxvTable *t, *s;
  guint n_columns, c_segment, c_tier, c_period;
  int tiers[10];

  g_test_summary ("Each tier row equals the segment row of the same customers");

  read_tiers (qore, tiers);
  for (guint i = 0; i < 10; i++)
    segments[i] = tiers[i] >= 0 ? names[tiers[i]] : NULL;
  by_tier = make_dataset_with_segments (TRUE, segments);
  seg = run_quality (by_tier);
  s = cxv_revenue_quality_get_periods (seg);

  cxv_revenue_quality_set_qore (rq, qore);
  g_assert_true (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_no_error (error);
  t = cxv_revenue_quality_get_periods (rq);
  n_columns = cxv_table_get_n_columns (t);
  c_period = column (t, "period");
  c_segment = column (t, "segment");
  c_tier = column (t, "tier");

  for (guint row = 0; row < cxv_table_get_n_rows (t); row++)
    {
      const char *period = cxv_table_get_text (t, row, c_period);
      gint64 tier;
      gboolean found = FALSE;

      if (cxv_table_is_null (t, row, c_tier))
        continue;
      tier = cxv_table_get_int (t, row, c_tier);
      for (guint r = 0; r < cxv_table_get_n_rows (s) && !found; r++)
        {
          if (cxv_table_is_null (s, r, c_segment) ||
              g_strcmp0 (cxv_table_get_text (s, r, c_period), period) != 0 ||
              g_strcmp0 (cxv_table_get_text (s, r, c_segment), names[tier]) != 0)
            continue;
          found = TRUE;
          for (guint c = 0; c < n_columns; c++)
            if (c != c_segment && c != c_tier)
              assert_same_cell (t, row, c, s, r, c);
        }
      if (!found)
        {
          /* A tier nobody is in: nothing to count. */
          g_assert_cmpint (get_money (t, row, "revenue"), ==, 0);
          g_assert_cmpint (get_int (t, row, "customers"), ==, 0);
          g_assert_cmpint (get_int (t, row, "revenue_customers"), ==, 0);
          assert_null (t, row, "nrr");
          assert_null (t, row, "largest_share");
          assert_null (t, row, "mean_products");
        }
    }
}

static void
test_tiers_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvDataset) other = make_dataset (TRUE);
  g_autoptr(CxvQore) not_run = cxv_qore_new (ds);
  g_autoptr(CxvQore) elsewhere = run_qore (other);
  g_autoptr(CxvRevenueQuality) rq = cxv_revenue_quality_new (ds);

  g_test_summary ("A QoRE analysis that has not run or analyses another dataset is an error");

  cxv_revenue_quality_set_qore (rq, not_run);
  g_assert_false (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN);
  g_clear_error (&error);
  g_assert_null (cxv_revenue_quality_get_periods (rq));

  cxv_revenue_quality_set_qore (rq, elsewhere);
  g_assert_false (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (cxv_revenue_quality_get_periods (rq));

  /* Once QoRE has run on the same dataset, it runs; a later failure keeps
   * the results. */
  cxv_qore_set_evaluation_date (not_run, D (2024, 2, 25));
  g_assert_true (cxv_qore_run (not_run, NULL, &error));
  g_assert_no_error (error);
  cxv_revenue_quality_set_qore (rq, not_run);
  g_assert_true (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_revenue_quality_get_periods (rq)), ==,
                    2 * TIER_ROWS);
  cxv_revenue_quality_set_qore (rq, elsewhere);
  g_assert_false (cxv_revenue_quality_run (rq, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_revenue_quality_get_periods (rq)), ==,
                    2 * TIER_ROWS);
}

static void
tiers_async_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gboolean *failed = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (cxv_revenue_quality_run_finish (CXV_REVENUE_QUALITY (source), result, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, CXV_ANALYSIS_ERROR_NOT_RUN);
  *failed = TRUE;
}

static void
test_tiers_async (void)
{
  g_autoptr(CxvDataset) ds = make_dataset (TRUE);
  g_autoptr(CxvQore) qore = run_qore (ds);
  g_autoptr(CxvQore) not_run = cxv_qore_new (ds);
  g_autoptr(CxvRevenueQuality) rq = cxv_revenue_quality_new (ds);
  gboolean done = FALSE, failed = FALSE;

  g_test_summary ("run_async takes the tiers QoRE has when it is called");

  cxv_revenue_quality_set_qore (rq, qore);
  cxv_revenue_quality_run_async (rq, NULL, async_cb, &done);
  /* Changing the setting now does not change the run under way. */
  cxv_revenue_quality_set_qore (rq, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_revenue_quality_get_periods (rq)), ==,
                    2 * TIER_ROWS);

  cxv_revenue_quality_set_qore (rq, not_run);
  cxv_revenue_quality_run_async (rq, NULL, tiers_async_cb, &failed);
  while (!failed)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/revenue-quality/predictable", test_predictable);
  g_test_add_func ("/cxv/revenue-quality/volatility", test_volatility);
  g_test_add_func ("/cxv/revenue-quality/profitable", test_profitable);
  g_test_add_func ("/cxv/revenue-quality/diverse", test_diverse);
  g_test_add_func ("/cxv/revenue-quality/large-catalogue", test_large_catalogue);
  g_test_add_func ("/cxv/revenue-quality/settings", test_settings);
  g_test_add_func ("/cxv/revenue-quality/formulas", test_formulas_plain);
  g_test_add_func ("/cxv/revenue-quality/clamped-refund", test_formulas);
  g_test_add_func ("/cxv/revenue-quality/errors", test_errors);
  g_test_add_func ("/cxv/revenue-quality/properties", test_properties);
  g_test_add_func ("/cxv/revenue-quality/async", test_async);
  g_test_add_func ("/cxv/revenue-quality/simulator", test_simulator);
  g_test_add_func ("/cxv/revenue-quality/tiers", test_tiers);
  g_test_add_func ("/cxv/revenue-quality/tiers-as-segments", test_tiers_as_segments);
  g_test_add_func ("/cxv/revenue-quality/tiers-errors", test_tiers_errors);
  g_test_add_func ("/cxv/revenue-quality/tiers-async", test_tiers_async);

  return g_test_run ();
}
