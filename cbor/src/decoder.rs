//! The pull decoder: typed reads, skipping and raw item slices, borrowing
//! from the input and never allocating.

use iotm_wire::Reader;

use crate::head::{self, Head, Width, read_head};
use crate::{Error, Expected, Major, Rule};

/// Nesting depth [`Decoder::skip`] accepts unless told otherwise. Deep enough
/// for every IoT format in the workspace (SUIT nests about 10 levels),
/// shallow enough for a small stack.
pub const DEFAULT_MAX_DEPTH: usize = 32;

/// A pull decoder over one input slice.
///
/// Typed reads (`u64`, `bytes`, `array`, …) check the major type and leave
/// the decoder where it was when they fail, so a caller can try another type.
/// Strings borrow from the input. Error offsets count from the start of the
/// outermost input, also in decoders made by [`Decoder::bstr_cbor`].
///
/// Invariant: no method panics, reads out of bounds or allocates, whatever
/// the input; every loop is bounded by the input length.
#[derive(Clone, Debug)]
pub struct Decoder<'a> {
    pub(crate) reader: Reader<'a>,
    base: usize,
    max_depth: usize,
}

impl<'a> Decoder<'a> {
    /// A decoder at the start of `input`.
    pub const fn new(input: &'a [u8]) -> Self {
        Self {
            reader: Reader::new(input),
            base: 0,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// A decoder over `input`, which starts at byte `base` of a larger
    /// input: its errors carry offsets into the larger input.
    pub const fn with_base(input: &'a [u8], base: usize) -> Self {
        Self {
            reader: Reader::new(input),
            base,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// Sets the nesting limit of [`skip`](Self::skip) and [`item`](Self::item).
    #[must_use]
    pub const fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Position of the next byte, relative to this decoder's input.
    pub const fn position(&self) -> usize {
        self.reader.position()
    }

    /// Position of the next byte in the outermost input: what error offsets use.
    pub const fn offset(&self) -> usize {
        self.base + self.reader.position()
    }

    /// The whole input of this decoder.
    pub const fn input(&self) -> &'a [u8] {
        self.reader.input()
    }

    /// Bytes not decoded yet.
    pub fn remaining(&self) -> &'a [u8] {
        self.reader.remaining()
    }

    /// `true` when the whole input has been decoded.
    pub const fn is_empty(&self) -> bool {
        self.reader.is_empty()
    }

    /// Succeeds if the whole input has been decoded.
    ///
    /// # Errors
    /// [`Rule::TrailingBytes`] at the first byte left over.
    pub fn finish(&self) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.malformed(Rule::TrailingBytes))
        }
    }

    pub(crate) fn malformed(&self, rule: Rule) -> Error {
        Error::malformed(rule, self.offset())
    }

    #[inline]
    pub(crate) fn head(&mut self) -> Result<Head, Error> {
        read_head(&mut self.reader, self.base)
    }

    pub(crate) fn peek_head(&self) -> Result<Head, Error> {
        read_head(&mut self.reader.clone(), self.base)
    }

    /// Reads a head of major type `major` (definite or not); on any other
    /// type the decoder stays where it was. One head read, no peeking: this
    /// is the hot path of every typed read.
    #[inline]
    fn expect_head(&mut self, major: Major, expected: Expected) -> Result<Head, Error> {
        let start = self.reader.position();
        // Fast path: the right major type with its argument in the initial
        // byte (small integers, short strings, small containers).
        if let Some(&initial) = self.reader.input().get(start) {
            let info = initial & 0x1f;
            if Major::of_initial_byte(initial) == major && info <= crate::head::ai::MAX_IMMEDIATE {
                self.reader.seek(start + 1);
                return Ok(Head {
                    major,
                    arg: u64::from(info),
                    width: Width::Immediate,
                });
            }
        }
        let head = self.head()?;
        if head.major != major || head.is_break() {
            return Err(self.unexpected(start, expected, head.major));
        }
        Ok(head)
    }

    /// Puts back a head read by mistake and says what was expected.
    #[cold]
    fn unexpected(&mut self, start: usize, expected: Expected, found: Major) -> Error {
        self.reader.seek(start);
        Error::malformed(Rule::UnexpectedType { expected, found }, self.base + start)
    }

    /// Consumes `len` bytes of string content.
    #[inline]
    pub(crate) fn take(&mut self, len: u64) -> Result<&'a [u8], Error> {
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        self.reader
            .take(len)
            .map_err(|e: Error| e.shifted(self.base))
    }

    /// Reads an unsigned integer (major type 0).
    ///
    /// # Errors
    /// `UnexpectedType` for any other item; `Incomplete` if truncated.
    #[inline]
    pub fn u64(&mut self) -> Result<u64, Error> {
        Ok(self.expect_head(Major::Unsigned, Expected::Unsigned)?.arg)
    }

    /// Reads an unsigned integer that must fit a `u32`.
    ///
    /// # Errors
    /// As [`u64`](Self::u64), plus `IntegerOverflow`.
    #[inline]
    pub fn u32(&mut self) -> Result<u32, Error> {
        self.narrow_unsigned()
    }

    /// Reads an unsigned integer that must fit a `u16`.
    ///
    /// # Errors
    /// As [`u64`](Self::u64), plus `IntegerOverflow`.
    #[inline]
    pub fn u16(&mut self) -> Result<u16, Error> {
        self.narrow_unsigned()
    }

    /// Reads an unsigned integer that must fit a `u8`.
    ///
    /// # Errors
    /// As [`u64`](Self::u64), plus `IntegerOverflow`.
    #[inline]
    pub fn u8(&mut self) -> Result<u8, Error> {
        self.narrow_unsigned()
    }

    #[inline]
    fn narrow_unsigned<T: TryFrom<u64>>(&mut self) -> Result<T, Error> {
        let start = self.reader.position();
        let value = self.u64()?;
        T::try_from(value).map_err(|_| {
            self.reader.seek(start);
            self.malformed(Rule::IntegerOverflow)
        })
    }

    /// Reads an integer of either sign (major type 0 or 1) over the whole
    /// CBOR range, −2⁶⁴ to 2⁶⁴−1.
    ///
    /// # Errors
    /// `UnexpectedType` for any other item; `Incomplete` if truncated.
    #[inline]
    pub fn int(&mut self) -> Result<i128, Error> {
        let start = self.reader.position();
        let head = self.head()?;
        match head.major {
            Major::Unsigned => Ok(i128::from(head.arg)),
            Major::Negative => Ok(-1 - i128::from(head.arg)),
            found => Err(self.unexpected(start, Expected::Integer, found)),
        }
    }

    /// Reads an integer that must fit an `i64`.
    ///
    /// # Errors
    /// As [`int`](Self::int), plus `IntegerOverflow`.
    #[inline]
    pub fn i64(&mut self) -> Result<i64, Error> {
        let start = self.reader.position();
        // Fast path: a small integer of either sign in the initial byte.
        if let Some(&initial) = self.reader.input().get(start) {
            let info = initial & 0x1f;
            if info <= crate::head::ai::MAX_IMMEDIATE {
                match Major::of_initial_byte(initial) {
                    Major::Unsigned => {
                        self.reader.seek(start + 1);
                        return Ok(i64::from(info));
                    }
                    Major::Negative => {
                        self.reader.seek(start + 1);
                        return Ok(-1 - i64::from(info));
                    }
                    _ => {}
                }
            }
        }
        let head = self.head()?;
        let value = match head.major {
            Major::Unsigned => i64::try_from(head.arg).ok(),
            // -1 - arg fits an i64 exactly when arg does.
            Major::Negative => i64::try_from(head.arg).ok().map(|n| -1 - n),
            found => return Err(self.unexpected(start, Expected::Integer, found)),
        };
        value.ok_or_else(|| {
            self.reader.seek(start);
            Error::malformed(Rule::IntegerOverflow, self.base + start)
        })
    }

    /// Reads an integer that must fit an `i32`.
    ///
    /// # Errors
    /// As [`int`](Self::int), plus `IntegerOverflow`.
    #[inline]
    pub fn i32(&mut self) -> Result<i32, Error> {
        let start = self.reader.position();
        let value = self.int()?;
        i32::try_from(value).map_err(|_| {
            self.reader.seek(start);
            self.malformed(Rule::IntegerOverflow)
        })
    }

    /// Reads a definite-length byte string, borrowed from the input.
    ///
    /// # Errors
    /// `UnexpectedType`; `IndefiniteString` for an indefinite-length one
    /// (read it with [`bytes_chunks`](Self::bytes_chunks)); `Incomplete`.
    #[inline]
    pub fn bytes(&mut self) -> Result<&'a [u8], Error> {
        self.definite_string(Major::Bytes, Expected::Bytes)
    }

    /// Reads a definite-length text string, checked to be UTF-8.
    ///
    /// # Errors
    /// As [`bytes`](Self::bytes), plus `InvalidUtf8` at the first bad byte.
    #[inline]
    pub fn str(&mut self) -> Result<&'a str, Error> {
        let start = self.reader.position();
        let bytes = self.definite_string(Major::Text, Expected::Text)?;
        let content_start = self.offset() - bytes.len();
        core::str::from_utf8(bytes).map_err(|e| {
            self.reader.seek(start);
            Error::malformed(Rule::InvalidUtf8, content_start + e.valid_up_to())
        })
    }

    #[inline]
    fn definite_string(&mut self, major: Major, expected: Expected) -> Result<&'a [u8], Error> {
        let start = self.reader.position();
        let head = self.expect_head(major, expected)?;
        if head.width == Width::Indefinite {
            self.reader.seek(start);
            return Err(self.malformed(Rule::IndefiniteString));
        }
        self.take(head.arg).inspect_err(|_| self.reader.seek(start))
    }

    /// Reads an array head: `Some(len)`, or `None` for indefinite length
    /// (then read items until [`is_break`](Self::is_break) and
    /// [`read_break`](Self::read_break)).
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`.
    #[inline]
    pub fn array(&mut self) -> Result<Option<u64>, Error> {
        let head = self.expect_head(Major::Array, Expected::Array)?;
        Ok((head.width != Width::Indefinite).then_some(head.arg))
    }

    /// Reads a map head: `Some(number of pairs)`, or `None` for indefinite length.
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`.
    #[inline]
    pub fn map(&mut self) -> Result<Option<u64>, Error> {
        let head = self.expect_head(Major::Map, Expected::Map)?;
        Ok((head.width != Width::Indefinite).then_some(head.arg))
    }

    /// Reads a tag number; the tagged item follows.
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`.
    #[inline]
    pub fn tag(&mut self) -> Result<u64, Error> {
        Ok(self.expect_head(Major::Tag, Expected::Tag)?.arg)
    }

    /// Reads a simple value (§3.3), including `false`, `true`, `null` and
    /// `undefined` (20–23). Floats and break are not simple values.
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`.
    #[inline]
    pub fn simple(&mut self) -> Result<u8, Error> {
        let start = self.reader.position();
        let head = self.head()?;
        match (head.major, head.width) {
            (Major::Simple, Width::Immediate | Width::One) => {
                Ok(u8::try_from(head.arg).unwrap_or(u8::MAX))
            }
            (found, _) => Err(self.unexpected(start, Expected::Simple, found)),
        }
    }

    fn expect_simple(&mut self, value: u8, expected: Expected) -> Result<(), Error> {
        let start = self.reader.position();
        let found = self.simple().map_err(|_| self.type_error(expected))?;
        if found == value {
            Ok(())
        } else {
            self.reader.seek(start);
            Err(self.type_error(expected))
        }
    }

    fn type_error(&self, expected: Expected) -> Error {
        let found = self.peek_head().map(|h| h.major).unwrap_or(Major::Simple);
        self.malformed(Rule::UnexpectedType { expected, found })
    }

    /// Reads `false` or `true`.
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`.
    #[inline]
    pub fn bool(&mut self) -> Result<bool, Error> {
        let start = self.reader.position();
        match self.simple() {
            Ok(head::simple::FALSE) => Ok(false),
            Ok(head::simple::TRUE) => Ok(true),
            Err(e) if e.is_incomplete() => Err(e),
            _ => {
                self.reader.seek(start);
                Err(self.type_error(Expected::Bool))
            }
        }
    }

    /// Reads `null`.
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`.
    #[inline]
    pub fn null(&mut self) -> Result<(), Error> {
        self.expect_simple(head::simple::NULL, Expected::Null)
    }

    /// Reads `undefined`.
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`.
    pub fn undefined(&mut self) -> Result<(), Error> {
        self.expect_simple(head::simple::UNDEFINED, Expected::Undefined)
    }

    /// Reads a float of any width (half, single, double) as `f64`.
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`.
    #[inline]
    pub fn f64(&mut self) -> Result<f64, Error> {
        let start = self.reader.position();
        let head = self.head()?;
        match (head.major, head.width) {
            (Major::Simple, Width::Two) => Ok(crate::float::f16_to_f64(
                u16::try_from(head.arg).unwrap_or(0),
            )),
            (Major::Simple, Width::Four) => Ok(f64::from(f32::from_bits(
                u32::try_from(head.arg).unwrap_or(0),
            ))),
            (Major::Simple, Width::Eight) => Ok(f64::from_bits(head.arg)),
            (found, _) => Err(self.unexpected(start, Expected::Float, found)),
        }
    }

    /// `true` if the next byte is the break stop code. Never fails: at the
    /// end of the input it answers `false`, and the next read says incomplete.
    pub fn is_break(&self) -> bool {
        self.reader.peek_u8::<Rule>() == Ok(head::BREAK)
    }

    /// Consumes the break stop code that ends an indefinite-length item.
    ///
    /// # Errors
    /// `UnexpectedType` if the next item is not a break; `Incomplete`.
    pub fn read_break(&mut self) -> Result<(), Error> {
        if self.is_break() {
            self.head().map(|_| ())
        } else {
            let found = self.peek_head()?.major;
            Err(self.malformed(Rule::UnexpectedType {
                expected: Expected::Break,
                found,
            }))
        }
    }

    /// Reads a byte string carrying an embedded CBOR item (the "bstr .cbor"
    /// of CDDL, as SUIT and COSE use) and returns a decoder over its content
    /// whose error offsets stay those of this input.
    ///
    /// # Errors
    /// As [`bytes`](Self::bytes).
    pub fn bstr_cbor(&mut self) -> Result<Decoder<'a>, Error> {
        let bytes = self.bytes()?;
        let base = self.offset() - bytes.len();
        Ok(Decoder {
            reader: Reader::new(bytes),
            base,
            max_depth: self.max_depth,
        })
    }

    /// Skips one whole data item, checking that it is well-formed (RFC 8949
    /// Appendix C) and that its text strings are UTF-8.
    ///
    /// # Errors
    /// Any [`Rule`] the item breaks, `DepthLimitExceeded` past the limit,
    /// `Incomplete` if truncated. On error the position is unspecified.
    pub fn skip(&mut self) -> Result<(), Error> {
        self.skip_item(0)
    }

    /// Skips one whole data item, as [`skip`](Self::skip), and returns its
    /// encoded bytes: for hashing or signing a sub-structure exactly as received.
    ///
    /// # Errors
    /// As [`skip`](Self::skip).
    pub fn item(&mut self) -> Result<&'a [u8], Error> {
        let start = self.reader.position();
        self.skip()?;
        let end = self.reader.position();
        Ok(self.reader.input().get(start..end).unwrap_or_default())
    }

    fn skip_item(&mut self, depth: usize) -> Result<(), Error> {
        if depth > self.max_depth {
            return Err(self.malformed(Rule::DepthLimitExceeded));
        }
        let start = self.offset();
        let head = self.head()?;
        match head.major {
            Major::Unsigned | Major::Negative => Ok(()),
            Major::Bytes | Major::Text if head.width == Width::Indefinite => {
                self.skip_chunks(head.major)
            }
            Major::Bytes => self.take(head.arg).map(|_| ()),
            Major::Text => self.skip_text(head.arg),
            Major::Array | Major::Map => self.skip_container(head, depth),
            Major::Tag => self.skip_item(depth + 1),
            Major::Simple if head.is_break() => Err(Error::malformed(Rule::UnexpectedBreak, start)),
            Major::Simple => Ok(()),
        }
    }

    fn skip_text(&mut self, len: u64) -> Result<(), Error> {
        let offset = self.offset();
        let bytes = self.take(len)?;
        core::str::from_utf8(bytes)
            .map(|_| ())
            .map_err(|e| Error::malformed(Rule::InvalidUtf8, offset + e.valid_up_to()))
    }

    fn skip_chunks(&mut self, major: Major) -> Result<(), Error> {
        loop {
            let offset = self.offset();
            let chunk = self.head()?;
            if chunk.is_break() {
                return Ok(());
            }
            if chunk.major != major || chunk.width == Width::Indefinite {
                return Err(Error::malformed(Rule::InvalidChunk, offset));
            }
            if major == Major::Text {
                self.skip_text(chunk.arg)?;
            } else {
                self.take(chunk.arg)?;
            }
        }
    }

    fn skip_container(&mut self, head: Head, depth: usize) -> Result<(), Error> {
        let per_entry = if head.major == Major::Map { 2 } else { 1 };
        if head.width == Width::Indefinite {
            loop {
                if self.is_break() {
                    return self.head().map(|_| ());
                }
                self.skip_item(depth + 1)?;
                if per_entry == 2 {
                    if self.is_break() {
                        return Err(self.malformed(Rule::MapWithoutValue));
                    }
                    self.skip_item(depth + 1)?;
                }
            }
        }
        // Every item takes at least one byte or fails, so this loop ends
        // within the input's length even for a count of 2^64 - 1; no count
        // pre-check, so that a malformed item inside still says malformed.
        let items = head.arg.saturating_mul(per_entry);
        for _ in 0..items {
            self.skip_item(depth + 1)?;
        }
        Ok(())
    }
}
