// Prometheus metrics of the bot process (prom-client): Node's defaults plus commands handled by result,
// exposed at /metrics. One registry per process, created on first use.
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

let registry: Registry | undefined;
let commands: Counter<'command' | 'result'> | undefined;

export function metricsRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'portcullis_' });
    commands = new Counter({ name: 'portcullis_commands_total', help: 'Chat commands handled, by sub-command and result', labelNames: ['command', 'result'], registers: [registry] });
  }
  return registry;
}

/** Counts one handled command (called by the dispatcher; cheap, never throws). */
export function countCommand(command: string, result: string): void {
  metricsRegistry();
  commands?.inc({ command, result });
}
