/**
 * A secret (API key, password): its value is reachable only through `reveal()`, and every way a value usually
 * escapes into logs, errors or files (toString, JSON, util.inspect, template strings) prints "[redacted]".
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return "[redacted]";
  }

  toJSON(): string {
    return "[redacted]";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "Secret([redacted])";
  }
}
