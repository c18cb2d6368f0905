// The adapter conformance suite against the Slack adapter (signed HTTP into Bolt, replies on the fake API).
import { createSlackDriver } from '../../conformance/drivers/slack-driver.js';
import { conformanceSuite } from '../../conformance/suite.js';

conformanceSuite('slack', createSlackDriver);
