package io.gristmill.cluster;

import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.AttemptUpdate;
import io.gristmill.cluster.Messages.AttemptUpdates;
import io.gristmill.cluster.Messages.BadRecord;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.cluster.Messages.ReportedState;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * The wire form of {@link AttemptUpdates}, written by hand rather than through Jackson: every attempt's end, and every
 * running attempt's progress each second, reaches the coordinator in one, and decoding them with Jackson was the
 * largest share of the coordinator's event loop at M = 20,000 (a bundle's report was about 2.2 KB of JSON). Strings
 * that repeat in a message (job id, epoch, worker, counter names, the host) are said once
 * ({@link WireWriter#shared}); the two paths of a map output share their folder ({@link WireWriter#path}).
 *
 * <pre>
 * byte    format ({@link WireFormat#ATTEMPT_UPDATES})
 * list    updates; per update:
 *   nullable ref: shared jobId, shared taskId, shared attemptId, shared epoch
 *   shared  workerId, shared state (the enum's name)
 *   float64 progress
 *   map     counters ({@link WireParts#writeCounters})
 *   nullableString error, nullableString stackTrace
 *   nullable mapOutput: shared mapTaskId, shared attemptId, shared workerId, shared shuffleHost, signed shufflePort,
 *           path dataPath, path indexPath
 *   signed  activity
 *   nullable badRecord: signed index, shared file, signed offset, nullableString error
 *   nullable runMillis: signed
 * </pre>
 */
public final class AttemptUpdatesCodec {
    private AttemptUpdatesCodec() {
    }

    public static Buffer encode(AttemptUpdates message) {
        List<AttemptUpdate> updates = message.updates();
        WireWriter out = new WireWriter(WireFormat.ATTEMPT_UPDATES, 64 + 256 * (updates == null ? 0 : updates.size()));
        out.list(updates, AttemptUpdatesCodec::write);
        return out.buffer();
    }

    /** Reads a message body written by {@link #encode}; anything else is an {@link IllegalArgumentException}. */
    public static AttemptUpdates decode(Object body) {
        return WireReader.read(body, WireFormat.ATTEMPT_UPDATES,
                in -> new AttemptUpdates(in.list(AttemptUpdatesCodec::read)));
    }

    private static void write(WireWriter out, AttemptUpdate update) {
        WireParts.writeRef(out, update.ref());
        out.shared(update.workerId());
        out.shared(update.state() == null ? null : update.state().name());
        out.float64(update.progress());
        WireParts.writeCounters(out, update.counters());
        out.nullableString(update.error());
        out.nullableString(update.stackTrace());
        out.nullable(update.mapOutput(), AttemptUpdatesCodec::writeMapOutput);
        out.signed(update.activity());
        out.nullable(update.badRecord(), AttemptUpdatesCodec::writeBadRecord);
        out.nullable(update.runMillis(), WireWriter::signed);
    }

    private static AttemptUpdate read(WireReader in) {
        AttemptRef ref = WireParts.readRef(in);
        String workerId = in.shared();
        String state = in.shared();
        return new AttemptUpdate(ref, workerId, state == null ? null : ReportedState.valueOf(state), in.float64(),
                WireParts.readCounters(in), in.nullableString(), in.nullableString(),
                in.nullable(AttemptUpdatesCodec::readMapOutput), in.signed(),
                in.nullable(AttemptUpdatesCodec::readBadRecord), in.nullable(WireReader::signed));
    }

    private static void writeMapOutput(WireWriter out, MapOutputLocation location) {
        out.shared(location.mapTaskId());
        out.shared(location.attemptId());
        out.shared(location.workerId());
        out.shared(location.shuffleHost());
        out.signed(location.shufflePort());
        out.path(location.dataPath());
        out.path(location.indexPath());
    }

    private static MapOutputLocation readMapOutput(WireReader in) {
        return new MapOutputLocation(in.shared(), in.shared(), in.shared(), in.shared(), in.signedInt(), in.path(),
                in.path());
    }

    private static void writeBadRecord(WireWriter out, BadRecord record) {
        out.signed(record.index());
        out.shared(record.file());
        out.signed(record.offset());
        out.nullableString(record.error());
    }

    private static BadRecord readBadRecord(WireReader in) {
        return new BadRecord(in.signed(), in.shared(), in.signed(), in.nullableString());
    }
}
