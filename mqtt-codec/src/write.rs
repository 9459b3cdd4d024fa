//! The data representations of MQTT §1.5, written into a caller's slice.
//! Lengths that do not fit their field are errors, never truncations.

use iotm_wire::{EncodeError, SliceWriter};

use crate::read::MAX_VARIABLE_BYTE_INTEGER;

/// Writes MQTT's data representations into a caller's slice.
#[derive(Debug)]
pub(crate) struct Writer<'b>(SliceWriter<'b>);

impl<'b> Writer<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Self(SliceWriter::new(buf))
    }

    pub(crate) fn into_written(self) -> &'b [u8] {
        self.0.into_written()
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.0.write(bytes)
    }

    pub(crate) fn u8(&mut self, value: u8) -> Result<(), EncodeError> {
        self.bytes(&[value])
    }

    pub(crate) fn u16(&mut self, value: u16) -> Result<(), EncodeError> {
        self.bytes(&value.to_be_bytes())
    }

    pub(crate) fn u32(&mut self, value: u32) -> Result<(), EncodeError> {
        self.bytes(&value.to_be_bytes())
    }

    /// A Variable Byte Integer in its shortest form.
    pub(crate) fn variable_byte_integer(&mut self, value: u32) -> Result<(), EncodeError> {
        let mut buf = [0u8; 4];
        let len = encode_variable_byte_integer(value, &mut buf)?;
        self.bytes(buf.get(..len).unwrap_or_default())
    }

    /// Binary Data: two-byte length, then the bytes.
    pub(crate) fn binary(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        let len = u16::try_from(bytes.len()).map_err(|_| EncodeError::ValueTooLarge {
            field: "MQTT string or binary data",
            max: 65_535,
        })?;
        self.u16(len)?;
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
        return Err(EncodeError::ValueTooLarge {
            field: "Variable Byte Integer",
            max: u64::from(MAX_VARIABLE_BYTE_INTEGER),
        });
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

/// The length of `value` as a Variable Byte Integer (1–4).
pub(crate) const fn variable_byte_integer_len(value: u32) -> usize {
    match value {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        _ => 4,
    }
}

/// Bytes a string or binary field takes on the wire: two-byte length plus content.
pub(crate) const fn binary_len(len: usize) -> usize {
    2 + len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Version, read::decode_variable_byte_integer};

    #[test]
    fn variable_byte_integer_round_trips_at_every_boundary() {
        for value in [
            0,
            127,
            128,
            16_383,
            16_384,
            2_097_151,
            2_097_152,
            MAX_VARIABLE_BYTE_INTEGER,
        ] {
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
        let mut buf = [0u8; 8];
        let long = [0u8; 70_000];
        assert!(matches!(
            Writer::new(&mut buf).binary(&long),
            Err(EncodeError::ValueTooLarge { .. })
        ));
    }
}
