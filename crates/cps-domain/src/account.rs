//! Business accounts: what a sign-up must contain and what company details
//! a business keeps.

use crate::organisation::{OrgNumber, VatNumber};
use crate::{Country, Email, FieldErrors, Lang};

/// The form a business fills in to sign up, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct SignUpInput {
    pub company_name: String,
    pub vat_number: String,
    pub org_number: String,
    pub country: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub contact_name: String,
    pub email: String,
    pub language: String,
    pub old_email: String,
}

/// The company details a business keeps (sign-up and account settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyDetails {
    pub name: String,
    pub vat_number: Option<VatNumber>,
    pub org_number: Option<OrgNumber>,
    pub country: Country,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub contact_name: String,
}

#[derive(Debug, Clone)]
pub struct SignUp {
    pub company: CompanyDetails,
    pub email: Email,
    pub language: Lang,
    pub old_email: Option<Email>,
}

fn text(value: &str, max: usize, required_id: &'static str) -> Result<String, &'static str> {
    let v = value.trim();
    if v.is_empty() {
        Err(required_id)
    } else if v.chars().count() > max || v.chars().any(char::is_control) {
        Err("error-text-invalid")
    } else {
        Ok(v.to_owned())
    }
}

/// Parses the company part of a form; shared by sign-up and settings.
pub fn parse_company(input: &SignUpInput, errors: &mut FieldErrors) -> Option<CompanyDetails> {
    let name = errors.check("company_name", text(&input.company_name, 200, "error-company-required"));
    let country = errors.check("country", Country::parse(&input.country));
    let street = errors.check("street", text(&input.street, 200, "error-street-required"));
    let postal_code = errors.check("postal_code", text(&input.postal_code, 20, "error-postal-code-required"));
    let city = errors.check("city", text(&input.city, 100, "error-city-required"));
    let contact_name = errors.check("contact_name", text(&input.contact_name, 200, "error-contact-required"));
    let (mut vat_number, mut org_number) = (None, None);
    if let Some(country) = country {
        let has_vat = !input.vat_number.trim().is_empty();
        let has_org = !input.org_number.trim().is_empty();
        if !has_vat && !has_org {
            errors.add("vat_number", "error-vat-or-org-required");
        }
        if has_vat {
            vat_number = errors.check("vat_number", VatNumber::parse(&input.vat_number, country));
        }
        if has_org {
            org_number = errors.check("org_number", OrgNumber::parse(&input.org_number, country));
        }
        // In Sweden the VAT number contains the organisation number: they must agree.
        if let (Some(vat), Some(org)) = (&vat_number, &org_number)
            && country.code() == "SE"
        {
            let digits: String = org.as_str().chars().filter(char::is_ascii_digit).collect();
            let ten = &digits[digits.len() - 10..];
            if &vat.as_str()[2..12] != ten {
                errors.add("org_number", "error-org-vat-mismatch");
            }
        }
    }
    Some(CompanyDetails {
        name: name?,
        vat_number,
        org_number,
        country: country?,
        street: street?,
        postal_code: postal_code?,
        city: city?,
        contact_name: contact_name?,
    })
}

/// Parses an optional "old CPS email"; blank means none.
pub fn parse_old_email(value: &str, errors: &mut FieldErrors) -> Option<Email> {
    if value.trim().is_empty() { None } else { errors.check("old_email", Email::parse(value)) }
}

impl SignUp {
    pub fn parse(input: &SignUpInput) -> Result<SignUp, FieldErrors> {
        let mut errors = FieldErrors::new();
        let company = parse_company(input, &mut errors);
        let email = errors.check("email", Email::parse(&input.email));
        let language = errors.check("language", Lang::parse(&input.language).ok_or("error-language-invalid"));
        let old_email = parse_old_email(&input.old_email, &mut errors);
        match (company, email, language) {
            (Some(company), Some(email), Some(language)) if errors.is_empty() => {
                Ok(SignUp { company, email, language, old_email })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> SignUpInput {
        SignUpInput {
            company_name: "Ljus & Bild AB".into(),
            vat_number: "SE556036079301".into(),
            org_number: String::new(),
            country: "SE".into(),
            street: "Storgatan 1".into(),
            postal_code: "111 22".into(),
            city: "Stockholm".into(),
            contact_name: "Anna Berg".into(),
            email: "Anna@LjusBild.se".into(),
            language: "sv".into(),
            old_email: String::new(),
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let s = SignUp::parse(&valid()).unwrap();
        assert_eq!(s.email.as_str(), "anna@ljusbild.se");
        assert_eq!(s.company.vat_number.unwrap().as_str(), "SE556036079301");
        assert!(s.old_email.is_none());
    }

    #[test]
    fn every_problem_is_reported_by_field() {
        let input = SignUpInput {
            country: "SE".into(),
            vat_number: "SE123".into(),
            email: "nope".into(),
            old_email: "x@".into(),
            ..Default::default()
        };
        let errors = SignUp::parse(&input).unwrap_err();
        assert_eq!(errors.get("company_name"), Some("error-company-required"));
        assert_eq!(errors.get("vat_number"), Some("error-vat-invalid"));
        assert_eq!(errors.get("email"), Some("error-email-invalid"));
        assert_eq!(errors.get("old_email"), Some("error-email-invalid"));
        assert_eq!(errors.get("language"), Some("error-language-invalid"));
        assert_eq!(errors.get("street"), Some("error-street-required"));
    }

    #[test]
    fn either_vat_or_org_number_is_needed_and_they_must_agree() {
        let mut input = valid();
        input.vat_number.clear();
        assert_eq!(SignUp::parse(&input).unwrap_err().get("vat_number"), Some("error-vat-or-org-required"));
        input.org_number = "556036-0793".into();
        assert!(SignUp::parse(&input).is_ok());
        input.vat_number = "SE556036079301".into();
        assert!(SignUp::parse(&input).is_ok());
        input.org_number = "212000-0142".into();
        assert_eq!(SignUp::parse(&input).unwrap_err().get("org_number"), Some("error-org-vat-mismatch"));
    }
}
