import type { ElasticRule } from "@ntlm-siem/core";
import type { SavedObject } from "../assets/kibana/saved-object.js";
import { toNdjson } from "../assets/kibana/saved-object.js";
import { brief } from "./es-objects.js";
import { multipartFile, type HttpSend } from "./http.js";

/**
 * Kibana APIs used by install/uninstall. Every request carries `kbn-xsrf` (Kibana refuses state-changing requests
 * without it). In a space, paths are prefixed with /s/<space>.
 * - rules: GET/DELETE /api/detection_engine/rules?rule_id=…, POST /api/detection_engine/rules/_import?overwrite=true
 *   (https://www.elastic.co/guide/en/security/current/rules-api-import.html)
 * - saved objects: GET/DELETE /api/saved_objects/<type>/<id>, POST /api/saved_objects/_import?overwrite=true
 *   (https://www.elastic.co/guide/en/kibana/current/saved-objects-api-import.html)
 */
export class KibanaApi {
  constructor(
    private readonly send: HttpSend,
    private readonly base: string,
  ) {}

  static basePath(url: string, space: string | undefined): string {
    const root = url.replace(/\/+$/, "");
    return space === undefined || space === "default" ? root : `${root}/s/${encodeURIComponent(space)}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { "kbn-xsrf": "ntlm-siem", ...extra };
  }

  async getRule(ruleId: string): Promise<Record<string, unknown> | undefined> {
    const res = await this.send({
      method: "GET",
      url: `${this.base}/api/detection_engine/rules?rule_id=${encodeURIComponent(ruleId)}`,
      headers: this.headers(),
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET rule ${ruleId}: HTTP ${res.status} ${brief(res.text)}`);
    return res.json as Record<string, unknown>;
  }

  async deleteRule(ruleId: string): Promise<void> {
    const res = await this.send({
      method: "DELETE",
      url: `${this.base}/api/detection_engine/rules?rule_id=${encodeURIComponent(ruleId)}`,
      headers: this.headers(),
    });
    if (res.status !== 200 && res.status !== 404)
      throw new Error(`DELETE rule ${ruleId}: HTTP ${res.status} ${brief(res.text)}`);
  }

  /** Imports rules; returns the rule_ids that failed with their messages. */
  async importRules(rules: readonly ElasticRule[]): Promise<Map<string, string>> {
    const { body, contentType } = multipartFile("file", "ntlm-siem-rules.ndjson", toNdjson(rules));
    const res = await this.send({
      method: "POST",
      url: `${this.base}/api/detection_engine/rules/_import?overwrite=true`,
      headers: this.headers({ "content-type": contentType }),
      body,
    });
    if (res.status !== 200) throw new Error(`rules import: HTTP ${res.status} ${brief(res.text)}`);
    const out = new Map<string, string>();
    const errors =
      (res.json as { errors?: { rule_id?: string; error?: { message?: string } }[] }).errors ?? [];
    for (const e of errors) out.set(e.rule_id ?? "?", e.error?.message ?? "import error");
    return out;
  }

  async getObject(type: string, id: string): Promise<Record<string, unknown> | undefined> {
    const res = await this.send({
      method: "GET",
      url: `${this.base}/api/saved_objects/${encodeURIComponent(type)}/${encodeURIComponent(id)}`,
      headers: this.headers(),
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET ${type} ${id}: HTTP ${res.status} ${brief(res.text)}`);
    return res.json as Record<string, unknown>;
  }

  async deleteObject(type: string, id: string): Promise<void> {
    const res = await this.send({
      method: "DELETE",
      url: `${this.base}/api/saved_objects/${encodeURIComponent(type)}/${encodeURIComponent(id)}`,
      headers: this.headers(),
    });
    if (res.status !== 200 && res.status !== 404)
      throw new Error(`DELETE ${type} ${id}: HTTP ${res.status} ${brief(res.text)}`);
  }

  /** Imports saved objects; returns "<type>/<id>" -> message for the objects that failed. */
  async importObjects(objects: readonly SavedObject[]): Promise<Map<string, string>> {
    const { body, contentType } = multipartFile("file", "ntlm-siem-objects.ndjson", toNdjson(objects));
    const res = await this.send({
      method: "POST",
      url: `${this.base}/api/saved_objects/_import?overwrite=true`,
      headers: this.headers({ "content-type": contentType }),
      body,
    });
    if (res.status !== 200) throw new Error(`saved objects import: HTTP ${res.status} ${brief(res.text)}`);
    const out = new Map<string, string>();
    const errors =
      (res.json as { errors?: { id?: string; type?: string; error?: { type?: string; message?: string } }[] })
        .errors ?? [];
    for (const e of errors)
      out.set(`${e.type ?? "?"}/${e.id ?? "?"}`, e.error?.message ?? e.error?.type ?? "import error");
    return out;
  }
}
