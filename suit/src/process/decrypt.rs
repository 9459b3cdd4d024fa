//! Firmware encryption while processing (draft-ietf-suit-firmware-encryption
//! §5): write, fetch and copy of encrypted payloads.

#[allow(clippy::wildcard_imports, reason = "the processor's own parts")]
use super::*;

/// Where decrypted content comes from.
#[derive(Clone, Copy)]
pub(super) enum Source<'a> {
    Bytes(&'a [u8]),
    Component(ComponentId<'a>),
}

impl<'a, 'b, const N: usize> Processor<'a, 'b, N> {
    /// Write, fetch or copy of an encrypted payload: the plaintext is what
    /// the component receives (draft-ietf-suit-firmware-encryption §5).
    #[allow(clippy::too_many_arguments, reason = "the command's whole context")]
    pub(super) fn decrypting<P, C>(
        &mut self,
        directive: Directive,
        info: &'a [u8],
        component: &ComponentId<'a>,
        params: &ComponentParameters<'a>,
        index: u64,
        offset: usize,
        platform: &mut P,
        crypto: &C,
    ) -> Result<Outcome<'a>, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        use crate::label::parameter as pk;
        let id = directive.id();
        let here = |s: &Self, reason| s.abort(reason, offset, Some(index), Some(id));
        let missing = |s: &Self, parameter| {
            here(s, Reason::ParameterUnsupported)
                .with_rule(Rule::Missing(crate::rule::Member::Parameter(parameter)))
        };
        let failed = |s: &Self, e| Abort {
            platform: Some(e),
            ..here(s, Reason::OperationFailed)
        };
        let source = match directive {
            Directive::Write => {
                Source::Bytes(params.content.ok_or_else(|| missing(self, pk::CONTENT))?)
            }
            Directive::Fetch => {
                let uri = params.uri.ok_or_else(|| missing(self, pk::URI))?;
                if uri.starts_with('#') {
                    let payload = self.current.envelope().integrated(uri);
                    Source::Bytes(payload.ok_or_else(|| failed(self, PlatformError::Transfer))?)
                } else {
                    match platform.fetch(component, uri, params.fetch_arguments) {
                        Ok(Progress::Done) => Source::Component(*component),
                        Ok(Progress::Pending) => return Ok(Outcome::Pending),
                        Err(e) => return Err(failed(self, e)),
                    }
                }
            }
            _ => {
                let source = params
                    .source_component
                    .ok_or_else(|| missing(self, pk::SOURCE_COMPONENT))?;
                let slot = self.slot(source, offset)?;
                let source_id = self.components.get(slot).copied().flatten();
                Source::Component(source_id.ok_or_else(|| missing(self, pk::SOURCE_COMPONENT))?)
            }
        };
        let info = crate::encryption::EncryptionInfo::decode(info, offset).map_err(|e| Abort {
            rule: e.rule().copied(),
            ..here(self, Reason::ParameterUnsupported)
        })?;
        let cipher = info.cipher().ok_or_else(|| {
            here(self, Reason::AlgorithmUnsupported)
                .with_rule(Rule::UnsupportedAlgorithm(info.algorithm))
        })?;
        // The content key, from the first recipient the device has a key for.
        let mut cek = [0u8; crate::encryption::MAX_KEY_LEN];
        let mut cek_len = None;
        let mut why = Rule::UnknownKey;
        for recipient in info.recipients() {
            let mut key = [0u8; crate::encryption::MAX_KEY_LEN];
            let Some(n) = platform.decryption_key(recipient.algorithm, recipient.kid, &mut key)
            else {
                continue;
            };
            match recipient.content_key(crypto, key.get(..n).unwrap_or_default(), &mut cek) {
                Ok(len) => {
                    cek_len = Some(len);
                    break;
                }
                Err(rule) => why = rule,
            }
        }
        let cek_len = cek_len.ok_or_else(|| here(self, Reason::Unauthorised).with_rule(why))?;
        let cek = cek.get(..cek_len).unwrap_or_default();
        match self.decrypt_into(cipher, &info, cek, source, component, platform, crypto) {
            Ok(()) => Ok(Outcome::Done),
            Err(Ok(e)) => Err(failed(self, e)),
            Err(Err(rule)) => Err(here(self, Reason::OperationFailed).with_rule(rule)),
        }
    }

    /// Decrypts `source` into `destination`: AES-CTR in chunks (in place
    /// when they are the same component), AES-GCM whole in the buffer.
    #[allow(clippy::too_many_arguments, reason = "the decryption's whole context")]
    pub(super) fn decrypt_into<P, C>(
        &mut self,
        cipher: crate::encryption::ContentCipher,
        info: &crate::encryption::EncryptionInfo<'_>,
        cek: &[u8],
        source: Source<'a>,
        destination: &ComponentId<'a>,
        platform: &mut P,
        crypto: &C,
    ) -> Result<(), Result<PlatformError, Rule>>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        use crate::encryption::{ContentCipher, GCM_TAG_LEN, ctr_block};
        let len = match source {
            Source::Bytes(bytes) => bytes.len(),
            Source::Component(c) => platform
                .component_len(&c)
                .map_err(Ok)
                .and_then(|l| usize::try_from(l).map_err(|_| Ok(PlatformError::Storage)))?,
        };
        let read = |platform: &mut P,
                    at: usize,
                    out: &mut [u8]|
         -> Result<(), Result<PlatformError, Rule>> {
            match source {
                Source::Bytes(bytes) => {
                    let part = bytes
                        .get(at..at + out.len())
                        .ok_or(Ok(PlatformError::Storage))?;
                    out.copy_from_slice(part);
                    Ok(())
                }
                Source::Component(c) => {
                    let at = u64::try_from(at).map_err(|_| Ok(PlatformError::Storage))?;
                    match platform.read(&c, at, out) {
                        Ok(n) if n == out.len() => Ok(()),
                        Ok(_) => Err(Ok(PlatformError::Storage)),
                        Err(e) => Err(Ok(e)),
                    }
                }
            }
        };
        match cipher {
            ContentCipher::Gcm(alg) => {
                let whole = self
                    .buffer
                    .get_mut(..len)
                    .ok_or(Err(Rule::PayloadTooLarge))?;
                read(platform, 0, whole)?;
                let (ciphertext, tag) = whole
                    .split_at_mut_checked(len.saturating_sub(GCM_TAG_LEN))
                    .ok_or(Err(Rule::InvalidCose))?;
                let mut aad = [0u8; 160];
                let aad = info
                    .aad(&mut aad)
                    .ok_or(Err(Rule::AuthenticationTooLarge))?;
                crypto
                    .aead_open(alg, cek, info.iv, aad, ciphertext, tag)
                    .map_err(|_| Err(Rule::AuthenticationFailed))?;
                platform.begin_write(destination).map_err(Ok)?;
                platform.write(destination, 0, ciphertext).map_err(Ok)
            }
            ContentCipher::Ctr(alg) => {
                let in_place = matches!(source, Source::Component(c) if c == *destination);
                if !in_place {
                    platform.begin_write(destination).map_err(Ok)?;
                }
                let mut buf = [0u8; CHUNK];
                let mut at = 0;
                while at < len {
                    let n = (len - at).min(CHUNK);
                    let chunk = buf.get_mut(..n).ok_or(Ok(PlatformError::Storage))?;
                    read(platform, at, chunk)?;
                    let position = u64::try_from(at).map_err(|_| Ok(PlatformError::Storage))?;
                    let counter = ctr_block(info.iv, position).ok_or(Err(Rule::InvalidCose))?;
                    crypto
                        .ctr_apply(alg, cek, &counter, chunk)
                        .map_err(|_| Err(Rule::InvalidCose))?;
                    platform.write(destination, position, chunk).map_err(Ok)?;
                    at += n;
                }
                Ok(())
            }
        }
    }
}
