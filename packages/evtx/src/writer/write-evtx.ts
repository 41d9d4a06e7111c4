import { open } from "node:fs/promises";
import { FILE_HEADER_BLOCK_SIZE } from "../binxml/constants.js";
import { ChunkBuilder } from "./chunk-builder.js";
import type { ChunkDamage } from "./chunk-builder.js";
import { buildEventInstance } from "./event-template.js";
import { fileHeader } from "./file-header.js";
import type { ChunkSummary, EvtxWriteSummary, EvtxWriterOptions } from "./options.js";
import { TemplateRegistry } from "./template-model.js";
import { filetimeFromIso, parseUnsigned } from "./values.js";
import { elementChildren, localName, parseXmlDocument } from "./xml-input.js";
import type { XmlNode } from "./xml-input.js";

const PARSE_CACHE_SIZE = 1024;

/**
 * Turns a stream of `<Event>` XML documents into EVTX chunks, one chunk in memory at a time. Each event becomes one
 * record; records fill a chunk until the next one does not fit (or `maxRecordsPerChunk` is reached).
 */
export class EvtxAssembler {
  private readonly registry = new TemplateRegistry();
  private readonly chunks: ChunkSummary[] = [];
  private chunk: ChunkBuilder;
  private nextId: bigint;
  private maxId = 0n;
  private recordNumber = 0n;
  private lastWritten = 0n;
  private readonly damaged: ReadonlySet<number> | undefined;

  constructor(private readonly options: EvtxWriterOptions = {}) {
    this.chunk = new ChunkBuilder(0);
    this.nextId = BigInt(options.firstRecordId ?? 1);
    const only = options.damage?.chunks;
    this.damaged = only === undefined ? undefined : new Set(only);
  }

  /** Adds one event; returns a chunk that this event completed (the event then starts the next chunk). */
  add(xml: string, label = `event ${this.recordNumber + 1n}`): Buffer | undefined {
    const event = this.parse(xml, label);
    if (localName(event.name) !== "Event")
      throw new Error(`${label}: root element is <${event.name}>, not <Event>`);
    const xmlId = parseUnsigned(systemText(event, "EventRecordID") ?? "", 64);
    const id = this.options.recordIds === "sequential" ? this.nextId : (xmlId ?? this.nextId);
    this.nextId = id + 1n;
    if (id > this.maxId) this.maxId = id;
    const time = systemAttribute(event, "TimeCreated", "SystemTime");
    // The record header's written time: TimeCreated, as Windows writes records as they are logged.
    const written = (time === undefined ? undefined : filetimeFromIso(time)) ?? this.lastWritten;
    this.lastWritten = written;
    const instance = buildEventInstance(event, this.registry, {
      inferDataTypes: this.options.inferDataTypes ?? true,
      recordId: id,
    });
    const number = ++this.recordNumber;
    let completed: Buffer | undefined;
    const max = this.options.maxRecordsPerChunk;
    if (max !== undefined && this.chunk.recordCount >= max) completed = this.nextChunk();
    if (!this.chunk.tryAdd(instance, number, id, written)) {
      if (this.chunk.recordCount === 0) throw new Error(`${label}: record does not fit in an empty chunk`);
      completed = this.nextChunk();
      if (!this.chunk.tryAdd(instance, number, id, written)) {
        throw new Error(`${label}: record does not fit in an empty chunk`);
      }
    }
    return completed;
  }

  /** Parsed trees of recent inputs: bench files repeat a few events many times, and the trees are never mutated. */
  private readonly parsed = new Map<string, XmlNode>();

  private parse(xml: string, label: string): XmlNode {
    const known = this.parsed.get(xml);
    if (known !== undefined) return known;
    let event: XmlNode;
    try {
      event = parseXmlDocument(xml);
    } catch (err) {
      throw new Error(`${label}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (this.parsed.size >= PARSE_CACHE_SIZE) this.parsed.clear();
    this.parsed.set(xml, event);
    return event;
  }

  private chunkDamage(index: number): ChunkDamage {
    const d = this.options.damage ?? {};
    const applies = this.damaged === undefined || this.damaged.has(index);
    return {
      headerChecksum: applies ? (d.chunkHeaderChecksum ?? "valid") : "valid",
      recordsChecksum: applies ? (d.recordsChecksum ?? "valid") : "valid",
      slackRecords: applies ? (d.slackRecords ?? 0) : 0,
    };
  }

  private nextChunk(): Buffer {
    const done = this.chunk.finish(this.chunkDamage(this.chunk.index));
    this.chunks.push(done.summary);
    this.chunk = new ChunkBuilder(this.chunk.index + 1, this.chunk.scratchWriter);
    return done.bytes;
  }

  /** Completes the last chunk and builds the file header, which can only be written once every chunk is known. */
  finish(): { last: Buffer | undefined; header: Buffer; summary: EvtxWriteSummary } {
    const last = this.chunk.recordCount > 0 ? this.nextChunk() : undefined;
    const d = this.options.damage ?? {};
    const nextRecordId = this.recordNumber === 0n ? this.nextId : this.maxId + 1n;
    const header = fileHeader({
      chunkCount: this.chunks.length,
      ...(d.headerChunkCount === undefined ? {} : { storedChunkCount: d.headerChunkCount }),
      nextRecordId,
      minorVersion: this.options.minorVersion ?? 1,
      dirty: d.dirty ?? false,
      full: d.full ?? false,
      checksum: d.fileHeaderChecksum ?? "valid",
    });
    const summary: EvtxWriteSummary = {
      chunks: this.chunks,
      records: this.chunks.reduce((n, c) => n + c.records.length, 0),
      nextRecordId,
      templates: this.registry.size,
    };
    return { last, header, summary };
  }
}

function systemChild(event: XmlNode, name: string): XmlNode | undefined {
  const system = elementChildren(event).find((c) => localName(c.name) === "System");
  return system === undefined ? undefined : elementChildren(system).find((c) => localName(c.name) === name);
}

function systemText(event: XmlNode, name: string): string | undefined {
  const el = systemChild(event, name);
  return el?.content.filter((c): c is string => typeof c === "string").join("");
}

function systemAttribute(event: XmlNode, element: string, attribute: string): string | undefined {
  return systemChild(event, element)?.attributes.find((a) => a.name === attribute)?.value;
}

function assertNotString(events: unknown): void {
  // A string is itself an iterable of strings; one event must be passed as [xml].
  if (typeof events === "string")
    throw new TypeError("events must be a list of <Event> documents, not one string");
}

/** Writes the events as one EVTX file in memory, and says where each record went. */
export function buildEvtx(
  events: Iterable<string>,
  options: EvtxWriterOptions = {},
): { buffer: Buffer; summary: EvtxWriteSummary } {
  assertNotString(events);
  const assembler = new EvtxAssembler(options);
  const parts: Buffer[] = [];
  for (const xml of events) {
    const chunk = assembler.add(xml);
    if (chunk !== undefined) parts.push(chunk);
  }
  const { last, header, summary } = assembler.finish();
  if (last !== undefined) parts.push(last);
  return { buffer: Buffer.concat([header, ...parts]), summary };
}

async function buildEvtxAsync(events: AsyncIterable<string>, options: EvtxWriterOptions): Promise<Buffer> {
  const assembler = new EvtxAssembler(options);
  const parts: Buffer[] = [];
  for await (const xml of events) {
    const chunk = assembler.add(xml);
    if (chunk !== undefined) parts.push(chunk);
  }
  const { last, header } = assembler.finish();
  if (last !== undefined) parts.push(last);
  return Buffer.concat([header, ...parts]);
}

/**
 * Writes `events` (one `<Event>` XML document each) as an EVTX file in memory. Synchronous for an array or other
 * iterable; a Promise for an async iterable.
 */
export function writeEvtx(events: Iterable<string>, options?: EvtxWriterOptions): Buffer;
export function writeEvtx(events: AsyncIterable<string>, options?: EvtxWriterOptions): Promise<Buffer>;
export function writeEvtx(
  events: Iterable<string> | AsyncIterable<string>,
  options: EvtxWriterOptions = {},
): Buffer | Promise<Buffer> {
  assertNotString(events);
  if (Symbol.asyncIterator in events) return buildEvtxAsync(events, options);
  return buildEvtx(events, options).buffer;
}

/**
 * Streams `events` into an EVTX file at `path`, one chunk in memory at a time (for multi-hundred-MB bench files):
 * a placeholder header block first, each chunk as it completes, the real header last.
 */
export async function writeEvtxFile(
  path: string,
  events: Iterable<string> | AsyncIterable<string>,
  options: EvtxWriterOptions = {},
): Promise<EvtxWriteSummary> {
  assertNotString(events);
  const assembler = new EvtxAssembler(options);
  const file = await open(path, "w");
  try {
    await file.write(Buffer.alloc(FILE_HEADER_BLOCK_SIZE), 0, FILE_HEADER_BLOCK_SIZE, 0);
    let position = FILE_HEADER_BLOCK_SIZE;
    const put = async (chunk: Buffer): Promise<void> => {
      await file.write(chunk, 0, chunk.length, position);
      position += chunk.length;
    };
    for await (const xml of events) {
      const chunk = assembler.add(xml);
      if (chunk !== undefined) await put(chunk);
    }
    const { last, header, summary } = assembler.finish();
    if (last !== undefined) await put(last);
    await file.write(header, 0, header.length, 0);
    return summary;
  } finally {
    await file.close();
  }
}
