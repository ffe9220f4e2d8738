// Helpers for the end-to-end journey: Debian's Chromium driven by playwright-core.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launch() {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  } catch (e) {
    throw new Error(`cannot start Chromium at ${CHROMIUM} (install Debian's chromium package): ${e.message}`);
  }
}

let shotNo = 0;
/**
 * A full-page screenshot, numbered in journey order; `{ fullPage: false }` for a page too long
 * to capture whole (Chromium refuses one taller than its texture limit), showing what is in view.
 */
export async function shot(page, name, { fullPage = true } = {}) {
  shotNo += 1;
  const file = join(SHOTS, `${String(shotNo).padStart(2, '0')}-${name}.png`);
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: file, fullPage });
}

let stepNo = 0;
export function step(text) {
  stepNo += 1;
  console.log(`[${stepNo}] ${text}`);
}

/** A browser context of its own (like a second person's browser), signed in through the login page. */
export async function signIn(browser, username, { lang = 'zh-CN', viewport = { width: 1440, height: 900 } } = {}) {
  // The users work in China: their browsers' clocks show Beijing time.
  const context = await browser.newContext({ viewport, locale: lang, timezoneId: 'Asia/Shanghai' });
  if (lang === 'en') await context.addInitScript(() => localStorage.setItem('gecrm.lang', 'en'));
  const page = await context.newPage();
  // Generous: the journey shares two cores with the rest of the test run (the unit tests' jsdom
  // workers among them), and a change plus the page's refetch can take seconds then.
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => console.error(`[${username}] page error: ${e.message}`));
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel(lang === 'en' ? 'Username' : '用户名').fill(username);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill('demo123456');
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录', exact: true }).click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

/**
 * The dialog (or drawer) of that name once it has finished opening. antd zooms a dialog in and
 * slides a drawer in, and a click that lands while the button is still moving can miss it, so
 * nothing clicks before then. A drawer moves the wrapper around its dialog, a modal the dialog.
 */
export async function dialogOf(page, name) {
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor();
  await dialog.evaluate((el) =>
    Promise.all(
      (el.closest('.ant-drawer-content-wrapper') ?? el)
        .getAnimations({ subtree: true })
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => {})),
    ),
  );
  return dialog;
}

/**
 * Confirms the dialog of that name and waits for it to close. A page that refetches while the
 * dialog opens (a live update of the same object) may re-render it under the pointer and lose
 * the click; the click is then made again (a second one on a busy button does nothing).
 */
export async function confirmDialog(page, name, button = '确定') {
  const dialog = await dialogOf(page, name);
  await clickUntilHidden(dialog.getByRole('button', { name: button }), dialog, `the dialog “${name}” did not close`, { tries: 3, wait: 10_000 });
}

/**
 * Clicks `target` until `gone` is hidden. Under load a click can land while the element
 * re-renders or zooms in and do nothing; it is then made again. `failure` is the error's text.
 */
export async function clickUntilHidden(target, gone, failure, { tries = 4, wait = 5_000 } = {}) {
  for (let i = 0; i < tries; i += 1) {
    await target.click({ timeout: 5_000 }).catch(() => {});
    if (await gone.waitFor({ state: 'hidden', timeout: wait }).then(() => true, () => false)) return;
  }
  throw new Error(failure);
}

/**
 * Types `search` into the searching select `picker` and, once every option in the list matches
 * it (the list re-renders as the server answers), chooses the one containing `name`.
 */
export async function pickSearched(page, picker, search, name) {
  await picker.click();
  await picker.fill(search);
  await page.waitForFunction((s) => {
    const names = [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent ?? '');
    return names.length > 0 && names.every((n) => n.includes(s));
  }, search);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first();
  await clickUntilHidden(option, page.locator('.ant-select-dropdown:visible'), `the option ${name} could not be chosen`);
}

/**
 * Opens the select `field` (a locator) and chooses the option with `text` (a string it contains,
 * '' for the first, or a pattern). Under load the list may re-render under the click: the option
 * is clicked again until the list has closed with the choice shown in the field.
 */
export async function chooseOption(page, field, text) {
  const select = field.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const took = async () => {
    const shown = (await select.locator('.ant-select-content-has-value').first().textContent({ timeout: 1_000 }).catch(() => '')) ?? '';
    return typeof text === 'string' ? shown !== '' && shown.includes(text) : text.test(shown);
  };
  for (let i = 0; ; i += 1) {
    await field.click({ timeout: 5_000 }).catch(() => {});
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click({ timeout: 5_000 }).catch(() => {});
    const closed = await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false);
    if (closed && (await took())) return;
    if (i === 3) throw new Error(`the option ${text} could not be chosen`);
  }
}

/** Today's date in Beijing, `YYYY-MM-DD`. */
export function beijingToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
