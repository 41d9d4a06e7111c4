export * from "./types.js";
export {
  EVENT_CATALOG,
  NTLM_CHANNELS,
  ntlmChannel,
  lookupEvent,
  lookupEventsById,
  fieldIndex,
} from "./registry.js";
