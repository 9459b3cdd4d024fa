//! Trusted keys and how the processor finds the one an authentication
//! block needs.

use iotm_crypto::{MacAlg, SignatureAlg};

/// Key material that verifies authentication blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerificationKey<'k> {
    /// A public key for COSE_Sign1: a SEC1 point for ECDSA, 32 bytes for
    /// Ed25519, the HSS public key (`u32 L ‖` LMS public key, RFC 8554
    /// §6.1) for HSS-LMS (the encodings of
    /// [`iotm_crypto::CryptoProvider::verify`]).
    Public(&'k [u8]),
    /// A shared secret for COSE_Mac0 (HMAC).
    Secret(&'k [u8]),
}

/// Finds the key for an authentication block, by its key id (if any) and
/// COSE algorithm: the platform's hook into key storage.
pub trait KeyResolver {
    /// The key for `kid` and `algorithm`, or `None` if none is trusted.
    fn resolve(&self, kid: Option<&[u8]>, algorithm: i64) -> Option<VerificationKey<'_>>;
}

/// One trusted key: the algorithm it is for and, optionally, its key id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrustAnchor<'k> {
    /// The key id blocks must name; `None` matches blocks with any or no kid.
    pub kid: Option<&'k [u8]>,
    /// The key.
    pub key: VerificationKey<'k>,
    /// What the key verifies.
    pub use_for: KeyUse,
}

/// The algorithm family a [`TrustAnchor`] is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyUse {
    /// Signatures of this algorithm (either COSE id of it: ES256 and
    /// ESP256 are the same key).
    Signature(SignatureAlg),
    /// MACs of this algorithm.
    Mac(MacAlg),
}

impl<'k> TrustAnchor<'k> {
    /// A public key for `alg`, any kid.
    pub const fn signature(alg: SignatureAlg, public: &'k [u8]) -> Self {
        Self {
            kid: None,
            key: VerificationKey::Public(public),
            use_for: KeyUse::Signature(alg),
        }
    }

    /// A MAC secret for `alg`, any kid.
    pub const fn mac(alg: MacAlg, secret: &'k [u8]) -> Self {
        Self {
            kid: None,
            key: VerificationKey::Secret(secret),
            use_for: KeyUse::Mac(alg),
        }
    }

    /// The same key, only for blocks naming `kid`.
    #[must_use]
    pub const fn with_kid(mut self, kid: &'k [u8]) -> Self {
        self.kid = Some(kid);
        self
    }

    fn fits(&self, kid: Option<&[u8]>, algorithm: i64) -> bool {
        let kid_ok = match (self.kid, kid) {
            (None, _) => true,
            (Some(mine), Some(theirs)) => mine == theirs,
            (Some(_), None) => false,
        };
        let alg_ok = match self.use_for {
            KeyUse::Signature(alg) => SignatureAlg::from_cose(algorithm) == Some(alg),
            KeyUse::Mac(alg) => MacAlg::from_cose(algorithm) == Some(alg),
        };
        kid_ok && alg_ok
    }
}

impl KeyResolver for [TrustAnchor<'_>] {
    fn resolve(&self, kid: Option<&[u8]>, algorithm: i64) -> Option<VerificationKey<'_>> {
        self.iter().find(|a| a.fits(kid, algorithm)).map(|a| a.key)
    }
}

impl<const N: usize> KeyResolver for [TrustAnchor<'_>; N] {
    fn resolve(&self, kid: Option<&[u8]>, algorithm: i64) -> Option<VerificationKey<'_>> {
        self.as_slice().resolve(kid, algorithm)
    }
}
