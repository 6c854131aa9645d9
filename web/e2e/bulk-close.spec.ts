import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

test("an administrator ticks cases on the dashboard and closes them together with a reason", async ({ page }) => {
  // Maple Grove only: the counselor's journey works Cedar Ridge cases at the same time.
  await openAs(page, "districtAdmin", "/cases?school_id=1");
  const table = page.getByRole("region", { name: "Cases" });
  const rows = table.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const openCount = page.getByTestId("count-open");
  await expect(openCount).toBeVisible();
  const openBefore = Number(await openCount.textContent());

  // "Select all on this page" ticks every row, and unticks them again.
  const selectAll = page.getByRole("checkbox", { name: "Select all cases on this page" });
  const rowCount = await rows.count();
  await selectAll.check();
  await expect(page.getByText(`${rowCount} cases selected.`)).toBeVisible();
  await selectAll.uncheck();
  await expect(page.getByText("Tick cases to act on several at once.")).toBeVisible();

  // Three rows ticked with the keyboard; not the first (other journeys read the newest case).
  const hrefs: string[] = [];
  for (const row of [rows.nth(1), rows.nth(2), rows.nth(3)]) {
    hrefs.push((await row.locator("th a").getAttribute("href")) ?? "");
    await row.getByRole("checkbox").focus();
    await page.keyboard.press("Space");
    await expect(row.getByRole("checkbox")).toBeChecked();
  }
  await expect(page.getByText("3 cases selected.")).toBeVisible();

  await page.getByRole("button", { name: "Close selected…" }).click();
  const dialog = page.getByRole("dialog", { name: "Close 3 cases?" });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByLabel("Reason for close").selectOption({ label: "End of school year" });
  await dialog.getByLabel("Note").fill("Closed together (browser test)");
  await dialog.getByRole("button", { name: "Close 3 cases" }).click();

  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText("Closed 3 cases.");
  await expect(rows.first()).toBeVisible();
  for (const href of hrefs) await expect(table.locator(`a[href="${href}"]`)).toHaveCount(0);
  // The counts reload too. Other journeys may meanwhile reopen one case and open another,
  // never three.
  await expect.poll(async () => Number(await openCount.textContent())).toBeLessThan(openBefore);
  await expectNoAxeViolations(page);
});

test("an administrator closes every open case matching the dashboard's filters", async ({ page, request }) => {
  // One student's cases only (Maple Grove's oldest open case): other journeys share the server.
  await openAs(page, "districtAdmin", "/cases?school_id=1&sort=oldest");
  const table = page.getByRole("region", { name: "Cases" });
  const href = (await table.locator("tbody tr th a").first().getAttribute("href")) ?? "";
  type CasePage = { student: { local_id: string }; status: { closed: boolean } };
  const { student } = await apiGet<CasePage>(request, "districtAdmin", "/api/v1" + href);

  await openAs(page, "districtAdmin", `/cases?school_id=1&q=${encodeURIComponent(student.local_id)}`);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await page.getByRole("button", { name: "Close all matching…" }).click();
  const dialog = page.getByRole("dialog", { name: "Close every open case matching the filters?" });
  await expect(dialog).toContainText("School: Maple Grove");
  await expect(dialog).toContainText(student.local_id);
  await expectNoAxeViolations(page);
  await dialog.getByLabel("Reason for close").selectOption({ label: "End of school year" });
  await dialog.getByRole("button", { name: "Close all matching cases" }).click();

  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText("Closed 1 case.");
  await expect(page.getByText("No cases match these filters.")).toBeVisible();
  const after = await apiGet<CasePage>(request, "districtAdmin", "/api/v1" + href);
  expect(after.status.closed).toBe(true);
});
