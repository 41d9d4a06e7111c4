import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { JsonObject } from "@ntlm-siem/core";
import { dataViews } from "../assets/kibana/data-views.js";
import { dashboardSavedObjects } from "../assets/kibana/lens.js";
import { detectionRules } from "../assets/kibana/rules.js";
import type { SavedObject } from "../assets/kibana/saved-object.js";
import { DATASET } from "../assets/names.js";
import {
  agentDocument,
  expectedFromCore,
  FIELDS_THE_PIPELINE_CANNOT_KNOW,
} from "../assets/pipeline/agent-document.js";
import { buildIngestPipeline } from "../assets/pipeline/pipeline.js";
import { baseFields, ecsFields, ntlmFields, winlogFields } from "./fields-yml.js";
import { toYaml } from "./yaml.js";

/**
 * The same content as `install elastic`, as an Elastic integration package (package-spec layout) for Fleet:
 * a `winlog` input on Microsoft-Windows-NTLM/Operational, the generated ingest pipeline as the data stream's
 * default pipeline, field definitions, pipeline tests (Agent-shaped input -> core's ECS document), the Lens
 * visualizations, dashboards, data view and detection rules. Checked here against the spec's rules we know;
 * `elastic-package check` / `test pipeline` must run outside this machine (Go 1.24 and Docker).
 * Package spec: https://github.com/elastic/package-spec ; integration docs: https://www.elastic.co/guide/en/integrations-developer/current/index.html
 */

export const PACKAGE_NAME = "ntlm_siem";
export const DATA_STREAM = "ntlm_operational";
export const FORMAT_VERSION = "3.3.0";
/** ES|QL rules need Kibana 8.14+; Lens form-based layers and index templates as written need 8.x. */
export const KIBANA_VERSION = "^8.14.0 || ^9.0.0";

export interface PipelineTestCase {
  /** File stem: test-<name>.json. Lower-case letters, digits, - and _. */
  name: string;
  /** Core's ECS documents for the case's events (toEcs). */
  documents: JsonObject[];
}

export interface PackageOptions {
  version?: string;
  /** GitHub owner of the package (manifest owner.github). */
  owner?: string;
  /** Link of the changelog entry (package-spec requires one). */
  changelogLink?: string;
  testCases?: readonly PipelineTestCase[];
}

export interface PackageFile {
  path: string;
  content: string;
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

function manifest(o: Required<Pick<PackageOptions, "version" | "owner">>): Record<string, unknown> {
  return {
    format_version: FORMAT_VERSION,
    name: PACKAGE_NAME,
    title: "NTLM audit (ntlm-siem)",
    version: o.version,
    description:
      "Collect Microsoft-Windows-NTLM/Operational events with Elastic Agent and normalize them to ECS, with NTLM dashboards and detection rules.",
    type: "integration",
    categories: ["security", "os_system"],
    source: { license: "Apache-2.0" },
    conditions: { kibana: { version: KIBANA_VERSION }, elastic: { subscription: "basic" } },
    owner: { github: o.owner, type: "community" },
    policy_templates: [
      {
        name: "ntlm",
        title: "NTLM Operational",
        description: "Windows NTLM audit events (Microsoft-Windows-NTLM/Operational) from Windows hosts",
        inputs: [
          {
            type: "winlog",
            title: "Collect NTLM Operational events",
            description: "Reads the Microsoft-Windows-NTLM/Operational channel with the winlog input",
          },
        ],
      },
    ],
  };
}

function dataStreamManifest(): Record<string, unknown> {
  return {
    title: "NTLM Operational",
    type: "logs",
    // The data set every ntlm-siem asset reads (rules: logs-windows.ntlm_operational-*), not the package default.
    dataset: DATASET,
    streams: [
      {
        input: "winlog",
        template_path: "winlog.yml.hbs",
        title: "Microsoft-Windows-NTLM/Operational",
        description: "Collect NTLM audit, block and usage events (8001-8006, 4001-4033, KB5064479)",
        vars: [
          {
            name: "event_id",
            type: "text",
            title: "Event IDs",
            required: false,
            show_user: false,
            description: "Comma-separated IDs or ranges to keep; all when empty.",
          },
          {
            name: "ignore_older",
            type: "text",
            title: "Ignore events older than",
            default: "72h",
            required: false,
            show_user: false,
          },
          {
            name: "language",
            type: "text",
            title: "Language ID",
            default: 0,
            required: false,
            show_user: false,
          },
          {
            name: "tags",
            type: "text",
            title: "Tags",
            multi: true,
            required: false,
            show_user: false,
            default: ["ntlm-siem"],
          },
          {
            name: "processors",
            type: "yaml",
            title: "Processors",
            required: false,
            show_user: false,
            description: "Agent-side processors, run before the ingest pipeline.",
          },
        ],
      },
    ],
  };
}

/** The winlog input's stream configuration (Handlebars over the stream vars above); our own wording. */
const WINLOG_HBS = `name: Microsoft-Windows-NTLM/Operational
condition: \${host.platform} == 'windows'
{{#if event_id}}
event_id: {{event_id}}
{{/if}}
{{#if ignore_older}}
ignore_older: {{ignore_older}}
{{/if}}
language: {{language}}
{{#if tags.length}}
tags:
{{#each tags as |tag|}}
  - {{tag}}
{{/each}}
{{/if}}
{{#if processors}}
processors:
{{processors}}
{{/if}}
`;

/** Package asset ids must start with the package name (package-spec kibana folder rules). */
function packageId(id: string): string {
  return id.startsWith("ntlm-siem-")
    ? `${PACKAGE_NAME}-${id.slice("ntlm-siem-".length)}`
    : `${PACKAGE_NAME}-${id}`;
}

function renamed(o: SavedObject): SavedObject {
  return {
    ...o,
    id: packageId(o.id),
    references: o.references.map((r) => ({ ...r, id: packageId(r.id) })),
  };
}

const FOLDERS: Record<string, string> = {
  dashboard: "dashboard",
  lens: "lens",
  "index-pattern": "index_pattern",
};

function readme(cases: readonly PipelineTestCase[]): string {
  const unknown = Object.entries(FIELDS_THE_PIPELINE_CANNOT_KNOW)
    .map(([f, why]) => `- \`${f}\`: ${why}`)
    .join("\n");
  return `# NTLM audit (ntlm-siem)

Collects the **Microsoft-Windows-NTLM/Operational** channel (NTLM audit and block events 8001-8006 and 4001-4015,
and the enhanced NTLM auditing events 4020-4033 of Windows 11 24H2 / Windows Server 2025, KB5064479) with Elastic
Agent's winlog input, and normalizes every event to ECS in the ingest pipeline: the same documents
\`ntlm-siem convert --schema ecs\` writes.

## Data stream \`logs-${DATASET}-*\`

The ingest pipeline is generated from ntlm-siem's event catalog: per event ID, each EventData field is decoded
(accounts, SPNs, IPs, NTLM flags, NTSTATUS, usage reasons) into ECS (\`user.*\`, \`source.*\`, \`destination.*\`,
\`process.*\`, \`event.*\`, \`related.*\`) and the \`ntlm.*\` namespace. The raw \`winlog.*\` fields are kept.
A document whose manifest-typed field cannot be decoded is kept with \`event.kind: pipeline_error\` and
\`error.message\`.

Fields the pipeline cannot reproduce from what Agent sends (present only in documents ntlm-siem writes itself):

${unknown}

## Enabling the events

NTLM auditing is off by default: set "Network security: Restrict NTLM: Audit incoming NTLM traffic" and "Audit
NTLM authentication in this domain" (Group Policy), and on Windows 11 24H2 / Server 2025 the enhanced NTLM
auditing policies (KB5064479).

## Assets

- Dashboards: "NTLM usage: who, why, where" and "NTLM security: weak NTLM, blocks and detections".
- Detection rules (Security > Rules): ntlm-siem's rule set, compiled from Sigma.

## Pipeline tests

\`_dev/test/pipeline\` holds ${cases.length} test file(s): Agent-shaped input documents and, as expected output,
ntlm-siem's own ECS conversion of the same events. Run \`elastic-package test pipeline\` (needs Docker).
`;
}

/** Every file of the package, relative to the package root. */
export function packageFiles(options: PackageOptions = {}): PackageFile[] {
  const version = options.version ?? "0.1.0";
  const owner = options.owner ?? "ntlm-siem";
  const cases = options.testCases ?? [];
  const ds = `data_stream/${DATA_STREAM}`;
  const files: PackageFile[] = [
    { path: "manifest.yml", content: toYaml(manifest({ version, owner })) },
    {
      path: "changelog.yml",
      content: toYaml([
        {
          version,
          changes: [
            {
              description:
                "First version: winlog input, generated ECS pipeline, dashboards, detection rules.",
              type: "enhancement",
              link: options.changelogLink ?? "https://github.com/ntlm-siem/ntlm-siem/pull/1",
            },
          ],
        },
      ]),
    },
    { path: "docs/README.md", content: readme(cases) },
    { path: `${ds}/manifest.yml`, content: toYaml(dataStreamManifest()) },
    { path: `${ds}/fields/base-fields.yml`, content: toYaml(baseFields(DATASET)) },
    { path: `${ds}/fields/ecs.yml`, content: toYaml(ecsFields()) },
    { path: `${ds}/fields/winlog.yml`, content: toYaml(winlogFields()) },
    { path: `${ds}/fields/ntlm.yml`, content: toYaml(ntlmFields()) },
    { path: `${ds}/agent/stream/winlog.yml.hbs`, content: WINLOG_HBS },
    {
      path: `${ds}/elasticsearch/ingest_pipeline/default.yml`,
      content: toYaml(buildIngestPipeline() as unknown as Record<string, unknown>),
    },
  ];
  let sample: JsonObject | undefined;
  for (const c of cases) {
    if (!/^[a-z0-9_-]+$/.test(c.name)) throw new Error(`pipeline test name ${c.name}: use a-z, 0-9, - and _`);
    const events = c.documents.map(agentDocument);
    const expected = c.documents.map(expectedFromCore);
    sample ??= expected[0];
    files.push({ path: `${ds}/_dev/test/pipeline/test-${c.name}.json`, content: json({ events }) });
    files.push({
      path: `${ds}/_dev/test/pipeline/test-${c.name}.json-expected.json`,
      content: json({ expected }),
    });
  }
  if (sample !== undefined) {
    const withStream = { ...sample, data_stream: { type: "logs", dataset: DATASET, namespace: "default" } };
    files.push({ path: `${ds}/sample_event.json`, content: json(withStream) });
  }
  for (const o of [...dataViews("default"), ...dashboardSavedObjects()]) {
    const folder = FOLDERS[o.type];
    if (folder === undefined) throw new Error(`no package folder for saved object type ${o.type}`);
    const r = renamed(o);
    files.push({ path: `kibana/${folder}/${r.id}.json`, content: json(r) });
  }
  for (const rule of detectionRules()) {
    // Security rule assets: {id: <rule_id>_<version>, type: "security-rule", attributes: <rule>} (prebuilt-rules layout).
    const asset = { id: `${rule.rule_id}_${rule.version}`, type: "security-rule", attributes: rule };
    files.push({ path: `kibana/security_rule/${asset.id}.json`, content: json(asset) });
  }
  return files;
}

/** Writes the package under `outDir` (created); returns the files written. */
export function writePackage(outDir: string, options: PackageOptions = {}): PackageFile[] {
  const files = packageFiles(options);
  for (const f of files) {
    const target = join(outDir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  return files;
}
