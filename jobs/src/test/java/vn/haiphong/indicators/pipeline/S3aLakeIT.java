package vn.haiphong.indicators.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.haiphong.indicators.SparkTestBase;
import vn.haiphong.indicators.graph.Progress;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.privacy.Pseudonymizer;

/**
 * The same night on an {@code s3a://} lake, against a real S3 API server (s3proxy on 127.0.0.1,
 * filesystem backend) started as a separate process: only configuration differs from a local lake.
 */
class S3aLakeIT extends SparkTestBase {
    static final Path S3PROXY = Path.of("target", "s3proxy", "s3proxy.jar");
    @TempDir static Path tmp;
    static Process server;

    @BeforeAll
    static void startS3() throws Exception {
        assertTrue(Files.exists(S3PROXY), S3PROXY + " is copied by Maven (generate-test-resources)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(tmp.resolve("s3data"));
        Files.createDirectories(data.resolve("city-lake")); // a bucket is a folder of the filesystem backend
        Path props = tmp.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=test-access-key",
                "s3proxy.credential=test-secret-key",
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data), StandardCharsets.UTF_8);
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", S3PROXY.toString(), "--properties", props.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("s3proxy.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline || !server.isAlive()) {
                    throw new IllegalStateException("s3proxy did not start: " + Files.readString(tmp.resolve("s3proxy.log")));
                }
                Thread.sleep(200);
            }
        }
        // What a site file would say (spark.hadoop.fs.s3a.*); credentials would come from the environment.
        Configuration conf = spark().sparkContext().hadoopConfiguration();
        for (Map.Entry<String, String> e : Map.of(
                "fs.s3a.endpoint", "http://127.0.0.1:" + port,
                "fs.s3a.endpoint.region", "us-east-1",
                "fs.s3a.path.style.access", "true",
                "fs.s3a.connection.ssl.enabled", "false",
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "fs.s3a.access.key", "test-access-key",
                "fs.s3a.secret.key", "test-secret-key").entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
    }

    @AfterAll
    static void stopS3() {
        if (server != null) server.destroyForcibly();
    }

    @Test
    void aNightRunsUnchangedOnAnS3aLake() throws IOException {
        Path inbox = tmp.resolve("inbox");
        IngestRecoveryIT.write(inbox, "bhyt", "bhyt_the_2026-03.csv", IngestRecoveryIT.cards(4, "11311") + "oops\n");
        IngestRecoveryIT.write(inbox, "dan_so", "dan_so_2026.csv",
                "Mã xã,Tên xã,Năm,Dân số trung bình,Dân số từ 60 tuổi\n11311,Phường Hồng Bàng,2026,5,1\n");
        Lake lake = new Lake(spark(), "s3a://city-lake/prod");
        Pseudonymizer key = new Pseudonymizer("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        new NightlyJob(lake, Progress.quiet()).run(inbox.toString(), key, "s3-1", false);
        assertRows("ops on s3a", rows(row("bhyt_the_2026-03.csv", "ingested", 5L, 4L, 1L), row("dan_so_2026.csv", "ingested", 1L, 1L, 0L)),
                rowsToJava(lake.read("ops_file_ingestion").select("file_name", "status", "rows_read", "rows_accepted",
                        "rows_quarantined").orderBy("file_name").collectAsList()));
        assertRows("coverage on s3a", rows(row("11311", 4L, 5L, 80.0)),
                rowsToJava(lake.read("mart_health_insurance_monthly").where("area_code = '11311'")
                        .select("area_code", "insured_persons", "population", "coverage_pct").collectAsList()));
        try (var files = Files.walk(tmp.resolve("s3data").resolve("city-lake"))) {
            assertTrue(files.anyMatch(f -> f.toString().contains("mart_criteria_scorecard") && f.toString().contains("_delta_log")),
                    "the Delta log went through the S3 server into its bucket");
        }
        long version = lake.version("mart_criteria_scorecard");
        NightlyJob.Outcome again = new NightlyJob(lake, Progress.quiet()).run(inbox.toString(), key, "s3-2", false);
        assertEquals(0, again.ingest().newFiles().size());
        assertEquals(version, lake.version("mart_criteria_scorecard"), "rerun on s3a changes nothing");
    }

    @Test
    void theLakeLockHoldsOnS3aToo() {
        org.apache.hadoop.conf.Configuration conf = spark().sparkContext().hadoopConfiguration();
        String lake = "s3a://city-lake/locked";
        java.time.Duration ttl = java.time.Duration.ofMinutes(10);
        try (vn.haiphong.indicators.lake.LakeLock first = vn.haiphong.indicators.lake.LakeLock.acquire(lake, conf, "night-A", "night",
                ttl, java.time.Duration.ZERO, m -> { })) {
            vn.haiphong.indicators.lake.LakeLock.Busy busy = org.junit.jupiter.api.Assertions.assertThrows(
                    vn.haiphong.indicators.lake.LakeLock.Busy.class, () -> vn.haiphong.indicators.lake.LakeLock.acquire(lake, conf,
                            "night-B", "night", ttl, java.time.Duration.ZERO, m -> { }));
            assertTrue(busy.getMessage().contains("is in use by night night-A"), busy.getMessage());
            assertTrue(Files.exists(tmp.resolve("s3data/city-lake/locked/_city_indicators/lock.json")), "the lease is an object in the bucket");
        }
        try (vn.haiphong.indicators.lake.LakeLock next = vn.haiphong.indicators.lake.LakeLock.acquire(lake, conf, "night-C", "night",
                ttl, java.time.Duration.ZERO, m -> { })) {
            assertEquals(null, next.lost(), "released, then taken by the next night");
        }
    }
}
