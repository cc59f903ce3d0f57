use std::collections::HashSet;
use std::sync::LazyLock;

/// The most common passwords (see `data/SOURCES.md`), refused as new passwords.
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../data/common-passwords.txt").lines().collect());

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// A password that may be set: 12 to 128 characters, no composition rules,
/// and not one of the common passwords (ASVS 5.0 V6.2).
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(input: &str) -> Result<NewPassword, &'static str> {
        let chars = input.chars().count();
        if chars < MIN_CHARS {
            return Err("error-password-too-short");
        }
        if chars > MAX_CHARS {
            return Err("error-password-too-long");
        }
        if is_common(input) {
            return Err("error-password-common");
        }
        Ok(NewPassword(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

pub fn common_password_count() -> usize {
    COMMON.len()
}

fn is_common(password: &str) -> bool {
    COMMON.contains(password.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_limits_are_12_and_128() {
        assert_eq!(NewPassword::parse("short-pass1").unwrap_err(), "error-password-too-short");
        assert!(NewPassword::parse("Kamera-linser-2026").is_ok());
        assert!(NewPassword::parse(&"x7".repeat(64)).is_ok());
        assert_eq!(NewPassword::parse(&"x".repeat(129)).unwrap_err(), "error-password-too-long");
        // Characters, not bytes: 12 Swedish letters pass.
        assert!(NewPassword::parse("åäöåäöåäöåäx").is_ok());
    }

    #[test]
    fn common_passwords_are_refused_case_insensitively() {
        assert!(common_password_count() >= 10_000);
        let long_common = include_str!("../data/common-passwords.txt")
            .lines()
            .find(|p| p.chars().count() >= MIN_CHARS)
            .expect("the list has long entries");
        assert_eq!(NewPassword::parse(long_common).unwrap_err(), "error-password-common");
        assert_eq!(NewPassword::parse(&long_common.to_uppercase()).unwrap_err(), "error-password-common");
    }

    #[test]
    fn debug_never_shows_the_password() {
        let p = NewPassword::parse("Kamera-linser-2026").unwrap();
        assert!(!format!("{p:?}").contains("Kamera"));
    }
}
