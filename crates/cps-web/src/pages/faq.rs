//! "Vanliga frågor": the FAQ by topic, and a search over it.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::faq::{Question, Topic, search, topics};
use crate::view::{Page, render};
use askama::Template;
use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use cps_i18n::Arg;

#[derive(Template)]
#[template(path = "faq.html")]
struct FaqPage {
    page: Page,
    query: String,
    results: Option<Vec<&'static Question>>,
    no_results: String,
    topics: &'static [Topic],
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct FaqQuery {
    q: String,
}

pub async fn show(ctx: Ctx, Query(q): Query<FaqQuery>) -> Result<Response, AppError> {
    let query = q.q.trim().chars().take(100).collect::<String>();
    let results = (!query.is_empty()).then(|| search(ctx.lang(), &query));
    Ok(render(&FaqPage {
        no_results: ctx.i.t_args("faq-no-results", &[("query", Arg::Str(query.clone()))]),
        page: Page::new(&ctx, "faq-title", "faq"),
        query,
        results,
        topics: topics(ctx.lang()),
    })?
    .into_response())
}
