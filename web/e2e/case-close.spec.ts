import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Students = { items: { name: string }[] };
type CaseView = { student: { name: string; local_id: string | null } };

test("closing a case with a reason: a counselor closes it, the dashboard no longer lists it as open, and reopens it", async ({
  page,
  request,
}) => {
  // Journeys run side by side: leave the newest cases (others read them) and the student the
  // task journey gives a task (a task could open them a new case) alone.
  const students = await apiGet<Students>(request, "middleCounselor", "/api/v1/students?limit=1");
  const taskStudent = students.items[0]?.name;

  await openAs(page, "middleCounselor");
  const links = page.getByRole("region", { name: "Cases" }).locator("tbody tr th a");
  await expect(links.first()).toBeVisible();
  const names = await links.allTextContents();
  const index = names.findIndex((name, i) => i >= 2 && name !== taskStudent);
  if (index < 0) throw new Error("the counselor has too few open cases");
  const name = names[index] ?? "";
  await links.nth(index).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Case: ${name}`);
  const caseId = /\/cases\/(\d+)$/.exec(page.url())?.[1];
  if (!caseId) throw new Error("no case id in " + page.url());

  // Change the status to another open status of the dictionary.
  const status = page.getByLabel("Case status", { exact: true });
  const current = (await status.locator("option:checked").textContent()) ?? "";
  const other = (await status.locator("option").allTextContents()).find((label) => label !== current);
  if (!other) throw new Error("the dictionary has one open status");
  await status.selectOption({ label: other });
  await page.getByRole("button", { name: "Change status" }).click();
  await expect(page.getByRole("status")).toHaveText(`Status changed to ${other}.`);
  await expect(page.locator(".case-header")).toContainText(other);
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText(
    `Case status changed from ${current} to ${other}`,
  );

  // Take the case on, with a focus area: the header says so at once.
  const managerSelect = page.getByLabel("Case manager", { exact: true });
  const me = (await managerSelect.locator("option").allTextContents()).find((label) => label.startsWith("Me ("));
  await managerSelect.selectOption({ label: me ?? "" });
  const focus = page.getByLabel("Focus area", { exact: true });
  const area = (await focus.locator("option").allTextContents()).find((label) => label !== "None");
  if (!area) throw new Error("the dictionary has no focus area");
  await focus.selectOption({ label: area });
  await page.getByRole("button", { name: "Save manager and focus" }).click();
  await expect(page.getByRole("status")).toHaveText("Case manager and focus area saved.");
  await expect(page.locator(".case-header")).toContainText(area);
  const manager = await apiGet<{ manager: { name: string } | null }>(
    request,
    "middleCounselor",
    `/api/v1/cases/${caseId}`,
  );
  await expect(page.locator(".case-header")).toContainText(manager.manager?.name ?? "no manager");
  await expectNoAxeViolations(page);

  // Closing asks first, and says next to the field what is missing.
  await page.getByRole("button", { name: "Close case…" }).click();
  const dialog = page.getByRole("dialog", { name: `Close the case of ${name}?` });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(page);
  await dialog.getByRole("button", { name: "Close case" }).click();
  const reason = dialog.getByLabel("Reason for close");
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  const messageId = (await reason.getAttribute("aria-describedby")) ?? "";
  await expect(page.locator(`[id="${messageId}"]`)).toHaveText("Choose a reason for close.");
  await expectNoAxeViolations(page);

  await reason.selectOption({ label: "Goals met" });
  await dialog.getByLabel("Note").fill("Attendance is back to normal (browser test)");
  await dialog.getByRole("button", { name: "Close case" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText("Case closed: Goals met.");
  await expect(page.locator(".case-header")).toContainText("Goals met");
  await expect(page.getByRole("heading", { name: "Why was this case opened?" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText("Case closed (Closed): Goals met");
  await expect(page.getByRole("heading", { name: "Work this case" })).toBeFocused();
  await expectNoAxeViolations(page);

  // The dashboard's open cases no longer list it; its closed cases do.
  const view = await apiGet<CaseView>(request, "middleCounselor", `/api/v1/cases/${caseId}`);
  await page.locator(".breadcrumb").getByRole("link", { name: "Case Management Dashboard" }).click();
  await page.getByLabel("Student", { exact: true }).fill(view.student.local_id ?? name);
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByText("No cases match these filters.")).toBeVisible();
  await page.getByRole("combobox", { name: "Cases", exact: true }).selectOption("closed");
  const closedLink = page.locator(`a[href="/cases/${caseId}"]`);
  await expect(closedLink).toBeVisible();

  // Reopening puts it back, open, with the default status.
  await closedLink.click();
  await page.getByRole("button", { name: "Reopen case" }).click();
  await expect(page.getByRole("status")).toContainText("Case reopened");
  await expect(page.getByRole("heading", { name: "Why is this case open?" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText("Case reopened by hand");
  await expect(page.getByRole("button", { name: "Close case…" })).toBeVisible();
});
