//! `SUIT_Digest` (§8.4.2.1): an algorithm and the digest bytes.

use iotm_cbor::Decoder;
use iotm_crypto::{CryptoProvider, HashAlg};

use crate::map::more;
use crate::rule::{Error, Rule, cbor};

/// The largest digest this crate computes (SHA-512).
pub(crate) const MAX_DIGEST_LEN: usize = 64;

/// A `SUIT_Digest`: `[algorithm-id, digest-bytes, *extensions]`. Two
/// digests are equal when algorithm and bytes are, wherever they sit.
#[derive(Clone, Copy, Debug)]
pub struct Digest<'a> {
    /// The COSE hash algorithm (`-16` SHA-256, the one every processor has).
    pub algorithm: i64,
    /// The digest.
    pub bytes: &'a [u8],
    /// Offset of the digest in the envelope, for errors about it.
    pub(crate) offset: usize,
}

impl PartialEq for Digest<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.algorithm == other.algorithm && self.bytes == other.bytes
    }
}

impl Eq for Digest<'_> {}

impl<'a> Digest<'a> {
    /// Reads a `SUIT_Digest` array (extensions are skipped).
    pub(crate) fn decode(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let offset = d.offset();
        let len = d.array().map_err(cbor)?;
        if len.is_some_and(|len| len < 2) {
            return Err(Error::malformed(Rule::InvalidDigest, offset));
        }
        let algorithm = d.i64().map_err(cbor)?;
        let bytes = d.bytes().map_err(cbor)?;
        let mut index = 2;
        while more(d, len, index)? {
            d.skip().map_err(cbor)?;
            index += 1;
        }
        Ok(Self {
            algorithm,
            bytes,
            offset,
        })
    }

    /// Reads a digest carried as `bstr .cbor SUIT_Digest`.
    pub(crate) fn decode_wrapped(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let mut inner = d.bstr_cbor().map_err(cbor)?;
        let digest = Self::decode(&mut inner)?;
        inner.finish().map_err(cbor)?;
        Ok(digest)
    }

    /// Offset of the digest in the envelope.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The hash function, if this crate computes it.
    pub fn hash_alg(&self) -> Option<HashAlg> {
        HashAlg::from_cose(self.algorithm)
    }

    /// Whether `data` hashes to this digest.
    ///
    /// # Errors
    /// [`Rule::UnsupportedDigestAlgorithm`] for an algorithm the provider
    /// lacks.
    pub fn matches<P: CryptoProvider + ?Sized>(
        &self,
        provider: &P,
        data: &[u8],
    ) -> Result<bool, Error> {
        let unsupported = Error::malformed(
            Rule::UnsupportedDigestAlgorithm(self.algorithm),
            self.offset,
        );
        let alg = self.hash_alg().ok_or(unsupported)?;
        let mut out = [0u8; MAX_DIGEST_LEN];
        let len = provider
            .digest(alg, data, &mut out)
            .map_err(|_| unsupported)?;
        Ok(out.get(..len) == Some(self.bytes))
    }
}
