import type { NtlmEvent } from "../../model/ntlm-event.js";

/**
 * ASIM EventResultDetails for a failed NTLM logon. A refusal by policy (Restrict NTLM, Protected Users,
 * authentication policies, Credential Guard, minimum session security) is "Logon violates policy"; an NTSTATUS
 * decides otherwise, following the status table of Microsoft's ASIM Windows authentication parser.
 */
const BY_STATUS: Record<string, string> = {
  "0xC0000064": "No such user or password",
  "0xC000006A": "Incorrect password",
  "0xC000006D": "Incorrect password",
  "0xC0000234": "User locked",
  "0xC0000072": "User disabled",
  "0xC0000193": "Account expired",
  "0xC0000071": "Password expired",
  "0xC0000224": "Password expired",
  "0xC000006F": "Logon violates policy",
  "0xC0000070": "Logon violates policy",
  "0xC000006E": "Logon violates policy",
  "0xC000015B": "Logon violates policy",
  "0xC0000413": "Logon violates policy",
  "0xC0000418": "Logon violates policy",
  "0xC0000133": "Other",
  "0xC0000203": "Session expired",
};

export function asimResultDetails(event: NtlmEvent): string | undefined {
  if (event.event.outcome !== "failure") return undefined;
  const code = event.status?.code;
  if (code !== undefined && !event.status?.isSuccess) {
    return BY_STATUS[code.toUpperCase().replace(/^0X/, "0x")] ?? (event.event.mode === "block" ? "Logon violates policy" : "Other");
  }
  return event.event.mode === "block" ? "Logon violates policy" : "Other";
}
