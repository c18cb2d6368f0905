// V8's heap heuristics for a process that streams a scan through it (a scanner shipping results, ingest
// applying them). Measured with bench/remote-ingest (issue 8): with the defaults the peak RSS grew with the
// run's size although nothing is kept — a scanner's batches of port objects, alive across an awaited XADD,
// made V8 pretenure their allocation sites (every later port object born in the old generation), and the
// old generation then grew by the growing factor's headroom up to ~100 MB before its first full GC. Without
// pretenuring and with a 10 % growing step the heap stays at its live size plus a little: peak RSS is flat
// from 100k to 1M ports at no measurable cost in throughput. Both flags are read by the GC at run time, so
// they take effect when set after start (node allows neither in NODE_OPTIONS).
import v8 from 'node:v8';

let tuned = false;

/** Tunes this process's heap for streaming (once; process-wide). */
export function tuneHeapForStreaming(): void {
  if (tuned) return;
  tuned = true;
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  v8.setFlagsFromString('--heap-growing-percent=10');
}
