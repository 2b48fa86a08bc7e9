#!/usr/bin/python3
# test-python.py: libcxvalue through PyGObject and the Cxv override
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs against the uninstalled typelib (GI_TYPELIB_PATH, LD_LIBRARY_PATH)
# and the override in the source tree (bindings/python/Cxv.py, or the
# directory in CXV_PYTHON_OVERRIDES), which is put first on
# gi.overrides.__path__ before Cxv is imported. Needs numpy and pandas.

import datetime
import decimal
import math
import os
import sys
import unittest

import gi
import gi.overrides

SRCROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
OVERRIDES_DIR = os.environ.get('CXV_PYTHON_OVERRIDES',
                               os.path.join(SRCROOT, 'bindings', 'python'))
DATA_DIR = os.path.join(SRCROOT, 'examples', 'data')
gi.overrides.__path__.insert(0, OVERRIDES_DIR)

gi.require_version('Cxv', '1.0')
from gi.repository import Cxv, Gio, GLib  # noqa: E402

# The override imports numpy and pandas only when a method needs them.
OVERRIDE_LOADED_NUMPY = 'numpy' in sys.modules or 'pandas' in sys.modules

try:
    import numpy
    import pandas
except ImportError as missing:
    print(f'skipped: {missing}', file=sys.stderr)
    sys.exit(77)

# A tiny order file. Hand calculation, in cents:
#   A: 10.50 (first) + 10.50 (repeat)      =  2100
#   B: 99.99 (first) -  5.00 (refund)      =  9499
#   C:  0.01 (first)                       =     1
#   total                                  = 11600
#   new 1050 + 9999 + 1 = 11050 (3 events), recurring 1050 (1), refund -500 (1)
ORDERS = b'''customer,date,amount,type
A,2024-01-05,10.50,first
A,2024-02-05,10.50,repeat
B,2024-01-20,99.99,first
B,2024-03-01,-5.00,refund
C,2024-02-29,0.01,first
'''
ORDERS_TOTAL = 11600

KIND_JSON = '{"column": "type", "map": {"first": "new", "repeat": "recurring", "refund": "refund"}}'

# The same mapping as orders_mapping_in_code() builds, written by hand.
ORDERS_MAPPING_JSON = '''{
  "currency": "USD",
  "records": [
    { "kind": "revenue", "create_ids": true,
      "fields": { "customer": "customer", "date": "date", "amount": "amount",
                  "kind": %s } }
  ]
}''' % KIND_JSON


def orders_mapping_in_code():
    mapping = Cxv.ColumnMapping.new()
    mapping.set_currency('USD')
    record = mapping.add_record(Cxv.RecordKind.REVENUE)
    mapping.set_create_ids(record, True)
    for field in ('customer', 'date', 'amount'):
        mapping.set_column(record, field, field)
    mapping.set_field_json(record, 'kind', KIND_JSON)
    return mapping


def import_bytes(dataset, mapping, data, name='orders.csv'):
    importer = Cxv.CsvImporter.new(dataset, mapping)
    stream = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(data))
    return importer.import_stream(stream, name, len(data), None)


class OverrideLoaded(unittest.TestCase):
    def test_from_source_tree(self):
        override = sys.modules['gi.overrides.Cxv']
        self.assertEqual(os.path.dirname(os.path.abspath(override.__file__)),
                         os.path.abspath(OVERRIDES_DIR))
        self.assertTrue(hasattr(Cxv.Table, 'to_pandas'))
        self.assertFalse(OVERRIDE_LOADED_NUMPY)


class Import(unittest.TestCase):
    def check_orders(self, dataset):
        self.assertEqual(dataset.get_n_records(Cxv.RecordKind.CUSTOMER), 3)
        self.assertEqual(dataset.get_n_records(Cxv.RecordKind.REVENUE), 5)
        self.assertEqual(dataset.get_revenue_total(), ORDERS_TOTAL)
        self.assertEqual(str(dataset.revenue_total_decimal()), '116.00')

        kinds = dataset.column_array('revenue', 'kind')
        amounts = dataset.column_array(Cxv.RecordKind.REVENUE, 'amount')
        by_kind = {int(k): int(amounts[kinds == k].sum()) for k in set(kinds.tolist())}
        self.assertEqual(by_kind, {Cxv.RevenueKind.NEW: 11050,
                                   Cxv.RevenueKind.RECURRING: 1050,
                                   Cxv.RevenueKind.REFUND: -500})

    def test_mapping_in_code(self):
        dataset = Cxv.Dataset.new('USD')
        self.assertTrue(import_bytes(dataset, orders_mapping_in_code(), ORDERS))
        dataset.seal()
        self.check_orders(dataset)

    def test_mapping_from_json(self):
        dataset = Cxv.Dataset.new('USD')
        mapping = Cxv.ColumnMapping.new_from_data(ORDERS_MAPPING_JSON.encode())
        self.assertTrue(import_bytes(dataset, mapping, ORDERS))
        dataset.seal()
        self.check_orders(dataset)

    def test_mapping_round_trip(self):
        text = orders_mapping_in_code().to_json()
        dataset = Cxv.Dataset.new('USD')
        mapping = Cxv.ColumnMapping.new_from_data(text.encode())
        self.assertTrue(import_bytes(dataset, mapping, ORDERS))
        dataset.seal()
        self.check_orders(dataset)

    def test_example_files(self):
        # examples/data through its JSON files; the totals are worked out by
        # hand in examples/check-summary.py: 12 customers, 58 bill lines,
        # 3277.51 USD.
        dataset = Cxv.Dataset.new('USD')
        for name in ('customers', 'products', 'revenue', 'initiatives'):
            mapping = Cxv.ColumnMapping.new_from_file(os.path.join(DATA_DIR, f'isp-{name}.json'))
            importer = Cxv.CsvImporter.new(dataset, mapping)
            importer.import_file(Gio.File.new_for_path(os.path.join(DATA_DIR, f'{name}.csv')),
                                 None)
        dataset.seal()
        self.assertEqual(dataset.get_n_records(Cxv.RecordKind.CUSTOMER), 12)
        self.assertEqual(dataset.get_n_records(Cxv.RecordKind.REVENUE), 58)
        self.assertEqual(dataset.revenue_total_decimal(), decimal.Decimal('3277.51'))

    def test_bad_row_leaves_dataset_unchanged(self):
        dataset = Cxv.Dataset.new('USD')
        mapping = orders_mapping_in_code()
        import_bytes(dataset, mapping, ORDERS)
        # Line 2 is good and names a new customer D; line 3 has three
        # decimals in a two-decimal currency.
        bad = b'customer,date,amount,type\nD,2024-01-05,1.00,first\nA,2024-02-05,12.345,repeat\n'
        with self.assertRaises(GLib.Error) as caught:
            import_bytes(dataset, mapping, bad, 'bad.csv')
        error = caught.exception
        self.assertEqual(error.domain, GLib.quark_to_string(Cxv.import_error_quark()))
        self.assertTrue(error.matches(Cxv.import_error_quark(), Cxv.ImportError.PRECISION))
        self.assertIn('bad.csv:3', error.message)
        self.assertIn('12.345', error.message)
        # All or nothing: neither D nor its order arrived.
        self.assertEqual(dataset.get_n_records(Cxv.RecordKind.CUSTOMER), 3)
        self.assertEqual(dataset.get_n_records(Cxv.RecordKind.REVENUE), 5)
        self.assertEqual(dataset.get_revenue_total(), ORDERS_TOTAL)
        self.assertFalse(dataset.lookup_customer('D')[0])
        dataset.seal()
        self.check_orders(dataset)


class DatasetArrays(unittest.TestCase):
    def test_column_array(self):
        dataset = Cxv.Dataset.new('USD')
        import_bytes(dataset, orders_mapping_in_code(), ORDERS)
        with self.assertRaises(GLib.Error) as caught:
            dataset.column_array('revenue', 'amount')
        self.assertTrue(caught.exception.matches(Cxv.dataset_error_quark(),
                                                 Cxv.DatasetError.NOT_SEALED))
        dataset.seal()

        # Sealed order: by customer (A, B, C as first seen), then by date.
        amounts = dataset.column_array('revenue', 'amount')
        self.assertEqual(amounts.dtype, numpy.int64)
        self.assertEqual(amounts.tolist(), [1050, 1050, 9999, -500, 1])
        dates = dataset.column_array('revenue', 'date')
        self.assertEqual(dates.dtype, numpy.int32)
        self.assertEqual(dates.astype('datetime64[D]').astype(str).tolist(),
                         ['2024-01-05', '2024-02-05', '2024-01-20', '2024-03-01', '2024-02-29'])
        customers = dataset.column_array('revenue', 'customer')
        self.assertEqual(customers.dtype, numpy.uint32)
        self.assertEqual(customers.tolist(), [0, 0, 1, 1, 2])
        self.assertEqual(dataset.column_array('revenue', 'kind').dtype, numpy.uint8)
        self.assertEqual(dataset.column_array('revenue', 'initiative').dtype, numpy.uint16)
        with self.assertRaises(GLib.Error):
            dataset.column_array('revenue', 'no-such-column')


class Dates(unittest.TestCase):
    def test_date_forms(self):
        # 2024-02-29 is day 19782: 54 years of 365 days, 13 leap days
        # (1972 … 2020), and 59 days of 2024 before it.
        self.assertEqual(54 * 365 + 13 + 59, 19782)
        for value in (datetime.date(2024, 2, 29), datetime.datetime(2024, 2, 29, 23, 59),
                      '2024-02-29', numpy.datetime64('2024-02-29T10:00'), 19782):
            self.assertEqual(Cxv.date(value), 19782, value)
        self.assertEqual(Cxv.date('1970-01-01'), 0)
        self.assertEqual(Cxv.date(None), Cxv.DATE_NONE)
        self.assertEqual(Cxv.date(numpy.datetime64('NaT')), Cxv.DATE_NONE)
        self.assertEqual(Cxv.date_from_ymd(2024, 2, 29), 19782)
        with self.assertRaises(GLib.Error):
            Cxv.date('2023-02-29')
        with self.assertRaises(TypeError):
            Cxv.date(1.5)

    def test_add_methods_take_dates(self):
        dataset = Cxv.Dataset.new('EUR')
        dataset.add_customer('A', 'consumer', datetime.date(2024, 1, 5),
                             Cxv.AcquisitionSource.ORGANIC, None)
        dataset.add_customer('B', None, None, Cxv.AcquisitionSource.REFERRAL, 'A')
        dataset.add_product('P', 'internet', True, None)
        dataset.add_holding('A', 'P', '2024-01-05', None)
        dataset.add_revenue('A', 'P', date=datetime.datetime(2024, 1, 5, 8, 30),
                            kind=Cxv.RevenueKind.NEW, amount=4999, cost=0, initiative=None)
        dataset.add_referral('A', 'B', '2024-03-01')
        dataset.add_initiative('I', 'Setup video', True, '2024-01-01', datetime.date(2024, 6, 30))
        dataset.seal()
        self.assertEqual(dataset.column_array('customer', 'acquired').tolist(),
                         [Cxv.date('2024-01-05'), Cxv.DATE_NONE])
        self.assertEqual(dataset.column_array('holding', 'end').tolist(), [Cxv.DATE_NONE])
        self.assertEqual(dataset.column_array('revenue', 'date').tolist(), [19727])
        self.assertEqual(dataset.column_array('initiative', 'end').tolist(), [19904])
        self.assertEqual(dataset.revenue_total_decimal(), decimal.Decimal('49.99'))


class Tables(unittest.TestCase):
    def make_table(self):
        # Two full rows and one row of nulls.
        table = Cxv.Table.new('customers')
        table.set_currency('USD')
        for name, kind in (('id', Cxv.ColumnType.TEXT), ('orders', Cxv.ColumnType.INT),
                           ('share', Cxv.ColumnType.DOUBLE), ('revenue', Cxv.ColumnType.MONEY),
                           ('since', Cxv.ColumnType.DATE), ('active', Cxv.ColumnType.BOOLEAN)):
            table.add_column(name, kind)
        for values in (('A', 2, 0.25, 2100, '2024-01-05', True),
                       ('B', 1, 0.75, -500, '2024-01-20', False)):
            row = table.append_row()
            table.set_text(row, 0, values[0])
            table.set_int(row, 1, values[1])
            table.set_double(row, 2, values[2])
            table.set_money(row, 3, values[3])
            table.set_date(row, 4, Cxv.date(values[4]))
            table.set_boolean(row, 5, values[5])
        row = table.append_row()
        for column in range(table.get_n_columns()):
            table.set_null(row, column)
        return table

    def test_rows(self):
        table = self.make_table()
        self.assertEqual(len(table), 3)
        rows = list(table)
        self.assertEqual(rows[0], ('A', 2, 0.25, decimal.Decimal('21.00'),
                                   datetime.date(2024, 1, 5), True))
        self.assertEqual(rows[1][3], decimal.Decimal('-5.00'))
        self.assertEqual(rows[2], (None,) * 6)
        self.assertEqual(table[-1], rows[2])
        self.assertEqual(table[0:2], rows[0:2])
        self.assertIn(rows[1], table)
        with self.assertRaises(IndexError):
            table[3]
        self.assertIsInstance(table.get_item(0), Cxv.TableRow)

    def test_to_pandas(self):
        frame = self.make_table().to_pandas()
        self.assertEqual(list(frame.columns), ['id', 'orders', 'share', 'revenue', 'since',
                                               'active'])
        self.assertEqual(len(frame), 3)
        self.assertEqual(frame['id'].tolist()[:2], ['A', 'B'])
        self.assertIsNone(frame['id'][2])
        # A null in an int column makes it float64 with NaN.
        self.assertEqual(frame['orders'].dtype, numpy.float64)
        self.assertEqual(frame['orders'].tolist()[:2], [2.0, 1.0])
        self.assertTrue(math.isnan(frame['orders'][2]))
        self.assertTrue(math.isnan(frame['share'][2]))
        self.assertEqual(frame['revenue'].tolist()[:2], [21.0, -5.0])
        self.assertTrue(math.isnan(frame['revenue'][2]))
        self.assertTrue(pandas.api.types.is_datetime64_any_dtype(frame['since']))
        self.assertEqual(frame['since'][1], pandas.Timestamp('2024-01-20'))
        self.assertTrue(pandas.isna(frame['since'][2]))
        self.assertEqual(frame['active'].tolist(), [True, False, None])

        minor = self.make_table().to_pandas(money='minor')
        self.assertTrue(math.isnan(minor['revenue'][2]))
        self.assertEqual(minor['revenue'].tolist()[:2], [2100, -500])
        exact = self.make_table().to_pandas(money='decimal')
        self.assertEqual(exact['revenue'].tolist(),
                         [decimal.Decimal('21.00'), decimal.Decimal('-5.00'), None])
        with self.assertRaises(ValueError):
            self.make_table().to_pandas(money='cents')

    def test_to_pandas_without_nulls(self):
        table = self.make_table()
        table.set_text(2, 0, 'C')
        table.set_int(2, 1, 0)
        table.set_double(2, 2, 0.0)
        table.set_money(2, 3, 1)
        table.set_date(2, 4, Cxv.date('2024-02-29'))
        table.set_boolean(2, 5, True)
        frame = table.to_pandas(money='minor')
        self.assertEqual(frame['orders'].dtype, numpy.int64)
        self.assertEqual(frame['revenue'].dtype, numpy.int64)
        self.assertEqual(frame['active'].dtype, numpy.bool_)
        # Money totals stay exact in minor units: 2100 - 500 + 1.
        self.assertEqual(int(frame['revenue'].sum()), 1601)

    def test_column_array(self):
        table = self.make_table()
        self.assertEqual(table.column_array('revenue').tolist(), [2100, -500, 0])
        self.assertEqual(table.column_array('since').dtype, numpy.dtype('datetime64[D]'))
        self.assertTrue(numpy.isnat(table.column_array('since')[2]))
        self.assertEqual(table.column_array('id').tolist(), ['A', 'B', None])
        self.assertEqual(table.null_mask('orders').tolist(), [False, False, True])
        with self.assertRaises(KeyError):
            table.column_array('missing')

    def test_empty(self):
        table = Cxv.Table.new('empty')
        table.add_column('amount', Cxv.ColumnType.MONEY)
        self.assertEqual(len(table), 0)
        self.assertEqual(list(table), [])
        self.assertEqual(len(table.to_pandas()), 0)


# Lifetime value. Published values: Fader, Hardie & Lee (2005), "Counting
# your customers the easy way", Marketing Science 24(2), for BG/NBD on the
# CDNOW sample; Fader & Hardie (2007), "How to project customer retention",
# J. Interactive Marketing 21(1), for sBG.
CDNOW = os.path.join(SRCROOT, 'tests', 'data', 'cdnow-sample.txt')
BGNBD_PUBLISHED = {'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}


def bgnbd_p_alive(params, x, t_x, T):
    # Equation (13) of the paper, by hand: 1 / (1 + a / (b + x - 1)
    # ((alpha + T) / (alpha + t_x))^(r + x)) for x > 0, 1 for x = 0.
    if x == 0:
        return 1.0
    r, alpha, a, b = (params[k] for k in ('r', 'alpha', 'a', 'b'))
    return 1.0 / (1.0 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


class Clv(unittest.TestCase):
    def assert_analysis_error(self, caught, code):
        error = caught.exception
        self.assertEqual(error.domain, GLib.quark_to_string(Cxv.analysis_error_quark()))
        self.assertTrue(error.matches(Cxv.analysis_error_quark(), code), error.message)

    def test_summary_from_lists(self):
        # Plain Python lists for the (array length=n_customers) arguments.
        summary = Cxv.ClvSummary.new_for_data(Cxv.TimeUnit.WEEK, [0, 1, 3], [0, 2.5, 10],
                                              [4, 20, 30], [0, 12.5, 30.0])
        self.assertEqual(summary.get_n_customers(), 3)
        self.assertEqual(summary.get_n_repeat_buyers(), 2)
        self.assertEqual(summary.get_time_unit(), Cxv.TimeUnit.WEEK)
        self.assertIsNone(summary.get_dataset())
        self.assertEqual(tuple(summary.get_customer(1)), (True, 1.0, 2.5, 20.0, 12.5))
        self.assertFalse(summary.get_customer(3)[0])

        frame = summary.get_table().to_pandas()
        self.assertEqual(list(frame.columns),
                         ['customer', 'frequency', 'recency', 'age', 'monetary_value'])
        self.assertEqual(frame['customer'].tolist(), ['0', '1', '2'])
        self.assertEqual(frame['frequency'].tolist(), [0, 1, 3])
        self.assertEqual(frame['age'].tolist(), [4.0, 20.0, 30.0])

        # Without a spend model the monetary values may be left out.
        bare = Cxv.ClvSummary.new_for_data(Cxv.TimeUnit.DAY, [2], [7], [9], None)
        self.assertEqual(bare.get_customer(0)[4], 0.0)
        self.assertEqual(bare.get_days_per_unit(), 1.0)

    def test_summary_bad_input(self):
        # Customer 1's last purchase (recency 5) is after the end (age 4).
        with self.assertRaises(GLib.Error) as caught:
            Cxv.ClvSummary.new_for_data(Cxv.TimeUnit.WEEK, [0, 1], [0, 5], [4, 4], None)
        self.assert_analysis_error(caught, Cxv.AnalysisError.INVALID_ARGUMENT)
        self.assertIn('Customer 1', caught.exception.message)
        with self.assertRaises(GLib.Error) as caught:
            Cxv.ClvSummary.new_for_data(Cxv.TimeUnit.WEEK, [1.5], [1], [2], None)
        self.assert_analysis_error(caught, Cxv.AnalysisError.INVALID_ARGUMENT)
        with self.assertRaises(GLib.Error) as caught:
            Cxv.ClvSummary.new_for_data(Cxv.TimeUnit.WEEK, [], [], [], None)
        self.assert_analysis_error(caught, Cxv.AnalysisError.EMPTY)

    def test_fit_errors(self):
        # Nobody bought twice: neither model can be estimated.
        summary = Cxv.ClvSummary.new_for_data(Cxv.TimeUnit.WEEK, [0, 0, 0], [0, 0, 0],
                                              [10, 20, 30], None)
        for model in (Cxv.ClvBgnbd.new(), Cxv.ClvGammaGamma.new()):
            with self.assertRaises(GLib.Error) as caught:
                model.fit(summary, None)
            self.assert_analysis_error(caught, Cxv.AnalysisError.EMPTY)
            self.assertFalse(model.get_fitted())
            self.assertTrue(math.isnan(model.get_param('p' if model.get_name() == 'gamma-gamma'
                                                       else 'r')))

        # A summary of a dataset that has not run.
        dataset = Cxv.Dataset.new('USD')
        dataset.seal()
        with self.assertRaises(GLib.Error) as caught:
            Cxv.ClvBgnbd.new().fit(Cxv.ClvSummary.new(dataset), None)
        self.assert_analysis_error(caught, Cxv.AnalysisError.NOT_RUN)

    def test_set_params_p_alive(self):
        model = Cxv.ClvBgnbd.new()
        self.assertTrue(math.isnan(model.p_alive(1, 1, 2)))
        self.assertIsNone(model.get_params_table())
        names = [model.get_param_name(i) for i in range(model.get_n_params())]
        self.assertEqual(names, ['r', 'alpha', 'a', 'b'])
        self.assertTrue(model.set_params([BGNBD_PUBLISHED[name] for name in names]))
        self.assertEqual(model.get_param('alpha'), 4.414)
        self.assertFalse(model.get_converged())
        self.assertTrue(math.isnan(model.get_log_likelihood()))

        # Hand calculation for x = 2, t_x = 30.43, T = 38.86:
        # 1 / (1 + 0.793 / 3.426 * (43.274 / 34.844)^2.243) = 1 / 1.37633 = 0.72658.
        self.assertAlmostEqual(model.p_alive(2, 30.43, 38.86), 0.72658, places=5)
        for x, t_x, T in ((0, 0, 38), (1, 2, 38), (5, 30, 32), (20, 10, 70)):
            self.assertAlmostEqual(model.p_alive(x, t_x, T),
                                   bgnbd_p_alive(BGNBD_PUBLISHED, x, t_x, T), places=12)
        # More purchases expected from someone who bought recently.
        self.assertGreater(model.expected_purchases(2, 30, 38, 39),
                           model.expected_purchases(2, 5, 38, 39))

        frame = model.get_params_table().to_pandas()
        self.assertEqual(frame['param'].tolist(), names)
        self.assertEqual(frame['estimate'].tolist(), [BGNBD_PUBLISHED[n] for n in names])
        self.assertTrue(frame['standard_error'].isna().all())

        for bad in ([0.243, 4.414, 0.793], [0.243, -4.414, 0.793, 2.426]):
            with self.assertRaises(GLib.Error) as caught:
                model.set_params(bad)
            self.assert_analysis_error(caught, Cxv.AnalysisError.INVALID_ARGUMENT)
        self.assertEqual(model.get_param('alpha'), 4.414)

    def test_cdnow_fit_async(self):
        dataset = Cxv.Dataset.new('USD')
        importer = Cxv.CsvImporter.new(dataset, Cxv.ColumnMapping.new_preset('cdnow'))
        importer.import_file(Gio.File.new_for_path(CDNOW), None)
        dataset.seal()
        summary = Cxv.ClvSummary.new(dataset)
        summary.set_calibration_end(Cxv.date('1997-09-30'))
        summary.run(None)
        self.assertEqual(summary.get_n_customers(), 2357)
        self.assertEqual(summary.get_n_repeat_buyers(), 946)

        model = Cxv.ClvBgnbd.new()
        loop = GLib.MainLoop()
        results = []

        def done(source, result):
            results.append(source.fit_finish(result))
            loop.quit()

        model.fit_async(summary, None, done)
        loop.run()
        self.assertEqual(results, [True])
        self.assertTrue(model.get_converged())
        for name, published in BGNBD_PUBLISHED.items():
            self.assertEqual(round(model.get_param(name), 3), published, name)
        self.assertAlmostEqual(model.get_log_likelihood(), -9582.4, delta=0.05)

        frame = model.get_params_table().to_pandas()
        self.assertTrue((frame['standard_error'] > 0).all())
        self.assertTrue(((frame['lower'] < frame['estimate'])
                         & (frame['estimate'] < frame['upper'])).all())

        predictions = model.predict(summary, 39).to_pandas()
        self.assertEqual(len(predictions), 2357)
        self.assertTrue((predictions.loc[predictions['frequency'] == 0, 'p_alive'] == 1).all())

    def test_sbg(self):
        # The paper's "high end" series; retention by hand,
        # (beta + t - 1) / (alpha + beta + t - 1).
        model = Cxv.ClvSbg.new()
        self.assertTrue(model.fit_survival([1000, 869, 743, 653, 593, 551, 517, 491]))
        alpha, beta = model.get_param('alpha'), model.get_param('beta')
        self.assertEqual((round(alpha, 3), round(beta, 3)), (0.668, 3.806))
        self.assertAlmostEqual(model.retention(3), (beta + 2) / (alpha + beta + 2), places=12)
        self.assertEqual(model.survival(0), 1.0)
        projection = model.project(12).to_pandas()
        self.assertEqual(len(projection), 13)
        self.assertEqual(projection['observed'].isna().tolist(), [False] * 8 + [True] * 5)
        with self.assertRaises(GLib.Error) as caught:
            model.fit_survival([1000, 900, 950])
        self.assert_analysis_error(caught, Cxv.AnalysisError.INVALID_ARGUMENT)


if __name__ == '__main__':
    unittest.main(verbosity=2)
