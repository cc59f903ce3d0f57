//! The log-in sequence, members' and staff's alike: which step refuses an
//! attempt, and how that refusal is answered. The web layer does the I/O
//! between the steps; each step here is a type whose one method takes what
//! that I/O found and gives the next step or the [`Refusal`], so the order
//! cannot be got wrong:
//!
//! 1. [`password`]: email and password are both required (422, the fields'
//!    errors);
//! 2. [`Gate::rate_limit`]: the per-address limiter of log-in requests (429);
//! 3. [`Throttle::throttle`]: the password-guessing throttle, per account and
//!    source ([`crate::throttle`]), which counts the attempt before the
//!    secret is checked (429);
//! 4. [`Check::verdict`]: the secret, checked against the account's hash or,
//!    when there is no account, against a dummy one of the same cost
//!    ([`hash_to_verify`]). No account and a wrong password are one answer
//!    (200, "login-failed"), so the answer says nothing about which
//!    addresses have an account;
//! 5. [`Passed`]: members are logged in; staff go on to the code step
//!    ([`staff_code`]), which passes steps 2 and 3 again and then checks the
//!    code (422 on a wrong one).

use crate::FieldErrors;

/// Whose log-in: a member's or a staff member's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Realm {
    Member,
    Staff,
}

/// Which secret a step checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Email and password, of either realm.
    Password(Realm),
    /// A staff member's code (TOTP), after their password.
    StaffCode,
}

impl Step {
    /// Whose throttle the step counts against.
    pub fn realm(self) -> Realm {
        match self {
            Step::Password(realm) => realm,
            Step::StaffCode => Realm::Staff,
        }
    }
}

/// Why a step refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Email or password (or both) left empty.
    MissingFields(FieldErrors),
    /// Too many log-in requests from this address (the per-address limiter).
    RateLimited,
    /// Too many failed guesses at this account from this source.
    Throttled,
    /// No such account, or the wrong secret: one answer for both.
    Wrong,
}

/// A refused attempt: at which step and why. It says how it is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub step: Step,
    pub reason: Reason,
}

impl Refusal {
    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        match (&self.reason, self.step) {
            (Reason::MissingFields(_), _) | (Reason::Wrong, Step::StaffCode) => 422,
            (Reason::RateLimited | Reason::Throttled, _) => 429,
            // The log-in page again, as after any form that was understood.
            (Reason::Wrong, Step::Password(_)) => 200,
        }
    }

    /// The errors of the form's fields.
    pub fn field_errors(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        match (&self.reason, self.step) {
            (Reason::MissingFields(missing), _) => return missing.clone(),
            (Reason::Wrong, Step::StaffCode) => errors.add("code", "admin-totp-wrong"),
            _ => {}
        }
        errors
    }

    /// The message (id) the page leads with, if the refusal is not about
    /// a field.
    pub fn message(&self) -> Option<&'static str> {
        match (&self.reason, self.step) {
            (Reason::MissingFields(_), _) | (Reason::Wrong, Step::StaffCode) => None,
            // Members are told the general "too many requests"; the back
            // office says it is the log-in that waits.
            (Reason::RateLimited, Step::Password(Realm::Member)) => Some("error-too-many-requests"),
            (Reason::RateLimited | Reason::Throttled, _) => Some("login-throttled"),
            (Reason::Wrong, Step::Password(_)) => Some("login-failed"),
        }
    }
}

/// A log-in with email and password begins: both are required (an email of
/// only spaces is none; a password is taken as typed).
pub fn password(realm: Realm, email: &str, password: &str) -> Result<Gate, Refusal> {
    let step = Step::Password(realm);
    let mut errors = FieldErrors::new();
    if email.trim().is_empty() {
        errors.add("email", "error-email-required");
    }
    if password.is_empty() {
        errors.add("password", "error-password-required");
    }
    if !errors.is_empty() {
        return Err(Refusal { step, reason: Reason::MissingFields(errors) });
    }
    Ok(Gate { step })
}

/// A staff member's code step begins (after their password): an empty code
/// is just a wrong one, counted like any other.
pub fn staff_code() -> Gate {
    Gate { step: Step::StaffCode }
}

/// Next: the per-address limiter.
#[derive(Debug)]
#[must_use]
pub struct Gate {
    step: Step,
}

impl Gate {
    pub fn step(&self) -> Step {
        self.step
    }

    /// `within_limit`: whether the per-address limiter let the request in.
    pub fn rate_limit(self, within_limit: bool) -> Result<Throttle, Refusal> {
        if !within_limit {
            return Err(Refusal { step: self.step, reason: Reason::RateLimited });
        }
        Ok(Throttle { step: self.step })
    }
}

/// Next: the password-guessing throttle.
#[derive(Debug)]
#[must_use]
pub struct Throttle {
    step: Step,
}

impl Throttle {
    pub fn step(&self) -> Step {
        self.step
    }

    /// `attempt`: the attempt the throttle counted, `None` when its gate
    /// was closed.
    pub fn throttle<A>(self, attempt: Option<A>) -> Result<Check<A>, Refusal> {
        match attempt {
            Some(attempt) => Ok(Check { step: self.step, attempt }),
            None => Err(Refusal { step: self.step, reason: Reason::Throttled }),
        }
    }
}

/// The hash a password is verified against: the account's, or the dummy
/// when there is no account, so that a failure costs the same time either
/// way.
pub fn hash_to_verify<'h>(account_hash: Option<&'h str>, dummy: &'h str) -> &'h str {
    account_hash.unwrap_or(dummy)
}

/// Next: the secret, against the attempt `A` the throttle counted.
#[derive(Debug)]
#[must_use]
pub struct Check<A> {
    step: Step,
    attempt: A,
}

impl<A> Check<A> {
    pub fn step(&self) -> Step {
        self.step
    }

    /// `account`: the account of the typed address, if there is one (for
    /// the code step, the session's); `right`: whether the secret checked
    /// out. Without an account `right` does not matter: the answer is the
    /// one for a wrong secret.
    pub fn verdict<C>(self, account: Option<C>, right: bool) -> Result<Passed<A, C>, Refusal> {
        match account.filter(|_| right) {
            Some(account) => {
                let next = match self.step {
                    Step::Password(Realm::Member) | Step::StaffCode => Next::LoggedIn,
                    Step::Password(Realm::Staff) => Next::SecondFactor,
                };
                Ok(Passed { attempt: self.attempt, account, next })
            }
            None => Err(Refusal { step: self.step, reason: Reason::Wrong }),
        }
    }
}

/// The secret was right.
#[derive(Debug)]
#[must_use]
pub struct Passed<A, C> {
    pub attempt: A,
    pub account: C,
    pub next: Next,
}

/// What follows a right secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Logged in: the source's failures are forgotten (and it becomes a
    /// known device); a fresh session.
    LoggedIn,
    /// Half-way (a staff member's password): the attempt was no failure,
    /// but earlier failures stay until the code is right too; a fresh
    /// session that still lacks the second factor.
    SecondFactor,
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEMBER: Realm = Realm::Member;
    const STAFF: Realm = Realm::Staff;

    /// The attempt as the throttle counted it.
    #[derive(Debug, PartialEq, Eq)]
    struct Attempt;

    fn checked(realm: Realm) -> Check<Attempt> {
        password(realm, "a@example.se", "secret").unwrap().rate_limit(true).unwrap().throttle(Some(Attempt)).unwrap()
    }

    fn refusal<T: std::fmt::Debug>(r: Result<T, Refusal>) -> Refusal {
        r.unwrap_err()
    }

    #[test]
    fn missing_fields_are_422_with_each_field_named() {
        for realm in [MEMBER, STAFF] {
            let r = refusal(password(realm, "  ", ""));
            assert_eq!(r.status(), 422);
            assert_eq!(r.message(), None);
            let errors = r.field_errors();
            assert_eq!(errors.get("email"), Some("error-email-required"));
            assert_eq!(errors.get("password"), Some("error-password-required"));

            let r = refusal(password(realm, "a@example.se", ""));
            assert_eq!(r.field_errors().get("email"), None);
            assert_eq!(r.field_errors().get("password"), Some("error-password-required"));

            let r = refusal(password(realm, "", " "));
            assert_eq!(r.field_errors().get("email"), Some("error-email-required"));
            assert_eq!(r.field_errors().get("password"), None, "a password of spaces is a password");
        }
    }

    #[test]
    fn the_limiter_refuses_with_429_members_told_too_many_requests() {
        let r = refusal(password(MEMBER, "a@example.se", "secret").unwrap().rate_limit(false));
        assert_eq!((r.status(), r.message()), (429, Some("error-too-many-requests")));
        assert!(r.field_errors().is_empty());
        let r = refusal(password(STAFF, "a@example.se", "secret").unwrap().rate_limit(false));
        assert_eq!((r.status(), r.message()), (429, Some("login-throttled")));
        let r = refusal(staff_code().rate_limit(false));
        assert_eq!((r.status(), r.message()), (429, Some("login-throttled")));
        assert!(r.field_errors().is_empty());
    }

    #[test]
    fn the_throttle_refuses_with_429() {
        for gate in [
            password(MEMBER, "a@example.se", "secret").unwrap(),
            password(STAFF, "a@example.se", "secret").unwrap(),
            staff_code(),
        ] {
            let r = refusal(gate.rate_limit(true).unwrap().throttle::<Attempt>(None));
            assert_eq!(r.reason, Reason::Throttled);
            assert_eq!((r.status(), r.message()), (429, Some("login-throttled")));
            assert!(r.field_errors().is_empty());
        }
    }

    #[test]
    fn an_unknown_account_and_a_wrong_password_are_one_answer() {
        for realm in [MEMBER, STAFF] {
            let unknown = refusal(checked(realm).verdict(None::<i64>, false));
            let unknown_right = refusal(checked(realm).verdict(None::<i64>, true));
            let wrong = refusal(checked(realm).verdict(Some(7_i64), false));
            assert_eq!(unknown, wrong);
            assert_eq!(unknown_right, wrong, "without an account a 'right' password is no use");
            assert_eq!((wrong.status(), wrong.message()), (200, Some("login-failed")));
            assert!(wrong.field_errors().is_empty());
        }
    }

    #[test]
    fn a_right_password_logs_a_member_in_and_takes_staff_to_the_code() {
        let passed = checked(MEMBER).verdict(Some(7_i64), true).unwrap();
        assert_eq!((passed.attempt, passed.account, passed.next), (Attempt, 7, Next::LoggedIn));
        let passed = checked(STAFF).verdict(Some(8_i64), true).unwrap();
        assert_eq!((passed.account, passed.next), (8, Next::SecondFactor));
    }

    #[test]
    fn the_code_step_logs_staff_in_or_names_the_code_wrong() {
        let check = || staff_code().rate_limit(true).unwrap().throttle(Some(Attempt)).unwrap();
        assert_eq!(check().step(), Step::StaffCode);
        assert_eq!(check().verdict(Some(()), true).unwrap().next, Next::LoggedIn);
        let r = refusal(check().verdict(Some(()), false));
        assert_eq!((r.status(), r.message()), (422, None));
        assert_eq!(r.field_errors().get("code"), Some("admin-totp-wrong"));
    }

    #[test]
    fn steps_count_against_their_realm() {
        assert_eq!(password(MEMBER, "a", "b").unwrap().step().realm(), MEMBER);
        assert_eq!(password(STAFF, "a", "b").unwrap().rate_limit(true).unwrap().step().realm(), STAFF);
        assert_eq!(staff_code().step().realm(), STAFF);
    }

    #[test]
    fn without_an_account_the_dummy_hash_is_verified() {
        assert_eq!(hash_to_verify(Some("$argon2id$real"), "$argon2id$dummy"), "$argon2id$real");
        assert_eq!(hash_to_verify(None, "$argon2id$dummy"), "$argon2id$dummy");
    }
}
