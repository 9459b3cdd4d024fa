//! The data representations of MQTT §1.5, written into a caller's slice.
//! Lengths that do not fit their field are errors, never truncations.

use iotm_wire::EncodeError;

use crate::read::MAX_VARIABLE_BYTE_INTEGER;
use crate::scan;

/// Bytes in a machine word, the unit of [`scan`]'s loads.
const WORD: usize = core::mem::size_of::<usize>();

/// Writes MQTT's data representations into a slice sized beforehand to the
/// packet's exact length (`Packet::encode` computes it first and refuses a
/// short buffer). Each write therefore fits, and the writes need no error
/// path of their own, which keeps the encode loop branch-light; should a
/// write ever not fit, [`finish`](Self::finish) says so instead of returning
/// a truncated packet.
/// The two-byte length of a string or binary field of `len` bytes.
pub(crate) fn length_prefix(len: usize) -> Result<u16, EncodeError> {
    u16::try_from(len).map_err(|_| EncodeError::ValueTooLarge {
        field: "MQTT string or binary data",
        max: 65_535,
    })
}

#[derive(Debug)]
pub(crate) struct Writer<'b> {
    /// The part not yet written.
    rest: &'b mut [u8],
    /// A write did not fit (the sizing and the writing disagreed).
    overflow: bool,
}

impl<'b> Writer<'b> {
    /// A writer filling all of `buf`.
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Self {
            rest: buf,
            overflow: false,
        }
    }

    /// Moves the writer out, leaving one with nothing left to fill: for a
    /// loop that works on its own copy (kept in registers), put back after.
    pub(crate) fn take(&mut self) -> Self {
        Self {
            rest: core::mem::take(&mut self.rest),
            overflow: self.overflow,
        }
    }

    /// Checks that exactly the sized length was written.
    pub(crate) fn finish(self) -> Result<(), EncodeError> {
        if self.overflow || !self.rest.is_empty() {
            return Err(EncodeError::Invalid {
                rule: "internal: the packet's size and its encoding disagree",
            });
        }
        Ok(())
    }

    #[inline]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.put(bytes);
        Ok(())
    }

    /// Copies `bytes`. The `put` writes cannot fail: a write that does not
    /// fit marks the overflow that [`finish`](Self::finish) reports, so a
    /// loop of them has no error path per write.
    #[inline]
    pub(crate) fn put(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            // No call to the copy for nothing (an empty payload).
            return;
        }
        match core::mem::take(&mut self.rest).split_at_mut_checked(bytes.len()) {
            Some((dst, rest)) => {
                scan::copy(dst, bytes);
                self.rest = rest;
            }
            None => self.overflow = true,
        }
    }

    /// `N` bytes: a fixed-size copy, stores in place wherever it is inlined.
    #[inline]
    pub(crate) fn put_array<const N: usize>(&mut self, value: [u8; N]) {
        match core::mem::take(&mut self.rest).split_first_chunk_mut::<N>() {
            Some((dst, rest)) => {
                *dst = value;
                self.rest = rest;
            }
            None => self.overflow = true,
        }
    }

    #[inline]
    pub(crate) fn u8(&mut self, value: u8) -> Result<(), EncodeError> {
        self.put_array([value]);
        Ok(())
    }

    #[inline]
    pub(crate) fn u16(&mut self, value: u16) -> Result<(), EncodeError> {
        self.put_array(value.to_be_bytes());
        Ok(())
    }

    /// A Variable Byte Integer the caller checked is at most 268,435,455
    /// (a larger one marks the overflow).
    #[inline]
    pub(crate) fn put_variable_byte_integer(&mut self, value: u32) {
        if self.variable_byte_integer(value).is_err() {
            self.overflow = true;
        }
    }

    /// A string or binary field the caller checked fits a two-byte length
    /// (a longer one marks the overflow), scanned while it is copied:
    /// `true` if `mask` marks one of its bytes (in one pass over a long one
    /// too).
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub(crate) fn put_prefixed_marked(
        &mut self,
        bytes: &[u8],
        mask: impl Fn(usize) -> usize,
    ) -> bool {
        self.put_prefixed_marks(bytes, mask) != 0
    }

    /// [`put_prefixed_marked`](Self::put_prefixed_marked), giving a word
    /// that is non-zero if `mask` marks a byte: a caller writing many
    /// strings ORs the words and tests once.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub(crate) fn put_prefixed_marks(
        &mut self,
        bytes: &[u8],
        mask: impl Fn(usize) -> usize,
    ) -> usize {
        if let Some(marks) = self.put_small(bytes, &mask) {
            return marks;
        }
        usize::from(self.put_length(bytes.len()) && self.bytes_find(bytes, mask).is_some())
    }

    /// The two-byte length of a field; `false` (and the overflow marked)
    /// for a length that does not fit.
    #[inline]
    fn put_length(&mut self, len: usize) -> bool {
        let Ok(prefix) = u16::try_from(len) else {
            self.overflow = true;
            return false;
        };
        self.put_array(prefix.to_be_bytes());
        true
    }

    /// [`put_prefixed_marked`](Self::put_prefixed_marked) for a field of up
    /// to four words (most strings a packet carries), copied and scanned by
    /// [`scan::copy_small_marks`] in registers. `None`, with nothing
    /// written, for any other field or one that does not fit.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn put_small(&mut self, bytes: &[u8], mask: impl Fn(usize) -> usize) -> Option<usize> {
        let len = bytes.len();
        // Bare-metal targets keep the flash: the general copy, a word at a
        // time, serves every field there.
        if cfg!(target_os = "none") || len > 4 * WORD || self.rest.len() < 2 + len {
            return None;
        }
        let rest = core::mem::take(&mut self.rest);
        let Some((field, rest)) = rest.split_at_mut_checked(2 + len) else {
            // Not reached: the room was checked. Should it be, `finish` says so.
            self.overflow = true;
            return Some(0);
        };
        self.rest = rest;
        let Some((length, body)) = field.split_first_chunk_mut::<2>() else {
            self.overflow = true;
            return Some(0);
        };
        // At most four words: the length fits its two bytes.
        *length = u16::try_from(len).unwrap_or(0).to_be_bytes();
        Some(scan::copy_small_marks(body, bytes, mask))
    }

    /// A string or binary field the caller checked fits a two-byte length
    /// (a longer one marks the overflow), written as
    /// [`put_prefixed_marked`](Self::put_prefixed_marked) does.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub(crate) fn put_prefixed(&mut self, bytes: &[u8]) {
        self.put_prefixed_marked(bytes, |_| 0);
    }

    /// A Variable Byte Integer in its shortest form: one byte inline (most
    /// lengths are below 128), longer ones by [`Self::long_variable_byte_integer`].
    #[inline]
    pub(crate) fn variable_byte_integer(&mut self, value: u32) -> Result<(), EncodeError> {
        match u8::try_from(value) {
            Ok(byte) if byte < 0x80 => self.u8(byte),
            _ => self.long_variable_byte_integer(value),
        }
    }

    /// A Variable Byte Integer a byte at a time: no copy of a variable
    /// length (a `memmove` call) for one to four bytes. Inlined on hosts: a
    /// call would need the writer in memory, and a walk that writes one
    /// (a Subscription Identifier) then keeps it there throughout.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn long_variable_byte_integer(&mut self, value: u32) -> Result<(), EncodeError> {
        if value > MAX_VARIABLE_BYTE_INTEGER {
            return Err(too_large_variable_byte_integer());
        }
        let mut rest = value;
        // At most four rounds: the value is below 2^28.
        for _ in 0..4 {
            let low = u8::try_from(rest & 0x7f).unwrap_or(0);
            rest >>= 7;
            if rest == 0 {
                return self.u8(low);
            }
            self.u8(low | 0x80)?;
        }
        Ok(())
    }

    /// Copies `bytes` as [`bytes`](Self::bytes) does and returns the first
    /// byte `mask` marks in them (see [`scan::copy_find`]): a string checked
    /// and written in one pass.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub(crate) fn bytes_find(
        &mut self,
        bytes: &[u8],
        mask: impl Fn(usize) -> usize,
    ) -> Option<usize> {
        match core::mem::take(&mut self.rest).split_at_mut_checked(bytes.len()) {
            Some((dst, rest)) => {
                self.rest = rest;
                scan::copy_find(dst, bytes, mask)
            }
            None => {
                self.overflow = true;
                scan::find(bytes, mask)
            }
        }
    }

    /// Binary Data: two-byte length, then the bytes.
    pub(crate) fn binary(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.u16(length_prefix(bytes.len())?)?;
        self.bytes(bytes)
    }

    /// A UTF-8 Encoded String. The caller checked MQTT's rules.
    pub(crate) fn utf8(&mut self, text: &str) -> Result<(), EncodeError> {
        self.binary(text.as_bytes())
    }
}

/// Encodes `value` as a Variable Byte Integer into `out`, returning its length.
///
/// # Errors
/// [`EncodeError::ValueTooLarge`] above 268,435,455.
pub fn encode_variable_byte_integer(value: u32, out: &mut [u8; 4]) -> Result<usize, EncodeError> {
    if value > MAX_VARIABLE_BYTE_INTEGER {
        return Err(too_large_variable_byte_integer());
    }
    let mut rest = value;
    for (index, slot) in out.iter_mut().enumerate() {
        let low = u8::try_from(rest & 0x7f).unwrap_or(0);
        rest >>= 7;
        if rest == 0 {
            *slot = low;
            return Ok(index + 1);
        }
        *slot = low | 0x80;
    }
    // Unreachable: values up to 2^28 - 1 take at most four bytes.
    Ok(4)
}

const fn too_large_variable_byte_integer() -> EncodeError {
    EncodeError::ValueTooLarge {
        field: "Variable Byte Integer",
        max: MAX_VARIABLE_BYTE_INTEGER as u64,
    }
}

/// The length of `value` as a Variable Byte Integer (1–4).
pub(crate) const fn variable_byte_integer_len(value: u32) -> usize {
    match value {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        _ => 4,
    }
}

/// A packet's body length as its Remaining Length: a checked `u32`.
pub(crate) fn remaining_length(body: usize) -> Result<u32, EncodeError> {
    u32::try_from(body)
        .ok()
        .filter(|len| *len <= MAX_VARIABLE_BYTE_INTEGER)
        .ok_or(EncodeError::ValueTooLarge {
            field: "Remaining Length",
            max: MAX_VARIABLE_BYTE_INTEGER as u64,
        })
}

/// Bytes a string or binary field takes on the wire: two-byte length plus content.
pub(crate) const fn binary_len(len: usize) -> usize {
    2 + len
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Version, read::decode_variable_byte_integer};

    /// Each length's first and last value of a Variable Byte Integer.
    pub(crate) const VARIABLE_BYTE_INTEGER_BOUNDARIES: [u32; 8] = [
        0,
        127,
        128,
        16_383,
        16_384,
        2_097_151,
        2_097_152,
        MAX_VARIABLE_BYTE_INTEGER,
    ];

    #[test]
    fn variable_byte_integer_round_trips_at_every_boundary() {
        for value in VARIABLE_BYTE_INTEGER_BOUNDARIES {
            let mut out = [0u8; 4];
            let len = encode_variable_byte_integer(value, &mut out).unwrap();
            assert_eq!(len, variable_byte_integer_len(value));
            assert_eq!(
                decode_variable_byte_integer(&out[..len], Version::V5).unwrap(),
                (value, len)
            );
        }
    }

    #[test]
    fn too_large_values_are_refused() {
        let mut out = [0u8; 4];
        assert!(encode_variable_byte_integer(MAX_VARIABLE_BYTE_INTEGER + 1, &mut out).is_err());
        let mut buf = [0u8; 70_002];
        let long = [0u8; 70_000];
        assert!(matches!(
            Writer::new(&mut buf).binary(&long),
            Err(EncodeError::ValueTooLarge { .. })
        ));
    }

    #[test]
    fn prefixed_strings_are_written_and_scanned_at_every_length_and_room() {
        // Past four words, where the small-field path ends.
        let text = b"abcdefgh/ijklmnop/qrstuvwx/yzABCDEF/GHIJ";
        let nul: fn(usize) -> usize = scan::nul_mask;
        let masks = [
            (0, nul),
            (b'+', scan::glance_mask),
            (b' ', scan::glance_mask),
        ];
        for len in 0..=text.len() {
            // Tight (the string then the end), and roomy (one word after it
            // or more).
            for after in [0, 1, WORD, 2 * WORD + 2] {
                for (byte, mask) in masks {
                    for marked_at in (0..len).map(Some).chain([None]) {
                        let mut src = *text;
                        if let Some(at) = marked_at {
                            src[at] = byte;
                        }
                        let src = &src[..len];
                        let mut whole = [0xeeu8; 64];
                        let buf = &mut whole[..2 + len + after];
                        let mut w = Writer::new(buf);
                        let marks = w.put_prefixed_marks(src, mask);
                        w.put(&[0x55; 64][..after]);
                        w.finish().unwrap();
                        let case = (len, after, byte, marked_at);
                        assert_eq!(marks != 0, marked_at.is_some(), "{case:?}");
                        assert_eq!(buf[..2], u16::try_from(len).unwrap().to_be_bytes());
                        assert_eq!(buf[2..2 + len], *src, "{case:?}");
                        assert!(buf[2 + len..].iter().all(|b| *b == 0x55), "{case:?}");
                        // Nothing written past the buffer given.
                        assert!(whole[2 + len + after..].iter().all(|b| *b == 0xee));
                    }
                }
            }
        }
    }

    #[test]
    fn a_put_that_cannot_be_written_is_reported_by_finish() {
        let long = [b'a'; 70_000];
        let mut buf = [0u8; 8];
        let mut w = Writer::new(&mut buf);
        w.put_prefixed(&long);
        assert!(w.finish().is_err());
        let mut w = Writer::new(&mut buf);
        w.put_variable_byte_integer(MAX_VARIABLE_BYTE_INTEGER + 1);
        assert!(w.finish().is_err());
    }
}
