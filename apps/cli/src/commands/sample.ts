import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { OUTPUT_SCHEMAS, checkDocument, readNdjsonFile } from "@ntlm-siem/core";
import type { Command } from "../command.js";
import { UsageError } from "../usage-error.js";
import { convertTo } from "./convert.js";

/** The bundled real samples (provenance: samples/README.md): each record once, in its original format. */
const SAMPLE_INPUTS = ["carved/*.xml", "atc-data/*.xml", "seeds/*.json"];

const repoRoot = resolve(fileURLToPath(import.meta.url), "../../../../..");

export const sampleCommand: Command = {
  name: "sample",
  summary: "Convert the bundled real NTLM samples to every schema and check the output (no SIEM needed)",
  usage: `ntlm-siem sample [--out DIR]

  --out   folder for normalized.ndjson, ecs.ndjson, cim.ndjson, asim.ndjson (default: out/sample)`,
  async run(context) {
    let values: { out?: string | undefined };
    try {
      ({ values } = parseArgs({ args: context.argv, strict: true, options: { out: { type: "string" } } }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const outDir = resolve(context.cwd, values.out ?? "out/sample");
    const inputs = SAMPLE_INPUTS.map((pattern) => join(repoRoot, "samples", pattern));
    context.stderr.write(`Converting the bundled samples (${join(repoRoot, "samples")}) into ${outDir}\n`);
    let rejected = 0;
    for (const schema of OUTPUT_SCHEMAS) {
      const out = join(outDir, `${schema}.ndjson`);
      const stats = await convertTo(context, inputs, schema, out, undefined, {
        label: `${schema} -> ${out}`,
      });
      rejected += stats.rejected;
      if (schema === "normalized") continue;
      let documents = 0;
      let problems = 0;
      for await (const document of readNdjsonFile(out)) {
        documents += 1;
        for (const problem of checkDocument(schema, document)) {
          if (problem.severity !== "error") continue;
          problems += 1;
          if (problems <= 5) context.stderr.write(`  schema problem: ${problem.field}: ${problem.message}\n`);
        }
      }
      context.stderr.write(`  ${schema} schema check: ${documents} documents, ${problems} problems\n`);
      if (problems > 0) rejected += problems;
    }
    return rejected > 0 ? 1 : 0;
  },
};
