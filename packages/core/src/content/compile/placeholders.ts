import { PLACEHOLDERS } from "../../decode/placeholder.js";

/**
 * The spellings Windows uses for "no value", which the engine reads as absent. Only raw EventData fields
 * (Elastic `winlog.event_data.*`) still hold them; our normalized fields drop them.
 */
export const RAW_PLACEHOLDERS: readonly string[] = PLACEHOLDERS.filter((p) => p !== "");
