//! Random secrets (session ids, activation and reset tokens): 256 bits from
//! the operating system's CSPRNG, kept in the database only as SHA-256.

use rand::TryRngCore;
use sha2::{Digest, Sha256};

/// A fresh secret as URL-safe text, and its hash for storage.
pub struct Secret {
    pub plain: String,
    pub hash: String,
}

impl Secret {
    pub fn generate() -> Secret {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.try_fill_bytes(&mut bytes).expect("the OS random source works");
        let plain = hex::encode(bytes);
        let hash = hash(&plain);
        Secret { plain, hash }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

pub fn hash(plain: &str) -> String {
    hex::encode(Sha256::digest(plain.as_bytes()))
}
