import { ECS_FIELDS } from "../../schema/ecs-fields.generated.js";
import { FIELD_MAP, type Fidelity, type FieldMapping, type PlatformField } from "../field-map.js";
import type { SigmaRuleMeta } from "../sigma/types.js";
import { CompileError, type CompileWarning, type Platform } from "./errors.js";

/**
 * Where a Sigma field lives in our output for one platform. Everything here comes from the field map (the same
 * tables the mappers follow); the compilers never invent a field name.
 */
export interface FieldTarget {
  sigma: string;
  mapping: FieldMapping;
  platform: Platform;
  /** Field paths in our output; several = any of them (the raw EventData spellings, case-sensitive in Elastic). */
  paths: readonly string[];
  fidelity: Fidelity;
  /** `mapped` fidelity: lower-cased Sigma value -> the value our output holds. */
  values?: Readonly<Record<string, string | number>>;
  /** Our output writes a number there (not a numeric string). */
  numeric: boolean;
  /** Elastic: the field is mapped as `ip` (CIDR and range queries work on it). */
  ipType: boolean;
  /**
   * The raw EventData value as Windows wrote it (`winlog.event_data.*`): placeholders such as "-" or "(NULL)" may
   * be present and must count as absent, and host names may keep their leading `\\`.
   */
  raw: boolean;
  /**
   * `DOMAIN\name` columns that stand for a Sigma field holding one part of it (ASIM TargetUsername/ActorUsername,
   * CIM src_user): the query must compare that part only.
   */
  part: "whole" | "name" | "domain";
  /** Derived fields: the platform expression (from the field map) that computes `paths[0]`. */
  derived?: string;
  /** Sentinel: a member of the dynamic AdditionalFields column. */
  dynamic: boolean;
}

/**
 * Fields our output writes as JSON numbers (everything else is a string). Checked against the golden outputs by
 * test/content/compile/fields.test.ts, so a mapper change that turns one into a string fails there first.
 */
export const NUMERIC_OUTPUT_FIELDS: Readonly<Record<Platform, ReadonlySet<string>>> = {
  elastic: new Set([
    "process.pid",
    "ntlm.usage.reason_id",
    "ntlm.logon_type.code",
    "ntlm.secure_channel.type",
    "winlog.process.pid",
    "winlog.process.thread.id",
  ]),
  splunk: new Set(["ntlm_process_pid", "ntlm_usage_reason_id", "ntlm_logon_type"]),
  sentinel: new Set(["EventCount", "AdditionalFields.UsageReasonId", "AdditionalFields.LogonType"]),
};

/**
 * Columns holding `DOMAIN\name` (or a UPN) whose field-map note says the Sigma field is one part of it. Keyed by
 * platform and column; the Sigma field's catalog slot says which part.
 */
const QUALIFIED_ACCOUNT_FIELDS: Readonly<Record<Platform, ReadonlySet<string>>> = {
  elastic: new Set(),
  splunk: new Set(["src_user"]),
  sentinel: new Set(["TargetUsername", "ActorUsername"]),
};

const RAW_PREFIX = "winlog.event_data.";

/** The platform field of a mapping, before the Elastic raw-field fallback. */
function platformField(mapping: FieldMapping, platform: Platform): PlatformField | undefined {
  switch (platform) {
    case "elastic":
      return mapping.ecs;
    case "splunk":
      return mapping.cim;
    case "sentinel":
      return mapping.asim;
  }
}

const SCHEMA: Readonly<Record<Platform, string>> = { elastic: "ECS", splunk: "CIM", sentinel: "ASIM" };

/** Resolves a Sigma field for a platform; throws a CompileError when our output for it does not carry the field. */
export function resolveTarget(
  meta: SigmaRuleMeta,
  sigma: string,
  platform: Platform,
  warnings: CompileWarning[],
): FieldTarget {
  const mapping = FIELD_MAP.get(sigma);
  if (!mapping) throw new CompileError(meta, platform, "the field is not in the field map", sigma);
  let pf = platformField(mapping, platform);
  if (pf === undefined)
    throw new CompileError(
      meta,
      platform,
      `our ${SCHEMA[platform]} output does not carry this field (field map has no ${SCHEMA[platform]} target)`,
      sigma,
    );
  // The field map's advice for Elastic: an approximate ECS field is replaced by the raw winlog.event_data one.
  if (platform === "elastic" && pf.fidelity === "approximate" && mapping.ecsRaw !== undefined)
    pf = mapping.ecsRaw;
  if (pf.fidelity === "approximate" && mapping.kind !== "derived")
    warnings.push({ field: sigma, message: `${pf.field} is approximate: ${pf.note ?? "see the field map"}` });
  if (pf.fidelity === "mapped" && (pf.values === undefined || Object.keys(pf.values).length === 0))
    throw new CompileError(meta, platform, `${pf.field} is mapped but has no value table`, sigma);

  const raw = platform === "elastic" && pf.field.startsWith(RAW_PREFIX);
  // Elastic field names are case-sensitive: a raw field is queried under every spelling the catalog accepts.
  const paths = raw ? rawPaths(pf.field, mapping) : [pf.field];
  const target: FieldTarget = {
    sigma,
    mapping,
    platform,
    paths,
    fidelity: pf.fidelity,
    numeric: NUMERIC_OUTPUT_FIELDS[platform].has(pf.field),
    ipType: platform === "elastic" && isEcsIp(pf.field),
    raw,
    part: accountPart(platform, pf.field, mapping),
    dynamic: platform === "sentinel" && pf.field.startsWith("AdditionalFields."),
  };
  if (pf.values !== undefined) target.values = pf.values;
  if (mapping.kind === "derived") {
    const expr = derivedExpression(mapping, platform);
    if (expr === undefined)
      throw new CompileError(meta, platform, "derived field without an expression for this platform", sigma);
    target.derived = expr;
  }
  return target;
}

function rawPaths(primary: string, mapping: FieldMapping): string[] {
  const out = [primary];
  for (const name of mapping.rawNames) {
    const path = `${RAW_PREFIX}${name}`;
    if (!out.includes(path)) out.push(path);
  }
  return out;
}

function accountPart(platform: Platform, field: string, mapping: FieldMapping): FieldTarget["part"] {
  if (!QUALIFIED_ACCOUNT_FIELDS[platform].has(field)) return "whole";
  return mapping.slot !== undefined && mapping.slot.endsWith(".domain") ? "domain" : "name";
}

/**
 * The ECS `ip` type: ECS's own fields by their declared type; our custom `ntlm.*.ip` fields get it from the
 * `ecs@mappings` dynamic template (names ending in `.ip`), which every `logs-*-*` data stream uses.
 */
function isEcsIp(field: string): boolean {
  const spec = ECS_FIELDS.get(field);
  if (spec !== undefined) return spec.type === "ip";
  return field.startsWith("ntlm.") && field.endsWith(".ip");
}

/** The expression computing a derived field, as the field map writes it for each query language. */
function derivedExpression(mapping: FieldMapping, platform: Platform): string | undefined {
  const d = mapping.derived;
  if (d === undefined) return undefined;
  switch (platform) {
    case "elastic":
      return d.esql;
    case "splunk":
      return d.spl;
    case "sentinel":
      return d.kql;
  }
}

/** Every Sigma field a rule reads, resolved; throws on the first one the platform cannot carry. */
export function resolveAll(
  meta: SigmaRuleMeta,
  fields: readonly string[],
  platform: Platform,
  warnings: CompileWarning[],
): Map<string, FieldTarget> {
  const out = new Map<string, FieldTarget>();
  for (const f of fields) out.set(f, resolveTarget(meta, f, platform, warnings));
  return out;
}
