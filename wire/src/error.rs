//! The workspace error model: a kind plus the byte offset where decoding stopped.

use core::fmt;

/// A decoding failure: what went wrong ([`ErrorKind`]) and at which byte offset
/// of the input.
///
/// `R` is the decoder's own rule type: a small `Copy` enum whose `Display`
/// names the rule of the standard that the bytes broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Error<R> {
    kind: ErrorKind<R>,
    offset: usize,
}

/// Why decoding stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind<R> {
    /// The input ended inside an item: at least `needed` more bytes are
    /// required before decoding can go on. The offset is where the read that
    /// ran out began (a field, a string's content, a container's items). Not
    /// an error for a streaming caller, which waits for more bytes.
    Incomplete {
        /// The least number of further bytes that could complete the item.
        needed: usize,
    },
    /// The bytes break the rule `R`: no amount of further input fixes them.
    Malformed(R),
}

impl<R> Error<R> {
    /// An error of any kind at `offset`.
    pub const fn new(kind: ErrorKind<R>, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// The input ended at `offset`; at least `needed` more bytes are required.
    pub const fn incomplete(needed: usize, offset: usize) -> Self {
        Self::new(ErrorKind::Incomplete { needed }, offset)
    }

    /// The bytes at `offset` break `rule`.
    pub const fn malformed(rule: R, offset: usize) -> Self {
        Self::new(ErrorKind::Malformed(rule), offset)
    }

    /// Why decoding stopped.
    pub const fn kind(&self) -> ErrorKind<R>
    where
        R: Copy,
    {
        self.kind
    }

    /// The byte offset in the input where decoding stopped.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// `true` when more input could complete the item.
    pub const fn is_incomplete(&self) -> bool {
        matches!(self.kind, ErrorKind::Incomplete { .. })
    }

    /// The rule broken, if the input is malformed.
    pub const fn rule(&self) -> Option<&R> {
        match &self.kind {
            ErrorKind::Malformed(rule) => Some(rule),
            ErrorKind::Incomplete { .. } => None,
        }
    }

    /// The same error, moved by `base` bytes: for a decoder that ran on a
    /// slice starting at `base` of a larger input.
    #[must_use]
    pub fn shifted(self, base: usize) -> Self {
        Self {
            kind: self.kind,
            offset: self.offset.saturating_add(base),
        }
    }

    /// The same position with the rule turned into another decoder's rule
    /// type, for a decoder that embeds another (SUIT embeds CBOR).
    pub fn map_rule<S>(self, f: impl FnOnce(R) -> S) -> Error<S> {
        let kind = match self.kind {
            ErrorKind::Incomplete { needed } => ErrorKind::Incomplete { needed },
            ErrorKind::Malformed(rule) => ErrorKind::Malformed(f(rule)),
        };
        Error {
            kind,
            offset: self.offset,
        }
    }
}

impl<R: fmt::Display> fmt::Display for Error<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Incomplete { needed } => write!(
                f,
                "incomplete at byte {}: at least {} more byte{} needed",
                self.offset,
                needed,
                if *needed == 1 { " is" } else { "s are" }
            ),
            ErrorKind::Malformed(rule) => write!(f, "malformed at byte {}: {}", self.offset, rule),
        }
    }
}

impl<R: fmt::Debug + fmt::Display> core::error::Error for Error<R> {}

/// An encoding failure. Encoders never truncate silently: a value the wire
/// cannot carry, or a buffer too small for it, is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodeError {
    /// The output buffer holds `available` bytes; the encoding needs `needed`.
    BufferTooSmall {
        /// Bytes the whole encoding needs.
        needed: usize,
        /// Bytes the buffer had.
        available: usize,
    },
    /// A length or value does not fit the field the format gives it.
    ValueTooLarge {
        /// The field that overflowed.
        field: &'static str,
        /// The largest value the field carries.
        max: u64,
    },
    /// The value breaks a rule of the format and would not decode.
    Invalid {
        /// The rule the value breaks.
        rule: &'static str,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BufferTooSmall { needed, available } => {
                write!(
                    f,
                    "output buffer too small: {needed} bytes needed, {available} available"
                )
            }
            Self::ValueTooLarge { field, max } => {
                write!(f, "{field} does not fit the wire (at most {max})")
            }
            Self::Invalid { rule } => write!(f, "value cannot be encoded: {rule}"),
        }
    }
}

impl core::error::Error for EncodeError {}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate alloc;
    use alloc::string::ToString;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    struct TestRule;
    impl fmt::Display for TestRule {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("test rule")
        }
    }

    #[test]
    fn incomplete_is_not_malformed() {
        let e: Error<TestRule> = Error::incomplete(3, 7);
        assert!(e.is_incomplete());
        assert_eq!(e.rule(), None);
        assert_eq!(
            e.to_string(),
            "incomplete at byte 7: at least 3 more bytes are needed"
        );
        let one: Error<TestRule> = Error::incomplete(1, 0);
        assert_eq!(
            one.to_string(),
            "incomplete at byte 0: at least 1 more byte is needed"
        );
    }

    #[test]
    fn malformed_names_rule_and_offset() {
        let e = Error::malformed(TestRule, 12);
        assert!(!e.is_incomplete());
        assert_eq!(e.rule(), Some(&TestRule));
        assert_eq!(e.to_string(), "malformed at byte 12: test rule");
    }

    #[test]
    fn shifted_and_mapped_keep_the_position() {
        let e = Error::malformed(TestRule, 2).shifted(10).map_rule(|_| 5u8);
        assert_eq!(e.offset(), 12);
        assert_eq!(e.kind(), ErrorKind::Malformed(5));
        let sat: Error<TestRule> = Error::incomplete(1, usize::MAX).shifted(1);
        assert_eq!(sat.offset(), usize::MAX);
    }

    #[test]
    fn encode_error_display() {
        let e = EncodeError::BufferTooSmall {
            needed: 9,
            available: 4,
        };
        assert_eq!(
            e.to_string(),
            "output buffer too small: 9 bytes needed, 4 available"
        );
    }
}
