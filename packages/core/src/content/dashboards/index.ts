// Platform-neutral dashboard definitions (questions, filters over normalized fields, visualization kinds).
export type {
  DashboardDefinition,
  DashboardField,
  DashboardFilter,
  DashboardPanel,
  VisualizationKind,
} from "./types.js";
export { DASHBOARD_FIELDS, type DashboardFieldTarget } from "./fields.js";
export { NTLM_DASHBOARDS } from "./definitions.js";
