//! SHA-2, HMAC and HKDF from the `sha2`, `hmac` and `hkdf` crates.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
#[cfg(feature = "rustcrypto-sha512")]
use sha2::{Sha384, Sha512};

use crate::{CryptoError, HashAlg, Hasher, MacAlg, check};

/// The streaming hasher of [`RustCryptoProvider`](crate::RustCryptoProvider):
/// the `sha2` state of the chosen algorithm (at most about 200 bytes, on the
/// stack).
#[derive(Clone, Debug)]
pub struct RustCryptoHasher(State);

/// The hash state of one algorithm.
#[derive(Clone, Debug)]
enum State {
    Sha256(Sha256),
    #[cfg(feature = "rustcrypto-sha512")]
    Sha384(Sha384),
    #[cfg(feature = "rustcrypto-sha512")]
    Sha512(Sha512),
}

impl RustCryptoHasher {
    /// A fresh hasher for `alg`.
    ///
    /// # Errors
    /// [`CryptoError::UnsupportedAlgorithm`] for SHA-384 and SHA-512 without
    /// the `rustcrypto-sha512` feature.
    pub fn new(alg: HashAlg) -> Result<Self, CryptoError> {
        Ok(Self(match alg {
            HashAlg::Sha256 => State::Sha256(Sha256::new()),
            #[cfg(feature = "rustcrypto-sha512")]
            HashAlg::Sha384 => State::Sha384(Sha384::new()),
            #[cfg(feature = "rustcrypto-sha512")]
            HashAlg::Sha512 => State::Sha512(Sha512::new()),
            #[allow(unreachable_patterns, reason = "SHA-512 compiled in")]
            _ => return Err(CryptoError::UnsupportedAlgorithm),
        }))
    }
}

impl Hasher for RustCryptoHasher {
    fn algorithm(&self) -> HashAlg {
        match self.0 {
            State::Sha256(_) => HashAlg::Sha256,
            #[cfg(feature = "rustcrypto-sha512")]
            State::Sha384(_) => HashAlg::Sha384,
            #[cfg(feature = "rustcrypto-sha512")]
            State::Sha512(_) => HashAlg::Sha512,
        }
    }

    fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            State::Sha256(h) => Digest::update(h, data),
            #[cfg(feature = "rustcrypto-sha512")]
            State::Sha384(h) => Digest::update(h, data),
            #[cfg(feature = "rustcrypto-sha512")]
            State::Sha512(h) => Digest::update(h, data),
        }
    }

    fn finish(self, out: &mut [u8]) -> Result<usize, CryptoError> {
        let n = self.algorithm().output_len();
        let dst = check::out_prefix(out, n)?;
        match self.0 {
            State::Sha256(h) => dst.copy_from_slice(&h.finalize()),
            #[cfg(feature = "rustcrypto-sha512")]
            State::Sha384(h) => dst.copy_from_slice(&h.finalize()),
            #[cfg(feature = "rustcrypto-sha512")]
            State::Sha512(h) => dst.copy_from_slice(&h.finalize()),
        }
        Ok(n)
    }
}

/// A keyed HMAC instance of `M` (HMAC accepts keys of any length).
fn keyed<M: KeyInit>(key: &[u8]) -> Result<M, CryptoError> {
    <M as KeyInit>::new_from_slice(key).map_err(|_| CryptoError::InvalidKey)
}

/// HMAC of `data` under `key` into `dst`, which is exactly the tag length.
fn mac_into<M: Mac + KeyInit>(key: &[u8], data: &[u8], dst: &mut [u8]) -> Result<(), CryptoError> {
    let mut mac = keyed::<M>(key)?;
    Mac::update(&mut mac, data);
    dst.copy_from_slice(&mac.finalize().into_bytes());
    Ok(())
}

/// Constant-time check of a full-length tag.
fn verify_with<M: Mac + KeyInit>(key: &[u8], data: &[u8], tag: &[u8]) -> Result<(), CryptoError> {
    let mut mac = keyed::<M>(key)?;
    Mac::update(&mut mac, data);
    mac.verify_slice(tag)
        .map_err(|_| CryptoError::AuthenticationFailed)
}

/// [`CryptoProvider::mac`](crate::CryptoProvider::mac).
pub(super) fn mac(
    alg: MacAlg,
    key: &[u8],
    data: &[u8],
    out: &mut [u8],
) -> Result<usize, CryptoError> {
    let n = alg.tag_len();
    let dst = check::out_prefix(out, n)?;
    match alg {
        MacAlg::HmacSha256 => mac_into::<Hmac<Sha256>>(key, data, dst)?,
        #[cfg(feature = "rustcrypto-sha512")]
        MacAlg::HmacSha384 => mac_into::<Hmac<Sha384>>(key, data, dst)?,
        #[cfg(feature = "rustcrypto-sha512")]
        MacAlg::HmacSha512 => mac_into::<Hmac<Sha512>>(key, data, dst)?,
        #[allow(unreachable_patterns, reason = "SHA-512 compiled in")]
        _ => return Err(CryptoError::UnsupportedAlgorithm),
    }
    Ok(n)
}

/// [`CryptoProvider::verify_mac`](crate::CryptoProvider::verify_mac).
pub(super) fn verify_mac(
    alg: MacAlg,
    key: &[u8],
    data: &[u8],
    tag: &[u8],
) -> Result<(), CryptoError> {
    check::len(alg.tag_len(), tag.len())?;
    match alg {
        MacAlg::HmacSha256 => verify_with::<Hmac<Sha256>>(key, data, tag),
        #[cfg(feature = "rustcrypto-sha512")]
        MacAlg::HmacSha384 => verify_with::<Hmac<Sha384>>(key, data, tag),
        #[cfg(feature = "rustcrypto-sha512")]
        MacAlg::HmacSha512 => verify_with::<Hmac<Sha512>>(key, data, tag),
        #[allow(unreachable_patterns, reason = "SHA-512 compiled in")]
        _ => Err(CryptoError::UnsupportedAlgorithm),
    }
}

/// [`CryptoProvider::hkdf_sha256`](crate::CryptoProvider::hkdf_sha256).
pub(super) fn hkdf_sha256(
    salt: &[u8],
    ikm: &[u8],
    info: &[u8],
    okm: &mut [u8],
) -> Result<(), CryptoError> {
    check::hkdf_okm(okm.len())?;
    let actual = okm.len();
    hkdf::Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(info, okm)
        .map_err(|_| CryptoError::LengthOutOfRange {
            min: 0,
            max: check::HKDF_SHA256_MAX_OKM,
            actual,
        })
}

#[cfg(all(test, feature = "rustcrypto"))]
mod tests {
    use super::*;

    #[test]
    fn chunked_equals_one_shot() -> Result<(), CryptoError> {
        let data = [0x5Au8; 200];
        let mut one = [0u8; 64];
        let mut chunked = [0u8; 64];
        let mut h = RustCryptoHasher::new(HashAlg::Sha512)?;
        h.update(&data);
        assert_eq!(h.finish(&mut one), Ok(64));
        let mut h = RustCryptoHasher::new(HashAlg::Sha512)?;
        for chunk in data.chunks(7) {
            h.update(chunk);
        }
        assert_eq!(h.finish(&mut chunked), Ok(64));
        assert_eq!(one, chunked);
        Ok(())
    }

    #[test]
    fn short_buffers_are_errors() -> Result<(), CryptoError> {
        let h = RustCryptoHasher::new(HashAlg::Sha384)?;
        assert_eq!(
            h.finish(&mut [0u8; 47]),
            Err(CryptoError::BufferTooSmall {
                needed: 48,
                available: 47
            })
        );
        assert_eq!(
            mac(MacAlg::HmacSha256, b"k", b"d", &mut [0u8; 31]),
            Err(CryptoError::BufferTooSmall {
                needed: 32,
                available: 31
            })
        );
        assert_eq!(
            verify_mac(MacAlg::HmacSha256, b"k", b"d", &[0u8; 16]),
            Err(CryptoError::InvalidLength {
                expected: 32,
                actual: 16
            })
        );
        assert!(matches!(
            hkdf_sha256(b"", b"", b"", &mut [0u8; 8161]),
            Err(CryptoError::LengthOutOfRange { .. })
        ));
        Ok(())
    }
}
