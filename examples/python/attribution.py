#!/usr/bin/python3
# attribution.py: revenue credited to CX management, customer success and sales
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: attribution.py [WORKSHEET.json] [CUSTOMERS]
#
# Simulates the built-in internet service provider, credits every revenue
# event once to CX management (CXM), customer success and support (CSM) or
# sales with CxvAttribution (evidence mode), and prints the parts by quarter,
# the CXM revenue of each initiative and the in-sync comparison. Then reads
# a worksheet of estimates (examples/data/attribution-worksheet.json by
# default) and prints its parts and the stated subtotals that disagree with
# their items. Exits 1 if the parts do not add up to the total.

import os
import sys

import gi

gi.require_version('Cxv', '1.0')
from gi.repository import Cxv  # noqa: E402

DEFAULT_WORKSHEET = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data',
                                 'attribution-worksheet.json')


def evidence(n_customers):
    simulator = Cxv.Simulator.new()
    simulator.set_n_customers(n_customers)
    dataset = simulator.run(None)

    attribution = Cxv.Attribution.new(dataset)
    attribution.set_period(Cxv.Period.QUARTER)
    attribution.set_bootstrap_samples(200)
    attribution.run(None)

    summary = attribution.get_summary()
    frame = summary.to_pandas()
    print(f'Revenue credited to CXM, CSM and sales by quarter ({summary.get_currency()})')
    print(frame[['period', 'total', 'cxm', 'csm', 'sales', 'cxm_share', 'csm_share',
                 'sales_share', 'earned_growth']].to_string(index=False))

    initiatives = attribution.get_initiatives().to_pandas()
    print('\nCXM revenue by initiative')
    print(initiatives.to_string(index=False))

    comparison = attribution.get_comparison().to_pandas()
    print('\nCustomers touched by in-sync against only out-of-sync initiatives')
    print(comparison.to_string(index=False))

    # Exact check in minor units: every period's parts add up to its total.
    minor = summary.to_pandas(money='minor')
    bad = minor[minor['cxm'] + minor['csm'] + minor['sales'] != minor['total']]
    if len(bad):
        print('the parts do not add up to the total in ' + ', '.join(bad['period']),
              file=sys.stderr)
        return False
    return True


def worksheet(path):
    ws = Cxv.AttributionWorksheet.new_from_file(path)
    currency = ws.get_currency()
    decimals = ws.get_decimals()

    def amount(value):
        return f'{Cxv.money_format(value, decimals)} {currency}'

    parts = [(part, ws.get_computed(part)) for part in (Cxv.AttributionWorksheetPart.CXM,
                                                       Cxv.AttributionWorksheetPart.CSM,
                                                       Cxv.AttributionWorksheetPart.SALES)]
    total = ws.get_total_revenue()
    print(f'\nWorksheet {os.path.basename(path)}: all revenue {amount(total)}')
    for part, value in parts:
        print(f'  {part.value_nick:5s} {amount(value):>20s}  {value / total:6.1%}')
    for i in range(ws.get_n_mismatches()):
        part, stated, computed = ws.get_mismatch(i)
        print(f'  stated {part.value_nick} subtotal {amount(stated)} disagrees with '
              f'its items: {amount(computed)}')

    if sum(value for _, value in parts) != total:
        print('the worksheet parts do not add up to the total', file=sys.stderr)
        return False
    return True


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_WORKSHEET
    n_customers = int(sys.argv[2]) if len(sys.argv) > 2 else 3000

    ok = evidence(n_customers)
    ok = worksheet(path) and ok
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
