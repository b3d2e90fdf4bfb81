package vn.haiphong.indicators.reference;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import vn.haiphong.indicators.config.ClasspathCsv;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Hai Phong's 114 communes (since 1 July 2025) and the map from every pre-2025 code to its new
 * commune, from the reference files committed under {@code schemas/reference/}.
 */
public final class Communes implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String CITY_CODE = "31";
    public static final String CITY_NAME = "Thành phố Hải Phòng";

    private final Map<String, String> names;          // new code -> name, in file order
    private final Map<String, String> types;          // new code -> phuong, xa or dac_khu
    private final Map<String, String> toCurrentCode;  // any known code (old or new) -> new code
    private final java.util.Set<String> oldCodes;

    private Communes(Map<String, String> names, Map<String, String> types, Map<String, String> toCurrentCode, java.util.Set<String> oldCodes) {
        this.names = names;
        this.types = types;
        this.toCurrentCode = toCurrentCode;
        this.oldCodes = oldCodes;
    }

    private static Communes instance;

    public static synchronized Communes load() {
        if (instance == null) {
            Map<String, String> names = new LinkedHashMap<>();
            Map<String, String> types = new LinkedHashMap<>();
            for (CSVRecord r : ClasspathCsv.records("/schemas/reference/hai_phong_communes_2025.csv")) {
                names.put(r.get("commune_code"), r.get("commune_name"));
                types.put(r.get("commune_code"), r.get("commune_type"));
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (CSVRecord r : ClasspathCsv.records("/schemas/reference/hai_phong_commune_mapping_2025.csv")) {
                map.put(r.get("old_commune_code"), r.get("new_commune_code"));
            }
            java.util.Set<String> old = java.util.Set.copyOf(map.keySet());
            // A current code maps to itself; no old code was reused for another commune.
            names.keySet().forEach(code -> map.putIfAbsent(code, code));
            instance = new Communes(Collections.unmodifiableMap(names), Collections.unmodifiableMap(types), Collections.unmodifiableMap(map), old);
        }
        return instance;
    }

    public boolean isKnown(String code) { return toCurrentCode.containsKey(code); }
    /** Every known code, old or new. */
    public java.util.Set<String> knownCodes() { return toCurrentCode.keySet(); }
    /** The 2025 commune for an old or new code, or null for an unknown code. */
    public String currentCode(String code) { return toCurrentCode.get(code); }
    public String name(String currentCode) { return names.get(currentCode); }
    /** Every 2025 commune's type: {@code phuong} (ward), {@code xa} (commune) or {@code dac_khu} (special zone). */
    public Map<String, String> types() { return types; }
    public List<String> currentCodes() { return new ArrayList<>(names.keySet()); }
    /** The pre-2025 codes that became {@code currentCode}, in file order. */
    public List<String> oldCodesOf(String currentCode) {
        List<String> out = new ArrayList<>();
        toCurrentCode.forEach((from, to) -> { if (to.equals(currentCode) && oldCodes.contains(from)) out.add(from); });
        return out;
    }

    /**
     * (commune_code, commune_code_2025, commune_index) for every known code: a small table to
     * broadcast-join. The index ranks the 2025 codes (0..113 in code order) for compact packing.
     */
    public Dataset<Row> codeMap(SparkSession spark) {
        StructType schema = new StructType()
                .add("commune_code", DataTypes.StringType, false)
                .add("commune_code_2025", DataTypes.StringType, false)
                .add("commune_index", DataTypes.IntegerType, false);
        List<String> sorted = names.keySet().stream().sorted().toList();
        List<Row> rows = new ArrayList<>();
        toCurrentCode.forEach((from, to) -> rows.add(RowFactory.create(from, to, sorted.indexOf(to))));
        return spark.createDataFrame(rows, schema);
    }

    /** (area_code, area_name) of the 114 current communes. */
    public Dataset<Row> currentCommunes(SparkSession spark) {
        StructType schema = new StructType()
                .add("area_code", DataTypes.StringType, false)
                .add("area_name", DataTypes.StringType, false);
        List<Row> rows = new ArrayList<>();
        names.forEach((code, name) -> rows.add(RowFactory.create(code, name)));
        return spark.createDataFrame(rows, schema);
    }
}
