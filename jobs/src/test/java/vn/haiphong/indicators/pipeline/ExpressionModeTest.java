package vn.haiphong.indicators.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vn.haiphong.indicators.SparkTestBase;

/** A night interprets expressions over a few new files, compiles them over many, and never overrides an explicit setting. */
class ExpressionModeTest extends SparkTestBase {
    @Test
    void smallNightsAreInterpretedAndBigOnesCompiled() {
        long mib64 = 64L << 20;
        assertEquals(ExpressionMode.INTERPRETED, ExpressionMode.forNewFiles(4_792_948, mib64), "the samples' 4.8 MB");
        assertEquals(ExpressionMode.INTERPRETED, ExpressionMode.forNewFiles(mib64 - 1, mib64));
        assertEquals(ExpressionMode.COMPILED, ExpressionMode.forNewFiles(mib64, mib64));
        assertEquals(ExpressionMode.COMPILED, ExpressionMode.forNewFiles(450L << 20, mib64), "a city month of cards");
        assertEquals(ExpressionMode.COMPILED, ExpressionMode.forNewFiles(1, 0), "0 MiB: always compiled");
    }

    @Test
    void interpretedNightsEvaluateEachExpressionWithoutTheSubexpressionCache() {
        assertEquals(java.util.Map.of(ExpressionMode.FACTORY_MODE, "NO_CODEGEN", ExpressionMode.WHOLE_STAGE, "false",
                ExpressionMode.SUBEXPRESSIONS, "false"), ExpressionMode.settings(ExpressionMode.INTERPRETED));
        assertEquals(java.util.Map.of(ExpressionMode.FACTORY_MODE, "FALLBACK", ExpressionMode.WHOLE_STAGE, "true",
                ExpressionMode.SUBEXPRESSIONS, "true"), ExpressionMode.settings(ExpressionMode.COMPILED), "Spark's defaults");
    }

    @Test
    void anExplicitSettingWins() {
        // the test session sets it explicitly (SparkTestBase); a night over a big inbox leaves it as it is
        String before = spark().conf().get(ExpressionMode.FACTORY_MODE), wholeStage = spark().conf().get(ExpressionMode.WHOLE_STAGE),
                subexpressions = spark().conf().get(ExpressionMode.SUBEXPRESSIONS);
        String line = ExpressionMode.apply(spark(), 450L << 20, 64L << 20);
        assertEquals(before, spark().conf().get(ExpressionMode.FACTORY_MODE));
        assertEquals(wholeStage, spark().conf().get(ExpressionMode.WHOLE_STAGE));
        assertEquals(subexpressions, spark().conf().get(ExpressionMode.SUBEXPRESSIONS));
        assertTrue(line.contains("set explicitly"), line);
    }
}
