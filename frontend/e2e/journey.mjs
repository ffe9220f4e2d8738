// The end-to-end journey: from a visit to a confirmed installation, by four people in four
// browser contexts, then the workbench handling the tasks the scheduled rules made, against the
// real server on a fresh database. Run by
// `cargo nextest run` (tests/web); alone: `BASE_URL=http://127.0.0.1:8080 npm run e2e`.
import { assert, BASE_URL, chooseOption, dialogOf, launch, shot, signIn, step } from './lib.mjs';
import { proposalJourney } from './steps/proposal.mjs';
import { groupJourney } from './steps/group.mjs';
import { contractJourney } from './steps/contract.mjs';
import { installJourney } from './steps/install.mjs';
import { taskJourney } from './steps/tasks.mjs';
import { serviceJourney } from './steps/service.mjs';
import { moneyJourney } from './steps/money.mjs';
import { logJourney, planJourney } from './steps/day.mjs';
import { reportJourney } from './steps/report.mjs';
import { caseJourney } from './steps/cases.mjs';
import { resourceJourney } from './steps/resources.mjs';

const browser = await launch();
try {
  step('a wrong password is refused with a clear message');
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/groups`);
    await page.waitForURL(/\/login$/);
    await page.getByLabel('用户名').fill('gz_am1');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    await shot(page, 'login-failure');
    await context.close();
  }

  step('the account manager signs in and sees the workbench');
  const am = await signIn(browser, 'gz_am1');
  await am.getByRole('heading', { name: '今日工作' }).waitFor();
  await am.getByText('待我审批').first().waitFor();
  await shot(am, 'workbench');
  // A count tile opens its list (the faults' list is further down the page).
  const inView = (id) =>
    am.waitForFunction((el) => {
      const r = document.getElementById(el).getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    }, id);
  await am.getByRole('button', { name: /^故障待联系 \d+$/ }).click();
  await inView('wb-faults');
  await am.getByRole('button', { name: /^到期待办 \d+$/ }).click();
  await inView('wb-tasks');

  const head = await signIn(browser, 'gz_head');
  const branch = await signIn(browser, 'gz_branch');
  // The installer works from a phone.
  const installer = await signIn(browser, 'gz_installer', { viewport: { width: 390, height: 844 } });

  const plan = await planJourney({ browser, group: { name: '广州越秀区教育局', search: '教育局' } });
  await resourceJourney({ browser, plan, head, group: { name: '广州越秀区教育局' } });
  const group = await groupJourney(am);
  const proposal = await proposalJourney({ am, head, branch, group });
  await logJourney({ plan, head });
  await reportJourney({ browser, head, group: { name: '广州越秀区教育局', search: '教育局' } });
  const contract = await contractJourney({ am, head, proposal });
  await installJourney({ am, installer, contract, group });
  await caseJourney({ browser, am, proposal });
  // The counter works from a phone too.
  const desk = await signIn(browser, 'gz_desk', { viewport: { width: 390, height: 844 } });
  await serviceJourney({ desk, head, am, group });
  await moneyJourney({ browser, am, head, branch, group });

  step('the pipeline board shows the deal confirmed');
  await am.goto(`${BASE_URL}/pipeline`);
  await am.getByRole('heading', { name: '商机看板' }).waitFor();
  const confirmed = am.locator('[data-stage="CONFIRMED"]');
  await confirmed.getByText(proposal.title).waitFor();
  // All nine stages are named above the board; choosing the last brings its column into view.
  const strip = am.getByTestId('stage-strip');
  assert((await strip.locator('.ant-tag').count()) === 9, 'nine stages named');
  await strip.getByText(/^已确认竣工 \d+$/).click();
  await am.waitForFunction(() => {
    const r = document.querySelector('[data-stage="CONFIRMED"]').getBoundingClientRect();
    return r.left >= 0 && r.right <= window.innerWidth;
  });
  await shot(am, 'pipeline');

  step('lists keep their text readable: contract names, and the KPI page opens on this month');
  await am.goto(`${BASE_URL}/contracts`);
  const name = am.getByRole('link', { name: proposal.title }).first();
  await name.waitFor();
  const lines = await name.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
  assert(lines <= 2, `the contract's name takes ${lines} lines`);
  await am.goto(`${BASE_URL}/kpi`);
  await am.getByRole('heading', { name: '业绩指标' }).waitFor();
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
  await am.getByText(`张晓明 · ${month}`).waitFor();
  await am.getByText('在途商机（按阶段，实时）').waitFor();
  await am.goto(`${BASE_URL}/pipeline`);
  await am.getByRole('heading', { name: '商机看板' }).waitFor();

  step('everything reads in English after the switch');
  await am.getByRole('button', { name: 'English' }).click();
  await am.getByRole('heading', { name: 'Pipeline' }).waitFor();
  await am.getByRole('menuitem', { name: 'Groups' }).waitFor();
  await am.locator('[data-stage="CONFIRMED"]').getByText('Confirmed').first().waitFor();
  await shot(am, 'pipeline-en');
  await am.goto(`${BASE_URL}/`);
  await am.getByRole('heading', { name: 'Today' }).waitFor();
  await am.getByText('Visits planned today').waitFor();
  const text = await am.locator('body').innerText();
  for (const en of ['Visits planned today', 'Proposals to finish', 'Follow-ups and reminders', 'Sign out']) {
    assert(text.includes(en), `English label "${en}" on the workbench`);
  }
  for (const zh of ['今日计划走访', '待完成方案', '跟进与提醒', '退出登录', '集团客户']) {
    assert(!text.includes(zh), `no Chinese label "${zh}" left after the switch`);
  }
  await shot(am, 'workbench-en');
  await am.getByRole('button', { name: '中文' }).click();
  await am.getByRole('heading', { name: '今日工作' }).waitFor();

  const admin = await signIn(browser, 'admin');
  await taskJourney({ admin, am });

  step('on a phone (390×844) the header keeps to one line, no page scrolls sideways, and the menu closes once a page is chosen');
  {
    const phone = await signIn(browser, 'gz_am1', { viewport: { width: 390, height: 844 } });
    const pages = ['/', '/groups', '/proposals', new URL(proposal.url).pathname, '/contracts', new URL(contract.url).pathname];
    for (const path of [...pages, '/installations', '/approvals', '/pipeline', '/cadence', '/churn', '/kpi', '/complaints', '/retention', '/churn-archive', '/competition', '/adjustments', '/adjustments/new', '/arrears', '/reports', '/cases', '/resources']) {
      await phone.goto(`${BASE_URL}${path}`);
      await phone.getByTestId('current-user').waitFor();
      await phone.waitForLoadState('networkidle');
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 390, `${path} is ${width} px wide at 390`);
    }
    await phone.goto(contract.url);
    await phone.getByTestId('contract-number').waitFor();
    const user = await phone.getByTestId('current-user').boundingBox();
    const menuButton = phone.locator('.ant-layout-sider-zero-width-trigger');
    const trigger = await menuButton.boundingBox();
    assert(user.y + user.height <= 64 && trigger.y + trigger.height <= 64, 'name and ☰ within the 64 px header');
    assert(trigger.x + trigger.width <= user.x, 'the name does not run under the ☰ button');
    await shot(phone, 'phone-contract');
    await menuButton.click();
    await phone.getByRole('menuitem', { name: '集团客户' }).click();
    await phone.waitForURL(/\/groups$/);
    await phone.waitForFunction(() => document.querySelector('.ant-layout-sider').getBoundingClientRect().width === 0);
    await shot(phone, 'phone-groups');

    step('on the phone, the visit card fills the screen and is worked with one thumb');
    await phone.goto(`${group.url}?tab=visits`);
    await phone.getByRole('tabpanel', { name: '走访' }).getByRole('button', { name: '记录走访' }).click();
    const card = await dialogOf(phone, '走访记录卡（QX-FW-003）');
    const box = await card.boundingBox();
    assert(box.x >= 0 && box.x + box.width <= 390, `the card fits the screen: ${JSON.stringify(box)}`);
    await card.getByRole('radiogroup', { name: '走访方式' }).getByText('电话', { exact: true }).click();
    await chooseOption(phone, card.getByLabel('走访目的'), /^关怀$/);
    await card.getByLabel('接洽人').click();
    await card.getByLabel('接洽人').press('Enter');
    await card.getByLabel('接洽人').press('Tab');
    await card.getByLabel('VPN').check();
    await card.getByLabel('走访纪要').fill('电话回访：专线提速方案已收到，想了解 VPN 组网。');
    await card.getByRole('radiogroup', { name: '服务满意度' }).getByText('满意', { exact: true }).click();
    await card.getByLabel('客户已确认（签名）').check();
    await card.getByLabel('签名人').fill('陈主任');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `the card is ${width} px wide at 390`);
    await shot(phone, 'phone-visit-card');
    const save = card.getByRole('button', { name: '保存走访记录' });
    const saveBox = await save.boundingBox();
    assert(saveBox.y + saveBox.height <= 844, 'the save button stays on the screen, under the thumb');
    await save.click();
    await phone.getByText('走访已记录').first().waitFor();
    await phone.context().close();
  }

  step('signing out ends the session');
  await am.getByRole('button', { name: '退出登录' }).click();
  await am.waitForURL(/\/login$/);
  await am.goto(`${BASE_URL}/pipeline`);
  await am.waitForURL(/\/login$/);

  // The app above ran against a server that takes only its registered operations from a
  // browser; the developer's tools run against one that takes any document.
  const TOOLS_URL = process.env.TOOLS_URL ?? BASE_URL;

  step('GraphiQL is served by the binary, with the schema documented, and runs a sign-in');
  {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${TOOLS_URL}/graphql`);
    await page.getByRole('button', { name: /Documentation Explorer/i }).click();
    await page.getByText('ApprovalRequest', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: /Execute query/i }).click();
    // With two operations GraphiQL either asks which to run (a menu) or, once the tab knows
    // its operation, runs SignIn at once: answer the menu only if it opens.
    const choice = page.getByRole('menuitem', { name: 'SignIn', exact: true });
    const result = page.getByText('"ACCOUNT_MANAGER"');
    await choice.or(result).first().waitFor();
    if (await choice.isVisible()) await choice.click();
    await result.waitFor();
    await shot(page, 'graphiql');
    await context.close();
  }

  step('the API reference generated from the schema is served at /docs');
  {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${TOOLS_URL}/docs#definition-ContractAction`);
    const section = page.locator('#definition-ContractAction');
    await section.waitFor();
    await section.getByText('ACTIVATE_CONTRACT', { exact: true }).first().waitFor();
    // The reference runs to hundreds of screens: the section in view is what matters.
    await shot(page, 'api-reference', { fullPage: false });
    await context.close();
  }

  console.log('journey complete');
} catch (e) {
  // What every open page showed when the journey stopped, for the one reading the failure.
  let n = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      n += 1;
      await shot(page, `failure-${n}`).catch(() => {});
    }
  }
  throw e;
} finally {
  await browser.close();
}
