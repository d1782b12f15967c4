import { readFileSync } from 'node:fs';
import os from 'node:os';

/** What the figures were measured on. */
export interface MachineDescription {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  os: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    if (line !== undefined) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
    if (pretty !== undefined) return `${pretty}, kernel ${os.release()} (${os.arch()})`;
  } catch {
    // No os-release: use the kernel's name.
  }
  return `${os.type()} ${os.release()} (${os.arch()})`;
}

export function describeMachine(): MachineDescription {
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: osName(),
  };
}

/** The 1, 5 and 15 minute load averages, e.g. `4.12, 5.30, 6.01`. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}
