//! Why a certificate path was rejected.

use core::fmt;

/// A rule of RFC 5280 or of the CA/Browser Forum Baseline Requirements
/// (the Web PKI profile) that a certificate on the path breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProfileRule {
    /// RFC 5280 §4.1.2.4: the issuer name is empty.
    EmptyIssuer,
    /// RFC 5280 §4.1.2.6: a CA's subject name is empty.
    EmptyCaSubject,
    /// RFC 5280 §4.1.2.6 and §4.2.1.6: an empty subject needs a critical
    /// subjectAltName.
    EmptySubjectWithoutCriticalSan,
    /// RFC 5280 §4.1.2.2: the serial number is zero or negative.
    NonPositiveSerial,
    /// RFC 5280 §4.2.1.1: authorityKeyIdentifier is missing (only
    /// self-signed certificates may omit it).
    MissingAuthorityKeyId,
    /// RFC 5280 §4.2.1.1: authorityKeyIdentifier is marked critical.
    CriticalAuthorityKeyId,
    /// CABF 7.1.2.11.1: authorityKeyIdentifier lacks keyIdentifier or has
    /// authorityCertIssuer / authorityCertSerialNumber.
    AuthorityKeyIdForm,
    /// CABF 7.1.2.1.3: a self-signed root's authorityKeyIdentifier does
    /// not equal its subjectKeyIdentifier.
    AuthorityKeyIdMismatch,
    /// RFC 5280 §4.2.1.2: a CA certificate lacks subjectKeyIdentifier.
    MissingSubjectKeyId,
    /// RFC 5280 §4.2.1.2: subjectKeyIdentifier is marked critical.
    CriticalSubjectKeyId,
    /// RFC 5280 §4.2.1.9: a CA certificate lacks basicConstraints with cA.
    NotCa,
    /// RFC 5280 §4.2.1.9: a CA's basicConstraints is not critical.
    NonCriticalBasicConstraints,
    /// RFC 5280 §4.2.1.3: a CA's keyUsage is missing or lacks keyCertSign.
    CaWithoutKeyCertSign,
    /// RFC 5280 §4.2.1.3: keyCertSign is asserted without cA.
    KeyCertSignWithoutCa,
    /// CABF 7.1.2.7.8 and 7.1.2.7.11: an end-entity certificate is a CA.
    EndEntityIsCa,
    /// RFC 5280 §4.2.1.10: nameConstraints in an end-entity certificate.
    NameConstraintsInEndEntity,
    /// RFC 5280 §4.2.1.10: nameConstraints is not critical.
    NonCriticalNameConstraints,
    /// RFC 5280 §4.2.1.6 and CABF 7.1.2.7.12: subjectAltName is missing
    /// where the validation needs a name, or critical with a non-empty
    /// subject.
    SubjectAltName,
    /// RFC 5280 §4.2.1.6: a dNSName is not in the preferred name syntax.
    InvalidDnsName,
    /// CABF 7.1.4.3: a commonName that is not one of the subjectAltName
    /// values.
    CommonNameNotInSan,
    /// RFC 5280 §4.2.1.12: the EKU does not include the purpose.
    ExtendedKeyUsage,
    /// RFC 5280 §4.2.1.3: the keyUsage does not allow the use.
    KeyUsage,
    /// CABF 6.1.5: a key the Web PKI forbids (RSA under 2048 bits or not
    /// a multiple of 8, P-192, DSA, explicit curves).
    ForbiddenKey,
    /// RFC 5280 §4.2: a critical extension this validator does not process.
    UnhandledCriticalExtension,
}

impl fmt::Display for ProfileRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::EmptyIssuer => "RFC 5280 §4.1.2.4: empty issuer name",
            Self::EmptyCaSubject => "RFC 5280 §4.1.2.6: CA with an empty subject",
            Self::EmptySubjectWithoutCriticalSan => {
                "RFC 5280 §4.2.1.6: empty subject without a critical subjectAltName"
            }
            Self::NonPositiveSerial => "RFC 5280 §4.1.2.2: serial number not positive",
            Self::MissingAuthorityKeyId => "RFC 5280 §4.2.1.1: authorityKeyIdentifier missing",
            Self::CriticalAuthorityKeyId => "RFC 5280 §4.2.1.1: authorityKeyIdentifier critical",
            Self::AuthorityKeyIdForm => {
                "CABF 7.1.2.11.1: authorityKeyIdentifier must hold keyIdentifier only"
            }
            Self::AuthorityKeyIdMismatch => {
                "CABF 7.1.2.1.3: root authorityKeyIdentifier differs from its subjectKeyIdentifier"
            }
            Self::MissingSubjectKeyId => "RFC 5280 §4.2.1.2: CA without subjectKeyIdentifier",
            Self::CriticalSubjectKeyId => "RFC 5280 §4.2.1.2: subjectKeyIdentifier critical",
            Self::NotCa => "RFC 5280 §4.2.1.9: issuer is not a CA (basicConstraints cA)",
            Self::NonCriticalBasicConstraints => {
                "RFC 5280 §4.2.1.9: CA basicConstraints not critical"
            }
            Self::CaWithoutKeyCertSign => "RFC 5280 §4.2.1.3: CA keyUsage lacks keyCertSign",
            Self::KeyCertSignWithoutCa => "RFC 5280 §4.2.1.3: keyCertSign without cA",
            Self::EndEntityIsCa => "CABF 7.1.2.7.8: end-entity certificate is a CA",
            Self::NameConstraintsInEndEntity => {
                "RFC 5280 §4.2.1.10: nameConstraints in an end-entity certificate"
            }
            Self::NonCriticalNameConstraints => "RFC 5280 §4.2.1.10: nameConstraints not critical",
            Self::SubjectAltName => "RFC 5280 §4.2.1.6: subjectAltName missing or misused",
            Self::InvalidDnsName => "RFC 5280 §4.2.1.6: dNSName not in preferred name syntax",
            Self::CommonNameNotInSan => {
                "CABF 7.1.4.3: commonName not among the subjectAltName values"
            }
            Self::ExtendedKeyUsage => "RFC 5280 §4.2.1.12: extendedKeyUsage excludes the purpose",
            Self::KeyUsage => "RFC 5280 §4.2.1.3: keyUsage excludes the use",
            Self::ForbiddenKey => "CABF 6.1.5: key type or size not allowed",
            Self::UnhandledCriticalExtension => "RFC 5280 §4.2: unhandled critical extension",
        })
    }
}

/// Why a path could not be validated. When several candidate paths fail,
/// the error of the path that got furthest is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VerifyError {
    /// No path reaches a trust anchor (RFC 5280 §6.1).
    UnknownIssuer,
    /// A certificate is not yet valid at the validation time (depth 0 is
    /// the end entity).
    NotYetValid {
        /// Position on the path.
        depth: usize,
    },
    /// A certificate has expired at the validation time.
    Expired {
        /// Position on the path.
        depth: usize,
    },
    /// A signature does not verify with its issuer's key.
    BadSignature {
        /// Position of the signed certificate.
        depth: usize,
    },
    /// The signature algorithm and key are not a pair the crypto provider
    /// verifies.
    UnsupportedSignatureAlgorithm {
        /// Position of the signed certificate.
        depth: usize,
    },
    /// A certificate breaks a rule of the profile.
    Profile {
        /// The rule.
        rule: ProfileRule,
        /// Position on the path.
        depth: usize,
    },
    /// A CA's pathLenConstraint is exceeded (RFC 5280 §4.2.1.9).
    PathLenExceeded {
        /// Position of the constraining CA.
        depth: usize,
    },
    /// More intermediates than the policy allows.
    MaxDepthExceeded,
    /// A name on the path is outside a CA's name constraints (RFC 5280
    /// §4.2.1.10).
    NameConstraintViolation {
        /// Position of the constraining CA.
        depth: usize,
    },
    /// A name constraint this validator cannot evaluate applies to a name
    /// on the path, or a constraint is malformed.
    UnsupportedNameConstraint {
        /// Position of the constraining CA.
        depth: usize,
    },
    /// The end entity is not valid for the expected name (RFC 6125).
    NameMismatch,
    /// The expected name is not a valid DNS name or IP address.
    InvalidExpectedName,
    /// A certificate on the path is revoked by a CRL (RFC 5280 §6.3).
    Revoked {
        /// Position of the revoked certificate.
        depth: usize,
    },
    /// A CRL for the path is not usable (RFC 5280 §5).
    InvalidCrl(CrlProblem),
    /// Path building exceeded its work budget (signatures, candidates or
    /// name comparisons): a pathological pool.
    BudgetExceeded,
}

/// Why a CRL could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CrlProblem {
    /// RFC 5280 §5.2.3: cRLNumber missing.
    MissingCrlNumber,
    /// RFC 5280 §5.2.3: cRLNumber marked critical.
    CriticalCrlNumber,
    /// RFC 5280 §5.2: a critical extension this validator does not process
    /// (delta CRLs, issuing distribution points).
    UnhandledCriticalExtension,
    /// RFC 5280 §4.2.1.3: the issuer's keyUsage lacks cRLSign.
    IssuerWithoutCrlSign,
    /// The CRL's signature does not verify with the issuer's key.
    BadSignature,
    /// The CRL's thisUpdate is after the validation time.
    NotYetValid,
}

impl fmt::Display for CrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MissingCrlNumber => "RFC 5280 §5.2.3: CRL without cRLNumber",
            Self::CriticalCrlNumber => "RFC 5280 §5.2.3: cRLNumber marked critical",
            Self::UnhandledCriticalExtension => "RFC 5280 §5.2: unhandled critical CRL extension",
            Self::IssuerWithoutCrlSign => "RFC 5280 §4.2.1.3: CRL issuer lacks cRLSign",
            Self::BadSignature => "CRL signature does not verify",
            Self::NotYetValid => "RFC 5280 §5.1.2.4: CRL thisUpdate after the validation time",
        })
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownIssuer => f.write_str("RFC 5280 §6.1: no path to a trust anchor"),
            Self::NotYetValid { depth } => write!(
                f,
                "RFC 5280 §6.1.3(a)(2): certificate at depth {depth} not yet valid"
            ),
            Self::Expired { depth } => write!(
                f,
                "RFC 5280 §6.1.3(a)(2): certificate at depth {depth} expired"
            ),
            Self::BadSignature { depth } => write!(
                f,
                "RFC 5280 §6.1.3(a)(1): signature of the certificate at depth {depth} does not verify"
            ),
            Self::UnsupportedSignatureAlgorithm { depth } => write!(
                f,
                "signature algorithm of the certificate at depth {depth} not supported"
            ),
            Self::Profile { rule, depth } => write!(f, "{rule} (certificate at depth {depth})"),
            Self::PathLenExceeded { depth } => write!(
                f,
                "RFC 5280 §4.2.1.9: pathLenConstraint of the CA at depth {depth} exceeded"
            ),
            Self::MaxDepthExceeded => f.write_str("more intermediates than the policy allows"),
            Self::NameConstraintViolation { depth } => write!(
                f,
                "RFC 5280 §4.2.1.10: name outside the constraints of the CA at depth {depth}"
            ),
            Self::UnsupportedNameConstraint { depth } => write!(
                f,
                "RFC 5280 §4.2.1.10: name constraint of the CA at depth {depth} cannot be evaluated"
            ),
            Self::NameMismatch => {
                f.write_str("RFC 6125 §6: certificate not valid for the expected name")
            }
            Self::InvalidExpectedName => {
                f.write_str("expected name is not a DNS name or IP address")
            }
            Self::Revoked { depth } => {
                write!(f, "RFC 5280 §6.3: certificate at depth {depth} revoked")
            }
            Self::InvalidCrl(problem) => write!(f, "{problem}"),
            Self::BudgetExceeded => f.write_str("path building exceeded its work budget"),
        }
    }
}

impl core::error::Error for VerifyError {}
