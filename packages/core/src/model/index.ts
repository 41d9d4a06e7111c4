export { NtlmEventSchema, NTLM_EVENT_SCHEMA_ID } from "./ntlm-event.js";
export type { NtlmEvent, NtlmAccount, NtlmHost, NtlmFlags } from "./ntlm-event.js";
