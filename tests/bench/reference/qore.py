# qore.py: the pandas reference for CxvQore (libcxvalue/cxv-qore.c).
#
# run(data) takes the DataFrames of load.load() and returns the tables of a
# CxvQore run with its default rules, as Table.to_pandas(money='minor')
# gives them: 'customers', 'tiers' and 'products'.
#
# The definitions follow cxv-qore.c and cxv-activity.c:
# - activity is contractual: a customer's holdings (those that do not end
#   the day they start) merged into spells where they overlap or touch;
# - the last day of the data is the latest date of any record (an ended
#   holding speaks of the day before its end); the evaluation date is 90
#   days (churn-days) before it and the window the 365 days up to and
#   including it;
# - the customers evaluated are those whose spell holds the evaluation
#   date; see the class overview of cxv-qore.c for every signal.

import numpy as np
import pandas as pd

WINDOW_DAYS = 365
CHURN_DAYS = 90
MIN_NPS, MIN_CSAT, MIN_CES = 7.0, 4.0, 5.0
LOW_COST_SHARE = 0.6
USAGE_RATIO = 0.5
SERVICE_KINDS = ('support', 'complaint', 'save', 'feedback')
COMPLEX_KINDS = ('complaint', 'save')
BILLING_REASONS = ('billing',)
# Signals whose lack of evidence blocks the tier (no-evidence-unmet).
BLOCKING = ('satisfied', 'effective_use', 'full_holdings')

SIGNALS = ('satisfied', 'low_cost_contact', 'effective_use', 'gives_input', 'engages',
           'full_holdings', 'referral')
SIGNAL_TIER = (1, 1, 2, 2, 2, 3, 3)
TIER_NAMES = ('unqualified', 'evaluate', 'engage', 'trust')
ACTIONS = {
    'satisfied': 'reliability and outage follow-up',
    'satisfied-billing': 'billing clarity',
    'low_cost_contact': 'easier contact',
    'effective_use': 'usage-based right-sizing',
    'gives_input': 'invitation to give feedback',
    'engages': 'proactive education, relevant offers',
    'full_holdings': 'bundle benefits for eligible products',
    'referral': 'referral programme',
}


def spells(holdings, cust_codes):
    """Contractual activity spells: DataFrame customer, start, end (end NaN = open),
    sorted by customer and start."""
    h = pd.DataFrame({'customer': cust_codes, 'start': holdings['start'].values,
                      'end': holdings['end'].values.astype('float64')})
    # A holding that ends the day it starts was never held.
    h = h[h['end'].values != h['start'].values]
    # The dataset keeps each customer's holdings by start, in file order on ties.
    h = h.sort_values(['customer', 'start'], kind='mergesort')
    cust = h['customer'].values
    start = h['start'].values.astype('int64')
    end = np.where(np.isnan(h['end'].values), np.inf, h['end'].values)
    # The furthest end of the customer's earlier holdings: a holding starting
    # after it opens a new spell.
    run_max = pd.Series(end).groupby(cust).cummax().values
    prev_max = np.empty_like(run_max)
    prev_max[1:] = run_max[:-1]
    first = np.ones(len(cust), dtype=bool)
    first[1:] = cust[1:] != cust[:-1]
    new = first | (start > prev_max)
    spell_id = np.cumsum(new) - 1
    ends = pd.Series(end).groupby(spell_id).max().values
    out = pd.DataFrame({'customer': cust[new], 'start': start[new],
                        'end': np.where(np.isinf(ends), np.nan, ends)})
    return out


def last_day(data):
    """The last day any record speaks of (cxv-activity.c data_last_day)."""
    last = -np.inf
    for kind, col in (('revenue', 'date'), ('interactions', 'date'), ('feedback', 'date'),
                      ('usage', 'date'), ('holdings', 'start'), ('referrals', 'date')):
        v = data[kind][col].values
        if len(v):
            last = max(last, np.nanmax(v))
    ends = data['holdings']['end'].values.astype('float64')
    if len(ends) and not np.isnan(ends).all():
        last = max(last, np.nanmax(ends) - 1)
    return int(last)


def _segment_slots(customers):
    """Per customer a segment code (sorted names, no segment last) and the names."""
    seg = customers['segment']
    names = sorted(seg.dropna().unique())
    codes = pd.Categorical(seg, categories=names).codes.astype('int64')
    codes[codes < 0] = len(names)          # no segment: its own slot
    return codes, names


def _eligibility(products, seg_names):
    """elig[slot, product]: the product is open to the segment of slot (the last
    slot, no segment, only to products open to every segment)."""
    n_slots = len(seg_names) + 1
    elig = np.zeros((n_slots, len(products)), dtype=bool)
    for p, cell in enumerate(products['eligible_segments'].values):
        if not isinstance(cell, str):
            elig[:, p] = True
            continue
        allowed = set(cell.split(';'))
        for s, name in enumerate(seg_names):
            elig[s, p] = name in allowed
    return elig


def run(data):
    customers = data['customers']
    products = data['products']
    n_cust = len(customers)
    n_prod = len(products)
    cust_index = pd.Index(customers['id'].values)
    prod_index = pd.Index(products['code'].values)

    hol = data['holdings']
    hol_c = cust_index.get_indexer(hol['customer'].values)
    sp = spells(hol, hol_c)
    last = last_day(data)
    ev = last - CHURN_DAYS
    win_from, win_to = ev - WINDOW_DAYS + 1, ev + 1
    win_len = win_to - win_from
    churn_observable = ev + CHURN_DAYS <= last

    # Who is evaluated: the spell holding the evaluation date.
    active = sp[(sp['start'].values <= ev) & (np.isnan(sp['end'].values) | (ev < sp['end'].values))]
    evaluated = np.zeros(n_cust, dtype=bool)
    evaluated[active['customer'].values] = True
    sp_start = np.zeros(n_cust, dtype='int64')
    sp_end = np.full(n_cust, np.nan)
    sp_start[active['customer'].values] = active['start'].values
    sp_end[active['customer'].values] = active['end'].values

    # Holdings on the evaluation date.
    hstart = hol['start'].values
    hend = hol['end'].values.astype('float64')
    hprod = prod_index.get_indexer(hol['product'].values)
    on = (hstart <= ev) & (np.isnan(hend) | (hend > ev)) & evaluated[hol_c]
    held = pd.DataFrame({'c': hol_c[on], 'p': hprod[on]}).drop_duplicates()
    n_products = np.bincount(held['c'].values, minlength=n_cust)

    # Product lines: a category, or a product without one.
    cats = products['category'].values
    line_of = np.empty(n_prod, dtype='int64')
    line_ids = {}
    for p, cat in enumerate(cats):
        if isinstance(cat, str):
            line_of[p] = line_ids.setdefault(('cat', cat), len(line_ids))
        else:
            line_of[p] = line_ids.setdefault(('product', p), len(line_ids))
    n_lines = len(line_ids)

    slot, seg_names = _segment_slots(customers)
    elig = _eligibility(products, seg_names)
    elig_line = np.zeros((elig.shape[0], n_lines), dtype=bool)
    for p in range(n_prod):
        elig_line[:, line_of[p]] |= elig[:, p]
    n_elig_lines = elig_line.sum(axis=1)

    # Usage rates of the products held on the evaluation date.
    use = data['usage']
    ud = use['date'].values
    uin = (ud >= win_from) & (ud < win_to)
    uc = cust_index.get_indexer(use['customer'].values[uin])
    up = prod_index.get_indexer(use['product'].values[uin])
    uq = use['quantity'].values[uin].astype('float64')
    keep = evaluated[uc] & (up >= 0)
    qty = (pd.DataFrame({'c': uc[keep], 'p': up[keep], 'q': uq[keep]})
           .groupby(['c', 'p'], sort=True)['q'].sum().reset_index())
    qty = qty.merge(held, on=['c', 'p'], how='inner')
    # Days of the window each product was held, else days active at all.
    ho = evaluated[hol_c]
    lo = np.maximum(hstart[ho], win_from)
    hi = np.where(np.isnan(hend[ho]), win_to, np.minimum(hend[ho], win_to))
    ov = np.where(hi > lo, hi - lo, 0).astype('int64')
    hdays = (pd.DataFrame({'c': hol_c[ho], 'p': hprod[ho], 'd': ov})
             .groupby(['c', 'p'])['d'].sum().reset_index())
    qty = qty.merge(hdays, on=['c', 'p'], how='left')
    days = qty['d'].fillna(0).values.astype('int64')
    qc = qty['c'].values
    s_lo = np.maximum(sp_start[qc], win_from)
    s_hi = np.where(np.isnan(sp_end[qc]), win_to, np.minimum(sp_end[qc], win_to))
    s_days = np.where(s_hi > s_lo, s_hi - s_lo, 0).astype('int64')
    days = np.where(days == 0, s_days, days)
    days = np.minimum(days, win_len)
    qty['rate'] = qty['q'].values / np.maximum(days, 1).astype('float64')
    median = qty.groupby('p')['rate'].median()
    med = np.full(n_prod, np.nan)
    med[median.index.values] = median.values
    qm = med[qty['p'].values]
    usable = qm > 0
    ratio = pd.Series(qty['rate'].values[usable] / qm[usable]).groupby(qc[usable]).min()
    use_value = np.full(n_cust, np.nan)
    use_value[ratio.index.values] = ratio.values

    # Revenue in the window.
    rev = data['revenue']
    rd = rev['date'].values
    rin = (rd >= win_from) & (rd < win_to)
    rc = cust_index.get_indexer(rev['customer'].values[rin])
    revenue = (pd.Series(rev['amount'].values[rin]).groupby(rc).sum()
               .reindex(range(n_cust), fill_value=0).values.astype('int64'))

    # Interactions in the window.
    itr = data['interactions']
    idd = itr['date'].values
    iin = (idd >= win_from) & (idd < win_to)
    ic = cust_index.get_indexer(itr['customer'].values[iin])
    kind = itr['kind'].values[iin]
    resolved = itr['resolved'].values[iin]
    reason = itr['reason'].values[iin]
    low = itr['channel_class'].values[iin] == 'low-cost'

    def count(mask):
        return np.bincount(ic[mask], minlength=n_cust)

    unres_mask = (kind == 'complaint') & ~resolved
    billing_mask = unres_mask & pd.Series(reason).isin(BILLING_REASONS).values
    unresolved = count(unres_mask)
    billing = count(billing_mask) > 0
    other_unsatisfied = count(unres_mask & ~billing_mask) > 0
    service = np.isin(kind, [k for k in SERVICE_KINDS if k not in COMPLEX_KINDS])
    contacts = count(service)
    low_cost = count(service & low)
    inputs = count(kind == 'feedback')
    engagements = count((kind == 'education') | (kind == 'advice') | ((kind == 'offer') & resolved))

    # Survey answers in the window.
    fee = data['feedback']
    fd = fee['date'].values
    fin = (fd >= win_from) & (fd < win_to)
    fc = cust_index.get_indexer(fee['customer'].values[fin])
    inst = fee['instrument'].values[fin]
    score = fee['score'].values[fin].astype('float64')
    inputs = inputs + np.bincount(fc, minlength=n_cust)
    means = {}
    for name in ('nps', 'csat', 'ces'):
        m = inst == name
        n = np.bincount(fc[m], minlength=n_cust)
        s = np.bincount(fc[m], weights=score[m], minlength=n_cust)
        with np.errstate(invalid='ignore', divide='ignore'):
            means[name] = np.where(n > 0, s / np.maximum(n, 1), np.nan)

    # Referrals on or before the evaluation date, ever.
    ref = data['referrals']
    rr = ref[ref['date'].values <= ev]
    referrals = np.bincount(cust_index.get_indexer(rr['referrer'].values), minlength=n_cust)

    # Product lines owned, among those eligible.
    hl = pd.DataFrame({'c': held['c'].values, 'l': line_of[held['p'].values]}).drop_duplicates()
    owned = np.bincount(hl['c'].values, weights=elig_line[slot[hl['c'].values], hl['l'].values],
                        minlength=n_cust).astype('int64')

    # Churn: the active spell ends within churn-days after the evaluation.
    churned = np.where(~np.isnan(sp_end) & (sp_end <= ev + CHURN_DAYS), 1,
                       0 if churn_observable else -1)

    # The signals: values, and holds as 1 / 0 / -1 (no evidence).
    value = {}
    holds = {}
    sat = np.full(n_cust, np.nan)
    for name, thr in (('nps', MIN_NPS), ('csat', MIN_CSAT), ('ces', MIN_CES)):
        margin = means[name] - thr
        sat = np.where(~np.isnan(margin) & (np.isnan(sat) | (margin < sat)), margin, sat)
        other_unsatisfied |= ~np.isnan(margin) & (means[name] < thr)
    value['satisfied'] = sat
    holds['satisfied'] = np.where(unresolved > 0, 0, np.where(np.isnan(sat), -1, sat >= 0))
    other_unsatisfied |= holds['satisfied'] == -1
    with np.errstate(invalid='ignore', divide='ignore'):
        value['low_cost_contact'] = np.where(contacts > 0, low_cost / np.maximum(contacts, 1),
                                             np.nan)
    holds['low_cost_contact'] = np.where(contacts == 0, -1,
                                         value['low_cost_contact'] >= LOW_COST_SHARE)
    value['effective_use'] = use_value
    holds['effective_use'] = np.where(np.isnan(use_value), -1, use_value >= USAGE_RATIO)
    value['gives_input'] = inputs.astype('float64')
    holds['gives_input'] = (inputs > 0).astype('int64')
    value['engages'] = engagements.astype('float64')
    holds['engages'] = (engagements > 0).astype('int64')
    nel = n_elig_lines[slot]
    with np.errstate(invalid='ignore', divide='ignore'):
        value['full_holdings'] = np.where(nel > 0, owned / np.maximum(nel, 1), np.nan)
    holds['full_holdings'] = np.where(nel == 0, -1, owned == nel)
    value['referral'] = referrals.astype('float64')
    holds['referral'] = (referrals > 0).astype('int64')
    for k in SIGNALS:
        holds[k] = holds[k].astype('int64')

    tier = np.zeros(n_cust, dtype='int64')
    still = np.ones(n_cust, dtype=bool)
    for t in (1, 2, 3):
        met = still.copy()
        for k, st in zip(SIGNALS, SIGNAL_TIER):
            if st == t:
                ok = holds[k] == 1
                if k not in BLOCKING:
                    ok |= holds[k] == -1
                met &= ok
        tier[met] = t
        still = met

    # Only the evaluated customers, in customer order.
    ix = np.flatnonzero(evaluated)
    e_tier = tier[ix]
    e_np = n_products[ix]
    e_rev = revenue[ix]
    e_churn = churned[ix]

    # Tiers.
    rows = []
    total = len(ix)
    for t in range(4):
        m = e_tier == t
        n = int(m.sum())
        ch = int((e_churn[m] == 1).sum())
        single = int((e_np[m] == 1).sum())
        rows.append({
            'tier': t, 'name': TIER_NAMES[t], 'customers': n,
            'share': n / total if total > 0 else 0.0,
            'revenue': int(e_rev[m].sum()),
            'churned': ch if churn_observable else np.nan,
            'churn_rate': ch / n if churn_observable and n > 0 else np.nan,
            'products_per_customer': int(e_np[m].sum()) / n if n > 0 else np.nan,
            'single_product': single,
            'single_product_share': single / n if n > 0 else np.nan,
        })
    tiers = pd.DataFrame(rows)

    # Products.
    hc, hp = held['c'].values, held['p'].values
    holders = np.bincount(hp, minlength=n_prod)
    single_holders = np.bincount(hp, weights=n_products[hc] == 1, minlength=n_prod).astype('int64')
    elig_holders = np.bincount(hp, weights=elig[slot[hc], hp], minlength=n_prod).astype('int64')
    slot_customers = np.bincount(slot[ix], minlength=elig.shape[0])
    eligible = (slot_customers[:, None] * elig).sum(axis=0).astype('int64')
    with np.errstate(invalid='ignore', divide='ignore'):
        coverage = np.where(eligible > 0, elig_holders / np.maximum(eligible, 1), np.nan)
    prod_table = pd.DataFrame({
        'product': products['code'].values,
        'category': [c if isinstance(c, str) else None for c in cats],
        'holders': holders.astype('int64'),
        'single_product_holders': single_holders,
        'eligible': eligible,
        'coverage': coverage,
    })

    # Customers.
    gaps = np.full(len(ix), '', dtype=object)
    for k in SIGNALS:
        h = holds[k][ix]
        if k == 'satisfied':
            b, o = billing[ix], other_unsatisfied[ix]
            action = np.where(b & o, ACTIONS['satisfied-billing'] + ', ' + ACTIONS['satisfied'],
                              np.where(b, ACTIONS['satisfied-billing'], ACTIONS['satisfied']))
            action = action.astype(object)
        else:
            action = ACTIONS[k]
        text = np.where(h == -1, k + ' (no evidence): ', k + ': ').astype(object) + action
        sep = np.where(gaps == '', '', '; ').astype(object)
        gaps = np.where(h != 1, gaps + sep + text, gaps)

    def boolean(h):
        if (h == -1).any():
            out = np.empty(len(h), dtype=object)
            out[:] = h == 1
            out[h == -1] = None
            return out
        return h == 1

    seg = customers['segment'].values[ix]
    cols = {'customer': customers['id'].values[ix],
            'segment': np.array([s if isinstance(s, str) else None for s in seg], dtype=object),
            'tier': e_tier}
    for k in SIGNALS:
        cols[k + '_value'] = value[k][ix]
        cols[k + '_holds'] = boolean(holds[k][ix])
    cols['gaps'] = gaps
    cols['products'] = e_np.astype('int64')
    cols['revenue'] = e_rev
    cols['unresolved_complaints'] = unresolved[ix].astype('int64')
    cols['csat_mean'] = means['csat'][ix]
    cols['nps_mean'] = means['nps'][ix]
    cols['ces_mean'] = means['ces'][ix]
    cols['churned'] = boolean(e_churn)
    cust_table = pd.DataFrame(cols)

    return {'customers': cust_table, 'tiers': tiers, 'products': prod_table}
