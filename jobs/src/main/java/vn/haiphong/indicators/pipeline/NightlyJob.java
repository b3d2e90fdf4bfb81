package vn.haiphong.indicators.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import vn.haiphong.indicators.cli.Progress;
import vn.haiphong.indicators.conform.HealthConform;
import vn.haiphong.indicators.conform.LatestState;
import vn.haiphong.indicators.marts.HousingMarts;
import vn.haiphong.indicators.marts.IndicatorMarts;
import vn.haiphong.indicators.marts.SchoolMarts;
import vn.haiphong.indicators.marts.TourismMarts;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.criteria.Scorecard;
import vn.haiphong.indicators.forecast.ForecastJob;
import vn.haiphong.indicators.forecast.ForecastStage;
import vn.haiphong.indicators.ingest.ExtractSpec;
import vn.haiphong.indicators.ingest.IngestJob;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.Tables;
import vn.haiphong.indicators.marts.HealthMarts;
import vn.haiphong.indicators.privacy.Pseudonymizer;
import vn.haiphong.indicators.reference.Communes;

/**
 * The night: ingest (bronze) -> conform (silver) -> marts (gold) -> scorecard and forecasts. Thin: every figure
 * comes from the named transformations in {@code conform}, {@code marts} and {@code criteria}; this
 * class reads and writes around them, and skips what its inputs have not changed.
 */
public final class NightlyJob {
    /** Bump when a transformation changes meaning, so existing derived tables are rebuilt. */
    static final String LOGIC_VERSION = "v3-all-sources";
    public static final String SILVER_INSURED = "silver_insured_commune_month";
    public static final String SILVER_STATIONS = "silver_health_stations";
    public static final String SILVER_POPULATION = "silver_population";

    /** What a night did, for the summary. */
    public record Outcome(IngestJob.Result ingest, List<String> periodsConformed, List<String> tablesRebuilt,
                          List<String> tablesUnchanged, Map<String, Long> scorecardStatus) { }

    private final Lake lake;
    private final SparkSession spark;
    private final Map<String, ExtractSpec> specs;
    private final Communes communes;
    private final CriteriaCatalog catalog;
    private final Progress progress;

    public NightlyJob(Lake lake, Progress progress) {
        this.lake = lake;
        this.spark = lake.spark();
        this.specs = ExtractSpec.loadAll();
        this.communes = Communes.load();
        this.catalog = CriteriaCatalog.load();
        this.progress = progress;
    }

    public Outcome run(String inbox, Pseudonymizer pseudonymizer, String runId, boolean rebuild) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Asia/Ho_Chi_Minh"));
        progress.stage("ingest");
        IngestJob.Result ingest = new IngestJob(lake, specs, communes, pseudonymizer, runId, now, today, progress).run(inbox);
        if (!lake.exists(IngestJob.OPS_TABLE)) {
            progress.step("nothing ingested yet; no marts to build");
            return new Outcome(ingest, List.of(), List.of(), List.of(), Map.of());
        }
        List<Row> active = IngestJob.activeDeliveries(lake).collectAsList();
        String salt = rebuild ? runId : "";
        List<String> rebuilt = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();

        progress.stage("conform");
        List<String> periods = conformCards(active, rebuild);
        Dataset<Row> codeMap = communes.codeMap(spark);
        record(rebuilt, unchanged, SILVER_STATIONS, lake.overwriteIfChanged(SILVER_STATIONS,
                HealthConform.stationsByCommune(activeBronze("bhyt_tram_y_te"), codeMap),
                fingerprint(active, salt, "bhyt_tram_y_te")));
        record(rebuilt, unchanged, SILVER_POPULATION, lake.overwriteIfChanged(SILVER_POPULATION,
                HealthConform.populationByCommune(activeBronze("dan_so"), codeMap),
                fingerprint(active, salt, "dan_so")));

        for (LatestState source : LatestState.ALL) {
            // A source never delivered gets no tables: its marts are not built and its criteria show no_data.
            if (!delivered(active, source.kind()) && !lake.exists(source.table())) continue;
            record(rebuilt, unchanged, source.table(), lake.mergeByKey(source.table(),
                    () -> source.latest(activeBronze(source.kind()), codeMap), source.keys(), fingerprint(active, salt, source.kind())));
        }

        progress.stage("marts");
        String healthInputs = fingerprint(active, salt, "bhyt_the", "bhyt_tram_y_te", "dan_so");
        Dataset<Row> insured = lake.exists(SILVER_INSURED) ? lake.read(SILVER_INSURED)
                : spark.emptyDataFrame().select(lit("").as("period"), lit("").as("commune_code"), lit(0L).as("insured_persons"));
        record(rebuilt, unchanged, Tables.MART_HEALTH_INSURANCE_MONTHLY.table,
                lake.overwriteIfChanged(Tables.MART_HEALTH_INSURANCE_MONTHLY.table,
                        HealthMarts.monthly(insured, lake.read(SILVER_STATIONS), lake.read(SILVER_POPULATION),
                                communes.currentCommunes(spark)), healthInputs));

        Dataset<Row> communeNames = communes.currentCommunes(spark);
        martIfChanged(rebuilt, unchanged, Tables.MART_SCHOOLS_YEARLY, active, salt, List.of("silver_schools"),
                () -> SchoolMarts.yearly(lake.read("silver_schools"), communeNames), "truong_hoc");
        martIfChanged(rebuilt, unchanged, Tables.MART_MODEL_SCHOOLS, active, salt, List.of("silver_schools", "silver_school_assessments"),
                () -> SchoolMarts.modelSchools(lake.read("silver_school_assessments"), lake.read("silver_schools")),
                "truong_hoc", "danh_gia_xhcn");
        martIfChanged(rebuilt, unchanged, Tables.MART_SOCIAL_HOUSING, active, salt, List.of("silver_sh_projects"),
                () -> HousingMarts.yearly(lake.read("silver_sh_projects"), communeNames), "noxh_du_an");
        martIfChanged(rebuilt, unchanged, Tables.MART_SOCIAL_HOUSING_APPLICATIONS, active, salt, List.of("silver_sh_applications"),
                () -> HousingMarts.applications(lake.read("silver_sh_applications"), deliveredMonths(active, "noxh_ho_so")),
                "noxh_ho_so");
        martIfChanged(rebuilt, unchanged, Tables.MART_TOURISM_PLASTICS, active, salt,
                List.of("silver_tourism_inspections", "silver_plastic_weighings"),
                () -> TourismMarts.plastics(lake.read("silver_tourism_inspections"), lake.read("silver_plastic_weighings"),
                        deliveredMonths(active, "co_so_du_lich", "rac_nhua")), "co_so_du_lich", "rac_nhua");
        martIfChanged(rebuilt, unchanged, Tables.MART_CITY_INDICATORS, active, salt, List.of("silver_city_indicators"),
                () -> IndicatorMarts.cityIndicators(lake.read("silver_city_indicators")), "chi_tieu_kt_xh");

        progress.stage("criteria");
        String scoreInputs = fingerprint(active, salt, specs.keySet().toArray(String[]::new)) + "|catalog:" + catalog.fingerprint();
        if (scoreInputs.equals(lake.lastCommitMetadata(Tables.MART_FORECAST.table))
                && scoreInputs.equals(lake.lastCommitMetadata(Tables.MART_CRITERIA_SCORECARD.table))) {
            // Nothing the scorecard or the forecasts read has changed: neither is computed again.
            record(rebuilt, unchanged, Tables.MART_FORECAST.table, false);
            record(rebuilt, unchanged, Tables.MART_CRITERIA_SCORECARD.table, false);
        } else {
            scoreAndForecast(scoreInputs, rebuilt, unchanged);
        }
        Map<String, Long> status = new TreeMap<>();
        for (Row r : lake.read(Tables.MART_CRITERIA_SCORECARD.table).groupBy("status").count().collectAsList()) {
            status.put(r.getString(0), r.getLong(1));
        }
        return new Outcome(ingest, periods, rebuilt, unchanged, status);
    }

    /**
     * Re-conforms the card months whose active delivery differs from the one silver was built from
     * (a new month, a _v2 correction, or a run that died before finishing silver).
     */
    private List<String> conformCards(List<Row> active, boolean rebuild) {
        Map<String, String> activeByPeriod = new TreeMap<>();
        for (Row r : active) if (r.getString(0).equals("bhyt_the")) activeByPeriod.put(r.getString(1), r.getString(3));
        Set<String> built = new HashSet<>();
        if (lake.exists(SILVER_INSURED) && !rebuild) {
            for (Row r : lake.read(SILVER_INSURED).select("period", "_checksum").distinct().collectAsList()) {
                built.add(r.getString(0) + "|" + r.getString(1));
            }
        }
        List<String> stale = activeByPeriod.entrySet().stream()
                .filter(e -> !built.contains(e.getKey() + "|" + e.getValue())).map(Map.Entry::getKey).toList();
        if (stale.isEmpty()) {
            progress.step("health insurance cards: all months up to date");
            return List.of();
        }
        progress.step("health insurance cards: conforming " + String.join(", ", stale));
        String where = "period IN " + Lake.inList(stale);
        Dataset<Row> deliveries = IngestJob.activeDeliveries(lake).where(col("kind").equalTo("bhyt_the"));
        Dataset<Row> cards = HealthConform.activeRows(lake.read("bronze_bhyt_the").where(where), deliveries);
        Dataset<Row> counts = HealthConform.insuredCounts(HealthConform.insuredPersons(cards, communes.codeMap(spark)))
                .join(org.apache.spark.sql.functions.broadcast(deliveries.select(col("period"),
                        col("file_name").as("_source_file"), col("checksum").as("_checksum"))), "period");
        lake.replaceWhere(SILVER_INSURED, counts, where, "period");
        progress.step(SILVER_INSURED + " written");
        return stale;
    }

    /** The criteria and forecast stages: metric values, scorecard, forecasts, and the scorecard's outlook. */
    private void scoreAndForecast(String scoreInputs, List<String> rebuilt, List<String> unchanged) {
        List<String> metrics = catalog.targets().stream().map(CriteriaCatalog.Target::metric).distinct().toList();
        Map<String, Dataset<Row>> marts = new java.util.HashMap<>();
        for (Tables t : List.of(Tables.MART_HEALTH_INSURANCE_MONTHLY, Tables.MART_SCHOOLS_YEARLY, Tables.MART_SOCIAL_HOUSING,
                Tables.MART_TOURISM_PLASTICS, Tables.MART_CITY_INDICATORS)) {
            if (lake.exists(t.table)) marts.put(t.table, lake.read(t.table));
        }
        // Model-school criteria are per school and for the city (see SchoolMarts.modelSchoolMetrics).
        if (lake.exists(Tables.MART_MODEL_SCHOOLS.table)) {
            marts.put(Tables.MART_MODEL_SCHOOLS.table, SchoolMarts.modelSchoolMetrics(
                    lake.read(Tables.MART_MODEL_SCHOOLS.table), lake.read("silver_schools")));
        }
        // Small (one row per metric, area and period): kept on the driver so that the scorecard, the
        // series and the outlook do not each re-plan a union of every mart.
        Dataset<Row> values = materialise(Scorecard.metricValues(metrics, marts));
        Dataset<Row> areas = communes.currentCommunes(spark).withColumn("area_level", lit("commune"))
                .unionByName(spark.range(1).select(lit("city").as("area_level"), lit(Communes.CITY_CODE).as("area_code"),
                        lit(Communes.CITY_NAME).as("area_name")))
                .unionByName(Scorecard.otherAreas(values));
        Dataset<Row> scorecard = materialise(Scorecard.build(catalog.toDataFrame(spark), values, areas));

        progress.stage("forecast");
        Dataset<Row> series = ForecastStage.series(scorecard, catalog, spark);
        record(rebuilt, unchanged, Tables.MART_FORECAST.table, lake.overwriteIfChanged(Tables.MART_FORECAST.table,
                ForecastJob.forecast(series, ForecastStage.targets(catalog), ForecastStage.HORIZON), scoreInputs));
        record(rebuilt, unchanged, Tables.MART_CRITERIA_SCORECARD.table,
                lake.overwriteIfChanged(Tables.MART_CRITERIA_SCORECARD.table,
                        ForecastStage.enrich(scorecard, series, lake.read(Tables.MART_FORECAST.table), catalog, spark),
                        scoreInputs));
    }

    private Dataset<Row> materialise(Dataset<Row> small) {
        return spark.createDataFrame(small.collectAsList(), small.schema());
    }

    private static boolean delivered(List<Row> active, String kind) {
        return active.stream().anyMatch(r -> r.getString(0).equals(kind));
    }

    /**
     * Builds a mart unless its inputs are unchanged ({@link Lake#overwriteIfChanged}), or missing (its
     * source never delivered); an unchanged mart's inputs are not even read.
     */
    private void martIfChanged(List<String> rebuilt, List<String> unchanged, Tables mart, List<Row> active, String salt,
                               List<String> silverInputs, java.util.function.Supplier<Dataset<Row>> build, String... kinds) {
        if (!silverInputs.stream().allMatch(lake::exists)) return;
        record(rebuilt, unchanged, mart.table, lake.overwriteIfChanged(mart.table, build, fingerprint(active, salt, kinds)));
    }

    /** The months of the active deliveries of these kinds, as (period). */
    private Dataset<Row> deliveredMonths(List<Row> active, String... kinds) {
        Set<String> wanted = Set.of(kinds);
        List<Row> months = active.stream().filter(r -> wanted.contains(r.getString(0)))
                .map(r -> org.apache.spark.sql.RowFactory.create(r.getString(1))).distinct().toList();
        return spark.createDataFrame(months, new org.apache.spark.sql.types.StructType().add("period",
                org.apache.spark.sql.types.DataTypes.StringType));
    }

    private Dataset<Row> activeBronze(String kind) {
        ExtractSpec spec = specs.get(kind);
        Dataset<Row> bronze = lake.exists(spec.bronzeTable()) ? lake.read(spec.bronzeTable())
                : spark.createDataFrame(Collections.emptyList(), spec.bronzeSchema());
        Dataset<Row> deliveries = IngestJob.activeDeliveries(lake).where(col("kind").equalTo(kind));
        return HealthConform.activeRows(bronze, deliveries);
    }

    /** Identifies the inputs of a derived table: logic version plus the active deliveries of its kinds. */
    static String fingerprint(List<Row> active, String salt, String... kinds) {
        List<String> parts = new ArrayList<>();
        Set<String> wanted = Set.of(kinds);
        for (Row r : active) if (wanted.contains(r.getString(0))) parts.add(r.getString(1) + ":" + r.getString(3));
        Collections.sort(parts);
        return LOGIC_VERSION + salt + "|" + String.join(",", kinds) + "|" + sha256(String.join(";", parts));
    }

    private void record(List<String> rebuilt, List<String> unchanged, String table, boolean written) {
        (written ? rebuilt : unchanged).add(table);
        progress.step(table + (written ? " rebuilt" : " unchanged"));
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
