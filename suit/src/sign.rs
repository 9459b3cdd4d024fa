//! The host side: envelopes assembled and signed from an encoded manifest,
//! severable members moved out of the manifest into the envelope.
//!
//! Deterministic: the same manifest, key and members give the same bytes
//! (RFC 6979 ECDSA and Ed25519 are deterministic with the RustCrypto
//! backend).

use alloc::string::String;
use alloc::vec::Vec;

use iotm_cbor::{DataType, Decoder, Encoder};
use iotm_crypto::{CryptoProvider, HashAlg, MacAlg, SignatureAlg, SigningKey};

use crate::label::{ENVELOPE_TAG, cose, envelope as ekey, manifest as mkey};
use crate::map::more;
use crate::rule::{Error, cbor};

/// How an envelope is authenticated.
#[derive(Clone, Copy, Debug)]
pub enum Signer<'k> {
    /// COSE_Sign1 with a private key (and its public half).
    Signature {
        /// The COSE algorithm written into the protected header (-7 ES256,
        /// -9 ESP256, -8 EdDSA, -19 Ed25519, -35 ES384).
        cose_alg: i64,
        /// The key pair.
        key: SigningKey<'k>,
        /// A key id for the unprotected header.
        kid: Option<&'k [u8]>,
    },
    /// COSE_Mac0 with a shared secret (5: HMAC 256/256).
    Mac {
        /// The COSE algorithm (5, 6 or 7).
        cose_alg: i64,
        /// The secret.
        key: &'k [u8],
        /// A key id for the unprotected header.
        kid: Option<&'k [u8]>,
    },
}

/// Why an envelope could not be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The manifest is not a well-formed SUIT manifest map.
    Manifest(Error),
    /// The algorithm is not one the provider offers.
    UnsupportedAlgorithm(i64),
    /// The provider refused the key or failed.
    Crypto(iotm_crypto::CryptoError),
    /// A member asked to be severed is not in the manifest as a byte string.
    NotSeverable(i64),
}

impl core::fmt::Display for SignError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Manifest(e) => write!(f, "manifest: {e}"),
            Self::UnsupportedAlgorithm(alg) => write!(f, "COSE algorithm {alg} is not supported"),
            Self::Crypto(e) => write!(f, "signing failed: {e}"),
            Self::NotSeverable(key) => {
                write!(
                    f,
                    "member {key} is not a severable member present in the manifest"
                )
            }
        }
    }
}

/// An envelope being assembled: the manifest, members kept in the envelope
/// (severed ones), and integrated payloads.
#[derive(Clone, Debug, Default)]
pub struct EnvelopeBuilder {
    manifest: Vec<u8>,
    severed: Vec<(i64, Vec<u8>)>,
    integrated: Vec<(String, Vec<u8>)>,
}

impl EnvelopeBuilder {
    /// A builder for the encoded manifest map `manifest`.
    ///
    /// # Errors
    /// [`SignError::Manifest`] when it does not decode as a SUIT manifest.
    pub fn new(manifest: &[u8]) -> Result<Self, SignError> {
        let mut d = Decoder::new(manifest);
        crate::Manifest::decode(&mut d).map_err(SignError::Manifest)?;
        d.finish().map_err(|e| SignError::Manifest(cbor(e)))?;
        Ok(Self {
            manifest: manifest.to_vec(),
            ..Self::default()
        })
    }

    /// The manifest as it stands (severed members replaced by digests).
    pub fn manifest(&self) -> &[u8] {
        &self.manifest
    }

    /// Moves severable member `key` (install, text, payload-fetch, …) out of
    /// the manifest into the envelope, leaving its SHA-256 digest (over the
    /// bstr-wrapped member, §8.5) in its place. Key order is kept.
    ///
    /// # Errors
    /// [`SignError::NotSeverable`] when the member is not a severable one
    /// present as a byte string.
    pub fn sever<C: CryptoProvider + ?Sized>(
        &mut self,
        crypto: &C,
        key: i64,
    ) -> Result<&mut Self, SignError> {
        if !mkey::SEVERABLE.contains(&key) {
            return Err(SignError::NotSeverable(key));
        }
        let mut d = Decoder::new(&self.manifest);
        let len = d.map().map_err(|e| SignError::Manifest(cbor(e)))?;
        let mut out = Vec::with_capacity(self.manifest.len());
        let mut e = Encoder::new(&mut out);
        let count = len.ok_or(SignError::NotSeverable(key))?;
        e.map(count).map_err(|_| SignError::NotSeverable(key))?;
        let mut index = 0;
        let mut moved = None;
        while more(&mut d, len, index).map_err(SignError::Manifest)? {
            let key_start = d.position();
            let k = d.i64().map_err(|e| SignError::Manifest(cbor(e)))?;
            let raw_key = self
                .manifest
                .get(key_start..d.position())
                .unwrap_or_default();
            let value = d.item().map_err(|e| SignError::Manifest(cbor(e)))?;
            out_raw(&mut e, raw_key)?;
            if k == key && Decoder::new(value).datatype().ok() == Some(DataType::Bytes) {
                let mut digest = [0u8; 32];
                crypto
                    .digest(HashAlg::Sha256, value, &mut digest)
                    .map_err(SignError::Crypto)?;
                e.array(2)
                    .and_then(|e| e.i64(HashAlg::Sha256.cose_id()))
                    .and_then(|e| e.bytes(&digest))
                    .map_err(|_| SignError::NotSeverable(key))?;
                moved = Some(value.to_vec());
            } else {
                out_raw(&mut e, value)?;
            }
            index += 1;
        }
        let member = moved.ok_or(SignError::NotSeverable(key))?;
        self.manifest = out;
        self.severed.push((key, member));
        Ok(self)
    }

    /// Adds an integrated payload (or dependency) under `name`, such as
    /// `"#tc"`.
    pub fn integrate(&mut self, name: &str, payload: &[u8]) -> &mut Self {
        self.integrated.push((name.into(), payload.to_vec()));
        self
    }

    /// Signs (or MACs) the manifest and encodes the tagged envelope:
    /// authentication wrapper, manifest, severed members in key order, then
    /// integrated payloads.
    ///
    /// # Errors
    /// [`SignError::UnsupportedAlgorithm`] or [`SignError::Crypto`].
    pub fn sign<C: CryptoProvider + ?Sized>(
        &self,
        crypto: &C,
        signer: &Signer<'_>,
    ) -> Result<Vec<u8>, SignError> {
        let fail = encode_failed;
        let mut manifest_bstr = Vec::new();
        Encoder::new(&mut manifest_bstr)
            .bytes(&self.manifest)
            .map_err(fail)?;
        let mut digest = [0u8; 32];
        crypto
            .digest(HashAlg::Sha256, &manifest_bstr, &mut digest)
            .map_err(SignError::Crypto)?;
        let mut digest_item = Vec::new();
        Encoder::new(&mut digest_item)
            .array(2)
            .and_then(|e| e.i64(HashAlg::Sha256.cose_id()))
            .and_then(|e| e.bytes(&digest))
            .map_err(fail)?;
        let mut digest_bstr = Vec::new();
        Encoder::new(&mut digest_bstr)
            .bytes(&digest_item)
            .map_err(fail)?;

        let (cose_alg, kid, tag, context) = match signer {
            Signer::Signature { cose_alg, kid, .. } => {
                (*cose_alg, *kid, cose::SIGN1_TAG, "Signature1")
            }
            Signer::Mac { cose_alg, kid, .. } => (*cose_alg, *kid, cose::MAC0_TAG, "MAC0"),
        };
        let mut protected = Vec::new();
        Encoder::new(&mut protected)
            .map(1)
            .and_then(|e| e.i64(cose::ALG))
            .and_then(|e| e.i64(cose_alg))
            .map_err(fail)?;
        let mut protected_bstr = Vec::new();
        Encoder::new(&mut protected_bstr)
            .bytes(&protected)
            .map_err(fail)?;
        let mut to_be_signed = Vec::new();
        Encoder::new(&mut to_be_signed)
            .array(4)
            .and_then(|e| e.str(context))
            .and_then(|e| e.raw(&protected_bstr))
            .and_then(|e| e.bytes(&[]))
            .and_then(|e| e.raw(&digest_bstr))
            .map_err(fail)?;
        let mut signature = [0u8; 96];
        let len = match signer {
            Signer::Signature { key, .. } => {
                let alg = SignatureAlg::from_cose(cose_alg)
                    .ok_or(SignError::UnsupportedAlgorithm(cose_alg))?;
                crypto.sign(alg, key, &to_be_signed, &mut signature)
            }
            Signer::Mac { key, .. } => {
                let alg =
                    MacAlg::from_cose(cose_alg).ok_or(SignError::UnsupportedAlgorithm(cose_alg))?;
                crypto.mac(alg, key, &to_be_signed, &mut signature)
            }
        }
        .map_err(SignError::Crypto)?;
        let signature = signature.get(..len).unwrap_or_default();

        let mut block = Vec::new();
        let mut e = Encoder::new(&mut block);
        e.tag(tag)
            .and_then(|e| e.array(4))
            .and_then(|e| e.raw(&protected_bstr))
            .map_err(fail)?;
        match kid {
            Some(kid) => e
                .map(1)
                .and_then(|e| e.i64(cose::KID))
                .and_then(|e| e.bytes(kid)),
            None => e.map(0),
        }
        .map_err(fail)?;
        e.null().and_then(|e| e.bytes(signature)).map_err(fail)?;
        let mut authentication = Vec::new();
        Encoder::new(&mut authentication)
            .array(2)
            .and_then(|e| e.raw(&digest_bstr))
            .and_then(|e| e.bytes(&block))
            .map_err(fail)?;

        let mut severed = self.severed.clone();
        severed.sort_by_key(|(k, _)| *k);
        let members = 2 + severed.len() + self.integrated.len();
        let mut out = Vec::new();
        let mut e = Encoder::new(&mut out);
        e.tag(ENVELOPE_TAG)
            .and_then(|e| e.map(members as u64))
            .and_then(|e| e.i64(ekey::AUTHENTICATION_WRAPPER))
            .and_then(|e| e.bytes(&authentication))
            .and_then(|e| e.i64(ekey::MANIFEST))
            .and_then(|e| e.raw(&manifest_bstr))
            .map_err(fail)?;
        for (k, member) in &severed {
            e.i64(*k).and_then(|e| e.raw(member)).map_err(fail)?;
        }
        for (name, payload) in &self.integrated {
            e.str(name).and_then(|e| e.bytes(payload)).map_err(fail)?;
        }
        Ok(out)
    }
}

fn out_raw(e: &mut Encoder<&mut Vec<u8>>, raw: &[u8]) -> Result<(), SignError> {
    e.raw(raw).map(|_| ()).map_err(encode_failed)
}

/// The members of an envelope's manifest as an [`EnvelopeBuilder`] would
/// re-sign them: the manifest bytes, its severed members and integrated
/// payloads (for `iotm suit sign` on an existing envelope).
///
/// # Errors
/// The envelope does not decode.
pub fn unpack(envelope: &[u8]) -> Result<EnvelopeBuilder, SignError> {
    let decoded = crate::Envelope::decode(envelope).map_err(SignError::Manifest)?;
    let mut d = Decoder::new(decoded.manifest_bytes());
    let manifest = d.bytes().map_err(|e| SignError::Manifest(cbor(e)))?;
    let mut builder = EnvelopeBuilder::new(manifest)?;
    for key in mkey::SEVERABLE {
        if let Some(member) = decoded.severable_unverified(key) {
            builder.severed.push((key, member.encoded.to_vec()));
        }
    }
    for (name, payload) in decoded.integrated_payloads() {
        builder.integrate(name, payload);
    }
    Ok(builder)
}

/// The envelope with the severed members `keys` removed (draft §5.4:
/// "severing" an envelope for a recipient that does not need them). The
/// manifest keeps their digests, so the authentication still holds and
/// nothing is re-signed; every other member is copied byte for byte.
///
/// # Errors
/// The envelope does not decode, or a key is not a severable member
/// present in the envelope.
pub fn remove_severed(envelope: &[u8], keys: &[i64]) -> Result<Vec<u8>, SignError> {
    let decoded = crate::Envelope::decode(envelope).map_err(SignError::Manifest)?;
    for &key in keys {
        if !mkey::SEVERABLE.contains(&key) || decoded.severable_unverified(key).is_none() {
            return Err(SignError::NotSeverable(key));
        }
    }
    let manifest_error = |e| SignError::Manifest(cbor(e));
    let mut d = Decoder::new(envelope);
    let tagged = d.datatype().map_err(manifest_error)? == DataType::Tag;
    if tagged {
        d.tag().map_err(manifest_error)?;
    }
    // Envelope::decode accepted it: a definite-length map.
    let count = d.map().map_err(manifest_error)?.unwrap_or(0);
    let mut kept: Vec<(&[u8], &[u8])> = Vec::new();
    for _ in 0..count {
        let key_item = d.item().map_err(manifest_error)?;
        let value = d.item().map_err(manifest_error)?;
        let removed = Decoder::new(key_item)
            .i64()
            .is_ok_and(|key| keys.contains(&key));
        if !removed {
            kept.push((key_item, value));
        }
    }
    let mut out = Vec::with_capacity(envelope.len());
    let mut e = Encoder::new(&mut out);
    if tagged {
        e.tag(ENVELOPE_TAG).map_err(encode_failed)?;
    }
    e.map(kept.len() as u64).map_err(encode_failed)?;
    for (key, value) in kept {
        out_raw(&mut e, key)?;
        out_raw(&mut e, value)?;
    }
    Ok(out)
}

/// Encoding into a `Vec` cannot run out of room; should the encoder fail
/// anyway, it is reported as the provider's buffer error.
fn encode_failed<E>(_: E) -> SignError {
    SignError::Crypto(iotm_crypto::CryptoError::BufferTooSmall {
        needed: 0,
        available: 0,
    })
}
