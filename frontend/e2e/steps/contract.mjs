// The manager makes the contract from the accepted proposal and takes it to active: review by
// the head, sending, signature (number issued), documents, the IP address form, a short payment
// with its reason.
import { readFile } from 'node:fs/promises';
import { BASE_URL, assert, dialogOf, shot, step } from '../lib.mjs';

export async function contractJourney({ am, head, proposal }) {
  step('the manager creates the contract and submits it for review');
  await am.goto(proposal.url);
  await am.getByRole('button', { name: '创建合同' }).click();
  await am.waitForURL(/\/contracts\/[^/]+$/);
  const url = am.url();
  await am.getByText('签订后生成合同编号').waitFor();
  await am.getByRole('button', { name: '提交审核', exact: true }).click();
  await am.getByText('已提交审核，等待部门负责人审核').waitFor();

  step('the head reviews it');
  await head.goto(url);
  await head.getByRole('button', { name: '审核', exact: true }).click();
  const review = await dialogOf(head, '合同审核');
  await review.getByLabel('审核意见').fill('条款无误');
  await review.getByRole('button', { name: '确定' }).click();
  await head.getByText('部门负责人已审核通过，可以发送客户').waitFor();

  step('the manager sends it and records the signature: the number is issued');
  await am.reload();
  await am.getByRole('button', { name: '发送客户', exact: true }).click();
  await am.getByRole('button', { name: '登记签订', exact: true }).click();
  const sign = await dialogOf(am, '登记签订');
  await sign.getByLabel('客户签字人').fill('陈主任');
  await sign.getByRole('button', { name: '确定' }).click();
  const number = am.getByTestId('contract-number');
  await number.waitFor();
  const issued = (await number.innerText()).trim();
  assert(/^GZ-\d{4}-\d{6}$/.test(issued), `contract number ${issued}`);

  step('activation is blocked until the documents and payment are in, saying what is missing');
  const activate = am.getByRole('button', { name: '生效', exact: true });
  await activate.waitFor();
  assert(await activate.isDisabled(), 'activation is not offered yet');
  const missing = await activate.getAttribute('aria-description');
  assert(missing?.startsWith('缺少：') && missing.includes('缴费凭证'), `the reason names what is missing: ${missing}`);
  await activate.hover({ force: true });
  await am.getByRole('tooltip').getByText(missing).waitFor();
  await shot(am, 'activation-blocked');

  step('documents, the IP address application and the payment are recorded');
  for (const doc of ['合同正本（一式四份）', '网络责任承诺书', '营业执照复印件', '经办人身份证复印件']) {
    await am.getByRole('button', { name: `登记已收 ${doc}` }).click();
    await am.getByRole('button', { name: `改为缺 ${doc}` }).waitFor();
  }
  // A dedicated line needs IP addresses, so the application form is on the checklist.
  await am.getByRole('button', { name: '填写 IP 申请表' }).click();
  const ip = await dialogOf(am, 'IP 地址申请表');
  await ip.getByLabel('联系人', { exact: true }).fill('陈主任');
  await ip.getByLabel('联系电话').fill('020-83331234');
  await ip.getByLabel('线路速率（Mbps）').fill('100');
  await ip.getByLabel('IP 地址数量').fill('8');
  await shot(am, 'ip-application');
  await ip.getByRole('button', { name: '保存' }).click();
  await am.getByRole('button', { name: '修改 IP 申请表' }).waitFor();
  await am.getByRole('button', { name: '登记缴费', exact: true }).click();
  const pay = await dialogOf(am, '登记缴费');
  // The amount due is offered; accepting less takes a reason.
  const due = await pay.getByLabel('缴费金额（元）').inputValue();
  assert(Number(due) > 420, `the amount due is offered: ${due}`);
  await pay.getByLabel('缴费金额（元）').fill('420');
  await pay.getByText(/^实收 ¥420\.00 少于首期应收 ¥/).waitFor();
  await pay.getByLabel('缴费凭证号').fill('PZ20261123001');
  await pay.getByLabel('少收原因').fill('客户先付部分首期费用，余款随首张账单收取');
  await shot(am, 'short-payment');
  await pay.getByRole('button', { name: '确定' }).click();
  await am.getByText('资料齐全').first().waitFor();
  await am.locator('.ant-descriptions').getByText('客户先付部分首期费用，余款随首张账单收取').waitFor();

  step('the contract prints: its PDF carries the number');
  const [file] = await Promise.all([am.waitForEvent('download'), am.getByRole('button', { name: '下载合同文本 PDF' }).click()]);
  assert(file.suggestedFilename() === `合同-${issued}.pdf`, `contract file ${file.suggestedFilename()}`);
  assert((await readFile(await file.path())).subarray(0, 5).toString() === '%PDF-', 'the contract is a PDF');

  step('the contract becomes active');
  await am.getByRole('button', { name: '生效', exact: true }).click();
  await am.getByText('已生效').first().waitFor();
  await shot(am, 'contract-active');

  step('the manager creates the installation job');
  await am.getByRole('button', { name: '创建装机工单' }).first().click();
  const job = await dialogOf(am, '创建装机工单');
  await job.getByLabel('现场联系人').fill('陈主任');
  await job.getByLabel('联系电话').fill('13800138000');
  await job.getByRole('button', { name: '创建装机工单' }).click();
  await am.getByRole('link', { name: '查看工单' }).first().waitFor();
  return { url, number: issued };
}
