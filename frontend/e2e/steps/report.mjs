// 重要信息上报: on a phone the manager reports an urgent competitor's move about their group with a
// photo from the site; the head is told at once on the workbench, opens it (the author sees it
// read), sends it up to the branch with a note; the head's list counts reports by kind and group,
// and the group's page lists the report.
import { BASE_URL, assert, confirmDialog, dialogOf, pickSearched, shot, signIn, step } from '../lib.mjs';

const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const fitsPhone = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

export async function reportJourney({ browser, head, group }) {
  step('on a phone the manager reports an urgent competitor move with a photo; the head is told at once');
  await head.goto(`${BASE_URL}/`);
  await head.getByRole('heading', { name: '今日工作' }).waitFor();
  const phone = await signIn(browser, 'gz_am1', { viewport: { width: 390, height: 844 } });
  await phone.goto(`${BASE_URL}/reports`);
  await phone.getByRole('heading', { name: '重要信息上报' }).waitFor();
  await phone.getByRole('button', { name: '上报信息' }).click();
  const dialog = await dialogOf(phone, '上报重要信息');
  await dialog.getByText('紧急', { exact: true }).click();
  // Under load the options re-render as the search answers: choose once the list has narrowed.
  await pickSearched(phone, dialog.getByLabel('涉及集团', { exact: true }), group.search, group.name);
  const title = '异网报出专线低价，客户下周比选';
  await dialog.getByLabel('标题').fill(title);
  await dialog.getByLabel('内容').fill('对手报 100M 专线 980 元/月并免费迁移，信息中心主任下周二开会比选，需分公司支持专项折扣。');
  await dialog.locator('input[type=file]').setInputFiles({ name: '现场报价单.png', mimeType: 'image/png', buffer: PHOTO });
  await shot(phone, 'phone-report-new');
  await confirmDialog(phone, '上报重要信息', '上报信息');
  await phone.waitForURL(/\/reports\/[^/]+$/);
  await phone.getByRole('heading', { name: title }).waitFor();
  await phone.getByText('现场报价单.png').waitFor();
  await phone.getByRole('link', { name: group.name }).waitFor();
  const receipt = phone.getByTestId('report-receipt').filter({ hasText: '黄丽华' });
  await receipt.getByText('未读').waitFor();
  assert(await fitsPhone(phone), 'the report fits 390 px');
  await shot(phone, 'phone-report');

  // The head, on the workbench, is told; the notice opens the report, which is the read receipt.
  const notice = head.locator('.ant-notification-notice').filter({ hasText: '紧急重要信息' });
  await notice.waitFor({ timeout: 20_000 });
  await shot(head, 'report-live-notice', { fullPage: false });
  await notice.getByRole('button', { name: '查看' }).click();
  await head.getByRole('heading', { name: title }).waitFor();
  await head.getByRole('button', { name: '上报上级' }).click();
  await dialogOf(head, '上报上级');
  await head.getByRole('dialog', { name: '上报上级' }).getByLabel('说明').fill('已核实，请分公司审批专项折扣');
  await confirmDialog(head, '上报上级', '上报上级');
  await head.getByText('已报分公司', { exact: true }).first().waitFor();
  await shot(head, 'report-escalated');

  step('the manager sees it read and sent up, with the head\'s note; the head counts reports by kind and group');
  await phone.reload();
  await phone.getByTestId('report-receipt').filter({ hasText: '黄丽华' }).getByText(/^已读/).waitFor();
  await phone.getByTestId('report-comment').filter({ hasText: '已核实，请分公司审批专项折扣' }).waitFor();
  await phone.getByText('已报分公司', { exact: true }).first().waitFor();
  await head.goto(`${BASE_URL}/reports`);
  const tally = head.getByTestId('report-tally');
  await tally.getByText(/^竞争情报 \d+$/).waitFor();
  await tally.getByText(new RegExp(`^${group.name} \\d+$`)).click();
  await head.getByTestId('report-row').filter({ hasText: title }).waitFor();
  await shot(head, 'reports-head');
  await phone.goto(`${BASE_URL}/reports`);
  await phone.getByTestId('report-row').filter({ hasText: title }).waitFor();
  assert(await fitsPhone(phone), 'the list fits 390 px');
  await shot(phone, 'phone-reports');
  return { title };
}
