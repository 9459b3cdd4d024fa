//! Incoming topic aliases (MQTT 5.0 §3.3.2.3.4): the topics the server
//! names by number, kept in fixed slots of a caller's buffer.

/// Longest topic an alias slot keeps.
pub(crate) const MAX_ALIASED_TOPIC: usize = 128;
/// A slot: two length bytes, then the topic.
const SLOT: usize = 2 + MAX_ALIASED_TOPIC;

/// Alias `n` (1-based) lives in slot `n - 1`.
#[derive(Debug)]
pub(crate) struct TopicAliases<'a> {
    store: &'a mut [u8],
}

impl<'a> TopicAliases<'a> {
    pub(crate) fn new(store: &'a mut [u8]) -> Self {
        Self { store }
    }

    /// The Topic Alias Maximum to announce in CONNECT.
    pub(crate) fn maximum(&self) -> u16 {
        u16::try_from(self.store.len() / SLOT).unwrap_or(u16::MAX)
    }

    fn slot(&self, alias: u16) -> Option<core::ops::Range<usize>> {
        let index = usize::from(alias).checked_sub(1)?;
        (alias <= self.maximum()).then(|| index * SLOT..(index + 1) * SLOT)
    }

    /// Remembers `topic` for `alias`; `false` if the alias is out of range
    /// or the topic longer than a slot.
    pub(crate) fn set(&mut self, alias: u16, topic: &str) -> bool {
        let Some(range) = self.slot(alias) else {
            return false;
        };
        let Ok(len) = u16::try_from(topic.len()) else {
            return false;
        };
        if topic.len() > MAX_ALIASED_TOPIC {
            return false;
        }
        match self.store.get_mut(range) {
            Some(slot) => {
                let (head, body) = slot.split_at_mut(2);
                head.copy_from_slice(&len.to_be_bytes());
                match body.get_mut(..topic.len()) {
                    Some(body) => body.copy_from_slice(topic.as_bytes()),
                    None => return false,
                }
                true
            }
            None => false,
        }
    }

    /// The topic set for `alias`, if any.
    pub(crate) fn get(&self, alias: u16) -> Option<&str> {
        let slot = self.store.get(self.slot(alias)?)?;
        let len = usize::from(u16::from_be_bytes([*slot.first()?, *slot.get(1)?]));
        let topic = core::str::from_utf8(slot.get(2..2 + len)?).ok()?;
        (!topic.is_empty()).then_some(topic)
    }

    /// Forgets every alias: they last one connection [MQTT-3.3.2-7].
    pub(crate) fn clear(&mut self) {
        self.store.fill(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_set_get_and_bounds() {
        let mut store = [0u8; 2 * SLOT];
        let mut aliases = TopicAliases::new(&mut store);
        assert_eq!(aliases.maximum(), 2);
        assert_eq!(aliases.get(1), None);
        assert!(aliases.set(1, "a/b"));
        assert!(aliases.set(2, "c"));
        assert!(!aliases.set(3, "d"));
        assert!(!aliases.set(0, "d"));
        let long = [b'x'; MAX_ALIASED_TOPIC + 1];
        assert!(!aliases.set(1, core::str::from_utf8(&long).unwrap()));
        assert_eq!((aliases.get(1), aliases.get(2)), (Some("a/b"), Some("c")));
        assert!(aliases.set(1, "longer/topic"));
        assert_eq!(aliases.get(1), Some("longer/topic"));
        aliases.clear();
        assert_eq!(aliases.get(1), None);
    }
}
