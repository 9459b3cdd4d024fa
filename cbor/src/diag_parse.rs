//! Diagnostic notation to CBOR (RFC 8949 §8, RFC 8610 Appendix G): the
//! inverse of [`Diagnostic`](crate::Diagnostic), for writing test inputs and
//! manifests by hand.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::float::{f64_to_f16_exact, f64_to_f32_exact};
use crate::head::Width;
use crate::{EncodeError, Encoder, Major};

/// Nesting the parser accepts; deeper text is refused, not a stack overflow.
const MAX_NESTING: usize = 256;

/// Why a diagnostic-notation text does not parse, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiagError {
    /// Byte offset in the text.
    pub offset: usize,
    /// What was wrong there.
    pub message: &'static str,
}

impl fmt::Display for DiagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "diagnostic notation, at character {}: {}",
            self.offset, self.message
        )
    }
}

impl core::error::Error for DiagError {}

/// Parses diagnostic notation into CBOR bytes. Several items, separated by
/// commas or white space, make a CBOR sequence (RFC 8742).
///
/// Understood: integers (also `0x`, `0o`, `0b`), floats, `Infinity`, `NaN`,
/// `true`, `false`, `null`, `undefined`, `simple(n)`, `h'…'` and `b64'…'`
/// byte strings, `'…'` byte strings from text, `"…"` JSON text strings,
/// arrays, maps, tags `n(…)`, indefinite lengths (`[_ …]`, `{_ …}`,
/// `(_ …)`, `''_`, `""_`), encoding indicators `_0`–`_3` and
/// `<< … >>` embedded CBOR, and `/ comments /`.
///
/// ```
/// use iotm_cbor::parse_diagnostic;
///
/// assert_eq!(parse_diagnostic(r#"{"a": 1, "b": [2, 3]}"#)?, [0xa2, 0x61, 0x61, 0x01, 0x61, 0x62, 0x82, 0x02, 0x03]);
/// assert_eq!(parse_diagnostic("24(<<1, 2>>)")?, [0xd8, 0x18, 0x42, 0x01, 0x02]);
/// assert_eq!(parse_diagnostic("1_1")?, [0x19, 0x00, 0x01]);
/// # Ok::<(), iotm_cbor::DiagError>(())
/// ```
///
/// # Errors
/// [`DiagError`] with the offset and what was expected.
pub fn parse_diagnostic(text: &str) -> core::result::Result<Vec<u8>, DiagError> {
    let mut parser = Parser {
        text: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let mut out = Vec::new();
    parser.sequence(&mut out, None)?;
    Ok(out)
}

struct Parser<'t> {
    text: &'t [u8],
    pos: usize,
    depth: usize,
}

type Result<T> = core::result::Result<T, DiagError>;

fn encoded(
    result: core::result::Result<&mut Encoder<&mut Vec<u8>>, EncodeError>,
) -> core::result::Result<(), &'static str> {
    result.map(|_| ()).map_err(|e| match e {
        EncodeError::Invalid { rule } => rule,
        _ => "value does not fit its encoding",
    })
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> DiagError {
        DiagError {
            offset: self.pos,
            message,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        self.text
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(s.as_bytes()))
    }

    fn skip_space(&mut self) -> Result<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') => {
                    let start = self.pos;
                    self.pos += 1;
                    while self.peek().is_some_and(|c| c != b'/') {
                        self.pos += 1;
                    }
                    if self.peek().is_none() {
                        self.pos = start;
                        return Err(self.error("unterminated comment"));
                    }
                    self.pos += 1;
                }
                Some(b'#') => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn consume(&mut self, c: u8, message: &'static str) -> Result<()> {
        self.skip_space()?;
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    /// Items separated by commas until `close` (or the end of the text).
    fn sequence(&mut self, out: &mut Vec<u8>, close: Option<&str>) -> Result<u64> {
        let mut count = 0u64;
        loop {
            self.skip_space()?;
            match close {
                Some(close) if self.starts_with(close) => {
                    self.pos += close.len();
                    return Ok(count);
                }
                None if self.peek().is_none() => return Ok(count),
                _ => {}
            }
            if count > 0 {
                if self.peek() == Some(b',') {
                    self.pos += 1;
                    self.skip_space()?;
                } else if close.is_some() {
                    return Err(self.error("expected ',' or the closing bracket"));
                }
            }
            if self.peek().is_none() {
                return Err(self.error("unexpected end of text"));
            }
            self.item(out)?;
            count += 1;
        }
    }

    fn item(&mut self, out: &mut Vec<u8>) -> Result<()> {
        self.skip_space()?;
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error("nesting too deep"));
        }
        let result = self.item_inner(out);
        self.depth -= 1;
        result
    }

    fn item_inner(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let start = self.pos;
        match self.peek() {
            Some(b'[') => {
                self.pos += 1;
                self.container(out, Major::Array, "]")
            }
            Some(b'{') => {
                self.pos += 1;
                self.container(out, Major::Map, "}")
            }
            Some(b'(') => self.indefinite_string(out),
            Some(b'"') => {
                let text = self.json_string()?;
                self.string_with_indicator(out, Major::Text, text.as_bytes())
            }
            Some(b'\'') => {
                let text = self.single_quoted()?;
                self.string_with_indicator(out, Major::Bytes, text.as_bytes())
            }
            Some(b'<') if self.starts_with("<<") => {
                self.pos += 2;
                let mut inner = Vec::new();
                self.sequence(&mut inner, Some(">>"))?;
                self.string_with_indicator(out, Major::Bytes, &inner)
            }
            Some(b'h') if self.starts_with("h'") => {
                self.pos += 2;
                let bytes = self.hex_bytes()?;
                self.string_with_indicator(out, Major::Bytes, &bytes)
            }
            Some(b'b') if self.starts_with("b64'") => {
                self.pos += 4;
                let bytes = self.base64_bytes()?;
                self.string_with_indicator(out, Major::Bytes, &bytes)
            }
            Some(b'0'..=b'9' | b'-' | b'+') | Some(b'I' | b'N') => self.number(out),
            Some(b'a'..=b'z') => self.word(out),
            _ => {
                self.pos = start;
                Err(self.error("expected a data item"))
            }
        }
    }

    fn word(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
            self.pos += 1;
        }
        let word = self.text.get(start..self.pos).unwrap_or_default();
        let mut e = Encoder::new(out);
        let result = match word {
            b"true" => encoded(e.bool(true)),
            b"false" => encoded(e.bool(false)),
            b"null" => encoded(e.null()),
            b"undefined" => encoded(e.undefined()),
            b"simple" => {
                self.consume(b'(', "expected '(' after simple")?;
                self.skip_space()?;
                let value = self.unsigned()?;
                self.consume(b')', "expected ')'")?;
                let value =
                    u8::try_from(value).map_err(|_| self.error("simple value above 255"))?;
                encoded(e.simple(value))
            }
            _ => {
                self.pos = start;
                return Err(self.error("unknown word"));
            }
        };
        result.map_err(|m| DiagError {
            offset: start,
            message: m,
        })
    }

    /// An encoding indicator `_0`…`_3` right after an item, if any.
    fn indicator(&mut self) -> Option<Width> {
        if self.peek() != Some(b'_') {
            return None;
        }
        let width = match self.text.get(self.pos + 1) {
            Some(b'0') => Width::One,
            Some(b'1') => Width::Two,
            Some(b'2') => Width::Four,
            Some(b'3') => Width::Eight,
            _ => return None,
        };
        self.pos += 2;
        Some(width)
    }

    fn head(
        &mut self,
        out: &mut Vec<u8>,
        major: Major,
        arg: u64,
        width: Option<Width>,
        at: usize,
    ) -> Result<()> {
        let width = width.unwrap_or(Width::preferred(arg));
        encoded(Encoder::new(out).head_with_width(major, arg, width)).map_err(|_| DiagError {
            offset: at,
            message: "value does not fit the encoding indicator",
        })
    }

    fn string_with_indicator(
        &mut self,
        out: &mut Vec<u8>,
        major: Major,
        content: &[u8],
    ) -> Result<()> {
        let at = self.pos;
        if major != Major::Array
            && self.peek() == Some(b'_')
            && self
                .text
                .get(self.pos + 1)
                .is_none_or(|c| !c.is_ascii_digit())
        {
            // ''_ or ""_: an empty indefinite-length string.
            if !content.is_empty() {
                return Err(
                    self.error("only an empty string can be written as indefinite with '_'")
                );
            }
            self.pos += 1;
            encoded(Encoder::new(&mut *out).head_with_width(major, 0, Width::Indefinite)).map_err(
                |m| DiagError {
                    offset: at,
                    message: m,
                },
            )?;
            out.push(crate::head::BREAK);
            return Ok(());
        }
        let width = self.indicator();
        let len = u64::try_from(content.len()).unwrap_or(u64::MAX);
        self.head(out, major, len, width, at)?;
        out.extend_from_slice(content);
        Ok(())
    }

    fn container(&mut self, out: &mut Vec<u8>, major: Major, close: &str) -> Result<()> {
        let at = self.pos;
        let indefinite = self.peek() == Some(b'_')
            && self
                .text
                .get(self.pos + 1)
                .is_none_or(|c| !c.is_ascii_digit());
        let width = if indefinite {
            self.pos += 1;
            None
        } else {
            self.indicator()
        };
        let mut content = Vec::new();
        let count = if major == Major::Map {
            self.map_entries(&mut content, close)?
        } else {
            self.sequence(&mut content, Some(close))?
        };
        if indefinite {
            encoded(Encoder::new(&mut *out).head_with_width(major, 0, Width::Indefinite)).map_err(
                |m| DiagError {
                    offset: at,
                    message: m,
                },
            )?;
            out.extend_from_slice(&content);
            out.push(crate::head::BREAK);
        } else {
            self.head(out, major, count, width, at)?;
            out.extend_from_slice(&content);
        }
        Ok(())
    }

    fn map_entries(&mut self, out: &mut Vec<u8>, close: &str) -> Result<u64> {
        let mut count = 0u64;
        loop {
            self.skip_space()?;
            if self.starts_with(close) {
                self.pos += close.len();
                return Ok(count);
            }
            if count > 0 {
                self.consume(b',', "expected ',' or '}'")?;
            }
            self.item(out)?;
            self.consume(b':', "expected ':' after a map key")?;
            self.item(out)?;
            count += 1;
        }
    }

    /// `(_ chunk, chunk)`: an indefinite-length string.
    fn indefinite_string(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let at = self.pos;
        if !self.starts_with("(_") {
            return Err(self.error("expected '(_' to start an indefinite-length string"));
        }
        self.pos += 2;
        let mut content = Vec::new();
        self.sequence(&mut content, Some(")"))?;
        let major = match content.first() {
            Some(byte) => Major::of_initial_byte(*byte),
            None => {
                return Err(DiagError {
                    offset: at,
                    message: "an indefinite-length string needs a chunk; write ''_ or \"\"_",
                });
            }
        };
        if !matches!(major, Major::Bytes | Major::Text) {
            return Err(DiagError {
                offset: at,
                message: "chunks of an indefinite-length string must be strings",
            });
        }
        // The chunks must all be definite strings of one major type (RFC 8949 §3.2.3).
        let mut check = crate::Decoder::new(&content);
        while !check.is_empty() {
            let ok = match major {
                Major::Text => check.str().is_ok(),
                _ => check.bytes().is_ok(),
            };
            if !ok {
                return Err(DiagError {
                    offset: at,
                    message: "chunks must be definite strings of one type",
                });
            }
        }
        encoded(Encoder::new(&mut *out).head_with_width(major, 0, Width::Indefinite)).map_err(
            |m| DiagError {
                offset: at,
                message: m,
            },
        )?;
        out.extend_from_slice(&content);
        out.push(crate::head::BREAK);
        Ok(())
    }

    fn unsigned(&mut self) -> Result<u64> {
        let start = self.pos;
        let value = self.unsigned_wide()?;
        u64::try_from(value).map_err(|_| DiagError {
            offset: start,
            message: "expected an unsigned integer up to 2^64-1",
        })
    }

    /// An unsigned literal up to 2^128-1; beyond 64 bits it becomes a bignum.
    fn unsigned_wide(&mut self) -> Result<u128> {
        let start = self.pos;
        let (radix, prefix) = if self.starts_with("0x") {
            (16, 2)
        } else if self.starts_with("0o") {
            (8, 2)
        } else if self.starts_with("0b") {
            (2, 2)
        } else {
            (10, 0)
        };
        self.pos += prefix;
        let digits_start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() && char::from(c).is_digit(radix))
        {
            self.pos += 1;
        }
        let digits = self
            .text
            .get(digits_start..self.pos)
            .and_then(|d| core::str::from_utf8(d).ok())
            .unwrap_or_default();
        u128::from_str_radix(digits, radix).map_err(|_| DiagError {
            offset: start,
            message: "expected an unsigned integer up to 2^128-1",
        })
    }

    /// Tag 2 or 3 around the shortest big-endian bytes of `magnitude`
    /// (RFC 8949 §3.4.3), for integers outside the 64-bit range.
    fn bignum(out: &mut Vec<u8>, tag: u64, magnitude: u128) {
        let be = magnitude.to_be_bytes();
        let skip = be.iter().take_while(|b| **b == 0).count();
        let mut e = Encoder::new(out);
        // Writing to a Vec cannot fail.
        let _ = e
            .tag(tag)
            .and_then(|e| e.bytes(be.get(skip..).unwrap_or_default()));
    }

    fn number(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative || self.peek() == Some(b'+') {
            self.pos += 1;
        }
        if self.starts_with("Infinity") {
            self.pos += "Infinity".len();
            let value = if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            return self.float(out, value, start);
        }
        if self.starts_with("NaN") {
            self.pos += 3;
            return self.float(out, f64::NAN, start);
        }
        let is_float = {
            let mut end = self.pos;
            while self.text.get(end).is_some_and(|c| c.is_ascii_digit()) {
                end += 1;
            }
            matches!(self.text.get(end), Some(b'.' | b'e' | b'E')) && !self.starts_with("0x")
        };
        if is_float {
            while self
                .peek()
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E'))
            {
                let was_e = matches!(self.peek(), Some(b'e' | b'E'));
                self.pos += 1;
                if was_e && matches!(self.peek(), Some(b'+' | b'-')) {
                    self.pos += 1;
                }
            }
            let literal = self
                .text
                .get(start..self.pos)
                .and_then(|d| core::str::from_utf8(d).ok())
                .unwrap_or_default();
            let value: f64 = literal.parse().map_err(|_| DiagError {
                offset: start,
                message: "malformed number",
            })?;
            return self.float(out, value, start);
        }
        let magnitude = self.unsigned_wide()?;
        let width = self.indicator();
        let Ok(magnitude) = u64::try_from(magnitude) else {
            if negative && magnitude - 1 == u128::from(u64::MAX) {
                // -2^64 is still major type 1.
                return self.head(out, Major::Negative, u64::MAX, width, start);
            }
            if width.is_some() {
                return Err(DiagError {
                    offset: start,
                    message: "integer too large for an encoding indicator",
                });
            }
            if negative {
                Self::bignum(out, 3, magnitude - 1);
            } else {
                Self::bignum(out, 2, magnitude);
            }
            return Ok(());
        };
        self.skip_space()?;
        if self.peek() == Some(b'(') {
            if negative {
                return Err(DiagError {
                    offset: start,
                    message: "a tag number cannot be negative",
                });
            }
            self.pos += 1;
            self.head(out, Major::Tag, magnitude, width, start)?;
            self.item(out)?;
            return self.consume(b')', "expected ')' to close the tag");
        }
        if negative {
            let arg = magnitude.checked_sub(1).ok_or(DiagError {
                offset: start,
                message: "-0 is not an integer; write -0.0",
            })?;
            self.head(out, Major::Negative, arg, width, start)
        } else {
            self.head(out, Major::Unsigned, magnitude, width, start)
        }
    }

    fn float(&mut self, out: &mut Vec<u8>, value: f64, start: usize) -> Result<()> {
        let mut e = Encoder::new(out);
        let inexact = DiagError {
            offset: start,
            message: "float not exact in the width of its encoding indicator",
        };
        let result = match self.indicator() {
            None => e.f64(value),
            Some(Width::Two) if value.is_nan() => e.f16_bits(0x7e00),
            Some(Width::Two) => e.f16_bits(f64_to_f16_exact(value).ok_or(inexact.clone())?),
            Some(Width::Four) if value.is_nan() => e.f32_exact(f32::NAN),
            Some(Width::Four) => e.f32_exact(f64_to_f32_exact(value).ok_or(inexact)?),
            Some(Width::Eight) => e.f64_exact(value),
            Some(_) => {
                return Err(DiagError {
                    offset: start,
                    message: "a float takes the indicators _1, _2 or _3",
                });
            }
        };
        encoded(result).map_err(|m| DiagError {
            offset: start,
            message: m,
        })
    }

    fn json_string(&mut self) -> Result<String> {
        self.pos += 1;
        let mut s = String::new();
        loop {
            let at = self.pos;
            let rest = self.text.get(self.pos..).unwrap_or_default();
            let c = core::str::from_utf8(rest)
                .ok()
                .and_then(|r| r.chars().next())
                .or_else(|| {
                    rest.utf8_chunks()
                        .next()
                        .and_then(|ch| ch.valid().chars().next())
                })
                .ok_or(self.error("unterminated text string"))?;
            self.pos += c.len_utf8();
            match c {
                '"' => return Ok(s),
                '\\' => {
                    let escaped = self.peek().ok_or(self.error("unterminated escape"))?;
                    self.pos += 1;
                    match escaped {
                        b'"' => s.push('"'),
                        b'\\' => s.push('\\'),
                        b'/' => s.push('/'),
                        b'b' => s.push('\u{8}'),
                        b'f' => s.push('\u{c}'),
                        b'n' => s.push('\n'),
                        b'r' => s.push('\r'),
                        b't' => s.push('\t'),
                        b'u' => s.push(self.unicode_escape(at)?),
                        _ => {
                            return Err(DiagError {
                                offset: at,
                                message: "unknown escape",
                            });
                        }
                    }
                }
                c => s.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u16> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        let value = u16::from_str_radix(core::str::from_utf8(digits).ok()?, 16).ok()?;
        self.pos += 4;
        Some(value)
    }

    fn unicode_escape(&mut self, at: usize) -> Result<char> {
        let bad = DiagError {
            offset: at,
            message: "bad \\u escape",
        };
        let high = self.hex4().ok_or(bad.clone())?;
        if (0xd800..0xdc00).contains(&high) {
            if !self.starts_with("\\u") {
                return Err(DiagError {
                    offset: at,
                    message: "lone surrogate in \\u escape",
                });
            }
            self.pos += 2;
            let low = self.hex4().ok_or(bad.clone())?;
            let mut decoded = char::decode_utf16([high, low]);
            return decoded.next().and_then(core::result::Result::ok).ok_or(bad);
        }
        char::from_u32(u32::from(high)).ok_or(bad)
    }

    fn single_quoted(&mut self) -> Result<String> {
        self.pos += 1;
        let start = self.pos;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(DiagError {
                        offset: start,
                        message: "unterminated '...' string",
                    });
                }
                Some(b'\'') => {
                    self.pos += 1;
                    return Ok(s);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.peek().ok_or(self.error("unterminated escape"))?;
                    s.push(char::from(c));
                    self.pos += 1;
                }
                Some(_) => {
                    let rest = self.text.get(self.pos..).unwrap_or_default();
                    let c = rest
                        .utf8_chunks()
                        .next()
                        .and_then(|ch| ch.valid().chars().next())
                        .ok_or(self.error("invalid UTF-8"))?;
                    s.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn hex_bytes(&mut self) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let at = self.pos;
            let c = self
                .peek()
                .ok_or(self.error("unterminated h'...' string"))?;
            self.pos += 1;
            let nibble = match c {
                b'\'' if high.is_none() => return Ok(bytes),
                b'\'' => {
                    return Err(DiagError {
                        offset: at,
                        message: "odd number of hex digits",
                    });
                }
                b' ' | b'\t' | b'\n' | b'\r' => continue,
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => {
                    return Err(DiagError {
                        offset: at,
                        message: "not a hex digit",
                    });
                }
            };
            match high.take() {
                Some(h) => bytes.push(h << 4 | nibble),
                None => high = Some(nibble),
            }
        }
    }

    fn base64_bytes(&mut self) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut acc = 0u32;
        let mut bits = 0u32;
        loop {
            let at = self.pos;
            let c = self
                .peek()
                .ok_or(self.error("unterminated b64'...' string"))?;
            self.pos += 1;
            let value = match c {
                b'\'' => return Ok(bytes),
                b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' | b'-' => 62,
                b'/' | b'_' => 63,
                _ => {
                    return Err(DiagError {
                        offset: at,
                        message: "not a base64 digit",
                    });
                }
            };
            acc = (acc << 6) | u32::from(value);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                bytes.push(u8::try_from((acc >> bits) & 0xff).unwrap_or(0));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Vec<u8> {
        parse_diagnostic(text).unwrap()
    }

    #[test]
    fn indefinite_forms() {
        assert_eq!(
            p("(_ h'0102', h'030405')"),
            [0x5f, 0x42, 1, 2, 0x43, 3, 4, 5, 0xff]
        );
        assert_eq!(p("''_"), [0x5f, 0xff]);
        assert_eq!(p("\"\"_"), [0x7f, 0xff]);
        assert_eq!(p("[_ ]"), [0x9f, 0xff]);
        assert_eq!(p("{_ \"a\": 1}"), [0xbf, 0x61, b'a', 1, 0xff]);
    }

    #[test]
    fn indicators_and_radixes() {
        assert_eq!(p("[_0 1]"), [0x98, 1, 1]);
        assert_eq!(p("0x10"), [0x10]);
        assert_eq!(p("-0b11"), [0x22]);
        assert_eq!(p("1.5_3"), [0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]);
        assert_eq!(p("b64'AQID'"), [0x43, 1, 2, 3]);
        assert_eq!(p("'ab'"), [0x42, b'a', b'b']);
        assert_eq!(p("1, / a comment / 2"), [1, 2]);
    }

    #[test]
    fn errors_name_the_offset() {
        let e = parse_diagnostic("[1, 2").unwrap_err();
        assert_eq!(e.offset, 5);
        let e = parse_diagnostic("[1 2]").unwrap_err();
        assert_eq!(e.message, "expected ',' or the closing bracket");
        assert!(parse_diagnostic("1.1_1").is_err());
        assert_eq!(
            p("18446744073709551616"),
            [0xc2, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            p("-18446744073709551617"),
            [0xc3, 0x49, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert!(parse_diagnostic("18446744073709551616_3").is_err());
        assert!(parse_diagnostic("340282366920938463463374607431768211456").is_err());
        assert!(parse_diagnostic("simple(24)").is_err());
        assert!(parse_diagnostic("(_ h'01', \"a\")").is_err());
        assert!(parse_diagnostic(&"[".repeat(10_000)).is_err());
    }
}
