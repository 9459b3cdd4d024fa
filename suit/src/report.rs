//! SUIT Reports (draft-ietf-suit-report): what the processor records while
//! it runs, encoded at the end, and decoding of reports for the host side.

use iotm_cbor::{DataType, Decoder, EncodeError, Encoder, SliceWriter};

use crate::component::ComponentId;
use crate::digest::Digest;
use crate::label::parameter as pk;
use crate::map::{int_map, more};
use crate::process::{ComponentParameters, Reason};
use crate::rule::{Error, Rule, cbor};

/// Records kept per run; later ones are counted and dropped.
pub const MAX_RECORDS: usize = 16;
/// Parameter values a record keeps (image-match consumes two).
const MAX_VALUES: usize = 2;

/// Report keys (draft-ietf-suit-report).
mod key {
    pub(super) const NONCE: i64 = 2;
    pub(super) const RECORDS: i64 = 3;
    pub(super) const RESULT: i64 = 4;
    pub(super) const RESULT_CODE: i64 = 5;
    pub(super) const RESULT_RECORD: i64 = 6;
    pub(super) const RESULT_REASON: i64 = 7;
    pub(super) const CAPABILITY_REPORT: i64 = 8;
    pub(super) const REFERENCE: i64 = 99;
    pub(super) const SYSTEM_COMPONENT_ID: i64 = 0;
}

/// A parameter value a record carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Value<'a> {
    Bytes(&'a [u8]),
    Text(&'a str),
    Uint(u64),
    Int(i64),
    Digest(Digest<'a>),
    /// An item kept as encoded (version, wait-info, …), bstr-wrapped.
    Wrapped(&'a [u8]),
}

/// One record: a `SUIT_Record` or a `system-property-claims` map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    /// A claims map (sysinfo) rather than a `SUIT_Record`.
    pub(crate) claims: bool,
    pub(crate) section: i64,
    /// Offset of the command in its section.
    pub(crate) offset: usize,
    pub(crate) component: u64,
    pub(crate) component_id: Option<ComponentId<'a>>,
    pub(crate) values: [Option<(i64, Value<'a>)>; MAX_VALUES],
}

/// The records of one run, in order, without an allocator.
#[derive(Clone, Debug, Default)]
pub(crate) struct Records<'a> {
    entries: [Option<Entry<'a>>; MAX_RECORDS],
    len: usize,
    /// Records that did not fit.
    pub(crate) dropped: usize,
    /// The failing record of an abort, and its reason.
    pub(crate) failure: Option<(Entry<'a>, Reason)>,
}

impl<'a> Records<'a> {
    pub(crate) fn push(&mut self, entry: Entry<'a>) {
        // Consecutive claims about one component merge into one map, when
        // the new values fit and no key would repeat with another value.
        if entry.claims {
            if let Some(Some(last)) = self
                .len
                .checked_sub(1)
                .and_then(|i| self.entries.get_mut(i))
            {
                if last.claims && last.component == entry.component && merge(last, &entry) {
                    return;
                }
            }
        }
        match self.entries.get_mut(self.len) {
            Some(slot) => {
                *slot = Some(entry);
                self.len += 1;
            }
            None => self.dropped += 1,
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Entry<'a>> {
        self.entries.iter().take(self.len).flatten()
    }
}

/// Adds `entry`'s values to `last` if that repeats no key with another
/// value and they fit; `false` (and `last` unchanged) otherwise.
fn merge<'a>(last: &mut Entry<'a>, entry: &Entry<'a>) -> bool {
    let mut merged = last.values;
    for (k, v) in entry.values.iter().flatten() {
        match merged.iter().flatten().find(|(key, _)| key == k) {
            Some((_, existing)) if existing == v => {}
            Some(_) => return false,
            None => match merged.iter_mut().find(|slot| slot.is_none()) {
                Some(slot) => *slot = Some((*k, *v)),
                None => return false,
            },
        }
    }
    last.values = merged;
    true
}

/// The parameter values a command consumes (§8.4.7: what a record reports).
pub(crate) fn consumed<'a>(
    command: i64,
    params: &ComponentParameters<'a>,
) -> [Option<(i64, Value<'a>)>; MAX_VALUES] {
    use crate::label::command as c;
    let bytes = |k, v: Option<&'a [u8]>| v.map(|v| (k, Value::Bytes(v)));
    let uint = |k, v: Option<u64>| v.map(|v| (k, Value::Uint(v)));
    match command {
        c::VENDOR_IDENTIFIER => [bytes(pk::VENDOR_IDENTIFIER, params.vendor_identifier), None],
        c::CLASS_IDENTIFIER => [bytes(pk::CLASS_IDENTIFIER, params.class_identifier), None],
        c::DEVICE_IDENTIFIER => [bytes(pk::DEVICE_IDENTIFIER, params.device_identifier), None],
        c::IMAGE_MATCH | c::IMAGE_NOT_MATCH => [
            uint(pk::IMAGE_SIZE, params.image_size),
            params
                .image_digest
                .map(|d| (pk::IMAGE_DIGEST, Value::Digest(d))),
        ],
        c::COMPONENT_SLOT => [uint(pk::COMPONENT_SLOT, params.component_slot), None],
        c::CHECK_CONTENT | c::WRITE => [bytes(pk::CONTENT, params.content), None],
        c::USE_BEFORE => [uint(pk::USE_BEFORE, params.use_before), None],
        c::MINIMUM_BATTERY => [uint(pk::MINIMUM_BATTERY, params.minimum_battery), None],
        c::UPDATE_AUTHORIZED => [
            params
                .update_priority
                .map(|p| (pk::UPDATE_PRIORITY, Value::Int(p))),
            None,
        ],
        c::VERSION => [
            params.version.map(|v| (pk::VERSION, Value::Wrapped(v))),
            None,
        ],
        c::FETCH => [params.uri.map(|u| (pk::URI, Value::Text(u))), None],
        c::COPY | c::SWAP => [uint(pk::SOURCE_COMPONENT, params.source_component), None],
        c::INVOKE => [bytes(pk::INVOKE_ARGS, params.invoke_args), None],
        c::WAIT => [
            params.wait_info.map(|v| (pk::WAIT_INFO, Value::Wrapped(v))),
            None,
        ],
        _ => [None, None],
    }
}

/// What a report says about the manifest it reports on.
#[derive(Clone, Copy, Debug)]
pub struct ReportReference<'r> {
    /// `suit-report-manifest-uri`: where the manifest came from.
    pub uri: &'r str,
    /// `suit-report-manifest-digest`.
    pub digest: Digest<'r>,
    /// `suit-report-nonce`, echoing the requester's.
    pub nonce: Option<&'r [u8]>,
}

/// Encodes a report of `records` into `out`.
pub(crate) fn encode<'o>(
    reference: &ReportReference<'_>,
    records: &Records<'_>,
    capabilities: Option<&[ComponentId<'_>]>,
    out: &'o mut [u8],
) -> Result<&'o [u8], EncodeError> {
    let mut e = Encoder::from_slice(out);
    let fields = 3 + u64::from(reference.nonce.is_some()) + u64::from(capabilities.is_some());
    e.map(fields)?;
    e.i64(key::REFERENCE)?.array(2)?.str(reference.uri)?;
    digest(&mut e, &reference.digest)?;
    if let Some(nonce) = reference.nonce {
        e.i64(key::NONCE)?.bytes(nonce)?;
    }
    let count = records.iter().count();
    e.i64(key::RECORDS)?
        .array(u64::try_from(count).unwrap_or(u64::MAX))?;
    for entry in records.iter() {
        entry_item(&mut e, entry)?;
    }
    e.i64(key::RESULT)?;
    match &records.failure {
        None => {
            e.bool(true)?;
        }
        Some((entry, reason)) => {
            let code = *reason as u8;
            e.map(3)?.i64(key::RESULT_CODE)?.u64(u64::from(code))?;
            e.i64(key::RESULT_RECORD)?;
            entry_item(&mut e, entry)?;
            e.i64(key::RESULT_REASON)?.u64(u64::from(code))?;
        }
    }
    if let Some(components) = capabilities {
        e.i64(key::CAPABILITY_REPORT)?;
        capability_report(&mut e, components)?;
    }
    Ok(e.into_written())
}

/// The commands this processor runs (manifest, trust domains, update
/// management).
const COMMANDS: &[i64] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 32,
    33, 34, 35,
];
/// The parameters it understands.
const PARAMETERS: &[i64] = &[
    1, 2, 3, 4, 5, 12, 13, 14, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
];
/// COSE algorithms it verifies, unwraps or decrypts with (what the crypto
/// provider built in offers is a subset on small images).
const ALGORITHMS: &[i64] = &[
    -16, -43, -44, -7, -9, -35, -51, -8, -19, 5, 6, 7, -3, -4, -5, -29, -30, -31, 1, 2, 3, -65534,
    -65533, -65532,
];
/// Envelope members.
const ENVELOPE: &[i64] = &[2, 3, 14, 15, 16, 18, 20, 23];
/// Manifest members.
const MANIFEST: &[i64] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 16, 18, 20, 23, 24];
/// Common members.
const COMMON: &[i64] = &[1, 2, 4];

/// `SUIT_Capability_Report` (draft-ietf-suit-report): the components the
/// device has and what this crate processes.
fn capability_report(
    e: &mut Encoder<SliceWriter<'_>>,
    components: &[ComponentId<'_>],
) -> Result<(), EncodeError> {
    e.map(7)?;
    e.i64(1)?
        .array(u64::try_from(components.len()).unwrap_or(0))?;
    for component in components {
        e.raw(component.encoded())?;
    }
    for (k, list) in [
        (2, COMMANDS),
        (3, PARAMETERS),
        (4, ALGORITHMS),
        (5, ENVELOPE),
        (6, MANIFEST),
        (7, COMMON),
    ] {
        e.i64(k)?.array(u64::try_from(list.len()).unwrap_or(0))?;
        for id in list {
            e.i64(*id)?;
        }
    }
    Ok(())
}

fn digest(e: &mut Encoder<SliceWriter<'_>>, d: &Digest<'_>) -> Result<(), EncodeError> {
    e.array(2)?.i64(d.algorithm)?.bytes(d.bytes)?;
    Ok(())
}

fn entry_item(e: &mut Encoder<SliceWriter<'_>>, entry: &Entry<'_>) -> Result<(), EncodeError> {
    let values = entry.values.iter().flatten().count();
    let values = u64::try_from(values).unwrap_or(0);
    if entry.claims {
        e.map(1 + values)?.i64(key::SYSTEM_COMPONENT_ID)?;
        match &entry.component_id {
            Some(id) => e.raw(id.encoded())?,
            None => e.array(0)?,
        };
    } else {
        e.array(5)?.array(0)?.i64(entry.section)?;
        e.u64(u64::try_from(entry.offset).unwrap_or(0))?
            .u64(entry.component)?;
        e.map(values)?;
    }
    for (k, value) in entry.values.iter().flatten() {
        e.i64(*k)?;
        match value {
            Value::Bytes(b) => e.bytes(b)?,
            Value::Text(t) => e.str(t)?,
            Value::Uint(n) => e.u64(*n)?,
            Value::Int(n) => e.i64(*n)?,
            Value::Wrapped(item) => e.bytes(item)?,
            Value::Digest(d) => {
                // bstr .cbor SUIT_Digest, as the parameter is carried.
                let mut inner = [0u8; 80];
                let mut de = Encoder::from_slice(&mut inner);
                digest(&mut de, d)?;
                e.bytes(de.into_written())?
            }
        };
    }
    Ok(())
}

/// A decoded SUIT Report.
#[derive(Clone, Debug)]
pub struct Report<'r> {
    /// The manifest reported on.
    pub reference: ReportReference<'r>,
    /// Number of records and claims.
    pub record_count: usize,
    /// `true`, or the failure's reason code.
    pub result: ReportResult,
    /// Whether a capability report is attached.
    pub has_capability_report: bool,
}

/// The result of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportResult {
    /// `suit-report-result: true`.
    Success,
    /// The failure: result code and reason.
    Failure {
        /// `suit-report-result-code` (implementation-defined).
        code: i64,
        /// `suit-report-result-reason`.
        reason: i64,
    },
}

impl<'r> Report<'r> {
    /// Decodes and checks a `SUIT_Report`.
    ///
    /// # Errors
    /// A CBOR rule, or [`Rule::Missing`]/[`Rule::InvalidReport`].
    pub fn decode(bytes: &'r [u8]) -> Result<Self, Error> {
        let mut d = Decoder::new(bytes);
        let invalid = |at| Error::malformed(Rule::InvalidReport, at);
        let mut reference = None;
        let mut nonce = None;
        let mut record_count = None;
        let mut result = None;
        let mut has_capability_report = false;
        int_map(&mut d, |k, at, d| {
            match k {
                key::REFERENCE => {
                    if d.array().map_err(cbor)? != Some(2) {
                        return Err(invalid(at));
                    }
                    let uri = d.str().map_err(cbor)?;
                    reference = Some((uri, Digest::decode(d)?));
                }
                key::NONCE => nonce = Some(d.bytes().map_err(cbor)?),
                key::RECORDS => {
                    let len = d.array().map_err(cbor)?;
                    let mut index = 0;
                    while more(d, len, index)? {
                        record(d)?;
                        index += 1;
                    }
                    record_count = Some(usize::try_from(index).unwrap_or(usize::MAX));
                }
                key::RESULT => {
                    if d.datatype().map_err(cbor)? == DataType::Bool {
                        if !d.bool().map_err(cbor)? {
                            return Err(invalid(at));
                        }
                        result = Some(ReportResult::Success);
                    } else {
                        let (mut code, mut reason) = (None, None);
                        int_map(d, |k, at, d| {
                            match k {
                                key::RESULT_CODE => code = Some(d.i64().map_err(cbor)?),
                                key::RESULT_RECORD => record(d)?,
                                key::RESULT_REASON => reason = Some(d.i64().map_err(cbor)?),
                                _ => return Err(invalid(at)),
                            }
                            Ok(())
                        })?;
                        result = Some(ReportResult::Failure {
                            code: code.ok_or(invalid(at))?,
                            reason: reason.ok_or(invalid(at))?,
                        });
                    }
                }
                key::CAPABILITY_REPORT => {
                    d.skip().map_err(cbor)?;
                    has_capability_report = true;
                }
                _ => d.skip().map_err(cbor)?,
            }
            Ok(())
        })?;
        d.finish().map_err(cbor)?;
        let (uri, digest) = reference.ok_or(invalid(0))?;
        Ok(Self {
            reference: ReportReference { uri, digest, nonce },
            record_count: record_count.ok_or(invalid(0))?,
            result: result.ok_or(invalid(0))?,
            has_capability_report,
        })
    }
}

/// Checks one `SUIT_Record` (array) or `system-property-claims` (map).
fn record(d: &mut Decoder<'_>) -> Result<(), Error> {
    let at = d.offset();
    match d.datatype().map_err(cbor)? {
        DataType::Map | DataType::MapIndefinite => {
            let mut has_component = false;
            int_map(d, |k, _, d| {
                if k == key::SYSTEM_COMPONENT_ID {
                    ComponentId::decode(d)?;
                    has_component = true;
                    Ok(())
                } else {
                    d.skip().map_err(cbor)
                }
            })?;
            if has_component {
                Ok(())
            } else {
                Err(Error::malformed(Rule::InvalidReport, at))
            }
        }
        _ => {
            let len = d.array().map_err(cbor)?;
            if len.is_some_and(|len| len < 5) {
                return Err(Error::malformed(Rule::InvalidReport, at));
            }
            // manifest-id: [* uint]
            let ids = d.array().map_err(cbor)?;
            let mut i = 0;
            while more(d, ids, i)? {
                d.u64().map_err(cbor)?;
                i += 1;
            }
            d.i64().map_err(cbor)?; // section
            d.u64().map_err(cbor)?; // offset
            d.u64().map_err(cbor)?; // component index
            int_map(d, |_, _, d| d.skip().map_err(cbor))?; // properties
            let mut index = 5;
            while more(d, len, index)? {
                d.skip().map_err(cbor)?;
                index += 1;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(key: i64, value: u64) -> Entry<'static> {
        Entry {
            claims: true,
            section: 20,
            offset: 0,
            component: 0,
            component_id: None,
            values: [Some((key, Value::Uint(value))), None],
        }
    }

    #[test]
    fn claims_merge_only_without_repeating_a_key() {
        let mut records = Records::default();
        records.push(claim(14, 1));
        records.push(claim(14, 1)); // same value: merged away
        records.push(claim(5, 2)); // new key: merged
        assert_eq!(records.iter().count(), 1);
        records.push(claim(14, 3)); // same key, new value: a new map (found by fuzzing)
        assert_eq!(records.iter().count(), 2);
        let reference = ReportReference {
            uri: "u",
            digest: Digest {
                algorithm: -16,
                bytes: &[0; 32],
                offset: 0,
            },
            nonce: None,
        };
        let mut out = [0u8; 256];
        let encoded = encode(&reference, &records, None, &mut out).unwrap_or_default();
        let report = Report::decode(encoded);
        assert_eq!(report.map(|r| r.record_count).ok(), Some(2));
    }
}
