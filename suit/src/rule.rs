//! The rules of the SUIT specifications an envelope can break, and the
//! crate's error type. Each rule's `Display` names the section of
//! draft-ietf-suit-manifest (or of the extension draft) it comes from.

use core::fmt;

/// A decoding or verification failure: an [`iotm_wire::ErrorKind`]
/// (incomplete, or malformed with the [`Rule`] broken) and the byte offset in
/// the envelope.
pub type Error = iotm_wire::Error<Rule>;

/// Which part of an envelope or manifest a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Member {
    /// `suit-authentication-wrapper` (envelope key 2).
    AuthenticationWrapper,
    /// `suit-manifest` (envelope key 3).
    Manifest,
    /// `suit-manifest-version` (manifest key 1).
    ManifestVersion,
    /// `suit-manifest-sequence-number` (manifest key 2).
    SequenceNumber,
    /// `suit-common` (manifest key 3).
    Common,
    /// A severable member (its manifest key).
    Severable(i64),
    /// A parameter a directive needs (its key).
    Parameter(i64),
}

impl fmt::Display for Member {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AuthenticationWrapper => f.write_str("suit-authentication-wrapper"),
            Self::Manifest => f.write_str("suit-manifest"),
            Self::ManifestVersion => f.write_str("suit-manifest-version"),
            Self::SequenceNumber => f.write_str("suit-manifest-sequence-number"),
            Self::Common => f.write_str("suit-common"),
            Self::Parameter(key) => write!(f, "parameter {key}"),
            Self::Severable(key) => match crate::label::member_name(*key) {
                Some(name) => f.write_str(name),
                None => write!(f, "severable member {key}"),
            },
        }
    }
}

/// A rule of the SUIT specifications (or of this crate's bounds) that an
/// envelope breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The bytes are not the CBOR the structure needs (RFC 8949, or a type
    /// other than the CDDL's).
    Cbor(iotm_cbor::Rule),
    /// A tag other than SUIT_Envelope_Tagged (107) before the envelope.
    NotAnEnvelope(u64),
    /// A required member is missing.
    Missing(Member),
    /// A map has the same key twice (RFC 8949 §5.6; SUIT maps are keyed).
    DuplicateKey,
    /// An integer key this crate does not know, where the draft allows no
    /// extension (envelope and manifest members).
    UnknownMember(i64),
    /// `suit-manifest-version` must be 1 (§8.4.1).
    UnsupportedManifestVersion(u64),
    /// A command sequence alternates command identifiers and arguments
    /// (§8.4.6): it ended after an identifier.
    CommandWithoutArgument,
    /// A command identifier this crate does not know (§8.4.6); custom
    /// commands are negative.
    UnknownCommand(i64),
    /// A command's argument has the wrong form (§8.4.10, §8.4.11).
    InvalidArgument(i64),
    /// A parameter's value has the wrong form (§8.4.8).
    InvalidParameter(i64),
    /// Sequences nest deeper than the processor's limit.
    NestingTooDeep,
    /// `suit-directive-try-each` needs at least two sequences (§8.4.10.2).
    TryEachTooShort,
    /// `suit-components` lists at least one component (§8.4.5).
    NoComponents,
    /// A component identifier is an array of byte strings (§8.4.5.1).
    InvalidComponentIdentifier,
    /// A `SUIT_Digest` is `[algorithm-id, digest-bytes, *extensions]` (§8.4.2.1).
    InvalidDigest,
    /// The digest algorithm is not one this crate computes (§8.4.2.1).
    UnsupportedDigestAlgorithm(i64),
    /// The authentication wrapper holds a digest and at least one
    /// authentication block (§8.3; an unsigned envelope has none).
    NoAuthenticationBlock,
    /// An authentication block is not COSE_Sign1 (tag 18) or COSE_Mac0
    /// (tag 17) (§8.3; COSE_Sign and COSE_Mac are not supported).
    UnsupportedAuthenticationBlock(u64),
    /// The COSE structure is malformed (RFC 9052 §4.2, §6.2).
    InvalidCose,
    /// The COSE payload must be detached (nil) (§8.3).
    AttachedPayload,
    /// The COSE algorithm is not supported (draft-ietf-suit-mti).
    UnsupportedAlgorithm(i64),
    /// No trusted key matches the authentication block's algorithm and key id.
    UnknownKey,
    /// The signature or MAC does not verify.
    AuthenticationFailed,
    /// The COSE header is too large for the fixed to-be-signed buffer.
    AuthenticationTooLarge,
    /// The manifest's SHA-256 does not match the authenticated digest (§8.3).
    ManifestDigestMismatch,
    /// A severable member's digest does not match the manifest (§8.5).
    SeverableDigestMismatch(i64),
    /// The manifest holds only the digest of a member and the envelope does
    /// not carry the member (§8.5).
    SeveredMemberMissing(i64),
    /// The manifest's sequence number is lower than the installed one's
    /// (§8.4.2: rollback).
    Rollback {
        /// The manifest's sequence number.
        manifest: u64,
        /// The sequence number the device holds.
        installed: u64,
    },
    /// `suit-parameter-soft-failure` set outside try-each and run-sequence
    /// (§8.4.8.15).
    SoftFailureOutsideTry,
    /// A component index beyond the manifest's components (§8.4.10.1).
    ComponentIndexOutOfRange(u64),
    /// A SUIT Report is not shaped as draft-ietf-suit-report says.
    InvalidReport,
    /// A dependency command on a component that is not in
    /// `suit-dependencies` (trust domains §5.6).
    NotADependency(u64),
    /// The dependency's envelope is neither integrated nor held by the
    /// caller.
    DependencyUnavailable(u64),
    /// An AES-GCM payload larger than the processor's buffer.
    PayloadTooLarge,
    /// The manifest has more components than the processor was built for.
    TooManyComponents(usize),
    /// A severable member in the envelope that the manifest does not name by
    /// digest (§8.5).
    UnexpectedSeverableMember(i64),
    /// `suit-set-version` is not a list of integers (update management
    /// §3.1: `[+int]`; at most 16 here).
    InvalidSetVersion,
}

impl Rule {
    /// The CBOR rule, lifted into this crate's rules.
    pub const fn from_cbor(rule: iotm_cbor::Rule) -> Self {
        Self::Cbor(rule)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cbor(rule) => rule.fmt(f),
            Self::NotAnEnvelope(tag) => {
                write!(f, "§8.2: tag {tag} is not SUIT_Envelope_Tagged (107)")
            }
            Self::Missing(member) => write!(f, "§8.2/§8.4: {member} is missing"),
            Self::DuplicateKey => f.write_str("RFC 8949 §5.6: a map key appears twice"),
            Self::UnknownMember(key) => write!(f, "§8.2/§8.4: unknown member key {key}"),
            Self::UnsupportedManifestVersion(v) => {
                write!(f, "§8.4.1: suit-manifest-version {v} is not 1")
            }
            Self::CommandWithoutArgument => {
                f.write_str("§8.4.6: a command sequence ends after a command identifier")
            }
            Self::UnknownCommand(id) => write!(f, "§8.4.6: unknown command {id}"),
            Self::InvalidArgument(id) => write!(f, "§8.4.10: invalid argument of command {id}"),
            Self::InvalidParameter(id) => write!(f, "§8.4.8: invalid value of parameter {id}"),
            Self::NestingTooDeep => f.write_str("command sequences nest deeper than the limit"),
            Self::TryEachTooShort => {
                f.write_str("§8.4.10.2: suit-directive-try-each needs at least two sequences")
            }
            Self::NoComponents => f.write_str("§8.4.5: suit-components must not be empty"),
            Self::InvalidComponentIdentifier => {
                f.write_str("§8.4.5.1: a component identifier is an array of byte strings")
            }
            Self::InvalidDigest => {
                f.write_str("§8.4.2.1: a SUIT_Digest is [algorithm-id, digest-bytes]")
            }
            Self::UnsupportedDigestAlgorithm(alg) => {
                write!(f, "§8.4.2.1: digest algorithm {alg} is not supported")
            }
            Self::NoAuthenticationBlock => {
                f.write_str("§8.3: the authentication wrapper holds no authentication block")
            }
            Self::UnsupportedAuthenticationBlock(tag) => write!(
                f,
                "§8.3: authentication block with tag {tag} is not COSE_Sign1 (18) or COSE_Mac0 (17)"
            ),
            Self::InvalidCose => f.write_str("RFC 9052: malformed COSE structure"),
            Self::AttachedPayload => f.write_str("§8.3: the COSE payload must be detached (nil)"),
            Self::UnsupportedAlgorithm(alg) => {
                write!(
                    f,
                    "draft-ietf-suit-mti: COSE algorithm {alg} is not supported"
                )
            }
            Self::UnknownKey => {
                f.write_str("§8.3: no trusted key for the authentication block's algorithm and kid")
            }
            Self::AuthenticationFailed => {
                f.write_str("§8.3: the signature or MAC over the manifest digest does not verify")
            }
            Self::AuthenticationTooLarge => {
                f.write_str("the COSE protected header is too large to verify here")
            }
            Self::ManifestDigestMismatch => {
                f.write_str("§8.3: the manifest does not match the authenticated digest")
            }
            Self::SeverableDigestMismatch(key) => write!(
                f,
                "§8.5: severable member {} does not match its digest in the manifest",
                Member::Severable(*key)
            ),
            Self::SeveredMemberMissing(key) => write!(
                f,
                "§8.5: {} is severed and not in the envelope",
                Member::Severable(*key)
            ),
            Self::Rollback {
                manifest,
                installed,
            } => write!(
                f,
                "§8.4.2: sequence number {manifest} is lower than the installed {installed}"
            ),
            Self::SoftFailureOutsideTry => f.write_str(
                "§8.4.8.15: soft-failure may be set only inside try-each or run-sequence",
            ),
            Self::ComponentIndexOutOfRange(index) => {
                write!(
                    f,
                    "§8.4.10.1: component index {index} is not in suit-components"
                )
            }
            Self::InvalidReport => f.write_str("draft-ietf-suit-report: malformed SUIT_Report"),
            Self::NotADependency(index) => {
                write!(
                    f,
                    "trust domains §5.6: component {index} is not a dependency"
                )
            }
            Self::DependencyUnavailable(index) => write!(
                f,
                "trust domains §5.4: the envelope of dependency {index} is not available"
            ),
            Self::PayloadTooLarge => {
                f.write_str("the encrypted payload is larger than the decryption buffer")
            }
            Self::TooManyComponents(count) => {
                write!(
                    f,
                    "§6.2: {count} components are more than this processor holds"
                )
            }
            Self::UnexpectedSeverableMember(key) => write!(
                f,
                "§8.5: {} is in the envelope but the manifest holds no digest of it",
                Member::Severable(*key)
            ),
            Self::InvalidSetVersion => f.write_str(
                "update management §3.1: suit-set-version must be a list of 1 to 16 integers",
            ),
        }
    }
}

/// A CBOR error reported as `rule` at `offset`, unless the input merely
/// ended: a truncated input stays `Incomplete`.
pub(crate) fn or_rule(e: iotm_cbor::Error, rule: Rule, offset: usize) -> Error {
    if e.is_incomplete() {
        cbor(e)
    } else {
        Error::malformed(rule, offset)
    }
}

/// Lifts a CBOR decoding error into this crate's error, keeping its offset.
pub(crate) fn cbor(e: iotm_cbor::Error) -> Error {
    e.map_rule(Rule::Cbor)
}
