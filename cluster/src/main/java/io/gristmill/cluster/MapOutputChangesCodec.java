package io.gristmill.cluster;

import io.gristmill.cluster.Messages.MapOutputChange;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputRun;
import io.gristmill.cluster.Messages.OutputHost;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of {@link MapOutputChanges}, written by hand rather than through Jackson: every reducer reads the whole
 * log, so this is the coordinator's largest stream of bytes (293 of its 313 MiB at M = 20,000, R = 500 as JSON), and
 * Jackson's reflection over it was on the coordinator's event loop. Changes are cut into {@link MapOutputRun}s.
 *
 * <p>Workers are numbered job-wide, in the order of their first change in the log, and a slice carries only the
 * workers whose first change it holds: a reader keeps those of the slices before, so each worker's name and address
 * reach a reader once, not once per slice (at 2,000 workers they were about 80% of a slice's bytes).
 *
 * <pre>
 * byte    format ({@link WireFormat#MAP_OUTPUT_CHANGES}: 4; the layout of format 1 sent every host in every slice)
 * int     next
 * varint  firstHost: the job-wide number of the first host below
 * varint  hosts; per host: string workerId, string shuffleHost, varint shufflePort
 * varint  attempt suffixes; per suffix: string
 * varint  runs; per run: signed varint firstMap - (the previous run's firstMap + count, 0 for the first run),
 *         varint count, varint host + 1 (job-wide; 0 = obsolete),
 *         varint attemptNumber + 1 (0 = literal), then string attempt id (literal) or varint suffix index
 * </pre>
 * A varint is 7 bits a byte, low bits first, the high bit set on every byte but the last; a signed varint is
 * zig-zag encoded first; a string is a varint byte length and UTF-8 ({@link WireWriter}).
 */
public final class MapOutputChangesCodec {
    private MapOutputChangesCodec() {
    }

    /** Cuts changes, in order, into runs of consecutive maps of one kind, host, attempt number and suffix. */
    public static List<MapOutputRun> runs(List<MapOutputChange> changes) {
        List<MapOutputRun> singles = new ArrayList<>(changes.size());
        changes.forEach(change -> singles.add(single(change)));
        return merge(singles);
    }

    /** Joins runs, in order, where one continues the one before it (see {@link #runs}). */
    public static List<MapOutputRun> merge(List<MapOutputRun> parts) {
        List<MapOutputRun> runs = new ArrayList<>();
        MapOutputRun open = null;
        for (MapOutputRun one : parts) {
            if (open != null && continues(open, one)) {
                open = new MapOutputRun(open.firstMap(), open.count() + one.count(), open.host(),
                        open.attemptNumber(), open.attemptSuffix());
                runs.set(runs.size() - 1, open);
            } else {
                open = one;
                runs.add(one);
            }
        }
        return runs;
    }

    private static boolean continues(MapOutputRun open, MapOutputRun next) {
        return open.attemptNumber() != MapOutputRun.LITERAL && next.attemptNumber() == open.attemptNumber()
                && next.host() == open.host() && next.firstMap() == open.firstMap() + open.count()
                && next.attemptSuffix().equals(open.attemptSuffix());
    }

    /** One change as a run of one: its attempt id split into number and suffix when it has the usual form. */
    public static MapOutputRun single(MapOutputChange change) {
        String prefix = TaskType.MAP.taskId(change.map()) + "-";
        String attempt = change.attempt();
        int digitsEnd = prefix.length();
        if (attempt.startsWith(prefix)) {
            while (digitsEnd < attempt.length() && Character.isDigit(attempt.charAt(digitsEnd))
                    && attempt.charAt(digitsEnd) < 128) {
                digitsEnd++;
            }
        }
        int digits = digitsEnd - prefix.length();
        if (digits == 0 || digits > 9 || attempt.charAt(prefix.length()) == '0') {
            return new MapOutputRun(change.map(), 1, change.host(), MapOutputRun.LITERAL, attempt);
        }
        return new MapOutputRun(change.map(), 1, change.host(),
                Integer.parseInt(attempt, prefix.length(), digitsEnd, 10), attempt.substring(digitsEnd));
    }

    public static Buffer encode(MapOutputChanges message) {
        WireWriter out = new WireWriter(WireFormat.MAP_OUTPUT_CHANGES, 64 + 32 * message.hosts().size()
                + 8 * message.runs().size());
        out.int32(message.next());
        out.varint(message.firstHost());
        out.varint(message.hosts().size());
        for (OutputHost host : message.hosts()) {
            out.string(host.workerId());
            out.string(host.shuffleHost());
            out.varint(host.shufflePort());
        }
        Map<String, Integer> suffixes = new HashMap<>();
        List<String> suffixList = new ArrayList<>();
        for (MapOutputRun run : message.runs()) {
            if (run.attemptNumber() != MapOutputRun.LITERAL && !suffixes.containsKey(run.attemptSuffix())) {
                suffixes.put(run.attemptSuffix(), suffixList.size());
                suffixList.add(run.attemptSuffix());
            }
        }
        out.varint(suffixList.size());
        suffixList.forEach(out::string);
        out.varint(message.runs().size());
        int expectedMap = 0;
        for (MapOutputRun run : message.runs()) {
            out.signed((long) run.firstMap() - expectedMap); // maps finish roughly in order: a small step
            expectedMap = run.firstMap() + run.count();
            out.varint(run.count());
            out.varint(run.host() + 1);
            out.varint(run.attemptNumber() + 1);
            if (run.attemptNumber() == MapOutputRun.LITERAL) {
                out.string(run.attemptSuffix());
            } else {
                out.varint(suffixes.get(run.attemptSuffix()));
            }
        }
        return out.buffer();
    }

    /** Reads a message body written by {@link #encode}; anything else is an {@link IllegalArgumentException}. */
    public static MapOutputChanges decode(Object body) {
        return WireReader.read(body, WireFormat.MAP_OUTPUT_CHANGES, MapOutputChangesCodec::read);
    }

    private static MapOutputChanges read(WireReader in) {
        int next = in.int32();
        int firstHost = in.varint();
        int hostCount = in.count();
        List<OutputHost> hosts = new ArrayList<>(hostCount);
        for (int i = 0; i < hostCount; i++) {
            hosts.add(new OutputHost(in.string(), in.string(), in.varint()));
        }
        int suffixCount = in.count();
        List<String> suffixes = new ArrayList<>(suffixCount);
        for (int i = 0; i < suffixCount; i++) {
            suffixes.add(in.string());
        }
        int runCount = in.count();
        List<MapOutputRun> runs = new ArrayList<>(runCount);
        long expectedMap = 0;
        for (int i = 0; i < runCount; i++) {
            long first = expectedMap + in.signed();
            int count = in.varint();
            if (first < 0 || first + count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bad run " + i + ": maps " + first + " to " + (first + count));
            }
            int firstMap = (int) first;
            expectedMap = first + count;
            int host = in.varint() - 1;
            int attemptNumber = in.varint() - 1;
            String suffix = attemptNumber == MapOutputRun.LITERAL ? in.string() : suffixes.get(in.varint());
            if (host >= firstHost + hostCount || count < 1) {
                throw new IllegalArgumentException("bad run " + i);
            }
            runs.add(new MapOutputRun(firstMap, count, host, attemptNumber, suffix));
        }
        return new MapOutputChanges(next, firstHost, hosts, runs);
    }
}
