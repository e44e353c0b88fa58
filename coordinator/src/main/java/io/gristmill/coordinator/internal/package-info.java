/** Coordinator internals: not API. All mutable state here is confined to the coordinator verticle's context. */
package io.gristmill.coordinator.internal;
