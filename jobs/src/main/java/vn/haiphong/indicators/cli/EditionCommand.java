package vn.haiphong.indicators.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import vn.haiphong.indicators.config.PipelineConfig;
import vn.haiphong.indicators.config.SparkSessions;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.LakeLock;
import vn.haiphong.indicators.pipeline.LakeTables;
import vn.haiphong.indicators.pipeline.NightSinks;
import vn.haiphong.indicators.quality.Completeness;
import vn.haiphong.indicators.report.EditionPeriod;
import vn.haiphong.indicators.report.Editions;

/** {@code edition}: make a dated, frozen report; {@code edition list}; {@code edition verify ID}. See {@link Editions}. */
@Command(name = "edition", mixinStandardHelpOptions = true,
        description = {"Make an edition: a dated report the city files, frozen and reproducible, in <lake>/_editions/<kind>/<period>/<id>/:",
                "index.html (Vietnamese, English switch), report.pdf (A4, contents, page numbers), data/ (every figure, what changed",
                "since the previous edition and which delivery changed it), inputs/ (the tables read) and manifest.json.",
                "Making the same kind and period again makes v2, v3... The last line printed is the edition's folder.",
                "Needs Chromium (Debian: apt-get install chromium) to print the PDF."},
        subcommands = {EditionCommand.ListEditions.class, EditionCommand.Verify.class})
final class EditionCommand implements Callable<Integer> {
    @Option(names = "--kind", paramLabel = "KIND", description = "month, quarter, half-year, year, commune-scoring or review.")
    String kind;
    @Option(names = "--period", paramLabel = "P", description = "2026-03 (month), 2026-Q1, 2026-H1, 2026 (year, commune-scoring), 2027 or 2030 (review).")
    String period;
    @Option(names = "--as-of", paramLabel = "TIME", description = {"The lake as it was then: 2027-01-15 (the end of that day in Hai Phong),",
            "2027-01-15T09:00 (Hai Phong's time) or 2027-01-15T02:00:00Z. Default: now."})
    String asOf;
    @Option(names = "--lake", paramLabel = "DIR", description = "Lake path (default: lake/ in the checkout).")
    String lake;
    @Option(names = "--wait", description = "When a night holds the lake, wait for it (up to 12 hours) instead of refusing.")
    boolean waitForLock;

    @Override
    public Integer call() throws Exception {
        if (kind == null || period == null) {
            throw new IllegalArgumentException("edition needs --kind and --period (or: edition list, edition verify ID)");
        }
        EditionPeriod p = EditionPeriod.parse(kind, period);
        Instant moment = asOf == null ? null : parseAsOf(asOf);
        PipelineConfig config = PipelineConfig.load(System.getenv(), lake, null);
        CriteriaCatalog catalog = Main.catalog(config);
        ConsoleProgress progress = new ConsoleProgress(System.err);
        String owner = "edition-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
        try (SparkSession spark = SparkSessions.create(config, "city-indicators edition")) {
            Lake l = new Lake(spark, config.lake());
            if (!Main.hasGold(l)) return 1;
            progress.stage("edition " + p.kind().id + " " + p.period() + (moment == null ? "" : " as of " + moment));
            // the lock: no night commits while the versions are chosen and the edition's number is taken
            try (LakeLock lock = LakeLock.acquire(l.base(), spark.sparkContext().hadoopConfiguration(), owner, "edition",
                    Duration.ofMinutes(10), waitForLock ? Duration.ofHours(12) : Duration.ZERO, progress::step)) {
                l.refresh();
                Editions.Made made = Editions.make(l, p, moment, context(catalog));
                System.out.println("edition " + made.id() + ": " + made.figures() + " figures, "
                        + (made.previousId() == null ? "the first of its kind" : made.changes() + " changed since " + made.previousId()));
                System.out.println(made.folder());
            }
        }
        return 0;
    }

    static Editions.Context context(CriteriaCatalog catalog) {
        return NightSinks.editionContext(new LakeTables(vn.haiphong.indicators.ingest.ExtractSpec.loadAll(),
                vn.haiphong.indicators.reference.Communes.load(), catalog), catalog);
    }

    /** An instant; a local date-time or a date (its end) on Hai Phong's clock. */
    static Instant parseAsOf(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).atZone(Completeness.CITY_ZONE).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).plusDays(1).atStartOfDay(Completeness.CITY_ZONE).toInstant().minusMillis(1);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("--as-of '" + text + "': a date (2027-01-15), a time in Hai Phong (2027-01-15T09:00) "
                            + "or an instant (2027-01-15T02:00:00Z)");
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the lake's editions: id, kind, period, as of, made, folder.")
    static final class ListEditions implements Callable<Integer> {
        @Option(names = "--lake", paramLabel = "DIR", description = "Lake path (default: lake/ in the checkout).")
        String lake;

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, null);
            try (SparkSession spark = SparkSessions.create(config, "city-indicators edition list")) {
                List<Editions.Listed> all = Editions.list(new Lake(spark, config.lake()));
                if (all.isEmpty()) System.out.println("no editions in " + config.lake() + " (bin/city-indicators edition --kind K --period P)");
                for (Editions.Listed e : all) {
                    System.out.printf("%-28s %-16s %-8s as of %s  made %s  %s%n", e.id(), e.kind(), e.period(), city(e.asOf()), city(e.madeAt()), e.folder());
                }
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Re-read the table versions an edition names (or the copy kept with it, where the lake no longer has them),",
                    "rebuild its figures and changes, and compare them and every file's checksum with the edition.",
                    "Exits 0 printing 'reproduced', or 1 listing each difference."})
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The edition's id, as edition list prints it (year-2026-v1).")
        String id;
        @Option(names = "--lake", paramLabel = "DIR", description = "Lake path (default: lake/ in the checkout).")
        String lake;

        @Override
        public Integer call() throws Exception {
            PipelineConfig config = PipelineConfig.load(System.getenv(), lake, null);
            CriteriaCatalog catalog = Main.catalog(config);
            try (SparkSession spark = SparkSessions.create(config, "city-indicators edition verify")) {
                Lake l = new Lake(spark, config.lake());
                Editions.Verified v = Editions.verify(l, id, context(catalog));
                v.readFrom().forEach((table, from) -> System.out.println("  " + table + ": " + from));
                System.out.println("  code: made by " + Editions.find(l, id).manifest().path("code_version").asText() + ", verified by "
                        + Editions.codeVersion());
                if (v.reproduced()) {
                    System.out.println("reproduced");
                    return 0;
                }
                System.out.println(v.differences().size() + " difference(s):");
                v.differences().forEach(d -> System.out.println("  " + d));
                return 1;
            }
        }
    }

    private static String city(Instant i) {
        return i.atZone(Completeness.CITY_ZONE).toLocalDateTime().withNano(0).toString().replace('T', ' ');
    }
}
