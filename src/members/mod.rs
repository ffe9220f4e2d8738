//! Group members (集团成员): the people on a group's account, their value and revenue.
pub mod graphql;
pub mod import;
pub mod lookup;
pub mod service;

use rust_decimal::Decimal;

use crate::{settings::ArpuBands, string_enum};

pub use entity::enums::{Carrier, MemberStatus, VipLevel};

string_enum! {
    /// Value band from last month's ARPU (价值分层); thresholds are settings.
    pub enum ValueBand {
        /// 高价值: ARPU above the high threshold (default ¥60).
        High = ("HIGH", "高价值", "High value"),
        /// 中价值: ARPU from the mid threshold (default ¥30) up to the high one.
        Mid = ("MID", "中价值", "Mid value"),
        /// 低价值: ARPU below the mid threshold.
        Low = ("LOW", "低价值", "Low value"),
    }
}

impl ArpuBands {
    /// The band of an ARPU: HIGH above `high_above`, MID from `mid_from` up to it, LOW below.
    pub fn band(&self, arpu: Decimal) -> ValueBand {
        if arpu > self.high_above {
            ValueBand::High
        } else if arpu >= self.mid_from {
            ValueBand::Mid
        } else {
            ValueBand::Low
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_bands_follow_the_thresholds_exactly() {
        let b = ArpuBands::default();
        assert_eq!(b.band(Decimal::new(6001, 2)), ValueBand::High);
        assert_eq!(b.band(Decimal::from(60)), ValueBand::Mid, "¥60 itself is mid");
        assert_eq!(b.band(Decimal::from(30)), ValueBand::Mid, "¥30 itself is mid");
        assert_eq!(b.band(Decimal::new(2999, 2)), ValueBand::Low);
        let custom = ArpuBands { high_above: Decimal::from(100), mid_from: Decimal::from(50) };
        assert_eq!(custom.band(Decimal::from(80)), ValueBand::Mid);
    }
}
