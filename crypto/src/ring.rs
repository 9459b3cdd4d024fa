//! The ring backend (hosts only: ring 0.17 does not build for
//! `thumbv7em-none-eabihf`).
//!
//! ring lacks AES-192-GCM, AES key wrap, AES-CTR and ECDH with a
//! caller-supplied static private key (its `agreement` module only takes
//! ephemeral keys it generated itself); those operations are delegated to
//! [`RustCryptoProvider`], which is why the `ring` feature enables
//! `rustcrypto`.
//!
//! | operation | library |
//! |---|---|
//! | SHA-2, HMAC, HKDF-SHA-256 | ring |
//! | ECDSA P-256 / P-384 verify and sign (randomized) | ring |
//! | Ed25519 verify and sign | ring |
//! | HSS/LMS verify | pure Rust (`hss_lms`, on `sha2`) |
//! | AES-128-GCM, AES-256-GCM | ring |
//! | AES-192-GCM | RustCrypto (`aes-gcm`) |
//! | AES key wrap | RustCrypto (`aes-kw`) |
//! | AES-CTR | RustCrypto (`ctr`, `aes`) |
//! | ECDH P-256 / P-384 | RustCrypto (`p256`, `p384`) |

use core::fmt;

use ring::{aead, digest, hkdf, hmac, rand, signature};

use crate::{
    AeadAlg, CipherAlg, CryptoError, CryptoProvider, Curve, HashAlg, Hasher, KeyWrapAlg, MacAlg,
    RustCryptoProvider, SignatureAlg, SigningKey, check,
};

/// The SEC1 tag of an uncompressed point, the only form ring takes.
const SEC1_UNCOMPRESSED: u8 = 0x04;

/// The ring implementation of [`CryptoProvider`], for hosts (the device
/// management server, the command line tools).
///
/// Holds ring's `SystemRandom` for ECDSA signing, whose nonces are random:
/// two signatures of the same message differ, and both verify with every
/// backend. Operations ring lacks come from [`RustCryptoProvider`] (see the
/// crate documentation for the table).
pub struct RingProvider {
    /// The system RNG (`getrandom`), used only by ECDSA signing.
    rng: rand::SystemRandom,
}

impl RingProvider {
    /// The provider.
    pub fn new() -> Self {
        Self {
            rng: rand::SystemRandom::new(),
        }
    }
}

impl Default for RingProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for RingProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RingProvider")
    }
}

/// The streaming hasher of [`RingProvider`]: a `ring::digest::Context`.
#[derive(Clone)]
pub struct RingHasher {
    /// The algorithm, kept so `finish` knows the digest length.
    alg: HashAlg,
    /// ring's hash state.
    ctx: digest::Context,
}

impl fmt::Debug for RingHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RingHasher")
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl Hasher for RingHasher {
    fn algorithm(&self) -> HashAlg {
        self.alg
    }

    fn update(&mut self, data: &[u8]) {
        self.ctx.update(data);
    }

    fn finish(self, out: &mut [u8]) -> Result<usize, CryptoError> {
        let n = self.alg.output_len();
        let dst = check::out_prefix(out, n)?;
        let digest = self.ctx.finish();
        check::len(n, digest.as_ref().len())?;
        dst.copy_from_slice(digest.as_ref());
        Ok(n)
    }
}

/// ring's HMAC algorithm for `alg`.
const fn hmac_alg(alg: MacAlg) -> hmac::Algorithm {
    match alg {
        MacAlg::HmacSha256 => hmac::HMAC_SHA256,
        MacAlg::HmacSha384 => hmac::HMAC_SHA384,
        MacAlg::HmacSha512 => hmac::HMAC_SHA512,
    }
}

/// An HKDF output length for ring's `expand`.
struct OkmLen(usize);

impl hkdf::KeyType for OkmLen {
    fn len(&self) -> usize {
        self.0
    }
}

/// Checks that an ECDSA public key is an uncompressed SEC1 point of the
/// right length, the only form ring parses.
fn check_uncompressed(curve: Curve, public_key: &[u8]) -> Result<(), CryptoError> {
    if public_key.len() == curve.uncompressed_point_len()
        && public_key.first() == Some(&SEC1_UNCOMPRESSED)
    {
        Ok(())
    } else {
        Err(CryptoError::InvalidKey)
    }
}

impl CryptoProvider for RingProvider {
    type Hasher = RingHasher;

    fn hasher(&self, alg: HashAlg) -> Result<Self::Hasher, CryptoError> {
        let ring_alg = match alg {
            HashAlg::Sha256 => &digest::SHA256,
            HashAlg::Sha384 => &digest::SHA384,
            HashAlg::Sha512 => &digest::SHA512,
        };
        Ok(RingHasher {
            alg,
            ctx: digest::Context::new(ring_alg),
        })
    }

    fn mac(
        &self,
        alg: MacAlg,
        key: &[u8],
        data: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        let n = alg.tag_len();
        let dst = check::out_prefix(out, n)?;
        let tag = hmac::sign(&hmac::Key::new(hmac_alg(alg), key), data);
        check::len(n, tag.as_ref().len())?;
        dst.copy_from_slice(tag.as_ref());
        Ok(n)
    }

    fn verify_mac(
        &self,
        alg: MacAlg,
        key: &[u8],
        data: &[u8],
        tag: &[u8],
    ) -> Result<(), CryptoError> {
        check::len(alg.tag_len(), tag.len())?;
        hmac::verify(&hmac::Key::new(hmac_alg(alg), key), data, tag)
            .map_err(|_| CryptoError::AuthenticationFailed)
    }

    fn hkdf_sha256(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
        okm: &mut [u8],
    ) -> Result<(), CryptoError> {
        check::hkdf_okm(okm.len())?;
        let actual = okm.len();
        let out_of_range = |_| CryptoError::LengthOutOfRange {
            min: 0,
            max: check::HKDF_SHA256_MAX_OKM,
            actual,
        };
        let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(ikm);
        let info = [info];
        prk.expand(&info, OkmLen(actual))
            .map_err(out_of_range)?
            .fill(okm)
            .map_err(out_of_range)
    }

    fn verify(
        &self,
        alg: SignatureAlg,
        public_key: &[u8],
        msg: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        if alg.has_fixed_signature_len() {
            check::len(alg.signature_len(), signature.len())?;
        }
        let ring_alg: &'static dyn signature::VerificationAlgorithm = match alg {
            SignatureAlg::EcdsaP256Sha256 => {
                check_uncompressed(Curve::P256, public_key)?;
                &signature::ECDSA_P256_SHA256_FIXED
            }
            SignatureAlg::EcdsaP384Sha384 => {
                check_uncompressed(Curve::P384, public_key)?;
                &signature::ECDSA_P384_SHA384_FIXED
            }
            SignatureAlg::Ed25519 => {
                check::len(alg.public_key_len(), public_key.len())?;
                &signature::ED25519
            }
            // ring has no hash-based signatures; the verifier is pure Rust
            // on SHA-256.
            SignatureAlg::HssLms => {
                return RustCryptoProvider.verify(alg, public_key, msg, signature);
            }
            // The public key is the RSAPublicKey DER; 2048 to 8192 bits.
            SignatureAlg::RsaPkcs1Sha256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            SignatureAlg::RsaPkcs1Sha384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            SignatureAlg::RsaPkcs1Sha512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        };
        signature::UnparsedPublicKey::new(ring_alg, public_key)
            .verify(msg, signature)
            .map_err(|_| CryptoError::InvalidSignature)
    }

    fn sign(
        &self,
        alg: SignatureAlg,
        key: &SigningKey<'_>,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        if alg == SignatureAlg::HssLms || alg.is_rsa() {
            // HSS-LMS is stateful (see the RustCrypto backend); RSA is
            // verification only.
            return Err(CryptoError::UnsupportedAlgorithm);
        }
        let n = alg.signature_len();
        let dst = check::out_prefix(out, n)?;
        check::len(alg.private_key_len(), key.private.len())?;
        let sig = match alg {
            SignatureAlg::EcdsaP256Sha256 | SignatureAlg::EcdsaP384Sha384 => {
                let (curve, ring_alg) = if alg == SignatureAlg::EcdsaP256Sha256 {
                    (Curve::P256, &signature::ECDSA_P256_SHA256_FIXED_SIGNING)
                } else {
                    (Curve::P384, &signature::ECDSA_P384_SHA384_FIXED_SIGNING)
                };
                check_uncompressed(curve, key.public)?;
                let pair = signature::EcdsaKeyPair::from_private_key_and_public_key(
                    ring_alg,
                    key.private,
                    key.public,
                    &self.rng,
                )
                .map_err(|_| CryptoError::InvalidKey)?;
                pair.sign(&self.rng, msg)
                    .map_err(|_| CryptoError::RandomnessUnavailable)?
            }
            SignatureAlg::Ed25519 => {
                check::len(alg.public_key_len(), key.public.len())?;
                signature::Ed25519KeyPair::from_seed_and_public_key(key.private, key.public)
                    .map_err(|_| CryptoError::InvalidKey)?
                    .sign(msg)
            }
            SignatureAlg::HssLms
            | SignatureAlg::RsaPkcs1Sha256
            | SignatureAlg::RsaPkcs1Sha384
            | SignatureAlg::RsaPkcs1Sha512 => return Err(CryptoError::UnsupportedAlgorithm),
        };
        check::len(n, sig.as_ref().len())?;
        dst.copy_from_slice(sig.as_ref());
        Ok(n)
    }

    fn public_key(
        &self,
        alg: SignatureAlg,
        private: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        // ring derives public keys only inside its key-pair types, from
        // PKCS#8; the arithmetic is the same in the RustCrypto backend.
        RustCryptoProvider.public_key(alg, private, out)
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
        let Some(ring_alg) = ring_aead(alg) else {
            return RustCryptoProvider.aead_seal(alg, key, nonce, aad, in_out, tag_out);
        };
        check::aead(alg, key, nonce, in_out.len())?;
        let n = alg.tag_len();
        let tag_out = check::out_prefix(tag_out, n)?;
        let key = aead_key(ring_alg, key)?;
        let nonce = aead_nonce(nonce)?;
        let tag = key
            .seal_in_place_separate_tag(nonce, aead::Aad::from(aad), in_out)
            .map_err(|_| CryptoError::InvalidKey)?;
        check::len(n, tag.as_ref().len())?;
        tag_out.copy_from_slice(tag.as_ref());
        Ok(n)
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
        let Some(ring_alg) = ring_aead(alg) else {
            return RustCryptoProvider.aead_open(alg, key, nonce, aad, in_out, tag);
        };
        check::aead(alg, key, nonce, in_out.len())?;
        check::len(alg.tag_len(), tag.len())?;
        let key = aead_key(ring_alg, key)?;
        let nonce = aead_nonce(nonce)?;
        let tag = aead::Tag::try_from(tag).map_err(|_| CryptoError::InvalidLength {
            expected: aead::MAX_TAG_LEN,
            actual: tag.len(),
        })?;
        // ring zeroes `in_out` itself when the tag does not match.
        key.open_in_place_separate_tag(nonce, aead::Aad::from(aad), tag, in_out, 0..)
            .map(|_| ())
            .map_err(|_| CryptoError::AuthenticationFailed)
    }

    fn key_wrap(
        &self,
        alg: KeyWrapAlg,
        kek: &[u8],
        key_to_wrap: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        RustCryptoProvider.key_wrap(alg, kek, key_to_wrap, out)
    }

    fn key_unwrap(
        &self,
        alg: KeyWrapAlg,
        kek: &[u8],
        wrapped: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        RustCryptoProvider.key_unwrap(alg, kek, wrapped, out)
    }

    fn ctr_apply(
        &self,
        alg: CipherAlg,
        key: &[u8],
        iv: &[u8],
        data: &mut [u8],
    ) -> Result<(), CryptoError> {
        RustCryptoProvider.ctr_apply(alg, key, iv, data)
    }

    fn ecdh(
        &self,
        curve: Curve,
        private_scalar: &[u8],
        peer_public_sec1: &[u8],
        shared_x_out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        RustCryptoProvider.ecdh(curve, private_scalar, peer_public_sec1, shared_x_out)
    }
}

/// ring's algorithm for `alg`, or `None` where ring has none (AES-192-GCM).
fn ring_aead(alg: AeadAlg) -> Option<&'static aead::Algorithm> {
    match alg {
        AeadAlg::Aes128Gcm => Some(&aead::AES_128_GCM),
        AeadAlg::Aes256Gcm => Some(&aead::AES_256_GCM),
        AeadAlg::Aes192Gcm => None,
    }
}

/// A ring AEAD key (length already checked).
fn aead_key(alg: &'static aead::Algorithm, key: &[u8]) -> Result<aead::LessSafeKey, CryptoError> {
    aead::UnboundKey::new(alg, key)
        .map(aead::LessSafeKey::new)
        .map_err(|_| CryptoError::InvalidLength {
            expected: alg.key_len(),
            actual: key.len(),
        })
}

/// A ring nonce (length already checked).
fn aead_nonce(nonce: &[u8]) -> Result<aead::Nonce, CryptoError> {
    aead::Nonce::try_assume_unique_for_key(nonce).map_err(|_| CryptoError::InvalidLength {
        expected: aead::NONCE_LEN,
        actual: nonce.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate alloc;
    use alloc::format;

    #[test]
    fn compressed_points_are_rejected_up_front() {
        let p = RingProvider::new();
        let mut compressed = [0u8; 33];
        compressed[0] = 0x02;
        assert_eq!(
            p.verify(SignatureAlg::EcdsaP256Sha256, &compressed, b"m", &[1u8; 64]),
            Err(CryptoError::InvalidKey)
        );
    }

    #[test]
    fn gcm_failure_zeroes_the_buffer() {
        let p = RingProvider::new();
        let mut data = [0x11u8; 20];
        assert_eq!(
            p.aead_open(
                AeadAlg::Aes128Gcm,
                &[0; 16],
                &[0; 12],
                b"",
                &mut data,
                &[0; 16]
            ),
            Err(CryptoError::AuthenticationFailed)
        );
        assert_eq!(data, [0u8; 20]);
    }

    #[test]
    fn hasher_reports_its_algorithm() {
        let p = RingProvider::default();
        let h = p.hasher(HashAlg::Sha384).unwrap();
        assert_eq!(h.algorithm(), HashAlg::Sha384);
        assert_eq!(format!("{p:?}"), "RingProvider");
    }
}
