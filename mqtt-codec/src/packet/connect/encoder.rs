//! CONNECT's own encoder, for hosts: each property list checked and sized
//! once, and every string checked for U+0000 while it is copied, where the
//! general path sizes the lists, scans the strings, and sizes the lists
//! again as it writes them. The same checks and bytes as that path.

use iotm_wire::EncodeError;

use super::{Connect, NUL_IN_STRING, PASSWORD_WITHOUT_USER_NAME, PROTOCOL_NAME, check_flags};
use crate::fixed_header::first_byte;
use crate::property::{Context, Fields, sized_fields, write_fields_scanning};
use crate::write::{
    Writer, binary_len, length_prefix, remaining_length, variable_byte_integer_len,
};
use crate::{PacketType, Properties, scan};

/// The wire length and the body length of a property list, checked for
/// `context` but for its strings' U+0000 (`None` in 3.1.1, where there is
/// no list); `typed`: the list as the typed set of `context`, walked here.
/// Inlined: its result, returned through memory, was read back before the
/// store had landed.
#[inline(always)]
fn sized<'a>(
    properties: &Properties<'_>,
    typed: Option<&impl Fields<'a>>,
    context: Context,
    v5: bool,
) -> Result<Option<(usize, usize)>, EncodeError> {
    if !v5 {
        return Ok(None);
    }
    if let Some(set) = typed {
        return sized_fields(set).map(Some);
    }
    if properties.is_plainly_empty() {
        return Ok(Some((1, 0)));
    }
    properties.sized_unscanned(context).map(Some)
}

/// Writes a list [`sized`] sized.
#[inline(always)]
fn write_properties<'a>(
    w: &mut Writer<'_>,
    properties: &Properties<'_>,
    typed: Option<&impl Fields<'a>>,
    sized: Option<(usize, usize)>,
) -> Result<(), EncodeError> {
    match (sized, typed) {
        (None, _) => Ok(()),
        (Some((_, 0)), _) => w.u8(0),
        (Some((_, body)), Some(set)) => write_fields_scanning(w, set, body),
        (Some((_, body)), None) => properties.write_scanning(w, body),
    }
}

const WILL_TOPIC: EncodeError = EncodeError::Invalid {
    rule: "[MQTT-3.1.3-11]/[MQTT-1.5.4-2]: the Will Topic must be a topic name, without U+0000",
};

impl Connect<'_> {
    /// Encodes the CONNECT into `buf` for `Packet::encode`, in its own
    /// version. On an error `buf` may hold part of the packet.
    pub(crate) fn encode<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8], EncodeError> {
        let v5 = self.version.is_v5();
        let flags = self.flags();
        check_flags(flags, self.version).map_err(|_| PASSWORD_WITHOUT_USER_NAME)?;
        if !v5
            && (!self.properties.is_empty() || self.will.is_some_and(|w| !w.properties.is_empty()))
        {
            // The general path's own message.
            self.check()?;
        }
        let typed = self.properties.as_connect();
        let properties = sized(&self.properties, typed, Context::Connect, v5)?;
        let mut body = binary_len(PROTOCOL_NAME.len()) + 1 + 1 + 2;
        body += properties.map_or(0, |(len, _)| len);
        body += binary_len(usize::from(length_prefix(self.client_id.len())?));
        let will_properties = match &self.will {
            Some(will) => {
                // A topic name [MQTT-3.1.3-11]: not empty here, no wildcard
                // or U+0000 looked for as it is copied.
                if will.topic.is_empty() {
                    return Err(WILL_TOPIC);
                }
                let sized = sized(
                    &will.properties,
                    will.properties.as_will(),
                    Context::Will,
                    v5,
                )?;
                body += sized.map_or(0, |(len, _)| len);
                body += binary_len(usize::from(length_prefix(will.topic.len())?));
                body += binary_len(usize::from(length_prefix(will.payload.len())?));
                sized
            }
            None => None,
        };
        if let Some(user_name) = self.user_name {
            body += binary_len(usize::from(length_prefix(user_name.len())?));
        }
        if let Some(password) = self.password {
            body += binary_len(usize::from(length_prefix(password.len())?));
        }
        let remaining = remaining_length(body)?;
        let needed = 1 + variable_byte_integer_len(remaining) + body;
        let available = buf.len();
        let Some(out) = buf.get_mut(..needed) else {
            // A rule broken is reported before a buffer too small.
            self.body_len()?;
            return Err(EncodeError::BufferTooSmall { needed, available });
        };
        let mut w = Writer::new(out);
        w.u8(first_byte(PacketType::Connect, 0))?;
        w.variable_byte_integer(remaining)?;
        let [keep_high, keep_low] = self.keep_alive.to_be_bytes();
        w.put_array([0, 4, b'M', b'Q', b'T', b'T', self.version.level(), flags]);
        w.put_array([keep_high, keep_low]);
        write_properties(&mut w, &self.properties, typed, properties)?;
        let mut nul = w.put_prefixed_marked(self.client_id.as_bytes(), scan::nul_mask);
        if let Some(will) = &self.will {
            write_properties(
                &mut w,
                &will.properties,
                will.properties.as_will(),
                will_properties,
            )?;
            let topic = will.topic.as_bytes();
            if w.put_prefixed_marked(topic, scan::glance_mask) && scan::has_wildcard_or_nul(topic) {
                return Err(WILL_TOPIC);
            }
            w.put_prefixed(will.payload);
        }
        if let Some(user_name) = self.user_name {
            nul |= w.put_prefixed_marked(user_name.as_bytes(), scan::nul_mask);
        }
        if let Some(password) = self.password {
            w.put_prefixed(password);
        }
        if nul {
            return Err(NUL_IN_STRING);
        }
        w.finish()?;
        Ok(buf.get(..needed).unwrap_or_default())
    }
}
