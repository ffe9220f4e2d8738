//! Password hashing with argon2id, off the async runtime.
use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::{SaltString, rand_core::OsRng},
};

use crate::{config::PasswordCost, error::AppError};

fn hasher(cost: PasswordCost) -> Result<Argon2<'static>, AppError> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, None).map_err(AppError::internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_blocking(password: &str, cost: PasswordCost) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher(cost)?.hash_password(password.as_bytes(), &salt).map_err(AppError::internal)?.to_string())
}

pub async fn hash(password: String, cost: PasswordCost) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password, cost)).await.map_err(AppError::internal)?
}

/// True when `password` matches `phc`. The parameters come from the stored hash. Without a
/// stored hash (unknown user) a dummy one is checked, so both cases take the same time.
pub async fn verify(password: String, phc: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| dummy_hash().to_string());
        let parsed = PasswordHash::new(&phc).map_err(AppError::internal)?;
        if !known {
            let _ = Argon2::default().verify_password(password.as_bytes(), &parsed);
            return Ok(false);
        }
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(AppError::internal)?
}

/// A hash that matches no password, verified against when the user does not exist
/// so that unknown and known usernames take the same time.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("no-such-user-password", PasswordCost::STANDARD).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_only_the_right_password() {
        let h = hash("demo123456".into(), PasswordCost::FAST_FOR_TESTS).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("demo123456".into(), Some(h.clone())).await.unwrap());
        assert!(!verify("demo1234567".into(), Some(h)).await.unwrap());
        assert!(!verify("no-such-user-password".into(), None).await.unwrap(), "unknown users never match");
    }
}
