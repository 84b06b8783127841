// What else used the machine while a benchmark ran. On a 2-core machine one busy compiler or profiler
// halves the cores a system under test gets, and its times double without anything in the report saying
// so. The monitor samples /proc once a second: the machine's busy time (/proc/stat, short-lived processes
// included) less the CPU of the bench's own processes (this node process and its descendants: the
// blueshift server, s3rver; and the PostgreSQL postmaster with its backends), and which other processes
// used the most.
import fs from 'node:fs';
import os from 'node:os';

export const kTicksPerSecond = 100;  // USER_HZ on Linux

// pid -> { ppid, comm, ticks, start } for every process, or null off Linux.
export function readProcesses() {
  let names;
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return null;
  }
  const procs = new Map();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let text;
    try {
      text = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;  // gone meanwhile
    }
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    // Fields after comm: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14) ... starttime(19).
    // The children's times hold the processes it reaped: a PostgreSQL backend whose connection closed, a
    // command the driver ran. Without them their CPU would show as another process's.
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    procs.set(Number(name), { ppid: Number(f[1]), comm, ticks, start: f[19] });
  }
  return procs;
}

// Busy and steal ticks of the whole machine since boot.
function readMachine() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return { busy: user + nice + system + irq + softirq, steal: steal || 0 };
  } catch {
    return null;
  }
}

export function descendants(procs, roots) {
  const children = new Map();
  for (const [pid, p] of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(pid);
  }
  const ours = new Set();
  const stack = roots.filter((r) => procs.has(r));
  while (stack.length) {
    const pid = stack.pop();
    if (ours.has(pid)) continue;
    ours.add(pid);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return ours;
}

export class BackgroundMonitor {
  // extraRoots(): pids outside this process's tree that belong to the bench (PostgreSQL's postmaster).
  constructor(extraRoots = () => []) {
    this.extraRoots = extraRoots;
  }

  start() {
    this.t0 = Date.now();
    this.machine0 = readMachine();
    this.prev = readProcesses();
    this.ourTicks = 0;
    this.otherTicks = new Map();  // comm -> ticks
    this.maxSample = 0;
    this.lastMachine = this.machine0;
    if (!this.prev || !this.machine0) return;
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref?.();
  }

  sample() {
    const now = readProcesses();
    const machine = readMachine();
    if (!now || !machine) return;
    const ours = descendants(now, [process.pid, ...this.extraRoots()]);
    let ourDelta = 0;
    let otherDelta = 0;
    for (const [pid, p] of now) {
      const before = this.prev.get(pid);
      const delta = before && before.start === p.start ? p.ticks - before.ticks : p.ticks;
      if (delta <= 0) continue;
      if (ours.has(pid)) {
        ourDelta += delta;
      } else {
        otherDelta += delta;
        this.otherTicks.set(p.comm, (this.otherTicks.get(p.comm) ?? 0) + delta);
      }
    }
    this.ourTicks += ourDelta;
    const machineDelta = machine.busy - this.lastMachine.busy;
    const others = Math.max(otherDelta, machineDelta - ourDelta);
    this.maxSample = Math.max(this.maxSample, others / (kTicksPerSecond * os.cpus().length));
    this.prev = now;
    this.lastMachine = machine;
  }

  // The share of the machine's CPU that processes other than the bench's used while it ran.
  stop() {
    clearInterval(this.timer);
    if (!this.prev || !this.machine0) return null;
    this.sample();
    const seconds = (Date.now() - this.t0) / 1000;
    const capacity = seconds * kTicksPerSecond * os.cpus().length;
    const busy = this.lastMachine.busy - this.machine0.busy;
    const other = Math.max(0, busy - this.ourTicks);
    const top = [...this.otherTicks.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .filter(([, t]) => t >= kTicksPerSecond / 10)
      .map(([comm, t]) => ({ process: comm, cpu_s: Math.round(t) / kTicksPerSecond }));
    return {
      seconds: Math.round(seconds),
      other_cpu_pct: Math.round((1000 * other) / capacity) / 10,
      max_1s_pct: Math.round(1000 * this.maxSample) / 10,
      steal_pct: Math.round((1000 * (this.lastMachine.steal - this.machine0.steal)) / capacity) / 10,
      top,
    };
  }
}

// The threshold above which a report says its times are not to be trusted.
export const kBusyWarnPct = 5;

export function backgroundLine(bg) {
  if (!bg) return null;
  const top = bg.top.length ? ` (most: ${bg.top.map((t) => `${t.process} ${t.cpu_s} s`).join(', ')})` : '';
  return `other processes used ${bg.other_cpu_pct}% of the machine's CPU during the run, at most ${bg.max_1s_pct}% in one second${top}; steal ${bg.steal_pct}%`;
}
