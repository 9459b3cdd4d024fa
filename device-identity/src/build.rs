//! The host side: names, certificates, certification requests and CRLs
//! assembled in DER and signed through the crypto provider (P-256, P-384,
//! Ed25519). Deterministic with the RustCrypto backend: the same inputs
//! and key give the same bytes.

use alloc::vec::Vec;
use core::fmt;

use iotm_crypto::{CryptoError, CryptoProvider, HashAlg, SignatureAlg, SigningKey};

use crate::der::tag;
use crate::encode;
use crate::extension::KeyUsage;
use crate::oid::{alg, at, ext};
use crate::time::UnixTime;

/// Why something could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The provider refused the key or failed.
    Crypto(CryptoError),
    /// A value does not fit its field (an empty name attribute, a serial
    /// number over 20 octets, a time the profile cannot encode).
    InvalidInput(&'static str),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Crypto(e) => write!(f, "signing failed: {e}"),
            Self::InvalidInput(what) => write!(f, "invalid input: {what}"),
        }
    }
}

impl core::error::Error for BuildError {}

/// A key pair the host signs with, and its public key in the provider's
/// encoding.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    /// The algorithm.
    pub alg: SignatureAlg,
    /// The private key (scalar or Ed25519 seed).
    pub private: Vec<u8>,
    /// The public key (uncompressed SEC1 point, or the Ed25519 key).
    pub public: Vec<u8>,
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("alg", &self.alg)
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl KeyPair {
    /// The SubjectPublicKeyInfo DER of the public key.
    pub fn spki(&self) -> Vec<u8> {
        spki(self.alg, &self.public)
    }

    /// A key identifier: the leftmost 160 bits of the SHA-256 of the
    /// subjectPublicKey bits (RFC 7093 §2 method 1).
    ///
    /// # Errors
    /// The provider has no SHA-256.
    pub fn key_id<C: CryptoProvider + ?Sized>(&self, crypto: &C) -> Result<[u8; 20], BuildError> {
        key_id(crypto, &self.public)
    }
}

/// RFC 7093 §2 method 1 over `public_key` (the subjectPublicKey bits).
///
/// # Errors
/// The provider has no SHA-256.
pub fn key_id<C: CryptoProvider + ?Sized>(
    crypto: &C,
    public_key: &[u8],
) -> Result<[u8; 20], BuildError> {
    let mut digest = [0u8; 32];
    crypto
        .digest(HashAlg::Sha256, public_key, &mut digest)
        .map_err(BuildError::Crypto)?;
    let mut id = [0u8; 20];
    id.copy_from_slice(digest.get(..20).unwrap_or(&[0; 20]));
    Ok(id)
}

/// The key AlgorithmIdentifier (RFC 5480 namedCurve, RFC 8410) of `alg`,
/// shared by SubjectPublicKeyInfo and PKCS #8.
pub(crate) fn key_algorithm(out: &mut Vec<u8>, alg: SignatureAlg) {
    encode::sequence(out, |out| match alg {
        SignatureAlg::Ed25519 => encode::oid(out, alg::ED25519),
        SignatureAlg::EcdsaP384Sha384 => {
            encode::oid(out, alg::EC_PUBLIC_KEY);
            encode::oid(out, alg::P384);
        }
        _ => {
            encode::oid(out, alg::EC_PUBLIC_KEY);
            encode::oid(out, alg::P256);
        }
    });
}

/// The SubjectPublicKeyInfo DER for a public key of `alg`.
pub fn spki(alg: SignatureAlg, public: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encode::sequence(&mut out, |out| {
        key_algorithm(out, alg);
        encode::bit_string(out, public);
    });
    out
}

/// The signature AlgorithmIdentifier DER for `alg`.
fn signature_algorithm(alg: SignatureAlg) -> Vec<u8> {
    let mut out = Vec::new();
    encode::sequence(&mut out, |out| {
        encode::oid(
            out,
            match alg {
                SignatureAlg::Ed25519 => alg::ED25519,
                SignatureAlg::EcdsaP384Sha384 => alg::ECDSA_SHA384,
                _ => alg::ECDSA_SHA256,
            },
        );
    });
    out
}

/// Signs `tbs` and wraps it: `SEQUENCE { tbs, algorithm, BIT STRING sig }`
/// (the shape of certificates, CSRs and CRLs).
fn sign_structure<C: CryptoProvider + ?Sized>(
    crypto: &C,
    key: &KeyPair,
    tbs: &[u8],
) -> Result<Vec<u8>, BuildError> {
    let mut raw = [0u8; 132];
    let len = crypto
        .sign(
            key.alg,
            &SigningKey::new(&key.private, &key.public),
            tbs,
            &mut raw,
        )
        .map_err(BuildError::Crypto)?;
    let raw = raw.get(..len).unwrap_or_default();
    let signature = match key.alg {
        SignatureAlg::Ed25519 => raw.to_vec(),
        // X.509 carries ECDSA as DER Ecdsa-Sig-Value (RFC 3279 §2.2.3).
        _ => {
            let (r, s) = raw.split_at(raw.len() / 2);
            let mut out = Vec::new();
            encode::sequence(&mut out, |out| {
                encode::unsigned_integer(out, r);
                encode::unsigned_integer(out, s);
            });
            out
        }
    };
    let mut out = Vec::new();
    encode::sequence(&mut out, |out| {
        out.extend_from_slice(tbs);
        out.extend_from_slice(&signature_algorithm(key.alg));
        encode::bit_string(out, &signature);
    });
    Ok(out)
}

/// A distinguished name, built attribute by attribute (one per RDN, in
/// order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameBuilder {
    rdns: Vec<u8>,
}

impl NameBuilder {
    /// An empty name.
    pub const fn new() -> Self {
        Self { rdns: Vec::new() }
    }

    /// Appends an attribute as its own RDN, with the value's string tag.
    #[must_use]
    pub fn attribute(mut self, oid: &[u8], value_tag: u8, value: &[u8]) -> Self {
        encode::nested(&mut self.rdns, tag::SET, |out| {
            encode::sequence(out, |out| {
                encode::oid(out, oid);
                encode::tlv(out, value_tag, value);
            });
        });
        self
    }

    /// commonName (UTF8String).
    #[must_use]
    pub fn common_name(self, value: &str) -> Self {
        self.attribute(at::COMMON_NAME, tag::UTF8_STRING, value.as_bytes())
    }

    /// organizationName (UTF8String).
    #[must_use]
    pub fn organization(self, value: &str) -> Self {
        self.attribute(at::ORGANIZATION_NAME, tag::UTF8_STRING, value.as_bytes())
    }

    /// countryName (PrintableString, two letters).
    #[must_use]
    pub fn country(self, value: &str) -> Self {
        self.attribute(at::COUNTRY_NAME, tag::PRINTABLE_STRING, value.as_bytes())
    }

    /// serialNumber (PrintableString): the device serial of IEEE 802.1AR.
    #[must_use]
    pub fn serial_number(self, value: &str) -> Self {
        self.attribute(at::SERIAL_NUMBER, tag::PRINTABLE_STRING, value.as_bytes())
    }

    /// The `Name` DER.
    pub fn build(&self) -> Vec<u8> {
        let mut out = Vec::new();
        encode::tlv(&mut out, tag::SEQUENCE, &self.rdns);
        out
    }
}

/// A GeneralName to put in subjectAltName or name constraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneralNameSpec<'a> {
    /// dNSName.
    Dns(&'a str),
    /// iPAddress (4 or 16 bytes; 8 or 32 with a mask in constraints).
    Ip(&'a [u8]),
    /// rfc822Name.
    Email(&'a str),
    /// uniformResourceIdentifier.
    Uri(&'a str),
    /// directoryName (a `Name` DER).
    Directory(&'a [u8]),
    /// otherName: the type and the DER of its value (wrapped in `[0]`).
    OtherName {
        /// The type.
        type_id: &'a [u8],
        /// The value's DER.
        value: &'a [u8],
    },
}

fn general_name(out: &mut Vec<u8>, name: &GeneralNameSpec<'_>) {
    match name {
        GeneralNameSpec::Dns(s) => encode::tlv(out, 0x82, s.as_bytes()),
        GeneralNameSpec::Ip(ip) => encode::tlv(out, 0x87, ip),
        GeneralNameSpec::Email(s) => encode::tlv(out, 0x81, s.as_bytes()),
        GeneralNameSpec::Uri(s) => encode::tlv(out, 0x86, s.as_bytes()),
        GeneralNameSpec::Directory(name) => encode::tlv(out, 0xa4, name),
        GeneralNameSpec::OtherName { type_id, value } => encode::nested(out, 0xa0, |out| {
            encode::oid(out, type_id);
            encode::tlv(out, 0xa0, value);
        }),
    }
}

/// The value of id-on-hardwareModuleName (RFC 4108 §5): `SEQUENCE {
/// hwType OID, hwSerialNum OCTET STRING }`, for an IEEE 802.1AR DevID's
/// subjectAltName otherName.
pub fn hardware_module_name(hw_type: &[u8], serial: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encode::sequence(&mut out, |out| {
        encode::oid(out, hw_type);
        encode::octet_string(out, serial);
    });
    out
}

/// Extensions being assembled (shared by certificates and CSRs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtensionsBuilder {
    encoded: Vec<u8>,
}

impl ExtensionsBuilder {
    /// Appends an extension with its value's DER.
    pub fn raw(&mut self, oid: &[u8], critical: bool, value: &[u8]) -> &mut Self {
        encode::sequence(&mut self.encoded, |out| {
            encode::oid(out, oid);
            if critical {
                encode::boolean(out, true);
            }
            encode::octet_string(out, value);
        });
        self
    }

    /// basicConstraints, critical (RFC 5280 §4.2.1.9).
    pub fn basic_constraints(&mut self, ca: bool, path_len: Option<u8>) -> &mut Self {
        let mut value = Vec::new();
        encode::sequence(&mut value, |out| {
            if ca {
                encode::boolean(out, true);
            }
            if let Some(n) = path_len {
                encode::small_integer(out, u64::from(n));
            }
        });
        self.raw(ext::BASIC_CONSTRAINTS, true, &value)
    }

    /// keyUsage, critical.
    pub fn key_usage(&mut self, usage: KeyUsage) -> &mut Self {
        let mut value = Vec::new();
        encode::named_bits(&mut value, usage.0);
        self.raw(ext::KEY_USAGE, true, &value)
    }

    /// extKeyUsage, non-critical.
    pub fn ext_key_usage(&mut self, purposes: &[&[u8]]) -> &mut Self {
        let mut value = Vec::new();
        encode::sequence(&mut value, |out| {
            for p in purposes {
                encode::oid(out, p);
            }
        });
        self.raw(ext::EXT_KEY_USAGE, false, &value)
    }

    /// subjectAltName (critical when the subject is empty, §4.2.1.6).
    pub fn subject_alt_name(&mut self, names: &[GeneralNameSpec<'_>], critical: bool) -> &mut Self {
        let mut value = Vec::new();
        encode::sequence(&mut value, |out| {
            for n in names {
                general_name(out, n);
            }
        });
        self.raw(ext::SUBJECT_ALT_NAME, critical, &value)
    }

    /// subjectKeyIdentifier.
    pub fn subject_key_id(&mut self, id: &[u8]) -> &mut Self {
        let mut value = Vec::new();
        encode::octet_string(&mut value, id);
        self.raw(ext::SUBJECT_KEY_IDENTIFIER, false, &value)
    }

    /// authorityKeyIdentifier with keyIdentifier only.
    pub fn authority_key_id(&mut self, id: &[u8]) -> &mut Self {
        let mut value = Vec::new();
        encode::sequence(&mut value, |out| encode::tlv(out, 0x80, id));
        self.raw(ext::AUTHORITY_KEY_IDENTIFIER, false, &value)
    }

    /// nameConstraints, critical.
    pub fn name_constraints(
        &mut self,
        permitted: &[GeneralNameSpec<'_>],
        excluded: &[GeneralNameSpec<'_>],
    ) -> &mut Self {
        let mut value = Vec::new();
        encode::sequence(&mut value, |out| {
            for (tag, list) in [(0xa0, permitted), (0xa1, excluded)] {
                if !list.is_empty() {
                    encode::nested(out, tag, |out| {
                        for n in list {
                            encode::sequence(out, |out| general_name(out, n));
                        }
                    });
                }
            }
        });
        self.raw(ext::NAME_CONSTRAINTS, true, &value)
    }

    /// cRLDistributionPoints with one URI.
    pub fn crl_distribution_point(&mut self, uri: &str) -> &mut Self {
        let mut value = Vec::new();
        encode::sequence(&mut value, |out| {
            encode::sequence(out, |out| {
                // distributionPoint [0] { fullName [0] GeneralNames }
                encode::nested(out, 0xa0, |out| {
                    encode::nested(out, 0xa0, |out| encode::tlv(out, 0x86, uri.as_bytes()));
                });
            });
        });
        self.raw(ext::CRL_DISTRIBUTION_POINTS, false, &value)
    }

    /// True when none were added.
    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }

    /// The `Extensions` DER (a SEQUENCE).
    pub fn build(&self) -> Vec<u8> {
        let mut out = Vec::new();
        encode::tlv(&mut out, tag::SEQUENCE, &self.encoded);
        out
    }
}

/// A v3 certificate to issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateBuilder {
    /// The serial number (big-endian magnitude; at most 20 octets once
    /// encoded, positive).
    pub serial: Vec<u8>,
    /// The issuer `Name` DER (the subject for a self-signed certificate).
    pub issuer: Vec<u8>,
    /// The subject `Name` DER.
    pub subject: Vec<u8>,
    /// notBefore.
    pub not_before: UnixTime,
    /// notAfter.
    pub not_after: UnixTime,
    /// The subject's SubjectPublicKeyInfo DER.
    pub public_key: Vec<u8>,
    /// The extensions.
    pub extensions: ExtensionsBuilder,
}

impl CertificateBuilder {
    /// Signs the certificate with the issuer's key.
    ///
    /// # Errors
    /// A serial number that is zero or over 20 octets, or a signing
    /// failure.
    pub fn sign<C: CryptoProvider + ?Sized>(
        &self,
        crypto: &C,
        issuer_key: &KeyPair,
    ) -> Result<Vec<u8>, BuildError> {
        let mut serial = Vec::new();
        encode::unsigned_integer(&mut serial, &self.serial);
        // Tag and length are two octets; the content is the serial number.
        if serial.len() > 22 || self.serial.iter().all(|b| *b == 0) {
            return Err(BuildError::InvalidInput(
                "serial number must be positive and at most 20 octets",
            ));
        }
        let mut tbs = Vec::new();
        encode::sequence(&mut tbs, |out| {
            encode::nested(out, 0xa0, |out| encode::small_integer(out, 2));
            out.extend_from_slice(&serial);
            out.extend_from_slice(&signature_algorithm(issuer_key.alg));
            out.extend_from_slice(&self.issuer);
            encode::sequence(out, |out| {
                encode::time(out, self.not_before);
                encode::time(out, self.not_after);
            });
            out.extend_from_slice(&self.subject);
            out.extend_from_slice(&self.public_key);
            if !self.extensions.is_empty() {
                encode::nested(out, 0xa3, |out| {
                    out.extend_from_slice(&self.extensions.build())
                });
            }
        });
        sign_structure(crypto, issuer_key, &tbs)
    }
}

/// A PKCS #10 request to sign with the subject's own key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsrBuilder {
    /// The requested subject `Name` DER.
    pub subject: Vec<u8>,
    /// Extensions to request (extensionRequest).
    pub extensions: ExtensionsBuilder,
}

impl CsrBuilder {
    /// Signs the request with `key` (whose public half it carries).
    ///
    /// # Errors
    /// A signing failure.
    pub fn sign<C: CryptoProvider + ?Sized>(
        &self,
        crypto: &C,
        key: &KeyPair,
    ) -> Result<Vec<u8>, BuildError> {
        let mut info = Vec::new();
        encode::sequence(&mut info, |out| {
            encode::small_integer(out, 0);
            out.extend_from_slice(&self.subject);
            out.extend_from_slice(&key.spki());
            encode::nested(out, 0xa0, |out| {
                if !self.extensions.is_empty() {
                    encode::sequence(out, |out| {
                        encode::oid(out, crate::csr::EXTENSION_REQUEST);
                        encode::nested(out, tag::SET, |out| {
                            out.extend_from_slice(&self.extensions.build());
                        });
                    });
                }
            });
        });
        sign_structure(crypto, key, &info)
    }
}

/// A revoked certificate to list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevokedEntry {
    /// Its serial number (big-endian magnitude).
    pub serial: Vec<u8>,
    /// When it was revoked.
    pub date: UnixTime,
    /// The CRLReason code (RFC 5280 §5.3.1), if given.
    pub reason: Option<u8>,
}

/// A v2 CRL to issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrlBuilder {
    /// The issuer `Name` DER.
    pub issuer: Vec<u8>,
    /// thisUpdate.
    pub this_update: UnixTime,
    /// nextUpdate (RFC 5280 §5.1.2.5: conforming issuers include it).
    pub next_update: Option<UnixTime>,
    /// cRLNumber (monotonic).
    pub number: u64,
    /// The issuer's key identifier for authorityKeyIdentifier.
    pub authority_key_id: Option<Vec<u8>>,
    /// The revoked certificates.
    pub revoked: Vec<RevokedEntry>,
}

impl CrlBuilder {
    /// Signs the CRL with the issuer's key.
    ///
    /// # Errors
    /// A signing failure.
    pub fn sign<C: CryptoProvider + ?Sized>(
        &self,
        crypto: &C,
        issuer_key: &KeyPair,
    ) -> Result<Vec<u8>, BuildError> {
        let mut tbs = Vec::new();
        encode::sequence(&mut tbs, |out| {
            encode::small_integer(out, 1);
            out.extend_from_slice(&signature_algorithm(issuer_key.alg));
            out.extend_from_slice(&self.issuer);
            encode::time(out, self.this_update);
            if let Some(next) = self.next_update {
                encode::time(out, next);
            }
            if !self.revoked.is_empty() {
                encode::sequence(out, |out| {
                    for entry in &self.revoked {
                        encode::sequence(out, |out| {
                            encode::unsigned_integer(out, &entry.serial);
                            encode::time(out, entry.date);
                            if let Some(reason) = entry.reason {
                                let mut extensions = ExtensionsBuilder::default();
                                let mut value = Vec::new();
                                encode::tlv(&mut value, tag::ENUMERATED, &[reason]);
                                extensions.raw(ext::REASON_CODE, false, &value);
                                out.extend_from_slice(&extensions.build());
                            }
                        });
                    }
                });
            }
            let mut extensions = ExtensionsBuilder::default();
            if let Some(id) = &self.authority_key_id {
                extensions.authority_key_id(id);
            }
            let mut number = Vec::new();
            encode::small_integer(&mut number, self.number);
            extensions.raw(ext::CRL_NUMBER, false, &number);
            encode::nested(out, 0xa0, |out| out.extend_from_slice(&extensions.build()));
        });
        sign_structure(crypto, issuer_key, &tbs)
    }
}
