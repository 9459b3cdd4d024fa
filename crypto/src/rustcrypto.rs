//! The RustCrypto backend: pure Rust, `no_std`, no allocator, no RNG.
//!
//! | operation | crate |
//! |---|---|
//! | SHA-2 | `sha2` |
//! | HMAC | `hmac` |
//! | HKDF | `hkdf` |
//! | ECDSA P-256 / P-384 (RFC 6979 deterministic) | `p256` / `p384` (`ecdsa`) |
//! | Ed25519 | `ed25519-dalek` |
//! | AES-GCM | `aes-gcm` |
//! | AES key wrap | `aes-kw` |
//! | AES-CTR | `ctr` + `aes` |
//! | ECDH P-256 / P-384 | `p256` / `p384` (`elliptic-curve`) |

mod ecdh;
mod hash;
mod sign;
#[cfg(feature = "rustcrypto-aes")]
mod symmetric;

pub use hash::RustCryptoHasher;

use crate::{
    AeadAlg, CipherAlg, CryptoError, CryptoProvider, Curve, HashAlg, KeyWrapAlg, MacAlg,
    SignatureAlg, SigningKey,
};

/// The RustCrypto implementation of [`CryptoProvider`].
///
/// A zero-sized value: it holds no state, keys are passed per call. Builds
/// for microcontrollers (`thumbv7em-none-eabihf`) without an allocator and
/// needs no random number generator: ECDSA signatures are deterministic
/// (RFC 6979), so a device signs without an entropy source.
///
/// Beyond the trait's contract: ECDSA public keys may also be compressed
/// SEC1 points, and Ed25519 verification is `verify_strict` (it also rejects
/// small-order public keys and non-canonical `R`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RustCryptoProvider;

impl RustCryptoProvider {
    /// The provider.
    pub const fn new() -> Self {
        Self
    }
}

impl CryptoProvider for RustCryptoProvider {
    type Hasher = RustCryptoHasher;

    fn hasher(&self, alg: HashAlg) -> Result<Self::Hasher, CryptoError> {
        RustCryptoHasher::new(alg)
    }

    fn mac(
        &self,
        alg: MacAlg,
        key: &[u8],
        data: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        hash::mac(alg, key, data, out)
    }

    fn verify_mac(
        &self,
        alg: MacAlg,
        key: &[u8],
        data: &[u8],
        tag: &[u8],
    ) -> Result<(), CryptoError> {
        hash::verify_mac(alg, key, data, tag)
    }

    fn hkdf_sha256(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
        okm: &mut [u8],
    ) -> Result<(), CryptoError> {
        hash::hkdf_sha256(salt, ikm, info, okm)
    }

    fn verify(
        &self,
        alg: SignatureAlg,
        public_key: &[u8],
        msg: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        sign::verify(alg, public_key, msg, signature)
    }

    fn sign(
        &self,
        alg: SignatureAlg,
        key: &SigningKey<'_>,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        sign::sign(alg, key, msg, out)
    }

    fn public_key(
        &self,
        alg: SignatureAlg,
        private: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        sign::public_key(alg, private, out)
    }

    fn aead_seal(
        &self,
        alg: AeadAlg,
        key: &[u8],
        nonce: &[u8],
        aad: &[u8],
        in_out: &mut [u8],
        tag_out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        #[cfg(feature = "rustcrypto-aes")]
        return symmetric::aead_seal(alg, key, nonce, aad, in_out, tag_out);
        #[cfg(not(feature = "rustcrypto-aes"))]
        {
            let _ = (alg, key, nonce, aad, in_out, tag_out);
            Err(CryptoError::UnsupportedAlgorithm)
        }
    }

    fn aead_open(
        &self,
        alg: AeadAlg,
        key: &[u8],
        nonce: &[u8],
        aad: &[u8],
        in_out: &mut [u8],
        tag: &[u8],
    ) -> Result<(), CryptoError> {
        #[cfg(feature = "rustcrypto-aes")]
        return symmetric::aead_open(alg, key, nonce, aad, in_out, tag);
        #[cfg(not(feature = "rustcrypto-aes"))]
        {
            let _ = (alg, key, nonce, aad, in_out, tag);
            Err(CryptoError::UnsupportedAlgorithm)
        }
    }

    fn key_wrap(
        &self,
        alg: KeyWrapAlg,
        kek: &[u8],
        key_to_wrap: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        #[cfg(feature = "rustcrypto-aes")]
        return symmetric::key_wrap(alg, kek, key_to_wrap, out);
        #[cfg(not(feature = "rustcrypto-aes"))]
        {
            let _ = (alg, kek, key_to_wrap, out);
            Err(CryptoError::UnsupportedAlgorithm)
        }
    }

    fn key_unwrap(
        &self,
        alg: KeyWrapAlg,
        kek: &[u8],
        wrapped: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        #[cfg(feature = "rustcrypto-aes")]
        return symmetric::key_unwrap(alg, kek, wrapped, out);
        #[cfg(not(feature = "rustcrypto-aes"))]
        {
            let _ = (alg, kek, wrapped, out);
            Err(CryptoError::UnsupportedAlgorithm)
        }
    }

    fn ctr_apply(
        &self,
        alg: CipherAlg,
        key: &[u8],
        iv: &[u8],
        data: &mut [u8],
    ) -> Result<(), CryptoError> {
        #[cfg(feature = "rustcrypto-aes")]
        return symmetric::ctr_apply(alg, key, iv, data);
        #[cfg(not(feature = "rustcrypto-aes"))]
        {
            let _ = (alg, key, iv, data);
            Err(CryptoError::UnsupportedAlgorithm)
        }
    }

    fn ecdh(
        &self,
        curve: Curve,
        private_scalar: &[u8],
        peer_public_sec1: &[u8],
        shared_x_out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        ecdh::ecdh(curve, private_scalar, peer_public_sec1, shared_x_out)
    }
}
