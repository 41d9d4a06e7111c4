import { CHUNK_STRING_TABLE_ENTRIES, CHUNK_TEMPLATE_TABLE_ENTRIES } from "../binxml/constants.js";
import type { Template } from "./template-model.js";

/**
 * Per-chunk sharing of names and template definitions. Binary XML refers to both by chunk offset: the first use in
 * a chunk stores the name (or template definition) inline right after the offset, later uses only the offset
 * (libevtx format doc, "Name", "Template definition"). The chunk header's 64-entry string table and 32-entry
 * template table hold bucket heads; each stored name/definition begins with the offset of the previous entry of
 * its bucket, newest first, as in real files (new-user-security.evtx: ThreadID → Task, both in bucket 5).
 */

/** [MS-EVEN6] 3.1.4.7.2 NameHash: low 16 bits of hash = hash * 65599 + code unit, over the UTF-16 name. */
export function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

/**
 * Template table bucket. Windows' bucket function is not documented and is not the id or GUID modulo 32 in real
 * files; no reader needs it (they follow the offsets), so the id modulo 32 is used.
 */
export function templateBucket(templateId: number): number {
  return templateId % CHUNK_TEMPLATE_TABLE_ENTRIES;
}

type Insertion =
  | { kind: "name"; name: string; offset: number; bucket: number; previous: number }
  | { kind: "template"; template: Template; offset: number; bucket: number; previous: number };

export class ChunkTables {
  private readonly names = new Map<string, number>();
  private readonly templates = new Map<Template, number>();
  private readonly nameHeads = new Uint32Array(CHUNK_STRING_TABLE_ENTRIES);
  private readonly templateHeads = new Uint32Array(CHUNK_TEMPLATE_TABLE_ENTRIES);
  /** Every insertion in order, so a record that does not fit can be undone and slack can be trimmed. */
  private readonly journal: Insertion[] = [];

  nameOffset(name: string): number | undefined {
    return this.names.get(name);
  }

  templateOffset(template: Template): number | undefined {
    return this.templates.get(template);
  }

  /** Records a name stored at `offset`; returns the previous head of its bucket (the entry's "next" field). */
  addName(name: string, offset: number): number {
    const bucket = nameHash(name) % CHUNK_STRING_TABLE_ENTRIES;
    const previous = this.nameHeads[bucket] ?? 0;
    this.names.set(name, offset);
    this.nameHeads[bucket] = offset;
    this.journal.push({ kind: "name", name, offset, bucket, previous });
    return previous;
  }

  addTemplate(template: Template, offset: number): number {
    const bucket = templateBucket(template.id);
    const previous = this.templateHeads[bucket] ?? 0;
    this.templates.set(template, offset);
    this.templateHeads[bucket] = offset;
    this.journal.push({ kind: "template", template, offset, bucket, previous });
    return previous;
  }

  mark(): number {
    return this.journal.length;
  }

  /** Undoes every insertion after `mark`. */
  rollback(mark: number): void {
    while (this.journal.length > mark) {
      const e = this.journal.pop();
      if (e === undefined) break;
      if (e.kind === "name") {
        this.names.delete(e.name);
        this.nameHeads[e.bucket] = e.previous;
      } else {
        this.templates.delete(e.template);
        this.templateHeads[e.bucket] = e.previous;
      }
    }
  }

  /**
   * The string and template tables as they would be if only data before `limit` had been written: used when
   * records are left in slack, so the header describes only the live records, as after Windows reuses a chunk.
   */
  heads(limit = Number.POSITIVE_INFINITY): { names: Uint32Array; templates: Uint32Array } {
    if (limit === Number.POSITIVE_INFINITY) {
      return { names: this.nameHeads.slice(), templates: this.templateHeads.slice() };
    }
    const names = new Uint32Array(CHUNK_STRING_TABLE_ENTRIES);
    const templates = new Uint32Array(CHUNK_TEMPLATE_TABLE_ENTRIES);
    for (const e of this.journal) {
      if (e.offset >= limit) continue;
      if (e.kind === "name") names[e.bucket] = e.offset;
      else templates[e.bucket] = e.offset;
    }
    return { names, templates };
  }
}
