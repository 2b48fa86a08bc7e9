# indicators.py: the pandas reference of CxvIndicators.
#
# run(data) gives the tables 'scores' and 'say_do' of Cxv.Indicators with
# its default settings (monthly periods, contractual activity, horizon 3,
# bands 6/9 for NPS, 2/4 for CSAT, 3/6 for CES), with the definitions of
# libcxvalue/cxv-indicators.c:
#
# - only NPS, CSAT and CES answers count; the periods run from the one of
#   the first such answer to the one of the last;
# - scores: per period the segment `all` (always), then each segment with
#   an answer in the period, by name, a null segment last;
# - say vs do: a customer's first answer on an instrument (by date, the
#   file order breaking ties) puts it in that answer's band; it is a
#   respondent when the h periods after the answer's period end no later
#   than the last day the data speaks of; retained when active on the
#   first day of the period h periods after the answer's; its revenue is
#   what is dated in those h periods.

import numpy as np
import pandas as pd

try:
    from .revenue_quality import (Periods, activity_spells, active_on, customer_index,
                                  divide_round_half_away, last_day, month_number, month_start,
                                  segment_slots)
except ImportError:          # imported as a top-level module
    from revenue_quality import (Periods, activity_spells, active_on, customer_index,
                                 divide_round_half_away, last_day, month_number, month_start,
                                 segment_slots)

INSTRUMENTS = ('nps', 'csat', 'ces')
BANDS = (('promoter', 'passive', 'detractor'),
         ('high', 'neutral', 'low'),
         ('low-effort', 'neutral', 'high-effort'))
GOOD, MIDDLE, BAD = 0, 1, 2


def run(data, period='month', activity='contractual', inactivity_days=90, horizon=3,
        detractor_max=6, promoter_min=9, low_csat_max=2, high_csat_min=4,
        high_effort_max=3, low_effort_min=6):
    """{'scores': DataFrame, 'say_do': DataFrame} as Cxv.Indicators."""
    n_cust = len(data['customers'])
    slot_of, labels = segment_slots(data)
    n_slots = len(labels)

    f = data['feedback']
    inst = f['instrument'].map({name: i for i, name in enumerate(INSTRUMENTS)})
    keep = inst.notna().values
    f = pd.DataFrame({'cust': customer_index(data, f['customer'].values[keep]),
                      'date': f['date'].values[keep].astype('int64'),
                      'inst': inst.values[keep].astype('int64'),
                      'score': f['score'].values[keep].astype('float64')})
    p = Periods(period, int(f['date'].min()), int(f['date'].max()))
    f['k'] = p.index(f['date'].values)
    f['slot'] = slot_of[f['cust'].values]
    good_min = np.array([promoter_min, high_csat_min, low_effort_min])[f['inst'].values]
    bad_max = np.array([detractor_max, low_csat_max, high_effort_max])[f['inst'].values]
    score = f['score'].values
    f['band'] = np.where(score >= good_min, GOOD, np.where(score <= bad_max, BAD, MIDDLE))

    # Scores: tallies per period and slot, slot 0 ("all") their sum.
    cell = f['k'].values * n_slots + f['slot'].values
    size = p.n * n_slots

    def tally(mask, weights=None):
        w = None if weights is None else weights[mask]
        t = np.bincount(cell[mask], weights=w, minlength=size).reshape(p.n, n_slots)
        t[:, 0] = t[:, 1:].sum(axis=1)
        return t

    nps = f['inst'].values == 0
    csat = f['inst'].values == 1
    ces = f['inst'].values == 2
    band = f['band'].values
    promoters = tally(nps & (band == GOOD))
    passives = tally(nps & (band == MIDDLE))
    detractors = tally(nps & (band == BAD))
    n_csat, csat_high = tally(csat), tally(csat & (band == GOOD))
    csat_sum = tally(csat, score)
    n_ces, ces_sum = tally(ces), tally(ces, score)
    n_nps = promoters + passives + detractors

    k_idx, s_idx = np.divmod(np.arange(size), n_slots)
    shown = (s_idx == 0) | ((n_nps + n_csat + n_ces).reshape(-1) > 0)
    k_idx, s_idx = k_idx[shown], s_idx[shown]

    def col(t):
        return t.reshape(-1)[shown]

    n = col(n_nps).astype('float64')
    has = n > 0
    pp = col(promoters) / np.where(has, n, 1)
    pd_ = col(detractors) / np.where(has, n, 1)
    nps_v = 100.0 * (pp - pd_)
    se = 100.0 * np.sqrt((pp * (1 - pp) + pd_ * (1 - pd_) + 2 * pp * pd_) / np.where(has, n, 1))
    nc, ne = col(n_csat), col(n_ces)
    scores = pd.DataFrame({
        'period': [p.labels[k] for k in k_idx],
        'segment': [labels[s] for s in s_idx],
        'responses_nps': col(n_nps),
        'promoters': col(promoters),
        'passives': col(passives),
        'detractors': col(detractors),
        'nps': np.where(has, nps_v, np.nan),
        'nps_se': np.where(has, se, np.nan),
        'nps_low': np.where(has, nps_v - 1.96 * se, np.nan),
        'nps_high': np.where(has, nps_v + 1.96 * se, np.nan),
        'responses_csat': nc,
        'csat_share': np.where(nc > 0, col(csat_high) / np.maximum(nc, 1), np.nan),
        'csat_mean': np.where(nc > 0, col(csat_sum) / np.maximum(nc, 1), np.nan),
        'responses_ces': ne,
        'ces_mean': np.where(ne > 0, col(ces_sum) / np.maximum(ne, 1), np.nan),
    })

    # Say vs do: each customer's first answer on each instrument.
    first = f.sort_values(['cust', 'date'], kind='stable').drop_duplicates(['cust', 'inst'])
    last = last_day(data)
    period_start = p.starts[first['k'].values]
    start_month = month_number(period_start)
    after = month_start(start_month + p.step)
    judged = month_start(start_month + horizon * p.step)
    end = month_start(start_month + (horizon + 1) * p.step)
    judgeable = end - 1 <= last
    first = first[judgeable].assign(after=after[judgeable], judged=judged[judgeable],
                                    end=end[judgeable])

    spells = activity_spells(data, activity, inactivity_days, last)
    first['retained'] = active_on(spells, first['cust'].values, first['judged'].values)

    # Revenue in each respondent's window: one bincount per answer period.
    r = data['revenue']
    r_date = r['date'].values.astype('int64')
    order = np.argsort(r_date, kind='stable')
    r_date = r_date[order]
    r_cust = customer_index(data, r['customer'].values)[order]
    r_amount = r['amount'].values[order].astype('float64')
    first['revenue'] = 0
    for k, g in first.groupby('k'):
        lo, hi = np.searchsorted(r_date, [g['after'].values[0], g['end'].values[0]])
        window = np.bincount(r_cust[lo:hi], weights=r_amount[lo:hi], minlength=n_cust)
        first.loc[g.index, 'revenue'] = window[g['cust'].values].astype('int64')

    agg = first.groupby(['inst', 'band']).agg(respondents=('cust', 'size'),
                                              retained=('retained', 'sum'),
                                              revenue=('revenue', 'sum'))
    agg = agg.reindex(pd.MultiIndex.from_product([range(3), range(3)]), fill_value=0)
    rows = []
    for (i, b), a in agg.iterrows():       # nine rows
        resp, ret, rev = int(a['respondents']), int(a['retained']), int(a['revenue'])
        rows.append({'instrument': INSTRUMENTS[i], 'band': BANDS[i][b],
                     'respondents': resp, 'retained': ret,
                     'retention': ret / resp if resp > 0 else np.nan,
                     'revenue_after': rev,
                     'revenue_per_respondent': (divide_round_half_away(rev, resp)
                                                if resp > 0 else np.nan)})
    say_do = pd.DataFrame(rows)
    if say_do['revenue_per_respondent'].notna().all():
        say_do['revenue_per_respondent'] = say_do['revenue_per_respondent'].astype('int64')
    return {'scores': scores, 'say_do': say_do}
