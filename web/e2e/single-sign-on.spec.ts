// Single sign-on against a real OpenID provider: panva's oidc-provider on the loopback
// (tests/oidc/provider.mjs; scripts/install-oidc-test-provider.sh installs it), steered
// through its control API. The district administrator adds the provider on the Single
// sign-on screen and checks it; a teacher then signs in with it through the provider's own
// login and consent forms, as a browser does. A refused sign-in comes back to the sign-in
// page with the server's sentence and no session. Once single sign-on works, the
// administrator turns password sign-in off for all but the break-glass administrators, and
// back on. The e2e server accepts the provider's http issuer because it runs with
// --oidc-allow-http-loopback (server.ts).
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { APIRequestContext } from "@playwright/test";
import { apiGet, apiPost, expect, expectNoAxeViolations, fillSignIn, openAs, signIn, test, users } from "./fixtures";
import { sessionEnv } from "./users";

interface OidcProvider {
  issuer: string;
  close(): Promise<void>;
}
interface OidcProviderModule {
  startProvider(options: { port: number }): Promise<OidcProvider>;
}
type IdentityProvider = { id: number; name: string; redirect_uri: string };
type User = { id: number; name: string; email: string };
type SignInSettings = { password_sign_in: "everyone" | "break_glass_only"; break_glass_user_ids: number[] };

const here = dirname(fileURLToPath(import.meta.url));
const providerScript = pathToFileURL(resolve(here, "../../tests/oidc/provider.mjs")).href;

// One provider per worker, and the Trellis identity providers the tests made, turned off
// afterwards so that other journeys' sign-in pages do not offer them.
let provider: OidcProvider;
const made: number[] = [];
// The sign-in settings as they were before a test turned password sign-in off, until they
// are put back: the tests share one server, and other journeys sign in with passwords.
let settingsToRestore: SignInSettings | null = null;

// In order, in one worker: the journey that turns password sign-in off must not run while
// another here signs in with a password or expects the password form.
test.describe.configure({ mode: "default" });

test.beforeAll(async () => {
  const module = (await import(providerScript)) as OidcProviderModule;
  provider = await module.startProvider({ port: 0 });
});

test.afterAll(async ({ playwright }) => {
  const url = process.env.TRELLIS_E2E_URL;
  const session = process.env[sessionEnv("districtAdmin")];
  const request = await playwright.request.newContext({
    baseURL: url,
    extraHTTPHeaders: { Cookie: "trellis_session=" + session },
  });
  const me = (await (await request.get("/api/v1/auth/me")).json()) as { csrf_token: string };
  if (settingsToRestore) {
    await request.put("/api/v1/admin/sign-in-settings", {
      headers: { "X-CSRF-Token": me.csrf_token },
      data: settingsToRestore,
    });
  }
  for (const id of made) {
    await request.patch(`/api/v1/admin/identity-providers/${id}`, {
      headers: { "X-CSRF-Token": me.csrf_token },
      data: { enabled: false },
    });
  }
  await request.dispose();
  await provider?.close();
});

// Puts the sign-in settings back as they were (password sign-in on), as the district
// administrator of global-setup.ts.
async function restoreSignInSettings(request: APIRequestContext): Promise<void> {
  if (!settingsToRestore) return;
  const cookie = { Cookie: "trellis_session=" + process.env[sessionEnv("districtAdmin")] };
  const me = (await (await request.get("/api/v1/auth/me", { headers: cookie })).json()) as { csrf_token: string };
  const response = await request.put("/api/v1/admin/sign-in-settings", {
    headers: { ...cookie, "X-CSRF-Token": me.csrf_token },
    data: settingsToRestore,
  });
  expect(response.status(), `restoring the sign-in settings: ${await response.text()}`).toBe(200);
  settingsToRestore = null;
}

// The provider's control API (loopback only, no authentication).
async function control(request: APIRequestContext, path: string, body: unknown): Promise<void> {
  const response = await request.post(`${provider.issuer}/__control/${path}`, { data: body });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
}

// An enabled Trellis provider at the test provider, made through the API, with its client
// registered there under the redirect URI Trellis gives.
async function addEnabledProvider(
  request: APIRequestContext,
  name: string,
  label: string,
  clientId: string,
  secret: string,
): Promise<IdentityProvider> {
  const added = await apiPost<IdentityProvider>(request, "districtAdmin", "/api/v1/admin/identity-providers", {
    name,
    button_label: label,
    issuer: provider.issuer,
    client_id: clientId,
    client_secret: secret,
    enabled: true,
  });
  made.push(added.id);
  await control(request, "clients", {
    client_id: clientId,
    client_secret: secret,
    redirect_uris: [added.redirect_uri],
  });
  return added;
}

test("the administrator adds and checks a provider; a teacher signs in with it through the provider's forms", async ({
  page,
  request,
}) => {
  const stamp = Date.now().toString(36);
  const name = `Test District accounts ${stamp}`;
  const label = `Sign in with Test District ${stamp}`;
  const clientId = `trellis-${stamp}`;
  const secret = `secret-${stamp}-a8f3c2`;
  const teacher = (await apiGet<{ items: User[] }>(request, "districtAdmin", "/api/v1/users?q=teacher1.rhs")).items[0];
  if (!teacher || teacher.email !== users.highTeacher) throw new Error("no demo teacher " + users.highTeacher);

  // The Single sign-on screen, from the Admin menu. A session of its own (not the shared one
  // of global-setup.ts), since the administrator signs out before the teacher signs in.
  await signIn(page, users.districtAdmin);
  await expect(page.getByRole("heading", { name: "Case Management Dashboard" })).toBeVisible();
  await page.getByRole("button", { name: "Admin", exact: true }).click();
  await page.getByRole("link", { name: "Single sign-on" }).click();
  await expect(page.getByRole("heading", { name: "Single sign-on", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Where the values come from" })).toContainText(
    "https://login.microsoftonline.com/<tenant-id>/v2.0",
  );
  await expect(page.locator("main").getByText(/^Loading/)).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Adding without the required fields: the API's messages show next to each field.
  await page.getByRole("button", { name: "Add a provider" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an identity provider" });
  await expect(dialog.getByLabel("Scopes")).toHaveValue("openid email profile");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog.getByLabel("Issuer")).toHaveAccessibleDescription(/Required\.$/);
  await expect(dialog.getByLabel("Client secret")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);

  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Sign-in button").fill(label);
  await dialog.getByLabel("Issuer").fill(provider.issuer);
  await dialog.getByLabel("Client ID").fill(clientId);
  await dialog.getByLabel("Client secret").fill(secret);
  await dialog.getByLabel("Allowed e-mail domains").fill("demo.trellis.test, Example.TEST");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: `Added ${name}.` })).toBeVisible();
  const card = page.getByRole("region", { name: new RegExp(name) });
  await expect(card).toContainText("demo.trellis.test, example.test");
  await expect(card).toContainText("Kept (never shown)");

  // The redirect URI, read off the screen, is registered at the provider with the client.
  const redirectUri = (await page.getByRole("region", { name: "Redirect URI" }).locator("code").textContent()) ?? "";
  expect(redirectUri).toBe(new URL("/api/v1/auth/oidc/callback", page.url()).href);
  const saved = (
    await apiGet<{ items: IdentityProvider[] }>(request, "districtAdmin", "/api/v1/admin/identity-providers")
  ).items.find((item) => item.name === name);
  if (!saved) throw new Error("the provider was not saved");
  made.push(saved.id);
  expect(saved.redirect_uri).toBe(redirectUri);
  await control(request, "clients", { client_id: clientId, client_secret: secret, redirect_uris: [redirectUri] });

  // Check reads the provider's discovery document and keys now.
  await card.getByRole("button", { name: `Check ${name}` }).click();
  const check = card.getByRole("status");
  await expect(check).toContainText(`Trellis can use ${name}`);
  await expect(check).toContainText(`${provider.issuer}/token`);
  await expect(check.getByRole("definition").last()).toHaveText("1");
  await expectNoAxeViolations(page);

  // Changing it: the secret is never shown, and left empty it is kept.
  await card.getByRole("button", { name: `Change ${name}` }).click();
  const change = page.getByRole("dialog", { name: `Change ${name}` });
  await expect(change.getByLabel("Client secret")).toHaveValue("");
  await expect(change.getByLabel("Client secret")).toHaveAccessibleDescription(
    /Leave empty to keep the current secret/,
  );
  await expectNoAxeViolations(page);
  await change.getByRole("button", { name: "Cancel" }).click();
  await expect(change).toHaveCount(0);

  // On: the sign-in page offers it, and the screen offers to try it.
  await card.getByRole("button", { name: `Turn on ${name}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Turned ${name} on` })).toBeVisible();
  await expect(card.getByRole("link", { name: /Sign in with it now/ })).toHaveAttribute(
    "href",
    `/api/v1/auth/oidc/${saved.id}/start?return_to=%2Fadmin%2Fidentity-providers`,
  );
  await expect(card).toContainText("replaces your session");

  // The teacher, an account at the provider with the teacher's e-mail, signs in with it.
  await control(request, "accounts", [
    { sub: `teacher-${stamp}`, email: users.highTeacher, email_verified: true, name: "T. Teacher" },
  ]);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Trellis" })).toBeVisible();
  const button = page.getByRole("link", { name: label });
  await expect(button).toBeVisible();
  await expect(page.getByText("or", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expectNoAxeViolations(page);

  await button.click();
  await page.getByPlaceholder("Enter any login").fill(`teacher-${stamp}`);
  await page.getByPlaceholder("and password").fill("any password at all");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/cases$/);
  await expect(page.getByRole("heading", { name: "Case Management Dashboard" })).toBeVisible();
  await expect(page.locator(".user-name")).toHaveText(teacher.name);
  const me = (await (await page.request.get("/api/v1/auth/me")).json()) as { user: { email: string } };
  expect(me.user.email).toBe(users.highTeacher);
});

test("a provider account that is no Trellis staff account comes back to the sign-in page, not signed in", async ({
  page,
  request,
}) => {
  const stamp = Date.now().toString(36);
  const label = `Sign in with Elsewhere ${stamp}`;
  const clientId = `trellis-refusal-${stamp}`;
  const secret = `secret-${stamp}-77d1e0`;
  await addEnabledProvider(request, `Refusal test ${stamp}`, label, clientId, secret);
  const sub = `stranger-${stamp}`;
  await control(request, "accounts", [
    { sub, email: `nobody.${stamp}@demo.trellis.test`, email_verified: true, name: "No Body" },
  ]);
  await control(request, "next-login", { sub });

  await page.goto("/sign-in");
  await page.getByRole("link", { name: label }).click();
  await expect(page).toHaveURL(/\/sign-in\?sso_error=no_staff_account$/);
  await expect(page.getByRole("alert")).toHaveText(
    "There is no active staff account for this e-mail address in Trellis. Ask your district's Trellis administrator to add you.",
  );
  await expect(page.getByRole("heading", { name: "Sign in to Trellis" })).toBeVisible();
  expect((await page.request.get("/api/v1/auth/me")).status()).toBe(401);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("trellis_session");
  await expectNoAxeViolations(page);

  // The page shows only the server's sentences, never text from its address.
  await page.goto("/sign-in?sso_error=Your%20password%20expired%2C%20call%20555-0100");
  await expect(page.getByRole("alert")).toHaveText("Signing in with your district account did not work. Try again.");
  await expect(page.getByText("555-0100")).toHaveCount(0);
});

// An administrator trying a provider from the Single sign-on screen is still signed in when
// the provider's sign-in is refused: the sign-in page says why and leads back in.
test("someone still signed in whose single sign-on was refused reads why and goes on signed in", async ({ page }) => {
  await openAs(page, "districtAdmin", "/sign-in?sso_error=provider_off");
  await expect(page.getByRole("alert")).toHaveText(
    "This way of signing in is turned off. Use another one on the sign-in page.",
  );
  await expect(page.getByText(/^You are still signed in as/)).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Go on to Trellis" }).click();
  await expect(page.getByRole("heading", { name: "Case Management Dashboard" })).toBeVisible();
});

// Turning password sign-in off, once single sign-on works: the district administrator names
// themself as the break-glass account; the sign-in page then offers the provider, with the
// password form one click away; a teacher's right password is refused with the server's
// sentence, and the administrator still signs in with theirs. Passwords go back on at the end.
test("with single sign-on working, password sign-in is turned off for all but a break-glass administrator", async ({
  page,
  request,
}) => {
  const stamp = Date.now().toString(36);
  const label = `Sign in with Break Glass District ${stamp}`;
  const clientId = `trellis-break-glass-${stamp}`;
  const secret = `secret-${stamp}-5be0c9`;
  const admin = (await apiGet<{ user: User }>(request, "districtAdmin", "/api/v1/auth/me")).user;

  // Single sign-on works: a provider is on and a teacher has signed in with it.
  await addEnabledProvider(request, `Break-glass test ${stamp}`, label, clientId, secret);
  const sub = `teacher-break-glass-${stamp}`;
  await control(request, "accounts", [{ sub, email: users.highTeacher, email_verified: true, name: "T. Teacher" }]);
  await control(request, "next-login", { sub });
  await page.goto("/sign-in");
  await page.getByRole("link", { name: label }).click();
  await expect(page).toHaveURL(/\/cases$/);
  await page.context().clearCookies();

  settingsToRestore = await apiGet<SignInSettings>(request, "districtAdmin", "/api/v1/admin/sign-in-settings");
  try {
    // The Single sign-on screen's Password sign-in section: passwords are on for everyone.
    await signIn(page, users.districtAdmin);
    await expect(page.getByRole("heading", { name: "Case Management Dashboard" })).toBeVisible();
    await page.goto("/admin/identity-providers");
    const section = page.getByRole("region", { name: "Password sign-in" });
    await expect(section).toContainText("Now: Everyone may sign in with a password.");
    const everyone = section.getByRole("radio", { name: "Everyone may sign in with a password" });
    const breakGlassOnly = section.getByRole("radio", {
      name: "Only break-glass administrators may sign in with a password; everyone else uses single sign-on",
    });
    await expect(section.getByRole("group", { name: "Who may sign in with a password" })).toBeVisible();
    await expect(everyone).toBeChecked();
    const accounts = section.getByRole("group", { name: "Break-glass administrators" });
    await expect(accounts).toHaveAccessibleDescription(/for the day the identity provider is down/);
    const mine = accounts.getByRole("checkbox", { name: admin.name, exact: true });
    await expect(mine).toBeVisible();
    await expect(page.locator("main").getByText(/^Loading/)).toHaveCount(0);
    await expectNoAxeViolations(page);

    // Off with nobody named: the API's message shows with the accounts.
    await breakGlassOnly.check();
    await mine.uncheck();
    await section.getByRole("button", { name: "Save password sign-in" }).click();
    await expect(accounts).toHaveAccessibleDescription(
      /Name at least one district administrator who may still sign in with a password/,
    );
    await expect(section).toContainText("Now: Everyone may sign in with a password.");
    await expectNoAxeViolations(page);

    // Off, with the administrator as the break-glass account: saved, and said so.
    await mine.check();
    await section.getByRole("button", { name: "Save password sign-in" }).click();
    await expect(
      section.getByRole("status").filter({ hasText: "Saved: only the break-glass administrators" }),
    ).toBeVisible();
    await expect(section).toContainText(
      `Now: Only the break-glass administrators (${admin.name}) may sign in with a password; everyone else signs in with single sign-on.`,
    );
    await expect(section.getByRole("alert")).toHaveCount(0);
    const saved = await apiGet<SignInSettings>(request, "districtAdmin", "/api/v1/admin/sign-in-settings");
    expect(saved).toEqual({ password_sign_in: "break_glass_only", break_glass_user_ids: [admin.id] });
    await page.reload();
    await expect(breakGlassOnly).toBeChecked();
    await expect(mine).toBeChecked();

    // Signed out, the sign-in page offers the provider; the password form is one click away.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("heading", { name: "Sign in to Trellis" })).toBeVisible();
    await expect(page.getByRole("link", { name: label })).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveCount(0);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Administrator sign-in with a password" }).click();
    await expect(page.getByLabel("Password")).toBeVisible();

    // The teacher's right password is refused with the server's sentence, and no session.
    await fillSignIn(page, users.highTeacher);
    await expect(page.getByRole("alert")).toHaveText(
      "This district signs in with its district accounts. Use the button on the sign-in page.",
    );
    await expect(page.getByRole("heading", { name: "Sign in to Trellis" })).toBeVisible();
    expect((await page.request.get("/api/v1/auth/me")).status()).toBe(401);
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("trellis_session");

    // The break-glass administrator signs in with their password.
    await fillSignIn(page, users.districtAdmin);
    await expect(page).toHaveURL(/\/cases$/);
    await expect(page.locator(".user-name")).toHaveText(admin.name);

    // Back on, from the screen.
    await page.goto("/admin/identity-providers");
    await everyone.check();
    await section.getByRole("button", { name: "Save password sign-in" }).click();
    await expect(section).toContainText("Now: Everyone may sign in with a password.");
  } finally {
    await restoreSignInSettings(request);
  }
  const providers = (await (await request.get("/api/v1/auth/providers")).json()) as { password_sign_in: boolean };
  expect(providers.password_sign_in).toBe(true);
});
