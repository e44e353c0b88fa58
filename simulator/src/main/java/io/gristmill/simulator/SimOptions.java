package io.gristmill.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's command line. Sizes are {@code M/R/W} (map tasks = input files, reduce tasks, workers), several
 * separated by commas; every other option applies to each size.
 */
record SimOptions(Path launcher, Path jar, String jobClass, Path dataDir, Path workDir, List<int[]> sizes, int slots,
                  int hosts, TaskTimeModel mapTimes, TaskTimeModel reduceTimes, FailurePlan failures,
                  String coordinatorHeap, boolean heapMidJob, int timeoutSeconds, long seed, int jobs, int hostJvms,
                  int hostNice, boolean warmUp) {

    static final String USAGE = """
            usage: simulate --launcher bin/gristmill --jar JOB.jar [options]
              --sizes M/R/W[,M/R/W...]   map tasks (input files) / reduce tasks / workers (default 2000/50/20)
              --slots S                  slots per simulated worker (default 2)
              --hosts N                  Hazelcast members (simulated machines) (default 4)
              --host-jvms K              spread the hosts over K child JVMs (default 1: all in this JVM)
              --host-nice N              run those child JVMs at this niceness (default 0: as this one), so that
                                         the stand-in cluster does not starve the coordinator under test of the
                                         cores they share; not with --kill-hosts: a crashed host stalls the others
                                         in its JVM, and at a lower priority they then miss heartbeats
              --task-millis T|MIN-MAX    modelled time of a map attempt, ms (default 0)
              --reduce-millis T|MIN-MAX  of a reduce attempt, after it knows every map output (default: --task-millis)
              --stragglers SHARExFACTOR  e.g. 0.01x10: 1% of attempts take 10x as long (default none)
              --kill-hosts N@PHASE:SHARE     crash N hosts when PHASE (maps|reduces) is SHARE done, e.g. 1@maps:0.5
              --silence-workers N@PHASE:SHARE  N workers stop heartbeats and replies, e.g. 2@reduces:0.5
              --job-class CLASS          (default io.gristmill.samples.WordCount; never loaded by simulated workers)
              --data DIR                 where the input files are created once (default bench/data)
              --work DIR                 coordinator state, logs and job outputs (default bench/target/sim)
              --coordinator-heap SIZE    the coordinator's -Xmx (default 4g)
              --no-heap-mid-job          skip the full GC + heap reading once the maps are done
              --warm-up                  run jobs of the same size first, on the same coordinator and workers, and
                                         measure the last: a coordinator is a long-running service, and the first
                                         job after its start runs on cold (interpreted) code; the first job's rate is
                                         shown too, and the heap at "maps done" is read in a second job, so that
                                         neither rate includes that full GC (bench/sim's default)
              --timeout SECONDS          per job (default 900)
              --seed N                   (default 42)
              --jobs N                   many-jobs mode: N jobs of M maps and R reduces each, submitted at once on W
                                         workers; per-job wait (submit -> first attempt), plan and run times, and
                                         the slots share (default 0: one job per size)
            """;

    static SimOptions parse(String[] args) {
        Path launcher = Path.of("bin/gristmill");
        Path jar = null;
        String jobClass = "io.gristmill.samples.WordCount";
        Path data = Path.of("bench/data");
        Path work = Path.of("bench/target/sim");
        List<int[]> sizes = List.of(new int[]{2000, 50, 20});
        int slots = 2;
        int hosts = 4;
        String taskMillis = "0";
        String reduceMillis = null;
        String stragglers = null;
        FailurePlan failures = new FailurePlan();
        String heap = "4g";
        boolean heapMidJob = true;
        int timeout = 900;
        long seed = 42;
        int jobs = 0;
        int hostJvms = 1;
        int hostNice = 0;
        boolean warmUp = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--no-heap-mid-job")) {
                heapMidJob = false;
                continue;
            }
            if (a.equals("--warm-up")) {
                warmUp = true;
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--launcher" -> launcher = Path.of(v);
                case "--jar" -> jar = Path.of(v);
                case "--job-class" -> jobClass = v;
                case "--data" -> data = Path.of(v);
                case "--work" -> work = Path.of(v);
                case "--sizes" -> sizes = parseSizes(v);
                case "--slots" -> slots = Integer.parseInt(v);
                case "--hosts" -> hosts = Integer.parseInt(v);
                case "--task-millis" -> taskMillis = v;
                case "--reduce-millis" -> reduceMillis = v;
                case "--stragglers" -> stragglers = v;
                case "--kill-hosts" -> failures.add(FailurePlan.Kind.KILL_HOSTS, v);
                case "--silence-workers" -> failures.add(FailurePlan.Kind.SILENCE_WORKERS, v);
                case "--coordinator-heap" -> heap = v;
                case "--timeout" -> timeout = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--jobs" -> jobs = Integer.parseInt(v);
                case "--host-jvms" -> hostJvms = Integer.parseInt(v);
                case "--host-nice" -> hostNice = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (jar == null) {
            throw new IllegalArgumentException("--jar is required (the sample-jobs jar will do: simulated workers never load it)");
        }
        TaskTimeModel maps = TaskTimeModel.parse(taskMillis, stragglers);
        TaskTimeModel reduces = TaskTimeModel.parse(reduceMillis != null ? reduceMillis : taskMillis, stragglers);
        return new SimOptions(launcher.toAbsolutePath(), jar.toAbsolutePath(), jobClass, data.toAbsolutePath(),
                work.toAbsolutePath(), sizes, slots, hosts, maps, reduces, failures, heap, heapMidJob, timeout, seed, jobs,
                hostJvms, hostNice, warmUp);
    }

    static List<int[]> parseSizes(String text) {
        List<int[]> sizes = new ArrayList<>();
        for (String size : text.split(",")) {
            String[] parts = size.trim().replace("_", "").split("/");
            if (parts.length != 3) {
                throw new IllegalArgumentException("a size is M/R/W, e.g. 2000/50/20; got " + size);
            }
            sizes.add(new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])});
        }
        return sizes;
    }
}
