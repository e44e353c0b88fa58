package io.gristmill.bench;

import io.gristmill.bench.Runner.Cluster;
import io.gristmill.bench.Runner.Row;
import io.gristmill.bench.Runner.Standby;
import io.gristmill.bench.Runner.Submitted;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gristmill.bench.Runner.abbreviate;
import static io.gristmill.bench.Runner.progress;

/**
 * The coordinator takeover row (issue 14): the word count on a cluster of its own, a coordinator, a standby
 * coordinator on the same state dir and {@value #WORKERS} workers, once undisturbed and once with the active
 * coordinator killed with {@code kill -9} as soon as the job's map progress ({@code maps.progress} of
 * {@code GET /api/v1/jobs/ID}) reaches {@value #KILL_AT_MAP_PROGRESS}; the standby takes over on the REST port it
 * stood by on, and the bench follows it there. The two cases are interleaved run by run. After each kill, and
 * untimed, a new standby is started that joins the new active coordinator, so every killed run starts from a
 * coordinator with a standby.
 *
 * <p>Takeover time: from the kill to the first task attempt the new coordinator started, that is the smallest
 * {@code startedAt} among the job's attempts of the new term (ids ending in {@code .t<term>}, the term from
 * {@code GET /api/v1/coordinator}) minus the time of the kill; both are milliseconds of this machine's clock.
 */
final class Takeover {
    static final String NONE = "takeover: word count, coord + standby + 2 workers, no failure";
    static final String KILLED = "coordinator takeover: active killed -9 at 50% maps";

    private static final int WORKERS = 2;
    /** The active coordinator is killed once the job's map progress is at least this (0..1). */
    private static final double KILL_AT_MAP_PROGRESS = 0.5;
    /**
     * Map tasks per cluster slot: 1 GiB on two 1-slot workers is then cut in 64 MiB splits, the default, and a
     * smaller input into as many maps, so that half the maps are done and some run when the coordinator dies.
     */
    private static final int MAPS_PER_SLOT = 8;
    /** Untimed runs of the undisturbed job before the timed ones (quick runs: one). */
    private static final int WARM_UPS = 3;
    private static final double JOB_TIME_TARGET = 1.25;
    private static final double TAKEOVER_TARGET_SECONDS = 5;
    /** How often the job's map progress is read before the kill, and the standby's API after it. */
    private static final long POLL_MILLIS = 50;
    /** How long the standby may take to answer as the active coordinator before the run fails. */
    private static final long ACTIVE_WITHIN_SECONDS = 60;
    private static final String WORD_COUNT = "io.gristmill.samples.WordCount";

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern MAPS = Pattern.compile("\"maps\"\\s*:\\s*\\{([^}]*)}");
    private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
    private static final Pattern PROGRESS = Pattern.compile("\"progress\"\\s*:\\s*([-+0-9.eE]+)");
    private static final Pattern TERM = Pattern.compile("\"term\"\\s*:\\s*(\\d+)");
    private static final Pattern TERM_ENTRY = Pattern.compile("\\{[^{}]*\"number\"\\s*:\\s*(\\d+)[^{}]*}");
    private static final Pattern TERM_STARTED = Pattern.compile("\"startedMillis\"\\s*:\\s*(\\d+)");
    private static final Pattern ATTEMPT_ID = Pattern.compile("^\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STARTED_AT = Pattern.compile("\"startedAt\"\\s*:\\s*(\\d+)");
    private static final Pattern RECOVERED = Pattern.compile("\"recovered\"\\s*:\\s*true");

    private final Runner runner;
    private final Runner.Settings settings;

    Takeover(Runner runner) {
        this.runner = runner;
        this.settings = runner.settings;
    }

    /** One kill: the job, the time just before the signal (epoch ms), the map progress read just before it. */
    private record Kill(String jobId, long killedAtMillis, double mapProgress, long activeAtMillis) {
    }

    void run(Map<String, Path> texts, Map<String, Path> references) throws Exception {
        String size = settings.takeoverSize();
        Row none = new Row(NONE, "text " + size);
        Row killed = new Row(KILLED, "text " + size);
        runner.rows.addAll(List.of(none, killed));
        List<Double> takeovers = new ArrayList<>();
        try {
            run(none, killed, takeovers, texts, references);
        } finally {
            verdicts(none, killed, takeovers);
        }
    }

    private void run(Row none, Row killed, List<Double> takeovers, Map<String, Path> texts,
                     Map<String, Path> references) throws Exception {
        String size = settings.takeoverSize();
        List<Row> all = List.of(none, killed);
        Path jar = runner.sampleJobsJar();
        String unavailable = runner.clusterRowUnavailable(jar);
        if (unavailable != null) {
            all.forEach(row -> row.check = unavailable);
            return;
        }
        Runner.TextInput textInput = runner.textInput("takeover", size, texts, references);
        Path text = textInput.text();
        Path expected = textInput.reference();
        long bytes = Files.size(text);
        int slots = WORKERS * settings.slots();
        long splitSize = Math.max(Runner.MIN_SPLIT_SIZE, Runner.ceilDiv(bytes, (long) MAPS_PER_SLOT * slots));
        String spec = "\"splitSize\":" + splitSize;
        List<String> inputs = List.of(text.toString());
        all.forEach(row -> row.inputBytes = bytes);
        progress("takeover: starting a coordinator, a standby and %d workers (about %d maps of %d KiB)", WORKERS,
                Runner.ceilDiv(bytes, splitSize), splitSize >> 10);
        List<String> perRun = new ArrayList<>();
        // INFO for the coordinators' own loggers: the takeover, the term and the resumed job in their logs
        try (Cluster cluster = runner.newCluster(jar, "takeover-", WORKERS, Map.of("GRISTMILL_LOG_LEVEL", "INFO"))) {
            Standby standby;
            try {
                cluster.start();
                standby = cluster.startStandby();
                progress("  standby up: %s", standby.url());
            } catch (Exception e) {
                all.forEach(row -> row.fail("cluster did not start: " + abbreviate(e.getMessage(), 200)));
                return;
            }
            Runner.warm(text);
            for (int i = 1; i <= (settings.quick() ? 1 : WARM_UPS); i++) { // untimed: class loading and JIT
                Path warmUp = runner.freshOutput("takeover-warmup");
                try {
                    double seconds = cluster.runJob(WORD_COUNT, inputs, warmUp, null, Map.of(), spec);
                    progress("  takeover warm-up %d: %.3f s", i, seconds);
                } catch (Exception e) {
                    progress("  warm-up job failed: %s", e.getMessage());
                }
                Runner.deleteTree(warmUp);
            }
            for (int run = 1; run <= settings.runs(); run++) {
                for (int c = 0; c < all.size(); c++) {
                    Row row = all.get((c + run - 1) % all.size()); // each case goes first in some run
                    if (row == none) {
                        runner.clusterRun(none, runner.freshOutput("takeover-job"), true,
                                dir -> cluster.runJob(WORD_COUNT, inputs, dir, null, Map.of(), spec),
                                dir -> Check.wordCount(expected, dir));
                        continue;
                    }
                    Standby current = standby;
                    List<Kill> kill = new ArrayList<>(1);
                    runner.clusterRun(killed, runner.freshOutput("takeover-job"), true,
                            dir -> killedRun(cluster, current, inputs, spec, dir, kill),
                            dir -> Check.wordCount(expected, dir));
                    if (!kill.isEmpty() && killed.ok()) {
                        String problem = takeover(cluster, kill.get(0), takeovers, perRun);
                        if (problem != null) {
                            killed.fail(problem);
                        }
                    }
                    if (cluster.coordinator == current.process()) { // it took over: stand another one by
                        try {
                            standby = cluster.startStandby();
                            progress("  new standby up: %s", standby.url());
                        } catch (Exception e) {
                            killed.fail("no new standby: " + abbreviate(e.getMessage(), 200));
                        }
                    }
                }
            }
            long peak = cluster.peakKib();
            for (Row row : all) {
                row.peakKib = peak;
                row.peakNote = "sum of " + (WORKERS + 2);
                row.baseline = none.median();
            }
        }
        none.notes = String.format(Locale.ROOT, "submit -> _SUCCESS; %d slots, splitSize %d KiB", slots,
                splitSize >> 10);
        killed.notes = "x no failure; " + (perRun.isEmpty() ? "-" : String.join("; ", perRun));
    }

    /**
     * The killed case: submits the job, kills the active coordinator once the maps are half done, waits for the
     * standby to answer as the active coordinator and for {@code _SUCCESS}; the seconds from the POST until then.
     */
    private double killedRun(Cluster cluster, Standby standby, List<String> inputs, String spec, Path dir,
                             List<Kill> kill) throws Exception {
        Submitted job = cluster.submit(WORD_COUNT, inputs, dir, null, Map.of(), spec);
        double mapProgress = awaitMapProgress(cluster, job.id(), dir);
        long killedAt = cluster.killCoordinator();
        cluster.takenOverBy(standby);
        long activeAt = awaitActive(cluster, standby);
        double seconds = cluster.awaitSuccess(job, dir);
        kill.add(new Kill(job.id(), killedAt, mapProgress, activeAt));
        return seconds;
    }

    /** Polls the job until it runs with at least {@value #KILL_AT_MAP_PROGRESS} of its map progress; returns that. */
    private double awaitMapProgress(Cluster cluster, String id, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
        String state = "?";
        while (System.nanoTime() < deadline) {
            String status = cluster.get("/api/v1/jobs/" + id);
            if (status != null) {
                state = first(STATE, status, "?");
                Matcher maps = MAPS.matcher(status);
                if (maps.find() && state.equals("RUNNING")) {
                    int total = Integer.parseInt(first(TOTAL, maps.group(1), "0"));
                    double progress = Double.parseDouble(first(PROGRESS, maps.group(1), "0"));
                    if (total > 0 && progress >= KILL_AT_MAP_PROGRESS) {
                        return progress;
                    }
                } else if (!state.equals("PLANNING") && !state.equals("RUNNING") && !state.equals("?")) {
                    throw new IOException("job " + id + " was " + state + " before its maps were "
                            + percent(KILL_AT_MAP_PROGRESS) + " done");
                }
            }
            if (Files.exists(dir.resolve("_SUCCESS"))) {
                throw new IOException("job " + id + " succeeded before its maps were seen "
                        + percent(KILL_AT_MAP_PROGRESS) + " done");
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IOException("job " + id + " not " + percent(KILL_AT_MAP_PROGRESS) + " through its maps after "
                + settings.timeoutSeconds() + " s (state " + state + ")");
    }

    /**
     * Waits until the standby answers {@code GET /api/v1/coordinator} as the active coordinator (200; 503 while it
     * stands by, no answer while it switches); returns when, in epoch ms.
     */
    private static long awaitActive(Cluster cluster, Standby standby) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ACTIVE_WITHIN_SECONDS);
        HttpRequest request = HttpRequest.newBuilder(URI.create(standby.url() + "/api/v1/coordinator"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!standby.process().isAlive()) {
                throw new IOException("the standby exited with " + standby.process().exitValue()
                        + " instead of taking over");
            }
            try {
                if (cluster.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.currentTimeMillis();
                }
            } catch (IOException e) {
                // its REST port is closed while it switches from standing by to active
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IOException("the standby did not take over within " + ACTIVE_WITHIN_SECONDS + " s of the kill");
    }

    /**
     * The takeover of one killed run, from the new coordinator's API: its term, when it claimed it, and the first
     * attempt of that term; adds the takeover seconds and a note. Returns a problem, or null.
     */
    private static String takeover(Cluster cluster, Kill kill, List<Double> takeovers, List<String> perRun) {
        String coordinator = cluster.get("/api/v1/coordinator");
        String tasks = cluster.get("/api/v1/jobs/" + kill.jobId() + "/tasks");
        if (coordinator == null || tasks == null) {
            return "no answer from the new coordinator's /api/v1/coordinator or the job's tasks";
        }
        long term = Long.parseLong(first(TERM, coordinator, "0"));
        long termStarted = -1;
        Matcher entry = TERM_ENTRY.matcher(coordinator);
        while (entry.find()) {
            if (Long.parseLong(entry.group(1)) == term) {
                termStarted = Long.parseLong(first(TERM_STARTED, entry.group(), "-1"));
            }
        }
        String suffix = ".t" + term;
        long firstStart = Long.MAX_VALUE;
        int mapsRecovered = 0;
        int mapsRerun = 0;
        String[] attempts = tasks.split("\"attemptId\""); // each attempt's fields run to the next attempt's id
        for (int i = 1; i < attempts.length; i++) {
            String id = first(ATTEMPT_ID, attempts[i], "");
            boolean map = id.startsWith("m-");
            if (map && RECOVERED.matcher(attempts[i]).find()) {
                mapsRecovered++;
            }
            if (id.endsWith(suffix)) {
                mapsRerun += map ? 1 : 0;
                long startedAt = Long.parseLong(first(STARTED_AT, attempts[i], "0"));
                if (startedAt > 0) {
                    firstStart = Math.min(firstStart, startedAt);
                }
            }
        }
        if (firstStart == Long.MAX_VALUE) {
            return "no attempt of term " + term + " (ids ending in " + suffix + ") in job " + kill.jobId();
        }
        double seconds = (firstStart - kill.killedAtMillis()) / 1e3;
        takeovers.add(seconds);
        perRun.add(String.format(Locale.ROOT, "killed at %s maps: term %d claimed +%s, API +%.2f s, first task +%.2f s,"
                        + " maps recovered/re-run %d/%d", percent(kill.mapProgress()), term,
                termStarted < 0 ? "?" : String.format(Locale.ROOT, "%.2f s", (termStarted - kill.killedAtMillis()) / 1e3),
                (kill.activeAtMillis() - kill.killedAtMillis()) / 1e3, seconds, mapsRecovered, mapsRerun));
        progress("  takeover: %s", perRun.get(perRun.size() - 1));
        return null;
    }

    /** The row's two lines under "Targets:". */
    private static void verdicts(Row none, Row killed, List<Double> takeovers) {
        double median = killed.median();
        boolean timed = !Double.isNaN(median) && killed.baseline != null && !killed.baseline.isNaN();
        String problem = !killed.ok() ? killed.check : !none.ok() ? "no failure: " + none.check : null;
        String tail = problem == null ? "" : " (" + problem + ")";
        double ratio = timed ? median / killed.baseline : Double.NaN;
        killed.verdicts.add("coordinator takeover job time <= " + JOB_TIME_TARGET + "x no failure: "
                + (timed ? String.format(Locale.ROOT, "%.2fx", ratio) : "-") + " "
                + (problem == null && timed && ratio <= JOB_TIME_TARGET ? "PASS" : "FAIL") + tail);
        double takeover = Runner.median(takeovers);
        killed.verdicts.add("coordinator takeover, kill -9 -> first task of the new coordinator < "
                + (int) TAKEOVER_TARGET_SECONDS + " s: " + (takeovers.isEmpty() ? "-"
                : String.format(Locale.ROOT, "%.2f s (median of %d)", takeover, takeovers.size())) + " "
                + (problem == null && !takeovers.isEmpty() && takeover < TAKEOVER_TARGET_SECONDS ? "PASS" : "FAIL")
                + tail);
    }

    private static String first(Pattern pattern, String text, String otherwise) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : otherwise;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
