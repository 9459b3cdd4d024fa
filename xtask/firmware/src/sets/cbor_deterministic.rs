//! `cbor-deterministic`: iotm-cbor's RFC 8949 §4.2.1 checker.

use super::keep;

/// Checks that the input is one deterministically encoded item.
pub(crate) fn run(input: &[u8]) {
    keep(iotm_cbor::check_deterministic(input));
}
