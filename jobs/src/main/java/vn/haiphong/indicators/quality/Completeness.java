package vn.haiphong.indicators.quality;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Gold: {@code mart_delivery_completeness}, who owes what. Per calendar line ({@link DeliveryCalendar}) and period,
 * from the first period expected to the last one begun: its due date, whether and when it came, on time or how many
 * days late, or how many days overdue; and per sender and year, the reporting rate and timeliness as DHIS2 defines
 * them (reports received / expected, reports received by their due date / expected; a period is expected once due)
 * and the quarantine rate of the sender's files. The inputs are small (a row per file), so it is computed on the driver.
 */
public final class Completeness {
    private Completeness() { }

    /** The city's clock: a file ingested at 23:30 UTC on the 15th came on the 16th in Hai Phong. */
    public static final ZoneId CITY_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** Ledger statuses of a file that came and was read (a held correction came too; a rejected file did not count). */
    static final List<String> RECEIVED = List.of("ingested", "superseded", "accepted", "held");

    public static final String ON_TIME = "on_time";
    public static final String LATE = "late";
    public static final String OVERDUE = "overdue";
    public static final String NOT_YET_DUE = "not_yet_due";

    static final StructType SCHEMA = new StructType().add("sender_id", DataTypes.StringType).add("sender", DataTypes.StringType)
            .add("delivery_id", DataTypes.StringType).add("kind", DataTypes.StringType).add("indicator_codes", DataTypes.StringType)
            .add("frequency", DataTypes.StringType).add("reporting_period", DataTypes.StringType).add("year", DataTypes.IntegerType)
            .add("due_date", DataTypes.DateType).add("expected", DataTypes.BooleanType).add("received", DataTypes.BooleanType)
            .add("received_on", DataTypes.DateType).add("on_time", DataTypes.BooleanType).add("days_late", DataTypes.IntegerType)
            .add("days_overdue", DataTypes.IntegerType).add("status", DataTypes.StringType).add("files", DataTypes.LongType)
            .add("rows_read", DataTypes.LongType).add("rows_quarantined", DataTypes.LongType)
            .add("sender_expected", DataTypes.LongType).add("sender_received", DataTypes.LongType)
            .add("sender_on_time", DataTypes.LongType).add("sender_reporting_rate_pct", DataTypes.DoubleType)
            .add("sender_timeliness_pct", DataTypes.DoubleType).add("sender_quarantine_rate_pct", DataTypes.DoubleType)
            .add("as_of", DataTypes.DateType);

    /** What came for one calendar period: the first day a file of it came, and its files' counts. */
    private static final class Came {
        LocalDate first;
        long files;
        long read;
        long quarantined;

        void add(LocalDate on, long rowsRead, long rowsQuarantined) {
            first = first == null || on.isBefore(first) ? on : first;
            files++;
            read += rowsRead;
            quarantined += rowsQuarantined;
        }
    }

    /**
     * @param files      ops_file_ingestion (kind, period, status, rows_read, rows_quarantined, ingested_at, file_name)
     * @param indicators silver_city_indicators (indicator_code, year, _source_file), or null when none: what a line of
     *                   indicator codes is received from
     * @param asOf       the day the figures are as of (the night's, in the city)
     */
    public static Dataset<Row> build(Dataset<Row> files, Dataset<Row> indicators, DeliveryCalendar calendar, LocalDate asOf,
                                     SparkSession spark) {
        List<Row> ledger = files.where(col("status").isin(RECEIVED.toArray())).select("kind", "period", "rows_read", "rows_quarantined",
                "ingested_at", "file_name").collectAsList();
        Map<String, LocalDate> fileCame = new HashMap<>(); // file name -> the first day it came
        for (Row r : ledger) fileCame.merge(r.getString(5), day(r.get(4)), (a, b) -> a.isBefore(b) ? a : b);
        List<Row> codeRows = new ArrayList<>();
        boolean anyCodes = calendar.lines().stream().anyMatch(l -> !l.indicatorCodes().isEmpty());
        if (anyCodes && indicators != null) {
            codeRows = indicators.select(col("indicator_code"), col("year").cast("string"), col("_source_file")).distinct().collectAsList();
        }
        List<Object[]> rows = new ArrayList<>();
        for (DeliveryCalendar.Line line : calendar.lines()) {
            Map<String, Came> came = new HashMap<>();
            if (line.indicatorCodes().isEmpty()) {
                for (Row r : ledger) {
                    if (!line.kind().equals(r.getString(0))) continue;
                    String p = line.periodOf(r.getString(1));
                    if (p != null) came.computeIfAbsent(p, k -> new Came()).add(day(r.get(4)), r.getLong(2), r.getLong(3));
                }
            } else {
                Map<String, java.util.Set<String>> filesOf = new HashMap<>(); // period -> files holding one of the codes
                for (Row r : codeRows) {
                    String p = line.periodOf(r.getString(1));
                    if (p != null && line.indicatorCodes().contains(r.getString(0)) && fileCame.containsKey(r.getString(2))) {
                        filesOf.computeIfAbsent(p, k -> new java.util.TreeSet<>()).add(r.getString(2));
                    }
                }
                filesOf.forEach((p, names) -> names.forEach(n -> came.computeIfAbsent(p, k -> new Came()).add(fileCame.get(n), 0, 0)));
            }
            for (String period : line.periodsBegunBy(asOf)) {
                LocalDate due = line.due(period);
                Came c = came.get(period);
                boolean expected = !due.isAfter(asOf);
                boolean onTime = c != null && !c.first.isAfter(due);
                String status = c != null ? (onTime ? ON_TIME : LATE) : expected ? OVERDUE : NOT_YET_DUE;
                rows.add(new Object[] {line.senderId(), line.sender(), line.deliveryId(), line.kind(), String.join(";", line.indicatorCodes()),
                        line.frequency().name().toLowerCase(java.util.Locale.ROOT), period, line.frequency().end(period).getYear(),
                        due, expected, c != null, c == null ? null : c.first, c == null ? null : onTime,
                        c == null || onTime ? null : (int) ChronoUnit.DAYS.between(due, c.first),
                        status.equals(OVERDUE) ? (int) ChronoUnit.DAYS.between(due, asOf) : null, status,
                        c == null ? 0L : c.files, c == null ? 0L : c.read, c == null ? 0L : c.quarantined});
            }
        }
        // per sender and year: DHIS2's reporting rate and timeliness over the periods expected, and the quarantine rate
        Map<String, long[]> bySenderYear = new HashMap<>(); // sender|year -> expected, received, on time, read, quarantined
        for (Object[] r : rows) {
            long[] s = bySenderYear.computeIfAbsent(r[0] + "|" + r[7], k -> new long[5]);
            if ((Boolean) r[9]) {
                s[0]++;
                if ((Boolean) r[10]) s[1]++;
                if (Boolean.TRUE.equals(r[12])) s[2]++;
            }
            s[3] += (Long) r[17];
            s[4] += (Long) r[18];
        }
        List<Row> out = new ArrayList<>();
        for (Object[] r : rows) {
            long[] s = bySenderYear.get(r[0] + "|" + r[7]);
            List<Object> v = new ArrayList<>(java.util.Arrays.asList(r));
            v.add(s[0]);
            v.add(s[1]);
            v.add(s[2]);
            v.add(s[0] == 0 ? null : pct(s[1], s[0]));
            v.add(s[0] == 0 ? null : pct(s[2], s[0]));
            v.add(s[3] == 0 ? null : pct(s[4], s[3]));
            v.add(asOf);
            out.add(RowFactory.create(v.toArray()));
        }
        return spark.createDataFrame(out, SCHEMA);
    }

    /** The city's time of a timestamp as a row holds it (an Instant, as the sessions read them, or a java.sql.Timestamp). */
    public static java.time.LocalDateTime cityTime(Object t) {
        java.time.Instant i = t instanceof java.sql.Timestamp ts ? ts.toInstant() : (java.time.Instant) t;
        return i.atZone(CITY_ZONE).toLocalDateTime();
    }

    /** The day in the city a timestamp falls on. */
    static LocalDate day(Object t) {
        return cityTime(t).toLocalDate();
    }

    /** Today in the city. */
    public static LocalDate today() {
        return LocalDate.now(CITY_ZONE);
    }

    private static double pct(long part, long whole) {
        return Math.round(10_000.0 * part / whole) / 100.0;
    }

    /** {@code delivery_overdue}: the days each overdue period is past due, subject {@code <sender>/<delivery>}, t the period. */
    public static Dataset<Row> overdueSeries(Dataset<Row> completeness) {
        return completeness.where(col("status").equalTo(OVERDUE))
                .select(org.apache.spark.sql.functions.concat_ws("/", col("sender_id"), col("delivery_id")).as("subject"), col("reporting_period").as("t"),
                        col("days_overdue").cast("double").as("value"), org.apache.spark.sql.functions.lit(null).cast("string").as("file_name"),
                        org.apache.spark.sql.functions.lit(null).cast("boolean").as("correction"),
                        org.apache.spark.sql.functions.lit(null).cast("string").as("lines"));
    }
}
