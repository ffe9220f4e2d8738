// The manager assigns the installer; the installer accepts, schedules, starts and completes
// the job on the board; the manager confirms it.
import { BASE_URL, beijingToday, dialogOf, shot, step } from '../lib.mjs';

const card = (page, status, group) =>
  page.getByTestId(`column-${status}`).getByTestId('job-card').filter({ hasText: group.name });

export async function installJourney({ am, installer, group }) {
  step('the manager assigns the lead from the job drawer');
  await am.getByRole('link', { name: '查看工单' }).first().click();
  const drawer = await dialogOf(am, /装机工单/);
  await drawer.getByRole('button', { name: '指派负责人' }).click();
  const assign = await dialogOf(am, '指派工程负责人');
  await assign.getByLabel('工程负责人').click();
  await am.getByTitle('赵永刚').click();
  await assign.getByRole('button', { name: '确定' }).click();
  await am.getByText('赵永刚').first().waitFor();
  await am.keyboard.press('Escape');

  step('the installer accepts, schedules, starts and completes it');
  await installer.goto(`${BASE_URL}/installations`);
  await installer.getByRole('heading', { name: '装机' }).waitFor();
  await card(installer, 'CREATED', group).getByRole('button', { name: '受理' }).click();
  await card(installer, 'ACCEPTED', group).waitFor();
  await card(installer, 'ACCEPTED', group).getByRole('button', { name: '预约' }).click();
  const schedule = await dialogOf(installer, '预约装机日期');
  await schedule.getByLabel('预约日期（北京时间）').fill(beijingToday());
  await schedule.getByLabel('预约日期（北京时间）').press('Enter');
  await schedule.getByRole('button', { name: '确定' }).click();
  await schedule.waitFor({ state: 'hidden' });
  await card(installer, 'SCHEDULED', group).waitFor();
  await shot(installer, 'installation-board');
  await card(installer, 'SCHEDULED', group).getByRole('button', { name: '开始施工' }).click();
  await card(installer, 'IN_PROGRESS', group).getByRole('button', { name: '竣工' }).click();
  await (await dialogOf(installer, '报竣工')).getByRole('button', { name: '确定' }).click();
  await card(installer, 'COMPLETED', group).waitFor();

  step('the manager confirms the completed job');
  await am.goto(`${BASE_URL}/installations`);
  await card(am, 'COMPLETED', group).getByRole('button', { name: '确认竣工' }).click();
  await (await dialogOf(am, '确认竣工')).getByRole('button', { name: '确定' }).click();
  await card(am, 'CONFIRMED', group).waitFor();

  step('a fault is reported and its 10-minute contact clock runs');
  await card(am, 'CONFIRMED', group).getByRole('button', { name: '查看详情' }).click();
  await am.getByRole('button', { name: '报障' }).click();
  const fault = await dialogOf(am, '报故障');
  await fault.getByLabel('故障现象（客户反映）').fill('3 号楼专线中断');
  await fault.getByRole('button', { name: '报障' }).click();
  await am.getByRole('timer').filter({ hasText: /剩余 (09|10):\d\d/ }).first().waitFor();
  await shot(am, 'installation-fault');
  await am.keyboard.press('Escape');
}
