//! The measured sets: one row each, one cargo feature of `xtask/firmware` each.

/// One measured set: a cargo feature of the firmware package that makes its
/// `main` call one crate's functions on black-boxed input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Set {
    /// The set's name, which is also its firmware cargo feature.
    pub(crate) name: &'static str,
    /// The crate measured, as in its Cargo.toml.
    pub(crate) krate: &'static str,
    /// What the firmware calls, in a few words.
    pub(crate) description: &'static str,
}

/// The firmware feature of the empty image every set is measured against.
pub(crate) const BASELINE: &str = "baseline";

/// Every set `cargo xtask size` measures, in report order.
///
/// ADD A SET HERE: one line `set(name, crate, description)`, plus in
/// `xtask/firmware` a feature `name` in Cargo.toml and a module
/// `src/sets/<name>.rs` called from `src/sets.rs` (see `xtask/README.md`).
pub(crate) const SETS: &[Set] = &[
    set("wire", "iotm-wire", "Reader: read_u8, read_u16_be, take(n)"),
    set(
        "crypto-sha256",
        "iotm-crypto",
        "RustCryptoProvider::digest, SHA-256",
    ),
    set(
        "crypto-p256-verify",
        "iotm-crypto",
        "RustCryptoProvider::verify, ECDSA P-256/SHA-256",
    ),
    set(
        "crypto-ed25519-verify",
        "iotm-crypto",
        "RustCryptoProvider::verify, Ed25519",
    ),
    set(
        "crypto-aes-gcm",
        "iotm-crypto",
        "RustCryptoProvider::aead_open, AES-128-GCM",
    ),
    set(
        "cbor-decode",
        "iotm-cbor",
        "Decoder: skip (well-formedness) and typed reads of an int-keyed map",
    ),
    set(
        "cbor-encode",
        "iotm-cbor",
        "Encoder into a slice: map, integers, strings, floats",
    ),
    set(
        "cbor-deterministic",
        "iotm-cbor",
        "check_deterministic (RFC 8949 §4.2.1)",
    ),
    set(
        "cbor-diagnostic",
        "iotm-cbor",
        "Diagnostic notation printed to a fmt::Write sink",
    ),
    set(
        "mqtt-v311",
        "iotm-mqtt-codec",
        "Packet::decode and Packet::encode, MQTT 3.1.1 only (version a constant)",
    ),
    set(
        "mqtt-v311-v5",
        "iotm-mqtt-codec",
        "Packet::decode and Packet::encode, MQTT 3.1.1 and 5.0 (version at run time)",
    ),
    set(
        "mqtt-client",
        "iotm-mqtt-codec",
        "the sans-IO Client session (4 in flight): connect, publish, poll_event",
    ),
    set(
        "suit-verify-es256",
        "iotm-suit",
        "Envelope::decode, verify (ES256), check_processable",
    ),
    set(
        "suit-process-minimal",
        "iotm-suit",
        "decode, verify (ES256) and process on a platform; no encryption",
    ),
    set(
        "suit-process-full",
        "iotm-suit",
        "the same with HMAC, firmware encryption (AES-KW, ECDH-ES, GCM, CTR) and the report",
    ),
    set(
        "identity-verify-p256",
        "iotm-device-identity",
        "Certificate::from_der (leaf, intermediate, root) and verify, ECDSA P-256 only",
    ),
    // ---- new sets go above this line (cbor-decode, cbor-encode, mqtt-...) ----
];

/// A row of [`SETS`].
const fn set(name: &'static str, krate: &'static str, description: &'static str) -> Set {
    Set {
        name,
        krate,
        description,
    }
}

/// The set called `name`.
///
/// # Errors
/// The list of known sets when there is none of that name.
pub(crate) fn find(name: &str) -> Result<Set, String> {
    SETS.iter()
        .copied()
        .find(|set| set.name == name)
        .ok_or_else(|| {
            let known: Vec<&str> = SETS.iter().map(|set| set.name).collect();
            format!("no set named `{name}`; known sets: {}", known.join(", "))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_feature_names() {
        for (i, set) in SETS.iter().enumerate() {
            assert!(!set.name.is_empty() && set.name != BASELINE, "{set:?}");
            assert!(
                set.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{set:?}"
            );
            assert!(
                SETS[..i].iter().all(|other| other.name != set.name),
                "{set:?}"
            );
        }
    }

    #[test]
    fn every_set_is_a_firmware_feature() {
        let manifest = include_str!("../firmware/Cargo.toml");
        for name in SETS.iter().map(|set| set.name).chain([BASELINE]) {
            let line = format!("\n{name} = [");
            assert!(
                manifest.contains(&line),
                "xtask/firmware/Cargo.toml has no feature `{name}`"
            );
        }
    }

    #[test]
    fn every_set_has_a_firmware_module() {
        let modules = include_str!("../firmware/src/sets.rs");
        for set in SETS {
            let gate = format!("#[cfg(feature = \"{}\")]", set.name);
            assert!(
                modules.contains(&gate),
                "xtask/firmware/src/sets.rs never checks `{}`",
                set.name
            );
        }
    }

    #[test]
    fn find_names_the_known_sets_on_a_miss() {
        assert_eq!(find("wire").map(|set| set.krate), Ok("iotm-wire"));
        let err = find("nope").unwrap_err();
        assert!(err.contains("wire"), "{err}");
    }
}
