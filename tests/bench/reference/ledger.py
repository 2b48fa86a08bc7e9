# ledger.py: the pandas reference of CxvLedger (libcxvalue/cxv-ledger.c)
#
# Default definitions only: monthly periods, contractual activity, a
# 90-day window, detractor NPS 0-6, low CSAT 1-2, high effort CES 1-3.
# Tables: periods, departures, experiences and findings, with the
# library's columns, row order and conventions (money int64 cents, dates
# datetime64, nulls as NaN/None).
#
# The activity helpers (customer_index, last_day, contractual_spells,
# month_bounds) are the shared definitions of libcxvalue/cxv-activity.c
# and are used by the other references too.

import numpy as np
import pandas as pd

EPOCH = np.datetime64('1970-01-01', 'D')
OPEN = np.iinfo(np.int64).max   # the end of a spell still running
RUN_RATE_DAYS = 30
WINDOW_DAYS = 90
DETRACTOR_MAX = 6
LOW_CSAT_MAX = 2
HIGH_EFFORT_MAX = 3
FINDINGS_CAP = 1000
RECURRING = ['new', 'recurring', 'expansion', 'contraction']
DAY_BITS = 20                   # a date below 2**20 days (year 4840) fits a (customer, day) key


# ------------------------------------------------------------------ #
# Shared definitions (cxv-activity.c)

def customer_index(data, ids):
    """Row numbers in customers.csv, the library's dense customer index."""
    return pd.Index(data['customers']['id']).get_indexer(ids).astype('int64')


def by_customer(data, name, columns):
    """@columns of a record kind as the sealed dataset holds it: sorted by
    customer index, then date, then file order; with a first column `c`,
    the customer index."""
    df = data[name]
    key = 'referrer' if name == 'referrals' else 'customer'
    date_col = 'start' if name == 'holdings' else 'date'
    c = customer_index(data, df[key])
    out = df[columns].copy()
    out.insert(0, 'c', c)
    dates = df[date_col].values
    if len(c) > 1 and not np.all((c[1:] > c[:-1]) | ((c[1:] == c[:-1]) &
                                                    (dates[1:] >= dates[:-1]))):
        out = out.iloc[np.lexsort((dates, c))]   # lexsort is stable
    return out.reset_index(drop=True)


def money_sum(keys, amounts, n):
    """Exact int64 sums of money by small integer keys in [0, n): float64
    adds integers exactly while every partial sum stays below 2**53 cents."""
    return np.rint(np.bincount(keys, weights=amounts, minlength=n)).astype(np.int64)


def sorted_sums(keys, amounts):
    """The distinct values of sorted @keys and the exact sum of @amounts for each."""
    if len(keys) == 0:
        return keys, np.asarray(amounts, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    return keys[starts], np.add.reduceat(np.asarray(amounts, dtype=np.int64), starts)


def last_day(data):
    """The last day any record speaks of; an ended holding of the day before its end."""
    days = [data[k]['date'].max() for k in ('revenue', 'interactions', 'feedback', 'usage',
                                             'referrals') if len(data[k])]
    h = data['holdings']
    if len(h):
        days.append(h['start'].max())
        ends = h['end'].dropna()
        if len(ends):
            days.append(ends.max() - 1)
    return int(max(days))


def contractual_spells(holdings):
    """Spells [start, end) from holdings sorted by customer and start:
    overlapping or touching holdings merge, a holding ending the day it
    starts is ignored. DataFrame c, start, end (OPEN when still running),
    first (the customer's first spell), in customer then start order."""
    h = holdings[holdings['start'] != holdings['end']]
    c = h['c'].values
    start = h['start'].values.astype('int64')
    end = h['end'].values
    if end.dtype.kind == 'f':
        missing = np.isnan(end)
        end = np.nan_to_num(end).astype('int64')
        end[missing] = OPEN
    else:
        end = end.astype('int64')
    # The furthest end so far within the customer: a holding starting
    # after it opens a new spell.
    reach = pd.Series(end).groupby(c).cummax().values
    prev_reach = np.empty_like(reach)
    prev_reach[1:] = reach[:-1]
    first_of_customer = np.ones(len(c), dtype=bool)
    first_of_customer[1:] = c[1:] != c[:-1]
    opens = first_of_customer | (start > prev_reach)
    ends = np.maximum.reduceat(end, np.flatnonzero(opens)) if len(c) else end
    return pd.DataFrame({'c': c[opens], 'start': start[opens], 'end': ends,
                         'first': first_of_customer[opens]})


def month_bounds(first_day, last_day_):
    """Month starts (int days) from the month of @first_day to the one after
    the month of @last_day_: n + 1 bounds for n monthly periods."""
    first = np.datetime64(EPOCH + first_day, 'M')
    last = np.datetime64(EPOCH + max(first_day, last_day_), 'M')
    months = np.arange(first, last + 2)
    bounds = (months.astype('datetime64[D]') - EPOCH).astype('int64')
    labels = np.datetime_as_string(months[:-1], unit='M')
    return bounds, labels


def period_of(bounds, days):
    """The period holding each day: -1 before the first, n from the end of the last."""
    return np.searchsorted(bounds, days, side='right') - 1


def as_dates(days):
    return (EPOCH + np.asarray(days, dtype='int64')).astype('datetime64[ns]')


class WindowSum:
    """Sums of a per-customer dated value over [from, to) by binary search
    over a (customer, day) key, the way the library walks a customer's
    sorted records."""

    def __init__(self, c, day, value):
        key = (np.asarray(c, dtype='int64') << DAY_BITS) | np.asarray(day, dtype='int64')
        order = np.argsort(key, kind='stable')
        self.key = key[order]
        self.cum = np.concatenate([[0], np.cumsum(np.asarray(value, dtype='int64')[order])])

    def __call__(self, c, lo, hi):
        c = np.asarray(c, dtype='int64') << DAY_BITS
        i = np.searchsorted(self.key, c | np.asarray(lo, dtype='int64'), side='left')
        j = np.searchsorted(self.key, c | np.asarray(hi, dtype='int64'), side='left')
        return self.cum[j] - self.cum[i]


# ------------------------------------------------------------------ #
# The ledger

def _periods(data, rev, spells, bounds, labels, value_in_each, value_out_each):
    n = len(labels)
    n_customers = len(data['customers'])
    start, end, c = spells['start'].values, spells['end'].values, spells['c'].values
    is_open = end == OPEN

    # Active at the close of the day before bound j, for j in [j_lo, j_hi).
    j_lo = np.searchsorted(bounds, start, side='right')
    j_hi = np.where(is_open, n + 1, np.searchsorted(bounds, np.where(is_open, 0, end),
                                                       side='right'))
    # A customer's spells cover distinct days, so its non-empty ranges are
    # disjoint and no two share a j_lo (or a j_hi).
    some = j_lo < j_hi
    opening = np.zeros((n_customers, n + 2), dtype=np.int8)
    closing = np.zeros((n_customers, n + 2), dtype=np.int8)
    opening[c[some], j_lo[some]] = 1
    closing[c[some], j_hi[some]] = 1
    opening -= closing
    del closing
    active = np.cumsum(opening, axis=1, dtype=np.int8)[:, :n + 1].astype(bool)
    del opening
    counts = active.sum(axis=0)

    k_in = period_of(bounds, start)
    inside = (k_in >= 0) & (k_in < n)
    new = np.bincount(k_in[inside & spells['first'].values], minlength=n)
    won_back = np.bincount(k_in[inside & ~spells['first'].values], minlength=n)
    value_in = money_sum(k_in[inside], value_in_each[inside], n)

    k_out = period_of(bounds, np.where(is_open, 0, end))
    leaving = ~is_open & (k_out >= 0) & (k_out < n)
    out = np.bincount(k_out[leaving], minlength=n)
    value_out = money_sum(k_out[leaving], value_out_each[leaving], n)
    at_start = leaving & (start < bounds[np.clip(k_out, 0, n)])
    leavers_at_start = np.bincount(k_out[at_start], minlength=n)

    k_rev = period_of(bounds, rev['date'].values)
    in_range = (k_rev >= 0) & (k_rev < n)
    amounts = rev['amount'].values
    revenue = money_sum(k_rev[in_range], amounts[in_range], n)

    # Recurring revenue per customer and period, for NRR and GRR over the
    # customers active at each period's start. Revenue is in customer and
    # date order, so the (customer, period) keys come sorted.
    rec = in_range & rev['kind'].isin(RECURRING).values
    keys, sums = sorted_sums(rev['c'].values[rec] * n + k_rev[rec], amounts[rec])
    matrix = np.zeros((n_customers, n), dtype=np.int64)
    matrix.ravel()[keys] = sums
    nrr = np.full(n, np.nan)
    grr = np.full(n, np.nan)
    for j in range(1, n):
        here = active[:, j]
        this, last = matrix[here, j], matrix[here, j - 1]
        denominator = last.sum()
        if denominator != 0:
            nrr[j] = this.sum() / denominator
            grr[j] = np.minimum(this, last).sum() / denominator

    customers_start, customers_end = counts[:n].astype(np.int64), counts[1:].astype(np.int64)
    with np.errstate(divide='ignore', invalid='ignore'):
        retention = np.where(customers_start > 0,
                             (customers_start - leavers_at_start) / customers_start, np.nan)
        refill = np.where(value_out != 0, value_in / value_out, np.nan)
    return pd.DataFrame({
        'period': labels,
        'start_date': as_dates(bounds[:-1]),
        'end_date': as_dates(bounds[1:]),
        'customers_start': customers_start,
        'new': new.astype(np.int64),
        'won_back': won_back.astype(np.int64),
        'in': (new + won_back).astype(np.int64),
        'out': out.astype(np.int64),
        'customers_end': customers_end,
        'reconciled': customers_start + new + won_back - out == customers_end,
        'revenue': revenue.astype(np.int64),
        'value_in': value_in,
        'value_out': value_out,
        'retention_rate': retention,
        'refill_share': refill,
        'nrr': nrr,
        'grr': grr,
    })


def _join_first_seen(events):
    """Per departure, its distinct reasons in order of first appearance:
    those first appearances, and the reasons joined with ';' by departure."""
    first = events.drop_duplicates(['dep', 'reason'])
    rank = first.groupby('dep', sort=False).cumcount().values
    text = pd.Series(first['reason'].values[rank == 0], index=first['dep'].values[rank == 0],
                     dtype=object)
    # A loop over the positions in the list, a handful at most.
    for r in range(1, int(rank.max()) + 1 if len(rank) else 0):
        at = rank == r
        deps = first['dep'].values[at]
        text.loc[deps] = text.loc[deps].values + ';' + first['reason'].values[at]
    return first, text


def _departures(data, spells, bounds, labels, value_out_each):
    n = len(labels)
    end = spells['end'].values
    k_out = period_of(bounds, np.where(end == OPEN, 0, end))
    leaving = (end != OPEN) & (k_out >= 0) & (k_out < n)
    dep = pd.DataFrame({'c': spells['c'].values[leaving], 'day': end[leaving],
                        'k': k_out[leaving], 'rate': value_out_each[leaving]})
    dep.index.name = 'dep'
    dep = dep.reset_index()

    # Interactions and feedback of each departure's window [day - 90, day].
    inter = by_customer(data, 'interactions', ['date', 'kind', 'resolved', 'reason'])
    inter = inter[inter['kind'].isin(['complaint', 'support', 'feedback'])]
    inter = inter.reset_index().rename(columns={'index': 'seq'})
    inter['reason'] = inter['reason'].fillna('unspecified')
    w = dep[['dep', 'c', 'day']].merge(inter, on='c')
    w = w[(w['date'] >= w['day'] - WINDOW_DAYS) & (w['date'] <= w['day'])]
    w = w.sort_values(['dep', 'seq'], kind='stable')

    complaints = w[w['kind'] == 'complaint']
    complaint_first, complaint_text = _join_first_seen(complaints)
    exit_first, exit_text = _join_first_seen(w[w['kind'] == 'feedback'])
    unresolved = w.loc[(w['kind'] != 'feedback') & ~w['resolved'], 'dep'].value_counts()

    fb = by_customer(data, 'feedback', ['date', 'instrument', 'score'])
    thresholds = fb['instrument'].map({'nps': DETRACTOR_MAX, 'csat': LOW_CSAT_MAX,
                                       'ces': HIGH_EFFORT_MAX})
    fb = fb[fb['score'].values <= thresholds.values]   # NaN thresholds never match
    f = dep[['dep', 'c', 'day']].merge(fb, on='c')
    f = f[(f['date'] >= f['day'] - WINDOW_DAYS) & (f['date'] <= f['day'])]
    flags = pd.crosstab(f['dep'], f['instrument']).reindex(
        index=dep['dep'], columns=['nps', 'csat', 'ces'], fill_value=0) > 0

    n_complaints = complaints['dep'].value_counts().reindex(dep['dep'], fill_value=0).values
    departures = pd.DataFrame({
        'customer': data['customers']['id'].values[dep['c'].values],
        'departure_date': as_dates(dep['day'].values),
        'period': labels[dep['k'].values],
        'run_rate': dep['rate'].values.astype(np.int64),
        'complaints': n_complaints.astype(np.int64),
        'complaint_reasons': complaint_text.reindex(dep['dep']).values,
        'unresolved': unresolved.reindex(dep['dep'], fill_value=0).values.astype(np.int64),
        'detractor': flags['nps'].values,
        'low_csat': flags['csat'].values,
        'high_effort': flags['ces'].values,
        'exit_reason': exit_text.reindex(dep['dep']).values,
    })
    for col in ('complaint_reasons', 'exit_reason'):
        v = departures[col].values.astype(object)
        v[pd.isna(v)] = None
        departures[col] = v

    # Experiences: every departure counts under each experience it went through.
    rate = dep['rate'].values
    rows = []

    def add(label, mask):
        if mask.any():
            rows.append((label, int(mask.sum()), int(rate[mask].sum())))

    for prefix, first in (('complaint: ', complaint_first), ('exit reason: ', exit_first)):
        stats = dep.loc[first['dep'].values, 'rate'].groupby(first['reason'].values) \
            .agg(['size', 'sum'])
        rows.extend((prefix + reason, int(s['size']), int(s['sum']))
                    for reason, s in stats.iterrows())
    add('unresolved contact', departures['unresolved'].values > 0)
    add('detractor (NPS 0-%d)' % DETRACTOR_MAX, departures['detractor'].values)
    add('low CSAT', departures['low_csat'].values)
    add('high effort', departures['high_effort'].values)
    experiences = pd.DataFrame(rows, columns=['experience', 'customers_lost', 'revenue_lost'])
    experiences = experiences.sort_values(['revenue_lost', 'customers_lost', 'experience'],
                                          ascending=[False, False, True], kind='stable')
    experiences['customers_lost'] = experiences['customers_lost'].astype(np.int64)
    experiences['revenue_lost'] = experiences['revenue_lost'].astype(np.int64)
    experiences['share_of_departures'] = experiences['customers_lost'] / len(dep)
    return departures, experiences.reset_index(drop=True)


def _findings(data, holdings, rev, spells):
    """Empty holdings, then revenue while no product was held, per customer
    in customer order; never an unreconciled period (the spells balance)."""
    ids = data['customers']['id'].values
    empty = holdings[holdings['start'] == holdings['end']]
    e = pd.DataFrame({
        'c': empty['c'].values, 'kind_order': 0, 'seq': np.arange(len(empty)),
        'day': empty['start'].values.astype(np.int64), 'kind': 'empty-holding',
        'description': 'The holding of ' + empty['product'].values.astype(object)
        + ' starting ' + pd.Series(np.datetime_as_string(
            EPOCH + empty['start'].values.astype('int64'), unit='D')).values.astype(object)
        + ' ends the same day'})

    # The customer's last spell starting on or before the day must still run.
    spell_key = (spells['c'].values << DAY_BITS) | spells['start'].values
    rev_c, rev_day = rev['c'].values, rev['date'].values.astype(np.int64)
    s = np.searchsorted(spell_key, (rev_c << DAY_BITS) | rev_day, side='right') - 1
    s_ok = s >= 0
    covered = np.zeros(len(rev), dtype=bool)
    covered[s_ok] = (spells['c'].values[s[s_ok]] == rev_c[s_ok]) & \
        (rev_day[s_ok] < spells['end'].values[s[s_ok]])
    idle = rev[~covered]
    r = pd.DataFrame({
        'c': idle['c'].values, 'kind_order': 1, 'seq': np.arange(len(idle)),
        'day': idle['date'].values.astype(np.int64), 'kind': 'revenue-while-inactive',
        'description': 'Revenue of ' + idle['amount'].astype(str).values.astype(object)
        + ' minor units on ' + pd.Series(np.datetime_as_string(
            EPOCH + idle['date'].values.astype('int64'), unit='D')).values.astype(object)
        + ', when the customer held no product'})
    found = pd.concat([e, r], ignore_index=True).sort_values(['c', 'kind_order', 'seq'],
                                                               kind='stable')
    found = found.head(FINDINGS_CAP)
    months = (EPOCH + found['day'].values).astype('datetime64[M]')
    return pd.DataFrame({
        'period': np.datetime_as_string(months, unit='M').astype(object),
        'customer': ids[found['c'].values],
        'kind': found['kind'].values,
        'description': found['description'].values,
    })


def run(data):
    holdings = by_customer(data, 'holdings', ['product', 'start', 'end'])
    rev = by_customer(data, 'revenue', ['date', 'kind', 'amount'])
    spells = contractual_spells(holdings)
    bounds, labels = month_bounds(int(spells['start'].min()), last_day(data))

    recurring = rev['kind'].isin(RECURRING).values
    window = WindowSum(rev['c'].values[recurring], rev['date'].values[recurring],
                       rev['amount'].values[recurring])

    def run_rate(c, lo, hi):
        # Open spells never leave: their (meaningless) rate is never used.
        day_max = (1 << DAY_BITS) - 1
        return 12 * window(c, np.clip(lo, 0, day_max), np.clip(hi, 0, day_max))

    c, start, end = spells['c'].values, spells['start'].values, spells['end'].values
    value_in_each = run_rate(c, start, start + RUN_RATE_DAYS)
    value_out_each = run_rate(c, end - RUN_RATE_DAYS, end)
    periods = _periods(data, rev, spells, bounds, labels, value_in_each, value_out_each)
    departures, experiences = _departures(data, spells, bounds, labels, value_out_each)
    findings = _findings(data, holdings, rev, spells)
    return {'periods': periods, 'departures': departures, 'experiences': experiences,
            'findings': findings}
