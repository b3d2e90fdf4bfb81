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
 * <p>Year forms (column {@code year}, kept as {@code target_period}): {@code YYYY} (a point target);
 * {@code YYYY-YYYY} (a target for the period, due at its end year); {@code annual:YYYY-YYYY} (the same target
 * every year); {@code avg:YYYY-YYYY} (an average annual growth over the period, due at its end year and judged
 * on the geometric mean of the yearly growth rates, as the statistics office computes GRDP growth);
 * {@code before:YYYY} (due by that year); {@code unspecified} (no due date: judged on the latest value) and
 * {@code after:YYYY} (due some time after that year: judged on the latest value after it). Pre-merger plans
 * ({@code hp_} / {@code hd_} ids) are ordinary targets on their own series. Target: a number, a range low-high
 * with {@code between}, or a word where the resolutions give no number ({@code universal}, {@code unquantified},
 * {@code prev_year}), which the scorecard shows as "no numeric target" rather than inventing one.
 */
public final class CriteriaCatalog {
    public static final String RESOURCE = "/conf/criteria.csv";

    public static final StructType TARGETS_SCHEMA = new StructType()
            .add("criterion_id", DataTypes.StringType, false)
            .add("model_id", DataTypes.StringType, true)
            .add("name_en", DataTypes.StringType, true)
            .add("name_vi", DataTypes.StringType, true)
            .add("unit", DataTypes.StringType, true)
            .add("direction", DataTypes.StringType, true)
            .add("operator", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, true)
            .add("target_value", DataTypes.DoubleType, true)
            .add("target_text", DataTypes.StringType, false)
            .add("levels", DataTypes.StringType, false)
            .add("metric", DataTypes.StringType, false)
            .add("source", DataTypes.StringType, true)
            .add("baseline_year", DataTypes.IntegerType, true)
            .add("baseline_value", DataTypes.DoubleType, true)
            .add("target_period", DataTypes.StringType, false)
            .add("period_start", DataTypes.IntegerType, true)
            .add("judged_for", DataTypes.StringType, false)
            .add("from_units", DataTypes.StringType, false)
            .add("universe_size", DataTypes.IntegerType, true)
            .add("tolerance_pct", DataTypes.DoubleType, true)
            .add("stretch_target", DataTypes.DoubleType, true)
            .add("row_kind", DataTypes.StringType, false)
            .add("owner", DataTypes.StringType, true)
            .add("model_lead_unit", DataTypes.StringType, true);

    /** The band, in percent of the target, within which an approximate target ("khoảng 1.500") is met, unless the site says. */
    public static final double DEFAULT_APPROX_TOLERANCE_PCT = 5.0;

    /** Columns every catalog file has; {@code name_vi}, {@code baseline_year} and {@code baseline_value} are optional. */
    static final List<String> REQUIRED = List.of("criterion_id", "model_id", "name_en", "unit", "direction", "operator",
            "year", "target", "levels", "metric", "source");

    /** The environment variable naming a site catalog (same header), read on top of the built-in one. */
    public static final String ENV_SITE_CATALOG = "CITY_INDICATORS_CRITERIA";

    /**
     * One criterion and due year ({@code year} null when the resolutions give no due date). {@code targetPeriod} is
     * the catalog's year form; {@code periodStart} the first year an average ({@code avg:}) or open-ended
     * ({@code after:}) target looks at.
     */
    public record Target(String criterionId, String modelId, String nameEn, String nameVi, String unit, String direction,
                         String operator, Integer year, Double targetValue, String targetText, String levels,
                         String metric, String source, Integer baselineYear, Double baselineValue,
                         String targetPeriod, Integer periodStart, Judgement judgement) {
        Row toRow(double approxTolerancePct, java.util.Map<String, String> leadUnits) {
            Judgement j = judgement;
            return RowFactory.create(criterionId, modelId, nameEn, nameVi, unit, direction, operator, year, targetValue,
                    targetText, levels, metric, source, baselineYear, baselineValue, targetPeriod, periodStart,
                    j.judgedFor(), j.fromUnits(), j.universeSize(), j.approx() ? approxTolerancePct : null, j.stretchTarget(),
                    j.rowKind(), j.owner(), modelId == null ? null : leadUnits.get(modelId));
        }

        /**
         * A city-wide target about units whose city value can be built from the communes' own figures of the same
         * metric: their sum, or the count of those that have one. A share is never summed (its own mart pools it).
         */
        public boolean rollsUpFromCommunes() {
            return levels.equals("city") && !unit.startsWith("%")
                    && (judgement.fromUnits().equals("sum") || judgement.fromUnits().equals("count_units"));
        }

        /** A rule a unit's own assessment applies (a youth branch earns its title at 80%): listed, never scored. */
        public boolean isPassRule() { return judgement.rowKind().equals(PASS_RULE); }

        /** An average annual growth over a period ({@code avg:YYYY-YYYY}). */
        public boolean isAverage() { return targetPeriod.startsWith("avg:"); }

        /** A target at a year, judged on that year's value (not an average, not open-ended). */
        public boolean isYearly() { return year != null && !isAverage(); }

        /** How the criterion's series is forecast, from its unit ({@link Scale#of}). */
        public Scale scale() { return Scale.of(unit); }

        public boolean higherIsBetter() { return !direction.startsWith("lower"); }

        public Operator op() { return Operator.parse(operator); }

        /** The comparison that decides "met" (see {@link Operator}). */
        public Operator decidingOperator() {
            return op().deciding(higherIsBetter());
        }
    }

    /**
     * Who receives a target's verdict and how its value comes from unit data (NOTES section 7 of the criteria
     * extraction): {@code judgedFor} ({@code city}, {@code each_commune}, {@code ward_dong_hai}, ...); {@code fromUnits}
     * ({@code none}: one delivered figure; {@code sum}: the units' values pooled; {@code count_units}: the units meeting the
     * condition; {@code share_of_units}: those over all {@code universeSize} units, a unit with no report counting as not
     * meeting it); {@code approx}: the resolutions' number is approximate ("khoảng"); {@code stretchTarget}: the number to
     * strive for beside the firm one; {@code rowKind}: {@code target}, {@code pass_rule} or {@code historical};
     * {@code owner}: the department answerable for it.
     */
    public record Judgement(String judgedFor, String fromUnits, Integer universeSize, boolean approx, Double stretchTarget,
                            String rowKind, String owner) {
        static Judgement defaults(String levels) {
            return new Judgement(levels.equals("city") ? "city" : levels.startsWith("commune") ? "each_commune" : "city", "none",
                    null, false, null, TARGET, null);
        }
    }

    public static final String TARGET = "target";
    public static final String PASS_RULE = "pass_rule";
    public static final String HISTORICAL = "historical";

    private final List<Target> targets;
    private final String fingerprint;
    private final double approxTolerancePct;

    private CriteriaCatalog(List<Target> targets, String fingerprint, double approxTolerancePct) {
        this.targets = targets;
        this.fingerprint = fingerprint;
        this.approxTolerancePct = approxTolerancePct;
    }

    public List<Target> targets() { return targets; }
    /** SHA-256 of the catalog file(s) and the tolerance of approximate targets: a change rebuilds the scorecard. */
    public String fingerprint() { return fingerprint; }

    public double approxTolerancePct() { return approxTolerancePct; }

    /** This catalog with approximate targets met within {@code pct} percent of their number (site setting {@code criteria.approx_tolerance_pct}). */
    public CriteriaCatalog withApproxTolerance(double pct) {
        if (!(pct >= 0 && pct < 100)) throw new IllegalArgumentException("criteria.approx_tolerance_pct must be from 0 to 100, got " + pct);
        if (pct == approxTolerancePct) return this;
        MessageDigest d = sha256();
        d.update((fingerprint + "|approx=" + pct).getBytes(StandardCharsets.UTF_8));
        return new CriteriaCatalog(targets, HexFormat.of().formatHex(d.digest()), pct);
    }

    public Dataset<Row> toDataFrame(SparkSession spark) {
        java.util.Map<String, String> leads = leadUnits();
        return spark.createDataFrame(targets.stream().map(t -> t.toRow(approxTolerancePct, leads)).toList(), TARGETS_SCHEMA);
    }

    /** Each model's lead unit ({@code conf/models.csv}): answerable for its targets beside each target's own owner. */
    public static java.util.Map<String, String> leadUnits() {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (CSVRecord r : vn.haiphong.indicators.config.ClasspathCsv.records("/conf/models.csv")) out.put(r.get("model_id"), r.get("lead_unit"));
        return out;
    }

    /** The built-in catalog, {@code conf/criteria.csv}. */
    public static CriteriaCatalog load() {
        return load(null);
    }

    /**
     * The built-in catalog with a site catalog on top ({@code sitePath}, or none when null or blank): a criterion
     * the site file names has exactly the site file's targets (replacing the built-in ones); new criteria are added.
     * A bad line of either file is refused naming the file, line and column.
     */
    public static CriteriaCatalog load(String sitePath) {
        var files = vn.haiphong.indicators.config.ClasspathCsv.layered(RESOURCE, sitePath, "the site catalog", ENV_SITE_CATALOG);
        List<Target> targets = new ArrayList<>(parseFile("conf/criteria.csv", files.builtIn()));
        if (files.site() != null) {
            List<Target> own = parseFile(files.sitePath(), files.site());
            java.util.Set<String> replaced = new java.util.HashSet<>();
            own.forEach(t -> replaced.add(t.criterionId()));
            targets.removeIf(t -> replaced.contains(t.criterionId()));
            targets.addAll(own);
        }
        return new CriteriaCatalog(List.copyOf(targets), files.fingerprint(), DEFAULT_APPROX_TOLERANCE_PCT);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A catalog from CSV text alone (tests, tools), named conf/criteria.csv in messages. */
    public static CriteriaCatalog parse(String csv, String fingerprint) {
        return new CriteriaCatalog(List.copyOf(parseFile("conf/criteria.csv", csv)), fingerprint, DEFAULT_APPROX_TOLERANCE_PCT);
    }

    /** The targets of one catalog file; {@code file} names it in error messages (with line and column). */
    static List<Target> parseFile(String file, String csv) {
        List<Target> out = new ArrayList<>();
        List<CSVRecord> records;
        java.util.Map<String, Integer> header;
        try {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(new java.io.StringReader(csv));
            header = parser.getHeaderMap();
            records = parser.getRecords();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": not a readable CSV file: " + e.getMessage(), e);
        }
        for (String column : REQUIRED) {
            if (!header.containsKey(column)) throw new IllegalArgumentException(file + " line 1: missing column '" + column + "'");
        }
        for (CSVRecord r : records) {
            String where = file + " line " + (r.getRecordNumber() + 1);
            if (!r.isConsistent()) {
                throw new IllegalArgumentException(where + ": " + r.size() + " fields, the header has " + header.size());
            }
            String op = r.get("operator").trim();
            try {
                Operator.parse(op);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " column 'operator': " + e.getMessage());
            }
            String metric = r.get("metric").trim();
            if (!metric.matches("[a-z0-9_]+\\.[a-z0-9_]+(\\?[a-z0-9_]+=[^&=]+(&[a-z0-9_]+=[^&=]+)*)?")) {
                throw new IllegalArgumentException(where + " column 'metric': must be <mart table>.<column>[?<column>=<value>&...], got '"
                        + metric + "'");
            }
            String id = r.get("criterion_id").trim();
            if (!id.matches("[a-z0-9_]+")) throw new IllegalArgumentException(where + " column 'criterion_id': expected lower-case letters, digits and _, got '" + id + "'");
            String direction = r.get("direction").trim();
            if (!direction.startsWith("higher") && !direction.startsWith("lower") && !direction.equals("equality")) {
                throw new IllegalArgumentException(where + " column 'direction': expected higher, lower or equality, got '" + direction + "'");
            }
            String text = r.get("target").trim();
            Double value = text.matches("-?\\d+(\\.\\d+)?") ? Double.valueOf(text) : null;
            if (op.equals("between")) {
                // A range such as 75-80 (billion USD by 2030): reaching its near end meets it, so the
                // bound that decides is the low one (the high one where lower is better).
                var range = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)").matcher(text);
                if (!range.matches()) throw new IllegalArgumentException(where + " column 'target': 'between' needs a range low-high, got '" + text + "'");
                value = Double.valueOf(direction.startsWith("lower") ? range.group(2) : range.group(1));
            }
            Double baselineYearNumber = optionalNumber(r, "baseline_year", where);
            Integer baselineYear = baselineYearNumber == null ? null : baselineYearNumber.intValue();
            Double baselineValue = optionalNumber(r, "baseline_value", where);
            String nameVi = r.isMapped("name_vi") ? blankToNull(r.get("name_vi")) : null;
            String period = r.get("year").trim();
            Judgement judgement = judgement(r, where);
            for (Due due : dues(period, where + " column 'year'")) {
                out.add(new Target(id, blankToNull(r.get("model_id")), r.get("name_en").trim(), nameVi,
                        r.get("unit").trim(), direction, op, due.year(), value, text,
                        r.get("levels").trim(), metric, r.get("source").trim(), baselineYear, baselineValue, period, due.from(),
                        judgement));
            }
        }
        return out;
    }

    static final List<String> FROM_UNITS = List.of("none", "sum", "count_units", "share_of_units");
    static final List<String> ROW_KINDS = List.of(TARGET, PASS_RULE, HISTORICAL);

    /** The optional judgement columns of a line; absent or blank, what its {@code levels} imply. */
    private static Judgement judgement(CSVRecord r, String where) {
        Judgement d = Judgement.defaults(r.get("levels").trim());
        String judgedFor = optional(r, "judged_for", d.judgedFor());
        if (!judgedFor.matches("[a-z0-9_]+")) throw new IllegalArgumentException(where + " column 'judged_for': expected a token such as city or each_commune, got '" + judgedFor + "'");
        String fromUnits = optional(r, "from_units", d.fromUnits());
        if (!FROM_UNITS.contains(fromUnits)) throw new IllegalArgumentException(where + " column 'from_units': expected one of " + FROM_UNITS + ", got '" + fromUnits + "'");
        String rowKind = optional(r, "row_kind", d.rowKind());
        if (!ROW_KINDS.contains(rowKind)) throw new IllegalArgumentException(where + " column 'row_kind': expected one of " + ROW_KINDS + ", got '" + rowKind + "'");
        String approx = optional(r, "approx", "");
        if (!approx.isEmpty() && !approx.equals("yes")) throw new IllegalArgumentException(where + " column 'approx': expected yes or nothing, got '" + approx + "'");
        Double universe = optionalNumber(r, "universe_size", where);
        if (fromUnits.equals("share_of_units") && universe != null && universe < 1) {
            throw new IllegalArgumentException(where + " column 'universe_size': a share of units needs at least one unit");
        }
        String stretchText = optional(r, "stretch_target", "");
        if (!stretchText.isEmpty() && !stretchText.matches("-?\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException(where + " column 'stretch_target': expected a number, got '" + stretchText + "'");
        }
        return new Judgement(judgedFor, fromUnits, universe == null ? null : universe.intValue(), approx.equals("yes"),
                stretchText.isEmpty() ? null : Double.valueOf(stretchText), rowKind, blankToNull(optional(r, "owner", "")));
    }

    private static String optional(CSVRecord r, String column, String otherwise) {
        if (!r.isMapped(column) || r.get(column).isBlank()) return otherwise;
        return r.get(column).trim();
    }

    /** An optional numeric column: absent or blank is null; a baseline the resolutions give as a range has none. */
    private static Double optionalNumber(CSVRecord r, String column, String where) {
        if (!r.isMapped(column)) return null;
        String v = r.get(column).trim();
        if (v.isEmpty()) return null;
        if (!v.matches("-?\\d+(\\.\\d+)?")) {
            if (column.equals("baseline_year")) throw new IllegalArgumentException(where + " column 'baseline_year': expected a year, got '" + v + "'");
            return null;
        }
        return Double.valueOf(v);
    }

    /** When a target is due ({@code year}, null for none) and the first year it looks at ({@code from}). */
    public record Due(Integer year, Integer from) { }

    /** The due years of a year form ({@code where} names it in the error for a form the catalog does not know). */
    public static List<Due> dues(String spec, String where) {
        if (spec.matches("\\d{4}")) return List.of(new Due(Integer.parseInt(spec), null));
        // A period target (e.g. 2026-2030: a total over the period) is due at the period's end.
        if (spec.matches("\\d{4}-\\d{4}")) return List.of(new Due(Integer.parseInt(spec.substring(5)), null));
        if (spec.equals("unspecified")) return List.of(new Due(null, null));
        var bound = java.util.regex.Pattern.compile("(before|after):(\\d{4})").matcher(spec);
        if (bound.matches()) {
            int y = Integer.parseInt(bound.group(2));
            return List.of(bound.group(1).equals("before") ? new Due(y, null) : new Due(null, y + 1));
        }
        var m = java.util.regex.Pattern.compile("(annual|avg):(\\d{4})-(\\d{4})").matcher(spec);
        if (m.matches()) {
            int from = Integer.parseInt(m.group(2)), to = Integer.parseInt(m.group(3));
            if (to < from) throw new IllegalArgumentException(where + ": year '" + spec + "' ends before it starts");
            if (m.group(1).equals("avg")) return List.of(new Due(to, from));
            List<Due> years = new ArrayList<>();
            for (int y = from; y <= to; y++) years.add(new Due(y, null));
            return years;
        }
        throw new IllegalArgumentException(where + ": year '" + spec
                + "' is not YYYY, YYYY-YYYY, annual:YYYY-YYYY, avg:YYYY-YYYY, before:YYYY, after:YYYY or unspecified");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
