import type { EventSpec } from "../catalog/types.js";
import type { NtlmEvent } from "../model/ntlm-event.js";
import type { EventBuilder } from "./slots.js";

type Judged = Pick<NtlmEvent["event"], "outcome" | "severity" | "insecure" | "insecureReasons"> & {
  outcomeReason?: string;
};

/** Events that are NTLMv1 by definition: Credential Guard refusing NTLMv1 (4013), NTLMv1-derived SSO (4024/4025). */
export const NTLMV1_EVENT_IDS: readonly number[] = [4013, 4024, 4025];

/**
 * Outcome, severity and insecurity, from the catalog facts and the decoded values. Outcomes are never invented:
 * audit records stay "unknown"; status-bearing events are decided by NTSTATUS, unknown when it is absent.
 */
export function judge(
  spec: EventSpec | undefined,
  levelName: Judged["severity"] | undefined,
  b: EventBuilder,
): Judged {
  const severity = levelName ?? spec?.level ?? "unknown";
  const reasons: string[] = [];
  if (b.ntlm.version === "ntlmv1") reasons.push("ntlmv1");
  if (b.ntlm.version === "lm") reasons.push("lm");
  if (b.ntlm.mic === "unprotected") reasons.push("mic-missing");
  if (b.ntlm.channelBinding === "not-supported") reasons.push("channel-binding-missing");
  if (spec !== undefined && NTLMV1_EVENT_IDS.includes(spec.id)) reasons.push("ntlmv1");
  // KB5064479: the Warning twin of an enhanced event means reduced security even when no field says which.
  if (spec?.warnsInsecure && severity === "warning" && reasons.length === 0) reasons.push("warning-level");

  const out: Judged = {
    outcome: "unknown",
    severity,
    insecure: reasons.length > 0,
    insecureReasons: reasons.length < 2 ? reasons : [...new Set(reasons)],
  };
  if (!spec) return out;
  if (spec.outcome.kind === "fixed") {
    out.outcome = spec.outcome.outcome;
    if (spec.outcome.reason !== undefined) out.outcomeReason = spec.outcome.reason;
  } else if (b.status) {
    out.outcome = b.status.isSuccess ? "success" : "failure";
    const reason = b.status.message ?? b.status.name;
    if (reason !== undefined) out.outcomeReason = reason;
  }
  return out;
}
