//! A host-side compiler from suit-tool's JSON descriptions (the input of
//! `suit-tool create`, as in the draft's examples) to SUIT manifests.
//!
//! The mapping follows the templates of draft-ietf-suit-manifest's
//! examples as suit-tool writes them, so that the draft's example
//! descriptions compile to the draft's manifest bytes:
//!
//! - **Shared sequence** (compatibility check): per component, the
//!   parameters equal across its variants (image digest and size, vendor and
//!   class identifiers, slot) in one `directive-override-parameters`, a
//!   `directive-try-each` over the variants that differ, then
//!   `condition-vendor-identifier` / `condition-class-identifier`.
//! - **Variants** (A/B images): components sharing an `install-id`
//!   are variants of one component; a `slot` makes each alternative of the
//!   try-each select its slot (`override {slot}`,
//!   `condition-component-slot`) before its own parameters.
//! - **Install** (download and install): with a `uri`, fetch straight into the component
//!   and check it; with `"install-on-download": false`, fetch into the
//!   `download-id` component in `payload-fetch` and copy it over in
//!   `install`.
//! - **Validate** (secure boot): `condition-image-match` on every installed
//!   component.
//! - **Load** (from external storage): a `loadable` component is copied from its install
//!   component to its `load-id` and checked against `load-digest`.
//! - **Invoke**: when exactly one component is `bootable`, it (or its load
//!   component) is invoked.
//! - **Several components**: `directive-set-component-index` before
//!   the commands of each component, only when the manifest has more than
//!   one.
//! - `reference-uri`, and `description` → `suit-text` (per language: the
//!   manifest and update descriptions, and per component its vendor name,
//!   model name, vendor domain, description and required version).
//!   `severable` lists the members worth severing in [`Compiled::severable`].
//!
//! Every map is in the canonical key order of RFC 7049 §3.9 (shorter
//! encoded keys first), as suit-tool's encoder writes them. Reporting
//! policies are those of the draft's examples: everything for identity conditions and image
//! matches, record and system information on success for the slot
//! condition, record on failure for directives.
//!
//! As the draft's example 2 shows (its component description lists both and
//! its text member has neither), `model-info` and `component-version` are
//! accepted and not written, and `include-json` does not add the JSON
//! source. Fields suit-tool knows that this compiler does not implement
//! (`file`, `offset`, `compression-info`, `decompress-on-load`,
//! `dependencies`, …) and unknown fields are errors, not silently dropped.

use alloc::borrow::ToOwned;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use iotm_cbor::Encoder;
use iotm_wire::EncodeError;
use serde_json::{Map, Value};

use crate::label::{command, common, manifest, parameter};

/// The keys of `SUIT_Text` (§8.4.4).
mod text {
    /// `suit-text-manifest-description`.
    pub(super) const MANIFEST_DESCRIPTION: i64 = 1;
    /// `suit-text-update-description`.
    pub(super) const UPDATE_DESCRIPTION: i64 = 2;
    /// `suit-text-vendor-name`.
    pub(super) const VENDOR_NAME: i64 = 1;
    /// `suit-text-model-name`.
    pub(super) const MODEL_NAME: i64 = 2;
    /// `suit-text-vendor-domain`.
    pub(super) const VENDOR_DOMAIN: i64 = 3;
    /// `suit-text-component-description`.
    pub(super) const COMPONENT_DESCRIPTION: i64 = 5;
    /// `suit-text-version-required`.
    pub(super) const VERSION_REQUIRED: i64 = 7;
}

/// Reporting policies (§8.4.9): bit 0 record on success, bit 1 record on
/// failure, bit 2 system information on success, bit 3 on failure.
mod policy {
    /// Directives: a record when they fail.
    pub(super) const DIRECTIVE: u64 = 0b0010;
    /// `condition-component-slot`: record and system information on success
    /// (a failing slot check is an expected outcome of try-each).
    pub(super) const SLOT: u64 = 0b0101;
    /// Identity conditions and image matches: everything.
    pub(super) const CONDITION: u64 = 0b1111;
}

/// COSE algorithm identifiers of the digest algorithms suit-tool names.
const DIGEST_ALGORITHMS: [(&str, i64); 5] = [
    ("sha256", -16),
    ("shake128", -18),
    ("sha384", -43),
    ("sha512", -44),
    ("shake256", -45),
];

/// A map entry: encoded key and encoded value.
type Entry = (Vec<u8>, Vec<u8>);

/// A parameter: its key and encoded value.
type ParamValue = (i64, Vec<u8>);

/// The encoded length of a SHA-256 `SUIT_Digest` (`[-16, h'…'32]`): the
/// size of a severed member's replacement.
const SEVERED_DIGEST_LEN: usize = 36;

/// The top-level fields this compiler reads.
const MANIFEST_FIELDS: [&str; 7] = [
    "components",
    "manifest-version",
    "manifest-sequence-number",
    "reference-uri",
    "description",
    "severable",
    "include-json",
];

/// The component fields this compiler reads.
const COMPONENT_FIELDS: [&str; 16] = [
    "install-id",
    "download-id",
    "load-id",
    "install-digest",
    "install-size",
    "download-digest",
    "load-digest",
    "load-size",
    "vendor-id",
    "class-id",
    "uri",
    "slot",
    "bootable",
    "loadable",
    "install-on-download",
    "description",
];

/// Why a description does not compile. Display names the JSON field at
/// fault, as a path such as `components[1].install-digest.digest-bytes`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompileError {
    /// The input is not JSON: serde_json's message, with line and column.
    NotJson(String),
    /// A field the description needs is missing.
    Missing {
        /// The path of the field.
        field: String,
    },
    /// A field has the wrong type or value.
    Invalid {
        /// The path of the field.
        field: String,
        /// What the field should hold.
        expected: &'static str,
    },
    /// A field this compiler does not implement, or does not know.
    Unsupported {
        /// The path of the field.
        field: String,
    },
    /// A value CBOR cannot carry.
    Encode(EncodeError),
}

impl CompileError {
    /// The path of the JSON field at fault, if one is.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Missing { field } | Self::Invalid { field, .. } | Self::Unsupported { field } => {
                Some(field)
            }
            Self::NotJson(_) | Self::Encode(_) => None,
        }
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson(e) => write!(f, "not a JSON description: {e}"),
            Self::Missing { field } => write!(f, "{field}: missing"),
            Self::Invalid { field, expected } => write!(f, "{field}: expected {expected}"),
            Self::Unsupported { field } => write!(f, "{field}: not supported by this compiler"),
            Self::Encode(e) => write!(f, "CBOR encoding failed: {e}"),
        }
    }
}

impl core::error::Error for CompileError {}

/// A compiled description: the manifest, and the severable members the
/// description asks to sever.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    /// The encoded `SUIT_Manifest` map, every severable member in place.
    pub manifest: Vec<u8>,
    /// With `"severable": true`, the keys of the severable members present
    /// (payload-fetch, install, text) whose digest is shorter than the
    /// member, in key order, for
    /// [`EnvelopeBuilder::sever`](crate::EnvelopeBuilder::sever); empty
    /// otherwise.
    pub severable: Vec<i64>,
}

/// Compiles a suit-tool JSON description to the encoded `SUIT_Manifest`
/// map, severable members in place (see [`compile`] for which to sever).
///
/// # Errors
/// [`CompileError`] naming the field at fault.
pub fn compile_json(json: &str) -> Result<Vec<u8>, CompileError> {
    compile(json).map(|compiled| compiled.manifest)
}

/// Compiles a suit-tool JSON description to a manifest and the list of
/// members to sever.
///
/// # Errors
/// [`CompileError`] naming the field at fault.
pub fn compile(json: &str) -> Result<Compiled, CompileError> {
    let root: Value =
        serde_json::from_str(json).map_err(|e| CompileError::NotJson(format!("{e}")))?;
    let top = root
        .as_object()
        .ok_or_else(|| invalid("(root)", "an object"))?;
    for key in top.keys() {
        if !MANIFEST_FIELDS.contains(&key.as_str()) {
            return Err(unsupported(key));
        }
    }
    let version = uint(top.get("manifest-version"), "manifest-version")?
        .ok_or_else(|| missing("manifest-version"))?;
    let sequence_number = uint(
        top.get("manifest-sequence-number"),
        "manifest-sequence-number",
    )?
    .ok_or_else(|| missing("manifest-sequence-number"))?;
    let reference_uri = string(top.get("reference-uri"), "reference-uri")?;
    let severable = boolean(top.get("severable"), "severable")?.unwrap_or(false);
    boolean(top.get("include-json"), "include-json")?;

    let list = top
        .get("components")
        .ok_or_else(|| missing("components"))?
        .as_array()
        .ok_or_else(|| invalid("components", "an array of components"))?;
    if list.is_empty() {
        return Err(invalid("components", "at least one component"));
    }
    let mut ids = Ids::default();
    let mut components = Vec::with_capacity(list.len());
    for (at, value) in list.iter().enumerate() {
        components.push(Component::read(at, value, &mut ids)?);
    }
    if !components.iter().any(|c| c.has("vendor-id")) {
        return Err(missing("components[*].vendor-id"));
    }
    if !components
        .iter()
        .any(|c| c.has("vendor-id") && c.has("class-id"))
    {
        return Err(missing("components[*].class-id"));
    }

    // Variants of one component share its install-id; groups keep the
    // order of first appearance.
    let mut groups: Vec<Vec<&Component<'_>>> = Vec::new();
    for c in &components {
        match groups
            .iter_mut()
            .find(|g| g.first().is_some_and(|first| first.install == c.install))
        {
            Some(group) => group.push(c),
            None => groups.push(alloc::vec![c]),
        }
    }

    let select = ids.encoded.len() > 1;
    let mut shared = Seq::new(select);
    let mut fetch = Seq::new(select);
    let mut install = Seq::new(select);
    let mut validate = Seq::new(select);
    let mut load = Seq::new(select);
    let mut invoke = Seq::new(select);
    for group in &groups {
        let Some(first) = group.first() else {
            continue;
        };
        let cid = first.install;
        make_sequence(
            &mut shared,
            cid,
            group,
            &[
                Param::InstallDigest,
                Param::InstallSize,
                Param::VendorId,
                Param::ClassId,
                Param::Slot,
            ],
            &[Cond::Vendor, Cond::Class, Cond::Slot],
        )?;

        if group.iter().any(|c| c.has("uri") && c.install_on_download) {
            make_sequence(
                &mut install,
                cid,
                group,
                &[Param::Uri, Param::Slot],
                &[Cond::Slot],
            )?;
            install.directive(cid, command::FETCH)?;
            install.condition(cid, command::IMAGE_MATCH, policy::CONDITION)?;
        } else if let Some(with_uri) = group.iter().find(|c| c.has("uri")) {
            let did = group
                .iter()
                .find_map(|c| c.download)
                .ok_or_else(|| missing(&with_uri.path("download-id")))?;
            if let Some(c) = group.iter().find(|c| c.has("slot")) {
                return Err(unsupported(&c.path("slot")));
            }
            make_sequence(
                &mut fetch,
                did,
                group,
                &[Param::Uri, Param::DownloadDigest],
                &[],
            )?;
            fetch.directive(did, command::FETCH)?;
            fetch.condition(did, command::IMAGE_MATCH, policy::CONDITION)?;
            make_sequence(&mut install, cid, group, &[Param::SourceDownload], &[])?;
            install.directive(cid, command::COPY)?;
            install.condition(cid, command::IMAGE_MATCH, policy::CONDITION)?;
        }

        validate.condition(cid, command::IMAGE_MATCH, policy::CONDITION)?;

        if let Some(loadable) = group.iter().find(|c| c.loadable) {
            let lid = loadable
                .load
                .ok_or_else(|| missing(&loadable.path("load-id")))?;
            make_sequence(
                &mut load,
                lid,
                group,
                &[Param::SourceInstall, Param::LoadDigest, Param::LoadSize],
                &[],
            )?;
            load.directive(lid, command::COPY)?;
            load.condition(lid, command::IMAGE_MATCH, policy::CONDITION)?;
        }
    }
    let mut bootable = components.iter().filter(|c| c.bootable);
    if let (Some(c), None) = (bootable.next(), bootable.next()) {
        let runnable = if c.loadable {
            c.load.ok_or_else(|| missing(&c.path("load-id")))?
        } else {
            c.install
        };
        invoke.directive(runnable, command::INVOKE)?;
    }

    let mut common_map = Vec::new();
    let mut component_list = Vec::new();
    Encoder::new(&mut component_list)
        .array(count(ids.encoded.len()))
        .map_err(CompileError::Encode)?;
    for id in &ids.encoded {
        component_list.extend_from_slice(id);
    }
    common_map.push((int(common::COMPONENTS)?, component_list));
    common_map.push((int(common::SHARED_SEQUENCE)?, shared.wrapped()?));

    let mut members = Vec::new();
    members.push((int(manifest::VERSION)?, cbor(|e| e.u64(version).map(drop))?));
    members.push((
        int(manifest::SEQUENCE_NUMBER)?,
        cbor(|e| e.u64(sequence_number).map(drop))?,
    ));
    members.push((int(manifest::COMMON)?, wrap(&canonical_map(common_map)?)?));
    if let Some(uri) = reference_uri {
        members.push((
            int(manifest::REFERENCE_URI)?,
            cbor(|e| e.str(uri).map(drop))?,
        ));
    }
    for (key, seq) in [
        (manifest::VALIDATE, &validate),
        (manifest::LOAD, &load),
        (manifest::INVOKE, &invoke),
        (manifest::PAYLOAD_FETCH, &fetch),
        (manifest::INSTALL, &install),
    ] {
        if !seq.is_empty() {
            members.push((int(key)?, seq.wrapped()?));
        }
    }
    if let Some(text) = suit_text(top, &components, &ids)? {
        members.push((int(manifest::TEXT)?, wrap(&text)?));
    }

    let mut sever = Vec::new();
    if severable {
        for (key, value) in &members {
            for member in [manifest::PAYLOAD_FETCH, manifest::INSTALL, manifest::TEXT] {
                if *key == int(member)? && value.len() > SEVERED_DIGEST_LEN {
                    sever.push(member);
                }
            }
        }
        sever.sort_unstable();
    }
    Ok(Compiled {
        manifest: canonical_map(members)?,
        severable: sever,
    })
}

/// The component identifiers of the manifest, in suit-tool's order: each
/// component's install, download and load identifiers, first appearance
/// first.
#[derive(Default)]
struct Ids {
    /// The encoded `SUIT_Component_Identifier` arrays.
    encoded: Vec<Vec<u8>>,
}

impl Ids {
    /// The index of identifier `value` (at `field`), added if new.
    fn index(&mut self, value: &Value, field: &str) -> Result<usize, CompileError> {
        let segments = value
            .as_array()
            .ok_or_else(|| invalid(field, "an array of hex strings"))?;
        let mut encoded = Vec::new();
        Encoder::new(&mut encoded)
            .array(count(segments.len()))
            .map_err(CompileError::Encode)?;
        for (i, segment) in segments.iter().enumerate() {
            let path = format!("{field}[{i}]");
            let text = segment
                .as_str()
                .ok_or_else(|| invalid(&path, "a hex string"))?;
            let bytes = hex(text).ok_or_else(|| invalid(&path, "a hex string"))?;
            Encoder::new(&mut encoded)
                .bytes(&bytes)
                .map_err(CompileError::Encode)?;
        }
        if let Some(at) = self.encoded.iter().position(|id| *id == encoded) {
            return Ok(at);
        }
        self.encoded.push(encoded);
        Ok(self.encoded.len().saturating_sub(1))
    }
}

/// One entry of `components`.
struct Component<'j> {
    /// Its position in `components`, for error paths.
    at: usize,
    /// Its fields.
    fields: &'j Map<String, Value>,
    /// The index of its install-id.
    install: usize,
    /// The index of its download-id.
    download: Option<usize>,
    /// The index of its load-id.
    load: Option<usize>,
    /// `bootable`.
    bootable: bool,
    /// `loadable`.
    loadable: bool,
    /// `install-on-download` (true unless false).
    install_on_download: bool,
}

impl<'j> Component<'j> {
    /// Reads entry `at`, registering its identifiers.
    fn read(at: usize, value: &'j Value, ids: &mut Ids) -> Result<Self, CompileError> {
        let fields = value
            .as_object()
            .ok_or_else(|| invalid(&format!("components[{at}]"), "an object"))?;
        let path = |key: &str| format!("components[{at}].{key}");
        for key in fields.keys() {
            if !COMPONENT_FIELDS.contains(&key.as_str()) {
                return Err(unsupported(&path(key)));
            }
        }
        let id = |key: &str, ids: &mut Ids| -> Result<Option<usize>, CompileError> {
            fields
                .get(key)
                .map(|v| ids.index(v, &path(key)))
                .transpose()
        };
        let install = id("install-id", ids)?.ok_or_else(|| missing(&path("install-id")))?;
        let download = id("download-id", ids)?;
        let load = id("load-id", ids)?;
        let component = Self {
            at,
            fields,
            install,
            download,
            load,
            bootable: boolean(fields.get("bootable"), &path("bootable"))?.unwrap_or(false),
            loadable: boolean(fields.get("loadable"), &path("loadable"))?.unwrap_or(false),
            install_on_download: boolean(
                fields.get("install-on-download"),
                &path("install-on-download"),
            )?
            .unwrap_or(true),
        };
        if !component.has("install-digest") {
            return Err(missing(&path("install-digest")));
        }
        // Type-check every value up front, so that errors do not depend on
        // which template reads a field.
        for param in [
            Param::InstallDigest,
            Param::InstallSize,
            Param::VendorId,
            Param::ClassId,
            Param::Slot,
            Param::Uri,
            Param::DownloadDigest,
            Param::LoadDigest,
            Param::LoadSize,
        ] {
            param.value(&component)?;
        }
        Ok(component)
    }

    /// The path of field `key` of this component.
    fn path(&self, key: &str) -> String {
        format!("components[{}].{key}", self.at)
    }

    /// Whether field `key` is present.
    fn has(&self, key: &str) -> bool {
        self.fields.contains_key(key)
    }

    /// Field `key`.
    fn get(&self, key: &str) -> Option<&'j Value> {
        self.fields.get(key)
    }
}

/// A parameter a template sets, from a component's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Param {
    /// `image-digest` from `install-digest`.
    InstallDigest,
    /// `image-size` from `install-size`.
    InstallSize,
    /// `vendor-id` from `vendor-id`.
    VendorId,
    /// `class-id` from `class-id`.
    ClassId,
    /// `component-slot` from `slot`.
    Slot,
    /// `uri` from `uri`.
    Uri,
    /// `image-digest` from `download-digest`, else `install-digest`.
    DownloadDigest,
    /// `source-component`: the download component.
    SourceDownload,
    /// `source-component`: the install component.
    SourceInstall,
    /// `image-digest` from `load-digest`, else `install-digest`.
    LoadDigest,
    /// `image-size` from `load-size`, else `install-size`.
    LoadSize,
}

impl Param {
    /// The parameter's key and encoded value for component `c`, if `c`
    /// gives it one.
    fn value(self, c: &Component<'_>) -> Result<Option<ParamValue>, CompileError> {
        let digest = |key: &str| -> Result<Option<Vec<u8>>, CompileError> {
            c.get(key)
                .map(|v| digest(v, &c.path(key)).and_then(|d| wrap(&d)))
                .transpose()
        };
        let size = |key: &str| -> Result<Option<Vec<u8>>, CompileError> {
            uint(c.get(key), &c.path(key))?
                .map(|n| cbor(|e| e.u64(n).map(drop)))
                .transpose()
        };
        let uuid = |key: &str| -> Result<Option<Vec<u8>>, CompileError> {
            string(c.get(key), &c.path(key))?
                .map(|text| {
                    let bytes = uuid(text).ok_or_else(|| invalid(&c.path(key), "a UUID"))?;
                    cbor(|e| e.bytes(&bytes).map(drop))
                })
                .transpose()
        };
        let index = |i: Option<usize>| -> Result<Option<Vec<u8>>, CompileError> {
            i.map(|i| cbor(|e| e.u64(count(i)).map(drop))).transpose()
        };
        let (key, value) = match self {
            Self::InstallDigest => (parameter::IMAGE_DIGEST, digest("install-digest")?),
            Self::InstallSize => (parameter::IMAGE_SIZE, size("install-size")?),
            Self::VendorId => (parameter::VENDOR_IDENTIFIER, uuid("vendor-id")?),
            Self::ClassId => (parameter::CLASS_IDENTIFIER, uuid("class-id")?),
            Self::Slot => (parameter::COMPONENT_SLOT, size("slot")?),
            Self::Uri => (
                parameter::URI,
                string(c.get("uri"), &c.path("uri"))?
                    .map(|uri| cbor(|e| e.str(uri).map(drop)))
                    .transpose()?,
            ),
            Self::DownloadDigest => (
                parameter::IMAGE_DIGEST,
                match digest("download-digest")? {
                    Some(d) => Some(d),
                    None => digest("install-digest")?,
                },
            ),
            Self::SourceDownload => (parameter::SOURCE_COMPONENT, index(c.download)?),
            Self::SourceInstall => (parameter::SOURCE_COMPONENT, index(Some(c.install))?),
            Self::LoadDigest => (
                parameter::IMAGE_DIGEST,
                match digest("load-digest")? {
                    Some(d) => Some(d),
                    None => digest("install-digest")?,
                },
            ),
            Self::LoadSize => (
                parameter::IMAGE_SIZE,
                match size("load-size")? {
                    Some(n) => Some(n),
                    None => size("install-size")?,
                },
            ),
        };
        Ok(value.map(|v| (key, v)))
    }
}

/// A condition a template checks, when a component's field asks for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cond {
    /// `condition-vendor-identifier`, for `vendor-id`.
    Vendor,
    /// `condition-class-identifier`, for `class-id`.
    Class,
    /// `condition-component-slot`, for `slot`.
    Slot,
}

impl Cond {
    /// The field that asks for the condition.
    const fn field(self) -> &'static str {
        match self {
            Self::Vendor => "vendor-id",
            Self::Class => "class-id",
            Self::Slot => "slot",
        }
    }

    /// The condition's identifier and reporting policy.
    const fn command(self) -> (i64, u64) {
        match self {
            Self::Vendor => (command::VENDOR_IDENTIFIER, policy::CONDITION),
            Self::Class => (command::CLASS_IDENTIFIER, policy::CONDITION),
            Self::Slot => (command::COMPONENT_SLOT, policy::SLOT),
        }
    }

    /// The parameter the condition reads, set just before it in a
    /// try-each alternative.
    const fn depends_on(self) -> Option<i64> {
        match self {
            Self::Slot => Some(parameter::COMPONENT_SLOT),
            Self::Vendor | Self::Class => None,
        }
    }
}

/// Whether the values of the variants are all equal (`Some(true)`), differ
/// (`Some(false)`), or are all absent (`None`).
fn agreement<T: PartialEq>(values: &[Option<T>]) -> Option<bool> {
    if values.iter().all(Option::is_none) {
        return None;
    }
    let mut rest = values.iter();
    let first = rest.next()?;
    Some(rest.all(|v| v == first))
}

/// suit-tool's sequence template for `component` with `variants`: the
/// parameters equal across them in one override, a try-each over the
/// variants for what differs (a condition first, with the parameter it
/// reads, then the other parameters), then the conditions equal across
/// them.
fn make_sequence(
    seq: &mut Seq,
    component: usize,
    variants: &[&Component<'_>],
    params: &[Param],
    conds: &[Cond],
) -> Result<(), CompileError> {
    let mut equal = Vec::new();
    let mut differing: Vec<Vec<Option<ParamValue>>> = Vec::new();
    for param in params {
        let values = variants
            .iter()
            .map(|c| param.value(c))
            .collect::<Result<Vec<_>, _>>()?;
        match agreement(&values) {
            Some(true) => equal.extend(values.into_iter().flatten().take(1)),
            Some(false) => differing.push(values),
            None => {}
        }
    }
    let mut equal_conds = Vec::new();
    let mut differing_conds = Vec::new();
    for cond in conds {
        let values: Vec<Option<&Value>> = variants.iter().map(|c| c.get(cond.field())).collect();
        match agreement(&values) {
            Some(true) => equal_conds.push(*cond),
            Some(false) => differing_conds.push(*cond),
            None => {}
        }
    }

    if !equal.is_empty() {
        seq.command(
            component,
            command::OVERRIDE_PARAMETERS,
            &canonical_map(keyed(equal)?)?,
        )?;
    }
    let mut alternatives = Vec::new();
    for (i, c) in variants.iter().enumerate() {
        let mut inner = seq.nested(component);
        let mut own: Vec<ParamValue> = differing
            .iter()
            .filter_map(|values| values.get(i).cloned().flatten())
            .collect();
        let mut read_first = Vec::new();
        for cond in &differing_conds {
            if let Some(key) = cond.depends_on() {
                if let Some(at) = own.iter().position(|(k, _)| *k == key) {
                    read_first.push(own.remove(at));
                }
            }
        }
        if !read_first.is_empty() {
            inner.command(
                component,
                command::OVERRIDE_PARAMETERS,
                &canonical_map(keyed(read_first)?)?,
            )?;
        }
        for cond in &differing_conds {
            if c.has(cond.field()) {
                let (id, policy) = cond.command();
                inner.condition(component, id, policy)?;
            }
        }
        if !own.is_empty() {
            inner.command(
                component,
                command::OVERRIDE_PARAMETERS,
                &canonical_map(keyed(own)?)?,
            )?;
        }
        if !inner.is_empty() {
            alternatives.push(inner.wrapped()?);
        }
    }
    if !alternatives.is_empty() {
        let mut arg = Vec::new();
        Encoder::new(&mut arg)
            .array(count(alternatives.len()))
            .map_err(CompileError::Encode)?;
        for alternative in &alternatives {
            arg.extend_from_slice(alternative);
        }
        seq.command(component, command::TRY_EACH, &arg)?;
    }
    for cond in equal_conds {
        let (id, policy) = cond.command();
        seq.condition(component, id, policy)?;
    }
    Ok(())
}

/// A command sequence being written, with the component index the device
/// will have selected.
struct Seq {
    /// The encoded commands and arguments.
    items: Vec<u8>,
    /// The number of commands.
    commands: usize,
    /// The selected component, if known.
    current: Option<usize>,
    /// Whether the manifest has several components, so that commands need
    /// `directive-set-component-index`.
    select: bool,
}

impl Seq {
    /// An empty sequence; no component is selected at its start.
    const fn new(select: bool) -> Self {
        Self {
            items: Vec::new(),
            commands: 0,
            current: None,
            select,
        }
    }

    /// An empty sequence nested in a command of this one on `component`.
    const fn nested(&self, component: usize) -> Self {
        Self {
            items: Vec::new(),
            commands: 0,
            current: Some(component),
            select: self.select,
        }
    }

    /// Whether no command was written.
    const fn is_empty(&self) -> bool {
        self.commands == 0
    }

    /// Writes command `id` with the encoded argument `arg` on `component`,
    /// selecting the component first when needed.
    fn command(&mut self, component: usize, id: i64, arg: &[u8]) -> Result<(), CompileError> {
        if self.select && self.current != Some(component) {
            let index = cbor(|e| e.u64(count(component)).map(drop))?;
            self.raw(command::SET_COMPONENT_INDEX, &index)?;
        }
        self.current = Some(component);
        self.raw(id, arg)
    }

    /// Writes a condition with its reporting policy.
    fn condition(&mut self, component: usize, id: i64, policy: u64) -> Result<(), CompileError> {
        self.command(component, id, &cbor(|e| e.u64(policy).map(drop))?)
    }

    /// Writes a directive that takes a reporting policy.
    fn directive(&mut self, component: usize, id: i64) -> Result<(), CompileError> {
        self.condition(component, id, policy::DIRECTIVE)
    }

    /// Appends command `id` and `arg` as they are.
    fn raw(&mut self, id: i64, arg: &[u8]) -> Result<(), CompileError> {
        Encoder::new(&mut self.items)
            .i64(id)
            .map_err(CompileError::Encode)?;
        self.items.extend_from_slice(arg);
        self.commands = self.commands.saturating_add(1);
        Ok(())
    }

    /// The `SUIT_Command_Sequence` array, wrapped in a byte string.
    fn wrapped(&self) -> Result<Vec<u8>, CompileError> {
        let mut array = Vec::with_capacity(self.items.len().saturating_add(3));
        Encoder::new(&mut array)
            .array(count(self.commands).saturating_mul(2))
            .map_err(CompileError::Encode)?;
        array.extend_from_slice(&self.items);
        wrap(&array)
    }
}

/// The `suit-text` map, if the description has any text: per language
/// (`description` of the manifest and of each component), the manifest's
/// descriptions and, under each component's identifier, its own.
fn suit_text(
    top: &Map<String, Value>,
    components: &[Component<'_>],
    ids: &Ids,
) -> Result<Option<Vec<u8>>, CompileError> {
    let mut languages: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    if let Some(description) = top.get("description") {
        let fields = [
            ("manifest-description", text::MANIFEST_DESCRIPTION),
            ("update-description", text::UPDATE_DESCRIPTION),
        ];
        for (language, entries) in text_entries(description, "description", &fields, &[])? {
            languages.entry(language).or_default().extend(entries);
        }
    }
    for c in components {
        let Some(description) = c.get("description") else {
            continue;
        };
        let fields = [
            ("vendor-name", text::VENDOR_NAME),
            ("model-name", text::MODEL_NAME),
            ("vendor-domain", text::VENDOR_DOMAIN),
            ("component-description", text::COMPONENT_DESCRIPTION),
            ("version-required", text::VERSION_REQUIRED),
        ];
        let path = c.path("description");
        let not_written = ["model-info", "component-version"];
        for (language, entries) in text_entries(description, &path, &fields, &not_written)? {
            if entries.is_empty() {
                continue;
            }
            let id = ids
                .encoded
                .get(c.install)
                .ok_or_else(|| missing(&c.path("install-id")))?
                .clone();
            let map = languages.entry(language.clone()).or_default();
            if map.iter().any(|(k, _)| *k == id) {
                return Err(invalid(
                    &format!("{path}.{language}"),
                    "one description per component and language",
                ));
            }
            map.push((id, canonical_map(entries)?));
        }
    }
    if languages.values().all(Vec::is_empty) {
        return Ok(None);
    }
    let mut entries = Vec::new();
    for (language, map) in languages {
        if !map.is_empty() {
            entries.push((cbor(|e| e.str(&language).map(drop))?, canonical_map(map)?));
        }
    }
    canonical_map(entries).map(Some)
}

/// The entries of a `description` object (`{language: {field: text}}`) at
/// `path`: per language, the encoded key and text of each of `fields`
/// present; fields in `ignored` are accepted and left out.
fn text_entries(
    description: &Value,
    path: &str,
    fields: &[(&str, i64)],
    ignored: &[&str],
) -> Result<Vec<(String, Vec<Entry>)>, CompileError> {
    let languages = description
        .as_object()
        .ok_or_else(|| invalid(path, "an object of languages"))?;
    let mut out = Vec::new();
    for (language, text) in languages {
        let at = format!("{path}.{language}");
        let text = text
            .as_object()
            .ok_or_else(|| invalid(&at, "an object of texts"))?;
        let mut entries = Vec::new();
        for (name, value) in text {
            let field = format!("{at}.{name}");
            let value = value.as_str().ok_or_else(|| invalid(&field, "a string"))?;
            if ignored.contains(&name.as_str()) {
                continue;
            }
            let (_, key) = fields
                .iter()
                .find(|(n, _)| n == name)
                .ok_or_else(|| unsupported(&field))?;
            entries.push((int(*key)?, cbor(|e| e.str(value).map(drop))?));
        }
        out.push((language.to_owned(), entries));
    }
    Ok(out)
}

/// `(key, value)` pairs with their keys encoded.
fn keyed(entries: Vec<ParamValue>) -> Result<Vec<Entry>, CompileError> {
    entries.into_iter().map(|(k, v)| Ok((int(k)?, v))).collect()
}

/// A map of encoded keys and values in canonical order (RFC 7049 §3.9:
/// shorter keys first, then bytewise), as suit-tool writes maps.
fn canonical_map(mut entries: Vec<Entry>) -> Result<Vec<u8>, CompileError> {
    entries.sort_by(|(a, _), (b, _)| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    let mut out = Vec::new();
    Encoder::new(&mut out)
        .map(count(entries.len()))
        .map_err(CompileError::Encode)?;
    for (key, value) in &entries {
        out.extend_from_slice(key);
        out.extend_from_slice(value);
    }
    Ok(out)
}

/// A `SUIT_Digest` (`[algorithm-id, digest-bytes]`) from
/// `{"algorithm-id": "sha256", "digest-bytes": "…"}` at `path`.
fn digest(value: &Value, path: &str) -> Result<Vec<u8>, CompileError> {
    let fields = value
        .as_object()
        .ok_or_else(|| invalid(path, "an object with algorithm-id and digest-bytes"))?;
    for key in fields.keys() {
        if key != "algorithm-id" && key != "digest-bytes" {
            return Err(unsupported(&format!("{path}.{key}")));
        }
    }
    let alg_path = format!("{path}.algorithm-id");
    let name = string(fields.get("algorithm-id"), &alg_path)?.ok_or_else(|| missing(&alg_path))?;
    let (_, alg) = DIGEST_ALGORITHMS
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| invalid(&alg_path, "sha256, sha384, sha512, shake128 or shake256"))?;
    let bytes_path = format!("{path}.digest-bytes");
    let text =
        string(fields.get("digest-bytes"), &bytes_path)?.ok_or_else(|| missing(&bytes_path))?;
    let bytes = hex(text).ok_or_else(|| invalid(&bytes_path, "a hex string"))?;
    cbor(|e| e.array(2)?.i64(*alg)?.bytes(&bytes).map(drop))
}

/// `bytes` wrapped in a byte string (`bstr .cbor`).
fn wrap(bytes: &[u8]) -> Result<Vec<u8>, CompileError> {
    cbor(|e| e.bytes(bytes).map(drop))
}

/// An integer key, encoded.
fn int(key: i64) -> Result<Vec<u8>, CompileError> {
    cbor(|e| e.i64(key).map(drop))
}

/// What `f` encodes.
fn cbor<F>(f: F) -> Result<Vec<u8>, CompileError>
where
    F: FnOnce(&mut Encoder<&mut Vec<u8>>) -> Result<(), EncodeError>,
{
    let mut out = Vec::new();
    f(&mut Encoder::new(&mut out)).map_err(CompileError::Encode)?;
    Ok(out)
}

/// A count for a CBOR head (usize is at most 64 bits on every target).
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Even-length hex, either case.
fn hex(text: &str) -> Option<Vec<u8>> {
    let pairs = text.as_bytes().chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return None;
    }
    pairs
        .map(|pair| match pair {
            [hi, lo] => Some(nibble(*hi)? << 4 | nibble(*lo)?),
            _ => None,
        })
        .collect()
}

/// The value of a hex digit.
fn nibble(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// A UUID's 16 bytes from its text form, hyphens optional.
fn uuid(text: &str) -> Option<Vec<u8>> {
    let digits: String = text.chars().filter(|c| *c != '-').collect();
    hex(&digits).filter(|bytes| bytes.len() == 16)
}

/// An optional unsigned integer field.
fn uint(value: Option<&Value>, field: &str) -> Result<Option<u64>, CompileError> {
    value
        .map(|v| {
            v.as_u64()
                .ok_or_else(|| invalid(field, "an unsigned integer"))
        })
        .transpose()
}

/// An optional string field.
fn string<'j>(value: Option<&'j Value>, field: &str) -> Result<Option<&'j str>, CompileError> {
    value
        .map(|v| v.as_str().ok_or_else(|| invalid(field, "a string")))
        .transpose()
}

/// An optional boolean field.
fn boolean(value: Option<&Value>, field: &str) -> Result<Option<bool>, CompileError> {
    value
        .map(|v| v.as_bool().ok_or_else(|| invalid(field, "true or false")))
        .transpose()
}

/// [`CompileError::Missing`] for `field`.
fn missing(field: &str) -> CompileError {
    CompileError::Missing {
        field: field.to_owned(),
    }
}

/// [`CompileError::Invalid`] for `field`.
fn invalid(field: &str, expected: &'static str) -> CompileError {
    CompileError::Invalid {
        field: field.to_owned(),
        expected,
    }
}

/// [`CompileError::Unsupported`] for `field`.
fn unsupported(field: &str) -> CompileError {
    CompileError::Unsupported {
        field: field.to_owned(),
    }
}
