//! The rules of RFC 8949 a CBOR input can break, and the crate's error type.

use core::fmt;

/// A decoding failure: an [`iotm_wire::ErrorKind`] (incomplete or malformed,
/// with the [`Rule`] broken) and the byte offset where decoding stopped.
pub type Error = iotm_wire::Error<Rule>;

/// The CBOR major types (RFC 8949 §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Major {
    /// Major type 0: an unsigned integer.
    Unsigned = 0,
    /// Major type 1: a negative integer, `-1 - argument`.
    Negative = 1,
    /// Major type 2: a byte string.
    Bytes = 2,
    /// Major type 3: a UTF-8 text string.
    Text = 3,
    /// Major type 4: an array.
    Array = 4,
    /// Major type 5: a map.
    Map = 5,
    /// Major type 6: a tag.
    Tag = 6,
    /// Major type 7: a simple value, a float or the break stop code.
    Simple = 7,
}

impl Major {
    /// The major type in the top three bits of an initial byte.
    pub const fn of_initial_byte(byte: u8) -> Self {
        match byte >> 5 {
            0 => Self::Unsigned,
            1 => Self::Negative,
            2 => Self::Bytes,
            3 => Self::Text,
            4 => Self::Array,
            5 => Self::Map,
            6 => Self::Tag,
            _ => Self::Simple,
        }
    }

    /// A short human name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Unsigned => "unsigned integer",
            Self::Negative => "negative integer",
            Self::Bytes => "byte string",
            Self::Text => "text string",
            Self::Array => "array",
            Self::Map => "map",
            Self::Tag => "tag",
            Self::Simple => "simple value or float",
        }
    }
}

impl fmt::Display for Major {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a typed read expected to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Expected {
    /// An unsigned integer.
    Unsigned,
    /// An integer of either sign.
    Integer,
    /// A definite-length byte string.
    Bytes,
    /// A definite-length text string.
    Text,
    /// An array.
    Array,
    /// A map.
    Map,
    /// A tag.
    Tag,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// A simple value.
    Simple,
    /// A floating-point number.
    Float,
    /// The break stop code.
    Break,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Unsigned => "unsigned integer",
            Self::Integer => "integer",
            Self::Bytes => "byte string",
            Self::Text => "text string",
            Self::Array => "array",
            Self::Map => "map",
            Self::Tag => "tag",
            Self::Bool => "bool",
            Self::Null => "null",
            Self::Undefined => "undefined",
            Self::Simple => "simple value",
            Self::Float => "float",
            Self::Break => "break",
        })
    }
}

/// A rule of RFC 8949 (or of the caller's limits) that the input breaks.
/// `Display` names the section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// Additional information 28, 29 and 30 are reserved (§3, Appendix F).
    ReservedAdditionalInfo(u8),
    /// Indefinite length is only for major types 2–5 (§3.2).
    IndefiniteNotAllowed(Major),
    /// The break stop code stands only inside an indefinite-length item (§3.2.1).
    UnexpectedBreak,
    /// The chunks of an indefinite-length string must be definite-length strings
    /// of the same major type (§3.2.3).
    InvalidChunk,
    /// Simple values 0–31 are never encoded in the two-byte form (§3.3).
    TwoByteSimpleBelow32,
    /// A text string is not valid UTF-8 (§3.1, major type 3).
    InvalidUtf8,
    /// A map ended after a key, without its value (§3.2.1, Appendix F).
    MapWithoutValue,
    /// A typed read found another type.
    UnexpectedType {
        /// What the caller asked for.
        expected: Expected,
        /// The major type found.
        found: Major,
    },
    /// The value does not fit the integer type asked for.
    IntegerOverflow,
    /// The item nests deeper than the decoder's limit.
    DepthLimitExceeded,
    /// Bytes follow the data item where none may.
    TrailingBytes,
    /// A typed read of a string found an indefinite-length one; read it with
    /// the chunk API instead.
    IndefiniteString,
    /// Deterministic encoding: an argument or float is not in its shortest
    /// form (§4.2.1, preferred serialization §4.1).
    NotPreferredSerialization,
    /// Deterministic encoding: no indefinite-length items (§4.2.1).
    IndefiniteLengthNotDeterministic,
    /// Deterministic encoding: map keys must be sorted in the bytewise
    /// lexicographic order of their encodings (§4.2.1).
    MapKeysNotSorted,
    /// A map has the same key twice (§5.6).
    DuplicateMapKey,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ReservedAdditionalInfo(ai) => {
                write!(f, "RFC 8949 §3: additional information {ai} is reserved")
            }
            Self::IndefiniteNotAllowed(major) => {
                write!(f, "RFC 8949 §3.2: a {major} cannot have indefinite length")
            }
            Self::UnexpectedBreak => {
                f.write_str("RFC 8949 §3.2.1: break stop code outside an indefinite-length item")
            }
            Self::InvalidChunk => f.write_str(
                "RFC 8949 §3.2.3: an indefinite-length string chunk must be a \
                 definite-length string of the same major type",
            ),
            Self::TwoByteSimpleBelow32 => {
                f.write_str("RFC 8949 §3.3: simple values below 32 must not use the two-byte form")
            }
            Self::InvalidUtf8 => f.write_str("RFC 8949 §3.1: text string is not valid UTF-8"),
            Self::MapWithoutValue => f.write_str("RFC 8949 §3.2.1: map key without a value"),
            Self::UnexpectedType { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            Self::IntegerOverflow => f.write_str("integer does not fit the type asked for"),
            Self::DepthLimitExceeded => f.write_str("nesting deeper than the decoder's limit"),
            Self::TrailingBytes => f.write_str("bytes follow the data item"),
            Self::IndefiniteString => {
                f.write_str("indefinite-length string where a definite-length one was expected")
            }
            Self::NotPreferredSerialization => f.write_str(
                "RFC 8949 §4.2.1: deterministic encoding needs the shortest form of each argument",
            ),
            Self::IndefiniteLengthNotDeterministic => {
                f.write_str("RFC 8949 §4.2.1: deterministic encoding has no indefinite lengths")
            }
            Self::MapKeysNotSorted => f.write_str(
                "RFC 8949 §4.2.1: map keys must be sorted by the bytewise order of their encodings",
            ),
            Self::DuplicateMapKey => f.write_str("RFC 8949 §5.6: duplicate map key"),
        }
    }
}
