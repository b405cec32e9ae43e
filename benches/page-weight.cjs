// What each page makes a browser download of the app's code (WASM and JS under /pkg/), as sent on
// the wire (brotli), until the page has hydrated and the network is idle. Driven by
// benches/page-weight.py, which starts the server; run that, not this.
// Usage: node benches/page-weight.cjs BASE COOKIE ARTICLE_ID CLAIM_ID
const { chromium } = require("playwright-core");

const [base, cookie, article, claim] = process.argv.slice(2);
const pages = [
  ["reader", `/articles/${article}`],
  ["reader", "/"],
  ["reader", `/claims/${claim}`],
  ["reader", "/factchecks"],
  ["reader", "/login"],
  ["reviewer", `/articles/${article}`],
  ["reviewer", `/articles/${article}?claim=${claim}`],
  ["reviewer", "/review"],
  ["reviewer", "/account"],
  ["reviewer", "/submit"],
];

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  console.log("| who | page | files | main (WASM + JS) KiB | chunks KiB | total KiB |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: |");
  for (const [who, path] of pages) {
    const context = await browser.newContext({ baseURL: base });
    if (who === "reviewer") {
      const [name, value] = cookie.split("=");
      await context.addCookies([{ name, value, url: base }]);
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const urls = new Map();
    let main = 0, chunks = 0, files = 0;
    cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
    cdp.on("Network.loadingFinished", (e) => {
      const url = urls.get(e.requestId) ?? "";
      if (!url.includes("/pkg/") || !/\.(wasm|js)$/.test(new URL(url).pathname)) return;
      files += 1;
      const name = new URL(url).pathname.split("/").pop();
      if (process.env.WEIGH_LIST) console.error(`${path}\t${name}\t${e.encodedDataLength}`);
      // The split loader is named `__wasm_split.<padding>.js`.
      if (/^(claimcheck\.(wasm|js)|__wasm_split\.[^/]*js)$/.test(name)) main += e.encodedDataLength;
      else chunks += e.encodedDataLength;
    });
    await page.goto(path);
    await page.locator("body[data-hydrated=true]").waitFor({ timeout: 30000 });
    await page.waitForLoadState("networkidle");
    const kib = (n) => (n / 1024).toFixed(1);
    console.log(`| ${who} | \`${path.replace(/\d+/g, "{id}")}\` | ${files} | ${kib(main)} | ${kib(chunks)} | ${kib(main + chunks)} |`);
    await context.close();
  }
  await browser.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
