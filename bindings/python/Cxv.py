# Cxv.py: PyGObject override for libcxvalue
#
# SPDX-License-Identifier: LGPL-2.1-or-later

"""Pythonic additions to the Cxv namespace.

- ``Cxv.date(value)`` turns a ``datetime.date``, a ``datetime.datetime``
  (its own calendar day), ISO-8601 text, an int or ``None`` into a CxvDate
  (days since 1970-01-01, ``Cxv.DATE_NONE`` for ``None``). The
  ``Cxv.Dataset.add_*`` methods accept all of these for their dates.
- ``Cxv.Dataset.column_array(kind, name)`` and ``Cxv.Table.column_array(name)``
  give a column as a numpy array; ``Cxv.Table.to_pandas()`` gives a whole
  table as a pandas DataFrame.
- ``len(table)``, ``table[i]`` and ``for row in table`` give rows as tuples
  of Python values (``decimal.Decimal`` money, ``datetime.date`` dates,
  ``None`` for null cells). ``table.get_item(i)`` still gives a
  ``Cxv.TableRow``.
- ``Cxv.Dataset.revenue_total_decimal()`` gives the exact total as a
  ``decimal.Decimal``.

numpy and pandas are imported only by the methods that need them.
"""

import datetime
import decimal
import functools
import operator

from ..overrides import override
from ..module import get_introspection_module

Cxv = get_introspection_module('Cxv')

__all__ = []

_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()

_NUMPY_DTYPES = {
    Cxv.ElementType.UINT8: 'uint8',
    Cxv.ElementType.UINT16: 'uint16',
    Cxv.ElementType.INT32: 'int32',
    Cxv.ElementType.UINT32: 'uint32',
    Cxv.ElementType.INT64: 'int64',
    Cxv.ElementType.DOUBLE: 'float64',
}


def date(value):
    """Converts @value to a CxvDate: days since 1970-01-01.

    Accepts a ``datetime.date``, a ``datetime.datetime`` (its calendar day,
    in its own time zone), a ``numpy.datetime64``, ISO-8601 text
    (``"2024-01-31"``, raising ``GLib.Error`` if it is no real day), an int
    (already a CxvDate) or ``None`` (``Cxv.DATE_NONE``, an absent date, as
    are NaT and NaN).
    """
    if value is None or value != value:
        return Cxv.DATE_NONE
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.toordinal() - _EPOCH_ORDINAL
    if isinstance(value, str):
        return Cxv.date_parse_iso8601(value)[1]
    if type(value).__name__ == 'datetime64':
        return int(value.astype('datetime64[D]').astype('int64'))
    if isinstance(value, bool):
        raise TypeError('a boolean is not a date')
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError('cannot convert %r to a Cxv date' % (value,)) from None


__all__.append('date')


def _to_python_date(days):
    return datetime.date.fromordinal(days + _EPOCH_ORDINAL)


def _decimals(currency):
    # A table without a currency shows money with 2 decimals.
    return Cxv.currency_get_decimals(currency) if currency else 2


def _money_unit(currency):
    """The Decimal worth one minor unit of @currency: Decimal('0.01') for USD."""
    return decimal.Decimal(1).scaleb(-_decimals(currency))


def _frombuffer(data, element_type):
    import numpy

    return numpy.frombuffer(data.get_data() or b'', dtype=_NUMPY_DTYPES[element_type])


def _with_dates(method, positions, names):
    """Wraps a Dataset.add_* method so its date arguments go through date()."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        args = list(args)
        for position in positions:
            if position < len(args):
                args[position] = date(args[position])
        for name in names:
            if name in kwargs:
                kwargs[name] = date(kwargs[name])
        return method(self, *args, **kwargs)
    return wrapper


class Dataset(Cxv.Dataset):
    # Argument positions after self, and names, of each method's dates.
    add_customer = _with_dates(Cxv.Dataset.add_customer, [2], ['acquired'])
    add_holding = _with_dates(Cxv.Dataset.add_holding, [2, 3], ['start', 'end'])
    add_revenue = _with_dates(Cxv.Dataset.add_revenue, [2], ['date'])
    add_interaction = _with_dates(Cxv.Dataset.add_interaction, [1], ['date'])
    add_feedback = _with_dates(Cxv.Dataset.add_feedback, [1], ['date'])
    add_usage = _with_dates(Cxv.Dataset.add_usage, [2], ['date'])
    add_referral = _with_dates(Cxv.Dataset.add_referral, [2], ['date'])
    add_initiative = _with_dates(Cxv.Dataset.add_initiative, [3, 4], ['start', 'end'])

    def column_array(self, kind, name):
        """One column of a sealed dataset as a read-only numpy array.

        @kind is a ``Cxv.RecordKind`` or its nick (``"revenue"``); @name one
        of ``Cxv.Dataset.list_columns(kind)``. The dtype follows the
        ``Cxv.ElementType`` the library reports: dates are int32 days,
        amounts int64 minor units, references uint32 indices.
        """
        if isinstance(kind, str):
            kind = getattr(Cxv.RecordKind, kind.upper())
        data, element_type = self.dup_column(kind, name)
        return _frombuffer(data, element_type)

    def revenue_total_decimal(self):
        """The sum of all revenue amounts as an exact ``decimal.Decimal``."""
        return decimal.Decimal(self.get_revenue_total()) * _money_unit(self.get_currency())


Dataset = override(Dataset)
__all__.append('Dataset')


class Table(Cxv.Table):
    def _column_index(self, name):
        found, column = self.lookup_column(name)
        if not found:
            raise KeyError(name)
        return column

    def _cell(self, row, column, kind, unit):
        if self.is_null(row, column):
            return None
        if kind == Cxv.ColumnType.TEXT:
            return self.get_text(row, column)
        if kind == Cxv.ColumnType.INT:
            return self.get_int(row, column)
        if kind == Cxv.ColumnType.DOUBLE:
            return self.get_double(row, column)
        if kind == Cxv.ColumnType.MONEY:
            return decimal.Decimal(self.get_money(row, column)) * unit
        if kind == Cxv.ColumnType.DATE:
            return _to_python_date(self.get_date(row, column))
        return bool(self.get_boolean(row, column))

    def _row(self, row):
        unit = _money_unit(self.get_currency())
        return tuple(self._cell(row, c, self.get_column_type(c), unit)
                     for c in range(self.get_n_columns()))

    def __len__(self):
        return self.get_n_rows()

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [self._row(i) for i in range(*key.indices(len(self)))]
        row = operator.index(key)
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError('row %d out of range' % key)
        return self._row(row)

    def __iter__(self):
        for row in range(len(self)):
            yield self._row(row)

    def __contains__(self, item):
        return any(row == item for row in self)

    def null_mask(self, name):
        """Which cells of column @name are null, as a numpy bool array."""
        import numpy

        mask = self.dup_null_mask(self._column_index(name))
        return numpy.frombuffer(mask.get_data() or b'', dtype='uint8').astype(bool)

    def column_array(self, name):
        """Column @name as a numpy array.

        int and money columns give int64 (money in minor units), double
        float64, boolean bool, date datetime64[D] and text an object array
        of str. Null cells are NaN (double), NaT (date) and None (text); in
        int, money and boolean columns they read 0 (see ``null_mask``).
        """
        import numpy

        column = self._column_index(name)
        kind = self.get_column_type(column)
        if kind == Cxv.ColumnType.TEXT:
            return numpy.array([self.get_text(r, column) for r in range(len(self))], dtype=object)
        data, element_type = self.dup_column_data(column)
        values = _frombuffer(data, element_type)
        if kind == Cxv.ColumnType.BOOLEAN:
            return values.astype(bool)
        if kind == Cxv.ColumnType.DATE:
            values = values.astype('datetime64[D]')
            values[self.null_mask(name)] = numpy.datetime64('NaT')
        return values

    def to_pandas(self, money='float'):
        """The table as a pandas DataFrame, one column per table column.

        @money says how money columns come out: ``"float"`` (major units,
        float64: 49.99), ``"minor"`` (int64 minor units: 4999) or
        ``"decimal"`` (exact ``decimal.Decimal`` objects). Null cells become
        NaN (an int, money or double column with nulls is float64), NaT
        (dates) or None (text, booleans, decimals).
        """
        import numpy
        import pandas

        if money not in ('float', 'minor', 'decimal'):
            raise ValueError('money must be "float", "minor" or "decimal", not %r' % (money,))
        unit = _money_unit(self.get_currency())
        columns = {}
        for column in range(self.get_n_columns()):
            name = self.get_column_name(column)
            kind = self.get_column_type(column)
            values = self.column_array(name)
            nulls = self.null_mask(name)
            has_nulls = bool(nulls.any())
            if kind == Cxv.ColumnType.MONEY and money == 'decimal':
                values = numpy.array([None if n else decimal.Decimal(int(v)) * unit
                                      for v, n in zip(values, nulls)], dtype=object)
            elif kind == Cxv.ColumnType.MONEY and money == 'float':
                values = values / 10 ** _decimals(self.get_currency())
            elif kind == Cxv.ColumnType.BOOLEAN and has_nulls:
                values = values.astype(object)
            if has_nulls and values.dtype.kind in 'iuf':
                values = values.astype('float64')
                values[nulls] = numpy.nan
            elif has_nulls and values.dtype == object:
                values[nulls] = None
            columns[name] = values
        return pandas.DataFrame(columns)


Table = override(Table)
__all__.append('Table')
