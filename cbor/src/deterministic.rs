//! Deterministically encoded CBOR (RFC 8949 §4.2.1): a checker that needs no
//! allocator, and (with `alloc`) a re-encoder that produces it from any
//! well-formed item, for signing and hashing.

use crate::float::{Shortest, f16_to_f64, shortest};
use crate::head::{Head, Width};
use crate::{Decoder, Error, Major, Rule};

/// Checks that `item` is exactly one data item in deterministic encoding
/// (RFC 8949 §4.2.1): every argument and float in its shortest form, no
/// indefinite lengths, map keys in strictly increasing bytewise order of
/// their encodings (so no duplicates), valid UTF-8, nothing after it.
///
/// ```
/// use iotm_cbor::{Rule, check_deterministic};
///
/// assert!(check_deterministic(&[0xa2, 0x01, 0x02, 0x03, 0x04]).is_ok()); // {1: 2, 3: 4}
/// let unsorted = check_deterministic(&[0xa2, 0x03, 0x04, 0x01, 0x02]).unwrap_err();
/// assert_eq!(unsorted.rule(), Some(&Rule::MapKeysNotSorted));
/// assert_eq!(unsorted.offset(), 3);
/// ```
///
/// # Errors
/// The first rule broken, at its offset.
pub fn check_deterministic(item: &[u8]) -> Result<(), Error> {
    let mut decoder = Decoder::new(item);
    check_item(&mut decoder, 0)?;
    decoder.finish()
}

fn check_head(d: &mut Decoder<'_>, depth: usize) -> Result<(Head, usize), Error> {
    if depth > crate::DEFAULT_MAX_DEPTH {
        return Err(d.malformed(Rule::DepthLimitExceeded));
    }
    let offset = d.offset();
    let head = d.head()?;
    if head.is_break() {
        return Err(Error::malformed(Rule::UnexpectedBreak, offset));
    }
    if head.width == Width::Indefinite {
        return Err(Error::malformed(
            Rule::IndefiniteLengthNotDeterministic,
            offset,
        ));
    }
    let preferred = if head.major == Major::Simple {
        float_is_shortest(&head)
    } else {
        head.is_preferred_argument()
    };
    if !preferred {
        return Err(Error::malformed(Rule::NotPreferredSerialization, offset));
    }
    Ok((head, offset))
}

fn float_is_shortest(head: &Head) -> bool {
    let value = match head.width {
        // Deterministic encoding has one NaN: the quiet half-precision 0xf97e00
        // that `to_deterministic` writes (§4.2.2); other NaNs (a sign, a
        // payload, a signalling bit) would make equal-looking items differ.
        Width::Two if head.arg & 0x7c00 == 0x7c00 && head.arg & 0x03ff != 0 => {
            return head.arg == 0x7e00;
        }
        Width::Two => f16_to_f64(u16::try_from(head.arg).unwrap_or(0)),
        Width::Four => f64::from(f32::from_bits(u32::try_from(head.arg).unwrap_or(0))),
        Width::Eight => f64::from_bits(head.arg),
        // Simple values: the head check already saw their shortest form.
        Width::Immediate | Width::One | Width::Indefinite => return true,
    };
    matches!(
        (shortest(value), head.width),
        (Shortest::Half(_), Width::Two)
            | (Shortest::Single(_), Width::Four)
            | (Shortest::Double(_), Width::Eight)
    )
}

fn check_item(d: &mut Decoder<'_>, depth: usize) -> Result<(), Error> {
    let (head, _) = check_head(d, depth)?;
    match head.major {
        Major::Unsigned | Major::Negative | Major::Simple => Ok(()),
        Major::Bytes => d.take(head.arg).map(|_| ()),
        Major::Text => {
            let offset = d.offset();
            let text = d.take(head.arg)?;
            core::str::from_utf8(text)
                .map(|_| ())
                .map_err(|e| Error::malformed(Rule::InvalidUtf8, offset + e.valid_up_to()))
        }
        Major::Array => {
            // Each item consumes a byte or fails: bounded by the input.
            (0..head.arg).try_for_each(|_| check_item(d, depth + 1))
        }
        Major::Map => {
            let mut previous: Option<&[u8]> = None;
            for _ in 0..head.arg {
                let key_start = d.position();
                let key_offset = d.offset();
                check_item(d, depth + 1)?;
                let key = d.input().get(key_start..d.position()).unwrap_or_default();
                if let Some(previous) = previous {
                    match previous.cmp(key) {
                        core::cmp::Ordering::Less => {}
                        core::cmp::Ordering::Equal => {
                            return Err(Error::malformed(Rule::DuplicateMapKey, key_offset));
                        }
                        core::cmp::Ordering::Greater => {
                            return Err(Error::malformed(Rule::MapKeysNotSorted, key_offset));
                        }
                    }
                }
                previous = Some(key);
                check_item(d, depth + 1)?;
            }
            Ok(())
        }
        Major::Tag => check_item(d, depth + 1),
    }
}

#[cfg(feature = "alloc")]
pub use canonical::to_deterministic;

#[cfg(feature = "alloc")]
mod canonical {
    use alloc::vec::Vec;

    use crate::head::Width;
    use crate::{Decoder, Encoder, Error, Major, Rule, Token};

    /// Re-encodes the one data item in `input` in deterministic encoding
    /// (RFC 8949 §4.2.1): shortest arguments and floats, definite lengths
    /// (indefinite strings are joined), map entries sorted by the bytes of
    /// their keys. The result passes [`check_deterministic`](crate::check_deterministic).
    ///
    /// ```
    /// use iotm_cbor::to_deterministic;
    ///
    /// // {_ 3: 4, 1: 2_1} becomes {1: 2, 3: 4}
    /// let loose = [0xbf, 0x03, 0x04, 0x01, 0x19, 0x00, 0x02, 0xff];
    /// assert_eq!(to_deterministic(&loose)?, [0xa2, 0x01, 0x02, 0x03, 0x04]);
    /// # Ok::<(), iotm_cbor::Error>(())
    /// ```
    ///
    /// # Errors
    /// Malformed or truncated input, trailing bytes, and
    /// [`Rule::DuplicateMapKey`] when two keys encode the same.
    pub fn to_deterministic(input: &[u8]) -> Result<Vec<u8>, Error> {
        let mut decoder = Decoder::new(input);
        // Checking well-formedness first bounds the recursion and the loops below.
        let item = decoder.item()?;
        decoder.finish()?;
        let mut out = Vec::with_capacity(item.len());
        encode_item(&mut Decoder::new(item), &mut out)?;
        Ok(out)
    }

    fn encode_item(d: &mut Decoder<'_>, out: &mut Vec<u8>) -> Result<(), Error> {
        let mut e = Encoder::new(&mut *out);
        // Writing to a Vec cannot fail; the map_err only satisfies the types.
        let fail = |_| Error::malformed(Rule::IntegerOverflow, 0);
        match d.token()? {
            Token::Unsigned(n) => e.u64(n).map(|_| ()).map_err(fail),
            Token::Negative(n) => e.int(-1 - i128::from(n)).map(|_| ()).map_err(fail),
            Token::Bytes(b) => e.bytes(b).map(|_| ()).map_err(fail),
            Token::Text(t) => e.str(t).map(|_| ()).map_err(fail),
            Token::BytesIndefinite => {
                let mut joined = Vec::new();
                while !d.is_break() {
                    joined.extend_from_slice(d.bytes()?);
                }
                d.read_break()?;
                e.bytes(&joined).map(|_| ()).map_err(fail)
            }
            Token::TextIndefinite => {
                let mut joined = alloc::string::String::new();
                while !d.is_break() {
                    joined.push_str(d.str()?);
                }
                d.read_break()?;
                e.str(&joined).map(|_| ()).map_err(fail)
            }
            Token::Array(n) => {
                e.array(n).map_err(fail)?;
                (0..n).try_for_each(|_| encode_item(d, out))
            }
            Token::ArrayIndefinite => {
                let mut items = Vec::new();
                let mut count = 0u64;
                while !d.is_break() {
                    encode_item(d, &mut items)?;
                    count += 1;
                }
                d.read_break()?;
                Encoder::new(&mut *out).array(count).map_err(fail)?;
                out.extend_from_slice(&items);
                Ok(())
            }
            Token::Map(n) => encode_map(d, out, Some(n)),
            Token::MapIndefinite => encode_map(d, out, None),
            Token::Tag(t) => {
                e.tag(t).map_err(fail)?;
                encode_item(d, out)
            }
            Token::Bool(b) => e.bool(b).map(|_| ()).map_err(fail),
            Token::Null => e.null().map(|_| ()).map_err(fail),
            Token::Undefined => e.undefined().map(|_| ()).map_err(fail),
            Token::Simple(s) => e.simple(s).map(|_| ()).map_err(fail),
            Token::Float(v) => e.f64(v).map(|_| ()).map_err(fail),
            Token::Break => Err(Error::malformed(Rule::UnexpectedBreak, d.offset())),
        }
    }

    fn encode_map(d: &mut Decoder<'_>, out: &mut Vec<u8>, len: Option<u64>) -> Result<(), Error> {
        let mut entries: Vec<(Vec<u8>, Vec<u8>, usize)> = Vec::new();
        let mut index = 0u64;
        loop {
            match len {
                Some(n) if index == n => break,
                None if d.is_break() => {
                    d.read_break()?;
                    break;
                }
                _ => {}
            }
            index += 1;
            let key_offset = d.offset();
            let mut key = Vec::new();
            encode_item(d, &mut key)?;
            let mut value = Vec::new();
            encode_item(d, &mut value)?;
            entries.push((key, value, key_offset));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(pair) = entries
            .windows(2)
            .find(|w| w.first().map(|a| &a.0) == w.get(1).map(|b| &b.0))
        {
            let offset = pair.get(1).map_or(0, |b| b.2);
            return Err(Error::malformed(Rule::DuplicateMapKey, offset));
        }
        let count = u64::try_from(entries.len()).unwrap_or(u64::MAX);
        Encoder::new(&mut *out)
            .head_with_width(Major::Map, count, Width::preferred(count))
            .map_err(|_| Error::malformed(Rule::IntegerOverflow, 0))?;
        for (key, value, _) in entries {
            out.extend_from_slice(&key);
            out.extend_from_slice(&value);
        }
        Ok(())
    }
}
