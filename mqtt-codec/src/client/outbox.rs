//! Outgoing QoS 1 and 2 messages held until acknowledged: a fixed number of
//! slots carved out of a caller's buffer, so a reconnect can resend them.

/// The acknowledgment an outgoing message awaits (§4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// QoS 1 PUBLISH sent, PUBACK awaited.
    Puback,
    /// QoS 2 PUBLISH sent, PUBREC awaited.
    Pubrec,
    /// QoS 2 PUBREL sent, PUBCOMP awaited.
    Pubcomp,
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    packet_id: u16,
    stage: Stage,
    /// Bytes of the stored PUBLISH at the start of the slot's region.
    len: usize,
    /// Send order, for resending in the original order [MQTT-4.6.0-1].
    sequence: u64,
}

/// `N` slots in `store`, each `store.len() / N` bytes.
#[derive(Debug)]
pub(crate) struct Outbox<'a, const N: usize> {
    store: &'a mut [u8],
    slots: [Option<Slot>; N],
    sequence: u64,
}

impl<'a, const N: usize> Outbox<'a, N> {
    pub(crate) fn new(store: &'a mut [u8]) -> Self {
        Self {
            store,
            slots: [None; N],
            sequence: 0,
        }
    }

    fn slot_size(&self) -> usize {
        self.store.len().checked_div(N).unwrap_or(0)
    }

    /// The largest PUBLISH a slot holds.
    pub(crate) fn capacity(&self) -> usize {
        self.slot_size()
    }

    pub(crate) fn in_flight(&self) -> usize {
        self.slots.iter().flatten().count()
    }

    pub(crate) fn contains(&self, packet_id: u16) -> bool {
        self.slots
            .iter()
            .flatten()
            .any(|s| s.packet_id == packet_id)
    }

    /// Stores an encoded PUBLISH; `false` if no slot is free or it does not fit.
    pub(crate) fn insert(&mut self, packet_id: u16, stage: Stage, packet: &[u8]) -> bool {
        let size = self.slot_size();
        if packet.len() > size {
            return false;
        }
        let Some(index) = self.slots.iter().position(Option::is_none) else {
            return false;
        };
        let start = index * size;
        match self.store.get_mut(start..start + packet.len()) {
            Some(region) => region.copy_from_slice(packet),
            None => return false,
        }
        self.sequence += 1;
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = Some(Slot {
                packet_id,
                stage,
                len: packet.len(),
                sequence: self.sequence,
            });
        }
        true
    }

    /// The stage of `packet_id`, if it is in flight.
    pub(crate) fn stage(&self, packet_id: u16) -> Option<Stage> {
        self.slots
            .iter()
            .flatten()
            .find(|s| s.packet_id == packet_id)
            .map(|s| s.stage)
    }

    pub(crate) fn set_stage(&mut self, packet_id: u16, stage: Stage) {
        if let Some(slot) = self
            .slots
            .iter_mut()
            .flatten()
            .find(|s| s.packet_id == packet_id)
        {
            slot.stage = stage;
        }
    }

    pub(crate) fn remove(&mut self, packet_id: u16) -> bool {
        match self
            .slots
            .iter_mut()
            .find(|s| s.is_some_and(|s| s.packet_id == packet_id))
        {
            Some(slot) => {
                *slot = None;
                true
            }
            None => false,
        }
    }

    pub(crate) fn clear(&mut self) {
        self.slots = [None; N];
    }

    /// The messages in flight in the order they were first sent: packet id,
    /// stage and the stored PUBLISH bytes.
    pub(crate) fn in_order(&self) -> impl Iterator<Item = (u16, Stage, &[u8])> + '_ {
        let size = self.slot_size();
        let mut order: [Option<(u64, usize)>; N] = [None; N];
        for (index, slot) in self.slots.iter().enumerate() {
            if let (Some(slot), Some(entry)) = (slot, order.get_mut(index)) {
                *entry = Some((slot.sequence, index));
            }
        }
        order.sort_unstable_by_key(|entry| entry.map_or(u64::MAX, |(sequence, _)| sequence));
        order.into_iter().flatten().filter_map(move |(_, index)| {
            let slot = self.slots.get(index).copied().flatten()?;
            let start = index * size;
            Some((
                slot.packet_id,
                slot.stage,
                self.store.get(start..start + slot.len)?,
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_fill_free_and_keep_send_order() {
        let mut store = [0u8; 30];
        let mut outbox: Outbox<'_, 3> = Outbox::new(&mut store);
        assert_eq!(outbox.capacity(), 10);
        assert!(outbox.insert(1, Stage::Puback, b"one"));
        assert!(outbox.insert(2, Stage::Pubrec, b"two"));
        assert!(!outbox.insert(9, Stage::Puback, b"far too long"));
        assert!(outbox.remove(1));
        assert!(outbox.insert(3, Stage::Puback, b"three"));
        assert!(outbox.insert(4, Stage::Puback, b"four"));
        assert!(!outbox.insert(5, Stage::Puback, b"five"));
        let ids: [u16; 3] = {
            let mut ids = [0; 3];
            for (slot, (id, _, _)) in ids.iter_mut().zip(outbox.in_order()) {
                *slot = id;
            }
            ids
        };
        assert_eq!(ids, [2, 3, 4]);
        assert_eq!(outbox.in_flight(), 3);
    }
}
