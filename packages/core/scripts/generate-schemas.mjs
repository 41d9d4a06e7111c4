#!/usr/bin/env node
// Builds the field tables under src/schema/*.generated.ts from the reference definitions in schema-sources/
// (ASIM) and from the @elastic/ecs package (ECS). The checkers read only these tables at run time, so
// @elastic/ecs stays a devDependency and the schema sources never ship.
//
//   node scripts/generate-schemas.mjs          write the tables
//   node scripts/generate-schemas.mjs --check  exit 1 when a committed table differs from a fresh build
//
// `generateSchemas()` is exported so a test can rebuild the tables in memory and compare them with the
// committed files. Output is deterministic: source order for ASIM (so a diff against the upstream file reads
// naturally), code-unit order for ECS field names, and no timestamps.

import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import process from "node:process";
import { EcsFlat, EcsVersion } from "@elastic/ecs";

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

const ASIM_TESTER_CSV = "schema-sources/asim/ASimTester.Authentication.csv";
const ASIM_TABLE_JSON = "schema-sources/asim/ASimAuthenticationEventLogs.json";
const ASIM_OUT = "src/schema/asim-authentication.generated.ts";
const ECS_OUT = "src/schema/ecs-fields.generated.ts";

// ECS fields whose allowed values the checker enforces: the event categorization fields, the only ones ECS
// requires to hold one of its listed values (https://www.elastic.co/guide/en/ecs/current/ecs-category-field-values-reference.html).
const ECS_ENFORCED_ALLOWED = ["event.category", "event.kind", "event.outcome", "event.type"];

const ASIM_TESTER_HEADER = [
  "ColumnName",
  "ColumnType",
  "Class",
  "Schema",
  "LogicalType",
  "ListOfValues",
  "Aliased",
];

/** Code-unit order: stable across locales, unlike localeCompare. */
function byCodeUnit(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A TypeScript string literal (JSON string syntax is valid TypeScript). */
function lit(value) {
  return JSON.stringify(value);
}

function litList(values) {
  return `[${values.map(lit).join(", ")}]`;
}

/**
 * Minimal RFC 4180 reader: comma-separated, optional double-quoted cells with "" escapes, CRLF or LF rows.
 * The tester file has no quotes today; handling them keeps a future upstream copy from being misread.
 */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new Error("CSV: unterminated quoted cell");
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

function buildAsim(csvText, tableJsonText) {
  const [header, ...rows] = parseCsv(csvText);
  if (header === undefined || header.join(",") !== ASIM_TESTER_HEADER.join(",")) {
    throw new Error(`${ASIM_TESTER_CSV}: unexpected header ${JSON.stringify(header)}`);
  }
  const seen = new Set();
  const fields = rows.map((cells, index) => {
    if (cells.length !== ASIM_TESTER_HEADER.length) {
      throw new Error(`${ASIM_TESTER_CSV}: row ${index + 2} has ${cells.length} cells`);
    }
    const [name, type, klass, schema, logicalType, listOfValues, aliased] = cells.map((c) => c.trim());
    if (schema !== "Authentication")
      throw new Error(`${ASIM_TESTER_CSV}: row ${index + 2} is schema ${schema}`);
    if (seen.has(name)) throw new Error(`${ASIM_TESTER_CSV}: duplicate field ${name}`);
    seen.add(name);
    // Upstream lists carry stray spaces (" Service Principal"); the value itself never starts with one.
    const values = listOfValues
      .split("|")
      .map((v) => v.trim())
      .filter((v) => v !== "");
    return { name, type, klass, logicalType, values, aliased };
  });

  const table = JSON.parse(tableJsonText);
  if (typeof table.Name !== "string" || !Array.isArray(table.Properties)) {
    throw new Error(`${ASIM_TABLE_JSON}: expected {Name, Properties[]}`);
  }
  const columns = table.Properties.map((p) => {
    if (typeof p.name !== "string" || typeof p.type !== "string") {
      throw new Error(`${ASIM_TABLE_JSON}: bad column ${JSON.stringify(p)}`);
    }
    return [p.name, p.type];
  });

  const columnTypes = [...new Set(fields.map((f) => f.type))].sort(byCodeUnit);
  const classes = [...new Set(fields.map((f) => f.klass))].sort(byCodeUnit);
  const kustoTypes = [...new Set(columns.map(([, t]) => t))].sort(byCodeUnit);

  const fieldLines = fields.map((f) => {
    const parts = [`name: ${lit(f.name)}`, `type: ${lit(f.type)}`, `class: ${lit(f.klass)}`];
    if (f.logicalType !== "") parts.push(`logicalType: ${lit(f.logicalType)}`);
    if (f.values.length > 0) parts.push(`values: ${litList(f.values)}`);
    if (f.aliased !== "") parts.push(`aliased: ${lit(f.aliased)}`);
    return `  { ${parts.join(", ")} },`;
  });
  const columnLines = columns.map(([name, type]) => `  [${lit(name)}, ${lit(type)}],`);

  return [
    `// GENERATED by scripts/generate-schemas.mjs from ${ASIM_TESTER_CSV} and ${ASIM_TABLE_JSON} — do not edit`,
    `// Provenance and licence of both sources: schema-sources/README.md.`,
    ``,
    `/** ASIM column types used by the schema tester (Kusto scalar types, lower case). */`,
    `export type AsimColumnType = ${columnTypes.map(lit).join(" | ")};`,
    `/** ASIM field classes (https://learn.microsoft.com/azure/sentinel/normalization-about-schemas#field-class). */`,
    `export type AsimFieldClass = ${classes.map(lit).join(" | ")};`,
    `/** Column types of the Log Analytics table, as Log Analytics spells them. */`,
    `export type AsimKustoType = ${kustoTypes.map(lit).join(" | ")};`,
    ``,
    `export interface AsimFieldSpec {`,
    `  readonly name: string;`,
    `  readonly type: AsimColumnType;`,
    `  readonly class: AsimFieldClass;`,
    `  /** ASIM logical type ("Enumerated", "IP Address", "Hostname", …), when the tester names one. */`,
    `  readonly logicalType?: string;`,
    `  /** Allowed values (ListOfValues), trimmed. */`,
    `  readonly values?: readonly string[];`,
    `  /** For Conditional fields: the field this one describes. */`,
    `  readonly aliased?: string;`,
    `}`,
    ``,
    `/** The Authentication rows of the ASIM schema tester, in source order. */`,
    `export const ASIM_AUTHENTICATION_FIELDS: readonly AsimFieldSpec[] = [`,
    ...fieldLines,
    `];`,
    ``,
    `/** Name of the Log Analytics table that stores ASIM Authentication rows. */`,
    `export const ASIM_AUTHENTICATION_TABLE = ${lit(table.Name)};`,
    ``,
    `/** Columns of ${table.Name} with their types, in source order. */`,
    `export const ASIM_AUTHENTICATION_TABLE_COLUMNS: readonly (readonly [name: string, type: AsimKustoType])[] = [`,
    ...columnLines,
    `];`,
    ``,
  ].join("\n");
}

function buildEcs(flat, version) {
  const names = Object.keys(flat).sort(byCodeUnit);
  const types = [...new Set(names.map((n) => flat[n].type))].sort(byCodeUnit);
  const rowLines = names.map((name) => {
    const def = flat[name];
    const array = Array.isArray(def.normalize) && def.normalize.includes("array") ? 1 : 0;
    return `  [${lit(name)}, ${lit(def.type)}, ${array}],`;
  });

  const required = names.filter((n) => flat[n].required === true);
  const extraLines = [];
  for (const name of ECS_ENFORCED_ALLOWED) {
    const def = flat[name];
    if (def === undefined || !Array.isArray(def.allowed_values)) {
      throw new Error(`@elastic/ecs: ${name} has no allowed_values`);
    }
    const allowed = def.allowed_values.map((v) => v.name);
    extraLines.push(`  ${lit(name)}: {`);
    extraLines.push(`    allowed: ${litList(allowed)},`);
    const withTypes = def.allowed_values.filter((v) => Array.isArray(v.expected_event_types));
    if (withTypes.length > 0) {
      extraLines.push(`    expectedTypes: {`);
      for (const v of withTypes) extraLines.push(`      ${lit(v.name)}: ${litList(v.expected_event_types)},`);
      extraLines.push(`    },`);
    }
    extraLines.push(`  },`);
  }

  return [
    `// GENERATED by scripts/generate-schemas.mjs from @elastic/ecs ${version} (EcsFlat) — do not edit`,
    `// ECS is Apache-2.0 licensed (Elasticsearch B.V.); only field names, types and allowed values are kept here.`,
    ``,
    `/** The ECS version these tables describe. */`,
    `export const ECS_VERSION = ${lit(version)};`,
    ``,
    `/** Elasticsearch field types used by ECS ${version}. */`,
    `export type EcsFieldType = ${types.map(lit).join(" | ")};`,
    ``,
    `export interface EcsFieldSpec {`,
    `  readonly type: EcsFieldType;`,
    `  /** ECS \`normalize: [array]\`: the value should always be an array, even with one element. */`,
    `  readonly array: boolean;`,
    `  /** Allowed values, for the event categorization fields only. */`,
    `  readonly allowed?: readonly string[];`,
    `  /** event.category only: the event.type values ECS expects with each category. */`,
    `  readonly expectedTypes?: Readonly<Record<string, readonly string[]>>;`,
    `}`,
    ``,
    `/** [flat name, type, 1 when normalize includes "array"], in code-unit order of the name. */`,
    `const ROWS: readonly (readonly [string, EcsFieldType, 0 | 1])[] = [`,
    ...rowLines,
    `];`,
    ``,
    `const EXTRAS: Readonly<Record<string, Pick<EcsFieldSpec, "allowed" | "expectedTypes">>> = {`,
    ...extraLines,
    `};`,
    ``,
    `/** Fields ECS marks \`required: true\`. */`,
    `export const ECS_REQUIRED_FIELDS: readonly string[] = ${litList(required)};`,
    ``,
    `/** Every ECS ${version} field by its flat (dotted) name. */`,
    `export const ECS_FIELDS: ReadonlyMap<string, EcsFieldSpec> = new Map(`,
    `  ROWS.map(([name, type, array]): [string, EcsFieldSpec] => [name, { type, array: array === 1, ...EXTRAS[name] }]),`,
    `);`,
    ``,
  ].join("\n");
}

/**
 * Builds every generated table in memory.
 * @returns {Promise<{ file: string; content: string }[]>} paths relative to the package directory
 */
export async function generateSchemas() {
  const [csv, tableJson] = await Promise.all([
    readFile(join(PACKAGE_DIR, ASIM_TESTER_CSV), "utf8"),
    readFile(join(PACKAGE_DIR, ASIM_TABLE_JSON), "utf8"),
  ]);
  return [
    { file: ASIM_OUT, content: buildAsim(csv, tableJson) },
    { file: ECS_OUT, content: buildEcs(EcsFlat, EcsVersion) },
  ];
}

async function main(argv) {
  const check = argv.includes("--check");
  const outputs = await generateSchemas();
  let stale = 0;
  for (const { file, content } of outputs) {
    const path = join(PACKAGE_DIR, file);
    if (check) {
      const current = await readFile(path, "utf8").catch(() => "");
      if (current !== content) {
        stale++;
        process.stderr.write(`${file} is out of date: run node scripts/generate-schemas.mjs\n`);
      }
    } else {
      await writeFile(path, content);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  if (stale > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
