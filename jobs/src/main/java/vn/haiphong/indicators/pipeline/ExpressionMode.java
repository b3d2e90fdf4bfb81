package vn.haiphong.indicators.pipeline;

import org.apache.spark.sql.SparkSession;

/**
 * Whether a night's queries compile their expressions to Java bytecode first (Spark's default) or evaluate them
 * interpreted: interpreted on a {@linkplain SmallNight small night}, compiled otherwise.
 *
 * <p>Compiling (code generation, then Janino) costs tens to hundreds of milliseconds per query, per stage and per
 * task's projection, repaid on millions of rows and wasted on thousands. On the sample night (4.8 MB of files), JFR
 * put a third of all CPU samples in code generation and Janino. Measured as whole processes, the sample night took
 * 122.3 s and 119.8 s compiled, 100.2 s and 90.5 s with interpreted expressions, and 88.7 s with whole-stage code
 * generation also off. The results are identical either way, as Spark's own tests check both paths. This project's
 * tests run interpreted, and the city-scale bench runs compiled.
 *
 * <p>Interpreted, Spark's subexpression elimination is a cache consulted for every expression of every row and cleared
 * at every row; the contract rules' expressions are cheap enough that the cache costs more than what it saves. JFR put
 * 6.8% of a warm sample night's samples in it (252 of 3,684), and in one test JVM, alternating, sample nights took
 * 25.1, 21.6, 24.1 and 22.2 s with it and 22.2, 22.3, 22.8 and 20.3 s without. Compiled code eliminates common
 * subexpressions inside the generated code, without a cache: it stays on there (Spark's default).
 *
 * <p>A night with many megabytes of new files keeps Spark's defaults. A setting made explicitly (spark-submit, a site
 * configuration, a {@code -D}) is never overridden.
 */
final class ExpressionMode {
    /** Spark's switch between compiled expressions ({@code FALLBACK}, its default) and interpreted ones ({@code NO_CODEGEN}). */
    static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
    /** Whole-stage code generation: one compiled class per stage of a query (on by default). */
    static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
    /** Common subexpressions evaluated once per row (on by default). */
    static final String SUBEXPRESSIONS = "spark.sql.subexpressionElimination.enabled";
    static final String INTERPRETED = "NO_CODEGEN";
    static final String COMPILED = "FALLBACK";

    private ExpressionMode() { }

    /** The mode for {@code newBytes} of new files: interpreted for a {@linkplain SmallNight small night}. */
    static String forNewFiles(long newBytes, long interpretBelowBytes) {
        return SmallNight.isSmall(newBytes, interpretBelowBytes) ? INTERPRETED : COMPILED;
    }

    /** The session settings of a mode. */
    static java.util.Map<String, String> settings(String mode) {
        String compiled = String.valueOf(mode.equals(COMPILED));
        return java.util.Map.of(FACTORY_MODE, mode, WHOLE_STAGE, compiled, SUBEXPRESSIONS, compiled);
    }

    /**
     * Sets the session's mode for this night, unless it was set explicitly; a setting made explicitly is kept.
     *
     * @return a line for the night's progress saying what was chosen and why
     */
    static String apply(SparkSession spark, long newBytes, long interpretBelowBytes) {
        String size = String.format("new files %.1f MiB", newBytes / 1048576.0);
        for (String key : new String[] {FACTORY_MODE, WHOLE_STAGE}) {
            if (spark.sparkContext().getConf().contains(key)) {
                return "expressions as configured (" + key + " set explicitly; " + size + ")";
            }
        }
        String mode = forNewFiles(newBytes, interpretBelowBytes);
        settings(mode).forEach((key, value) -> {
            if (!spark.sparkContext().getConf().contains(key)) spark.conf().set(key, value);
        });
        return String.format("expressions %s (%s, %s %.0f MiB)", describe(mode), size,
                mode.equals(INTERPRETED) ? "below" : "at or above", interpretBelowBytes / 1048576.0);
    }

    private static String describe(String mode) {
        return mode.equals(INTERPRETED) ? "interpreted" : "compiled";
    }
}
