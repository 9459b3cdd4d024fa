//! Component identifiers (§8.4.5.1): arrays of byte strings naming where an
//! image lives.

use core::fmt;

use iotm_cbor::Decoder;

use crate::map::more;
use crate::rule::{Error, Rule, cbor, or_rule};

/// A `SUIT_Component_Identifier`, `[* bstr]`, borrowed in its encoded form.
/// Two identifiers are equal when their encodings are, wherever they sit.
#[derive(Clone, Copy)]
pub struct ComponentId<'a> {
    /// The encoded array.
    encoded: &'a [u8],
    /// Offset of the array in the envelope.
    offset: usize,
}

impl<'a> ComponentId<'a> {
    /// The empty identifier `[]`.
    pub const EMPTY: ComponentId<'static> = ComponentId {
        encoded: &[0x80],
        offset: 0,
    };

    /// Reads and checks an identifier.
    pub(crate) fn decode(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let offset = d.offset();
        let start = d.position();
        let len = d
            .array()
            .map_err(|e| or_rule(e, Rule::InvalidComponentIdentifier, offset))?;
        let mut index = 0;
        while more(d, len, index)? {
            let at = d.offset();
            d.bytes()
                .map_err(|e| or_rule(e, Rule::InvalidComponentIdentifier, at))?;
            index += 1;
        }
        let encoded = d.input().get(start..d.position()).unwrap_or_default();
        Ok(Self { encoded, offset })
    }

    /// The identifier as encoded in the manifest.
    pub const fn encoded(&self) -> &'a [u8] {
        self.encoded
    }

    /// Offset of the identifier in the envelope.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The byte-string segments, in order.
    pub fn segments(&self) -> Segments<'a> {
        let mut d = Decoder::new(self.encoded);
        let len = d.array().ok().flatten();
        Segments { d, len, index: 0 }
    }

    /// Whether `segments` are this identifier's segments.
    pub fn is(&self, segments: &[&[u8]]) -> bool {
        self.segments().eq(segments.iter().copied())
    }
}

/// The segments of a [`ComponentId`].
#[derive(Clone, Debug)]
pub struct Segments<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
}

impl<'a> Iterator for Segments<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        // The identifier was checked when decoded: errors cannot occur.
        if !more(&mut self.d, self.len, self.index).ok()? {
            return None;
        }
        self.index += 1;
        self.d.bytes().ok()
    }
}

impl PartialEq for ComponentId<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.encoded == other.encoded
    }
}

impl Eq for ComponentId<'_> {}

impl core::hash::Hash for ComponentId<'_> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.encoded.hash(state);
    }
}

impl fmt::Debug for ComponentId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// `['00', 'slot-a']`: printable segments as text, others as hex.
impl fmt::Display for ComponentId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, segment) in self.segments().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match core::str::from_utf8(segment) {
                Ok(text)
                    if !text.is_empty()
                        && text.chars().all(|c| c.is_ascii_graphic() || c == ' ') =>
                {
                    write!(f, "'{text}'")?;
                }
                _ => {
                    f.write_str("h'")?;
                    for byte in segment {
                        write!(f, "{byte:02x}")?;
                    }
                    f.write_str("'")?;
                }
            }
        }
        f.write_str("]")
    }
}

/// The component identifiers of `suit-components` (§8.4.5), in order.
#[derive(Clone, Debug)]
pub struct Components<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
}

impl<'a> Components<'a> {
    /// Reads and checks `suit-components`, which must not be empty.
    pub(crate) fn decode(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let offset = d.offset();
        let items = Decoder::with_base(d.remaining(), d.offset());
        let len = d.array().map_err(cbor)?;
        let mut index = 0;
        while more(d, len, index)? {
            ComponentId::decode(d)?;
            index += 1;
        }
        if index == 0 {
            return Err(Error::malformed(Rule::NoComponents, offset));
        }
        let mut d = items;
        let len = d.array().map_err(cbor)?;
        Ok(Self { d, len, index: 0 })
    }

    /// An empty list (a manifest without `suit-components`).
    pub(crate) const fn empty() -> Self {
        Self {
            d: Decoder::new(&[]),
            len: Some(0),
            index: 0,
        }
    }
}

impl<'a> Iterator for Components<'a> {
    type Item = ComponentId<'a>;

    fn next(&mut self) -> Option<ComponentId<'a>> {
        if !more(&mut self.d, self.len, self.index).ok()? {
            return None;
        }
        self.index += 1;
        ComponentId::decode(&mut self.d).ok()
    }
}
