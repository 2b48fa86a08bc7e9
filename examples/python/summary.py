#!/usr/bin/python3
# summary.py: import the sample internet service provider and summarise it
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: summary.py [DATA-DIR]
#
# The Python twin of examples/c/summary.c, printing the same summary. The
# revenue is read column-wise as numpy arrays (Cxv.Dataset.column_array,
# from the PyGObject override), so it needs numpy.

import os
import sys

import gi

gi.require_version('Cxv', '1.0')
from gi.repository import Cxv, Gio, GLib  # noqa: E402

FILES = ['customers', 'products', 'holdings', 'revenue',
         'interactions', 'feedback', 'referrals', 'initiatives']

RECORD_LABELS = ['customers', 'products', 'holdings', 'revenue events', 'interactions',
                 'feedback', 'usage', 'referrals', 'initiatives']

REVENUE_LABELS = ['new', 'recurring', 'expansion', 'contraction', 'one-off', 'refund']


def load(data_dir):
    dataset = Cxv.Dataset.new('USD')
    for name in FILES:
        mapping = Cxv.ColumnMapping.new_from_file(os.path.join(data_dir, f'isp-{name}.json'))
        importer = Cxv.CsvImporter.new(dataset, mapping)
        importer.import_file(Gio.File.new_for_path(os.path.join(data_dir, f'{name}.csv')), None)
    dataset.seal()
    return dataset


def summarise(dataset, data_dir):
    currency = dataset.get_currency()
    decimals = dataset.get_decimals()

    print(f'Sample data: {data_dir} ({currency})\n\nRecords')
    for kind, label in enumerate(RECORD_LABELS):
        print(f'  {label:<16} {dataset.get_n_records(kind):6}')

    kinds = dataset.column_array('revenue', 'kind')
    amounts = dataset.column_array('revenue', 'amount')
    dates = dataset.column_array('revenue', 'date')
    if len(dates):
        first = Cxv.date_to_iso8601(int(dates.min()))
        last = Cxv.date_to_iso8601(int(dates.max()))
        print(f'\n{"Revenue dates":<18} {first} to {last}')
    # revenue_total_decimal() is exact: no binary float ever holds money.
    print(f'{"Total revenue":<18} {dataset.revenue_total_decimal()} {currency}\n')

    print(f'{"Revenue by kind":<18} {"events":>6} {"amount":>11}')
    for kind, label in enumerate(REVENUE_LABELS):
        selected = kinds == kind
        amount = Cxv.money_format(int(amounts[selected].sum()), decimals)
        print(f'  {label:<16} {int(selected.sum()):6} {amount:>11}')


def main(argv):
    if len(argv) > 2:
        print(f'Usage: {argv[0]} [DATA-DIR]', file=sys.stderr)
        return 1
    default_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data')
    data_dir = argv[1] if len(argv) > 1 else os.path.normpath(default_dir)
    try:
        dataset = load(data_dir)
    except GLib.Error as error:
        print(f'summary.py: {error.message}', file=sys.stderr)
        return 1
    summarise(dataset, data_dir)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
