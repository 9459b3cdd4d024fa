//! `suit-verify-es256`: iotm-suit decoding an envelope and verifying its
//! COSE_Sign1 (ES256) with a key from the input, then reading every command.

use iotm_suit::crypto::{RustCryptoProvider, SignatureAlg};
use iotm_suit::{Envelope, TrustAnchor};

use super::{keep, part};

/// Decodes and verifies the envelope after a 65-byte public key.
pub(crate) fn run(input: &[u8]) {
    let keys = [TrustAnchor::signature(
        SignatureAlg::EcdsaP256Sha256,
        part(input, 0, 65),
    )];
    let envelope = input.get(65..).unwrap_or_default();
    if let Ok(envelope) = Envelope::decode(envelope) {
        if let Ok(verified) = envelope.verify(&RustCryptoProvider, &keys) {
            keep(verified.check_processable());
        }
    }
}
