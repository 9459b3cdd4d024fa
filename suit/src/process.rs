//! The command processor (§6): runs a verified manifest's sequences against
//! a [`Platform`], one command at a time, without an allocator.
//!
//! The interpreter keeps its own bounded stack of running sequences instead
//! of recursing, so a directive that has to wait (a download, a flash
//! erase) returns [`Status::Pending`] and the next [`Processor::run`]
//! resumes exactly there.

mod frame;
mod params;
mod platform;
mod version;

use iotm_crypto::{CryptoProvider, Hasher as _};

use crate::Envelope;
use crate::command::{Command, CommandSequence, Condition, Directive, IndexArg, IndexedEntry};
use crate::component::ComponentId;
use crate::digest::{Digest, MAX_DIGEST_LEN};
use crate::envelope::{MAX_NESTING, Verified};
use crate::key::KeyResolver;
use crate::label::{common as ckey, manifest as key};
use crate::report::{Entry, Records, ReportReference, consumed};
use crate::rule::{Error, Rule};
use frame::{Active, Frame, FrameKind, Selection};
use params::Applied;
pub use params::ComponentParameters;
pub use platform::{Identifier, Platform, PlatformError, Progress};

/// Frames: a section plus [`MAX_NESTING`] nested sequences.
const STACK_DEPTH: usize = MAX_NESTING + 1;

/// Bytes read from storage at a time when hashing or comparing a component.
const CHUNK: usize = 256;

/// How deep dependencies may nest (a dependency of a dependency of the root).
pub const MAX_DEPENDENCY_DEPTH: usize = 2;

/// An empty command sequence: the body of a [`FrameKind::DependencyEnd`] frame.
const EMPTY_SEQUENCE: &[u8] = &[0x80];

/// The reasons of a SUIT Report (draft-ietf-suit-report), why processing
/// stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[repr(u8)]
pub enum Reason {
    /// `suit-report-reason-cbor-parse`.
    CborParse = 1,
    /// `suit-report-reason-cose-unsupported`.
    CoseUnsupported = 2,
    /// `suit-report-reason-alg-unsupported`.
    AlgorithmUnsupported = 3,
    /// `suit-report-reason-unauthorised`.
    Unauthorised = 4,
    /// `suit-report-reason-command-unsupported`.
    CommandUnsupported = 5,
    /// `suit-report-reason-component-unsupported`.
    ComponentUnsupported = 6,
    /// `suit-report-reason-component-unauthorised`.
    ComponentUnauthorised = 7,
    /// `suit-report-reason-parameter-unsupported`.
    ParameterUnsupported = 8,
    /// `suit-report-reason-severing-unsupported`.
    SeveringUnsupported = 9,
    /// `suit-report-reason-condition-failed`.
    ConditionFailed = 10,
    /// `suit-report-reason-operation-failed`.
    OperationFailed = 11,
}

/// Why processing stopped: the report reason and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Abort {
    /// The report reason.
    pub reason: Reason,
    /// The manifest section running (7 validate, 20 install, …), or 0
    /// before any section ran.
    pub section: i64,
    /// Offset in the envelope of the command that failed (or of the
    /// manifest part that is wrong).
    pub offset: usize,
    /// The component index the command was applied to.
    pub component: Option<u64>,
    /// The condition or directive that failed.
    pub command: Option<i64>,
    /// The rule a malformed or refused manifest breaks.
    pub rule: Option<Rule>,
    /// What the platform reported.
    pub platform: Option<PlatformError>,
}

/// A procedure: which sections run, in order (§8.4.6; trust domains §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Procedure {
    /// Dependency resolution, payload fetch, candidate verification,
    /// install, then validate.
    Update,
    /// Validate, load, invoke: a boot.
    Invoke,
    /// The update, then the boot.
    UpdateThenInvoke,
    /// `suit-uninstall`.
    Uninstall,
}

impl Procedure {
    const fn sections(self) -> &'static [i64] {
        match self {
            Self::Update => &[
                key::DEPENDENCY_RESOLUTION,
                key::PAYLOAD_FETCH,
                key::CANDIDATE_VERIFICATION,
                key::INSTALL,
                key::VALIDATE,
            ],
            Self::Invoke => &[key::VALIDATE, key::LOAD, key::INVOKE],
            Self::UpdateThenInvoke => &[
                key::DEPENDENCY_RESOLUTION,
                key::PAYLOAD_FETCH,
                key::CANDIDATE_VERIFICATION,
                key::INSTALL,
                key::VALIDATE,
                key::LOAD,
                key::INVOKE,
            ],
            Self::Uninstall => &[key::UNINSTALL],
        }
    }

    const fn updates(self) -> bool {
        matches!(self, Self::Update | Self::UpdateThenInvoke)
    }
}

/// Where a [`Processor::run`] stopped without error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Every section of the procedure ran.
    Done,
    /// A directive waits on the platform; call [`Processor::run`] again.
    Pending {
        /// The directive.
        command: i64,
        /// The component it applies to.
        component: u64,
    },
}

/// Where the procedure is between sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Before section `sections[step]` (and its shared sequence).
    Start,
    /// The shared sequence before the section runs.
    Shared,
    /// The section runs.
    Section,
}

/// What one step of a command did.
#[allow(
    clippy::large_enum_variant,
    reason = "a return value moved once into the stack; no allocator to box it"
)]
enum Outcome<'a> {
    Done,
    Pending,
    ConditionFailed,
    Push(Frame<'a>),
    /// A dependency's frames were pushed (the command already advanced).
    Entered,
}

/// The processor for one verified manifest with at most `N` components.
///
/// Decrypting an AES-GCM payload needs the whole ciphertext in memory: give
/// the processor a buffer with [`with_buffer`](Self::with_buffer). AES-CTR
/// payloads are decrypted in small chunks while written and need none.
#[derive(Debug)]
pub struct Processor<'a, 'b, const N: usize> {
    verified: Verified<'a>,
    procedure: Procedure,
    step: usize,
    phase: Phase,
    frames: [Option<Frame<'a>>; STACK_DEPTH],
    depth: usize,
    components: [Option<ComponentId<'a>>; N],
    count: usize,
    params: [ComponentParameters<'a>; N],
    started: bool,
    outcome: Option<Result<(), Abort>>,
    /// Room for a whole AES-GCM payload.
    #[cfg_attr(
        not(feature = "encryption"),
        allow(dead_code, reason = "only decryption uses it")
    )]
    buffer: &'b mut [u8],
    /// What the SUIT Report will say.
    records: Records<'a>,
    /// Offset in the envelope of the running section's sequence.
    section_offset: usize,
    /// The manifest whose sequences run now: the root's, or a dependency's.
    current: Verified<'a>,
    /// Components of the current manifest that are dependencies.
    dependency: [bool; N],
    /// Integrated payloads fetched into components of the current manifest.
    integrated: [Option<&'a [u8]>; N],
    /// Dependencies whose integrity was checked (trust domains §5.6.4).
    integrity: [bool; N],
    /// The dependents' state while a dependency runs.
    saved: [Option<Saved<'a, N>>; MAX_DEPENDENCY_DEPTH],
    saved_depth: usize,
    /// Keys for dependency manifests.
    keys: Option<Keys<'a>>,
    /// Dependency envelopes the caller holds (fetched earlier, in flash).
    dependency_envelopes: &'a [&'a [u8]],
}

/// The keys dependency manifests are verified with.
#[derive(Clone, Copy)]
struct Keys<'a>(&'a dyn KeyResolver);

impl core::fmt::Debug for Keys<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Keys(..)")
    }
}

/// A dependent's state, kept while one of its dependencies runs.
#[derive(Debug)]
struct Saved<'a, const N: usize> {
    current: Verified<'a>,
    components: [Option<ComponentId<'a>>; N],
    count: usize,
    params: [ComponentParameters<'a>; N],
    dependency: [bool; N],
    integrated: [Option<&'a [u8]>; N],
    integrity: [bool; N],
}

/// Where decrypted content comes from.
#[cfg(feature = "encryption")]
#[derive(Clone, Copy)]
enum Source<'a> {
    Bytes(&'a [u8]),
    Component(ComponentId<'a>),
}

impl<'a, const N: usize> Processor<'a, 'static, N> {
    /// A processor for `procedure` of a verified manifest. Nothing runs
    /// until [`run`](Self::run).
    pub fn new(verified: &Verified<'a>, procedure: Procedure) -> Self {
        Self {
            verified: verified.clone(),
            procedure,
            step: 0,
            phase: Phase::Start,
            frames: core::array::from_fn(|_| None),
            depth: 0,
            components: [None; N],
            count: 0,
            params: [ComponentParameters::default(); N],
            started: false,
            outcome: None,
            buffer: &mut [],
            records: Records::default(),
            section_offset: 0,
            current: verified.clone(),
            dependency: [false; N],
            integrated: [None; N],
            integrity: [false; N],
            saved: core::array::from_fn(|_| None),
            saved_depth: 0,
            keys: None,
            dependency_envelopes: &[],
        }
    }
}

impl<'a, 'b, const N: usize> Processor<'a, 'b, N> {
    /// The same processor with `buffer` for AES-GCM payloads (at least the
    /// ciphertext and its 16-byte tag).
    pub fn with_buffer<'c>(self, buffer: &'c mut [u8]) -> Processor<'a, 'c, N> {
        Processor {
            verified: self.verified,
            procedure: self.procedure,
            step: self.step,
            phase: self.phase,
            frames: self.frames,
            depth: self.depth,
            components: self.components,
            count: self.count,
            params: self.params,
            started: self.started,
            outcome: self.outcome,
            buffer,
            records: self.records,
            section_offset: self.section_offset,
            current: self.current,
            dependency: self.dependency,
            integrated: self.integrated,
            integrity: self.integrity,
            saved: self.saved,
            saved_depth: self.saved_depth,
            keys: self.keys,
            dependency_envelopes: self.dependency_envelopes,
        }
    }

    /// Lets the processor run dependencies (trust domains): `keys`
    /// authenticate their manifests, and `envelopes` are the dependency
    /// envelopes the device holds (fetched earlier; in memory-mapped flash on
    /// a device). A dependency is found among them by its manifest digest,
    /// which the dependent names in the component's `image-digest`;
    /// integrated dependencies are found in the envelope.
    #[must_use]
    pub fn with_dependencies(
        mut self,
        keys: &'a dyn KeyResolver,
        envelopes: &'a [&'a [u8]],
    ) -> Self {
        self.keys = Some(Keys(keys));
        self.dependency_envelopes = envelopes;
        self
    }

    /// Encodes the SUIT Report of the run so far (draft-ietf-suit-report)
    /// into `out`: the records the commands' reporting policies asked for
    /// and the result. `uri` is where the manifest came from.
    ///
    /// # Errors
    /// [`iotm_cbor::EncodeError::BufferTooSmall`] when `out` is too short.
    pub fn report<'o>(
        &self,
        uri: &str,
        nonce: Option<&[u8]>,
        out: &'o mut [u8],
    ) -> Result<&'o [u8], iotm_cbor::EncodeError> {
        let reference = ReportReference {
            uri,
            digest: *self.verified.digest(),
            nonce,
        };
        crate::report::encode(&reference, &self.records, None, out)
    }

    /// As [`report`](Self::report), with a capability report
    /// (draft-ietf-suit-report §4): the manifest's components, and the
    /// commands, parameters, algorithms and members this crate processes.
    ///
    /// # Errors
    /// [`iotm_cbor::EncodeError::BufferTooSmall`] when `out` is too short.
    pub fn report_with_capabilities<'o>(
        &self,
        uri: &str,
        nonce: Option<&[u8]>,
        out: &'o mut [u8],
    ) -> Result<&'o [u8], iotm_cbor::EncodeError> {
        let reference = ReportReference {
            uri,
            digest: *self.verified.digest(),
            nonce,
        };
        let mut components = [None; N];
        for (slot, c) in components
            .iter_mut()
            .zip(self.verified.manifest().common.components.clone())
        {
            *slot = Some(c);
        }
        let mut list: [ComponentId<'a>; N] = [ComponentId::EMPTY; N];
        let mut n = 0;
        for (dst, c) in list.iter_mut().zip(components.iter().flatten()) {
            *dst = *c;
            n += 1;
        }
        crate::report::encode(
            &reference,
            &self.records,
            Some(list.get(..n).unwrap_or_default()),
            out,
        )
    }

    /// Records dropped because more than [`MAX_RECORDS`](crate::MAX_RECORDS)
    /// were asked for.
    pub const fn dropped_records(&self) -> usize {
        self.records.dropped
    }

    /// The parameters of component `index` as they stand.
    pub fn parameters(&self, index: usize) -> Option<&ComponentParameters<'a>> {
        self.params.get(index).filter(|_| index < self.count)
    }

    /// Runs until the procedure is done, a directive waits, or processing
    /// aborts. After `Done` or an abort, further calls return the same.
    ///
    /// # Errors
    /// The [`Abort`]: its reason, section, command and component.
    pub fn run<P, C>(&mut self, platform: &mut P, crypto: &C) -> Result<Status, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        match self.outcome {
            Some(Ok(())) => return Ok(Status::Done),
            Some(Err(abort)) => return Err(abort),
            None => {}
        }
        let result = self.run_inner(platform, crypto);
        match result {
            Ok(Status::Done) => self.outcome = Some(Ok(())),
            Err(abort) => {
                let entry = self.entry(false, abort.command, abort.offset, abort.component);
                self.records.failure = Some((entry, abort.reason));
                self.outcome = Some(Err(abort));
            }
            Ok(Status::Pending { .. }) => {}
        }
        result
    }

    fn run_inner<P, C>(&mut self, platform: &mut P, crypto: &C) -> Result<Status, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        if !self.started {
            self.start(platform)?;
            self.started = true;
        }
        loop {
            if self.depth == 0 {
                if self.next_phase()? {
                    continue;
                }
                if self.procedure.updates() {
                    platform.store_sequence_number(self.verified.manifest().sequence_number);
                }
                return Ok(Status::Done);
            }
            let Some(active) = self.active()? else {
                continue;
            };
            if let Some(status) = self.step(active, platform, crypto)? {
                return Ok(status);
            }
        }
    }

    /// Checks before anything runs (§6.2): component count and support,
    /// rollback.
    fn start<P: Platform + ?Sized>(&mut self, platform: &mut P) -> Result<(), Abort> {
        let manifest = self.verified.manifest();
        let count = manifest.common.component_count;
        let sequence_number = manifest.sequence_number;
        let components = manifest.common.components.clone();
        if count > N {
            return Err(self
                .abort(Reason::ComponentUnsupported, 0, None, None)
                .with_rule(Rule::TooManyComponents(count)));
        }
        for (slot, component) in self.components.iter_mut().zip(components) {
            *slot = Some(component);
        }
        self.count = count;
        self.mark_dependencies(0)?;
        for (index, component) in self.components.iter().take(count).enumerate() {
            let Some(component) = component else { continue };
            if !platform.has_component(component) {
                let index = u64::try_from(index).ok();
                return Err(Abort {
                    reason: Reason::ComponentUnsupported,
                    section: 0,
                    offset: component.offset(),
                    component: index,
                    command: None,
                    rule: None,
                    platform: Some(PlatformError::UnknownComponent),
                });
            }
        }
        if let Some(installed) = platform.sequence_number() {
            if sequence_number < installed {
                return Err(self.abort(Reason::Unauthorised, 0, None, None).with_rule(
                    Rule::Rollback {
                        manifest: sequence_number,
                        installed,
                    },
                ));
            }
        }
        Ok(())
    }

    /// Reads `suit-dependencies` of the current manifest: marks those
    /// components and, for indices past `suit-components`, adds a component
    /// named by the dependency prefix (as libcsuit and the trust-domains
    /// vectors do).
    fn mark_dependencies(&mut self, offset: usize) -> Result<(), Abort> {
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

    /// The section key running now.
    fn section(&self) -> i64 {
        match self.phase {
            Phase::Shared => ckey::SHARED_SEQUENCE,
            _ => self
                .procedure
                .sections()
                .get(self.step)
                .copied()
                .unwrap_or(0),
        }
    }

    /// Moves to the next sequence to run; `false` when the procedure is over.
    fn next_phase(&mut self) -> Result<bool, Abort> {
        loop {
            let Some(&section) = self.procedure.sections().get(self.step) else {
                return Ok(false);
            };
            let sequence = match self.verified.sequence(section) {
                Ok(sequence) => sequence,
                Err(e) => {
                    let reason = if matches!(e.rule(), Some(Rule::SeveredMemberMissing(_))) {
                        Reason::SeveringUnsupported
                    } else {
                        Reason::CborParse
                    };
                    return Err(self.abort_error(reason, &e, None));
                }
            };
            match (self.phase, sequence) {
                (Phase::Section, _) | (_, None) => {
                    self.step += 1;
                    self.phase = Phase::Start;
                }
                (Phase::Start, Some(sequence)) => {
                    // The shared sequence runs before each section (§8.4.5).
                    match self.verified.manifest().common.shared_sequence.clone() {
                        Some(shared) => {
                            self.phase = Phase::Shared;
                            self.section_offset = shared.offset();
                            self.push(Frame::new(
                                shared,
                                FrameKind::Section,
                                false,
                                Selection::One(0),
                            ))?;
                        }
                        None => {
                            self.phase = Phase::Section;
                            self.section_offset = sequence.offset();
                            self.push(Frame::new(
                                sequence,
                                FrameKind::Section,
                                false,
                                Selection::One(0),
                            ))?;
                        }
                    }
                    return Ok(true);
                }
                (Phase::Shared, Some(sequence)) => {
                    self.phase = Phase::Section;
                    self.section_offset = sequence.offset();
                    self.push(Frame::new(
                        sequence,
                        FrameKind::Section,
                        false,
                        Selection::One(0),
                    ))?;
                    return Ok(true);
                }
            }
        }
    }

    fn top(&mut self) -> Option<&mut Frame<'a>> {
        self.depth
            .checked_sub(1)
            .and_then(|i| self.frames.get_mut(i))
            .and_then(Option::as_mut)
    }

    fn push(&mut self, frame: Frame<'a>) -> Result<(), Abort> {
        let offset = frame.sequence.offset();
        match self.frames.get_mut(self.depth) {
            Some(slot) => {
                *slot = Some(frame);
                self.depth += 1;
                Ok(())
            }
            None => Err(self
                .abort(Reason::CborParse, offset, None, None)
                .with_rule(Rule::NestingTooDeep)),
        }
    }

    fn pop(&mut self) -> Option<Frame<'a>> {
        let index = self.depth.checked_sub(1)?;
        self.depth = index;
        self.frames.get_mut(index).and_then(Option::take)
    }

    /// The command the top frame is applying, reading the next one when the
    /// last is done; `None` when the frame ended (and was popped).
    fn active(&mut self) -> Result<Option<Active<'a>>, Abort> {
        let Some(frame) = self.top() else {
            return Ok(None);
        };
        if let Some(active) = &frame.active {
            return Ok(Some(active.clone()));
        }
        match frame.sequence.next_command() {
            Ok(Some((command, offset))) => {
                let active = Active {
                    command,
                    offset,
                    next: 0,
                };
                frame.active = Some(active.clone());
                Ok(Some(active))
            }
            Ok(None) => {
                // The sequence succeeded; its parent goes on.
                if let Some(frame) = self.pop() {
                    if matches!(frame.kind, FrameKind::DependencyEnd) {
                        self.leave_dependency();
                    }
                }
                Ok(None)
            }
            Err(e) => Err(self.abort_error(reason_for(&e), &e, None)),
        }
    }

    /// Applies the active command to its next component.
    fn step<P, C>(
        &mut self,
        active: Active<'a>,
        platform: &mut P,
        crypto: &C,
    ) -> Result<Option<Status>, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        let count = self.count;
        let offset = active.offset;
        // Commands that change the selection run once, not per component.
        match &active.command {
            Command::SetComponentIndex(arg) => {
                let selection = match arg {
                    IndexArg::One(index) => Selection::One(*index),
                    IndexArg::All => Selection::All,
                    IndexArg::List(list) => Selection::List(list.clone()),
                };
                let mut n = 0;
                while let Some(index) = selection.nth(n, usize::MAX) {
                    if index >= u64::try_from(count).unwrap_or(u64::MAX) {
                        return Err(self
                            .abort(Reason::ComponentUnsupported, offset, Some(index), None)
                            .with_rule(Rule::ComponentIndexOutOfRange(index)));
                    }
                    n += 1;
                    if matches!(selection, Selection::All) || n > count {
                        break;
                    }
                }
                if let Some(frame) = self.top() {
                    frame.selection = selection;
                    frame.active = None;
                }
                return Ok(None);
            }
            Command::OverrideMultiple(map) => {
                let mut last = None;
                for entry in map.clone() {
                    if let IndexedEntry::Parameters(index, parameters) = entry {
                        let slot = self.slot(index, offset)?;
                        for (parameter, _) in parameters {
                            self.apply(slot, parameter, false, offset, index)?;
                        }
                        last = Some(index);
                    }
                }
                if let Some(frame) = self.top() {
                    // The index is the last component listed (UM §5.3).
                    if let Some(last) = last {
                        frame.selection = Selection::One(last);
                    }
                    frame.active = None;
                }
                return Ok(None);
            }
            _ => {}
        }
        let next = self
            .top()
            .and_then(|frame| frame.selection.nth(active.next, count));
        let Some(index) = next else {
            // Applied to every selected component.
            if let Some(frame) = self.top() {
                frame.active = None;
            }
            return Ok(None);
        };
        let slot = self.slot(index, offset)?;
        let outcome = self.execute(&active.command, slot, index, offset, platform, crypto)?;
        self.record(&active.command, &outcome, offset, index);
        match outcome {
            Outcome::Done => self.advance(),
            Outcome::Pending => {
                return Ok(Some(Status::Pending {
                    command: active.command.id(),
                    component: index,
                }));
            }
            Outcome::ConditionFailed => self.fail_condition(&active.command, offset, index)?,
            Outcome::Push(frame) => {
                self.advance();
                self.push(frame)?;
            }
            Outcome::Entered => {}
        }
        Ok(None)
    }

    /// Records a condition's or directive's result as its reporting policy
    /// asks (§8.4.7): records for bits 0 and 1, system-property claims for
    /// bits 2 and 3.
    fn record(&mut self, command: &Command<'a>, outcome: &Outcome<'a>, offset: usize, index: u64) {
        let policy = match command {
            Command::Condition(_, policy) | Command::Directive(_, policy) => *policy,
            _ => return,
        };
        let (record, claims) = match outcome {
            Outcome::Done | Outcome::Entered => {
                (policy.record_on_success(), policy.sysinfo_on_success())
            }
            Outcome::ConditionFailed => (policy.record_on_failure(), policy.sysinfo_on_failure()),
            _ => return,
        };
        for (wanted, claim) in [(record, false), (claims, true)] {
            if wanted {
                let entry = self.entry(claim, Some(command.id()), offset, Some(index));
                self.records.push(entry);
            }
        }
    }

    /// A report entry for `command` at `offset` on component `index`.
    fn entry(
        &self,
        claims: bool,
        command: Option<i64>,
        offset: usize,
        index: Option<u64>,
    ) -> Entry<'a> {
        let slot = index.and_then(|i| usize::try_from(i).ok());
        let params = slot
            .and_then(|s| self.params.get(s))
            .copied()
            .unwrap_or_default();
        Entry {
            claims,
            section: self.section(),
            offset: offset.saturating_sub(self.section_offset),
            component: index.unwrap_or(0),
            component_id: slot.and_then(|s| self.components.get(s).copied().flatten()),
            values: command.map_or([None, None], |c| consumed(c, &params)),
        }
    }

    /// Moves the top frame's active command to its next component.
    fn advance(&mut self) {
        if let Some(active) = self.top().and_then(|frame| frame.active.as_mut()) {
            active.next += 1;
        }
    }

    /// The storage slot of component `index`, checked.
    fn slot(&self, index: u64, offset: usize) -> Result<usize, Abort> {
        usize::try_from(index)
            .ok()
            .filter(|&i| i < self.count)
            .ok_or_else(|| {
                self.abort(Reason::ComponentUnsupported, offset, Some(index), None)
                    .with_rule(Rule::ComponentIndexOutOfRange(index))
            })
    }

    /// A condition failed in the top frame (§8.4.8.15, §8.4.10.2): a soft
    /// failure ends the frame and the try-each moves on (or run-sequence
    /// halts quietly); a hard one ends the frame and fails its parent; at
    /// a section it aborts.
    fn fail_condition(
        &mut self,
        command: &Command<'a>,
        offset: usize,
        index: u64,
    ) -> Result<(), Abort> {
        while let Some(frame) = self.pop() {
            match frame.kind {
                FrameKind::Section => {
                    return Err(self.abort(
                        Reason::ConditionFailed,
                        offset,
                        Some(index),
                        Some(command.id()),
                    ));
                }
                FrameKind::RunSequence if frame.soft_failure => return Ok(()),
                FrameKind::TryBranch(mut rest) if frame.soft_failure => {
                    if let Some(next) = rest.next() {
                        let component = rest.component;
                        self.push(Frame::new(
                            next,
                            FrameKind::TryBranch(rest),
                            true,
                            Selection::One(component),
                        ))?;
                        return Ok(());
                    }
                    if rest.nil_terminated {
                        return Ok(());
                    }
                    // Every branch failed: a condition failure of the try-each.
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn execute<P, C>(
        &mut self,
        command: &Command<'a>,
        slot: usize,
        index: u64,
        offset: usize,
        platform: &mut P,
        crypto: &C,
    ) -> Result<Outcome<'a>, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        let component = self.components.get(slot).copied().flatten();
        let params = self.params.get(slot).copied().unwrap_or_default();
        let Some(component) = component else {
            return Err(self.abort(Reason::ComponentUnsupported, offset, Some(index), None));
        };
        match command {
            Command::Condition(
                condition @ (Condition::ImageMatch | Condition::ImageNotMatch),
                _,
            ) if self.is_dependency(index) => {
                let matches = self.dependency_image_matches(
                    slot, &component, &params, index, offset, platform, crypto,
                )?;
                Ok(if matches == (*condition == Condition::ImageMatch) {
                    Outcome::Done
                } else {
                    Outcome::ConditionFailed
                })
            }
            Command::Condition(Condition::DependencyIntegrity, _) => {
                // Any failure aborts at once, soft-failure or not (§5.6.4).
                self.check_dependency(slot, &params, index, offset, command.id(), crypto)?;
                if let Some(flag) = self.integrity.get_mut(slot) {
                    *flag = true;
                }
                Ok(Outcome::Done)
            }
            Command::Directive(Directive::ProcessDependency, _) => {
                // Authenticated here too when no dependency-integrity ran
                // before (libcsuit's expD and expS3 rely on that).
                let dependency =
                    self.check_dependency(slot, &params, index, offset, command.id(), crypto)?;
                // The dependent's command is done once the dependency's
                // frames, pushed above it, have run.
                self.advance();
                self.enter_dependency(dependency, index, offset)?;
                Ok(Outcome::Entered)
            }
            Command::Directive(Directive::Unlink, _) => match platform.unlink(&component) {
                Ok(()) => Ok(Outcome::Done),
                Err(e) => Err(Abort {
                    platform: Some(e),
                    ..self.abort(
                        Reason::OperationFailed,
                        offset,
                        Some(index),
                        Some(command.id()),
                    )
                }),
            },
            Command::Condition(condition, _) => {
                let passed = self.condition(
                    *condition, &component, &params, index, offset, platform, crypto,
                )?;
                Ok(if passed {
                    Outcome::Done
                } else {
                    Outcome::ConditionFailed
                })
            }
            Command::Directive(directive, _) => self.directive(
                *directive, &component, &params, index, offset, platform, crypto,
            ),
            Command::OverrideParameters(parameters) | Command::SetParameters(parameters) => {
                let only_if_unset = matches!(command, Command::SetParameters(_));
                for (parameter, _) in parameters.clone() {
                    self.apply(slot, parameter, only_if_unset, offset, index)?;
                }
                Ok(Outcome::Done)
            }
            Command::CopyParams(map) => {
                for entry in map.clone() {
                    let IndexedEntry::Keys(source, keys) = entry else {
                        continue;
                    };
                    let source_slot = self.slot(source, offset)?;
                    let source = self.params.get(source_slot).copied().unwrap_or_default();
                    for k in keys {
                        let copied = self
                            .params
                            .get_mut(slot)
                            .is_some_and(|p| p.copy_from(&source, k));
                        if !copied {
                            return Err(self
                                .abort(
                                    Reason::ParameterUnsupported,
                                    offset,
                                    Some(index),
                                    Some(command.id()),
                                )
                                .with_rule(Rule::InvalidParameter(k)));
                        }
                    }
                }
                Ok(Outcome::Done)
            }
            Command::RunSequence(sequence) => Ok(Outcome::Push(Frame::new(
                sequence.clone(),
                FrameKind::RunSequence,
                false,
                Selection::One(index),
            ))),
            Command::TryEach(each) => {
                let mut rest = each.clone();
                rest.component = index;
                match rest.next() {
                    Some(first) => Ok(Outcome::Push(Frame::new(
                        first,
                        FrameKind::TryBranch(rest),
                        true,
                        Selection::One(index),
                    ))),
                    None => Ok(Outcome::Done),
                }
            }
            _ => Err(self.abort(
                Reason::CommandUnsupported,
                offset,
                Some(index),
                Some(command.id()),
            )),
        }
    }

    /// Applies one parameter to component `slot`.
    fn apply(
        &mut self,
        slot: usize,
        parameter: crate::Parameter<'a>,
        only_if_unset: bool,
        offset: usize,
        index: u64,
    ) -> Result<(), Abort> {
        let applied = self
            .params
            .get_mut(slot)
            .map_or(Applied::Stored, |p| p.apply(parameter, only_if_unset));
        match applied {
            Applied::Stored | Applied::StrictOrder => Ok(()),
            Applied::SoftFailure(value) => match self.top() {
                Some(frame) if !matches!(frame.kind, FrameKind::Section) => {
                    frame.soft_failure = value;
                    Ok(())
                }
                _ => Err(self
                    .abort(Reason::ParameterUnsupported, offset, Some(index), None)
                    .with_rule(Rule::SoftFailureOutsideTry)),
            },
            Applied::Unsupported(k) => Err(self
                .abort(Reason::ParameterUnsupported, offset, Some(index), None)
                .with_rule(Rule::InvalidParameter(k))),
        }
    }

    #[allow(clippy::too_many_arguments, reason = "the command's whole context")]
    fn condition<P, C>(
        &self,
        condition: Condition,
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
        let identifier = |platform: &mut P, kind, value: Option<&[u8]>| {
            value.is_some_and(|v| platform.identifier_matches(component, kind, v))
        };
        Ok(match condition {
            Condition::VendorIdentifier => {
                identifier(platform, Identifier::Vendor, params.vendor_identifier)
            }
            Condition::ClassIdentifier => {
                identifier(platform, Identifier::Class, params.class_identifier)
            }
            Condition::DeviceIdentifier => {
                identifier(platform, Identifier::Device, params.device_identifier)
            }
            Condition::ImageMatch | Condition::ImageNotMatch => {
                let Some(digest) = params.image_digest else {
                    // An unset parameter fails the condition (§8.4.9).
                    return Ok(false);
                };
                let matches = self.image_matches(
                    component,
                    &digest,
                    params.image_size,
                    index,
                    offset,
                    platform,
                    crypto,
                )?;
                matches == (condition == Condition::ImageMatch)
            }
            Condition::ComponentSlot => params
                .component_slot
                .is_some_and(|slot| platform.component_slot(component, slot)),
            Condition::CheckContent => params
                .content
                .is_some_and(|content| content_equals(platform, component, content)),
            Condition::Abort => false,
            Condition::UseBefore => params
                .use_before
                .zip(platform.now())
                .is_some_and(|(limit, now)| now < limit),
            Condition::MinimumBattery => params
                .minimum_battery
                .zip(platform.battery_mwh())
                .is_some_and(|(minimum, left)| left >= minimum),
            Condition::UpdateAuthorized => params
                .update_priority
                .is_some_and(|priority| platform.update_authorized(priority)),
            Condition::Version => {
                params
                    .version
                    .and_then(version::parse)
                    .is_some_and(|(comparison, wanted, len)| {
                        let mut actual = [0i64; version::MAX_VERSION_LEN];
                        platform
                            .component_version(component, &mut actual)
                            .is_some_and(|n| {
                                version::satisfies(
                                    version::compare(
                                        actual.get(..n).unwrap_or_default(),
                                        wanted.get(..len).unwrap_or_default(),
                                    ),
                                    comparison,
                                )
                            })
                    })
            }
            Condition::IsDependency => self.is_dependency(index),
            _ => {
                return Err(self.abort(
                    Reason::CommandUnsupported,
                    offset,
                    Some(index),
                    Some(condition.id()),
                ));
            }
        })
    }

    /// `suit-condition-is-dependency`: the index is in `suit-dependencies`.
    fn is_dependency(&self, index: u64) -> bool {
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
    fn dependency_image_matches<P, C>(
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
    fn dependency_envelope(
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
    fn check_dependency<C: CryptoProvider + ?Sized>(
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
    fn enter_dependency(
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
    fn leave_dependency(&mut self) {
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

    /// Hashes the component (its first `size` bytes, or all of it) and
    /// compares with `digest`.
    #[allow(clippy::too_many_arguments, reason = "the command's whole context")]
    fn image_matches<P, C>(
        &self,
        component: &ComponentId<'a>,
        digest: &Digest<'a>,
        size: Option<u64>,
        index: u64,
        offset: usize,
        platform: &mut P,
        crypto: &C,
    ) -> Result<bool, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        let unsupported = || {
            self.abort(
                Reason::AlgorithmUnsupported,
                offset,
                Some(index),
                Some(crate::label::command::IMAGE_MATCH),
            )
            .with_rule(Rule::UnsupportedDigestAlgorithm(digest.algorithm))
        };
        let alg = digest.hash_alg().ok_or_else(unsupported)?;
        let mut hasher = crypto.hasher(alg).map_err(|_| unsupported())?;
        let Ok(stored) = platform.component_len(component) else {
            return Ok(false);
        };
        let len = size.unwrap_or(stored);
        if stored < len {
            return Ok(false);
        }
        let mut buf = [0u8; CHUNK];
        let mut done = 0u64;
        while done < len {
            let want = usize::try_from(len - done).unwrap_or(CHUNK).min(CHUNK);
            let Some(chunk) = buf.get_mut(..want) else {
                return Ok(false);
            };
            match platform.read(component, done, chunk) {
                Ok(n) if n == want => hasher.update(chunk),
                _ => return Ok(false),
            }
            done += u64::try_from(want).unwrap_or(u64::MAX);
        }
        let mut out = [0u8; MAX_DIGEST_LEN];
        let n = hasher.finish(&mut out).map_err(|_| unsupported())?;
        Ok(out.get(..n) == Some(digest.bytes))
    }

    #[allow(clippy::too_many_arguments, reason = "the command's whole context")]
    fn directive<P, C>(
        &mut self,
        directive: Directive,
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
        if let Some(info) = params.encryption_info {
            if matches!(
                directive,
                Directive::Write | Directive::Fetch | Directive::Copy
            ) {
                #[cfg(feature = "encryption")]
                return self.decrypting(
                    directive, info, component, params, index, offset, platform, crypto,
                );
                #[cfg(not(feature = "encryption"))]
                {
                    let _ = (info, crypto);
                    return Err(self
                        .abort(
                            Reason::ParameterUnsupported,
                            offset,
                            Some(index),
                            Some(directive.id()),
                        )
                        .with_rule(Rule::InvalidParameter(
                            crate::label::parameter::ENCRYPTION_INFO,
                        )));
                }
            }
        }
        let id = directive.id();
        let failed = |e: PlatformError| Abort {
            platform: Some(e),
            ..self.abort(Reason::OperationFailed, offset, Some(index), Some(id))
        };
        let missing = |parameter: i64| {
            self.abort(Reason::ParameterUnsupported, offset, Some(index), Some(id))
                .with_rule(Rule::Missing(crate::rule::Member::Parameter(parameter)))
        };
        let progress = |p: Progress| match p {
            Progress::Done => Outcome::Done,
            Progress::Pending => Outcome::Pending,
        };
        use crate::label::parameter as pk;
        if params.encryption_info.is_some()
            && matches!(
                directive,
                Directive::Write | Directive::Fetch | Directive::Copy
            )
        {
            // Decryption (draft-ietf-suit-firmware-encryption) is not built yet.
            return Err(self
                .abort(Reason::ParameterUnsupported, offset, Some(index), Some(id))
                .with_rule(Rule::InvalidParameter(pk::ENCRYPTION_INFO)));
        }
        match directive {
            Directive::Write => {
                let content = params.content.ok_or_else(|| missing(pk::CONTENT))?;
                store(platform, component, content).map_err(failed)?;
                Ok(Outcome::Done)
            }
            Directive::Fetch => {
                let uri = params.uri.ok_or_else(|| missing(pk::URI))?;
                if uri.starts_with('#') {
                    // An integrated payload: its envelope key is the URI (§7.6).
                    let payload = self
                        .current
                        .envelope()
                        .integrated(uri)
                        .ok_or(PlatformError::Transfer)
                        .map_err(failed)?;
                    store(platform, component, payload).map_err(failed)?;
                    let slot = usize::try_from(index).unwrap_or(usize::MAX);
                    if let Some(integrated) = self.integrated.get_mut(slot) {
                        *integrated = Some(payload);
                    }
                    return Ok(Outcome::Done);
                }
                platform
                    .fetch(component, uri, params.fetch_arguments)
                    .map(progress)
                    .map_err(failed)
            }
            Directive::Copy | Directive::Swap => {
                let source = params
                    .source_component
                    .ok_or_else(|| missing(pk::SOURCE_COMPONENT))?;
                let source_slot = self.slot(source, offset)?;
                let Some(source_id) = self.components.get(source_slot).copied().flatten() else {
                    return Err(missing(pk::SOURCE_COMPONENT));
                };
                if source == index {
                    return Err(failed(PlatformError::Refused));
                }
                let result = if directive == Directive::Copy {
                    platform.copy(component, &source_id)
                } else {
                    platform.swap(component, &source_id)
                };
                result.map(progress).map_err(failed)
            }
            Directive::Invoke => platform
                .invoke(component, params.invoke_args)
                .map(progress)
                .map_err(failed),
            Directive::Wait => {
                let info = params.wait_info.ok_or_else(|| missing(pk::WAIT_INFO))?;
                platform.wait(component, info).map(progress).map_err(failed)
            }
            _ => Err(self.abort(Reason::CommandUnsupported, offset, Some(index), Some(id))),
        }
    }

    /// Write, fetch or copy of an encrypted payload: the plaintext is what
    /// the component receives (draft-ietf-suit-firmware-encryption §5).
    #[cfg(feature = "encryption")]
    #[allow(clippy::too_many_arguments, reason = "the command's whole context")]
    fn decrypting<P, C>(
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
    #[cfg(feature = "encryption")]
    #[allow(clippy::too_many_arguments, reason = "the decryption's whole context")]
    fn decrypt_into<P, C>(
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

    fn abort(
        &self,
        reason: Reason,
        offset: usize,
        component: Option<u64>,
        command: Option<i64>,
    ) -> Abort {
        Abort {
            reason,
            section: self.section(),
            offset,
            component,
            command,
            rule: None,
            platform: None,
        }
    }

    fn abort_error(&self, reason: Reason, e: &Error, component: Option<u64>) -> Abort {
        Abort {
            rule: e.rule().copied(),
            ..self.abort(reason, e.offset(), component, None)
        }
    }
}

impl Abort {
    const fn with_rule(mut self, rule: Rule) -> Self {
        self.rule = Some(rule);
        self
    }
}

/// The `suit-manifest-component-id` of an envelope's manifest, read
/// without verification (to find an envelope; it is verified before use).
fn manifest_component_id<'a>(envelope: &Envelope<'a>) -> Option<ComponentId<'a>> {
    let mut outer = iotm_cbor::Decoder::new(envelope.manifest_bytes());
    let mut inner = outer.bstr_cbor().ok()?;
    crate::Manifest::decode(&mut inner).ok()?.component_id
}

/// The report reason for a malformed command.
fn reason_for(e: &Error) -> Reason {
    match e.rule() {
        Some(Rule::UnknownCommand(_) | Rule::NestingTooDeep) => Reason::CommandUnsupported,
        Some(Rule::InvalidParameter(_)) => Reason::ParameterUnsupported,
        _ => Reason::CborParse,
    }
}

/// Writes `bytes` as the component's whole content.
fn store<P: Platform + ?Sized>(
    platform: &mut P,
    component: &ComponentId<'_>,
    bytes: &[u8],
) -> Result<(), PlatformError> {
    platform.begin_write(component)?;
    platform.write(component, 0, bytes)
}

/// Whether the component holds exactly `content`, compared without an early
/// exit (§8.4.9.6: constant time).
fn content_equals<P: Platform + ?Sized>(
    platform: &mut P,
    component: &ComponentId<'_>,
    content: &[u8],
) -> bool {
    let Ok(len) = platform.component_len(component) else {
        return false;
    };
    if u64::try_from(content.len()).ok() != Some(len) {
        return false;
    }
    let mut difference = 0u8;
    let mut buf = [0u8; CHUNK];
    let mut offset = 0u64;
    for expected in content.chunks(CHUNK) {
        let Some(chunk) = buf.get_mut(..expected.len()) else {
            return false;
        };
        match platform.read(component, offset, chunk) {
            Ok(n) if n == expected.len() => {
                difference |= chunk
                    .iter()
                    .zip(expected)
                    .fold(0, |acc, (a, b)| acc | (a ^ b));
            }
            _ => return false,
        }
        offset += u64::try_from(expected.len()).unwrap_or(u64::MAX);
    }
    difference == 0
}
