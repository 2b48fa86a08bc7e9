#!/usr/bin/python3
# clv_cdnow.py: BG/NBD and Gamma-Gamma on the CDNOW sample, with plots
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: clv_cdnow.py CDNOW_SAMPLE.txt OUTPUT-DIR
#
# Imports the CDNOW sample (Fader & Hardie's 2,357 customers who first
# bought in the first quarter of 1997) with the `cdnow` preset, summarises
# it in weeks with a calibration period to 1997-09-30 and a holdout period
# to 1998-06-30, fits the BG/NBD purchase model and the Gamma-Gamma spend
# model, and prints their parameters, which should be the published ones.
# Then it draws into OUTPUT-DIR:
#
#   clv-p-alive.png   P(alive) against recency for a few frequencies, for a
#                     customer first seen 39 weeks before the calibration end
#   clv-holdout.png   mean predicted against actual purchases in the holdout
#                     39 weeks, per calibration frequency 0 … 6 and 7+
#
# and prints the holdout comparison and the value of the customer base
# over the next year. examples/check-clv.py checks what it prints.

import os
import sys

import gi

gi.require_version('Cxv', '1.0')
from gi.repository import Cxv, Gio, GLib  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use('Agg')  # draw to files; no display needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy  # noqa: E402

CALIBRATION_END = '1997-09-30'
HOLDOUT_END = '1998-06-30'
# 1997-10-01 to 1998-06-30 inclusive: 273 days, 39 weeks.
HOLDOUT_WEEKS = (Cxv.date(HOLDOUT_END) - Cxv.date(CALIBRATION_END)) / 7
BUCKETS = ['0', '1', '2', '3', '4', '5', '6', '7+']


def load(path):
    dataset = Cxv.Dataset.new('USD')
    importer = Cxv.CsvImporter.new(dataset, Cxv.ColumnMapping.new_preset('cdnow'))
    importer.import_file(Gio.File.new_for_path(path), None)
    dataset.seal()

    summary = Cxv.ClvSummary.new(dataset)
    summary.set_calibration_end(Cxv.date(CALIBRATION_END))
    summary.set_holdout_end(Cxv.date(HOLDOUT_END))
    summary.set_time_unit(Cxv.TimeUnit.WEEK)
    summary.run(None)
    return summary


def fit(summary):
    purchases = Cxv.ClvBgnbd.new()
    purchases.fit(summary, None)
    spend = Cxv.ClvGammaGamma.new()
    spend.fit(summary, None)
    return purchases, spend


def describe(name, model):
    params = '  '.join(f'{model.get_param_name(i)} {model.get_param(model.get_param_name(i)):.4f}'
                       for i in range(model.get_n_params()))
    return (f'{name:<12} {params}  log-likelihood {model.get_log_likelihood():.2f}'
            f'  ({model.get_n_customers()} customers)')


def holdout_comparison(purchases, summary):
    predictions = purchases.predict(summary, HOLDOUT_WEEKS).to_pandas()
    bucket = numpy.minimum(predictions['frequency'], len(BUCKETS) - 1)
    grouped = predictions.groupby(bucket).agg(
        customers=('frequency', 'size'),
        predicted=('expected_purchases', 'mean'),
        actual=('holdout_frequency', 'mean'))
    grouped.index = [BUCKETS[i] for i in grouped.index]
    return grouped


def plot_p_alive(purchases, path):
    age = 39.0
    recency = numpy.linspace(0, age, 79)
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for frequency in (1, 2, 5, 10):
        axes.plot(recency, [purchases.p_alive(frequency, t, age) for t in recency],
                  label=f'{frequency} repeat purchase{"s" if frequency > 1 else ""}')
    axes.set_xlabel('recency: week of the last purchase after the first')
    axes.set_ylabel('P(alive) at the calibration end')
    axes.set_title(f'BG/NBD on CDNOW, customers first seen {age:.0f} weeks '
                   f'before {CALIBRATION_END}')
    axes.set_ylim(0, 1.02)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def plot_holdout(comparison, path):
    x = numpy.arange(len(comparison))
    figure, axes = plt.subplots(figsize=(7, 4.5))
    axes.plot(x, comparison['actual'], 'o-', color='#1c71d8', label='actual')
    axes.plot(x, comparison['predicted'], 's--', color='#e66100', label='BG/NBD')
    axes.set_xticks(x, comparison.index)
    axes.set_xlabel('repeat purchases in calibration (to 1997-09-30)')
    axes.set_ylabel('mean purchases per customer')
    axes.set_title(f'Holdout, 1997-10-01 to {HOLDOUT_END} ({HOLDOUT_WEEKS:.0f} weeks)')
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def main(argv):
    if len(argv) != 3:
        print(f'Usage: {argv[0]} CDNOW_SAMPLE.txt OUTPUT-DIR', file=sys.stderr)
        return 2
    try:
        summary = load(argv[1])
        purchases, spend = fit(summary)
    except GLib.Error as error:
        print(f'clv_cdnow.py: {error.message}', file=sys.stderr)
        return 1
    os.makedirs(argv[2], exist_ok=True)

    print(f'CDNOW sample: {summary.get_n_customers()} customers, '
          f'{summary.get_n_repeat_buyers()} repeat buyers by {CALIBRATION_END}; time in weeks')
    print(describe('BG/NBD', purchases))
    print(describe('Gamma-Gamma', spend))

    comparison = holdout_comparison(purchases, summary)
    print(f'\nHoldout {HOLDOUT_WEEKS:.0f} weeks to {HOLDOUT_END}: mean purchases per customer')
    print(f'  {"frequency":<10} {"customers":>9} {"predicted":>9} {"actual":>9}')
    for row in comparison.itertuples():
        print(f'  {row.Index:<10} {row.customers:9d} {row.predicted:9.4f} {row.actual:9.4f}')

    # A year ahead, 30 % margin, 10 % a year: discounted weekly.
    values = spend.lifetime_value(purchases, summary, 52, 0.10, 0.30).to_pandas()
    print(f'\nValue of the next 52 weeks at a 30 % margin, discounted 10 % a year: '
          f'{values["lifetime_value"].sum():,.2f} USD in all, '
          f'{values["lifetime_value"].mean():.2f} USD per customer')

    for name, draw, data in (('clv-p-alive.png', plot_p_alive, purchases),
                             ('clv-holdout.png', plot_holdout, comparison)):
        path = os.path.join(argv[2], name)
        draw(data, path)
        print(f'wrote {path}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
