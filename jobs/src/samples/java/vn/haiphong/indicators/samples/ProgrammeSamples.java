package vn.haiphong.indicators.samples;

import static vn.haiphong.indicators.samples.SampleGenerator.VN_DATE;
import static vn.haiphong.indicators.samples.SampleGenerator.thousands;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import vn.haiphong.indicators.reference.Communes;
import vn.haiphong.indicators.samples.SampleGenerator.CsvFile;
import vn.haiphong.indicators.samples.SampleGenerator.Style;
import vn.haiphong.indicators.samples.SampleGenerator.Variant;

/**
 * Synthetic extracts of the programme sources: school census and model-school assessments, social
 * housing projects and applications, tourism plastic inspections and weighings, and the annual city
 * indicators. Deterministic for a seed; {@code size} scales the number of schools, projects,
 * applications, businesses and sites (1 for {@code data-samples/}, about 30 for a city-scale night).
 */
final class ProgrammeSamples {
    static final String[] SCHOOL_HEADER = ContractHeaders.of("truong_hoc");
    static final String[] ASSESSMENT_HEADER = ContractHeaders.of("danh_gia_xhcn");
    static final String[] PROJECT_HEADER = ContractHeaders.of("noxh_du_an");
    static final String[] APPLICATION_HEADER = ContractHeaders.of("noxh_ho_so");
    static final String[] BUSINESS_HEADER = ContractHeaders.of("co_so_du_lich");
    static final String[] WASTE_HEADER = ContractHeaders.of("rac_nhua");
    static final String[] INDICATOR_HEADER = ContractHeaders.first("chi_tieu_kt_xh", 6);
    static final String[] INDICATOR_HEADER_WITH_COMMUNE = ContractHeaders.of("chi_tieu_kt_xh");

    /** Model-school units: two communes (xã) and one ward, three schools each (preschool, primary, lower secondary). */
    static final List<String> MODEL_UNITS = List.of("10606", "10615", "11411");
    static final String[] LEVELS = listed("truong_hoc", "school_level");
    static final String[] DIMENSIONS = listed("danh_gia_xhcn", "dimension");
    static final String[] DIMENSION_CODES = {"CSVC", "DNGV", "CTGD", "QTTH", "MTHD"};
    static final int CRITERIA_PER_DIMENSION = 6;
    static final String[] GROUPS = listed("noxh_ho_so", "priority_group");
    static final String[] FORMS = listed("noxh_ho_so", "tenure");
    static final String[] BUSINESS_TYPES = listed("co_so_du_lich", "business_type");

    /** A column's listed values, in the order of the contract ({@code schemas/extract_columns.csv}). */
    static String[] listed(String kind, String column) {
        return vn.haiphong.indicators.ingest.ExtractSpec.loadAll().get(kind).columns().stream()
                .filter(c -> c.column().equals(column)).findFirst().orElseThrow().enumValues().toArray(String[]::new);
    }
    /** Zone, its commune and whether its businesses are on the coast. */
    record Zone(String name, String commune, boolean coastal) { }
    static final List<Zone> ZONES = List.of(new Zone("Cát Bà", "11914", true), new Zone("Đồ Sơn", "11455", true),
            new Zone("Hòn Dấu", "11455", true), new Zone("Trung tâm thành phố", "11311", false), new Zone("Khác", "10525", false));

    private final long seed;
    private final int size;
    private final Communes communes = Communes.load();
    private final List<Path> written = new ArrayList<>();

    ProgrammeSamples(long seed, int size) {
        this.seed = seed;
        this.size = size;
    }

    private SplittableRandom random(long... parts) {
        long s = seed;
        for (long p : parts) s = s * 1_000_003L + p;
        return new SplittableRandom(s);
    }

    /** The pre-July-2025 code a file of that time uses for a commune. */
    private String codeAt(String commune, LocalDate asOf) {
        if (!asOf.isBefore(LocalDate.of(2025, 7, 1))) return commune;
        List<String> olds = communes.oldCodesOf(commune);
        return olds.isEmpty() ? commune : olds.get(0);
    }

    private CsvFile file(Path inbox, String folder, String name, Style style, String[] header) throws IOException {
        Path f = inbox.resolve(folder).resolve(name);
        written.add(f);
        return new CsvFile(f, style, header);
    }

    // ------------------------------------------------------------ schools

    record School(String code, String name, String level, String ownership, String commune, boolean model, int classrooms,
                  int pupils, int quality) { }

    List<School> schools(List<String> schoolCommunes) {
        List<School> out = new ArrayList<>();
        // About 12 schools a commune at city scale (the former provinces had 648 + 779 schools).
        int schoolSets = Math.max(1, size / 15);
        for (String commune : schoolCommunes) {
            int n = 0;
            for (int rep = 0; rep < schoolSets; rep++) {
                for (int l = 0; l < LEVELS.length; l++) {
                    int count = l < 3 ? 2 : 1;
                    for (int k = 0; k < count; k++) {
                        if (l == 4 && (rep > 0 || !commune.equals("11311"))) continue; // one private multi-level school
                        if (l == 3 && k > 0) continue;
                        SplittableRandom r = random(commune.hashCode(), n);
                        boolean model = rep == 0 && k == 0 && l < 3 && MODEL_UNITS.contains(commune);
                        String code = "TH" + commune + String.format("%03d", ++n);
                        String name = "Trường " + LEVELS[l] + " " + communes.name(commune).replaceFirst("^(Phường|Xã|Đặc khu) ", "")
                                + (n > 1 ? " số " + n : "");
                        int classrooms = 10 + r.nextInt(0, 30);
                        out.add(new School(code, name, LEVELS[l], l == 4 ? "Tư thục" : "Công lập", commune, model, classrooms,
                                classrooms * (25 + r.nextInt(0, 15)), r.nextInt(0, 100)));
                    }
                }
            }
        }
        return out;
    }

    void censuses(Path inbox, List<School> schools) throws IOException {
        census(inbox, "truong_hoc_2024-2025.csv", schools, 2024, new Style(true, true, Variant.PLAIN, false, null), List.of());
        census(inbox, "truong_hoc_2025-2026.csv", schools, 2025, new Style(false, false, Variant.NFD, false, null), List.<String[]>of(
                new String[] {"TH99999001", "Trường lỗi phòng học", "THCS", "Công lập", "11311", "1", "20", "25", "600", "30", "Không", ""},
                new String[] {"TH99999002", "Trường lỗi cấp học", "Đại học", "Công lập", "11311", "1", "20", "20", "600", "30", "Không", ""},
                new String[] {"TH99999003", "Trường lỗi chuẩn", "THPT", "Công lập", "11411", "3", "20", "20", "600", "30", "Không", ""},
                new String[] {"TH99999004", "Trường lỗi xã", "Tiểu học", "Công lập", "12345", "0", "20", "20", "600", "30", "Không", ""}));
        census(inbox, "truong_hoc_2026-2027.csv", schools, 2026, new Style(false, true, Variant.UPPER_SPACED, true, "Ghi chú"),
                List.<String[]>of(new String[] {"TH99999005", "Trường lỗi học sinh", "Mầm non", "Công lập", "10525", "0", "12", "12",
                    "-40", "10", "Không", ""}));
    }

    private void census(Path inbox, String name, List<School> schools, int startYear, Style style, List<String[]> bad)
            throws IOException {
        LocalDate asOf = LocalDate.of(startYear, 10, 1);
        int progress = startYear - 2024; // 0, 1, 2: facilities improve, model schools fastest
        try (CsvFile out = file(inbox, "truong_hoc", name, style, SCHOOL_HEADER)) {
            int i = 0;
            for (School s : schools) {
                double solidShare = Math.min(1.0, (s.model() ? 0.80 : 0.70) + s.quality() / 400.0 + progress * (s.model() ? 0.08 : 0.03));
                int solid = (int) Math.floor(s.classrooms() * solidShare);
                int standard = s.quality() + progress * 8 > 30 ? (s.quality() + progress * 8 > 75 || s.model() && progress > 0 ? 2 : 1) : 0;
                String projects = s.model() && progress > 0 ? String.valueOf(Math.round(s.pupils() * (progress == 1 ? 0.42 : 0.78)))
                        : s.quality() % 4 == 0 && progress > 0 ? String.valueOf(Math.round(s.pupils() * 0.2)) : "";
                out.row(new String[] {s.code(), s.name(), s.level(), s.ownership(), codeAt(s.commune(), asOf), String.valueOf(standard),
                    String.valueOf(s.classrooms()), String.valueOf(solid), thousands(s.pupils() + progress * 12),
                    String.valueOf(s.classrooms() + 4), s.model() ? "Có" : "Không", projects});
                if (i++ == schools.size() / 2) for (String[] b : bad) out.rawRow(b);
            }
        }
    }

    /** Criteria met at each assessment: around 65% at selection in May 2026, more by November. */
    void assessments(Path inbox, List<School> schools) throws IOException {
        List<School> model = schools.stream().filter(School::model).toList();
        assessment(inbox, "danh_gia_xhcn_2026-05-20.csv", LocalDate.of(2026, 5, 20), model, 0,
                new Style(false, false, Variant.PLAIN, false, null));
        assessment(inbox, "danh_gia_xhcn_2026-11-10.csv", LocalDate.of(2026, 11, 10), model, 1,
                new Style(true, false, Variant.NFD, false, null));
    }

    private void assessment(Path inbox, String name, LocalDate date, List<School> model, int round, Style style) throws IOException {
        try (CsvFile out = file(inbox, "truong_hoc", name, style, ASSESSMENT_HEADER)) {
            for (int s = 0; s < model.size(); s++) {
                int criteria = DIMENSIONS.length * CRITERIA_PER_DIMENSION;
                // School s meets its first `met` criteria in a school-specific order: 17..23 of 30 at selection.
                int met = 17 + (s * 5) % 7 + round * 4;
                for (int d = 0; d < DIMENSIONS.length; d++) {
                    for (int c = 0; c < CRITERIA_PER_DIMENSION; c++) {
                        int index = d * CRITERIA_PER_DIMENSION + c;
                        boolean ok = (index * 7 + s * 3) % criteria < met;
                        out.row(new String[] {model.get(s).code(), date.format(VN_DATE), DIMENSIONS[d],
                            DIMENSION_CODES[d] + "-" + String.format("%02d", c + 1), ok ? "Đạt" : "Không đạt",
                            ok ? "" : "Cần bổ sung minh chứng, kế hoạch khắc phục"});
                    }
                }
            }
            String first = model.get(0).code();
            out.rawRow(new String[] {"TH00000999", date.format(VN_DATE), DIMENSIONS[0], "CSVC-01", "Đạt", "trường không có trong điều tra"});
            out.rawRow(new String[] {first, date.format(VN_DATE), "Cơ sở hạ tầng", "CSVC-07", "Đạt", ""});
            out.rawRow(new String[] {first, date.format(VN_DATE), DIMENSIONS[1], "DNGV-07", "Đạt yêu cầu", ""});
            out.rawRow(new String[] {first, date.minusDays(1).format(VN_DATE), DIMENSIONS[2], "CTGD-07", "Đạt", "ngày khác"});
        }
    }

    // ------------------------------------------------------------ social housing

    /** A project: cumulative completed units at the end of each reported month (absent: not yet reported). */
    record Project(String code, String name, String commune, String developer, int planned, LocalDate start,
                   LocalDate completion, boolean infrastructure, int[] completedAt) { }

    static final YearMonth[] PROJECT_MONTHS = {YearMonth.of(2024, 12), YearMonth.of(2025, 12), YearMonth.of(2026, 6), YearMonth.of(2026, 10)};

    List<Project> projects() {
        List<Project> out = new ArrayList<>();
        for (int rep = 0; rep < size; rep++) {
            String sfx = rep == 0 ? "" : "-" + rep;
            out.add(new Project("NOXH-HB-01" + sfx, "Nhà ở xã hội Đồng Quốc Bình HH" + (rep + 1), "11311", "Công ty CP Xây dựng số 1",
                    1200, LocalDate.of(2019, 3, 1), LocalDate.of(2023, 8, 30), true, new int[] {1200, 1200, 1200, 1200}));
            out.add(new Project("NOXH-DH-01" + sfx, "Khu nhà ở xã hội Đông Hải", "11411", "Tổng công ty Đầu tư Hải Phòng",
                    900, LocalDate.of(2022, 5, 10), LocalDate.of(2026, 9, 30), true, new int[] {300, 600, 750, 900}));
            out.add(new Project("NOXH-HD-01" + sfx, "Nhà ở xã hội Hải Dương, lô A", "10525", "Công ty TNHH Phát triển Đô thị Xứ Đông",
                    1500, LocalDate.of(2023, 9, 1), null, true, new int[] {0, 400, 700, 800}));
            out.add(new Project("NOXH-CH-01" + sfx, "Nhà ở công nhân Cát Hải", "11914", "Công ty CP Cảng Cát Hải",
                    500, LocalDate.of(2025, 3, 15), null, false, new int[] {-1, 0, 100, 200}));
            out.add(new Project("NOXH-HD-02" + sfx, "Nhà ở xã hội Hải Dương, lô B", "10525", "Công ty TNHH Phát triển Đô thị Xứ Đông",
                    700, LocalDate.of(2024, 6, 1), null, true, new int[] {0, 200, 350, 420}));
            out.add(new Project("NOXH-HB-02" + sfx, "Nhà ở xã hội Hồng Bàng, \"khu B\"", "11311", "Công ty CP Nhà ở, Xã hội",
                    1000, LocalDate.of(2026, 2, 1), null, false, new int[] {-1, -1, 0, 0}));
            out.add(new Project("NOXH-DH-02" + sfx, "Khu nhà ở xã hội Đông Hải 2", "11411", "Tổng công ty Đầu tư Hải Phòng",
                    800, LocalDate.of(2026, 4, 15), null, true, new int[] {-1, -1, 0, 0}));
            out.add(new Project("NOXH-NS-01" + sfx, "Khu nhà ở xã hội thí điểm Nam Sách", "10606", "Công ty CP Đầu tư Nam Sách",
                    500, LocalDate.of(2026, 7, 1), null, true, new int[] {-1, -1, -1, 0}));
        }
        return out;
    }

    void projectFiles(Path inbox, List<Project> projects) throws IOException {
        Style[] styles = {new Style(false, false, Variant.PLAIN, false, null), new Style(true, true, Variant.NFD, false, null),
            new Style(false, false, Variant.UPPER_SPACED, true, "Ghi chú"), new Style(false, false, Variant.PLAIN, false, null)};
        for (int m = 0; m < PROJECT_MONTHS.length; m++) {
            YearMonth month = PROJECT_MONTHS[m];
            boolean last = m == PROJECT_MONTHS.length - 1;
            // The first October file has a typing error (8.000 units completed); the _v2 correction fixes it.
            projectFile(inbox, "noxh_du_an_" + month + ".csv", projects, m, styles[m], last ? "NOXH-HD-01" : null,
                    m == 2 ? BAD_PROJECTS : List.of());
            if (last) projectFile(inbox, "noxh_du_an_" + month + "_v2.csv", projects, m, styles[0], null, List.of());
        }
    }

    static final List<String[]> BAD_PROJECTS = List.<String[]>of(
            new String[] {"NOXH-X-01", "Dự án lỗi ngày", "11311", "Công ty A", "100", "0", "100", "0", "0", "01/05/2026", "01/04/2026", "Có", "Không", "Không"},
            new String[] {"NOXH-X-02", "Dự án lỗi hạ tầng", "11411", "Công ty B", "100", "0", "100", "0", "0", "01/05/2026", "", "Rồi", "Không", "Không"},
            new String[] {"NOXH-X-03", "Dự án khởi công sau kỳ", "10525", "Công ty C", "100", "0", "100", "0", "0", "01/08/2026", "", "Có", "Không", "Không"});

    private void projectFile(Path inbox, String name, List<Project> projects, int m, Style style, String typo, List<String[]> bad)
            throws IOException {
        YearMonth month = PROJECT_MONTHS[m];
        try (CsvFile out = file(inbox, "nha_o_xa_hoi", name, style, PROJECT_HEADER)) {
            for (Project p : projects) {
                int completed = p.completedAt()[m];
                if (completed < 0) continue;
                int sale = (int) Math.round(p.planned() * 0.7);
                int rent = (int) Math.round(p.planned() * (p.code().startsWith("NOXH-CH") ? 0.3 : 0.2));
                int rentToOwn = p.planned() - sale - rent;
                boolean done = p.completion() != null && !p.completion().isAfter(month.atEndOfMonth());
                String shown = p.code().equals(typo) ? thousands(completed * 10L) : thousands(completed);
                out.row(new String[] {p.code(), p.name(), codeAt(p.commune(), month.atEndOfMonth()), p.developer(),
                    thousands(p.planned()), shown, thousands(sale), thousands(rent), thousands(rentToOwn),
                    p.start().format(VN_DATE), done ? p.completion().format(VN_DATE) : "", p.infrastructure() ? "Có" : "Không",
                    p.code().startsWith("NOXH-NS") ? "Có" : "Không", p.start().getYear() >= 2026 ? "Có" : "Không"});
            }
            for (String[] b : bad) out.rawRow(b);
        }
    }

    // ------------------------------------------------------------ applications

    static final YearMonth[] APPLICATION_MONTHS = {YearMonth.of(2026, 8), YearMonth.of(2026, 9), YearMonth.of(2026, 10)};

    /** Each application is listed in the month it was submitted and again in the month it was decided. */
    void applicationFiles(Path inbox, List<Project> projects) throws IOException {
        record Application(String number, String citizenId, String project, String group, String form, LocalDate submitted,
                           LocalDate decided, boolean approved) { }
        List<Application> apps = new ArrayList<>();
        int n = 0;
        for (YearMonth month : APPLICATION_MONTHS) {
            int perMonth = size == 1 ? 24 : 100 * size; // the samples: two dozen; the city: a few thousand a month
            for (int i = 0; i < perMonth; i++) {
                SplittableRandom r = random(7, month.getMonthValue(), i);
                LocalDate submitted = month.atDay(1 + r.nextInt(0, month.lengthOfMonth()));
                LocalDate decided = r.nextDouble() < 0.8 ? submitted.plusDays(10 + r.nextInt(0, 50)) : null;
                apps.add(new Application(String.format("HS-%d-%05d", month.getYear(), ++n),
                        String.format("0312%08d", r.nextInt(0, 100_000_000)),
                        projects.get(1 + r.nextInt(0, projects.size() - 1)).code(), GROUPS[r.nextInt(0, GROUPS.length)],
                        FORMS[r.nextInt(0, FORMS.length)], submitted, decided, r.nextDouble() < 0.72));
            }
        }
        Style[] styles = {new Style(false, true, Variant.PLAIN, false, null), new Style(true, false, Variant.NFD, false, null),
            new Style(false, false, Variant.PLAIN, true, null)};
        for (int m = 0; m < APPLICATION_MONTHS.length; m++) {
            YearMonth month = APPLICATION_MONTHS[m];
            LocalDate end = month.atEndOfMonth();
            try (CsvFile out = file(inbox, "nha_o_xa_hoi", "noxh_ho_so_" + month + ".csv", styles[m], APPLICATION_HEADER)) {
                for (Application a : apps) {
                    boolean submittedNow = YearMonth.from(a.submitted()).equals(month);
                    boolean decidedNow = a.decided() != null && YearMonth.from(a.decided()).equals(month);
                    if (!submittedNow && !decidedNow) continue;
                    boolean known = a.decided() != null && !a.decided().isAfter(end);
                    out.row(new String[] {a.number(), a.citizenId(), a.project(), a.group(), a.form(), a.submitted().format(VN_DATE),
                        known ? a.decided().format(VN_DATE) : "", known ? (a.approved() ? "Đã duyệt" : "Từ chối") : "Đang xử lý"});
                }
                if (m == 1) {
                    String d = month.atDay(5).format(VN_DATE);
                    out.rawRow(new String[] {"HS-X-1", "0312345678", "NOXH-DH-01", GROUPS[0], "Mua", d, "", "Đang xử lý"});
                    out.rawRow(new String[] {"HS-X-2", "031200000002", "NOXH-DH-01", "Sinh viên", "Thuê", d, "", "Đang xử lý"});
                    out.rawRow(new String[] {"HS-X-3", "031200000003", "NOXH-DH-01", GROUPS[1], "Mua", d, month.atDay(2).format(VN_DATE), "Từ chối"});
                    out.rawRow(new String[] {"HS-X-4", "031200000004", "NOXH-DH-01", GROUPS[2], "Thuê mua", d, "", "Đã duyệt"});
                    out.rawRow(new String[] {"HS-X-5", "031200000005", "NOXH-DH-01", GROUPS[3], "Mua", d, month.atDay(20).format(VN_DATE), "Đang xử lý"});
                }
            }
        }
    }

    // ------------------------------------------------------------ tourism plastics

    static final YearMonth[] INSPECTION_MONTHS = {YearMonth.of(2025, 6), YearMonth.of(2025, 12), YearMonth.of(2026, 6), YearMonth.of(2026, 10)};

    void inspectionFiles(Path inbox) throws IOException {
        int perZone = 8 * size;
        Style[] styles = {new Style(false, false, Variant.PLAIN, false, null), new Style(true, true, Variant.PLAIN, false, null),
            new Style(false, false, Variant.NFD, false, null), new Style(false, false, Variant.UPPER_SPACED, true, "Ghi chú")};
        for (int m = 0; m < INSPECTION_MONTHS.length; m++) {
            YearMonth month = INSPECTION_MONTHS[m];
            try (CsvFile out = file(inbox, "nhua_du_lich", "co_so_du_lich_" + month + ".csv", styles[m], BUSINESS_HEADER)) {
                for (Zone z : ZONES) {
                    for (int b = 0; b < perZone; b++) {
                        SplittableRandom r = random(11, z.name().hashCode(), b, m);
                        if (m > 0 && r.nextDouble() < 0.35) continue; // not inspected this month: the last inspection stands
                        double freeShare = (z.coastal() ? 0.30 : 0.15) + m * (z.coastal() ? 0.14 : 0.08);
                        boolean free = ((b * 37 + m * 11) % 100) / 100.0 < freeShare;
                        String code = "DL-" + z.commune() + "-" + String.format("%03d", ZONES.indexOf(z) * 100 + b);
                        out.row(new String[] {code, BUSINESS_TYPES[b % BUSINESS_TYPES.length] + " " + z.name() + " " + (b + 1),
                            BUSINESS_TYPES[b % BUSINESS_TYPES.length], codeAt(z.commune(), month.atEndOfMonth()), z.name(),
                            z.coastal() ? "Có" : "Không", month.atDay(1 + r.nextInt(0, 27)).format(VN_DATE), free ? "Đạt" : "Không đạt",
                            free || r.nextBoolean() ? "Có" : "Không"});
                    }
                }
                if (m == 2) {
                    String d = month.atDay(12).format(VN_DATE);
                    out.rawRow(new String[] {"DL-X-1", "Nhà hàng lỗi khu vực", "Nhà hàng", "11914", "Cát Hải", "Có", d, "Đạt", "Có"});
                    out.rawRow(new String[] {"DL-X-2", "Quán lỗi ven biển", "Quán cà phê", "11455", "Đồ Sơn", "Có thể", d, "Đạt", "Có"});
                    out.rawRow(new String[] {"DL-X-3", "Khách sạn lỗi ngày", "Cơ sở lưu trú", "11455", "Đồ Sơn", "Có",
                        month.plusMonths(1).atDay(2).format(VN_DATE), "Đạt", "Có"});
                }
            }
        }
    }

    static final YearMonth[] WEIGHING_MONTHS = {YearMonth.of(2025, 6), YearMonth.of(2025, 7), YearMonth.of(2025, 8),
        YearMonth.of(2025, 10), YearMonth.of(2026, 6), YearMonth.of(2026, 7), YearMonth.of(2026, 8), YearMonth.of(2026, 10)};

    /** Weekly weighings at pilot sites: about 18 kg (Cát Bà) and 15 kg (Đồ Sơn) of plastic per 1,000 visitors in 2025, less in 2026. */
    void weighingFiles(Path inbox) throws IOException {
        for (int m = 0; m < WEIGHING_MONTHS.length; m++) {
            YearMonth month = WEIGHING_MONTHS[m];
            Style style = new Style(m % 2 == 1, m % 3 == 0, m % 4 == 2 ? Variant.NFD : Variant.PLAIN, false, null);
            try (CsvFile out = file(inbox, "nhua_du_lich", "rac_nhua_" + month + ".csv", style, WASTE_HEADER)) {
                for (Zone z : ZONES.subList(0, 2)) {
                    for (int s = 0; s < (z.name().equals("Cát Bà") ? 4 : 3) * size; s++) {
                        for (int day : new int[] {3, 10, 17, 24}) {
                            SplittableRandom r = random(13, z.name().hashCode(), s, m, day);
                            long visitors = 800 + r.nextInt(0, 2200);
                            double perThousand = (z.name().equals("Cát Bà") ? 18.0 : 15.0)
                                    * (month.getYear() == 2025 ? 1.0 : 0.48 + (month.getMonthValue() == 10 ? -0.04 : 0.06))
                                    * (0.9 + r.nextDouble() * 0.2);
                            double plastic = Math.round(visitors * perThousand / 10.0) / 100.0;
                            double total = Math.round(plastic / (0.12 + r.nextDouble() * 0.08) * 100.0) / 100.0;
                            out.row(new String[] {"CAN-" + z.commune() + "-" + (s + 1), "Điểm cân " + z.name() + " " + (s + 1), z.name(),
                                codeAt(z.commune(), month.atEndOfMonth()), month.atDay(day).format(VN_DATE), decimal(plastic),
                                decimal(total), thousands(visitors)});
                        }
                    }
                }
                if (m == WEIGHING_MONTHS.length - 1) {
                    String d = month.atDay(15).format(VN_DATE);
                    out.rawRow(new String[] {"CAN-X-1", "Điểm lỗi nhựa", "Cát Bà", "11914", d, "50,5", "40,0", "1.000"});
                    out.rawRow(new String[] {"CAN-X-2", "Điểm lỗi ngày", "Đồ Sơn", "11455", month.minusMonths(1).atDay(15).format(VN_DATE), "5,0", "40,0", "1.000"});
                    out.rawRow(new String[] {"CAN-X-3", "Điểm lỗi khách", "Đồ Sơn", "11455", d, "5,0", "40,0", "-20"});
                }
            }
        }
    }

    static String decimal(double v) {
        return String.format(Locale.GERMANY, "%.2f", v); // ',' as the decimal mark
    }

    // ------------------------------------------------------------ annual city indicators

    /**
     * Code, name, unit, and values from 2020 (2020..2026 for the merged city; 2020..2025 for the former
     * Hai Phong series, which end with the merger and carry the calibration table's 2025 actuals,
     * NOTES section 5.7).
     */
    record Indicator(String code, String name, String unit, double[] values) { }

    static final List<Indicator> INDICATORS = List.of(
            // The merged city (synthetic; 2021-2025 GRDP growth averaging 11.39% as section 5.7 gives for former HP).
            new Indicator("grdp_growth_pct", "Tốc độ tăng trưởng GRDP", "%", new double[] {11.22, 12.38, 12.32, 10.33, 11.01, 10.91, 12.1}),
            // 2025: former HP 9,486 and HD 4,913 USD weighted by population (about 7,324 USD, derived)
            new Indicator("grdp_per_capita_usd", "GRDP bình quân đầu người", "USD", new double[] {5400, 5750, 6250, 6600, 7000, 7324, 7900}),
            new Indicator("exports_usd_bn", "Kim ngạch xuất khẩu", "tỷ USD", new double[] {32.6, 37.6, 39.1, 41.6, 45.0, 48.1, 53.5}),
            new Indicator("port_cargo_mt", "Sản lượng hàng hóa qua cảng", "triệu tấn", new double[] {156, 173, 178, 189, 204, 216, 229}),
            new Indicator("tourist_arrivals_mn", "Tổng lượt khách du lịch", "triệu lượt", new double[] {7.4, 5.3, 10.4, 12.4, 13.1, 13.8, 15.6}),
            new Indicator("tfp_contribution_pct", "Đóng góp của TFP vào tăng trưởng", "%", new double[] {39.5, 40.4, 41.4, 42.1, 42.9, 43.6, 45.0}),
            // 2024: 27.19% (former HP, section 5.7)
            new Indicator("digital_economy_share_grdp_pct", "Tỷ trọng kinh tế số trong GRDP", "%",
                    new double[] {18.5, 20.4, 22.9, 25.1, 27.19, 29.0, 30.4}),
            new Indicator("budget_revenue_total_bn", "Tổng thu ngân sách nhà nước trên địa bàn", "tỷ đồng",
                    new double[] {110000, 118000, 125000, 121000, 134000, 143000, 160000}),
            // The Statistics office's own code, with no criterion: kept in the mart, not scored.
            new Indicator("tk_dan_so_trung_binh", "Dân số trung bình", "nghìn người", new double[] {3990, 4010, 4032, 4051, 4070, 4088, 4105}),
            // Former Hai Phong, 2021-2025 plan: 2025 = section 5.7's actuals (exports 37 vs 35 planned: exceeded; port
            // cargo 212 vs 300, tourists 10 vs 20 M, GRDP per capita 9,486 vs 11,800 USD: missed; TFP 48 vs 47: exceeded;
            // urban unemployment under 3.5%: achieved).
            new Indicator("hp_grdp_per_capita_usd", "GRDP bình quân đầu người (Hải Phòng cũ)", "USD", new double[] {6500, 7100, 7800, 8400, 9000, 9486}),
            new Indicator("hp_exports_usd_bn", "Kim ngạch xuất khẩu (Hải Phòng cũ)", "tỷ USD", new double[] {25.1, 28.9, 30.1, 32.0, 34.6, 37.0}),
            new Indicator("hp_port_cargo_mt", "Sản lượng hàng hóa qua cảng (Hải Phòng cũ)", "triệu tấn", new double[] {153, 170, 175, 185, 200, 212}),
            new Indicator("hp_tourist_arrivals_mn", "Tổng lượt khách du lịch (Hải Phòng cũ)", "triệu lượt", new double[] {5.4, 3.9, 7.6, 9.0, 9.5, 10.0}),
            new Indicator("hp_tfp_pct", "Đóng góp của TFP vào tăng trưởng (Hải Phòng cũ)", "%", new double[] {44.0, 45.0, 46.0, 46.5, 47.2, 48.0}),
            new Indicator("hp_urban_unemployment_pct", "Tỷ lệ thất nghiệp khu vực thành thị (Hải Phòng cũ)", "%",
                    new double[] {3.6, 3.8, 3.4, 3.3, 3.2, 3.1}));

    /**
     * One file a year, 2021-2026: the year's estimate and the previous year's final value (a little
     * different). The 2024 file is corrected by a _v2 (the 2023 final budget revenue).
     */
    void indicatorFiles(Path inbox) throws IOException {
        for (int year = 2021; year <= 2026; year++) {
            Style style = new Style(year % 2 == 0, year % 3 == 0, year == 2025 ? Variant.NFD : Variant.PLAIN, year == 2023, null);
            indicatorFile(inbox, "chi_tieu_kt_xh_" + year + ".csv", year, style, 0);
            if (year == 2024) indicatorFile(inbox, "chi_tieu_kt_xh_2024_v2.csv", year, style, 2500);
        }
    }

    private void indicatorFile(Path inbox, String name, int year, Style style, double correction) throws IOException {
        // From 2026 the office's files have the commune column (the contract's optional Mã xã).
        String[] header = year >= 2026 ? INDICATOR_HEADER_WITH_COMMUNE : INDICATOR_HEADER;
        try (CsvFile out = file(inbox, "chi_tieu", name, style, header)) {
            for (Indicator ind : INDICATORS) {
                if (year - 1 - 2020 < ind.values().length) {
                    double fin = ind.values()[year - 1 - 2020] * finalFactor(ind.code(), year - 1);
                    if (ind.code().equals("budget_revenue_total_bn")) fin += correction;
                    out.row(cityRow(header, ind.code(), ind.name(), ind.unit(), year - 1, number(fin), "Chính thức"));
                }
                if (year - 2020 < ind.values().length) {
                    out.row(cityRow(header, ind.code(), ind.name(), ind.unit(), year, number(ind.values()[year - 2020]), "Ước tính"));
                }
            }
            if (year == 2026) {
                out.rawRow(new String[] {"grdp_growth_pct", "Tốc độ tăng trưởng GRDP", "%", "2026", "khoảng 12", "Ước tính", ""});
                out.rawRow(new String[] {"exports_usd_bn", "Kim ngạch xuất khẩu", "tỷ USD", "2026", "41,5", "Dự kiến", ""});
                out.rawRow(new String[] {"port_cargo_mt", "Sản lượng hàng hóa qua cảng", "triệu tấn", "2027", "240", "Ước tính", ""});
                for (String[] row : CatalogIndicators.rows(communes.currentCodes())) out.row(row);
            }
        }
    }

    /** A city-wide row: the commune column, where the file has one, left empty. */
    private static String[] cityRow(String[] header, String code, String name, String unit, int year, String value, String type) {
        return header.length == INDICATOR_HEADER.length ? new String[] {code, name, unit, String.valueOf(year), value, type}
                : new String[] {code, name, unit, String.valueOf(year), value, type, ""};
    }

    /**
     * Final values differ from the estimate by up to about 1%, deterministically; the former Hai Phong
     * series are published final as estimated (the calibration table's figures stand).
     */
    static double finalFactor(String code, int year) {
        if (code.startsWith("hp_")) return 1.0;
        return 1.0 + (((code.hashCode() ^ year) & 0xff) - 128) / 12_800.0;
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return thousands((long) v);
        String s = String.format(Locale.GERMANY, "%,.2f", v);
        return s.replaceAll(",?0+$", "").replaceAll(",$", "");
    }

    // ------------------------------------------------------------ commune assessments

    static final String[] COMMUNE_ASSESSMENT_HEADER = ContractHeaders.of("danh_gia_mo_hinh_xa");

    /** The 25 criteria of the "happy commune/ward" (000:L1622-1647: the 17 of the civilized city and 8 more). */
    static final String[] HAPPY_CRITERIA = {"An ninh, trật tự, an toàn xã hội", "Chăm sóc sức khỏe", "Giáo dục và tri thức",
            "Chỉ số đổi mới sáng tạo", "Chỉ số hạnh phúc", "Thu nhập", "Cơ hội phát triển", "Hòa nhập và cởi mở",
            "Hạ tầng, kiến trúc, cảnh quan", "Văn hóa, ứng xử nơi công cộng", "Hỗ trợ xã hội", "Môi trường", "Công bằng xã hội",
            "Giảm nghèo bền vững", "Năng lực cạnh tranh", "Hiệu quả quản trị và hành chính công",
            "Mức độ hài lòng của người dân với cuộc sống", "Địa bàn không ma túy", "Đô thị văn minh hoặc nông thôn mới kiểu mẫu",
            "Dân chủ ở cơ sở", "Xã, phường phù hợp với trẻ em", "Gia đình văn hóa, thôn, tổ dân phố văn hóa", "Cộng đồng học tập",
            "Khu dân cư đoàn kết, hạnh phúc", "Sáng kiến cộng đồng"};

    /** The commune whose 2025 overall happy-commune score is a point below the sum of its criteria. */
    static final String TONG_DIFFERS = "10507";

    /** Model, criterion-code prefix, criteria, maximum per criterion, share of the total the (synthetic) rule passes. */
    record AssessedModel(String model, String prefix, int criteria, double max, double passShare) { }

    static final List<AssessedModel> ASSESSED = List.of(
            new AssessedModel("xa_phuong_hanh_phuc", "XPHP", 25, 4, 0.75),
            new AssessedModel("chinh_quyen_than_thien", "CQTT", 10, 10, 0.80),
            new AssessedModel("tiep_can_phap_luat", "TCPL", 5, 20, 0.80),
            new AssessedModel("nong_thon_moi_nang_cao", "NTMNC", 5, 20, 0.80),
            new AssessedModel("nong_thon_moi_kieu_mau", "NTMKM", 5, 20, 0.85),
            new AssessedModel("do_thi_van_minh", "DTVM", 5, 20, 0.80));

    /**
     * One file a year, 2024 (before the merger: old codes, each commune under the first of its old codes) and 2025;
     * new-rural models for xã and special zones, civilized-urban for phường. Each commune has a steady quality, a
     * little better in 2025, so ranks move a little. The 2025 file has four bad rows; in it a quarter of the units are
     * not yet assessed for "Friendly government" (a share of units is over all of them), and one commune's overall
     * happy-commune score ({@link #TONG_DIFFERS}) is a point off the sum of its criteria (shown beside the index, flagged).
     */
    void assessmentFiles(Path inbox) throws IOException {
        for (int year = 2024; year <= 2025; year++) {
            Style style = new Style(year == 2025, year == 2024, year == 2025 ? Variant.NFD : Variant.PLAIN, false, null);
            try (CsvFile out = file(inbox, "danh_gia_xa", "danh_gia_mo_hinh_xa_" + year + ".csv", style, COMMUNE_ASSESSMENT_HEADER)) {
                for (String commune : communes.currentCodes().stream().sorted().toList()) {
                    String code = codeAt(commune, LocalDate.of(year, 12, 31));
                    boolean ward = communes.name(commune).startsWith("Phường");
                    double quality = 0.55 + 0.40 * random(commune.hashCode(), 7).nextDouble() + 0.03 * (year - 2024);
                    for (AssessedModel m : ASSESSED) {
                        if ((m.model().startsWith("nong_thon_moi") && ward) || (m.model().equals("do_thi_van_minh") && !ward)) continue;
                        if (m.model().equals("nong_thon_moi_kieu_mau") && quality < 0.75) continue; // only the advanced communes apply
                        if (year == 2025 && m.model().equals("chinh_quyen_than_thien") && random(commune.hashCode(), 11).nextDouble() < 0.25) continue;
                        SplittableRandom r = random(commune.hashCode(), year, m.model().hashCode());
                        double total = 0;
                        for (int c = 1; c <= m.criteria(); c++) {
                            double score = Math.max(0, Math.min(m.max(), Math.rint(2 * m.max() * (quality + 0.3 * (r.nextDouble() - 0.5))) / 2));
                            total += score;
                            String name = m.prefix().equals("XPHP") ? HAPPY_CRITERIA[c - 1] : "Tiêu chí " + c;
                            out.row(new String[] {code, String.valueOf(year), m.model(), String.format("%s-%02d", m.prefix(), c), name,
                                    number(score), number(m.max()), score >= m.max() / 2 ? "Đạt" : "Không đạt", "Sở Nội vụ"});
                        }
                        double max = m.max() * m.criteria();
                        if (year == 2025 && m.prefix().equals("XPHP") && commune.equals(TONG_DIFFERS)) total -= 1;
                        out.row(new String[] {code, String.valueOf(year), m.model(), "TONG", "Kết quả chung", number(total), number(max),
                                total >= m.passShare() * max ? "Đạt" : "Không đạt", "Hội đồng đánh giá thành phố"});
                    }
                }
                if (year == 2025) {
                    out.rawRow(new String[] {"11311", "2025", "xa_phuong_hanh_phuc", "XPHP-99", "Điểm vượt tối đa", "5", "4", "Đạt", "Sở Nội vụ"});
                    out.rawRow(new String[] {"11311", "2025", "mo_hinh_khac", "MHK-01", "Mô hình không có trong danh mục", "3", "4", "Đạt", ""});
                    out.rawRow(new String[] {"11311", "2024", "tiep_can_phap_luat", "TCPL-09", "Năm khác năm của tệp", "3", "4", "Đạt", ""});
                    out.rawRow(new String[] {"99999", "2025", "tiep_can_phap_luat", "TCPL-01", "Mã xã không tồn tại", "3", "4", "Đạt", ""});
                }
            }
        }
    }

    /** Writes every programme file of the samples (or, with a larger size, of a city-scale night). */
    List<Path> writeAll(Path inbox, List<String> schoolCommunes) throws IOException {
        List<School> schools = schools(schoolCommunes);
        censuses(inbox, schools);
        assessments(inbox, schools);
        List<Project> projects = projects();
        projectFiles(inbox, projects);
        applicationFiles(inbox, projects);
        inspectionFiles(inbox);
        weighingFiles(inbox);
        indicatorFiles(inbox);
        assessmentFiles(inbox);
        return written;
    }
}
