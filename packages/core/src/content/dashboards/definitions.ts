import type { DashboardDefinition } from "./types.js";

/**
 * The dashboards, answering the questions KB5064479 asks admins to answer before restricting NTLM ("who uses NTLM,
 * from which process, why, to which target") and the defenders' ones (NTLMv1, missing MIC or channel binding,
 * what was blocked, which DC-side sources, which detections fired).
 * KB5064479: https://support.microsoft.com/help/5064479
 */
export const NTLM_DASHBOARDS: readonly DashboardDefinition[] = [
  {
    id: "ntlm-usage",
    title: "NTLM usage: who, why, where",
    description:
      "Inventory of NTLM use for an NTLM restriction project (KB5064479): accounts, processes, usage reasons, client and target machines.",
    panels: [
      {
        id: "events",
        title: "NTLM events",
        question: "How much NTLM is there in the selected period?",
        filters: [],
        visualization: "metric",
        breakdown: [],
      },
      {
        id: "accounts",
        title: "Top accounts using NTLM",
        question: "Who uses NTLM?",
        filters: [{ field: "client.user.name", exists: true }],
        visualization: "bar",
        breakdown: ["client.user.name"],
      },
      {
        id: "processes",
        title: "Top processes using NTLM",
        question: "Which processes call NTLM?",
        filters: [{ field: "process.name", exists: true }],
        visualization: "bar",
        breakdown: ["process.name"],
      },
      {
        id: "reasons",
        title: "Why NTLM instead of Kerberos",
        question: "Why was NTLM chosen (enhanced auditing usage reason)?",
        filters: [{ field: "usage.reasonSlug", exists: true }],
        visualization: "pie",
        breakdown: ["usage.reasonSlug"],
      },
      {
        id: "clients",
        title: "Client machines",
        question: "From which machines and IPs does NTLM come?",
        filters: [],
        visualization: "table",
        breakdown: ["client.workstation.name", "client.workstation.ip"],
        size: 20,
      },
      {
        id: "targets",
        title: "Target machines and services",
        question: "To which machines, IPs and services does NTLM go?",
        filters: [],
        visualization: "table",
        breakdown: ["target.host.name", "target.host.ip", "target.spn.serviceClass"],
        size: 20,
      },
      {
        id: "reporters",
        title: "Reporting machines by role",
        question: "Which machines log NTLM, as client, server or domain controller?",
        filters: [],
        visualization: "table",
        breakdown: ["record.host", "event.role"],
        size: 20,
      },
    ],
  },
  {
    id: "ntlm-security",
    title: "NTLM security: weak NTLM, blocks and detections",
    description:
      "NTLMv1, missing MIC or channel binding, blocked versus audited NTLM over time, DC-side sources (8004) and detection alerts.",
    panels: [
      {
        id: "insecure-reasons",
        title: "Insecure NTLM by reason",
        question: "How much NTLM is NTLMv1, lacks a MIC or lacks channel binding?",
        filters: [{ field: "event.insecure", in: [true] }],
        visualization: "bar",
        breakdown: ["event.insecureReasons"],
      },
      {
        id: "ntlmv1-accounts",
        title: "Accounts and machines using NTLMv1",
        question: "Who still uses NTLMv1, and from where?",
        filters: [{ field: "event.insecureReasons", in: ["ntlmv1"] }],
        visualization: "table",
        breakdown: ["client.user.name", "client.workstation.name", "process.name"],
        size: 20,
      },
      {
        id: "mic-cbt",
        title: "Missing MIC or channel binding by target",
        question: "Which targets accept NTLM without MIC or channel binding?",
        filters: [{ field: "event.insecureReasons", in: ["mic-missing", "channel-binding-missing"] }],
        visualization: "table",
        breakdown: ["target.host.name", "event.insecureReasons"],
        size: 20,
      },
      {
        id: "blocked-vs-audited",
        title: "Blocked vs audited NTLM over time",
        question: "Is NTLM being blocked, and how does it compare with what is only audited?",
        filters: [{ field: "event.mode", in: ["block", "audit"] }],
        visualization: "timeline",
        breakdown: ["event.mode"],
      },
      {
        id: "dc-sources",
        title: "Top DC-side sources (8004)",
        question: "Which workstations and accounts authenticate with NTLM through the domain controllers?",
        filters: [{ field: "record.eventId", in: ["8004"] }],
        visualization: "table",
        breakdown: ["client.workstation.name", "client.user.name", "ntlm.secureChannel.type.name"],
        size: 20,
      },
      {
        id: "alerts",
        title: "Detection alerts",
        question: "Which ntlm-siem detections fired?",
        filters: [],
        visualization: "bar",
        breakdown: ["alert.rule.name"],
        source: "alerts",
      },
    ],
  },
];
