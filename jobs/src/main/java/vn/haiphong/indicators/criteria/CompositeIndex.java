package vn.haiphong.indicators.criteria;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import vn.haiphong.indicators.config.ClasspathCsv;

/**
 * The yearly indices and rankings of the communes, and the city's score. Both are data: {@code conf/composite_indices.csv}
 * declares each index (which units it ranks, how it scores, primary or supplementary) and
 * {@code conf/composite_index.csv} its components (domain, source, normalisation bounds, weight).
 *
 * <p>The primary "happy commune/ward" index is the resolution's (000:L1622-1643): its 25 criteria, scored as the
 * assessing body scores them, {@link Scoring#POINTS}: the points given over the points possible, so a criterion weighs
 * its maximum score. The special zones (đặc khu) are ranked apart on criteria chosen for their own conditions
 * (000:L1646-1647): none until the city decides, so they have no index yet. The project's measured components form a
 * separately named supplementary index and the city's score, after the OECD/JRC Handbook on Constructing Composite
 * Indicators (2008), {@link Scoring#DOMAIN_MEAN}:
 *
 * <ul>
 *   <li>Normalisation by distance to target: 100 x (value - lower) / (upper - lower), clamped to 0-100, where
 *       {@code upper} is the target (full marks, universal coverage) and {@code lower} the floor that scores 0
 *       (reversed bounds where lower is better).</li>
 *   <li>Aggregation: weighted arithmetic mean of the available components within a domain (equal weights unless the
 *       method gives one), then of the domains (equal unless {@code domain_weight} says otherwise), the weights of
 *       what is available renormalised to 1.</li>
 *   <li>Coverage: a unit missing more than 20% of the components (as the SDG Index rules) has no index and no
 *       rank; it is listed with its coverage.</li>
 *   <li>Rank among the units with an index (1 = highest), change from the previous year's rank (positive = up), and
 *       rank uncertainty as JRC's COINr computes it: a Monte Carlo over the method's assumptions, here each
 *       component and domain weight drawn uniformly within +-25% of its value and the normalisation drawn between
 *       the declared bounds and the min-max of the year's observed values; {@code rank_p05} / {@code rank_p95} are
 *       the 5th and 95th percentiles (nearest rank) of each unit's rank over the draws, so that a move of a couple
 *       of places inside that band is not read as meaningful.</li>
 * </ul>
 */
public final class CompositeIndex {
    private CompositeIndex() { }

    public static final String RESOURCE = "/conf/composite_index.csv";
    public static final String INDICES = "/conf/composite_indices.csv";
    public static final String HAPPY_COMMUNE = "happy_commune";
    public static final String HAPPY_SPECIAL_ZONE = "happy_special_zone";
    public static final String SUPPLEMENTARY = "happy_commune_supplementary";
    public static final String CIVILIZED_CITY = "civilized_city";
    /** The criterion code of an assessment's overall row: the assessing body's own total and verdict (the contract's). */
    public static final String OVERALL = "TONG";
    /** The unit type of the city as a whole, beside the communes' phuong, xa and dac_khu. */
    public static final String CITY = "city";

    /** How an index scores a unit from its components. */
    public enum Scoring {
        /** The points given over the points possible (an assessment's own scoring): each criterion weighs its maximum. */
        POINTS,
        /** Weighted means of normalised components within domains, then of the domains (OECD/JRC). */
        DOMAIN_MEAN
    }

    /**
     * An index as declared: the unit types it ranks together, its scoring, and the assessment model whose overall
     * {@code TONG} rows are shown beside it (blank when none).
     */
    public record Index(String id, String role, java.util.Set<String> units, Scoring scoring, String assessmentModel,
                        String nameVi, String nameEn, String sourceLines) {
        public boolean ranked() {
            return !units.contains(CITY);
        }
    }
    /** A unit needs at least this share of the components for an index. */
    public static final double MIN_COVERAGE = 0.8;
    public static final int DRAWS = 1000;
    public static final long SEED = 20260101L;
    static final double WEIGHT_SPREAD = 0.25;

    /** One component of an index, as declared. */
    public record Component(String indexId, String domain, String component, String nameVi, String nameEn, String source,
                            double lower, double upper, double weight, double domainWeight) {
        public double normalise(double value) {
            return clamp(100 * (value - lower) / (upper - lower));
        }
    }

    /**
     * A raw value of a component for a unit (commune or city) and year; for an assessed criterion, its score as a share
     * of its maximum (0-100) and that maximum.
     */
    public record Observation(String unit, int year, String component, double value, double maxScore) {
        public Observation(String unit, int year, String component, double value) {
            this(unit, year, component, value, 1);
        }
    }

    /**
     * One unit and year: normalised components, domain sub-indices, index, coverage and rank; with {@link Scoring#POINTS},
     * the points given and possible (null otherwise), and no rank band (the scoring is the city's, not an assumption).
     */
    public record Result(String unit, int year, Map<String, Double> components, Map<String, Double> domains, Double index,
                         double coveragePct, Integer rank, Integer rankP05, Integer rankP95, Integer rankChange,
                         Double points, Double pointsPossible) { }

    /** The declared indices; a bad line is refused naming the line and column. */
    public static List<Index> indices() {
        List<Index> out = new ArrayList<>();
        for (CSVRecord r : ClasspathCsv.records(INDICES)) {
            String where = "conf/composite_indices.csv line " + (r.getRecordNumber() + 1);
            java.util.Set<String> units = new java.util.LinkedHashSet<>(List.of(r.get("units").trim().split(";")));
            if (!List.of("phuong", "xa", "dac_khu", CITY).containsAll(units) || (units.contains(CITY) && units.size() > 1)) {
                throw new IllegalArgumentException(where + " column 'units': expected phuong, xa and dac_khu joined by ';', or city alone, got '"
                        + r.get("units") + "'");
            }
            Scoring scoring;
            try {
                scoring = Scoring.valueOf(r.get("scoring").trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " column 'scoring': expected points or domain_mean, got '" + r.get("scoring") + "'");
            }
            String role = r.get("role").trim();
            if (!List.of("primary", "supplementary").contains(role)) {
                throw new IllegalArgumentException(where + " column 'role': expected primary or supplementary, got '" + role + "'");
            }
            out.add(new Index(r.get("index_id").trim(), role, java.util.Collections.unmodifiableSet(units), scoring,
                    r.get("assessment_model").trim(), r.get("name_vi").trim(), r.get("name_en").trim(), r.get("source_lines").trim()));
        }
        return out;
    }

    /** The declared components of every index; a bad line is refused naming the line and column. */
    public static List<Component> load() {
        List<Component> out = new ArrayList<>();
        Set<String> declared = new java.util.HashSet<>(indices().stream().map(Index::id).toList());
        for (CSVRecord r : ClasspathCsv.records(RESOURCE)) {
            String where = "conf/composite_index.csv line " + (r.getRecordNumber() + 1);
            if (!declared.contains(r.get("index_id").trim())) {
                throw new IllegalArgumentException(where + " column 'index_id': '" + r.get("index_id") + "' is not declared in conf/composite_indices.csv");
            }
            double lower = number(r, "lower", where), upper = number(r, "upper", where);
            if (lower == upper) throw new IllegalArgumentException(where + ": lower and upper bounds are equal");
            String source = r.get("source").trim();
            if (!source.matches("(assessment:[a-z_]+/[A-Z]+-\\d+|criterion:[a-z0-9_]+)")) {
                throw new IllegalArgumentException(where + " column 'source': expected assessment:<model>/<code> or criterion:<id>, got '" + source + "'");
            }
            out.add(new Component(r.get("index_id").trim(), r.get("domain").trim(), r.get("component").trim(), r.get("name_vi").trim(),
                    r.get("name_en").trim(), source, lower, upper, optional(r, "weight", where), optional(r, "domain_weight", where)));
        }
        return out;
    }

    /** The SHA-256 of the method files: a changed method rebuilds the index. */
    public static String fingerprint() {
        return ClasspathCsv.fingerprint(INDICES) + ClasspathCsv.fingerprint(RESOURCE);
    }

    public static List<Component> of(List<Component> all, String indexId) {
        return all.stream().filter(c -> c.indexId().equals(indexId)).toList();
    }

    /** As {@link #compute(Scoring, List, List, int, long)} with the OECD/JRC scoring. */
    public static List<Result> compute(List<Component> method, List<Observation> observations, int draws, long seed) {
        return compute(Scoring.DOMAIN_MEAN, method, observations, draws, seed);
    }

    /**
     * The index of every unit and year that has at least one component value.
     *
     * @param method the components of one index
     */
    public static List<Result> compute(Scoring scoring, List<Component> method, List<Observation> observations, int draws, long seed) {
        Map<Integer, Map<String, Map<String, Double>>> byYear = new TreeMap<>(); // year -> unit -> component -> value
        Map<String, Double> maxScores = new HashMap<>(); // unit|year|component -> maximum score
        for (Observation o : observations) {
            byYear.computeIfAbsent(o.year(), y -> new TreeMap<>()).computeIfAbsent(o.unit(), u -> new HashMap<>())
                    .put(o.component(), o.value());
            maxScores.put(o.unit() + "|" + o.year() + "|" + o.component(), o.maxScore());
        }
        List<Result> out = new ArrayList<>();
        Map<String, Integer> previousRank = new HashMap<>();
        int previousYear = Integer.MIN_VALUE;
        for (Map.Entry<Integer, Map<String, Map<String, Double>>> year : byYear.entrySet()) {
            Map<String, Map<String, Double>> units = year.getValue();
            List<String> ids = new ArrayList<>(units.keySet());
            Map<String, Double> index = new LinkedHashMap<>();
            Map<String, Map<String, Double>> normalised = new HashMap<>();
            Map<String, Map<String, Double>> domains = new HashMap<>();
            Map<String, Double> coverage = new HashMap<>();
            double[] weights = method.stream().mapToDouble(Component::weight).toArray();
            double[] domainWeights = method.stream().mapToDouble(Component::domainWeight).toArray();
            Map<String, double[]> points = new HashMap<>(); // unit -> {given, possible}
            for (String unit : ids) {
                Map<String, Double> raw = units.get(unit);
                Map<String, Double> norm = new LinkedHashMap<>();
                for (Component c : method) if (raw.containsKey(c.component())) norm.put(c.component(), c.normalise(raw.get(c.component())));
                normalised.put(unit, norm);
                coverage.put(unit, 100.0 * norm.size() / method.size());
                boolean enough = norm.size() >= MIN_COVERAGE * method.size();
                if (scoring == Scoring.POINTS) {
                    double[] w = new double[method.size()];
                    double given = 0, possible = 0;
                    for (int i = 0; i < method.size(); i++) {
                        String c = method.get(i).component();
                        w[i] = maxScores.getOrDefault(unit + "|" + year.getKey() + "|" + c, 0.0);
                        if (!norm.containsKey(c)) continue;
                        given += w[i] * norm.get(c) / 100;
                        possible += w[i];
                    }
                    domains.put(unit, domainScores(method, norm, w));
                    points.put(unit, new double[] {given, possible});
                    if (enough && possible > 0) index.put(unit, 100 * given / possible);
                } else {
                    Map<String, Double> subIndices = domainScores(method, norm, weights);
                    domains.put(unit, subIndices);
                    if (enough) index.put(unit, aggregate(method, subIndices, domainWeights));
                }
            }
            Map<String, Integer> rank = ranks(index);
            Map<String, int[]> band = scoring == Scoring.POINTS ? Map.of()
                    : uncertainty(method, units, index.keySet(), draws, new SplittableRandom(seed + year.getKey()));
            for (String unit : ids) {
                Integer r = rank.get(unit);
                Integer before = year.getKey() == previousYear + 1 ? previousRank.get(unit) : null;
                int[] b = band.get(unit);
                double[] p = points.get(unit);
                out.add(new Result(unit, year.getKey(), normalised.get(unit), domains.get(unit), index.get(unit), coverage.get(unit), r,
                        b == null ? null : b[0], b == null ? null : b[1], r == null || before == null ? null : before - r,
                        p == null ? null : p[0], p == null ? null : p[1]));
            }
            previousRank = rank;
            previousYear = year.getKey();
        }
        return out;
    }

    /** Weighted mean of the available normalised components of each domain. */
    static Map<String, Double> domainScores(List<Component> method, Map<String, Double> norm, double[] weights) {
        Map<String, double[]> acc = new LinkedHashMap<>(); // domain -> {weighted sum, weight}
        for (int i = 0; i < method.size(); i++) {
            Component c = method.get(i);
            acc.putIfAbsent(c.domain(), new double[2]);
            Double v = norm.get(c.component());
            if (v == null) continue;
            acc.get(c.domain())[0] += weights[i] * v;
            acc.get(c.domain())[1] += weights[i];
        }
        Map<String, Double> out = new LinkedHashMap<>();
        acc.forEach((d, a) -> out.put(d, a[1] > 0 ? a[0] / a[1] : null));
        return out;
    }

    /** Weighted mean of the domains with a value (a domain's weight: its first component's {@code domain_weight}). */
    static double aggregate(List<Component> method, Map<String, Double> domains, double[] domainWeights) {
        Map<String, Double> weight = new LinkedHashMap<>();
        for (int i = 0; i < method.size(); i++) weight.putIfAbsent(method.get(i).domain(), domainWeights[i]);
        double sum = 0, total = 0;
        for (Map.Entry<String, Double> d : domains.entrySet()) {
            if (d.getValue() == null) continue;
            sum += weight.get(d.getKey()) * d.getValue();
            total += weight.get(d.getKey());
        }
        return sum / total;
    }

    /** Competition ranks, 1 = highest (ties share the better rank). */
    static Map<String, Integer> ranks(Map<String, Double> index) {
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(index.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            boolean tie = i > 0 && sorted.get(i).getValue().equals(sorted.get(i - 1).getValue());
            out.put(sorted.get(i).getKey(), tie ? out.get(sorted.get(i - 1).getKey()) : i + 1);
        }
        return out;
    }

    /** The 5th and 95th percentile of each ranked unit's rank over the Monte Carlo draws. */
    static Map<String, int[]> uncertainty(List<Component> method, Map<String, Map<String, Double>> units,
                                          java.util.Set<String> ranked, int draws, SplittableRandom random) {
        Map<String, int[]> out = new HashMap<>();
        if (ranked.size() < 2 || draws < 1) {
            ranked.forEach(u -> out.put(u, new int[] {1, 1}));
            return out;
        }
        // the observed range of each component over the ranked units: the alternative normalisation
        double[] min = new double[method.size()], max = new double[method.size()];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (String u : ranked) {
            for (int i = 0; i < method.size(); i++) {
                Double v = units.get(u).get(method.get(i).component());
                if (v == null) continue;
                min[i] = Math.min(min[i], v);
                max[i] = Math.max(max[i], v);
            }
        }
        Map<String, int[]> ranksOf = new HashMap<>();
        ranked.forEach(u -> ranksOf.put(u, new int[draws]));
        List<String> domainsInOrder = new ArrayList<>(new LinkedHashSet<>(method.stream().map(Component::domain).toList()));
        for (int d = 0; d < draws; d++) {
            double[] w = new double[method.size()], dw = new double[method.size()];
            Map<String, Double> drawnDomainWeight = new HashMap<>();
            for (String domain : domainsInOrder) drawnDomainWeight.put(domain, 1 + WEIGHT_SPREAD * (2 * random.nextDouble() - 1));
            for (int i = 0; i < method.size(); i++) {
                w[i] = method.get(i).weight() * (1 + WEIGHT_SPREAD * (2 * random.nextDouble() - 1));
                dw[i] = method.get(i).domainWeight() * drawnDomainWeight.get(method.get(i).domain());
            }
            boolean observedRange = random.nextBoolean();
            Map<String, Double> index = new HashMap<>();
            for (String u : ranked) {
                Map<String, Double> norm = new HashMap<>();
                for (int i = 0; i < method.size(); i++) {
                    Component c = method.get(i);
                    Double v = units.get(u).get(c.component());
                    if (v == null) continue;
                    double lo = c.lower() < c.upper() ? min[i] : max[i], hi = c.lower() < c.upper() ? max[i] : min[i];
                    norm.put(c.component(), observedRange ? (hi == lo ? 100 : clamp(100 * (v - lo) / (hi - lo))) : c.normalise(v));
                }
                index.put(u, aggregate(method, domainScores(method, norm, w), dw));
            }
            Map<String, Integer> r = ranks(index);
            for (String u : ranked) ranksOf.get(u)[d] = r.get(u);
        }
        ranksOf.forEach((u, r) -> {
            Arrays.sort(r);
            out.put(u, new int[] {r[nearestRank(0.05, draws)], r[nearestRank(0.95, draws)]});
        });
        return out;
    }

    /** The 0-based position of the nearest-rank percentile p of n sorted values. */
    static int nearestRank(double p, int n) {
        return Math.max(0, (int) Math.ceil(p * n) - 1);
    }

    static double clamp(double v) {
        return Math.max(0, Math.min(100, v));
    }

    private static double number(CSVRecord r, String column, String where) {
        try {
            return Double.parseDouble(r.get(column).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " column '" + column + "': expected a number, got '" + r.get(column) + "'");
        }
    }

    /** An optional positive weight; blank is 1 (equal weights). */
    private static double optional(CSVRecord r, String column, String where) {
        String v = r.get(column).trim();
        if (v.isEmpty()) return 1;
        double d = number(r, column, where);
        if (d <= 0) throw new IllegalArgumentException(where + " column '" + column + "': a weight must be positive, got " + v);
        return d;
    }
}
