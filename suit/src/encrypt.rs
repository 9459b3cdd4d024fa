//! The host side of firmware encryption (draft-ietf-suit-firmware-encryption):
//! a payload encrypted under a content key, and the `SUIT_Encryption_Info`
//! that tells a device how to recover that key. The caller supplies the
//! random values (content key, IV, ephemeral key pair), so the result is
//! reproducible and the crate needs no RNG.

use alloc::vec::Vec;

use iotm_cbor::Encoder;
use iotm_crypto::{AeadAlg, CipherAlg, CryptoProvider, KeyWrapAlg};

use crate::encryption::{ContentCipher, MAX_KEY_LEN, ctr_block, ecdh_kek, ecdh_wrap};
use crate::label::cose;
use crate::rule::Rule;

/// How the content key reaches the device.
#[derive(Clone, Copy, Debug)]
pub enum KeyManagement<'k> {
    /// AES key wrap under a key the device shares (COSE -3, -4, -5 by the
    /// KEK's length).
    AesKw {
        /// The key-encryption key.
        kek: &'k [u8],
        /// The key id the device finds it by.
        kid: Option<&'k [u8]>,
    },
    /// ECDH-ES + A128KW (COSE -29) with the device's P-256 public key.
    EcdhEs {
        /// The device's public key, SEC1 uncompressed.
        recipient: &'k [u8],
        /// A fresh ephemeral private scalar.
        ephemeral_private: &'k [u8],
        /// Its public key, SEC1 uncompressed (65 bytes).
        ephemeral_public: &'k [u8],
        /// The key id the device finds its private key by.
        kid: Option<&'k [u8]>,
    },
}

/// An encrypted payload and its encryption info.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Encrypted {
    /// The encoded `SUIT_Encryption_Info` (COSE_Encrypt, tag 96): the value
    /// of `suit-parameter-encryption-info`.
    pub info: Vec<u8>,
    /// The ciphertext (with the 16-byte tag for AES-GCM): the payload to
    /// deliver, by `content`, by URI or integrated.
    pub ciphertext: Vec<u8>,
}

/// Encrypts `plaintext` under the content key `cek` with `iv` (12 bytes for
/// GCM, 16 for CTR), and wraps `cek` for the recipient.
///
/// # Errors
/// The rule a wrong length or an unsupported algorithm breaks.
pub fn encrypt<C: CryptoProvider + ?Sized>(
    crypto: &C,
    plaintext: &[u8],
    cipher: ContentCipher,
    cek: &[u8],
    iv: &[u8],
    recipient: &KeyManagement<'_>,
) -> Result<Encrypted, Rule> {
    let invalid = |_| Rule::InvalidCose;
    let content_alg = match cipher {
        ContentCipher::Gcm(alg) => alg.cose_id(),
        ContentCipher::Ctr(alg) => alg.cose_id(),
    };
    // GCM: alg protected; CTR (not AEAD): protected empty, alg unprotected
    // (firmware-encryption §6.3).
    let mut protected = Vec::new();
    if matches!(cipher, ContentCipher::Gcm(_)) {
        Encoder::new(&mut protected)
            .map(1)
            .and_then(|e| e.i64(cose::ALG))
            .and_then(|e| e.i64(content_alg))
            .map_err(invalid)?;
    }
    let mut protected_bstr = Vec::new();
    Encoder::new(&mut protected_bstr)
        .bytes(&protected)
        .map_err(invalid)?;
    let mut ciphertext = plaintext.to_vec();
    match cipher {
        ContentCipher::Gcm(alg) => {
            let mut aad = Vec::new();
            Encoder::new(&mut aad)
                .array(3)
                .and_then(|e| e.str("Encrypt"))
                .and_then(|e| e.raw(&protected_bstr))
                .and_then(|e| e.bytes(&[]))
                .map_err(invalid)?;
            let mut tag = [0u8; 16];
            crypto
                .aead_seal(alg, cek, iv, &aad, &mut ciphertext, &mut tag)
                .map_err(|_| Rule::UnsupportedAlgorithm(alg.cose_id()))?;
            ciphertext.extend_from_slice(&tag);
        }
        ContentCipher::Ctr(alg) => ctr(crypto, alg, cek, iv, &mut ciphertext)?,
    }

    let mut out = Vec::new();
    let mut e = Encoder::new(&mut out);
    e.tag(cose::ENCRYPT_TAG)
        .and_then(|e| e.array(4))
        .and_then(|e| e.raw(&protected_bstr))
        .map_err(invalid)?;
    match cipher {
        ContentCipher::Gcm(_) => e.map(1).and_then(|e| e.i64(cose::IV)?.bytes(iv)),
        ContentCipher::Ctr(_) => e
            .map(2)
            .and_then(|e| e.i64(cose::ALG)?.i64(content_alg)?.i64(cose::IV)?.bytes(iv)),
    }
    .map_err(invalid)?;
    e.null().and_then(|e| e.array(1)).map_err(invalid)?;
    recipient_item(crypto, &mut e, cek, recipient)?;
    Ok(Encrypted {
        info: out,
        ciphertext,
    })
}

/// AES-CTR with `iv` as the whole initial counter block, in 16-byte steps.
fn ctr<C: CryptoProvider + ?Sized>(
    crypto: &C,
    alg: CipherAlg,
    key: &[u8],
    iv: &[u8],
    data: &mut [u8],
) -> Result<(), Rule> {
    for (i, chunk) in data.chunks_mut(256).enumerate() {
        let offset = u64::try_from(i * 256).map_err(|_| Rule::InvalidCose)?;
        let counter = ctr_block(iv, offset).ok_or(Rule::InvalidCose)?;
        crypto
            .ctr_apply(alg, key, &counter, chunk)
            .map_err(|_| Rule::UnsupportedAlgorithm(alg.cose_id()))?;
    }
    Ok(())
}

/// One recipient `[protected, unprotected, wrapped key]`.
fn recipient_item<C: CryptoProvider + ?Sized>(
    crypto: &C,
    e: &mut Encoder<&mut Vec<u8>>,
    cek: &[u8],
    recipient: &KeyManagement<'_>,
) -> Result<(), Rule> {
    let invalid = |_| Rule::InvalidCose;
    let mut wrapped = [0u8; MAX_KEY_LEN + 8];
    match recipient {
        KeyManagement::AesKw { kek, kid } => {
            let wrap = match kek.len() {
                16 => KeyWrapAlg::A128Kw,
                24 => KeyWrapAlg::A192Kw,
                32 => KeyWrapAlg::A256Kw,
                _ => return Err(Rule::UnsupportedAlgorithm(0)),
            };
            let n = crypto
                .key_wrap(wrap, kek, cek, &mut wrapped)
                .map_err(|_| Rule::InvalidCose)?;
            e.array(3)
                .and_then(|e| e.bytes(&[]))
                .and_then(|e| e.map(1 + u64::from(kid.is_some())))
                .and_then(|e| e.i64(cose::ALG)?.i64(wrap.cose_id()))
                .map_err(invalid)?;
            if let Some(kid) = kid {
                e.i64(cose::KID)
                    .and_then(|e| e.bytes(kid))
                    .map_err(invalid)?;
            }
            e.bytes(wrapped.get(..n).unwrap_or_default())
                .map_err(invalid)?;
        }
        KeyManagement::EcdhEs {
            recipient,
            ephemeral_private,
            ephemeral_public,
            kid,
        } => {
            const ECDH_ES_A128KW: i64 = -29;
            let (wrap, _, _) = ecdh_wrap(ECDH_ES_A128KW).ok_or(Rule::InvalidCose)?;
            let mut protected = Vec::new();
            Encoder::new(&mut protected)
                .map(1)
                .and_then(|e| e.i64(cose::ALG)?.i64(ECDH_ES_A128KW))
                .map_err(invalid)?;
            let mut protected_bstr = Vec::new();
            Encoder::new(&mut protected_bstr)
                .bytes(&protected)
                .map_err(invalid)?;
            let mut kek = [0u8; MAX_KEY_LEN];
            let kek = ecdh_kek(
                crypto,
                ephemeral_private,
                recipient,
                &protected_bstr,
                ECDH_ES_A128KW,
                &mut kek,
            )?;
            let n = crypto
                .key_wrap(wrap, kek, cek, &mut wrapped)
                .map_err(|_| Rule::InvalidCose)?;
            let (x, y) = match ephemeral_public {
                [0x04, rest @ ..] if rest.len() == 64 => rest.split_at(32),
                _ => return Err(Rule::InvalidCose),
            };
            e.array(3)
                .and_then(|e| e.raw(&protected_bstr))
                .and_then(|e| e.map(1 + u64::from(kid.is_some())))
                .and_then(|e| e.i64(cose::EPHEMERAL_KEY)?.map(4))
                .and_then(|e| e.i64(1)?.i64(2)?.i64(-1)?.i64(1))
                .and_then(|e| e.i64(-2)?.bytes(x)?.i64(-3)?.bytes(y))
                .map_err(invalid)?;
            if let Some(kid) = kid {
                e.i64(cose::KID)
                    .and_then(|e| e.bytes(kid))
                    .map_err(invalid)?;
            }
            e.bytes(wrapped.get(..n).unwrap_or_default())
                .map_err(invalid)?;
        }
    }
    Ok(())
}

/// The content ciphers by name, for callers choosing one.
pub const A128GCM: ContentCipher = ContentCipher::Gcm(AeadAlg::Aes128Gcm);
/// AES-128-CTR.
pub const A128CTR: ContentCipher = ContentCipher::Ctr(CipherAlg::Aes128Ctr);
