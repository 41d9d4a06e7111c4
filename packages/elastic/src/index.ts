// @ntlm-siem/elastic: the Elastic target.
export {
  ElasticConfigSchema,
  dataStreamName,
  loadElasticConfig,
  secretFromEnv,
  type ElasticConfig,
} from "./config.js";
export { Secret } from "./secret.js";
