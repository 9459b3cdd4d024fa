//! Envelopes built in the tests: a manifest in diagnostic notation, signed
//! with the crate's own `EnvelopeBuilder` (COSE_Mac0, HMAC-256, key 'a' × 32).

use iotm_cbor::parse_diagnostic;
use iotm_suit::crypto::RustCryptoProvider;
use iotm_suit::{EnvelopeBuilder, Signer};

/// The envelope of the manifest written in diagnostic notation, MACed with
/// [`super::HMAC_KEY`].
pub(crate) fn envelope(manifest_diag: &str) -> Vec<u8> {
    let manifest = parse_diagnostic(manifest_diag).unwrap();
    let signer = Signer::Mac {
        cose_alg: 5,
        key: &super::HMAC_KEY,
        kid: None,
    };
    EnvelopeBuilder::new(&manifest)
        .unwrap()
        .sign(&RustCryptoProvider, &signer)
        .unwrap()
}
