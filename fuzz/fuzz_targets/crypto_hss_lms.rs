//! HSS/LMS verification (RFC 8554): whatever the key and signature bytes,
//! `verify_hss_lms` never panics, the offsets its errors name lie inside the
//! signature, and a signature that verifies stops verifying when its last
//! byte is cut off. The first input byte says how many of the rest are the
//! public key; the message is fixed. Seeded with RFC 8554 Appendix F's two
//! test cases (the first verifies) and one SHA-256/192 signature.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_suit::crypto::{HssLmsError, verify_hss_lms};
use libfuzzer_sys::fuzz_target;

/// The message of the seeds (RFC 8554 Appendix F, test case 1).
const MESSAGE: &[u8] = b"The powers not delegated to the United States by the Constitution, nor \
prohibited by it to the States, are reserved to the States respectively, or to the people.\n";

fuzz_target!(|data: &[u8]| {
    let Some((&key_len, rest)) = data.split_first() else {
        return;
    };
    let (key, sig) = rest.split_at(usize::from(key_len).min(rest.len()));
    match verify_hss_lms(key, MESSAGE, sig) {
        Ok(()) => {
            let cut = &sig[..sig.len() - 1];
            assert!(verify_hss_lms(key, MESSAGE, cut).is_err());
        }
        Err(
            HssLmsError::Truncated { offset }
            | HssLmsError::TrailingBytes { offset }
            | HssLmsError::OtsTypeMismatch { offset, .. }
            | HssLmsError::LmsTypeMismatch { offset, .. }
            | HssLmsError::LeafOutOfRange { offset, .. },
        ) => assert!(offset <= sig.len(), "{offset} > {}", sig.len()),
        Err(_) => {}
    }
});
