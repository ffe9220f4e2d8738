//! Validated values shared by the archive's forms: phone numbers, e-mail addresses, months,
//! money, free text; and a [`Check`] that gathers every problem of a form at once.
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::error::{AppError, UserError, UserErrorCode};

pub use entity::values::{Described, Facts};

/// A mainland China phone number, normalised: mobiles as 11 digits (`13812345678`),
/// fixed lines as `area-number[-extension]` (`020-87654321`, `0755-1234567-808`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    pub fn parse(field: &str, raw: &str) -> Result<Self, UserError> {
        Self::normalise(raw).map(Self).ok_or_else(|| {
            UserError::new(
                field,
                UserErrorCode::Invalid,
                format!("“{}”不是有效的手机号码或固定电话（如 13812345678、020-87654321）", raw.trim()),
                format!("“{}” is not a valid mobile or fixed-line number (e.g. 13812345678, 020-87654321)", raw.trim()),
            )
        })
    }

    fn normalise(raw: &str) -> Option<String> {
        let s = raw.trim();
        // An extension after 转, ext, x or a second dash.
        let (main, ext) = match s.to_ascii_lowercase().find("ext").or_else(|| s.find(['转', 'x', 'X'])) {
            Some(i) => {
                let ext: String = s[i..].chars().filter(char::is_ascii_digit).collect();
                (&s[..i], Some(ext))
            }
            None => (s, None),
        };
        let main = main.trim();
        if main.is_empty() || !main.chars().all(|c| c.is_ascii_digit() || " -()+（）".contains(c)) {
            return None;
        }
        let mut digits: String = main.chars().filter(char::is_ascii_digit).collect();
        let dash_parts: Vec<&str> = main.split('-').map(str::trim).filter(|p| !p.is_empty()).collect();
        let explicit_ext = if ext.is_none() && dash_parts.len() == 3 && dash_parts[0].starts_with('0') {
            digits = format!("{}{}", dash_parts[0], dash_parts[1]).chars().filter(char::is_ascii_digit).collect();
            Some(dash_parts[2].to_string())
        } else {
            None
        };
        let ext = ext.or(explicit_ext).filter(|e| !e.is_empty());
        if let Some(e) = &ext {
            if e.len() > 6 || !e.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
        }
        if let Some(rest) = digits
            .strip_prefix("0086")
            .or_else(|| (main.starts_with('+') || digits.len() == 13).then(|| digits.strip_prefix("86")).flatten())
        {
            digits = rest.to_string();
        }
        let bytes = digits.as_bytes();
        if digits.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]) {
            return ext.is_none().then_some(digits);
        }
        if bytes.first() != Some(&b'0') {
            return None;
        }
        // 010 and 02x are three-digit area codes (with the 0); everything else is four.
        let area_len = if bytes.get(1) == Some(&b'1') || bytes.get(1) == Some(&b'2') { 3 } else { 4 };
        let local = digits.get(area_len..)?;
        if !(7..=8).contains(&local.len()) || local.starts_with('0') || local.starts_with('1') {
            return None;
        }
        let mut out = format!("{}-{}", &digits[..area_len], local);
        if let Some(e) = ext {
            out.push('-');
            out.push_str(&e);
        }
        Some(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A calendar month, `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(field: &str, raw: &str) -> Result<Self, UserError> {
        let bad = || {
            UserError::new(
                field,
                UserErrorCode::Invalid,
                "月份格式应为 YYYY-MM（如 2026-10）",
                "Month must be YYYY-MM (e.g. 2026-10)",
            )
        };
        let (y, m) = raw.trim().split_once('-').ok_or_else(bad)?;
        let (year, month): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if y.len() != 4 || m.len() != 2 || !(2000..=2100).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    pub fn of(date: NaiveDate) -> Self {
        Self { year: date.year(), month: date.month() }
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Self {
        let idx = self.year * 12 + self.month as i32 - 1 + n;
        Self { year: idx.div_euclid(12), month: idx.rem_euclid(12) as u32 + 1 }
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day().pred_opt().unwrap_or(NaiveDate::MIN)
    }

    /// Months from `self` to `other` (negative when `other` is earlier).
    pub fn until(self, other: Month) -> i32 {
        (other.year * 12 + other.month as i32) - (self.year * 12 + self.month as i32)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// An amount of money in CNY: not negative, at most 2 decimal places, below 10^12.
/// Rounds money to the fen, halves away from zero (四舍五入).
pub fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

pub fn money(field: &str, value: Decimal) -> Result<Decimal, UserError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(UserError::new(field, UserErrorCode::Invalid, "金额不能为负数", "Amount cannot be negative"));
    }
    if value.normalize().scale() > 2 {
        return Err(UserError::new(
            field,
            UserErrorCode::Invalid,
            "金额最多两位小数",
            "Amount can have at most 2 decimal places",
        ));
    }
    if value >= Decimal::from(1_000_000_000_000i64) {
        return Err(UserError::new(field, UserErrorCode::Invalid, "金额过大", "Amount is too large"));
    }
    Ok(value.round_dp(2))
}

/// One required text field on its own (a reason, a signer's name): trimmed, 1..=`max` characters.
pub fn required(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let mut c = Check::new();
    let s = c.text(field, raw, max);
    c.finish(|| s)
}

/// A comment on a decision: required when `needed` (a rejection), optional otherwise.
pub fn comment(field: &str, raw: Option<&str>, max: usize, needed: bool) -> Result<Option<String>, AppError> {
    let mut c = Check::new();
    let s = if needed { Some(c.text(field, raw.unwrap_or(""), max)) } else { c.opt_text(field, raw, max) };
    c.finish(|| s)
}

/// The years a business time (a visit, a plan, a deadline) may fall in.
pub const BUSINESS_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A time the business can have meant: within [`BUSINESS_YEARS`].
pub fn business_time(field: &str, at: chrono::DateTime<chrono::Utc>) -> Result<(), UserError> {
    if BUSINESS_YEARS.contains(&at.year()) {
        return Ok(());
    }
    Err(UserError::new(
        field,
        UserErrorCode::Invalid,
        format!("时间须在 {} 年到 {} 年之间", BUSINESS_YEARS.start(), BUSINESS_YEARS.end()),
        format!("The time must fall between {} and {}", BUSINESS_YEARS.start(), BUSINESS_YEARS.end()),
    ))
}

/// Longest search text a list filter takes.
pub const MAX_SEARCH_CHARS: usize = 100;

/// A list filter's search text: trimmed, empty meaning no filter, at most
/// [`MAX_SEARCH_CHARS`] characters.
pub fn search_text(raw: Option<String>) -> Result<Option<String>, AppError> {
    let Some(text) = raw.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) else { return Ok(None) };
    if text.chars().count() > MAX_SEARCH_CHARS {
        return Err(AppError::bad_input(
            format!("搜索词最多 {MAX_SEARCH_CHARS} 个字符"),
            format!("Search text is limited to {MAX_SEARCH_CHARS} characters"),
        ));
    }
    Ok(Some(text))
}

/// `column` contains `text` literally: `%` and `_` match themselves, on every engine.
pub fn contains(column: impl sea_orm::ColumnTrait, text: &str) -> sea_orm::sea_query::Expr {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    column.like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\'))
}

/// Gathers every problem of a form, so the user sees them all at once.
#[derive(Default)]
pub struct Check {
    errors: Vec<UserError>,
}

impl Check {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, e: UserError) {
        self.errors.push(e);
    }

    /// Keeps the value of `r`, or records its error.
    pub fn take<T>(&mut self, r: Result<T, UserError>) -> Option<T> {
        r.map_err(|e| self.errors.push(e)).ok()
    }

    /// Required text: trimmed, 1..=`max` characters.
    pub fn text(&mut self, field: &str, raw: &str, max: usize) -> String {
        let s = raw.trim();
        if s.is_empty() {
            self.push(UserError::new(field, UserErrorCode::Required, "此项为必填", "This field is required"));
        } else {
            self.check_len(field, s, max);
        }
        s.to_string()
    }

    /// Optional text: trimmed, blank becomes absent, at most `max` characters.
    pub fn opt_text(&mut self, field: &str, raw: Option<&str>, max: usize) -> Option<String> {
        let s = raw.map(str::trim).filter(|s| !s.is_empty())?;
        self.check_len(field, s, max);
        Some(s.to_string())
    }

    fn check_len(&mut self, field: &str, s: &str, max: usize) {
        if s.chars().count() > max {
            self.push(UserError::new(
                field,
                UserErrorCode::TooLong,
                format!("不能超过 {max} 个字符"),
                format!("Must be at most {max} characters"),
            ));
        }
    }

    pub fn phone(&mut self, field: &str, raw: &str) -> Option<Phone> {
        if raw.trim().is_empty() {
            self.push(UserError::new(field, UserErrorCode::Required, "请填写电话号码", "A phone number is required"));
            return None;
        }
        self.take(Phone::parse(field, raw))
    }

    pub fn email(&mut self, field: &str, raw: Option<&str>) -> Option<String> {
        let s = self.opt_text(field, raw, 255)?;
        let ok = s.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        }) && !s.contains(char::is_whitespace);
        if !ok {
            self.push(UserError::new(field, UserErrorCode::Invalid, "邮箱格式不正确", "Not a valid e-mail address"));
        }
        Some(s)
    }

    /// A date that must not lie after `today` (birthdays, founding days).
    pub fn past_date(&mut self, field: &str, date: Option<NaiveDate>, today: NaiveDate) -> Option<NaiveDate> {
        let d = date?;
        if d > today || d.year() < 1900 {
            self.push(UserError::new(field, UserErrorCode::Invalid, "日期不合理", "This date is not plausible"));
        }
        Some(d)
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, otherwise every recorded error.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, AppError> {
        if self.errors.is_empty() { Ok(value()) } else { Err(AppError::Invalid(self.errors)) }
    }

    pub fn into_errors(self) -> Vec<UserError> {
        self.errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> Option<String> {
        Phone::parse("phone", s).ok().map(Phone::into_inner)
    }

    #[test]
    fn mobiles_are_normalised_to_eleven_digits() {
        assert_eq!(norm("13812345678").as_deref(), Some("13812345678"));
        assert_eq!(norm(" 138 1234 5678 ").as_deref(), Some("13812345678"));
        assert_eq!(norm("138-1234-5678").as_deref(), Some("13812345678"));
        assert_eq!(norm("+86 138 1234 5678").as_deref(), Some("13812345678"));
        assert_eq!(norm("8613812345678").as_deref(), Some("13812345678"));
        assert_eq!(norm("12812345678"), None, "no 12x mobiles");
        assert_eq!(norm("1381234567"), None, "ten digits");
        assert_eq!(norm("138123456789"), None, "twelve digits");
        assert_eq!(norm("1381234567a"), None);
    }

    #[test]
    fn fixed_lines_get_their_area_code_split_off() {
        assert_eq!(norm("020-87654321").as_deref(), Some("020-87654321"));
        assert_eq!(norm("02087654321").as_deref(), Some("020-87654321"));
        assert_eq!(norm("(020) 8765 4321").as_deref(), Some("020-87654321"));
        assert_eq!(norm("（010）62345678").as_deref(), Some("010-62345678"));
        assert_eq!(norm("0755-2345678").as_deref(), Some("0755-2345678"));
        assert_eq!(norm("075523456789").as_deref(), Some("0755-23456789"));
        assert_eq!(norm("020-87654321-808").as_deref(), Some("020-87654321-808"));
        assert_eq!(norm("020-87654321转808").as_deref(), Some("020-87654321-808"));
        assert_eq!(norm("020-87654321 ext 808").as_deref(), Some("020-87654321-808"));
        assert_eq!(norm("020-87654321 x808").as_deref(), Some("020-87654321-808"));
        assert_eq!(norm("87654321"), None, "an area code is required");
        assert_eq!(norm("020-0765432"), None, "local numbers do not start with 0");
        assert_eq!(norm("020-123456"), None, "too short");
    }

    #[test]
    fn months_are_yyyy_mm() {
        assert_eq!(Month::parse("m", "2026-02").unwrap().to_string(), "2026-02");
        for bad in ["2026-13", "2026-2", "26-02", "2026/02", "", "1999-12"] {
            assert!(Month::parse("m", bad).is_err(), "{bad}");
        }
        assert!(Month::parse("m", "2026-01").unwrap() < Month::parse("m", "2026-10").unwrap());
    }

    #[test]
    fn money_is_non_negative_with_two_decimals() {
        assert_eq!(money("a", Decimal::new(12345, 2)).unwrap(), Decimal::new(12345, 2));
        assert_eq!(money("a", Decimal::new(1230, 3)).unwrap(), Decimal::new(123, 2), "trailing zeros are fine");
        assert!(money("a", Decimal::new(-1, 2)).is_err());
        assert!(money("a", Decimal::new(1, 3)).is_err());
    }

    #[test]
    fn a_check_reports_every_problem() {
        let mut c = Check::new();
        assert_eq!(c.text("name", "  ", 10), "");
        c.text("title", "一二三四五六", 5);
        c.email("email", Some("not-an-email"));
        assert_eq!(c.opt_text("notes", Some("   "), 5), None);
        let errors = c.into_errors();
        let codes: Vec<_> = errors.iter().map(|e| (e.field[1].as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [("name", UserErrorCode::Required), ("title", UserErrorCode::TooLong), ("email", UserErrorCode::Invalid)]
        );
    }
}
