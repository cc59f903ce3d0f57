//! The service queue (issue 15), read-only for now: open service requests
//! by the tier's support priority, then the promised date, with a warning
//! where the promised date is at risk or missed. Support staff's tool.

use super::{AdminView, Cell, Section, table};
use crate::error::AppError;
use crate::staff::Staff;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use cps_domain::service::{Deadline, deadline};
use cps_domain::staff::Tool;
use cps_store::service::QueueFilter;

/// Working days before the promised date from which a request is at risk.
const AT_RISK_WORKING_DAYS: u32 = 1;

pub async fn queue(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Tool::SupportActions)?;
    let i = &staff.ctx.i;
    let today = state.now().date_naive();
    let mut view = AdminView::new(staff.page(i.t("admin-service-title"), "service"));
    view.lead = Some(i.t("admin-service-lead"));
    let rows = state
        .store()
        .service_queue(QueueFilter::Open)
        .await?
        .into_iter()
        .map(|r| {
            let promised = match r.promised_on {
                Some(p) => {
                    let warning = match deadline(Some(p), r.status, today, AT_RISK_WORKING_DAYS) {
                        Deadline::OnTrack => String::new(),
                        Deadline::AtRisk => format!(" ({})", i.t("admin-service-at-risk")),
                        Deadline::Missed => format!(" ({})", i.t("admin-service-missed")),
                    };
                    format!("{}{warning}", i.date(p))
                }
                None => i.t("admin-service-not-received"),
            };
            vec![
                Cell::text(r.number),
                Cell::text(r.priority.to_string()),
                Cell::text(r.business_name),
                Cell::text(r.model_name),
                Cell::text(r.serial.unwrap_or_default()),
                Cell::text(i.t(&format!("service-kind-{}", r.kind.as_str()))),
                Cell::text(i.t(&format!("service-status-{}", r.status.as_str()))),
                Cell::text(r.tier_code.unwrap_or_else(|| i.t("admin-service-no-membership"))),
                Cell::text(promised),
            ]
        })
        .collect();
    view.sections.push(Section {
        table: Some(table(
            &staff,
            &[
                "admin-col-number",
                "admin-col-priority",
                "admin-col-business",
                "admin-col-model",
                "admin-col-serial",
                "admin-col-kind",
                "admin-col-status",
                "admin-col-tier",
                "admin-col-promised",
            ],
            rows,
        )),
        ..Default::default()
    });
    view.respond()
}
