// `portcullis scanners add NAME [--pool POOL] [--json] | revoke NAME | public-key`: scanner credentials
// from the control plane's shell, for the first scanner before any chat is set up (DESIGN §8). The
// connection string is printed once, to stdout only, and never logged.
import { loadConfig } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createScannersAdmin } from '../../control/scanner-admin.js';
import { migrate, openBackend } from '../composition/backend.js';

const USAGE = 'Usage: portcullis scanners add NAME [--pool POOL] [--json] | revoke NAME | public-key\n';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<number> {
  const [action, name] = args;
  if (!action || args.includes('--help') || args.includes('-h') || !['add', 'revoke', 'public-key'].includes(action) || (action !== 'public-key' && !name)) {
    process.stdout.write(USAGE);
    return action ? 2 : 0;
  }
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  await migrate(config);
  const backend = await openBackend(config, logger);
  try {
    if (action === 'public-key') {
      process.stdout.write(`Order-verification key: set SCANNER_ORDER_KEY on every scanner to the next line.\n${backend.signer.publicKey}\n`);
      return 0;
    }
    const admin = createScannersAdmin({ db: backend.db, redisUrl: config.REDIS_URL, connectionBase: config.SCANNER_REDIS_URL ?? config.REDIS_URL, prefix: backend.prefix, service: backend.service, logger });
    if (action === 'revoke') {
      const revoked = await admin.revoke(name!);
      process.stdout.write(`Scanner ${revoked.name} revoked: its Redis user is deleted and its connections dropped${revoked.runs > 0 ? `; ${revoked.runs} run(s) it held failed` : ''}.\n`);
      return 0;
    }
    const pool = option(args, '--pool');
    const credential = await admin.add({ name: name!, ...(pool ? { pool } : {}), createdBy: 'cli' });
    if (args.includes('--json')) {
      process.stdout.write(`${JSON.stringify(credential)}\n`);
      return 0;
    }
    process.stdout.write(
      `Scanner ${credential.name} (pool ${credential.pool}) created. Its connection string is shown this once — store it now:\n${credential.redisUrl}\n\n` +
      `On the scanner host: REDIS_URL='<that string>' SCANNER_ORDER_KEY='${backend.signer.publicKey}' npx portcullis worker\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`portcullis scanners: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await backend.close();
  }
}
