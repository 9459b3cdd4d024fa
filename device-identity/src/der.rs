//! A strict DER reader (X.690 §10) over a borrowed slice: every element is a
//! tag, a minimal definite length and content that fits its parent. Offsets
//! in errors are absolute in the input the first reader was made from.
//!
//! Running out of bytes at the top level is *incomplete* (the input was cut
//! short); running past the end of an enclosing element is *malformed*.

use crate::rule::{Error, Rule};

/// Universal and context-specific tags the profiles use.
pub mod tag {
    /// BOOLEAN.
    pub const BOOLEAN: u8 = 0x01;
    /// INTEGER.
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING.
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING.
    pub const OCTET_STRING: u8 = 0x04;
    /// NULL.
    pub const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER.
    pub const OID: u8 = 0x06;
    /// ENUMERATED.
    pub const ENUMERATED: u8 = 0x0a;
    /// UTF8String.
    pub const UTF8_STRING: u8 = 0x0c;
    /// PrintableString.
    pub const PRINTABLE_STRING: u8 = 0x13;
    /// TeletexString (T61String).
    pub const TELETEX_STRING: u8 = 0x14;
    /// IA5String.
    pub const IA5_STRING: u8 = 0x16;
    /// UTCTime.
    pub const UTC_TIME: u8 = 0x17;
    /// GeneralizedTime.
    pub const GENERALIZED_TIME: u8 = 0x18;
    /// UniversalString.
    pub const UNIVERSAL_STRING: u8 = 0x1c;
    /// BMPString.
    pub const BMP_STRING: u8 = 0x1e;
    /// SEQUENCE (constructed).
    pub const SEQUENCE: u8 = 0x30;
    /// SET (constructed).
    pub const SET: u8 = 0x31;

    /// `[n]` constructed (EXPLICIT tagging, or IMPLICIT of a constructed type).
    pub const fn context_constructed(n: u8) -> u8 {
        0xa0 | n
    }

    /// `[n]` primitive (IMPLICIT of a primitive type).
    pub const fn context_primitive(n: u8) -> u8 {
        0x80 | n
    }
}

/// One element: its tag, its content and where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet.
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// The whole encoding: identifier, length and content.
    pub encoded: &'a [u8],
    /// Absolute offset of the identifier octet.
    pub offset: usize,
    /// Absolute offset of the first content octet.
    pub content_offset: usize,
}

impl<'a> Tlv<'a> {
    /// A reader over the content (for SEQUENCE, SET and EXPLICIT tags).
    #[inline]
    pub const fn reader(&self) -> Der<'a> {
        Der::nested(self.content, self.content_offset)
    }

    /// A malformed error at this element.
    pub const fn error(&self, rule: Rule) -> Error {
        Error::malformed(rule, self.offset)
    }
}

/// A DER reader.
///
/// The element reads are inlined into their callers on hosts: returned
/// through memory, an element is stored and loaded again at once, and
/// that cost parsing about a sixth of its time. Bare-metal targets leave
/// the choice to the compiler, which weighs flash.
#[derive(Clone, Debug)]
pub struct Der<'a> {
    /// The unread bytes.
    rest: &'a [u8],
    /// Absolute offset just past the input: a position is `end - rest.len()`,
    /// so reading only shortens `rest`.
    end: usize,
    top: bool,
}

impl<'a> Der<'a> {
    /// A reader over a whole input: running out of bytes is *incomplete*.
    pub const fn new(input: &'a [u8]) -> Self {
        Self {
            rest: input,
            end: input.len(),
            top: true,
        }
    }

    /// A reader over the content of an element at absolute offset `base`:
    /// running past its end is [`Rule::ElementOverrun`].
    #[inline]
    pub const fn nested(input: &'a [u8], base: usize) -> Self {
        Self {
            rest: input,
            end: base + input.len(),
            top: false,
        }
    }

    /// The absolute offset of the next byte.
    #[inline]
    pub const fn offset(&self) -> usize {
        self.end - self.rest.len()
    }

    /// True when every element has been read.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The unread bytes.
    pub const fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    /// Skips `n` bytes that a caller checked itself (at most what remains).
    #[inline]
    pub(crate) fn advance(&mut self, n: usize) {
        self.rest = self.rest.get(n..).unwrap_or_default();
    }

    /// The tag of the next element, if any.
    #[inline]
    pub fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// Errors unless every element has been read.
    ///
    /// # Errors
    /// [`Rule::TrailingData`] at the first unread byte.
    pub const fn finish(&self) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::malformed(Rule::TrailingData, self.offset()))
        }
    }

    /// `needed` more bytes than there are, at the end of the input.
    #[cold]
    const fn short(&self, needed: usize) -> Error {
        if self.top {
            Error::incomplete(needed, self.end)
        } else {
            Error::malformed(Rule::ElementOverrun, self.end)
        }
    }

    /// Reads the next element, whatever its tag.
    ///
    /// # Errors
    /// Incomplete at the top level when the input ends inside the element;
    /// malformed for a high tag number, an indefinite or non-minimal length,
    /// or an element that overruns its parent.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn any(&mut self) -> Result<Tlv<'a>, Error> {
        // The common cases first: a low tag number, a minimal length of
        // at most two octets, and content that fits.
        let (tag, len, header) = match *self.rest {
            [tag, len @ 0..=0x7f, ..] => (tag, usize::from(len), 2),
            [tag, 0x81, len @ 0x80..=0xff, ..] => (tag, usize::from(len), 3),
            [tag, 0x82, high @ 1..=0xff, low, ..] => {
                (tag, usize::from(high) << 8 | usize::from(low), 4)
            }
            _ => return self.any_general(),
        };
        if tag & 0x1f != 0x1f {
            if let Some((encoded, after)) = self.rest.split_at_checked(header + len) {
                let offset = self.offset();
                self.rest = after;
                return Ok(Tlv {
                    tag,
                    content: encoded.get(header..).unwrap_or_default(),
                    encoded,
                    offset,
                    content_offset: offset + header,
                });
            }
        }
        self.any_general()
    }

    /// [`Der::any`] for longer lengths and every error.
    #[inline(never)]
    fn any_general(&mut self) -> Result<Tlv<'a>, Error> {
        let rest = self.rest;
        let offset = self.offset();
        // A high tag number is malformed even when cut short: no more
        // bytes would make it readable.
        if rest.first().is_some_and(|tag| tag & 0x1f == 0x1f) {
            return Err(Error::malformed(Rule::HighTagNumber, offset));
        }
        let [tag, first, ..] = *rest else {
            return Err(self.short(1));
        };
        let (len, header) = if first < 0x80 {
            (usize::from(first), 2)
        } else {
            self.long_length(first, offset)?
        };
        let total = header
            .checked_add(len)
            .ok_or_else(|| Error::malformed(Rule::LengthTooLarge, offset + 1))?;
        let Some((encoded, after)) = rest.split_at_checked(total) else {
            return Err(self.short(total - rest.len()));
        };
        self.rest = after;
        Ok(Tlv {
            tag,
            content: encoded.get(header..).unwrap_or_default(),
            encoded,
            offset,
            content_offset: offset + header,
        })
    }
    /// A long-form length (X.690 §8.1.3.5, minimal per §10.1) whose
    /// initial octet is `first`: the length and the header's size.
    fn long_length(&self, first: u8, offset: usize) -> Result<(usize, usize), Error> {
        let count = usize::from(first & 0x7f);
        match count {
            0 => return Err(Error::malformed(Rule::IndefiniteLength, offset + 1)),
            1..=4 => {}
            _ => return Err(Error::malformed(Rule::LengthTooLarge, offset + 1)),
        }
        let Some(bytes) = self.rest.get(2..2 + count) else {
            return Err(self.short(2 + count - self.rest.len()));
        };
        if bytes.first() == Some(&0) {
            return Err(Error::malformed(Rule::NonMinimalLength, offset + 1));
        }
        let len = bytes
            .iter()
            .fold(0usize, |len, b| (len << 8) | usize::from(*b));
        if len < 0x80 {
            return Err(Error::malformed(Rule::NonMinimalLength, offset + 1));
        }
        Ok((len, 2 + count))
    }

    /// Reads the next element, which must have tag `expected`.
    ///
    /// # Errors
    /// [`Rule::UnexpectedTag`], or what [`Der::any`] reports.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn element(&mut self, expected: u8) -> Result<Tlv<'a>, Error> {
        let offset = self.offset();
        match self.peek_tag() {
            Some(found) if found != expected => Err(Error::malformed(
                Rule::UnexpectedTag { expected, found },
                offset,
            )),
            _ => self.any(),
        }
    }

    /// Reads the next element if it has tag `tag`.
    ///
    /// # Errors
    /// What [`Der::any`] reports for that element.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, Error> {
        if self.peek_tag() == Some(tag) {
            self.any().map(Some)
        } else {
            Ok(None)
        }
    }

    /// A SEQUENCE's content as a reader.
    ///
    /// # Errors
    /// Not a SEQUENCE, or a framing error.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn sequence(&mut self) -> Result<Der<'a>, Error> {
        self.element(tag::SEQUENCE).map(|t| t.reader())
    }

    /// An INTEGER's content octets, checked minimal (X.690 §8.3.2).
    ///
    /// # Errors
    /// Empty or non-minimal.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn integer(&mut self) -> Result<Integer<'a>, Error> {
        let tlv = self.element(tag::INTEGER)?;
        Integer::from_tlv(&tlv)
    }

    /// A non-negative INTEGER that fits a `u64`.
    ///
    /// # Errors
    /// Negative, too large, or not a minimal INTEGER.
    pub fn u64(&mut self) -> Result<u64, Error> {
        let offset = self.offset();
        let integer = self.integer()?;
        integer
            .to_u64()
            .ok_or_else(|| Error::malformed(integer.range_rule(), offset))
    }

    /// A BOOLEAN (DER: 0x00 or 0xFF).
    ///
    /// # Errors
    /// Not a BOOLEAN, or another content byte.
    pub fn boolean(&mut self) -> Result<bool, Error> {
        let tlv = self.element(tag::BOOLEAN)?;
        match tlv.content {
            [0x00] => Ok(false),
            [0xff] => Ok(true),
            _ => Err(tlv.error(Rule::InvalidBoolean)),
        }
    }

    /// A NULL.
    ///
    /// # Errors
    /// Not a NULL, or with content.
    pub fn null(&mut self) -> Result<(), Error> {
        let tlv = self.element(tag::NULL)?;
        if tlv.content.is_empty() {
            Ok(())
        } else {
            Err(tlv.error(Rule::InvalidNull))
        }
    }

    /// An OBJECT IDENTIFIER, checked well formed.
    ///
    /// # Errors
    /// Not an OID, empty, or with a non-minimal arc.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn oid(&mut self) -> Result<crate::oid::Oid<'a>, Error> {
        let tlv = self.element(tag::OID)?;
        crate::oid::Oid::from_content(tlv.content).ok_or_else(|| tlv.error(Rule::InvalidOid))
    }

    /// An OCTET STRING's content.
    ///
    /// # Errors
    /// Not an OCTET STRING, or a framing error.
    pub fn octet_string(&mut self) -> Result<Tlv<'a>, Error> {
        self.element(tag::OCTET_STRING)
    }

    /// A BIT STRING.
    ///
    /// # Errors
    /// Not a BIT STRING, or invalid padding (X.690 §11.2).
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn bit_string(&mut self) -> Result<BitString<'a>, Error> {
        let tlv = self.element(tag::BIT_STRING)?;
        BitString::from_tlv(&tlv)
    }

    /// The content of `[n] EXPLICIT`, if present.
    ///
    /// # Errors
    /// A framing error in the element.
    pub fn explicit(&mut self, n: u8) -> Result<Option<Der<'a>>, Error> {
        Ok(self
            .optional(tag::context_constructed(n))?
            .map(|t| t.reader()))
    }
}

/// An INTEGER's content octets (two's complement, big endian, minimal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Integer<'a> {
    /// The content octets as encoded.
    pub bytes: &'a [u8],
}

impl<'a> Integer<'a> {
    /// Checks the content of an INTEGER element.
    ///
    /// # Errors
    /// [`Rule::EmptyInteger`] or [`Rule::NonMinimalInteger`].
    pub fn from_tlv(tlv: &Tlv<'a>) -> Result<Self, Error> {
        match tlv.content {
            [] => Err(tlv.error(Rule::EmptyInteger)),
            [0x00, next, ..] if next & 0x80 == 0 => Err(tlv.error(Rule::NonMinimalInteger)),
            [0xff, next, ..] if next & 0x80 != 0 => Err(tlv.error(Rule::NonMinimalInteger)),
            bytes => Ok(Self { bytes }),
        }
    }

    /// True for a negative value.
    pub fn is_negative(&self) -> bool {
        self.bytes.first().is_some_and(|b| b & 0x80 != 0)
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.bytes == [0]
    }

    /// The magnitude of a non-negative value without its sign octet.
    pub fn unsigned_bytes(&self) -> &'a [u8] {
        match self.bytes {
            [0, rest @ ..] if !rest.is_empty() => rest,
            bytes => bytes,
        }
    }

    /// The value as a `u64`, if it is non-negative and fits.
    pub fn to_u64(&self) -> Option<u64> {
        if self.is_negative() || self.unsigned_bytes().len() > 8 {
            return None;
        }
        Some(
            self.unsigned_bytes()
                .iter()
                .fold(0u64, |v, b| (v << 8) | u64::from(*b)),
        )
    }

    fn range_rule(&self) -> Rule {
        if self.is_negative() {
            Rule::NegativeInteger
        } else {
            Rule::IntegerTooLarge
        }
    }
}

/// A BIT STRING: whole bytes and the unused bits of the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitString<'a> {
    /// The unused bits in the last byte (0..=7).
    pub unused_bits: u8,
    /// The bytes, unused bits zero.
    pub bytes: &'a [u8],
    /// Absolute offset of the element.
    pub offset: usize,
}

impl<'a> BitString<'a> {
    /// Checks the content of a BIT STRING element.
    ///
    /// # Errors
    /// [`Rule::InvalidBitString`].
    pub fn from_tlv(tlv: &Tlv<'a>) -> Result<Self, Error> {
        let Some((&unused_bits, bytes)) = tlv.content.split_first() else {
            return Err(tlv.error(Rule::InvalidBitString));
        };
        let padding_ok = match bytes.last() {
            None => unused_bits == 0,
            Some(last) => unused_bits <= 7 && last & ((1u8 << unused_bits) - 1) == 0,
        };
        if padding_ok {
            Ok(Self {
                unused_bits,
                bytes,
                offset: tlv.offset,
            })
        } else {
            Err(tlv.error(Rule::InvalidBitString))
        }
    }

    /// The bytes of a BIT STRING that must hold whole octets (keys,
    /// signatures).
    ///
    /// # Errors
    /// [`Rule::InvalidBitString`] when there are unused bits.
    pub const fn octets(&self) -> Result<&'a [u8], Error> {
        if self.unused_bits == 0 {
            Ok(self.bytes)
        } else {
            Err(Error::malformed(Rule::InvalidBitString, self.offset))
        }
    }

    /// Bit `n` (0 is the most significant bit of the first byte).
    pub fn bit(&self, n: usize) -> bool {
        self.bytes
            .get(n / 8)
            .is_some_and(|b| b & (0x80 >> (n % 8)) != 0)
    }

    /// Checks a named-bit list is minimal: no trailing zero bits in the
    /// last byte (X.690 §11.2.2).
    ///
    /// # Errors
    /// [`Rule::NonMinimalNamedBits`].
    pub fn require_minimal_named_bits(&self) -> Result<(), Error> {
        match self.bytes.last() {
            Some(0) => Err(Error::malformed(Rule::NonMinimalNamedBits, self.offset)),
            Some(last) if self.unused_bits < 7 && last & (1 << self.unused_bits) == 0 => {
                Err(Error::malformed(Rule::NonMinimalNamedBits, self.offset))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;

    #[test]
    fn x690_10_1_lengths_are_definite_and_minimal() {
        assert!(Der::new(&[0x04, 0x01, 0xaa]).any().is_ok());
        let e = Der::new(&[0x04, 0x81, 0x01, 0xaa]).any().unwrap_err();
        assert_eq!(e.rule(), Some(&Rule::NonMinimalLength));
        let e = Der::new(&[0x04, 0x82, 0x00, 0x81]).any().unwrap_err();
        assert_eq!(e.rule(), Some(&Rule::NonMinimalLength));
        let e = Der::new(&[0x30, 0x80, 0x00, 0x00]).any().unwrap_err();
        assert_eq!(e.rule(), Some(&Rule::IndefiniteLength));
        let e = Der::new(&[0x04, 0x85, 1, 0, 0, 0, 0]).any().unwrap_err();
        assert_eq!(e.rule(), Some(&Rule::LengthTooLarge));
    }

    #[test]
    fn x690_8_1_2_4_high_tag_numbers_are_refused_even_when_cut_short() {
        for bytes in [&[0x1f][..], &[0x3f, 0x81], &[0x9f, 0x01, 0x00]] {
            let e = Der::new(bytes).any().unwrap_err();
            assert_eq!(e.rule(), Some(&Rule::HighTagNumber), "{bytes:02x?}");
            assert_eq!(e.offset(), 0);
        }
    }

    #[test]
    fn truncated_top_level_is_incomplete_but_overrun_inside_is_malformed() {
        let e = Der::new(&[0x30, 0x05, 0x02, 0x01]).any().unwrap_err();
        assert!(e.is_incomplete());
        assert_eq!(e.offset(), 4);
        let mut outer = Der::new(&[0x30, 0x02, 0x02, 0x05]);
        let mut inner = outer.sequence().unwrap();
        let e = inner.integer().unwrap_err();
        assert_eq!(e.rule(), Some(&Rule::ElementOverrun));
    }

    #[test]
    fn x690_8_3_2_integers_are_minimal() {
        for bad in [&[0x02, 0x02, 0x00, 0x01][..], &[0x02, 0x02, 0xff, 0x80]] {
            let e = Der::new(bad).integer().unwrap_err();
            assert_eq!(e.rule(), Some(&Rule::NonMinimalInteger));
        }
        assert_eq!(
            Der::new(&[0x02, 0x00]).integer().unwrap_err().rule(),
            Some(&Rule::EmptyInteger)
        );
        assert_eq!(Der::new(&[0x02, 0x02, 0x00, 0x80]).u64().unwrap(), 128);
        assert_eq!(
            Der::new(&[0x02, 0x01, 0x80]).u64().unwrap_err().rule(),
            Some(&Rule::NegativeInteger)
        );
    }

    #[test]
    fn x690_11_1_and_11_2_booleans_and_bit_strings() {
        assert!(Der::new(&[0x01, 0x01, 0xff]).boolean().unwrap());
        assert_eq!(
            Der::new(&[0x01, 0x01, 0x01]).boolean().unwrap_err().rule(),
            Some(&Rule::InvalidBoolean)
        );
        let bits = Der::new(&[0x03, 0x02, 0x05, 0xa0]).bit_string().unwrap();
        assert!(bits.bit(0) && !bits.bit(1) && bits.bit(2));
        assert!(bits.require_minimal_named_bits().is_ok());
        assert_eq!(
            Der::new(&[0x03, 0x02, 0x01, 0x01])
                .bit_string()
                .unwrap_err()
                .rule(),
            Some(&Rule::InvalidBitString)
        );
        let bits = Der::new(&[0x03, 0x02, 0x04, 0xa0]).bit_string().unwrap();
        assert_eq!(
            bits.require_minimal_named_bits().unwrap_err().rule(),
            Some(&Rule::NonMinimalNamedBits)
        );
    }
}
