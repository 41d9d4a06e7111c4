import type { RawDataItem, RawRendering, RawSystem } from "../../raw/raw-record.js";

/** A RawRecord before its origin is attached. */
export interface RecordBody {
  system: RawSystem;
  eventData: RawDataItem[];
  userData?: RawDataItem[];
  rendering?: RawRendering;
}

type Settable<T> = { [K in keyof T]?: T[K] };

/** Sets a field only when there is a value, as exactOptionalPropertyTypes asks. */
export function set<T extends object, K extends keyof T>(
  target: Settable<T>,
  key: K,
  value: T[K] | null | undefined,
): void {
  if (value !== undefined && value !== null) target[key] = value;
}

export function withOptional(
  body: RecordBody,
  userData: RawDataItem[] | undefined,
  rendering: RawRendering,
): RecordBody {
  if (userData !== undefined) body.userData = userData;
  if (hasMembers(rendering)) body.rendering = rendering;
  return body;
}

function hasMembers(value: object): boolean {
  for (const _key in value) return true;
  return false;
}
