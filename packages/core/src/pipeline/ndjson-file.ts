import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { JsonObject } from "../map/compact.js";

/** Reads back an NDJSON file this project wrote (one JSON object per line), streaming. */
export async function* readNdjsonFile(path: string): AsyncGenerator<JsonObject> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    yield JSON.parse(line) as JsonObject;
  }
}
