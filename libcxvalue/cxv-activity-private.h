/* cxv-activity-private.h: periods and activity spells shared by the analyses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "cxv-dataset.h"

G_BEGIN_DECLS

/* ---- Periods ---------------------------------------------------------- */

/* The first day of the period holding @date. */
CxvDate cxv_period_start (CxvPeriod period,
                          CxvDate   date);
/* The first day of the period after the one starting on @start. */
CxvDate cxv_period_next  (CxvPeriod period,
                          CxvDate   start);
/* The months in one period: 1, 3 or 12. */
int     cxv_period_months (CxvPeriod period);
/* A label such as "2024-03", "2024-Q1" or "2024". */
char   *cxv_period_label (CxvPeriod period,
                          CxvDate   start);

/* A run of consecutive calendar periods covering an analysis, with each
 * period's first day and label, and arithmetic from a date to its period. */
typedef struct
{
  CxvPeriod  period;
  int        step;     /* months per period */
  gint64     base;     /* month number (year * 12 + month - 1) of the first */
  guint      n;
  CxvDate   *starts;   /* n + 1: the last is the day after the last period */
  char     **labels;   /* n, NULL-terminated */
  /* Each day from starts[0] up to starts[n] with its period's index, so
   * that the analyses' tens of millions of lookups are a load rather than
   * a calendar conversion. */
  guint32    n_days;
  guint32   *period_of_day;
} CxvPeriods;

void    cxv_periods_init  (CxvPeriods       *p,
                           CxvPeriod         period,
                           CxvDate           first,
                           CxvDate           last);
void    cxv_periods_clear (CxvPeriods       *p);
gint64  cxv_periods_index_by_month (const CxvPeriods *p,
                                    CxvDate           date);

/* The index of the period holding @date (negative before the first). */
static inline gint64
cxv_periods_index (const CxvPeriods *p,
                   CxvDate           date)
{
  gint64 day = (gint64) date - (p->n_days > 0 ? p->starts[0] : 0);

  if (day >= 0 && day < p->n_days)
    return p->period_of_day[day];
  return cxv_periods_index_by_month (p, date);
}
/* The index of the first period starting on or after @date. */
gint64  cxv_periods_ceil  (const CxvPeriods *p,
                           CxvDate           date);

/* ---- Segments ----------------------------------------------------------- */

/* The customers' segments as dense slots for per-segment tallies: slot 0
 * is "all", then the segments in name order, customers without one last. */
typedef struct
{
  guint    n_slots;   /* slot 0 is "all" */
  guint32 *slot_of;   /* per customer */
  guint32 *text_of;   /* per slot: the segment's text, CXV_NO_INDEX for none */
} CxvSegments;

void    cxv_segments_init  (CxvSegments *s,
                            CxvDataset  *dataset);
void    cxv_segments_clear (CxvSegments *s);

/* ---- Activity spells -------------------------------------------------- */

/* A stretch of days during which a customer is active: [start, end), with
 * end CXV_DATE_NONE while it is still open at the end of the data. */
typedef struct
{
  CxvDate start;
  CxvDate end;
} CxvSpell;

/* Every customer's spells, sorted by start, customers in index order:
 * customer c owns spells[offsets[c]] .. spells[offsets[c + 1] - 1]. A
 * customer who was never active has none. */
typedef struct
{
  CxvActivity  activity;
  guint        inactivity_days;
  guint32      n_customers;
  guint32     *offsets;      /* n_customers + 1 */
  CxvSpell    *spells;
  guint32      n_spells;
  CxvDate      first_day;    /* earliest spell start, CXV_DATE_NONE if none */
  CxvDate      last_day;     /* the last day the data covers */
} CxvSpells;

/* Builds the spells of a sealed dataset in one pass over the per-customer
 * index. Contractual: the union of the customer's holdings [start, end);
 * touching or overlapping holdings make one spell, and a holding ending on
 * the day it starts is skipped. Non-contractual: each
 * purchase (a revenue event with a positive amount) keeps the customer
 * active for @inactivity_days days after it; the spell ends on the day the
 * last of those runs out, and stays open if that day falls after the last
 * day of the data. */
CxvSpells *cxv_spells_new  (CxvDataset  *dataset,
                            CxvActivity  activity,
                            guint        inactivity_days);
void       cxv_spells_free (CxvSpells   *spells);

/* Whether the customer is active on @day, and if so which spell holds it. */
gboolean   cxv_spells_active_on (const CxvSpells *spells,
                                 guint32          customer,
                                 CxvDate          day,
                                 guint32         *spell);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CxvSpells, cxv_spells_free)

G_END_DECLS
