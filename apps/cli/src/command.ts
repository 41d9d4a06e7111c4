/** What the CLI needs to run a command; tests substitute streams. */
export interface CommandContext {
  argv: string[];
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Progress is drawn only on a terminal. */
  isTTY: boolean;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the exit code: 0 all well, 1 some records rejected, 2 usage error. */
  run(context: CommandContext): Promise<number>;
}
