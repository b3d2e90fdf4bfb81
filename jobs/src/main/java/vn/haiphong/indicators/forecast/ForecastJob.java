package vn.haiphong.indicators.forecast;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import vn.haiphong.indicators.criteria.Operator;
import vn.haiphong.indicators.criteria.Scale;

/**
 * Forecasts every series (criterion x area) in one Spark job: rows are grouped by series with
 * {@code groupByKey().flatMapGroups}, and each group is fitted by {@link SeriesForecaster} on an
 * executor. Ten thousand series cost one job, not ten thousand.
 */
public final class ForecastJob {
    private ForecastJob() { }

    /** A target to score against: operator, direction and value for a criterion's year. */
    public record Target(Operator operator, boolean higherIsBetter, double value) implements Serializable {
        /** The comparison that decides, as stored in {@code mart_forecast.operator}. */
        String decidingSymbol() { return operator.deciding(higherIsBetter).symbol(); }
    }

    public static final StructType OUTPUT = new StructType()
            .add("criterion_id", DataTypes.StringType, false)
            .add("area_level", DataTypes.StringType, false)
            .add("area_code", DataTypes.StringType, false)
            .add("year", DataTypes.IntegerType, false)
            .add("point", DataTypes.DoubleType, false)
            .add("lo80", DataTypes.DoubleType, false)
            .add("hi80", DataTypes.DoubleType, false)
            .add("lo95", DataTypes.DoubleType, false)
            .add("hi95", DataTypes.DoubleType, false)
            .add("method", DataTypes.StringType, false)
            .add("backtest_mape", DataTypes.DoubleType, true)
            .add("target_value", DataTypes.DoubleType, true)
            .add("operator", DataTypes.StringType, true)
            .add("p_meet", DataTypes.DoubleType, true);

    /**
     * @param series  (criterion_id, area_level, area_code, year, value, scale): yearly observations;
     *                years after a gap restart the series at the latest run of consecutive years
     * @param targets criterion_id -> year -> target, for p_meet
     * @param toYear  last year forecast
     */
    public static Dataset<Row> forecast(Dataset<Row> series, Map<String, Map<Integer, Target>> targets, int toYear) {
        MapFunction<Row, String> key = r -> r.getString(0) + "\u0001" + r.getString(1) + "\u0001" + r.getString(2);
        FlatMapGroupsFunction<String, Row, Row> fit = (k, rows) -> fitGroup(k, rows, targets, toYear);
        return series.select("criterion_id", "area_level", "area_code", "year", "value", "scale")
                .where(col("value").isNotNull())
                .groupByKey(key, Encoders.STRING())
                .flatMapGroups(fit, ExpressionEncoder.apply(OUTPUT));
    }

    static Iterator<Row> fitGroup(String key, Iterator<Row> rows, Map<String, Map<Integer, Target>> targets, int toYear) {
        String[] k = key.split("\u0001", -1);
        TreeMap<Integer, Double> byYear = new TreeMap<>();
        Scale scale = Scale.LEVEL;
        while (rows.hasNext()) {
            Row r = rows.next();
            byYear.put(r.getInt(3), r.getDouble(4));
            scale = Scale.valueOf(r.getString(5));
        }
        // the latest run of consecutive years
        List<Integer> years = new ArrayList<>(byYear.keySet());
        int start = years.size() - 1;
        while (start > 0 && years.get(start - 1) == years.get(start) - 1) start--;
        years = years.subList(start, years.size());
        List<Row> out = new ArrayList<>();
        if (years.size() < SeriesForecaster.MIN_POINTS || years.get(years.size() - 1) >= toYear) return out.iterator();
        int[] y = years.stream().mapToInt(Integer::intValue).toArray();
        double[] v = years.stream().mapToDouble(byYear::get).toArray();
        SeriesForecaster.Forecast f = SeriesForecaster.forecast(y, v, scale, toYear);
        Map<Integer, Target> own = targets.getOrDefault(k[0], Map.of());
        for (SeriesForecaster.Point p : f.points()) {
            Target t = own.get(p.year());
            out.add(RowFactory.create(k[0], k[1], k[2], p.year(), p.point(), p.lo80(), p.hi80(), p.lo95(), p.hi95(),
                    f.method(), Double.isNaN(f.backtestMape()) ? null : f.backtestMape(),
                    t == null ? null : t.value(), t == null ? null : t.decidingSymbol(),
                    t == null ? null : f.pMeet(p.year(), t.operator(), t.higherIsBetter(), t.value())));
        }
        return out.iterator();
    }
}
