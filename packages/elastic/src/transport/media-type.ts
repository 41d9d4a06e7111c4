/**
 * REST API compatibility headers. The 9.x client asks for `compatible-with=9` on every request; an 8.x server
 * refuses that with 400 `media_type_header_exception` (elastic/elasticsearch-js#2909). A client may request an older
 * major's behaviour per request with `Accept` / `Content-Type: application/vnd.elasticsearch+json; compatible-with=N`,
 * and both headers must name the same version when either does
 * (https://elastic.co/docs/reference/elasticsearch/rest-apis/compatibility). So for an 8.x cluster every request we
 * send carries compatible-with=8 on both; for 9.x the client's defaults stand.
 */
export type ServerMajor = 8 | 9;

export interface RequestKind {
  /** The body is NDJSON (_bulk) rather than JSON or absent. */
  ndjson: boolean;
}

export function compatHeaders(major: ServerMajor, kind: RequestKind): Record<string, string> | undefined {
  if (major === 9) return undefined;
  const json = `application/vnd.elasticsearch+json; compatible-with=${major}`;
  return {
    accept: json,
    "content-type": kind.ndjson ? `application/vnd.elasticsearch+x-ndjson; compatible-with=${major}` : json,
  };
}

/** The major version out of GET /'s `version.number` ("8.19.3", "9.1.0-SNAPSHOT"). */
export function parseMajor(versionNumber: unknown): number | undefined {
  if (typeof versionNumber !== "string") return undefined;
  const match = /^(\d+)\./.exec(versionNumber);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
