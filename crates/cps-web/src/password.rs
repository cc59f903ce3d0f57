//! Argon2id with the OWASP minimum (m = 19 MiB, t = 2, p = 1: the crate's
//! defaults), run on the blocking pool so hashing never stalls other requests,
//! and at most one hash per core at a time ([`HASHING`]): a storm of logins
//! queues for the cores instead of taking all of them (and 19 MiB each) from
//! the member pages.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// One permit per core: how many Argon2 computations run at once.
static HASHING: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)));

/// Runs `f` (an Argon2 computation) on the blocking pool under [`HASHING`].
async fn bounded<T: Send + 'static>(f: impl FnOnce() -> anyhow::Result<T> + Send + 'static) -> anyhow::Result<T> {
    let _permit = HASHING.acquire().await?;
    tokio::task::spawn_blocking(f).await?
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    bounded(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await
}

pub async fn verify(password: String, hash: String) -> anyhow::Result<bool> {
    bounded(move || {
        let parsed = argon2::PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
}

/// A password made for an account by a command (`cps staff create`,
/// `cps demo`): 24 base32 characters (120 bits), for a password manager.
pub struct GeneratedPassword {
    pub password: String,
    pub password_hash: String,
}

pub async fn generate_password() -> anyhow::Result<GeneratedPassword> {
    use rand::RngCore;
    let mut pw = [0u8; 15];
    rand::rng().fill_bytes(&mut pw);
    let password = cps_domain::totp::base32_encode(&pw).to_lowercase();
    let password_hash = hash(password.clone()).await?;
    Ok(GeneratedPassword { password, password_hash })
}

/// What a new staff user starts with: a random password (and its hash) and
/// a random 160-bit TOTP secret (the RFC 4226 recommended length).
pub struct StaffCredentials {
    pub password: String,
    pub password_hash: String,
    pub totp_secret: Vec<u8>,
}

pub async fn new_staff_credentials() -> anyhow::Result<StaffCredentials> {
    use rand::RngCore;
    let mut secret = vec![0u8; 20];
    rand::rng().fill_bytes(&mut secret);
    let GeneratedPassword { password, password_hash } = generate_password().await?;
    Ok(StaffCredentials { password, password_hash, totp_secret: secret })
}
