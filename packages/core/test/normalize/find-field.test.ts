import { describe, expect, it } from "vitest";
import { EVENT_CATALOG, fieldIndex, findField } from "../../src/catalog/registry.js";

describe("findField", () => {
  it("finds what the case-insensitive field index finds, for every spelling", () => {
    for (const spec of EVENT_CATALOG) {
      const index = fieldIndex(spec);
      for (const field of spec.fields) {
        for (const name of [field.name, ...(field.aliases ?? [])]) {
          for (const spelling of [name, name.toLowerCase(), name.toUpperCase()]) {
            expect(findField(spec, spelling)).toBe(index.get(spelling.toLowerCase()));
          }
        }
      }
      expect(findField(spec, "NoSuchField")).toBeUndefined();
    }
  });
});
