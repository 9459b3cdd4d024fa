//! A DER writer for the host side (certificates, CSRs and CRLs built and
//! signed here): each element is written into its own buffer and wrapped
//! with its tag and minimal length.

use alloc::vec::Vec;

use crate::der::tag;
use crate::time::UnixTime;

/// Appends `tag`, the minimal definite length of `content`, and `content`.
pub fn tlv(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    let len = content.len();
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    let significant = bytes.get(skip..).unwrap_or_default();
    match significant {
        [] => out.push(0),
        [b] if *b < 0x80 => out.push(*b),
        _ => {
            // At most 8 length bytes for a usize: 0x81..=0x88.
            out.push(0x80 | u8::try_from(significant.len()).unwrap_or(8));
            out.extend_from_slice(significant);
        }
    }
    out.extend_from_slice(content);
}

/// An element whose content `build` writes.
pub fn nested(out: &mut Vec<u8>, tag: u8, build: impl FnOnce(&mut Vec<u8>)) {
    let mut content = Vec::new();
    build(&mut content);
    tlv(out, tag, &content);
}

/// A SEQUENCE whose content `build` writes.
pub fn sequence(out: &mut Vec<u8>, build: impl FnOnce(&mut Vec<u8>)) {
    nested(out, tag::SEQUENCE, build);
}

/// A non-negative INTEGER from big-endian magnitude bytes (leading zeros
/// dropped, a zero octet added when the top bit is set).
pub fn unsigned_integer(out: &mut Vec<u8>, magnitude: &[u8]) {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    let trimmed = magnitude.get(skip..).unwrap_or_default();
    let mut content = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(trimmed);
    tlv(out, tag::INTEGER, &content);
}

/// A small non-negative INTEGER.
pub fn small_integer(out: &mut Vec<u8>, value: u64) {
    unsigned_integer(out, &value.to_be_bytes());
}

/// An OBJECT IDENTIFIER from its content octets.
pub fn oid(out: &mut Vec<u8>, content: &[u8]) {
    tlv(out, tag::OID, content);
}

/// A BOOLEAN.
pub fn boolean(out: &mut Vec<u8>, value: bool) {
    tlv(out, tag::BOOLEAN, &[if value { 0xff } else { 0x00 }]);
}

/// A NULL.
pub fn null(out: &mut Vec<u8>) {
    tlv(out, tag::NULL, &[]);
}

/// An OCTET STRING.
pub fn octet_string(out: &mut Vec<u8>, content: &[u8]) {
    tlv(out, tag::OCTET_STRING, content);
}

/// A BIT STRING of whole octets.
pub fn bit_string(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut content = Vec::with_capacity(bytes.len() + 1);
    content.push(0);
    content.extend_from_slice(bytes);
    tlv(out, tag::BIT_STRING, &content);
}

/// A named-bit BIT STRING from bit flags (bit 0 first), DER-minimal.
pub fn named_bits(out: &mut Vec<u8>, flags: u16) {
    let highest = 16 - flags.leading_zeros();
    let Ok(highest) = usize::try_from(highest) else {
        return;
    };
    let len = highest.div_ceil(8);
    let mut bytes = alloc::vec![0u8; len];
    for bit in 0..highest {
        if flags & (1 << bit) != 0 {
            if let Some(b) = bytes.get_mut(bit / 8) {
                *b |= 0x80 >> (bit % 8);
            }
        }
    }
    let unused = u8::try_from(len * 8 - highest).unwrap_or(0);
    let mut content = Vec::with_capacity(len + 1);
    content.push(unused);
    content.extend_from_slice(&bytes);
    tlv(out, tag::BIT_STRING, &content);
}

/// A time as RFC 5280 §4.1.2.5 requires: UTCTime through 2049,
/// GeneralizedTime from 2050.
pub fn time(out: &mut Vec<u8>, time: UnixTime) {
    let (y, mo, d, h, mi, s) = time.to_civil();
    let text = if (1950..2050).contains(&y) {
        alloc::format!("{:02}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z", y % 100)
    } else {
        alloc::format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z")
    };
    let tag = if (1950..2050).contains(&y) {
        tag::UTC_TIME
    } else {
        tag::GENERALIZED_TIME
    };
    tlv(out, tag, text.as_bytes());
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;
    use crate::der::Der;

    #[test]
    fn x690_lengths_and_integers_are_minimal() {
        let mut out = Vec::new();
        tlv(&mut out, 0x04, &[0u8; 200]);
        assert_eq!(&out[..3], &[0x04, 0x81, 200]);
        let mut out = Vec::new();
        tlv(&mut out, 0x04, &[0u8; 300]);
        assert_eq!(&out[..4], &[0x04, 0x82, 0x01, 0x2c]);
        for (value, encoded) in [
            (0u64, &[2u8, 1, 0][..]),
            (127, &[2, 1, 127]),
            (128, &[2, 2, 0, 128]),
        ] {
            let mut out = Vec::new();
            small_integer(&mut out, value);
            assert_eq!(out, encoded);
            assert_eq!(Der::new(&out).u64().unwrap(), value);
        }
    }

    #[test]
    fn named_bits_round_trip_minimal() {
        for flags in [0x0001u16, 0x0020, 0x0061, 0x0100, 0x01ff] {
            let mut out = Vec::new();
            named_bits(&mut out, flags);
            let bits = Der::new(&out).bit_string().unwrap();
            bits.require_minimal_named_bits().unwrap();
            let back = (0..9)
                .filter(|i| bits.bit(*i))
                .fold(0u16, |v, i| v | (1 << i));
            assert_eq!(back, flags);
        }
    }

    #[test]
    fn rfc5280_times_switch_to_generalized_in_2050() {
        for secs in [0i64, 2_524_607_999, 2_524_608_000, 253_402_300_799] {
            let mut out = Vec::new();
            time(&mut out, UnixTime::from_secs(secs));
            let tlv = Der::new(&out).any().unwrap();
            assert_eq!(UnixTime::from_tlv_rfc5280(&tlv).unwrap().as_secs(), secs);
        }
    }
}
