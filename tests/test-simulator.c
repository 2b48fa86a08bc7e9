/* test-simulator.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The effect tests recover each planted effect from the data alone, the
 * way an analyst would, and compare the estimate with the planted value:
 * a second method. They rebuild the customer-month panel the class
 * documentation defines (month m runs from the start date plus m months;
 * a customer is exposed in month m when it has been a customer since
 * before the month began; the conditions are those recorded before the
 * month began) and compare monthly rates between customer-months with and
 * without a condition, within strata of the other conditions
 * (Mantel-Haenszel), so that no effect is mistaken for another. Churn is
 * read from holdings (a customer left on the day its last holding ended),
 * complaints, saves and touches from interactions, NPS answers from
 * feedback, expansions from revenue events and referrals from referral
 * records.
 *
 * The seeds are fixed, so the test is deterministic; the tolerances say
 * how far another seed could land. With a events under the condition and
 * b without, the standard error of the log of a rate ratio is about
 * sqrt (1/a + 1/b); each tolerance is more than 3 such standard errors for
 * the counts the test asserts, and held on twelve seeds tried while
 * writing the test (the largest deviations were 7 % for the complaint
 * factor, 13 % for the save factor, 9 % for the referral factor, 7 % for
 * expansion, 8 % for three products against one).
 */

#include <math.h>
#include <string.h>

#include <cxvalue.h>
#include <libglib-testing/signal-logger.h>

#define D(y, m, d) cxv_date_from_ymd ((y), (m), (d))

/* Customers for the effect tests: enough that every estimate rests on
 * several hundred events (the counts are asserted), few enough to stay
 * fast under ASan. */
#define EFFECT_CUSTOMERS 50000
#define EFFECT_SEED 7

static const char *const effect_names[] = {
  "base-churn", "complaint-churn-factor", "detractor-churn-factor",
  "detractor-referral-factor", "save-churn-factor", "in-sync-expansion-factor",
  "product-churn-factor",
};

static CxvDataset *
simulate (guint n_customers, guint64 seed, const char *first_property, ...)
{
  g_autoptr(CxvSimulator) sim = cxv_simulator_new ();
  g_autoptr(GError) error = NULL;
  CxvDataset *ds;
  va_list args;

  cxv_simulator_set_n_customers (sim, n_customers);
  cxv_simulator_set_seed (sim, seed);
  va_start (args, first_property);
  if (first_property != NULL)
    g_object_set_valist (G_OBJECT (sim), first_property, args);
  va_end (args);

  ds = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (CXV_IS_DATASET (ds));
  g_assert_true (cxv_dataset_get_sealed (ds));
  return ds;
}

/* ------------------------------------------------------------------ */
/* Columns                                                              */

typedef struct
{
  CxvDataset *ds;
  GPtrArray  *bytes;
  guint       n[CXV_N_RECORD_KINDS];
} View;

static gconstpointer
column (View *v, CxvRecordKind kind, const char *name)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = cxv_dataset_dup_column (v->ds, kind, name, NULL, &error);

  g_assert_no_error (error);
  g_ptr_array_add (v->bytes, bytes);
  return g_bytes_get_data (bytes, NULL);
}

static void
view_init (View *v, CxvDataset *ds)
{
  v->ds = ds;
  v->bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    v->n[k] = cxv_dataset_get_n_records (ds, k);
}

static void
view_clear (View *v)
{
  g_ptr_array_unref (v->bytes);
}

/* ------------------------------------------------------------------ */
/* The customer-month panel                                             */

enum
{
  F_EXPOSED = 1 << 0,     /* an unresolved complaint in one of the 3 months before */
  F_DETRACTOR = 1 << 1,   /* the latest NPS answer before the month is 0 to 6 */
  F_SAVED = 1 << 2,       /* at risk, and a save interaction in the month before */
  F_CHURN = 1 << 3,       /* left during the month */
  F_EXPAND = 1 << 4,      /* an expansion revenue event in the month */
  F_REFER = 1 << 5,       /* referred a customer in the month */
  F_INFLUENCED = 1 << 6,  /* touched before the month by an in-sync initiative live at its start */
  F_ROOM = 1 << 7,        /* could still expand: a lower tier or an eligible add-on not held */
};

typedef struct
{
  guint8 products;
  guint8 flags;
} CustomerMonth;

#define N_MONTHS 24

static guint
month_of (const CxvDate *starts, CxvDate date)
{
  guint m = 0;

  while (m + 1 < N_MONTHS && starts[m + 1] <= date)
    m++;
  return m;
}

static gboolean
held_at (CxvDate start, CxvDate end, CxvDate day)
{
  return start <= day && (end == CXV_DATE_NONE || day < end);
}

/* What a customer held as month @m began: what it held on the day before,
 * so that a change on the first day of the month counts from the next. */
static gboolean
held_as_month_began (CxvDate start, CxvDate end, CxvDate month_start)
{
  return held_at (start, end, month_start - 1);
}

/* Every customer-month in which a customer was a customer from the start
 * of the month: from the month after acquisition to the month it left or
 * the last month of the window. */
static GArray *
build_panel (CxvDataset *ds)
{
  View v;
  GArray *panel = g_array_new (FALSE, FALSE, sizeof (CustomerMonth));
  CxvDate starts[N_MONTHS + 1];
  const CxvDate *acquired;
  const guint32 *segment;
  const guint32 *hol_product;
  const CxvDate *hol_start, *hol_end;
  const CxvDate *rev_date;
  const guint8 *rev_kind;
  const CxvDate *int_date;
  const guint8 *int_kind, *int_resolved;
  const guint32 *int_reason;
  const CxvDate *fee_date;
  const guint8 *fee_instrument;
  const double *fee_score;
  const CxvDate *ref_date;
  guint business_text = G_MAXUINT;
  gboolean in_sync[16] = { FALSE };
  CxvDate ini_start[16], ini_end[16];
  guint n_initiatives = cxv_dataset_get_n_records (ds, CXV_RECORD_INITIATIVE);
  guint top_tier, first_add_on;
  gboolean eligible[2][16];

  view_init (&v, ds);
  for (guint m = 0; m <= N_MONTHS; m++)
    starts[m] = cxv_date_add_months (D (2023, 1, 1), (int) m);

  acquired = column (&v, CXV_RECORD_CUSTOMER, "acquired");
  segment = column (&v, CXV_RECORD_CUSTOMER, "segment");
  hol_product = column (&v, CXV_RECORD_HOLDING, "product");
  hol_start = column (&v, CXV_RECORD_HOLDING, "start");
  hol_end = column (&v, CXV_RECORD_HOLDING, "end");
  rev_date = column (&v, CXV_RECORD_REVENUE, "date");
  rev_kind = column (&v, CXV_RECORD_REVENUE, "kind");
  int_date = column (&v, CXV_RECORD_INTERACTION, "date");
  int_kind = column (&v, CXV_RECORD_INTERACTION, "kind");
  int_resolved = column (&v, CXV_RECORD_INTERACTION, "resolved");
  int_reason = column (&v, CXV_RECORD_INTERACTION, "reason");
  fee_date = column (&v, CXV_RECORD_FEEDBACK, "date");
  fee_instrument = column (&v, CXV_RECORD_FEEDBACK, "instrument");
  fee_score = column (&v, CXV_RECORD_FEEDBACK, "score");
  ref_date = column (&v, CXV_RECORD_REFERRAL, "date");

  g_assert_cmpuint (n_initiatives, <=, 16);
  for (guint i = 0; i < n_initiatives; i++)
    {
      CxvInitiative ini;

      cxv_dataset_get_initiative (ds, i, &ini);
      in_sync[i] = ini.in_sync;
      ini_start[i] = ini.start;
      ini_end[i] = ini.end;
    }
  g_assert_true (cxv_dataset_lookup_product (ds, "internet-1000", &top_tier));
  g_assert_true (cxv_dataset_lookup_product (ds, "tv", &first_add_on));
  for (guint p = 0; p < v.n[CXV_RECORD_PRODUCT]; p++)
    {
      eligible[0][p] = cxv_dataset_is_eligible (ds, p, "consumer");
      eligible[1][p] = cxv_dataset_is_eligible (ds, p, "business");
    }
  for (guint c = 0; c < v.n[CXV_RECORD_CUSTOMER] && business_text == G_MAXUINT; c++)
    if (g_strcmp0 (cxv_dataset_get_text (ds, segment[c]), "business") == 0)
      business_text = segment[c];

  for (guint c = 0; c < v.n[CXV_RECORD_CUSTOMER]; c++)
    {
      guint h0, nh, r0, nr, i0, ni, f0, nf, x0, nx;
      guint a = month_of (starts, acquired[c]), last = N_MONTHS - 1;
      guint seg = segment[c] == business_text;
      gboolean unresolved[N_MONTHS] = { FALSE }, saved[N_MONTHS] = { FALSE };
      gboolean expanded[N_MONTHS] = { FALSE }, referred[N_MONTHS] = { FALSE };
      gboolean churned = TRUE;
      CxvDate left = CXV_DATE_MIN;
      guint f = 0;
      gboolean detractor = FALSE;

      cxv_dataset_get_customer_range (ds, CXV_RECORD_HOLDING, c, &h0, &nh);
      cxv_dataset_get_customer_range (ds, CXV_RECORD_REVENUE, c, &r0, &nr);
      cxv_dataset_get_customer_range (ds, CXV_RECORD_INTERACTION, c, &i0, &ni);
      cxv_dataset_get_customer_range (ds, CXV_RECORD_FEEDBACK, c, &f0, &nf);
      cxv_dataset_get_customer_range (ds, CXV_RECORD_REFERRAL, c, &x0, &nx);

      /* Left on the day the last holding ended, if every holding ended. */
      for (guint h = h0; h < h0 + nh; h++)
        {
          if (hol_end[h] == CXV_DATE_NONE)
            churned = FALSE;
          else
            left = MAX (left, hol_end[h]);
        }
      if (churned)
        last = month_of (starts, left);

      for (guint r = r0; r < r0 + nr; r++)
        if (rev_kind[r] == CXV_REVENUE_EXPANSION)
          expanded[month_of (starts, rev_date[r])] = TRUE;
      for (guint i = i0; i < i0 + ni; i++)
        {
          if (int_kind[i] == CXV_INTERACTION_COMPLAINT && !int_resolved[i])
            unresolved[month_of (starts, int_date[i])] = TRUE;
          else if (int_kind[i] == CXV_INTERACTION_SAVE)
            saved[month_of (starts, int_date[i])] = TRUE;
        }
      for (guint x = x0; x < x0 + nx; x++)
        referred[month_of (starts, ref_date[x])] = TRUE;

      for (guint m = a + 1; m <= last; m++)
        {
          CxvDate ms = starts[m];
          CustomerMonth row = { 0 };
          gboolean at_risk, room = FALSE, has_tier_room = FALSE;
          gboolean held[16] = { FALSE };

          /* The latest NPS answer given before the month began. */
          for (; f < nf && fee_date[f0 + f] < ms; f++)
            if (fee_instrument[f0 + f] == CXV_INSTRUMENT_NPS)
              detractor = fee_score[f0 + f] <= 6;

          for (guint h = h0; h < h0 + nh; h++)
            if (held_as_month_began (hol_start[h], hol_end[h], ms))
              {
                row.products++;
                held[hol_product[h]] = TRUE;
                if (hol_product[h] < top_tier)
                  has_tier_room = TRUE;
              }
          room = has_tier_room;
          for (guint p = first_add_on; p < v.n[CXV_RECORD_PRODUCT]; p++)
            if (eligible[seg][p] && !held[p])
              room = TRUE;

          for (guint back = 1; back <= 3 && back <= m; back++)
            if (unresolved[m - back])
              row.flags |= F_EXPOSED;
          if (detractor)
            row.flags |= F_DETRACTOR;
          at_risk = (row.flags & (F_EXPOSED | F_DETRACTOR)) != 0;
          if (at_risk && saved[m - 1])
            row.flags |= F_SAVED;
          if (churned && m == last)
            row.flags |= F_CHURN;
          if (expanded[m])
            row.flags |= F_EXPAND;
          if (referred[m])
            row.flags |= F_REFER;
          if (room)
            row.flags |= F_ROOM;

          /* Touched (an advice contact whose reason is an initiative id)
           * before the month by an in-sync initiative live at its start. */
          for (guint i = i0; i < i0 + ni && int_date[i] < ms; i++)
            {
              guint ini;
              const char *reason;

              if (int_kind[i] != CXV_INTERACTION_ADVICE)
                continue;
              reason = cxv_dataset_get_text (ds, int_reason[i]);
              g_assert_nonnull (reason);
              g_assert_true (cxv_dataset_lookup_initiative (ds, reason, &ini));
              if (in_sync[ini] && ini_start[ini] <= ms &&
                  (ini_end[ini] == CXV_DATE_NONE || ms <= ini_end[ini]))
                row.flags |= F_INFLUENCED;
            }
          g_array_append_val (panel, row);
        }
    }

  view_clear (&v);
  return panel;
}

/* ------------------------------------------------------------------ */
/* Rate ratios                                                          */

typedef struct
{
  double a, n1;   /* outcomes and months with the condition */
  double b, n0;   /* outcomes and months without it */
} Stratum;

typedef struct
{
  double ratio;       /* Mantel-Haenszel rate ratio */
  double events1;     /* outcomes with the condition */
  double events0;     /* outcomes without it */
  double months1;
} Estimate;

/* The Mantel-Haenszel estimate of the common ratio of monthly rates,
 * sum(a n0 / T) / sum(b n1 / T) over strata: each month is a Bernoulli
 * trial with the planted probability, so within a stratum the ratio of
 * rates is the planted factor, and the weighted average recovers it. */
static Estimate
mantel_haenszel (GArray   *panel,
                 guint     condition,
                 guint     outcome,
                 guint     strata_flags,
                 guint     require,
                 guint     exclude,
                 gboolean  by_products)
{
  Stratum strata[8 * 256] = { { 0 } };
  Estimate e = { 0 };
  double num = 0, den = 0;

  g_assert_cmpuint (panel->len, >, 0);
  for (guint i = 0; i < panel->len; i++)
    {
      const CustomerMonth *row = &g_array_index (panel, CustomerMonth, i);
      Stratum *s;

      if ((row->flags & require) != require || (row->flags & exclude) != 0)
        continue;
      s = &strata[(by_products ? MIN (row->products, 7u) : 0) * 256 + (row->flags & strata_flags)];
      if (row->flags & condition)
        {
          s->n1++;
          s->a += (row->flags & outcome) != 0;
        }
      else
        {
          s->n0++;
          s->b += (row->flags & outcome) != 0;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (strata); i++)
    {
      const Stratum *s = &strata[i];
      double t = s->n0 + s->n1;

      /* Only strata with months both ways inform the ratio. */
      if (s->n0 == 0 || s->n1 == 0)
        continue;
      num += s->a * s->n0 / t;
      den += s->b * s->n1 / t;
      e.events1 += s->a;
      e.events0 += s->b;
      e.months1 += s->n1;
    }
  e.ratio = den > 0 ? num / den : NAN;
  g_test_message ("%.0f events in %.0f customer-months with the condition, %.0f events "
                  "without (in strata with both)",
                  e.events1, e.months1, e.events0);
  return e;
}

/* The monthly churn rate of clean months (none of the conditions) with
 * @products products. */
static double
clean_churn_rate (GArray *panel, guint products, double *events)
{
  double n = 0, churned = 0;

  for (guint i = 0; i < panel->len; i++)
    {
      const CustomerMonth *row = &g_array_index (panel, CustomerMonth, i);

      if (row->products != products || (row->flags & (F_EXPOSED | F_DETRACTOR | F_SAVED)))
        continue;
      n++;
      churned += (row->flags & F_CHURN) != 0;
    }
  if (events != NULL)
    *events = churned;
  return churned / n;
}

static void
assert_near (const char *what, double estimate, double expected, double tolerance)
{
  g_test_message ("%s: estimated %.3f, planted %.4g (tolerance %.0f %%)", what, estimate,
                  expected, tolerance * 100);
  g_assert_false (isnan (estimate));
  if (fabs (estimate / expected - 1) > tolerance)
    g_error ("%s: estimated %.4f, planted %.4f, outside %.0f %%", what, estimate, expected,
             tolerance * 100);
}

/* Panels shared by the effect tests: the defaults, and every factor 1. */
static GArray *default_panel;
static GArray *null_panel;

static GArray *
get_default_panel (void)
{
  if (default_panel == NULL)
    {
      g_autoptr(CxvDataset) ds = simulate (EFFECT_CUSTOMERS, EFFECT_SEED, NULL);
      default_panel = build_panel (ds);
    }
  return default_panel;
}

static GArray *
get_null_panel (void)
{
  if (null_panel == NULL)
    {
      g_autoptr(CxvDataset) ds =
        simulate (EFFECT_CUSTOMERS, EFFECT_SEED, "complaint-churn-factor", 1.0,
                  "detractor-churn-factor", 1.0, "detractor-referral-factor", 1.0,
                  "save-churn-factor", 1.0, "in-sync-expansion-factor", 1.0,
                  "product-churn-factor", 1.0, NULL);
      null_panel = build_panel (ds);
    }
  return null_panel;
}

/* ------------------------------------------------------------------ */
/* Effect tests                                                         */

static void
test_complaint_churn (void)
{
  Estimate e;

  g_test_summary ("The churn rate in the 3 months after an unresolved complaint, against other "
                  "customer-months of the same products, NPS and save state, is the planted "
                  "complaint-churn-factor, and about 1 when the factor is 1");

  /* Exposure: an unresolved complaint in months m-3..m-1. Strata: products
   * held, detractor, saved-while-at-risk; within each the hazards differ
   * only by the complaint factor (3.0). About 900 churns in exposed months
   * and 7,500 in the others: a standard error of the log ratio near 0.035,
   * so 15 % is 4 of them. Switched off, some 300 exposed churns: 0.058,
   * and 20 %. */
  e = mantel_haenszel (get_default_panel (), F_EXPOSED, F_CHURN, F_DETRACTOR | F_SAVED, 0, 0,
                       TRUE);
  g_assert_cmpfloat (e.events1, >, 500);
  assert_near ("complaint-churn-factor", e.ratio, 3.0, 0.15);

  e = mantel_haenszel (get_null_panel (), F_EXPOSED, F_CHURN, F_DETRACTOR | F_SAVED, 0, 0, TRUE);
  g_assert_cmpfloat (e.events1, >, 150);
  assert_near ("complaint-churn-factor switched off", e.ratio, 1.0, 0.2);
}

static void
test_detractors (void)
{
  Estimate e;

  g_test_summary ("Detractors churn detractor-churn-factor times as often and refer "
                  "detractor-referral-factor times as often as other customers");

  /* Churn: exposure is a latest NPS of 0 to 6; strata: products,
   * complaint, saved-while-at-risk. Planted 2.0; some 1,800 churns of
   * detractors and 6,600 of others: a standard error near 0.027. */
  e = mantel_haenszel (get_default_panel (), F_DETRACTOR, F_CHURN, F_EXPOSED | F_SAVED, 0, 0,
                       TRUE);
  g_assert_cmpfloat (e.events1, >, 1000);
  assert_near ("detractor-churn-factor", e.ratio, 2.0, 0.15);

  /* Referrals: the referral probability depends on nothing but the
   * detractor state, so no strata; months in which the customer left are
   * left out (nobody refers in the month they leave). Planted 0.25, with
   * some 200 referrals by detractors: a standard error near 0.072. */
  e = mantel_haenszel (get_default_panel (), F_DETRACTOR, F_REFER, 0, 0, F_CHURN, FALSE);
  g_assert_cmpfloat (e.events1, >, 150);
  assert_near ("detractor-referral-factor", e.ratio, 0.25, 0.3);

  e = mantel_haenszel (get_null_panel (), F_DETRACTOR, F_CHURN, F_EXPOSED | F_SAVED, 0, 0, TRUE);
  assert_near ("detractor-churn-factor switched off", e.ratio, 1.0, 0.15);
  e = mantel_haenszel (get_null_panel (), F_DETRACTOR, F_REFER, 0, 0, F_CHURN, FALSE);
  assert_near ("detractor-referral-factor switched off", e.ratio, 1.0, 0.2);
}

static void
test_save (void)
{
  Estimate e;

  g_test_summary ("Customers at risk churn save-churn-factor times as often in the month "
                  "after a save interaction as customers at risk without one");

  /* Only months at risk (an exposure or a detractor answer) are compared:
   * the strata (products, complaint, detractor) with neither hold no saved
   * month and drop out. The condition is a save interaction the month
   * before. Planted 0.4; some 270 churns after saves and 2,000 without: a
   * standard error near 0.065. */
  e = mantel_haenszel (get_default_panel (), F_SAVED, F_CHURN, F_EXPOSED | F_DETRACTOR, 0, 0,
                       TRUE);
  g_assert_cmpfloat (e.events1, >, 200);
  assert_near ("save-churn-factor", e.ratio, 0.4, 0.25);

  e = mantel_haenszel (get_null_panel (), F_SAVED, F_CHURN, F_EXPOSED | F_DETRACTOR, 0, 0, TRUE);
  assert_near ("save-churn-factor switched off", e.ratio, 1.0, 0.2);
}

static void
test_product_churn (void)
{
  double events1, events2, events3;
  double r1, r2, r3;

  g_test_summary ("Churn falls with the products held: the churn rate of clean months with k "
                  "products is base-churn times product-churn-factor to the power k - 1");

  /* Clean months (no complaint exposure, no detractor answer, no save):
   * the hazard is base-churn * 0.75^(k-1), so 0.02, 0.015, 0.01125, and
   * the ratios to one product 0.75 and 0.5625. */
  r1 = clean_churn_rate (get_default_panel (), 1, &events1);
  r2 = clean_churn_rate (get_default_panel (), 2, &events2);
  r3 = clean_churn_rate (get_default_panel (), 3, &events3);
  g_assert_cmpfloat (events1, >, 1000);
  g_assert_cmpfloat (events2, >, 500);
  g_assert_cmpfloat (events3, >, 200);
  g_assert_cmpfloat (r1, >, r2);
  g_assert_cmpfloat (r2, >, r3);
  assert_near ("base-churn", r1, 0.02, 0.1);
  assert_near ("product-churn-factor (2 products against 1)", r2 / r1, 0.75, 0.12);
  assert_near ("product-churn-factor squared (3 products against 1)", r3 / r1, 0.5625, 0.2);

  r1 = clean_churn_rate (get_null_panel (), 1, NULL);
  r2 = clean_churn_rate (get_null_panel (), 2, NULL);
  assert_near ("product-churn-factor switched off", r2 / r1, 1.0, 0.12);
}

static void
test_in_sync_expansion (void)
{
  Estimate e;

  g_test_summary ("Customers touched by a live in-sync initiative expand in-sync-expansion-"
                  "factor times as often as others, and as often when the factor is 1");

  /* Months in which the customer stayed and still had something to add
   * or upgrade to; the expansion probability depends on nothing but the
   * influence, so no strata. Planted 2.0 on a base of 0.012; some 3,600
   * expansions each way: a standard error near 0.024. */
  e = mantel_haenszel (get_default_panel (), F_INFLUENCED, F_EXPAND, 0, F_ROOM, F_CHURN, FALSE);
  g_assert_cmpfloat (e.events1, >, 1000);
  assert_near ("in-sync-expansion-factor", e.ratio, 2.0, 0.12);

  e = mantel_haenszel (get_null_panel (), F_INFLUENCED, F_EXPAND, 0, F_ROOM, F_CHURN, FALSE);
  assert_near ("in-sync-expansion-factor switched off", e.ratio, 1.0, 0.12);
}

static void
test_initiative_tags (void)
{
  g_autoptr(CxvDataset) on = simulate (10000, 3, NULL);
  g_autoptr(CxvDataset) off = simulate (10000, 3, "in-sync-expansion-factor", 1.0, NULL);
  CxvDataset *datasets[] = { on, off };
  guint tagged[2] = { 0 };

  g_test_summary ("Only in-sync initiatives tag revenue, and none do when their effect is off");

  for (guint d = 0; d < 2; d++)
    for (guint i = 0; i < cxv_dataset_get_n_records (datasets[d], CXV_RECORD_REVENUE); i++)
      {
        CxvRevenueEvent ev;
        CxvInitiative ini;

        cxv_dataset_get_revenue_event (datasets[d], i, &ev);
        if (ev.initiative == CXV_NO_INDEX)
          continue;
        cxv_dataset_get_initiative (datasets[d], ev.initiative, &ini);
        g_assert_true (ini.in_sync);
        tagged[d]++;
      }
  g_test_message ("tagged revenue events: %u with the effect, %u without", tagged[0], tagged[1]);
  g_assert_cmpuint (tagged[0], >, 1000);
  g_assert_cmpuint (tagged[1], ==, 0);
}

/* ------------------------------------------------------------------ */
/* Other tests                                                          */

static void
test_defaults (void)
{
  g_autoptr(CxvSimulator) sim = cxv_simulator_new ();
  g_autoptr(CxvTable) truth = NULL;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  static const double defaults[] = { 0.02, 3.0, 2.0, 0.25, 0.4, 2.0, 0.75 };
  double value;

  g_test_summary ("Defaults are the documented ones, the ground truth lists every effect, and "
                  "properties notify only on a real change");

  g_assert_cmpuint (cxv_simulator_get_n_customers (sim), ==, 20000);
  g_assert_cmpuint (cxv_simulator_get_n_months (sim), ==, 24);
  g_assert_cmpuint (cxv_simulator_get_seed (sim), ==, 42);
  g_assert_cmpint (cxv_simulator_get_start_date (sim), ==, D (2023, 1, 1));
  g_assert_cmpfloat (cxv_simulator_get_progress (sim), ==, 0.0);

  truth = cxv_simulator_dup_ground_truth (sim);
  g_assert_cmpstr (cxv_table_get_name (truth), ==, "ground-truth");
  g_assert_cmpuint (cxv_table_get_n_columns (truth), ==, 3);
  g_assert_cmpstr (cxv_table_get_column_name (truth, 0), ==, "effect");
  g_assert_cmpint (cxv_table_get_column_type (truth, 1), ==, CXV_COLUMN_DOUBLE);
  g_assert_cmpuint (cxv_table_get_n_rows (truth), ==, G_N_ELEMENTS (effect_names));
  for (guint i = 0; i < G_N_ELEMENTS (effect_names); i++)
    {
      g_assert_cmpstr (cxv_table_get_text (truth, i, 0), ==, effect_names[i]);
      g_assert_cmpfloat (cxv_table_get_double (truth, i, 1), ==, defaults[i]);
      g_assert_cmpuint (strlen (cxv_table_get_text (truth, i, 2)), >, 20);
      g_object_get (sim, effect_names[i], &value, NULL);
      g_assert_cmpfloat (value, ==, defaults[i]);
    }

  gt_signal_logger_connect (logger, sim, "notify");
  cxv_simulator_set_n_customers (sim, 20000);
  cxv_simulator_set_seed (sim, 42);
  g_object_set (sim, "complaint-churn-factor", 3.0, NULL);
  gt_signal_logger_assert_no_emissions (logger);

  cxv_simulator_set_n_customers (sim, 10);
  gt_signal_logger_assert_notify_emission_pop (logger, sim, "n-customers");
  cxv_simulator_set_n_months (sim, 6);
  gt_signal_logger_assert_notify_emission_pop (logger, sim, "n-months");
  cxv_simulator_set_seed (sim, 1);
  gt_signal_logger_assert_notify_emission_pop (logger, sim, "seed");
  cxv_simulator_set_start_date (sim, D (2020, 2, 1));
  gt_signal_logger_assert_notify_emission_pop (logger, sim, "start-date");
  g_object_set (sim, "complaint-churn-factor", 1.0, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, sim, "complaint-churn-factor");
  gt_signal_logger_assert_no_emissions (logger);

  /* The ground truth follows the properties. */
  g_clear_object (&truth);
  truth = cxv_simulator_dup_ground_truth (sim);
  g_assert_cmpfloat (cxv_table_get_double (truth, 1, 1), ==, 1.0);
}

static void
assert_same_dataset (CxvDataset *a, CxvDataset *b)
{
  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      g_auto(GStrv) columns = cxv_dataset_list_columns (k);

      g_assert_cmpuint (cxv_dataset_get_n_records (a, k), ==, cxv_dataset_get_n_records (b, k));
      for (guint c = 0; columns[c] != NULL; c++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) x = cxv_dataset_dup_column (a, k, columns[c], NULL, &error);
          g_autoptr(GBytes) y = cxv_dataset_dup_column (b, k, columns[c], NULL, &error);

          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (x, y));
        }
    }
  for (guint c = 0; c < cxv_dataset_get_n_records (a, CXV_RECORD_CUSTOMER); c++)
    g_assert_cmpstr (cxv_dataset_get_customer_id (a, c), ==, cxv_dataset_get_customer_id (b, c));
  g_assert_cmpint (cxv_dataset_get_revenue_total (a), ==, cxv_dataset_get_revenue_total (b));
}

static void
test_determinism (void)
{
  g_autoptr(CxvDataset) a = simulate (5000, 42, NULL);
  g_autoptr(CxvDataset) b = simulate (5000, 42, NULL);
  g_autoptr(CxvDataset) c = simulate (5000, 43, NULL);
  g_autoptr(GBytes) ra = NULL;
  g_autoptr(GBytes) rc = NULL;

  g_test_summary ("The same seed and parameters give the same dataset byte for byte; another "
                  "seed gives another");

  assert_same_dataset (a, b);

  ra = cxv_dataset_dup_column (a, CXV_RECORD_REVENUE, "amount", NULL, NULL);
  rc = cxv_dataset_dup_column (c, CXV_RECORD_REVENUE, "amount", NULL, NULL);
  g_assert_false (g_bytes_equal (ra, rc));
  g_assert_cmpuint (cxv_dataset_get_n_records (c, CXV_RECORD_CUSTOMER), ==, 5000);
}

static void
test_counts (void)
{
  g_autoptr(CxvDataset) ds = simulate (20000, 42, NULL);
  guint n_customers = cxv_dataset_get_n_records (ds, CXV_RECORD_CUSTOMER);
  guint sources[CXV_ACQUISITION_WIN_BACK + 1] = { 0 };
  guint kinds[CXV_INTERACTION_FEEDBACK + 1] = { 0 };
  guint revenue_kinds[CXV_REVENUE_REFUND + 1] = { 0 };
  guint instruments[CXV_INSTRUMENT_OTHER + 1] = { 0 };
  guint business = 0, churned = 0, in_sync = 0, low_cost = 0;
  guint n_interactions = cxv_dataset_get_n_records (ds, CXV_RECORD_INTERACTION);
  g_autoptr(GHashTable) channels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) reasons = g_hash_table_new (g_str_hash, g_str_equal);
  /* Record counts of the default run (20,000 customers, seed 42), as a
   * guard that every machine and build produces the same data (GCC, Clang
   * and ASan builds give the same bytes): a change to the model changes
   * them, deliberately. */
  static const guint expected[CXV_N_RECORD_KINDS] = {
    [CXV_RECORD_CUSTOMER] = 20000, [CXV_RECORD_PRODUCT] = 8, [CXV_RECORD_HOLDING] = 39851,
    [CXV_RECORD_REVENUE] = 398128, [CXV_RECORD_INTERACTION] = 104715,
    [CXV_RECORD_FEEDBACK] = 36423, [CXV_RECORD_USAGE] = 384479, [CXV_RECORD_REFERRAL] = 2484,
    [CXV_RECORD_INITIATIVE] = 6,
  };

  g_test_summary ("The default sample has plausible and reproducible counts");

  for (guint k = 0; k < CXV_N_RECORD_KINDS; k++)
    {
      g_test_message ("%u records of kind %u", cxv_dataset_get_n_records (ds, k), k);
      g_assert_cmpuint (cxv_dataset_get_n_records (ds, k), ==, expected[k]);
    }

  for (guint c = 0; c < n_customers; c++)
    {
      g_autoptr(CxvCustomer) cu = cxv_dataset_dup_customer (ds, c);
      guint first, n;
      gboolean open = FALSE;

      sources[cxv_customer_get_acquisition_source (cu)]++;
      business += g_str_equal (cxv_customer_get_segment (cu), "business");
      cxv_dataset_get_customer_range (ds, CXV_RECORD_HOLDING, c, &first, &n);
      g_assert_cmpuint (n, >=, 1);
      for (guint h = first; h < first + n; h++)
        {
          CxvHolding hol;

          cxv_dataset_get_holding (ds, h, &hol);
          open |= hol.end == CXV_DATE_NONE;
        }
      churned += !open;
    }
  for (guint i = 0; i < n_interactions; i++)
    {
      CxvInteraction it;

      cxv_dataset_get_interaction (ds, i, &it);
      kinds[it.kind]++;
      low_cost += it.channel_class == CXV_CHANNEL_LOW_COST;
      g_hash_table_add (channels, (gpointer) cxv_dataset_get_text (ds, it.channel));
      if (it.reason != CXV_NO_INDEX)
        g_hash_table_add (reasons, (gpointer) cxv_dataset_get_text (ds, it.reason));
    }
  for (guint i = 0; i < cxv_dataset_get_n_records (ds, CXV_RECORD_REVENUE); i++)
    {
      CxvRevenueEvent ev;

      cxv_dataset_get_revenue_event (ds, i, &ev);
      revenue_kinds[ev.kind]++;
    }
  for (guint i = 0; i < cxv_dataset_get_n_records (ds, CXV_RECORD_FEEDBACK); i++)
    {
      CxvFeedback fb;

      cxv_dataset_get_feedback (ds, i, &fb);
      instruments[fb.instrument]++;
    }
  for (guint i = 0; i < cxv_dataset_get_n_records (ds, CXV_RECORD_INITIATIVE); i++)
    {
      CxvInitiative ini;

      cxv_dataset_get_initiative (ds, i, &ini);
      in_sync += ini.in_sync;
    }

  /* Shares the model sets (class documentation), with room for chance:
   * business 15 %, referral 12 % or so of all customers, every other
   * source present in its proportion. */
  g_assert_cmpuint (business, >, n_customers * 0.13);
  g_assert_cmpuint (business, <, n_customers * 0.17);
  g_assert_cmpuint (sources[CXV_ACQUISITION_UNKNOWN], ==, 0);
  g_assert_cmpuint (sources[CXV_ACQUISITION_REFERRAL], ==,
                    cxv_dataset_get_n_records (ds, CXV_RECORD_REFERRAL));
  g_assert_cmpuint (sources[CXV_ACQUISITION_REFERRAL], >, n_customers * 0.05);
  g_assert_cmpuint (sources[CXV_ACQUISITION_REFERRAL], <, n_customers * 0.2);
  for (guint s = CXV_ACQUISITION_ORGANIC; s <= CXV_ACQUISITION_WIN_BACK; s++)
    g_assert_cmpuint (sources[s], >, n_customers * 0.05);
  g_assert_cmpuint (sources[CXV_ACQUISITION_ORGANIC], >, sources[CXV_ACQUISITION_SALES]);

  /* Acquired evenly-ish over 24 months, a customer is exposed some 11
   * months at a hazard of about 1.6 % a month (0.02, lowered by products,
   * raised by complaints and detractor answers): about 1 - 0.984^11, or
   * 16 %, leave. */
  g_test_message ("%u of %u customers left", churned, n_customers);
  g_assert_cmpuint (churned, >, n_customers * 0.12);
  g_assert_cmpuint (churned, <, n_customers * 0.22);

  g_assert_cmpuint (in_sync, ==, 3);
  g_assert_cmpuint (g_hash_table_size (channels), ==, 5);
  for (const char *const *r = (const char *const[]) { "outage", "billing", "speed", "retention",
                                                       "INI-01", "INI-06", NULL };
       *r != NULL; r++)
    g_assert_true (g_hash_table_contains (reasons, *r));
  for (guint k = 0; k <= CXV_INTERACTION_FEEDBACK; k++)
    g_assert_cmpuint (kinds[k], >, 0);
  for (guint k = 0; k <= CXV_REVENUE_REFUND; k++)
    g_assert_cmpuint (revenue_kinds[k], >, 0);
  for (guint k = 0; k < CXV_INSTRUMENT_OTHER; k++)
    g_assert_cmpuint (instruments[k], >, 0);
  g_assert_cmpuint (instruments[CXV_INSTRUMENT_OTHER], ==, 0);
  /* Most contacts go through the low-cost channels. */
  g_assert_cmpuint (low_cost, >, n_interactions / 2);
  /* Recurring bills dominate revenue events. */
  g_assert_cmpuint (revenue_kinds[CXV_REVENUE_RECURRING], >,
                    cxv_dataset_get_n_records (ds, CXV_RECORD_REVENUE) * 0.8);
  g_assert_cmpint (cxv_dataset_get_revenue_total (ds), >, 0);
}

static void
test_references (void)
{
  g_autoptr(CxvDataset) ds = simulate (20000, 11, NULL);
  guint n_customers = cxv_dataset_get_n_records (ds, CXV_RECORD_CUSTOMER);
  CxvDate window_end = cxv_date_add_months (D (2023, 1, 1), 24);
  guint tiers[3], n_products = cxv_dataset_get_n_records (ds, CXV_RECORD_PRODUCT);

  g_test_summary ("Every record refers to a declared customer, product and initiative, in its "
                  "customer's lifetime, within the rules of the business");

  g_assert_true (cxv_dataset_lookup_product (ds, "internet-100", &tiers[0]));
  g_assert_true (cxv_dataset_lookup_product (ds, "internet-500", &tiers[1]));
  g_assert_true (cxv_dataset_lookup_product (ds, "internet-1000", &tiers[2]));

  for (guint c = 0; c < n_customers; c++)
    {
      g_autoptr(CxvCustomer) cu = cxv_dataset_dup_customer (ds, c);
      const char *segment = cxv_customer_get_segment (cu);
      CxvDate acquired = cxv_customer_get_acquired (cu);
      CxvDate left = CXV_DATE_MIN;
      gboolean open = FALSE;
      guint first, n;

      g_assert_true (g_str_equal (segment, "consumer") || g_str_equal (segment, "business"));
      g_assert_cmpint (acquired, >=, D (2023, 1, 1));
      g_assert_cmpint (acquired, <, window_end);

      /* Holdings: eligible products, add-ons only beside an internet tier,
       * exactly one tier at every start and end. */
      cxv_dataset_get_customer_range (ds, CXV_RECORD_HOLDING, c, &first, &n);
      for (guint h = first; h < first + n; h++)
        {
          CxvHolding hol;
          CxvDate days[2];

          cxv_dataset_get_holding (ds, h, &hol);
          g_assert_cmpuint (hol.customer, ==, c);
          g_assert_cmpuint (hol.product, <, n_products);
          g_assert_true (cxv_dataset_is_eligible (ds, hol.product, segment));
          g_assert_cmpint (hol.start, >=, acquired);
          if (hol.end == CXV_DATE_NONE)
            open = TRUE;
          else
            {
              g_assert_cmpint (hol.end, >, hol.start);
              left = MAX (left, hol.end);
            }
          days[0] = hol.start;
          days[1] = hol.end == CXV_DATE_NONE ? window_end - 1 : hol.end - 1;
          for (guint d = 0; d < 2; d++)
            {
              guint n_tiers = 0;

              for (guint g = first; g < first + n; g++)
                {
                  CxvHolding other;

                  cxv_dataset_get_holding (ds, g, &other);
                  if ((other.product == tiers[0] || other.product == tiers[1] ||
                       other.product == tiers[2]) &&
                      held_at (other.start, other.end, days[d]))
                    n_tiers++;
                }
              g_assert_cmpuint (n_tiers, ==, 1);
            }
        }
      if (open)
        left = CXV_DATE_MAX;

      /* Events within the customer's lifetime (an exit reason on the day
       * of leaving). */
      cxv_dataset_get_customer_range (ds, CXV_RECORD_REVENUE, c, &first, &n);
      g_assert_cmpuint (n, >=, 1);
      for (guint r = first; r < first + n; r++)
        {
          CxvRevenueEvent ev;

          cxv_dataset_get_revenue_event (ds, r, &ev);
          g_assert_cmpuint (ev.customer, ==, c);
          g_assert_cmpint (ev.date, >=, acquired);
          g_assert_cmpint (ev.date, <, MIN (left, window_end));
          g_assert_true (ev.product == CXV_NO_INDEX || ev.product < n_products);
          g_assert_true ((ev.kind == CXV_REVENUE_REFUND) == (ev.amount < 0));
          if (ev.initiative != CXV_NO_INDEX)
            {
              CxvInitiative ini;

              cxv_dataset_get_initiative (ds, ev.initiative, &ini);
              g_assert_true (ini.in_sync);
            }
        }
      cxv_dataset_get_customer_range (ds, CXV_RECORD_INTERACTION, c, &first, &n);
      for (guint i = first; i < first + n; i++)
        {
          CxvInteraction it;

          cxv_dataset_get_interaction (ds, i, &it);
          g_assert_cmpint (it.date, >=, acquired);
          g_assert_cmpint (it.date, <=, MIN (left, window_end - 1));
          g_assert_cmpint (it.cost, >, 0);
          if (it.kind == CXV_INTERACTION_ADVICE)
            g_assert_true (cxv_dataset_lookup_initiative (ds,
                                                          cxv_dataset_get_text (ds, it.reason),
                                                          NULL));
        }
      cxv_dataset_get_customer_range (ds, CXV_RECORD_FEEDBACK, c, &first, &n);
      for (guint i = first; i < first + n; i++)
        {
          CxvFeedback fb;

          cxv_dataset_get_feedback (ds, i, &fb);
          g_assert_cmpint (fb.date, >=, acquired);
          g_assert_cmpint (fb.date, <, MIN (left, window_end));
          g_assert_cmpfloat (fb.score, ==, floor (fb.score));
        }
      cxv_dataset_get_customer_range (ds, CXV_RECORD_USAGE, c, &first, &n);
      for (guint i = first; i < first + n; i++)
        {
          CxvUsage us;

          cxv_dataset_get_usage (ds, i, &us);
          g_assert_cmpint (us.date, >=, acquired);
          g_assert_cmpint (us.date, <, MIN (left, window_end));
          g_assert_cmpfloat (us.quantity, >=, 0);
        }

      /* A referral names a customer acquired that day by referral from
       * this one. */
      cxv_dataset_get_customer_range (ds, CXV_RECORD_REFERRAL, c, &first, &n);
      for (guint i = first; i < first + n; i++)
        {
          CxvReferral ref;
          g_autoptr(CxvCustomer) referred = NULL;

          cxv_dataset_get_referral (ds, i, &ref);
          g_assert_cmpuint (ref.referrer, ==, c);
          g_assert_cmpuint (ref.referred, <, n_customers);
          referred = cxv_dataset_dup_customer (ds, ref.referred);
          g_assert_cmpint (cxv_customer_get_acquisition_source (referred), ==,
                           CXV_ACQUISITION_REFERRAL);
          g_assert_cmpstr (cxv_customer_get_referred_by (referred), ==,
                           cxv_customer_get_id (cu));
          g_assert_cmpint (cxv_customer_get_acquired (referred), ==, ref.date);
          g_assert_cmpint (ref.date, >, acquired);
          g_assert_cmpint (ref.date, <, left);
        }
      if (cxv_customer_get_acquisition_source (cu) == CXV_ACQUISITION_REFERRAL)
        g_assert_nonnull (cxv_customer_get_referred_by (cu));
      else
        g_assert_null (cxv_customer_get_referred_by (cu));
    }
}

static GThread *test_thread;

static void
record_progress (GObject *sim, GParamSpec *pspec, gpointer user_data)
{
  double p = cxv_simulator_get_progress (CXV_SIMULATOR (sim));

  /* Notified in the test's thread, also during an async run. */
  g_assert_true (g_thread_self () == test_thread);
  g_array_append_val ((GArray *) user_data, p);
}

static void
assert_progress (GArray *seen)
{
  g_assert_cmpuint (seen->len, >=, 2);
  g_assert_cmpuint (seen->len, <=, 102);
  g_assert_cmpfloat (g_array_index (seen, double, 0), <, 0.02);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >, g_array_index (seen, double, i - 1));
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);
}

static void
test_progress (void)
{
  g_autoptr(CxvSimulator) sim = g_object_new (CXV_TYPE_SIMULATOR, "n-customers", 3000, NULL);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(CxvDataset) ds = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Progress rises to 1 in at most 101 notifications a run");

  g_signal_connect (sim, "notify::progress", G_CALLBACK (record_progress), seen);
  ds = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);
  /* 3,000 customers: steps of 30, 99 of them before the end, then 1. */
  g_assert_cmpuint (seen->len, ==, 100);
  assert_progress (seen);

  /* A second run starts again from 0. */
  g_array_set_size (seen, 0);
  g_clear_object (&ds);
  ds = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (g_array_index (seen, double, 0), ==, 0.0);
  assert_progress (seen);
}

static void
async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(CxvSimulator) sim = g_object_new (CXV_TYPE_SIMULATOR, "n-customers", 4000,
                                              "seed", (guint64) 9, NULL);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(CxvDataset) ds = NULL;
  g_autoptr(CxvDataset) sync = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("The async run gives the same dataset in a thread, reports progress in the "
                  "caller's context, and refuses a second run at the same time");

  g_signal_connect (sim, "notify::progress", G_CALLBACK (record_progress), seen);
  cxv_simulator_run_async (sim, NULL, async_done, &result);
  /* The parameters were taken when the run started. */
  cxv_simulator_set_seed (sim, 10);
  cxv_simulator_run_async (sim, NULL, async_done, &second);
  while (result == NULL || second == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (cxv_simulator_run_finish (sim, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  ds = cxv_simulator_run_finish (sim, result, &error);
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_get_sealed (ds));
  assert_progress (seen);

  cxv_simulator_set_seed (sim, 9);
  sync = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);
  assert_same_dataset (ds, sync);
}

static void
cancel_midway (GObject *sim, GParamSpec *pspec, gpointer user_data)
{
  if (cxv_simulator_get_progress (CXV_SIMULATOR (sim)) >= 0.3)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(CxvSimulator) sim = g_object_new (CXV_TYPE_SIMULATOR, "n-customers", 20000, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CxvDataset *ds;

  g_test_summary ("A cancelled run, before or during, fails with G_IO_ERROR_CANCELLED");

  g_cancellable_cancel (cancellable);
  ds = cxv_simulator_run (sim, cancellable, &error);
  g_assert_null (ds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_cancellable_reset (cancellable);
  g_signal_connect (sim, "notify::progress", G_CALLBACK (cancel_midway), cancellable);
  ds = cxv_simulator_run (sim, cancellable, &error);
  g_assert_null (ds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (cxv_simulator_get_progress (sim), <, 0.5);
  g_clear_error (&error);

  g_cancellable_reset (cancellable);
  cxv_simulator_run_async (sim, cancellable, async_done, &result);
  g_cancellable_cancel (cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (cxv_simulator_run_finish (sim, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_edges (void)
{
  g_autoptr(CxvSimulator) sim = cxv_simulator_new ();
  g_autoptr(CxvDataset) empty = NULL;
  g_autoptr(CxvDataset) one_month = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("No customers gives the products and initiatives alone; a one-month window "
                  "and an end-of-month start work");

  cxv_simulator_set_n_customers (sim, 0);
  empty = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cxv_dataset_get_sealed (empty));
  g_assert_cmpuint (cxv_dataset_get_n_records (empty, CXV_RECORD_CUSTOMER), ==, 0);
  g_assert_cmpuint (cxv_dataset_get_n_records (empty, CXV_RECORD_PRODUCT), ==, 8);
  g_assert_cmpuint (cxv_dataset_get_n_records (empty, CXV_RECORD_INITIATIVE), ==, 6);
  g_assert_cmpuint (cxv_dataset_get_n_records (empty, CXV_RECORD_REVENUE), ==, 0);

  cxv_simulator_set_n_customers (sim, 500);
  cxv_simulator_set_n_months (sim, 1);
  cxv_simulator_set_start_date (sim, D (2024, 1, 31));
  one_month = cxv_simulator_run (sim, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cxv_dataset_get_n_records (one_month, CXV_RECORD_CUSTOMER), ==, 500);
  for (guint i = 0; i < cxv_dataset_get_n_records (one_month, CXV_RECORD_REVENUE); i++)
    {
      CxvRevenueEvent ev;

      cxv_dataset_get_revenue_event (one_month, i, &ev);
      g_assert_cmpint (ev.date, >=, D (2024, 1, 31));
      g_assert_cmpint (ev.date, <, D (2024, 2, 29));
      /* Nobody leaves, expands or refers in the month they came. */
      g_assert_true (ev.kind == CXV_REVENUE_NEW || ev.kind == CXV_REVENUE_ONE_OFF);
    }
  g_assert_cmpuint (cxv_dataset_get_n_records (one_month, CXV_RECORD_REFERRAL), ==, 0);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  test_thread = g_thread_self ();

  g_test_add_func ("/cxv/simulator/defaults", test_defaults);
  g_test_add_func ("/cxv/simulator/determinism", test_determinism);
  g_test_add_func ("/cxv/simulator/counts", test_counts);
  g_test_add_func ("/cxv/simulator/references", test_references);
  g_test_add_func ("/cxv/simulator/progress", test_progress);
  g_test_add_func ("/cxv/simulator/async", test_async);
  g_test_add_func ("/cxv/simulator/cancel", test_cancel);
  g_test_add_func ("/cxv/simulator/edges", test_edges);
  g_test_add_func ("/cxv/simulator/complaint-churn", test_complaint_churn);
  g_test_add_func ("/cxv/simulator/detractors", test_detractors);
  g_test_add_func ("/cxv/simulator/save", test_save);
  g_test_add_func ("/cxv/simulator/product-churn", test_product_churn);
  g_test_add_func ("/cxv/simulator/in-sync-expansion", test_in_sync_expansion);
  g_test_add_func ("/cxv/simulator/initiative-tags", test_initiative_tags);

  status = g_test_run ();
  g_clear_pointer (&default_panel, g_array_unref);
  g_clear_pointer (&null_panel, g_array_unref);
  return status;
}
