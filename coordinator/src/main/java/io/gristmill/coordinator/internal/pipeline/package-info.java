/**
 * Pipelines (DESIGN.md "Pipelines"): several jobs of one jar run in order as one pipeline. Not API.
 * {@link io.gristmill.coordinator.internal.pipeline.PipelineExecution} is one pipeline's state machine;
 * {@link io.gristmill.coordinator.internal.pipeline.PipelineTracker} holds the pipelines and connects them to the
 * job tracker, the planning queue and the history.
 */
package io.gristmill.coordinator.internal.pipeline;
