import {
  DASHBOARD_FIELDS,
  NTLM_DASHBOARDS,
  type DashboardDefinition,
  type DashboardField,
  type DashboardFilter,
  type DashboardPanel,
} from "@ntlm-siem/core";
import { NAMES } from "../names.js";
import { ALERTS_DATA_VIEW_ID } from "./data-views.js";
import type { SavedObject } from "./saved-object.js";

/**
 * The platform-neutral dashboards (core content/dashboards) rendered as Kibana Lens visualizations (saved object
 * type `lens`, form-based datasource) and dashboards that reference them by id. Format: Lens attributes
 * `{title, visualizationType, state: {datasourceStates.formBased.layers, visualization, query, filters}}` with the
 * data view referenced as `indexpattern-datasource-layer-<layerId>`; dashboard `panelsJSON` panels refer to their
 * visualization through `panelRefName` + a reference named `<panelIndex>:<panelRefName>`.
 * https://www.elastic.co/guide/en/kibana/current/saved-objects-api-import.html
 */

const LAYER = "layer1";
const COUNT = "count";

/** KQL for a panel's filters (AND of ORs). Values are quoted, so any text is safe. */
export function kqlOf(filters: readonly DashboardFilter[]): string {
  return filters
    .map((f) => {
      const field = DASHBOARD_FIELDS[f.field].ecs;
      if ("exists" in f) return `${field}:*`;
      const values = f.in.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v)));
      return values.length === 1 ? `${field}:${values[0] ?? ""}` : `${field}:(${values.join(" or ")})`;
    })
    .join(" and ");
}

function termsColumn(field: DashboardField, size: number): Record<string, unknown> {
  const target = DASHBOARD_FIELDS[field];
  return {
    label: `Top values of ${target.ecs}`,
    dataType: target.kind === "boolean" ? "boolean" : target.kind === "ip" ? "ip" : "string",
    operationType: "terms",
    scale: "ordinal",
    sourceField: target.ecs,
    isBucketed: true,
    params: {
      size,
      orderBy: { type: "column", columnId: COUNT },
      orderDirection: "desc",
      otherBucket: true,
      missingBucket: false,
    },
  };
}

const countColumn = {
  label: "Events",
  dataType: "number",
  operationType: "count",
  isBucketed: false,
  scale: "ratio",
  sourceField: "___records___",
  params: { emptyAsNull: true },
};

const timeColumn = {
  label: "@timestamp",
  dataType: "date",
  operationType: "date_histogram",
  sourceField: "@timestamp",
  isBucketed: true,
  scale: "interval",
  params: { interval: "auto", includeEmptyRows: true, dropPartials: false },
};

function visualization(panel: DashboardPanel, bucketIds: string[]): [string, Record<string, unknown>] {
  const layer = { layerId: LAYER, layerType: "data" };
  switch (panel.visualization) {
    case "metric":
      return ["lnsMetric", { ...layer, metricAccessor: COUNT }];
    case "table":
      return ["lnsDatatable", { ...layer, columns: [...bucketIds, COUNT].map((columnId) => ({ columnId })) }];
    case "pie":
      return [
        "lnsPie",
        {
          shape: "donut",
          layers: [
            {
              ...layer,
              primaryGroups: bucketIds,
              metrics: [COUNT],
              numberDisplay: "percent",
              categoryDisplay: "default",
              legendDisplay: "default",
            },
          ],
        },
      ];
    case "bar":
      return [
        "lnsXY",
        {
          legend: { isVisible: false, position: "right" },
          valueLabels: "show",
          preferredSeriesType: "bar_horizontal",
          layers: [{ ...layer, seriesType: "bar_horizontal", xAccessor: bucketIds[0], accessors: [COUNT] }],
        },
      ];
    case "timeline":
      return [
        "lnsXY",
        {
          legend: { isVisible: true, position: "right" },
          valueLabels: "hide",
          preferredSeriesType: "bar_stacked",
          layers: [
            {
              ...layer,
              seriesType: "bar_stacked",
              xAccessor: "time",
              accessors: [COUNT],
              ...(bucketIds[0] ? { splitAccessor: bucketIds[0] } : {}),
            },
          ],
        },
      ];
  }
}

export function lensId(dashboard: DashboardDefinition, panel: DashboardPanel): string {
  return `ntlm-siem-${dashboard.id}-${panel.id}`;
}

export function lensObject(dashboard: DashboardDefinition, panel: DashboardPanel): SavedObject {
  const size = panel.size ?? 10;
  const columns: Record<string, unknown> = {};
  const bucketIds: string[] = [];
  panel.breakdown.forEach((field, i) => {
    const id = `b${i}`;
    columns[id] = termsColumn(field, size);
    bucketIds.push(id);
  });
  const order = [...bucketIds];
  if (panel.visualization === "timeline") {
    columns.time = timeColumn;
    order.unshift("time");
  }
  columns[COUNT] = countColumn;
  order.push(COUNT);
  const [visualizationType, vis] = visualization(panel, bucketIds);
  const alerts = panel.source === "alerts";
  const query = alerts
    ? ['kibana.alert.rule.tags:"ntlm-siem"', kqlOf(panel.filters)].filter((q) => q !== "").join(" and ")
    : kqlOf(panel.filters);
  return {
    type: "lens",
    id: lensId(dashboard, panel),
    attributes: {
      title: panel.title,
      description: panel.question,
      visualizationType,
      state: {
        datasourceStates: {
          formBased: { layers: { [LAYER]: { columns, columnOrder: order, incompleteColumns: {} } } },
        },
        visualization: vis,
        query: { query, language: "kuery" },
        filters: [],
      },
    },
    references: [
      {
        type: "index-pattern",
        id: alerts ? ALERTS_DATA_VIEW_ID : NAMES.dataView,
        name: `indexpattern-datasource-layer-${LAYER}`,
      },
    ],
  };
}

export function dashboardId(dashboard: DashboardDefinition): string {
  return `ntlm-siem-${dashboard.id}`;
}

/** A dashboard: panels two per row (24 of 48 columns wide), metrics a third of a row. */
export function dashboardObject(dashboard: DashboardDefinition): SavedObject {
  const panels: unknown[] = [];
  const references: SavedObject["references"] = [];
  let x = 0;
  let y = 0;
  dashboard.panels.forEach((panel, i) => {
    const w = panel.visualization === "metric" ? 16 : 24;
    const h = panel.visualization === "metric" ? 8 : 15;
    if (x + w > 48) {
      x = 0;
      y += 15;
    }
    const panelIndex = String(i + 1);
    panels.push({
      type: "lens",
      panelIndex,
      gridData: { x, y, w, h, i: panelIndex },
      embeddableConfig: {},
      panelRefName: `panel_${panelIndex}`,
    });
    references.push({
      type: "lens",
      id: lensId(dashboard, panel),
      name: `${panelIndex}:panel_${panelIndex}`,
    });
    x += w;
  });
  return {
    type: "dashboard",
    id: dashboardId(dashboard),
    attributes: {
      title: `ntlm-siem: ${dashboard.title}`,
      description: dashboard.description,
      panelsJSON: JSON.stringify(panels),
      optionsJSON: JSON.stringify({ useMargins: true, syncColors: false, hidePanelTitles: false }),
      timeRestore: false,
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({ query: { query: "", language: "kuery" }, filter: [] }),
      },
    },
    references,
  };
}

/** Every Lens visualization and dashboard, visualizations first (the import resolves references in one file). */
export function dashboardSavedObjects(): SavedObject[] {
  const out: SavedObject[] = [];
  for (const d of NTLM_DASHBOARDS) for (const p of d.panels) out.push(lensObject(d, p));
  for (const d of NTLM_DASHBOARDS) out.push(dashboardObject(d));
  return out;
}
