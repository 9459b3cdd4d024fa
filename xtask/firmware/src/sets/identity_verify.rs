//! `identity-verify-p256`: iotm-device-identity decoding a leaf, an
//! intermediate and a root certificate and validating the leaf's path
//! (RFC 5280 profile, client authentication) with only the P-256 part of
//! the RustCrypto backend: what a device runs to check its platform's
//! certificate chain, or an installer a device's.

use iotm_device_identity::crypto::RustCryptoProvider;
use iotm_device_identity::{Certificate, Policy, UnixTime, Usage, verify};

use super::{keep, part};

/// Decodes the three certificates from `input` (the leaf, the intermediate,
/// then the root) and validates the leaf at a time read from the input (a
/// real-time clock on a device).
pub(crate) fn run(input: &[u8]) {
    let clock = part(input, 248, 8).try_into().map_or(0, i64::from_be_bytes);
    let now = UnixTime::from_secs(clock);
    let (Ok(leaf), Ok(intermediate), Ok(root)) = (
        Certificate::from_der(part(input, 0, 96)),
        Certificate::from_der(part(input, 96, 80)),
        Certificate::from_der(part(input, 176, 72)),
    ) else {
        return;
    };
    let pool = [intermediate];
    let anchors = [root];
    let mut policy = Policy::new(now);
    policy.usage = Usage::ClientAuth;
    keep(verify(&RustCryptoProvider, &leaf, &pool, &anchors, &policy).map(|path| path.len()));
}
