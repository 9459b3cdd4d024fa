//! AlgorithmIdentifier (RFC 5280 §4.1.1.2) for signatures, and
//! SubjectPublicKeyInfo (§4.1.2.7) with the key forms of RFC 5480 (EC),
//! RFC 8410 (Ed25519) and RFC 8017 (RSA).

use crate::der::{Der, Tlv, tag};
use crate::oid::{Oid, alg};
use crate::rule::{Error, Rule};

/// A signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm<'a> {
    /// ecdsa-with-SHA256 (RFC 5758 §3.2).
    EcdsaSha256,
    /// ecdsa-with-SHA384.
    EcdsaSha384,
    /// ecdsa-with-SHA512.
    EcdsaSha512,
    /// Ed25519 (RFC 8410).
    Ed25519,
    /// sha256WithRSAEncryption (RFC 4055).
    RsaPkcs1Sha256,
    /// sha384WithRSAEncryption.
    RsaPkcs1Sha384,
    /// sha512WithRSAEncryption.
    RsaPkcs1Sha512,
    /// Another algorithm (RSA-PSS, SHA-1, ...): parsed, never verified.
    Other(Oid<'a>),
}

/// A parsed AlgorithmIdentifier with its encoding (compared byte for byte
/// between a certificate's two copies).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlgorithmIdentifier<'a> {
    /// The algorithm.
    pub algorithm: SignatureAlgorithm<'a>,
    /// The whole encoding.
    pub encoded: &'a [u8],
}

impl<'a> AlgorithmIdentifier<'a> {
    /// Reads a signature AlgorithmIdentifier.
    ///
    /// # Errors
    /// Not a `SEQUENCE { OID, params }`, or parameters other than the
    /// algorithm requires (absent for ECDSA and Ed25519, NULL for RSA).
    pub fn read(der: &mut Der<'a>) -> Result<Self, Error> {
        let tlv = der.element(tag::SEQUENCE)?;
        let mut seq = tlv.reader();
        let oid = seq.oid()?;
        let algorithm = match oid.as_bytes() {
            alg::ECDSA_SHA256 => SignatureAlgorithm::EcdsaSha256,
            alg::ECDSA_SHA384 => SignatureAlgorithm::EcdsaSha384,
            alg::ECDSA_SHA512 => SignatureAlgorithm::EcdsaSha512,
            alg::ED25519 => SignatureAlgorithm::Ed25519,
            alg::RSA_SHA256 => SignatureAlgorithm::RsaPkcs1Sha256,
            alg::RSA_SHA384 => SignatureAlgorithm::RsaPkcs1Sha384,
            alg::RSA_SHA512 => SignatureAlgorithm::RsaPkcs1Sha512,
            _ => {
                // Unknown parameters are kept unread: the algorithm is
                // never used to verify.
                return Ok(Self {
                    algorithm: SignatureAlgorithm::Other(oid),
                    encoded: tlv.encoded,
                });
            }
        };
        let params_ok = match algorithm {
            // RFC 4055 §5: NULL (RFC 8017 appendix A.2.4 also allows it
            // absent; the profiles in use encode NULL).
            SignatureAlgorithm::RsaPkcs1Sha256
            | SignatureAlgorithm::RsaPkcs1Sha384
            | SignatureAlgorithm::RsaPkcs1Sha512 => seq.remaining() == [tag::NULL, 0],
            _ => seq.is_empty(),
        };
        if !params_ok {
            return Err(Error::malformed(
                Rule::InvalidAlgorithmParameters,
                seq.offset(),
            ));
        }
        Ok(Self {
            algorithm,
            encoded: tlv.encoded,
        })
    }
}

/// The algorithm of a subject public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyAlgorithm<'a> {
    /// id-ecPublicKey on P-256.
    EcP256,
    /// id-ecPublicKey on P-384.
    EcP384,
    /// id-ecPublicKey on P-521.
    EcP521,
    /// Ed25519.
    Ed25519,
    /// rsaEncryption.
    Rsa,
    /// Another algorithm, or id-ecPublicKey on another curve (the OID of
    /// the curve is given then).
    Other(Oid<'a>),
}

/// A SubjectPublicKeyInfo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKeyInfo<'a> {
    /// The key's algorithm.
    pub algorithm: KeyAlgorithm<'a>,
    /// The key: the SEC1 point (EC), the 32-byte key (Ed25519), or the
    /// RSAPublicKey DER (RSA).
    pub key: &'a [u8],
    /// The whole SubjectPublicKeyInfo encoding.
    pub encoded: &'a [u8],
}

impl<'a> PublicKeyInfo<'a> {
    /// Reads a SubjectPublicKeyInfo.
    ///
    /// # Errors
    /// Malformed structure; an EC key with other than a named curve or a
    /// point of the wrong size; an Ed25519 key not 32 bytes; an RSA key
    /// that is not `SEQUENCE { n, e }` with positive integers.
    pub fn read(der: &mut Der<'a>) -> Result<Self, Error> {
        let tlv = der.element(tag::SEQUENCE)?;
        Self::from_tlv(&tlv)
    }

    /// Checks a SubjectPublicKeyInfo element.
    ///
    /// # Errors
    /// As [`PublicKeyInfo::read`].
    pub fn from_tlv(tlv: &Tlv<'a>) -> Result<Self, Error> {
        let mut spki = tlv.reader();
        let alg_tlv = spki.element(tag::SEQUENCE)?;
        let mut alg_seq = alg_tlv.reader();
        let oid = alg_seq.oid()?;
        let bits = spki.bit_string()?;
        spki.finish()?;
        let key = bits.octets()?;
        let params_at = alg_seq.offset();
        let bad_params = || Error::malformed(Rule::InvalidAlgorithmParameters, params_at);
        let bad_key = || Error::malformed(Rule::InvalidPublicKey, bits.offset);
        let algorithm = match oid.as_bytes() {
            alg::EC_PUBLIC_KEY => {
                // RFC 5480 §2.1.1: namedCurve only.
                let curve = alg_seq.oid().map_err(|_| bad_params())?;
                alg_seq.finish().map_err(|_| bad_params())?;
                let (algorithm, coordinate) = match curve.as_bytes() {
                    alg::P256 => (KeyAlgorithm::EcP256, 32),
                    alg::P384 => (KeyAlgorithm::EcP384, 48),
                    alg::P521 => (KeyAlgorithm::EcP521, 66),
                    _ => (KeyAlgorithm::Other(curve), 0),
                };
                let well_formed = coordinate == 0
                    || match key.first() {
                        Some(0x04) => key.len() == 1 + 2 * coordinate,
                        Some(0x02 | 0x03) => key.len() == 1 + coordinate,
                        _ => false,
                    };
                if !well_formed {
                    return Err(bad_key());
                }
                algorithm
            }
            alg::ED25519 => {
                // RFC 8410 §3: parameters absent.
                alg_seq.finish().map_err(|_| bad_params())?;
                if key.len() != 32 {
                    return Err(bad_key());
                }
                KeyAlgorithm::Ed25519
            }
            alg::RSA_ENCRYPTION => {
                if alg_seq.remaining() != [tag::NULL, 0] {
                    return Err(bad_params());
                }
                check_rsa_key(key, bits.offset)?;
                KeyAlgorithm::Rsa
            }
            _ => KeyAlgorithm::Other(oid),
        };
        Ok(Self {
            algorithm,
            key,
            encoded: tlv.encoded,
        })
    }

    /// The size of the key in bits (the modulus for RSA, the field for EC).
    pub fn bits(&self) -> Option<usize> {
        match self.algorithm {
            KeyAlgorithm::EcP256 | KeyAlgorithm::Ed25519 => Some(256),
            KeyAlgorithm::EcP384 => Some(384),
            KeyAlgorithm::EcP521 => Some(521),
            KeyAlgorithm::Rsa => {
                let mut der = Der::new(self.key);
                let mut seq = der.sequence().ok()?;
                let n = seq.integer().ok()?.unsigned_bytes();
                let top = n.first()?;
                Some((n.len() - 1) * 8 + usize::try_from(8 - top.leading_zeros()).ok()?)
            }
            KeyAlgorithm::Other(_) => None,
        }
    }
}

/// RFC 8017 §A.1.1: `RSAPublicKey ::= SEQUENCE { modulus, publicExponent }`,
/// both positive.
fn check_rsa_key(key: &[u8], offset: usize) -> Result<(), Error> {
    let bad = || Error::malformed(Rule::InvalidPublicKey, offset);
    let mut der = Der::nested(key, offset);
    let mut seq = der.sequence().map_err(|_| bad())?;
    for _ in 0..2 {
        let n = seq.integer().map_err(|_| bad())?;
        if n.is_negative() || n.is_zero() {
            return Err(bad());
        }
    }
    seq.finish().map_err(|_| bad())?;
    der.finish().map_err(|_| bad())
}
