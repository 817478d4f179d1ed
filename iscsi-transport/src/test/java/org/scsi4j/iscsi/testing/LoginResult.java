package org.scsi4j.iscsi.testing;

import java.util.List;
import java.util.Map;

/**
 * How a {@link TestInitiator#login} ended.
 *
 * @param status the last Login Response's Status-Class/Detail as 0xCCDD (0 = success)
 * @param tsih   the TSIH the target assigned (0 unless logged in)
 * @param keys   every key the target sent during the login (later values win)
 * @param pdus   every Login Response received
 */
public record LoginResult(int status, int tsih, Map<String, String> keys, List<Pdu> pdus) {
    public boolean success() {
        return status == 0 && tsih != 0;
    }
}
