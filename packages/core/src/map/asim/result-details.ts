import { decodeNtStatus, isDecodeFailure } from "../../decode/index.js";
import type { NtlmEvent } from "../../model/ntlm-event.js";

/**
 * ASIM EventResultDetails for a failed NTLM logon. An NTSTATUS decides where the event carries one (the decoder's
 * table follows Microsoft's ASIM Windows authentication parser); otherwise a refusal by policy (Restrict NTLM,
 * Protected Users, authentication policies, Credential Guard, minimum session security) is "Logon violates
 * policy".
 */
export function asimResultDetails(event: NtlmEvent): string | undefined {
  if (event.event.outcome !== "failure") return undefined;
  const status = event.status ? decodeNtStatus(event.status.code) : undefined;
  if (
    status !== undefined &&
    !isDecodeFailure(status) &&
    !status.isSuccess &&
    status.asimResultDetails !== undefined
  ) {
    return status.asimResultDetails;
  }
  return event.event.mode === "block" ? "Logon violates policy" : "Other";
}
