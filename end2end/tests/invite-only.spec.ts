// A site in invite-only mode (CLAIMCHECK_REGISTRATION=invite), on a server of its own: its first
// admin comes from the command line, a walk-in is refused at /register, an invitation made on the
// accounts page registers one new reviewer and is refused the second time, and an invitation made
// with `claimcheck invite create --trusted` registers a trusted one.
import { test, expect, Browser, Page } from "@playwright/test";
import { ChildProcess, execFileSync, spawn } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { PASSWORD } from "./helpers";

const PORT = Number(process.env.E2E_INVITE_PORT ?? 3217);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = "inviting_admin";

let dir = "";
let server: ChildProcess | undefined;
let env: NodeJS.ProcessEnv = {};

function cli(args: string[], input?: string): string {
  return execFileSync(process.env.E2E_BIN!, args, { env, input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "claimcheck-invite-"));
  env = {
    ...process.env,
    DATABASE_URL: `sqlite://${dir}/invite.db`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
    LEPTOS_SITE_ROOT: path.resolve("../target/site"),
    CLAIMCHECK_REGISTRATION: "invite",
    CLAIMCHECK_PUBLIC_URL: BASE,
    RUST_LOG: "warn",
  };
  cli(["user", "create", ADMIN, "--admin", "--password-stdin"], `${PASSWORD}\n`);
  server = spawn(process.env.E2E_BIN!, ["serve"], { env, stdio: "ignore" });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the invite-only server did not start on ${BASE}`);
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(page: Page, where: string) {
  await page.goto(`${BASE}${where}`);
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

async function signUp(browser: Browser, name: string, where: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await open(page, where);
  await page.locator("#register-username").fill(name);
  await page.locator("#register-password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  return page;
}

async function standingOf(page: Page): Promise<string> {
  return (await (await page.request.get(`${BASE}/api/auth/me`)).json()).standing;
}

test("invite-only: walk-ins are refused, an invitation registers one reviewer once", async ({ browser }) => {
  // Nobody registers without a link.
  const walkIn = await signUp(browser, "walk_in", "/register");
  await expect(walkIn.getByRole("alert")).toContainText("by invitation only");
  await expect(walkIn.getByTestId("username")).toHaveCount(0);

  // The admin the command line created signs in and makes an invitation (standing: new).
  const admin = await (await browser.newContext()).newPage();
  await open(admin, "/login");
  await admin.locator("#login-username").fill(ADMIN);
  await admin.locator("#login-password").fill(PASSWORD);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin.getByTestId("username")).toHaveText(ADMIN);
  await open(admin, "/admin/users");
  await admin.getByTestId("invite-form").getByRole("button", { name: "Create invitation" }).click();
  const link = new URL((await admin.getByTestId("invite-link").textContent())!.trim());
  expect(link.origin).toBe(BASE);
  expect(link.pathname).toBe("/register");

  // The invited person registers with it, as a new reviewer.
  const guest = await signUp(browser, "invited_guest", `/register${link.search}`);
  await expect(guest.getByTestId("username")).toHaveText("invited_guest");
  expect(await standingOf(guest)).toBe("new");

  // The same link a second time: refused, and told why.
  const late = await signUp(browser, "late_guest", `/register${link.search}`);
  await expect(late.getByRole("alert")).toContainText("already been used");
  await expect(late.getByTestId("username")).toHaveCount(0);

  // An invitation from the command line, granting standing: the link it prints registers a
  // trusted reviewer.
  const printed = cli(["invite", "create", "--trusted", "--expires-hours", "2"]);
  const cliLink = new URL(printed.match(/https?:\/\/\S+/)![0]);
  expect(cliLink.origin).toBe(BASE);
  const trusted = await signUp(browser, "trusted_guest", `/register${cliLink.search}`);
  await expect(trusted.getByTestId("username")).toHaveText("trusted_guest");
  expect(await standingOf(trusted)).toBe("trusted");

  // The accounts page shows both invitations used, by whom.
  await open(admin, "/admin/users");
  await expect(admin.getByTestId("invite-row").filter({ hasText: "invited_guest" })).toContainText("used");
  await expect(admin.getByTestId("invite-row").filter({ hasText: "trusted_guest" })).toContainText("used");
});
