package io.gristmill.coordinator.rest.testjobs;

/** A public class that is not a JobDefinition, packed into the test jar to be named as a job class. */
public class NotAJob {
    @Override
    public String toString() {
        return "not a job";
    }
}
