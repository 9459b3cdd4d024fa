//! RFC 8949 Appendix F.1: every example of not-well-formed CBOR is refused,
//! truncated input as incomplete and the rest as the rule it breaks.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use iotm_cbor::{Decoder, Major, Rule};
use iotm_wire::ErrorKind;

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.split_whitespace().collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn skip_error(input: &str) -> ErrorKind<Rule> {
    let bytes = hex(input);
    let mut d = Decoder::new(&bytes);
    match d.skip() {
        Ok(()) => panic!("0x{input} was accepted"),
        Err(e) => e.kind(),
    }
}

fn assert_all_incomplete(examples: &[&str]) {
    for input in examples {
        assert!(
            matches!(skip_error(input), ErrorKind::Incomplete { .. }),
            "0x{input}: {:?}",
            skip_error(input)
        );
    }
}

fn assert_all(examples: &[&str], rule: Rule) {
    for input in examples {
        assert_eq!(skip_error(input), ErrorKind::Malformed(rule), "0x{input}");
    }
}

#[test]
fn rfc8949_f1_end_of_input_in_a_head_is_incomplete() {
    assert_all_incomplete(&[
        "18",
        "19",
        "1a",
        "1b",
        "19 01",
        "1a 01 02",
        "1b 01 02 03 04 05 06 07",
        "38",
        "58",
        "78",
        "98",
        "9a 01 ff 00",
        "b8",
        "d8",
        "f8",
        "f9 00",
        "fa 00 00",
        "fb 00 00 00",
    ]);
}

#[test]
fn rfc8949_f1_definite_length_strings_with_short_data_are_incomplete() {
    assert_all_incomplete(&[
        "41",
        "61",
        "5a ff ff ff ff 00",
        "5b ff ff ff ff ff ff ff ff 01 02 03",
        "7a ff ff ff ff 00",
        "7b 7f ff ff ff ff ff ff ff 01 02 03",
    ]);
}

#[test]
fn rfc8949_f1_definite_length_maps_and_arrays_without_enough_items_are_incomplete() {
    assert_all_incomplete(&[
        "81",
        "81 81 81 81 81 81 81 81 81",
        "82 00",
        "a1",
        "a2 01 02",
        "a1 00",
        "a2 00 00 00",
    ]);
}

#[test]
fn rfc8949_f1_tag_without_content_is_incomplete() {
    assert_all_incomplete(&["c0"]);
}

#[test]
fn rfc8949_f1_indefinite_length_items_without_break_are_incomplete() {
    assert_all_incomplete(&[
        "5f 41 00",
        "7f 61 00",
        "9f",
        "9f 01 02",
        "bf",
        "bf 01 02 01 02",
        "81 9f",
        "9f 80 00",
        "9f 9f 9f 9f 9f ff ff ff ff",
        "9f 81 9f 81 9f 9f ff ff ff",
    ]);
}

#[test]
fn rfc8949_f1_reserved_additional_information_is_malformed() {
    for major in 0..8u8 {
        for ai in 28..=30u8 {
            let byte = format!("{:02x}", major << 5 | ai);
            assert_eq!(
                skip_error(&byte),
                ErrorKind::Malformed(Rule::ReservedAdditionalInfo(ai))
            );
        }
    }
}

#[test]
fn rfc8949_f1_reserved_two_byte_simple_values_are_malformed() {
    assert_all(
        &["f8 00", "f8 01", "f8 18", "f8 1f"],
        Rule::TwoByteSimpleBelow32,
    );
}

#[test]
fn rfc8949_f1_indefinite_string_chunks_of_the_wrong_type_are_malformed() {
    assert_all(
        &[
            "5f 00 ff",
            "5f 21 ff",
            "5f 61 00 ff",
            "5f 80 ff",
            "5f a0 ff",
            "5f c0 00 ff",
            "5f e0 ff",
            "7f 41 00 ff",
        ],
        Rule::InvalidChunk,
    );
}

#[test]
fn rfc8949_f1_indefinite_string_chunks_of_indefinite_length_are_malformed() {
    assert_all(
        &["5f 5f 41 00 ff ff", "7f 7f 61 00 ff ff"],
        Rule::InvalidChunk,
    );
}

#[test]
fn rfc8949_f1_break_outside_an_indefinite_length_item_is_malformed() {
    assert_all(
        &[
            "ff",
            "81 ff",
            "82 00 ff",
            "a1 ff",
            "a1 ff 00",
            "a1 00 ff",
            "a2 00 00 ff",
            "9f 81 ff",
            "9f 82 9f 81 9f 9f ff ff ff ff",
        ],
        Rule::UnexpectedBreak,
    );
}

#[test]
fn rfc8949_f1_break_in_value_position_of_an_indefinite_map_is_malformed() {
    assert_all(&["bf 00 ff", "bf 00 00 00 ff"], Rule::MapWithoutValue);
}

#[test]
fn rfc8949_f1_indefinite_length_integers_and_tags_are_malformed() {
    assert_eq!(
        skip_error("1f"),
        ErrorKind::Malformed(Rule::IndefiniteNotAllowed(Major::Unsigned))
    );
    assert_eq!(
        skip_error("3f"),
        ErrorKind::Malformed(Rule::IndefiniteNotAllowed(Major::Negative))
    );
    assert_eq!(
        skip_error("df"),
        ErrorKind::Malformed(Rule::IndefiniteNotAllowed(Major::Tag))
    );
}

#[test]
fn rfc8949_3_1_text_strings_must_be_utf8() {
    let e = Decoder::new(&hex("62 c3 28")).skip().unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::Malformed(Rule::InvalidUtf8), 1)
    );
    let e = Decoder::new(&hex("62 c3 28")).str().unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::Malformed(Rule::InvalidUtf8), 1)
    );
}

#[test]
fn nesting_beyond_the_limit_is_refused_not_a_stack_overflow() {
    let deep = vec![0x81u8; 100_000];
    let e = Decoder::new(&deep).skip().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Malformed(Rule::DepthLimitExceeded));
    assert_eq!(e.offset(), 33);
    assert!(Decoder::new(&deep[..]).with_max_depth(3).skip().is_err());
}

#[test]
fn huge_counts_are_incomplete_without_looping() {
    // An array claiming 2^64-1 items, then nothing.
    let e = Decoder::new(&hex("9b ff ff ff ff ff ff ff ff"))
        .skip()
        .unwrap_err();
    assert!(e.is_incomplete());
}

#[cfg(feature = "alloc")]
#[test]
fn rfc8949_4_2_2_deterministic_encoding_has_one_nan() {
    use iotm_cbor::{check_deterministic, to_deterministic};
    assert!(check_deterministic(&hex("f9 7e 00")).is_ok());
    for other in ["f9 7e 04", "f9 fe 00", "f9 7c 01", "fa 7f c0 00 00"] {
        let e = check_deterministic(&hex(other)).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Malformed(Rule::NotPreferredSerialization),
            "{other}"
        );
        assert_eq!(to_deterministic(&hex(other)).unwrap(), hex("f9 7e 00"));
    }
}
