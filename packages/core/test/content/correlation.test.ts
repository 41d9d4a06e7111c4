import { describe, expect, it } from "vitest";
import { DetectionEngine, UnorderedDetector, detectAll } from "../../src/content/engine/engine.js";
import { compileRuleSet, type RuleDocument } from "../../src/content/sigma/compile.js";
import type { SigmaRule } from "../../src/content/sigma/types.js";
import type { NtlmEvent } from "../../src/model/ntlm-event.js";
import { at, dcAudit } from "./helpers.js";

/** Correlation windows, ordering and memory, on small inline rule sets. */
const BASE = {
  description: "d",
  level: "low",
  tags: ["attack.t1110"],
  falsepositives: ["none"],
  references: ["none"],
};

function ruleSet(
  correlation: Record<string, unknown>,
  extraRules: Record<string, unknown>[] = [],
): SigmaRule[] {
  const docs: RuleDocument[] = [
    {
      file: "a.yml",
      document: 0,
      data: {
        ...BASE,
        title: "any 8004",
        id: "00000000-0000-4000-8000-00000000000a",
        name: "dc_auth",
        logsource: { product: "windows", service: "ntlm" },
        detection: { selection: { EventID: 8004 }, condition: "selection" },
      },
    },
    ...extraRules.map((data, i) => ({ file: `x${i}.yml`, document: 0, data: { ...BASE, ...data } })),
    {
      file: "c.yml",
      document: 0,
      data: { ...BASE, title: "corr", id: "00000000-0000-4000-8000-0000000000cc", correlation },
    },
  ];
  return [...compileRuleSet(docs).rules];
}

const user = (name: string, seconds: number, workstation = "WS07"): NtlmEvent =>
  dcAudit({ UserName: name, WorkstationName: workstation }, { time: at(seconds) });

function run(rules: SigmaRule[], events: readonly NtlmEvent[]) {
  const engine = new DetectionEngine(rules);
  return { engine, alerts: events.flatMap((e) => engine.push(e)).filter((a) => a.kind === "correlation") };
}

describe("event_count", () => {
  const rules = ruleSet({
    type: "event_count",
    rules: ["dc_auth"],
    "group-by": ["WorkstationName"],
    timespan: "1m",
    condition: { gte: 3 },
  });

  it("alerts when the count is reached inside the window, once, then starts over", () => {
    const { alerts } = run(rules, [
      user("a", 0),
      user("b", 10),
      user("c", 20),
      user("d", 30),
      user("e", 40),
      user("f", 50),
    ]);
    expect(alerts.map((a) => a.value)).toEqual([3, 3]);
    expect(alerts[0]?.events.map((e) => e.time)).toEqual([at(0), at(10), at(20)].map((t) => t));
  });
  it("does not count events that fell out of the window", () => {
    expect(run(rules, [user("a", 0), user("b", 40), user("c", 61)]).alerts).toHaveLength(0);
    expect(run(rules, [user("a", 0), user("b", 40), user("c", 60)]).alerts).toHaveLength(1);
  });
  it("keeps groups apart and compares group values case-insensitively", () => {
    expect(run(rules, [user("a", 0, "WS1"), user("b", 1, "WS2"), user("c", 2, "WS1")]).alerts).toHaveLength(
      0,
    );
    expect(
      run(rules, [user("a", 0, "WS1"), user("b", 1, "ws1"), user("c", 2, "\\\\Ws1")]).alerts,
    ).toHaveLength(1);
  });
  it("never correlates events without a group-by value", () => {
    const noWs = (s: number) => dcAudit({ WorkstationName: "(NULL)" }, { time: at(s) });
    expect(run(rules, [noWs(0), noWs(1), noWs(2)]).alerts).toHaveLength(0);
  });
  it("expires idle state: memory is bounded by one window", () => {
    const engine = new DetectionEngine(rules);
    for (let i = 0; i < 200; i++) engine.push(user("u", i * 30, `WS${i}`));
    // One new group every 30 s with a 1 min window: only the last few can still hold state.
    expect(engine.correlationState).toBeLessThanOrEqual(4);
  });
  it("counts signals too late for their window in ordered mode, and places them in unordered mode", () => {
    const events = [user("a", 100), user("b", 101), user("c", 0)];
    const { engine, alerts } = run(rules, events);
    expect(alerts).toHaveLength(0);
    expect(engine.stats.late).toBe(1);
    const shuffled = [user("c", 50), user("a", 0), user("b", 20)];
    expect(detectAll(shuffled, rules).filter((a) => a.kind === "correlation")).toHaveLength(1);
  });
});

describe("value_count", () => {
  const rules = ruleSet({
    type: "value_count",
    rules: ["dc_auth"],
    "group-by": ["WorkstationName"],
    timespan: "10m",
    condition: { gte: 3, field: "UserName" },
  });
  it("counts distinct values (case-insensitively) inside the window", () => {
    expect(run(rules, [user("a", 0), user("A", 10), user("b", 20)]).alerts).toHaveLength(0);
    const { alerts } = run(rules, [user("a", 0), user("A", 10), user("b", 20), user("c", 30)]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.value).toBe(3);
    expect(alerts[0]?.events).toHaveLength(4);
  });
  it("forgets values older than the timespan", () => {
    expect(run(rules, [user("a", 0), user("b", 300), user("c", 601)]).alerts).toHaveLength(0);
  });
});

describe("temporal and temporal_ordered", () => {
  const second = {
    title: "blocked",
    id: "00000000-0000-4000-8000-00000000000b",
    name: "dc_block",
    logsource: { product: "windows", service: "ntlm" },
    detection: { selection: { EventID: 4004 }, condition: "selection" },
  };
  const blocked = (seconds: number, ws = "WS07") =>
    dcAudit({ WorkstationName: ws }, { eventId: 4004, time: at(seconds) });
  const temporal = (type: string) =>
    ruleSet({ type, rules: ["dc_auth", "dc_block"], "group-by": ["WorkstationName"], timespan: "30s" }, [
      second,
    ]);

  it("temporal: every rule inside the window, in any order", () => {
    expect(run(temporal("temporal"), [blocked(0), user("a", 10)]).alerts).toHaveLength(1);
    expect(run(temporal("temporal"), [user("a", 0), blocked(10)]).alerts).toHaveLength(1);
    expect(run(temporal("temporal"), [user("a", 0), blocked(31)]).alerts).toHaveLength(0);
    expect(run(temporal("temporal"), [user("a", 0), blocked(10, "WS99")]).alerts).toHaveLength(0);
  });
  it("temporal_ordered: the rules' order matters", () => {
    expect(run(temporal("temporal_ordered"), [user("a", 0), blocked(10)]).alerts).toHaveLength(1);
    expect(run(temporal("temporal_ordered"), [blocked(0), user("a", 10)]).alerts).toHaveLength(0);
    expect(run(temporal("temporal_ordered"), [blocked(0), user("a", 10), blocked(20)]).alerts).toHaveLength(
      1,
    );
  });
  it("the unordered detector replays signals in time order", () => {
    const detector = new UnorderedDetector(temporal("temporal_ordered"));
    expect(
      [...detector.push(blocked(10)), ...detector.push(user("a", 0))].filter((a) => a.kind === "correlation"),
    ).toHaveLength(0);
    expect(detector.finish()).toHaveLength(1);
  });
});

describe("correlation rules that cannot be evaluated", () => {
  it("refuses unknown rule references and conditions without a lower bound", () => {
    expect(() =>
      ruleSet({
        type: "event_count",
        rules: ["nope"],
        "group-by": ["Computer"],
        timespan: "1m",
        condition: { gte: 1 },
      }),
    ).toThrow(/unknown rule "nope"/);
    expect(() =>
      ruleSet({
        type: "event_count",
        rules: ["dc_auth"],
        "group-by": ["Computer"],
        timespan: "1m",
        condition: { lt: 3 },
      }),
    ).toThrow(/lower bound/);
    expect(() =>
      ruleSet({
        type: "event_count",
        rules: ["dc_auth"],
        "group-by": ["Computer"],
        timespan: "1 minute",
        condition: { gte: 3 },
      }),
    ).toThrow(/timespan/);
    expect(() =>
      ruleSet({
        type: "event_count",
        rules: ["dc_auth"],
        "group-by": ["Nope"],
        timespan: "1m",
        condition: { gte: 3 },
      }),
    ).toThrow(/not in the field map/);
  });
});
