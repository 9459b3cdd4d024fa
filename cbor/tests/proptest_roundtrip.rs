//! Property tests: anything the encoder writes decodes to the same value,
//! prints as diagnostic notation that parses back to the same bytes, and
//! re-encodes deterministically to a fixed point.

#![cfg(feature = "alloc")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use iotm_cbor::{
    Decoder, Diagnostic, EncodeError, Encoder, Token, Write, check_deterministic, parse_diagnostic,
    to_deterministic,
};
use proptest::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum Value {
    Int(i128),
    Bytes(Vec<u8>),
    Text(String),
    Array(Vec<Value>),
    Map(Vec<(Value, Value)>),
    Tag(u64, Box<Value>),
    Bool(bool),
    Null,
    Simple(u8),
    Float(f64),
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        (-(1i128 << 64)..(1i128 << 64)).prop_map(Value::Int),
        any::<i8>().prop_map(|i| Value::Int(i.into())),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bytes),
        ".{0,20}".prop_map(Value::Text),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        (32u8..=255).prop_map(Value::Simple),
        any::<f64>()
            .prop_filter("NaN compares unequal", |f| !f.is_nan())
            .prop_map(Value::Float),
        any::<f32>()
            .prop_filter("NaN", |f| !f.is_nan())
            .prop_map(|f| Value::Float(f.into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((inner.clone(), inner.clone()), 0..6).prop_map(Value::Map),
            (any::<u64>(), inner).prop_map(|(t, v)| Value::Tag(t, Box::new(v))),
        ]
    })
}

fn encode<W: Write>(e: &mut Encoder<W>, v: &Value) -> Result<(), EncodeError> {
    match v {
        Value::Int(i) => e.int(*i).map(|_| ()),
        Value::Bytes(b) => e.bytes(b).map(|_| ()),
        Value::Text(t) => e.str(t).map(|_| ()),
        Value::Array(items) => {
            e.array(items.len() as u64)?;
            items.iter().try_for_each(|i| encode(e, i))
        }
        Value::Map(pairs) => {
            e.map(pairs.len() as u64)?;
            pairs
                .iter()
                .try_for_each(|(k, v)| encode(e, k).and_then(|_| encode(e, v)))
        }
        Value::Tag(t, inner) => {
            e.tag(*t)?;
            encode(e, inner)
        }
        Value::Bool(b) => e.bool(*b).map(|_| ()),
        Value::Null => e.null().map(|_| ()),
        Value::Simple(s) => e.simple(*s).map(|_| ()),
        Value::Float(f) => e.f64(*f).map(|_| ()),
    }
}

fn decode(d: &mut Decoder<'_>) -> Value {
    match d.token().unwrap() {
        Token::Unsigned(n) => Value::Int(n.into()),
        Token::Negative(n) => Value::Int(-1 - i128::from(n)),
        Token::Bytes(b) => Value::Bytes(b.to_vec()),
        Token::Text(t) => Value::Text(t.to_string()),
        Token::Array(n) => Value::Array((0..n).map(|_| decode(d)).collect()),
        Token::Map(n) => Value::Map((0..n).map(|_| (decode(d), decode(d))).collect()),
        Token::Tag(t) => Value::Tag(t, Box::new(decode(d))),
        Token::Bool(b) => Value::Bool(b),
        Token::Null => Value::Null,
        Token::Simple(s) => Value::Simple(s),
        Token::Float(f) => Value::Float(f),
        other => panic!("unexpected token {other:?}"),
    }
}

proptest! {
    #[test]
    fn decode_of_encode_is_identity(v in value()) {
        let len = iotm_cbor::encoded_len(|e| encode(e, &v)).unwrap();
        let mut buf = vec![0u8; len];
        let mut e = Encoder::from_slice(&mut buf);
        encode(&mut e, &v).unwrap();
        prop_assert_eq!(e.into_written().len(), len);
        let mut d = Decoder::new(&buf);
        prop_assert_eq!(decode(&mut d), v);
        d.finish().unwrap();
        // Skipping sees the same extent.
        prop_assert_eq!(Decoder::new(&buf).item().unwrap(), &buf[..]);
    }

    #[test]
    fn diagnostic_notation_round_trips_the_bytes(v in value()) {
        let mut bytes = Vec::new();
        encode(&mut Encoder::new(&mut bytes), &v).unwrap();
        let (diag, _) = Diagnostic::new(&bytes).unwrap();
        prop_assert_eq!(parse_diagnostic(&diag.to_string()).unwrap(), bytes);
    }

    #[test]
    fn to_deterministic_is_a_checked_fixed_point(v in value()) {
        let mut bytes = Vec::new();
        encode(&mut Encoder::new(&mut bytes), &v).unwrap();
        match to_deterministic(&bytes) {
            Ok(fixed) => {
                check_deterministic(&fixed).unwrap();
                prop_assert_eq!(to_deterministic(&fixed).unwrap(), fixed);
            }
            // Generated maps may repeat a key; that is the only refusal.
            Err(e) => prop_assert_eq!(e.rule(), Some(&iotm_cbor::Rule::DuplicateMapKey)),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = Decoder::new(&bytes).skip();
        let _ = check_deterministic(&bytes);
        if let Ok((diag, _)) = Diagnostic::new(&bytes) {
            let text = diag.to_string();
            let reparsed = parse_diagnostic(&text).unwrap();
            if text.contains(" /bits ") && reparsed != diag.item() {
                // A NaN with a sign or payload parses back canonical; all
                // else must come back byte for byte.
                prop_assert!(same_but_nan_bits(diag.item(), &reparsed));
            } else {
                prop_assert_eq!(&reparsed[..], diag.item());
            }
        }
    }
}

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
