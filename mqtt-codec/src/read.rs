//! The data representations of MQTT §1.5, read from untrusted bytes.

use iotm_wire::Reader;

use crate::{Error, Rule, Version};

/// Largest value of a Variable Byte Integer (§1.5.5): 268,435,455.
pub const MAX_VARIABLE_BYTE_INTEGER: u32 = 268_435_455;

/// A cursor over one packet (or the stream) with the MQTT reads on top of
/// [`Reader`]. Offsets in errors are relative to `base`.
#[derive(Clone, Debug)]
pub(crate) struct PacketReader<'a> {
    pub(crate) reader: Reader<'a>,
    pub(crate) base: usize,
    pub(crate) version: Version,
    /// The bytes were checked before (a second pass over a decoded list):
    /// strings skip the MQTT checks; UTF-8 is still proven, for safety.
    pub(crate) trusted: bool,
    /// The input from `text_start` on as a string, when it is valid UTF-8
    /// as a whole: strings are then sliced from it, which proves their
    /// UTF-8 without a pass of their own (a property list is validated
    /// once, not once per string, and read again for free).
    pub(crate) text: Option<&'a str>,
    /// Where `text` starts in the input (CONNECT's starts after its fixed
    /// preamble, whose Connect Flags byte is rarely UTF-8).
    pub(crate) text_start: usize,
}

impl<'a> PacketReader<'a> {
    pub(crate) const fn new(bytes: &'a [u8], base: usize, version: Version) -> Self {
        Self {
            reader: Reader::new(bytes),
            base,
            version,
            trusted: false,
            text: None,
            text_start: 0,
        }
    }

    /// A reader over bytes a decode already checked (see `trusted`).
    pub(crate) const fn trusted(bytes: &'a [u8], version: Version) -> Self {
        Self {
            reader: Reader::new(bytes),
            base: 0,
            version,
            trusted: true,
            text: None,
            text_start: 0,
        }
    }

    /// The input's bytes `start..end` as a slice of `text`, where `text`
    /// covers them.
    pub(crate) fn text_of(&self, start: usize, end: usize) -> Option<&'a str> {
        let from = start.checked_sub(self.text_start)?;
        self.text?.get(from..end - self.text_start)
    }

    /// The absolute offset of the next byte.
    pub(crate) const fn offset(&self) -> usize {
        self.base + self.reader.position()
    }

    pub(crate) fn malformed(&self, rule: Rule) -> Error {
        Error::malformed(rule, self.offset())
    }

    pub(crate) fn malformed_at(&self, rule: Rule, position: usize) -> Error {
        Error::malformed(rule, self.base + position)
    }

    pub(crate) const fn is_empty(&self) -> bool {
        self.reader.is_empty()
    }

    pub(crate) fn u8(&mut self) -> Result<u8, Error> {
        self.reader
            .read_u8()
            .map_err(|e: Error| e.shifted(self.base))
    }

    pub(crate) fn u16(&mut self) -> Result<u16, Error> {
        self.reader
            .read_u16_be()
            .map_err(|e: Error| e.shifted(self.base))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, Error> {
        self.reader
            .read_u32_be()
            .map_err(|e: Error| e.shifted(self.base))
    }

    pub(crate) fn take(&mut self, len: usize) -> Result<&'a [u8], Error> {
        self.reader
            .take(len)
            .map_err(|e: Error| e.shifted(self.base))
    }

    /// The rest of the packet.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let rest = self.reader.remaining();
        self.reader.seek(self.reader.input().len());
        rest
    }

    /// A Variable Byte Integer (§1.5.5).
    pub(crate) fn variable_byte_integer(&mut self) -> Result<u32, Error> {
        let start = self.reader.position();
        let (value, len) = decode_variable_byte_integer(self.reader.remaining(), self.version)
            .map_err(|e| e.shifted(self.base + start))?;
        self.reader.seek(start + len);
        Ok(value)
    }

    /// A packet identifier: two bytes, never zero [MQTT-2.2.1-3].
    pub(crate) fn packet_id(&mut self) -> Result<u16, Error> {
        let start = self.reader.position();
        let id = self.u16()?;
        if id == 0 {
            return Err(self.malformed_at(Rule::ZeroPacketIdentifier, start));
        }
        Ok(id)
    }

    /// Binary Data: a two-byte length and that many bytes (§1.5.6).
    pub(crate) fn binary(&mut self) -> Result<&'a [u8], Error> {
        let len = self.u16()?;
        self.take(usize::from(len))
    }

    /// A UTF-8 Encoded String (§1.5.4): well-formed, no U+0000.
    pub(crate) fn utf8(&mut self) -> Result<&'a str, Error> {
        let bytes = self.binary()?;
        let end = self.reader.position();
        if let Some(text) = self.text_of(end - bytes.len(), end) {
            if self.trusted {
                return Ok(text);
            }
            return match crate::scan::find(bytes, crate::scan::nul_mask) {
                None => Ok(text),
                Some(at) => Err(Error::malformed(
                    Rule::NullCharacter,
                    self.offset() - bytes.len() + at,
                )),
            };
        }
        if self.trusted {
            return core::str::from_utf8(bytes).map_err(|_| self.malformed(Rule::InvalidUtf8));
        }
        let content = self.offset() - bytes.len();
        check_utf8(bytes).map_err(|(rule, at)| Error::malformed(rule, content + at))
    }
}

impl<'a> PacketReader<'a> {
    /// A UTF-8 Encoded String that is a topic name, for PUBLISH: what
    /// [`utf8`](Self::utf8) checks, then no wildcard [MQTT-3.3.2-2] if it is
    /// not empty. A name [`scan::glance_mask`](crate::scan::glance_mask)
    /// leaves unmarked holds neither U+0000 nor a wildcard, which one scan
    /// of two operations a word shows; any other is checked rule by rule,
    /// in the order of the separate checks.
    pub(crate) fn topic_name(&mut self) -> Result<&'a str, Error> {
        let bytes = self.binary()?;
        let end = self.reader.position();
        let at = self.offset() - bytes.len();
        let text = match self.text_of(end - bytes.len(), end) {
            Some(text) => text,
            None => core::str::from_utf8(bytes)
                .map_err(|e| Error::malformed(Rule::InvalidUtf8, at + e.valid_up_to()))?,
        };
        if self.trusted || crate::scan::find(bytes, crate::scan::glance_mask).is_none() {
            return Ok(text);
        }
        if let Some(nul) = crate::scan::find(bytes, crate::scan::nul_mask) {
            return Err(Error::malformed(Rule::NullCharacter, at + nul));
        }
        crate::topic::check_topic_name(text)
            .map_err(|(rule, wildcard)| Error::malformed(rule, at + wildcard))?;
        Ok(text)
    }
}

/// Checks MQTT's UTF-8 rules; on failure, the rule and the offset in `bytes`.
pub(crate) fn check_utf8(bytes: &[u8]) -> Result<&str, (Rule, usize)> {
    // Rust's UTF-8 validation already refuses surrogates and overlong forms.
    let text = core::str::from_utf8(bytes).map_err(|e| (Rule::InvalidUtf8, e.valid_up_to()))?;
    match crate::scan::find(bytes, crate::scan::nul_mask) {
        None => Ok(text),
        Some(at) => Err((Rule::NullCharacter, at)),
    }
}

/// Decodes a Variable Byte Integer at the start of `bytes`: its value and
/// length. Errors are relative to `bytes`. MQTT 5.0 demands the shortest form
/// [MQTT-1.5.5-1]; 3.1.1 does not, and this codec accepts both there.
///
/// # Errors
/// `Incomplete` while the last byte has its continuation bit set;
/// `VariableByteIntegerTooLong` past four bytes; `VariableByteIntegerNotMinimal` (5.0).
pub fn decode_variable_byte_integer(bytes: &[u8], version: Version) -> Result<(u32, usize), Error> {
    let mut value = 0u32;
    for (index, &byte) in bytes.iter().take(4).enumerate() {
        let shift = 7 * u32::try_from(index).unwrap_or(0);
        value |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            let len = index + 1;
            if version.is_v5() && len > 1 && byte == 0 {
                return Err(Error::malformed(Rule::VariableByteIntegerNotMinimal, 0));
            }
            return Ok((value, len));
        }
    }
    if bytes.len() >= 4 {
        Err(Error::malformed(Rule::VariableByteIntegerTooLong, 0))
    } else {
        Err(Error::incomplete(1, bytes.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iotm_wire::ErrorKind;

    #[test]
    fn mqtt_1_5_5_variable_byte_integer_boundaries() {
        let cases: [(&[u8], u32); 8] = [
            (&[0x00], 0),
            (&[0x7f], 127),
            (&[0x80, 0x01], 128),
            (&[0xff, 0x7f], 16_383),
            (&[0x80, 0x80, 0x01], 16_384),
            (&[0xff, 0xff, 0x7f], 2_097_151),
            (&[0x80, 0x80, 0x80, 0x01], 2_097_152),
            (&[0xff, 0xff, 0xff, 0x7f], MAX_VARIABLE_BYTE_INTEGER),
        ];
        for (bytes, value) in cases {
            assert_eq!(
                decode_variable_byte_integer(bytes, Version::V5).unwrap(),
                (value, bytes.len())
            );
        }
    }

    #[test]
    fn mqtt_1_5_5_at_most_four_bytes() {
        let e =
            decode_variable_byte_integer(&[0xff, 0xff, 0xff, 0xff, 0x01], Version::V5).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Malformed(Rule::VariableByteIntegerTooLong)
        );
    }

    #[test]
    fn mqtt_1_5_5_1_minimum_bytes_in_v5_only() {
        let e = decode_variable_byte_integer(&[0x80, 0x00], Version::V5).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Malformed(Rule::VariableByteIntegerNotMinimal)
        );
        assert_eq!(
            decode_variable_byte_integer(&[0x80, 0x00], Version::V3_1_1).unwrap(),
            (0, 2)
        );
    }

    #[test]
    fn truncated_variable_byte_integer_is_incomplete() {
        let e = decode_variable_byte_integer(&[0x80, 0x80], Version::V5).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Incomplete { needed: 1 }, 2)
        );
    }

    #[test]
    fn mqtt_1_5_4_utf8_rules() {
        assert_eq!(check_utf8(b"a/b"), Ok("a/b"));
        assert_eq!(check_utf8(b"a\0b"), Err((Rule::NullCharacter, 1)));
        // U+D800 encoded as if it were a character: a surrogate.
        assert_eq!(
            check_utf8(&[b'a', 0xed, 0xa0, 0x80]),
            Err((Rule::InvalidUtf8, 1))
        );
        assert_eq!(check_utf8(&[0xc0, 0x80]), Err((Rule::InvalidUtf8, 0)));
    }
}
