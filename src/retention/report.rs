//! The churn archive counted: by reason, competitor, month and manager (the charts of 离网建档
//! and the retention report's lost numbers and reasons).
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::ChurnReason;
use crate::{fields::Month, machine::Labelled, state::Lang};

/// Counts and revenue per key.
#[derive(Default, Debug)]
pub struct Tally {
    reason: BTreeMap<String, (i64, Decimal)>,
    competitor: BTreeMap<String, (i64, Decimal)>,
    month: BTreeMap<String, (i64, Decimal)>,
    manager: BTreeMap<i64, (i64, Decimal)>,
}

fn bump<K: Ord>(m: &mut BTreeMap<K, (i64, Decimal)>, k: K, revenue: Decimal) {
    let e = m.entry(k).or_default();
    e.0 += 1;
    e.1 += revenue;
}

/// Largest first, then by key: what a bar chart shows.
fn ranked(m: &BTreeMap<String, (i64, Decimal)>) -> Vec<(String, i64, Decimal)> {
    let mut v: Vec<_> = m.iter().map(|(k, (n, r))| (k.clone(), *n, *r)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

impl Tally {
    /// One lost member: its month, stored reason, competitor, who handled it, revenue lost.
    pub fn add(&mut self, month: &str, reason: &str, competitor: Option<&str>, handled_by: i64, revenue: Decimal) {
        bump(&mut self.reason, reason.to_string(), revenue);
        let comp = competitor.map(str::trim).filter(|c| !c.is_empty());
        if let Some(c) = comp {
            bump(&mut self.competitor, c.to_string(), revenue);
        }
        bump(&mut self.month, month.to_string(), revenue);
        let e = self.manager.entry(handled_by).or_default();
        e.0 += 1;
        e.1 += revenue;
    }

    /// (stored reason, its label in `lang`, count, revenue), most first.
    pub fn by_reason(&self, lang: Lang) -> Vec<(String, String, i64, Decimal)> {
        ranked(&self.reason)
            .into_iter()
            .map(|(k, n, r)| {
                let label = ChurnReason::ALL
                    .iter()
                    .find(|x| x.as_str() == k)
                    .map(|x| if lang == Lang::En { x.label_en() } else { x.label() })
                    .unwrap_or(k.as_str())
                    .to_string();
                (k, label, n, r)
            })
            .collect()
    }

    /// (competitor, competitor, count, revenue), most first.
    pub fn by_competitor(&self, _lang: Lang) -> Vec<(String, String, i64, Decimal)> {
        ranked(&self.competitor).into_iter().map(|(k, n, r)| (k.clone(), k, n, r)).collect()
    }

    /// Every month from `from` to `to`, none left out (a month without losses is a zero bar).
    pub fn by_month(&self, from: Month, to: Month) -> Vec<(String, String, i64, Decimal)> {
        (0..=from.until(to))
            .map(|i| {
                let m = from.plus(i).to_string();
                let (n, r) = self.month.get(&m).copied().unwrap_or_default();
                (m.clone(), m, n, r)
            })
            .collect()
    }

    /// (user id, count, revenue), most first.
    pub fn by_manager(&self) -> Vec<(i64, i64, Decimal)> {
        let mut v: Vec<_> = self.manager.iter().map(|(k, (n, r))| (*k, *n, *r)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_way_and_leaves_no_month_out() {
        let mut t = Tally::default();
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        t.add("2027-01", "COMPETITOR", Some("中国电信"), 7, d("88.00"));
        t.add("2027-03", "COMPETITOR", Some(" 中国电信 "), 8, d("12.00"));
        t.add("2027-03", "TARIFF", None, 7, d("50.00"));
        let r = t.by_reason(Lang::Zh);
        assert_eq!(r[0], ("COMPETITOR".into(), "竞争对手".into(), 2, d("100.00")));
        assert_eq!(r[1].1, "资费");
        assert_eq!(t.by_competitor(Lang::Zh), vec![("中国电信".into(), "中国电信".into(), 2, d("100.00"))]);
        let from = Month { year: 2027, month: 1 };
        let months: Vec<_> = t.by_month(from, from.plus(2)).into_iter().map(|(m, _, n, _)| (m, n)).collect();
        assert_eq!(months, vec![("2027-01".into(), 1), ("2027-02".into(), 0), ("2027-03".into(), 2)]);
        assert_eq!(t.by_manager(), vec![(7, 2, d("138.00")), (8, 1, d("12.00"))]);
    }
}
