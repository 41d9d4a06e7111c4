import { INDEX_PATTERN, NAMES } from "../names.js";
import type { SavedObject } from "./saved-object.js";

/**
 * Data views (saved object type `index-pattern`): our events, and the Security alerts of our rules (the alerts
 * index of the space, `.alerts-security.alerts-<space>`).
 * https://www.elastic.co/guide/en/kibana/current/saved-objects-api-import.html
 */
export const ALERTS_DATA_VIEW_ID = "ntlm-siem-alerts-data-view";

export function dataViews(space: string): SavedObject[] {
  return [
    {
      type: "index-pattern",
      id: NAMES.dataView,
      attributes: { title: INDEX_PATTERN, name: "ntlm-siem: NTLM events", timeFieldName: "@timestamp" },
      references: [],
    },
    {
      type: "index-pattern",
      id: ALERTS_DATA_VIEW_ID,
      attributes: {
        title: `.alerts-security.alerts-${space}`,
        name: "ntlm-siem: detection alerts",
        timeFieldName: "@timestamp",
      },
      references: [],
    },
  ];
}
