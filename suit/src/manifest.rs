//! `SUIT_Manifest` (§8.4) and `SUIT_Common` (§8.4.5).

use iotm_cbor::{DataType, Decoder};

use crate::command::CommandSequence;
use crate::component::{ComponentId, Components};
use crate::digest::Digest;
use crate::label::{common as ckey, manifest as key};
use crate::map::int_map;
use crate::rule::{Error, Member, Rule, cbor};

/// A severable member as the manifest holds it (§8.5): the member itself,
/// or the digest of the member kept in the envelope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severable<'a> {
    /// The member, as `bstr .cbor`: the encoded byte string, header
    /// included (what a digest covers), and its content.
    Present(Wrapped<'a>),
    /// The digest of the severed member.
    Severed(Digest<'a>),
}

/// A `bstr .cbor X` member, as encoded (for digests) and as its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wrapped<'a> {
    /// The byte string, head included.
    pub encoded: &'a [u8],
    /// The embedded CBOR item.
    pub content: &'a [u8],
    /// Offset of the content in the envelope.
    pub offset: usize,
}

impl<'a> Wrapped<'a> {
    pub(crate) fn decode(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let start = d.position();
        let content = d.bytes().map_err(cbor)?;
        let offset = d.offset() - content.len();
        let encoded = d.input().get(start..d.position()).unwrap_or_default();
        Ok(Self {
            encoded,
            content,
            offset,
        })
    }

    /// A decoder over the content, with envelope offsets.
    pub fn decoder(&self) -> Decoder<'a> {
        Decoder::with_base(self.content, self.offset)
    }
}

/// `SUIT_Common` (§8.4.5): the components, the shared sequence and (trust
/// domains) the dependencies.
#[derive(Clone, Debug)]
pub struct Common<'a> {
    /// `suit-components`.
    pub components: Components<'a>,
    /// `suit-shared-sequence`.
    pub shared_sequence: Option<CommandSequence<'a>>,
    /// `suit-dependencies` (trust domains), as encoded.
    pub dependencies: Option<Wrapped<'a>>,
    /// Number of components.
    pub component_count: usize,
}

impl<'a> Common<'a> {
    fn decode(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let mut common = Self {
            components: Components::empty(),
            shared_sequence: None,
            dependencies: None,
            component_count: 0,
        };
        let mut inner = d.bstr_cbor().map_err(cbor)?;
        let dependencies_at = inner.clone();
        int_map(&mut inner, |k, at, d| {
            match k {
                ckey::COMPONENTS => {
                    common.components = Components::decode(d)?;
                    common.component_count = common.components.clone().count();
                }
                ckey::SHARED_SEQUENCE => {
                    common.shared_sequence = Some(CommandSequence::decode_wrapped(d)?);
                }
                ckey::DEPENDENCIES => {
                    let start = d.position();
                    let offset = d.offset();
                    d.skip().map_err(cbor)?;
                    let encoded = d.input().get(start..d.position()).unwrap_or_default();
                    common.dependencies = Some(Wrapped {
                        encoded,
                        content: encoded,
                        offset,
                    });
                }
                other => return Err(Error::malformed(Rule::UnknownMember(other), at)),
            }
            Ok(())
        })?;
        let _ = dependencies_at;
        inner.finish().map_err(cbor)?;
        Ok(common)
    }
}

/// A decoded `SUIT_Manifest`, borrowing from the envelope.
///
/// Severable members hold either the member or its digest; the envelope
/// supplies a severed member's bytes once its digest is checked
/// ([`Envelope::verify`](crate::Envelope::verify) does that).
#[derive(Clone, Debug)]
pub struct Manifest<'a> {
    /// `suit-manifest-sequence-number`: rollback protection.
    pub sequence_number: u64,
    /// `suit-common`.
    pub common: Common<'a>,
    /// `suit-reference-uri`.
    pub reference_uri: Option<&'a str>,
    /// `suit-manifest-component-id` (trust domains).
    pub component_id: Option<ComponentId<'a>>,
    /// `suit-validate`.
    pub validate: Option<CommandSequence<'a>>,
    /// `suit-load`.
    pub load: Option<CommandSequence<'a>>,
    /// `suit-invoke`.
    pub invoke: Option<CommandSequence<'a>>,
    /// `suit-uninstall` (trust domains).
    pub uninstall: Option<CommandSequence<'a>>,
    /// `suit-set-version` (update management), as encoded.
    pub set_version: Option<Wrapped<'a>>,
    /// The severable members, by key: dependency-resolution, payload-fetch,
    /// candidate-verification, install, text, coswid (the order of
    /// [`label::manifest::SEVERABLE`](crate::label::manifest::SEVERABLE)).
    pub severable: [Option<Severable<'a>>; 6],
}

impl<'a> Manifest<'a> {
    /// Decodes a manifest from the content of the envelope's `suit-manifest`
    /// byte string.
    ///
    /// # Errors
    /// A CBOR or SUIT rule the manifest breaks, at its offset.
    pub fn decode(d: &mut Decoder<'a>) -> Result<Self, Error> {
        let map_at = d.offset();
        let mut version = None;
        let mut sequence_number = None;
        let mut common = None;
        let mut manifest = Self {
            sequence_number: 0,
            common: Common {
                components: Components::empty(),
                shared_sequence: None,
                dependencies: None,
                component_count: 0,
            },
            reference_uri: None,
            component_id: None,
            validate: None,
            load: None,
            invoke: None,
            uninstall: None,
            set_version: None,
            severable: [None; 6],
        };
        int_map(d, |k, at, d| {
            match k {
                key::VERSION => {
                    let v = d.u64().map_err(cbor)?;
                    if v != 1 {
                        return Err(Error::malformed(Rule::UnsupportedManifestVersion(v), at));
                    }
                    version = Some(v);
                }
                key::SEQUENCE_NUMBER => sequence_number = Some(d.u64().map_err(cbor)?),
                key::COMMON => common = Some(Common::decode(d)?),
                key::REFERENCE_URI => manifest.reference_uri = Some(d.str().map_err(cbor)?),
                key::MANIFEST_COMPONENT_ID => {
                    manifest.component_id = Some(ComponentId::decode(d)?);
                }
                key::VALIDATE => manifest.validate = Some(CommandSequence::decode_wrapped(d)?),
                key::LOAD => manifest.load = Some(CommandSequence::decode_wrapped(d)?),
                key::INVOKE => manifest.invoke = Some(CommandSequence::decode_wrapped(d)?),
                key::UNINSTALL => manifest.uninstall = Some(CommandSequence::decode_wrapped(d)?),
                key::SET_VERSION => manifest.set_version = Some(Wrapped::decode(d)?),
                other => {
                    let slot = severable_slot(other)
                        .and_then(|i| manifest.severable.get_mut(i))
                        .ok_or(Error::malformed(Rule::UnknownMember(other), at))?;
                    *slot = Some(if d.datatype().map_err(cbor)? == DataType::Bytes {
                        Severable::Present(Wrapped::decode(d)?)
                    } else {
                        Severable::Severed(Digest::decode(d)?)
                    });
                }
            }
            Ok(())
        })?;
        if version.is_none() {
            return Err(Error::malformed(
                Rule::Missing(Member::ManifestVersion),
                map_at,
            ));
        }
        manifest.sequence_number = sequence_number.ok_or(Error::malformed(
            Rule::Missing(Member::SequenceNumber),
            map_at,
        ))?;
        manifest.common = common.ok_or(Error::malformed(Rule::Missing(Member::Common), map_at))?;
        Ok(manifest)
    }

    /// The severable member with manifest key `key`, as the manifest holds it.
    pub fn severable(&self, key: i64) -> Option<Severable<'a>> {
        severable_slot(key).and_then(|i| self.severable.get(i).copied().flatten())
    }

    /// The command sequence of a member: `Ok(None)` when absent, an error
    /// when severed (the envelope supplies it: see
    /// [`Verified::sequence`](crate::Verified::sequence)).
    pub(crate) fn inline_sequence(&self, key: i64) -> Option<CommandSequence<'a>> {
        match key {
            key::VALIDATE => self.validate.clone(),
            key::LOAD => self.load.clone(),
            key::INVOKE => self.invoke.clone(),
            key::UNINSTALL => self.uninstall.clone(),
            _ => match self.severable(key) {
                Some(Severable::Present(w)) => CommandSequence::from_decoder(&mut w.decoder()).ok(),
                _ => None,
            },
        }
    }
}

/// The index of a severable member in [`Manifest::severable`].
pub(crate) fn severable_slot(key: i64) -> Option<usize> {
    key::SEVERABLE.iter().position(|&k| k == key)
}
