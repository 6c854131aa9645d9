import { expect, expectNoAxeViolations, fillSignIn, signIn, test, users } from "./fixtures";

test("a user signs in, lands on the dashboard, and signs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await expectNoAxeViolations(page);

  await signIn(page, users.districtAdmin);
  await expect(page.getByRole("heading", { name: "Case Management Dashboard" })).toBeVisible();
  await expect(page.locator(".user-name")).not.toBeEmpty();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Trellis" })).toBeVisible();
  await page.goto("/cases");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fcases/);
});

test("a wrong password shows the server's error and does not sign in", async ({ page }) => {
  await signIn(page, users.districtAdmin, "not-the-password");
  await expect(page.getByRole("alert")).toContainText(/password/i);
  await expect(page.getByRole("heading", { name: "Sign in to Trellis" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("signing in returns to the page that asked for it", async ({ page }) => {
  await page.goto("/cases?school_id=3");
  await fillSignIn(page, users.districtAdmin);
  await expect(page).toHaveURL(/\/cases\?school_id=3/);
});
