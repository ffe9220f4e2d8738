//! Prices and totals of a proposal, in exact decimals. Quotes start from the catalog's
//! standard price (报价须按照标准价); anything lower is a discount, given per line as a
//! percentage or as an amount off the unit price, never taking a price below zero.
use rust_decimal::{Decimal, RoundingStrategy};

use crate::catalog::Billing;

/// A line's discount as the manager enters it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Discount {
    None,
    /// Percent off the standard unit price, 0–100.
    Percent(Decimal),
    /// Amount off the standard unit price, per unit and billing period; at most the price.
    Amount(Decimal),
}

/// One line to price.
#[derive(Clone, Copy, Debug)]
pub struct Line {
    pub billing: Billing,
    pub unit_price: Decimal,
    pub quantity: i32,
    /// Months the line runs; for one-off charges it is ignored.
    pub term_months: i32,
    pub discount: Discount,
}

/// A priced line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinePrice {
    pub net_unit_price: Decimal,
    /// Share of the standard price given away, 0–1.
    pub line_rate: Decimal,
    /// Whole-term value at standard price.
    pub list_total: Decimal,
    /// Whole-term value after discount.
    pub net_total: Decimal,
    /// Recurring charge per month at standard price (yearly charges count a twelfth).
    pub list_monthly: Decimal,
    /// Recurring charge per month after discount.
    pub net_monthly: Decimal,
}

/// A proposal's totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub list_monthly: Decimal,
    pub monthly_total: Decimal,
    pub one_off_total: Decimal,
    pub list_term_total: Decimal,
    pub term_total: Decimal,
    /// Monthly recurring discount: what the approval matrix looks at.
    pub discount_monthly: Decimal,
    pub discount_term: Decimal,
    /// Share of the whole-term standard value given away, 0–1.
    pub discount_rate: Decimal,
    /// The largest line discount, 0–1.
    pub max_line_rate: Decimal,
}

pub use crate::fields::cents;

fn ratio(part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        Decimal::ZERO
    } else {
        (part / whole).round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
    }
}

/// Why a line cannot be priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineProblem {
    PercentOutOfRange,
    AmountOutOfRange,
    YearlyTermNotWholeYears,
}

impl Line {
    pub fn price(&self) -> Result<LinePrice, LineProblem> {
        let unit = self.unit_price;
        let net_unit = match self.discount {
            Discount::None => unit,
            Discount::Percent(p) => {
                if p.is_sign_negative() || p > Decimal::ONE_HUNDRED {
                    return Err(LineProblem::PercentOutOfRange);
                }
                cents(unit * (Decimal::ONE_HUNDRED - p) / Decimal::ONE_HUNDRED)
            }
            Discount::Amount(a) => {
                if a.is_sign_negative() || a > unit {
                    return Err(LineProblem::AmountOutOfRange);
                }
                cents(unit - a)
            }
        };
        let qty = Decimal::from(self.quantity);
        let periods = match self.billing {
            Billing::Monthly => Decimal::from(self.term_months),
            Billing::Yearly => {
                if self.term_months % 12 != 0 {
                    return Err(LineProblem::YearlyTermNotWholeYears);
                }
                Decimal::from(self.term_months / 12)
            }
            Billing::OneOff => Decimal::ONE,
        };
        let per_month = |u: Decimal| match self.billing {
            Billing::Monthly => cents(u * qty),
            Billing::Yearly => cents(u * qty / Decimal::from(12)),
            Billing::OneOff => Decimal::ZERO,
        };
        Ok(LinePrice {
            net_unit_price: net_unit,
            line_rate: ratio(unit - net_unit, unit),
            list_total: cents(unit * qty * periods),
            net_total: cents(net_unit * qty * periods),
            list_monthly: per_month(unit),
            net_monthly: per_month(net_unit),
        })
    }
}

/// Sums priced lines (each with its billing) into the proposal's totals.
pub fn totals<'a>(lines: impl IntoIterator<Item = (Billing, &'a LinePrice)>) -> Totals {
    let mut t = Totals::default();
    for (billing, p) in lines {
        t.list_monthly += p.list_monthly;
        t.monthly_total += p.net_monthly;
        if billing == Billing::OneOff {
            t.one_off_total += p.net_total;
        }
        t.list_term_total += p.list_total;
        t.term_total += p.net_total;
        t.max_line_rate = t.max_line_rate.max(p.line_rate);
    }
    t.discount_monthly = t.list_monthly - t.monthly_total;
    t.discount_term = t.list_term_total - t.term_total;
    t.discount_rate = ratio(t.discount_term, t.list_term_total);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn line(billing: Billing, price: &str, qty: i32, term: i32, discount: Discount) -> Line {
        Line { billing, unit_price: dec(price), quantity: qty, term_months: term, discount }
    }

    #[test]
    fn percent_discounts_round_each_unit_price_to_the_fen() {
        // 33.33 less 12.5% is 29.16375: the unit price is 29.16.
        let p = line(Billing::Monthly, "33.33", 3, 12, Discount::Percent(dec("12.5"))).price().unwrap();
        assert_eq!(p.net_unit_price, dec("29.16"));
        assert_eq!(p.net_monthly, dec("87.48"));
        assert_eq!(p.net_total, dec("1049.76"));
        assert_eq!(p.list_total, dec("1199.88"));
        assert_eq!(p.line_rate, dec("0.125113"));
        // Half a fen rounds up: 0.05 less 50% is 0.025 → 0.03.
        let half = line(Billing::OneOff, "0.05", 1, 0, Discount::Percent(dec("50"))).price().unwrap();
        assert_eq!(half.net_unit_price, dec("0.03"));
    }

    #[test]
    fn amounts_off_are_bounded_by_the_price() {
        let p = line(Billing::Monthly, "199.00", 2, 24, Discount::Amount(dec("49.99"))).price().unwrap();
        assert_eq!(p.net_unit_price, dec("149.01"));
        assert_eq!(p.net_total, dec("7152.48"));
        let free = line(Billing::Monthly, "199.00", 1, 1, Discount::Amount(dec("199.00"))).price().unwrap();
        assert_eq!(free.net_unit_price, Decimal::ZERO);
        assert_eq!(free.line_rate, Decimal::ONE);
        assert_eq!(
            line(Billing::Monthly, "199.00", 1, 1, Discount::Amount(dec("199.01"))).price(),
            Err(LineProblem::AmountOutOfRange)
        );
        assert_eq!(
            line(Billing::Monthly, "1", 1, 1, Discount::Percent(dec("100.01"))).price(),
            Err(LineProblem::PercentOutOfRange)
        );
        assert_eq!(
            line(Billing::Monthly, "1", 1, 1, Discount::Percent(dec("-1"))).price(),
            Err(LineProblem::PercentOutOfRange)
        );
    }

    #[test]
    fn yearly_charges_count_a_twelfth_per_month_and_need_whole_years() {
        let p = line(Billing::Yearly, "1800.00", 1, 24, Discount::Percent(dec("10"))).price().unwrap();
        assert_eq!(p.net_total, dec("3240.00"));
        assert_eq!(p.list_monthly, dec("150.00"));
        assert_eq!(p.net_monthly, dec("135.00"));
        assert_eq!(
            line(Billing::Yearly, "1800.00", 1, 18, Discount::None).price(),
            Err(LineProblem::YearlyTermNotWholeYears)
        );
    }

    #[test]
    fn totals_add_up_to_the_cent() {
        let lines = [
            line(Billing::Monthly, "4200.00", 1, 36, Discount::Percent(dec("15"))),
            line(Billing::OneOff, "2000.00", 1, 0, Discount::Amount(dec("2000"))),
            line(Billing::Monthly, "25.00", 7, 36, Discount::None),
            line(Billing::Yearly, "1800.00", 2, 36, Discount::None),
        ];
        let priced: Vec<(Billing, LinePrice)> = lines.iter().map(|l| (l.billing, l.price().unwrap())).collect();
        let t = totals(priced.iter().map(|(b, p)| (*b, p)));
        assert_eq!(t.list_monthly, dec("4675.00")); // 4200 + 175 + 300
        assert_eq!(t.monthly_total, dec("4045.00")); // 3570 + 175 + 300
        assert_eq!(t.discount_monthly, dec("630.00"));
        assert_eq!(t.one_off_total, Decimal::ZERO);
        assert_eq!(t.list_term_total, dec("170300.00")); // 151200 + 2000 + 6300 + 10800
        assert_eq!(t.term_total, dec("145620.00")); // 128520 + 0 + 6300 + 10800
        assert_eq!(t.discount_term, dec("24680.00"));
        assert_eq!(t.discount_rate, dec("0.144921"));
        assert_eq!(t.max_line_rate, Decimal::ONE);
    }
}
