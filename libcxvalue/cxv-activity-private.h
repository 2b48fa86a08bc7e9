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
/* A label such as "2024-03", "2024-Q1" or "2024". */
char   *cxv_period_label (CxvPeriod period,
                          CxvDate   start);

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
