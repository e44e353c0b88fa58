/**
 * What the coordinator and the workers share: event-bus addresses, message records and their JSON codec, the
 * Vert.x bootstrap, and job-jar loading. Internal to Gristmill: not API for job authors.
 */
package io.gristmill.cluster;
