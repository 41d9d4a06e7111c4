import {
  decodeEventId,
  decodeRecordId,
  decodeTimestamp,
  decodeUInt32,
  decodeHexInt64,
  presentOrUndefined,
  isDecodeFailure,
  describeFailure,
  type Decoded,
} from "../decode/index.js";
import { NtlmSiemError, type ErrorLocation } from "../errors.js";
import type { NtlmEvent } from "../model/ntlm-event.js";
import type { RawRecord } from "../raw/raw-record.js";

export interface DecodedSystem {
  eventId: number;
  levelName: NtlmEvent["event"]["severity"] | undefined;
  record: Omit<NtlmEvent["record"], "channel">;
}

/** Windows event levels (winmeta.xml): 0 LogAlways, 1 Critical, 2 Error, 3 Warning, 4 Informational, 5 Verbose. */
const LEVEL_BY_NUMBER: Record<number, NtlmEvent["event"]["severity"]> = {
  0: "informational",
  1: "critical",
  2: "error",
  3: "warning",
  4: "informational",
  5: "verbose",
};
/** Rendered level names, as Winlogbeat (log.level "information") and Sentinel (EventLevelName) give them. */
const LEVEL_BY_NAME: Record<string, number> = {
  critical: 1,
  error: 2,
  warning: 3,
  information: 4,
  informational: 4,
  info: 4,
  verbose: 5,
};

/** Decodes the System section; the ID and the time are required, everything else is optional. */
export function decodeSystem(raw: RawRecord, location: ErrorLocation): DecodedSystem | NtlmSiemError {
  const s = raw.system;
  const reject = (code: string, message: string) =>
    new NtlmSiemError(code, "normalize", message, { location });

  const eventId = decodeEventId(s.eventId);
  if (eventId === undefined) return reject("missing-event-id", "EventID is missing");
  if (isDecodeFailure(eventId)) return reject(`decode.${eventId.code}`, describeFailure("EventID", eventId));

  const time = decodeTimestamp(s.timeCreated);
  if (time === undefined) return reject("missing-time-created", `event ${eventId}: TimeCreated is missing`);
  if (isDecodeFailure(time))
    return reject(`decode.${time.code}`, `event ${eventId}: ${describeFailure("TimeCreated", time)}`);

  const problems: string[] = [];
  const num = (label: string, value: Decoded<number>): number | undefined => {
    if (isDecodeFailure(value)) {
      problems.push(describeFailure(label, value));
      return undefined;
    }
    return value;
  };

  const levelNumber = decodeLevelValue(s.level ?? raw.rendering?.level, problems);
  const recordId = decodeRecordId(s.eventRecordId);
  if (isDecodeFailure(recordId)) problems.push(describeFailure("EventRecordID", recordId));
  const keywords = decodeHexInt64(s.keywords);

  if (problems.length > 0) return reject("decode.system", `event ${eventId}: ${problems.join("; ")}`);

  const record: DecodedSystem["record"] = { eventId, timestamp: time.iso };
  assign(record, "host", presentOrUndefined(s.computer));
  assign(record, "provider", presentOrUndefined(s.providerName ?? raw.rendering?.provider));
  assign(record, "providerGuid", presentOrUndefined(s.providerGuid));
  assign(record, "version", num("Version", decodeUInt32(s.version)));
  assign(record, "level", levelNumber);
  assign(record, "task", num("Task", decodeUInt32(s.task)));
  assign(record, "taskName", presentOrUndefined(raw.rendering?.task));
  assign(record, "opcode", num("Opcode", decodeUInt32(s.opcode)));
  assign(record, "opcodeName", presentOrUndefined(raw.rendering?.opcode));
  // Keywords are a 64-bit mask; a rendered name list (Winlogbeat) is kept as given.
  assign(record, "keywords", isDecodeFailure(keywords) ? presentOrUndefined(s.keywords) : keywords?.hex);
  assign(record, "recordId", isDecodeFailure(recordId) ? undefined : recordId?.text);
  assign(record, "activityId", presentOrUndefined(s.activityId));
  assign(record, "relatedActivityId", presentOrUndefined(s.relatedActivityId));
  assign(record, "processId", num("ProcessID", decodeUInt32(s.processId)));
  assign(record, "threadId", num("ThreadID", decodeUInt32(s.threadId)));
  assign(record, "userSid", presentOrUndefined(s.userId));
  assign(record, "message", presentOrUndefined(raw.rendering?.message));
  if (problems.length > 0) return reject("decode.system", `event ${eventId}: ${problems.join("; ")}`);

  return {
    eventId,
    levelName: levelNumber === undefined ? undefined : LEVEL_BY_NUMBER[levelNumber],
    record,
  };
}

function decodeLevelValue(raw: string | undefined, problems: string[]): number | undefined {
  const text = presentOrUndefined(raw);
  if (text === undefined) return undefined;
  const byName = LEVEL_BY_NAME[text.toLowerCase()];
  if (byName !== undefined) return byName;
  const n = decodeUInt32(text);
  if (isDecodeFailure(n)) {
    problems.push(describeFailure("Level", n));
    return undefined;
  }
  return n;
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
