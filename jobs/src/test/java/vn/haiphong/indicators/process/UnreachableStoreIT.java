package vn.haiphong.indicators.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An s3a:// lake or inbox that does not answer fails the night within the site's limit ({@code store.answer_within_s},
 * 30 s by default; 5 s here), naming the endpoint and no secret.
 */
class UnreachableStoreIT {
    static final String SECRET = "s3-secret-value-never-printed";

    /** A port nothing listens on: connections are refused, which an S3 client retries for minutes. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The site's limit in these nights: short, so that the test waits seconds rather than the default half minute. */
    static final int ANSWER_WITHIN_S = 5;

    CommandProcess night(Path work, String name, String lake, String inbox) throws IOException {
        int port = closedPort();
        Path conf = work.resolve(name + ".properties");
        Files.createDirectories(work);
        Files.writeString(conf, CommandProcess.SMALL_NIGHT_CONF + String.join("\n",
                "spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:" + port,
                "spark.hadoop.fs.s3a.endpoint.region=us-east-1",
                "spark.hadoop.fs.s3a.path.style.access=true",
                "spark.hadoop.fs.s3a.connection.ssl.enabled=false",
                "store.answer_within_s=" + ANSWER_WITHIN_S, ""));
        return CommandProcess.start(work, name, Map.of("CITY_INDICATORS_CONF", conf.toString(),
                        "CITY_INDICATORS_PSEUDONYM_KEY", "unreachable-test-key-0123456789",
                        "AWS_ACCESS_KEY_ID", "test-access-key-id", "AWS_SECRET_ACCESS_KEY", SECRET),
                "run", "--lake", lake, "--inbox", inbox);
    }

    @Test
    void anUnreachableLakeOrInboxFailsWithinTheSitesLimitNamingTheEndpoint(@TempDir Path work) throws IOException {
        Path inbox = SmallInbox.write(work.resolve("inbox"));
        // both nights at once: each spends its limit waiting for an answer, not working
        try (CommandProcess lake = night(work, "lake", "s3a://city-lake/prod", inbox.toString());
             CommandProcess box = night(work, "inbox", work.resolve("lake").toString(), "s3a://city-inbox/incoming")) {
            // the limit for the answer plus the JVM and Spark starting; the S3 client alone would retry for minutes
            assertEquals(2, lake.waitFor(Duration.ofSeconds(60)), lake.output());
            assertTrue(lake.output().contains("error: lake s3a://city-lake/prod did not answer within " + ANSWER_WITHIN_S + " s (endpoint http://127.0.0.1:")
                    || lake.output().contains("error: lake s3a://city-lake/prod cannot be reached (endpoint http://127.0.0.1:"), lake.output());
            assertFalse(lake.output().contains(SECRET), "no credential in the output");
            assertEquals(2, box.waitFor(Duration.ofSeconds(60)), box.output());
            assertTrue(box.output().contains("error: inbox s3a://city-inbox/incoming did not answer within " + ANSWER_WITHIN_S + " s (endpoint http://127.0.0.1:")
                    || box.output().contains("error: inbox s3a://city-inbox/incoming cannot be reached (endpoint http://127.0.0.1:"), box.output());
            assertFalse(box.output().contains(SECRET), "no credential in the output");
            assertFalse(Files.exists(work.resolve("lake").resolve("ops_file_ingestion")), "nothing ingested");
        }
    }
}
