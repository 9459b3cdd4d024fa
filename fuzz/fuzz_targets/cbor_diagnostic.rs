//! Parse-then-emit target for `iotm-cbor`'s diagnostic notation: each item of
//! the input, read as a CBOR sequence (RFC 8742), is printed with
//! `Diagnostic` and parsed back with `parse_diagnostic`, which must give the
//! very same bytes (encoding indicators carry every non-preferred width),
//! except for NaNs with a sign or payload, where the text is the fixed point.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_cbor::{Decoder, Diagnostic, Token, parse_diagnostic};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    // Every item takes at least one byte: at most data.len() rounds.
    while !rest.is_empty() {
        let Ok((diag, next)) = Diagnostic::new(rest) else {
            return;
        };
        let item = diag.item();
        assert!(!item.is_empty());
        assert_eq!(item.len() + next.len(), rest.len());
        assert_eq!(item, &rest[..item.len()]);

        // `to_string` panics if `Display` fails: it must not for a checked item.
        let text = diag.to_string();
        match parse_diagnostic(&text) {
            // A NaN with a sign or payload is printed with its bits in a
            // comment and parses back as the canonical NaN of its width
            // (the notation has no syntax for payloads): every other token
            // must still come back byte for byte.
            Ok(bytes) if text.contains(" /bits ") && bytes != item => {
                assert!(
                    same_but_nan_bits(item, &bytes),
                    "item {} back {}",
                    hex(item),
                    hex(&bytes)
                );
            }
            Ok(bytes) => assert!(
                bytes == item,
                "bytes -> text -> bytes changed the item\n item: {}\n text: {text}\n back: {}",
                hex(item),
                hex(&bytes)
            ),
            Err(err) => panic!(
                "printed diagnostic notation does not parse: {err}\n item: {}\n text: {text}",
                hex(item)
            ),
        }
        rest = next;
    }
});

/// `true` if `a` and `b` are the same items byte for byte, except that a NaN
/// may stand for any other NaN: walks both token by token and compares the
/// bytes of every token that is not a NaN float.
fn same_but_nan_bits(a: &[u8], b: &[u8]) -> bool {
    let (mut da, mut db) = (Decoder::new(a), Decoder::new(b));
    loop {
        match (da.is_empty(), db.is_empty()) {
            (true, true) => return true,
            (false, false) => {}
            _ => return false,
        }
        let (start_a, start_b) = (da.position(), db.position());
        let (Ok(ta), Ok(tb)) = (da.token(), db.token()) else {
            return false;
        };
        let both_nan =
            matches!((ta, tb), (Token::Float(x), Token::Float(y)) if x.is_nan() && y.is_nan());
        if !both_nan && a[start_a..da.position()] != b[start_b..db.position()] {
            return false;
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
