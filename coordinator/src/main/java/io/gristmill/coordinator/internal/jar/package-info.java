/**
 * Checks an uploaded job jar by reading its class files, never by loading them: no user code runs in the
 * coordinator at submission. Every entry is read with a size limit, so memory stays bounded whatever the jar holds.
 * Coordinator internals: not API.
 */
package io.gristmill.coordinator.internal.jar;
