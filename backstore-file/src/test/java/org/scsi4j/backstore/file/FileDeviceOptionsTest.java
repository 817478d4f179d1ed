package org.scsi4j.backstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileDeviceOptionsTest {

    private static final Path PATH = Path.of("disk.img");

    @Test
    void defaults() {
        FileDeviceOptions o = FileDeviceOptions.builder(PATH).build();
        assertThat(o.sizeBytes()).isEqualTo(FileDeviceOptions.SIZE_FROM_FILE);
        assertThat(o.blockSize()).isEqualTo(512);
        assertThat(o.workerThreads()).isEqualTo(2);
        assertThat(o.readOnly() || o.direct() || o.writeThrough() || o.create()).isFalse();
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of((UnaryOperator<FileDeviceOptions.Builder>) b -> b.blockSize(1024), "blockSize"),
                Arguments.of((UnaryOperator<FileDeviceOptions.Builder>) b -> b.size(1000), "size"),
                Arguments.of((UnaryOperator<FileDeviceOptions.Builder>) b -> b.size(-512), "size"),
                Arguments.of((UnaryOperator<FileDeviceOptions.Builder>) b -> b.create(true), "create needs a size"),
                Arguments.of((UnaryOperator<FileDeviceOptions.Builder>) b -> b.create(true).size(4096).readOnly(true),
                        "readOnly"),
                Arguments.of((UnaryOperator<FileDeviceOptions.Builder>) b -> b.workerThreads(0), "workerThreads"));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void aBadSettingFailsAndNamesItself(UnaryOperator<FileDeviceOptions.Builder> setting, String named) {
        assertThatThrownBy(() -> setting.apply(FileDeviceOptions.builder(PATH)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }
}
