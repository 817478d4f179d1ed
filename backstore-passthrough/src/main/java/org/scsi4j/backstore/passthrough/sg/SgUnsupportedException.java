package org.scsi4j.backstore.passthrough.sg;

import java.io.IOException;

/**
 * The SCSI generic pass-through cannot run here: not Linux on x86_64 or aarch64, a Java before 22,
 * or a scsi4j jar built without its Java 22 layer. The message says which, and what to do.
 */
public final class SgUnsupportedException extends IOException {
    private static final long serialVersionUID = 1L;

    public SgUnsupportedException(String message) {
        super(message);
    }
}
