//! AES-GCM (`aes-gcm`), AES key wrap (`aes-kw`) and AES-CTR (`ctr` + `aes`).

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{self, AeadInOut, KeyInit};
use aes_gcm::aes::{Aes128, Aes192, Aes256};
use ctr::cipher::{KeyIvInit, StreamCipher};

use crate::{AeadAlg, CipherAlg, CryptoError, KeyWrapAlg, check};

/// AES-192-GCM with a 96-bit nonce (`aes-gcm` names only 128 and 256).
type Aes192Gcm = aes_gcm::AesGcm<Aes192, U12>;

/// [`CryptoProvider::aead_seal`](crate::CryptoProvider::aead_seal).
pub(super) fn aead_seal(
    alg: AeadAlg,
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    in_out: &mut [u8],
    tag_out: &mut [u8],
) -> Result<usize, CryptoError> {
    check::aead(alg, key, nonce, in_out.len())?;
    let n = alg.tag_len();
    let tag_out = check::out_prefix(tag_out, n)?;
    match alg {
        AeadAlg::Aes128Gcm => seal_with::<aes_gcm::Aes128Gcm>(key, nonce, aad, in_out, tag_out)?,
        AeadAlg::Aes192Gcm => seal_with::<Aes192Gcm>(key, nonce, aad, in_out, tag_out)?,
        AeadAlg::Aes256Gcm => seal_with::<aes_gcm::Aes256Gcm>(key, nonce, aad, in_out, tag_out)?,
    }
    Ok(n)
}

/// [`CryptoProvider::aead_open`](crate::CryptoProvider::aead_open).
pub(super) fn aead_open(
    alg: AeadAlg,
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    in_out: &mut [u8],
    tag: &[u8],
) -> Result<(), CryptoError> {
    check::aead(alg, key, nonce, in_out.len())?;
    check::len(alg.tag_len(), tag.len())?;
    let result = match alg {
        AeadAlg::Aes128Gcm => open_with::<aes_gcm::Aes128Gcm>(key, nonce, aad, in_out, tag),
        AeadAlg::Aes192Gcm => open_with::<Aes192Gcm>(key, nonce, aad, in_out, tag),
        AeadAlg::Aes256Gcm => open_with::<aes_gcm::Aes256Gcm>(key, nonce, aad, in_out, tag),
    };
    if result.is_err() {
        // `aes-gcm` checks the tag before decrypting, so this is ciphertext;
        // zero it anyway so that every backend leaves the same bytes.
        in_out.fill(0);
    }
    result
}

/// Seal with the AEAD type `A`; lengths are already checked.
fn seal_with<A: AeadInOut + KeyInit>(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    in_out: &mut [u8],
    tag_out: &mut [u8],
) -> Result<(), CryptoError> {
    let cipher = A::new_from_slice(key).map_err(|_| CryptoError::InvalidKey)?;
    let nonce = aead::Nonce::<A>::try_from(nonce).map_err(|_| CryptoError::InvalidKey)?;
    let len = in_out.len();
    let tag = cipher
        .encrypt_inout_detached(&nonce, aad, in_out.into())
        .map_err(|_| CryptoError::LengthOutOfRange {
            min: 0,
            max: len,
            actual: len,
        })?;
    tag_out.copy_from_slice(&tag);
    Ok(())
}

/// Open with the AEAD type `A`; lengths are already checked.
fn open_with<A: AeadInOut + KeyInit>(
    key: &[u8],
    nonce: &[u8],
    aad: &[u8],
    in_out: &mut [u8],
    tag: &[u8],
) -> Result<(), CryptoError> {
    let cipher = A::new_from_slice(key).map_err(|_| CryptoError::InvalidKey)?;
    let nonce = aead::Nonce::<A>::try_from(nonce).map_err(|_| CryptoError::InvalidKey)?;
    let tag = aead::Tag::<A>::try_from(tag).map_err(|_| CryptoError::AuthenticationFailed)?;
    cipher
        .decrypt_inout_detached(&nonce, aad, in_out.into(), &tag)
        .map_err(|_| CryptoError::AuthenticationFailed)
}

/// [`CryptoProvider::key_wrap`](crate::CryptoProvider::key_wrap).
pub(super) fn key_wrap(
    alg: KeyWrapAlg,
    kek: &[u8],
    key_to_wrap: &[u8],
    out: &mut [u8],
) -> Result<usize, CryptoError> {
    check::len(alg.kek_len(), kek.len())?;
    check::kw_key(key_to_wrap.len())?;
    let n = key_to_wrap.len().checked_add(check::KW_SEMIBLOCK).ok_or(
        CryptoError::LengthOutOfRange {
            min: check::KW_MIN_KEY,
            max: usize::MAX - check::KW_SEMIBLOCK,
            actual: key_to_wrap.len(),
        },
    )?;
    let dst = check::out_prefix(out, n)?;
    let wrapped = match alg {
        KeyWrapAlg::A128Kw => kw::<Aes128>(kek)?.wrap_key(key_to_wrap, dst),
        KeyWrapAlg::A192Kw => kw::<Aes192>(kek)?.wrap_key(key_to_wrap, dst),
        KeyWrapAlg::A256Kw => kw::<Aes256>(kek)?.wrap_key(key_to_wrap, dst),
    };
    wrapped.map(<[u8]>::len).map_err(kw_error)
}

/// [`CryptoProvider::key_unwrap`](crate::CryptoProvider::key_unwrap).
pub(super) fn key_unwrap(
    alg: KeyWrapAlg,
    kek: &[u8],
    wrapped: &[u8],
    out: &mut [u8],
) -> Result<usize, CryptoError> {
    check::len(alg.kek_len(), kek.len())?;
    let n =
        wrapped
            .len()
            .checked_sub(check::KW_SEMIBLOCK)
            .ok_or(CryptoError::LengthOutOfRange {
                min: check::KW_MIN_KEY + check::KW_SEMIBLOCK,
                max: usize::MAX,
                actual: wrapped.len(),
            })?;
    check::kw_key(n).map_err(|e| match e {
        CryptoError::LengthOutOfRange { min, max, .. } => CryptoError::LengthOutOfRange {
            min: min + check::KW_SEMIBLOCK,
            max,
            actual: wrapped.len(),
        },
        CryptoError::UnalignedLength { multiple, .. } => CryptoError::UnalignedLength {
            multiple,
            actual: wrapped.len(),
        },
        other => other,
    })?;
    let dst = check::out_prefix(out, n)?;
    let unwrapped = match alg {
        KeyWrapAlg::A128Kw => kw::<Aes128>(kek)?.unwrap_key(wrapped, dst),
        KeyWrapAlg::A192Kw => kw::<Aes192>(kek)?.unwrap_key(wrapped, dst),
        KeyWrapAlg::A256Kw => kw::<Aes256>(kek)?.unwrap_key(wrapped, dst),
    };
    unwrapped.map(<[u8]>::len).map_err(kw_error)
}

/// An AES-KW instance keyed with `kek` (length already checked).
fn kw<C>(kek: &[u8]) -> Result<aes_kw::AesKw<C>, CryptoError>
where
    aes_kw::AesKw<C>: KeyInit,
{
    aes_kw::AesKw::<C>::new_from_slice(kek).map_err(|_| CryptoError::InvalidKey)
}

/// Maps an `aes-kw` error (lengths were checked, so only the integrity check
/// is expected to fail).
fn kw_error(e: aes_kw::Error) -> CryptoError {
    match e {
        aes_kw::Error::IntegrityCheckFailed => CryptoError::AuthenticationFailed,
        aes_kw::Error::InvalidDataSize => CryptoError::UnalignedLength {
            multiple: check::KW_SEMIBLOCK,
            actual: 0,
        },
        aes_kw::Error::InvalidOutputSize { expected_len } => CryptoError::BufferTooSmall {
            needed: expected_len,
            available: 0,
        },
    }
}

/// [`CryptoProvider::ctr_apply`](crate::CryptoProvider::ctr_apply).
pub(super) fn ctr_apply(
    alg: CipherAlg,
    key: &[u8],
    iv: &[u8],
    data: &mut [u8],
) -> Result<(), CryptoError> {
    check::len(alg.key_len(), key.len())?;
    check::len(alg.iv_len(), iv.len())?;
    match alg {
        CipherAlg::Aes128Ctr => ctr_with::<ctr::Ctr128BE<Aes128>>(key, iv, data),
        CipherAlg::Aes192Ctr => ctr_with::<ctr::Ctr128BE<Aes192>>(key, iv, data),
        CipherAlg::Aes256Ctr => ctr_with::<ctr::Ctr128BE<Aes256>>(key, iv, data),
    }
}

/// Applies the key stream of the CTR type `C`; lengths are already checked.
fn ctr_with<C: KeyIvInit + StreamCipher>(
    key: &[u8],
    iv: &[u8],
    data: &mut [u8],
) -> Result<(), CryptoError> {
    let mut cipher = C::new_from_slices(key, iv).map_err(|_| CryptoError::InvalidKey)?;
    // `Ctr128BE` counts modulo 2^128 and reports no limit, so this cannot
    // fail for a slice that fits in memory; map it all the same.
    let actual = data.len();
    cipher
        .try_apply_keystream(data)
        .map_err(|_| CryptoError::LengthOutOfRange {
            min: 0,
            max: 0,
            actual,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcm_round_trip_and_tamper() {
        let key = [3u8; 24];
        let nonce = [9u8; 12];
        let mut data = *b"firmware block";
        let mut tag = [0u8; 16];
        assert_eq!(
            aead_seal(
                AeadAlg::Aes192Gcm,
                &key,
                &nonce,
                b"aad",
                &mut data,
                &mut tag
            ),
            Ok(16)
        );
        assert_ne!(&data, b"firmware block");
        let mut copy = data;
        assert_eq!(
            aead_open(AeadAlg::Aes192Gcm, &key, &nonce, b"aad", &mut copy, &tag),
            Ok(())
        );
        assert_eq!(&copy, b"firmware block");
        let mut copy = data;
        assert_eq!(
            aead_open(AeadAlg::Aes192Gcm, &key, &nonce, b"aaD", &mut copy, &tag),
            Err(CryptoError::AuthenticationFailed)
        );
        assert_eq!(copy, [0u8; 14]);
    }

    #[test]
    fn gcm_bad_lengths_leave_data_alone() {
        let mut data = [1u8; 4];
        assert_eq!(
            aead_open(
                AeadAlg::Aes128Gcm,
                &[0; 16],
                &[0; 12],
                b"",
                &mut data,
                &[0; 15]
            ),
            Err(CryptoError::InvalidLength {
                expected: 16,
                actual: 15
            })
        );
        assert_eq!(data, [1u8; 4]);
        assert_eq!(
            aead_seal(
                AeadAlg::Aes128Gcm,
                &[0; 16],
                &[0; 12],
                b"",
                &mut data,
                &mut [0; 15]
            ),
            Err(CryptoError::BufferTooSmall {
                needed: 16,
                available: 15
            })
        );
        assert_eq!(data, [1u8; 4]);
    }

    #[test]
    fn kw_lengths() {
        let kek = [0u8; 16];
        let mut out = [0u8; 64];
        assert_eq!(
            key_wrap(KeyWrapAlg::A128Kw, &kek, &[0u8; 8], &mut out),
            Err(CryptoError::LengthOutOfRange {
                min: 16,
                max: usize::MAX,
                actual: 8
            })
        );
        assert_eq!(
            key_wrap(KeyWrapAlg::A128Kw, &kek, &[0u8; 20], &mut out),
            Err(CryptoError::UnalignedLength {
                multiple: 8,
                actual: 20
            })
        );
        assert_eq!(
            key_wrap(KeyWrapAlg::A128Kw, &kek, &[0u8; 16], &mut [0u8; 23]),
            Err(CryptoError::BufferTooSmall {
                needed: 24,
                available: 23
            })
        );
        assert_eq!(
            key_unwrap(KeyWrapAlg::A128Kw, &kek, &[0u8; 16], &mut out),
            Err(CryptoError::LengthOutOfRange {
                min: 24,
                max: usize::MAX,
                actual: 16
            })
        );
        assert_eq!(
            key_unwrap(KeyWrapAlg::A128Kw, &kek, &[0u8; 4], &mut out),
            Err(CryptoError::LengthOutOfRange {
                min: 24,
                max: usize::MAX,
                actual: 4
            })
        );
        assert_eq!(
            key_unwrap(KeyWrapAlg::A128Kw, &kek, &[0u8; 25], &mut out),
            Err(CryptoError::UnalignedLength {
                multiple: 8,
                actual: 25
            })
        );
        assert_eq!(
            key_unwrap(KeyWrapAlg::A256Kw, &kek, &[0u8; 24], &mut out),
            Err(CryptoError::InvalidLength {
                expected: 32,
                actual: 16
            })
        );
    }

    #[test]
    fn ctr_counter_wraps_modulo_2_128() {
        let key = [5u8; 16];
        let mut wrapped = [0u8; 32];
        ctr_apply(CipherAlg::Aes128Ctr, &key, &[0xFF; 16], &mut wrapped).unwrap();
        let mut from_zero = [0u8; 16];
        ctr_apply(CipherAlg::Aes128Ctr, &key, &[0x00; 16], &mut from_zero).unwrap();
        assert_eq!(wrapped.get(16..).unwrap(), &from_zero);
    }
}
