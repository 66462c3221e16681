// Every widget build of vite.config.ts in one process, in order (the loader's build reads the
// manifest of the first): one start of Vite instead of one per mode.
import { build } from "vite";

for (const mode of ["production", "loader", "lib", "preact", "react"]) {
  await build({ mode });
}
