// @ntlm-siem/elastic: the Elastic target.
export {
  ElasticConfigSchema,
  dataStreamName,
  loadElasticConfig,
  secretFromEnv,
  type ElasticConfig,
} from "./config.js";
export { Secret } from "./secret.js";
// Shipping: ECS documents to logs-<dataset>-<namespace> (see README "Ship").
export {
  shipToElastic,
  type ShipOptions,
  type ShipResult,
  type ShipStats,
  type ShipOutcome,
  type ShipRecord,
} from "./ship/ship.js";
export type { ShipLogger } from "./ship/logger.js";
export { documentId } from "./ship/document-id.js";
export { redactUrl } from "./transport/redact-url.js";
// The loopback test double (tests, the live-suite harness and the bench share it; it is not Elasticsearch).
export {
  ElasticDouble,
  startElasticDouble,
  type ElasticDoubleOptions,
  type RequestFault,
  type ItemFault,
  type ItemContext,
  type RecordedRequest,
} from "./double/elastic-double.js";
// Install / uninstall / package: templates, ingest pipeline, rules, dashboards (see README "Install").
export { installElastic, type InstallOptions } from "./install/install.js";
export { uninstallElastic, type UninstallOptions } from "./install/uninstall.js";
export { formatReport, failed, type RunReport, type ObjectResult, type Action } from "./install/report.js";
export { desiredAssets, type DesiredAssets, type EsObject, type AssetOptions } from "./assets/index.js";
export { buildIngestPipeline, type IngestPipeline } from "./assets/pipeline/pipeline.js";
export {
  writePackage,
  packageFiles,
  type PackageOptions,
  type PipelineTestCase,
} from "./package/build-package.js";
export { KibanaDouble, startKibanaDouble } from "./double/kibana.js";
export { EsInstallDouble, startEsInstallDouble } from "./double/es-install.js";
