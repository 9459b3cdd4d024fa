//! Parse target for `iotm-cbor`'s diagnostic-notation parser: any UTF-8 text
//! either fails cleanly or gives a CBOR sequence of well-formed items, each of
//! which prints and parses back to the same bytes.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_cbor::{Decoder, Diagnostic, Rule, parse_diagnostic};
use libfuzzer_sys::fuzz_target;

/// Deeper than any text `parse_diagnostic` accepts (it refuses nesting past
/// 256), so that the well-formedness check below never stops at the limit.
const DEEP: usize = 1024;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(bytes) = parse_diagnostic(text) else {
        return;
    };
    let mut d = Decoder::new(&bytes).with_max_depth(DEEP);
    while !d.is_empty() {
        let start = d.position();
        if let Err(err) = d.skip() {
            panic!(
                "parse_diagnostic produced a malformed item: {err}\n text: {text:?}\n bytes: {}",
                hex(&bytes)
            );
        }
        let item = &bytes[start..d.position()];
        match Diagnostic::new(item) {
            Ok((diag, rest)) => {
                assert!(rest.is_empty());
                let printed = diag.to_string();
                let back = parse_diagnostic(&printed).unwrap_or_else(|err| {
                    panic!(
                        "printed text does not parse: {err}\n text: {text:?}\n printed: {printed}"
                    )
                });
                assert!(
                    back == item,
                    "print and reparse changed the item\n text: {text:?}\n item: {}\n printed: {printed}\n back: {}",
                    hex(item),
                    hex(&back)
                );
            }
            // Diagnostic keeps the decoder's default nesting limit.
            Err(err) if err.rule() == Some(&Rule::DepthLimitExceeded) => {}
            Err(err) => panic!(
                "Diagnostic refused a well-formed item: {err}\n item: {}",
                hex(item)
            ),
        }
    }
});

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
