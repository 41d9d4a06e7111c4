import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the real NTLM XML lives: core's carved samples and golden-case inputs. */
export const CORE_TEST = join(dirname(fileURLToPath(import.meta.url)), "../../../core/test");
export const CARVED_DIR = join(CORE_TEST, "fixtures/samples/carved");
export const GOLDEN_DIR = join(CORE_TEST, "golden/cases");

export interface SourceEvent {
  /** Where the event came from: `<file or case>#<n>` (1-based within its file). */
  source: string;
  xml: string;
}

/**
 * The `<Event>` documents of an XML file: Event Viewer's copy markers ("- " before a tag) are dropped, as core's
 * reader does, comments are removed, then each `<Event …>…</Event>` is taken as it is written (comments and `<Events>` wrappers aside).
 */
export function splitEvents(text: string): string[] {
  const clean = text.replace(/<!--[\s\S]*?-->/g, "").replace(/^(\s*)- (?=<)/gm, "$1");
  return clean.match(/<Event[\s>][\s\S]*?<\/Event>/g) ?? [];
}

export function carvedEvents(): SourceEvent[] {
  return readdirSync(CARVED_DIR)
    .filter((f) => f.endsWith(".xml"))
    .sort()
    .flatMap((f) =>
      splitEvents(readFileSync(join(CARVED_DIR, f), "utf8")).map((xml, i) => ({
        source: `carved/${f}#${i + 1}`,
        xml,
      })),
    );
}

export function goldenEvents(): SourceEvent[] {
  return readdirSync(GOLDEN_DIR)
    .sort()
    .filter((c) => existsSync(join(GOLDEN_DIR, c, "input.xml")))
    .flatMap((c) =>
      splitEvents(readFileSync(join(GOLDEN_DIR, c, "input.xml"), "utf8")).map((xml, i) => ({
        source: `golden/${c}#${i + 1}`,
        xml,
      })),
    );
}
