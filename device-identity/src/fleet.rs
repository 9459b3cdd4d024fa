//! Fleet check: a batch of device certificates searched for credentials
//! that are not unique (NIST IR 8259A "device identification": each
//! device needs its own): the same public key on several devices, the
//! same serial number twice from one issuer, and keys from a list of
//! known default or published credentials.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use crate::certificate::Certificate;

/// A known default credential: a public key published with an SDK, a
/// reference design or a test PKI, that no production device may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownKey<'k> {
    /// Where it comes from.
    pub label: &'k str,
    /// The subjectPublicKey bits (the SEC1 point, the Ed25519 key, or the
    /// RSAPublicKey DER).
    pub key: &'k [u8],
}

/// What a fleet check found; indexes refer to the batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FleetReport {
    /// Groups of certificates that share a public key.
    pub duplicate_keys: Vec<Vec<usize>>,
    /// Groups of certificates with the same issuer and serial number
    /// (RFC 5280 §4.1.2.2 requires them unique per CA).
    pub duplicate_serials: Vec<Vec<usize>>,
    /// Certificates whose key is a known default, with its label.
    pub default_keys: Vec<(usize, usize)>,
}

impl FleetReport {
    /// True when nothing was found.
    pub fn is_clean(&self) -> bool {
        self.duplicate_keys.is_empty()
            && self.duplicate_serials.is_empty()
            && self.default_keys.is_empty()
    }
}

/// Checks `certificates` against each other and against `known` keys
/// (`default_keys` pairs a certificate index with an index into `known`).
pub fn check(certificates: &[Certificate<'_>], known: &[KnownKey<'_>]) -> FleetReport {
    let mut by_key: BTreeMap<&[u8], Vec<usize>> = BTreeMap::new();
    let mut by_serial: BTreeMap<(&[u8], &[u8]), Vec<usize>> = BTreeMap::new();
    let mut report = FleetReport::default();
    for (i, cert) in certificates.iter().enumerate() {
        by_key.entry(cert.public_key.key).or_default().push(i);
        by_serial
            .entry((cert.issuer.encoded, cert.serial.bytes))
            .or_default()
            .push(i);
        if let Some(k) = known.iter().position(|k| k.key == cert.public_key.key) {
            report.default_keys.push((i, k));
        }
    }
    report.duplicate_keys = by_key.into_values().filter(|g| g.len() > 1).collect();
    report.duplicate_serials = by_serial.into_values().filter(|g| g.len() > 1).collect();
    report.duplicate_keys.sort();
    report.duplicate_serials.sort();
    report
}
