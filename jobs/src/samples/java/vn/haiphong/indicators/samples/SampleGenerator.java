package vn.haiphong.indicators.samples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import vn.haiphong.indicators.reference.Communes;

/**
 * Synthetic departmental extracts, exactly in the shape of the extracts contract, from a seeded model of
 * residents: each person has a social insurance number, a commune (and the pre-2025 commune it was
 * part of), and a rank that decides from which coverage level on they hold a card. Cards renew,
 * change participant group, move commune, expire and duplicate as real exports do.
 *
 * <p>{@link #writeSamples} writes the small inbox of {@code data-samples/} (four communes, several months
 * including December 2023 and 2024 and June 2025 with old codes, a {@code _v2} correction, header variants and one bad row per rule);
 * {@link #writeCityMonth} writes one city-scale month (about 4.4 million card rows) for benchmarks.
 */
public final class SampleGenerator {
    static final DateTimeFormatter VN_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    /** The communes of the samples: Hồng Bàng, Đông Hải, Hải Dương (wards) and Cát Hải (special zone). */
    public static final List<String> SAMPLE_COMMUNES = List.of("11311", "11411", "10525", "11914");
    static final int[] SAMPLE_RESIDENTS = {1300, 950, 1150, 700};
    static final YearMonth REFORM = YearMonth.of(2025, 7);

    static final String[] CARD_HEADER = ContractHeaders.of("bhyt_the");
    static final String[] STATION_HEADER = ContractHeaders.of("bhyt_tram_y_te");
    static final String[] POPULATION_HEADER = ContractHeaders.of("dan_so");

    private static final String[] FAMILY = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"};
    private static final String[] MIDDLE = {"Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Thu"};
    private static final String[] GIVEN = {"An", "Bình", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Quang", "Thảo", "Tuấn", "Yến", "Hải", "Linh"};
    private static final String[] GROUPS = {"DN", "HC", "HT", "TE", "HS", "HN", "CN", "GD"};

    private final long seed;
    private final Communes communes = Communes.load();

    public SampleGenerator(long seed) {
        this.seed = seed;
    }

    /** A resident of the synthetic city. */
    record Person(long index, String si, String commune, String oldCode, String birth, String gender, String name,
                  String group, double rank) { }

    Person person(long index, String commune, List<String> oldCodes) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        int age = r.nextInt(0, 95);
        LocalDate birth = LocalDate.of(2025 - age, 1, 1).plusDays(r.nextInt(0, 365)); // never after the data
        String birthText = age >= 75 && r.nextDouble() < 0.3 ? String.valueOf(birth.getYear()) : birth.format(VN_DATE);
        boolean female = r.nextBoolean();
        String name = FAMILY[r.nextInt(FAMILY.length)] + " " + (female ? "Thị" : MIDDLE[r.nextInt(MIDDLE.length)]) + " "
                + GIVEN[r.nextInt(GIVEN.length)];
        String group = age < 6 ? "TE" : age < 18 ? "HS" : age >= 60 ? "HT" : GROUPS[r.nextInt(GROUPS.length)];
        String oldCode = oldCodes.isEmpty() ? commune : oldCodes.get(r.nextInt(oldCodes.size()));
        return new Person(index, String.format("%010d", 3_100_000_000L + index), commune, oldCode, birthText,
                female ? "Nữ" : "Nam", name, group, r.nextDouble());
    }

    static String card(String group, String si, int benefit) {
        return group + benefit + "31" + si;
    }

    /**
     * The card rows of one person for one month, as the month-end snapshot lists them: every card valid
     * at any time in the month. {@code coverage} is the share of residents insured at month end.
     */
    List<String[]> cardRows(Person p, YearMonth month, double coverage, String otherCommuneCode) {
        SplittableRandom r = new SplittableRandom((seed * 31 + p.index()) * 1_000_003L + month.getYear() * 12L + month.getMonthValue());
        LocalDate start = month.atDay(1);
        LocalDate end = month.atEndOfMonth();
        boolean oldCodes = month.isBefore(REFORM);
        String code = oldCodes ? p.oldCode() : p.commune();
        List<String[]> rows = new ArrayList<>(2);
        int benefit = 1 + (int) (p.index() % 5);
        if (p.rank() < coverage) {
            double x = r.nextDouble();
            if (x < 0.09 || (x >= 0.09 && x < 0.105)) {
                // Renewal during the month (and, for 1.5%, a change of participant group): the old card ends.
                LocalDate switchDay = start.plusDays(r.nextInt(0, month.lengthOfMonth() - 1));
                String newGroup = x < 0.09 ? p.group() : (p.group().equals("DN") ? "HN" : "DN");
                rows.add(row(card(p.group(), p.si(), benefit), p, code, switchDay.minusYears(1), switchDay));
                rows.add(row(card(newGroup, p.si(), benefit), p, code, switchDay.plusDays(1), switchDay.plusYears(1)));
            } else if (x < 0.115) {
                // Moved: the card of the former commune is still valid, the one that started last counts.
                rows.add(row(card(p.group(), p.si(), benefit), p, otherCommuneCode, LocalDate.of(month.getYear(), 1, 1),
                        LocalDate.of(month.getYear(), 12, 31)));
                rows.add(row(card(p.group(), p.si(), benefit), p, code, start.plusDays(r.nextInt(0, 20)),
                        LocalDate.of(month.getYear() + 1, 12, 31)));
            } else {
                rows.add(row(card(p.group(), p.si(), benefit), p, code, LocalDate.of(month.getYear(), 1, 1),
                        LocalDate.of(month.getYear(), 12, 31)));
            }
            if (r.nextDouble() < 0.005) rows.add(rows.get(rows.size() - 1).clone()); // export duplicate
        } else if (r.nextDouble() < 0.3) {
            // Expired during the month and not renewed: listed, but not insured at month end.
            rows.add(row(card(p.group(), p.si(), benefit), p, code, start.minusYears(1), start.plusDays(r.nextInt(0, month.lengthOfMonth() - 1))));
        }
        return rows;
    }

    private static String[] row(String card, Person p, String code, LocalDate from, LocalDate to) {
        return new String[] {card, p.name(), p.birth(), p.gender(), code, from.format(VN_DATE), to.format(VN_DATE)};
    }

    // ---------------------------------------------------------------- samples

    /** Writes the sample inbox; returns file -> data rows. */
    public Map<Path, Long> writeSamples(Path inbox) throws IOException {
        List<Path> written = new ArrayList<>();
        List<Person> people = new ArrayList<>();
        long index = 0;
        for (int c = 0; c < SAMPLE_COMMUNES.size(); c++) {
            String commune = SAMPLE_COMMUNES.get(c);
            for (int i = 0; i < SAMPLE_RESIDENTS[c]; i++) people.add(person(index++, commune, communes.oldCodesOf(commune)));
        }
        Style bomCrlf = new Style(true, true, Variant.PLAIN, false, null);
        Style nfd = new Style(false, false, Variant.NFD, false, null);
        Style shuffled = new Style(false, true, Variant.UPPER_SPACED, true, "Ghi chú");
        Style plain = new Style(false, false, Variant.PLAIN, false, null);
        Style bomNfd = new Style(true, false, Variant.NFD, false, null);

        // Year-end months of 2023 and 2024 (old codes) give the forecasts three complete years.
        written.add(cards(inbox, "bhyt_the_2023-12.csv", people, YearMonth.of(2023, 12), 0.895, plain, null, List.<String[]>of()));
        written.add(cards(inbox, "bhyt_the_2024-12.csv", people, YearMonth.of(2024, 12), 0.910, bomCrlf, null, List.<String[]>of()));
        written.add(cards(inbox, "bhyt_the_2025-06.csv", people, YearMonth.of(2025, 6), 0.920, bomCrlf, null,
                List.<String[]>of(BAD_UNKNOWN_COMMUNE, BAD_CARD_LOWERCASE)));
        written.add(cards(inbox, "bhyt_the_2025-12.csv", people, YearMonth.of(2025, 12), 0.935, nfd, null, List.<String[]>of()));
        written.add(cards(inbox, "bhyt_the_2026-09.csv", people, YearMonth.of(2026, 9), 0.950, shuffled, null, ALL_BAD_CARDS));
        // The first October delivery missed Cát Hải (11914); the _v2 correction is complete.
        written.add(cards(inbox, "bhyt_the_2026-10.csv", people, YearMonth.of(2026, 10), 0.957, plain, "11914", List.<String[]>of()));
        written.add(cards(inbox, "bhyt_the_2026-10_v2.csv", people, YearMonth.of(2026, 10), 0.957, bomNfd, null,
                List.<String[]>of(BAD_VALID_TO)));

        Map<String, Integer> residents = new LinkedHashMap<>();
        for (Person p : people) residents.merge(p.commune(), 1, Integer::sum);
        Map<String, Integer> oldResidents = new LinkedHashMap<>();
        for (Person p : people) oldResidents.merge(p.oldCode(), 1, Integer::sum);
        written.add(population(inbox, "dan_so_2023.csv", 2023, oldResidents, 0.975, nfd, false));
        written.add(population(inbox, "dan_so_2024.csv", 2024, oldResidents, 0.985, plain, true));
        written.add(population(inbox, "dan_so_2025.csv", 2025, residents, 1.0, bomCrlf, true));
        written.add(stations(inbox, "bhyt_tram_y_te_2025-06.csv", YearMonth.of(2025, 6), oldResidents, 0.52, plain, true));
        written.add(stations(inbox, "bhyt_tram_y_te_2025-12.csv", YearMonth.of(2025, 12), residents, 0.58, nfd, false));
        written.add(stations(inbox, "bhyt_tram_y_te_2026-10.csv", YearMonth.of(2026, 10), residents, 0.66, bomCrlf, true));
        List<String> schoolCommunes = new ArrayList<>(SAMPLE_COMMUNES);
        for (String c : ProgrammeSamples.MODEL_UNITS) if (!schoolCommunes.contains(c)) schoolCommunes.add(c);
        written.addAll(new ProgrammeSamples(seed, 1).writeAll(inbox, schoolCommunes));
        Map<Path, Long> counted = new LinkedHashMap<>();
        for (Path f : written) counted.put(f, countDataLines(f));
        return counted;
    }

    /**
     * The programme sources at city scale (schools in every commune, {@code size} times the samples'
     * projects, applications, businesses and sites), for the benchmark of all sources together.
     */
    public Map<Path, Long> writeCityProgrammes(Path inbox, int size) throws IOException {
        List<String> all = communes.currentCodes();
        Map<Path, Long> counted = new LinkedHashMap<>();
        for (Path f : new ProgrammeSamples(seed, size).writeAll(inbox, all)) counted.put(f, countDataLines(f));
        return counted;
    }

    // One bad row per rule of bhyt_the (raw fields in contract order).
    static final String[] BAD_CARD_LOWERCASE = {"dn4319999000001", "Lê Văn Lỗi", "01/02/1980", "Nam", "11311", "01/01/2025", "31/12/2025"};
    static final String[] BAD_CARD_SHORT = {"DN43199990002", "Lê Văn Ngắn", "01/02/1980", "Nam", "11311", "01/01/2026", "31/12/2026"};
    static final String[] BAD_UNKNOWN_COMMUNE = {"DN4319999000003", "Lê Thị Xã", "01/02/1980", "Nữ", "99999", "01/01/2025", "31/12/2025"};
    static final String[] BAD_VALID_TO = {"DN4319999000004", "Lê Văn Hạn", "01/02/1980", "Nam", "11411", "01/06/2026", "31/05/2026"};
    static final String[] BAD_FUTURE_BIRTH = {"TE4319999000005", "Lê Văn Sinh", "15/08/2031", "Nam", "11411", "01/01/2026", "31/12/2026"};
    static final String[] BAD_GENDER = {"DN4319999000006", "Lê Văn Giới", "01/02/1980", "Khác", "10525", "01/01/2026", "31/12/2026"};
    static final String[] BAD_EMPTY_FROM = {"DN4319999000007", "Lê Văn Rỗng", "01/02/1980", "Nam", "10525", "", "31/12/2026"};
    static final String[] BAD_IMPOSSIBLE_DATE = {"DN4319999000008", "Lê Văn Ngày", "01/02/1980", "Nam", "11914", "31/02/2026", "31/12/2026"};
    static final String[] BAD_FIELD_COUNT = {"DN4319999000009", "Lê Văn Thiếu", "01/02/1980", "Nam", "11914", "01/01/2026"};
    static final String[] BAD_QUOTES = {"DN4319999000010", "\"Lê Văn \"Nháy", "01/02/1980", "Nam", "11914", "01/01/2026", "31/12/2026"};
    static final List<String[]> ALL_BAD_CARDS = List.<String[]>of(BAD_CARD_LOWERCASE, BAD_CARD_SHORT, BAD_UNKNOWN_COMMUNE,
            BAD_VALID_TO, BAD_FUTURE_BIRTH, BAD_GENDER, BAD_EMPTY_FROM, BAD_IMPOSSIBLE_DATE, BAD_FIELD_COUNT, BAD_QUOTES);

    private Path cards(Path inbox, String name, List<Person> people, YearMonth month, double coverage, Style style,
                       String missingCommune, List<String[]> bad) throws IOException {
        Path file = inbox.resolve("bhyt").resolve(name);
        try (CsvFile out = new CsvFile(file, style, CARD_HEADER)) {
            int every = Math.max(1, people.size() / (bad.size() + 1));
            int nextBad = 0;
            for (int i = 0; i < people.size(); i++) {
                Person p = people.get(i);
                if (p.commune().equals(missingCommune)) continue;
                String other = otherCommune(p, month);
                for (String[] row : cardRows(p, month, coverage, other)) out.row(row);
                if (nextBad < bad.size() && (i + 1) % every == 0) out.rawRow(bad.get(nextBad++));
            }
        }
        return file;
    }

    private String otherCommune(Person p, YearMonth month) {
        String other = SAMPLE_COMMUNES.get((SAMPLE_COMMUNES.indexOf(p.commune()) + 1) % SAMPLE_COMMUNES.size());
        if (!month.isBefore(REFORM)) return other;
        List<String> olds = communes.oldCodesOf(other);
        return olds.isEmpty() ? other : olds.get(0);
    }

    private Path population(Path inbox, String name, int year, Map<String, Integer> residents, double factor, Style style,
                            boolean withBadRows) throws IOException {
        Path file = inbox.resolve("dan_so").resolve(name);
        try (CsvFile out = new CsvFile(file, style, POPULATION_HEADER)) {
            for (Map.Entry<String, Integer> e : residents.entrySet()) {
                long pop = Math.round(e.getValue() * factor);
                String commune = communes.name(communes.currentCode(e.getKey()));
                out.row(new String[] {e.getKey(), commune, String.valueOf(year), thousands(pop), thousands(Math.round(pop * 0.19))});
            }
            if (withBadRows) {
                out.rawRow(new String[] {"11311", "Phường Hồng Bàng", String.valueOf(year), "1.000", "1.200"}); // 60+ above total
                out.rawRow(new String[] {"11411", "Phường Đông Hải", String.valueOf(year - 1), "1.000", "190"}); // wrong year
            }
        }
        return file;
    }

    private Path stations(Path inbox, String name, YearMonth month, Map<String, Integer> residents, double managedShare,
                          Style style, boolean withBadRows) throws IOException {
        Path file = inbox.resolve("bhyt").resolve(name);
        SplittableRandom r = new SplittableRandom(seed + month.getYear() * 100L + month.getMonthValue());
        try (CsvFile out = new CsvFile(file, style, STATION_HEADER)) {
            for (Map.Entry<String, Integer> e : residents.entrySet()) {
                int pop = e.getValue();
                long managed = Math.round(pop * (managedShare + r.nextDouble() * 0.04));
                long ehr = Math.min(pop, Math.round(managed * 1.15));
                long newborns = Math.round(pop * 0.0125 * month.getMonthValue() / 12.0) + 1;
                long screened = Math.round(newborns * (0.70 + r.nextDouble() * 0.2));
                long elderly = Math.round(pop * 0.19 * (0.55 + 0.04 * month.getMonthValue()));
                String station = "Trạm y tế " + communes.name(communes.currentCode(e.getKey())) + ", cơ sở " + e.getKey();
                out.row(new String[] {e.getKey(), station, thousands(ehr), thousands(managed), thousands(Math.round(pop * 0.21)),
                    thousands(Math.min(elderly, Math.round(pop * 0.19))), thousands(newborns), thousands(screened)});
            }
            if (withBadRows) {
                out.rawRow(new String[] {"00000", "Trạm y tế không tồn tại", "10", "10", "10", "10", "10", "10"});
                out.rawRow(new String[] {SAMPLE_COMMUNES.get(0), "Trạm y tế Hồng Bàng", "1.2345", "-3", "10", "10", "8", "9"});
            }
        }
        return file;
    }

    static String thousands(long n) {
        return String.format(Locale.GERMANY, "%,d", n); // '.' groups thousands, as the departments write
    }

    // ---------------------------------------------------------------- city scale

    /**
     * One city-scale month: cards for about 4.1 million residents of the 114 communes (about 4.4 million
     * rows), the month's station file and that year's population file. A few bad rows are mixed in.
     */
    public Map<Path, Long> writeCityMonth(Path inbox, YearMonth month, boolean withBadRows) throws IOException {
        return writeCityMonth(inbox, month, withBadRows, CITY_RESIDENTS);
    }

    /** Residents of the 114 communes in a city-scale month. */
    public static final long CITY_RESIDENTS = 4_120_000;

    /** {@link #writeCityMonth(Path, YearMonth, boolean)} for {@code residents} residents in all (a smaller city, for quicker figures). */
    public Map<Path, Long> writeCityMonth(Path inbox, YearMonth month, boolean withBadRows, long residentsInAll) throws IOException {
        List<String> codes = communes.currentCodes();
        SplittableRandom r = new SplittableRandom(seed);
        long[] residents = new long[codes.size()];
        double total = 0;
        double[] weight = new double[codes.size()];
        for (int i = 0; i < weight.length; i++) { weight[i] = 0.3 + r.nextDouble() * 1.7; total += weight[i]; }
        for (int i = 0; i < weight.length; i++) residents[i] = Math.round(residentsInAll * weight[i] / total);
        Map<Path, Long> written = new LinkedHashMap<>();
        Path cardsFile = inbox.resolve("bhyt").resolve("bhyt_the_" + month + ".csv");
        long rows = 0;
        long index = 0;
        try (CsvFile out = new CsvFile(cardsFile, new Style(false, false, Variant.PLAIN, false, null), CARD_HEADER)) {
            for (int c = 0; c < codes.size(); c++) {
                String other = codes.get((c + 1) % codes.size());
                List<String> olds = communes.oldCodesOf(codes.get(c));
                for (long i = 0; i < residents[c]; i++) {
                    Person p = person(index++, codes.get(c), olds);
                    for (String[] row : cardRows(p, month, 0.953, other)) { out.row(row); rows++; }
                    if (withBadRows && index % 500_000 == 0) {
                        out.rawRow(ALL_BAD_CARDS.get((int) (index / 500_000) % ALL_BAD_CARDS.size()));
                        rows++;
                    }
                }
            }
        }
        written.put(cardsFile, rows);
        Map<String, Integer> byCommune = new LinkedHashMap<>();
        for (int c = 0; c < codes.size(); c++) byCommune.put(codes.get(c), (int) residents[c]);
        written.put(stations(inbox, "bhyt_tram_y_te_" + month + ".csv", month, byCommune, 0.66,
                new Style(false, false, Variant.PLAIN, false, null), false), (long) codes.size());
        written.put(population(inbox, "dan_so_" + month.getYear() + ".csv", month.getYear(), byCommune, 1.0,
                new Style(false, false, Variant.PLAIN, false, null), false), (long) codes.size());
        return written;
    }

    static long countDataLines(Path f) throws IOException {
        try (var lines = Files.lines(f, StandardCharsets.UTF_8)) {
            return lines.skip(1).filter(l -> !l.isBlank()).count();
        }
    }

    // ---------------------------------------------------------------- CSV writing with the departments' quirks

    enum Variant { PLAIN, NFD, UPPER_SPACED }

    /** How a department's export differs: BOM, CRLF, header spelling, column order, an extra column. */
    record Style(boolean bom, boolean crlf, Variant header, boolean reversedColumns, String extraColumn) { }

    static final class CsvFile implements AutoCloseable {
        private final BufferedWriter w;
        private final Style style;
        private final int width;
        private final String eol;

        CsvFile(Path file, Style style, String[] header) throws IOException {
            Files.createDirectories(file.getParent());
            this.w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.style = style;
            this.width = header.length;
            this.eol = style.crlf() ? "\r\n" : "\n";
            if (style.bom()) w.write('\uFEFF');
            String[] h = new String[header.length];
            for (int i = 0; i < header.length; i++) {
                h[i] = switch (style.header()) {
                    case PLAIN -> header[i];
                    case NFD -> Normalizer.normalize(header[i], Normalizer.Form.NFD);
                    case UPPER_SPACED -> "  " + header[i].toUpperCase(Locale.ROOT) + " ";
                };
            }
            writeFields(order(h), style.extraColumn());
        }

        void row(String[] fields) throws IOException {
            writeFields(order(fields), style.extraColumn() == null ? null : "");
        }

        /** A row written as given (bad input), but still in this file's column order when it has the full width. */
        void rawRow(String[] fields) throws IOException {
            if (fields.length == width) {
                row(fields);
                return;
            }
            w.write(String.join(",", fields));
            w.write(eol);
        }

        private String[] order(String[] fields) {
            if (!style.reversedColumns()) return fields;
            String[] out = new String[fields.length];
            for (int i = 0; i < fields.length; i++) out[i] = fields[fields.length - 1 - i];
            return out;
        }

        private void writeFields(String[] fields, String extra) throws IOException {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) w.write(',');
                w.write(quote(fields[i]));
            }
            if (extra != null) {
                w.write(',');
                w.write(quote(extra));
            }
            w.write(eol);
        }

        private static String quote(String s) {
            if (s.startsWith("\"") && !s.endsWith("\"")) return s; // deliberately broken quoting stays broken
            if (s.indexOf(',') < 0 && s.indexOf('"') < 0) return s;
            return '"' + s.replace("\"", "\"\"") + '"';
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }
}
