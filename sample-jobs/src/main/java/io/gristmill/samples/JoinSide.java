package io.gristmill.samples;

/** The two inputs of a {@link Join}; the tag is what sorts a key's left records before its right ones. */
enum JoinSide {
    LEFT(0), RIGHT(1);

    final int tag;

    JoinSide(int tag) {
        this.tag = tag;
    }

    static boolean isLeft(int tag) {
        return tag == LEFT.tag;
    }
}
