//! The COSE structures of SUIT authentication blocks (§8.3): COSE_Sign1 and
//! COSE_Mac0 with detached payloads (RFC 9052 §4.2, §6.2), and the
//! to-be-signed structures built on the stack.

use iotm_cbor::{DataType, Decoder, Encoder};
use iotm_crypto::{CryptoProvider, MacAlg, SignatureAlg};

use crate::key::{KeyResolver, VerificationKey};
use crate::label::cose;
use crate::map::{SeenKeys, is_integer, more};
use crate::rule::{Error, Rule, cbor};

/// Room for a `Sig_structure` or `MAC_structure`: the context string, the
/// protected header and the encoded SUIT_Digest (about 60 bytes with
/// SHA-256). Larger protected headers are refused.
const TO_BE_SIGNED_MAX: usize = 256;

/// The kind of an authentication block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// `COSE_Sign1_Tagged` (18).
    Sign1,
    /// `COSE_Mac0_Tagged` (17).
    Mac0,
}

/// A decoded authentication block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthenticationBlock<'a> {
    /// Sign1 or Mac0.
    pub kind: BlockKind,
    /// The protected header bucket, as encoded (a byte string).
    pub protected: &'a [u8],
    /// The COSE algorithm from the protected header.
    pub algorithm: i64,
    /// The key id, from either bucket.
    pub kid: Option<&'a [u8]>,
    /// The signature or tag.
    pub signature: &'a [u8],
    /// Offset of the block in the envelope.
    pub offset: usize,
}

impl<'a> AuthenticationBlock<'a> {
    /// Reads a `bstr .cbor SUIT_Authentication_Block`.
    pub(crate) fn decode_wrapped(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let mut inner = d.bstr_cbor().map_err(cbor)?;
        let block = Self::decode(&mut inner)?;
        inner.finish().map_err(cbor)?;
        Ok(block)
    }

    fn decode(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let offset = d.offset();
        let invalid = |at: usize| Error::malformed(Rule::InvalidCose, at);
        let tag = d.tag().map_err(cbor)?;
        let kind = match tag {
            cose::SIGN1_TAG => BlockKind::Sign1,
            cose::MAC0_TAG => BlockKind::Mac0,
            other => {
                return Err(Error::malformed(
                    Rule::UnsupportedAuthenticationBlock(other),
                    offset,
                ));
            }
        };
        if d.array().map_err(cbor)? != Some(4) {
            return Err(invalid(offset));
        }
        // protected: bstr .cbor header_map, or an empty bstr.
        let protected_at = d.position();
        let mut header = d.bstr_cbor().map_err(cbor)?;
        let protected = d
            .input()
            .get(protected_at..d.position())
            .unwrap_or_default();
        let mut algorithm = None;
        let mut kid = None;
        if !header.is_empty() {
            read_header(&mut header, &mut algorithm, &mut kid)?;
            header.finish().map_err(cbor)?;
        }
        // unprotected: header_map; alg is allowed only in the protected one.
        let mut unprotected_alg = None;
        read_header(d, &mut unprotected_alg, &mut kid)?;
        if unprotected_alg.is_some() {
            return Err(invalid(offset));
        }
        // payload: detached.
        if d.datatype().map_err(cbor)? != DataType::Null {
            return Err(Error::malformed(Rule::AttachedPayload, d.offset()));
        }
        d.null().map_err(cbor)?;
        let signature = d.bytes().map_err(cbor)?;
        let algorithm = algorithm.ok_or(invalid(offset))?;
        Ok(Self {
            kind,
            protected,
            algorithm,
            kid,
            signature,
            offset,
        })
    }

    /// Verifies the block over `digest_item` (the envelope's encoded
    /// `bstr .cbor SUIT_Digest`) with a key from `keys`.
    pub(crate) fn verify<P, K>(
        &self,
        provider: &P,
        keys: &K,
        digest_item: &[u8],
    ) -> Result<(), Error>
    where
        P: CryptoProvider + ?Sized,
        K: KeyResolver + ?Sized,
    {
        let at = self.offset;
        let mut buf = [0u8; TO_BE_SIGNED_MAX];
        let context = match self.kind {
            BlockKind::Sign1 => "Signature1",
            BlockKind::Mac0 => "MAC0",
        };
        let mut e = Encoder::from_slice(&mut buf);
        e.array(4)
            .and_then(|e| e.str(context))
            .and_then(|e| e.raw(self.protected))
            .and_then(|e| e.bytes(&[]))
            .and_then(|e| e.raw(digest_item))
            .map_err(|_| Error::malformed(Rule::AuthenticationTooLarge, at))?;
        let to_be_signed = e.into_written();
        let unsupported = Error::malformed(Rule::UnsupportedAlgorithm(self.algorithm), at);
        let key = keys
            .resolve(self.kid, self.algorithm)
            .ok_or(Error::malformed(Rule::UnknownKey, at))?;
        let failed = |_| Error::malformed(Rule::AuthenticationFailed, at);
        match (self.kind, key) {
            (BlockKind::Sign1, VerificationKey::Public(public)) => {
                let alg = SignatureAlg::from_cose(self.algorithm).ok_or(unsupported)?;
                provider
                    .verify(alg, public, to_be_signed, self.signature)
                    .map_err(failed)
            }
            (BlockKind::Mac0, VerificationKey::Secret(secret)) => {
                let alg = MacAlg::from_cose(self.algorithm).ok_or(unsupported)?;
                provider
                    .verify_mac(alg, secret, to_be_signed, self.signature)
                    .map_err(failed)
            }
            _ => Err(Error::malformed(Rule::UnknownKey, at)),
        }
    }
}

/// Reads a COSE header map, keeping `alg` (1) and `kid` (4); other labels
/// are skipped, repeated labels refused (RFC 9052 §3).
fn read_header<'a>(
    d: &mut Decoder<'a>,
    algorithm: &mut Option<i64>,
    kid: &mut Option<&'a [u8]>,
) -> Result<(), Error> {
    let len = d.map().map_err(cbor)?;
    let mut seen = SeenKeys::new(d);
    let mut index = 0;
    while more(d, len, index)? {
        let at = d.offset();
        if is_integer(d.datatype().map_err(cbor)?) {
            let label = d.i64().map_err(cbor)?;
            seen.insert(label, at)?;
            match label {
                cose::ALG => *algorithm = Some(d.i64().map_err(cbor)?),
                cose::KID => {
                    if kid.is_some() {
                        // kid in both buckets (RFC 9052 §3: at most once).
                        return Err(Error::malformed(Rule::DuplicateKey, at));
                    }
                    *kid = Some(d.bytes().map_err(cbor)?);
                }
                _ => d.skip().map_err(cbor)?,
            }
        } else {
            let label = d.str().map_err(cbor)?;
            seen.insert_text(label, at)?;
            d.skip().map_err(cbor)?;
        }
        index += 1;
    }
    Ok(())
}
