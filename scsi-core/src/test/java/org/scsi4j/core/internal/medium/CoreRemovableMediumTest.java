package org.scsi4j.core.internal.medium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scsi4j.core.internal.medium.MediumStateTest.nexus;

import org.junit.jupiter.api.Test;
import org.scsi4j.core.internal.engine.NexusView;

class CoreRemovableMediumTest {

    @Test
    void ejectAndLoadFlipPresenceAndBumpTheGenerationOncePerChange() {
        CoreRemovableMedium m = new CoreRemovableMedium();
        assertThat(m.isMediumPresent()).isTrue();
        assertThat(m.isTrayOpen()).isFalse();
        long g = m.mediumGeneration();
        m.load();
        assertThat(m.mediumGeneration()).as("load of a loaded medium changes nothing").isEqualTo(g);
        m.eject();
        m.eject();
        assertThat(m.isMediumPresent()).isFalse();
        assertThat(m.isTrayOpen()).isTrue();
        assertThat(m.mediumGeneration()).isEqualTo(g + 1);
        m.load();
        assertThat(m.isMediumPresent()).isTrue();
        assertThat(m.mediumGeneration()).isEqualTo(g + 2);
    }

    @Test
    void theStateOverItRefusesEjectAndLoadWhilePreventedButNotTheHost() {
        CoreRemovableMedium m = new CoreRemovableMedium();
        MediumState s = MediumState.of("r0", m);
        assertThat(s.isRemovable()).isTrue();
        NexusView a = nexus("a");
        s.preventAllow(a, true, false);
        assertThat(s.ejectIfAllowed()).isFalse();
        assertThat(s.present()).isTrue();
        s.hostEject(true);
        assertThat(s.poll()).as("a removal posts no unit attention").isFalse();
        assertThat(s.present()).isFalse();
        assertThat(s.loadIfAllowed()).isFalse();
        assertThat(s.present()).isFalse();
        s.hostLoad();
        assertThat(s.poll()).as("a load posts MEDIUM MAY HAVE CHANGED").isTrue();
        assertThat(s.poll()).isFalse();
        s.nexusLost(a);
        assertThat(s.ejectIfAllowed()).isTrue();
        assertThat(s.loadIfAllowed()).isTrue();
        assertThat(s.poll()).isTrue();
    }
}
