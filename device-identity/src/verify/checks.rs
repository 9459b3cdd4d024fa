//! The checks on one certificate that do not depend on the rest of the
//! path: validity, the profile's rules for end entities and CAs, the
//! purpose and the expected name.

use crate::algorithm::KeyAlgorithm;
use crate::certificate::Certificate;
use crate::extension::{KeyUsage, name_tag};
use crate::oid::{ext, kp};
use crate::verify::names::{self, ExpectedName};
use crate::verify::{Policy, Profile, ProfileRule, Usage, VerifyError};

const fn profile(rule: ProfileRule, depth: usize) -> VerifyError {
    VerifyError::Profile { rule, depth }
}

/// RFC 5280 §6.1.3 (a)(2).
fn validity(cert: &Certificate<'_>, depth: usize, policy: &Policy<'_>) -> Result<(), VerifyError> {
    if policy.time < cert.not_before {
        Err(VerifyError::NotYetValid { depth })
    } else if policy.time > cert.not_after {
        Err(VerifyError::Expired { depth })
    } else {
        Ok(())
    }
}

/// Rules for every certificate on the path.
fn common(
    cert: &Certificate<'_>,
    depth: usize,
    is_anchor: bool,
    policy: &Policy<'_>,
) -> Result<(), VerifyError> {
    validity(cert, depth, policy)?;
    if cert.unhandled_critical.is_some() {
        return Err(profile(ProfileRule::UnhandledCriticalExtension, depth));
    }
    if cert.issuer.is_empty() {
        return Err(profile(ProfileRule::EmptyIssuer, depth));
    }
    // Old roots in real trust stores carry serial 0; anchors are trusted
    // as given.
    if !is_anchor && (cert.serial.is_negative() || cert.serial.is_zero()) {
        return Err(profile(ProfileRule::NonPositiveSerial, depth));
    }
    match cert.authority_key_id {
        // A trust anchor is trusted as given: who issued it does not matter.
        None if !cert.is_self_issued() && !is_anchor => {
            return Err(profile(ProfileRule::MissingAuthorityKeyId, depth));
        }
        None => {}
        Some(aki) => {
            if cert.is_critical(ext::AUTHORITY_KEY_IDENTIFIER) == Some(true) {
                return Err(profile(ProfileRule::CriticalAuthorityKeyId, depth));
            }
            if policy.profile == Profile::WebPki {
                if aki.key_id.is_none() || aki.issuer.is_some() {
                    return Err(profile(ProfileRule::AuthorityKeyIdForm, depth));
                }
                if cert.is_self_issued()
                    && cert.subject_key_id.is_some()
                    && aki.key_id != cert.subject_key_id
                {
                    return Err(profile(ProfileRule::AuthorityKeyIdMismatch, depth));
                }
            }
        }
    }
    if cert.is_critical(ext::SUBJECT_KEY_IDENTIFIER) == Some(true) {
        return Err(profile(ProfileRule::CriticalSubjectKeyId, depth));
    }
    if cert
        .key_usage
        .is_some_and(|ku| ku.contains(KeyUsage::KEY_CERT_SIGN))
        && !cert.is_ca()
    {
        return Err(profile(ProfileRule::KeyCertSignWithoutCa, depth));
    }
    if policy.profile == Profile::WebPki && !web_pki_key(cert) {
        return Err(profile(ProfileRule::ForbiddenKey, depth));
    }
    Ok(())
}

/// CABF 6.1.5 and 6.1.1.3: RSA of at least 2048 bits in whole bytes, or
/// ECDSA on P-256, P-384 or P-521.
fn web_pki_key(cert: &Certificate<'_>) -> bool {
    match cert.public_key.algorithm {
        KeyAlgorithm::EcP256 | KeyAlgorithm::EcP384 | KeyAlgorithm::EcP521 => true,
        KeyAlgorithm::Rsa => cert
            .public_key
            .bits()
            .is_some_and(|bits| bits >= 2048 && bits % 8 == 0),
        _ => false,
    }
}

/// Whether an extendedKeyUsage allows `usage` (absent allows all; anyExtendedKeyUsage
/// only where `any_allowed`).
fn eku_allows(cert: &Certificate<'_>, usage: Usage<'_>, any_allowed: bool) -> bool {
    let Some(eku) = cert.ext_key_usage else {
        return true;
    };
    let purpose = match usage {
        Usage::Any => return true,
        Usage::ServerAuth => kp::SERVER_AUTH,
        Usage::ClientAuth => kp::CLIENT_AUTH,
        Usage::Custom(oid) => oid,
    };
    eku.contains(purpose) || (any_allowed && eku.contains(kp::ANY))
}

/// The end entity's own rules, purpose and name.
pub(crate) fn end_entity(cert: &Certificate<'_>, policy: &Policy<'_>) -> Result<(), VerifyError> {
    common(cert, 0, false, policy)?;
    if cert.name_constraints.is_some() {
        return Err(profile(ProfileRule::NameConstraintsInEndEntity, 0));
    }
    let web = policy.profile == Profile::WebPki;
    if web
        && (cert.is_ca()
            || cert
                .key_usage
                .is_some_and(|ku| ku.contains(KeyUsage::KEY_CERT_SIGN)))
    {
        return Err(profile(ProfileRule::EndEntityIsCa, 0));
    }
    let san_critical = cert.is_critical(ext::SUBJECT_ALT_NAME) == Some(true);
    if cert.subject.is_empty() && !san_critical {
        return Err(profile(ProfileRule::EmptySubjectWithoutCriticalSan, 0));
    }
    if web && !cert.subject.is_empty() && san_critical {
        return Err(profile(ProfileRule::SubjectAltName, 0));
    }
    if let Some(san) = cert.subject_alt_name {
        let dns_names = san.elements().filter(|e| e.tag == name_tag::DNS);
        for dns in dns_names {
            if !names::is_valid_dns_name_bytes(dns.content, true) {
                return Err(profile(ProfileRule::InvalidDnsName, 0));
            }
        }
    }
    if !eku_allows(cert, policy.usage, !web) {
        return Err(profile(ProfileRule::ExtendedKeyUsage, 0));
    }
    // CABF 7.1.2.7.10: a subscriber certificate has a non-critical EKU
    // without anyExtendedKeyUsage.
    if web
        && (cert.is_critical(ext::EXT_KEY_USAGE) != Some(false)
            || cert.ext_key_usage.is_some_and(|eku| eku.contains(kp::ANY)))
    {
        return Err(profile(ProfileRule::ExtendedKeyUsage, 0));
    }
    if web && !common_names_in_san(cert) {
        return Err(profile(ProfileRule::CommonNameNotInSan, 0));
    }
    if cert
        .key_usage
        .is_some_and(|ku| !ku.contains(policy.key_usage))
    {
        return Err(profile(ProfileRule::KeyUsage, 0));
    }
    if let Some(expected) = &policy.name {
        if let ExpectedName::Dns(dns) = expected {
            if !names::is_valid_dns_name(dns, false) {
                return Err(VerifyError::InvalidExpectedName);
            }
        }
        if !names::matches_expected(cert, expected) {
            return Err(VerifyError::NameMismatch);
        }
    }
    Ok(())
}

/// A CA's rules (intermediates and trust anchors).
pub(crate) fn ca(
    cert: &Certificate<'_>,
    depth: usize,
    is_anchor: bool,
    policy: &Policy<'_>,
) -> Result<(), VerifyError> {
    common(cert, depth, is_anchor, policy)?;
    if !cert.is_ca() {
        return Err(profile(ProfileRule::NotCa, depth));
    }
    if cert.is_critical(ext::BASIC_CONSTRAINTS) != Some(true) {
        return Err(profile(ProfileRule::NonCriticalBasicConstraints, depth));
    }
    if cert
        .key_usage
        .is_some_and(|ku| !ku.contains(KeyUsage::KEY_CERT_SIGN))
    {
        return Err(profile(ProfileRule::CaWithoutKeyCertSign, depth));
    }
    if cert.subject_key_id.is_none() {
        return Err(profile(ProfileRule::MissingSubjectKeyId, depth));
    }
    if cert.subject.is_empty() {
        return Err(profile(ProfileRule::EmptyCaSubject, depth));
    }
    if policy.profile == Profile::Rfc5280 && cert.is_critical(ext::NAME_CONSTRAINTS) == Some(false)
    {
        return Err(profile(ProfileRule::NonCriticalNameConstraints, depth));
    }
    if !eku_allows(cert, policy.usage, true) {
        return Err(profile(ProfileRule::ExtendedKeyUsage, depth));
    }
    // CABF 7.1.2.1.2: a root certificate has no EKU.
    if is_anchor && policy.profile == Profile::WebPki && cert.ext_key_usage.is_some() {
        return Err(profile(ProfileRule::ExtendedKeyUsage, depth));
    }
    Ok(())
}

/// CABF 7.1.4.3: each commonName is, character for character, one of the
/// subjectAltName's dNSNames or the canonical text of one of its
/// iPAddresses (dotted quad, RFC 5952 for IPv6).
fn common_names_in_san(cert: &Certificate<'_>) -> bool {
    cert.subject.common_names().all(|cn| {
        let Some(text) = cn.as_str() else {
            return false;
        };
        cert.subject_alt_name.is_some_and(|san| {
            san.elements().any(|name| match name.tag {
                name_tag::DNS => name.content == text.as_bytes(),
                name_tag::IP => names::IpAddress::from_bytes(name.content)
                    .is_some_and(|ip| ip.canonical_text_eq(text)),
                _ => false,
            })
        })
    })
}
