import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, expectNoAxeViolations, openAs, test } from "./fixtures";

// The OneRoster samples kept in the repository (tests/fixtures/oneroster). This one is
// deliberately flawed: in strict mode the import fails, imports nothing (the journeys that run
// beside this one keep the demo roster), and reports every flaw with its file, line and column.
const flawedExport = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../tests/fixtures/oneroster/v1p2_full_dataset.zip",
);

test("a district administrator uploads a flawed roster export and reads what is wrong, row by row", async ({
  page,
}) => {
  expect(existsSync(flawedExport), flawedExport).toBe(true);
  await openAs(page, "districtAdmin");
  await page.getByRole("button", { name: "Admin" }).click();
  await page.getByRole("link", { name: "Roster import" }).click();
  await expect(page.getByRole("heading", { name: "Roster import" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Nothing chosen: the message is next to the file input.
  await page.getByRole("button", { name: "Upload and import" }).click();
  const input = page.getByLabel("OneRoster export (.zip)");
  await expect(input).toHaveAttribute("aria-invalid", "true");

  // Not a zip: the server says so, and nothing starts.
  await input.setInputFiles({ name: "roster.zip", mimeType: "application/zip", buffer: Buffer.from("not a zip") });
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page.getByRole("alert")).toContainText(/zip/i);
  await expect(page).toHaveURL(/\/admin\/imports$/);

  await input.setInputFiles(flawedExport);
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
  await expect(page.getByRole("status")).toHaveText("Failed: nothing was imported", { timeout: 60_000 });
  const report = page.getByRole("region", { name: /Problems/ });
  await expect(report.locator("tbody tr").first()).toBeVisible();
  await expect(report).toContainText("users.csv");
  await expectNoAxeViolations(page);
});
