import type { ChunkContext } from "./chunk-context.js";
import type { EvtxElement, EvtxNode, Part } from "./nodes.js";
import { Walker } from "./walk.js";
import type { Budget, EventSink, Scope } from "./walk.js";

export { charRefText, entityText, newBudget, type Budget } from "./walk.js";

/** The event tree sink: the elements and nodes of the walk, as EvtxNode objects. */
export class TreeSink implements EventSink {
  private target: EvtxNode[];
  private readonly stack: EvtxElement[] = [];

  constructor(private readonly root: EvtxNode[]) {
    this.target = root;
  }

  open(name: string): void {
    const el: EvtxElement = { name, attributes: [], children: [] };
    this.target.push(el);
    this.stack.push(el);
    this.target = el.children;
  }
  attribute(name: string, value: string): void {
    (this.stack[this.stack.length - 1] as EvtxElement).attributes.push({ name, value });
  }
  close(): void {
    this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    this.target = parent === undefined ? this.root : parent.children;
  }
  text(text: string): void {
    this.target.push(text);
  }
  cdata(text: string): void {
    this.target.push({ cdata: text });
  }
  entity(name: string): void {
    this.target.push({ entity: name });
  }
  charRef(code: number): void {
    this.target.push({ charRef: code });
  }
  pi(target: string, data: string): void {
    this.target.push({ pi: { target, data } });
  }
}

/**
 * Substitutes one record's values into template trees, appending the event tree to `out` (see Walker).
 */
export function expandContent(
  ctx: ChunkContext,
  parts: Part[],
  scope: Scope | undefined,
  out: EvtxNode[],
  budget: Budget,
  depth: number,
): void {
  const walker = new Walker();
  walker.reset(ctx, new TreeSink(out), budget);
  walker.content(parts, scope, depth);
}
