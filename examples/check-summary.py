#!/usr/bin/env python3
# check-summary.py: run a summary example and check what it prints
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: check-summary.py PROGRAM [ARGS...]
#
# Every example (C, Python, GJS, Vala) prints the same summary of
# examples/data, so one list of expected lines serves them all. Prints TAP.

import re
import subprocess
import sys

# Hand calculation from examples/data/revenue.csv (58 bill lines, USD):
#
#   new: the first bill of each of the 12 customers
#     59.99 x 6 (C001 C004 C006 C008 C011 C012)          =  359.94
#     39.99 x 4 (C002 C005 C007 C010)                    =  159.96
#     89.99 x 2 (C003 C009)                              =  179.98
#                                                           699.88
#   recurring ("monthly"): 40 lines
#     59.99 x 18 (C001 5, C004 4, C006 4, C008 3, C011 1, C012 1) = 1079.82
#     39.99 x 9  (C002 2, C005 4, C007 1, C010 2)                 =  359.91
#     89.99 x 9  (C002 2, C003 5, C009 2)                         =  809.91
#     10.00 x 3  (C003's static IP)                               =   30.00
#      7.50 x 1  (C008's mesh Wi-Fi)                              =    7.50
#                                                                   2287.14
#   expansion: C002's upgrade 89.99 + C003's static IP 10.00
#              + C008's mesh 7.50                         =  107.49 (3)
#   one-off: two installations, 99.00 x 2                 =  198.00 (2)
#   refund: C004's outage credit                          =  -15.00 (1)
#
#   total: 699.88 + 2287.14 + 107.49 + 198.00 - 15.00     = 3277.51
#
# Record counts are the data rows of each CSV file; the revenue dates run
# from C001's first bill (2024-01-03) to C012's second (2024-06-22).
EXPECTED = [
    r'  customers +12',
    r'  products +7',
    r'  holdings +15',
    r'  revenue events +58',
    r'  interactions +13',
    r'  feedback +12',
    r'  usage +0',
    r'  referrals +3',
    r'  initiatives +3',
    r'Revenue dates +2024-01-03 to 2024-06-22',
    r'Total revenue +3277\.51 USD',
    r'  new +12 +699\.88',
    r'  recurring +40 +2287\.14',
    r'  expansion +3 +107\.49',
    r'  contraction +0 +0\.00',
    r'  one-off +2 +198\.00',
    r'  refund +1 +-15\.00',
]


def main(argv):
    if len(argv) < 2:
        print('Usage: check-summary.py PROGRAM [ARGS...]', file=sys.stderr)
        return 2
    run = subprocess.run(argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = run.stdout.splitlines()
    checks = [('exits with 0', run.returncode == 0),
              ('writes nothing to stderr', run.stderr == '')]
    checks += [(f'prints /{pattern}/', any(re.fullmatch(pattern, line) for line in lines))
               for pattern in EXPECTED]

    print(f'1..{len(checks)}')
    for number, (name, ok) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {number} - {name}')
    if not all(ok for _, ok in checks):
        for line in (run.stdout + run.stderr).splitlines():
            print(f'# {line}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
