// The Content-Security-Policy lets every page hydrate and talk to the server, and the browser
// reports no violation on the way: the nonce reaches leptos' inline scripts (or, on a page from the
// render cache, their hashes are listed), WASM may compile,
// server functions may be called, and the JSON-LD data blocks are left alone.
import { test, expect, Page } from "@playwright/test";
import { openHydrated } from "./helpers";

const PASSWORD = "correct horse battery";
const run = Date.now().toString(36);

/** Collects CSP violations (as the page sees them and as the console reports them) and page errors. */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
  page.on("console", (m) => {
    if (/Content Security Policy|CSP violation/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  return problems;
}

test("pages hydrate under the CSP and the browser reports no violation", async ({ page, browser }) => {
  const problems = await watch(page);

  // An article whose first claim three reviewers verified, so its page also carries ClaimReview JSON-LD.
  const reviewers = [page.request];
  const others = [await browser.newContext(), await browser.newContext()];
  reviewers.push(...others.map((c) => c.request));
  for (const [i, r] of reviewers.entries()) {
    const res = await r.post("/api/auth/register", { data: { username: `csp${i}_${run}`, password: PASSWORD } });
    expect(res.status()).toBe(201);
  }
  const created = await page.request.post("/api/articles", {
    data: { title: `CSP ${run}`, body: "The new breakwater is 765 metres long, the harbour office said on Monday." },
  });
  expect(created.status()).toBe(201);
  const article = await created.json();
  const claimId = article.claims[0].id;
  const source = await page.request.post(`/api/claims/${claimId}/sources`, {
    data: { url: `https://harbour.example/${run}`, stance: "supports" },
  });
  expect(source.status()).toBe(201);
  const sourceId = (await source.json()).id;
  for (const r of reviewers) {
    const vote = await r.post(`/api/claims/${claimId}/votes`, { data: { verdict: "verified", source_ids: [sourceId] } });
    expect(vote.status()).toBe(200);
  }
  for (const c of others) await c.close();

  for (const path of ["/", `/articles/${article.id}`, `/claims/${claimId}`, "/submit"]) {
    const response = await page.goto(path);
    expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'wasm-unsafe-eval'/);
    await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  }
  // The article page embeds its ClaimReview as JSON-LD: data the policy need not (and does not) let run.
  await openHydrated(page, `/articles/${article.id}`);
  await expect(page.locator('script[type="application/ld+json"]')).toHaveCount(1);
  // Client-side navigation loads the article through a server function (connect-src).
  await openHydrated(page, "/");
  await page.getByRole("link", { name: `CSP ${run}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `CSP ${run}` })).toBeVisible();
  await expect(page.getByText("1 of 1 claims have a verdict")).toBeVisible();

  expect(problems).toEqual([]);

  // A reader without an account gets pages from the render cache after the first: their inline
  // scripts are allowed by hash instead of a nonce, and they hydrate just the same.
  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  const readerProblems = await watch(readerPage);
  for (const path of [`/articles/${article.id}`, "/"]) {
    await readerPage.goto(path);
    const cached = await readerPage.goto(path);
    expect(cached!.headers()["x-render-cache"]).toBe("hit");
    expect(cached!.headers()["content-security-policy"]).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+\/=]+')+ 'wasm-unsafe-eval'/);
    await expect(readerPage.locator("body")).toHaveAttribute("data-hydrated", "true");
  }
  // Hydrated from the cached list, the link navigates in the page (a server function call).
  await readerPage.getByRole("link", { name: `CSP ${run}` }).click();
  await expect(readerPage.getByRole("heading", { level: 1, name: `CSP ${run}` })).toBeVisible();
  expect(readerProblems).toEqual([]);
  await reader.close();
});
