"""paho-mqtt publishes the messages the test describes, one after another.

usage: publish.py PORT VERSION MESSAGES_JSON
VERSION is 3.1.1 or 5; MESSAGES_JSON a list of objects with topic, payload
(text), qos, retain and, for 5, user_properties ([[name, value], ...]) and
content_type. Prints one JSON line per step: connected, published (after the
QoS flow completed), done.
"""

import json
import sys

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from common import TIMEOUT, connect, emit, fail


def main():
    port, version, messages = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
    client = connect(port, version, "paho-publisher")
    for message in messages:
        props = None
        if version == "5":
            props = Properties(PacketTypes.PUBLISH)
            for name, value in message.get("user_properties", []):
                props.UserProperty = (name, value)
            if "content_type" in message:
                props.ContentType = message["content_type"]
        info = client.publish(
            message["topic"],
            message["payload"].encode(),
            qos=message["qos"],
            retain=message.get("retain", False),
            properties=props,
        )
        info.wait_for_publish(TIMEOUT)
        if not info.is_published():
            fail("publish %r not completed" % message["topic"])
        emit("published", topic=message["topic"], qos=message["qos"], mid=info.mid)
    client.disconnect()
    client.loop_stop()
    emit("done")


if __name__ == "__main__":
    main()
