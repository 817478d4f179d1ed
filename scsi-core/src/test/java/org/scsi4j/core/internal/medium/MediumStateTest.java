package org.scsi4j.core.internal.medium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.scsi4j.core.MediumRemovalPreventedException;
import org.scsi4j.core.internal.engine.NexusView;
import org.scsi4j.core.spi.device.RemovableMedium;
import org.scsi4j.core.spi.transport.InitiatorPortId;

class MediumStateTest {

    /** A device whose medium the test flips by hand. */
    static final class Tray implements RemovableMedium {
        volatile boolean disc = true;
        volatile boolean open;
        volatile long generation;
        volatile Guard guard;
        int ejects;
        int loads;

        void swap() {
            disc = true;
            open = false;
            generation++;
        }

        @Override
        public boolean isMediumPresent() {
            return disc && !open;
        }

        @Override
        public long mediumGeneration() {
            return generation;
        }

        @Override
        public boolean isTrayOpen() {
            return open;
        }

        @Override
        public void eject() {
            ejects++;
            open = true;
            generation++;
        }

        @Override
        public void load() {
            loads++;
            open = false;
            generation++;
        }

        @Override
        public void attach(Guard g) {
            guard = g;
        }
    }

    /** A nexus as the medium state sees it: an initiator port, nothing else. */
    static NexusView nexus(String name) {
        InitiatorPortId id = new InitiatorPortId(name, ",i,0x1");
        return (NexusView) Proxy.newProxyInstance(NexusView.class.getClassLoader(), new Class<?>[] {NexusView.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "initiator":
                            return id;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return name;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void attachesItselfAsTheDevicesGuard() {
        Tray t = new Tray();
        MediumState m = MediumState.of("cd0", t);
        assertThat(t.guard).isSameAs(m);
        assertThat(m.isRemovable()).isTrue();
        assertThat(m.toString()).contains("cd0", "present");
    }

    @Test
    void pollReportsAChangeOnceAndOnlyWhenAMediumIsThereAfterIt() {
        Tray t = new Tray();
        MediumState m = MediumState.of("cd0", t);
        NexusView a = nexus("a");
        assertThat(m.poll()).isFalse();
        t.swap();
        assertThat(m.poll()).as("new medium: unit attention due").isTrue();
        assertThat(m.poll()).isFalse();
        assertThat(m.mediaEvent(a, true)).isEqualTo(MediumState.EVENT_NEW_MEDIA);
        t.eject();
        assertThat(m.poll()).as("removal: no unit attention").isFalse();
        assertThat(m.present()).isFalse();
        assertThat(m.trayOpen()).isTrue();
        assertThat(m.mediaEvent(a, true)).isEqualTo(MediumState.EVENT_MEDIA_REMOVAL);
        assertThat(m.mediaEvent(a, true)).isEqualTo(MediumState.EVENT_NO_CHANGE);
    }

    @Test
    void eventsAreReadPerNexusAndPeekingLeavesThem() {
        Tray t = new Tray();
        MediumState m = MediumState.of("cd0", t);
        NexusView a = nexus("a");
        NexusView b = nexus("b");
        t.swap();
        m.poll();
        assertThat(m.mediaEvent(a, false)).isEqualTo(MediumState.EVENT_NEW_MEDIA);
        assertThat(m.mediaEvent(a, true)).isEqualTo(MediumState.EVENT_NEW_MEDIA);
        assertThat(m.mediaEvent(a, true)).isEqualTo(MediumState.EVENT_NO_CHANGE);
        assertThat(m.mediaEvent(b, true)).isEqualTo(MediumState.EVENT_NEW_MEDIA);
        m.requestRemoval();
        assertThat(m.mediaEvent(b, true)).isEqualTo(MediumState.EVENT_EJECT_REQUEST);
        assertThat(m.mediaEvent(a, true)).isEqualTo(MediumState.EVENT_EJECT_REQUEST);
    }

    @Test
    void preventIsPerNexusAndEitherBitLocks() {
        Tray t = new Tray();
        MediumState m = MediumState.of("cd0", t);
        NexusView a = nexus("iqn.a");
        NexusView b = nexus("iqn.b");
        assertThat(m.removalPreventedBy()).isNull();
        m.preventAllow(a, true, false);
        m.preventAllow(b, true, true);
        assertThat(m.removalPreventedBy()).isEqualTo("initiators iqn.a,i,0x1, iqn.b,i,0x1");
        assertThat(m.ejectIfAllowed()).isFalse();
        m.preventAllow(a, false, false);
        assertThat(m.removalPreventedBy()).isEqualTo("initiator iqn.b,i,0x1");
        m.preventAllow(b, false, false);
        assertThat(m.removalPrevented()).as("the persistent prevent is cleared separately").isTrue();
        m.preventAllow(b, false, true);
        assertThat(m.removalPrevented()).isFalse();
        assertThat(m.ejectIfAllowed()).isTrue();
        assertThat(t.ejects).isEqualTo(1);
    }

    @Test
    void nexusLossAndResetEndThePrevent() {
        Tray t = new Tray();
        MediumState m = MediumState.of("cd0", t);
        NexusView a = nexus("a");
        NexusView b = nexus("b");
        m.preventAllow(a, true, false);
        m.preventAllow(b, true, true);
        m.nexusLost(a);
        assertThat(m.removalPreventedBy()).contains("b").doesNotContain("a,");
        m.reset();
        assertThat(m.removalPrevented()).isFalse();
    }

    @Test
    void theHostEjectIsRefusedWhilePreventedAndAsksTheInitiators() {
        Tray t = new Tray();
        MediumState m = MediumState.of("cd0", t);
        NexusView a = nexus("iqn.a");
        m.preventAllow(a, true, false);
        assertThatThrownBy(() -> m.hostEject(false))
                .isInstanceOf(MediumRemovalPreventedException.class)
                .hasMessageContaining("cd0").hasMessageContaining("iqn.a,i,0x1");
        assertThat(t.ejects).isZero();
        assertThat(m.mediaEvent(a, true)).isEqualTo(MediumState.EVENT_EJECT_REQUEST);
        m.hostEject(true);
        assertThat(t.ejects).isEqualTo(1);
        m.load();
        assertThat(t.loads).isEqualTo(1);
    }

    @Test
    void aFixedMediumIsAlwaysThere() {
        MediumState m = MediumState.fixed("cd0");
        assertThat(m.isRemovable()).isFalse();
        assertThat(m.present()).isTrue();
        assertThat(m.trayOpen()).isFalse();
        assertThat(m.poll()).isFalse();
        assertThatThrownBy(() -> m.hostEject(true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no removable medium");
    }
}
