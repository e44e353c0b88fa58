/** Not API: how the client talks HTTP, fails over between coordinators and reads JSON. May change at any time. */
package io.gristmill.client.internal;
