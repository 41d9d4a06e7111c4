import { ACCOUNT_DEVICE_FIELDS, POLICY_FIELDS, STATUS_FIELD } from "../fields.js";
import { AUTH_POLICY_FAILURES_DC, PROTECTED_USER_FAILURES_DC, type EventSpec } from "../types.js";

/**
 * Microsoft-Windows-NTLM events written to the domain controllers' Microsoft-Windows-Authentication channels
 * (disabled by default): Protected Users failures (100) and authentication policy failures / would-fail audits
 * (101, 301). Fields: OSSEM-DD event-100/101/301.yml; channels and messages: nasbench W10_1507 table.
 */
const SOURCES = ["OSSEM-DD event-100/101/301.yml", "nasbench W10_1507 Microsoft-Windows-NTLM.csv"];
const POLICY_BODY =
  "\nAccount Name: {AccountName}\nDevice Name: {DeviceName}\nError Code: {Status}\nAuthentication Policy Information:\n Silo Name: {SiloName}\n PolicyName: {PolicyName}";

export const DC_POLICY_EVENTS = [
  {
    id: 100,
    provider: "Microsoft-Windows-NTLM",
    channel: PROTECTED_USER_FAILURES_DC,
    level: "error",
    title: "NTLM authentication failed because the account was a member of the Protected User group",
    meaning: "A member of Protected Users tried NTLM, which Protected Users never allows.",
    family: "dc-policy",
    role: "domain-controller",
    mode: "block",
    direction: "domain",
    outcome: {
      kind: "fixed",
      outcome: "failure",
      reason: "Account is a member of Protected Users (no NTLM)",
    },
    action: "ntlm-protected-user-blocked",
    fields: [...ACCOUNT_DEVICE_FIELDS, STATUS_FIELD],
    message:
      "NTLM authentication failed because the account was a member of the Protected User group.\nAccount Name: {AccountName}\nDevice Name: {DeviceName}\nError Code: {Status}",
    verification: "manifest",
    sources: SOURCES,
  },
  {
    id: 101,
    provider: "Microsoft-Windows-NTLM",
    channel: AUTH_POLICY_FAILURES_DC,
    level: "error",
    title: "NTLM authentication failed because access control restrictions are required",
    meaning: "An authentication policy or silo with access control conditions refused NTLM for this account.",
    family: "dc-policy",
    role: "domain-controller",
    mode: "block",
    direction: "domain",
    outcome: {
      kind: "fixed",
      outcome: "failure",
      reason: "Authentication policy requires access control (no NTLM)",
    },
    action: "ntlm-authentication-policy-blocked",
    fields: [...ACCOUNT_DEVICE_FIELDS, STATUS_FIELD, ...POLICY_FIELDS],
    message: `NTLM authentication failed because access control restrictions are required.${POLICY_BODY}`,
    verification: "manifest",
    sources: SOURCES,
  },
  {
    id: 301,
    provider: "Microsoft-Windows-NTLM",
    channel: AUTH_POLICY_FAILURES_DC,
    level: "informational",
    title:
      "NTLM authentication succeeded, but it will fail when Authentication Policy is enforced because access control restrictions are required",
    meaning:
      "Audit of an authentication policy: this NTLM logon works today and will fail once the policy is enforced.",
    family: "dc-policy",
    role: "domain-controller",
    mode: "audit",
    direction: "domain",
    outcome: {
      kind: "fixed",
      outcome: "success",
      reason: "Succeeded; will fail when the authentication policy is enforced",
    },
    action: "ntlm-authentication-policy-audit",
    fields: [...ACCOUNT_DEVICE_FIELDS, STATUS_FIELD, ...POLICY_FIELDS],
    message: `NTLM authentication succeeded, but it will fail when Authentication Policy is enforced because access control restrictions are required.${POLICY_BODY}`,
    verification: "manifest",
    sources: SOURCES,
  },
] as const satisfies readonly EventSpec[];
