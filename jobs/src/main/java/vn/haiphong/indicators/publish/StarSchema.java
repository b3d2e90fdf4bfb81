package vn.haiphong.indicators.publish;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.criteria.CriteriaCatalog;
import vn.haiphong.indicators.criteria.ModelSummary;
import vn.haiphong.indicators.criteria.Scorecard;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.reference.Communes;

/**
 * The gold layer as a star schema for BI tools: one fact per published gold table ({@code mart_x} becomes
 * {@code fact_x}, with the gold column names), disclosure-controlled, and the dimensions they refer to: {@code dim_area}
 * (level, name, parent), {@code dim_criterion} (model, unit, direction, operator, source lines), {@code dim_target}
 * (each target of the resolutions), {@code dim_model}, {@code dim_period} (months and years). Every column has its
 * meaning ({@link DataDictionary}); {@code data_dictionary} lists them all.
 *
 * <p>Suppression carries into what is computed from a suppressed cell: the scorecard's value read from it, the outlook
 * and forecast of that series, and the commune index's component, domain and value built on it are null too, and the
 * row's {@code suppressed_cells} names them ({@code derived_from_suppressed}); otherwise a small commune's coverage
 * would be published through the scorecard.
 */
public final class StarSchema {
    private StarSchema() { }

    public static final String DERIVED = "derived_from_suppressed";
    public static final String SUPPRESSED_CELLS = "suppressed_cells";

    /** Disclosure thresholds ({@code publish.min_count}, {@code publish.min_rate_numerator}). */
    public record Thresholds(long minCount, long minRateNumerator) { }

    /** The published name of a gold table. */
    public static String factName(String gold) {
        return gold.startsWith("mart_") ? "fact_" + gold.substring("mart_".length()) : gold;
    }

    /**
     * @param gold the gold tables to publish (declaration order), each with its frame as the lake holds it
     */
    public static List<Publisher.Table> build(Map<TableDef, Dataset<Row>> gold, CriteriaCatalog catalog, Communes communes,
                                              Thresholds thresholds, SparkSession spark) {
        return build(gold, catalog, communes, thresholds, spark, d -> List.of());
    }

    /** @param extra more tables to publish before the dictionary (the editions), given the dictionary for their comments */
    public static List<Publisher.Table> build(Map<TableDef, Dataset<Row>> gold, CriteriaCatalog catalog, Communes communes,
                                              Thresholds thresholds, SparkSession spark,
                                              java.util.function.Function<DataDictionary, List<Publisher.Table>> extra) {
        List<Disclosure.Rule> rules = Disclosure.load();
        Map<String, Dataset<Row>> facts = new LinkedHashMap<>();
        Map<String, TableDef> defs = new LinkedHashMap<>();
        for (Map.Entry<TableDef, Dataset<Row>> g : gold.entrySet()) {
            String name = g.getKey().name();
            defs.put(name, g.getKey());
            // gold tables are small (at most one row per criterion, area and year): read each once to the driver, so
            // that the dimensions' and the suppression's many small queries do not each re-read the Delta table
            Dataset<Row> local = spark.createDataFrame(g.getValue().collectAsList(), g.getValue().schema());
            List<Disclosure.Rule> own = Disclosure.of(rules, name);
            facts.put(name, own.isEmpty() ? local : Disclosure.apply(local, own, thresholds.minCount(),
                    thresholds.minRateNumerator(), spark));
        }
        carrySuppression(facts, rules, spark);

        DataDictionary dictionary = DataDictionary.load();
        List<Publisher.Table> out = new ArrayList<>();
        Map<String, String> goldOf = new HashMap<>();
        Dataset<Row> dimArea = dimArea(facts, communes, spark);
        Dataset<Row> dimPeriod = dimPeriod(facts, spark);
        Dataset<Row> dimModel = dimModel(facts, spark);
        for (Map.Entry<String, Dataset<Row>> f : facts.entrySet()) {
            String name = factName(f.getKey());
            goldOf.put(name, f.getKey());
            StructType schema = f.getValue().schema();
            Map<String, String> refs = new LinkedHashMap<>();
            List<String> columns = List.of(schema.fieldNames());
            if (columns.contains("area_code")) refs.put("area_code", "dim_area");
            if (columns.contains("criterion_id")) refs.put("criterion_id", "dim_criterion");
            if (columns.contains("model_id")) refs.put("model_id", "dim_model");
            if (columns.contains("period")) refs.put("period", "dim_period");
            out.add(new Publisher.Table(name, defs.get(f.getKey()).description() + " (gold: " + f.getKey() + ")", f.getValue(),
                    defs.get(f.getKey()).exportKey(), dictionary.comments(name, schema), refs));
        }
        out.add(dimension("dim_area", "Areas: the city, its 114 communes (2025), tourism zones, schools; with their parent",
                dimArea, List.of("area_code"), dictionary));
        out.add(dimension("dim_period", "Months and years the facts refer to", dimPeriod, List.of("period"), dictionary));
        out.add(dimension("dim_model", "The eleven socialist models, general indicators, all", dimModel, List.of("model_id"), dictionary));
        out.add(dimension("dim_criterion", "Criteria of the resolutions: model, unit, direction, operator, source lines",
                dimCriterion(catalog, spark), List.of("criterion_id"), dictionary));
        Dataset<Row> targets = catalog.toDataFrame(spark).select("criterion_id", "year", "target_period", "operator", "target_value",
                "target_text", "baseline_year", "baseline_value", "source");
        out.add(new Publisher.Table("dim_target", "Every target of the resolutions: criterion, due year or period, operator, value",
                targets, List.of("criterion_id", "year", "target_period"), dictionary.comments("dim_target", targets.schema()),
                Map.of("criterion_id", "dim_criterion")));
        out.addAll(extra.apply(dictionary));
        Dataset<Row> dict = spark.createDataFrame(dictionary.rows(out, goldOf), DataDictionary.SCHEMA);
        out.add(dimension(DataDictionary.TABLE, "What every published column holds: table, column, type, unit, meaning", dict,
                List.of("table_name", "column_name"), dictionary));
        return out;
    }

    private static Publisher.Table dimension(String name, String description, Dataset<Row> rows, List<String> key, DataDictionary d) {
        return new Publisher.Table(name, description, rows, key, d.comments(name, rows.schema()), Map.of());
    }

    /** The suppressed cells of the directly controlled tables, as {@code table|column|area_code|period}. */
    static Set<String> suppressedCells(Map<String, Dataset<Row>> facts, List<Disclosure.Rule> rules) {
        Set<String> out = new HashSet<>();
        for (Disclosure.Rule rule : rules) {
            Dataset<Row> t = facts.get(rule.table());
            // traced by area and month (what the scorecard's as_of_period names); others are checked not to be scored
            if (t == null || !List.of(t.columns()).containsAll(List.of("area_code", "period"))) continue;
            for (Row r : t.where(t.col(rule.column() + "_suppressed").isNotNull()).select("area_code", "period").collectAsList()) {
                out.add(rule.table() + "|" + rule.column() + "|" + r.getString(0) + "|" + r.get(1));
            }
        }
        return out;
    }

    static void carrySuppression(Map<String, Dataset<Row>> facts, List<Disclosure.Rule> rules, SparkSession spark) {
        Set<String> cells = suppressedCells(facts, rules);
        Set<String> values = new HashSet<>();  // criterion|area|year whose value was read from a suppressed cell
        Set<String> series = new HashSet<>();  // criterion|area with such a value
        if (facts.containsKey(TableNames.MART_SCORECARD)) {
            Map<String, Scorecard.Metric> metrics = new HashMap<>();
            for (Row r : distinctRows(facts.get(TableNames.MART_SCORECARD).select("metric"))) {
                Scorecard.Metric m = Scorecard.Metric.parse(r.getString(0));
                Dataset<Row> source = facts.get(m.mart());
                boolean controlled = rules.stream().anyMatch(x -> x.table().equals(m.mart()) && x.column().equals(m.column()));
                if (controlled && source != null && !List.of(source.columns()).containsAll(List.of("area_code", "period"))) {
                    // a criterion on a suppressed count this class cannot trace would publish it through the scorecard
                    throw new IllegalStateException("the scorecard reads " + r.getString(0) + ", a disclosure-controlled column of a "
                            + "table without area_code and period: its suppression cannot be carried into the scorecard");
                }
            }
            for (Row r : facts.get(TableNames.MART_SCORECARD).select("criterion_id", "area_code", "year", "metric", "as_of_period")
                    .where("as_of_period IS NOT NULL").collectAsList()) {
                Scorecard.Metric m = metrics.computeIfAbsent(r.getString(3), Scorecard.Metric::parse);
                if (cells.contains(m.mart() + "|" + m.column() + "|" + r.getString(1) + "|" + r.getString(4))) {
                    values.add(r.getString(0) + "|" + r.getString(1) + "|" + r.get(2));
                    series.add(r.getString(0) + "|" + r.getString(1));
                }
            }
            facts.put(TableNames.MART_SCORECARD, nullCells(facts.get(TableNames.MART_SCORECARD), r -> {
                List<String> out = new ArrayList<>();
                String s = r.getAs("criterion_id") + "|" + r.getAs("area_code");
                if (values.contains(s + "|" + r.getAs("year"))) out.add("actual_value");
                if (series.contains(s)) out.addAll(List.of("progress_score", "forecast_2030", "forecast_next_target"));
                return out;
            }, spark));
        }
        if (facts.containsKey(TableNames.MART_FORECAST)) {
            facts.put(TableNames.MART_FORECAST, nullCells(facts.get(TableNames.MART_FORECAST), r -> series.contains(r.getAs("criterion_id") + "|" + r.getAs("area_code"))
                    ? List.of("point", "lo80", "hi80", "lo95", "hi95") : List.of(), spark));
        }
        if (facts.containsKey(TableNames.MART_COMMUNE_INDEX) && facts.containsKey(TableNames.MART_INDEX_METHOD)) {
            // index_id -> component built from a criterion: (criterion, domain)
            Map<String, List<String[]>> fromCriteria = new TreeMap<>();
            for (Row m : facts.get(TableNames.MART_INDEX_METHOD).select("index_id", "domain", "component", "source").collectAsList()) {
                String source = m.getString(3);
                if (source != null && source.startsWith("criterion:")) {
                    fromCriteria.computeIfAbsent(m.getString(0), k -> new ArrayList<>())
                            .add(new String[] {source.substring("criterion:".length()), m.getString(1), m.getString(2)});
                }
            }
            facts.put(TableNames.MART_COMMUNE_INDEX, nullCells(facts.get(TableNames.MART_COMMUNE_INDEX), r -> {
                Set<String> out = new TreeSet<>();
                for (String[] c : fromCriteria.getOrDefault((String) r.getAs("index_id"), List.of())) {
                    if (values.contains(c[0] + "|" + r.getAs("area_code") + "|" + r.getAs("year"))) {
                        out.addAll(List.of("component_" + c[2], "domain_" + c[1], "index_value"));
                    }
                }
                return new ArrayList<>(out);
            }, spark));
        }
    }

    /**
     * The distinct rows of a projection of a fact, in the order first seen. The facts are local (collected from gold), and
     * Spark folds a projection of local rows without running a job, but not a {@code distinct()}: that took two jobs
     * each, 58 jobs and about 2 s of the sample night's publish.
     */
    static List<Row> distinctRows(Dataset<Row> projection) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(projection.collectAsList()));
    }

    /** Nulls the named cells of each row and says so in {@code suppressed_cells} ({@code col, col: derived_from_suppressed}). */
    static Dataset<Row> nullCells(Dataset<Row> table, java.util.function.Function<Row, List<String>> cells, SparkSession spark) {
        StructType in = table.schema();
        StructType schema = new StructType();
        for (StructField f : in.fields()) schema = schema.add(f.name(), f.dataType(), true, f.metadata());
        schema = schema.add(SUPPRESSED_CELLS, DataTypes.StringType);
        List<Row> out = new ArrayList<>();
        for (Row r : table.collectAsList()) {
            List<String> nulled = cells.apply(r).stream().filter(c -> in.getFieldIndex(c).isDefined()).toList();
            Object[] v = new Object[schema.size()];
            for (int i = 0; i < in.size(); i++) v[i] = nulled.contains(in.fields()[i].name()) ? null : r.get(i);
            v[in.size()] = nulled.isEmpty() ? null : String.join(", ", nulled) + ": " + DERIVED;
            out.add(RowFactory.create(v));
        }
        return spark.createDataFrame(out, schema);
    }

    static Dataset<Row> dimArea(Map<String, Dataset<Row>> facts, Communes communes, SparkSession spark) {
        Map<String, String[]> areas = new TreeMap<>(); // code -> level, name, parent
        areas.put(Communes.CITY_CODE, new String[] {"city", Communes.CITY_NAME, null});
        for (String code : communes.currentCodes()) areas.put(code, new String[] {"commune", communes.name(code), Communes.CITY_CODE});
        Map<String, String> schoolCommune = new HashMap<>();
        Dataset<Row> schools = facts.get(TableNames.MART_MODEL_SCHOOLS);
        if (schools != null) {
            for (Row r : distinctRows(schools.select("school_code", "area_code", "school_name"))) {
                schoolCommune.put(r.getString(0), r.getString(1));
            }
        }
        for (Dataset<Row> f : facts.values()) {
            List<String> cols = List.of(f.columns());
            if (!cols.contains("area_level") || !cols.contains("area_code")) continue;
            Dataset<Row> a = f.select(f.col("area_level"), f.col("area_code"),
                    cols.contains("area_name") ? f.col("area_name") : org.apache.spark.sql.functions.lit(null).cast("string"));
            for (Row r : distinctRows(a)) {
                String code = r.getString(1);
                if (code == null || areas.containsKey(code)) continue;
                String level = r.getString(0);
                String parent = level.equals("school") ? schoolCommune.getOrDefault(code, Communes.CITY_CODE) : Communes.CITY_CODE;
                areas.put(code, new String[] {level, r.isNullAt(2) ? code : r.getString(2), parent});
            }
        }
        StructType schema = new StructType().add("area_code", DataTypes.StringType, false).add("area_level", DataTypes.StringType, false)
                .add("area_name", DataTypes.StringType, false).add("parent_code", DataTypes.StringType, true)
                .add("former_codes", DataTypes.StringType, true);
        List<Row> rows = new ArrayList<>();
        areas.forEach((code, a) -> {
            List<String> former = a[0].equals("commune") ? communes.oldCodesOf(code) : List.of();
            rows.add(RowFactory.create(code, a[0], a[1], a[2], former.isEmpty() ? null : String.join(";", former)));
        });
        return spark.createDataFrame(rows, schema);
    }

    static Dataset<Row> dimPeriod(Map<String, Dataset<Row>> facts, SparkSession spark) {
        Set<String> months = new TreeSet<>();
        Set<Integer> years = new TreeSet<>();
        for (int y = 2020; y <= 2030; y++) years.add(y);
        for (Dataset<Row> f : facts.values()) {
            List<String> cols = List.of(f.columns());
            if (cols.contains("period")) for (Row r : distinctRows(f.select("period"))) if (!r.isNullAt(0)) months.add(r.getString(0));
            if (cols.contains("year")) for (Row r : distinctRows(f.select("year"))) if (!r.isNullAt(0)) years.add(((Number) r.get(0)).intValue());
        }
        StructType schema = new StructType().add("period", DataTypes.StringType, false).add("period_type", DataTypes.StringType, false)
                .add("year", DataTypes.IntegerType, false).add("month", DataTypes.IntegerType, true).add("quarter", DataTypes.IntegerType, true)
                .add("start_date", DataTypes.DateType, false).add("end_date", DataTypes.DateType, false);
        List<Row> rows = new ArrayList<>();
        for (int y : years) {
            rows.add(RowFactory.create(String.valueOf(y), "year", y, null, null, java.sql.Date.valueOf(LocalDate.of(y, 1, 1)),
                    java.sql.Date.valueOf(LocalDate.of(y, 12, 31))));
        }
        for (String p : months) {
            YearMonth m = YearMonth.parse(p);
            rows.add(RowFactory.create(p, "month", m.getYear(), m.getMonthValue(), (m.getMonthValue() + 2) / 3,
                    java.sql.Date.valueOf(m.atDay(1)), java.sql.Date.valueOf(m.atEndOfMonth())));
        }
        return spark.createDataFrame(rows, schema);
    }

    static Dataset<Row> dimModel(Map<String, Dataset<Row>> facts, SparkSession spark) {
        Dataset<Row> models = ModelSummary.models(spark);
        Set<String> known = new HashSet<>();
        List<Row> rows = new ArrayList<>(models.collectAsList());
        for (Row r : rows) known.add(r.getString(0));
        for (Dataset<Row> f : facts.values()) {
            if (!List.of(f.columns()).contains("model_id")) continue;
            for (Row r : distinctRows(f.select("model_id"))) {
                if (!r.isNullAt(0) && known.add(r.getString(0))) rows.add(RowFactory.create(r.getString(0), null, r.getString(0), r.getString(0)));
            }
        }
        return spark.createDataFrame(rows, models.schema());
    }

    static Dataset<Row> dimCriterion(CriteriaCatalog catalog, SparkSession spark) {
        Map<String, List<CriteriaCatalog.Target>> by = new LinkedHashMap<>();
        for (CriteriaCatalog.Target t : catalog.targets()) by.computeIfAbsent(t.criterionId(), k -> new ArrayList<>()).add(t);
        StructType schema = new StructType().add("criterion_id", DataTypes.StringType, false).add("model_id", DataTypes.StringType, true)
                .add("name_vi", DataTypes.StringType, true).add("name_en", DataTypes.StringType, true).add("unit", DataTypes.StringType, true)
                .add("direction", DataTypes.StringType, true).add("operator", DataTypes.StringType, true).add("levels", DataTypes.StringType, true)
                .add("metric", DataTypes.StringType, true).add("targets", DataTypes.IntegerType, false).add("source", DataTypes.StringType, true)
                .add("judged_for", DataTypes.StringType, true).add("owner", DataTypes.StringType, true)
                .add("model_lead_unit", DataTypes.StringType, true);
        Map<String, String> leads = CriteriaCatalog.leadUnits();
        List<Row> rows = new ArrayList<>();
        by.forEach((id, ts) -> {
            // the operator of its last target due (the one dashboards show against 2030)
            CriteriaCatalog.Target last = ts.stream().max(java.util.Comparator.comparing(t -> t.year() == null ? 0 : t.year())).orElseThrow();
            rows.add(RowFactory.create(id, last.modelId(), last.nameVi(), last.nameEn(), last.unit(), last.direction(), last.operator(),
                    last.levels(), last.metric(), ts.size(), DataDictionary.sources(ts), last.judgement().judgedFor(),
                    last.judgement().owner(), last.modelId() == null ? null : leads.get(last.modelId())));
        });
        return spark.createDataFrame(rows, schema);
    }
}
