import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

test("the menus open and move with the keyboard", async ({ page }) => {
  await openAs(page, "districtAdmin");
  const tools = page.getByRole("button", { name: "Tools" });
  await tools.focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("link", { name: "Forms" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("link", { name: "Student Meetings" })).toBeFocused();
  await expectNoAxeViolations(page);
  await page.keyboard.press("Escape");
  await expect(tools).toBeFocused();
  await expect(tools).toHaveAttribute("aria-expanded", "false");

  await page.getByRole("button", { name: "New" }).click();
  for (const item of ["Form response", "Plan", "Task", "Meeting"]) {
    await expect(page.getByRole("link", { name: item, exact: true })).toBeVisible();
  }
  await page.getByRole("button", { name: "Admin" }).click();
  await page.getByRole("link", { name: "Case Management Dictionary" }).click();
  await expect(page.getByRole("heading", { name: "Case Management Dictionary" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a teacher has no Admin menu", async ({ page }) => {
  await openAs(page, "highTeacher");
  await expect(page.getByRole("button", { name: "Tools" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Admin" })).toHaveCount(0);
});

test("a teacher's student search finds their students but not another school's", async ({ page, request }) => {
  // Local ids to look for, from the API: one of the teacher's students, one at Maple Grove.
  type Page = { items: { name: string; local_id: string }[] };
  const other = await apiGet<Page>(request, "districtAdmin", "/api/v1/students?school_id=1&limit=1");
  const own = await apiGet<Page>(request, "highTeacher", "/api/v1/students?limit=1");
  const [otherStudent, ownStudent] = [other.items[0], own.items[0]];
  if (!otherStudent || !ownStudent) throw new Error("the demo district has no students");

  await openAs(page, "highTeacher");
  const search = page.getByRole("searchbox", { name: "Search students" });
  const results = page.getByRole("region", { name: "Student search results" });

  await search.fill(ownStudent.local_id);
  await expect(results.getByRole("link", { name: new RegExp(ownStudent.name) })).toBeVisible();
  await expectNoAxeViolations(page);

  await search.fill(otherStudent.local_id);
  await expect(results).toContainText("No student you can see matches");
  await expect(results.getByRole("link")).toHaveCount(0);
});
