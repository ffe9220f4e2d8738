//! Access tokens: short-lived JWTs signed with one pinned algorithm (HS256), a `kid` in the
//! header so keys can rotate. Refresh tokens: random, stored hashed, rotated on each use.
use std::collections::HashMap;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Role, Viewer};

pub const ISSUER: &str = "gecrm";
pub const AUDIENCE: &str = "gecrm-api";
const ALGORITHM: Algorithm = Algorithm::HS256;

#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub role: String,
    pub org: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dept: Option<i64>,
    /// The user's session epoch when the token was issued (see `auth::sessions`).
    #[serde(default)]
    pub sep: i32,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("malformed or tampered token")]
    Invalid,
    #[error("token expired")]
    Expired,
    #[error("token not yet valid")]
    NotYetValid,
    #[error("unknown signing key")]
    UnknownKey,
}

/// The signing key and the verification keys still accepted.
pub struct JwtKeys {
    current_kid: String,
    encoding: EncodingKey,
    decoding: HashMap<String, DecodingKey>,
    validation: Validation,
}

fn kid_of(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

impl JwtKeys {
    pub fn new(current: &str, previous: &[String]) -> Self {
        let mut decoding = HashMap::new();
        for secret in previous.iter().map(String::as_str).chain(std::iter::once(current)) {
            decoding.insert(kid_of(secret), DecodingKey::from_secret(secret.as_bytes()));
        }
        let mut validation = Validation::new(ALGORITHM);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "sub", "iss", "aud"]);
        // Time is checked against the injected clock below.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Self {
            current_kid: kid_of(current),
            encoding: EncodingKey::from_secret(current.as_bytes()),
            decoding,
            validation,
        }
    }

    pub fn current_kid(&self) -> &str {
        &self.current_kid
    }

    pub fn issue(&self, viewer: &Viewer, now: DateTime<Utc>, ttl: std::time::Duration) -> String {
        self.issue_in_epoch(viewer, 0, now, ttl)
    }

    /// A token for `viewer` issued in the user's session epoch `epoch`.
    pub fn issue_in_epoch(&self, viewer: &Viewer, epoch: i32, now: DateTime<Utc>, ttl: std::time::Duration) -> String {
        let iat = now.timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: viewer.user_id.to_string(),
            exp: iat + ttl.as_secs() as i64,
            nbf: iat,
            iat,
            role: viewer.role.as_str().into(),
            org: viewer.org_unit_id,
            branch: viewer.branch_id,
            dept: viewer.department_id,
            sep: epoch,
        };
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(self.current_kid.clone());
        encode(&header, &claims, &self.encoding).expect("HMAC signing cannot fail")
    }

    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Viewer, TokenError> {
        self.verify_session(token, now).map(|(viewer, _)| viewer)
    }

    /// The viewer a token speaks for and the session epoch it was issued in.
    pub fn verify_session(&self, token: &str, now: DateTime<Utc>) -> Result<(Viewer, i32), TokenError> {
        let header = decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.alg != ALGORITHM {
            return Err(TokenError::Invalid);
        }
        let key = header.kid.as_deref().and_then(|k| self.decoding.get(k)).ok_or(TokenError::UnknownKey)?;
        let claims = decode::<Claims>(token, key, &self.validation).map_err(|_| TokenError::Invalid)?.claims;
        let now = now.timestamp();
        if now >= claims.exp {
            return Err(TokenError::Expired);
        }
        if now < claims.nbf {
            return Err(TokenError::NotYetValid);
        }
        let epoch = claims.sep;
        Ok((
            Viewer {
                user_id: claims.sub.parse().map_err(|_| TokenError::Invalid)?,
                role: Role::parse(&claims.role).ok_or(TokenError::Invalid)?,
                org_unit_id: claims.org,
                branch_id: claims.branch,
                department_id: claims.dept,
            },
            epoch,
        ))
    }
}

/// A fresh opaque refresh token (256 random bits, URL-safe).
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored for a refresh token: its SHA-256, hex.
pub fn hash_refresh_token(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    const SECRET: &str = "test-secret-0123456789abcdef0123456789";
    const TTL: std::time::Duration = std::time::Duration::from_secs(900);

    fn viewer() -> Viewer {
        Viewer { user_id: 42, role: Role::DepartmentHead, org_unit_id: 5, branch_id: Some(2), department_id: Some(5) }
    }

    #[test]
    fn a_token_verifies_until_it_expires() {
        let keys = JwtKeys::new(SECRET, &[]);
        let now = Utc::now();
        let token = keys.issue(&viewer(), now, TTL);
        assert_eq!(keys.verify(&token, now + Duration::seconds(899)), Ok(viewer()));
        assert_eq!(keys.verify(&token, now + Duration::seconds(900)), Err(TokenError::Expired));
        assert_eq!(keys.verify(&token, now - Duration::seconds(10)), Err(TokenError::NotYetValid));
    }

    #[test]
    fn tampered_payload_is_rejected() {
        let keys = JwtKeys::new(SECRET, &[]);
        let now = Utc::now();
        let token = keys.issue(&viewer(), now, TTL);
        let parts: Vec<&str> = token.split('.').collect();
        let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        let forged = URL_SAFE_NO_PAD.encode(payload.replace("DEPARTMENT_HEAD", "ADMIN"));
        let tampered = format!("{}.{}.{}", parts[0], forged, parts[2]);
        assert_eq!(keys.verify(&tampered, now), Err(TokenError::Invalid));
    }

    #[test]
    fn another_key_or_algorithm_is_rejected() {
        let now = Utc::now();
        let other = JwtKeys::new("another-secret-0123456789abcdef012345", &[]);
        let keys = JwtKeys::new(SECRET, &[]);
        assert_eq!(keys.verify(&other.issue(&viewer(), now, TTL), now), Err(TokenError::UnknownKey));
        // "alg": "none" with our kid
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"none","kid":"{}"}}"#, keys.current_kid()));
        let token = keys.issue(&viewer(), now, TTL);
        let body = token.split('.').nth(1).unwrap();
        assert!(keys.verify(&format!("{header}.{body}."), now).is_err());
    }

    #[test]
    fn wrong_audience_is_rejected() {
        let keys = JwtKeys::new(SECRET, &[]);
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: "some-other-api".into(),
            sub: "42".into(),
            exp: now + 600,
            nbf: now,
            iat: now,
            role: "ADMIN".into(),
            org: 1,
            branch: None,
            dept: None,
            sep: 0,
        };
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(keys.current_kid().to_string());
        let token = encode(&header, &claims, &EncodingKey::from_secret(SECRET.as_bytes())).unwrap();
        assert_eq!(keys.verify(&token, Utc::now()), Err(TokenError::Invalid));
    }

    #[test]
    fn rotated_keys_still_verify_old_tokens() {
        let old = "old-secret-0123456789abcdef0123456789ab";
        let now = Utc::now();
        let token = JwtKeys::new(old, &[]).issue(&viewer(), now, TTL);
        let rotated = JwtKeys::new(SECRET, &[old.to_string()]);
        assert_eq!(rotated.verify(&token, now), Ok(viewer()));
        assert_eq!(JwtKeys::new(SECRET, &[]).verify(&token, now), Err(TokenError::UnknownKey));
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let a = new_refresh_token();
        assert_ne!(a, new_refresh_token());
        assert_eq!(hash_refresh_token(&a).len(), 64);
        assert_ne!(hash_refresh_token(&a), a);
    }
}
