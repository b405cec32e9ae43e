// A reviewer creates an account, signs out, signs back in; a wrong password is told so plainly.
// Each run uses fresh usernames, so the suite can run against a database that already has users.
import { test, expect, Page } from "@playwright/test";
import { openHydrated } from "./helpers";

const PASSWORD = "correct horse battery staple";
const BAD_CREDENTIALS = "invalid username or password";

/** 3..32 characters of [A-Za-z0-9_.-], unique per call. */
function uniqueName(prefix: string): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return `${prefix}${Date.now().toString(36)}${rand}`.slice(0, 32);
}

async function fillAndSubmit(page: Page, form: "login" | "register", username: string, password: string) {
  await page.locator(`#${form}-username`).fill(username);
  await page.locator(`#${form}-password`).fill(password);
  await page.getByRole("button", { name: form === "login" ? "Sign in" : "Create account" }).click();
}

test("register, sign out, sign in again: the header follows", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const name = uniqueName("rev");

  await openHydrated(page, "/register");
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await fillAndSubmit(page, "register", name, PASSWORD);

  // Signed in straight away, and sent to the article list.
  await expect(page.getByTestId("username")).toHaveText(name);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Articles" })).toBeVisible();

  // The session lives in a cookie the server knows: a fresh load still shows the name.
  await openHydrated(page, "/");
  await expect(page.getByTestId("username")).toHaveText(name);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("username")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  // And the server agrees: a reload is anonymous too.
  await openHydrated(page, "/");
  await expect(page.getByTestId("username")).toHaveCount(0);

  await openHydrated(page, "/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await fillAndSubmit(page, "login", name, PASSWORD);
  await expect(page.getByTestId("username")).toHaveText(name);
  await expect(page).toHaveURL(/\/$/);
  expect(errors).toEqual([]);
});

test("a wrong password shows a clear message and signs nobody in", async ({ page }) => {
  const name = uniqueName("wp");
  // Create the account over the JSON API, then drop its session cookie.
  const created = await page.request.post("/api/auth/register", { data: { username: name, password: PASSWORD } });
  expect(created.status()).toBe(201);
  await page.context().clearCookies();

  await openHydrated(page, "/login");
  await fillAndSubmit(page, "login", name, "not the right password");
  const alert = page.getByRole("alert");
  await expect(alert).toHaveText(BAD_CREDENTIALS);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId("username")).toHaveCount(0);

  // The same words for an account that does not exist.
  await page.locator("#login-password").fill("not the right password either");
  await page.locator("#login-username").fill(uniqueName("nobody"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText(BAD_CREDENTIALS);
});

test("the forms work with JavaScript disabled (plain POST and redirect)", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const name = uniqueName("nojs");

  await page.goto("/register");
  await fillAndSubmit(page, "register", name, PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("username")).toHaveText(name);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("username")).toHaveCount(0);

  await page.goto("/login");
  await fillAndSubmit(page, "login", name, PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("username")).toHaveText(name);

  // A wrong password comes back to the form with the message, still without JavaScript.
  await page.context().clearCookies();
  await page.goto("/login");
  await fillAndSubmit(page, "login", name, "not the right password");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("alert")).toHaveText(BAD_CREDENTIALS);
  await expect(page.getByTestId("username")).toHaveCount(0);
  await context.close();
});
