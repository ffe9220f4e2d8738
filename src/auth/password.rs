//! Password hashing with argon2id, off the async runtime, a few at a time.
//!
//! Each hash needs its memory cost in RAM (19 MiB by default). Left to the allocator, bursts of
//! sign-ins leave that memory in per-thread arenas for good; so at most one hash per core runs
//! at once, the others queue (for a bounded time), and each running hash fills a block buffer
//! taken from a small pool that is reused, never freed and re-allocated.
use std::{
    sync::{Mutex, OnceLock},
    time::Duration,
};

use argon2::{
    Algorithm, Argon2, Block, Params, PasswordHash, Version,
    password_hash::{Output, ParamsString, SaltString, rand_core::OsRng},
};
use tokio::sync::Semaphore;

use crate::{config::PasswordCost, error::AppError};

/// How long a sign-in waits for a free hashing slot before it is told to retry.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(10);

struct Pool {
    slots: Semaphore,
    buffers: Mutex<Vec<Vec<Block>>>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Pool { slots: Semaphore::new(cores), buffers: Mutex::new(Vec::new()) }
    })
}

/// Runs `f` with a block buffer of at least `blocks` blocks, on the blocking pool, once a
/// hashing slot is free.
async fn with_memory<T: Send + 'static>(
    blocks: usize,
    f: impl FnOnce(&mut [Block]) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let pool = pool();
    let _slot = match tokio::time::timeout(QUEUE_TIMEOUT, pool.slots.acquire()).await {
        Ok(Ok(permit)) => permit,
        Ok(Err(_)) => return Err(AppError::internal("password hashing pool closed")),
        Err(_) => {
            tracing::warn!("password hashing queue full");
            return Err(AppError::RateLimited { retry_after_secs: 1 });
        }
    };
    tokio::task::spawn_blocking(move || {
        let mut buffer = pool.buffers.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default();
        if buffer.len() < blocks {
            buffer.resize(blocks, Block::default());
        }
        let result = f(&mut buffer[..blocks]);
        pool.buffers.lock().unwrap_or_else(|e| e.into_inner()).push(buffer);
        result
    })
    .await
    .map_err(AppError::internal)?
}

fn params_of(cost: PasswordCost) -> Result<Params, AppError> {
    Params::new(cost.memory_kib, cost.iterations, 1, None).map_err(AppError::internal)
}

fn derive(
    argon: &Argon2<'_>,
    password: &[u8],
    salt: &argon2::password_hash::Salt<'_>,
    len: usize,
    memory: &mut [Block],
) -> Result<Output, AppError> {
    let mut salt_buf = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_buf).map_err(AppError::internal)?;
    Output::init_with(len, |out| {
        argon
            .hash_password_into_with_memory(password, salt, out, &mut *memory)
            .map_err(|_| argon2::password_hash::Error::Crypto)
    })
    .map_err(AppError::internal)
}

fn hash_with(password: &[u8], params: &Params, memory: &mut [Block]) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let hash =
        derive(&argon, password, &salt.as_salt(), params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN), memory)?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(AppError::internal)?,
        salt: Some(salt.as_salt()),
        hash: Some(hash),
    }
    .to_string())
}

pub async fn hash(password: String, cost: PasswordCost) -> Result<String, AppError> {
    let params = params_of(cost)?;
    with_memory(params.block_count(), move |memory| hash_with(password.as_bytes(), &params, memory)).await
}

/// Hashes without the pool, for the seeder and tests that are not serving requests.
pub fn hash_blocking(password: &str, cost: PasswordCost) -> Result<String, AppError> {
    let params = params_of(cost)?;
    let mut memory = vec![Block::default(); params.block_count()];
    hash_with(password.as_bytes(), &params, &mut memory)
}

/// What verifying needs of a stored hash, checked before a hashing slot is taken.
struct Stored {
    argon: Argon2<'static>,
    salt: String,
    expected: Output,
    blocks: usize,
}

fn stored(phc: &str) -> Result<Stored, AppError> {
    let parsed = PasswordHash::new(phc).map_err(AppError::internal)?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(AppError::internal)?;
    let version = parsed.version.map(Version::try_from).transpose().map_err(AppError::internal)?.unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(AppError::internal)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(AppError::internal("stored password hash lacks salt or hash"));
    };
    let blocks = params.block_count();
    Ok(Stored { argon: Argon2::new(algorithm, version, params), salt: salt.as_str().to_string(), expected, blocks })
}

/// True when `password` matches `phc`. The parameters come from the stored hash. Without a
/// stored hash (unknown user) a dummy one is checked, so both cases take the same time.
pub async fn verify(password: String, phc: Option<String>) -> Result<bool, AppError> {
    let known = phc.is_some();
    let s = stored(phc.as_deref().unwrap_or_else(|| dummy_hash()))?;
    with_memory(s.blocks, move |memory| {
        let salt = argon2::password_hash::Salt::from_b64(&s.salt).map_err(AppError::internal)?;
        let actual = derive(&s.argon, password.as_bytes(), &salt, s.expected.len(), memory)?;
        // `Output` compares in constant time.
        Ok(known && actual == s.expected)
    })
    .await
}

/// A hash that matches no password, verified against when the user does not exist
/// so that unknown and known usernames take the same time.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
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

    #[tokio::test]
    async fn hashes_made_by_the_reference_implementation_still_verify() {
        use argon2::PasswordHasher;
        let params = params_of(PasswordCost::FAST_FOR_TESTS).unwrap();
        let salt = SaltString::generate(&mut OsRng);
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"s3cret-pass", &salt)
            .unwrap()
            .to_string();
        assert!(verify("s3cret-pass".into(), Some(reference.clone())).await.unwrap());
        assert!(!verify("s3cret-pasS".into(), Some(reference)).await.unwrap());
    }
}
