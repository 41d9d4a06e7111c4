import type { Slot } from "@ntlm-siem/core";

/**
 * One Painless block per catalog slot: what core's normalize/slots.ts does with a raw EventData value, written
 * against the builder map `b` (client, target, process, ntlm, usage, status, policy, pending), the trimmed value
 * `text`, the field spec `f` and the tables `T`. Each block leaves `r` null, or a failure map from a decoder.
 *
 * The record type is `Record<Slot, string>`: a slot added to core's catalog vocabulary fails to compile here until
 * it has a block, so the pipeline cannot silently ignore a new field.
 */
export const SLOT_BLOCKS: Record<Slot, string> = {
  "target.name": `b.target.name = text;
      Map s = spn(text);
      if (bad(s)) { r = s; } else if (s != null) {
        if (s.serviceClass != null) { b.target.spn = spnOf(s); }
        def h = s.ip != null ? s.ip : s.host;
        if (h != null) { mergeHost(b.target, 'host', hostFrom(h, P)); }
        if (s.port != null) { mergeHost(b.target, 'host', ['port': s.port]); }
      }`,
  "target.service": `Map s = spn(text);
      if (bad(s)) { r = s; } else if (s != null && s.serviceClass != null) { b.target.spn = spnOf(s); } else { b.target.name = text; }`,
  "target.machine": `mergeHost(b.target, 'host', hostFrom(text, P));`,
  "target.domain": `mergeHost(b.target, 'host', ['domain': text]);`,
  "target.ip": `r = setIp(b.target, 'host', text);`,
  "target.networkName": `mergeHost(b.target, 'host', ['networkName': text]);`,
  "target.os": `b.target.os = text;`,
  "client.user.name": `b.pending.clientUser = text; r = combine(b, 'client');`,
  "client.user.domain": `b.pending.clientDomain = text; r = combine(b, 'client');`,
  "client.workstation": `mergeHost(b.client, 'workstation', hostFrom(text, P));`,
  "client.hostname": `mergeHost(b.client, 'workstation', hostFrom(text, P));`,
  "client.ip": `r = setIp(b.client, 'workstation', text);`,
  "client.networkName": `mergeHost(b.client, 'workstation', ['networkName': text]);`,
  "process.pid": `Map pid = f.type == 'HexInt32' ? hexInt(text, 8) : uint32(text);
      if (bad(pid)) { r = pid; } else if (pid != null) { b.process.pid = pid.value; }`,
  "process.name": `int slash = text.lastIndexOf('\\\\');
      int slash2 = text.lastIndexOf('/');
      if (slash2 > slash) { slash = slash2; }
      if (slash >= 0) { b.process.executable = text; b.process.name = text.substring(slash + 1); } else { b.process.name = text; }`,
  "process.luid": `Map l = luid(text, T.luids);
      if (bad(l)) { r = l; } else if (l != null) { b.process.luid = l.hex; if (l.name != null) { b.process.luidName = l.name; } }`,
  "process.user.name": `b.pending.processUser = text; r = combine(b, 'process');`,
  "process.user.domain": `b.pending.processDomain = text; r = combine(b, 'process');`,
  "process.serviceHostTag": `b.process.serviceHostTag = text;`,
  "process.inProc": `Map v = bool(text, T.booleans);
      if (bad(v)) { r = v; } else if (v != null) { b.process.inProc = v.value; }`,
  "logon.type": `Map c = code(text, T.logonTypes, 'logon type');
      if (bad(c)) { r = c; } else if (c != null) { b.ntlm.logonType = c.known ? ['code': c.id, 'name': c.entry.name] : ['code': c.id]; }`,
  "mechanism.oid": `Map o = oid(text, T.mechanisms);
      if (bad(o)) { r = o; } else if (o != null) { b.ntlm.mechanism = o; }`,
  "ntlm.negotiatedFlags": `r = setFlags(b, 'negotiatedFlags', flags(text, T.negotiateFlags));`,
  "ntlm.requiredFlags": `r = setFlags(b, 'requiredFlags', flags(text, T.negotiateFlags));`,
  "ntlm.avFlags": `r = setFlags(b, 'avFlags', flags(text, T.avFlags));`,
  "ntlm.avFlagsText": `b.ntlm.avFlagsText = text;`,
  "ntlm.version": `b.ntlm.version = spelled(text, T.ntlmVersion); b.ntlm.versionRaw = text;`,
  "ntlm.sessionKey": `b.ntlm.sessionKey = spelled(text, T.sessionKey);`,
  "ntlm.channelBinding": `b.ntlm.channelBinding = spelled(text, T.channelBinding);`,
  "ntlm.mic": `b.ntlm.mic = spelled(text, T.mic);`,
  "ntlm.signOn": `b.ntlm.signOn = spelled(text, T.signOn);`,
  "ntlm.serviceBinding": `b.ntlm.serviceBinding = text;`,
  "usage.reasonId": `Map c = code(text, T.usageReasons, 'NTLM usage reason ID');
      if (bad(c)) { r = c; } else if (c != null) {
        if (b.usage == null) { b.usage = [:]; }
        b.usage.reasonId = c.id;
        b.usage.reasonSlug = c.known ? c.entry.slug : 'unrecognized';
        b.usage.reason = c.known ? c.entry.description : 'Unrecognized reason ' + c.id;
      }`,
  "usage.reason": `if (b.usage == null) { b.usage = [:]; } b.usage.reasonRaw = text;`,
  "secureChannel.name": `if (b.ntlm.secureChannel == null) { b.ntlm.secureChannel = [:]; } b.ntlm.secureChannel.name = text;`,
  "secureChannel.type": `Map c = code(text, T.secureChannelTypes, 'secure channel type');
      if (bad(c)) { r = c; } else if (c != null) {
        if (b.ntlm.secureChannel == null) { b.ntlm.secureChannel = [:]; }
        b.ntlm.secureChannel.type = c.known ? ['code': c.id, 'name': c.entry.name] : ['code': c.id];
      }`,
  "farside.name": `mergeHost(b.ntlm, 'farside', hostFrom(text, P));`,
  "farside.domain": `mergeHost(b.ntlm, 'farside', ['domain': text]);`,
  "farside.ip": `r = setIp(b.ntlm, 'farside', text);`,
  "status.code": `Map st = ntstatus(text, T.ntstatus);
      if (bad(st)) { r = st; } else if (st != null) {
        Map n = ['code': st.code];
        if (st.name != null) { n.name = st.name; }
        def m = b.status != null && b.status.message != null ? b.status.message : st.message;
        if (m != null) { n.message = m; }
        n.isSuccess = st.isSuccess;
        b.status = n;
      }`,
  "status.message": `if (b.status == null) { b.status = ['code': '', 'isSuccess': false]; } b.status.message = text;`,
  "policy.silo": `if (b.policy == null) { b.policy = [:]; } b.policy.silo = text;`,
  "policy.name": `if (b.policy == null) { b.policy = [:]; } b.policy.name = text;`,
};
