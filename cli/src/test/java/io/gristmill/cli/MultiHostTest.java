package io.gristmill.cli;

import io.gristmill.cli.testjobs.FlakyWordCount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A coordinator and three workers on hosts of their own (network namespaces joined by a bridge), a client on a
 * fourth and a would-be second coordinator on a fifth. One cluster goes through the scenarios in order; every job's
 * output is compared with the sequential word count. Needs root and {@code ip}; skipped where they are missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostTest {
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(60);
    /** Cut off shorter than the heartbeat timeout, TCP retransmission included: nothing may be declared dead. */
    private static final Duration BLIP = Duration.ofMillis(1500);
    private static final String TOKEN = "multihost-" + UUID.randomUUID();

    private static Path dir;
    private static Netns net;
    private static ProcessCluster cluster;
    private static String coordinatorNs;
    private static String coordinatorAddress;
    private static String clientNs;
    private static String baseUrl;
    private static final Map<String, String> workerNs = new TreeMap<>(); // worker address -> namespace
    private static Path jar;
    private static Map<String, String> expected;
    private static int jobs;
    private static volatile boolean failed;

    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.junit.jupiter.api.extension.TestWatcher WATCHER = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            failed = true;
        }
    };

    @BeforeAll
    static void startCluster() throws Exception {
        String missing = Netns.unavailable();
        Assumptions.assumeTrue(missing == null, () -> "multi-host test skipped: " + missing);
        try {
            net = Netns.create();
        } catch (Netns.NamespaceRefused e) {
            Assumptions.abort("multi-host test skipped: " + e.getMessage());
        }
        dir = Files.createTempDirectory("gristmill-multihost");
        cluster = new ProcessCluster(dir);
        // the test logback config wins over the product's: show Hazelcast's membership lines as the product does at INFO
        Path logback = dir.resolve("logback-multihost.xml");
        Files.writeString(logback, Files.readString(Path.of(MultiHostTest.class.getResource("/logback-test.xml").toURI()))
                .replace("<root ", "<logger name=\"com.hazelcast.internal.cluster\" level=\"INFO\"/>\n  <root "));
        cluster.commonJvmFlags(List.of("-Dlogback.configurationFile=" + logback));
        net.beforeRemoval(() -> {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        coordinatorNs = net.addHost("c", 1);
        coordinatorAddress = net.address(1);
        for (int i = 1; i <= 3; i++) {
            workerNs.put(net.address(10 + i), net.addHost("w" + i, 10 + i));
        }
        clientNs = net.addHost("cl", 100);
        cluster.startCoordinatorOn(Netns.on(coordinatorNs), coordinatorAddress, "0.0.0.0", TOKEN);
        baseUrl = cluster.baseUrl();
        String join = coordinatorAddress + ":" + cluster.clusterPort();
        for (Map.Entry<String, String> worker : workerNs.entrySet()) {
            cluster.startWorkerOn(Netns.on(worker.getValue()), worker.getKey(), join, 1);
        }
        awaitWorkers("three live workers", live -> live.size() == 3);
        jar = TestJars.jarOf(dir, FlakyWordCount.class);
        expected = Outputs.sequentialWordCount(Outputs.gutenbergFiles());
    }

    @AfterAll
    static void removeHosts() throws Exception {
        if (net == null) {
            return;
        }
        net.close();
        List<String> left = net.existing();
        assertTrue(left.isEmpty(), "namespaces left behind: " + left);
        if (dir != null && !failed) {
            deleteTree(dir);
        } else if (dir != null) {
            System.err.println("MultiHostTest: process logs kept in " + dir);
        }
    }

    @Test
    @Order(1)
    void aWordCountIsSpreadOverAllThreeWorkersOnTheirOwnHosts() throws Exception {
        Map<String, String> addresses = new TreeMap<>();
        for (Object w : liveWorkers()) {
            JsonObject worker = (JsonObject) w;
            addresses.put(worker.getString("id"), worker.getString("address"));
        }
        assertEquals(workerNs.keySet(), hostsOf(addresses.values()), "each worker registered with its own host's address");

        String id = submit("spread", Map.of("mapSleepMillis", "300"));
        JsonObject job = awaitEnd(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertExact("spread");
        Set<String> ranOn = new HashSet<>();
        for (Object t : tasks(id)) {
            for (Object a : ((JsonObject) t).getJsonArray("attempts")) {
                JsonObject attempt = (JsonObject) a;
                if (attempt.getString("state").equals("SUCCEEDED")) {
                    ranOn.add(attempt.getString("workerId"));
                }
            }
        }
        assertEquals(addresses.keySet(), ranOn, "tasks succeeded on every worker");
    }

    @Test
    @Order(2)
    void aBlipShorterThanTheHeartbeatTimeoutRerunsNothing() throws Exception {
        Set<String> before = ids(liveWorkers());
        String id = submit("blip", Map.of("mapSleepMillis", "1500"));
        String[] running = new String[2];
        ProcessCluster.await("a running map attempt", () -> runningAttempt(id, "MAP", running));
        String ns = hostOf(running[0]);

        net.cut(ns);
        Thread.sleep(BLIP.toMillis()); // the blip itself: the one fixed wait
        net.heal(ns);

        JsonObject job = awaitEnd(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertExact("blip");
        for (Object t : tasks(id)) {
            JsonObject task = (JsonObject) t;
            assertEquals(1, task.getJsonArray("attempts").size(), "nothing re-run after a blip: " + task.encode());
        }
        assertEquals(before, ids(liveWorkers()), "the same worker incarnations, all alive");
    }

    @Test
    @Order(3)
    void aWorkerCutOffPastTheTimeoutHasItsOutputsRerunAndRejoinsAsANewIncarnation() throws Exception {
        String id = submit("cut-worker", Map.of("mapSleepMillis", "1000", "reduceSleepMillis", "4000"));
        String[] running = new String[2];
        ProcessCluster.await("a running reduce attempt", () -> runningAttempt(id, "REDUCE", running));
        String lost = running[0];
        String address = addressOf(lost);
        String ns = workerNs.get(address);
        Set<String> mapsThere = succeededMaps(id, lost);

        net.cut(ns);
        ProcessCluster.await("the cut-off worker declared dead", () -> !isAlive(lost));
        net.heal(ns);

        JsonObject job = awaitEnd(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertExact("cut-worker");
        for (Object t : tasks(id)) {
            JsonObject task = (JsonObject) t;
            if (mapsThere.contains(task.getString("id"))) {
                // the one successful attempt, not the last: on a loaded machine a speculative backup may follow it
                List<JsonObject> succeeded = task.getJsonArray("attempts").stream().map(JsonObject.class::cast)
                        .filter(a -> a.getString("state").equals("SUCCEEDED")).toList();
                assertEquals(1, succeeded.size(), task.encode());
                assertNotEquals(lost, succeeded.get(0).getString("workerId"), "map output on the lost worker re-run: " + task.encode());
            }
        }
        JsonArray live = awaitWorkers("the healed worker back as a new incarnation",
                workers -> workers.size() == 3 && hostsOf(addresses(workers)).equals(workerNs.keySet()));
        String rejoined = live.stream().map(JsonObject.class::cast).filter(w -> w.getString("address").startsWith(address + ":")
                || w.getString("address").equals(address)).findFirst().orElseThrow().getString("id");
        assertNotEquals(lost, rejoined, "a dead incarnation never comes back");
        assertFalse(isAlive(lost));
    }

    @Test
    @Order(4)
    void aSecondCoordinatorOnAnotherHostWithItsOwnStateDirRefusesToStart() throws Exception {
        Set<String> before = ids(liveWorkers());
        String ns = net.addHost("x", 2);
        Path ports = dir.resolve("second.ports");
        Process second = cluster.launchOn(Netns.on(ns), "second-coordinator", List.of(), List.of("coordinator",
                "--cluster-host", net.address(2), "--cluster-port", "0", "--http-port", "0", "--cluster-name",
                cluster.clusterName(), "--join", coordinatorAddress + ":" + cluster.clusterPort(), "--state-dir",
                dir.resolve("state-second").toString(), "--port-file", ports.toString(),
                "--heartbeat-timeout", ProcessCluster.HEARTBEAT_TIMEOUT.toSeconds() + "s"));
        assertTrue(second.waitFor(STATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the second coordinator did not exit");
        String log = Files.readString(dir.resolve("second-coordinator.log"), StandardCharsets.UTF_8);
        assertNotEquals(0, second.exitValue(), log);
        assertTrue(log.contains("error: another coordinator is already active in cluster '" + cluster.clusterName()
                + "' with another state dir"), log);
        assertFalse(Files.exists(ports), "the refused coordinator bound nothing it would announce");
        assertEquals(before, ids(liveWorkers()), "the first coordinator keeps its workers");
    }

    @Test
    @Order(5)
    void submitWaitFromAFourthHostWithTheToken() throws Exception {
        Path output = dir.resolve("from-client");
        Process client = client("submit-wait", List.of("submit", jar.toString(), "--input",
                BundledJobs.sampleInput().toString(), "--output", output.toString(), "--reducers", "3",
                "--coordinator", baseUrl, "--token", TOKEN, "--wait"));
        assertTrue(client.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "submit --wait did not return");
        String log = Files.readString(dir.resolve("submit-wait.log"), StandardCharsets.UTF_8);
        assertEquals(0, client.exitValue(), log);
        Outputs.assertSameEntries(expected, Outputs.keyValues(output));
    }

    @Test
    @Order(6)
    void theCoordinatorCutOffAndHealedGetsItsWorkersBack() throws Exception {
        Set<String> before = ids(liveWorkers());
        Path log = dir.resolve("coordinator-0.log");
        int alone = count(log, "Members {size:1,");
        net.cut(coordinatorNs);
        // its REST API is out of reach while it is cut off: what it sees is in its log (the file system is shared)
        ProcessCluster.await("the coordinator alone in its cluster", () -> count(log, "Members {size:1,") > alone);
        ProcessCluster.await("the coordinator declaring every worker dead",
                () -> before.stream().allMatch(id -> uncheckedCount(log, "worker " + id + " is dead") > 0));
        net.heal(coordinatorNs);

        // the workers merge back and register again as new incarnations
        JsonArray live = awaitWorkers("three new worker incarnations after the heal",
                workers -> workers.size() == 3 && java.util.Collections.disjoint(before, ids(workers)));
        assertTrue(java.util.Collections.disjoint(before, ids(live)), "new incarnations: " + before + " then " + ids(live));
        assertEquals(workerNs.keySet(), hostsOf(addresses(live)));
        String id = submit("after-heal", Map.of());
        JsonObject job = awaitEnd(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.encode());
        assertExact("after-heal");
    }

    // --- the client host: every request to the coordinator goes from there

    /** Starts the CLI on the client host. */
    private static Process client(String role, List<String> args) throws Exception {
        return cluster.launchOn(Netns.on(clientNs), role, List.of(), args);
    }

    private static String submit(String output, Map<String, String> params) throws Exception {
        String role = "submit-" + (++jobs);
        List<String> args = new ArrayList<>(List.of("submit", jar.toString(), "--input", BundledJobs.sampleInput().toString(),
                "--output", dir.resolve(output).toString(), "--reducers", "3", "--coordinator", baseUrl, "--token", TOKEN));
        params.forEach((k, v) -> args.addAll(List.of("--param", k + "=" + v)));
        Process client = client(role, args);
        assertTrue(client.waitFor(STATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "submit did not return");
        String log = Files.readString(dir.resolve(role + ".log"), StandardCharsets.UTF_8);
        assertEquals(0, client.exitValue(), log);
        return log.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow().trim();
    }

    /** GET {@code path} of the REST API from the client host, with the token. */
    private static String get(String path) throws Exception {
        List<String> command = new ArrayList<>(Netns.on(clientNs));
        command.addAll(List.of("curl", "-sS", "--fail", "--max-time", "5", "-H", "Authorization: Bearer " + TOKEN,
                baseUrl + "/api/v1/" + path));
        Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return curl.waitFor() == 0 ? body : null;
    }

    private static JsonObject job(String id) throws Exception {
        String body = get("jobs/" + id);
        return body == null ? new JsonObject().put("state", "UNREACHABLE") : new JsonObject(body);
    }

    private static JsonArray tasks(String id) throws Exception {
        String body = get("jobs/" + id + "/tasks");
        return body == null ? new JsonArray() : new JsonArray(body);
    }

    private static JsonArray workers() throws Exception {
        String body = get("workers");
        return body == null ? new JsonArray() : new JsonArray(body);
    }

    private static JsonArray liveWorkers() throws Exception {
        JsonArray live = new JsonArray();
        workers().stream().map(JsonObject.class::cast).filter(w -> w.getBoolean("alive")).forEach(live::add);
        return live;
    }

    private static JsonArray awaitWorkers(String what, java.util.function.Predicate<JsonArray> until) throws Exception {
        JsonArray seen = ProcessCluster.poll(STATE_TIMEOUT, MultiHostTest::liveWorkers, until);
        if (!until.test(seen)) {
            throw new AssertionError("timed out waiting for " + what + "; live: " + seen.encode() + "\n" + cluster.logTails());
        }
        return seen;
    }

    private static JsonObject awaitEnd(String id) throws Exception {
        JsonObject job = ProcessCluster.poll(JOB_TIMEOUT, () -> job(id),
                j -> List.of("SUCCEEDED", "FAILED", "KILLED").contains(j.getString("state")));
        if (!List.of("SUCCEEDED", "FAILED", "KILLED").contains(job.getString("state"))) {
            throw new AssertionError("job " + id + " did not end in " + JOB_TIMEOUT + ": " + job.encode() + "\n" + cluster.logTails());
        }
        return job;
    }

    private static void assertExact(String output) throws Exception {
        Outputs.assertSameEntries(expected, Outputs.keyValues(dir.resolve(output)));
    }

    private static boolean runningAttempt(String id, String type, String[] found) throws Exception {
        for (Object t : tasks(id)) {
            JsonObject task = (JsonObject) t;
            for (Object a : task.getJsonArray("attempts")) {
                JsonObject attempt = (JsonObject) a;
                if (task.getString("type").equals(type) && attempt.getString("state").equals("RUNNING")) {
                    found[0] = attempt.getString("workerId");
                    found[1] = attempt.getString("attemptId");
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> succeededMaps(String id, String workerId) throws Exception {
        Set<String> maps = new HashSet<>();
        for (Object t : tasks(id)) {
            JsonObject task = (JsonObject) t;
            for (Object a : task.getJsonArray("attempts")) {
                JsonObject attempt = (JsonObject) a;
                if (task.getString("type").equals("MAP") && attempt.getString("state").equals("SUCCEEDED")
                        && attempt.getString("workerId").equals(workerId)) {
                    maps.add(task.getString("id"));
                }
            }
        }
        return maps;
    }

    private static boolean isAlive(String workerId) throws Exception {
        for (Object w : workers()) {
            JsonObject worker = (JsonObject) w;
            if (worker.getString("id").equals(workerId)) {
                return worker.getBoolean("alive");
            }
        }
        return false;
    }

    private static String addressOf(String workerId) throws Exception {
        for (Object w : workers()) {
            JsonObject worker = (JsonObject) w;
            if (worker.getString("id").equals(workerId)) {
                return hostPart(worker.getString("address"));
            }
        }
        throw new AssertionError("no worker " + workerId);
    }

    /** The namespace of the worker incarnation {@code workerId}. */
    private static String hostOf(String workerIdOrAddress) throws Exception {
        String address = workerNs.containsKey(hostPart(workerIdOrAddress)) ? hostPart(workerIdOrAddress) : addressOfId(workerIdOrAddress);
        return workerNs.get(address);
    }

    private static String addressOfId(String workerId) throws Exception {
        for (Object w : workers()) {
            JsonObject worker = (JsonObject) w;
            if (worker.getString("id").equals(workerId)) {
                return hostPart(worker.getString("address"));
            }
        }
        return null;
    }

    private static String hostPart(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    private static Set<String> hostsOf(java.util.Collection<String> addresses) {
        Set<String> hosts = new java.util.TreeSet<>();
        addresses.forEach(a -> hosts.add(hostPart(a)));
        return hosts;
    }

    private static List<String> addresses(JsonArray workers) {
        return workers.stream().map(JsonObject.class::cast).map(w -> w.getString("address")).toList();
    }

    private static Set<String> ids(JsonArray workers) {
        Set<String> ids = new HashSet<>();
        workers.forEach(w -> ids.add(((JsonObject) w).getString("id")));
        return ids;
    }

    private static int count(Path log, String text) throws Exception {
        if (!Files.exists(log)) {
            return 0;
        }
        String content = Files.readString(log, StandardCharsets.UTF_8);
        int n = 0;
        for (int i = content.indexOf(text); i >= 0; i = content.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    private static int uncheckedCount(Path log, String text) {
        try {
            return count(log, text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
