"""Differential test: runs a generated corpus of queries on blueshift and on PostgreSQL and compares.

usage: differential.py --blueshift CONNINFO --postgres CONNINFO [--queries N] [--seed S] [--first I]
                       [--only I] [--max-mismatches M] [--verbose] [--no-load]
       differential.py --print [--queries N] [--seed S]      (the corpus, without running it)

Loads schema.py's tables into both (unless --no-load), then runs queries --first .. --first+N-1 of the
seed's corpus. A query both systems reject counts as agreeing; one only PostgreSQL rejects is outside the
corpus (counted, listed with --verbose); anything else that differs is a mismatch, printed with the seed,
the query's number, its text and both results. Exits 1 when there was a mismatch.
"""

import argparse
import sys
import time

import psycopg2

import compare
import schema
import shapes


def connect(conninfo, dialect):
    conn = psycopg2.connect(conninfo)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SET statement_timeout TO 30000")
        if dialect == "postgres":
            cur.execute("SET extra_float_digits TO 0")  # floats printed as Redshift prints them
    return conn


def load(conn, dialect):
    with conn.cursor() as cur:
        for statement in schema.load_statements(dialect):
            cur.execute(statement)


def run(conn, sql):
    """(rows, None) or (None, "SQLSTATE message")."""
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall(), None
    except psycopg2.Error as e:
        lines = (e.pgerror or str(e)).strip().splitlines()
        return None, f"{e.pgcode} {lines[0] if lines else type(e).__name__}"


def report_mismatch(seed, index, query, bs, pg):
    print(f"MISMATCH seed={seed} query={index} shape={query.shape} ordered={query.ordered}")
    print(f"  blueshift: {query.blueshift}")
    if query.postgres != query.blueshift:
        print(f"  postgres:  {query.postgres}")
    for name, (rows, error) in (("blueshift", bs), ("postgres", pg)):
        if error is not None:
            print(f"  {name} error: {error}")
        else:
            print(f"  {name} ({len(rows)} rows):\n{compare.format_rows(rows)}")
    print(f"  rerun: differential.py ... --seed {seed} --only {index}")
    sys.stdout.flush()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--blueshift")
    p.add_argument("--postgres")
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--only", type=int)
    p.add_argument("--max-mismatches", type=int, default=20)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--no-load", action="store_true")
    p.add_argument("--print", action="store_true")
    return p.parse_args()


def main():
    args = parse_args()
    indexes = [args.only] if args.only is not None else range(args.first, args.first + args.queries)
    if args.print:
        for i in indexes:
            q = shapes.generate(args.seed, i)
            print(f"-- {i} {q.shape}\n{q.blueshift};")
        return 0
    if not args.blueshift or not args.postgres:
        sys.exit("--blueshift and --postgres are required")
    bs_conn, pg_conn = connect(args.blueshift, "blueshift"), connect(args.postgres, "postgres")
    if not args.no_load:
        load(bs_conn, "blueshift")
        load(pg_conn, "postgres")

    counts = {"agree": 0, "both_errors": 0, "outside": 0, "mismatch": 0}
    started = time.monotonic()
    for i in indexes:
        query = shapes.generate(args.seed, i)
        bs, pg = run(bs_conn, query.blueshift), run(pg_conn, query.postgres)
        if bs[1] is not None and pg[1] is not None:
            counts["both_errors"] += 1
            if args.verbose:
                print(f"both reject {i}: {bs[1]} / {pg[1]}\n  {query.blueshift}")
        elif pg[1] is not None:
            counts["outside"] += 1
            if args.verbose:
                print(f"postgres rejects {i}: {pg[1]}\n  {query.postgres}")
        elif bs[1] is None and compare.results_equal(bs[0], pg[0], query.ordered):
            counts["agree"] += 1
        else:
            counts["mismatch"] += 1
            report_mismatch(args.seed, i, query, bs, pg)
            if counts["mismatch"] >= args.max_mismatches:
                print(f"stopping after {counts['mismatch']} mismatches")
                break
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    print(f"seed {args.seed}: {total} queries in {elapsed:.1f} s: {counts['agree']} agree, "
          f"{counts['both_errors']} rejected by both, {counts['outside']} rejected by PostgreSQL only, "
          f"{counts['mismatch']} mismatches")
    return 1 if counts["mismatch"] else 0


if __name__ == "__main__":
    sys.exit(main())
