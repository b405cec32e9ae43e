// The account page (issue 21): a reviewer sees their sessions, signs another one out, and changes
// their password; a wrong current password is told so. The page hydrates without errors.
import { test, expect } from "@playwright/test";
import { openHydrated } from "./helpers";

const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "another fine passphrase here";

function uniqueName(prefix: string): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return `${prefix}${Date.now().toString(36)}${rand}`.slice(0, 32);
}

test("sessions are listed and ended, and the password is changed on /account", async ({ page, playwright }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const name = uniqueName("acct");
  const created = await page.request.post("/api/auth/register", { data: { username: name, password: PASSWORD } });
  expect(created.status()).toBe(201);
  // A second session of the same account, elsewhere.
  const phone = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await phone.post("/api/auth/login", { data: { username: name, password: PASSWORD } })).status()).toBe(200);

  await openHydrated(page, "/account");
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  const sessions = page.locator("li.session");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "this browser" })).toHaveCount(1);

  // Sign the other session out from here.
  await sessions.filter({ hasNotText: "this browser" }).getByRole("button", { name: "Sign out" }).click();
  await expect(sessions).toHaveCount(1);
  expect((await phone.get("/api/auth/me")).status()).toBe(401);

  await page.locator("#current-password").fill("not my password at all");
  await page.locator("#new-password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert")).toContainText("current password is not right");

  await page.locator("#current-password").fill(PASSWORD);
  await page.locator("#new-password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toHaveText("Password changed. Your other sessions have ended.");
  // Still signed in here, under the new password.
  await openHydrated(page, "/account");
  await expect(page.locator("li.session")).toHaveCount(1);
  const again = await phone.post("/api/auth/login", { data: { username: name, password: NEW_PASSWORD } });
  expect(again.status()).toBe(200);
  await phone.dispose();
  expect(errors).toEqual([]);
});
