import {
  formatReport,
  failed,
  installElastic,
  loadElasticConfig,
  type ElasticConfig,
} from "@ntlm-siem/elastic";
import type { Command } from "../command.js";
import { UsageError } from "../usage-error.js";
import { parseCommandArgs } from "../parse-options.js";

export const installCommand: Command = {
  name: "install",
  summary: "Install index templates, ingest pipeline, lifecycle, detection rules and dashboards (elastic)",
  usage: `ntlm-siem install elastic [--dry-run] [--retention-days N] [--lifecycle ilm|dsl]

  --dry-run         print what would be created, updated or left unchanged; change nothing
  --retention-days  days to keep documents (default 180)
  --lifecycle       ilm (default): an ILM policy; dsl: the data stream lifecycle (Elasticsearch 9.x)

  Reads ELASTIC_URL, ELASTIC_API_KEY[_FILE] (or ELASTIC_USERNAME + ELASTIC_PASSWORD[_FILE]), ELASTIC_CA_FILE,
  KIBANA_URL and KIBANA_SPACE from the environment. Without KIBANA_URL only the Elasticsearch part is installed.`,
  async run(context) {
    const { values, positionals } = parse(context.argv);
    target(positionals);
    const overrides: Record<string, unknown> = {};
    if (values["retention-days"] !== undefined) {
      const days = Number(values["retention-days"]);
      if (!Number.isInteger(days) || days < 1)
        throw new UsageError("--retention-days must be a positive integer");
      overrides.retentionDays = days;
    }
    if (values.lifecycle !== undefined) {
      if (values.lifecycle !== "ilm" && values.lifecycle !== "dsl")
        throw new UsageError("--lifecycle must be ilm or dsl");
      overrides.lifecycle = values.lifecycle;
    }
    const config = elasticConfig(overrides);
    const report = await installElastic(config, { dryRun: values["dry-run"] === true });
    context.stdout.write(formatReport(report));
    return failed(report).length > 0 ? 1 : 0;
  },
};

function parse(argv: string[]) {
  return parseCommandArgs(argv, {
    "dry-run": { type: "boolean" },
    "retention-days": { type: "string" },
    lifecycle: { type: "string" },
  });
}

/** The one target these commands support today. */
export function target(positionals: string[]): "elastic" {
  if (positionals.length !== 1 || positionals[0] !== "elastic")
    throw new UsageError(
      `the target must be "elastic" (got ${positionals.length === 0 ? "none" : positionals.join(" ")})`,
    );
  return "elastic";
}

/** The Elastic configuration from the environment; a bad or missing value is a usage error naming the key. */
export function elasticConfig(overrides: Record<string, unknown> = {}): ElasticConfig {
  try {
    return loadElasticConfig(process.env, overrides);
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    if (issues)
      throw new UsageError(
        issues.map((i) => `${i.path.map(String).join(".") || "config"}: ${i.message}`).join("; "),
      );
    throw error;
  }
}
