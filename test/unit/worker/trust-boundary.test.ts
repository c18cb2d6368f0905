// The trust boundary, visible in the imports: nothing a scanner runs (worker/ and everything it imports,
// followed file by file) reaches the database, the scan service, the control plane or a chat SDK.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '');
}

/** Every project file reachable from `entries`, and every package they import. */
function closure(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [...entries];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      todo.push(path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'));
    }
  }
  return { files, packages };
}

describe('the scanner side', () => {
  const scannerFiles = ['worker/scan-worker.ts', 'cli/commands/worker.ts'].map((f) => path.join(root, f));
  const { files, packages } = closure(scannerFiles);
  const relative = [...files].map((f) => path.relative(root, f)).sort();

  it('follows the imports of the scanner process (sanity: the walk finds the engine and the stream)', () => {
    expect(relative).toEqual(expect.arrayContaining(['worker/result-stream.ts', 'worker/order-intake.ts', 'scanner/engine.ts', 'core/orders/scan-order.ts']));
  });

  it('never imports db/, core/scans/, control/, bot/ or the composition root', () => {
    expect(relative.filter((f) => /^(db|core\/scans|control|bot)\/|^cli\/composition\/(?!signals\.ts)/.test(f))).toEqual([]);
  });

  it('never loads a database driver or a chat SDK', () => {
    expect([...packages].filter((p) => ['pg', 'pg-copy-streams', 'kysely', '@slack/bolt', '@slack/web-api', 'discord.js'].includes(p))).toEqual([]);
  });

  it('covers every file of worker/: none of them reaches the database either', () => {
    const all = readdirSync(path.join(root, 'worker'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, 'worker', f));
    const reach = [...closure(all).files].map((f) => path.relative(root, f));
    expect(reach.filter((f) => /^(db|core\/scans|control)\//.test(f))).toEqual([]);
  });
});
