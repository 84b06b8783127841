#!/usr/bin/env bash
# Storage faults: a damaged block and a full disk.
#  1. One flipped byte in a segment file: the query reading that block fails with XX001 naming the table
#     and the block; other tables still answer; the server stays up.
#  2. A full disk (a file size limit, RLIMIT_FSIZE, makes writes fail with EFBIG): a COPY-sized INSERT fails
#     with 53100, nothing of it is visible or left on disk, every earlier row is intact, and the server keeps
#     working.
# Usage: storage_faults_test.sh path/to/blueshift
source "$(dirname "$0")/../clients/server_lib.sh"
bs_init "${1:?usage: storage_faults_test.sh BLUESHIFT_BINARY}"
REAL_BIN=$BS_BIN

query() {
  bs_psql -v ON_ERROR_STOP=1 -At dev -c "$1" 2>&1 || bs_fail "query failed: $1"
}

# 1. Damaged block.
bs_start
query "CREATE TABLE hurt (id INTEGER, note VARCHAR(30)) DISTSTYLE ALL" >/dev/null
query "CREATE TABLE fine (id INTEGER) DISTSTYLE ALL" >/dev/null
# More rows than a write-store segment holds (4096 per slice), so they go to a segment file.
query "INSERT INTO hurt VALUES $(seq 1 5000 | sed "s/.*/(&, 'row &')/" | paste -sd,)" >/dev/null
query "INSERT INTO fine VALUES (1), (2), (3)" >/dev/null
oid=$(query "SELECT DISTINCT id FROM stv_tbl_perm WHERE trim(name) = 'hurt'")
bs_stop
seg=$(ls "$BS_DATA/tables/$oid/0/"seg-*.bss | head -1)
[ -f "$seg" ] || bs_fail "no segment file for table $oid"
# Byte 60 lies inside the first block of column 0 (the file header is 36 bytes).
python3 - "$seg" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[60] ^= 0x40
open(p, 'wb').write(b)
PY
bs_start
out=$(bs_psql -At dev -c "SELECT sum(id) FROM hurt" 2>&1) && bs_fail "reading a damaged block succeeded: $out"
echo "$out" | grep -q 'hurt' || bs_fail "the error does not name the table: $out"
echo "$out" | grep -qi 'block' || bs_fail "the error does not name the block: $out"
[ "$(query 'SELECT sum(id) FROM fine')" = 6 ] || bs_fail "another table is unreadable after the damaged block"
[ "$(query 'SELECT 1')" = 1 ] || bs_fail "server unhealthy after the damaged block"
state=$(bs_psql -At dev -c "\\set VERBOSITY verbose" -c "SELECT count(id) FROM hurt" 2>&1 || true)
echo "$state" | grep -q 'XX001' || bs_fail "the damaged block is not SQLSTATE XX001: $state"
# COUNT(*) decodes no column block (the rows are counted from the segment's metadata): still right.
[ "$(query 'SELECT count(*) FROM hurt')" = 5000 ] || bs_fail "COUNT(*) of the table with a damaged block is wrong"
bs_stop

# 2. Full disk: the server may write files of at most 1 MB.
cat >"$BS_TMP/limited.sh" <<SH
#!/usr/bin/env bash
trap '' XFSZ
ulimit -f 1024
exec "$REAL_BIN" "\$@"
SH
chmod +x "$BS_TMP/limited.sh"
BS_BIN=$BS_TMP/limited.sh
bs_start
query "CREATE TABLE full_disk (id INTEGER, pad VARCHAR(200)) DISTSTYLE ALL" >/dev/null
query "INSERT INTO full_disk VALUES (1, 'kept'), (2, 'kept')" >/dev/null
for _ in $(seq 1 16); do  # grow a source table to 3 * 2^16 rows
  query "INSERT INTO fine SELECT id + (SELECT max(id) FROM fine) FROM fine" >/dev/null
done
# About 8 MB of hardly compressible digits, all on slice 0: its segment cannot be written.
digits="(random() * 1000000000)::bigint::varchar"
full_oid=$(query "SELECT DISTINCT id FROM stv_tbl_perm WHERE trim(name) = 'full_disk'")
out=$(bs_psql -At dev -c "\\set VERBOSITY verbose" \
  -c "INSERT INTO full_disk SELECT id, $digits || $digits || $digits || $digits FROM fine" 2>&1) &&
  bs_fail "an insert larger than the disk allows succeeded: $out"
echo "$out" | grep -q '53100' || bs_fail "a full disk is not SQLSTATE 53100: $out"
# Neither the segment that did not fit (cut at 1 MB) nor any other of the insert's is left behind: what stays
# is at most the file a fold of the two rows wrote meanwhile.
for _ in $(seq 1 50); do
  kb=$(du -sk "$BS_DATA/tables/$full_oid" 2>/dev/null | cut -f1)
  [ "${kb:-0}" -lt 256 ] && break
  sleep 0.1
done
[ "${kb:-0}" -lt 256 ] || bs_fail "the failed insert left $kb KB of segment files: $(ls -lR "$BS_DATA/tables/$full_oid")"
[ "$(query 'SELECT count(*), min(pad), max(pad) FROM full_disk')" = "2|kept|kept" ] ||
  bs_fail "rows changed after the failed insert: $(query 'SELECT count(*) FROM full_disk')"
query "INSERT INTO full_disk VALUES (3, 'after')" >/dev/null
[ "$(query 'SELECT count(*) FROM full_disk')" = 3 ] || bs_fail "server cannot write after a full disk"
bs_stop
BS_BIN=$REAL_BIN
bs_start
[ "$(query 'SELECT count(*) FROM full_disk')" = 3 ] || bs_fail "rows lost across the restart after a full disk"
bs_stop
echo "PASS storage_faults_test"
