import {
  AV_FLAGS,
  LOGON_TYPES,
  MECHANISM_OIDS,
  NEGOTIATE_FLAGS,
  NTLM_USAGE_REASONS,
  NTSTATUS_CODES,
  SECURE_CHANNEL_TYPES,
} from "../decode/index.js";
import type { DocTable } from "./mappings-doc.js";

/** The decoders' lookup tables as documentation, straight from the tables the code uses. */
export function decoderValueTables(): DocTable[] {
  const hex = (n: number) => `0x${n.toString(16).padStart(8, "0")}`;
  return [
    {
      title: "NTLM usage reasons (enhanced client events, KB5064479)",
      header: ["ID", "Slug", "Meaning"],
      rows: NTLM_USAGE_REASONS.map((r) => [String(r.id), `\`${r.slug}\``, r.description]),
    },
    {
      title: "Logon types",
      header: ["Code", "Name", "ASIM EventSubType"],
      rows: LOGON_TYPES.map((t) => [String(t.id), t.name, t.asimEventSubType]),
    },
    {
      title: "Netlogon secure channel types (MS-NRPC NETLOGON_SECURE_CHANNEL_TYPE)",
      header: ["Code", "Name", "Label"],
      rows: SECURE_CHANNEL_TYPES.map((t) => [String(t.id), t.name, t.label]),
    },
    {
      title: "NTLM negotiate flags (MS-NLMP 2.2.2.5)",
      header: ["Mask", "Name"],
      rows: NEGOTIATE_FLAGS.map((f) => [hex(f.mask), f.name]),
    },
    {
      title: "AV flags (MS-NLMP 2.2.2.1 MsvAvFlags)",
      header: ["Mask", "Name"],
      rows: AV_FLAGS.map((f) => [hex(f.mask), f.name]),
    },
    {
      title: "Mechanism OIDs",
      header: ["OID", "Name"],
      rows: MECHANISM_OIDS.map((m) => [m.oid, m.name]),
    },
    {
      title: "NTSTATUS codes",
      intro:
        "Codes the normalizer names; ASIM EventResultDetails is what the ASIM mapper emits for a failure with that status.",
      header: ["Code", "Name", "ASIM EventResultDetails"],
      rows: NTSTATUS_CODES.map((s) => [s.code, s.name, s.asimResultDetails ?? ""]),
    },
  ];
}
