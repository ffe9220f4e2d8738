// 定所需资源: on the phone the manager asks the chief account manager to join the planned visit
// and issues PR gifts to the group's contact (two USB drives at once, a tea set for the head to
// approve); the chief accepts on her phone and finds the visit on her day; the head approves the
// tea set and sees the month's use per group.
import { BASE_URL, assert, chooseOption, confirmDialog, dialogOf, shot, signIn, step } from '../lib.mjs';

const fitsPhone = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Opens the item's resource dialog, fills it with `fill`, and sends it. */
async function ask(phone, item, fill) {
  await item.getByRole('button', { name: '申请资源' }).click();
  const dialog = await dialogOf(phone, '申请资源');
  await fill(dialog);
  return dialog;
}

export async function resourceJourney({ browser, plan, head, group }) {
  const { phone, title } = plan;
  step('the manager asks the chief account manager to join the planned visit, and issues PR gifts');
  await phone.goto(`${BASE_URL}/`);
  const item = phone.locator('#wb-plan').getByTestId('plan-item').filter({ hasText: title });
  await item.waitFor();
  const why = '教育局信息中心关注全区组网，请首席一同介绍提速方案';
  await ask(phone, item, async (dialog) => {
    await chooseOption(phone, dialog.getByLabel('邀请谁'), '刘佳怡');
    await dialog.getByLabel('用途说明').fill(why);
    await shot(phone, 'phone-resource-expert');
  });
  await confirmDialog(phone, '申请资源');
  await item.getByTestId('plan-resources').getByText(/专家陪同走访 · 刘佳怡 · 待处理/).waitFor();
  const gift = async (name, pieces, reason) => {
    await ask(phone, item, async (dialog) => {
      await dialog.getByText('公关礼品', { exact: true }).click();
      await chooseOption(phone, dialog.getByLabel('礼品', { exact: true }), name);
      await chooseOption(phone, dialog.getByLabel('送给（关键人）'), '');
      await dialog.getByLabel('数量（件）').fill(String(pieces));
      await dialog.getByLabel('用途说明').fill(reason);
    });
    await confirmDialog(phone, '申请资源');
  };
  await gift('定制U盘', 2, '走访时赠送信息中心，用于方案资料拷贝');
  await phone.getByText('礼品已发放').first().waitFor();
  const teaReason = '信息中心主任荣休，登门致谢';
  await gift('茶叶礼盒', 1, teaReason);
  await item.getByTestId('plan-resources').getByText(/公关礼品 · 已同意/).waitFor();
  await item.getByTestId('plan-resources').getByText(/公关礼品 · 待处理/).waitFor();
  assert(await fitsPhone(phone), 'the plan with its resources fits 390 px');
  await shot(phone, 'phone-plan-resources');

  step('the chief accepts on her phone and finds the visit on her day');
  const chief = await signIn(browser, 'gz_am2', { viewport: { width: 390, height: 844 } });
  await chief.getByRole('heading', { name: '今日工作' }).waitFor();
  await chief.getByTestId('resources-waiting').getByRole('button', { name: '去处理' }).click();
  await chief.getByRole('heading', { name: '资源申请' }).waitFor();
  const invitation = chief.getByTestId('resource-request').filter({ hasText: why });
  await invitation.waitFor();
  assert(await fitsPhone(chief), 'the requests fit 390 px');
  await shot(chief, 'phone-resource-invitation');
  await invitation.getByRole('button', { name: '接受邀请' }).click();
  const accept = await dialogOf(chief, '同意这项申请');
  await accept.getByLabel('说明').fill('下午两点在教育局楼下碰头');
  await confirmDialog(chief, '同意这项申请', '接受邀请');
  await chief.goto(`${BASE_URL}/`);
  const joined = chief.locator('#wb-plan').getByTestId('plan-item').filter({ hasText: `陪同张晓明走访：${group.name}` });
  await joined.waitFor();
  assert(await fitsPhone(chief), 'her plan fits 390 px');
  await shot(chief, 'phone-chief-plan');
  await chief.close();

  step('the head approves the tea set, and sees the gift stock and the month’s use per group');
  await head.goto(`${BASE_URL}/resources?tab=decide`);
  const tea = head.getByTestId('resource-request').filter({ hasText: teaReason });
  await tea.waitFor();
  await tea.getByRole('button', { name: '同意', exact: true }).click();
  await confirmDialog(head, '同意这项申请', '同意');
  await head.getByRole('tab', { name: '礼品库存' }).click();
  await head.getByTestId('gift-item').filter({ hasText: '茶叶礼盒' }).getByText(/库存 \d+ 件/).waitFor();
  await shot(head, 'resources-gifts');
  await head.getByRole('tab', { name: '月度使用' }).click();
  const usage = head.getByTestId('resource-usage').filter({ hasText: group.name });
  await usage.waitFor();
  await usage.getByText('专家陪同').waitFor();
  await shot(head, 'resources-usage');
  await phone.goto(`${BASE_URL}/`);
  await phone.locator('#wb-plan').getByTestId('plan-item').filter({ hasText: title }).getByText(/专家陪同走访 · 刘佳怡 · 已同意/).waitFor();
}
