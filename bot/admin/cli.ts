import { runAdmin } from './commands';

// `node dist/bot/admin/cli.js <command> ...` in production (built with the server), `npm run admin -- <command> ...` in development.
runAdmin(process.argv.slice(2), process.env, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`The command failed: ${(error as Error)?.message ?? error}\n`);
    process.exitCode = 1;
  });
