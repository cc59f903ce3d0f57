use serde::{Deserialize, Serialize};

/// An email address as the portal keeps it: trimmed, lower-cased (addresses
/// are compared case-insensitively everywhere), and plausible.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, &'static str> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err("error-email-required");
        }
        let valid = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c))
            && match s.rsplit_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && local.len() <= 64
                        && !local.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains("..")
                        && domain
                            .split('.')
                            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
                }
                None => false,
            };
        if valid { Ok(Email(s)) } else { Err("error-email-invalid") }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_validates() {
        assert_eq!(Email::parse("  Anna@Studio.SE ").unwrap().as_str(), "anna@studio.se");
        for bad in [
            "",
            "anna",
            "anna@",
            "@studio.se",
            "anna@studio",
            "an na@studio.se",
            "anna@studio..se",
            "a@b@c.se",
            "anna@-x.se",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
