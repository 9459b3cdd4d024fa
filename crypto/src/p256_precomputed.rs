//! [`PrecomputedP256`]: ECDSA P-256 verification by known keys (trust
//! anchors, a manifest-signing key) through tables built once per key.

extern crate alloc;

mod ecdsa;
mod field;
mod limbs;
mod point;
mod scalar;
mod table;

use alloc::vec::Vec;
use core::fmt;

use crate::{
    AeadAlg, CipherAlg, CryptoError, CryptoProvider, Curve, HashAlg, KeyWrapAlg, MacAlg,
    SignatureAlg, SigningKey,
};
use point::Affine;
use table::Table;

/// The uncompressed SEC1 length of a P-256 point.
const P256_POINT_LEN: usize = 65;
/// The fixed `r ‖ s` signature length.
const P256_SIGNATURE_LEN: usize = 64;

/// A provider that verifies ECDSA P-256 / SHA-256 signatures by the keys
/// registered with [`add_key`](Self::add_key) through precomputed tables,
/// and hands every other operation, and every other key, to `inner`.
///
/// Verification costs two fixed-base scalar multiplications, each at most
/// 37 point additions and no doublings, where a general verifier (ring's
/// included) computes a variable-base multiplication of about 256
/// doublings: with ring as `inner`, a signature by a registered key
/// verifies in well under ring's time. The price is memory and set-up:
/// 151.5 KB and about 1.4 ms per key, and the same for the generator's
/// table when the provider is made. It pays where one process checks many
/// signatures by the same few keys: an EST or registration server
/// validating device chains against its trust anchors, an update server
/// checking manifests. A one-shot CLI call would not win it back.
///
/// The arithmetic is safe Rust: fiat-crypto's generated, formally verified
/// P-256 field and scalar code, except three pieces written for speed: the
/// field's Montgomery product and square, tested against fiat-crypto's,
/// and the scalar inverse (a binary extended Euclid), tested against
/// Fermat's.
/// The point formulas and the verification equation (FIPS 186-5 §6.4.2)
/// are tested on every Wycheproof P-256 vector and against the inner
/// provider on valid and altered signatures. Everything here is
/// variable-time, as a verifier may be: keys, digests and signatures are
/// all public.
///
/// ```
/// use iotm_crypto::{CryptoProvider, PrecomputedP256, RustCryptoProvider, SignatureAlg, SigningKey};
///
/// let private = [0x11; 32];
/// let mut public = [0u8; 65];
/// RustCryptoProvider.public_key(SignatureAlg::EcdsaP256Sha256, &private, &mut public)?;
/// let mut signature = [0u8; 64];
/// RustCryptoProvider.sign(
///     SignatureAlg::EcdsaP256Sha256,
///     &SigningKey::new(&private, &public),
///     b"firmware manifest",
///     &mut signature,
/// )?;
///
/// let mut provider = PrecomputedP256::new(RustCryptoProvider);
/// provider.add_key(&public)?;
/// provider.verify(SignatureAlg::EcdsaP256Sha256, &public, b"firmware manifest", &signature)?;
/// assert!(provider
///     .verify(SignatureAlg::EcdsaP256Sha256, &public, b"another manifest", &signature)
///     .is_err());
/// # Ok::<(), iotm_crypto::CryptoError>(())
/// ```
pub struct PrecomputedP256<P> {
    inner: P,
    /// `None` only if the generator's table failed to build, which cannot
    /// happen for a valid point; then every signature goes to `inner`.
    generator: Option<Table>,
    keys: Vec<([u8; P256_POINT_LEN], Table)>,
}

impl<P> PrecomputedP256<P> {
    /// Wraps `inner` and builds the generator's table (about 1.4 ms).
    pub fn new(inner: P) -> Self {
        Self {
            inner,
            generator: Table::new(&Affine::generator()),
            keys: Vec::new(),
        }
    }

    /// Builds the table of a P-256 public key (uncompressed SEC1,
    /// `04 ‖ x ‖ y`), so that signatures by it verify through the tables.
    /// Adding a key twice keeps one table.
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] when `public_key` is not 65 bytes;
    /// [`CryptoError::InvalidKey`] when it is not the uncompressed encoding
    /// of a point on the curve with canonical coordinates.
    pub fn add_key(&mut self, public_key: &[u8]) -> Result<(), CryptoError> {
        let encoding: [u8; P256_POINT_LEN] =
            public_key
                .try_into()
                .map_err(|_| CryptoError::InvalidLength {
                    expected: P256_POINT_LEN,
                    actual: public_key.len(),
                })?;
        if self.table_of(&encoding).is_some() {
            return Ok(());
        }
        let point = Affine::from_uncompressed(&encoding).ok_or(CryptoError::InvalidKey)?;
        let table = Table::new(&point).ok_or(CryptoError::InvalidKey)?;
        self.keys.push((encoding, table));
        Ok(())
    }

    /// The number of keys with tables.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// The provider every other operation goes to.
    pub fn inner(&self) -> &P {
        &self.inner
    }

    fn table_of(&self, public_key: &[u8]) -> Option<&Table> {
        self.keys
            .iter()
            .find(|(encoding, _)| encoding.as_slice() == public_key)
            .map(|(_, table)| table)
    }
}

impl<P> fmt::Debug for PrecomputedP256<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrecomputedP256")
            .field("keys", &self.keys.len())
            .finish_non_exhaustive()
    }
}

impl<P: CryptoProvider> CryptoProvider for PrecomputedP256<P> {
    type Hasher = P::Hasher;

    fn hasher(&self, alg: HashAlg) -> Result<Self::Hasher, CryptoError> {
        self.inner.hasher(alg)
    }

    fn digest(&self, alg: HashAlg, data: &[u8], out: &mut [u8]) -> Result<usize, CryptoError> {
        self.inner.digest(alg, data, out)
    }

    fn mac(
        &self,
        alg: MacAlg,
        key: &[u8],
        data: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        self.inner.mac(alg, key, data, out)
    }

    fn verify_mac(
        &self,
        alg: MacAlg,
        key: &[u8],
        data: &[u8],
        tag: &[u8],
    ) -> Result<(), CryptoError> {
        self.inner.verify_mac(alg, key, data, tag)
    }

    fn hkdf_sha256(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
        okm: &mut [u8],
    ) -> Result<(), CryptoError> {
        self.inner.hkdf_sha256(salt, ikm, info, okm)
    }

    fn verify(
        &self,
        alg: SignatureAlg,
        public_key: &[u8],
        msg: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        let tables = match (alg, &self.generator) {
            (SignatureAlg::EcdsaP256Sha256, Some(generator)) => {
                self.table_of(public_key).map(|key| (generator, key))
            }
            _ => None,
        };
        let Some((generator, table)) = tables else {
            return self.inner.verify(alg, public_key, msg, signature);
        };
        let signature: &[u8; P256_SIGNATURE_LEN] =
            signature
                .try_into()
                .map_err(|_| CryptoError::InvalidLength {
                    expected: P256_SIGNATURE_LEN,
                    actual: signature.len(),
                })?;
        let mut digest = [0u8; 32];
        self.inner.digest(HashAlg::Sha256, msg, &mut digest)?;
        if ecdsa::verify_digest(generator, table, &digest, signature) {
            Ok(())
        } else {
            Err(CryptoError::InvalidSignature)
        }
    }

    fn sign(
        &self,
        alg: SignatureAlg,
        key: &SigningKey<'_>,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        self.inner.sign(alg, key, msg, out)
    }

    fn public_key(
        &self,
        alg: SignatureAlg,
        private: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        self.inner.public_key(alg, private, out)
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
        self.inner.aead_seal(alg, key, nonce, aad, in_out, tag_out)
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
        self.inner.aead_open(alg, key, nonce, aad, in_out, tag)
    }

    fn key_wrap(
        &self,
        alg: KeyWrapAlg,
        kek: &[u8],
        key_to_wrap: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        self.inner.key_wrap(alg, kek, key_to_wrap, out)
    }

    fn key_unwrap(
        &self,
        alg: KeyWrapAlg,
        kek: &[u8],
        wrapped: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        self.inner.key_unwrap(alg, kek, wrapped, out)
    }

    fn ctr_apply(
        &self,
        alg: CipherAlg,
        key: &[u8],
        iv: &[u8],
        data: &mut [u8],
    ) -> Result<(), CryptoError> {
        self.inner.ctr_apply(alg, key, iv, data)
    }

    fn ecdh(
        &self,
        curve: Curve,
        private_scalar: &[u8],
        peer_public_sec1: &[u8],
        shared_x_out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        self.inner
            .ecdh(curve, private_scalar, peer_public_sec1, shared_x_out)
    }
}
