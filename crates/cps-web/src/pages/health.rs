use crate::state::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// A load balancer probes often and gives up after a few seconds: answer
/// "not ready" before it does, not when the pool's acquire timeout ends.
const READINESS_LIMIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The process can serve and save: the database answers, and an embedded
/// database's disk is writable and not full. The body says why not.
pub async fn readyz(State(state): State<AppState>) -> axum::response::Response {
    match state.store().readiness(READINESS_LIMIT).await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(why) => {
            tracing::warn!(reason = %why, "not ready");
            // For the operator's probe and curl: the reason, not the members' error page.
            let mut res = (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {why}")).into_response();
            res.extensions_mut().insert(crate::error::PlainBody);
            res
        }
    }
}

/// Prometheus text format.
pub async fn metrics() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], crate::metrics::handle().render())
}
