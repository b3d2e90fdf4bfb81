package vn.haiphong.indicators.process;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class whose nights run as separate JVMs ({@link CommandProcess}): while they run, the test JVM only waits, so
 * the class runs beside the other test classes (which run one after another, junit-platform.properties). Such classes
 * share one lock: one at a time, their methods in order, so that a machine of two cores carries one child night (or
 * two, where a test starts two at once) beside the in-JVM tests. Whatever such a class does with the test JVM's own
 * SparkSession (comparing exports) then runs beside another class's Spark jobs: tests that count Spark jobs count those
 * of their own job group only.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("child-processes")
public @interface ChildProcesses { }
