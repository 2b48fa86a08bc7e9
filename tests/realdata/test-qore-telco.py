#!/usr/bin/python3
# test-qore-telco.py: QoRE tiers of the IBM Telco customers, against pandas
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: test-qore-telco.py DATA-DIR [OVERRIDES-DIR]
#
# OVERRIDES-DIR is the source tree's bindings/python, whose Cxv.py (for
# Table.to_pandas) is put before any installed one.
#
# The IBM Telco file gives each customer's services; telco_status.csv gives
# its satisfaction score (1-5, taken as a CSAT answer) and whether it
# churned. The products are declared first, with the services that need
# internet eligible only for customers with internet (segments DSL and
# Fiber optic); the ibm-telco preset then adds customers, holdings and
# revenue, and a mapping built here adds the scores. QoRE evaluates on
# 2022-06-29, the day before the churned customers' holdings end, and
# counts as churned whoever leaves within a day.
#
# The data holds no contacts and no usage, so under the default rules
# Evaluate rests on satisfaction (a CSAT of 4 or 5, no unresolved
# complaint) and Engage cannot be reached (effective use has no evidence,
# which blocks it): the tiers are 0 and 1. pandas recomputes from the CSV
# files, independently: who is active (a service held and a tenure of at
# least one month), the tier of each (score >= 4), churn, products per
# customer and single-product customers per tier, and the product mix
# (holders, single-product holders, eligible customers, coverage).
# Exits 77 when the data or PyGObject/pandas is absent.

import os
import sys

INTERNET_ONLY = ['online-security', 'online-backup', 'device-protection', 'tech-support',
                 'streaming-tv', 'streaming-movies']
ALL_SEGMENTS = ['phone', 'multiple-lines', 'internet']
SERVICES = {  # product code -> (column, values meaning "held")
    'phone': ('PhoneService', ['Yes']),
    'multiple-lines': ('MultipleLines', ['Yes']),
    'internet': ('InternetService', ['DSL', 'Fiber optic']),
    'online-security': ('OnlineSecurity', ['Yes']),
    'online-backup': ('OnlineBackup', ['Yes']),
    'device-protection': ('DeviceProtection', ['Yes']),
    'tech-support': ('TechSupport', ['Yes']),
    'streaming-tv': ('StreamingTV', ['Yes']),
    'streaming-movies': ('StreamingMovies', ['Yes']),
}
SCORES = ('{"records": [{"kind": "feedback", "fields": {"customer": "Customer ID",'
          ' "date": {"value": "2022-06-29"}, "instrument": {"value": "csat"},'
          ' "score": "Satisfaction Score"}}]}')


def main():
    telco = os.path.join(sys.argv[1], 'ibm_telco', 'WA_Fn-UseC_-Telco-Customer-Churn.csv')
    status = os.path.join(sys.argv[1], 'ibm_telco', 'telco_status.csv')
    if not (os.path.exists(telco) and os.path.exists(status)):
        print('1..0 # SKIP the IBM Telco files are absent')
        return 77
    try:
        import pandas as pd
        import gi
        import gi.overrides
        if len(sys.argv) > 2:
            gi.overrides.__path__.insert(0, sys.argv[2])
        gi.require_version('Cxv', '1.0')
        from gi.repository import Cxv, Gio
    except (ImportError, ValueError) as e:
        print(f'1..0 # SKIP {e}')
        return 77

    # --- libcxvalue ---
    dataset = Cxv.Dataset.new('USD')
    for code in ALL_SEGMENTS:
        dataset.add_product(code, None, True, None)
    for code in INTERNET_ONLY:
        dataset.add_product(code, None, True, ['DSL', 'Fiber optic'])
    for path, mapping in ((telco, Cxv.ColumnMapping.new_preset('ibm-telco')),
                          (status, Cxv.ColumnMapping.new_from_data(SCORES.encode()))):
        Cxv.CsvImporter.new(dataset, mapping).import_file(Gio.File.new_for_path(path), None)
    dataset.seal()
    qore = Cxv.Qore.new(dataset)
    qore.set_evaluation_date(Cxv.date_from_ymd(2022, 6, 29))
    qore.set_churn_days(1)
    qore.run(None)
    tiers = qore.get_tiers().to_pandas(money='minor').set_index('tier')
    products = qore.get_products().to_pandas().set_index('product')

    # --- pandas, from the files ---
    d = pd.read_csv(telco, dtype=str, keep_default_na=False)
    s = pd.read_csv(status, dtype=str, keep_default_na=False)
    d = d.merge(s[['Customer ID', 'Satisfaction Score']], left_on='customerID',
                right_on='Customer ID', validate='one_to_one')
    held = pd.DataFrame({code: d[col].isin(values) for code, (col, values) in SERVICES.items()})
    n_products = held.sum(axis=1)
    active = (n_products > 0) & (d['tenure'].astype(int) >= 1)
    tier = (d['Satisfaction Score'].astype(int) >= 4).astype(int)
    churned = d['Churn'] == 'Yes'
    segment = d['InternetService']

    checks = []

    def check(name, ok):
        checks.append((name, bool(ok)))

    check(f'{int(active.sum())} customers evaluated',
          int(tiers['customers'].sum()) == int(active.sum()))
    for t in (0, 1, 2, 3):
        members = active & (tier == t) if t < 2 else active & False
        n = int(members.sum())
        got = int(tiers.loc[t, 'customers'])
        check(f'tier {t}: {got} customers == {n}', got == n)
        if n == 0:
            continue
        churn = churned[members].mean()
        check(f'tier {t}: churn rate {tiers.loc[t, "churn_rate"]:.6f} == {churn:.6f}',
              abs(tiers.loc[t, 'churn_rate'] - churn) < 1e-12)
        ppc = n_products[members].mean()
        check(f'tier {t}: products per customer {tiers.loc[t, "products_per_customer"]:.6f}'
              f' == {ppc:.6f}', abs(tiers.loc[t, 'products_per_customer'] - ppc) < 1e-12)
        single = int((n_products[members] == 1).sum())
        check(f'tier {t}: {single} single-product customers',
              int(tiers.loc[t, 'single_product']) == single)

    for code in SERVICES:
        holders = active & held[code]
        eligible = active & (segment.isin(['DSL', 'Fiber optic']) if code in INTERNET_ONLY
                             else True)
        row = products.loc[code]
        check(f'{code}: {int(row["holders"])} holders', int(row['holders']) == int(holders.sum()))
        check(f'{code}: {int(row["single_product_holders"])} single-product holders',
              int(row['single_product_holders']) == int((holders & (n_products == 1)).sum()))
        check(f'{code}: {int(row["eligible"])} eligible', int(row['eligible']) == int(eligible.sum()))
        coverage = (holders & eligible).sum() / eligible.sum()
        check(f'{code}: coverage {row["coverage"]:.6f} == {coverage:.6f}',
              abs(row['coverage'] - coverage) < 1e-12)

    print(f'1..{len(checks)}')
    for i, (name, ok) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {name}')
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == '__main__':
    sys.exit(main())
