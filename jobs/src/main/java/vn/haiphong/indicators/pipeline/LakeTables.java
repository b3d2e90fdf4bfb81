package vn.haiphong.indicators.pipeline;

import static vn.haiphong.indicators.lake.TableNames.*;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.conform.HealthConform;
import vn.haiphong.indicators.conform.LatestState;
import vn.haiphong.indicators.criteria.CompositeIndex;
import vn.haiphong.indicators.quality.Completeness;
import vn.haiphong.indicators.quality.DeliveryCalendar;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.criteria.IndexMart;
import vn.haiphong.indicators.criteria.ModelSummary;
import vn.haiphong.indicators.criteria.Scorecard;
import vn.haiphong.indicators.forecast.ForecastJob;
import vn.haiphong.indicators.forecast.ForecastStage;
import vn.haiphong.indicators.graph.Inputs;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.graph.WriteMode;
import vn.haiphong.indicators.ingest.DeliveryProfile;
import vn.haiphong.indicators.ingest.ExtractSpec;
import vn.haiphong.indicators.ingest.IngestJob;
import vn.haiphong.indicators.marts.AssessmentMarts;
import vn.haiphong.indicators.marts.HealthMarts;
import vn.haiphong.indicators.marts.HousingMarts;
import vn.haiphong.indicators.marts.IndicatorMarts;
import vn.haiphong.indicators.marts.SchoolMarts;
import vn.haiphong.indicators.marts.TourismMarts;
import vn.haiphong.indicators.quality.AnomalyChecks;
import vn.haiphong.indicators.quality.DeliveryMetrics;
import vn.haiphong.indicators.quality.QualitySeries;
import vn.haiphong.indicators.reference.Communes;

/**
 * Every table of the lake, declared once: what it reads, the transformation that builds it, how it is
 * written and whether it is exported. The runner ({@link vn.haiphong.indicators.graph.GraphRunner}), the
 * export, the scorecard's marts and the tests all take their lists from here.
 *
 * <p>A new mart is one transformation (in {@code marts}) plus one declaration in {@link #marts}; its
 * criteria are lines in {@code conf/criteria.csv} naming {@code <mart>.<column>}.
 */
public final class LakeTables {

    private final Communes communes;
    private final CriteriaCatalog catalog;
    private final DeliveryCalendar calendar;
    private final Map<String, ExtractSpec> specs;
    private final List<TableDef> tables = new ArrayList<>();

    public LakeTables(Map<String, ExtractSpec> specs, Communes communes, CriteriaCatalog catalog) {
        this(specs, communes, catalog, DeliveryCalendar.load(null));
    }

    /** @param calendar the delivery calendar (the built-in one, or it with a site calendar on top) */
    public LakeTables(Map<String, ExtractSpec> specs, Communes communes, CriteriaCatalog catalog, DeliveryCalendar calendar) {
        this.communes = communes;
        this.catalog = catalog;
        this.calendar = calendar;
        this.specs = specs;
        // The ingest as steps of the graph, given the night's IngestJob: each kind's new files to its bronze table (side
        // by side; a kind whose checks look up another kind's rows after that kind), then the ledger, which records
        // every file (its bad rows in the quarantine, its profile) and answers the deliveries in force.
        for (ExtractSpec spec : specs.values()) {
            tables.add(TableDef.bronze(spec.kind(), spec.bronzeSchema(), spec.description())
                    .from(spec.referencedKinds().stream().map(k -> specs.get(k).bronzeTable()).toArray(String[]::new))
                    .writtenBy(in -> in.night(IngestJob.class).bronze(spec)));
        }
        tables.add(TableDef.ops(OPS_FILE_INGESTION, "One row per delivered file: status, rows read / accepted / quarantined")
                .from(specs.values().stream().map(ExtractSpec::bronzeTable).toArray(String[]::new))
                .recordsDeliveries(in -> in.night(IngestJob.class).ledger())
                .exportOrderedBy("source", "kind", "period", "file_name", "checksum"));
        tables.add(TableDef.ops(OPS_QUARANTINE, "Rows that broke a rule: file, line, rules, reason, masked raw text")
                .writtenWith(OPS_FILE_INGESTION).exportOrderedBy("source", "file_name", "checksum", "line_number"));
        tables.add(TableDef.ops(OPS_DELIVERY_PROFILES, "Per delivered file, the profile of its bronze rows as they were written: "
                + "rows, nulls per column, sums of counts and amounts").writtenWith(OPS_FILE_INGESTION));
        // written by the editions (a night's sink or the edition command); declared so that the report and the publish
        // see them move
        tables.add(TableDef.recorded(OPS_EDITIONS, "Every edition made: kind, period, version, when, where",
                "editions"));
        tables.add(TableDef.recorded(OPS_EDITION_FIGURES, "The city's figures and the commune ranking as each "
                + "edition printed them", "editions"));
        silver();
        marts();
        scorecard();
        quality();
    }

    /** The declarations of the default contracts, communes and catalog. */
    public static LakeTables load() {
        return new LakeTables(ExtractSpec.loadAll(), Communes.load(), CriteriaCatalog.load());
    }

    public List<TableDef> all() { return List.copyOf(tables); }

    /**
     * The tables a night needs to bring {@code targets} up to date: the ingested ones (the ingest's steps run whole) and
     * the targets with everything they read, down to bronze; in declaration order.
     */
    public List<TableDef> upTo(java.util.Collection<String> targets) {
        Set<String> needed = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(targets);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (name.startsWith(TableDef.KIND) || !needed.add(name)) continue;
            todo.addAll(get(name).allInputs());
        }
        return tables.stream().filter(t -> !t.builtByRunner() || needed.contains(t.name())).toList();
    }

    /**
     * The statistics office's indicators that are city-wide targets about units, by how their units roll up: the city
     * figure, when delivered, is checked against its units' figures (ops_alerts, {@code city_vs_units}).
     */
    Map<String, String> cityRollUps() {
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = "mart_city_indicators.value?indicator_code=";
        for (CriteriaCatalog.Target t : catalog.targets()) {
            if (t.metric().startsWith(prefix) && t.rollsUpFromCommunes()) out.put(t.metric().substring(prefix.length()), t.judgement().fromUnits());
        }
        return out;
    }

    /** The exported tables (CSV, Parquet), in declaration order. */
    public List<TableDef> exported() {
        return tables.stream().filter(TableDef::exported).toList();
    }

    /** The table list of docs/architecture.md: name, layer, what it reads, how it is written, what it holds. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("| table | layer | reads | written by | what |\n|---|---|---|---|---|\n");
        for (TableDef t : tables) {
            String inputs = String.join(", ", t.allInputs().stream().map(i -> "`" + i + "`").toList());
            String reads = t.kind() != null ? "files `" + t.kind() + "`" + (inputs.isEmpty() ? "" : "; its checks, " + inputs)
                    : t.ledgerStep() != null ? "the inbox, after every kind's step"
                    : t.allInputs().isEmpty() ? "the inbox" : inputs;
            String write = "overwrite";
            if (t.write() instanceof WriteMode.Ingested) {
                write = t.step() != null ? "its kind's ingest step" : t.ledgerStep() != null ? "the ledger's step"
                        : t.writtenWith() != null ? "the step of `" + t.writtenWith() + "`" : "ingest";
            }
            if (t.write() instanceof WriteMode.Recorded r) {
                reads = "the marts, as an edition printed them";
                write = r.by();
            }
            if (t.write() instanceof WriteMode.InMemory) write = "memory (not stored)";
            if (t.write() instanceof WriteMode.MergeByKey m) write = "merge on " + String.join(", ", m.keys());
            if (t.write() instanceof WriteMode.ReplaceByDelivery r) write = "replace changed " + r.partitionColumn() + "s";
            sb.append("| `").append(t.name()).append("` | ").append(t.layer().name().toLowerCase(java.util.Locale.ROOT))
                    .append(t.exported() ? ", exported" : "").append(" | ").append(reads).append(" | ").append(write)
                    .append(" | ").append(t.description()).append(" |\n");
        }
        return sb.toString();
    }

    public TableDef get(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + name + " is declared"));
    }

    private void silver() {
        tables.add(TableDef.silver(SILVER_INSURED, "Card holders per month, commune, sex and birth year: insured persons and all persons with a card")
                .from(TableDef.KIND + "bhyt_the")
                .replaceByDelivery("bhyt_the", "period")
                .build(in -> {
                    Dataset<Row> cards = in.activeRows("bhyt_the").where(col("period").isin(in.stalePartitions().toArray()));
                    Dataset<Row> counts = HealthConform.insuredCounts(HealthConform.cardHolders(cards, communes.codeMap(in.spark())));
                    return counts.join(broadcast(in.deliveriesFrame("bhyt_the").select(col("period"),
                            col("file_name").as("_source_file"), col("checksum").as("_checksum"))), "period");
                }));
        tables.add(TableDef.silver(SILVER_STATIONS, "Commune health station activity per month, 2025 communes")
                .from(TableDef.KIND + "bhyt_tram_y_te").evenWhenUndelivered()
                .build(in -> HealthConform.stationsByCommune(in.activeRows("bhyt_tram_y_te"), communes.codeMap(in.spark()))));
        tables.add(TableDef.silver(SILVER_POPULATION, "Average population per year, 2025 communes")
                .from(TableDef.KIND + "dan_so").evenWhenUndelivered()
                .build(in -> HealthConform.populationByCommune(in.activeRows("dan_so"), communes.codeMap(in.spark()))));
        for (LatestState source : LatestState.ALL) {
            tables.add(TableDef.silver(source.table(), "Latest state per " + String.join(", ", source.keys()) + " of " + source.kind())
                    .from(TableDef.KIND + source.kind())
                    .mergeByKey(source.keys().toArray(String[]::new))
                    .build(in -> source.latest(in.activeRows(source.kind()), communes.codeMap(in.spark()))));
        }
    }

    private void marts() {
        tables.add(TableDef.gold(MART_HEALTH_INSURANCE_MONTHLY, "Health insurance and station figures per area and month")
                .from(SILVER_STATIONS, SILVER_POPULATION).fromIfPresent(List.of(SILVER_INSURED))
                .build(in -> HealthMarts.monthly(in.has(SILVER_INSURED) ? in.table(SILVER_INSURED) : noInsured(in.spark()),
                        in.table(SILVER_STATIONS), in.table(SILVER_POPULATION), communes.currentCommunes(in.spark())))
                .exportOrderedBy("area_level", "area_code", "period"));
        tables.add(TableDef.gold("mart_schools_yearly", "Schools per school year, area and level")
                .from("silver_schools")
                .build(in -> SchoolMarts.yearly(in.table("silver_schools"), communes.currentCommunes(in.spark())))
                .exportOrderedBy("school_year", "area_level", "area_code", "school_level"));
        tables.add(TableDef.gold(MART_MODEL_SCHOOLS, "Model schools: criteria met per assessment, overall and per dimension")
                .from("silver_schools", "silver_school_assessments")
                .build(in -> SchoolMarts.modelSchools(in.table("silver_school_assessments"), in.table("silver_schools")))
                // scored per school and for the city (its weakest school), with the census's classrooms
                .scoredAs(in -> SchoolMarts.modelSchoolMetrics(in.table(MART_MODEL_SCHOOLS), in.table("silver_schools")),
                        "silver_schools")
                .exportOrderedBy("school_code", "assessment_date"));
        tables.add(TableDef.gold("mart_social_housing", "Social housing per year and area: units completed, projects")
                .from("silver_sh_projects")
                .build(in -> HousingMarts.yearly(in.table("silver_sh_projects"), communes.currentCommunes(in.spark())))
                .exportOrderedBy("year", "area_level", "area_code"));
        tables.add(TableDef.gold("mart_social_housing_applications", "Social housing applications per month, group and form")
                .from("silver_sh_applications", TableDef.KIND + "noxh_ho_so")
                .build(in -> HousingMarts.applications(in.table("silver_sh_applications"), deliveredMonths(in, "noxh_ho_so")))
                .exportOrderedBy("period", "priority_group", "form"));
        tables.add(TableDef.gold("mart_tourism_plastics", "Single-use plastic at tourism businesses and pilot sites per month and zone")
                .from("silver_tourism_inspections", "silver_plastic_weighings", TableDef.KIND + "co_so_du_lich", TableDef.KIND + "rac_nhua")
                .build(in -> TourismMarts.plastics(in.table("silver_tourism_inspections"), in.table("silver_plastic_weighings"),
                        deliveredMonths(in, "co_so_du_lich", "rac_nhua")))
                .exportOrderedBy("period", "zone", "coastal"));
        tables.add(TableDef.gold("mart_commune_assessments", "Communes' yearly assessments per model: score, criteria met, "
                        + "verdict; per model, the share of assessed communes meeting the standard")
                .from("silver_commune_assessments")
                .build(in -> AssessmentMarts.communeAssessments(in.table("silver_commune_assessments"), communes.currentCommunes(in.spark())))
                .exportOrderedBy("model", "year", "area_level", "area_code"));
        tables.add(TableDef.gold("mart_city_indicators", "City socio-economic indicators in force per year")
                .from("silver_city_indicators")
                .build(in -> IndicatorMarts.cityIndicators(in.table("silver_city_indicators")))
                .exportOrderedBy("indicator_code", "area_level", "area_code", "year"));
    }

    /**
     * The scorecard reads the marts its catalog's metrics name: a metric naming a table that is not declared
     * stops the night here, instead of scoring no_data. A mart whose source was never delivered is absent and
     * its criteria show no_data.
     */
    private void scorecard() {
        List<String> metrics = catalog.targets().stream().map(CriteriaCatalog.Target::metric).distinct().toList();
        Map<String, TableDef> scored = new LinkedHashMap<>();
        List<String> reads = new ArrayList<>();
        for (String metric : metrics) {
            String mart = Scorecard.Metric.parse(metric).mart();
            TableDef def = tables.stream().filter(t -> t.name().equals(mart)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("conf/criteria.csv: metric " + metric + " names " + mart + ", which is not a declared table"));
            if (scored.put(mart, def) == null) {
                reads.add(mart);
                reads.addAll(def.metricViewInputs());
            }
        }
        String catalogVersion = catalog.fingerprint();
        tables.add(TableDef.inMemory(SCORECARD_BASE, "Every criterion, area and year against its target, before the outlook")
                .fromIfPresent(reads).dependsOn("catalog", catalogVersion)
                .build(in -> {
                    Map<String, Dataset<Row>> marts = new LinkedHashMap<>();
                    scored.forEach((name, def) -> {
                        if (in.has(name) && def.metricViewInputs().stream().allMatch(in::has)) {
                            marts.put(name, def.metricView() != null ? def.metricView().apply(in) : in.table(name));
                        }
                    });
                    SparkSession spark = in.spark();
                    // One row per metric, area and period: computed once (a local checkpoint) so that the scorecard's
                    // areas and grid do not each re-plan a union of every mart.
                    Dataset<Row> values = Scorecard.metricValues(metrics, marts).coalesce(1)
                            .localCheckpoint(true, org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
                    Dataset<Row> areas = communes.currentCommunes(spark).withColumn("area_level", lit("commune"))
                            .unionByName(spark.range(1).select(lit("city").as("area_level"), lit(Communes.CITY_CODE).as("area_code"),
                                    lit(Communes.CITY_NAME).as("area_name")))
                            .unionByName(Scorecard.otherAreas(values));
                    return Scorecard.build(catalog.toDataFrame(spark), values, areas);
                }));
        tables.add(TableDef.gold(MART_SCORECARD, "Every criterion, area and year: value, target, status, outlook")
                .from(SCORECARD_BASE, MART_FORECAST).dependsOn("catalog", catalogVersion)
                .dependsOn("calendar", calendar.fingerprint())
                .build(in -> {
                    Dataset<Row> base = in.table(SCORECARD_BASE);
                    Dataset<Row> card = ForecastStage.enrich(base, ForecastStage.series(base, catalog, in.spark()), in.table(MART_FORECAST),
                            catalog, in.spark());
                    return Scorecard.withAwaitedDelivery(card, awaitedDeliveries(metrics, in.spark()));
                })
                .exportOrderedBy("criterion_id", "area_level", "area_code", "year", "target_period"));
        tables.add(TableDef.gold(MART_FORECAST, "Every criterion series forecast to 2030 with 80% / 95% intervals and p_meet")
                .from(SCORECARD_BASE).dependsOn("catalog", catalogVersion)
                .build(in -> ForecastJob.forecast(ForecastStage.series(in.table(SCORECARD_BASE), catalog, in.spark()),
                        ForecastStage.targets(catalog), ForecastStage.HORIZON))
                .exportOrderedBy("criterion_id", "area_level", "area_code", "year"));
        tables.add(TableDef.gold(MART_MODEL_SUMMARY, "Per model (the eleven, general, all), area and year: targets due, met, on track, off track, no data")
                .from(MART_SCORECARD).dependsOn("models", ModelSummary.fingerprint())
                .build(in -> ModelSummary.summarise(in.table(MART_SCORECARD), ModelSummary.models(in.spark())))
                .exportOrderedBy("model_id", "area_level", "area_code", "year"));
        String method = CompositeIndex.fingerprint();
        tables.add(TableDef.gold(MART_COMMUNE_INDEX, "Per index, unit and year: the happy-commune ranking of the resolution's 25 criteria "
                        + "(special zones apart), the supplementary index, the city's score; value, rank, change, and the assessing body's TONG beside")
                .from(MART_SCORECARD).fromIfPresent(List.of("silver_commune_assessments")).dependsOn("index_method", method)
                .build(in -> IndexMart.communeIndex(in.table(MART_SCORECARD),
                        in.has("silver_commune_assessments") ? in.table("silver_commune_assessments") : null,
                        communes.currentCommunes(in.spark()), communes.types(), CompositeIndex.indices(), CompositeIndex.load(), in.spark()))
                .exportOrderedBy("index_id", "year", "area_level", "area_code"));
        tables.add(TableDef.gold(MART_INDEX_METHOD, "The composite indices' method: component, domain, bounds, weights (conf/composite_index.csv)")
                .dependsOn("index_method", method)
                .build(in -> IndexMart.method(CompositeIndex.indices(), CompositeIndex.load(), in.spark()))
                .exportOrderedBy("index_id", "domain", "component"));
    }

    /** The file kinds a metric's values come from: its mart's declared inputs, followed down to the bronze tables. */
    public Set<String> kindsOf(String metric) {
        Map<String, TableDef> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        Set<String> kinds = new java.util.TreeSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(Scorecard.Metric.parse(metric).mart()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) continue;
            TableDef t = byName.get(name.startsWith(TableDef.KIND) ? "bronze_" + name.substring(TableDef.KIND.length()) : name);
            if (t == null) continue;
            if (t.kind() != null) kinds.add(t.kind());
            else todo.addAll(t.allInputs());
        }
        return kinds;
    }

    /** Per criterion of the catalog, the file kinds its values come from ({@link #kindsOf}). */
    public Map<String, Set<String>> kindsOfCriteria() {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (CriteriaCatalog.Target t : catalog.targets()) {
            if (t.metric() != null && !t.metric().isBlank()) out.computeIfAbsent(t.criterionId(), k -> new java.util.TreeSet<>()).addAll(kindsOf(t.metric()));
        }
        return out;
    }

    /**
     * Per metric of the catalog, the deliveries that bring its values: the file kinds its mart is built from (through
     * the declared inputs), or for a city indicator the statistics file and the indicator's code; and who sends them
     * (the delivery calendar). As (metric, awaited_kinds, awaited_from).
     */
    public Dataset<Row> awaitedDeliveries(List<String> metrics, SparkSession spark) {
        String indicator = "indicator_code=";
        List<Row> rows = new ArrayList<>();
        for (String metric : metrics) {
            Set<String> kinds = kindsOf(metric);
            String code = metric.contains(indicator) ? metric.substring(metric.indexOf(indicator) + indicator.length()).split("&")[0] : null;
            Set<String> senders = new java.util.TreeSet<>();
            for (DeliveryCalendar.Line l : calendar.lines()) {
                if (code != null ? l.indicatorCodes().contains(code) : kinds.contains(l.kind()) && l.indicatorCodes().isEmpty()) senders.add(l.sender());
            }
            if (code != null && senders.isEmpty()) {
                for (DeliveryCalendar.Line l : calendar.lines()) if (kinds.contains(l.kind()) && l.indicatorCodes().isEmpty()) senders.add(l.sender());
            }
            String what = String.join(" + ", kinds) + (code == null ? "" : " (" + code + ")");
            rows.add(RowFactory.create(metric, what, String.join("; ", senders)));
        }
        return spark.createDataFrame(rows, new StructType().add("metric", DataTypes.StringType).add("awaited_kinds", DataTypes.StringType)
                .add("awaited_from", DataTypes.StringType));
    }

    /**
     * Data quality over time: every delivery's metrics, and the anomaly checks of {@code conf/quality_checks.csv} on
     * their histories. Alerts never stop the night.
     */
    private void quality() {
        List<String> kinds = specs.keySet().stream().map(k -> TableDef.KIND + k).toList();
        tables.add(TableDef.opsDerived(OPS_DATA_QUALITY, "Metrics of every delivery over time: rows, quarantined rows per rule, "
                        + "nulls per column, sums of counts and amounts, distinct persons, insured persons for the city and per commune")
                .from(OPS_FILE_INGESTION, OPS_QUARANTINE).from(kinds.toArray(String[]::new))
                .fromIfPresent(List.of(SILVER_INSURED, OPS_DELIVERY_PROFILES))
                .build(in -> {
                    Dataset<Row> metrics = DeliveryMetrics.of(in.table(OPS_FILE_INGESTION), in.table(OPS_QUARANTINE),
                            in.has(SILVER_INSURED) ? in.table(SILVER_INSURED) : null);
                    if (!in.has(OPS_DELIVERY_PROFILES)) return metrics;
                    return metrics.unionByName(DeliveryMetrics.profilesInForce(in.table(OPS_DELIVERY_PROFILES),
                            in.deliveriesFrame(specs.keySet().toArray(String[]::new)), DeliveryProfile.METRICS));
                })
                .exportOrderedBy("kind", "period", "file_name", "checksum", "metric", "instance"));
        // Who owes what: today's date is an input, so that a period falling due rebuilds it on the night it does.
        java.time.LocalDate today = Completeness.today();
        tables.add(TableDef.gold(MART_DELIVERY_COMPLETENESS, "Per sender, delivery and period: due date, received (on time, days late) "
                        + "or overdue; per sender and year the reporting rate, timeliness (DHIS2) and quarantine rate (conf/deliveries.csv)")
                .from(OPS_FILE_INGESTION).fromIfPresent(List.of("silver_city_indicators"))
                .dependsOn("calendar", calendar.fingerprint()).dependsOn("as_of", today.toString())
                .build(in -> Completeness.build(in.table(OPS_FILE_INGESTION),
                        in.has("silver_city_indicators") ? in.table("silver_city_indicators") : null, calendar, today, in.spark()))
                .exportOrderedBy("sender_id", "delivery_id", "reporting_period"));
        String health = MART_HEALTH_INSURANCE_MONTHLY;
        tables.add(TableDef.opsDerived(OPS_ALERTS, "Data-quality alerts: which check, where, by how much, which file (conf/quality_checks.csv)")
                .from(OPS_FILE_INGESTION, MART_DELIVERY_COMPLETENESS).fromIfPresent(List.of(SILVER_INSURED, health, "silver_sh_projects",
                        "silver_city_indicators", "silver_commune_assessments"))
                .dependsOn("checks", vn.haiphong.indicators.config.ClasspathCsv.fingerprint(AnomalyChecks.RESOURCE))
                .dependsOn("catalog", catalog.fingerprint()) // which indicators are city-wide targets about units
                .build(in -> {
                    Map<String, Dataset<Row>> series = new LinkedHashMap<>();
                    Dataset<Row> files = in.table(OPS_FILE_INGESTION);
                    series.put("file_rows", QualitySeries.fileRows(files));
                    series.put("file_quarantine_rate", QualitySeries.fileQuarantineRate(files));
                    if (in.has(SILVER_INSURED)) series.put("commune_insured", QualitySeries.communeInsured(in.table(SILVER_INSURED)));
                    if (in.has(health)) series.put("commune_coverage_pct", QualitySeries.communeCoverage(in.table(health)));
                    if (in.has("silver_sh_projects")) {
                        series.put("project_units_completed", QualitySeries.projectUnitsCompleted(in.table("silver_sh_projects"), files));
                    }
                    if (in.has("silver_city_indicators")) {
                        series.put("indicator_value", QualitySeries.indicatorValue(in.table("silver_city_indicators")));
                        series.put("city_vs_units", QualitySeries.cityVsUnits(in.table("silver_city_indicators"), cityRollUps()));
                    }
                    series.put("delivery_overdue", Completeness.overdueSeries(in.table(MART_DELIVERY_COMPLETENESS)));
                    if (in.has("silver_commune_assessments")) {
                        series.put("assessment_total", QualitySeries.assessmentTotal(in.table("silver_commune_assessments")));
                    }
                    return AnomalyChecks.run(AnomalyChecks.load(), series, in.spark());
                })
                .exportOrderedBy("series", "subject", "t", "check"));
    }

    private static Dataset<Row> noInsured(SparkSession spark) {
        return spark.createDataFrame(List.of(), new StructType().add("period", DataTypes.StringType)
                .add("commune_code", DataTypes.StringType).add("insured_persons", DataTypes.LongType));
    }

    /** The months of the active deliveries of these kinds, as (period). */
    private static Dataset<Row> deliveredMonths(Inputs in, String... kinds) {
        return in.deliveriesFrame(kinds).select("period").distinct();
    }
}
