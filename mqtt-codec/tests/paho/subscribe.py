"""paho-mqtt subscribes and prints what it receives.

usage: subscribe.py PORT VERSION TOPIC QOS COUNT
Prints JSON lines: connected, subscribed (with the granted codes), one
message line per PUBLISH received (topic, payload_hex, qos, retain,
properties), then done after COUNT messages, or error after a timeout.
"""

import sys
import threading

from common import TIMEOUT, connect, emit, fail, properties_of


def main():
    port, version, topic = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    qos, count = int(sys.argv[4]), int(sys.argv[5])
    client = connect(port, version, "paho-subscriber")
    subscribed = threading.Event()
    enough = threading.Event()
    received = []

    def on_subscribe(client, userdata, mid, reason_codes, properties):
        emit("subscribed", granted=[code.value for code in reason_codes])
        subscribed.set()

    def on_message(client, userdata, message):
        received.append(message)
        emit(
            "message",
            topic=message.topic,
            payload_hex=bytes(message.payload).hex(),
            qos=message.qos,
            retain=bool(message.retain),
            properties=properties_of(message),
        )
        if len(received) >= count:
            enough.set()

    client.on_subscribe = on_subscribe
    client.on_message = on_message
    client.subscribe(topic, qos)
    if not subscribed.wait(TIMEOUT):
        fail("no SUBACK")
    if not enough.wait(TIMEOUT):
        fail("%d of %d messages" % (len(received), count))
    client.disconnect()
    client.loop_stop()
    emit("done")


if __name__ == "__main__":
    main()
