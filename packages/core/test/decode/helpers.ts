import { expect } from "vitest";
import {
  isDecodeFailure,
  type DecodeFailure,
  type DecodeFailureCode,
  type Decoded,
} from "../../src/decode/index.js";

/** Assert a decoder returned a value (not absent, not a failure) and hand it back typed. */
export function ok<T>(result: Decoded<T>): T {
  if (isDecodeFailure(result))
    throw new Error(`expected a value, got failure: ${result.raw} ${result.reason}`);
  expect(result).not.toBeUndefined();
  return result as T;
}

/** Assert a decoder returned a failure (optionally with a given code). */
export function failed<T>(result: Decoded<T>, code?: DecodeFailureCode): DecodeFailure {
  if (!isDecodeFailure(result))
    throw new Error(`expected a failure, got ${JSON.stringify(result, bigintJson)}`);
  if (code !== undefined) expect(result.code).toBe(code);
  return result;
}

function bigintJson(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}
