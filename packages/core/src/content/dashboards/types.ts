/**
 * Platform-neutral dashboards: what each panel asks and shows, over the normalized event (NtlmEvent paths), so
 * that Elastic (Lens), Splunk (Dashboard Studio) and Sentinel (workbooks) render the same questions. A renderer
 * maps each `DashboardField` to its schema's field (DASHBOARD_FIELDS) and each filter to its query language.
 */

/** Normalized fields the dashboards read (NtlmEvent paths; `@timestamp` is record.timestamp). */
export type DashboardField =
  | "@timestamp"
  | "record.eventId"
  | "record.host"
  | "event.action"
  | "event.mode"
  | "event.role"
  | "event.outcome"
  | "event.insecure"
  | "event.insecureReasons"
  | "client.user.name"
  | "client.user.domain"
  | "client.workstation.name"
  | "client.workstation.ip"
  | "target.host.name"
  | "target.host.ip"
  | "target.spn.serviceClass"
  | "process.name"
  | "usage.reasonSlug"
  | "ntlm.version"
  | "ntlm.mic"
  | "ntlm.channelBinding"
  | "ntlm.secureChannel.type.name"
  | "alert.rule.name";

/** A condition on one field: any of the values (`in`), or the field present (`exists`). */
export type DashboardFilter =
  | { field: DashboardField; in: readonly (string | number | boolean)[] }
  | { field: DashboardField; exists: true };

export type VisualizationKind = "metric" | "bar" | "table" | "pie" | "timeline";

export interface DashboardPanel {
  /** Stable id, unique within the dashboard (renderers derive object ids from it). */
  id: string;
  title: string;
  /** The question the panel answers, shown as its description. */
  question: string;
  /** All must hold (AND); empty = every NTLM event. */
  filters: readonly DashboardFilter[];
  visualization: VisualizationKind;
  /** Group-by fields: the categories of a bar/pie/table, the split of a timeline. */
  breakdown: readonly DashboardField[];
  /** Top N per breakdown field (default 10). */
  size?: number;
  /** Data source: the NTLM events (default) or the platform's detection alerts for our rules. */
  source?: "events" | "alerts";
}

export interface DashboardDefinition {
  /** Stable id (renderers prefix it). */
  id: string;
  title: string;
  description: string;
  panels: readonly DashboardPanel[];
}
