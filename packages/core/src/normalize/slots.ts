import type { FieldSpec, Slot } from "../catalog/types.js";
import {
  decodeAccount,
  decodeAvFlags,
  decodeAvFlagsText,
  decodeBoolean,
  decodeHexInt32,
  decodeHostName,
  decodeIpAddress,
  decodeLogonType,
  decodeLuid,
  decodeMechanismOid,
  decodeNegotiateFlags,
  decodeNtStatus,
  decodeSecureChannelType,
  decodeSpn,
  decodeUInt32,
  decodeUsageReason,
  describeFailure,
  isDecodeFailure,
  normalizeChannelBinding,
  normalizeMicStatus,
  normalizeNtlmVersion,
  normalizeSessionKeyStatus,
  normalizeSignOnType,
  presentOrUndefined,
  type Decoded,
  type DecodedAccount,
  type DecodedFlags,
  type DecodeFailure,
  type DecodedSpn,
} from "../decode/index.js";
import type { NtlmAccount, NtlmEvent, NtlmHost } from "../model/ntlm-event.js";

/** The parts of an NtlmEvent the EventData fields fill, built up one field at a time. */
export interface EventBuilder {
  client: NtlmEvent["client"];
  target: NtlmEvent["target"];
  process: NtlmEvent["process"];
  ntlm: NtlmEvent["ntlm"];
  usage?: NonNullable<NtlmEvent["usage"]>;
  status?: NonNullable<NtlmEvent["status"]>;
  policy?: NonNullable<NtlmEvent["policy"]>;
  unmapped: Record<string, string>;
  /** User and domain arrive as two fields; they are combined once both are known. */
  pending: { clientUser?: string; clientDomain?: string; processUser?: string; processDomain?: string };
}

export function newBuilder(): EventBuilder {
  return { client: {}, target: {}, process: {}, ntlm: {}, unmapped: {}, pending: {} };
}

export interface SlotProblem {
  code: string;
  message: string;
}

/**
 * Decodes one raw field into its slot. Returns a problem when a non-empty value cannot be read; absent values and
 * Windows placeholders are simply absent.
 */
export function applySlot(
  b: EventBuilder,
  spec: FieldSpec,
  name: string,
  raw: string | null,
): SlotProblem | undefined {
  const text = presentOrUndefined(raw);
  if (text === undefined) return undefined;
  const failure = decodeSlot(b, spec, text);
  return failure === undefined
    ? undefined
    : { code: `decode.${failure.code}`, message: describeFailure(name, failure) };
}

/** The decoding behind applySlot; returns the failure of a value that cannot be read. */
function decodeSlot(b: EventBuilder, spec: FieldSpec, text: string): DecodeFailure | undefined {
  const slot: Slot = spec.slot;
  switch (slot) {
    case "target.name": {
      b.target.name = text;
      const spn = decodeSpn(text);
      if (isDecodeFailure(spn)) return spn;
      if (spn) {
        if (spn.serviceClass !== undefined) b.target.spn = spnOf(spn);
        const host = spn.ip ?? spn.host;
        if (host !== undefined) mergeHost(b.target, "host", hostFrom(host));
        if (spn.port !== undefined) mergeHost(b.target, "host", { port: spn.port });
      }
      return undefined;
    }
    case "target.service": {
      const spn = decodeSpn(text);
      if (isDecodeFailure(spn)) return spn;
      if (spn?.serviceClass !== undefined) b.target.spn = spnOf(spn);
      else b.target.name = text;
      return undefined;
    }
    case "target.machine":
      mergeHost(b.target, "host", hostFrom(text));
      return undefined;
    case "target.domain":
      mergeHost(b.target, "host", { domain: text });
      return undefined;
    case "target.ip":
      return setIp(b.target, "host", text);
    case "target.networkName":
      mergeHost(b.target, "host", { networkName: text });
      return undefined;
    case "target.os":
      b.target.os = text;
      return undefined;
    case "client.user.name":
      b.pending.clientUser = text;
      return combineAccount(b, "client");
    case "client.user.domain":
      b.pending.clientDomain = text;
      return combineAccount(b, "client");
    case "client.workstation":
    case "client.hostname":
      mergeHost(b.client, "workstation", hostFrom(text));
      return undefined;
    case "client.ip":
      return setIp(b.client, "workstation", text);
    case "client.networkName":
      mergeHost(b.client, "workstation", { networkName: text });
      return undefined;
    case "process.pid": {
      const pid =
        spec.type === "HexInt32" ? mapValue(decodeHexInt32(text), (h) => h.value) : decodeUInt32(text);
      if (isDecodeFailure(pid)) return pid;
      if (pid !== undefined) b.process.pid = pid;
      return undefined;
    }
    case "process.name": {
      // A full path keeps its path as the executable; the name is its last component.
      const slash = Math.max(text.lastIndexOf("\\"), text.lastIndexOf("/"));
      if (slash >= 0) {
        b.process.executable = text;
        b.process.name = text.slice(slash + 1);
      } else b.process.name = text;
      return undefined;
    }
    case "process.luid": {
      const luid = decodeLuid(text);
      if (isDecodeFailure(luid)) return luid;
      if (luid) {
        b.process.luid = luid.hex;
        if (luid.name !== undefined) b.process.luidName = luid.name;
      }
      return undefined;
    }
    case "process.user.name":
      b.pending.processUser = text;
      return combineAccount(b, "process");
    case "process.user.domain":
      b.pending.processDomain = text;
      return combineAccount(b, "process");
    case "process.serviceHostTag":
      b.process.serviceHostTag = text;
      return undefined;
    case "process.inProc": {
      const value = decodeBoolean(text);
      if (isDecodeFailure(value)) return value;
      if (value !== undefined) b.process.inProc = value;
      return undefined;
    }
    case "logon.type": {
      const lt = decodeLogonType(text);
      if (isDecodeFailure(lt)) return lt;
      if (lt) b.ntlm.logonType = lt.known ? { code: lt.id, name: lt.name } : { code: lt.id };
      return undefined;
    }
    case "mechanism.oid": {
      const oid = decodeMechanismOid(text);
      if (isDecodeFailure(oid)) return oid;
      if (oid)
        b.ntlm.mechanism = oid.name === undefined ? { oid: oid.oid } : { oid: oid.oid, name: oid.name };
      return undefined;
    }
    case "ntlm.negotiatedFlags":
      return setFlags(b, "negotiatedFlags", decodeNegotiateFlags(text));
    case "ntlm.requiredFlags":
      return setFlags(b, "requiredFlags", decodeNegotiateFlags(text));
    case "ntlm.avFlags":
      return setFlags(b, "avFlags", decodeAvFlags(text));
    case "ntlm.avFlagsText": {
      const parsed = decodeAvFlagsText(text);
      if (parsed) b.ntlm.avFlagsText = parsed.raw;
      return undefined;
    }
    case "ntlm.version": {
      const v = normalizeNtlmVersion(text);
      if (v) {
        b.ntlm.version = v.value;
        b.ntlm.versionRaw = v.raw;
      }
      return undefined;
    }
    case "ntlm.sessionKey":
      setEnum(b, "sessionKey", normalizeSessionKeyStatus(text)?.value);
      return undefined;
    case "ntlm.channelBinding":
      setEnum(b, "channelBinding", normalizeChannelBinding(text)?.value);
      return undefined;
    case "ntlm.mic":
      setEnum(b, "mic", normalizeMicStatus(text)?.value);
      return undefined;
    case "ntlm.signOn":
      setEnum(b, "signOn", normalizeSignOnType(text)?.value);
      return undefined;
    case "ntlm.serviceBinding":
      b.ntlm.serviceBinding = text;
      return undefined;
    case "usage.reasonId": {
      const reason = decodeUsageReason(text);
      if (isDecodeFailure(reason)) return reason;
      if (reason) {
        b.usage = { ...b.usage, reasonId: reason.id, reasonSlug: reason.slug, reason: reason.description };
      }
      return undefined;
    }
    case "usage.reason":
      b.usage = { ...b.usage, reasonRaw: text };
      return undefined;
    case "secureChannel.name":
      b.ntlm.secureChannel = { ...b.ntlm.secureChannel, name: text };
      return undefined;
    case "secureChannel.type": {
      const type = decodeSecureChannelType(text);
      if (isDecodeFailure(type)) return type;
      if (type) {
        b.ntlm.secureChannel = {
          ...b.ntlm.secureChannel,
          type: type.known ? { code: type.id, name: type.name } : { code: type.id },
        };
      }
      return undefined;
    }
    case "farside.name":
      mergeHost(b.ntlm, "farside", hostFrom(text));
      return undefined;
    case "farside.domain":
      mergeHost(b.ntlm, "farside", { domain: text });
      return undefined;
    case "farside.ip":
      return setIp(b.ntlm, "farside", text);
    case "status.code": {
      const status = decodeNtStatus(text);
      if (isDecodeFailure(status)) return status;
      if (status) {
        b.status = omitUndefined({
          ...b.status,
          code: status.code,
          name: status.name,
          message: b.status?.message ?? status.message,
          isSuccess: status.isSuccess,
        });
      }
      return undefined;
    }
    case "status.message":
      // The event's own status text wins over our table's.
      b.status = {
        code: b.status?.code ?? "",
        isSuccess: b.status?.isSuccess ?? false,
        ...b.status,
        message: text,
      };
      return undefined;
    case "policy.silo":
      b.policy = { ...b.policy, silo: text };
      return undefined;
    case "policy.name":
      b.policy = { ...b.policy, name: text };
      return undefined;
  }
}

function spnOf(spn: DecodedSpn): NonNullable<NtlmEvent["target"]["spn"]> {
  const out: NonNullable<NtlmEvent["target"]["spn"]> = { raw: spn.raw };
  if (spn.serviceClass !== undefined) out.serviceClass = spn.serviceClass;
  if (spn.host !== undefined) out.host = spn.host;
  if (spn.port !== undefined) out.port = spn.port;
  if (spn.serviceName !== undefined) out.serviceName = spn.serviceName;
  return out;
}

function combineAccount(b: EventBuilder, who: "client" | "process"): DecodeFailure | undefined {
  const name = who === "client" ? b.pending.clientUser : b.pending.processUser;
  const domain = who === "client" ? b.pending.clientDomain : b.pending.processDomain;
  if (name === undefined) return undefined;
  const decoded = decodeAccount(name, domain);
  if (isDecodeFailure(decoded)) return decoded;
  if (!decoded) return undefined;
  const account = toAccount(decoded);
  if (who === "client") b.client.user = account;
  else b.process.user = account;
  return undefined;
}

function toAccount(a: DecodedAccount): NtlmAccount {
  // Members are added in document order (name, domain, upn, kind, …); the required ones follow below.
  const account = { name: a.name } as NtlmAccount;
  if (a.domain !== undefined) account.domain = a.domain;
  if (a.upn !== undefined) account.upn = a.upn;
  account.kind = a.kind;
  account.isMachine = a.isMachine;
  account.isAnonymous = a.isAnonymous;
  if (a.hasNonPrintable) account.unreadable = true;
  return account;
}

/** A host name (or IP) split into its parts; IPs go to `ip`. */
function hostFrom(text: string): NtlmHost {
  const host = decodeHostName(text);
  if (host === undefined || isDecodeFailure(host)) return { name: text };
  if (host.isIp && host.ip !== undefined) return { ip: host.ip };
  const out: NtlmHost = { name: host.name, hostname: host.host };
  if (host.domain !== undefined) out.domain = host.domain;
  return out;
}

type HostOwner<K extends string> = { [key in K]?: NtlmHost | undefined };

/**
 * Adds parts to a host, as `{ ...current, ...part }` would (same member order) but in place: the parts are fresh
 * objects and a host belongs to one builder only, so nothing else sees the change.
 */
function mergeHost<K extends string>(owner: HostOwner<K>, key: K, part: NtlmHost): void {
  const current = owner[key];
  if (current === undefined) {
    owner[key] = part;
    return;
  }
  const domain = current.domain;
  Object.assign(current, part);
  // A domain the event names separately (TargetDomain) does not overwrite the DNS suffix of an FQDN.
  if (domain !== undefined && part.domain !== undefined && part.name === undefined) current.domain = domain;
}

function setIp<K extends string>(owner: HostOwner<K>, key: K, text: string): DecodeFailure | undefined {
  const ip = decodeIpAddress(text);
  if (isDecodeFailure(ip)) return ip;
  if (ip) mergeHost(owner, key, ip.port === undefined ? { ip: ip.ip } : { ip: ip.ip, port: ip.port });
  return undefined;
}

function setFlags(
  b: EventBuilder,
  key: "negotiatedFlags" | "requiredFlags" | "avFlags",
  decoded: Decoded<DecodedFlags>,
): DecodeFailure | undefined {
  if (isDecodeFailure(decoded)) return decoded;
  if (decoded) b.ntlm[key] = { value: decoded.value, hex: decoded.hex, names: [...decoded.names] };
  return undefined;
}

function setEnum<K extends "sessionKey" | "channelBinding" | "mic" | "signOn">(
  b: EventBuilder,
  key: K,
  value: NtlmEvent["ntlm"][K] | undefined,
): void {
  if (value !== undefined) b.ntlm[key] = value;
}

function mapValue<T, U>(value: Decoded<T>, f: (v: T) => U): Decoded<U> {
  if (value === undefined) return undefined;
  if (isDecodeFailure(value)) return value;
  return f(value);
}

/** Copies an object without its undefined members (exactOptionalPropertyTypes forbids them). */
function omitUndefined<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const out = {} as T;
  for (const key of Object.keys(value) as (keyof T)[]) {
    const v = value[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}
