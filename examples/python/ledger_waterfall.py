#!/usr/bin/python3
# ledger_waterfall.py: the customer ledger of the simulated sample as a waterfall
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: ledger_waterfall.py OUTPUT.png [CUSTOMERS]
#
# Simulates the built-in internet service provider, runs the quarterly
# customer ledger, and draws each quarter as a waterfall: customers at the
# start, plus new and won-back customers, minus those lost, landing on the
# customers at the end. It prints the ledger and checks that every quarter
# reconciles (start + in - out = end), as a leader reading the chart would
# expect.

import sys

import gi

gi.require_version('Cxv', '1.0')
from gi.repository import Cxv  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use('Agg')  # draw to a file; no display needed
import matplotlib.pyplot as plt  # noqa: E402


def run_ledger(n_customers):
    simulator = Cxv.Simulator.new()
    simulator.set_n_customers(n_customers)
    simulator.set_n_months(24)
    dataset = simulator.run(None)

    ledger = Cxv.Ledger.new(dataset)
    ledger.props.period = Cxv.Period.QUARTER
    ledger.run(None)
    return ledger.get_periods().to_pandas()


def draw(periods, path):
    figure, axes = plt.subplots(figsize=(max(8, 1.6 * len(periods)), 5))
    width = 0.18
    for i, row in enumerate(periods.itertuples()):
        x = i
        start = row.customers_start
        gained = row.new + row.won_back
        # Start bar, then the gain stacked on it, then the loss hanging
        # down from the top, then the end bar: the waterfall.
        axes.bar(x - 1.5 * width, start, width, color='#9a9996')
        axes.bar(x - 0.5 * width, row.new, width, bottom=start, color='#2ec27e')
        axes.bar(x - 0.5 * width, row.won_back, width, bottom=start + row.new, color='#26a269')
        axes.bar(x + 0.5 * width, row.out, width, bottom=start + gained - row.out,
                 color='#e01b24')
        axes.bar(x + 1.5 * width, row.customers_end, width, color='#3584e4')
    axes.set_xticks(range(len(periods)))
    axes.set_xticklabels(periods['period'], rotation=45, ha='right')
    axes.set_ylabel('customers')
    axes.set_title('Customers in and out, by quarter')
    axes.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=c) for c in
                         ('#9a9996', '#2ec27e', '#26a269', '#e01b24', '#3584e4')],
                labels=['start', 'new', 'won back', 'lost', 'end'], loc='upper left')
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def main():
    if len(sys.argv) < 2:
        print('usage: ledger_waterfall.py OUTPUT.png [CUSTOMERS]', file=sys.stderr)
        return 2
    n_customers = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

    periods = run_ledger(n_customers)
    for row in periods.itertuples():
        balance = row.customers_start + row.new + row.won_back - row.out
        print(f'{row.period}: {row.customers_start} + {row.new} new + {row.won_back} won back'
              f' - {row.out} lost = {row.customers_end}'
              f'{"" if balance == row.customers_end else "  (does not reconcile)"}')
        if balance != row.customers_end:
            return 1
    draw(periods, sys.argv[1])
    print(f'waterfall written to {sys.argv[1]}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
