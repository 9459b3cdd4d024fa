//! Certificate path validation (RFC 5280 §6): path building from an
//! unordered pool, signatures through the crypto provider, validity,
//! basic constraints and path length, key usage and extended key usage,
//! name constraints, revocation by CRL, and the expected name — under one
//! of two profiles, with work budgets against hostile pools.
//!
//! No allocator: the path lives in a fixed array of [`MAX_PATH_LEN`]
//! references, and path building recurses at most that deep.

mod checks;
mod constraints;
mod error;
mod names;
mod revocation;
mod signature;

use iotm_crypto::CryptoProvider;

use crate::certificate::Certificate;
use crate::crl::Crl;
use crate::extension::KeyUsage;
use crate::time::UnixTime;

pub use error::{CrlProblem, ProfileRule, VerifyError};
pub use names::{ExpectedName, IpAddress, dns_matches, is_valid_dns_name, matches_expected};
pub use signature::{SignatureProblem, verify_signed};

/// The most certificates on a path: end entity, intermediates and anchor.
pub const MAX_PATH_LEN: usize = 10;

/// The rules certificates are held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Profile {
    /// RFC 5280 as written, with its MUSTs for conforming CAs enforced
    /// (key identifiers, critical basicConstraints and nameConstraints,
    /// keyCertSign consistency). A CA certificate may be an end entity.
    /// The profile for private and IoT PKIs.
    Rfc5280,
    /// RFC 5280 plus the CA/Browser Forum Baseline Requirements checks a
    /// TLS client applies: end entities are not CAs, key types and sizes
    /// are restricted, authorityKeyIdentifier holds a key id only,
    /// subjectAltName is non-critical beside a subject; noncritical
    /// nameConstraints are accepted (as the Web PKI does).
    WebPki,
}

/// What the end entity's key must be good for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Usage<'p> {
    /// id-kp-serverAuth (TLS server).
    ServerAuth,
    /// id-kp-clientAuth (TLS client, a device to its platform).
    ClientAuth,
    /// Any purpose: extendedKeyUsage is not checked.
    Any,
    /// Another id-kp purpose (its OID content octets).
    Custom(&'p [u8]),
}

/// The inputs of a validation besides the certificates.
#[derive(Clone, Copy, Debug)]
pub struct Policy<'p> {
    /// The validation time.
    pub time: UnixTime,
    /// The profile.
    pub profile: Profile,
    /// The purpose the end entity is checked for.
    pub usage: Usage<'p>,
    /// keyUsage bits the end entity must have, when it has the extension
    /// (RFC 5280 §4.2.1.3).
    pub key_usage: KeyUsage,
    /// The name the end entity must be valid for, if any.
    pub name: Option<ExpectedName<'p>>,
    /// The most intermediates (not counting self-issued ones) on a path.
    pub max_intermediates: usize,
    /// CRLs to check every non-anchor certificate against. A certificate
    /// with no CRL from its issuer here is not checked.
    pub crls: &'p [Crl<'p>],
    /// The most signatures path building may verify (certificates and
    /// CRLs).
    pub signature_budget: usize,
    /// The most candidate issuers path building may consider.
    pub candidate_budget: usize,
    /// The most name-constraint comparisons.
    pub name_constraint_budget: usize,
}

impl<'p> Policy<'p> {
    /// Defaults for `time`: RFC 5280 profile, any purpose, no name, 8
    /// intermediates, budgets of 100 signatures, 10,000 candidates and
    /// 65,536 name comparisons.
    pub const fn new(time: UnixTime) -> Self {
        Self {
            time,
            profile: Profile::Rfc5280,
            usage: Usage::Any,
            key_usage: KeyUsage(0),
            name: None,
            max_intermediates: 8,
            crls: &[],
            signature_budget: 100,
            candidate_budget: 10_000,
            name_constraint_budget: 65_536,
        }
    }
}

/// A validated path: the end entity first, the trust anchor last.
#[derive(Clone, Copy, Debug)]
pub struct VerifiedPath<'c, 'a> {
    certs: [Option<&'c Certificate<'a>>; MAX_PATH_LEN],
    len: usize,
}

impl<'c, 'a> VerifiedPath<'c, 'a> {
    /// The certificates from the end entity to the anchor.
    pub fn certificates(&self) -> impl Iterator<Item = &'c Certificate<'a>> + '_ {
        self.certs.iter().take(self.len).flatten().copied()
    }

    /// The number of certificates on the path.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Always false: a path holds at least the end entity and an anchor.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The trust anchor the path ends in.
    pub fn anchor(&self) -> Option<&'c Certificate<'a>> {
        self.certs.get(self.len.checked_sub(1)?).copied().flatten()
    }
}

/// Validates `end_entity` up to one of `anchors`, building the path from
/// `intermediates` (any order, unrelated certificates allowed).
///
/// Trust anchors are certificates; their signatures are not checked, but
/// their validity, constraints and extensions are, as for any CA.
///
/// # Errors
/// The reason of the path that got furthest, or [`VerifyError::UnknownIssuer`].
pub fn verify<'c, 'a, C: CryptoProvider + ?Sized>(
    crypto: &C,
    end_entity: &'c Certificate<'a>,
    intermediates: &'c [Certificate<'a>],
    anchors: &'c [Certificate<'a>],
    policy: &Policy<'_>,
) -> Result<VerifiedPath<'c, 'a>, VerifyError> {
    checks::end_entity(end_entity, policy)?;
    let mut builder = Builder {
        crypto,
        policy,
        intermediates,
        anchors,
        path: VerifiedPath {
            certs: [None; MAX_PATH_LEN],
            len: 1,
        },
        signatures: policy.signature_budget,
        candidates: policy.candidate_budget,
        best: None,
    };
    if let Some(first) = builder.path.certs.first_mut() {
        *first = Some(end_entity);
    }
    match builder.extend() {
        Ok(()) => Ok(builder.path),
        Err(Stop::Budget) => Err(VerifyError::BudgetExceeded),
        Err(Stop::Failed) => Err(builder.best.map_or(VerifyError::UnknownIssuer, |(_, e)| e)),
    }
}

enum Stop {
    /// Every candidate failed.
    Failed,
    /// A budget ran out: stop everything.
    Budget,
}

struct Builder<'c, 'a, 'x, 'p, C: ?Sized> {
    crypto: &'x C,
    policy: &'x Policy<'p>,
    intermediates: &'c [Certificate<'a>],
    anchors: &'c [Certificate<'a>],
    path: VerifiedPath<'c, 'a>,
    signatures: usize,
    candidates: usize,
    /// The error of the deepest failure so far, with its path length.
    best: Option<(usize, VerifyError)>,
}

impl<'c, 'a, C: CryptoProvider + ?Sized> Builder<'c, 'a, '_, '_, C> {
    fn record(&mut self, depth: usize, error: VerifyError) {
        if self.best.is_none_or(|(d, _)| depth >= d) {
            self.best = Some((depth, error));
        }
    }

    fn last(&self) -> Option<&'c Certificate<'a>> {
        self.path
            .certs
            .get(self.path.len.checked_sub(1)?)
            .copied()
            .flatten()
    }

    /// Tries to complete the path from its current end.
    fn extend(&mut self) -> Result<(), Stop> {
        let Some(child) = self.last() else {
            return Err(Stop::Failed);
        };
        let anchors = self.anchors;
        for anchor in anchors {
            if self.try_issuer(child, anchor, true)? {
                return Ok(());
            }
        }
        let intermediates = self.intermediates;
        // The path does not change between candidates (a failed one is
        // taken off again), so neither does its depth.
        let at_depth_limit = self.counted_intermediates() >= self.policy.max_intermediates;
        for candidate in intermediates {
            if self.path.len + 1 >= MAX_PATH_LEN {
                // Only a path that could go on is too deep.
                if intermediates.iter().any(|c| issued_by(child, c)) {
                    self.record(self.path.len, VerifyError::MaxDepthExceeded);
                }
                break;
            }
            if at_depth_limit && !candidate.is_self_issued() {
                if issued_by(child, candidate) {
                    self.record(self.path.len, VerifyError::MaxDepthExceeded);
                }
                continue;
            }
            if self.try_issuer(child, candidate, false)? {
                return Ok(());
            }
        }
        Err(Stop::Failed)
    }

    /// Intermediates on the path that count toward the depth limit: all
    /// but self-issued ones (RFC 5280 §6.1.4 (l)).
    fn counted_intermediates(&self) -> usize {
        self.path
            .certs
            .iter()
            .take(self.path.len)
            .skip(1)
            .flatten()
            .filter(|c| !c.is_self_issued())
            .count()
    }

    /// Whether `issuer` completes (an anchor) or extends the path to a
    /// success.
    fn try_issuer(
        &mut self,
        child: &'c Certificate<'a>,
        issuer: &'c Certificate<'a>,
        is_anchor: bool,
    ) -> Result<bool, Stop> {
        if !issued_by(child, issuer) || self.on_path(issuer) {
            return Ok(false);
        }
        self.candidates = self.candidates.checked_sub(1).ok_or(Stop::Budget)?;
        let depth = self.path.len;
        if let Err(e) = checks::ca(issuer, depth, is_anchor, self.policy) {
            self.record(depth, e);
            return Ok(false);
        }
        if let Err(e) = self.check_path_len(issuer, depth) {
            self.record(depth, e);
            return Ok(false);
        }
        self.signatures = self.signatures.checked_sub(1).ok_or(Stop::Budget)?;
        if let Err(problem) = signature::verify_signed(
            self.crypto,
            child.signature_algorithm.algorithm,
            &issuer.public_key,
            child.tbs,
            child.signature,
        ) {
            let error = match problem {
                signature::SignatureProblem::Unsupported => {
                    VerifyError::UnsupportedSignatureAlgorithm { depth: depth - 1 }
                }
                signature::SignatureProblem::Invalid => {
                    VerifyError::BadSignature { depth: depth - 1 }
                }
            };
            self.record(depth, error);
            return Ok(false);
        }
        let Some(slot) = self.path.certs.get_mut(depth) else {
            return Ok(false);
        };
        *slot = Some(issuer);
        self.path.len = depth + 1;
        let outcome = match self.check_name_constraints(issuer, depth) {
            Err(Stop::Failed) => Err(Stop::Failed),
            Err(Stop::Budget) => return Err(Stop::Budget),
            Ok(()) if is_anchor => self.check_revocation(),
            Ok(()) => self.extend(),
        };
        match outcome {
            Ok(()) => Ok(true),
            Err(Stop::Budget) => Err(Stop::Budget),
            Err(Stop::Failed) => {
                self.path.len = depth;
                if let Some(slot) = self.path.certs.get_mut(depth) {
                    *slot = None;
                }
                Ok(false)
            }
        }
    }

    fn on_path(&self, cert: &Certificate<'_>) -> bool {
        self.path
            .certs
            .iter()
            .take(self.path.len)
            .flatten()
            .any(|c| {
                c.subject.encoded == cert.subject.encoded
                    && c.public_key.encoded == cert.public_key.encoded
            })
    }

    /// RFC 5280 §6.1.4 (m): a CA's pathLenConstraint bounds the
    /// non-self-issued intermediates below it.
    fn check_path_len(&self, issuer: &Certificate<'_>, depth: usize) -> Result<(), VerifyError> {
        let Some(limit) = issuer.basic_constraints.and_then(|bc| bc.path_len) else {
            return Ok(());
        };
        let below = self.counted_intermediates();
        if usize::try_from(limit).unwrap_or(usize::MAX) < below {
            return Err(VerifyError::PathLenExceeded { depth });
        }
        Ok(())
    }

    /// RFC 5280 §6.1.3 (b), (c): the names of every certificate below a
    /// constrained CA (the subject of self-issued intermediates excepted).
    fn check_name_constraints(&mut self, ca: &Certificate<'_>, depth: usize) -> Result<(), Stop> {
        let Some(constraints) = ca.name_constraints else {
            return Ok(());
        };
        let mut budget = self.policy.name_constraint_budget;
        for (position, cert) in self.path.certs.iter().take(depth).enumerate() {
            let Some(cert) = cert else { continue };
            // §6.1.3 (b): a self-issued certificate that is not the end
            // entity is skipped.
            if position > 0 && cert.is_self_issued() {
                continue;
            }
            match constraints::check(&constraints, cert, &mut budget) {
                constraints::Outcome::Allowed => {}
                constraints::Outcome::Violation => {
                    self.record(depth + 1, VerifyError::NameConstraintViolation { depth });
                    return Err(Stop::Failed);
                }
                constraints::Outcome::Unsupported => {
                    self.record(depth + 1, VerifyError::UnsupportedNameConstraint { depth });
                    return Err(Stop::Failed);
                }
                constraints::Outcome::Budget => return Err(Stop::Budget),
            }
        }
        Ok(())
    }

    /// RFC 5280 §6.3: each certificate but the anchor against the CRLs of
    /// its issuer.
    fn check_revocation(&mut self) -> Result<(), Stop> {
        if self.policy.crls.is_empty() {
            return Ok(());
        }
        let len = self.path.len;
        for depth in 0..len.saturating_sub(1) {
            let (Some(Some(cert)), Some(Some(issuer))) =
                (self.path.certs.get(depth), self.path.certs.get(depth + 1))
            else {
                continue;
            };
            match revocation::check(
                self.crypto,
                cert,
                issuer,
                depth,
                self.policy,
                &mut self.signatures,
            ) {
                Ok(()) => {}
                Err(VerifyError::BudgetExceeded) => return Err(Stop::Budget),
                Err(e) => {
                    self.record(len, e);
                    return Err(Stop::Failed);
                }
            }
        }
        Ok(())
    }
}

/// Whether `issuer`'s subject is `child`'s issuer and, where both key
/// identifiers are present, they agree (RFC 4158 §3.5.12).
fn issued_by(child: &Certificate<'_>, issuer: &Certificate<'_>) -> bool {
    if child.issuer.encoded != issuer.subject.encoded {
        return false;
    }
    match (
        child.authority_key_id.and_then(|aki| aki.key_id),
        issuer.subject_key_id,
    ) {
        (Some(aki), Some(ski)) => aki == ski,
        _ => true,
    }
}
