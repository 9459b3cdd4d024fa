//! The rules of DER (X.690) and of the certificate, CSR and CRL profiles
//! (RFC 5280, RFC 2986) that input can break, and the crate's error type.
//! Each rule's `Display` names the section it comes from.

use core::fmt;

/// A decoding failure: an [`iotm_wire::ErrorKind`] (incomplete, or
/// malformed with the [`Rule`] broken) and the byte offset in the input.
pub type Error = iotm_wire::Error<Rule>;

/// A rule of DER or of the X.509 profile that the input breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A tag other than the one the structure needs here.
    UnexpectedTag {
        /// The tag the ASN.1 module has at this point.
        expected: u8,
        /// The tag found.
        found: u8,
    },
    /// A tag number of 31 or more (the multi-byte form), which no
    /// structure of these profiles uses.
    HighTagNumber,
    /// The indefinite length form (X.690 §10.1: DER uses definite lengths).
    IndefiniteLength,
    /// A length in more bytes than needed (X.690 §10.1).
    NonMinimalLength,
    /// A length beyond what this crate reads (more than 4 length bytes).
    LengthTooLarge,
    /// An element runs past the end of the element containing it.
    ElementOverrun,
    /// Bytes after the last element of a structure.
    TrailingData,
    /// An INTEGER with no content octets (X.690 §8.3.1).
    EmptyInteger,
    /// An INTEGER with a leading 0x00 or 0xFF that is not needed
    /// (X.690 §8.3.2).
    NonMinimalInteger,
    /// A negative INTEGER where the profile needs a non-negative one.
    NegativeInteger,
    /// An INTEGER too large for the field (a version, a path length).
    IntegerTooLarge,
    /// A BOOLEAN whose content is not one byte of 0x00 or 0xFF (X.690
    /// §11.1).
    InvalidBoolean,
    /// A BIT STRING with more than 7 unused bits, unused bits in an empty
    /// string, or unused bits that are not zero (X.690 §11.2).
    InvalidBitString,
    /// A BIT STRING whose last byte has trailing zero bits in a named-bit
    /// list (X.690 §11.2.2).
    NonMinimalNamedBits,
    /// An OBJECT IDENTIFIER that is empty or has a non-minimal arc
    /// (X.690 §8.19).
    InvalidOid,
    /// A NULL with content.
    InvalidNull,
    /// A time that is not `YYMMDDHHMMSSZ` (UTCTime) or `YYYYMMDDHHMMSSZ`
    /// (GeneralizedTime) with valid fields (RFC 5280 §4.1.2.5).
    InvalidTime,
    /// A GeneralizedTime for a date before 2050 (RFC 5280 §4.1.2.5).
    GeneralizedTimeBefore2050,
    /// A string whose bytes are not valid for its type (PrintableString,
    /// IA5String, UTF8String).
    InvalidString,
    /// A certificate version other than v1, v2 or v3 (RFC 5280 §4.1.2.1).
    UnsupportedVersion,
    /// The version field explicitly encodes the default v1 (X.690 §11.5).
    ExplicitDefaultVersion,
    /// A serial number longer than 20 octets (RFC 5280 §4.1.2.2).
    SerialNumberTooLong,
    /// `signatureAlgorithm` differs from the TBS `signature` field
    /// (RFC 5280 §4.1.1.2).
    SignatureAlgorithmMismatch,
    /// Extensions in a certificate that is not v3 (RFC 5280 §4.1.2.9).
    ExtensionsBeforeV3,
    /// Unique identifiers in a v1 certificate (RFC 5280 §4.1.2.8).
    UniqueIdBeforeV2,
    /// An empty `extensions` SEQUENCE (RFC 5280 §4.1: SIZE (1..MAX)).
    EmptyExtensions,
    /// The same extension twice (RFC 5280 §4.2).
    DuplicateExtension,
    /// A `critical` field that explicitly encodes the default FALSE
    /// (X.690 §11.5).
    ExplicitDefaultCritical,
    /// An extension value that does not decode as its ASN.1 type.
    InvalidExtension,
    /// An empty sequence where the profile needs at least one element
    /// (SubjectAltName, ExtendedKeyUsage, a Name's RDN).
    EmptySequence,
    /// A name that is not a valid DNS name, IP address or e-mail address
    /// for its GeneralName form (RFC 5280 §4.2.1.6).
    InvalidGeneralName,
    /// AlgorithmIdentifier parameters that are not what the algorithm
    /// requires (absent for ECDSA and Ed25519, NULL for RSA PKCS #1).
    InvalidAlgorithmParameters,
    /// A public key that is not well formed for its algorithm.
    InvalidPublicKey,
    /// A CRL version other than v1 or v2 (RFC 5280 §5.1.2.1).
    UnsupportedCrlVersion,
    /// A PEM block without its END line, with bad base64, or without the
    /// expected label (RFC 7468).
    InvalidPem,
    /// A CMS message that is not a certs-only SignedData: no encapsulated
    /// content and no signers (RFC 7030 §4.1.3, RFC 5751 §3.2.2).
    NotCertsOnly,
    /// Nesting deeper than this crate reads.
    TooDeep,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedTag { expected, found } => write!(
                f,
                "X.690 §8.1.2: expected tag 0x{expected:02x}, found 0x{found:02x}"
            ),
            Self::HighTagNumber => f.write_str("X.690 §8.1.2.4: high tag numbers are not used"),
            Self::IndefiniteLength => f.write_str("X.690 §10.1: indefinite length in DER"),
            Self::NonMinimalLength => f.write_str("X.690 §10.1: length not in the fewest bytes"),
            Self::LengthTooLarge => f.write_str("length larger than 2^32 - 1"),
            Self::ElementOverrun => {
                f.write_str("X.690 §8.1.1: element runs past the element containing it")
            }
            Self::TrailingData => f.write_str("X.690 §8.1.1: data after the last element"),
            Self::EmptyInteger => f.write_str("X.690 §8.3.1: INTEGER with no content"),
            Self::NonMinimalInteger => f.write_str("X.690 §8.3.2: INTEGER not in the fewest bytes"),
            Self::NegativeInteger => f.write_str("negative INTEGER where the profile needs >= 0"),
            Self::IntegerTooLarge => f.write_str("INTEGER too large for the field"),
            Self::InvalidBoolean => f.write_str("X.690 §11.1: BOOLEAN not 0x00 or 0xFF"),
            Self::InvalidBitString => f.write_str("X.690 §11.2: invalid BIT STRING padding"),
            Self::NonMinimalNamedBits => {
                f.write_str("X.690 §11.2.2: named-bit BIT STRING with trailing zero bits")
            }
            Self::InvalidOid => f.write_str("X.690 §8.19: invalid OBJECT IDENTIFIER"),
            Self::InvalidNull => f.write_str("X.690 §8.8: NULL with content"),
            Self::InvalidTime => f.write_str("RFC 5280 §4.1.2.5: invalid time"),
            Self::GeneralizedTimeBefore2050 => {
                f.write_str("RFC 5280 §4.1.2.5: GeneralizedTime for a date before 2050")
            }
            Self::InvalidString => f.write_str("X.680 §41: invalid character for the string type"),
            Self::UnsupportedVersion => f.write_str("RFC 5280 §4.1.2.1: unsupported version"),
            Self::ExplicitDefaultVersion => {
                f.write_str("X.690 §11.5: version v1 encoded explicitly")
            }
            Self::SerialNumberTooLong => {
                f.write_str("RFC 5280 §4.1.2.2: serial number longer than 20 octets")
            }
            Self::SignatureAlgorithmMismatch => {
                f.write_str("RFC 5280 §4.1.1.2: signatureAlgorithm differs from tbs signature")
            }
            Self::ExtensionsBeforeV3 => f.write_str("RFC 5280 §4.1.2.9: extensions need v3"),
            Self::UniqueIdBeforeV2 => {
                f.write_str("RFC 5280 §4.1.2.8: unique identifiers need v2 or v3")
            }
            Self::EmptyExtensions => f.write_str("RFC 5280 §4.1: empty extensions"),
            Self::DuplicateExtension => f.write_str("RFC 5280 §4.2: extension appears twice"),
            Self::ExplicitDefaultCritical => {
                f.write_str("X.690 §11.5: critical FALSE encoded explicitly")
            }
            Self::InvalidExtension => f.write_str("RFC 5280 §4.2: invalid extension value"),
            Self::EmptySequence => f.write_str("RFC 5280: empty SEQUENCE where SIZE (1..MAX)"),
            Self::InvalidGeneralName => {
                f.write_str("RFC 5280 §4.2.1.6: invalid name for its GeneralName form")
            }
            Self::InvalidAlgorithmParameters => {
                f.write_str("RFC 5758/8410/4055: invalid algorithm parameters")
            }
            Self::InvalidPublicKey => f.write_str("RFC 5480/8410: invalid public key"),
            Self::UnsupportedCrlVersion => f.write_str("RFC 5280 §5.1.2.1: unsupported version"),
            Self::InvalidPem => f.write_str("RFC 7468: invalid PEM"),
            Self::NotCertsOnly => f.write_str("RFC 7030 §4.1.3: not a certs-only CMS SignedData"),
            Self::TooDeep => f.write_str("nesting deeper than this crate reads"),
        }
    }
}

impl core::error::Error for Rule {}
