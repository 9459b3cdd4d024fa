//! One module per measured set, each behind the cargo feature of the same name.
//!
//! To add a set: a feature in Cargo.toml, a module here with `pub(crate) fn
//! run(input: &[u8])`, its line in `run` below, and its row in `SETS` in
//! xtask/src/sets.rs.

use core::hint::black_box;

#[cfg(feature = "cbor-decode")]
mod cbor_decode;
#[cfg(feature = "cbor-deterministic")]
mod cbor_deterministic;
#[cfg(feature = "cbor-diagnostic")]
mod cbor_diagnostic;
#[cfg(feature = "cbor-encode")]
mod cbor_encode;
#[cfg(feature = "crypto-aes-gcm")]
mod crypto_aes_gcm;
#[cfg(feature = "crypto-ed25519-verify")]
mod crypto_ed25519_verify;
#[cfg(feature = "crypto-p256-verify")]
mod crypto_p256_verify;
#[cfg(feature = "crypto-sha256")]
mod crypto_sha256;
#[cfg(feature = "identity-verify-p256")]
mod identity_verify;
#[cfg(feature = "mqtt-client")]
mod mqtt_client;
#[cfg(any(feature = "mqtt-v311", feature = "mqtt-v311-v5"))]
mod mqtt_codec;
#[cfg(any(feature = "suit-process-minimal", feature = "suit-process-full"))]
mod suit_process;
#[cfg(feature = "suit-verify-es256")]
mod suit_verify;
#[cfg(feature = "wire")]
mod wire;

/// Runs every enabled set on `input`.
pub(crate) fn run(input: &[u8]) {
    #[cfg(feature = "wire")]
    wire::run(input);
    #[cfg(feature = "crypto-sha256")]
    crypto_sha256::run(input);
    #[cfg(feature = "crypto-p256-verify")]
    crypto_p256_verify::run(input);
    #[cfg(feature = "crypto-ed25519-verify")]
    crypto_ed25519_verify::run(input);
    #[cfg(feature = "crypto-aes-gcm")]
    crypto_aes_gcm::run(input);
    #[cfg(feature = "cbor-decode")]
    cbor_decode::run(input);
    #[cfg(feature = "cbor-encode")]
    cbor_encode::run(input);
    #[cfg(feature = "cbor-deterministic")]
    cbor_deterministic::run(input);
    #[cfg(feature = "cbor-diagnostic")]
    cbor_diagnostic::run(input);
    #[cfg(feature = "mqtt-v311")]
    mqtt_codec::run(input, iotm_mqtt_codec::Version::V3_1_1);
    #[cfg(feature = "mqtt-v311-v5")]
    mqtt_codec::run(input, mqtt_codec::version_of(input));
    #[cfg(feature = "mqtt-client")]
    mqtt_client::run(input);
    #[cfg(feature = "suit-verify-es256")]
    suit_verify::run(input);
    #[cfg(feature = "suit-process-minimal")]
    suit_process::run(input);
    #[cfg(feature = "suit-process-full")]
    suit_process::run(input);
    #[cfg(feature = "identity-verify-p256")]
    identity_verify::run(input);
    keep(input);
}

/// Hands `value` to `black_box`, so the code computing it stays in the image.
pub(crate) fn keep<T>(value: T) {
    let _ = black_box(value);
}

/// `len` bytes of `input` from `start` (empty if out of range): keys,
/// nonces, messages and signatures the optimiser cannot see.
#[allow(dead_code, reason = "only the sets that take several inputs use it")]
pub(crate) fn part(input: &[u8], start: usize, len: usize) -> &[u8] {
    start
        .checked_add(len)
        .and_then(|end| input.get(start..end))
        .unwrap_or_default()
}
