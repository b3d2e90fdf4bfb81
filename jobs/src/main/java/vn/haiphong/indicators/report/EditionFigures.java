package vn.haiphong.indicators.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.criteria.CompositeIndex;
import vn.haiphong.indicators.criteria.ModelSummary;
import vn.haiphong.indicators.lake.TableNames;

/**
 * Every figure an edition shows, computed from the rows of the tables it read (pure: no Spark job, no file), so that
 * {@code edition verify} rebuilds them from the same rows and compares. A figure is one value with what it is about;
 * the edition's {@code data/figures.csv} holds them all, its page and PDF show them.
 *
 * <p>Sections, by kind: {@code model} (each model's targets of the period: due, met, provisional, no data), {@code target}
 * (each city target due: value, target, met / not met / provisional, who answers for it, or who owes its data),
 * {@code at_risk} (the targets least likely to be met, with the probability), {@code recommendation} (what reaching a
 * target needs a year against what the last year gave, only where the data says both); {@code monthly} (month,
 * quarter, half-year: the health-insurance figures of its months); {@code ranking} and {@code commune_criteria}
 * (commune scoring: the ranking with its bands, each commune's criteria); {@code progress} and {@code forecast}
 * (reviews: since the baseline, and the forecasts to 2030).
 */
public final class EditionFigures {
    private EditionFigures() { }

    /** The tables an edition reads, in this order. */
    public static final List<String> TABLES = List.of(TableNames.MART_SCORECARD, TableNames.MART_MODEL_SUMMARY, TableNames.MART_FORECAST,
            TableNames.MART_COMMUNE_INDEX, TableNames.MART_HEALTH_INSURANCE_MONTHLY, TableNames.OPS_FILE_INGESTION);

    /** How many targets the at-risk list names at most, and below which probability a target is at risk. */
    static final int AT_RISK_MAX = 10;
    static final double AT_RISK_BELOW = 0.5;
    static final int LAST_YEAR = 2030;

    /** One figure. {@code value} and {@code target} are canonical text (numbers to 12 significant digits). */
    public record Figure(String section, String modelId, String criterionId, String areaCode, String areaName, Integer year,
                         String period, String measure, String value, String target, String operator, String unit, String status,
                         String responsible, String note) {
        /** A figure of a whole year (period: null) or of a month of it. */
        Figure(String section, String modelId, String criterionId, String areaCode, String areaName, Integer year, String measure,
               String value, String target, String operator, String unit, String status, String responsible, String note) {
            this(section, modelId, criterionId, areaCode, areaName, year, null, measure, value, target, operator, unit, status, responsible, note);
        }

        /** What the figure is, whatever its value: unique in an edition. */
        public String id() {
            return String.join("|", section, nz(modelId), nz(criterionId), nz(areaCode), period != null ? period : year == null ? "" : year.toString(), measure);
        }

        /** The same figure of another period (a month's edition against the month before). */
        String idWithoutYear() {
            return String.join("|", section, nz(modelId), nz(criterionId), nz(areaCode), measure);
        }
    }

    public static final List<String> COLUMNS = List.of("figure_id", "section", "model_id", "criterion_id", "area_code", "area_name",
            "year", "period", "measure", "value", "target", "operator", "unit", "status", "responsible", "note");

    public static List<String> cells(Figure f) {
        return java.util.Arrays.asList(f.id(), f.section(), f.modelId(), f.criterionId(), f.areaCode(), f.areaName(),
                f.year() == null ? null : f.year().toString(), f.period(), f.measure(), f.value(), f.target(), f.operator(), f.unit(), f.status(),
                f.responsible(), f.note());
    }

    public static Figure parse(Map<String, String> cells) {
        return new Figure(cells.get("section"), emptyToNull(cells.get("model_id")), emptyToNull(cells.get("criterion_id")),
                emptyToNull(cells.get("area_code")), emptyToNull(cells.get("area_name")),
                emptyToNull(cells.get("year")) == null ? null : Integer.valueOf(cells.get("year")), emptyToNull(cells.get("period")),
                cells.get("measure"),
                emptyToNull(cells.get("value")), emptyToNull(cells.get("target")), emptyToNull(cells.get("operator")),
                emptyToNull(cells.get("unit")), emptyToNull(cells.get("status")), emptyToNull(cells.get("responsible")),
                emptyToNull(cells.get("note")));
    }

    /** The figures of an edition from the rows of {@link #TABLES} (a table the lake did not have: an empty list). */
    public static List<Figure> build(EditionPeriod p, Map<String, List<Row>> tables) {
        List<Row> scorecard = tables.getOrDefault(TableNames.MART_SCORECARD, List.of());
        List<Row> city = scorecard.stream().filter(r -> "city".equals(r.getAs("area_level"))).toList();
        List<Figure> out = new ArrayList<>();
        switch (p.kind()) {
            case COMMUNE_SCORING -> {
                out.addAll(ranking(tables.getOrDefault(TableNames.MART_COMMUNE_INDEX, List.of()), p.year()));
                out.addAll(communeCriteria(scorecard, p.year()));
            }
            case REVIEW -> {
                out.addAll(models(tables.getOrDefault(TableNames.MART_MODEL_SUMMARY, List.of()), p));
                out.addAll(targets(city, p));
                out.addAll(progress(city, p.year()));
                out.addAll(forecast(tables.getOrDefault(TableNames.MART_FORECAST, List.of()), city, p.year()));
                out.addAll(atRisk(city, p.year()));
                out.addAll(recommendations(city, p.year()));
            }
            default -> {
                if (p.kind() != EditionPeriod.Kind.YEAR) out.addAll(monthly(tables.getOrDefault(TableNames.MART_HEALTH_INSURANCE_MONTHLY, List.of()), p));
                out.addAll(models(tables.getOrDefault(TableNames.MART_MODEL_SUMMARY, List.of()), p));
                out.addAll(targets(city, p));
                out.addAll(atRisk(city, p.year()));
                out.addAll(recommendations(city, p.year()));
            }
        }
        return out;
    }

    private static final List<String> DUE = List.of("met", "met_provisional", "not_met", "not_met_provisional", "no_data");
    private static final List<String> MODEL_MEASURES = List.of("targets_due", "with_data", "met", "provisional", "no_data",
            "on_track", "acceleration_needed", "off_track", "historical_judged", "historical_met");

    /** Each model's targets of the year (reviews: of each year of the term), as the model summary counts them. */
    static List<Figure> models(List<Row> summary, EditionPeriod p) {
        List<Figure> out = new ArrayList<>();
        summary.stream().filter(r -> "city".equals(r.getAs("area_level")) && r.getAs("year") != null && p.covers(r.<Integer>getAs("year")))
                .sorted(Comparator.comparing((Row r) -> r.<Integer>getAs("year")).thenComparing(r -> order(r.getAs("model_id"))))
                .forEach(r -> {
                    for (String m : MODEL_MEASURES) {
                        out.add(new Figure("model", r.getAs("model_id"), null, null, null, r.getAs("year"), m, number(r.getAs(m)), null, null,
                                "targets", null, null, r.getAs("model_name_vi")));
                    }
                });
        return out;
    }

    private static String order(String modelId) {
        return ModelSummary.ALL.equals(modelId) ? "~~" : ModelSummary.GENERAL.equals(modelId) ? "~" : modelId;
    }

    /** Every city target due in the period: value, target, status, and who answers for it (or owes its data). */
    static List<Figure> targets(List<Row> city, EditionPeriod p) {
        List<Figure> out = new ArrayList<>();
        city.stream().filter(r -> r.getAs("year") != null && p.covers(r.<Integer>getAs("year")) && DUE.contains(r.<String>getAs("status")))
                .sorted(Comparator.comparing((Row r) -> r.<Integer>getAs("year")).thenComparing(r -> order(model(r)))
                        .thenComparing(r -> r.<String>getAs("criterion_id")))
                .forEach(r -> {
                    boolean noData = "no_data".equals(r.getAs("status"));
                    String responsible = noData && r.getAs("awaited_from") != null ? r.getAs("awaited_from") : r.getAs("owner");
                    String note = noData ? r.getAs("awaited_delivery") : r.getAs("name_en");
                    out.add(new Figure("target", model(r), r.getAs("criterion_id"), r.getAs("area_code"), r.getAs("area_name"), r.getAs("year"),
                            "value", number(r.getAs("actual_value")), number(r.getAs("target_value")), r.getAs("operator"), r.getAs("unit"),
                            r.getAs("status"), responsible, note));
                });
        return out;
    }

    private static String model(Row r) {
        return r.getAs("model_id") == null ? ModelSummary.GENERAL : r.getAs("model_id");
    }

    /**
     * The criteria least likely to meet their next target (from the year on), with that probability and the forecast, at
     * most {@link #AT_RISK_MAX}: each criterion's latest row with a probability, up to the year.
     */
    static List<Figure> atRisk(List<Row> city, int year) {
        Map<String, Row> latest = new TreeMap<>();
        for (Row r : city) {
            Integer due = r.getAs("next_target_year");
            Integer y = r.getAs("year");
            if (due == null || y == null || y > year || due < year || r.getAs("p_meet_next_target") == null) continue;
            Row seen = latest.get(r.<String>getAs("criterion_id"));
            if (seen == null || seen.<Integer>getAs("year") < y) latest.put(r.getAs("criterion_id"), r);
        }
        List<Row> risky = latest.values().stream().filter(r -> r.<Double>getAs("p_meet_next_target") < AT_RISK_BELOW)
                .sorted(Comparator.comparing((Row r) -> r.<Double>getAs("p_meet_next_target")).thenComparing(r -> r.<String>getAs("criterion_id")))
                .limit(AT_RISK_MAX).toList();
        List<Figure> out = new ArrayList<>();
        for (Row r : risky) {
            Integer due = r.getAs("next_target_year");
            Double target = targetIn(city, r.getAs("criterion_id"), due);
            out.add(new Figure("at_risk", model(r), r.getAs("criterion_id"), r.getAs("area_code"), r.getAs("area_name"), due, "p_meet",
                    number(r.getAs("p_meet_next_target")), number(target), r.getAs("operator"), "probability", r.getAs("status"),
                    r.getAs("owner"), r.getAs("name_en")));
            out.add(new Figure("at_risk", model(r), r.getAs("criterion_id"), r.getAs("area_code"), r.getAs("area_name"), due, "forecast",
                    number(r.getAs("forecast_next_target")), number(target), r.getAs("operator"), r.getAs("unit"), null, null, null));
        }
        return out;
    }

    private static Double targetIn(List<Row> city, String criterion, Integer year) {
        if (year == null) return null;
        for (Row r : city) {
            if (criterion.equals(r.getAs("criterion_id")) && year.equals(r.getAs("year")) && r.getAs("target_value") != null
                    && !averageTarget(r)) return r.getAs("target_value");
        }
        return null;
    }

    private static boolean averageTarget(Row r) {
        String period = r.getAs("target_period");
        return period != null && period.startsWith("avg:");
    }

    /**
     * For each criterion at risk with a level to reach (not an average rate): what reaching it needs a year from the latest
     * value, against what the latest year gave. Written only when the data has the target, the latest value and the
     * year before it, and the pace falls short: "to reach 49,400 by 2030 needs 9,300 a year; 2026 delivered 4,100".
     */
    static List<Figure> recommendations(List<Row> city, int year) {
        List<Figure> out = new ArrayList<>();
        Set<String> risky = new LinkedHashSet<>();
        for (Figure f : atRisk(city, year)) risky.add(f.criterionId());
        for (String id : risky) {
            Map<Integer, Double> values = new TreeMap<>();
            Row any = null;
            for (Row r : city) {
                if (!id.equals(r.getAs("criterion_id"))) continue;
                if (r.getAs("year") == null) continue;
                if (r.getAs("actual_value") != null && r.<Integer>getAs("year") <= year) values.put(r.getAs("year"), r.getAs("actual_value"));
                if (any == null || r.<Integer>getAs("year") > any.<Integer>getAs("year")) any = r;
            }
            if (any == null || values.size() < 2) continue;
            Integer due = null;
            for (Row r : city) {
                if (id.equals(r.getAs("criterion_id")) && r.getAs("next_target_year") != null) due = r.getAs("next_target_year");
            }
            Double target = targetIn(city, id, due);
            String op = operatorAt(city, id, due);
            if (target == null || op == null || !(op.startsWith(">") || op.startsWith("<"))) continue;
            int lastYear = ((TreeMap<Integer, Double>) values).lastKey();
            Integer before = ((TreeMap<Integer, Double>) values).lowerKey(lastYear);
            if (before == null || before != lastYear - 1 || due <= lastYear) continue;
            double last = values.get(lastYear);
            double gained = last - values.get(before);
            double needed = (target - last) / (due - lastYear);
            boolean up = op.startsWith(">");
            if (up ? needed <= 0 || gained >= needed : needed >= 0 || gained <= needed) continue;
            String unit = any.getAs("unit");
            String vi = String.format(Locale.ROOT, "Để đạt %s %s vào năm %d cần %s mỗi năm; năm %d thay đổi %s.", vi(show(target)), nz(unit),
                    due, vi(signed(needed)), lastYear, vi(signed(gained)));
            String en = String.format(Locale.ROOT, "To reach %s %s by %d needs %s a year; %d changed by %s.", show(target), nz(unit), due,
                    signed(needed), lastYear, signed(gained));
            out.add(new Figure("recommendation", model(any), id, "31", null, lastYear, "needed_per_year", number(needed), number(target), op,
                    unit, null, any.getAs("owner"), vi));
            out.add(new Figure("recommendation", model(any), id, "31", null, lastYear, "change_last_year", number(gained), null, null, unit,
                    null, null, en));
        }
        return out;
    }

    private static String operatorAt(List<Row> city, String criterion, Integer year) {
        for (Row r : city) {
            if (criterion.equals(r.getAs("criterion_id")) && year != null && year.equals(r.getAs("year")) && r.getAs("operator") != null) {
                return r.getAs("operator");
            }
        }
        return null;
    }

    /** The health-insurance figures of the city for each month of the period that has them. */
    static List<Figure> monthly(List<Row> health, EditionPeriod p) {
        List<Figure> out = new ArrayList<>();
        health.stream().filter(r -> "city".equals(r.getAs("area_level")) && p.months().contains(r.<String>getAs("period")))
                .sorted(Comparator.comparing(r -> r.<String>getAs("period"))).forEach(r -> {
                    for (String m : List.of("population", "insured_persons", "coverage_pct", "managed_pct", "elderly_checkup_pct",
                            "newborn_screening_pct")) {
                        if (!java.util.Arrays.asList(r.schema().fieldNames()).contains(m)) continue;
                        out.add(new Figure("monthly", "model_health_care_city", null, r.getAs("area_code"), r.getAs("area_name"), r.getAs("year"),
                                r.getAs("period"), m, number(r.getAs(m)), null, null, m.endsWith("_pct") ? "%" : "persons", null, null, null));
                    }
                });
        return out;
    }

    /** The happy-commune ranking of the year with its bands (and the special zones apart), as the index mart holds it. */
    static List<Figure> ranking(List<Row> index, int year) {
        List<Figure> out = new ArrayList<>();
        index.stream().filter(r -> Integer.valueOf(year).equals(r.getAs("year")) && (CompositeIndex.HAPPY_COMMUNE.equals(r.getAs("index_id"))
                        || CompositeIndex.HAPPY_SPECIAL_ZONE.equals(r.getAs("index_id"))))
                .sorted(Comparator.comparing((Row r) -> r.<String>getAs("index_id"))
                        .thenComparing(r -> r.getAs("rank") == null ? Integer.MAX_VALUE : r.<Integer>getAs("rank"))
                        .thenComparing(r -> r.<String>getAs("area_code")))
                .forEach(r -> {
                    String band = r.getAs("rank_p05") == null ? null : r.getAs("rank_p05") + "–" + r.getAs("rank_p95");
                    String indexId = r.getAs("index_id");
                    out.add(new Figure("ranking", indexId, null, r.getAs("area_code"), r.getAs("area_name"), year, "rank",
                            number(r.getAs("rank")), null, null, "rank", r.getAs("index_status"), null, band));
                    out.add(new Figure("ranking", indexId, null, r.getAs("area_code"), r.getAs("area_name"), year, "score",
                            number(r.getAs("index_value")), null, null, "points of 100", r.getAs("index_status"), null, null));
                    out.add(new Figure("ranking", indexId, null, r.getAs("area_code"), r.getAs("area_name"), year, "assessed_score",
                            number(r.getAs("assessed_score_pct")), null, null, "points of 100", null, null,
                            Boolean.FALSE.equals(r.getAs("agrees_with_assessment")) ? "differs from the criteria" : null));
                });
        return out;
    }

    /** Each commune's criteria of the year with a value: value, target, met or not. */
    static List<Figure> communeCriteria(List<Row> scorecard, int year) {
        Map<String, Figure> out = new LinkedHashMap<>();
        scorecard.stream().filter(r -> "commune".equals(r.getAs("area_level")) && r.getAs("year") != null && year == r.<Integer>getAs("year")
                        && r.getAs("actual_value") != null)
                .sorted(Comparator.comparing((Row r) -> r.<String>getAs("area_code")).thenComparing(r -> r.<String>getAs("criterion_id")))
                .forEach(r -> {
                    Figure f = new Figure("commune_criteria", model(r), r.getAs("criterion_id"), r.getAs("area_code"), r.getAs("area_name"), year,
                            "value", number(r.getAs("actual_value")), averageTarget(r) ? null : number(r.getAs("target_value")),
                            r.getAs("operator"), r.getAs("unit"), r.getAs("status"), null, null);
                    out.putIfAbsent(f.id(), f);
                });
        return new ArrayList<>(out.values());
    }

    /** Per criterion with a 2030 target: the baseline (first year with a value), the latest value up to the review, the 2030 outlook. */
    static List<Figure> progress(List<Row> city, int reviewYear) {
        Map<String, TreeMap<Integer, Row>> byCriterion = new TreeMap<>();
        for (Row r : city) {
            if (r.getAs("actual_value") == null || r.getAs("year") == null || r.<Integer>getAs("year") > reviewYear) continue;
            byCriterion.computeIfAbsent(r.getAs("criterion_id"), k -> new TreeMap<>()).put(r.getAs("year"), r);
        }
        List<Figure> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, Row>> e : byCriterion.entrySet()) {
            Double target = targetIn(city, e.getKey(), LAST_YEAR);
            if (target == null) continue;
            Row first = e.getValue().firstEntry().getValue();
            Row last = e.getValue().lastEntry().getValue();
            String op = operatorAt(city, e.getKey(), LAST_YEAR);
            out.add(new Figure("progress", model(first), e.getKey(), "31", null, first.getAs("year"), "baseline", number(first.getAs("actual_value")),
                    number(target), op, first.getAs("unit"), null, null, first.getAs("name_en")));
            out.add(new Figure("progress", model(last), e.getKey(), "31", null, last.getAs("year"), "latest", number(last.getAs("actual_value")),
                    number(target), op, last.getAs("unit"), last.getAs("progress_status"), last.getAs("owner"), null));
            out.add(new Figure("progress", model(last), e.getKey(), "31", null, LAST_YEAR, "p_meet_2030", number(last.getAs("p_meet_2030")),
                    number(target), op, "probability", null, null, null));
        }
        return out;
    }

    /** The forecasts to 2030 (point and 80% interval) of the criteria with a 2030 target, after the latest value. */
    static List<Figure> forecast(List<Row> forecast, List<Row> city, int reviewYear) {
        Set<String> with2030 = new LinkedHashSet<>();
        for (Row r : city) if (targetIn(city, r.getAs("criterion_id"), LAST_YEAR) != null) with2030.add(r.getAs("criterion_id"));
        Map<String, Row> cityRow = new HashMap<>();
        for (Row r : city) cityRow.putIfAbsent(r.getAs("criterion_id"), r);
        List<Figure> out = new ArrayList<>();
        forecast.stream().filter(r -> "city".equals(r.getAs("area_level")) && with2030.contains(r.<String>getAs("criterion_id"))
                        && r.getAs("year") != null && r.<Integer>getAs("year") <= LAST_YEAR)
                .sorted(Comparator.comparing((Row r) -> r.<String>getAs("criterion_id")).thenComparing(r -> r.<Integer>getAs("year")))
                .forEach(r -> {
                    Row c = cityRow.get(r.<String>getAs("criterion_id"));
                    for (String m : List.of("point", "lo80", "hi80")) {
                        out.add(new Figure("forecast", model(c), r.getAs("criterion_id"), r.getAs("area_code"), null, r.getAs("year"), m,
                                number(r.getAs(m)), m.equals("point") ? number(r.getAs("target_value")) : null,
                                m.equals("point") ? r.getAs("operator") : null, c.getAs("unit"), null, null, m.equals("point") ? r.getAs("method") : null));
                    }
                });
        return out;
    }

    /** A figure that differs from the previous edition's, with the deliveries that came between them and feed it. */
    public record Change(String figureId, String section, String criterionId, Integer year, String measure, String before, String after,
                         String statusBefore, String statusAfter, String deliveries) { }

    public static final List<String> CHANGE_COLUMNS = List.of("figure_id", "section", "criterion_id", "year", "measure", "before", "after",
            "status_before", "status_after", "deliveries");

    public static List<String> cells(Change c) {
        return java.util.Arrays.asList(c.figureId(), c.section(), c.criterionId(), c.year() == null ? null : c.year().toString(), c.measure(),
                c.before(), c.after(), c.statusBefore(), c.statusAfter(), c.deliveries());
    }

    /** A delivery the ledger recorded: its file, kind and when it was read. */
    public record Delivery(String fileName, String kind, java.time.Instant ingestedAt) { }

    /**
     * What changed from the previous edition's figures to these: figures with another value or status, new ones and gone
     * ones. Figures of the same period match by id; of an earlier period (the month before) by what they are, without
     * the year. Each change names the deliveries read between the two editions whose kind feeds its criterion (for a
     * figure of no single criterion, every delivery between them).
     *
     * @param kindsOfCriterion the file kinds each criterion's values come from (its mart's declared inputs)
     */
    public static List<Change> changes(List<Figure> before, boolean samePeriod, List<Figure> after, List<Delivery> between,
                                       Map<String, Set<String>> kindsOfCriterion) {
        java.util.function.Function<Figure, String> key = samePeriod ? Figure::id : Figure::idWithoutYear;
        Map<String, Figure> old = unique(before, key);
        Map<String, Figure> now = unique(after, key);
        List<Change> out = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(now.keySet());
        keys.addAll(old.keySet());
        for (String k : keys) {
            Figure a = old.get(k);
            Figure b = now.get(k);
            if (a != null && b != null && java.util.Objects.equals(a.value(), b.value()) && java.util.Objects.equals(a.status(), b.status())
                    && java.util.Objects.equals(a.target(), b.target())) continue;
            Figure f = b != null ? b : a;
            Set<String> kinds = f.criterionId() == null ? null : kindsOfCriterion.get(f.criterionId());
            List<String> files = new ArrayList<>();
            for (Delivery d : between) if (kinds == null || kinds.contains(d.kind())) files.add(d.fileName());
            out.add(new Change(f.id(), f.section(), f.criterionId(), f.year(), f.measure(), a == null ? null : a.value(), b == null ? null : b.value(),
                    a == null ? null : a.status(), b == null ? null : b.status(), files.isEmpty() ? null : String.join("; ", files)));
        }
        return out;
    }

    private static Map<String, Figure> unique(List<Figure> figures, java.util.function.Function<Figure, String> key) {
        Map<String, Figure> out = new LinkedHashMap<>();
        Set<String> twice = new java.util.HashSet<>();
        for (Figure f : figures) if (out.put(key.apply(f), f) != null) twice.add(key.apply(f));
        twice.forEach(out::remove); // a figure that is not one thing across periods is not compared
        return out;
    }

    /** A number as canonical text: 12 significant digits, no exponent, no trailing zeros; null stays null. */
    public static String number(Object v) {
        if (v == null) return null;
        if (v instanceof Integer || v instanceof Long) return v.toString();
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) return null;
        return new BigDecimal(d).round(new MathContext(12)).stripTrailingZeros().toPlainString();
    }

    /** A number as a reader sees it: grouped thousands, at most two decimals (Vietnamese separators are the page's job). */
    static String show(double v) {
        BigDecimal b = new BigDecimal(v).setScale(Math.abs(v) >= 100 ? 0 : 2, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return String.format(Locale.ROOT, "%,." + Math.max(0, b.scale()) + "f", b);
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : v < 0 ? "−" : "") + show(Math.abs(v));
    }

    /** Vietnamese separators: a dot between thousands, a comma before decimals. */
    static String vi(String shown) {
        return shown.replace(',', ' ').replace('.', ',').replace(' ', '.');
    }

    private static String nz(String s) { return s == null ? "" : s; }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }
}
