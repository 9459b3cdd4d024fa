//! The walk over a typed property set's fields ([`Visit`]) and the three
//! walkers: one sizes and checks the set, one writes it, one finds the
//! property at a place for the iterator. A set's `visit` names its fields
//! in wire order once; monomorphised for each walker it compiles to
//! straight-line code, with no dispatch per property.

use crate::property::{Property, Sized, id, put_string};
use crate::read::MAX_VARIABLE_BYTE_INTEGER;
use crate::scan;
use crate::write::{Writer, binary_len, variable_byte_integer_len};

/// What a typed property set shows a walker, field by field in wire order.
/// Each call is one slot: a single-use property (`None` when absent), or
/// the list of a property that repeats.
pub(crate) trait Visit<'a> {
    /// A byte property whose values are 0 and 1.
    fn flag(&mut self, id: u8, value: Option<u8>);
    /// A two-byte integer; `non_zero`: 0 is out of range.
    fn two(&mut self, id: u8, value: Option<u16>, non_zero: bool);
    /// A four-byte integer; `non_zero`: 0 is out of range.
    fn four(&mut self, id: u8, value: Option<u32>, non_zero: bool);
    /// A UTF-8 Encoded String.
    fn text(&mut self, id: u8, value: Option<&'a str>);
    /// Binary Data.
    fn binary(&mut self, id: u8, value: Option<&'a [u8]>);
    /// User Properties, in order.
    fn user_properties(&mut self, pairs: &'a [(&'a str, &'a str)]);
    /// Subscription Identifiers, in order.
    fn subscription_identifiers(&mut self, ids: &'a [u32]);
}

/// Sizes a set and checks its values: [`Sized`] summed over its properties
/// ([`Sizer::finish`]).
pub(crate) struct Sizer {
    /// Also check the strings' "no U+0000" [MQTT-1.5.4-2].
    pub(crate) strings: bool,
    pub(crate) sized: Sized,
    /// The lengths of the strings and binary data, OR-ed: at most 65,535
    /// exactly when each is, one test for the set.
    lens: usize,
}

impl Sizer {
    pub(crate) const fn new(strings: bool) -> Self {
        Self {
            strings,
            sized: Sized {
                len: 0,
                in_range: true,
                fits: true,
            },
            lens: 0,
        }
    }

    /// The sum over the set.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub(crate) fn finish(&self) -> Sized {
        Sized {
            fits: self.lens <= usize::from(u16::MAX),
            ..self.sized
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn add(&mut self, len: usize, in_range: bool) {
        self.sized.len = self.sized.len.saturating_add(len);
        self.sized.in_range &= in_range;
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn add_field(&mut self, len: usize) {
        self.add(1 + binary_len(len), true);
        self.lens |= len;
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn add_text(&mut self, text: &str) {
        self.add_field(text.len());
        self.sized.in_range &= !self.strings || !scan::has_nul(text);
    }
}

impl<'a> Visit<'a> for Sizer {
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn flag(&mut self, _: u8, value: Option<u8>) {
        if let Some(v) = value {
            self.add(2, v <= 1);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn two(&mut self, _: u8, value: Option<u16>, non_zero: bool) {
        if let Some(v) = value {
            self.add(3, !non_zero || v != 0);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn four(&mut self, _: u8, value: Option<u32>, non_zero: bool) {
        if let Some(v) = value {
            self.add(5, !non_zero || v != 0);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn text(&mut self, _: u8, value: Option<&'a str>) {
        if let Some(text) = value {
            self.add_text(text);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn binary(&mut self, _: u8, value: Option<&'a [u8]>) {
        if let Some(bytes) = value {
            self.add_field(bytes.len());
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn user_properties(&mut self, pairs: &'a [(&'a str, &'a str)]) {
        for (name, value) in pairs {
            self.add_text(name);
            self.add_text(value);
            // One identifier for the pair, not one per string.
            self.sized.len = self.sized.len.saturating_sub(1);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn subscription_identifiers(&mut self, ids: &'a [u32]) {
        for &v in ids {
            let in_range = (1..=MAX_VARIABLE_BYTE_INTEGER).contains(&v);
            self.add(1 + variable_byte_integer_len(v), in_range);
        }
    }
}

/// Writes a set a [`Sizer`] checked; `scan`: look for U+0000 in its strings
/// while copying them, [`Putter::nul`] then says if one holds it.
pub(crate) struct Putter<'w, 'b> {
    pub(crate) w: &'w mut Writer<'b>,
    pub(crate) scan: bool,
    /// The strings' U+0000 marks, OR-ed: one test for the set.
    pub(crate) marks: usize,
}

impl<'w, 'b> Putter<'w, 'b> {
    pub(crate) const fn new(w: &'w mut Writer<'b>, scan: bool) -> Self {
        Self { w, scan, marks: 0 }
    }

    /// `true` if a string written holds U+0000 (when scanned).
    pub(crate) const fn nul(&self) -> bool {
        self.marks != 0
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn string(&mut self, text: &str) {
        self.marks |= put_string(self.w, text, self.scan);
    }
}

impl<'a> Visit<'a> for Putter<'_, '_> {
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn flag(&mut self, id: u8, value: Option<u8>) {
        if let Some(v) = value {
            self.w.put_array([id, v]);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn two(&mut self, id: u8, value: Option<u16>, _: bool) {
        if let Some(v) = value {
            let [high, low] = v.to_be_bytes();
            self.w.put_array([id, high, low]);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn four(&mut self, id: u8, value: Option<u32>, _: bool) {
        if let Some(v) = value {
            let [a, b, c, d] = v.to_be_bytes();
            self.w.put_array([id, a, b, c, d]);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn text(&mut self, id: u8, value: Option<&'a str>) {
        if let Some(text) = value {
            self.w.put_array([id]);
            self.string(text);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn binary(&mut self, id: u8, value: Option<&'a [u8]>) {
        if let Some(bytes) = value {
            self.w.put_array([id]);
            self.w.put_prefixed(bytes);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn user_properties(&mut self, pairs: &'a [(&'a str, &'a str)]) {
        for (name, value) in pairs {
            self.w.put_array([id::USER_PROPERTY]);
            self.string(name);
            self.string(value);
        }
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn subscription_identifiers(&mut self, ids: &'a [u32]) {
        for &v in ids {
            self.w.put_array([id::SUBSCRIPTION_IDENTIFIER]);
            self.w.put_variable_byte_integer(v);
        }
    }
}

/// Finds whether a set has no property at all.
pub(crate) struct Empty(pub(crate) bool);

impl<'a> Visit<'a> for Empty {
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn flag(&mut self, _: u8, value: Option<u8>) {
        self.0 &= value.is_none();
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn two(&mut self, _: u8, value: Option<u16>, _: bool) {
        self.0 &= value.is_none();
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn four(&mut self, _: u8, value: Option<u32>, _: bool) {
        self.0 &= value.is_none();
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn text(&mut self, _: u8, value: Option<&'a str>) {
        self.0 &= value.is_none();
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn binary(&mut self, _: u8, value: Option<&'a [u8]>) {
        self.0 &= value.is_none();
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn user_properties(&mut self, pairs: &'a [(&'a str, &'a str)]) {
        self.0 &= pairs.is_empty();
    }

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn subscription_identifiers(&mut self, ids: &'a [u32]) {
        self.0 &= ids.is_empty();
    }
}

/// Finds the property at slot `slot`, entry `entry` of a set, for its
/// iterator: `found` is it, `entries` how many the slot holds.
pub(crate) struct At<'a> {
    slot: usize,
    entry: usize,
    /// The slot being visited.
    current: usize,
    pub(crate) found: Option<Property<'a>>,
    pub(crate) entries: usize,
}

impl<'a> At<'a> {
    pub(crate) const fn new(slot: usize, entry: usize) -> Self {
        Self {
            slot,
            entry,
            current: 0,
            found: None,
            entries: 0,
        }
    }

    /// `true` once the walk passed `slot`: there was such a slot.
    pub(crate) const fn reached(&self) -> bool {
        self.current > self.slot
    }

    /// Visits one slot of `entries` entries, `make` building the one asked for.
    fn slot(&mut self, entries: usize, make: impl FnOnce(usize) -> Option<Property<'a>>) {
        if self.current == self.slot {
            self.entries = entries;
            if self.entry < entries {
                self.found = make(self.entry);
            }
        }
        self.current += 1;
    }
}

impl<'a> Visit<'a> for At<'a> {
    fn flag(&mut self, id: u8, value: Option<u8>) {
        self.slot(usize::from(value.is_some()), |_| {
            let v = value?;
            Some(match id {
                id::PAYLOAD_FORMAT_INDICATOR => Property::PayloadFormatIndicator(v),
                id::REQUEST_PROBLEM_INFORMATION => Property::RequestProblemInformation(v),
                id::REQUEST_RESPONSE_INFORMATION => Property::RequestResponseInformation(v),
                _ => return None,
            })
        });
    }

    fn two(&mut self, id: u8, value: Option<u16>, _: bool) {
        self.slot(usize::from(value.is_some()), |_| {
            let v = value?;
            Some(match id {
                id::TOPIC_ALIAS => Property::TopicAlias(v),
                id::RECEIVE_MAXIMUM => Property::ReceiveMaximum(v),
                id::TOPIC_ALIAS_MAXIMUM => Property::TopicAliasMaximum(v),
                _ => return None,
            })
        });
    }

    fn four(&mut self, id: u8, value: Option<u32>, _: bool) {
        self.slot(usize::from(value.is_some()), |_| {
            let v = value?;
            Some(match id {
                id::MESSAGE_EXPIRY_INTERVAL => Property::MessageExpiryInterval(v),
                id::SESSION_EXPIRY_INTERVAL => Property::SessionExpiryInterval(v),
                id::WILL_DELAY_INTERVAL => Property::WillDelayInterval(v),
                id::MAXIMUM_PACKET_SIZE => Property::MaximumPacketSize(v),
                _ => return None,
            })
        });
    }

    fn text(&mut self, id: u8, value: Option<&'a str>) {
        self.slot(usize::from(value.is_some()), |_| {
            let v = value?;
            Some(match id {
                id::CONTENT_TYPE => Property::ContentType(v),
                id::RESPONSE_TOPIC => Property::ResponseTopic(v),
                id::AUTHENTICATION_METHOD => Property::AuthenticationMethod(v),
                _ => return None,
            })
        });
    }

    fn binary(&mut self, id: u8, value: Option<&'a [u8]>) {
        self.slot(usize::from(value.is_some()), |_| {
            let v = value?;
            Some(match id {
                id::CORRELATION_DATA => Property::CorrelationData(v),
                id::AUTHENTICATION_DATA => Property::AuthenticationData(v),
                _ => return None,
            })
        });
    }

    fn user_properties(&mut self, pairs: &'a [(&'a str, &'a str)]) {
        self.slot(pairs.len(), |entry| {
            let &(name, value) = pairs.get(entry)?;
            Some(Property::UserProperty(name, value))
        });
    }

    fn subscription_identifiers(&mut self, ids: &'a [u32]) {
        self.slot(ids.len(), |entry| {
            ids.get(entry).map(|&v| Property::SubscriptionIdentifier(v))
        });
    }
}
