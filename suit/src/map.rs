//! Reading the integer-keyed maps SUIT is made of, refusing duplicate keys
//! without an allocator.

use iotm_cbor::{DataType, Decoder};

use crate::rule::{Error, Rule, cbor};

/// Keys the bit set tracks directly; others are checked by re-reading the
/// keys before them (rare: custom parameters, text keys of envelopes).
const TRACKED: i64 = 64;

/// Duplicate-key detection for one map.
#[derive(Debug)]
pub(crate) struct SeenKeys<'a> {
    bits: u64,
    /// The map's first entry, to re-read earlier keys from.
    entries: Decoder<'a>,
    /// Entries read so far.
    count: u64,
}

/// A map key, as compared against the keys before it.
#[derive(Clone, Copy)]
enum Key<'k> {
    Int(i64),
    Text(&'k str),
}

impl<'a> SeenKeys<'a> {
    /// A tracker for the map whose first entry `entries` is at.
    pub(crate) fn new(entries: &Decoder<'a>) -> Self {
        Self {
            bits: 0,
            entries: entries.clone(),
            count: 0,
        }
    }

    /// Records an integer key read at `offset`; a repeat is
    /// [`Rule::DuplicateKey`].
    pub(crate) fn insert(&mut self, key: i64, offset: usize) -> Result<(), Error> {
        let duplicate = if (0..TRACKED).contains(&key) {
            let bit = 1u64 << key;
            let seen = self.bits & bit != 0;
            self.bits |= bit;
            seen
        } else {
            self.seen_before(Key::Int(key))?
        };
        self.record(duplicate, offset)
    }

    /// Records a text key (envelopes carry integrated payloads under them).
    pub(crate) fn insert_text(&mut self, key: &str, offset: usize) -> Result<(), Error> {
        let duplicate = self.seen_before(Key::Text(key))?;
        self.record(duplicate, offset)
    }

    fn record(&mut self, duplicate: bool, offset: usize) -> Result<(), Error> {
        if duplicate {
            return Err(Error::malformed(Rule::DuplicateKey, offset));
        }
        self.count += 1;
        Ok(())
    }

    /// Re-reads the keys recorded so far (bounded by the map's own length).
    fn seen_before(&self, key: Key<'_>) -> Result<bool, Error> {
        let mut d = self.entries.clone();
        for _ in 0..self.count {
            let found = match (d.datatype().map_err(cbor)?, key) {
                (t, Key::Int(key)) if is_integer(t) => d.i64().map_err(cbor)? == key,
                (DataType::Text, Key::Text(key)) => d.str().map_err(cbor)? == key,
                _ => {
                    d.skip().map_err(cbor)?;
                    false
                }
            };
            if found {
                return Ok(true);
            }
            d.skip().map_err(cbor)?;
        }
        Ok(false)
    }
}

/// Reads a map whose keys are all integers, calling `entry` with each key,
/// the key's offset and the decoder at the value; `entry` must read the
/// value. Definite and indefinite maps are accepted; repeated keys are not.
pub(crate) fn int_map<'a>(
    d: &mut Decoder<'a>,
    mut entry: impl FnMut(i64, usize, &mut Decoder<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    let len = d.map().map_err(cbor)?;
    let mut seen = SeenKeys::new(d);
    let mut index = 0u64;
    while more(d, len, index)? {
        let offset = d.offset();
        let key = d.i64().map_err(cbor)?;
        seen.insert(key, offset)?;
        entry(key, offset, d)?;
        index += 1;
    }
    Ok(())
}

/// Whether a container of `len` items (`None`: indefinite) has another item
/// after `index` of them; reads the break of an indefinite one.
pub(crate) fn more(d: &mut Decoder<'_>, len: Option<u64>, index: u64) -> Result<bool, Error> {
    match len {
        Some(len) => Ok(index < len),
        None if d.is_break() => d.read_break().map(|()| false).map_err(cbor),
        None => Ok(true),
    }
}

/// `true` for the two integer major types.
pub(crate) const fn is_integer(t: DataType) -> bool {
    matches!(t, DataType::Unsigned | DataType::Negative)
}
