//! Admin tools: the audit log and the staff users.

use super::audit_fields::readable;
use super::{AdminView, Cell, Search, Section, form, table};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::refusal::Refusal;
use crate::staff::Staff;
use crate::state::AppState;
use crate::view::{Field, summary};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cps_domain::staff::{StaffRole, Tool};
use cps_domain::{Email, FieldErrors};
use cps_store::staff::StaffEmailTaken;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

pub async fn audit(
    State(state): State<AppState>,
    staff: Staff,
    Query(q): Query<SearchQuery>,
) -> Result<Response, AppError> {
    staff.require(Tool::Admin)?;
    let i = &staff.ctx.i;
    let mut view = AdminView::new(staff.page(i.t("admin-audit-title"), "audit"));
    view.lead = Some(i.t("admin-audit-lead"));
    view.search = Some(Search {
        action: "/admin/audit",
        label: i.t("admin-audit-search"),
        button: i.t("admin-search"),
        value: q.q.clone(),
    });
    let rows = state
        .store()
        .audit_log(&q.q, 500)
        .await?
        .into_iter()
        .map(|a| {
            let state = |stored: Option<String>| {
                let stored = stored.unwrap_or_default();
                Cell::fields(readable(i, &a.action, &stored), stored, i.t("admin-audit-show"))
            };
            vec![
                Cell::text(i.datetime(a.at)),
                Cell::text(a.actor),
                Cell::text(audit_action_label(i, &a.action)),
                Cell::text(a.target),
                state(a.before),
                state(a.after),
                Cell::text(a.reason.unwrap_or_default()),
            ]
        })
        .collect();
    view.sections.push(Section {
        table: Some(table(
            &staff,
            &[
                "admin-col-date",
                "admin-col-actor",
                "admin-col-action",
                "admin-col-target",
                "admin-audit-before",
                "admin-audit-after",
                "admin-col-reason",
            ],
            rows,
        )),
        ..Default::default()
    });
    view.respond()
}

/// An audit action's label; an action this build does not know is shown as
/// stored rather than as a message id.
fn audit_action_label(i: &cps_i18n::I18n, action: &str) -> String {
    if cps_store::staff::AUDIT_ACTIONS.contains(&action) {
        i.t(&format!("admin-audit-action-{}", action.replace('.', "-")))
    } else {
        action.to_owned()
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StaffInput {
    email: String,
    role: String,
}

async fn staff_view(
    state: &AppState,
    staff: &Staff,
    input: &StaffInput,
    errors: &FieldErrors,
    shown: Option<(&str, String)>,
) -> Result<AdminView, AppError> {
    let i = &staff.ctx.i;
    let mut view = AdminView::new(staff.page(i.t("admin-staff-title"), "staff"));
    view.errors = summary(i, errors);
    if let Some((title, text)) = shown {
        view.sections.push(Section { title: i.t(title), text: vec![text], ..Default::default() });
    }
    let users = state.store().staff_users().await?;
    let mut list = Section {
        table: Some(table(
            staff,
            &["admin-col-email", "admin-col-role", "admin-col-status"],
            users
                .iter()
                .map(|u| {
                    vec![
                        Cell::text(u.email.clone()),
                        Cell::text(i.t(&format!("admin-role-{}", u.role.as_str()))),
                        Cell::text(i.t(if u.disabled { "admin-staff-disabled" } else { "admin-staff-active" })),
                    ]
                })
                .collect(),
        )),
        ..Default::default()
    };
    for u in users.iter().filter(|u| u.id != staff.user.id) {
        let mut actions = vec![
            ("unlock", "admin-staff-unlock", None),
            ("reset", "admin-staff-reset-password", Some("no")),
            ("reset", "admin-staff-reset-both", Some("yes")),
        ];
        if !u.disabled {
            actions.push(("disable", "admin-staff-disable", None));
        }
        for (action, button, totp) in actions {
            let mut f = form(staff, format!("/admin/staff/{}/{action}", u.id), "", button, Vec::new());
            f.title = u.email.clone();
            f.secondary = true;
            f.hidden.extend(totp.map(|t| ("totp", t.to_owned())));
            list.forms.push(f);
        }
    }
    view.sections.push(list);
    let mut roles = vec![(String::new(), i.t("admin-choose"))];
    roles.extend(StaffRole::ALL.iter().map(|r| (r.as_str().to_owned(), i.t(&format!("admin-role-{}", r.as_str())))));
    view.sections.push(Section {
        forms: vec![form(
            staff,
            "/admin/staff".into(),
            "admin-staff-create-title",
            "admin-staff-create",
            vec![
                Field::new(i, "email", "admin-col-email", &input.email, errors).kind("email"),
                Field::new(i, "role", "admin-col-role", &input.role, errors).options(roles),
            ],
        )],
        ..Default::default()
    });
    Ok(view)
}

pub async fn staff_list(State(state): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.require(Tool::Admin)?;
    staff_view(&state, &staff, &StaffInput::default(), &FieldErrors::new(), None).await?.respond()
}

/// The address is another staff user's: shown on the form.
impl Refusal for StaffEmailTaken {
    fn message(&self) -> &'static str {
        "admin-error-staff-exists"
    }

    fn field(&self) -> Option<&'static str> {
        Some("email")
    }

    fn status(&self) -> StatusCode {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// A new staff user gets a generated password and TOTP secret, shown once
/// to the admin who hands them over.
pub async fn create_staff(
    State(state): State<AppState>,
    staff: Staff,
    CsrfForm(input): CsrfForm<StaffInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::Admin)?;
    let mut errors = FieldErrors::new();
    let email = Email::parse(&input.email);
    if email.is_err() {
        errors.add("email", "error-email-invalid");
    }
    let role = StaffRole::parse(&input.role);
    if role.is_none() {
        errors.add("role", "admin-error-choose");
    }
    let (Ok(email), Some(role)) = (email, role) else {
        let view = staff_view(&state, &staff, &input, &errors, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, view.respond()?).into_response());
    };
    let credentials = crate::password::new_staff_credentials().await?;
    let created = state
        .store()
        .create_staff(
            email.as_str(),
            role,
            &credentials.password_hash,
            &credentials.totp_secret,
            Some(&staff.actor()),
            state.now(),
        )
        .await;
    if let Err(failure) = created {
        let refused = failure.refusal()?;
        errors.add(refused.field().unwrap_or("email"), refused.message());
        let view = staff_view(&state, &staff, &input, &errors, None).await?;
        return Ok((refused.status(), view.respond()?).into_response());
    }
    let text = credentials_text(&staff, email.as_str(), &credentials.password, Some(&credentials.totp_secret));
    shown_once(&state, &staff, ("admin-staff-created", text)).await
}

/// New credentials as shown once: the password, and the TOTP secret with
/// its `otpauth://` address when there is a new one.
fn credentials_text(staff: &Staff, email: &str, password: &str, totp_secret: Option<&[u8]>) -> String {
    let i = &staff.ctx.i;
    let mut text = format!("{}\n{}: {password}", i.t("admin-staff-created-lead"), i.t("login-password"));
    if let Some(secret) = totp_secret {
        text.push_str(&format!(
            "\n{}: {}\n{}",
            i.t("admin-staff-totp"),
            cps_domain::totp::base32_encode(secret),
            cps_domain::totp::provisioning_uri("CPS", email, secret),
        ));
    }
    text
}

/// The staff page with a section (title id, text) that carries a secret: never cached.
async fn shown_once(state: &AppState, staff: &Staff, (title, text): (&str, String)) -> Result<Response, AppError> {
    let view = staff_view(state, staff, &StaffInput::default(), &FieldErrors::new(), Some((title, text))).await?;
    let mut res = view.respond()?;
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(res)
}

pub async fn disable_staff(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    staff.require(Tool::Admin)?;
    if id == staff.user.id {
        return Err(AppError::BadRequest);
    }
    state.store().disable_staff(id, &staff.actor(), state.now()).await?;
    Ok(redirect_with_flash("/admin/staff", "admin-done"))
}

/// Forgets a staff member's failed log-ins (they were held back).
pub async fn unlock_staff(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    staff.require(Tool::Admin)?;
    if !state.store().unlock_staff(id, &staff.actor(), state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_flash("/admin/staff", "admin-done"))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ResetInput {
    /// "yes": a new TOTP secret as well (a lost phone).
    totp: String,
}

/// A new password (and TOTP secret) for a staff member, on the same
/// account, shown once to the admin who hands it over.
pub async fn reset_staff(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ResetInput>,
) -> Result<Response, AppError> {
    staff.require(Tool::Admin)?;
    // Another admin resets an admin's own credentials.
    if id == staff.user.id {
        return Err(AppError::BadRequest);
    }
    let Some(target) = state.store().staff_users().await?.into_iter().find(|u| u.id == id) else {
        return Err(AppError::NotFound);
    };
    let c = crate::password::new_staff_credentials().await?;
    let totp = (input.totp == "yes").then_some(c.totp_secret.as_slice());
    state.store().reset_staff_credentials(id, &c.password_hash, totp, &staff.actor(), state.now()).await?;
    let text = credentials_text(&staff, &target.email, &c.password, totp);
    shown_once(&state, &staff, ("admin-staff-reset-done", text)).await
}
