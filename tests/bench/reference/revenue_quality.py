# revenue_quality.py: the pandas reference of CxvRevenueQuality.
#
# run(data) gives the tables 'periods' and 'summary' of
# Cxv.RevenueQuality with its default settings (monthly periods,
# contractual activity, concentration flag 0.15, top 10, tenure 12 months,
# no QoRE, so no tier rows), with the definitions of
# libcxvalue/cxv-revenue-quality.c and libcxvalue/cxv-activity.c:
#
# - a customer's activity spells are its holdings merged where they overlap
#   or touch (a holding ending the day it starts was never held); with
#   activity='non-contractual', runs of positive revenue events less than
#   inactivity_days apart, the last one still open when its limit runs out
#   after the data ends;
# - the periods run from the one holding the earliest spell start to the
#   one holding the last day any record speaks of (an ended holding speaks
#   of the day before its end);
# - segment rows: `all`, then the segments by name, a null segment last.
#
# The helpers (customer index, month numbers, spells, last day) are shared
# with indicators.py.

import math

import numpy as np
import pandas as pd

OPEN = np.int64(1) << 40          # a spell or holding end that is still open
RECURRING_KINDS = ('new', 'recurring', 'expansion', 'contraction')
PERIOD_MONTHS = {'month': 1, 'quarter': 3, 'year': 12}


# ---------------------------------------------------------------------------
# Shared helpers


def customer_index(data, ids):
    """Positions in customers.csv of the customer ids @ids (int64)."""
    index = pd.Index(data['customers']['id'])
    return index.get_indexer(ids).astype('int64')


def month_number(days):
    """Days since 1970-01-01 to months since 1970-01 (int64)."""
    return np.asarray(days, dtype='int64').astype('datetime64[D]').astype(
        'datetime64[M]').astype('int64')


def month_start(months):
    """Months since 1970-01 to the days since 1970-01-01 of their first day."""
    return np.asarray(months, dtype='int64').astype('datetime64[M]').astype(
        'datetime64[D]').astype('int64')


class Periods:
    """Calendar periods of @step months from the one holding @first to the
    one holding max(@first, @last), as cxv_periods_init() lays them out."""

    def __init__(self, period, first, last):
        self.step = PERIOD_MONTHS[period]
        first_month = int(month_number([first])[0])
        self.base = first_month - first_month % self.step   # periods start in Jan, Apr …
        self.n = int(self.index([max(first, last)])[0]) + 1
        months = self.base + self.step * np.arange(self.n + 1)
        self.starts = month_start(months)
        year, month = months[:-1] // 12 + 1970, months[:-1] % 12 + 1
        if period == 'month':
            self.labels = ['%04d-%02d' % (y, m) for y, m in zip(year, month)]
        elif period == 'quarter':
            self.labels = ['%04d-Q%d' % (y, (m - 1) // 3 + 1) for y, m in zip(year, month)]
        else:
            self.labels = ['%04d' % y for y in year]

    def index(self, days):
        """The period index of each day (negative before the first; floor)."""
        return (month_number(days) - self.base) // self.step

    def ceil(self, days):
        """The index of the first period starting on or after each day."""
        days = np.asarray(days, dtype='int64')
        k = self.index(days)
        start = month_start(self.base + k * self.step)
        return k + (start != days)


def segment_slots(data):
    """Per customer its segment slot (1…), and the slot labels (slot 0 is
    'all', then the segments by name, None last when a customer has none)."""
    seg = data['customers']['segment']
    names = sorted(seg.dropna().unique())
    labels = ['all'] + names + ([None] if seg.isna().any() else [])
    slot = pd.Index(names).get_indexer(seg) + 1
    slot[seg.isna().values] = len(labels) - 1
    return slot.astype('int64'), labels


def last_day(data):
    """The last day any record of the dataset speaks of (data_last_day())."""
    candidates = []
    for kind, col in (('revenue', 'date'), ('interactions', 'date'), ('feedback', 'date'),
                      ('usage', 'date'), ('holdings', 'start'), ('referrals', 'date')):
        values = data[kind][col]
        if len(values):
            candidates.append(np.nanmax(values))
    ends = data['holdings']['end']
    if ends.notna().any():
        candidates.append(np.nanmax(ends) - 1)
    return int(max(candidates))


def _holding_frame(data):
    h = data['holdings']
    end = h['end'].values
    return pd.DataFrame({
        'cust': customer_index(data, h['customer']),
        'start': h['start'].values.astype('int64'),
        'end': np.where(np.isnan(end), OPEN, np.nan_to_num(end)).astype('int64'),
    })


def activity_spells(data, activity='contractual', inactivity_days=90, last=None):
    """The activity spells: DataFrame cust, start, end (OPEN when open),
    sorted by customer and start, as cxv_spells_new() builds them."""
    if activity == 'contractual':
        h = _holding_frame(data)
        h = h[h['end'] != h['start']]
        h = h.sort_values(['cust', 'start'], kind='stable')
        cust, start, end = h['cust'].values, h['start'].values, h['end'].values
        reach = pd.Series(end).groupby(cust).cummax().values
        new = np.ones(len(h), dtype=bool)
        new[1:] = (cust[1:] != cust[:-1]) | (start[1:] > reach[:-1])
    else:
        r = data['revenue']
        r = pd.DataFrame({'cust': customer_index(data, r['customer']),
                          'start': r['date'].values.astype('int64'),
                          'amount': r['amount'].values})
        r = r[r['amount'] > 0].sort_values(['cust', 'start'], kind='stable')
        cust, start = r['cust'].values, r['start'].values
        end = start + inactivity_days
        new = np.ones(len(r), dtype=bool)
        new[1:] = (cust[1:] != cust[:-1]) | (start[1:] >= end[:-1])
    spell = np.cumsum(new) - 1
    spells = pd.DataFrame({'cust': cust[new], 'start': start[new]})
    spells['end'] = pd.Series(end).groupby(spell).max().values
    if activity != 'contractual':
        if last is None:
            last = last_day(data)
        final = np.ones(len(spells), dtype=bool)
        final[:-1] = spells['cust'].values[1:] != spells['cust'].values[:-1]
        spells.loc[final & (spells['end'].values > last), 'end'] = OPEN
    return spells.reset_index(drop=True)


def active_on(spells, cust, day):
    """Whether each customer @cust (array) is active on @day (array, one per
    entry): a spell with start <= day < end."""
    q = pd.DataFrame({'row': np.arange(len(cust)), 'cust': cust, 'day': day})
    m = q.merge(spells, on='cust', how='inner')
    hit = m.loc[(m['start'].values <= m['day'].values) & (m['day'].values < m['end'].values),
                'row'].values
    out = np.zeros(len(cust), dtype=bool)
    out[hit] = True
    return out


def divide_round_half_away(num, den):
    """@num / @den (ints, @den > 0) rounded half away from zero, as C does."""
    q = abs(num) // den
    r = abs(num) - q * den
    if 2 * r >= den:
        q += 1
    return q if num >= 0 else -q


def llround(x):
    r = math.floor(abs(x))
    if abs(x) - r >= 0.5:
        r += 1
    return int(r if x >= 0 else -r)


# ---------------------------------------------------------------------------
# The analysis


def _concentration(x, top_n, flag):
    """The concentration figures of the clamped revenues @x (int64 >= 0)."""
    n = len(x)
    total = int(x.sum())
    row = {'revenue_customers': n}
    if total == 0:
        for col in ('largest_share', 'largest_customers', 'concentrated', 'top_n_share',
                    'top_decile_share', 'herfindahl', 'gini'):
            row[col] = None
        return row
    x = np.sort(x)
    largest = int(x[-1])
    share = x / float(total)
    decile = (n + 9) // 10
    ranks = np.arange(1, n + 1, dtype='int64')
    # Σ (2i − n − 1) x₍ᵢ₎ is exact in int64 at any size the benchmark reaches.
    weighted = int(((2 * ranks - n - 1) * x).sum())
    row.update({
        'largest_share': largest / total,
        'largest_customers': int((x == largest).sum()),
        'concentrated': largest / total > flag,
        'top_n_share': float(share[-min(top_n, n):].sum()),
        'top_decile_share': float(share[-decile:].sum()),
        'herfindahl': float((share * share).sum()),
        'gini': float(weighted) / (float(n) * float(total)),
    })
    return row


def _last_period(p, end):
    """The last period (clamped to the last one) holding the day before each
    end; the last period for an open end."""
    open_ = end == OPEN
    k = p.index(np.where(open_, p.starts[0] + 1, end) - 1)
    return np.where(open_, p.n - 1, np.minimum(k, p.n - 1))


def run(data, period='month', activity='contractual', inactivity_days=90,
        concentration_flag=0.15, top_n=10, tenure_months=12):
    """{'periods': DataFrame, 'summary': DataFrame} as Cxv.RevenueQuality."""
    customers = data['customers']
    n_cust = len(customers)
    slot_of, labels = segment_slots(data)
    n_slots = len(labels)
    last = last_day(data)
    spells = activity_spells(data, activity, inactivity_days, last)
    p = Periods(period, int(spells['start'].min()), last)
    n = p.n

    # A customer's acquisition: declared, or the start of its first spell.
    acquired = customers['acquired'].values.astype('float64')
    first_spell = spells.groupby('cust')['start'].first()
    fallback = np.full(n_cust, np.nan)
    fallback[first_spell.index.values] = first_spell.values
    acquired = np.where(np.isnan(acquired), fallback, acquired)
    cutoffs = month_start(month_number(p.starts[:n]) - tenure_months)

    # Tallies per period and slot; slot 0 ("all") is filled in as the sum.
    tallies = {}

    def tally(k, slot, name, weights=None):
        t = np.bincount(k * n_slots + slot, weights=weights, minlength=n * n_slots)
        tallies[name] = np.rint(t).astype('int64').reshape(n, n_slots)

    # Revenue in the periods, ordered by period for the per-period pass.
    r = data['revenue']
    rk = p.index(r['date'].values)
    keep = np.flatnonzero((rk >= 0) & (rk < n))
    keep = keep[np.argsort(rk[keep], kind='stable')]
    rk = rk[keep]
    rev_cust = customer_index(data, r['customer'].values[keep])
    rev_slot = slot_of[rev_cust]
    amount = r['amount'].values[keep]
    rec_amount = np.where(r['kind'].isin(RECURRING_KINDS).values[keep], amount, 0)
    rev_prod = pd.Index(data['products']['code']).get_indexer(r['product'].values[keep])
    tally(rk, rev_slot, 'revenue', amount)
    tally(rk, rev_slot, 'recurring', rec_amount)
    tally(rk, rev_slot, 'tenured', np.where(acquired[rev_cust] < cutoffs[rk], amount, 0))
    tally(rk, rev_slot, 'revenue_cost', r['cost'].values[keep])
    bounds = np.searchsorted(rk, np.arange(n + 1))
    del keep, rk, rev_slot

    # Contacts in the periods.
    i = data['interactions']
    ik = p.index(i['date'].values)
    keep = (ik >= 0) & (ik < n)
    ik = ik[keep]
    int_slot = slot_of[customer_index(data, i['customer'].values[keep])]
    tally(ik, int_slot, 'cost_to_serve', i['cost'].values[keep])
    tally(ik, int_slot, 'contacts')
    tally(ik, int_slot, 'low_cost', (i['channel_class'].values[keep] == 'low-cost'))
    del ik, int_slot, keep

    # Per period: active customers, their distinct products, NRR and GRR
    # over the customers active on the day before the period's first day,
    # and the concentration of the customers' clamped net revenues.
    s_cust, s_start, s_end = (spells[c].values for c in ('cust', 'start', 'end'))
    s_from = np.maximum(p.index(s_start), 0)
    s_to = _last_period(p, s_end)
    h = _holding_frame(data)
    h_prod = pd.Index(data['products']['code']).get_indexer(data['holdings']['product'])
    valid = ((h['end'] == OPEN) | (h['end'] > h['start'])).values
    h_cust, h_prod = h['cust'].values[valid], h_prod[valid]
    h_from = np.maximum(p.index(h['start'].values[valid]), 0)
    h_to = _last_period(p, h['end'].values[valid])
    n_products = max(len(data['products']), 1)

    for name in ('customers', 'products', 'rec_this', 'rec_last', 'rec_min'):
        tallies[name] = np.zeros((n, n_slots), dtype='int64')
    conc = []
    rec_before = None
    for k in range(n):
        active = np.zeros(n_cust, dtype=bool)
        active[s_cust[(s_from <= k) & (s_to >= k)]] = True
        tallies['customers'][k] = np.bincount(slot_of[active], minlength=n_slots)

        lo, hi = bounds[k], bounds[k + 1]
        held = (h_from <= k) & (h_to >= k)
        billed_product = rev_prod[lo:hi] >= 0
        pairs = np.unique(np.concatenate([
            h_cust[held] * n_products + h_prod[held],
            rev_cust[lo:hi][billed_product] * n_products + rev_prod[lo:hi][billed_product]]))
        owner = pairs // n_products
        tallies['products'][k] = np.bincount(slot_of[owner[active[owner]]], minlength=n_slots)

        rec_now = np.rint(np.bincount(rev_cust[lo:hi], weights=rec_amount[lo:hi],
                                      minlength=n_cust)).astype('int64')
        if k > 0:
            day = p.starts[k] - 1
            at_start = np.zeros(n_cust, dtype=bool)
            at_start[s_cust[(s_start <= day) & (day < s_end)]] = True
            sl = slot_of[at_start]
            for name, v in (('rec_this', rec_now), ('rec_last', rec_before),
                            ('rec_min', np.minimum(rec_now, rec_before))):
                tallies[name][k] = np.rint(np.bincount(sl, weights=v[at_start],
                                                       minlength=n_slots))
        rec_before = rec_now

        billed = np.bincount(rev_cust[lo:hi], minlength=n_cust) > 0
        net = np.rint(np.bincount(rev_cust[lo:hi], weights=amount[lo:hi],
                                  minlength=n_cust)[billed]).astype('int64')
        net = np.maximum(net, 0)
        net_slot = slot_of[billed]
        conc.append(_concentration(net, top_n, concentration_flag))
        for slot in range(1, n_slots):
            conc.append(_concentration(net[net_slot == slot], top_n, concentration_flag))
    conc = pd.DataFrame(conc)

    for t in tallies.values():
        t[:, 0] = t[:, 1:].sum(axis=1)
    c = pd.DataFrame({name: t.reshape(-1) for name, t in tallies.items()})
    c['k'], c['slot'] = np.divmod(np.arange(n * n_slots), n_slots)
    c = c.rename(columns={'revenue': 'amount', 'recurring': 'rec_amount',
                          'revenue_cost': 'cost'})
    revenue = c['amount'].values
    profit = revenue - c['cost'].values
    pos = revenue > 0
    fpos = np.where(pos, revenue, 1).astype('float64')

    def margin(num):
        return np.where(pos, num / fpos, np.nan)

    def ratio(num, den):
        return np.where(den != 0, num / np.where(den != 0, den, 1).astype('float64'), np.nan)

    customers_n = c['customers'].values
    den = np.where(customers_n > 0, customers_n, 1)
    cts = c['cost_to_serve'].values
    q = cts // den
    q = q + (2 * (cts - q * den) >= den)     # half up; costs are never negative
    first_k = c['k'].values == 0
    has_last = (~first_k) & (c['rec_last'].values != 0)

    periods = pd.DataFrame({
        'period': [p.labels[k] for k in c['k'].values],
        'segment': [labels[s] for s in c['slot'].values],
        'tier': np.nan,
        'revenue': revenue,
        'recurring_revenue': c['rec_amount'].values,
        'recurring_share': margin(c['rec_amount'].values),
        'nrr': np.where(has_last, c['rec_this'].values / np.where(has_last, c['rec_last'].values,
                                                                   1).astype('float64'), np.nan),
        'grr': np.where(has_last, c['rec_min'].values / np.where(has_last, c['rec_last'].values,
                                                                  1).astype('float64'), np.nan),
        'tenured_share': margin(c['tenured'].values),
        'revenue_cost': c['cost'].values,
        'gross_margin': margin(profit),
        'cost_to_serve': cts,
        'margin_after_cost_to_serve': margin(profit - cts),
        'customers': customers_n,
        'contact_cost_per_customer': np.where(customers_n > 0, q, np.nan),
        'contacts': c['contacts'].values,
        'low_cost_share': ratio(c['low_cost'].values, c['contacts'].values),
    })
    for col in conc.columns:
        periods[col] = conc[col].values
    periods['mean_products'] = ratio(c['products'].values, customers_n)
    for col in ('contact_cost_per_customer', 'largest_customers', 'revenue_customers'):
        if not periods[col].isna().any():
            periods[col] = periods[col].astype('int64')
    if periods['concentrated'].notna().all():
        periods['concentrated'] = periods['concentrated'].astype(bool)
    for col in ('largest_share', 'top_n_share', 'top_decile_share', 'herfindahl', 'gini'):
        periods[col] = periods[col].astype('float64')

    # Volatility of each segment's period revenues.
    summary = []
    by_slot = c.pivot(index='slot', columns='k', values='amount')
    for slot in range(n_slots):
        values = [int(v) for v in by_slot.loc[slot].values]
        total = sum(values)
        mean = total / n
        ss = 0.0
        for v in values:            # sequential, as the library sums
            ss += (v - mean) * (v - mean)
        sd = math.sqrt(ss / n)
        summary.append({'segment': labels[slot], 'periods': n, 'revenue': total,
                        'mean_revenue': llround(mean), 'sd_revenue': llround(sd),
                        'coefficient_of_variation': sd / mean if n > 1 and mean > 0 else np.nan})
    return {'periods': periods, 'summary': pd.DataFrame(summary)}
