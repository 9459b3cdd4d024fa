//! SUBSCRIBE encoding from a filter list in one pass, for hosts: the
//! options checked and the filters sized by reference, then each filter
//! scanned for wildcards and U+0000 while it is copied.

use iotm_wire::EncodeError;

use super::{INVALID_FILTER, Repr, Subscribe, SubscribeFilter, check_options};
use crate::fixed_header::first_byte;
use crate::property::Context;
use crate::topic::check_topic_filter;
use crate::write::{
    Writer, binary_len, length_prefix, remaining_length, variable_byte_integer_len,
};
use crate::{PacketType, Version, scan};

impl Subscribe<'_> {
    /// `true` if the filters are a list to encode (the encoder's fast path).
    pub(crate) const fn has_filter_list(&self) -> bool {
        matches!(self.filters.0, Repr::List(_))
    }

    /// The whole encode of a SUBSCRIBE whose filters are a list, for
    /// `Packet::encode` on hosts (bare-metal targets keep the general
    /// encoder, for flash): the options checked and the filters sized in one
    /// pass over the list by reference, then each filter scanned for
    /// wildcards and U+0000 while it is copied. The same checks as `body_len` and the
    /// same bytes as `write`. On an error the buffer may hold part of the
    /// packet.
    pub(crate) fn encode_list<'b>(
        &self,
        version: Version,
        buf: &'b mut [u8],
    ) -> Result<&'b [u8], EncodeError> {
        let Repr::List(list) = self.filters.0 else {
            return Err(EncodeError::Invalid {
                rule: "internal: SUBSCRIBE filters are not a list",
            });
        };
        self.check_fields(version)?;
        let v5 = version.is_v5();
        let mut filters = 0;
        for f in list {
            check_options(f, version)?;
            filters += binary_len(usize::from(length_prefix(f.filter.len())?)) + 1;
        }
        let properties = match (v5, self.properties.is_empty()) {
            (false, _) => 0,
            // No properties (the usual case): Property Length 0.
            (true, true) => 1,
            (true, false) => self.properties.checked_len(Context::Subscribe)?,
        };
        let body = 2 + properties + filters;
        let remaining = remaining_length(body)?;
        let needed = 1 + variable_byte_integer_len(remaining) + body;
        let available = buf.len();
        let Some(out) = buf.get_mut(..needed) else {
            // Invalid filters are reported before a short buffer, as ever.
            self.check(version)?;
            return Err(EncodeError::BufferTooSmall { needed, available });
        };
        let mut w = Writer::new(out);
        w.u8(first_byte(PacketType::Subscribe, 0b0010))?;
        w.variable_byte_integer(remaining)?;
        w.u16(self.packet_id)?;
        if v5 {
            if self.properties.is_empty() {
                w.u8(0)?;
            } else {
                self.properties.write_checked(&mut w, Context::Subscribe)?;
            }
        }
        // Each filter checked as it is copied (see `write_filter`), by a
        // writer of the loop's own, kept in registers.
        let mut filters = w.take();
        for f in list {
            write_filter(&mut filters, f, version)?;
        }
        filters.finish()?;
        Ok(buf.get(..needed).unwrap_or_default())
    }
}

/// Writes one filter and its options, scanning the filter for wildcards
/// and U+0000 while it is copied: [MQTT-1.5.4-2] is checked in that pass,
/// and so are the topic filter rules [MQTT-4.7.1-2]/[MQTT-4.7.1-3] for the
/// usual filter, with no wildcard or one as its whole last level. Any
/// other goes through every rule.
#[inline(always)]
fn write_filter(
    w: &mut Writer<'_>,
    f: &SubscribeFilter<'_>,
    version: Version,
) -> Result<(), EncodeError> {
    let bytes = f.filter.as_bytes();
    let (nul, wildcard_before_last) =
        w.put_prefixed_scan(bytes, scan::nul_mask, scan::wildcard_mask);
    if nul {
        return Err(INVALID_FILTER);
    }
    // In 5.0 a `$` may start a shared subscription: every rule then.
    let maybe_shared = version.is_v5() && bytes.first() == Some(&b'$');
    let plain = !wildcard_before_last
        && !maybe_shared
        && match bytes {
            [] => false,
            [.., before, b'+' | b'#'] => *before == b'/',
            _ => true,
        };
    if !plain {
        check_topic_filter(f.filter, version.is_v5()).map_err(|_| INVALID_FILTER)?;
    }
    w.u8(f.options.to_byte())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    extern crate alloc;

    use super::*;
    use crate::packet::subscribe::{RetainHandling, SubscribeFilters, SubscriptionOptions};
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
        let filters: [&[(&str, SubscriptionOptions)]; 22] = [
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
                let packet = Packet::Subscribe(Subscribe {
                    packet_id: 9,
                    properties,
                    filters: SubscribeFilters::from_list(&list),
                });
                let (mut a, mut b) = ([0u8; 256], [0u8; 256]);
                let fast = packet.encode(version, &mut a);
                let general = packet.encode_any(version, &mut b);
                assert_eq!(fast, general, "{list:?} {version:?}");
                // Any U+0000 is refused [MQTT-1.5.4-2], wherever it stands.
                if list.iter().any(|f| f.filter.contains('\0')) {
                    assert_eq!(fast, Err(INVALID_FILTER), "{list:?}");
                }
                let (mut a, mut b) = ([0u8; 4], [0u8; 4]);
                let fast = packet.encode(version, &mut a).map(<[u8]>::len);
                let general = packet.encode_any(version, &mut b).map(<[u8]>::len);
                assert_eq!(fast, general, "{list:?} {version:?} into 4 bytes");
            }
        }
    }
}
