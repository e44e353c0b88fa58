package io.gristmill.coordinator.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A registered worker incarnation. Dead is final: a dead incarnation never comes back. */
public final class WorkerRecord {
    private final String id;
    private final String nodeId;
    private final int slots;
    private final String shuffleHost;
    private final int shufflePort;
    private final long registeredMillis;
    private final Set<AttemptRecord> running = new LinkedHashSet<>();
    // bundle id -> how many of its attempts are still active here; each bundle occupies one slot
    private final Map<Long, Integer> bundles = new HashMap<>();
    private long lastHeartbeatMillis;
    private boolean alive = true;
    private long diedMillis;
    private String deathReason;

    private boolean refusing;
    private boolean registrationConfirmed;
    private int leftoverSlots;
    private List<String> stuckAttempts = List.of();
    private java.util.function.Consumer<WorkerRecord> slotsChanged = worker -> { };

    public WorkerRecord(String id, String nodeId, int slots, String shuffleHost, int shufflePort, long nowMillis) {
        this.id = id;
        this.nodeId = nodeId;
        this.slots = slots;
        this.shuffleHost = shuffleHost;
        this.shufflePort = shufflePort;
        this.registeredMillis = nowMillis;
        this.lastHeartbeatMillis = nowMillis;
    }

    /** Who is told each time {@link #freeSlots()} may have changed (the scheduler's {@link FreeSlots}). */
    void onSlotsChanged(java.util.function.Consumer<WorkerRecord> listener) {
        this.slotsChanged = listener;
    }

    /**
     * Slots the scheduler may fill: none while the worker is dead, has not {@linkplain #confirmRegistration
     * confirmed its registration} or is {@linkplain #refusing refusing} work.
     */
    public int freeSlots() {
        return alive && registrationConfirmed && !refusing ? Math.max(0, slots - bundles.size() - leftoverSlots) : 0;
    }

    /**
     * The worker's first heartbeat with this coordinator's epoch shows that it has handled the reply to its
     * registration: work sent earlier could reach it while it still has no epoch, and be refused.
     *
     * @return whether this is the first confirmation (the worker's slots just became usable)
     */
    public boolean confirmRegistration() {
        boolean first = !registrationConfirmed;
        registrationConfirmed = true;
        slotsChanged.accept(this);
        return first;
    }

    /** Slots held by task threads of the worker process's earlier incarnations, as the worker reports them. */
    public void leftoverSlots(int value) {
        this.leftoverSlots = Math.max(0, value);
        slotsChanged.accept(this);
    }

    public int leftoverSlots() {
        return leftoverSlots;
    }

    /** Attempts told to stop longer than the worker's cancel timeout ago that still run, as the worker reports them. */
    public void stuckAttempts(List<String> value) {
        this.stuckAttempts = value == null ? List.of() : List.copyOf(value);
    }

    public List<String> stuckAttempts() {
        return stuckAttempts;
    }

    /**
     * The worker refused work (no free slot yet, or not done registering): it gets none until
     * {@link #acceptingAgain()}, so that the coordinator never retries it in a loop.
     */
    public void refusing() {
        refusing = true;
        slotsChanged.accept(this);
    }

    public void acceptingAgain() {
        refusing = false;
        slotsChanged.accept(this);
    }

    /**
     * Slots taken: one per bundle with an attempt whose thread has not ended here (a bundle of short maps holds one
     * slot), plus leftovers of earlier incarnations.
     */
    public int busySlots() {
        return bundles.size() + leftoverSlots;
    }

    public void died(String reason, long nowMillis) {
        alive = false;
        diedMillis = nowMillis;
        deathReason = reason;
        slotsChanged.accept(this);
    }

    public void heartbeat(long nowMillis) {
        lastHeartbeatMillis = nowMillis;
    }

    /**
     * The slot book: an attempt holds its bundle's slot from its launch until the worker says its thread ended
     * ({@link #ended}) — a report of its end, a heartbeat that no longer lists it, a refusal of its RUN — or the
     * worker is dead. The coordinator's own view of the attempt (KILLING, FAILED) does not free the slot.
     */
    public void started(AttemptRecord attempt) {
        if (running.add(attempt)) {
            bundles.merge(attempt.bundle(), 1, Integer::sum);
            slotsChanged.accept(this);
        }
    }

    public void ended(AttemptRecord attempt) {
        if (running.remove(attempt)) {
            bundles.computeIfPresent(attempt.bundle(), (bundle, active) -> active == 1 ? null : active - 1);
            slotsChanged.accept(this);
        }
    }

    public Set<AttemptRecord> running() {
        return Collections.unmodifiableSet(running);
    }

    public String id() {
        return id;
    }

    /** The Hazelcast member id of the worker's process, or null in a single-process cluster. */
    public String nodeId() {
        return nodeId;
    }

    public int slots() {
        return slots;
    }

    public String shuffleHost() {
        return shuffleHost;
    }

    public int shufflePort() {
        return shufflePort;
    }

    public long registeredMillis() {
        return registeredMillis;
    }

    public long lastHeartbeatMillis() {
        return lastHeartbeatMillis;
    }

    public boolean alive() {
        return alive;
    }

    public long diedMillis() {
        return diedMillis;
    }

    public String deathReason() {
        return deathReason;
    }
}
