package vn.haiphong.indicators.publish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import vn.haiphong.indicators.graph.TableDef;
import vn.haiphong.indicators.lake.Lake;

/**
 * Publishes the gold tables to PostgreSQL for BI tools, atomically: every table is loaded into a fresh schema, which
 * replaces {@code city_indicators} in one transaction (readers see the previous publish or the new one, never a
 * half-loaded one; a failed load leaves the previous one in place). {@code city_indicators_meta.publish_log} says what
 * was published, from which lake versions and run, and when; a lake whose versions were already published is not
 * published again. Controlled columns are disclosure-controlled ({@link Disclosure}).
 */
public final class Publisher {
    private Publisher() { }

    public static final String SCHEMA = "city_indicators";
    public static final String META = "city_indicators_meta";

    /** What a publish did. */
    public record Result(boolean published, Map<String, Long> rows, long suppressedCells, String lakeVersions) { }

    /**
     * A table to publish: the frame (already disclosure-controlled), its description, its key (a primary key when no
     * key column holds nulls, else a unique index counting nulls as equal), the comment of each column, and the
     * columns that refer to a dimension ({@code column -> dim_table}, whose key has the same name).
     */
    public record Table(String name, String description, Dataset<Row> rows, List<String> key,
                        Map<String, String> columnComments, Map<String, String> references) {
        public Table(String name, String description, Dataset<Row> rows, List<String> key) {
            this(name, description, rows, key, Map.of(), Map.of());
        }
    }

    /**
     * @param lakeVersions what is published ({@link #lakeVersions}): the same versions again publish nothing
     * @param publish      the tables, already disclosure-controlled
     */
    public static Result publish(Connection c, String runId, String lakeVersions, List<Table> publish) throws SQLException {
        return publish(c, runId, lakeVersions, publish, vn.haiphong.indicators.graph.Progress.quiet());
    }

    /** The lake versions of the last publish, or null when nothing was published to this database yet. */
    public static String lastPublished(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT to_regclass('" + META + ".publish_log') IS NOT NULL")) {
                r.next();
                if (!r.getBoolean(1)) return null;
            }
            try (ResultSet r = s.executeQuery("SELECT lake_versions FROM " + META + ".publish_log ORDER BY published_at DESC LIMIT 1")) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    public static Result publish(Connection c, String runId, String lakeVersions, List<Table> publish,
                                 vn.haiphong.indicators.graph.Progress progress) throws SQLException {
        return publish(c, runId, lakeVersions, publish, null, progress);
    }

    /**
     * @param readRole a role that may read what is published (dashboards' read-only login), or null: granted on the new
     *                 schema before the switch, since the schema (and so its grants) is new at every publish
     */
    public static Result publish(Connection c, String runId, String lakeVersions, List<Table> publish, String readRole,
                                 vn.haiphong.indicators.graph.Progress progress) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + META);
            s.execute("CREATE TABLE IF NOT EXISTS " + META + ".publish_log (published_at timestamptz NOT NULL DEFAULT now(), "
                    + "run_id text NOT NULL, lake_versions text NOT NULL, tables integer NOT NULL, rows bigint NOT NULL, "
                    + "suppressed_cells bigint NOT NULL)");
            s.execute("COMMENT ON TABLE " + META + ".publish_log IS 'One row per publish: when, which run, from which lake table "
                    + "versions. Dashboards show the latest published_at as \"last updated\".'");
            c.commit();
            try (ResultSet r = s.executeQuery("SELECT lake_versions FROM " + META + ".publish_log ORDER BY published_at DESC LIMIT 1")) {
                if (r.next() && r.getString(1).equals(lakeVersions)) {
                    return new Result(false, Map.of(), 0, lakeVersions);
                }
            }
            String loading = SCHEMA + "_loading";
            s.execute("DROP SCHEMA IF EXISTS " + loading + " CASCADE"); // a load that died midway
            s.execute("CREATE SCHEMA " + loading);
            Map<String, Long> rows = new LinkedHashMap<>();
            long suppressed = 0;
            for (Table t : publish) {
                long[] counts = load(c, loading, t);
                rows.put(t.name(), counts[0]);
                suppressed += counts[1];
                progress.step(String.format("%-34s %,9d rows%s", t.name(), counts[0],
                        counts[1] > 0 ? String.format(", %,d cells suppressed", counts[1]) : ""));
            }
            // after every table is in: a fact refers to a dimension loaded after it
            for (Table t : publish) references(c, loading, t);
            if (readRole != null && !readRole.isBlank()) {
                s.execute("GRANT USAGE ON SCHEMA " + loading + " TO " + quote(readRole));
                s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + loading + " TO " + quote(readRole));
                s.execute("GRANT USAGE ON SCHEMA " + META + " TO " + quote(readRole));
                s.execute("GRANT SELECT ON " + META + ".publish_log TO " + quote(readRole));
            }
            c.commit();
            // the switch: one transaction, so a reader sees the old schema or the new one
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + "_previous CASCADE");
            try (ResultSet r = s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + SCHEMA + "'")) {
                if (r.next()) s.execute("ALTER SCHEMA " + SCHEMA + " RENAME TO " + SCHEMA + "_previous");
            }
            s.execute("ALTER SCHEMA " + loading + " RENAME TO " + SCHEMA);
            try (PreparedStatement log = c.prepareStatement("INSERT INTO " + META + ".publish_log (run_id, lake_versions, tables, rows, "
                    + "suppressed_cells) VALUES (?, ?, ?, ?, ?)")) {
                log.setString(1, runId);
                log.setString(2, lakeVersions);
                log.setInt(3, publish.size());
                log.setLong(4, rows.values().stream().mapToLong(Long::longValue).sum());
                log.setLong(5, suppressed);
                log.executeUpdate();
            }
            c.commit();
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + "_previous CASCADE");
            c.commit();
            return new Result(true, rows, suppressed, lakeVersions);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The lake versions of the tables, {@code table=version;...}: what a publish is of. */
    public static String lakeVersions(Lake lake, List<TableDef> tables) {
        Map<String, Long> v = new TreeMap<>();
        for (TableDef t : tables) if (lake.exists(t.name())) v.put(t.name(), lake.version(t.name()));
        StringBuilder sb = new StringBuilder();
        v.forEach((k, x) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append('=').append(x));
        return sb.toString();
    }

    /** Creates and fills one table; returns {rows, suppressed cells}. */
    static long[] load(Connection c, String schema, Table t) throws SQLException {
        StructField[] fields = t.rows().schema().fields();
        StringBuilder ddl = new StringBuilder("CREATE TABLE " + schema + "." + t.name() + " (");
        for (int i = 0; i < fields.length; i++) {
            ddl.append(i == 0 ? "" : ", ").append(quote(fields[i].name())).append(' ').append(sqlType(fields[i].dataType()));
        }
        try (Statement s = c.createStatement()) {
            s.execute(ddl.append(')').toString());
            s.execute("COMMENT ON TABLE " + schema + "." + t.name() + " IS " + literal(t.description()));
            for (Map.Entry<String, String> comment : t.columnComments().entrySet()) {
                s.execute("COMMENT ON COLUMN " + schema + "." + t.name() + "." + quote(comment.getKey()) + " IS " + literal(comment.getValue()));
            }
        }
        String insert = "INSERT INTO " + schema + "." + t.name() + " VALUES (" + "?,".repeat(fields.length - 1) + "?)";
        long n = 0;
        long suppressed = 0;
        try (PreparedStatement p = c.prepareStatement(insert)) {
            Iterator<Row> it = t.rows().toLocalIterator();
            while (it.hasNext()) {
                Row r = it.next();
                for (int i = 0; i < fields.length; i++) {
                    Object v = r.get(i);
                    if (v instanceof java.time.LocalDate d) v = java.sql.Date.valueOf(d);
                    if (v instanceof java.time.Instant x) v = java.sql.Timestamp.from(x);
                    p.setObject(i + 1, v);
                    if (v != null && (fields[i].name().endsWith("_suppressed") || fields[i].name().equals(StarSchema.SUPPRESSED_CELLS))) suppressed++;
                }
                p.addBatch();
                if (++n % 1000 == 0) p.executeBatch();
            }
            p.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            if (!t.key().isEmpty()) {
                String columns = String.join(", ", t.key().stream().map(Publisher::quote).toList());
                if (!keyHoldsNulls(c, schema, t)) {
                    s.execute("ALTER TABLE " + schema + "." + t.name() + " ADD PRIMARY KEY (" + columns + ")");
                } else {
                    // the key holds nulls (an undated target, a city row without commune): a unique index counting them equal
                    s.execute("CREATE UNIQUE INDEX ON " + schema + "." + t.name() + " (" + columns + ") NULLS NOT DISTINCT");
                }
            }
            for (String filter : List.of("area_code", "year", "period", "criterion_id", "model_id")) {
                for (StructField f : fields) {
                    if (f.name().equals(filter)) s.execute("CREATE INDEX ON " + schema + "." + t.name() + " (" + quote(filter) + ")");
                }
            }
        }
        return new long[] {n, suppressed};
    }

    private static boolean keyHoldsNulls(Connection c, String schema, Table t) throws SQLException {
        String anyNull = String.join(" OR ", t.key().stream().map(k -> quote(k) + " IS NULL").toList());
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + schema + "."
                + t.name() + " WHERE " + anyNull + ")")) {
            r.next();
            return r.getBoolean(1);
        }
    }

    /** Foreign keys to the dimensions, so that BI tools (Metabase, Superset, Power BI) join facts to them by themselves. */
    private static void references(Connection c, String schema, Table t) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Map.Entry<String, String> ref : t.references().entrySet()) {
                s.execute("ALTER TABLE " + schema + "." + t.name() + " ADD FOREIGN KEY (" + quote(ref.getKey()) + ") REFERENCES "
                        + schema + "." + ref.getValue() + " (" + quote(ref.getKey()) + ")");
            }
        }
    }

    static String sqlType(DataType t) {
        if (t.equals(DataTypes.StringType)) return "text";
        if (t.equals(DataTypes.IntegerType)) return "integer";
        if (t.equals(DataTypes.LongType)) return "bigint";
        if (t.equals(DataTypes.DoubleType)) return "double precision";
        if (t.equals(DataTypes.BooleanType)) return "boolean";
        if (t.equals(DataTypes.DateType)) return "date";
        if (t.equals(DataTypes.TimestampType)) return "timestamptz";
        if (t instanceof org.apache.spark.sql.types.DecimalType d) return "numeric(" + d.precision() + "," + d.scale() + ")";
        throw new IllegalArgumentException("no PostgreSQL type for " + t.simpleString());
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
