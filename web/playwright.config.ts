// Browser tests against the real server (e2e/server.ts), in Debian's chromium: Playwright's
// own browser download is never used (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 at npm ci).
import { defineConfig } from "@playwright/test";

export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  // CI runs as root, where Chromium's sandbox cannot start; the rest keep the browser from
  // reaching out to the network on its own (updates, metrics, safe browsing lists).
  args: [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-breakpad",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider",
  ],
};

// Journeys that change district-wide settings (the Case Management Dictionary's triggers, the
// notification defaults everyone without a choice of their own follows) run only after every
// other journey has finished, so that none sees the settings change under it; they put the
// settings back afterwards. (Naming one of these files alone still runs the journeys first;
// add --no-deps to run it by itself.)
const districtSettingsJourneys = ["admin-triggers.spec.ts", "notification-defaults.spec.ts"];
// Single sign-on turns password sign-in off for a moment: nothing else may sign in meanwhile,
// so it runs last, after the district settings.
const signInSettingsJourneys = "single-sign-on.spec.ts";

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  // Generous: axe-core on a busy 2-core machine next to a sanitizer build takes seconds.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  projects: [
    { name: "journeys", testIgnore: [...districtSettingsJourneys, signInSettingsJourneys] },
    { name: "district settings", testMatch: districtSettingsJourneys, dependencies: ["journeys"] },
    {
      name: "sign-in settings",
      testMatch: signInSettingsJourneys,
      dependencies: ["district settings"],
    },
  ],
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: chromiumLaunch,
    viewport: { width: 1280, height: 900 },
    // Not the district's zone (the server's --time-zone): time-zone.spec.ts tells them apart.
    timezoneId: "Pacific/Honolulu",
    locale: "en-US",
    trace: "off",
  },
});
