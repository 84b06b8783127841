// Waits, before a timed phase, until the work a system left behind has drained: a load leaves PostgreSQL
// dirty buffers for its checkpointer and autovacuum (an insert-only table of 10 million rows is vacuumed
// and analyzed in the background) and any system's written files in the page cache. Timed writes that
// start meanwhile wait on a disk busy with that backlog, and the system measured next pays for the one
// measured before: in one run PostgreSQL's leftover writes cut blueshift's single-client INSERT rate from
// 12.1K to 7.8K rows/s. Each system therefore starts quiet: PostgreSQL checkpoints, everything is synced,
// and the phase begins once a whole second passes with the bench's processes (this process's descendants
// and PostgreSQL's postmaster tree) nearly idle and the disks nearly unwritten.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { descendants, kTicksPerSecond, readProcesses } from './background.mjs';
import { errorText, log, sleep } from './util.mjs';

const kQuietCpuPct = 10;      // of one core, summed over the bench's processes
const kQuietWriteMBps = 1;    // written to all block devices
const kMaxSeconds = 60;

// Sectors written since boot, over whole disks (partitions would count the same writes twice).
function sectorsWritten() {
  try {
    let sum = 0;
    for (const line of fs.readFileSync('/proc/diskstats', 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || /^(loop|ram|zram)/.test(f[2])) continue;
      if (fs.existsSync(`/sys/block/${f[2]}`)) sum += Number(f[9]);
    }
    return sum;
  } catch {
    return null;
  }
}

function benchTicks(extraRoots) {
  const procs = readProcesses();
  if (!procs) return null;
  let ticks = 0;
  for (const pid of descendants(procs, [process.pid, ...extraRoots])) {
    if (pid !== process.pid) ticks += procs.get(pid).ticks;
  }
  return ticks;
}

// Returns { seconds, quiet }: quiet is false when the limit passed first (the phase runs anyway, and the
// result records it).
export async function settle(sys) {
  const t0 = Date.now();
  if (sys.name === 'postgres') {
    const conn = await sys.connect();
    try {
      await conn.query('checkpoint', kMaxSeconds * 1000);
    } catch (e) {
      log(`checkpoint: ${errorText(e)}`);
    } finally {
      await conn.close();
    }
  }
  spawnSync('sync');
  const roots = sys.serverPids?.() ?? [];
  let prev = { at: Date.now(), ticks: benchTicks(roots), sectors: sectorsWritten() };
  if (prev.ticks === null || prev.sectors === null) return { seconds: 0, quiet: false };
  while (Date.now() - t0 < kMaxSeconds * 1000) {
    await sleep(1000);
    const cur = { at: Date.now(), ticks: benchTicks(roots), sectors: sectorsWritten() };
    const secs = (cur.at - prev.at) / 1000;
    const cpuPct = (100 * (cur.ticks - prev.ticks)) / kTicksPerSecond / secs;
    const writeMBps = ((cur.sectors - prev.sectors) * 512) / 2 ** 20 / secs;
    prev = cur;
    if (cpuPct < kQuietCpuPct && writeMBps < kQuietWriteMBps) {
      return { seconds: Math.round((Date.now() - t0) / 100) / 10, quiet: true };
    }
  }
  log(`${sys.name}: not quiet after ${kMaxSeconds} s; timing anyway`);
  return { seconds: kMaxSeconds, quiet: false };
}
