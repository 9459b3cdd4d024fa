//! Parse-only target for the `iotm-cbor` decoder: whatever the bytes, no
//! method panics, `skip` and `item` agree on the extent of the first item,
//! the tokenizer always makes progress, failed typed reads leave the decoder
//! where it was, and every error offset lies inside the input.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_cbor::{Decoder, Error, Rule, check_deterministic};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    skip_and_item(data);
    token_walk(data);
    typed_walk(data);
    if check_deterministic(data).is_ok() {
        // A deterministic item is in particular one well-formed item.
        let mut d = Decoder::new(data);
        d.skip()
            .expect("check_deterministic accepted a malformed item");
        assert!(d.is_empty(), "check_deterministic accepted trailing bytes");
    }
});

/// Error offsets count from the start of the input and never point past it.
fn check_offset(data: &[u8], err: &Error) {
    assert!(
        err.offset() <= data.len(),
        "error offset {} past the input length {}: {err}",
        err.offset(),
        data.len()
    );
}

fn skip_and_item(data: &[u8]) {
    let mut skipper = Decoder::new(data);
    match skipper.skip() {
        Ok(()) => {
            let end = skipper.position();
            assert!(end > 0, "skip succeeded without consuming a byte");
            let mut d = Decoder::new(data);
            let item = d.item().expect("item failed where skip succeeded");
            assert_eq!(item, &data[..end], "item and skip disagree on the extent");
            assert_eq!(d.position(), end);
            assert_eq!(d.remaining(), &data[end..]);
            assert_eq!(d.finish().is_ok(), end == data.len());
            // A tighter nesting limit only turns success into DepthLimitExceeded.
            if let Err(err) = Decoder::new(data).with_max_depth(2).skip() {
                check_offset(data, &err);
                assert_eq!(err.rule(), Some(&Rule::DepthLimitExceeded), "{err}");
            }
        }
        Err(err) => {
            check_offset(data, &err);
            let mut d = Decoder::new(data);
            let again = d.item().expect_err("item succeeded where skip failed");
            assert_eq!(again, err, "item and skip fail differently");
        }
    }
}

/// Walks the input head by head with `token()`: every token consumes at least
/// one byte, so the walk ends within `data.len()` steps.
fn token_walk(data: &[u8]) {
    let mut d = Decoder::new(data);
    for _ in 0..=data.len() {
        if d.is_empty() {
            return;
        }
        let before = d.position();
        let datatype = d.datatype();
        match d.token() {
            Ok(_) => {
                assert!(d.position() > before, "token() made no progress");
                assert!(
                    datatype.is_ok(),
                    "token() succeeded where datatype() failed"
                );
            }
            Err(err) => {
                check_offset(data, &err);
                return;
            }
        }
    }
    panic!("token walk did not end within the input length");
}

/// Calls typed reads in rotation; when the chosen read does not fit, steps
/// over one token instead. A failed typed read must not move the decoder.
fn typed_walk(data: &[u8]) {
    let mut d = Decoder::new(data);
    let seed = data.len();
    for step in 0..=data.len() {
        if d.is_empty() {
            assert!(d.finish().is_ok());
            return;
        }
        let before = d.position();
        let op = (step.wrapping_mul(7) ^ before ^ seed) % 24;
        match typed_read(&mut d, op) {
            Ok(()) => {}
            Err(err) => {
                check_offset(data, &err);
                // Chunk iteration, item and skip may stop anywhere: end the
                // walk there. The plain typed reads put the decoder back.
                if op >= 20 {
                    return;
                }
                assert_eq!(
                    d.position(),
                    before,
                    "failed typed read {op} moved the decoder"
                );
                // Step over one token instead, or stop at the first bad one.
                if let Err(err) = d.token() {
                    check_offset(data, &err);
                    return;
                }
            }
        }
    }
}

fn typed_read(d: &mut Decoder<'_>, op: usize) -> Result<(), Error> {
    match op {
        0 => d.u64().map(drop),
        1 => d.u32().map(drop),
        2 => d.u16().map(drop),
        3 => d.u8().map(drop),
        4 => d.int().map(drop),
        5 => d.i64().map(drop),
        6 => d.i32().map(drop),
        7 => d.bytes().map(drop),
        8 => d.str().map(drop),
        9 => d.array().map(drop),
        10 => d.map().map(drop),
        11 => d.tag().map(drop),
        12 => d.simple().map(drop),
        13 => d.bool().map(drop),
        14 => d.null(),
        15 => d.undefined(),
        16 => d.f64().map(drop),
        17 => d.read_break(),
        18 => {
            let inner = d.bstr_cbor()?;
            // The embedded decoder's errors still point into the outer input.
            let outer_end = d.offset();
            let mut inner = inner;
            if let Err(err) = inner.skip() {
                assert!(
                    err.offset() <= outer_end,
                    "bstr_cbor error offset past its string"
                );
            }
            Ok(())
        }
        19 => d.datatype().map(drop),
        20 => {
            let limit = d.remaining().len() + 1;
            for chunk in d.bytes_chunks()?.take(limit) {
                chunk?;
            }
            Ok(())
        }
        21 => {
            let limit = d.remaining().len() + 1;
            for chunk in d.text_chunks()?.take(limit) {
                core::str::from_utf8(chunk?).expect("text chunk is not UTF-8");
            }
            Ok(())
        }
        22 => d.item().map(drop),
        _ => d.skip(),
    }
}
