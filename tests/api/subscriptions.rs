use std::{net::SocketAddr, time::Duration};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest, http::HeaderValue};

use crate::{common::TestApp, db_test};

pub async fn serve(app: &TestApp) -> SocketAddr {
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

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A websocket signed in with `token` and subscribed to `query` (as id "1").
pub async fn subscribe(addr: SocketAddr, token: &str, query: &str) -> Socket {
    let mut ws = connect(addr).await;
    let init = json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } });
    ws.send(Message::text(init.to_string())).await.unwrap();
    assert_eq!(next_json(&mut ws).await.unwrap()["type"], "connection_ack");
    let sub = json!({ "id": "1", "type": "subscribe", "payload": { "query": query } });
    ws.send(Message::text(sub.to_string())).await.unwrap();
    ws
}

pub async fn next_json<S: StreamExt<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin>(
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
    let mut ws = subscribe(addr, &token, "subscription { auditEventAdded { action actor { username } } }").await;
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
    use crate::flow::{create_proposal, line, product_id, submit};
    let addr = serve(&app).await;
    let (token, _) = app.login("gz_head").await;
    let mut ws =
        subscribe(addr, &token, "subscription { approvalWaiting { topic objectType objectId action status } }").await;
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

/// What a database restart or failover does to the process's listening connection.
async fn kill_the_listeners_connection(app: &TestApp) -> u64 {
    use sea_orm::ConnectionTrait;
    let sql = "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity \
               WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()";
    let rows =
        app.state.db.query_all_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql)).await.unwrap();
    rows.len() as u64
}

async fn until(what: &str, mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("waited 5 s for {what}");
}

/// On PostgreSQL the events of other processes come over a listening connection. When that
/// connection is lost, the process reconnects, tells subscribers to refetch (they may have
/// missed something meanwhile), and live updates go on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_updates_survive_a_lost_database_connection_postgres() {
    use crate::flow::{create_proposal, line, product_id, submit};
    let app = TestApp::new(crate::common::Backend::Postgres).await;
    let addr = serve(&app).await;
    until("the listener", async || app.state.is_listening()).await;
    let (token, _) = app.login("gz_head").await;
    let mut ws =
        subscribe(addr, &token, "subscription { myPipelineEvents { topic objectType objectId action } }").await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    assert_eq!(kill_the_listeners_connection(&app).await, 1);
    let msg = next_json(&mut ws).await.expect("subscribers are told to refetch");
    assert_eq!(msg["payload"]["data"]["myPipelineEvents"]["topic"], "RESYNC", "{msg:#}");
    until("the listener to be back", async || app.state.is_listening()).await;
    let ready = axum::http::Request::get("/readyz").body(axum::body::Body::empty()).unwrap();
    assert_eq!(app.http(ready).await.0.as_u16(), 200);

    let g = crate::archive::group(&app, "gz_am1", "天河区水务局", None).await;
    let sms = product_id(&app, "GROUP_SMS").await;
    let p = create_proposal(&app, "gz_am1", g["id"].as_str().unwrap(), None, vec![line(&sms, 1, 12, None)]).await;
    let p = submit(&app, "gz_am1", &p).await;
    let msg = next_json(&mut ws).await.expect("events arrive again");
    let e = &msg["payload"]["data"]["myPipelineEvents"];
    assert_eq!(e["topic"], "APPROVAL_WAITING", "{msg:#}");
    assert_eq!(e["objectId"], p["approvalRequests"][0]["id"]);
}

/// A user disabled in one server process is refused by the others too, at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_a_user_reaches_every_process_postgres() {
    let app = TestApp::new(crate::common::Backend::Postgres).await;
    let url = app.state.config.database_url.clone();
    let metrics = gecrm::metrics::Metrics::new();
    let db = gecrm::db::connect(&url, &metrics).await.unwrap();
    let other =
        gecrm::AppState::new(crate::common::base_config(&url), db, std::sync::Arc::new(app.clock.clone()), metrics);
    let other_router = gecrm::router(other.clone());
    until("the other process's listener", async || other.is_listening()).await;
    let (token, _) = app.login("gz_am2").await;
    let me = |t: &str| {
        axum::http::Request::post("/graphql")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {t}"))
            .body(axum::body::Body::from(json!({ "query": "{ me { username } }" }).to_string()))
            .unwrap()
    };
    use tower::ServiceExt;
    let body = |r: axum::response::Response| async move {
        let b = http_body_util::BodyExt::collect(r.into_body()).await.unwrap().to_bytes();
        serde_json::from_slice::<Value>(&b).unwrap()
    };
    let before = body(other_router.clone().oneshot(me(&token)).await.unwrap()).await;
    assert_eq!(before["data"]["me"]["username"], "gz_am2");
    app.disable_user("gz_am2").await;
    until("the other process to refuse the token", async || {
        let r = body(other_router.clone().oneshot(me(&token)).await.unwrap()).await;
        r["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    })
    .await;
}
