//! `cbor-encode`: iotm-cbor's encoder writing a map into a slice.

use iotm_cbor::{EncodeError, Encoder};

use super::{keep, part};

/// Encodes `{0: tstr, 1: bstr, 2: uint, 3: float, -1: int}` from input bytes.
pub(crate) fn run(input: &[u8]) {
    let mut buf = [0u8; 128];
    keep(write(input, &mut buf).map(<[u8]>::len));
    keep(buf);
}

fn write<'b>(input: &[u8], buf: &'b mut [u8]) -> Result<&'b [u8], EncodeError> {
    let text = core::str::from_utf8(part(input, 0, 8)).unwrap_or("fw");
    let byte = input.first().copied().unwrap_or(0);
    let number = u64::from(byte);
    let mut e = Encoder::from_slice(buf);
    e.map(5)?;
    e.u64(0)?.str(text)?;
    e.u64(1)?.bytes(part(input, 8, 32))?;
    e.u64(2)?.u64(number << 20)?;
    e.u64(3)?.f64(f64::from_bits(number.rotate_left(52)))?;
    e.i64(-1)?.i64(-i64::from(byte))?;
    Ok(e.into_written())
}
