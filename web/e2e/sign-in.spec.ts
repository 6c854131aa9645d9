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

// The e2e server runs a demo district (--demo-roster), so its sign-in page lists the demo
// sign-ins; a district's own server answers 404 and lists none (tests/api/demo_server_test.cpp).
test("the demo sign-ins fill the form and sign in", async ({ page }) => {
  await page.goto("/sign-in");
  const demo = page.getByRole("region", { name: "Demo sign-ins" });
  await expect(demo).toBeVisible();
  await expect(demo.getByText("counselor.crm@demo.trellis.test")).toBeVisible();
  await expectNoAxeViolations(page);

  await demo.getByRole("button", { name: "Use the teacher" }).click();
  await expect(page.getByLabel("E-mail")).toHaveValue("teacher1.rhs@demo.trellis.test");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Tools" })).toBeVisible();
});
