//! SUIT Report decoding: whatever the bytes, `Report::decode` never panics,
//! error offsets lie inside the input, and a truncated valid report is
//! incomplete. Seeded from the shared report vectors.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_suit::Report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match Report::decode(data) {
        Ok(_) => {
            if let Some(cut) = data.len().checked_sub(1) {
                let e = Report::decode(&data[..cut]).unwrap_err();
                assert!(e.is_incomplete() || cut == 0 || e.offset() <= cut, "{e:?}");
            }
        }
        Err(e) => assert!(e.offset() <= data.len(), "{e:?}"),
    }
});
