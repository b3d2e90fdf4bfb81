package vn.haiphong.indicators.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import vn.haiphong.indicators.reference.Communes;

/**
 * A second, deliberately plain implementation of the counting rules, straight from the CSV files, to
 * check the pipeline's figures against: no Spark, no code shared with the parser.
 */
final class SampleOracle {
    private static final DateTimeFormatter D = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);

    static String key(String header) {
        return Normalizer.normalize(header.replace("\uFEFF", "").trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    static List<CSVRecord> records(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setAllowMissingColumnNames(true).build().parse(r).getRecords();
        } catch (java.io.UncheckedIOException e) {
            throw new IOException(e);
        }
    }

    /** Column index by contract header. */
    static Map<String, Integer> columns(CSVRecord header) {
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < header.size(); i++) idx.put(key(header.get(i)), i);
        return idx;
    }

    /** Insured persons per 2025 commune at the end of the file's month. Bad rows are skipped. */
    static Map<String, Long> insuredByCommune(Path cardFile, YearMonth month) throws IOException {
        Communes communes = Communes.load();
        LocalDate end = month.atEndOfMonth();
        // read line by line: a broken line must not stop the count
        List<String> lines = Files.readAllLines(cardFile, StandardCharsets.UTF_8);
        Map<String, Integer> col = columns(CSVFormat.DEFAULT.parse(new java.io.StringReader(lines.get(0))).getRecords().get(0));
        int card = col.get(key("Mã thẻ BHYT")), commune = col.get(key("Mã xã")), from = col.get(key("Giá trị từ")),
                to = col.get(key("Giá trị đến")), gender = col.get(key("Giới tính")), birth = col.get(key("Ngày sinh"));
        Map<String, String[]> best = new HashMap<>(); // person -> {from, to, commune}
        for (String line : lines.subList(1, lines.size())) {
            CSVRecord r;
            try {
                var recs = CSVFormat.DEFAULT.parse(new java.io.StringReader(line)).getRecords();
                if (recs.size() != 1 || recs.get(0).size() != col.size()) continue;
                r = recs.get(0);
            } catch (Exception e) {
                continue;
            }
            String c = r.get(card).trim();
            String code = communes.currentCode(r.get(commune).trim());
            String g = key(r.get(gender));
            if (!c.matches("[A-Z]{2}[0-9]{13}") || code == null || !(g.equals("nam") || g.equals("nữ"))) continue;
            LocalDate f, t;
            try {
                f = LocalDate.parse(r.get(from).trim(), D);
                t = LocalDate.parse(r.get(to).trim(), D);
                String b = r.get(birth).trim();
                if (b.length() == 4 ? Integer.parseInt(b) > 2026 : LocalDate.parse(b, D).isAfter(LocalDate.now())) continue;
            } catch (Exception e) {
                continue;
            }
            if (t.isBefore(f) || f.isAfter(end) || t.isBefore(end)) continue;
            String person = c.substring(5);
            String[] cand = {f.toString(), t.toString(), code};
            String[] cur = best.get(person);
            if (cur == null || compare(cand, cur) > 0) best.put(person, cand);
        }
        Map<String, Long> out = new TreeMap<>();
        best.values().forEach(v -> out.merge(v[2], 1L, Long::sum));
        return out;
    }

    private static int compare(String[] a, String[] b) {
        for (int i = 0; i < 3; i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Sums a count column of the good rows of a station or population file, per 2025 commune. */
    static Map<String, Long> sumByCommune(Path file, String header, java.util.function.Predicate<CSVRecord> good) throws IOException {
        List<CSVRecord> recs = records(file);
        Map<String, Integer> col = columns(recs.get(0));
        Communes communes = Communes.load();
        Map<String, Long> out = new TreeMap<>();
        for (CSVRecord r : recs.subList(1, recs.size())) {
            if (!good.test(r)) continue;
            String code = communes.currentCode(r.get(col.get(key("Mã xã"))).trim());
            if (code == null) continue;
            out.merge(code, Long.parseLong(r.get(col.get(key(header))).trim().replace(".", "")), Long::sum);
        }
        return out;
    }

    static long dataLines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.skip(1).filter(l -> !l.isBlank()).count();
        }
    }
}
