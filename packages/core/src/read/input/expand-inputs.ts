import { readdir, stat } from "node:fs/promises";
import type { Dirent } from "node:fs";
import path from "node:path";
import type { NtlmSiemError } from "../../errors.js";
import { readError } from "../read-reject.js";
import { compileSegment, hasGlobMagic, matchSegment, segmentHasMagic } from "./glob-match.js";

/** One thing to read, in the order readInputs reads them. */
export type ExpandedInput =
  | {
      kind: "file";
      /** The name reported in origins and errors: the path as the user wrote it (joined, for expansions). */
      file: string;
      /** The absolute path to open. */
      path: string;
      /**
       * False for files found by walking a directory or matching a glob: those are read only when their content
       * is recognised, so a README next to the exports is skipped instead of rejected.
       */
      explicit: boolean;
    }
  | { kind: "stdin"; file: "-" }
  | { kind: "error"; file: string; error: NtlmSiemError };

export interface ExpandOptions {
  cwd?: string;
}

/** Expands every input (files, directories, globs, "-") in order; each input expands to a sorted list. */
export async function expandInputs(
  inputs: readonly string[],
  options: ExpandOptions = {},
): Promise<ExpandedInput[]> {
  const out: ExpandedInput[] = [];
  for (const input of inputs) out.push(...(await expandInput(input, options)));
  return out;
}

export async function expandInput(input: string, options: ExpandOptions = {}): Promise<ExpandedInput[]> {
  const cwd = options.cwd ?? process.cwd();
  if (input === "-") return [{ kind: "stdin", file: "-" }];
  const absolute = path.resolve(cwd, input);
  const info = await statOrUndefined(absolute);
  if (info === undefined && hasGlobMagic(input)) {
    const matches = await expandGlob(input, cwd);
    if (matches.length === 0) return [notFound(input, `no file matches the pattern ${input}`)];
    const out: ExpandedInput[] = [];
    for (const m of matches) {
      if (m.isDirectory) out.push(...(await walkDirectory(m.file, m.path)));
      else out.push({ kind: "file", file: m.file, path: m.path, explicit: false });
    }
    return out;
  }
  if (info === undefined) return [notFound(input, `${input} does not exist`)];
  if (info === "unreadable") {
    return [
      {
        kind: "error",
        file: input,
        error: readError("input-unreadable", `cannot read ${input}`, { file: input }),
      },
    ];
  }
  if (info.isDirectory) {
    const files = await walkDirectory(input, absolute);
    return files.length === 0 ? [notFound(input, `directory ${input} holds no readable files`)] : files;
  }
  return [{ kind: "file", file: input, path: absolute, explicit: true }];
}

function notFound(input: string, message: string): ExpandedInput {
  return { kind: "error", file: input, error: readError("input-not-found", message, { file: input }) };
}

async function statOrUndefined(p: string): Promise<{ isDirectory: boolean } | "unreadable" | undefined> {
  try {
    const s = await stat(p);
    return { isDirectory: s.isDirectory() };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? undefined : "unreadable";
  }
}

async function listDirectory(dir: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    // Code-point order, so the reading order does not depend on the machine's locale.
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/** Files under a directory, recursively, sorted, hidden files and directories skipped. */
async function walkDirectory(display: string, absolute: string): Promise<ExpandedInput[]> {
  const out: ExpandedInput[] = [];
  for (const entry of await listDirectory(absolute)) {
    if (entry.name.startsWith(".")) continue;
    const childDisplay = path.join(display, entry.name);
    const childAbsolute = path.join(absolute, entry.name);
    if (entry.isDirectory()) {
      out.push(...(await walkDirectory(childDisplay, childAbsolute)));
    } else if (entry.isFile()) {
      out.push({ kind: "file", file: childDisplay, path: childAbsolute, explicit: false });
    } else if (entry.isSymbolicLink()) {
      // Links to files are followed; links to directories are not, so a link cycle cannot loop the walk.
      const target = await statOrUndefined(childAbsolute);
      if (target !== undefined && target !== "unreadable" && !target.isDirectory) {
        out.push({ kind: "file", file: childDisplay, path: childAbsolute, explicit: false });
      }
    }
  }
  return out;
}

interface GlobMatch {
  file: string;
  path: string;
  isDirectory: boolean;
}

async function expandGlob(pattern: string, cwd: string): Promise<GlobMatch[]> {
  const normalized = pattern.replace(/\\/g, "/");
  const absolutePattern = normalized.startsWith("/");
  const segments = normalized.split("/").filter((s) => s !== "");
  // The fixed leading segments are the base directory; matching starts below it.
  let baseCount = 0;
  while (baseCount < segments.length - 1 && !segmentHasMagic(segments[baseCount] ?? "")) baseCount++;
  const baseSegments = segments.slice(0, baseCount);
  const displayBase = absolutePattern ? `/${baseSegments.join("/")}` : baseSegments.join("/");
  const absoluteBase = path.resolve(cwd, displayBase === "" ? "." : displayBase);
  const found = new Map<string, GlobMatch>();
  await matchFrom(segments.slice(baseCount), 0, displayBase, absoluteBase, found);
  return [...found.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

async function matchFrom(
  segments: readonly string[],
  index: number,
  display: string,
  absolute: string,
  found: Map<string, GlobMatch>,
): Promise<void> {
  const segment = segments[index];
  if (segment === undefined) return;
  const last = index === segments.length - 1;
  const join = (name: string): string => (display === "" ? name : path.join(display, name));
  if (segment === "**") {
    if (last) {
      // A trailing `**` means everything below: the directory walk does the rest.
      for (const f of await walkDirectory(display === "" ? "." : display, absolute)) {
        if (f.kind === "file") found.set(f.path, { file: f.file, path: f.path, isDirectory: false });
      }
      return;
    }
    await matchFrom(segments, index + 1, display, absolute, found);
    for (const entry of await listDirectory(absolute)) {
      if (entry.name.startsWith(".") || !entry.isDirectory()) continue;
      await matchFrom(segments, index, join(entry.name), path.join(absolute, entry.name), found);
    }
    return;
  }
  const regex = compileSegment(segment);
  for (const entry of await listDirectory(absolute)) {
    if (!matchSegment(regex, entry.name, segment)) continue;
    const childAbsolute = path.join(absolute, entry.name);
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      const target = await statOrUndefined(childAbsolute);
      if (target === undefined || target === "unreadable") continue;
      isDirectory = target.isDirectory;
    }
    if (last) {
      if (isDirectory || entry.isFile() || entry.isSymbolicLink()) {
        found.set(childAbsolute, { file: join(entry.name), path: childAbsolute, isDirectory });
      }
    } else if (isDirectory) {
      await matchFrom(segments, index + 1, join(entry.name), childAbsolute, found);
    }
  }
}
