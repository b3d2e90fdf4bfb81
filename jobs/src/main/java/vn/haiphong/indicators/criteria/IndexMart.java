package vn.haiphong.indicators.criteria;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
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
 * Gold: {@code mart_commune_index} (per declared index, unit and year: its value, rank and status, and the assessing
 * body's own overall result beside it) and {@code mart_index_method} (the method as a table), around
 * {@link CompositeIndex}. The inputs are small (114 communes, a few dozen components), so the indices are computed on
 * the driver.
 */
public final class IndexMart {
    private IndexMart() { }

    /** An index and the assessing body's overall score differ beyond rounding when they are further apart (points of 100). */
    public static final double AGREEMENT_TOLERANCE = 0.05;

    /**
     * @param scorecard    mart_criteria_scorecard (the measured components' yearly values: commune rows for the
     *                     communes' indices, city rows for the city's score)
     * @param assessments  silver_commune_assessments, or null when never delivered
     * @param communes     (area_code, area_name)
     * @param communeTypes every commune's type (phuong, xa, dac_khu): which index ranks it
     */
    public static Dataset<Row> communeIndex(Dataset<Row> scorecard, Dataset<Row> assessments, Dataset<Row> communes,
                                            Map<String, String> communeTypes, List<CompositeIndex.Index> indices,
                                            List<CompositeIndex.Component> method, SparkSession spark) {
        // The communes' indices are yearly, after the December assessments: years without them have none.
        Set<String> overallOf = new java.util.TreeSet<>(); // the models whose overall rows go beside an index
        for (CompositeIndex.Index ix : indices) if (!ix.assessmentModel().isEmpty()) overallOf.add(ix.assessmentModel());
        Set<String> models = new java.util.TreeSet<>(overallOf);
        Map<String, String> byCode = new HashMap<>(); // model/code of an assessed criterion -> its component
        for (CompositeIndex.Component c : method) {
            if (!c.source().startsWith("assessment:")) continue;
            byCode.put(c.source().substring("assessment:".length()), c.component());
            models.add(c.source().substring("assessment:".length(), c.source().indexOf('/')));
        }
        Map<String, double[]> overall = new HashMap<>(); // model|commune|year -> {score, max, met (1/0/-1)}
        Set<Integer> assessedYears = new java.util.TreeSet<>();
        List<CompositeIndex.Observation> assessed = new ArrayList<>();
        if (assessments != null && !models.isEmpty()) {
            // one read of the assessments: the criteria's scores for the indices, the overall rows beside them
            for (Row r : assessments.where(col("model").isin(models.toArray())).select(col("model"), col("commune_code"),
                    col("year").cast("int"), col("criterion_code"), col("score").cast("double"), col("max_score").cast("double"), col("passed"))
                    .collectAsList()) {
                String model = r.getString(0), unit = r.getString(1), code = r.getString(3);
                int year = r.getInt(2);
                double score = r.isNullAt(4) ? Double.NaN : r.getDouble(4), max = r.isNullAt(5) ? Double.NaN : r.getDouble(5);
                String component = byCode.get(model + "/" + code);
                if (component != null && max > 0) assessed.add(new CompositeIndex.Observation(unit, year, component, 100 * score / max, max));
                if (!overallOf.contains(model)) continue;
                assessedYears.add(year);
                if (CompositeIndex.OVERALL.equals(code)) overall.put(model + "|" + unit + "|" + year, new double[] {score, max,
                        r.isNullAt(6) ? -1 : r.getBoolean(6) ? 1 : 0});
            }
        }

        List<String> domains = new ArrayList<>(new LinkedHashSet<>(method.stream().map(CompositeIndex.Component::domain).toList()));
        List<String> components = new ArrayList<>(new LinkedHashSet<>(method.stream().map(CompositeIndex.Component::component).toList()));
        StructType schema = new StructType().add("area_level", DataTypes.StringType).add("area_code", DataTypes.StringType)
                .add("index_id", DataTypes.StringType).add("index_role", DataTypes.StringType).add("year", DataTypes.IntegerType)
                .add("index_status", DataTypes.StringType)
                .add("index_value", DataTypes.DoubleType).add("rank", DataTypes.IntegerType)
                .add("rank_p05", DataTypes.IntegerType).add("rank_p95", DataTypes.IntegerType)
                .add("rank_change", DataTypes.IntegerType).add("coverage_pct", DataTypes.DoubleType)
                .add("points", DataTypes.DoubleType).add("points_possible", DataTypes.DoubleType)
                .add("assessed_score_pct", DataTypes.DoubleType).add("assessed_standard_met", DataTypes.BooleanType)
                .add("assessed_rank", DataTypes.IntegerType).add("agrees_with_assessment", DataTypes.BooleanType);
        for (String d : domains) schema = schema.add("domain_" + d, DataTypes.DoubleType);
        for (String c : components) schema = schema.add("component_" + c, DataTypes.DoubleType);

        List<Row> rows = new ArrayList<>();
        for (CompositeIndex.Index ix : indices) {
            List<CompositeIndex.Component> own = CompositeIndex.of(method, ix.id());
            boolean city = !ix.ranked();
            String level = city ? "city" : "commune";
            java.util.function.Predicate<String> mine = unit -> city || ix.units().contains(communeTypes.get(unit));
            List<CompositeIndex.Observation> obs = new ArrayList<>(criterionValues(scorecard, own, level));
            Set<String> ownComponents = new java.util.HashSet<>(own.stream().map(CompositeIndex.Component::component).toList());
            for (CompositeIndex.Observation o : assessed) if (ownComponents.contains(o.component())) obs.add(o);
            obs.removeIf(o -> !mine.test(o.unit()) || (!city && !assessedYears.contains(o.year())));
            List<CompositeIndex.Result> results = own.isEmpty() ? List.of()
                    : CompositeIndex.compute(ix.scoring(), own, obs, ix.ranked() ? CompositeIndex.DRAWS : 0, CompositeIndex.SEED);
            Map<String, CompositeIndex.Result> byUnitYear = new java.util.TreeMap<>();
            for (CompositeIndex.Result r : results) byUnitYear.put(r.unit() + "|" + r.year(), r);
            // the units listed: those with a value or an overall result, and every unit of a ranking with no criteria yet
            Set<String> listed = new java.util.TreeSet<>(byUnitYear.keySet());
            if (!ix.assessmentModel().isEmpty()) {
                for (String k : overall.keySet()) {
                    String[] p = k.split("\\|");
                    if (p[0].equals(ix.assessmentModel()) && mine.test(p[1])) listed.add(p[1] + "|" + p[2]);
                }
            }
            if (own.isEmpty() && !city) {
                for (int year : assessedYears) communeTypes.forEach((unit, type) -> { if (mine.test(unit)) listed.add(unit + "|" + year); });
            }
            Map<String, Integer> assessedRank = assessedRanks(ix, overall, listed);
            for (String k : listed) {
                String unit = k.substring(0, k.indexOf('|'));
                int year = Integer.parseInt(k.substring(k.indexOf('|') + 1));
                CompositeIndex.Result r = byUnitYear.get(k);
                double[] tong = ix.assessmentModel().isEmpty() ? null : overall.get(ix.assessmentModel() + "|" + k);
                rows.add(row(ix, level, unit, year, r, own.isEmpty(), tong, assessedRank.get(k), domains, components));
            }
        }
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

    /** Per unit|year of one index, its rank by the assessing body's overall score among the index's units that year. */
    private static Map<String, Integer> assessedRanks(CompositeIndex.Index ix, Map<String, double[]> overall, Set<String> listed) {
        Map<String, Integer> out = new HashMap<>();
        if (ix.assessmentModel().isEmpty()) return out;
        Map<Integer, Map<String, Double>> byYear = new java.util.TreeMap<>();
        for (String k : listed) {
            double[] t = overall.get(ix.assessmentModel() + "|" + k);
            if (t == null || !(t[1] > 0) || Double.isNaN(t[0])) continue;
            byYear.computeIfAbsent(Integer.parseInt(k.substring(k.indexOf('|') + 1)), y -> new HashMap<>()).put(k, 100 * t[0] / t[1]);
        }
        byYear.values().forEach(scores -> out.putAll(CompositeIndex.ranks(scores)));
        return out;
    }

    private static Row row(CompositeIndex.Index ix, String level, String unit, int year, CompositeIndex.Result r, boolean noCriteria,
                           double[] tong, Integer assessedRank, List<String> domains, List<String> components) {
        List<Object> v = new ArrayList<>(List.of(level, unit, ix.id(), ix.role(), year));
        Double index = r == null ? null : r.index();
        v.add(noCriteria ? "criteria_not_chosen" : index == null ? "too_few_components" : ix.ranked() ? "ranked" : "scored");
        v.add(round(index));
        boolean ranked = ix.ranked(); // the city's own score has nothing to be ranked against
        v.add(ranked && r != null ? r.rank() : null);
        v.add(ranked && r != null ? r.rankP05() : null);
        v.add(ranked && r != null ? r.rankP95() : null);
        v.add(ranked && r != null ? r.rankChange() : null);
        v.add(r == null ? 0.0 : round(r.coveragePct()));
        v.add(r == null ? null : round(r.points()));
        v.add(r == null ? null : round(r.pointsPossible()));
        Double assessedPct = tong == null || !(tong[1] > 0) || Double.isNaN(tong[0]) ? null : 100 * tong[0] / tong[1];
        v.add(round(assessedPct));
        v.add(tong == null || tong[2] < 0 ? null : tong[2] == 1);
        v.add(assessedRank);
        v.add(assessedPct == null || index == null ? null : Math.abs(assessedPct - index) <= AGREEMENT_TOLERANCE);
        for (String d : domains) v.add(r == null ? null : round(r.domains().get(d)));
        for (String c : components) v.add(r == null ? null : round(r.components().get(c)));
        return RowFactory.create(v.toArray());
    }

    private static Double round(Double d) {
        return d == null ? null : Math.round(d * 10_000) / 10_000.0;
    }

    /**
     * The method as a table: index role and scoring, component, domain, bounds, and the effective weights (each domain's
     * summing to 1; none for an index scored in points).
     */
    public static Dataset<Row> method(List<CompositeIndex.Index> indices, List<CompositeIndex.Component> method, SparkSession spark) {
        Map<String, CompositeIndex.Index> byId = new HashMap<>();
        indices.forEach(i -> byId.put(i.id(), i));
        StructType schema = new StructType().add("index_id", DataTypes.StringType).add("index_role", DataTypes.StringType)
                .add("scoring", DataTypes.StringType).add("domain", DataTypes.StringType)
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
            CompositeIndex.Index ix = byId.get(c.indexId());
            // scored in points, a criterion weighs its maximum score as the assessment gives it: no declared weight
            boolean points = ix.scoring() == CompositeIndex.Scoring.POINTS;
            rows.add(RowFactory.create(c.indexId(), ix.role(), ix.scoring().name().toLowerCase(java.util.Locale.ROOT), c.domain(),
                    c.component(), c.nameVi(), c.nameEn(), c.source(), c.lower(), c.upper(),
                    points ? null : round(c.weight() / inDomain), points ? null : round(domainWeights.get(c.domain()) / domains)));
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
}
