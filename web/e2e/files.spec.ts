import { readFileSync } from "node:fs";
import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Cases = { items: { student: { id: number; name: string } }[] };
type Timeline = { next_cursor: string | null };
type Files = { items: { name: string; size: number }[] };

// The file input's message, found through its aria-describedby as a screen reader would.
async function fileInputMessage(page: import("@playwright/test").Page): Promise<string> {
  const input = page.getByLabel("File to upload");
  await expect(input).toHaveAttribute("aria-invalid", "true");
  const ids = ((await input.getAttribute("aria-describedby")) ?? "").split(" ");
  return (await page.locator(`[id="${ids[ids.length - 1]}"]`).textContent()) ?? "";
}

test("a counselor uploads a file to a student's profile with its progress shown, and downloads the same bytes", async ({
  page,
  request,
}) => {
  // A student with an old open case of the counselor's (other journeys work the newest, the
  // task journey the fourth oldest) and more events than one page of the timeline shows.
  const oldest = await apiGet<Cases>(request, "middleCounselor", "/api/v1/cases?sort=oldest&limit=30");
  let student: Cases["items"][number]["student"] | undefined;
  for (const item of oldest.items.slice(5)) {
    const events = await apiGet<Timeline>(
      request,
      "middleCounselor",
      `/api/v1/students/${item.student.id}/timeline?limit=20`,
    );
    if (events.next_cursor) {
      student = item.student;
      break;
    }
  }
  if (!student) throw new Error("no old case of the counselor's has a long timeline");
  await openAs(page, "middleCounselor", `/students/${student.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(student.name);
  await expectNoAxeViolations(page);

  // Plain text of about 1.5 MB, sent through a slowed connection so the progress shows.
  const name = `reading-log-${Date.now()}.txt`;
  const line = "Week of Sep 2: read 20 minutes a night, signed by a parent.\n";
  const bytes = Buffer.from(line.repeat(Math.ceil(1_500_000 / line.length)));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 400 * 1024,
  });
  await page.getByLabel("File to upload").setInputFiles({ name, mimeType: "text/plain", buffer: bytes });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  const progress = page.getByRole("progressbar", { name: new RegExp(`Uploading ${name}`) });
  await expect(progress).toBeVisible();
  await expect(page.getByText(new RegExp(`Uploading ${name}: \\d+%`))).toBeVisible();
  await expectNoAxeViolations(page);
  await expect(page.getByRole("status").filter({ hasText: "Uploaded" })).toHaveText(
    new RegExp(`Uploaded ${name} \\(1\\.\\d MB\\)\\.`),
  );
  await expect(progress).toHaveCount(0);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });

  // The list and the API have it; the download gives back the very bytes.
  const files = page.getByRole("region", { name: "The student's files" });
  const link = files.getByRole("link", { name: new RegExp(name) });
  await expect(link).toBeVisible();
  const listed = await apiGet<Files>(request, "middleCounselor", `/api/v1/students/${student.id}/files`);
  expect(listed.items.find((file) => file.name === name)?.size).toBe(bytes.length);
  const downloading = page.waitForEvent("download");
  await link.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(name);
  expect(readFileSync(await download.path()).equals(bytes)).toBe(true);

  // The upload is on the timeline; the kind filter keeps only its kind, and the pages move.
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline).toContainText(`File attached: ${name}`);
  await timeline.getByLabel("Kind of event").selectOption({ label: "File attached" });
  const summaries = timeline.locator("ol.timeline li > span:not(.muted)");
  await expect(summaries.first()).toHaveText(`File attached: ${name}`);
  for (const summary of await summaries.allTextContents()) expect(summary).toMatch(/^File attached: /);
  await timeline.getByLabel("Kind of event").selectOption({ label: "All kinds" });
  await expect(summaries.first()).toBeVisible();
  const firstOfPageOne = await summaries.first().textContent();
  await timeline.getByRole("button", { name: "Next page" }).click();
  await expect(timeline.getByText("Page 2")).toBeVisible();
  await expect(summaries.first()).not.toHaveText(firstOfPageOne ?? "");
  await timeline.getByRole("button", { name: "Previous page" }).click();
  await expect(summaries.first()).toHaveText(firstOfPageOne ?? "");
  await expectNoAxeViolations(page);

  // An empty file is refused, and the API's message shows next to the input.
  await page
    .getByLabel("File to upload")
    .setInputFiles({ name: "empty.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  expect(await fileInputMessage(page)).toBe("The file is empty.");
  await expectNoAxeViolations(page);

  // So is a file over the upload limit (10 MB in the test server).
  await page.getByLabel("File to upload").setInputFiles({
    name: "too-large.txt",
    mimeType: "text/plain",
    buffer: Buffer.alloc(10 * 1024 * 1024 + 1, "a"),
  });
  await page.getByRole("button", { name: "Upload", exact: true }).click();
  expect(await fileInputMessage(page)).toBe("The file is larger than the upload limit of 10 MB.");
  await expect(files.getByRole("link", { name: /too-large/ })).toHaveCount(0);
});
