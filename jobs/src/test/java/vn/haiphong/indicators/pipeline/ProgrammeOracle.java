package vn.haiphong.indicators.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import vn.haiphong.indicators.reference.Communes;

/**
 * The programme criteria's city values computed a second, plain way straight from the sample files
 * (no Spark, no code shared with the parser or the marts), to check the night's scorecard against.
 */
final class ProgrammeOracle {
    private static final DateTimeFormatter D = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final Communes COMMUNES = Communes.load();
    private final Path inbox;

    ProgrammeOracle(Path inbox) {
        this.inbox = inbox;
    }

    /** Rows of a file as maps keyed by the normalised contract header. */
    List<Map<String, String>> rows(String folder, String file) throws IOException {
        List<CSVRecord> records = SampleOracle.records(inbox.resolve(folder).resolve(file));
        Map<String, Integer> idx = SampleOracle.columns(records.get(0));
        List<Map<String, String>> out = new ArrayList<>();
        for (CSVRecord r : records.subList(1, records.size())) {
            if (r.size() != records.get(0).size()) continue;
            Map<String, String> m = new HashMap<>();
            idx.forEach((h, i) -> m.put(h, r.get(i).trim()));
            out.add(m);
        }
        return out;
    }

    static String v(Map<String, String> row, String header) {
        return row.get(SampleOracle.key(header));
    }

    static Long count(String s) {
        return s.matches("\\d{1,3}(\\.\\d{3})+|\\d+") ? Long.valueOf(s.replace(".", "")) : null;
    }

    static Double number(String s) {
        return s.matches("-?(\\d{1,3}(\\.\\d{3})+|\\d+)(,\\d+)?") ? Double.valueOf(s.replace(".", "").replace(',', '.')) : null;
    }

    static LocalDate date(String s) {
        try {
            return s.isEmpty() ? null : LocalDate.parse(s, D);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static double round4(double d) {
        return Math.round(d * 10000.0) / 10000.0;
    }

    static String norm(String s) {
        return SampleOracle.key(s);
    }

    // ---------------------------------------------------------------- schools

    /** Good census rows of a school year. */
    List<Map<String, String>> census(String schoolYear) throws IOException {
        List<Map<String, String>> good = new ArrayList<>();
        for (Map<String, String> r : rows("truong_hoc", "truong_hoc_" + schoolYear + ".csv")) {
            Long rooms = count(v(r, "Tổng số phòng học")), solid = count(v(r, "Số phòng học kiên cố")), pupils = count(v(r, "Số học sinh"));
            boolean ok = Set.of("mầm non", "tiểu học", "thcs", "thpt", "liên cấp").contains(norm(v(r, "Cấp học")))
                    && Set.of("0", "1", "2").contains(v(r, "Mức chuẩn quốc gia")) && COMMUNES.isKnown(v(r, "Mã xã"))
                    && rooms != null && solid != null && pupils != null && solid <= rooms;
            if (ok) good.add(r);
        }
        return good;
    }

    /** year (school year's end) -> [schools at national standard %, solid classrooms %], city-wide. */
    Map<Integer, double[]> schoolShares() throws IOException {
        Map<Integer, double[]> out = new TreeMap<>();
        for (String sy : List.of("2024-2025", "2025-2026", "2026-2027")) {
            List<Map<String, String>> good = census(sy);
            long standard = good.stream().filter(r -> !v(r, "Mức chuẩn quốc gia").equals("0")).count();
            long rooms = good.stream().mapToLong(r -> count(v(r, "Tổng số phòng học"))).sum();
            long solid = good.stream().mapToLong(r -> count(v(r, "Số phòng học kiên cố"))).sum();
            out.put(Integer.parseInt(sy.substring(5)), new double[] {round4(100.0 * standard / good.size()), round4(100.0 * solid / rooms)});
        }
        return out;
    }

    /** Criteria met at each model school's first assessment (2026-05-20), in %. */
    Map<String, Double> criteriaMetAtSelection() throws IOException {
        Set<String> model = new java.util.HashSet<>();
        Set<String> known = new java.util.HashSet<>();
        for (String sy : List.of("2024-2025", "2025-2026", "2026-2027")) {
            for (Map<String, String> r : census(sy)) {
                known.add(v(r, "Mã trường"));
                if (norm(v(r, "Trường mô hình XHCN")).equals("có")) model.add(v(r, "Mã trường"));
            }
        }
        Map<String, long[]> metAssessed = new TreeMap<>();
        Set<String> dimensions = Set.of("cơ sở vật chất", "đội ngũ", "chương trình giáo dục", "quản trị trường học", "môi trường học đường");
        for (Map<String, String> r : rows("truong_hoc", "danh_gia_xhcn_2026-05-20.csv")) {
            String school = v(r, "Mã trường");
            String result = norm(v(r, "Kết quả"));
            boolean ok = known.contains(school) && dimensions.contains(norm(v(r, "Phương diện")))
                    && Set.of("đạt", "không đạt").contains(result) && LocalDate.of(2026, 5, 20).equals(date(v(r, "Ngày đánh giá")));
            if (!ok || !model.contains(school)) continue;
            long[] c = metAssessed.computeIfAbsent(school, k -> new long[2]);
            if (result.equals("đạt")) c[0]++;
            c[1]++;
        }
        Map<String, Double> out = new TreeMap<>();
        metAssessed.forEach((s, c) -> out.put(s, round4(100.0 * c[0] / c[1])));
        return out;
    }

    // ---------------------------------------------------------------- social housing

    /** project -> row of the good rows of one month-end file. */
    Map<String, Map<String, String>> projects(String file, YearMonth month) throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Map<String, String> r : rows("nha_o_xa_hoi", file)) {
            Long planned = count(v(r, "Tổng số căn")), done = count(v(r, "Số căn đã hoàn thành"));
            LocalDate start = date(v(r, "Ngày khởi công")), end = date(v(r, "Ngày hoàn thành"));
            boolean ok = planned != null && done != null && done <= planned && start != null && !start.isAfter(month.atEndOfMonth())
                    && (end == null || !end.isBefore(start)) && Set.of("có", "không").contains(norm(v(r, "Hạ tầng xã hội thiết yếu")));
            for (String part : List.of("Số căn để bán", "Số căn cho thuê", "Số căn thuê mua")) {
                ok &= count(v(r, part)) != null && count(v(r, part)) <= (planned == null ? 0 : planned);
            }
            if (ok) out.put(v(r, "Mã dự án"), r);
        }
        return out;
    }

    static long sumOf(Map<String, Map<String, String>> projects, String header) {
        return projects.values().stream().mapToLong(r -> count(v(r, header))).sum();
    }

    // ---------------------------------------------------------------- tourism

    /** Plastic-free share of coastal ("yes") or other ("no") businesses by their latest inspection up to the month's end. */
    double plasticFreePct(List<String> files, YearMonth asOf, boolean coastal) throws IOException {
        Map<String, Map<String, String>> latest = new HashMap<>();
        Set<String> zones = Set.of("cát bà", "đồ sơn", "hòn dấu", "trung tâm thành phố", "khác");
        for (String f : files) {
            YearMonth month = YearMonth.parse(f.substring("co_so_du_lich_".length(), f.length() - 4));
            if (month.isAfter(asOf)) continue;
            for (Map<String, String> r : rows("nhua_du_lich", f)) {
                LocalDate d = date(v(r, "Ngày kiểm tra"));
                boolean ok = d != null && YearMonth.from(d).equals(month) && zones.contains(norm(v(r, "Khu vực")))
                        && Set.of("có", "không").contains(norm(v(r, "Ven biển")))
                        && Set.of("đạt", "không đạt").contains(norm(v(r, "Không sử dụng nhựa dùng một lần")));
                if (!ok) continue;
                Map<String, String> before = latest.get(v(r, "Mã cơ sở"));
                if (before == null || !date(v(before, "Ngày kiểm tra")).isAfter(d)) latest.put(v(r, "Mã cơ sở"), r);
            }
        }
        long all = 0, free = 0;
        for (Map<String, String> r : latest.values()) {
            if (norm(v(r, "Ven biển")).equals("có") != coastal) continue;
            all++;
            if (norm(v(r, "Không sử dụng nhựa dùng một lần")).equals("đạt")) free++;
        }
        return round4(100.0 * free / all);
    }

    /** Reduction of plastic kg per 1,000 visitors, all weighed sites, months of `year` up to `upTo` against the same months of 2025. */
    double reductionYearToDate(List<String> files, int year, int upTo) throws IOException {
        Map<Integer, double[]> current = new TreeMap<>(), base = new TreeMap<>(); // month -> [kg, visitors]
        for (String f : files) {
            YearMonth month = YearMonth.parse(f.substring("rac_nhua_".length(), f.length() - 4));
            for (Map<String, String> r : rows("nhua_du_lich", f)) {
                Double plastic = number(v(r, "Rác thải nhựa (kg)")), total = number(v(r, "Tổng rác thải (kg)"));
                Long visitors = count(v(r, "Lượt khách"));
                LocalDate d = date(v(r, "Ngày cân"));
                if (plastic == null || total == null || visitors == null || plastic < 0 || plastic > total || d == null
                        || !YearMonth.from(d).equals(month)) continue;
                Map<Integer, double[]> target = d.getYear() == 2025 ? base : d.getYear() == year ? current : null;
                if (target == null || d.getMonthValue() > upTo && d.getYear() == year) continue;
                double[] acc = target.computeIfAbsent(d.getMonthValue(), k -> new double[2]);
                acc[0] += plastic;
                acc[1] += visitors;
            }
        }
        double kg = 0, vis = 0, baseKg = 0, baseVis = 0;
        for (Map.Entry<Integer, double[]> e : current.entrySet()) {
            double[] b = base.get(e.getKey());
            if (b == null) continue;
            kg += e.getValue()[0];
            vis += e.getValue()[1];
            baseKg += b[0];
            baseVis += b[1];
        }
        return round4(100.0 - 100.0 * (kg * 1000.0 / vis) / (baseKg * 1000.0 / baseVis));
    }

    // ---------------------------------------------------------------- city indicators

    /** (code, year) -> value in force, from the given files (latest version of each year's file only). */
    Map<String, Double> indicatorValues(List<String> files) throws IOException {
        Map<String, double[]> best = new TreeMap<>(); // key -> [value, rank] with rank = final*10000 + file year
        for (String f : files) {
            int fileYear = Integer.parseInt(f.substring("chi_tieu_kt_xh_".length(), "chi_tieu_kt_xh_".length() + 4));
            for (Map<String, String> r : rows("chi_tieu", f)) {
                Double value = number(v(r, "Giá trị"));
                String type = norm(v(r, "Loại số liệu"));
                String yearText = v(r, "Năm");
                if (value == null || !Set.of("ước tính", "chính thức").contains(type) || !yearText.matches("\\d{4}")
                        || Integer.parseInt(yearText) > fileYear) continue;
                double rank = (type.equals("chính thức") ? 10_000 : 0) + fileYear;
                String key = v(r, "Mã chỉ tiêu") + "|" + yearText;
                double[] b = best.get(key);
                if (b == null || rank > b[1]) best.put(key, new double[] {value, rank});
            }
        }
        Map<String, Double> out = new TreeMap<>();
        best.forEach((k, b) -> out.put(k, b[0]));
        return out;
    }
}
