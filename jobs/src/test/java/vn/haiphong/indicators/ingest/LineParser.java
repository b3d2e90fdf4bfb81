package vn.haiphong.indicators.ingest;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.SparkTestBase;

/** Test access to a file's compiled rules one line at a time: the line and its number in, the parsed row out. */
final class LineParser extends SparkTestBase {
    private static final StructType LINES = new StructType().add("value", DataTypes.StringType)
            .add("_line", DataTypes.LongType).add("_file_name", DataTypes.StringType);
    private final ContractRules rules;
    private final ContractRules.FileInput file;

    LineParser(ContractRules rules, Delivery delivery, HeaderMapping mapping) {
        this.rules = rules;
        this.file = new ContractRules.FileInput(delivery, mapping);
    }

    Row parse(String line, long lineNumber) {
        List<Row> out = rules.parse(spark().createDataFrame(List.of(RowFactory.create(line, lineNumber, file.delivery().fileName())), LINES),
                List.of(file)).collectAsList();
        if (out.size() != 1) throw new AssertionError("one line gave " + out.size() + " rows");
        return out.get(0);
    }
}
