//! Signatures over certificates and CRLs, checked through the workspace
//! crypto provider: the X.509 algorithm and the issuer's key choose the
//! provider's algorithm; ECDSA signatures are converted from DER
//! (`Ecdsa-Sig-Value`, RFC 5480 §2.2... RFC 3279 §2.2.3) to `r ‖ s`.

use iotm_crypto::{CryptoProvider, SignatureAlg};

use crate::algorithm::{KeyAlgorithm, PublicKeyInfo, SignatureAlgorithm};
use crate::der::Der;

/// Why a signature did not verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureProblem {
    /// The algorithm and key type are not a pair the provider verifies.
    Unsupported,
    /// The signature is malformed or does not verify.
    Invalid,
}

/// Verifies `signature` (as X.509 carries it: DER `Ecdsa-Sig-Value` for
/// ECDSA) over `signed` with `key`, through `crypto`.
///
/// # Errors
/// [`SignatureProblem::Unsupported`] for an algorithm and key the
/// provider does not verify as a pair, [`SignatureProblem::Invalid`]
/// otherwise.
pub fn verify_signed<C: CryptoProvider + ?Sized>(
    crypto: &C,
    algorithm: SignatureAlgorithm<'_>,
    key: &PublicKeyInfo<'_>,
    signed: &[u8],
    signature: &[u8],
) -> Result<(), SignatureProblem> {
    let (alg, field_len) = match (algorithm, key.algorithm) {
        (SignatureAlgorithm::EcdsaSha256, KeyAlgorithm::EcP256) => {
            (SignatureAlg::EcdsaP256Sha256, 32)
        }
        (SignatureAlgorithm::EcdsaSha384, KeyAlgorithm::EcP384) => {
            (SignatureAlg::EcdsaP384Sha384, 48)
        }
        (SignatureAlgorithm::Ed25519, KeyAlgorithm::Ed25519) => {
            return crypto
                .verify(SignatureAlg::Ed25519, key.key, signed, signature)
                .map_err(|e| classify(&e));
        }
        // RSASSA-PKCS1-v1_5: the key is the RSAPublicKey DER and the
        // signature the raw modulus-length value (hosts, with ring).
        (
            SignatureAlgorithm::RsaPkcs1Sha256
            | SignatureAlgorithm::RsaPkcs1Sha384
            | SignatureAlgorithm::RsaPkcs1Sha512,
            KeyAlgorithm::Rsa,
        ) => {
            let alg = match algorithm {
                SignatureAlgorithm::RsaPkcs1Sha384 => SignatureAlg::RsaPkcs1Sha384,
                SignatureAlgorithm::RsaPkcs1Sha512 => SignatureAlg::RsaPkcs1Sha512,
                _ => SignatureAlg::RsaPkcs1Sha256,
            };
            return crypto
                .verify(alg, key.key, signed, signature)
                .map_err(|e| classify(&e));
        }
        _ => return Err(SignatureProblem::Unsupported),
    };
    // The provider takes uncompressed points.
    if key.key.first() != Some(&0x04) {
        return Err(SignatureProblem::Unsupported);
    }
    let mut raw = [0u8; 96];
    let raw = ecdsa_der_to_raw(signature, field_len, &mut raw).ok_or(SignatureProblem::Invalid)?;
    crypto
        .verify(alg, key.key, signed, raw)
        .map_err(|e| classify(&e))
}

fn classify(error: &iotm_crypto::CryptoError) -> SignatureProblem {
    match error {
        iotm_crypto::CryptoError::UnsupportedAlgorithm => SignatureProblem::Unsupported,
        _ => SignatureProblem::Invalid,
    }
}

/// `SEQUENCE { r INTEGER, s INTEGER }` (positive, minimal) to the
/// fixed-width `r ‖ s` of `field_len` bytes each.
fn ecdsa_der_to_raw<'o>(der: &[u8], field_len: usize, out: &'o mut [u8; 96]) -> Option<&'o [u8]> {
    let mut reader = Der::new(der);
    let mut seq = reader.sequence().ok()?;
    let r = seq.integer().ok()?;
    let s = seq.integer().ok()?;
    seq.finish().ok()?;
    reader.finish().ok()?;
    let out = out.get_mut(..2 * field_len)?;
    let (r_out, s_out) = out.split_at_mut(field_len);
    for (value, dest) in [(r, r_out), (s, s_out)] {
        if value.is_negative() || value.is_zero() {
            return None;
        }
        let bytes = value.unsigned_bytes();
        let pad = field_len.checked_sub(bytes.len())?;
        dest.get_mut(pad..)?.copy_from_slice(bytes);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;
    extern crate alloc;
    use alloc::vec;

    #[test]
    fn rfc3279_2_2_3_ecdsa_sig_value_converts_to_fixed_width() {
        let der = [0x30, 0x07, 0x02, 0x01, 0x05, 0x02, 0x02, 0x00, 0x80];
        let mut buf = [0u8; 96];
        let raw = ecdsa_der_to_raw(&der, 32, &mut buf).unwrap();
        assert_eq!(raw.len(), 64);
        assert_eq!(raw[31], 5);
        assert_eq!(raw[63], 0x80);
        assert!(raw[..31].iter().all(|b| *b == 0));
        // Negative, zero, too long, trailing data.
        let mut buf = [0u8; 96];
        assert!(
            ecdsa_der_to_raw(
                &[0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x01],
                32,
                &mut buf
            )
            .is_none()
        );
        assert!(
            ecdsa_der_to_raw(
                &[0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01],
                32,
                &mut buf
            )
            .is_none()
        );
        let mut long = vec![0x30, 0x26, 0x02, 0x21, 0x01];
        long.extend_from_slice(&[0u8; 32]);
        long.extend_from_slice(&[0x02, 0x01, 0x01]);
        assert!(ecdsa_der_to_raw(&long, 32, &mut buf).is_none());
    }
}
