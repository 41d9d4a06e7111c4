/**
 * One error type for the whole project. `stage` says where it happened, `retryable` whether doing the same thing
 * again could succeed, and `code` is a stable machine-readable reason used in summaries ("rejected by reason").
 */
export type ErrorStage = "read" | "normalize" | "map" | "send" | "install" | "config";

export interface ErrorLocation {
  file?: string;
  record?: number;
  line?: number;
  offset?: number;
}

export class NtlmSiemError extends Error {
  override readonly name = "NtlmSiemError";
  readonly code: string;
  readonly stage: ErrorStage;
  readonly retryable: boolean;
  readonly location: ErrorLocation | undefined;

  constructor(
    code: string,
    stage: ErrorStage,
    message: string,
    options: { retryable?: boolean; location?: ErrorLocation; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.stage = stage;
    this.retryable = options.retryable ?? false;
    this.location = options.location;
  }

  /** "file:record 12 (line 345): message", the form every report uses. */
  describe(): string {
    return `${formatLocation(this.location)}${this.message}`;
  }
}

export function formatLocation(location: ErrorLocation | undefined): string {
  if (!location) return "";
  const parts: string[] = [];
  if (location.record !== undefined) parts.push(`record ${location.record}`);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.offset !== undefined) parts.push(`offset ${location.offset}`);
  const where = parts.length > 0 ? ` (${parts.join(", ")})` : "";
  return location.file !== undefined ? `${location.file}${where}: ` : where ? `${where.trim()}: ` : "";
}
