/**
 * The media-type rule an Elasticsearch server applies to `Accept` / `Content-Type`
 * (https://elastic.co/docs/reference/elasticsearch/rest-apis/compatibility): a versioned media type
 * (`application/vnd.elasticsearch+json; compatible-with=N`) must name the server's major or the one before it, and
 * when a request has a body and either header is versioned, both must be, with the same N. An 8.x server therefore
 * refuses the 9.x client's default `compatible-with=9` (elastic/elasticsearch-js#2909); the double reproduces that.
 */
export interface MediaTypeProblem {
  type: "media_type_header_exception" | "status_exception";
  reason: string;
}

function versionOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /compatible-with\s*=\s*(\d+)/i.exec(header);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function checkMediaTypes(
  serverMajor: number,
  accept: string | undefined,
  contentType: string | undefined,
  hasBody: boolean,
): MediaTypeProblem | undefined {
  const acceptVersion = versionOf(accept);
  const contentVersion = versionOf(contentType);
  const supported = [serverMajor, serverMajor - 1];
  for (const [name, version, value] of [
    ["Accept", acceptVersion, accept],
    ["Content-Type", contentVersion, contentType],
  ] as const) {
    if (version !== undefined && !supported.includes(version)) {
      return {
        type: "media_type_header_exception",
        reason: `Invalid media-type value on headers [${name}]: ${name} version must be either version ${serverMajor} or ${serverMajor - 1}, but found ${version}. ${name}=${value ?? ""}`,
      };
    }
  }
  if (
    hasBody &&
    (acceptVersion !== undefined || contentVersion !== undefined) &&
    acceptVersion !== contentVersion
  ) {
    return {
      type: "status_exception",
      reason: `A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version and the compatible versions must match. Accept=${accept ?? ""}, Content-Type=${contentType ?? ""}`,
    };
  }
  return undefined;
}
