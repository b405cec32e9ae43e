// The reviewer's everyday loop, as a new user meets it: register, submit an article, see the
// highlighted claims, add a claim from a selection, add a source, vote; two more reviewers vote and
// the claim turns verified while the progress bar moves. Also: shortcuts, no-JS reading, a11y.
import { test, expect, Browser, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { openHydrated, register } from "./helpers";

const run = Date.now().toString(36);

const ARTICLE = [
  "08:05 GMT 2 May 2024",
  "Share this article",
  "",
  "  The river ferry between Mostar and Čapljina carried 41,200 passengers last year, the regional transport office said on Monday.",
  "",
  "  That was 12% more than in 2022, and the highest number since the line reopened in 1998.",
  "",
  "  Officials in São Paulo said about 3 tonnes of cargo now cross the river each week.",
  "",
  "Advertisement",
].join("\n");

async function reviewerPage(browser: Browser, name: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await register(page, name);
  return { context, page };
}

test("a reviewer submits an article, adds a claim and a source, and three votes verify it", async ({ browser }) => {
  const { context, page } = await reviewerPage(browser, `ana_${run}`);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  await openHydrated(page, "/submit");
  await page.getByLabel("Title").fill(`Ferry numbers ${run}`);
  await page.getByLabel("Article text").fill(ARTICLE);
  await page.getByLabel("Publisher (optional)").fill("Example Herald");
  await page.getByRole("button", { name: "Submit and extract claims" }).click();
  await expect(page).toHaveURL(/\/articles\/\d+/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  const articleUrl = page.url();

  // Claims are highlighted in place; boilerplate is not.
  const marks = page.locator(".article-body mark.claim");
  await expect(marks.first()).toBeVisible();
  const claimCount = await marks.count();
  expect(claimCount).toBeGreaterThanOrEqual(2);
  await expect(page.locator(".article-body mark.claim", { hasText: "Share this article" })).toHaveCount(0);
  await expect(page.locator(".article-body .fact").first()).toBeVisible();
  await expect(page.locator(".progress-label")).toContainText("0 of");
  await page.screenshot({ path: "test-results/article-page.png", fullPage: true });

  // Select "ghest numb", cutting both words, and add it as a claim: it becomes "highest number".
  const before = await page.locator(".claim-list > li").count();
  await page.evaluate(() => {
    const body = document.querySelector(".article-body")!;
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    let node: Node | null;
    while ((node = walker.nextNode())) {
      const i = node.textContent!.indexOf("highest number");
      if (i >= 0) {
        const range = document.createRange();
        range.setStart(node, i + 2);
        range.setEnd(node, i + "highest numb".length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        body.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
        return;
      }
    }
    throw new Error("text not found");
  });
  await page.getByRole("button", { name: "Add claim (14 characters)" }).click();
  await expect(page.locator(".claim-list > li")).toHaveCount(before + 1);
  await expect(page.locator(".claim-panel .statement")).toHaveText("highest number");

  // Pick the first proposed claim, add a source, vote verified.
  await page.locator(".claim-row").first().click();
  const panel = page.locator(".claim-panel");
  await expect(panel.locator(".explanation")).toContainText("No votes yet");
  await panel.getByLabel("URL").fill("https://transport.example/report-2023");
  await panel.getByLabel("Stance").selectOption("supports");
  await panel.getByRole("button", { name: "Add source" }).click();
  await expect(panel.locator(".sources li")).toHaveCount(1);
  await panel.getByRole("button", { name: "Verified" }).click();
  await expect(panel.locator(".explanation")).toContainText("1 reviewer voted, quorum 3");
  const claimId = await page.locator(".claim-row.selected").getAttribute("data-claim-row");

  // Two more reviewers verify; the claim turns verified and the progress bar moves.
  for (const name of [`ben_${run}`, `chen_${run}`]) {
    const other = await reviewerPage(browser, name);
    await openHydrated(other.page, `${articleUrl}?claim=${claimId}`);
    const p = other.page.locator(".claim-panel");
    await expect(p.locator(".sources li")).toHaveCount(1);
    await p.getByRole("button", { name: "Verified" }).click();
    await expect(p.locator(".votes li", { hasText: name })).toBeVisible();
    await other.context.close();
  }
  await openHydrated(page, `${articleUrl}?claim=${claimId}`);
  await expect(page.locator(".claim-panel .explanation")).toHaveText("3 of 3 reviewers verified, quorum 3");
  await expect(page.locator(`mark.claim.status-verified[data-claim="${claimId}"]`).first()).toBeVisible();
  await expect(page.locator(".progress-label")).toContainText(`1 of ${claimCount + 1} claims have a verdict`);
  await page.screenshot({ path: "test-results/article-page-verified.png", fullPage: true });

  // Keyboard: j/k move between claims, ? shows the help.
  await page.locator("h1").click();
  await page.keyboard.press("j");
  await expect(page.locator(".claim-row.selected")).toHaveCount(1);
  const first = await page.locator(".claim-row.selected").getAttribute("data-claim-row");
  await page.keyboard.press("j");
  const second = await page.locator(".claim-row.selected").getAttribute("data-claim-row");
  expect(second).not.toEqual(first);
  await page.keyboard.press("k");
  await expect(page.locator(".claim-row.selected")).toHaveAttribute("data-claim-row", first!);
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("s");
  await expect(page.locator("#source-url")).toBeFocused();

  expect(errors).toEqual([]);
  await context.close();

  // Anyone can read it without JavaScript.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const reader = await nojs.newPage();
  await reader.goto(articleUrl);
  await expect(reader.locator(".article-body mark.claim").first()).toBeVisible();
  await expect(reader.locator(".claim-list > li")).toHaveCount(claimCount + 1);
  await reader.goto("/");
  await expect(reader.getByRole("link", { name: `Ferry numbers ${run}` })).toBeVisible();
  await nojs.close();
});

test("the article and list pages have no serious accessibility violations", async ({ page }) => {
  await openHydrated(page, "/");
  const list = await new AxeBuilder({ page }).analyze();
  const serious = (r: typeof list) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious(list).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  // The journey above left an article behind (the suite runs in order, on one server).
  const link = page.locator(".article-title").first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator(".article-body")).toBeVisible();
  await page.locator(".claim-row").first().click();
  await expect(page.locator(".claim-panel .statement")).toBeVisible();
  const article = await new AxeBuilder({ page }).analyze();
  expect(serious(article).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test("the export links download files that match the page, and the report prints every claim", async ({ page }) => {
  await openHydrated(page, "/");
  await page.locator(".article-title").first().click();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  // The click navigates in the browser; count() does not wait for the article to arrive.
  await expect(page.locator(".claim-list > li").first()).toBeVisible();
  const claims = await page.locator(".claim-list > li").count();
  expect(claims).toBeGreaterThan(0);
  const settled = await page.locator(".claim-list .badge:not(.status-unreviewed):not(.status-pending)").count();

  const fetchDownload = async (name: string) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name, exact: true }).click()]);
    const path = await download.path();
    return { text: require("fs").readFileSync(path, "utf8") as string, filename: download.suggestedFilename() };
  };

  const json = await fetchDownload("JSON");
  expect(json.filename).toMatch(/^article-\d+\.json$/);
  const doc = JSON.parse(json.text);
  expect(doc.schema_version).toBe(1);
  expect(doc.claims.length).toBe(claims);
  const statements = await page.locator(".claim-row-text").allTextContents();
  expect(doc.claims.map((c: { statement: string }) => c.statement)).toEqual(statements);

  const csv = await fetchDownload("CSV");
  expect(csv.filename).toMatch(/\.csv$/);
  expect(csv.text.split("\r\n").filter((l) => l.length > 0).length).toBeGreaterThanOrEqual(claims + 1);

  const cr = await fetchDownload("ClaimReview");
  const reviews = JSON.parse(cr.text);
  expect(reviews.length).toBe(settled);
  for (const r of reviews) expect(r["@type"]).toBe("ClaimReview");

  await page.getByRole("link", { name: "Printable report" }).click();
  await expect(page.locator(".report-claim")).toHaveCount(claims);
});
