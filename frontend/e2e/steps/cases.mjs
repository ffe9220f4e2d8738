// 项目阶段小结 and 工作案例: once the deal is installed and confirmed, the manager writes the stage
// summary from the system's draft and publishes the project as a case; a colleague in the same
// department finds it in the case library by a word of its story, without the customer's file.
import { BASE_URL, confirmDialog, dialogOf, shot, signIn, step } from '../lib.mjs';

export async function caseJourney({ browser, am, proposal }) {
  step('the finished deal gets its stage summary and is published as a case; a colleague finds it');
  await am.goto(proposal.url);
  await am.getByRole('tab', { name: '阶段小结' }).click();
  await am.getByRole('button', { name: '写阶段小结' }).click();
  const dialog = await dialogOf(am, '阶段小结');
  const text = dialog.getByLabel('小结内容');
  await am.waitForFunction(() => (document.querySelector('[aria-label="小结内容"]')?.value ?? '').includes('当前阶段'));
  await text.press('Control+End');
  await text.pressSequentially('装机一次完成，客户很满意。');
  await confirmDialog(am, '阶段小结');
  await am.getByTestId('stage-summary').filter({ hasText: '装机一次完成' }).waitFor();
  await am.getByRole('button', { name: '发布为案例' }).click();
  const publish = await dialogOf(am, '发布为工作案例');
  await publish.getByLabel('案例标题').fill('教育系统专线与短信一揽子方案');
  await publish.getByLabel('客户称呼').fill('某区教育局');
  await publish.getByLabel('背景与难点').fill('各学校分散接入，带宽不足，账单分散。');
  await publish.getByLabel('方案与做法').fill('统一专线接入加集团短信，首年折扣经审批，分批装机。');
  await publish.getByLabel('成效').fill('全区学校一次签约，家校通知全部走集团短信。');
  await shot(am, 'case-publish');
  await confirmDialog(am, '发布为工作案例', '发布为案例');
  await am.getByText('已发布为案例：教育系统专线与短信一揽子方案').waitFor();
  await shot(am, 'proposal-story');

  const colleague = await signIn(browser, 'gz_am2');
  await colleague.goto(`${BASE_URL}/cases`);
  await colleague.getByRole('heading', { name: '工作案例库' }).waitFor();
  await colleague.getByLabel('搜索标题、客户、行业、产品或内容').fill('家校通知');
  await colleague.getByLabel('搜索标题、客户、行业、产品或内容').press('Enter');
  const card = colleague.getByTestId('work-case').filter({ hasText: '教育系统专线与短信一揽子方案' });
  await card.waitFor();
  await card.getByText('某区教育局').waitFor();
  if (await card.getByRole('link', { name: '查看客户档案' }).count()) throw new Error('a colleague sees no link into the customer’s file');
  await shot(colleague, 'cases');
  await colleague.context().close();
}
