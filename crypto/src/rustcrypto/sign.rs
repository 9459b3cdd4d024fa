//! ECDSA (`p256`, `p384`), Ed25519 (`ed25519-dalek`) and HSS/LMS
//! verification (`crate::hss_lms`, on `sha2`).

use crate::{CryptoError, SignatureAlg, SigningKey, check};

/// Ed25519 key and seed length (RFC 8032 §5.1.5).
#[cfg(feature = "rustcrypto-ed25519")]
const ED25519_KEY_LEN: usize = 32;
/// Ed25519 signature length (RFC 8032 §5.1.6).
#[cfg(feature = "rustcrypto-ed25519")]
const ED25519_SIG_LEN: usize = 64;

/// [`CryptoProvider::verify`](crate::CryptoProvider::verify).
pub(super) fn verify(
    alg: SignatureAlg,
    public_key: &[u8],
    msg: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    if alg == SignatureAlg::HssLms {
        #[cfg(feature = "rustcrypto-hsslms")]
        return crate::hss_lms::verify_hss_lms(public_key, msg, signature)
            .map_err(CryptoError::from);
        #[cfg(not(feature = "rustcrypto-hsslms"))]
        return Err(CryptoError::UnsupportedAlgorithm);
    }
    if alg.is_rsa() {
        // RSA needs big-integer arithmetic with an allocator: hosts verify
        // it with ring.
        return Err(CryptoError::UnsupportedAlgorithm);
    }
    check::len(alg.signature_len(), signature.len())?;
    match alg {
        #[cfg(feature = "rustcrypto-p256")]
        SignatureAlg::EcdsaP256Sha256 => {
            use p256::ecdsa::signature::Verifier as _;
            use p256::ecdsa::{Signature, VerifyingKey};
            let key =
                VerifyingKey::from_sec1_bytes(public_key).map_err(|_| CryptoError::InvalidKey)?;
            let sig =
                Signature::from_slice(signature).map_err(|_| CryptoError::InvalidSignature)?;
            key.verify(msg, &sig)
                .map_err(|_| CryptoError::InvalidSignature)
        }
        #[cfg(feature = "rustcrypto-p384")]
        SignatureAlg::EcdsaP384Sha384 => {
            use p384::ecdsa::signature::Verifier as _;
            use p384::ecdsa::{Signature, VerifyingKey};
            let key =
                VerifyingKey::from_sec1_bytes(public_key).map_err(|_| CryptoError::InvalidKey)?;
            let sig =
                Signature::from_slice(signature).map_err(|_| CryptoError::InvalidSignature)?;
            key.verify(msg, &sig)
                .map_err(|_| CryptoError::InvalidSignature)
        }
        #[cfg(feature = "rustcrypto-ed25519")]
        SignatureAlg::Ed25519 => {
            let key = ed25519_public(public_key)?;
            let sig: &[u8; ED25519_SIG_LEN] =
                signature
                    .try_into()
                    .map_err(|_| CryptoError::InvalidLength {
                        expected: ED25519_SIG_LEN,
                        actual: signature.len(),
                    })?;
            let sig = ed25519_dalek::Signature::from_bytes(sig);
            key.verify_strict(msg, &sig)
                .map_err(|_| CryptoError::InvalidSignature)
        }
        #[allow(unreachable_patterns, reason = "every algorithm compiled in")]
        _ => {
            let _ = (public_key, msg);
            Err(CryptoError::UnsupportedAlgorithm)
        }
    }
}

/// [`CryptoProvider::sign`](crate::CryptoProvider::sign).
#[cfg_attr(
    not(all(
        feature = "rustcrypto-p256",
        feature = "rustcrypto-p384",
        feature = "rustcrypto-ed25519"
    )),
    allow(unreachable_code, reason = "some algorithms are not compiled in")
)]
pub(super) fn sign(
    alg: SignatureAlg,
    key: &SigningKey<'_>,
    msg: &[u8],
    out: &mut [u8],
) -> Result<usize, CryptoError> {
    if alg == SignatureAlg::HssLms || alg.is_rsa() {
        // HSS-LMS is stateful: a signer must never reuse a one-time key,
        // which a stateless provider call cannot promise. RSA is verified
        // only (with ring).
        return Err(CryptoError::UnsupportedAlgorithm);
    }
    let n = alg.signature_len();
    let dst = check::out_prefix(out, n)?;
    check::len(alg.private_key_len(), key.private.len())?;
    match alg {
        #[cfg(feature = "rustcrypto-p256")]
        SignatureAlg::EcdsaP256Sha256 => {
            use p256::ecdsa::signature::Signer as _;
            use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
            let sk = SigningKey::from_slice(key.private).map_err(|_| CryptoError::InvalidKey)?;
            let pk =
                VerifyingKey::from_sec1_bytes(key.public).map_err(|_| CryptoError::InvalidKey)?;
            if *sk.verifying_key() != pk {
                return Err(CryptoError::InvalidKey);
            }
            let sig: Signature = sk.try_sign(msg).map_err(|_| CryptoError::InvalidKey)?;
            dst.copy_from_slice(&sig.to_bytes());
        }
        #[cfg(feature = "rustcrypto-p384")]
        SignatureAlg::EcdsaP384Sha384 => {
            use p384::ecdsa::signature::Signer as _;
            use p384::ecdsa::{Signature, SigningKey, VerifyingKey};
            let sk = SigningKey::from_slice(key.private).map_err(|_| CryptoError::InvalidKey)?;
            let pk =
                VerifyingKey::from_sec1_bytes(key.public).map_err(|_| CryptoError::InvalidKey)?;
            if *sk.verifying_key() != pk {
                return Err(CryptoError::InvalidKey);
            }
            let sig: Signature = sk.try_sign(msg).map_err(|_| CryptoError::InvalidKey)?;
            dst.copy_from_slice(&sig.to_bytes());
        }
        #[cfg(feature = "rustcrypto-ed25519")]
        SignatureAlg::Ed25519 => {
            use ed25519_dalek::Signer as _;
            let seed: &[u8; ED25519_KEY_LEN] =
                key.private
                    .try_into()
                    .map_err(|_| CryptoError::InvalidLength {
                        expected: ED25519_KEY_LEN,
                        actual: key.private.len(),
                    })?;
            let sk = ed25519_dalek::SigningKey::from_bytes(seed);
            if sk.verifying_key() != ed25519_public(key.public)? {
                return Err(CryptoError::InvalidKey);
            }
            let sig: ed25519_dalek::Signature =
                sk.try_sign(msg).map_err(|_| CryptoError::InvalidKey)?;
            dst.copy_from_slice(&sig.to_bytes());
        }
        #[allow(unreachable_patterns, reason = "every algorithm compiled in")]
        _ => {
            let _ = (dst, msg);
            return Err(CryptoError::UnsupportedAlgorithm);
        }
    }
    Ok(n)
}

/// The public key of `private` (uncompressed SEC1 point, or the Ed25519
/// key), written to the front of `out`.
pub(super) fn public_key(
    alg: SignatureAlg,
    private: &[u8],
    out: &mut [u8],
) -> Result<usize, CryptoError> {
    let n = alg.public_key_len();
    if n == 0 {
        return Err(CryptoError::UnsupportedAlgorithm);
    }
    let dst = check::out_prefix(out, n)?;
    check::len(alg.private_key_len(), private.len())?;
    match alg {
        #[cfg(feature = "rustcrypto-p256")]
        SignatureAlg::EcdsaP256Sha256 => {
            let sk = p256::ecdsa::SigningKey::from_slice(private)
                .map_err(|_| CryptoError::InvalidKey)?;
            let point = sk.verifying_key().to_sec1_point(false);
            check::len(n, point.as_bytes().len())?;
            dst.copy_from_slice(point.as_bytes());
        }
        #[cfg(feature = "rustcrypto-p384")]
        SignatureAlg::EcdsaP384Sha384 => {
            let sk = p384::ecdsa::SigningKey::from_slice(private)
                .map_err(|_| CryptoError::InvalidKey)?;
            let point = sk.verifying_key().to_sec1_point(false);
            check::len(n, point.as_bytes().len())?;
            dst.copy_from_slice(point.as_bytes());
        }
        #[cfg(feature = "rustcrypto-ed25519")]
        SignatureAlg::Ed25519 => {
            let seed: &[u8; ED25519_KEY_LEN] =
                private.try_into().map_err(|_| CryptoError::InvalidLength {
                    expected: ED25519_KEY_LEN,
                    actual: private.len(),
                })?;
            let sk = ed25519_dalek::SigningKey::from_bytes(seed);
            dst.copy_from_slice(sk.verifying_key().as_bytes());
        }
        #[allow(unreachable_patterns, reason = "every algorithm compiled in")]
        _ => {
            let _ = dst;
            return Err(CryptoError::UnsupportedAlgorithm);
        }
    }
    Ok(n)
}

/// A 32-byte Ed25519 public key that decodes to a curve point.
#[cfg(feature = "rustcrypto-ed25519")]
fn ed25519_public(public_key: &[u8]) -> Result<ed25519_dalek::VerifyingKey, CryptoError> {
    let bytes: &[u8; ED25519_KEY_LEN] =
        public_key
            .try_into()
            .map_err(|_| CryptoError::InvalidLength {
                expected: ED25519_KEY_LEN,
                actual: public_key.len(),
            })?;
    ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| CryptoError::InvalidKey)
}

#[cfg(all(test, feature = "rustcrypto"))]
mod tests {
    use super::*;

    #[test]
    fn wrong_lengths_are_errors_not_panics() {
        for alg in [
            SignatureAlg::EcdsaP256Sha256,
            SignatureAlg::EcdsaP384Sha384,
            SignatureAlg::Ed25519,
        ] {
            for len in [0, 1, 31, 33, 63, 65, 95, 97] {
                let bytes = [7u8; 128];
                let part = bytes.get(..len).unwrap_or_default();
                assert!(verify(alg, part, b"m", part).is_err());
                let key = SigningKey::new(part, part);
                assert!(sign(alg, &key, b"m", &mut [0u8; 96]).is_err());
            }
        }
    }

    #[test]
    fn zero_scalar_is_an_invalid_key() {
        let key = SigningKey::new(&[0u8; 32], &[4u8; 65]);
        assert_eq!(
            sign(SignatureAlg::EcdsaP256Sha256, &key, b"m", &mut [0u8; 64]),
            Err(CryptoError::InvalidKey)
        );
    }

    #[test]
    fn mismatched_halves_are_rejected() {
        let seed = [1u8; 32];
        let other = ed25519_dalek::SigningKey::from_bytes(&[2u8; 32]).verifying_key();
        let key = SigningKey::new(&seed, other.as_bytes());
        assert_eq!(
            sign(SignatureAlg::Ed25519, &key, b"m", &mut [0u8; 64]),
            Err(CryptoError::InvalidKey)
        );
    }
}
