#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Tests of the cxvalue command line, printing TAP.

Usage: test-cli.py PATH-TO-CXVALUE

Every subcommand is run as a user would run it: exit statuses (0 success,
1 failure, 2 usage error), what reaches stdout and stderr, and the files
left behind. Expected values are recomputed here from the CSV files the
command writes, with the csv module and decimal.Decimal, or written out by
hand; none comes from libcxvalue itself.
"""

import csv
import decimal
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import traceback

CXVALUE = os.path.abspath(sys.argv[1])

COMMANDS = ['demo', 'simulate', 'import', 'info', 'export', 'ledger', 'cohorts',
            'indicators', 'qore', 'revenue-quality', 'attribution', 'clv', 'linkage']

# The files `simulate --csv-dir` writes, their record kind (nick) and the
# columns holding dates.
KINDS = {
    'customers': ('customer', ['acquired']),
    'products': ('product', []),
    'holdings': ('holding', ['start', 'end']),
    'revenue': ('revenue', ['date']),
    'interactions': ('interaction', ['date']),
    'feedback': ('feedback', ['date']),
    'usage': ('usage', ['date']),
    'referrals': ('referral', ['date']),
    'initiatives': ('initiative', ['start', 'end']),
}

# Small, so that the suite runs in seconds even under a sanitizer.
SMALL = ['--customers', '300', '--months', '6', '--seed', '5']


class Result:
    def __init__(self, proc):
        self.status = proc.returncode
        self.out = proc.stdout.decode('utf-8')
        self.err = proc.stderr.decode('utf-8')
        self.raw_out = proc.stdout

    def __repr__(self):
        return 'status %d\n--- stdout\n%s--- stderr\n%s' % (self.status, self.out, self.err)


def run(*args, cwd=None):
    proc = subprocess.run([CXVALUE] + [str(a) for a in args], cwd=cwd,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120)
    return Result(proc)


def check(condition, message, result=None):
    if not condition:
        raise AssertionError(message + ('\n' + repr(result) if result is not None else ''))


def ok(result):
    check(result.status == 0, 'expected success', result)
    check(result.err == '', 'expected nothing on stderr', result)
    return result


def fails(result, status, *words):
    """A failure: the status, and one line on stderr naming the problem."""
    check(result.status == status, 'expected exit status %d' % status, result)
    check(result.err.count('\n') == 1 and result.err.endswith('\n'),
          'expected exactly one line on stderr', result)
    for word in words:
        check(str(word) in result.err, 'expected “%s” on stderr' % word, result)
    return result


def read_csv(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def no_leftovers(directory):
    """No temporary or partial files: nothing hidden, nothing unexpected."""
    hidden = [n for n in os.listdir(directory) if n.startswith('.')]
    check(not hidden, 'temporary files left behind: %s' % hidden)


def expected_info(csv_dir):
    """What `info --json` must say of the dataset written to csv_dir."""
    records = {}
    dates = []
    total = decimal.Decimal(0)
    for stem, (nick, date_columns) in KINDS.items():
        rows = read_csv(os.path.join(csv_dir, stem + '.csv'))
        records[nick] = len(rows)
        for row in rows:
            dates.extend(row[c] for c in date_columns if row[c])
        if stem == 'revenue':
            total = sum((decimal.Decimal(r['amount']) for r in rows), decimal.Decimal(0))
    return records, min(dates) if dates else None, max(dates) if dates else None, total


def simulate_dir(tmp, name='sim', extra=()):
    d = os.path.join(tmp, name)
    ok(run('simulate', *SMALL, *extra, '--csv-dir', d))
    return d


# ---------------------------------------------------------------------------
# The tests

def test_global_help_and_version(tmp):
    r = ok(run('--help'))
    check(r.out.startswith('Usage:'), 'usage first', r)
    for command in COMMANDS:
        check('  ' + command + ' ' in r.out, 'lists ' + command, r)
    r = ok(run('-h'))
    check('Commands:' in r.out, 'short help', r)
    r = ok(run('--version'))
    check(r.out.startswith('cxvalue ') and r.out.strip().split()[1][0].isdigit(),
          'version', r)
    r = ok(run('help'))
    check('Commands:' in r.out, 'help command', r)


def test_no_arguments(tmp):
    r = run()
    check(r.status == 2, 'no command is a usage error', r)
    check('Usage:' in r.err and r.out == '', 'usage on stderr', r)


def test_unknown_command(tmp):
    fails(run('frobnicate'), 2, 'frobnicate')
    fails(run('--frobnicate'), 2, '--frobnicate')


def test_command_help(tmp):
    for command in COMMANDS:
        for flag in ('--help', '-h'):
            r = ok(run(command, flag))
            check(r.out.startswith('Usage:'), command + ' usage', r)
            check('cxvalue ' + command in r.out, command + ' names itself', r)
            check('--help' in r.out, command + ' lists --help', r)
        r = ok(run('help', command))
        check('cxvalue ' + command in r.out, 'help ' + command, r)
    check('--csv-dir' in run('simulate', '--help').out, 'simulate documents --csv-dir')
    check('--mapping' in run('import', '--help').out, 'import documents --mapping')
    check('--kind' in run('export', '--help').out, 'export documents --kind')
    check('--json' in run('info', '--help').out, 'info documents --json')
    check('--save' in run('demo', '--help').out, 'demo documents --save')
    for command in ('cohorts', 'indicators'):
        r = run(command, '--help')
        for option in ('--period', '--definition', '--json'):
            check(option in r.out, command + ' documents ' + option, r)
    check('--horizon' in run('indicators', '--help').out, 'indicators documents --horizon')
    r = run('qore', '--help')
    for option in ('--customers', '--customer', '--rules', '--window-days', '--json'):
        check(option in r.out, 'qore documents ' + option, r)
    r = run('revenue-quality', '--help')
    for option in ('--period', '--definition', '--segment', '--json'):
        check(option in r.out, 'revenue-quality documents ' + option, r)
    r = run('ledger', '--help')
    for option in ('--period', '--definition', '--inactivity-days', '--window-days', '--json'):
        check(option in r.out, 'ledger documents ' + option, r)
    r = run('attribution', '--help')
    for option in ('--worksheet', '--period', '--json', 'halves to even', 'mismatches'):
        check(option in r.out, 'attribution documents ' + option, r)


def test_unknown_option(tmp):
    for command in COMMANDS:
        fails(run(command, '--no-such-option'), 2, '--no-such-option')


def test_usage_errors(tmp):
    some = os.path.join(tmp, 'some.cxv')
    out = os.path.join(tmp, 'out.cxv')
    cases = [
        (['demo', 'extra'], ['extra']),
        (['demo', '--customers', 'many'], ['--customers', 'many']),
        (['demo', '--customers', '0'], ['--customers']),
        (['demo', '--months', '-3'], ['--months']),
        (['demo', '--seed', '1.5'], ['--seed']),
        (['simulate', *SMALL], ['-o']),
        (['simulate', '--customers', '', '-o', out], ['--customers']),
        (['simulate', '--start', '2024-02-30', '-o', out], ['--start', '2024-02-30']),
        (['simulate', '-o'], ['-o']),
        (['import', '-o', out], ['FILE']),
        (['import', 'a.csv', '-o', out], ['a.csv', '--mapping']),
        (['import', '--mapping', 'cdnow', 'a.csv'], ['-o']),
        (['import', 'a.csv', '-m', 'x.json', 'b.csv', '-m', 'y.json', 'c.csv', '-o', out],
         ['a.csv']),
        (['import', '--mapping', 'cdnow', 'a.csv', '-o', out, '--currency', 'DOLLARS'],
         ['DOLLARS']),
        (['import', '--mapping', 'cdnow', 'a.csv', '-o', out, '--rejects', 'r.csv'],
         ['--collect-rejects']),
        (['info'], ['dataset file']),
        (['info', some, some], [some]),
        (['export', some, '-o', 'x.csv'], ['--kind']),
        (['export', some, '--kind', 'revenue'], ['-o']),
        (['export', some, '--kind', 'bills', '-o', 'x.csv'], ['bills', 'revenue']),
        (['export', '--kind', 'revenue', '-o', 'x.csv'], ['dataset file']),
        (['export', some, '--csv-dir', tmp, '--kind', 'revenue'], ['--csv-dir']),
        (['ledger'], ['dataset file']),
        (['ledger', some, some], [some]),
        (['ledger', some, '--period', 'week'], ['--period', 'week']),
        (['ledger', some, '--definition', 'loyal'], ['--definition', 'loyal']),
        (['ledger', some, '--window-days', '0'], ['--window-days']),
        (['ledger', some, '--window-days', '-5'], ['--window-days']),
        (['ledger', some, '--definition', 'non-contractual', '--inactivity-days', '0'],
         ['--inactivity-days']),
        (['ledger', some, '--inactivity-days', '30'], ['--inactivity-days', 'non-contractual']),
        (['cohorts'], ['dataset file']),
        (['cohorts', some, '--period', 'week'], ['--period', 'week']),
        (['cohorts', some, '--definition', 'loyal'], ['--definition', 'loyal']),
        (['indicators', some, some], [some]),
        (['indicators', some, '--period', 'day'], ['--period', 'day']),
        (['indicators', some, '--horizon', '0'], ['--horizon']),
        (['indicators', some, '--definition', 'non-contractual', '--inactivity-days', '-1'],
         ['--inactivity-days']),
        (['qore'], ['dataset file']),
        (['qore', some, some], [some]),
        (['qore', some, '--window-days', '0'], ['--window-days']),
        (['qore', some, '--window-days', 'year'], ['--window-days', 'year']),
        (['qore', some, '--customers', '--customer', 'C1'], ['--customer']),
        (['revenue-quality'], ['dataset file']),
        (['revenue-quality', some, '--period', 'week'], ['--period', 'week']),
        (['revenue-quality', some, '--definition', 'loyal'], ['--definition', 'loyal']),
        (['revenue-quality', some, '--segment', ''], ['--segment']),
    ]
    for args, words in cases:
        fails(run(*args, cwd=tmp), 2, *words)
    check(not os.path.exists(out), 'a usage error writes nothing')
    check(not os.path.exists(os.path.join(tmp, 'x.csv')), 'a usage error writes nothing')
    no_leftovers(tmp)


def test_simulate_then_info(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    d = os.path.join(tmp, 'csv')
    r = ok(run('simulate', *SMALL, '-o', cxv, '--csv-dir', d))
    check('300' in r.out and cxv in r.out, 'simulate says what it wrote', r)
    for stem in KINDS:
        check(os.path.exists(os.path.join(d, stem + '.csv')), stem + '.csv written')
    records, first, last, total = expected_info(d)
    check(records['customer'] == 300, 'customers as asked: %s' % records)

    info = json.loads(ok(run('info', cxv, '--json')).out)
    check(info['records'] == records, 'counts %s, expected %s' % (info['records'], records))
    check(info['first_date'] == first and info['last_date'] == last,
          'dates %s..%s, expected %s..%s' % (info['first_date'], info['last_date'], first, last))
    check(decimal.Decimal(info['revenue_total']) == total,
          'revenue %s, expected %s' % (info['revenue_total'], total))
    check(info['currency'] == 'USD' and info['decimals'] == 2, 'currency')
    check(info['file'] == cxv, 'file')

    human = ok(run('info', cxv)).out
    check('USD' in human and first in human and last in human, 'human info', human)
    check('{:,}'.format(records['customer']) in human, 'human counts', human)
    check('{:,}'.format(total) in human, 'human revenue total %s' % total, human)
    no_leftovers(tmp)
    no_leftovers(d)


def test_simulate_deterministic(tmp):
    a = simulate_dir(tmp, 'a')
    b = simulate_dir(tmp, 'b')
    c = simulate_dir(tmp, 'c', ['--seed', '6'])
    same = True
    for stem in KINDS:
        with open(os.path.join(a, stem + '.csv'), 'rb') as fa, \
             open(os.path.join(b, stem + '.csv'), 'rb') as fb:
            check(fa.read() == fb.read(), 'the same seed gives the same %s.csv' % stem)
        with open(os.path.join(a, stem + '.csv'), 'rb') as fa, \
             open(os.path.join(c, stem + '.csv'), 'rb') as fc:
            same = same and fa.read() == fc.read()
    check(not same, 'another seed gives other data')


def test_simulate_failures(tmp):
    missing = os.path.join(tmp, 'no', 'such', 'dir', 'x.cxv')
    fails(run('simulate', *SMALL, '-o', missing), 1, missing)
    check(not os.path.exists(missing), 'nothing written')
    blocker = os.path.join(tmp, 'file')
    with open(blocker, 'w') as f:
        f.write('not a directory\n')
    fails(run('simulate', *SMALL, '--csv-dir', os.path.join(blocker, 'sub')), 1, blocker)
    no_leftovers(tmp)


def test_round_trip(tmp):
    """export → import of every kind rebuilds the same dataset."""
    a = os.path.join(tmp, 'a.cxv')
    b = os.path.join(tmp, 'b.cxv')
    ok(run('simulate', *SMALL, '-o', a))
    exported = os.path.join(tmp, 'exported')
    ok(run('export', a, '--csv-dir', exported))
    r = ok(run('import', '--csv-dir', exported, '-o', b))
    check(b in r.out, 'import says where it saved', r)

    info_a = json.loads(ok(run('info', a, '--json')).out)
    info_b = json.loads(ok(run('info', b, '--json')).out)
    del info_a['file'], info_b['file']
    check(info_a == info_b, 'info differs:\n%s\n%s' % (info_a, info_b))
    records, first, last, total = expected_info(exported)
    check(info_b['records'] == records and decimal.Decimal(info_b['revenue_total']) == total,
          'the imported dataset holds what the CSV files hold')

    # The imported dataset exports to the same bytes.
    again = os.path.join(tmp, 'again')
    ok(run('export', b, '--csv-dir', again))
    for stem in KINDS:
        with open(os.path.join(exported, stem + '.csv'), 'rb') as f1, \
             open(os.path.join(again, stem + '.csv'), 'rb') as f2:
            check(f1.read() == f2.read(), '%s.csv changed on the round trip' % stem)

    # The same through explicit --mapping/file pairs, one per kind.
    c = os.path.join(tmp, 'c.cxv')
    pairs = []
    for stem in ['initiatives', 'products', 'customers', 'holdings', 'revenue',
                 'interactions', 'feedback', 'usage', 'referrals']:
        path = os.path.join(exported, stem + '.csv')
        if len(read_csv(path)) > 0:
            pairs += ['--mapping', 'cxvalue-' + stem, path]
    ok(run('import', *pairs, '-o', c))
    info_c = json.loads(ok(run('info', c, '--json')).out)
    del info_c['file']
    check(info_a == info_c, 'pairs import differs:\n%s\n%s' % (info_a, info_c))
    no_leftovers(tmp)


def test_import_header_only(tmp):
    """A kind without records exports as a header alone, which imports as none."""
    d = simulate_dir(tmp)
    for stem in ('usage', 'referrals'):
        with open(os.path.join(d, stem + '.csv'), newline='', encoding='utf-8') as f:
            header = f.readline()
        write(os.path.join(d, stem + '.csv'), header)
    os.remove(os.path.join(d, 'feedback.csv'))
    out = os.path.join(tmp, 'x.cxv')
    ok(run('import', '--csv-dir', d, '-o', out))
    info = json.loads(ok(run('info', out, '--json')).out)
    check(info['records']['usage'] == 0 and info['records']['referral'] == 0 and
          info['records']['feedback'] == 0, 'no usage, referrals or feedback: %s' % info)
    check(info['records']['customer'] == 300, 'the rest imported: %s' % info)
    # Elsewhere a header alone is a mistake the importer reports.
    header_only = write(os.path.join(tmp, 'header.csv'), 'customer;when;paid\n')
    mapping = write(os.path.join(tmp, 'pay.json'), json.dumps(HAND_MAPPING))
    fails(run('import', '-m', mapping, header_only, '-o', out), 1, header_only)


def test_export(tmp):
    cxv = os.path.join(tmp, 'a.cxv')
    ok(run('simulate', *SMALL, '-o', cxv))
    out = os.path.join(tmp, 'revenue.csv')
    r = ok(run('export', cxv, '--kind', 'revenue', '-o', out))
    check(r.out == '', 'nothing on stdout when writing a file', r)
    rows = read_csv(out)
    with open(out, newline='', encoding='utf-8') as f:
        header = f.readline().strip()
    check(header == 'customer,product,date,kind,amount,cost,initiative', 'header ' + header)
    total = sum((decimal.Decimal(row['amount']) for row in rows), decimal.Decimal(0))
    info = json.loads(ok(run('info', cxv, '--json')).out)
    check(len(rows) == info['records']['revenue'], 'one row per event')
    check(decimal.Decimal(info['revenue_total']) == total, 'amounts add up to the total')
    for row in rows:
        amount = row['amount']
        check('.' in amount and len(amount.split('.')[1]) == 2, 'exact cents: ' + amount)
        check(row['kind'] in ('new', 'recurring', 'expansion', 'contraction', 'one-off',
                              'refund'), 'kind nick ' + row['kind'])

    # Standard output gives the same bytes.
    r = run('export', cxv, '--kind', 'revenue', '-o', '-')
    check(r.status == 0 and r.err == '', 'export to stdout', r)
    with open(out, 'rb') as f:
        check(f.read() == r.raw_out, 'stdout and file agree')

    # Every kind, by nick or by file name, with its header.
    for stem, (nick, _) in KINDS.items():
        path = os.path.join(tmp, 'k-' + stem + '.csv')
        ok(run('export', cxv, '--kind', nick, '-o', path))
        check(len(read_csv(path)) == info['records'][nick], nick + ' rows')
        path2 = os.path.join(tmp, 'k2-' + stem + '.csv')
        ok(run('export', cxv, '-k', stem, '-o', path2))
        with open(path, 'rb') as f1, open(path2, 'rb') as f2:
            check(f1.read() == f2.read(), stem + ' by file name')

    # An existing output is replaced whole.
    with open(out, 'w') as f:
        f.write('old\n' * 100000)
    ok(run('export', cxv, '--kind', 'customer', '-o', out))
    check(len(read_csv(out)) == info['records']['customer'], 'replaced')
    no_leftovers(tmp)


def test_export_failures(tmp):
    not_dataset = os.path.join(tmp, 'notes.txt')
    with open(not_dataset, 'w') as f:
        f.write('these are notes, not a dataset\n' * 20)
    out = os.path.join(tmp, 'out.csv')
    fails(run('export', not_dataset, '--kind', 'revenue', '-o', out), 1, not_dataset)
    check(not os.path.exists(out), 'no output for a bad input')
    missing = os.path.join(tmp, 'missing.cxv')
    fails(run('export', missing, '--kind', 'revenue', '-o', out), 1, missing)
    check(not os.path.exists(out), 'no output for a missing input')

    cxv = os.path.join(tmp, 'a.cxv')
    ok(run('simulate', *SMALL, '-o', cxv))
    bad_out = os.path.join(tmp, 'no-dir', 'out.csv')
    fails(run('export', cxv, '--kind', 'revenue', '-o', bad_out), 1, bad_out)
    check(not os.path.exists(os.path.dirname(bad_out)), 'nothing created')
    fails(run('export', cxv, '--kind', 'revenue', '-o', tmp), 1, tmp)
    no_leftovers(tmp)


def test_info_failures(tmp):
    missing = os.path.join(tmp, 'missing.cxv')
    fails(run('info', missing), 1, missing)
    for name, content in [('empty.cxv', b''), ('text.cxv', b'hello\n' * 100),
                          ('binary.cxv', bytes(range(256)) * 64)]:
        path = os.path.join(tmp, name)
        with open(path, 'wb') as f:
            f.write(content)
        fails(run('info', path), 1, path)
        fails(run('info', path, '--json'), 1, path)
    # A truncated dataset file.
    good = os.path.join(tmp, 'good.cxv')
    ok(run('simulate', *SMALL, '-o', good))
    with open(good, 'rb') as f:
        data = f.read()
    cut = os.path.join(tmp, 'cut.cxv')
    with open(cut, 'wb') as f:
        f.write(data[:len(data) // 2])
    fails(run('info', cut), 1, cut)
    fails(run('info', tmp), 1, tmp)


HAND_CSV = '''customer;when;paid
a;05/01/2024;10.10
b;01/02/2024;5.05
a;01/03/2024;-1.15
'''

HAND_MAPPING = {
    'currency': 'EUR',
    'delimiter': ';',
    'date_format': '%d/%m/%Y',
    'records': [
        {'kind': 'revenue', 'create_ids': True,
         'fields': {'customer': 'customer', 'date': 'when', 'amount': 'paid',
                    'kind': {'value': 'one-off'}}},
    ],
}


def write(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


def test_import_own_mapping(tmp):
    data = write(os.path.join(tmp, 'pay.csv'), HAND_CSV)
    mapping = write(os.path.join(tmp, 'pay.json'), json.dumps(HAND_MAPPING))
    out = os.path.join(tmp, 'pay.cxv')
    r = ok(run('import', '--mapping', mapping, data, '-o', out))
    check('3 rows' in r.out, 'rows reported', r)
    info = json.loads(ok(run('info', out, '--json')).out)
    # By hand: customers a and b; 10.10 + 5.05 - 1.15 = 14.00 EUR; dates
    # 5 Jan, 1 Feb and 1 Mar 2024.
    check(info['currency'] == 'EUR', 'currency from the mapping: %s' % info)
    check(info['records']['customer'] == 2 and info['records']['revenue'] == 3, 'counts')
    check(info['revenue_total'] == '14.00', 'total %s' % info['revenue_total'])
    check(info['first_date'] == '2024-01-05' and info['last_date'] == '2024-03-01', 'dates')

    # The file may come before its only mapping; a second file with another
    # mapping follows its own.
    more = write(os.path.join(tmp, 'more.csv'), 'customer;when;paid\nc;02/02/2024;0.85\n')
    r = ok(run('import', data, '-m', mapping, '-o', out))
    r = ok(run('import', '-m', mapping, data, '--mapping', mapping, more, '-o', out))
    info = json.loads(ok(run('info', out, '--json')).out)
    check(info['records']['customer'] == 3 and info['revenue_total'] == '14.85',
          'two files: %s' % info)

    # --currency overrides nothing the mapping says: they must agree.
    fails(run('import', '-m', mapping, data, '-o', out, '--currency', 'USD'), 1, 'EUR')


def test_import_failures(tmp):
    data = write(os.path.join(tmp, 'pay.csv'), HAND_CSV)
    out = os.path.join(tmp, 'out.cxv')
    write(out, 'previous contents')

    bad_json = write(os.path.join(tmp, 'bad.json'), '{"records": [')
    fails(run('import', '--mapping', bad_json, data, '-o', out), 1, bad_json)
    unknown_field = write(os.path.join(tmp, 'field.json'), json.dumps(
        {'records': [{'kind': 'revenue', 'fields': {'customer': 'customer', 'price': 'paid'}}]}))
    fails(run('import', '--mapping', unknown_field, data, '-o', out), 1, unknown_field, 'price')
    missing_mapping = os.path.join(tmp, 'missing.json')
    fails(run('import', '--mapping', missing_mapping, data, '-o', out), 1, missing_mapping)
    fails(run('import', '--mapping', 'no-such-preset', data, '-o', out), 1, 'no-such-preset',
          'cdnow')

    mapping = write(os.path.join(tmp, 'pay.json'), json.dumps(HAND_MAPPING))
    missing_data = os.path.join(tmp, 'missing.csv')
    fails(run('import', '-m', mapping, missing_data, '-o', out), 1, missing_data)
    bad_row = write(os.path.join(tmp, 'badrow.csv'),
                    HAND_CSV + 'c;02/04/2024;twelve\n' + 'd;03/04/2024;1.00\n')
    fails(run('import', '-m', mapping, data, bad_row, '-o', out), 1, bad_row, ':5', 'twelve')
    # A file that fails after a good one: all or nothing.
    fails(run('import', '-m', mapping, data, bad_row, '-o', out), 1)
    wrong_columns = write(os.path.join(tmp, 'columns.csv'), 'who,when,paid\nx,1,2\n')
    fails(run('import', '-m', mapping, wrong_columns, '-o', out), 1, wrong_columns)
    unsealable = write(os.path.join(tmp, 'unsealable.csv'),
                       'customer,product,date,kind,amount,cost,initiative\n'
                       'nobody,,2024-01-01,new,1.00,0.00,\n')
    fails(run('import', '-m', 'cxvalue-revenue', unsealable, '-o', out), 1, 'nobody')
    with open(out) as f:
        check(f.read() == 'previous contents', 'a failed import leaves the output as it was')
    fails(run('import', '--csv-dir', os.path.join(tmp, 'nowhere'), '-o', out), 1, 'nowhere')
    empty_dir = os.path.join(tmp, 'empty')
    os.mkdir(empty_dir)
    fails(run('import', '--csv-dir', empty_dir, '-o', out), 1, empty_dir)
    no_leftovers(tmp)

    # Rejected rows are skipped, counted, and written out on request.
    rejects = os.path.join(tmp, 'rejects.csv')
    fresh = os.path.join(tmp, 'fresh.cxv')
    r = run('import', '-m', mapping, bad_row, '-o', fresh, '--collect-rejects',
            '--rejects', rejects)
    check(r.status == 0 and r.err.count('\n') == 1 and '1 row' in r.err, 'rejects', r)
    info = json.loads(ok(run('info', fresh, '--json')).out)
    check(info['records']['revenue'] == 4 and info['revenue_total'] == '15.00',
          'the good rows: %s' % info)
    rows = read_csv(rejects)
    check(len(rows) == 1 and rows[0]['line'] == '5' and rows[0]['value'] == 'twelve',
          'the rejected row: %s' % rows)


def test_import_quiet_when_not_a_terminal(tmp):
    d = simulate_dir(tmp)
    r = ok(run('import', '--csv-dir', d, '-o', os.path.join(tmp, 'x.cxv')))
    check('\r' not in r.out, 'no progress bar off a terminal', r)


def test_demo(tmp):
    r = ok(run('demo', '--customers', '2000', '--months', '12', '--seed', '3'))
    for heading in ('What was simulated', 'Records', 'Period', 'Revenue', 'Customers',
                    'Interactions', 'Feedback', 'Customers in and out', 'Cohorts', 'What customers say',
                    'Relationship tiers (QoRE)', 'Quality of revenue', 'Revenue attribution',
                    'Ground truth'):
        check('\n' + heading in r.out, 'section ' + heading, r)
    check('2,000' in r.out, 'customers shown', r)

    saved = os.path.join(tmp, 'demo.cxv')
    r = ok(run('demo', '--customers', '2000', '--months', '12', '--seed', '3', '--json',
               '--save', saved))
    report = json.loads(r.out)
    check(report['simulation']['customers'] == 2000 and report['simulation']['months'] == 12,
          'parameters')
    check(report['simulation']['seed'] == '3', 'seed')
    info = json.loads(ok(run('info', saved, '--json')).out)
    counts = {row['kind']: row['records'] for row in report['records']['records']['rows']}
    check(counts == info['records'], 'report counts %s, file %s' % (counts, info['records']))
    check(report['records']['total'] == sum(counts.values()), 'total records')
    check(report['period']['first_date'] == info['first_date'] and
          report['period']['last_date'] == info['last_date'], 'period')

    revenue = report['revenue']
    by_kind = revenue['revenue_by_kind']['rows']
    check(decimal.Decimal(revenue['total']) == decimal.Decimal(info['revenue_total']),
          'revenue total')
    check(sum(decimal.Decimal(row['amount']) for row in by_kind) ==
          decimal.Decimal(revenue['total']), 'revenue by kind adds up')
    check(sum(row['events'] for row in by_kind) == counts['revenue'], 'events add up')

    customers = report['customers']
    for table in ('customers_by_segment', 'customers_by_source'):
        check(sum(row['customers'] for row in customers[table]['rows']) == 2000,
              table + ' adds up')

    interactions = report['interactions']
    rows = interactions['interactions_by_kind']['rows']
    check(all(row['total'] == row['low_cost'] + row['assisted'] for row in rows), 'row totals')
    check(sum(row['total'] for row in rows) == counts['interaction'], 'interactions add up')
    check(sum(row['interactions'] for row in
              interactions['interactions_by_channel_class']['rows']) == counts['interaction'],
          'channel classes add up')

    feedback = report['feedback']['feedback_by_instrument']['rows']
    check(sum(row['answers'] for row in feedback) == counts['feedback'], 'answers add up')

    # Mean scores recomputed from the exported answers.
    exported = os.path.join(tmp, 'feedback.csv')
    ok(run('export', saved, '--kind', 'feedback', '-o', exported))
    scores = {}
    for row in read_csv(exported):
        scores.setdefault(row['instrument'], []).append(float(row['score']))
    for row in feedback:
        values = scores.get(row['instrument'], [])
        check(row['answers'] == len(values), 'answers of ' + row['instrument'])
        if values:
            check(abs(row['mean_score'] - sum(values) / len(values)) < 1e-9,
                  'mean score of ' + row['instrument'])
        else:
            check(row['mean_score'] is None, 'no mean without answers')

    ledger = report['ledger']
    quarters = ledger['ledger_by_quarter']['rows']
    check(len(quarters) == 4, '12 months are 4 quarters: %s' % quarters)
    check(all(row['start'] + row['new'] + row['won_back'] - row['lost'] == row['end']
              for row in quarters), 'the demo ledger reconciles')
    top = ledger['top_experiences']['rows']
    check(1 <= len(top) <= 5, 'top 5 experiences')
    lost = [decimal.Decimal(row['revenue_lost']) for row in top]
    check(lost == sorted(lost, reverse=True), 'ranked by revenue lost')
    check(ledger['departures'] == sum(row['lost'] for row in quarters), 'departures add up')

    cohorts = report['cohorts']
    check(sum(row['new'] for row in cohorts['new_customers_by_quarter']['rows']) ==
          sum(row['new'] for row in quarters), 'cohorts and ledger agree on new customers')
    check(len(cohorts['customer_retention_by_cohort']['rows']) >= 1, 'cohort grid')
    indicators = report['indicators']
    check(all(row['segment'] == 'all' for row in indicators['scores_by_quarter']['rows']),
          'scores over every segment')
    check(len(indicators['say_do']['rows']) == 9, 'say vs do')

    qore = report['qore']
    tiers = qore['tiers']['rows']
    check([row['tier'] for row in tiers] == [0, 1, 2, 3], 'four tiers')
    check(sum(row['customers'] for row in tiers) == qore['customers'], 'tiers add up')
    quality = report['revenue_quality']['quality_by_quarter']['rows']
    check([row['period'] for row in quality] == [row['period'] for row in quarters],
          'quality by the ledger\'s quarters')
    for row in quality:
        for key in ('recurring_share', 'NRR', 'GRR', 'gross_margin', 'margin_after_CTS',
                    'low_cost_share', 'largest_share', 'top_decile_share', 'HHI', 'Gini'):
            check(key in row, 'quality column ' + key)

    attribution = report['attribution']
    parts = attribution['attribution_by_quarter']['rows']
    check([row['period'] for row in parts] == [row['period'] for row in quality],
          'attribution by the same quarters')
    for row in parts:
        check(decimal.Decimal(row['CXM']) + decimal.Decimal(row['CSM']) +
              decimal.Decimal(row['sales']) == decimal.Decimal(row['total']),
              'CXM + CSM + sales = total in %s' % row['period'])
    check(sum(decimal.Decimal(row['total']) for row in parts) ==
          decimal.Decimal(revenue['total']), 'attribution covers all revenue')
    check(len(attribution['initiatives']['rows']) >= 1, 'initiatives table')
    metrics = [row['metric'] for row in attribution['in_sync_vs_out_of_sync']['rows']]
    check(metrics == ['revenue_per_customer', 'revenue_growth'], 'in-sync comparison')

    truth = report['ground_truth']
    check(len(truth) >= 1, 'ground truth present')
    for table in truth.values():
        check(len(table['rows']) >= 1 and len(table['columns']) >= 1, 'ground truth rows')


def test_demo_default_is_quick(tmp):
    r = ok(run('demo'))
    check('20,000' in r.out, 'about 20,000 customers by default', r)
    check('Ground truth' in r.out, 'ground truth', r)
    for heading in ('Customers in and out', 'Cohorts', 'What customers say and what they do',
                    'Relationship tiers (QoRE)', 'Quality of revenue'):
        check('\n' + heading + '\n' in r.out, 'section ' + heading, r)


def test_demo_save_failure(tmp):
    bad = os.path.join(tmp, 'no', 'dir', 'demo.cxv')
    fails(run('demo', '--customers', '100', '--save', bad), 1, bad)
    check(not os.path.exists(bad), 'nothing saved')


# ---------------------------------------------------------------------------
# cxvalue ledger

def check_ledger_json(report, period):
    """The ledger's JSON: every period reconciles and the experiences are
    ranked by revenue lost, checked here from the figures themselves."""
    check(report['period'] == period, 'period %s' % report['period'])
    rows = report['periods']['rows']
    check(len(rows) >= 1, 'periods listed')
    for row in rows:
        check(row['in'] == row['new'] + row['won_back'], 'in = new + won back: %s' % row)
        check(row['customers_start'] + row['new'] + row['won_back'] - row['out'] ==
              row['customers_end'], 'period %s does not reconcile: %s' % (row['period'], row))
        check(row['reconciled'] is True, 'reconciled flag: %s' % row)
    for before, after in zip(rows, rows[1:]):
        check(before['customers_end'] == after['customers_start'],
              'one period closes where the next opens: %s %s' % (before, after))
        check(before['end_date'] == after['start_date'], 'periods are contiguous')
    experiences = report['experiences']['rows']
    lost = [decimal.Decimal(row['revenue_lost']) for row in experiences]
    check(lost == sorted(lost, reverse=True), 'experiences sorted by revenue lost: %s' % lost)
    check(isinstance(report['findings'], int) and report['findings'] >= 0, 'findings count')
    return rows


def test_ledger(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    ok(run('simulate', *SMALL, '-o', cxv))
    info = json.loads(ok(run('info', cxv, '--json')).out)

    r = ok(run('ledger', cxv))
    for heading in ('Customers in and out by month', 'Which experiences drove revenue out',
                    'Data-quality findings:'):
        check(heading in r.out, 'heading ' + heading, r)
    header = [line for line in r.out.splitlines() if line.strip().startswith('period')][0]
    for title in ('start', 'new', 'won back', 'lost', 'end', 'reconciled', 'revenue',
                  'value in', 'value out', 'retention', 'refill share', 'NRR', 'GRR'):
        check(title in header, 'column ' + title, r)

    report = json.loads(ok(run('ledger', cxv, '--json')).out)
    rows = check_ledger_json(report, 'month')
    check(report['definition'] == 'contractual', 'default definition')
    check('departures' not in report, 'departures only when asked')
    # Six simulated months, the first on the first day a customer came in.
    check(len(rows) == 6, '%d monthly periods' % len(rows))
    check(rows[0]['period'] in r.out and rows[-1]['period'] in r.out, 'periods shown', r)
    check(rows[0]['customers_start'] == 0, 'nobody before the first period')
    check(rows[-1]['customers_end'] <= info['records']['customer'], 'no more than the customers')
    # Revenue per period adds up to every amount dated within the periods.
    total = sum(decimal.Decimal(row['revenue']) for row in rows)
    check(total == decimal.Decimal(info['revenue_total']),
          'revenue %s, file %s' % (total, info['revenue_total']))

    with_departures = json.loads(ok(run('ledger', cxv, '--json', '--departures')).out)
    departures = with_departures['departures']['rows']
    check(len(departures) == sum(row['out'] for row in rows),
          'one departure per customer lost')


def test_ledger_by_quarter(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    ok(run('simulate', *SMALL, '-o', cxv))
    monthly = json.loads(ok(run('ledger', cxv, '--json')).out)['periods']['rows']
    r = ok(run('ledger', cxv, '--period', 'quarter'))
    check('by quarter' in r.out and '-Q' in r.out, 'quarters shown', r)
    report = json.loads(ok(run('ledger', cxv, '--period', 'quarter', '--json')).out)
    quarters = check_ledger_json(report, 'quarter')
    check(len(quarters) == 2, '%d quarters' % len(quarters))
    for key in ('new', 'won_back', 'out'):
        check(sum(row[key] for row in quarters) == sum(row[key] for row in monthly),
              key + ' adds up from months to quarters')
    check(quarters[-1]['customers_end'] == monthly[-1]['customers_end'], 'same closing count')

    report = json.loads(ok(run('ledger', cxv, '--definition', 'non-contractual',
                               '--inactivity-days', '45', '--window-days', '30',
                               '--period', 'year', '--json')).out)
    check_ledger_json(report, 'year')
    check(report['definition'] == 'non-contractual' and report['inactivity_days'] == 45 and
          report['window_days'] == 30, 'settings echoed: %s' % report)


def test_ledger_failures(tmp):
    missing = os.path.join(tmp, 'missing.cxv')
    fails(run('ledger', missing), 1, missing)
    text = write(os.path.join(tmp, 'text.cxv'), 'hello\n' * 100)
    fails(run('ledger', text), 1, text)
    fails(run('ledger', text, '--json'), 1, text)
    fails(run('ledger', tmp), 1, tmp)
    fails(run('ledger', text, '--period', 'fortnight'), 2, 'fortnight')
    # An empty dataset: only the header of the customer file.
    d = os.path.join(tmp, 'csv')
    os.mkdir(d)
    write(os.path.join(d, 'customers.csv'),
          'id,segment,acquired,source,referred_by\n')
    empty = os.path.join(tmp, 'empty.cxv')
    r = run('import', '--mapping', 'cxvalue-customers', os.path.join(d, 'customers.csv'),
            '-o', empty)
    if r.status == 0:
        r = fails(run('ledger', empty), 1)
        check('no customers' in r.err, 'says the dataset is empty', r)


# ---------------------------------------------------------------------------
# cxvalue cohorts and cxvalue indicators

def test_cohorts(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    ok(run('simulate', *SMALL, '-o', cxv))
    r = ok(run('cohorts', cxv))
    for heading in ('Customers still active, by cohort', 'New customers by month',
                    'Growth by segment'):
        check(heading in r.out, 'heading ' + heading, r)
    report = json.loads(ok(run('cohorts', cxv, '--json')).out)
    ledger = json.loads(ok(run('ledger', cxv, '--json')).out)['periods']['rows']
    new = report['new_customers']['rows']
    check([(row['period'], row['new'], row['won_back']) for row in new] ==
          [(row['period'], row['new'], row['won_back']) for row in ledger],
          'new and won back agree with the ledger')
    retention = report['retention']['rows']
    sizes = {row['cohort']: row['customers'] for row in retention}
    check(sum(sizes.values()) == sum(row['new'] for row in new), 'cohorts add up to new')
    for row in retention:
        if row['age'] == 0:
            check(row['active'] == row['customers'], 'everybody active at age 0: %s' % row)
        check(0 <= row['active'] <= row['customers'], 'active within the cohort: %s' % row)
    for row in report['segments']['rows']:
        check(row['customers_start'] + row['new'] - row['lost'] == row['customers_end'],
              'segment reconciles: %s' % row)
    r = ok(run('cohorts', cxv, '--period', 'quarter', '--json'))
    check(json.loads(r.out)['period'] == 'quarter', 'by quarter')
    text = write(os.path.join(tmp, 'text.cxv'), 'hello\n' * 100)
    fails(run('cohorts', text), 1, text)
    fails(run('cohorts', cxv, '--period', 'week'), 2, 'week')


def test_indicators(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    ok(run('simulate', *SMALL, '-o', cxv))
    r = ok(run('indicators', cxv))
    check('What customers say' in r.out and 'What they do' in r.out, 'headings', r)
    report = json.loads(ok(run('indicators', cxv, '--json')).out)

    # NPS and CSAT of every month, recomputed from the exported answers.
    exported = os.path.join(tmp, 'feedback.csv')
    ok(run('export', cxv, '--kind', 'feedback', '-o', exported))
    answers = {}
    for row in read_csv(exported):
        answers.setdefault((row['date'][:7], row['instrument']), []).append(float(row['score']))
    rows = [row for row in report['scores']['rows'] if row['segment'] == 'all']
    check(len(rows) >= 1, 'scores for all segments')
    for row in rows:
        nps = answers.get((row['period'], 'nps'), [])
        check(row['responses_nps'] == len(nps), 'NPS answers in %s' % row['period'])
        if nps:
            promoters = sum(1 for v in nps if v >= 9)
            detractors = sum(1 for v in nps if v <= 6)
            check(abs(row['nps'] - 100.0 * (promoters - detractors) / len(nps)) < 1e-9,
                  'NPS of %s' % row['period'])
            check(row['nps_low'] <= row['nps'] <= row['nps_high'], 'interval')
        csat = answers.get((row['period'], 'csat'), [])
        check(row['responses_csat'] == len(csat), 'CSAT answers in %s' % row['period'])
        if csat:
            check(abs(row['csat_share'] - sum(1 for v in csat if v >= 4) / len(csat)) < 1e-9,
                  'CSAT share of %s' % row['period'])
    say_do = report['say_do']['rows']
    check(len(say_do) == 9, 'nine bands')
    check(report['horizon'] == 3, 'default horizon')
    r = ok(run('indicators', cxv, '--period', 'quarter', '--horizon', '1', '--json'))
    check(json.loads(r.out)['horizon'] == 1, 'horizon set')
    text = write(os.path.join(tmp, 'text.cxv'), 'hello\n' * 100)
    fails(run('indicators', text), 1, text)
    fails(run('indicators', cxv, '--horizon', 'soon'), 2, '--horizon')


# ---------------------------------------------------------------------------
# cxvalue qore and cxvalue revenue-quality

def test_qore(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    ok(run('simulate', *SMALL, '-o', cxv))

    r = ok(run('qore', cxv))
    check('Relationship tiers' in r.out and 'Evaluated on:' in r.out, 'headings', r)
    header = [line for line in r.out.splitlines() if line.strip().startswith('tier')][0]
    for title in ('name', 'customers', 'share', 'revenue', 'churn rate',
                  'products per customer', 'single product share'):
        check(title in header, 'column ' + title, r)
    for name in ('unqualified', 'evaluate', 'engage', 'trust'):
        check(name in r.out, 'tier ' + name, r)

    report = json.loads(ok(run('qore', cxv, '--json')).out)
    check('customers' not in report, 'customers only when asked')
    check(report['window_days'] == 365, 'default window')
    tiers = report['tiers']['rows']
    check([row['tier'] for row in tiers] == [0, 1, 2, 3], 'tiers 0 to 3')

    full = json.loads(ok(run('qore', cxv, '--customers', '--json')).out)
    customers = full['customers']['rows']
    check(len(customers) >= 1, 'customers evaluated')
    check(full['customers_evaluated'] == len(customers), 'count of customers')
    check(sum(row['customers'] for row in tiers) == len(customers),
          'tier counts add up to the customers: %s' % tiers)
    shares = sum(row['share'] for row in tiers)
    check(abs(shares - 1) < 1e-9, 'shares sum to 1: %s' % shares)
    for row in tiers:
        check(row['customers'] == sum(1 for c in customers if c['tier'] == row['tier']),
              'tier %d counted from the customers' % row['tier'])
    for column in ('satisfied_value', 'satisfied_holds', 'referral_holds', 'gaps', 'products',
                   'revenue', 'churned'):
        check(column in customers[0], 'full column ' + column)

    products = report['products']['rows']
    check(len(products) == info_records(cxv)['product'], 'one row per product')
    check(sum(row['single_product_holders'] for row in products) ==
          sum(row['single_product'] for row in tiers), 'single-product customers agree')
    for row in products:
        if row['coverage'] is not None:
            # Coverage is the share of eligible customers who hold the
            # product: a whole number of them, never more than all holders.
            eligible_holders = row['coverage'] * row['eligible']
            check(0 <= row['coverage'] <= 1
                  and abs(eligible_holders - round(eligible_holders)) < 1e-6
                  and round(eligible_holders) <= row['holders'],
                  'coverage: %s' % row)

    moved = json.loads(ok(run('qore', cxv, '--migration', '2023-03-01:2023-06-01',
                              '--json')).out)['migration']
    cells = moved['matrix']['rows']
    check(len(cells) == 25, 'every pair of tiers -1 to 3')
    check(sum(row['customers'] for row in cells) == info_records(cxv)['customer'],
          'the migration cells add up to the customers')
    r = ok(run('qore', cxv, '--migration', '2023-03-01:2023-06-01'))
    check('Customers moving between tiers' in r.out and 'Product mix' in r.out, 'headings', r)
    fails(run('qore', cxv, '--migration', '2023-06-01:2023-03-01'), 2, '--migration')
    fails(run('qore', cxv, '--migration', 'March'), 2, 'March')
    fails(run('qore', cxv, '--migration', '1990-01-01:2023-03-01'), 1, '1990-01-01')

    r = ok(run('qore', cxv, '--customers'))
    header = [line for line in r.out.splitlines() if line.strip().startswith('customer')][0]
    for title in ('segment', 'tier', 'gaps'):
        check(title in header, 'column ' + title, r)
    check(customers[0]['customer'] in r.out and customers[-1]['customer'] in r.out,
          'every customer listed', r)

    first = customers[0]
    r = ok(run('qore', cxv, '--customer', first['customer']))
    check(r.out.startswith('Customer ' + first['customer']), 'explains the customer', r)
    check('tier %d' % first['tier'] in r.out, 'names the tier', r)
    explained = json.loads(ok(run('qore', cxv, '--customer', first['customer'],
                                  '--json')).out)
    check(explained['customer'] == first['customer'], 'customer in JSON')
    check(explained['explanation'] == r.out, 'the same explanation')
    check(explained['customer_row']['rows'] == [first], 'the customer\'s row')

    fails(run('qore', cxv, '--customer', 'NO-SUCH-ID'), 1, 'NO-SUCH-ID')

    rules = write(os.path.join(tmp, 'rules.json'), '{"window-dayz": 30}\n')
    fails(run('qore', cxv, '--rules', rules), 1, 'window-dayz')
    rules = write(os.path.join(tmp, 'wrong.json'), '{"min-nps": "high"}\n')
    fails(run('qore', cxv, '--rules', rules), 1, 'min-nps')
    fails(run('qore', cxv, '--rules', os.path.join(tmp, 'missing.json')), 1, 'missing.json')
    rules = write(os.path.join(tmp, 'good.json'), '{"window-days": 90, "churn-days": 30}\n')
    report = json.loads(ok(run('qore', cxv, '--rules', rules, '--json')).out)
    check(report['window_days'] == 90 and report['churn_days'] == 30, 'rules loaded')
    report = json.loads(ok(run('qore', cxv, '--rules', rules, '--window-days', '30',
                               '--json')).out)
    check(report['window_days'] == 30, '--window-days overrides the rules')

    text = write(os.path.join(tmp, 'text.cxv'), 'hello\n' * 100)
    fails(run('qore', text), 1, text)


def test_revenue_quality(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    ok(run('simulate', *SMALL, '-o', cxv))

    r = ok(run('revenue-quality', cxv))
    for heading in ('Predictable, by month', 'Profitable, by month', 'Diverse, by month',
                    'Volatility'):
        check(heading in r.out, 'heading ' + heading, r)
    for title in ('recurring share', 'NRR', 'GRR', 'gross margin', 'low cost share',
                  'largest share', 'HHI', 'Gini', 'coefficient of variation'):
        check(title in r.out, 'column ' + title, r)

    report = json.loads(ok(run('revenue-quality', cxv, '--json')).out)
    check(report['segment'] == 'all' and report['period'] == 'month', 'defaults')
    rows = report['periods']['rows']
    check(len(rows) == 6 and all(row['segment'] == 'all' for row in rows), 'six months, all')
    for row in rows:
        check(row['period'] in r.out, 'period %s shown' % row['period'], r)
        if row['recurring_share'] is not None:
            check(0 <= row['recurring_share'] <= 2, 'recurring share: %s' % row)
        if row['herfindahl'] is not None:
            check(0 < row['herfindahl'] <= 1, 'Herfindahl: %s' % row)
        if row['gini'] is not None:
            check(0 <= row['gini'] < 1, 'Gini: %s' % row)
    ledger = json.loads(ok(run('ledger', cxv, '--json')).out)['periods']['rows']
    check([(row['period'], decimal.Decimal(row['revenue'])) for row in rows] ==
          [(row['period'], decimal.Decimal(row['revenue'])) for row in ledger],
          'revenue per period agrees with the ledger')
    summary = report['summary']['rows']
    check(len(summary) == 1 and summary[0]['periods'] == len(rows), 'summary of all')
    check(decimal.Decimal(summary[0]['revenue']) ==
          sum(decimal.Decimal(row['revenue']) for row in rows), 'summary revenue')

    by_quarter = json.loads(ok(run('revenue-quality', cxv, '--period', 'quarter',
                                   '--json')).out)
    check(by_quarter['period'] == 'quarter' and len(by_quarter['periods']['rows']) >= 2,
          'by quarter')
    segments = read_segments(tmp, cxv)
    segment = sorted(segments)[0]
    one = json.loads(ok(run('revenue-quality', cxv, '--segment', segment, '--json')).out)
    check(all(row['segment'] == segment for row in one['periods']['rows']), 'one segment')
    ok(run('revenue-quality', cxv, '--segment', segment))
    fails(run('revenue-quality', cxv, '--segment', 'no-such-segment'), 1, 'no-such-segment')
    fails(run('revenue-quality', cxv, '--period', 'fortnight'), 2, 'fortnight')
    text = write(os.path.join(tmp, 'text.cxv'), 'hello\n' * 100)
    fails(run('revenue-quality', text), 1, text)


EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'examples',
                        'data')


def test_attribution_worksheet(tmp):
    example = os.path.join(EXAMPLES, 'attribution-worksheet.json')

    # The worked example of issue 6, by hand: CXM 60 + 50 + 30 + 10 = 150 M,
    # CSM 90 + 30 + 40 = 160 M (150 M stated), sales 900 - 150 - 160 = 590 M.
    r = ok(run('attribution', '--worksheet', example, '--json'))
    check(json.loads(r.out) == {
        'currency': 'USD', 'cxm': '150000000.00', 'csm': '160000000.00',
        'sales': '590000000.00',
        'mismatches': [{'part': 'csm', 'stated': '150000000.00', 'computed': '160000000.00'}],
    }, 'worked example', r)
    check(list(json.loads(r.out)) == ['currency', 'cxm', 'csm', 'sales', 'mismatches'],
          'key order', r)

    r = ok(run('attribution', '--worksheet', example))
    for text in ('900,000,000.00', '150,000,000.00', '160,000,000.00', '590,000,000.00',
                 'Process B', 'New customers who did not hear gripes',
                 'csm: stated 150,000,000.00, but the items give 160,000,000.00'):
        check(text in r.out, 'human output shows ' + text, r)

    # A study share, by hand: 12.5 % of (1000 - 100) = 112.50 on top of 50.
    sheet = write(os.path.join(tmp, 'share.json'), json.dumps({
        'currency': 'USD', 'total_revenue': '1000',
        'cxm': {'switched': [{'label': 'a', 'amount': '100'}]},
        'csm': {'expanded': [{'label': 'b', 'amount': '50'}], 'study_share': 12.5},
        'stated': {'cxm': '100'}}))
    r = ok(run('attribution', '-w', sheet, '--json'))
    check(json.loads(r.out) == {'currency': 'USD', 'cxm': '100.00', 'csm': '162.50',
                                'sales': '737.50', 'mismatches': []}, 'study share', r)
    r = ok(run('attribution', '-w', sheet))
    check('study share 12.5 %' in r.out and '112.50' in r.out and 'none disagree' in r.out,
          'study share shown', r)

    bad = [
        ({'currency': 'USD', 'total_revenue': '10',
          'cxm': {'switched': [{'amount': '1'}, {'amount': '-5'}]}},
         ['cxm.switched[1].amount', '“-5” is negative']),
        ({'currency': 'USD', 'total_revenue': '10', 'extra': 1}, ['extra: unknown key']),
        ({'currency': 'USD', 'total_revenue': '10', 'csm': {'study_share': 101}},
         ['csm.study_share', '0-100']),
        ({'currency': 'USD', 'total_revenue': '10',
          'csm': {'acquired': [{'amount': '1', 'currency': 'EUR'}]}},
         ['csm.acquired[0].currency', 'EUR']),
        ({'currency': 'USD', 'total_revenue': '10', 'cxm': {'expanded': [{'amount': '11'}]}},
         ['cxm: the items add up to more than total_revenue']),
    ]
    for document, words in bad:
        path = write(os.path.join(tmp, 'bad.json'), json.dumps(document))
        fails(run('attribution', '--worksheet', path, '--json'), 1, path, *words)
    broken = write(os.path.join(tmp, 'broken.json'), '{"currency": ')
    fails(run('attribution', '--worksheet', broken), 1, broken, 'not valid JSON')
    missing = os.path.join(tmp, 'missing.json')
    fails(run('attribution', '--worksheet', missing), 1, missing)

    fails(run('attribution', '--worksheet', example, 'extra.cxv'), 2, 'extra.cxv')
    fails(run('attribution', '--worksheet'), 2, '--worksheet')


def test_attribution_evidence_mode(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    ok(run('simulate', *SMALL, '-o', cxv))

    report = json.loads(ok(run('attribution', cxv, '--json')).out)
    check(list(report) == ['file', 'currency', 'period', 'summary', 'initiatives',
                           'comparison'] and report['period'] == 'month', 'keys', report)
    rows = report['summary']['rows']
    check(len(rows) == 6, 'six months', report)
    # Every unit of revenue is credited once: the parts add up to the total.
    for row in rows:
        parts = sum(decimal.Decimal(row[k]) for k in ('cxm', 'csm', 'sales'))
        check(parts == decimal.Decimal(row['total']), 'parts sum to the total: %s' % row)
    ledger = json.loads(ok(run('ledger', cxv, '--json')).out)['periods']['rows']
    check(sum(decimal.Decimal(r['total']) for r in rows) ==
          sum(decimal.Decimal(r['revenue']) for r in ledger), 'total agrees with the ledger')

    r = ok(run('attribution', cxv))
    for text in ('CXM revenue by initiative', 'in sync', rows[0]['period']):
        check(text in r.out, 'human output shows ' + text, r)
    quarters = json.loads(ok(run('attribution', cxv, '--period', 'quarter', '--json')).out)
    check(quarters['period'] == 'quarter' and len(quarters['summary']['rows']) >= 2, 'quarters')

    fails(run('attribution'), 2, 'dataset file')
    fails(run('attribution', cxv, cxv), 2, cxv)
    fails(run('attribution', cxv, '--period', 'week'), 2, '--period', 'week')
    example = os.path.join(EXAMPLES, 'attribution-worksheet.json')
    fails(run('attribution', '--worksheet', example, '--period', 'month'), 2, '--period')
    text = write(os.path.join(tmp, 'text.cxv'), 'hello\n' * 100)
    fails(run('attribution', text), 1, text)


CDNOW = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data',
                     'cdnow-sample.txt')


def close(value, published):
    """value rounds to a published figure at the decimals it was published with."""
    decimals = len(repr(published).split('.')[1]) if '.' in repr(published) else 0
    return round(value, decimals) == published


def test_clv_fit_cdnow(tmp):
    # The published maximum-likelihood estimates on the CDNOW sample, 2,357
    # customers, calibration to 1997-09-30, in weeks: BG/NBD from Fader,
    # Hardie & Lee (2005), Marketing Science 24(2), table 1 and LL -9582.4;
    # Pareto/NBD from Fader, Hardie & Lee (2005), JMR 42(4), LL -9595.0;
    # Gamma-Gamma from Fader & Hardie (2013), "The Gamma-Gamma model of
    # monetary value", on the 946 repeat buyers.
    published = {
        'bgnbd': ({'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}, -9582.4),
        'pareto-nbd': ({'r': 0.553, 'alpha': 10.578, 's': 0.606, 'beta': 11.669}, -9595.0),
        'gamma-gamma': ({'p': 6.25, 'q': 3.74, 'gamma': 15.44}, None),
    }
    for model, (params, ll) in published.items():
        r = ok(run('clv', 'fit', '--model', model, '--mapping', 'cdnow', CDNOW,
                   '--calibration-end', '1997-09-30', '--time-unit', 'week', '--json'))
        report = json.loads(r.out)
        check(list(report)[:5] == ['model', 'customers', 'params', 'log_likelihood',
                                   'converged'], 'machine interface keys', r)
        check(report['model'] == model and report['customers'] == 2357
              and report['converged'] is True, model + ' fit', r)
        check(list(report['params']) == list(params), model + ' parameter names', r)
        for name, value in params.items():
            check(close(report['params'][name], value),
                  '%s %s = %r, published %r' % (model, name, report['params'][name], value))
        if ll is not None:
            check(abs(report['log_likelihood'] - ll) < 0.1, model + ' log-likelihood', r)
    gg = json.loads(run('clv', 'fit', '--model', 'gamma-gamma', '-m', 'cdnow', CDNOW,
                        '--calibration-end', '1997-09-30', '--json').out)
    check(gg['fitted_on'] == 946, 'gamma-gamma fits the 946 repeat buyers', gg)

    r = ok(run('clv', 'fit', '--model', 'bgnbd', '-m', 'cdnow', CDNOW,
               '--calibration-end', '1997-09-30'))
    for text in ('BG/NBD', '2,357' if '2,357' in r.out else '2357', 'alpha', '-9582.4'):
        check(text in r.out, 'human output shows ' + text, r)


def test_clv_fit_sbg(tmp):
    # Fader & Hardie (2007), "How to project customer retention", JIM 21(1):
    # the "high end" series gives alpha 0.668, beta 3.806; "regular" gives
    # alpha 0.704, beta 1.182.
    for series, alpha, beta in (('1000,869,743,653,593,551,517,491', 0.668, 3.806),
                                ('1000,631,468,382,326,289,262,241', 0.704, 1.182)):
        r = ok(run('clv', 'fit', '--model', 'sbg', '--survival', series, '--json'))
        report = json.loads(r.out)
        check(list(report)[:3] == ['model', 'params', 'log_likelihood']
              and report['model'] == 'sbg' and report['identified'] is True, 'sbg keys', r)
        check(close(report['params']['alpha'], alpha) and close(report['params']['beta'], beta),
              'sbg estimates', r)
        # The log-likelihood, recomputed here from the closed form:
        # P(T = t) = B(a + 1, b + t - 1) / B(a, b), S(t) = B(a, b + t) / B(a, b).
        a, b = report['params']['alpha'], report['params']['beta']
        counts = [int(v) for v in series.split(',')]
        lb = lambda x, y: math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)
        ll = sum((counts[t - 1] - counts[t]) * (lb(a + 1, b + t - 1) - lb(a, b))
                 for t in range(1, len(counts)))
        ll += counts[-1] * (lb(a, b + len(counts) - 1) - lb(a, b))
        check(abs(report['log_likelihood'] - ll) < 1e-6, 'sbg log-likelihood', r)

    # A cohort losing exactly 10 % a period has no heterogeneity: alpha and
    # beta run off together, and the fit says it is not identified.
    flat = json.loads(ok(run('clv', 'fit', '--model', 'sbg', '--survival',
                             '1000,900,810,729', '--json')).out)
    check(flat['converged'] is True and flat['identified'] is False, 'flat cohort', flat)
    check(abs(flat['params']['alpha'] / (flat['params']['alpha'] + flat['params']['beta'])
              - 0.1) < 1e-4, 'the churn rate is still identified', flat)
    fails(run('clv', 'fit', '--model', 'sbg', '--survival', '1000,900,950', '--json'), 1,
          'rises', '950')
    fails(run('clv', 'fit', '--model', 'sbg', '--survival', '1000,x'), 2, '--survival', 'x')
    fails(run('clv', 'fit', '--model', 'sbg', '--survival', '1000'), 2, '--survival')
    fails(run('clv', 'fit', '--model', 'sbg', '--survival', '1000,900', '--time-unit', 'day'), 2,
          'time units')
    fails(run('clv', 'fit', '--model', 'sbg'), 2, '--survival')
    fails(run('clv', 'fit', '--model', 'weibull', CDNOW), 2, 'weibull')
    fails(run('clv', 'fit', CDNOW), 2, '--model')
    fails(run('clv', 'fit', '--model', 'bgnbd', '-m', 'cdnow', CDNOW,
              '--calibration-end', '1997-13-01'), 2, '--calibration-end')
    fails(run('clv', 'fit', '--model', 'bgnbd', '-m', 'cdnow', os.path.join(tmp, 'no.txt')),
          1, 'no.txt')
    fails(run('clv', 'predict'), 2, 'predict')
    check(run('clv').status == 2, 'clv alone is a usage error')

    # Nobody bought twice: nothing for the spend model, a clear error.
    once = write(os.path.join(tmp, 'once.txt'),
                 '00001 1 19970101 1 10.00\r\n00002 2 19970102 1 12.00\r\n')
    fails(run('clv', 'fit', '--model', 'gamma-gamma', '-m', 'cdnow', once), 1, 'repeat')
    fails(run('clv', 'fit', '--model', 'bgnbd', '-m', 'cdnow', once), 1)
    empty = write(os.path.join(tmp, 'empty.txt'), '')
    fails(run('clv', 'fit', '--model', 'bgnbd', '-m', 'cdnow', empty), 1)


def test_clv_value(tmp):
    r = ok(run('clv', 'value', '-m', 'cdnow', CDNOW, '--calibration-end', '1997-09-30',
               '--holdout-end', '1998-06-30', '--horizon', '39', '--margin', '0.3',
               '--json', '--top', '3', '-o', os.path.join(tmp, 'values.csv')))
    report = json.loads(r.out)
    check(report['customers'] == 2357 and len(report['top']['rows']) == 3, 'value report', r)
    rows = read_csv(os.path.join(tmp, 'values.csv'))
    check(len(rows) == 2357, 'one row per customer in the CSV')
    total = sum(float(row['lifetime_value']) for row in rows)
    check(abs(total - report['total_value']) < 1e-6 * total, 'total is the sum of the rows', r)
    best = max(rows, key=lambda row: float(row['lifetime_value']))
    check(report['top']['rows'][0]['customer'] == best['customer'], 'top customer first', r)
    # The holdout: actual purchases per calibration frequency, counted here
    # from the file (same-day purchases merged, 1997-10-01 to 1998-06-30).
    days = {}
    with open(CDNOW) as f:
        for line in f:
            cust, _, date, _, _ = line.split()
            days.setdefault(cust, set()).add(date)
    calib, hold = {}, {}
    for cust, ds in days.items():
        calib[cust] = len([d for d in ds if d <= '19970930']) - 1
        hold[cust] = len([d for d in ds if '19970930' < d <= '19980630'])
    zero = [hold[c] for c in calib if calib[c] == 0]
    bucket = report['holdout']['rows'][0]
    check(bucket['frequency'] == '0' and bucket['customers'] == len(zero)
          and abs(bucket['actual'] - sum(zero) / len(zero)) < 1e-12, 'holdout actuals', r)
    check(abs(sum(b['actual'] * b['customers'] for b in report['holdout']['rows'])
              - sum(hold.values())) < 1e-6, 'holdout purchases all counted', r)
    # The buckets' predictions are the customers' expected purchases over
    # the same 39 weeks, as the CSV lists them.
    predicted = sum(b['predicted'] * b['customers'] for b in report['holdout']['rows'])
    expected = sum(float(row['expected_purchases']) for row in rows)
    check(abs(predicted - expected) < 1e-6 * expected, 'holdout predictions', r)

    r = ok(run('clv', 'value', '-m', 'cdnow', CDNOW, '--calibration-end', '1997-09-30'))
    check('Most valuable customers' in r.out, 'human output', r)
    fails(run('clv', 'value', '-m', 'cdnow', CDNOW, '--margin', '2'), 2, '--margin')
    fails(run('clv', 'value', '-m', 'cdnow', CDNOW, '--model', 'sbg'), 2, 'sbg')
    fails(run('clv', 'value', '-m', 'cdnow', CDNOW, '--holdout-end', '1998-06-30'), 2,
          '--calibration-end')
    fails(run('clv', 'value', '-m', 'cdnow', CDNOW, '--calibration-end', '1997-09-30',
              '--holdout-end', '1997-09-01'), 2, '--holdout-end')
    # The holdout comparison covers the holdout (39 weeks), not --horizon:
    # the same with a horizon of 52.
    r52 = json.loads(ok(run('clv', 'value', '-m', 'cdnow', CDNOW, '--calibration-end',
                            '1997-09-30', '--holdout-end', '1998-06-30', '--json')).out)
    check(r52['holdout'] == report['holdout'], 'holdout independent of the horizon')


def test_ledger_lifetime_value_out(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    ok(run('simulate', '--customers', '1500', '--months', '12', '--seed', '9', '-o', cxv))
    plain = json.loads(ok(run('ledger', cxv, '--json')).out)['periods']
    check('lifetime_value_out' not in [c['name'] for c in plain['columns']],
          'no lifetime column without a model')
    priced = json.loads(ok(run('ledger', cxv, '--json', '--lifetime-discount', '0.01')).out)
    rows = priced['periods']['rows']
    check([c['name'] for c in priced['periods']['columns']][-1] == 'lifetime_value_out',
          'lifetime column last', priced)
    for row, before in zip(rows, plain['rows']):
        # Everything else is as without a model; what walked out in
        # lifetime value is at least one month of the run-rate that did.
        check(all(row[k] == before[k] for k in before), 'other columns unchanged: %s' % row)
        lifetime = decimal.Decimal(row['lifetime_value_out'])
        monthly = decimal.Decimal(row['value_out']) / 12
        check((lifetime == 0) == (monthly == 0) and lifetime >= monthly,
              'lifetime value out against the run-rate: %s' % row)
    r = ok(run('ledger', cxv, '--lifetime-discount', '0.01'))
    check('lifetime value out' in r.out, 'human output shows the column', r)
    fails(run('ledger', cxv, '--lifetime-discount', '1.5'), 2, '--lifetime-discount')
    fails(run('ledger', cxv, '--lifetime-discount', '-0.1'), 2, '--lifetime-discount')


def test_linkage(tmp):
    cxv = os.path.join(tmp, 'sim.cxv')
    ok(run('simulate', '--customers', '2000', '--months', '12', '--seed', '5', '-o', cxv))

    r = ok(run('linkage', cxv, '--outcome', 'revenue', '--signals',
               'complaints_unresolved,contacts,products', '--bootstrap', '20', '--json',
               '--what-if', 'complaints_unresolved=0'))
    report = json.loads(r.out)
    check(list(report) == ['outcome', 'model', 'rows', 'dropped', 'r_squared', 'log_likelihood',
                           'iterations', 'correlations', 'coefficients', 'drivers', 'levels',
                           'what_if'], 'keys', r)
    check(report['model'] == 'ols' and report['rows'] > 1000, 'least squares on revenue', r)
    terms = [row['term'] for row in report['coefficients']['rows']]
    check(terms == ['(intercept)', 'complaints_unresolved', 'contacts', 'products'], 'terms', r)
    # Each method's driver shares add up to the model's R².
    shares = sum(row['shapley'] for row in report['drivers']['rows'])
    weights = sum(row['relative_weight'] for row in report['drivers']['rows'])
    check(abs(shares - report['r_squared']) < 1e-9 and abs(weights - report['r_squared']) < 1e-9,
          'shares sum to R²', r)
    check(len(report['what_if']) == 1 and report['what_if'][0]['rows'][0]['signal']
          == 'complaints_unresolved', 'what-if', r)

    r = ok(run('linkage', cxv, '--signals', 'complaints_unresolved,nps', '--levels',
               '--what-if', 'complaints_unresolved=0', '--bootstrap', '0'))
    for text in ('logistic regression', 'Key drivers', 'Outcome by level',
                 'What if complaints_unresolved were 0', 'Assumptions:'):
        check(text in r.out, 'human output shows ' + text, r)

    # A row per segment and month: as many rows as segment-months with
    # customers, and the churn "rate" outcome fitted by least squares.
    r = ok(run('linkage', cxv, '--grain', 'segment-period', '--signals', 'contacts',
               '--bootstrap', '0', '--json'))
    report = json.loads(r.out)
    segments = read_segments(tmp, cxv)
    check(report['model'] == 'ols' and 0 < report['rows'] <= 12 * (len(segments) + 1),
          'segment-period rows', r)
    r = ok(run('linkage', cxv, '--grain', 'customer-period', '--period', 'quarter',
               '--signals', 'contacts', '--bootstrap', '0'))
    check('customer-periods' in r.out, 'customer-period rows', r)
    fails(run('linkage', cxv, '--grain', 'weekly'), 2, '--grain', 'weekly')
    fails(run('linkage', cxv, '--period', 'week'), 2, '--period', 'week')
    fails(run('linkage', cxv, '--signals', 'complaints,shoe_size'), 1, 'shoe_size')
    fails(run('linkage', cxv, '--outcome', 'happiness'), 1, 'happiness')
    fails(run('linkage', cxv, '--what-if', 'nps'), 2, '--what-if', 'nps')
    fails(run('linkage', cxv, '--what-if', 'nps=high'), 2, 'high')
    fails(run('linkage', cxv, '--horizon-days', '-1'), 2, '--horizon-days')
    fails(run('linkage', cxv, '--start', '2024-02-30'), 2, '--start')
    fails(run('linkage', cxv, '--start', '2030-01-01', '--end', '2029-01-01'), 2, '--end')
    fails(run('linkage', cxv, '--signals', ''), 2, '--signals')
    fails(run('linkage', cxv, '--signals', 'contacts', '--what-if', 'nps=5'), 1, 'nps')
    fails(run('linkage'), 2, 'dataset file')


def info_records(cxv):
    return json.loads(ok(run('info', cxv, '--json')).out)['records']


def read_segments(tmp, cxv):
    exported = os.path.join(tmp, 'customers.csv')
    ok(run('export', cxv, '--kind', 'customers', '-o', exported))
    return {row['segment'] for row in read_csv(exported) if row['segment']}


TESTS = [value for name, value in sorted(globals().items()) if name.startswith('test_')]


def main():
    print('1..%d' % len(TESTS))
    failed = 0
    for number, test in enumerate(TESTS, 1):
        name = test.__name__[len('test_'):]
        with tempfile.TemporaryDirectory(prefix='cxvalue-cli-') as tmp:
            try:
                test(tmp)
            except Exception:
                failed += 1
                print('not ok %d - %s' % (number, name))
                for line in traceback.format_exc().splitlines():
                    print('# ' + line)
            else:
                print('ok %d - %s' % (number, name))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
