package org.scsi4j.backstore.passthrough.sg;

/**
 * The output fields of one {@code struct sg_io_hdr} after the command ran.
 *
 * @param status         the SCSI status byte the device returned ({@code status})
 * @param senseLength    sense bytes written ({@code sb_len_wr})
 * @param hostStatus     the host adapter's verdict ({@code host_status}, Linux {@code DID_*})
 * @param driverStatus   the mid layer's verdict ({@code driver_status}, {@code DRIVER_*})
 * @param resid          {@code dxfer_len} minus the bytes actually transferred
 * @param durationMillis how long the command took
 */
record SgResult(int status, int senseLength, int hostStatus, int driverStatus, int resid, int durationMillis) {

    /** A command that finished with GOOD status and {@code resid} untransferred bytes. */
    static SgResult good(int resid) {
        return new SgResult(0, 0, 0, 0, resid, 0);
    }
}
