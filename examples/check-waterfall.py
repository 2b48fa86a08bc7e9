#!/usr/bin/env python3
# check-waterfall.py: runs the ledger waterfall example and checks its output
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: check-waterfall.py OUTPUT.png COMMAND...
#
# The example must exit 0, print one reconciled line per quarter of the
# 24 simulated months (8 quarters), and leave a PNG image behind.

import os
import re
import subprocess
import sys


def main():
    output, command = sys.argv[1], sys.argv[2:]
    if os.path.exists(output):
        os.unlink(output)
    result = subprocess.run(command + [output, '3000'], capture_output=True, text=True)
    lines = [l for l in result.stdout.splitlines() if re.match(r'\d{4}-Q\d: ', l)]
    checks = []

    checks.append(('exits 0', result.returncode == 0))
    checks.append(('prints 8 quarters', len(lines) == 8))
    balanced = True
    for line in lines:
        m = re.match(r'\S+: (\d+) \+ (\d+) new \+ (\d+) won back - (\d+) lost = (\d+)$', line)
        if not m:
            balanced = False
            continue
        start, new, back, lost, end = map(int, m.groups())
        balanced &= start + new + back - lost == end
    checks.append(('every quarter reconciles', balanced))
    with open(output, 'rb') if os.path.exists(output) else open(os.devnull, 'rb') as f:
        checks.append(('writes a PNG', f.read(8) == b'\x89PNG\r\n\x1a\n'))

    print(f'1..{len(checks)}')
    for i, (name, ok) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {name}')
    if not all(ok for _, ok in checks):
        sys.stdout.write(result.stdout)
        sys.stdout.write(result.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
