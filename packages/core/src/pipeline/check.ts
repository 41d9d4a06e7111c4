import { ECS_CUSTOM_NAMESPACES } from "../map/ecs/ecs.js";
import type { JsonObject } from "../map/compact.js";
import { checkAsim } from "../schema/check-asim.js";
import { checkCim } from "../schema/check-cim.js";
import { checkEcs } from "../schema/check-ecs.js";
import type { SchemaProblem } from "../schema/problem.js";

/** Checks one output document against its schema's definitions (the same checks the conformance tests run). */
export function checkDocument(schema: "ecs" | "cim" | "asim", document: JsonObject): SchemaProblem[] {
  switch (schema) {
    case "ecs":
      return checkEcs(document, { customNamespaces: [...ECS_CUSTOM_NAMESPACES] });
    case "cim":
      return checkCim(document);
    case "asim":
      return checkAsim(document);
  }
}
