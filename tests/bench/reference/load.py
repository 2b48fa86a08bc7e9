# load.py: the CSV files of `cxvalue simulate --csv-dir` as DataFrames.
#
# Dates become int32 days since 1970-01-01 and money int64 cents, as in
# libcxvalue, so both sides compare exactly. Text ids stay strings.

import os

import numpy as np
import pandas as pd

EPOCH = np.datetime64('1970-01-01', 'D')


def days(series):
    """ISO dates to int32 days since 1970-01-01; missing dates to NaN (float)."""
    parsed = pd.to_datetime(series, format='%Y-%m-%d')
    out = (parsed.values.astype('datetime64[D]') - EPOCH).astype('float64')
    out[parsed.isna().values] = np.nan
    if not np.isnan(out).any():
        return out.astype('int32')
    return out


def cents(series):
    """Decimal amounts with at most 2 decimals to int64 cents, exactly."""
    return np.rint(series.astype('float64').values * 100).astype('int64')


def boolean(series):
    """true/false columns as bool; read_csv may have parsed them already."""
    if series.dtype == bool:
        return series
    mapped = series.astype(str).str.lower().map({'true': True, 'false': False})
    if mapped.isna().any():
        raise ValueError('%s: a value is neither true nor false' % series.name)
    return mapped.astype(bool)


def load(csv_dir):
    """Every record kind, typed: {'customers': DataFrame, …}."""
    def read(name, **kwargs):
        return pd.read_csv(os.path.join(csv_dir, name + '.csv'), keep_default_na=False,
                           na_values=[''], **kwargs)

    data = {}
    c = read('customers', dtype={'id': str, 'segment': str, 'source': str, 'referred_by': str})
    c['acquired'] = days(c['acquired'])
    data['customers'] = c

    p = read('products', dtype={'code': str, 'category': str, 'eligible_segments': str})
    p['recurring'] = boolean(p['recurring'])
    data['products'] = p

    h = read('holdings', dtype={'customer': str, 'product': str})
    h['start'] = days(h['start'])
    h['end'] = days(h['end'])
    data['holdings'] = h

    r = read('revenue', dtype={'customer': str, 'product': str, 'kind': str, 'initiative': str})
    r['date'] = days(r['date'])
    r['amount'] = cents(r['amount'])
    r['cost'] = cents(r['cost'])
    data['revenue'] = r

    i = read('interactions', dtype={'customer': str, 'channel': str, 'channel_class': str,
                                    'kind': str, 'reason': str})
    i['date'] = days(i['date'])
    i['resolved'] = boolean(i['resolved'])
    i['cost'] = cents(i['cost'])
    data['interactions'] = i

    f = read('feedback', dtype={'customer': str, 'instrument': str, 'comment': str,
                                'topics': str})
    f['date'] = days(f['date'])
    data['feedback'] = f

    u = read('usage', dtype={'customer': str, 'product': str})
    u['date'] = days(u['date'])
    data['usage'] = u

    ref = read('referrals', dtype={'referrer': str, 'referred': str})
    ref['date'] = days(ref['date'])
    data['referrals'] = ref

    ini = read('initiatives', dtype={'id': str, 'name': str})
    ini['in_sync'] = boolean(ini['in_sync'])
    ini['start'] = days(ini['start'])
    ini['end'] = days(ini['end'])
    data['initiatives'] = ini
    return data
