//! SUBSCRIBE encoding from a filter list in one pass, for hosts: the
//! filters sized by reference, then each filter checked at a glance while
//! it is copied. The pass vouches only for a packet it finds valid; any
//! other goes to the general encoder, which names what is wrong.

use iotm_wire::EncodeError;

use super::{Repr, Subscribe, SubscribeFilter, check_filter};
use crate::fixed_header::first_byte;
use crate::property::Context;
use crate::write::{Writer, remaining_length, variable_byte_integer_len};
use crate::{Packet, PacketType, Version, scan};

impl Subscribe<'_> {
    /// `true` if the filters are a list to encode (the encoder's fast path).
    pub(crate) const fn has_filter_list(&self) -> bool {
        matches!(self.filters.0, Repr::List(_))
    }

    /// The whole encode of a SUBSCRIBE whose filters are a list, for
    /// `Packet::encode` on hosts (bare-metal targets keep the general
    /// encoder, for flash): [`try_encode_list`](Self::try_encode_list),
    /// and the general encoder where it declines. The dispatcher's call
    /// to this is its last act (a jump), so it needs no stack frame.
    pub(crate) fn encode_list<'b>(
        &self,
        version: Version,
        buf: &'b mut [u8],
    ) -> Result<&'b [u8], EncodeError> {
        match self.try_encode_list(version, buf) {
            Some(len) => Ok(buf.get(..len).unwrap_or_default()),
            // Anything amiss: the general encoder names it.
            None => Packet::Subscribe(*self).encode_any(version, buf),
        }
    }

    /// The packet's length, written at the start of `buf`: the same bytes
    /// as the general encoder's.
    ///
    /// `None` where the general encoder must decide: a rule broken, a field
    /// too long, a buffer too small. The checks cost little because they
    /// need not say what is wrong: the lengths are OR-ed and compared once,
    /// and each filter is checked at a glance while it is copied (see
    /// [`write_filter`]). On `None` the buffer may hold part of the packet.
    pub(crate) fn try_encode_list(&self, version: Version, buf: &mut [u8]) -> Option<usize> {
        let Repr::List(list) = self.filters.0 else {
            return None;
        };
        // `check_fields`, less its error names: [MQTT-2.2.1-3], [MQTT-3.8.3-2].
        if self.packet_id == 0 || list.is_empty() {
            return None;
        }
        let v5 = version.is_v5();
        // No properties, as the usual SUBSCRIBE has, seen in one look.
        let no_properties = self.properties.is_plainly_empty();
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
        let properties = match (v5, no_properties) {
            (false, true) => 0,
            // MQTT 3.1.1 has none (and an empty typed set is the general
            // encoder's to judge).
            (false, false) => return None,
            // Property Length 0.
            (true, true) => 1,
            (true, false) => self.properties.checked_len(Context::Subscribe).ok()?,
        };
        let body = 2 + properties + filters;
        let remaining = remaining_length(body).ok()?;
        let needed = 1 + variable_byte_integer_len(remaining) + body;
        let (head, fixed) = fixed_header_and_packet_id(remaining, self.packet_id);
        let out = buf.get_mut(..needed)?;
        // One store. Every valid SUBSCRIBE has 8 bytes at least (a one-byte
        // filter); a shorter one goes to the general encoder. The word's
        // byte after the identifier is 0, the Property Length of 5.0 with no
        // properties; what follows is overwritten by the properties and the
        // filters.
        *out.first_chunk_mut::<8>()? = head.to_le_bytes();
        let (header, filters) = out.split_at_mut_checked(needed - filters)?;
        if v5 {
            if !no_properties {
                let mut w = Writer::new(header.get_mut(fixed..)?);
                self.properties
                    .write_checked(&mut w, Context::Subscribe)
                    .ok()?;
                w.finish().ok()?;
            }
            write_filters::<true>(filters, list)?;
        } else {
            write_filters::<false>(filters, list)?;
        }
        Some(needed)
    }
}

/// The fixed header of a SUBSCRIBE whose Remaining Length is `remaining`
/// (checked: below 2^28), then its packet identifier: the bytes of a
/// little-endian word, built in a register, and their number (4 to 7).
fn fixed_header_and_packet_id(remaining: u32, packet_id: u16) -> (u64, usize) {
    let first = u64::from(first_byte(PacketType::Subscribe, 0b0010));
    let r = u64::from(remaining);
    // The Variable Byte Integer, seven bits a byte, the high bit set on
    // all but the last; one arm per length, no loop.
    let (length, bytes) = match remaining {
        0..=127 => (r, 1),
        128..=16_383 => (r & 0x7f | 0x80 | (r >> 7) << 8, 2),
        16_384..=2_097_151 => (
            r & 0x7f | 0x80 | ((r >> 7) & 0x7f | 0x80) << 8 | (r >> 14) << 16,
            3,
        ),
        _ => (
            r & 0x7f
                | 0x80
                | ((r >> 7) & 0x7f | 0x80) << 8
                | ((r >> 14) & 0x7f | 0x80) << 16
                | (r >> 21) << 24,
            4,
        ),
    };
    let id = u64::from(packet_id.swap_bytes());
    (first | length << 8 | id << (8 * (1 + bytes)), 3 + bytes)
}

/// Writes the `list` of filters, each with its length and its options
/// byte, into `out`, which is sized for exactly them; `None` for a filter
/// that breaks a rule, or any doubt. Each filter is checked at a glance
/// while it is copied (see [`write_filter`]); one that is not plainly
/// valid is checked by every rule, in a cold call.
///
/// A few filters are written inline, each judged as it is written. More
/// are written out of line ([`write_many_filters`]), where the loop has
/// every register to itself (100 filters: 6,139 instructions inline,
/// 5,290 out of line); the call and its register saves cost more than a
/// few filters spare. One copy of each loop for each version (`V5`), so
/// that they do not test the version for each filter.
#[inline(always)]
fn write_filters<const V5: bool>(out: &mut [u8], list: &[SubscribeFilter<'_>]) -> Option<()> {
    /// The most filters written inline.
    const INLINE: usize = 4;
    if list.len() > INLINE {
        return write_many_filters::<V5>(out, list);
    }
    let mut rest = out;
    for f in list {
        let clean = write_filter(&mut rest, f, V5)?;
        if !is_plain::<V5>(clean, f) && !passes_every_rule::<V5>(f) {
            return None;
        }
    }
    rest.is_empty().then_some(())
}

/// [`write_filters`] for many filters: the loop only ANDs the filters'
/// clean words and ORs their `$` tests, with no branch on them; if any
/// filter is not plainly valid, every filter is checked by every rule
/// after the loop.
#[inline(never)]
fn write_many_filters<const V5: bool>(out: &mut [u8], list: &[SubscribeFilter<'_>]) -> Option<()> {
    let mut rest = out;
    let (mut clean, mut dollar) = (usize::MAX, false);
    for f in list {
        clean &= write_filter(&mut rest, f, V5)?;
        dollar |= V5 && starts_with_dollar(f);
    }
    if !rest.is_empty() {
        return None;
    }
    if (dollar || !scan::is_plain_filter(clean)) && !list.iter().all(passes_every_rule::<V5>) {
        return None;
    }
    Some(())
}

/// `true` if the filter whose clean word (see [`write_filter`]) is
/// `clean` is plainly valid.
#[inline(always)]
fn is_plain<const V5: bool>(clean: usize, f: &SubscribeFilter<'_>) -> bool {
    scan::is_plain_filter(clean) && !(V5 && starts_with_dollar(f))
}

/// `true` if the filter starts with `$`. In MQTT 5.0 it may then be a
/// shared subscription (`$share/...`), which has rules of its own (and
/// refuses No Local): the full check judges it.
#[inline(always)]
fn starts_with_dollar(f: &SubscribeFilter<'_>) -> bool {
    f.filter.starts_with('$')
}

/// `check_filter`, out of the filter loop's way.
#[cold]
#[inline(never)]
fn passes_every_rule<const V5: bool>(f: &SubscribeFilter<'_>) -> bool {
    let version = if V5 { Version::V5 } else { Version::V3_1_1 };
    check_filter(f, version).is_ok()
}

/// Writes filter `f`, its length and its options byte at the start of
/// `rest` and moves `rest` past them: the filter's clean word (see
/// [`scan::copy_plain_filter`]), or `None` for no room, a filter longer
/// than 65,535 bytes or options MQTT 3.1.1 does not have.
#[inline(always)]
fn write_filter(rest: &mut &mut [u8], f: &SubscribeFilter<'_>, v5: bool) -> Option<usize> {
    let bytes = f.filter.as_bytes();
    // The caller checked the lengths already; this check tells the
    // compiler that `len + 3` does not overflow, which two checks below
    // would test otherwise.
    let len16 = u16::try_from(bytes.len()).ok()?;
    let len = usize::from(len16);
    let (field, tail) = core::mem::take(rest).split_at_mut_checked(len + 3)?;
    *rest = tail;
    let (prefix, field) = field.split_first_chunk_mut::<2>()?;
    let (options, body) = field.split_last_mut()?;
    *prefix = len16.to_be_bytes();
    // Tested from a register, not read back from the buffer.
    let options_byte = f.options.to_byte();
    *options = options_byte;
    // MQTT 3.1.1 options carry the QoS only.
    if !v5 && options_byte & !0b11 != 0 {
        return None;
    }
    scan::copy_plain_filter(body, bytes)
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
        let filters: [&[(&str, SubscriptionOptions)]; 25] = [
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
            // Shared subscriptions without a filter, or with an empty name.
            &[("$share/group", qos1)],
            &[("$share//a", qos1)],
            // Bytes the filter mask marks that a filter may hold.
            &[("a b/(c)/*!\"", qos1), ("x/\t/+", qos1), (" ", qos1)],
        ];
        let properties = [Property::SubscriptionIdentifier(7)];
        // Each list alone (written inline), and after five plain filters
        // (written by the loop out of line).
        let plain = [("p/q", qos1); 5];
        let lists = filters
            .iter()
            .flat_map(|list| [list.to_vec(), [&plain[..], list].concat()]);
        for list in lists {
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
                let fast = subscribe
                    .try_encode_list(version, &mut a)
                    .map(|len| &a[..len]);
                let general = packet.encode_any(version, &mut b);
                assert_eq!(fast, general.ok(), "{list:?} {version:?}");
                assert_eq!(packet.encode(version, &mut c), general);
                // Any U+0000 is refused [MQTT-1.5.4-2], wherever it stands.
                if list.iter().any(|f| f.filter.contains('\0')) {
                    assert_eq!(general, Err(INVALID_FILTER), "{list:?}");
                }
                let (mut a, mut b) = ([0u8; 4], [0u8; 4]);
                assert_eq!(subscribe.try_encode_list(version, &mut a), None);
                let dispatched = packet.encode(version, &mut a).map(<[u8]>::len);
                let general = packet.encode_any(version, &mut b).map(<[u8]>::len);
                assert_eq!(dispatched, general, "{list:?} {version:?} into 4 bytes");
            }
        }
    }

    /// Remaining Lengths of one, two and three bytes (the header is built
    /// in a register): the general encoder's bytes, and packets the
    /// decoder reads back.
    #[test]
    fn remaining_lengths_of_every_size_agree_with_the_general_encoder() {
        let names: alloc::vec::Vec<alloc::string::String> = (0..1_000)
            .map(|i| alloc::format!("sensors/device-{i}/+"))
            .collect();
        let long = "a/".repeat(10_000);
        let qos = SubscriptionOptions::qos(QoS::AtLeastOnce);
        for count in [1, 5, 6, 7, 100, 1_000] {
            let mut list: alloc::vec::Vec<SubscribeFilter<'_>> = names[..count]
                .iter()
                .map(|filter| SubscribeFilter {
                    filter,
                    options: qos,
                })
                .collect();
            if count == 1_000 {
                list.push(SubscribeFilter {
                    filter: &long,
                    options: qos,
                });
            }
            for version in [Version::V3_1_1, Version::V5] {
                let subscribe = Subscribe {
                    packet_id: 0x1234,
                    properties: Properties::EMPTY,
                    filters: SubscribeFilters::from_list(&list),
                };
                let packet = Packet::Subscribe(subscribe);
                let (mut a, mut b) = (alloc::vec![0u8; 65_536], alloc::vec![0u8; 65_536]);
                let general = packet.encode_any(version, &mut b).unwrap();
                let len = subscribe.try_encode_list(version, &mut a).unwrap();
                assert_eq!(&a[..len], general, "{count} {version:?}");
                assert_eq!(Packet::decode(general, version).unwrap(), (packet, len));
            }
        }
    }

    /// The header word holds the fixed header, the Remaining Length as
    /// the general writer encodes it, and the packet identifier, at every
    /// boundary of the Variable Byte Integer's lengths.
    #[test]
    fn the_header_word_is_the_general_writers_bytes() {
        for remaining in crate::write::tests::VARIABLE_BYTE_INTEGER_BOUNDARIES {
            let mut vbi = [0u8; 4];
            let n = crate::write::encode_variable_byte_integer(remaining, &mut vbi).unwrap();
            let mut expected = alloc::vec![0x82];
            expected.extend_from_slice(&vbi[..n]);
            expected.extend_from_slice(&[0xbe, 0xef]);
            let (word, len) = fixed_header_and_packet_id(remaining, 0xbeef);
            assert_eq!(len, expected.len(), "{remaining}");
            assert_eq!(&word.to_le_bytes()[..len], expected, "{remaining}");
            assert!(word.to_le_bytes()[len..].iter().all(|b| *b == 0));
        }
    }
}
