// The `portcullis` command: dispatches to the sub-commands. This is the composition root, the only place
// that wires bot, worker, core, scanner and db together. Each sub-command lives in cli/commands/<name>.ts
// and exports `run(args): Promise<number>` returning the exit code.

interface SubCommand {
  module: string;
  summary: string;
}

const commands: Record<string, SubCommand> = {
  start: { module: './commands/start.js', summary: 'migrate, then run bot, ingest and a local scanner in one process' },
  worker: { module: './commands/worker.js', summary: 'run a scanner (needs REDIS_URL = its credential, SCANNER_ORDER_KEY; no database)' },
  ingest: { module: './commands/ingest.js', summary: 'apply what scanners send to the database, and run schedules (control plane)' },
  scanners: { module: './commands/scanners.js', summary: 'scanner credentials: add NAME [--pool POOL] [--json] | revoke NAME | public-key' },
  bot: { module: './commands/bot.js', summary: 'run the chat front (Slack, Discord, console)' },
  migrate: { module: './commands/migrate.js', summary: 'create the database if missing and migrate it' },
  'scan-now': { module: './commands/scan-now.js', summary: 'run the scan engine in-process: --targets T --ports P --scanner masscan|nmap|hybrid [--rate N] [--timeout S] [--json]' },
  parse: { module: './commands/parse.js', summary: 'parse tool output: FILE [--format nmap-xml|masscan-ndjson|masscan-json|masscan-list] [--json]' },
  chat: { module: './commands/chat.js', summary: 'one /scan command through the console adapter: "TEXT" [--user ID] [--json] [--wait]' },
  console: { module: './commands/console.js', summary: 'type /scan commands interactively' },
  vulndb: { module: './commands/vulndb.js', summary: 'vulnerability data: import PATH… | sync | status' },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: portcullis <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`portcullis: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const module = (await import(command.module)) as { run: (args: string[]) => Promise<number> };
  return module.run(args);
}

// `portcullis parse big.xml | head`: the reader went away, so the output is no longer wanted. Stop quietly,
// as command-line tools do on a closed pipe, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // The command is done: a client still reconnecting to a dead Redis must not keep the process alive.
    setTimeout(() => process.exit(code), 1000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`portcullis: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
