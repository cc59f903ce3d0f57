//! Session, language and flash cookies.

use axum_extra::extract::cookie::{Cookie, SameSite};
use cps_domain::Lang;

pub const LANG_COOKIE: &str = "cps_lang";
pub const FLASH_COOKIE: &str = "cps_flash";

pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-cps_session" } else { "cps_session" }
}

/// The session cookie: a browser-session cookie (no Max-Age), the server
/// ends the session after the idle or absolute limit.
pub fn session_cookie(value: String, secure: bool) -> Cookie<'static> {
    Cookie::build((session_cookie_name(secure), value))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .build()
}

pub fn clear_session(secure: bool) -> Cookie<'static> {
    let mut c = session_cookie(String::new(), secure);
    c.make_removal();
    c
}

pub fn lang_cookie(lang: Lang, secure: bool) -> Cookie<'static> {
    Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::days(365))
        .build()
}

/// A message to show once on the next page (post/redirect/get). It holds
/// only a message id, shown if the language files know it.
pub fn flash(message_id: &str) -> Cookie<'static> {
    Cookie::build((FLASH_COOKIE, message_id.to_owned())).path("/").http_only(true).same_site(SameSite::Lax).build()
}

pub fn clear_flash() -> Cookie<'static> {
    let mut c = Cookie::build((FLASH_COOKIE, "")).path("/").build();
    c.make_removal();
    c
}
