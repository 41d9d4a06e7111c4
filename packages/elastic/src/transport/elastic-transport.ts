import type { Client, estypes } from "@elastic/elasticsearch";
import { compatHeaders, type ServerMajor } from "./media-type.js";

/**
 * The few requests the shipping side makes, each with the media-type headers the server's major accepts. Everything
 * goes through the official client (authentication, TLS, product check, connection handling); this only chooses
 * headers and keeps the client's option types out of the callers.
 */
export class ElasticTransport {
  major: ServerMajor = 9;

  constructor(readonly client: Client) {}

  /**
   * GET /: version and product check. Sent with plain `application/json` on both headers: the major is not known
   * yet, and an unversioned media type is accepted by 8.x and 9.x alike.
   */
  async info(signal?: AbortSignal): Promise<estypes.InfoResponse> {
    return this.client.info(undefined, {
      headers: { accept: "application/json", "content-type": "application/json" },
      ...signalOption(signal),
    });
  }

  /** Which of `privileges` the caller holds on `index` (any authenticated user may ask this about itself). */
  async hasPrivileges(
    index: string,
    privileges: string[],
    signal?: AbortSignal,
  ): Promise<estypes.SecurityHasPrivilegesResponse> {
    return this.client.security.hasPrivileges(
      { index: [{ names: [index], privileges }] },
      { ...this.headers(false), ...signalOption(signal) },
    );
  }

  async getIndexTemplate(
    name: string,
    signal?: AbortSignal,
  ): Promise<estypes.IndicesGetIndexTemplateResponse> {
    return this.client.indices.getIndexTemplate(
      { name },
      { ...this.headers(false), ...signalOption(signal) },
    );
  }

  /**
   * POST /<data stream>/_bulk with pre-serialized lines. `filter_path` trims each item to what the bulk service
   * reads (status, id, error, failure-store flag), which keeps large responses cheap to parse.
   */
  async bulk(dataStream: string, lines: string[], signal?: AbortSignal): Promise<estypes.BulkResponse> {
    return this.client.bulk<string>(
      {
        index: dataStream,
        operations: lines,
        filter_path: ["errors", "items.*.status", "items.*._id", "items.*.error", "items.*.failure_store"],
      },
      { ...this.headers(true), ...signalOption(signal) },
    );
  }

  private headers(ndjson: boolean): { headers?: Record<string, string> } {
    const headers = compatHeaders(this.major, { ndjson });
    return headers === undefined ? {} : { headers };
  }
}

function signalOption(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}
