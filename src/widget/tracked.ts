import { effect, type Signal, signal } from "@preact/signals-core";
import type { ComponentChild, FunctionComponent } from "preact";
import { useEffect, useMemo, useReducer, useRef } from "preact/hooks";

/**
 * A component that renders again when a signal it read while rendering changes. This is what
 * `@preact/signals` does for every component of an app by hooking into Preact's internals; the
 * widget does it for its own components only, with Preact's public API, in a fraction of the
 * bytes, and leaves a host app's Preact untouched.
 */
export function tracked<P>(render: (props: P) => ComponentChild): FunctionComponent<P> {
  return (props) => {
    const [, rerender] = useReducer((count: number) => count + 1, 0);
    const stop = useRef<(() => void) | null>(null);
    useEffect(() => () => stop.current?.(), []);
    // Each render tracks afresh: what this one reads is what the next change is looked for in.
    stop.current?.();
    let view: ComponentChild = null;
    let first = true;
    stop.current = effect(() => {
      if (first) {
        first = false;
        view = render(props);
      } else {
        rerender(0);
      }
    });
    return view;
  };
}

/** A signal that lives as long as the component. */
export function useSignal<T>(value: T): Signal<T> {
  return useMemo(() => signal(value), []);
}

/**
 * Runs `callback` once the component is mounted, and again whenever a signal it read changes;
 * what it returns cleans up before each run and on unmount.
 */
export function useSignalEffect(callback: () => (() => void) | undefined): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => effect(() => latest.current()), []);
}
