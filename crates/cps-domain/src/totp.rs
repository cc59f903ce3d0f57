//! Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1,
//! 6 digits, 30 s steps) for the staff second factor, and the base32 form
//! (RFC 4648) in which authenticator apps take the secret.

use hmac::{Hmac, Mac};
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
pub const DIGITS: u32 = 6;
/// A code from one step before or after is accepted too: clocks drift and
/// people type slowly.
pub const ALLOWED_DRIFT: i64 = 1;

/// The HOTP value of `secret` at `counter`, as `DIGITS` digits.
pub fn hotp(secret: &[u8], counter: u64) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else { unreachable!("HMAC takes keys of any length") };
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = usize::from(h[19] & 0x0f);
    let code = u32::from_be_bytes([h[offset] & 0x7f, h[offset + 1], h[offset + 2], h[offset + 3]]);
    format!("{:0width$}", code % 10u32.pow(DIGITS), width = DIGITS as usize)
}

/// The time step of a Unix time.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code shown by an authenticator at a Unix time.
pub fn code_at(secret: &[u8], unix_seconds: i64) -> String {
    hotp(secret, u64::try_from(step_at(unix_seconds)).unwrap_or(0))
}

/// The step a typed code belongs to, if it is valid now (within the drift)
/// and newer than `last_used_step`: a code is good once only (RFC 6238 §5.2).
pub fn verify(secret: &[u8], typed: &str, unix_seconds: i64, last_used_step: Option<i64>) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_seconds);
    (now - ALLOWED_DRIFT..=now + ALLOWED_DRIFT)
        .filter(|s| *s >= 0 && last_used_step.is_none_or(|last| *s > last))
        .find(|s| constant_time_eq(hotp(secret, u64::try_from(*s).unwrap_or(0)).as_bytes(), typed.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Base32 without padding, as authenticator apps expect.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for b in bytes {
        buffer = (buffer << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Base32 back to bytes; case, spaces and padding are forgiven.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET.iter().position(|a| char::from(*a) == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The `otpauth://` address an authenticator app reads (usually as a QR code).
pub fn provisioning_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._@".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        base32_encode(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc4226_appendix_d_values() {
        let expected =
            ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(RFC_SECRET, counter as u64), *code);
        }
    }

    #[test]
    fn rfc6238_appendix_b_sha1_values_last_six_digits() {
        for (t, code) in
            [(59, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037")]
        {
            assert_eq!(code_at(RFC_SECRET, t), code, "at {t}");
        }
    }

    #[test]
    fn verify_accepts_one_step_of_drift_and_each_code_once() {
        let now = 1_234_567_890;
        let code = code_at(RFC_SECRET, now);
        let step = verify(RFC_SECRET, &code, now, None).expect("valid now");
        assert_eq!(step, step_at(now));
        assert_eq!(verify(RFC_SECRET, &code, now, Some(step)), None, "replay refused");
        assert!(verify(RFC_SECRET, &code, now + 30, None).is_some(), "one step late is fine");
        assert_eq!(verify(RFC_SECRET, &code, now + 90, None), None, "three steps late is not");
        assert_eq!(verify(RFC_SECRET, "12345", now, None), None);
        assert_eq!(verify(RFC_SECRET, "abcdef", now, None), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(verify(RFC_SECRET, &spaced, now, None).is_some());
    }

    #[test]
    fn base32_round_trip_and_known_value() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw 6ytb oi======").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(base32_decode("1!"), None);
        for len in 0..25 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            assert_eq!(base32_decode(&base32_encode(&bytes)), Some(bytes));
        }
    }

    #[test]
    fn provisioning_uri_names_issuer_and_account() {
        let uri = provisioning_uri("CPS Back office", "anna@example.com", b"foobar");
        assert_eq!(
            uri,
            "otpauth://totp/CPS%20Back%20office:anna@example.com?secret=MZXW6YTBOI&issuer=CPS%20Back%20office&algorithm=SHA1&digits=6&period=30"
        );
    }
}
