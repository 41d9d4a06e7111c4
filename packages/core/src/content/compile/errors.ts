import { NtlmSiemError } from "../../errors.js";

/** The three SIEMs the compilers target. */
export type Platform = "elastic" | "splunk" | "sentinel";

/**
 * A rule that cannot be compiled for a platform without changing its meaning. The message always names the rule,
 * the platform and (when one is to blame) the Sigma field, so a failing build says what to fix.
 */
export class CompileError extends NtlmSiemError {
  readonly ruleId: string;
  readonly platform: Platform;
  readonly field: string | undefined;

  constructor(rule: { id: string; title: string }, platform: Platform, message: string, field?: string) {
    super(
      "content.compile",
      "config",
      `rule ${rule.id} (${rule.title}), platform ${platform}${field === undefined ? "" : `, field ${field}`}: ${message}`,
    );
    this.ruleId = rule.id;
    this.platform = platform;
    this.field = field;
  }
}

/** A fact about a compiled artifact that an analyst should know: where it is looser than the local engine. */
export interface CompileWarning {
  field?: string;
  message: string;
}

/**
 * Thrown by a query printer for a test its language cannot express with the engine's meaning. The Elastic backend
 * catches it to fall back to the next language (KQL, then EQL, then ES|QL); elsewhere it becomes a CompileError.
 */
export class Unexpressible extends Error {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}
