import { type MountedPage, mountPage } from "./page";

/**
 * What `embed.js` loads: mounts the page's widgets once the document is parsed, whether the
 * script tag was `defer`, `async` or neither.
 */
export function start(apiBase: string): Promise<MountedPage> {
  return new Promise((resolve) => {
    const go = () => resolve(mountPage({ apiBase }));
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", go, { once: true });
    } else {
      go();
    }
  });
}
