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
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn read(der: &mut Der<'a>) -> Result<Self, Error> {
        // The common encodings, whole: what the general reader would
        // accept, without reading them element by element.
        let bytes = der.remaining();
        let common = if bytes.first_chunk() == Some(&encoding::ECDSA_SHA256) {
            Some((
                SignatureAlgorithm::EcdsaSha256,
                encoding::ECDSA_SHA256.len(),
            ))
        } else if bytes.first_chunk() == Some(&encoding::ECDSA_SHA384) {
            Some((
                SignatureAlgorithm::EcdsaSha384,
                encoding::ECDSA_SHA384.len(),
            ))
        } else if bytes.first_chunk() == Some(&encoding::ED25519) {
            Some((SignatureAlgorithm::Ed25519, encoding::ED25519.len()))
        } else {
            None
        };
        if let Some((algorithm, len)) = common {
            der.advance(len);
            return Ok(Self {
                algorithm,
                encoded: bytes.get(..len).unwrap_or_default(),
            });
        }
        Self::read_general(der)
    }

    /// Reads a signature AlgorithmIdentifier element by element.
    fn read_general(der: &mut Der<'a>) -> Result<Self, Error> {
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
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn read(der: &mut Der<'a>) -> Result<Self, Error> {
        let tlv = der.element(tag::SEQUENCE)?;
        Self::from_tlv(&tlv)
    }

    /// Checks a SubjectPublicKeyInfo element.
    ///
    /// # Errors
    /// As [`PublicKeyInfo::read`].
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn from_tlv(tlv: &Tlv<'a>) -> Result<Self, Error> {
        // The common encodings: a fixed prefix (which fixes every length)
        // and the key; only the key's first byte is left to check.
        let encoded = tlv.encoded;
        let uncompressed = |key: &[u8]| key.first() == Some(&0x04);
        let common = [
            (&encoding::EC_P256_KEY[..], KeyAlgorithm::EcP256),
            (&encoding::ED25519_KEY[..], KeyAlgorithm::Ed25519),
            (&encoding::EC_P384_KEY[..], KeyAlgorithm::EcP384),
        ]
        .into_iter()
        .find_map(|(prefix, algorithm)| Some((algorithm, encoded.strip_prefix(prefix)?)));
        if let Some((algorithm, key)) = common
            .filter(|(algorithm, key)| *algorithm == KeyAlgorithm::Ed25519 || uncompressed(key))
        {
            return Ok(Self {
                algorithm,
                key,
                encoded,
            });
        }
        Self::from_tlv_general(tlv)
    }

    /// Checks a SubjectPublicKeyInfo element element by element.
    fn from_tlv_general(tlv: &Tlv<'a>) -> Result<Self, Error> {
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

/// Whole DER encodings of common AlgorithmIdentifiers, and the fixed
/// prefixes of common SubjectPublicKeyInfos (up to the key).
mod encoding {
    /// `SEQUENCE { ecdsa-with-SHA256 }`.
    pub(super) const ECDSA_SHA256: [u8; 12] = [
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
    ];
    /// `SEQUENCE { ecdsa-with-SHA384 }`.
    pub(super) const ECDSA_SHA384: [u8; 12] = [
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03,
    ];
    /// `SEQUENCE { id-Ed25519 }`.
    pub(super) const ED25519: [u8; 7] = [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];
    /// A 91-byte SubjectPublicKeyInfo of an uncompressed P-256 point, up to
    /// the point's 65 bytes.
    pub(super) const EC_P256_KEY: [u8; 26] = [
        0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08,
        0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
    ];
    /// A 120-byte SubjectPublicKeyInfo of an uncompressed P-384 point, up
    /// to the point's 97 bytes.
    pub(super) const EC_P384_KEY: [u8; 23] = [
        0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05,
        0x2b, 0x81, 0x04, 0x00, 0x22, 0x03, 0x62, 0x00,
    ];
    /// A 44-byte Ed25519 SubjectPublicKeyInfo, up to the key's 32 bytes.
    pub(super) const ED25519_KEY: [u8; 12] = [
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ];
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

    extern crate alloc;

    use super::*;
    use alloc::vec::Vec;

    const MUTATIONS: [u8; 12] = [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x22, 0x30, 0x80, 0xff,
    ];

    /// Each byte of `encoding` replaced by each of [`MUTATIONS`].
    fn mutations(encoding: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
        (0..encoding.len()).flat_map(move |at| {
            MUTATIONS.iter().map(move |value| {
                let mut bytes = encoding.to_vec();
                bytes[at] = *value;
                bytes
            })
        })
    }

    #[test]
    fn rfc5280_4_1_1_2_common_algorithm_identifiers_read_as_the_general_reader_reads_them() {
        let rsa = [
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05,
            0x00,
        ];
        let whole: [&[u8]; 4] = [
            &encoding::ECDSA_SHA256,
            &encoding::ECDSA_SHA384,
            &encoding::ED25519,
            &rsa,
        ];
        let mut checked = 0;
        for encoding in whole {
            for mut bytes in mutations(encoding).chain([encoding.to_vec()]) {
                bytes.push(0x05);
                let (mut fast, mut general) = (Der::nested(&bytes, 7), Der::nested(&bytes, 7));
                let ours = AlgorithmIdentifier::read(&mut fast);
                let theirs = AlgorithmIdentifier::read_general(&mut general);
                assert_eq!(ours, theirs, "{bytes:02x?}");
                if ours.is_ok() {
                    assert_eq!(fast.offset(), general.offset());
                }
                checked += 1;
            }
        }
        assert_eq!(checked, (12 + 12 + 7 + 15) * MUTATIONS.len() + 4);
    }

    #[test]
    fn rfc5480_rfc8410_common_public_keys_read_as_the_general_reader_reads_them() {
        let keys: [(&[u8], usize, u8); 3] = [
            (&encoding::EC_P256_KEY, 65, 0x04),
            (&encoding::EC_P384_KEY, 97, 0x04),
            (&encoding::ED25519_KEY, 32, 0x09),
        ];
        let mut checked = 0;
        for (prefix, key_len, first) in keys {
            let mut spki = prefix.to_vec();
            spki.push(first);
            spki.resize(prefix.len() + key_len, 0x5a);
            let ok = Der::new(&spki).any().unwrap();
            assert!(PublicKeyInfo::from_tlv(&ok).is_ok());
            // The prefix and the key's first byte mutated.
            for bytes in mutations(&spki[..=prefix.len()]) {
                let mut bytes = bytes;
                bytes.extend_from_slice(&spki[prefix.len() + 1..]);
                let Ok(tlv) = Der::new(&bytes).any() else {
                    continue;
                };
                assert_eq!(
                    PublicKeyInfo::from_tlv(&tlv),
                    PublicKeyInfo::from_tlv_general(&tlv),
                    "{bytes:02x?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
    }
}
