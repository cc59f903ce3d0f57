//! "Ladda upp en lista" under Mina produkter: a CSV or XLSX file of products
//! is read and checked whole (`cps_domain::bulk_upload`), shown as a preview,
//! and registered only when the member confirms — all valid rows in one
//! transaction (`Store::register_upload`). Works as plain multipart forms.

use crate::csrf::CsrfForm;
use crate::ctx::Member;
use crate::error::AppError;
use crate::state::AppState;
use crate::view::{Page, render};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use cps_domain::bulk_upload::{CheckedRow, Column, MAX_ROWS, RowProblem, read_upload};
use cps_domain::{Lang, product::Missing};
use cps_i18n::{Arg, I18n};
use cps_store::products::Actor;

/// A row of the preview or result, ready to show.
pub struct RowView {
    line: u32,
    model: String,
    serial: String,
    points: String,
    /// The problems (skipped rows) or the completeness (valid rows).
    note: String,
    suggestions: Option<String>,
}

pub struct Preview {
    id: i64,
    lead: String,
    confirm: Option<String>,
    valid_title: String,
    skipped_title: String,
    valid: Vec<RowView>,
    skipped: Vec<RowView>,
}

pub struct Outcome {
    lead: String,
    skipped: Vec<RowView>,
}

#[derive(Template)]
#[template(path = "product_upload.html")]
struct UploadPage {
    page: Page,
    lead: String,
    file_hint: String,
    error: Option<String>,
    preview: Option<Preview>,
    outcome: Option<Outcome>,
}

impl UploadPage {
    fn new(m: &Member, title_id: &str) -> UploadPage {
        let i = m.ctx.i;
        let max = || ("max", Arg::Str(i.number(MAX_ROWS as i64)));
        UploadPage {
            page: Page::new(&m.ctx, title_id, "products"),
            lead: i.t_args("bulk-lead", &[max()]),
            file_hint: i.t_args("bulk-file-hint", &[max()]),
            error: None,
            preview: None,
            outcome: None,
        }
    }
}

fn points(i: &I18n, n: i64) -> String {
    i.t_args("products-points", &[("points", Arg::Str(i.number(n)))])
}

fn problem_text(i: &I18n, p: &RowProblem) -> String {
    match p {
        RowProblem::DuplicateInFile { line } => i.t_args(p.message_id(), &[("line", Arg::Num(i64::from(*line)))]),
        _ => i.t(p.message_id()),
    }
}

fn row_view(i: &I18n, r: &CheckedRow) -> RowView {
    let model = match &r.item {
        Some(item) => format!("{} ({})", item.name, item.model_code),
        None if r.input.model.trim().is_empty() => i.t("products-none"),
        None => r.input.model.clone(),
    };
    let serial = if r.input.serial.trim().is_empty() { i.t("products-none") } else { r.input.serial.clone() };
    let note = if r.is_valid() {
        let missing: Vec<Missing> =
            r.details.as_ref().map(cps_domain::product::ProductDetails::missing).unwrap_or_default();
        if missing.is_empty() {
            i.t("bulk-complete")
        } else {
            let names: Vec<String> = missing.iter().map(|m| i.t(m.message_id())).collect();
            i.t_args("bulk-incomplete", &[("missing", Arg::Str(names.join(", ")))])
        }
    } else {
        r.problems.iter().map(|p| problem_text(i, p)).collect::<Vec<_>>().join(" ")
    };
    let suggestions = (!r.suggestions.is_empty()).then(|| {
        let models: Vec<String> = r.suggestions.iter().map(|(code, name)| format!("{name} ({code})")).collect();
        i.t_args("bulk-suggestions", &[("models", Arg::Str(models.join(", ")))])
    });
    RowView { line: r.line, model, serial, points: points(i, r.points), note, suggestions }
}

pub async fn form(m: Member) -> Result<Response, AppError> {
    Ok(render(&UploadPage::new(&m, "bulk-title"))?.into_response())
}

/// The template to fill in: the form's columns with headings in `lang`.
/// Swedish: `;`-separated with a byte-order mark, as Swedish Excel opens it.
pub async fn template(m: Member, Path(lang): Path<String>) -> Result<Response, AppError> {
    let _ = m;
    let lang = Lang::parse(lang.trim_end_matches(".csv")).ok_or(AppError::NotFound)?;
    let i = I18n::new(lang);
    let (sep, bom) = if lang == Lang::Sv { (";", "\u{feff}") } else { (",", "") };
    let header: Vec<String> = Column::ALL.iter().map(|c| i.t(c.message_id())).collect();
    let body = format!("{bom}{}\r\n", header.join(sep));
    let name = if lang == Lang::Sv { "produktlista.csv" } else { "product-list.csv" };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response())
}

/// Reads and checks the uploaded file, keeps its rows for the business and
/// shows the preview. Nothing is registered here.
pub async fn upload(State(state): State<AppState>, m: Member, mut multipart: Multipart) -> Result<Response, AppError> {
    let (mut csrf, mut file, mut file_name) = (None, None, String::new());
    // A body over the limit shows as a multipart error with status 413.
    let refused = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE { AppError::TooLarge } else { AppError::BadRequest }
    };
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.map_err(refused)?),
            Some("file") => {
                file_name = field.file_name().unwrap_or_default().chars().take(200).collect();
                file = Some(field.bytes().await.map_err(refused)?);
            }
            _ => {}
        }
    }
    if !crate::csrf::multipart_token_ok(&m.ctx, csrf.as_deref()) {
        return Err(AppError::Csrf);
    }
    let i = m.ctx.i;
    let refuse = |message: String| -> Result<Response, AppError> {
        let mut page = UploadPage::new(&m, "bulk-title");
        page.error = Some(message);
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
    };
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return refuse(i.t("bulk-file-missing"));
    };
    // Reading a 5 000-row workbook is CPU work: off the async threads.
    let rows = tokio::task::spawn_blocking(move || read_upload(&bytes))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("reading an upload: {e}")))?;
    let rows = match rows {
        Ok(rows) => rows,
        Err(problem) => {
            let count = match problem {
                cps_domain::bulk_upload::FileProblem::TooManyRows(n) => n as i64,
                _ => 0,
            };
            return refuse(i.t_args(
                problem.message_id(),
                &[("count", Arg::Str(i.number(count))), ("max", Arg::Str(i.number(MAX_ROWS as i64)))],
            ));
        }
    };
    let now = state.now();
    let business = m.user.business_id;
    let checked = state.store().check_upload(business, &rows, now.date_naive()).await?;
    let id = state.store().stage_product_upload(business, m.user.id, &file_name, &rows, now).await?;
    let (valid, skipped): (Vec<&CheckedRow>, Vec<&CheckedRow>) = checked.iter().partition(|r| r.is_valid());
    let total: i64 = valid.iter().map(|r| r.points).sum();
    let count = |n: usize| Arg::Num(i64::try_from(n).unwrap_or(i64::MAX));
    // Numbers pick the plural form; the `_shown` twins are written with the
    // locale's thousands separator ("5 000").
    let shown = |n: usize| Arg::Str(i.number(i64::try_from(n).unwrap_or(i64::MAX)));
    let lead = if valid.is_empty() {
        i.t("bulk-preview-nothing")
    } else {
        i.t_args(
            "bulk-preview-lead",
            &[
                ("valid", count(valid.len())),
                ("valid_shown", shown(valid.len())),
                ("skipped", count(skipped.len())),
                ("skipped_shown", shown(skipped.len())),
                ("points", Arg::Str(i.number(total))),
            ],
        )
    };
    let mut page = UploadPage::new(&m, "bulk-preview-title");
    page.preview = Some(Preview {
        id,
        lead,
        confirm: (!valid.is_empty())
            .then(|| i.t_args("bulk-confirm", &[("count", count(valid.len())), ("count_shown", shown(valid.len()))])),
        valid_title: i.t_args("bulk-valid-title", &[("count_shown", shown(valid.len()))]),
        skipped_title: i.t_args("bulk-skipped-title", &[("count_shown", shown(skipped.len()))]),
        valid: valid.iter().map(|r| row_view(&i, r)).collect(),
        skipped: skipped.iter().map(|r| row_view(&i, r)).collect(),
    });
    Ok(render(&page)?.into_response())
}

/// Registers the previewed list (checked again now) and shows what was
/// registered and what was skipped and why.
pub async fn confirm(
    State(state): State<AppState>,
    m: Member,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> Result<Response, AppError> {
    let i = m.ctx.i;
    let done = state.store().register_upload(m.user.business_id, id, Actor::Member(m.user.id), state.now()).await?;
    let Some(done) = done else {
        let mut page = UploadPage::new(&m, "bulk-gone-title");
        page.error = Some(i.t("bulk-gone"));
        return Ok((StatusCode::GONE, render(&page)?).into_response());
    };
    let n = i64::try_from(done.registered()).unwrap_or(i64::MAX);
    let mut page = UploadPage::new(&m, "bulk-result-title");
    page.outcome = Some(Outcome {
        lead: i.t_args(
            "bulk-result-lead",
            &[
                ("count", Arg::Num(n)),
                ("count_shown", Arg::Str(i.number(n))),
                ("points", Arg::Str(i.number(done.points()))),
            ],
        ),
        skipped: done.rows.iter().filter(|(_, id)| id.is_none()).map(|(r, _)| row_view(&i, r)).collect(),
    });
    Ok(render(&page)?.into_response())
}
