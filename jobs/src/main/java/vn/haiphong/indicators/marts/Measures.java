package vn.haiphong.indicators.marts;

import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/** Shared measure formulas of the marts. */
public final class Measures {
    private Measures() { }

    /** 100 * part / whole, to 4 decimals (as the health mart); null when the whole is 0 or missing. */
    public static Column pct(Column part, Column whole) {
        return when(whole.gt(0), round(part.multiply(100.0).divide(whole), 4));
    }
}
