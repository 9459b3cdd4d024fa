#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod client;
mod fixed_header;
#[cfg(feature = "alloc")]
mod owned;
mod packet;
pub mod property;
mod read;
mod reason_code;
mod rule;
mod scan;
mod stream;
mod topic;
mod version;
mod write;

pub use client::{Buffers, Client, ClientConfig, ClientError, Event, Instant};
pub use fixed_header::{FixedHeader, PacketType};
pub use iotm_wire::{EncodeError, ErrorKind};
#[cfg(feature = "alloc")]
pub use owned::OwnedPacket;
pub use packet::{
    Ack, Auth, Connack, Connect, ConnectPacket, Disconnect, Packet, Publish, QoS, RetainHandling,
    Suback, Subscribe, SubscribeFilter, SubscribeFilters, SubscriptionOptions, TopicFilters,
    Unsuback, Unsubscribe, Will,
};
pub use property::{Properties, Property, PropertyIter};
pub use read::{MAX_VARIABLE_BYTE_INTEGER, decode_variable_byte_integer};
pub use reason_code::ReasonCode;
pub use rule::{Error, Rule};
pub use stream::StreamDecoder;
pub use topic::{SharedSubscription, check_topic_filter, check_topic_name, topic_matches};
pub use version::Version;
pub use write::encode_variable_byte_integer;
