package org.scsi4j.backstore.passthrough.sg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;

/**
 * The class behind the multi-release split, as users get it: failsafe runs this against the
 * packaged jar (surefire's classes directory has no multi-release view), so on Java 22+ the
 * {@code META-INF/versions/22} version of {@link SgNative} is the one tested, and on 17 the base one.
 */
class SgNativeIT {

    /**
     * The Java 22 layer exists only in the packaged jar; a classes directory (surefire, when a
     * {@code -Dtest} pattern picks up this class, or an IDE) always gives the base class.
     */
    private static void assumeFromJar() {
        URL location = SgNative.class.getProtectionDomain().getCodeSource().getLocation();
        assumeTrue(location.getPath().endsWith(".jar"), "run from a classes directory, not the packaged jar");
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_21)
    void beforeJava22TheBackendSaysWhatItNeeds() {
        assertThat(SgNative.available()).isFalse();
        assertThatThrownBy(SgNative::requireAvailable)
                .isInstanceOf(SgUnsupportedException.class)
                .hasMessageContaining("needs Java 22 or later")
                .hasMessageContaining("this is Java " + Runtime.version().feature());
        assertThatThrownBy(() -> SgChannel.open(Path.of("/dev/null"))).isInstanceOf(SgUnsupportedException.class);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_22)
    void fromJava22TheJarsVersionedClassGivesBufferAddresses() {
        assumeFromJar();
        assertThat(SgNative.available()).as("the jar's META-INF/versions/22 class is in use").isTrue();
        ByteBuffer b = ByteBuffer.allocateDirect(64);
        long base = SgNative.address(b);
        assertThat(base).isNotZero();
        assertThat(SgNative.address(b.position(24))).as("the address of the position").isEqualTo(base + 24);
        assertThatThrownBy(() -> SgNative.address(ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_22)
    @EnabledOnOs(OS.LINUX)
    void aChannelOnAnotherDeviceFindsNoSgDriverBehindIt() {
        assumeFromJar();
        // SgNode refuses /dev/null before anything is written; here the channel is opened without
        // that check, to see the real write(2)/read(2) path notice the missing driver by itself
        Path devNull = Path.of("/dev/null");
        assertThatThrownBy(() -> SgDevice.open(devNull.toString(), () -> SgChannel.open(devNull), SgOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/dev/null: no answer to INQUIRY")
                .hasMessageContaining("no reply (end of file) to an sg_io_hdr: not a SCSI generic device");
    }

    @Test
    void theJarIsMultiReleaseAndKeepsItsModuleName() throws IOException {
        assumeFromJar();
        URL location = SgNative.class.getProtectionDomain().getCodeSource().getLocation();
        try (JarFile jar = new JarFile(location.getPath())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Multi-Release")).isEqualTo("true");
            assertThat(main.getValue("Automatic-Module-Name")).isEqualTo("org.scsi4j.backstore.passthrough");
            if (Runtime.version().feature() >= 22) {
                assertThat(jar.getEntry("META-INF/versions/22/org/scsi4j/backstore/passthrough/sg/SgNative.class"))
                        .as("built with JDK 22+, so the layer is there").isNotNull();
            }
        }
    }
}
