//! The documents the customer receives (报价单 the quote, 合同文本 the contract), as PDF with
//! correct Chinese typesetting (`pdf`). A quote is made from a proposal version; the one sent
//! to the customer is kept, byte for byte, with its checksum (`quote_document`), so what was
//! sent can be shown again whatever changes later.
pub mod graphql;
pub mod pdf;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};

use self::pdf::{Align, Column, Layout};
use crate::{
    clock::business_date,
    error::{AppError, AppResult},
};
use entity::{
    app_user, contract, contract_document, contract_line, customer_group, org_unit, product, proposal, proposal_line,
    proposal_version, quote_document, values::Described,
};

/// A PDF made for a reader: its suggested file name, bytes, and the lines of text it shows.
pub struct Pdf {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub lines: Vec<String>,
}

/// Money as the documents print it: `¥4,440.00`.
pub fn yuan(d: Decimal) -> String {
    let s = format!("{:.2}", d.round_dp(2).abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}¥{grouped}.{frac}", if d.is_sign_negative() && !d.is_zero() { "-" } else { "" })
}

fn day(t: DateTime<Utc>) -> String {
    business_date(t).format("%Y年%m月%d日").to_string()
}

fn percent(rate: Decimal) -> String {
    format!("{:.2}%", rate * Decimal::ONE_HUNDRED)
}

/// Who is selling: the company and the group's branch (the letterhead).
async fn letterhead<C: ConnectionTrait>(db: &C, branch_id: i64) -> AppResult<(String, String)> {
    let company = org_unit::Entity::find()
        .filter(org_unit::Column::ParentId.is_null())
        .order_by_asc(org_unit::Column::Id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let branch = org_unit::Entity::find_by_id(branch_id).one(db).await?.map(|o| o.name).unwrap_or_default();
    Ok((company, branch))
}

async fn product_names<C: ConnectionTrait>(db: &C, ids: Vec<i64>) -> AppResult<Vec<product::Model>> {
    Ok(product::Entity::find().filter(product::Column::Id.is_in(ids)).all(db).await?)
}

fn name_of(products: &[product::Model], id: i64) -> String {
    products.iter().find(|p| p.id == id).map(|p| p.name_zh.clone()).unwrap_or_default()
}

/// One priced line, as quotes and contracts list them.
struct PriceRow {
    position: i32,
    product: String,
    quantity: i32,
    term_months: i32,
    unit_price: Decimal,
    rate: Decimal,
    net_unit_price: Decimal,
    total: Decimal,
}

/// Quote and contract lines as priced rows (the two line types share these fields).
macro_rules! price_rows {
    ($lines:expr, $products:expr) => {
        $lines.iter().map(|x| PriceRow {
            position: x.position,
            product: name_of($products, x.product_id),
            quantity: x.quantity,
            term_months: x.term_months,
            unit_price: x.unit_price,
            rate: x.line_rate,
            net_unit_price: x.net_unit_price,
            total: x.net_total,
        })
    };
}

/// The lines at standard price, discount and net; `total` names the last column.
fn price_table(l: &mut Layout, rows: impl Iterator<Item = PriceRow>, total: &str) {
    let columns = [
        Column { title: "序号", share: 0.6, align: Align::Center },
        Column { title: "产品", share: 2.6, align: Align::Left },
        Column { title: "数量", share: 0.8, align: Align::Right },
        Column { title: "期限（月）", share: 1.2, align: Align::Right },
        Column { title: "标准单价", share: 1.4, align: Align::Right },
        Column { title: "折扣", share: 0.9, align: Align::Right },
        Column { title: "优惠后单价", share: 1.4, align: Align::Right },
        Column { title: total, share: 1.6, align: Align::Right },
    ];
    let rows: Vec<Vec<String>> = rows
        .map(|x| {
            vec![
                x.position.to_string(),
                x.product,
                x.quantity.to_string(),
                if x.term_months > 0 { x.term_months.to_string() } else { "一次性".into() },
                yuan(x.unit_price),
                percent(x.rate),
                yuan(x.net_unit_price),
                yuan(x.total),
            ]
        })
        .collect();
    l.table(&columns, &rows, 9.0);
}

/// 报价单: the customer-facing quote of one proposal version — letterhead, customer, lines at
/// standard price with the discount and net, totals, validity and the account manager.
pub async fn quote<C: ConnectionTrait>(
    db: &C,
    p: &proposal::Model,
    version: &proposal_version::Model,
    now: DateTime<Utc>,
) -> AppResult<Pdf> {
    let group =
        customer_group::Entity::find_by_id(p.group_id).one(db).await?.ok_or_else(|| AppError::internal("group"))?;
    let owner = app_user::Entity::find_by_id(p.owner_id).one(db).await?;
    let lines = proposal_line::Entity::find()
        .filter(proposal_line::Column::VersionId.eq(version.id))
        .order_by_asc(proposal_line::Column::Position)
        .all(db)
        .await?;
    let products = product_names(db, lines.iter().map(|l| l.product_id).collect()).await?;
    let (company, branch) = letterhead(db, group.branch_id).await?;
    let number = format!("BJ-{:06}-{}", p.id, version.number);

    let mut l = Layout::new(format!("{company} {branch} · 报价单 {number}"));
    l.centered(&company, 16.0);
    l.centered(&branch, 11.0);
    l.gap(6.0);
    l.centered("报 价 单", 22.0);
    l.gap(4.0);
    l.split_line(&format!("报价单号：{number}"), &format!("日期：{}", day(now)), 10.0);
    l.heading("客户", 12.0);
    l.pairs(
        &[
            ("客户名称", group.name.clone()),
            ("集团编号", group.code.clone()),
            ("地址", group.address.clone()),
            ("方案", version.title.clone()),
        ],
        2,
        10.0,
    );
    l.heading("报价明细", 12.0);
    let rows = price_rows!(lines, &products);
    price_table(&mut l, rows, "小计");
    l.heading("合计", 12.0);
    l.pairs(
        &[
            ("标准月费", yuan(version.list_monthly)),
            ("月优惠", yuan(version.discount_monthly)),
            ("优惠后月费", yuan(version.monthly_total)),
            ("一次性费用", yuan(version.one_off_total)),
            ("合同期标准总额", yuan(version.list_term_total)),
            ("合同期总额", yuan(version.term_total)),
        ],
        2,
        10.0,
    );
    l.gap(6.0);
    let validity = match p.valid_until {
        Some(until) => format!("本报价有效期至 {}。", day(until)),
        None => "本报价经发送客户后生效，有效期见发送时的报价单。".into(),
    };
    l.paragraph(&format!("{validity}价格为人民币含税价；最终以双方签订的合同为准。"), 10.0, 0.0);
    l.heading("客户经理", 12.0);
    let dash = || "—".to_string();
    l.pairs(
        &[
            ("姓名", owner.as_ref().map(|u| u.display_name.clone()).unwrap_or_else(dash)),
            ("电话", owner.as_ref().and_then(|u| u.phone.clone()).unwrap_or_else(dash)),
            ("邮箱", owner.as_ref().and_then(|u| u.email.clone()).unwrap_or_else(dash)),
            ("单位", branch.clone()),
        ],
        2,
        10.0,
    );
    let lines = l.lines();
    let bytes = l.finish(&format!("报价单 {number}"))?;
    Ok(Pdf { file_name: format!("报价单-{number}.pdf"), bytes, lines })
}

/// Keeps the quote of `version` as sent to the customer (in the caller's transaction).
pub async fn keep_quote<C: ConnectionTrait>(
    db: &C,
    p: &proposal::Model,
    version: &proposal_version::Model,
    by: i64,
    now: DateTime<Utc>,
) -> AppResult<quote_document::Model> {
    let pdf = quote(db, p, version, now).await?;
    let row = quote_document::ActiveModel {
        proposal_id: Set(p.id),
        version_id: Set(version.id),
        version_no: Set(version.number),
        file_name: Set(pdf.file_name),
        sha256: Set(hex(&Sha256::digest(&pdf.bytes))),
        size: Set(pdf.bytes.len() as i64),
        content: Set(pdf.bytes),
        created_by: Set(by),
        created_at: Set(now),
        ..Default::default()
    };
    Ok(row.insert(db).await?)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes`, in hex (how a kept document is checked).
pub fn checksum(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// 合同文本: the contract with its number, the parties, what is bought at what price, the term
/// and payment, four copies' signature blocks and the document checklist as its annex.
pub async fn contract<C: ConnectionTrait>(db: &C, c: &contract::Model, now: DateTime<Utc>) -> AppResult<Pdf> {
    let group =
        customer_group::Entity::find_by_id(c.group_id).one(db).await?.ok_or_else(|| AppError::internal("group"))?;
    let lines = contract_line::Entity::find()
        .filter(contract_line::Column::ContractId.eq(c.id))
        .order_by_asc(contract_line::Column::Position)
        .all(db)
        .await?;
    let documents = contract_document::Entity::find()
        .filter(contract_document::Column::ContractId.eq(c.id))
        .order_by_asc(contract_document::Column::Id)
        .all(db)
        .await?;
    let products = product_names(db, lines.iter().map(|l| l.product_id).collect()).await?;
    let (company, branch) = letterhead(db, c.branch_id).await?;
    let number = c.number.clone().unwrap_or_else(|| "（签订后编号）".into());

    let mut l = Layout::new(format!("{company} {branch} · 合同 {number}"));
    l.centered(&c.title, 18.0);
    l.centered("业务服务合同", 13.0);
    l.gap(4.0);
    l.split_line(&format!("合同编号：{number}"), &format!("打印日期：{}", day(now)), 10.0);
    l.heading("合同双方", 12.0);
    l.pairs(
        &[
            ("甲方（客户）", group.name.clone()),
            ("集团编号", group.code.clone()),
            ("甲方地址", group.address.clone()),
            ("乙方（运营商）", format!("{company} {branch}")),
        ],
        1,
        10.0,
    );
    l.heading("第一条 业务内容与价格", 12.0);
    let rows = price_rows!(lines, &products);
    price_table(&mut l, rows, "合同期金额");
    l.gap(4.0);
    l.pairs(
        &[
            ("月费合计", yuan(c.monthly_total)),
            ("一次性费用", yuan(c.one_off_total)),
            ("合同金额", yuan(c.value)),
            ("首期应收", yuan(crate::contracts::service::amount_due(c))),
        ],
        2,
        10.0,
    );
    l.heading("第二条 合同期限", 12.0);
    let term = match (c.term_start, c.term_end) {
        (Some(s), Some(e)) => {
            format!(
                "本合同期限 {} 个月，自 {} 起至 {} 止。",
                c.term_months,
                s.format("%Y年%m月%d日"),
                e.format("%Y年%m月%d日")
            )
        }
        _ => format!("本合同期限 {} 个月，自双方签订之日起计算。", c.term_months),
    };
    l.paragraph(&term, 10.0, 0.0);
    l.heading("第三条 付款", 12.0);
    l.paragraph(
        &format!(
            "甲方于合同签订后缴纳首期费用 {}（首月月费及一次性费用），此后按月缴纳月费；乙方收到缴费凭证且合同资料齐全后业务生效并安排装机。",
            yuan(crate::contracts::service::amount_due(c))
        ),
        10.0,
        0.0,
    );
    l.heading("第四条 其他", 12.0);
    l.paragraph(
        "本合同一式四份，甲乙双方各执两份，具有同等法律效力。本合同自双方签字盖章之日起生效；附件为本合同不可分割的组成部分。",
        10.0,
        0.0,
    );
    l.gap(10.0);
    for copy in 1..=4 {
        let caption = format!("第 {copy} 份（共四份，{}）", if copy <= 2 { "甲方执" } else { "乙方执" });
        l.signatures(
            &caption,
            &[("甲方（盖章）", &["授权代表签字：", "日期："]), ("乙方（盖章）", &["授权代表签字：", "日期："])],
            10.0,
        );
        l.gap(4.0);
    }
    l.heading("附件：合同资料清单", 12.0);
    let rows: Vec<Vec<String>> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| vec![(i + 1).to_string(), d.kind.facts().zh.to_string(), d.status.facts().zh.to_string()])
        .collect();
    let columns = [
        Column { title: "序号", share: 0.6, align: Align::Center },
        Column { title: "资料", share: 4.0, align: Align::Left },
        Column { title: "状态", share: 1.2, align: Align::Center },
    ];
    l.table(&columns, &rows, 9.5);
    let lines = l.lines();
    let bytes = l.finish(&format!("合同 {number}"))?;
    let name = c.number.clone().unwrap_or_else(|| format!("草稿-{}", c.id));
    Ok(Pdf { file_name: format!("合同-{name}.pdf"), bytes, lines })
}

/// 欠费通知单: the printed arrears notice of a collection item (rule 16) — letterhead, customer,
/// account, amount and age, the date and place agreed on the call that passed unpaid, where to
/// pay, the manager's contacts and the customer's receipt slip.
pub async fn arrears_notice<C: ConnectionTrait>(
    db: &C,
    item: &entity::arrears_item::Model,
    group: &customer_group::Model,
    member: Option<&entity::member::Model>,
    now: DateTime<Utc>,
) -> AppResult<Pdf> {
    let (company, branch) = letterhead(db, item.branch_id).await?;
    let manager = app_user::Entity::find_by_id(item.manager_id).one(db).await?;
    let owed = (item.amount - item.collected).max(Decimal::ZERO);
    let number = format!("QF-{}-{:06}", item.cycle.replace('-', ""), item.id);
    let mut l = Layout::new(format!("{company} {branch} · 欠费通知单 {number}"));
    l.centered(&format!("{company} {branch}"), 13.0);
    l.centered("欠费通知单", 18.0);
    l.gap(4.0);
    l.split_line(&format!("编号：{number}"), &format!("日期：{}", day(now)), 10.0);
    l.paragraph(&format!("{}：", group.name), 11.0, 0.0);
    let agreed = match (item.agreed_on, item.agreed_place.as_deref()) {
        (Some(d), Some(p)) => {
            format!("经我司客户经理联系，贵单位原约定于 {} 在{p}缴清欠费，", d.format("%Y年%m月%d日"))
        }
        _ => String::new(),
    };
    l.paragraph(
        &format!(
            "截至本账期（{}），贵单位以下账户已欠费 {} 个月，欠费金额 {}。{agreed}至今尚未缴纳。请于收到本通知之日起七日内到我司营业厅或通过银行转账缴清欠费，以免影响贵单位的正常通信。如已缴纳，请忽略本通知并告知您的客户经理。",
            item.cycle,
            item.months_overdue,
            yuan(owed)
        ),
        10.5,
        21.0,
    );
    l.heading("欠费明细", 12.0);
    let mut pairs = vec![
        ("客户名称", group.name.clone()),
        ("集团编号", group.code.clone()),
        ("账户", item.account_no.clone()),
        ("账期", item.cycle.clone()),
        ("欠费月数", format!("{} 个月", item.months_overdue)),
        ("欠费金额", yuan(item.amount)),
        ("已缴金额", yuan(item.collected)),
        ("应缴余额", yuan(owed)),
    ];
    if let Some(m) = member {
        pairs.insert(3, ("号码", format!("{}（{}）", m.phone, m.name)));
    }
    l.pairs(&pairs, 2, 10.0);
    l.heading("联系方式", 12.0);
    l.pairs(
        &[
            ("客户经理", manager.as_ref().map(|m| m.display_name.clone()).unwrap_or_default()),
            ("电话", manager.as_ref().and_then(|m| m.phone.clone()).unwrap_or_default()),
        ],
        2,
        10.0,
    );
    l.gap(10.0);
    l.split_line("", &format!("{company} {branch}（盖章）"), 10.5);
    l.split_line("", &day(now), 10.5);
    l.gap(8.0);
    l.rule();
    l.centered("回执（请签收后交回客户经理）", 11.0);
    l.paragraph(&format!("本单位已收到编号为 {number} 的欠费通知单，欠费金额 {}。", yuan(owed)), 10.0, 0.0);
    l.signatures("", &[("客户签收", &["签字：", "日期："]), ("客户经理", &["签字：", "日期："])], 10.0);
    let lines = l.lines();
    let bytes = l.finish(&format!("欠费通知单 {number}"))?;
    Ok(Pdf { file_name: format!("欠费通知单-{number}.pdf"), bytes, lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_prints_with_the_yuan_sign_and_thousands() {
        assert_eq!(yuan(Decimal::new(444000, 2)), "¥4,440.00");
        assert_eq!(yuan(Decimal::new(123456789, 2)), "¥1,234,567.89");
        assert_eq!(yuan(Decimal::new(5, 1)), "¥0.50");
        assert_eq!(yuan(Decimal::new(-100, 0)), "-¥100.00");
        assert_eq!(yuan(Decimal::ZERO), "¥0.00");
    }
}
