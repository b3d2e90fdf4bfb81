package vn.haiphong.indicators.criteria;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The criteria and their yearly targets, from {@code conf/criteria.csv} (ids and targets as in the
 * city's criteria extraction, {@code indicators.csv}). A new target is a line in that file.
 *
 * <p>Year forms: {@code YYYY} (a point target), {@code YYYY-YYYY} (a target for the period, due at
 * its end year) and {@code annual:YYYY-YYYY} (the same target every year). Target: a number, or a word where the resolutions give none ({@code universal},
 * {@code unquantified}), which the scorecard shows as "no numeric target" rather than inventing one.
 */
public final class CriteriaCatalog {
    public static final String RESOURCE = "/conf/criteria.csv";

    public static final StructType TARGETS_SCHEMA = new StructType()
            .add("criterion_id", DataTypes.StringType, false)
            .add("model_id", DataTypes.StringType, true)
            .add("name_en", DataTypes.StringType, true)
            .add("unit", DataTypes.StringType, true)
            .add("direction", DataTypes.StringType, true)
            .add("operator", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, false)
            .add("target_value", DataTypes.DoubleType, true)
            .add("target_text", DataTypes.StringType, false)
            .add("levels", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, true);

    /** One criterion and year. */
    public record Target(String criterionId, String modelId, String nameEn, String unit, String direction,
                         String operator, int year, Double targetValue, String targetText, String levels,
                         String metric, String source) {
        Row toRow() {
            return RowFactory.create(criterionId, modelId, nameEn, unit, direction, operator, year, targetValue,
                    targetText, levels, metric, source);
        }

        /**
         * How the criterion's series is forecast: shares ("% of ...") are bounded to 0-100, cumulative
         * counts never fall; anything else (growth rates in "% per year" included) is a level.
         */
        public Scale scale() {
            if (unit.startsWith("% of")) return Scale.PERCENT;
            if (unit.contains("cumulative")) return Scale.CUMULATIVE;
            return Scale.LEVEL;
        }

        public boolean higherIsBetter() { return !direction.startsWith("lower"); }

        public Operator op() { return Operator.parse(operator); }

        /** The comparison that decides "met" (see {@link Operator}). */
        public Operator decidingOperator() {
            return op().deciding(higherIsBetter());
        }
    }

    private final List<Target> targets;
    private final String fingerprint;

    private CriteriaCatalog(List<Target> targets, String fingerprint) {
        this.targets = targets;
        this.fingerprint = fingerprint;
    }

    public List<Target> targets() { return targets; }
    /** SHA-256 of the catalog file: a changed target rebuilds the scorecard. */
    public String fingerprint() { return fingerprint; }

    public Dataset<Row> toDataFrame(SparkSession spark) {
        return spark.createDataFrame(targets.stream().map(Target::toRow).toList(), TARGETS_SCHEMA);
    }

    public static CriteriaCatalog load() {
        try (InputStream in = CriteriaCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " missing from classpath");
            byte[] bytes = in.readAllBytes();
            return parse(new String(bytes, StandardCharsets.UTF_8),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    public static CriteriaCatalog parse(String csv, String fingerprint) throws IOException {
        List<Target> out = new ArrayList<>();
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new java.io.StringReader(csv)).getRecords();
        for (CSVRecord r : records) {
            String where = "conf/criteria.csv line " + (r.getRecordNumber() + 1);
            String op = r.get("operator").trim();
            try {
                Operator.parse(op);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            String metric = r.get("metric").trim();
            if (!metric.matches("[a-z0-9_]+\\.[a-z0-9_]+(\\?[a-z0-9_]+=[^&=]+(&[a-z0-9_]+=[^&=]+)*)?")) {
                throw new IllegalArgumentException(where + ": metric must be <mart table>.<column>[?<column>=<value>&...], got '"
                        + metric + "'");
            }
            String text = r.get("target").trim();
            Double value = text.matches("-?\\d+(\\.\\d+)?") ? Double.valueOf(text) : null;
            if (op.equals("between")) {
                // A range such as 75-80 (billion USD by 2030): reaching its near end meets it, so the
                // bound that decides is the low one (the high one where lower is better).
                var range = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)").matcher(text);
                if (!range.matches()) throw new IllegalArgumentException(where + ": 'between' needs a range low-high, got '" + text + "'");
                value = Double.valueOf(r.get("direction").trim().startsWith("lower") ? range.group(2) : range.group(1));
            }
            for (int year : years(r.get("year").trim(), where)) {
                out.add(new Target(r.get("criterion_id").trim(), blankToNull(r.get("model_id")), r.get("name_en").trim(),
                        r.get("unit").trim(), r.get("direction").trim(), op, year, value, text,
                        r.get("levels").trim(), metric, r.get("source").trim()));
            }
        }
        return new CriteriaCatalog(List.copyOf(out), fingerprint);
    }

    static List<Integer> years(String spec, String where) {
        if (spec.matches("\\d{4}")) return List.of(Integer.parseInt(spec));
        // A period target (e.g. 2026-2030: a total over the period) is due at the period's end.
        if (spec.matches("\\d{4}-\\d{4}")) return List.of(Integer.parseInt(spec.substring(5)));
        var m = java.util.regex.Pattern.compile("annual:(\\d{4})-(\\d{4})").matcher(spec);
        if (m.matches()) {
            List<Integer> years = new ArrayList<>();
            for (int y = Integer.parseInt(m.group(1)); y <= Integer.parseInt(m.group(2)); y++) years.add(y);
            return years;
        }
        throw new IllegalArgumentException(where + ": year '" + spec + "' is not YYYY, YYYY-YYYY or annual:YYYY-YYYY");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
