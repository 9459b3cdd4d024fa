//! Command sequences (§8.4.6): conditions and directives with their
//! arguments, decoded lazily from the manifest.

use iotm_cbor::{DataType, Decoder};

use crate::label::command as id;
use crate::map::{is_integer, more};
use crate::parameter::Parameters;
use crate::rule::{Error, Rule, cbor, or_rule};

/// The reporting policy of a condition or directive (§8.4.7): which
/// records a SUIT Report keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReportingPolicy(pub u64);

impl ReportingPolicy {
    /// `suit-send-record-on-success`.
    pub const fn record_on_success(self) -> bool {
        self.0 & 1 != 0
    }
    /// `suit-send-record-on-failure`.
    pub const fn record_on_failure(self) -> bool {
        self.0 & 2 != 0
    }
    /// `suit-send-sysinfo-success`.
    pub const fn sysinfo_on_success(self) -> bool {
        self.0 & 4 != 0
    }
    /// `suit-send-sysinfo-failure`.
    pub const fn sysinfo_on_failure(self) -> bool {
        self.0 & 8 != 0
    }
}

/// The conditions (§8.4.9 and extensions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Condition {
    /// `suit-condition-vendor-identifier`.
    VendorIdentifier,
    /// `suit-condition-class-identifier`.
    ClassIdentifier,
    /// `suit-condition-device-identifier`.
    DeviceIdentifier,
    /// `suit-condition-image-match`.
    ImageMatch,
    /// `suit-condition-image-not-match` (update management).
    ImageNotMatch,
    /// `suit-condition-component-slot`.
    ComponentSlot,
    /// `suit-condition-check-content`.
    CheckContent,
    /// `suit-condition-abort`: always fails.
    Abort,
    /// `suit-condition-dependency-integrity` (trust domains).
    DependencyIntegrity,
    /// `suit-condition-is-dependency` (trust domains).
    IsDependency,
    /// `suit-condition-use-before` (update management).
    UseBefore,
    /// `suit-condition-minimum-battery` (update management).
    MinimumBattery,
    /// `suit-condition-update-authorized` (update management).
    UpdateAuthorized,
    /// `suit-condition-version` (update management).
    Version,
}

/// The directives whose argument is a reporting policy (§8.4.10 and
/// extensions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Directive {
    /// `suit-directive-write`: the content parameter into the component.
    Write,
    /// `suit-directive-fetch`: the uri parameter into the component.
    Fetch,
    /// `suit-directive-copy`: the source component into the component.
    Copy,
    /// `suit-directive-swap`: the source component and the component.
    Swap,
    /// `suit-directive-invoke`.
    Invoke,
    /// `suit-directive-process-dependency` (trust domains).
    ProcessDependency,
    /// `suit-directive-unlink` (trust domains).
    Unlink,
    /// `suit-directive-wait` (update management).
    Wait,
}

impl Condition {
    /// The condition's identifier.
    pub const fn id(self) -> i64 {
        match self {
            Self::VendorIdentifier => id::VENDOR_IDENTIFIER,
            Self::ClassIdentifier => id::CLASS_IDENTIFIER,
            Self::DeviceIdentifier => id::DEVICE_IDENTIFIER,
            Self::ImageMatch => id::IMAGE_MATCH,
            Self::ImageNotMatch => id::IMAGE_NOT_MATCH,
            Self::ComponentSlot => id::COMPONENT_SLOT,
            Self::CheckContent => id::CHECK_CONTENT,
            Self::Abort => id::ABORT,
            Self::DependencyIntegrity => id::DEPENDENCY_INTEGRITY,
            Self::IsDependency => id::IS_DEPENDENCY,
            Self::UseBefore => id::USE_BEFORE,
            Self::MinimumBattery => id::MINIMUM_BATTERY,
            Self::UpdateAuthorized => id::UPDATE_AUTHORIZED,
            Self::Version => id::VERSION,
        }
    }

    /// The draft's name without the `suit-condition-` prefix.
    pub const fn name(self) -> &'static str {
        match self {
            Self::VendorIdentifier => "vendor-identifier",
            Self::ClassIdentifier => "class-identifier",
            Self::DeviceIdentifier => "device-identifier",
            Self::ImageMatch => "image-match",
            Self::ImageNotMatch => "image-not-match",
            Self::ComponentSlot => "component-slot",
            Self::CheckContent => "check-content",
            Self::Abort => "abort",
            Self::DependencyIntegrity => "dependency-integrity",
            Self::IsDependency => "is-dependency",
            Self::UseBefore => "use-before",
            Self::MinimumBattery => "minimum-battery",
            Self::UpdateAuthorized => "update-authorized",
            Self::Version => "version",
        }
    }

    const fn from_id(value: i64) -> Option<Self> {
        Some(match value {
            id::VENDOR_IDENTIFIER => Self::VendorIdentifier,
            id::CLASS_IDENTIFIER => Self::ClassIdentifier,
            id::DEVICE_IDENTIFIER => Self::DeviceIdentifier,
            id::IMAGE_MATCH => Self::ImageMatch,
            id::IMAGE_NOT_MATCH => Self::ImageNotMatch,
            id::COMPONENT_SLOT => Self::ComponentSlot,
            id::CHECK_CONTENT => Self::CheckContent,
            id::ABORT => Self::Abort,
            id::DEPENDENCY_INTEGRITY => Self::DependencyIntegrity,
            id::IS_DEPENDENCY => Self::IsDependency,
            id::USE_BEFORE => Self::UseBefore,
            id::MINIMUM_BATTERY => Self::MinimumBattery,
            id::UPDATE_AUTHORIZED => Self::UpdateAuthorized,
            id::VERSION => Self::Version,
            _ => return None,
        })
    }
}

impl Directive {
    /// The directive's identifier.
    pub const fn id(self) -> i64 {
        match self {
            Self::Write => id::WRITE,
            Self::Fetch => id::FETCH,
            Self::Copy => id::COPY,
            Self::Swap => id::SWAP,
            Self::Invoke => id::INVOKE,
            Self::ProcessDependency => id::PROCESS_DEPENDENCY,
            Self::Unlink => id::UNLINK,
            Self::Wait => id::WAIT,
        }
    }

    /// The draft's name without the `suit-directive-` prefix.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Write => "write",
            Self::Fetch => "fetch",
            Self::Copy => "copy",
            Self::Swap => "swap",
            Self::Invoke => "invoke",
            Self::ProcessDependency => "process-dependency",
            Self::Unlink => "unlink",
            Self::Wait => "wait",
        }
    }

    const fn from_id(value: i64) -> Option<Self> {
        Some(match value {
            id::WRITE => Self::Write,
            id::FETCH => Self::Fetch,
            id::COPY => Self::Copy,
            id::SWAP => Self::Swap,
            id::INVOKE => Self::Invoke,
            id::PROCESS_DEPENDENCY => Self::ProcessDependency,
            id::UNLINK => Self::Unlink,
            id::WAIT => Self::Wait,
            _ => return None,
        })
    }
}

/// One command of a sequence with its argument.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Command<'a> {
    /// A condition.
    Condition(Condition, ReportingPolicy),
    /// A directive whose argument is a reporting policy.
    Directive(Directive, ReportingPolicy),
    /// `suit-directive-set-component-index`.
    SetComponentIndex(IndexArg<'a>),
    /// `suit-directive-run-sequence`.
    RunSequence(CommandSequence<'a>),
    /// `suit-directive-try-each`.
    TryEach(TryEach<'a>),
    /// `suit-directive-override-parameters`.
    OverrideParameters(Parameters<'a>),
    /// `suit-directive-set-parameters` (trust domains): sets only what is
    /// not set yet.
    SetParameters(Parameters<'a>),
    /// `suit-directive-override-multiple` (update management).
    OverrideMultiple(IndexedMap<'a>),
    /// `suit-directive-copy-params` (update management).
    CopyParams(IndexedMap<'a>),
    /// A custom command (negative identifier) and its encoded argument.
    Custom(i64, &'a [u8]),
}

impl Command<'_> {
    /// The command's identifier.
    pub const fn id(&self) -> i64 {
        match self {
            Self::Condition(c, _) => c.id(),
            Self::Directive(d, _) => d.id(),
            Self::SetComponentIndex(_) => id::SET_COMPONENT_INDEX,
            Self::RunSequence(_) => id::RUN_SEQUENCE,
            Self::TryEach(_) => id::TRY_EACH,
            Self::OverrideParameters(_) => id::OVERRIDE_PARAMETERS,
            Self::SetParameters(_) => id::SET_PARAMETERS,
            Self::OverrideMultiple(_) => id::OVERRIDE_MULTIPLE,
            Self::CopyParams(_) => id::COPY_PARAMS,
            Self::Custom(id, _) => *id,
        }
    }

    /// The draft's name, prefix included.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Condition(c, _) => match c {
                Condition::VendorIdentifier => "condition-vendor-identifier",
                Condition::ClassIdentifier => "condition-class-identifier",
                Condition::DeviceIdentifier => "condition-device-identifier",
                Condition::ImageMatch => "condition-image-match",
                Condition::ImageNotMatch => "condition-image-not-match",
                Condition::ComponentSlot => "condition-component-slot",
                Condition::CheckContent => "condition-check-content",
                Condition::Abort => "condition-abort",
                Condition::DependencyIntegrity => "condition-dependency-integrity",
                Condition::IsDependency => "condition-is-dependency",
                Condition::UseBefore => "condition-use-before",
                Condition::MinimumBattery => "condition-minimum-battery",
                Condition::UpdateAuthorized => "condition-update-authorized",
                Condition::Version => "condition-version",
            },
            Self::Directive(d, _) => match d {
                Directive::Write => "directive-write",
                Directive::Fetch => "directive-fetch",
                Directive::Copy => "directive-copy",
                Directive::Swap => "directive-swap",
                Directive::Invoke => "directive-invoke",
                Directive::ProcessDependency => "directive-process-dependency",
                Directive::Unlink => "directive-unlink",
                Directive::Wait => "directive-wait",
            },
            Self::SetComponentIndex(_) => "directive-set-component-index",
            Self::RunSequence(_) => "directive-run-sequence",
            Self::TryEach(_) => "directive-try-each",
            Self::OverrideParameters(_) => "directive-override-parameters",
            Self::SetParameters(_) => "directive-set-parameters",
            Self::OverrideMultiple(_) => "directive-override-multiple",
            Self::CopyParams(_) => "directive-copy-params",
            Self::Custom(..) => "custom",
        }
    }
}

/// The argument of `suit-directive-set-component-index` (§8.4.10.1).
#[derive(Clone, Debug)]
pub enum IndexArg<'a> {
    /// One component.
    One(u64),
    /// `true`: every component.
    All,
    /// A list of components, in order.
    List(IndexList<'a>),
}

/// The indices of an [`IndexArg::List`].
#[derive(Clone, Debug)]
pub struct IndexList<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
}

impl Iterator for IndexList<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        if !more(&mut self.d, self.len, self.index).ok()? {
            return None;
        }
        self.index += 1;
        self.d.u64().ok()
    }
}

/// The argument of `suit-directive-try-each` (§8.4.10.2): two or more
/// sequences, and whether a final `nil` lets all of them fail.
#[derive(Clone, Debug)]
pub struct TryEach<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
    /// The array ended in `nil`: when no sequence succeeds, the directive
    /// still does.
    pub nil_terminated: bool,
    /// The component the processor runs the branches for.
    pub(crate) component: u64,
}

impl<'a> Iterator for TryEach<'a> {
    type Item = CommandSequence<'a>;

    fn next(&mut self) -> Option<CommandSequence<'a>> {
        if !more(&mut self.d, self.len, self.index).ok()?
            || self.d.datatype().ok()? == DataType::Null
        {
            return None;
        }
        self.index += 1;
        CommandSequence::decode_wrapped(&mut self.d).ok()
    }
}

/// A map from component index to an argument: `SUIT_Override_Mult_Arg`
/// (index → parameters) or `SUIT_Directive_Copy_Params` (index → parameter
/// keys), read lazily.
#[derive(Clone, Debug)]
pub struct IndexedMap<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
    copy: bool,
}

/// One entry of an [`IndexedMap`].
#[derive(Clone, Debug)]
pub enum IndexedEntry<'a> {
    /// Parameters for a component (override-multiple).
    Parameters(u64, Parameters<'a>),
    /// Parameter keys to copy from a source component (copy-params).
    Keys(u64, KeyList<'a>),
}

impl<'a> Iterator for IndexedMap<'a> {
    type Item = IndexedEntry<'a>;

    fn next(&mut self) -> Option<IndexedEntry<'a>> {
        if !more(&mut self.d, self.len, self.index).ok()? {
            return None;
        }
        self.index += 1;
        let component = self.d.u64().ok()?;
        if self.copy {
            let mut keys = self.d.clone();
            let len = keys.array().ok()?;
            self.d.skip().ok()?;
            Some(IndexedEntry::Keys(
                component,
                KeyList {
                    d: keys,
                    len,
                    index: 0,
                },
            ))
        } else {
            Parameters::decode(&mut self.d)
                .ok()
                .map(|p| IndexedEntry::Parameters(component, p))
        }
    }
}

/// The parameter keys of a copy-params entry.
#[derive(Clone, Debug)]
pub struct KeyList<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
}

impl Iterator for KeyList<'_> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        if !more(&mut self.d, self.len, self.index).ok()? {
            return None;
        }
        self.index += 1;
        self.d.i64().ok()
    }
}

/// A `SUIT_Command_Sequence`: conditions and directives, each followed by
/// its argument. Arguments are checked as each command is read, so a
/// sequence is checked once by reading it through ([`check`](Self::check)).
#[derive(Clone, Debug)]
pub struct CommandSequence<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
    offset: usize,
}

impl<'a> CommandSequence<'a> {
    /// Reads a `bstr .cbor SUIT_Command_Sequence` head; the commands are
    /// read as the sequence is iterated.
    pub(crate) fn decode_wrapped(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let mut inner = d.bstr_cbor().map_err(cbor)?;
        Self::from_decoder(&mut inner)
    }

    /// A sequence from a decoder at its array head, such as the content of
    /// a severable member ([`Wrapped::decoder`](crate::Wrapped::decoder)).
    ///
    /// # Errors
    /// The item is not an array.
    pub fn from_decoder(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let offset = d.offset();
        let len = d.array().map_err(cbor)?;
        Ok(Self {
            d: d.clone(),
            len,
            index: 0,
            offset,
        })
    }

    /// Offset of the sequence in the envelope.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The next command and its offset, `None` at the end.
    ///
    /// # Errors
    /// A malformed command or argument: [`Rule::UnknownCommand`],
    /// [`Rule::InvalidArgument`], [`Rule::CommandWithoutArgument`], or a
    /// CBOR rule.
    pub fn next_command(&mut self) -> Result<Option<(Command<'a>, usize)>, Error> {
        if !more(&mut self.d, self.len, self.index)? {
            return Ok(None);
        }
        let offset = self.d.offset();
        let command = self.d.i64().map_err(cbor)?;
        self.index += 1;
        if !more(&mut self.d, self.len, self.index)? {
            return Err(Error::malformed(Rule::CommandWithoutArgument, offset));
        }
        self.index += 1;
        let command = read_argument(command, offset, &mut self.d)?;
        Ok(Some((command, offset)))
    }

    /// Reads the whole sequence, and nested ones up to `depth` levels, to
    /// check every command; returns the number of commands read.
    ///
    /// # Errors
    /// As [`next_command`](Self::next_command), and
    /// [`Rule::NestingTooDeep`] past `depth`.
    pub fn check(&self, depth: usize) -> Result<usize, Error> {
        let mut sequence = self.clone();
        let mut count = 0;
        while let Some((command, offset)) = sequence.next_command()? {
            count += 1;
            let nested = |s: &CommandSequence<'a>| -> Result<usize, Error> {
                if depth == 0 {
                    return Err(Error::malformed(Rule::NestingTooDeep, offset));
                }
                s.check(depth - 1)
            };
            match &command {
                Command::RunSequence(s) => count += nested(s)?,
                Command::TryEach(t) => {
                    for s in t.clone() {
                        count += nested(&s)?;
                    }
                }
                _ => {}
            }
        }
        Ok(count)
    }
}

/// Reads the argument of `command`, checking its form.
fn read_argument<'a>(
    command: i64,
    offset: usize,
    d: &mut Decoder<'a>,
) -> Result<Command<'a>, Error> {
    let argument_at = d.offset();
    let invalid = |e: iotm_cbor::Error| or_rule(e, Rule::InvalidArgument(command), argument_at);
    if let Some(condition) = Condition::from_id(command) {
        return Ok(Command::Condition(
            condition,
            ReportingPolicy(d.u64().map_err(invalid)?),
        ));
    }
    if let Some(directive) = Directive::from_id(command) {
        return Ok(Command::Directive(
            directive,
            ReportingPolicy(d.u64().map_err(invalid)?),
        ));
    }
    Ok(match command {
        id::SET_COMPONENT_INDEX => Command::SetComponentIndex(index_arg(d).map_err(invalid)?),
        id::RUN_SEQUENCE => Command::RunSequence(CommandSequence::decode_wrapped(d)?),
        id::TRY_EACH => Command::TryEach(try_each(d)?),
        id::OVERRIDE_PARAMETERS => Command::OverrideParameters(Parameters::decode(d)?),
        id::SET_PARAMETERS => Command::SetParameters(Parameters::decode(d)?),
        id::OVERRIDE_MULTIPLE => Command::OverrideMultiple(indexed_map(d, false, command)?),
        id::COPY_PARAMS => Command::CopyParams(indexed_map(d, true, command)?),
        custom if custom < 0 => Command::Custom(custom, d.item().map_err(cbor)?),
        unknown => return Err(Error::malformed(Rule::UnknownCommand(unknown), offset)),
    })
}

fn index_arg<'a>(d: &mut Decoder<'a>) -> Result<IndexArg<'a>, iotm_cbor::Error> {
    let at = d.offset();
    let unexpected = |found| {
        iotm_cbor::Error::malformed(
            iotm_cbor::Rule::UnexpectedType {
                expected: iotm_cbor::Expected::Unsigned,
                found,
            },
            at,
        )
    };
    match d.datatype()? {
        DataType::Unsigned => d.u64().map(IndexArg::One),
        DataType::Bool if d.bool()? => Ok(IndexArg::All),
        DataType::Array | DataType::ArrayIndefinite => {
            let start = d.clone();
            let len = d.array()?;
            let mut index = 0u64;
            loop {
                let more = match len {
                    Some(len) => index < len,
                    None if d.is_break() => {
                        d.read_break()?;
                        false
                    }
                    None => true,
                };
                if !more {
                    break;
                }
                d.u64()?;
                index += 1;
            }
            if index == 0 {
                return Err(unexpected(iotm_cbor::Major::Array));
            }
            let mut list = start;
            let len = list.array()?;
            Ok(IndexArg::List(IndexList {
                d: list,
                len,
                index: 0,
            }))
        }
        _ => Err(unexpected(iotm_cbor::Major::Simple)),
    }
}

fn try_each<'a>(d: &mut Decoder<'a>) -> Result<TryEach<'a>, Error> {
    let offset = d.offset();
    let start = d.clone();
    let len = d.array().map_err(cbor)?;
    let mut index = 0;
    let mut sequences = 0;
    let mut nil_terminated = false;
    while more(d, len, index)? {
        if nil_terminated {
            // `nil` only as the last element.
            return Err(Error::malformed(
                Rule::InvalidArgument(id::TRY_EACH),
                d.offset(),
            ));
        }
        if d.datatype().map_err(cbor)? == DataType::Null {
            d.null().map_err(cbor)?;
            nil_terminated = true;
        } else {
            d.bytes().map_err(cbor)?;
            sequences += 1;
        }
        index += 1;
    }
    if sequences < 2 {
        return Err(Error::malformed(Rule::TryEachTooShort, offset));
    }
    let mut each = start;
    let len = each.array().map_err(cbor)?;
    Ok(TryEach {
        d: each,
        len,
        index: 0,
        nil_terminated,
        component: 0,
    })
}

fn indexed_map<'a>(d: &mut Decoder<'a>, copy: bool, command: i64) -> Result<IndexedMap<'a>, Error> {
    let start = d.clone();
    crate::map::int_map(d, |key, at, d| {
        if key < 0 {
            return Err(Error::malformed(Rule::InvalidArgument(command), at));
        }
        if copy {
            let len = d.array().map_err(cbor)?;
            let mut index = 0;
            while more(d, len, index)? {
                if !is_integer(d.datatype().map_err(cbor)?) {
                    return Err(Error::malformed(Rule::InvalidArgument(command), d.offset()));
                }
                d.i64().map_err(cbor)?;
                index += 1;
            }
            Ok(())
        } else {
            Parameters::decode(d).map(|_| ())
        }
    })?;
    let mut map = start;
    let len = map.map().map_err(cbor)?;
    Ok(IndexedMap {
        d: map,
        len,
        index: 0,
        copy,
    })
}
