//! Matter device attestation certificates (Matter Core Specification
//! §6.2): the DAC, its PAI and the PAA, their format rules per level, the
//! vendor and product identifiers, and chain validation at the DAC's
//! notBefore (§6.2.3.1).

use core::fmt;

use iotm_crypto::CryptoProvider;

use crate::algorithm::{KeyAlgorithm, SignatureAlgorithm};
use crate::certificate::{Certificate, Version};
use crate::extension::KeyUsage;
use crate::oid::ext;
use crate::verify::{Policy, Profile, Usage, VerifyError, verify};

/// The Matter DN attribute for the vendor id (1.3.6.1.4.1.37244.2.1).
pub const VENDOR_ID: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0xa2, 0x7c, 0x02, 0x01];
/// The Matter DN attribute for the product id (1.3.6.1.4.1.37244.2.2).
pub const PRODUCT_ID: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0xa2, 0x7c, 0x02, 0x02];

/// Where a certificate sits in the attestation chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Device Attestation Certificate.
    Dac,
    /// Product Attestation Intermediate.
    Pai,
    /// Product Attestation Authority (the trust anchor).
    Paa,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Dac => "DAC",
            Self::Pai => "PAI",
            Self::Paa => "PAA",
        })
    }
}

/// A rule of Matter §6.2.2 a certificate breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// §6.2.2: the certificate is not X.509 v3.
    NotV3,
    /// §6.2.2: the signature algorithm is not ecdsa-with-SHA256.
    SignatureAlgorithm,
    /// §6.2.2: the public key is not on P-256.
    PublicKey,
    /// §6.2.2.5: basicConstraints is missing or not critical.
    BasicConstraintsMissing,
    /// §6.2.2.5: cA and pathLen are not those of the level (DAC: not a CA,
    /// no pathLen; PAI: CA, pathLen 0; PAA: CA, pathLen absent or 1).
    BasicConstraintsLevel,
    /// §6.2.2.5: keyUsage is missing or not critical.
    KeyUsageMissing,
    /// §6.2.2.5: keyUsage bits are not those of the level (DAC:
    /// digitalSignature only; PAI and PAA: keyCertSign and cRLSign, and
    /// at most digitalSignature besides).
    KeyUsageLevel,
    /// §6.2.2.5: subjectKeyIdentifier is missing, critical, or not 20
    /// octets.
    SubjectKeyId,
    /// §6.2.2.5: authorityKeyIdentifier (required in DAC and PAI) is
    /// missing, critical, or its keyIdentifier is not 20 octets.
    AuthorityKeyId,
    /// §6.2.2.2: the vendor id is missing (DAC, PAI).
    VendorIdMissing,
    /// §6.2.2.2: the product id is missing (DAC).
    ProductIdMissing,
    /// §6.2.2.2: a product id in a PAA.
    ProductIdInPaa,
    /// §6.2.2.2: a vendor or product id that is not four uppercase hex
    /// digits, or given twice, or both as attributes and in the CN.
    IdEncoding,
    /// §6.2.3.1: the DAC's vendor id differs from the PAI's, or the PAI's
    /// from the PAA's.
    VendorIdMismatch,
    /// §6.2.3.1: the DAC's product id differs from the PAI's.
    ProductIdMismatch,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotV3 => "Matter §6.2.2: not an X.509 v3 certificate",
            Self::SignatureAlgorithm => "Matter §6.2.2: signature algorithm not ecdsa-with-SHA256",
            Self::PublicKey => "Matter §6.2.2: public key not on P-256",
            Self::BasicConstraintsMissing => {
                "Matter §6.2.2.5: basicConstraints missing or not critical"
            }
            Self::BasicConstraintsLevel => {
                "Matter §6.2.2.5: basicConstraints cA/pathLen wrong for the level"
            }
            Self::KeyUsageMissing => "Matter §6.2.2.5: keyUsage missing or not critical",
            Self::KeyUsageLevel => "Matter §6.2.2.5: keyUsage bits wrong for the level",
            Self::SubjectKeyId => {
                "Matter §6.2.2.5: subjectKeyIdentifier missing, critical or not 20 octets"
            }
            Self::AuthorityKeyId => {
                "Matter §6.2.2.5: authorityKeyIdentifier missing, critical or not 20 octets"
            }
            Self::VendorIdMissing => "Matter §6.2.2.2: vendor id missing",
            Self::ProductIdMissing => "Matter §6.2.2.2: product id missing",
            Self::ProductIdInPaa => "Matter §6.2.2.2: product id in a PAA",
            Self::IdEncoding => "Matter §6.2.2.2: vendor/product id not four uppercase hex digits",
            Self::VendorIdMismatch => "Matter §6.2.3.1: vendor ids differ along the chain",
            Self::ProductIdMismatch => "Matter §6.2.3.1: product ids of DAC and PAI differ",
        })
    }
}

/// A Matter profile failure: the rule and the level, or the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Error {
    /// A certificate breaks a format rule.
    Format {
        /// The certificate's level.
        level: Level,
        /// The rule.
        rule: Rule,
    },
    /// The chain does not validate (RFC 5280 at the DAC's notBefore).
    Path(VerifyError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Format { level, rule } => write!(f, "{level}: {rule}"),
            Self::Path(e) => write!(f, "attestation chain: {e}"),
        }
    }
}

impl core::error::Error for Error {}

/// The vendor and product ids a certificate carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ids {
    /// The vendor id.
    pub vendor: Option<u16>,
    /// The product id.
    pub product: Option<u16>,
}

/// Four uppercase hexadecimal digits.
fn parse_id(text: &[u8]) -> Option<u16> {
    let [a, b, c, d] = text else {
        return None;
    };
    [a, b, c, d].iter().try_fold(0u16, |v, &&ch| {
        let digit = match ch {
            b'0'..=b'9' => ch - b'0',
            b'A'..=b'F' => ch - b'A' + 10,
            _ => return None,
        };
        Some(v << 4 | u16::from(digit))
    })
}

/// The ids of `cert`'s subject: the Matter attributes, or the legacy
/// `Mvid:XXXX` / `Mpid:XXXX` forms in the commonName (§6.2.2.2).
///
/// # Errors
/// [`Rule::IdEncoding`] for a malformed or repeated id.
pub fn ids(cert: &Certificate<'_>) -> Result<Ids, Rule> {
    let mut ids = Ids::default();
    let mut from_attributes = false;
    for attribute in cert.subject.attributes() {
        let slot = if attribute.oid == VENDOR_ID {
            &mut ids.vendor
        } else if attribute.oid == PRODUCT_ID {
            &mut ids.product
        } else {
            continue;
        };
        if slot.is_some() || attribute.value_tag != crate::der::tag::UTF8_STRING {
            return Err(Rule::IdEncoding);
        }
        *slot = Some(parse_id(attribute.value).ok_or(Rule::IdEncoding)?);
        from_attributes = true;
    }
    for cn in cert.subject.common_names() {
        for (prefix, slot) in [
            (&b"Mvid:"[..], &mut ids.vendor),
            (b"Mpid:", &mut ids.product),
        ] {
            let Some(at) = cn.value.windows(prefix.len()).position(|w| w == prefix) else {
                continue;
            };
            if from_attributes || slot.is_some() {
                return Err(Rule::IdEncoding);
            }
            let digits = cn.value.get(at + prefix.len()..at + prefix.len() + 4);
            *slot = Some(digits.and_then(parse_id).ok_or(Rule::IdEncoding)?);
        }
    }
    Ok(ids)
}

/// Checks one certificate's format for its level (§6.2.2) and returns
/// its ids.
///
/// # Errors
/// The first rule broken.
pub fn check_certificate(cert: &Certificate<'_>, level: Level) -> Result<Ids, Error> {
    let fail = |rule| Error::Format { level, rule };
    if cert.version != Version::V3 {
        return Err(fail(Rule::NotV3));
    }
    if cert.signature_algorithm.algorithm != SignatureAlgorithm::EcdsaSha256 {
        return Err(fail(Rule::SignatureAlgorithm));
    }
    if cert.public_key.algorithm != KeyAlgorithm::EcP256
        || cert.public_key.key.first() != Some(&0x04)
    {
        return Err(fail(Rule::PublicKey));
    }
    let (Some(bc), true) = (
        cert.basic_constraints,
        cert.is_critical(ext::BASIC_CONSTRAINTS) == Some(true),
    ) else {
        return Err(fail(Rule::BasicConstraintsMissing));
    };
    let bc_ok = match level {
        Level::Dac => !bc.ca && bc.path_len.is_none(),
        Level::Pai => bc.ca && bc.path_len == Some(0),
        Level::Paa => bc.ca && matches!(bc.path_len, None | Some(1)),
    };
    if !bc_ok {
        return Err(fail(Rule::BasicConstraintsLevel));
    }
    let (Some(ku), true) = (
        cert.key_usage,
        cert.is_critical(ext::KEY_USAGE) == Some(true),
    ) else {
        return Err(fail(Rule::KeyUsageMissing));
    };
    let ca_bits = KeyUsage(KeyUsage::KEY_CERT_SIGN.0 | KeyUsage::CRL_SIGN.0);
    let ku_ok = match level {
        Level::Dac => ku == KeyUsage::DIGITAL_SIGNATURE,
        Level::Pai | Level::Paa => {
            ku.contains(ca_bits) && ku.0 & !(ca_bits.0 | KeyUsage::DIGITAL_SIGNATURE.0) == 0
        }
    };
    if !ku_ok {
        return Err(fail(Rule::KeyUsageLevel));
    }
    let ski_ok = cert.subject_key_id.is_some_and(|id| id.len() == 20)
        && cert.is_critical(ext::SUBJECT_KEY_IDENTIFIER) == Some(false);
    if !ski_ok {
        return Err(fail(Rule::SubjectKeyId));
    }
    let aki_required = level != Level::Paa;
    let aki_ok = match cert.authority_key_id {
        None => !aki_required,
        Some(aki) => {
            aki.key_id.is_some_and(|id| id.len() == 20)
                && cert.is_critical(ext::AUTHORITY_KEY_IDENTIFIER) == Some(false)
        }
    };
    if !aki_ok {
        return Err(fail(Rule::AuthorityKeyId));
    }
    let ids = ids(cert).map_err(fail)?;
    match level {
        Level::Dac if ids.vendor.is_none() => Err(fail(Rule::VendorIdMissing)),
        Level::Dac if ids.product.is_none() => Err(fail(Rule::ProductIdMissing)),
        Level::Pai if ids.vendor.is_none() => Err(fail(Rule::VendorIdMissing)),
        Level::Paa if ids.product.is_some() => Err(fail(Rule::ProductIdInPaa)),
        _ => Ok(ids),
    }
}

/// Validates a device attestation chain: the DAC, its PAI, and one of the
/// trusted PAAs; every format rule, the ids along the chain, and the path
/// (signatures, validity at the DAC's notBefore, constraints).
///
/// # Errors
/// The first format rule broken, or why the path does not validate.
pub fn verify_attestation<C: CryptoProvider + ?Sized>(
    crypto: &C,
    dac: &Certificate<'_>,
    pai: &Certificate<'_>,
    paas: &[Certificate<'_>],
) -> Result<Ids, Error> {
    let dac_ids = check_certificate(dac, Level::Dac)?;
    let pai_ids = check_certificate(pai, Level::Pai)?;
    if dac_ids.vendor != pai_ids.vendor {
        return Err(Error::Format {
            level: Level::Dac,
            rule: Rule::VendorIdMismatch,
        });
    }
    if pai_ids.product.is_some() && dac_ids.product != pai_ids.product {
        return Err(Error::Format {
            level: Level::Dac,
            rule: Rule::ProductIdMismatch,
        });
    }
    let mut policy = Policy::new(dac.not_before);
    policy.profile = Profile::Rfc5280;
    policy.usage = Usage::Any;
    policy.max_intermediates = 1;
    let pool = core::slice::from_ref(pai);
    let path = verify(crypto, dac, pool, paas, &policy).map_err(Error::Path)?;
    let paa = path
        .anchor()
        .ok_or(Error::Path(VerifyError::UnknownIssuer))?;
    let paa_ids = check_certificate(paa, Level::Paa)?;
    if paa_ids.vendor.is_some() && paa_ids.vendor != pai_ids.vendor {
        return Err(Error::Format {
            level: Level::Pai,
            rule: Rule::VendorIdMismatch,
        });
    }
    if path.len() != 3 {
        return Err(Error::Path(VerifyError::UnknownIssuer));
    }
    Ok(dac_ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matter_6_2_2_2_ids_are_four_uppercase_hex_digits() {
        assert_eq!(parse_id(b"FFF1"), Some(0xfff1));
        assert_eq!(parse_id(b"fff1"), None);
        assert_eq!(parse_id(b"FFF"), None);
        assert_eq!(parse_id(b"FFF12"), None);
    }
}
