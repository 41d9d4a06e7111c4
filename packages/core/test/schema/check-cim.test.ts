import { describe, expect, it } from "vitest";
import {
  CIM_AUTHENTICATION_ACTIONS,
  CIM_AUTHENTICATION_DATASETS,
  CIM_AUTHENTICATION_FIELDS,
  checkCim,
  cimDatasetsOf,
  type SchemaProblem,
} from "../../src/schema/index.js";

/** A 4776 failure as the CIM mapping is meant to produce it. */
function goodEvent(): Record<string, unknown> {
  return {
    time: 1714557600.123,
    host: "DC01",
    source: "XmlWinEventLog:Security",
    sourcetype: "XmlWinEventLog",
    index: "wineventlog",
    EventCode: "4776",
    tag: ["authentication"],
    action: "failure",
    app: "win:local",
    authentication_method: "NTLM",
    signature_id: "4776",
    signature: "Credential validation",
    src: "WS01",
    src_nt_host: "WS01",
    src_ip: "10.1.2.3",
    dest: "DC01",
    dest_nt_domain: "CORP",
    user: "alice",
    src_user: "alice",
    duration: 0.004,
    reason: "Bad password",
    vendor_product: "Microsoft Windows",
    ntlm_package: "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0",
  };
}

function codes(problems: SchemaProblem[]): string[] {
  return problems.map((p) => `${p.code}@${p.field}`).sort();
}

describe("CIM Authentication facts", () => {
  it("lists the documented fields, actions and datasets", () => {
    const names = CIM_AUTHENTICATION_FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(["action", "app", "src", "dest", "src_user", "user", "signature_id"]),
    );
    expect(CIM_AUTHENTICATION_FIELDS.filter((f) => f.recommended).map((f) => f.name)).toEqual([
      "action",
      "app",
      "dest",
      "src",
      "src_user",
      "user",
    ]);
    expect(CIM_AUTHENTICATION_ACTIONS).toEqual(["success", "failure", "pending", "error"]);
    expect(CIM_AUTHENTICATION_DATASETS.map((d) => d.name)).toContain("Insecure_Authentication");
  });
});

describe("checkCim", () => {
  it("accepts a correct event", () => {
    expect(checkCim(goodEvent())).toEqual([]);
  });

  it("reports each kind of problem", () => {
    const event = goodEvent();
    delete event["user"];
    Object.assign(event, {
      tag: "network",
      action: "failed",
      signature_id: 4776,
      duration: "fast",
      src_ip: "WS01",
      foo: "bar",
      app: "",
    });
    const problems = checkCim(event);
    expect(codes(problems)).toEqual(
      [
        "bad-enumeration@action",
        "bad-ip@src_ip",
        "missing-recommended@app",
        "missing-recommended@user",
        "missing-tag@tag",
        "unknown-field@foo",
        "wrong-type@duration",
        "wrong-type@signature_id",
      ].sort(),
    );
    const severity = (code: string) => problems.find((p) => p.code === code)?.severity;
    expect(severity("missing-recommended")).toBe("warning");
    expect(severity("missing-tag")).toBe("error");
    for (const p of problems) expect(p.message).toContain(p.field);
    expect(problems.find((p) => p.field === "signature_id")?.message).toContain("number 4776");
    expect(problems.find((p) => p.field === "action")?.message).toContain('"failed"');
  });

  it("takes the project's extra-field prefixes as an option", () => {
    const event = { ...goodEvent(), x_extra: 1 };
    expect(codes(checkCim(event))).toEqual(["unknown-field@x_extra"]);
    expect(checkCim(event, { extraPrefixes: ["x_", "ntlm_"] })).toEqual([]);
    // The option replaces the defaults rather than adding to them.
    expect(codes(checkCim(event, { extraPrefixes: ["x_"] }))).toEqual(["unknown-field@ntlm_package"]);
  });

  it("accepts multivalue fields and numeric strings for number fields", () => {
    const event = {
      ...goodEvent(),
      tag: ["authentication", "privileged"],
      user: ["alice", "bob"],
      duration: "0.5",
    };
    expect(checkCim(event)).toEqual([]);
  });
});

describe("cimDatasetsOf", () => {
  it("names the datasets an event falls into", () => {
    expect(cimDatasetsOf(goodEvent())).toEqual(["Authentication", "Failed_Authentication"]);
    expect(cimDatasetsOf({ tag: ["authentication", "privileged", "cleartext"], action: "success" })).toEqual([
      "Authentication",
      "Successful_Authentication",
      "Insecure_Authentication",
      "Privileged_Authentication",
    ]);
    expect(cimDatasetsOf({ tag: "network", action: "success" })).toEqual([]);
  });
});
