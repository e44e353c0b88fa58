package io.gristmill.cluster;

import io.gristmill.cluster.Messages.Heartbeat;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * The wire form of {@link Heartbeat}, written by hand rather than through Jackson: every worker sends one a second, so
 * at 2,000 workers the coordinator reads 2,000 a second on its event loop, and Jackson's reflection over them was a
 * visible share of it (and of a simulated cluster's workers writing them). A worker's attempt ids mostly begin alike,
 * so each travels as what it shares with the one before ({@link WireWriter#path}).
 *
 * <pre>
 * byte    format ({@link WireFormat#HEARTBEAT})
 * nullableString workerId, epoch
 * list    runningAttempts: path
 * signed  leftoverSlots
 * list    stuckAttempts: path
 * </pre>
 */
public final class HeartbeatCodec {
    private HeartbeatCodec() {
    }

    public static Buffer encode(Heartbeat message) {
        List<String> running = message.runningAttempts();
        WireWriter out = new WireWriter(WireFormat.HEARTBEAT, 64 + 32 * (running == null ? 0 : running.size()));
        out.nullableString(message.workerId());
        out.nullableString(message.epoch());
        out.list(running, WireWriter::path);
        out.signed(message.leftoverSlots());
        out.list(message.stuckAttempts(), WireWriter::path);
        return out.buffer();
    }

    /** Reads a message body written by {@link #encode}; anything else is an {@link IllegalArgumentException}. */
    public static Heartbeat decode(Object body) {
        return WireReader.read(body, WireFormat.HEARTBEAT, in -> new Heartbeat(in.nullableString(), in.nullableString(),
                in.list(WireReader::path), in.signedInt(), in.list(WireReader::path)));
    }
}
