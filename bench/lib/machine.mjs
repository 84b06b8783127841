// The machine and software a result was measured on.
import fs from 'node:fs';
import os from 'node:os';
import { tryExec } from './util.mjs';

export function machineInfo(opts) {
  let osName = `${os.type()} ${os.release()}`;
  try {
    const rel = fs.readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?(.*?)"?$/m);
    if (rel) osName = `${rel[1]} (kernel ${os.release()})`;
  } catch {
    // not Linux: keep the uname answer
  }
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpu_model: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName,
    node: process.version,
    blueshift_commit: tryExec('git', ['-C', opts.repo, 'rev-parse', '--short', 'HEAD']) ?? 'unknown',
    blueshift_dirty: (tryExec('git', ['-C', opts.repo, 'status', '--porcelain', '--', 'src']) ?? '') !== '',
  };
}
