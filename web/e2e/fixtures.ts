// The browser tests' helpers: the server's address as baseURL, signing in as a demo user,
// and axe-core's WCAG 2.1 AA check.
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type APIRequestContext, type Locator, type Page } from "@playwright/test";

import { demoPassword, sessionEnv, users, type UserKey } from "./users";

export { users };

export const test = base.extend<{ consoleErrors: string[] }>({
  baseURL: async ({}, use) => {
    const url = process.env.TRELLIS_E2E_URL;
    if (!url) throw new Error("TRELLIS_E2E_URL is unset: run through playwright.config.ts");
    await use(url);
  },
  // Errors in the console (a Content-Security-Policy violation, a failed script) fail the
  // test. Chromium also logs every 4xx answer, which the UI handles (401 before sign-in).
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        const text = message.text();
        if (message.type() === "error" && !text.startsWith("Failed to load resource")) {
          errors.push(text);
        }
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export async function signIn(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.goto("/sign-in");
  await fillSignIn(page, email, password);
}

// Opens `path` as a user already signed in (the session made by global-setup.ts).
export async function openAs(page: Page, user: UserKey, path = "/cases"): Promise<void> {
  const session = process.env[sessionEnv(user)];
  const url = process.env.TRELLIS_E2E_URL;
  if (!session || !url) throw new Error("no session for " + user + ": run through playwright.config.ts");
  await page.context().addCookies([{ name: "trellis_session", value: session, url }]);
  await page.goto(path);
}

// GETs an API path as a user, for what a journey needs to know beforehand.
export async function apiGet<T>(request: APIRequestContext, user: UserKey, path: string): Promise<T> {
  const response = await request.get(path, {
    headers: { Cookie: "trellis_session=" + process.env[sessionEnv(user)] },
  });
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

// POSTs JSON to an API path as a user, with the session's CSRF token: for what a journey
// needs another person to have done first.
export async function apiPost<T>(request: APIRequestContext, user: UserKey, path: string, body: unknown): Promise<T> {
  return apiSend<T>(request, user, "post", path, body);
}

// PUTs JSON to an API path as a user, the same way: for settings a journey puts back.
export async function apiPut<T>(request: APIRequestContext, user: UserKey, path: string, body: unknown): Promise<T> {
  return apiSend<T>(request, user, "put", path, body);
}

async function apiSend<T>(
  request: APIRequestContext,
  user: UserKey,
  method: "post" | "put",
  path: string,
  body: unknown,
): Promise<T> {
  const cookie = { Cookie: "trellis_session=" + process.env[sessionEnv(user)] };
  const me = (await (await request.get("/api/v1/auth/me", { headers: cookie })).json()) as { csrf_token: string };
  const response = await request[method](path, {
    headers: { ...cookie, "X-CSRF-Token": me.csrf_token },
    data: body,
  });
  expect(response.status(), path).toBeLessThan(300);
  return (await response.json()) as T;
}

// Fills the sign-in form already on the page.
export async function fillSignIn(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, "axe-core WCAG 2.1 AA violations").toEqual([]);
}

// A field the server refused: marked invalid, with `message` tied to it for screen readers
// (the last id in aria-describedby, after any hint; see components/Field.tsx).
export async function expectFieldMessage(field: Locator, message: string): Promise<void> {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const ids = ((await field.getAttribute("aria-describedby")) ?? "").split(" ");
  await expect(field.page().locator(`[id="${ids[ids.length - 1]}"]`)).toHaveText(message);
}
