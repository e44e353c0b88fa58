package io.gristmill.api.testkit;

/** One serialized intermediate pair; the arrays are owned by the kit and never changed. */
record Record(byte[] key, byte[] value) {
}
