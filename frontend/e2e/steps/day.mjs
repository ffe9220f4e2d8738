// The 四三 day: in the morning the manager plans the day on a phone (三定: the matter, the means,
// the resources) for the group they will visit; the visit recorded later closes the item by
// itself; in the evening the day's log has assembled itself, the manager adds notes, and the head
// reviews the month.
import { BASE_URL, assert, confirmDialog, dialogOf, pickSearched, shot, signIn, step } from '../lib.mjs';

const fitsPhone = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Morning: a phone-width plan with one item of the manager's own for `group`. */
export async function planJourney({ browser, group }) {
  step('in the morning the manager plans the day on a phone: the matter, the means and the resources');
  const phone = await signIn(browser, 'gz_am1', { viewport: { width: 390, height: 844 } });
  await phone.getByRole('heading', { name: '今日工作' }).waitFor();
  const panel = phone.locator('#wb-plan');
  await panel.getByText('今日计划（三定）').waitFor();
  // The demo's plan is there already, taken from the morning's checks.
  await panel.getByTestId('plan-item').first().waitFor();
  await panel.getByRole('button', { name: '新增事项' }).click();
  const dialog = await dialogOf(phone, '加入今日计划');
  await dialog.getByLabel('事项', { exact: true }).fill('上门了解各校专线提速需求');
  // Under load the options re-render as the search answers: choose once the list has narrowed,
  // and check the choice took before going on (an item without its group never closes by a visit).
  await pickSearched(phone, dialog.getByLabel('集团', { exact: true }), group.search, group.name);
  await dialog.getByLabel('走访对象').fill('信息中心王主任');
  await dialog.getByLabel('走访目的').fill('了解专线提速需求，约定方案时间');
  await dialog.getByLabel('定所需资源').fill('请首席客户经理同行');
  await shot(phone, 'phone-plan-item');
  await confirmDialog(phone, '加入今日计划');
  const item = panel.getByTestId('plan-item').filter({ hasText: '上门了解各校专线提速需求' });
  await item.waitFor();
  assert((await item.getAttribute('data-status')) === 'OPEN', 'the new item is open');
  await item.getByText('请首席客户经理同行').waitFor();
  await item.getByRole('link', { name: group.name }).waitFor();
  assert(await fitsPhone(phone), 'the plan fits 390 px');
  await shot(phone, 'phone-plan');
  return { phone, title: '上门了解各校专线提速需求' };
}

/** Evening: the visit closed the item; the log has it; notes are kept; the head reviews the month. */
export async function logJourney({ plan, head }) {
  const { phone, title } = plan;
  step('the visit recorded at the group closed its plan item by itself');
  await phone.goto(`${BASE_URL}/`);
  const item = phone.locator('#wb-plan').getByTestId('plan-item').filter({ hasText: title });
  await item.waitFor();
  await phone.waitForFunction(
    (t) => [...document.querySelectorAll('[data-testid="plan-item"]')].some((el) => el.textContent.includes(t) && el.dataset.status === 'DONE'),
    title,
  );
  await item.getByText('已由走访或电话完成').waitFor();
  await shot(phone, 'phone-plan-done');

  step('the day’s work log assembled itself; the manager adds notes on the phone');
  await phone.goto(`${BASE_URL}/worklog`);
  await phone.getByRole('heading', { name: '工作日志' }).waitFor();
  const entries = phone.getByTestId('log-entry');
  await entries.filter({ hasText: '需求了解' }).first().waitFor();
  await phone.getByLabel('日志说明').fill('教育局要求月底前给专线提速方案，已约下周二再访。');
  await phone.getByRole('button', { name: '保存说明' }).click();
  await phone.getByText('说明已保存').waitFor();
  assert(await fitsPhone(phone), 'the log fits 390 px');
  await shot(phone, 'phone-worklog');

  step('the head reviews the month of the team’s logs and comments');
  await head.goto(`${BASE_URL}/worklog`);
  await head.getByRole('tab', { name: '团队日志' }).waitFor();
  const row = head.getByRole('row').filter({ hasText: '张晓明' });
  await row.waitFor();
  await row.getByText('未审阅').waitFor();
  await row.getByText('张晓明').click();
  await head.getByRole('button', { name: '审阅本月' }).waitFor();
  await shot(head, 'head-worklog-month');
  await head.getByRole('button', { name: '审阅本月' }).click();
  const dialog = await dialogOf(head, /审阅 张晓明/);
  await dialog.getByLabel('评论').fill('走访记录及时，注意方案时限。');
  await confirmDialog(head, /审阅 张晓明/, '审阅本月');
  await head.getByText('走访记录及时，注意方案时限。').waitFor();
  await head.getByRole('button', { name: '返回团队' }).click();
  await head.getByRole('row').filter({ hasText: '张晓明' }).getByText('已审阅').waitFor();
  await shot(head, 'head-worklog-team');

  step('the manager submits the week’s summary, drafted from the week’s records; the head comments');
  await phone.goto(`${BASE_URL}/summaries`);
  await phone.getByRole('heading', { name: '工作成果小结' }).waitFor();
  const text = phone.getByLabel('小结内容');
  await phone.waitForFunction(() => document.querySelector('textarea')?.value.includes('一、客户走访'));
  // The demo's draft was written before today's visit: drafted again, it counts it.
  await phone.getByRole('button', { name: '按最新记录重新起草' }).click();
  await phone.waitForFunction(() => /上门走访 [1-9]\d* 次/.test(document.querySelector('textarea')?.value ?? ''));
  await text.fill(`${await text.inputValue()}下周二再访教育局，提交专线提速方案。`);
  await phone.getByRole('button', { name: '提交负责人' }).click();
  await phone.getByText('已提交', { exact: true }).first().waitFor();
  assert(await fitsPhone(phone), 'the summary fits 390 px');
  await shot(phone, 'phone-summary');
  await head.goto(`${BASE_URL}/summaries`);
  await head.getByRole('tab', { name: '小结列表' }).click();
  await head.getByRole('tab', { name: '待我点评' }).click();
  const mine = head.getByTestId('summary-row').filter({ hasText: '张晓明' }).first();
  await mine.getByRole('button', { name: '点评' }).click();
  const dialog2 = await dialogOf(head, /点评 张晓明/);
  await dialog2.getByLabel('点评').fill('方案要抓紧，注意时限。');
  await confirmDialog(head, /点评 张晓明/, '点评');
  await head.getByRole('tab', { name: '全部' }).click();
  await head.getByTestId('summary-row').filter({ hasText: '方案要抓紧，注意时限。' }).first().waitFor();
  await shot(head, 'head-summaries');

  step('the head sets next month’s targets from the figures and watches the groups at risk');
  await head.goto(`${BASE_URL}/kpi`);
  await head.getByRole('heading', { name: '业绩指标' }).waitFor();
  const kpiRow = head.getByRole('row').filter({ hasText: '张晓明' }).first();
  await kpiRow.getByText('设定目标').click();
  const targets = await dialogOf(head, /设定 张晓明 的目标/);
  await targets.getByLabel('回访集团数').fill('12');
  await confirmDialog(head, /设定 张晓明 的目标/);
  await head.getByText('目标已保存').waitFor();
  await shot(head, 'head-targets');
  await head.goto(`${BASE_URL}/monitored`);
  await head.getByRole('heading', { name: '重点服务监控集团报表' }).waitFor();
  await head.getByTestId('monitor-total').waitFor();
  await shot(head, 'head-monitored');
}
