//! CRL decoding for `iotm-device-identity`: whatever the bytes,
//! `Crl::from_der` never panics and its error offsets lie inside the input;
//! a CRL it accepts is walked (issuer, times, every revoked entry with its
//! extensions, the CRL extensions, `crl_number`), every listed serial
//! number is reported revoked by `is_revoked`, and every slice and offset
//! points back into the input.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_device_identity::extension::Extensions;
use iotm_device_identity::{Crl, Error};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let crl = match Crl::from_der(data) {
        Ok(crl) => crl,
        Err(e) => return in_bounds(&e, data.len()),
    };
    assert_eq!(crl.encoded, data);
    assert!(matches!(crl.version, 1 | 2));
    let _ = crl.issuer.to_string();
    for a in crl.issuer.attributes() {
        assert_eq!(data.get(a.offset), Some(&a.value_tag));
        let _ = a.as_str();
    }
    let _ = format!("{} {:?}", crl.this_update, crl.next_update);
    let _ = format!("{:?}", crl.signature_algorithm);
    let mut count = 0usize;
    for entry in crl.revoked.iter() {
        count += 1;
        assert!(crl.is_revoked(entry.serial.bytes));
        let _ = (entry.serial.to_u64(), entry.revocation_date.to_string());
        if let Some(extensions) = entry.extensions {
            assert_eq!(crl.version, 2, "entry extensions in a v1 CRL");
            walk_extensions(&extensions, data);
        }
        assert!(count <= data.len());
    }
    assert_eq!(count == 0, crl.revoked.is_empty());
    if let Some(extensions) = crl.extensions {
        assert_eq!(crl.version, 2, "extensions in a v1 CRL");
        walk_extensions(&extensions, data);
    }
    if let Some((number, critical)) = crl.crl_number() {
        let _ = (number.to_u64(), number.is_negative(), critical);
    }
});

fn walk_extensions(extensions: &Extensions<'_>, data: &[u8]) {
    let mut count = 0usize;
    for e in extensions.iter() {
        count += 1;
        assert_eq!(
            data.get(e.value_offset..e.value_offset + e.value.len()),
            Some(e.value)
        );
        let _ = (e.oid.to_string(), e.critical);
        assert_eq!(extensions.get(e.oid.as_bytes()), Some(e));
    }
    assert!(count > 0, "an empty extension list was accepted");
}

fn in_bounds(e: &Error, len: usize) {
    assert!(e.offset() <= len, "{e:?} beyond {len} bytes");
}
