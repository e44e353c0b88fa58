package io.gristmill.cluster;

import io.gristmill.cluster.Messages.MapOutputChange;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputRun;
import io.gristmill.cluster.Messages.OutputHost;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of {@link MapOutputChanges}, written by hand rather than through Jackson: every reducer reads the whole
 * log, so this is the coordinator's largest stream of bytes (293 of its 313 MiB at M = 20,000, R = 500 as JSON), and
 * Jackson's reflection over it was on the coordinator's event loop. Changes are cut into {@link MapOutputRun}s.
 *
 * <pre>
 * byte    format (1)
 * int     next
 * varint  hosts; per host: string workerId, string shuffleHost, varint shufflePort
 * varint  attempt suffixes; per suffix: string
 * varint  runs; per run: varint firstMap, varint count, varint host + 1 (0 = obsolete),
 *         varint attemptNumber + 1 (0 = literal), then string attempt id (literal) or varint suffix index
 * </pre>
 * A varint is 7 bits a byte, low bits first, the high bit set on every byte but the last; a string is a varint byte
 * length and UTF-8.
 */
public final class MapOutputChangesCodec {
    static final byte FORMAT = 1;

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
        Buffer out = Buffer.buffer(64 + 8 * message.runs().size());
        out.appendByte(FORMAT);
        out.appendInt(message.next());
        varint(out, message.hosts().size());
        for (OutputHost host : message.hosts()) {
            string(out, host.workerId());
            string(out, host.shuffleHost());
            varint(out, host.shufflePort());
        }
        Map<String, Integer> suffixes = new HashMap<>();
        List<String> suffixList = new ArrayList<>();
        for (MapOutputRun run : message.runs()) {
            if (run.attemptNumber() != MapOutputRun.LITERAL && !suffixes.containsKey(run.attemptSuffix())) {
                suffixes.put(run.attemptSuffix(), suffixList.size());
                suffixList.add(run.attemptSuffix());
            }
        }
        varint(out, suffixList.size());
        suffixList.forEach(suffix -> string(out, suffix));
        varint(out, message.runs().size());
        for (MapOutputRun run : message.runs()) {
            varint(out, run.firstMap());
            varint(out, run.count());
            varint(out, run.host() + 1);
            varint(out, run.attemptNumber() + 1);
            if (run.attemptNumber() == MapOutputRun.LITERAL) {
                string(out, run.attemptSuffix());
            } else {
                varint(out, suffixes.get(run.attemptSuffix()));
            }
        }
        return out;
    }

    /** Reads a message body written by {@link #encode}; anything else is an {@link IllegalArgumentException}. */
    public static MapOutputChanges decode(Object body) {
        if (!(body instanceof Buffer bytes)) {
            throw new IllegalArgumentException("expected map output changes as bytes, got " + body);
        }
        try {
            Reader in = new Reader(bytes);
            if (in.bytes.getByte(in.at++) != FORMAT) {
                throw new IllegalArgumentException("unknown format of map output changes");
            }
            int next = in.bytes.getInt(in.at);
            in.at += 4;
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
            for (int i = 0; i < runCount; i++) {
                int firstMap = in.varint();
                int count = in.varint();
                int host = in.varint() - 1;
                int attemptNumber = in.varint() - 1;
                String suffix = attemptNumber == MapOutputRun.LITERAL ? in.string() : suffixes.get(in.varint());
                if (host >= hostCount || count < 1) {
                    throw new IllegalArgumentException("bad run " + i + " of map output changes");
                }
                runs.add(new MapOutputRun(firstMap, count, host, attemptNumber, suffix));
            }
            return new MapOutputChanges(next, hosts, runs);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("map output changes cut short or damaged", e);
        }
    }

    private static void varint(Buffer out, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative " + value);
        }
        while (value >= 0x80) {
            out.appendByte((byte) (value | 0x80));
            value >>>= 7;
        }
        out.appendByte((byte) value);
    }

    private static void string(Buffer out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(out, utf8.length);
        out.appendBytes(utf8);
    }

    private static final class Reader {
        final Buffer bytes;
        int at;

        Reader(Buffer bytes) {
            this.bytes = bytes;
        }

        int varint() {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                byte b = bytes.getByte(at++);
                value |= (b & 0x7f) << shift;
                if (b >= 0) {
                    if (value < 0) {
                        throw new IllegalArgumentException("varint out of range");
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        /** A count of items that follow: each takes at least one byte, so more than the bytes left is damage. */
        int count() {
            int n = varint();
            if (n > bytes.length() - at) {
                throw new IllegalArgumentException("count " + n + " beyond the message");
            }
            return n;
        }

        String string() {
            int length = count();
            String value = bytes.getString(at, at + length, "UTF-8");
            at += length;
            return value;
        }
    }
}
