// The CLI in a child process, reporting its own peak memory at exit (process.resourceUsage().maxRSS, KiB): the
// number the bench quotes. Runs exactly what `node apps/cli/dist/main.js ship elastic ...` runs.
import { runCli } from "../../../apps/cli/dist/cli.js";

const code = await runCli({
  argv: process.argv.slice(2),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: false,
  cwd: process.cwd(),
});
process.stdout.write(`${JSON.stringify({ code, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
