// An administrator turns on triggers (and backfills past events), and works the dictionary's
// lists: a focus area added, renamed and retired; a case status made a closed one.
//
// All change the district-wide Case Management Dictionary, which every other journey's cases
// depend on (a referral, a task or a meeting opens a case because the demo turned those
// triggers on). So this file runs in its own Playwright project, "district settings", after
// every other journey has finished (playwright.config.ts), and it turns on only the triggers
// the demo leaves off (plan_created, plan_reviewed and file_attached in the demo generator),
// never off one the demo turned on; afterwards it puts the demo's settings back, so the
// dictionary ends as it started.
import type { APIRequestContext } from "@playwright/test";
import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";
import { sessionEnv } from "./users";

// One after another: each of these journeys makes a new dictionary version, and the triggers
// journey checks that its save made the newest one.
test.describe.configure({ mode: "serial" });

type Settings = { enabled: boolean; open_case_on: string[]; version_id: number };
type DictionaryValues = { items: { id: number; name: string; retired: boolean }[] };

const labels: Record<string, string> = {
  form_submitted: "Form submitted",
  plan_created: "Plan created",
  task_assigned: "Task assigned",
  meeting_student_added: "Added to a meeting",
  plan_reviewed: "Plan reviewed",
  file_attached: "File attached",
};

// PUTs the settings as the district administrator (the CSRF token comes from /auth/me).
async function putSettings(request: APIRequestContext, settings: Settings): Promise<void> {
  const cookie = "trellis_session=" + process.env[sessionEnv("districtAdmin")];
  const me = await request.get("/api/v1/auth/me", { headers: { Cookie: cookie } });
  const { csrf_token } = (await me.json()) as { csrf_token: string };
  const response = await request.put("/api/v1/admin/case-management", {
    headers: { Cookie: cookie, "X-CSRF-Token": csrf_token },
    data: { enabled: settings.enabled, open_case_on: settings.open_case_on },
  });
  expect(response.status()).toBe(200);
}

test("an administrator turns on the triggers the district had off; they count from now on", async ({
  page,
  request,
}) => {
  const before = await apiGet<Settings>(request, "districtAdmin", "/api/v1/admin/case-management");
  const off = Object.keys(labels).filter((trigger) => !before.open_case_on.includes(trigger));
  // The demo leaves plans, reviews and files off; were all six on, there would be nothing to
  // turn on without first turning off a trigger other journeys rely on.
  expect(off.length, "triggers the demo leaves off").toBeGreaterThan(0);

  try {
    await openAs(page, "districtAdmin", "/admin/case-management");
    await expect(page.getByRole("heading", { name: "Case Management Dictionary", level: 1 })).toBeVisible();
    const triggers = page.getByRole("group", { name: "Open Case On Event" });
    for (const [trigger, label] of Object.entries(labels)) {
      const box = triggers.getByRole("checkbox", { name: label, exact: true });
      await expect(box).toBeChecked({ checked: before.open_case_on.includes(trigger) });
      // Each trigger says what it does and that turning it on opens no case for the past.
      await expect(box).toHaveAccessibleDescription(
        /opens a case\. Turning it on opens no case for events already recorded/,
      );
    }
    await expectNoAxeViolations(page);

    for (const trigger of off) await triggers.getByRole("checkbox", { name: labels[trigger], exact: true }).check();
    await page.getByRole("button", { name: "Save switch and triggers" }).click();
    const saved = page.getByRole("region", { name: "Switch and triggers" }).getByRole("status");
    await expect(saved).toContainText(`Triggers turned on: ${off.map((t) => labels[t]).join(", ")}.`);
    await expect(saved).not.toContainText("turned off");

    // The API now reports them on, with the demo's own triggers still on, in a new version.
    const after = await apiGet<Settings>(request, "districtAdmin", "/api/v1/admin/case-management");
    expect(after.enabled).toBe(true);
    expect([...after.open_case_on].sort()).toEqual(Object.keys(labels).sort());
    expect(after.version_id).toBeGreaterThan(before.version_id);
    await expect(saved).toContainText(`Version ${after.version_id}`);
    const history = page.getByRole("region", { name: "Dictionary versions" });
    await expect(history.locator("tbody tr").first()).toContainText("Case management settings");
    await expect(history.locator("tbody tr").first()).toContainText("File attached");
    await expectNoAxeViolations(page);

    // Past events did not open cases: a backfill is the explicit way, and it previews first.
    const backfill = page.getByRole("region", { name: "Backfill: open cases for past events" });
    await backfill.getByLabel("Trigger").selectOption({ label: "Plan reviewed" });
    await backfill.getByRole("button", { name: "Preview" }).click();
    await expect(backfill.getByLabel("First day")).toHaveAttribute("aria-invalid", "true");
    await backfill.getByLabel("First day").fill("2025-01-01");
    await backfill.getByLabel("Last day").fill("2024-12-01");
    await backfill.getByRole("button", { name: "Preview" }).click();
    await expect(backfill.getByLabel("Last day")).toHaveAttribute("aria-invalid", "true");
    await expect(backfill.getByText("The range must end after it starts.")).toBeVisible();
    await backfill.getByLabel("Last day").fill(new Date().toISOString().slice(0, 10));
    await backfill.getByRole("button", { name: "Preview" }).click();
    // The demo's past plan reviews of students without an open case are still without one
    // (turning the trigger on opened nothing for them): the preview lists them.
    const previewed = backfill.getByRole("status");
    await expect(previewed).toContainText("Nothing has changed yet.");
    await expect(backfill.getByRole("heading", { name: "Preview" })).toBeVisible();
    const students = Number(/Preview: (\d+) students/.exec((await previewed.textContent()) ?? "")?.[1]);
    expect(students).toBeGreaterThan(0);
    const listed = backfill.getByRole("region", { name: "Backfill students" });
    await expect(listed.locator("tbody tr")).toHaveCount(Math.min(students, 200));
    await expect(listed.locator("tbody tr").first()).toContainText("review");
    await expectNoAxeViolations(page);

    // Confirming opens those cases (this project runs last, so no other journey sees them).
    await backfill.getByRole("button", { name: `Open ${students} cases` }).click();
    await expect(previewed).toContainText(`Backfill done: opened ${students} cases`);
    await expect(backfill.getByRole("heading", { name: "Cases opened" })).toBeVisible();
    const firstCase = listed.getByRole("link").first();
    await firstCase.click();
    await expect(page.getByRole("region", { name: "Why is this case open?" })).toContainText(
      "Backfill of plan_reviewed events",
    );
  } finally {
    await putSettings(request, before);
  }
});

test("an administrator adds a focus area, renames it and retires it", async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const name = `Reading fluency ${stamp}`;
  const renamed = `Reading and fluency ${stamp}`;
  await openAs(page, "districtAdmin", "/admin/case-management");
  const focusAreas = page.getByRole("region", { name: "Focus areas" });
  const add = focusAreas.getByRole("form", { name: "Add a value" });

  // Errors show next to the field: the browser's check first, then the API's.
  await add.getByRole("button", { name: "Add" }).click();
  await expect(add.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(add.getByLabel("Name")).toHaveAccessibleDescription("Enter a name.");
  const existing = await focusAreas.locator("tbody th").first().textContent();
  await add.getByLabel("Name").fill((existing ?? "").replace("Built in", "").trim());
  await add.getByRole("button", { name: "Add" }).click();
  await expect(add.getByLabel("Name")).toHaveAccessibleDescription("This name is already in use.");
  await expectNoAxeViolations(page);

  await add.getByLabel("Name").fill(name);
  await add.getByRole("button", { name: "Add" }).click();
  await expect(focusAreas.getByRole("status")).toHaveText(`Added “${name}”.`);
  const row = focusAreas.getByRole("row", { name: new RegExp(stamp) });
  await expect(row).toContainText("In use");

  await row.getByRole("button", { name: `Rename (${name})` }).click();
  await row.getByLabel(`New name for ${name}`).fill(renamed);
  await expectNoAxeViolations(page);
  await row.getByRole("button", { name: "Save name" }).click();
  await expect(focusAreas.getByRole("status")).toHaveText(`Renamed “${name}” to “${renamed}”.`);
  await expect(row.getByRole("rowheader")).toHaveText(renamed);
  await expect(row.getByRole("button", { name: `Rename (${renamed})` })).toBeFocused();

  await row.getByRole("button", { name: `Retire (${renamed})` }).click();
  await expect(focusAreas.getByRole("status")).toHaveText(`Retired “${renamed}”.`);
  await expect(row).toContainText("Retired");
  await expect(row.getByRole("button", { name: `Put back in use (${renamed})` })).toBeVisible();
  await expectNoAxeViolations(page);

  // The API keeps the value (never deleted), renamed and retired; the history records it.
  const values = await apiGet<DictionaryValues>(request, "districtAdmin", "/api/v1/admin/dictionaries/focus-areas");
  expect(values.items.filter((value) => value.name.includes(stamp))).toEqual([
    expect.objectContaining({ name: renamed, retired: true }),
  ]);
  const inUse = await apiGet<DictionaryValues>(
    request,
    "districtAdmin",
    "/api/v1/admin/dictionaries/focus-areas?include_retired=false",
  );
  expect(inUse.items.map((value) => value.name)).not.toContain(renamed);
  await expect(page.getByRole("region", { name: "Dictionary versions" })).toContainText(
    `Retired focus_area "${renamed}"`,
  );
});

test("an administrator adds a case status, makes it a closed status and retires it; the API's refusals show in the row", async ({
  page,
  request,
}) => {
  const name = `Waiting for family ${Date.now().toString(36)}`;
  await openAs(page, "districtAdmin", "/admin/case-management");
  const statuses = page.getByRole("region", { name: "Case statuses" });
  await statuses.getByRole("form", { name: "Add a value" }).getByLabel("Name").fill(name);
  await statuses.getByRole("button", { name: "Add", exact: true }).click();
  await expect(statuses.getByRole("status")).toHaveText(`Added “${name}”.`);
  const row = statuses.getByRole("row", { name: new RegExp(name) });
  await expect(row.getByRole("cell").first()).toHaveText("Open");

  await row.getByRole("button", { name: `Make it a closed status (${name})` }).click();
  await expect(statuses.getByRole("status")).toHaveText(`“${name}” now closes the case.`);
  await expect(row.getByRole("cell").first()).toHaveText("Closed");

  // Closed cases have the demo's Closed status: it cannot become an open one.
  const closedRow = statuses
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: "Closed", exact: true }) });
  const reopen = closedRow.getByRole("button", { name: "Make it an open status (Closed)" });
  await reopen.click();
  await expect(reopen).toHaveAccessibleDescription("Closed cases have this status; add a new open status.");
  await expectNoAxeViolations(page);

  await row.getByRole("button", { name: `Retire (${name})` }).click();
  await expect(row).toContainText("Retired");
  const values = await apiGet<DictionaryValues & { items: { closed?: boolean }[] }>(
    request,
    "districtAdmin",
    "/api/v1/admin/dictionaries/case-statuses",
  );
  expect(values.items.find((value) => value.name === name)).toEqual(
    expect.objectContaining({ closed: true, retired: true }),
  );
});
