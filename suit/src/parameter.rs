//! Parameters (§8.4.8 and the extension drafts): the values conditions and
//! directives act on, set by override-parameters and set-parameters.

use iotm_cbor::{DataType, Decoder};

use crate::digest::Digest;
use crate::label::parameter as key;
use crate::map::{SeenKeys, more};
use crate::rule::{Error, Rule, cbor, or_rule};

/// The CBOR tag of a vendor identifier given as an IANA Private Enterprise
/// Number (`cbor-pen`, RFC 9090).
const CBOR_PEN_TAG: u64 = 112;

/// One parameter and its value, borrowed from the manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Parameter<'a> {
    /// `suit-parameter-vendor-identifier`: an RFC 4122 UUID (16 bytes), or
    /// a `cbor-pen` (tag 112) whose bytes are given.
    VendorIdentifier(&'a [u8]),
    /// `suit-parameter-class-identifier`: a UUID.
    ClassIdentifier(&'a [u8]),
    /// `suit-parameter-image-digest`.
    ImageDigest(Digest<'a>),
    /// `suit-parameter-use-before` (update management): a POSIX time.
    UseBefore(u64),
    /// `suit-parameter-component-slot`.
    ComponentSlot(u64),
    /// `suit-parameter-strict-order`.
    StrictOrder(bool),
    /// `suit-parameter-soft-failure`.
    SoftFailure(bool),
    /// `suit-parameter-image-size`.
    ImageSize(u64),
    /// `suit-parameter-content`: bytes for `suit-directive-write`.
    Content(&'a [u8]),
    /// `suit-parameter-encryption-info` (firmware encryption): the encoded
    /// `SUIT_Encryption_Info` (a COSE_Encrypt or COSE_Encrypt0).
    EncryptionInfo(&'a [u8]),
    /// `suit-parameter-uri`.
    Uri(&'a str),
    /// `suit-parameter-source-component`: a component index.
    SourceComponent(u64),
    /// `suit-parameter-invoke-args`.
    InvokeArgs(&'a [u8]),
    /// `suit-parameter-device-identifier`: a UUID.
    DeviceIdentifier(&'a [u8]),
    /// `suit-parameter-fetch-arguments`.
    FetchArguments(&'a [u8]),
    /// `suit-parameter-minimum-battery` (update management): in mWh.
    MinimumBattery(u64),
    /// `suit-parameter-update-priority` (update management).
    UpdatePriority(i64),
    /// `suit-parameter-version` (update management): the encoded
    /// `SUIT_Parameter_Version_Match`.
    Version(&'a [u8]),
    /// `suit-parameter-wait-info` (update management): the encoded
    /// `SUIT_Wait_Event` map.
    WaitInfo(&'a [u8]),
    /// `suit-parameter-component-metadata` (update management): the encoded
    /// `SUIT_Component_Metadata` map.
    ComponentMetadata(&'a [u8]),
    /// A parameter this crate does not interpret: custom (negative keys)
    /// or from a later extension. The value is the encoded item.
    Other(i64, &'a [u8]),
}

impl<'a> Parameter<'a> {
    /// The parameter's key.
    pub const fn key(&self) -> i64 {
        match self {
            Self::VendorIdentifier(_) => key::VENDOR_IDENTIFIER,
            Self::ClassIdentifier(_) => key::CLASS_IDENTIFIER,
            Self::ImageDigest(_) => key::IMAGE_DIGEST,
            Self::UseBefore(_) => key::USE_BEFORE,
            Self::ComponentSlot(_) => key::COMPONENT_SLOT,
            Self::StrictOrder(_) => key::STRICT_ORDER,
            Self::SoftFailure(_) => key::SOFT_FAILURE,
            Self::ImageSize(_) => key::IMAGE_SIZE,
            Self::Content(_) => key::CONTENT,
            Self::EncryptionInfo(_) => key::ENCRYPTION_INFO,
            Self::Uri(_) => key::URI,
            Self::SourceComponent(_) => key::SOURCE_COMPONENT,
            Self::InvokeArgs(_) => key::INVOKE_ARGS,
            Self::DeviceIdentifier(_) => key::DEVICE_IDENTIFIER,
            Self::FetchArguments(_) => key::FETCH_ARGUMENTS,
            Self::MinimumBattery(_) => key::MINIMUM_BATTERY,
            Self::UpdatePriority(_) => key::UPDATE_PRIORITY,
            Self::Version(_) => key::VERSION,
            Self::WaitInfo(_) => key::WAIT_INFO,
            Self::ComponentMetadata(_) => key::COMPONENT_METADATA,
            Self::Other(key, _) => *key,
        }
    }

    /// The draft's name for the parameter, without the `suit-parameter-`
    /// prefix, or `None` for [`Other`](Self::Other).
    pub const fn name(&self) -> Option<&'static str> {
        Some(match self {
            Self::VendorIdentifier(_) => "vendor-identifier",
            Self::ClassIdentifier(_) => "class-identifier",
            Self::ImageDigest(_) => "image-digest",
            Self::UseBefore(_) => "use-before",
            Self::ComponentSlot(_) => "component-slot",
            Self::StrictOrder(_) => "strict-order",
            Self::SoftFailure(_) => "soft-failure",
            Self::ImageSize(_) => "image-size",
            Self::Content(_) => "content",
            Self::EncryptionInfo(_) => "encryption-info",
            Self::Uri(_) => "uri",
            Self::SourceComponent(_) => "source-component",
            Self::InvokeArgs(_) => "invoke-args",
            Self::DeviceIdentifier(_) => "device-identifier",
            Self::FetchArguments(_) => "fetch-arguments",
            Self::MinimumBattery(_) => "minimum-battery",
            Self::UpdatePriority(_) => "update-priority",
            Self::Version(_) => "version",
            Self::WaitInfo(_) => "wait-info",
            Self::ComponentMetadata(_) => "component-metadata",
            Self::Other(..) => return None,
        })
    }

    /// Reads the value of parameter `key`.
    pub(crate) fn decode(key: i64, d: &mut Decoder<'a>) -> Result<Self, Error> {
        let offset = d.offset();
        let rule = Rule::InvalidParameter(key);
        let invalid = |e: iotm_cbor::Error| or_rule(e, rule, offset);
        Ok(match key {
            key::VENDOR_IDENTIFIER => {
                if d.datatype().map_err(cbor)? == DataType::Tag {
                    if d.tag().map_err(cbor)? != CBOR_PEN_TAG {
                        return Err(Error::malformed(rule, offset));
                    }
                    Self::VendorIdentifier(d.bytes().map_err(invalid)?)
                } else {
                    Self::VendorIdentifier(uuid(d, rule, offset)?)
                }
            }
            key::CLASS_IDENTIFIER => Self::ClassIdentifier(uuid(d, rule, offset)?),
            key::DEVICE_IDENTIFIER => Self::DeviceIdentifier(uuid(d, rule, offset)?),
            key::IMAGE_DIGEST => Self::ImageDigest(Digest::decode_wrapped(d)?),
            key::USE_BEFORE => Self::UseBefore(d.u64().map_err(invalid)?),
            key::COMPONENT_SLOT => Self::ComponentSlot(d.u64().map_err(invalid)?),
            key::STRICT_ORDER => Self::StrictOrder(d.bool().map_err(invalid)?),
            key::SOFT_FAILURE => Self::SoftFailure(d.bool().map_err(invalid)?),
            key::IMAGE_SIZE => Self::ImageSize(d.u64().map_err(invalid)?),
            key::CONTENT => Self::Content(d.bytes().map_err(invalid)?),
            key::ENCRYPTION_INFO => Self::EncryptionInfo(wrapped_item(d).map_err(invalid)?),
            key::URI => Self::Uri(d.str().map_err(invalid)?),
            key::SOURCE_COMPONENT => Self::SourceComponent(d.u64().map_err(invalid)?),
            key::INVOKE_ARGS => Self::InvokeArgs(d.bytes().map_err(invalid)?),
            key::FETCH_ARGUMENTS => Self::FetchArguments(d.bytes().map_err(invalid)?),
            key::MINIMUM_BATTERY => Self::MinimumBattery(d.u64().map_err(invalid)?),
            key::UPDATE_PRIORITY => Self::UpdatePriority(d.i64().map_err(invalid)?),
            key::VERSION => Self::Version(wrapped_item(d).map_err(invalid)?),
            key::WAIT_INFO => Self::WaitInfo(wrapped_item(d).map_err(invalid)?),
            key::COMPONENT_METADATA => Self::ComponentMetadata(wrapped_item(d).map_err(invalid)?),
            other => Self::Other(other, d.item().map_err(cbor)?),
        })
    }
}

/// An RFC 4122 UUID: a 16-byte byte string.
fn uuid<'a>(d: &mut Decoder<'a>, rule: Rule, offset: usize) -> Result<&'a [u8], Error> {
    let bytes = d.bytes().map_err(|e| or_rule(e, rule, offset))?;
    if bytes.len() == 16 {
        Ok(bytes)
    } else {
        Err(Error::malformed(rule, offset))
    }
}

/// The content of a `bstr .cbor X`, checked to be exactly one well-formed item.
fn wrapped_item<'a>(d: &mut Decoder<'a>) -> Result<&'a [u8], iotm_cbor::Error> {
    let mut inner = d.bstr_cbor()?;
    let item = inner.item()?;
    inner.finish()?;
    Ok(item)
}

/// A `{+ $$SUIT_Parameters}` map, checked when decoded (types, no repeated
/// key), read lazily.
#[derive(Clone, Debug)]
pub struct Parameters<'a> {
    d: Decoder<'a>,
    len: Option<u64>,
    index: u64,
}

impl<'a> Parameters<'a> {
    /// Reads and checks a parameter map.
    pub(crate) fn decode(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let start = d.clone();
        let len = d.map().map_err(cbor)?;
        let mut seen = SeenKeys::new(d);
        let mut index = 0;
        while more(d, len, index)? {
            let offset = d.offset();
            let key = d.i64().map_err(cbor)?;
            seen.insert(key, offset)?;
            Parameter::decode(key, d)?;
            index += 1;
        }
        let mut d = start;
        let len = d.map().map_err(cbor)?;
        Ok(Self { d, len, index: 0 })
    }
}

impl<'a> Iterator for Parameters<'a> {
    /// A parameter and the offset of its key in the envelope.
    type Item = (Parameter<'a>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        // Checked when decoded: errors cannot occur here.
        if !more(&mut self.d, self.len, self.index).ok()? {
            return None;
        }
        self.index += 1;
        let offset = self.d.offset();
        let key = self.d.i64().ok()?;
        Parameter::decode(key, &mut self.d)
            .ok()
            .map(|p| (p, offset))
    }
}
