package vn.haiphong.indicators.privacy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lower;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

class PseudonymizerTest extends SparkTestBase {
    @Test
    void pseudonymsAsBytesAreOneToOneWithTheirText() {
        Pseudonymizer key = new Pseudonymizer("test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        List<String> pseudonyms = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) pseudonyms.add(key.pseudonym(String.format("%010d", i % 1_500))); // 500 repeated
        Dataset<Row> p = spark().createDataset(pseudonyms, Encoders.STRING()).toDF("p");
        Row counts = p.agg(count_distinct(col("p")), count_distinct(Pseudonymizer.asBytes(col("p")))).first();
        assertEquals(1_500L, counts.getLong(0), "distinct pseudonyms");
        assertEquals(counts.getLong(0), counts.getLong(1), "distinct persons counted by their bytes as by their text");
        List<String> back = p.select(lower(hex(Pseudonymizer.asBytes(col("p"))))).as(Encoders.STRING()).collectAsList();
        assertEquals(pseudonyms, back, "each pseudonym's bytes give back its text");
        assertEquals(16, p.select(Pseudonymizer.asBytes(col("p"))).first().<byte[]>getAs(0).length, "128 bits");
    }
}
