import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { normalize, readInputs, toEcs, type JsonObject } from "@ntlm-siem/core";
import { writePackage, type PipelineTestCase } from "@ntlm-siem/elastic";
import type { Command, CommandContext } from "../command.js";
import { UsageError } from "../usage-error.js";
import { target } from "./install.js";
import { parseCommandArgs } from "../parse-options.js";

/** Default pipeline-test events: the bundled real samples (samples/README.md). */
const SAMPLE_INPUTS = ["carved/*.xml", "atc-data/*.xml", "seeds/*.json"];
const repoRoot = resolve(fileURLToPath(import.meta.url), "../../../../..");

export const packageCommand: Command = {
  name: "package",
  summary: "Build the Elastic integration package (Fleet) with the same content as install",
  usage: `ntlm-siem package elastic --out DIR [--events INPUT...] [--version X.Y.Z]

  --out      folder to write the package into (package-spec layout; check it with elastic-package)
  --events   inputs whose events become the pipeline tests (default: the bundled samples)
  --version  package version (default 0.1.0)`,
  async run(context) {
    const parsed = parseCommandArgs(context.argv, {
      out: { type: "string" },
      events: { type: "string", multiple: true },
      version: { type: "string" },
    });
    const { values, positionals } = parsed;
    target(positionals);
    if (values.out === undefined) throw new UsageError("--out is required");
    if (values.version !== undefined && !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(values.version))
      throw new UsageError("--version must be a semantic version (1.2.3)");
    const inputs = values.events ?? SAMPLE_INPUTS.map((p) => join(repoRoot, "samples", p));
    const { cases, rejected } = await testCases(context, inputs);
    const outDir = resolve(context.cwd, values.out);
    const files = writePackage(outDir, {
      testCases: cases,
      ...(values.version ? { version: values.version } : {}),
    });
    context.stdout.write(
      `Wrote ${files.length} files to ${outDir} (${cases.length} pipeline test files, ${cases.reduce((n, c) => n + c.documents.length, 0)} events)\n` +
        "Check it with elastic-package (not available here: it needs Go 1.24 and Docker): elastic-package check && elastic-package test pipeline\n",
    );
    return rejected > 0 ? 1 : 0;
  },
};

/** One pipeline test per input file: its events as core converts them to ECS. */
async function testCases(
  context: CommandContext,
  inputs: string[],
): Promise<{ cases: PipelineTestCase[]; rejected: number }> {
  const byFile = new Map<string, JsonObject[]>();
  let rejected = 0;
  for await (const item of readInputs(inputs, { cwd: context.cwd })) {
    if (item.kind !== "record") {
      rejected += 1;
      context.stderr.write(`ntlm-siem package: ${item.error.message}\n`);
      continue;
    }
    const result = normalize(item.record);
    if (result.kind === "reject") {
      rejected += 1;
      context.stderr.write(`ntlm-siem package: ${result.error.message}\n`);
      continue;
    }
    if (result.kind !== "event") continue;
    const file = item.record.origin.file;
    byFile.set(file, [...(byFile.get(file) ?? []), toEcs(result.event)]);
  }
  const used = new Set<string>();
  const cases: PipelineTestCase[] = [];
  for (const [file, documents] of byFile) {
    let name =
      basename(file)
        .toLowerCase()
        .replace(/\.[^.]+$/, "")
        .replace(/[^a-z0-9_-]+/g, "-")
        .replace(/^-+|-+$/g, "") || "events";
    while (used.has(name)) name = `${name}-x`;
    used.add(name);
    cases.push({ name, documents });
  }
  return { cases, rejected };
}
