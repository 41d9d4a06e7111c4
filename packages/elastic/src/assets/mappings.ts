import type { FieldType } from "./fields.js";

/**
 * Flat field names -> the nested `properties` of an Elasticsearch mapping. Keyword fields get `ignore_above: 1024`
 * (as ECS's own templates do) so an oversized client-supplied name is kept in _source, not rejected.
 * Mapping reference: https://www.elastic.co/guide/en/elasticsearch/reference/current/explicit-mapping.html
 */
export type MappingProperty = { type?: string; ignore_above?: number; properties?: Properties };
export type Properties = { [name: string]: MappingProperty };

function leaf(type: FieldType): MappingProperty {
  if (type === "keyword") return { type, ignore_above: 1024 };
  return { type };
}

export function toProperties(fields: Readonly<Record<string, FieldType>>): Properties {
  const root: Properties = {};
  for (const name of Object.keys(fields).sort()) {
    const type = fields[name] as FieldType;
    const parts = name.split(".");
    let level = root;
    for (const part of parts.slice(0, -1)) {
      const existing = level[part] ?? {};
      if (existing.type !== undefined && existing.type !== "object")
        throw new Error(`${name}: ${part} is both a leaf and an object`);
      existing.properties ??= {};
      level[part] = existing;
      level = existing.properties;
    }
    level[parts[parts.length - 1] as string] = leaf(type);
  }
  return root;
}

/** The mapped type of a flat field name in `properties`, or undefined. */
export function mappedType(properties: Properties, name: string): string | undefined {
  const parts = name.split(".");
  let level: Properties | undefined = properties;
  for (const [i, part] of parts.entries()) {
    const prop: MappingProperty | undefined = level?.[part];
    if (prop === undefined) return undefined;
    if (i === parts.length - 1) return prop.type ?? (prop.properties ? "object" : undefined);
    level = prop.properties;
  }
  return undefined;
}
