import { z } from "zod";

/**
 * The normalized NTLM event: the hub every input is decoded into once (per event ID, through the catalog) and
 * every schema is mapped from (per normalized class, never per event ID). Absent means "the event did not say":
 * Windows placeholders never reach this model. Fields not consumed by the catalog stay in `unmapped`.
 */

export const NTLM_EVENT_SCHEMA_ID = "ntlm-siem/ntlm-event@1";

const Account = z
  .strictObject({
    name: z.string().describe("Account name without domain (JUMP01$, alice)"),
    domain: z.string().optional().describe("NetBIOS or DNS domain the event gave"),
    upn: z.string().optional().describe("user@domain when the event gave a UPN"),
    kind: z.enum(["windows", "upn", "simple"]).describe("how the name was written (ASIM *UsernameType)"),
    isMachine: z.boolean().describe("a computer account (name ends in $)"),
    isAnonymous: z.boolean().describe("ANONYMOUS LOGON / null session"),
    unreadable: z.boolean().optional().describe("non-printable characters (Credential Guard-garbled names)"),
  })
  .describe("An account as the event named it");

const Flags = z.strictObject({
  value: z.number().int().nonnegative(),
  hex: z.string(),
  names: z.array(z.string()),
});

const Host = z.strictObject({
  name: z.string().optional().describe("host name as given, leading \\\\ removed"),
  hostname: z.string().optional().describe("first label of the name"),
  domain: z.string().optional().describe("DNS domain part of an FQDN, or the Windows domain the event gave"),
  ip: z.string().optional(),
  port: z.number().int().optional(),
  networkName: z.string().optional(),
});

export const NtlmEventSchema = z.strictObject({
  schema: z.literal(NTLM_EVENT_SCHEMA_ID),
  record: z
    .strictObject({
      host: z.string().optional().describe("Computer: the machine that wrote the event"),
      channel: z.string(),
      provider: z.string().optional(),
      providerGuid: z.string().optional(),
      eventId: z.number().int().min(0).max(65535),
      version: z.number().int().optional(),
      level: z.number().int().optional(),
      task: z.number().int().optional(),
      taskName: z.string().optional().describe("rendered task name (RenderingInfo, Winlogbeat)"),
      opcode: z.number().int().optional(),
      opcodeName: z.string().optional().describe("rendered opcode name"),
      keywords: z.string().optional().describe("hex, e.g. 0x8000000000000000"),
      recordId: z.string().optional().describe("EventRecordID as a decimal string (64-bit)"),
      timestamp: z.string().describe("TimeCreated in UTC, every fractional digit the source had"),
      activityId: z.string().optional(),
      relatedActivityId: z.string().optional(),
      processId: z.number().int().optional().describe("Execution ProcessID: the writer, usually lsass"),
      threadId: z.number().int().optional(),
      userSid: z.string().optional().describe("Security UserID"),
      message: z.string().optional().describe("the rendered message when the input carried one"),
    })
    .describe("The record's identity"),
  origin: z.strictObject({
    file: z.string(),
    record: z.number().int().positive(),
    line: z.number().int().positive().optional(),
    offset: z.number().int().nonnegative().optional(),
    format: z.string(),
    recovered: z.boolean().optional(),
  }),
  event: z.strictObject({
    known: z.boolean().describe("the catalog has this channel + event ID"),
    action: z.string().describe("stable slug from the catalog, e.g. ntlm-outgoing-audit"),
    title: z.string(),
    family: z.string(),
    role: z.enum(["client", "server", "domain-controller", "unknown"]),
    mode: z.enum(["audit", "block", "usage", "unknown"]),
    direction: z.enum(["outgoing", "incoming", "domain", "unknown"]),
    outcome: z.enum(["success", "failure", "unknown"]),
    outcomeReason: z.string().optional(),
    severity: z.enum(["informational", "warning", "error", "critical", "verbose", "unknown"]),
    insecure: z
      .boolean()
      .describe("NTLMv1, a missing MIC, no channel binding, or a Warning-level enhanced event"),
    insecureReasons: z.array(z.string()),
  }),
  client: z
    .strictObject({
      user: Account.optional(),
      workstation: Host.optional().describe("the client machine as the event named it"),
    })
    .describe("who authenticated, from where"),
  target: z
    .strictObject({
      name: z.string().optional().describe("TargetName as given (an SPN or a bare host)"),
      host: Host.optional(),
      spn: z
        .strictObject({
          raw: z.string(),
          serviceClass: z.string().optional(),
          host: z.string().optional(),
          port: z.number().int().optional(),
          serviceName: z.string().optional(),
        })
        .optional(),
      os: z.string().optional(),
    })
    .describe("the server or resource authenticated to"),
  process: z
    .strictObject({
      pid: z.number().int().nonnegative().optional(),
      name: z.string().optional().describe("executable file name"),
      executable: z.string().optional().describe("full path when the event gave one"),
      luid: z.string().optional(),
      luidName: z.string().optional(),
      user: Account.optional().describe("identity the calling process runs as"),
      inProc: z.boolean().optional(),
      serviceHostTag: z.string().optional(),
    })
    .describe("the calling process on the reporting machine"),
  ntlm: z.strictObject({
    version: z.enum(["ntlmv1", "ntlmv2", "lm", "unknown"]).optional(),
    versionRaw: z.string().optional(),
    negotiatedFlags: Flags.optional(),
    requiredFlags: Flags.optional(),
    avFlags: Flags.optional(),
    avFlagsText: z.string().optional(),
    mic: z.enum(["protected", "unprotected", "unknown"]).optional(),
    channelBinding: z.enum(["supported", "not-supported", "unknown"]).optional(),
    sessionKey: z.enum(["present", "missing", "unknown"]).optional(),
    serviceBinding: z.string().optional(),
    signOn: z.enum(["single-sign-on", "supplied-credentials", "unknown"]).optional(),
    mechanism: z.strictObject({ oid: z.string(), name: z.string().optional() }).optional(),
    logonType: z.strictObject({ code: z.number().int(), name: z.string().optional() }).optional(),
    secureChannel: z
      .strictObject({
        name: z.string().optional(),
        type: z.strictObject({ code: z.number().int(), name: z.string().optional() }).optional(),
      })
      .optional(),
    farside: Host.optional().describe("the other domain's DC a forwarded request came through"),
  }),
  usage: z
    .strictObject({
      reasonId: z.number().int().optional(),
      reason: z.string().optional().describe("KB5064479 text for the reason ID"),
      reasonSlug: z.string().optional(),
      reasonRaw: z.string().optional().describe("the reason text the event carried"),
    })
    .optional(),
  status: z
    .strictObject({
      code: z.string().describe("NTSTATUS as 0xXXXXXXXX"),
      name: z.string().optional(),
      message: z.string().optional(),
      isSuccess: z.boolean(),
    })
    .optional(),
  policy: z.strictObject({ silo: z.string().optional(), name: z.string().optional() }).optional(),
  /** The EventData exactly as read (placeholders included), so ECS winlog.event_data can be what Elastic sends. */
  eventData: z.record(z.string(), z.string().nullable()),
  /** Fields the catalog does not know for this event, plus every field of an unknown event ID. */
  unmapped: z.record(z.string(), z.string()),
});

export type NtlmEvent = z.infer<typeof NtlmEventSchema>;
export type NtlmAccount = z.infer<typeof Account>;
export type NtlmHost = z.infer<typeof Host>;
export type NtlmFlags = z.infer<typeof Flags>;
