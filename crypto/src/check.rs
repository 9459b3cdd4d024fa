//! Input checks shared by the backends. Every operation runs them before any
//! library sees the input, so the backends fail the same way for the same
//! bad input and no library assertion on a length is ever reached.

#[cfg(feature = "rustcrypto-aes")]
use crate::AeadAlg;
use crate::CryptoError;

#[cfg(feature = "rustcrypto-aes")]
/// The largest plaintext GCM takes under one key and nonce: 2³⁹ − 256 bits
/// (NIST SP 800-38D §5.2.1.1).
const GCM_MAX_PLAINTEXT: u64 = (1 << 36) - 32;

/// The largest HKDF-SHA-256 output: 255 blocks of 32 bytes (RFC 5869 §2.3).
pub(crate) const HKDF_SHA256_MAX_OKM: usize = 255 * 32;

#[cfg(feature = "rustcrypto-aes")]
/// The AES key-wrap semiblock, also the length of its integrity check value
/// (RFC 3394 §2).
pub(crate) const KW_SEMIBLOCK: usize = 8;

#[cfg(feature = "rustcrypto-aes")]
/// The shortest key AES key wrap takes: two semiblocks (RFC 3394 §2).
pub(crate) const KW_MIN_KEY: usize = 2 * KW_SEMIBLOCK;

/// `Ok` when `actual == expected`, else [`CryptoError::InvalidLength`].
pub(crate) const fn len(expected: usize, actual: usize) -> Result<(), CryptoError> {
    if expected == actual {
        Ok(())
    } else {
        Err(CryptoError::InvalidLength { expected, actual })
    }
}

/// The first `needed` bytes of `out`, or [`CryptoError::BufferTooSmall`].
pub(crate) fn out_prefix(out: &mut [u8], needed: usize) -> Result<&mut [u8], CryptoError> {
    let available = out.len();
    out.get_mut(..needed)
        .ok_or(CryptoError::BufferTooSmall { needed, available })
}

/// HKDF-SHA-256 output length within RFC 5869's limit.
pub(crate) const fn hkdf_okm(okm_len: usize) -> Result<(), CryptoError> {
    if okm_len > HKDF_SHA256_MAX_OKM {
        Err(CryptoError::LengthOutOfRange {
            min: 0,
            max: HKDF_SHA256_MAX_OKM,
            actual: okm_len,
        })
    } else {
        Ok(())
    }
}

#[cfg(feature = "rustcrypto-aes")]
/// Key, nonce and plaintext length for an AES-GCM operation.
pub(crate) fn aead(
    alg: AeadAlg,
    key: &[u8],
    nonce: &[u8],
    text_len: usize,
) -> Result<(), CryptoError> {
    len(alg.key_len(), key.len())?;
    len(alg.nonce_len(), nonce.len())?;
    let too_long = u64::try_from(text_len).map_or(true, |n| n > GCM_MAX_PLAINTEXT);
    if too_long {
        let max = usize::try_from(GCM_MAX_PLAINTEXT).unwrap_or(usize::MAX);
        return Err(CryptoError::LengthOutOfRange {
            min: 0,
            max,
            actual: text_len,
        });
    }
    Ok(())
}

#[cfg(feature = "rustcrypto-aes")]
/// Length of a key to wrap, or of a wrapped key less its integrity check
/// value: at least two semiblocks and a whole number of them.
pub(crate) const fn kw_key(key_len: usize) -> Result<(), CryptoError> {
    if key_len < KW_MIN_KEY {
        Err(CryptoError::LengthOutOfRange {
            min: KW_MIN_KEY,
            max: usize::MAX,
            actual: key_len,
        })
    } else if !key_len.is_multiple_of(KW_SEMIBLOCK) {
        Err(CryptoError::UnalignedLength {
            multiple: KW_SEMIBLOCK,
            actual: key_len,
        })
    } else {
        Ok(())
    }
}

#[cfg(all(test, feature = "rustcrypto"))]
mod tests {
    use super::*;

    #[test]
    fn exact_lengths() {
        assert_eq!(len(3, 3), Ok(()));
        assert_eq!(
            len(3, 4),
            Err(CryptoError::InvalidLength {
                expected: 3,
                actual: 4
            })
        );
    }

    #[test]
    fn output_prefix() {
        let mut buf = [0u8; 4];
        assert_eq!(out_prefix(&mut buf, 4).map(|s| s.len()), Ok(4));
        assert_eq!(
            out_prefix(&mut buf, 5).map(|s| s.len()),
            Err(CryptoError::BufferTooSmall {
                needed: 5,
                available: 4
            })
        );
    }

    #[test]
    fn rfc_5869_2_3_output_limit() {
        assert_eq!(hkdf_okm(8160), Ok(()));
        assert_eq!(
            hkdf_okm(8161),
            Err(CryptoError::LengthOutOfRange {
                min: 0,
                max: 8160,
                actual: 8161
            })
        );
    }

    #[test]
    fn rfc_3394_2_at_least_two_semiblocks() {
        assert_eq!(kw_key(16), Ok(()));
        assert_eq!(kw_key(24), Ok(()));
        assert!(matches!(
            kw_key(8),
            Err(CryptoError::LengthOutOfRange { .. })
        ));
        assert_eq!(
            kw_key(17),
            Err(CryptoError::UnalignedLength {
                multiple: 8,
                actual: 17
            })
        );
    }

    #[test]
    fn gcm_lengths() {
        let key = [0u8; 16];
        assert_eq!(aead(AeadAlg::Aes128Gcm, &key, &[0; 12], 0), Ok(()));
        assert_eq!(
            aead(AeadAlg::Aes128Gcm, &key, &[0; 8], 0),
            Err(CryptoError::InvalidLength {
                expected: 12,
                actual: 8
            })
        );
        assert_eq!(
            aead(AeadAlg::Aes256Gcm, &key, &[0; 12], 0),
            Err(CryptoError::InvalidLength {
                expected: 32,
                actual: 16
            })
        );
    }
}
