import {
  decodeEventId,
  decodeRecordId,
  decodeTimestamp,
  decodeUInt32,
  decodeHexInt64Hex,
  presentOrUndefined,
  isDecodeFailure,
  describeFailure,
  type Decoded,
  type UInt64,
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
export const LEVEL_BY_NUMBER: Readonly<Record<number, NtlmEvent["event"]["severity"]>> = {
  0: "informational",
  1: "critical",
  2: "error",
  3: "warning",
  4: "informational",
  5: "verbose",
};
/** Rendered level names, as Winlogbeat (log.level "information") and Sentinel (EventLevelName) give them. */
export const LEVEL_BY_NAME: Readonly<Record<string, number>> = {
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

  const eventId = decodeEventId(s.eventId);
  if (eventId === undefined) return systemError(location, "missing-event-id", "EventID is missing");
  if (isDecodeFailure(eventId)) {
    return systemError(location, `decode.${eventId.code}`, describeFailure("EventID", eventId));
  }

  const time = decodeTimestamp(s.timeCreated);
  if (time === undefined) {
    return systemError(location, "missing-time-created", `event ${eventId}: TimeCreated is missing`);
  }
  if (isDecodeFailure(time)) {
    return systemError(
      location,
      `decode.${time.code}`,
      `event ${eventId}: ${describeFailure("TimeCreated", time)}`,
    );
  }

  const problems: string[] = [];
  const levelNumber = decodeLevelValue(s.level ?? raw.rendering?.level, problems);
  const recordId = decodeRecordId(s.eventRecordId);
  if (isDecodeFailure(recordId)) problems.push(describeFailure("EventRecordID", recordId));
  const keywords = decodeHexInt64Hex(s.keywords);
  if (problems.length > 0) return problemsError(location, eventId, problems);

  const record = systemRecord(raw, eventId, time.iso, levelNumber, keywords, recordId, problems);
  if (problems.length > 0) return problemsError(location, eventId, problems);

  return {
    eventId,
    levelName: levelNumber === undefined ? undefined : LEVEL_BY_NUMBER[levelNumber],
    record,
  };
}

function systemError(location: ErrorLocation, code: string, message: string): NtlmSiemError {
  return new NtlmSiemError(code, "normalize", message, { location });
}

function problemsError(location: ErrorLocation, eventId: number, problems: string[]): NtlmSiemError {
  return systemError(location, "decode.system", `event ${eventId}: ${problems.join("; ")}`);
}

/** The value, or undefined with the failure noted in `problems` (every bad System value is reported at once). */
function checked(label: string, value: Decoded<number>, problems: string[]): number | undefined {
  if (isDecodeFailure(value)) {
    problems.push(describeFailure(label, value));
    return undefined;
  }
  return value;
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

/**
 * The record's identity, member by member in document order (plain stores with fixed names: this runs for every
 * record). Values that fail to decode are noted in `problems`.
 */
function systemRecord(
  raw: RawRecord,
  eventId: number,
  timestamp: string,
  level: number | undefined,
  keywords: Decoded<string>,
  recordId: Decoded<UInt64>,
  problems: string[],
): DecodedSystem["record"] {
  const s = raw.system;
  const rendering = raw.rendering;
  const record: DecodedSystem["record"] = { eventId, timestamp };
  const host = presentOrUndefined(s.computer);
  if (host !== undefined) record.host = host;
  const provider = presentOrUndefined(s.providerName ?? rendering?.provider);
  if (provider !== undefined) record.provider = provider;
  const providerGuid = presentOrUndefined(s.providerGuid);
  if (providerGuid !== undefined) record.providerGuid = providerGuid;
  const version = checked("Version", decodeUInt32(s.version), problems);
  if (version !== undefined) record.version = version;
  if (level !== undefined) record.level = level;
  const task = checked("Task", decodeUInt32(s.task), problems);
  if (task !== undefined) record.task = task;
  const taskName = presentOrUndefined(rendering?.task);
  if (taskName !== undefined) record.taskName = taskName;
  const opcode = checked("Opcode", decodeUInt32(s.opcode), problems);
  if (opcode !== undefined) record.opcode = opcode;
  const opcodeName = presentOrUndefined(rendering?.opcode);
  if (opcodeName !== undefined) record.opcodeName = opcodeName;
  // Keywords are a 64-bit mask; a rendered name list (Winlogbeat) is kept as given.
  const hex = isDecodeFailure(keywords) ? presentOrUndefined(s.keywords) : keywords;
  if (hex !== undefined) record.keywords = hex;
  if (recordId !== undefined && !isDecodeFailure(recordId)) record.recordId = recordId.text;
  const activityId = presentOrUndefined(s.activityId);
  if (activityId !== undefined) record.activityId = activityId;
  const relatedActivityId = presentOrUndefined(s.relatedActivityId);
  if (relatedActivityId !== undefined) record.relatedActivityId = relatedActivityId;
  const processId = checked("ProcessID", decodeUInt32(s.processId), problems);
  if (processId !== undefined) record.processId = processId;
  const threadId = checked("ThreadID", decodeUInt32(s.threadId), problems);
  if (threadId !== undefined) record.threadId = threadId;
  const userSid = presentOrUndefined(s.userId);
  if (userSid !== undefined) record.userSid = userSid;
  const message = presentOrUndefined(rendering?.message);
  if (message !== undefined) record.message = message;
  return record;
}
