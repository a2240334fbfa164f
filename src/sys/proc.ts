// Processes, as Linux's /proc shows them: a process's parent and start time (with the pid, the
// start time names one process even after its pid is reused), and the descendants of a process.

import { readdirSync, readFileSync } from "node:fs";

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Field 22 of /proc/<pid>/stat: when it started, in clock ticks since boot. */
  start: string;
  /** Field 3: R, S, D, Z (a zombie: dead, not yet reaped), ... */
  state: string;
}

/** What /proc/<pid>/stat says about a process; undefined when it is gone (or there is no /proc). */
export function processInfo(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields count from the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ppid = Number(fields[1]);
  const start = fields[19];
  return Number.isInteger(ppid) && start ? { pid, ppid, start, state: fields[0] } : undefined;
}

/** Every process below `root` (children, their children, ...), by their parent links now. */
export function descendantsOf(root: number): ProcessInfo[] {
  let pids: number[];
  try {
    pids = readdirSync("/proc").filter((e) => /^\d+$/.test(e)).map(Number);
  } catch {
    return [];
  }
  const children = new Map<number, ProcessInfo[]>();
  for (const pid of pids) {
    const info = processInfo(pid);
    if (!info) continue;
    const siblings = children.get(info.ppid);
    if (siblings) siblings.push(info);
    else children.set(info.ppid, [info]);
  }
  const found: ProcessInfo[] = [];
  for (let queue = [root]; queue.length > 0; ) {
    const next: number[] = [];
    for (const pid of queue) {
      for (const child of children.get(pid) ?? []) {
        if (found.length > 100_000) return found; // a loop in a racing snapshot
        found.push(child);
        next.push(child.pid);
      }
    }
    queue = next;
  }
  return found;
}

/** Whether this very process (the pid, started at that time) is still there. */
export function stillRunning(p: ProcessInfo): boolean {
  return processInfo(p.pid)?.start === p.start;
}
