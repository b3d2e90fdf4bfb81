package vn.haiphong.indicators.publish;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.lake.Lake;

/**
 * The editions as BI tools see them: {@code dim_edition} (one row per edition: kind, period, version, as of, when made,
 * the previous edition, the lake versions it read) and {@code fact_edition_figure} (its figures), so that a dashboard can
 * show "as reported in edition ...". The edition command writes both lake tables ({@code report.Editions}); the figures
 * published are the city's and the ranking's (scores and ranks), never a commune's small counts: a commune's values
 * are published, disclosure-controlled, in {@code fact_criteria_scorecard}.
 */
public final class PublishedEditions {
    private PublishedEditions() { }

    /** The lake tables the edition command writes. */
    public static final String CATALOG_TABLE = vn.haiphong.indicators.lake.TableNames.OPS_EDITIONS;
    public static final String FIGURES_TABLE = vn.haiphong.indicators.lake.TableNames.OPS_EDITION_FIGURES;
    static final String DIM = "dim_edition";
    static final String FACT = "fact_edition_figure";

    /** The version of the editions' catalog (-1: no edition yet): a new edition is something new to publish. */
    static long version(Lake lake) {
        return lake.version(CATALOG_TABLE);
    }

    /** {@code dim_edition} and {@code fact_edition_figure}, or none before the first edition. */
    static List<Publisher.Table> tables(Lake lake, DataDictionary dictionary) {
        if (!lake.exists(CATALOG_TABLE) || !lake.exists(FIGURES_TABLE)) return List.of();
        Dataset<Row> dim = lake.read(CATALOG_TABLE).drop("folder");
        // a figure whose edition's catalog row is missing (a run stopped between the two writes) is not published
        Dataset<Row> figures = lake.read(FIGURES_TABLE).join(dim.select("edition_id"), "edition_id")
                .where(col("area_code").isNull().or(col("area_code").equalTo("31")).or(col("section").equalTo("ranking")));
        return List.of(
                new Publisher.Table(DIM, "Editions: the dated reports the city files, frozen (kind, period, version, as of, lake versions read)",
                        dim, List.of("edition_id"), dictionary.comments(DIM, dim.schema()), Map.of()),
                new Publisher.Table(FACT, "Every figure of each edition, as reported (the city's and the ranking's)", figures,
                        List.of("edition_id", "figure_id"), dictionary.comments(FACT, figures.schema()), Map.of("edition_id", DIM)));
    }
}
