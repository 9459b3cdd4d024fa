//! `SUIT_Envelope` (§8.2): decoding, and verification into a [`Verified`]
//! manifest.

use iotm_cbor::{DataType, Decoder};
use iotm_crypto::CryptoProvider;

use crate::command::CommandSequence;
use crate::cose::AuthenticationBlock;
use crate::digest::Digest;
use crate::key::KeyResolver;
use crate::label::{ENVELOPE_TAG, envelope as key, manifest as mkey};
use crate::manifest::{Manifest, Severable, Wrapped, severable_slot};
use crate::map::{SeenKeys, is_integer, more};
use crate::rule::{Error, Member, Rule, cbor};

/// How deep command sequences may nest (run-sequence, try-each) before a
/// manifest is refused: bounds the processor's recursion.
pub const MAX_NESTING: usize = 8;

/// A decoded envelope, borrowing from its bytes. Nothing in it is trusted
/// until [`verify`](Self::verify) returns a [`Verified`] manifest.
#[derive(Clone, Debug)]
pub struct Envelope<'a> {
    /// `suit-authentication-wrapper`.
    authentication: Wrapped<'a>,
    /// `suit-manifest`.
    manifest: Wrapped<'a>,
    /// Severable members present in the envelope, in the order of
    /// [`label::manifest::SEVERABLE`](crate::label::manifest::SEVERABLE).
    severable: [Option<Wrapped<'a>>; 6],
    /// The map's entries, to find integrated payloads by key.
    entries: Decoder<'a>,
    entry_count: Option<u64>,
}

impl<'a> Envelope<'a> {
    /// Decodes an envelope (tagged 107 or not). Checks the envelope's own
    /// structure; the manifest is decoded by [`verify`](Self::verify), after
    /// its digest is checked.
    ///
    /// # Errors
    /// A CBOR or SUIT rule broken, at its offset; `Incomplete` for a
    /// truncated envelope.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let mut d = Decoder::new(bytes);
        if d.datatype().map_err(cbor)? == DataType::Tag {
            let tag = d.tag().map_err(cbor)?;
            if tag != ENVELOPE_TAG {
                return Err(Error::malformed(Rule::NotAnEnvelope(tag), 0));
            }
        }
        let map_at = d.offset();
        let len = d.map().map_err(cbor)?;
        let entries = d.clone();
        let mut seen = SeenKeys::new(&d);
        let mut authentication = None;
        let mut manifest = None;
        let mut severable = [None; 6];
        let mut index = 0;
        while more(&mut d, len, index)? {
            let at = d.offset();
            if is_integer(d.datatype().map_err(cbor)?) {
                let k = d.i64().map_err(cbor)?;
                seen.insert(k, at)?;
                match k {
                    key::AUTHENTICATION_WRAPPER => authentication = Some(Wrapped::decode(&mut d)?),
                    key::MANIFEST => manifest = Some(Wrapped::decode(&mut d)?),
                    other => {
                        let slot = severable_slot(other)
                            .and_then(|i| severable.get_mut(i))
                            .ok_or(Error::malformed(Rule::UnknownMember(other), at))?;
                        *slot = Some(Wrapped::decode(&mut d)?);
                    }
                }
            } else {
                // Integrated payloads and dependencies: tstr => bstr.
                let k = d.str().map_err(cbor)?;
                seen.insert_text(k, at)?;
                d.bytes().map_err(cbor)?;
            }
            index += 1;
        }
        d.finish().map_err(cbor)?;
        Ok(Self {
            authentication: authentication.ok_or(Error::malformed(
                Rule::Missing(Member::AuthenticationWrapper),
                map_at,
            ))?,
            manifest: manifest.ok_or(Error::malformed(Rule::Missing(Member::Manifest), map_at))?,
            severable,
            entries,
            entry_count: len,
        })
    }

    /// The `suit-manifest` byte string, head included: what the manifest
    /// digest covers.
    pub const fn manifest_bytes(&self) -> &'a [u8] {
        self.manifest.encoded
    }

    /// A severable member the envelope carries, not yet checked against
    /// the manifest ([`Verified::severable_member`] is the checked one).
    pub fn severable_unverified(&self, key: i64) -> Option<Wrapped<'a>> {
        severable_slot(key).and_then(|i| self.severable.get(i).copied().flatten())
    }

    /// The integrated payload (or integrated dependency) under `name`, such
    /// as `"#tc"`.
    pub fn integrated(&self, name: &str) -> Option<&'a [u8]> {
        self.integrated_payloads()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// The integrated payloads and dependencies: text key and bytes.
    pub fn integrated_payloads(&self) -> IntegratedPayloads<'a> {
        IntegratedPayloads {
            d: self.entries.clone(),
            len: self.entry_count,
            index: 0,
        }
    }

    /// The authentication wrapper's digest and blocks, decoded.
    ///
    /// # Errors
    /// A malformed wrapper.
    pub fn authentication(&self) -> Result<Authentication<'a>, Error> {
        let mut d = self.authentication.decoder();
        let len = d.array().map_err(cbor)?;
        if !more(&mut d, len, 0)? {
            return Err(Error::malformed(
                Rule::InvalidDigest,
                self.authentication.offset,
            ));
        }
        let digest_at = d.position();
        let digest = Digest::decode_wrapped(&mut d)?;
        let digest_item = d.input().get(digest_at..d.position()).unwrap_or_default();
        let blocks = Blocks {
            d: d.clone(),
            len,
            index: 1,
        };
        // Check the blocks now, so iterating them cannot fail.
        let mut check = blocks.clone();
        while more(&mut check.d, check.len, check.index)? {
            AuthenticationBlock::decode_wrapped(&mut check.d)?;
            check.index += 1;
        }
        check.d.finish().map_err(cbor)?;
        Ok(Authentication {
            digest,
            digest_item,
            blocks,
        })
    }

    /// Authenticates the envelope and decodes its manifest:
    ///
    /// 1. the manifest's digest must equal the authenticated digest (§8.3);
    /// 2. at least one authentication block must verify with a key from
    ///    `keys`, and no block whose key is known may fail (blocks for keys
    ///    not held are passed over, so a manifest signed by several parties
    ///    verifies with any one party's key);
    /// 3. every severable member in the envelope must match its digest in
    ///    the manifest (§8.5).
    ///
    /// # Errors
    /// The first rule broken, at its offset.
    pub fn verify<P, K>(&self, provider: &P, keys: &K) -> Result<Verified<'a>, Error>
    where
        P: CryptoProvider + ?Sized,
        K: KeyResolver + ?Sized,
    {
        let authentication = self.authentication()?;
        if !authentication
            .digest
            .matches(provider, self.manifest.encoded)?
        {
            return Err(Error::malformed(
                Rule::ManifestDigestMismatch,
                self.manifest.offset,
            ));
        }
        let mut passed_over = None;
        let mut verified = false;
        for block in authentication.blocks() {
            match block.verify(provider, keys, authentication.digest_item) {
                Ok(()) => verified = true,
                Err(e)
                    if matches!(
                        e.rule(),
                        Some(Rule::UnknownKey | Rule::UnsupportedAlgorithm(_))
                    ) =>
                {
                    passed_over.get_or_insert(e);
                }
                Err(e) => return Err(e),
            }
        }
        if !verified {
            return Err(passed_over.unwrap_or(Error::malformed(
                Rule::NoAuthenticationBlock,
                self.authentication.offset,
            )));
        }
        self.open(provider, authentication.digest)
    }

    /// Decodes the manifest and checks the severable members against it;
    /// the caller authenticated the manifest.
    fn open<P: CryptoProvider + ?Sized>(
        &self,
        provider: &P,
        digest: Digest<'a>,
    ) -> Result<Verified<'a>, Error> {
        let mut d = self.manifest.decoder();
        let manifest = Manifest::decode(&mut d)?;
        d.finish().map_err(cbor)?;
        for (&k, member) in mkey::SEVERABLE.iter().zip(self.severable.iter()) {
            let Some(member) = member else { continue };
            match manifest.severable(k) {
                Some(Severable::Severed(digest)) => {
                    if !digest.matches(provider, member.encoded)? {
                        return Err(Error::malformed(
                            Rule::SeverableDigestMismatch(k),
                            member.offset,
                        ));
                    }
                }
                _ => {
                    return Err(Error::malformed(
                        Rule::UnexpectedSeverableMember(k),
                        member.offset,
                    ));
                }
            }
        }
        Ok(Verified {
            envelope: self.clone(),
            manifest,
            digest,
        })
    }
}

/// The decoded authentication wrapper (§8.3).
#[derive(Clone, Debug)]
pub struct Authentication<'a> {
    /// The manifest digest the blocks authenticate.
    pub digest: Digest<'a>,
    /// The encoded `bstr .cbor SUIT_Digest`: the detached COSE payload.
    pub digest_item: &'a [u8],
    blocks: Blocks<'a>,
}

impl<'a> Authentication<'a> {
    /// The authentication blocks.
    pub fn blocks(&self) -> Blocks<'a> {
        self.blocks.clone()
    }
}

/// The authentication blocks of a wrapper (checked when it was decoded).
#[derive(Clone, Debug)]
pub struct Blocks<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
}

impl<'a> Iterator for Blocks<'a> {
    type Item = AuthenticationBlock<'a>;

    fn next(&mut self) -> Option<AuthenticationBlock<'a>> {
        if !more(&mut self.d, self.len, self.index).ok()? {
            return None;
        }
        self.index += 1;
        AuthenticationBlock::decode_wrapped(&mut self.d).ok()
    }
}

/// The integrated payloads of an envelope: `(key, bytes)`.
#[derive(Clone, Debug)]
pub struct IntegratedPayloads<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
}

impl<'a> Iterator for IntegratedPayloads<'a> {
    type Item = (&'a str, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        // The envelope was checked when decoded: errors cannot occur.
        while more(&mut self.d, self.len, self.index).ok()? {
            self.index += 1;
            if self.d.datatype().ok()? == DataType::Text {
                let k = self.d.str().ok()?;
                let v = self.d.bytes().ok()?;
                return Some((k, v));
            }
            self.d.skip().ok()?;
            self.d.skip().ok()?;
        }
        None
    }
}

/// An authenticated manifest with its envelope: what the processor runs.
/// Only [`Envelope::verify`] makes one.
#[derive(Clone, Debug)]
pub struct Verified<'a> {
    envelope: Envelope<'a>,
    manifest: Manifest<'a>,
    digest: Digest<'a>,
}

impl<'a> Verified<'a> {
    /// The manifest.
    pub const fn manifest(&self) -> &Manifest<'a> {
        &self.manifest
    }

    /// The envelope it came in.
    pub const fn envelope(&self) -> &Envelope<'a> {
        &self.envelope
    }

    /// The authenticated manifest digest (a SUIT Report's reference).
    pub const fn digest(&self) -> &Digest<'a> {
        &self.digest
    }

    /// The command sequence under manifest key `key` (validate, install, …),
    /// from the manifest or, for a severed member, from the envelope.
    ///
    /// # Errors
    /// [`Rule::SeveredMemberMissing`] when the manifest holds only the
    /// member's digest and the envelope lacks the member.
    pub fn sequence(&self, key: i64) -> Result<Option<CommandSequence<'a>>, Error> {
        if let Some(sequence) = self.manifest.inline_sequence(key) {
            return Ok(Some(sequence));
        }
        match self.manifest.severable(key) {
            Some(Severable::Severed(digest)) => {
                let member = self.severable_member(key).ok_or(Error::malformed(
                    Rule::SeveredMemberMissing(key),
                    digest.offset,
                ))?;
                CommandSequence::from_decoder(&mut member.decoder()).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// A severable member supplied by the envelope (its digest checked).
    pub fn severable_member(&self, key: i64) -> Option<Wrapped<'a>> {
        severable_slot(key).and_then(|i| self.envelope.severable.get(i).copied().flatten())
    }

    /// The severable members the manifest names by digest but the envelope
    /// does not carry.
    pub fn missing_members(&self) -> impl Iterator<Item = i64> + '_ {
        mkey::SEVERABLE.iter().copied().filter(|&k| {
            matches!(self.manifest.severable(k), Some(Severable::Severed(_)))
                && self.severable_member(k).is_none()
        })
    }

    /// Checks that the envelope carries every severable member the manifest
    /// names by digest.
    ///
    /// # Errors
    /// [`Rule::SeveredMemberMissing`] for the first one missing, at its
    /// digest in the manifest.
    pub fn require_all_members(&self) -> Result<(), Error> {
        match self.missing_members().next() {
            None => Ok(()),
            Some(k) => {
                let at = match self.manifest.severable(k) {
                    Some(Severable::Severed(digest)) => digest.offset,
                    _ => 0,
                };
                Err(Error::malformed(Rule::SeveredMemberMissing(k), at))
            }
        }
    }

    /// Checks that every command sequence this crate would run reads
    /// through (known commands, well-formed arguments, nesting within
    /// [`MAX_NESTING`]); returns how many commands there are.
    ///
    /// # Errors
    /// The first command that cannot be processed.
    pub fn check_processable(&self) -> Result<usize, Error> {
        let mut count = 0;
        if let Some(shared) = &self.manifest.common.shared_sequence {
            count += shared.check(MAX_NESTING)?;
        }
        for k in [
            mkey::DEPENDENCY_RESOLUTION,
            mkey::PAYLOAD_FETCH,
            mkey::CANDIDATE_VERIFICATION,
            mkey::INSTALL,
            mkey::VALIDATE,
            mkey::LOAD,
            mkey::INVOKE,
            mkey::UNINSTALL,
        ] {
            match self.sequence(k) {
                Ok(Some(sequence)) => count += sequence.check(MAX_NESTING)?,
                Ok(None) => {}
                // A severed member that is not here is not run.
                Err(e) if matches!(e.rule(), Some(Rule::SeveredMemberMissing(_))) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(count)
    }
}
