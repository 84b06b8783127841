"""Compares two result sets as the differential test means "the same": as multisets of rows (or as lists
when the query orders its rows totally), numbers by value whatever their type (1.50 = 1.5 = 1.5e0),
floating-point values within a relative tolerance, NULL equal only to NULL."""

import datetime
import decimal
import math

# Floating-point results are printed with 6 (REAL) or 15 (DOUBLE PRECISION) significant digits by both
# (PostgreSQL runs with extra_float_digits = 0, Redshift's output); a REAL computed in float4 by one side
# and in float8 by the other can still differ in the 6th digit.
REL_TOL = 1e-5
ABS_TOL = 1e-9


def _is_number(v):
    return isinstance(v, (int, float, decimal.Decimal)) and not isinstance(v, bool)


def values_equal(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        if isinstance(a, float) or isinstance(b, float):
            fa, fb = float(a), float(b)
            if math.isnan(fa) or math.isnan(fb):
                return math.isnan(fa) and math.isnan(fb)
            return math.isclose(fa, fb, rel_tol=REL_TOL, abs_tol=ABS_TOL)
        return decimal.Decimal(a) == decimal.Decimal(b)
    if type(a) is not type(b):
        # date and datetime are distinct: a DATE where the other side has a TIMESTAMP is a difference.
        return False
    return a == b


def rows_equal(ra, rb):
    return len(ra) == len(rb) and all(values_equal(a, b) for a, b in zip(ra, rb))


def _sort_key(row):
    """Orders rows so that equal rows of both sides line up; floats are rounded so that values within the
    tolerance usually sort alike (`multiset_equal` falls back to matching when they do not)."""
    key = []
    for v in row:
        if v is None:
            key.append((0, ""))
        elif isinstance(v, bool):
            key.append((1, str(v)))
        elif _is_number(v):
            key.append((2, f"{float(v):+.5e}"))
        elif isinstance(v, (datetime.date, datetime.datetime)):
            key.append((3, v.isoformat()))
        else:
            key.append((4, str(v)))
    return key


def multiset_equal(a, b):
    if len(a) != len(b):
        return False
    sa, sb = sorted(a, key=_sort_key), sorted(b, key=_sort_key)
    if all(rows_equal(x, y) for x, y in zip(sa, sb)):
        return True
    # Rounding put near-equal rows in different orders: match greedily (results are small).
    remaining = list(sb)
    for row in sa:
        for i, other in enumerate(remaining):
            if rows_equal(row, other):
                del remaining[i]
                break
        else:
            return False
    return True


def results_equal(a, b, ordered):
    if ordered:
        return len(a) == len(b) and all(rows_equal(x, y) for x, y in zip(a, b))
    return multiset_equal(a, b)


def format_rows(rows, limit=25):
    lines = [" | ".join("NULL" if v is None else repr(v) if isinstance(v, str) else str(v) for v in row)
             for row in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"... ({len(rows)} rows)")
    return "\n".join("    " + line for line in lines) if lines else "    (no rows)"
