package io.gristmill.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CSV record as {@link CsvInputFormat} reads it: its fields, unquoted, and the file's header names when the
 * format reads a header row. Reused by the reader: valid until the next record (copy {@link #fields()} to keep it).
 */
public final class CsvRecord {
    private final ArrayList<String> fields = new ArrayList<>();
    private List<String> names = List.of();
    private Map<String, Integer> index = Map.of();

    /** Number of fields in this record (records of one file may differ). */
    public int size() {
        return fields.size();
    }

    /** The field at {@code i}, from 0. */
    public String get(int i) {
        return fields.get(i);
    }

    /**
     * The field under header name {@code name}; null when this record is too short to have it.
     *
     * @throws IllegalArgumentException when the header has no such name (or the format reads no header)
     */
    public String get(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException(names.isEmpty() ? "no header row was read (csv.header=true reads one)"
                    : "no column named '" + name + "'; the header has " + names);
        }
        return i < fields.size() ? fields.get(i) : null;
    }

    /** The fields, as a read-only view of this (reused) record. */
    public List<String> fields() {
        return Collections.unmodifiableList(fields);
    }

    /** The header row's names, or an empty list when the format reads no header. */
    public List<String> names() {
        return names;
    }

    void clear() {
        fields.clear();
    }

    void add(String field) {
        fields.add(field);
    }

    void header(List<String> header) {
        names = List.copyOf(header);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.putIfAbsent(names.get(i), i);
        }
        index = Map.copyOf(byName);
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
