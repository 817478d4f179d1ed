package org.scsi4j.iscsi.internal.text;

import java.util.Objects;

/**
 * One {@code key=value} pair of a text data segment, RFC 7143 §6.1. The value is kept as the
 * string received (a list, a number, a binary constant...); its meaning is the key's.
 *
 * @param key the key name, case-sensitive
 * @param value whatever followed the first '=', possibly empty
 */
public record KeyValue(String key, String value) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
