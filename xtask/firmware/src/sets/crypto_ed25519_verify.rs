//! `crypto-ed25519-verify`: iotm-crypto's RustCrypto provider verifying an
//! Ed25519 signature.

use iotm_crypto::{CryptoProvider, RustCryptoProvider, SignatureAlg};

use super::{keep, part};

/// Verifies a 64-byte signature with a 32-byte public key.
pub(crate) fn run(input: &[u8]) {
    let public_key = part(input, 0, 32);
    let signature = part(input, 32, 64);
    let msg = part(input, 96, 64);
    keep(RustCryptoProvider::new().verify(SignatureAlg::Ed25519, public_key, msg, signature));
}
