package vn.haiphong.indicators.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {
    static final Path SAMPLES = Path.of("..", "data-samples", "inbox");

    @Test
    void theCommittedSamplesAreExactlyWhatTheGeneratorWrites(@TempDir Path tmp) throws Exception {
        new SampleGenerator(20260101L).writeSamples(tmp);
        List<Path> expected = list(SAMPLES);
        assertEquals(expected, list(tmp), "same files");
        for (Path f : expected) {
            assertArrayEquals(Files.readAllBytes(SAMPLES.resolve(f)), Files.readAllBytes(tmp.resolve(f)),
                    f + " differs: regenerate with bin/city-indicators generate --out data-samples/inbox");
        }
    }

    static List<Path> list(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
