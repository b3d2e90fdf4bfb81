package vn.haiphong.indicators.samples;

import java.util.List;
import vn.haiphong.indicators.ingest.ColumnSpec;
import vn.haiphong.indicators.ingest.ExtractSpec;

/**
 * The headers generated files carry, from the contract's declarations ({@code schemas/extract_columns.csv}), in their
 * order there: the generators write their values in that order, so a header renamed in the contract is renamed in every
 * generated file.
 */
public final class ContractHeaders {
    private ContractHeaders() { }

    /** Every column's header of a file kind. */
    public static String[] of(String kind) {
        ExtractSpec spec = ExtractSpec.loadAll().get(kind);
        if (spec == null) throw new IllegalArgumentException("no file kind " + kind + " in schemas/extract_columns.csv");
        return spec.columns().stream().map(ColumnSpec::header).toArray(String[]::new);
    }

    /** The first {@code n} headers of a kind: the columns a file of an earlier shape had (before an optional one came). */
    public static String[] first(String kind, int n) {
        return List.of(of(kind)).subList(0, n).toArray(String[]::new);
    }
}
