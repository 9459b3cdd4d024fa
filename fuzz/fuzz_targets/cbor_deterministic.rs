//! Target for deterministic encoding (RFC 8949 §4.2.1) in `iotm-cbor`:
//! `to_deterministic` output passes `check_deterministic` and is a fixed
//! point of `to_deterministic`; an input that already passes the check is
//! left exactly as it is.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_cbor::{Decoder, check_deterministic, to_deterministic};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let checked = check_deterministic(data);
    match to_deterministic(data) {
        Ok(canonical) => {
            // Only one whole, well-formed item is re-encoded.
            let mut d = Decoder::new(data);
            d.skip()
                .expect("to_deterministic accepted a malformed item");
            assert!(d.is_empty(), "to_deterministic accepted trailing bytes");

            if let Err(err) = check_deterministic(&canonical) {
                panic!(
                    "to_deterministic output fails check_deterministic: {err}\n input: {}\n output: {}",
                    hex(data),
                    hex(&canonical)
                );
            }
            let again =
                to_deterministic(&canonical).expect("to_deterministic refused its own output");
            assert!(
                again == canonical,
                "to_deterministic is not idempotent\n input: {}\n once: {}\n twice: {}",
                hex(data),
                hex(&canonical),
                hex(&again)
            );
            if checked.is_ok() {
                assert!(
                    canonical == data,
                    "to_deterministic changed an input that check_deterministic accepts\n input: {}\n output: {}",
                    hex(data),
                    hex(&canonical)
                );
            }
        }
        Err(err) => {
            assert!(err.offset() <= data.len());
            if checked.is_ok() {
                panic!(
                    "to_deterministic refused an input that check_deterministic accepts: {err}\n input: {}",
                    hex(data)
                );
            }
        }
    }
});

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
