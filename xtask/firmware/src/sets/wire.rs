//! `wire`: iotm-wire's `Reader` reading a u8, a u16 and a `take(n)`.

use iotm_wire::{Error, Reader};

use super::keep;

/// Reads a byte, a big-endian u16 and a slice whose length is the byte.
pub(crate) fn run(input: &[u8]) {
    let mut reader = Reader::new(input);
    let byte: Result<u8, Error<()>> = reader.read_u8();
    let word: Result<u16, Error<()>> = reader.read_u16_be();
    let len = usize::from(byte.unwrap_or(0));
    let slice: Result<&[u8], Error<()>> = reader.take(len);
    keep(byte);
    keep(word);
    keep(slice);
    keep(reader.position());
}
