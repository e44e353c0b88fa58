/** Worker internals: not API. */
package io.gristmill.worker.internal;
