#!/usr/bin/env python3
# check-clv.py: runs the CDNOW lifetime-value example and checks its output
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: check-clv.py CDNOW_SAMPLE.txt OUTPUT-DIR COMMAND...
#
# Runs COMMAND CDNOW_SAMPLE.txt OUTPUT-DIR and checks, printing TAP:
#
# - the parameters it prints round to the published ones: BG/NBD r 0.243,
#   alpha 4.414, a 0.793, b 2.426, log-likelihood -9582.4 (Fader, Hardie &
#   Lee 2005, "Counting your customers the easy way", Marketing Science
#   24(2)); Gamma-Gamma p 6.25, q 3.74, gamma 15.44 on 946 repeat buyers
#   (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value");
# - the actual holdout purchases per calibration frequency are the ones
#   counted here, independently, from the raw file: a purchase is a
#   customer's distinct purchase day, calibration to 1997-09-30, holdout
#   1997-10-01 to 1998-06-30, both inclusive;
# - both plots were written, as non-empty PNG files.
#
# Needs no PyGObject: any Python will do.

import collections
import os
import re
import subprocess
import sys

CALIBRATION_END = '19970930'
HOLDOUT_END = '19980630'
PNGS = ['clv-p-alive.png', 'clv-holdout.png']
PUBLISHED = {
    'BG/NBD': ({'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}, 3, -9582.4),
    'Gamma-Gamma': ({'p': 6.25, 'q': 3.74, 'gamma': 15.44}, 2, None),
}


def count_holdout(path):
    """Customers and mean holdout purchase days per calibration frequency
    bucket (0 … 6, 7+), from the raw file: master id, sample id, yyyymmdd,
    CDs, dollars, one purchase a line."""
    days = collections.defaultdict(set)
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields:
                # yyyymmdd compares as text in date order.
                days[fields[0]].add(fields[2])
    customers = collections.Counter()
    holdout = collections.Counter()
    for purchase_days in days.values():
        calibration = [d for d in purchase_days if d <= CALIBRATION_END]
        if not calibration:
            continue
        bucket = min(len(calibration) - 1, 7)
        customers[bucket] += 1
        holdout[bucket] += sum(1 for d in purchase_days if CALIBRATION_END < d <= HOLDOUT_END)
    return {b: (customers[b], holdout[b] / customers[b]) for b in sorted(customers)}


def parse_params(stdout, name):
    for line in stdout.splitlines():
        if line.startswith(name + ' '):
            params = dict((k, float(v)) for k, v in re.findall(r'(\w+) (-?[\d.]+)', line))
            ll = re.search(r'log-likelihood (-?[\d.]+)', line)
            return params, float(ll.group(1)) if ll else None
    return {}, None


def parse_holdout(stdout):
    rows = {}
    for line in stdout.splitlines():
        m = re.match(r'  (\d)(\+?) +(\d+) +([\d.]+) +([\d.]+)$', line)
        if m:
            rows[int(m.group(1))] = (int(m.group(3)), float(m.group(5)))
    return rows


def main():
    data, output_dir, command = sys.argv[1], sys.argv[2], sys.argv[3:]
    for name in PNGS:
        if os.path.exists(os.path.join(output_dir, name)):
            os.unlink(os.path.join(output_dir, name))
    result = subprocess.run(command + [data, output_dir], capture_output=True, text=True)
    checks = [('exits 0', result.returncode == 0)]

    for model, (published, digits, log_likelihood) in PUBLISHED.items():
        params, ll = parse_params(result.stdout, model)
        same = all(name in params and round(params[name], digits) == value
                   for name, value in published.items())
        checks.append((f'{model} parameters round to the published ones', same))
        if log_likelihood is not None:
            checks.append((f'{model} log-likelihood rounds to {log_likelihood}',
                           ll is not None and round(ll, 1) == log_likelihood))
    checks.append(('946 repeat buyers', '946 repeat buyers' in result.stdout))

    expected = count_holdout(data)
    printed = parse_holdout(result.stdout)
    checks.append(('holdout rows for frequencies 0 to 7+', sorted(printed) == list(range(8))))
    checks.append(('customers per frequency as counted from the file',
                   {b: v[0] for b, v in printed.items()} == {b: v[0] for b, v in expected.items()}))
    checks.append(('actual holdout means as counted from the file',
                   sorted(printed) == sorted(expected)
                   and all(abs(printed[b][1] - expected[b][1]) < 0.5e-4 for b in expected)))

    for name in PNGS:
        path = os.path.join(output_dir, name)
        with open(path, 'rb') if os.path.exists(path) else open(os.devnull, 'rb') as f:
            head = f.read(8)
        checks.append((f'writes {name}', head == b'\x89PNG\r\n\x1a\n'
                       and os.path.getsize(path) > 1000))

    print(f'1..{len(checks)}')
    for i, (name, ok) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {name}')
    if not all(ok for _, ok in checks):
        print('# expected holdout: ' + repr(expected))
        sys.stdout.write(''.join('# ' + line + '\n' for line in result.stdout.splitlines()))
        sys.stdout.write(''.join('# ' + line + '\n' for line in result.stderr.splitlines()))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
