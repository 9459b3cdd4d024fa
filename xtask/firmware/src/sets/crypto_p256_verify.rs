//! `crypto-p256-verify`: iotm-crypto's RustCrypto provider verifying an
//! ECDSA P-256 / SHA-256 signature (ES256).

use iotm_crypto::{CryptoProvider, RustCryptoProvider, SignatureAlg};

use super::{keep, part};

/// Verifies a 64-byte `r ‖ s` signature with a 65-byte SEC1 public key.
pub(crate) fn run(input: &[u8]) {
    let public_key = part(input, 0, 65);
    let signature = part(input, 65, 64);
    let msg = part(input, 129, 64);
    keep(RustCryptoProvider::new().verify(
        SignatureAlg::EcdsaP256Sha256,
        public_key,
        msg,
        signature,
    ));
}
