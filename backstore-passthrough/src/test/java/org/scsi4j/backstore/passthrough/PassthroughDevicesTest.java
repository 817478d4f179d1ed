package org.scsi4j.backstore.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.spi.device.ScsiDevice;
import org.scsi4j.core.testing.Cdbs;
import org.scsi4j.iscsi.initiator.IscsiSession;

/** {@link PassthroughDevices#open}: one spec string to a device. */
class PassthroughDevicesTest {

    @Test
    void anIscsiSpecOpensTheLunItNames() throws Exception {
        try (PassthroughRig rig = new PassthroughRig()) {
            String url = "iscsi://127.0.0.1:" + rig.backendServer.boundAddress().getPort() + "/"
                    + PassthroughRig.BACKEND_IQN + "/0";
            try (ScsiDevice d = PassthroughDevices.open(url, "iqn.2026-11.org.scsi4j:spec")) {
                assertThat(d).isInstanceOf(IscsiLunDevice.class);
                assertThat(d.peripheralDeviceType()).isZero();
                assertThat(((IscsiLunDevice) d).isConnected()).isTrue();
            }
            // the front path still works after a second device came and went on the same backend
            IscsiSession a = rig.front("iqn.2026-11.org.scsi4j:client-a");
            PassthroughRig.ready(a);
            assertThat(a.execute(0, Cdbs.read10(0, 1), null, ByteBuffer.allocate(512), PassthroughRig.T).isGood())
                    .isTrue();
        }
    }

    @Test
    void anSgSpecThatNamesNoDeviceFails() {
        assertThatThrownBy(() -> PassthroughDevices.open("sg:", "iqn.2026-11.org.scsi4j:spec"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sg:/dev/sgN");
        assertThatThrownBy(() -> PassthroughDevices.open("sg:/nonexistent/sg99", "iqn.2026-11.org.scsi4j:spec"))
                .isInstanceOf(IOException.class).hasMessageContaining("/nonexistent/sg99");
    }

    @Test
    void anUnknownSpecNamesTheKnownForms() {
        assertThatThrownBy(() -> PassthroughDevices.open("/dev/st0", "iqn.2026-11.org.scsi4j:spec"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iscsi://").hasMessageContaining("sg:/dev/sgN");
    }
}
