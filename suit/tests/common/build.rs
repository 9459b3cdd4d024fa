//! Envelopes built in the tests: a manifest in diagnostic notation, its
//! digest, and a COSE_Mac0 (HMAC-256, key 'a' × 32) over it.

use iotm_cbor::{Encoder, parse_diagnostic};
use iotm_suit::crypto::{CryptoProvider, HashAlg, MacAlg, RustCryptoProvider};

/// The envelope of the manifest written in diagnostic notation, MACed with
/// [`super::HMAC_KEY`]; `extra` is more envelope members, in diagnostic
/// notation (`""` for none).
pub(crate) fn envelope(manifest_diag: &str, extra: &str) -> Vec<u8> {
    let manifest = parse_diagnostic(manifest_diag).unwrap();
    let mut manifest_bstr = Vec::new();
    Encoder::new(&mut manifest_bstr).bytes(&manifest).unwrap();
    let mut digest = [0u8; 32];
    RustCryptoProvider
        .digest(HashAlg::Sha256, &manifest_bstr, &mut digest)
        .unwrap();
    let mut digest_item = Vec::new();
    Encoder::new(&mut digest_item)
        .array(2)
        .and_then(|e| e.i64(-16))
        .and_then(|e| e.bytes(&digest))
        .unwrap();
    let mut digest_bstr = Vec::new();
    Encoder::new(&mut digest_bstr).bytes(&digest_item).unwrap();
    let protected = [0xa1, 0x01, 0x05]; // {1: 5}
    let mut protected_bstr = Vec::new();
    Encoder::new(&mut protected_bstr).bytes(&protected).unwrap();
    let mut to_be_maced = Vec::new();
    Encoder::new(&mut to_be_maced)
        .array(4)
        .and_then(|e| e.str("MAC0"))
        .and_then(|e| e.raw(&protected_bstr))
        .and_then(|e| e.bytes(&[]))
        .and_then(|e| e.raw(&digest_bstr))
        .unwrap();
    let mut tag = [0u8; 32];
    RustCryptoProvider
        .mac(MacAlg::HmacSha256, &super::HMAC_KEY, &to_be_maced, &mut tag)
        .unwrap();
    let mut mac0 = Vec::new();
    Encoder::new(&mut mac0)
        .tag(17)
        .and_then(|e| e.array(4))
        .and_then(|e| e.raw(&protected_bstr))
        .and_then(|e| e.map(0))
        .and_then(|e| e.null())
        .and_then(|e| e.bytes(&tag))
        .unwrap();
    let mut authentication = Vec::new();
    Encoder::new(&mut authentication)
        .array(2)
        .and_then(|e| e.raw(&digest_bstr))
        .and_then(|e| e.bytes(&mac0))
        .unwrap();
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(", {extra}")
    };
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    parse_diagnostic(&format!(
        "107({{2: h'{}', 3: h'{}'{extra}}})",
        hex(&authentication),
        hex(&manifest)
    ))
    .unwrap()
}
