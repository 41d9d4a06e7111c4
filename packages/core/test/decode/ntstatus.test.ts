import { describe, expect, it } from "vitest";
import {
  ASIM_RESULT_DETAILS,
  decodeNtStatus,
  NTSTATUS_BY_NAME,
  NTSTATUS_CODES,
} from "../../src/decode/index.js";
import { failed, ok } from "./helpers.js";

describe("decodeNtStatus", () => {
  it("every table entry round-trips in hex (both cases) and decimal", () => {
    for (const e of NTSTATUS_CODES) {
      for (const raw of [e.code, `0x${e.value.toString(16)}`, String(e.value)]) {
        const d = ok(decodeNtStatus(raw));
        expect(d.code).toBe(e.code);
        expect(d.name).toBe(e.name);
        expect(d.message).toBe(e.message);
        expect(d.asimResultDetails).toBe(e.asimResultDetails);
      }
    }
  });

  it("spellings of STATUS_LOGON_FAILURE", () => {
    for (const raw of [
      "0xC000006D",
      "0xc000006d",
      "0XC000006D",
      "3221225581",
      "-1073741715",
      "0x00000000C000006D",
      " 0xc000006d ",
    ]) {
      expect(ok(decodeNtStatus(raw))).toMatchObject({
        code: "0xC000006D",
        value: 0xc000006d,
        name: "STATUS_LOGON_FAILURE",
        isSuccess: false,
        severity: "error",
        asimResultDetails: "Other",
      });
    }
  });

  it("ASIM mapping follows Microsoft's Windows authentication parser", () => {
    const asim = (code: string) => ok(decodeNtStatus(code)).asimResultDetails;
    expect(asim("0xc0000064")).toBe("No such user or password");
    expect(asim("0xc000006a")).toBe("Incorrect password");
    expect(asim("0xc000006e")).toBe("Logon violates policy");
    expect(asim("0xc000006f")).toBe("Logon violates policy");
    expect(asim("0xc0000070")).toBe("Logon violates policy");
    expect(asim("0xc0000071")).toBe("Password expired");
    expect(asim("0xc0000072")).toBe("User disabled");
    expect(asim("0xc0000193")).toBe("Account expired");
    expect(asim("0xc0000234")).toBe("User locked");
    expect(asim("0xc000015b")).toBe("Logon violates policy");
    expect(asim("0xc000018b")).toBe("Logon violates policy");
    expect(asim("0xc0000224")).toBe("Other");
    expect(asim("0xc0000133")).toBe("Other");
    expect(asim("0xc0000388")).toBe("Other");
    for (const e of NTSTATUS_CODES) {
      if (e.asimResultDetails !== undefined) expect(ASIM_RESULT_DETAILS).toContain(e.asimResultDetails);
    }
  });

  it("NTLM-blocking and firewall codes", () => {
    expect(ok(decodeNtStatus("0xC0000418"))).toMatchObject({
      name: "STATUS_NTLM_BLOCKED",
      asimResultDetails: "Logon violates policy",
    });
    expect(ok(decodeNtStatus("-1073740776")).name).toBe("STATUS_NTLM_BLOCKED");
    expect(ok(decodeNtStatus("0xC0000413")).name).toBe("STATUS_AUTHENTICATION_FIREWALL_FAILED");
    expect(ok(decodeNtStatus("-1073740781")).name).toBe("STATUS_AUTHENTICATION_FIREWALL_FAILED");
    expect(NTSTATUS_BY_NAME.get("STATUS_DOWNGRADE_DETECTED")?.code).toBe("0xC0000388");
  });

  it("success and unknown codes", () => {
    expect(ok(decodeNtStatus("0x0"))).toEqual({
      value: 0,
      code: "0x00000000",
      name: "STATUS_SUCCESS",
      message: "The operation completed successfully.",
      isSuccess: true,
      severity: "success",
    });
    expect(ok(decodeNtStatus("0"))).toMatchObject({ name: "STATUS_SUCCESS", isSuccess: true });
    expect(ok(decodeNtStatus("-0")).isSuccess).toBe(true);
    expect(ok(decodeNtStatus("0xC0001234"))).toEqual({
      value: 0xc0001234,
      code: "0xC0001234",
      isSuccess: false,
      severity: "error",
      asimResultDetails: "Other",
    });
    expect(ok(decodeNtStatus("0x40000000"))).toEqual({
      value: 0x40000000,
      code: "0x40000000",
      isSuccess: true,
      severity: "informational",
    });
    expect(ok(decodeNtStatus("0x80000005"))).toMatchObject({ isSuccess: false, severity: "warning" });
  });

  it("boundaries and malformed input", () => {
    expect(ok(decodeNtStatus("-2147483648")).code).toBe("0x80000000");
    expect(ok(decodeNtStatus("4294967295")).code).toBe("0xFFFFFFFF");
    failed(decodeNtStatus("-2147483649"), "out-of-range");
    failed(decodeNtStatus("4294967296"), "out-of-range");
    failed(decodeNtStatus("0x1C000006D"), "not-a-code");
    failed(decodeNtStatus("STATUS_LOGON_FAILURE"), "not-a-code");
    failed(decodeNtStatus("0x"), "not-a-code");
    expect(decodeNtStatus("-")).toBeUndefined();
  });
});
