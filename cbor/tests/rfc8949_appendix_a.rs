//! RFC 8949 Appendix A, Table 6: every example, both directions.

#![cfg(feature = "alloc")]
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]

use iotm_cbor::{Diagnostic, check_deterministic, parse_diagnostic, to_deterministic};

/// (diagnostic notation as the RFC prints it, encoded bytes as hex).
const APPENDIX_A: &[(&str, &str)] = &[
    ("0", "00"),
    ("1", "01"),
    ("10", "0a"),
    ("23", "17"),
    ("24", "1818"),
    ("25", "1819"),
    ("100", "1864"),
    ("1000", "1903e8"),
    ("1000000", "1a000f4240"),
    ("1000000000000", "1b000000e8d4a51000"),
    ("18446744073709551615", "1bffffffffffffffff"),
    ("18446744073709551616", "c249010000000000000000"),
    ("-18446744073709551616", "3bffffffffffffffff"),
    ("-18446744073709551617", "c349010000000000000000"),
    ("-1", "20"),
    ("-10", "29"),
    ("-100", "3863"),
    ("-1000", "3903e7"),
    ("0.0", "f90000"),
    ("-0.0", "f98000"),
    ("1.0", "f93c00"),
    ("1.1", "fb3ff199999999999a"),
    ("1.5", "f93e00"),
    ("65504.0", "f97bff"),
    ("100000.0", "fa47c35000"),
    ("3.4028234663852886e+38", "fa7f7fffff"),
    ("1.0e+300", "fb7e37e43c8800759c"),
    ("5.960464477539063e-8", "f90001"),
    ("0.00006103515625", "f90400"),
    ("-4.0", "f9c400"),
    ("-4.1", "fbc010666666666666"),
    ("Infinity", "f97c00"),
    ("NaN", "f97e00"),
    ("-Infinity", "f9fc00"),
    ("Infinity", "fa7f800000"),
    ("NaN", "fa7fc00000"),
    ("-Infinity", "faff800000"),
    ("Infinity", "fb7ff0000000000000"),
    ("NaN", "fb7ff8000000000000"),
    ("-Infinity", "fbfff0000000000000"),
    ("false", "f4"),
    ("true", "f5"),
    ("null", "f6"),
    ("undefined", "f7"),
    ("simple(16)", "f0"),
    ("simple(255)", "f8ff"),
    ("0(\"2013-03-21T20:04:00Z\")", "c074323031332d30332d32315432303a30343a30305a"),
    ("1(1363896240)", "c11a514b67b0"),
    ("1(1363896240.5)", "c1fb41d452d9ec200000"),
    ("23(h'01020304')", "d74401020304"),
    ("24(h'6449455446')", "d818456449455446"),
    ("32(\"http://www.example.com\")", "d82076687474703a2f2f7777772e6578616d706c652e636f6d"),
    ("h''", "40"),
    ("h'01020304'", "4401020304"),
    ("\"\"", "60"),
    ("\"a\"", "6161"),
    ("\"IETF\"", "6449455446"),
    ("\"\\\"\\\\\"", "62225c"),
    ("\"\\u00fc\"", "62c3bc"),
    ("\"\\u6c34\"", "63e6b0b4"),
    ("\"\\ud800\\udd51\"", "64f0908591"),
    ("[]", "80"),
    ("[1, 2, 3]", "83010203"),
    ("[1, [2, 3], [4, 5]]", "8301820203820405"),
    (
        "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]",
        "98190102030405060708090a0b0c0d0e0f101112131415161718181819",
    ),
    ("{}", "a0"),
    ("{1: 2, 3: 4}", "a201020304"),
    ("{\"a\": 1, \"b\": [2, 3]}", "a26161016162820203"),
    ("[\"a\", {\"b\": \"c\"}]", "826161a161626163"),
    (
        "{\"a\": \"A\", \"b\": \"B\", \"c\": \"C\", \"d\": \"D\", \"e\": \"E\"}",
        "a56161614161626142616361436164614461656145",
    ),
    ("(_ h'0102', h'030405')", "5f42010243030405ff"),
    ("(_ \"strea\", \"ming\")", "7f657374726561646d696e67ff"),
    ("[_ ]", "9fff"),
    ("[_ 1, [2, 3], [_ 4, 5]]", "9f018202039f0405ffff"),
    ("[_ 1, [2, 3], [4, 5]]", "9f01820203820405ff"),
    ("[1, [2, 3], [_ 4, 5]]", "83018202039f0405ff"),
    ("[1, [_ 2, 3], [4, 5]]", "83019f0203ff820405"),
    (
        "[_ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]",
        "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff",
    ),
    ("{_ \"a\": 1, \"b\": [_ 2, 3]}", "bf61610161629f0203ffff"),
    ("[\"a\", {_ \"b\": \"c\"}]", "826161bf61626163ff"),
    ("{_ \"Fun\": true, \"Amt\": -2}", "bf6346756ef563416d7421ff"),
];

/// The six examples of infinities and NaN in single and double precision,
/// wider than preferred serialization (§4.1) writes them.
fn is_wide_float(rfc: &str, hex: &str) -> bool {
    (hex.starts_with("fa") || hex.starts_with("fb")) && matches!(rfc, "Infinity" | "NaN" | "-Infinity")
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
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
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
        assert_eq!(parse_diagnostic(&diagnostic(&bytes)).unwrap(), bytes, "0x{h}");
    }
}

#[test]
fn rfc8949_4_2_1_deterministic_examples_pass_and_others_are_fixed() {
    let mut deterministic = 0;
    for (rfc, h) in APPENDIX_A {
        let bytes = hex(h);
        let indefinite = is_indefinite(rfc);
        let wide_float = is_wide_float(rfc, h);
        assert_eq!(check_deterministic(&bytes).is_ok(), !indefinite && !wide_float, "{rfc}");
        deterministic += usize::from(!indefinite && !wide_float);
        let fixed = to_deterministic(&bytes).unwrap();
        check_deterministic(&fixed).unwrap();
    }
    assert_eq!(deterministic, 81 - 11 - 6);
}
