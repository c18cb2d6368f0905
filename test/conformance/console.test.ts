// The adapter conformance suite against the console adapter.
import { createConsoleDriver } from './console.driver.js';
import { conformanceSuite } from './suite.js';

conformanceSuite('console', createConsoleDriver);
