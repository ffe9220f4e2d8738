//! Scalars of our own: `Decimal` money (a string with two decimals, CNY) and `Date`.
use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Money in CNY as a string with exactly two decimals (e.g. `"1280.00"`); never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub Decimal);

impl Money {
    pub fn of(d: Decimal) -> Self {
        let mut d = d.round_dp(2);
        d.rescale(2);
        Self(d)
    }
}

/// Money in CNY as a string with exactly two decimals (e.g. `"1280.00"`); never a float.
#[Scalar(name = "Decimal")]
impl ScalarType for Money {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => Decimal::from_str(s.trim())
                .map(Money)
                .map_err(|_| InputValueError::custom(format!("“{s}” is not a decimal number"))),
            Value::Number(n) if n.is_i64() => Ok(Money(Decimal::from(n.as_i64().unwrap_or_default()))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(Money::of(self.0).0.to_string())
    }
}

/// A calendar date, `YYYY-MM-DD` (e.g. a birthday).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

/// A calendar date, `YYYY-MM-DD` (e.g. a birthday).
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => match NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
                // Birthdays and founding days reach back; nothing the business keeps is
                // before 1900 or after 2100.
                Ok(d) if (1900..=2100).contains(&chrono::Datelike::year(&d)) => Ok(Date(d)),
                Ok(_) => Err(InputValueError::custom(format!("“{s}” is outside the years 1900 to 2100"))),
                Err(_) => Err(InputValueError::custom(format!("“{s}” is not a date (YYYY-MM-DD)"))),
            },
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_always_shows_two_decimals() {
        assert_eq!(Money(Decimal::new(605, 1)).to_value(), Value::String("60.50".into()));
        assert_eq!(Money(Decimal::from(3)).to_value(), Value::String("3.00".into()));
        assert_eq!(Money::parse(Value::String("12.345".into())).unwrap().0, Decimal::new(12345, 3));
        assert!(Money::parse(Value::String("abc".into())).is_err());
    }

    #[test]
    fn dates_are_iso() {
        let d = Date::parse(Value::String("2024-02-29".into())).unwrap();
        assert_eq!(d.to_value(), Value::String("2024-02-29".into()));
        assert!(Date::parse(Value::String("2023-02-29".into())).is_err());
        assert!(Date::parse(Value::String("0001-01-01".into())).is_err());
        assert!(Date::parse(Value::String("9999-12-31".into())).is_err());
        assert!(Date::parse(Value::String("1950-06-01".into())).is_ok(), "birthdays reach back");
    }
}
