// The workbench handling tasks: an admin runs the rules from the scheduler screen; the manager
// copies a care task's greeting and completes it, and dismisses a churn warning with a reason,
// which the next run of the rule does not bring back.
import { BASE_URL, assert, clickUntilHidden, dialogOf, shot, step } from '../lib.mjs';

/** The admin runs one scheduled job now from 系统设置 → 定时任务 and waits for its outcome. */
async function runJobNow(admin, name, label) {
  await admin.goto(`${BASE_URL}/admin`);
  await admin.getByRole('tab', { name: '定时任务' }).click();
  await admin.getByRole('row').filter({ hasText: name }).getByRole('button', { name: '立即运行' }).click();
  // A click while the confirmation zooms in can miss its button: click until it closes.
  const popup = admin.locator('.ant-popconfirm:visible');
  await popup.waitFor();
  await clickUntilHidden(popup.getByRole('button', { name: '立即运行' }), popup, `the run of ${name} was not confirmed`);
  // Run here, or skipped because the server's own scheduler holds it this moment: either way
  // the rule has run once the message is shown.
  const outcome = admin.locator('.ant-message').getByText(new RegExp(`“${label}”(已运行|未运行)`));
  await outcome.waitFor();
  const text = await outcome.innerText();
  await admin.getByRole('row').filter({ hasText: name }).getByText(/成功|跳过/).first().waitFor();
  return text;
}

/** The manager's workbench on one task tab; returns the task rows of that kind. */
async function tasksOf(am, kind, tabLabel) {
  await am.goto(`${BASE_URL}/`);
  await am.getByRole('heading', { name: '今日工作' }).waitFor();
  await am.getByRole('tab', { name: new RegExp(`^${tabLabel}`) }).click();
  return am.getByTestId(`task-${kind}`);
}

export async function taskJourney({ admin, am }) {
  step('an admin runs the key-moment and churn rules from the scheduler screen');
  await runJobNow(admin, 'tasks.key_moments', '关键时刻关怀');
  await runJobNow(admin, 'tasks.churn', '离网预警');
  await admin.getByText('运行记录', { exact: true }).waitFor();
  await shot(admin, 'admin-scheduler');

  step('the manager copies a birthday greeting and completes the care task');
  await am.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
  const care = (await tasksOf(am, 'CARE', '关键时刻关怀')).filter({ hasText: '生日关怀' }).first();
  await care.waitFor();
  const title = (await care.getByRole('link').first().innerText()).trim();
  const shown = await care.getByText('祝福语：').locator('..').innerText();
  await care.getByRole('button', { name: '复制祝福语' }).click();
  await am.locator('.ant-message').getByText('已复制').waitFor();
  const copied = await am.evaluate(() => navigator.clipboard.readText());
  assert(copied.length > 10 && shown.includes(copied), `the copied greeting is the one shown (${copied})`);
  await shot(am, 'workbench-care-task');
  await care.getByRole('button', { name: '完成', exact: true }).click();
  await am.locator('.ant-message').getByText('已完成该待办').waitFor();
  await am.getByTestId('task-CARE').filter({ hasText: title }).waitFor({ state: 'detached' });

  step('the manager dismisses a churn warning, with the reason the dialog insists on');
  const warnings = await tasksOf(am, 'CHURN_WARNING', '离网预警');
  const warning = warnings.filter({ hasText: '集团收入较拍照月下降' }).first();
  await warning.waitFor();
  const warningTitle = (await warning.getByRole('link').first().innerText()).trim();
  await warning.getByRole('button', { name: '忽略', exact: true }).click();
  const dialog = await dialogOf(am, '忽略待办');
  await dialog.getByRole('button', { name: '忽略', exact: true }).click();
  await dialog.getByText('必填').waitFor();
  await dialog.getByLabel('忽略原因').fill('客户已续签三年，收入下降为季节性');
  await dialog.getByRole('button', { name: '忽略', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await am.locator('.ant-message').getByText('已忽略该待办').waitFor();
  await am.getByTestId('task-CHURN_WARNING').filter({ hasText: warningTitle }).waitFor({ state: 'detached' });

  step('running the churn rule again does not bring the dismissed warning back');
  await runJobNow(admin, 'tasks.churn', '离网预警');
  const again = await tasksOf(am, 'CHURN_WARNING', '离网预警');
  await again.first().waitFor();
  const titles = await again.allInnerTexts();
  assert(!titles.some((t) => t.includes(warningTitle)), `"${warningTitle}" stays dismissed`);
  assert(titles.length >= 1, 'the member warnings are still there to handle');
  await shot(am, 'workbench-churn-tasks');
}
