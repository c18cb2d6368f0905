// Paths of the captured tool outputs and hostile inputs under test/fixtures, for the parser tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');

export function fixturePath(relative: string): string {
  return join(fixturesDir, relative);
}

export function fixtureText(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}
