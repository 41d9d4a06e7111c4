import { describe, expect, it } from "vitest";
import { ECS_FIELDS, ECS_VERSION, checkEcs, type SchemaProblem } from "../../src/schema/index.js";

const options = { customNamespaces: ["ntlm", "winlog"] };

/** A 4776 credential validation failure as the ECS mapping is meant to produce it. */
function goodDoc(): Record<string, unknown> {
  return {
    "@timestamp": "2024-05-01T10:00:00.1234567Z",
    ecs: { version: ECS_VERSION },
    event: {
      kind: "event",
      category: ["authentication"],
      type: ["info"],
      outcome: "failure",
      code: "4776",
      action: "credential-validation",
      provider: "Microsoft-Windows-Security-Auditing",
      created: "2024-05-01T10:00:01Z",
      sequence: 1234,
    },
    host: { name: "DC01", ip: ["10.0.0.5", "::ffff:10.0.0.5"] },
    source: { ip: "10.1.2.3", domain: "WS01", geo: { location: { lat: 48.8, lon: 2.3 } } },
    "source.port": 49152,
    user: { name: "alice", domain: "CORP" },
    related: { user: ["alice"], ip: ["10.1.2.3"], hosts: ["WS01", "DC01"] },
    dns: { answers: [{ name: "dc01.corp.example", type: "A", ttl: 60 }] },
    labels: { pipeline: "test" },
    tags: ["ntlm"],
    winlog: { event_id: "4776", event_data: { Status: "0xc000006a" } },
    ntlm: { package: "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0", anything: [1, "two", { three: 3 }] },
  };
}

function codes(problems: SchemaProblem[]): string[] {
  return problems.map((p) => `${p.code}@${p.field}`).sort();
}

describe("ECS field table", () => {
  it("covers ECS 9.4.0 with types, array flags and categorization values", () => {
    expect(ECS_VERSION).toBe("9.4.0");
    expect(ECS_FIELDS.size).toBeGreaterThan(2500);
    expect(ECS_FIELDS.get("@timestamp")).toEqual({ type: "date", array: false });
    expect(ECS_FIELDS.get("host.ip")).toEqual({ type: "ip", array: true });
    expect(ECS_FIELDS.get("event.outcome")?.allowed).toEqual(["failure", "success", "unknown"]);
    expect(ECS_FIELDS.get("event.category")?.expectedTypes?.["authentication"]).toEqual([
      "start",
      "end",
      "info",
    ]);
  });
});

describe("checkEcs", () => {
  it("accepts a correct document, skipping the custom namespaces", () => {
    expect(checkEcs(goodDoc(), options)).toEqual([]);
  });

  it("reports unknown fields, wrong types, bad IPs and dates, and bad categorization", () => {
    const doc = goodDoc();
    Object.assign(doc, {
      "@timestamp": "2024-13-01T00:00:00Z",
      ecs: {},
      event: {
        kind: "events",
        category: "authentication",
        type: ["change", "info"],
        outcome: "failed",
        sequence: 1.5,
      },
      "source.port": "49152",
      source: { ip: "10.1.2.300", geo: { location: "48.8,2.3" } },
      user: { name: "alice", nickname: "al" },
      related: { ip: ["10.1.2.3", 5] },
      host: { name: ["DC01", "DC02"] },
      custom: { field: true },
    });
    const problems = checkEcs(doc, options);
    expect(codes(problems)).toEqual(
      [
        "array-not-normalized@event.category",
        "bad-date@@timestamp",
        "bad-enumeration@event.kind",
        "bad-enumeration@event.outcome",
        "bad-ip@source.ip",
        "missing-required@ecs.version",
        "unexpected-array@host.name",
        "unexpected-event-type@event.type",
        "unknown-field@custom.field",
        "unknown-field@user.nickname",
        "wrong-type@event.sequence",
        "wrong-type@related.ip",
        "wrong-type@source.geo.location",
        "wrong-type@source.port",
      ].sort(),
    );
    for (const p of problems) {
      expect(p.schema).toBe("ecs");
      expect(p.message).toContain(p.field);
    }
    const severity = new Map(problems.map((p) => [p.code, p.severity]));
    expect(severity.get("array-not-normalized")).toBe("warning");
    expect(severity.get("unexpected-array")).toBe("warning");
    expect(severity.get("wrong-type")).toBe("error");
    const byCode = (code: string) => problems.find((p) => p.code === code)?.message ?? "";
    expect(byCode("bad-ip")).toContain('"10.1.2.300"');
    expect(byCode("bad-date")).toContain('"2024-13-01T00:00:00Z"');
    expect(byCode("unexpected-event-type")).toContain('"change"');
    expect(byCode("unexpected-event-type")).toContain("authentication");
    expect(problems.find((p) => p.field === "related.ip")?.message).toContain("related.ip[1]");
  });

  it("treats dotted keys and nested objects alike and reports a field given both ways", () => {
    const doc = { ...goodDoc(), "event.kind": "alert" };
    expect(codes(checkEcs(doc, options))).toEqual(["duplicate-field@event.kind"]);
  });

  it("requires an event.type expected by at least one of several categories", () => {
    const doc = goodDoc();
    doc["event"] = { kind: "event", category: ["authentication", "iam"], type: ["start", "user"] };
    expect(checkEcs(doc, options)).toEqual([]);
  });

  it("walks arrays of objects into ECS sub-fields", () => {
    const doc = goodDoc();
    doc["dns"] = { answers: [{ name: "a", ttl: "sixty" }, { bogus: 1 }] };
    expect(codes(checkEcs(doc, options))).toEqual([
      "unknown-field@dns.answers.bogus",
      "wrong-type@dns.answers.ttl",
    ]);
  });

  it("lets the elements of an array of objects repeat the same sub-fields", () => {
    const doc = goodDoc();
    doc["dns"] = {
      answers: [
        { name: "a", ttl: 60 },
        { name: "b", ttl: 61 },
      ],
    };
    expect(checkEcs(doc, options)).toEqual([]);
  });

  it("warns when ecs.version is not the version the tables describe", () => {
    const doc = { ...goodDoc(), ecs: { version: "8.11.0" } };
    expect(checkEcs(doc, options)).toMatchObject([{ code: "ecs-version-mismatch", severity: "warning" }]);
  });

  it("reports a non-object document instead of throwing", () => {
    expect(checkEcs([], options)).toMatchObject([{ code: "not-an-object", severity: "error" }]);
  });
});
