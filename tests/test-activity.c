/* test-activity.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <cxvalue.h>

#include "cxv-activity-private.h"

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))

static CxvDataset *
make_dataset (void)
{
  g_autoptr(GError) error = NULL;
  CxvDataset *ds = cxv_dataset_new ("USD", &error);
  const char *ids[] = { "a", "b", "c", "d", "e" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_true (cxv_dataset_add_customer (ds, ids[i], NULL, CXV_DATE_NONE,
                                             CXV_ACQUISITION_UNKNOWN, NULL, &error));
  g_assert_true (cxv_dataset_add_product (ds, "p", NULL, TRUE, NULL, &error));
  /* a: two touching holdings, the second open: one open spell. */
  g_assert_true (cxv_dataset_add_holding (ds, "a", "p", D (2024, 3, 1), CXV_DATE_NONE, &error));
  g_assert_true (cxv_dataset_add_holding (ds, "a", "p", D (2024, 1, 1), D (2024, 3, 1), &error));
  /* b: one holding inside another, then a gap: two spells. */
  g_assert_true (cxv_dataset_add_holding (ds, "b", "p", D (2024, 1, 10), D (2024, 2, 10), &error));
  g_assert_true (cxv_dataset_add_holding (ds, "b", "p", D (2024, 1, 20), D (2024, 2, 5), &error));
  g_assert_true (cxv_dataset_add_holding (ds, "b", "p", D (2024, 4, 1), D (2024, 5, 1), &error));
  /* c: nothing. d: a holding that ends the day it starts. */
  g_assert_true (cxv_dataset_add_holding (ds, "d", "p", D (2024, 2, 1), D (2024, 2, 1), &error));
  /* e: purchases, a refund that is no purchase. */
  g_assert_true (cxv_dataset_add_revenue (ds, "e", NULL, D (2024, 1, 1), CXV_REVENUE_ONE_OFF,
                                          1000, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "e", NULL, D (2024, 1, 20), CXV_REVENUE_ONE_OFF,
                                          500, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "e", NULL, D (2024, 3, 1), CXV_REVENUE_ONE_OFF,
                                          700, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "e", NULL, D (2024, 3, 5), CXV_REVENUE_REFUND,
                                          -700, 0, NULL, &error));
  g_assert_true (cxv_dataset_add_revenue (ds, "e", NULL, D (2024, 3, 20), CXV_REVENUE_ONE_OFF,
                                          100, 0, NULL, &error));
  g_assert_true (cxv_dataset_seal (ds, &error));
  g_assert_no_error (error);
  return ds;
}

static void
assert_spells (const CxvSpells *spells, guint32 customer, const CxvSpell *expected, guint n)
{
  g_assert_cmpuint (spells->offsets[customer + 1] - spells->offsets[customer], ==, n);
  for (guint i = 0; i < n; i++)
    {
      const CxvSpell *s = &spells->spells[spells->offsets[customer] + i];
      g_assert_cmpint (s->start, ==, expected[i].start);
      g_assert_cmpint (s->end, ==, expected[i].end);
    }
}

static void
test_contractual (void)
{
  g_autoptr(CxvDataset) ds = make_dataset ();
  g_autoptr(CxvSpells) spells = cxv_spells_new (ds, CXV_ACTIVITY_CONTRACTUAL, 0);
  const CxvSpell a[] = { { D (2024, 1, 1), CXV_DATE_NONE } };
  const CxvSpell b[] = { { D (2024, 1, 10), D (2024, 2, 10) }, { D (2024, 4, 1), D (2024, 5, 1) } };
  guint32 which;

  g_test_summary ("Holdings merge into spells worked out by hand");

  assert_spells (spells, 0, a, 1);
  assert_spells (spells, 1, b, 2);
  assert_spells (spells, 2, NULL, 0);
  assert_spells (spells, 3, NULL, 0);
  g_assert_cmpint (spells->first_day, ==, D (2024, 1, 1));
  /* b's last holding ends 2024-05-01, so the data covers up to 2024-04-30. */
  g_assert_cmpint (spells->last_day, ==, D (2024, 4, 30));

  g_assert_true (cxv_spells_active_on (spells, 1, D (2024, 2, 9), &which));
  g_assert_cmpuint (which, ==, spells->offsets[1]);
  g_assert_false (cxv_spells_active_on (spells, 1, D (2024, 2, 10), NULL));
  g_assert_true (cxv_spells_active_on (spells, 1, D (2024, 4, 30), &which));
  g_assert_cmpuint (which, ==, spells->offsets[1] + 1);
  g_assert_true (cxv_spells_active_on (spells, 0, D (2030, 1, 1), NULL));
  g_assert_false (cxv_spells_active_on (spells, 0, D (2023, 12, 31), NULL));
}

static void
test_non_contractual (void)
{
  g_autoptr(CxvDataset) ds = make_dataset ();
  g_autoptr(CxvSpells) spells = cxv_spells_new (ds, CXV_ACTIVITY_NON_CONTRACTUAL, 30);
  /* 2024-01-20 + 30 days = 2024-02-19 (a leap year); 2024-03-01 comes
   * later, so a second spell starts, kept alive by 2024-03-20 until
   * 2024-04-19, before the data's last day (2024-04-30): closed. */
  const CxvSpell e[] = { { D (2024, 1, 1), D (2024, 2, 19) }, { D (2024, 3, 1), D (2024, 4, 19) } };

  g_test_summary ("Purchases and an inactivity limit make spells worked out by hand");

  assert_spells (spells, 4, e, 2);
  assert_spells (spells, 0, NULL, 0);
}

static void
test_open_at_end (void)
{
  g_autoptr(CxvDataset) ds = make_dataset ();
  g_autoptr(CxvSpells) spells = cxv_spells_new (ds, CXV_ACTIVITY_NON_CONTRACTUAL, 60);
  /* With 60 days, 2024-03-20 keeps e active to 2024-05-19, past the data:
   * the spell is still open. */
  const CxvSpell e[] = { { D (2024, 1, 1), CXV_DATE_NONE } };

  g_test_summary ("A limit running past the data's end leaves the spell open");

  /* 2024-01-20 + 60 = 2024-03-20 > 2024-03-01: one spell from January. */
  assert_spells (spells, 4, e, 1);
}

static void
test_periods (void)
{
  g_autofree char *m = cxv_period_label (CXV_PERIOD_MONTH, D (2024, 3, 1));
  g_autofree char *q = cxv_period_label (CXV_PERIOD_QUARTER, D (2024, 4, 1));
  g_autofree char *y = cxv_period_label (CXV_PERIOD_YEAR, D (2024, 1, 1));

  g_test_summary ("Calendar periods start, follow and print as expected");

  g_assert_cmpint (cxv_period_start (CXV_PERIOD_MONTH, D (2024, 2, 29)), ==, D (2024, 2, 1));
  g_assert_cmpint (cxv_period_start (CXV_PERIOD_QUARTER, D (2024, 6, 30)), ==, D (2024, 4, 1));
  g_assert_cmpint (cxv_period_start (CXV_PERIOD_YEAR, D (2024, 12, 31)), ==, D (2024, 1, 1));
  g_assert_cmpint (cxv_period_next (CXV_PERIOD_MONTH, D (2024, 12, 1)), ==, D (2025, 1, 1));
  g_assert_cmpint (cxv_period_next (CXV_PERIOD_QUARTER, D (2024, 10, 1)), ==, D (2025, 1, 1));
  g_assert_cmpint (cxv_period_next (CXV_PERIOD_YEAR, D (2024, 1, 1)), ==, D (2025, 1, 1));
  g_assert_cmpstr (m, ==, "2024-03");
  g_assert_cmpstr (q, ==, "2024-Q2");
  g_assert_cmpstr (y, ==, "2024");
}

/* The day table against the calendar, for every day from a year before
 * the periods to a year after, by month, quarter and year; and hand
 * values at the edges. */
static void
test_period_index (void)
{
  const CxvPeriod kinds[] = { CXV_PERIOD_MONTH, CXV_PERIOD_QUARTER, CXV_PERIOD_YEAR };

  g_test_summary ("A date's period from the day table equals the calendar's");

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      CxvPeriods p = { 0 };

      cxv_periods_init (&p, kinds[k], D (2023, 2, 15), D (2025, 11, 3));
      g_assert_cmpuint (p.n_days, ==, p.starts[p.n] - p.starts[0]);
      for (CxvDate d = D (2022, 1, 1); d <= D (2026, 12, 31); d++)
        g_assert_cmpint (cxv_periods_index (&p, d), ==, cxv_periods_index_by_month (&p, d));
      cxv_periods_clear (&p);
    }

  /* Periods up to the last representable day: the last has no day after
   * it, so those dates go through the calendar. */
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      CxvPeriods p = { 0 };

      cxv_periods_init (&p, kinds[k], D (9997, 6, 1), D (9999, 12, 31));
      for (CxvDate d = D (9997, 1, 1); d <= D (9999, 12, 31); d++)
        g_assert_cmpint (cxv_periods_index (&p, d), ==, cxv_periods_index_by_month (&p, d));
      g_assert_cmpint (cxv_periods_index (&p, D (9999, 12, 31)), ==, p.n - 1);
      cxv_periods_clear (&p);
    }

  {
    CxvPeriods p = { 0 };

    /* Months from February 2023 to November 2025: 34 of them. */
    cxv_periods_init (&p, CXV_PERIOD_MONTH, D (2023, 2, 15), D (2025, 11, 3));
    g_assert_cmpuint (p.n, ==, 34);
    g_assert_cmpint (cxv_periods_index (&p, D (2023, 1, 31)), ==, -1);
    g_assert_cmpint (cxv_periods_index (&p, D (2023, 2, 1)), ==, 0);
    g_assert_cmpint (cxv_periods_index (&p, D (2024, 2, 29)), ==, 12);
    g_assert_cmpint (cxv_periods_index (&p, D (2025, 11, 30)), ==, 33);
    g_assert_cmpint (cxv_periods_index (&p, D (2025, 12, 1)), ==, 34);
    cxv_periods_clear (&p);
    /* Cleared, it still answers from the calendar. */
    g_assert_cmpuint (p.n_days, ==, 0);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cxv/activity/contractual", test_contractual);
  g_test_add_func ("/cxv/activity/non-contractual", test_non_contractual);
  g_test_add_func ("/cxv/activity/open-at-end", test_open_at_end);
  g_test_add_func ("/cxv/activity/periods", test_periods);
  g_test_add_func ("/cxv/activity/period-index", test_period_index);

  return g_test_run ();
}
