//! `crypto-aes-gcm`: iotm-crypto's RustCrypto provider opening AES-128-GCM.

use iotm_crypto::{AeadAlg, CryptoProvider, RustCryptoProvider};

use super::{keep, part};

/// Checks the tag of and decrypts 64 bytes in place, with 16 bytes of AAD.
pub(crate) fn run(input: &[u8]) {
    let key = part(input, 0, 16);
    let nonce = part(input, 16, 12);
    let aad = part(input, 28, 16);
    let tag = part(input, 44, 16);
    let mut in_out = <[u8; 64]>::try_from(part(input, 60, 64)).unwrap_or([0; 64]);
    keep(RustCryptoProvider::new().aead_open(
        AeadAlg::Aes128Gcm,
        key,
        nonce,
        aad,
        &mut in_out,
        tag,
    ));
    keep(in_out);
}
