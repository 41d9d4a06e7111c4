import type { JsonObject, JsonValue } from "@ntlm-siem/core";

/**
 * The pipeline's input for one event, as Elastic Agent's winlog input (Winlogbeat) ships it: `@timestamp`,
 * `message`, `event.{code,kind,provider}`, `log.level` and `winlog.*`, and nothing the pipeline adds. Built from
 * core's ECS document, whose `winlog` object is by design what the winlog input carries (core map/ecs/ecs.ts).
 * Winlogbeat field reference: https://www.elastic.co/guide/en/beats/winlogbeat/current/exported-fields-winlog.html
 */
export function agentDocument(ecs: JsonObject): JsonObject {
  const winlog = ecs.winlog as JsonObject | undefined;
  if (winlog === undefined) throw new Error("an ECS document from core always has winlog");
  const event = ecs.event as JsonObject;
  const doc: JsonObject = { "@timestamp": ecs["@timestamp"] as JsonValue };
  if (ecs.message !== undefined) doc.message = ecs.message;
  const agentEvent: JsonObject = { kind: "event", code: event.code as JsonValue };
  if (event.provider !== undefined) agentEvent.provider = event.provider;
  doc.event = agentEvent;
  doc.log = { level: winlog.level as JsonValue };
  doc.winlog = structuredClone(winlog);
  return doc;
}

/**
 * Fields of core's document that no pipeline can compute from what the agent sends, with the reason. The
 * pipeline-test expectations leave them out.
 */
export const FIELDS_THE_PIPELINE_CANNOT_KNOW: Readonly<Record<string, string>> = {
  "ntlm.recovered":
    "set only for records carved from damaged .evtx files by ntlm-siem's reader; Agent reads live channels",
  "ntlm.file_offset": "byte offset of a carved record in its .evtx file; no such file exists for Agent",
};

/** Core's document minus FIELDS_THE_PIPELINE_CANNOT_KNOW: what the pipeline must produce. */
export function expectedFromCore(ecs: JsonObject): JsonObject {
  const out = structuredClone(ecs);
  for (const field of Object.keys(FIELDS_THE_PIPELINE_CANNOT_KNOW)) {
    const parts = field.split(".");
    let parent: JsonValue | undefined = out;
    for (const part of parts.slice(0, -1)) parent = (parent as JsonObject | undefined)?.[part];
    if (parent !== null && typeof parent === "object" && !Array.isArray(parent))
      delete parent[parts[parts.length - 1] as string];
  }
  return out;
}
