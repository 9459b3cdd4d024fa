//! What the SUIT Report says: records kept while processing, and the report
//! encoded at the end.

#[allow(clippy::wildcard_imports, reason = "the processor's own parts")]
use super::*;

impl<'a, 'b, const N: usize> Processor<'a, 'b, N> {
    /// Encodes the SUIT Report of the run so far (draft-ietf-suit-report)
    /// into `out`: the records the commands' reporting policies asked for
    /// and the result. `uri` is where the manifest came from.
    ///
    /// # Errors
    /// [`iotm_cbor::EncodeError::BufferTooSmall`] when `out` is too short.
    pub fn report<'o>(
        &self,
        uri: &str,
        nonce: Option<&[u8]>,
        out: &'o mut [u8],
    ) -> Result<&'o [u8], iotm_cbor::EncodeError> {
        let reference = ReportReference {
            uri,
            digest: *self.verified.digest(),
            nonce,
        };
        crate::report::encode(&reference, &self.records, None, out)
    }

    /// As [`report`](Self::report), with a capability report
    /// (draft-ietf-suit-report §4): the manifest's components, and the
    /// commands, parameters, algorithms and members this crate processes.
    ///
    /// # Errors
    /// [`iotm_cbor::EncodeError::BufferTooSmall`] when `out` is too short.
    pub fn report_with_capabilities<'o>(
        &self,
        uri: &str,
        nonce: Option<&[u8]>,
        out: &'o mut [u8],
    ) -> Result<&'o [u8], iotm_cbor::EncodeError> {
        let reference = ReportReference {
            uri,
            digest: *self.verified.digest(),
            nonce,
        };
        let mut components = [None; N];
        for (slot, c) in components
            .iter_mut()
            .zip(self.verified.manifest().common.components.clone())
        {
            *slot = Some(c);
        }
        let mut list: [ComponentId<'a>; N] = [ComponentId::EMPTY; N];
        let mut n = 0;
        for (dst, c) in list.iter_mut().zip(components.iter().flatten()) {
            *dst = *c;
            n += 1;
        }
        crate::report::encode(
            &reference,
            &self.records,
            Some(list.get(..n).unwrap_or_default()),
            out,
        )
    }

    /// Records dropped because more than [`MAX_RECORDS`](crate::MAX_RECORDS)
    /// were asked for.
    pub const fn dropped_records(&self) -> usize {
        self.records.dropped
    }

    /// Records a condition's or directive's result as its reporting policy
    /// asks (§8.4.7): records for bits 0 and 1, system-property claims for
    /// bits 2 and 3.
    pub(super) fn record(
        &mut self,
        command: &Command<'a>,
        outcome: &Outcome<'a>,
        offset: usize,
        index: u64,
    ) {
        let policy = match command {
            Command::Condition(_, policy) | Command::Directive(_, policy) => *policy,
            _ => return,
        };
        let (record, claims) = match outcome {
            Outcome::Done | Outcome::Entered => {
                (policy.record_on_success(), policy.sysinfo_on_success())
            }
            Outcome::ConditionFailed => (policy.record_on_failure(), policy.sysinfo_on_failure()),
            _ => return,
        };
        for (wanted, claim) in [(record, false), (claims, true)] {
            if wanted {
                let entry = self.entry(claim, Some(command.id()), offset, Some(index));
                self.records.push(entry);
            }
        }
    }

    /// A report entry for `command` at `offset` on component `index`.
    pub(super) fn entry(
        &self,
        claims: bool,
        command: Option<i64>,
        offset: usize,
        index: Option<u64>,
    ) -> Entry<'a> {
        let slot = index.and_then(|i| usize::try_from(i).ok());
        let params = slot
            .and_then(|s| self.params.get(s))
            .copied()
            .unwrap_or_default();
        Entry {
            claims,
            section: self.section(),
            offset: offset.saturating_sub(self.section_offset),
            component: index.unwrap_or(0),
            component_id: slot.and_then(|s| self.components.get(s).copied().flatten()),
            values: command.map_or([None, None], |c| consumed(c, &params)),
        }
    }
}
