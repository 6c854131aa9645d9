// `make screenshots`: the same server and browser as the tests, saving the screens built so far
// to docs/screenshots/ (e2e/screenshots.shot.ts).
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

export default defineConfig({
  ...base,
  // One project: the journeys' order (playwright.config.ts) does not apply to screenshots.
  projects: undefined,
  testMatch: "*.shot.ts",
  workers: 1,
  use: { ...base.use, viewport: { width: 1366, height: 900 } },
});
