import { Readable } from "node:stream";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readInputs } from "../../src/read/index.js";
import type { ReadInputsOptions, ReadItem } from "../../src/read/index.js";
import type { RawRecord } from "../../src/raw/raw-record.js";
import type { NtlmSiemError } from "../../src/errors.js";

export const CORE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SAMPLES = path.join(CORE_DIR, "test/fixtures/samples");
export const FIXTURES = path.join(CORE_DIR, "test/fixtures/read");

export async function collect(items: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export async function readFiles(inputs: string[], options: ReadInputsOptions = {}): Promise<ReadItem[]> {
  return collect(readInputs(inputs, { cwd: CORE_DIR, ...options }));
}

/** Reads text (or bytes) through stdin, optionally cut into chunks of `chunkSize` bytes. */
export async function readText(
  content: string | Buffer,
  options: { chunkSize?: number; limits?: ReadInputsOptions["limits"] } = {},
): Promise<ReadItem[]> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const size = options.chunkSize ?? bytes.length;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += Math.max(1, size))
    chunks.push(bytes.subarray(i, i + Math.max(1, size)));
  const stdin = Readable.from(chunks);
  return collect(
    readInputs(["-"], options.limits === undefined ? { stdin } : { stdin, limits: options.limits }),
  );
}

export function records(items: ReadItem[]): RawRecord[] {
  return items.flatMap((i) => (i.kind === "record" ? [i.record] : []));
}

export function rejects(items: ReadItem[]): NtlmSiemError[] {
  return items.flatMap((i) => (i.kind === "reject" ? [i.error] : []));
}

export function data(record: RawRecord | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const item of record?.eventData ?? []) out[item.name ?? "?"] = item.value;
  return out;
}

/** A well-formed NTLM 8002 event; `n` varies the record ID. */
export function event8002(n: number, extra = ""): string {
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Microsoft-Windows-NTLM" Guid="{AC43300D-5FCC-4800-8E99-1BD3F85F0320}" />
    <EventID>8002</EventID>
    <TimeCreated SystemTime="2024-05-01T10:00:00.1234567Z" />
    <EventRecordID>${n}</EventRecordID>
    <Computer>ws01.example.test</Computer>
  </System>
  <EventData>
    <Data Name="CallerPID">4</Data>
    <Data Name="ClientUserName">user${n}${extra}</Data>
  </EventData>
</Event>
`;
}
