import { PROCESSOR_ALLOW_LIST } from "../../../src/assets/pipeline/processors.js";
import type { IngestPipeline, IngestProcessor } from "../../../src/assets/pipeline/pipeline.js";
import { compilePainless, fromPainless, toPainless, type PMap, type PValue } from "./painless.js";

/**
 * Runs an ingest pipeline on one document the way the ingest node does for the processors we use (set, append,
 * script, remove, rename, convert; `if` conditions; `ignore_missing`; `ignore_failure`; processor- and
 * pipeline-level `on_failure` with `_ingest.on_failure_message`). Processor semantics from the reference pages in
 * PROCESSOR_ALLOW_LIST; anything else is an error, not a guess.
 */

export interface SimulateResult {
  doc: Record<string, unknown>;
  error?: string;
}

function path(field: string): string[] {
  return field.split(".");
}

function getField(ctx: PMap, field: string): PValue | undefined {
  let cur: PValue = ctx;
  for (const part of path(field)) {
    if (!(cur instanceof Map) || !cur.has(part)) return undefined;
    cur = cur.get(part) ?? null;
  }
  return cur;
}

function setField(ctx: PMap, field: string, value: PValue): void {
  const parts = path(field);
  let cur: PMap = ctx;
  for (const part of parts.slice(0, -1)) {
    let next = cur.get(part);
    if (!(next instanceof Map)) {
      next = new Map();
      cur.set(part, next);
    }
    cur = next;
  }
  cur.set(parts[parts.length - 1] as string, value);
}

function removeField(ctx: PMap, field: string): boolean {
  const parts = path(field);
  const parent = parts.length === 1 ? ctx : getField(ctx, parts.slice(0, -1).join("."));
  if (!(parent instanceof Map)) return false;
  return parent.delete(parts[parts.length - 1] as string);
}

/** Mustache as the set/append processors render it: {{field}} and {{{field}}}, nothing else. */
function render(template: unknown, ctx: PMap, meta: PMap): PValue {
  if (typeof template !== "string") return toPainless(template);
  return template.replace(/\{\{\{?\s*([^}\s]+)\s*\}?\}\}/g, (_m, name: string) => {
    const v = name.startsWith("_ingest.") ? getField(meta, name.slice(8)) : getField(ctx, name);
    return v === undefined || v === null ? "" : String(fromPainless(v));
  });
}

const scripts = new Map<string, ReturnType<typeof compilePainless>>();
function script(source: string): ReturnType<typeof compilePainless> {
  let s = scripts.get(source);
  if (!s) {
    s = compilePainless(source);
    scripts.set(source, s);
  }
  return s;
}

function condition(cfg: Record<string, unknown>): boolean {
  // The generated pipeline has no `if` conditions; a simulator that guessed their semantics would prove nothing.
  if (cfg.if !== undefined) throw new Error("`if` conditions are not simulated");
  return true;
}

function runProcessor(p: IngestProcessor, ctx: PMap, meta: PMap): void {
  const entries = Object.entries(p);
  if (entries.length !== 1) throw new Error("a processor object has exactly one key");
  const [type, cfg] = entries[0] as [string, Record<string, unknown>];
  if (!(type in PROCESSOR_ALLOW_LIST)) throw new Error(`processor ${type} is not on the allow-list`);
  if (!condition(cfg)) return;
  try {
    switch (type) {
      case "set":
        setField(ctx, String(cfg.field), render(cfg.value, ctx, meta));
        break;
      case "append": {
        const cur = getField(ctx, String(cfg.field));
        const add = render(cfg.value, ctx, meta);
        const list = cur === undefined || cur === null ? [] : Array.isArray(cur) ? cur : [cur];
        setField(ctx, String(cfg.field), [...list, ...(Array.isArray(add) ? add : [add])]);
        break;
      }
      case "remove": {
        const fields = Array.isArray(cfg.field) ? (cfg.field as string[]) : [String(cfg.field)];
        for (const f of fields)
          if (!removeField(ctx, f) && cfg.ignore_missing !== true)
            throw new Error(`field [${f}] not present`);
        break;
      }
      case "rename": {
        const v = getField(ctx, String(cfg.field));
        if (v === undefined) {
          if (cfg.ignore_missing === true) break;
          throw new Error(`field [${String(cfg.field)}] doesn't exist`);
        }
        removeField(ctx, String(cfg.field));
        setField(ctx, String(cfg.target_field), v);
        break;
      }
      case "script": {
        if (cfg.lang !== undefined && cfg.lang !== "painless") throw new Error("only painless scripts");
        const params = toPainless(cfg.params ?? {});
        script(String(cfg.source)).run(ctx, params as PMap);
        break;
      }
      default:
        throw new Error(`processor ${type} is not simulated`);
    }
  } catch (error) {
    if (cfg.ignore_failure === true) return;
    const handlers = cfg.on_failure as IngestProcessor[] | undefined;
    if (!handlers) throw error;
    meta.set("on_failure_message", error instanceof Error ? error.message : String(error));
    for (const h of handlers) runProcessor(h, ctx, meta);
  }
}

/** Runs `pipeline` on a copy of `doc`. */
export function simulatePipeline(pipeline: IngestPipeline, doc: Record<string, unknown>): SimulateResult {
  const ctx = toPainless(structuredClone(doc)) as PMap;
  const meta: PMap = new Map();
  try {
    for (const p of pipeline.processors) runProcessor(p, ctx, meta);
    return { doc: fromPainless(ctx) as Record<string, unknown> };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    meta.set("on_failure_message", message);
    for (const h of pipeline.on_failure) runProcessor(h, ctx, meta);
    return { doc: fromPainless(ctx) as Record<string, unknown>, error: message };
  }
}
