import type { NtlmEvent } from "../model/ntlm-event.js";
import { toAsim } from "./asim/asim.js";
import { toCim } from "./cim/cim.js";
import type { JsonObject } from "./compact.js";
import { toEcs } from "./ecs/ecs.js";

export {
  toEcs,
  ECS_LOG_LEVELS,
  ECS_DOCUMENT_VERSION,
  ECS_DATASET,
  ECS_CUSTOM_NAMESPACES,
} from "./ecs/ecs.js";
export { toCim, CIM_APP, CIM_VENDOR_PRODUCT } from "./cim/cim.js";
export { toAsim, ASIM_EVENT_PRODUCT, ASIM_EVENT_VENDOR } from "./asim/asim.js";
export { resolveParties, qualifiedName, type Parties, type Endpoint } from "./parties.js";
export { compact, type JsonObject, type JsonValue } from "./compact.js";

/** The output schemas, one pure function each: the one place to add a new schema. */
export const SCHEMAS = {
  normalized: (event: NtlmEvent): JsonObject => event as unknown as JsonObject,
  ecs: toEcs,
  cim: toCim,
  asim: toAsim,
} as const satisfies Record<string, (event: NtlmEvent) => JsonObject>;

export type OutputSchema = keyof typeof SCHEMAS;
export const OUTPUT_SCHEMAS = Object.keys(SCHEMAS) as OutputSchema[];

export function isOutputSchema(name: string): name is OutputSchema {
  return Object.hasOwn(SCHEMAS, name);
}

/**
 * Schemas whose documents do not depend on where a record sat in its file (its ordinal): their documents can be
 * made for parts of a file independently (in parallel) and joined. A normalized event carries its origin, so it
 * is not one of them.
 */
export const ORDINAL_FREE_SCHEMAS: readonly OutputSchema[] = ["ecs", "cim", "asim"];
