import { expect, expectNoAxeViolations, test } from "./fixtures";

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
