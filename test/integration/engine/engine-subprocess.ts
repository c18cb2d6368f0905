// Runs the engine in a separate Node process, so a test can take capabilities away from it for real
// (capsh --drop=cap_net_raw,cap_net_admin). scanner/ imports nothing of the app, so transpiling just that
// folder (TypeScript's transpileModule, no type check) into a cache folder inside the project — where
// node_modules and the ESM package.json resolve — gives a runnable copy without a build step.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import ts from 'typescript';
import type { ScanResult } from '../../../scanner/types.js';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function transpileTree(source: string, target: string): void {
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    if (entry.isDirectory()) transpileTree(from, join(target, entry.name));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const output = ts.transpileModule(readFileSync(from, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
        fileName: from,
      });
      mkdirSync(target, { recursive: true });
      writeFileSync(join(target, entry.name.replace(/\.ts$/, '.js')), output.outputText);
    }
  }
}

const DRIVER = `
import { runScan } from './scanner/engine.js';
import { parseTargets } from './scanner/targets.js';
import { parsePortSpec } from './scanner/ports.js';
const spec = JSON.parse(process.argv[2]);
const result = await runScan({
  ...spec,
  targets: parseTargets(spec.targets, { allow: spec.allow, deny: [] }),
  ports: parsePortSpec(spec.ports),
});
process.stdout.write(JSON.stringify(result));
`;

export interface SubprocessScanSpec {
  targets: string;
  allow: string[];
  ports: string;
  scanner: 'masscan' | 'nmap' | 'hybrid';
  rate: number;
  timeoutSeconds: number;
  portTimeoutMs: number;
  exclude: string[];
  masscan?: { adapter?: string; adapterIp?: string; routerMac?: string };
}

/** Runs one scan in a child process without NET_RAW and NET_ADMIN; returns its ScanResult and stderr. */
export async function runScanWithoutRawSockets(spec: SubprocessScanSpec): Promise<{ result: ScanResult; stderr: string }> {
  const dir = join(projectRoot, 'node_modules', '.cache', `pcl-engine-${process.pid}-${Date.now()}`);
  try {
    transpileTree(join(projectRoot, 'scanner'), join(dir, 'scanner'));
    writeFileSync(join(dir, 'driver.mjs'), DRIVER);
    const driver = relative(projectRoot, join(dir, 'driver.mjs'));
    const child = await execa('capsh', ['--drop=cap_net_raw,cap_net_admin', '--', '-c', 'exec "$0" "$1" "$2"', process.execPath, driver, JSON.stringify(spec)], {
      cwd: projectRoot,
      reject: false,
      timeout: 60_000,
    });
    if (child.exitCode !== 0) throw new Error(`engine subprocess exited ${child.exitCode}: ${child.stderr}`);
    return { result: JSON.parse(child.stdout) as ScanResult, stderr: child.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
