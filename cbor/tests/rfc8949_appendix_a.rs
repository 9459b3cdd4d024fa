//! RFC 8949 Appendix A, Table 6: every example, both directions.

#![cfg(feature = "alloc")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use iotm_cbor::{Diagnostic, check_deterministic, parse_diagnostic, to_deterministic};

include!("data/appendix_a.rs");

/// The six examples of infinities and NaN in single and double precision,
/// wider than preferred serialization (§4.1) writes them.
fn is_wide_float(rfc: &str, hex: &str) -> bool {
    (hex.starts_with("fa") || hex.starts_with("fb"))
        && matches!(rfc, "Infinity" | "NaN" | "-Infinity")
}

/// The examples with indefinite-length items.
fn is_indefinite(rfc: &str) -> bool {
    rfc.contains("_ ")
}

/// Where our printer deliberately differs from the RFC's text, and why.
fn expected_diagnostic(rfc: &str, hex: &str) -> String {
    match hex {
        // The generic data model shows a bignum as its tag; the RFC shows its value.
        "c249010000000000000000" => "2(h'010000000000000000')".into(),
        "c349010000000000000000" => "3(h'010000000000000000')".into(),
        // Floats wider than their value needs keep their width (RFC 8610 G.2)
        // so that the text encodes back to the same bytes.
        h if is_wide_float(rfc, h) && h.starts_with("fa") => format!("{rfc}_2"),
        h if is_wide_float(rfc, h) => format!("{rfc}_3"),
        _ => rfc.into(),
    }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn diagnostic(bytes: &[u8]) -> String {
    let (diag, rest) = Diagnostic::new(bytes).unwrap();
    assert!(rest.is_empty());
    diag.to_string()
}

#[test]
fn rfc8949_appendix_a_has_every_example() {
    assert_eq!(APPENDIX_A.len(), 81);
}

#[test]
fn rfc8949_appendix_a_bytes_decode_to_the_rfc_diagnostic_notation() {
    for (rfc, h) in APPENDIX_A {
        assert_eq!(diagnostic(&hex(h)), expected_diagnostic(rfc, h), "0x{h}");
    }
}

#[test]
fn rfc8949_appendix_a_diagnostic_notation_encodes_to_the_rfc_bytes() {
    for (rfc, h) in APPENDIX_A {
        let parsed = parse_diagnostic(rfc).unwrap();
        if is_wide_float(rfc, h) {
            // The RFC's text for a non-preferred float has no width: it
            // encodes to the preferred (half-precision) form.
            assert_eq!(parsed.len(), 3, "{rfc}");
        } else {
            assert_eq!(parsed, hex(h), "{rfc}");
        }
    }
}

#[test]
fn rfc8949_appendix_a_round_trips_bytes_through_diagnostic_notation() {
    for (_, h) in APPENDIX_A {
        let bytes = hex(h);
        assert_eq!(
            parse_diagnostic(&diagnostic(&bytes)).unwrap(),
            bytes,
            "0x{h}"
        );
    }
}

#[test]
fn rfc8949_4_2_1_deterministic_examples_pass_and_others_are_fixed() {
    let mut deterministic = 0;
    for (rfc, h) in APPENDIX_A {
        let bytes = hex(h);
        let indefinite = is_indefinite(rfc);
        let wide_float = is_wide_float(rfc, h);
        assert_eq!(
            check_deterministic(&bytes).is_ok(),
            !indefinite && !wide_float,
            "{rfc}"
        );
        deterministic += usize::from(!indefinite && !wide_float);
        let fixed = to_deterministic(&bytes).unwrap();
        check_deterministic(&fixed).unwrap();
    }
    assert_eq!(deterministic, 81 - 11 - 6);
}
