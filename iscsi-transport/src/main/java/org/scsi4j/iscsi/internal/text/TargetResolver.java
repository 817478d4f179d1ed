package org.scsi4j.iscsi.internal.text;

/**
 * Looks up the settings of the target an initiator names in its first Login Request. Called
 * once per login by {@link LoginNegotiator}, on the connection's thread.
 */
@FunctionalInterface
public interface TargetResolver {
    /**
     * @param initiatorName the InitiatorName declared (§13.5)
     * @param sessionType the SessionType declared, or Normal by default (§13.21)
     * @param targetName the TargetName declared; null for a Discovery session (§13.4)
     * @return the target's settings; null when no such target exists (Normal: login fails with
     *         "Not found", 0x0203) or, for a Discovery session, when discovery is not offered
     *         ("Session type not supported", 0x0209)
     */
    TargetSettings resolve(String initiatorName, SessionType sessionType, String targetName);
}
