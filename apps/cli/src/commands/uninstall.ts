import { failed, formatReport, uninstallElastic } from "@ntlm-siem/elastic";
import type { Command } from "../command.js";
import { elasticConfig, target } from "./install.js";
import { parseCommandArgs } from "../parse-options.js";

export const uninstallCommand: Command = {
  name: "uninstall",
  summary: "Remove what install created (elastic); data streams and their data are kept",
  usage: `ntlm-siem uninstall elastic [--dry-run]

  --dry-run  print what would be deleted; change nothing

  Deletes only ntlm-siem's objects (stable names; Elasticsearch objects must carry _meta.managed_by: ntlm-siem).
  Same environment as install.`,
  async run(context) {
    const parsed = parseCommandArgs(context.argv, { "dry-run": { type: "boolean" } });
    const { values, positionals } = parsed;
    target(positionals);
    const report = await uninstallElastic(elasticConfig(), { dryRun: values["dry-run"] === true });
    context.stdout.write(formatReport(report));
    return failed(report).length > 0 ? 1 : 0;
  },
};
