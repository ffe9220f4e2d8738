// The service desk on a phone: a complaint registered at the counter stays the desk's through a
// hand-off; a request to disconnect goes from the desk to the head's dispatch, the manager's
// outcome (lost to a competitor), the head's verification, back to the desk; the lost member is
// in the churn archive.
import { BASE_URL, assert, chooseOption, dialogOf, shot, step } from '../lib.mjs';

/** No page may scroll sideways on the phone. */
async function fitsPhone(page, what) {
  await page.waitForLoadState('networkidle').catch(() => {});
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 390, `${what} is ${width} px wide at 390`);
}

/** Confirms the modal a button opened. */
async function confirm(page) {
  const box = page.locator('.ant-modal-confirm');
  await box.waitFor();
  // The box zooms in, and under load a click while it moves can miss: click again until it closes
  // (a second click on a button already at work does nothing).
  for (let i = 0; i < 4; i += 1) {
    await box.getByRole('button', { name: /确\s*定|OK/ }).click({ timeout: 5_000 }).catch(() => {});
    if (await box.waitFor({ state: 'hidden', timeout: 8_000 }).then(() => true, () => false)) return;
  }
  throw new Error('the confirmation did not close');
}

export async function serviceJourney({ desk, head, am, group }) {
  const phone = '13800138111'; // 王小明, imported into the group by the manager

  step('at the counter (a phone), the desk registers a complaint by the caller’s number; it stays the desk’s after a hand-off');
  await desk.goto(`${BASE_URL}/complaints`);
  await desk.getByRole('heading', { name: '投诉（首问负责）' }).waitFor();
  await desk.getByRole('button', { name: '登记投诉' }).click();
  const form = await dialogOf(desk, '登记投诉');
  await form.getByLabel('客户号码').fill(phone);
  await form.getByLabel('客户反映的问题').fill('会议室手机信号差，通话断线');
  await fitsPhone(desk, 'the complaint form');
  await form.getByRole('button', { name: '登记投诉' }).click();
  await desk.waitForURL(/\/complaints\/[^/]+$/);
  await desk.getByText(group.name).first().waitFor();
  await desk.getByRole('timer').filter({ hasText: /剩余/ }).first().waitFor();
  await desk.getByRole('button', { name: '转交处理' }).click();
  const handOff = await dialogOf(desk, '转交处理');
  await handOff.getByLabel('请对方处理的事项').fill('请网络维护测试会议室信号');
  await handOff.getByRole('button', { name: '确定' }).click();
  await desk.getByText('已转交，投诉仍由你负责').waitFor();
  await desk.getByTestId('complaint-step').filter({ hasText: '转交处理' }).waitFor();
  assert((await desk.getByText('首问负责人').count()) > 0, 'the first responder is shown');
  await fitsPhone(desk, 'the complaint');
  await shot(desk, 'phone-complaint');

  step('the group’s manager logs a complaint visit against it; the desk still owns it');
  const complaintUrl = desk.url();
  await am.goto(complaintUrl);
  await am.getByRole('button', { name: '记录投诉走访' }).click();
  const card = await dialogOf(am, '走访记录卡（QX-FW-003）');
  await card.getByLabel('接洽人').click();
  await card.getByLabel('接洽人').press('Enter');
  await card.getByLabel('走访纪要').fill('上门测试会议室信号，已报网络优化');
  await card.getByRole('radiogroup', { name: '服务满意度' }).getByText('满意', { exact: true }).click();
  await card.getByRole('radiogroup', { name: '网络满意度' }).getByText('不太满意', { exact: true }).click();
  await card.getByRole('button', { name: '保存走访记录' }).click();
  await am.getByTestId('complaint-step').filter({ hasText: '走访处理' }).filter({ hasText: '上门测试会议室信号' }).waitFor();
  await shot(am, 'complaint-visit');

  step('the desk registers a request to disconnect the same number');
  await desk.goto(`${BASE_URL}/retention`);
  await desk.getByRole('heading', { name: '拆机挽留' }).waitFor();
  await desk.getByRole('button', { name: '登记拆机申请' }).click();
  const reg = await dialogOf(desk, '登记拆机申请');
  await reg.getByLabel('拆机号码').fill(phone);
  await reg.getByLabel('客户所说的原因').fill('单位统一换到别家');
  await reg.getByLabel('首次挽留做了什么').fill('介绍了集团内互打免费，客户仍要拆');
  await reg.getByRole('button', { name: '登记拆机申请' }).click();
  await desk.waitForURL(/\/retention\/[^/]+$/);
  const requestUrl = desk.url();
  await desk.getByText('待派单').first().waitFor();
  await desk.getByRole('timer').filter({ hasText: /联系剩余/ }).first().waitFor();
  await fitsPhone(desk, 'the disconnection request');
  await shot(desk, 'phone-disconnection');

  step('the head dispatches it to the group’s manager');
  await head.goto(`${BASE_URL}/retention?tab=dispatch`);
  await head.getByTestId('retention-card').filter({ hasText: group.name }).getByRole('link').first().click();
  await head.getByRole('button', { name: '派单' }).click();
  await confirm(head);
  await head.getByText('待联系客户').first().waitFor();

  step('the manager finds the true reason and records the customer lost to a competitor');
  await am.goto(requestUrl);
  await am.getByRole('button', { name: '填写挽留结果' }).click();
  const finish = await dialogOf(am, '填写挽留结果');
  await chooseOption(am, finish.getByLabel('真实原因'), /^竞争对手$/);
  await finish.getByLabel('原因说明').fill('对方赠送终端并降价 30%');
  await finish.getByLabel('竞争对手').fill('中国电信');
  await finish.getByLabel('挽留措施 / 优惠').fill('提供存费送费和终端补贴，客户仍选择对方');
  await finish.getByText('离网', { exact: true }).click();
  await finish.getByRole('button', { name: '确定' }).click();
  await am.getByText('已提交，待负责人审核').waitFor();

  step('the head verifies it: back to the desk, the member closed and filed');
  await head.goto(`${BASE_URL}/retention?tab=verify`);
  await head.getByTestId('retention-card').filter({ hasText: group.name }).getByRole('link').first().click();
  await head.getByText('对方赠送终端并降价 30%').waitFor();
  await head.getByRole('button', { name: '审核' }).click();
  await confirm(head);
  await head.getByText('已退回营业厅').first().waitFor();
  await shot(head, 'retention-verified');
  await desk.goto(requestUrl);
  await desk.getByText('已退回营业厅').first().waitFor();
  await desk.getByText('离网', { exact: true }).first().waitFor();

  step('the manager reports a competitor on the group; the head reviews it');
  await am.goto(`${group.url}?tab=competition`);
  await am.getByRole('button', { name: '上报竞争信息' }).click();
  const report = await dialogOf(am, '上报竞争信息');
  await report.getByLabel('竞争对手').fill('中国电信');
  await report.getByLabel('对手的优惠').fill('全员套餐 6 折并送宽带');
  await report.getByLabel('受影响的成员 / 线路').fill('王小明等 12 个号码');
  await report.getByLabel('应对措施').fill('推出集团融合套餐');
  await report.getByRole('button', { name: '确定' }).click();
  await am.getByText('已上报，待负责人审阅').waitFor();
  await head.goto(`${BASE_URL}/competition`);
  const filed = head.getByTestId('competition-card').filter({ hasText: '全员套餐 6 折并送宽带' });
  await filed.getByRole('button', { name: '审阅' }).click();
  const review = await dialogOf(head, '审阅');
  await review.getByLabel('审阅意见').fill('同意，报分公司批融合套餐');
  await review.getByRole('button', { name: '确定' }).click();
  await head.getByText('已审阅').first().waitFor();

  step('the churn archive shows the member lost, by reason and competitor');
  await head.goto(`${BASE_URL}/churn-archive`);
  await head.getByRole('heading', { name: '离网建档' }).waitFor();
  await head.getByText(`王小明 ${phone}`).waitFor();
  await head.getByText(/离网 \d+ 户/).waitFor();
  await shot(head, 'churn-archive');
}
