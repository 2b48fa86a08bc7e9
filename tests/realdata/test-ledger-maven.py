#!/usr/bin/python3
# test-ledger-maven.py: the Maven telecom file as a one-quarter ledger
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: test-ledger-maven.py DATA-DIR
#
# The Maven file describes Q2 2022: each customer Stayed, Joined (in the
# quarter) or Churned (in the quarter). Imported with the maven-telecom
# preset, the quarterly CxvLedger must show, for 2022-Q2, as in = the
# customers who joined in the quarter (Joined, plus Churned customers whose
# tenure of 1 to 3 months says they also joined in it) and as out = Churned,
# and rank the exit reasons by the run-rate lost. The second method is
# pandas on the CSV file itself: counts by status and tenure, and 12 x the
# monthly charge of the churned customers summed by churn reason. Only
# customers holding at least one service are ever active, so both sides
# count those. Exits 77 when the data or PyGObject/pandas is absent.

import os
import sys
from decimal import Decimal


def main():
    path = os.path.join(sys.argv[1], 'maven_telecom', 'telecom_customer_churn.csv')
    if not os.path.exists(path):
        print(f'1..0 # SKIP {path} is absent')
        return 77
    try:
        import pandas as pd
        import gi
        gi.require_version('Cxv', '1.0')
        from gi.repository import Cxv, Gio
    except (ImportError, ValueError) as e:
        print(f'1..0 # SKIP {e}')
        return 77

    # --- libcxvalue ---
    dataset = Cxv.Dataset.new('USD')
    importer = Cxv.CsvImporter.new(dataset, Cxv.ColumnMapping.new_preset('maven-telecom'))
    importer.import_file(Gio.File.new_for_path(path), None)
    dataset.seal()
    ledger = Cxv.Ledger.new(dataset)
    ledger.set_period(Cxv.Period.QUARTER)
    ledger.run(None)
    periods = ledger.get_periods()
    names = [periods.get_column_name(i) for i in range(periods.get_n_columns())]
    col = {n: i for i, n in enumerate(names)}
    q2 = [r for r in range(periods.get_n_rows())
          if periods.get_text(r, col['period']) == '2022-Q2']
    experiences = ledger.get_experiences()
    exp_col = {experiences.get_column_name(i): i for i in range(experiences.get_n_columns())}

    # --- pandas, from the file ---
    d = pd.read_csv(path, encoding='utf-8-sig', dtype=str, keep_default_na=False)
    d.columns = [c.strip() for c in d.columns]
    services = ['Phoneservice', 'MultipleLines', 'Internetservice', 'Onlinesecurity',
                'Onlinebackup', 'Deviceprotectionplan', 'Premiumtechsupport', 'Streamingtv',
                'Streamingmovies', 'Streamingmusic', 'Unlimiteddata']
    d = d[(d[services] == 'Yes').any(axis=1)]
    tenure = d['Tenureinmonths'].astype(int)
    status = d['Customerstatus']
    joined_in_q2 = (status == 'Joined') | ((status == 'Churned') & (tenure <= 3))
    expected = {
        'customers_start': int((tenure >= 4).sum()),
        'new': int(joined_in_q2.sum()),
        'won_back': 0,
        'out': int((status == 'Churned').sum()),
        'customers_end': int((status != 'Churned').sum()),
    }
    churned = d[status == 'Churned']
    # Run-rate: 12 x the June bill, in cents, exactly.
    run_rate = churned['Monthlycharge'].map(lambda m: int(Decimal(m) * 100) * 12)
    by_reason = run_rate.groupby(churned['Churnreason']).agg(['sum', 'count'])

    checks = []
    checks.append(('2022-Q2 is the last period of the ledger',
                   len(q2) == 1 and q2[0] == periods.get_n_rows() - 1))
    row = q2[0] if q2 else 0
    for name, value in expected.items():
        got = periods.get_int(row, col[name])
        checks.append((f'2022-Q2 {name}: {got} == {value}', got == value))
    checks.append(('2022-Q2 reconciles', periods.get_boolean(row, col['reconciled'])))
    value_out = periods.get_money(row, col['value_out'])
    checks.append((f'value out {value_out} == 12 x the churned customers\' June bills '
                   f'{int(run_rate.sum())}', value_out == int(run_rate.sum())))

    got_reasons = {}
    for r in range(experiences.get_n_rows()):
        name = experiences.get_text(r, exp_col['experience'])
        if name.startswith('exit reason: '):
            got_reasons[name[len('exit reason: '):]] = (
                experiences.get_money(r, exp_col['revenue_lost']),
                experiences.get_int(r, exp_col['customers_lost']), r)
    for reason, (total, count) in by_reason.iterrows():
        got = got_reasons.get(reason)
        checks.append((f'lost to “{reason}”: {count} customers, {int(total)} cents a year',
                       got is not None and got[0] == int(total) and got[1] == int(count)))
    order = sorted(got_reasons, key=lambda k: got_reasons[k][2])
    lost = [got_reasons[k][0] for k in order]
    checks.append(('exit reasons are ranked by revenue lost', lost == sorted(lost, reverse=True)))

    print(f'1..{len(checks)}')
    for i, (name, ok) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {name}')
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == '__main__':
    sys.exit(main())
