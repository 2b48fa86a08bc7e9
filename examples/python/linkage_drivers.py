#!/usr/bin/python3
# linkage_drivers.py: what drives churn in the simulated sample, and what it is worth
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: linkage_drivers.py OUTPUT-DIR [CUSTOMERS]
#
# Simulates the built-in internet service provider (seeded, so the run is
# the same every time), links five soft signals of one year, 2023-10-01 to
# 2024-09-30 (unresolved complaints, unresolved contacts, contacts, NPS,
# products held), to churn 90 days after it with CxvLinkage, and prints the
# logistic model, the key drivers and a what-if: no unresolved complaints.
# Draws the key drivers, Shapley shares of R² with their bootstrap
# intervals, to OUTPUT-DIR/linkage-drivers.png.
#
# Then checks the numbers the way a sceptical analyst would, from the frame
# itself (to_pandas) and numpy, and exits 1 on any disagreement:
# - the complete rows are the rows the run used;
# - the Shapley shares and Johnson's relative weights each sum to the R² of
#   the linear probability model, refitted with numpy least squares;
# - the what-if moves exactly the customers with an unresolved complaint,
#   and its change in expected churners and its revenue kept are the sums
#   over them of the drop in the logistic probability (times revenue),
#   recomputed from the model's coefficients;
# - the chart was written.

import math
import os
import sys

import gi

gi.require_version('Cxv', '1.0')
from gi.repository import Cxv  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use('Agg')  # draw to a file; no display needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

SIGNALS = ['complaints_unresolved', 'unresolved', 'contacts', 'nps', 'products']
START, END, HORIZON = '2023-10-01', '2024-10-01', 90


def close(a, b, rel=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def run_linkage(n_customers):
    simulator = Cxv.Simulator.new()
    simulator.set_n_customers(n_customers)
    simulator.set_seed(2024)
    dataset = simulator.run(None)  # 24 months from 2023-01-01

    linkage = Cxv.Linkage.new(dataset)
    linkage.set_start(Cxv.date(START))
    linkage.set_end(Cxv.date(END))
    linkage.set_horizon_days(HORIZON)
    linkage.set_outcome('churn')
    linkage.set_signals(SIGNALS)
    linkage.set_bootstrap_samples(200)
    linkage.set_seed(7)
    linkage.run(None)
    return linkage


def draw(drivers, path):
    drivers = drivers.iloc[::-1]  # largest at the top
    share = drivers['shapley'].to_numpy()
    # A percentile interval need not contain its estimate; matplotlib
    # refuses negative whiskers, so such a side is drawn as none.
    whiskers = np.maximum(0, np.vstack([share - drivers['shapley_lower'].to_numpy(),
                                        drivers['shapley_upper'].to_numpy() - share]))
    figure, axes = plt.subplots(figsize=(7, 3.5))
    axes.barh(drivers['driver'], share, color='#3c78b4',
              xerr=whiskers, ecolor='#333333', capsize=4)
    axes.set_xlabel('share of R² (linear probability model of churn)')
    axes.set_title(f'What goes with churn within {HORIZON} days\n'
                   'Shapley shares with 95 % bootstrap intervals', fontsize=10)
    axes.set_xlim(left=0)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def check(linkage, what_if, png):
    problems = []
    frame = linkage.get_frame().to_pandas()
    complete = frame.dropna(subset=SIGNALS + ['churn'])
    if len(complete) != linkage.get_n_rows() or \
       len(frame) - len(complete) != linkage.get_n_dropped():
        problems.append(f'{len(complete)} complete rows in the frame, the run used '
                        f'{linkage.get_n_rows()} and dropped {linkage.get_n_dropped()}')

    # The linear probability model, by least squares.
    x = np.column_stack([np.ones(len(complete))] + [complete[s].to_numpy(float)
                                                    for s in SIGNALS])
    y = complete['churn'].to_numpy(float)
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = y - x @ beta
    r2 = 1 - residual @ residual / ((y - y.mean()) @ (y - y.mean()))
    drivers = linkage.get_drivers().to_pandas()
    for method in ('shapley', 'relative_weight'):
        total = drivers[method].sum()
        if not close(total, r2):
            problems.append(f'{method} shares sum to {total:.10g}, the least-squares R² is '
                            f'{r2:.10g}')

    # The what-if, recomputed from the coefficients.
    model = linkage.get_model().to_pandas().set_index('term')
    b = model.loc[['(intercept)'] + SIGNALS, 'estimate'].to_numpy()
    eta = x @ b
    j = SIGNALS.index('complaints_unresolved')
    current = complete['complaints_unresolved'].to_numpy(float)
    moved = current > 0 if b[j + 1] > 0 else current < 0
    before = 1 / (1 + np.exp(-eta[moved]))
    after = 1 / (1 + np.exp(-(eta[moved] - b[j + 1] * current[moved])))
    change = (after - before).sum()
    kept = -((after - before) * complete['revenue'].to_numpy(float)[moved]).sum()
    row = what_if.iloc[0]
    if row['customers_moved'] != moved.sum() or not close(row['total_shift'],
                                                          -current[moved].sum()):
        problems.append(f'the what-if moved {row["customers_moved"]} customers by '
                        f'{row["total_shift"]}; the frame has {moved.sum()} with '
                        f'{current[moved].sum():g} unresolved complaints')
    if not close(row['change'], change, 1e-7) or not close(row['revenue_kept'], kept, 1e-7):
        problems.append(f'the what-if says {row["change"]:.6g} churners and '
                        f'{row["revenue_kept"]:.2f} kept; the coefficients give {change:.6g} '
                        f'and {kept:.2f}')
    if not row['change_lower'] <= row['change'] <= row['change_upper']:
        problems.append('the what-if change lies outside its own interval')

    if not os.path.exists(png) or os.path.getsize(png) == 0:
        problems.append(f'{png} was not written')
    else:
        with open(png, 'rb') as f:
            if f.read(8) != b'\x89PNG\r\n\x1a\n':
                problems.append(f'{png} is not a PNG file')
    return problems, r2


def main():
    if len(sys.argv) < 2:
        print(f'usage: {sys.argv[0]} OUTPUT-DIR [CUSTOMERS]', file=sys.stderr)
        return 2
    out_dir = sys.argv[1]
    n_customers = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    os.makedirs(out_dir, exist_ok=True)
    png = os.path.join(out_dir, 'linkage-drivers.png')
    if os.path.exists(png):
        os.unlink(png)  # a stale chart must not pass the check

    linkage = run_linkage(n_customers)
    frame = linkage.get_frame()
    print(f'Churn within {HORIZON} days of {START} to {END}: {linkage.get_n_rows()} customers '
          f'with every signal ({linkage.get_n_dropped()} without an NPS answer left out), '
          f'{frame.get_currency()}')

    model = linkage.get_model().to_pandas()
    print('\nLogistic model (odds ratio per unit of the signal, elasticity at the means)')
    print(model[['term', 'estimate', 'standard_error', 'p_value', 'odds_ratio',
                 'odds_ratio_lower', 'odds_ratio_upper', 'elasticity']]
          .to_string(index=False, float_format=lambda v: f'{v:.4g}'))

    drivers = linkage.get_drivers().to_pandas()
    print('\nKey drivers: share of the R² of the linear probability model '
          f'(R² = {drivers["shapley"].sum():.4f})')
    print(drivers[['rank', 'driver', 'shapley', 'shapley_lower', 'shapley_upper',
                   'relative_weight', 'share_of_r_squared']]
          .to_string(index=False, float_format=lambda v: f'{v:.4f}'))

    what_if = linkage.what_if('complaints_unresolved', 0).to_pandas()
    row = what_if.iloc[0]
    print('\nWhat if no complaint were left unresolved?')
    print(f'  {row["customers_moved"]} customers move ({-row["total_shift"]:g} unresolved '
          f'complaints fewer)')
    print(f'  expected churners: {row["change"]:+.1f} '
          f'[{row["change_lower"]:+.1f}, {row["change_upper"]:+.1f}]')
    print(f'  revenue kept: {row["revenue_kept"]:,.2f} [{row["revenue_kept_lower"]:,.2f}, '
          f'{row["revenue_kept_upper"]:,.2f}] {frame.get_currency()}')
    if row['contact_cost_saved'] == row['contact_cost_saved']:  # not NaN
        print(f'  contact cost saved: {row["contact_cost_saved"]:,.2f} {frame.get_currency()}')
    print(f'  assumptions: {row["assumptions"]}')

    draw(drivers, png)
    print(f'\nchart written to {png}')

    problems, r2 = check(linkage, what_if, png)
    for problem in problems:
        print(f'inconsistent: {problem}', file=sys.stderr)
    if not problems:
        print(f'checked: shares sum to the least-squares R² {r2:.6f}; the what-if matches '
              'the coefficients; the chart exists')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
