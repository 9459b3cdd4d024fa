//! The provider trait every backend implements, its streaming [`Hasher`], and
//! the [`SigningKey`] pair handed to [`CryptoProvider::sign`].

use core::fmt;

use crate::{AeadAlg, CipherAlg, CryptoError, Curve, HashAlg, KeyWrapAlg, MacAlg, SignatureAlg};

/// A streaming hash computation, for inputs that arrive in chunks (a firmware
/// image read from flash or the network).
pub trait Hasher {
    /// The algorithm this hasher computes.
    fn algorithm(&self) -> HashAlg;

    /// Absorbs the next chunk of the input.
    fn update(&mut self, data: &[u8]);

    /// Writes the digest into the first [`HashAlg::output_len`] bytes of
    /// `out` and returns that length.
    ///
    /// # Errors
    /// [`CryptoError::BufferTooSmall`] when `out` is shorter than the digest;
    /// the hasher is consumed either way.
    fn finish(self, out: &mut [u8]) -> Result<usize, CryptoError>;
}

/// A private key together with its public key, the way a COSE_Key carries
/// `d` with `x` (and `y`).
///
/// ring only signs with a key pair whose halves it has checked against each
/// other, so both halves travel together; the RustCrypto backend checks them
/// the same way, and a mismatch is [`CryptoError::InvalidKey`] from both.
///
/// | algorithm | `private` | `public` |
/// |---|---|---|
/// | ECDSA P-256 / P-384 | big-endian scalar, 32 / 48 bytes | SEC1 point (see [`CryptoProvider`]) |
/// | Ed25519 | 32-byte seed (RFC 8032 §5.1.5) | 32-byte public key |
///
/// `Debug` does not print the private half.
#[derive(Clone, Copy)]
pub struct SigningKey<'a> {
    /// The private scalar (ECDSA) or seed (Ed25519).
    pub private: &'a [u8],
    /// The matching public key.
    pub public: &'a [u8],
}

impl<'a> SigningKey<'a> {
    /// A key pair from its two halves. Nothing is checked until it is used.
    pub const fn new(private: &'a [u8], public: &'a [u8]) -> Self {
        Self { private, public }
    }
}

impl fmt::Debug for SigningKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("private", &"<redacted>")
            .field("public", &self.public)
            .finish()
    }
}

/// The cryptographic operations that SUIT manifests, COSE structures, device
/// identity and firmware encryption need, behind one interface so that a
/// protocol crate runs unchanged on a microcontroller (RustCrypto backend) and
/// on a host (ring backend).
///
/// # Encodings
/// - **ECDSA public keys** are SEC1 points. The uncompressed form
///   `0x04 ‖ x ‖ y` (65 bytes for P-256, 97 for P-384) works with every
///   backend; the RustCrypto backend also accepts the compressed form
///   (`0x02`/`0x03 ‖ x`), ring does not (it reports
///   [`CryptoError::InvalidKey`] for it before trying).
/// - **ECDSA signatures** are fixed-width `r ‖ s`, each half big-endian and
///   left-padded to the field size (64 bytes for P-256, 96 for P-384): the
///   COSE form (RFC 9053 §2.1), not ASN.1 DER.
/// - **Ed25519** keys are raw: a 32-byte seed as private key, a 32-byte public
///   key, 64-byte signatures (RFC 8032).
/// - **ECDH** private keys are big-endian scalars of the curve's field size;
///   the result is the x-coordinate of the shared point (the "Z" of NIST
///   SP 800-56A), as COSE's ECDH-ES and ECDH-SS feed it to HKDF.
///
/// # Buffers
/// Outputs go into caller-supplied slices; an operation writes the first
/// `n` bytes and returns `n`. A slice that is too short is
/// [`CryptoError::BufferTooSmall`], never a panic or a truncated result.
pub trait CryptoProvider {
    /// The streaming hasher of this provider.
    type Hasher: Hasher;

    /// Starts a streaming hash.
    ///
    /// # Errors
    /// [`CryptoError::UnsupportedAlgorithm`] if the provider lacks `alg`.
    fn hasher(&self, alg: HashAlg) -> Result<Self::Hasher, CryptoError>;

    /// Hashes `data` in one call, writing the digest to the front of `out`.
    ///
    /// # Errors
    /// [`CryptoError::BufferTooSmall`] when `out` is shorter than
    /// [`HashAlg::output_len`]; [`CryptoError::UnsupportedAlgorithm`].
    fn digest(&self, alg: HashAlg, data: &[u8], out: &mut [u8]) -> Result<usize, CryptoError> {
        let needed = alg.output_len();
        if out.len() < needed {
            return Err(CryptoError::BufferTooSmall {
                needed,
                available: out.len(),
            });
        }
        let mut hasher = self.hasher(alg)?;
        hasher.update(data);
        hasher.finish(out)
    }

    /// Computes the full-length HMAC tag of `data` under `key` into the front
    /// of `out`. Keys of any length are accepted (RFC 2104 §2).
    ///
    /// # Errors
    /// [`CryptoError::BufferTooSmall`] when `out` is shorter than
    /// [`MacAlg::tag_len`]; [`CryptoError::UnsupportedAlgorithm`].
    fn mac(
        &self,
        alg: MacAlg,
        key: &[u8],
        data: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError>;

    /// Checks a full-length HMAC tag in constant time.
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] when `tag` is not [`MacAlg::tag_len`]
    /// bytes (truncated tags are not accepted);
    /// [`CryptoError::AuthenticationFailed`] when it does not match.
    fn verify_mac(
        &self,
        alg: MacAlg,
        key: &[u8],
        data: &[u8],
        tag: &[u8],
    ) -> Result<(), CryptoError>;

    /// HKDF-SHA-256 (RFC 5869): extract with `salt` (empty means "not
    /// provided", i.e. 32 zero bytes) and `ikm`, then expand with `info` to
    /// fill all of `okm`.
    ///
    /// # Errors
    /// [`CryptoError::LengthOutOfRange`] when `okm` is longer than
    /// 255 × 32 = 8160 bytes.
    fn hkdf_sha256(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
        okm: &mut [u8],
    ) -> Result<(), CryptoError>;

    /// Verifies `signature` over `msg` with `public_key` (encodings above).
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] for a signature of the wrong size (or an
    /// Ed25519 key that is not 32 bytes); [`CryptoError::InvalidKey`] for a
    /// public key that is not a valid point; [`CryptoError::InvalidSignature`]
    /// when the signature does not verify. ring does not tell a bad point from
    /// a bad signature: past the format checks it reports `InvalidSignature`.
    fn verify(
        &self,
        alg: SignatureAlg,
        public_key: &[u8],
        msg: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError>;

    /// Signs `msg`, writing the signature to the front of `out`.
    ///
    /// Ed25519 is deterministic in every backend. ECDSA is deterministic
    /// (RFC 6979) in the RustCrypto backend and randomized in ring; both
    /// verify everywhere.
    ///
    /// # Errors
    /// [`CryptoError::BufferTooSmall`] when `out` is shorter than
    /// [`SignatureAlg::signature_len`]; [`CryptoError::InvalidLength`] for a
    /// private key of the wrong size; [`CryptoError::InvalidKey`] for an
    /// invalid scalar or a public half that does not match;
    /// [`CryptoError::RandomnessUnavailable`] if ring's RNG fails.
    fn sign(
        &self,
        alg: SignatureAlg,
        key: &SigningKey<'_>,
        msg: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError>;

    /// Computes the public key of a private key (the uncompressed SEC1
    /// point for ECDSA, the 32-byte key for Ed25519), writing it to the
    /// front of `out`: key generation from a random scalar or seed.
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] for a private key of the wrong size;
    /// [`CryptoError::InvalidKey`] for a zero or out-of-range scalar;
    /// [`CryptoError::BufferTooSmall`]; [`CryptoError::UnsupportedAlgorithm`]
    /// for HSS-LMS and RSA, or an algorithm the backend leaves out.
    fn public_key(
        &self,
        alg: SignatureAlg,
        private: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError>;

    /// Encrypts `in_out` in place and writes the 16-byte tag to the front of
    /// `tag_out`; returns the tag length.
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] for a key or nonce of the wrong size;
    /// [`CryptoError::BufferTooSmall`] when `tag_out` is shorter than 16
    /// bytes. On error `in_out` is unchanged.
    fn aead_seal(
        &self,
        alg: AeadAlg,
        key: &[u8],
        nonce: &[u8],
        aad: &[u8],
        in_out: &mut [u8],
        tag_out: &mut [u8],
    ) -> Result<usize, CryptoError>;

    /// Checks `tag` and decrypts `in_out` in place.
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] for a key, nonce or tag of the wrong
    /// size (then `in_out` is unchanged); [`CryptoError::AuthenticationFailed`]
    /// when the tag does not match, and then `in_out` is all zeros in every
    /// backend: no unauthenticated plaintext is ever released.
    fn aead_open(
        &self,
        alg: AeadAlg,
        key: &[u8],
        nonce: &[u8],
        aad: &[u8],
        in_out: &mut [u8],
        tag: &[u8],
    ) -> Result<(), CryptoError>;

    /// Wraps `key_to_wrap` (at least 16 bytes, a multiple of 8) under `kek`
    /// with AES Key Wrap; writes `key_to_wrap.len() + 8` bytes to the front of
    /// `out` and returns that length.
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] for a KEK of the wrong size;
    /// [`CryptoError::LengthOutOfRange`] / [`CryptoError::UnalignedLength`]
    /// for a key to wrap that is too short or not a multiple of 8;
    /// [`CryptoError::BufferTooSmall`].
    fn key_wrap(
        &self,
        alg: KeyWrapAlg,
        kek: &[u8],
        key_to_wrap: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError>;

    /// Unwraps `wrapped` (at least 24 bytes, a multiple of 8) under `kek`;
    /// writes `wrapped.len() - 8` bytes to the front of `out` and returns
    /// that length.
    ///
    /// # Errors
    /// As [`key_wrap`](Self::key_wrap), and
    /// [`CryptoError::AuthenticationFailed`] when the integrity check value
    /// does not match; then the output bytes are all zeros.
    fn key_unwrap(
        &self,
        alg: KeyWrapAlg,
        kek: &[u8],
        wrapped: &[u8],
        out: &mut [u8],
    ) -> Result<usize, CryptoError>;

    /// XORs `data` in place with the AES-CTR key stream that starts at the
    /// 16-byte counter block `iv` (encryption and decryption are the same).
    /// The whole block is the counter, incremented as a 128-bit big-endian
    /// integer modulo 2¹²⁸ (NIST SP 800-38A appendix B.1 with m = 128).
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] for a key or IV of the wrong size (then
    /// `data` is unchanged).
    fn ctr_apply(
        &self,
        alg: CipherAlg,
        key: &[u8],
        iv: &[u8],
        data: &mut [u8],
    ) -> Result<(), CryptoError>;

    /// Static-static or ephemeral-static ECDH: multiplies the peer's public
    /// point by `private_scalar` and writes the x-coordinate of the result
    /// to the front of `shared_x_out`; returns its length.
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] for a scalar of the wrong size;
    /// [`CryptoError::InvalidKey`] for a zero or out-of-range scalar or a
    /// peer key that is not a valid point; [`CryptoError::BufferTooSmall`].
    fn ecdh(
        &self,
        curve: Curve,
        private_scalar: &[u8],
        peer_public_sec1: &[u8],
        shared_x_out: &mut [u8],
    ) -> Result<usize, CryptoError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate alloc;
    use alloc::format;

    #[test]
    fn signing_key_debug_hides_the_private_half() {
        let key = SigningKey::new(&[0xAB; 32], &[0x01]);
        let text = format!("{key:?}");
        assert!(text.contains("redacted"));
        assert!(!text.contains("171"), "private bytes leaked: {text}");
    }
}
