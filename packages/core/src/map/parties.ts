import { isIP } from "node:net";
import type { NtlmAccount, NtlmEvent, NtlmHost } from "../model/ntlm-event.js";

/**
 * Who talked to whom, resolved once from the normalized event for every schema: the source (client side), the
 * destination (server side), the authenticating account and the acting identity. The reporting machine fills the
 * side the event leaves implicit (a client-role event is written on the client, a server-role event on the
 * server), so the schema mappers need no per-role logic.
 */
export interface Endpoint {
  /** Host name as given (FQDN or NetBIOS). */
  name?: string;
  hostname?: string;
  domain?: string;
  ip?: string;
  port?: number;
  /** True when this endpoint is the machine that wrote the event. */
  isReporter: boolean;
}

export interface Parties {
  source?: Endpoint;
  destination?: Endpoint;
  /** The account being authenticated. */
  user?: NtlmAccount;
  /** The identity of the calling process (who initiated it on the reporting machine). */
  actor?: NtlmAccount;
}

export function resolveParties(event: NtlmEvent): Parties {
  const reporter = reporterEndpoint(event.record.host);
  const client = fromHost(event.client.workstation);
  const targetHost = event.target.host;
  const spnHost = event.target.spn?.host;
  let target = fromHost(targetHost);
  if (!target && spnHost !== undefined) target = splitName(spnHost, false);
  const channel = event.ntlm.secureChannel;
  // A trust secure channel (MS-NRPC types 3 and 4) is named after the other domain, not a server.
  const channelIsTrust = channel?.type?.code === 3 || channel?.type?.code === 4;
  if (!target && channel?.name !== undefined && !channelIsTrust) target = splitName(channel.name, false);

  const parties: Parties = {};
  switch (event.event.role) {
    case "client":
      setIf(parties, "source", client ?? reporter);
      setIf(parties, "destination", target);
      break;
    case "server":
      setIf(parties, "source", client);
      setIf(parties, "destination", target ?? reporter);
      break;
    case "domain-controller":
    case "unknown":
      setIf(parties, "source", client);
      setIf(parties, "destination", target);
      break;
  }
  // Outgoing NTLM with no supplied user (UserName "(NULL)") uses the calling process's own credentials (single
  // sign-on): that identity is the account being authenticated.
  const user = event.client.user ?? (event.event.direction === "outgoing" ? event.process.user : undefined);
  setIf(parties, "user", user);
  setIf(parties, "actor", event.process.user);
  return parties;
}

/** DOMAIN\name, the Windows form ASIM and CIM expect for a domain account. */
export function qualifiedName(account: NtlmAccount): string {
  if (account.upn !== undefined) return account.upn;
  return account.domain !== undefined ? `${account.domain}\\${account.name}` : account.name;
}

function reporterEndpoint(host: string | undefined): Endpoint | undefined {
  return host === undefined ? undefined : splitName(host, true);
}

function fromHost(host: NtlmHost | undefined): Endpoint | undefined {
  if (!host) return undefined;
  const endpoint: Endpoint = { isReporter: false };
  if (host.name !== undefined) endpoint.name = host.name;
  if (host.hostname !== undefined) endpoint.hostname = host.hostname;
  if (host.domain !== undefined) endpoint.domain = host.domain;
  if (host.ip !== undefined) endpoint.ip = host.ip;
  if (host.port !== undefined) endpoint.port = host.port;
  return endpoint.name !== undefined || endpoint.ip !== undefined ? endpoint : undefined;
}

function splitName(name: string, isReporter: boolean): Endpoint {
  if (isIP(name) !== 0) return { ip: name, isReporter };
  const dot = name.indexOf(".");
  const endpoint: Endpoint = { name, hostname: dot > 0 ? name.slice(0, dot) : name, isReporter };
  if (dot > 0 && dot < name.length - 1) endpoint.domain = name.slice(dot + 1);
  return endpoint;
}

function setIf<K extends keyof Parties>(target: Parties, key: K, value: Parties[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
