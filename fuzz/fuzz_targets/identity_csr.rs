//! PKCS #10 request decoding for `iotm-device-identity`: whatever the bytes,
//! `Csr::from_der` never panics and its error offsets lie inside the input;
//! a request it accepts is walked (subject, key, requested extensions) and
//! its proof-of-possession signature is checked with the RustCrypto
//! provider, which never panics either. A request whose signature verifies
//! stops verifying once one byte of the signed part is flipped.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_device_identity::crypto::RustCryptoProvider;
use iotm_device_identity::{Csr, Error};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let csr = match Csr::from_der(data) {
        Ok(csr) => csr,
        Err(e) => return in_bounds(&e, data.len()),
    };
    assert_eq!(csr.encoded, data);
    assert!(csr.info.len() < data.len());
    let _ = csr.subject.to_string();
    for a in csr.subject.attributes() {
        assert_eq!(data.get(a.offset), Some(&a.value_tag));
        let _ = (a.as_str(), a.oid.to_string());
    }
    let _ = csr.public_key.bits();
    let _ = format!("{:?} {:?}", csr.public_key, csr.signature_algorithm);
    if let Some(extensions) = csr.extensions {
        for e in extensions.iter() {
            assert_eq!(
                data.get(e.value_offset..e.value_offset + e.value.len()),
                Some(e.value)
            );
            let _ = e.oid.to_string();
        }
    }
    match csr.verify_signature(&RustCryptoProvider) {
        Ok(()) => {
            // Flip the last byte of the signed info (inside the public key
            // or the attributes): the proof of possession must fail then.
            let start = csr.info.as_ptr() as usize - data.as_ptr() as usize;
            let mut tampered = data.to_vec();
            tampered[start + csr.info.len() - 1] ^= 0x01;
            if let Ok(tampered) = Csr::from_der(&tampered) {
                assert!(tampered.verify_signature(&RustCryptoProvider).is_err());
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});

fn in_bounds(e: &Error, len: usize) {
    assert!(e.offset() <= len, "{e:?} beyond {len} bytes");
}
