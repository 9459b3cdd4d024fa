//! The interpreter's stack frames: one per running command sequence.

use crate::command::{Command, CommandSequence, IndexList, TryEach};

/// The components the next commands apply to (§8.4.10.1).
#[derive(Clone, Debug)]
pub(crate) enum Selection<'a> {
    /// One component.
    One(u64),
    /// All components, in order.
    All,
    /// The listed components, in order.
    List(IndexList<'a>),
}

impl Selection<'_> {
    /// The `n`th selected component index, if any, of `count` components.
    pub(crate) fn nth(&self, n: usize, count: usize) -> Option<u64> {
        match self {
            Self::One(index) => (n == 0).then_some(*index),
            Self::All => (n < count).then(|| u64::try_from(n).ok()).flatten(),
            Self::List(list) => list.clone().nth(n),
        }
    }
}

/// Why a frame runs.
#[derive(Clone, Debug)]
pub(crate) enum FrameKind<'a> {
    /// A manifest section or the shared sequence before it.
    Section,
    /// `suit-directive-run-sequence`.
    RunSequence,
    /// A branch of `suit-directive-try-each`, with the branches after it.
    TryBranch(TryEach<'a>),
    /// Marks the end of a dependency's sequences (trust domains §5.4): when
    /// it ends, the dependent's manifest is back in use.
    DependencyEnd,
}

/// A command being applied across the selected components.
#[derive(Clone, Debug)]
pub(crate) struct Active<'a> {
    pub(crate) command: Command<'a>,
    pub(crate) offset: usize,
    /// The position in the selection of the next component to apply it to.
    pub(crate) next: usize,
}

/// One running command sequence.
#[derive(Clone, Debug)]
pub(crate) struct Frame<'a> {
    pub(crate) sequence: CommandSequence<'a>,
    pub(crate) kind: FrameKind<'a>,
    /// `suit-parameter-soft-failure`, scoped to this sequence (§8.4.8.15).
    pub(crate) soft_failure: bool,
    pub(crate) selection: Selection<'a>,
    pub(crate) active: Option<Active<'a>>,
}

impl<'a> Frame<'a> {
    pub(crate) fn new(
        sequence: CommandSequence<'a>,
        kind: FrameKind<'a>,
        soft_failure: bool,
        selection: Selection<'a>,
    ) -> Self {
        Self {
            sequence,
            kind,
            soft_failure,
            selection,
            active: None,
        }
    }
}
