#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Imports the real public data sets with the preset mappings and checks
what the library holds against the same figures computed independently
with pandas, straight from the CSV files.

Usage: test-realdata.py DATA_DIR

DATA_DIR is ../shared/data (see its README.md). The test exits 77 (skip)
when the folder is absent, or when PyGObject, the Cxv typelib's
dependencies or pandas are missing. Data sets whose files are absent are
skipped one by one. Output is TAP; a summary follows as comments.

Every check compares the library with pandas, which reads the files with
dtype=str (cells as written), so the expected figures come from the text
of the files and not from the importer:

- counts of customers, products, holdings, revenue events, interactions,
  feedback answers and usage records;
- money sums, exact, in minor units: every amount is read as a Decimal,
  multiplied by 100 and required to be a whole number; no float sums;
- the records themselves, as multisets of tuples (customer id, product
  code, dates, kinds, amounts, scores, reasons), so that a count that
  happens to agree cannot hide records that went to the wrong customer,
  product or date.
"""

import calendar
import collections
import datetime
import os
import sys
from decimal import Decimal

SKIP = 77

# ---------------------------------------------------------------------
# TAP

class Tap:
    def __init__(self):
        self.n = 0
        self.failed = []
        self.summary = []

    def ok(self, cond, name, diag=None):
        self.n += 1
        print('%s %d - %s' % ('ok' if cond else 'not ok', self.n, name))
        if not cond:
            self.failed.append(name)
            if diag:
                for line in str(diag).splitlines():
                    print('# ' + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, expected, name):
        return self.ok(got == expected, '%s: %s' % (name, fmt(expected)),
                       'got      %s\nexpected %s' % (fmt(got), fmt(expected)))

    def same_records(self, got, expected, name):
        got_c = collections.Counter(got)
        exp_c = collections.Counter(expected)
        if got_c == exp_c:
            return self.ok(True, '%s: %d records match' % (name, len(expected)))
        extra = list((got_c - exp_c).elements())[:5]
        missing = list((exp_c - got_c).elements())[:5]
        return self.ok(False, '%s: %d records match' % (name, len(expected)),
                       'got %d, expected %d\nunexpected (first 5): %r\nmissing (first 5): %r'
                       % (len(got), len(expected), extra, missing))

    def skip(self, name, reason):
        self.n += 1
        print('ok %d - %s # SKIP %s' % (self.n, name, reason))

    def note(self, text):
        self.summary.append(text)


def fmt(value):
    if isinstance(value, Money):
        return str(value)
    return repr(value)


class Money(int):
    """Minor units, printed as units with two decimals."""

    def __str__(self):
        sign = '-' if self < 0 else ''
        return '%s%d.%02d (%d minor units)' % (sign, abs(self) // 100, abs(self) % 100, int(self))

    __repr__ = __str__


# ---------------------------------------------------------------------
# Independent helpers (deliberately not the library's)

def cents(text):
    """Exact minor units of a decimal text, which must have at most two
    decimals."""
    value = Decimal(text) * 100
    if value != value.to_integral_value():
        raise ValueError('%r has more than two decimals' % text)
    return int(value)


def months_before(iso, months):
    """The day `months` calendar months before `iso`, the day clamped to
    the end of a shorter month."""
    d = datetime.date.fromisoformat(iso)
    total = d.year * 12 + (d.month - 1) - int(months)
    y, m = divmod(total, 12)
    m += 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1])).isoformat()


def ymd(text):
    return '%s-%s-%s' % (text[0:4], text[4:6], text[6:8])


# ---------------------------------------------------------------------
# Reading the library's dataset back

DATE_NONE = -2 ** 31        # CXV_DATE_NONE (G_MININT32)
NO_INDEX = 2 ** 32 - 1      # CXV_NO_INDEX (G_MAXUINT32)
EPOCH = datetime.date(1970, 1, 1)


class Reader:
    def __init__(self, Cxv, np, ds):
        self.Cxv, self.np, self.ds = Cxv, np, ds
        E = Cxv.ElementType
        self.dtypes = {
            int(E.UINT8): np.uint8, int(E.UINT16): np.uint16, int(E.INT32): np.int32,
            int(E.UINT32): np.uint32, int(E.INT64): np.int64, int(E.DOUBLE): np.float64,
        }
        K = Cxv.RecordKind
        n = ds.get_n_records(K.CUSTOMER)
        self.customer_ids = [ds.get_customer_id(i) for i in range(n)]
        n = ds.get_n_records(K.PRODUCT)
        self.product_codes = [ds.get_product_code(i) for i in range(n)]
        self.texts = {}

    def column(self, kind, name):
        data, element_type = self.ds.dup_column(kind, name)
        return self.np.frombuffer(data.get_data(), self.dtypes[int(element_type)]).tolist()

    def date(self, days):
        return None if days == DATE_NONE else (EPOCH + datetime.timedelta(days=days)).isoformat()

    def text(self, index):
        if index == NO_INDEX:
            return None
        if index not in self.texts:
            self.texts[index] = self.ds.get_text(index)
        return self.texts[index]

    def product(self, index):
        return None if index == NO_INDEX else self.product_codes[index]

    def nick(self, enum_type, value):
        return enum_type(value).value_nick

    def customers(self):
        K = self.Cxv.RecordKind
        seg = self.column(K.CUSTOMER, 'segment')
        acq = self.column(K.CUSTOMER, 'acquired')
        return [(cid, self.text(s), self.date(a))
                for cid, s, a in zip(self.customer_ids, seg, acq)]

    def holdings(self):
        K = self.Cxv.RecordKind
        cols = [self.column(K.HOLDING, c) for c in ('customer', 'product', 'start', 'end')]
        return [(self.customer_ids[c], self.product(p), self.date(s), self.date(e))
                for c, p, s, e in zip(*cols)]

    def revenue(self):
        K = self.Cxv.RecordKind
        cols = [self.column(K.REVENUE, c)
                for c in ('customer', 'product', 'date', 'kind', 'amount')]
        return [(self.customer_ids[c], self.product(p), self.date(d),
                 self.nick(self.Cxv.RevenueKind, k), a)
                for c, p, d, k, a in zip(*cols)]

    def interactions(self):
        K = self.Cxv.RecordKind
        cols = [self.column(K.INTERACTION, c)
                for c in ('customer', 'date', 'channel', 'channel_class', 'kind',
                          'resolved', 'reason')]
        return [(self.customer_ids[c], self.date(d), self.text(ch),
                 self.nick(self.Cxv.ChannelClass, cc), self.nick(self.Cxv.InteractionKind, k),
                 bool(r), self.text(why))
                for c, d, ch, cc, k, r, why in zip(*cols)]

    def feedback(self):
        K = self.Cxv.RecordKind
        cols = [self.column(K.FEEDBACK, c) for c in ('customer', 'date', 'instrument', 'score')]
        return [(self.customer_ids[c], self.date(d), self.nick(self.Cxv.Instrument, i), s)
                for c, d, i, s in zip(*cols)]

    def usage(self):
        K = self.Cxv.RecordKind
        cols = [self.column(K.USAGE, c) for c in ('customer', 'product', 'date', 'quantity')]
        return [(self.customer_ids[c], self.product(p), self.date(d), q)
                for c, p, d, q in zip(*cols)]


# ---------------------------------------------------------------------
# Expected records, computed with pandas from the files

class Expected:
    """What a data set should become: the records, as the Reader lists them."""

    def __init__(self):
        self.customers = []
        self.holdings = []
        self.revenue = []
        self.interactions = []
        self.feedback = []
        self.usage = []

    @property
    def products(self):
        return sorted({h[1] for h in self.holdings} |
                      {r[1] for r in self.revenue if r[1] is not None} |
                      {u[1] for u in self.usage})


def read(pd, path, **kw):
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kw)


def expect_cdnow(pd, path, master):
    if master:
        d = read(pd, path, sep=r'\s+')
        cid, date, amount = d['customer_id'], d['date'], d['dollar_value']
    else:
        d = read(pd, path, sep=r'\s+', header=None)
        cid, date, amount = d[0], d[2], d[4]
    e = Expected()
    e.customers = [(c, None, None) for c in cid.unique()]
    e.revenue = [(c, None, ymd(t), 'one-off', cents(a)) for c, t, a in zip(cid, date, amount)]
    return e


TELCO_REF = '2022-06-30'
MAVEN_START_REF = '2022-07-01'
MAVEN_BILL_DATE = '2022-06-01'


def expect_ibm_telco(pd, path):
    d = read(pd, path)
    e = Expected()
    segment = d['InternetService'].replace({'No': 'No internet'})
    start = [months_before(TELCO_REF, t) for t in d['tenure']]
    end = [TELCO_REF if c == 'Yes' else None for c in d['Churn']]
    e.customers = list(zip(d['customerID'], segment, start))
    services = [('PhoneService', 'phone'), ('MultipleLines', 'multiple-lines'),
                ('InternetService', 'internet'), ('OnlineSecurity', 'online-security'),
                ('OnlineBackup', 'online-backup'), ('DeviceProtection', 'device-protection'),
                ('TechSupport', 'tech-support'), ('StreamingTV', 'streaming-tv'),
                ('StreamingMovies', 'streaming-movies')]
    for column, code in services:
        if column == 'InternetService':
            has = d[column].isin(['DSL', 'Fiber optic'])
        else:
            has = d[column] == 'Yes'
        for i in d.index[has]:
            e.holdings.append((d.at[i, 'customerID'], code, start[i], end[i]))
    e.revenue = [(c, None, TELCO_REF, 'recurring', cents(m))
                 for c, m in zip(d['customerID'], d['MonthlyCharges'])]
    return e


def expect_maven(pd, path):
    d = read(pd, path, encoding='utf-8-sig')
    d.columns = [c.strip() for c in d.columns]
    e = Expected()
    cid = d['Customerid']
    segment = d['Internettype'].replace({'': 'No internet'})
    # Tenure counts the current month: tenure t started t months before July.
    start = [months_before(MAVEN_START_REF, t) for t in d['Tenureinmonths']]
    end = [TELCO_REF if s == 'Churned' else None for s in d['Customerstatus']]
    e.customers = list(zip(cid, segment, start))
    services = [('Phoneservice', 'phone'), ('MultipleLines', 'multiple-lines'),
                ('Internetservice', 'internet'), ('Onlinesecurity', 'online-security'),
                ('Onlinebackup', 'online-backup'), ('Deviceprotectionplan', 'device-protection'),
                ('Premiumtechsupport', 'tech-support'), ('Streamingtv', 'streaming-tv'),
                ('Streamingmovies', 'streaming-movies'), ('Streamingmusic', 'streaming-music'),
                ('Unlimiteddata', 'unlimited-data')]
    for column, code in services:
        for i in d.index[d[column] == 'Yes']:
            e.holdings.append((cid[i], code, start[i], end[i]))
    e.revenue = [(c, None, MAVEN_BILL_DATE, 'recurring', cents(m))
                 for c, m in zip(cid, d['Monthlycharge'])]
    e.revenue += [(c, None, MAVEN_BILL_DATE, 'refund', -cents(r))
                  for c, r in zip(cid, d['Totalrefunds']) if Decimal(r) != 0]
    churned = d['Customerstatus'] == 'Churned'
    e.interactions = [(c, TELCO_REF, 'exit-survey', 'assisted', 'feedback', True, r or None)
                      for c, r in zip(cid[churned], d['Churnreason'][churned])]
    offer = ~d['Offer'].isin(['None', ''])
    e.interactions += [(c, TELCO_REF, 'marketing', 'low-cost', 'offer', True, o)
                       for c, o in zip(cid[offer], d['Offer'][offer])]
    return e


ORANGE_START, ORANGE_END = '2000-01-01', '2000-01-31'


def expect_orange(pd, path):
    d = read(pd, path, sep=';')
    e = Expected()
    # The header is line 1 and no field spans lines: row i is on line i + 2.
    cid = [str(i + 2) for i in range(len(d))]
    churn = d['Churn'].map({'VRAI': True, 'FAUX': False})
    if churn.isna().any():
        raise ValueError('Churn holds something other than VRAI/FAUX')
    end = [ORANGE_END if c else None for c in churn]
    e.customers = [(c, s, None) for c, s in zip(cid, d['State'])]
    for i in range(len(d)):
        e.holdings.append((cid[i], 'line', ORANGE_START, end[i]))
        if d.at[i, 'International plan'] == 'Yes':
            e.holdings.append((cid[i], 'international-plan', ORANGE_START, end[i]))
        if d.at[i, 'Voice mail plan'] == 'Yes':
            e.holdings.append((cid[i], 'voice-mail-plan', ORANGE_START, end[i]))
    for column in ('Total day charge', 'Total eve charge', 'Total night charge',
                   'Total intl charge'):
        e.revenue += [(c, 'line', ORANGE_END, 'recurring', cents(a))
                      for c, a in zip(cid, d[column]) if cents(a) != 0]
    for c, n in zip(cid, d['Customer service calls']):
        e.interactions += [(c, ORANGE_END, 'call-centre', 'assisted', 'support', True, None)] * int(n)
    return e


BANK_REF = '2022-12-31'


def expect_bank(pd, path):
    d = read(pd, path, encoding='utf-8-sig')
    e = Expected()
    cid = d['CustomerId']
    start = [months_before(BANK_REF, 12 * int(t)) for t in d['Tenure']]
    end = [BANK_REF if x == '1' else None for x in d['Exited']]
    e.customers = list(zip(cid, d['Geography'], start))
    for i in range(len(d)):
        for k in range(1, int(d.at[i, 'NumOfProducts']) + 1):
            e.holdings.append((cid[i], 'bank-product-%d' % k, start[i], end[i]))
    e.usage = [(c, 'bank-product-1', BANK_REF, 1.0)
               for c, a in zip(cid, d['IsActiveMember']) if a == '1']
    e.interactions = [(c, BANK_REF, 'unknown', 'assisted', 'complaint', False, None)
                      for c, x in zip(cid, d['Complain']) if x == '1']
    e.feedback = [(c, BANK_REF, 'csat', float(s)) for c, s in zip(cid, d['Satisfaction Score'])]
    return e


ECOM_REF = '2022-12-31'


def expect_ecommerce(pd, path):
    d = read(pd, path)
    e = Expected()
    cid = d['CustomerID']
    acquired = [months_before(ECOM_REF, Decimal(t)) if t else None for t in d['Tenure']]
    e.customers = [(c, 'City tier ' + t, a) for c, t, a in zip(cid, d['CityTier'], acquired)]
    e.holdings = [(c, 'shop-account', a or ECOM_REF, ECOM_REF if x == '1' else None)
                  for c, a, x in zip(cid, acquired, d['Churn'])]
    e.usage = [(c, 'shop-account', ECOM_REF, float(n))
               for c, n in zip(cid, d['OrderCount']) if n != '']
    e.interactions = [(c, ECOM_REF, 'unknown', 'assisted', 'complaint', False, None)
                      for c, x in zip(cid, d['Complain']) if x == '1']
    e.feedback = [(c, ECOM_REF, 'csat', float(s)) for c, s in zip(cid, d['SatisfactionScore'])]
    return e


# ---------------------------------------------------------------------
# The data sets

# title, preset, dataset currency, files (each into a dataset of its own),
# expectation
DATA_SETS = [
    ('CDNOW sample', 'cdnow', 'USD', ['cdnow/CDNOW_sample.txt'],
     lambda pd, p: expect_cdnow(pd, p, master=False)),
    ('CDNOW master', 'cdnow-master', 'USD', ['cdnow/CDNOW_master.txt'],
     lambda pd, p: expect_cdnow(pd, p, master=True)),
    ('IBM Telco', 'ibm-telco', 'USD', ['ibm_telco/WA_Fn-UseC_-Telco-Customer-Churn.csv'],
     expect_ibm_telco),
    ('Maven telecom', 'maven-telecom', 'USD', ['maven_telecom/telecom_customer_churn.csv'],
     expect_maven),
    ('Orange telecom 80%', 'orange-telecom', 'USD', ['orange_telecom/churn-bigml-80.csv'],
     expect_orange),
    ('Orange telecom 20%', 'orange-telecom', 'USD', ['orange_telecom/churn-bigml-20.csv'],
     expect_orange),
    ('Bank churn', 'bank-churn', 'EUR', ['bank_churn/Customer-Churn-Records.csv'],
     expect_bank),
    ('E-commerce churn', 'ecommerce-churn', 'USD', ['ecommerce_churn/ecommerce_churn.csv'],
     expect_ecommerce),
]


def check_data_set(tap, Cxv, Gio, GLib, np, pd, data_dir, title, preset, currency, files,
                   expect):
    paths = [os.path.join(data_dir, f) for f in files]
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        tap.skip(title, 'missing %s' % ', '.join(missing))
        tap.note('%s: skipped (missing %s)' % (title, ', '.join(files)))
        return

    K = Cxv.RecordKind
    ds = Cxv.Dataset.new(currency)
    try:
        mapping = Cxv.ColumnMapping.new_preset(preset)
        importer = Cxv.CsvImporter.new(ds, mapping)
        for path in paths:
            importer.import_file(Gio.File.new_for_path(path), None)
        ds.seal()
    except GLib.Error as error:
        tap.ok(False, '%s: import with the preset %s and seal' % (title, preset), error.message)
        return
    tap.ok(True, '%s: import with the preset %s and seal' % (title, preset))

    expected = expect(pd, paths[0])
    got = Reader(Cxv, np, ds)

    n = lambda kind: ds.get_n_records(kind)
    tap.eq(n(K.CUSTOMER), len(expected.customers), '%s: customers' % title)
    tap.eq(sorted(got.product_codes), expected.products, '%s: products' % title)
    tap.eq(n(K.HOLDING), len(expected.holdings), '%s: holdings' % title)
    tap.eq(sum(1 for h in got.holdings() if h[3] is not None),
           sum(1 for h in expected.holdings if h[3] is not None),
           '%s: holdings ended (churn)' % title)
    tap.eq(n(K.REVENUE), len(expected.revenue), '%s: revenue events' % title)
    tap.eq(Money(ds.get_revenue_total()), Money(sum(r[4] for r in expected.revenue)),
           '%s: revenue total' % title)
    for kind in sorted({r[3] for r in expected.revenue}):
        tap.eq(Money(sum(r[4] for r in got.revenue() if r[3] == kind)),
               Money(sum(r[4] for r in expected.revenue if r[3] == kind)),
               '%s: %s revenue' % (title, kind))
    tap.eq(n(K.INTERACTION), len(expected.interactions), '%s: interactions' % title)
    tap.eq(n(K.FEEDBACK), len(expected.feedback), '%s: feedback answers' % title)
    if expected.feedback:
        tap.eq(sum(f[3] for f in got.feedback()), sum(f[3] for f in expected.feedback),
               '%s: sum of feedback scores' % title)
    tap.eq(n(K.USAGE), len(expected.usage), '%s: usage records' % title)

    tap.same_records(got.customers(), expected.customers, '%s: customers' % title)
    tap.same_records(got.holdings(), expected.holdings, '%s: holdings' % title)
    tap.same_records(got.revenue(), expected.revenue, '%s: revenue events' % title)
    tap.same_records(got.interactions(), expected.interactions, '%s: interactions' % title)
    tap.same_records(got.feedback(), expected.feedback, '%s: feedback' % title)
    tap.same_records(got.usage(), expected.usage, '%s: usage' % title)

    revenue = Money(ds.get_revenue_total())
    parts = ['%d customers' % n(K.CUSTOMER), '%d holdings' % n(K.HOLDING),
             '%d revenue events' % n(K.REVENUE),
             'revenue %s%d.%02d' % ('-' if revenue < 0 else '', abs(revenue) // 100,
                                     abs(revenue) % 100),
             '%d interactions' % n(K.INTERACTION), '%d feedback' % n(K.FEEDBACK),
             '%d usage' % n(K.USAGE)]
    tap.note('%s (%s): %s' % (title, preset, ', '.join(parts)))


def main(argv):
    if len(argv) != 2:
        print('usage: %s DATA_DIR' % argv[0], file=sys.stderr)
        return 2
    data_dir = argv[1]
    if not os.path.isdir(data_dir):
        print('1..0 # SKIP no data folder %s' % data_dir)
        return SKIP

    try:
        import gi
        gi.require_version('Cxv', '1.0')
        gi.require_version('Gio', '2.0')
        from gi.repository import Cxv, Gio, GLib
    except (ImportError, ValueError) as error:
        print('1..0 # SKIP PyGObject or the Cxv typelib is missing: %s' % error)
        return SKIP
    try:
        import numpy as np
        import pandas as pd
    except ImportError as error:
        print('1..0 # SKIP pandas is missing: %s' % error)
        return SKIP

    tap = Tap()
    for title, preset, currency, files, expect in DATA_SETS:
        try:
            check_data_set(tap, Cxv, Gio, GLib, np, pd, data_dir, title, preset, currency,
                           files, expect)
        except Exception as error:  # a bug in the test or a surprise in the data
            import traceback
            tap.ok(False, '%s: checks ran' % title, traceback.format_exc())
    print('1..%d' % tap.n)
    print('# Summary')
    for line in tap.summary:
        print('# ' + line)
    if tap.failed:
        print('# %d of %d checks failed' % (len(tap.failed), tap.n))
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
