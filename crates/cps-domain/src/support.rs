//! CPS Priority Support: topics and who is served first.

use crate::{Email, FieldErrors};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    ProductRegistration,
    Migration,
    Points,
    Membership,
    InvoicePayment,
    Repair,
    Other,
}

impl Topic {
    pub const ALL: [Topic; 7] = [
        Topic::ProductRegistration,
        Topic::Migration,
        Topic::Points,
        Topic::Membership,
        Topic::InvoicePayment,
        Topic::Repair,
        Topic::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::ProductRegistration => "product_registration",
            Topic::Migration => "migration",
            Topic::Points => "points",
            Topic::Membership => "membership",
            Topic::InvoicePayment => "invoice_payment",
            Topic::Repair => "repair",
            Topic::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// 1 is served first: Platinum and business tiers, then Gold, Silver,
/// businesses without a membership, and visitors last.
pub fn priority(tier_code: Option<&str>, is_business: bool) -> i32 {
    match tier_code {
        Some("PLATINUM") => 1,
        Some(code) if code.starts_with("BUSINESS") => 1,
        Some("GOLD") => 2,
        Some(_) => 3,
        None if is_business => 4,
        None => 5,
    }
}

/// A message to support, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TicketInput {
    pub topic: String,
    pub message: String,
    pub product: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone)]
pub struct NewTicket {
    pub topic: Topic,
    pub message: String,
    pub product_id: Option<i64>,
    /// For visitors: who to answer.
    pub contact: Option<(String, Email)>,
}

pub fn parse_message(s: &str, errors: &mut FieldErrors) -> Option<String> {
    let m = s.trim();
    if m.is_empty() {
        errors.add("message", "error-message-required");
        None
    } else if m.chars().count() > 5000 {
        errors.add("message", "error-message-too-long");
        None
    } else {
        Some(m.to_owned())
    }
}

impl NewTicket {
    /// `visitor` forms also need a name and an email to answer to.
    pub fn parse(input: &TicketInput, visitor: bool) -> Result<NewTicket, FieldErrors> {
        let mut errors = FieldErrors::new();
        let topic = errors.check("topic", Topic::parse(&input.topic).ok_or("error-topic-required"));
        let message = parse_message(&input.message, &mut errors);
        let product_id = input.product.trim().parse::<i64>().ok();
        let contact = if visitor {
            let name = input.name.trim();
            if name.is_empty() || name.chars().count() > 200 {
                errors.add("name", "error-contact-required");
            }
            let email = errors.check("email", Email::parse(&input.email));
            email.map(|e| (name.to_owned(), e))
        } else {
            None
        };
        match (topic, message) {
            (Some(topic), Some(message)) if errors.is_empty() => Ok(NewTicket { topic, message, product_id, contact }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platinum_first_visitors_last() {
        assert_eq!(priority(Some("PLATINUM"), true), 1);
        assert_eq!(priority(Some("BUSINESS-B"), true), 1);
        assert_eq!(priority(Some("GOLD"), true), 2);
        assert_eq!(priority(Some("SILVER"), true), 3);
        assert_eq!(priority(None, true), 4);
        assert_eq!(priority(None, false), 5);
    }

    #[test]
    fn tickets_need_a_topic_and_a_message_and_visitors_a_way_back() {
        let ok = TicketInput { topic: "migration".into(), message: " Hjälp ".into(), ..Default::default() };
        assert_eq!(NewTicket::parse(&ok, false).unwrap().message, "Hjälp");
        let e = NewTicket::parse(&TicketInput::default(), true).unwrap_err();
        for f in ["topic", "message", "name", "email"] {
            assert!(e.get(f).is_some(), "{f}");
        }
    }
}
