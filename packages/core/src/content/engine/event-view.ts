import type { NtlmEvent } from "../../model/ntlm-event.js";
import { readField, type FieldMapping, type FieldValue } from "../field-map.js";

/** One event as the rules see it: Sigma fields read through the field map, each read once per event. */
export class EventView {
  readonly event: NtlmEvent;
  /** Event time in epoch milliseconds (NaN when the timestamp cannot be read). */
  readonly time: number;
  private readonly cache = new Map<string, FieldValue | undefined>();

  constructor(event: NtlmEvent) {
    this.event = event;
    this.time = Date.parse(event.record.timestamp);
  }

  read(mapping: FieldMapping): FieldValue | undefined {
    if (this.cache.has(mapping.sigma)) return this.cache.get(mapping.sigma);
    const value = readField(this.event, mapping);
    this.cache.set(mapping.sigma, value);
    return value;
  }
}
