//! SUBSCRIBE encoding from a filter list in one pass, for hosts: the
//! filters sized by reference, then each filter checked at a glance while
//! it is copied. The pass vouches only for a packet it finds valid; any
//! other goes to the general encoder, which names what is wrong.

use super::{Repr, Subscribe, SubscribeFilter, check_filter};
use crate::fixed_header::first_byte;
use crate::property::Context;
use crate::write::{Writer, remaining_length, variable_byte_integer_len};
use crate::{PacketType, Version, scan};

impl Subscribe<'_> {
    /// `true` if the filters are a list to encode (the encoder's fast path).
    pub(crate) const fn has_filter_list(&self) -> bool {
        matches!(self.filters.0, Repr::List(_))
    }

    /// The whole encode of a SUBSCRIBE whose filters are a list, for
    /// `Packet::encode` on hosts (bare-metal targets keep the general
    /// encoder, for flash): the packet's length, written at the start of
    /// `buf`; the same bytes as the general encoder's.
    ///
    /// `None` where the general encoder must decide: a rule broken, a field
    /// too long, a buffer too small. The checks cost little because they
    /// need not say what is wrong: the lengths are OR-ed and compared once,
    /// and each filter is checked at a glance while it is copied (see
    /// [`write_filters`]). On `None` the buffer may hold part of the packet.
    pub(crate) fn encode_list(&self, version: Version, buf: &mut [u8]) -> Option<usize> {
        let Repr::List(list) = self.filters.0 else {
            return None;
        };
        self.check_fields(version).ok()?;
        let v5 = version.is_v5();
        // Filter, length and options bytes; every length OR-ed, to check
        // at once that all fit their two-byte prefix.
        let (mut filters, mut lengths) = (0, 0);
        for f in list {
            filters += f.filter.len() + 3;
            lengths |= f.filter.len();
        }
        if lengths > usize::from(u16::MAX) {
            return None;
        }
        let properties = match (v5, self.properties.is_empty()) {
            (false, _) => 0,
            // No properties (the usual case): Property Length 0.
            (true, true) => 1,
            (true, false) => self.properties.checked_len(Context::Subscribe).ok()?,
        };
        let body = 2 + properties + filters;
        let remaining = remaining_length(body).ok()?;
        let needed = 1 + variable_byte_integer_len(remaining) + body;
        let (header, filters) = buf
            .get_mut(..needed)?
            .split_at_mut_checked(needed - filters)?;
        let mut w = Writer::new(header);
        w.put_array([first_byte(PacketType::Subscribe, 0b0010)]);
        w.put_variable_byte_integer(remaining);
        w.put_array(self.packet_id.to_be_bytes());
        if v5 {
            if self.properties.is_empty() {
                w.put_array([0]);
            } else {
                self.properties
                    .write_checked(&mut w, Context::Subscribe)
                    .ok()?;
            }
        }
        w.finish().ok()?;
        write_filters(filters, list, version)?;
        Some(needed)
    }
}

/// Writes the `list` of filters, each with its length and its options
/// byte, into `out`, which is sized for exactly them; `None` for a filter
/// that breaks a rule, or any doubt. Each filter is checked at a glance
/// while it is copied (see [`scan::copy_filter`]): it is plainly valid if
/// it is not empty, no byte but its last is one that the glance marks (so
/// no U+0000 [MQTT-1.5.4-2] and no wildcard there), its last is not U+0000 and is a wildcard only as a
/// whole level [MQTT-4.7.1-2]/[MQTT-4.7.1-3], and in 5.0 it does not start
/// with `$` (a shared subscription has rules of its own, and No Local is
/// refused on one). Any other filter is checked by every rule.
///
/// The loop keeps its state in registers: the rest of `out` as a slice,
/// and a verdict per filter rather than one carried through the loop
/// (which the compiler keeps on the stack, a store and a load a round).
#[inline(always)]
fn write_filters(out: &mut [u8], list: &[SubscribeFilter<'_>], version: Version) -> Option<()> {
    let v5 = version.is_v5();
    let mut rest = out;
    for f in list {
        let bytes = f.filter.as_bytes();
        let len = bytes.len();
        let (field, tail) = core::mem::take(&mut rest).split_at_mut_checked(len + 3)?;
        rest = tail;
        let (prefix, field) = field.split_first_chunk_mut::<2>()?;
        let (options, body) = field.split_last_mut()?;
        // The caller checked that every length fits two bytes.
        let [.., high, low] = len.to_be_bytes();
        *prefix = [high, low];
        // Tested from a register, not read back from the buffer.
        let options_byte = f.options.to_byte();
        *options = options_byte;
        let plain = scan::copy_filter(body, bytes)?
            && !(v5 && bytes.first() == Some(&b'$'))
            && match bytes {
                [.., 0] => false,
                [.., before, b'+' | b'#'] => *before == b'/',
                _ => true,
            };
        // MQTT 3.1.1 options carry the QoS only.
        if (!v5 && options_byte & !0b11 != 0) || (!plain && check_filter(f, version).is_err()) {
            return None;
        }
    }
    rest.is_empty().then_some(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    extern crate alloc;

    use super::*;
    use crate::packet::subscribe::{
        INVALID_FILTER, RetainHandling, SubscribeFilters, SubscriptionOptions,
    };
    use crate::{Packet, Properties, Property, QoS};

    /// Bare-metal targets encode a SUBSCRIBE with the general encoder: it
    /// must give the list encoder's bytes, and refuse what it refuses.
    #[test]
    fn the_list_encoder_and_the_general_encoder_agree() {
        let qos1 = SubscriptionOptions::qos(QoS::AtLeastOnce);
        let v5_options = SubscriptionOptions {
            qos: QoS::ExactlyOnce,
            no_local: true,
            retain_as_published: true,
            retain_handling: RetainHandling::DoNotSend,
        };
        let long = "sensors/a-rather-long-level-name/and-another-one/+/temperature/#";
        let filters: [&[(&str, SubscriptionOptions)]; 23] = [
            &[("a/b", qos1)],
            &[(long, qos1), ("x/+/y", v5_options), ("#", qos1)],
            &[("caf\u{e9}/+", qos1), ("$share/group/a/#", qos1)],
            &[("$share/group/a", v5_options)],
            &[("a/#/b", qos1)],
            &[("a+", qos1)],
            &[("a/\0", qos1)],
            // U+0000 after a wildcard, before one, and in a later filter.
            &[("a/+/b\0c", qos1)],
            &[("\0/+", qos1)],
            &[("a/#", qos1), ("sensors/long-enough-for-words/+/x\0", qos1)],
            &[("", qos1)],
            // Wildcards at the edges of the whole-word loads (7, 8, 9, 16,
            // 17, 24 and 32 bytes), valid and not.
            &[("+", qos1), ("#", qos1), ("+/+", qos1), ("a/+/b", qos1)],
            &[("abcdef+", qos1)],
            &[
                ("abcdef/+", qos1),
                ("abcdefg/#", qos1),
                ("abcdefghijklmn/#", qos1),
            ],
            &[("abcdefghijklmno+", qos1)],
            &[("abcdefghijklmnop/+/abcdef", qos1)],
            &[("abcdefghijklmnopqrstuv/#", qos1)],
            &[("abcdefghijklmnopqrstuvwxyz/+/+/#", qos1)],
            &[("abcdefghijklmnopqrstuvwxyz/+/+#", qos1)],
            &[("#/a", qos1)],
            &[("a/b#", qos1)],
            &[("$SYS/+", qos1), ("$share/g/+", v5_options)],
            // Bytes the filter mask marks that a filter may hold.
            &[("a b/(c)/*!\"", qos1), ("x/\t/+", qos1), (" ", qos1)],
        ];
        let properties = [Property::SubscriptionIdentifier(7)];
        for list in filters {
            let list: alloc::vec::Vec<SubscribeFilter<'_>> = list
                .iter()
                .map(|(filter, options)| SubscribeFilter {
                    filter,
                    options: *options,
                })
                .collect();
            for (version, properties) in [
                (Version::V3_1_1, Properties::EMPTY),
                (Version::V5, Properties::EMPTY),
                (Version::V5, Properties::from_list(&properties)),
            ] {
                let subscribe = Subscribe {
                    packet_id: 9,
                    properties,
                    filters: SubscribeFilters::from_list(&list),
                };
                let packet = Packet::Subscribe(subscribe);
                let (mut a, mut b, mut c) = ([0u8; 256], [0u8; 256], [0u8; 256]);
                // The list encoder writes what the general one writes, and
                // leaves to it every packet it refuses.
                let fast = subscribe.encode_list(version, &mut a).map(|len| &a[..len]);
                let general = packet.encode_any(version, &mut b);
                assert_eq!(fast, general.ok(), "{list:?} {version:?}");
                assert_eq!(packet.encode(version, &mut c), general);
                // Any U+0000 is refused [MQTT-1.5.4-2], wherever it stands.
                if list.iter().any(|f| f.filter.contains('\0')) {
                    assert_eq!(general, Err(INVALID_FILTER), "{list:?}");
                }
                let (mut a, mut b) = ([0u8; 4], [0u8; 4]);
                assert_eq!(subscribe.encode_list(version, &mut a), None);
                let dispatched = packet.encode(version, &mut a).map(<[u8]>::len);
                let general = packet.encode_any(version, &mut b).map(<[u8]>::len);
                assert_eq!(dispatched, general, "{list:?} {version:?} into 4 bytes");
            }
        }
    }
}
