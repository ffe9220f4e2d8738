// The manager assigns the installer on the job's page; the installer, on a phone, works the job
// from "my jobs" (one next step per job) and its page (map, call, lines); the manager confirms
// it on the board; a fault reported then reaches the installer's workbench on its 10-minute
// clock, and the installer marks engineering reached from the phone.
import { BASE_URL, assert, beijingToday, chooseOption, confirmDialog, dialogOf, shot, step } from '../lib.mjs';

const card = (page, status, group) =>
  page.getByTestId(`column-${status}`).getByTestId('job-card').filter({ hasText: group.name });

/** No page may scroll sideways on the phone. */
async function fitsPhone(page, what) {
  await page.waitForLoadState('networkidle').catch(() => {});
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 390, `${what} is ${width} px wide at 390`);
}

export async function installJourney({ am, installer, group }) {
  step('the manager assigns the lead on the job’s page');
  await am.getByRole('link', { name: '查看工单' }).first().click();
  await am.waitForURL(/\/installations\/[^/]+$/);
  const jobUrl = am.url();
  await am.getByRole('button', { name: '指派负责人' }).click();
  const assign = await dialogOf(am, '指派工程负责人');
  // The installers load as the list opens: choose until the choice takes, and wait for the
  // dialog to close (the name in the list is not the name on the job).
  await chooseOption(am, assign.getByLabel('工程负责人'), '赵永刚');
  await confirmDialog(am, '指派工程负责人');
  await am.getByText('赵永刚').first().waitFor();

  step('on a phone, the installer’s jobs are one list, each with its one next step');
  await installer.goto(`${BASE_URL}/installations`);
  await installer.getByRole('heading', { name: '装机' }).waitFor();
  const row = installer.getByTestId('job-row').filter({ hasText: group.name });
  const section = (name) => installer.getByRole('region', { name }).getByTestId('job-row').filter({ hasText: group.name });
  await section('待预约').getByRole('button', { name: '受理' }).waitFor();
  await fitsPhone(installer, 'the phone list');
  await shot(installer, 'phone-my-jobs');
  await row.getByRole('button', { name: '受理' }).click();
  await row.getByRole('button', { name: '预约' }).click();
  const schedule = await dialogOf(installer, '预约装机日期');
  await schedule.getByLabel('预约日期（北京时间）').fill(beijingToday());
  await schedule.getByLabel('预约日期（北京时间）').press('Enter');
  await schedule.getByRole('button', { name: '确定' }).click();
  await schedule.waitFor({ state: 'hidden' });
  // Booked for today: at the top of the day, starting is the one step offered.
  await section('今天要做').getByRole('button', { name: '开始施工' }).waitFor();
  assert((await row.getByRole('button', { name: '改期' }).count()) === 0, 'postponing waits on the job’s page');

  step('the job’s page has the way there, the person to call and what to install');
  await row.getByRole('button', { name: '查看详情' }).click();
  await installer.waitForURL(jobUrl);
  const call = installer.getByRole('link', { name: /拨打/ });
  assert((await call.getAttribute('href')) === 'tel:13800138000', 'tap to call the site contact');
  const map = installer.getByRole('link', { name: /地图/ }).first();
  assert((await map.getAttribute('href')).startsWith('https://uri.amap.com/search?keyword='), 'the address opens a map');
  await installer.getByText('数字专线 100M').first().waitFor();
  await fitsPhone(installer, 'the job page');
  await shot(installer, 'phone-job-page');
  await installer.getByRole('button', { name: '开始施工' }).click();
  await installer.getByText('施工中').first().waitFor();
  await installer.getByRole('button', { name: '竣工' }).click();
  await confirmDialog(installer, '报竣工');
  await installer.getByText('已竣工').first().waitFor();
  await installer.getByRole('button', { name: '装机列表' }).click();
  await section('待确认竣工').waitFor();

  step('the manager confirms the completed job on the board');
  await am.goto(`${BASE_URL}/installations`);
  await card(am, 'COMPLETED', group).getByRole('button', { name: '确认竣工' }).click();
  await (await dialogOf(am, '确认竣工')).getByRole('button', { name: '确定' }).click();
  await card(am, 'CONFIRMED', group).waitFor();

  step('a fault is reported: it reaches the installer’s workbench live, on its 10-minute clock');
  await installer.goto(`${BASE_URL}/`);
  await installer.getByRole('heading', { name: '今日工作' }).waitFor();
  await installer.waitForTimeout(1000); // the subscription is open
  await card(am, 'CONFIRMED', group).getByRole('button', { name: '查看详情' }).click();
  await am.getByRole('button', { name: '报障' }).click();
  const fault = await dialogOf(am, '报故障');
  await fault.getByLabel('故障现象（客户反映）').fill('3 号楼专线中断');
  await fault.getByRole('button', { name: '报障' }).click();
  await am.getByRole('timer').filter({ hasText: /剩余 (09|10):\d\d/ }).first().waitFor();
  await shot(am, 'installation-fault');
  await am.keyboard.press('Escape');
  await installer.getByText('新的故障报修').first().waitFor();
  const faults = installer.locator('#wb-faults');
  await faults.getByText('3 号楼专线中断').waitFor();
  await faults.getByRole('timer').filter({ hasText: /剩余 (09|10):\d\d/ }).waitFor();
  await fitsPhone(installer, 'the workbench');
  await shot(installer, 'phone-workbench-fault');

  step('the installer opens the job from the workbench and marks engineering reached');
  await faults.getByRole('link', { name: '打开' }).first().click();
  await installer.waitForURL(jobUrl);
  await installer.getByRole('button', { name: '已联系工程' }).click();
  await installer.getByText(/已于 .* 联系工程（提前/).first().waitFor();
  await shot(installer, 'phone-fault-reached');
}
