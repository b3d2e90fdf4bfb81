package vn.haiphong.indicators.soak;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws sequences of nights on one lake, as departments deliver over months: each night adds a few deliveries (clean
 * files mostly, files with bad rows, {@code _vN} corrections larger, smaller, equal or of a header alone, exact
 * re-deliveries and the same name with other bytes, files in the wrong folder, names no contract knows, out-of-range
 * versions, truncated and empty files), accepts a held file, removes a file from the inbox, or brings nothing new. A
 * night may be killed ({@code kill -9}) at a point of its run and run again. The same seed draws the same sequence.
 *
 * <p>Three kinds stand for the rest: insurance cards (personal data, conformed month by month), population (a
 * statistics file per year) and the city indicators (a later file replaces estimates). Their rows are few and their
 * values drawn, so that the files of one kind and period differ unless a step means them to be the same.
 */
public final class NightModel {
    /** One thing that happens before a night runs. */
    public sealed interface Step permits Deliver, Remove, Accept { String describe(); }

    /** A file put into the inbox (replacing one of the same name, if any): {@code what} says which case it is. */
    public record Deliver(String folder, String name, byte[] bytes, String what) implements Step {
        public String path() { return folder + "/" + name; }
        @Override public String describe() { return "deliver " + path() + " (" + what + ", " + bytes.length + " bytes)"; }
    }

    /** A file taken out of the inbox. Its delivery stays in force: retracting data takes a correction. */
    public record Remove(String path) implements Step {
        @Override public String describe() { return "remove " + path; }
    }

    /** The data team accepts the held file at {@code path}, if it is still held when the step runs. */
    public record Accept(String path) implements Step {
        @Override public String describe() { return "accept " + path; }
    }

    /** Where a killed night is stopped: the first console line that contains {@code marker}. */
    public enum KillPoint {
        INGEST("ingest: inbox"), TABLES("== tables"), PUBLISH("publish");
        public final String marker;
        KillPoint(String marker) { this.marker = marker; }
    }

    /** One night: its steps, then the run; killed at {@code kill} (null: not killed) and run again at once. */
    public record Night(List<Step> steps, KillPoint kill) {
        public String describe() {
            List<String> parts = new ArrayList<>();
            steps.forEach(s -> parts.add(s.describe()));
            if (parts.isEmpty()) parts.add("nothing new");
            return String.join("; ", parts) + (kill == null ? "" : "; killed at " + kill.name().toLowerCase() + ", rerun");
        }
    }

    static final String CARD_HEADER = String.join(",", vn.haiphong.indicators.samples.ContractHeaders.of("bhyt_the"));
    static final String POPULATION_HEADER = String.join(",", vn.haiphong.indicators.samples.ContractHeaders.of("dan_so"));
    static final String INDICATOR_HEADER = String.join(",", vn.haiphong.indicators.samples.ContractHeaders.first("chi_tieu_kt_xh", 6));
    static final String[] COMMUNES = {"11311", "11411", "10507", "10525", "10532", "10537", "10543", "10546", "10549", "10552", "10570"};
    static final String[] INDICATORS = {"grdp_growth_pct", "grdp_per_capita_usd", "tourist_arrivals_mn", "port_cargo_mt"};

    /** A kind the model delivers: its folder, name prefix and periods. */
    record Kind(String folder, String prefix, List<String> periods) { }

    static final List<Kind> KINDS = List.of(
            new Kind("bhyt", "bhyt_the", List.of("2026-01", "2026-02", "2026-03", "2026-04")),
            new Kind("dan_so", "dan_so", List.of("2023", "2024", "2025")),
            new Kind("chi_tieu", "chi_tieu_kt_xh", List.of("2024", "2025")));

    private final Random random;
    /** What the inbox holds by path, as the model put it there: the base of corrections and re-deliveries. */
    private final Map<String, Deliver> inbox = new LinkedHashMap<>();
    /** Every file ever delivered, including removed ones: an exact re-delivery puts one back. */
    private final List<Deliver> delivered = new ArrayList<>();
    /** Paths of corrections drawn to be held (header alone, or much smaller): candidates for {@link Accept}. */
    private final List<String> mayBeHeld = new ArrayList<>();
    private final double killShare;
    private final boolean killInPublish;

    /**
     * @param killShare share of nights killed and rerun
     * @param killInPublish whether a kill may land in the publish (the night then publishes)
     */
    public NightModel(long seed, double killShare, boolean killInPublish) {
        this.random = new Random(seed);
        this.killShare = killShare;
        this.killInPublish = killInPublish;
    }

    /** The first {@code nights} nights of this model's sequence. */
    public List<Night> nights(int nights) {
        List<Night> out = new ArrayList<>();
        for (int i = 0; i < nights; i++) out.add(next(i == 0));
        return out;
    }

    private Night next(boolean first) {
        List<Step> steps = new ArrayList<>();
        // most nights bring one or two files, some nothing; the first always brings something
        int n = first ? 1 + random.nextInt(3) : random.nextInt(10) < 2 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) steps.add(step());
        KillPoint kill = null;
        if (!steps.isEmpty() && random.nextDouble() < killShare) {
            KillPoint[] points = killInPublish ? KillPoint.values() : new KillPoint[] {KillPoint.INGEST, KillPoint.TABLES};
            kill = points[random.nextInt(points.length)];
        }
        return new Night(steps, kill);
    }

    private Step step() {
        int r = random.nextInt(100);
        if (r < 35 || inbox.isEmpty()) return put(fresh(true), "clean");
        if (r < 45) return put(fresh(false), "bad rows");
        if (r < 65) return correction();
        if (r < 70 && !mayBeHeld.isEmpty()) return new Accept(mayBeHeld.get(random.nextInt(mayBeHeld.size())));
        if (r < 74) {
            Deliver again = delivered.get(random.nextInt(delivered.size()));
            return put(new Deliver(again.folder(), again.name(), again.bytes(), "exact re-delivery"), null);
        }
        if (r < 78) {
            Deliver old = pick();
            Kind kind = kindOf(old);
            if (kind == null) return put(fresh(true), "clean");
            String period = periodOf(old, kind);
            return put(new Deliver(old.folder(), old.name(), content(kind, period, 2 + random.nextInt(5), 0), "same name, other bytes"), null);
        }
        if (r < 82) {
            Kind right = KINDS.get(random.nextInt(KINDS.size()));
            Kind wrong = KINDS.get((KINDS.indexOf(right) + 1) % KINDS.size());
            String period = right.periods().get(random.nextInt(right.periods().size()));
            return put(new Deliver(wrong.folder(), right.prefix() + "_" + period + ".csv", content(right, period, 3, 0), "wrong folder"), null);
        }
        if (r < 85) {
            Kind kind = KINDS.get(random.nextInt(KINDS.size()));
            return put(new Deliver(kind.folder(), "bao_cao_" + random.nextInt(1000) + ".csv",
                    content(kind, kind.periods().get(0), 2, 0), "a name no contract knows"), null);
        }
        if (r < 88) {
            Kind kind = KINDS.get(random.nextInt(KINDS.size()));
            String period = kind.periods().get(random.nextInt(kind.periods().size()));
            String version = random.nextBoolean() ? "_v0" : "_v100000";
            return put(new Deliver(kind.folder(), kind.prefix() + "_" + period + version + ".csv", content(kind, period, 2, 0),
                    "out-of-range version"), null);
        }
        if (r < 92) {
            Deliver whole = fresh(true);
            byte[] b = whole.bytes();
            int cut = b.length - 1 - Math.max(1, random.nextInt(Math.max(2, lastLineLength(b))));
            return put(new Deliver(whole.folder(), whole.name(), java.util.Arrays.copyOf(b, cut), "truncated last line"), null);
        }
        if (r < 95) {
            Deliver named = fresh(true);
            return put(new Deliver(named.folder(), named.name(), new byte[0], "empty file"), null);
        }
        Remove removal = new Remove(pick().path());
        inbox.remove(removal.path()); // later steps do not build on it
        return removal;
    }

    /** A new file of a drawn kind and period (a correction when that period was delivered already). */
    private Deliver fresh(boolean clean) {
        Kind kind = KINDS.get(random.nextInt(KINDS.size()));
        String period = kind.periods().get(random.nextInt(kind.periods().size()));
        String name = nextName(kind, period);
        int rows = 3 + random.nextInt(6);
        int bad = clean ? 0 : 1 + random.nextInt(2);
        return new Deliver(kind.folder(), name, content(kind, period, rows, bad), clean ? "clean" : "bad rows");
    }

    /** A {@code _vN} correction of a file in the inbox: larger, smaller, equal, or a header alone. */
    private Step correction() {
        Deliver base = pick();
        Kind kind = kindOf(base);
        if (kind == null || !base.name().matches(".*_\\d{4}(-\\d{2})?(_v\\d+)?\\.csv")) return put(fresh(true), "clean");
        String period = periodOf(base, kind);
        String name = nextName(kind, period);
        int baseRows = Math.max(1, dataLines(base.bytes()));
        int c = random.nextInt(4);
        String what;
        byte[] bytes;
        switch (c) {
            case 0 -> { what = "correction, larger"; bytes = content(kind, period, baseRows + 1 + random.nextInt(3), 0); }
            case 1 -> { what = "correction, smaller"; bytes = content(kind, period, Math.max(1, baseRows - 1 - random.nextInt(baseRows)), 0); }
            case 2 -> { what = "correction, equal"; bytes = content(kind, period, baseRows, 0); }
            default -> { what = "correction, header alone (held)"; bytes = content(kind, period, 0, 0); }
        }
        Deliver d = new Deliver(kind.folder(), name, bytes, what);
        if (c == 1 || c == 3) mayBeHeld.add(d.path());
        return put(d, null);
    }

    private Deliver put(Deliver d, String what) {
        Deliver named = what == null ? d : new Deliver(d.folder(), d.name(), d.bytes(), what);
        inbox.put(named.path(), named);
        delivered.add(named);
        return named;
    }

    private Deliver pick() {
        List<Deliver> all = new ArrayList<>(inbox.values());
        Deliver d = all.get(random.nextInt(all.size()));
        if (d.bytes().length == 0 || kindOf(d) == null) return all.get(0);
        return d;
    }

    /** The next unused name of a kind and period: the plain name first, then {@code _v2}, {@code _v3}... */
    private String nextName(Kind kind, String period) {
        String plain = kind.prefix() + "_" + period + ".csv";
        if (delivered.stream().noneMatch(d -> d.folder().equals(kind.folder()) && d.name().equals(plain))) return plain;
        for (int v = 2; ; v++) {
            String name = kind.prefix() + "_" + period + "_v" + v + ".csv";
            if (delivered.stream().noneMatch(d -> d.folder().equals(kind.folder()) && d.name().equals(name))) return name;
        }
    }

    private static Kind kindOf(Deliver d) {
        for (Kind k : KINDS) if (k.folder().equals(d.folder()) && d.name().startsWith(k.prefix() + "_")) return k;
        return null;
    }

    private static String periodOf(Deliver d, Kind kind) {
        String rest = d.name().substring(kind.prefix().length() + 1).replaceAll("(_v\\d+)?\\.csv$", "");
        return kind.periods().contains(rest) ? rest : kind.periods().get(0);
    }

    private static int dataLines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return (int) text.lines().count() - 1;
    }

    private static int lastLineLength(byte[] b) {
        int end = b.length - 1;
        int start = end - 1;
        while (start > 0 && b[start] != '\n') start--;
        return end - start;
    }

    /** A file of {@code rows} good and {@code bad} bad rows (a rule each kind's contract checks), values drawn. */
    private byte[] content(Kind kind, String period, int rows, int bad) {
        StringBuilder sb = new StringBuilder();
        switch (kind.prefix()) {
            case "bhyt_the" -> {
                sb.append(CARD_HEADER).append('\n');
                String month = period.substring(5) + "/" + period.substring(0, 4);
                for (int i = 0; i < rows + bad; i++) {
                    String commune = i < rows ? COMMUNES[random.nextInt(COMMUNES.length)] : "99999"; // bad: no such commune
                    sb.append(String.format("DN4313%09d,Người %d,01/01/%d,%s,%s,01/%s,31/12/2026%n", random.nextInt(400), i,
                            1940 + random.nextInt(70), random.nextBoolean() ? "Nam" : "Nữ", commune, month));
                }
            }
            case "dan_so" -> {
                sb.append(POPULATION_HEADER).append('\n');
                for (int i = 0; i < rows + bad; i++) {
                    int population = 150 + random.nextInt(100);
                    int old = i < rows ? random.nextInt(60) : population + 1; // bad: more aged 60+ than people
                    sb.append(String.format("%s,Xã %d,%s,%d,%d%n", COMMUNES[i % COMMUNES.length], i, period, population, old));
                }
            }
            default -> {
                sb.append(INDICATOR_HEADER).append('\n');
                for (int i = 0; i < rows + bad; i++) {
                    String type = i < rows ? (random.nextBoolean() ? "Chính thức" : "Ước tính") : "Khác"; // bad: no such type
                    // one row per indicator and year: the period's year, then earlier years
                    int year = Integer.parseInt(period) - i / INDICATORS.length;
                    sb.append(String.format("%s,Chỉ tiêu %d,%%,%d,\"%d,%02d\",%s%n", INDICATORS[i % INDICATORS.length], i,
                            year, 1 + random.nextInt(20), random.nextInt(100), type));
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
