import { NtlmSiemError } from "@ntlm-siem/core";
import { registerEvtxReader } from "@ntlm-siem/evtx";
import type { Command, CommandContext } from "./command.js";
import { convertCommand } from "./commands/convert.js";
import { detectCommand } from "./commands/detect.js";
import { inspectCommand } from "./commands/inspect.js";
import { installCommand } from "./commands/install.js";
import { packageCommand } from "./commands/package.js";
import { sampleCommand } from "./commands/sample.js";
import { shipCommand } from "./commands/ship.js";
import { uninstallCommand } from "./commands/uninstall.js";
import { UsageError } from "./usage-error.js";

/** Every command the CLI offers, in the order `help` lists them. */
export const COMMANDS: readonly Command[] = [
  convertCommand,
  detectCommand,
  inspectCommand,
  sampleCommand,
  shipCommand,
  installCommand,
  uninstallCommand,
  packageCommand,
];

// Every command reads .evtx inputs (detected by their signature, whatever the file is called).
registerEvtxReader();

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `ntlm-siem: Windows NTLM audit events, normalized for Elastic, Splunk and Sentinel

Usage: ntlm-siem <command> [options]

${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run "ntlm-siem <command> --help" for a command's options.
`;
}

/** Runs the CLI and resolves to its exit code; never calls process.exit itself (tests call it directly). */
export async function runCli(context: CommandContext): Promise<number> {
  const [name, ...rest] = context.argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    context.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    context.stderr.write(`ntlm-siem: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    context.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run({ ...context, argv: rest });
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr.write(`ntlm-siem ${command.name}: ${error.message}\n\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof NtlmSiemError) {
      context.stderr.write(`ntlm-siem ${command.name}: ${error.describe()} [${error.code}]\n`);
      return 1;
    }
    throw error;
  }
}
