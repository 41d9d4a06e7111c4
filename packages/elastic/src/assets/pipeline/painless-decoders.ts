/**
 * The Painless helper functions of the ingest pipeline: ports of core's value decoders (packages/core/src/decode),
 * one function per decoder, written in the small Painless subset that `test/assets/painless/` interprets. Tables
 * (flag names, NTSTATUS, code tables, spellings) are not written here: they arrive as `params.tables`, generated
 * from core's exported tables (tables.ts), so a table change in core changes the pipeline with no edit here.
 *
 * Subset rules (keep them, the interpreter enforces them): no regex (disabled or limited on many clusters,
 * https://www.elastic.co/guide/en/elasticsearch/reference/current/modules-scripting-security.html), no lambdas, no
 * String.split (regex-based), characters compared as numbers (`int c = s.charAt(i)`), single-quoted strings,
 * results are Maps (`err` set on failure) or null (absent), numbers are long.
 * Painless language reference: https://www.elastic.co/guide/en/elasticsearch/painless/current/painless-lang-spec.html
 */
export const PAINLESS_DECODERS = String.raw`
Map err(String code, String raw) { return ['err': code, 'raw': raw]; }
boolean bad(def r) { return r != null && r.containsKey('err'); }

String present(def raw, List placeholders) {
  if (raw == null) { return null; }
  String t = raw.toString().trim();
  if (t.length() <= 6 && placeholders.contains(t)) { return null; }
  return t;
}

String fold(String s) {
  String out = '';
  for (int i = 0; i < s.length(); i++) {
    int c = s.charAt(i);
    if (c == 32 || c == 45 || c == 95 || c == 9) { continue; }
    if (c >= 65 && c <= 90) { out += s.substring(i, i + 1).toLowerCase(); } else { out += s.substring(i, i + 1); }
  }
  return out;
}

String lowerAscii(String s) {
  String out = '';
  for (int i = 0; i < s.length(); i++) {
    int c = s.charAt(i);
    if (c >= 65 && c <= 90) { out += s.substring(i, i + 1).toLowerCase(); } else { out += s.substring(i, i + 1); }
  }
  return out;
}

boolean isDigits(String s, int start, int end) {
  if (end <= start) { return false; }
  for (int i = start; i < end; i++) {
    int c = s.charAt(i);
    if (c < 48 || c > 57) { return false; }
  }
  return true;
}

long parseDec(String s, long max, int start, int end) {
  if (end <= start) { return -1L; }
  long v = 0L;
  for (int i = start; i < end; i++) {
    int c = s.charAt(i);
    if (c < 48 || c > 57) { return -1L; }
    v = v * 10L + (c - 48);
    if (v > max) { return isDigits(s, i + 1, end) || i + 1 == end ? -2L : -1L; }
  }
  return v;
}

int hexVal(int c) {
  if (c >= 48 && c <= 57) { return c - 48; }
  if (c >= 97 && c <= 102) { return c - 87; }
  if (c >= 65 && c <= 70) { return c - 55; }
  return -1;
}

boolean hasHex(String s) {
  if (s.length() < 2 || s.charAt(0) != 48) { return false; }
  int c = s.charAt(1);
  return c == 120 || c == 88;
}

int firstSig(String s, int start) {
  if (s.length() <= start) { return -1; }
  int sig = -1;
  for (int i = start; i < s.length(); i++) {
    int v = hexVal(s.charAt(i));
    if (v < 0) { return -1; }
    if (sig < 0 && v != 0) { sig = i; }
  }
  return sig < 0 ? s.length() : sig;
}

Map unsignedFail(String s, long r) {
  if (s.charAt(0) == 45 && isDigits(s, 1, s.length())) { return err('out-of-range', s); }
  return err(r == -2L ? 'out-of-range' : 'not-an-integer', s);
}

Map uint32(String s) {
  if (s == null) { return null; }
  long v = parseDec(s, 4294967295L, 0, s.length());
  if (v < 0) { return unsignedFail(s, v); }
  return ['value': v];
}

Map hexInt(String s, int digits) {
  if (s == null) { return null; }
  if (hasHex(s)) {
    int sig = firstSig(s, 2);
    if (sig < 0) { return err('not-an-integer', s); }
    if (s.length() - sig > digits) { return err('out-of-range', s); }
    if (sig == s.length()) { return ['hex': '0x0', 'value': 0L]; }
    String d = lowerAscii(s.substring(sig));
    if (digits > 8) { return ['hex': '0x' + d]; }
    return ['hex': '0x' + d, 'value': Long.parseLong(d, 16)];
  }
  if (digits > 8) {
    if (!isDigits(s, 0, s.length())) { return unsignedFail(s, -1L); }
    int z = 0;
    while (z < s.length() - 1 && s.charAt(z) == 48) { z++; }
    String t = s.substring(z);
    if (t.length() > 20) { return err('out-of-range', s); }
    if (t.length() <= 18) { return ['hex': '0x' + Long.toHexString(Long.parseLong(t))]; }
    return ['hex': '0x' + Long.toHexString(Long.parseUnsignedLong(t))];
  }
  long v = parseDec(s, 4294967295L, 0, s.length());
  if (v < 0) { return unsignedFail(s, v); }
  return ['hex': '0x' + Long.toHexString(v), 'value': v];
}

Map flags(String s, List table) {
  Map r = hexInt(s, 8);
  if (r == null || bad(r)) { return r; }
  long v = r.value;
  List names = [];
  for (def d : table) {
    long m = d.mask;
    if ((v & m) == m) { names.add(d.name); }
  }
  return ['value': v, 'hex': r.hex, 'names': names];
}

Map bool(String s, Map spellings) {
  if (s == null) { return null; }
  if (s.length() <= 7) {
    if (spellings.containsKey(s)) { return ['value': spellings.get(s)]; }
    String l = s.toLowerCase();
    if (spellings.containsKey(l)) { return ['value': spellings.get(l)]; }
  }
  return err('not-a-boolean', s);
}

long ipv4(String s, int start, int end) {
  long value = 0L;
  int octets = 0;
  int i = start;
  while (octets < 4) {
    int os = i;
    long octet = 0L;
    while (i < end) {
      int c = s.charAt(i);
      if (c < 48 || c > 57) { break; }
      octet = octet * 10L + (c - 48);
      i++;
      if (i - os > 3) { return -1L; }
    }
    int len = i - os;
    if (len == 0 || octet > 255L || (len > 1 && s.charAt(os) == 48)) { return -1L; }
    value = value * 256L + octet;
    octets++;
    if (octets < 4) {
      if (i >= end || s.charAt(i) != 46) { return -1L; }
      i++;
    }
  }
  return i == end ? value : -1L;
}

String ipv4Text(long v) {
  return (v / 16777216L) + '.' + ((v / 65536L) % 256L) + '.' + ((v / 256L) % 256L) + '.' + (v % 256L);
}

long hexGroup(String part) {
  if (part.length() == 0 || part.length() > 4) { return -1L; }
  long v = 0L;
  for (int i = 0; i < part.length(); i++) {
    int d = hexVal(part.charAt(i));
    if (d < 0) { return -1L; }
    v = v * 16L + d;
  }
  return v;
}

boolean groups(String text, boolean v4tail, List out) {
  if (text.length() == 0) { return true; }
  int start = 0;
  while (start <= text.length()) {
    int colon = text.indexOf(':', start);
    String part = colon < 0 ? text.substring(start) : text.substring(start, colon);
    if (v4tail && colon < 0 && part.indexOf('.') >= 0) {
      long v4 = ipv4(part, 0, part.length());
      if (v4 < 0) { return false; }
      out.add(v4 / 65536L);
      out.add(v4 % 65536L);
    } else {
      long g = hexGroup(part);
      if (g < 0) { return false; }
      out.add(g);
    }
    if (colon < 0) { return true; }
    start = colon + 1;
  }
  return false;
}

List ipv6(String addr) {
  int dbl = addr.indexOf('::');
  List g = [];
  if (dbl < 0) {
    if (!groups(addr, true, g) || g.size() != 8) { return null; }
    return g;
  }
  if (addr.indexOf('::', dbl + 1) >= 0) { return null; }
  List head = [];
  List tail = [];
  if (!groups(addr.substring(0, dbl), false, head)) { return null; }
  if (!groups(addr.substring(dbl + 2), true, tail)) { return null; }
  int zeros = 8 - head.size() - tail.size();
  if (zeros < 1) { return null; }
  for (def x : head) { g.add(x); }
  for (int z = 0; z < zeros; z++) { g.add(0L); }
  for (def x : tail) { g.add(x); }
  return g;
}

String ipv6Text(List g) {
  int bestStart = -1;
  int bestLen = 1;
  int i = 0;
  while (i < 8) {
    if (g.get(i) != 0L) { i++; continue; }
    int j = i;
    while (j < 8 && g.get(j) == 0L) { j++; }
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  String out = '';
  if (bestStart < 0) {
    for (int k = 0; k < 8; k++) { out += (k > 0 ? ':' : '') + Long.toHexString(g.get(k)); }
    return out;
  }
  for (int k = 0; k < bestStart; k++) { out += (k > 0 ? ':' : '') + Long.toHexString(g.get(k)); }
  out += '::';
  for (int k = bestStart + bestLen; k < 8; k++) { out += (k > bestStart + bestLen ? ':' : '') + Long.toHexString(g.get(k)); }
  return out;
}

Map v6(String addr, def port) {
  List g = ipv6(addr);
  if (g == null) { return null; }
  Map ep = [:];
  if (g.get(0) == 0L && g.get(1) == 0L && g.get(2) == 0L && g.get(3) == 0L && g.get(4) == 0L && g.get(5) == 65535L) {
    ep.ip = ipv4Text(g.get(6) * 65536L + g.get(7));
  } else {
    ep.ip = ipv6Text(g);
  }
  if (port != null) { ep.port = port; }
  return ep;
}

String unzone(String text) {
  int pct = text.indexOf('%');
  if (pct < 0) { return text; }
  if (pct == text.length() - 1) { return null; }
  return text.substring(0, pct);
}

Map ipEndpoint(String s) {
  if (s.length() == 0) { return null; }
  if (s.charAt(0) == 91) {
    int close = s.indexOf(']');
    if (close < 0) { return null; }
    def port = null;
    if (close + 1 < s.length()) {
      if (s.charAt(close + 1) != 58) { return null; }
      long p = parseDec(s, 65535L, close + 2, s.length());
      if (p < 0) { return null; }
      port = p;
    }
    String a = unzone(s.substring(1, close));
    if (a == null) { return null; }
    return v6(a, port);
  }
  int first = s.indexOf(':');
  if (first < 0) {
    long v4 = ipv4(s, 0, s.length());
    return v4 < 0 ? null : ['ip': s];
  }
  if (s.indexOf(':', first + 1) < 0) {
    long v4 = ipv4(s, 0, first);
    if (v4 < 0) { return null; }
    long p = parseDec(s, 65535L, first + 1, s.length());
    if (p < 0) { return null; }
    return ['ip': ipv4Text(v4), 'port': p];
  }
  String a = unzone(s);
  if (a == null) { return null; }
  return v6(a, null);
}

Map ipAddress(String s) {
  if (s == null) { return null; }
  Map ep = ipEndpoint(s);
  return ep == null ? err('not-an-ip', s) : ep;
}

String cleanHost(String input) {
  String t = input.trim();
  int start = 0;
  int end = t.length();
  while (start < end && t.charAt(start) == 92) { start++; }
  while (end > start && t.charAt(end - 1) == 46) { end--; }
  return t.substring(start, end);
}

Map hostFrom(String text, List placeholders) {
  String name = cleanHost(text);
  if (name.length() == 0 || present(name, placeholders) == null) { return ['name': text]; }
  Map ep = ipEndpoint(name);
  if (ep != null && ep.port == null) { return ['ip': ep.ip]; }
  int dot = name.indexOf('.');
  if (dot <= 0 || dot == name.length() - 1) { return ['name': name, 'hostname': name]; }
  return ['name': name, 'hostname': name.substring(0, dot), 'domain': name.substring(dot + 1)];
}

Map spnHost(Map out, String hostPart, String raw) {
  if (hostPart.length() == 0) { return err('not-an-spn', raw); }
  String host = hostPart;
  String portText = null;
  if (host.charAt(0) == 91) {
    int close = host.indexOf(']');
    if (close < 0) { return err('not-an-spn', raw); }
    if (close + 1 < host.length()) {
      if (host.charAt(close + 1) != 58) { return err('not-an-spn', raw); }
      portText = host.substring(close + 2);
    }
    host = host.substring(1, close);
  } else {
    int colon = host.indexOf(':');
    if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
      portText = host.substring(colon + 1);
      host = host.substring(0, colon);
    }
  }
  if (host.length() == 0) { return err('not-an-spn', raw); }
  if (portText != null) {
    if (portText.length() == 0) { return err('not-an-spn', raw); }
    if (isDigits(portText, 0, portText.length())) {
      long port = parseDec(portText, 65535L, 0, portText.length());
      if (port < 1) { return err('not-an-spn', raw); }
      out.port = port;
    } else if (out.serviceName == null) {
      out.serviceName = portText;
    } else {
      return err('not-an-spn', raw);
    }
  }
  Map ep = ipEndpoint(host);
  if (ep != null && ep.port == null) {
    out.host = ep.ip;
    out.ip = ep.ip;
  } else {
    out.host = host;
  }
  return out;
}

Map spn(String s) {
  if (s == null) { return null; }
  int slash = s.indexOf('/');
  if (slash < 0) {
    Map ep = ipEndpoint(s);
    if (ep != null) {
      Map out = ['raw': s, 'host': ep.ip, 'ip': ep.ip];
      if (ep.port != null) { out.port = ep.port; }
      return out;
    }
    int z = 0;
    while (z < s.length() && s.charAt(z) == 92) { z++; }
    return spnHost(['raw': s], s.substring(z), s);
  }
  if (slash == 0) { return err('not-an-spn', s); }
  Map out = ['raw': s, 'serviceClass': s.substring(0, slash)];
  String rest = s.substring(slash + 1);
  int at = rest.lastIndexOf('@');
  if (at >= 0) {
    if (at == rest.length() - 1) { return err('not-an-spn', s); }
    rest = rest.substring(0, at);
  }
  int slash2 = rest.indexOf('/');
  String hostPart = rest;
  if (slash2 >= 0) {
    if (slash2 == rest.length() - 1) { return err('not-an-spn', s); }
    out.serviceName = rest.substring(slash2 + 1);
    hostPart = rest.substring(0, slash2);
  }
  return spnHost(out, hostPart, s);
}

boolean nonPrintable(String text) {
  int i = 0;
  while (i < text.length()) {
    int c = text.charAt(i);
    if (c < 32 || (c >= 127 && c <= 159)) { return true; }
    if (c >= 55296 && c <= 56319) {
      int next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (!(next >= 56320 && next <= 57343)) { return true; }
      i += 2;
      continue;
    }
    if (c >= 56320 && c <= 57343) { return true; }
    if (c == 65533 || c == 65534 || c == 65535) { return true; }
    i++;
  }
  return false;
}

Map account(String user, String domainField) {
  if (user == null) { return null; }
  String name = user;
  def domain = domainField;
  String kind = domainField == null ? 'simple' : 'windows';
  def upn = null;
  int bs = user.indexOf('\\');
  if (bs >= 0) {
    name = user.substring(bs + 1);
    if (name.length() == 0 || name.indexOf('\\') >= 0) { return err('not-an-account', user); }
    domain = bs > 0 ? user.substring(0, bs) : domainField;
    kind = domain == null ? 'simple' : 'windows';
  } else {
    int at = user.lastIndexOf('@');
    if (at >= 0) {
      if (at == 0 || at == user.length() - 1) { return err('not-an-account', user); }
      name = user.substring(0, at);
      domain = domainField != null ? domainField : user.substring(at + 1);
      kind = 'upn';
      upn = user;
    }
  }
  Map a = ['name': name];
  if (domain != null) { a.domain = domain; }
  if (upn != null) { a.upn = upn; }
  a.kind = kind;
  a.isMachine = name.length() > 1 && name.charAt(name.length() - 1) == 36;
  a.isAnonymous = name.length() == 15 && name.toUpperCase() == 'ANONYMOUS LOGON';
  if (nonPrintable(name) || (domain != null && nonPrintable(domain))) { a.unreadable = true; }
  return a;
}

Map luid(String s, Map names) {
  Map r = hexInt(s, 16);
  if (r == null || bad(r)) { return r; }
  Map out = ['hex': r.hex];
  if (names.containsKey(r.hex)) { out.name = names.get(r.hex); }
  return out;
}

Map code(String s, Map table, String what) {
  if (s == null) { return null; }
  long id = -1L;
  if (hasHex(s)) {
    if (s.length() >= 3 && s.length() <= 10 && firstSig(s, 2) >= 0) { id = Long.parseLong(s.substring(2), 16); }
  } else {
    id = parseDec(s, 4294967295L, 0, s.length());
  }
  if (id >= 0) {
    String key = String.valueOf(id);
    if (table.byId.containsKey(key)) { return ['known': true, 'id': id, 'entry': table.byId.get(key)]; }
    return ['known': false, 'id': id];
  }
  String f = fold(s);
  if (table.byName.containsKey(f)) {
    Map e = table.byName.get(f);
    return ['known': true, 'id': e.id, 'entry': e];
  }
  return err('not-a-code', s);
}

boolean validOid(String text) {
  int arcs = 0;
  int arcStart = 0;
  int first = -1;
  for (int i = 0; i <= text.length(); i++) {
    int c = i < text.length() ? text.charAt(i) : 46;
    if (c == 46) {
      int len = i - arcStart;
      if (len == 0 || (len > 1 && text.charAt(arcStart) == 48)) { return false; }
      if (arcs == 0) {
        if (len != 1) { return false; }
        first = text.charAt(arcStart) - 48;
        if (first > 2) { return false; }
      } else if (arcs == 1 && first < 2 && (len > 2 || Long.parseLong(text.substring(arcStart, i)) >= 40)) {
        return false;
      }
      arcs++;
      arcStart = i + 1;
    } else if (c < 48 || c > 57) {
      return false;
    }
  }
  return arcs >= 2;
}

Map oid(String s, Map known) {
  if (s == null) { return null; }
  if (known.containsKey(s)) { return ['oid': s, 'name': known.get(s)]; }
  if (!validOid(s)) { return err('not-an-oid', s); }
  return ['oid': s];
}

Map ntstatus(String s, Map known) {
  if (s == null) { return null; }
  long value = 0L;
  if (hasHex(s)) {
    Map h = hexInt(s, 8);
    if (bad(h)) { return err('not-a-code', s); }
    value = h.value;
  } else if (s.charAt(0) == 45 && isDigits(s, 1, s.length())) {
    long m = parseDec(s, 2147483648L, 1, s.length());
    if (m < 0) { return err('out-of-range', s); }
    value = m == 0L ? 0L : 4294967296L - m;
  } else {
    value = parseDec(s, 4294967295L, 0, s.length());
    if (value == -2L) { return err('out-of-range', s); }
    if (value < 0) { return err('not-a-code', s); }
  }
  String hex = Long.toHexString(value).toUpperCase();
  while (hex.length() < 8) { hex = '0' + hex; }
  Map out = ['code': '0x' + hex, 'isSuccess': value < 2147483648L];
  String key = String.valueOf(value);
  if (known.containsKey(key)) {
    Map e = known.get(key);
    out.name = e.name;
    out.message = e.message;
  }
  return out;
}
`;
