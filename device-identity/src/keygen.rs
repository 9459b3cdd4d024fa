//! Device keys: generated on a device from caller-given entropy (no RNG
//! in the crate, no allocator), and on a host as a [`KeyPair`] with
//! PKCS #8 import and export (RFC 5958, RFC 5915, RFC 8410).
//!
//! The private key is derived from the entropy with HKDF-SHA-256 and
//! rejection sampling: a candidate out of the curve's range is discarded
//! and the next one derived, so the key is uniform over the valid range.
//!
//! [`KeyPair`]: crate::build::KeyPair

use core::fmt;

use iotm_crypto::{CryptoError, CryptoProvider, SignatureAlg};

/// The least entropy accepted, in bytes.
pub const MIN_ENTROPY: usize = 32;

/// How many candidates are tried before giving up (each fails with
/// probability below 2^-32 on P-256 and P-384).
const ATTEMPTS: u8 = 16;

/// Why a key could not be generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeygenError {
    /// Less than [`MIN_ENTROPY`] bytes of entropy.
    InsufficientEntropy,
    /// The algorithm has no key generation here (HSS-LMS, RSA), or the
    /// output buffers are too small.
    Unsupported,
    /// The provider failed.
    Crypto(CryptoError),
}

impl fmt::Display for KeygenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InsufficientEntropy => {
                write!(f, "at least {MIN_ENTROPY} bytes of entropy needed")
            }
            Self::Unsupported => f.write_str("no key generation for this algorithm"),
            Self::Crypto(e) => write!(f, "key generation failed: {e}"),
        }
    }
}

impl core::error::Error for KeygenError {}

/// Derives a key pair for `alg` from `entropy` (at least [`MIN_ENTROPY`]
/// bytes from the device's TRNG), writing the private key to the front of
/// `private_out` and the public key to the front of `public_out`; returns
/// their lengths. The same entropy gives the same key.
///
/// # Errors
/// [`KeygenError`].
pub fn derive<C: CryptoProvider + ?Sized>(
    crypto: &C,
    alg: SignatureAlg,
    entropy: &[u8],
    private_out: &mut [u8],
    public_out: &mut [u8],
) -> Result<(usize, usize), KeygenError> {
    if entropy.len() < MIN_ENTROPY {
        return Err(KeygenError::InsufficientEntropy);
    }
    let len = alg.private_key_len();
    if len == 0 {
        return Err(KeygenError::Unsupported);
    }
    let private = private_out.get_mut(..len).ok_or(KeygenError::Unsupported)?;
    let id = alg.cose_id().to_be_bytes();
    for counter in 0..ATTEMPTS {
        let mut info = [0u8; 9];
        if let Some((head, tail)) = info.split_first_mut() {
            *head = counter;
            tail.copy_from_slice(&id);
        }
        crypto
            .hkdf_sha256(b"iotm device key v1", entropy, &info, private)
            .map_err(KeygenError::Crypto)?;
        match crypto.public_key(alg, private, public_out) {
            Ok(n) => return Ok((len, n)),
            Err(CryptoError::InvalidKey) => {}
            Err(CryptoError::UnsupportedAlgorithm | CryptoError::BufferTooSmall { .. }) => {
                return Err(KeygenError::Unsupported);
            }
            Err(e) => return Err(KeygenError::Crypto(e)),
        }
    }
    Err(KeygenError::Crypto(CryptoError::InvalidKey))
}

#[cfg(feature = "alloc")]
mod host {
    use alloc::vec::Vec;

    use iotm_crypto::{CryptoProvider, SignatureAlg};

    use super::{KeygenError, derive};
    use crate::build::KeyPair;
    use crate::der::{Der, tag};
    use crate::encode;
    use crate::oid::alg;
    use crate::rule::{Error, Rule};

    impl KeyPair {
        /// A key pair for `alg` from `entropy` (see [`derive()`]).
        ///
        /// # Errors
        /// [`KeygenError`].
        pub fn generate<C: CryptoProvider + ?Sized>(
            crypto: &C,
            alg: SignatureAlg,
            entropy: &[u8],
        ) -> Result<Self, KeygenError> {
            let mut private = [0u8; 48];
            let mut public = [0u8; 97];
            let (p, q) = derive(crypto, alg, entropy, &mut private, &mut public)?;
            Ok(Self {
                alg,
                private: private.get(..p).unwrap_or_default().to_vec(),
                public: public.get(..q).unwrap_or_default().to_vec(),
            })
        }

        /// The private key as PKCS #8 `PrivateKeyInfo` DER (RFC 5958),
        /// with the RFC 5915 `ECPrivateKey` (public key included) for
        /// ECDSA and the RFC 8410 form for Ed25519.
        pub fn to_pkcs8_der(&self) -> Vec<u8> {
            let mut out = Vec::new();
            encode::sequence(&mut out, |out| {
                encode::small_integer(out, 0);
                crate::build::key_algorithm(out, self.alg);
                let mut inner = Vec::new();
                if self.alg == SignatureAlg::Ed25519 {
                    encode::octet_string(&mut inner, &self.private);
                } else {
                    encode::sequence(&mut inner, |out| {
                        encode::small_integer(out, 1);
                        encode::octet_string(out, &self.private);
                        encode::nested(out, tag::context_constructed(1), |out| {
                            encode::bit_string(out, &self.public);
                        });
                    });
                }
                encode::octet_string(out, &inner);
            });
            out
        }

        /// Reads a PKCS #8 `PrivateKeyInfo` (P-256, P-384 or Ed25519) and
        /// derives its public key.
        ///
        /// # Errors
        /// Malformed DER, another algorithm, or a key the provider
        /// refuses.
        pub fn from_pkcs8_der<C: CryptoProvider + ?Sized>(
            crypto: &C,
            der: &[u8],
        ) -> Result<Self, Error> {
            let mut outer = Der::new(der);
            let mut info = outer.sequence()?;
            outer.finish()?;
            // v1 (0), or v2 (1, OneAsymmetricKey, whose optional
            // attributes and public key after the private key are not read).
            let version_at = info.offset();
            if info.u64()? > 1 {
                return Err(Error::malformed(Rule::UnsupportedVersion, version_at));
            }
            let mut algorithm = info.sequence()?;
            let alg_at = algorithm.offset();
            let oid = algorithm.oid()?;
            let alg = match oid.as_bytes() {
                alg::ED25519 => SignatureAlg::Ed25519,
                alg::EC_PUBLIC_KEY => match algorithm.oid()?.as_bytes() {
                    alg::P256 => SignatureAlg::EcdsaP256Sha256,
                    alg::P384 => SignatureAlg::EcdsaP384Sha384,
                    _ => return Err(Error::malformed(Rule::InvalidPublicKey, alg_at)),
                },
                _ => return Err(Error::malformed(Rule::InvalidPublicKey, alg_at)),
            };
            algorithm.finish()?;
            let octets = info.octet_string()?;
            let mut inner = octets.reader();
            let private = if alg == SignatureAlg::Ed25519 {
                let seed = inner.octet_string()?;
                inner.finish()?;
                seed.content
            } else {
                let mut ec = inner.sequence()?;
                inner.finish()?;
                ec.u64()?;
                ec.octet_string()?.content
            };
            let bad = || Error::malformed(Rule::InvalidPublicKey, octets.offset);
            let mut public = [0u8; 97];
            let n = crypto
                .public_key(alg, private, &mut public)
                .map_err(|_| bad())?;
            Ok(Self {
                alg,
                private: private.to_vec(),
                public: public.get(..n).ok_or_else(bad)?.to_vec(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use iotm_crypto::RustCryptoProvider;

    use super::*;

    #[test]
    fn keys_derive_deterministically_from_entropy() {
        let mut a = [0u8; 32];
        let mut pa = [0u8; 65];
        let mut b = [0u8; 32];
        let mut pb = [0u8; 65];
        let alg = SignatureAlg::EcdsaP256Sha256;
        assert_eq!(
            derive(&RustCryptoProvider, alg, &[7; 32], &mut a, &mut pa),
            Ok((32, 65))
        );
        derive(&RustCryptoProvider, alg, &[7; 32], &mut b, &mut pb).unwrap();
        assert_eq!((a, pa), (b, pb));
        derive(&RustCryptoProvider, alg, &[8; 32], &mut b, &mut pb).unwrap();
        assert_ne!(a, b);
        assert_eq!(
            derive(&RustCryptoProvider, alg, &[7; 16], &mut a, &mut pa),
            Err(KeygenError::InsufficientEntropy)
        );
        assert_eq!(
            derive(
                &RustCryptoProvider,
                SignatureAlg::HssLms,
                &[7; 32],
                &mut a,
                &mut pa
            ),
            Err(KeygenError::Unsupported)
        );
    }
}
