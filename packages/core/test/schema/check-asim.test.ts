import { describe, expect, it } from "vitest";
import {
  ASIM_AUTHENTICATION,
  ASIM_AUTHENTICATION_SCHEMA_VERSION,
  ASIM_CONDITIONAL_PAIRS,
  ASIM_MANDATORY_FIELDS,
  checkAsim,
  type SchemaProblem,
} from "../../src/schema/index.js";

/** A 4776 failure as a normalized ASIM Authentication row (parser view: with Dvc, Dst and EventSchema). */
function goodRow(): Record<string, unknown> {
  return {
    TimeGenerated: "2024-05-01T10:00:01.0000000Z",
    EventCount: 1,
    EventStartTime: "2024-05-01T10:00:00.1234567Z",
    EventEndTime: "2024-05-01T10:00:00.1234567Z",
    EventType: "Logon",
    EventResult: "Failure",
    EventResultDetails: "Incorrect password",
    EventOriginalResultDetails: "0xc000006a",
    EventOriginalType: "4776",
    EventSeverity: "Low",
    EventProduct: "Security Events",
    EventVendor: "Microsoft",
    EventSchema: "Authentication",
    EventSchemaVersion: ASIM_AUTHENTICATION_SCHEMA_VERSION,
    Dvc: "DC01.corp.example",
    DvcHostname: "DC01",
    DvcDomain: "CORP",
    DvcDomainType: "Windows",
    DvcIpAddr: "10.0.0.5",
    DvcMacAddr: "06:10:9f:eb:8f:14",
    TargetUsername: "CORP\\alice",
    TargetUsernameType: "Windows",
    TargetUserType: "Regular",
    TargetDomain: "CORP",
    TargetDomainType: "Windows",
    TargetHostname: "DC01",
    Dst: "DC01",
    SrcHostname: "WS01",
    SrcIpAddr: "::ffff:10.1.2.3",
    SrcPortNumber: 49152,
    LogonProtocol: "NTLM",
    AdditionalFields: { PackageName: "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0" },
  };
}

/** The same row as it would be ingested into ASimAuthenticationEventLogs: the parser adds the rest. */
function goodTableRow(): Record<string, unknown> {
  const { Dvc: _dvc, Dst: _dst, EventSchema: _schema, ...row } = goodRow();
  return row;
}

function codes(problems: SchemaProblem[]): string[] {
  return problems.map((p) => `${p.code}@${p.field}`).sort();
}

describe("ASIM Authentication facts", () => {
  it("has the mandatory fields of the schema", () => {
    expect([...ASIM_MANDATORY_FIELDS].sort()).toEqual(
      [
        "Dvc",
        "EventCount",
        "EventEndTime",
        "EventProduct",
        "EventResult",
        "EventSchema",
        "EventSchemaVersion",
        "EventStartTime",
        "EventType",
        "EventVendor",
        "TimeGenerated",
      ].sort(),
    );
    expect(ASIM_AUTHENTICATION_SCHEMA_VERSION).toBe("0.1.4");
  });

  it("trims list values and knows table-only columns", () => {
    expect(ASIM_AUTHENTICATION.get("TargetUserType")?.values).toContain("Service Principal");
    expect(ASIM_AUTHENTICATION.get("AdditionalFields")).toMatchObject({ type: "dynamic", column: "Dynamic" });
    expect(ASIM_AUTHENTICATION.get("Dvc")?.column).toBeUndefined();
  });

  it("pairs each value field with its type field", () => {
    const pairs = new Map(ASIM_CONDITIONAL_PAIRS.map((p) => [p.typeField, p]));
    expect(pairs.get("TargetUsernameType")).toEqual({
      typeField: "TargetUsernameType",
      valueField: "TargetUsername",
      typeRequired: true,
    });
    expect(pairs.get("DvcDomainType")).toMatchObject({ valueField: "DvcDomain", typeRequired: true });
    expect(pairs.get("TargetDvcIdType")).toMatchObject({ valueField: "TargetDvcId", typeRequired: false });
  });
});

describe("checkAsim", () => {
  it("accepts a correct row without errors or warnings", () => {
    expect(checkAsim(goodRow())).toEqual([]);
  });

  it("accepts a correct table row with tableOnly, and names the parser-only fields of a parser row", () => {
    expect(checkAsim(goodTableRow(), { tableOnly: true })).toEqual([]);
    expect(codes(checkAsim(goodRow(), { tableOnly: true }))).toEqual([
      "not-a-table-column@Dst",
      "not-a-table-column@Dvc",
      "not-a-table-column@EventSchema",
    ]);
  });

  it("still asks for the parser's mandatory fields without tableOnly", () => {
    expect(codes(checkAsim(goodTableRow()))).toEqual([
      "missing-mandatory@Dvc",
      "missing-mandatory@EventSchema",
      "missing-recommended@Dst",
    ]);
  });

  it("reports each kind of problem", () => {
    const row = goodRow();
    delete row["EventProduct"];
    Object.assign(row, {
      EventVendor: "",
      Foo: "bar",
      EventCount: "1",
      EventResult: "failure",
      EventType: "Login",
      EventSchema: "NetworkSession",
      EventSchemaVersion: "0.1.3",
      EventStartTime: "2024-05-01 10:00:00",
      SrcIpAddr: "10.1.2",
      DvcMacAddr: "0610.9feb.8f14",
      TargetUsernameType: undefined,
      ActorUsernameType: "Windows",
      AdditionalFields: "PackageName=NTLM",
    });
    const problems = checkAsim(row);
    expect(codes(problems)).toEqual(
      [
        "bad-date@EventStartTime",
        "bad-enumeration@EventResult",
        "bad-enumeration@EventType",
        "bad-ip@SrcIpAddr",
        "bad-mac@DvcMacAddr",
        "conditional-without-base@ActorUsernameType",
        "missing-conditional@TargetUsernameType",
        "missing-mandatory@EventProduct",
        "missing-mandatory@EventVendor",
        "unknown-field@Foo",
        "wrong-schema-version@EventSchemaVersion",
        "wrong-schema@EventSchema",
        "wrong-type@AdditionalFields",
        "wrong-type@EventCount",
      ].sort(),
    );
    expect(problems.every((p) => p.schema === "asim" && p.severity === "error")).toBe(true);
    for (const p of problems) expect(p.message).toContain(p.field);
    const message = (field: string) => problems.find((p) => p.field === field)?.message ?? "";
    expect(message("EventResult")).toContain('"failure"');
    expect(message("EventResult")).toContain('did you mean "Failure"');
    expect(message("SrcIpAddr")).toContain('"10.1.2"');
    expect(message("EventStartTime")).toContain('"2024-05-01 10:00:00"');
    expect(message("EventCount")).toContain('string "1"');
    expect(message("EventSchemaVersion")).toContain('"0.1.3"');
  });

  it("rejects table-only columns of the wrong Kusto type and an EventCount below one", () => {
    const row = { ...goodRow(), ThreatIsActive: "yes", SrcGeoLatitude: "48.8", EventCount: 0 };
    expect(codes(checkAsim(row))).toEqual([
      "bad-value@EventCount",
      "wrong-type@SrcGeoLatitude",
      "wrong-type@ThreatIsActive",
    ]);
  });

  it("warns when the start time is after the end time", () => {
    const row = {
      ...goodRow(),
      EventStartTime: "2024-05-01T10:00:01Z",
      EventEndTime: "2024-05-01T10:00:00.9999999Z",
    };
    expect(checkAsim(row)).toMatchObject([
      { code: "time-order", severity: "warning", field: "EventStartTime" },
    ]);
  });

  it("warns about missing recommended fields but not about system columns", () => {
    const { SrcIpAddr: _ip, ...row } = goodRow();
    const problems = checkAsim(row);
    expect(problems).toMatchObject([
      { code: "missing-recommended", field: "SrcIpAddr", severity: "warning" },
    ]);
  });
});
