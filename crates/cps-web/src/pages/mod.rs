//! One module per area of the portal.

pub mod account;
pub mod admin;
pub mod api_tokens;
pub mod assets;
pub mod auth;
pub mod bulk;
pub mod faq;
pub mod health;
pub mod home;
pub mod invitations;
pub mod invoices;
pub mod lang;
pub mod membership;
pub mod products;
pub mod service;
pub mod signup;
pub mod support;

use crate::csrf::append_cookie;
use axum::response::{IntoResponse, Redirect, Response};

/// Post/redirect/get: a redirect that shows `message_id` once on the next page.
pub fn redirect_with_flash(to: &str, message_id: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    append_cookie(&mut res, &crate::session::flash(message_id));
    res
}
