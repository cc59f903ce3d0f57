//! Inviting a colleague into a business account. An invitation is a thing of
//! its own — never a half-made user that a later sign-up could fall into —
//! with a random token (stored hashed), an expiry and an answer: the invitee
//! sees which business invited them and accepts (choosing a password) or
//! declines. A login belongs to one business, so an address that already
//! has one cannot accept; the owner's list shows every invitation the same
//! way whether or not the address has an account. An owner may send only so
//! many invitations a day, so the portal's sender is no mail cannon.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy)]
pub struct InvitationPolicy {
    /// Invitations one business may send in any 24 hours.
    pub per_business_per_day: u32,
    /// How long an invitation can be answered.
    pub lifetime: Duration,
}

impl Default for InvitationPolicy {
    fn default() -> Self {
        Self { per_business_per_day: 20, lifetime: Duration::days(7) }
    }
}

/// Why an owner's invitation was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteRefused {
    /// The business sent its allowance in the last 24 hours.
    DailyLimit,
    /// The address is a user of this business already (the owner sees them listed).
    AlreadyInBusiness,
}

impl InvitationPolicy {
    /// The span the daily allowance counts over.
    pub fn window(&self) -> Duration {
        Duration::days(1)
    }

    /// Whether one more may be sent, `sent` having gone out within the window.
    pub fn may_send(&self, sent: u32) -> Result<(), InviteRefused> {
        if sent < self.per_business_per_day { Ok(()) } else { Err(InviteRefused::DailyLimit) }
    }

    pub fn expires_at(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + self.lifetime
    }
}

/// The stored answer of an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationStatus {
    Open,
    Accepted,
    Declined,
    /// The owner invited the same address again; the newer one counts.
    Replaced,
}

impl InvitationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Open => "open",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Declined => "declined",
            InvitationStatus::Replaced => "replaced",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Accepted, Self::Declined, Self::Replaced].into_iter().find(|x| x.as_str() == s)
    }
}

/// What an invitation is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationState {
    Open { until: DateTime<Utc> },
    Accepted,
    Declined,
    Expired,
}

impl InvitationState {
    pub fn of(status: InvitationStatus, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        match status {
            InvitationStatus::Open if now < expires_at => InvitationState::Open { until: expires_at },
            InvitationStatus::Open | InvitationStatus::Replaced => InvitationState::Expired,
            InvitationStatus::Accepted => InvitationState::Accepted,
            InvitationStatus::Declined => InvitationState::Declined,
        }
    }
}

/// Why an invitation cannot be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptRefused {
    /// Answered, replaced, expired or unknown.
    Gone,
    /// The address has a login already, and a login belongs to one business.
    AddressHasLogin,
}

pub fn may_accept(state: InvitationState, address_has_login: bool) -> Result<(), AcceptRefused> {
    match state {
        InvitationState::Open { .. } if address_has_login => Err(AcceptRefused::AddressHasLogin),
        InvitationState::Open { .. } => Ok(()),
        _ => Err(AcceptRefused::Gone),
    }
}

/// How long answered and expired invitations stay in the owner's list.
pub const SHOWN_FOR: Duration = Duration::days(30);

/// An invitation as the owner's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentInvitation {
    pub email: String,
    pub state: InvitationState,
    pub sent_at: DateTime<Utc>,
}

/// The owner's list: the newest invitation per address (`sent` comes newest
/// first), open ones and those of the last 30 days, leaving out addresses
/// that are users of the business (they are listed as users).
pub fn owner_list(sent: Vec<SentInvitation>, users: &[&str], now: DateTime<Utc>) -> Vec<SentInvitation> {
    let mut seen: Vec<String> = Vec::new();
    sent.into_iter()
        .filter(|s| {
            let newest = !seen.contains(&s.email);
            seen.push(s.email.clone());
            newest
        })
        .filter(|s| !users.contains(&s.email.as_str()) && s.state != InvitationState::Accepted)
        .filter(|s| matches!(s.state, InvitationState::Open { .. }) || s.sent_at > now - SHOWN_FOR)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn an_invitation_is_open_for_seven_days_and_answered_once() {
        let p = InvitationPolicy::default();
        let until = p.expires_at(t0());
        assert_eq!(until, t0() + Duration::days(7));
        let open = InvitationState::of(InvitationStatus::Open, until, t0() + Duration::days(6));
        assert_eq!(open, InvitationState::Open { until });
        assert_eq!(InvitationState::of(InvitationStatus::Open, until, until), InvitationState::Expired);
        assert_eq!(InvitationState::of(InvitationStatus::Replaced, until, t0()), InvitationState::Expired);
        assert_eq!(may_accept(open, false), Ok(()));
        assert_eq!(may_accept(open, true), Err(AcceptRefused::AddressHasLogin));
        for gone in [InvitationState::Accepted, InvitationState::Declined, InvitationState::Expired] {
            assert_eq!(may_accept(gone, false), Err(AcceptRefused::Gone));
        }
        for s in
            [InvitationStatus::Open, InvitationStatus::Accepted, InvitationStatus::Declined, InvitationStatus::Replaced]
        {
            assert_eq!(InvitationStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn the_owner_sees_the_newest_invitation_per_address() {
        let sent = |email: &str, state, days_ago| SentInvitation {
            email: email.into(),
            state,
            sent_at: t0() - Duration::days(days_ago),
        };
        let open = InvitationState::Open { until: t0() + Duration::days(1) };
        let list = owner_list(
            vec![
                sent("a@x.se", InvitationState::Declined, 1),
                sent("a@x.se", open, 2),
                sent("b@x.se", InvitationState::Accepted, 1),
                sent("c@x.se", open, 3),
                sent("d@x.se", InvitationState::Expired, 40),
                sent("e@x.se", InvitationState::Expired, 10),
            ],
            &["c@x.se"],
            t0(),
        );
        let shown: Vec<_> = list.iter().map(|s| (s.email.as_str(), s.state)).collect();
        assert_eq!(shown, vec![("a@x.se", InvitationState::Declined), ("e@x.se", InvitationState::Expired)]);
    }

    proptest! {
        /// Applying `may_send` to the invitations of the last 24 hours, no
        /// 24 hours ever hold more than 20, however they are spaced.
        #[test]
        fn never_more_than_20_in_a_day(gaps in proptest::collection::vec(0i64..7_200, 200)) {
            let p = InvitationPolicy::default();
            let mut now = t0();
            let mut sent: Vec<DateTime<Utc>> = Vec::new();
            for gap in gaps {
                now += Duration::seconds(gap);
                let recent = sent.iter().filter(|t| **t > now - p.window()).count();
                if p.may_send(u32::try_from(recent).unwrap()).is_ok() {
                    sent.push(now);
                }
            }
            for (i, t) in sent.iter().enumerate() {
                prop_assert!(sent[i..].iter().filter(|u| **u < *t + p.window()).count() <= 20);
            }
        }
    }
}
