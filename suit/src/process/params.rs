//! Parameter storage: one set per component (§8.4.8), with the is-set state
//! that set-parameters and the conditions depend on.

use crate::digest::Digest;
use crate::parameter::Parameter;

/// The parameters of one component, borrowed from the manifest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ComponentParameters<'a> {
    /// `vendor-identifier`.
    pub vendor_identifier: Option<&'a [u8]>,
    /// `class-identifier`.
    pub class_identifier: Option<&'a [u8]>,
    /// `device-identifier`.
    pub device_identifier: Option<&'a [u8]>,
    /// `image-digest`.
    pub image_digest: Option<Digest<'a>>,
    /// `image-size`.
    pub image_size: Option<u64>,
    /// `component-slot`.
    pub component_slot: Option<u64>,
    /// `content`.
    pub content: Option<&'a [u8]>,
    /// `encryption-info` (encoded).
    pub encryption_info: Option<&'a [u8]>,
    /// `uri`.
    pub uri: Option<&'a str>,
    /// `source-component`.
    pub source_component: Option<u64>,
    /// `invoke-args`.
    pub invoke_args: Option<&'a [u8]>,
    /// `fetch-arguments`.
    pub fetch_arguments: Option<&'a [u8]>,
    /// `use-before`.
    pub use_before: Option<u64>,
    /// `minimum-battery`.
    pub minimum_battery: Option<u64>,
    /// `update-priority`.
    pub update_priority: Option<i64>,
    /// `version` (encoded `SUIT_Parameter_Version_Match`).
    pub version: Option<&'a [u8]>,
    /// `wait-info` (encoded).
    pub wait_info: Option<&'a [u8]>,
    /// `component-metadata` (encoded).
    pub component_metadata: Option<&'a [u8]>,
}

/// What setting a parameter did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Applied {
    /// Stored (or skipped by set-parameters because already set).
    Stored,
    /// `soft-failure` or `strict-order`: processor-wide, for the caller.
    SoftFailure(bool),
    /// `strict-order`: accepted; this processor always runs in order.
    StrictOrder,
    /// A parameter this processor does not know.
    Unsupported(i64),
}

/// Sets `slot` to `value`, or only if unset when `only_if_unset`.
fn put<T>(slot: &mut Option<T>, value: T, only_if_unset: bool) {
    if !(only_if_unset && slot.is_some()) {
        *slot = Some(value);
    }
}

impl<'a> ComponentParameters<'a> {
    /// Applies one parameter: `override-parameters` (`only_if_unset`
    /// false) or `set-parameters` (true).
    pub(crate) fn apply(&mut self, parameter: Parameter<'a>, only_if_unset: bool) -> Applied {
        let o = only_if_unset;
        match parameter {
            Parameter::VendorIdentifier(v) => put(&mut self.vendor_identifier, v, o),
            Parameter::ClassIdentifier(v) => put(&mut self.class_identifier, v, o),
            Parameter::DeviceIdentifier(v) => put(&mut self.device_identifier, v, o),
            Parameter::ImageDigest(v) => put(&mut self.image_digest, v, o),
            Parameter::ImageSize(v) => put(&mut self.image_size, v, o),
            Parameter::ComponentSlot(v) => put(&mut self.component_slot, v, o),
            Parameter::Content(v) => put(&mut self.content, v, o),
            Parameter::EncryptionInfo(v) => put(&mut self.encryption_info, v, o),
            Parameter::Uri(v) => put(&mut self.uri, v, o),
            Parameter::SourceComponent(v) => put(&mut self.source_component, v, o),
            Parameter::InvokeArgs(v) => put(&mut self.invoke_args, v, o),
            Parameter::FetchArguments(v) => put(&mut self.fetch_arguments, v, o),
            Parameter::UseBefore(v) => put(&mut self.use_before, v, o),
            Parameter::MinimumBattery(v) => put(&mut self.minimum_battery, v, o),
            Parameter::UpdatePriority(v) => put(&mut self.update_priority, v, o),
            Parameter::Version(v) => put(&mut self.version, v, o),
            Parameter::WaitInfo(v) => put(&mut self.wait_info, v, o),
            Parameter::ComponentMetadata(v) => put(&mut self.component_metadata, v, o),
            Parameter::SoftFailure(v) => return Applied::SoftFailure(v),
            Parameter::StrictOrder(_) => return Applied::StrictOrder,
            Parameter::Other(key, _) => return Applied::Unsupported(key),
        }
        Applied::Stored
    }

    /// Copies the parameter `key` from `source` (`copy-params`); `false`
    /// when `source` does not have it set or the key is not copyable.
    pub(crate) fn copy_from(&mut self, source: &Self, key: i64) -> bool {
        use crate::label::parameter as k;
        fn take<T: Copy>(to: &mut Option<T>, from: Option<T>) -> bool {
            from.map(|v| *to = Some(v)).is_some()
        }
        match key {
            k::VENDOR_IDENTIFIER => take(&mut self.vendor_identifier, source.vendor_identifier),
            k::CLASS_IDENTIFIER => take(&mut self.class_identifier, source.class_identifier),
            k::DEVICE_IDENTIFIER => take(&mut self.device_identifier, source.device_identifier),
            k::IMAGE_DIGEST => take(&mut self.image_digest, source.image_digest),
            k::IMAGE_SIZE => take(&mut self.image_size, source.image_size),
            k::COMPONENT_SLOT => take(&mut self.component_slot, source.component_slot),
            k::CONTENT => take(&mut self.content, source.content),
            k::ENCRYPTION_INFO => take(&mut self.encryption_info, source.encryption_info),
            k::URI => take(&mut self.uri, source.uri),
            k::SOURCE_COMPONENT => take(&mut self.source_component, source.source_component),
            k::INVOKE_ARGS => take(&mut self.invoke_args, source.invoke_args),
            k::FETCH_ARGUMENTS => take(&mut self.fetch_arguments, source.fetch_arguments),
            k::USE_BEFORE => take(&mut self.use_before, source.use_before),
            k::MINIMUM_BATTERY => take(&mut self.minimum_battery, source.minimum_battery),
            k::UPDATE_PRIORITY => take(&mut self.update_priority, source.update_priority),
            k::VERSION => take(&mut self.version, source.version),
            k::WAIT_INFO => take(&mut self.wait_info, source.wait_info),
            k::COMPONENT_METADATA => take(&mut self.component_metadata, source.component_metadata),
            _ => false,
        }
    }
}
