import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

test("a counselor assigns a task from the + menu and it lands on the student's case", async ({ page, request }) => {
  type Page = { items: { name: string; local_id: string }[] };
  const students = await apiGet<Page>(request, "middleCounselor", "/api/v1/students?limit=1");
  const student = students.items[0];
  if (!student) throw new Error("the counselor sees no student");

  await openAs(page, "middleCounselor");
  await page.getByRole("button", { name: "New" }).click();
  await page.getByRole("link", { name: "Task", exact: true }).click();
  await expect(page.getByRole("heading", { name: "New task" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Find by name or local id").fill(student.local_id);
  await page.getByRole("button", { name: new RegExp(student.name) }).click();
  await expect(page.getByText(student.name)).toBeVisible();

  // The server's field messages appear next to their fields.
  await page.getByRole("button", { name: "Assign task" }).click();
  const title = page.getByLabel("Title");
  await expect(title).toHaveAttribute("aria-invalid", "true");
  const messageId = (await title.getAttribute("aria-describedby")) ?? "";
  await expect(page.locator(`[id="${messageId}"]`)).toHaveText("Required.");
  await expectNoAxeViolations(page);

  await title.fill("Call home about attendance (browser test)");
  await page.getByLabel("Due date").fill("2030-01-15");
  await page.getByRole("button", { name: "Assign task" }).click();
  await expect(page).toHaveURL(/\/cases\/\d+$/);
  await expect(page.getByRole("status")).toContainText("assigned");
  await expect(page.getByRole("region", { name: /Tasks/ })).toContainText("Call home about attendance (browser test)");
});
