// Money matters: the manager asks for a refund of a billing data error with its evidence (the
// chain previewed: the head, the IT centre's head, the branch manager); each approves in turn;
// billing executes it from a phone, another clerk checks it, the billing centre's head audits it
// and it is in the month's analysis. Then the manager works an overdue account on a phone: the
// call that agrees a date, the notice refused until that date has passed, a payment with its
// receipt.
import { BASE_URL, assert, chooseOption, confirmDialog, dialogOf, pickSearched, shot, signIn, step } from '../lib.mjs';

async function fitsPhone(page, what) {
  await page.waitForLoadState('networkidle').catch(() => {});
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 390, `${what} is ${width} px wide at 390`);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Approves the adjustment at `url` as the signed-in `page`'s user, at the step waiting on them. */
async function approve(page, url, who) {
  await page.goto(url);
  const form = page.getByText('审批处理');
  await form.waitFor();
  await page.getByRole('button', { name: '同意', exact: true }).click();
  await form.waitFor({ state: 'hidden' });
  step(`  ${who} approved`);
}

export async function moneyJourney({ browser, am, head, branch, group }) {
  step('the manager asks for a refund of a billing data error with its evidence; the form previews the chain');
  await am.goto(`${BASE_URL}/adjustments`);
  await am.getByRole('heading', { name: '补退费' }).waitFor();
  await am.getByRole('button', { name: '申请补退费' }).click();
  await am.waitForURL(/\/adjustments\/new/);
  await pickSearched(am, am.getByLabel('集团客户'), group.name, group.name);
  await am.getByLabel('账户号').fill('ZH-E2E-0001');
  await chooseOption(am, am.getByLabel('补退费原因'), /^计费数据错误$/);
  await am.getByLabel('金额（元）').fill('260');
  await am.getByLabel('原因说明').fill('二月套餐费重复计收两次，客户提供了银行扣款记录');
  await am.getByLabel('整改意见').fill('计费系统套餐配置上线前增加重复计费校验');
  const preview = am.getByTestId('chain-preview');
  await preview.getByText('部门负责人 · 广州信息化中心').waitFor();
  await preview.getByText('分公司主管领导').waitFor();
  assert((await preview.getByText('总经理').count()) === 0, 'under ¥500 the general manager is not asked');
  // Nothing goes without evidence.
  await am.getByRole('button', { name: '提交申请' }).click();
  await am.getByText('请上传依据性文件').first().waitFor();
  await am.locator('input[type=file]').setInputFiles({ name: '银行扣款记录.pdf', mimeType: 'application/pdf', buffer: PDF });
  await shot(am, 'adjustment-request');
  await am.getByRole('button', { name: '提交申请' }).click();
  await am.waitForURL(/\/adjustments\/(?!new)[^/]+$/);
  const url = am.url();
  await am.getByText('银行扣款记录.pdf').waitFor();
  await am.getByText('审批中').first().waitFor();

  step('the head, the IT centre’s head and the branch manager approve in turn');
  await approve(head, url, 'gz_head');
  const it = await signIn(browser, 'gz_xx_head');
  await it.goto(`${BASE_URL}/approvals`);
  await it.getByText('补退费审批').first().waitFor();
  await approve(it, url, 'gz_xx_head (信息化中心)');
  await approve(branch, url, 'gz_branch');
  await am.goto(url);
  await am.getByText('待操作').first().waitFor();

  step('billing executes it from a phone with the billing system’s reference; another clerk checks it; the centre’s head audits it');
  const clerk = await signIn(browser, 'gz_billing', { viewport: { width: 390, height: 844 } });
  await clerk.getByRole('heading', { name: '今日工作' }).waitFor();
  await clerk.getByRole('link', { name: /ZH-E2E-0001|BT\d+/ }).first().waitFor();
  await clerk.goto(url);
  await clerk.getByRole('button', { name: '操作完成' }).click();
  const execute = await dialogOf(clerk, /操作完成/);
  await execute.getByLabel('操作流水号').fill('JF-E2E-0001');
  await fitsPhone(clerk, 'the execute dialog');
  await confirmDialog(clerk, /操作完成/, '操作完成');
  await clerk.getByText('JF-E2E-0001').first().waitFor();
  await shot(clerk, 'phone-adjustment-executed');
  await clerk.context().close();
  const checker = await signIn(browser, 'gz_billing2');
  await checker.goto(url);
  await checker.getByRole('button', { name: '审核' }).click();
  await confirmDialog(checker, /审核/, '审核');
  await checker.getByText('待稽核').first().waitFor();
  await checker.context().close();
  const auditor = await signIn(browser, 'gz_jf_head');
  await auditor.goto(url);
  await auditor.getByRole('button', { name: '稽核' }).click();
  await confirmDialog(auditor, /稽核/, '稽核');
  await auditor.getByText('已稽核').first().waitFor();
  await shot(auditor, 'adjustment-audited');
  await auditor.context().close();
  await it.context().close();

  step('the head sees it in the month’s analysis with its rectification proposal');
  await head.goto(`${BASE_URL}/adjustments/analysis`);
  await head.getByRole('heading', { name: '补退费分析' }).waitFor();
  await head.getByText('计费系统套餐配置上线前增加重复计费校验').first().waitFor();
  await shot(head, 'adjustment-analysis');

  step('on a phone, the manager calls about the most overdue account and agrees a date; the notice waits for it; a payment needs its receipt');
  const phone = await signIn(browser, 'gz_am1', { viewport: { width: 390, height: 844 } });
  await phone.goto(`${BASE_URL}/arrears`);
  await phone.getByRole('heading', { name: '欠费催缴' }).waitFor();
  const card = phone.getByTestId('arrears-card').first();
  await card.getByRole('button', { name: '电话/信函催缴' }).click();
  const contact = await dialogOf(phone, /电话\/信函催缴/);
  await contact.getByLabel('沟通内容').fill('告知欠费 3 个月，客户同意下周到营业厅缴清');
  await contact.getByLabel('约定缴费地点 / 方式').fill('天河营业厅');
  await fitsPhone(phone, 'the collection call');
  await confirmDialog(phone, /电话\/信函催缴/);
  await card.getByText('已联系').waitFor();
  await card.getByText(/起可打印欠费通知单/).waitFor();
  await card.getByRole('button', { name: '登记缴费' }).click();
  const pay = await dialogOf(phone, /登记缴费/);
  await pay.getByLabel('缴费金额（元）').fill('100');
  await pay.getByLabel('收据号').fill('SJ-E2E-0001');
  await confirmDialog(phone, /登记缴费/);
  await card.getByText('¥100.00').first().waitFor();
  await fitsPhone(phone, 'the collection items');
  await shot(phone, 'phone-arrears');
  await phone.context().close();
}
