/**
 * CPU time of a process's threads from /proc (Linux only): what the A/B benchmarks
 * count per request, since a thread's CPU time is its own work whatever the machine's
 * speed does to the wall clock.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Whether this system says what each thread's CPU time is (Linux's /proc). */
export const hasThreadCpu = () => existsSync('/proc/self/task');

/** utime + stime of one thread, in µs (the kernel counts ticks of 1/100 s). */
export function threadCpuUs(pid, tid = pid) {
  const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** The main thread's CPU time (its id is the process id), in µs. */
export const mainThreadCpuUs = (pid) => threadCpuUs(pid);

/** Every thread's CPU time together, in µs. */
export const allThreadsCpuUs = (pid) => readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => sum + threadCpuUs(pid, tid), 0);
