//! Structured round trip for `iotm-cbor`: an arbitrary value is encoded with
//! `Encoder`, sized with `encoded_len`, written into a slice of exactly that
//! size (one byte less must fail with `BufferTooSmall`), and read back with
//! `Decoder::token` into the same value.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_cbor::{Decoder, EncodeError, Encoder, Token, Write, encoded_len};
use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Nesting of generated values (containers and tags), well under the
/// decoder's default limit of 32.
const MAX_DEPTH: usize = 8;
/// Items per generated container or chunks per indefinite string.
const MAX_LEN: usize = 16;

/// A CBOR data item as the encoder can write it and the tokenizer reads it.
#[derive(Debug)]
enum Value {
    /// Any integer of the CBOR range, −2⁶⁴ to 2⁶⁴−1.
    Int(i128),
    Bytes(Vec<u8>),
    Text(String),
    /// An indefinite-length byte string of these chunks.
    BytesChunks(Vec<Vec<u8>>),
    /// An indefinite-length text string of these chunks.
    TextChunks(Vec<String>),
    Array {
        items: Vec<Value>,
        indefinite: bool,
    },
    Map {
        entries: Vec<(Value, Value)>,
        indefinite: bool,
    },
    Tag(u64, Box<Value>),
    Bool(bool),
    Null,
    Undefined,
    /// A simple value other than 20–23 (those are bool, null, undefined) and
    /// the reserved 24–31.
    Simple(u8),
    Float(f64),
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        use Value as V;
        match (self, other) {
            (V::Int(a), V::Int(b)) => a == b,
            (V::Bytes(a), V::Bytes(b)) => a == b,
            (V::Text(a), V::Text(b)) => a == b,
            (V::BytesChunks(a), V::BytesChunks(b)) => a == b,
            (V::TextChunks(a), V::TextChunks(b)) => a == b,
            (
                V::Array {
                    items: a,
                    indefinite: x,
                },
                V::Array {
                    items: b,
                    indefinite: y,
                },
            ) => x == y && a == b,
            (
                V::Map {
                    entries: a,
                    indefinite: x,
                },
                V::Map {
                    entries: b,
                    indefinite: y,
                },
            ) => x == y && a == b,
            (V::Tag(a, x), V::Tag(b, y)) => a == b && x == y,
            (V::Bool(a), V::Bool(b)) => a == b,
            (V::Null, V::Null) | (V::Undefined, V::Undefined) => true,
            (V::Simple(a), V::Simple(b)) => a == b,
            // Floats are written in their shortest exact width, so the value
            // comes back bit for bit; every NaN is written as the canonical
            // half-precision quiet NaN, so only NaN-ness survives.
            (V::Float(a), V::Float(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            _ => false,
        }
    }
}

impl<'a> Arbitrary<'a> for Value {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        arbitrary_value(u, 0)
    }
}

fn arbitrary_value(u: &mut Unstructured<'_>, depth: usize) -> arbitrary::Result<Value> {
    // Kinds 0..=8 are leaves; 9..=12 nest and are only drawn below MAX_DEPTH.
    let max_kind = if depth < MAX_DEPTH { 12 } else { 8 };
    Ok(match u.int_in_range(0..=max_kind)? {
        0 => {
            // Sign and argument, as CBOR itself carries an integer.
            let arg = u128::from(u64::arbitrary(u)?);
            let arg = i128::try_from(arg).unwrap_or(0);
            Value::Int(if bool::arbitrary(u)? { -1 - arg } else { arg })
        }
        1 => Value::Bytes(Vec::arbitrary(u)?),
        2 => Value::Text(String::arbitrary(u)?),
        3 => Value::BytesChunks(bounded(u, Vec::arbitrary)?),
        4 => Value::TextChunks(bounded(u, String::arbitrary)?),
        5 => match u.int_in_range(0..=3)? {
            0 => Value::Bool(bool::arbitrary(u)?),
            1 => Value::Null,
            2 => Value::Undefined,
            _ => {
                // 0..=19 and 32..=255.
                let n = u.int_in_range(0..=235u8)?;
                Value::Simple(if n < 20 { n } else { n + 12 })
            }
        },
        6 => Value::Float(f64::from_bits(u64::arbitrary(u)?)),
        7 => Value::Float(f64::from(f32::from_bits(u32::arbitrary(u)?))),
        8 => Value::Float(f16_to_f64(u16::arbitrary(u)?)),
        9 => Value::Array {
            items: bounded(u, |u| arbitrary_value(u, depth + 1))?,
            indefinite: bool::arbitrary(u)?,
        },
        10 => Value::Map {
            entries: bounded(u, |u| {
                Ok((
                    arbitrary_value(u, depth + 1)?,
                    arbitrary_value(u, depth + 1)?,
                ))
            })?,
            indefinite: bool::arbitrary(u)?,
        },
        11 => Value::Tag(u64::arbitrary(u)?, Box::new(arbitrary_value(u, depth + 1)?)),
        // Empty containers are worth a kind of their own.
        _ => Value::Map {
            entries: Vec::new(),
            indefinite: bool::arbitrary(u)?,
        },
    })
}

/// Up to `MAX_LEN` elements, fewer when the input runs out.
fn bounded<'a, T>(
    u: &mut Unstructured<'a>,
    mut element: impl FnMut(&mut Unstructured<'a>) -> arbitrary::Result<T>,
) -> arbitrary::Result<Vec<T>> {
    let len = u.int_in_range(0..=MAX_LEN)?;
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        if u.is_empty() {
            break;
        }
        out.push(element(u)?);
    }
    Ok(out)
}

/// IEEE 754 binary16 to f64, for generating floats whose shortest form is half.
fn f16_to_f64(bits: u16) -> f64 {
    let exp = i32::from((bits >> 10) & 0x1f);
    let mant = f64::from(bits & 0x3ff);
    let magnitude = match exp {
        0 => mant * 2f64.powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1024.0 + mant) * 2f64.powi(exp - 25),
    };
    if bits & 0x8000 == 0 {
        magnitude
    } else {
        -magnitude
    }
}

fn len(n: usize) -> u64 {
    u64::try_from(n).unwrap()
}

fn encode<W: Write>(e: &mut Encoder<W>, value: &Value) -> Result<(), EncodeError> {
    match value {
        Value::Int(n) => e.int(*n).map(drop),
        Value::Bytes(b) => e.bytes(b).map(drop),
        Value::Text(t) => e.str(t).map(drop),
        Value::BytesChunks(chunks) => {
            e.begin_bytes()?;
            for chunk in chunks {
                e.bytes(chunk)?;
            }
            e.end().map(drop)
        }
        Value::TextChunks(chunks) => {
            e.begin_str()?;
            for chunk in chunks {
                e.str(chunk)?;
            }
            e.end().map(drop)
        }
        Value::Array { items, indefinite } => {
            if *indefinite {
                e.begin_array()?;
            } else {
                e.array(len(items.len()))?;
            }
            for item in items {
                encode(e, item)?;
            }
            if *indefinite {
                e.end()?;
            }
            Ok(())
        }
        Value::Map {
            entries,
            indefinite,
        } => {
            if *indefinite {
                e.begin_map()?;
            } else {
                e.map(len(entries.len()))?;
            }
            for (key, value) in entries {
                encode(e, key)?;
                encode(e, value)?;
            }
            if *indefinite {
                e.end()?;
            }
            Ok(())
        }
        Value::Tag(tag, inner) => {
            e.tag(*tag)?;
            encode(e, inner)
        }
        Value::Bool(b) => e.bool(*b).map(drop),
        Value::Null => e.null().map(drop),
        Value::Undefined => e.undefined().map(drop),
        Value::Simple(s) => e.simple(*s).map(drop),
        Value::Float(f) => e.f64(*f).map(drop),
    }
}

/// Reads one value back, token by token.
fn decode(d: &mut Decoder<'_>) -> Value {
    match d.token().expect("token") {
        Token::Unsigned(n) => Value::Int(i128::from(n)),
        Token::Negative(n) => Value::Int(-1 - i128::from(n)),
        Token::Bytes(b) => Value::Bytes(b.to_vec()),
        Token::Text(t) => Value::Text(t.to_owned()),
        Token::BytesIndefinite => {
            let mut chunks = Vec::new();
            while !d.is_break() {
                match d.token().expect("chunk") {
                    Token::Bytes(b) => chunks.push(b.to_vec()),
                    other => panic!("byte string chunk expected, got {other:?}"),
                }
            }
            d.read_break().expect("break");
            Value::BytesChunks(chunks)
        }
        Token::TextIndefinite => {
            let mut chunks = Vec::new();
            while !d.is_break() {
                match d.token().expect("chunk") {
                    Token::Text(t) => chunks.push(t.to_owned()),
                    other => panic!("text string chunk expected, got {other:?}"),
                }
            }
            d.read_break().expect("break");
            Value::TextChunks(chunks)
        }
        Token::Array(n) => Value::Array {
            items: (0..n).map(|_| decode(d)).collect(),
            indefinite: false,
        },
        Token::ArrayIndefinite => {
            let mut items = Vec::new();
            while !d.is_break() {
                items.push(decode(d));
            }
            d.read_break().expect("break");
            Value::Array {
                items,
                indefinite: true,
            }
        }
        Token::Map(n) => Value::Map {
            entries: (0..n).map(|_| (decode(d), decode(d))).collect(),
            indefinite: false,
        },
        Token::MapIndefinite => {
            let mut entries = Vec::new();
            while !d.is_break() {
                entries.push((decode(d), decode(d)));
            }
            d.read_break().expect("break");
            Value::Map {
                entries,
                indefinite: true,
            }
        }
        Token::Tag(t) => Value::Tag(t, Box::new(decode(d))),
        Token::Bool(b) => Value::Bool(b),
        Token::Null => Value::Null,
        Token::Undefined => Value::Undefined,
        Token::Simple(s) => Value::Simple(s),
        Token::Float(f) => Value::Float(f),
        Token::Break => panic!("unexpected break"),
        other => panic!("unknown token {other:?}"),
    }
}

fuzz_target!(|value: Value| {
    let mut bytes = Vec::new();
    encode(&mut Encoder::new(&mut bytes), &value).expect("encoding into a Vec");

    let size = encoded_len(|e| encode(e, &value)).expect("encoded_len");
    assert_eq!(
        size,
        bytes.len(),
        "encoded_len disagrees with the bytes written"
    );

    let mut exact = vec![0u8; size];
    let mut e = Encoder::from_slice(&mut exact);
    encode(&mut e, &value).expect("encoding into a slice of encoded_len bytes");
    assert_eq!(e.into_written(), &bytes[..]);

    let mut short = vec![0u8; size - 1];
    match encode(&mut Encoder::from_slice(&mut short), &value) {
        Err(EncodeError::BufferTooSmall { needed, available }) => {
            assert_eq!(available, size - 1);
            assert!(needed > available && needed <= size);
        }
        other => panic!("a slice one byte short gave {other:?}"),
    }

    let mut d = Decoder::new(&bytes);
    let back = decode(&mut d);
    d.finish().expect("bytes left after the value");
    assert_eq!(back, value, "decode(encode(x)) != x; bytes: {bytes:02x?}");

    // The same bytes are one well-formed item.
    let mut d = Decoder::new(&bytes);
    assert_eq!(d.item().expect("skip"), &bytes[..]);
});
