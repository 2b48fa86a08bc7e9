# cohorts.py: the pandas reference of CxvCohorts (libcxvalue/cxv-cohorts.c)
#
# Default definitions only: monthly periods, contractual activity. Tables
# retention, new_customers and segments with the library's columns, row
# order and conventions (money int64 cents, nulls as NaN/None). Spells,
# periods and the customer index come from the shared definitions in
# ledger.py (cxv-activity.c).

import numpy as np
import pandas as pd

from .ledger import by_customer, contractual_spells, last_day, money_sum, month_bounds, OPEN


def _retention(n_customers, spells, rev, bounds, labels):
    n = len(labels)
    start, end, c = spells['start'].values, spells['end'].values, spells['c'].values
    is_open = end == OPEN
    first = spells['first'].values

    # A customer's cohort is the period of its first spell's start.
    cohort_of = np.full(n_customers, -1, dtype=np.int64)
    cohort_of[c[first]] = np.searchsorted(bounds, start[first], side='right') - 1
    co = cohort_of[c]
    sizes = np.bincount(co[first], minlength=n)

    # Ages > 0 whose first day a spell covers: periods q with start <=
    # bounds[q] < end, from the cohort's next period on.
    q_from = np.maximum(np.searchsorted(bounds[:n], start, side='left'), co + 1)
    q_to = np.where(is_open, n, np.minimum(np.searchsorted(bounds[:n], np.where(is_open, 0, end),
                                                           side='left'), n))
    spans = q_from < q_to
    cells = n * (n + 1)
    active = np.bincount(co[spans] * (n + 1) + q_from[spans] - co[spans], minlength=cells) \
        - np.bincount(co[spans] * (n + 1) + q_to[spans] - co[spans], minlength=cells)
    active = np.cumsum(active.reshape(n, n + 1), axis=1)[:, :n]
    active[:, 0] = sizes

    # Revenue of the cohort's members from the cohort's own period on.
    r_co = cohort_of[rev['c'].values]
    q = np.searchsorted(bounds, rev['date'].values, side='right') - 1
    keep = (r_co >= 0) & (q >= r_co) & (q < n)
    rev_matrix = money_sum(r_co[keep] * n + q[keep] - r_co[keep], rev['amount'].values[keep],
                           n * n).reshape(n, n)

    cohort, age = np.meshgrid(np.arange(n), np.arange(n), indexing='ij')
    rows = (cohort + age < n) & (sizes[:, None] > 0)
    cohort, age = cohort[rows], age[rows]
    r = rev_matrix[cohort, age]
    r0 = rev_matrix[cohort, 0]
    with np.errstate(divide='ignore', invalid='ignore'):
        revenue_retention = np.where(r0 != 0, r / r0, np.nan)
    return pd.DataFrame({
        'cohort': labels[cohort].astype(object),
        'age': age.astype(np.int64),
        'customers': sizes[cohort].astype(np.int64),
        'active': active[cohort, age],
        'customer_retention': active[cohort, age] / sizes[cohort],
        'revenue': r,
        'revenue_retention': revenue_retention,
    })


def _new_customers(spells, bounds, labels):
    n = len(labels)
    k = np.searchsorted(bounds, spells['start'].values, side='right') - 1
    first = spells['first'].values
    return pd.DataFrame({
        'period': labels.astype(object),
        'new': np.bincount(k[first], minlength=n).astype(np.int64),
        'won_back': np.bincount(k[~first], minlength=n).astype(np.int64),
    })


def _segments(customers, spells, bounds, labels):
    n = len(labels)
    # Segments by name (byte order, as strcmp), customers without one last.
    names = sorted(customers['segment'].dropna().unique())
    has_null = customers['segment'].isna().any()
    slot_names = ['all'] + names + ([None] if has_null else [])
    slot_of = pd.Categorical(customers['segment'], categories=names).codes.astype(np.int64) + 1
    slot_of[slot_of == 0] = len(names) + 1   # null segment: the last slot
    n_slots = len(slot_names)

    start, end = spells['start'].values, spells['end'].values
    slot = slot_of[spells['c'].values]
    k_in = np.searchsorted(bounds, start, side='right') - 1
    k_out = np.searchsorted(bounds, np.where(end == OPEN, 0, end), side='right') - 1
    ends = (end != OPEN) & (k_out < n)
    cells = n * n_slots
    new = np.bincount(k_in * n_slots + slot, minlength=cells).reshape(n, n_slots)
    lost = np.bincount(k_out[ends] * n_slots + slot[ends], minlength=cells).reshape(n, n_slots)
    new[:, 0] = new[:, 1:].sum(axis=1)     # 'all'
    lost[:, 0] = lost[:, 1:].sum(axis=1)

    customers_end = np.cumsum(new - lost, axis=0)
    customers_start = customers_end - (new - lost)
    with np.errstate(divide='ignore', invalid='ignore'):
        growth = np.where(customers_start != 0,
                          (customers_end - customers_start) / customers_start, np.nan)
    segment = np.array(slot_names, dtype=object)
    return pd.DataFrame({
        'period': np.repeat(labels.astype(object), n_slots),
        'segment': np.tile(segment, n),
        'customers_start': customers_start.ravel(),
        'new': new.ravel(),
        'lost': lost.ravel(),
        'customers_end': customers_end.ravel(),
        'growth': growth.ravel(),
    })


def run(data):
    holdings = by_customer(data, 'holdings', ['start', 'end'])
    rev = by_customer(data, 'revenue', ['date', 'amount'])
    spells = contractual_spells(holdings)
    bounds, labels = month_bounds(int(spells['start'].min()), last_day(data))
    return {
        'retention': _retention(len(data['customers']), spells, rev, bounds, labels),
        'new_customers': _new_customers(spells, bounds, labels),
        'segments': _segments(data['customers'], spells, bounds, labels),
    }
