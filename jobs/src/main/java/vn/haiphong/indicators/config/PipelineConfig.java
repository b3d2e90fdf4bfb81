package vn.haiphong.indicators.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where the pipeline reads and writes, layered: built-in defaults ({@code conf/pipeline.properties}
 * inside the jar), then an optional properties file named by {@code CITY_INDICATORS_CONF}, then
 * environment variables, then command-line flags. Secrets never live here: they are read from the
 * environment only (see {@link #pseudonymKey()}).
 */
public final class PipelineConfig {
    public static final String ENV_CONF = "CITY_INDICATORS_CONF";
    public static final String ENV_LAKE = "CITY_INDICATORS_LAKE";
    public static final String ENV_INBOX = "CITY_INDICATORS_INBOX";
    public static final String ENV_PSEUDONYM_KEY = "CITY_INDICATORS_PSEUDONYM_KEY";
    /** Base folder of the checkout, passed by bin/city-indicators; relative paths resolve against it. */
    public static final String HOME_PROPERTY = "city.indicators.home";

    /** Only for the embedded default (a lake inside the checkout); never used for a configured lake. */
    static final String DEVELOPMENT_KEY = "city-indicators-development-key-not-for-real-data";

    private final Map<String, String> settings;
    private final Map<String, String> env;
    private final boolean embeddedLake;

    private PipelineConfig(Map<String, String> settings, Map<String, String> env, boolean embeddedLake) {
        this.settings = settings;
        this.env = env;
        this.embeddedLake = embeddedLake;
    }

    /** Loads the layers; {@code lakeFlag}/{@code inboxFlag} come from the command line and may be null. */
    public static PipelineConfig load(Map<String, String> env, String lakeFlag, String inboxFlag) {
        Map<String, String> settings = new LinkedHashMap<>();
        putAll(settings, readDefaults());
        boolean lakeConfigured = false;
        String confFile = env.get(ENV_CONF);
        if (confFile != null && !confFile.isBlank()) {
            Properties site = readFile(Path.of(confFile));
            lakeConfigured = site.containsKey("lake");
            putAll(settings, site);
        }
        if (env.get(ENV_LAKE) != null) { settings.put("lake", env.get(ENV_LAKE)); lakeConfigured = true; }
        if (env.get(ENV_INBOX) != null) settings.put("inbox", env.get(ENV_INBOX));
        if (lakeFlag != null) { settings.put("lake", lakeFlag); lakeConfigured = true; }
        if (inboxFlag != null) settings.put("inbox", inboxFlag);
        settings.put("lake", resolve(settings.get("lake")));
        settings.put("inbox", resolve(settings.get("inbox")));
        return new PipelineConfig(settings, env, !lakeConfigured);
    }

    public String lake() { return settings.get("lake"); }

    public static final String ENV_PUBLISH_URL = "CITY_INDICATORS_PUBLISH_URL";
    public static final String ENV_PUBLISH_USER = "CITY_INDICATORS_PUBLISH_USER";
    public static final String ENV_PUBLISH_PASSWORD = "CITY_INDICATORS_PUBLISH_PASSWORD";

    /**
     * Where the night publishes for BI: a JDBC URL ({@code CITY_INDICATORS_PUBLISH_URL} or the site file's
     * {@code publish.url}); {@code embedded} (the default: a PostgreSQL the project starts itself, beside a local
     * lake); or {@code off}.
     */
    public String publishUrl() {
        String url = env.get(ENV_PUBLISH_URL);
        return url != null && !url.isBlank() ? url.trim() : settings.getOrDefault("publish.url", "embedded").trim();
    }

    public String publishUser() {
        String user = env.get(ENV_PUBLISH_USER);
        return user != null && !user.isBlank() ? user : settings.getOrDefault("publish.user", "city_indicators_owner");
    }

    /** A role granted read access to each publish (dashboards' read-only login; {@code publish.read_role}), or null. */
    public String publishReadRole() {
        String role = settings.get("publish.read_role");
        return role == null || role.isBlank() ? null : role.trim();
    }

    /** The database password: from the environment only, never from a file. */
    public String publishPassword() {
        return env.getOrDefault(ENV_PUBLISH_PASSWORD, "");
    }

    /** Port the embedded PostgreSQL listens on for {@code serve} ({@code publish.embedded_port}). */
    public int embeddedPort() {
        return Integer.parseInt(settings.getOrDefault("publish.embedded_port", "54329").trim());
    }

    /** Whether the night writes the morning report into the lake ({@code report.enabled}, default true). */
    public boolean reportEnabled() {
        return Boolean.parseBoolean(settings.getOrDefault("report.enabled", "true").trim());
    }

    public long publishMinCount() { return Long.parseLong(settings.getOrDefault("publish.min_count", "10").trim()); }
    public long publishMinRateNumerator() { return Long.parseLong(settings.getOrDefault("publish.min_rate_numerator", "10").trim()); }
    public String inbox() { return settings.get("inbox"); }
    /** True when no lake was configured: local mode on the folder inside the checkout. */
    public boolean embeddedLake() { return embeddedLake; }

    /**
     * The site catalog of criteria, if any: {@code CITY_INDICATORS_CRITERIA}, else the site file's {@code criteria}
     * key; null for the built-in catalog alone.
     */
    public String criteriaFile() {
        String fromEnv = env.get(vn.haiphong.indicators.criteria.CriteriaCatalog.ENV_SITE_CATALOG);
        if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
        String fromSite = settings.get("criteria");
        return fromSite == null || fromSite.isBlank() ? null : resolve(fromSite);
    }

    /**
     * The site delivery calendar, if any: {@code CITY_INDICATORS_DELIVERIES}, else the site file's {@code deliveries}
     * key; null for the built-in calendar alone.
     */
    public String deliveriesFile() {
        String fromEnv = env.get(vn.haiphong.indicators.quality.DeliveryCalendar.ENV_SITE_CALENDAR);
        if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
        String fromSite = settings.get("deliveries");
        return fromSite == null || fromSite.isBlank() ? null : resolve(fromSite);
    }

    /**
     * The folder every night exports the marts and ops tables to, as the {@code export} command does ({@code export.dir},
     * relative to the checkout; empty, the default: the night exports nothing).
     */
    public java.util.Optional<Path> exportDir() {
        String dir = settings.getOrDefault("export.dir", "").trim();
        return dir.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(resolve(dir)));
    }

    /**
     * The edition kinds every night makes when due by the resolutions' cycle ({@code editions.by_night}, comma-separated:
     * month, quarter, half-year, year, commune-scoring, review, checked when the night's sinks are declared; empty, the
     * default: none).
     */
    public List<String> editionsByNight() {
        List<String> kinds = new ArrayList<>();
        for (String k : settings.getOrDefault("editions.by_night", "").split(",")) {
            if (k.isBlank()) continue;
            kinds.add(k.trim());
        }
        return List.copyOf(kinds);
    }

    /** How many tables the night builds at once ({@code pipeline.parallelism}, default 2). */
    public int parallelism() {
        return (int) wholeNumber("pipeline.parallelism", 2, 1);
    }

    /**
     * The size of a night's new files below which it evaluates expressions interpreted rather than compiling them
     * ({@code pipeline.interpret_below_mib}, default 64; 0 always compiles).
     */
    /** The band, in percent of its number, within which an approximate target is met ({@code criteria.approx_tolerance_pct}). */
    public double approxTolerancePct() {
        String band = settings.getOrDefault("criteria.approx_tolerance_pct", "5").trim();
        try {
            return Double.parseDouble(band);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("criteria.approx_tolerance_pct: expected a number of percent, got '" + band + "'");
        }
    }

    public long interpretBelowBytes() {
        return wholeNumber("pipeline.interpret_below_mib", 64, 0) << 20;
    }

    /**
     * How long the lake and the inbox have to answer the night's first question before it stops, naming the endpoint
     * ({@code store.answer_within_s}, default 30): an S3 client on its own retries for minutes.
     */
    public java.time.Duration storeAnswerWithin() {
        return java.time.Duration.ofSeconds(wholeNumber("store.answer_within_s", 30, 1));
    }

    /** A setting that must be a whole number of at least {@code min}; a clear error naming it and its value otherwise. */
    private long wholeNumber(String key, long defaultValue, long min) {
        String v = settings.getOrDefault(key, String.valueOf(defaultValue));
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= Integer.MAX_VALUE) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number >= " + min + ", got '" + v + "'");
    }

    /** Settings that go to SparkConf (keys starting with {@code spark.}). */
    public Map<String, String> sparkSettings() {
        Map<String, String> spark = new LinkedHashMap<>();
        settings.forEach((k, v) -> { if (k.startsWith("spark.")) spark.put(k, v); });
        return spark;
    }

    /**
     * The HMAC key for pseudonymising personal identifiers. Required from the environment for any
     * configured lake; the embedded default falls back to a development key, and says so.
     */
    public PseudonymKey pseudonymKey() {
        String key = env.get(ENV_PSEUDONYM_KEY);
        if (key != null && !key.isBlank()) return new PseudonymKey(key.getBytes(StandardCharsets.UTF_8), false);
        if (embeddedLake) return new PseudonymKey(DEVELOPMENT_KEY.getBytes(StandardCharsets.UTF_8), true);
        throw new IllegalStateException("Environment variable " + ENV_PSEUDONYM_KEY + " is not set. "
                + "It holds the secret key for pseudonymising card numbers and citizen IDs and is required "
                + "for any lake other than the embedded default (lake: " + lake() + ").");
    }

    /** Key bytes plus whether they are the built-in development key. */
    public record PseudonymKey(byte[] bytes, boolean development) { }

    static String resolve(String path) {
        if (path == null || path.contains("://") || Path.of(path).isAbsolute()) return path;
        String home = System.getProperty(HOME_PROPERTY);
        Path base = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        return base.resolve(path).normalize().toString();
    }

    private static Properties readDefaults() {
        Properties p = new Properties();
        try (InputStream in = PipelineConfig.class.getResourceAsStream("/conf/pipeline.properties")) {
            if (in == null) throw new IllegalStateException("conf/pipeline.properties is missing from the classpath");
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in conf/pipeline.properties", e);
        }
        return p;
    }

    private static Properties readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + " (" + ENV_CONF + "): " + e.getMessage(), e);
        }
        return p;
    }

    private static void putAll(Map<String, String> target, Properties p) {
        for (String name : p.stringPropertyNames()) target.put(name, p.getProperty(name).trim());
    }
}
