package io.gristmill.cluster;

/**
 * The first byte of every hand-written binary message: it names the kind of message and the version of its layout
 * together, so that a peer of another Gristmill version fails on the first byte with an error naming the message,
 * instead of reading garbage. A changed layout takes a new byte; a byte is never reused.
 */
enum WireFormat {
    // 1 was the first layout of map output changes, with every host in every slice
    MAP_OUTPUT_CHANGES(4, "map output changes"),
    ATTEMPT_UPDATES(2, "AttemptUpdates"),
    RUN_ATTEMPTS(3, "RunAttempts"),
    HEARTBEAT(5, "Heartbeat");

    /** The first byte of a JSON object: what a peer that still sends these messages as JSON sends. */
    static final byte JSON_OBJECT = '{';

    final byte tag;
    final String kind;

    WireFormat(int tag, String kind) {
        this.tag = (byte) tag;
        this.kind = kind;
    }

    /** The format a message's first byte names, or null for a byte no format of this version uses. */
    static WireFormat of(byte tag) {
        for (WireFormat format : values()) {
            if (format.tag == tag) {
                return format;
            }
        }
        return null;
    }
}
