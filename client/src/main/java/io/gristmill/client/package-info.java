/**
 * The Java client of a Gristmill coordinator's REST API: {@link io.gristmill.client.GristmillClient} submits job
 * jars with a {@link io.gristmill.client.JobSpec}, follows jobs ({@link io.gristmill.client.ProgressListener},
 * {@code awaitCompletion}), kills and lists them and reads attempt logs, across one or more coordinators (an active
 * one and its standbys). Answers are immutable records; refusals are typed {@link io.gristmill.client.ApiException}s.
 * Depends on the JDK's {@code java.net.http} and Jackson only. Everything under {@code internal} is not API.
 */
package io.gristmill.client;
