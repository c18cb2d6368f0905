// The `portcullis` command: dispatches to the sub-commands (start, worker, bot, migrate, scan-now,
// parse, chat, console). This is the composition root: the only place that wires bot, worker, core,
// scanner and db together.
const [command = 'help'] = process.argv.slice(2);

const usage = `Usage: portcullis <command>

Commands:
  start       migrate, then run bot and worker in one process
  worker      run a scan worker
  bot         run the chat front
  migrate     create and migrate the database
  scan-now    run the scan engine in-process and print what is open
  parse FILE  parse nmap/masscan output and print ports and findings
  chat TEXT   run one /scan command through the console adapter
  console     type /scan commands interactively
`;

if (command === 'help' || command === '--help' || command === '-h') {
  process.stdout.write(usage);
} else {
  process.stderr.write(`portcullis: unknown command "${command}"\n\n${usage}`);
  process.exitCode = 2;
}
