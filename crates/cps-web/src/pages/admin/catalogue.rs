//! Admin: the product catalogue and the tiers, changed by uploading a file.
//! The file is checked whole, its effect is shown, and only then applied
//! (from the same staged bytes, with an audit entry).

use super::{AdminView, Cell, Section, form, table};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::pages::redirect_with_flash;
use crate::refusal::Refusal;
use crate::staff::Staff;
use crate::state::AppState;
use crate::view::Field;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cps_domain::FieldErrors;
use cps_domain::staff::Tool;
use cps_domain::tier_upload::{TierChange, TierLine, diff};
use cps_store::Failure;
use cps_store::backoffice::{UploadKind, UploadRefused};
use cps_store::catalogue::ImportMode;

/// An upload applied already (a second click) is said with a flash on the
/// catalogue page; a staged file that cannot be applied is a bad request.
impl Refusal for UploadRefused {
    fn message(&self) -> &'static str {
        match self {
            UploadRefused::NotStaged => "admin-not-applicable",
            UploadRefused::UnknownKind | UploadRefused::Unreadable => "error-bad-request-text",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            UploadRefused::NotStaged => StatusCode::CONFLICT,
            UploadRefused::UnknownKind | UploadRefused::Unreadable => StatusCode::BAD_REQUEST,
        }
    }
}

fn upload_forms(staff: &Staff) -> Section {
    let i = &staff.ctx.i;
    let modes = vec![
        ("catalogue".to_owned(), i.t("admin-catalogue-extend")),
        ("catalogue-replace".to_owned(), i.t("admin-catalogue-replace")),
    ];
    let mut catalogue = form(
        staff,
        "/admin/catalogue/upload".into(),
        "admin-catalogue-upload-title",
        "admin-preview",
        vec![Field::new(i, "kind", "admin-catalogue-mode", "catalogue", &FieldErrors::new()).options(modes)],
    );
    catalogue.multipart = true;
    catalogue.accept = ".csv,text/csv";
    let mut tiers =
        form(staff, "/admin/catalogue/upload".into(), "admin-tiers-upload-title", "admin-preview", Vec::new());
    tiers.multipart = true;
    tiers.accept = ".toml,application/toml,text/plain";
    tiers.hidden.push(("kind", "tiers".into()));
    Section { text: vec![i.t("admin-catalogue-lead")], forms: vec![catalogue, tiers], ..Default::default() }
}

pub async fn show(staff: Staff) -> Result<Response, AppError> {
    staff.require(Tool::Admin)?;
    let mut view = AdminView::new(staff.page(staff.ctx.i.t("admin-catalogue-title"), "catalogue"));
    view.sections.push(upload_forms(&staff));
    view.respond()
}

/// Checks an uploaded file, stages it and shows what applying it would do.
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    staff.require(Tool::Admin)?;
    let (mut csrf, mut kind, mut file) = (None, None, None);
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.map_err(|_| AppError::BadRequest)?),
            Some("kind") => kind = Some(field.text().await.map_err(|_| AppError::BadRequest)?),
            Some("file") => file = Some(field.bytes().await.map_err(|_| AppError::TooLarge)?),
            _ => {}
        }
    }
    if !crate::csrf::multipart_token_ok(&staff.ctx, csrf.as_deref()) {
        return Err(AppError::Csrf);
    }
    let i = &staff.ctx.i;
    let kind = match kind.as_deref() {
        Some("catalogue") => UploadKind::Catalogue(ImportMode::Extend),
        Some("catalogue-replace") => UploadKind::Catalogue(ImportMode::Replace),
        Some("tiers") => UploadKind::Tiers,
        _ => return Err(AppError::BadRequest),
    };
    let text = file.as_deref().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    let mut view = AdminView::new(staff.page(i.t("admin-catalogue-title"), "catalogue"));
    let now = state.now();
    let preview = match kind {
        UploadKind::Catalogue(mode) => match cps_domain::catalogue::parse_catalogue(&text) {
            Err(errors) => Err(errors.iter().map(ToString::to_string).collect::<Vec<_>>()),
            Ok(items) => {
                let r = state.store().preview_catalogue(&items, mode, now).await?;
                let rows = r
                    .changes
                    .iter()
                    .map(|(code, name, before, after)| {
                        let show = |p: &Option<i64>| p.map_or_else(|| "–".to_owned(), |p| i.number(p));
                        vec![
                            Cell::text(code.clone()),
                            Cell::text(name.clone()),
                            Cell::text(show(before)),
                            Cell::text(show(after)),
                        ]
                    })
                    .collect();
                let counts = i.t_args(
                    "admin-catalogue-counts",
                    &[
                        ("added", cps_i18n::Arg::Num(r.added as i64)),
                        ("changed", cps_i18n::Arg::Num(r.changed as i64)),
                        ("withdrawn", cps_i18n::Arg::Num(r.withdrawn as i64)),
                        ("unchanged", cps_i18n::Arg::Num(r.unchanged as i64)),
                    ],
                );
                Ok((
                    counts,
                    table(&staff, &["admin-col-model", "admin-col-name", "admin-col-before", "admin-col-after"], rows),
                ))
            }
        },
        UploadKind::Tiers => match cps_domain::tiers::parse_tiers(&text) {
            Err(e) => Err(vec![e]),
            Ok(tiers) => {
                let current = state.store().tiers().await?;
                let rows = diff(&tiers, &current)
                    .into_iter()
                    .map(|TierLine { tier, change }| {
                        let status = match change {
                            TierChange::Added => "admin-tier-new",
                            TierChange::Unchanged => "admin-tier-same",
                            TierChange::Changed => "admin-tier-changed",
                            TierChange::Removed => "admin-tier-removed",
                        };
                        vec![
                            Cell::text(tier.code.clone()),
                            Cell::text(tier.name.clone()),
                            Cell::text(i.number(tier.min_points)),
                            Cell::text(i.t(status)),
                        ]
                    })
                    .collect();
                Ok((
                    i.t("admin-tiers-lead"),
                    table(&staff, &["admin-col-tier", "admin-col-name", "admin-col-points", "admin-col-status"], rows),
                ))
            }
        },
    };
    match preview {
        Err(errors) => {
            view.sections.push(Section { title: i.t("admin-upload-invalid"), text: errors, ..Default::default() });
            view.sections.push(upload_forms(&staff));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view.respond()?).into_response())
        }
        Ok((lead, changes)) => {
            let id = state.store().stage_upload(kind, &text, &staff.actor(), now).await?;
            let apply = form(&staff, format!("/admin/catalogue/apply/{id}"), "", "admin-apply", Vec::new());
            view.sections.push(Section {
                title: i.t("admin-preview-title"),
                text: vec![lead],
                table: Some(changes),
                forms: vec![apply],
            });
            view.respond()
        }
    }
}

pub async fn apply(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    staff.require(Tool::Admin)?;
    match state.store().apply_upload(id, &staff.actor(), state.now()).await {
        Ok(_) => Ok(redirect_with_flash("/admin/catalogue", "admin-done")),
        Err(Failure::Refused(r @ UploadRefused::NotStaged)) => Ok(redirect_with_flash("/admin/catalogue", r.message())),
        Err(f) => Err(f.into()),
    }
}
