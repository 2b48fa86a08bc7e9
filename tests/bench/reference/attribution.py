# attribution.py: the pandas reference for CxvAttribution
# (libcxvalue/cxv-attribution.c).
#
# run(data) takes the DataFrames of load.load() and returns the tables of a
# CxvAttribution run with its default properties (monthly periods,
# save-window-days 90, window-switchers off, CXM first), as
# Table.to_pandas(money='minor') gives them:
# - 'summary' and 'initiatives', whole;
# - 'comparison' without its bootstrap interval columns ci_low and ci_high
#   (the library draws them with GRand; a comparison drops them from the
#   library's table too).
#
# The definitions follow the class overview and scan_customer():
# - a customer is saved on the day of its first save interaction that
#   found it at risk (an unresolved complaint or an NPS answer of 0 to 6
#   dated in the 90 days up to and including that day), if it still held a
#   product 90 days later; only that first at-risk save counts;
# - CXM: events tagged with an in-sync initiative; CSM: expansion and
#   recurring events of a saved customer after its save day, and every
#   event of a customer referred by a saved customer on or after the
#   referrer's save day; CXM wins when both apply; sales is the rest;
# - NRR over the customers active (holding a product) on the day before a
#   period's first day: their recurring revenue (new, recurring, expansion,
#   contraction) in the period over theirs in the period before.

import numpy as np
import pandas as pd

SAVE_WINDOW_DAYS = 90
AT_RISK_DAYS = 90
GROWTH_DAYS = 90
DETRACTOR_MAX = 6.0
RECURRING_KINDS = ('new', 'recurring', 'expansion', 'contraction')


def _month(days):
    """Months since 1970-01 of int days since 1970-01-01."""
    return (np.asarray(days, dtype='int64').astype('datetime64[D]').astype('datetime64[M]')
            .astype('int64'))


def _month_start(months):
    """The first day (int days) of months since 1970-01."""
    return (np.asarray(months, dtype='int64').astype('datetime64[M]').astype('datetime64[D]')
            .astype('int64'))


def _ns(days):
    days = np.asarray(days, dtype='float64')
    out = np.full(len(days), np.datetime64('NaT'), dtype='datetime64[ns]')
    ok = ~np.isnan(days)
    out[ok] = days[ok].astype('int64').astype('datetime64[D]').astype('datetime64[ns]')
    return out


def _llround(x):
    """C llround: halves away from zero."""
    return int(np.sign(x) * np.floor(abs(x) + 0.5))


def spells(cust_codes, start, end):
    """Contractual activity spells (cxv-activity.c): holdings that overlap or
    touch merged; DataFrame customer, start, end (NaN: open), sorted."""
    h = pd.DataFrame({'customer': cust_codes, 'start': start, 'end': end.astype('float64')})
    h = h[h['end'].values != h['start'].values]
    h = h.sort_values(['customer', 'start'], kind='mergesort')
    cust = h['customer'].values
    st = h['start'].values.astype('int64')
    en = np.where(np.isnan(h['end'].values), np.inf, h['end'].values)
    run_max = pd.Series(en).groupby(cust).cummax().values
    prev_max = np.empty_like(run_max)
    prev_max[1:] = run_max[:-1]
    first = np.ones(len(cust), dtype=bool)
    first[1:] = cust[1:] != cust[:-1]
    new = first | (st > prev_max)
    ends = pd.Series(en).groupby(np.cumsum(new) - 1).max().values
    return pd.DataFrame({'customer': cust[new], 'start': st[new],
                         'end': np.where(np.isinf(ends), np.nan, ends)})


def active_on(sp, customers, days):
    """Whether each customer is active (cxv_spells_active_on) on the matching day."""
    q = pd.DataFrame({'customer': np.asarray(customers, dtype='int64'),
                      'day': np.asarray(days, dtype='int64'),
                      'pos': np.arange(len(customers))}).sort_values('day', kind='mergesort')
    s = pd.DataFrame({'customer': sp['customer'].values.astype('int64'),
                      'day': sp['start'].values.astype('int64'),
                      'end': sp['end'].values, 'hit': True}).sort_values('day', kind='mergesort')
    # Spells are disjoint: the last one starting on or before the day decides.
    m = pd.merge_asof(q, s, on='day', by='customer', direction='backward',
                      allow_exact_matches=True)
    hit = m['hit'].fillna(False).values.astype(bool)
    ok = hit & (np.isnan(m['end'].values.astype('float64')) |
                (m['day'].values < m['end'].values.astype('float64')))
    out = np.empty(len(q), dtype=bool)
    out[m['pos'].values] = ok
    return out


def run(data):
    customers = data['customers']
    n_cust = len(customers)
    cust_index = pd.Index(customers['id'].values)
    ini = data['initiatives']
    n_ini = len(ini)
    ini_index = pd.Index(ini['id'].values)
    in_sync = ini['in_sync'].values.astype(bool)

    hol = data['holdings']
    sp = spells(cust_index.get_indexer(hol['customer'].values), hol['start'].values,
                hol['end'].values)

    # Saves.
    itr = data['interactions']
    ic = cust_index.get_indexer(itr['customer'].values)
    idate = itr['date'].values.astype('int64')
    ikind = itr['kind'].values
    fee = data['feedback']
    risk = pd.concat([
        pd.DataFrame({'c': ic[(ikind == 'complaint') & ~itr['resolved'].values],
                      'date': idate[(ikind == 'complaint') & ~itr['resolved'].values]}),
        pd.DataFrame({'c': cust_index.get_indexer(
                          fee['customer'].values[(fee['instrument'].values == 'nps') &
                                                 (fee['score'].values <= DETRACTOR_MAX)]),
                      'date': fee['date'].values[(fee['instrument'].values == 'nps') &
                                                 (fee['score'].values <= DETRACTOR_MAX)]
                      .astype('int64')}),
    ]).sort_values('date', kind='mergesort')
    risk['risk_date'] = risk['date']
    saves = pd.DataFrame({'c': ic[ikind == 'save'], 'date': idate[ikind == 'save']})
    saves = saves.sort_values('date', kind='mergesort')
    saves = pd.merge_asof(saves, risk, on='date', by='c', direction='backward',
                          allow_exact_matches=True)
    at_risk = saves[saves['risk_date'].notna().values &
                    (saves['risk_date'].values >= saves['date'].values - AT_RISK_DAYS)]
    # The first save that found the customer at risk decides.
    first_save = at_risk.groupby('c')['date'].min()
    kept = active_on(sp, first_save.index.values, first_save.values + SAVE_WINDOW_DAYS)
    saved = np.full(n_cust, np.nan)
    saved[first_save.index.values[kept]] = first_save.values[kept]

    ref = data['referrals']
    rr = cust_index.get_indexer(ref['referrer'].values)
    rd = cust_index.get_indexer(ref['referred'].values)
    referred = np.zeros(n_cust, dtype=bool)
    rs = saved[rr]
    referred[rd[~np.isnan(rs) & (ref['date'].values >= rs)]] = True

    # Revenue events.
    rev = data['revenue']
    c = cust_index.get_indexer(rev['customer'].values)
    date = rev['date'].values.astype('int64')
    kind = rev['kind'].values
    amount = rev['amount'].values.astype('int64')
    eini = ini_index.get_indexer(rev['initiative'].values)

    first, last = int(date.min()), int(date.max())
    base = int(_month(first))
    n = int(_month(max(first, last))) - base + 1
    starts = _month_start(base + np.arange(n + 1))
    labels = [str(m) for m in (base + np.arange(n)).astype('datetime64[M]')]
    p = _month(date) - base

    cxm_ini = np.where((eini >= 0) & in_sync[np.maximum(eini, 0)], eini, -1)
    s_c = saved[c]
    csm = referred[c] | (~np.isnan(s_c) & (date > s_c) &
                         ((kind == 'expansion') | (kind == 'recurring')))
    is_cxm = cxm_ini >= 0
    is_csm = csm & ~is_cxm

    def per_period(mask, periods=p):
        return (pd.Series(amount[mask]).groupby(periods[mask]).sum()
                .reindex(range(n), fill_value=0).values.astype('int64'))

    everything = np.ones(len(amount), dtype=bool)
    total = per_period(everything)
    cxm = per_period(is_cxm)
    csm_sum = per_period(is_csm)
    sales = total - cxm - csm_sum

    # NRR: active on the day before each period's first day.
    active = np.zeros((n + 1, n_cust), dtype=bool)
    sp_c = sp['customer'].values
    sp_s = sp['start'].values
    sp_e = sp['end'].values
    for k in range(1, n + 1):
        day = starts[k] - 1
        hit = (sp_s <= day) & (np.isnan(sp_e) | (day < sp_e))
        active[k, sp_c[hit]] = True
    rec = np.isin(kind, RECURRING_KINDS)
    this_mask = rec & active[p, c] & (p >= 1)
    rec_this = per_period(this_mask)
    last_mask = rec & active[np.minimum(p + 1, n), c] & (p + 1 < n)
    rec_last = (pd.Series(amount[last_mask]).groupby(p[last_mask] + 1).sum()
                .reindex(range(n), fill_value=0).values.astype('int64'))

    # Revenue in their acquisition period of customers acquired by referral.
    by_referral = ((customers['source'].values == 'referral') |
                   customers['referred_by'].notna().values)
    acq = customers['acquired'].values.astype('float64')
    first_spell = np.full(n_cust, np.nan)
    fs = sp.groupby('customer')['start'].min()
    first_spell[fs.index.values] = fs.values
    first_rev = np.full(n_cust, np.nan)
    fr = pd.Series(date).groupby(c).min()
    first_rev[fr.index.values] = fr.values
    day = np.where(np.isnan(acq), np.where(np.isnan(first_spell), first_rev, first_spell), acq)
    ok = by_referral & ~np.isnan(day)
    day_ok = np.where(ok, day, first).astype('int64')
    ok &= (day_ok >= starts[0]) & (day_ok < starts[n])
    acq_p = np.where(ok, _month(day_ok) - base, -1)
    referral = per_period(acq_p[c] == p)

    summary = pd.DataFrame({
        'period': labels, 'start_date': _ns(starts[:n]), 'end_date': _ns(starts[1:]),
        'total': total, 'cxm': cxm, 'csm': csm_sum, 'sales': sales,
    })
    tot = total.astype('float64')
    with np.errstate(invalid='ignore', divide='ignore'):
        for name, part in (('cxm_share', cxm), ('csm_share', csm_sum), ('sales_share', sales)):
            summary[name] = np.where(total != 0, part.astype('float64') / tot, np.nan)
        prev = np.concatenate([[0.0], tot[:-1]])
        has_prev = (np.arange(n) > 0) & (prev != 0)
        has_nrr = (np.arange(n) > 0) & (rec_last != 0)
        nrr = np.where(has_nrr, rec_this.astype('float64') / rec_last.astype('float64'), np.nan)
        earned = np.where(has_nrr & has_prev, nrr + referral.astype('float64') / prev - 1.0,
                          np.nan)
        growth = np.where(has_prev, tot / prev - 1.0, np.nan)
        ratio = np.where(has_nrr & has_prev & (growth != 0), earned / growth, np.nan)
    summary['nrr'] = nrr
    summary['referral_revenue'] = referral
    summary['earned_growth'] = earned
    summary['total_growth'] = growth
    summary['earned_growth_ratio'] = ratio

    events = np.bincount(cxm_ini[is_cxm], minlength=n_ini).astype('int64')
    ini_rev = (pd.Series(amount[is_cxm]).groupby(cxm_ini[is_cxm]).sum()
               .reindex(range(n_ini), fill_value=0).values.astype('int64'))
    initiatives = pd.DataFrame({
        'initiative': ini['id'].values, 'in_sync': in_sync,
        'start_date': _ns(ini['start'].values), 'end_date': _ns(ini['end'].values),
        'events': events, 'revenue': ini_rev,
    })

    # In sync against out of sync: customers with revenue touched through an
    # advice interaction whose reason is an initiative id.
    adv = ikind == 'advice'
    tini = ini_index.get_indexer(itr['reason'].values[adv])
    tc, td = ic[adv][tini >= 0], idate[adv][tini >= 0]
    tsync = in_sync[tini[tini >= 0]]
    touch_in = pd.Series(td[tsync]).groupby(tc[tsync]).min()
    touch_out = pd.Series(td[~tsync]).groupby(tc[~tsync]).min()
    touch = np.full(n_cust, np.nan)
    group = np.full(n_cust, -1)
    touch[touch_out.index.values] = touch_out.values
    group[touch_out.index.values] = 1
    touch[touch_in.index.values] = touch_in.values
    group[touch_in.index.values] = 0
    has_revenue = np.bincount(c, minlength=n_cust) > 0
    group[~has_revenue] = -1
    cust_total = (pd.Series(amount).groupby(c).sum().reindex(range(n_cust), fill_value=0)
                  .values.astype('int64'))
    t = touch[c]
    before = (date >= t - GROWTH_DAYS) & (date < t)
    after = (date >= t) & (date < t + GROWTH_DAYS)
    delta = (pd.Series(np.where(after, amount, 0) - np.where(before, amount, 0)).groupby(c).sum()
             .reindex(range(n_cust), fill_value=0).values.astype('int64'))
    rows = []
    for metric, v in (('revenue_per_customer', cust_total), ('revenue_growth', delta)):
        vin, vout = v[group == 0], v[group == 1]
        n_in, n_out = len(vin), len(vout)
        mi = float(int(vin.sum())) / n_in if n_in else 0.0
        mo = float(int(vout.sum())) / n_out if n_out else 0.0
        rows.append({
            'metric': metric,
            'in_sync': _llround(mi) if n_in else np.nan,
            'out_of_sync': _llround(mo) if n_out else np.nan,
            'difference': _llround(mi - mo) if n_in and n_out else np.nan,
            'customers_in_sync': n_in, 'customers_out_of_sync': n_out,
        })
    comparison = pd.DataFrame(rows)

    return {'summary': summary, 'initiatives': initiatives, 'comparison': comparison}
