import { readFileSync } from "node:fs";
import { expect, expectNoAxeViolations, openAs, test } from "./fixtures";

test.beforeEach(async ({ page }) => {
  await openAs(page, "districtAdmin");
  await expect(page.getByRole("heading", { name: "Case Management Dashboard" })).toBeVisible();
});

test("the dashboard lists open cases with their progress and counts", async ({ page }) => {
  const rows = page.getByRole("region", { name: "Cases" }).locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBe(25);
  await expect(page.getByTestId("count-open")).not.toHaveText("0");
  // Cells after the row's box (an administrator may close cases): school, grade, status,
  // opened by, manager, days open, tasks.
  await expect(rows.first().getByRole("cell").nth(7)).toContainText(/done|None/);
  await expect(page.getByText("Cases opened per week, by trigger")).toBeVisible();
  // Open cases by school and grade: the numbers behind the chart, a row per school with cases.
  const byGrade = page.locator("figure", { hasText: "Open cases by school and grade" });
  await byGrade.getByText("The numbers").click();
  await expect(byGrade.getByRole("columnheader", { name: "All grades" })).toBeVisible();
  await expect(byGrade.getByRole("rowheader", { name: "Riverside High" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("filtering by school shows only that school's cases", async ({ page }) => {
  await page.getByLabel("School").selectOption({ label: "Riverside High" });
  await expect(page).toHaveURL(/school_id=3/);
  // The first cell is the row's box (an administrator may close cases), the second the school.
  const schools = page.getByRole("region", { name: "Cases" }).locator("tbody tr td:nth-of-type(2)");
  await expect(schools.first()).toHaveText("Riverside High");
  const names = await schools.allTextContents();
  expect(names.length).toBeGreaterThan(0);
  expect(new Set(names)).toEqual(new Set(["Riverside High"]));
});

test("keyset paging moves forward and back", async ({ page }) => {
  const firstStudent = page.getByRole("region", { name: "Cases" }).locator("tbody tr th").first();
  const pageOneFirst = await firstStudent.textContent();
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page.getByText("Page 2")).toBeVisible();
  await expect(firstStudent).not.toHaveText(pageOneFirst ?? "");
  await page.getByRole("button", { name: "Previous page" }).click();
  await expect(firstStudent).toHaveText(pageOneFirst ?? "");
});

test("the CSV export downloads the filtered list", async ({ page }) => {
  await page.getByLabel("School").selectOption({ label: "Maple Grove Elementary" });
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  const lines = csv.trim().split(/\r?\n/);
  expect(lines.length).toBeGreaterThan(1);
  expect(csv).toContain("Maple Grove Elementary");
  expect(csv).not.toContain("Riverside High");
});

test("a case opens from the dashboard and says why it is open", async ({ page }) => {
  const first = page.getByRole("region", { name: "Cases" }).locator("tbody tr th a").first();
  const name = (await first.textContent()) ?? "";
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Case: ${name}`);
  await expect(page.getByRole("heading", { name: "Why is this case open?" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await expectNoAxeViolations(page);
});
