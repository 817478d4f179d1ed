package org.scsi4j.iscsi.internal.session;

import org.scsi4j.core.spi.transport.ItNexus;

/**
 * The session's command window, RFC 7143 §4.2.2.1: ExpCmdSN and MaxCmdSN with serial number
 * arithmetic (RFC 1982, 32 bits). MaxCmdSN = ExpCmdSN + the nexus's free task slots − 1, so a
 * busy device closes the window (backpressure), and it never moves backwards once advertised:
 * the initiator ignores a decrease anyway, and a command the window admitted must be accepted.
 */
final class CommandWindow {
    /** Window of a Discovery session, which has no nexus (Text, NOP and Logout only). */
    private static final int DISCOVERY_WINDOW = 16;

    private final ItNexus nexus;
    private int expCmdSn;
    private int maxCmdSn;

    CommandWindow(ItNexus nexus, int expCmdSn) {
        this.nexus = nexus;
        this.expCmdSn = expCmdSn;
        this.maxCmdSn = expCmdSn - 1;
        maxCmdSn();
    }

    int expCmdSn() {
        return expCmdSn;
    }

    /** @return the MaxCmdSN to advertise now (recomputed, never lower than before) */
    int maxCmdSn() {
        return maxCmdSn(0);
    }

    /** @param releasing task slots about to be freed (their status PDU is being stamped) */
    int maxCmdSn(int releasing) {
        int slots = nexus == null ? DISCOVERY_WINDOW : nexus.availableTaskSlots() + releasing;
        int computed = expCmdSn + slots - 1;
        if (computed - maxCmdSn > 0) {
            maxCmdSn = computed;
        }
        return maxCmdSn;
    }

    /** @return true when the last MaxCmdSN advertised closed the window (ExpCmdSN − 1) */
    boolean closed() {
        return maxCmdSn - expCmdSn < 0;
    }

    /** @return the MaxCmdSN last computed (what the initiator may have seen) */
    int advertisedMaxCmdSn() {
        return maxCmdSn;
    }

    /** ExpCmdSN ≤ cmdSn ≤ MaxCmdSN in serial arithmetic. */
    boolean inWindow(int cmdSn) {
        return cmdSn - expCmdSn >= 0 && maxCmdSn - cmdSn >= 0;
    }

    /** A non-immediate command with CmdSN == ExpCmdSN was accepted. */
    void advance() {
        expCmdSn++;
    }

    static boolean serialLess(int a, int b) {
        return a - b < 0;
    }
}
