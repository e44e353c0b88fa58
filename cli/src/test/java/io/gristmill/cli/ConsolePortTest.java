package io.gristmill.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsolePortTest {
    private final ConsolePort.Converter converter = new ConsolePort.Converter();

    @Test
    void aPortIsTriedFirst_thenTheNextFifteen() {
        assertEquals(IntStream.rangeClosed(4040, 4055).boxed().toList(), converter.convert("4040").candidates());
    }

    @Test
    void theSearchStopsAtTheLastPort() {
        assertEquals(List.of(65534, 65535), converter.convert("65534").candidates());
    }

    @Test
    void zeroIsOff_andAnyIsAnyFreePort() {
        assertTrue(converter.convert("0").isOff());
        assertEquals(List.of(0), converter.convert("ANY").candidates());
    }

    @Test
    void otherTextAndPortsOutOfRange_areRefused() {
        for (String bad : List.of("-1", "65536", "auto", "")) {
            assertThrows(TypeConversionException.class, () -> converter.convert(bad), bad);
        }
    }
}
