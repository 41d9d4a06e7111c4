import type { Slot } from "@ntlm-siem/core";
import { PAINLESS_DECODERS } from "./painless-decoders.js";
import { SLOT_BLOCKS } from "./painless-slots.js";

/**
 * The ingest pipeline's one script: a Winlogbeat/Elastic Agent `winlog.*` document in, the ECS document of core's
 * `toEcs` out. It is core's normalize (slots.ts, judge.ts), parties.ts and map/ecs/ecs.ts written once more in
 * Painless, with every table and every per-event fact passed as params generated from core (tables.ts), and the
 * per-slot code generated from `SLOT_BLOCKS`. The equality with core is proven by running this very source through
 * test/assets/painless (an interpreter of the subset) on every golden event.
 */

const BUILDER = String.raw`
Map spnOf(Map s) {
  Map o = ['raw': s.raw];
  if (s.serviceClass != null) { o.serviceClass = s.serviceClass; }
  if (s.host != null) { o.host = s.host; }
  if (s.port != null) { o.port = s.port; }
  if (s.serviceName != null) { o.serviceName = s.serviceName; }
  return o;
}

void mergeHost(Map owner, String key, Map part) {
  Map cur = owner.get(key);
  if (cur == null) { owner.put(key, part); return; }
  def domain = cur.domain;
  cur.putAll(part);
  if (domain != null && part.domain != null && part.name == null) { cur.domain = domain; }
}

Map setIp(Map owner, String key, String text) {
  Map ip = ipAddress(text);
  if (bad(ip)) { return ip; }
  if (ip != null) { mergeHost(owner, key, ip.port == null ? ['ip': ip.ip] : ['ip': ip.ip, 'port': ip.port]); }
  return null;
}

Map combine(Map b, String who) {
  def name = who == 'client' ? b.pending.clientUser : b.pending.processUser;
  def domain = who == 'client' ? b.pending.clientDomain : b.pending.processDomain;
  if (name == null) { return null; }
  Map a = account(name, domain);
  if (a == null || bad(a)) { return a; }
  if (who == 'client') { b.client.user = a; } else { b.process.user = a; }
  return null;
}

Map setFlags(Map b, String key, Map d) {
  if (bad(d)) { return d; }
  if (d != null) { b.ntlm.put(key, d); }
  return null;
}

String spelled(String text, Map table) {
  def v = table.get(fold(text));
  return v == null ? 'unknown' : v;
}

boolean isIp(String name) {
  if (name.length() == 0 || name.charAt(0) == 91) { return false; }
  Map ep = ipEndpoint(name);
  return ep != null && ep.port == null;
}

Map splitName(String name) { return isIp(name) ? ['ip': name] : ['name': name]; }

Map fromHost(Map h) {
  if (h == null) { return null; }
  Map e = [:];
  if (h.name != null) { e.name = h.name; }
  if (h.ip != null) { e.ip = h.ip; }
  if (h.port != null) { e.port = h.port; }
  return e.name != null || e.ip != null ? e : null;
}

Map endpoint(Map e) {
  if (e == null) { return null; }
  Map out = [:];
  if (e.name != null) { out.address = e.name; } else if (e.ip != null) { out.address = e.ip; }
  if (e.name != null) { out.domain = e.name; }
  if (e.ip != null) { out.ip = e.ip; }
  if (e.port != null) { out.port = e.port; }
  return out.isEmpty() ? null : out;
}

void addUnique(List list, def value) {
  if (value != null && !list.contains(value)) { list.add(value); }
}

void putPresent(Map parent, String key, def value) {
  if (value != null && !value.isEmpty()) { parent.put(key, value); }
}

Map flagsOut(Map f) {
  Map o = ['value': f.value, 'hex': f.hex];
  if (!f.names.isEmpty()) { o.names = f.names; }
  return o;
}
`;

/** The per-slot dispatch, generated from SLOT_BLOCKS (one `if` per slot, in the order core declares them). */
function slotDispatch(): string {
  const branches = (Object.entries(SLOT_BLOCKS) as [Slot, string][]).map(
    ([slot, block], i) => `  ${i === 0 ? "if" : "} else if"} (slot == '${slot}') {\n      ${block}`,
  );
  return `def applySlot(Map b, Map f, String text, Map T, List P) {
  def r = null;
  String slot = f.slot;
${branches.join("\n")}
  }
  return r;
}
`;
}

const MAIN = String.raw`
Map T = params.tables;
List P = T.placeholders;
def w = ctx.winlog;
if (w == null) { return; }
// Documents written by ntlm-siem itself (convert/ship) are already normalized: keep them as they are.
if (ctx.ntlm instanceof Map) { return; }
String channelText = w.channel == null ? null : present(w.channel, P);
if (channelText == null) { return; }
String channel = T.channels.get(channelText.toLowerCase());
if (channel == null) { return; }
String idText = w.event_id == null ? null : present(String.valueOf(w.event_id), P);
if (idText == null) { throw new IllegalArgumentException('EventID is missing'); }
long eventId = parseDec(idText, 65535L, 0, idText.length());
if (eventId < 0) { throw new IllegalArgumentException('EventID: ' + idText + ' is not a UInt16'); }
Map spec = params.catalog.get(channel.toLowerCase() + '#' + eventId);

Map b = ['client': [:], 'target': [:], 'process': [:], 'ntlm': [:], 'pending': [:]];
def ed = w.event_data;
if (spec != null && ed != null) {
  List keys = new ArrayList(ed.keySet());
  List fields = spec.fields;
  for (int fi = 0; fi < fields.size(); fi++) {
    for (def k : keys) {
      def idx = spec.exact.get(k);
      if (idx == null) { idx = spec.folded.get(k.toLowerCase()); }
      if (idx == null) { continue; }
      int ix = idx;
      if (ix != fi) { continue; }
      Map f = fields.get(fi);
      String text = present(ed.get(k), P);
      if (text == null) { continue; }
      def r = applySlot(b, f, text, T, P);
      if (r != null && f.verification == 'manifest') {
        throw new IllegalArgumentException('event ' + eventId + ': ' + k + ': ' + r.raw + ' (' + r.err + ')');
      }
    }
  }
}

String levelName = null;
String lv = w.level == null ? null : present(String.valueOf(w.level), P);
if (lv != null) {
  def n = T.levelByName.get(lv.toLowerCase());
  if (n == null) {
    long d = parseDec(lv, 4294967295L, 0, lv.length());
    if (d >= 0) { n = d; }
  }
  if (n != null) { levelName = T.levelByNumber.get(String.valueOf(n)); }
}
String severity = levelName != null ? levelName : (spec != null ? spec.level : 'unknown');

List reasons = [];
if (b.ntlm.version == 'ntlmv1') { addUnique(reasons, 'ntlmv1'); }
if (b.ntlm.version == 'lm') { addUnique(reasons, 'lm'); }
if (b.ntlm.mic == 'unprotected') { addUnique(reasons, 'mic-missing'); }
if (b.ntlm.channelBinding == 'not-supported') { addUnique(reasons, 'channel-binding-missing'); }
if (spec != null && T.ntlmv1EventIds.contains(spec.id)) { addUnique(reasons, 'ntlmv1'); }
if (spec != null && spec.warnsInsecure && severity == 'warning' && reasons.isEmpty()) { reasons.add('warning-level'); }
String outcome = 'unknown';
def outcomeReason = null;
if (spec != null) {
  if (spec.outcomeKind == 'fixed') {
    outcome = spec.outcome;
    outcomeReason = spec.outcomeReason;
  } else if (b.status != null) {
    outcome = b.status.isSuccess ? 'success' : 'failure';
    outcomeReason = b.status.message != null ? b.status.message : b.status.name;
  }
}

String host = w.computer_name == null ? null : present(w.computer_name, P);
Map reporter = host == null ? null : splitName(host);
Map clientEp = fromHost(b.client.workstation);
Map target = fromHost(b.target.host);
if (target == null && b.target.spn != null && b.target.spn.host != null) { target = splitName(b.target.spn.host); }
Map sc = b.ntlm.secureChannel;
boolean trust = sc != null && sc.type != null && (sc.type.code == 3L || sc.type.code == 4L);
if (target == null && sc != null && sc.name != null && !trust) { target = splitName(sc.name); }
String role = spec != null ? spec.role : 'unknown';
String direction = spec != null ? spec.direction : 'unknown';
Map source = clientEp;
Map destination = target;
if (role == 'client' && clientEp == null) { source = reporter; }
if (role == 'server' && target == null) { destination = reporter; }
Map user = b.client.user != null ? b.client.user : (direction == 'outgoing' ? b.process.user : null);
Map actor = b.process.user;

String time = w.time_created == null ? null : present(w.time_created, P);
if (time != null) { ctx['@timestamp'] = time; }
if (ctx.message != null) {
  String m = present(ctx.message, P);
  if (m == null) { ctx.remove('message'); } else { ctx.message = m; }
}
Map ev = ctx.event instanceof Map ? ctx.event : [:];
ev.kind = 'event';
ev.category = ['authentication'];
ev.type = [outcome != 'unknown' ? 'start' : 'info'];
ev.action = spec != null ? spec.action : 'ntlm-unknown-event';
ev.outcome = outcome;
if (outcomeReason != null) { ev.reason = outcomeReason; } else { ev.remove('reason'); }
ev.code = String.valueOf(eventId);
String provider = w.provider_name == null ? null : present(w.provider_name, P);
if (provider != null) { ev.provider = provider; }
ev.module = 'windows';
ev.dataset = params.dataset;
ctx.event = ev;
Map log = ctx.log instanceof Map ? ctx.log : [:];
log.level = T.levelNames.get(severity);
ctx.log = log;
if (host != null) {
  Map h = ctx.host instanceof Map ? ctx.host : [:];
  h.name = host;
  ctx.host = h;
}
if (user != null) {
  Map u = ['name': user.name];
  if (user.domain != null) { u.domain = user.domain; }
  ctx.user = u;
}
putPresent(ctx, 'source', endpoint(source));
putPresent(ctx, 'destination', endpoint(destination));
Map pr = [:];
if (b.process.pid != null) { pr.pid = b.process.pid; }
if (b.process.name != null) { pr.name = b.process.name; }
if (b.process.executable != null) { pr.executable = b.process.executable; }
if (b.process.user != null) { pr.user = ['name': b.process.user.name]; }
putPresent(ctx, 'process', pr);
Map rel = [:];
List ru = [];
addUnique(ru, user == null ? null : user.name);
addUnique(ru, actor == null ? null : actor.name);
putPresent(rel, 'user', ru);
List rh = [];
addUnique(rh, host);
addUnique(rh, source == null ? null : source.name);
addUnique(rh, destination == null ? null : destination.name);
addUnique(rh, b.target.spn == null ? null : b.target.spn.host);
addUnique(rh, b.ntlm.farside == null ? null : b.ntlm.farside.name);
putPresent(rel, 'hosts', rh);
List ri = [];
addUnique(ri, source == null ? null : source.ip);
addUnique(ri, destination == null ? null : destination.ip);
addUnique(ri, b.ntlm.farside == null ? null : b.ntlm.farside.ip);
putPresent(rel, 'ip', ri);
putPresent(ctx, 'related', rel);

Map N = b.ntlm;
Map nt = ['role': role, 'mode': spec != null ? spec.mode : 'unknown', 'direction': direction, 'insecure': !reasons.isEmpty()];
putPresent(nt, 'insecure_reasons', reasons);
if (N.version != null) { nt.version = N.version; }
if (N.versionRaw != null) { nt.version_raw = N.versionRaw; }
if (N.negotiatedFlags != null) { nt.negotiated_flags = flagsOut(N.negotiatedFlags); }
if (N.requiredFlags != null) { nt.required_flags = flagsOut(N.requiredFlags); }
if (N.avFlags != null) { nt.av_flags = flagsOut(N.avFlags); }
if (N.avFlagsText != null) { nt.av_flags_text = N.avFlagsText; }
if (N.mic != null) { nt.mic_status = N.mic; }
if (N.channelBinding != null) { nt.channel_binding = N.channelBinding; }
if (N.sessionKey != null) { nt.session_key = N.sessionKey; }
if (N.serviceBinding != null) { nt.service_binding = N.serviceBinding; }
if (N.signOn != null) { nt.sign_on = N.signOn; }
if (N.mechanism != null) { nt.mechanism = N.mechanism; }
if (N.logonType != null) { nt.logon_type = N.logonType; }
if (sc != null) {
  Map o = [:];
  if (sc.name != null) { o.name = sc.name; }
  if (sc.type != null) { o.type = sc.type.code; }
  if (sc.type != null && sc.type.name != null) { o.type_name = sc.type.name; }
  putPresent(nt, 'secure_channel', o);
}
if (N.farside != null) {
  Map o = [:];
  if (N.farside.name != null) { o.name = N.farside.name; }
  if (N.farside.domain != null) { o.domain = N.farside.domain; }
  if (N.farside.ip != null) { o.ip = N.farside.ip; }
  putPresent(nt, 'farside', o);
}
if (b.usage != null) {
  Map o = [:];
  if (b.usage.reasonId != null) { o.reason_id = b.usage.reasonId; }
  if (b.usage.reason != null) { o.reason = b.usage.reason; }
  if (b.usage.reasonSlug != null) { o.reason_slug = b.usage.reasonSlug; }
  if (b.usage.reasonRaw != null) { o.reason_raw = b.usage.reasonRaw; }
  putPresent(nt, 'usage', o);
}
if (b.status != null) {
  Map o = ['code': b.status.code];
  if (b.status.name != null) { o.name = b.status.name; }
  if (b.status.message != null) { o.message = b.status.message; }
  nt.status = o;
}
if (b.policy != null) {
  Map o = [:];
  if (b.policy.silo != null) { o.silo = b.policy.silo; }
  if (b.policy.name != null) { o.name = b.policy.name; }
  putPresent(nt, 'policy', o);
}
Map tg = [:];
if (b.target.name != null) { tg.name = b.target.name; }
if (b.target.os != null) { tg.os = b.target.os; }
if (b.target.host != null && b.target.host.networkName != null) { tg.network_name = b.target.host.networkName; }
if (b.target.spn != null) {
  Map o = [:];
  if (b.target.spn.serviceClass != null) { o.service_class = b.target.spn.serviceClass; }
  if (b.target.spn.host != null) { o.host = b.target.spn.host; }
  if (b.target.spn.port != null) { o.port = b.target.spn.port; }
  if (b.target.spn.serviceName != null) { o.service_name = b.target.spn.serviceName; }
  putPresent(tg, 'spn', o);
}
putPresent(nt, 'target', tg);
Map cl = [:];
if (b.client.user != null) {
  cl.user_kind = b.client.user.kind;
  cl.user_is_machine = b.client.user.isMachine;
  cl.user_is_anonymous = b.client.user.isAnonymous;
  if (b.client.user.unreadable != null) { cl.user_unreadable = b.client.user.unreadable; }
}
if (b.client.workstation != null && b.client.workstation.networkName != null) { cl.network_name = b.client.workstation.networkName; }
putPresent(nt, 'client', cl);
Map pc = [:];
if (b.process.luid != null) { pc.luid = b.process.luid; }
if (b.process.luidName != null) { pc.luid_name = b.process.luidName; }
if (b.process.user != null && b.process.user.domain != null) { pc.user_domain = b.process.user.domain; }
if (b.process.inProc != null) { pc.in_proc = b.process.inProc; }
if (b.process.serviceHostTag != null) { pc.service_host_tag = b.process.serviceHostTag; }
putPresent(nt, 'process', pc);
if (spec == null) { nt.known_event = false; }
ctx.ntlm = nt;
`;

/** The complete Painless source (functions first, as Painless requires, then the body). */
export function painlessSource(): string {
  return `${PAINLESS_DECODERS}${BUILDER}\n${slotDispatch()}${MAIN}`.replace(/\n{3,}/g, "\n\n").trim() + "\n";
}
