//! IEEE 802.1AR-2018 device identifiers: the IDevID a manufacturer
//! installs and the LDevIDs an operator adds (§8), with the
//! hardwareModuleName otherName of RFC 4108 §5.

use core::fmt;

use crate::algorithm::{KeyAlgorithm, SignatureAlgorithm};
use crate::certificate::{Certificate, Version};
use crate::der::{Der, tag};
use crate::extension::{GeneralName, KeyUsage};
use crate::oid::{Oid, at};
use crate::time::NO_EXPIRATION;

/// id-on-hardwareModuleName (1.3.6.1.5.5.7.8.4, RFC 4108 §5).
pub const HARDWARE_MODULE_NAME: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x04];

/// Which kind of DevID a certificate is checked as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Initial DevID: installed by the manufacturer for the device's life.
    IDevId,
    /// Locally significant DevID: issued by the operator.
    LDevId,
}

/// A rule of IEEE 802.1AR (or RFC 4108) a DevID certificate breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// §8.1: not an X.509 v3 certificate.
    NotV3,
    /// §8.2: the serial number is not positive.
    SerialNumber,
    /// §8.3 and §9: the signature and key are not one of the suites
    /// (RSA-2048/SHA-256, ECDSA P-256/SHA-256, ECDSA P-384/SHA-384).
    Algorithm,
    /// §8.6: the subject is empty.
    EmptySubject,
    /// §8.6: an IDevID subject without the serialNumber attribute.
    SubjectSerialNumberMissing,
    /// §8.5: an IDevID with a notAfter other than 99991231235959Z (no
    /// well-defined expiration).
    NotAfter,
    /// §8.10.2: authorityKeyIdentifier is missing.
    AuthorityKeyIdMissing,
    /// §8.10.4: an IDevID without a hardwareModuleName in subjectAltName.
    HardwareModuleNameMissing,
    /// RFC 4108 §5: a hardwareModuleName that is not `SEQUENCE { hwType
    /// OID, hwSerialNum OCTET STRING }`.
    HardwareModuleNameMalformed,
    /// §8.10.6: keyUsage present without digitalSignature, or with
    /// keyCertSign.
    KeyUsage,
    /// §8.10: a DevID is an end-entity certificate, not a CA.
    IsCa,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotV3 => "IEEE 802.1AR §8.1: not an X.509 v3 certificate",
            Self::SerialNumber => "IEEE 802.1AR §8.2: serial number not positive",
            Self::Algorithm => "IEEE 802.1AR §9: signature suite not RSA-2048, P-256 or P-384",
            Self::EmptySubject => "IEEE 802.1AR §8.6: empty subject",
            Self::SubjectSerialNumberMissing => {
                "IEEE 802.1AR §8.6: IDevID subject without serialNumber"
            }
            Self::NotAfter => "IEEE 802.1AR §8.5: IDevID notAfter not 99991231235959Z",
            Self::AuthorityKeyIdMissing => "IEEE 802.1AR §8.10.2: authorityKeyIdentifier missing",
            Self::HardwareModuleNameMissing => {
                "IEEE 802.1AR §8.10.4: IDevID without hardwareModuleName"
            }
            Self::HardwareModuleNameMalformed => "RFC 4108 §5: malformed hardwareModuleName",
            Self::KeyUsage => "IEEE 802.1AR §8.10.6: keyUsage must allow digitalSignature only",
            Self::IsCa => "IEEE 802.1AR §8.10: a DevID is not a CA certificate",
        })
    }
}

impl core::error::Error for Rule {}

/// A hardwareModuleName: the hardware type and the module's serial.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HardwareModuleName<'a> {
    /// `hwType`.
    pub hw_type: Oid<'a>,
    /// `hwSerialNum`.
    pub serial: &'a [u8],
}

fn hardware_module_name<'a>(value: &'a [u8]) -> Option<HardwareModuleName<'a>> {
    // The otherName value is `[0] EXPLICIT`.
    let mut outer = Der::new(value);
    let mut explicit = outer.element(tag::context_constructed(0)).ok()?.reader();
    outer.finish().ok()?;
    let mut seq = explicit.sequence().ok()?;
    explicit.finish().ok()?;
    let hw_type = seq.oid().ok()?;
    let serial = seq.octet_string().ok()?.content;
    seq.finish().ok()?;
    Some(HardwareModuleName { hw_type, serial })
}

/// Checks `cert` as a DevID of `kind`; returns its hardwareModuleName if
/// it has one.
///
/// # Errors
/// The first rule broken.
pub fn check<'a>(
    cert: &Certificate<'a>,
    kind: Kind,
) -> Result<Option<HardwareModuleName<'a>>, Rule> {
    if cert.version != Version::V3 {
        return Err(Rule::NotV3);
    }
    if cert.serial.is_negative() || cert.serial.is_zero() {
        return Err(Rule::SerialNumber);
    }
    let suite_ok = match (
        cert.signature_algorithm.algorithm,
        cert.public_key.algorithm,
    ) {
        (SignatureAlgorithm::EcdsaSha256, KeyAlgorithm::EcP256)
        | (SignatureAlgorithm::EcdsaSha384, KeyAlgorithm::EcP384) => true,
        (SignatureAlgorithm::RsaPkcs1Sha256, KeyAlgorithm::Rsa) => {
            cert.public_key.bits() == Some(2048)
        }
        _ => false,
    };
    if !suite_ok {
        return Err(Rule::Algorithm);
    }
    if cert.subject.is_empty() {
        return Err(Rule::EmptySubject);
    }
    if cert.is_ca() {
        return Err(Rule::IsCa);
    }
    if cert.authority_key_id.is_none() {
        return Err(Rule::AuthorityKeyIdMissing);
    }
    if cert.key_usage.is_some_and(|ku| {
        !ku.contains(KeyUsage::DIGITAL_SIGNATURE) || ku.contains(KeyUsage::KEY_CERT_SIGN)
    }) {
        return Err(Rule::KeyUsage);
    }
    let mut hmn = None;
    if let Some(san) = cert.subject_alt_name {
        for name in san.iter() {
            if let GeneralName::OtherName { type_id, value } = name {
                if type_id == HARDWARE_MODULE_NAME {
                    hmn =
                        Some(hardware_module_name(value).ok_or(Rule::HardwareModuleNameMalformed)?);
                }
            }
        }
    }
    if kind == Kind::IDevId {
        if cert.subject.find(at::SERIAL_NUMBER).is_none() {
            return Err(Rule::SubjectSerialNumberMissing);
        }
        if cert.not_after != NO_EXPIRATION {
            return Err(Rule::NotAfter);
        }
        if hmn.is_none() {
            return Err(Rule::HardwareModuleNameMissing);
        }
    }
    Ok(hmn)
}
