//! The head of a data item (RFC 8949 §3): initial byte and argument.

use iotm_wire::Reader;

use crate::{Error, Major, Rule};

/// Additional information values with a meaning of their own (§3).
pub(crate) mod ai {
    /// Largest argument carried in the initial byte itself.
    pub(crate) const MAX_IMMEDIATE: u8 = 23;
    /// The argument follows in 1 byte.
    pub(crate) const ONE_BYTE: u8 = 24;
    /// The argument follows in 2 bytes.
    pub(crate) const TWO_BYTES: u8 = 25;
    /// The argument follows in 4 bytes.
    pub(crate) const FOUR_BYTES: u8 = 26;
    /// The argument follows in 8 bytes.
    pub(crate) const EIGHT_BYTES: u8 = 27;
    /// Indefinite length, or the break stop code in major type 7.
    pub(crate) const INDEFINITE: u8 = 31;
}

/// Simple values with names (§3.3).
pub(crate) mod simple {
    pub(crate) const FALSE: u8 = 20;
    pub(crate) const TRUE: u8 = 21;
    pub(crate) const NULL: u8 = 22;
    pub(crate) const UNDEFINED: u8 = 23;
}

/// The break stop code (§3.2.1).
pub(crate) const BREAK: u8 = 0xff;

/// How an argument was encoded: in the initial byte, in 1, 2, 4 or 8
/// following bytes, or absent (indefinite length / break).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Width {
    /// In the initial byte (additional information 0–23).
    Immediate,
    /// One following byte (additional information 24).
    One,
    /// Two following bytes (25).
    Two,
    /// Four following bytes (26).
    Four,
    /// Eight following bytes (27).
    Eight,
    /// No argument: indefinite length, or break (31).
    Indefinite,
}

impl Width {
    /// The shortest width that carries `arg` (preferred serialization, §4.1).
    pub const fn preferred(arg: u64) -> Self {
        if arg <= ai::MAX_IMMEDIATE as u64 {
            Self::Immediate
        } else if arg <= u8::MAX as u64 {
            Self::One
        } else if arg <= u16::MAX as u64 {
            Self::Two
        } else if arg <= u32::MAX as u64 {
            Self::Four
        } else {
            Self::Eight
        }
    }

    /// `true` if `arg` fits this width.
    pub const fn carries(self, arg: u64) -> bool {
        match self {
            Self::Immediate => arg <= ai::MAX_IMMEDIATE as u64,
            Self::One => arg <= u8::MAX as u64,
            Self::Two => arg <= u16::MAX as u64,
            Self::Four => arg <= u32::MAX as u64,
            Self::Eight => true,
            Self::Indefinite => false,
        }
    }
}

/// A decoded head. For major type 7, `arg` is the simple value or the raw
/// float bits, `width` tells which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) major: Major,
    pub(crate) arg: u64,
    pub(crate) width: Width,
}

impl Head {
    /// `true` for the break stop code.
    pub(crate) const fn is_break(&self) -> bool {
        matches!((self.major, self.width), (Major::Simple, Width::Indefinite))
    }

    /// `true` if the argument is in its shortest form. Floats are judged
    /// elsewhere (their width is their precision).
    pub(crate) const fn is_preferred_argument(&self) -> bool {
        match self.width {
            Width::Indefinite => true,
            Width::Immediate => true,
            w => matches!(
                (w, Width::preferred(self.arg)),
                (Width::One, Width::One)
                    | (Width::Two, Width::Two)
                    | (Width::Four, Width::Four)
                    | (Width::Eight, Width::Eight)
            ),
        }
    }
}

/// Reads one head, checking the well-formedness rules that a head alone can
/// break (Appendix F). Nothing is consumed on error.
///
/// The error offset is the position of the initial byte plus `base`.
#[inline]
pub(crate) fn read_head(reader: &mut Reader<'_>, base: usize) -> Result<Head, Error> {
    // Works on the slice directly rather than through `Reader` calls: this is
    // the hottest function of every decoder in the workspace.
    let input = reader.input();
    let start = reader.position();
    let Some(&initial) = input.get(start) else {
        return Err(Error::incomplete(1, base + start));
    };
    let major = Major::of_initial_byte(initial);
    let info = initial & 0x1f;
    let argument = start + 1;
    let (arg, width, end) = match info {
        0..=ai::MAX_IMMEDIATE => (u64::from(info), Width::Immediate, argument),
        ai::ONE_BYTE => match input.get(argument) {
            Some(&byte) => (u64::from(byte), Width::One, argument + 1),
            None => return Err(truncated_argument(input, argument, 1, base)),
        },
        ai::TWO_BYTES => match input.get(argument..argument + 2) {
            Some(&[a, b]) => (
                u64::from(u16::from_be_bytes([a, b])),
                Width::Two,
                argument + 2,
            ),
            _ => return Err(truncated_argument(input, argument, 2, base)),
        },
        ai::FOUR_BYTES => match input.get(argument..argument + 4) {
            Some(&[a, b, c, d]) => (
                u64::from(u32::from_be_bytes([a, b, c, d])),
                Width::Four,
                argument + 4,
            ),
            _ => return Err(truncated_argument(input, argument, 4, base)),
        },
        ai::EIGHT_BYTES => match input.get(argument..argument + 8) {
            Some(&[a, b, c, d, e, f, g, h]) => (
                u64::from_be_bytes([a, b, c, d, e, f, g, h]),
                Width::Eight,
                argument + 8,
            ),
            _ => return Err(truncated_argument(input, argument, 8, base)),
        },
        ai::INDEFINITE => match major {
            Major::Bytes | Major::Text | Major::Array | Major::Map | Major::Simple => {
                (0, Width::Indefinite, argument)
            }
            Major::Unsigned | Major::Negative | Major::Tag => {
                return Err(Error::malformed(
                    Rule::IndefiniteNotAllowed(major),
                    base + start,
                ));
            }
        },
        reserved => {
            return Err(Error::malformed(
                Rule::ReservedAdditionalInfo(reserved),
                base + start,
            ));
        }
    };
    if major == Major::Simple && width == Width::One && arg < 32 {
        return Err(Error::malformed(Rule::TwoByteSimpleBelow32, base + start));
    }
    reader.seek(end);
    Ok(Head { major, arg, width })
}

/// The argument of `len` bytes at `at` runs past the end of the input.
#[cold]
fn truncated_argument(input: &[u8], at: usize, len: usize, base: usize) -> Error {
    Error::incomplete(len - input.len().saturating_sub(at).min(len), base + at)
}

/// Encodes a head into `out`, returning the used prefix length (1–9).
///
/// `width` must carry `arg` (callers check with [`Width::carries`]);
/// `Width::Indefinite` writes additional information 31.
pub(crate) fn encode_head(major: Major, arg: u64, width: Width, out: &mut [u8; 9]) -> usize {
    let mt = (major as u8) << 5;
    let be = arg.to_be_bytes();
    let (info, len) = match width {
        Width::Immediate => (u8::try_from(arg).unwrap_or(0) & 0x1f, 0),
        Width::One => (ai::ONE_BYTE, 1),
        Width::Two => (ai::TWO_BYTES, 2),
        Width::Four => (ai::FOUR_BYTES, 4),
        Width::Eight => (ai::EIGHT_BYTES, 8),
        Width::Indefinite => (ai::INDEFINITE, 0),
    };
    out[0] = mt | info;
    // `len` is at most 8 and `be` is 8 bytes long, so both ranges are in bounds.
    if let (Some(dst), Some(src)) = (out.get_mut(1..=len), be.get(8 - len..)) {
        dst.copy_from_slice(src);
    }
    1 + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use iotm_wire::ErrorKind;

    fn head(bytes: &[u8]) -> Result<Head, Error> {
        read_head(&mut Reader::new(bytes), 0)
    }

    #[test]
    fn reads_each_width() {
        assert_eq!(head(&[0x17]).unwrap().arg, 23);
        assert_eq!(head(&[0x18, 0x18]).unwrap().width, Width::One);
        assert_eq!(head(&[0x19, 0x03, 0xe8]).unwrap().arg, 1000);
        assert_eq!(head(&[0x1a, 0, 0x0f, 0x42, 0x40]).unwrap().arg, 1_000_000);
        assert_eq!(
            head(&[0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
                .unwrap()
                .arg,
            u64::MAX
        );
    }

    #[test]
    fn rfc8949_appendix_f_reserved_additional_information() {
        for ai in 28..=30u8 {
            let e = head(&[ai]).unwrap_err();
            assert_eq!(
                e.kind(),
                ErrorKind::Malformed(Rule::ReservedAdditionalInfo(ai))
            );
        }
    }

    #[test]
    fn rfc8949_3_2_indefinite_length_only_for_major_types_2_to_5() {
        for byte in [0x1f, 0x3f, 0xdf] {
            assert!(matches!(
                head(&[byte]).unwrap_err().kind(),
                ErrorKind::Malformed(Rule::IndefiniteNotAllowed(_))
            ));
        }
    }

    #[test]
    fn rfc8949_3_3_two_byte_simple_below_32_is_malformed() {
        assert_eq!(
            head(&[0xf8, 0x1f]).unwrap_err().rule(),
            Some(&Rule::TwoByteSimpleBelow32)
        );
        assert!(head(&[0xf8, 0x20]).is_ok());
    }

    #[test]
    fn truncated_argument_is_incomplete() {
        let e = head(&[0x1a, 0x00]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Incomplete { needed: 3 });
        assert_eq!(e.offset(), 1);
    }

    #[test]
    fn encode_head_is_inverse_of_read_head() {
        for arg in [
            0u64,
            23,
            24,
            255,
            256,
            65535,
            65536,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = [0u8; 9];
            let n = encode_head(Major::Array, arg, Width::preferred(arg), &mut out);
            let h = head(&out[..n]).unwrap();
            assert_eq!(
                (h.major, h.arg, h.width),
                (Major::Array, arg, Width::preferred(arg))
            );
        }
    }
}
