package vn.haiphong.indicators.criteria;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Gold: {@code mart_commune_index} (the happy-commune index and ranking per commune and year, and the city's
 * civilized-city score) and {@code mart_index_method} (the method as a table), around {@link CompositeIndex}.
 * The inputs are small (114 communes, a few dozen components), so the index is computed on the driver.
 */
public final class IndexMart {
    private IndexMart() { }

    /**
     * @param scorecard   mart_criteria_scorecard (the measured components' yearly values: commune rows for the
     *                    happy-commune index, city rows for the civilized-city score)
     * @param assessments silver_commune_assessments, or null when never delivered
     * @param communes    (area_code, area_name)
     */
    public static Dataset<Row> communeIndex(Dataset<Row> scorecard, Dataset<Row> assessments, Dataset<Row> communes,
                                            List<CompositeIndex.Component> method, SparkSession spark) {
        List<CompositeIndex.Component> happy = CompositeIndex.of(method, CompositeIndex.HAPPY_COMMUNE);
        List<CompositeIndex.Component> city = CompositeIndex.of(method, CompositeIndex.CIVILIZED_CITY);
        List<CompositeIndex.Observation> happyObs = new ArrayList<>(criterionValues(scorecard, happy, "commune"));
        Set<Integer> assessedYears = new java.util.TreeSet<>();
        if (assessments != null) {
            for (CompositeIndex.Observation o : assessmentValues(assessments, happy)) {
                happyObs.add(o);
                assessedYears.add(o.year());
            }
        }
        // The index is yearly, after the December assessments: years without them have no index to compute.
        happyObs.removeIf(o -> !assessedYears.contains(o.year()));
        List<CompositeIndex.Result> results = new ArrayList<>(CompositeIndex.compute(happy, happyObs, CompositeIndex.DRAWS, CompositeIndex.SEED));
        List<CompositeIndex.Result> cityResults = CompositeIndex.compute(city, criterionValues(scorecard, city, "city"), 0, CompositeIndex.SEED);

        List<String> domains = new ArrayList<>(new LinkedHashSet<>(method.stream().map(CompositeIndex.Component::domain).toList()));
        List<String> components = new ArrayList<>(new LinkedHashSet<>(method.stream().map(CompositeIndex.Component::component).toList()));
        StructType schema = new StructType().add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType)
                .add("index_id", DataTypes.StringType).add("year", DataTypes.IntegerType)
                .add("index_value", DataTypes.DoubleType).add("rank", DataTypes.IntegerType)
                .add("rank_p05", DataTypes.IntegerType).add("rank_p95", DataTypes.IntegerType)
                .add("rank_change", DataTypes.IntegerType).add("coverage_pct", DataTypes.DoubleType);
        for (String d : domains) schema = schema.add("domain_" + d, DataTypes.DoubleType);
        for (String c : components) schema = schema.add("component_" + c, DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (CompositeIndex.Result r : results) rows.add(row(r, "commune", CompositeIndex.HAPPY_COMMUNE, domains, components));
        for (CompositeIndex.Result r : cityResults) rows.add(row(r, "city", CompositeIndex.CIVILIZED_CITY, domains, components));
        Dataset<Row> out = spark.createDataFrame(rows, schema);
        Dataset<Row> names = communes.unionByName(spark.range(1).select(lit(vn.haiphong.indicators.reference.Communes.CITY_CODE).as("area_code"),
                lit(vn.haiphong.indicators.reference.Communes.CITY_NAME).as("area_name")));
        List<org.apache.spark.sql.Column> columns = new ArrayList<>();
        for (String c : schema.fieldNames()) {
            columns.add(col(c));
            if (c.equals("area_code")) columns.add(col("area_name"));
        }
        return out.join(names, "area_code").select(columns.toArray(org.apache.spark.sql.Column[]::new));
    }

    private static Row row(CompositeIndex.Result r, String level, String indexId, List<String> domains, List<String> components) {
        List<Object> v = new ArrayList<>(List.of(level, r.unit(), indexId, r.year()));
        v.add(round(r.index()));
        boolean ranked = level.equals("commune"); // the city's own score has nothing to be ranked against
        v.add(ranked ? r.rank() : null);
        v.add(ranked ? r.rankP05() : null);
        v.add(ranked ? r.rankP95() : null);
        v.add(ranked ? r.rankChange() : null);
        v.add(round(r.coveragePct()));
        for (String d : domains) v.add(round(r.domains().get(d)));
        for (String c : components) v.add(round(r.components().get(c)));
        return RowFactory.create(v.toArray());
    }

    private static Double round(Double d) {
        return d == null ? null : Math.round(d * 10_000) / 10_000.0;
    }

    /** The method as a table: component, domain, bounds, and the effective weights (each domain's summing to 1). */
    public static Dataset<Row> method(List<CompositeIndex.Component> method, SparkSession spark) {
        StructType schema = new StructType().add("index_id", DataTypes.StringType).add("domain", DataTypes.StringType)
                .add("component", DataTypes.StringType).add("name_vi", DataTypes.StringType).add("name_en", DataTypes.StringType)
                .add("source", DataTypes.StringType).add("lower_bound", DataTypes.DoubleType).add("upper_bound", DataTypes.DoubleType)
                .add("weight_in_domain", DataTypes.DoubleType).add("domain_weight", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (CompositeIndex.Component c : method) {
            double inDomain = method.stream().filter(o -> o.indexId().equals(c.indexId()) && o.domain().equals(c.domain()))
                    .mapToDouble(CompositeIndex.Component::weight).sum();
            Map<String, Double> domainWeights = new java.util.LinkedHashMap<>();
            method.stream().filter(o -> o.indexId().equals(c.indexId())).forEach(o -> domainWeights.putIfAbsent(o.domain(), o.domainWeight()));
            double domains = domainWeights.values().stream().mapToDouble(Double::doubleValue).sum();
            rows.add(RowFactory.create(c.indexId(), c.domain(), c.component(), c.nameVi(), c.nameEn(), c.source(), c.lower(), c.upper(),
                    round(c.weight() / inDomain), round(domainWeights.get(c.domain()) / domains)));
        }
        return spark.createDataFrame(rows, schema);
    }

    /** Yearly values of the components read from the scorecard ({@code criterion:<id>}) at one area level. */
    static List<CompositeIndex.Observation> criterionValues(Dataset<Row> scorecard, List<CompositeIndex.Component> method, String level) {
        Map<String, String> byCriterion = new java.util.HashMap<>();
        for (CompositeIndex.Component c : method) {
            if (c.source().startsWith("criterion:")) byCriterion.put(c.source().substring("criterion:".length()), c.component());
        }
        if (byCriterion.isEmpty()) return List.of();
        List<CompositeIndex.Observation> out = new ArrayList<>();
        for (Row r : scorecard.where(col("area_level").equalTo(level).and(col("year").isNotNull()).and(col("actual_value").isNotNull())
                        .and(col("criterion_id").isin(byCriterion.keySet().toArray()))
                        .and(org.apache.spark.sql.functions.coalesce(col("target_period"), lit("")).startsWith("avg:").equalTo(false)))
                .select("criterion_id", "area_code", "year", "actual_value").distinct().collectAsList()) {
            out.add(new CompositeIndex.Observation(r.getString(1), r.getInt(2), byCriterion.get(r.getString(0)), r.getDouble(3)));
        }
        return out;
    }

    /** The assessed criteria ({@code assessment:<model>/<code>}) as shares of their maximum score, per commune and year. */
    static List<CompositeIndex.Observation> assessmentValues(Dataset<Row> assessments, List<CompositeIndex.Component> method) {
        Map<String, String> byCode = new java.util.HashMap<>();
        for (CompositeIndex.Component c : method) {
            if (c.source().startsWith("assessment:")) byCode.put(c.source().substring("assessment:".length()), c.component());
        }
        if (byCode.isEmpty()) return List.of();
        List<CompositeIndex.Observation> out = new ArrayList<>();
        for (Row r : assessments.where(org.apache.spark.sql.functions.concat(col("model"), lit("/"), col("criterion_code"))
                        .isin(byCode.keySet().toArray()).and(col("max_score").gt(0)))
                .select(col("model"), col("criterion_code"), col("commune_code"), col("year").cast("int"),
                        col("score").multiply(100.0).divide(col("max_score")).cast("double")).collectAsList()) {
            out.add(new CompositeIndex.Observation(r.getString(2), r.getInt(3), byCode.get(r.getString(0) + "/" + r.getString(1)), r.getDouble(4)));
        }
        return out;
    }
}
