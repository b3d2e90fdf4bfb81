package vn.haiphong.indicators.criteria;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * How a target is compared, as written in the catalog. One type decides both whether a value meets its
 * target (the scorecard) and the probability that a forecast will ({@code p_meet}), through the same
 * deciding comparison:
 * <ul>
 *   <li>{@code between} (a range such as 75-80 billion USD) is met from its near bound on: the low one where
 *       higher is better, the high one where lower is better;</li>
 *   <li>{@code =} targets in the resolutions are ceilings (100% of schools, universal coverage): met when the
 *       value reaches the target, within {@link #EPSILON}, from the better side.</li>
 * </ul>
 */
public enum Operator {
    GE(">="), GT(">"), LE("<="), LT("<"), EQ("="), BETWEEN("between");

    /** Tolerance for computed percentages (exactly 100% may come out as 99.99999999999). */
    public static final double EPSILON = 1e-9;

    private final String symbol;

    Operator(String symbol) { this.symbol = symbol; }

    public String symbol() { return symbol; }

    public static Operator parse(String symbol) {
        for (Operator o : values()) if (o.symbol.equals(symbol)) return o;
        throw new IllegalArgumentException("unsupported operator '" + symbol + "' (one of >=, >, <=, <, =, between)");
    }

    /** The comparison that decides: one of >=, >, <=, <. */
    public Operator deciding(boolean higherIsBetter) {
        return this == EQ || this == BETWEEN ? (higherIsBetter ? GE : LE) : this;
    }

    /** Whether {@code actual} meets {@code target} under the deciding comparison. */
    public boolean met(double actual, double target, boolean higherIsBetter) {
        return switch (deciding(higherIsBetter)) {
            case GE -> actual >= target - EPSILON;
            case GT -> actual > target;
            case LE -> actual <= target + EPSILON;
            case LT -> actual < target;
            default -> throw new IllegalStateException();
        };
    }

    /** The same decision as a column expression. */
    public Column met(Column actual, Column target, boolean higherIsBetter) {
        return switch (deciding(higherIsBetter)) {
            case GE -> actual.geq(target.minus(EPSILON));
            case GT -> actual.gt(target);
            case LE -> actual.leq(target.plus(EPSILON));
            case LT -> actual.lt(target);
            default -> throw new IllegalStateException();
        };
    }

    /** {@link #met(Column, Column, boolean)} for rows whose operator and direction are columns. */
    public static Column met(Column operator, Column actual, Column target, Column higherIsBetter) {
        Column out = null;
        for (Operator o : values()) {
            for (boolean higher : new boolean[] {true, false}) {
                Column when = operator.equalTo(o.symbol).and(higherIsBetter.equalTo(higher));
                out = out == null ? when(when, o.met(actual, target, higher)) : out.when(when, o.met(actual, target, higher));
            }
        }
        return out.otherwise(lit(null));
    }

    /**
     * The probability that a value meets the target, given the probability that it falls below the target
     * ({@code probBelow}, from a continuous predictive distribution: strict and non-strict are the same).
     */
    public double pMeet(double probBelow, boolean higherIsBetter) {
        return switch (deciding(higherIsBetter)) {
            case GE, GT -> 1 - probBelow;
            case LE, LT -> probBelow;
            default -> throw new IllegalStateException();
        };
    }
}
