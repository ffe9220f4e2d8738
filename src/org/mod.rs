//! The organisation tree: company → branch → department → optional grid.
pub mod graphql;
pub mod service;

use crate::error::{UserError, UserErrorCode};

/// A validated org-node code: 2–32 of `a-z`, `0-9`, `_`, `-` (e.g. `gz`, `gz-jk1`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgCode(String);

impl OrgCode {
    pub fn parse(raw: &str) -> Result<Self, UserError> {
        let s = raw.trim().to_ascii_lowercase();
        let ok = (2..=32).contains(&s.len())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        if ok {
            Ok(Self(s))
        } else {
            Err(UserError::new(
                "code",
                UserErrorCode::Invalid,
                "编码须为 2–32 位小写字母、数字、下划线或连字符",
                "Code must be 2–32 lowercase letters, digits, '_' or '-'",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A validated display name: trimmed, 1–`max` characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub fn parse(field: &str, raw: &str, max: usize) -> Result<Self, UserError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(UserError::new(field, UserErrorCode::Required, "名称不能为空", "Name is required"));
        }
        if s.chars().count() > max {
            return Err(UserError::new(
                field,
                UserErrorCode::TooLong,
                format!("名称不能超过 {max} 个字符"),
                format!("Name must be at most {max} characters"),
            ));
        }
        Ok(Self(s.to_string()))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_codes_are_normalised_and_checked() {
        assert_eq!(OrgCode::parse(" GZ-JK1 ").unwrap().as_str(), "gz-jk1");
        assert!(OrgCode::parse("g").is_err());
        assert!(OrgCode::parse("广州").is_err());
        assert!(OrgCode::parse(&"a".repeat(33)).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(Name::parse("name", "  集团客户部 ", 10).unwrap().into_inner(), "集团客户部");
        assert_eq!(Name::parse("name", "   ", 10).unwrap_err().code, UserErrorCode::Required);
        assert_eq!(Name::parse("name", "一二三四五六", 5).unwrap_err().code, UserErrorCode::TooLong);
    }
}
