package io.gristmill.coordinator.internal;

import io.gristmill.api.InputSplit;
import io.gristmill.cluster.FailureCode;
import io.gristmill.cluster.MapOutputChangesCodec;
import io.gristmill.cluster.Messages.MapOutputChange;
import io.gristmill.cluster.Messages.MapOutputChanges;
import io.gristmill.cluster.Messages.MapOutputLocation;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.internal.time.ManualTimer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapOutputFeedTest {
    private final ManualTimer timer = new ManualTimer(0);
    private final MapOutputFeed feed = new MapOutputFeed(timer);
    private final JobExecution job = job();

    @Test
    void a_reducer_reads_the_log_in_bounded_slices_whose_bytes_every_reducer_shares() {
        int maps = 2 * MapOutputFeed.SLICE + 5;
        for (int m = 0; m < maps; m++) {
            feed.ready(job, m, location(m, "w-" + (m % 3)));
        }

        Future<Buffer> first = feed.read(job, 0, 1_000);
        MapOutputChanges slice = decode(first);
        assertEquals(MapOutputFeed.SLICE, slice.changes().size(), "one reply holds at most a slice");
        assertEquals(MapOutputFeed.SLICE, slice.next());
        assertEquals(3, slice.hosts().size(), "each worker once, referred to by index");
        assertEquals(0, slice.firstHost());
        MapOutputChange change = slice.changes().get(4);
        assertEquals(4, change.map());
        assertEquals("m-00004-1", change.attempt());
        assertEquals("w-1", slice.hosts().get(change.host()).workerId());
        assertSame(first.result(), feed.read(job, 0, 1_000).result(), "a full slice is encoded once");

        MapOutputChanges last = decode(feed.read(job, 2 * MapOutputFeed.SLICE, 1_000));
        assertEquals(5, last.changes().size());
        assertEquals(maps, last.next());
        assertEquals(List.of(), last.hosts(), "the workers of earlier slices were sent again");
        assertEquals(3, last.firstHost());
        assertEquals(maps - 1, last.changes().get(4).map());
        assertEquals(2, last.changes().get(4).host(), "not the job-wide number of w-2");
    }

    @Test
    void a_slice_sends_only_the_workers_whose_first_change_it_holds_numbered_job_wide() {
        for (int m = 0; m < MapOutputFeed.SLICE; m++) {
            feed.ready(job, m, location(m, "w-" + (m % 2)));
        }
        feed.ready(job, MapOutputFeed.SLICE, location(MapOutputFeed.SLICE, "w-1"));
        feed.ready(job, MapOutputFeed.SLICE + 1, location(MapOutputFeed.SLICE + 1, "w-new"));

        MapOutputChanges second = decode(feed.read(job, MapOutputFeed.SLICE, 1_000));

        assertEquals(2, second.firstHost(), "w-0 and w-1 came in the first slice");
        assertEquals(List.of("w-new"), second.hosts().stream().map(h -> h.workerId()).toList());
        assertEquals(List.of(1, 2), second.changes().stream().map(MapOutputChange::host).toList());
        MapOutputChanges fromTheMiddle = decode(feed.read(job, MapOutputFeed.SLICE + 1, 1_000));
        assertEquals(2, fromTheMiddle.firstHost());
        assertEquals(List.of("w-new"), fromTheMiddle.hosts().stream().map(h -> h.workerId()).toList());
    }

    @Test
    void maps_that_one_worker_ran_one_after_another_travel_as_one_run() {
        int maps = 1000;
        for (int m = 0; m < maps; m++) {
            feed.ready(job, m, location(m, "w-" + (m / 100)));
        }

        Future<Buffer> reply = feed.read(job, 0, 1_000);
        MapOutputChanges slice = decode(reply);
        assertEquals(10, slice.runs().size(), "one run per worker's stretch of maps");
        assertEquals(maps, slice.changes().size());
        assertEquals("m-00999-1", slice.changes().get(999).attempt());
        assertTrue(reply.result().length() < 300, "bytes grow with runs, not maps: " + reply.result().length());
    }

    @Test
    void a_reducer_that_has_read_everything_is_held_until_the_next_batch_of_news() {
        feed.ready(job, 0, location(0, "w-1"));
        feed.ready(job, 1, location(1, "w-2"));
        assertEquals(2, decode(feed.read(job, 0, 10_000)).next());

        Future<Buffer> held = feed.read(job, 2, 10_000);
        timer.advance(1_000);
        assertFalse(held.isComplete(), "nothing new: the request waits");

        feed.obsolete(job, 1, "m-00001-1");
        feed.ready(job, 1, location(1, "w-1", "m-00001-2"));
        timer.advance(MapOutputFeed.BATCH_MILLIS - 1);
        assertFalse(held.isComplete(), "news collects for a batch time");
        timer.advance(1);

        MapOutputChanges news = decode(held);
        assertEquals(List.of(new MapOutputChange(1, "m-00001-1", MapOutputChange.OBSOLETE),
                new MapOutputChange(1, "m-00001-2", 0)), news.changes(), "in log order, obsolete before the re-run");
        assertEquals(4, news.next());
    }

    @Test
    void a_held_request_is_answered_empty_when_its_wait_is_over() {
        Future<Buffer> held = feed.read(job, 0, 5_000);
        timer.advance(5_000);
        MapOutputChanges none = decode(held);
        assertTrue(none.changes().isEmpty());
        assertEquals(0, none.next(), "the reducer asks again from where it stood");
    }

    @Test
    void held_requests_fail_as_stale_when_the_job_ends_and_a_position_past_the_log_is_refused() {
        Future<Buffer> held = feed.read(job, 0, 5_000);
        feed.jobEnded(job);
        assertEquals(FailureCode.STALE_ATTEMPT, ((ReplyException) held.cause()).failureCode());

        Future<Buffer> wrong = feed.read(job(), 7, 5_000);
        assertEquals(FailureCode.BAD_REQUEST, ((ReplyException) wrong.cause()).failureCode());
    }

    private static MapOutputChanges decode(Future<Buffer> reply) {
        assertTrue(reply.succeeded(), () -> "answered: " + reply.cause());
        return MapOutputChangesCodec.decode(reply.result());
    }

    private static JobExecution job() {
        try {
            JobSpec spec = JobSpec.builder(Path.of("job.jar")).input(List.of("in")).output("out").reducers(2).build();
            JobExecution job = new JobExecution("job", spec, "Job", "hash", List.of(), "secret", 0);
            job.planned(Map.of(), job.newTasks(List.of(new InputSplit("in", 0, 1)), 2));
            return job;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MapOutputLocation location(int map, String worker) {
        return location(map, worker, String.format("m-%05d-1", map));
    }

    private static MapOutputLocation location(int map, String worker, String attempt) {
        return new MapOutputLocation(String.format("m-%05d", map), attempt, worker, "127.0.0.1", 7000, "data", "index");
    }
}
