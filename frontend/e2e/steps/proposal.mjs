// The manager builds a discounted proposal and submits it; the head sees it arrive and
// approves; the branch manager approves; the manager sends it and records acceptance.
import { readFile } from 'node:fs/promises';
import { BASE_URL, assert, dialogOf, shot, step } from '../lib.mjs';

export const pick = (page, text) =>
  page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();

export async function proposalJourney({ am, head, branch, group }) {
  const title = `${group.name} 专线提速方案`;
  step('the manager builds a discounted proposal');
  await am.goto(`${BASE_URL}/proposals`);
  await am.getByRole('heading', { name: '方案', exact: true }).waitFor();
  await shot(am, 'proposals');
  await am.getByRole('button', { name: '新建方案' }).click();
  await am.getByRole('heading', { name: '新建方案' }).waitFor();
  await am.getByLabel('集团客户').fill(group.search);
  await pick(am, group.name);
  await am.getByLabel('方案名称').fill(title);
  await am.getByLabel('合同期限（月）').fill('36');
  await am.getByRole('button', { name: '添加产品' }).click();
  await am.getByLabel('产品 1').fill('100M');
  await pick(am, '数字专线 100M');
  await am.getByLabel('优惠方式 1').click();
  await pick(am, '按折扣率');
  await am.getByLabel('折扣率（%） 1').fill('10');
  await am.getByLabel('申请理由').fill('客户对比异网报价，需 9 折保住专线扩容');
  // The line's delete button shows whole, inside the lines table.
  const remove = await am.getByRole('button', { name: '删除' }).first().boundingBox();
  const table = await am.locator('.ant-table-container').first().boundingBox();
  assert(remove.x + remove.width <= table.x + table.width, 'the delete button is not clipped');
  // Live totals and the approvals the discount will need, before anything is saved.
  await am.getByTestId('live-summary').getByText('¥420.00').first().waitFor();
  const chain = am.getByTestId('chain-preview');
  await chain.getByText('部门负责人').waitFor();
  await chain.getByText('分公司主管领导').waitFor();
  await shot(am, 'proposal-builder');
  await am.getByRole('button', { name: '保存' }).click();
  await am.waitForURL(/\/proposals\/[^/]+$/);
  await am.getByRole('heading', { name: title }).waitFor();
  const url = am.url();
  assert((await am.getByTestId('proposal-version').innerText()).includes('第 1 版'), 'version 1');

  step('the head has the inbox open when the manager submits');
  await head.goto(`${BASE_URL}/approvals`);
  await head.getByRole('heading', { name: '审批', exact: true }).waitFor();
  await head.getByRole('tab', { name: /待我审批/ }).waitFor();
  await head.waitForTimeout(1000); // the subscription is open
  await am.getByRole('button', { name: '提交审批' }).click();
  await am.getByText('已提交审批').first().waitFor();
  await head.getByText('有新的审批待处理').first().waitFor();
  await head.getByRole('link', { name: group.name }).first().click();
  const request = head.getByTestId('approval-request');
  await request.getByText(title).first().waitFor();
  // What the head weighs besides the request: the customer's kind, tier, revenue, warnings, history.
  const context = request.getByTestId('group-context');
  await context.getByText('客户情况').waitFor();
  await context.getByText('行业类型').first().waitFor();
  await context.getByText('近 6 个月收入').waitFor();
  await context.getByText('以往方案与合同').waitFor();
  await shot(head, 'approvals-inbox');
  await context.scrollIntoViewIfNeeded();
  await shot(head, 'approval-context');
  await head.getByLabel('审批意见').fill('同意，注意回款');
  await head.getByRole('button', { name: '同意', exact: true }).click();
  await head.getByText('已同意').first().waitFor();

  step('the branch manager approves');
  await branch.goto(`${BASE_URL}/approvals`);
  await branch.getByRole('link', { name: group.name }).first().click();
  await branch.getByTestId('approval-request').getByText(title).first().waitFor();
  await branch.getByLabel('审批意见').fill('同意');
  await branch.getByRole('button', { name: '同意', exact: true }).click();
  await branch.getByText('已同意').first().waitFor();

  step('the manager sends it and records the acceptance');
  await am.goto(url);
  await am.getByRole('button', { name: '发送客户' }).click();
  await am.getByText('已发送客户').first().waitFor();
  // The quote the customer got is kept: downloaded, it is that PDF.
  await am.getByRole('tab', { name: /^已发送报价单 \(1\)$/ }).click();
  const [quote] = await Promise.all([am.waitForEvent('download'), am.getByRole('button', { name: '下载原件' }).click()]);
  assert(/^报价单-BJ-\d{6}-1\.pdf$/.test(quote.suggestedFilename()), `quote file ${quote.suggestedFilename()}`);
  const bytes = await readFile(await quote.path());
  assert(bytes.subarray(0, 5).toString() === '%PDF-', 'the quote is a PDF');
  await shot(am, 'sent-quote');
  await am.getByRole('tab', { name: '方案内容' }).click();
  await am.getByRole('button', { name: '记录客户决定' }).click();
  const dialog = await dialogOf(am, '记录客户决定');
  await dialog.getByText('接受', { exact: true }).click();
  await dialog.getByRole('button', { name: '确定' }).click();
  await am.getByText('已记录客户决定').first().waitFor();
  await shot(am, 'proposal-accepted');
  return { title, url };
}
