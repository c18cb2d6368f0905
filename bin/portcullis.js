#!/usr/bin/env node
// Entry point for `npx portcullis`: runs the compiled CLI (built by `npm ci`/`npm run build` into dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('portcullis: not built yet — run `npm run build` (or `npm ci`) in the project folder first.\n');
  process.exit(2);
}
await import(main);
