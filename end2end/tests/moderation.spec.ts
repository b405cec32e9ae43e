// Moderation as an admin meets it: a reviewer flags a claim; the admin finds it in the queue and
// hides it with a reason; an anonymous reader no longer sees it; the audit page shows the entry.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { openHydrated, promote, signedUp } from "./helpers";

const run = Date.now().toString(36);

const ARTICLE = [
  "10:40 GMT 3 June 2024",
  "Listen Live",
  "",
  "  The new tram line in Kraków is 9.4 km long and cost 1.2 billion złoty, the city council said on Tuesday.",
  "",
  "  About 38,000 passengers used it in the first week, according to the operator.",
  "",
  "Share this article",
].join("\n");

test("a flagged claim is hidden by an admin from the queue, disappears for readers and is audited", async ({ browser }) => {
  // A reviewer submits an article and flags its first claim.
  const reviewer = await signedUp(browser, `rev_${run}`);
  await openHydrated(reviewer, "/submit");
  await reviewer.getByLabel("Title").fill(`Tram line ${run}`);
  await reviewer.getByLabel("Article text").fill(ARTICLE);
  await reviewer.getByRole("button", { name: "Submit and extract claims" }).click();
  await expect(reviewer).toHaveURL(/\/articles\/\d+/);
  await expect(reviewer.locator("body")).toHaveAttribute("data-hydrated", "true");
  const articleUrl = reviewer.url();
  const rows = reviewer.locator(".claim-list > li");
  const claimCount = await rows.count();
  expect(claimCount).toBeGreaterThanOrEqual(2);
  await reviewer.locator(".claim-row").first().click();
  const claimId = await reviewer.locator(".claim-row.selected").getAttribute("data-claim-row");
  const statement = (await reviewer.locator(".claim-panel .statement").textContent())!.trim();
  await reviewer.getByText("Flag for moderation").click();
  await reviewer.locator("#flag-reason").selectOption("duplicate");
  await reviewer.locator("#flag-details").fill("the same figure is claimed twice");
  await reviewer.getByRole("button", { name: "Flag", exact: true }).click();
  await expect(reviewer.getByText("Flagged. An admin will review it.")).toBeVisible();

  // The reviewer is not let into the admin area.
  await reviewer.goto("/admin");
  await expect(reviewer.getByRole("alert")).toContainText("only admins");

  // The admin finds the flag in the queue, with its reason, and hides the claim with a reason.
  const admin = await signedUp(browser, `boss_${run}`);
  promote(`boss_${run}`);
  await openHydrated(admin, "/admin");
  const item = admin.locator(`[data-testid="flagged-item"][data-target="claim-${claimId}"]`);
  await expect(item).toBeVisible();
  await expect(item).toContainText("duplicate ×1");
  await expect(item.getByRole("link", { name: statement })).toHaveAttribute("href", new RegExp(`claim=${claimId}`));
  await item.getByLabel("Action", { exact: true }).selectOption("hide");
  await item.getByLabel(/^Reason/).fill("duplicate of the passenger figure");
  await item.getByRole("button", { name: "Apply" }).first().click();
  await expect(admin.getByTestId("moderation-notice")).toContainText(`Claim ${claimId}: now hidden`);
  await expect(item).toHaveCount(0);

  const serious = (await new AxeBuilder({ page: admin }).analyze()).violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // An anonymous reader no longer sees it, neither in the list nor highlighted in the text.
  const reader = await (await browser.newContext()).newPage();
  await openHydrated(reader, new URL(articleUrl).pathname);
  await expect(reader.locator(".claim-list > li")).toHaveCount(claimCount - 1);
  await expect(reader.locator(`[data-claim-row="${claimId}"]`)).toHaveCount(0);
  await expect(reader.locator(`mark[data-claim="${claimId}"]`)).toHaveCount(0);
  const permalink = await reader.goto(`/claims/${claimId}`);
  expect(permalink!.status()).toBe(404);

  // The admin still sees it, marked, on the article page.
  await openHydrated(admin, new URL(articleUrl).pathname);
  await expect(admin.locator(`[data-claim-row="${claimId}"]`)).toContainText("hidden");

  // The audit page shows the entry, and the filter finds it.
  await openHydrated(admin, "/admin/audit?action=claim.hide");
  const entry = admin.getByTestId("audit-entry").first();
  await expect(entry).toContainText("claim.hide");
  await expect(entry).toContainText(`boss_${run}`);
  await expect(entry).toContainText("duplicate of the passenger figure");
  await expect(entry.getByRole("link", { name: `claim ${claimId}` })).toBeVisible();
});

test("an admin merges a second copy of an article into the first from the copy's page", async ({ browser }) => {
  const admin = await signedUp(browser, `merger_${run}`);
  promote(`merger_${run}`);
  const errors: string[] = [];
  admin.on("pageerror", (e) => errors.push(e.message));
  const url = `https://tram.example/krakow-${run}`;
  const post = async (title: string, body: string) => {
    const r = await admin.request.post("/api/articles", { data: { title, body, url } });
    expect(r.status()).toBe(201);
    return (await r.json()).id as number;
  };
  const first = await post(`Tram line ${run}`, ARTICLE);
  const copy = await post(`Tram line ${run} (again)`, `${ARTICLE}\nThe depot opened in 2019.`);

  // The copy names the first; the admin merges it there from the article's moderation tools.
  await openHydrated(admin, `/articles/${copy}`);
  await expect(admin.getByTestId("article-copies")).toContainText(`Tram line ${run}`);
  await admin.getByText("Moderate this article").click();
  const form = admin.getByTestId("article-merge");
  // The open copies are offered; none is chosen for the admin (a merge cannot be undone).
  const into = form.getByLabel("Merge this copy into article");
  await expect(into).toHaveValue("");
  await expect(form.locator(`datalist option[value="${first}"]`)).toHaveCount(1);
  await into.fill(String(first));
  // A preview names the other article and changes nothing.
  await form.getByRole("button", { name: "Preview" }).click();
  await expect(form.getByTestId("article-merge-preview-result")).toContainText(
    `Merging into article ${first} (Tram line ${run}): would merge`,
  );
  await expect(admin.getByTestId("article-merged")).toHaveCount(0);
  await form.getByLabel(/^Reason/).fill("the same page submitted twice");
  await form.getByRole("button", { name: "Merge", exact: true }).click();
  await expect(admin.getByTestId("moderation-notice")).toContainText(`Merged into article ${first}`);
  await expect(admin.getByTestId("article-merged")).toBeVisible();
  await admin.getByTestId("article-merged").getByRole("link", { name: `Tram line ${run}` }).click();
  await expect(admin).toHaveURL(new RegExp(`/articles/${first}$`));
  await expect(admin.getByTestId("article-copies")).toHaveCount(0);
  expect(errors).toEqual([]);
});
