//! Users: one role each, placed in one org node.
pub mod graphql;
pub mod service;

use crate::{
    auth::{Placement, Viewer},
    error::{UserError, UserErrorCode},
};
use entity::app_user::Model;

/// Where a user sits, for scope checks: a user "owns" their own record.
pub fn placement(m: &Model) -> Placement {
    Placement { owner_id: Some(m.id), department_id: m.department_id, branch_id: m.branch_id }
}

/// True when `viewer` may see user `m`.
pub fn visible(viewer: &Viewer, m: &Model) -> bool {
    viewer.user_id == m.id || viewer.scope().covers(&placement(m))
}

/// A validated username: 2–32 of `a-z`, `0-9`, `_`, `.`, starting with a letter; stored lowercase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, UserError> {
        let s = raw.trim().to_ascii_lowercase();
        let ok = (2..=32).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
        if ok {
            Ok(Self(s))
        } else {
            Err(UserError::new(
                "username",
                UserErrorCode::Invalid,
                "用户名须为 2–32 位，以字母开头，只含字母、数字、下划线或点",
                "Username must be 2–32 characters: a letter first, then letters, digits, '_' or '.'",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password acceptable for a new account: 8–128 characters.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, UserError> {
        let n = raw.chars().count();
        if (8..=128).contains(&n) {
            Ok(Self(raw.to_string()))
        } else {
            Err(UserError::new(
                "password",
                UserErrorCode::Invalid,
                "密码长度须为 8–128 个字符",
                "Password must be 8–128 characters",
            ))
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lowercased_and_checked() {
        assert_eq!(Username::parse(" GZ_AM1 ").unwrap().as_str(), "gz_am1");
        for bad in ["a", "1abc", "张三", "a b c", &"a".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_need_eight_characters() {
        assert!(NewPassword::parse("1234567").is_err());
        assert!(NewPassword::parse("demo123456").is_ok());
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
    }
}
