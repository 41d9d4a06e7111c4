// Generates a benchmark corpus from the real carved samples: the 97 real records are repeated with new record IDs,
// times, users and hosts so that no two events are identical. Written once into .bench/ (git-ignored).
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const samples = join(here, "../test/fixtures/samples/carved");

function templates() {
  const out = [];
  for (const file of ["jump01_8001_8002_8003.ndjson", "pki01_8002.ndjson"]) {
    for (const line of readFileSync(join(samples, file), "utf8").split("\n")) {
      if (line.trim()) out.push(JSON.parse(line).Event);
    }
  }
  return out;
}

function vary(event, i) {
  const e = structuredClone(event);
  e.System.EventRecordID = 100000 + i;
  const t = new Date(Date.UTC(2026, 0, 1) + i * 997);
  e.System.TimeCreated.SystemTime = t.toISOString().replace("Z", `${String(i % 10000).padStart(4, "0")}Z`);
  e.System.Computer = `host${i % 500}.contoso.local`;
  for (const key of ["UserName", "ClientUserName"]) {
    if (typeof e.EventData[key] === "string" && e.EventData[key] !== "(NULL)")
      e.EventData[key] = `user${i % 3000}`;
  }
  if ("Workstation" in e.EventData) e.EventData.Workstation = `WS${i % 800}`;
  return e;
}

function xmlEscape(v) {
  return String(v).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function toXml(e) {
  const s = e.System;
  const data = Object.entries(e.EventData)
    .map(([k, v]) => `<Data Name="${k}">${xmlEscape(v)}</Data>`)
    .join("");
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="${s.Provider.Name}" Guid="${s.Provider.Guid}"/><EventID>${s.EventID}</EventID><Version>${s.Version}</Version><Level>${s.Level}</Level><Task>${s.Task}</Task><Opcode>${s.Opcode}</Opcode><Keywords>${s.Keywords}</Keywords><TimeCreated SystemTime="${s.TimeCreated.SystemTime}"/><EventRecordID>${s.EventRecordID}</EventRecordID><Correlation ActivityID="${s.Correlation.ActivityID}"/><Execution ProcessID="${s.Execution.ProcessID}" ThreadID="${s.Execution.ThreadID}"/><Channel>${s.Channel}</Channel><Computer>${s.Computer}</Computer><Security UserID="${s.Security.UserID}"/></System><EventData>${data}</EventData></Event>`;
}

/** Writes corpus-<n>.ndjson and corpus-<n>.xml (if missing) and returns their paths. */
export async function ensureCorpus(dir, n) {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `corpus-${n}.ndjson`);
  const xml = join(dir, `corpus-${n}.xml`);
  if (existsSync(json) && existsSync(xml)) return { json, xml };
  const base = templates();
  const js = createWriteStream(json);
  const xs = createWriteStream(xml);
  xs.write("<Events>\n");
  for (let i = 0; i < n; i++) {
    const e = vary(base[i % base.length], i);
    if (!js.write(`${JSON.stringify({ Event: e })}\n`)) await once(js, "drain");
    if (!xs.write(`${toXml(e)}\n`)) await once(xs, "drain");
  }
  xs.write("</Events>\n");
  js.end();
  xs.end();
  await Promise.all([once(js, "finish"), once(xs, "finish")]);
  return { json, xml };
}
