//! A fake VIES for the tests: the REST API's shape (`POST
//! {base}/check-vat-number` with `{countryCode, vatNumber,
//! requesterMemberStateCode, requesterNumber}` → `{countryCode, vatNumber,
//! requestDate, valid, requestIdentifier, name, address}`, and
//! `{actionSucceed: false, errorWrappers: [{error, message}]}` when a member
//! state's register is down), served on 127.0.0.1 for one test.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Registry {
    /// Numbers the member states know, with their prefix (`DE123456789`).
    valid: BTreeSet<String>,
    /// The member state's register does not answer.
    down: bool,
    /// Every request body, in order.
    requests: Vec<Value>,
}

#[derive(Clone)]
pub struct FakeVies {
    pub base: String,
    registry: Arc<Mutex<Registry>>,
}

async fn check(State(reg): State<Arc<Mutex<Registry>>>, Json(body): Json<Value>) -> Response {
    let mut r = reg.lock().expect("lock");
    r.requests.push(body.clone());
    let (Some(country), Some(number)) = (body["countryCode"].as_str(), body["vatNumber"].as_str()) else {
        let e = json!({"actionSucceed": false, "errorWrappers": [{"error": "INVALID_INPUT"}]});
        return (StatusCode::BAD_REQUEST, Json(e)).into_response();
    };
    if r.down {
        let e = json!({"actionSucceed": false, "errorWrappers": [{"error": "MS_UNAVAILABLE",
            "message": "The application at the Member State is not replying or not available"}]});
        return (StatusCode::INTERNAL_SERVER_ERROR, Json(e)).into_response();
    }
    let valid = r.valid.contains(&format!("{country}{number}"));
    let identified = body["requesterNumber"].as_str().is_some_and(|n| !n.is_empty());
    let consultation = if identified { format!("WAPIAAAAZ{:06}", r.requests.len()) } else { String::new() };
    Json(json!({
        "countryCode": country,
        "vatNumber": number,
        "requestDate": "2026-11-25T09:00:00.000Z",
        "valid": valid,
        "requestIdentifier": consultation,
        "name": if valid { "Bild GmbH" } else { "---" },
        "address": if valid { "Hauptstraße 1\n10115 Berlin" } else { "---" },
        "traderName": "---",
        "traderCompanyType": "---",
        "traderAddress": "---"
    }))
    .into_response()
}

impl FakeVies {
    /// Starts the fake on a free port; `valid` are the numbers it knows.
    pub async fn start(valid: &[&str]) -> FakeVies {
        let registry = Arc::new(Mutex::new(Registry {
            valid: valid.iter().map(|v| (*v).to_owned()).collect(),
            ..Registry::default()
        }));
        let app = axum::Router::new().route("/check-vat-number", post(check)).with_state(registry.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the fake VIES");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        FakeVies { base, registry }
    }

    pub fn set_down(&self, down: bool) {
        self.registry.lock().expect("lock").down = down;
    }

    pub fn forget(&self, vat: &str) {
        self.registry.lock().expect("lock").valid.remove(vat);
    }

    pub fn requests(&self) -> Vec<Value> {
        self.registry.lock().expect("lock").requests.clone()
    }
}
