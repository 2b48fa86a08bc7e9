#!/usr/bin/env python3
# bench-pandas.py: libcxvalue against pandas, end to end, on the same CSV files
#
#   bench-pandas.py CXVALUE BENCH-E2E [--customers N] [--months M] [--seed S]
#                   [--work DIR]
#
# 1. `cxvalue simulate` writes N customers over M months as CSV files.
# 2. bench-e2e (C) imports them, seals, and runs the ledger, cohorts,
#    indicators, QoRE, quality of revenue and attribution; it saves every
#    result table and its stages' times and peak memory.
# 3. The pandas reference (reference/*.py), the same definitions written
#    vectorised as an analyst would, runs in a process of its own, stage
#    by stage, on the same files.
# 4. Every table the reference computes is compared with the library's:
#    money to the cent, integers exactly, doubles to 1e-9. A mismatch fails
#    the benchmark (exit status 1).
# 5. Per stage and in total: wall time and peak resident memory of both,
#    and the ratios (pandas over libcxvalue). Also `wc -l` over the same
#    files, resident bytes per revenue event, the same totals with the six
#    analyses started at once on the two cores, and the last line
#    `speedup: X.X  memory_ratio: Y.Y` for the analyses one after the
#    other, the like-for-like comparison with pandas' single thread.
#
# Stages the reference does not cover (yet) are shown but left out of the
# totals, so the ratios always compare the same work.

import argparse
import decimal
import importlib
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ANALYSES = ['ledger', 'cohorts', 'indicators', 'qore', 'revenue_quality', 'attribution']


def reset_peak():
    """Resets VmHWM to the current RSS (Linux), so a stage's peak is its own."""
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
    except OSError:
        pass


def peak_kib():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_reference(csv_dir, out_dir):
    """The pandas side, in this (separate) process: times, peaks, tables."""
    sys.path.insert(0, HERE)
    from reference.load import load

    stages = []
    results = {}
    reset_peak()
    start = time.monotonic()
    data = load(csv_dir)
    stages.append(('import', time.monotonic() - start, peak_kib()))
    for name in ANALYSES:
        try:
            module = importlib.import_module('reference.' + name)
        except ImportError:
            continue
        reset_peak()
        start = time.monotonic()
        tables = module.run(data)
        stages.append((name, time.monotonic() - start, peak_kib()))
        results[name] = tables
    with open(os.path.join(out_dir, 'stages.tsv'), 'w') as f:
        for stage, seconds, kib in stages:
            f.write('%s\t%.3f\t%d\n' % (stage, seconds, kib))
    with open(os.path.join(out_dir, 'tables.pickle'), 'wb') as f:
        pickle.dump(results, f)


def library_table(path):
    """A table bench-e2e saved, as to_pandas(money='minor') would give it."""
    import pandas as pd

    with open(path) as f:
        doc = json.load(f)
    columns = {}
    for column in doc['columns']:
        name, kind = column['name'], column['type']
        values = [row.get(name) for row in doc['rows']]
        if kind == 'money':
            values = [None if v is None else int(decimal.Decimal(v).scaleb(2)) for v in values]
            series = pd.Series(values, dtype='float64' if None in values else 'int64')
        elif kind == 'int':
            series = pd.Series(values, dtype='float64' if None in values else 'int64')
        elif kind == 'double':
            series = pd.Series([float('nan') if v is None else float(v) for v in values],
                               dtype='float64')
        elif kind == 'date':
            series = pd.to_datetime(pd.Series(values, dtype='object'))
        else:
            series = pd.Series(values, dtype='object')
        columns[name] = series
    return pd.DataFrame(columns, columns=[c['name'] for c in doc['columns']])


def read_stages(path):
    stages = {}
    with open(path) as f:
        for line in f:
            name, seconds, kib = line.rstrip('\n').split('\t')
            stages[name] = (float(seconds), int(float(kib)))
    return stages


def wc_seconds(csv_dir):
    files = sorted(os.path.join(csv_dir, n) for n in os.listdir(csv_dir) if n.endswith('.csv'))
    start = time.monotonic()
    subprocess.run(['wc', '-l'] + files, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start, sum(os.path.getsize(p) for p in files)


def main():
    parser = argparse.ArgumentParser(description='libcxvalue against pandas, end to end')
    parser.add_argument('cxvalue', nargs='?')
    parser.add_argument('bench_e2e', nargs='?')
    parser.add_argument('--customers', type=int, default=1000000)
    parser.add_argument('--months', type=int, default=24)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--work', help='keep the files in DIR (default: a temporary one)')
    parser.add_argument('--reference', nargs=2, metavar=('CSV-DIR', 'OUT-DIR'),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.reference:
        run_reference(*args.reference)
        return 0
    if args.cxvalue is None or args.bench_e2e is None:
        parser.error('give the cxvalue and bench-e2e executables')
    try:
        import pandas  # noqa: F401
    except ImportError:
        print('# pandas is not installed: skipped')
        return 77

    sys.path.insert(0, HERE)
    from reference.compare import compare

    work = args.work or tempfile.mkdtemp(prefix='cxv-bench-pandas-')
    csv_dir = os.path.join(work, 'csv')
    lib_dir = os.path.join(work, 'libcxvalue')
    ref_dir = os.path.join(work, 'pandas')
    try:
        for d in (csv_dir, lib_dir, ref_dir):
            shutil.rmtree(d, ignore_errors=True)
        os.makedirs(ref_dir)
        start = time.monotonic()
        subprocess.run([args.cxvalue, 'simulate', '--customers', str(args.customers),
                        '--months', str(args.months), '--seed', str(args.seed),
                        '--csv-dir', csv_dir], check=True, stdout=subprocess.DEVNULL)
        print('simulated %d customers over %d months in %.1f s' %
              (args.customers, args.months, time.monotonic() - start))
        wc_s, csv_bytes = wc_seconds(csv_dir)

        subprocess.run([args.bench_e2e, csv_dir, lib_dir], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.abspath(__file__), '--reference', csv_dir,
                        ref_dir], check=True)
        lib = read_stages(os.path.join(lib_dir, 'stages.tsv'))
        ref = read_stages(os.path.join(ref_dir, 'stages.tsv'))
        with open(os.path.join(ref_dir, 'tables.pickle'), 'rb') as f:
            ref_tables = pickle.load(f)

        problems = []
        n_tables = 0
        for analysis, tables in ref_tables.items():
            for name, frame in tables.items():
                path = os.path.join(lib_dir, '%s-%s.json' % (analysis, name))
                table = library_table(path)
                if (analysis, name) == ('attribution', 'comparison'):
                    # Its bootstrap interval is off on both sides (null
                    # here, absent from the reference).
                    table = table.drop(columns=['ci_low', 'ci_high'])
                problems += compare('%s.%s' % (analysis, name), table, frame)
                n_tables += 1

        print()
        print('%-16s %10s %10s %8s %12s %12s %8s' % ('stage', 'lib s', 'pandas s', 'speedup',
                                                      'lib MiB', 'pandas MiB', 'memory'))
        lib_total = ref_total = 0.0
        lib_peak = ref_peak = 0
        for stage in ['import', 'seal'] + ANALYSES:
            ls, lk = lib[stage]
            if stage in ref:
                rs, rk = ref[stage]
            elif stage == 'seal':
                # pandas has no seal: sorting happens inside its groupbys.
                rs, rk = 0.0, 0
            else:
                print('%-16s %10.2f %10s %8s %12.1f %12s %8s' % (stage, ls, '-', '-', lk / 1024,
                                                                  '-', '(no reference)'))
                continue
            lib_total += ls
            ref_total += rs
            lib_peak = max(lib_peak, lk)
            ref_peak = max(ref_peak, rk)
            print('%-16s %10.2f %10.2f %8s %12.1f %12s %8s' % (
                stage, ls, rs, '%.1f' % (rs / ls) if ls > 0 and rs > 0 else '-', lk / 1024,
                '%.1f' % (rk / 1024) if rk else '-', '%.1f' % (rk / lk) if rk else '-'))
        print('%-16s %10.2f %10.2f %8.1f %12.1f %12.1f %8.1f' % (
            'total', lib_total, ref_total, ref_total / lib_total, lib_peak / 1024,
            ref_peak / 1024, ref_peak / lib_peak))
        events = int(lib['revenue_events'][0])
        analyses_s = sum(lib[a][0] for a in ANALYSES)
        # The same work with the six analyses started at once on the sealed
        # dataset, as a desktop application would run them.
        both_s = lib['import'][0] + lib['seal'][0] + lib['parallel'][0]
        both_peak = max(lib['import'][1], lib['seal'][1], lib['parallel'][1])
        print('%-16s %10.2f %10.2f %8.1f %12.1f %12.1f %8.1f' % (
            'total, at once', both_s, ref_total, ref_total / both_s, both_peak / 1024,
            ref_peak / 1024, ref_peak / both_peak))
        print()
        print('libcxvalue analyses one after the other %.2f s; all six at once on %d cores %.2f s'
              ' (same tables)' % (analyses_s, os.cpu_count() or 1, lib['parallel'][0]))
        print('revenue events: %d; libcxvalue peak resident memory per revenue event: %.1f bytes'
              % (events, lib_peak * 1024 / events))
        print('CSV: %.1f MB; wc -l %.2f s; libcxvalue import %.2f s (%.1f x wc -l)' % (
            csv_bytes / 1e6, wc_s, lib['import'][0], lib['import'][0] / wc_s))
        print('tables compared: %d, problems: %d' % (n_tables, len(problems)))
        for problem in problems[:20]:
            print('MISMATCH ' + problem)
        print('with the analyses at once: speedup %.1f  memory_ratio %.1f' % (
            ref_total / both_s, ref_peak / both_peak))
        print('speedup: %.1f  memory_ratio: %.1f' % (ref_total / lib_total, ref_peak / lib_peak))
        return 1 if problems else 0
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
