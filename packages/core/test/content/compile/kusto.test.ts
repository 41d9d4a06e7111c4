import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ASIM_AUTHENTICATION_FIELDS,
  ASIM_AUTHENTICATION_TABLE,
  ASIM_AUTHENTICATION_TABLE_COLUMNS,
} from "../../../src/schema/asim-authentication.generated.js";
import { compiledRuleSet } from "./helpers.js";

/**
 * Every Sentinel query through Microsoft's Kusto language service (@kusto/language-service-next, the engine of
 * the Sentinel/ADX editors): parsed and analyzed against the ASimAuthenticationEventLogs table and an
 * `_Im_Authentication` function with the ASIM Authentication schema and the view's parameters. Any diagnostic of
 * severity Error fails: unknown columns or functions, type errors, syntax.
 */
interface Diagnostic {
  Severity: string;
  Message: string;
  Start: number;
}
interface KustoLanguage {
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: null) => unknown };
    FunctionSymbol: {
      $ctor16: new (name: string, params: string, body: string, description: null) => unknown;
    };
    DatabaseSymbol: { $ctor2: new (name: string, alternate: null, members: unknown[]) => unknown };
  };
  GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
  KustoCode: {
    ParseAndAnalyze(
      text: string,
      globals: unknown,
    ): {
      GetDiagnostics(): { Count: number; getItem(i: number): Diagnostic };
    };
  };
}

const KUSTO_TYPES: Readonly<Record<string, string>> = {
  Bool: "bool",
  DateTime: "datetime",
  Dynamic: "dynamic",
  Int: "int",
  Real: "real",
  String: "string",
  datetime: "datetime",
  int: "int",
  real: "real",
  string: "string",
};

let K: KustoLanguage;
let globals: unknown;

beforeAll(() => {
  const require = createRequire(import.meta.url);
  require("@kusto/language-service-next/bridge.min.js");
  require("@kusto/language-service-next/Kusto.Language.Bridge.min.js");
  K = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  const S = K.Symbols;
  const tableSchema = ASIM_AUTHENTICATION_TABLE_COLUMNS.map(([n, t]) => `${n}:${KUSTO_TYPES[t] ?? "string"}`);
  const table = new S.TableSymbol.$ctor7(ASIM_AUTHENTICATION_TABLE, `(${tableSchema.join(", ")})`, null);
  // The view: every ASIM schema column (aliases such as Dvc and LogonTarget included) plus the table's.
  const viewColumns = new Map<string, string>();
  for (const [n, t] of ASIM_AUTHENTICATION_TABLE_COLUMNS) viewColumns.set(n, KUSTO_TYPES[t] ?? "string");
  for (const f of ASIM_AUTHENTICATION_FIELDS)
    if (!viewColumns.has(f.name)) viewColumns.set(f.name, KUSTO_TYPES[f.type] ?? "string");
  const viewSchema = [...viewColumns].map(([n, t]) => `${n}:${t}`).join(", ");
  const viewTable = new S.TableSymbol.$ctor7("AsimAuthenticationViewRows", `(${viewSchema})`, null);
  const params = [
    "starttime:datetime=datetime(null)",
    "endtime:datetime=datetime(null)",
    "username_has_any:dynamic=dynamic([])",
    "targetappname_has_any:dynamic=dynamic([])",
    "srcipaddr_has_any_prefix:dynamic=dynamic([])",
    "srchostname_has_any:dynamic=dynamic([])",
    "eventtype_in:dynamic=dynamic([])",
    "eventresultdetails_in:dynamic=dynamic([])",
    "eventresult:string='*'",
    "pack:bool=false",
  ];
  const view = new S.FunctionSymbol.$ctor16(
    "_Im_Authentication",
    `(${params.join(", ")})`,
    "{ AsimAuthenticationViewRows }",
    null,
  );
  globals = K.GlobalState.Default.WithDatabase(
    new S.DatabaseSymbol.$ctor2("la", null, [table, viewTable, view]),
  );
});

function errors(query: string): string[] {
  const diagnostics = K.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const out: string[] = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    if (d.Severity === "Error")
      out.push(`${d.Message} at ${d.Start}: …${query.slice(Math.max(0, d.Start - 30), d.Start + 30)}…`);
  }
  return out;
}

describe("Kusto language service", () => {
  it("reports errors (the harness works)", () => {
    expect(errors("_Im_Authentication | where NoSuchColumn == 1")).not.toEqual([]);
    expect(errors(`${ASIM_AUTHENTICATION_TABLE} | where LogonTarget == "x"`)).not.toEqual([]);
    expect(errors(`_Im_Authentication(starttime=ago(1h), endtime=now()) | where LogonTarget == "x"`)).toEqual(
      [],
    );
  });

  for (const c of compiledRuleSet()) {
    it(`${c.slug}: view query has no error`, () => {
      expect(errors(c.sentinel.queries.view)).toEqual([]);
    });
    it(`${c.slug}: table query has no error (or says why there is none)`, () => {
      const { table, tableUnavailable } = c.sentinel.queries;
      if (table === undefined) expect(tableUnavailable).toMatch(/not a column/);
      else expect(errors(table)).toEqual([]);
    });
    it(`${c.slug}: entity mappings name result columns`, () => {
      const query = c.sentinel.alertRule.properties.query;
      for (const e of c.sentinel.alertRule.properties.entityMappings)
        for (const m of e.fieldMappings) expect(errors(`${query}\n| project ${m.columnName}`)).toEqual([]);
      for (const col of Object.values(c.sentinel.alertRule.properties.customDetails ?? {}))
        expect(errors(`${query}\n| project ${col}`)).toEqual([]);
    });
  }
});
