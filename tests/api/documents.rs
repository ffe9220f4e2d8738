//! The quote and the contract on paper: PDFs the customer gets, the quote kept exactly as sent.
use base64::{Engine, engine::general_purpose::STANDARD};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::{
    archive::group,
    common::error_code,
    db_test,
    flow::{REVISE_PROPOSAL, line, ok, paper_documents, pay_due, product_id, sent_proposal, signed_contract},
};

fn pdf(file: &Value) -> Vec<u8> {
    let bytes = STANDARD.decode(file["contentBase64"].as_str().expect("content")).expect("base64");
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert_eq!(file["sha256"], gecrm::documents::checksum(&bytes), "the checksum is the content's");
    assert_eq!(file["size"], bytes.len());
    bytes
}

fn id_of(v: &Value) -> i64 {
    gecrm::graphql::relay::decode_global_id(&async_graphql::ID(v.as_str().unwrap().into())).unwrap().1
}

const SENT: &str = "query($id: ID!) { node(id: $id) { ... on Proposal { sentQuotes { fileName sha256 size versionNumber createdAt contentBase64 } } } }";

db_test!(the_quote_sent_is_kept_exactly_and_says_what_the_customer_needs, |app| {
    let g = group(&app, "gz_am1", "广州市越秀区档案馆", None).await;
    let gid = g["id"].as_str().unwrap();
    let dl = product_id(&app, "DEDICATED_LINE").await;
    let p = sent_proposal(&app, gid, vec![line(&dl, 2, 24, Some("10"))]).await;

    // Sending kept the quote of version 1.
    let sent = app.data(Some("gz_am1"), SENT, json!({ "id": p["id"] })).await["node"]["sentQuotes"].clone();
    let sent = sent.as_array().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["versionNumber"], 1);
    let original = pdf(&sent[0]);
    assert!(sent[0]["fileName"].as_str().unwrap().starts_with("报价单-BJ-"));

    // What it says: letterhead, customer, the line at standard price, discount and net, the
    // totals, the validity and the account manager's contacts.
    let db = &app.state.db;
    let row = entity::proposal::Entity::find_by_id(id_of(&p["id"])).one(db).await.unwrap().unwrap();
    let version = gecrm::proposals::service::current_version(db, &row).await.unwrap();
    let quote = gecrm::documents::quote(db, &row, &version, app.clock_now()).await.unwrap();
    let text = quote.lines.join("\n");
    for expected in [
        "华南通信市公司",
        "广州分公司",
        "报 价 单",
        "广州市越秀区档案馆",
        "专线接入",
        "¥4,200.00",
        "10.00%",
        "¥3,780.00",
        "有效期至",
        "张晓明",
        "13920260006",
        "gz.am1@example.cn",
    ] {
        assert!(text.contains(expected), "the quote says {expected}: {text}");
    }

    // Revised and changed, the kept quote is still byte for byte what the customer got.
    let revised = ok(
        &app,
        "gz_am1",
        REVISE_PROPOSAL,
        json!({ "id": p["id"], "expectedVersion": p["version"], "reason": "客户要求加一条线路" }),
    )
    .await;
    assert_eq!(revised["status"], "DRAFT");
    let again = app.data(Some("gz_am1"), SENT, json!({ "id": p["id"] })).await["node"]["sentQuotes"].clone();
    assert_eq!(again.as_array().unwrap().len(), 1);
    assert_eq!(pdf(&again[0]), original, "the kept quote is unchanged");

    // The quote of the draft can be made any time, to check or print.
    let live = app
        .data(Some("gz_am1"), "query($id: ID!) { node(id: $id) { ... on Proposal { quotePdf { fileName sha256 size versionNumber contentBase64 } } } }", json!({ "id": p["id"] }))
        .await;
    pdf(&live["node"]["quotePdf"]);

    // Another branch's manager sees neither; making many at once is refused before any work.
    let other = app.data(Some("sz_am1"), SENT, json!({ "id": p["id"] })).await;
    assert_eq!(other["node"], Value::Null);
    let many = app.exec(Some("gm"), "{ proposals(first: 10) { nodes { quotePdf { size } } } }", json!({})).await;
    assert_eq!(error_code(&many), "TOO_COMPLEX", "{many:#}");
});

db_test!(the_contract_prints_with_its_number_copies_and_checklist, |app| {
    let g = group(&app, "gz_am1", "广州市越秀区方志馆", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let c = signed_contract(&app, g["id"].as_str().unwrap(), vec![line(&sms, 3, 12, None)]).await;
    let c = pay_due(&app, &paper_documents(&app, c).await, "PZ-7").await;
    let q = "query($id: ID!) { node(id: $id) { ... on Contract { number contractPdf { fileName sha256 size contentBase64 } } } }";
    let r = app.data(Some("gz_am1"), q, json!({ "id": c["id"] })).await;
    let number = r["node"]["number"].as_str().unwrap().to_string();
    pdf(&r["node"]["contractPdf"]);
    assert_eq!(r["node"]["contractPdf"]["fileName"], format!("合同-{number}.pdf"));

    let db = &app.state.db;
    let row = entity::contract::Entity::find_by_id(id_of(&c["id"])).one(db).await.unwrap().unwrap();
    let doc = gecrm::documents::contract(db, &row, app.clock_now()).await.unwrap();
    let text = doc.lines.join("\n");
    for expected in [
        number.as_str(),
        "甲方（客户）：",
        "广州市越秀区方志馆",
        "集团短信",
        "本合同一式四份",
        "附件：合同资料清单",
        "缴费凭证",
        "已收",
        "首期应收：",
    ] {
        assert!(text.contains(expected), "the contract says {expected}: {text}");
    }
    for copy in 1..=4 {
        assert!(text.contains(&format!("第 {copy} 份（共四份")), "copy {copy}'s signature block");
    }
    assert_eq!(text.matches("甲方（盖章）").count(), 4);
    assert_eq!(app.data(Some("sz_am1"), q, json!({ "id": c["id"] })).await["node"], Value::Null);
});
