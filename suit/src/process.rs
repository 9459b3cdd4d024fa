//! The command processor (§6): runs a verified manifest's sequences against
//! a [`Platform`], one command at a time, without an allocator.
//!
//! The interpreter keeps its own bounded stack of running sequences instead
//! of recursing, so a directive that has to wait (a download, a flash
//! erase) returns [`Status::Pending`] and the next [`Processor::run`]
//! resumes exactly there.

mod condition;
#[cfg(feature = "encryption")]
mod decrypt;
mod dependency;
mod directive;
mod frame;
mod params;
mod platform;
mod records;
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
use dependency::{Keys, Saved};
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
                    self.finish_update(platform)?;
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
        // suit-set-version reaches the platform only after the update, so
        // a malformed one is refused before anything is written.
        if let Some(set_version) = self.verified.manifest().set_version {
            if self.procedure.updates() && version::parse_list(set_version.content).is_none() {
                return Err(self
                    .abort(Reason::CborParse, set_version.offset, None, None)
                    .with_rule(Rule::InvalidSetVersion));
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

    /// The end of a successful update procedure: the manifest's
    /// `suit-set-version` (update management §3.1), then its sequence
    /// number, go to the platform.
    fn finish_update<P: Platform + ?Sized>(&mut self, platform: &mut P) -> Result<(), Abort> {
        let manifest = self.verified.manifest();
        let sequence_number = manifest.sequence_number;
        if let Some(set_version) = &manifest.set_version {
            let at = set_version.offset;
            // Checked by `start`.
            let (version, len) = version::parse_list(set_version.content).ok_or_else(|| {
                self.abort(Reason::CborParse, at, None, None)
                    .with_rule(Rule::InvalidSetVersion)
            })?;
            platform
                .set_version(version.get(..len).unwrap_or_default())
                .map_err(|e| Abort {
                    platform: Some(e),
                    ..self.abort(Reason::OperationFailed, at, None, None)
                })?;
        }
        platform.store_sequence_number(sequence_number);
        Ok(())
    }

    /// The section key running now.
    fn section(&self) -> i64 {
        match self.phase {
            // Checks before the first section (rollback, set-version) are
            // in no section.
            Phase::Start if self.step == 0 => 0,
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
                        Some(shared) => self.push_section(Phase::Shared, shared)?,
                        None => self.push_section(Phase::Section, sequence)?,
                    }
                    return Ok(true);
                }
                (Phase::Shared, Some(sequence)) => {
                    self.push_section(Phase::Section, sequence)?;
                    return Ok(true);
                }
            }
        }
    }

    /// Starts a section's (or its shared sequence's) frame: component index
    /// 0, soft-failure off; report offsets count from its start.
    fn push_section(&mut self, phase: Phase, sequence: CommandSequence<'a>) -> Result<(), Abort> {
        self.phase = phase;
        self.section_offset = sequence.offset();
        self.push(Frame::new(
            sequence,
            FrameKind::Section,
            false,
            Selection::One(0),
        ))
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
            Command::Directive(directive, _) => {
                let outcome = self.directive(
                    *directive, &component, &params, index, offset, platform, crypto,
                )?;
                // Metadata is applied at the time of fetch, copy or write
                // (update management §4.6), once the content is in place.
                let writes = matches!(
                    directive,
                    Directive::Fetch | Directive::Copy | Directive::Write
                );
                if let (Outcome::Done, true, Some(metadata)) =
                    (&outcome, writes, params.component_metadata)
                {
                    platform.apply_metadata(&component, metadata).map_err(|e| {
                        let reason = if e == PlatformError::Unsupported {
                            Reason::ParameterUnsupported
                        } else {
                            Reason::OperationFailed
                        };
                        Abort {
                            platform: Some(e),
                            ..self.abort(reason, offset, Some(index), Some(directive.id()))
                        }
                    })?;
                }
                Ok(outcome)
            }
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

/// The report reason for a malformed command.
fn reason_for(e: &Error) -> Reason {
    match e.rule() {
        Some(Rule::UnknownCommand(_) | Rule::NestingTooDeep) => Reason::CommandUnsupported,
        Some(Rule::InvalidParameter(_)) => Reason::ParameterUnsupported,
        _ => Reason::CborParse,
    }
}
