//! `crypto-sha256`: iotm-crypto's RustCrypto provider hashing with SHA-256.

use iotm_crypto::{CryptoProvider, HashAlg, RustCryptoProvider};

use super::keep;

/// One-shot SHA-256 of the whole input.
pub(crate) fn run(input: &[u8]) {
    let mut digest = [0u8; 32];
    keep(RustCryptoProvider::new().digest(HashAlg::Sha256, input, &mut digest));
    keep(digest);
}
