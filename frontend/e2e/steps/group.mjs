// The manager finds a group, imports two members from a CSV, and logs a visit with the
// QX-FW-003 card.
import { BASE_URL, assert, chooseOption, dialogOf, shot, step } from '../lib.mjs';

const CSV = '\uFEFF姓名,号码,职务,关键人,VIP等级,运营商,状态,生日\r\n王小明,13800138111,信息中心主任,是,金卡,本网,在网,1982-03-04\r\n李红,13800138abc,科员,否,无,本网,在网,\r\n';

export async function groupJourney(am) {
  const group = { name: '广州越秀区教育局', search: '教育局' };
  step('the manager finds the group by name');
  await am.goto(`${BASE_URL}/groups`);
  await am.getByRole('heading', { level: 3, name: '集团客户' }).waitFor();
  await am.getByRole('searchbox', { name: '搜索集团' }).fill(group.search);
  await am.getByRole('searchbox', { name: '搜索集团' }).press('Enter');
  await am.getByRole('link', { name: group.name }).waitFor();
  await shot(am, 'groups');
  await am.getByRole('link', { name: group.name }).click();
  await am.getByRole('heading', { level: 3, name: group.name }).waitFor();
  group.url = am.url();
  await shot(am, 'group-profile');

  step('imports members from a CSV: progress, then the wrong row reported');
  await am.getByRole('tab', { name: '成员' }).click();
  const members = am.getByRole('tabpanel', { name: '成员' });
  await members.getByRole('button', { name: '批量导入' }).click();
  const importDialog = await dialogOf(am, /批量导入成员/);
  await importDialog.locator('input[type=file]').setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await importDialog.getByText('只导入正确的行').click();
  await importDialog.getByRole('button', { name: '开始导入' }).click();
  await importDialog.getByTestId('import-status').filter({ hasText: '部分完成' }).waitFor({ timeout: 30_000 });
  await importDialog.getByText('13800138abc').or(importDialog.getByRole('cell', { name: '3' })).first().waitFor();
  await shot(am, 'member-import');
  await importDialog.getByRole('button', { name: '完成' }).click();
  await members.getByText('王小明').waitFor();

  step('logs a visit with the card, noting a need for a dedicated line');
  await am.getByRole('tab', { name: '走访' }).click();
  const visits = am.getByRole('tabpanel', { name: '走访' });
  await visits.getByRole('button', { name: '记录走访' }).click();
  const card = await dialogOf(am, '走访记录卡（QX-FW-003）');
  await chooseOption(am, card.getByLabel('走访目的'), /^需求了解$/);
  await card.getByLabel('接洽人').click();
  await card.getByLabel('接洽人').press('Enter');
  await card.getByLabel('专线接入').check();
  await card.getByLabel('走访纪要').fill('信息中心计划将各校专线统一提速到 100M，要求月底前给方案。');
  await card.getByLabel('下一步工作').fill('两个工作日内提交专线提速方案');
  await card.getByRole('radiogroup', { name: '服务满意度' }).getByText('满意', { exact: true }).click();
  await card.getByRole('radiogroup', { name: '网络满意度' }).getByText('满意', { exact: true }).click();
  await shot(am, 'visit-card');
  await card.getByRole('button', { name: '保存走访记录' }).click();
  await am.getByText('走访已记录').first().waitFor();
  // The needs set the proposal's deadline (rule 1), said at once.
  await am.getByText(/^走访已记录。客户有业务需求，方案须在 \d{4}-\d\d-\d\d \d\d:\d\d 前提交/).waitFor();
  await am.getByRole('link', { name: '据此创建方案' }).first().waitFor();
  // The list reads in date order, latest first (planned, done or missed alike).
  const rows = await visits.locator('tbody tr.ant-table-row').allInnerTexts();
  const dates = rows.map((r) => r.match(/\d{4}-\d\d-\d\d \d\d:\d\d/)?.[0]).filter(Boolean);
  assert(dates.length >= 2 && dates.every((d, i) => i === 0 || dates[i - 1] >= d), `visits latest first: ${dates}`);
  await shot(am, 'group-visits');

  step('a proposal made from the visit starts filled in from its needs');
  await am.getByRole('link', { name: '据此创建方案' }).first().click();
  await am.getByRole('heading', { name: '新建方案' }).waitFor();
  const title = am.getByLabel('方案名称');
  await am.waitForFunction((name) => document.querySelector('#title, [id$="_title"]')?.value?.startsWith(name), group.name);
  assert((await title.inputValue()).endsWith('方案'), `the title names the group and needs: ${await title.inputValue()}`);
  assert((await am.getByLabel('产品 1').count()) === 1, 'the visit’s need is a line');
  await shot(am, 'proposal-from-visit');
  await am.getByRole('button', { name: '取消' }).click();
  await am.waitForURL(/\/proposals$/);
  return group;
}
