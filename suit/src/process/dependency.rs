//! Trust domains (draft-ietf-suit-trust-domains): dependencies found,
//! authenticated and run in their own manifest context, parameters handed
//! over by component identifier.

#[allow(clippy::wildcard_imports, reason = "the processor's own parts")]
use super::*;

/// The keys dependency manifests are verified with.
#[derive(Clone, Copy)]
pub(super) struct Keys<'a>(pub(super) &'a dyn KeyResolver);

impl core::fmt::Debug for Keys<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Keys(..)")
    }
}

/// A dependent's state, kept while one of its dependencies runs.
#[derive(Debug)]
pub(super) struct Saved<'a, const N: usize> {
    current: Verified<'a>,
    components: [Option<ComponentId<'a>>; N],
    count: usize,
    params: [ComponentParameters<'a>; N],
    dependency: [bool; N],
    integrated: [Option<&'a [u8]>; N],
    integrity: [bool; N],
}

/// The `suit-manifest-component-id` of an envelope's manifest, read
/// without verification (to find an envelope; it is verified before use).
pub(super) fn manifest_component_id<'a>(envelope: &Envelope<'a>) -> Option<ComponentId<'a>> {
    let mut outer = iotm_cbor::Decoder::new(envelope.manifest_bytes());
    let mut inner = outer.bstr_cbor().ok()?;
    crate::Manifest::decode(&mut inner).ok()?.component_id
}

impl<'a, 'b, const N: usize> Processor<'a, 'b, N> {
    /// Reads `suit-dependencies` of the current manifest: marks those
    /// components and, for indices past `suit-components`, adds a component
    /// named by the dependency prefix (as libcsuit and the trust-domains
    /// vectors do).
    pub(super) fn mark_dependencies(&mut self, offset: usize) -> Result<(), Abort> {
        let Some(dependencies) = self.current.manifest().common.dependencies else {
            return Ok(());
        };
        let mut d = iotm_cbor::Decoder::with_base(dependencies.encoded, dependencies.offset);
        let mut found: [Option<(u64, Option<ComponentId<'a>>)>; N] = [None; N];
        let mut n = 0;
        let result = crate::map::int_map(&mut d, |k, at, d| {
            let index =
                u64::try_from(k).map_err(|_| Error::malformed(Rule::InvalidArgument(k), at))?;
            let mut prefix = None;
            crate::map::int_map(d, |key, _, d| {
                if key == 1 {
                    prefix = Some(ComponentId::decode(d)?);
                    Ok(())
                } else {
                    d.skip().map_err(crate::rule::cbor)
                }
            })?;
            let slot = found
                .get_mut(n)
                .ok_or(Error::malformed(Rule::TooManyComponents(n + 1), at))?;
            *slot = Some((index, prefix));
            n += 1;
            Ok(())
        });
        if let Err(e) = result {
            return Err(self.abort_error(reason_for(&e), &e, None));
        }
        for (index, prefix) in found.into_iter().flatten() {
            let slot = usize::try_from(index)
                .ok()
                .filter(|&i| i < N)
                .ok_or_else(|| {
                    self.abort(Reason::ComponentUnsupported, offset, Some(index), None)
                        .with_rule(Rule::TooManyComponents(N + 1))
                })?;
            if let Some(flag) = self.dependency.get_mut(slot) {
                *flag = true;
            }
            if slot >= self.count {
                if let Some(component) = self.components.get_mut(slot) {
                    *component = prefix;
                }
                self.count = slot + 1;
            }
        }
        Ok(())
    }

    /// `suit-condition-is-dependency`: the index is in `suit-dependencies`.
    pub(super) fn is_dependency(&self, index: u64) -> bool {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.dependency.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// `image-match` on a dependency (trust domains §5.2.2): the component
    /// holds an envelope whose manifest has the wanted digest. The envelope
    /// is the integrated one fetched into it, or is read from storage into
    /// the processor's buffer.
    #[allow(clippy::too_many_arguments, reason = "the command's whole context")]
    pub(super) fn dependency_image_matches<P, C>(
        &mut self,
        slot: usize,
        component: &ComponentId<'a>,
        params: &ComponentParameters<'a>,
        index: u64,
        offset: usize,
        platform: &mut P,
        crypto: &C,
    ) -> Result<bool, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        let Some(wanted) = params.image_digest else {
            return Ok(false);
        };
        let unsupported = self
            .abort(
                Reason::AlgorithmUnsupported,
                offset,
                Some(index),
                Some(crate::label::command::IMAGE_MATCH),
            )
            .with_rule(Rule::UnsupportedDigestAlgorithm(wanted.algorithm));
        let bytes: &[u8] = match self.integrated.get(slot).copied().flatten() {
            Some(bytes) => bytes,
            None => {
                let Ok(len) = platform.component_len(component) else {
                    return Ok(false);
                };
                let Some(buf) = usize::try_from(len)
                    .ok()
                    .and_then(|len| self.buffer.get_mut(..len))
                else {
                    return Ok(false);
                };
                match platform.read(component, 0, buf) {
                    Ok(n) if n == buf.len() => buf,
                    _ => return Ok(false),
                }
            }
        };
        let Ok(envelope) = Envelope::decode(bytes) else {
            return Ok(false);
        };
        wanted
            .matches(crypto, envelope.manifest_bytes())
            .map_err(|_| unsupported)
    }

    /// The envelope of dependency `index`: an integrated one fetched into
    /// it, or one the caller holds whose manifest digest is the component's
    /// `image-digest`.
    pub(super) fn dependency_envelope(
        &self,
        slot: usize,
        params: &ComponentParameters<'a>,
    ) -> Option<&'a [u8]> {
        if let Some(bytes) = self.integrated.get(slot).copied().flatten() {
            return Some(bytes);
        }
        let component = self.components.get(slot).copied().flatten();
        self.dependency_envelopes.iter().copied().find(|bytes| {
            let Ok(envelope) = Envelope::decode(bytes) else {
                return false;
            };
            match params.image_digest {
                // Named by digest (staging, install).
                Some(wanted) => envelope.authentication().is_ok_and(|a| {
                    a.digest.algorithm == wanted.algorithm && a.digest.bytes == wanted.bytes
                }),
                // Without a digest (uninstall of an installed dependency):
                // the envelope whose manifest names this component.
                None => manifest_component_id(&envelope).is_some_and(|id| Some(id) == component),
            }
        })
    }

    /// Authenticates dependency `slot` (trust domains §5.6.4): its envelope
    /// verifies with the keys, and its manifest digest is the dependent's
    /// `image-digest` for it (or, when none is set, its manifest names the
    /// component in `suit-manifest-component-id`).
    pub(super) fn check_dependency<C: CryptoProvider + ?Sized>(
        &self,
        slot: usize,
        params: &ComponentParameters<'a>,
        index: u64,
        offset: usize,
        command: i64,
        crypto: &C,
    ) -> Result<Verified<'a>, Abort> {
        let here = |reason, rule| {
            self.abort(reason, offset, Some(index), Some(command))
                .with_rule(rule)
        };
        if !self.is_dependency(index) {
            return Err(here(
                Reason::ComponentUnsupported,
                Rule::NotADependency(index),
            ));
        }
        let bytes = self
            .dependency_envelope(slot, params)
            .ok_or_else(|| here(Reason::OperationFailed, Rule::DependencyUnavailable(index)))?;
        let Keys(keys) = self
            .keys
            .ok_or_else(|| here(Reason::Unauthorised, Rule::UnknownKey))?;
        let verified = Envelope::decode(bytes)
            .and_then(|e| e.verify(crypto, keys))
            .map_err(|e| Abort {
                rule: e.rule().copied(),
                ..self.abort(Reason::Unauthorised, offset, Some(index), Some(command))
            })?;
        let matches = match params.image_digest {
            Some(d) => {
                d.algorithm == verified.digest().algorithm && d.bytes == verified.digest().bytes
            }
            None => {
                verified.manifest().component_id.is_some()
                    && verified.manifest().component_id
                        == self.components.get(slot).copied().flatten()
            }
        };
        if !matches {
            return Err(here(Reason::Unauthorised, Rule::ManifestDigestMismatch));
        }
        Ok(verified)
    }

    /// Runs dependency `slot` (trust domains §5.4): its shared sequence,
    /// then its section of the same key as the one running, with its own
    /// components; parameters are handed over by component identifier both
    /// ways.
    pub(super) fn enter_dependency(
        &mut self,
        dependency: Verified<'a>,
        index: u64,
        offset: usize,
    ) -> Result<(), Abort> {
        let section = self
            .procedure
            .sections()
            .get(self.step)
            .copied()
            .unwrap_or(0);
        let saved = self.saved.get_mut(self.saved_depth).ok_or(Abort {
            reason: Reason::CommandUnsupported,
            section,
            offset,
            component: Some(index),
            command: Some(crate::label::command::PROCESS_DEPENDENCY),
            rule: Some(Rule::NestingTooDeep),
            platform: None,
        })?;
        let manifest = dependency.manifest();
        let mut components = [None; N];
        for (slot, component) in components
            .iter_mut()
            .zip(manifest.common.components.clone())
        {
            *slot = Some(component);
        }
        let count = manifest.common.component_count.min(N);
        // Parameters the dependent set for a component the dependency also
        // names are the dependency's to start with.
        let mut params = [ComponentParameters::default(); N];
        for (theirs, id) in params.iter_mut().zip(components.iter()) {
            let Some(id) = id else { continue };
            if let Some(i) = self
                .components
                .iter()
                .take(self.count)
                .position(|c| c.as_ref() == Some(id))
            {
                *theirs = self.params.get(i).copied().unwrap_or_default();
            }
        }
        *saved = Some(Saved {
            current: core::mem::replace(&mut self.current, dependency.clone()),
            components: core::mem::replace(&mut self.components, components),
            count: core::mem::replace(&mut self.count, count),
            params: core::mem::replace(&mut self.params, params),
            dependency: core::mem::replace(&mut self.dependency, [false; N]),
            integrated: core::mem::replace(&mut self.integrated, [None; N]),
            integrity: core::mem::replace(&mut self.integrity, [false; N]),
        });
        self.saved_depth += 1;
        self.mark_dependencies(offset)?;
        // Pushed in reverse: the end marker, the section, the shared sequence.
        let mut empty = iotm_cbor::Decoder::new(EMPTY_SEQUENCE);
        let end = CommandSequence::from_decoder(&mut empty)
            .map_err(|e| self.abort_error(Reason::CborParse, &e, None))?;
        self.push(Frame::new(
            end,
            FrameKind::DependencyEnd,
            false,
            Selection::One(0),
        ))?;
        match dependency.sequence(section) {
            Ok(Some(sequence)) => {
                self.push(Frame::new(
                    sequence,
                    FrameKind::Section,
                    false,
                    Selection::One(0),
                ))?;
                if let Some(shared) = dependency.manifest().common.shared_sequence.clone() {
                    self.push(Frame::new(
                        shared,
                        FrameKind::Section,
                        false,
                        Selection::One(0),
                    ))?;
                }
            }
            // The dependency has no such section: it succeeds at once.
            Ok(None) => {}
            Err(e) => return Err(self.abort_error(Reason::SeveringUnsupported, &e, Some(index))),
        }
        Ok(())
    }

    /// Back to the dependent after its dependency ran: parameters flow back
    /// by component identifier.
    pub(super) fn leave_dependency(&mut self) {
        let Some(depth) = self.saved_depth.checked_sub(1) else {
            return;
        };
        self.saved_depth = depth;
        let Some(Some(saved)) = self.saved.get_mut(depth).map(Option::take) else {
            return;
        };
        let (theirs, their_components, their_count) = (self.params, self.components, self.count);
        self.current = saved.current;
        self.components = saved.components;
        self.count = saved.count;
        self.params = saved.params;
        self.dependency = saved.dependency;
        self.integrated = saved.integrated;
        self.integrity = saved.integrity;
        for (i, id) in their_components.iter().take(their_count).enumerate() {
            let Some(id) = id else { continue };
            let mine = self
                .components
                .iter()
                .take(self.count)
                .position(|c| c.as_ref() == Some(id));
            if let (Some(mine), Some(value)) = (mine, theirs.get(i)) {
                if let Some(slot) = self.params.get_mut(mine) {
                    *slot = *value;
                }
            }
        }
    }
}
