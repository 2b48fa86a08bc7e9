# compare.py: does a pandas reference table equal a libcxvalue table?
#
# Same columns in the same order, same number of rows, and cell by cell:
# text, integers, dates and booleans equal; money (cents, int64) equal to
# the cent; doubles within 1e-9 relative (or 1e-12 absolute near zero);
# nulls (None/NaN) in the same places.

import math

import numpy as np
import pandas as pd


def _same(a, b):
    a_null = a is None or (isinstance(a, float) and math.isnan(a)) or a is pd.NA or a is pd.NaT
    b_null = b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NA or b is pd.NaT
    if a_null or b_null:
        return a_null and b_null
    if isinstance(a, (float, np.floating)) or isinstance(b, (float, np.floating)):
        a, b = float(a), float(b)
        return abs(a - b) <= max(1e-12, 1e-9 * max(abs(a), abs(b)))
    if isinstance(a, (np.integer, int, bool, np.bool_)) and isinstance(b, (np.integer, int, bool, np.bool_)):
        return int(a) == int(b)
    return str(a) == str(b)


def compare(name, lib, ref, limit=5):
    """A list of problems (empty when the tables agree)."""
    problems = []
    lib_cols, ref_cols = list(lib.columns), list(ref.columns)
    if lib_cols != ref_cols:
        return ['%s: columns differ: library %s, reference %s' % (name, lib_cols, ref_cols)]
    if len(lib) != len(ref):
        return ['%s: %d rows in the library, %d in the reference' % (name, len(lib), len(ref))]
    lib = lib.reset_index(drop=True)
    ref = ref.reset_index(drop=True)
    for col in lib_cols:
        a, b = lib[col].tolist(), ref[col].tolist()
        for row, (x, y) in enumerate(zip(a, b)):
            if not _same(x, y):
                problems.append('%s: row %d column %s: library %r, reference %r'
                                % (name, row, col, x, y))
                if len(problems) >= limit:
                    return problems
    return problems
