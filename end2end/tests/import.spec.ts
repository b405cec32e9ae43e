// Importing an article: the reviewer gives a link to a page this test serves on 127.0.0.1 (the server
// is started with CLAIMCHECK_FETCH_ALLOW_HOSTS naming it, see scripts/e2e.sh), checks the filled form,
// submits, and sees the claims. The same import works with JavaScript turned off.
import { test, expect, Page } from "@playwright/test";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { openHydrated, register, PASSWORD } from "./helpers";

const run = Date.now().toString(36);
const PORT = Number(process.env.E2E_IMPORT_PORT ?? 3219);

const STORY = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tram line carries record numbers | Riverside Courier</title>
<meta property="og:title" content="Tram line carries record numbers">
<meta property="og:site_name" content="Riverside Courier">
<meta property="article:published_time" content="2025-04-11T09:15:00+02:00">
<meta name="author" content="Ines Moreau">
</head>
<body>
<nav><a href="/">Home</a> <a href="/city">City</a></nav>
<div class="newsletter-signup"><p>Get our newsletter: 5 stories every morning, free for 30 days.</p></div>
<article>
<h1>Tram line carries record numbers</h1>
<div class="article-content">
<p>The new tram line between the station and the university carried 2.3 million passengers in its first year, the city transport company said on Friday.</p>
<p>That was 40% more than the company had forecast, and trams now run every 6 minutes at peak times instead of every 10.</p>
<p>A second line, to the hospital, is due to open in 2027 at a cost of about 180 million euros.</p>
</div>
<div class="share-tools"><a href="#">Share</a> <a href="#">Tweet</a></div>
</article>
<footer><p>Riverside Courier, 14 Quay Road. All rights reserved.</p></footer>
</body>
</html>`;

let server: http.Server;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/story") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(STORY);
    } else {
      res.writeHead(200, { "Content-Type": "image/png" });
      res.end("not a page");
    }
  });
  await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
  expect((server.address() as AddressInfo).port).toBe(PORT);
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test("a reviewer imports an article from a link, checks the filled form, submits and sees the claims", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await register(page, `imp_${run}`);
  await openHydrated(page, "/submit");

  // A link that is not a page: the error shows in place.
  await page.getByLabel("From a link").fill(`http://127.0.0.1:${PORT}/logo.png`);
  await page.locator("form.import-link").getByRole("button", { name: "Import" }).click();
  await expect(page.locator("#import-error")).toHaveText("not an HTML page (image/png)");
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");

  await page.getByLabel("From a link").fill(`http://127.0.0.1:${PORT}/story`);
  await page.locator("form.import-link").getByRole("button", { name: "Import" }).click();
  await expect(page.locator("#import-done")).toBeVisible();
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByLabel("Title")).toHaveValue("Tram line carries record numbers");
  await expect(page.getByLabel("Publisher (optional)")).toHaveValue("Riverside Courier");
  await expect(page.getByLabel("Published (optional)")).toHaveValue("2025-04-11");
  await expect(page.getByLabel("Original URL (optional)")).toHaveValue(`http://127.0.0.1:${PORT}/story`);
  const body = await page.getByLabel("Article text").inputValue();
  expect(body.startsWith("The new tram line between the station")).toBe(true);
  expect(body.split("\n\n")).toHaveLength(3);
  for (const furniture of ["newsletter", "Share", "Quay Road", "Home"]) expect(body).not.toContain(furniture);

  // The reviewer corrects the title before submitting.
  await page.getByLabel("Title").fill(`Tram line carries record numbers ${run}`);
  await page.getByRole("button", { name: "Submit and extract claims" }).click();
  await expect(page).toHaveURL(/\/articles\/\d+/);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator("h1")).toContainText(`Tram line carries record numbers ${run}`);
  const marks = page.locator(".article-body mark.claim");
  await expect(marks.first()).toBeVisible();
  expect(await marks.count()).toBeGreaterThanOrEqual(2);
  await expect(page.locator(".article-body mark.claim", { hasText: "2.3 million" })).toHaveCount(1);
  expect(errors).toEqual([]);
});

test("importing from a link works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const r = await context.request.post("/api/auth/register", {
    data: { username: `nojs_${run}`, password: PASSWORD },
  });
  expect(r.status()).toBe(201);
  const page = await context.newPage();
  await page.goto("/submit");
  await page.getByLabel("From a link").fill(`http://127.0.0.1:${PORT}/story`);
  await page.locator("form.import-link").getByRole("button", { name: "Import" }).click();
  await expect(page.getByLabel("Title")).toHaveValue("Tram line carries record numbers");
  await expect(page.getByLabel("Article text")).toHaveValue(/^The new tram line between the station/);
  // The test before submitted this link: the page points to that article.
  await expect(page.locator("#import-existing a")).toContainText("Tram line carries record numbers");
  await context.close();
});

test("a pasted article refused without JavaScript keeps its text, then submits", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const r = await context.request.post("/api/auth/register", {
    data: { username: `nojs_paste_${run}`, password: PASSWORD },
  });
  expect(r.status()).toBe(201);
  const page = await context.newPage();
  await page.goto("/submit");
  const text =
    "The harbour ferry carried 41,000 passengers in March, the port authority said. " +
    "Its second boat is due in service by June.";
  await page.getByLabel("Title").fill(`Ferry figures ${run}`);
  await page.getByLabel("Article text").fill(text);
  // A link the browser accepts as a URL and the server refuses (http and https only).
  await page.getByLabel("Original URL (optional)").fill("ftp://files.example/ferry");
  await page.getByRole("button", { name: "Submit and extract claims" }).click();
  await expect(page.locator("#submit-error")).toContainText("http");
  await expect(page.getByLabel("Title")).toHaveValue(`Ferry figures ${run}`);
  await expect(page.getByLabel("Article text")).toHaveValue(text);
  await page.getByLabel("Original URL (optional)").fill("https://port.example/ferry");
  await page.getByRole("button", { name: "Submit and extract claims" }).click();
  await expect(page).toHaveURL(/\/articles\/\d+/);
  await expect(page.locator("h1")).toContainText(`Ferry figures ${run}`);
  await expect(page.locator(".article-body mark.claim", { hasText: "41,000" })).toHaveCount(1);
  await context.close();
});

test("a reviewer imports a saved page, with and without JavaScript", async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const r = await context.request.post("/api/auth/register", {
      data: { username: `saved_${javaScriptEnabled ? "js" : "nojs"}_${run}`, password: PASSWORD },
    });
    expect(r.status()).toBe(201);
    if (javaScriptEnabled) await openHydrated(page, "/submit");
    else await page.goto("/submit");

    const form = page.locator("form.import-file");
    await form.getByLabel("From a saved page").setInputFiles({
      name: "tram.html",
      mimeType: "text/html",
      buffer: Buffer.from(STORY, "utf8"),
    });
    await form.getByRole("button", { name: "Import" }).click();
    await expect(page.getByLabel("Title")).toHaveValue("Tram line carries record numbers");
    await expect(page.getByLabel("Publisher (optional)")).toHaveValue("Riverside Courier");
    await expect(page.getByLabel("Published (optional)")).toHaveValue("2025-04-11");
    const body = await page.getByLabel("Article text").inputValue();
    expect(body.startsWith("The new tram line between the station")).toBe(true);
    expect(body).not.toContain("newsletter");

    if (!javaScriptEnabled) {
      // Without JavaScript the server sent the filled form whole; submitting it is the paste
      // journey, which the first test takes.
      await context.close();
      continue;
    }
    await page.getByLabel("Title").fill(`Saved tram page ${run}`);
    await page.getByRole("button", { name: "Submit and extract claims" }).click();
    await expect(page).toHaveURL(/\/articles\/\d+/);
    await expect(page.locator("h1")).toContainText(`Saved tram page ${run}`);
    await expect(page.locator(".article-body mark.claim", { hasText: "2.3 million" })).toHaveCount(1);
    expect(errors).toEqual([]);
    await context.close();
  }
});
