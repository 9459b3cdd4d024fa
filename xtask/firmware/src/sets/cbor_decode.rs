//! `cbor-decode`: iotm-cbor's decoder as a device uses it: a well-formedness
//! check, then typed reads of an integer-keyed map (SUIT, SenML, COSE headers).

use iotm_cbor::{Decoder, Error};

use super::keep;

/// Checks the input, then reads `{int: bstr / tstr / uint / float}` pairs.
pub(crate) fn run(input: &[u8]) {
    keep(Decoder::new(input).skip());
    keep(read_map(input));
}

fn read_map(input: &[u8]) -> Result<u64, Error> {
    let mut d = Decoder::new(input);
    let mut sum = 0u64;
    for _ in 0..d.map()?.unwrap_or(0) {
        match d.i64()? {
            0 => sum += u64::try_from(d.str()?.len()).unwrap_or(0),
            1 => sum += u64::try_from(d.bytes()?.len()).unwrap_or(0),
            2 => sum = sum.wrapping_add(d.u64()?),
            3 => sum = sum.wrapping_add(d.f64()?.to_bits()),
            _ => d.skip()?,
        }
    }
    d.finish()?;
    Ok(sum)
}
