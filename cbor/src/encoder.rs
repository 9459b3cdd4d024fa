//! The encoder: preferred serialization (RFC 8949 §4.1) into any [`Write`]
//! sink, a caller's slice first of all.

use iotm_wire::{EncodeError, SliceWriter};

use crate::Major;
use crate::float::{Shortest, shortest};
use crate::head::{BREAK, Width, encode_head, simple};

/// Where encoded bytes go.
pub trait Write {
    /// Appends all of `bytes`.
    ///
    /// # Errors
    /// [`EncodeError::BufferTooSmall`] when the sink is full.
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError>;
}

/// Writes into a caller's slice ([`iotm_wire::SliceWriter`]).
impl Write for SliceWriter<'_> {
    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.write(bytes)
    }
}

/// Counts bytes without storing them: the `encoded_len()` of anything an
/// encoding function writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SizeCounter(pub usize);

impl Write for SizeCounter {
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.0 = self.0.saturating_add(bytes.len());
        Ok(())
    }
}

impl<W: Write + ?Sized> Write for &mut W {
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        (**self).write_all(bytes)
    }
}

#[cfg(feature = "alloc")]
impl Write for alloc::vec::Vec<u8> {
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.extend_from_slice(bytes);
        Ok(())
    }
}

/// A CBOR encoder. Every head takes its shortest form and floats their
/// shortest exact width (preferred serialization, §4.1); definite lengths
/// unless asked otherwise. Write map keys in the bytewise order of their
/// encodings and the output is deterministic (§4.2.1).
///
/// Methods return `&mut Self` for chaining.
#[derive(Debug)]
pub struct Encoder<W> {
    writer: W,
}

/// The number of bytes an encoding function writes: run it on a
/// [`SizeCounter`] first to size the buffer.
///
/// # Errors
/// Whatever `f` returns.
pub fn encoded_len<F>(f: F) -> Result<usize, EncodeError>
where
    F: FnOnce(&mut Encoder<SizeCounter>) -> Result<(), EncodeError>,
{
    let mut encoder = Encoder::new(SizeCounter::default());
    f(&mut encoder)?;
    Ok(encoder.into_writer().0)
}

impl<W: Write> Encoder<W> {
    /// An encoder writing to `writer`.
    pub const fn new(writer: W) -> Self {
        Self { writer }
    }

    /// The sink, with what was written.
    pub fn into_writer(self) -> W {
        self.writer
    }

    /// The sink.
    pub fn writer(&self) -> &W {
        &self.writer
    }

    /// Writes a head with an explicit argument width: for reproducing a
    /// non-preferred encoding exactly (diagnostic notation's `_0`…`_3`).
    ///
    /// # Errors
    /// [`EncodeError::ValueTooLarge`] if `width` cannot carry `arg`, or a
    /// full sink.
    pub fn head_with_width(
        &mut self,
        major: Major,
        arg: u64,
        width: Width,
    ) -> Result<&mut Self, EncodeError> {
        if width != Width::Indefinite && !width.carries(arg) {
            return Err(EncodeError::ValueTooLarge {
                field: "CBOR argument for its width",
                max: u64::MAX,
            });
        }
        let mut buf = [0u8; 9];
        let len = encode_head(major, arg, width, &mut buf);
        self.writer.write_all(buf.get(..len).unwrap_or_default())?;
        Ok(self)
    }

    /// The preferred (shortest) head: the hot path of every write.
    #[inline]
    fn head(&mut self, major: Major, arg: u64) -> Result<&mut Self, EncodeError> {
        let mt = (major as u8) << 5;
        let be = arg.to_be_bytes();
        if arg <= u64::from(crate::head::ai::MAX_IMMEDIATE) {
            self.writer.write_all(&[mt | be[7]])?;
        } else if arg <= u64::from(u8::MAX) {
            self.writer.write_all(&[mt | 24, be[7]])?;
        } else if arg <= u64::from(u16::MAX) {
            self.writer.write_all(&[mt | 25, be[6], be[7]])?;
        } else if arg <= u64::from(u32::MAX) {
            self.writer
                .write_all(&[mt | 26, be[4], be[5], be[6], be[7]])?;
        } else {
            self.writer.write_all(&[
                mt | 27,
                be[0],
                be[1],
                be[2],
                be[3],
                be[4],
                be[5],
                be[6],
                be[7],
            ])?;
        }
        Ok(self)
    }

    /// Writes an unsigned integer.
    ///
    /// # Errors
    /// A full sink.
    pub fn u64(&mut self, value: u64) -> Result<&mut Self, EncodeError> {
        self.head(Major::Unsigned, value)
    }

    /// Writes a signed integer.
    ///
    /// # Errors
    /// A full sink.
    pub fn i64(&mut self, value: i64) -> Result<&mut Self, EncodeError> {
        match u64::try_from(value) {
            Ok(unsigned) => self.head(Major::Unsigned, unsigned),
            // -1 - value is in 0..=i64::MAX for every negative value.
            Err(_) => self.head(Major::Negative, (-1 - value).unsigned_abs()),
        }
    }

    /// Writes any integer of the CBOR range, −2⁶⁴ to 2⁶⁴−1.
    ///
    /// # Errors
    /// [`EncodeError::ValueTooLarge`] outside that range (use a bignum tag);
    /// a full sink.
    pub fn int(&mut self, value: i128) -> Result<&mut Self, EncodeError> {
        let too_large = EncodeError::ValueTooLarge {
            field: "CBOR integer",
            max: u64::MAX,
        };
        if value >= 0 {
            self.head(
                Major::Unsigned,
                u64::try_from(value).map_err(|_| too_large)?,
            )
        } else {
            self.head(
                Major::Negative,
                u64::try_from(-1 - value).map_err(|_| too_large)?,
            )
        }
    }

    /// Writes a byte string.
    ///
    /// # Errors
    /// A full sink.
    pub fn bytes(&mut self, value: &[u8]) -> Result<&mut Self, EncodeError> {
        self.head(Major::Bytes, len_u64(value.len()))?;
        self.writer.write_all(value)?;
        Ok(self)
    }

    /// Writes a text string.
    ///
    /// # Errors
    /// A full sink.
    pub fn str(&mut self, value: &str) -> Result<&mut Self, EncodeError> {
        self.head(Major::Text, len_u64(value.len()))?;
        self.writer.write_all(value.as_bytes())?;
        Ok(self)
    }

    /// Writes the head of an array of `len` items; write the items next.
    ///
    /// # Errors
    /// A full sink.
    pub fn array(&mut self, len: u64) -> Result<&mut Self, EncodeError> {
        self.head(Major::Array, len)
    }

    /// Writes the head of a map of `len` pairs; write key, value, key, … next.
    ///
    /// # Errors
    /// A full sink.
    pub fn map(&mut self, len: u64) -> Result<&mut Self, EncodeError> {
        self.head(Major::Map, len)
    }

    /// Writes a tag; write the tagged item next.
    ///
    /// # Errors
    /// A full sink.
    pub fn tag(&mut self, tag: u64) -> Result<&mut Self, EncodeError> {
        self.head(Major::Tag, tag)
    }

    /// Starts an indefinite-length array; end it with [`end`](Self::end).
    ///
    /// # Errors
    /// A full sink.
    pub fn begin_array(&mut self) -> Result<&mut Self, EncodeError> {
        self.head_with_width(Major::Array, 0, Width::Indefinite)
    }

    /// Starts an indefinite-length map; end it with [`end`](Self::end).
    ///
    /// # Errors
    /// A full sink.
    pub fn begin_map(&mut self) -> Result<&mut Self, EncodeError> {
        self.head_with_width(Major::Map, 0, Width::Indefinite)
    }

    /// Starts an indefinite-length byte string: write definite byte strings
    /// as chunks, then [`end`](Self::end).
    ///
    /// # Errors
    /// A full sink.
    pub fn begin_bytes(&mut self) -> Result<&mut Self, EncodeError> {
        self.head_with_width(Major::Bytes, 0, Width::Indefinite)
    }

    /// Starts an indefinite-length text string: write definite text strings
    /// as chunks, then [`end`](Self::end).
    ///
    /// # Errors
    /// A full sink.
    pub fn begin_str(&mut self) -> Result<&mut Self, EncodeError> {
        self.head_with_width(Major::Text, 0, Width::Indefinite)
    }

    /// Writes the break stop code that ends an indefinite-length item.
    ///
    /// # Errors
    /// A full sink.
    pub fn end(&mut self) -> Result<&mut Self, EncodeError> {
        self.writer.write_all(&[BREAK])?;
        Ok(self)
    }

    /// Writes a simple value (§3.3). 24–31 are reserved and refused.
    ///
    /// # Errors
    /// [`EncodeError::Invalid`] for 24–31; a full sink.
    pub fn simple(&mut self, value: u8) -> Result<&mut Self, EncodeError> {
        if (24..32).contains(&value) {
            return Err(EncodeError::Invalid {
                rule: "RFC 8949 §3.3: simple values 24-31 are reserved",
            });
        }
        self.head(Major::Simple, u64::from(value))
    }

    /// Writes `false` or `true`.
    ///
    /// # Errors
    /// A full sink.
    pub fn bool(&mut self, value: bool) -> Result<&mut Self, EncodeError> {
        self.simple(if value { simple::TRUE } else { simple::FALSE })
    }

    /// Writes `null`.
    ///
    /// # Errors
    /// A full sink.
    pub fn null(&mut self) -> Result<&mut Self, EncodeError> {
        self.simple(simple::NULL)
    }

    /// Writes `undefined`.
    ///
    /// # Errors
    /// A full sink.
    pub fn undefined(&mut self) -> Result<&mut Self, EncodeError> {
        self.simple(simple::UNDEFINED)
    }

    /// Writes a float in its shortest exact width (half, single or double);
    /// NaN as the canonical `0xf97e00`.
    ///
    /// # Errors
    /// A full sink.
    pub fn f64(&mut self, value: f64) -> Result<&mut Self, EncodeError> {
        match shortest(value) {
            Shortest::Half(bits) => self.f16_bits(bits),
            Shortest::Single(v) => self.f32_exact(v),
            Shortest::Double(v) => self.f64_exact(v),
        }
    }

    /// Writes half-precision float bits as they are.
    ///
    /// # Errors
    /// A full sink.
    pub fn f16_bits(&mut self, bits: u16) -> Result<&mut Self, EncodeError> {
        self.head_with_width(Major::Simple, u64::from(bits), Width::Two)
    }

    /// Writes a single-precision float, whatever its shortest form.
    ///
    /// # Errors
    /// A full sink.
    pub fn f32_exact(&mut self, value: f32) -> Result<&mut Self, EncodeError> {
        self.head_with_width(Major::Simple, u64::from(value.to_bits()), Width::Four)
    }

    /// Writes a double-precision float, whatever its shortest form.
    ///
    /// # Errors
    /// A full sink.
    pub fn f64_exact(&mut self, value: f64) -> Result<&mut Self, EncodeError> {
        self.head_with_width(Major::Simple, value.to_bits(), Width::Eight)
    }

    /// Copies an already encoded item (or several) as they are.
    ///
    /// # Errors
    /// A full sink.
    pub fn raw(&mut self, encoded: &[u8]) -> Result<&mut Self, EncodeError> {
        self.writer.write_all(encoded)?;
        Ok(self)
    }
}

impl<'a> Encoder<SliceWriter<'a>> {
    /// An encoder into `buf`.
    pub fn from_slice(buf: &'a mut [u8]) -> Self {
        Self::new(SliceWriter::new(buf))
    }

    /// The written prefix of the buffer.
    pub fn into_written(self) -> &'a [u8] {
        self.writer.into_written()
    }
}

/// A slice length as a CBOR argument; `usize` is at most 64 bits on every
/// target Rust supports, so this never saturates in practice.
fn len_u64(len: usize) -> u64 {
    u64::try_from(len).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(
        f: impl FnOnce(&mut Encoder<SliceWriter<'_>>) -> Result<(), EncodeError>,
    ) -> ([u8; 64], usize) {
        let mut buf = [0u8; 64];
        let mut e = Encoder::from_slice(&mut buf);
        f(&mut e).unwrap();
        let n = e.into_written().len();
        (buf, n)
    }

    #[test]
    fn integers_take_their_shortest_form() {
        let (b, n) = encode(|e| e.u64(500).map(|_| ()));
        assert_eq!(&b[..n], &[0x19, 0x01, 0xf4]);
        let (b, n) = encode(|e| e.i64(-500).map(|_| ()));
        assert_eq!(&b[..n], &[0x39, 0x01, 0xf3]);
        let (b, n) = encode(|e| e.i64(i64::MIN).map(|_| ()));
        assert_eq!(
            &b[..n],
            &[0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
        let (b, n) = encode(|e| e.int(-(1i128 << 64)).map(|_| ()));
        assert_eq!(
            &b[..n],
            &[0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
    }

    #[test]
    fn out_of_range_values_are_errors_not_truncations() {
        let mut buf = [0u8; 16];
        let mut e = Encoder::from_slice(&mut buf);
        assert!(matches!(
            e.int(1i128 << 64),
            Err(EncodeError::ValueTooLarge { .. })
        ));
        assert!(matches!(
            e.int(-(1i128 << 64) - 1),
            Err(EncodeError::ValueTooLarge { .. })
        ));
        assert!(matches!(e.simple(24), Err(EncodeError::Invalid { .. })));
        assert!(matches!(
            e.head_with_width(Major::Unsigned, 256, Width::One),
            Err(EncodeError::ValueTooLarge { .. })
        ));
    }

    #[test]
    fn full_buffer_reports_the_size_needed() {
        let mut buf = [0u8; 3];
        let mut e = Encoder::from_slice(&mut buf);
        assert_eq!(
            e.bytes(b"abcd").unwrap_err(),
            EncodeError::BufferTooSmall {
                needed: 5,
                available: 3
            }
        );
    }

    #[test]
    fn encoded_len_matches_the_bytes_written() {
        fn write<W: Write>(e: &mut Encoder<W>) -> Result<(), EncodeError> {
            e.map(2)?
                .u64(1)?
                .str("a")?
                .u64(2)?
                .array(2)?
                .f64(1.5)?
                .bytes(&[1, 2, 3])?;
            Ok(())
        }
        let len = encoded_len(write).unwrap();
        let mut buf = [0u8; 32];
        let mut e = Encoder::from_slice(&mut buf);
        write(&mut e).unwrap();
        assert_eq!(e.into_written().len(), len);
    }
}
