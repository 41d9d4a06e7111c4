/**
 * "Does the current object already say what we want?": every member we set has the same value in the current
 * object (objects recursively, arrays element by element); members the server added are ignored. Kibana returns
 * rules and saved objects with many extra members (ids, timestamps, defaults), so equality would never hold.
 */
export function containsDesired(current: unknown, desired: unknown): boolean {
  if (Array.isArray(desired)) {
    if (!Array.isArray(current) || current.length !== desired.length) return false;
    return desired.every((d, i) => containsDesired(current[i], d));
  }
  if (desired !== null && typeof desired === "object") {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return false;
    const c = current as Record<string, unknown>;
    return Object.entries(desired as Record<string, unknown>).every(
      ([k, v]) => v === undefined || containsDesired(c[k], v),
    );
  }
  return current === desired;
}
