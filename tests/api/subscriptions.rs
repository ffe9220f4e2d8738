use std::{net::SocketAddr, time::Duration};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};

use crate::{common::TestApp, db_test};

async fn serve(app: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    addr
}

async fn connect(
    addr: SocketAddr,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let mut req = format!("ws://{addr}/graphql/ws").into_client_request().unwrap();
    req.headers_mut().insert("sec-websocket-protocol", HeaderValue::from_static("graphql-transport-ws"));
    tokio_tungstenite::connect_async(req).await.expect("websocket connects").0
}

async fn next_json<S: StreamExt<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin>(
    ws: &mut S,
) -> Option<Value> {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next()).await.ok()?? {
            Ok(Message::Text(t)) => return serde_json::from_str(&t).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

db_test!(admins_see_audit_events_live_over_websocket, |app| {
    let addr = serve(&app).await;
    let (token, _) = app.login("admin").await;
    let mut ws = connect(addr).await;
    ws.send(Message::text(
        json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } }).to_string(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await.unwrap()["type"], "connection_ack");
    ws.send(Message::text(
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { auditEventAdded { action actor { username } } }" } }).to_string(),
    ))
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.login("gz_am1").await;
    let msg = next_json(&mut ws).await.expect("an event arrives");
    assert_eq!(msg["type"], "next");
    assert_eq!(msg["payload"]["data"]["auditEventAdded"]["action"], "auth.login");
    assert_eq!(msg["payload"]["data"]["auditEventAdded"]["actor"]["username"], "gz_am1");
});

db_test!(websocket_without_a_valid_token_is_refused, |app| {
    let addr = serve(&app).await;
    let mut ws = connect(addr).await;
    ws.send(Message::text(
        json!({ "type": "connection_init", "payload": { "authorization": "Bearer forged" } }).to_string(),
    ))
    .await
    .unwrap();
    let reply = next_json(&mut ws).await;
    assert!(reply.as_ref().is_none_or(|m| m["type"] != "connection_ack"), "{reply:?}");
});

db_test!(an_approver_hears_of_a_request_waiting_on_them, |app| {
    use crate::pipeline::{create_proposal, line, product_id, submit};
    let addr = serve(&app).await;
    let (token, _) = app.login("gz_head").await;
    let mut ws = connect(addr).await;
    ws.send(Message::text(
        json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } }).to_string(),
    ))
    .await
    .unwrap();
    assert_eq!(next_json(&mut ws).await.unwrap()["type"], "connection_ack");
    ws.send(Message::text(
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { approvalWaiting { topic objectType objectId action status } }" } }).to_string(),
    ))
    .await
    .unwrap();
    // Give the PostgreSQL listener time to be listening and the subscription to start.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let g = crate::archive::group(&app, "gz_am1", "天河区交通局", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let p = create_proposal(&app, "gz_am1", g["id"].as_str().unwrap(), None, vec![line(&sms, 1, 12, None)]).await;
    let p = submit(&app, "gz_am1", &p).await;
    let msg = next_json(&mut ws).await.expect("an event arrives");
    assert_eq!(msg["type"], "next", "{msg:#}");
    let e = &msg["payload"]["data"]["approvalWaiting"];
    assert_eq!(e["topic"], "APPROVAL_WAITING");
    assert_eq!(e["objectType"], "ApprovalRequest");
    assert_eq!(e["objectId"], p["approvalRequests"][0]["id"]);
    assert_eq!(e["action"], "approval.open");
});
