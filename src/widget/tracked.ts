import { effect, type Signal, signal } from "@preact/signals-core";
import { Component, type ComponentChild, type ComponentType } from "preact";

type Cleanup = (() => void) | undefined;

/** The tracked component rendering now, and which of its slots comes next. */
let rendering: Tracked | undefined;
let slot = 0;

abstract class Tracked extends Component<object> {
  abstract view(props: object): ComponentChild;
  /** What `once` made, by call order, as hooks keep their state. */
  slots: unknown[] = [];
  mounted: Array<() => Cleanup> = [];
  cleanups: Array<() => void> = [];
  /** Stops tracking the last render's reads; set by the first render (declared only: no field of its own). */
  declare untrack: (() => void) | undefined;

  override componentDidMount() {
    for (const run of this.mounted) {
      const cleanup = run();
      if (cleanup) this.cleanups.push(cleanup);
    }
  }

  override componentWillUnmount() {
    this.untrack?.();
    for (const cleanup of this.cleanups) cleanup();
  }

  override render(props: object) {
    // Each render tracks afresh: what this one reads is what the next change is looked for in.
    this.untrack?.();
    let view: ComponentChild = null;
    let first = true;
    this.untrack = effect(() => {
      if (!first) return void this.forceUpdate();
      first = false;
      rendering = this;
      slot = 0;
      view = this.view(props);
      rendering = undefined;
    });
    return view;
  }
}

/**
 * A component that renders again when a signal it read while rendering changes. This is what
 * `@preact/signals` does for every component of an app by hooking into Preact's internals; the
 * widget does it for its own components only, with Preact's public API and without Preact's
 * hooks, in a fraction of the bytes, and leaves a host app's Preact untouched. Inside, `once`,
 * `useSignal`, `useMount` and `useSignalEffect` keep state across renders, called in the same
 * order each time, as hooks are.
 */
export function tracked<P>(view: (props: P) => ComponentChild): ComponentType<P> {
  return class extends Tracked {
    override view(props: object) {
      return view(props as P);
    }
  } as unknown as ComponentType<P>;
}

/** The tracked component rendering now: these helpers work only inside one. */
const current = () => rendering as Tracked;

/** A value made on the component's first render and kept for its life. */
export function once<T>(make: () => T): T {
  const self = current();
  const index = slot++;
  if (!(index in self.slots)) self.slots[index] = make();
  return self.slots[index] as T;
}

/** A signal that lives as long as the component. */
export function useSignal<T>(value: T): Signal<T> {
  return once(() => signal(value));
}

/** Runs `run` once the component is in the page; what it returns runs when it leaves. */
export function useMount(run: () => Cleanup): void {
  const self = current();
  once(() => self.mounted.push(run));
}

/**
 * Runs `callback` once the component is in the page, and again whenever a signal it read
 * changes; what it returns cleans up before each run and when the component leaves.
 */
export function useSignalEffect(callback: () => Cleanup): void {
  const latest = once(() => ({ callback }));
  latest.callback = callback;
  useMount(() => effect(() => latest.callback()));
}
