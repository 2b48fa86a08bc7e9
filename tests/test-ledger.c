/* test-ledger.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <cxvalue.h>

#include "cxv-activity-private.h"
#include "cxv-dataset-private.h"


#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))
#define NONE CXV_DATE_NONE
#define NUL NAN   /* an expected null cell */

/* ------------------------------------------------------------------ */
/* Building fixtures                                                    */

static void
customer (CxvDataset *ds, const char *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_customer (ds, id, NULL, NONE, CXV_ACQUISITION_UNKNOWN, NULL,
                                           &error));
  g_assert_no_error (error);
}

static void
hold (CxvDataset *ds, const char *id, const char *product, CxvDate start, CxvDate end)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_holding (ds, id, product, start, end, &error));
  g_assert_no_error (error);
}

static void
rev (CxvDataset *ds, const char *id, CxvDate date, CxvRevenueKind kind, gint64 amount)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_revenue (ds, id, NULL, date, kind, amount, 0, NULL, &error));
  g_assert_no_error (error);
}

static void
contact (CxvDataset *ds, const char *id, CxvDate date, CxvInteractionKind kind,
         gboolean resolved, const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_interaction (ds, id, date, "phone", CXV_CHANNEL_ASSISTED, kind,
                                              resolved, reason, 0, &error));
  g_assert_no_error (error);
}

static void
answer (CxvDataset *ds, const char *id, CxvDate date, CxvInstrument instrument, double score)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_add_feedback (ds, id, date, instrument, score, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
seal (CxvDataset *ds)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
}

/* The contractual fixture, amounts in cents. Eleven customers, each with
 * its spells ([start, end), end exclusive) and what matters about it:
 *
 *   A [01-01, 02-20)  bills 01-01 new 3000, 02-01 recurring 3000; before
 *                     leaving an unresolved outage complaint (01-25), a
 *                     resolved billing one (02-05), NPS 4 (02-10), an exit
 *                     reason "outage" on the departure day; at the window's
 *                     edge (02-20 − 90 days = 2023-11-22) a CES 2, inside;
 *                     a day earlier (2023-11-21), outside, a speed
 *                     complaint and a CSAT 1
 *   B [01-05, 01-15) and [01-22, 02-10): leaves and returns in January;
 *                     bills 01-05 new 2000, 01-22 recurring 2000, a refund
 *                     of 500 on 02-03
 *   C [01-15, 02-25)  bills 01-15 new 5000, 02-15 expansion 6000, 02-16
 *                     one-off 1000; an unresolved support contact (02-01),
 *                     CES 6 (02-02), CSAT 2 (02-03)
 *   D [04-01, open)   bills 04-01 new 4000, 05-01 recurring 4000, 06-01
 *                     expansion 5000
 *   E [04-10, 05-20)  bills 04-10 new 2500, 05-10 recurring 2500, a refund
 *                     of 2500 on 05-25 after leaving (a finding); NPS 9
 *                     (05-01); exit reason "price" (05-20)
 *   F [05-01, open)   a holding ending the day it starts (a finding) and a
 *                     real one; bills 05-01 new 1000, 06-01 recurring 1000
 *   G [06-30, open)   comes on the data's last day; bill 06-30 new 7000
 *   H [04-01, 06-15)  bills 04-01 new 3000, 05-01 recurring 3000, 06-01
 *                     contraction 2000; a resolved outage complaint (06-01),
 *                     NPS 6 (06-02), a detractor at the boundary
 *   K [01-03, 01-31) and [04-15, open): won back after a gap; bills
 *                     01-03 new 1500, then recurring 1500 on 04-15, 05-15,
 *                     06-15
 *   L                 never a customer: one support contact (03-10)
 *   M [04-05, 06-10)  two overlapping holdings (p 04-05..05-05, q
 *                     04-20..06-10) make one spell; bills 04-05 new 1000
 *                     (p), 04-20 new 2000 (q), 05-20 recurring 2000
 *
 * March has no customer at all. The data's last day is 2024-06-30, so the
 * monthly ledger runs January to June 2024. */
static CxvDataset *
make_contractual (void)
{
  g_autoptr(GError) error = NULL;
  CxvDataset *ds = cxv_dataset_new ("USD", &error);
  const char *ids[] = { "A", "B", "C", "D", "E", "F", "G", "H", "K", "L", "M" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    customer (ds, ids[i]);
  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  g_assert_true (cxv_dataset_add_product (ds, "q", NULL, TRUE, NULL, &error));

  hold (ds, "A", "p", D (2024, 1, 1), D (2024, 2, 20));
  rev (ds, "A", D (2024, 1, 1), CXV_REVENUE_NEW, 3000);
  rev (ds, "A", D (2024, 2, 1), CXV_REVENUE_RECURRING, 3000);
  contact (ds, "A", D (2024, 1, 25), CXV_INTERACTION_COMPLAINT, FALSE, "outage");
  contact (ds, "A", D (2024, 2, 5), CXV_INTERACTION_COMPLAINT, TRUE, "billing");
  answer (ds, "A", D (2024, 2, 10), CXV_INSTRUMENT_NPS, 4);
  contact (ds, "A", D (2024, 2, 20), CXV_INTERACTION_FEEDBACK, TRUE, "outage");
  answer (ds, "A", D (2023, 11, 22), CXV_INSTRUMENT_CES, 2);
  contact (ds, "A", D (2023, 11, 21), CXV_INTERACTION_COMPLAINT, FALSE, "speed");
  answer (ds, "A", D (2023, 11, 21), CXV_INSTRUMENT_CSAT, 1);

  hold (ds, "B", "p", D (2024, 1, 5), D (2024, 1, 15));
  hold (ds, "B", "p", D (2024, 1, 22), D (2024, 2, 10));
  rev (ds, "B", D (2024, 1, 5), CXV_REVENUE_NEW, 2000);
  rev (ds, "B", D (2024, 1, 22), CXV_REVENUE_RECURRING, 2000);
  rev (ds, "B", D (2024, 2, 3), CXV_REVENUE_REFUND, -500);

  hold (ds, "C", "p", D (2024, 1, 15), D (2024, 2, 25));
  rev (ds, "C", D (2024, 1, 15), CXV_REVENUE_NEW, 5000);
  rev (ds, "C", D (2024, 2, 15), CXV_REVENUE_EXPANSION, 6000);
  rev (ds, "C", D (2024, 2, 16), CXV_REVENUE_ONE_OFF, 1000);
  contact (ds, "C", D (2024, 2, 1), CXV_INTERACTION_SUPPORT, FALSE, "connection");
  answer (ds, "C", D (2024, 2, 2), CXV_INSTRUMENT_CES, 6);
  answer (ds, "C", D (2024, 2, 3), CXV_INSTRUMENT_CSAT, 2);

  hold (ds, "D", "p", D (2024, 4, 1), NONE);
  rev (ds, "D", D (2024, 4, 1), CXV_REVENUE_NEW, 4000);
  rev (ds, "D", D (2024, 5, 1), CXV_REVENUE_RECURRING, 4000);
  rev (ds, "D", D (2024, 6, 1), CXV_REVENUE_EXPANSION, 5000);

  hold (ds, "E", "p", D (2024, 4, 10), D (2024, 5, 20));
  rev (ds, "E", D (2024, 4, 10), CXV_REVENUE_NEW, 2500);
  rev (ds, "E", D (2024, 5, 10), CXV_REVENUE_RECURRING, 2500);
  rev (ds, "E", D (2024, 5, 25), CXV_REVENUE_REFUND, -2500);
  answer (ds, "E", D (2024, 5, 1), CXV_INSTRUMENT_NPS, 9);
  contact (ds, "E", D (2024, 5, 20), CXV_INTERACTION_FEEDBACK, TRUE, "price");

  hold (ds, "F", "q", D (2024, 5, 1), D (2024, 5, 1));
  hold (ds, "F", "p", D (2024, 5, 1), NONE);
  rev (ds, "F", D (2024, 5, 1), CXV_REVENUE_NEW, 1000);
  rev (ds, "F", D (2024, 6, 1), CXV_REVENUE_RECURRING, 1000);

  hold (ds, "G", "p", D (2024, 6, 30), NONE);
  rev (ds, "G", D (2024, 6, 30), CXV_REVENUE_NEW, 7000);

  hold (ds, "H", "p", D (2024, 4, 1), D (2024, 6, 15));
  rev (ds, "H", D (2024, 4, 1), CXV_REVENUE_NEW, 3000);
  rev (ds, "H", D (2024, 5, 1), CXV_REVENUE_RECURRING, 3000);
  rev (ds, "H", D (2024, 6, 1), CXV_REVENUE_CONTRACTION, 2000);
  contact (ds, "H", D (2024, 6, 1), CXV_INTERACTION_COMPLAINT, TRUE, "outage");
  answer (ds, "H", D (2024, 6, 2), CXV_INSTRUMENT_NPS, 6);

  hold (ds, "K", "p", D (2024, 1, 3), D (2024, 1, 31));
  hold (ds, "K", "p", D (2024, 4, 15), NONE);
  rev (ds, "K", D (2024, 1, 3), CXV_REVENUE_NEW, 1500);
  rev (ds, "K", D (2024, 4, 15), CXV_REVENUE_RECURRING, 1500);
  rev (ds, "K", D (2024, 5, 15), CXV_REVENUE_RECURRING, 1500);
  rev (ds, "K", D (2024, 6, 15), CXV_REVENUE_RECURRING, 1500);

  contact (ds, "L", D (2024, 3, 10), CXV_INTERACTION_SUPPORT, TRUE, "account");

  hold (ds, "M", "p", D (2024, 4, 5), D (2024, 5, 5));
  hold (ds, "M", "q", D (2024, 4, 20), D (2024, 6, 10));
  rev (ds, "M", D (2024, 4, 5), CXV_REVENUE_NEW, 1000);
  rev (ds, "M", D (2024, 4, 20), CXV_REVENUE_NEW, 2000);
  rev (ds, "M", D (2024, 5, 20), CXV_REVENUE_RECURRING, 2000);

  g_assert_no_error (error);
  seal (ds);
  return ds;
}

/* ------------------------------------------------------------------ */
/* Checking tables                                                      */

static guint
col (CxvTable *t, const char *name)
{
  guint c = G_MAXUINT;

  if (!cxv_table_lookup_column (t, name, &c))
    g_error ("table %s has no column %s", cxv_table_get_name (t), name);
  return c;
}

static void
assert_ratio (CxvTable *t, guint row, const char *name, double expected)
{
  guint c = col (t, name);

  if (isnan (expected))
    {
      g_assert_true (cxv_table_is_null (t, row, c));
      return;
    }
  g_assert_false (cxv_table_is_null (t, row, c));
  g_assert_cmpfloat_with_epsilon (cxv_table_get_double (t, row, c), expected, 1e-12);
}

static void
assert_text (CxvTable *t, guint row, const char *name, const char *expected)
{
  guint c = col (t, name);

  if (expected == NULL)
    g_assert_true (cxv_table_is_null (t, row, c));
  else
    g_assert_cmpstr (cxv_table_get_text (t, row, c), ==, expected);
}

typedef struct
{
  const char *period;
  CxvDate     start, end;
  gint64      customers_start, new, won_back, in, out, customers_end;
  gint64      revenue, value_in, value_out;
  double      retention_rate, refill_share, nrr, grr;
} PeriodRow;

static void
assert_periods (CxvTable *t, const PeriodRow *rows, guint n)
{
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const PeriodRow *r = &rows[i];

      g_test_message ("period %s", r->period);
      assert_text (t, i, "period", r->period);
      g_assert_cmpint (cxv_table_get_date (t, i, col (t, "start_date")), ==, r->start);
      g_assert_cmpint (cxv_table_get_date (t, i, col (t, "end_date")), ==, r->end);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "customers_start")), ==,
                       r->customers_start);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "new")), ==, r->new);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "won_back")), ==, r->won_back);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "in")), ==, r->in);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "out")), ==, r->out);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "customers_end")), ==, r->customers_end);
      g_assert_true (cxv_table_get_boolean (t, i, col (t, "reconciled")));
      g_assert_cmpint (cxv_table_get_money (t, i, col (t, "revenue")), ==, r->revenue);
      g_assert_cmpint (cxv_table_get_money (t, i, col (t, "value_in")), ==, r->value_in);
      g_assert_cmpint (cxv_table_get_money (t, i, col (t, "value_out")), ==, r->value_out);
      assert_ratio (t, i, "retention_rate", r->retention_rate);
      assert_ratio (t, i, "refill_share", r->refill_share);
      assert_ratio (t, i, "nrr", r->nrr);
      assert_ratio (t, i, "grr", r->grr);
    }
}

typedef struct
{
  const char *customer;
  CxvDate     date;
  const char *period;
  gint64      run_rate, complaints;
  const char *reasons;
  gint64      unresolved;
  gboolean    detractor, low_csat, high_effort;
  const char *exit_reason;
} DepartureRow;

static void
assert_departures (CxvTable *t, const DepartureRow *rows, guint n)
{
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const DepartureRow *r = &rows[i];

      g_test_message ("departure %u of %s", i, r->customer);
      assert_text (t, i, "customer", r->customer);
      g_assert_cmpint (cxv_table_get_date (t, i, col (t, "departure_date")), ==, r->date);
      assert_text (t, i, "period", r->period);
      g_assert_cmpint (cxv_table_get_money (t, i, col (t, "run_rate")), ==, r->run_rate);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "complaints")), ==, r->complaints);
      assert_text (t, i, "complaint_reasons", r->reasons);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "unresolved")), ==, r->unresolved);
      g_assert_cmpint (cxv_table_get_boolean (t, i, col (t, "detractor")), ==, r->detractor);
      g_assert_cmpint (cxv_table_get_boolean (t, i, col (t, "low_csat")), ==, r->low_csat);
      g_assert_cmpint (cxv_table_get_boolean (t, i, col (t, "high_effort")), ==, r->high_effort);
      assert_text (t, i, "exit_reason", r->exit_reason);
    }
}

static CxvLedger *
run_ledger (CxvDataset *ds, CxvPeriod period)
{
  g_autoptr(GError) error = NULL;
  CxvLedger *ledger = cxv_ledger_new (ds);

  cxv_ledger_set_period (ledger, period);
  g_assert_true (cxv_ledger_run (ledger, NULL, &error));
  g_assert_no_error (error);
  return ledger;
}

/* ------------------------------------------------------------------ */
/* Hand-computed fixtures                                               */

static void
test_months (void)
{
  g_autoptr(CxvDataset) ds = make_contractual ();
  g_autoptr(CxvLedger) ledger = NULL;
  /* Counts. customers_start is who is active on the day before the
   * period, customers_end who is active on its last day.
   *   Jan: start 0; in A, B(1st), C, K(1st) new = 4, B(2nd) won back = 1;
   *        out B(01-15), K(01-31) = 2; end A, B, C = 3; 0 + 5 − 2 = 3.
   *   Feb: start 3; out A, B, C = 3; end 0; retention (3 − 3) / 3 = 0.
   *   Mar: nobody.
   *   Apr: in D, E, H, M new = 4, K won back = 1; end 5.
   *   May: start 5; in F; out E; end 5; retention (5 − 1) / 5 = 0.8.
   *   Jun: start 5; in G; out M, H; end 4; retention (5 − 2) / 5 = 0.6.
   * Revenue, every amount dated in the period:
   *   Jan 3000 + 2000 + 2000 + 5000 + 1500 = 13500
   *   Feb 3000 − 500 + 6000 + 1000 = 9500
   *   Apr 1500 + 4000 + 2500 + 3000 + 1000 + 2000 = 14000
   *   May 1500 + 4000 + 2500 − 2500 + 1000 + 3000 + 2000 = 11500
   *   Jun 1500 + 5000 + 1000 + 7000 + 2000 = 16500
   * Value in, 12 × recurring revenue in the first 30 days of each spell:
   *   Jan A [01-01, 01-31) 3000 → 36000; B [01-05, 02-04) 2000 + 2000 →
   *       48000; B [01-22, 02-21) 2000 (the refund does not count) →
   *       24000; C [01-15, 02-14) 5000 → 60000; K [01-03, 02-02) 1500 →
   *       18000; sum 186000
   *   Apr K [04-15, 05-15) 1500 → 18000; D 4000 → 48000; E [04-10, 05-10)
   *       2500 → 30000; H 3000 → 36000; M [04-05, 05-05) 1000 + 2000 →
   *       36000; sum 168000
   *   May F 1000 → 12000.  Jun G 7000 → 84000.
   * Value out, 12 × recurring revenue in the 30 days before leaving:
   *   Jan B at 01-15 [12-16, 01-15) 2000 → 24000; K at 01-31 1500 → 18000;
   *       sum 42000
   *   Feb A at 02-20 [01-21, 02-20) 3000 → 36000; B at 02-10 [01-11,
   *       02-10) 2000 → 24000; C at 02-25 [01-26, 02-25) 6000 (not the
   *       one-off) → 72000; sum 132000
   *   May E at 05-20 [04-20, 05-20) 2500 → 30000
   *   Jun H at 06-15 [05-16, 06-15) 2000 → 24000; M at 06-10 [05-11,
   *       06-10) 2000 → 24000; sum 48000
   * Refill share: Jan 186000 / 42000; Feb 0 / 132000 = 0; May 12000 /
   *   30000 = 0.4; Jun 84000 / 48000 = 1.75; null where nothing went out.
   * NRR and GRR over those active at the start, recurring revenue:
   *   Feb A 3000 → 3000, B 4000 → 0, C 5000 → 6000: NRR 9000 / 12000 =
   *       0.75; GRR (3000 + 0 + 5000) / 12000
   *   May K 1500 → 1500, D 4000 → 4000, E 2500 → 2500, H 3000 → 3000, M
   *       3000 → 2000: NRR = GRR = 13000 / 14000
   *   Jun K 1500 → 1500, D 4000 → 5000, H 3000 → 2000, M 2000 → 0, F 1000
   *       → 1000: NRR 9500 / 11500; GRR (1500 + 4000 + 2000 + 0 + 1000) /
   *       11500 = 8500 / 11500
   *   Mar and Apr: nobody at the start, null; Jan: the first period. */
  const PeriodRow months[] = {
    { "2024-01", D (2024, 1, 1), D (2024, 2, 1), 0, 4, 1, 5, 2, 3, 13500, 186000, 42000,
      NUL, 186000.0 / 42000.0, NUL, NUL },
    { "2024-02", D (2024, 2, 1), D (2024, 3, 1), 3, 0, 0, 0, 3, 0, 9500, 0, 132000,
      0.0, 0.0, 0.75, 8000.0 / 12000.0 },
    { "2024-03", D (2024, 3, 1), D (2024, 4, 1), 0, 0, 0, 0, 0, 0, 0, 0, 0,
      NUL, NUL, NUL, NUL },
    { "2024-04", D (2024, 4, 1), D (2024, 5, 1), 0, 4, 1, 5, 0, 5, 14000, 168000, 0,
      NUL, NUL, NUL, NUL },
    { "2024-05", D (2024, 5, 1), D (2024, 6, 1), 5, 1, 0, 1, 1, 5, 11500, 12000, 30000,
      0.8, 0.4, 13000.0 / 14000.0, 13000.0 / 14000.0 },
    { "2024-06", D (2024, 6, 1), D (2024, 7, 1), 5, 1, 0, 1, 2, 4, 16500, 84000, 48000,
      0.6, 1.75, 9500.0 / 11500.0, 8500.0 / 11500.0 },
  };
  /* Departures in customer order, window [departure − 90 days, departure]:
   *   A: complaints outage (01-25, unresolved) and billing (02-05), NPS 4,
   *      CES 2 on 2023-11-22 (02-20 − 90 days: inside), the speed
   *      complaint and CSAT 1 of 2023-11-21 outside; exit reason outage.
   *   C: an unresolved support contact, CSAT 2 (low), CES 6 (not high).
   *   E: NPS 9 (no detractor), exit reason price.
   *   H: a resolved outage complaint, NPS 6 (a detractor: 0-6). */
  const DepartureRow departures[] = {
    { "A", D (2024, 2, 20), "2024-02", 36000, 2, "outage;billing", 1, TRUE, FALSE, TRUE,
      "outage" },
    { "B", D (2024, 1, 15), "2024-01", 24000, 0, NULL, 0, FALSE, FALSE, FALSE, NULL },
    { "B", D (2024, 2, 10), "2024-02", 24000, 0, NULL, 0, FALSE, FALSE, FALSE, NULL },
    { "C", D (2024, 2, 25), "2024-02", 72000, 0, NULL, 1, FALSE, TRUE, FALSE, NULL },
    { "E", D (2024, 5, 20), "2024-05", 30000, 0, NULL, 0, FALSE, FALSE, FALSE, "price" },
    { "H", D (2024, 6, 15), "2024-06", 24000, 1, "outage", 0, TRUE, FALSE, FALSE, NULL },
    { "K", D (2024, 1, 31), "2024-01", 18000, 0, NULL, 0, FALSE, FALSE, FALSE, NULL },
    { "M", D (2024, 6, 10), "2024-06", 24000, 0, NULL, 0, FALSE, FALSE, FALSE, NULL },
  };
  /* Experiences over the 8 departures, by revenue lost then customers
   * lost (then name):
   *   unresolved contact  A 36000 + C 72000 = 108000, 2
   *   low CSAT            C 72000, 1
   *   complaint: outage   A 36000 + H 24000 = 60000, 2
   *   detractor (NPS 0-6) A 36000 + H 24000 = 60000, 2
   *   complaint: billing, exit reason: outage, high effort: A, 36000, 1
   *   exit reason: price  E 30000, 1 */
  const struct { const char *experience; gint64 lost, revenue; } experiences[] = {
    { "unresolved contact", 2, 108000 },
    { "low CSAT", 1, 72000 },
    { "complaint: outage", 2, 60000 },
    { "detractor (NPS 0-6)", 2, 60000 },
    { "complaint: billing", 1, 36000 },
    { "exit reason: outage", 1, 36000 },
    { "high effort", 1, 36000 },
    { "exit reason: price", 1, 30000 },
  };
  CxvTable *t;

  g_test_summary ("A dozen customers give monthly periods, departures, experiences and "
                  "findings worked out by hand");

  ledger = cxv_ledger_new (ds);
  g_assert_null (cxv_ledger_get_periods (ledger));
  g_assert_null (cxv_ledger_get_departures (ledger));
  g_assert_null (cxv_ledger_get_experiences (ledger));
  g_assert_null (cxv_ledger_get_findings (ledger));
  g_clear_object (&ledger);

  ledger = run_ledger (ds, CXV_PERIOD_MONTH);
  g_assert_cmpfloat (cxv_ledger_get_progress (ledger), ==, 1.0);
  assert_periods (cxv_ledger_get_periods (ledger), months, G_N_ELEMENTS (months));
  g_assert_cmpstr (cxv_table_get_currency (cxv_ledger_get_periods (ledger)), ==, "USD");
  assert_departures (cxv_ledger_get_departures (ledger), departures,
                     G_N_ELEMENTS (departures));
  g_assert_cmpstr (cxv_table_get_currency (cxv_ledger_get_departures (ledger)), ==, "USD");

  t = cxv_ledger_get_experiences (ledger);
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, G_N_ELEMENTS (experiences));
  for (guint i = 0; i < G_N_ELEMENTS (experiences); i++)
    {
      assert_text (t, i, "experience", experiences[i].experience);
      g_assert_cmpint (cxv_table_get_int (t, i, col (t, "customers_lost")), ==,
                       experiences[i].lost);
      g_assert_cmpint (cxv_table_get_money (t, i, col (t, "revenue_lost")), ==,
                       experiences[i].revenue);
      assert_ratio (t, i, "share_of_departures", experiences[i].lost / 8.0);
    }

  /* Findings: E's refund after leaving, F's holding of no days. */
  t = cxv_ledger_get_findings (ledger);
  g_assert_cmpuint (cxv_ledger_get_n_findings (ledger), ==, 2);
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 2);
  assert_text (t, 0, "customer", "E");
  assert_text (t, 0, "period", "2024-05");
  assert_text (t, 0, "kind", "revenue-while-inactive");
  assert_text (t, 1, "customer", "F");
  assert_text (t, 1, "period", "2024-05");
  assert_text (t, 1, "kind", "empty-holding");
  g_assert_nonnull (cxv_table_get_text (t, 1, col (t, "description")));
}

static void
test_quarters_years (void)
{
  g_autoptr(CxvDataset) ds = make_contractual ();
  g_autoptr(CxvLedger) quarters = run_ledger (ds, CXV_PERIOD_QUARTER);
  g_autoptr(CxvLedger) years = run_ledger (ds, CXV_PERIOD_YEAR);
  /* The monthly figures summed (flows) or read at the edges (stocks):
   *   Q1: start 0; new 4, won back 1; out 2 + 3 = 5; end 0 (March empty);
   *       revenue 13500 + 9500 = 23000; in 186000; out 42000 + 132000 =
   *       174000; refill 186000 / 174000; nobody at the start: retention
   *       null; first period: NRR null.
   *   Q2: start 0; new 4 + 1 + 1 = 6, won back 1; out 1 + 2 = 3; end 4;
   *       revenue 14000 + 11500 + 16500 = 42000; in 168000 + 12000 + 84000
   *       = 264000; out 30000 + 48000 = 78000; nobody at the start.
   *   2024: new 10, won back 2, out 8, end 4; revenue 65000; in 450000;
   *       out 252000. */
  const PeriodRow q[] = {
    { "2024-Q1", D (2024, 1, 1), D (2024, 4, 1), 0, 4, 1, 5, 5, 0, 23000, 186000, 174000,
      NUL, 186000.0 / 174000.0, NUL, NUL },
    { "2024-Q2", D (2024, 4, 1), D (2024, 7, 1), 0, 6, 1, 7, 3, 4, 42000, 264000, 78000,
      NUL, 264000.0 / 78000.0, NUL, NUL },
  };
  const PeriodRow y[] = {
    { "2024", D (2024, 1, 1), D (2025, 1, 1), 0, 10, 2, 12, 8, 4, 65000, 450000, 252000,
      NUL, 450000.0 / 252000.0, NUL, NUL },
  };

  g_test_summary ("Quarterly and yearly ledgers of the fixture, worked out by hand");

  assert_periods (cxv_ledger_get_periods (quarters), q, G_N_ELEMENTS (q));
  assert_periods (cxv_ledger_get_periods (years), y, G_N_ELEMENTS (y));
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_ledger_get_departures (years)), ==, 8);
  assert_text (cxv_ledger_get_departures (quarters), 0, "period", "2024-Q1");
}

/* Non-contractual, 30 days of inactivity:
 *   P one-off purchases 01-10 (1000), 01-25 (500), 03-20 (2000): spells
 *     [01-10, 02-24) (01-25 + 30) and [03-20, 04-19)
 *   Q recurring 3000 on 02-01, 03-01, 04-01 and a refund of 1000 on 04-28
 *     (no purchase): [02-01, 03-31) (03-01 + 30), then [04-01, open): the
 *     limit 05-01 runs past the data's last day, 04-30
 *   R new 500 on 04-30: [04-30, open) */
static CxvDataset *
make_non_contractual (void)
{
  g_autoptr(GError) error = NULL;
  CxvDataset *ds = cxv_dataset_new ("EUR", &error);

  g_assert_no_error (error);
  customer (ds, "P");
  customer (ds, "Q");
  customer (ds, "R");
  rev (ds, "P", D (2024, 1, 10), CXV_REVENUE_ONE_OFF, 1000);
  rev (ds, "P", D (2024, 1, 25), CXV_REVENUE_ONE_OFF, 500);
  rev (ds, "P", D (2024, 3, 20), CXV_REVENUE_ONE_OFF, 2000);
  rev (ds, "Q", D (2024, 2, 1), CXV_REVENUE_RECURRING, 3000);
  rev (ds, "Q", D (2024, 3, 1), CXV_REVENUE_RECURRING, 3000);
  rev (ds, "Q", D (2024, 4, 1), CXV_REVENUE_RECURRING, 3000);
  rev (ds, "Q", D (2024, 4, 28), CXV_REVENUE_REFUND, -1000);
  rev (ds, "R", D (2024, 4, 30), CXV_REVENUE_NEW, 500);
  seal (ds);
  return ds;
}

/* Periods up to the end of 9999, the last representable day: the last
 * period has no day after it, so its end_date is null, and its counts are
 * those of any other period. By month: B in October, A in November, B out
 * in December. By year, one period holding it all. */
static void
test_last_year (void)
{
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvLedger) by_month = NULL, by_year = NULL;
  CxvTable *t;

  g_test_summary ("The last periods of 9999 are counted, and the last has no end date");

  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  customer (ds, "A");
  customer (ds, "B");
  hold (ds, "A", "p", D (9999, 11, 15), NONE);
  hold (ds, "B", "p", D (9999, 10, 1), D (9999, 12, 10));
  seal (ds);

  by_month = run_ledger (ds, CXV_PERIOD_MONTH);
  t = cxv_ledger_get_periods (by_month);
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 3);
  g_assert_cmpint (cxv_table_get_int (t, 0, col (t, "new")), ==, 1);
  g_assert_cmpint (cxv_table_get_int (t, 1, col (t, "new")), ==, 1);
  g_assert_cmpint (cxv_table_get_date (t, 1, col (t, "end_date")), ==, D (9999, 12, 1));
  g_assert_cmpint (cxv_table_get_date (t, 2, col (t, "start_date")), ==, D (9999, 12, 1));
  g_assert_cmpint (cxv_table_get_int (t, 2, col (t, "customers_start")), ==, 2);
  g_assert_cmpint (cxv_table_get_int (t, 2, col (t, "out")), ==, 1);
  g_assert_cmpint (cxv_table_get_int (t, 2, col (t, "customers_end")), ==, 1);
  g_assert_true (cxv_table_is_null (t, 2, col (t, "end_date")));

  by_year = run_ledger (ds, CXV_PERIOD_YEAR);
  t = cxv_ledger_get_periods (by_year);
  g_assert_cmpuint (cxv_table_get_n_rows (t), ==, 1);
  g_assert_cmpint (cxv_table_get_int (t, 0, col (t, "new")), ==, 2);
  g_assert_cmpint (cxv_table_get_int (t, 0, col (t, "out")), ==, 1);
  g_assert_cmpint (cxv_table_get_int (t, 0, col (t, "customers_end")), ==, 1);
  g_assert_true (cxv_table_is_null (t, 0, col (t, "end_date")));
}

static void
test_non_contractual (void)
{
  g_autoptr(CxvDataset) ds = make_non_contractual ();
  g_autoptr(CxvLedger) ledger = cxv_ledger_new (ds);
  g_autoptr(GError) error = NULL;
  /*   Jan: in P (new); end P.
   *   Feb: start P; in Q (new); out P (02-24); end Q; retention 0.
   *   Mar: start Q; in P (won back); out Q (03-31); end P; retention 0.
   *   Apr: start P; in Q (won back), R (new); out P (04-19); end Q, R.
   * Revenue: Jan 1500, Feb 3000, Mar 2000 + 3000, Apr 3000 − 1000 + 500.
   * Run-rates count recurring kinds only, so P's one-offs are worth 0:
   *   in: Q [02-01, 03-02) 3000 + 3000 (03-01 is the 29th day of a leap
   *       February) → 72000; Q [04-01, 05-01) 3000 → 36000; R 500 → 6000
   *   out: Q at 03-31 [03-01, 03-31) 3000 → 36000; P 0
   * Refill: Mar 0 / 36000 = 0; null elsewhere (nothing or 0 went out).
   * NRR, GRR: Mar, Q 3000 → 3000: 1 and 1; Feb (P) and Apr (P) had no
   *   recurring revenue the period before: null. */
  const PeriodRow months[] = {
    { "2024-01", D (2024, 1, 1), D (2024, 2, 1), 0, 1, 0, 1, 0, 1, 1500, 0, 0,
      NUL, NUL, NUL, NUL },
    { "2024-02", D (2024, 2, 1), D (2024, 3, 1), 1, 1, 0, 1, 1, 1, 3000, 72000, 0,
      0.0, NUL, NUL, NUL },
    { "2024-03", D (2024, 3, 1), D (2024, 4, 1), 1, 0, 1, 1, 1, 1, 5000, 0, 36000,
      0.0, 0.0, 1.0, 1.0 },
    { "2024-04", D (2024, 4, 1), D (2024, 5, 1), 1, 1, 1, 2, 1, 2, 2500, 42000, 0,
      0.0, NUL, NUL, NUL },
  };
  const DepartureRow departures[] = {
    { "P", D (2024, 2, 24), "2024-02", 0, 0, NULL, 0, FALSE, FALSE, FALSE, NULL },
    { "P", D (2024, 4, 19), "2024-04", 0, 0, NULL, 0, FALSE, FALSE, FALSE, NULL },
    { "Q", D (2024, 3, 31), "2024-03", 36000, 0, NULL, 0, FALSE, FALSE, FALSE, NULL },
  };

  g_test_summary ("Purchases and 30 days of inactivity give a ledger worked out by hand");

  cxv_ledger_set_activity (ledger, CXV_ACTIVITY_NON_CONTRACTUAL);
  cxv_ledger_set_inactivity_days (ledger, 30);
  g_assert_true (cxv_ledger_run (ledger, NULL, &error));
  g_assert_no_error (error);
  assert_periods (cxv_ledger_get_periods (ledger), months, G_N_ELEMENTS (months));
  g_assert_cmpstr (cxv_table_get_currency (cxv_ledger_get_periods (ledger)), ==, "EUR");
  assert_departures (cxv_ledger_get_departures (ledger), departures,
                     G_N_ELEMENTS (departures));
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_ledger_get_experiences (ledger)), ==, 0);
  /* Revenue while inactive is only a finding under contracts. */
  g_assert_cmpuint (cxv_ledger_get_n_findings (ledger), ==, 0);
}

/* ------------------------------------------------------------------ */
/* Bad input                                                            */

static void
assert_run_fails (CxvLedger *ledger, int code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cxv_ledger_run (ledger, NULL, &error));
  g_assert_error (error, CXV_ANALYSIS_ERROR, code);
  g_test_message ("%s", error->message);
}

/* Customer a, 2024-01-01 to 2024-04-01 (3 whole months paid, so 2
 * renewals made), billed 30.00 on the 15th: its run-rate at departure is
 * 12 × 30.00. With an sBG model of alpha 1, beta 3 and 1 % a month, what
 * walked out is 30.00 times DERL = Σ_{k≥1} S(2 + k) / S(2) / 1.01^(k − 1),
 * S(t) = B(1, 3 + t) / B(1, 3) = 3 / (3 + t), summed here directly. */
static void
test_lifetime_value_out (void)
{
  g_autoptr(CxvDataset) ds = cxv_dataset_new ("USD", NULL);
  g_autoptr(CxvClvSbg) sbg = cxv_clv_sbg_new ();
  g_autoptr(CxvLedger) plain = NULL;
  g_autoptr(CxvLedger) ledger = cxv_ledger_new (ds);
  g_autoptr(GError) error = NULL;
  const double params[] = { 1.0, 3.0 };
  double derl = 0, want;
  CxvTable *t;
  guint row;

  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  customer (ds, "a");
  hold (ds, "a", "p", D (2024, 1, 1), D (2024, 4, 1));
  rev (ds, "a", D (2024, 1, 15), CXV_REVENUE_RECURRING, 3000);
  rev (ds, "a", D (2024, 2, 15), CXV_REVENUE_RECURRING, 3000);
  rev (ds, "a", D (2024, 3, 15), CXV_REVENUE_RECURRING, 3000);
  /* b keeps the data going into April, where a's departure falls. */
  customer (ds, "b");
  hold (ds, "b", "p", D (2024, 1, 1), NONE);
  rev (ds, "b", D (2024, 4, 20), CXV_REVENUE_RECURRING, 1000);
  seal (ds);

  /* Without a model, no column. */
  plain = run_ledger (ds, CXV_PERIOD_MONTH);
  g_assert_false (cxv_table_lookup_column (cxv_ledger_get_periods (plain), "lifetime_value_out",
                                           NULL));

  g_assert_true (cxv_clv_model_set_params (CXV_CLV_MODEL (sbg), params, 2, &error));
  cxv_ledger_set_lifetime_model (ledger, sbg, 0.01);
  g_assert_true (cxv_ledger_run (ledger, NULL, &error));
  g_assert_no_error (error);
  t = cxv_ledger_get_periods (ledger);

  for (guint k = 1; k < 200000; k++)
    {
      /* S(2 + k) / S(2) = 5 / (5 + k). */
      derl += 5.0 / (5.0 + k) / pow (1.01, k - 1);
    }
  want = round (3000 * derl);
  for (row = 0; row < cxv_table_get_n_rows (t); row++)
    if (g_str_equal (cxv_table_get_text (t, row, col (t, "period")), "2024-04"))
      break;
  g_assert_cmpuint (row, <, cxv_table_get_n_rows (t));
  g_assert_cmpint (cxv_table_get_money (t, row, col (t, "value_out")), ==, 36000);
  g_assert_cmpfloat_with_epsilon ((double) cxv_table_get_money (t, row, col (t, "lifetime_value_out")),
                                  want, 1.0);
  g_assert_cmpint (cxv_table_get_money (t, 0, col (t, "lifetime_value_out")), ==, 0);
}

static void
test_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CxvDataset) unsealed = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvDataset) empty = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvDataset) idle = cxv_dataset_new ("USD", &error);
  g_autoptr(CxvDataset) ds = make_contractual ();
  g_autoptr(CxvLedger) ledger = NULL;

  g_test_summary ("Unsealed, empty and inactive datasets and invalid definitions fail with "
                  "the right error, keeping earlier results");

  customer (unsealed, "A");
  ledger = cxv_ledger_new (unsealed);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_NOT_SEALED);
  g_clear_object (&ledger);

  seal (empty);
  ledger = cxv_ledger_new (empty);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_EMPTY);
  g_assert_null (cxv_ledger_get_periods (ledger));
  g_clear_object (&ledger);

  /* Customers, but nobody ever held anything or bought. */
  customer (idle, "A");
  seal (idle);
  ledger = cxv_ledger_new (idle);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_EMPTY);
  cxv_ledger_set_activity (ledger, CXV_ACTIVITY_NON_CONTRACTUAL);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_EMPTY);
  g_clear_object (&ledger);

  ledger = run_ledger (ds, CXV_PERIOD_MONTH);
  cxv_ledger_set_activity (ledger, CXV_ACTIVITY_NON_CONTRACTUAL);
  cxv_ledger_set_inactivity_days (ledger, 0);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  /* A failed run keeps the tables of the last good one. */
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_ledger_get_periods (ledger)), ==, 6);
  /* 0 days mean nothing under contracts. */
  cxv_ledger_set_activity (ledger, CXV_ACTIVITY_CONTRACTUAL);
  g_assert_true (cxv_ledger_run (ledger, NULL, &error));
  g_assert_no_error (error);

  cxv_ledger_set_window_days (ledger, 0);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  cxv_ledger_set_window_days (ledger, 40000);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  cxv_ledger_set_window_days (ledger, 90);

  cxv_ledger_set_period (ledger, (CxvPeriod) 7);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  cxv_ledger_set_period (ledger, CXV_PERIOD_MONTH);
  cxv_ledger_set_activity (ledger, (CxvActivity) 5);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
  cxv_ledger_set_activity (ledger, CXV_ACTIVITY_CONTRACTUAL);
  cxv_ledger_set_detractor_max (ledger, 11);
  assert_run_fails (ledger, CXV_ANALYSIS_ERROR_INVALID_ARGUMENT);
}

/* ------------------------------------------------------------------ */
/* Properties and async                                                 */

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_properties (void)
{
  g_autoptr(CxvDataset) ds = make_contractual ();
  g_autoptr(CxvLedger) ledger = cxv_ledger_new (ds);
  g_autoptr(CxvDataset) got = NULL;
  CxvPeriod period;
  CxvActivity activity;
  guint inactivity, window, detractor, csat, effort, n_notify = 0;

  g_test_summary ("Properties have their documented defaults and notify only on a change");

  g_object_get (ledger, "dataset", &got, "period", &period, "activity", &activity,
                "inactivity-days", &inactivity, "window-days", &window,
                "detractor-max", &detractor, "low-csat-max", &csat,
                "high-effort-max", &effort, NULL);
  g_assert_true (got == ds);
  g_assert_true (cxv_ledger_get_dataset (ledger) == ds);
  g_assert_cmpint (period, ==, CXV_PERIOD_MONTH);
  g_assert_cmpint (activity, ==, CXV_ACTIVITY_CONTRACTUAL);
  g_assert_cmpuint (inactivity, ==, 90);
  g_assert_cmpuint (window, ==, 90);
  g_assert_cmpuint (detractor, ==, 6);
  g_assert_cmpuint (csat, ==, 2);
  g_assert_cmpuint (effort, ==, 3);
  g_assert_cmpfloat (cxv_ledger_get_progress (ledger), ==, 0.0);

  g_signal_connect (ledger, "notify", G_CALLBACK (count_notify), &n_notify);
  cxv_ledger_set_window_days (ledger, 90);
  cxv_ledger_set_period (ledger, CXV_PERIOD_MONTH);
  g_assert_cmpuint (n_notify, ==, 0);
  cxv_ledger_set_window_days (ledger, 30);
  g_object_set (ledger, "period", CXV_PERIOD_YEAR, "high-effort-max", 2, NULL);
  g_assert_cmpuint (n_notify, ==, 3);
  g_assert_cmpuint (cxv_ledger_get_window_days (ledger), ==, 30);
  g_assert_cmpint (cxv_ledger_get_period (ledger), ==, CXV_PERIOD_YEAR);
  g_assert_cmpuint (cxv_ledger_get_high_effort_max (ledger), ==, 2);
}

static void
async_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static void
test_async (void)
{
  g_autoptr(CxvDataset) ds = make_contractual ();
  g_autoptr(CxvLedger) ledger = cxv_ledger_new (ds);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("run_async() gives the same ledger and reports progress in the caller's "
                  "context");

  cxv_ledger_run_async (ledger, NULL, async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cxv_ledger_run_finish (ledger, result, &error));
  g_assert_no_error (error);
  /* Progress arrives through idle sources: drain them. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpfloat (cxv_ledger_get_progress (ledger), ==, 1.0);
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_ledger_get_periods (ledger)), ==, 6);
  g_assert_cmpuint (cxv_table_get_n_rows (cxv_ledger_get_departures (ledger)), ==, 8);
}

/* ------------------------------------------------------------------ */
/* The simulator                                                        */

static gboolean
is_complaint_experience (const char *name)
{
  return g_str_has_prefix (name, "complaint: ") || g_str_equal (name, "unresolved contact");
}

static void
test_simulator (void)
{
  g_autoptr(CxvSimulator) sim = cxv_simulator_new ();
  g_autoptr(CxvDataset) ds = NULL;
  g_autoptr(CxvLedger) ledger = NULL;
  g_autoptr(CxvSpells) spells = NULL;
  g_autoptr(GError) error = NULL;
  const CxvRecordTable *it;
  const guint32 *ioff;
  const CxvDate *idates;
  const guint8 *ikinds, *resolved;
  CxvTable *periods, *experiences;
  guint64 exposed[2] = { 0, 0 }, left[2] = { 0, 0 };
  double rate[2], ratio, se_log;
  const char *top = NULL;
  gint64 top_lost = -1;

  g_test_summary ("On the simulator, complaints lead the experiences before departures and "
                  "an unresolved complaint multiplies the departure rate as planted");

  cxv_simulator_set_n_customers (sim, 20000);
  cxv_simulator_set_seed (sim, 7);
  ds = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);

  ledger = cxv_ledger_new (ds);
  g_assert_true (cxv_ledger_run (ledger, NULL, &error));
  g_assert_no_error (error);
  periods = cxv_ledger_get_periods (ledger);
  experiences = cxv_ledger_get_experiences (ledger);

  /* The ledger reconciles everywhere. */
  for (guint i = 0; i < cxv_table_get_n_rows (periods); i++)
    g_assert_true (cxv_table_get_boolean (periods, i, col (periods, "reconciled")));

  /* Among complaint-type experiences, the one with the most customers
   * lost is an unresolved contact or a complaint reason, not some other
   * experience (the planted complaint factor is 3). */
  for (guint i = 0; i < cxv_table_get_n_rows (experiences); i++)
    {
      const char *name = cxv_table_get_text (experiences, i, col (experiences, "experience"));
      gint64 lost = cxv_table_get_int (experiences, i, col (experiences, "customers_lost"));

      g_test_message ("%-28s %6" G_GINT64_FORMAT " %14" G_GINT64_FORMAT " %.3f", name, lost,
                      cxv_table_get_money (experiences, i, col (experiences, "revenue_lost")),
                      cxv_table_get_double (experiences, i, col (experiences,
                                                                 "share_of_departures")));
      if (!g_str_has_prefix (name, "exit reason: ") && lost > top_lost)
        {
          top = name;
          top_lost = lost;
        }
    }
  g_assert_nonnull (top);
  g_test_message ("first by customers lost: %s", top);
  g_assert_true (is_complaint_experience (top));

  /* Departure rates: every month, the customers active at its start,
   * split by an unresolved complaint in the ledger's window (90 days)
   * before it, and whether they left during the month. */
  spells = cxv_spells_new (ds, CXV_ACTIVITY_CONTRACTUAL, 0);
  it = cxv_dataset_get_table (ds, CXV_RECORD_INTERACTION);
  ioff = cxv_dataset_get_offsets (ds, CXV_RECORD_INTERACTION);
  idates = CXV_COLUMN (it, CxvDate, INT_DATE);
  ikinds = CXV_COLUMN (it, guint8, INT_KIND);
  resolved = CXV_COLUMN (it, guint8, INT_RESOLVED);
  for (guint p = 1; p < cxv_table_get_n_rows (periods); p++)
    {
      CxvDate ms = cxv_table_get_date (periods, p, col (periods, "start_date"));
      CxvDate me = cxv_table_get_date (periods, p, col (periods, "end_date"));

      for (guint32 c = 0; c < spells->n_customers; c++)
        {
          guint32 s;
          gboolean complained = FALSE, gone;

          if (!cxv_spells_active_on (spells, c, ms - 1, &s))
            continue;
          for (guint32 i = ioff[c]; i < ioff[c + 1] && idates[i] < ms; i++)
            complained |= idates[i] >= ms - 90 && ikinds[i] == CXV_INTERACTION_COMPLAINT &&
                          !resolved[i];
          gone = spells->spells[s].end != CXV_DATE_NONE && spells->spells[s].end < me;
          exposed[complained]++;
          left[complained] += gone;
        }
    }
  rate[0] = (double) left[0] / exposed[0];
  rate[1] = (double) left[1] / exposed[1];
  ratio = rate[1] / rate[0];
  /* The standard error of the log of a ratio of two proportions. */
  se_log = sqrt (1.0 / left[1] - 1.0 / exposed[1] + 1.0 / left[0] - 1.0 / exposed[0]);
  g_test_message ("monthly departure rate: %.4f with an unresolved complaint (%" G_GUINT64_FORMAT
                  " of %" G_GUINT64_FORMAT "), %.4f without (%" G_GUINT64_FORMAT " of %"
                  G_GUINT64_FORMAT "): ratio %.2f, 95 %% interval %.2f to %.2f", rate[1],
                  left[1], exposed[1], rate[0], left[0], exposed[0], ratio,
                  ratio * exp (-1.96 * se_log), ratio * exp (1.96 * se_log));
  /* The planted factor is 3. Customers after an unresolved complaint are
   * also more often detractors (factor 2), and partly offset by save
   * attempts (0.4 for those saved), and the 90-day window only
   * approximates the simulator's "3 months before", so the observed ratio
   * need not be 3 exactly (seed 7 gives 3.30, interval 2.98 to 3.66). The
   * bounds: its 95 % interval lies above 2, a clearly higher rate, and the
   * ratio stays below 6, the complaint and detractor factors together,
   * the most that confounding by detractors could explain. */
  g_assert_cmpfloat (ratio * exp (-1.96 * se_log), >, 2.0);
  g_assert_cmpfloat (ratio, <, 6.0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/ledger/months", test_months);
  g_test_add_func ("/cxv/ledger/quarters-years", test_quarters_years);
  g_test_add_func ("/cxv/ledger/non-contractual", test_non_contractual);
  g_test_add_func ("/cxv/ledger/last-year", test_last_year);
  g_test_add_func ("/cxv/ledger/bad-input", test_bad_input);
  g_test_add_func ("/cxv/ledger/lifetime-value-out", test_lifetime_value_out);
  g_test_add_func ("/cxv/ledger/properties", test_properties);
  g_test_add_func ("/cxv/ledger/async", test_async);
  g_test_add_func ("/cxv/ledger/simulator", test_simulator);

  return g_test_run ();
}
