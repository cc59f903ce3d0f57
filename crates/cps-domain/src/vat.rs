//! Which VAT an invoice carries: the seller's domestic rate for buyers in the
//! seller's country (and EU buyers without a VAT number), 0 % with reverse
//! charge for businesses in another EU country with a VAT number, and none
//! outside the EU.

use crate::Country;
use crate::money::mul_div_round;
pub use crate::status::VatKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VatTreatment {
    /// VAT at the seller's rate, in basis points (2500 = 25 %).
    Domestic { rate_bp: i64 },
    /// "Omvänd betalningsskyldighet / Reverse charge": the buyer accounts for VAT.
    ReverseCharge,
    /// Outside the EU: no EU VAT.
    OutsideEu,
}

impl VatTreatment {
    pub fn decide(seller: Country, seller_rate_bp: i64, buyer: Country, buyer_has_vat_number: bool) -> VatTreatment {
        if buyer == seller {
            VatTreatment::Domestic { rate_bp: seller_rate_bp }
        } else if buyer.is_eu() {
            if buyer_has_vat_number {
                VatTreatment::ReverseCharge
            } else {
                VatTreatment::Domestic { rate_bp: seller_rate_bp }
            }
        } else {
            VatTreatment::OutsideEu
        }
    }

    pub fn rate_bp(self) -> i64 {
        match self {
            VatTreatment::Domestic { rate_bp } => rate_bp,
            VatTreatment::ReverseCharge | VatTreatment::OutsideEu => 0,
        }
    }

    /// The VAT on a net amount in minor units.
    pub fn vat_on(self, net_minor: i64) -> i64 {
        mul_div_round(net_minor, self.rate_bp(), 10_000)
    }

    /// The treatment's name, as stored beside the rate.
    pub fn kind(self) -> VatKind {
        match self {
            VatTreatment::Domestic { .. } => VatKind::Domestic,
            VatTreatment::ReverseCharge => VatKind::ReverseCharge,
            VatTreatment::OutsideEu => VatKind::OutsideEu,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.kind().as_str()
    }

    /// The treatment of a name and, for domestic VAT, the rate.
    pub fn of(kind: VatKind, rate_bp: i64) -> VatTreatment {
        match kind {
            VatKind::Domestic => VatTreatment::Domestic { rate_bp },
            VatKind::ReverseCharge => VatTreatment::ReverseCharge,
            VatKind::OutsideEu => VatTreatment::OutsideEu,
        }
    }

    /// The treatment as stored: its name and, for domestic VAT, the rate.
    pub fn from_stored(name: &str, rate_bp: i64) -> Option<VatTreatment> {
        VatKind::parse(name).map(|kind| VatTreatment::of(kind, rate_bp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str) -> Country {
        Country::parse(code).unwrap()
    }

    #[test]
    fn a_treatment_reads_back_as_it_was_stored() {
        for t in [VatTreatment::Domestic { rate_bp: 2500 }, VatTreatment::ReverseCharge, VatTreatment::OutsideEu] {
            assert_eq!(VatTreatment::from_stored(t.as_str(), t.rate_bp()), Some(t));
        }
        assert_eq!(VatTreatment::from_stored("exempt", 0), None);
    }

    #[test]
    fn the_vat_table() {
        let se = c("SE");
        assert_eq!(VatTreatment::decide(se, 2500, c("SE"), true), VatTreatment::Domestic { rate_bp: 2500 });
        assert_eq!(VatTreatment::decide(se, 2500, c("SE"), false), VatTreatment::Domestic { rate_bp: 2500 });
        assert_eq!(VatTreatment::decide(se, 2500, c("DE"), true), VatTreatment::ReverseCharge);
        assert_eq!(VatTreatment::decide(se, 2500, c("DE"), false), VatTreatment::Domestic { rate_bp: 2500 });
        assert_eq!(VatTreatment::decide(se, 2500, c("NO"), true), VatTreatment::OutsideEu);
        assert_eq!(VatTreatment::decide(se, 2500, c("US"), false), VatTreatment::OutsideEu);
        assert_eq!(VatTreatment::Domestic { rate_bp: 2500 }.vat_on(115_000), 28_750);
        assert_eq!(VatTreatment::ReverseCharge.vat_on(115_000), 0);
    }
}
