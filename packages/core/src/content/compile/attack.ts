/**
 * MITRE ATT&CK names for the Sigma `attack.*` tags (Enterprise matrix, v17). Elastic wants tactic and technique
 * names and references beside the ids; Sentinel wants its own tactic spelling. A technique this table does not
 * know compiles with its id as its name and a warning, so a new rule never blocks on it.
 * https://attack.mitre.org/
 */
export interface Tactic {
  id: string;
  name: string;
  /** Sigma tag slug (`attack.credential-access`). */
  slug: string;
  /** Sentinel's AttackTactic enumeration value. */
  sentinel: string;
}

export const TACTICS: readonly Tactic[] = [
  { id: "TA0043", name: "Reconnaissance", slug: "reconnaissance", sentinel: "Reconnaissance" },
  {
    id: "TA0042",
    name: "Resource Development",
    slug: "resource-development",
    sentinel: "ResourceDevelopment",
  },
  { id: "TA0001", name: "Initial Access", slug: "initial-access", sentinel: "InitialAccess" },
  { id: "TA0002", name: "Execution", slug: "execution", sentinel: "Execution" },
  { id: "TA0003", name: "Persistence", slug: "persistence", sentinel: "Persistence" },
  {
    id: "TA0004",
    name: "Privilege Escalation",
    slug: "privilege-escalation",
    sentinel: "PrivilegeEscalation",
  },
  { id: "TA0005", name: "Defense Evasion", slug: "defense-evasion", sentinel: "DefenseEvasion" },
  { id: "TA0006", name: "Credential Access", slug: "credential-access", sentinel: "CredentialAccess" },
  { id: "TA0007", name: "Discovery", slug: "discovery", sentinel: "Discovery" },
  { id: "TA0008", name: "Lateral Movement", slug: "lateral-movement", sentinel: "LateralMovement" },
  { id: "TA0009", name: "Collection", slug: "collection", sentinel: "Collection" },
  { id: "TA0011", name: "Command and Control", slug: "command-and-control", sentinel: "CommandAndControl" },
  { id: "TA0010", name: "Exfiltration", slug: "exfiltration", sentinel: "Exfiltration" },
  { id: "TA0040", name: "Impact", slug: "impact", sentinel: "Impact" },
];

/** Technique id -> name and the tactics it belongs to (slugs). Sub-techniques inherit their parent's tactics. */
export const TECHNIQUES: Readonly<Record<string, { name: string; tactics?: readonly string[] }>> = {
  T1003: { name: "OS Credential Dumping", tactics: ["credential-access"] },
  T1021: { name: "Remote Services", tactics: ["lateral-movement"] },
  "T1021.002": { name: "SMB/Windows Admin Shares" },
  T1078: {
    name: "Valid Accounts",
    tactics: ["defense-evasion", "persistence", "privilege-escalation", "initial-access"],
  },
  T1110: { name: "Brute Force", tactics: ["credential-access"] },
  "T1110.001": { name: "Password Guessing" },
  "T1110.002": { name: "Password Cracking" },
  "T1110.003": { name: "Password Spraying" },
  "T1110.004": { name: "Credential Stuffing" },
  T1135: { name: "Network Share Discovery", tactics: ["discovery"] },
  T1187: { name: "Forced Authentication", tactics: ["credential-access"] },
  T1212: { name: "Exploitation for Credential Access", tactics: ["credential-access"] },
  T1219: { name: "Remote Access Tools", tactics: ["command-and-control"] },
  "T1219.002": { name: "Remote Desktop Software" },
  T1550: { name: "Use Alternate Authentication Material", tactics: ["defense-evasion", "lateral-movement"] },
  "T1550.002": { name: "Pass the Hash" },
  "T1550.003": { name: "Pass the Ticket" },
  T1557: { name: "Adversary-in-the-Middle", tactics: ["credential-access", "collection"] },
  "T1557.001": { name: "LLMNR/NBT-NS Poisoning and SMB Relay" },
  T1558: { name: "Steal or Forge Kerberos Tickets", tactics: ["credential-access"] },
  T1562: { name: "Impair Defenses", tactics: ["defense-evasion"] },
  "T1562.010": { name: "Downgrade Attack" },
};

export interface AttackTechnique {
  id: string;
  name: string;
  reference: string;
  /** The parent technique when this is a sub-technique. */
  parent?: { id: string; name: string; reference: string };
  known: boolean;
}

export interface AttackMapping {
  tactics: Tactic[];
  techniques: AttackTechnique[];
  /** Techniques under each tactic (tactic id -> technique ids), for Elastic's threat blocks. */
  byTactic: Map<string, AttackTechnique[]>;
}

export function techniqueReference(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace(".", "/")}/`;
}

export function tacticReference(id: string): string {
  return `https://attack.mitre.org/tactics/${id}/`;
}

function technique(id: string): AttackTechnique {
  const entry = TECHNIQUES[id];
  const parentId = id.includes(".") ? id.slice(0, id.indexOf(".")) : undefined;
  const out: AttackTechnique = {
    id,
    name: entry?.name ?? id,
    reference: techniqueReference(id),
    known: entry !== undefined,
  };
  if (parentId !== undefined) {
    const p = TECHNIQUES[parentId];
    out.parent = { id: parentId, name: p?.name ?? parentId, reference: techniqueReference(parentId) };
    if (p === undefined) out.known = false;
  }
  return out;
}

function tacticsOf(t: AttackTechnique): readonly string[] {
  return TECHNIQUES[t.parent?.id ?? t.id]?.tactics ?? [];
}

/** Reads the `attack.*` tags of a rule. */
export function attackOf(tags: readonly string[]): AttackMapping {
  const tactics: Tactic[] = [];
  const techniques: AttackTechnique[] = [];
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    if (!lower.startsWith("attack.")) continue;
    const rest = lower.slice("attack.".length);
    const tactic = TACTICS.find((t) => t.slug === rest);
    if (tactic && !tactics.includes(tactic)) tactics.push(tactic);
    const m = /^t(\d{4})(\.\d{3})?$/.exec(rest);
    if (m) {
      const id = `T${m[1] ?? ""}${m[2] ?? ""}`;
      if (!techniques.some((t) => t.id === id)) techniques.push(technique(id));
    }
  }
  // A technique whose tactic the tags do not name brings its first tactic along (ATT&CK needs one).
  for (const t of techniques) {
    const slugs = tacticsOf(t);
    if (slugs.length > 0 && !slugs.some((s) => tactics.some((x) => x.slug === s))) {
      const extra = TACTICS.find((x) => x.slug === slugs[0]);
      if (extra) tactics.push(extra);
    }
  }
  const byTactic = new Map<string, AttackTechnique[]>();
  for (const tactic of tactics) {
    const list = techniques.filter((t) => {
      const slugs = tacticsOf(t);
      // Unknown techniques go under the first tactic listed.
      return slugs.length === 0 ? tactic === tactics[0] : slugs.includes(tactic.slug);
    });
    byTactic.set(tactic.id, list);
  }
  return { tactics, techniques, byTactic };
}
