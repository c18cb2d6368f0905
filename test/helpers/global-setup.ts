// vitest global setup: migrates the test template database once per test run, before any test file
// clones it (see database.ts).
import { prepareTemplate } from './database.js';

export default async function setup(): Promise<void> {
  await prepareTemplate();
}
