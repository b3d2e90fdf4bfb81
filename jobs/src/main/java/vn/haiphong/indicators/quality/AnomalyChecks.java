package vn.haiphong.indicators.quality;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.config.ClasspathCsv;

/**
 * Anomaly checks against the history of what was delivered, declared as data ({@code conf/quality_checks.csv}: check,
 * series, threshold, window, severity, description) in the manner of Deequ's anomaly detection on its metrics
 * repository. A series ({@link QualitySeries}) is a history per subject: {@code subject, t, value, file_name,
 * correction, lines} (the file's lines the point comes from, where it is one row); a check compares each point with the subject's earlier points:
 * <ul>
 *   <li>{@code relative_change}: |value / mean of the previous {@code window} points - 1| above the threshold;</li>
 *   <li>{@code decrease}: a value below the previous one in a delivery that is not a correction ({@code _vN});</li>
 *   <li>{@code ratio}: value / previous above the threshold or below its inverse (an estimate ten times last year's);</li>
 *   <li>{@code above}: a value above the threshold (a quarantine rate);</li>
 *   <li>{@code outside}: a value outside {@code low;high}.</li>
 * </ul>
 * An alert never blocks the night: it is recorded ({@code ops_alerts}), summarised and shown in the report.
 */
public final class AnomalyChecks {
    private AnomalyChecks() { }

    public static final String RESOURCE = "/conf/quality_checks.csv";

    /** One declared check. */
    public record Check(String check, String series, String threshold, int window, String severity, String description) { }

    public static final StructType SERIES = new StructType()
            .add("subject", DataTypes.StringType, false)
            .add("t", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, true)
            .add("file_name", DataTypes.StringType, true)
            .add("correction", DataTypes.BooleanType, true)
            .add("lines", DataTypes.StringType, true);

    public static final StructType ALERTS = new StructType()
            .add("check", DataTypes.StringType, false)
            .add("series", DataTypes.StringType, false)
            .add("severity", DataTypes.StringType, false)
            .add("subject", DataTypes.StringType, false)
            .add("t", DataTypes.StringType, false)
            .add("value", DataTypes.DoubleType, true)
            .add("expected", DataTypes.DoubleType, true)
            .add("change", DataTypes.DoubleType, true)
            .add("file_name", DataTypes.StringType, true)
            .add("lines", DataTypes.StringType, true)
            .add("description", DataTypes.StringType, false);

    public static List<Check> load() {
        List<Check> out = new ArrayList<>();
        for (CSVRecord r : ClasspathCsv.records(RESOURCE)) {
            String check = r.get("check").trim();
            if (!List.of("relative_change", "decrease", "ratio", "above", "outside").contains(check)) {
                throw new IllegalArgumentException("conf/quality_checks.csv line " + (r.getRecordNumber() + 1)
                        + " column 'check': expected relative_change, decrease, ratio, above or outside, got '" + check + "'");
            }
            String window = r.get("window").trim();
            out.add(new Check(check, r.get("series").trim(), r.get("threshold").trim(), window.isEmpty() ? 1 : Integer.parseInt(window),
                    r.get("severity").trim(), r.get("description").trim()));
        }
        return out;
    }

    /** Every check on its series (a series not available this night is skipped). */
    public static Dataset<Row> run(List<Check> checks, Map<String, Dataset<Row>> series, SparkSession spark) {
        Dataset<Row> out = spark.createDataFrame(List.of(), ALERTS);
        for (Check c : checks) {
            Dataset<Row> s = series.get(c.series());
            if (s != null) out = out.unionByName(apply(c, s));
        }
        return out;
    }

    /** The alerts of one check on one series. */
    public static Dataset<Row> apply(Check c, Dataset<Row> series) {
        WindowSpec bySubject = Window.partitionBy("subject").orderBy("t");
        Dataset<Row> s = series.where(col("value").isNotNull());
        Dataset<Row> flagged;
        switch (c.check()) {
            case "relative_change" -> {
                double threshold = Double.parseDouble(c.threshold());
                Dataset<Row> w = s.withColumn("expected", avg("value").over(bySubject.rowsBetween(-c.window(), -1)));
                flagged = w.withColumn("change", col("value").divide(col("expected")).minus(1))
                        .where(col("expected").gt(0).and(abs(col("change")).gt(threshold)));
            }
            case "decrease" -> flagged = s.withColumn("expected", lag("value", 1).over(bySubject))
                    .withColumn("change", col("value").minus(col("expected")))
                    .where(col("change").lt(-Double.parseDouble(c.threshold())).and(not(coalesce(col("correction"), lit(false)))));
            case "ratio" -> {
                double threshold = Double.parseDouble(c.threshold());
                Dataset<Row> w = s.withColumn("expected", lag("value", 1).over(bySubject))
                        .withColumn("change", col("value").divide(col("expected")));
                flagged = w.where(col("expected").gt(0).and(col("value").gt(0))
                        .and(col("change").gt(threshold).or(col("change").lt(1.0 / threshold))));
            }
            case "above" -> flagged = s.withColumn("expected", lit(Double.parseDouble(c.threshold())))
                    .withColumn("change", col("value").minus(col("expected"))).where(col("change").gt(0));
            case "outside" -> {
                String[] bounds = c.threshold().split(";");
                double lo = Double.parseDouble(bounds[0]);
                double hi = Double.parseDouble(bounds[1]);
                Column expected = org.apache.spark.sql.functions.when(col("value").lt(lo), lit(lo)).otherwise(lit(hi));
                flagged = s.where(col("value").lt(lo).or(col("value").gt(hi))).withColumn("expected", expected)
                        .withColumn("change", col("value").minus(col("expected")));
            }
            default -> throw new IllegalArgumentException("unknown check " + c.check());
        }
        return flagged.select(lit(c.check()).as("check"), lit(c.series()).as("series"), lit(c.severity()).as("severity"),
                col("subject"), col("t"), col("value"), col("expected").cast("double").as("expected"),
                col("change").cast("double").as("change"), col("file_name"), col("lines"), lit(c.description()).as("description"));
    }

    private static Column not(Column c) {
        return org.apache.spark.sql.functions.not(c);
    }
}
