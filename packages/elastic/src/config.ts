import { readFileSync } from "node:fs";
import { z } from "zod";
import { Secret } from "./secret.js";

/**
 * CONTRACT: ship, install, uninstall and package all read this configuration.
 *
 * The Elastic target's configuration, validated once at the edge: unknown keys are errors, every field says what
 * it is for (docs are generated from the descriptions). Secrets never come from the command line: they are read
 * from the environment or a file, and wrapped in `Secret` so they cannot be printed.
 */

export const ElasticConfigSchema = z
  .strictObject({
    url: z.url().describe("Elasticsearch URL, e.g. https://es.example.com:9200 (env ELASTIC_URL)"),
    kibanaUrl: z.url().optional().describe("Kibana URL for detection rules and dashboards (env KIBANA_URL)"),
    kibanaSpace: z.string().min(1).optional().describe("Kibana space id; the default space when absent"),
    namespace: z
      .string()
      .regex(/^[a-z0-9_]+$/, "lower-case letters, digits and _ only (Elastic data stream naming)")
      .max(100)
      .default("default")
      .describe("Data stream namespace: logs-<dataset>-<namespace>"),
    dataset: z
      .string()
      .regex(/^[a-z0-9_.]+$/)
      .default("windows.ntlm_operational")
      .describe("Data stream dataset (matches event.dataset)"),
    auth: z
      .discriminatedUnion("kind", [
        z.strictObject({
          kind: z.literal("api-key"),
          apiKey: z.instanceof(Secret).describe("Elasticsearch API key (encoded form)"),
        }),
        z.strictObject({
          kind: z.literal("basic"),
          username: z.string().min(1),
          password: z.instanceof(Secret),
        }),
        z.strictObject({ kind: z.literal("none") }),
      ])
      .describe("How to authenticate: API key, basic, or none (local test clusters)"),
    caFile: z.string().optional().describe("PEM file of the CA that signed the cluster's certificate"),
    tlsVerify: z
      .boolean()
      .default(true)
      .describe("Verify the cluster's TLS certificate; turn off only explicitly (--insecure)"),
    serverMajor: z
      .union([z.literal(8), z.literal(9)])
      .optional()
      .describe(
        "Elasticsearch major version; detected from GET / when absent (the 9.x client's compatible-with=9 headers are refused by 8.x)",
      ),
    batch: z
      .strictObject({
        maxDocuments: z.number().int().min(1).max(100_000).default(1000),
        maxBytes: z
          .number()
          .int()
          .min(1024)
          .max(100 * 1024 * 1024)
          .default(5 * 1024 * 1024),
        concurrency: z.number().int().min(1).max(16).default(2),
      })
      .default({ maxDocuments: 1000, maxBytes: 5 * 1024 * 1024, concurrency: 2 })
      .describe("Bulk request sizing"),
    retry: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(100).default(10),
        initialDelayMs: z.number().int().min(1).default(500),
        maxDelayMs: z.number().int().min(1).default(30_000),
      })
      .default({ maxAttempts: 10, initialDelayMs: 500, maxDelayMs: 30_000 })
      .describe("Backoff for 429 / 5xx / connection errors (Retry-After honoured)"),
    requestTimeoutMs: z.number().int().min(1000).default(60_000),
    retentionDays: z
      .number()
      .int()
      .min(1)
      .max(36_500)
      .optional()
      .describe("install: days to keep documents (ILM delete phase or DSL data_retention); 180 when absent"),
    lifecycle: z
      .enum(["ilm", "dsl"])
      .optional()
      .describe("install: ILM policy (default) or data stream lifecycle (DSL, Elasticsearch 8.14+/9.x)"),
  })
  .describe("Elastic target");

export type ElasticConfig = z.infer<typeof ElasticConfigSchema>;

/** The data stream a configuration writes to: logs-<dataset>-<namespace> (Elastic's naming convention). */
export function dataStreamName(config: Pick<ElasticConfig, "dataset" | "namespace">): string {
  return `logs-${config.dataset}-${config.namespace}`;
}

/**
 * Reads a secret from the environment variable `name`, or from the file named by `${name}_FILE` (Docker/Kubernetes
 * secret convention). Never from the command line.
 */
export function secretFromEnv(env: NodeJS.ProcessEnv, name: string): Secret | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== "") return new Secret(direct);
  const file = env[`${name}_FILE`];
  if (file !== undefined && file !== "") return new Secret(readFileSync(file, "utf8").trim());
  return undefined;
}

/**
 * The configuration from the environment (ELASTIC_URL, ELASTIC_API_KEY[_FILE] or ELASTIC_USERNAME +
 * ELASTIC_PASSWORD[_FILE], ELASTIC_CA_FILE, KIBANA_URL, KIBANA_SPACE, ELASTIC_NAMESPACE) merged with explicit
 * overrides (command-line options that are not secrets). Throws a ZodError naming the key on bad input.
 */
export function loadElasticConfig(
  env: NodeJS.ProcessEnv,
  overrides: Partial<Record<string, unknown>> = {},
): ElasticConfig {
  const apiKey = secretFromEnv(env, "ELASTIC_API_KEY");
  const password = secretFromEnv(env, "ELASTIC_PASSWORD");
  const auth =
    apiKey !== undefined
      ? { kind: "api-key", apiKey }
      : password !== undefined && env.ELASTIC_USERNAME
        ? { kind: "basic", username: env.ELASTIC_USERNAME, password }
        : { kind: "none" };
  const fromEnv: Record<string, unknown> = {
    url: env.ELASTIC_URL,
    kibanaUrl: env.KIBANA_URL || undefined,
    kibanaSpace: env.KIBANA_SPACE || undefined,
    namespace: env.ELASTIC_NAMESPACE || undefined,
    caFile: env.ELASTIC_CA_FILE || undefined,
    auth,
  };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) fromEnv[key] = value;
  for (const key of Object.keys(fromEnv)) if (fromEnv[key] === undefined) delete fromEnv[key];
  return ElasticConfigSchema.parse(fromEnv);
}
