/* cxv-activity.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Periods and activity spells: the shared notion of when a customer is
 * "in", computed once per analysis from the sealed per-customer index. */

#include "config.h"

#include <string.h>

#include "cxv-activity-private.h"
#include "cxv-dataset-private.h"

CxvDate
cxv_period_start (CxvPeriod period,
                  CxvDate   date)
{
  int y, m;

  cxv_date_to_ymd (date, &y, &m, NULL);
  switch (period)
    {
    case CXV_PERIOD_MONTH:
      return cxv_date_from_ymd (y, m, 1);
    case CXV_PERIOD_QUARTER:
      return cxv_date_from_ymd (y, (m - 1) / 3 * 3 + 1, 1);
    case CXV_PERIOD_YEAR:
      return cxv_date_from_ymd (y, 1, 1);
    default:
      g_return_val_if_reached (date);
    }
}

CxvDate
cxv_period_next (CxvPeriod period,
                 CxvDate   start)
{
  g_return_val_if_fail ((guint) period <= CXV_PERIOD_YEAR, CXV_DATE_NONE);

  return cxv_date_add_months (start, cxv_period_months (period));
}

char *
cxv_period_label (CxvPeriod period,
                  CxvDate   start)
{
  int y, m;

  cxv_date_to_ymd (start, &y, &m, NULL);
  switch (period)
    {
    case CXV_PERIOD_MONTH:
      return g_strdup_printf ("%04d-%02d", y, m);
    case CXV_PERIOD_QUARTER:
      return g_strdup_printf ("%04d-Q%d", y, (m - 1) / 3 + 1);
    case CXV_PERIOD_YEAR:
      return g_strdup_printf ("%04d", y);
    default:
      g_return_val_if_reached (NULL);
    }
}

static CxvDate
max_date (CxvDate a, CxvDate b)
{
  if (a == CXV_DATE_NONE)
    return b;
  if (b == CXV_DATE_NONE)
    return a;
  return MAX (a, b);
}

/* The last day any record of the dataset speaks of. */
static CxvDate
data_last_day (CxvDataset *dataset)
{
  static const struct { CxvRecordKind kind; int column; } dated[] = {
    { CXV_RECORD_REVENUE, REV_DATE }, { CXV_RECORD_INTERACTION, INT_DATE },
    { CXV_RECORD_FEEDBACK, FEE_DATE }, { CXV_RECORD_USAGE, USE_DATE },
    { CXV_RECORD_HOLDING, HOL_START }, { CXV_RECORD_REFERRAL, REF_DATE },
  };
  const CxvRecordTable *holdings = cxv_dataset_get_table (dataset, CXV_RECORD_HOLDING);
  const CxvDate *ends = CXV_COLUMN (holdings, CxvDate, HOL_END);
  CxvDate last = CXV_DATE_NONE;

  for (gsize k = 0; k < G_N_ELEMENTS (dated); k++)
    {
      const CxvRecordTable *t = cxv_dataset_get_table (dataset, dated[k].kind);
      const CxvDate *dates = CXV_COLUMN (t, CxvDate, dated[k].column);

      for (guint32 i = 0; i < t->n; i++)
        last = max_date (last, dates[i]);
    }
  /* An ended holding speaks of the day before its end. */
  for (guint32 i = 0; i < holdings->n; i++)
    if (ends[i] != CXV_DATE_NONE)
      last = max_date (last, ends[i] - 1);
  return last;
}

typedef struct
{
  GArray *spells;
} Builder;

static void
push (Builder *b, CxvDate start, CxvDate end)
{
  CxvSpell spell = { start, end };

  g_array_append_val (b->spells, spell);
}

static void
contractual (CxvDataset *dataset, guint32 customer, Builder *b)
{
  const CxvRecordTable *t = cxv_dataset_get_table (dataset, CXV_RECORD_HOLDING);
  const guint32 *offsets = cxv_dataset_get_offsets (dataset, CXV_RECORD_HOLDING);
  const CxvDate *starts = CXV_COLUMN (t, CxvDate, HOL_START);
  const CxvDate *ends = CXV_COLUMN (t, CxvDate, HOL_END);
  CxvDate cur_start = CXV_DATE_NONE, cur_end = CXV_DATE_NONE;
  gboolean have = FALSE;

  /* Holdings are sorted by start within a customer, so one sweep merges
   * every overlapping or touching pair. CXV_DATE_NONE as an end means
   * "still open", later than any date. */
  for (guint32 i = offsets[customer]; i < offsets[customer + 1]; i++)
    {
      /* A holding that ends the day it starts was never held. */
      if (ends[i] == starts[i])
        continue;
      if (have && (cur_end == CXV_DATE_NONE || starts[i] <= cur_end))
        {
          if (cur_end != CXV_DATE_NONE && (ends[i] == CXV_DATE_NONE || ends[i] > cur_end))
            cur_end = ends[i];
          continue;
        }
      if (have)
        push (b, cur_start, cur_end);
      cur_start = starts[i];
      cur_end = ends[i];
      have = TRUE;
    }
  if (have)
    push (b, cur_start, cur_end);
}

static void
non_contractual (CxvDataset *dataset, guint32 customer, guint inactivity_days,
                 CxvDate last_day, Builder *b)
{
  const CxvRecordTable *t = cxv_dataset_get_table (dataset, CXV_RECORD_REVENUE);
  const guint32 *offsets = cxv_dataset_get_offsets (dataset, CXV_RECORD_REVENUE);
  const CxvDate *dates = CXV_COLUMN (t, CxvDate, REV_DATE);
  const gint64 *amounts = CXV_COLUMN (t, gint64, REV_AMOUNT);
  CxvDate cur_start = CXV_DATE_NONE, cur_end = CXV_DATE_NONE;

  for (guint32 i = offsets[customer]; i < offsets[customer + 1]; i++)
    {
      if (amounts[i] <= 0)
        continue;
      if (cur_start != CXV_DATE_NONE && dates[i] < cur_end)
        {
          cur_end = MAX (cur_end, dates[i] + (CxvDate) inactivity_days);
          continue;
        }
      if (cur_start != CXV_DATE_NONE)
        push (b, cur_start, cur_end);
      cur_start = dates[i];
      cur_end = dates[i] + (CxvDate) inactivity_days;
    }
  if (cur_start != CXV_DATE_NONE)
    /* A limit that runs out after the data ends is no departure yet. */
    push (b, cur_start, cur_end > last_day ? CXV_DATE_NONE : cur_end);
}

CxvSpells *
cxv_spells_new (CxvDataset  *dataset,
                CxvActivity  activity,
                guint        inactivity_days)
{
  CxvSpells *spells;
  Builder b;
  guint32 n_customers;

  g_return_val_if_fail (CXV_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (cxv_dataset_get_sealed (dataset), NULL);
  g_return_val_if_fail (inactivity_days > 0 || activity == CXV_ACTIVITY_CONTRACTUAL, NULL);

  n_customers = cxv_dataset_get_n_records (dataset, CXV_RECORD_CUSTOMER);
  spells = g_new0 (CxvSpells, 1);
  spells->activity = activity;
  spells->inactivity_days = inactivity_days;
  spells->n_customers = n_customers;
  spells->offsets = g_new (guint32, (gsize) n_customers + 1);
  spells->last_day = data_last_day (dataset);
  spells->first_day = CXV_DATE_NONE;
  b.spells = g_array_sized_new (FALSE, FALSE, sizeof (CxvSpell), n_customers);

  for (guint32 c = 0; c < n_customers; c++)
    {
      spells->offsets[c] = b.spells->len;
      if (activity == CXV_ACTIVITY_CONTRACTUAL)
        contractual (dataset, c, &b);
      else
        non_contractual (dataset, c, inactivity_days, spells->last_day, &b);
      if (b.spells->len > spells->offsets[c])
        {
          CxvDate s = g_array_index (b.spells, CxvSpell, spells->offsets[c]).start;
          spells->first_day = spells->first_day == CXV_DATE_NONE ? s : MIN (spells->first_day, s);
        }
    }
  spells->offsets[n_customers] = b.spells->len;
  spells->n_spells = b.spells->len;
  spells->spells = (CxvSpell *) (void *) g_array_free (b.spells, FALSE);
  return spells;
}

void
cxv_spells_free (CxvSpells *spells)
{
  if (spells == NULL)
    return;
  g_free (spells->offsets);
  g_free (spells->spells);
  g_free (spells);
}

gboolean
cxv_spells_active_on (const CxvSpells *spells,
                      guint32          customer,
                      CxvDate          day,
                      guint32         *spell)
{
  g_return_val_if_fail (customer < spells->n_customers, FALSE);

  for (guint32 i = spells->offsets[customer]; i < spells->offsets[customer + 1]; i++)
    {
      const CxvSpell *s = &spells->spells[i];

      if (s->start > day)
        break;
      if (s->end == CXV_DATE_NONE || day < s->end)
        {
          if (spell != NULL)
            *spell = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* CxvPeriods                                                              */

static gint64
month_number (CxvDate date)
{
  int y, m;

  cxv_date_to_ymd (date, &y, &m, NULL);
  return (gint64) y * 12 + m - 1;
}

gint64
cxv_periods_index_by_month (const CxvPeriods *p, CxvDate date)
{
  gint64 d = month_number (date) - p->base;

  return d >= 0 ? d / p->step : -((-d + p->step - 1) / p->step);
}

/* The index of the first period starting on or after @date. */
gint64
cxv_periods_ceil (const CxvPeriods *p, CxvDate date)
{
  return cxv_periods_index (p, date) + (cxv_period_start (p->period, date) == date ? 0 : 1);
}

int
cxv_period_months (CxvPeriod period)
{
  return period == CXV_PERIOD_YEAR ? 12 : period == CXV_PERIOD_QUARTER ? 3 : 1;
}

void
cxv_periods_init (CxvPeriods *p, CxvPeriod period, CxvDate first, CxvDate last)
{
  CxvDate start = cxv_period_start (period, first);

  p->period = period;
  p->step = cxv_period_months (period);
  p->base = month_number (start);
  p->n_days = 0;
  p->period_of_day = NULL;
  p->n = (guint) (cxv_periods_index_by_month (p, MAX (first, last)) + 1);
  p->starts = g_new (CxvDate, p->n + 1);
  p->labels = g_new0 (char *, p->n + 1);
  for (guint i = 0; i <= p->n; i++)
    {
      p->starts[i] = cxv_date_add_months (start, (int) i * p->step);
      if (i < p->n)
        p->labels[i] = cxv_period_label (period, p->starts[i]);
    }

  /* Up to about 2,700 years of days; longer spans convert each date, as do
   * periods whose end is past the last representable day (the end of
   * 9999 has no day after it). */
  if (p->starts[p->n] != CXV_DATE_NONE &&
      (gint64) p->starts[p->n] - p->starts[0] <= (1 << 20))
    {
      p->n_days = (guint32) (p->starts[p->n] - p->starts[0]);
      p->period_of_day = g_new (guint32, p->n_days);
      for (guint i = 0; i < p->n; i++)
        for (CxvDate d = p->starts[i]; d < p->starts[i + 1]; d++)
          p->period_of_day[d - p->starts[0]] = i;
    }
}

void
cxv_periods_clear (CxvPeriods *p)
{
  g_clear_pointer (&p->starts, g_free);
  g_clear_pointer (&p->labels, g_strfreev);
  g_clear_pointer (&p->period_of_day, g_free);
  p->n_days = 0;
}

/* ------------------------------------------------------------------ */
/* CxvSegments                                                             */

typedef struct
{
  CxvDataset *dataset;
} SortData;

static gint
compare_segments (gconstpointer a, gconstpointer b, gpointer user_data)
{
  SortData *sd = user_data;
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  if (x == y)
    return 0;
  if (x == CXV_NO_INDEX)
    return 1;
  if (y == CXV_NO_INDEX)
    return -1;
  return strcmp (cxv_dataset_get_text (sd->dataset, x), cxv_dataset_get_text (sd->dataset, y));
}

void
cxv_segments_init (CxvSegments *s, CxvDataset *dataset)
{
  const CxvRecordTable *t = cxv_dataset_get_table (dataset, CXV_RECORD_CUSTOMER);
  const guint32 *segment = CXV_COLUMN (t, guint32, CUS_SEGMENT);
  g_autoptr(GHashTable) slots = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) texts = g_array_new (FALSE, FALSE, sizeof (guint32));
  SortData sd = { dataset };

  for (guint32 c = 0; c < t->n; c++)
    if (g_hash_table_add (slots, GUINT_TO_POINTER (segment[c])))
      g_array_append_val (texts, segment[c]);
  g_array_sort_with_data (texts, compare_segments, &sd);

  s->n_slots = texts->len + 1;
  s->text_of = g_new (guint32, s->n_slots);
  s->text_of[0] = CXV_NO_INDEX;
  for (guint i = 0; i < texts->len; i++)
    {
      s->text_of[i + 1] = g_array_index (texts, guint32, i);
      g_hash_table_insert (slots, GUINT_TO_POINTER (s->text_of[i + 1]), GUINT_TO_POINTER (i + 1));
    }
  s->slot_of = g_new (guint32, t->n);
  for (guint32 c = 0; c < t->n; c++)
    s->slot_of[c] = GPOINTER_TO_UINT (g_hash_table_lookup (slots, GUINT_TO_POINTER (segment[c])));
}

void
cxv_segments_clear (CxvSegments *s)
{
  g_clear_pointer (&s->slot_of, g_free);
  g_clear_pointer (&s->text_of, g_free);
}
