//! The VIES check of a VAT number given in a form (sign-up, company
//! details): asked when the number can mean reverse charge
//! (`cps_domain::vies::needs_check`); a number VIES says is not valid is
//! refused with a message; no answer lets the change through with a re-check
//! queued.

use crate::state::AppState;
use cps_domain::account::CompanyDetails;
use cps_store::vies::VatCheck;

pub enum FormCheck {
    /// Nothing to ask (no VAT number, domestic, outside the EU, unchanged, or no VIES configured).
    NotNeeded,
    Checked(VatCheck),
    /// VIES answered that the number is not valid.
    Refused,
}

/// Checks the company's VAT number unless it is `unchanged` (the same as stored).
pub async fn check_company(state: &AppState, company: &CompanyDetails, unchanged: bool) -> FormCheck {
    let Some(vies) = &state.config().vies else { return FormCheck::NotNeeded };
    let Ok(seller) = state.store().seller_rules().map(|r| r.country) else { return FormCheck::NotNeeded };
    if unchanged || !cps_domain::vies::needs_check(seller, company.country, company.vat_number.as_ref()) {
        return FormCheck::NotNeeded;
    }
    let Some(vat) = &company.vat_number else { return FormCheck::NotNeeded };
    match vies.check(vat.as_str(), state.now()).await {
        Ok(record) if !record.valid => FormCheck::Refused,
        Ok(record) => FormCheck::Checked(VatCheck::Answered(record)),
        Err(e) => {
            tracing::warn!(error = %e, "VIES unreachable; the number is checked again later");
            FormCheck::Checked(VatCheck::Unreachable)
        }
    }
}
