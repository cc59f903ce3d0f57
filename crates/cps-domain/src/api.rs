//! The member API's rules: what a personal access token may do (scopes),
//! how long it lives, the opaque cursor of a list, and the per-token rate
//! window. No I/O: the store keeps the tokens, the web layer asks these.

use chrono::{DateTime, Duration, Utc};

/// What a token may do. Stored as its text (`products:read`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    ProductsRead,
    ProductsWrite,
    InvoicesRead,
    MembershipRead,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::ProductsRead, Scope::ProductsWrite, Scope::InvoicesRead, Scope::MembershipRead];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ProductsRead => "products:read",
            Scope::ProductsWrite => "products:write",
            Scope::InvoicesRead => "invoices:read",
            Scope::MembershipRead => "membership:read",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }

    /// The message id of the scope's label on the tokens page.
    pub fn message_id(self) -> &'static str {
        match self {
            Scope::ProductsRead => "api-scope-products-read",
            Scope::ProductsWrite => "api-scope-products-write",
            Scope::InvoicesRead => "api-scope-invoices-read",
            Scope::MembershipRead => "api-scope-membership-read",
        }
    }
}

/// Scopes as stored: their texts separated by spaces, in a fixed order.
pub fn scopes_text(scopes: &[Scope]) -> String {
    let mut s: Vec<Scope> = scopes.to_vec();
    s.sort();
    s.dedup();
    s.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" ")
}

/// The stored text back as scopes (unknown words are ignored: a scope
/// withdrawn from the code grants nothing).
pub fn parse_scopes(text: &str) -> Vec<Scope> {
    text.split_whitespace().filter_map(Scope::parse).collect()
}

/// The lifetimes a member can choose, in days; the first is the default.
pub const EXPIRY_DAYS: [i64; 4] = [90, 30, 180, 365];

/// A token's name: 1–60 characters, no control characters.
pub fn parse_token_name(s: &str) -> Result<String, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Err("api-error-name-required");
    }
    if t.chars().count() > 60 || t.chars().any(char::is_control) {
        return Err("error-text-invalid");
    }
    Ok(t.to_owned())
}

/// A new token's expiry from the chosen number of days (only the offered ones).
pub fn expiry(days: i64, now: DateTime<Utc>) -> Result<DateTime<Utc>, &'static str> {
    if EXPIRY_DAYS.contains(&days) { Ok(now + Duration::days(days)) } else { Err("api-error-expiry") }
}

/// What a token looks like when shown once: a prefix naming the product, so
/// a leaked token is recognisable in logs and by secret scanners.
pub const TOKEN_PREFIX: &str = "cps_pat_";

/// The opaque cursor of a list: the last id seen, so the next page starts
/// after it. Base64url of `v1:<id>`; anything else is refused.
pub fn encode_cursor(last_id: i64) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1:{last_id}"))
}

pub fn decode_cursor(cursor: &str) -> Option<i64> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix("v1:")?.parse::<i64>().ok().filter(|id| *id > 0)
}

/// A fixed window of requests for one token: `limit` requests per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateWindow {
    pub started: DateTime<Utc>,
    pub used: u32,
}

/// What the window says about one more request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateDecision {
    pub allowed: bool,
    pub limit: u32,
    /// Requests left in this window after this one.
    pub remaining: u32,
    /// Whole seconds until the window starts again (at least 1).
    pub reset_seconds: i64,
}

impl RateWindow {
    /// Counts one request at `now` (a new window when the old one has
    /// passed) and says whether it may go on.
    pub fn hit(
        window: Option<RateWindow>,
        limit: u32,
        length: Duration,
        now: DateTime<Utc>,
    ) -> (RateWindow, RateDecision) {
        let limit = limit.max(1);
        let mut w = match window {
            Some(w) if now < w.started + length && now >= w.started => w,
            _ => RateWindow { started: now, used: 0 },
        };
        let allowed = w.used < limit;
        if allowed {
            w.used += 1;
        }
        let left_ms = (w.started + length - now).num_milliseconds().max(0);
        let reset_seconds = ((left_ms + 999) / 1000).max(1);
        (w, RateDecision { allowed, limit, remaining: limit - w.used.min(limit), reset_seconds })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).expect("time")
    }

    #[test]
    fn scopes_round_trip_and_unknown_ones_grant_nothing() {
        let text = scopes_text(&[Scope::InvoicesRead, Scope::ProductsRead, Scope::ProductsRead]);
        assert_eq!(text, "products:read invoices:read");
        assert_eq!(parse_scopes(&text), vec![Scope::ProductsRead, Scope::InvoicesRead]);
        assert_eq!(parse_scopes("admin:all products:write"), vec![Scope::ProductsWrite]);
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(decode_cursor(&encode_cursor(42)), Some(42));
        assert_eq!(decode_cursor("42"), None);
        assert_eq!(decode_cursor(""), None);
        assert_eq!(decode_cursor(&encode_cursor(-1)), None);
    }

    #[test]
    fn only_offered_expiries_are_accepted() {
        assert_eq!(expiry(30, t(0)), Ok(t(30 * 86_400)));
        assert!(expiry(7, t(0)).is_err());
        assert!(parse_token_name("  ").is_err());
        assert!(parse_token_name("a\u{0}b").is_err());
        assert_eq!(parse_token_name(" Lager "), Ok("Lager".into()));
    }

    #[test]
    fn the_window_allows_the_limit_then_refuses_until_it_passes() {
        let minute = Duration::minutes(1);
        let (w, d) = RateWindow::hit(None, 2, minute, t(0));
        assert!(d.allowed && d.remaining == 1 && d.reset_seconds == 60);
        let (w, d) = RateWindow::hit(Some(w), 2, minute, t(10));
        assert!(d.allowed && d.remaining == 0 && d.reset_seconds == 50);
        let (w, d) = RateWindow::hit(Some(w), 2, minute, t(20));
        assert!(!d.allowed && d.remaining == 0 && d.reset_seconds == 40);
        let (_, d) = RateWindow::hit(Some(w), 2, minute, t(60));
        assert!(d.allowed && d.remaining == 1, "a new window");
    }
}
