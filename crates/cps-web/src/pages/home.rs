//! The start page: the guide's steps for visitors, an overview for members.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::state::AppState;
use crate::view::{Page, render};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use cps_i18n::Arg;

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    page: Page,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    page: Page,
    heading: String,
    company: String,
    email: String,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let Some(cu) = &ctx.user else {
        return Ok(render(&Home {
            page: Page::new(&ctx, "home-title", ""),
        })?
        .into_response());
    };
    let business = state
        .store()
        .business(cu.user.business_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let heading = ctx.i.t_args(
        "dashboard-title",
        &[("company", Arg::from(business.company.name.as_str()))],
    );
    let mut page = Page::new(&ctx, "nav-overview", "overview");
    page.title = heading.clone();
    Ok(render(&Dashboard {
        page,
        heading,
        company: business.company.name,
        email: cu.user.email.to_string(),
    })?
    .into_response())
}
