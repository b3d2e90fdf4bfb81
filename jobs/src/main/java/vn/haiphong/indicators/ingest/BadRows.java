package vn.haiphong.indicators.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple5;

/**
 * An aggregate that keeps the quarantined rows of a kind's files while bronze is written ({@code Dataset.observe}), so
 * that the quarantine is written without parsing the files again: their checksum, line, broken rules, reason and
 * masked raw text, up to a limit ({@link #LIMIT} by default). A file with more bad rows than were kept is parsed again for them (a file
 * that is mostly bad: rare, and then its bad rows would not fit in the driver's memory anyway).
 */
public final class BadRows extends Aggregator<Tuple5<String, Long, String, String, String>, BadRows.Kept, byte[]> {
    /** By default, at most this many bad rows are kept per kind and night (about 250 bytes each). */
    public static final int LIMIT = 100_000;

    private final int limit;

    BadRows(int limit) {
        this.limit = limit;
    }

    /** The rows kept, each {checksum, line, rules, reason, raw}. */
    public static final class Kept implements Serializable {
        private static final long serialVersionUID = 1L;
        final ArrayList<Object[]> rows = new ArrayList<>();

        /** The kept rows, each {checksum, line, rules, reason, raw}. */
        public List<Object[]> rows() { return rows; }
    }

    /**
     * The aggregate over the parse's bad rows, as an observed metric (which allows no FILTER clause: a good row reaches
     * it as nulls, and is skipped).
     */
    public static org.apache.spark.sql.Column column(String name, int limit) {
        org.apache.spark.sql.Column bad = org.apache.spark.sql.functions.col("_rules").isNotNull();
        return org.apache.spark.sql.functions.udaf(new BadRows(limit),
                        Encoders.tuple(Encoders.STRING(), Encoders.LONG(), Encoders.STRING(), Encoders.STRING(), Encoders.STRING()))
                .apply(org.apache.spark.sql.functions.when(bad, org.apache.spark.sql.functions.col("_checksum")),
                        org.apache.spark.sql.functions.when(bad, org.apache.spark.sql.functions.col("_line")),
                        org.apache.spark.sql.functions.col("_rules"), org.apache.spark.sql.functions.col("_reason"),
                        org.apache.spark.sql.functions.col("_raw"))
                .as(name);
    }

    @Override public Kept zero() { return new Kept(); }

    @Override
    public Kept reduce(Kept b, Tuple5<String, Long, String, String, String> r) {
        if (b.rows.size() < limit && r._3() != null) b.rows.add(new Object[] {r._1(), r._2(), r._3(), r._4(), r._5()});
        return b;
    }

    @Override
    public Kept merge(Kept a, Kept b) {
        for (Object[] r : b.rows) {
            if (a.rows.size() >= limit) break;
            a.rows.add(r);
        }
        return a;
    }

    @Override public byte[] finish(Kept b) { return serialize(b); }

    @Override public Encoder<Kept> bufferEncoder() { return Encoders.javaSerialization(Kept.class); }

    @Override public Encoder<byte[]> outputEncoder() { return Encoders.BINARY(); }

    static byte[] serialize(Kept k) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(k);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The kept rows of an observed value. */
    public static Kept read(byte[] value) {
        if (value == null) return new Kept();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(value))) {
            return (Kept) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the bad rows kept while bronze was written", e);
        }
    }
}
