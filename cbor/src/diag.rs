//! Diagnostic notation (RFC 8949 §8, with the encoding indicators of
//! RFC 8610 Appendix G.2), printed without an allocator.

use core::fmt::{self, Write as _};

use crate::float::{Shortest, f16_to_f64, shortest};
use crate::head::{Head, Width, simple};
use crate::{Decoder, Error, Major};

/// One well-formed data item, shown in diagnostic notation by `Display`.
///
/// Arguments not in their shortest form carry an encoding indicator (`_0`
/// for one byte … `_3` for eight), so that the text encodes back to the very
/// same bytes; so do floats wider than their value needs (`Infinity_2`).
/// The one exception is a NaN other than the canonical quiet NaN of its
/// width: the notation cannot write a NaN's sign or payload, so its bits are
/// shown in a comment (`NaN /bits 0x7e04/`) and it parses back canonical.
/// Text strings are printed as JSON strings with every character outside
/// printable ASCII escaped, as in RFC 8949 Appendix A.
///
/// ```
/// use iotm_cbor::Diagnostic;
///
/// let (diag, rest) = Diagnostic::new(&[0xa2, 0x61, 0x61, 0x01, 0x61, 0x62, 0x82, 0x02, 0x03])?;
/// assert_eq!(diag.to_string(), r#"{"a": 1, "b": [2, 3]}"#);
/// assert!(rest.is_empty());
/// # Ok::<(), iotm_cbor::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Diagnostic<'a> {
    item: &'a [u8],
    max_depth: usize,
}

impl<'a> Diagnostic<'a> {
    /// Checks the first data item of `input` for well-formedness and returns
    /// it with the bytes after it (the rest of a CBOR sequence, RFC 8742).
    ///
    /// # Errors
    /// Any [`Rule`](crate::Rule) the item breaks; `Incomplete` if truncated.
    pub fn new(input: &'a [u8]) -> Result<(Self, &'a [u8]), Error> {
        let mut decoder = Decoder::new(input);
        let item = decoder.item()?;
        Ok((
            Self {
                item,
                max_depth: crate::DEFAULT_MAX_DEPTH,
            },
            decoder.remaining(),
        ))
    }

    /// The encoded item.
    pub const fn item(&self) -> &'a [u8] {
        self.item
    }
}

impl fmt::Display for Diagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The item was checked in `new`, so decoding cannot fail here; if it
        // did, fmt::Error is the only thing Display can say.
        let mut decoder = Decoder::new(self.item).with_max_depth(self.max_depth);
        write_item(&mut decoder, f)
    }
}

fn write_item(d: &mut Decoder<'_>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let head = d.head().map_err(fmt_error)?;
    match head.major {
        Major::Unsigned => {
            write!(f, "{}", head.arg)?;
            write_indicator(f, &head)
        }
        Major::Negative => {
            write!(f, "{}", -1 - i128::from(head.arg))?;
            write_indicator(f, &head)
        }
        Major::Bytes | Major::Text if head.width == Width::Indefinite => {
            write_indefinite_string(d, f, head.major)
        }
        Major::Bytes | Major::Text => write_string(d, f, &head),
        Major::Array => {
            f.write_char('[')?;
            write_container_prefix(f, &head)?;
            write_entries(d, f, &head, false)?;
            f.write_char(']')
        }
        Major::Map => {
            f.write_char('{')?;
            write_container_prefix(f, &head)?;
            write_entries(d, f, &head, true)?;
            f.write_char('}')
        }
        Major::Tag => {
            write!(f, "{}", head.arg)?;
            write_indicator(f, &head)?;
            f.write_char('(')?;
            write_item(d, f)?;
            f.write_char(')')
        }
        Major::Simple => write_simple_or_float(f, &head),
    }
}

fn fmt_error(_: Error) -> fmt::Error {
    fmt::Error
}

fn write_indicator(f: &mut fmt::Formatter<'_>, head: &Head) -> fmt::Result {
    if head.is_preferred_argument() {
        return Ok(());
    }
    write_width(f, head.width)
}

fn write_width(f: &mut fmt::Formatter<'_>, width: Width) -> fmt::Result {
    match width {
        Width::One => f.write_str("_0"),
        Width::Two => f.write_str("_1"),
        Width::Four => f.write_str("_2"),
        Width::Eight => f.write_str("_3"),
        Width::Immediate | Width::Indefinite => Ok(()),
    }
}

fn write_container_prefix(f: &mut fmt::Formatter<'_>, head: &Head) -> fmt::Result {
    if head.width == Width::Indefinite {
        f.write_str("_ ")
    } else if !head.is_preferred_argument() {
        write_width(f, head.width)?;
        f.write_char(' ')
    } else {
        Ok(())
    }
}

fn write_entries(
    d: &mut Decoder<'_>,
    f: &mut fmt::Formatter<'_>,
    head: &Head,
    map: bool,
) -> fmt::Result {
    let mut first = true;
    let mut remaining = head.arg;
    loop {
        if head.width == Width::Indefinite {
            if d.is_break() {
                d.head().map_err(fmt_error)?;
                return Ok(());
            }
        } else if remaining == 0 {
            return Ok(());
        } else {
            remaining -= 1;
        }
        if !first {
            f.write_str(", ")?;
        }
        first = false;
        write_item(d, f)?;
        if map {
            f.write_str(": ")?;
            write_item(d, f)?;
        }
    }
}

fn write_string(d: &mut Decoder<'_>, f: &mut fmt::Formatter<'_>, head: &Head) -> fmt::Result {
    let content = d.take(head.arg).map_err(fmt_error)?;
    if head.major == Major::Bytes {
        write_hex(f, content)?;
    } else {
        write_text(f, core::str::from_utf8(content).map_err(|_| fmt::Error)?)?;
    }
    write_indicator(f, head)
}

fn write_indefinite_string(
    d: &mut Decoder<'_>,
    f: &mut fmt::Formatter<'_>,
    major: Major,
) -> fmt::Result {
    if d.is_break() {
        d.head().map_err(fmt_error)?;
        return f.write_str(if major == Major::Bytes {
            "''_"
        } else {
            "\"\"_"
        });
    }
    f.write_str("(_ ")?;
    let mut first = true;
    while !d.is_break() {
        if !first {
            f.write_str(", ")?;
        }
        first = false;
        let chunk = d.head().map_err(fmt_error)?;
        write_string(d, f, &chunk)?;
    }
    d.head().map_err(fmt_error)?;
    f.write_char(')')
}

fn write_hex(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    f.write_str("h'")?;
    for byte in bytes {
        write!(f, "{byte:02x}")?;
    }
    f.write_char('\'')
}

fn write_text(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in text.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            ' '..='~' => f.write_char(c)?,
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(f, "\\u{unit:04x}")?;
                }
            }
        }
    }
    f.write_char('"')
}

fn write_simple_or_float(f: &mut fmt::Formatter<'_>, head: &Head) -> fmt::Result {
    let (value, width) = match head.width {
        Width::Immediate | Width::One => {
            return match u8::try_from(head.arg) {
                Ok(simple::FALSE) => f.write_str("false"),
                Ok(simple::TRUE) => f.write_str("true"),
                Ok(simple::NULL) => f.write_str("null"),
                Ok(simple::UNDEFINED) => f.write_str("undefined"),
                _ => write!(f, "simple({})", head.arg),
            };
        }
        Width::Two => (
            f16_to_f64(u16::try_from(head.arg).map_err(|_| fmt::Error)?),
            Width::Two,
        ),
        Width::Four => {
            let bits = u32::try_from(head.arg).map_err(|_| fmt::Error)?;
            (f64::from(f32::from_bits(bits)), Width::Four)
        }
        Width::Eight => (f64::from_bits(head.arg), Width::Eight),
        Width::Indefinite => return Err(fmt::Error),
    };
    write_float(f, value)?;
    if value.is_nan() {
        return write_nan_width(f, head);
    }
    let preferred = match shortest(value) {
        Shortest::Half(_) => Width::Two,
        Shortest::Single(_) => Width::Four,
        Shortest::Double(_) => Width::Eight,
    };
    if width != preferred {
        write_width(f, width)
    } else {
        Ok(())
    }
}

/// The width of a NaN, and its exact bits when they are not the canonical
/// quiet NaN of that width: diagnostic notation has no syntax for a NaN's
/// sign or payload (RFC 8949 §8), so those go into a comment for the reader,
/// and such an item is the one thing that does not parse back bit for bit.
fn write_nan_width(f: &mut fmt::Formatter<'_>, head: &Head) -> fmt::Result {
    let canonical = match head.width {
        Width::Two => 0x7e00,
        Width::Four => 0x7fc0_0000,
        _ => 0x7ff8_0000_0000_0000,
    };
    if head.width != Width::Two {
        write_width(f, head.width)?;
    }
    if head.arg != canonical {
        let digits = match head.width {
            Width::Two => 4,
            Width::Four => 8,
            _ => 16,
        };
        write!(f, " /bits 0x{:0digits$x}/", head.arg)?;
    }
    Ok(())
}

/// Floats as RFC 8949 Appendix A prints them: the shortest digits that
/// read back to the same value, in fixed notation from 1e-6 up to 1e21 and
/// in exponent notation (`1.0e+300`) outside, always with a fraction part.
pub(crate) fn write_float(f: &mut impl fmt::Write, value: f64) -> fmt::Result {
    if value.is_nan() {
        return f.write_str("NaN");
    }
    if value.is_infinite() {
        return f.write_str(if value > 0.0 { "Infinity" } else { "-Infinity" });
    }
    let magnitude = value.abs();
    let mut buf = StackString::default();
    if magnitude == 0.0 || (1e-6..1e21).contains(&magnitude) {
        write!(buf, "{value}")?;
        f.write_str(buf.as_str())?;
        if !buf.as_str().contains('.') {
            f.write_str(".0")?;
        }
        return Ok(());
    }
    write!(buf, "{value:e}")?;
    let text = buf.as_str();
    let (mantissa, exponent) = text.split_once('e').ok_or(fmt::Error)?;
    f.write_str(mantissa)?;
    if !mantissa.contains('.') {
        f.write_str(".0")?;
    }
    f.write_char('e')?;
    if !exponent.starts_with('-') {
        f.write_char('+')?;
    }
    f.write_str(exponent)
}

/// A small fixed buffer for formatting one number without an allocator.
struct StackString {
    buf: [u8; 64],
    len: usize,
}

impl Default for StackString {
    fn default() -> Self {
        Self {
            buf: [0; 64],
            len: 0,
        }
    }
}

impl StackString {
    fn as_str(&self) -> &str {
        self.buf
            .get(..self.len)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

impl fmt::Write for StackString {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate alloc;
    use alloc::string::{String, ToString};

    fn diag(bytes: &[u8]) -> String {
        let (d, rest) = Diagnostic::new(bytes).unwrap();
        assert!(rest.is_empty());
        d.to_string()
    }

    fn float(value: f64) -> String {
        let mut s = String::new();
        write_float(&mut s, value).unwrap();
        s
    }

    #[test]
    fn floats_print_like_rfc8949_appendix_a() {
        assert_eq!(float(0.0), "0.0");
        assert_eq!(float(-0.0), "-0.0");
        assert_eq!(float(1.1), "1.1");
        assert_eq!(float(100000.0), "100000.0");
        assert_eq!(float(3.4028234663852886e+38), "3.4028234663852886e+38");
        assert_eq!(float(1.0e300), "1.0e+300");
        assert_eq!(float(5.960464477539063e-8), "5.960464477539063e-8");
        assert_eq!(float(0.00006103515625), "0.00006103515625");
        assert_eq!(float(-4.1), "-4.1");
    }

    #[test]
    fn non_preferred_arguments_carry_an_encoding_indicator() {
        assert_eq!(diag(&[0x18, 0x01]), "1_0");
        assert_eq!(diag(&[0x98, 0x01, 0x01]), "[_0 1]");
        assert_eq!(diag(&[0x41, 0xab]), "h'ab'");
        assert_eq!(diag(&[0x58, 0x01, 0xab]), "h'ab'_0");
        assert_eq!(diag(&[0xd8, 0x01, 0x00]), "1_0(0)");
        assert_eq!(diag(&[0xfa, 0x7f, 0x80, 0x00, 0x00]), "Infinity_2");
    }

    #[test]
    fn nan_payloads_and_signs_show_in_a_comment() {
        assert_eq!(diag(&[0xf9, 0x7e, 0x00]), "NaN");
        assert_eq!(diag(&[0xfa, 0x7f, 0xc0, 0x00, 0x00]), "NaN_2");
        assert_eq!(diag(&[0xf9, 0x7e, 0x04]), "NaN /bits 0x7e04/");
        assert_eq!(diag(&[0xf9, 0xfe, 0x00]), "NaN /bits 0xfe00/");
        assert_eq!(
            diag(&[0xfa, 0x7f, 0xc1, 0x00, 0x00]),
            "NaN_2 /bits 0x7fc10000/"
        );
    }

    #[test]
    fn empty_indefinite_strings() {
        assert_eq!(diag(&[0x5f, 0xff]), "''_");
        assert_eq!(diag(&[0x7f, 0xff]), "\"\"_");
        assert_eq!(diag(&[0x9f, 0xff]), "[_ ]");
        assert_eq!(diag(&[0xbf, 0xff]), "{_ }");
    }

    #[test]
    fn text_escapes() {
        assert_eq!(diag(&[0x63, b'a', b'\n', 0x01]), "\"a\\n\\u0001\"");
    }
}
