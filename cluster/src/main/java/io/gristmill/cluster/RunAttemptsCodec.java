package io.gristmill.cluster;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.Messages.AttemptRef;
import io.gristmill.cluster.Messages.RunAttempt;
import io.gristmill.cluster.Messages.RunAttempts;
import io.gristmill.cluster.Messages.SideFile;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * The wire form of {@link RunAttempts}, written by hand rather than through Jackson: the coordinator encodes one for
 * every slot it fills, about 1 KB of JSON per attempt, on its event loop. The attempts of a bundle belong to one job,
 * so everything of the job (names, jar, parameters, output, secret, side files) is said once per message
 * ({@link WireWriter#shared}); what is the attempt's own is a few numbers and its split's path, which shares its
 * folder with the path before it ({@link WireWriter#path}).
 *
 * <pre>
 * byte    format ({@link WireFormat#RUN_ATTEMPTS})
 * list    attempts; per attempt:
 *   nullable ref: shared jobId, shared taskId, shared attemptId, shared epoch
 *   shared  type (the enum's name)
 *   signed  taskIndex, signed attemptNumber
 *   shared  jobName, jarPath, jarHash, jarUrl, jobClass
 *   map     params: shared values
 *   nullable split: path path, signed start, signed length
 *   signed  numMaps, numReducers, sortBufferBytes
 *   shared  outputDir, secret
 *   list    skipRecords: signed numbers
 *   list    sideFiles: per file shared name, hash, path, url
 *   shared  outputCompression, shuffleCompression
 * </pre>
 * The record never holds null skip records or side files ({@code List.copyOf}), so their items have no null form.
 */
public final class RunAttemptsCodec {
    private RunAttemptsCodec() {
    }

    public static Buffer encode(RunAttempts message) {
        List<RunAttempt> attempts = message.attempts();
        WireWriter out = new WireWriter(WireFormat.RUN_ATTEMPTS, 256 + 64 * (attempts == null ? 0 : attempts.size()));
        out.list(attempts, RunAttemptsCodec::write);
        return out.buffer();
    }

    /** Reads a message body written by {@link #encode}; anything else is an {@link IllegalArgumentException}. */
    public static RunAttempts decode(Object body) {
        return WireReader.read(body, WireFormat.RUN_ATTEMPTS, in -> new RunAttempts(in.list(RunAttemptsCodec::read)));
    }

    private static void write(WireWriter out, RunAttempt run) {
        WireParts.writeRef(out, run.ref());
        out.shared(run.type() == null ? null : run.type().name());
        out.signed(run.taskIndex());
        out.signed(run.attemptNumber());
        out.shared(run.jobName());
        out.shared(run.jarPath());
        out.shared(run.jarHash());
        out.shared(run.jarUrl());
        out.shared(run.jobClass());
        out.map(run.params(), WireWriter::shared);
        out.nullable(run.split(), RunAttemptsCodec::writeSplit);
        out.signed(run.numMaps());
        out.signed(run.numReducers());
        out.signed(run.sortBufferBytes());
        out.shared(run.outputDir());
        out.shared(run.secret());
        out.list(run.skipRecords(), WireWriter::signed);
        out.list(run.sideFiles(), RunAttemptsCodec::writeSideFile);
        out.shared(run.outputCompression());
        out.shared(run.shuffleCompression());
    }

    private static RunAttempt read(WireReader in) {
        AttemptRef ref = WireParts.readRef(in);
        String type = in.shared();
        return new RunAttempt(ref, type == null ? null : TaskType.valueOf(type), in.signedInt(), in.signedInt(),
                in.shared(), in.shared(), in.shared(), in.shared(), in.shared(), in.map(WireReader::shared),
                in.nullable(RunAttemptsCodec::readSplit), in.signedInt(), in.signedInt(), in.signed(), in.shared(),
                in.shared(), in.list(WireReader::signed), in.list(RunAttemptsCodec::readSideFile), in.shared(),
                in.shared());
    }

    private static void writeSplit(WireWriter out, InputSplit split) {
        out.path(split.path());
        out.signed(split.start());
        out.signed(split.length());
    }

    private static InputSplit readSplit(WireReader in) {
        return new InputSplit(in.path(), in.signed(), in.signed());
    }

    private static void writeSideFile(WireWriter out, SideFile file) {
        out.shared(file.name());
        out.shared(file.hash());
        out.shared(file.path());
        out.shared(file.url());
    }

    private static SideFile readSideFile(WireReader in) {
        return new SideFile(in.shared(), in.shared(), in.shared(), in.shared());
    }
}
