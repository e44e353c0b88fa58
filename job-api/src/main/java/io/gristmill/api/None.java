package io.gristmill.api;

/**
 * The value type "none": a pair whose value is {@code None} is written by {@link TextOutputFormat} as the key
 * alone. Encoded as zero bytes by {@link Serdes#none()}.
 */
public enum None {
    INSTANCE;

    @Override
    public String toString() {
        return "";
    }
}
