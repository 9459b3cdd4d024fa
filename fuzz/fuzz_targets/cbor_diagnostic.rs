//! Parse-then-emit target for `iotm-cbor`'s diagnostic notation: each item of
//! the input, read as a CBOR sequence (RFC 8742), is printed with
//! `Diagnostic` and parsed back with `parse_diagnostic`, which must give the
//! very same bytes (encoding indicators carry every non-preferred width).

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_cbor::{Diagnostic, parse_diagnostic};
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
