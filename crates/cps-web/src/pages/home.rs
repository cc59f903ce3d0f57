//! The start page: the guide's steps for visitors; members go to their products.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::{Page, render};
use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    page: Page,
}

pub async fn show(ctx: Ctx) -> Result<Response, AppError> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/products").into_response());
    }
    Ok(render(&Home { page: Page::new(&ctx, "home-title", "") })?.into_response())
}
