//! Where the portal may send a browser back to after a form (`next=`):
//! only a path on this site. Browsers are lenient with what follows the
//! first `/` — `//host`, `/\host` and `/<tab>/host` all lead to another
//! site, and a line break cannot be put in a `Location` header at all — so
//! the rule admits only what is plainly a local path.

/// `next` when it is a plain local path, else `/`: it starts with a single
/// `/` followed by a letter, a digit or nothing, and holds no control
/// character anywhere.
pub fn local_path(next: &str) -> &str {
    let mut chars = next.chars();
    let plain = chars.next() == Some('/')
        && chars.next().is_none_or(|c| c.is_ascii_alphanumeric())
        && !next.chars().any(char::is_control);
    if plain { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::local_path;
    use proptest::prelude::*;

    #[test]
    fn local_paths_are_kept() {
        for p in ["/", "/account", "/products?q=eos&x=1", "/invoices/12#pay", "/2026", "/a//b", "/a/\\b"] {
            assert_eq!(local_path(p), p);
        }
    }

    #[test]
    fn everything_else_goes_home() {
        for p in [
            "",
            "account",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/account\r\nSet-Cookie: a=b",
            "/a\u{7f}",
            "/a\u{85}b",
            "/ /evil.example",
            "/.//evil.example",
            "/%2F/evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            " /account",
        ] {
            assert_eq!(local_path(p), "/", "{p:?}");
        }
    }

    /// Strings that start like a path, with the characters browsers treat specially next.
    fn path_like() -> impl Strategy<Value = String> {
        let tricky =
            prop::sample::select(vec!['/', '\\', '\t', '\n', '\r', ' ', '.', '%', ':', '@', '?', '#', 'a', '7', 'é']);
        (prop::collection::vec(tricky, 0..6), "\\PC{0,8}", any::<String>())
            .prop_map(|(head, middle, tail)| format!("/{}{middle}{tail}", head.into_iter().collect::<String>()))
    }

    proptest! {
        /// Whatever is sent, a browser (a WHATWG URL parser) that follows
        /// the answer stays on the portal's origin, and the answer is a
        /// valid header value (no control characters).
        #[test]
        fn the_answer_never_leaves_the_site(next in prop_oneof![path_like(), any::<String>()]) {
            let to = local_path(&next);
            prop_assert!(to == next || to == "/");
            prop_assert!(!to.chars().any(char::is_control));
            let base = url::Url::parse("https://cps.example/account").expect("a URL");
            let followed = base.join(to).expect("a path joins");
            prop_assert_eq!(followed.origin(), base.origin(), "{:?} leads to {}", next, followed);
        }
    }
}
