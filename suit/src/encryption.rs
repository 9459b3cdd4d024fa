//! Encrypted payloads (draft-ietf-suit-firmware-encryption): the
//! `SUIT_Encryption_Info` a manifest carries, recovery of the content key
//! (AES-KW, ECDH-ES + AES-KW) and decryption (AES-GCM whole, AES-CTR in
//! chunks while writing).

use iotm_cbor::{DataType, Decoder, Encoder};
use iotm_crypto::{AeadAlg, CipherAlg, CryptoProvider, Curve, KeyWrapAlg};

use crate::label::cose;
use crate::map::{SeenKeys, is_integer, more};
use crate::rule::{Error, Rule, cbor};

/// The largest content key (AES-256).
pub const MAX_KEY_LEN: usize = 32;
/// AES-GCM tag length, appended to the detached ciphertext.
pub const GCM_TAG_LEN: usize = 16;
/// Room for an `Enc_structure` or `COSE_KDF_Context` on the stack.
const STRUCTURE_MAX: usize = 160;
/// The `other` field of the KDF context (firmware-encryption §6.2.4).
const KDF_OTHER: &[u8] = b"SUIT Payload Encryption";
/// COSE ECDH-ES + A128KW / A192KW / A256KW.
const ECDH_ES_A128KW: i64 = -29;
const ECDH_ES_A192KW: i64 = -30;
const ECDH_ES_A256KW: i64 = -31;

/// How the content is encrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentCipher {
    /// AES-GCM: authenticated, decrypted as a whole.
    Gcm(AeadAlg),
    /// AES-CTR: decrypted in chunks; integrity comes from the image digest.
    Ctr(CipherAlg),
}

/// A decoded `SUIT_Encryption_Info` (a tagged COSE_Encrypt).
#[derive(Clone, Debug)]
pub struct EncryptionInfo<'a> {
    /// The protected bucket as encoded (a byte string), for the AAD.
    pub protected: &'a [u8],
    /// The content algorithm (protected for GCM, unprotected for CTR).
    pub algorithm: i64,
    /// The IV: the GCM nonce, or the initial CTR counter block.
    pub iv: &'a [u8],
    recipients: Decoder<'a>,
    recipient_count: Option<u64>,
}

/// One recipient of an [`EncryptionInfo`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recipient<'a> {
    /// The protected bucket as encoded (a byte string), for the KDF context.
    pub protected: &'a [u8],
    /// The key-management algorithm (-3 A128KW, -29 ECDH-ES+A128KW, …).
    pub algorithm: i64,
    /// The key id.
    pub kid: Option<&'a [u8]>,
    /// The ephemeral public key (x, y) of ECDH-ES.
    pub ephemeral: Option<(&'a [u8], &'a [u8])>,
    /// The wrapped content key.
    pub encrypted_key: &'a [u8],
}

/// A COSE header bucket, as far as encryption needs it.
#[derive(Default)]
struct Header<'a> {
    algorithm: Option<i64>,
    kid: Option<&'a [u8]>,
    iv: Option<&'a [u8]>,
    ephemeral: Option<(&'a [u8], &'a [u8])>,
}

impl<'a> EncryptionInfo<'a> {
    /// Decodes an encoded `SUIT_Encryption_Info`.
    ///
    /// # Errors
    /// [`Rule::InvalidCose`] or a CBOR rule.
    pub fn decode(encoded: &'a [u8], base: usize) -> Result<Self, Error> {
        let mut d = Decoder::with_base(encoded, base);
        let invalid = |at| Error::malformed(Rule::InvalidCose, at);
        if d.tag().map_err(cbor)? != cose::ENCRYPT_TAG || d.array().map_err(cbor)? != Some(4) {
            return Err(invalid(base));
        }
        let protected_at = d.position();
        let mut protected_map = d.bstr_cbor().map_err(cbor)?;
        let protected = d
            .input()
            .get(protected_at..d.position())
            .unwrap_or_default();
        let mut header = Header::default();
        if !protected_map.is_empty() {
            read_header(&mut protected_map, &mut header)?;
        }
        let mut unprotected = Header::default();
        read_header(&mut d, &mut unprotected)?;
        // The ciphertext is detached.
        d.null().map_err(|_| invalid(d.offset()))?;
        let recipients = d.clone();
        let recipient_count = d.array().map_err(cbor)?;
        let algorithm = header
            .algorithm
            .or(unprotected.algorithm)
            .ok_or(invalid(base))?;
        let iv = unprotected.iv.or(header.iv).ok_or(invalid(base))?;
        let mut info = Self {
            protected,
            algorithm,
            iv,
            recipients,
            recipient_count,
        };
        // Check the recipients now, so iterating them cannot fail.
        let mut index = 0;
        while more(&mut d, recipient_count, index)? {
            read_recipient(&mut d)?;
            index += 1;
        }
        d.finish().map_err(cbor)?;
        let mut r = info.recipients.clone();
        info.recipient_count = r.array().map_err(cbor)?;
        info.recipients = r;
        Ok(info)
    }

    /// The content cipher, if supported.
    pub fn cipher(&self) -> Option<ContentCipher> {
        AeadAlg::from_cose(self.algorithm)
            .map(ContentCipher::Gcm)
            .or_else(|| CipherAlg::from_cose(self.algorithm).map(ContentCipher::Ctr))
    }

    /// The recipients, in order.
    pub fn recipients(&self) -> impl Iterator<Item = Recipient<'a>> + 'a {
        let mut d = self.recipients.clone();
        let len = self.recipient_count;
        let mut index = 0;
        core::iter::from_fn(move || {
            if !more(&mut d, len, index).ok()? {
                return None;
            }
            index += 1;
            read_recipient(&mut d).ok()
        })
    }

    /// The AES-GCM additional data: `Enc_structure = ["Encrypt", protected,
    /// h'']` (firmware-encryption §6.3), written into `out`.
    pub(crate) fn aad<'o>(&self, out: &'o mut [u8; STRUCTURE_MAX]) -> Option<&'o [u8]> {
        let mut e = Encoder::from_slice(out);
        e.array(3)
            .and_then(|e| e.str("Encrypt"))
            .and_then(|e| e.raw(self.protected))
            .and_then(|e| e.bytes(&[]))
            .ok()?;
        Some(e.into_written())
    }
}

impl Recipient<'_> {
    /// Recovers the content key into `cek` with the recipient's
    /// key-encryption key (AES-KW) or the device's private scalar
    /// (ECDH-ES + AES-KW, P-256); returns its length.
    ///
    /// # Errors
    /// [`Rule::UnsupportedAlgorithm`], or [`Rule::AuthenticationFailed`]
    /// when the key does not unwrap.
    pub fn content_key<C: CryptoProvider + ?Sized>(
        &self,
        crypto: &C,
        key: &[u8],
        cek: &mut [u8; MAX_KEY_LEN],
    ) -> Result<usize, Rule> {
        let unsupported = Rule::UnsupportedAlgorithm(self.algorithm);
        let failed = |_| Rule::AuthenticationFailed;
        if let Some(wrap) = KeyWrapAlg::from_cose(self.algorithm) {
            return crypto
                .key_unwrap(wrap, key, self.encrypted_key, cek)
                .map_err(failed);
        }
        let (wrap, _, _) = ecdh_wrap(self.algorithm).ok_or(unsupported)?;
        let (x, y) = self.ephemeral.ok_or(Rule::InvalidCose)?;
        let mut point = [0u8; 65];
        let (tag, coordinates) = point.split_at_mut(1);
        let (px, py) = coordinates.split_at_mut(32);
        if x.len() != 32 || y.len() != 32 {
            return Err(Rule::InvalidCose);
        }
        tag.copy_from_slice(&[0x04]);
        px.copy_from_slice(x);
        py.copy_from_slice(y);
        let mut kek = [0u8; MAX_KEY_LEN];
        let kek = ecdh_kek(
            crypto,
            key,
            &point,
            self.protected,
            self.algorithm,
            &mut kek,
        )?;
        crypto
            .key_unwrap(wrap, kek, self.encrypted_key, cek)
            .map_err(failed)
    }
}

/// The key wrap of an ECDH-ES + AES-KW algorithm: algorithm, its COSE id
/// and key bits.
pub(crate) const fn ecdh_wrap(algorithm: i64) -> Option<(KeyWrapAlg, i64, u64)> {
    Some(match algorithm {
        ECDH_ES_A128KW => (KeyWrapAlg::A128Kw, -3, 128),
        ECDH_ES_A192KW => (KeyWrapAlg::A192Kw, -4, 192),
        ECDH_ES_A256KW => (KeyWrapAlg::A256Kw, -5, 256),
        _ => return None,
    })
}

/// The key-encryption key of ECDH-ES + AES-KW (firmware-encryption
/// §6.2.4): HKDF-SHA-256 of the shared secret with the COSE_KDF_Context
/// that names the wrap algorithm, its key length, the recipient's protected
/// header as encoded, and "SUIT Payload Encryption". Either side: `private`
/// is the device's scalar and `peer` the ephemeral point, or the other way.
pub(crate) fn ecdh_kek<'k, C: CryptoProvider + ?Sized>(
    crypto: &C,
    private: &[u8],
    peer: &[u8],
    recipient_protected: &[u8],
    algorithm: i64,
    kek: &'k mut [u8; MAX_KEY_LEN],
) -> Result<&'k [u8], Rule> {
    let unsupported = Rule::UnsupportedAlgorithm(algorithm);
    let (_, wrap_id, bits) = ecdh_wrap(algorithm).ok_or(unsupported)?;
    let mut shared = [0u8; 32];
    crypto
        .ecdh(Curve::P256, private, peer, &mut shared)
        .map_err(|_| Rule::AuthenticationFailed)?;
    let mut context = [0u8; STRUCTURE_MAX];
    let mut e = Encoder::from_slice(&mut context);
    e.array(4)
        .and_then(|e| e.i64(wrap_id))
        .and_then(|e| e.array(3)?.null()?.null()?.null())
        .and_then(|e| e.array(3)?.null()?.null()?.null())
        .and_then(|e| {
            e.array(3)?
                .u64(bits)?
                .raw(recipient_protected)?
                .bytes(KDF_OTHER)
        })
        .map_err(|_| Rule::AuthenticationTooLarge)?;
    let info = e.into_written();
    let kek_len = usize::try_from(bits / 8).unwrap_or(MAX_KEY_LEN);
    let kek = kek.get_mut(..kek_len).ok_or(unsupported)?;
    crypto
        .hkdf_sha256(&[], &shared, info, kek)
        .map_err(|_| unsupported)?;
    Ok(kek)
}

/// Reads one recipient `[protected, unprotected, ciphertext]`.
fn read_recipient<'a>(d: &mut Decoder<'a>) -> Result<Recipient<'a>, Error> {
    let at = d.offset();
    let invalid = || Error::malformed(Rule::InvalidCose, at);
    if d.array().map_err(cbor)? != Some(3) {
        return Err(invalid());
    }
    let protected_at = d.position();
    let mut protected_map = d.bstr_cbor().map_err(cbor)?;
    let protected = d
        .input()
        .get(protected_at..d.position())
        .unwrap_or_default();
    let mut header = Header::default();
    if !protected_map.is_empty() {
        read_header(&mut protected_map, &mut header)?;
    }
    let mut unprotected = Header::default();
    read_header(d, &mut unprotected)?;
    let encrypted_key = d.bytes().map_err(cbor)?;
    Ok(Recipient {
        protected,
        algorithm: header
            .algorithm
            .or(unprotected.algorithm)
            .ok_or_else(invalid)?,
        kid: header.kid.or(unprotected.kid),
        ephemeral: unprotected.ephemeral.or(header.ephemeral),
        encrypted_key,
    })
}

/// Reads a header map: alg, kid, IV and the ephemeral key; other labels
/// are skipped, repeats refused.
fn read_header<'a>(d: &mut Decoder<'a>, header: &mut Header<'a>) -> Result<(), Error> {
    let len = d.map().map_err(cbor)?;
    let mut seen = SeenKeys::new(d);
    let mut index = 0;
    while more(d, len, index)? {
        let at = d.offset();
        if !is_integer(d.datatype().map_err(cbor)?) {
            let label = d.str().map_err(cbor)?;
            seen.insert_text(label, at)?;
            d.skip().map_err(cbor)?;
            index += 1;
            continue;
        }
        let label = d.i64().map_err(cbor)?;
        seen.insert(label, at)?;
        match label {
            cose::ALG => header.algorithm = Some(d.i64().map_err(cbor)?),
            cose::KID => header.kid = Some(d.bytes().map_err(cbor)?),
            cose::IV => header.iv = Some(d.bytes().map_err(cbor)?),
            cose::EPHEMERAL_KEY => header.ephemeral = Some(ec2_key(d)?),
            _ => d.skip().map_err(cbor)?,
        }
        index += 1;
    }
    Ok(())
}

/// An EC2 COSE_Key on P-256: `{1: 2, -1: 1, -2: x, -3: y}`.
fn ec2_key<'a>(d: &mut Decoder<'a>) -> Result<(&'a [u8], &'a [u8]), Error> {
    let at = d.offset();
    let (mut kty, mut crv, mut x, mut y) = (None, None, None, None);
    crate::map::int_map(d, |k, _, d| {
        match k {
            1 => kty = Some(d.i64().map_err(cbor)?),
            -1 => crv = Some(d.i64().map_err(cbor)?),
            -2 => x = Some(d.bytes().map_err(cbor)?),
            -3 if d.datatype().map_err(cbor)? == DataType::Bytes => {
                y = Some(d.bytes().map_err(cbor)?);
            }
            _ => d.skip().map_err(cbor)?,
        }
        Ok(())
    })?;
    match (kty, crv, x, y) {
        (Some(2), Some(1), Some(x), Some(y)) => Ok((x, y)),
        _ => Err(Error::malformed(
            Rule::UnsupportedAlgorithm(kty.unwrap_or(0)),
            at,
        )),
    }
}

/// The AES-CTR counter block `offset / 16` blocks after `iv`.
pub(crate) fn ctr_block(iv: &[u8], offset: u64) -> Option<[u8; 16]> {
    let iv: [u8; 16] = iv.try_into().ok()?;
    let counter = u128::from_be_bytes(iv).wrapping_add(u128::from(offset / 16));
    Some(counter.to_be_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_blocks_carry_across_the_whole_block() {
        let iv = [0xffu8; 16];
        assert_eq!(ctr_block(&iv, 16), Some([0u8; 16]));
        assert_eq!(ctr_block(&iv, 0), Some(iv));
        assert_eq!(ctr_block(&iv[..8], 0), None);
    }
}
